/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <time.h>

#include <glib/gi18n.h>

#include "sb-problems-panel.h"
#include "sb-ui-util.h"

struct _SbProblemsPanel
{
  GtkWidget     parent_instance;

  SbSubmission *submission;
  char         *today;
  char         *signature;
  GPtrArray    *shown;        /* SbDiagnostic*, display order */
  guint         n_errors;
  guint         n_warnings;

  GtkWidget    *box;
  GtkWidget    *errors_label;
  GtkWidget    *warnings_label;
  GtkWidget    *deadline;
  GtkWidget    *stack;
  GtkWidget    *list;
};

G_DEFINE_FINAL_TYPE (SbProblemsPanel, sb_problems_panel, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_N_ERRORS,
  PROP_N_WARNINGS,
  N_PROPS
};

enum {
  DIAGNOSTIC_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One diagnostic with where it sorts. */
typedef struct {
  int           rank;
  guint         seq;
  gboolean      acknowledged;
  SbDiagnostic *diagnostic;
  char         *group;
} Entry;

static void
entry_clear (Entry *entry)
{
  g_clear_object (&entry->diagnostic);
  g_clear_pointer (&entry->group, g_free);
}

static void
sb_problems_panel_dispose (GObject *object)
{
  SbProblemsPanel *self = SB_PROBLEMS_PANEL (object);

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->submission);
  G_OBJECT_CLASS (sb_problems_panel_parent_class)->dispose (object);
}

static void
sb_problems_panel_finalize (GObject *object)
{
  SbProblemsPanel *self = SB_PROBLEMS_PANEL (object);

  g_clear_pointer (&self->today, g_free);
  g_clear_pointer (&self->signature, g_free);
  g_clear_pointer (&self->shown, g_ptr_array_unref);
  G_OBJECT_CLASS (sb_problems_panel_parent_class)->finalize (object);
}

static void
sb_problems_panel_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SbProblemsPanel *self = SB_PROBLEMS_PANEL (object);

  switch (prop_id)
    {
    case PROP_N_ERRORS:
      g_value_set_uint (value, self->n_errors);
      break;
    case PROP_N_WARNINGS:
      g_value_set_uint (value, self->n_warnings);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_problems_panel_class_init (SbProblemsPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_problems_panel_dispose;
  object_class->finalize = sb_problems_panel_finalize;
  object_class->get_property = sb_problems_panel_get_property;

  properties[PROP_N_ERRORS] =
    g_param_spec_uint ("n-errors", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_WARNINGS] =
    g_param_spec_uint ("n-warnings", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DIAGNOSTIC_ACTIVATED] =
    g_signal_new ("diagnostic-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, SB_TYPE_DIAGNOSTIC);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sbproblemspanel");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
header_func (GtkListBoxRow *row,
             GtkListBoxRow *before,
             gpointer       user_data)
{
  const char *group = g_object_get_data (G_OBJECT (row), "group");
  const char *previous = before ? g_object_get_data (G_OBJECT (before), "group") : NULL;
  GtkWidget *header;

  if (before != NULL && g_strcmp0 (group, previous) == 0)
    {
      gtk_list_box_row_set_header (row, NULL);
      return;
    }
  header = gtk_label_new (group);
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "sb-problems-group");
  gtk_list_box_row_set_header (row, header);
}

static void
row_activated_cb (SbProblemsPanel *self,
                  GtkListBoxRow   *row)
{
  SbDiagnostic *diagnostic = g_object_get_data (G_OBJECT (row), "diagnostic");

  if (diagnostic != NULL)
    g_signal_emit (self, signals[DIAGNOSTIC_ACTIVATED], 0, diagnostic);
}

static GtkWidget *
build_header (SbProblemsPanel *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (_("Problems"));
  GtkWidget *deadline_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  gtk_widget_add_css_class (box, "sb-problems-header");
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "title-4");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Problems"), -1);
  GtkWidget *counts = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->errors_label = gtk_label_new (NULL);
  self->warnings_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->errors_label, "sb-count");
  gtk_widget_add_css_class (self->warnings_label, "sb-count");
  gtk_box_append (GTK_BOX (counts), self->errors_label);
  gtk_box_append (GTK_BOX (counts), self->warnings_label);
  self->deadline = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->deadline), 0);
  gtk_label_set_wrap (GTK_LABEL (self->deadline), TRUE);
  gtk_widget_add_css_class (self->deadline, "caption");
  gtk_box_append (GTK_BOX (deadline_box), gtk_image_new_from_icon_name ("alarm-symbolic"));
  gtk_box_append (GTK_BOX (deadline_box), self->deadline);
  gtk_widget_add_css_class (deadline_box, "dim-label");

  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), counts);
  gtk_box_append (GTK_BOX (box), deadline_box);
  return box;
}

