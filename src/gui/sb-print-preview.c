/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "sb-packet.h"
#include "sb-packet-exporter.h"
#include "sb-page-renderer.h"
#include "sb-page-view.h"
#include "sb-print-preview.h"
#include "sb-ui-util.h"

/* Around the column of pages and between them, in logical pixels. */
#define MARGIN        24
#define SPACING       18
/* Documents opened at once, each drawing in its own thread. */
#define MAX_WORKERS   4
/* Pages drawn ahead of the view, and pages that keep their image. */
#define PREFETCH      2
#define KEEP          6
#define ZOOM_MIN      0.25
#define ZOOM_MAX      4.0
#define ZOOM_STEP     1.2
/* "100 %": a point is 1/72 inch, a CSS pixel 1/96. */
#define POINTS_TO_PX  (96.0 / 72.0)
/* The page number shows while scrolling, and this long after. */
#define INDICATOR_MS  1500
/* Edits are followed once typing pauses this long. */
#define REFRESH_MS    1000

typedef struct {
  double     width;     /* points, as shown */
  double     height;
  double     scale;     /* device pixels per point of the image shown; 0: none */
  gboolean   busy;
  gboolean   failed;
  gboolean   stale;     /* the image is of the packet shown before */
  GtkWidget *view;      /* SbPageView, owned by the column */
} Page;

struct _SbPrintPreview
{
  AdwWindow          parent_instance;

  /* Template children */
  AdwWindowTitle    *window_title;
  GtkSpinner        *spinner;
  GtkStack          *stack;
  GtkLabel          *working_label;
  GtkProgressBar    *progress_bar;
  AdwStatusPage     *error_page;
  GtkRevealer       *banner;
  GtkLabel          *banner_label;
  GtkButton         *banner_button;
  GtkScrolledWindow *scrolled;
  GtkWidget         *column;
  GtkLabel          *page_label;
  GtkButton         *zoom_button;
  SbPrintChecklist  *checklist;

  /* The packet shown */
  GCancellable      *cancellable;   /* its drawing */
  GFile             *pdf;
  guint64            serial;
  gboolean           draft;
  char              *fingerprint;
  char              *error;         /* why the last one failed */
  guint              generation;    /* one per document shown */

  /* The packet being made to show next, in place of the one shown */
  GCancellable      *build_cancellable;
  SbPacketExporter  *exporter;      /* until shown or dropped */
  gboolean           exported;      /* its file is written: ours to delete */
  GBinding          *progress_binding;
  guint64            build_serial;
  char              *today;
  guint              build_id;
  guint              n_builds;
  guint              n_shown;
  guint              refresh_source;
  gboolean           refresh_wanted;  /* once the first packet is shown */

  GArray            *pages;         /* Page */
  GPtrArray         *renderers;     /* SbPageRenderer*, idle ones */
  double             zoom;
  double             scale;         /* logical pixels per point */
  int                pending_page;  /* to scroll to once laid out, or -1 */
  double             pending_fraction;  /* how far into it, in page heights */
  guint              update_source;
  guint              indicator_source;
  gboolean           disposed;
};

G_DEFINE_FINAL_TYPE (SbPrintPreview, sb_print_preview, ADW_TYPE_WINDOW)

enum {
  REFRESH,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct {
  SbPageRenderer *renderer;
  int             page;
  double          scale;
  guint           generation;
} RenderJob;

typedef struct {
  char       *path;
  guint       build_id;
  GPtrArray  *renderers;   /* out */
  GArray     *sizes;       /* out: double width, height per page */
} OpenJob;

static void queue_update (SbPrintPreview *self);

static void
render_job_free (RenderJob *job)
{
  g_clear_object (&job->renderer);
  g_free (job);
}

static void
open_job_free (OpenJob *job)
{
  g_free (job->path);
  g_clear_pointer (&job->renderers, g_ptr_array_unref);
  g_clear_pointer (&job->sizes, g_array_unref);
  g_free (job);
}

static Page *
get_page (SbPrintPreview *self,
          int             index)
{
  return &g_array_index (self->pages, Page, index);
}

/* States */

static void
update_title (SbPrintPreview *self)
{
  g_autofree char *subtitle = NULL;
  g_autofree char *version = NULL;
  const char *fingerprint = self->fingerprint;
  gboolean draft = self->draft;

  if (self->pages->len > 0 && sb_print_preview_is_updating (self))
    {
      adw_window_title_set_subtitle (self->window_title, _("Updating…"));
      return;
    }
  /* The first packet is being made: its version already. */
  if (self->pages->len == 0 && self->exporter != NULL)
    {
      fingerprint = sb_packet_exporter_get_fingerprint (self->exporter);
      draft = sb_packet_exporter_get_draft (self->exporter);
    }
  if (fingerprint == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }
  version = draft ? g_strdup_printf (_("Draft, version %s"), fingerprint)
                  : g_strdup_printf (_("Version %s"), fingerprint);
  if (self->pages->len > 0)
    subtitle = g_strdup_printf (g_dngettext (NULL, "%s · %u page", "%s · %u pages",
                                             self->pages->len),
                                version, self->pages->len);
  adw_window_title_set_subtitle (self->window_title, subtitle ? subtitle : version);
}

/* The spinner turns while the pages shown are out of date. */
static void
update_status (SbPrintPreview *self)
{
  gboolean updating = self->pages->len > 0 && sb_print_preview_is_updating (self);

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), updating);
  gtk_spinner_set_spinning (self->spinner, updating);
  update_title (self);
}

