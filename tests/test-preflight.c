/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "sb-core.h"
#include "sb-page-renderer.h"
#include "sb-preflight.h"

/* The files are in tests/data/proofs, written by tests/data/make-proofs.py. */

static char *
proof_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "proofs", name, NULL);
}

static SbPreflightResult *
preflight (const char        *name,
           SbPreflightFlags   flags,
           GError           **error)
{
  g_autofree char *path = proof_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  return sb_preflight_file_full (file, flags, NULL, error);
}

/* The warning codes of a result, sorted and joined by spaces. */
static char *
dup_codes (SbPreflightResult *result)
{
  guint n = sb_preflight_result_get_n_warnings (result);
  g_autofree const char **codes = g_new0 (const char *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      codes[i] = sb_preflight_result_get_warning_code (result, i);
      g_assert_cmpstr (sb_preflight_result_get_warning_message (result, i), !=, "");
    }
  qsort (codes, n, sizeof (char *), (GCompareFunc) g_strcmp0);
  return g_strjoinv (" ", (char **) codes);
}

/* Refusals */

typedef struct {
  const char      *name;
  SbPreflightError code;
} Refusal;

static const Refusal refusals[] = {
  { "empty.pdf", SB_PREFLIGHT_ERROR_EMPTY },
  { "text.pdf", SB_PREFLIGHT_ERROR_UNKNOWN_TYPE },
  /* Cut at 55 %: cairo writes the page tree and catalog last, so
   * nothing is left to repair. */
  { "truncated.pdf", SB_PREFLIGHT_ERROR_DAMAGED },
  { "garbage.pdf", SB_PREFLIGHT_ERROR_DAMAGED },
  { "zero-pages.pdf", SB_PREFLIGHT_ERROR_NO_PAGES },
  { "encrypted-user.pdf", SB_PREFLIGHT_ERROR_ENCRYPTED },
  { "image-truncated.jpg", SB_PREFLIGHT_ERROR_BAD_IMAGE },
  { "image-truncated.png", SB_PREFLIGHT_ERROR_BAD_IMAGE },
};

static void
test_refused (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (refusals); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SbPreflightResult) result = preflight (refusals[i].name, 0, &error);

      g_test_message ("%s", refusals[i].name);
      g_assert_null (result);
      g_assert_error (error, SB_PREFLIGHT_ERROR, (int) refusals[i].code);
      /* The message names the file, so a toast or stderr can stand alone. */
      g_assert_nonnull (strstr (error->message, refusals[i].name));
    }
}

static void
test_refused_messages_say_what_to_do (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPreflightResult) result = preflight ("encrypted-user.pdf", 0, &error);

  g_assert_null (result);
  g_assert_nonnull (strstr (error->message, "unprotected copy"));
}

static void
test_not_a_file (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "proofs", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPreflightResult) result = sb_preflight_file (file, NULL, &error);

  g_assert_null (result);
  g_assert_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_NOT_FILE);
}

/* Accepted files and their warnings */

typedef struct {
  const char  *name;
  SbProofKind  kind;
  guint        n_pages;
  const char  *codes;     /* sorted */
  double       dpi;       /* 0: no scan */
} Outcome;

static const Outcome outcomes[] = {
  { "a4.pdf", SB_PROOF_KIND_PDF, 1, "", 0 },
  { "a4-landscape.pdf", SB_PROOF_KIND_PDF, 1, "", 0 },
  { "rotated.pdf", SB_PROOF_KIND_PDF, 1, "", 0 },           /* /Rotate 90: A4 landscape */
  { "three-pages.pdf", SB_PROOF_KIND_PDF, 3, "", 0 },
  { "object-streams.pdf", SB_PROOF_KIND_PDF, 3, "", 0 },
  /* Every xref offset and startxref are wrong, but the objects are
   * intact: poppler rebuilds the table by scanning for "obj", as every
   * PDF reader does, so the file opens, prints, and is accepted. */
  { "broken-xref.pdf", SB_PROOF_KIND_PDF, 3, "", 0 },
  { "letter.pdf", SB_PROOF_KIND_PDF, 1, "not-a4", 0 },
  { "huge-mediabox.pdf", SB_PROOF_KIND_PDF, 1, "not-a4", 0 },
  { "encrypted-owner.pdf", SB_PROOF_KIND_PDF, 1, "restricted", 0 },
  { "scan-72dpi.pdf", SB_PROOF_KIND_PDF, 1, "low-dpi", 72 },
  { "scan-200dpi.pdf", SB_PROOF_KIND_PDF, 1, "", 200 },
  { "scan-rotated.pdf", SB_PROOF_KIND_PDF, 1, "low-dpi", 72 },  /* A4 landscape */
  { "blank-page.pdf", SB_PROOF_KIND_PDF, 3, "blank-page", 0 },
  { "many-pages.pdf", SB_PROOF_KIND_PDF, 60, "too-many-pages", 0 },
  /* Decided by content: a PNG with a .pdf name is a PNG. */
  { "png-renamed.pdf", SB_PROOF_KIND_PNG, 1, "", 150 },
  { "image.jpg", SB_PROOF_KIND_JPEG, 1, "", 150 },           /* progressive */
  { "image-lowres.jpg", SB_PROOF_KIND_JPEG, 1, "low-dpi", 48 },
  { "blank.png", SB_PROOF_KIND_PNG, 1, "blank-page", 150 },
};

