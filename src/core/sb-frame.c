/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>

#include "sb-frame-private.h"

#define SERIF  SB_FONT_BODY         /* 宋体 */
#define SANS   "Noto Sans CJK SC"    /* 黑体 */
#define KAI    "AR PL UKai CN"       /* 楷体 */

typedef struct {
  const char     *family;
  PangoWeight     weight;
  double          size;
  double          spacing;    /* line spacing factor, 0 for the font's */
  double          indent;     /* first-line indent, in characters */
  PangoAlignment  alignment;
  gboolean        justify;
} StyleSpec;

static const StyleSpec styles[SB_N_STYLES] = {
  [SB_STYLE_COVER_TITLE] = { SANS, PANGO_WEIGHT_BOLD, 22, 1.3, 0, PANGO_ALIGN_CENTER, FALSE },
  [SB_STYLE_COVER_BIG] = { SANS, PANGO_WEIGHT_BOLD, 36, 0, 0, PANGO_ALIGN_CENTER, FALSE },
  [SB_STYLE_COVER_LABEL] = { SANS, PANGO_WEIGHT_BOLD, 16, 1.4, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_COVER_VALUE] = { SERIF, PANGO_WEIGHT_NORMAL, 16, 1.4, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_TITLE] = { SANS, PANGO_WEIGHT_BOLD, 22, 1.2, 0, PANGO_ALIGN_CENTER, FALSE },
  [SB_STYLE_HEADING] = { SANS, PANGO_WEIGHT_BOLD, 16, 1.3, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_SUBHEADING] = { KAI, PANGO_WEIGHT_NORMAL, 16, 1.3, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_BODY] = { SERIF, PANGO_WEIGHT_NORMAL, 14, 1.3, 2, PANGO_ALIGN_LEFT, TRUE },
  [SB_STYLE_BODY_FLUSH] = { SERIF, PANGO_WEIGHT_NORMAL, 14, 1.3, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_KAI] = { KAI, PANGO_WEIGHT_NORMAL, 14, 1.3, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_CELL] = { SERIF, PANGO_WEIGHT_NORMAL, 12, 1.2, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_CELL_BODY] = { SERIF, PANGO_WEIGHT_NORMAL, 12, 1.35, 2, PANGO_ALIGN_LEFT, TRUE },
  [SB_STYLE_CELL_LABEL] = { SERIF, PANGO_WEIGHT_NORMAL, 12, 1.2, 0, PANGO_ALIGN_CENTER, FALSE },
  [SB_STYLE_INDEX] = { SERIF, PANGO_WEIGHT_NORMAL, 14, 1.3, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_PAGE_NUMBER] = { SERIF, PANGO_WEIGHT_NORMAL, 14, 0, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_FOOTER] = { SERIF, PANGO_WEIGHT_NORMAL, 7.5, 0, 0, PANGO_ALIGN_LEFT, FALSE },
  [SB_STYLE_WATERMARK] = { SANS, PANGO_WEIGHT_BOLD, 150, 0, 0, PANGO_ALIGN_LEFT, FALSE },
};

gboolean
sb_frame_failed (SbFrame *frame)
{
  return frame->error != NULL;
}

double
sb_frame_left (SbFrame *frame)
{
  /* The binding edge is left on odd (printed) pages, right on even. */
  return frame->page % 2 == 0 ? SB_MARGIN_INNER : SB_MARGIN_OUTER;
}

/* The first character of a layout that came out as a blank box. */
static gunichar
find_unknown_char (PangoLayout *layout)
{
  const char *text = pango_layout_get_text (layout);
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (layout);
  gunichar found = 0;

  do
    {
      PangoLayoutRun *run = pango_layout_iter_get_run_readonly (iter);

      if (run == NULL)
        continue;
      for (int i = 0; i < run->glyphs->num_glyphs && found == 0; i++)
        if (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG)
          found = g_utf8_get_char (text + run->item->offset + run->glyphs->log_clusters[i]);
    }
  while (found == 0 && pango_layout_iter_next_run (iter));
  return found;
}