static void
update_actions (SbPrintPreview *self)
{
  gboolean ready = sb_print_preview_is_ready (self);
  gboolean working = g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "working") == 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-in", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-out", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-fit", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.cancel", working);
}

static void
set_error (SbPrintPreview *self,
           const char     *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
}

static void
show_error (SbPrintPreview *self,
            const char     *title,
            const char     *message)
{
  set_error (self, message);
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  update_actions (self);
}

/* Over the last good pages: they stay, and say why they are old. No
 * dialog: this happens while the person types in the other window. */
static void
show_banner (SbPrintPreview *self,
             const GError   *error)
{
  /* The errors themselves are in the window's Problems; only a draft
   * can be made until they are fixed, which F5 does. */
  if (g_error_matches (error, SB_PACKET_ERROR, SB_PACKET_ERROR_HAS_ERRORS) && !self->draft)
    {
      gtk_label_set_label (self->banner_label,
                           _("The submission now has errors: these pages are from before "
                             "the last changes. Fix the errors, or show a draft."));
      gtk_button_set_label (self->banner_button, _("Show _Draft"));
    }
  else
    {
      g_autofree char *message = g_strdup_printf (_("These pages are from before the last "
                                                    "changes: %s"), error->message);

      gtk_label_set_label (self->banner_label, message);
      gtk_button_set_label (self->banner_button, _("_Try Again"));
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->banner_label), error->message);
  gtk_revealer_set_reveal_child (self->banner, TRUE);
}

static void
clear_pages (SbPrintPreview *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->column)) != NULL)
    gtk_box_remove (GTK_BOX (self->column), child);
  g_array_set_size (self->pages, 0);
}

/* Stops making the next packet, and throws away what it wrote. */
static void
drop_build (SbPrintPreview *self)
{
  self->build_id++;
  if (self->build_cancellable != NULL)
    g_cancellable_cancel (self->build_cancellable);
  g_clear_object (&self->build_cancellable);
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  /* Before it is written, its own callback removes it. */
  if (self->exporter != NULL && self->exported)
    g_file_delete (sb_packet_exporter_get_output (self->exporter), NULL, NULL);
  self->exported = FALSE;
  g_clear_object (&self->exporter);
}

/* Lets go of the packet shown: its drawing and its file. The page
 * views stay, to show the next packet in. */
static void
drop_document (SbPrintPreview *self)
{
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_ptr_array_set_size (self->renderers, 0);
  if (self->pdf != NULL)
    g_file_delete (self->pdf, NULL, NULL);
  g_clear_object (&self->pdf);
  g_clear_pointer (&self->fingerprint, g_free);
}

/* Layout: every page at the same scale, one under the other */

static double
page_height_px (SbPrintPreview *self,
                const Page     *page)
{
  return round (page->height * self->scale);
}

static double
page_top (SbPrintPreview *self,
          int             index)
{
  double top = MARGIN;

  for (int i = 0; i < index; i++)
    top += page_height_px (self, get_page (self, i)) + SPACING;
  return top;
}

static double
wanted_scale (SbPrintPreview *self)
{
  double widest = 0;
  int width = gtk_widget_get_width (GTK_WIDGET (self->scrolled));

  if (self->zoom != SB_PRINT_PREVIEW_ZOOM_FIT)
    return self->zoom * POINTS_TO_PX;
  for (guint i = 0; i < self->pages->len; i++)
    widest = MAX (widest, get_page (self, i)->width);
  if (width <= 0 || widest <= 0)
    return 0;
  /* Room for the overlay scroll bar on the right. */
  return MAX (width - 2 * MARGIN - 8, 120) / widest;
}

static void
update_zoom_label (SbPrintPreview *self)
{
  g_autofree char *label = g_strdup_printf ("%.0f%%", self->scale / POINTS_TO_PX * 100);

  gtk_button_set_label (self->zoom_button, self->scale > 0 ? label : "");
}

