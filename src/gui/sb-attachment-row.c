/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sb-attachment-row.h"
#include "sb-page-view.h"
#include "sb-thumbnail-cache.h"
#include "sb-ui-util.h"

struct _SbAttachmentRow
{
  GtkListBoxRow  parent_instance;

  SbSubmission  *submission;
  guint          index;
  char          *sha256;
  char          *category;

  GtkWidget     *thumbnail_stack;
  GtkWidget     *thumbnail;
  GtkWidget     *broken;
  GtkWidget     *title;
  GtkWidget     *title_entry;
  GtkWidget     *title_stack;
  GtkWidget     *name;
  GtkWidget     *details;
  GtkWidget     *messages;
  GtkWidget     *up;
  GtkWidget     *down;
  GPtrArray     *buttons;         /* GtkActionable* of the row's own actions */
  guint          n_messages;

  GCancellable  *thumbnail_cancellable;
  char          *thumbnail_key;   /* hash and scale of what is shown or coming */
};

G_DEFINE_FINAL_TYPE (SbAttachmentRow, sb_attachment_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CATEGORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Neighbours in the same category, or -1. */
static int
find_neighbour (SbAttachmentRow *self,
                int              step)
{
  guint n = sb_submission_get_n_attachments (self->submission);

  for (int i = (int) self->index + step; i >= 0 && (guint) i < n; i += step)
    if (g_strcmp0 (sb_submission_get_attachment_category (self->submission, i),
                   self->category) == 0)
      return i;
  return -1;
}

static gboolean
is_current (SbAttachmentRow *self)
{
  return self->sha256 != NULL
         && self->index < sb_submission_get_n_attachments (self->submission)
         && g_strcmp0 (sb_submission_get_attachment_sha256 (self->submission, self->index),
                       self->sha256) == 0;
}

/* Thumbnail */

static void
show_thumbnail (SbAttachmentRow *self,
                GdkTexture      *texture)
{
  int box = SB_ATTACHMENT_ROW_THUMBNAIL_SIZE;

  /* The frame hugs the page, whatever its shape. */
  sb_page_view_fit_size (SB_PAGE_VIEW (self->thumbnail), gdk_texture_get_width (texture),
                         gdk_texture_get_height (texture), box, box);
  sb_page_view_set_paintable (SB_PAGE_VIEW (self->thumbnail), GDK_PAINTABLE (texture));
  gtk_widget_remove_css_class (self->thumbnail, "sb-loading");
  gtk_stack_set_visible_child (GTK_STACK (self->thumbnail_stack), self->thumbnail);
}

static void
thumbnail_loaded_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(SbAttachmentRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;

  texture = sb_thumbnail_cache_load_finish (SB_THUMBNAIL_CACHE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->thumbnail_cancellable);
  if (texture != NULL)
    {
      show_thumbnail (self, texture);
      return;
    }
  gtk_widget_set_tooltip_text (self->broken, error->message);
  gtk_stack_set_visible_child (GTK_STACK (self->thumbnail_stack), self->broken);
}

static void
load_thumbnail (SbAttachmentRow *self)
{
  SbThumbnailCache *cache = sb_thumbnail_cache_get_default ();
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int size = SB_ATTACHMENT_ROW_THUMBNAIL_SIZE * scale;
  g_autofree char *key = g_strdup_printf ("%s@%d", self->sha256, scale);
  g_autoptr(GdkTexture) texture = NULL;

  /* Drawn when first shown: opening a submission costs no decoding. */
  if (self->sha256 == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self))
      || g_strcmp0 (key, self->thumbnail_key) == 0)
    return;
  g_free (self->thumbnail_key);
  self->thumbnail_key = g_steal_pointer (&key);
  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);

  texture = sb_thumbnail_cache_lookup (cache, self->sha256, 0, SB_THUMBNAIL_FIT_BOX, size);
  if (texture != NULL)
    {
      show_thumbnail (self, texture);
      return;
    }
  sb_page_view_set_paintable (SB_PAGE_VIEW (self->thumbnail), NULL);
  sb_page_view_fit_size (SB_PAGE_VIEW (self->thumbnail), 210, 297,
                         SB_ATTACHMENT_ROW_THUMBNAIL_SIZE, SB_ATTACHMENT_ROW_THUMBNAIL_SIZE);
  gtk_widget_add_css_class (self->thumbnail, "sb-loading");
  gtk_stack_set_visible_child (GTK_STACK (self->thumbnail_stack), self->thumbnail);
  self->thumbnail_cancellable = g_cancellable_new ();
  sb_thumbnail_cache_load_async (cache, self->submission, self->sha256, 0, SB_THUMBNAIL_FIT_BOX,
                                 size, G_PRIORITY_DEFAULT, self->thumbnail_cancellable,
                                 thumbnail_loaded_cb, g_object_ref (self));
}

