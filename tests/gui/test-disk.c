/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The file on disk changes under the window: another program writes it,
 * removes it or its folder. Nothing typed in the window is lost, and
 * nothing another program wrote is overwritten without asking. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "sb-archive.h"
#include "sb-gui-test.h"
#include "sb-recovery.h"
#include "sb-test-util.h"

#define FIELD "head_title"

static SbApplication *application;

typedef struct {
  char  *dir;
  GFile *file;
} Fixture;

static void
save_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  sb_window_save_finish (SB_WINDOW (object), result, error);
  g_object_set_data (object, "saved", GINT_TO_POINTER (TRUE));
}

static gboolean
window_saved (gpointer data)
{
  return g_object_get_data (data, "saved") != NULL;
}

static void
save_window (SbWindow  *window,
             GFile     *file,
             GError   **error)
{
  g_object_set_data (G_OBJECT (window), "saved", NULL);
  sb_window_save_async (window, file, NULL, save_done_cb, error);
  g_assert_true (sb_test_wait_for (window_saved, window, 30000));
}

/* The sample, saved in a fresh folder: the window's own file. */
static SbWindow *
open_saved (Fixture *fixture)
{
  SbWindow *window = sb_gui_test_open_sample (application);
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shenbao-disk-XXXXXX", NULL);
  fixture->file = g_file_new_build_filename (fixture->dir, "申报书.shenbao", NULL);
  save_window (window, fixture->file, &error);
  g_assert_no_error (error);
  g_assert_false (sb_window_is_untitled (window));
  return window;
}

static void
fixture_clear (Fixture *fixture)
{
  sb_test_remove_tree (fixture->dir);
  g_clear_pointer (&fixture->dir, g_free);
  g_clear_object (&fixture->file);
}

static const char *
window_text (SbWindow *window)
{
  return sb_submission_get_text (sb_window_get_submission (window), SB_NO_TASKBOOK, FIELD);
}

static char *
disk_text (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) loaded = sb_archive_load (file, NULL, &error);

  g_assert_no_error (error);
  return g_strdup (sb_submission_get_text (loaded, SB_NO_TASKBOOK, FIELD));
}

/* Another program (a colleague's copy synced over it) writes the file. */
static void
write_as_other_program (GFile      *file,
                        const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) loaded = sb_archive_load (file, NULL, &error);

  g_assert_no_error (error);
  sb_submission_set_text (loaded, SB_NO_TASKBOOK, FIELD, text);
  g_assert_true (sb_archive_save (loaded, file, NULL, &error));
  g_assert_no_error (error);
}

static void
type_in_window (SbWindow   *window,
                const char *text)
{
  sb_submission_set_text (sb_window_get_submission (window), SB_NO_TASKBOOK, FIELD, text);
  g_assert_true (sb_submission_get_modified (sb_window_get_submission (window)));
}

typedef struct {
  SbWindow   *window;
  const char *text;
} TextWait;

static gboolean
window_shows (gpointer data)
{
  TextWait *wait = data;

  return g_strcmp0 (window_text (wait->window), wait->text) == 0;
}

static gboolean
has_dialog (gpointer data)
{
  return sb_window_get_dialog (data) != NULL;
}

static AdwMessageDialog *
wait_for_dialog (SbWindow *window)
{
  g_assert_true (sb_test_wait_for (has_dialog, window, 10000));
  return ADW_MESSAGE_DIALOG (sb_window_get_dialog (window));
}

static gboolean
window_unmodified (gpointer data)
{
  return !sb_submission_get_modified (sb_window_get_submission (data));
}

static gboolean
recovery_written (gpointer data)
{
  GFile *recovery = sb_window_get_recovery_file (data);

  return recovery != NULL && g_file_query_exists (recovery, NULL);
}

/* Nothing typed here: the other program's version is simply shown. */
static void
test_reload_quietly (void)
{
  Fixture fixture = { 0 };
  SbWindow *window = open_saved (&fixture);
  TextWait wait = { window, "他人修改的职务" };

  write_as_other_program (fixture.file, wait.text);
  g_assert_true (sb_test_wait_for (window_shows, &wait, 10000));
  g_assert_false (sb_submission_get_modified (sb_window_get_submission (window)));
  g_assert_null (sb_window_get_dialog (window));

  /* Our next save goes over what we now show, without asking. */
  type_in_window (window, "我们的职务");
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    save_window (window, NULL, &error);
    g_assert_no_error (error);
    text = disk_text (fixture.file);
    g_assert_cmpstr (text, ==, "我们的职务");
  }
  sb_gui_test_close_window (window);
  fixture_clear (&fixture);
}

