/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sb-core.h"

G_BEGIN_DECLS

/* What to do with the printed packet, from the template: the places to
 * sign and stamp with their pages, how to print and bind it and how
 * many copies, the version fingerprint to check in the footers, where
 * to mail it, to whom, and by when. Activating a sign place emits
 * "page-activated" with its 1-based page. */

#define SB_TYPE_PRINT_CHECKLIST (sb_print_checklist_get_type ())
G_DECLARE_FINAL_TYPE (SbPrintChecklist, sb_print_checklist, SB, PRINT_CHECKLIST, AdwBin)

GtkWidget  *sb_print_checklist_new             (void);
/* today is "YYYY-MM-DD", or NULL for the real date. */
void        sb_print_checklist_set_template    (SbPrintChecklist *self,
                                                SbTemplate       *template,
                                                const char       *today);
/* SbSignPlace*; NULL shows them as not known yet. */
void        sb_print_checklist_set_sign_places (SbPrintChecklist *self,
                                                GPtrArray        *places);
void        sb_print_checklist_set_fingerprint (SbPrintChecklist *self,
                                                const char       *fingerprint,
                                                gboolean          draft);
guint       sb_print_checklist_get_copies      (SbPrintChecklist *self);
/* Days from today to the paper deadline; negative once past. */
int         sb_print_checklist_get_days_left   (SbPrintChecklist *self);
/* Everything the checklist says, one line per row, for tests. */
char       *sb_print_checklist_dup_text        (SbPrintChecklist *self);

G_END_DECLS
