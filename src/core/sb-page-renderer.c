/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>  /* malloc_trim */
#endif

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sb-page-renderer.h"
#include "sb-poppler-private.h"
#include "sb-preflight.h"

struct _SbPageRenderer
{
  GObject          parent_instance;

  char            *path;
  char            *display;  /* the file name, for messages */
  PopplerDocument *document;
  int              n_pages;
  qpdf_data        qpdf;     /* opened on demand for the JPEG pass-through */
  gboolean         qpdf_tried;
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
  if (document == NULL && local_error->domain == G_FILE_ERROR)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_file_error (local_error->code),
                   _("Cannot open “%s”: %s"), name, local_error->message);
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

/* cairo keeps this many unused scaled fonts (CAIRO_SCALED_FONT_MAX_HOLDOVERS
 * in cairo 1.16 and later), with a margin. */
#define CAIRO_FONT_HOLDOVERS 320

/* Pages drawn here hold it to read; pushing fonts out holds it to write.
 * Freeing a font poppler made frees its FreeType face, in poppler's one
 * FT_Library that every thread draws with; FreeType wants a library's
 * faces made and freed by one thread at a time. cairo frees them so as
 * it needs room in any case, but not all at once while workers draw. */
static GRWLock fonts_lock;

void
sb_render_release_memory (void)
{
  cairo_font_face_t *face = cairo_user_font_face_create ();
  cairo_font_options_t *options = cairo_font_options_create ();
  cairo_matrix_t identity;

  /* A user font without callbacks: no file, no FreeType, no glyphs.
   * Each distinct size is a new scaled font; released, it takes the
   * place of the oldest one kept, which then frees its face. */
  cairo_matrix_init_identity (&identity);
  g_rw_lock_writer_lock (&fonts_lock);
  for (int i = 1; i <= CAIRO_FONT_HOLDOVERS; i++)
    {
      cairo_matrix_t size;

      cairo_matrix_init_scale (&size, i, i);
      cairo_scaled_font_destroy (cairo_scaled_font_create (face, &size, &identity, options));
    }
  g_rw_lock_writer_unlock (&fonts_lock);
  cairo_font_options_destroy (options);
  cairo_font_face_destroy (face);
#ifdef __GLIBC__
  malloc_trim (0);
#endif
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
  g_rw_lock_reader_lock (&fonts_lock);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  g_rw_lock_reader_unlock (&fonts_lock);
  cairo_surface_flush (surface);
  return surface;
}

static void
sb_page_renderer_finalize (GObject *object)
{
  SbPageRenderer *self = SB_PAGE_RENDERER (object);

  g_clear_object (&self->document);
  _sb_qpdf_close (&self->qpdf);
  g_free (self->path);
  g_free (self->display);
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
  self->display = g_filename_display_basename (path);
  self->document = _sb_poppler_document_open (path, self->display, error);
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
                   _("There is no page %d in “%s”"), page + 1, self->display);
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
                 _("Page %d of “%s” cannot be read: the PDF is damaged"), page + 1,
                 self->display);
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

/* ------------------------------------------------------------ qpdf */

/* Reads and drops errors left in q: qpdf_cleanup() prints "application
 * did not handle error" for each one it finds. */
void
_sb_qpdf_close (qpdf_data *q)
{
  if (*q == NULL)
    return;
  while (qpdf_has_error (*q))
    qpdf_get_error (*q);
  while (qpdf_more_warnings (*q))
    qpdf_next_warning (*q);
  qpdf_cleanup (q);
}

qpdf_data
_sb_qpdf_open (const char *path,
               int         n_pages)
{
  qpdf_data q = qpdf_init ();

  /* Errors are read from return values; nothing goes to stderr. */
  qpdf_silence_errors (q);
  qpdf_set_suppress_warnings (q, QPDF_TRUE);
  if ((qpdf_read (q, path, "") & QPDF_ERRORS) == 0 && qpdf_get_num_pages (q) == n_pages)
    return q;
  _sb_qpdf_close (&q);
  return NULL;
}

