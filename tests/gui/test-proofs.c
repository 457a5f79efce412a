/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The proofs page of the real window: files dropped on a category are
 * checked off the main thread and attached, or refused with a reason;
 * rows show a thumbnail, move (by menu, keys or dragging), rename and
 * go; the preview pages. */
#include "config.h"

#include <sys/resource.h>

#include <glib/gstdio.h>

#include "sb-gui-test.h"
#include "sb-test-util.h"
#include "sb-application.h"
#include "sb-attachment-preview.h"
#include "sb-attachment-row.h"
#include "sb-core.h"
#include "sb-page-view.h"
#include "sb-proofs-page.h"
#include "sb-thumbnail-cache.h"
#include "sb-window.h"

static SbApplication *application;

/* Helpers */

typedef SbTestCondition Condition;

static GFile *
proof_file (const char *name)
{
  const char *root = g_getenv ("SHENBAO_SOURCE_ROOT");
  g_autofree char *path = NULL;

  g_assert_nonnull (root);
  path = g_build_filename (root, "tests", "data", "proofs", name, NULL);
  return g_file_new_for_path (path);
}

static SbWindow *
open_sample (void)
{
  SbWindow *window = sb_gui_test_open_sample (application);

  sb_window_set_visible_page_name (window, "proofs");
  return window;
}

static SbProofsPage *
get_proofs (SbWindow *window)
{
  GtkWidget *page = sb_window_get_page (window, "proofs");

  g_assert_true (SB_IS_PROOFS_PAGE (page));
  return SB_PROOFS_PAGE (page);
}

static gboolean
page_idle (gpointer data)
{
  return sb_proofs_page_get_n_pending (data) == 0 && sb_proofs_page_get_n_preflights (data) == 0;
}

static void
close_window (SbWindow *window)
{
  /* Background checks finish first, so none outlives its test. */
  g_assert_true (sb_test_wait_for (page_idle, get_proofs (window), 30000));
  sb_gui_test_close_window (window);
}

static int
find_attachment (SbSubmission *submission,
                 const char   *name)
{
  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    if (g_strcmp0 (sb_submission_get_attachment_name (submission, i), name) == 0)
      return (int) i;
  return -1;
}

/* The drop target of widget that takes values of type. */
static GtkDropTarget *
find_drop_target (GtkWidget *widget,
                  GType      type)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);
      const GType *types;
      gsize n_types = 0;

      if (!GTK_IS_DROP_TARGET (controller))
        continue;
      types = gtk_drop_target_get_gtypes (GTK_DROP_TARGET (controller), &n_types);
      for (gsize t = 0; t < n_types; t++)
        if (types[t] == type)
          return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

/* Drops files on a category as the desktop would. */
static void
drop_files (SbProofsPage *proofs,
            const char   *category,
            GFile       **files,
            guint         n_files)
{
  GtkDropTarget *target = find_drop_target (sb_proofs_page_get_category_widget (proofs,
                                                                                category),
                                             GDK_TYPE_FILE_LIST);
  GValue value = G_VALUE_INIT;
  gboolean handled = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_take_boxed (&value, gdk_file_list_new_from_array (files, n_files));
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &handled);
  g_value_unset (&value);
  g_assert_true (handled);
}

static gboolean
nothing_pending (gpointer data)
{
  return sb_proofs_page_get_n_pending (data) == 0;
}

typedef struct {
  SbSubmission *submission;
  const char   *name;
} AttachedWait;

static gboolean
is_attached (gpointer data)
{
  AttachedWait *wait = data;

  return find_attachment (wait->submission, wait->name) >= 0;
}

/* Drops one file and waits for its row; returns its index. */
static int
attach_one (SbWindow   *window,
            const char *category,
            const char *name)
{
  SbProofsPage *proofs = get_proofs (window);
  g_autoptr(GFile) file = proof_file (name);
  AttachedWait wait = { sb_window_get_submission (window), name };
  gint64 start = g_get_monotonic_time ();
  int index;

  drop_files (proofs, category, &file, 1);
  g_assert_true (sb_test_wait_for (is_attached, &wait, 10000));
  index = find_attachment (wait.submission, name);
  g_assert_nonnull (sb_proofs_page_get_row (proofs, index));
  g_test_message ("%s: row after %.1f ms", name, (g_get_monotonic_time () - start) / 1000.0);
  return index;
}

static gboolean
has_paintable (gpointer data)
{
  return sb_page_view_get_paintable (data) != NULL;
}

static SbAttachmentRow *
get_row (SbWindow *window,
         int       index)
{
  GtkWidget *row = sb_proofs_page_get_row (get_proofs (window), index);

  g_assert_true (SB_IS_ATTACHMENT_ROW (row));
  return SB_ATTACHMENT_ROW (row);
}

/* Activates what a key does there, as pressing it would; FALSE when
 * its action is disabled. */
static gboolean
activate_shortcut (GtkWidget       *widget,
                   guint            keyval,
                   GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint s = 0; s < g_list_model_get_n_items (G_LIST_MODEL (controller)); s++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), s);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger)
              && gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval
              && gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut),
                                                 GTK_SHORTCUT_ACTION_EXCLUSIVE, widget, NULL);
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

/* Tests */