static void
sb_problems_panel_init (SbProblemsPanel *self)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *empty = adw_status_page_new ();

  self->shown = g_ptr_array_new_with_free_func (g_object_unref);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
  gtk_box_append (GTK_BOX (self->box), build_header (self));
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_list_box_set_header_func (GTK_LIST_BOX (self->list), header_func, NULL, NULL);
  gtk_widget_add_css_class (self->list, "navigation-sidebar");
  gtk_widget_add_css_class (self->list, "sb-problems-list");
  g_signal_connect_object (self->list, "row-activated",
                           G_CALLBACK (row_activated_cb), self, G_CONNECT_SWAPPED);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "emblem-ok-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Problems"));
  adw_status_page_set_description (ADW_STATUS_PAGE (empty),
                                   _("Every field the notice asks for is filled in."));
  gtk_widget_add_css_class (empty, "compact");

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), empty, "empty");
  gtk_box_append (GTK_BOX (self->box), self->stack);
}

GtkWidget *
sb_problems_panel_new (void)
{
  return g_object_new (SB_TYPE_PROBLEMS_PANEL, NULL);
}

/* Deadline */

static GDate *
parse_date (const char *text)
{
  int year, month, day;
  GDate *date;

  if (text == NULL || sscanf (text, "%d-%d-%d", &year, &month, &day) != 3
      || !g_date_valid_dmy (day, month, year))
    return NULL;
  date = g_date_new_dmy (day, month, year);
  return date;
}

static char *
dup_deadline_text (SbProblemsPanel *self)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  g_autoptr(GDate) open = parse_date (sb_template_get_window_open (template));
  g_autoptr(GDate) close = parse_date (sb_template_get_window_close (template));
  g_autoptr(GDate) today = parse_date (self->today);
  int days;

  if (close == NULL)
    return NULL;
  if (today == NULL)
    {
      today = g_date_new ();
      g_date_set_time_t (today, time (NULL));
    }
  if (open != NULL && g_date_compare (today, open) < 0)
    return g_strdup_printf (_("Submissions open on %s"), sb_template_get_window_open (template));
  days = g_date_days_between (today, close);
  if (days > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%d day left to submit, until %s",
                                         "%d days left to submit, until %s", days),
                            days, sb_template_get_window_close (template));
  if (days == 0)
    return g_strdup (_("Submissions close today"));
  return g_strdup_printf (_("Submissions closed on %s"), sb_template_get_window_close (template));
}

static void
update_deadline (SbProblemsPanel *self)
{
  g_autofree char *text = self->submission ? dup_deadline_text (self) : NULL;

  gtk_label_set_label (GTK_LABEL (self->deadline), text ? text : "");
  gtk_widget_set_visible (gtk_widget_get_parent (self->deadline), text != NULL);
}

/* Rows */

static int
rank_of (SbProblemsPanel *self,
         SbDiagnostic    *diagnostic,
         char           **group)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  GPtrArray *documents = sb_template_get_documents (template);
  g_autofree char *page = sb_ui_dup_diagnostic_page_name (self->submission, diagnostic);
  int taskbook = sb_diagnostic_get_taskbook (diagnostic);

  if (page == NULL)
    {
      *group = g_strdup (_("General"));
      return -1;
    }
  for (guint i = 0; i < documents->len; i++)
    {
      SbDocument *document = g_ptr_array_index (documents, i);

      if (document->kind == SB_DOCUMENT_TASKBOOK
          && g_str_has_prefix (page, SB_TASKBOOK_PAGE_PREFIX))
        {
          *group = sb_ui_dup_taskbook_title (template,
                                             page + strlen (SB_TASKBOOK_PAGE_PREFIX));
          return (int) i * 100 + 1 + MAX (taskbook, 0);
        }
      if (g_strcmp0 (document->id, page) == 0)
        {
          *group = g_strdup (document->short_title);
          return (int) i * 100;
        }
    }
  *group = g_strdup (_("General"));
  return -1;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const Entry *ea = a;
  const Entry *eb = b;

  if (ea->rank != eb->rank)
    return ea->rank < eb->rank ? -1 : 1;
  if (ea->acknowledged != eb->acknowledged)
    return ea->acknowledged ? 1 : -1;
  return ea->seq < eb->seq ? -1 : ea->seq > eb->seq;
}

