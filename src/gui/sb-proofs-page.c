/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <stdlib.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sb-attachment-preview.h"
#include "sb-attachment-row.h"
#include "sb-proofs-page.h"
#include "sb-thumbnail-cache.h"
#include "sb-ui-util.h"
#include "sb-window.h"

/* What a dragged row carries: the row itself, which follows its
 * attachment across any change of the list, and the hash of the file
 * it showed when picked up, to tell that it still shows that file. The
 * type has no serializer: it never leaves the process, and the file
 * drop targets (GdkFileList) never see it. */
typedef struct {
  GWeakRef  row;
  char     *sha256;
} SbRowDrag;

static GType sb_row_drag_get_type (void);
#define SB_TYPE_ROW_DRAG (sb_row_drag_get_type ())

static SbRowDrag *
sb_row_drag_ref (SbRowDrag *drag)
{
  return g_rc_box_acquire (drag);
}

static void
row_drag_clear (gpointer data)
{
  SbRowDrag *drag = data;

  g_weak_ref_clear (&drag->row);
  g_free (drag->sha256);
}

static void
sb_row_drag_unref (SbRowDrag *drag)
{
  g_rc_box_release_full (drag, row_drag_clear);
}

G_DEFINE_BOXED_TYPE (SbRowDrag, sb_row_drag, sb_row_drag_ref, sb_row_drag_unref)

struct _SbProofsPage
{
  GtkWidget     parent_instance;

  SbSubmission *submission;
  SbDocument   *document;

  GtkWidget    *stack;       /* "list" and "preview" */
  GtkWidget    *scrolled;
  GtkWidget    *content;
  GtkWidget    *preview;
  GHashTable   *groups;      /* category id → AdwPreferencesGroup */
  GHashTable   *lists;       /* category id → GtkListBox */
  GHashTable   *errors;      /* category id → GtkListBoxRow saying why not */
  GPtrArray    *rows;        /* SbAttachmentRow* (owned) per attachment index, or NULL */
  GHashTable   *by_location; /* the last diagnostics */
  GHashTable   *spare;       /* sha256 → GQueue of rows just taken out */
  guint         spare_source;
  GtkWidget    *lost_focus;  /* focused in a row taken out, to give back */

  GPtrArray    *jobs;        /* AttachJob* being checked */
  GCancellable *cancellable; /* the page's background work */
  GQueue        preflights;  /* PreflightItem* waiting */
  gboolean      preflighting;
  GHashTable   *preflighted; /* hashes whose pages are checked, or queued */
  guint         preflight_source;
  gboolean      preview_requested;

  SbRowDrag    *drag;         /* a row of this page being dragged */
  GtkWidget    *drop_group;   /* the category a dragged row would go to */
  GtkWidget    *drop_marked;  /* the row showing where in it */
  guint         scroll_tick;  /* scrolling while a drag hovers near an edge */
  double        scroll_speed; /* pixels per second, negative upwards */
  gint64        scroll_last;  /* frame time of the last step */
};

G_DEFINE_FINAL_TYPE (SbProofsPage, sb_proofs_page, GTK_TYPE_WIDGET)

/* Quiet time after attaching before pages are checked for blankness. */
#define PREFLIGHT_DELAY_MS 500

/* A drag this close to the top or bottom of the page scrolls it, up
 * to this speed at the very edge. */
#define AUTOSCROLL_EDGE 48.0
#define AUTOSCROLL_SPEED 900.0

typedef struct {
  char         *category;
  GPtrArray    *files;       /* GFile* */
  GtkWidget    *row;         /* the progress row */
  GtkWidget    *label;
  GCancellable *cancellable;
  gint64        start;
} AttachJob;

typedef struct {
  char  *sha256;
  GFile *source;
  GFile *archive;
} PreflightItem;

static void run_next_preflight (SbProofsPage *self);

static void
unref_row (gpointer row)
{
  if (row != NULL)
    g_object_unref (row);
}

static void
attach_job_free (AttachJob *job)
{
  g_free (job->category);
  g_ptr_array_unref (job->files);
  g_clear_object (&job->row);
  g_clear_object (&job->label);
  g_clear_object (&job->cancellable);
  g_free (job);
}

static void
preflight_item_free (PreflightItem *item)
{
  g_free (item->sha256);
  g_clear_object (&item->source);
  g_clear_object (&item->archive);
  g_free (item);
}

static void
ensure_css (void)
{
  static gboolean loaded;
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  sb_ui_ensure_resources ();
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/shenbao/Shenbao/sb-proofs.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

/* Errors shown in a category */

static void
clear_error (SbProofsPage *self,
             const char   *category)
{
  GtkWidget *row = g_hash_table_lookup (self->errors, category);
  GtkWidget *list = g_hash_table_lookup (self->lists, category);

  if (row == NULL)
    return;
  gtk_list_box_remove (GTK_LIST_BOX (list), row);
  g_hash_table_remove (self->errors, category);
}

static void
dismiss_clicked_cb (GtkButton *button,
                    gpointer   user_data)
{
  SbProofsPage *self = user_data;
  const char *category = g_object_get_data (G_OBJECT (button), "category");

  clear_error (self, category);
}

static void
show_error (SbProofsPage *self,
            const char   *category,
            const char   *message)
{
  GtkWidget *list = g_hash_table_lookup (self->lists, category);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-error-symbolic");
  GtkWidget *label = gtk_label_new (message);
  GtkWidget *dismiss = gtk_button_new_from_icon_name ("window-close-symbolic");

  clear_error (self, category);
  gtk_widget_add_css_class (icon, "error");
  gtk_widget_set_valign (icon, GTK_ALIGN_START);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (dismiss, "flat");
  gtk_widget_add_css_class (dismiss, "circular");
  gtk_widget_set_valign (dismiss, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (dismiss, _("Dismiss"));
  g_object_set_data_full (G_OBJECT (dismiss), "category", g_strdup (category), g_free);
  g_signal_connect (dismiss, "clicked", G_CALLBACK (dismiss_clicked_cb), self);
  gtk_box_append (GTK_BOX (box), icon);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), dismiss);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "sb-attach-error");
  g_object_set_data (G_OBJECT (row), "label", label);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_hash_table_insert (self->errors, g_strdup (category), row);
}