gboolean
sb_frame_check_layout (SbFrame     *frame,
                       PangoLayout *layout,
                       const char  *where)
{
  gunichar c;
  char utf8[8] = { 0 };

  if (pango_layout_get_unknown_glyphs_count (layout) == 0)
    return TRUE;
  c = find_unknown_char (layout);
  /* Line breaks and the like have no glyph and are no problem. */
  if (c == 0 || g_unichar_iscntrl (c) || g_unichar_type (c) == G_UNICODE_FORMAT)
    return TRUE;
  if (frame->error == NULL)
    {
      g_unichar_to_utf8 (c, utf8);
      g_set_error (&frame->error, SB_PACKET_ERROR, SB_PACKET_ERROR_FONT,
                   _("No installed font can print the character “%s” (U+%04X) in “%s”"),
                   utf8, c, where != NULL ? where : "");
    }
  return FALSE;
}

PangoLayout *
sb_frame_layout (SbFrame    *frame,
                 SbStyle     style,
                 const char *text,
                 double      width,
                 const char *where)
{
  const StyleSpec *spec = &styles[style];
  PangoLayout *layout = pango_layout_new (frame->pango);

  pango_layout_set_font_description (layout, frame->fonts[style]);
  if (width > 0)
    {
      pango_layout_set_width (layout, pango_units_from_double (width));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, spec->alignment);
  if (spec->justify)
    g_object_set_data (G_OBJECT (layout), "sb-justify", GINT_TO_POINTER (TRUE));
  if (spec->spacing > 0)
    pango_layout_set_line_spacing (layout, spec->spacing);
  if (spec->indent > 0)
    pango_layout_set_indent (layout, pango_units_from_double (spec->indent * spec->size));
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  sb_frame_set_attributes (frame, layout, NULL, where);
  return layout;
}

/* 两端对齐 as Word does it for Chinese: the space left at the end of a
 * line that is not a paragraph's last is spread between its characters.
 * Pango only stretches spaces, which Chinese has none of; widening the
 * laid-out glyphs keeps the line breaks as they are. */
static void
justify_line (PangoLayoutLine *line,
              int              available)
{
  PangoGlyphInfo *previous = NULL;
  int width = 0;
  int gaps = 0;
  int extra, done = 0, seen = 0;

  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoGlyphString *glyphs = ((PangoGlyphItem *) l->data)->glyphs;
      for (int i = 0; i < glyphs->num_glyphs; i++)
        {
          width += glyphs->glyphs[i].geometry.width;
          gaps += glyphs->glyphs[i].attr.is_cluster_start;
        }
    }
  gaps--;
  extra = available - width;
  /* A line far from full ends with a long Latin word: leave it. */
  if (gaps < 1 || extra <= 0 || extra > width / 8)
    return;

  for (GSList *l = line->runs; l != NULL; l = l->next)
    {
      PangoGlyphString *glyphs = ((PangoGlyphItem *) l->data)->glyphs;
      for (int i = 0; i < glyphs->num_glyphs; i++)
        {
          if (glyphs->glyphs[i].attr.is_cluster_start && previous != NULL)
            {
              int share = (int) ((gint64) extra * ++seen / gaps) - done;
              previous->geometry.width += share;
              done += share;
            }
          previous = &glyphs->glyphs[i];
        }
    }
}

static void
justify (PangoLayout *layout)
{
  int width = pango_layout_get_width (layout);
  int indent = pango_layout_get_indent (layout);
  GSList *lines = pango_layout_get_lines_readonly (layout);

  if (width <= 0)
    return;
  for (GSList *l = lines; l != NULL && l->next != NULL; l = l->next)
    {
      PangoLayoutLine *line = l->data;
      PangoLayoutLine *next = l->next->data;

      if (!next->is_paragraph_start)
        justify_line (line, width - (line->is_paragraph_start ? indent : 0));
    }
}

void
sb_frame_set_attributes (SbFrame       *frame,
                         PangoLayout   *layout,
                         PangoAttrList *attrs,
                         const char    *where)
{
  PangoAttrList *list = attrs != NULL ? pango_attr_list_copy (attrs) : pango_attr_list_new ();

  /* Chinese text takes no hyphens, and an e-mail address broken with
   * one would be misread. */
  pango_attr_list_insert_before (list, pango_attr_insert_hyphens_new (FALSE));
  pango_layout_set_attributes (layout, list);
  pango_attr_list_unref (list);
  if (where != NULL)
    sb_frame_check_layout (frame, layout, where);
  if (g_object_get_data (G_OBJECT (layout), "sb-justify") != NULL)
    justify (layout);
}

/* Shrinks a one-line layout's font until it fits width, down to
 * min_size points; returns whether it fits. */
