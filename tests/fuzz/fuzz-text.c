/* SPDX-License-Identifier: GPL-3.0-or-later */
/* 字数 and the credit-code checker on arbitrary bytes. */
#include "config.h"

#include "sb-core.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  guint count = sb_text_count_chars (text);
  SbUsccResult result = sb_uscc_check (text);
  g_autofree char *region = sb_uscc_dup_region (text);
  g_autofree char *type = sb_uscc_dup_type (text);

  /* A count never exceeds the characters there are. */
  g_assert (count <= size);
  if (result == SB_USCC_OK)
    g_assert (strlen (text) == 18);
  if (size >= 17)
    (void) sb_uscc_check_character (text);
  if (size >= 8)
    (void) sb_uscc_org_check_character (text);
  return 0;
}
