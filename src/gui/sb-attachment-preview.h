/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

/* One attachment seen whole: a grid of its page thumbnails beside one
 * page at a time, with zoom (fit width, 100 %, in and out) and paging
 * by keyboard (Page Up/Down, arrows, Home/End; Ctrl+plus/minus zoom,
 * Ctrl+0 fits the width, Ctrl+1 is 100 %, Escape goes back). Pages are
 * drawn in worker threads at the screen's scale factor; closing cancels
 * whatever is still being drawn. */

#define SB_TYPE_ATTACHMENT_PREVIEW (sb_attachment_preview_get_type ())
G_DECLARE_FINAL_TYPE (SbAttachmentPreview, sb_attachment_preview, SB, ATTACHMENT_PREVIEW,
                      GtkWidget)

/* Zoom 0 means fitting the page to the width of the view. */
#define SB_PREVIEW_ZOOM_FIT 0.0

GtkWidget  *sb_attachment_preview_new         (void);
/* Shows the attachment at index from its first page. */
void        sb_attachment_preview_show        (SbAttachmentPreview *self,
                                               SbSubmission        *submission,
                                               guint                index);
/* Follows the attachment to a new index after the list changed;
 * FALSE when it is gone. */
gboolean    sb_attachment_preview_follow      (SbAttachmentPreview *self);
/* Stops all drawing and lets go of the page images. */
void        sb_attachment_preview_clear       (SbAttachmentPreview *self);
const char *sb_attachment_preview_get_sha256  (SbAttachmentPreview *self);
guint       sb_attachment_preview_get_index   (SbAttachmentPreview *self);
int         sb_attachment_preview_get_n_pages (SbAttachmentPreview *self);
int         sb_attachment_preview_get_page    (SbAttachmentPreview *self);
void        sb_attachment_preview_set_page    (SbAttachmentPreview *self,
                                               int                  page);
double      sb_attachment_preview_get_zoom    (SbAttachmentPreview *self);
void        sb_attachment_preview_set_zoom    (SbAttachmentPreview *self,
                                               double               zoom);
/* The page shown: an SbPageView. */
GtkWidget  *sb_attachment_preview_get_page_view (SbAttachmentPreview *self);
/* The message shown instead of pages, or NULL. */
const char *sb_attachment_preview_get_error   (SbAttachmentPreview *self);

G_END_DECLS