gboolean
sb_frame_shrink_to_fit (PangoLayout *layout,
                        double       width,
                        double       min_size)
{
  PangoFontDescription *desc;
  double size;
  gboolean fits;

  desc = pango_font_description_copy (pango_layout_get_font_description (layout));
  size = pango_units_to_double (pango_font_description_get_size (desc));
  pango_layout_set_width (layout, -1);
  while (!(fits = sb_frame_layout_width (layout) <= width) && size - 0.5 >= min_size)
    {
      size -= 0.5;
      pango_font_description_set_size (desc, pango_units_from_double (size));
      pango_layout_set_font_description (layout, desc);
    }
  pango_font_description_free (desc);
  return fits;
}

double
sb_frame_layout_height (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_units_to_double (logical.height);
}

double
sb_frame_layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return pango_units_to_double (logical.width);
}

double
sb_frame_line_height (SbFrame *frame,
                      SbStyle  style)
{
  g_autoptr(PangoLayout) layout = sb_frame_layout (frame, style, "字", -1, NULL);

  return sb_frame_layout_height (layout);
}

GArray *
sb_frame_layout_lines (PangoLayout *layout)
{
  GArray *lines = g_array_new (FALSE, TRUE, sizeof (SbLine));
  g_autoptr(PangoLayoutIter) iter = pango_layout_get_iter (layout);

  do
    {
      PangoRectangle logical;
      SbLine line;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      line.line = pango_layout_iter_get_line_readonly (iter);
      line.x = pango_units_to_double (logical.x);
      line.top = pango_units_to_double (logical.y);
      line.height = pango_units_to_double (logical.height);
      line.baseline = pango_units_to_double (pango_layout_iter_get_baseline (iter));
      g_array_append_val (lines, line);
    }
  while (pango_layout_iter_next_line (iter));
  return lines;
}

void
sb_frame_draw_lines (SbFrame *frame,
                     GArray  *lines,
                     guint    first,
                     guint    last,
                     double   x,
                     double   y)
{
  double origin;

  if (frame->measuring || first >= last)
    return;
  origin = g_array_index (lines, SbLine, first).top;
  for (guint i = first; i < last; i++)
    {
      SbLine *line = &g_array_index (lines, SbLine, i);

      sb_frame_show_line (frame, line->line, x + line->x, y + line->baseline - origin);
    }
}

void
sb_frame_draw_layout (SbFrame     *frame,
                      PangoLayout *layout,
                      double       x,
                      double       y)
{
  sb_frame_show_layout (frame, layout, x, y);
}

/* Page furniture */

static void
draw_centered (SbFrame     *frame,
               PangoLayout *layout,
               double       y)
{
  sb_frame_draw_layout (frame, layout, (SB_PAGE_WIDTH - sb_frame_layout_width (layout)) / 2, y);
}

/* The furniture of every page is laid out once. */
static PangoLayout *
furniture (SbFrame     *frame,
           PangoLayout **slot,
           SbStyle      style,
           const char  *text)
{
  if (*slot == NULL)
    *slot = sb_frame_layout (frame, style, text, -1, NULL);
  else if (g_strcmp0 (pango_layout_get_text (*slot), text) != 0)
    pango_layout_set_text (*slot, text, -1);
  return *slot;
}

static void
draw_page_number (SbFrame *frame)
{
  g_autofree char *text = g_strdup_printf ("— %u —", frame->page + 1);
  PangoLayout *layout = furniture (frame, &frame->number_layout, SB_STYLE_PAGE_NUMBER, text);
  double one_char = styles[SB_STYLE_PAGE_NUMBER].size;
  double x;

  /* GB/T 9704: 7 mm below the text block, one character in from the
   * outer edge: right on odd pages, left on even ones. */
  if (frame->page % 2 == 0)
    x = SB_PAGE_WIDTH - SB_MARGIN_OUTER - one_char - sb_frame_layout_width (layout);
  else
    x = SB_MARGIN_OUTER + one_char;
  sb_frame_draw_layout (frame, layout, x, SB_TEXT_BOTTOM + 7 * SB_MM);
}

static void
draw_footer (SbFrame *frame)
{
  g_autofree char *text = g_strdup_printf ("版本号 %s%s", frame->request->fingerprint,
                                           frame->request->draft ? "（草稿）" : "");
  PangoLayout *layout = furniture (frame, &frame->footer_layout, SB_STYLE_FOOTER, text);

  cairo_set_source_rgb (frame->cr, 0.35, 0.35, 0.35);
  draw_centered (frame, layout, SB_PAGE_HEIGHT - 12 * SB_MM);
  cairo_set_source_rgb (frame->cr, 0, 0, 0);
}

