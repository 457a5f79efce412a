/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <zip.h>

#include "sb-diagnostic.h"
#include "sb-attachments.h"
#include "sb-page-renderer.h"
#include "sb-poppler-private.h"
#include "sb-preflight.h"

/* PDF readers accept the header anywhere in the first kilobyte. */
#define SNIFF_SIZE        1024
#define A4_WIDTH_MM       210.0
#define A4_HEIGHT_MM      297.0
#define SIZE_TOLERANCE_MM 3.0
/* The blank-page check draws pages this small: enough to see a line
 * of text, cheap for vector pages. */
#define BLANK_DPI         24.0
#define BLANK_MAX_SIDE    256
/* A page "is a scan" when one image covers this much of it. */
#define SCAN_COVERAGE     0.5
/* Images with more pixels are refused: the GUI could not show them. */
#define MAX_IMAGE_PIXELS  ((guint64) 100 * 1000 * 1000)
/* Drawing a page costs in proportion to the operators it holds, and a
 * few kilobytes of Flate can hold megabytes of them (a 160 kB file took
 * two minutes). Pages are drawn for the blank check, or parsed for
 * their scan resolution, only while the decoded content of the pages
 * drawn so far stays within this; a page past it is not blank. */
#define DRAW_CONTENT_BUDGET  (2 * 1024 * 1024)
/* Bound on remembered outcomes; past it the memory starts afresh. */
#define CACHE_MAX         4096

struct _SbPreflightResult
{
  gatomicrefcount          ref_count;
  SbProofKind              kind;
  SbPreflightFlags         flags;
  guint64                  size;
  guint                    n_pages;
  char                    *page_summary;
  double                   min_dpi;
  SbPreflightRestrictions  restrictions;
  GArray                  *blank_pages;  /* guint, from 1; NULL when not checked */
  GPtrArray               *codes;
  GPtrArray               *messages;
};

G_DEFINE_BOXED_TYPE (SbPreflightResult, sb_preflight_result,
                     sb_preflight_result_ref, sb_preflight_result_unref)
G_DEFINE_QUARK (sb-preflight-error-quark, sb_preflight_error)

typedef struct {
  guint  count;     /* pages found */
  guint  first;     /* the first one, from 1 */
  double value;     /* a measure of it (dpi) */
  char  *label;     /* a description of it (its size) */
} Tally;

typedef struct {
  guint width;
  guint height;
} ImageSize;

static const struct {
  const char *name;
  double      short_mm;
  double      long_mm;
} paper_sizes[] = {
  { "A4", A4_WIDTH_MM, A4_HEIGHT_MM },
  { "A3", 297, 420 },
  { "A5", 148, 210 },
  { "B5", 176, 250 },
  { "B5 (JIS)", 182, 257 },
  { "Letter", 215.9, 279.4 },
  { "Legal", 215.9, 355.6 },
};

/* ------------------------------------------------------------ result */

static SbPreflightResult *
result_new (SbProofKind      kind,
            SbPreflightFlags flags,
            guint64          size)
{
  SbPreflightResult *self = g_new0 (SbPreflightResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->kind = kind;
  self->flags = flags;
  self->size = size;
  self->n_pages = 1;
  self->codes = g_ptr_array_new_with_free_func (g_free);
  self->messages = g_ptr_array_new_with_free_func (g_free);
  return self;
}

SbPreflightResult *
sb_preflight_result_ref (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
sb_preflight_result_unref (SbPreflightResult *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  g_free (self->page_summary);
  g_clear_pointer (&self->blank_pages, g_array_unref);
  g_ptr_array_unref (self->codes);
  g_ptr_array_unref (self->messages);
  g_free (self);
}

/* Takes message. */
static void
add_warning (SbPreflightResult *self,
             const char        *code,
             char              *message)
{
  g_ptr_array_add (self->codes, g_strdup (code));
  g_ptr_array_add (self->messages, message);
}

SbProofKind
sb_preflight_result_get_kind (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, SB_PROOF_KIND_PDF);
  return self->kind;
}

guint64
sb_preflight_result_get_size (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->size;
}

guint
sb_preflight_result_get_n_pages (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_pages;
}

const char *
sb_preflight_result_get_page_summary (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->page_summary ? self->page_summary : "";
}

double
sb_preflight_result_get_min_dpi (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->min_dpi;
}

SbPreflightRestrictions
sb_preflight_result_get_restrictions (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->restrictions;
}

GArray *
sb_preflight_result_get_blank_pages (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->blank_pages;
}

gboolean
sb_preflight_result_get_rendered (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->blank_pages != NULL;
}

guint
sb_preflight_result_get_n_warnings (SbPreflightResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->codes->len;
}

const char *
sb_preflight_result_get_warning_code (SbPreflightResult *self,
                                      guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->codes->len, NULL);
  return g_ptr_array_index (self->codes, index);
}

const char *
sb_preflight_result_get_warning_message (SbPreflightResult *self,
                                         guint              index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->messages->len, NULL);
  return g_ptr_array_index (self->messages, index);
}

gboolean
sb_preflight_result_has_warning (SbPreflightResult *self,
                                 const char        *code)
{
  g_return_val_if_fail (self != NULL, FALSE);
  for (guint i = 0; i < self->codes->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->codes, i), code) == 0)
      return TRUE;
  return FALSE;
}

void
sb_preflight_result_add_diagnostics (SbPreflightResult *self,
                                     GListStore        *store,
                                     guint              index,
                                     const char        *name)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (G_IS_LIST_STORE (store));

  for (guint i = 0; i < self->codes->len; i++)
    {
      g_autofree char *message = g_strdup_printf (_("“%s”: %s"), name ? name : "",
                                                  (char *) g_ptr_array_index (self->messages, i));
      g_autoptr(SbDiagnostic) diagnostic =
        sb_diagnostic_new (SB_SEVERITY_WARNING, g_ptr_array_index (self->codes, i),
                           NULL, SB_NO_TASKBOOK, (int) index, message);

      g_list_store_append (store, diagnostic);
    }
}