qpdf_oh
_sb_qpdf_get_inherited (qpdf_data   q,
                        qpdf_oh     node,
                        const char *key)
{
  /* The depth bound stops a page tree that loops. */
  for (int depth = 0; depth < 32 && qpdf_oh_is_dictionary (q, node); depth++)
    {
      if (qpdf_oh_has_key (q, node, key))
        return qpdf_oh_get_key (q, node, key);
      node = qpdf_oh_get_key (q, node, "/Parent");
    }
  return qpdf_oh_new_null (q);
}

/* ------------------------------------------------------------ JPEG pass-through */

typedef struct {
  double a, b, c, d, e, f;
} Matrix;

/* The PDF operator cm: ctm becomes m × ctm. */
static void
matrix_concat (Matrix       *ctm,
               const Matrix *m)
{
  Matrix r = {
    m->a * ctm->a + m->b * ctm->c, m->a * ctm->b + m->b * ctm->d,
    m->c * ctm->a + m->d * ctm->c, m->c * ctm->b + m->d * ctm->d,
    m->e * ctm->a + m->f * ctm->c + ctm->e, m->e * ctm->b + m->f * ctm->d + ctm->f,
  };

  *ctm = r;
}

static gboolean
is_regular_char (guchar c)
{
  return c > ' ' && c < 0x7f && strchr ("()<>[]{}/%", c) == NULL;
}

static gsize
skip_regular (const guchar *data,
              gsize         length,
              gsize         pos)
{
  while (pos < length && is_regular_char (data[pos]))
    pos++;
  return pos;
}

/* Applies one operator of a content stream; FALSE for any operator but
 * q, Q, cm and a single Do. */
static gboolean
apply_operator (const char *op,
                double     *operands,
                guint       n_operands,
                char      **operand_name,
                Matrix     *stack,
                guint      *depth,
                Matrix     *ctm,
                Matrix     *drawn,
                char      **drawn_name)
{
  if (g_str_equal (op, "q") && n_operands == 0 && *operand_name == NULL && *depth < 8)
    stack[(*depth)++] = *ctm;
  else if (g_str_equal (op, "Q") && n_operands == 0 && *operand_name == NULL && *depth > 0)
    *ctm = stack[--(*depth)];
  else if (g_str_equal (op, "cm") && n_operands == 6 && *operand_name == NULL)
    matrix_concat (ctm, &(Matrix) { operands[0], operands[1], operands[2],
                                    operands[3], operands[4], operands[5] });
  else if (g_str_equal (op, "Do") && n_operands == 0 && *operand_name != NULL
           && *drawn_name == NULL)
    {
      *drawn = *ctm;
      *drawn_name = g_steal_pointer (operand_name);
    }
  else
    return FALSE;
  g_clear_pointer (operand_name, g_free);
  return TRUE;
}

/* Reads a content stream that only sets matrices and draws one XObject,
 * as "q 595 0 0 842 0 0 cm /Im0 Do Q": the matrix it is drawn with and
 * its name. Anything else (text, paths, arrays, inline images) fails. */
