/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Export PDF…, Print Preview and Print… of the real window on the
 * sample: the packet is made off the main thread and can be cancelled,
 * errors allow only a draft, the preview shows every page beside the
 * print checklist and follows the edits, and printing to a file gives
 * the same pages. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "sb-gui-test.h"
#include "sb-test-util.h"
#include "sb-application.h"
#include "sb-core.h"
#include "sb-packet.h"
#include "sb-packet-printer.h"
#include "sb-page-view.h"
#include "sb-print-checklist.h"
#include "sb-print-preview.h"
#include "sb-window.h"
#include "sb-window-private.h"

#define MAIL_ADDRESS "上海市浦东新区世博村路300号1006室"

static SbApplication *application;

/* Helpers */

typedef SbTestCondition Condition;

/* Iterates the main loop until condition holds; *worst_gap, if given,
 * gets the longest the main loop went without answering. */
static gboolean
wait_for_gap (Condition condition,
              gpointer  data,
              guint     timeout_ms,
              gint64   *worst_gap)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  gint64 last = g_get_monotonic_time ();

  while (!condition (data))
    {
      gint64 now = g_get_monotonic_time ();

      if (worst_gap != NULL)
        *worst_gap = MAX (*worst_gap, now - last);
      last = now;
      if (now > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static SbWindow *
open_sample (void)
{
  return sb_gui_test_open_sample (application);
}

static void
close_window (SbWindow *window)
{
  sb_gui_test_close_window (window);
}

static int
count_pages (const char *path)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, &error);
  int n;

  g_assert_no_error (error);
  n = poppler_document_get_n_pages (document);
  g_object_unref (document);
  return n;
}

static char *
dup_page_text (const char *path,
               int         page)
{
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  PopplerDocument *document = poppler_document_new_from_file (uri, NULL, NULL);
  PopplerPage *p = poppler_document_get_page (document, page);
  char *text = poppler_page_get_text (p);

  g_object_unref (p);
  g_object_unref (document);
  return text;
}

/* The packet of the sample as the command line makes it. */
static int
cli_page_count (const char *dir)
{
  const char *root = g_getenv ("SHENBAO_SOURCE_ROOT");
  g_autofree char *sample = g_build_filename (root, "data", "samples", "sample-submission.json",
                                              NULL);
  g_autofree char *out = g_build_filename (dir, "cli.pdf", NULL);
  const char *argv[] = { g_getenv ("SHENBAO_CLI"), "export", sample, "-o", out, NULL };
  g_autoptr(GError) error = NULL;
  int status, n;

  g_assert_nonnull (argv[0]);
  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  n = count_pages (out);
  g_unlink (out);
  return n;
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  GError   *error;
} Result;