static void
refresh_thumbnail_cb (SbAttachmentRow *self)
{
  load_thumbnail (self);
}

/* Text */

static char *
dup_summary (SbAttachmentRow *self)
{
  g_autoptr(SbPreflightResult) result = sb_preflight_lookup (self->sha256);
  g_autofree char *size = NULL;
  g_autofree char *pages = NULL;
  guint n_pages;

  if (result == NULL)
    return g_strdup (_("Checking…"));
  size = g_format_size (sb_preflight_result_get_size (result));
  n_pages = sb_preflight_result_get_n_pages (result);
  switch (sb_preflight_result_get_kind (result))
    {
    case SB_PROOF_KIND_JPEG:
      return g_strdup_printf (_("JPEG image, %s · %s"),
                              sb_preflight_result_get_page_summary (result), size);
    case SB_PROOF_KIND_PNG:
      return g_strdup_printf (_("PNG image, %s · %s"),
                              sb_preflight_result_get_page_summary (result), size);
    case SB_PROOF_KIND_PDF:
    default:
      pages = g_strdup_printf (ngettext ("%u page", "%u pages", n_pages), n_pages);
      return g_strdup_printf (_("PDF, %s (%s) · %s"), pages,
                              sb_preflight_result_get_page_summary (result), size);
    }
}

static gboolean
is_renaming (SbAttachmentRow *self)
{
  return gtk_stack_get_visible_child (GTK_STACK (self->title_stack)) == self->title_entry;
}

static void
set_title_text (SbAttachmentRow *self)
{
  g_autofree char *title = sb_submission_dup_attachment_title (self->submission, self->index);

  gtk_label_set_text (GTK_LABEL (self->title), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

/* An empty title, or the file name's own, leaves the default in place. */
static void
commit_title (SbAttachmentRow *self,
              const char      *typed)
{
  g_autofree char *text = g_strstrip (g_strdup (typed));
  g_autofree char *current = NULL;

  if (!is_current (self))
    return;
  current = sb_submission_dup_attachment_title (self->submission, self->index);
  if (g_strcmp0 (text, current) == 0)
    return;
  sb_submission_set_attachment_title (self->submission, self->index, *text ? text : NULL);
}

/* The label comes back before the model changes: a change can move or
 * rebuild this row, and must find it no longer renaming. */
static void
finish_rename (SbAttachmentRow *self,
               gboolean         commit,
               gboolean         refocus)
{
  g_autofree char *typed = NULL;

  if (!is_renaming (self))
    return;
  typed = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry)));
  if (refocus)
    gtk_widget_grab_focus (GTK_WIDGET (self));
  gtk_stack_set_visible_child (GTK_STACK (self->title_stack), self->title);
  if (commit)
    commit_title (self, typed);
  if (is_current (self))
    set_title_text (self);
}

static void
title_activate_cb (SbAttachmentRow *self)
{
  finish_rename (self, TRUE, TRUE);
}

static gboolean
title_escape_cb (GtkWidget *widget,
                 GVariant  *args,
                 gpointer   user_data)
{
  finish_rename (SB_ATTACHMENT_ROW (user_data), FALSE, TRUE);
  return TRUE;
}

static gboolean
commit_later_cb (gpointer user_data)
{
  SbAttachmentRow *self = user_data;

  finish_rename (self, TRUE, FALSE);
  return G_SOURCE_REMOVE;
}

/* Clicking elsewhere keeps what was typed, as a file manager does. Not
 * at once: the focus may be leaving because the row is being moved. */
static void
title_focus_left_cb (SbAttachmentRow *self)
{
  if (is_renaming (self))
    g_idle_add_full (G_PRIORITY_DEFAULT, commit_later_cb, g_object_ref (self), g_object_unref);
}

