/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's Export PDF…, Print Preview and Print…: the packet is
 * made in a worker from a snapshot of the submission, with progress and
 * Cancel in a toast, and only as a draft while errors remain. */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sb-packet.h"
#include "sb-packet-exporter.h"
#include "sb-packet-printer.h"
#include "sb-print-preview.h"
#include "sb-ui-util.h"
#include "sb-window-private.h"

/* What a draft is being asked for. */
typedef enum {
  PURPOSE_EXPORT,
  PURPOSE_PRINT,
} Purpose;

static void print_packet (SbWindow *self,
                          gboolean  draft);

static guint
count_errors (SbWindow *self)
{
  guint n, errors = 0;

  /* Typing may have left a check pending: the count must be current. */
  sb_window_validate_now (self);
  n = self->diagnostics ? g_list_model_get_n_items (self->diagnostics) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbDiagnostic) diagnostic = g_list_model_get_item (self->diagnostics, i);

      if (sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_ERROR)
        errors++;
    }
  return errors;
}

static void
show_failure (SbWindow     *self,
              const char   *heading,
              const GError *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  g_debug ("%s: %s", heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  _sb_window_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Packets left in the cache by a run that crashed: a day is long
 * enough for any print job of another window or run to be done. */
static void
sweep_cache (void)
{
  static gboolean swept;
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "shenbao", NULL);
  g_autoptr(GDir) dir = NULL;
  gint64 now = g_get_real_time ();
  const char *name;

  if (swept)
    return;
  swept = TRUE;
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      GStatBuf info;

      if ((g_str_has_prefix (name, "preview-") || g_str_has_prefix (name, "print-"))
          && g_str_has_suffix (name, ".pdf") && g_stat (child, &info) == 0
          && now / G_USEC_PER_SEC - info.st_mtime > 24 * 60 * 60)
        g_unlink (child);
    }
}

static GFile *
make_cache_file (const char  *prefix,
                 GError     **error)
{
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "shenbao", NULL);
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *name = g_strdup_printf ("%s-%s.pdf", prefix, uuid);

  sweep_cache ();
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not make the folder “%s”: %s"), dir, g_strerror (saved_errno));
      return NULL;
    }
  return g_file_new_build_filename (dir, name, NULL);
}

/* Exporting, with progress in a toast */

/* libadwaita 1.2 crashes when a toast is dismissed while it still
 * slides in as the replacement of another (500 ms): let it arrive. It
 * also crashes when a toast still arriving is replaced by another, so
 * an export started meanwhile (Cancel, then Export again) shows its
 * progress in that toast instead. */
#define TOAST_MIN_MS   600
#define LEAVING_TOAST  "sb-leaving-toast"
#define LEAVING_SOURCE "sb-leaving-source"

static gboolean
dismiss_toast_cb (gpointer user_data)
{
  SbWindow *self = user_data;
  g_autoptr(AdwToast) toast = g_object_steal_data (G_OBJECT (self), LEAVING_TOAST);

  g_object_set_data (G_OBJECT (self), LEAVING_SOURCE, NULL);
  if (toast != NULL)
    adw_toast_dismiss (toast);
  return G_SOURCE_REMOVE;
}

/* The toast waiting to be dismissed, taken back; NULL if none. */
static AdwToast *
take_leaving_toast (SbWindow *self)
{
  guint source = GPOINTER_TO_UINT (g_object_steal_data (G_OBJECT (self), LEAVING_SOURCE));

  if (source != 0)
    g_source_remove (source);
  return g_object_steal_data (G_OBJECT (self), LEAVING_TOAST);
}

static void
toast_dismissed_cb (SbWindow *self,
                    AdwToast *toast)
{
  /* Its Cancel button dismissed it already: nothing to reuse. */
  if (g_object_get_data (G_OBJECT (self), LEAVING_TOAST) == toast)
    g_object_unref (take_leaving_toast (self));
}

