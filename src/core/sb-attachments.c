/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sb-archive.h"
#include "sb-attachments.h"
#include "sb-preflight.h"

#define HASH_CHUNK  (64 * 1024)
/* PDF readers accept the header anywhere in the first kilobyte. */
/* The saved file refuses larger attachments (see sb-archive.c). */
#define MAX_ATTACHMENT_SIZE  (512 * 1024 * 1024)

static gboolean
is_sha256 (const char *s)
{
  gsize i;

  for (i = 0; s[i] != '\0'; i++)
    if (!g_ascii_isdigit (s[i]) && !(s[i] >= 'a' && s[i] <= 'f'))
      return FALSE;
  return i == 64;
}

char *
sb_file_compute_sha256 (GFile         *file,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) checksum = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autofree guchar *buffer = NULL;
  gssize n;

  g_return_val_if_fail (G_IS_FILE (file), NULL);

  /* A named pipe would block the open, /dev/zero never end. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE, G_FILE_QUERY_INFO_NONE,
                            cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_autofree char *display = g_file_get_parse_name (file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_REGULAR_FILE,
                   _("“%s” is not a file"), display);
      return NULL;
    }
  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return NULL;
  checksum = g_checksum_new (G_CHECKSUM_SHA256);
  buffer = g_malloc (HASH_CHUNK);
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buffer, HASH_CHUNK,
                                   cancellable, error)) > 0)
    g_checksum_update (checksum, buffer, n);
  if (n < 0)
    return NULL;
  return g_strdup (g_checksum_get_string (checksum));
}

/* Decides whether a file may be attached at all, by its content, never
 * its name: sb-preflight opens it as a reviewer's tools would. Page
 * drawing (the blank-page check) is left to the background, so a row
 * appears at once. */
static SbPreflightResult *
preflight (GFile         *file,
           const char    *display,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  SbPreflightResult *result;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                            G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT,
                   _("“%s” is not a file"), display);
      return NULL;
    }
  if (g_file_info_get_size (info) == 0)
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT,
                   _("“%s” is empty"), display);
      return NULL;
    }
  if (g_file_info_get_size (info) > MAX_ATTACHMENT_SIZE)
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT,
                   _("“%s” is too large to attach (more than %d MiB)"),
                   display, MAX_ATTACHMENT_SIZE / (1024 * 1024));
      return NULL;
    }
  result = sb_preflight_file_full (file, SB_PREFLIGHT_FLAGS_NO_RENDER, cancellable, &local_error);
  if (result != NULL)
    return result;
  if (local_error->domain == SB_PREFLIGHT_ERROR)
    g_set_error_literal (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT,
                         local_error->message);
  else
    g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

/* Checks and hashes one file; the error names it. */
static char *
prepare_file (GFile         *file,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autofree char *display = g_file_get_parse_name (file);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(SbPreflightResult) result = NULL;
  char *sha256 = NULL;

  result = preflight (file, display, cancellable, &local_error);
  if (result != NULL)
    sha256 = sb_file_compute_sha256 (file, cancellable, &local_error);
  if (sha256 != NULL)
    {
      /* Its warnings show in check and the problems list from now on. */
      sb_preflight_remember (sha256, result, NULL);
      return sha256;
    }

  if (local_error->domain == SB_SUBMISSION_ERROR
      || g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    g_set_error (error, local_error->domain, local_error->code,
                 _("Cannot attach “%s”: %s"), display, local_error->message);
  return NULL;
}

void
sb_prepared_file_free (SbPreparedFile *prepared)
{
  g_clear_object (&prepared->file);
  g_free (prepared->name);
  g_free (prepared->sha256);
  g_free (prepared);
}

GPtrArray *
sb_attachments_prepare_files (GFile                 **files,
                              guint                   n_files,
                              SbPrepareProgressFunc   progress,
                              gpointer                user_data,
                              GCancellable           *cancellable,
                              GError                **error)
{
  g_autoptr(GPtrArray) prepared = NULL;

  g_return_val_if_fail (files != NULL || n_files == 0, NULL);

  prepared = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_prepared_file_free);
  for (guint i = 0; i < n_files; i++)
    {
      g_autofree char *basename = g_file_get_basename (files[i]);
      SbPreparedFile *file;
      char *sha256;

      if (progress != NULL)
        progress (i, files[i], user_data);
      sha256 = prepare_file (files[i], cancellable, error);
      if (sha256 == NULL)
        return NULL;
      file = g_new0 (SbPreparedFile, 1);
      file->file = g_object_ref (files[i]);
      file->name = g_filename_display_name (basename);
      file->sha256 = sha256;
      g_ptr_array_add (prepared, file);
    }
  return g_steal_pointer (&prepared);
}