/* Attaching: checked in a worker, added on the main thread */

typedef struct {
  GtkLabel *label;
  char     *text;
} Progress;

static gboolean
show_progress_cb (gpointer data)
{
  Progress *progress = data;

  gtk_label_set_text (progress->label, progress->text);
  g_object_unref (progress->label);
  g_free (progress->text);
  g_free (progress);
  return G_SOURCE_REMOVE;
}

static char *
dup_progress_text (GFile *file,
                   guint  index,
                   guint  n_files)
{
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *name = g_filename_display_name (basename);

  if (n_files == 1)
    return g_strdup_printf (_("Checking “%s”…"), name);
  return g_strdup_printf (_("Checking “%s” (%u of %u)…"), name, index + 1, n_files);
}

/* In the worker: the label is only touched back on the main thread. */
static void
prepare_progress_cb (guint     index,
                     GFile    *file,
                     gpointer  user_data)
{
  AttachJob *job = user_data;
  Progress *progress;

  if (index == 0)
    return;
  progress = g_new0 (Progress, 1);
  progress->label = g_object_ref (GTK_LABEL (job->label));
  progress->text = dup_progress_text (file, index, job->files->len);
  g_idle_add (show_progress_cb, progress);
}

static void
attach_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  AttachJob *job = task_data;
  GError *error = NULL;
  GPtrArray *prepared;

  prepared = sb_attachments_prepare_files ((GFile **) job->files->pdata, job->files->len,
                                           prepare_progress_cb, job, cancellable, &error);
  if (prepared == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, prepared, (GDestroyNotify) g_ptr_array_unref);
}

static void
attach_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SbProofsPage *self = SB_PROOFS_PAGE (object);
  AttachJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) prepared = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *list = g_hash_table_lookup (self->lists, job->category);

  prepared = g_task_propagate_pointer (G_TASK (result), &error);
  g_ptr_array_remove (self->jobs, job);
  /* The page is gone: so are its lists. */
  if (g_cancellable_is_cancelled (self->cancellable))
    return;
  if (gtk_widget_get_parent (job->row) == list)
    gtk_list_box_remove (GTK_LIST_BOX (list), job->row);
  if (prepared == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, job->category, error->message);
      return;
    }
  clear_error (self, job->category);
  if (!sb_submission_add_prepared_files (self->submission, job->category, prepared, NULL, &error))
    show_error (self, job->category, error->message);
  g_debug ("Attached %u files in %.1f ms", prepared->len,
           (g_get_monotonic_time () - job->start) / 1000.0);
}

static void
cancel_clicked_cb (GtkButton *button,
                   gpointer   user_data)
{
  g_cancellable_cancel (user_data);
}

static GtkWidget *
make_progress_row (AttachJob *job)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *spinner = gtk_spinner_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  g_autofree char *text = dup_progress_text (g_ptr_array_index (job->files, 0), 0,
                                             job->files->len);

  job->label = g_object_ref_sink (gtk_label_new (text));
  gtk_label_set_xalign (GTK_LABEL (job->label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (job->label), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (job->label, TRUE);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_valign (cancel, GTK_ALIGN_CENTER);
  g_signal_connect_object (cancel, "clicked", G_CALLBACK (cancel_clicked_cb), job->cancellable,
                           0);
  gtk_box_append (GTK_BOX (box), spinner);
  gtk_box_append (GTK_BOX (box), job->label);
  gtk_box_append (GTK_BOX (box), cancel);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_add_css_class (row, "sb-attach-progress");
  return g_object_ref_sink (row);
}

void
sb_proofs_page_attach_files (SbProofsPage  *self,
                             const char    *category,
                             GFile        **files,
                             guint          n_files)
{
  g_autoptr(GTask) task = NULL;
  GtkWidget *list;
  AttachJob *job;

  g_return_if_fail (SB_IS_PROOFS_PAGE (self));
  g_return_if_fail (category != NULL);
  g_return_if_fail (files != NULL || n_files == 0);

  list = g_hash_table_lookup (self->lists, category);
  if (list == NULL || n_files == 0)
    return;
  job = g_new0 (AttachJob, 1);
  job->category = g_strdup (category);
  job->files = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_files; i++)
    g_ptr_array_add (job->files, g_object_ref (files[i]));
  job->cancellable = g_cancellable_new ();
  job->start = g_get_monotonic_time ();
  job->row = make_progress_row (job);
  gtk_list_box_append (GTK_LIST_BOX (list), job->row);
  g_ptr_array_add (self->jobs, job);

  task = g_task_new (self, job->cancellable, attach_done_cb, NULL);
  g_task_set_source_tag (task, sb_proofs_page_attach_files);
  g_task_set_task_data (task, job, (GDestroyNotify) attach_job_free);
  g_task_run_in_thread (task, attach_thread);
}

static gboolean
drop_cb (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         SbProofsPage  *self)
{
  const char *category = g_object_get_data (G_OBJECT (target), "category");
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  GSList *list;

  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  list = gdk_file_list_get_files (g_value_get_boxed (value));
  for (GSList *l = list; l != NULL; l = l->next)
    g_ptr_array_add (files, l->data);
  sb_proofs_page_attach_files (self, category, (GFile **) files->pdata, files->len);
  g_slist_free (list);
  return files->len > 0;
}

/* Dragging rows: reordering a category, or moving to another */

/* The attachment the dragged row shows, or -1 when the row is gone,
 * shows another file now, or belongs to another window. */
