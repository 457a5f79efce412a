/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sb-page-renderer.h"
#include "sb-poppler-private.h"
#include "sb-preflight.h"

struct _SbPageRenderer
{
  GObject          parent_instance;

  char            *path;
  PopplerDocument *document;
  int              n_pages;
  GMutex           lock;     /* poppler: one thread per document at a time */
};

G_DEFINE_FINAL_TYPE (SbPageRenderer, sb_page_renderer, G_TYPE_OBJECT)

/* A pixel is ink when this much darker than the paper, or this colourful. */
#define INK_CONTRAST  48
#define INK_CHROMA    64

PopplerDocument *
_sb_poppler_document_open (const char  *path,
                           const char  *display,
                           GError     **error)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, error);
  g_autofree char *name = display ? g_strdup (display) : g_filename_display_basename (path);
  g_autoptr(PopplerDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;

  if (uri == NULL)
    return NULL;
  document = poppler_document_new_from_file (uri, NULL, &local_error);
  if (document == NULL && g_error_matches (local_error, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_ENCRYPTED,
                   _("“%s” needs a password to open. Ask the issuer for an unprotected "
                     "copy."), name);
      return NULL;
    }
  if (document == NULL)
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_DAMAGED,
                   _("“%s” is damaged or incomplete and cannot be read as a PDF. Download "
                     "or export it again from the original."), name);
      return NULL;
    }
  if (poppler_document_get_n_pages (document) <= 0)
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_NO_PAGES,
                   _("“%s” has no pages. Export or scan the document again."), name);
      return NULL;
    }
  return g_steal_pointer (&document);
}

/* The largest scale ≤ scale whose surface stays within the limits. */
static double
clamp_scale (double width,
             double height,
             double scale)
{
  scale = MIN (scale, SB_RENDER_MAX_SIDE / width);
  scale = MIN (scale, SB_RENDER_MAX_SIDE / height);
  return MIN (scale, sqrt (SB_RENDER_MAX_PIXELS / (width * height)));
}

static cairo_surface_t *
create_white_surface (int      width,
                      int      height,
                      GError **error)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
  cairo_t *cr;

  if (cairo_surface_status (surface) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (surface);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("Not enough memory to draw a page of %d × %d pixels"), width, height);
      return NULL;
    }
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_destroy (cr);
  return surface;
}

cairo_surface_t *
_sb_poppler_page_render (PopplerPage  *page,
                         double        scale,
                         GError      **error)
{
  cairo_surface_t *surface;
  double width = 0, height = 0, clamped;
  int pixel_width, pixel_height;
  cairo_t *cr;

  poppler_page_get_size (page, &width, &height);
  if (!(width >= 1 && height >= 1) || !(scale > 0))
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_DAMAGED,
                   _("Page %d has no size: the PDF is damaged"),
                   poppler_page_get_index (page) + 1);
      return NULL;
    }
  clamped = clamp_scale (width, height, scale);
  if (clamped < scale)
    {
      /* Rounding down keeps a capped surface within the caps. */
      pixel_width = MAX (1, (int) floor (width * clamped));
      pixel_height = MAX (1, (int) floor (height * clamped));
    }
  else
    {
      pixel_width = MAX (1, (int) ceil (width * scale - 0.01));
      pixel_height = MAX (1, (int) ceil (height * scale - 0.01));
    }

  surface = create_white_surface (pixel_width, pixel_height, error);
  if (surface == NULL)
    return NULL;
  cr = cairo_create (surface);
  cairo_scale (cr, pixel_width / width, pixel_height / height);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

static void
sb_page_renderer_finalize (GObject *object)
{
  SbPageRenderer *self = SB_PAGE_RENDERER (object);

  g_clear_object (&self->document);
  g_free (self->path);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (sb_page_renderer_parent_class)->finalize (object);
}

static void
sb_page_renderer_class_init (SbPageRendererClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_page_renderer_finalize;
}

static void
sb_page_renderer_init (SbPageRenderer *self)
{
  g_mutex_init (&self->lock);
}

