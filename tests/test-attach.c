/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <zip.h>

#include "sb-core.h"
#include "sb-test-util.h"

#define CATEGORY "qualification"


typedef SbTestDir Fixture;

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            const void *data,
            gsize       size)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, data, size, NULL));
  return g_file_new_for_path (path);
}

/* A copy of a real proof file from tests/data/proofs, so preflight has
 * something it can really open; tail makes copies differ. */
static GFile *
write_proof (Fixture    *fixture,
             const char *name,
             const char *proof,
             const char *tail)
{
  g_autofree char *source = g_test_build_filename (G_TEST_DIST, "data", "proofs", proof, NULL);
  g_autofree char *data = NULL;
  gsize size = 0;
  g_autoptr(GString) content = NULL;

  g_assert_true (g_file_get_contents (source, &data, &size, NULL));
  content = g_string_new_len (data, size);
  if (tail != NULL)
    g_string_append (content, tail);
  return write_file (fixture, name, content->str, content->len);
}

static GFile *
write_pdf (Fixture    *fixture,
           const char *name)
{
  g_autofree char *tail = g_strdup_printf ("\n%% %s\n", name);

  return write_proof (fixture, name, "three-pages.pdf", tail);
}

static SbSubmission *
new_submission (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, &error);

  g_assert_no_error (error);
  return sb_submission_new (template);
}

static GBytes *
load_bytes (GFile *file)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
test_sha256 (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GFile) abc = write_file (fixture, "abc", "abc", 3);
  g_autoptr(GFile) missing = g_file_new_build_filename (fixture->dir, "nope", NULL);
  g_autofree guint8 *big = g_malloc0 (200000);
  g_autoptr(GFile) big_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *expected = NULL;

  sha = sb_file_compute_sha256 (abc, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  g_clear_pointer (&sha, g_free);

  /* Longer than one read. */
  for (gsize i = 0; i < 200000; i++)
    big[i] = i * 7;
  big_file = write_file (fixture, "big", big, 200000);
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, big, 200000);
  sha = sb_file_compute_sha256 (big_file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, expected);

  g_assert_null (sb_file_compute_sha256 (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_attach (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(GFile) pdf = write_pdf (fixture, "营业执照.pdf");
  g_autoptr(GFile) jpeg = write_proof (fixture, "certificate.jpeg", "image.jpg", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_sha = sb_file_compute_sha256 (pdf, NULL, NULL);
  GFile *files[] = { pdf, jpeg };

  g_assert_true (sb_submission_attach_files (submission, CATEGORY, files, 2, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, 2);
  g_assert_cmpstr (sb_submission_get_attachment_name (submission, 0), ==, "营业执照.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_name (submission, 1), ==, "certificate.jpeg");
  g_assert_cmpstr (sb_submission_get_attachment_category (submission, 0), ==, CATEGORY);
  g_assert_cmpstr (sb_submission_get_attachment_sha256 (submission, 0), ==, pdf_sha);
  g_assert_true (g_file_equal (sb_submission_get_attachment_source (submission, pdf_sha), pdf));
  g_assert_true (sb_submission_get_modified (submission));

  /* A title given applies to the files attached. */
  {
    g_autoptr(GFile) more = write_pdf (fixture, "more.pdf");
    g_autofree char *title = NULL;

    g_assert_true (sb_submission_attach_files (submission, CATEGORY, &more, 1, "高新技术企业证书",
                                               NULL, &error));
    title = sb_submission_dup_attachment_title (submission, 2);
    g_assert_cmpstr (title, ==, "高新技术企业证书");
  }

  g_assert_false (sb_submission_attach_files (submission, "no-such-category", files, 1, NULL,
                                              NULL, &error));
  g_assert_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT);
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, 3);
}

/* One bad file among good ones: the error names it, nothing is added. */
static void
test_all_or_nothing (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(GFile) good = write_pdf (fixture, "good.pdf");
  g_autoptr(GFile) also_good = write_pdf (fixture, "also-good.pdf");
  g_autoptr(GFile) missing = g_file_new_build_filename (fixture->dir, "missing.pdf", NULL);
  g_autoptr(GFile) empty = write_file (fixture, "empty.pdf", "", 0);
  g_autoptr(GError) error = NULL;
  GFile *with_missing[] = { good, missing, also_good };
  GFile *with_empty[] = { good, also_good, empty };
  GFile *with_folder[] = { good, NULL };

  g_assert_false (sb_submission_attach_files (submission, CATEGORY, with_missing, 3, NULL,
                                              NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.pdf"));
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, 0);
  g_clear_error (&error);

  g_assert_false (sb_submission_attach_files (submission, CATEGORY, with_empty, 3, NULL,
                                              NULL, &error));
  g_assert_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT);
  g_assert_nonnull (strstr (error->message, "empty.pdf"));
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, 0);
  g_clear_error (&error);

  with_folder[1] = g_file_new_for_path (fixture->dir);
  g_assert_false (sb_submission_attach_files (submission, CATEGORY, with_folder, 2, NULL,
                                              NULL, &error));
  g_assert_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT);
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, 0);
  g_object_unref (with_folder[1]);
  g_assert_false (sb_submission_get_modified (submission));
}

