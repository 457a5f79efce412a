/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

#define SB_TYPE_PROOFS_PAGE (sb_proofs_page_get_type ())
G_DECLARE_FINAL_TYPE (SbProofsPage, sb_proofs_page, SB, PROOFS_PAGE, GtkWidget)

/* The proof categories as printed, each with its attached files. Adding
 * and removing go through the window's actions "win.add-attachments"
 * (category id) and "win.remove-attachment" (index). */
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

G_END_DECLS
