/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-file-chooser.h"
#include "sb-file-guard.h"
#include "sb-recovery.h"
#include "sb-ui-util.h"
#include "sb-window-private.h"

/* Steady typing saves at least this often. */
#define AUTOSAVE_MAX_WAIT_US (30 * G_USEC_PER_SEC)

/* One save: a copy of the submission written in a thread, so the
 * window keeps taking keystrokes while attachments are copied. */
typedef struct {
  SbSubmission *copy;
  GFile        *file;
  guint64       serial;
  GPtrArray    *sources;   /* sha256 of the attachments read from their source */
  gboolean      recovery;
  gboolean      guarded;   /* over the file we opened: the guard knows */
  char         *expected;  /* its stamp as we know it, or NULL to write regardless */
  char         *written;   /* its stamp after writing */
  GFile        *origin;    /* a recovery copy's own file, if it has one */
} SaveData;

static void
save_data_free (SaveData *data)
{
  g_clear_object (&data->copy);
  g_clear_object (&data->file);
  g_clear_pointer (&data->sources, g_ptr_array_unref);
  g_free (data->expected);
  g_free (data->written);
  g_clear_object (&data->origin);
  g_free (data);
}

gboolean
_sb_window_has_own_file (SbWindow *self)
{
  GFile *file = self->submission ? sb_submission_get_file (self->submission) : NULL;

  return file != NULL && (self->recovery_file == NULL || !g_file_equal (file, self->recovery_file));
}

gboolean
sb_window_is_untitled (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), TRUE);
  return !_sb_window_has_own_file (self);
}

gboolean
sb_window_is_pristine (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  return self->submission == NULL
         || (!_sb_window_has_own_file (self) && !sb_submission_get_modified (self->submission)
             && self->saving == NULL);
}

GFile *
sb_window_get_recovery_file (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->recovery_file;
}

void
sb_window_set_autosave_delay (SbWindow *self,
                              guint     msec)
{
  g_return_if_fail (SB_IS_WINDOW (self));
  self->autosave_delay = msec;
}

/* Saving */

/* A copy for a worker thread, reading the same attachment bytes.
 * sources, if not NULL, gets the sha256 of those still read from their
 * source. Saving and exporting both start here. */
SbSubmission *
_sb_window_dup_snapshot (SbSubmission  *submission,
                         GPtrArray     *sources,
                         GError       **error)
{
  gsize length;
  g_autofree char *data = sb_submission_to_data (submission, &length);
  g_autoptr(SbSubmission) copy = sb_submission_new_from_data (data, (gssize) length, error);
  guint n;

  if (copy == NULL)
    return NULL;
  sb_submission_set_file (copy, sb_submission_get_file (submission));
  sb_submission_set_archive (copy, sb_submission_get_archive (submission));
  n = sb_submission_get_n_attachments (submission);
  for (guint i = 0; i < n; i++)
    {
      const char *sha256 = sb_submission_get_attachment_sha256 (submission, i);
      GFile *source = sb_submission_get_attachment_source (submission, sha256);

      if (source == NULL)
        continue;
      sb_submission_set_attachment_source (copy, sha256, source);
      if (sources != NULL)
        g_ptr_array_add (sources, g_strdup (sha256));
    }
  return g_steal_pointer (&copy);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  SaveData *data = task_data;
  g_autoptr(GError) error = NULL;

  if (data->recovery)
    {
      g_autoptr(GFile) parent = g_file_get_parent (data->file);

      g_file_make_directory_with_parents (parent, cancellable, NULL);
    }
  /* The note first: a copy is never found without it. */
  if (data->recovery && !sb_recovery_write_origin (data->file, data->origin, &error))
    {
      g_message ("The recovery copy will not know its file: %s", error->message);
      g_clear_error (&error);
    }
  /* Compared here, just before writing: another program may have
   * written since the monitor last looked. */
  if (!sb_file_guard_check_stamp (data->file, data->expected, cancellable, &error)
      || !sb_archive_save (data->copy, data->file, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!data->recovery)
    data->written = sb_file_guard_query_stamp (data->file, NULL, NULL);
  g_task_return_boolean (task, TRUE);
}

static void start_next_save (SbWindow *self);

static void
finish_save (SbWindow *self,
             SaveData *data)
{
  if (data->recovery)
    {
      sb_application_report ("recovery-written %s", g_file_peek_path (data->file));
      return;
    }
  sb_submission_set_file (self->submission, data->file);
  /* Attachments are read from what was just written from now on. */
  sb_submission_set_archive (self->submission, sb_submission_get_archive (data->copy));
  if (!data->guarded)
    _sb_window_watch_file (self, data->file, data->written);
  self->conflict = FALSE;
  self->save_failed = FALSE;
  for (guint i = 0; i < data->sources->len; i++)
    sb_submission_set_attachment_source (self->submission,
                                         g_ptr_array_index (data->sources, i), NULL);
  /* Typing during the save makes more to save. */
  if (sb_submission_get_serial (self->submission) == data->serial)
    sb_submission_set_modified (self->submission, FALSE);
  _sb_window_remove_recovery (self);
  _sb_window_note_recent (self, data->file);
  _sb_window_set_last_folder (self, data->file);
  sb_application_report ("saved %s", g_file_peek_path (data->file));
}

/* Closing waits for the saves it asked for, or that were under way. */
static void
maybe_close_after_save (SbWindow *self,
                        gboolean  saved)
{
  if (!self->close_after_save || self->saving != NULL || !g_queue_is_empty (&self->saves))
    return;
  self->close_after_save = FALSE;
  if (saved || self->closing)
    gtk_window_close (GTK_WINDOW (self));
}

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SbWindow *self = SB_WINDOW (object);
  g_autoptr(GTask) outer = user_data;
  SaveData *data = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean saved;

  if (self->saving == outer)
    g_clear_object (&self->saving);
  saved = g_task_propagate_boolean (G_TASK (result), &error);
  if (data->guarded && self->guard != NULL)
    sb_file_guard_end_write (self->guard, saved ? data->written : NULL);
  if (saved && self->submission != NULL && !self->closing)
    finish_save (self, data);
  if (saved)
    g_task_return_boolean (outer, TRUE);
  else
    g_task_return_error (outer, g_steal_pointer (&error));
  _sb_window_update_title (self);
  start_next_save (self);
  maybe_close_after_save (self, saved && !data->recovery);
}

