/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-frame-private.h"

/* cairo 1.16 reads the whole CFF table of a Noto CJK face (about 20 MB)
 * twice to embed a subset of it: once to see whether it is CID-keyed,
 * once to subset it, 0.1-0.2 s and 20-40 MB for each face. The body
 * face, which has most of the glyphs, is worth it; other CJK faces (黑体
 * headings, a few hundred glyphs at most) are drawn instead through
 * cairo user fonts that copy the real outlines and are embedded as
 * Type 3 fonts, a few milliseconds. (Type 3 for the body too was
 * slower: a glyph program per glyph and size.) The text stays
 * searchable either way: ToUnicode comes from the clusters passed with
 * the glyphs. */

#define OUTLINE_SIZE  1000.0   /* outlines are taken at this size, for precision */

typedef struct {
  cairo_t *cr;   /* on a 1×1 surface, with the real face at OUTLINE_SIZE */
} Proxy;

static cairo_user_data_key_t proxy_key;

static Proxy *
proxy_of (cairo_scaled_font_t *scaled_font)
{
  return cairo_font_face_get_user_data (cairo_scaled_font_get_font_face (scaled_font),
                                        &proxy_key);
}

static cairo_status_t
proxy_init_cb (cairo_scaled_font_t  *scaled_font,
               cairo_t              *cr,
               cairo_font_extents_t *extents)
{
  Proxy *proxy = proxy_of (scaled_font);

  cairo_font_extents (proxy->cr, extents);
  extents->ascent /= OUTLINE_SIZE;
  extents->descent /= OUTLINE_SIZE;
  extents->height /= OUTLINE_SIZE;
  extents->max_x_advance /= OUTLINE_SIZE;
  extents->max_y_advance /= OUTLINE_SIZE;
  return CAIRO_STATUS_SUCCESS;
}

static cairo_status_t
proxy_render_glyph_cb (cairo_scaled_font_t  *scaled_font,
                       unsigned long         glyph,
                       cairo_t              *cr,
                       cairo_text_extents_t *extents)
{
  Proxy *proxy = proxy_of (scaled_font);
  cairo_glyph_t g = { glyph, 0, 0 };
  cairo_text_extents_t real;
  cairo_path_t *path;

  cairo_new_path (proxy->cr);
  cairo_glyph_path (proxy->cr, &g, 1);
  path = cairo_copy_path (proxy->cr);
  cairo_glyph_extents (proxy->cr, &g, 1, &real);
  extents->x_advance = real.x_advance / OUTLINE_SIZE;

  cairo_scale (cr, 1 / OUTLINE_SIZE, 1 / OUTLINE_SIZE);
  cairo_append_path (cr, path);
  cairo_fill (cr);
  cairo_path_destroy (path);
  return CAIRO_STATUS_SUCCESS;
}

static void
proxy_free (gpointer data)
{
  Proxy *proxy = data;

  cairo_destroy (proxy->cr);
  g_free (proxy);
}

/* Other CJK faces than the body's are CFF ones worth copying; TrueType
 * fonts (楷体, the fallbacks) cost cairo nothing to subset. */
static gboolean
wants_proxy (PangoFont *font)
{
  PangoFontDescription *desc = pango_font_describe (font);
  const char *family = pango_font_description_get_family (desc);
  gboolean proxy;

  proxy = family != NULL && strstr (family, "CJK") != NULL
    && !(strcmp (family, SB_FONT_BODY) == 0
         && pango_font_description_get_weight (desc) == PANGO_WEIGHT_NORMAL);
  pango_font_description_free (desc);
  return proxy;
}

static cairo_font_face_t *
face_for (SbFrame           *frame,
          PangoFont         *font,
          cairo_font_face_t *real)
{
  cairo_font_face_t *face;
  cairo_surface_t *surface;
  cairo_font_options_t *options;
  Proxy *proxy;

  if (g_hash_table_lookup_extended (frame->proxies, real, NULL, (gpointer *) &face))
    return face != NULL ? face : real;
  if (!wants_proxy (font))
    {
      g_hash_table_insert (frame->proxies, cairo_font_face_reference (real), NULL);
      return real;
    }

  proxy = g_new0 (Proxy, 1);
  surface = cairo_image_surface_create (CAIRO_FORMAT_A8, 1, 1);
  proxy->cr = cairo_create (surface);
  cairo_surface_destroy (surface);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_set_font_options (proxy->cr, options);
  cairo_font_options_destroy (options);
  cairo_set_font_face (proxy->cr, real);
  cairo_set_font_size (proxy->cr, OUTLINE_SIZE);

  face = cairo_user_font_face_create ();
  cairo_user_font_face_set_init_func (face, proxy_init_cb);
  cairo_user_font_face_set_render_glyph_func (face, proxy_render_glyph_cb);
  cairo_font_face_set_user_data (face, &proxy_key, proxy, proxy_free);
  g_hash_table_insert (frame->proxies, cairo_font_face_reference (real), face);
  return face;
}

