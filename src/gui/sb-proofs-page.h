/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

#define SB_TYPE_PROOFS_PAGE (sb_proofs_page_get_type ())
G_DECLARE_FINAL_TYPE (SbProofsPage, sb_proofs_page, SB, PROOFS_PAGE, GtkWidget)

/* The proof categories as printed, each with its attached files, and a
 * preview of one file's pages. Files dropped on a category, or picked
 * with "win.add-attachments" (category id), are checked and hashed in a
 * worker with a progress row, then attached all together or, when one
 * is refused, not at all, the reason shown in the category. Pages are
 * checked for blankness in the background afterwards. Removing goes
 * through "win.remove-attachment" (index) for its undo toast. */
GtkWidget  *sb_proofs_page_new             (SbSubmission  *submission,
                                            SbDocument    *document);
SbDocument *sb_proofs_page_get_document    (SbProofsPage  *self);
void        sb_proofs_page_reload          (SbProofsPage  *self);
/* by_location: "a<index>" → GPtrArray of SbDiagnostic. */
void        sb_proofs_page_set_diagnostics (SbProofsPage  *self,
                                            GHashTable    *by_location);
gboolean    sb_proofs_page_focus_attachment (SbProofsPage *self,
                                            int            index);
guint       sb_proofs_page_get_n_rows      (SbProofsPage  *self,
                                            const char    *category);

/* What a drop does: starts checking files to attach under category. */
void        sb_proofs_page_attach_files    (SbProofsPage  *self,
                                            const char    *category,
                                            GFile        **files,
                                            guint          n_files);
/* Attachings still being checked. */
guint       sb_proofs_page_get_n_pending   (SbProofsPage  *self);
/* Background checks of pages still to run or running. */
guint       sb_proofs_page_get_n_preflights (SbProofsPage *self);
/* The message shown in a category after a refusal, or NULL. */
const char *sb_proofs_page_get_error       (SbProofsPage  *self,
                                            const char    *category);
/* The group of a category: where files are dropped. */
GtkWidget  *sb_proofs_page_get_category_widget (SbProofsPage *self,
                                            const char    *category);
/* The SbAttachmentRow of an attachment, or NULL. */
GtkWidget  *sb_proofs_page_get_row         (SbProofsPage  *self,
                                            guint          index);

void        sb_proofs_page_open_preview    (SbProofsPage  *self,
                                            guint          index);
void        sb_proofs_page_close_preview   (SbProofsPage  *self);
/* The SbAttachmentPreview, shown or not. */
GtkWidget  *sb_proofs_page_get_preview     (SbProofsPage  *self);
gboolean    sb_proofs_page_is_previewing   (SbProofsPage  *self);

G_END_DECLS