static void
cancel_export_cb (SbWindow *self)
{
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static AdwToast *
new_progress_toast (SbWindow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *bar = gtk_progress_bar_new ();
  AdwToast *toast = adw_toast_new ("");

  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 160, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), bar);
  g_object_set_data (G_OBJECT (toast), "label", label);
  g_object_set_data (G_OBJECT (toast), "bar", bar);

  adw_toast_set_custom_title (toast, box);
  adw_toast_set_timeout (toast, 0);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_button_label (toast, _("_Cancel"));
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (cancel_export_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self,
                           G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (toast), "shown-at",
                     GSIZE_TO_POINTER ((gsize) (g_get_monotonic_time () / 1000)));
  return toast;
}

static void
show_progress (SbWindow         *self,
               SbPacketExporter *exporter)
{
  g_autoptr(AdwToast) toast = take_leaving_toast (self);
  gboolean reused = toast != NULL;
  GtkWidget *label, *bar;
  GBinding *binding;

  if (toast == NULL)
    toast = new_progress_toast (self);
  label = g_object_get_data (G_OBJECT (toast), "label");
  bar = g_object_get_data (G_OBJECT (toast), "bar");
  gtk_label_set_label (GTK_LABEL (label), sb_packet_exporter_get_draft (exporter)
                                          ? _("Making the draft…") : _("Making the packet…"));
  /* Held, to unbind it even once the last exporter is gone. */
  binding = g_object_get_data (G_OBJECT (toast), "binding");
  if (binding != NULL)
    g_binding_unbind (binding);
  binding = g_object_bind_property (exporter, "fraction", bar, "fraction",
                                    G_BINDING_SYNC_CREATE);
  g_object_set_data_full (G_OBJECT (toast), "binding", g_object_ref (binding), g_object_unref);
  g_set_object (&self->export_toast, toast);
  /* The overlay takes a reference of its own. */
  if (!reused)
    sb_window_add_toast (self, g_object_ref (toast));
}

static void
end_progress (SbWindow *self)
{
  AdwToast *toast = self->export_toast;
  gint64 shown, left;
  guint source;

  if (toast != NULL)
    {
      shown = (gint64) GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (toast), "shown-at"));
      left = TOAST_MIN_MS - (g_get_monotonic_time () / 1000 - shown);
      if (left > 0)
        {
          source = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) left, dismiss_toast_cb,
                                       g_object_ref (self), g_object_unref);
          g_object_set_data_full (G_OBJECT (self), LEAVING_TOAST, g_object_ref (toast),
                                  g_object_unref);
          g_object_set_data (G_OBJECT (self), LEAVING_SOURCE, GUINT_TO_POINTER (source));
        }
      else
        adw_toast_dismiss (toast);
    }
  g_clear_object (&self->export_toast);
  g_clear_object (&self->export_cancellable);
  if (self->submission != NULL)
    _sb_window_update_export_actions (self);
}

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SbWindow *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  end_progress (self);
  if (sb_packet_exporter_run_finish (SB_PACKET_EXPORTER (object), result, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
sb_window_export_async (SbWindow            *self,
                        GFile               *file,
                        gboolean             draft,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SbSubmission) snapshot = NULL;
  g_autoptr(SbPacketExporter) exporter = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_window_export_async);
  /* What happened counts: a packet written just before Cancel is there. */
  g_task_set_check_cancellable (task, FALSE);
  if (self->export_cancellable != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, "%s",
                               _("The packet is being made already"));
      return;
    }
  snapshot = self->submission ? _sb_window_dup_snapshot (self->submission, NULL, &error) : NULL;
  if (snapshot == NULL)
    {
      if (error == NULL)
        g_set_error_literal (&error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Nothing to export"));
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  exporter = sb_packet_exporter_new (snapshot, file, draft, self->today);
  self->export_cancellable = cancellable ? g_object_ref (cancellable) : g_cancellable_new ();
  show_progress (self, exporter);
  _sb_window_update_export_actions (self);
  sb_packet_exporter_run_async (exporter, self->export_cancellable, exported_cb,
                                g_steal_pointer (&task));
}

gboolean
sb_window_export_finish (SbWindow      *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Export PDF… */

static void
open_pdf_cb (AdwToast *toast,
             SbWindow *self)
{
  const char *uri = g_object_get_data (G_OBJECT (toast), "uri");

  gtk_show_uri (GTK_WINDOW (self), uri, GDK_CURRENT_TIME);
}

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SbWindow *self = SB_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  AdwToast *toast;
  gboolean ok = sb_window_export_finish (self, result, &error);

  /* The window closed meanwhile: nobody to tell. */
  if (self->submission == NULL)
    return;
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sb_window_add_toast (self, adw_toast_new (_("Export cancelled")));
      else
        show_failure (self, _("Could Not Export the Packet"), error);
      return;
    }
  name = g_file_get_basename (file);
  toast = adw_toast_new_format (_("Exported “%s”"), name);
  adw_toast_set_button_label (toast, _("_Open"));
  g_object_set_data_full (G_OBJECT (toast), "uri", g_file_get_uri (file), g_free);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (open_pdf_cb), self, 0);
  sb_window_add_toast (self, toast);
}

