/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The saved-file reader: any bytes named *.shenbao. */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "sb-core.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *path;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SbSubmission) submission = NULL;

  if (path == NULL)
    path = g_strdup_printf ("%s/fuzz-archive-%d.shenbao", g_get_tmp_dir (), (int) getpid ());
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, NULL))
    return 0;
  file = g_file_new_for_path (path);
  submission = sb_archive_load (file, NULL, NULL);
  if (submission != NULL)
    {
      g_autoptr(GListModel) diagnostics = sb_validate_all (submission, "2025-04-20");
      g_assert (diagnostics != NULL);
    }
  g_unlink (path);
  return 0;
}