static void
start_next_save (SbWindow *self)
{
  GTask *outer;
  g_autoptr(GTask) inner = NULL;
  SaveData *data;
  g_autoptr(GError) error = NULL;

  if (self->saving != NULL || (outer = g_queue_pop_head (&self->saves)) == NULL)
    return;

  data = g_new0 (SaveData, 1);
  data->sources = g_ptr_array_new_with_free_func (g_free);
  data->recovery = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (outer), "recovery"));
  data->file = g_object_ref (g_object_get_data (G_OBJECT (outer), "file"));
  data->serial = sb_submission_get_serial (self->submission);
  if (data->recovery && _sb_window_has_own_file (self))
    data->origin = g_object_ref (sb_submission_get_file (self->submission));
  if (!data->recovery && self->guard != NULL && sb_file_guard_get_file (self->guard) != NULL
      && g_file_equal (data->file, sb_file_guard_get_file (self->guard)))
    {
      data->guarded = TRUE;
      if (g_object_get_data (G_OBJECT (outer), "overwrite") == NULL)
        data->expected = g_strdup (sb_file_guard_get_stamp (self->guard));
    }
  data->copy = _sb_window_dup_snapshot (self->submission, data->sources, &error);
  if (data->copy == NULL)
    {
      save_data_free (data);
      g_task_return_error (outer, g_steal_pointer (&error));
      g_object_unref (outer);
      start_next_save (self);
      return;
    }

  self->saving = g_object_ref (outer);
  if (data->guarded)
    sb_file_guard_begin_write (self->guard);
  inner = g_task_new (self, g_task_get_cancellable (outer), save_done_cb, outer);
  g_task_set_source_tag (inner, start_next_save);
  g_task_set_task_data (inner, data, (GDestroyNotify) save_data_free);
  g_task_run_in_thread (inner, save_thread);
  _sb_window_update_title (self);
}

static void
queue_save (SbWindow            *self,
            GFile               *file,
            gboolean             recovery,
            gboolean             overwrite,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback,
            gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_window_save_async);
  g_object_set_data_full (G_OBJECT (task), "file", g_object_ref (file), g_object_unref);
  g_object_set_data (G_OBJECT (task), "recovery", GINT_TO_POINTER (recovery));
  g_object_set_data (G_OBJECT (task), "overwrite", GINT_TO_POINTER (overwrite));
  g_queue_push_tail (&self->saves, task);
  start_next_save (self);
}

void
sb_window_save_async (SbWindow            *self,
                      GFile               *file,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (file != NULL || _sb_window_has_own_file (self));

  if (file == NULL)
    file = sb_submission_get_file (self->submission);
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->dirty_since = 0;
  queue_save (self, file, FALSE, FALSE, cancellable, callback, user_data);
}

