/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-archive.h"
#include "sb-attachments.h"
#include "sb-diagnostic.h"
#include "sb-submission.h"
#include "sb-template.h"
#include "sb-text.h"
#include "sb-uscc.h"
#include "sb-validator.h"

G_BEGIN_DECLS

/* Sets up gettext for the program. SHENBAO_LOCALEDIR, when set, points
 * at a build tree's po/ so tests can run untranslated builds. */
void  sb_core_init_i18n  (void);

G_END_DECLS