/* ------------------------------------------------------------ sizes */

static void
tally_add (Tally      *tally,
           guint       page,
           double      value,
           const char *label)
{
  if (tally->count++ == 0)
    {
      tally->first = page;
      tally->label = g_strdup (label);
    }
  if (tally->count == 1 || value < tally->value)
    tally->value = value;
}

static const char *
paper_name (double width_mm,
            double height_mm)
{
  double s = MIN (width_mm, height_mm), l = MAX (width_mm, height_mm);

  for (guint i = 0; i < G_N_ELEMENTS (paper_sizes); i++)
    if (fabs (s - paper_sizes[i].short_mm) <= SIZE_TOLERANCE_MM
        && fabs (l - paper_sizes[i].long_mm) <= SIZE_TOLERANCE_MM)
      return paper_sizes[i].name;
  return NULL;
}

/* "A4", or "500 × 500 mm" for a size without a name. */
static char *
dup_size_name (double width_mm,
               double height_mm)
{
  const char *name = paper_name (width_mm, height_mm);

  return name ? g_strdup (name) : g_strdup_printf ("%.0f × %.0f mm", width_mm, height_mm);
}

/* "Letter, 216 × 279 mm" for a message. */
static char *
dup_size_label (double width_mm,
                double height_mm)
{
  const char *name = paper_name (width_mm, height_mm);

  return name ? g_strdup_printf ("%s, %.0f × %.0f mm", name, width_mm, height_mm)
              : g_strdup_printf ("%.0f × %.0f mm", width_mm, height_mm);
}

/* Counts sizes in order of first appearance: "A4 ×12, Letter ×2". */
static void
count_size (GPtrArray  *names,
            GArray     *counts,
            const char *name)
{
  guint one = 1;

  for (guint i = 0; i < names->len; i++)
    if (g_str_equal (g_ptr_array_index (names, i), name))
      {
        g_array_index (counts, guint, i)++;
        return;
      }
  g_ptr_array_add (names, g_strdup (name));
  g_array_append_val (counts, one);
}

static char *
dup_size_summary (GPtrArray *names,
                  GArray    *counts)
{
  GString *summary = g_string_new (NULL);

  for (guint i = 0; i < names->len; i++)
    g_string_append_printf (summary, "%s%s ×%u", i > 0 ? ", " : "",
                            (char *) g_ptr_array_index (names, i),
                            g_array_index (counts, guint, i));
  return g_string_free (summary, FALSE);
}

/* ------------------------------------------------------------ qpdf */

/* Pixel sizes of the images a page draws directly (not inside forms). */
static GArray *
page_image_sizes (qpdf_data q,
                  qpdf_oh   page)
{
  GArray *sizes = g_array_new (FALSE, FALSE, sizeof (ImageSize));
  qpdf_oh resources = _sb_qpdf_get_inherited (q, page, "/Resources");
  qpdf_oh xobjects = qpdf_oh_get_key_if_dict (q, resources, "/XObject");
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func (g_free);

  if (!qpdf_oh_is_dictionary (q, xobjects))
    return sizes;
  qpdf_oh_begin_dict_key_iter (q, xobjects);
  while (qpdf_oh_dict_more_keys (q) && keys->len < 64)
    g_ptr_array_add (keys, g_strdup (qpdf_oh_dict_next_key (q)));

  for (guint i = 0; i < keys->len; i++)
    {
      qpdf_oh xobject = qpdf_oh_get_key (q, xobjects, g_ptr_array_index (keys, i));
      qpdf_oh dict;
      ImageSize size;

      if (!qpdf_oh_is_stream (q, xobject))
        continue;
      dict = qpdf_oh_get_dict (q, xobject);
      if (!qpdf_oh_is_name_and_equals (q, qpdf_oh_get_key (q, dict, "/Subtype"), "/Image"))
        continue;
      size.width = CLAMP (qpdf_oh_get_int_value (q, qpdf_oh_get_key (q, dict, "/Width")),
                          0, G_MAXINT);
      size.height = CLAMP (qpdf_oh_get_int_value (q, qpdf_oh_get_key (q, dict, "/Height")),
                           0, G_MAXINT);
      if (size.width > 0 && size.height > 0)
        g_array_append_val (sizes, size);
    }
  return sizes;
}

/* How many bytes Flate data inflates to, counted no further than past
 * cap: a bomb is never held. Damaged data counts what it gives. */
static guint64
inflated_size (const guchar *data,
               gsize         length,
               guint64       cap)
{
  g_autoptr(GZlibDecompressor) inflater = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB);
  guchar out[16 * 1024];
  guint64 total = 0;

  while (total <= cap)
    {
      gsize read = 0, written = 0;
      GConverterResult result = g_converter_convert (G_CONVERTER (inflater), data, length,
                                                     out, sizeof out,
                                                     G_CONVERTER_INPUT_AT_END,
                                                     &read, &written, NULL);

      data += read;
      length -= read;
      total += written;
      if (result != G_CONVERTER_CONVERTED || (read == 0 && written == 0))
        break;
    }
  return total;
}

/* The decoded size of one content stream, up to past cap; G_MAXUINT64
 * when a filter other than Flate leaves it unknown. */
