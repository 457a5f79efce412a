/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sb-proofs-page.h"
#include "sb-ui-util.h"

struct _SbProofsPage
{
  GtkWidget     parent_instance;

  SbSubmission *submission;
  SbDocument   *document;

  GtkWidget    *scrolled;
  GtkWidget    *content;
  GHashTable   *groups;      /* category id → AdwPreferencesGroup */
  GPtrArray    *rows;        /* GtkWidget* per attachment index */
  GPtrArray    *placeholders;/* GtkWidget* rows saying a category is empty */
};

G_DEFINE_FINAL_TYPE (SbProofsPage, sb_proofs_page, GTK_TYPE_WIDGET)

static void
sb_proofs_page_dispose (GObject *object)
{
  SbProofsPage *self = SB_PROOFS_PAGE (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  G_OBJECT_CLASS (sb_proofs_page_parent_class)->dispose (object);
}

static void
sb_proofs_page_finalize (GObject *object)
{
  SbProofsPage *self = SB_PROOFS_PAGE (object);

  g_clear_object (&self->submission);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->placeholders, g_ptr_array_unref);
  G_OBJECT_CLASS (sb_proofs_page_parent_class)->finalize (object);
}

static void
sb_proofs_page_class_init (SbProofsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_proofs_page_dispose;
  object_class->finalize = sb_proofs_page_finalize;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sbproofspage");
}

static void
sb_proofs_page_init (SbProofsPage *self)
{
  GtkWidget *clamp = adw_clamp_new ();

  self->groups = g_hash_table_new (g_str_hash, g_str_equal);
  self->rows = g_ptr_array_new ();
  self->placeholders = g_ptr_array_new ();

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (self->content, "sb-page-content");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 840);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
}

static GtkWidget *
make_add_button (SbCategory *category)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _("Add Files…"));
  gtk_button_set_child (GTK_BUTTON (button), content);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.add-attachments");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", category->id);
  return button;
}

static void
build_groups (SbProofsPage *self)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  GPtrArray *categories = sb_template_get_categories (template);
  GtkWidget *title = gtk_label_new (self->document->title);

  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (title, "sb-document-title");
  gtk_box_append (GTK_BOX (self->content), title);

  for (guint i = 0; i < categories->len; i++)
    {
      SbCategory *category = g_ptr_array_index (categories, i);
      GtkWidget *group = adw_preferences_group_new ();
      g_autofree char *description = category->hint
                                     ? g_strdup_printf ("（%s）", category->hint) : NULL;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), category->title);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                               make_add_button (category));
      gtk_box_append (GTK_BOX (self->content), group);
      g_hash_table_insert (self->groups, category->id, group);
    }
}

static const char *
icon_for_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name ? name : "", -1);

  if (g_str_has_suffix (lower, ".pdf"))
    return "x-office-document-symbolic";
  if (g_str_has_suffix (lower, ".jpg") || g_str_has_suffix (lower, ".jpeg")
      || g_str_has_suffix (lower, ".png"))
    return "image-x-generic-symbolic";
  return "text-x-generic-symbolic";
}

static GtkWidget *
make_attachment_row (SbProofsPage *self,
                     guint         index)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  GtkWidget *status = gtk_image_new ();
  g_autofree char *title = sb_submission_dup_attachment_title (self->submission, index);
  const char *name = sb_submission_get_attachment_name (self->submission, index);
  g_autofree char *escaped_title = g_markup_escape_text (title ? title : "", -1);
  g_autofree char *escaped_name = g_markup_escape_text (name ? name : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped_name);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (icon_for_name (name)));
  gtk_widget_set_visible (status, FALSE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), status);
  g_object_set_data (G_OBJECT (row), "status-icon", status);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove"), -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "win.remove-attachment");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", index);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove);
  return row;
}

static GtkWidget *
make_placeholder_row (void)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No files yet"));
  gtk_widget_add_css_class (row, "dim-label");
  gtk_widget_set_focusable (row, FALSE);
  return row;
}

static void
clear_rows (SbProofsPage *self)
{
  GPtrArray *lists[] = { self->rows, self->placeholders };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      for (guint i = 0; i < lists[l]->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (lists[l], i);
          GtkWidget *group = row ? gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP)
                                 : NULL;

          if (group != NULL)
            adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
        }
      g_ptr_array_set_size (lists[l], 0);
    }
}

