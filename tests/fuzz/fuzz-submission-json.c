/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The interchange JSON reader, and every rule on whatever it accepts. */
#include "config.h"

#include "sb-core.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(GListModel) diagnostics = NULL;
  g_autofree char *out = NULL;

  submission = sb_submission_new_from_data ((const char *) data, (gssize) size, NULL);
  if (submission == NULL)
    return 0;
  diagnostics = sb_validate_all (submission, "2025-04-20");
  out = sb_submission_to_data (submission, NULL);
  g_assert (out != NULL);
  return 0;
}