static void
test_outcomes (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (outcomes); i++)
    {
      const Outcome *o = &outcomes[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(SbPreflightResult) result = preflight (o->name, 0, &error);
      g_autofree char *codes = NULL;

      g_test_message ("%s", o->name);
      g_assert_no_error (error);
      g_assert_nonnull (result);
      codes = dup_codes (result);
      g_assert_cmpstr (codes, ==, o->codes);
      g_assert_cmpint (sb_preflight_result_get_kind (result), ==, o->kind);
      g_assert_cmpuint (sb_preflight_result_get_n_pages (result), ==, o->n_pages);
      g_assert_cmpfloat_with_epsilon (sb_preflight_result_get_min_dpi (result), o->dpi, 1.0);
      g_assert_cmpuint (sb_preflight_result_get_size (result), >, 0);
    }
}

static void
test_details (void)
{
  g_autoptr(SbPreflightResult) letter = preflight ("letter.pdf", 0, NULL);
  g_autoptr(SbPreflightResult) owner = preflight ("encrypted-owner.pdf", 0, NULL);
  g_autoptr(SbPreflightResult) blank = preflight ("blank-page.pdf", 0, NULL);
  g_autoptr(SbPreflightResult) many = preflight ("many-pages.pdf", 0, NULL);
  g_autoptr(SbPreflightResult) rotated = preflight ("rotated.pdf", 0, NULL);
  g_autoptr(SbPreflightResult) image = preflight ("image.jpg", 0, NULL);
  GArray *pages;

  g_assert_cmpstr (sb_preflight_result_get_page_summary (letter), ==, "Letter ×1");
  g_assert_nonnull (strstr (sb_preflight_result_get_warning_message (letter, 0), "216 × 279 mm"));
  g_assert_cmpstr (sb_preflight_result_get_page_summary (rotated), ==, "A4 ×1");
  g_assert_cmpstr (sb_preflight_result_get_page_summary (image), ==, "1240 × 1754 px");

  g_assert_cmpint (sb_preflight_result_get_restrictions (owner), ==,
                   SB_PREFLIGHT_RESTRICTED_PRINT | SB_PREFLIGHT_RESTRICTED_COPY);
  g_assert_nonnull (strstr (sb_preflight_result_get_warning_message (owner, 0),
                            "unprotected copy"));

  g_assert_true (sb_preflight_result_get_rendered (blank));
  pages = sb_preflight_result_get_blank_pages (blank);
  g_assert_cmpuint (pages->len, ==, 1);
  g_assert_cmpuint (g_array_index (pages, guint, 0), ==, 2);

  /* Past 50 pages nothing is drawn: the blank check is skipped. */
  g_assert_false (sb_preflight_result_get_rendered (many));
  g_assert_null (sb_preflight_result_get_blank_pages (many));
}

static void
test_no_render (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPreflightResult) result =
    preflight ("blank-page.pdf", SB_PREFLIGHT_FLAGS_NO_RENDER, &error);
  g_autoptr(SbPreflightResult) png =
    preflight ("blank.png", SB_PREFLIGHT_FLAGS_NO_RENDER, &error);

  g_assert_no_error (error);
  g_assert_false (sb_preflight_result_has_warning (result, "blank-page"));
  g_assert_false (sb_preflight_result_get_rendered (result));
  g_assert_false (sb_preflight_result_has_warning (png, "blank-page"));
}

