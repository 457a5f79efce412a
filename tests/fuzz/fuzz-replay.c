/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Runs a fuzz target over every file of the folders given, so the seed
 * corpus and every crash found so far run in the ordinary test suite,
 * without libFuzzer. TAP output, one test per folder. */
#include "config.h"

#include <gio/gio.h>

#include "fuzz-target.h"

static guint
replay_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);
      g_autofree char *data = NULL;
      gsize length;

      if (g_file_test (file, G_FILE_TEST_IS_DIR))
        continue;
      g_assert_true (g_file_get_contents (file, &data, &length, NULL));
      LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
      n++;
    }
  return n;
}

static void
test_replay (gconstpointer data)
{
  guint n = replay_dir (data);

  g_test_message ("%u inputs", n);
  g_assert_cmpuint (n, >, 0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (int i = 1; i < argc; i++)
    {
      g_autofree char *name = g_path_get_basename (argv[i]);
      g_autofree char *test = g_strdup_printf ("/fuzz-replay/%s", name);

      g_test_add_data_func (test, argv[i], test_replay);
    }
  return g_test_run ();
}