static void
exported_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  Result *r = user_data;

  r->ok = sb_window_export_finish (SB_WINDOW (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
result_done (gpointer data)
{
  return ((Result *) data)->done;
}

static gboolean
dir_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

/* Tests */

/* Export PDF… once a file is chosen: a worker writes it while the
 * window goes on answering; the same pages as the command line. */
static void
test_export (void)
{
  SbWindow *window = open_sample ();
  g_autofree char *dir = g_dir_make_tmp ("shenbao-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "packet.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Result result = { 0 };
  gint64 start, took, gap = 0;

  /* Let the window finish building its pages, which is its own work. */
  sb_test_spin (1000);
  start = g_get_monotonic_time ();
  sb_window_export_async (window, file, FALSE, NULL, exported_cb, &result);
  /* Started, not done: the work is in a thread. */
  g_assert_false (result.done);
  g_assert_nonnull (window->export_toast);
  g_assert_true (wait_for_gap (result_done, &result, 60000, &gap));
  took = g_get_monotonic_time () - start;
  g_assert_no_error (result.error);
  g_assert_true (result.ok);
  /* A figure to read, not a timing to assert on a shared machine: the
   * thread is proven by result.done being FALSE after the call. */
  g_test_message ("export took %.0f ms, the main loop stalled at most %.0f ms",
                  took / 1000.0, gap / 1000.0);
  g_assert_null (window->export_toast);

  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpint (count_pages (path), ==, cli_page_count (dir));
  /* A final packet says nothing of drafts. */
  {
    g_autofree char *text = dup_page_text (path, 1);

    g_assert_null (strstr (text, "草稿"));
  }

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* Cancel in the progress toast: no file, not even a temporary one. */
static void
test_cancel (void)
{
  SbWindow *window = open_sample ();
  g_autofree char *dir = g_dir_make_tmp ("shenbao-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "packet.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Result result = { 0 };

  sb_window_export_async (window, file, FALSE, NULL, exported_cb, &result);
  g_assert_nonnull (window->export_toast);
  g_signal_emit_by_name (window->export_toast, "button-clicked");
  g_assert_true (sb_test_wait_for (result_done, &result, 60000));
  g_assert_false (result.ok);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_true (dir_is_empty (dir));
  g_clear_error (&result.error);

  /* The next export goes through. */
  result = (Result) { 0 };
  sb_window_export_async (window, file, FALSE, NULL, exported_cb, &result);
  g_assert_true (sb_test_wait_for (result_done, &result, 60000));
  g_assert_no_error (result.error);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

/* With an error left, the final packet is refused and a draft is offered. */
static void
test_errors_draft (void)
{
  SbWindow *window = open_sample ();
  SbSubmission *submission = sb_window_get_submission (window);
  g_autofree char *dir = g_dir_make_tmp ("shenbao-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "packet.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Result result = { 0 };
  GtkWidget *dialog;
  int n_pages;

  sb_submission_set_text (submission, SB_NO_TASKBOOK, "head_name", "");
  sb_window_validate_now (window);

  sb_window_export_async (window, file, FALSE, NULL, exported_cb, &result);
  g_assert_true (sb_test_wait_for (result_done, &result, 60000));
  g_assert_error (result.error, SB_PACKET_ERROR, SB_PACKET_ERROR_HAS_ERRORS);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&result.error);

  result = (Result) { 0 };
  sb_window_export_async (window, file, TRUE, NULL, exported_cb, &result);
  g_assert_true (sb_test_wait_for (result_done, &result, 60000));
  g_assert_no_error (result.error);
  n_pages = count_pages (path);
  g_assert_cmpint (n_pages, >, 10);
  for (int i = 0; i < n_pages; i += n_pages - 1)
    {
      g_autofree char *text = dup_page_text (path, i);

      g_assert_nonnull (strstr (text, "草稿"));
    }

  /* Export PDF… itself asks first, offering the draft. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pdf", NULL);
  dialog = sb_window_get_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "draft"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  sb_test_spin (20);

  /* So does Print…. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.print", NULL);
  dialog = sb_window_get_dialog (window);
  g_assert_true (ADW_IS_MESSAGE_DIALOG (dialog));
  g_assert_true (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (dialog), "draft"));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  sb_test_spin (20);

  close_window (window);
  g_unlink (path);
  g_rmdir (dir);
}

static gboolean
preview_ready (gpointer data)
{
  return sb_print_preview_is_ready (data) || sb_print_preview_get_error (data) != NULL;
}

static gboolean
preview_drawn (gpointer data)
{
  return sb_print_preview_get_n_rendered (data) > 0;
}

static gboolean
on_page (gpointer data)
{
  void **args = data;

  return sb_print_preview_get_page (args[0]) == GPOINTER_TO_INT (args[1]);
}

/* Following the edits */

#define PROJECT_NAME "智能体协同攻关测试"

static SbPrintPreview *
open_preview (SbWindow *window)
{
  SbPrintPreview *preview;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.print-preview", NULL);
  preview = SB_PRINT_PREVIEW (sb_window_get_print_preview (window));
  g_assert_nonnull (preview);
  g_assert_true (sb_test_wait_for (preview_ready, preview, 60000));
  g_assert_null (sb_print_preview_get_error (preview));
  return preview;
}

/* Done with the changes so far: shown, or failed. */
static gboolean
preview_settled (gpointer data)
{
  return !sb_print_preview_is_updating (data);
}

static gboolean
building (gpointer data)
{
  return sb_print_preview_is_updating (data) && sb_print_preview_get_refresh_time (data) == 0;
}

static void
set_project_name (SbWindow   *window,
                  const char *name)
{
  sb_submission_set_text (sb_window_get_submission (window), SB_NO_TASKBOOK, "project_name",
                          name);
}

static char *
dup_preview_text (SbPrintPreview *preview,
                  int             page)
{
  g_autofree char *path = g_file_get_path (sb_print_preview_get_pdf (preview));

  return dup_page_text (path, page);
}

static guint
count_preview_files (void)
{
  g_autofree char *path = g_build_filename (g_get_user_cache_dir (), "shenbao", NULL);
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "preview-"))
      n++;
  return n;
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
n_preview_files (gpointer data)
{
  return count_preview_files () == GPOINTER_TO_UINT (data);
}

static AdwWindowTitle *
find_window_title (GtkWidget *widget)
{
  if (ADW_IS_WINDOW_TITLE (widget))
    return ADW_WINDOW_TITLE (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwWindowTitle *title = find_window_title (child);

      if (title != NULL)
        return title;
    }
  return NULL;
}

/* The version shown, in the header and the checklist, is the packet's. */
static void
assert_version_shown (SbPrintPreview *preview,
                      SbWindow       *window)
{
  g_autofree char *fingerprint = sb_packet_dup_fingerprint (sb_window_get_submission (window));
  g_autofree char *text = sb_print_checklist_dup_text (sb_print_preview_get_checklist (preview));
  AdwWindowTitle *title = find_window_title (GTK_WIDGET (preview));

  g_assert_cmpstr (sb_print_preview_get_fingerprint (preview), ==, fingerprint);
  g_assert_nonnull (strstr (text, fingerprint));
  g_assert_nonnull (title);
  g_assert_nonnull (strstr (adw_window_title_get_subtitle (title), fingerprint));
}

/* Print Preview: every page of the packet, drawn as it comes into view,
 * beside the checklist. */
static void
test_preview (void)
{
  SbWindow *window = open_sample ();
  g_autofree char *dir = g_dir_make_tmp ("shenbao-export-XXXXXX", NULL);
  SbPrintPreview *preview;
  SbPrintChecklist *checklist;
  g_autofree char *text = NULL;
  g_autofree char *pdf_path = NULL;
  void *args[2];
  int n_pages;
  GtkWidget *view;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.print-preview", NULL);
  preview = SB_PRINT_PREVIEW (sb_window_get_print_preview (window));
  g_assert_nonnull (preview);
  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
  g_assert_true (sb_test_wait_for (preview_ready, preview, 60000));
  g_assert_null (sb_print_preview_get_error (preview));
  g_assert_false (sb_print_preview_get_draft (preview));

  n_pages = sb_print_preview_get_n_pages (preview);
  g_assert_cmpint (n_pages, ==, cli_page_count (dir));
  pdf_path = g_file_get_path (sb_print_preview_get_pdf (preview));
  g_assert_true (g_str_has_prefix (pdf_path, g_get_user_cache_dir ()));
  g_assert_cmpint (count_pages (pdf_path), ==, n_pages);
  g_assert_true (sb_test_wait_for (preview_drawn, preview, 30000));
  /* Only what is in view and just after is drawn, not all pages. */
  sb_test_spin (300);
  g_assert_cmpint (sb_print_preview_get_n_rendered (preview), <, n_pages);
  g_assert_cmpint (sb_print_preview_get_page (preview), ==, 0);

  /* Fit width, then actual size. */
  view = sb_print_preview_get_page_view (preview, 0);
  g_assert_cmpint (gtk_widget_get_width (view), >, 300);
  sb_print_preview_set_zoom (preview, 1.0);
  sb_test_spin (200);
  g_assert_cmpint (gtk_widget_get_width (view), ==, 794);

  /* The checklist: 3 copies, both sides, where to mail, by when. */
  checklist = sb_print_preview_get_checklist (preview);
  g_assert_cmpuint (sb_print_checklist_get_copies (checklist), ==, 3);
  g_assert_cmpint (sb_print_checklist_get_days_left (checklist), ==, 8);
  text = sb_print_checklist_dup_text (checklist);
  g_test_message ("%s", text);
  g_assert_nonnull (strstr (text, MAIL_ADDRESS));
  g_assert_nonnull (strstr (text, "王老师 23112716"));
  g_assert_nonnull (strstr (text, "three copies"));
  g_assert_nonnull (strstr (text, "both sides"));
  g_assert_nonnull (strstr (text, "8 days left"));
  g_assert_nonnull (strstr (text, "负责人签字（章）"));
  g_assert_nonnull (strstr (text, "封面, page 1"));
  {
    g_autofree char *fingerprint = sb_packet_dup_fingerprint (sb_window_get_submission (window));
    g_autofree char *version = g_strdup_printf ("Version %s", fingerprint);

    g_assert_nonnull (strstr (text, version));
  }

  /* A sign place shows its page: the last, the pledge's. */
  args[0] = preview;
  args[1] = GINT_TO_POINTER (n_pages - 1);
  g_signal_emit_by_name (checklist, "page-activated", (guint) n_pages);
  g_assert_true (sb_test_wait_for (on_page, args, 5000));

  /* Unchanged: showing it again makes nothing anew. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.print-preview", NULL);
  g_assert_true (sb_print_preview_is_ready (preview));

  /* Closing it throws its file away. */
  gtk_window_destroy (GTK_WINDOW (preview));
  sb_test_spin (50);
  g_assert_false (g_file_test (pdf_path, G_FILE_TEST_EXISTS));
  g_assert_null (sb_window_get_print_preview (window));

  close_window (window);
  g_rmdir (dir);
}

/* A draft preview with errors left. */
static void
test_preview_draft (void)
{
  SbWindow *window = open_sample ();
  SbPrintPreview *preview;

  sb_submission_set_text (sb_window_get_submission (window), SB_NO_TASKBOOK, "unit_name", "");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.print-preview", NULL);
  preview = SB_PRINT_PREVIEW (sb_window_get_print_preview (window));
  g_assert_true (sb_test_wait_for (preview_ready, preview, 60000));
  g_assert_null (sb_print_preview_get_error (preview));
  g_assert_true (sb_print_preview_get_draft (preview));
  {
    g_autofree char *path = g_file_get_path (sb_print_preview_get_pdf (preview));
    g_autofree char *text = dup_page_text (path, 0);

    g_assert_nonnull (strstr (text, "草稿"));
  }

  /* Following the edits, it stays a draft. */
  set_project_name (window, PROJECT_NAME);
  g_assert_true (sb_test_wait_for (preview_settled, preview, 60000));
  g_assert_null (sb_print_preview_get_error (preview));
  g_assert_true (sb_print_preview_get_draft (preview));
  {
    g_autofree char *path = g_file_get_path (sb_print_preview_get_pdf (preview));
    g_autofree char *text = dup_page_text (path, 0);

    g_assert_nonnull (strstr (text, "草稿"));
    g_assert_nonnull (strstr (text, PROJECT_NAME));
  }
  close_window (window);
}

/* Edits while the preview is open show in it after a pause, at the
 * same page and zoom; quick edits make one packet. */
static void
test_preview_follows (void)
{
  SbWindow *window = open_sample ();
  SbPrintPreview *preview = open_preview (window);
  g_autofree char *old_fingerprint = g_strdup (sb_print_preview_get_fingerprint (preview));
  g_autofree char *old_pdf = g_file_get_path (sb_print_preview_get_pdf (preview));
  int n_pages = sb_print_preview_get_n_pages (preview);
  guint builds = sb_print_preview_get_n_builds (preview);
  guint shown = sb_print_preview_get_n_shown (preview);
  /* With those a crashed run may have left. */
  guint files = count_preview_files ();
  gint64 due, due_again;
  void *args[2] = { preview, GINT_TO_POINTER (3) };

  g_object_add_weak_pointer (G_OBJECT (preview), (gpointer *) &preview);
  g_assert_cmpuint (builds, ==, 1);
  g_assert_cmpuint (shown, ==, 1);
  assert_version_shown (preview, window);
  sb_print_preview_set_zoom (preview, 1.0);
  sb_print_preview_set_page (preview, 3);
  g_assert_true (sb_test_wait_for (on_page, args, 5000));
  g_assert_true (sb_test_wait_for (preview_drawn, preview, 30000));
  g_assert_false (sb_print_preview_is_updating (preview));

  /* Typing: each change starts the pause again; nothing is made yet. */
  set_project_name (window, PROJECT_NAME "一");
  due = sb_print_preview_get_refresh_time (preview);
  g_assert_cmpint (due, >, 0);
  g_assert_true (sb_print_preview_is_updating (preview));
  /* Later by the main loop's clock, which a timeout is set by. */
  g_usleep (2000);
  g_main_context_iteration (NULL, FALSE);
  set_project_name (window, PROJECT_NAME "二");
  set_project_name (window, PROJECT_NAME "三");
  due_again = sb_print_preview_get_refresh_time (preview);
  g_assert_cmpint (due_again, >, due);
  g_assert_cmpuint (sb_print_preview_get_n_builds (preview), ==, builds);
  /* Meanwhile the pages shown stay. */
  g_assert_true (sb_print_preview_is_ready (preview));
  g_assert_true (g_file_test (old_pdf, G_FILE_TEST_EXISTS));

  g_assert_true (sb_test_wait_for (preview_settled, preview, 60000));
  g_assert_cmpuint (sb_print_preview_get_n_builds (preview), ==, builds + 1);
  g_assert_cmpuint (sb_print_preview_get_n_shown (preview), ==, shown + 1);
  g_assert_null (sb_print_preview_get_error (preview));
  g_assert_cmpstr (sb_print_preview_get_fingerprint (preview), !=, old_fingerprint);
  assert_version_shown (preview, window);
  g_assert_cmpuint (sb_print_preview_get_serial (preview), ==,
                    sb_submission_get_serial (sb_window_get_submission (window)));
  {
    g_autofree char *text = dup_preview_text (preview, 0);

    g_assert_nonnull (strstr (text, PROJECT_NAME "三"));
  }
  /* The old packet's file is gone; the place and zoom are kept. */
  g_assert_false (g_file_test (old_pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sb_print_preview_get_n_pages (preview), ==, n_pages);
  g_assert_cmpint (sb_print_preview_get_page (preview), ==, 3);
  g_assert_cmpfloat (sb_print_preview_get_zoom (preview), ==, 1.0);
  sb_test_spin (100);
  g_assert_cmpint (sb_print_preview_get_page (preview), ==, 3);
  g_assert_cmpint (gtk_widget_get_width (sb_print_preview_get_page_view (preview, 3)), ==, 794);

  /* A change while the packet is being made drops it: the next one is
   * of the latest change, and the dropped one leaves no file. */
  builds = sb_print_preview_get_n_builds (preview);
  shown = sb_print_preview_get_n_shown (preview);
  set_project_name (window, PROJECT_NAME "四");
  g_assert_true (sb_test_wait_for (building, preview, 60000));
  g_assert_cmpuint (sb_print_preview_get_n_builds (preview), ==, builds + 1);
  set_project_name (window, PROJECT_NAME "五");
  g_assert_true (sb_test_wait_for (preview_settled, preview, 60000));
  g_assert_cmpuint (sb_print_preview_get_n_builds (preview), ==, builds + 2);
  g_assert_cmpuint (sb_print_preview_get_n_shown (preview), ==, shown + 1);
  assert_version_shown (preview, window);
  {
    g_autofree char *text = dup_preview_text (preview, 0);

    g_assert_nonnull (strstr (text, PROJECT_NAME "五"));
  }
  g_assert_true (sb_test_wait_for (n_preview_files, GUINT_TO_POINTER (files), 30000));
  g_assert_cmpint (sb_print_preview_get_page (preview), ==, 3);

  /* F5 makes it at once, even unchanged. */
  builds = sb_print_preview_get_n_builds (preview);
  gtk_widget_activate_action (GTK_WIDGET (preview), "preview.reload", NULL);
  g_assert_cmpuint (sb_print_preview_get_n_builds (preview), ==, builds + 1);
  g_assert_true (building (preview));

  /* Closed while that is made and a change waits: nothing more is
   * made, nothing is left in the cache. */
  set_project_name (window, PROJECT_NAME "六");
  g_assert_cmpint (sb_print_preview_get_refresh_time (preview), >, 0);
  builds = sb_print_preview_get_n_builds (preview);
  g_object_ref (preview);
  gtk_window_destroy (GTK_WINDOW (preview));
  g_assert_null (sb_window_get_print_preview (window));
  g_assert_false (sb_print_preview_is_updating (preview));
  set_project_name (window, PROJECT_NAME "七");
  sb_test_spin (1500);
  g_assert_false (sb_print_preview_is_updating (preview));
  g_assert_cmpuint (sb_print_preview_get_n_builds (preview), ==, builds);
  g_assert_null (sb_window_get_print_preview (window));
  g_object_unref (preview);
  g_assert_true (sb_test_wait_for (is_null, &preview, 60000));
  g_assert_cmpuint (count_preview_files (), ==, files - 1);

  close_window (window);
}

/* The last good pages stay when the packet cannot be made; F5 makes the
 * draft the errors still allow. */
static void
test_preview_errors (void)
{
  SbWindow *window = open_sample ();
  SbPrintPreview *preview = open_preview (window);
  g_autofree char *fingerprint = g_strdup (sb_print_preview_get_fingerprint (preview));
  g_autofree char *pdf = g_file_get_path (sb_print_preview_get_pdf (preview));
  guint builds = sb_print_preview_get_n_builds (preview);
  guint files = count_preview_files ();
  void *args[2] = { preview, GINT_TO_POINTER (2) };

  g_assert_false (sb_print_preview_get_draft (preview));
  sb_print_preview_set_page (preview, 2);
  g_assert_true (sb_test_wait_for (on_page, args, 5000));

  sb_submission_set_text (sb_window_get_submission (window), SB_NO_TASKBOOK, "head_name", "");
  g_assert_true (sb_test_wait_for (preview_settled, preview, 60000));
  g_assert_cmpuint (sb_print_preview_get_n_builds (preview), ==, builds + 1);
  g_assert_nonnull (sb_print_preview_get_error (preview));
  g_assert_true (sb_print_preview_is_ready (preview));
  g_assert_true (gtk_widget_get_mapped (sb_print_preview_get_page_view (preview, 2)));
  g_assert_cmpstr (sb_print_preview_get_fingerprint (preview), ==, fingerprint);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpint (sb_print_preview_get_page (preview), ==, 2);
  g_assert_false (sb_print_preview_get_draft (preview));
  /* Told in the preview, not in a dialog over the window being typed in. */
  g_assert_null (sb_window_get_dialog (window));
  g_assert_cmpuint (count_preview_files (), ==, files);

  gtk_widget_activate_action (GTK_WIDGET (preview), "preview.reload", NULL);
  g_assert_true (sb_test_wait_for (preview_settled, preview, 60000));
  g_assert_null (sb_print_preview_get_error (preview));
  g_assert_true (sb_print_preview_get_draft (preview));
  assert_version_shown (preview, window);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  {
    g_autofree char *text = dup_preview_text (preview, 0);

    g_assert_nonnull (strstr (text, "草稿"));
  }
  g_assert_cmpint (sb_print_preview_get_page (preview), ==, 2);

  close_window (window);
}

/* Print… as GTK prints to a file: the same pages, the set defaults. */
static void
test_print_to_file (void)
{
  SbWindow *window = open_sample ();
  g_autofree char *dir = g_dir_make_tmp ("shenbao-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "packet.pdf", NULL);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(SbPacketPrinter) printer = NULL;
  g_autoptr(GError) error = NULL;
  Result result = { 0 };
  GtkPrintOperation *operation;
  GtkPrintSettings *settings;
  GtkPageSetup *setup;

  sb_window_export_async (window, file, FALSE, NULL, exported_cb, &result);
  g_assert_true (sb_test_wait_for (result_done, &result, 60000));
  g_assert_no_error (result.error);

  printer = sb_packet_printer_new (path,
                                   sb_submission_get_template (sb_window_get_submission (window)),
                                   &error);
  g_assert_no_error (error);
  g_assert_cmpint (sb_packet_printer_get_n_pages (printer), ==, count_pages (path));
  operation = sb_packet_printer_get_operation (printer);
  settings = gtk_print_operation_get_print_settings (operation);
  g_assert_cmpint (gtk_print_settings_get_n_copies (settings), ==, 3);
  g_assert_true (gtk_print_settings_get_collate (settings));
  g_assert_cmpint (gtk_print_settings_get_duplex (settings), ==, GTK_PRINT_DUPLEX_HORIZONTAL);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_print_settings_get_paper_size (settings)), ==,
                   GTK_PAPER_NAME_A4);
  setup = gtk_print_operation_get_default_page_setup (operation);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (setup)), ==,
                   GTK_PAPER_NAME_A4);
  g_assert_cmpint (gtk_page_setup_get_orientation (setup), ==, GTK_PAGE_ORIENTATION_PORTRAIT);

  gtk_print_operation_set_export_filename (operation, printed);
  g_assert_cmpint (sb_packet_printer_run (printer, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL,
                                          &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  g_assert_cmpint (count_pages (printed), ==, count_pages (path));
  /* Printed at full size: the text is where the packet has it. */
  {
    g_autofree char *text = dup_page_text (printed, 0);

    g_assert_nonnull (strstr (text, "加盖单位公章"));
  }

  close_window (window);
  g_unlink (path);
  g_unlink (printed);
  g_rmdir (dir);
}


int
main (int   argc,
      char *argv[])
{
  application = sb_gui_test_init (&argc, &argv);

  g_test_add_func ("/export/export", test_export);
  g_test_add_func ("/export/cancel", test_cancel);
  g_test_add_func ("/export/errors-draft", test_errors_draft);
  g_test_add_func ("/export/preview", test_preview);
  g_test_add_func ("/export/preview-draft", test_preview_draft);
  g_test_add_func ("/export/preview-follows", test_preview_follows);
  g_test_add_func ("/export/preview-errors", test_preview_errors);
  g_test_add_func ("/export/print-to-file", test_print_to_file);

  return sb_gui_test_run (&application);
}
