/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-form-page.h"
#include "sb-proofs-page.h"
#include "sb-ui-util.h"
#include "sb-window-private.h"

/* Quiet time before the problems are checked again while typing. */
#define VALIDATE_DELAY_MS 150
/* Quiet time after the last change before saving by itself. */
#define AUTOSAVE_DELAY_MS 3000

G_DEFINE_FINAL_TYPE (SbWindow, sb_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_SUBMISSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void reconcile_directions (SbWindow *self);

static SbField *
get_directions_field (SbWindow *self)
{
  return sb_template_get_directions_field (sb_submission_get_template (self->submission));
}
static void schedule_build_pages (SbWindow *self);

/* Sidebar */

static GtkWidget *
make_sidebar_row (const char *name,
                  const char *title)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *badge = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (badge, "sb-badge");
  gtk_widget_set_visible (badge, FALSE);
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), badge);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_tooltip_text (row, title);
  g_object_set_data_full (G_OBJECT (row), "page-name", g_strdup (name), g_free);
  g_object_set_data (G_OBJECT (row), "badge", badge);
  if (g_str_has_prefix (name, SB_TASKBOOK_PAGE_PREFIX))
    gtk_widget_add_css_class (row, "sb-taskbook-row");
  return row;
}

static GtkListBoxRow *
find_sidebar_row (SbWindow   *self,
                  const char *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child)
        && g_strcmp0 (g_object_get_data (G_OBJECT (child), "page-name"), name) == 0)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
sidebar_row_selected_cb (SbWindow      *self,
                         GtkListBoxRow *row)
{
  const char *name = row ? g_object_get_data (G_OBJECT (row), "page-name") : NULL;

  if (name != NULL && gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

static void
rebuild_sidebar (SbWindow *self)
{
  GtkWidget *child;
  const char *visible = gtk_stack_get_visible_child_name (self->stack);

  g_signal_handlers_block_by_func (self->sidebar, sidebar_row_selected_cb, self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar))) != NULL)
    gtk_list_box_remove (self->sidebar, child);
  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->pages, i);
      GtkStackPage *stack_page = gtk_stack_get_page (self->stack, page);

      gtk_list_box_append (self->sidebar,
                           make_sidebar_row (gtk_stack_page_get_name (stack_page),
                                             gtk_stack_page_get_title (stack_page)));
    }
  gtk_list_box_select_row (self->sidebar, find_sidebar_row (self, visible));
  g_signal_handlers_unblock_by_func (self->sidebar, sidebar_row_selected_cb, self);
}

static void
stack_visible_child_cb (SbWindow *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->stack);
  GtkListBoxRow *row = find_sidebar_row (self, name);

  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar) != row)
    gtk_list_box_select_row (self->sidebar, row);
  _sb_window_update_actions (self);
}

/* Pages */

static GtkWidget *
ensure_page (SbWindow   *self,
             SbDocument *document,
             const char *direction)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  g_autofree char *name = direction ? sb_ui_dup_taskbook_page_name (direction)
                                    : g_strdup (document->id);
  g_autofree char *title = direction ? sb_ui_dup_taskbook_title (template, direction)
                                     : g_strdup (document->short_title);
  GtkWidget *page = gtk_stack_get_child_by_name (self->stack, name);

  if (page != NULL)
    return page;
  if (document->kind == SB_DOCUMENT_ATTACHMENTS)
    page = sb_proofs_page_new (self->submission, document);
  else
    page = sb_form_page_new (self->submission, document, direction);
  gtk_stack_add_titled (self->stack, page, name, title);
  return page;
}

/* Lays the pages out in the template's order, one task book page per
 * task book, reusing the pages that stay. */
