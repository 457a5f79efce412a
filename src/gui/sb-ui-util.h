/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

/* Page names: a document id, or "taskbook:<direction>". */
#define SB_TASKBOOK_PAGE_PREFIX "taskbook:"

/* Registers the GUI's GResource once; static linking drops constructors. */
void        sb_ui_ensure_resources         (void);

SbDocument *sb_ui_get_taskbook_document    (SbTemplate    *template);
SbDocument *sb_ui_get_attachments_document (SbTemplate    *template);
char       *sb_ui_dup_direction_name       (SbTemplate    *template,
                                            const char    *direction);
char       *sb_ui_dup_taskbook_title       (SbTemplate    *template,
                                            const char    *direction);
char       *sb_ui_dup_taskbook_page_name   (const char    *direction);
char       *sb_ui_dup_location_key         (int            taskbook,
                                            const char    *field_id);
char       *sb_ui_dup_diagnostic_page_name (SbSubmission  *submission,
                                            SbDiagnostic  *diagnostic);
char       *sb_ui_dup_diagnostic_location  (SbSubmission  *submission,
                                            SbDiagnostic  *diagnostic);
char       *sb_ui_dup_submission_name      (SbSubmission  *submission,
                                            GFile         *untitled_file);
char       *sb_ui_dup_display_path         (GFile         *file);
/* Scrolls target into view once laid out, then focuses focus_widget. */
void        sb_ui_scroll_to_widget         (GtkScrolledWindow *scrolled,
                                            GtkWidget     *target,
                                            GtkWidget     *focus_widget);
void        sb_ui_set_css_class            (GtkWidget     *widget,
                                            const char    *css_class,
                                            gboolean       enabled);

G_END_DECLS
