/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "sb-field-row.h"
#include "sb-ui-util.h"

struct _SbFieldRow
{
  GtkWidget      parent_instance;

  SbSubmission  *submission;
  SbField       *field;
  char          *direction;

  GtkWidget     *grid;
  GtkWidget     *label;
  GtkWidget     *input;
  GtkTextBuffer *buffer;
  GtkWidget     *text_box;
  GtkWidget     *counter;
  GtkWidget     *calendar;
  GtkWidget     *date_button;
  GtkWidget     *message_box;
  GtkWidget     *message_icon;
  GtkWidget     *message_label;
  GPtrArray     *checks;

  char          *message;
  SbSeverity     severity;
  gboolean       only_required;
  gboolean       loading;
};

G_DEFINE_FINAL_TYPE (SbFieldRow, sb_field_row, GTK_TYPE_WIDGET)

static void
sb_field_row_dispose (GObject *object)
{
  SbFieldRow *self = SB_FIELD_ROW (object);

  g_clear_pointer (&self->grid, gtk_widget_unparent);
  G_OBJECT_CLASS (sb_field_row_parent_class)->dispose (object);
}

static void
sb_field_row_finalize (GObject *object)
{
  SbFieldRow *self = SB_FIELD_ROW (object);

  g_clear_object (&self->submission);
  g_clear_pointer (&self->direction, g_free);
  g_clear_pointer (&self->message, g_free);
  g_clear_pointer (&self->checks, g_ptr_array_unref);
  G_OBJECT_CLASS (sb_field_row_parent_class)->finalize (object);
}

static gboolean
sb_field_row_grab_focus (GtkWidget *widget)
{
  return sb_field_row_focus_input (SB_FIELD_ROW (widget));
}

static void
sb_field_row_class_init (SbFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_field_row_dispose;
  object_class->finalize = sb_field_row_finalize;
  widget_class->grab_focus = sb_field_row_grab_focus;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sbfieldrow");
}

static void
sb_field_row_init (SbFieldRow *self)
{
  self->grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (self->grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (self->grid), 6);
  gtk_widget_set_parent (self->grid, GTK_WIDGET (self));
  self->checks = g_ptr_array_new ();
}

/* Writing back */

int
sb_field_row_get_taskbook (SbFieldRow *self)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), SB_NO_TASKBOOK);
  if (self->direction == NULL)
    return SB_NO_TASKBOOK;
  return sb_submission_find_taskbook (self->submission, self->direction);
}

static void
write_text (SbFieldRow *self,
            const char *text)
{
  int taskbook = sb_field_row_get_taskbook (self);

  if (self->loading)
    return;
  /* A task book being removed has no index: never write its fields
   * into the submission's own. */
  if (self->direction != NULL && taskbook < 0)
    return;
  sb_submission_set_text (self->submission, taskbook, self->field->id, text);
}

static void
update_counter (SbFieldRow *self,
                const char *text)
{
  guint count = sb_text_count_chars (text);
  g_autofree char *label = NULL;

  if (self->field->max_chars > 0)
    /* Translators: the count of characters (字数) typed and the limit. */
    label = g_strdup_printf (_("%u/%u characters"), count, self->field->max_chars);
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u character", "%u characters",
                                          count), count);
  gtk_label_set_label (GTK_LABEL (self->counter), label);
  sb_ui_set_css_class (self->counter, "error",
                       self->field->max_chars > 0 && count > self->field->max_chars);
}

static void
entry_changed_cb (SbFieldRow *self,
                  GtkEditable *editable)
{
  write_text (self, gtk_editable_get_text (editable));
}

static void
buffer_changed_cb (SbFieldRow    *self,
                   GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  g_autofree char *text = NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  update_counter (self, text);
  write_text (self, text);
}

static void
check_toggled_cb (SbFieldRow     *self,
                  GtkCheckButton *check)
{
  const char *choice_id = g_object_get_data (G_OBJECT (check), "choice-id");

  if (self->loading)
    return;
  sb_submission_set_choice (self->submission, self->field->id, choice_id,
                            gtk_check_button_get_active (check));
}

/* Building */

static GtkWidget *
make_caption (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 60);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  return label;
}

