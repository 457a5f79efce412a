/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <zip.h>

#include "sb-archive.h"

/* Caps on what a saved file may hold. A real packet is some tens of
 * megabytes; these leave room while refusing zip bombs. */
#define MAX_JSON_SIZE        (16 * 1024 * 1024)
#define MAX_ATTACHMENT_SIZE  (512 * 1024 * 1024)
#define MAX_ENTRIES          10000
#define MAX_RATIO            200
#define RATIO_MIN_SIZE       (1024 * 1024)
/* json-glib's parser is recursive: deeper nesting could exhaust the stack. */
#define COPY_CHUNK           (64 * 1024)

#define ENTRY_MIMETYPE       "mimetype"
#define ENTRY_JSON           "submission.json"
#define ENTRY_ATTACHMENTS    "attachments/"

typedef enum {
  ENTRY_KIND_INVALID,
  ENTRY_KIND_MIMETYPE,
  ENTRY_KIND_SUBMISSION,
  ENTRY_KIND_ATTACHMENT,
} EntryKind;

G_DEFINE_QUARK (sb-archive-error-quark, sb_archive_error)

/* Helpers */

#define PIN_FD_KEY "sb-archive-pin-fd"
#define PIN_NAME_KEY "sb-archive-pin-name"

/* A pinned version is shown under the name of the file it came from. */
static char *
dup_display_name (GFile *file)
{
  const char *pinned = g_object_get_data (G_OBJECT (file), PIN_NAME_KEY);

  return pinned ? g_strdup (pinned) : g_file_get_parse_name (file);
}

static void
close_pinned_fd (gpointer data)
{
  close (GPOINTER_TO_INT (data) - 1);
}

/* Takes fd: the version it is open on stays readable through the
 * returned path while the GFile lives, even once the file is replaced
 * or deleted. NULL (fd closed) without a /proc to reach it through. */
static GFile *
pin_fd (int    fd,
        GFile *file)
{
  g_autofree char *path = g_strdup_printf ("/proc/self/fd/%d", fd);
  GFile *pinned;

  if (fd < 0)
    return NULL;
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      close (fd);
      return NULL;
    }
  /* Always the same object, never g_file_dup()ed: a copy would not hold fd. */
  pinned = g_file_new_for_path (path);
  g_object_set_data_full (G_OBJECT (pinned), PIN_FD_KEY, GINT_TO_POINTER (fd + 1),
                          close_pinned_fd);
  g_object_set_data_full (G_OBJECT (pinned), PIN_NAME_KEY, g_file_get_parse_name (file),
                          g_free);
  return pinned;
}

/**
 * sb_archive_pin:
 *
 * Returns: (transfer full) (nullable): a path to this version of @file
 * that another program replacing or deleting @file cannot take away.
 */
GFile *
sb_archive_pin (GFile *file)
{
  const char *path;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  path = g_file_peek_path (file);
  if (path == NULL)
    return NULL;
  return pin_fd (g_open (path, O_RDONLY | O_CLOEXEC, 0), file);
}

/* A pinned version cannot change, so its ZIP directory is read once and
 * kept open with it: opening the file again for each attachment reads
 * every entry's headers each time, which made checking a file of a few
 * thousand attachments take minutes. libzip is not thread-safe: one
 * user at a time. */
#define PIN_ZIP_KEY "sb-archive-pin-zip"

typedef struct {
  GMutex  lock;
  zip_t  *za;
} PinnedZip;

static void
pinned_zip_free (gpointer data)
{
  PinnedZip *self = data;

  if (self->za != NULL)
    zip_discard (self->za);
  g_mutex_clear (&self->lock);
  g_free (self);
}

/* The kept archive of a pinned version, locked; NULL for another file. */
static PinnedZip *
lock_pinned_zip (GFile *file)
{
  static GMutex create_lock;
  PinnedZip *self;

  if (g_object_get_data (G_OBJECT (file), PIN_FD_KEY) == NULL)
    return NULL;
  g_mutex_lock (&create_lock);
  self = g_object_get_data (G_OBJECT (file), PIN_ZIP_KEY);
  if (self == NULL)
    {
      self = g_new0 (PinnedZip, 1);
      g_mutex_init (&self->lock);
      g_object_set_data_full (G_OBJECT (file), PIN_ZIP_KEY, self, pinned_zip_free);
    }
  g_mutex_unlock (&create_lock);
  g_mutex_lock (&self->lock);
  return self;
}

/* An entry name as it may be shown: valid UTF-8, short, with control
 * and format characters (a terminal escape) written out, not obeyed.
 * Other text stays readable: 营业执照, not \350\220\245. */
static char *
dup_entry_display (const char *name)
{
  g_autofree char *valid = g_utf8_make_valid (name, -1);
  GString *shown = g_string_new (NULL);
  const char *p = valid;

  for (guint n = 0; *p != '\0' && n < 120; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isprint (c))
        g_string_append_unichar (shown, c);
      else
        g_string_append_printf (shown, "\\u%04X", c);
    }
  if (*p != '\0')
    g_string_append (shown, "…");
  return g_string_free (shown, FALSE);
}