static void
sync_pages (SbWindow *self)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  GPtrArray *documents = sb_template_get_documents (template);
  g_autoptr(GPtrArray) pages = g_ptr_array_new ();
  GtkWidget *child;

  for (guint i = 0; i < documents->len; i++)
    {
      SbDocument *document = g_ptr_array_index (documents, i);

      if (document->kind != SB_DOCUMENT_TASKBOOK)
        {
          g_ptr_array_add (pages, ensure_page (self, document, NULL));
          continue;
        }
      for (guint t = 0; t < sb_submission_get_n_taskbooks (self->submission); t++)
        {
          GtkWidget *page = ensure_page (self, document,
                                         sb_submission_get_taskbook_direction (self->submission,
                                                                               t));
          /* A direction twice: the validator says so; show it once. */
          if (!g_ptr_array_find (pages, page, NULL))
            g_ptr_array_add (pages, page);
        }
    }

  child = gtk_widget_get_first_child (GTK_WIDGET (self->stack));
  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);

      if (!g_ptr_array_find (pages, child, NULL))
        gtk_stack_remove (self->stack, child);
      child = next;
    }
  g_ptr_array_set_size (self->pages, 0);
  g_ptr_array_extend (self->pages, pages, NULL, NULL);
  rebuild_sidebar (self);
  schedule_build_pages (self);
}

static void
clear_pages (SbWindow *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stack))) != NULL)
    gtk_stack_remove (self->stack, child);
  g_ptr_array_set_size (self->pages, 0);
}

/* Validation */

static void
add_to_location (GHashTable   *by_location,
                 char         *key,
                 SbDiagnostic *diagnostic)
{
  GPtrArray *list = g_hash_table_lookup (by_location, key);

  if (list == NULL)
    {
      list = g_ptr_array_new_with_free_func (g_object_unref);
      g_hash_table_insert (by_location, key, list);
    }
  else
    g_free (key);
  g_ptr_array_add (list, g_object_ref (diagnostic));
}

static void
count_for_page (GHashTable   *per_page,
                const char   *page,
                SbDiagnostic *diagnostic)
{
  /* Per page: errors in the high half, warnings in the low. */
  guint counts = GPOINTER_TO_UINT (g_hash_table_lookup (per_page, page));

  if (sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_ERROR)
    counts += 1 << 16;
  else
    counts += 1;
  g_hash_table_replace (per_page, g_strdup (page), GUINT_TO_POINTER (counts));
}

static void
update_badges (SbWindow   *self,
               GHashTable *per_page)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar));
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      const char *name = g_object_get_data (G_OBJECT (row), "page-name");
      GtkWidget *badge = g_object_get_data (G_OBJECT (row), "badge");
      guint counts = GPOINTER_TO_UINT (g_hash_table_lookup (per_page, name ? name : ""));
      guint errors = counts >> 16, warnings = counts & 0xffff;
      g_autofree char *text = g_strdup_printf ("%u", errors ? errors : warnings);

      if (badge == NULL)
        continue;
      gtk_label_set_label (GTK_LABEL (badge), text);
      gtk_widget_set_visible (badge, counts != 0);
      sb_ui_set_css_class (badge, "error", errors > 0);
      sb_ui_set_css_class (badge, "warning", errors == 0 && warnings > 0);
    }
}

static void
update_problems_button (SbWindow *self)
{
  guint errors = sb_problems_panel_get_n_errors (self->problems_panel);
  guint warnings = sb_problems_panel_get_n_warnings (self->problems_panel);
  g_autofree char *label = g_strdup_printf ("%u", errors + warnings);
  GtkWidget *button = gtk_widget_get_parent (GTK_WIDGET (self->problems_button_content));

  adw_button_content_set_icon_name (self->problems_button_content,
                                    errors ? "dialog-error-symbolic"
                                    : warnings ? "dialog-warning-symbolic"
                                    : "emblem-ok-symbolic");
  adw_button_content_set_label (self->problems_button_content, errors + warnings ? label : "");
  sb_ui_set_css_class (button, "sb-has-errors", errors > 0);
}

static void
distribute_diagnostics (SbWindow   *self,
                        GHashTable *by_location)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->pages, i);

      if (SB_IS_FORM_PAGE (page))
        sb_form_page_set_diagnostics (SB_FORM_PAGE (page), by_location);
      else if (SB_IS_PROOFS_PAGE (page))
        sb_proofs_page_set_diagnostics (SB_PROOFS_PAGE (page), by_location);
    }
}

