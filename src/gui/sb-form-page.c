/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sb-form-page.h"
#include "sb-ui-util.h"

/* A paragraph printed with "{field}" slots filled in. */
typedef struct {
  GtkLabel *label;
  char     *text;
} Slot;

struct _SbFormPage
{
  GtkWidget     parent_instance;

  SbSubmission *submission;
  SbDocument   *document;
  char         *direction;

  GtkWidget    *scrolled;
  GtkWidget    *content;
  GtkWidget    *list;          /* the boxed list rows go into, or NULL */
  GtkWidget    *pair;          /* a row of a group with room for one more field */
  const char   *list_group;    /* the row group that list shows */
  GtkSizeGroup *label_group;
  GtkSizeGroup *pair_label_group;
  GPtrArray    *rows;          /* SbFieldRow* */
  GArray       *slots;         /* Slot */
  GHashTable   *diagnostics;   /* the last given, for a page built later */
  gboolean      built;
};

G_DEFINE_FINAL_TYPE (SbFormPage, sb_form_page, GTK_TYPE_WIDGET)

static void
slot_clear (Slot *slot)
{
  g_clear_pointer (&slot->text, g_free);
}

static void
sb_form_page_dispose (GObject *object)
{
  SbFormPage *self = SB_FORM_PAGE (object);

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->label_group);
  g_clear_object (&self->pair_label_group);
  G_OBJECT_CLASS (sb_form_page_parent_class)->dispose (object);
}

static void
sb_form_page_finalize (GObject *object)
{
  SbFormPage *self = SB_FORM_PAGE (object);

  g_clear_object (&self->submission);
  g_clear_pointer (&self->direction, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->slots, g_array_unref);
  g_clear_pointer (&self->diagnostics, g_hash_table_unref);
  G_OBJECT_CLASS (sb_form_page_parent_class)->finalize (object);
}

static void
sb_form_page_map (GtkWidget *widget)
{
  sb_form_page_ensure_built (SB_FORM_PAGE (widget));
  GTK_WIDGET_CLASS (sb_form_page_parent_class)->map (widget);
}

static void
sb_form_page_class_init (SbFormPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_form_page_dispose;
  object_class->finalize = sb_form_page_finalize;
  widget_class->map = sb_form_page_map;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sbformpage");
}

static void
sb_form_page_init (SbFormPage *self)
{
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *viewport = gtk_viewport_new (NULL, NULL);

  self->rows = g_ptr_array_new ();
  self->slots = g_array_new (FALSE, TRUE, sizeof (Slot));
  g_array_set_clear_func (self->slots, (GDestroyNotify) slot_clear);
  self->label_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->pair_label_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_add_css_class (self->content, "sb-page-content");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 840);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);
  /* Tabbing to a field below the fold scrolls it into view. */
  gtk_viewport_set_scroll_to_focus (GTK_VIEWPORT (viewport), TRUE);
  gtk_viewport_set_child (GTK_VIEWPORT (viewport), clamp);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), viewport);
}

/* Building */

static GtkWidget *
make_text_label (const char *text,
                 const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
close_list (SbFormPage *self)
{
  self->list = NULL;
  self->pair = NULL;
  self->list_group = NULL;
}

static GtkWidget *
ensure_list (SbFormPage *self,
             const char *group)
{
  if (self->list != NULL && g_strcmp0 (group, self->list_group) == 0)
    return self->list;
  self->pair = NULL;

  if (group != NULL)
    {
      GtkWidget *title = make_text_label (group, "sb-group-title");

      gtk_widget_add_css_class (title, "heading");
      gtk_box_append (GTK_BOX (self->content), title);
    }
  self->list = gtk_list_box_new ();
  self->list_group = group;
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  gtk_box_append (GTK_BOX (self->content), self->list);
  return self->list;
}

static void
append_row (SbFormPage *self,
            GtkWidget  *list,
            GtkWidget  *child)
{
  GtkWidget *row = gtk_list_box_row_new ();

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), child);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_focusable (row, FALSE);
  gtk_widget_add_css_class (row, "sb-form-row");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
}

/* The printed value of a slot, or the field's label while empty. */
static char *
dup_slot_markup (SbFormPage *self,
                 const char *text)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  g_autoptr(GString) markup = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open ? strchr (open, '}') : NULL;
      g_autofree char *before = NULL;
      g_autofree char *field_id = NULL;
      g_autofree char *escaped = NULL;
      SbField *field;

      if (open == NULL || close == NULL)
        {
          g_autofree char *rest = g_markup_escape_text (p, -1);

          g_string_append (markup, rest);
          break;
        }
      before = g_markup_escape_text (p, open - p);
      g_string_append (markup, before);
      field_id = g_strndup (open + 1, close - open - 1);
      field = sb_template_get_field (template, field_id);
      if (field != NULL && !sb_submission_is_empty (self->submission, SB_NO_TASKBOOK, field_id))
        {
          escaped = g_markup_escape_text (sb_submission_get_text (self->submission,
                                                                 SB_NO_TASKBOOK, field_id), -1);
          g_string_append_printf (markup, "<b>%s</b>", escaped);
        }
      else
        {
          escaped = g_markup_escape_text (field ? field->label : field_id, -1);
          g_string_append_printf (markup, "<u>　%s　</u>", escaped);
        }
      p = close + 1;
    }
  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static void