static int
find_dragged (SbProofsPage *self,
              SbRowDrag    *drag)
{
  g_autoptr(GtkWidget) row = drag ? g_weak_ref_get (&drag->row) : NULL;
  guint index;

  if (row == NULL)
    return -1;
  index = sb_attachment_row_get_index (SB_ATTACHMENT_ROW (row));
  if (index >= self->rows->len || g_ptr_array_index (self->rows, index) != row
      || index >= sb_submission_get_n_attachments (self->submission)
      || g_strcmp0 (sb_submission_get_attachment_sha256 (self->submission, index),
                    drag->sha256) != 0)
    return -1;
  return (int) index;
}

static GtkWidget *
next_attachment_row (GtkWidget *widget,
                     int        step)
{
  do
    widget = step < 0 ? gtk_widget_get_prev_sibling (widget) : gtk_widget_get_next_sibling (widget);
  while (widget != NULL && !SB_IS_ATTACHMENT_ROW (widget));
  return widget;
}

static GtkWidget *
last_attachment_row (GtkWidget *list)
{
  GtkWidget *last = gtk_widget_get_last_child (list);

  return last == NULL || SB_IS_ATTACHMENT_ROW (last) ? last : next_attachment_row (last, -1);
}

/* The row of list that a row dropped at y (in the coordinates of
 * widget) goes before: the first whose middle is below y, or NULL for
 * after the last. */
static GtkWidget *
find_anchor (GtkWidget *widget,
             GtkWidget *list,
             double     y)
{
  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      graphene_rect_t bounds;

      if (SB_IS_ATTACHMENT_ROW (child) && gtk_widget_compute_bounds (child, widget, &bounds)
          && y < bounds.origin.y + bounds.size.height / 2)
        return child;
    }
  return NULL;
}

typedef struct {
  const char *category;
  GtkWidget  *group;
  GtkWidget  *list;
  GtkWidget  *anchor;    /* the row it goes before, or NULL for the end */
} DropPlace;

/* Where a row dropped at y (in the coordinates of widget) goes: into
 * the category under the pointer or, from a title or a gap, the
 * nearest one; there before the row found by find_anchor(). */
static gboolean
find_drop_place (SbProofsPage *self,
                 GtkWidget    *widget,
                 double        y,
                 DropPlace    *place)
{
  GPtrArray *categories = sb_template_get_categories (sb_submission_get_template (
    self->submission));
  double best = G_MAXDOUBLE;

  place->category = NULL;
  for (guint i = 0; i < categories->len; i++)
    {
      SbCategory *category = g_ptr_array_index (categories, i);
      GtkWidget *group = g_hash_table_lookup (self->groups, category->id);
      graphene_rect_t bounds;
      double top, bottom, distance;

      if (group == NULL || !gtk_widget_compute_bounds (group, widget, &bounds))
        continue;
      top = bounds.origin.y;
      bottom = top + bounds.size.height;
      distance = y < top ? top - y : y > bottom ? y - bottom : 0;
      if (distance < best)
        {
          best = distance;
          place->category = category->id;
          place->group = group;
        }
    }
  if (place->category == NULL)
    return FALSE;
  place->list = g_hash_table_lookup (self->lists, place->category);
  place->anchor = find_anchor (widget, place->list, y);
  return TRUE;
}

/* Dropped just above or below itself, a row stays where it is. */
static gboolean
is_in_place (DropPlace *place,
             GtkWidget *dragged)
{
  GtkWidget *before = place->anchor ? next_attachment_row (place->anchor, -1)
                                    : last_attachment_row (place->list);

  return gtk_widget_get_parent (dragged) == place->list
         && (place->anchor == dragged || before == dragged);
}

/* The category a row would go to is highlighted as for files, and
 * the place in it shows as a line along the row it would go before or
 * after. */
static void
mark_drop (SbProofsPage *self,
           GtkWidget    *group,
           GtkWidget    *row,
           const char   *css_class)
{
  if (self->drop_marked != NULL)
    {
      gtk_widget_remove_css_class (self->drop_marked, "sb-drop-before");
      gtk_widget_remove_css_class (self->drop_marked, "sb-drop-after");
      g_clear_object (&self->drop_marked);
    }
  if (self->drop_group != NULL && self->drop_group != group)
    {
      gtk_widget_remove_css_class (self->drop_group, "sb-drop-category");
      g_clear_object (&self->drop_group);
    }
  if (group != NULL && self->drop_group == NULL)
    {
      gtk_widget_add_css_class (group, "sb-drop-category");
      self->drop_group = g_object_ref (group);
    }
  if (row != NULL)
    {
      gtk_widget_add_css_class (row, css_class);
      self->drop_marked = g_object_ref (row);
    }
}

/* Moves attachment from into category, before anchor (a row of that
 * category) or after the category's last file: one removal and one
 * insertion, as the menu's moves. Returns where it went. */
static guint
move_into (SbProofsPage *self,
           guint         from,
           const char   *category,
           GtkWidget    *anchor)
{
  g_autoptr(JsonObject) attachment = NULL;
  guint to = G_MAXUINT;

  if (anchor != NULL)
    to = sb_attachment_row_get_index (SB_ATTACHMENT_ROW (anchor));
  else
    for (guint i = sb_submission_get_n_attachments (self->submission); i-- > 0;)
      if (i != from
          && g_strcmp0 (sb_submission_get_attachment_category (self->submission, i),
                        category) == 0)
        {
          to = i + 1;
          break;
        }
  /* Counted without the file being moved. */
  if (to != G_MAXUINT && to > from)
    to--;
  attachment = sb_submission_take_attachment (self->submission, from);
  json_object_set_string_member (attachment, "category", category);
  /* Into an empty category: where the template's order puts it. */
  if (to == G_MAXUINT)
    to = sb_submission_get_category_insert_position (self->submission, category);
  sb_submission_insert_attachment (self->submission, to, attachment);
  return to;
}

