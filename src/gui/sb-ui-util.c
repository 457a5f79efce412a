/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-resources.h"
#include "sb-ui-util.h"

void
sb_ui_ensure_resources (void)
{
  static gsize registered;

  if (g_once_init_enter (&registered))
    {
      sb_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static SbDocument *
find_document_of_kind (SbTemplate     *template,
                       SbDocumentKind  kind)
{
  GPtrArray *documents = sb_template_get_documents (template);

  for (guint i = 0; i < documents->len; i++)
    {
      SbDocument *document = g_ptr_array_index (documents, i);

      if (document->kind == kind)
        return document;
    }
  return NULL;
}

SbDocument *
sb_ui_get_taskbook_document (SbTemplate *template)
{
  return find_document_of_kind (template, SB_DOCUMENT_TASKBOOK);
}

SbDocument *
sb_ui_get_attachments_document (SbTemplate *template)
{
  return find_document_of_kind (template, SB_DOCUMENT_ATTACHMENTS);
}

/* "方向 2：科学智能" reads as "科学智能" in a tab: the printed number
 * before the colon is noise there. */
char *
sb_ui_dup_direction_name (SbTemplate *template,
                          const char *direction)
{
  const char *label = sb_template_get_choice_label (template, direction);
  const char *colon;

  if (label == NULL)
    return g_strdup (direction);
  colon = g_strrstr (label, "：");
  if (colon != NULL && colon[strlen ("：")] != '\0')
    return g_strdup (colon + strlen ("："));
  colon = strrchr (label, ':');
  if (colon != NULL && colon[1] != '\0')
    return g_strstrip (g_strdup (colon + 1));
  return g_strdup (label);
}

char *
sb_ui_dup_taskbook_title (SbTemplate *template,
                          const char *direction)
{
  SbDocument *document = sb_ui_get_taskbook_document (template);
  g_autofree char *name = sb_ui_dup_direction_name (template, direction);

  return g_strdup_printf ("%s · %s", document ? document->short_title : _("Task Book"), name);
}

char *
sb_ui_dup_taskbook_page_name (const char *direction)
{
  return g_strconcat (SB_TASKBOOK_PAGE_PREFIX, direction, NULL);
}

char *
sb_ui_dup_location_key (int         taskbook,
                        const char *field_id)
{
  return g_strdup_printf ("%d:%s", taskbook, field_id ? field_id : "");
}

/* The page that shows a diagnostic: the task book it names, the
 * document that owns its field, the attachments page, or NULL. */
char *
sb_ui_dup_diagnostic_page_name (SbSubmission *submission,
                                SbDiagnostic *diagnostic)
{
  SbTemplate *template = sb_submission_get_template (submission);
  int taskbook = sb_diagnostic_get_taskbook (diagnostic);
  const char *field_id = sb_diagnostic_get_field (diagnostic);
  SbField *field = field_id ? sb_template_get_field (template, field_id) : NULL;

  if (taskbook >= 0 && (guint) taskbook < sb_submission_get_n_taskbooks (submission))
    return sb_ui_dup_taskbook_page_name (sb_submission_get_taskbook_direction (submission,
                                                                            taskbook));
  /* Attachment problems, and a category with no file yet. */
  if (sb_diagnostic_get_attachment (diagnostic) >= 0
      || g_str_has_prefix (sb_diagnostic_get_code (diagnostic), "attachment"))
    {
      SbDocument *document = sb_ui_get_attachments_document (template);

      return document ? g_strdup (document->id) : NULL;
    }
  if (field != NULL)
    return g_strdup (field->document);
  return NULL;
}

/* Where a diagnostic is, in words: "负责人 · 电话", or the attachment's title. */
char *
sb_ui_dup_diagnostic_location (SbSubmission *submission,
                               SbDiagnostic *diagnostic)
{
  SbTemplate *template = sb_submission_get_template (submission);
  const char *field_id = sb_diagnostic_get_field (diagnostic);
  SbField *field = field_id ? sb_template_get_field (template, field_id) : NULL;
  int attachment = sb_diagnostic_get_attachment (diagnostic);

  if (field != NULL)
    return sb_field_dup_display_label (field);
  if (attachment >= 0 && (guint) attachment < sb_submission_get_n_attachments (submission))
    return sb_submission_dup_attachment_title (submission, attachment);
  return NULL;
}

/* The unit's name once typed, else the file's name, else "Untitled". */
char *
sb_ui_dup_submission_name (SbSubmission *submission,
                           GFile        *untitled_file)
{
  const char *unit = sb_submission_get_text (submission, SB_NO_TASKBOOK, "unit_name");
  GFile *file = sb_submission_get_file (submission);
  g_autofree char *stripped = g_strstrip (g_strdup (unit));

  if (*stripped != '\0')
    return g_steal_pointer (&stripped);
  if (file != NULL && (untitled_file == NULL || !g_file_equal (file, untitled_file)))
    return g_file_get_basename (file);
  return g_strdup (_("Untitled Submission"));
}

/* A path for people: ~ for the home folder. */
char *
sb_ui_dup_display_path (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);
  const char *home = g_get_home_dir ();

  if (path == NULL)
    return g_file_get_uri (file);
  if (g_str_has_prefix (path, home) && path[strlen (home)] == '/')
    return g_strconcat ("~", path + strlen (home), NULL);
  return g_steal_pointer (&path);
}

void
sb_ui_set_css_class (GtkWidget  *widget,
                     const char *css_class,
                     gboolean    enabled)
{
  if (enabled)
    gtk_widget_add_css_class (widget, css_class);
  else
    gtk_widget_remove_css_class (widget, css_class);
}

typedef struct {
  GtkScrolledWindow *scrolled;
  GtkWidget         *target;
  GtkWidget         *focus_widget;
  gint64             deadline;
} ScrollRequest;

static void
scroll_request_free (ScrollRequest *request)
{
  g_clear_object (&request->scrolled);
  g_clear_object (&request->target);
  g_clear_object (&request->focus_widget);
  g_free (request);
}

static gboolean
has_focus_within (GtkWidget *widget)
{
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* A page just made visible is laid out on the next frame: focus as
 * soon as it is shown, scroll once it has its place. */
static gboolean
scroll_to_widget_cb (gpointer user_data)
{
  ScrollRequest *request = user_data;
  GtkWidget *content = gtk_scrolled_window_get_child (request->scrolled);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (request->scrolled);
  graphene_rect_t bounds;
  double page, value;

  if (g_get_monotonic_time () > request->deadline)
    return G_SOURCE_REMOVE;
  if (request->focus_widget != NULL && gtk_widget_get_mapped (request->focus_widget)
      && !has_focus_within (request->focus_widget))
    gtk_widget_grab_focus (request->focus_widget);
  if (request->target == NULL)
    return request->focus_widget != NULL && !has_focus_within (request->focus_widget)
           ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;

  if (content == NULL || !gtk_widget_get_mapped (request->target)
      || !gtk_widget_compute_bounds (request->target, content, &bounds)
      || bounds.size.height <= 0)
    return G_SOURCE_CONTINUE;

  page = gtk_adjustment_get_page_size (adjustment);
  value = bounds.origin.y - MAX (24.0, (page - bounds.size.height) / 3.0);
  gtk_adjustment_set_value (adjustment, CLAMP (value, 0.0,
                                               gtk_adjustment_get_upper (adjustment) - page));
  g_clear_object (&request->target);
  /* Keep going until the focus has landed too. */
  return request->focus_widget != NULL && !has_focus_within (request->focus_widget)
         ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

void
sb_ui_scroll_to_widget (GtkScrolledWindow *scrolled,
                        GtkWidget         *target,
                        GtkWidget         *focus_widget)
{
  ScrollRequest *request = g_new0 (ScrollRequest, 1);

  request->scrolled = g_object_ref (scrolled);
  request->target = g_object_ref (target);
  request->focus_widget = focus_widget ? g_object_ref (focus_widget) : NULL;
  request->deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  g_timeout_add_full (G_PRIORITY_DEFAULT, 10, scroll_to_widget_cb, request,
                      (GDestroyNotify) scroll_request_free);
}