static void
test_cancelled (void)
{
  g_autofree char *path = proof_path ("three-pages.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPreflightResult) result = NULL;
  cairo_surface_t *surface;

  g_cancellable_cancel (cancellable);
  result = sb_preflight_file (file, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  surface = sb_render_pdf_page (path, 0, 1.0, cancellable, &error);
  g_assert_null (surface);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* Submission-wide checks */

static guint
count_diagnostics (GListModel *store,
                   const char *code,
                   int         attachment,
                   SbSeverity  severity)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (store); i++)
    {
      g_autoptr(SbDiagnostic) d = g_list_model_get_item (store, i);

      if (g_str_equal (sb_diagnostic_get_code (d), code)
          && sb_diagnostic_get_attachment (d) == attachment
          && sb_diagnostic_get_severity (d) == severity)
        n++;
    }
  return n;
}

static guint
add_proof (SbSubmission *submission,
           const char   *category,
           const char   *name)
{
  g_autofree char *path = proof_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *sha256 = sb_file_compute_sha256 (file, NULL, NULL);

  g_assert_nonnull (sha256);
  return sb_submission_add_attachment (submission, category, name, sha256, NULL, file);
}

static void
test_submission (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(GListStore) store = g_list_store_new (SB_TYPE_DIAGNOSTIC);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("shenbao-preflight-XXXXXX", NULL);
  g_autofree char *big_path = g_build_filename (dir, "huge-scan.pdf", NULL);
  g_autoptr(GFile) big = g_file_new_for_path (big_path);
  GPtrArray *categories;
  const char *first, *second;
  guint a4, letter, copy, locked, huge;
  int fd;

  g_assert_nonnull (template);
  categories = sb_template_get_categories (template);
  g_assert_cmpuint (categories->len, >=, 2);
  first = ((SbCategory *) g_ptr_array_index (categories, 0))->id;
  second = ((SbCategory *) g_ptr_array_index (categories, 1))->id;
  submission = sb_submission_new (template);

  /* A sparse file over the category limit: only its size matters. */
  fd = g_open (big_path, O_CREAT | O_WRONLY, 0600);
  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (ftruncate (fd, SB_PREFLIGHT_CATEGORY_MAX + 1), ==, 0);
  close (fd);

  add_proof (submission, first, "a4.pdf");
  add_proof (submission, first, "letter.pdf");
  add_proof (submission, second, "a4.pdf");
  /* Not through attach (as an import could): refused, so an error. */
  add_proof (submission, second, "encrypted-user.pdf");
  huge = sb_submission_add_attachment (submission, second, "huge-scan.pdf",
                                       "0123456789abcdef0123456789abcdef"
                                       "0123456789abcdef0123456789abcdef", NULL, big);
  /* Packet order: the first category's files, then the second's. */
  a4 = 0;
  letter = 1;
  copy = 2;
  locked = 3;
  g_assert_cmpstr (sb_submission_get_attachment_name (submission, letter), ==, "letter.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_name (submission, copy), ==, "a4.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_name (submission, locked), ==,
                   "encrypted-user.pdf");
  g_assert_cmpuint (huge, ==, 4);

  /* Before any preflight: only what needs no parsing. */
  sb_preflight_add_submission_diagnostics (submission, store);
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "duplicate", copy,
                                       SB_SEVERITY_WARNING), ==, 1);
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "duplicate", a4,
                                       SB_SEVERITY_WARNING), ==, 0);
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "category-too-large", huge,
                                       SB_SEVERITY_WARNING), ==, 1);

  g_assert_true (sb_preflight_submission (submission, SB_PREFLIGHT_FLAGS_NONE, NULL, &error));
  g_assert_no_error (error);
  g_list_store_remove_all (store);
  sb_preflight_add_submission_diagnostics (submission, store);
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "not-a4", letter,
                                       SB_SEVERITY_WARNING), ==, 1);
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "attachment-refused", locked,
                                       SB_SEVERITY_ERROR), ==, 1);
  /* The sparse file is zeros: not a PDF. */
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "attachment-refused", huge,
                                       SB_SEVERITY_ERROR), ==, 1);
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "category-too-large", huge,
                                       SB_SEVERITY_WARNING), ==, 1);
  g_assert_cmpuint (count_diagnostics (G_LIST_MODEL (store), "category-too-large", letter,
                                       SB_SEVERITY_WARNING), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (store)), ==, 5);

  {
    g_autoptr(SbPreflightResult) remembered =
      sb_preflight_lookup (sb_submission_get_attachment_sha256 (submission, letter));

    g_assert_nonnull (remembered);
    g_assert_true (sb_preflight_result_has_warning (remembered, "not-a4"));
  }

  g_unlink (big_path);
  g_rmdir (dir);
}

/* Rendering */

static gboolean
has_ink (cairo_surface_t *surface)
{
  return !sb_surface_looks_blank (surface);
}