static void
relayout (SbPrintPreview *self)
{
  double scale = wanted_scale (self);

  if (scale <= 0 || fabs (scale - self->scale) < 1e-6)
    return;
  /* Keep the page being read in view across the change. */
  if (self->scale > 0 && self->pending_page < 0)
    {
      self->pending_page = sb_print_preview_get_page (self);
      self->pending_fraction = 0;
    }
  self->scale = scale;
  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = get_page (self, i);

      sb_page_view_set_size (SB_PAGE_VIEW (page->view), (int) round (page->width * scale),
                             (int) round (page->height * scale));
    }
  update_zoom_label (self);
}

/* A place in the column is a page and how far into it the view's top
 * is, in page heights (with the space below it): the same place at
 * another scale or with other pages around it. */
static void
scroll_to_place (SbPrintPreview *self,
                 int             index,
                 double          fraction)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double step = page_height_px (self, get_page (self, index)) + SPACING;

  gtk_adjustment_set_value (vadjustment, page_top (self, index) - MARGIN / 2.0 + fraction * step);
}

static void
get_place (SbPrintPreview *self,
           int            *index,
           double         *fraction)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double value = gtk_adjustment_get_value (vadjustment);
  double top = MARGIN / 2.0;

  *index = 0;
  *fraction = 0;
  if (self->scale <= 0)
    return;
  for (guint i = 0; i < self->pages->len; i++)
    {
      double step = page_height_px (self, get_page (self, i)) + SPACING;

      if (value < top + step || i + 1 == self->pages->len)
        {
          *index = (int) i;
          *fraction = (value - top) / step;
          return;
        }
      top += step;
    }
}

static void
vadjustment_changed_cb (SbPrintPreview *self)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  int index = self->pending_page;

  if (index < 0 || index >= (int) self->pages->len || self->scale <= 0)
    return;
  /* Laid out at the new size: the page is where we think it is. */
  if (gtk_adjustment_get_upper (vadjustment) + 1 < page_top (self, self->pages->len))
    return;
  self->pending_page = -1;
  scroll_to_place (self, index, self->pending_fraction);
}

/* The pages in view, from first to last; FALSE before layout. */
static gboolean
get_visible_range (SbPrintPreview *self,
                   int            *first,
                   int            *last)
{
  GtkAdjustment *vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  double value = gtk_adjustment_get_value (vadjustment);
  double bottom = value + gtk_adjustment_get_page_size (vadjustment);
  double top = MARGIN;

  *first = -1;
  *last = -1;
  if (self->scale <= 0 || self->pages->len == 0)
    return FALSE;
  for (guint i = 0; i < self->pages->len; i++)
    {
      double height = page_height_px (self, get_page (self, i));

      if (top + height >= value && top <= bottom)
        {
          if (*first < 0)
            *first = (int) i;
          *last = (int) i;
        }
      top += height + SPACING;
    }
  if (*first < 0)
    *first = *last = (int) self->pages->len - 1;
  return TRUE;
}

static void
update_page_label (SbPrintPreview *self)
{
  g_autofree char *label = NULL;

  if (self->pages->len == 0)
    return;
  label = g_strdup_printf (_("Page %d of %u"), sb_print_preview_get_page (self) + 1,
                           self->pages->len);
  gtk_label_set_label (self->page_label, label);
}

static gboolean
hide_indicator_cb (gpointer user_data)
{
  SbPrintPreview *self = user_data;

  self->indicator_source = 0;
  gtk_widget_add_css_class (GTK_WIDGET (self->page_label), "sb-faded");
  return G_SOURCE_REMOVE;
}

static void
show_indicator (SbPrintPreview *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->page_label), "sb-faded");
  g_clear_handle_id (&self->indicator_source, g_source_remove);
  self->indicator_source = g_timeout_add (INDICATOR_MS, hide_indicator_cb, self);
}

static void
scrolled_cb (SbPrintPreview *self)
{
  show_indicator (self);
  queue_update (self);
}

/* Drawing: poppler in worker threads, one document each */

static void
free_surface (gpointer surface)
{
  cairo_surface_destroy (surface);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;

  cairo_surface_flush (surface);
  /* The texture keeps the surface's pixels: no copy. */
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height, free_surface,
                                      cairo_surface_reference (surface));
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

static void
render_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  RenderJob *job = task_data;
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;

  surface = sb_page_renderer_render_page (job->renderer, job->page, job->scale, cancellable,
                                          &error);
  if (surface == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, texture_from_surface (surface), g_object_unref);
  cairo_surface_destroy (surface);
}