void
sb_window_validate_now (SbWindow *self)
{
  g_autoptr(GHashTable) by_location = NULL;
  g_autoptr(GHashTable) per_page = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 checked;
  guint n;

  g_return_if_fail (SB_IS_WINDOW (self));

  g_clear_handle_id (&self->validate_source, g_source_remove);
  if (self->submission == NULL)
    return;

  g_clear_object (&self->diagnostics);
  self->diagnostics = sb_validate_all (self->submission, self->today);
  checked = g_get_monotonic_time ();
  by_location = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                       (GDestroyNotify) g_ptr_array_unref);
  per_page = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  n = g_list_model_get_n_items (self->diagnostics);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbDiagnostic) diagnostic = g_list_model_get_item (self->diagnostics, i);
      g_autofree char *key = sb_diagnostic_dup_key (diagnostic);
      g_autofree char *page = NULL;
      int attachment = sb_diagnostic_get_attachment (diagnostic);

      /* A warning the user checked no longer marks its field. */
      if (sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_WARNING
          && sb_submission_is_acknowledged (self->submission, key))
        continue;
      if (attachment >= 0)
        add_to_location (by_location, g_strdup_printf ("a%d", attachment), diagnostic);
      else if (sb_diagnostic_get_field (diagnostic) != NULL)
        add_to_location (by_location,
                         sb_ui_dup_location_key (sb_diagnostic_get_taskbook (diagnostic),
                                                 sb_diagnostic_get_field (diagnostic)),
                         diagnostic);
      page = sb_ui_dup_diagnostic_page_name (self->submission, diagnostic);
      if (page != NULL)
        count_for_page (per_page, page, diagnostic);
    }

  distribute_diagnostics (self, by_location);
  sb_problems_panel_set_diagnostics (self->problems_panel, self->diagnostics);
  update_badges (self, per_page);
  update_problems_button (self);
  self->n_validations++;
  g_debug ("Checked in %.1f ms, shown in %.1f ms", (checked - start) / 1000.0,
           (g_get_monotonic_time () - checked) / 1000.0);
}

static gboolean
validate_cb (gpointer user_data)
{
  SbWindow *self = user_data;

  self->validate_source = 0;
  sb_window_validate_now (self);
  return G_SOURCE_REMOVE;
}

/* At most one check per 150 ms while typing, so messages keep up
 * without re-checking on every keystroke. */
static void
schedule_validate (SbWindow *self)
{
  if (self->validate_source == 0)
    self->validate_source = g_timeout_add (VALIDATE_DELAY_MS, validate_cb, self);
}

/* Title */

void
_sb_window_update_title (SbWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *subtitle = NULL;
  const char *state;
  GFile *file;

  if (self->submission == NULL)
    return;

  name = sb_ui_dup_submission_name (self->submission, self->recovery_file);
  file = sb_submission_get_file (self->submission);
  if (self->saving != NULL && !GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self->saving),
                                                                     "recovery")))
    state = _("Saving…");
  else if (_sb_window_has_own_file (self))
    state = sb_submission_get_modified (self->submission) ? _("Unsaved changes") : _("Saved");
  else
    state = sb_submission_get_modified (self->submission) ? _("Not saved yet")
                                                          : _("New submission");

  if (_sb_window_has_own_file (self))
    {
      g_autofree char *basename = g_file_get_basename (file);

      subtitle = g_str_equal (basename, name) ? g_strdup (state)
                                              : g_strdup_printf ("%s — %s", basename, state);
    }
  else
    subtitle = g_strdup (state);

  adw_window_title_set_title (self->window_title, name);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_window_set_title (GTK_WINDOW (self), name);
}

/* Model → view */

static void
sync_field (SbWindow   *self,
            const char *field_id,
            int         taskbook)
{
  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->pages, i);

      if (SB_IS_FORM_PAGE (page))
        sb_form_page_sync_field (SB_FORM_PAGE (page), field_id, taskbook);
    }
}

static GtkWidget *
find_proofs_page (SbWindow *self)
{
  for (guint i = 0; i < self->pages->len; i++)
    if (SB_IS_PROOFS_PAGE (g_ptr_array_index (self->pages, i)))
      return g_ptr_array_index (self->pages, i);
  return NULL;
}