gboolean
sb_window_save_finish (SbWindow      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
user_save_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SbWindow *self = SB_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (!sb_window_save_finish (self, result, &error))
    _sb_window_report_save_error (self, error, FALSE);
}

/* After the user saw what another program wrote and chose to replace it. */
void
_sb_window_save_over_changes (SbWindow *self)
{
  g_return_if_fail (_sb_window_has_own_file (self));
  g_clear_handle_id (&self->autosave_source, g_source_remove);
  self->dirty_since = 0;
  queue_save (self, sb_submission_get_file (self->submission), FALSE, TRUE,
              self->cancellable, user_save_cb, NULL);
}

/* Save As */

static void
save_as_chosen_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(SbWindow) self = user_data;
  g_autoptr(GFile) chosen = sb_file_chooser_save_finish (result, NULL);
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;

  if (chosen == NULL || self->closing)
    {
      self->close_after_save = FALSE;
      return;
    }
  basename = g_file_get_basename (chosen);
  if (g_str_has_suffix (basename, ".shenbao"))
    file = g_object_ref (chosen);
  else
    {
      g_autoptr(GFile) parent = g_file_get_parent (chosen);
      g_autofree char *name = g_strconcat (basename, ".shenbao", NULL);

      file = g_file_get_child (parent, name);
    }
  sb_window_save_async (self, file, self->cancellable, user_save_cb, NULL);
}

static GFile *
dup_documents_folder (void)
{
  const char *documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);

  if (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (documents);
  return g_file_new_for_path (g_get_home_dir ());
}

/* Proposes the file itself, or a name in the last folder; never a
 * folder that is gone (the reason for Save As, after a failed save). */
void
_sb_window_save_as (SbWindow *self)
{
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFile) folder = _sb_window_dup_last_folder (self);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = sb_ui_dup_submission_name (self->submission, self->recovery_file);
  g_autofree char *filename = NULL;
  SbFileChooserOptions options = { 0 };

  filter = sb_file_chooser_new_filter (_("Submissions"), SB_ARCHIVE_MIMETYPE, "shenbao", NULL);
  g_list_store_append (filters, filter);
  options.title = _("Save Submission");
  options.accept_label = _("_Save");
  options.filters = G_LIST_MODEL (filters);
  if (_sb_window_has_own_file (self))
    parent = g_file_get_parent (sb_submission_get_file (self->submission));
  if (parent != NULL && g_file_query_exists (parent, NULL))
    options.file = sb_submission_get_file (self->submission);
  else
    {
      filename = g_str_has_suffix (name, ".shenbao") ? g_strdup (name)
                                                     : g_strconcat (name, ".shenbao", NULL);
      g_strdelimit (filename, "/", '_');
      if (folder == NULL || !g_file_query_exists (folder, NULL))
        g_set_object (&folder, dup_documents_folder ());
      options.folder = folder;
      options.name = filename;
    }
  sb_file_chooser_save_async (GTK_WINDOW (self), &options, NULL, save_as_chosen_cb,
                              g_object_ref (self));
}

void
_sb_window_save (SbWindow *self)
{
  if (!_sb_window_has_own_file (self))
    _sb_window_save_as (self);
  else
    sb_window_save_async (self, NULL, self->cancellable, user_save_cb, NULL);
}

/* Autosave and recovery */

static gboolean
autosave_enabled (SbWindow *self)
{
  return self->settings == NULL || g_settings_get_boolean (self->settings, "autosave");
}

static void ensure_recovery_file (SbWindow *self);

static void
autosave_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  SbWindow *self = SB_WINDOW (object);
  gboolean recovery = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;

  if (sb_window_save_finish (self, result, &error))
    return;
  if (recovery)
    {
      /* Only the safety copy failed: the window still holds the work. */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not write the recovery copy: %s", error->message);
      return;
    }
  _sb_window_report_save_error (self, error, TRUE);
  /* Until it can go to its file, keep a copy a crash cannot take. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !self->closing
      && self->submission != NULL)
    {
      ensure_recovery_file (self);
      queue_save (self, self->recovery_file, TRUE, FALSE, self->cancellable,
                  autosave_done_cb, GINT_TO_POINTER (TRUE));
    }
}

static void
ensure_recovery_file (SbWindow *self)
{
  g_autoptr(GFile) folder = NULL;
  g_autofree char *uuid = NULL;
  g_autofree char *name = NULL;

  if (self->recovery_file != NULL)
    return;
  folder = sb_application_dup_recovery_folder ();
  uuid = g_uuid_string_random ();
  name = g_strconcat (uuid, ".shenbao", NULL);
  self->recovery_file = g_file_get_child (folder, name);
}

static gboolean
autosave_cb (gpointer user_data)
{
  SbWindow *self = user_data;

  self->autosave_source = 0;
  if (self->submission == NULL || !sb_submission_get_modified (self->submission))
    return G_SOURCE_REMOVE;
  self->dirty_since = 0;
  /* An unanswered change on disk is not overwritten behind the user's back. */
  if (_sb_window_has_own_file (self) && autosave_enabled (self) && !self->conflict)
    {
      sb_window_save_async (self, NULL, self->cancellable, autosave_done_cb, NULL);
      return G_SOURCE_REMOVE;
    }
  /* Unsaved work, or autosave turned off: keep a copy to recover. */
  ensure_recovery_file (self);
  queue_save (self, self->recovery_file, TRUE, FALSE, self->cancellable, autosave_done_cb,
              GINT_TO_POINTER (TRUE));
  return G_SOURCE_REMOVE;
}