static void
render_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (object);
  RenderJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;
  Page *page;

  texture = g_task_propagate_pointer (G_TASK (result), &error);
  if (self->disposed || job->generation != self->generation)
    return;
  g_ptr_array_add (self->renderers, g_object_ref (job->renderer));
  page = get_page (self, job->page);
  page->busy = FALSE;
  if (texture != NULL)
    {
      sb_page_view_set_paintable (SB_PAGE_VIEW (page->view), GDK_PAINTABLE (texture));
      page->scale = job->scale;
      page->stale = FALSE;
    }
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* A page poppler cannot draw stays blank, rather than retried forever. */
      g_warning ("Page %d of the packet could not be drawn: %s", job->page + 1, error->message);
      page->failed = TRUE;
      if (page->stale)
        sb_page_view_set_paintable (SB_PAGE_VIEW (page->view), NULL);
      page->stale = FALSE;
    }
  queue_update (self);
}

static void
start_render (SbPrintPreview *self,
              int             index,
              double          scale)
{
  g_autoptr(GTask) task = NULL;
  RenderJob *job = g_new0 (RenderJob, 1);

  job->renderer = g_ptr_array_steal_index (self->renderers, self->renderers->len - 1);
  job->page = index;
  job->scale = scale;
  job->generation = self->generation;
  get_page (self, index)->busy = TRUE;

  task = g_task_new (self, self->cancellable, render_done_cb, NULL);
  g_task_set_source_tag (task, start_render);
  g_task_set_task_data (task, job, (GDestroyNotify) render_job_free);
  g_task_run_in_thread (task, render_thread);
}

static gboolean
needs_render (SbPrintPreview *self,
              int             index,
              double          scale)
{
  Page *page;

  if (index < 0 || index >= (int) self->pages->len)
    return FALSE;
  page = get_page (self, index);
  return !page->busy && !page->failed && fabs (page->scale - scale) > 1e-6;
}

/* Pages in view first, top to bottom, then the next ones around them. */
static void
schedule_renders (SbPrintPreview *self)
{
  double scale = self->scale * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int first, last;

  if (!get_visible_range (self, &first, &last))
    return;
  for (int i = first; i <= last + PREFETCH && self->renderers->len > 0; i++)
    if (needs_render (self, i, scale))
      start_render (self, i, scale);
  for (int i = first - 1; i >= first - PREFETCH && self->renderers->len > 0; i--)
    if (needs_render (self, i, scale))
      start_render (self, i, scale);

  /* Far pages give their images back. */
  for (guint i = 0; i < self->pages->len; i++)
    {
      Page *page = get_page (self, i);

      if (((int) i < first - KEEP || (int) i > last + KEEP)
          && (page->scale > 0 || page->stale) && !page->busy)
        {
          sb_page_view_set_paintable (SB_PAGE_VIEW (page->view), NULL);
          page->scale = 0;
          page->stale = FALSE;
        }
    }
}

static gboolean
update_cb (gpointer user_data)
{
  SbPrintPreview *self = user_data;

  self->update_source = 0;
  relayout (self);
  update_page_label (self);
  schedule_renders (self);
  return G_SOURCE_REMOVE;
}

static void
queue_update (SbPrintPreview *self)
{
  if (self->update_source == 0 && !self->disposed && self->pages->len > 0)
    self->update_source = g_idle_add (update_cb, self);
}

/* Opening: a document per worker */

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  OpenJob *job = task_data;
  guint n_workers = CLAMP (g_get_num_processors (), 1, MAX_WORKERS);
  g_autoptr(GError) error = NULL;
  SbPageRenderer *first;
  int n_pages;

  job->renderers = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_workers; i++)
    {
      SbPageRenderer *renderer = sb_page_renderer_new (job->path, cancellable, &error);

      if (renderer == NULL && i == 0)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (renderer == NULL)
        break;
      g_ptr_array_add (job->renderers, renderer);
    }
  first = g_ptr_array_index (job->renderers, 0);
  n_pages = sb_page_renderer_get_n_pages (first);
  job->sizes = g_array_sized_new (FALSE, TRUE, sizeof (double), 2 * n_pages);
  for (int i = 0; i < n_pages; i++)
    {
      double size[2] = { 595.276, 841.89 };

      sb_page_renderer_get_page_size (first, i, &size[0], &size[1]);
      g_array_append_vals (job->sizes, size, 2);
    }
  g_task_return_boolean (task, TRUE);
}

/* Lays out the pages of a new packet in the views of the old one, whose
 * images stay until the new ones are drawn: no blank flash. */