/* Actions */

static void
move_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  g_autoptr(SbAttachmentRow) self = g_object_ref (SB_ATTACHMENT_ROW (widget));
  int step = g_str_equal (action_name, "row.move-up") ? -1 : 1;
  int target;

  if (!is_current (self))
    return;
  target = find_neighbour (self, step);
  if (target >= 0)
    sb_submission_move_attachment (self->submission, self->index, (guint) target);
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  g_autoptr(SbAttachmentRow) self = g_object_ref (SB_ATTACHMENT_ROW (widget));

  if (is_current (self))
    gtk_widget_activate_action (widget, "win.remove-attachment", "u", self->index);
}

static void
rename_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  sb_attachment_row_start_rename (SB_ATTACHMENT_ROW (widget));
}

static void
show_uri (GtkWidget *widget,
          GFile     *file)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *uri = g_file_get_uri (file);

#if GTK_CHECK_VERSION (4, 10, 0)
  g_autoptr(GtkFileLauncher) launcher = gtk_file_launcher_new (file);

  gtk_file_launcher_launch (launcher, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                            NULL, NULL, NULL);
#else
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
#endif
}

/* A saved file's bytes sit in the cache under their hash: the viewer
 * gets them under the file's own name, by which it knows the type. */
static GFile *
dup_named_link (GFile      *file,
                const char *sha256,
                const char *name)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *safe = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(GFile) link = NULL;

  if (name == NULL || g_strcmp0 (basename, sha256) != 0)
    return g_object_ref (file);
  safe = g_strdelimit (g_strdup (name), "/\\", '_');
  dir = g_build_filename (g_get_user_cache_dir (), "shenbao", "open", sha256, NULL);
  link = g_file_new_build_filename (dir, safe, NULL);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    return g_object_ref (file);
  if (!g_file_query_exists (link, NULL)
      && !g_file_make_symbolic_link (link, g_file_peek_path (file), NULL, NULL))
    return g_object_ref (file);
  return g_steal_pointer (&link);
}

static void
located_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(SbAttachmentRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = sb_thumbnail_cache_locate_finish (result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (file != NULL)
    {
      g_autoptr(GFile) named = dup_named_link (file, self->sha256,
                                               is_current (self)
                                               ? sb_submission_get_attachment_name (
                                                   self->submission, self->index)
                                               : NULL);

      show_uri (GTK_WIDGET (self), named);
    }
  else if (root != NULL)
    {
      g_warning ("Could not open the attachment: %s", error->message);
      gtk_widget_error_bell (GTK_WIDGET (self));
    }
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SbAttachmentRow *self = SB_ATTACHMENT_ROW (widget);

  if (is_current (self))
    sb_thumbnail_cache_locate_async (self->submission, self->sha256, NULL, located_cb,
                                     g_object_ref (self));
}

/* Moving to another category, as the radio items of its menu. */
static void
set_category (SbAttachmentRow *self,
              const char      *category)
{
  g_autoptr(SbAttachmentRow) guard = g_object_ref (self);

  if (category == NULL || g_strcmp0 (category, self->category) == 0 || !is_current (self))
    return;
  sb_submission_set_attachment_category (self->submission, self->index, category);
}

/* Building */

static GtkWidget *
make_button (SbAttachmentRow *self,
             const char      *icon,
             const char      *tooltip,
             const char      *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  g_ptr_array_add (self->buttons, button);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static GMenuModel *
make_menu (SbSubmission *submission)
{
  GPtrArray *categories = sb_template_get_categories (sb_submission_get_template (submission));
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  g_autoptr(GMenu) move = g_menu_new ();

  g_menu_append (actions, _("_Rename"), "row.rename");
  g_menu_append (actions, _("_Open With Default App"), "row.open");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));
  for (guint i = 0; i < categories->len; i++)
    {
      SbCategory *category = g_ptr_array_index (categories, i);
      g_autofree char *label = g_strdup (category->title);
      g_autoptr(GMenuItem) item = NULL;

      /* The printed title ends a sentence; a menu item does not. */
      if (g_str_has_suffix (label, "。"))
        label[strlen (label) - strlen ("。")] = '\0';
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target (item, "row.category", "s", category->id);
      g_menu_append_item (move, item);
    }
  g_menu_append_section (menu, _("Move to"), G_MENU_MODEL (move));
  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static GtkWidget *
build_texts (SbAttachmentRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkEventController *focus;
  GtkEventController *keys;

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->title, "sb-attachment-title");
  self->title_entry = gtk_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  g_signal_connect_object (self->title_entry, "activate", G_CALLBACK (title_activate_cb), self,
                           G_CONNECT_SWAPPED);
  keys = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                      gtk_callback_action_new (title_escape_cb, self, NULL)));
  gtk_widget_add_controller (self->title_entry, keys);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_object (focus, "leave", G_CALLBACK (title_focus_left_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->title_entry, focus);
  self->title_stack = gtk_stack_new ();
  gtk_stack_set_hhomogeneous (GTK_STACK (self->title_stack), FALSE);
  gtk_stack_set_vhomogeneous (GTK_STACK (self->title_stack), FALSE);
  gtk_stack_add_child (GTK_STACK (self->title_stack), self->title);
  gtk_stack_add_child (GTK_STACK (self->title_stack), self->title_entry);
  gtk_stack_set_visible_child (GTK_STACK (self->title_stack), self->title);
  self->name = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_add_css_class (self->name, "caption");
  self->details = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->details), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->details), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->details, "dim-label");
  gtk_widget_add_css_class (self->details, "caption");
  self->messages = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_widget_set_visible (self->messages, FALSE);
  gtk_widget_set_margin_top (self->messages, 3);

  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), self->title_stack);
  gtk_box_append (GTK_BOX (box), self->name);
  gtk_box_append (GTK_BOX (box), self->details);
  gtk_box_append (GTK_BOX (box), self->messages);
  return box;
}