static void
submission_changed_cb (SbWindow     *self,
                       const char   *what,
                       int           taskbook,
                       SbSubmission *submission)
{
  SbField *directions = sb_template_get_directions_field (sb_submission_get_template (submission));

  if (g_strcmp0 (what, "taskbooks") == 0)
    sync_pages (self);
  else if (g_strcmp0 (what, "attachments") == 0)
    {
      GtkWidget *proofs = find_proofs_page (self);

      if (proofs != NULL)
        sb_proofs_page_reload (SB_PROOFS_PAGE (proofs));
    }
  else if (g_strcmp0 (what, "acknowledged") != 0)
    {
      sync_field (self, what, taskbook);
      if (directions != NULL && g_strcmp0 (what, directions->id) == 0)
        reconcile_directions (self);
    }

  schedule_validate (self);
  _sb_window_schedule_autosave (self);
  _sb_window_update_title (self);
}

/* Directions and their task books */

typedef struct {
  SbSubmission *submission;
  JsonObject   *taskbook;
  char         *direction;
  guint         index;
} UndoTaskbook;

static void
undo_taskbook_free (gpointer data,
                    GClosure *closure)
{
  UndoTaskbook *undo = data;

  g_clear_object (&undo->submission);
  g_clear_pointer (&undo->taskbook, json_object_unref);
  g_free (undo->direction);
  g_free (undo);
}

static void
undo_taskbook_cb (AdwToast     *toast,
                  UndoTaskbook *undo)
{
  SbTemplate *template = sb_submission_get_template (undo->submission);
  SbField *field = sb_template_get_directions_field (template);
  guint n = sb_submission_get_n_taskbooks (undo->submission);

  if (undo->taskbook == NULL || sb_submission_find_taskbook (undo->submission,
                                                             undo->direction) >= 0)
    return;
  sb_submission_insert_taskbook (undo->submission, MIN (undo->index, n), undo->taskbook);
  g_clear_pointer (&undo->taskbook, json_object_unref);
  if (field != NULL)
    sb_submission_set_choice (undo->submission, field->id, undo->direction, TRUE);
}

static void
remove_taskbook (SbWindow   *self,
                 const char *direction)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  int index = sb_submission_find_taskbook (self->submission, direction);
  g_autofree char *title = sb_ui_dup_taskbook_title (template, direction);
  UndoTaskbook *undo;
  AdwToast *toast;

  if (index < 0)
    return;
  undo = g_new0 (UndoTaskbook, 1);
  undo->submission = g_object_ref (self->submission);
  undo->direction = g_strdup (direction);
  undo->index = (guint) index;
  undo->taskbook = sb_submission_take_taskbook (self->submission, (guint) index);

  toast = adw_toast_new_format (_("Removed “%s”"), title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (undo_taskbook_cb), undo,
                         undo_taskbook_free, 0);
  sb_window_add_toast (self, toast);
}

static void
remove_taskbook_response_cb (SbWindow         *self,
                             const char       *response,
                             AdwMessageDialog *dialog)
{
  const char *direction = g_object_get_data (G_OBJECT (dialog), "direction");
  SbField *field = get_directions_field (self);

  g_hash_table_remove (self->asking, direction);
  if (sb_submission_has_choice (self->submission, field->id, direction))
    return;
  if (g_strcmp0 (response, "remove") == 0)
    remove_taskbook (self, direction);
  else
    sb_submission_set_choice (self->submission, field->id, direction, TRUE);
}