/* Content decides, never the name. */
static void
test_sniffing (Fixture       *fixture,
               gconstpointer  data)
{
  static const char text[] = "这不是 PDF，只是改了扩展名的文本。\n";
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(GFile) png = write_proof (fixture, "scan.pdf", "png-renamed.pdf", NULL);
  g_autoptr(GFile) jpeg = write_proof (fixture, "photo.png", "image.jpg", NULL);
  g_autoptr(GFile) text_pdf = write_file (fixture, "notes.pdf", text, strlen (text));
  g_autoptr(GFile) late_pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *a4 = g_test_build_filename (G_TEST_DIST, "data", "proofs", "a4.pdf", NULL);
  g_autofree char *a4_data = NULL;
  gsize a4_size = 0;
  g_autoptr(GString) late = g_string_new ("junk before the header\n");

  g_assert_true (sb_submission_attach_files (submission, CATEGORY, (GFile *[]) { png }, 1, NULL,
                                             NULL, &error));
  g_assert_no_error (error);
  g_assert_true (sb_submission_attach_files (submission, CATEGORY, (GFile *[]) { jpeg }, 1, NULL,
                                             NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (a4, &a4_data, &a4_size, NULL));
  g_string_append_len (late, a4_data, a4_size);
  late_pdf = write_file (fixture, "late.pdf", late->str, late->len);
  g_assert_true (sb_submission_attach_files (submission, CATEGORY, (GFile *[]) { late_pdf }, 1,
                                             NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (sb_submission_attach_files (submission, CATEGORY, (GFile *[]) { text_pdf }, 1,
                                              NULL, NULL, &error));
  g_assert_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT);
  g_assert_nonnull (strstr (error->message, "notes.pdf"));
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, 3);
}

/* The same bytes under two names are one entry in the saved file. */
static void
test_same_hash_once (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(SbSubmission) loaded = NULL;
  g_autoptr(GFile) first = write_pdf (fixture, "first.pdf");
  g_autoptr(GBytes) bytes = load_bytes (first);
  g_autoptr(GFile) second = write_file (fixture, "second.pdf", g_bytes_get_data (bytes, NULL),
                                        g_bytes_get_size (bytes));
  g_autofree char *path = g_build_filename (fixture->dir, "once.shenbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GFile *files[] = { first, second };
  zip_t *za;

  g_assert_true (sb_submission_attach_files (submission, CATEGORY, files, 2, NULL, NULL, &error));
  g_assert_cmpstr (sb_submission_get_attachment_sha256 (submission, 0), ==,
                   sb_submission_get_attachment_sha256 (submission, 1));
  g_assert_true (sb_archive_save (submission, file, NULL, &error));
  g_assert_no_error (error);

  za = zip_open (path, ZIP_RDONLY, NULL);
  g_assert_nonnull (za);
  g_assert_cmpint (zip_get_num_entries (za, 0), ==, 3);
  zip_discard (za);

  loaded = sb_archive_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sb_submission_get_n_attachments (loaded), ==, 2);
  g_assert_cmpstr (sb_submission_get_attachment_name (loaded, 1), ==, "second.pdf");
}

static void
test_dup_file (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(SbSubmission) loaded = NULL;
  g_autoptr(GFile) pdf = write_pdf (fixture, "proof.pdf");
  g_autoptr(GBytes) bytes = load_bytes (pdf);
  g_autofree char *path = g_build_filename (fixture->dir, "dup.shenbao", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) unsaved = NULL;
  g_autoptr(GFile) blob = NULL;
  g_autoptr(GFile) again = NULL;
  g_autoptr(GBytes) blob_bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = sb_file_compute_sha256 (pdf, NULL, NULL);
  g_autofree char *expected_path = g_build_filename (g_get_user_cache_dir (), "shenbao", "blobs",
                                                     sha, NULL);
  g_autofree char *blob_path = NULL;
  g_autofree char *tampered = NULL;

  g_assert_true (sb_submission_attach_files (submission, CATEGORY, &pdf, 1, NULL, NULL, &error));
  /* Unsaved: the source itself. */
  unsaved = sb_submission_dup_attachment_file (submission, sha, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_equal (unsaved, pdf));

  g_assert_true (sb_archive_save (submission, file, NULL, &error));
  g_assert_true (g_file_delete (pdf, NULL, NULL));
  loaded = sb_archive_load (file, NULL, &error);
  g_assert_no_error (error);

  /* Saved: extracted into the cache, checked. */
  blob = sb_submission_dup_attachment_file (loaded, sha, NULL, &error);
  g_assert_no_error (error);
  blob_path = g_file_get_path (blob);
  g_assert_cmpstr (blob_path, ==, expected_path);
  blob_bytes = load_bytes (blob);
  g_assert_true (g_bytes_equal (blob_bytes, bytes));
  g_clear_pointer (&blob_bytes, g_bytes_unref);

  /* A blob of the right size is reused as it is... */
  tampered = g_malloc0 (g_bytes_get_size (bytes));
  g_assert_true (g_file_set_contents (blob_path, tampered, g_bytes_get_size (bytes), NULL));
  again = sb_submission_dup_attachment_file (loaded, sha, NULL, &error);
  g_assert_no_error (error);
  blob_bytes = load_bytes (again);
  g_assert_cmpmem (g_bytes_get_data (blob_bytes, NULL), g_bytes_get_size (blob_bytes),
                   tampered, g_bytes_get_size (bytes));
  g_clear_pointer (&blob_bytes, g_bytes_unref);
  g_clear_object (&again);

  /* ...a short one (a killed extraction) is extracted again. */
  g_assert_true (g_file_set_contents (blob_path, "%PDF", 4, NULL));
  again = sb_submission_dup_attachment_file (loaded, sha, NULL, &error);
  g_assert_no_error (error);
  blob_bytes = load_bytes (again);
  g_assert_true (g_bytes_equal (blob_bytes, bytes));

  /* Unknown or malformed hashes are refused. */
  g_clear_object (&again);
  again = sb_submission_dup_attachment_file (loaded, "../../../etc/passwd", NULL, &error);
  g_assert_null (again);
  g_assert_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_MISSING);
  g_clear_error (&error);
  again = sb_submission_dup_attachment_file (
    loaded, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", NULL, &error);
  g_assert_null (again);
  g_assert_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_MISSING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, sb_test_dir_setup, func, sb_test_dir_teardown)

  ADD ("/attach/sha256", test_sha256);
  ADD ("/attach/attach", test_attach);
  ADD ("/attach/all-or-nothing", test_all_or_nothing);
  ADD ("/attach/sniffing", test_sniffing);
  ADD ("/attach/same-hash-once", test_same_hash_once);
  ADD ("/attach/dup-file", test_dup_file);

#undef ADD
  return g_test_run ();
}