static gboolean
is_sha256 (const char *s)
{
  gsize i;

  for (i = 0; s[i] != '\0'; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return i == 64;
}

static EntryKind
classify_entry (const char *name)
{
  if (strcmp (name, ENTRY_MIMETYPE) == 0)
    return ENTRY_KIND_MIMETYPE;
  if (strcmp (name, ENTRY_JSON) == 0)
    return ENTRY_KIND_SUBMISSION;
  if (g_str_has_prefix (name, ENTRY_ATTACHMENTS)
      && is_sha256 (name + strlen (ENTRY_ATTACHMENTS)))
    return ENTRY_KIND_ATTACHMENT;
  return ENTRY_KIND_INVALID;
}

static guint64
entry_size_cap (EntryKind kind)
{
  switch (kind)
    {
    case ENTRY_KIND_MIMETYPE:
      return 256;  /* Its content is checked after; this only bounds the read. */
    case ENTRY_KIND_SUBMISSION:
      return MAX_JSON_SIZE;
    case ENTRY_KIND_ATTACHMENT:
      return MAX_ATTACHMENT_SIZE;
    case ENTRY_KIND_INVALID:
    default:
      return 0;
    }
}

/* Turns a libzip error into a GError naming the file. System errors keep
 * their errno as a GIOErrorEnum so callers can tell a full disk. */
static void
set_zip_error (GError          **error,
               SbArchiveError    code,
               const char       *format,
               const char       *display,
               zip_error_t      *zerr)
{
  g_autofree char *what = g_strdup_printf (format, display);
  int sys = zip_error_code_system (zerr);

  if (zip_error_system_type (zerr) == ZIP_ET_SYS && sys != 0)
    /* TRANSLATORS: what failed, then why (from the system). */
    g_set_error (error, G_IO_ERROR, g_io_error_from_errno (sys),
                 _("%s: %s"), what, g_strerror (sys));
  else
    g_set_error (error, SB_ARCHIVE_ERROR, code, _("%s: %s"), what, zip_error_strerror (zerr));
}

static void
set_file_zip_error (GError         **error,
                    SbArchiveError   code,
                    const char      *display,
                    const char      *entry,
                    zip_error_t     *zerr)
{
  if (zip_error_code_zip (zerr) == ZIP_ER_CRC)
    g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_CORRUPT,
                 _("“%s” is damaged: entry “%s” does not match its checksum"),
                 display, entry);
  else
    g_set_error (error, SB_ARCHIVE_ERROR, code,
                 _("Could not read entry “%s” of “%s”: %s"),
                 entry, display, zip_error_strerror (zerr));
}

static gboolean
check_local_path (GFile       *file,
                  const char  *display,
                  GError     **error)
{
  if (g_file_peek_path (file) != NULL)
    return TRUE;
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("“%s” is not a local file"), display);
  return FALSE;
}

/* Opening */

static void
set_open_error (int          code,
                const char  *display,
                GError     **error)
{
  zip_error_t zerr;

  zip_error_init_with_code (&zerr, code);
  switch (code)
    {
    case ZIP_ER_NOENT:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   _("“%s” does not exist"), display);
      break;
    case ZIP_ER_OPEN:
    case ZIP_ER_READ:
    case ZIP_ER_SEEK:
    case ZIP_ER_MEMORY:
      set_zip_error (error, SB_ARCHIVE_ERROR_IO, _("Could not open “%s”"), display, &zerr);
      break;
    default:
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_NOT_ARCHIVE,
                   _("“%s” is not a Shenbao file, or it is damaged: %s"),
                   display, zip_error_strerror (&zerr));
      break;
    }
  zip_error_fini (&zerr);
}

static zip_t *
open_zip (const char  *path,
          int          flags,
          const char  *display,
          GError     **error)
{
  int code = 0;
  zip_t *za = zip_open (path, flags, &code);

  if (za == NULL)
    set_open_error (code, display, error);
  return za;
}

/* libzip refuses duplicate names when checking consistency, without
 * saying which; reopen leniently to name the duplicate. */
static void
set_duplicate_error (const char  *path,
                     const char  *display,
                     GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *shown = NULL;
  zip_t *za = zip_open (path, ZIP_RDONLY, NULL);
  zip_int64_t n = za != NULL ? zip_get_num_entries (za, 0) : 0;

  for (zip_int64_t i = 0; i < n && i < MAX_ENTRIES && shown == NULL; i++)
    {
      const char *name = zip_get_name (za, i, ZIP_FL_ENC_RAW);

      if (name != NULL && !g_hash_table_add (seen, (gpointer) name))
        shown = dup_entry_display (name);
    }
  g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_ENTRY,
               _("“%s” is damaged: entry “%s” appears twice"),
               display, shown != NULL ? shown : "?");
  if (za != NULL)
    zip_discard (za);
}