static void
acknowledge_clicked_cb (GtkButton       *button,
                        SbProblemsPanel *self)
{
  SbDiagnostic *diagnostic = g_object_get_data (G_OBJECT (button), "diagnostic");
  g_autofree char *key = sb_diagnostic_dup_key (diagnostic);

  sb_submission_set_acknowledged (self->submission, key,
                                  !sb_submission_is_acknowledged (self->submission, key));
}

static GtkWidget *
make_acknowledge_button (SbProblemsPanel *self,
                         Entry           *entry)
{
  const char *tooltip = entry->acknowledged ? _("Mark as Not Checked")
                                            : _("Mark as Checked");
  GtkWidget *button = gtk_button_new_from_icon_name (entry->acknowledged
                                                     ? "edit-undo-symbolic"
                                                     : "object-select-symbolic");

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  g_object_set_data_full (G_OBJECT (button), "diagnostic",
                          g_object_ref (entry->diagnostic), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (acknowledge_clicked_cb), self, 0);
  return button;
}

static GtkWidget *
make_row (SbProblemsPanel *self,
          Entry           *entry)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gboolean error = sb_diagnostic_get_severity (entry->diagnostic) == SB_SEVERITY_ERROR;
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic"
                                                        : "dialog-warning-symbolic");
  const char *said = sb_diagnostic_get_message (entry->diagnostic);
  g_autofree char *prefix = g_strconcat (entry->group, " · ", NULL);
  GtkWidget *message;
  g_autofree char *where = sb_ui_dup_diagnostic_location (self->submission, entry->diagnostic);

  /* The group's header already says which document. */
  if (g_str_has_prefix (said, prefix) && said[strlen (prefix)] != '\0')
    said += strlen (prefix);
  message = gtk_label_new (said);
  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (message), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (message), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (message), 0);
  gtk_widget_set_hexpand (text, TRUE);
  gtk_box_append (GTK_BOX (text), message);
  /* The core's messages often name the field already. */
  if (where != NULL && strstr (sb_diagnostic_get_message (entry->diagnostic), where) == NULL)
    {
      GtkWidget *location = gtk_label_new (where);

      gtk_label_set_xalign (GTK_LABEL (location), 0);
      gtk_label_set_ellipsize (GTK_LABEL (location), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (location, "caption");
      gtk_widget_add_css_class (location, "dim-label");
      gtk_box_append (GTK_BOX (text), location);
    }
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), text);
  if (!error)
    gtk_box_append (GTK_BOX (box), make_acknowledge_button (self, entry));
  if (entry->acknowledged)
    gtk_widget_add_css_class (row, "sb-acknowledged");
  gtk_widget_add_css_class (box, "sb-problem");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  g_object_set_data_full (G_OBJECT (row), "diagnostic",
                          g_object_ref (entry->diagnostic), g_object_unref);
  g_object_set_data_full (G_OBJECT (row), "group", g_strdup (entry->group), g_free);
  return row;
}

static GArray *
collect_entries (SbProblemsPanel *self,
                 GListModel      *diagnostics,
                 GString         *signature)
{
  GArray *entries = g_array_new (FALSE, TRUE, sizeof (Entry));
  guint n = diagnostics ? g_list_model_get_n_items (diagnostics) : 0;

  g_array_set_clear_func (entries, (GDestroyNotify) entry_clear);
  for (guint i = 0; i < n; i++)
    {
      Entry entry = { 0 };
      g_autofree char *key = NULL;

      entry.diagnostic = g_list_model_get_item (diagnostics, i);
      key = sb_diagnostic_dup_key (entry.diagnostic);
      entry.seq = i;
      entry.acknowledged = sb_diagnostic_get_severity (entry.diagnostic) == SB_SEVERITY_WARNING
                           && sb_submission_is_acknowledged (self->submission, key);
      entry.rank = rank_of (self, entry.diagnostic, &entry.group);
      g_string_append_printf (signature, "%s|%d|%d|%d|%s|%s\n", key,
                              sb_diagnostic_get_taskbook (entry.diagnostic),
                              sb_diagnostic_get_attachment (entry.diagnostic),
                              entry.acknowledged, entry.group,
                              sb_diagnostic_get_message (entry.diagnostic));
      g_array_append_val (entries, entry);
    }
  g_array_sort (entries, compare_entries);
  return entries;
}

