/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 字数 as WPS and Word count it: each CJK character and each full-width
 * punctuation mark counts 1, each run of Latin letters and digits counts
 * 1, whitespace does not count. Invalid UTF-8 counts what is valid. */
guint  sb_text_count_chars  (const char *text);

G_END_DECLS