static guint64
stream_size (qpdf_data q,
             qpdf_oh   stream,
             guint64   cap)
{
  qpdf_oh filter;
  unsigned char *data = NULL;
  size_t length = 0;
  guint64 size = G_MAXUINT64;

  if (!qpdf_oh_is_stream (q, stream))
    return 0;
  filter = qpdf_oh_get_key (q, qpdf_oh_get_dict (q, stream), "/Filter");
  if (qpdf_oh_is_array (q, filter) && qpdf_oh_get_array_n_items (q, filter) == 1)
    filter = qpdf_oh_get_array_item (q, filter, 0);
  if (qpdf_oh_get_stream_data (q, stream, qpdf_dl_none, NULL, &data, &length) & QPDF_ERRORS)
    ;
  else if (qpdf_oh_is_null (q, filter))
    size = length;
  else if (qpdf_oh_is_name_and_equals (q, filter, "/FlateDecode"))
    size = inflated_size (data, length, cap);
  free (data);
  return size;
}

/* The decoded size of a page's content, up to past cap. */
static guint64
page_content_size (qpdf_data q,
                   qpdf_oh   page,
                   guint64   cap)
{
  qpdf_oh contents = qpdf_oh_get_key (q, page, "/Contents");
  gboolean is_array = qpdf_oh_is_array (q, contents);
  int n = is_array ? qpdf_oh_get_array_n_items (q, contents) : 1;
  guint64 total = 0;

  for (int i = 0; i < n && total <= cap; i++)
    {
      guint64 size = stream_size (q, is_array ? qpdf_oh_get_array_item (q, contents, i)
                                              : contents, cap - total);

      total = size > cap - total ? G_MAXUINT64 : total + size;
    }
  return total;
}

/* For each page, the pixel sizes of its images, read by qpdf from the
 * image dictionaries without decoding anything (poppler-glib only gives
 * an image's size by decoding it), and in content_sizes the decoded
 * size of its content (up to past DRAW_CONTENT_BUDGET). NULL when qpdf
 * sees the file differently from poppler: then there is no resolution
 * check, and nothing is drawn. */
static GPtrArray *
read_page_images (const char  *path,
                  guint        n_pages,
                  GArray     **content_sizes)
{
  qpdf_data q = _sb_qpdf_open (path, n_pages);
  GPtrArray *pages;

  if (q == NULL)
    return NULL;
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  *content_sizes = g_array_sized_new (FALSE, FALSE, sizeof (guint64), n_pages);
  for (guint i = 0; i < n_pages; i++)
    {
      qpdf_oh page = qpdf_get_page_n (q, i);
      guint64 size = page_content_size (q, page, DRAW_CONTENT_BUDGET);

      g_ptr_array_add (pages, page_image_sizes (q, page));
      g_array_append_val (*content_sizes, size);
      /* Handles live until cleanup otherwise: 300 pages add up. */
      qpdf_oh_release_all (q);
    }
  _sb_qpdf_close (&q);
  return pages;
}

/* Whether page i may be drawn (or parsed) within what is left of the
 * budget; takes its share. Images past the cap are not decoded either. */
static gboolean
take_draw_budget (GPtrArray *images,
                  GArray    *content_sizes,
                  guint      i,
                  guint64   *budget)
{
  GArray *sizes;
  guint64 size;

  if (images == NULL)
    return FALSE;
  sizes = g_ptr_array_index (images, i);
  for (guint k = 0; k < sizes->len; k++)
    {
      ImageSize *image = &g_array_index (sizes, ImageSize, k);

      if ((guint64) image->width * image->height > MAX_IMAGE_PIXELS)
        return FALSE;
    }
  size = g_array_index (content_sizes, guint64, i);
  if (size > *budget)
    return FALSE;
  *budget -= size;
  return TRUE;
}

/* ------------------------------------------------------------ PDF */

static double
area_of (PopplerRectangle *r)
{
  return fabs (r->x2 - r->x1) * fabs (r->y2 - r->y1);
}

/* The resolution of a page that is mostly one image, or 0: the image
 * drawn largest (poppler knows where) matched by proportions with the
 * image sizes qpdf read. Orientation does not matter: the geometric
 * mean of the two resolutions is the same either way. */
static double
page_scan_dpi (PopplerPage *page,
               GArray      *images,
               double       page_area)
{
  GList *mapping = poppler_page_get_image_mapping (page);
  PopplerRectangle *largest = NULL;
  double dpi = 0, best = G_MAXDOUBLE;

  for (GList *l = mapping; l != NULL; l = l->next)
    {
      PopplerImageMapping *m = l->data;

      if (largest == NULL || area_of (&m->area) > area_of (largest))
        largest = &m->area;
    }
  if (largest != NULL && area_of (largest) >= SCAN_COVERAGE * page_area)
    {
      double w = fabs (largest->x2 - largest->x1), h = fabs (largest->y2 - largest->y1);
      double aspect = MAX (w, h) / MIN (w, h);

      for (guint i = 0; i < images->len; i++)
        {
          ImageSize *size = &g_array_index (images, ImageSize, i);
          double image_aspect = (double) MAX (size->width, size->height)
                                / MIN (size->width, size->height);
          double mismatch = fabs (image_aspect / aspect - 1);

          if (mismatch < 0.1 && mismatch < best)
            {
              best = mismatch;
              dpi = sqrt ((double) size->width * size->height / (w / 72.0 * h / 72.0));
            }
        }
    }
  poppler_page_free_image_mapping (mapping);
  return dpi;
}

static gboolean
page_is_blank (PopplerPage  *page,
               double        width,
               double        height,
               GError      **error)
{
  double scale = MIN (BLANK_DPI / 72.0, BLANK_MAX_SIDE / MAX (width, height));
  cairo_surface_t *surface = _sb_poppler_page_render (page, scale, error);
  gboolean blank;

  if (surface == NULL)
    return FALSE;
  blank = sb_surface_looks_blank (surface);
  cairo_surface_destroy (surface);
  return blank;
}