static void
test_attach_drop (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  g_autoptr(GFile) file = proof_file ("three-pages.pdf");
  AttachedWait wait = { submission, "three-pages.pdf" };
  SbAttachmentRow *row;
  int index;

  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "innovation"), ==, 1);
  drop_files (proofs, "innovation", &file, 1);
  /* The check runs in a worker: the window goes on, a progress row shows. */
  g_assert_cmpuint (sb_proofs_page_get_n_pending (proofs), ==, 1);
  g_assert_cmpint (find_attachment (submission, "three-pages.pdf"), <, 0);
  g_assert_true (sb_test_wait_for (is_attached, &wait, 10000));
  g_assert_true (sb_test_wait_for (nothing_pending, proofs, 10000));
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "innovation"), ==, 2);

  index = find_attachment (submission, "three-pages.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_category (submission, index), ==, "innovation");
  row = get_row (window, index);
  g_assert_cmpstr (sb_attachment_row_get_category (row), ==, "innovation");
  g_assert_true (sb_test_wait_for (has_paintable, sb_attachment_row_get_thumbnail (row), 10000));
  g_assert_true (GDK_IS_TEXTURE (sb_page_view_get_paintable (
    SB_PAGE_VIEW (sb_attachment_row_get_thumbnail (row)))));
  /* The default title is the file name without its extension. */
  g_assert_cmpstr (sb_attachment_row_get_title (row), ==, "three-pages");
  g_assert_null (sb_proofs_page_get_error (proofs, "innovation"));

  close_window (window);
}

static void
test_attach_image (void)
{
  SbWindow *window = open_sample ();
  int index = attach_one (window, "qualification", "image.jpg");
  SbAttachmentRow *row = get_row (window, index);

  /* A JPEG is drawn from its own bytes, not through poppler. */
  g_assert_true (sb_test_wait_for (has_paintable, sb_attachment_row_get_thumbnail (row), 10000));
  close_window (window);
}

/* first and second are dropped together; refused is named. */
static void
check_refused (const char *first,
               const char *second,
               const char *refused)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  g_autoptr(GFile) a = proof_file (first);
  g_autoptr(GFile) b = second ? proof_file (second) : NULL;
  GFile *files[] = { a, b };
  guint n = sb_submission_get_n_attachments (submission);
  const char *message;

  drop_files (proofs, "performance", files, b ? 2 : 1);
  g_assert_true (sb_test_wait_for (nothing_pending, proofs, 10000));
  /* All or nothing: the good file is not attached either. */
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, n);
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "performance"), ==, 1);
  message = sb_proofs_page_get_error (proofs, "performance");
  g_assert_nonnull (message);
  g_test_message ("%s: %s", refused, message);
  g_assert_nonnull (strstr (message, refused));
  g_assert_null (sb_proofs_page_get_error (proofs, "innovation"));

  /* A good drop afterwards clears the message. */
  attach_one (window, "performance", "a4.pdf");
  g_assert_true (sb_test_wait_for (nothing_pending, proofs, 10000));
  g_assert_null (sb_proofs_page_get_error (proofs, "performance"));
  close_window (window);
}

static void
test_refuse_encrypted (void)
{
  /* The good file comes first: it is checked, then dropped with the rest. */
  check_refused ("a4.pdf", "encrypted-user.pdf", "encrypted-user.pdf");
}

static void
test_refuse_garbage (void)
{
  check_refused ("garbage.pdf", NULL, "garbage.pdf");
}

/* A text file named .pdf: the type is decided by content. */
static void
test_refuse_text (void)
{
  check_refused ("text.pdf", "three-pages.pdf", "text.pdf");
}

/* The Cancel button of the progress row. */
static GtkWidget *
find_cancel_button (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  if (GTK_IS_BUTTON (widget) && row != NULL && gtk_widget_has_css_class (row, "sb-attach-progress"))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_cancel_button (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
test_cancel (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  g_autoptr(GFile) file = proof_file ("three-pages.pdf");
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  guint n = sb_submission_get_n_attachments (submission);
  GtkWidget *group = sb_proofs_page_get_category_widget (proofs, "innovation");
  GtkWidget *cancel;

  /* Many files keep the worker busy long enough to cancel it. */
  for (guint i = 0; i < 300; i++)
    g_ptr_array_add (files, file);
  sb_proofs_page_attach_files (proofs, "innovation", (GFile **) files->pdata, files->len);
  g_assert_cmpuint (sb_proofs_page_get_n_pending (proofs), ==, 1);
  cancel = find_cancel_button (group);
  g_assert_nonnull (cancel);
  g_signal_emit_by_name (cancel, "clicked");
  g_assert_true (sb_test_wait_for (nothing_pending, proofs, 10000));
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, n);
  g_assert_null (sb_proofs_page_get_error (proofs, "innovation"));
  close_window (window);
}

static void
test_remove (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  int index = attach_one (window, "rd-investment", "a4.pdf");
  guint n = sb_submission_get_n_attachments (submission);

  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "rd-investment"), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (get_row (window, index)), "row.remove", NULL);
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, n - 1);
  g_assert_cmpint (find_attachment (submission, "a4.pdf"), <, 0);
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "rd-investment"), ==, 1);
  close_window (window);
}

/* The button of a row that activates action. */
static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget)
      && g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_action_button (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A row's buttons: rename and remove work, up and down as given. */
static void
assert_buttons (SbAttachmentRow *row,
                gboolean         up,
                gboolean         down)
{
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (row), "row.rename")));
  g_assert_true (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (row), "row.remove")));
  g_assert_cmpint (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (row),
                                                                "row.move-up")), ==, up);
  g_assert_cmpint (gtk_widget_is_sensitive (find_action_button (GTK_WIDGET (row),
                                                                "row.move-down")), ==, down);
}

static void
test_move (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  int index = attach_one (window, "innovation", "a4.pdf");
  SbAttachmentRow *row = get_row (window, index);
  int first;

  /* Up within its category: before ip-list.pdf. */
  first = find_attachment (submission, "ip-list.pdf");
  g_assert_cmpint (index, ==, first + 1);
  gtk_widget_activate_action (GTK_WIDGET (row), "row.move-up", NULL);
  g_assert_cmpint (find_attachment (submission, "a4.pdf"), ==, first);
  g_assert_cmpint (find_attachment (submission, "ip-list.pdf"), ==, first + 1);
  /* The same row follows its file. */
  g_assert_true (sb_proofs_page_get_row (proofs, first) == GTK_WIDGET (row));
  assert_buttons (row, FALSE, TRUE);
  assert_buttons (get_row (window, first + 1), TRUE, FALSE);

  /* To another category, from its menu. */
  gtk_widget_activate_action (GTK_WIDGET (row), "row.category", "s", "performance");
  index = find_attachment (submission, "a4.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_category (submission, index), ==, "performance");
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "innovation"), ==, 1);
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "performance"), ==, 2);
  g_assert_cmpstr (sb_attachment_row_get_category (get_row (window, index)), ==, "performance");
  /* Its buttons still work in the new list. */
  assert_buttons (get_row (window, index), TRUE, FALSE);
  close_window (window);
}