static void
draw_watermark (SbFrame *frame)
{
  PangoLayout *layout = furniture (frame, &frame->watermark_layout, SB_STYLE_WATERMARK, "草稿");
  double w = sb_frame_layout_width (layout);
  double h = sb_frame_layout_height (layout);

  /* Translucent, so an attached scan under it stays legible. */
  cairo_save (frame->cr);
  cairo_translate (frame->cr, SB_PAGE_WIDTH / 2, SB_PAGE_HEIGHT / 2);
  cairo_rotate (frame->cr, -atan2 (SB_PAGE_HEIGHT, SB_PAGE_WIDTH));
  cairo_set_source_rgba (frame->cr, 0.5, 0.5, 0.5, 0.22);
  sb_frame_show_layout (frame, layout, -w / 2, -h / 2);
  cairo_restore (frame->cr);
}

static void
open_page (SbFrame *frame)
{
  frame->page_started = TRUE;
  frame->y = SB_MARGIN_TOP;
}

void
sb_frame_finish_page (SbFrame *frame)
{
  if (!frame->page_started)
    return;
  if (!frame->measuring)
    {
      /* The cover carries no number, as in any bound document. */
      if (frame->page > 0)
        draw_page_number (frame);
      draw_footer (frame);
      if (frame->request->draft)
        draw_watermark (frame);
      cairo_show_page (frame->cr);
      frame->pages_drawn++;
      if (frame->error == NULL)
        g_cancellable_set_error_if_cancelled (frame->request->cancellable, &frame->error);
    }
  frame->page++;
  frame->page_started = FALSE;
}

void
sb_frame_new_page (SbFrame *frame)
{
  sb_frame_finish_page (frame);
  open_page (frame);
}

void
sb_frame_begin_document (SbFrame    *frame,
                         const char *outline_title)
{
  sb_frame_finish_page (frame);
  /* Every document starts on an odd page, for double-sided printing. */
  if (frame->page % 2 == 1)
    {
      g_autoptr(PangoLayout) layout = sb_frame_layout (frame, SB_STYLE_KAI, "（此页无正文）",
                                                       -1, NULL);
      open_page (frame);
      draw_centered (frame, layout, SB_PAGE_HEIGHT * 0.4);
      sb_frame_finish_page (frame);
    }
  open_page (frame);
  if (!frame->measuring && outline_title != NULL)
    frame->outline_document = sb_pdf_assembler_add_outline (frame->request->assembler, -1,
                                                            outline_title, frame->page);
}

double
sb_frame_space_left (SbFrame *frame)
{
  return SB_TEXT_BOTTOM - frame->y;
}

void
sb_frame_ensure_space (SbFrame *frame,
                       double   height)
{
  /* On an empty page, a block too tall for it goes there anyway. */
  if (frame->y + height > SB_TEXT_BOTTOM + 0.5 && frame->y > SB_MARGIN_TOP + 0.5)
    sb_frame_new_page (frame);
}

/* Flowing text */

static guint
lines_that_fit (GArray *lines,
                guint   first,
                double  space)
{
  double origin = g_array_index (lines, SbLine, first).top;
  guint i = first;

  while (i < lines->len)
    {
      SbLine *line = &g_array_index (lines, SbLine, i);

      if (line->top + line->height - origin > space + 0.5)
        break;
      i++;
    }
  return i;
}

static double
lines_height (GArray *lines,
              guint   first,
              guint   last)
{
  SbLine *a = &g_array_index (lines, SbLine, first);
  SbLine *b = &g_array_index (lines, SbLine, last - 1);

  return b->top + b->height - a->top;
}

/* Pango spaces the lines of one layout; paragraphs laid out one by one
 * need the same space between them. */
double
sb_frame_layout_gap (PangoLayout *layout)
{
  g_autoptr(PangoLayout) probe = pango_layout_copy (layout);
  double one, two;

  pango_layout_set_attributes (probe, NULL);
  pango_layout_set_text (probe, "字", -1);
  one = sb_frame_layout_height (probe);
  pango_layout_set_text (probe, "字\n字", -1);
  two = sb_frame_layout_height (probe);
  return MAX (0, two - 2 * one);
}