static zip_t *
open_archive (GFile       *file,
              const char  *display,
              GError     **error)
{
  const char *path = g_file_peek_path (file);
  zip_t *za;
  int code = 0;

  if (!check_local_path (file, display, error))
    return NULL;

  za = zip_open (path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
  if (za == NULL && code == ZIP_ER_EXISTS)
    set_duplicate_error (path, display, error);
  else if (za == NULL)
    set_open_error (code, display, error);
  return za;
}

/* Opens file's archive, or takes the one kept with a pinned version;
 * hand it back with release_archive(). */
static zip_t *
acquire_archive (GFile       *file,
                 const char  *display,
                 PinnedZip  **pinned,
                 GError     **error)
{
  zip_t *za;

  *pinned = lock_pinned_zip (file);
  if (*pinned != NULL && (*pinned)->za != NULL)
    return (*pinned)->za;
  za = open_archive (file, display, error);
  if (*pinned != NULL)
    {
      (*pinned)->za = za;
      if (za == NULL)
        {
          g_mutex_unlock (&(*pinned)->lock);
          *pinned = NULL;
        }
    }
  return za;
}

static void
release_archive (zip_t     *za,
                 PinnedZip *pinned)
{
  if (pinned != NULL)
    g_mutex_unlock (&pinned->lock);
  else if (za != NULL)
    zip_discard (za);
}

/* Entry checks */

static gboolean
check_entry_stat (zip_t       *za,
                  zip_uint64_t index,
                  EntryKind    kind,
                  const char  *name,
                  const char  *display,
                  GError     **error)
{
  g_autofree char *shown = dup_entry_display (name);
  zip_stat_t st;
  guint64 cap = entry_size_cap (kind);

  zip_stat_init (&st);
  if (zip_stat_index (za, index, ZIP_FL_UNCHANGED, &st) != 0
      || (st.valid & (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD))
         != (ZIP_STAT_SIZE | ZIP_STAT_COMP_SIZE | ZIP_STAT_COMP_METHOD))
    {
      set_file_zip_error (error, SB_ARCHIVE_ERROR_NOT_ARCHIVE, display, shown,
                          zip_get_error (za));
      return FALSE;
    }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_ENTRY,
                   _("“%s” holds an encrypted entry “%s”"), display, shown);
      return FALSE;
    }
  if (st.comp_method != ZIP_CM_STORE && st.comp_method != ZIP_CM_DEFLATE)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_ENTRY,
                   _("“%s” holds entry “%s” in an unsupported compression"), display, shown);
      return FALSE;
    }
  if (st.size > cap
      || (st.size > RATIO_MIN_SIZE && st.comp_size < st.size / MAX_RATIO))
    {
      g_autofree char *size = g_format_size (st.size);
      g_autofree char *packed = g_format_size (st.comp_size);

      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_TOO_LARGE,
                   _("“%s” is refused: entry “%s” is too large (%s unpacked from %s)"),
                   display, shown, size, packed);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_entry_name (zip_uint64_t  index,
                  const char   *name,
                  EntryKind     kind,
                  GHashTable   *seen,
                  const char   *display,
                  GError      **error)
{
  g_autofree char *shown = dup_entry_display (name);

  if (index == 0 && kind != ENTRY_KIND_MIMETYPE)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_WRONG_TYPE,
                   _("“%s” is not a Shenbao file: it does not start with “%s”"),
                   display, ENTRY_MIMETYPE);
      return FALSE;
    }
  if (kind == ENTRY_KIND_INVALID)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_ENTRY,
                   _("“%s” is refused: it holds an unexpected entry “%s”"), display, shown);
      return FALSE;
    }
  if (!g_hash_table_add (seen, g_strdup (name)))
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_ENTRY,
                   _("“%s” is damaged: entry “%s” appears twice"), display, shown);
      return FALSE;
    }
  return TRUE;
}

/* Checks every entry's name and declared size; fills seen with the names. */
static gboolean
check_entries (zip_t       *za,
               GHashTable  *seen,
               const char  *display,
               GError     **error)
{
  zip_int64_t n = zip_get_num_entries (za, 0);

  if (n == 0)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_WRONG_TYPE,
                   _("“%s” is not a Shenbao file: it is an empty ZIP"), display);
      return FALSE;
    }
  if (n < 0 || n > MAX_ENTRIES)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_TOO_LARGE,
                   _("“%s” is refused: it holds too many entries"), display);
      return FALSE;
    }
  for (zip_int64_t i = 0; i < n; i++)
    {
      const char *name = zip_get_name (za, i, ZIP_FL_ENC_RAW);
      EntryKind kind;

      if (name == NULL)
        {
          set_file_zip_error (error, SB_ARCHIVE_ERROR_NOT_ARCHIVE, display, "?",
                              zip_get_error (za));
          return FALSE;
        }
      kind = classify_entry (name);
      if (!check_entry_name (i, name, kind, seen, display, error)
          || !check_entry_stat (za, i, kind, name, display, error))
        return FALSE;
    }
  return TRUE;
}

/* Reads a whole entry whose declared size was already capped; refuses
 * one that yields more bytes than it declares. */