/* Dragging rows. A drag is picked up from the row's own drag source
 * and dropped by emitting the category's "drop", as GTK does after the
 * pointer let go there; positions come from the rows' allocations. */

static gboolean
count_frame (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       data)
{
  (*(int *) data)++;
  return G_SOURCE_CONTINUE;
}

static gboolean
frames_passed (gpointer data)
{
  return *(int *) data >= 3;
}

/* Lets the window lay out what changed, as a person sees it before
 * pointing at it. */
static void
wait_for_layout (SbWindow *window)
{
  int frames = 0;
  guint id = gtk_widget_add_tick_callback (GTK_WIDGET (window), count_frame, &frames, NULL);

  g_assert_true (sb_test_wait_for (frames_passed, &frames, 10000));
  gtk_widget_remove_tick_callback (GTK_WIDGET (window), id);
}

static GtkDragSource *
find_drag_source (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DRAG_SOURCE (controller))
        return GTK_DRAG_SOURCE (controller);
    }
  return NULL;
}

/* What the row's drag carries, as the drop target would read it. */
static void
pick_up (SbAttachmentRow *row,
         GValue          *value)
{
  GtkDragSource *source = find_drag_source (GTK_WIDGET (row));
  g_autoptr(GdkContentProvider) content = NULL;
  g_autoptr(GdkContentFormats) formats = NULL;
  g_autoptr(GError) error = NULL;
  const GType *types;
  gsize n_types = 0;
  gsize n_mime_types = 0;

  g_assert_nonnull (source);
  g_signal_emit_by_name (source, "prepare", 20.0, 20.0, &content);
  g_assert_nonnull (content);
  formats = gdk_content_provider_ref_formats (content);
  types = gdk_content_formats_get_gtypes (formats, &n_types);
  gdk_content_formats_get_mime_types (formats, &n_mime_types);
  /* A type of its own: neither files nor text, for no other program. */
  g_assert_cmpuint (n_types, ==, 1);
  g_assert_true (types[0] != GDK_TYPE_FILE_LIST && types[0] != G_TYPE_STRING);
  g_assert_cmpuint (n_mime_types, ==, 0);
  g_value_init (value, types[0]);
  g_assert_true (gdk_content_provider_get_value (content, value, &error));
  g_assert_no_error (error);
}

/* Rows are dropped on one target over all the categories; files keep
 * theirs, one per category. */
static GtkDropTarget *
find_row_drop_target (SbProofsPage *proofs,
                      const GValue *value)
{
  GtkWidget *group = sb_proofs_page_get_category_widget (proofs, "innovation");

  g_assert_nonnull (find_drop_target (group, GDK_TYPE_FILE_LIST));
  for (GtkWidget *widget = group; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GtkDropTarget *target = find_drop_target (widget, G_VALUE_TYPE (value));

      if (target != NULL)
        {
          g_assert_null (find_drop_target (widget, GDK_TYPE_FILE_LIST));
          return target;
        }
    }
  g_assert_not_reached ();
  return NULL;
}

static double
top_of (SbProofsPage *proofs,
        const GValue *value,
        GtkWidget    *widget)
{
  GtkDropTarget *target = find_row_drop_target (proofs, value);
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (
    widget, gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target)), &bounds));
  g_assert_cmpfloat (bounds.size.height, >, 20);
  return bounds.origin.y;
}

/* Just inside the top (or bottom) edge of a row, in the drop target's
 * coordinates: where the pointer is to put a row before (or after) it. */
static double
edge_of (SbProofsPage    *proofs,
         const GValue    *value,
         SbAttachmentRow *row,
         gboolean         bottom)
{
  double top = top_of (proofs, value, GTK_WIDGET (row));

  return bottom ? top + gtk_widget_get_height (GTK_WIDGET (row)) - 4 : top + 4;
}

static gboolean
drop_row (SbProofsPage *proofs,
          const GValue *value,
          double        y)
{
  GtkDropTarget *target = find_row_drop_target (proofs, value);
  gboolean handled = FALSE;

  g_signal_emit_by_name (target, "drop", value, 30.0, y, &handled);
  return handled;
}

/* Hovers there as a drag would; returns what the pointer would say. */
static GdkDragAction
hover_row (SbProofsPage *proofs,
           const GValue *value,
           double        y)
{
  GtkDropTarget *target = find_row_drop_target (proofs, value);
  GdkDragAction action = 0;

  g_signal_emit_by_name (target, "motion", 30.0, y, &action);
  return action;
}

static void
leave_row (SbProofsPage *proofs,
           const GValue *value)
{
  g_signal_emit_by_name (find_row_drop_target (proofs, value), "leave");
}

/* The categories highlighted for a dragged row. */
static char *
dup_highlights (SbProofsPage *proofs)
{
  const char *categories[] = { "rd-investment", "qualification", "innovation", "performance" };
  g_autoptr(GString) highlights = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    if (gtk_widget_has_css_class (sb_proofs_page_get_category_widget (proofs, categories[i]),
                                  "sb-drop-category"))
      g_string_append_printf (highlights, "%s%s", highlights->len ? " " : "", categories[i]);
  return g_string_free (g_steal_pointer (&highlights), FALSE);
}

