/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The file guard tells our own writes from another program's. */
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "sb-file-guard.h"
#include "sb-test-util.h"

static GFile *
write_file (SbTestDir  *fixture,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return g_file_new_for_path (path);
}

/* Another program writes the way editors do: a new file renamed over. */
static void
replace_file (GFile      *file,
              const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_file_replace_contents (file, contents, strlen (contents), NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
}

static gboolean
state_is (gpointer data)
{
  SbFileGuard *guard = data;
  int wanted = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (guard), "wanted"));

  return (int) sb_file_guard_get_state (guard) == wanted;
}

static gboolean
wait_for_state (SbFileGuard      *guard,
                SbFileGuardState  state)
{
  g_object_set_data (G_OBJECT (guard), "wanted", GINT_TO_POINTER (state));
  return sb_test_wait_for (state_is, guard, 5000);
}

static void
count_cb (GObject    *object,
          GParamSpec *pspec,
          guint      *count)
{
  (*count)++;
}

static void
test_stamp (SbTestDir     *fixture,
            gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "a.shenbao", "one");
  g_autoptr(GFile) missing = g_file_get_child (g_file_get_parent (file), "none");
  g_autofree char *before = sb_file_guard_query_stamp (file, NULL, NULL);
  g_autofree char *after = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (before);
  g_assert_true (sb_file_guard_check_stamp (file, before, NULL, &error));
  g_assert_no_error (error);

  /* Same size, same second: the rename still shows. */
  replace_file (file, "two");
  after = sb_file_guard_query_stamp (file, NULL, NULL);
  g_assert_cmpstr (before, !=, after);
  g_assert_false (sb_file_guard_check_stamp (file, before, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG);
  g_assert_nonnull (strstr (error->message, "a.shenbao"));
  g_clear_error (&error);

  /* Nothing expected, or nothing there: writing is fine. */
  g_assert_true (sb_file_guard_check_stamp (file, NULL, NULL, &error));
  g_assert_true (sb_file_guard_check_stamp (missing, before, NULL, &error));
  g_assert_no_error (error);
  g_assert_null (sb_file_guard_query_stamp (missing, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static gboolean
notified_twice (gpointer data)
{
  return *(guint *) data >= 2;
}

static void
test_other_program (SbTestDir     *fixture,
                    gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "a.shenbao", "one");
  g_autoptr(SbFileGuard) guard = sb_file_guard_new ();
  guint notified = 0;

  g_signal_connect (guard, "notify::state", G_CALLBACK (count_cb), &notified);
  sb_file_guard_watch (guard, file, NULL);
  g_assert_true (g_file_equal (sb_file_guard_get_file (guard), file));
  g_assert_cmpint (sb_file_guard_get_state (guard), ==, SB_FILE_GUARD_SAME);

  replace_file (file, "theirs");
  g_assert_true (wait_for_state (guard, SB_FILE_GUARD_CHANGED));
  g_assert_cmpuint (notified, ==, 1);

  /* A second change is news again. */
  replace_file (file, "theirs, later");
  g_assert_true (sb_test_wait_for (notified_twice, &notified, 5000));
  g_assert_cmpint (sb_file_guard_get_state (guard), ==, SB_FILE_GUARD_CHANGED);

  g_assert_no_errno (g_unlink (g_file_peek_path (file)));
  g_assert_true (wait_for_state (guard, SB_FILE_GUARD_REMOVED));
}

static void
test_own_write (SbTestDir     *fixture,
                gconstpointer  data)
{
  g_autoptr(GFile) file = write_file (fixture, "a.shenbao", "one");
  g_autoptr(SbFileGuard) guard = sb_file_guard_new ();
  g_autofree char *stamp = NULL;
  guint notified = 0;

  sb_file_guard_watch (guard, file, NULL);
  g_signal_connect (guard, "notify::state", G_CALLBACK (count_cb), &notified);

  sb_file_guard_begin_write (guard);
  replace_file (file, "ours");
  stamp = sb_file_guard_query_stamp (file, NULL, NULL);
  sb_test_spin (400);  /* the monitor's events arrive while we write */
  sb_file_guard_end_write (guard, stamp);
  g_assert_cmpstr (sb_file_guard_get_stamp (guard), ==, stamp);
  sb_test_spin (600);
  g_assert_cmpint (sb_file_guard_get_state (guard), ==, SB_FILE_GUARD_SAME);
  g_assert_cmpuint (notified, ==, 0);

  /* A failed write leaves the old stamp, and a later change by
   * someone else is still seen. */
  sb_file_guard_begin_write (guard);
  sb_file_guard_end_write (guard, NULL);
  g_assert_cmpstr (sb_file_guard_get_stamp (guard), ==, stamp);
  replace_file (file, "theirs");
  g_assert_true (wait_for_state (guard, SB_FILE_GUARD_CHANGED));

  /* Watching nothing stops it all. */
  sb_file_guard_watch (guard, NULL, NULL);
  g_assert_null (sb_file_guard_get_file (guard));
  g_assert_cmpint (sb_file_guard_get_state (guard), ==, SB_FILE_GUARD_SAME);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/file-guard/stamp", SbTestDir, NULL,
              sb_test_dir_setup, test_stamp, sb_test_dir_teardown);
  g_test_add ("/file-guard/other-program", SbTestDir, NULL,
              sb_test_dir_setup, test_other_program, sb_test_dir_teardown);
  g_test_add ("/file-guard/own-write", SbTestDir, NULL,
              sb_test_dir_setup, test_own_write, sb_test_dir_teardown);
  return g_test_run ();
}
