/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "sb-frame-private.h"

#define INDENT        28.0
#define NUMBER_WIDTH  36.0   /* the index's page number column */

/* 申报单位相关证明材料: a divider with the index, then every attachment. */

static double
index_line (SbFrame            *frame,
            SbPacketAttachment *attachment,
            gboolean            link)
{
  g_autofree char *text = g_strdup_printf ("%s　%s", attachment->number, attachment->title);
  g_autofree char *number = g_strdup_printf ("%u", attachment->first_page + 1);
  double x = sb_frame_left (frame) + INDENT;
  double width = SB_TEXT_WIDTH - INDENT - NUMBER_WIDTH - 16;
  g_autoptr(PangoLayout) layout = sb_frame_layout (frame, SB_STYLE_INDEX, text, width,
                                                   attachment->title);
  g_autoptr(PangoLayout) number_layout = sb_frame_layout (frame, SB_STYLE_INDEX, number, -1,
                                                          NULL);
  g_autoptr(GArray) lines = sb_frame_layout_lines (layout);
  SbLine *last = &g_array_index (lines, SbLine, lines->len - 1);
  double height = sb_frame_layout_height (layout);
  double right = sb_frame_left (frame) + SB_TEXT_WIDTH;
  double base, end;
  PangoRectangle logical;

  sb_frame_ensure_space (frame, height);
  x = sb_frame_left (frame) + INDENT;
  right = sb_frame_left (frame) + SB_TEXT_WIDTH;
  sb_frame_draw_layout (frame, layout, x, frame->y);
  base = frame->y + last->baseline;
  pango_layout_line_get_extents (last->line, NULL, &logical);
  end = x + last->x + pango_units_to_double (logical.width);

  sb_frame_draw_layout (frame, number_layout, right - sb_frame_layout_width (number_layout),
                        frame->y + last->top);
  if (!frame->measuring)
    {
      /* A dotted leader from the title to its page number. */
      double dash[] = { 0, 4 };
      cairo_save (frame->cr);
      cairo_set_line_width (frame->cr, 1.2);
      cairo_set_line_cap (frame->cr, CAIRO_LINE_CAP_ROUND);
      cairo_set_dash (frame->cr, dash, 2, 0);
      cairo_move_to (frame->cr, end + 6, base - 3);
      cairo_line_to (frame->cr, right - sb_frame_layout_width (number_layout) - 6, base - 3);
      cairo_stroke (frame->cr);
      cairo_restore (frame->cr);
    }
  if (link && !frame->measuring)
    sb_pdf_assembler_add_link (frame->request->assembler, frame->page,
                               x, SB_PAGE_HEIGHT - (frame->y + height),
                               right, SB_PAGE_HEIGHT - frame->y,
                               attachment->first_page);
  frame->y += height;
  return height;
}

static void
category_heading (SbFrame    *frame,
                  const char *title,
                  const char *hint)
{
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  PangoAttrList *attrs = pango_attr_list_new ();
  double line = sb_frame_line_height (frame, SB_STYLE_INDEX);

  /* "1. 标题。" in 黑体, its explanation "（…）" after it in 楷体. */
  text = hint != NULL ? g_strdup_printf ("%s（%s）", title, hint) : g_strdup (title);
  if (hint != NULL)
    {
      PangoAttribute *family = pango_attr_family_new ("AR PL UKai CN");
      PangoAttribute *weight = pango_attr_weight_new (PANGO_WEIGHT_NORMAL);

      family->start_index = weight->start_index = strlen (title);
      pango_attr_list_insert (attrs, family);
      pango_attr_list_insert (attrs, weight);
    }
  pango_attr_list_insert_before (attrs, pango_attr_size_new (14 * PANGO_SCALE));
  layout = sb_frame_layout (frame, SB_STYLE_HEADING, text, SB_TEXT_WIDTH, NULL);
  sb_frame_set_attributes (frame, layout, attrs, title);
  pango_attr_list_unref (attrs);

  if (frame->y > SB_MARGIN_TOP + 60)
    frame->y += line / 2;
  sb_frame_ensure_space (frame, sb_frame_layout_height (layout) + line);
  sb_frame_draw_layout (frame, layout, sb_frame_left (frame), frame->y);
  frame->y += sb_frame_layout_height (layout);
}

