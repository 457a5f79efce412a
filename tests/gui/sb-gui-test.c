/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <adwaita.h>

#include "sb-gui-test.h"
#include "sb-test-util.h"

SbApplication *
sb_gui_test_init (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  SbApplication *application;

  gtk_test_init (argc, argv, NULL);
  adw_init ();

  application = sb_application_new ();
  g_application_set_flags (G_APPLICATION (application),
                           G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN);
  g_application_register (G_APPLICATION (application), NULL, &error);
  g_assert_no_error (error);
  /* Windows keep the application alive while the tests run. */
  g_application_hold (G_APPLICATION (application));
  return application;
}

/* The tests reach the application through *application while they run. */
int
sb_gui_test_run (SbApplication **application)
{
  int status = g_test_run ();

  g_application_release (G_APPLICATION (*application));
  g_clear_object (application);
  return status;
}

char *
sb_gui_test_dup_sample_path (void)
{
  const char *root = g_getenv ("SHENBAO_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "samples", "sample-submission.json", NULL);
}

SbWindow *
sb_gui_test_open_sample (SbApplication *application)
{
  g_autofree char *path = sb_gui_test_dup_sample_path ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  SbWindow *window = sb_window_new (GTK_APPLICATION (application));

  sb_window_set_autosave_delay (window, 600000);
  g_assert_true (sb_window_load_file (window, file, &error));
  g_assert_no_error (error);
  gtk_window_present (GTK_WINDOW (window));
  sb_window_validate_now (window);
  return window;
}

void
sb_gui_test_close_window (SbWindow *window)
{
  /* Nothing to ask about: the test is over. */
  sb_submission_set_modified (sb_window_get_submission (window), FALSE);
  gtk_window_destroy (GTK_WINDOW (window));
  sb_test_spin (20);
}