SbPageRenderer *
sb_page_renderer_new (const char    *path,
                      GCancellable  *cancellable,
                      GError       **error)
{
  g_autoptr(SbPageRenderer) self = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  self = g_object_new (SB_TYPE_PAGE_RENDERER, NULL);
  self->path = g_strdup (path);
  self->document = _sb_poppler_document_open (path, NULL, error);
  if (self->document == NULL)
    return NULL;
  self->n_pages = poppler_document_get_n_pages (self->document);
  return g_steal_pointer (&self);
}

const char *
sb_page_renderer_get_path (SbPageRenderer *self)
{
  g_return_val_if_fail (SB_IS_PAGE_RENDERER (self), NULL);
  return self->path;
}

int
sb_page_renderer_get_n_pages (SbPageRenderer *self)
{
  g_return_val_if_fail (SB_IS_PAGE_RENDERER (self), 0);
  return self->n_pages;
}

gboolean
sb_page_renderer_get_page_size (SbPageRenderer *self,
                                int             page,
                                double         *width,
                                double         *height)
{
  g_autoptr(PopplerPage) poppler_page = NULL;
  double w = 0, h = 0;

  g_return_val_if_fail (SB_IS_PAGE_RENDERER (self), FALSE);

  if (page < 0 || page >= self->n_pages)
    return FALSE;
  g_mutex_lock (&self->lock);
  poppler_page = poppler_document_get_page (self->document, page);
  if (poppler_page != NULL)
    poppler_page_get_size (poppler_page, &w, &h);
  g_clear_object (&poppler_page);
  g_mutex_unlock (&self->lock);
  if (width != NULL)
    *width = w;
  if (height != NULL)
    *height = h;
  return w > 0 && h > 0;
}

/* Renders at scale, or to fit a size × size box when size > 0. */
static cairo_surface_t *
render (SbPageRenderer  *self,
        int              page,
        double           scale,
        int              size,
        GCancellable    *cancellable,
        GError         **error)
{
  g_autoptr(PopplerPage) poppler_page = NULL;
  cairo_surface_t *surface = NULL;
  double width = 0, height = 0;

  if (page < 0 || page >= self->n_pages)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("There is no page %d in “%s”"), page + 1, self->path);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  g_mutex_lock (&self->lock);
  poppler_page = poppler_document_get_page (self->document, page);
  if (poppler_page != NULL && size > 0)
    {
      poppler_page_get_size (poppler_page, &width, &height);
      scale = size / MAX (MAX (width, height), 1.0);
    }
  if (poppler_page != NULL)
    surface = _sb_poppler_page_render (poppler_page, scale, error);
  else
    g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_DAMAGED,
                 _("Page %d of “%s” cannot be read: the PDF is damaged"), page + 1, self->path);
  g_clear_object (&poppler_page);
  g_mutex_unlock (&self->lock);

  /* Cancelled while drawing: the caller no longer wants it. */
  if (surface != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

cairo_surface_t *
sb_page_renderer_render_page (SbPageRenderer  *self,
                              int              page,
                              double           scale,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_return_val_if_fail (SB_IS_PAGE_RENDERER (self), NULL);
  g_return_val_if_fail (scale > 0, NULL);

  return render (self, page, scale, 0, cancellable, error);
}

cairo_surface_t *
sb_page_renderer_render_thumbnail (SbPageRenderer  *self,
                                   int              page,
                                   int              size,
                                   GCancellable    *cancellable,
                                   GError         **error)
{
  g_return_val_if_fail (SB_IS_PAGE_RENDERER (self), NULL);
  g_return_val_if_fail (size > 0, NULL);

  return render (self, page, 1.0, size, cancellable, error);
}

cairo_surface_t *
sb_render_pdf_page (const char    *path,
                    int            page,
                    double         scale,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autoptr(SbPageRenderer) renderer = sb_page_renderer_new (path, cancellable, error);

  return renderer ? sb_page_renderer_render_page (renderer, page, scale, cancellable, error)
                  : NULL;
}

cairo_surface_t *
sb_render_pdf_thumbnail (const char    *path,
                         int            page,
                         int            size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autoptr(SbPageRenderer) renderer = sb_page_renderer_new (path, cancellable, error);

  return renderer ? sb_page_renderer_render_thumbnail (renderer, page, size, cancellable, error)
                  : NULL;
}

cairo_surface_t *
_sb_surface_fit (cairo_surface_t  *image,
                 int               size,
                 GError          **error)
{
  int width = cairo_image_surface_get_width (image);
  int height = cairo_image_surface_get_height (image);
  double scale = MIN (1.0, (double) size / MAX (MAX (width, height), 1));
  cairo_surface_t *surface;
  cairo_t *cr;

  surface = create_white_surface (MAX (1, (int) round (width * scale)),
                                  MAX (1, (int) round (height * scale)), error);
  if (surface == NULL)
    return NULL;
  cr = cairo_create (surface);
  cairo_scale (cr, scale, scale);
  cairo_set_source_surface (cr, image, 0, 0);
  cairo_pattern_set_filter (cairo_get_source (cr), CAIRO_FILTER_GOOD);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Width and height from the IHDR chunk, which a PNG must start with;
 * read before decoding so a giant image is never allocated. */
static gboolean
peek_png_size (const char  *path,
               guint32     *width,
               guint32     *height)
{
  guchar head[24];
  FILE *f = g_fopen (path, "rb");
  gboolean ok;

  if (f == NULL)
    return FALSE;
  ok = fread (head, 1, sizeof head, f) == sizeof head && memcmp (head + 12, "IHDR", 4) == 0;
  fclose (f);
  if (!ok)
    return FALSE;
  *width = (guint32) head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19];
  *height = (guint32) head[20] << 24 | head[21] << 16 | head[22] << 8 | head[23];
  return TRUE;
}

cairo_surface_t *
sb_render_png_thumbnail (const char    *path,
                         int            size,
                         GCancellable  *cancellable,
                         GError       **error)
{
  g_autofree char *name = g_filename_display_basename (path);
  cairo_surface_t *image;
  cairo_surface_t *surface;
  guint32 width = 0, height = 0;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (size > 0, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!peek_png_size (path, &width, &height) || width == 0 || height == 0
      || (guint64) width * height > SB_RENDER_MAX_PIXELS)
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_BAD_IMAGE,
                   _("“%s” is not a PNG image that can be shown"), name);
      return NULL;
    }
  image = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_BAD_IMAGE,
                   _("“%s” is not a PNG image that can be shown"), name);
      return NULL;
    }

  surface = _sb_surface_fit (image, size, error);
  cairo_surface_destroy (image);
  if (surface != NULL && g_cancellable_set_error_if_cancelled (cancellable, error))
    g_clear_pointer (&surface, cairo_surface_destroy);
  return surface;
}