static GtkWidget *
build_buttons (SbAttachmentRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 2);
  GtkWidget *menu = gtk_menu_button_new ();
  g_autoptr(GMenuModel) model = make_menu (self->submission);

  self->up = make_button (self, "go-up-symbolic", _("Move Up"), "row.move-up");
  self->down = make_button (self, "go-down-symbolic", _("Move Down"), "row.move-down");
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (menu), "view-more-symbolic");
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu), model);
  gtk_widget_add_css_class (menu, "flat");
  gtk_widget_set_valign (menu, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (menu, _("More"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (menu), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("More"), -1);

  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), make_button (self, "document-edit-symbolic", _("Rename"),
                                              "row.rename"));
  gtk_box_append (GTK_BOX (box), self->up);
  gtk_box_append (GTK_BOX (box), self->down);
  gtk_box_append (GTK_BOX (box), menu);
  gtk_box_append (GTK_BOX (box), make_button (self, "user-trash-symbolic", _("Remove"),
                                              "row.remove"));
  return box;
}

/* The whole row can be dragged (the proofs page makes it a drag
 * source); the handle says so, as in GNOME Settings. */
static GtkWidget *
build_drag_handle (void)
{
  GtkWidget *handle = gtk_image_new_from_icon_name ("list-drag-handle-symbolic");

  gtk_widget_add_css_class (handle, "dim-label");
  gtk_widget_add_css_class (handle, "sb-drag-handle");
  gtk_widget_set_valign (handle, GTK_ALIGN_CENTER);
  gtk_widget_set_cursor_from_name (handle, "grab");
  gtk_widget_set_tooltip_text (handle, _("Drag to change the order or to move to another "
                                         "category"));
  return handle;
}

static GtkWidget *
build_thumbnail (SbAttachmentRow *self)
{
  int box = SB_ATTACHMENT_ROW_THUMBNAIL_SIZE;

  self->thumbnail_stack = gtk_stack_new ();
  gtk_widget_set_size_request (self->thumbnail_stack, box, box);
  gtk_widget_set_valign (self->thumbnail_stack, GTK_ALIGN_CENTER);
  self->thumbnail = sb_page_view_new ();
  gtk_widget_add_css_class (self->thumbnail, "sb-thumbnail");
  self->broken = gtk_image_new_from_icon_name ("image-missing-symbolic");
  gtk_image_set_pixel_size (GTK_IMAGE (self->broken), 32);
  gtk_widget_add_css_class (self->broken, "dim-label");
  gtk_stack_add_child (GTK_STACK (self->thumbnail_stack), self->thumbnail);
  gtk_stack_add_child (GTK_STACK (self->thumbnail_stack), self->broken);
  return self->thumbnail_stack;
}