static char *
dup_default_name (SbWindow *self,
                  gboolean  draft)
{
  g_autofree char *name = sb_ui_dup_submission_name (self->submission, self->recovery_file);
  char *filename;

  if (g_str_has_suffix (name, ".shenbao"))
    name[strlen (name) - strlen (".shenbao")] = '\0';
  /* The packet's own name, as the notice calls it; not translated. */
  filename = g_strdup_printf (draft ? "%s-申报材料-草稿.pdf" : "%s-申报材料.pdf", name);
  g_strdelimit (filename, "/", '_');
  return filename;
}

static void
export_response_cb (GtkNativeDialog *native,
                    int              response,
                    SbWindow        *self)
{
  g_autoptr(GFile) chosen = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *basename = NULL;
  gboolean draft;

  if (response != GTK_RESPONSE_ACCEPT || self->submission == NULL)
    {
      g_object_unref (native);
      return;
    }
  chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (native));
  draft = g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (native), "draft"),
                     "true") == 0;
  basename = g_file_get_basename (chosen);
  if (g_str_has_suffix (basename, ".pdf") || g_str_has_suffix (basename, ".PDF"))
    file = g_object_ref (chosen);
  else
    {
      g_autoptr(GFile) parent = g_file_get_parent (chosen);
      g_autofree char *name = g_strconcat (basename, ".pdf", NULL);

      file = g_file_get_child (parent, name);
    }
  _sb_window_set_last_folder (self, file);
  sb_window_export_async (self, file, draft, NULL, export_done_cb, g_object_ref (file));
  g_object_unref (native);
}

