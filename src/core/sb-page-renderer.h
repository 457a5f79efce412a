/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

G_BEGIN_DECLS

/* Page images for thumbnails and the page view, made in worker threads.
 *
 * Every surface returned is CAIRO_FORMAT_ARGB32, opaque (the page is
 * painted on white), so the GUI can wrap its data in a GdkMemoryTexture
 * as GDK_MEMORY_DEFAULT. A surface is never larger than
 * SB_RENDER_MAX_SIDE pixels a side nor SB_RENDER_MAX_PIXELS in all: a
 * request above that (a huge media box, a deep zoom) gets a smaller
 * surface, so check its size.
 *
 * Limits, honestly: poppler-glib 22.12 cannot interrupt a page being
 * drawn. The cancellable is checked before opening, before drawing and
 * after drawing (a page finished after cancellation is dropped), so a
 * hostile page that takes long keeps its worker busy until poppler
 * returns, but never blocks the caller of an async operation. A PDF
 * that crashes poppler crashes the process.
 *
 * JPEG images cannot be rendered here: core has no JPEG decoder and
 * poppler cannot open a bare JPEG. The GUI shows JPEG and PNG
 * attachments with gdk_texture_new_from_file(). */

#define SB_RENDER_MAX_SIDE    8192
#define SB_RENDER_MAX_PIXELS  (24 * 1024 * 1024)

/* One open PDF. Poppler is not thread-safe across one document, so
 * calls on one renderer are serialised by a lock: give each worker
 * thread its own renderer to render in parallel. */
#define SB_TYPE_PAGE_RENDERER (sb_page_renderer_get_type ())
G_DECLARE_FINAL_TYPE (SbPageRenderer, sb_page_renderer, SB, PAGE_RENDERER, GObject)

/* Errors are SB_PREFLIGHT_ERROR (the PDF does not open) or G_IO_ERROR. */
SbPageRenderer  *sb_page_renderer_new              (const char      *path,
                                                    GCancellable    *cancellable,
                                                    GError         **error);
const char      *sb_page_renderer_get_path         (SbPageRenderer  *self);
int              sb_page_renderer_get_n_pages      (SbPageRenderer  *self);
/* The page size in points (1/72 inch) as shown: /Rotate applied. */
gboolean         sb_page_renderer_get_page_size    (SbPageRenderer  *self,
                                                    int              page,
                                                    double          *width,
                                                    double          *height);
/* scale is pixels per point: 1.0 is 72 dpi; "100 %" on a screen is
 * 96.0 / 72.0 times the widget's scale factor. page counts from 0. */
cairo_surface_t *sb_page_renderer_render_page      (SbPageRenderer  *self,
                                                    int              page,
                                                    double           scale,
                                                    GCancellable    *cancellable,
                                                    GError         **error);
/* The page fitted in a size × size box, keeping its proportions. */
cairo_surface_t *sb_page_renderer_render_thumbnail (SbPageRenderer  *self,
                                                    int              page,
                                                    int              size,
                                                    GCancellable    *cancellable,
                                                    GError         **error);

/* The JPEG bytes of a page that is nothing but one JPEG image covering
 * it (a typical scan: grey or RGB, no rotation, no annotations, nothing
 * else drawn), checked with qpdf without decoding anything; NULL when
 * the page is anything else, or on any doubt: render it then.
 *
 * Why: poppler decodes a scan at full resolution even for a thumbnail
 * (16 MiB for an A4 page at 200 dpi, 35 MiB at 300 dpi, and most of the
 * time). The GUI can instead decode these bytes at the size it needs
 * (GdkPixbufLoader with gdk_pixbuf_loader_set_size() from its
 * "size-prepared" handler lets libjpeg decode at 1/2, 1/4 or 1/8 scale),
 * and must still paint the result on white. */
GBytes          *sb_page_renderer_dup_page_jpeg    (SbPageRenderer  *self,
                                                    int              page);

/* One-shot forms, opening the document for this call only. */
cairo_surface_t *sb_render_pdf_page                (const char      *path,
                                                    int              page,
                                                    double           scale,
                                                    GCancellable    *cancellable,
                                                    GError         **error);
cairo_surface_t *sb_render_pdf_thumbnail           (const char      *path,
                                                    int              page,
                                                    int              size,
                                                    GCancellable    *cancellable,
                                                    GError         **error);
/* A PNG image fitted in a size × size box, decoded by cairo. */
cairo_surface_t *sb_render_png_thumbnail           (const char      *path,
                                                    int              size,
                                                    GCancellable    *cancellable,
                                                    GError         **error);

/* Gives back the memory that drawing pages leaves behind, once the
 * documents drawn are closed and no more are due soon. A few ms, some
 * more when there is much to free.
 *
 * Fonts: each font poppler draws with is a cairo font face over a
 * FreeType face of the font file read from the PDF. When the drawing
 * ends, cairo keeps the last 256 scaled fonts that nothing uses, and
 * each keeps its face, so the fonts of documents long closed stay in
 * memory (30 MiB for the eight text PDFs of the benchmark corpus). They
 * are pushed out with throwaway fonts that own nothing.
 *
 * The heap: glibc returns freed memory to the system only from the top
 * of a heap, past a threshold that grows with the largest block freed,
 * so after a batch of pages most of it stays resident. malloc_trim()
 * returns the free pages inside every arena and the main arena's top
 * (not a thread arena's top: the GUI keeps to one arena, see main()). */
void             sb_render_release_memory          (void);

/* TRUE when a rendered page shows nothing: no pixel inside a small
 * margin is clearly darker than the paper (so the grey paper, noise and
 * edge shadow of a scanned empty page still count as blank). */
gboolean         sb_surface_looks_blank            (cairo_surface_t *surface);

G_END_DECLS