static GtkWidget *
make_label (SbFieldRow *self,
            const char *text)
{
  GtkWidget *label = gtk_label_new (NULL);
  g_autofree char *escaped = g_markup_escape_text (text, -1);
  g_autofree char *markup = NULL;

  if (self->field->required)
    markup = g_strdup (escaped);
  else
    /* Translators: shown after the label of a field that may stay empty. */
    markup = g_strdup_printf ("%s <span size='small' alpha='60%%'>%s</span>", escaped,
                              _("(optional)"));
  gtk_label_set_markup (GTK_LABEL (label), markup);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 14);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "sb-field-label");
  return label;
}

static GtkWidget *
make_message_box (SbFieldRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->message_icon = gtk_image_new ();
  gtk_widget_set_valign (self->message_icon, GTK_ALIGN_START);
  self->message_label = make_caption (NULL);
  gtk_widget_remove_css_class (self->message_label, "dim-label");
  gtk_widget_set_hexpand (self->message_label, TRUE);
  gtk_box_append (GTK_BOX (box), self->message_icon);
  gtk_box_append (GTK_BOX (box), self->message_label);
  gtk_widget_set_visible (box, FALSE);
  gtk_widget_add_css_class (box, "sb-field-message");
  return box;
}

static void
calendar_day_selected_cb (SbFieldRow  *self,
                          GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  g_autofree char *text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->input), text);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (self->date_button));
}

/* The calendar opens on the typed date, else on today. */
static void
calendar_popover_show_cb (SbFieldRow *self,
                          GtkWidget  *popover)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->input));
  int year, month, day;
  g_autoptr(GDateTime) date = NULL;

  if (sscanf (text, "%d-%d-%d", &year, &month, &day) == 3)
    date = g_date_time_new_local (year, month, day, 0, 0, 0);
  if (date == NULL)
    date = g_date_time_new_now_local ();
  g_signal_handlers_block_by_func (self->calendar, calendar_day_selected_cb, self);
  gtk_calendar_select_day (GTK_CALENDAR (self->calendar), date);
  g_signal_handlers_unblock_by_func (self->calendar, calendar_day_selected_cb, self);
}

static GtkWidget *
build_date_input (SbFieldRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *popover = gtk_popover_new ();

  gtk_widget_add_css_class (box, "linked");
  self->input = gtk_entry_new ();
  /* Translators: the placeholder of a date field; keep the format. */
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->input), _("YYYY-MM-DD"));
  gtk_editable_set_width_chars (GTK_EDITABLE (self->input), 12);
  gtk_widget_set_hexpand (self->input, TRUE);

  self->calendar = gtk_calendar_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), self->calendar);
  g_signal_connect_object (self->calendar, "day-selected",
                           G_CALLBACK (calendar_day_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (popover, "show",
                           G_CALLBACK (calendar_popover_show_cb), self, G_CONNECT_SWAPPED);

  self->date_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->date_button),
                                 "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (self->date_button), popover);
  gtk_widget_set_tooltip_text (self->date_button, _("Pick a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->date_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pick a Date"), -1);

  gtk_box_append (GTK_BOX (box), self->input);
  gtk_box_append (GTK_BOX (box), self->date_button);
  g_signal_connect_object (self->input, "changed",
                           G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  return box;
}

static GtkWidget *
build_text_input (SbFieldRow *self)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  SbFormat *format = self->field->format
                     ? sb_template_get_format (template, self->field->format) : NULL;

  self->input = gtk_entry_new ();
  gtk_widget_set_hexpand (self->input, TRUE);
  if (format != NULL && format->example != NULL)
    {
      /* Translators: the placeholder of a field, with a valid example. */
      g_autofree char *placeholder = g_strdup_printf (_("e.g. %s"), format->example);

      gtk_entry_set_placeholder_text (GTK_ENTRY (self->input), placeholder);
    }
  g_signal_connect_object (self->input, "changed",
                           G_CALLBACK (entry_changed_cb), self, G_CONNECT_SWAPPED);
  return self->input;
}