#define assert_highlights(proofs, expected) \
  G_STMT_START { \
    g_autofree char *_highlights = dup_highlights (proofs); \
    g_assert_cmpstr (_highlights, ==, expected); \
  } G_STMT_END

/* The rows showing an insertion line, as "name:before" or "name:after". */
static char *
dup_marks (SbWindow *window)
{
  SbSubmission *submission = sb_window_get_submission (window);
  g_autoptr(GString) marks = g_string_new (NULL);

  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      GtkWidget *row = sb_proofs_page_get_row (get_proofs (window), i);
      const char *name = sb_submission_get_attachment_name (submission, i);

      if (row != NULL && gtk_widget_has_css_class (row, "sb-drop-before"))
        g_string_append_printf (marks, "%s%s:before", marks->len ? " " : "", name);
      if (row != NULL && gtk_widget_has_css_class (row, "sb-drop-after"))
        g_string_append_printf (marks, "%s%s:after", marks->len ? " " : "", name);
    }
  return g_string_free (g_steal_pointer (&marks), FALSE);
}

/* The names of a category's files, in order. */
static char *
dup_order (SbSubmission *submission,
           const char   *category)
{
  g_autoptr(GString) order = g_string_new (NULL);

  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    if (g_strcmp0 (sb_submission_get_attachment_category (submission, i), category) == 0)
      g_string_append_printf (order, "%s%s", order->len ? " " : "",
                              sb_submission_get_attachment_name (submission, i));
  return g_string_free (g_steal_pointer (&order), FALSE);
}

/* The rows of a category, as laid out, by file name. */
static char *
dup_row_order (SbWindow   *window,
               const char *category)
{
  SbSubmission *submission = sb_window_get_submission (window);
  GtkWidget *group = sb_proofs_page_get_category_widget (get_proofs (window), category);
  g_autoptr(GString) order = g_string_new (NULL);
  GtkWidget *row = NULL;

  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      row = sb_proofs_page_get_row (get_proofs (window), i);
      if (row != NULL && gtk_widget_is_ancestor (row, group))
        break;
      row = NULL;
    }
  for (; row != NULL; row = gtk_widget_get_next_sibling (row))
    if (SB_IS_ATTACHMENT_ROW (row))
      g_string_append_printf (order, "%s%s", order->len ? " " : "",
                              sb_submission_get_attachment_name (
                                submission,
                                sb_attachment_row_get_index (SB_ATTACHMENT_ROW (row))));
  return g_string_free (g_steal_pointer (&order), FALSE);
}

#define assert_order(window, category, expected) \
  G_STMT_START { \
    g_autofree char *_model = dup_order (sb_window_get_submission (window), category); \
    g_autofree char *_rows = dup_row_order (window, category); \
    g_assert_cmpstr (_model, ==, expected); \
    g_assert_cmpstr (_rows, ==, expected); \
  } G_STMT_END

#define assert_marks(window, expected) \
  G_STMT_START { \
    g_autofree char *_marks = dup_marks (window); \
    g_assert_cmpstr (_marks, ==, expected); \
  } G_STMT_END

static SbAttachmentRow *
row_of (SbWindow   *window,
        const char *name)
{
  return get_row (window, find_attachment (sb_window_get_submission (window), name));
}

static gboolean
is_focus (SbWindow        *window,
          SbAttachmentRow *row)
{
  return gtk_root_get_focus (GTK_ROOT (window)) == GTK_WIDGET (row);
}

static void
test_drag_reorder (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  GValue value = G_VALUE_INIT;
  SbAttachmentRow *row;
  GtkWidget *thumbnail;
  GdkPaintable *paintable;
  double y;

  attach_one (window, "innovation", "a4.pdf");
  attach_one (window, "innovation", "three-pages.pdf");
  assert_order (window, "innovation", "ip-list.pdf a4.pdf three-pages.pdf");
  row = row_of (window, "three-pages.pdf");
  thumbnail = sb_attachment_row_get_thumbnail (row);
  g_assert_true (sb_test_wait_for (has_paintable, thumbnail, 10000));
  paintable = sb_page_view_get_paintable (SB_PAGE_VIEW (thumbnail));
  wait_for_layout (window);

  /* Hovering over the top of the first row marks the place and the
   * category... */
  pick_up (row, &value);
  y = edge_of (proofs, &value, row_of (window, "ip-list.pdf"), FALSE);
  g_assert_cmpint (hover_row (proofs, &value, y), ==, GDK_ACTION_MOVE);
  assert_marks (window, "ip-list.pdf:before");
  assert_highlights (proofs, "innovation");
  /* ...which go when the drag leaves. */
  leave_row (proofs, &value);
  assert_marks (window, "");
  assert_highlights (proofs, "");
  /* Next to itself, it would stay: no line. */
  g_assert_cmpint (hover_row (proofs, &value, edge_of (proofs, &value, row, FALSE)), ==,
                   GDK_ACTION_MOVE);
  assert_marks (window, "");
  g_assert_true (drop_row (proofs, &value, edge_of (proofs, &value, row, TRUE)));
  assert_order (window, "innovation", "ip-list.pdf a4.pdf three-pages.pdf");
  assert_highlights (proofs, "");

  /* Dropped there, it goes first: the same row, its thumbnail kept,
   * the keyboard on it. */
  hover_row (proofs, &value, y);
  g_assert_true (drop_row (proofs, &value, y));
  g_value_unset (&value);
  assert_marks (window, "");
  assert_highlights (proofs, "");
  assert_order (window, "innovation", "three-pages.pdf ip-list.pdf a4.pdf");
  g_assert_true (row_of (window, "three-pages.pdf") == row);
  g_assert_true (sb_page_view_get_paintable (SB_PAGE_VIEW (thumbnail)) == paintable);
  g_assert_true (is_focus (window, row));
  g_assert_cmpstr (sb_attachment_row_get_category (row), ==, "innovation");
  assert_buttons (row, FALSE, TRUE);
  assert_buttons (row_of (window, "a4.pdf"), TRUE, FALSE);

  /* Below the last row: to the end. */
  wait_for_layout (window);
  row = row_of (window, "ip-list.pdf");
  pick_up (row, &value);
  y = edge_of (proofs, &value, row_of (window, "a4.pdf"), TRUE);
  g_assert_cmpint (hover_row (proofs, &value, y), ==, GDK_ACTION_MOVE);
  assert_marks (window, "a4.pdf:after");
  g_assert_true (drop_row (proofs, &value, y));
  g_value_unset (&value);
  assert_order (window, "innovation", "three-pages.pdf a4.pdf ip-list.pdf");
  g_assert_true (is_focus (window, row));

  /* The keys still move it back. */
  g_assert_true (activate_shortcut (GTK_WIDGET (row), GDK_KEY_Up, GDK_ALT_MASK));
  assert_order (window, "innovation", "three-pages.pdf ip-list.pdf a4.pdf");
  g_assert_false (activate_shortcut (GTK_WIDGET (row_of (window, "a4.pdf")), GDK_KEY_Down,
                                     GDK_ALT_MASK));
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, 6);
  close_window (window);
}