static gboolean
check_category (SbSubmission  *submission,
                const char    *category,
                GError       **error)
{
  SbTemplate *template = sb_submission_get_template (submission);

  if (template != NULL && sb_template_get_category (template, category) == NULL)
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT,
                   _("There is no category “%s” of proofs"), category);
      return FALSE;
    }
  return TRUE;
}

gboolean
sb_submission_add_prepared_files (SbSubmission  *submission,
                                  const char    *category,
                                  GPtrArray     *prepared,
                                  const char    *title,
                                  GError       **error)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (submission), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);
  g_return_val_if_fail (prepared != NULL, FALSE);

  if (!check_category (submission, category, error))
    return FALSE;
  for (guint i = 0; i < prepared->len; i++)
    {
      SbPreparedFile *file = g_ptr_array_index (prepared, i);

      sb_submission_add_attachment (submission, category, file->name, file->sha256, title,
                                    file->file);
    }
  return TRUE;
}

gboolean
sb_submission_attach_files (SbSubmission  *submission,
                            const char    *category,
                            GFile        **files,
                            guint          n_files,
                            const char    *title,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) prepared = NULL;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), FALSE);
  g_return_val_if_fail (category != NULL, FALSE);
  g_return_val_if_fail (files != NULL || n_files == 0, FALSE);

  /* Before the slow part: a wrong category is known at once. */
  if (!check_category (submission, category, error))
    return FALSE;
  /* Every file is checked before any is added: all or nothing. */
  prepared = sb_attachments_prepare_files (files, n_files, NULL, NULL, cancellable, error);
  return prepared != NULL
         && sb_submission_add_prepared_files (submission, category, prepared, title, error);
}

GFile *
sb_attachments_dup_blob_file (GFile         *archive,
                              const char    *sha256,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) blob = NULL;
  GStatBuf st;
  guint64 size = 0;

  g_return_val_if_fail (sha256 != NULL, NULL);

  if (archive == NULL || !is_sha256 (sha256))
    {
      g_set_error (error, SB_ARCHIVE_ERROR, SB_ARCHIVE_ERROR_MISSING,
                   _("The bytes of attachment “%s” are not available"), sha256);
      return NULL;
    }

  /* The cache is keyed by hash, so a blob of the right size is the
   * right one; a shorter one is what a killed extraction left. */
  dir = g_build_filename (g_get_user_cache_dir (), "shenbao", "blobs", NULL);
  path = g_build_filename (dir, sha256, NULL);
  blob = g_file_new_for_path (path);
  if (sb_archive_query_attachment_size (archive, sha256, &size)
      && g_stat (path, &st) == 0 && (guint64) st.st_size == size)
    return g_steal_pointer (&blob);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not create “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  if (!sb_archive_extract (archive, sha256, blob, cancellable, error))
    return NULL;
  return g_steal_pointer (&blob);
}

GFile *
sb_submission_dup_attachment_file (SbSubmission  *submission,
                                   const char    *sha256,
                                   GCancellable  *cancellable,
                                   GError       **error)
{
  GFile *source;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  source = sb_submission_get_attachment_source (submission, sha256);
  if (source != NULL)
    return g_object_ref (source);
  return sb_attachments_dup_blob_file (sb_submission_get_archive (submission), sha256,
                                       cancellable, error);
}