static char *
read_entry (zip_t       *za,
            const char  *name,
            const char  *display,
            gsize       *length,
            GError     **error)
{
  zip_int64_t index = zip_name_locate (za, name, ZIP_FL_ENC_RAW);
  g_autofree char *data = NULL;
  zip_file_t *zf;
  zip_stat_t st;
  guint64 total = 0;

  zip_stat_init (&st);
  if (index < 0 || zip_stat_index (za, index, 0, &st) != 0
      || (zf = zip_fopen_index (za, index, 0)) == NULL)
    {
      set_file_zip_error (error, SB_ARCHIVE_ERROR_NOT_ARCHIVE, display, name,
                          zip_get_error (za));
      return NULL;
    }

  data = g_malloc (st.size + 2);
  while (total <= st.size)
    {
      zip_int64_t n = zip_fread (zf, data + total, st.size + 1 - total);

      if (n < 0)
        {
          set_file_zip_error (error, SB_ARCHIVE_ERROR_NOT_ARCHIVE, display, name,
                              zip_file_get_error (zf));
          zip_fclose (zf);
          return NULL;
        }
      if (n == 0)
        break;
      total += n;
    }
  zip_fclose (zf);

  if (total != st.size)
    {
      g_set_error (error, SB_ARCHIVE_ERROR,
                   total > st.size ? SB_ARCHIVE_ERROR_TOO_LARGE : SB_ARCHIVE_ERROR_NOT_ARCHIVE,
                   _("“%s” is damaged: entry “%s” does not hold the size it declares"),
                   display, name);
      return NULL;
    }
  data[total] = '\0';
  *length = total;
  return g_steal_pointer (&data);
}

static gboolean
check_mimetype (zip_t       *za,
                const char  *display,
                GError     **error)
{
  g_autofree char *data = NULL;
  gsize length = 0;

  data = read_entry (za, ENTRY_MIMETYPE, display, &length, error);
  if (data == NULL)
    return FALSE;
  if (length != strlen (SB_ARCHIVE_MIMETYPE) || memcmp (data, SB_ARCHIVE_MIMETYPE, length) != 0)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_WRONG_TYPE,
                   _("“%s” is not a Shenbao file: its type is not “%s”"),
                   display, SB_ARCHIVE_MIMETYPE);
      return FALSE;
    }
  return TRUE;
}

static SbSubmission *
parse_submission (zip_t       *za,
                  const char  *display,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *data = NULL;
  SbSubmission *submission;
  gsize length = 0;

  if (zip_name_locate (za, ENTRY_JSON, ZIP_FL_ENC_RAW) < 0)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_CONTENT,
                   _("“%s” is damaged: it holds no “%s”"), display, ENTRY_JSON);
      return NULL;
    }
  data = read_entry (za, ENTRY_JSON, display, &length, error);
  if (data == NULL)
    return NULL;
  if (!g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_CONTENT,
                   _("“%s” is damaged: its submission is not valid UTF-8 text"), display);
      return NULL;
    }
  submission = sb_submission_new_from_data (data, length, &local_error);
  if (submission == NULL)
    g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_CONTENT,
                 _("Could not read “%s”: %s"), display, local_error->message);
  return submission;
}

static gboolean
check_attachments_present (SbSubmission  *submission,
                           GHashTable    *seen,
                           const char    *display,
                           GError       **error)
{
  guint n = sb_submission_get_n_attachments (submission);

  for (guint i = 0; i < n; i++)
    {
      const char *sha256 = sb_submission_get_attachment_sha256 (submission, i);
      g_autofree char *entry = g_strconcat (ENTRY_ATTACHMENTS, sha256, NULL);

      if (!g_hash_table_contains (seen, entry))
        {
          g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_MISSING,
                       _("“%s” is damaged: attachment “%s” is missing from it"),
                       display, sb_submission_get_attachment_name (submission, i));
          return FALSE;
        }
    }
  return TRUE;
}

static SbSubmission *
load_from_zip (zip_t       *za,
               const char  *display,
               GError     **error)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(SbSubmission) submission = NULL;

  if (!check_entries (za, seen, display, error) || !check_mimetype (za, display, error))
    return NULL;
  submission = parse_submission (za, display, error);
  if (submission == NULL || !check_attachments_present (submission, seen, display, error))
    return NULL;
  return g_steal_pointer (&submission);
}

SbSubmission *
sb_archive_load (GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_autofree char *display = NULL;
  g_autoptr(GFile) pinned = NULL;
  SbSubmission *submission;
  zip_t *za;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  display = dup_display_name (file);
  /* What is parsed is what stays pinned: a write by another program
   * during the read cannot mix two versions. */
  pinned = sb_archive_pin (file);
  za = open_archive (pinned ? pinned : file, display, error);
  if (za == NULL)
    return NULL;
  submission = load_from_zip (za, display, error);
  if (submission != NULL && pinned != NULL)
    {
      PinnedZip *kept = lock_pinned_zip (pinned);

      kept->za = za;
      g_mutex_unlock (&kept->lock);
    }
  else
    zip_discard (za);
  if (submission == NULL)
    return NULL;

  sb_submission_set_file (submission, file);
  sb_submission_set_archive (submission, pinned);
  sb_submission_set_modified (submission, FALSE);
  return submission;
}

/* Saving */

typedef struct {
  GFile         *file;
  GCancellable  *cancellable;
  char          *path;
  char          *tmp_path;
  char          *display;
  char          *json;
  zip_t         *out;
  zip_t         *previous;      /* the submission's last saved file */
  GFile         *pinned;        /* the new file, held open */
  GError        *source_error;  /* the first failure of a file source */
} SaveJob;

static void
save_job_clear (SaveJob *job)
{
  if (job->out != NULL)
    zip_discard (job->out);
  if (job->previous != NULL)
    zip_discard (job->previous);
  g_clear_object (&job->pinned);
  g_clear_pointer (&job->path, g_free);
  g_clear_pointer (&job->tmp_path, g_free);
  g_clear_pointer (&job->display, g_free);
  g_clear_pointer (&job->json, g_free);
  g_clear_error (&job->source_error);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SaveJob, save_job_clear)