static void
set_pages (SbPrintPreview *self,
           OpenJob        *job)
{
  guint n_pages = job->sizes->len / 2;

  g_ptr_array_extend_and_steal (self->renderers, g_steal_pointer (&job->renderers));
  for (guint i = n_pages; i < self->pages->len; i++)
    gtk_box_remove (GTK_BOX (self->column), get_page (self, i)->view);
  g_array_set_size (self->pages, n_pages);
  for (guint i = 0; i < n_pages; i++)
    {
      Page *page = get_page (self, i);

      page->width = g_array_index (job->sizes, double, 2 * i);
      page->height = g_array_index (job->sizes, double, 2 * i + 1);
      /* The old packet's drawing was cancelled: it never comes back. */
      page->busy = FALSE;
      page->failed = FALSE;
      if (page->view != NULL)
        {
          page->stale = sb_page_view_get_paintable (SB_PAGE_VIEW (page->view)) != NULL;
          page->scale = 0;
          continue;
        }
      {
        g_autofree char *name = g_strdup_printf (_("Page %u"), i + 1);

        page->view = sb_page_view_new ();
        gtk_widget_add_css_class (page->view, "sb-preview-page");
        gtk_accessible_update_property (GTK_ACCESSIBLE (page->view),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
        gtk_box_append (GTK_BOX (self->column), page->view);
      }
    }
}

static void
request_refresh (SbPrintPreview *self,
                 gboolean        forced)
{
  self->refresh_wanted = FALSE;
  g_signal_emit (self, signals[REFRESH], 0, forced);
  /* Nobody may have answered: then nothing is under way. */
  update_status (self);
}

/* The checklist says what the packet shown says. */
static void
update_checklist (SbPrintPreview   *self,
                  SbPacketExporter *exporter)
{
  SbSubmission *snapshot = sb_packet_exporter_get_submission (exporter);
  GPtrArray *places = sb_packet_exporter_get_sign_places (exporter);
  g_autoptr(GPtrArray) none = NULL;

  if (places == NULL)
    places = none = g_ptr_array_new ();
  sb_print_checklist_set_template (self->checklist, sb_submission_get_template (snapshot),
                                   self->today);
  sb_print_checklist_set_fingerprint (self->checklist,
                                      sb_packet_exporter_get_fingerprint (exporter),
                                      sb_packet_exporter_get_draft (exporter));
  sb_print_checklist_set_sign_places (self->checklist, places);
}

/* The new packet takes the place of the one shown, at the same place in
 * it and the same zoom. */
static void
show_build (SbPrintPreview *self,
            OpenJob        *job)
{
  g_autoptr(SbPacketExporter) exporter = g_steal_pointer (&self->exporter);
  gboolean first = self->pages->len == 0;
  double fraction = 0;
  int place = 0;

  if (!first)
    get_place (self, &place, &fraction);
  self->n_shown++;
  self->exported = FALSE;
  drop_build (self);
  drop_document (self);
  self->pdf = g_object_ref (sb_packet_exporter_get_output (exporter));
  self->serial = self->build_serial;
  self->draft = sb_packet_exporter_get_draft (exporter);
  self->fingerprint = g_strdup (sb_packet_exporter_get_fingerprint (exporter));
  g_clear_pointer (&self->error, g_free);
  update_checklist (self, exporter);

  set_pages (self, job);
  gtk_revealer_set_reveal_child (self->banner, FALSE);
  gtk_stack_set_visible_child_name (self->stack, "pages");
  self->scale = 0;
  relayout (self);
  if (first)
    {
      /* Page Up and Down, Home and End scroll the pages from the start. */
      gtk_widget_grab_focus (self->column);
      gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
      show_indicator (self);
    }
  else if (self->pages->len > 0)
    {
      /* Fewer pages than before: the last one. */
      if (place >= (int) self->pages->len)
        {
          place = (int) self->pages->len - 1;
          fraction = 0;
        }
      self->pending_page = place;
      self->pending_fraction = fraction;
      vadjustment_changed_cb (self);
    }
  update_actions (self);
  update_status (self);
  queue_update (self);
  if (self->refresh_wanted)
    request_refresh (self, FALSE);
}

static void
build_failed (SbPrintPreview *self,
              const GError   *error)
{
  gboolean cancelled = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_debug ("Print preview not made: %s", error->message);
  drop_build (self);
  if (self->pages->len == 0)
    {
      if (cancelled)
        show_error (self, _("Preview Cancelled"), _("The packet was not made."));
      else
        show_error (self, _("No Preview"), error->message);
    }
  else
    {
      set_error (self, error->message);
      show_banner (self, error);
    }
  update_status (self);
  if (self->refresh_wanted)
    request_refresh (self, FALSE);
}

static void
open_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (object);
  OpenJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  /* A newer packet is wanted: drop_build() removed this one's file. */
  if (self->disposed || job->build_id != self->build_id)
    return;
  if (!ok)
    build_failed (self, error);
  else
    show_build (self, job);
}