static void
choose_export_file (SbWindow *self,
                    gboolean  draft)
{
  GtkFileChooserNative *native;
  GtkFileFilter *filter = gtk_file_filter_new ();
  g_autoptr(GFile) folder = _sb_window_dup_last_folder (self);
  g_autofree char *name = dup_default_name (self, draft);

  native = gtk_file_chooser_native_new (_("Export PDF"), GTK_WINDOW (self),
                                        GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"),
                                        _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  gtk_file_filter_set_name (filter, _("PDF Documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (native), filter);
  g_object_unref (filter);
  /* The 草稿 switch: with errors left, only a draft is let through. */
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (native), "draft",
                               _("Draft: mark every page 草稿"), NULL, NULL);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (native), "draft", draft ? "true" : "false");
  if (folder != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (native), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (native), name);
  g_signal_connect (native, "response", G_CALLBACK (export_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

/* Drafts */

static void
carry_out (SbWindow *self,
           Purpose   purpose,
           gboolean  draft)
{
  if (purpose == PURPOSE_EXPORT)
    choose_export_file (self, draft);
  else
    print_packet (self, draft);
}

static void
draft_response_cb (SbWindow         *self,
                   const char       *response,
                   AdwMessageDialog *dialog)
{
  Purpose purpose = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "purpose"));

  if (g_strcmp0 (response, "problems") == 0)
    adw_flap_set_reveal_flap (self->flap, TRUE);
  else if (g_strcmp0 (response, "draft") == 0 && self->submission != NULL)
    carry_out (self, purpose, TRUE);
}

static void
ask_for_draft (SbWindow *self,
               guint     errors,
               Purpose   purpose)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                              purpose == PURPOSE_EXPORT ? _("Export a Draft?")
                                                                        : _("Print a Draft?"),
                                              NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (NULL,
                                               "The submission still has %u error, so only a "
                                               "draft can be made. Every page of a draft is "
                                               "marked 草稿: fix the error before making the "
                                               "packet to mail.",
                                               "The submission still has %u errors, so only a "
                                               "draft can be made. Every page of a draft is "
                                               "marked 草稿: fix the errors before making the "
                                               "packet to mail.", errors),
                                  errors);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "problems", _("Show _Problems"),
                                    "draft", purpose == PURPOSE_EXPORT ? _("Export _Draft")
                                                                       : _("Print _Draft"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "draft",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "draft");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "purpose", GINT_TO_POINTER (purpose));
  g_signal_connect_object (dialog, "response", G_CALLBACK (draft_response_cb), self,
                           G_CONNECT_SWAPPED);
  _sb_window_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
check_not_busy (SbWindow *self)
{
  if (self->export_cancellable == NULL)
    return TRUE;
  sb_window_add_toast (self, adw_toast_new (_("The packet is being made already")));
  return FALSE;
}

/* Export and Print: a final packet, or with errors left the offer of a draft. */
static void
start (SbWindow *self,
       Purpose   purpose)
{
  guint errors;

  if (self->submission == NULL || !check_not_busy (self))
    return;
  errors = count_errors (self);
  if (errors > 0)
    ask_for_draft (self, errors, purpose);
  else
    carry_out (self, purpose, FALSE);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  start (SB_WINDOW (widget), PURPOSE_EXPORT);
}

/* Print… */

static void
remove_file_cb (GtkPrintOperation       *operation,
                GtkPrintOperationResult  result,
                GFile                   *file)
{
  g_file_delete (file, NULL, NULL);
}

static void
print_done_cb (SbWindow                *self,
               GtkPrintOperationResult  result,
               GtkPrintOperation       *operation)
{
  g_autoptr(GError) error = NULL;

  if (result != GTK_PRINT_OPERATION_RESULT_ERROR)
    return;
  gtk_print_operation_get_error (operation, &error);
  if (error != NULL)
    show_failure (self, _("Could Not Print"), error);
}

/* Prints from the preview when it is in front, so the dialog sits on it. */
static GtkWindow *
get_print_parent (SbWindow *self)
{
  if (self->print_preview != NULL && gtk_widget_get_visible (GTK_WIDGET (self->print_preview)))
    return self->print_preview;
  return GTK_WINDOW (self);
}