static void
test_drag_to_category (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  GValue value = G_VALUE_INIT;
  SbAttachmentRow *row;
  double y;

  attach_one (window, "innovation", "a4.pdf");
  attach_one (window, "performance", "three-pages.pdf");
  assert_order (window, "performance", "test-report-ZCWL-2025-AI-0087.pdf three-pages.pdf");
  wait_for_layout (window);

  /* Between the two files of another category. */
  row = row_of (window, "a4.pdf");
  pick_up (row, &value);
  y = edge_of (proofs, &value, row_of (window, "test-report-ZCWL-2025-AI-0087.pdf"), TRUE);
  g_assert_cmpint (hover_row (proofs, &value, y), ==, GDK_ACTION_MOVE);
  assert_marks (window, "three-pages.pdf:before");
  assert_highlights (proofs, "performance");
  g_assert_true (drop_row (proofs, &value, y));
  g_value_unset (&value);
  assert_marks (window, "");
  assert_highlights (proofs, "");
  assert_order (window, "innovation", "ip-list.pdf");
  assert_order (window, "performance",
                "test-report-ZCWL-2025-AI-0087.pdf a4.pdf three-pages.pdf");
  g_assert_true (row_of (window, "a4.pdf") == row);
  g_assert_cmpstr (sb_attachment_row_get_category (row), ==, "performance");
  g_assert_true (is_focus (window, row));
  assert_buttons (row, TRUE, TRUE);
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "innovation"), ==, 1);
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "performance"), ==, 3);

  /* Above the first file of a category earlier in the packet. */
  wait_for_layout (window);
  pick_up (row, &value);
  y = edge_of (proofs, &value, row_of (window, "high-tech-enterprise-certificate.jpg"), FALSE);
  g_assert_true (drop_row (proofs, &value, y));
  g_value_unset (&value);
  assert_order (window, "qualification", "a4.pdf high-tech-enterprise-certificate.jpg");
  assert_order (window, "performance", "test-report-ZCWL-2025-AI-0087.pdf three-pages.pdf");
  g_assert_cmpstr (sb_attachment_row_get_category (row), ==, "qualification");
  /* The packet keeps the categories in the template's order. */
  g_assert_cmpint (find_attachment (submission, "a4.pdf"), ==,
                   find_attachment (submission, "financial-audit-2024.pdf") + 1);

  /* On a category's title: above its first file. */
  wait_for_layout (window);
  pick_up (row, &value);
  y = top_of (proofs, &value, sb_proofs_page_get_category_widget (proofs, "innovation")) + 4;
  g_assert_cmpint (hover_row (proofs, &value, y), ==, GDK_ACTION_MOVE);
  assert_highlights (proofs, "innovation");
  assert_marks (window, "ip-list.pdf:before");
  g_assert_true (drop_row (proofs, &value, y));
  g_value_unset (&value);
  assert_order (window, "innovation", "a4.pdf ip-list.pdf");
  close_window (window);
}

static void
test_drag_to_empty (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  GtkWidget *group = sb_proofs_page_get_category_widget (proofs, "rd-investment");
  GValue value = G_VALUE_INIT;
  SbAttachmentRow *row;
  double y;

  gtk_widget_activate_action (GTK_WIDGET (row_of (window, "financial-audit-2024.pdf")),
                              "row.remove", NULL);
  g_assert_cmpuint (sb_proofs_page_get_n_rows (proofs, "rd-investment"), ==, 0);
  wait_for_layout (window);

  row = row_of (window, "ip-list.pdf");
  pick_up (row, &value);
  /* The empty list's hint: only the category shows the drop. */
  y = top_of (proofs, &value, group) + gtk_widget_get_height (group) - 10;
  g_assert_cmpint (hover_row (proofs, &value, y), ==, GDK_ACTION_MOVE);
  assert_marks (window, "");
  assert_highlights (proofs, "rd-investment");
  g_assert_true (drop_row (proofs, &value, y));
  g_value_unset (&value);
  assert_order (window, "rd-investment", "ip-list.pdf");
  assert_order (window, "innovation", "");
  g_assert_cmpint (find_attachment (submission, "ip-list.pdf"), ==, 0);
  g_assert_true (row_of (window, "ip-list.pdf") == row);
  g_assert_cmpstr (sb_attachment_row_get_category (row), ==, "rd-investment");
  g_assert_true (is_focus (window, row));
  assert_buttons (row, FALSE, FALSE);
  close_window (window);
}