static GtkWidget *
build_choices_input (SbFieldRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GPtrArray *choices = self->field->choices;

  for (guint i = 0; choices != NULL && i < choices->len; i++)
    {
      SbChoice *choice = g_ptr_array_index (choices, i);
      GtkWidget *check = gtk_check_button_new_with_label (choice->label);

      g_object_set_data_full (G_OBJECT (check), "choice-id", g_strdup (choice->id), g_free);
      g_signal_connect_object (check, "toggled",
                               G_CALLBACK (check_toggled_cb), self, G_CONNECT_SWAPPED);
      gtk_box_append (GTK_BOX (box), check);
      g_ptr_array_add (self->checks, check);
    }
  self->input = box;
  return box;
}

static GtkWidget *
build_multiline_input (SbFieldRow *self)
{
  guint lines = self->field->max_chars >= 1000 ? 9 : self->field->max_chars > 0 ? 6 : 5;

  self->input = gtk_text_view_new ();
  self->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->input));
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->input), GTK_WRAP_WORD_CHAR);
  /* Tab moves on to the next field, as in every other input. */
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->input), FALSE);
  gtk_text_view_set_pixels_inside_wrap (GTK_TEXT_VIEW (self->input), 4);
  gtk_text_view_set_pixels_below_lines (GTK_TEXT_VIEW (self->input), 6);
  gtk_widget_set_size_request (self->input, -1, (int) lines * 24);
  gtk_widget_set_hexpand (self->input, TRUE);

  self->text_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_add_css_class (self->text_box, "sb-text-box");
  gtk_box_append (GTK_BOX (self->text_box), self->input);

  self->counter = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->counter, "caption");
  gtk_widget_add_css_class (self->counter, "numeric");
  gtk_widget_add_css_class (self->counter, "sb-counter");
  gtk_widget_set_valign (self->counter, GTK_ALIGN_START);
  g_signal_connect_object (self->buffer, "changed",
                           G_CALLBACK (buffer_changed_cb), self, G_CONNECT_SWAPPED);
  return self->text_box;
}

/* Text fields sit beside their label like the printed table's cells;
 * long text goes under its label, full width. */
static void
build_inline (SbFieldRow *self,
              GtkWidget  *input_widget,
              const char *suffix)
{
  GtkWidget *cell = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  int row = 1;

  gtk_widget_set_valign (self->label, self->field->type == SB_FIELD_CHOICES
                                      ? GTK_ALIGN_START : GTK_ALIGN_CENTER);
  gtk_grid_attach (GTK_GRID (self->grid), self->label, 0, 0, 1, 1);
  gtk_widget_set_hexpand (cell, TRUE);
  /* A label on two lines must not stretch the entry beside it. */
  gtk_widget_set_valign (cell, self->field->type == SB_FIELD_CHOICES ? GTK_ALIGN_START
                                                                     : GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (cell), input_widget);
  if (suffix != NULL)
    {
      GtkWidget *suffix_label = gtk_label_new (suffix);

      gtk_widget_add_css_class (suffix_label, "dim-label");
      gtk_box_append (GTK_BOX (cell), suffix_label);
    }
  gtk_grid_attach (GTK_GRID (self->grid), cell, 1, 0, 1, 1);
  if (self->field->hint != NULL)
    gtk_grid_attach (GTK_GRID (self->grid), make_caption (self->field->hint), 1, row++, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), self->message_box, 1, row, 1, 1);
}

static void
build_stacked (SbFieldRow *self,
               GtkWidget  *input_widget)
{
  GtkWidget *footer = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  int row = 0;

  gtk_widget_add_css_class (self->label, "heading");
  gtk_grid_attach (GTK_GRID (self->grid), self->label, 0, row++, 1, 1);
  if (self->field->hint != NULL)
    gtk_grid_attach (GTK_GRID (self->grid), make_caption (self->field->hint), 0, row++, 1, 1);
  gtk_grid_attach (GTK_GRID (self->grid), input_widget, 0, row++, 1, 1);
  gtk_box_append (GTK_BOX (footer), self->message_box);
  gtk_widget_set_hexpand (self->message_box, TRUE);
  gtk_widget_set_visible (self->message_box, TRUE);
  gtk_widget_set_halign (self->counter, GTK_ALIGN_END);
  gtk_widget_set_hexpand (self->counter, TRUE);
  gtk_box_append (GTK_BOX (footer), self->counter);
  gtk_grid_attach (GTK_GRID (self->grid), footer, 0, row, 1, 1);
}

