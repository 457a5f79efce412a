/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "sb-test-util.h"

/* Names are listed first: deleting while reading a folder may skip some. */
void
sb_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  g_autoptr(GPtrArray) children = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    g_ptr_array_add (children, g_build_filename (path, name, NULL));
  for (guint i = 0; i < children->len; i++)
    {
      const char *child = g_ptr_array_index (children, i);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        sb_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
sb_test_dir_setup (SbTestDir     *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("shenbao-test-XXXXXX", &error);
  g_assert_no_error (error);
}

void
sb_test_dir_teardown (SbTestDir     *fixture,
                      gconstpointer  data)
{
  sb_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
}

/* A wait is a bound for a test that went wrong, not a timing: CI
 * machines are shared, and a sanitizer build is several times slower. */
guint
sb_test_patience (guint timeout_ms)
{
  return timeout_ms * 6;
}

gboolean
sb_test_wait_for (SbTestCondition condition,
                  gpointer        data,
                  guint           timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) sb_test_patience (timeout_ms) * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

void
sb_test_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}