static void
print_pdf (SbWindow *self,
           GFile    *pdf,
           gboolean  remove_after)
{
  g_autofree char *path = g_file_get_path (pdf);
  g_autoptr(SbPacketPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  GtkPrintOperation *operation;

  printer = sb_packet_printer_new (path, sb_submission_get_template (self->submission), &error);
  if (printer == NULL)
    {
      show_failure (self, _("Could Not Print"), error);
      if (remove_after)
        g_file_delete (pdf, NULL, NULL);
      return;
    }
  operation = sb_packet_printer_get_operation (printer);
  g_signal_connect_object (operation, "done", G_CALLBACK (print_done_cb), self,
                           G_CONNECT_SWAPPED);
  if (remove_after)
    g_signal_connect_data (operation, "done", G_CALLBACK (remove_file_cb), g_object_ref (pdf),
                           (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  if (sb_packet_printer_run (printer, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                             get_print_parent (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR
      && error != NULL)
    show_failure (self, _("Could Not Print"), error);
}

static void
print_exported_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SbWindow *self = SB_WINDOW (object);
  g_autoptr(GFile) file = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok = sb_window_export_finish (self, result, &error);

  if (self->submission == NULL)
    {
      g_file_delete (file, NULL, NULL);
      return;
    }
  if (!ok)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        sb_window_add_toast (self, adw_toast_new (_("Printing cancelled")));
      else
        show_failure (self, _("Could Not Print"), error);
      return;
    }
  print_pdf (self, file, TRUE);
}

static void
print_packet (SbWindow *self,
              gboolean  draft)
{
  SbPrintPreview *preview = SB_PRINT_PREVIEW (self->print_preview);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  /* What the preview shows is what prints, when it is still current. */
  if (preview != NULL && sb_print_preview_get_pdf (preview) != NULL
      && sb_print_preview_get_serial (preview) == sb_submission_get_serial (self->submission)
      && sb_print_preview_get_draft (preview) == draft)
    {
      print_pdf (self, sb_print_preview_get_pdf (preview), FALSE);
      return;
    }
  file = make_cache_file ("print", &error);
  if (file == NULL)
    {
      show_failure (self, _("Could Not Print"), error);
      return;
    }
  sb_window_export_async (self, file, draft, NULL, print_exported_cb, g_object_ref (file));
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  start (SB_WINDOW (widget), PURPOSE_PRINT);
}

/* Print Preview */

/* Exports the submission as it is now to a new file in the cache. */
static gboolean
load_preview (SbWindow        *self,
              SbPrintPreview  *preview,
              gboolean         draft,
              GError         **error)
{
  g_autoptr(SbSubmission) snapshot = NULL;
  g_autoptr(GFile) file = NULL;

  snapshot = _sb_window_dup_snapshot (self->submission, NULL, error);
  file = snapshot ? make_cache_file ("preview", error) : NULL;
  if (file == NULL)
    return FALSE;
  sb_print_preview_load (preview, snapshot, file, sb_submission_get_serial (self->submission),
                         draft, self->today);
  return TRUE;
}

/* F5 makes it as Print Preview would, a draft only while errors
 * remain; following the edits keeps the kind shown, and what cannot be
 * made is said in the preview, not in a dialog per pause in typing. */
static void
preview_refresh_cb (SbWindow       *self,
                    gboolean        forced,
                    SbPrintPreview *preview)
{
  g_autoptr(GError) error = NULL;
  gboolean draft;

  if (self->submission == NULL)
    return;
  draft = forced ? count_errors (self) > 0 : sb_print_preview_get_draft (preview);
  if (!load_preview (self, preview, draft, &error))
    sb_print_preview_show_failure (preview, error);
}

static void
submission_changed_for_preview_cb (SbWindow *self)
{
  if (self->print_preview != NULL)
    sb_print_preview_queue_refresh (SB_PRINT_PREVIEW (self->print_preview));
}

/* Another submission in the window (reloaded from disk): follow it.
 * sb_window_set_submission() disconnected us from the old one. */
static void
submission_replaced_cb (SbWindow *self)
{
  if (self->submission == NULL)
    return;
  g_signal_connect_object (self->submission, "changed",
                           G_CALLBACK (submission_changed_for_preview_cb), self,
                           G_CONNECT_SWAPPED);
  submission_changed_for_preview_cb (self);
}

/* Only while the preview is open: closed, no edit costs anything. */
static void
follow_submission (SbWindow *self)
{
  g_signal_connect (self, "notify::submission", G_CALLBACK (submission_replaced_cb), NULL);
  g_signal_connect_object (self->submission, "changed",
                           G_CALLBACK (submission_changed_for_preview_cb), self,
                           G_CONNECT_SWAPPED);
}

static void
stop_following_submission (SbWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, submission_replaced_cb, NULL);
  if (self->submission != NULL)
    g_signal_handlers_disconnect_by_func (self->submission, submission_changed_for_preview_cb,
                                          self);
}

/* Closing unrealizes it at once; it is disposed once its workers let go. */
static void
preview_closed_cb (SbWindow  *self,
                   GtkWidget *preview)
{
  if (self->print_preview != GTK_WINDOW (preview))
    return;
  self->print_preview = NULL;
  g_signal_handlers_disconnect_by_data (preview, self);
  stop_following_submission (self);
}

static void
print_preview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  SbWindow *self = SB_WINDOW (widget);
  SbPrintPreview *preview;
  g_autoptr(GError) error = NULL;

  if (self->submission == NULL)
    return;
  if (self->print_preview == NULL)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self));
      int height = gtk_widget_get_height (GTK_WIDGET (self));

      self->print_preview = GTK_WINDOW (sb_print_preview_new (GTK_WINDOW (self)));
      /* As large as the window it previews, to read the pages. */
      if (width > 0 && height > 0)
        gtk_window_set_default_size (self->print_preview, width, height);
      /* Closed is gone, though its workers may hold it a moment longer. */
      g_signal_connect_object (self->print_preview, "unrealize",
                               G_CALLBACK (preview_closed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->print_preview, "destroy",
                               G_CALLBACK (preview_closed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->print_preview, "refresh",
                               G_CALLBACK (preview_refresh_cb), self, G_CONNECT_SWAPPED);
      follow_submission (self);
    }
  preview = SB_PRINT_PREVIEW (self->print_preview);
  /* Unchanged since it was made: show it again as it is. */
  if ((sb_print_preview_get_pdf (preview) == NULL
       || sb_print_preview_get_serial (preview) != sb_submission_get_serial (self->submission))
      && !load_preview (self, preview, count_errors (self) > 0, &error))
    {
      show_failure (self, _("No Preview"), error);
      return;
    }
  gtk_window_present (self->print_preview);
}