static void
test_render_page (void)
{
  g_autofree char *path = proof_path ("a4.pdf");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  surface = sb_render_pdf_page (path, 0, 1.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_format (surface), ==, CAIRO_FORMAT_ARGB32);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 596);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 842);
  g_assert_true (has_ink (surface));
  cairo_surface_destroy (surface);

  /* 100 % on a screen: 96 dpi. */
  surface = sb_render_pdf_page (path, 0, 96.0 / 72.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 794);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 1123);
  cairo_surface_destroy (surface);
}

static void
test_render_thumbnail (void)
{
  g_autofree char *path = proof_path ("three-pages.pdf");
  g_autofree char *png = proof_path ("png-renamed.pdf");
  g_autoptr(SbPageRenderer) renderer = NULL;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  double width, height;

  renderer = sb_page_renderer_new (path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_page_renderer_get_n_pages (renderer), ==, 3);
  g_assert_true (sb_page_renderer_get_page_size (renderer, 2, &width, &height));
  g_assert_cmpfloat_with_epsilon (width, 595.276, 0.01);
  g_assert_cmpfloat_with_epsilon (height, 841.89, 0.01);

  surface = sb_page_renderer_render_thumbnail (renderer, 2, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 91);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 128);
  g_assert_true (has_ink (surface));
  cairo_surface_destroy (surface);

  surface = sb_page_renderer_render_thumbnail (renderer, 3, 128, NULL, &error);
  g_assert_null (surface);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  /* A PNG, whatever its name, through cairo. */
  surface = sb_render_png_thumbnail (png, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 90);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 128);
  g_assert_true (has_ink (surface));
  cairo_surface_destroy (surface);
}

