/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <zip.h>

#include "sb-core.h"
#include "sb-test-util.h"

#define MIB (1024 * 1024)
#define CATEGORY "rd-investment"
#define MINIMAL_JSON \
  "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\"," \
  "\"fields\":{},\"taskbooks\":[],\"attachments\":[]}"

/* Helpers */

typedef SbTestDir Fixture;

static char *
path_in (Fixture    *fixture,
         const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

/* Bytes that look like a proof to the attach preflight. */
static GBytes *
make_content (const char *magic,
              gsize       size)
{
  guint8 *data = g_malloc (size);
  gsize magic_len = strlen (magic);

  for (gsize i = 0; i < size; i++)
    data[i] = g_test_rand_int () & 0xff;
  memcpy (data, magic, MIN (magic_len, size));
  return g_bytes_new_take (data, size);
}

static GFile *
write_file (Fixture    *fixture,
            const char *name,
            GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (fixture, name);
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  g_file_set_contents (path, data, size, &error);
  g_assert_no_error (error);
  return g_file_new_for_path (path);
}

static SbSubmission *
new_submission (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, &error);

  g_assert_no_error (error);
  return sb_submission_new (template);
}

/* Storage is tested on any bytes: the file goes straight into the model,
 * past preflight (tested in test-attach and test-preflight). */
static void
attach (SbSubmission *submission,
        GFile        *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *sha256 = sb_file_compute_sha256 (file, NULL, &error);
  g_autofree char *name = g_file_get_basename (file);

  g_assert_no_error (error);
  sb_submission_add_attachment (submission, CATEGORY, name, sha256, NULL, file);
}

static void
save (SbSubmission *submission,
      GFile        *file)
{
  g_autoptr(GError) error = NULL;

  sb_archive_save (submission, file, NULL, &error);
  g_assert_no_error (error);
}

static SbSubmission *
load (GFile *file)
{
  g_autoptr(GError) error = NULL;
  SbSubmission *submission = sb_archive_load (file, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (submission);
  return submission;
}

static void
assert_extracts_to (GFile      *archive,
                    const char *sha256,
                    GBytes     *expected,
                    GFile      *dest)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  sb_archive_extract (archive, sha256, dest, NULL, &error);
  g_assert_no_error (error);
  bytes = g_file_load_bytes (dest, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, expected));
}