/* GTK 4.8 loses the row's own actions from its buttons when the row
 * changes lists (a move, a drag): they stayed insensitive. Naming the
 * actions again looks them up afresh. */
static void
parent_changed_cb (SbAttachmentRow *self)
{
  if (gtk_widget_get_parent (GTK_WIDGET (self)) == NULL)
    return;
  for (guint i = 0; i < self->buttons->len; i++)
    {
      GtkActionable *button = g_ptr_array_index (self->buttons, i);
      g_autofree char *action = g_strdup (gtk_actionable_get_action_name (button));

      gtk_actionable_set_action_name (button, NULL);
      gtk_actionable_set_action_name (button, action);
    }
}

/* Object */

static void
sb_attachment_row_dispose (GObject *object)
{
  SbAttachmentRow *self = SB_ATTACHMENT_ROW (object);

  g_cancellable_cancel (self->thumbnail_cancellable);
  g_clear_object (&self->thumbnail_cancellable);
  G_OBJECT_CLASS (sb_attachment_row_parent_class)->dispose (object);
}

static void
sb_attachment_row_finalize (GObject *object)
{
  SbAttachmentRow *self = SB_ATTACHMENT_ROW (object);

  g_clear_object (&self->submission);
  g_free (self->sha256);
  g_free (self->category);
  g_free (self->thumbnail_key);
  g_ptr_array_unref (self->buttons);
  G_OBJECT_CLASS (sb_attachment_row_parent_class)->finalize (object);
}

static void
sb_attachment_row_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  SbAttachmentRow *self = SB_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      g_value_set_string (value, self->category ? self->category : "");
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_attachment_row_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  SbAttachmentRow *self = SB_ATTACHMENT_ROW (object);

  switch (prop_id)
    {
    case PROP_CATEGORY:
      set_category (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_attachment_row_class_init (SbAttachmentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_attachment_row_dispose;
  object_class->finalize = sb_attachment_row_finalize;
  object_class->get_property = sb_attachment_row_get_property;
  object_class->set_property = sb_attachment_row_set_property;

  properties[PROP_CATEGORY] =
    g_param_spec_string ("category", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "row.move-up", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "row.move-down", NULL, move_action);
  gtk_widget_class_install_action (widget_class, "row.remove", NULL, remove_action);
  gtk_widget_class_install_action (widget_class, "row.rename", NULL, rename_action);
  gtk_widget_class_install_action (widget_class, "row.open", NULL, open_action);
  gtk_widget_class_install_property_action (widget_class, "row.category", "category");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F2, 0, "row.rename", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "row.remove", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Up, GDK_ALT_MASK,
                                       "row.move-up", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Down, GDK_ALT_MASK,
                                       "row.move-down", NULL);
}

static void
sb_attachment_row_init (SbAttachmentRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);

  self->buttons = g_ptr_array_new ();
  gtk_widget_add_css_class (GTK_WIDGET (self), "sb-attachment-row");
  g_signal_connect (self, "notify::parent", G_CALLBACK (parent_changed_cb), NULL);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (refresh_thumbnail_cb), NULL);
  g_signal_connect (self, "map", G_CALLBACK (refresh_thumbnail_cb), NULL);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self), box);
  gtk_box_append (GTK_BOX (box), build_drag_handle ());
  gtk_box_append (GTK_BOX (box), build_thumbnail (self));
  gtk_box_append (GTK_BOX (box), build_texts (self));
}

/* Public API */

GtkWidget *
sb_attachment_row_new (SbSubmission *submission)
{
  SbAttachmentRow *self;
  GtkWidget *box;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);

  self = g_object_new (SB_TYPE_ATTACHMENT_ROW, NULL);
  self->submission = g_object_ref (submission);
  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (self));
  gtk_box_append (GTK_BOX (box), build_buttons (self));
  return GTK_WIDGET (self);
}