void
sb_frame_flow_layout (SbFrame     *frame,
                      PangoLayout *layout,
                      double       indent)
{
  g_autoptr(GArray) lines = sb_frame_layout_lines (layout);
  guint i = 0;

  while (i < lines->len)
    {
      gboolean page_empty = frame->y <= SB_MARGIN_TOP + 0.5;
      guint end = lines_that_fit (lines, i, sb_frame_space_left (frame));

      /* No lone first line at a page foot, no lone last line at a top. */
      if (!page_empty && (end == i || (i == 0 && end == 1 && lines->len > 1)))
        {
          sb_frame_new_page (frame);
          continue;
        }
      if (end == i)
        end = i + 1;
      if (end == lines->len - 1 && end - i >= 3)
        end--;
      /* The margins swap sides from page to page. */
      sb_frame_draw_lines (frame, lines, i, end, sb_frame_left (frame) + indent, frame->y);
      frame->y += lines_height (lines, i, end);
      i = end;
      if (i < lines->len)
        sb_frame_new_page (frame);
    }
  frame->y += sb_frame_layout_gap (layout);
}

/* One paragraph per non-empty line; the user's own leading spaces (an
 * indent typed by hand) are dropped, the style indents. */
static char *
normalize_paragraphs (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  GString *out = g_string_new (NULL);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *p = lines[i];
      const char *end;

      while (*p != '\0' && (g_unichar_isspace (g_utf8_get_char (p))))
        p = g_utf8_next_char (p);
      end = p + strlen (p);
      while (end > p)
        {
          const char *prev = g_utf8_prev_char (end);
          if (!g_unichar_isspace (g_utf8_get_char (prev)))
            break;
          end = prev;
        }
      if (end == p)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '\n');
      for (const char *q = p; q < end; q = g_utf8_next_char (q))
        {
          gunichar c = g_utf8_get_char (q);
          /* A tab or stray control character prints as a space. */
          if (g_unichar_iscntrl (c))
            g_string_append_c (out, ' ');
          else
            g_string_append_unichar (out, c);
        }
    }
  return g_string_free (out, FALSE);
}

PangoLayout *
sb_frame_value_layout (SbFrame    *frame,
                       SbStyle     style,
                       const char *text,
                       double      width,
                       const char *where)
{
  g_autofree char *normalized = normalize_paragraphs (text);

  return sb_frame_layout (frame, style, normalized, width, where);
}

void
sb_frame_paragraph (SbFrame    *frame,
                    SbStyle     style,
                    const char *text,
                    const char *where)
{
  g_autoptr(PangoLayout) layout = sb_frame_value_layout (frame, style, text, SB_TEXT_WIDTH,
                                                         where);

  sb_frame_flow_layout (frame, layout, 0);
}

void
sb_frame_title (SbFrame    *frame,
                const char *text)
{
  g_autoptr(PangoLayout) layout = sb_frame_layout (frame, SB_STYLE_TITLE, text, SB_TEXT_WIDTH,
                                                   text);

  sb_frame_draw_layout (frame, layout, sb_frame_left (frame), frame->y);
  /* A blank line of body text between the title and what follows. */
  frame->y += sb_frame_layout_height (layout) + sb_frame_line_height (frame, SB_STYLE_BODY);
}

void
sb_frame_heading (SbFrame    *frame,
                  SbStyle     style,
                  const char *text,
                  double      indent)
{
  g_autoptr(PangoLayout) layout = sb_frame_layout (frame, style, text,
                                                   SB_TEXT_WIDTH - indent, text);
  double height = sb_frame_layout_height (layout);

  /* Keep a heading with at least two lines of what it heads. */
  sb_frame_ensure_space (frame, height + 2 * sb_frame_line_height (frame, SB_STYLE_BODY));
  sb_frame_draw_layout (frame, layout, sb_frame_left (frame) + indent, frame->y);
  frame->y += height + sb_frame_layout_gap (layout);
}

/* The whole frame */

static void
setup_fonts (SbFrame *frame)
{
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Unhinted metrics: positions in the PDF are exact, not screen-rounded. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  frame->pango = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_font_options (frame->pango, options);
  pango_cairo_context_set_resolution (frame->pango, 72);
  pango_context_set_language (frame->pango, pango_language_from_string ("zh-cn"));
  cairo_font_options_destroy (options);

  for (guint i = 0; i < SB_N_STYLES; i++)
    {
      PangoFontDescription *desc = pango_font_description_new ();

      pango_font_description_set_family (desc, styles[i].family);
      pango_font_description_set_weight (desc, styles[i].weight);
      pango_font_description_set_size (desc, pango_units_from_double (styles[i].size));
      frame->fonts[i] = desc;
    }
}