void
_sb_window_schedule_autosave (SbWindow *self)
{
  gint64 now = g_get_monotonic_time ();
  guint delay = self->autosave_delay;

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->submission == NULL || !sb_submission_get_modified (self->submission)
      || self->closing)
    return;
  if (self->dirty_since == 0)
    self->dirty_since = now;
  else if (now - self->dirty_since > AUTOSAVE_MAX_WAIT_US)
    delay = 0;
  self->autosave_source = g_timeout_add (delay, autosave_cb, self);
}

void
_sb_window_remove_recovery (SbWindow *self)
{
  if (self->recovery_file == NULL)
    return;
  sb_recovery_delete (self->recovery_file);
  g_clear_object (&self->recovery_file);
}

gboolean
sb_window_load_recovery (SbWindow  *self,
                         GFile     *file,
                         GError   **error)
{
  g_autoptr(SbSubmission) submission = sb_archive_load (file, NULL, error);
  g_autoptr(GFile) origin = NULL;

  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);
  if (submission == NULL)
    return FALSE;
  g_set_object (&self->recovery_file, file);
  /* Work on a saved file comes back to that file; its attachments are
   * still read from the copy. */
  origin = sb_recovery_dup_origin (file);
  if (origin != NULL && !g_file_equal (origin, file))
    {
      g_autoptr(GFile) archive = g_object_ref (sb_submission_get_archive (submission));

      sb_submission_set_file (submission, origin);
      sb_submission_set_archive (submission, archive);
    }
  sb_submission_set_modified (submission, TRUE);
  sb_window_set_submission (self, submission);
  return TRUE;
}

/* Opening */

/* Interchange JSON names its files: they sit in "x/sample/" beside
 * "x/sample.json", or in its folder. The save checks their hashes. */
static void
find_json_attachments (SbSubmission *submission,
                       GFile        *json)
{
  g_autoptr(GFile) folder = g_file_get_parent (json);
  g_autofree char *path = g_file_get_path (json);
  g_autofree char *stem = path ? g_strndup (path, strlen (path) - strlen (".json")) : NULL;
  g_autoptr(GFile) companion = stem ? g_file_new_for_path (stem) : NULL;
  guint n = sb_submission_get_n_attachments (submission);

  for (guint i = 0; i < n; i++)
    {
      const char *name = sb_submission_get_attachment_name (submission, i);
      const char *sha256 = sb_submission_get_attachment_sha256 (submission, i);
      GFile *places[] = { companion, folder };

      if (name == NULL || *name == '\0' || strchr (name, '/') != NULL
          || g_str_equal (name, "..") || sb_submission_get_attachment_source (submission, sha256))
        continue;
      for (guint p = 0; p < G_N_ELEMENTS (places); p++)
        {
          g_autoptr(GFile) file = places[p] ? g_file_get_child (places[p], name) : NULL;

          if (file != NULL && g_file_query_exists (file, NULL))
            {
              sb_submission_set_attachment_source (submission, sha256, file);
              break;
            }
        }
    }
}