GtkWidget *
sb_window_get_print_preview (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return GTK_WIDGET (self->print_preview);
}

/* Setup */

void
_sb_window_update_export_actions (SbWindow *self)
{
  gboolean can = self->submission != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pdf", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", can);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print-preview", can);
}

void
_sb_window_class_export_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.print-preview", NULL,
                                   print_preview_action);
}

/* For screenshots: SHENBAO_PAGE=print-preview opens it over the window,
 * once that is shown. */
static gboolean
preview_at_start_cb (gpointer user_data)
{
  SbWindow *self = user_data;

  if (self->submission != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.print-preview", NULL);
  return G_SOURCE_REMOVE;
}

static void
mapped_cb (SbWindow *self)
{
  g_signal_handlers_disconnect_by_func (self, mapped_cb, NULL);
  g_timeout_add_full (G_PRIORITY_DEFAULT, 300, preview_at_start_cb, g_object_ref (self),
                      g_object_unref);
}

void
_sb_window_export_init (SbWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  static const char *export_accels[] = { "<Control>e", NULL };
  static const char *print_accels[] = { "<Control>p", NULL };
  static const char *preview_accels[] = { "<Control><Shift>p", NULL };

  if (g_strcmp0 (g_getenv ("SHENBAO_PAGE"), "print-preview") == 0)
    g_signal_connect (self, "map", G_CALLBACK (mapped_cb), NULL);
  /* Application-wide, so the menu shows them. */
  if (application == NULL)
    return;
  gtk_application_set_accels_for_action (application, "win.export-pdf", export_accels);
  gtk_application_set_accels_for_action (application, "win.print", print_accels);
  gtk_application_set_accels_for_action (application, "win.print-preview", preview_accels);
}

void
_sb_window_export_dispose (SbWindow *self)
{
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->export_toast);
  if (self->print_preview != NULL)
    {
      GtkWindow *preview = g_steal_pointer (&self->print_preview);

      g_signal_handlers_disconnect_by_data (preview, self);
      stop_following_submission (self);
      gtk_window_destroy (preview);
    }
}
