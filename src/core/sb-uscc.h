/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 统一社会信用代码, GB 32100-2015. */
typedef enum {
  SB_USCC_OK             = 0,
  SB_USCC_BAD_LENGTH     = 1 << 0,  /* not 18 characters */
  SB_USCC_BAD_CHARACTER  = 1 << 1,  /* outside 0-9ABCDEFGHJKLMNPQRTUWXY */
  SB_USCC_BAD_CHECKSUM   = 1 << 2,  /* the 18th character is wrong */
  SB_USCC_BAD_ORG_CODE   = 1 << 3,  /* characters 9–17 fail GB 11714 */
} SbUsccResult;

SbUsccResult  sb_uscc_check            (const char *code);
/* The check character for the first 17, or 0 if they are not valid. */
char          sb_uscc_check_character  (const char *first17);
/* The GB 11714 check character for 8 characters, or 0. */
char          sb_uscc_org_check_character (const char *first8);
/* Characters 3–4: the administrative region ("31" for Shanghai). */
char         *sb_uscc_dup_region       (const char *code);
/* Characters 1–2: registration authority and type ("91" company). */
char         *sb_uscc_dup_type         (const char *code);

G_END_DECLS