static char *
sha256_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static guint
count_files (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Round trip */

static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.4\n", 300 * 1024);
  g_autoptr(GBytes) jpeg = make_content ("\xff\xd8\xff\xe0", 2 * MIB);
  g_autoptr(GFile) pdf_file = write_file (fixture, "statement.pdf", pdf);
  g_autoptr(GFile) jpeg_file = write_file (fixture, "licence.jpg", jpeg);
  g_autofree char *path = path_in (fixture, "packet.shenbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) dest = NULL;
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(SbSubmission) loaded = NULL;
  g_autoptr(SbSubmission) again = NULL;
  g_autofree char *pdf_sha = sha256_of (pdf);
  g_autofree char *jpeg_sha = sha256_of (jpeg);
  g_autofree char *dest_path = path_in (fixture, "out.bin");

  sb_submission_set_text (submission, SB_NO_TASKBOOK, "project_name", "通用大模型研发");
  attach (submission, pdf_file);
  attach (submission, jpeg_file);
  g_assert_true (sb_submission_get_modified (submission));
  save (submission, file);

  g_assert_false (sb_submission_get_modified (submission));
  g_assert_true (g_file_equal (sb_submission_get_file (submission), file));
  g_assert_null (sb_submission_get_attachment_source (submission, pdf_sha));

  loaded = load (file);
  g_assert_false (sb_submission_get_modified (loaded));
  g_assert_true (g_file_equal (sb_submission_get_file (loaded), file));
  g_assert_cmpstr (sb_submission_get_text (loaded, SB_NO_TASKBOOK, "project_name"), ==,
                   "通用大模型研发");
  g_assert_cmpuint (sb_submission_get_n_attachments (loaded), ==, 2);
  g_assert_cmpstr (sb_submission_get_attachment_name (loaded, 0), ==, "statement.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_sha256 (loaded, 0), ==, pdf_sha);
  g_assert_cmpstr (sb_submission_get_attachment_sha256 (loaded, 1), ==, jpeg_sha);

  dest = g_file_new_for_path (dest_path);
  assert_extracts_to (file, pdf_sha, pdf, dest);
  assert_extracts_to (file, jpeg_sha, jpeg, dest);

  /* Saving again copies the attachments from the file being replaced,
   * and keeps its permissions. */
  g_assert_cmpint (g_chmod (path, 0640), ==, 0);
  sb_submission_set_text (loaded, SB_NO_TASKBOOK, "project_name", "第二版");
  save (loaded, file);
  {
    GStatBuf st;

    g_assert_cmpint (g_stat (path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0640);
  }
  again = load (file);
  g_assert_cmpstr (sb_submission_get_text (again, SB_NO_TASKBOOK, "project_name"), ==, "第二版");
  assert_extracts_to (file, pdf_sha, pdf, dest);
  assert_extracts_to (file, jpeg_sha, jpeg, dest);
}

/* Save As: attachments come from the other file, which stays as it was. */
static void
test_save_as (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.7\n", 100 * 1024);
  g_autoptr(GBytes) png = make_content ("\x89PNG\r\n\x1a\n", 50 * 1024);
  g_autoptr(GFile) pdf_file = write_file (fixture, "a.pdf", pdf);
  g_autoptr(GFile) png_file = write_file (fixture, "b.png", png);
  g_autofree char *first_path = path_in (fixture, "first.shenbao");
  g_autofree char *second_path = path_in (fixture, "second.shenbao");
  g_autofree char *dest_path = path_in (fixture, "out.bin");
  g_autoptr(GFile) first = g_file_new_for_path (first_path);
  g_autoptr(GFile) second = g_file_new_for_path (second_path);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(SbSubmission) loaded = NULL;
  g_autofree char *pdf_sha = sha256_of (pdf);
  g_autofree char *png_sha = sha256_of (png);

  attach (submission, pdf_file);
  save (submission, first);
  /* One attachment from the old file, one new from its source. */
  attach (submission, png_file);
  save (submission, second);
  g_assert_true (g_file_equal (sb_submission_get_file (submission), second));

  loaded = load (second);
  g_assert_cmpuint (sb_submission_get_n_attachments (loaded), ==, 2);
  assert_extracts_to (second, pdf_sha, pdf, dest);
  assert_extracts_to (second, png_sha, png, dest);
  g_clear_object (&loaded);
  loaded = load (first);
  g_assert_cmpuint (sb_submission_get_n_attachments (loaded), ==, 1);
}

/* The version a submission was read from stays readable when another
 * program replaces or deletes the file: saving elsewhere still has the
 * attachments' bytes, and errors name the file, not /proc. */
static void
test_pinned_version (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.7\n", 100 * 1024);
  g_autoptr(GFile) pdf_file = write_file (fixture, "a.pdf", pdf);
  g_autofree char *path = path_in (fixture, "申报书.shenbao");
  g_autofree char *rescue_path = path_in (fixture, "rescue.shenbao");
  g_autofree char *dest_path = path_in (fixture, "out.bin");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) rescue = g_file_new_for_path (rescue_path);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(SbSubmission) opened = NULL;
  g_autoptr(SbSubmission) other = NULL;
  g_autoptr(SbSubmission) rescued = NULL;
  g_autoptr(GFile) blob = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf_sha = sha256_of (pdf);

  attach (submission, pdf_file);
  save (submission, file);
  /* Saving pins what it wrote; loading pins what it read. */
  g_assert_false (g_file_equal (sb_submission_get_archive (submission), file));
  opened = load (file);
  g_assert_true (g_file_equal (sb_submission_get_file (opened), file));
  g_assert_true (g_str_has_prefix (g_file_peek_path (sb_submission_get_archive (opened)),
                                   "/proc/self/fd/"));

  /* Another program writes a version without the attachment. */
  other = new_submission ();
  save (other, file);
  assert_extracts_to (sb_submission_get_archive (opened), pdf_sha, pdf, dest);
  sb_submission_set_text (opened, SB_NO_TASKBOOK, "unit_name", "上海某某有限公司");
  save (opened, rescue);
  rescued = load (rescue);
  g_assert_cmpuint (sb_submission_get_n_attachments (rescued), ==, 1);
  assert_extracts_to (rescue, pdf_sha, pdf, dest);

  /* Deleted altogether: the attachment is still there to show. */
  g_clear_object (&rescued);
  g_assert_no_errno (g_unlink (rescue_path));
  blob = sb_submission_dup_attachment_file (opened, pdf_sha, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (blob);

  /* Extracting a hash that is not there names the file. */
  g_assert_false (sb_archive_extract (sb_submission_get_archive (opened),
                                      "0000000000000000000000000000000000000000000000000000000000000000",
                                      dest, NULL, &error));
  g_assert_nonnull (error);
  g_assert_null (strstr (error->message, "/proc/"));
  g_assert_nonnull (strstr (error->message, "rescue.shenbao"));
}

/* The layout DESIGN.md pins, as other tools see it. */
static void
test_layout (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.4\n", 64 * 1024);
  g_autoptr(GFile) pdf_file = write_file (fixture, "a.pdf", pdf);
  g_autoptr(GFile) copy_file = write_file (fixture, "same-bytes.pdf", pdf);
  g_autofree char *path = path_in (fixture, "layout.shenbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autofree char *sha = sha256_of (pdf);
  g_autofree char *entry = g_strconcat ("attachments/", sha, NULL);
  g_autofree char *raw = NULL;
  gsize raw_len = 0;
  zip_stat_t st;
  zip_t *za;

  attach (submission, pdf_file);
  attach (submission, copy_file);
  save (submission, file);

  za = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, NULL);
  g_assert_nonnull (za);
  /* The same bytes attached twice are stored once. */
  g_assert_cmpint (zip_get_num_entries (za, 0), ==, 3);
  g_assert_cmpstr (zip_get_name (za, 0, 0), ==, "mimetype");
  g_assert_cmpstr (zip_get_name (za, 1, 0), ==, "submission.json");
  g_assert_cmpstr (zip_get_name (za, 2, 0), ==, entry);
  g_assert_cmpint (zip_stat_index (za, 0, 0, &st), ==, 0);
  g_assert_cmpint (st.comp_method, ==, ZIP_CM_STORE);
  g_assert_cmpint (zip_stat_index (za, 1, 0, &st), ==, 0);
  g_assert_cmpint (st.comp_method, ==, ZIP_CM_DEFLATE);
  g_assert_cmpint (zip_stat_index (za, 2, 0, &st), ==, 0);
  g_assert_cmpint (st.comp_method, ==, ZIP_CM_STORE);
  g_assert_cmpuint (st.size, ==, g_bytes_get_size (pdf));
  zip_discard (za);

  /* As ODF: the type can be read at a fixed offset, no extra field. */
  g_file_get_contents (path, &raw, &raw_len, NULL);
  g_assert_cmpuint (raw_len, >, 60);
  g_assert_cmpmem (raw, 4, "PK\3\4", 4);
  g_assert_cmpmem (raw + 30, 8, "mimetype", 8);
  g_assert_cmpmem (raw + 38, strlen (SB_ARCHIVE_MIMETYPE),
                   SB_ARCHIVE_MIMETYPE, strlen (SB_ARCHIVE_MIMETYPE));
  /* Nothing is left beside it. */
  g_assert_cmpuint (count_files (fixture->dir), ==, 3);
}

static void
test_unknown_keys (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char json[] =
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\","
    "\"x-future\":{\"kept\":[1,\"二\"]},"
    "\"fields\":{\"project_name\":\"名称\",\"x-field-from-later\":\"值\"},"
    "\"taskbooks\":[],\"attachments\":[]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_in (fixture, "keys.shenbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbSubmission) submission = sb_submission_new_from_data (json, -1, &error);
  g_autoptr(SbSubmission) loaded = NULL;
  g_autofree char *out = NULL;

  g_assert_no_error (error);
  save (submission, file);
  loaded = load (file);
  out = sb_submission_to_data (loaded, NULL);
  g_assert_nonnull (strstr (out, "x-future"));
  g_assert_nonnull (strstr (out, "kept"));
  g_assert_nonnull (strstr (out, "x-field-from-later"));
}

/* An attached file edited afterwards must not be saved under its old hash. */
static void
test_changed_source (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.4\n", 10 * 1024);
  g_autoptr(GBytes) edited = make_content ("%PDF-1.4\n", 10 * 1024);
  g_autoptr(GFile) pdf_file = write_file (fixture, "a.pdf", pdf);
  g_autofree char *path = path_in (fixture, "changed.shenbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) again = NULL;

  attach (submission, pdf_file);
  again = write_file (fixture, "a.pdf", edited);
  g_assert_false (sb_archive_save (submission, file, NULL, &error));
  g_assert_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "a.pdf"));
  g_assert_false (g_file_query_exists (file, NULL));
  g_assert_true (sb_submission_get_modified (submission));
  g_assert_cmpuint (count_files (fixture->dir), ==, 1);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "cancelled.shenbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (sb_archive_save (submission, file, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (count_files (fixture->dir), ==, 0);
}

/* A save that fails half-way (here: at the file size limit) leaves the
 * target as it was and no temporary file. */
static void
test_failed_save (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.4\n", 4 * MIB);
  g_autoptr(GFile) pdf_file = write_file (fixture, "big.pdf", pdf);
  g_autofree char *path = path_in (fixture, "full.shenbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autoptr(SbSubmission) loaded = NULL;
  int status = 0;
  pid_t pid;

  save (submission, file);
  attach (submission, pdf_file);

  /* In a child, as the limit stays with the process. */
  pid = fork ();
  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      struct rlimit limit = { MIB, MIB };

      signal (SIGXFSZ, SIG_IGN);
      g_assert_cmpint (setrlimit (RLIMIT_FSIZE, &limit), ==, 0);
      g_assert_false (sb_archive_save (submission, file, NULL, &error));
      g_assert_error (error, G_IO_ERROR, (int) g_io_error_from_errno (EFBIG));
      g_printerr ("# %s\n", error->message);
      g_assert_nonnull (strstr (error->message, path));
      g_assert_nonnull (strstr (error->message, g_strerror (EFBIG)));
      g_assert_true (sb_submission_get_modified (submission));
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  g_assert_true (WIFEXITED (status) && WEXITSTATUS (status) == 0);

  loaded = load (file);
  g_assert_cmpuint (sb_submission_get_n_attachments (loaded), ==, 0);
  /* The target and the attached file only. */
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
}

/* Kill-safety: a save killed at any moment leaves the old or the new file. */

static const char *
version_of (SbSubmission *submission)
{
  return sb_submission_get_text (submission, SB_NO_TASKBOOK, "project_name");
}

G_GNUC_NORETURN static void
save_forever (SbSubmission *submission,
              GFile        *file,
              guint         base)
{
  for (guint k = 1; ; k++)
    {
      g_autofree char *version = g_strdup_printf ("%u", base + k);

      sb_submission_set_text (submission, SB_NO_TASKBOOK, "project_name", version);
      if (!sb_archive_save (submission, file, NULL, NULL))
        _exit (3);
    }
}

static double
time_one_save (SbSubmission *submission,
               GFile        *file)
{
  gint64 start = g_get_monotonic_time ();

  save (submission, file);
  return (g_get_monotonic_time () - start) / 1e6;
}

static guint
check_after_kill (GFile  *file,
                  GBytes *scan,
                  guint   previous,
                  guint   base)
{
  g_autoptr(SbSubmission) loaded = load (file);
  g_autofree char *sha = sha256_of (scan);
  g_autoptr(GError) error = NULL;
  guint64 version = 0;

  g_ascii_string_to_unsigned (version_of (loaded), 10, 0, G_MAXUINT, &version, &error);
  g_assert_no_error (error);
  /* Old: what was there before this child; new: one of its saves. */
  g_assert_true (version == previous || version > base);
  g_assert_cmpstr (sb_submission_get_attachment_sha256 (loaded, 0), ==, sha);
  return version;
}

static void
test_kill_safe (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GBytes) scan = make_content ("\xff\xd8\xff\xe0", 6 * MIB);
  g_autofree char *sources = path_in (fixture, "sources");
  g_autofree char *scan_path = g_build_filename (sources, "scan.jpg", NULL);
  g_autofree char *path = path_in (fixture, "killed.shenbao");
  g_autofree char *dest_path = g_build_filename (sources, "out.bin", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) scan_file = g_file_new_for_path (scan_path);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(SbSubmission) submission = new_submission ();
  guint kills = g_test_thorough () ? 200 : 30;
  guint version = 0;
  guint torn = 0;
  gint64 window;

  g_assert_cmpint (g_mkdir (sources, 0700), ==, 0);
  g_file_set_contents (scan_path, g_bytes_get_data (scan, NULL), g_bytes_get_size (scan), NULL);
  attach (submission, scan_file);
  sb_submission_set_text (submission, SB_NO_TASKBOOK, "project_name", "0");
  save (submission, file);
  /* Kill anywhere in the first few saves of each child. */
  window = MAX (time_one_save (submission, file) * 3e6, 2000);

  for (guint i = 1; i <= kills; i++)
    {
      guint base = i * 100000;
      int status = 0;
      pid_t pid = fork ();

      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        save_forever (submission, file, base);
      g_usleep (g_test_rand_int_range (0, window));
      g_assert_cmpint (kill (pid, SIGKILL), ==, 0);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFSIGNALED (status) && WTERMSIG (status) == SIGKILL);
      version = check_after_kill (file, scan, version, base);
      if (count_files (fixture->dir) > 2)
        torn++;
      g_test_message ("kill %u: version %u, %u files", i, version, count_files (fixture->dir));
    }
  g_test_message ("%u of %u kills left a temporary file", torn, kills);
  assert_extracts_to (file, sb_submission_get_attachment_sha256 (submission, 0), scan, dest);

  /* The next save clears what the killed ones left. */
  save (submission, file);
  g_assert_cmpuint (count_files (fixture->dir), ==, 2);
}

