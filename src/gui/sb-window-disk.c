/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The file on disk: another program changing or removing it while it
 * is open here, and saves that fail. Whatever happens, what was typed
 * here stays in the window until the user says where it goes. */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-window-private.h"

static char *
dup_basename (SbWindow *self)
{
  GFile *file = sb_file_guard_get_file (self->guard);

  return file ? g_file_get_basename (file) : g_strdup ("");
}

static gboolean
is_saving (SbWindow *self)
{
  return self->saving != NULL || !g_queue_is_empty (&self->saves);
}

/* Reloading keeps the user's place. */
static gboolean
reload (SbWindow  *self,
        GError   **error)
{
  g_autoptr(GFile) file = g_object_ref (sb_file_guard_get_file (self->guard));
  g_autofree char *page = g_strdup (sb_window_get_visible_page_name (self));

  if (!sb_window_load_file (self, file, error))
    return FALSE;
  if (page != NULL)
    sb_window_set_visible_page_name (self, page);
  /* The copies kept while in conflict are not needed any more. */
  _sb_window_remove_recovery (self);
  return TRUE;
}

static void
conflict_response_cb (SbWindow         *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "reload"))
    {
      if (!reload (self, &error))
        sb_window_show_error (self, _("Could Not Reload"), error);
    }
  else if (g_str_equal (response, "overwrite"))
    {
      self->conflict = FALSE;
      _sb_window_save_over_changes (self);
    }
  else if (g_str_equal (response, "save-as"))
    _sb_window_save_as (self);
  /* "later": autosave keeps recovery copies until it is answered. */
}

static gboolean
is_asking_about_changes (SbWindow *self)
{
  return self->dialog != NULL && g_object_get_data (G_OBJECT (self->dialog), "sb-conflict");
}

static void
ask_about_changes (SbWindow *self)
{
  g_autofree char *name = dup_basename (self);
  AdwMessageDialog *dialog;

  if (is_asking_about_changes (self))
    return;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), NULL, NULL));
  adw_message_dialog_format_heading (dialog, _("“%s” Was Changed by Another Program"), name);
  adw_message_dialog_set_body (dialog,
    _("The file on disk is no longer the one opened here. Your changes are still in this "
      "window. Keep both by saving yours under another name, or choose which one to keep."));
  adw_message_dialog_add_responses (dialog,
                                    "later", _("_Not Now"),
                                    "reload", _("_Discard Mine"),
                                    "overwrite", _("_Overwrite"),
                                    "save-as", _("Save _As…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "reload", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "overwrite", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (dialog, "save-as", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save-as");
  adw_message_dialog_set_close_response (dialog, "later");
  g_object_set_data (G_OBJECT (dialog), "sb-conflict", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (dialog, "response", G_CALLBACK (conflict_response_cb), self,
                           G_CONNECT_SWAPPED);
  _sb_window_set_dialog (self, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Nothing typed here since: take the other program's version. */
static void
reload_quietly (SbWindow *self)
{
  g_autofree char *name = dup_basename (self);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;

  if (reload (self, &error))
    message = g_strdup_printf (_("“%s” was changed by another program and has been reloaded"),
                               name);
  else
    message = g_strdup_printf (_("“%s” was changed by another program but cannot be read: %s. "
                                 "The version shown here is kept."),
                               name, error->message);
  sb_window_add_toast (self, adw_toast_new (message));
}

/* Deleted or moved away: the work is only in this window now, so it
 * counts as unsaved, and autosave puts it back. */
static void
file_removed (SbWindow *self)
{
  g_autofree char *name = dup_basename (self);
  g_autofree char *message =
    g_strdup_printf (_("“%s” was removed from its folder by another program. "
                       "Your work is still here: save it to keep it."), name);

  sb_submission_set_modified (self->submission, TRUE);
  _sb_window_schedule_autosave (self);
  sb_window_add_toast (self, adw_toast_new (message));
}

static void
disk_state_cb (SbWindow *self)
{
  if (self->submission == NULL || self->closing)
    return;
  switch (sb_file_guard_get_state (self->guard))
    {
    case SB_FILE_GUARD_CHANGED:
      self->conflict = TRUE;
      if (!sb_submission_get_modified (self->submission) && !is_saving (self))
        reload_quietly (self);
      else
        ask_about_changes (self);
      break;
    case SB_FILE_GUARD_REMOVED:
      file_removed (self);
      break;
    case SB_FILE_GUARD_SAME:
    default:
      break;
    }
}

static void
save_failed_response_cb (SbWindow   *self,
                         const char *response)
{
  if (g_str_equal (response, "save-as"))
    _sb_window_save_as (self);
}

/* A full disk, a read-only or vanished folder: say so once, and where
 * to go instead. Autosave failing again does not ask again. */
void
_sb_window_report_save_error (SbWindow     *self,
                              const GError *error,
                              gboolean      automatic)
{
  AdwMessageDialog *dialog;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG))
    {
      self->conflict = TRUE;
      ask_about_changes (self);
      return;
    }
  g_message ("Could not save: %s", error->message);
  if (automatic && self->save_failed)
    return;
  self->save_failed = TRUE;
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Save"),
                                                       NULL));
  adw_message_dialog_format_body (dialog, "%s\n\n%s", error->message,
    _("Your work is still open in this window. Save it somewhere else to keep it, "
      "for example in another folder or on a USB drive."));
  adw_message_dialog_add_responses (dialog,
                                    "later", _("_Not Now"),
                                    "save-as", _("Save _As…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (dialog, "save-as", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "save-as");
  adw_message_dialog_set_close_response (dialog, "later");
  g_signal_connect_object (dialog, "response", G_CALLBACK (save_failed_response_cb), self,
                           G_CONNECT_SWAPPED);
  _sb_window_set_dialog (self, GTK_WIDGET (dialog));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
_sb_window_watch_file (SbWindow   *self,
                       GFile      *file,
                       const char *stamp)
{
  sb_file_guard_watch (self->guard, file, stamp);
}

void
_sb_window_disk_init (SbWindow *self)
{
  self->guard = sb_file_guard_new ();
  g_signal_connect_object (self->guard, "notify::state", G_CALLBACK (disk_state_cb), self,
                           G_CONNECT_SWAPPED);
}

void
_sb_window_disk_dispose (SbWindow *self)
{
  if (self->guard != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->guard, self);
      sb_file_guard_watch (self->guard, NULL, NULL);
    }
  g_clear_object (&self->guard);
}