static void
test_render_awkward (void)
{
  g_autofree char *rotated = proof_path ("rotated.pdf");
  g_autofree char *huge = proof_path ("huge-mediabox.pdf");
  g_autofree char *blank = proof_path ("blank-page.pdf");
  g_autofree char *locked = proof_path ("encrypted-user.pdf");
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  int width, height;

  /* /Rotate 90 turns the A4 page on its side. */
  surface = sb_render_pdf_page (rotated, 0, 1.0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 842);
  g_assert_cmpint (cairo_image_surface_get_height (surface), ==, 596);
  g_assert_true (has_ink (surface));
  cairo_surface_destroy (surface);

  /* 200 inches a side: the surface is capped, not 14400 × 14400. */
  surface = sb_render_pdf_page (huge, 0, 1.0, NULL, &error);
  g_assert_no_error (error);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  g_assert_cmpint (width, <=, SB_RENDER_MAX_SIDE);
  g_assert_cmpint ((gint64) width * height, <=, SB_RENDER_MAX_PIXELS);
  g_assert_cmpint (width, ==, height);
  g_assert_true (has_ink (surface));
  cairo_surface_destroy (surface);
  surface = sb_render_pdf_thumbnail (huge, 0, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 128);
  cairo_surface_destroy (surface);

  surface = sb_render_pdf_thumbnail (blank, 1, 128, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (sb_surface_looks_blank (surface));
  cairo_surface_destroy (surface);

  surface = sb_render_pdf_page (locked, 0, 1.0, NULL, &error);
  g_assert_null (surface);
  g_assert_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_ENCRYPTED);
  g_clear_error (&error);

  surface = sb_render_pdf_page ("/nonexistent/proof.pdf", 0, 1.0, NULL, &error);
  g_assert_null (surface);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_render_jpeg_pass_through (void)
{
  g_autofree char *scan = proof_path ("scan-200dpi.pdf");
  g_autofree char *vector = proof_path ("a4.pdf");
  g_autofree char *rotated = proof_path ("scan-rotated.pdf");
  g_autoptr(SbPageRenderer) renderer = sb_page_renderer_new (scan, NULL, NULL);
  g_autoptr(SbPageRenderer) other = sb_page_renderer_new (vector, NULL, NULL);
  g_autoptr(GBytes) jpeg = NULL;
  g_autoptr(GBytes) none = NULL;
  cairo_surface_t *surface;
  const guchar *data;
  gsize length;

  /* A page that is one full-page JPEG: its bytes, as embedded. */
  jpeg = sb_page_renderer_dup_page_jpeg (renderer, 0);
  g_assert_nonnull (jpeg);
  data = g_bytes_get_data (jpeg, &length);
  g_assert_cmpuint (length, >, 1000);
  g_assert_cmpuint (data[0], ==, 0xff);
  g_assert_cmpuint (data[1], ==, 0xd8);
  g_assert_cmpuint (data[length - 2], ==, 0xff);
  g_assert_cmpuint (data[length - 1], ==, 0xd9);
  g_assert_null (sb_page_renderer_dup_page_jpeg (renderer, 1));

  /* Anything else is rendered: vector pages, a turned scan. */
  none = sb_page_renderer_dup_page_jpeg (other, 0);
  g_assert_null (none);
  g_clear_object (&other);
  other = sb_page_renderer_new (rotated, NULL, NULL);
  none = sb_page_renderer_dup_page_jpeg (other, 0);
  g_assert_null (none);
  surface = sb_render_pdf_thumbnail (rotated, 0, 64, NULL, NULL);
  g_assert_cmpint (cairo_image_surface_get_width (surface), ==, 64);
  g_assert_true (has_ink (surface));
  cairo_surface_destroy (surface);
}

static gboolean
same_pixels (cairo_surface_t *a,
             cairo_surface_t *b)
{
  int height = cairo_image_surface_get_height (a);
  int stride = cairo_image_surface_get_stride (a);

  return cairo_image_surface_get_width (a) == cairo_image_surface_get_width (b)
         && height == cairo_image_surface_get_height (b)
         && stride == cairo_image_surface_get_stride (b)
         && memcmp (cairo_image_surface_get_data (a), cairo_image_surface_get_data (b),
                    (gsize) stride * height) == 0;
}

/* Releasing what drawing left behind pushes fonts out of cairo's cache
 * while a document is still open and drawing with them: its pages must
 * come out the same, and so must those of a document opened after. */
static void
test_render_release_memory (void)
{
  g_autofree char *path = proof_path ("a4.pdf");
  g_autoptr(SbPageRenderer) renderer = sb_page_renderer_new (path, NULL, NULL);
  g_autoptr(SbPageRenderer) reopened = NULL;
  cairo_surface_t *before, *after, *again;

  before = sb_page_renderer_render_page (renderer, 0, 1.0, NULL, NULL);
  g_assert_nonnull (before);
  g_assert_true (has_ink (before));
  sb_render_release_memory ();
  after = sb_page_renderer_render_page (renderer, 0, 1.0, NULL, NULL);
  g_assert_true (same_pixels (before, after));

  g_clear_object (&renderer);
  sb_render_release_memory ();
  reopened = sb_page_renderer_new (path, NULL, NULL);
  again = sb_page_renderer_render_page (reopened, 0, 1.0, NULL, NULL);
  g_assert_true (same_pixels (before, again));

  cairo_surface_destroy (before);
  cairo_surface_destroy (after);
  cairo_surface_destroy (again);
}

/* One renderer per thread, as the GUI's workers use them. */
static gpointer
render_all_pages (gpointer data)
{
  g_autofree char *path = proof_path ("three-pages.pdf");
  g_autoptr(SbPageRenderer) renderer = sb_page_renderer_new (path, NULL, NULL);
  guint inked = 0;

  for (int round = 0; round < 5; round++)
    for (int page = 0; page < sb_page_renderer_get_n_pages (renderer); page++)
      {
        cairo_surface_t *surface =
          sb_page_renderer_render_thumbnail (renderer, page, 96, NULL, NULL);

        inked += surface != NULL && has_ink (surface);
        g_clear_pointer (&surface, cairo_surface_destroy);
      }
  return GUINT_TO_POINTER (inked);
}

static void
test_render_threads (void)
{
  GThread *threads[3];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("render", render_all_pages, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_assert_cmpuint (GPOINTER_TO_UINT (g_thread_join (threads[i])), ==, 15);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/preflight/refused", test_refused);
  g_test_add_func ("/preflight/refused-messages", test_refused_messages_say_what_to_do);
  g_test_add_func ("/preflight/not-a-file", test_not_a_file);
  g_test_add_func ("/preflight/outcomes", test_outcomes);
  g_test_add_func ("/preflight/details", test_details);
  g_test_add_func ("/preflight/no-render", test_no_render);
  g_test_add_func ("/preflight/cancelled", test_cancelled);
  g_test_add_func ("/preflight/submission", test_submission);
  g_test_add_func ("/render/page", test_render_page);
  g_test_add_func ("/render/thumbnail", test_render_thumbnail);
  g_test_add_func ("/render/awkward", test_render_awkward);
  g_test_add_func ("/render/jpeg-pass-through", test_render_jpeg_pass_through);
  g_test_add_func ("/render/threads", test_render_threads);
  g_test_add_func ("/render/release-memory", test_render_release_memory);

  return g_test_run ();
}
