/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-diagnostic.h"
#include "sb-submission.h"

G_BEGIN_DECLS

/* Every rule of the template applied to the submission: a list of
 * SbDiagnostic, errors first in document order, then warnings.
 * Warnings the user acknowledged are left out. today is "YYYY-MM-DD",
 * or NULL for the real date. */
GListModel *sb_validate            (SbSubmission *submission,
                                    const char   *today);
/* The same, keeping acknowledged warnings (for a screen that lists them). */
GListModel *sb_validate_all        (SbSubmission *submission,
                                    const char   *today);
/* Only the diagnostics of one field, for live feedback while typing. */
GListModel *sb_validate_field      (SbSubmission *submission,
                                    int           taskbook,
                                    const char   *field_id);

G_END_DECLS