static void
bind_label (SbFieldRow *self)
{
  GtkWidget *target = self->input;

  if (self->field->type == SB_FIELD_CHOICES)
    {
      gtk_accessible_update_relation (GTK_ACCESSIBLE (self->input),
                                      GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, NULL,
                                      -1);
      return;
    }
  gtk_label_set_mnemonic_widget (GTK_LABEL (self->label), target);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (target),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->label, NULL,
                                  -1);
}

GtkWidget *
sb_field_row_new (SbSubmission *submission,
                  SbField      *field,
                  const char   *direction,
                  const char   *label,
                  const char   *suffix)
{
  SbFieldRow *self;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  self = g_object_new (SB_TYPE_FIELD_ROW, NULL);
  self->submission = g_object_ref (submission);
  self->field = field;
  self->direction = g_strdup (direction);
  self->label = make_label (self, label ? label : field->label);
  self->message_box = make_message_box (self);

  switch (field->type)
    {
    case SB_FIELD_MULTILINE:
      build_stacked (self, build_multiline_input (self));
      break;
    case SB_FIELD_CHOICES:
      build_inline (self, build_choices_input (self), suffix);
      break;
    case SB_FIELD_DATE:
      build_inline (self, build_date_input (self), suffix);
      break;
    case SB_FIELD_TEXT:
    default:
      build_inline (self, build_text_input (self), suffix);
      break;
    }
  bind_label (self);
  sb_field_row_reload (self);
  return GTK_WIDGET (self);
}

/* Public API */

SbField *
sb_field_row_get_field (SbFieldRow *self)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), NULL);
  return self->field;
}

const char *
sb_field_row_get_direction (SbFieldRow *self)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), NULL);
  return self->direction;
}

GtkWidget *
sb_field_row_get_label (SbFieldRow *self)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), NULL);
  return self->label;
}

GtkWidget *
sb_field_row_get_input (SbFieldRow *self)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), NULL);
  return self->input;
}

GtkWidget *
sb_field_row_get_choice_button (SbFieldRow *self,
                                const char *choice_id)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), NULL);
  for (guint i = 0; i < self->checks->len; i++)
    {
      GtkWidget *check = g_ptr_array_index (self->checks, i);

      if (g_strcmp0 (g_object_get_data (G_OBJECT (check), "choice-id"), choice_id) == 0)
        return check;
    }
  return NULL;
}

const char *
sb_field_row_get_message (SbFieldRow *self)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), NULL);
  return self->message;
}

static void
reload_text (SbFieldRow *self,
             const char *text)
{
  if (self->buffer != NULL)
    {
      GtkTextIter start, end;
      g_autofree char *current = NULL;

      gtk_text_buffer_get_bounds (self->buffer, &start, &end);
      current = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
      if (g_strcmp0 (current, text) == 0)
        {
          update_counter (self, text);
          return;
        }
      /* A value from elsewhere is not something Ctrl+Z should undo. */
      gtk_text_buffer_begin_irreversible_action (self->buffer);
      gtk_text_buffer_set_text (self->buffer, text, -1);
      gtk_text_buffer_end_irreversible_action (self->buffer);
    }
  else if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->input)), text) != 0)
    {
      gtk_editable_set_enable_undo (GTK_EDITABLE (self->input), FALSE);
      gtk_editable_set_text (GTK_EDITABLE (self->input), text);
      gtk_editable_set_enable_undo (GTK_EDITABLE (self->input), TRUE);
    }
}

/* Shows the model's value; the source of an edit already shows it and
 * is left alone, so its cursor does not jump. */
void
sb_field_row_reload (SbFieldRow *self)
{
  int taskbook;

  g_return_if_fail (SB_IS_FIELD_ROW (self));

  taskbook = sb_field_row_get_taskbook (self);
  if (self->direction != NULL && taskbook < 0)
    return;

  self->loading = TRUE;
  if (self->field->type == SB_FIELD_CHOICES)
    for (guint i = 0; i < self->checks->len; i++)
      {
        GtkCheckButton *check = g_ptr_array_index (self->checks, i);
        const char *choice_id = g_object_get_data (G_OBJECT (check), "choice-id");

        gtk_check_button_set_active (check, sb_submission_has_choice (self->submission,
                                                                      self->field->id,
                                                                      choice_id));
      }
  else
    reload_text (self, sb_submission_get_text (self->submission, taskbook, self->field->id));
  self->loading = FALSE;
}