/* Typed here and written there: ask, and autosave waits for the answer. */
static void
test_conflict_asks (void)
{
  Fixture fixture = { 0 };
  SbWindow *window = open_saved (&fixture);
  AdwMessageDialog *dialog;
  g_autofree char *theirs = NULL;
  g_autofree char *ours = NULL;

  type_in_window (window, "我们的职务");
  write_as_other_program (fixture.file, "他人修改的职务");
  dialog = wait_for_dialog (window);
  g_assert_true (g_str_has_prefix (adw_message_dialog_get_heading (dialog), "“申报书.shenbao”"));

  /* Not now: autosave keeps a recovery copy instead of overwriting. */
  adw_message_dialog_response (dialog, "later");
  sb_window_set_autosave_delay (window, 50);
  type_in_window (window, "我们的职务（二）");
  sb_test_spin (800);
  theirs = disk_text (fixture.file);
  g_assert_cmpstr (theirs, ==, "他人修改的职务");
  g_assert_true (sb_test_wait_for (recovery_written, window, 30000));

  /* Saving asks again; Overwrite puts ours in the file. */
  {
    g_autoptr(GError) error = NULL;

    save_window (window, NULL, &error);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  }
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  dialog = wait_for_dialog (window);
  adw_message_dialog_response (dialog, "overwrite");
  g_assert_true (sb_test_wait_for (window_unmodified, window, 30000));
  ours = disk_text (fixture.file);
  g_assert_cmpstr (ours, ==, "我们的职务（二）");
  g_assert_null (sb_window_get_recovery_file (window));

  sb_gui_test_close_window (window);
  fixture_clear (&fixture);
}

static void
test_conflict_discard_mine (void)
{
  Fixture fixture = { 0 };
  SbWindow *window = open_saved (&fixture);
  TextWait wait = { window, "他人修改的职务" };

  type_in_window (window, "我们的职务");
  write_as_other_program (fixture.file, wait.text);
  adw_message_dialog_response (wait_for_dialog (window), "reload");
  g_assert_true (window_shows (&wait));
  g_assert_false (sb_submission_get_modified (sb_window_get_submission (window)));
  sb_gui_test_close_window (window);
  fixture_clear (&fixture);
}

/* The check is made when writing too, not only when the monitor says so. */
static void
test_compare_on_save (void)
{
  Fixture fixture = { 0 };
  SbWindow *window = open_saved (&fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *theirs = NULL;

  type_in_window (window, "我们的职务");
  write_as_other_program (fixture.file, "他人修改的职务");
  save_window (window, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  theirs = disk_text (fixture.file);
  g_assert_cmpstr (theirs, ==, "他人修改的职务");
  g_assert_true (sb_submission_get_modified (sb_window_get_submission (window)));
  sb_gui_test_close_window (window);
  fixture_clear (&fixture);
}

/* Its folder removed: the work stays, a copy is kept for recovery, and
 * the user is told once where to save instead. */
static void
test_folder_removed (void)
{
  Fixture fixture = { 0 };
  SbWindow *window = open_saved (&fixture);
  AdwMessageDialog *dialog;
  g_autoptr(GFile) recovery = NULL;
  g_autoptr(SbSubmission) recovered = NULL;
  g_autoptr(GError) error = NULL;

  sb_window_set_autosave_delay (window, 50);
  sb_test_remove_tree (fixture.dir);
  /* Removed: the window's copy is all there is, so it counts as unsaved. */
  dialog = wait_for_dialog (window);
  g_assert_true (adw_message_dialog_has_response (dialog, "save-as"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), "申报书.shenbao"));
  adw_message_dialog_response (dialog, "later");

  g_assert_true (sb_test_wait_for (recovery_written, window, 30000));
  recovery = g_object_ref (sb_window_get_recovery_file (window));
  recovered = sb_archive_load (recovery, NULL, &error);
  g_assert_no_error (error);

  /* Autosave failing again does not ask again. */
  type_in_window (window, "继续填写");
  sb_test_spin (800);
  g_assert_null (sb_window_get_dialog (window));
  g_assert_true (sb_submission_get_modified (sb_window_get_submission (window)));

  sb_gui_test_close_window (window);
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_object (&fixture.file);
}

static GtkWidget *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (window) && gtk_widget_get_visible (window))
        return window;
    }
  return NULL;
}

static gboolean
has_file_chooser (gpointer data)
{
  return find_file_chooser () != NULL;
}

static gboolean
chooser_has_folder (gpointer data)
{
  g_autoptr(GFile) folder = gtk_file_chooser_get_current_folder (data);

  return folder != NULL;
}

static gboolean
chooser_has_wanted (gpointer data)
{
  g_autoptr(GFile) file = gtk_file_chooser_get_file (data);

  return file != NULL && g_file_equal (file, g_object_get_data (data, "wanted"));
}

/* A save that failed offers Save As, and Save As puts the work in the
 * place chosen, attachments and all. */
