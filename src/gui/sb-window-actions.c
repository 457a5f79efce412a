/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-file-chooser.h"
#include "sb-proofs-page.h"
#include "sb-ui-util.h"
#include "sb-window-private.h"

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  _sb_window_save (SB_WINDOW (widget));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  _sb_window_save_as (SB_WINDOW (widget));
}

static void
go_to_page (SbWindow *self,
            int       delta)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);
  guint index = 0;
  int target;

  if (self->pages->len == 0)
    return;
  g_ptr_array_find (self->pages, visible, &index);
  target = CLAMP ((int) index + delta, 0, (int) self->pages->len - 1);
  gtk_stack_set_visible_child (self->stack, g_ptr_array_index (self->pages, target));
}

static void
previous_page_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  go_to_page (SB_WINDOW (widget), -1);
}

static void
next_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  go_to_page (SB_WINDOW (widget), 1);
}

/* Attachments: the simple part; previews and checks of the files are
 * the proofs page's own work. */

typedef struct {
  SbWindow *window;
  char     *category;
} AttachRequest;

static void
attach_chosen_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  AttachRequest *request = user_data;
  g_autoptr(SbWindow) self = request->window;
  g_autofree char *category = request->category;
  g_autoptr(GListModel) files = sb_file_chooser_open_finish (result, NULL);
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);

  if (files != NULL && self->submission != NULL)
    {
      for (guint i = 0; i < g_list_model_get_n_items (files); i++)
        g_ptr_array_add (array, g_list_model_get_item (files, i));
      if (array->len > 0)
        _sb_window_set_last_folder (self, g_ptr_array_index (array, 0));
      /* Checked off the main thread, with progress on the page. */
      for (guint i = 0; i < self->pages->len && array->len > 0; i++)
        if (SB_IS_PROOFS_PAGE (g_ptr_array_index (self->pages, i)))
          sb_proofs_page_attach_files (g_ptr_array_index (self->pages, i), category,
                                       (GFile **) array->pdata, array->len);
    }
  g_free (request);
}

static void
add_attachments_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  SbWindow *self = SB_WINDOW (widget);
  g_autoptr(GListStore) filters = g_list_store_new (GTK_TYPE_FILE_FILTER);
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFile) folder = _sb_window_dup_last_folder (self);
  SbFileChooserOptions options = { 0 };
  AttachRequest *request = g_new0 (AttachRequest, 1);

  filter = sb_file_chooser_new_filter (_("PDF Documents and Images"), "application/pdf",
                                       "image/jpeg", "image/png", NULL);
  g_list_store_append (filters, filter);
  options.title = _("Attach Files");
  options.accept_label = _("_Attach");
  options.filters = G_LIST_MODEL (filters);
  options.folder = folder;
  options.multiple = TRUE;
  request->window = g_object_ref (self);
  request->category = g_variant_dup_string (param, NULL);
  sb_file_chooser_open_async (GTK_WINDOW (self), &options, NULL, attach_chosen_cb, request);
}

typedef struct {
  SbSubmission *submission;
  JsonObject   *attachment;
  guint         index;
} UndoAttachment;

static void
undo_attachment_free (gpointer  data,
                      GClosure *closure)
{
  UndoAttachment *undo = data;

  g_clear_object (&undo->submission);
  g_clear_pointer (&undo->attachment, json_object_unref);
  g_free (undo);
}

static void
undo_attachment_cb (AdwToast       *toast,
                    UndoAttachment *undo)
{
  guint n = sb_submission_get_n_attachments (undo->submission);

  if (undo->attachment == NULL)
    return;
  sb_submission_insert_attachment (undo->submission, MIN (undo->index, n), undo->attachment);
  g_clear_pointer (&undo->attachment, json_object_unref);
}

static void
remove_attachment_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *param)
{
  SbWindow *self = SB_WINDOW (widget);
  guint index = g_variant_get_uint32 (param);
  g_autofree char *title = NULL;
  UndoAttachment *undo;
  AdwToast *toast;

  if (self->submission == NULL || index >= sb_submission_get_n_attachments (self->submission))
    return;
  title = sb_submission_dup_attachment_title (self->submission, index);
  undo = g_new0 (UndoAttachment, 1);
  undo->submission = g_object_ref (self->submission);
  undo->index = index;
  /* The source stays known to the submission, so undo finds the bytes. */
  undo->attachment = sb_submission_take_attachment (self->submission, index);

  toast = adw_toast_new_format (_("Removed “%s”"), title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_attachment_cb), undo,
                         undo_attachment_free, 0);
  sb_window_add_toast (self, toast);
}

/* Drag and drop */

static gboolean
is_openable (GFile *file)
{
  g_autofree char *basename = g_file_get_basename (file);

  return basename != NULL
         && (g_str_has_suffix (basename, ".shenbao") || g_str_has_suffix (basename, ".json"));
}

static gboolean
drop_cb (SbWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GApplication *application = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  GSList *files;
  gboolean opened = FALSE;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  files = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = files; l != NULL; l = l->next)
    if (is_openable (l->data) && SB_IS_APPLICATION (application))
      {
        sb_application_open_file (SB_APPLICATION (application), l->data, GTK_WINDOW (self));
        opened = TRUE;
      }
  if (!opened)
    sb_window_add_toast (self, adw_toast_new (_("Only submissions (.shenbao) can be opened")));
  g_slist_free (files);
  return opened;
}

void
_sb_window_update_actions (SbWindow *self)
{
  GtkWidget *visible = gtk_stack_get_visible_child (self->stack);
  guint index = 0;
  gboolean found = visible && g_ptr_array_find (self->pages, visible, &index);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-page", found && index > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-page",
                                 found && index + 1 < self->pages->len);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", self->submission != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", self->submission != NULL);
  _sb_window_update_export_actions (self);
}

void
_sb_window_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_install_action (widget_class, "win.previous-page", NULL,
                                   previous_page_action);
  gtk_widget_class_install_action (widget_class, "win.next-page", NULL, next_page_action);
  gtk_widget_class_install_action (widget_class, "win.add-attachments", "s",
                                   add_attachments_action);
  gtk_widget_class_install_action (widget_class, "win.remove-attachment", "u",
                                   remove_attachment_action);
  _sb_window_class_export_init (widget_class);
}

/* Ctrl+PgUp/PgDn would move the cursor in a text view: catch them
 * before the focused field does. */
static void
add_page_shortcuts (SbWindow *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, GDK_CONTROL_MASK),
                      gtk_named_action_new ("win.previous-page")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, GDK_CONTROL_MASK),
                      gtk_named_action_new ("win.next-page")));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

void
_sb_window_actions_init (SbWindow *self)
{
  g_autoptr(GPropertyAction) show_problems = NULL;
  GtkDropTarget *target;

  show_problems = g_property_action_new ("show-problems", self->flap, "reveal-flap");
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (show_problems));
  add_page_shortcuts (self);

  target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