/* A libzip source reading an attached file through GIO, checking that
 * its bytes still have the hash they were attached with: a file edited
 * after attaching must not be saved under the old hash. */
typedef struct {
  SaveJob       *job;
  GFile         *file;
  char          *sha256;
  guint64        size;
  time_t         mtime;
  GInputStream  *stream;
  GChecksum     *checksum;
  zip_error_t    error;
} FileSource;

static void
file_source_free (FileSource *self)
{
  g_clear_object (&self->stream);
  g_clear_object (&self->file);
  g_clear_pointer (&self->checksum, g_checksum_free);
  g_free (self->sha256);
  zip_error_fini (&self->error);
  g_free (self);
}

static zip_int64_t
file_source_fail (FileSource *self,
                  GError     *error)
{
  if (self->job->source_error == NULL)
    self->job->source_error = error;
  else
    g_error_free (error);
  zip_error_set (&self->error, ZIP_ER_READ, 0);
  return -1;
}

static zip_int64_t
file_source_open (FileSource *self)
{
  GError *error = NULL;

  g_clear_object (&self->stream);
  self->stream = G_INPUT_STREAM (g_file_read (self->file, self->job->cancellable, &error));
  if (self->stream == NULL)
    return file_source_fail (self, error);
  g_checksum_reset (self->checksum);
  return 0;
}

static zip_int64_t
file_source_read (FileSource *self,
                  void       *data,
                  zip_uint64_t len)
{
  g_autofree char *display = NULL;
  GError *error = NULL;
  gssize n;

  n = g_input_stream_read (self->stream, data, MIN (len, G_MAXSSIZE),
                           self->job->cancellable, &error);
  if (n < 0)
    return file_source_fail (self, error);
  if (n > 0)
    {
      g_checksum_update (self->checksum, data, n);
      return n;
    }
  if (g_strcmp0 (g_checksum_get_string (self->checksum), self->sha256) == 0)
    return 0;

  display = dup_display_name (self->file);
  return file_source_fail (self, g_error_new (SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_CORRUPT,
                                              _("“%s” changed since it was attached; "
                                                "attach it again"), display));
}

static zip_int64_t
file_source_cb (void            *user_data,
                void            *data,
                zip_uint64_t     len,
                zip_source_cmd_t cmd)
{
  FileSource *self = user_data;

  switch (cmd)
    {
    case ZIP_SOURCE_OPEN:
      return file_source_open (self);
    case ZIP_SOURCE_READ:
      return file_source_read (self, data, len);
    case ZIP_SOURCE_CLOSE:
      if (self->stream != NULL)
        g_input_stream_close (self->stream, NULL, NULL);
      g_clear_object (&self->stream);
      return 0;
    case ZIP_SOURCE_STAT:
      {
        zip_stat_t *st = data;

        zip_stat_init (st);
        st->valid = ZIP_STAT_SIZE | ZIP_STAT_MTIME;
        st->size = self->size;
        st->mtime = self->mtime;
        return sizeof (*st);
      }
    case ZIP_SOURCE_ERROR:
      return zip_error_to_data (&self->error, data, len);
    case ZIP_SOURCE_FREE:
      file_source_free (self);
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap (ZIP_SOURCE_OPEN, ZIP_SOURCE_READ,
                                             ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                             ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      zip_error_set (&self->error, ZIP_ER_OPNOTSUPP, 0);
      return -1;
    }
}

static zip_source_t *
file_source_new (SaveJob     *job,
                 GFile       *file,
                 const char  *sha256,
                 GError     **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  FileSource *self;
  zip_source_t *source;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                            G_FILE_ATTRIBUTE_TIME_MODIFIED,
                            G_FILE_QUERY_INFO_NONE, job->cancellable, &local_error);
  if (info == NULL)
    {
      g_autofree char *display = dup_display_name (file);

      g_set_error (error, local_error->domain, local_error->code,
                   _("Could not save “%s”: the attached file “%s” cannot be read: %s"),
                   job->display, display, local_error->message);
      return NULL;
    }

  self = g_new0 (FileSource, 1);
  self->job = job;
  self->file = g_object_ref (file);
  self->sha256 = g_strdup (sha256);
  self->size = g_file_info_get_size (info);
  self->mtime = (time_t) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED);
  self->checksum = g_checksum_new (G_CHECKSUM_SHA256);
  zip_error_init (&self->error);

  source = zip_source_function (job->out, file_source_cb, self);
  if (source == NULL)
    {
      file_source_free (self);
      set_zip_error (error, SB_ARCHIVE_ERROR_IO, _("Could not save “%s”"),
                     job->display, zip_get_error (job->out));
    }
  return source;
}