/* Hostile files, made here with libzip and by patching bytes. */

typedef struct {
  const char  *name;
  const char  *data;
  gssize       length;   /* -1: strlen */
  zip_int32_t  method;
} Entry;

static void
write_zip (const char  *path,
           const Entry *entries,
           guint        n_entries)
{
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, NULL);

  g_assert_nonnull (za);
  for (guint i = 0; i < n_entries; i++)
    {
      gsize length = entries[i].length < 0 ? strlen (entries[i].data) : (gsize) entries[i].length;
      zip_source_t *source = zip_source_buffer (za, entries[i].data, length, 0);
      zip_int64_t index = zip_file_add (za, entries[i].name, source, ZIP_FL_ENC_UTF_8);

      g_assert_cmpint (index, >=, 0);
      zip_set_file_compression (za, index, entries[i].method, 0);
    }
  g_assert_cmpint (zip_close (za), ==, 0);
}

/* Two-entry files: mimetype, then one more. */
static void
write_simple (const char *path,
              const char *name,
              const char *data)
{
  const Entry entries[] = {
    { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
    { name, data, -1, ZIP_CM_DEFLATE },
  };

  write_zip (path, entries, G_N_ELEMENTS (entries));
}

/* Loading path must fail with code, naming the file and, when given,
 * mentioning text; and must write nothing. */
static void
assert_refused (Fixture     *fixture,
                const char  *path,
                int          code,
                const char  *text)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) submission = NULL;
  g_autofree char *base = g_path_get_basename (path);
  guint before = count_files (fixture->dir);

  submission = sb_archive_load (file, NULL, &error);
  g_assert_null (submission);
  g_assert_error (error, SB_ARCHIVE_ERROR, code);
  g_test_message ("%s: %s", base, error->message);
  g_assert_nonnull (strstr (error->message, base));
  if (text != NULL)
    g_assert_nonnull (strstr (error->message, text));
  g_assert_cmpuint (count_files (fixture->dir), ==, before);
}

