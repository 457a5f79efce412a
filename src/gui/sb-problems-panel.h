/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

#define SB_TYPE_PROBLEMS_PANEL (sb_problems_panel_get_type ())
G_DECLARE_FINAL_TYPE (SbProblemsPanel, sb_problems_panel, SB, PROBLEMS_PANEL, GtkWidget)

/* Every diagnostic of the submission, grouped by the page that shows
 * it, with the counts and the call's deadline. Emits
 * "diagnostic-activated" when one is clicked; marking a warning as
 * checked goes straight to the submission. */
GtkWidget    *sb_problems_panel_new             (void);

void          sb_problems_panel_set_submission  (SbProblemsPanel *self,
                                                 SbSubmission    *submission);
/* diagnostics: from sb_validate_all (), acknowledged warnings included. */
void          sb_problems_panel_set_diagnostics (SbProblemsPanel *self,
                                                 GListModel      *diagnostics);
void          sb_problems_panel_set_today       (SbProblemsPanel *self,
                                                 const char      *today);
guint         sb_problems_panel_get_n_errors    (SbProblemsPanel *self);
guint         sb_problems_panel_get_n_warnings  (SbProblemsPanel *self);
/* The shown diagnostics, in display order (for tests). */
GPtrArray    *sb_problems_panel_get_shown       (SbProblemsPanel *self);
const char   *sb_problems_panel_get_deadline_text (SbProblemsPanel *self);
GtkListBox   *sb_problems_panel_get_list        (SbProblemsPanel *self);

G_END_DECLS