void
sb_attachment_row_update (SbAttachmentRow *self,
                          guint            index)
{
  const char *category;
  const char *name;
  g_autofree char *summary = NULL;
  gboolean previous, next;

  g_return_if_fail (SB_IS_ATTACHMENT_ROW (self));
  g_return_if_fail (index < sb_submission_get_n_attachments (self->submission));

  self->index = index;
  g_free (self->sha256);
  self->sha256 = g_strdup (sb_submission_get_attachment_sha256 (self->submission, index));
  category = sb_submission_get_attachment_category (self->submission, index);
  if (g_strcmp0 (category, self->category) != 0)
    {
      g_free (self->category);
      self->category = g_strdup (category);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CATEGORY]);
    }

  set_title_text (self);
  name = sb_submission_get_attachment_name (self->submission, index);
  gtk_label_set_text (GTK_LABEL (self->name), name ? name : "");
  gtk_widget_set_tooltip_text (self->name, name);
  summary = dup_summary (self);
  gtk_label_set_text (GTK_LABEL (self->details), summary);
  gtk_widget_set_tooltip_text (self->details, summary);
  previous = find_neighbour (self, -1) >= 0;
  next = find_neighbour (self, 1) >= 0;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.move-up", previous);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "row.move-down", next);
  /* Alone in its category, there is nowhere to move it. */
  gtk_widget_set_visible (self->up, previous || next);
  gtk_widget_set_visible (self->down, previous || next);
  load_thumbnail (self);
}

guint
sb_attachment_row_get_index (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), 0);
  return self->index;
}

const char *
sb_attachment_row_get_sha256 (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), NULL);
  return self->sha256;
}

const char *
sb_attachment_row_get_category (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), NULL);
  return self->category;
}

static GtkWidget *
make_message (SbDiagnostic *diagnostic)
{
  gboolean error = sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_ERROR;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *icon = gtk_image_new_from_icon_name (error ? "dialog-error-symbolic"
                                                        : "dialog-warning-symbolic");
  GtkWidget *label = gtk_label_new (sb_diagnostic_get_message (diagnostic));

  gtk_widget_add_css_class (icon, error ? "error" : "warning");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_widget_set_margin_top (icon, 1);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "sb-attachment-message");
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  return box;
}

void
sb_attachment_row_set_diagnostics (SbAttachmentRow *self,
                                   GPtrArray       *diagnostics)
{
  GtkWidget *child;

  g_return_if_fail (SB_IS_ATTACHMENT_ROW (self));

  while ((child = gtk_widget_get_first_child (self->messages)) != NULL)
    gtk_box_remove (GTK_BOX (self->messages), child);
  self->n_messages = diagnostics ? diagnostics->len : 0;
  for (guint i = 0; i < self->n_messages; i++)
    gtk_box_append (GTK_BOX (self->messages), make_message (g_ptr_array_index (diagnostics, i)));
  gtk_widget_set_visible (self->messages, self->n_messages > 0);
}

guint
sb_attachment_row_get_n_messages (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), 0);
  return self->n_messages;
}

GtkWidget *
sb_attachment_row_get_thumbnail (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), NULL);
  return self->thumbnail;
}

const char *
sb_attachment_row_get_title (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), NULL);
  return gtk_label_get_text (GTK_LABEL (self->title));
}

GtkWidget *
sb_attachment_row_get_title_entry (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), NULL);
  return self->title_entry;
}

gboolean
sb_attachment_row_get_renaming (SbAttachmentRow *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_ROW (self), FALSE);
  return is_renaming (self);
}

void
sb_attachment_row_start_rename (SbAttachmentRow *self)
{
  g_return_if_fail (SB_IS_ATTACHMENT_ROW (self));
  if (is_renaming (self))
    return;
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry),
                         gtk_label_get_text (GTK_LABEL (self->title)));
  gtk_stack_set_visible_child (GTK_STACK (self->title_stack), self->title_entry);
  gtk_widget_grab_focus (self->title_entry);
}

/**
 * sb_attachment_row_finish_rename:
 * @commit: %TRUE to keep the typed title, as Enter does; %FALSE as Escape
 */
void
sb_attachment_row_finish_rename (SbAttachmentRow *self,
                                 gboolean         commit)
{
  g_return_if_fail (SB_IS_ATTACHMENT_ROW (self));
  finish_rename (self, commit, TRUE);
}