static GdkDragAction
row_drag_motion_cb (GtkDropTarget *target,
                    double         x,
                    double         y,
                    SbProofsPage  *self)
{
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  const GValue *value = gtk_drop_target_get_value (target);
  DropPlace place;
  GtkWidget *dragged;
  int from;

  /* The value may still be on its way; a drag from this page is known. */
  if (value == NULL && self->drag == NULL)
    return GDK_ACTION_MOVE;
  from = find_dragged (self, value ? g_value_get_boxed (value) : self->drag);
  if (from < 0 || !find_drop_place (self, widget, y, &place))
    {
      mark_drop (self, NULL, NULL, NULL);
      return 0;
    }
  dragged = g_ptr_array_index (self->rows, from);
  if (is_in_place (&place, dragged))
    mark_drop (self, place.group, NULL, NULL);
  else if (place.anchor != NULL)
    mark_drop (self, place.group, place.anchor, "sb-drop-before");
  else
    /* An empty category has only its highlight. */
    mark_drop (self, place.group, last_attachment_row (place.list), "sb-drop-after");
  return GDK_ACTION_MOVE;
}

static void
row_drag_leave_cb (SbProofsPage *self)
{
  mark_drop (self, NULL, NULL, NULL);
}

static gboolean
row_drop_cb (GtkDropTarget *target,
             const GValue  *value,
             double         x,
             double         y,
             SbProofsPage  *self)
{
  g_autoptr(SbProofsPage) guard = g_object_ref (self);
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (target));
  DropPlace place;
  GtkWidget *row;
  int from;

  mark_drop (self, NULL, NULL, NULL);
  from = find_dragged (self, g_value_get_boxed (value));
  if (from < 0 || !find_drop_place (self, widget, y, &place))
    return FALSE;
  if (is_in_place (&place, g_ptr_array_index (self->rows, from)))
    return TRUE;
  row = sb_proofs_page_get_row (self, move_into (self, (guint) from, place.category,
                                                  place.anchor));
  /* The row comes back with its thumbnail; the keyboard goes on from it. */
  if (row != NULL)
    gtk_widget_grab_focus (row);
  return TRUE;
}

/* One target for rows over the whole list of categories, not one per
 * category as for files: a drag that scrolled the page may be let go
 * over a title or a gap, and GTK 4.8 then finishes neither the drop
 * nor the drag. */
static void
add_row_drop_target (SbProofsPage *self,
                     GtkWidget    *widget)
{
  GtkDropTarget *target = gtk_drop_target_new (SB_TYPE_ROW_DRAG, GDK_ACTION_MOVE);

  gtk_drop_target_set_preload (target, TRUE);
  g_signal_connect_object (target, "enter", G_CALLBACK (row_drag_motion_cb), self, 0);
  g_signal_connect_object (target, "motion", G_CALLBACK (row_drag_motion_cb), self, 0);
  g_signal_connect_object (target, "leave", G_CALLBACK (row_drag_leave_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (target, "drop", G_CALLBACK (row_drop_cb), self, 0);
  gtk_widget_add_css_class (widget, "sb-row-drop-area");
  gtk_widget_add_controller (widget, GTK_EVENT_CONTROLLER (target));
}

static GdkContentProvider *
row_drag_prepare_cb (GtkDragSource *source,
                     double         x,
                     double         y,
                     SbProofsPage  *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));
  GdkContentProvider *content;
  SbRowDrag *drag;

  /* Dragging in the title being typed selects text instead. */
  if (sb_attachment_row_get_renaming (SB_ATTACHMENT_ROW (row))
      || sb_attachment_row_get_sha256 (SB_ATTACHMENT_ROW (row)) == NULL)
    return NULL;
  drag = g_rc_box_new0 (SbRowDrag);
  g_weak_ref_init (&drag->row, row);
  drag->sha256 = g_strdup (sb_attachment_row_get_sha256 (SB_ATTACHMENT_ROW (row)));
  g_clear_pointer (&self->drag, sb_row_drag_unref);
  self->drag = drag;
  content = gdk_content_provider_new_typed (SB_TYPE_ROW_DRAG, drag);
  return content;
}

/* The icon: the thumbnail and title on a small card beside the
 * pointer, where it leaves the insertion line in sight. */
static GtkWidget *
make_drag_icon (SbAttachmentRow *row)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *thumbnail = sb_attachment_row_get_thumbnail (row);
  GtkWidget *label = gtk_label_new (sb_attachment_row_get_title (row));

  if (gtk_widget_get_mapped (thumbnail) && gtk_widget_get_width (thumbnail) > 0)
    {
      g_autoptr(GdkPaintable) live = gtk_widget_paintable_new (thumbnail);
      g_autoptr(GdkPaintable) image = gdk_paintable_get_current_image (live);

      gtk_box_append (GTK_BOX (box), gtk_picture_new_for_paintable (image));
    }
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
  gtk_widget_add_css_class (label, "sb-attachment-title");
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (box, "sb-drag-icon");
  return box;
}

/* The row stays dimmed in its place until the drop. */
static void
row_drag_begin_cb (GtkDragSource *source,
                   GdkDrag       *drag,
                   SbProofsPage  *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));

  gtk_drag_icon_set_child (GTK_DRAG_ICON (gtk_drag_icon_get_for_drag (drag)),
                           make_drag_icon (SB_ATTACHMENT_ROW (row)));
  gdk_drag_set_hotspot (drag, -16, -12);
  gtk_widget_add_css_class (row, "sb-drag-source");
}

static void
row_drag_end_cb (GtkDragSource *source,
                 GdkDrag       *drag,
                 gboolean       delete_data,
                 SbProofsPage  *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (source));

  gtk_widget_remove_css_class (row, "sb-drag-source");
  mark_drop (self, NULL, NULL, NULL);
  g_clear_pointer (&self->drag, sb_row_drag_unref);
}