/* Adds an entry; on failure frees source. */
static gboolean
add_entry (SaveJob      *job,
           const char   *name,
           zip_source_t *source,
           zip_int32_t   method,
           GError      **error)
{
  zip_int64_t index;

  if (source == NULL)
    {
      set_zip_error (error, SB_ARCHIVE_ERROR_IO, _("Could not save “%s”"),
                     job->display, zip_get_error (job->out));
      return FALSE;
    }
  index = zip_file_add (job->out, name, source, ZIP_FL_ENC_UTF_8);
  if (index < 0 || zip_set_file_compression (job->out, index, method, 0) != 0)
    {
      if (index < 0)
        zip_source_free (source);
      set_zip_error (error, SB_ARCHIVE_ERROR_IO, _("Could not save “%s”"),
                     job->display, zip_get_error (job->out));
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_previous (SaveJob       *job,
               SbSubmission  *submission,
               GError       **error)
{
  GFile *previous = sb_submission_get_archive (submission);
  g_autofree char *display = NULL;

  if (job->previous != NULL || previous == NULL)
    return TRUE;
  display = dup_display_name (previous);
  if (!check_local_path (previous, display, error))
    return FALSE;
  job->previous = open_zip (g_file_peek_path (previous), ZIP_RDONLY, display, error);
  return job->previous != NULL;
}

/* Copies an attachment's compressed bytes from the previous file as they
 * are, without decompressing or holding them. */
static gboolean
add_attachment_from_previous (SaveJob       *job,
                              SbSubmission  *submission,
                              const char    *entry,
                              const char    *name,
                              GError       **error)
{
  zip_int64_t index = -1;
  zip_stat_t st;

  if (!open_previous (job, submission, error))
    return FALSE;
  if (job->previous != NULL)
    index = zip_name_locate (job->previous, entry, ZIP_FL_ENC_RAW);
  zip_stat_init (&st);
  if (index < 0 || zip_stat_index (job->previous, index, 0, &st) != 0)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_MISSING,
                   _("Could not save “%s”: the bytes of attachment “%s” are missing"),
                   job->display, name);
      return FALSE;
    }
  return add_entry (job, entry,
                    zip_source_zip (job->out, job->previous, index,
                                    ZIP_FL_COMPRESSED, 0, -1),
                    st.comp_method, error);
}

static gboolean
add_attachment (SaveJob       *job,
                SbSubmission  *submission,
                guint          index,
                GError       **error)
{
  const char *sha256 = sb_submission_get_attachment_sha256 (submission, index);
  const char *name = sb_submission_get_attachment_name (submission, index);
  g_autofree char *entry = NULL;
  GFile *source;
  zip_source_t *zs;

  if (!is_sha256 (sha256))
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_BAD_CONTENT,
                   _("Could not save “%s”: attachment “%s” has no valid hash"),
                   job->display, name);
      return FALSE;
    }
  entry = g_strconcat (ENTRY_ATTACHMENTS, sha256, NULL);
  if (zip_name_locate (job->out, entry, ZIP_FL_ENC_RAW) >= 0)
    return TRUE;  /* The same bytes attached twice are stored once. */

  source = sb_submission_get_attachment_source (submission, sha256);
  if (source == NULL)
    return add_attachment_from_previous (job, submission, entry, name, error);

  zs = file_source_new (job, source, sha256, error);
  if (zs == NULL)
    return FALSE;
  /* Scans and PDFs do not compress: store them. */
  return add_entry (job, entry, zs, ZIP_CM_STORE, error);
}

static gboolean
add_entries (SaveJob       *job,
             SbSubmission  *submission,
             GError       **error)
{
  static const char mimetype[] = SB_ARCHIVE_MIMETYPE;
  gsize length = 0;
  guint n;

  job->json = sb_submission_to_data (submission, &length);
  if (length > MAX_JSON_SIZE)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_TOO_LARGE,
                   _("Could not save “%s”: the submission is too large"), job->display);
      return FALSE;
    }
  if (!add_entry (job, ENTRY_MIMETYPE,
                  zip_source_buffer (job->out, mimetype, strlen (mimetype), 0),
                  ZIP_CM_STORE, error)
      || !add_entry (job, ENTRY_JSON, zip_source_buffer (job->out, job->json, length, 0),
                     ZIP_CM_DEFLATE, error))
    return FALSE;

  n = sb_submission_get_n_attachments (submission);
  for (guint i = 0; i < n; i++)
    if (!add_attachment (job, submission, i, error))
      return FALSE;
  return TRUE;
}

static int
cancel_cb (zip_t *za,
           void  *user_data)
{
  return g_cancellable_is_cancelled (user_data);
}

static gboolean
close_zip (SaveJob  *job,
           GError  **error)
{
  if (job->cancellable != NULL)
    zip_register_cancel_callback_with_state (job->out, cancel_cb, NULL, job->cancellable);
  if (zip_close (job->out) == 0)
    {
      job->out = NULL;
      return TRUE;
    }

  if (job->source_error != NULL)
    {
      if (job->source_error->domain == G_IO_ERROR
          && job->source_error->code != G_IO_ERROR_CANCELLED)
        g_prefix_error (&job->source_error, _("Could not save “%s”: "), job->display);
      g_propagate_error (error, g_steal_pointer (&job->source_error));
    }
  else if (zip_error_code_zip (zip_get_error (job->out)) == ZIP_ER_CANCELLED)
    g_cancellable_set_error_if_cancelled (job->cancellable, error);
  else
    set_zip_error (error, SB_ARCHIVE_ERROR_IO, _("Could not save “%s”"),
                   job->display, zip_get_error (job->out));
  return FALSE;
}

static void
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *display)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               _("Could not save “%s”: %s"), display, g_strerror (saved_errno));
}

