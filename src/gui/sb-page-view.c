/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <math.h>

#include "sb-page-view.h"

struct _SbPageView
{
  GtkWidget     parent_instance;

  GdkPaintable *paintable;
  int           width;
  int           height;
};

G_DEFINE_FINAL_TYPE (SbPageView, sb_page_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_PAINTABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
sb_page_view_measure (GtkWidget      *widget,
                      GtkOrientation  orientation,
                      int             for_size,
                      int            *minimum,
                      int            *natural,
                      int            *minimum_baseline,
                      int            *natural_baseline)
{
  SbPageView *self = SB_PAGE_VIEW (widget);

  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;
}

static void
sb_page_view_snapshot (GtkWidget   *widget,
                       GtkSnapshot *snapshot)
{
  SbPageView *self = SB_PAGE_VIEW (widget);

  if (self->paintable != NULL)
    gdk_paintable_snapshot (self->paintable, snapshot, gtk_widget_get_width (widget),
                            gtk_widget_get_height (widget));
}

static void
sb_page_view_dispose (GObject *object)
{
  SbPageView *self = SB_PAGE_VIEW (object);

  g_clear_object (&self->paintable);
  G_OBJECT_CLASS (sb_page_view_parent_class)->dispose (object);
}

static void
sb_page_view_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  SbPageView *self = SB_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      g_value_set_object (value, self->paintable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_page_view_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  SbPageView *self = SB_PAGE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PAINTABLE:
      sb_page_view_set_paintable (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_page_view_class_init (SbPageViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_page_view_dispose;
  object_class->get_property = sb_page_view_get_property;
  object_class->set_property = sb_page_view_set_property;
  widget_class->measure = sb_page_view_measure;
  widget_class->snapshot = sb_page_view_snapshot;

  properties[PROP_PAINTABLE] =
    g_param_spec_object ("paintable", NULL, NULL, GDK_TYPE_PAINTABLE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "sbpageview");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
sb_page_view_init (SbPageView *self)
{
  /* Drawn at its own size, never stretched. */
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
sb_page_view_new (void)
{
  return g_object_new (SB_TYPE_PAGE_VIEW, NULL);
}

GdkPaintable *
sb_page_view_get_paintable (SbPageView *self)
{
  g_return_val_if_fail (SB_IS_PAGE_VIEW (self), NULL);
  return self->paintable;
}

void
sb_page_view_set_paintable (SbPageView   *self,
                            GdkPaintable *paintable)
{
  g_return_if_fail (SB_IS_PAGE_VIEW (self));
  g_return_if_fail (paintable == NULL || GDK_IS_PAINTABLE (paintable));

  if (!g_set_object (&self->paintable, paintable))
    return;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAINTABLE]);
}

void
sb_page_view_set_size (SbPageView *self,
                       int         width,
                       int         height)
{
  g_return_if_fail (SB_IS_PAGE_VIEW (self));

  width = MAX (width, 1);
  height = MAX (height, 1);
  if (width == self->width && height == self->height)
    return;
  self->width = width;
  self->height = height;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
sb_page_view_fit_size (SbPageView *self,
                       double      width,
                       double      height,
                       int         box_width,
                       int         box_height)
{
  double scale;

  g_return_if_fail (SB_IS_PAGE_VIEW (self));
  if (width <= 0 || height <= 0)
    return;
  scale = MIN (box_width / width, box_height / height);
  sb_page_view_set_size (self, (int) lround (width * scale), (int) lround (height * scale));
}