static void
ask_remove_taskbook (SbWindow   *self,
                     const char *direction)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  g_autofree char *title = sb_ui_dup_taskbook_title (template, direction);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self),
                                              _("Remove the Task Book?"), NULL);

  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” has text in it. Unticking its direction removes "
                                    "the task book; you can undo this right afterwards."),
                                  title);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_object_set_data_full (G_OBJECT (dialog), "direction", g_strdup (direction), g_free);
  g_hash_table_add (self->asking, g_strdup (direction));
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (remove_taskbook_response_cb), self, G_CONNECT_SWAPPED);
  _sb_window_set_dialog (self, dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A ticked direction gets its task book; an unticked one loses it,
 * after asking when it holds text. */
static void
reconcile_directions (SbWindow *self)
{
  SbField *field = get_directions_field (self);

  for (guint i = 0; field != NULL && field->choices && i < field->choices->len; i++)
    {
      SbChoice *choice = g_ptr_array_index (field->choices, i);
      gboolean ticked = sb_submission_has_choice (self->submission, field->id, choice->id);
      int index = sb_submission_find_taskbook (self->submission, choice->id);

      if (ticked && index < 0)
        sb_submission_add_taskbook (self->submission, choice->id);
      else if (!ticked && index >= 0 && !g_hash_table_contains (self->asking, choice->id))
        {
          if (sb_submission_taskbook_has_content (self->submission, (guint) index))
            ask_remove_taskbook (self, choice->id);
          else
            remove_taskbook (self, choice->id);
        }
    }
}

static void
diagnostic_activated_cb (SbWindow     *self,
                         SbDiagnostic *diagnostic)
{
  sb_window_activate_diagnostic (self, diagnostic);
}

/* First frame, then the pages nobody has looked at yet */

static gboolean
build_pages_cb (gpointer user_data)
{
  SbWindow *self = user_data;

  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkWidget *page = g_ptr_array_index (self->pages, i);

      /* One page per turn keeps the window answering. */
      if (SB_IS_FORM_PAGE (page) && !sb_form_page_is_built (SB_FORM_PAGE (page)))
        {
          sb_form_page_ensure_built (SB_FORM_PAGE (page));
          return G_SOURCE_CONTINUE;
        }
    }
  self->build_source = 0;
  return G_SOURCE_REMOVE;
}

static void
schedule_build_pages (SbWindow *self)
{
  if (self->first_frame_reported && self->build_source == 0)
    self->build_source = g_idle_add_full (G_PRIORITY_LOW, build_pages_cb, self, NULL);
}

static void
after_paint_cb (GdkFrameClock *clock,
                SbWindow      *self)
{
  if (self->first_frame_reported)
    return;
  self->first_frame_reported = TRUE;
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, self);
  if (g_getenv ("SHENBAO_REPORT_FIRST_FRAME") != NULL)
    sb_application_report ("first-frame %" G_GINT64_FORMAT " %.1f",
                           g_get_real_time (),
                           (g_get_monotonic_time () - sb_application_get_start_time ()) / 1000.0);
  if (g_strcmp0 (g_getenv ("SHENBAO_EXIT_AFTER_FIRST_FRAME"), "1") == 0)
    g_application_quit (g_application_get_default ());
  schedule_build_pages (self);
}

static void
sb_window_realize (GtkWidget *widget)
{
  SbWindow *self = SB_WINDOW (widget);

  GTK_WIDGET_CLASS (sb_window_parent_class)->realize (widget);
  if (!self->first_frame_reported)
    g_signal_connect_object (gtk_widget_get_frame_clock (widget), "after-paint",
                             G_CALLBACK (after_paint_cb), self, 0);
}

/* Object */

static gboolean
sb_window_close_request (GtkWindow *window)
{
  SbWindow *self = SB_WINDOW (window);

  if (_sb_window_close_request (self))
    return TRUE;
  return GTK_WINDOW_CLASS (sb_window_parent_class)->close_request (window);
}

static void
sb_window_dispose (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  g_clear_handle_id (&self->validate_source, g_source_remove);
  g_clear_handle_id (&self->build_source, g_source_remove);
  _sb_window_export_dispose (self);
  _sb_window_files_dispose (self);
  _sb_window_disk_dispose (self);
  if (self->submission != NULL)
    g_signal_handlers_disconnect_by_data (self->submission, self);
  g_clear_object (&self->submission);
  g_clear_object (&self->diagnostics);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (sb_window_parent_class)->dispose (object);
}

static void
sb_window_finalize (GObject *object)
{
  SbWindow *self = SB_WINDOW (object);

  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->asking, g_hash_table_unref);
  g_clear_pointer (&self->today, g_free);
  G_OBJECT_CLASS (sb_window_parent_class)->finalize (object);
}