add_paragraph (SbFormPage *self,
               const char *text)
{
  GtkWidget *label = make_text_label (NULL, "sb-paragraph");

  close_list (self);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  gtk_box_append (GTK_BOX (self->content), label);
  if (strchr (text, '{') != NULL)
    {
      Slot slot = { GTK_LABEL (label), g_strdup (text) };
      g_autofree char *markup = dup_slot_markup (self, text);

      gtk_label_set_markup (GTK_LABEL (label), markup);
      g_array_append_val (self->slots, slot);
    }
  else
    gtk_label_set_label (GTK_LABEL (label), text);
}

static void
add_heading (SbFormPage *self,
             const char *text)
{
  close_list (self);
  gtk_box_append (GTK_BOX (self->content), make_text_label (text, "sb-heading"));
}

static void
add_sign (SbFormPage *self,
          const char *text)
{
  GtkWidget *list = ensure_list (self, "\x01sign");
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = make_text_label (text, NULL);
  /* Translators: beside a place the printed form leaves blank. */
  GtkWidget *note = make_text_label (_("Sign or stamp on paper"), "dim-label");

  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (note, "caption");
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("document-edit-symbolic"));
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), note);
  gtk_widget_add_css_class (box, "sb-sign");
  append_row (self, list, box);
}

static void
add_field (SbFormPage *self,
           SbItem     *item)
{
  SbField *field = item->field;
  /* Only the fields this document owns print their group's title: the
   * pledge shows 联系人 under its own label. */
  gboolean grouped = field->group != NULL && item->text == NULL
                     && g_strcmp0 (field->document, self->document->id) == 0;
  GtkWidget *list = ensure_list (self, grouped ? field->group : NULL);
  GtkWidget *row = sb_field_row_new (self->submission, field, self->direction,
                                     item->text, item->suffix);

  g_ptr_array_add (self->rows, row);
  if (!grouped || field->type == SB_FIELD_MULTILINE)
    {
      if (field->type != SB_FIELD_MULTILINE)
        gtk_size_group_add_widget (self->label_group,
                                   sb_field_row_get_label (SB_FIELD_ROW (row)));
      append_row (self, list, row);
      return;
    }
  gtk_size_group_add_widget (self->pair_label_group,
                             sb_field_row_get_label (SB_FIELD_ROW (row)));
  /* A group's short fields go two to a row, as the printed table has
   * 姓名 | 电话, 职务 | 手机. */
  if (self->pair != NULL)
    {
      gtk_box_append (GTK_BOX (self->pair), row);
      self->pair = NULL;
      return;
    }
  self->pair = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_set_homogeneous (GTK_BOX (self->pair), TRUE);
  gtk_box_append (GTK_BOX (self->pair), row);
  append_row (self, list, self->pair);
}

static void
add_title (SbFormPage *self)
{
  SbTemplate *template = sb_submission_get_template (self->submission);
  GtkWidget *title = make_text_label (self->document->title, "sb-document-title");

  gtk_label_set_xalign (GTK_LABEL (title), 0.5);
  gtk_label_set_justify (GTK_LABEL (title), GTK_JUSTIFY_CENTER);
  gtk_box_append (GTK_BOX (self->content), title);
  if (self->direction != NULL)
    {
      const char *choice = sb_template_get_choice_label (template, self->direction);
      GtkWidget *subtitle = make_text_label (choice ? choice : self->direction,
                                             "sb-document-subtitle");

      gtk_label_set_xalign (GTK_LABEL (subtitle), 0.5);
      gtk_box_append (GTK_BOX (self->content), subtitle);
    }
}

static void
build (SbFormPage *self)
{
  add_title (self);
  for (guint i = 0; i < self->document->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (self->document->items, i);

      switch (item->kind)
        {
        case SB_ITEM_HEADING:
          add_heading (self, item->text);
          break;
        case SB_ITEM_PARAGRAPH:
          add_paragraph (self, item->text);
          break;
        case SB_ITEM_SIGN:
          add_sign (self, item->text);
          break;
        case SB_ITEM_FIELD:
          if (item->field != NULL)
            add_field (self, item);
          break;
        default:
          break;
        }
    }
  close_list (self);
}