static void
warn_restricted (SbPreflightResult *result)
{
  const char *message = NULL;

  if (result->restrictions == (SB_PREFLIGHT_RESTRICTED_PRINT | SB_PREFLIGHT_RESTRICTED_COPY))
    message = _("Its issuer forbade printing and copying this PDF, so the packet may not print "
                "it or may leave its pages out. Ask the issuer for an unprotected copy.");
  else if (result->restrictions & SB_PREFLIGHT_RESTRICTED_PRINT)
    message = _("Its issuer forbade printing this PDF, so the packet may not print it or may "
                "leave its pages out. Ask the issuer for an unprotected copy.");
  else if (result->restrictions & SB_PREFLIGHT_RESTRICTED_COPY)
    message = _("Its issuer forbade copying from this PDF, which some tools refuse to put into "
                "a packet. Ask the issuer for an unprotected copy.");
  if (message != NULL)
    add_warning (result, "restricted", g_strdup (message));
}

static void
warn_pages (SbPreflightResult *result,
            Tally             *not_a4,
            Tally             *low_dpi,
            Tally             *blank)
{
  if (not_a4->count == 1)
    add_warning (result, "not-a4",
                 g_strdup_printf (_("Page %u is not A4 (%s); it will be scaled to fit A4 in "
                                    "the packet."), not_a4->first, not_a4->label));
  else if (not_a4->count > 1)
    add_warning (result, "not-a4",
                 g_strdup_printf (ngettext ("%u page is not A4 (the first is page %u: %s); it "
                                            "will be scaled to fit A4 in the packet.",
                                            "%u pages are not A4 (the first is page %u: %s); "
                                            "they will be scaled to fit A4 in the packet.",
                                            not_a4->count),
                                  not_a4->count, not_a4->first, not_a4->label));

  if (low_dpi->count == 1)
    add_warning (result, "low-dpi",
                 g_strdup_printf (_("Page %u is scanned at only %d dpi and may be hard to read. "
                                    "Scan it again at 300 dpi (%d at least)."),
                                  low_dpi->first, (int) low_dpi->value, SB_PREFLIGHT_MIN_DPI));
  else if (low_dpi->count > 1)
    add_warning (result, "low-dpi",
                 g_strdup_printf (ngettext ("%u page is scanned under %d dpi (the lowest has %d "
                                            "dpi) and may be hard to read. Scan it again at 300 "
                                            "dpi.",
                                            "%u pages are scanned under %d dpi (the lowest has "
                                            "%d dpi) and may be hard to read. Scan them again "
                                            "at 300 dpi.", low_dpi->count),
                                  low_dpi->count, SB_PREFLIGHT_MIN_DPI, (int) low_dpi->value));

  if (blank->count == 1)
    add_warning (result, "blank-page",
                 g_strdup_printf (_("Page %u looks blank. Remove it if it is an empty back "
                                    "side or a scanning mistake."), blank->first));
  else if (blank->count > 1)
    add_warning (result, "blank-page",
                 g_strdup_printf (ngettext ("%u page looks blank (the first is page %u). Remove "
                                            "it if it is an empty back side.",
                                            "%u pages look blank (the first is page %u). Remove "
                                            "them if they are empty back sides.", blank->count),
                                  blank->count, blank->first));

  if (result->n_pages > SB_PREFLIGHT_MAX_PAGES)
    add_warning (result, "too-many-pages",
                 g_strdup_printf (_("This file has %u pages; a reviewer expects at most %d in "
                                    "one proof. Attach only the pages that prove the point, or "
                                    "split the file."),
                                  result->n_pages, SB_PREFLIGHT_MAX_PAGES));
}

static void
tally_clear (Tally *tally)
{
  g_clear_pointer (&tally->label, g_free);
}

/* Walks the pages once: sizes, scans, and (if asked) blankness. */
static gboolean
inspect_pdf_pages (SbPreflightResult  *result,
                   PopplerDocument    *document,
                   const char         *path,
                   GCancellable       *cancellable,
                   GError            **error)
{
  g_autoptr(GArray) content_sizes = NULL;
  g_autoptr(GPtrArray) images = read_page_images (path, result->n_pages, &content_sizes);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) counts = g_array_new (FALSE, FALSE, sizeof (guint));
  gboolean check_blank = !(result->flags & SB_PREFLIGHT_FLAGS_NO_RENDER)
                         && result->n_pages <= SB_PREFLIGHT_MAX_PAGES;
  Tally not_a4 = { 0 }, low_dpi = { 0 }, blank = { 0 };
  guint64 budget = DRAW_CONTENT_BUDGET;
  gboolean ok = TRUE;

  if (check_blank)
    result->blank_pages = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint i = 0; i < result->n_pages; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (document, i);
      g_autofree char *name = NULL;
      double width = 0, height = 0, wmm, hmm;
      gboolean drawable;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          ok = FALSE;
          break;
        }
      if (page == NULL)
        continue;

      poppler_page_get_size (page, &width, &height);
      wmm = width * 25.4 / 72.0;
      hmm = height * 25.4 / 72.0;
      name = dup_size_name (wmm, hmm);
      count_size (names, counts, name);
      if (g_strcmp0 (paper_name (wmm, hmm), "A4") != 0)
        {
          g_autofree char *label = dup_size_label (wmm, hmm);

          tally_add (&not_a4, i + 1, 0, label);
        }

      drawable = take_draw_budget (images, content_sizes, i, &budget);
      if (drawable && ((GArray *) g_ptr_array_index (images, i))->len > 0)
        {
          double dpi = page_scan_dpi (page, g_ptr_array_index (images, i), width * height);

          if (dpi > 0 && (result->min_dpi == 0 || dpi < result->min_dpi))
            result->min_dpi = dpi;
          if (dpi > 0 && dpi < SB_PREFLIGHT_MIN_DPI - 0.5)
            tally_add (&low_dpi, i + 1, round (dpi), NULL);
        }

      if (check_blank && drawable && width >= 1 && height >= 1
          && page_is_blank (page, width, height, NULL))
        {
          guint number = i + 1;

          g_array_append_val (result->blank_pages, number);
          tally_add (&blank, number, 0, NULL);
        }
    }

  if (ok)
    {
      result->page_summary = dup_size_summary (names, counts);
      warn_restricted (result);
      warn_pages (result, &not_a4, &low_dpi, &blank);
    }
  tally_clear (&not_a4);
  tally_clear (&low_dpi);
  tally_clear (&blank);
  return ok;
}