static gboolean
parse_single_draw (const guchar  *data,
                   gsize          length,
                   Matrix        *drawn,
                   char         **drawn_name)
{
  Matrix stack[8], ctm = { 1, 0, 0, 1, 0, 0 };
  g_autofree char *operand_name = NULL;
  double operands[6];
  guint n_operands = 0, depth = 0;
  gsize pos = 0;

  while (pos < length)
    {
      guchar c = data[pos];
      gsize start = pos;
      char token[32];

      if (c <= ' ')
        pos++;
      else if (c == '%')
        while (pos < length && data[pos] != '\n' && data[pos] != '\r')
          pos++;
      else if (c == '/')
        {
          pos = skip_regular (data, length, pos + 1);
          g_free (operand_name);
          operand_name = g_strndup ((const char *) data + start, pos - start);
        }
      else if (!is_regular_char (c))
        return FALSE;
      else
        {
          pos = skip_regular (data, length, pos);
          if (pos - start >= sizeof token)
            return FALSE;
          memcpy (token, data + start, pos - start);
          token[pos - start] = '\0';
          if (g_ascii_isdigit (c) || c == '-' || c == '+' || c == '.')
            {
              char *end = NULL;

              if (n_operands >= G_N_ELEMENTS (operands))
                return FALSE;
              operands[n_operands++] = g_ascii_strtod (token, &end);
              if (*end != '\0')
                return FALSE;
            }
          else if (!apply_operator (token, operands, n_operands, &operand_name,
                                    stack, &depth, &ctm, drawn, drawn_name))
            return FALSE;
          else
            n_operands = 0;
        }
    }
  return *drawn_name != NULL && n_operands == 0 && operand_name == NULL;
}

/* A baseline or progressive JPEG, grey or RGB, 8 bits, drawn as is. */
static gboolean
is_plain_jpeg (qpdf_data q,
               qpdf_oh   image)
{
  static const char *const unsupported[] = {
    "/Decode", "/DecodeParms", "/SMask", "/Mask", "/ImageMask", "/SMaskInData",
  };
  qpdf_oh dict, filter, colorspace;

  if (!qpdf_oh_is_stream (q, image))
    return FALSE;
  dict = qpdf_oh_get_dict (q, image);
  filter = qpdf_oh_get_key (q, dict, "/Filter");
  if (qpdf_oh_is_array (q, filter) && qpdf_oh_get_array_n_items (q, filter) == 1)
    filter = qpdf_oh_get_array_item (q, filter, 0);
  colorspace = qpdf_oh_get_key (q, dict, "/ColorSpace");
  if (!qpdf_oh_is_name_and_equals (q, qpdf_oh_get_key (q, dict, "/Subtype"), "/Image")
      || !qpdf_oh_is_name_and_equals (q, filter, "/DCTDecode")
      || !(qpdf_oh_is_name_and_equals (q, colorspace, "/DeviceGray")
           || qpdf_oh_is_name_and_equals (q, colorspace, "/DeviceRGB"))
      || !qpdf_oh_is_integer (q, qpdf_oh_get_key (q, dict, "/BitsPerComponent"))
      || qpdf_oh_get_int_value (q, qpdf_oh_get_key (q, dict, "/BitsPerComponent")) != 8)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (unsupported); i++)
    if (qpdf_oh_has_key (q, dict, unsupported[i]))
      return FALSE;
  return TRUE;
}

/* The visible box of a page: its CropBox, else its MediaBox. */
static gboolean
get_page_box (qpdf_data  q,
              qpdf_oh    page,
              double    *box)
{
  qpdf_oh array = _sb_qpdf_get_inherited (q, page, "/CropBox");

  if (!qpdf_oh_is_array (q, array))
    array = _sb_qpdf_get_inherited (q, page, "/MediaBox");
  if (!qpdf_oh_is_array (q, array) || qpdf_oh_get_array_n_items (q, array) != 4)
    return FALSE;
  for (int i = 0; i < 4; i++)
    {
      qpdf_oh item = qpdf_oh_get_array_item (q, array, i);

      if (!qpdf_oh_is_number (q, item))
        return FALSE;
      box[i] = qpdf_oh_get_numeric_value (q, item);
    }
  return box[0] < box[2] && box[1] < box[3];
}

