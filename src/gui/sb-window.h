/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sb-core.h"
#include "sb-problems-panel.h"

G_BEGIN_DECLS

#define SB_TYPE_WINDOW (sb_window_get_type ())
G_DECLARE_FINAL_TYPE (SbWindow, sb_window, SB, WINDOW, AdwApplicationWindow)

SbWindow        *sb_window_new                  (GtkApplication      *application);

SbSubmission    *sb_window_get_submission       (SbWindow            *self);
void             sb_window_set_submission       (SbWindow            *self,
                                                 SbSubmission        *submission);
/* Opens a saved file, or interchange JSON as a new unsaved submission. */
gboolean         sb_window_load_file            (SbWindow            *self,
                                                 GFile               *file,
                                                 GError             **error);
/* TRUE for a window nobody has typed into yet: opening reuses it. */
gboolean         sb_window_is_pristine          (SbWindow            *self);
/* TRUE while the submission has no file of its own. */
gboolean         sb_window_is_untitled          (SbWindow            *self);

/* The recovery copy this window writes while its work is unsaved. */
GFile           *sb_window_get_recovery_file    (SbWindow            *self);
/* Continues from a recovered copy: it becomes this window's recovery file. */
gboolean         sb_window_load_recovery        (SbWindow            *self,
                                                 GFile               *file,
                                                 GError             **error);

/* Saves to file, or to the submission's own file when NULL. */
void             sb_window_save_async           (SbWindow            *self,
                                                 GFile               *file,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         sb_window_save_finish          (SbWindow            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
void             sb_window_set_autosave_delay   (SbWindow            *self,
                                                 guint                msec);

/* Pages, named by document id or "taskbook:<direction>", in order. */
char           **sb_window_dup_page_names       (SbWindow            *self);
GtkWidget       *sb_window_get_page             (SbWindow            *self,
                                                 const char          *name);
const char      *sb_window_get_page_title       (SbWindow            *self,
                                                 const char          *name);
const char      *sb_window_get_visible_page_name (SbWindow           *self);
void             sb_window_set_visible_page_name (SbWindow           *self,
                                                 const char          *name);

/* Writes the print packet of a snapshot of the submission to file, in a
 * worker, with progress and Cancel in a toast; refuses with
 * SB_PACKET_ERROR_HAS_ERRORS while errors remain unless draft. What
 * Export PDF… does once a file is chosen. */
void             sb_window_export_async         (SbWindow            *self,
                                                 GFile               *file,
                                                 gboolean             draft,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
gboolean         sb_window_export_finish        (SbWindow            *self,
                                                 GAsyncResult        *result,
                                                 GError             **error);
/* The Print Preview window (an SbPrintPreview), or NULL when closed. */
GtkWidget       *sb_window_get_print_preview    (SbWindow            *self);

SbProblemsPanel *sb_window_get_problems_panel   (SbWindow            *self);
/* Runs a pending re-validation at once. */
void             sb_window_validate_now         (SbWindow            *self);
guint            sb_window_get_n_validations    (SbWindow            *self);
void             sb_window_activate_diagnostic  (SbWindow            *self,
                                                 SbDiagnostic        *diagnostic);
/* The question the window is asking, or NULL. */
GtkWidget       *sb_window_get_dialog           (SbWindow            *self);
void             sb_window_add_toast            (SbWindow            *self,
                                                 AdwToast            *toast);
void             sb_window_show_error           (SbWindow            *self,
                                                 const char          *heading,
                                                 const GError        *error);

G_END_DECLS