static void
set_input_state (SbFieldRow *self,
                 const char *css_class)
{
  GtkWidget *widget = self->text_box ? self->text_box : self->input;

  sb_ui_set_css_class (widget, "error", g_strcmp0 (css_class, "error") == 0);
  sb_ui_set_css_class (widget, "warning", g_strcmp0 (css_class, "warning") == 0);
}

/* diagnostics: SbDiagnostic* of this field, or NULL. Unchanged
 * messages leave the widgets alone: this runs after every keystroke. */
void
sb_field_row_set_diagnostics (SbFieldRow *self,
                              GPtrArray  *diagnostics)
{
  g_autoptr(GString) message = g_string_new (NULL);
  SbSeverity severity = SB_SEVERITY_WARNING;
  gboolean only_required = TRUE;
  const char *css_class;

  g_return_if_fail (SB_IS_FIELD_ROW (self));

  for (guint i = 0; diagnostics != NULL && i < diagnostics->len; i++)
    {
      SbDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);
      SbTemplate *template = sb_submission_get_template (self->submission);
      SbDocument *document = sb_template_get_document (template, self->field->document);
      const char *text = sb_diagnostic_get_message (diagnostic);

      /* Under its field, "申报表 · " says nothing new. */
      if (document != NULL && g_str_has_prefix (text, document->short_title)
          && g_str_has_prefix (text + strlen (document->short_title), " · "))
        text += strlen (document->short_title) + strlen (" · ");
      if (message->len > 0)
        g_string_append_c (message, '\n');
      g_string_append (message, text);
      if (sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_ERROR)
        severity = SB_SEVERITY_ERROR;
      only_required &= g_strcmp0 (sb_diagnostic_get_code (diagnostic), "required") == 0;
    }

  if (g_strcmp0 (self->message ? self->message : "", message->str) == 0
      && (message->len == 0 || (self->severity == severity
                                && self->only_required == only_required)))
    return;

  g_free (self->message);
  self->message = message->len > 0 ? g_strdup (message->str) : NULL;
  self->severity = severity;
  self->only_required = only_required;

  /* A field not filled in yet is work to do, not a mistake: it says so
   * quietly instead of turning red on a fresh form. */
  css_class = message->len == 0 || only_required ? NULL
              : severity == SB_SEVERITY_ERROR ? "error" : "warning";
  set_input_state (self, css_class);
  /* Translators: under a field that must be filled in and is empty. */
  gtk_label_set_label (GTK_LABEL (self->message_label),
                       only_required && message->len > 0 ? _("Required") : message->str);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->message_icon),
                                only_required ? "document-edit-symbolic"
                                : severity == SB_SEVERITY_ERROR ? "dialog-error-symbolic"
                                : "dialog-warning-symbolic");
  sb_ui_set_css_class (self->message_box, "error", g_strcmp0 (css_class, "error") == 0);
  sb_ui_set_css_class (self->message_box, "warning", g_strcmp0 (css_class, "warning") == 0);
  sb_ui_set_css_class (self->message_box, "dim-label", css_class == NULL);
  gtk_widget_set_visible (self->message_icon, message->len > 0);
  if (self->counter == NULL)
    gtk_widget_set_visible (self->message_box, message->len > 0);
  if (self->message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->input),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->message, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->input),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self->input), GTK_ACCESSIBLE_STATE_INVALID,
                               severity == SB_SEVERITY_ERROR && message->len > 0
                               ? GTK_ACCESSIBLE_INVALID_TRUE : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);
}

gboolean
sb_field_row_focus_input (SbFieldRow *self)
{
  g_return_val_if_fail (SB_IS_FIELD_ROW (self), FALSE);
  if (self->checks->len > 0)
    return gtk_widget_grab_focus (g_ptr_array_index (self->checks, 0));
  return gtk_widget_grab_focus (self->input);
}