static gboolean
is_cover (SbTemplate *template,
          SbDocument *document)
{
  GPtrArray *documents = sb_template_get_documents (template);

  return document->kind == SB_DOCUMENT_FORM && documents->len > 0
    && g_ptr_array_index (documents, 0) == document;
}

/* A form with section headings and fields is printed as a ruled table. */
static gboolean
is_table_form (SbDocument *document)
{
  gboolean has_heading = FALSE;
  gboolean has_field = FALSE;

  for (guint i = 0; i < document->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);

      has_heading |= item->kind == SB_ITEM_HEADING;
      has_field |= item->kind == SB_ITEM_FIELD && item->text == NULL;
    }
  return has_heading && has_field;
}

static void
render_document (SbFrame    *frame,
                 SbDocument *document)
{
  switch (document->kind)
    {
    case SB_DOCUMENT_TASKBOOK:
      for (guint i = 0; i < sb_submission_get_n_taskbooks (frame->submission); i++)
        if (!sb_frame_failed (frame))
          sb_frame_taskbook (frame, document, i);
      break;
    case SB_DOCUMENT_ATTACHMENTS:
      sb_frame_proofs (frame, document);
      break;
    case SB_DOCUMENT_FORM:
    default:
      if (is_cover (frame->template, document))
        sb_frame_cover (frame, document);
      else if (is_table_form (document))
        sb_frame_table_form (frame, document);
      else
        sb_frame_prose (frame, document, SB_NO_TASKBOOK);
      break;
    }
}

static void
destroy_face (gpointer face)
{
  if (face != NULL)
    cairo_font_face_destroy (face);
}

static void
frame_clear (SbFrame *frame)
{
  for (guint i = 0; i < SB_N_STYLES; i++)
    g_clear_pointer (&frame->fonts[i], pango_font_description_free);
  g_clear_object (&frame->number_layout);
  g_clear_object (&frame->footer_layout);
  g_clear_object (&frame->watermark_layout);
  g_clear_object (&frame->pango);
  g_clear_pointer (&frame->cr, cairo_destroy);
  g_clear_pointer (&frame->images, g_ptr_array_unref);
  g_clear_pointer (&frame->proxies, g_hash_table_unref);
  g_clear_pointer (&frame->surface, cairo_surface_destroy);
  g_clear_error (&frame->error);
}

gboolean
sb_frame_render (const SbFrameRequest  *request,
                 const char            *path,
                 GError               **error)
{
  SbFrame frame = { 0 };
  GPtrArray *documents;
  cairo_status_t status;

  frame.request = request;
  frame.submission = request->submission;
  frame.template = sb_submission_get_template (request->submission);
  frame.outline_document = -1;
  frame.surface = cairo_pdf_surface_create (path, SB_PAGE_WIDTH, SB_PAGE_HEIGHT);
  frame.cr = cairo_create (frame.surface);
  frame.images = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  frame.proxies = g_hash_table_new_full (NULL, NULL,
                                         (GDestroyNotify) cairo_font_face_destroy,
                                         (GDestroyNotify) destroy_face);
  setup_fonts (&frame);

  documents = sb_template_get_documents (frame.template);
  for (guint i = 0; i < documents->len && !sb_frame_failed (&frame); i++)
    {
      render_document (&frame, g_ptr_array_index (documents, i));
      g_debug ("frame: document %u done, page %u", i, frame.page);
    }
  sb_frame_finish_page (&frame);
  g_debug ("frame: %u pages laid out", frame.pages_drawn);

  cairo_surface_finish (frame.surface);
  g_ptr_array_set_size (frame.images, 0);
  g_debug ("frame: finished");
  status = cairo_surface_status (frame.surface);
  if (frame.error == NULL && status != CAIRO_STATUS_SUCCESS)
    g_set_error (&frame.error, SB_PACKET_ERROR, SB_PACKET_ERROR_FAILED,
                 _("The pages could not be drawn: %s"), cairo_status_to_string (status));
  if (frame.error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&frame.error));
      frame_clear (&frame);
      return FALSE;
    }

  /* The cover is unnumbered; the numbers printed from page 2 on are the
   * labels a viewer shows. */
  sb_pdf_assembler_add_page_label (request->assembler, 0, "封面", 0);
  if (frame.pages_drawn > 1)
    sb_pdf_assembler_add_page_label (request->assembler, 1, NULL, 2);
  frame_clear (&frame);
  return TRUE;
}