static void
open_pages (SbPrintPreview *self)
{
  g_autoptr(GTask) task = g_task_new (self, self->build_cancellable, open_done_cb, NULL);
  OpenJob *job = g_new0 (OpenJob, 1);

  job->path = g_file_get_path (sb_packet_exporter_get_output (self->exporter));
  job->build_id = self->build_id;
  g_task_set_source_tag (task, open_pages);
  g_task_set_task_data (task, job, (GDestroyNotify) open_job_free);
  gtk_label_set_label (self->working_label, _("Opening the packet…"));
  g_task_run_in_thread (task, open_thread);
}

/* Exporting to the cache */

static void
export_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SbPrintPreview) self = user_data;
  SbPacketExporter *exporter = SB_PACKET_EXPORTER (object);
  g_autoptr(GError) error = NULL;
  gboolean ok = sb_packet_exporter_run_finish (exporter, result, &error);

  if (self->disposed || exporter != self->exporter)
    {
      /* Nobody will look at it. */
      if (ok)
        g_file_delete (sb_packet_exporter_get_output (exporter), NULL, NULL);
      return;
    }
  if (!ok)
    {
      build_failed (self, error);
      return;
    }
  self->exported = TRUE;
  g_clear_pointer (&self->progress_binding, g_binding_unbind);
  open_pages (self);
}

/* Following the submission */

static gboolean
refresh_cb (gpointer user_data)
{
  SbPrintPreview *self = user_data;

  self->refresh_source = 0;
  /* The first packet is still being made: once it shows. */
  if (self->exporter != NULL)
    {
      self->refresh_wanted = TRUE;
      return G_SOURCE_REMOVE;
    }
  request_refresh (self, FALSE);
  return G_SOURCE_REMOVE;
}

/* Actions */

static void
activate_on_parent (SbPrintPreview *self,
                    const char     *action)
{
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), action, NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  activate_on_parent (SB_PRINT_PREVIEW (widget), "win.print");
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  activate_on_parent (SB_PRINT_PREVIEW (widget), "win.export-pdf");
}

/* F5: at once, whatever is pending. */
static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  request_refresh (self, TRUE);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (widget);

  /* Not made again behind the person's back either. */
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_wanted = FALSE;
  if (self->build_cancellable != NULL)
    g_cancellable_cancel (self->build_cancellable);
}

static double
current_zoom (SbPrintPreview *self)
{
  return self->scale > 0 ? self->scale / POINTS_TO_PX : 1.0;
}

static void
zoom_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (widget);

  sb_print_preview_set_zoom (self, current_zoom (self) * ZOOM_STEP);
}

static void
zoom_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (widget);

  sb_print_preview_set_zoom (self, current_zoom (self) / ZOOM_STEP);
}

static void
zoom_fit_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  sb_print_preview_set_zoom (SB_PRINT_PREVIEW (widget), SB_PRINT_PREVIEW_ZOOM_FIT);
}

static void
checklist_page_activated_cb (SbPrintPreview *self,
                             guint           page)
{
  sb_print_preview_set_page (self, (int) page - 1);
}

/* Object */

/* Closed: gtk_window_destroy() unrealizes it at once, while its workers
 * may hold it a moment longer. No more packets for nobody to see, and
 * the file of the one shown goes now. */
static void
sb_print_preview_unrealize (GtkWidget *widget)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (widget);

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_wanted = FALSE;
  drop_build (self);
  drop_document (self);
  GTK_WIDGET_CLASS (sb_print_preview_parent_class)->unrealize (widget);
}

static void
sb_print_preview_dispose (GObject *object)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (object);

  self->disposed = TRUE;
  g_clear_handle_id (&self->update_source, g_source_remove);
  g_clear_handle_id (&self->indicator_source, g_source_remove);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->cancellable != NULL)
    {
      drop_build (self);
      drop_document (self);
      clear_pages (self);
      g_clear_object (&self->cancellable);
    }
  G_OBJECT_CLASS (sb_print_preview_parent_class)->dispose (object);
}

static void
sb_print_preview_finalize (GObject *object)
{
  SbPrintPreview *self = SB_PRINT_PREVIEW (object);

  g_clear_pointer (&self->pages, g_array_unref);
  g_clear_pointer (&self->renderers, g_ptr_array_unref);
  g_free (self->error);
  g_free (self->fingerprint);
  g_free (self->today);
  G_OBJECT_CLASS (sb_print_preview_parent_class)->finalize (object);
}

static void
add_shortcut (GtkWidgetClass  *widget_class,
              guint            keyval,
              GdkModifierType  modifiers,
              const char      *action)
{
  gtk_widget_class_add_binding_action (widget_class, keyval, modifiers, action, NULL);
}