static gboolean
run_is_underlined (PangoGlyphItem *run)
{
  for (GSList *l = run->item->analysis.extra_attrs; l != NULL; l = l->next)
    {
      PangoAttribute *attr = l->data;
      if (attr->klass->type == PANGO_ATTR_UNDERLINE
          && ((PangoAttrInt *) attr)->value != PANGO_UNDERLINE_NONE)
        return TRUE;
    }
  return FALSE;
}

/* One run in one font: its glyphs and the text they stand for. Returns
 * the x after it. */
static double
show_run (SbFrame        *frame,
          const char     *text,
          PangoGlyphItem *run,
          double          x,
          double          y)
{
  PangoGlyphString *glyphs = run->glyphs;
  cairo_scaled_font_t *real = pango_cairo_font_get_scaled_font (
    PANGO_CAIRO_FONT (run->item->analysis.font));
  g_autofree cairo_glyph_t *out = g_new (cairo_glyph_t, glyphs->num_glyphs);
  g_autofree cairo_text_cluster_t *clusters = g_new0 (cairo_text_cluster_t, glyphs->num_glyphs);
  int n_out = 0, n_clusters = 0;
  double start = x;
  cairo_matrix_t matrix;

  for (int i = 0; i < glyphs->num_glyphs; i++)
    {
      PangoGlyphInfo *info = &glyphs->glyphs[i];

      if (i == 0 || glyphs->log_clusters[i] != glyphs->log_clusters[i - 1])
        {
          int end = run->item->length;
          for (int j = i + 1; j < glyphs->num_glyphs; j++)
            if (glyphs->log_clusters[j] != glyphs->log_clusters[i])
              {
                end = glyphs->log_clusters[j];
                break;
              }
          clusters[n_clusters++].num_bytes = end - glyphs->log_clusters[i];
        }
      /* Empty glyphs (a line break) and boxes take no ink. */
      if (info->glyph != PANGO_GLYPH_EMPTY && !(info->glyph & PANGO_GLYPH_UNKNOWN_FLAG))
        {
          out[n_out].index = info->glyph;
          out[n_out].x = x + pango_units_to_double (info->geometry.x_offset);
          out[n_out].y = y + pango_units_to_double (info->geometry.y_offset);
          n_out++;
          clusters[n_clusters - 1].num_glyphs++;
        }
      x += pango_units_to_double (info->geometry.width);
    }

  if (real != NULL && n_out > 0)
    {
      cairo_font_face_t *face = face_for (frame, run->item->analysis.font,
                                          cairo_scaled_font_get_font_face (real));

      cairo_scaled_font_get_font_matrix (real, &matrix);
      cairo_set_font_face (frame->cr, face);
      cairo_set_font_matrix (frame->cr, &matrix);
      cairo_show_text_glyphs (frame->cr, text + run->item->offset, run->item->length,
                              out, n_out, clusters, n_clusters, 0);
    }
  if (real != NULL && run_is_underlined (run))
    {
      double size = matrix.yy;
      cairo_rectangle (frame->cr, start, y + size * 0.13, x - start, MAX (0.5, size * 0.05));
      cairo_fill (frame->cr);
    }
  return x;
}

void
sb_frame_show_line (SbFrame         *frame,
                    PangoLayoutLine *line,
                    double           x,
                    double           baseline)
{
  const char *text = pango_layout_get_text (line->layout);

  if (frame->measuring)
    return;
  /* The runs are in visual order, left to right. */
  for (GSList *l = line->runs; l != NULL; l = l->next)
    x = show_run (frame, text, l->data, x, baseline);
}

void
sb_frame_show_layout (SbFrame     *frame,
                      PangoLayout *layout,
                      double       x,
                      double       y)
{
  g_autoptr(PangoLayoutIter) iter = NULL;

  if (frame->measuring)
    return;
  iter = pango_layout_get_iter (layout);
  do
    {
      PangoRectangle logical;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      sb_frame_show_line (frame, pango_layout_iter_get_line_readonly (iter),
                          x + pango_units_to_double (logical.x),
                          y + pango_units_to_double (pango_layout_iter_get_baseline (iter)));
    }
  while (pango_layout_iter_next_line (iter));
}
