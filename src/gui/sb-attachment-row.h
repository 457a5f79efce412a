/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

/* One attached file on the proofs page: a thumbnail of its first page,
 * its title (editable in place), file name and what preflight found,
 * its problems, and buttons to move, open, rename and remove it. The
 * row changes the submission itself; removing goes through
 * "win.remove-attachment" for its undo toast. */

#define SB_TYPE_ATTACHMENT_ROW (sb_attachment_row_get_type ())
G_DECLARE_FINAL_TYPE (SbAttachmentRow, sb_attachment_row, SB, ATTACHMENT_ROW, GtkListBoxRow)

/* Thumbnail box, in logical pixels. */
#define SB_ATTACHMENT_ROW_THUMBNAIL_SIZE 72

GtkWidget    *sb_attachment_row_new             (SbSubmission     *submission);
/* Shows the attachment at index: call after any change to the list. */
void          sb_attachment_row_update          (SbAttachmentRow  *self,
                                                 guint             index);
guint         sb_attachment_row_get_index       (SbAttachmentRow  *self);
const char   *sb_attachment_row_get_sha256      (SbAttachmentRow  *self);
const char   *sb_attachment_row_get_category    (SbAttachmentRow  *self);
/* diagnostics: SbDiagnostic* on this attachment, or NULL. */
void          sb_attachment_row_set_diagnostics (SbAttachmentRow  *self,
                                                 GPtrArray        *diagnostics);
guint         sb_attachment_row_get_n_messages  (SbAttachmentRow  *self);
/* The thumbnail: an SbPageView, its paintable set once drawn. */
GtkWidget    *sb_attachment_row_get_thumbnail   (SbAttachmentRow  *self);
/* The title: a GtkEditableLabel; committing writes the model. */
const char   *sb_attachment_row_get_title       (SbAttachmentRow  *self);
GtkWidget    *sb_attachment_row_get_title_entry (SbAttachmentRow  *self);
gboolean      sb_attachment_row_get_renaming    (SbAttachmentRow  *self);
void          sb_attachment_row_start_rename    (SbAttachmentRow  *self);
void          sb_attachment_row_finish_rename   (SbAttachmentRow  *self,
                                                 gboolean          commit);

G_END_DECLS
