/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A page image at a size given in logical pixels, whatever the pixels
 * of its texture: drawn at the scale factor times that size, it is
 * sharp on a HiDPI screen (GtkPicture in GTK 4.8 would size itself by
 * the texture's pixels). Until it has a paintable it shows a blank
 * sheet of the same size. */

#define SB_TYPE_PAGE_VIEW (sb_page_view_get_type ())
G_DECLARE_FINAL_TYPE (SbPageView, sb_page_view, SB, PAGE_VIEW, GtkWidget)

GtkWidget    *sb_page_view_new           (void);
GdkPaintable *sb_page_view_get_paintable (SbPageView   *self);
void          sb_page_view_set_paintable (SbPageView   *self,
                                          GdkPaintable *paintable);
void          sb_page_view_set_size      (SbPageView   *self,
                                          int           width,
                                          int           height);
/* Sets the size to width × height fitted into a box, keeping the
 * proportions. */
void          sb_page_view_fit_size      (SbPageView   *self,
                                          double        width,
                                          double        height,
                                          int           box_width,
                                          int           box_height);

G_END_DECLS