static void
update_counts (SbProblemsPanel *self,
               guint            n_errors,
               guint            n_warnings)
{
  g_autofree char *errors = NULL;
  g_autofree char *warnings = NULL;

  errors = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error", "%u errors", n_errors),
                            n_errors);
  warnings = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u warning", "%u warnings",
                                           n_warnings), n_warnings);
  gtk_label_set_label (GTK_LABEL (self->errors_label), errors);
  gtk_label_set_label (GTK_LABEL (self->warnings_label), warnings);
  sb_ui_set_css_class (self->errors_label, "error", n_errors > 0);
  sb_ui_set_css_class (self->errors_label, "success", n_errors == 0);
  sb_ui_set_css_class (self->warnings_label, "warning", n_warnings > 0);
  sb_ui_set_css_class (self->warnings_label, "dim-label", n_warnings == 0);

  if (self->n_errors != n_errors)
    {
      self->n_errors = n_errors;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ERRORS]);
    }
  if (self->n_warnings != n_warnings)
    {
      self->n_warnings = n_warnings;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_WARNINGS]);
    }
}

/* Rebuilt only when something changed: this runs after typing. */
void
sb_problems_panel_set_diagnostics (SbProblemsPanel *self,
                                   GListModel      *diagnostics)
{
  g_autoptr(GString) signature = g_string_new (NULL);
  g_autoptr(GArray) entries = NULL;
  GtkWidget *child;
  guint n_errors = 0, n_warnings = 0;

  g_return_if_fail (SB_IS_PROBLEMS_PANEL (self));
  g_return_if_fail (self->submission != NULL);

  update_deadline (self);
  entries = collect_entries (self, diagnostics, signature);
  if (g_strcmp0 (signature->str, self->signature) == 0)
    return;
  g_free (self->signature);
  self->signature = g_strdup (signature->str);

  while ((child = gtk_widget_get_first_child (self->list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (self->list), child);
  g_ptr_array_set_size (self->shown, 0);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *entry = &g_array_index (entries, Entry, i);

      gtk_list_box_append (GTK_LIST_BOX (self->list), make_row (self, entry));
      g_ptr_array_add (self->shown, g_object_ref (entry->diagnostic));
      if (entry->acknowledged)
        continue;
      if (sb_diagnostic_get_severity (entry->diagnostic) == SB_SEVERITY_ERROR)
        n_errors++;
      else
        n_warnings++;
    }
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), entries->len ? "list" : "empty");
  update_counts (self, n_errors, n_warnings);
}

void
sb_problems_panel_set_submission (SbProblemsPanel *self,
                                  SbSubmission    *submission)
{
  g_return_if_fail (SB_IS_PROBLEMS_PANEL (self));
  if (!g_set_object (&self->submission, submission))
    return;
  g_clear_pointer (&self->signature, g_free);
  update_deadline (self);
}

void
sb_problems_panel_set_today (SbProblemsPanel *self,
                             const char      *today)
{
  g_return_if_fail (SB_IS_PROBLEMS_PANEL (self));
  g_free (self->today);
  self->today = g_strdup (today);
  update_deadline (self);
}

guint
sb_problems_panel_get_n_errors (SbProblemsPanel *self)
{
  g_return_val_if_fail (SB_IS_PROBLEMS_PANEL (self), 0);
  return self->n_errors;
}

guint
sb_problems_panel_get_n_warnings (SbProblemsPanel *self)
{
  g_return_val_if_fail (SB_IS_PROBLEMS_PANEL (self), 0);
  return self->n_warnings;
}

GPtrArray *
sb_problems_panel_get_shown (SbProblemsPanel *self)
{
  g_return_val_if_fail (SB_IS_PROBLEMS_PANEL (self), NULL);
  return self->shown;
}

const char *
sb_problems_panel_get_deadline_text (SbProblemsPanel *self)
{
  g_return_val_if_fail (SB_IS_PROBLEMS_PANEL (self), NULL);
  return gtk_label_get_label (GTK_LABEL (self->deadline));
}

GtkListBox *
sb_problems_panel_get_list (SbProblemsPanel *self)
{
  g_return_val_if_fail (SB_IS_PROBLEMS_PANEL (self), NULL);
  return GTK_LIST_BOX (self->list);
}
