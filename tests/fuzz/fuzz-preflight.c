/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Attachment preflight on any bytes: PDF, JPEG and PNG parsing through
 * poppler, qpdf and our own image header readers. */
#include "config.h"

#include <glib/gstdio.h>
#include <unistd.h>

#include "sb-core.h"
#include "sb-preflight.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static char *path;
  g_autoptr(GFile) file = NULL;
  g_autoptr(SbPreflightResult) result = NULL;

  if (path == NULL)
    path = g_strdup_printf ("%s/fuzz-preflight-%d.bin", g_get_tmp_dir (), (int) getpid ());
  if (!g_file_set_contents (path, (const char *) data, (gssize) size, NULL))
    return 0;
  file = g_file_new_for_path (path);
  result = sb_preflight_file (file, NULL, NULL);
  if (result != NULL)
    g_assert (sb_preflight_result_get_n_pages (result) > 0
              || sb_preflight_result_get_kind (result) != SB_PROOF_KIND_PDF);
  g_unlink (path);
  return 0;
}