static void
test_drag_stale (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  GtkWidget *performance = sb_proofs_page_get_category_widget (proofs, "performance");
  GValue value = G_VALUE_INIT;
  double y;
  guint n;

  attach_one (window, "innovation", "a4.pdf");
  wait_for_layout (window);

  /* Removed while being dragged: the drop does nothing. */
  pick_up (row_of (window, "a4.pdf"), &value);
  gtk_widget_activate_action (GTK_WIDGET (row_of (window, "a4.pdf")), "row.remove", NULL);
  n = sb_submission_get_n_attachments (submission);
  y = top_of (proofs, &value, performance) + 4;
  g_assert_cmpint (hover_row (proofs, &value, y), ==, 0);
  assert_marks (window, "");
  assert_highlights (proofs, "");
  g_assert_false (drop_row (proofs, &value, y));
  g_value_unset (&value);
  g_assert_cmpuint (sb_submission_get_n_attachments (submission), ==, n);
  assert_order (window, "performance", "test-report-ZCWL-2025-AI-0087.pdf");
  assert_order (window, "innovation", "ip-list.pdf");

  /* Another file going away meanwhile shifts the indexes; the drag
   * still knows its file. */
  pick_up (row_of (window, "ip-list.pdf"), &value);
  gtk_widget_activate_action (GTK_WIDGET (row_of (window, "financial-audit-2024.pdf")),
                              "row.remove", NULL);
  wait_for_layout (window);
  y = edge_of (proofs, &value, row_of (window, "test-report-ZCWL-2025-AI-0087.pdf"), FALSE);
  g_assert_true (drop_row (proofs, &value, y));
  g_value_unset (&value);
  assert_order (window, "performance", "ip-list.pdf test-report-ZCWL-2025-AI-0087.pdf");
  assert_order (window, "innovation", "");
  close_window (window);
}

static char *
dup_title (SbSubmission *submission,
           const char   *name)
{
  return sb_submission_dup_attachment_title (submission, find_attachment (submission, name));
}

static gboolean
not_renaming (gpointer data)
{
  return !sb_attachment_row_get_renaming (data);
}

static void
test_rename (void)
{
  SbWindow *window = open_sample ();
  SbSubmission *submission = sb_window_get_submission (window);
  int index = attach_one (window, "innovation", "object-streams.pdf");
  SbAttachmentRow *row = get_row (window, index);
  GtkWidget *entry = sb_attachment_row_get_title_entry (row);
  g_autofree char *title = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *reset = NULL;
  g_autofree char *left = NULL;

  /* Enter keeps the typed title. */
  sb_attachment_row_start_rename (row);
  g_assert_true (sb_attachment_row_get_renaming (row));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "object-streams");
  gtk_editable_set_text (GTK_EDITABLE (entry), "软件著作权登记证书");
  g_signal_emit_by_name (entry, "activate");
  g_assert_false (sb_attachment_row_get_renaming (row));
  title = dup_title (submission, "object-streams.pdf");
  g_assert_cmpstr (title, ==, "软件著作权登记证书");
  g_assert_cmpstr (sb_attachment_row_get_title (row), ==, "软件著作权登记证书");

  /* Escape drops it. */
  sb_attachment_row_start_rename (row);
  gtk_editable_set_text (GTK_EDITABLE (entry), "typo");
  sb_attachment_row_finish_rename (row, FALSE);
  kept = dup_title (submission, "object-streams.pdf");
  g_assert_cmpstr (kept, ==, "软件著作权登记证书");
  g_assert_cmpstr (sb_attachment_row_get_title (row), ==, "软件著作权登记证书");

  /* Emptied, the title is the file name's again. */
  sb_attachment_row_start_rename (row);
  gtk_editable_set_text (GTK_EDITABLE (entry), "  ");
  sb_attachment_row_finish_rename (row, TRUE);
  reset = dup_title (submission, "object-streams.pdf");
  g_assert_cmpstr (reset, ==, "object-streams");
  g_assert_cmpstr (sb_attachment_row_get_title (row), ==, "object-streams");

  /* Focus going elsewhere keeps what was typed. */
  sb_attachment_row_start_rename (row);
  gtk_editable_set_text (GTK_EDITABLE (entry), "专利证书");
  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_true (sb_test_wait_for (not_renaming, row, 5000));
  left = dup_title (submission, "object-streams.pdf");
  g_assert_cmpstr (left, ==, "专利证书");

  /* A row removed while renaming goes quietly. */
  sb_attachment_row_start_rename (row);
  gtk_widget_activate_action (GTK_WIDGET (row), "row.remove", NULL);
  g_assert_cmpint (find_attachment (submission, "object-streams.pdf"), <, 0);
  sb_test_spin (300);
  close_window (window);
}

/* A warning found by preflight shows on the row. */
static gboolean
row_has_message (gpointer data)
{
  return sb_attachment_row_get_n_messages (data) > 0;
}

static void
test_row_warning (void)
{
  SbWindow *window = open_sample ();
  int index = attach_one (window, "performance", "letter.pdf");

  sb_window_validate_now (window);
  g_assert_true (sb_test_wait_for (row_has_message, get_row (window, index), 10000));
  close_window (window);
}

typedef struct {
  SbAttachmentPreview *preview;
  GdkPaintable        *old;
} PageWait;

static gboolean
page_drawn (gpointer data)
{
  PageWait *wait = data;
  GdkPaintable *now = sb_page_view_get_paintable (
    SB_PAGE_VIEW (sb_attachment_preview_get_page_view (wait->preview)));
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (wait->preview));

  /* The page itself, not the thumbnail standing in for it. */
  return now != NULL && now != wait->old
         && gdk_paintable_get_intrinsic_width (now) > 112 * scale;
}

typedef struct {
  GtkWidget *view;
  int        width;
} WidthWait;

static gboolean
has_width (gpointer data)
{
  WidthWait *wait = data;

  return ABS (gtk_widget_get_width (wait->view) - wait->width) <= 1;
}