static SbPreflightResult *
preflight_pdf (const char        *path,
               const char        *display,
               guint64            size,
               SbPreflightFlags   flags,
               GCancellable      *cancellable,
               GError           **error)
{
  g_autoptr(SbPreflightResult) result = result_new (SB_PROOF_KIND_PDF, flags, size);
  g_autoptr(PopplerDocument) document = _sb_poppler_document_open (path, display, error);
  PopplerPermissions permissions;
  gboolean ok;

  if (document == NULL)
    return NULL;
  result->n_pages = poppler_document_get_n_pages (document);
  permissions = poppler_document_get_permissions (document);
  if (!(permissions & POPPLER_PERMISSIONS_OK_TO_PRINT))
    result->restrictions |= SB_PREFLIGHT_RESTRICTED_PRINT;
  if (!(permissions & POPPLER_PERMISSIONS_OK_TO_COPY))
    result->restrictions |= SB_PREFLIGHT_RESTRICTED_COPY;

  ok = inspect_pdf_pages (result, document, path, cancellable, error);
  /* What drawing pages for the blank check left in memory. */
  if (result->blank_pages != NULL)
    {
      g_clear_object (&document);
      sb_render_release_memory ();
    }
  return ok ? g_steal_pointer (&result) : NULL;
}

/* ------------------------------------------------------------ images */

static guint
read_be16 (const guchar *p)
{
  return (guint) p[0] << 8 | p[1];
}

static guint32
read_be32 (const guchar *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static gboolean
is_start_of_frame (guchar marker)
{
  return marker >= 0xc0 && marker <= 0xcf
         && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

/* From inside entropy-coded data to the next marker that is not a
 * stuffed 0xFF00 or a restart marker. */
static gsize
skip_entropy_data (const guchar *data,
                   gsize         length,
                   gsize         pos)
{
  while (pos + 1 < length)
    {
      const guchar *ff = memchr (data + pos, 0xff, length - pos - 1);
      guchar next;

      if (ff == NULL)
        break;
      pos = ff - data;
      next = data[pos + 1];
      if (next == 0x00 || (next >= 0xd0 && next <= 0xd7))
        pos += 2;
      else if (next == 0xff)
        pos += 1;
      else
        return pos;
    }
  return length;
}

/* Walks the markers of a JPEG: complete when a frame header gives its
 * size, a scan follows and the image ends with EOI. Does not decode. */
static gboolean
check_jpeg (const guchar *data,
            gsize         length,
            guint        *width,
            guint        *height)
{
  gboolean have_frame = FALSE, have_scan = FALSE;
  gsize pos = 2;

  if (length < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;
  while (pos < length)
    {
      guchar marker;
      guint segment;

      /* Bytes between segments are skipped, as libjpeg does. */
      if (data[pos] != 0xff)
        {
          pos++;
          continue;
        }
      while (pos < length && data[pos] == 0xff)
        pos++;
      if (pos >= length)
        return FALSE;
      marker = data[pos++];
      if (marker == 0xd9)
        return have_frame && have_scan && *width > 0 && *height > 0;
      if ((marker >= 0xd0 && marker <= 0xd7) || marker == 0x01)
        continue;
      if (marker == 0x00 || pos + 2 > length)
        return FALSE;
      segment = read_be16 (data + pos);
      if (segment < 2 || segment > length - pos)
        return FALSE;
      if (is_start_of_frame (marker) && segment >= 7)
        {
          *height = read_be16 (data + pos + 3);
          *width = read_be16 (data + pos + 5);
          have_frame = TRUE;
        }
      pos += segment;
      if (marker == 0xda)
        {
          have_scan = TRUE;
          pos = skip_entropy_data (data, length, pos);
        }
    }
  return FALSE;
}

/* Walks the chunks of a PNG: IHDR first, lengths inside the file, IEND
 * at the end. Decoding (by cairo) is left to the caller. */
static gboolean
check_png_chunks (const guchar *data,
                  gsize         length,
                  guint        *width,
                  guint        *height)
{
  gsize pos = 8;

  while (pos + 12 <= length)
    {
      guint32 chunk = read_be32 (data + pos);
      const guchar *type = data + pos + 4;

      if (chunk > length - pos - 12)
        return FALSE;
      if (pos == 8)
        {
          if (memcmp (type, "IHDR", 4) != 0 || chunk != 13)
            return FALSE;
          *width = read_be32 (data + pos + 8);
          *height = read_be32 (data + pos + 12);
        }
      if (memcmp (type, "IEND", 4) == 0)
        return *width > 0 && *height > 0;
      pos += 12 + chunk;
    }
  return FALSE;
}

/* The resolution of an image printed on A4, in the orientation that
 * suits it. */
static double
image_dpi_on_a4 (guint width,
                 guint height)
{
  return MIN (MAX (width, height) / (A4_HEIGHT_MM / 25.4),
              MIN (width, height) / (A4_WIDTH_MM / 25.4));
}

static void
warn_image (SbPreflightResult *result,
            guint              width,
            guint              height,
            gboolean           blank)
{
  result->page_summary = g_strdup_printf ("%u × %u px", width, height);
  result->min_dpi = image_dpi_on_a4 (width, height);
  if (result->min_dpi < SB_PREFLIGHT_MIN_DPI - 0.5)
    add_warning (result, "low-dpi",
                 g_strdup_printf (_("At A4 size this image has only %d dpi (%u × %u pixels) and "
                                    "may be hard to read. Scan it again at 300 dpi (%d at "
                                    "least)."), (int) round (result->min_dpi), width, height,
                                  SB_PREFLIGHT_MIN_DPI));
  if (blank)
    add_warning (result, "blank-page",
                 g_strdup (_("The image looks blank. Check that the right file, and the right "
                             "side of the paper, was scanned.")));
}

static gboolean
refuse_bad_image (const char  *display,
                  const char  *type,
                  GError     **error)
{
  g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_BAD_IMAGE,
               /* Translators: the second %s is JPEG or PNG. */
               _("“%s” is not a complete %s image: it is damaged or was cut short. Scan or "
                 "export it again."), display, type);
  return FALSE;
}

static gboolean
refuse_large_image (const char  *display,
                    guint        width,
                    guint        height,
                    GError     **error)
{
  if ((guint64) width * height <= MAX_IMAGE_PIXELS)
    return TRUE;
  g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_TOO_LARGE,
               _("“%s” is too large an image (%u × %u pixels) to be shown or printed. Scan it "
                 "again at 300 dpi."), display, width, height);
  return FALSE;
}

/* Decodes with cairo (the only PNG decoder core has); blank says
 * whether it shows nothing. Too large to decode cheaply: not checked. */
static gboolean
decode_png (const char        *path,
            const char        *display,
            guint              width,
            guint              height,
            gboolean           check_blank,
            gboolean          *blank,
            GError           **error)
{
  cairo_surface_t *image;
  cairo_surface_t *small;

  if ((guint64) width * height > SB_RENDER_MAX_PIXELS)
    return TRUE;
  image = cairo_image_surface_create_from_png (path);
  if (cairo_surface_status (image) != CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_destroy (image);
      return refuse_bad_image (display, "PNG", error);
    }
  small = check_blank ? _sb_surface_fit (image, BLANK_MAX_SIDE, NULL) : NULL;
  *blank = small != NULL && sb_surface_looks_blank (small);
  g_clear_pointer (&small, cairo_surface_destroy);
  cairo_surface_destroy (image);
  return TRUE;
}

static SbPreflightResult *
preflight_image (const char        *path,
                 const char        *display,
                 SbProofKind        kind,
                 guint64            size,
                 SbPreflightFlags   flags,
                 GCancellable      *cancellable,
                 GError           **error)
{
  g_autoptr(SbPreflightResult) result = result_new (kind, flags, size);
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (path, FALSE, error);
  gboolean check_blank = !(flags & SB_PREFLIGHT_FLAGS_NO_RENDER);
  gboolean blank = FALSE;
  guint width = 0, height = 0;
  const guchar *data;
  gsize length;

  if (mapped == NULL)
    return NULL;
  data = (const guchar *) g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);

  if (kind == SB_PROOF_KIND_JPEG
      ? !check_jpeg (data, length, &width, &height)
      : !check_png_chunks (data, length, &width, &height))
    {
      refuse_bad_image (display, kind == SB_PROOF_KIND_JPEG ? "JPEG" : "PNG", error);
      return NULL;
    }
  if (!refuse_large_image (display, width, height, error))
    return NULL;
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (kind == SB_PROOF_KIND_PNG
      && !decode_png (path, display, width, height, check_blank, &blank, error))
    return NULL;

  /* A JPEG is not decoded here: no blank check for it. */
  if (check_blank && kind == SB_PROOF_KIND_PNG)
    {
      guint number = 1;

      result->blank_pages = g_array_new (FALSE, FALSE, sizeof (guint));
      if (blank)
        g_array_append_val (result->blank_pages, number);
    }
  warn_image (result, width, height, blank);
  return g_steal_pointer (&result);
}