GtkWidget *
sb_form_page_new (SbSubmission *submission,
                  SbDocument   *document,
                  const char   *direction)
{
  SbFormPage *self;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);
  g_return_val_if_fail (document != NULL, NULL);

  self = g_object_new (SB_TYPE_FORM_PAGE, NULL);
  self->submission = g_object_ref (submission);
  self->document = document;
  self->direction = g_strdup (direction);
  return GTK_WIDGET (self);
}

/* Pages are filled in when first shown, or when idle after the first
 * frame: the window appears without waiting for pages nobody sees. */
void
sb_form_page_ensure_built (SbFormPage *self)
{
  g_return_if_fail (SB_IS_FORM_PAGE (self));
  if (self->built)
    return;
  self->built = TRUE;
  build (self);
  if (self->diagnostics != NULL)
    sb_form_page_set_diagnostics (self, self->diagnostics);
}

gboolean
sb_form_page_is_built (SbFormPage *self)
{
  g_return_val_if_fail (SB_IS_FORM_PAGE (self), FALSE);
  return self->built;
}

/* Public API */

SbDocument *
sb_form_page_get_document (SbFormPage *self)
{
  g_return_val_if_fail (SB_IS_FORM_PAGE (self), NULL);
  return self->document;
}

const char *
sb_form_page_get_direction (SbFormPage *self)
{
  g_return_val_if_fail (SB_IS_FORM_PAGE (self), NULL);
  return self->direction;
}

GPtrArray *
sb_form_page_get_rows (SbFormPage *self)
{
  g_return_val_if_fail (SB_IS_FORM_PAGE (self), NULL);
  sb_form_page_ensure_built (self);
  return self->rows;
}

SbFieldRow *
sb_form_page_find_row (SbFormPage *self,
                       const char *field_id)
{
  g_return_val_if_fail (SB_IS_FORM_PAGE (self), NULL);
  sb_form_page_ensure_built (self);
  for (guint i = 0; i < self->rows->len; i++)
    {
      SbFieldRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (sb_field_row_get_field (row)->id, field_id) == 0)
        return row;
    }
  return NULL;
}

static void
refresh_slots (SbFormPage *self,
               const char *field_id)
{
  for (guint i = 0; i < self->slots->len; i++)
    {
      Slot *slot = &g_array_index (self->slots, Slot, i);
      g_autofree char *needle = field_id ? g_strdup_printf ("{%s}", field_id) : NULL;
      g_autofree char *markup = NULL;

      if (needle != NULL && strstr (slot->text, needle) == NULL)
        continue;
      markup = dup_slot_markup (self, slot->text);
      gtk_label_set_markup (slot->label, markup);
    }
}

void
sb_form_page_reload (SbFormPage *self)
{
  g_return_if_fail (SB_IS_FORM_PAGE (self));
  for (guint i = 0; i < self->rows->len; i++)
    sb_field_row_reload (g_ptr_array_index (self->rows, i));
  refresh_slots (self, NULL);
}

void
sb_form_page_sync_field (SbFormPage *self,
                         const char *field_id,
                         int         taskbook)
{
  g_return_if_fail (SB_IS_FORM_PAGE (self));
  for (guint i = 0; i < self->rows->len; i++)
    {
      SbFieldRow *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (sb_field_row_get_field (row)->id, field_id) == 0
          && sb_field_row_get_taskbook (row) == taskbook)
        sb_field_row_reload (row);
    }
  if (taskbook == SB_NO_TASKBOOK)
    refresh_slots (self, field_id);
}

void
sb_form_page_set_diagnostics (SbFormPage *self,
                              GHashTable *by_location)
{
  g_return_if_fail (SB_IS_FORM_PAGE (self));
  if (by_location != self->diagnostics)
    {
      g_clear_pointer (&self->diagnostics, g_hash_table_unref);
      self->diagnostics = by_location ? g_hash_table_ref (by_location) : NULL;
    }
  for (guint i = 0; i < self->rows->len; i++)
    {
      SbFieldRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *key = sb_ui_dup_location_key (sb_field_row_get_taskbook (row),
                                                     sb_field_row_get_field (row)->id);

      sb_field_row_set_diagnostics (row, by_location ? g_hash_table_lookup (by_location, key)
                                                     : NULL);
    }
}

/* The row the document owns comes first: the cover shows 揭榜单位,
 * but its home is the 申报表. */
gboolean
sb_form_page_focus_field (SbFormPage *self,
                          const char *field_id)
{
  SbFieldRow *row;
  GtkWidget *list_row;

  g_return_val_if_fail (SB_IS_FORM_PAGE (self), FALSE);
  row = sb_form_page_find_row (self, field_id);
  if (row == NULL)
    return FALSE;
  list_row = gtk_widget_get_ancestor (GTK_WIDGET (row), GTK_TYPE_LIST_BOX_ROW);
  sb_ui_scroll_to_widget (GTK_SCROLLED_WINDOW (self->scrolled),
                          list_row ? list_row : GTK_WIDGET (row),
                          GTK_WIDGET (row));
  return TRUE;
}