static guint
luminance (guint32 pixel)
{
  guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return (r * 299 + g * 587 + b * 114) / 1000;
}

static guint
chroma (guint32 pixel)
{
  guint r = (pixel >> 16) & 0xff, g = (pixel >> 8) & 0xff, b = pixel & 0xff;

  return MAX (MAX (r, g), b) - MIN (MIN (r, g), b);
}

gboolean
sb_surface_looks_blank (cairo_surface_t *surface)
{
  guint histogram[256] = { 0 };
  int width, height, stride, margin_x, margin_y;
  guint paper = 0, ink = 0, n = 0;
  const guchar *data;

  g_return_val_if_fail (surface != NULL, FALSE);
  g_return_val_if_fail (cairo_surface_get_type (surface) == CAIRO_SURFACE_TYPE_IMAGE, FALSE);

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  stride = cairo_image_surface_get_stride (surface);
  /* Scanners leave shadows and holes at the edges. */
  margin_x = width / 33;
  margin_y = height / 33;

  for (int y = margin_y; y < height - margin_y; y++)
    for (int x = margin_x; x < width - margin_x; x++)
      histogram[luminance (((const guint32 *) (data + y * stride))[x])]++;
  for (guint i = 1; i < 256; i++)
    if (histogram[i] > histogram[paper])
      paper = i;

  for (int y = margin_y; y < height - margin_y; y++)
    for (int x = margin_x; x < width - margin_x; x++)
      {
        guint32 pixel = ((const guint32 *) (data + y * stride))[x];

        n++;
        if (luminance (pixel) + INK_CONTRAST < paper || chroma (pixel) > INK_CHROMA)
          ink++;
      }
  /* A page that is mostly dark is not blank; a handful of pixels of
   * dust is. */
  return n > 0 && paper >= 128 && ink * 5000 <= n;
}
