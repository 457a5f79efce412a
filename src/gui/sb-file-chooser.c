/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "sb-file-chooser.h"

/* A filter from MIME types ("application/pdf") and suffixes ("shenbao"). */
GtkFileFilter *
sb_file_chooser_new_filter (const char *name,
                            const char *first_mime_or_suffix,
                            ...)
{
  GtkFileFilter *filter = gtk_file_filter_new ();
  va_list args;

  gtk_file_filter_set_name (filter, name);
  va_start (args, first_mime_or_suffix);
  for (const char *item = first_mime_or_suffix; item != NULL; item = va_arg (args, const char *))
    {
      if (strchr (item, '/') != NULL)
        gtk_file_filter_add_mime_type (filter, item);
      else
        gtk_file_filter_add_suffix (filter, item);
    }
  va_end (args);
  return filter;
}

#if GTK_CHECK_VERSION (4, 10, 0)

static GtkFileDialog *
new_dialog (const SbFileChooserOptions *options)
{
  GtkFileDialog *dialog = gtk_file_dialog_new ();

  gtk_file_dialog_set_title (dialog, options->title);
  gtk_file_dialog_set_modal (dialog, TRUE);
  gtk_file_dialog_set_accept_label (dialog, options->accept_label);
  if (options->filters != NULL && g_list_model_get_n_items (options->filters) > 0)
    {
      g_autoptr(GtkFileFilter) first = g_list_model_get_item (options->filters, 0);

      gtk_file_dialog_set_filters (dialog, options->filters);
      gtk_file_dialog_set_default_filter (dialog, first);
    }
  if (options->folder != NULL)
    gtk_file_dialog_set_initial_folder (dialog, options->folder);
  if (options->file != NULL)
    gtk_file_dialog_set_initial_file (dialog, options->file);
  else if (options->name != NULL)
    gtk_file_dialog_set_initial_name (dialog, options->name);
  return dialog;
}

/* GtkFileDialog says "dismissed" where callers expect "cancelled". */
static void
return_error (GTask  *task,
              GError *error)
{
  if (g_error_matches (error, GTK_DIALOG_ERROR, GTK_DIALOG_ERROR_DISMISSED))
    {
      g_clear_error (&error);
      error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Cancelled"));
    }
  g_task_return_error (task, error);
}

static void
opened_one_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  g_autoptr(GFile) file = gtk_file_dialog_open_finish (GTK_FILE_DIALOG (object), result, &error);
  GListStore *files;

  if (file == NULL)
    {
      return_error (task, error);
      return;
    }
  files = g_list_store_new (G_TYPE_FILE);
  g_list_store_append (files, file);
  g_task_return_pointer (task, files, g_object_unref);
}

static void
opened_many_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GListModel *files = gtk_file_dialog_open_multiple_finish (GTK_FILE_DIALOG (object), result,
                                                            &error);

  if (files == NULL)
    return_error (task, error);
  else
    g_task_return_pointer (task, files, g_object_unref);
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  GFile *file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, &error);

  if (file == NULL)
    return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

static void
run_open (GtkWindow                  *parent,
          const SbFileChooserOptions *options,
          GTask                      *task)
{
  g_autoptr(GtkFileDialog) dialog = new_dialog (options);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (options->multiple)
    gtk_file_dialog_open_multiple (dialog, parent, cancellable, opened_many_cb, task);
  else
    gtk_file_dialog_open (dialog, parent, cancellable, opened_one_cb, task);
}

static void
run_save (GtkWindow                  *parent,
          const SbFileChooserOptions *options,
          GTask                      *task)
{
  g_autoptr(GtkFileDialog) dialog = new_dialog (options);

  gtk_file_dialog_save (dialog, parent, g_task_get_cancellable (task), saved_cb, task);
}

#else /* GTK < 4.10 */

static GtkFileChooserNative *
new_native (GtkWindow                  *parent,
            const SbFileChooserOptions *options,
            GtkFileChooserAction        action)
{
  GtkFileChooserNative *native =
    gtk_file_chooser_native_new (options->title, parent, action, options->accept_label,
                                 _("_Cancel"));
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);

  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (native), TRUE);
  for (guint i = 0; options->filters && i < g_list_model_get_n_items (options->filters); i++)
    {
      g_autoptr(GtkFileFilter) filter = g_list_model_get_item (options->filters, i);

      gtk_file_chooser_add_filter (chooser, filter);
    }
  if (action == GTK_FILE_CHOOSER_ACTION_OPEN)
    gtk_file_chooser_set_select_multiple (chooser, options->multiple);
  if (options->file != NULL)
    gtk_file_chooser_set_file (chooser, options->file, NULL);
  else
    {
      if (options->folder != NULL)
        gtk_file_chooser_set_current_folder (chooser, options->folder, NULL);
      if (options->name != NULL)
        gtk_file_chooser_set_current_name (chooser, options->name);
    }
  return native;
}

static void
native_response_cb (GtkNativeDialog *native,
                    int              response,
                    GTask           *task)
{
  GtkFileChooser *chooser = GTK_FILE_CHOOSER (native);

  g_signal_handlers_disconnect_by_data (native, task);
  if (response != GTK_RESPONSE_ACCEPT)
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
  else if (g_task_get_source_tag (task) == sb_file_chooser_save_async)
    g_task_return_pointer (task, gtk_file_chooser_get_file (chooser), g_object_unref);
  else
    g_task_return_pointer (task, gtk_file_chooser_get_files (chooser), g_object_unref);
  g_object_unref (task);
}

/* Hiding does not answer: answer for it, as a cancel. */
static void
cancelled_cb (GCancellable    *cancellable,
              GtkNativeDialog *native)
{
  gtk_native_dialog_hide (native);
  g_signal_emit_by_name (native, "response", GTK_RESPONSE_CANCEL);
}

static void
run_native (GtkFileChooserNative *native,
            GTask                *task)
{
  GCancellable *cancellable = g_task_get_cancellable (task);

  /* The task keeps the dialog until it answers. */
  g_task_set_task_data (task, native, g_object_unref);
  g_signal_connect (native, "response", G_CALLBACK (native_response_cb), task);
  if (cancellable != NULL)
    g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb),
                           g_object_ref (native), g_object_unref);
  if (cancellable == NULL || !g_cancellable_is_cancelled (cancellable))
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (native));
}

static void
run_open (GtkWindow                  *parent,
          const SbFileChooserOptions *options,
          GTask                      *task)
{
  run_native (new_native (parent, options, GTK_FILE_CHOOSER_ACTION_OPEN), task);
}

static void
run_save (GtkWindow                  *parent,
          const SbFileChooserOptions *options,
          GTask                      *task)
{
  run_native (new_native (parent, options, GTK_FILE_CHOOSER_ACTION_SAVE), task);
}

#endif

void
sb_file_chooser_open_async (GtkWindow                  *parent,
                            const SbFileChooserOptions *options,
                            GCancellable               *cancellable,
                            GAsyncReadyCallback         callback,
                            gpointer                    user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_file_chooser_open_async);
  run_open (parent, options, task);
}

/* Returns: (transfer full): a list of GFile */
GListModel *
sb_file_chooser_open_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
sb_file_chooser_save_async (GtkWindow                  *parent,
                            const SbFileChooserOptions *options,
                            GCancellable               *cancellable,
                            GAsyncReadyCallback         callback,
                            gpointer                    user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, sb_file_chooser_save_async);
  run_save (parent, options, task);
}

GFile *
sb_file_chooser_save_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