/* Replaces every occurrence of from by to (same length) in a file. */
static void
patch_file (const char *path,
            const char *from,
            const char *to)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  gsize len = strlen (from);
  guint n = 0;

  g_assert_cmpuint (strlen (to), ==, len);
  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (gsize i = 0; i + len <= length; i++)
    if (memcmp (data + i, from, len) == 0)
      {
        memcpy (data + i, to, len);
        n++;
      }
  g_assert_cmpuint (n, >, 0);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
}

static void
test_bad_not_zip (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "text.shenbao");
  g_autofree char *empty = path_in (fixture, "empty.shenbao");
  g_autofree char *missing = path_in (fixture, "missing.shenbao");
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, "just some text, not a ZIP\n", -1, NULL);
  assert_refused (fixture, path, SB_ARCHIVE_ERROR_NOT_ARCHIVE, NULL);
  g_file_set_contents (empty, "", 0, NULL);
  assert_refused (fixture, empty, SB_ARCHIVE_ERROR_NOT_ARCHIVE, NULL);

  g_assert_null (sb_archive_load (missing_file, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "missing.shenbao"));
}

static void
test_bad_truncated (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.4\n", 200 * 1024);
  g_autoptr(GFile) pdf_file = write_file (fixture, "a.pdf", pdf);
  g_autofree char *path = path_in (fixture, "cut.shenbao");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbSubmission) submission = new_submission ();
  g_autofree char *content = NULL;
  gsize length = 0;

  attach (submission, pdf_file);
  save (submission, file);
  g_assert_true (g_file_get_contents (path, &content, &length, NULL));

  g_assert_true (g_file_set_contents (path, content, length / 2, NULL));
  assert_refused (fixture, path, SB_ARCHIVE_ERROR_NOT_ARCHIVE, NULL);
  g_assert_true (g_file_set_contents (path, content, length - 10, NULL));
  assert_refused (fixture, path, SB_ARCHIVE_ERROR_NOT_ARCHIVE, NULL);
}

