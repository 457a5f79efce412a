/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "sb-core.h"
#include "sb-print-checklist.h"

G_BEGIN_DECLS

/* The packet as it will print: it is exported to a file in the cache
 * folder (a draft while errors remain), then its pages are drawn by poppler in
 * worker threads, one document per worker, into a scrolling column at
 * the width of the view, with zoom and a page indicator. Beside them,
 * the print checklist. Print and Export act on the window it belongs
 * to (win.print, win.export-pdf).
 *
 * It follows the submission: told of each change, it waits for a quiet
 * pause, then emits "refresh" (as F5 does at once), which the window
 * answers with sb_print_preview_load(). The pages shown stay, marked as
 * updating, until the new packet replaces them at the same place and
 * zoom, or stay with a message when it cannot be made. */

#define SB_TYPE_PRINT_PREVIEW (sb_print_preview_get_type ())
G_DECLARE_FINAL_TYPE (SbPrintPreview, sb_print_preview, SB, PRINT_PREVIEW, AdwWindow)

/* Zoom 0 fits the pages to the width of the view; 1 is actual size. */
#define SB_PRINT_PREVIEW_ZOOM_FIT 0.0

SbPrintPreview   *sb_print_preview_new             (GtkWindow        *parent);
/* Exports snapshot (a copy nothing else touches) to file, which it
 * deletes when done with it, and shows it in place of the packet shown,
 * dropping any other being made; serial is the submission's at the
 * time, for telling whether it is current. */
void              sb_print_preview_load            (SbPrintPreview   *self,
                                                    SbSubmission     *snapshot,
                                                    GFile            *file,
                                                    guint64           serial,
                                                    gboolean          draft,
                                                    const char       *today);
/* The submission changed: "refresh" after a quiet pause, which each
 * change starts again; a packet being made to replace the one shown is
 * dropped at once, being out of date. */
void              sb_print_preview_queue_refresh   (SbPrintPreview   *self);
/* No packet can be made to answer "refresh": says why, over the pages
 * shown if any. */
void              sb_print_preview_show_failure    (SbPrintPreview   *self,
                                                    const GError     *error);
/* The packet shown: the submission's serial, draft or not, its version. */
guint64           sb_print_preview_get_serial      (SbPrintPreview   *self);
gboolean          sb_print_preview_get_draft       (SbPrintPreview   *self);
const char       *sb_print_preview_get_fingerprint (SbPrintPreview   *self);
/* The exported PDF shown, else NULL. */
GFile            *sb_print_preview_get_pdf         (SbPrintPreview   *self);
/* TRUE once the pages are laid out. */
gboolean          sb_print_preview_is_ready        (SbPrintPreview   *self);
/* TRUE while a refresh waits or a packet is being made. */
gboolean          sb_print_preview_is_updating     (SbPrintPreview   *self);
/* Why the last packet could not be made or shown, or NULL once one is. */
const char       *sb_print_preview_get_error       (SbPrintPreview   *self);
/* For tests: packets started and shown, and when the refresh waiting
 * is due (monotonic time, 0 if none). */
guint             sb_print_preview_get_n_builds    (SbPrintPreview   *self);
guint             sb_print_preview_get_n_shown     (SbPrintPreview   *self);
gint64            sb_print_preview_get_refresh_time (SbPrintPreview  *self);
int               sb_print_preview_get_n_pages     (SbPrintPreview   *self);
/* Pages that show their image at the moment. */
int               sb_print_preview_get_n_rendered  (SbPrintPreview   *self);
/* 0-based, the page in the middle of the view. */
int               sb_print_preview_get_page        (SbPrintPreview   *self);
void              sb_print_preview_set_page        (SbPrintPreview   *self,
                                                    int               page);
double            sb_print_preview_get_zoom        (SbPrintPreview   *self);
void              sb_print_preview_set_zoom        (SbPrintPreview   *self,
                                                    double            zoom);
/* An SbPageView per page, in order. */
GtkWidget        *sb_print_preview_get_page_view   (SbPrintPreview   *self,
                                                    int               page);
SbPrintChecklist *sb_print_preview_get_checklist   (SbPrintPreview   *self);

G_END_DECLS