static void
add_drag_source (SbProofsPage *self,
                 GtkWidget    *row)
{
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect_object (source, "prepare", G_CALLBACK (row_drag_prepare_cb), self, 0);
  g_signal_connect_object (source, "drag-begin", G_CALLBACK (row_drag_begin_cb), self, 0);
  g_signal_connect_object (source, "drag-end", G_CALLBACK (row_drag_end_cb), self, 0);
  gtk_widget_add_controller (row, GTK_EVENT_CONTROLLER (source));
}

/* Scrolling while a row is dragged near an edge, as GtkScrolledWindow
 * does not. Not for files: their targets are the categories, and one
 * left behind by the scrolling could leave the drop unfinished (see
 * add_row_drop_target()). */

static gboolean
autoscroll_tick_cb (GtkWidget     *widget,
                    GdkFrameClock *clock,
                    gpointer       user_data)
{
  SbProofsPage *self = user_data;
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (self->scrolled));
  gint64 now = gdk_frame_clock_get_frame_time (clock);

  if (self->scroll_last != 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment)
                                          + self->scroll_speed * (now - self->scroll_last)
                                            / G_USEC_PER_SEC);
  self->scroll_last = now;
  return G_SOURCE_CONTINUE;
}

static void
stop_autoscroll (SbProofsPage *self)
{
  if (self->scroll_tick != 0)
    gtk_widget_remove_tick_callback (self->scrolled, self->scroll_tick);
  self->scroll_tick = 0;
  self->scroll_speed = 0;
}

static void
autoscroll_motion_cb (GtkDropControllerMotion *motion,
                      double                   x,
                      double                   y,
                      SbProofsPage            *self)
{
  GdkDrop *drop = gtk_drop_controller_motion_get_drop (motion);
  double height = gtk_widget_get_height (self->scrolled);
  double edge = MIN (AUTOSCROLL_EDGE, height / 4);

  gboolean row = drop != NULL && gdk_content_formats_contain_gtype (gdk_drop_get_formats (drop),
                                                                    SB_TYPE_ROW_DRAG);

  if (row && y < edge)
    self->scroll_speed = -AUTOSCROLL_SPEED * (edge - y) / edge;
  else if (row && y > height - edge)
    self->scroll_speed = AUTOSCROLL_SPEED * (y - (height - edge)) / edge;
  else
    {
      stop_autoscroll (self);
      return;
    }
  if (self->scroll_tick == 0)
    {
      self->scroll_last = 0;
      self->scroll_tick = gtk_widget_add_tick_callback (self->scrolled, autoscroll_tick_cb, self,
                                                        NULL);
    }
}

static void
add_autoscroll (SbProofsPage *self)
{
  GtkEventController *motion = gtk_drop_controller_motion_new ();

  /* Before the drop targets inside, which keep the motion to themselves. */
  gtk_event_controller_set_propagation_phase (motion, GTK_PHASE_CAPTURE);
  g_signal_connect_object (motion, "enter", G_CALLBACK (autoscroll_motion_cb), self, 0);
  g_signal_connect_object (motion, "motion", G_CALLBACK (autoscroll_motion_cb), self, 0);
  g_signal_connect_object (motion, "leave", G_CALLBACK (stop_autoscroll), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (self->scrolled, motion);
}

/* Checking pages in the background */

static void
preflight_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  PreflightItem *item = task_data;
  g_autoptr(SbPreflightResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;

  file = item->source ? g_object_ref (item->source)
                      : sb_attachments_dup_blob_file (item->archive, item->sha256, cancellable,
                                                      &error);
  if (file != NULL)
    result = sb_preflight_file_full (file, SB_PREFLIGHT_FLAGS_NONE, cancellable, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* As the CLI's check would: a refusal is shown on the row. */
  sb_preflight_remember (item->sha256, result, error);
  g_task_return_boolean (task, TRUE);
}

static void
preflight_done_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  SbProofsPage *self = SB_PROOFS_PAGE (object);
  PreflightItem *item = g_task_get_task_data (G_TASK (result));
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GError) error = NULL;

  self->preflighting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error)
      || g_cancellable_is_cancelled (self->cancellable))
    return;
  for (guint i = 0; i < self->rows->len; i++)
    {
      SbAttachmentRow *row = g_ptr_array_index (self->rows, i);

      if (row != NULL && g_strcmp0 (sb_attachment_row_get_sha256 (row), item->sha256) == 0)
        sb_attachment_row_update (row, i);
    }
  /* The window shows the new warnings on the row and in the panel. */
  if (SB_IS_WINDOW (root))
    sb_window_validate_now (SB_WINDOW (root));
  run_next_preflight (self);
}

static void
run_next_preflight (SbProofsPage *self)
{
  g_autoptr(GTask) task = NULL;
  PreflightItem *item;

  if (self->preflighting || g_cancellable_is_cancelled (self->cancellable))
    return;
  item = g_queue_pop_head (&self->preflights);
  if (item == NULL)
    return;
  self->preflighting = TRUE;
  task = g_task_new (self, self->cancellable, preflight_done_cb, NULL);
  g_task_set_source_tag (task, run_next_preflight);
  g_task_set_task_data (task, item, (GDestroyNotify) preflight_item_free);
  g_task_run_in_thread (task, preflight_thread);
}

static gboolean
start_preflights_cb (gpointer user_data)
{
  SbProofsPage *self = user_data;

  self->preflight_source = 0;
  run_next_preflight (self);
  return G_SOURCE_REMOVE;
}

/* Files attached before this run, or attached just now without the
 * page drawing: their pages are checked once, one file at a time. */