static void
sb_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  SbWindow *self = SB_WINDOW (object);

  switch (prop_id)
    {
    case PROP_SUBMISSION:
      g_value_set_object (value, self->submission);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

/* "application" is set after construction: settings and the recent
 * files wait for it. */
static void
application_set_cb (SbWindow *self)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (self));
  GMenuModel *recent;
  GSettings *settings;

  if (!SB_IS_APPLICATION (application) || self->settings != NULL)
    return;
  settings = sb_application_get_settings (SB_APPLICATION (application));
  recent = sb_application_get_recent_menu (SB_APPLICATION (application));
  self->settings = settings ? g_object_ref (settings) : NULL;
  if (recent != NULL)
    g_menu_append_section (self->recent_menu, NULL, recent);
  _sb_window_files_init (self);
  _sb_window_export_init (self);
}

static void
sb_window_class_init (SbWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = sb_window_dispose;
  object_class->finalize = sb_window_finalize;
  object_class->get_property = sb_window_get_property;
  widget_class->realize = sb_window_realize;
  window_class->close_request = sb_window_close_request;

  properties[PROP_SUBMISSION] =
    g_param_spec_object ("submission", NULL, NULL, SB_TYPE_SUBMISSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  sb_ui_ensure_resources ();
  g_type_ensure (SB_TYPE_PROBLEMS_PANEL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shenbao/Shenbao/sb-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SbWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, flap);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, problems_panel);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, problems_button_content);
  gtk_widget_class_bind_template_child (widget_class, SbWindow, recent_menu);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, diagnostic_activated_cb);

  _sb_window_class_actions_init (widget_class);
}

static void
sb_window_init (SbWindow *self)
{
  const char *delay;

  self->pages = g_ptr_array_new ();
  self->asking = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->today = g_strdup (g_getenv ("SHENBAO_TODAY"));
  self->cancellable = g_cancellable_new ();
  /* Tests wait less than a person would. */
  delay = g_getenv ("SHENBAO_AUTOSAVE_DELAY_MS");
  self->autosave_delay = delay ? (guint) g_ascii_strtoull (delay, NULL, 10) : AUTOSAVE_DELAY_MS;
  g_queue_init (&self->saves);
  _sb_window_disk_init (self);

  gtk_widget_init_template (GTK_WIDGET (self));
  sb_problems_panel_set_today (self->problems_panel, self->today);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_set_cb), NULL);
  g_signal_connect_object (self->stack, "notify::visible-child",
                           G_CALLBACK (stack_visible_child_cb), self, G_CONNECT_SWAPPED);
  _sb_window_actions_init (self);
}

SbWindow *
sb_window_new (GtkApplication *application)
{
  return g_object_new (SB_TYPE_WINDOW, "application", application, NULL);
}

/* Public API */

SbSubmission *
sb_window_get_submission (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->submission;
}

/* The guard watches the submission's own file, not a recovery copy. */
static void
follow_file (SbWindow *self)
{
  GFile *file = _sb_window_has_own_file (self) ? sb_submission_get_file (self->submission) : NULL;
  GFile *watched = sb_file_guard_get_file (self->guard);

  if (file == NULL || watched == NULL || !g_file_equal (file, watched))
    _sb_window_watch_file (self, file, NULL);
}