static void
test_preview (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  int index = attach_one (window, "innovation", "three-pages.pdf");
  GtkWidget *row = GTK_WIDGET (get_row (window, index));
  SbAttachmentPreview *preview = SB_ATTACHMENT_PREVIEW (sb_proofs_page_get_preview (proofs));
  PageWait wait = { preview, NULL };
  GtkWidget *view = sb_attachment_preview_get_page_view (preview);
  WidthWait width_wait;

  /* A click on the row opens it. */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  g_assert_true (sb_proofs_page_is_previewing (proofs));
  g_assert_cmpint (sb_attachment_preview_get_n_pages (preview), ==, 3);
  g_assert_cmpint (sb_attachment_preview_get_page (preview), ==, 0);
  g_assert_true (sb_test_wait_for (page_drawn, &wait, 10000));
  g_assert_null (sb_attachment_preview_get_error (preview));

  /* Page Down goes to the next page, and draws it. */
  wait.old = sb_page_view_get_paintable (SB_PAGE_VIEW (view));
  g_assert_true (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_Page_Down, 0));
  g_assert_cmpint (sb_attachment_preview_get_page (preview), ==, 1);
  g_assert_true (sb_test_wait_for (page_drawn, &wait, 10000));
  g_assert_true (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_End, 0));
  g_assert_cmpint (sb_attachment_preview_get_page (preview), ==, 2);
  /* Past the last page there is nowhere to go. */
  g_assert_false (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_Page_Down, 0));
  g_assert_cmpint (sb_attachment_preview_get_page (preview), ==, 2);
  g_assert_true (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_Page_Up, 0));
  g_assert_cmpint (sb_attachment_preview_get_page (preview), ==, 1);

  /* Zoom: 100 %, then in, wider on screen. */
  g_assert_true (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_1, GDK_CONTROL_MASK));
  g_assert_cmpfloat (sb_attachment_preview_get_zoom (preview), ==, 1.0);
  /* A4 at 96 dpi is 794 pixels wide. */
  width_wait.view = view;
  width_wait.width = 794;
  g_assert_true (sb_test_wait_for (has_width, &width_wait, 10000));
  g_assert_true (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_plus, GDK_CONTROL_MASK));
  g_assert_cmpfloat (sb_attachment_preview_get_zoom (preview), >, 1.0);
  width_wait.width = (int) (794 * sb_attachment_preview_get_zoom (preview) + 0.5);
  g_assert_true (sb_test_wait_for (has_width, &width_wait, 10000));
  g_assert_true (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_0, GDK_CONTROL_MASK));
  g_assert_cmpfloat (sb_attachment_preview_get_zoom (preview), ==, SB_PREVIEW_ZOOM_FIT);

  /* Escape goes back to the list, and lets go of the pages. */
  g_assert_true (activate_shortcut (GTK_WIDGET (preview), GDK_KEY_Escape, 0));
  g_assert_false (sb_proofs_page_is_previewing (proofs));
  g_assert_null (sb_page_view_get_paintable (SB_PAGE_VIEW (view)));
  close_window (window);
}

/* An image is one page, shown from its own pixels. */
static void
test_preview_image (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  SbAttachmentPreview *preview = SB_ATTACHMENT_PREVIEW (sb_proofs_page_get_preview (proofs));
  PageWait wait = { preview, NULL };

  sb_proofs_page_open_preview (proofs, find_attachment (submission,
                                                        "high-tech-enterprise-certificate.jpg"));
  g_assert_true (sb_test_wait_for (page_drawn, &wait, 10000));
  g_assert_cmpint (sb_attachment_preview_get_n_pages (preview), ==, 1);
  g_assert_null (sb_attachment_preview_get_error (preview));
  sb_proofs_page_close_preview (proofs);
  close_window (window);
}

/* A file that cannot be drawn says so instead of pages. */
static gboolean
preview_failed (gpointer data)
{
  return sb_attachment_preview_get_error (data) != NULL;
}

static void
test_preview_broken (void)
{
  SbWindow *window = open_sample ();
  SbProofsPage *proofs = get_proofs (window);
  SbSubmission *submission = sb_window_get_submission (window);
  SbAttachmentPreview *preview = SB_ATTACHMENT_PREVIEW (sb_proofs_page_get_preview (proofs));
  g_autoptr(GFile) broken = proof_file ("truncated.pdf");
  const char *sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
  guint index;

  /* As a file imported from elsewhere could be: never preflighted here. */
  index = sb_submission_add_attachment (submission, "performance", "truncated.pdf", sha256,
                                        NULL, broken);
  sb_proofs_page_open_preview (proofs, index);
  g_assert_true (sb_test_wait_for (preview_failed, preview, 10000));
  g_test_message ("%s", sb_attachment_preview_get_error (preview));
  sb_proofs_page_close_preview (proofs);
  close_window (window);
}