gboolean
sb_window_load_file (SbWindow  *self,
                     GFile     *file,
                     GError   **error)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autoptr(SbSubmission) submission = NULL;
  gboolean json = g_str_has_suffix (basename, ".json");
  g_autofree char *stamp = NULL;

  g_return_val_if_fail (SB_IS_WINDOW (self), FALSE);

  /* Taken before reading: a write during the read shows as a change. */
  if (!json)
    stamp = sb_file_guard_query_stamp (file, NULL, NULL);
  if (json)
    submission = sb_submission_new_from_json_file (file, error);
  else
    submission = sb_archive_load (file, self->cancellable, error);
  if (submission == NULL)
    return FALSE;
  if (json)
    {
      /* Interchange JSON starts a new submission that is not saved yet. */
      sb_submission_set_file (submission, NULL);
      find_json_attachments (submission, file);
      sb_submission_set_modified (submission, TRUE);
    }
  else
    _sb_window_note_recent (self, file);
  _sb_window_set_last_folder (self, file);
  _sb_window_watch_file (self, json ? NULL : file, stamp);
  self->conflict = FALSE;
  sb_window_set_submission (self, submission);
  return TRUE;
}

void
_sb_window_note_recent (SbWindow *self,
                        GFile    *file)
{
  GtkRecentData data = { 0 };
  g_autofree char *uri = g_file_get_uri (file);
  const char *groups[] = { "shenbao", NULL };

  data.mime_type = (char *) SB_ARCHIVE_MIMETYPE;
  data.app_name = (char *) g_get_application_name ();
  data.app_exec = (char *) "shenbao %u";
  data.groups = (char **) groups;
  gtk_recent_manager_add_full (gtk_recent_manager_get_default (), uri, &data);
}

GFile *
_sb_window_dup_last_folder (SbWindow *self)
{
  g_autofree char *uri = self->settings ? g_settings_get_string (self->settings, "last-folder")
                                        : NULL;

  if (uri == NULL || *uri == '\0')
    return NULL;
  return g_file_new_for_uri (uri);
}

void
_sb_window_set_last_folder (SbWindow *self,
                            GFile    *file)
{
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *uri = parent ? g_file_get_uri (parent) : NULL;

  /* The recovery folder is no place to send people. */
  if (self->settings != NULL && uri != NULL
      && (self->recovery_file == NULL || !g_file_equal (file, self->recovery_file)))
    g_settings_set_string (self->settings, "last-folder", uri);
}

/* Closing */

static void
save_window_state (SbWindow *self)
{
  int width, height;
  gboolean maximized = gtk_window_is_maximized (GTK_WINDOW (self));

  if (self->settings == NULL)
    return;
  g_settings_set_boolean (self->settings, "window-maximized", maximized);
  if (maximized)
    return;
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
}

static gboolean
close_cb (gpointer user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
  return G_SOURCE_REMOVE;
}

static void
close_response_cb (SbWindow         *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  if (g_strcmp0 (response, "discard") == 0)
    {
      /* Close once the dialog, which is transient for us, is gone. */
      self->closing = TRUE;
      g_idle_add_full (G_PRIORITY_HIGH_IDLE, close_cb, g_object_ref (self), g_object_unref);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      self->close_after_save = TRUE;
      _sb_window_save (self);
    }
}

static void
ask_before_closing (SbWindow *self)
{
  g_autofree char *name = sb_ui_dup_submission_name (self->submission, self->recovery_file);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL);

  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog),
                                     _("Save Changes to “%s”?"), name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("Changes that are not saved will be lost."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_response_cb), self,
                           G_CONNECT_SWAPPED);
  _sb_window_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* TRUE keeps the window open: it still has something to save or ask. */
gboolean
_sb_window_close_request (SbWindow *self)
{
  gboolean modified = self->submission && sb_submission_get_modified (self->submission);

  if (self->closing)
    {
      if (self->saving != NULL)
        {
          self->close_after_save = TRUE;
          return TRUE;
        }
      save_window_state (self);
      _sb_window_remove_recovery (self);
      return FALSE;
    }
  if (modified && _sb_window_has_own_file (self) && autosave_enabled (self))
    {
      /* Autosave is on: closing just saves, as it would have in a moment. */
      self->close_after_save = TRUE;
      sb_window_save_async (self, NULL, self->cancellable, user_save_cb, NULL);
      return TRUE;
    }
  if (modified)
    {
      ask_before_closing (self);
      return TRUE;
    }
  if (self->saving != NULL)
    {
      self->close_after_save = TRUE;
      return TRUE;
    }
  save_window_state (self);
  _sb_window_remove_recovery (self);
  return FALSE;
}

void
_sb_window_files_init (SbWindow *self)
{
  if (self->settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
}

void
_sb_window_files_dispose (SbWindow *self)
{
  GTask *task;

  g_clear_handle_id (&self->autosave_source, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  while ((task = g_queue_pop_head (&self->saves)) != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s",
                               _("The window was closed"));
      g_object_unref (task);
    }
  g_clear_object (&self->cancellable);
  g_clear_object (&self->recovery_file);
}