/* ------------------------------------------------------------ file */

static gboolean
sniff_kind (const guchar *head,
            gsize         length,
            SbProofKind  *kind)
{
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guchar jpeg[] = { 0xff, 0xd8, 0xff };

  if (length >= sizeof png && memcmp (head, png, sizeof png) == 0)
    return *kind = SB_PROOF_KIND_PNG, TRUE;
  if (length >= sizeof jpeg && memcmp (head, jpeg, sizeof jpeg) == 0)
    return *kind = SB_PROOF_KIND_JPEG, TRUE;
  for (gsize i = 0; i + 5 <= length; i++)
    if (memcmp (head + i, "%PDF-", 5) == 0)
      return *kind = SB_PROOF_KIND_PDF, TRUE;
  return FALSE;
}

static gboolean
read_head (GFile         *file,
           guchar        *head,
           gsize         *length,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);

  return in != NULL
         && g_input_stream_read_all (G_INPUT_STREAM (in), head, SNIFF_SIZE, length,
                                     cancellable, error);
}

/* Refusals that need no parsing; the kind by content. */
static gboolean
check_file (GFile         *file,
            const char    *display,
            guint64       *size,
            SbProofKind   *kind,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  guchar head[SNIFF_SIZE];
  gsize length = 0;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_NOT_FILE,
                   _("“%s” is not a file. Attach the PDF or image files themselves."), display);
      return FALSE;
    }
  *size = g_file_info_get_size (info);
  if (*size == 0)
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_EMPTY,
                   _("“%s” is empty: it holds no data. Copy or download the original file "
                     "again."), display);
      return FALSE;
    }
  if (!read_head (file, head, &length, cancellable, error))
    return FALSE;
  if (!sniff_kind (head, length, kind))
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_UNKNOWN_TYPE,
                   _("“%s” is not a PDF, JPEG or PNG file. Save or scan the document as PDF "
                     "and attach that."), display);
      return FALSE;
    }
  return TRUE;
}

