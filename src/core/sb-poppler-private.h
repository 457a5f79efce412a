/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

/* Poppler glue shared inside core (preflight, page rendering, export).
 * A PopplerDocument and its pages belong to one thread at a time:
 * poppler is not thread-safe across one document. */

#include <cairo.h>
#include <poppler.h>
#include <qpdf/qpdf-c.h>

G_BEGIN_DECLS

/* poppler-glib gained these in 25.06; Debian 12 has 22.12. */
#if !POPPLER_CHECK_VERSION (25, 6, 0)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)
#endif

/* Opens a local PDF without a password. Failures become
 * SB_PREFLIGHT_ERROR errors whose message names display and says what
 * to do: ENCRYPTED, DAMAGED or NO_PAGES. */
PopplerDocument *_sb_poppler_document_open (const char  *path,
                                            const char  *display,
                                            GError     **error);

/* Renders a page on white at scale pixels per point, shrunk if needed
 * to stay within SB_RENDER_MAX_SIDE and SB_RENDER_MAX_PIXELS.
 * Returns an ARGB32 surface, or NULL when cairo ran out of memory. */
cairo_surface_t *_sb_poppler_page_render   (PopplerPage *page,
                                            double       scale,
                                            GError     **error);

/* A copy of image on white, shrunk to fit a size × size box. */
cairo_surface_t *_sb_surface_fit           (cairo_surface_t *image,
                                            int          size,
                                            GError     **error);

/* qpdf beside poppler reads what poppler-glib does not expose (image
 * sizes, raw image streams) without decoding anything. Opens path
 * quietly; NULL when qpdf cannot read it or counts other than n_pages
 * pages (then page numbers would not match poppler's). */
qpdf_data        _sb_qpdf_open              (const char  *path,
                                            int          n_pages);
/* Frees q, reading its pending errors first so qpdf stays quiet. */
void             _sb_qpdf_close             (qpdf_data   *q);
/* A page attribute, looked up through /Parent as the PDF spec says. */
qpdf_oh          _sb_qpdf_get_inherited     (qpdf_data    q,
                                            qpdf_oh      node,
                                            const char  *key);

G_END_DECLS