/* The page's only resource is one image: its name ("/Im0") and handle. */
static char *
dup_single_image (qpdf_data  q,
                  qpdf_oh    page,
                  qpdf_oh   *image)
{
  qpdf_oh resources = _sb_qpdf_get_inherited (q, page, "/Resources");
  qpdf_oh xobjects = qpdf_oh_get_key_if_dict (q, resources, "/XObject");
  g_autofree char *name = NULL;
  guint n = 0;

  if (!qpdf_oh_is_dictionary (q, resources) || !qpdf_oh_is_dictionary (q, xobjects))
    return NULL;
  /* Fonts, patterns, graphics states: something else is drawn. */
  qpdf_oh_begin_dict_key_iter (q, resources);
  while (qpdf_oh_dict_more_keys (q))
    {
      const char *key = qpdf_oh_dict_next_key (q);

      if (!g_str_equal (key, "/XObject") && !g_str_equal (key, "/ProcSet"))
        return NULL;
    }
  qpdf_oh_begin_dict_key_iter (q, xobjects);
  while (qpdf_oh_dict_more_keys (q))
    {
      g_free (name);
      name = g_strdup (qpdf_oh_dict_next_key (q));
      n++;
    }
  if (n != 1)
    return NULL;
  *image = qpdf_oh_get_key (q, xobjects, name);
  return g_steal_pointer (&name);
}

/* Whether the image is drawn upright over exactly the visible box. */
static gboolean
covers_page (qpdf_data  q,
             qpdf_oh    page,
             const char *name)
{
  g_autofree char *drawn_name = NULL;
  unsigned char *content = NULL;
  size_t length = 0;
  Matrix m = { 0 };
  double box[4];
  gboolean ok;

  if (!get_page_box (q, page, box)
      || (qpdf_oh_get_page_content_data (q, page, &content, &length) & QPDF_ERRORS))
    {
      free (content);
      return FALSE;
    }
  ok = parse_single_draw (content, length, &m, &drawn_name);
  free (content);
  return ok && g_str_equal (drawn_name, name)
         && fabs (m.b) < 1e-3 && fabs (m.c) < 1e-3 && m.a > 0 && m.d > 0
         && fabs (m.e - box[0]) <= 1.5 && fabs (m.f - box[1]) <= 1.5
         && fabs (m.e + m.a - box[2]) <= 1.5 && fabs (m.f + m.d - box[3]) <= 1.5;
}

static GBytes *
dup_page_jpeg (qpdf_data q,
               qpdf_oh   page)
{
  qpdf_oh rotate = _sb_qpdf_get_inherited (q, page, "/Rotate");
  qpdf_oh annots = qpdf_oh_get_key (q, page, "/Annots");
  g_autofree char *name = NULL;
  unsigned char *data = NULL;
  size_t length = 0;
  qpdf_oh image = 0;

  if ((qpdf_oh_is_integer (q, rotate) && qpdf_oh_get_int_value (q, rotate) % 360 != 0)
      || (qpdf_oh_is_array (q, annots) && qpdf_oh_get_array_n_items (q, annots) > 0))
    return NULL;
  name = dup_single_image (q, page, &image);
  if (name == NULL || !is_plain_jpeg (q, image) || !covers_page (q, page, name))
    return NULL;
  if ((qpdf_oh_get_stream_data (q, image, qpdf_dl_none, NULL, &data, &length) & QPDF_ERRORS)
      || length < 4 || data[0] != 0xff || data[1] != 0xd8)
    {
      free (data);
      return NULL;
    }
  return g_bytes_new_with_free_func (data, length, free, data);
}

GBytes *
sb_page_renderer_dup_page_jpeg (SbPageRenderer *self,
                                int             page)
{
  GBytes *bytes = NULL;

  g_return_val_if_fail (SB_IS_PAGE_RENDERER (self), NULL);

  if (page < 0 || page >= self->n_pages)
    return NULL;
  g_mutex_lock (&self->lock);
  if (!self->qpdf_tried)
    {
      self->qpdf = _sb_qpdf_open (self->path, self->n_pages);
      self->qpdf_tried = TRUE;
    }
  if (self->qpdf != NULL)
    {
      bytes = dup_page_jpeg (self->qpdf, qpdf_get_page_n (self->qpdf, page));
      qpdf_oh_release_all (self->qpdf);
    }
  g_mutex_unlock (&self->lock);
  return bytes;
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