static void
queue_preflights (SbProofsPage *self)
{
  guint n = sb_submission_get_n_attachments (self->submission);

  for (guint i = 0; i < n; i++)
    {
      const char *sha256 = sb_submission_get_attachment_sha256 (self->submission, i);
      g_autoptr(SbPreflightResult) result = NULL;
      PreflightItem *item;
      GFile *source;

      if (sha256 == NULL || g_hash_table_contains (self->preflighted, sha256))
        continue;
      g_hash_table_add (self->preflighted, g_strdup (sha256));
      result = sb_preflight_lookup (sha256);
      if (result != NULL && sb_preflight_result_get_rendered (result))
        continue;
      item = g_new0 (PreflightItem, 1);
      item->sha256 = g_strdup (sha256);
      source = sb_submission_get_attachment_source (self->submission, sha256);
      item->source = source ? g_object_ref (source) : NULL;
      item->archive = sb_submission_get_archive (self->submission)
                      ? g_object_ref (sb_submission_get_archive (self->submission)) : NULL;
      g_queue_push_tail (&self->preflights, item);
    }
  /* Thumbnails and pages the user looks at first get the cores first. */
  if (!self->preflighting && self->preflight_source == 0 && self->preflights.length > 0)
    self->preflight_source = g_timeout_add (PREFLIGHT_DELAY_MS, start_preflights_cb, self);
}

/* Building */

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
row_activated_cb (SbProofsPage  *self,
                  GtkListBoxRow *row)
{
  if (SB_IS_ATTACHMENT_ROW (row))
    sb_proofs_page_open_preview (self, sb_attachment_row_get_index (SB_ATTACHMENT_ROW (row)));
}

static GtkWidget *
make_list (SbProofsPage *self)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *placeholder = gtk_label_new (_("Drop PDF files or JPEG and PNG images here, "
                                            "or use Add Files"));

  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_add_css_class (placeholder, "sb-drop-hint");
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), placeholder);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect_object (list, "row-activated", G_CALLBACK (row_activated_cb), self,
                           G_CONNECT_SWAPPED);
  return list;
}

static void
add_drop_target (SbProofsPage *self,
                 GtkWidget    *group,
                 const char   *category)
{
  GtkDropTarget *target = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);

  g_object_set_data_full (G_OBJECT (target), "category", g_strdup (category), g_free);
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, 0);
  gtk_widget_add_controller (group, GTK_EVENT_CONTROLLER (target));
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
      GtkWidget *list = make_list (self);
      g_autofree char *description = category->hint
                                     ? g_strdup_printf ("（%s）", category->hint) : NULL;

      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), category->title);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                               make_add_button (category));
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
      gtk_widget_add_css_class (group, "sb-proof-category");
      add_drop_target (self, group, category->id);
      gtk_box_append (GTK_BOX (self->content), group);
      g_hash_table_insert (self->groups, category->id, group);
      g_hash_table_insert (self->lists, category->id, list);
    }
}

/* Rows follow the model */

static void
take_rows_by_hash (SbProofsPage *self,
                   GHashTable   *pool)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      SbAttachmentRow *row = g_ptr_array_index (self->rows, i);
      GQueue *queue;

      if (row == NULL)
        continue;
      queue = g_hash_table_lookup (pool, sb_attachment_row_get_sha256 (row));
      if (queue == NULL)
        {
          queue = g_queue_new ();
          g_hash_table_insert (pool, g_strdup (sb_attachment_row_get_sha256 (row)), queue);
        }
      g_queue_push_tail (queue, g_object_ref (row));
    }
}

static void
remove_from_list (GtkWidget *row)
{
  GtkWidget *list = gtk_widget_get_parent (row);

  if (GTK_IS_LIST_BOX (list))
    gtk_list_box_remove (GTK_LIST_BOX (list), row);
}

static void
free_spare_queue (gpointer data)
{
  g_queue_free_full (data, g_object_unref);
}

static gboolean
drop_spare_cb (gpointer user_data)
{
  SbProofsPage *self = user_data;

  self->spare_source = 0;
  g_hash_table_remove_all (self->spare);
  g_clear_object (&self->lost_focus);
  return G_SOURCE_REMOVE;
}

/* Rows of files no longer attached wait for one turn of the main loop:
 * a move is a removal then an insertion, and the row (with its
 * thumbnail and focus) should survive it. */
static void
keep_leftovers (SbProofsPage *self,
                GHashTable   *pool)
{
  GHashTableIter iter;
  const char *sha256;
  GQueue *queue;

  g_hash_table_iter_init (&iter, pool);
  while (g_hash_table_iter_next (&iter, (gpointer *) &sha256, (gpointer *) &queue))
    {
      GtkWidget *row;

      while ((row = g_queue_pop_head (queue)) != NULL)
        {
          GQueue *spare = g_hash_table_lookup (self->spare, sha256);

          if (spare == NULL)
            {
              spare = g_queue_new ();
              g_hash_table_insert (self->spare, g_strdup (sha256), spare);
            }
          remove_from_list (row);
          g_queue_push_tail (spare, row);
        }
      g_queue_free (queue);
    }
  if (self->spare_source == 0 && g_hash_table_size (self->spare) > 0)
    self->spare_source = g_idle_add (drop_spare_cb, self);
}

static GtkWidget *
take_row (SbProofsPage *self,
          GHashTable   *pool,
          const char   *sha256)
{
  GQueue *queue = g_hash_table_lookup (pool, sha256);
  GtkWidget *row = queue ? g_queue_pop_head (queue) : NULL;

  if (row == NULL && (queue = g_hash_table_lookup (self->spare, sha256)) != NULL)
    row = g_queue_pop_head (queue);
  return row;
}

/* Focus inside a row that leaves its list is lost; keep it to give
 * back when the row comes back. */