static void
sb_print_preview_class_init (SbPrintPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_print_preview_dispose;
  object_class->finalize = sb_print_preview_finalize;
  widget_class->unrealize = sb_print_preview_unrealize;

  /**
   * SbPrintPreview::refresh:
   * @forced: TRUE for F5, FALSE after the submission changed
   *
   * Asks for the packet anew: answer with sb_print_preview_load().
   */
  signals[REFRESH] =
    g_signal_new ("refresh", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  sb_ui_ensure_resources ();
  g_type_ensure (SB_TYPE_PRINT_CHECKLIST);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/shenbao/Shenbao/sb-print-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, window_title);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, spinner);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, working_label);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, error_page);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, banner);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, banner_label);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, banner_button);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, scrolled);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, column);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, page_label);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, zoom_button);
  gtk_widget_class_bind_template_child (widget_class, SbPrintPreview, checklist);
  gtk_widget_class_bind_template_callback (widget_class, checklist_page_activated_cb);

  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "preview.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "preview.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "preview.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_in_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_out_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-fit", NULL, zoom_fit_action);

  add_shortcut (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print");
  add_shortcut (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "preview.export");
  add_shortcut (widget_class, GDK_KEY_F5, 0, "preview.reload");
  add_shortcut (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in");
  add_shortcut (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in");
  add_shortcut (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "preview.zoom-in");
  add_shortcut (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out");
  add_shortcut (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "preview.zoom-out");
  add_shortcut (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-fit");
  add_shortcut (widget_class, GDK_KEY_Escape, 0, "window.close");
  add_shortcut (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close");
}

static void
sb_print_preview_init (SbPrintPreview *self)
{
  GtkAdjustment *hadjustment, *vadjustment;

  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  self->renderers = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
  self->zoom = SB_PRINT_PREVIEW_ZOOM_FIT;
  self->pending_page = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_box_set_spacing (GTK_BOX (self->column), SPACING);
  gtk_widget_set_focusable (self->column, TRUE);
  gtk_widget_set_margin_top (self->column, MARGIN);
  gtk_widget_set_margin_bottom (self->column, MARGIN);
  gtk_widget_set_margin_start (self->column, MARGIN);
  gtk_widget_set_margin_end (self->column, MARGIN);

  hadjustment = gtk_scrolled_window_get_hadjustment (self->scrolled);
  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  /* A new width refits the pages; scrolling draws the pages come into view. */
  g_signal_connect_object (hadjustment, "notify::page-size", G_CALLBACK (queue_update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "value-changed", G_CALLBACK (scrolled_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "notify::page-size", G_CALLBACK (queue_update), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "changed", G_CALLBACK (vadjustment_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->scrolled, "notify::scale-factor", G_CALLBACK (queue_update),
                           self, G_CONNECT_SWAPPED);
  update_zoom_label (self);
  update_actions (self);
}

/* Public API */

SbPrintPreview *
sb_print_preview_new (GtkWindow *parent)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  return g_object_new (SB_TYPE_PRINT_PREVIEW,
                       "transient-for", parent,
                       "destroy-with-parent", TRUE,
                       "application", parent ? gtk_window_get_application (parent) : NULL,
                       NULL);
}

void
sb_print_preview_load (SbPrintPreview *self,
                       SbSubmission   *snapshot,
                       GFile          *file,
                       guint64         serial,
                       gboolean        draft,
                       const char     *today)
{
  g_return_if_fail (SB_IS_PRINT_PREVIEW (self));
  g_return_if_fail (SB_IS_SUBMISSION (snapshot));
  g_return_if_fail (G_IS_FILE (file));

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_wanted = FALSE;
  drop_build (self);
  g_free (self->today);
  self->today = g_strdup (today);
  self->build_serial = serial;
  self->build_cancellable = g_cancellable_new ();
  self->exporter = sb_packet_exporter_new (snapshot, file, draft, today);
  sb_packet_exporter_set_find_sign_places (self->exporter, TRUE);
  self->n_builds++;

  /* Nothing shown yet: the packet being made, with progress. Else the
   * pages shown stay until the new ones replace them. */
  if (self->pages->len == 0)
    {
      drop_document (self);
      sb_print_checklist_set_template (self->checklist, sb_submission_get_template (snapshot),
                                       today);
      sb_print_checklist_set_sign_places (self->checklist, NULL);
      sb_print_checklist_set_fingerprint (self->checklist,
                                          sb_packet_exporter_get_fingerprint (self->exporter),
                                          draft);
      gtk_label_set_label (self->working_label, _("Making the packet…"));
      self->progress_binding = g_object_bind_property (self->exporter, "fraction",
                                                       self->progress_bar, "fraction",
                                                       G_BINDING_SYNC_CREATE);
      gtk_stack_set_visible_child_name (self->stack, "working");
    }
  update_status (self);
  update_actions (self);
  sb_packet_exporter_run_async (self->exporter, self->build_cancellable, export_done_cb,
                                g_object_ref (self));
}

void
sb_print_preview_queue_refresh (SbPrintPreview *self)
{
  g_return_if_fail (SB_IS_PRINT_PREVIEW (self));

  if (self->disposed || !gtk_widget_get_realized (GTK_WIDGET (self)))
    return;
  /* A rebuild under way is out of date already; the first packet is
   * let finish, to show something. */
  if (self->exporter != NULL && self->pages->len > 0)
    drop_build (self);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  self->refresh_source = g_timeout_add (REFRESH_MS, refresh_cb, self);
  update_status (self);
}

gint64
sb_print_preview_get_refresh_time (SbPrintPreview *self)
{
  GSource *source;

  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), 0);
  if (self->refresh_source == 0)
    return 0;
  source = g_main_context_find_source_by_id (NULL, self->refresh_source);
  return source ? g_source_get_ready_time (source) : 0;
}

gboolean
sb_print_preview_is_updating (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), FALSE);
  return self->refresh_source != 0 || self->refresh_wanted || self->exporter != NULL;
}

guint
sb_print_preview_get_n_builds (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), 0);
  return self->n_builds;
}

guint
sb_print_preview_get_n_shown (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), 0);
  return self->n_shown;
}