static void
test_bad_mimetype (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wrong = path_in (fixture, "wrong.shenbao");
  g_autofree char *missing = path_in (fixture, "nomime.shenbao");
  g_autofree char *second = path_in (fixture, "second.shenbao");
  g_autofree char *odt = path_in (fixture, "document.shenbao");
  const Entry wrong_entries[] = {
    { "mimetype", "application/zip", -1, ZIP_CM_STORE },
    { "submission.json", MINIMAL_JSON, -1, ZIP_CM_DEFLATE },
  };
  const Entry missing_entries[] = {
    { "submission.json", MINIMAL_JSON, -1, ZIP_CM_DEFLATE },
  };
  const Entry second_entries[] = {
    { "submission.json", MINIMAL_JSON, -1, ZIP_CM_DEFLATE },
    { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
  };
  const Entry longer_entries[] = {
    { "mimetype", SB_ARCHIVE_MIMETYPE "\n", -1, ZIP_CM_STORE },
    { "submission.json", MINIMAL_JSON, -1, ZIP_CM_DEFLATE },
  };

  write_zip (wrong, wrong_entries, G_N_ELEMENTS (wrong_entries));
  assert_refused (fixture, wrong, SB_ARCHIVE_ERROR_WRONG_TYPE, SB_ARCHIVE_MIMETYPE);
  write_zip (missing, missing_entries, G_N_ELEMENTS (missing_entries));
  assert_refused (fixture, missing, SB_ARCHIVE_ERROR_WRONG_TYPE, "mimetype");
  write_zip (second, second_entries, G_N_ELEMENTS (second_entries));
  assert_refused (fixture, second, SB_ARCHIVE_ERROR_WRONG_TYPE, "mimetype");
  /* Exactly that content: not one byte more. */
  write_zip (odt, longer_entries, G_N_ELEMENTS (longer_entries));
  assert_refused (fixture, odt, SB_ARCHIVE_ERROR_WRONG_TYPE, SB_ARCHIVE_MIMETYPE);

  /* The minimal good file loads: the cases above fail for their reason. */
  {
    g_autofree char *good = path_in (fixture, "good.shenbao");
    g_autoptr(GFile) file = g_file_new_for_path (good);
    g_autoptr(SbSubmission) loaded = NULL;

    write_simple (good, "submission.json", MINIMAL_JSON);
    loaded = load (file);
  }
}

static void
test_bad_json (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *bad = path_in (fixture, "bad-json.shenbao");
  g_autofree char *deep = path_in (fixture, "deep.shenbao");
  g_autofree char *latin1 = path_in (fixture, "latin1.shenbao");
  g_autofree char *other = path_in (fixture, "other.shenbao");
  g_autofree char *none = path_in (fixture, "none.shenbao");
  GString *nested = g_string_new (NULL);
  const Entry none_entries[] = {
    { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
  };

  write_simple (bad, "submission.json", "{\"format\": \"shenbao-submission\", ");
  assert_refused (fixture, bad, SB_ARCHIVE_ERROR_BAD_CONTENT, NULL);

  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nested, '[');
  for (guint i = 0; i < 10000; i++)
    g_string_append_c (nested, ']');
  write_simple (deep, "submission.json", nested->str);
  g_string_free (nested, TRUE);
  assert_refused (fixture, deep, SB_ARCHIVE_ERROR_BAD_CONTENT, "nested");

  write_simple (latin1, "submission.json",
                "{\"format\":\"shenbao-submission\",\"version\":1,"
                "\"fields\":{\"a\":\"\xe9t\xe9\"}}");
  assert_refused (fixture, latin1, SB_ARCHIVE_ERROR_BAD_CONTENT, "UTF-8");

  write_simple (other, "submission.json", "{\"format\":\"something-else\"}");
  assert_refused (fixture, other, SB_ARCHIVE_ERROR_BAD_CONTENT, NULL);

  write_zip (none, none_entries, G_N_ELEMENTS (none_entries));
  assert_refused (fixture, none, SB_ARCHIVE_ERROR_BAD_CONTENT, "submission.json");
}

static void
test_bad_entry_names (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct {
    const char *file;
    const char *entry;
  } cases[] = {
    { "dotdot.shenbao", "../x" },
    { "deeper.shenbao", "attachments/../../etc/passwd" },
    { "absolute.shenbao", "/etc/passwd" },
    { "other.shenbao", "notes.txt" },
    { "folder.shenbao", "attachments/" },
    { "upper.shenbao",
      "attachments/BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD" },
    { "short.shenbao", "attachments/ba7816bf" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = path_in (fixture, cases[i].file);
      const Entry entries[] = {
        { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
        { "submission.json", MINIMAL_JSON, -1, ZIP_CM_DEFLATE },
        { cases[i].entry, "x", -1, ZIP_CM_STORE },
      };

      write_zip (path, entries, G_N_ELEMENTS (entries));
      assert_refused (fixture, path, SB_ARCHIVE_ERROR_BAD_ENTRY, cases[i].entry);
    }
}

static void
test_bad_duplicate (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "twice.shenbao");
  g_autofree char *mime = path_in (fixture, "twice-mime.shenbao");
  const Entry entries[] = {
    { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
    { "submission.json", MINIMAL_JSON, -1, ZIP_CM_DEFLATE },
    { "submission.jsoX", "{}", -1, ZIP_CM_DEFLATE },
  };
  const Entry mime_entries[] = {
    { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
    { "submission.json", MINIMAL_JSON, -1, ZIP_CM_DEFLATE },
    { "mimetypX", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
  };

  /* libzip will not write two entries of one name: rename one after. */
  write_zip (path, entries, G_N_ELEMENTS (entries));
  patch_file (path, "submission.jsoX", "submission.json");
  assert_refused (fixture, path, SB_ARCHIVE_ERROR_BAD_ENTRY, "submission.json");

  write_zip (mime, mime_entries, G_N_ELEMENTS (mime_entries));
  patch_file (mime, "mimetypX", "mimetype");
  assert_refused (fixture, mime, SB_ARCHIVE_ERROR_BAD_ENTRY, "mimetype");
}

/* A source of zeros, so a gigabyte entry never exists in memory. */
typedef struct {
  guint64     size;
  guint64     left;
  zip_error_t error;
} Zeros;

static zip_int64_t
zeros_cb (void            *user_data,
          void            *data,
          zip_uint64_t     len,
          zip_source_cmd_t cmd)
{
  Zeros *zeros = user_data;

  switch (cmd)
    {
    case ZIP_SOURCE_OPEN:
      zeros->left = zeros->size;
      return 0;
    case ZIP_SOURCE_READ:
      len = MIN (len, zeros->left);
      memset (data, 0, len);
      zeros->left -= len;
      return len;
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT:
      {
        zip_stat_t *st = data;

        zip_stat_init (st);
        st->valid = ZIP_STAT_SIZE;
        st->size = zeros->size;
        return sizeof (*st);
      }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data (&zeros->error, data, len);
    case ZIP_SOURCE_FREE:
      g_free (zeros);
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap (ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                             ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR,
                                             ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set (&zeros->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
    }
}

static void
write_zeros (const char *path,
             const char *json,
             const char *name,
             guint64     size)
{
  zip_t *za = zip_open (path, ZIP_CREATE | ZIP_TRUNCATE, NULL);
  Zeros *zeros = g_new0 (Zeros, 1);
  zip_source_t *source;
  zip_int64_t index;

  zeros->size = size;
  zip_error_init (&zeros->error);
  g_assert_nonnull (za);
  source = zip_source_buffer (za, SB_ARCHIVE_MIMETYPE, strlen (SB_ARCHIVE_MIMETYPE), 0);
  index = zip_file_add (za, "mimetype", source, 0);
  zip_set_file_compression (za, index, ZIP_CM_STORE, 0);
  if (json != NULL)
    zip_file_add (za, "submission.json", zip_source_buffer (za, json, strlen (json), 0), 0);
  source = zip_source_function (za, zeros_cb, zeros);
  index = zip_file_add (za, name, source, 0);
  g_assert_cmpint (index, >=, 0);
  /* The fastest level: the test is about reading, not writing. */
  zip_set_file_compression (za, index, ZIP_CM_DEFLATE, 1);
  g_assert_cmpint (zip_close (za), ==, 0);
}

static char *
json_with_attachment (const char *sha256)
{
  return g_strdup_printf ("{\"format\":\"shenbao-submission\",\"version\":1,"
                          "\"template\":\"sh-2025-agi\",\"fields\":{},\"taskbooks\":[],"
                          "\"attachments\":[{\"category\":\"" CATEGORY "\","
                          "\"name\":\"scan.pdf\",\"sha256\":\"%s\"}]}", sha256);
}

static void
test_bad_huge (Fixture       *fixture,
               gconstpointer  data)
{
  const char *sha = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  g_autofree char *json = json_with_attachment (sha);
  g_autofree char *entry = g_strconcat ("attachments/", sha, NULL);
  g_autofree char *giga = path_in (fixture, "giga.shenbao");
  g_autofree char *bomb = path_in (fixture, "bomb.shenbao");
  g_autofree char *big_json = path_in (fixture, "big-json.shenbao");

  /* 1 GiB of zeros: over the attachment cap, and a 1000:1 ratio. */
  write_zeros (giga, json, entry, 1024 * (guint64) MIB);
  assert_refused (fixture, giga, SB_ARCHIVE_ERROR_TOO_LARGE, entry);
  /* Under every size cap but at a bomb's ratio. */
  write_zeros (bomb, json, entry, 8 * MIB);
  assert_refused (fixture, bomb, SB_ARCHIVE_ERROR_TOO_LARGE, entry);
  /* Over the submission's cap. */
  write_zeros (big_json, NULL, "submission.json", 17 * MIB);
  assert_refused (fixture, big_json, SB_ARCHIVE_ERROR_TOO_LARGE, "submission.json");
}

/* Sets the uncompressed size an entry declares, in its local header and
 * in the central directory, to size. */
static void
patch_declared_size (const char *path,
                     const char *name,
                     guint32     size)
{
  g_autofree char *data = NULL;
  gsize length = 0;
  gsize len = strlen (name);
  guint32 le = GUINT32_TO_LE (size);
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &data, &length, NULL));
  for (gsize i = 46; i + len <= length; i++)
    {
      if (memcmp (data + i, name, len) != 0)
        continue;
      if (memcmp (data + i - 30, "PK\3\4", 4) == 0)
        memcpy (data + i - 30 + 22, &le, 4), n++;
      if (memcmp (data + i - 46, "PK\1\2", 4) == 0)
        memcpy (data + i - 46 + 24, &le, 4), n++;
    }
  g_assert_cmpuint (n, ==, 2);
  g_assert_true (g_file_set_contents (path, data, length, NULL));
}

/* An entry declaring few bytes but inflating to many is cut off. */
static void
test_bad_lying_size (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "liar.shenbao");

  write_zeros (path, NULL, "submission.json", 4 * MIB);
  patch_declared_size (path, "submission.json", 100);
  assert_refused (fixture, path, SB_ARCHIVE_ERROR_TOO_LARGE, "submission.json");
}

static void
test_bad_missing_attachment (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *path = path_in (fixture, "missing.shenbao");
  g_autofree char *json =
    json_with_attachment ("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  write_simple (path, "submission.json", json);
  assert_refused (fixture, path, SB_ARCHIVE_ERROR_MISSING, "scan.pdf");
}

static void
assert_extract_refused (GFile      *archive,
                        const char *sha256,
                        GFile      *dest,
                        int         code)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (sb_archive_extract (archive, sha256, dest, NULL, &error));
  g_assert_error (error, SB_ARCHIVE_ERROR, code);
  g_test_message ("%s", error->message);
  g_assert_false (g_file_query_exists (dest, NULL));
}

/* Bytes that do not match the hash naming them are found on extraction,
 * whether the ZIP's own checksum agrees with them or not. */
static void
test_bad_hash (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_content ("%PDF-1.4\n", 100 * 1024);
  g_autofree char *sha = sha256_of (pdf);
  g_autofree char *json = json_with_attachment (sha);
  g_autofree char *entry = g_strconcat ("attachments/", sha, NULL);
  g_autofree char *path = path_in (fixture, "swapped.shenbao");
  g_autofree char *flipped = path_in (fixture, "flipped.shenbao");
  g_autofree char *dest_path = path_in (fixture, "out.pdf");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) flipped_file = g_file_new_for_path (flipped);
  g_autoptr(GFile) dest = g_file_new_for_path (dest_path);
  g_autoptr(SbSubmission) loaded = NULL;
  g_autofree char *content = NULL;
  gsize length = 0;
  const char *bytes = g_bytes_get_data (pdf, NULL);
  const Entry entries[] = {
    { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
    { "submission.json", json, -1, ZIP_CM_DEFLATE },
    { entry, "%PDF-1.4\nsomething else", -1, ZIP_CM_STORE },
  };
  const Entry good_entries[] = {
    { "mimetype", SB_ARCHIVE_MIMETYPE, -1, ZIP_CM_STORE },
    { "submission.json", json, -1, ZIP_CM_DEFLATE },
    { entry, bytes, g_bytes_get_size (pdf), ZIP_CM_STORE },
  };

  write_zip (path, entries, G_N_ELEMENTS (entries));
  loaded = load (file);
  assert_extract_refused (file, sha, dest, SB_ARCHIVE_ERROR_CORRUPT);

  /* Flip one stored byte: the ZIP checksum catches it. */
  write_zip (flipped, good_entries, G_N_ELEMENTS (good_entries));
  assert_extracts_to (flipped_file, sha, pdf, dest);
  g_file_delete (dest, NULL, NULL);
  g_assert_true (g_file_get_contents (flipped, &content, &length, NULL));
  {
    char *at = NULL;

    for (gsize i = 0; at == NULL && i + 64 <= length; i++)
      if (memcmp (content + i, bytes + 1000, 64) == 0)
        at = content + i;
    g_assert_nonnull (at);
    at[10] ^= 0x55;
  }
  g_assert_true (g_file_set_contents (flipped, content, length, NULL));
  assert_extract_refused (flipped_file, sha, dest, SB_ARCHIVE_ERROR_CORRUPT);

  /* Names that are not hashes never reach the file system. */
  assert_extract_refused (file, "../../etc/passwd", dest, SB_ARCHIVE_ERROR_MISSING);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, sb_test_dir_setup, func, sb_test_dir_teardown)

  ADD ("/archive/round-trip", test_round_trip);
  ADD ("/archive/save-as", test_save_as);
  ADD ("/archive/pinned-version", test_pinned_version);
  ADD ("/archive/layout", test_layout);
  ADD ("/archive/unknown-keys", test_unknown_keys);
  ADD ("/archive/changed-source", test_changed_source);
  ADD ("/archive/cancelled", test_cancelled);
  ADD ("/archive/failed-save", test_failed_save);
  ADD ("/archive/kill-safe", test_kill_safe);
  ADD ("/archive/bad/not-zip", test_bad_not_zip);
  ADD ("/archive/bad/truncated", test_bad_truncated);
  ADD ("/archive/bad/mimetype", test_bad_mimetype);
  ADD ("/archive/bad/json", test_bad_json);
  ADD ("/archive/bad/entry-names", test_bad_entry_names);
  ADD ("/archive/bad/duplicate", test_bad_duplicate);
  ADD ("/archive/bad/huge", test_bad_huge);
  ADD ("/archive/bad/lying-size", test_bad_lying_size);
  ADD ("/archive/bad/missing-attachment", test_bad_missing_attachment);
  ADD ("/archive/bad/hash", test_bad_hash);

#undef ADD
  return g_test_run ();
}