SbPreflightResult *
sb_preflight_file_full (GFile             *file,
                        SbPreflightFlags   flags,
                        GCancellable      *cancellable,
                        GError           **error)
{
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  SbProofKind kind;
  guint64 size = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  path = g_file_get_path (file);
  display = path ? g_filename_display_basename (path) : g_file_get_parse_name (file);
  if (path == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("“%s” is not on this computer. Copy it to a local folder first."),
                   display);
      return NULL;
    }
  if (!check_file (file, display, &size, &kind, cancellable, error))
    return NULL;
  if (kind == SB_PROOF_KIND_PDF)
    return preflight_pdf (path, display, size, flags, cancellable, error);
  return preflight_image (path, display, kind, size, flags, cancellable, error);
}

SbPreflightResult *
sb_preflight_file (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  return sb_preflight_file_full (file, SB_PREFLIGHT_FLAGS_NONE, cancellable, error);
}

/* ------------------------------------------------------------ submission */

typedef struct {
  SbPreflightResult *result;
  GError            *error;       /* refused, or unreadable */
  guint64            size;
  gboolean           has_size;
} Outcome;

static GMutex cache_lock;
static GHashTable *cache;         /* sha256 → Outcome */

static void
outcome_free (Outcome *outcome)
{
  g_clear_pointer (&outcome->result, sb_preflight_result_unref);
  g_clear_error (&outcome->error);
  g_free (outcome);
}

/* Called with cache_lock held. */
static Outcome *
ensure_outcome (const char *sha256)
{
  Outcome *outcome;

  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                   (GDestroyNotify) outcome_free);
  outcome = g_hash_table_lookup (cache, sha256);
  if (outcome == NULL)
    {
      if (g_hash_table_size (cache) >= CACHE_MAX)
        g_hash_table_remove_all (cache);
      outcome = g_new0 (Outcome, 1);
      g_hash_table_insert (cache, g_strdup (sha256), outcome);
    }
  return outcome;
}

void
sb_preflight_remember (const char        *sha256,
                       SbPreflightResult *result,
                       const GError      *error)
{
  Outcome *outcome;

  g_return_if_fail (sha256 != NULL);
  g_return_if_fail ((result == NULL) != (error == NULL));

  g_mutex_lock (&cache_lock);
  outcome = ensure_outcome (sha256);
  g_clear_pointer (&outcome->result, sb_preflight_result_unref);
  g_clear_error (&outcome->error);
  outcome->result = result ? sb_preflight_result_ref (result) : NULL;
  outcome->error = error ? g_error_copy (error) : NULL;
  if (result != NULL)
    {
      outcome->size = result->size;
      outcome->has_size = TRUE;
    }
  g_mutex_unlock (&cache_lock);
}

SbPreflightResult *
sb_preflight_lookup (const char *sha256)
{
  SbPreflightResult *result = NULL;
  Outcome *outcome;

  g_return_val_if_fail (sha256 != NULL, NULL);

  g_mutex_lock (&cache_lock);
  outcome = cache ? g_hash_table_lookup (cache, sha256) : NULL;
  if (outcome != NULL && outcome->result != NULL)
    result = sb_preflight_result_ref (outcome->result);
  g_mutex_unlock (&cache_lock);
  return result;
}

/* Whether a remembered outcome answers a preflight with flags. An
 * unreadable file is tried again: the reason may have gone away. */
static gboolean
is_known (const char       *sha256,
          SbPreflightFlags  flags)
{
  gboolean known = FALSE;
  Outcome *outcome;

  g_mutex_lock (&cache_lock);
  outcome = cache ? g_hash_table_lookup (cache, sha256) : NULL;
  if (outcome != NULL && outcome->result != NULL)
    known = !(outcome->result->flags & SB_PREFLIGHT_FLAGS_NO_RENDER)
            || (flags & SB_PREFLIGHT_FLAGS_NO_RENDER);
  else if (outcome != NULL && outcome->error != NULL)
    known = outcome->error->domain == SB_PREFLIGHT_ERROR;
  g_mutex_unlock (&cache_lock);
  return known;
}

gboolean
sb_preflight_submission (SbSubmission      *submission,
                         SbPreflightFlags   flags,
                         GCancellable      *cancellable,
                         GError           **error)
{
  guint n;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), FALSE);

  n = sb_submission_get_n_attachments (submission);
  for (guint i = 0; i < n; i++)
    {
      const char *sha256 = sb_submission_get_attachment_sha256 (submission, i);
      g_autoptr(SbPreflightResult) result = NULL;
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GFile) file = NULL;

      if (sha256 == NULL || is_known (sha256, flags))
        continue;
      file = sb_submission_dup_attachment_file (submission, sha256, cancellable, &local_error);
      if (file != NULL)
        result = sb_preflight_file_full (file, flags, cancellable, &local_error);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      sb_preflight_remember (sha256, result, local_error);
    }
  return TRUE;
}

/* ------------------------------------------------------------ diagnostics */

static void
add_diagnostic (GListStore *store,
                SbSeverity  severity,
                const char *code,
                guint       index,
                const char *message)
{
  g_autoptr(SbDiagnostic) diagnostic =
    sb_diagnostic_new (severity, code, NULL, SB_NO_TASKBOOK, (int) index, message);

  g_list_store_append (store, diagnostic);
}

/* The size of an attachment's bytes: from its source file, else from
 * its entry in the saved file (archive opened at most once a call). */