void
sb_proofs_page_reload (SbProofsPage *self)
{
  guint n;
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GHashTable) filled = g_hash_table_new (g_str_hash, g_str_equal);

  g_return_if_fail (SB_IS_PROOFS_PAGE (self));

  clear_rows (self);
  n = sb_submission_get_n_attachments (self->submission);
  for (guint i = 0; i < n; i++)
    {
      const char *category = sb_submission_get_attachment_category (self->submission, i);
      GtkWidget *group = g_hash_table_lookup (self->groups, category ? category : "");
      GtkWidget *row = make_attachment_row (self, i);

      /* rows stays indexed by attachment, even past a category the
       * template lacks. */
      if (group == NULL)
        {
          g_object_ref_sink (row);
          g_object_unref (row);
          g_ptr_array_add (self->rows, NULL);
          continue;
        }
      g_ptr_array_add (self->rows, row);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
      g_hash_table_add (filled, (gpointer) category);
    }

  g_hash_table_iter_init (&iter, self->groups);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (filled, key))
      {
        GtkWidget *row = make_placeholder_row ();

        adw_preferences_group_add (ADW_PREFERENCES_GROUP (value), row);
        g_ptr_array_add (self->placeholders, row);
      }
}

GtkWidget *
sb_proofs_page_new (SbSubmission *submission,
                    SbDocument   *document)
{
  SbProofsPage *self;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);

  self = g_object_new (SB_TYPE_PROOFS_PAGE, NULL);
  self->submission = g_object_ref (submission);
  self->document = document;
  build_groups (self);
  sb_proofs_page_reload (self);
  return GTK_WIDGET (self);
}

SbDocument *
sb_proofs_page_get_document (SbProofsPage *self)
{
  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), NULL);
  return self->document;
}

static GtkWidget *
find_row (SbProofsPage *self,
          int           index)
{
  if (index < 0 || (guint) index >= self->rows->len)
    return NULL;
  return g_ptr_array_index (self->rows, index);
}

/* A problem with a file shows as an icon on its row, the message in
 * its tooltip and subtitle. */
void
sb_proofs_page_set_diagnostics (SbProofsPage *self,
                                GHashTable   *by_location)
{
  g_return_if_fail (SB_IS_PROOFS_PAGE (self));
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      g_autofree char *key = g_strdup_printf ("a%u", i);
      GPtrArray *diagnostics = by_location ? g_hash_table_lookup (by_location, key) : NULL;
      GtkWidget *icon;
      g_autoptr(GString) message = g_string_new (NULL);
      gboolean error = FALSE;
      g_autofree char *subtitle = NULL;

      if (row == NULL)
        continue;
      icon = g_object_get_data (G_OBJECT (row), "status-icon");
      for (guint d = 0; diagnostics != NULL && d < diagnostics->len; d++)
        {
          SbDiagnostic *diagnostic = g_ptr_array_index (diagnostics, d);

          if (message->len > 0)
            g_string_append_c (message, '\n');
          g_string_append (message, sb_diagnostic_get_message (diagnostic));
          error |= sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_ERROR;
        }
      gtk_widget_set_visible (icon, message->len > 0);
      gtk_image_set_from_icon_name (GTK_IMAGE (icon), error ? "dialog-error-symbolic"
                                                           : "dialog-warning-symbolic");
      sb_ui_set_css_class (icon, "error", error);
      sb_ui_set_css_class (icon, "warning", !error);
      gtk_widget_set_tooltip_text (icon, message->str);
      subtitle = g_markup_escape_text (message->len > 0 ? message->str
                                       : sb_submission_get_attachment_name (self->submission, i),
                                       -1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
}

gboolean
sb_proofs_page_focus_attachment (SbProofsPage *self,
                                 int           index)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), FALSE);
  row = find_row (self, index);
  if (row == NULL)
    return FALSE;
  sb_ui_scroll_to_widget (GTK_SCROLLED_WINDOW (self->scrolled), row, row);
  return TRUE;
}

guint
sb_proofs_page_get_n_rows (SbProofsPage *self,
                           const char   *category)
{
  GtkWidget *group;
  guint n = 0;

  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), 0);
  group = g_hash_table_lookup (self->groups, category);
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);

      if (row != NULL && gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP) == group)
        n++;
    }
  return n;
}