/* The cache keeps to its bound, dropping the least recently used. */
static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int *remaining = user_data;

  texture = sb_thumbnail_cache_load_finish (SB_THUMBNAIL_CACHE (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  (*remaining)--;
}

static gboolean
all_loaded (gpointer data)
{
  return *(int *) data == 0;
}

static void
test_cache_bound (void)
{
  g_autoptr(SbThumbnailCache) cache = sb_thumbnail_cache_new (1024 * 1024, 1);
  SbWindow *window = open_sample ();
  SbSubmission *submission = sb_window_get_submission (window);
  const char *sha256 = sb_submission_get_attachment_sha256 (submission, 0);
  g_autoptr(GdkTexture) newest = NULL;
  int remaining = 0;

  /* Six pages of 300 to 500 pixels: about 2.7 MB in all. */
  for (int page = 0; page < 2; page++)
    for (int size = 300; size <= 500; size += 100)
      {
        remaining++;
        sb_thumbnail_cache_load_async (cache, submission, sha256, page, SB_THUMBNAIL_FIT_BOX,
                                       size, page * 1000 + size, NULL, loaded_cb, &remaining);
      }
  g_assert_true (sb_test_wait_for (all_loaded, &remaining, 20000));
  g_assert_cmpuint (sb_thumbnail_cache_get_n_bytes (cache), <=, 1024 * 1024);
  g_assert_cmpuint (sb_thumbnail_cache_get_n_bytes (cache), >, 0);
  /* Priorities order the work: the last asked for is the newest kept. */
  newest = sb_thumbnail_cache_lookup (cache, sha256, 1, SB_THUMBNAIL_FIT_BOX, 500);
  g_assert_nonnull (newest);
  g_assert_null (sb_thumbnail_cache_lookup (cache, sha256, 0, SB_THUMBNAIL_FIT_BOX, 300));
  close_window (window);
}

/* Timings on a real scan: SHENBAO_BENCH_SCAN=<a multi-page scanned PDF>
 * (e.g. scan-008.pdf of ../shared/bench/make-corpus.sh, 30 pages).
 * Reports only; the targets are 0.2 s to the row, 0.5 s to the first
 * thumbnail, 0.15 s to a page. */
typedef struct {
  SbProofsPage *proofs;
  const char   *name;
  SbSubmission *submission;
} BenchWait;

static gboolean
bench_row_shown (gpointer data)
{
  BenchWait *wait = data;
  int index = find_attachment (wait->submission, wait->name);

  return index >= 0 && sb_proofs_page_get_row (wait->proofs, index) != NULL;
}

static gboolean
bench_thumbnail_shown (gpointer data)
{
  BenchWait *wait = data;
  int index = find_attachment (wait->submission, wait->name);
  GtkWidget *row = sb_proofs_page_get_row (wait->proofs, index);

  return sb_page_view_get_paintable (
    SB_PAGE_VIEW (sb_attachment_row_get_thumbnail (SB_ATTACHMENT_ROW (row)))) != NULL;
}

static void
test_bench_scan (void)
{
  const char *path = g_getenv ("SHENBAO_BENCH_SCAN");
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  SbWindow *window;
  BenchWait wait;
  SbAttachmentPreview *preview;
  PageWait page = { NULL, NULL };
  gint64 start, row, thumbnail, drawn, paged;
  struct rusage usage;

  if (path == NULL)
    {
      g_test_skip ("SHENBAO_BENCH_SCAN is not set");
      return;
    }
  file = g_file_new_for_path (path);
  name = g_file_get_basename (file);
  window = open_sample ();
  wait.proofs = get_proofs (window);
  wait.name = name;
  wait.submission = sb_window_get_submission (window);
  sb_test_spin (200);
  getrusage (RUSAGE_SELF, &usage);
  g_test_message ("peak RSS before: %ld MiB", usage.ru_maxrss / 1024);

  start = g_get_monotonic_time ();
  drop_files (wait.proofs, "performance", &file, 1);
  g_assert_true (sb_test_wait_for (bench_row_shown, &wait, 30000));
  row = g_get_monotonic_time ();
  g_assert_true (sb_test_wait_for (bench_thumbnail_shown, &wait, 30000));
  thumbnail = g_get_monotonic_time ();

  preview = SB_ATTACHMENT_PREVIEW (sb_proofs_page_get_preview (wait.proofs));
  page.preview = preview;
  sb_proofs_page_open_preview (wait.proofs, find_attachment (wait.submission, name));
  paged = g_get_monotonic_time ();
  g_assert_true (sb_test_wait_for (page_drawn, &page, 30000));
  drawn = g_get_monotonic_time ();
  page.old = sb_page_view_get_paintable (SB_PAGE_VIEW (sb_attachment_preview_get_page_view (
    preview)));
  activate_shortcut (GTK_WIDGET (preview), GDK_KEY_Page_Down, 0);
  g_assert_true (sb_test_wait_for (page_drawn, &page, 30000));
  getrusage (RUSAGE_SELF, &usage);
  g_test_message ("%s: row %.0f ms, first thumbnail %.0f ms after the drop; preview page 1 "
                  "%.0f ms, page 2 %.0f ms; peak RSS %ld MiB",
                  name, (row - start) / 1000.0, (thumbnail - start) / 1000.0,
                  (drawn - paged) / 1000.0, (g_get_monotonic_time () - drawn) / 1000.0,
                  usage.ru_maxrss / 1024);
  sb_proofs_page_close_preview (wait.proofs);
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  application = sb_gui_test_init (&argc, &argv);

  g_test_add_func ("/proofs/attach-drop", test_attach_drop);
  g_test_add_func ("/proofs/attach-image", test_attach_image);
  g_test_add_func ("/proofs/refuse-encrypted", test_refuse_encrypted);
  g_test_add_func ("/proofs/refuse-garbage", test_refuse_garbage);
  g_test_add_func ("/proofs/refuse-text", test_refuse_text);
  g_test_add_func ("/proofs/cancel", test_cancel);
  g_test_add_func ("/proofs/remove", test_remove);
  g_test_add_func ("/proofs/move", test_move);
  g_test_add_func ("/proofs/drag-reorder", test_drag_reorder);
  g_test_add_func ("/proofs/drag-to-category", test_drag_to_category);
  g_test_add_func ("/proofs/drag-to-empty", test_drag_to_empty);
  g_test_add_func ("/proofs/drag-stale", test_drag_stale);
  g_test_add_func ("/proofs/rename", test_rename);
  g_test_add_func ("/proofs/row-warning", test_row_warning);
  g_test_add_func ("/proofs/preview", test_preview);
  g_test_add_func ("/proofs/preview-image", test_preview_image);
  g_test_add_func ("/proofs/preview-broken", test_preview_broken);
  g_test_add_func ("/proofs/cache-bound", test_cache_bound);
  g_test_add_func ("/proofs/bench-scan", test_bench_scan);

  return sb_gui_test_run (&application);
}