static gboolean
query_size (SbSubmission  *submission,
            const char    *sha256,
            zip_t        **archive,
            guint64       *size)
{
  GFile *source = sb_submission_get_attachment_source (submission, sha256);
  GFile *saved = sb_submission_get_archive (submission);
  g_autofree char *entry = NULL;
  zip_stat_t st;

  if (source != NULL)
    {
      g_autoptr(GFileInfo) info = g_file_query_info (source, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                                                     G_FILE_QUERY_INFO_NONE, NULL, NULL);

      *size = info ? (guint64) g_file_info_get_size (info) : 0;
      return info != NULL;
    }
  if (*archive == NULL && saved != NULL && g_file_peek_path (saved) != NULL)
    *archive = zip_open (g_file_peek_path (saved), ZIP_RDONLY, NULL);
  if (*archive == NULL)
    return FALSE;
  entry = g_strconcat ("attachments/", sha256, NULL);
  zip_stat_init (&st);
  if (zip_stat (*archive, entry, ZIP_FL_ENC_RAW, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
    return FALSE;
  *size = st.size;
  return TRUE;
}

/* The size of an attachment, remembered by hash once known. */
static guint64
attachment_size (SbSubmission  *submission,
                 const char    *sha256,
                 zip_t        **archive)
{
  Outcome *outcome;
  guint64 size = 0;
  gboolean known;

  g_mutex_lock (&cache_lock);
  outcome = ensure_outcome (sha256);
  known = outcome->has_size;
  size = outcome->size;
  g_mutex_unlock (&cache_lock);
  if (known || !query_size (submission, sha256, archive, &size))
    return size;

  g_mutex_lock (&cache_lock);
  outcome = ensure_outcome (sha256);
  outcome->size = size;
  outcome->has_size = TRUE;
  g_mutex_unlock (&cache_lock);
  return size;
}

static void
add_outcome_diagnostics (SbSubmission *submission,
                         GListStore   *store,
                         guint         index)
{
  const char *sha256 = sb_submission_get_attachment_sha256 (submission, index);
  const char *name = sb_submission_get_attachment_name (submission, index);
  g_autoptr(SbPreflightResult) result = NULL;
  g_autoptr(GError) error = NULL;
  Outcome *outcome;

  g_mutex_lock (&cache_lock);
  outcome = cache ? g_hash_table_lookup (cache, sha256) : NULL;
  if (outcome != NULL && outcome->result != NULL)
    result = sb_preflight_result_ref (outcome->result);
  else if (outcome != NULL && outcome->error != NULL)
    error = g_error_copy (outcome->error);
  g_mutex_unlock (&cache_lock);

  if (result != NULL)
    sb_preflight_result_add_diagnostics (result, store, index, name);
  else if (error != NULL && error->domain == SB_PREFLIGHT_ERROR)
    add_diagnostic (store, SB_SEVERITY_ERROR, "attachment-refused", index, error->message);
  else if (error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Cannot read attachment “%s”: %s"),
                                                  name, error->message);

      add_diagnostic (store, SB_SEVERITY_ERROR, "attachment-unreadable", index, message);
    }
}

static void
check_duplicate (SbSubmission *submission,
                 GListStore   *store,
                 GHashTable   *first_index,
                 guint         index)
{
  const char *sha256 = sb_submission_get_attachment_sha256 (submission, index);
  gpointer first;
  g_autofree char *message = NULL;

  if (!g_hash_table_lookup_extended (first_index, sha256, NULL, &first))
    {
      g_hash_table_insert (first_index, (gpointer) sha256, GUINT_TO_POINTER (index));
      return;
    }
  message = g_strdup_printf (_("“%s” has the same content as attachment %u, “%s”. Remove "
                               "one of them."),
                             sb_submission_get_attachment_name (submission, index),
                             GPOINTER_TO_UINT (first) + 1,
                             sb_submission_get_attachment_name (submission,
                                                                GPOINTER_TO_UINT (first)));
  add_diagnostic (store, SB_SEVERITY_WARNING, "duplicate", index, message);
}

/* Adds the attachment's size to its category's total; warns once, on
 * the file that takes the total over the limit. */
static void
check_category_size (SbSubmission *submission,
                     GListStore   *store,
                     GHashTable   *totals,
                     zip_t       **archive,
                     guint         index)
{
  const char *category = sb_submission_get_attachment_category (submission, index);
  const char *sha256 = sb_submission_get_attachment_sha256 (submission, index);
  guint64 *total = g_hash_table_lookup (totals, category);
  guint64 before;
  SbTemplate *template = sb_submission_get_template (submission);
  SbCategory *cat = template ? sb_template_get_category (template, category) : NULL;
  g_autofree char *sum = NULL;
  g_autofree char *limit = NULL;
  g_autofree char *message = NULL;

  if (total == NULL)
    {
      total = g_new0 (guint64, 1);
      g_hash_table_insert (totals, (gpointer) category, total);
    }
  before = *total;
  *total += attachment_size (submission, sha256, archive);
  if (before > SB_PREFLIGHT_CATEGORY_MAX || *total <= SB_PREFLIGHT_CATEGORY_MAX)
    return;

  sum = g_format_size (*total);
  limit = g_format_size (SB_PREFLIGHT_CATEGORY_MAX);
  message = g_strdup_printf (_("The files under “%s” add up to %s with “%s”, more than "
                               "the %s a reviewer would accept. Scan at 200 to 300 dpi as "
                               "JPEG-compressed PDF, or attach only the pages that matter."),
                             cat ? cat->title : category, sum,
                             sb_submission_get_attachment_name (submission, index), limit);
  add_diagnostic (store, SB_SEVERITY_WARNING, "category-too-large", index, message);
}

void
sb_preflight_add_submission_diagnostics (SbSubmission *submission,
                                         GListStore   *store)
{
  g_autoptr(GHashTable) first_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  zip_t *archive = NULL;
  guint n;

  g_return_if_fail (SB_IS_SUBMISSION (submission));
  g_return_if_fail (G_IS_LIST_STORE (store));

  n = sb_submission_get_n_attachments (submission);
  for (guint i = 0; i < n; i++)
    {
      if (sb_submission_get_attachment_sha256 (submission, i) == NULL
          || sb_submission_get_attachment_category (submission, i) == NULL)
        continue;
      add_outcome_diagnostics (submission, store, i);
      check_duplicate (submission, store, first_index, i);
      check_category_size (submission, store, totals, &archive, i);
    }
  if (archive != NULL)
    zip_discard (archive);
}