static gboolean
in_category (SbPacketAttachment *attachment,
             SbCategory         *category)
{
  return attachment->category == category;
}

static void
draw_index (SbFrame    *frame,
            SbDocument *document,
            gboolean    links)
{
  GPtrArray *categories = sb_template_get_categories (frame->template);
  GPtrArray *attachments = frame->request->attachments;
  gboolean others = FALSE;

  sb_frame_title (frame, document->title);
  for (guint c = 0; c <= categories->len && !sb_frame_failed (frame); c++)
    {
      SbCategory *category = c < categories->len ? g_ptr_array_index (categories, c) : NULL;
      guint n = 0;

      /* Attachments filed under no known category go last, as 其他. */
      if (category == NULL)
        {
          for (guint i = 0; i < attachments->len; i++)
            others |= ((SbPacketAttachment *) g_ptr_array_index (attachments, i))->category == NULL;
          if (!others)
            break;
          category_heading (frame, "其他材料", NULL);
        }
      else
        category_heading (frame, category->title, category->hint);

      for (guint i = 0; i < attachments->len; i++)
        {
          SbPacketAttachment *attachment = g_ptr_array_index (attachments, i);

          if (!in_category (attachment, category))
            continue;
          index_line (frame, attachment, links);
          n++;
        }
      if (n == 0)
        {
          g_autoptr(PangoLayout) layout = sb_frame_layout (frame, SB_STYLE_KAI, "（无）", -1,
                                                           NULL);
          sb_frame_ensure_space (frame, sb_frame_layout_height (layout));
          sb_frame_draw_layout (frame, layout, sb_frame_left (frame) + INDENT, frame->y);
          frame->y += sb_frame_layout_height (layout);
        }
    }
}

/* EXIF orientation as a matrix taking the stored image (centred on the
 * origin) to how it should be seen. */
static void
orientation_matrix (guint           orientation,
                    cairo_matrix_t *m)
{
  switch (orientation)
    {
    case 2: cairo_matrix_init (m, -1, 0, 0, 1, 0, 0); break;
    case 3: cairo_matrix_init (m, -1, 0, 0, -1, 0, 0); break;
    case 4: cairo_matrix_init (m, 1, 0, 0, -1, 0, 0); break;
    case 5: cairo_matrix_init (m, 0, 1, 1, 0, 0, 0); break;
    case 6: cairo_matrix_init (m, 0, 1, -1, 0, 0, 0); break;
    case 7: cairo_matrix_init (m, 0, -1, -1, 0, 0, 0); break;
    case 8: cairo_matrix_init (m, 0, -1, 1, 0, 0, 0); break;
    default: cairo_matrix_init_identity (m); break;
    }
}

static cairo_surface_t *
load_image (SbFrame            *frame,
            SbPacketAttachment *attachment)
{
  cairo_surface_t *image;
  GMappedFile *mapped;
  g_autoptr(GError) error = NULL;

  if (attachment->kind == SB_PACKET_FILE_PNG)
    return cairo_image_surface_create_from_png (attachment->path);

  /* A JPEG goes into the PDF as its own bytes. A PDF image fills the
   * unit square whatever its pixel size, so a 1×1 surface carries it:
   * no pixels for cairo to allocate, or to copy when it is destroyed. */
  mapped = g_mapped_file_new (attachment->path, FALSE, &error);
  if (mapped == NULL)
    return cairo_image_surface_create (CAIRO_FORMAT_INVALID, 0, 0);
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 1, 1);
  cairo_surface_set_mime_data (image, CAIRO_MIME_TYPE_JPEG,
                               (const guchar *) g_mapped_file_get_contents (mapped),
                               g_mapped_file_get_length (mapped),
                               (cairo_destroy_func_t) g_mapped_file_unref, mapped);
  return image;
}

/* A scan placed on its page: turned upright, landscape turned with its
 * top to the binding edge, scaled to fit (full page for A4-shaped ones,
 * within a margin otherwise). */