void
sb_window_set_submission (SbWindow     *self,
                          SbSubmission *submission)
{
  gint64 start;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (SB_IS_SUBMISSION (submission));

  if (self->submission == submission)
    return;
  if (self->submission != NULL)
    g_signal_handlers_disconnect_by_data (self->submission, self);
  clear_pages (self);
  g_set_object (&self->submission, submission);
  follow_file (self);

  g_signal_connect_object (submission, "changed",
                           G_CALLBACK (submission_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (submission, "notify::modified",
                           G_CALLBACK (_sb_window_update_title), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (submission, "notify::file",
                           G_CALLBACK (_sb_window_update_title), self, G_CONNECT_SWAPPED);
  sb_problems_panel_set_submission (self->problems_panel, submission);
  start = g_get_monotonic_time ();
  sync_pages (self);
  g_debug ("Pages built in %.1f ms", (g_get_monotonic_time () - start) / 1000.0);
  if (self->pages->len > 0)
    gtk_stack_set_visible_child (self->stack, g_ptr_array_index (self->pages, 0));
  /* For screenshots and tests: start on a given page. */
  if (g_getenv ("SHENBAO_PAGE") != NULL)
    sb_window_set_visible_page_name (self, g_getenv ("SHENBAO_PAGE"));
  sb_window_validate_now (self);
  _sb_window_update_title (self);
  _sb_window_update_actions (self);
  _sb_window_schedule_autosave (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBMISSION]);
}

char **
sb_window_dup_page_names (SbWindow *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkStackPage *page = gtk_stack_get_page (self->stack, g_ptr_array_index (self->pages, i));

      g_strv_builder_add (builder, gtk_stack_page_get_name (page));
    }
  return g_strv_builder_end (builder);
}

GtkWidget *
sb_window_get_page (SbWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return gtk_stack_get_child_by_name (self->stack, name);
}

const char *
sb_window_get_page_title (SbWindow   *self,
                          const char *name)
{
  GtkWidget *page;

  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  page = gtk_stack_get_child_by_name (self->stack, name);
  return page ? gtk_stack_page_get_title (gtk_stack_get_page (self->stack, page)) : NULL;
}

const char *
sb_window_get_visible_page_name (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

void
sb_window_set_visible_page_name (SbWindow   *self,
                                 const char *name)
{
  g_return_if_fail (SB_IS_WINDOW (self));
  if (gtk_stack_get_child_by_name (self->stack, name) != NULL)
    gtk_stack_set_visible_child_name (self->stack, name);
}

SbProblemsPanel *
sb_window_get_problems_panel (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->problems_panel;
}

guint
sb_window_get_n_validations (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), 0);
  return self->n_validations;
}

void
sb_window_activate_diagnostic (SbWindow     *self,
                               SbDiagnostic *diagnostic)
{
  g_autofree char *name = NULL;
  GtkWidget *page;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_return_if_fail (SB_IS_DIAGNOSTIC (diagnostic));

  name = sb_ui_dup_diagnostic_page_name (self->submission, diagnostic);
  page = name ? gtk_stack_get_child_by_name (self->stack, name) : NULL;
  if (page == NULL)
    return;
  gtk_stack_set_visible_child (self->stack, page);
  if (SB_IS_FORM_PAGE (page) && sb_diagnostic_get_field (diagnostic) != NULL)
    sb_form_page_focus_field (SB_FORM_PAGE (page), sb_diagnostic_get_field (diagnostic));
  else if (SB_IS_PROOFS_PAGE (page))
    sb_proofs_page_focus_attachment (SB_PROOFS_PAGE (page),
                                     sb_diagnostic_get_attachment (diagnostic));
  /* A folded panel covers the page: get it out of the way. */
  if (adw_flap_get_folded (self->flap))
    adw_flap_set_reveal_flap (self->flap, FALSE);
}

static void
dialog_destroyed_cb (SbWindow  *self,
                     GtkWidget *dialog)
{
  if (self->dialog == dialog)
    self->dialog = NULL;
}

static void
dialog_answered_cb (SbWindow   *self,
                    const char *response,
                    GtkWidget  *dialog)
{
  dialog_destroyed_cb (self, dialog);
}

void
_sb_window_set_dialog (SbWindow  *self,
                       GtkWidget *dialog)
{
  self->dialog = dialog;
  if (dialog == NULL)
    return;
  /* Answered is as good as gone, though it still fades out. */
  g_signal_connect_object (dialog, "response", G_CALLBACK (dialog_answered_cb), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_object (dialog, "destroy", G_CALLBACK (dialog_destroyed_cb), self,
                           G_CONNECT_SWAPPED);
}

GtkWidget *
sb_window_get_dialog (SbWindow *self)
{
  g_return_val_if_fail (SB_IS_WINDOW (self), NULL);
  return self->dialog;
}

void
sb_window_add_toast (SbWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (SB_IS_WINDOW (self));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
sb_window_show_error (SbWindow     *self,
                      const char   *heading,
                      const GError *error)
{
  GtkWidget *dialog;

  g_return_if_fail (SB_IS_WINDOW (self));
  g_warning ("%s: %s", heading, error->message);
  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}