/* Flushes the new file to disk, giving it the old file's permissions. */
static gboolean
sync_file (SaveJob  *job,
           GError  **error)
{
  struct stat st;
  int fd = g_open (job->tmp_path, O_RDONLY | O_CLOEXEC, 0);
  int saved_errno;

  if (fd < 0)
    {
      set_errno_error (error, errno, job->display);
      return FALSE;
    }
  if (stat (job->path, &st) == 0)
    (void) fchmod (fd, st.st_mode & 07777);
  if (fsync (fd) != 0)
    {
      saved_errno = errno;
      close (fd);
      set_errno_error (error, saved_errno, job->display);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      set_errno_error (error, errno, job->display);
      return FALSE;
    }
  return TRUE;
}

/* Makes the rename itself durable. */
static gboolean
sync_folder (SaveJob  *job,
             GError  **error)
{
  g_autofree char *dir = g_path_get_dirname (job->path);
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
  int saved_errno = 0;

  if (fd < 0)
    saved_errno = errno;
  else if (fsync (fd) != 0 && errno != EINVAL)
    saved_errno = errno;
  if (fd >= 0)
    close (fd);
  if (saved_errno != 0)
    {
      set_errno_error (error, saved_errno, job->display);
      return FALSE;
    }
  return TRUE;
}

/* Removes what earlier saves of the same file left when killed: the
 * temporary file and libzip's own temporaries beside it. */
static void
remove_stale_temporaries (SaveJob *job)
{
  g_autofree char *dir_path = g_path_get_dirname (job->path);
  g_autofree char *prefix = g_path_get_basename (job->tmp_path);
  gsize prefix_len = strlen (prefix);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      if (strncmp (name, prefix, prefix_len) == 0
          && (name[prefix_len] == '\0' || name[prefix_len] == '.'))
        {
          g_autofree char *stale = g_build_filename (dir_path, name, NULL);
          g_unlink (stale);
        }
    }
}

static gboolean
save_job_init (SaveJob       *job,
               GFile         *file,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *base = NULL;
  g_autofree char *tmp_base = NULL;
  int code = 0;

  job->file = file;
  job->cancellable = cancellable;
  job->display = dup_display_name (file);
  if (!check_local_path (file, job->display, error))
    return FALSE;
  job->path = g_strdup (g_file_peek_path (file));
  dir = g_path_get_dirname (job->path);
  base = g_path_get_basename (job->path);
  tmp_base = g_strconcat (".", base, ".saving", NULL);
  job->tmp_path = g_build_filename (dir, tmp_base, NULL);

  job->out = zip_open (job->tmp_path, ZIP_CREATE | ZIP_TRUNCATE, &code);
  if (job->out == NULL)
    {
      zip_error_t zerr;

      zip_error_init_with_code (&zerr, code);
      set_zip_error (error, SB_ARCHIVE_ERROR_IO, _("Could not save “%s”"), job->display, &zerr);
      zip_error_fini (&zerr);
      return FALSE;
    }
  return TRUE;
}

static gboolean
write_and_replace (SaveJob       *job,
                   SbSubmission  *submission,
                   GError       **error)
{
  if (!add_entries (job, submission, error) || !close_zip (job, error))
    return FALSE;
  if (g_cancellable_set_error_if_cancelled (job->cancellable, error)
      || !sync_file (job, error))
    return FALSE;
  /* Opened before the rename, so it is surely what we wrote. */
  job->pinned = pin_fd (g_open (job->tmp_path, O_RDONLY | O_CLOEXEC, 0), job->file);
  if (g_rename (job->tmp_path, job->path) != 0)
    {
      set_errno_error (error, errno, job->display);
      return FALSE;
    }
  return TRUE;
}

gboolean
sb_archive_save (SbSubmission  *submission,
                 GFile         *file,
                 GCancellable  *cancellable,
                 GError       **error)
{
  g_auto(SaveJob) job = { 0 };

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error)
      || !save_job_init (&job, file, cancellable, error))
    return FALSE;

  if (!write_and_replace (&job, submission, error))
    {
      g_unlink (job.tmp_path);
      return FALSE;
    }
  /* Until the folder is synced the rename may be lost on a crash: not
   * saved yet. The file in place holds everything, so a later save from
   * the unchanged model still works. */
  if (!sync_folder (&job, error))
    return FALSE;
  remove_stale_temporaries (&job);

  sb_submission_set_file (submission, file);
  sb_submission_set_archive (submission, job.pinned);
  sb_submission_clear_attachment_sources (submission);
  sb_submission_set_modified (submission, FALSE);
  return TRUE;
}

/* Extracting */

static gboolean
copy_entry (zip_file_t    *zf,
            guint64        size,
            GOutputStream *out,
            GChecksum     *checksum,
            const char    *display,
            const char    *entry,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *buffer = g_malloc (COPY_CHUNK);
  guint64 total = 0;

  for (;;)
    {
      zip_int64_t n = zip_fread (zf, buffer, COPY_CHUNK);

      if (n < 0)
        {
          set_file_zip_error (error, SB_ARCHIVE_ERROR_NOT_ARCHIVE, display, entry,
                              zip_file_get_error (zf));
          return FALSE;
        }
      if (n == 0)
        return TRUE;
      total += n;
      if (total > size)
        {
          g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_TOO_LARGE,
                       _("“%s” is damaged: entry “%s” does not hold the size it declares"),
                       display, entry);
          return FALSE;
        }
      g_checksum_update (checksum, (const guchar *) buffer, n);
      if (!g_output_stream_write_all (out, buffer, n, NULL, cancellable, error))
        return FALSE;
    }
}