const char *
sb_print_preview_get_fingerprint (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), NULL);
  return self->fingerprint;
}

void
sb_print_preview_show_failure (SbPrintPreview *self,
                               const GError   *error)
{
  g_return_if_fail (SB_IS_PRINT_PREVIEW (self));
  g_return_if_fail (error != NULL);

  build_failed (self, error);
}

guint64
sb_print_preview_get_serial (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), 0);
  return self->serial;
}

gboolean
sb_print_preview_get_draft (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), FALSE);
  return self->draft;
}

GFile *
sb_print_preview_get_pdf (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), NULL);
  return self->pdf;
}

gboolean
sb_print_preview_is_ready (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), FALSE);
  return self->pages->len > 0;
}

const char *
sb_print_preview_get_error (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), NULL);
  return self->error;
}

int
sb_print_preview_get_n_pages (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), 0);
  return (int) self->pages->len;
}

int
sb_print_preview_get_n_rendered (SbPrintPreview *self)
{
  int n = 0;

  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), 0);
  for (guint i = 0; i < self->pages->len; i++)
    if (sb_page_view_get_paintable (SB_PAGE_VIEW (get_page (self, i)->view)) != NULL)
      n++;
  return n;
}

int
sb_print_preview_get_page (SbPrintPreview *self)
{
  GtkAdjustment *vadjustment;
  double middle, top = MARGIN;

  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), 0);
  if (self->pages->len == 0 || self->scale <= 0)
    return 0;
  vadjustment = gtk_scrolled_window_get_vadjustment (self->scrolled);
  middle = gtk_adjustment_get_value (vadjustment) + gtk_adjustment_get_page_size (vadjustment) / 2;
  for (guint i = 0; i < self->pages->len; i++)
    {
      top += page_height_px (self, get_page (self, i)) + SPACING;
      if (middle < top)
        return (int) i;
    }
  return (int) self->pages->len - 1;
}

void
sb_print_preview_set_page (SbPrintPreview *self,
                           int             page)
{
  g_return_if_fail (SB_IS_PRINT_PREVIEW (self));

  if (self->pages->len == 0)
    return;
  page = CLAMP (page, 0, (int) self->pages->len - 1);
  /* Before the first layout, the scroll waits for it. */
  self->pending_page = page;
  vadjustment_changed_cb (self);
}

double
sb_print_preview_get_zoom (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), SB_PRINT_PREVIEW_ZOOM_FIT);
  return self->zoom;
}

void
sb_print_preview_set_zoom (SbPrintPreview *self,
                           double          zoom)
{
  g_return_if_fail (SB_IS_PRINT_PREVIEW (self));

  if (zoom != SB_PRINT_PREVIEW_ZOOM_FIT)
    zoom = CLAMP (zoom, ZOOM_MIN, ZOOM_MAX);
  self->zoom = zoom;
  relayout (self);
  queue_update (self);
}

GtkWidget *
sb_print_preview_get_page_view (SbPrintPreview *self,
                                int             page)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), NULL);
  g_return_val_if_fail (page >= 0 && page < (int) self->pages->len, NULL);
  return get_page (self, page)->view;
}

SbPrintChecklist *
sb_print_preview_get_checklist (SbPrintPreview *self)
{
  g_return_val_if_fail (SB_IS_PRINT_PREVIEW (self), NULL);
  return self->checklist;
}