static void
test_save_elsewhere (void)
{
  Fixture fixture = { 0 };
  SbWindow *window = open_saved (&fixture);
  g_autofree char *elsewhere_dir = g_dir_make_tmp ("shenbao-elsewhere-XXXXXX", NULL);
  g_autoptr(GFile) elsewhere = g_file_new_build_filename (elsewhere_dir, "副本.shenbao", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) loaded = NULL;
  g_autofree char *proposed = NULL;
  GtkWidget *chooser;

  sb_test_remove_tree (fixture.dir);
  type_in_window (window, "另存的职务");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  adw_message_dialog_response (wait_for_dialog (window), "save-as");

  g_assert_true (sb_test_wait_for (has_file_chooser, NULL, 10000));
  chooser = find_file_chooser ();
  g_assert_true (sb_test_wait_for (chooser_has_folder, chooser, 10000));
  /* The folder is gone: the dialog proposes a name, not that folder. */
  proposed = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));
  g_assert_true (g_str_has_suffix (proposed, ".shenbao"));
  {
    g_autoptr(GFile) folder = g_file_get_parent (elsewhere);

    g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder,
                                                        &error));
    g_assert_no_error (error);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "副本.shenbao");
  }
  /* The dialog loads the folder before it takes the file. */
  g_object_set_data (G_OBJECT (chooser), "wanted", elsewhere);
  g_assert_true (sb_test_wait_for (chooser_has_wanted, chooser, 10000));
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);

  g_assert_true (sb_test_wait_for (window_unmodified, window, 30000));
  g_assert_cmpstr (g_file_peek_path (sb_submission_get_file (sb_window_get_submission (window))),
                   ==, g_file_peek_path (elsewhere));
  loaded = sb_archive_load (elsewhere, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (sb_submission_get_text (loaded, SB_NO_TASKBOOK, FIELD), ==, "另存的职务");
  g_assert_cmpuint (sb_submission_get_n_attachments (loaded), ==, 4);

  sb_gui_test_close_window (window);
  sb_test_remove_tree (elsewhere_dir);
  g_clear_pointer (&fixture.dir, g_free);
  g_clear_object (&fixture.file);
}

/* Autosave off, then a crash: the recovered work is that file's again. */
static void
test_recovery_keeps_file (void)
{
  Fixture fixture = { 0 };
  SbWindow *window = open_saved (&fixture);
  GSettings *settings = sb_application_get_settings (application);
  g_autoptr(GFile) recovery = NULL;
  g_autoptr(GFile) origin = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *saved = NULL;
  SbWindow *recovered;

  g_settings_set_boolean (settings, "autosave", FALSE);
  sb_window_set_autosave_delay (window, 50);
  type_in_window (window, "崩溃前的职务");
  g_assert_true (sb_test_wait_for (recovery_written, window, 30000));
  recovery = g_object_ref (sb_window_get_recovery_file (window));
  origin = sb_recovery_dup_origin (recovery);
  g_assert_nonnull (origin);
  g_assert_true (g_file_equal (origin, fixture.file));
  /* As if it crashed: the window goes, its recovery copy stays. */
  sb_gui_test_close_window (window);
  g_settings_set_boolean (settings, "autosave", TRUE);
  g_assert_true (g_file_query_exists (recovery, NULL));

  recovered = sb_window_new (GTK_APPLICATION (application));
  sb_window_set_autosave_delay (recovered, 600000);
  g_assert_true (sb_window_load_recovery (recovered, recovery, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (recovered));
  g_assert_false (sb_window_is_untitled (recovered));
  g_assert_true (g_file_equal (sb_submission_get_file (sb_window_get_submission (recovered)),
                               fixture.file));
  g_assert_true (sb_submission_get_modified (sb_window_get_submission (recovered)));
  g_assert_cmpstr (window_text (recovered), ==, "崩溃前的职务");

  /* Saved to its file, with its attachments; the copy and its note go. */
  save_window (recovered, NULL, &error);
  g_assert_no_error (error);
  saved = disk_text (fixture.file);
  g_assert_cmpstr (saved, ==, "崩溃前的职务");
  {
    g_autoptr(SbSubmission) loaded = sb_archive_load (fixture.file, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (sb_submission_get_n_attachments (loaded), ==, 4);
  }
  g_assert_false (g_file_query_exists (recovery, NULL));
  g_assert_null (sb_recovery_dup_origin (recovery));
  sb_gui_test_close_window (recovered);
  fixture_clear (&fixture);
}

int
main (int   argc,
      char *argv[])
{
  application = sb_gui_test_init (&argc, &argv);

  g_test_add_func ("/disk/reload-quietly", test_reload_quietly);
  g_test_add_func ("/disk/conflict-asks", test_conflict_asks);
  g_test_add_func ("/disk/conflict-discard-mine", test_conflict_discard_mine);
  g_test_add_func ("/disk/compare-on-save", test_compare_on_save);
  g_test_add_func ("/disk/folder-removed", test_folder_removed);
  g_test_add_func ("/disk/recovery-keeps-file", test_recovery_keeps_file);
  g_test_add_func ("/disk/save-elsewhere", test_save_elsewhere);

  return sb_gui_test_run (&application);
}