static zip_file_t *
open_attachment (zip_t       *za,
                 const char  *entry,
                 const char  *display,
                 guint64     *size,
                 GError     **error)
{
  zip_int64_t index = zip_name_locate (za, entry, ZIP_FL_ENC_RAW);
  zip_file_t *zf;
  zip_stat_t st;

  if (index < 0)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_MISSING,
                   _("“%s” holds no entry “%s”"), display, entry);
      return NULL;
    }
  if (!check_entry_stat (za, index, ENTRY_KIND_ATTACHMENT, entry, display, error))
    return NULL;
  zip_stat_init (&st);
  zip_stat_index (za, index, 0, &st);
  *size = st.size;
  zf = zip_fopen_index (za, index, 0);
  if (zf == NULL)
    set_file_zip_error (error, SB_ARCHIVE_ERROR_NOT_ARCHIVE, display, entry, zip_get_error (za));
  return zf;
}

/* A temporary file beside dest, so dest only ever holds checked bytes. */
static GFileOutputStream *
create_sibling (GFile         *dest,
                GFile        **tmp,
                GCancellable  *cancellable,
                GError       **error)
{
  g_autoptr(GFile) parent = g_file_get_parent (dest);
  g_autofree char *base = g_file_get_basename (dest);

  if (parent == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("Cannot write to “%s”"), base);
      return NULL;
    }
  for (int attempt = 0; ; attempt++)
    {
      g_autoptr(GError) local_error = NULL;
      g_autofree char *name = g_strdup_printf (".%s.%08x", base, g_random_int ());
      GFileOutputStream *out;

      g_clear_object (tmp);
      *tmp = g_file_get_child (parent, name);
      out = g_file_create (*tmp, G_FILE_CREATE_NONE, cancellable, &local_error);
      if (out != NULL)
        return out;
      if (attempt > 100 || !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          g_clear_object (tmp);
          return NULL;
        }
    }
}

static gboolean
extract_to (zip_file_t    *zf,
            guint64        size,
            const char    *sha256,
            GFile         *dest,
            const char    *display,
            const char    *entry,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFile) tmp = NULL;
  gboolean ok;

  out = create_sibling (dest, &tmp, cancellable, error);
  if (out == NULL)
    return FALSE;
  ok = copy_entry (zf, size, G_OUTPUT_STREAM (out), checksum, display, entry,
                   cancellable, error);
  if (ok && g_strcmp0 (g_checksum_get_string (checksum), sha256) != 0)
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_CORRUPT,
                   _("“%s” is damaged: the bytes of entry “%s” do not match their hash"),
                   display, entry);
      ok = FALSE;
    }
  ok = ok && g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, error);
  ok = ok && g_file_move (tmp, dest, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error);
  if (!ok)
    {
      g_output_stream_close (G_OUTPUT_STREAM (out), NULL, NULL);
      g_file_delete (tmp, NULL, NULL);
    }
  return ok;
}

gboolean
sb_archive_extract (GFile         *archive,
                    const char    *sha256,
                    GFile         *dest,
                    GCancellable  *cancellable,
                    GError       **error)
{
  g_autofree char *display = NULL;
  g_autofree char *entry = NULL;
  PinnedZip *pinned = NULL;
  zip_file_t *zf;
  guint64 size = 0;
  gboolean ok;
  zip_t *za;

  g_return_val_if_fail (G_IS_FILE (archive), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  display = dup_display_name (archive);
  if (!is_sha256 (sha256))
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_MISSING,
                   _("“%s” holds no attachment “%s”"), display, sha256);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  za = acquire_archive (archive, display, &pinned, error);
  if (za == NULL)
    return FALSE;
  entry = g_strconcat (ENTRY_ATTACHMENTS, sha256, NULL);
  zf = open_attachment (za, entry, display, &size, error);
  ok = zf != NULL && extract_to (zf, size, sha256, dest, display, entry, cancellable, error);
  if (zf != NULL)
    zip_fclose (zf);
  release_archive (za, pinned);
  return ok;
}

gboolean
sb_archive_query_attachment_size (GFile       *archive,
                                  const char  *sha256,
                                  guint64     *size)
{
  g_autofree char *entry = NULL;
  PinnedZip *pinned = NULL;
  zip_stat_t st;
  gboolean found;
  zip_t *za;

  g_return_val_if_fail (G_IS_FILE (archive), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);
  g_return_val_if_fail (size != NULL, FALSE);

  if (!is_sha256 (sha256) || (za = acquire_archive (archive, "", &pinned, NULL)) == NULL)
    return FALSE;
  entry = g_strconcat (ENTRY_ATTACHMENTS, sha256, NULL);
  zip_stat_init (&st);
  found = zip_stat (za, entry, ZIP_FL_ENC_RAW, &st) == 0 && (st.valid & ZIP_STAT_SIZE);
  *size = found ? st.size : 0;
  release_archive (za, pinned);
  return found;
}
