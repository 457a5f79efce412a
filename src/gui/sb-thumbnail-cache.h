/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"
#include "sb-page-renderer.h"
#include "sb-preflight.h"

G_BEGIN_DECLS

/* Page images of attachments, drawn in worker threads and kept in a
 * bounded in-memory cache keyed by hash, page and size.
 *
 * PDF pages are drawn by poppler, a worker at a time per open document
 * (two workers on one file open it twice); a page that is one JPEG scan
 * is decoded by libjpeg at the size asked for instead. Documents stay
 * open while jobs are waiting: two seconds after none is, they close and
 * what drawing used goes back to the system (sb_render_release_memory()). JPEG and PNG attachments are
 * decoded with GdkPixbuf (which applies the EXIF orientation the packet
 * also applies), never by poppler. Every result is a GdkTexture, opaque,
 * with the page on white. */

typedef enum {
  SB_THUMBNAIL_FIT_BOX,    /* within size × size pixels */
  SB_THUMBNAIL_FIT_WIDTH,  /* size pixels wide */
} SbThumbnailFit;

/* Bytes the cache keeps before forgetting the least recently used. */
#define SB_THUMBNAIL_CACHE_MAX_BYTES ((gsize) 64 * 1024 * 1024)

#define SB_TYPE_THUMBNAIL_CACHE (sb_thumbnail_cache_get_type ())
G_DECLARE_FINAL_TYPE (SbThumbnailCache, sb_thumbnail_cache, SB, THUMBNAIL_CACHE, GObject)

/* The one the windows share. */
SbThumbnailCache *sb_thumbnail_cache_get_default   (void);
SbThumbnailCache *sb_thumbnail_cache_new           (gsize             max_bytes,
                                                    guint             n_threads);

/* A page already drawn, or NULL: no work, no waiting. */
GdkTexture       *sb_thumbnail_cache_lookup        (SbThumbnailCache *self,
                                                    const char       *sha256,
                                                    int               page,
                                                    SbThumbnailFit    fit,
                                                    int               size);
/* Draws page (from 0) of the attachment with this hash. Where its
 * bytes are is read from the submission here, on the calling thread;
 * the rest happens in a worker. Lower priority values go first.
 * Errors: SB_PREFLIGHT_ERROR or G_IO_ERROR, with a message to show. */
void              sb_thumbnail_cache_load_async    (SbThumbnailCache *self,
                                                    SbSubmission     *submission,
                                                    const char       *sha256,
                                                    int               page,
                                                    SbThumbnailFit    fit,
                                                    int               size,
                                                    int               priority,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GdkTexture       *sb_thumbnail_cache_load_finish   (SbThumbnailCache *self,
                                                    GAsyncResult     *result,
                                                    GError          **error);

gsize             sb_thumbnail_cache_get_n_bytes   (SbThumbnailCache *self);
/* Documents kept open for the jobs waiting; 0 soon after none is. */
guint             sb_thumbnail_cache_get_n_open    (SbThumbnailCache *self);
void              sb_thumbnail_cache_clear         (SbThumbnailCache *self);

/* What a texture from this cache shows: the number of pages of its
 * file and the page's size in points (an image as the packet prints
 * it, fitted to A4). FALSE for any other texture. */
gboolean          sb_thumbnail_get_page_info       (GdkTexture       *texture,
                                                    int              *n_pages,
                                                    double           *width,
                                                    double           *height);

/* Where an attachment's bytes are, as a local file: its source while
 * unsaved, else extracted from the saved file. Takes what it needs
 * from the submission at once, then works in a thread. */
void              sb_thumbnail_cache_locate_async  (SbSubmission     *submission,
                                                    const char       *sha256,
                                                    GCancellable     *cancellable,
                                                    GAsyncReadyCallback callback,
                                                    gpointer          user_data);
GFile            *sb_thumbnail_cache_locate_finish (GAsyncResult     *result,
                                                    GError          **error);

G_END_DECLS