static void
draw_image_page (SbFrame            *frame,
                 SbPacketAttachment *attachment)
{
  cairo_surface_t *image = load_image (frame, attachment);
  double w, h, seen_w, seen_h, scale, margin, aspect;
  gboolean turn;
  cairo_matrix_t m;

  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      if (frame->error == NULL)
        g_set_error (&frame->error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT,
                     _("The image “%s” could not be read"), attachment->title);
      cairo_surface_destroy (image);
      return;
    }
  w = attachment->width;
  h = attachment->height;
  seen_w = attachment->orientation >= 5 ? h : w;
  seen_h = attachment->orientation >= 5 ? w : h;
  turn = seen_w > seen_h * 1.02;
  if (turn)
    {
      double t = seen_w;
      seen_w = seen_h;
      seen_h = t;
    }
  aspect = seen_h / seen_w;
  margin = fabs (aspect - SB_PAGE_HEIGHT / SB_PAGE_WIDTH) < 0.04 ? 0 : 15 * SB_MM;
  scale = MIN ((SB_PAGE_WIDTH - 2 * margin) / seen_w, (SB_PAGE_HEIGHT - 2 * margin) / seen_h);

  cairo_save (frame->cr);
  cairo_translate (frame->cr, SB_PAGE_WIDTH / 2, SB_PAGE_HEIGHT / 2);
  cairo_scale (frame->cr, scale, scale);
  if (turn)
    cairo_rotate (frame->cr, -G_PI / 2);
  orientation_matrix (attachment->orientation, &m);
  cairo_transform (frame->cr, &m);
  cairo_translate (frame->cr, -w / 2, -h / 2);
  /* The surface's own pixels to the image's: 1 for a PNG, w × h for a
   * JPEG's 1×1 stand-in. */
  cairo_scale (frame->cr, w / cairo_image_surface_get_width (image),
               h / cairo_image_surface_get_height (image));
  cairo_set_source_surface (frame->cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (frame->cr), CAIRO_FILTER_GOOD);
  cairo_paint (frame->cr);
  cairo_restore (frame->cr);
  /* Destroyed before the page is written, cairo would copy its pixels. */
  g_ptr_array_add (frame->images, image);
}

static void
attachment_pages (SbFrame            *frame,
                  SbPacketAttachment *attachment)
{
  g_autofree char *outline = g_strdup_printf ("%s %s", attachment->number, attachment->title);

  sb_frame_new_page (frame);
  g_warn_if_fail (frame->page == attachment->first_page);
  sb_pdf_assembler_add_outline (frame->request->assembler, frame->outline_document, outline,
                                frame->page);
  if (attachment->kind != SB_PACKET_FILE_PDF)
    {
      draw_image_page (frame, attachment);
      return;
    }
  for (guint p = 0; p < attachment->n_pages && !sb_frame_failed (frame); p++)
    {
      if (p > 0)
        sb_frame_new_page (frame);
      sb_pdf_assembler_place (frame->request->assembler, frame->page, attachment->source, p);
    }
}

void
sb_frame_proofs (SbFrame    *frame,
                 SbDocument *document)
{
  GPtrArray *attachments = frame->request->attachments;
  guint saved_page;
  double saved_y;
  guint next;

  sb_frame_begin_document (frame, document->title);

  /* Lay the index out once to learn where the attachments will start,
   * then draw it with their page numbers. */
  saved_page = frame->page;
  saved_y = frame->y;
  frame->measuring = TRUE;
  draw_index (frame, document, FALSE);
  next = frame->page + 1;
  frame->measuring = FALSE;
  frame->page = saved_page;
  frame->y = saved_y;
  frame->page_started = TRUE;

  for (guint i = 0; i < attachments->len; i++)
    {
      SbPacketAttachment *attachment = g_ptr_array_index (attachments, i);

      attachment->first_page = next;
      next += attachment->n_pages;
    }
  draw_index (frame, document, TRUE);

  for (guint i = 0; i < attachments->len && !sb_frame_failed (frame); i++)
    attachment_pages (frame, g_ptr_array_index (attachments, i));
}