static void
note_focus (SbProofsPage *self,
            GtkWidget    *focus)
{
  GtkWidget *row = focus ? gtk_widget_get_ancestor (focus, SB_TYPE_ATTACHMENT_ROW) : NULL;

  if (row != NULL && gtk_widget_is_ancestor (row, GTK_WIDGET (self)))
    g_set_object (&self->lost_focus, focus);
}

static void
restore_focus (SbProofsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->lost_focus == NULL || root == NULL)
    return;
  if (gtk_widget_get_root (self->lost_focus) != root || !gtk_widget_get_mapped (self->lost_focus))
    return;
  if (!gtk_widget_has_focus (self->lost_focus))
    gtk_widget_grab_focus (self->lost_focus);
  g_clear_object (&self->lost_focus);
}

/* Lays out one category's rows in order, moving widgets only when the
 * order changed (moving one loses its focus). */
static void
order_list (GtkWidget *list,
            GPtrArray *wanted)
{
  guint position = 0;
  gboolean same = TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (list); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (SB_IS_ATTACHMENT_ROW (child))
      same = same && position < wanted->len && g_ptr_array_index (wanted, position++) == child;
  if (same && position == wanted->len)
    return;
  for (guint i = 0; i < wanted->len; i++)
    remove_from_list (g_ptr_array_index (wanted, i));
  for (guint i = 0; i < wanted->len; i++)
    gtk_list_box_insert (GTK_LIST_BOX (list), g_ptr_array_index (wanted, i), (int) i);
}

static void
place_rows (SbProofsPage *self)
{
  GHashTableIter iter;
  const char *category;
  GtkWidget *list;

  g_hash_table_iter_init (&iter, self->lists);
  while (g_hash_table_iter_next (&iter, (gpointer *) &category, (gpointer *) &list))
    {
      g_autoptr(GPtrArray) wanted = g_ptr_array_new ();

      for (guint i = 0; i < self->rows->len; i++)
        {
          GtkWidget *row = g_ptr_array_index (self->rows, i);

          if (row != NULL && g_strcmp0 (sb_attachment_row_get_category (SB_ATTACHMENT_ROW (row)),
                                        category) == 0)
            g_ptr_array_add (wanted, row);
        }
      order_list (list, wanted);
    }
}

static void
apply_diagnostics (SbProofsPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      SbAttachmentRow *row = g_ptr_array_index (self->rows, i);
      g_autofree char *key = g_strdup_printf ("a%u", i);

      if (row != NULL)
        sb_attachment_row_set_diagnostics (row, self->by_location
                                                ? g_hash_table_lookup (self->by_location, key)
                                                : NULL);
    }
}

static void
follow_preview (SbProofsPage *self)
{
  if (sb_proofs_page_is_previewing (self)
      && !sb_attachment_preview_follow (SB_ATTACHMENT_PREVIEW (self->preview)))
    sb_proofs_page_close_preview (self);
}

void
sb_proofs_page_reload (SbProofsPage *self)
{
  g_autoptr(GHashTable) pool = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (unref_row);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  guint n;

  g_return_if_fail (SB_IS_PROOFS_PAGE (self));

  note_focus (self, root ? gtk_root_get_focus (root) : NULL);
  take_rows_by_hash (self, pool);
  n = sb_submission_get_n_attachments (self->submission);
  for (guint i = 0; i < n; i++)
    {
      const char *sha256 = sb_submission_get_attachment_sha256 (self->submission, i);
      const char *category = sb_submission_get_attachment_category (self->submission, i);
      GtkWidget *row = sha256 ? take_row (self, pool, sha256) : NULL;

      /* rows stays indexed by attachment, even past a category the
       * template lacks. */
      if (sha256 == NULL || !g_hash_table_contains (self->lists, category ? category : ""))
        {
          g_clear_object (&row);
          g_ptr_array_add (rows, NULL);
          continue;
        }
      if (row == NULL)
        {
          row = g_object_ref_sink (sb_attachment_row_new (self->submission));
          add_drag_source (self, row);
        }
      sb_attachment_row_update (SB_ATTACHMENT_ROW (row), i);
      g_ptr_array_add (rows, row);
    }
  keep_leftovers (self, pool);
  g_ptr_array_unref (self->rows);
  self->rows = g_steal_pointer (&rows);
  place_rows (self);
  apply_diagnostics (self);
  /* Keyboard users keep their place across a move. */
  restore_focus (self);
  follow_preview (self);
  queue_preflights (self);
}

/* Preview */

static void
preview_closed_cb (SbProofsPage *self)
{
  sb_proofs_page_close_preview (self);
}

/* For screenshots: SHENBAO_PREVIEW=<index> opens one at start. */
static void
map_cb (SbProofsPage *self)
{
  const char *preview = g_getenv ("SHENBAO_PREVIEW");
  guint64 index;

  if (self->preview_requested || preview == NULL
      || !g_ascii_string_to_unsigned (preview, 10, 0, G_MAXUINT, &index, NULL))
    return;
  self->preview_requested = TRUE;
  if (index < sb_submission_get_n_attachments (self->submission))
    sb_proofs_page_open_preview (self, (guint) index);
}

/* Object */

static void
sb_proofs_page_dispose (GObject *object)
{
  SbProofsPage *self = SB_PROOFS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->preflight_source, g_source_remove);
  for (guint i = 0; self->jobs != NULL && i < self->jobs->len; i++)
    g_cancellable_cancel (((AttachJob *) g_ptr_array_index (self->jobs, i))->cancellable);
  g_queue_clear_full (&self->preflights, (GDestroyNotify) preflight_item_free);
  g_clear_handle_id (&self->spare_source, g_source_remove);
  g_clear_pointer (&self->spare, g_hash_table_unref);
  g_clear_object (&self->lost_focus);
  g_clear_object (&self->drop_marked);
  g_clear_object (&self->drop_group);
  g_clear_pointer (&self->drag, sb_row_drag_unref);
  if (self->scrolled != NULL)
    stop_autoscroll (self);
  g_clear_pointer (&self->stack, gtk_widget_unparent);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (sb_proofs_page_parent_class)->dispose (object);
}

static void
sb_proofs_page_finalize (GObject *object)
{
  SbProofsPage *self = SB_PROOFS_PAGE (object);

  g_clear_object (&self->submission);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->groups, g_hash_table_unref);
  g_clear_pointer (&self->lists, g_hash_table_unref);
  g_clear_pointer (&self->errors, g_hash_table_unref);
  g_clear_pointer (&self->by_location, g_hash_table_unref);
  g_clear_pointer (&self->jobs, g_ptr_array_unref);
  g_clear_pointer (&self->preflighted, g_hash_table_unref);
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

  ensure_css ();
  self->groups = g_hash_table_new (g_str_hash, g_str_equal);
  self->lists = g_hash_table_new (g_str_hash, g_str_equal);
  self->errors = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->rows = g_ptr_array_new_with_free_func (unref_row);
  self->spare = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, free_spare_queue);
  self->jobs = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  self->preflighted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&self->preflights);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scrolled),
                                  GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  gtk_widget_add_css_class (self->content, "sb-page-content");
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 840);
  adw_clamp_set_tightening_threshold (ADW_CLAMP (clamp), 640);
  adw_clamp_set_child (ADW_CLAMP (clamp), self->content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), clamp);
  add_row_drop_target (self, clamp);
  add_autoscroll (self);

  self->preview = sb_attachment_preview_new ();
  g_signal_connect_object (self->preview, "closed", G_CALLBACK (preview_closed_cb), self,
                           G_CONNECT_SWAPPED);

  self->stack = gtk_stack_new ();
  gtk_stack_set_transition_type (GTK_STACK (self->stack), GTK_STACK_TRANSITION_TYPE_CROSSFADE);
  gtk_stack_add_named (GTK_STACK (self->stack), self->scrolled, "list");
  gtk_stack_add_named (GTK_STACK (self->stack), self->preview, "preview");
  gtk_widget_set_parent (self->stack, GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);
}

/* Public API */

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

void
sb_proofs_page_set_diagnostics (SbProofsPage *self,
                                GHashTable   *by_location)
{
  g_return_if_fail (SB_IS_PROOFS_PAGE (self));

  if (by_location != NULL)
    g_hash_table_ref (by_location);
  g_clear_pointer (&self->by_location, g_hash_table_unref);
  self->by_location = by_location;
  apply_diagnostics (self);
}

GtkWidget *
sb_proofs_page_get_row (SbProofsPage *self,
                        guint         index)
{
  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), NULL);
  return index < self->rows->len ? g_ptr_array_index (self->rows, index) : NULL;
}

gboolean
sb_proofs_page_focus_attachment (SbProofsPage *self,
                                 int           index)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), FALSE);
  row = index >= 0 ? sb_proofs_page_get_row (self, (guint) index) : NULL;
  if (row == NULL)
    return FALSE;
  sb_proofs_page_close_preview (self);
  sb_ui_scroll_to_widget (GTK_SCROLLED_WINDOW (self->scrolled), row, row);
  return TRUE;
}

guint
sb_proofs_page_get_n_rows (SbProofsPage *self,
                           const char   *category)
{
  GtkWidget *list;
  guint n = 0;

  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), 0);
  list = g_hash_table_lookup (self->lists, category);
  for (GtkWidget *child = list ? gtk_widget_get_first_child (list) : NULL; child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += SB_IS_ATTACHMENT_ROW (child);
  return n;
}

guint
sb_proofs_page_get_n_pending (SbProofsPage *self)
{
  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), 0);
  return self->jobs->len;
}

guint
sb_proofs_page_get_n_preflights (SbProofsPage *self)
{
  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), 0);
  return self->preflights.length + (self->preflighting ? 1 : 0);
}

const char *
sb_proofs_page_get_error (SbProofsPage *self,
                          const char   *category)
{
  GtkWidget *row;

  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), NULL);
  row = g_hash_table_lookup (self->errors, category);
  return row ? gtk_label_get_text (g_object_get_data (G_OBJECT (row), "label")) : NULL;
}

GtkWidget *
sb_proofs_page_get_category_widget (SbProofsPage *self,
                                    const char   *category)
{
  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), NULL);
  return g_hash_table_lookup (self->groups, category);
}

void
sb_proofs_page_open_preview (SbProofsPage *self,
                             guint         index)
{
  g_return_if_fail (SB_IS_PROOFS_PAGE (self));
  g_return_if_fail (index < sb_submission_get_n_attachments (self->submission));

  sb_attachment_preview_show (SB_ATTACHMENT_PREVIEW (self->preview), self->submission, index);
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->preview);
  gtk_widget_grab_focus (self->preview);
}

void
sb_proofs_page_close_preview (SbProofsPage *self)
{
  guint index;
  GtkWidget *row;

  g_return_if_fail (SB_IS_PROOFS_PAGE (self));
  if (!sb_proofs_page_is_previewing (self))
    return;
  index = sb_attachment_preview_get_index (SB_ATTACHMENT_PREVIEW (self->preview));
  gtk_stack_set_visible_child (GTK_STACK (self->stack), self->scrolled);
  sb_attachment_preview_clear (SB_ATTACHMENT_PREVIEW (self->preview));
  row = sb_proofs_page_get_row (self, index);
  if (row != NULL)
    gtk_widget_grab_focus (row);
}

GtkWidget *
sb_proofs_page_get_preview (SbProofsPage *self)
{
  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), NULL);
  return self->preview;
}

gboolean
sb_proofs_page_is_previewing (SbProofsPage *self)
{
  g_return_val_if_fail (SB_IS_PROOFS_PAGE (self), FALSE);
  return gtk_stack_get_visible_child (GTK_STACK (self->stack)) == self->preview;
}
