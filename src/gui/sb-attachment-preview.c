/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <math.h>
#include <stdlib.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "sb-attachment-preview.h"
#include "sb-page-view.h"
#include "sb-thumbnail-cache.h"

/* Points to logical pixels at 100 %: 96 dpi. */
#define PIXELS_PER_POINT  (96.0 / 72.0)
#define PAGE_MARGIN       24
#define GRID_THUMBNAIL    112
#define RESIZE_DELAY_MS   120
/* Page images first, then the grid; the rows' thumbnails sit between. */
#define PAGE_PRIORITY     (G_PRIORITY_HIGH)
#define GRID_PRIORITY     (G_PRIORITY_DEFAULT + 10)

static const double zoom_steps[] = {
  0.25, 0.33, 0.5, 0.67, 0.75, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 4.0
};

struct _SbAttachmentPreview
{
  GtkWidget           parent_instance;

  SbSubmission       *submission;
  char               *sha256;
  guint               index;
  int                 n_pages;
  int                 page;
  double              zoom;          /* SB_PREVIEW_ZOOM_FIT or a factor */
  double              page_width;    /* points, of the page shown; 0 unknown */
  double              page_height;
  int                 shown_width;   /* pixels of the texture shown or coming */
  char               *error;

  GtkWidget          *box;
  GtkWidget          *title;
  GtkWidget          *name;
  GtkWidget          *page_label;
  GtkWidget          *zoom_label;
  GtkWidget          *stack;
  GtkWidget          *status;
  GtkWidget          *grid;
  GtkStringList      *pages;
  GtkSingleSelection *selection;
  GtkWidget          *scrolled;
  GtkWidget          *page_view;
  GtkWidget          *spinner;

  GCancellable       *cancellable;       /* everything for this attachment */
  GCancellable       *page_cancellable;  /* the page being drawn */
  guint               resize_source;
};

G_DEFINE_FINAL_TYPE (SbAttachmentPreview, sb_attachment_preview, GTK_TYPE_WIDGET)

enum {
  CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void render_page (SbAttachmentPreview *self);

static double
get_page_width (SbAttachmentPreview *self)
{
  return self->page_width > 0 ? self->page_width : 595.276;
}

static double
get_page_height (SbAttachmentPreview *self)
{
  return self->page_height > 0 ? self->page_height : 841.89;
}

/* The page's width on screen, in logical pixels. */
static int
get_logical_width (SbAttachmentPreview *self)
{
  int available = gtk_widget_get_width (self->scrolled) - 2 * PAGE_MARGIN;

  if (self->zoom == SB_PREVIEW_ZOOM_FIT)
    return MAX (available, 120);
  return MAX ((int) lround (get_page_width (self) * PIXELS_PER_POINT * self->zoom), 16);
}

static double
get_effective_zoom (SbAttachmentPreview *self)
{
  return get_logical_width (self) / (get_page_width (self) * PIXELS_PER_POINT);
}

/* Labels and actions */

static void
update_controls (SbAttachmentPreview *self)
{
  g_autofree char *page = NULL;
  g_autofree char *zoom = NULL;
  double effective = get_effective_zoom (self);

  page = g_strdup_printf (_("Page %d of %d"), self->page + 1, MAX (self->n_pages, 1));
  gtk_label_set_text (GTK_LABEL (self->page_label), page);
  if (self->zoom == SB_PREVIEW_ZOOM_FIT)
    zoom = g_strdup (_("Fit Width"));
  else
    zoom = g_strdup_printf (_("%d %%"), (int) lround (self->zoom * 100));
  gtk_label_set_text (GTK_LABEL (self->zoom_label), zoom);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.previous-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.first-page", self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.next-page",
                                 self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.last-page",
                                 self->page + 1 < self->n_pages);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-in",
                                 effective < zoom_steps[G_N_ELEMENTS (zoom_steps) - 1] - 0.01);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preview.zoom-out",
                                 effective > zoom_steps[0] + 0.01);
}

static void
set_n_pages (SbAttachmentPreview *self,
             int                  n_pages)
{
  guint old = g_list_model_get_n_items (G_LIST_MODEL (self->pages));
  g_autoptr(GPtrArray) numbers = NULL;

  n_pages = MAX (n_pages, 1);
  self->n_pages = n_pages;
  if (old == (guint) n_pages)
    return;
  numbers = g_ptr_array_new_with_free_func (g_free);
  for (int i = old < (guint) n_pages ? (int) old : 0; i < n_pages; i++)
    g_ptr_array_add (numbers, g_strdup_printf ("%d", i + 1));
  g_ptr_array_add (numbers, NULL);
  if (old < (guint) n_pages)
    gtk_string_list_splice (self->pages, old, 0, (const char * const *) numbers->pdata);
  else
    gtk_string_list_splice (self->pages, 0, old, (const char * const *) numbers->pdata);
}

static void
show_error (SbAttachmentPreview *self,
            const char          *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_description (ADW_STATUS_PAGE (self->status), message);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "error");
}

/* The page */

static void
size_page_view (SbAttachmentPreview *self)
{
  int width = get_logical_width (self);
  int height = (int) lround (width * get_page_height (self) / get_page_width (self));

  sb_page_view_set_size (SB_PAGE_VIEW (self->page_view), width, height);
}

static void
page_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(SbAttachmentPreview) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  double width = 0, height = 0;
  int n_pages = 0;
  gboolean resized;

  texture = sb_thumbnail_cache_load_finish (SB_THUMBNAIL_CACHE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (GTK_SPINNER (self->spinner));
  gtk_widget_set_visible (self->spinner, FALSE);
  if (texture == NULL)
    {
      show_error (self, error->message);
      return;
    }
  sb_thumbnail_get_page_info (texture, &n_pages, &width, &height);
  resized = fabs (width - self->page_width) > 0.5 || fabs (height - self->page_height) > 0.5;
  self->page_width = width;
  self->page_height = height;
  if (n_pages != self->n_pages)
    set_n_pages (self, n_pages);
  sb_page_view_set_paintable (SB_PAGE_VIEW (self->page_view), GDK_PAINTABLE (texture));
  size_page_view (self);
  update_controls (self);
  /* Guessed the size wrong at a fixed zoom: draw it again, sharp. */
  if (resized && self->zoom != SB_PREVIEW_ZOOM_FIT)
    render_page (self);
}

static void
render_page (SbAttachmentPreview *self)
{
  SbThumbnailCache *cache = sb_thumbnail_cache_get_default ();
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int width = MIN (get_logical_width (self) * scale, SB_RENDER_MAX_SIDE);
  g_autoptr(GdkTexture) texture = NULL;

  if (self->sha256 == NULL)
    return;
  size_page_view (self);
  update_controls (self);
  /* Not laid out yet: the width to fit comes with the first allocation. */
  if (self->zoom == SB_PREVIEW_ZOOM_FIT && gtk_widget_get_width (self->scrolled) <= 0)
    return;
  if (width == self->shown_width)
    return;
  self->shown_width = width;
  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);

  texture = sb_thumbnail_cache_lookup (cache, self->sha256, self->page, SB_THUMBNAIL_FIT_WIDTH,
                                       width);
  if (texture != NULL)
    {
      sb_page_view_set_paintable (SB_PAGE_VIEW (self->page_view), GDK_PAINTABLE (texture));
      return;
    }
  self->page_cancellable = g_cancellable_new ();
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           self->page_cancellable, G_CONNECT_SWAPPED);
  gtk_widget_set_visible (self->spinner, TRUE);
  gtk_spinner_start (GTK_SPINNER (self->spinner));
  sb_thumbnail_cache_load_async (cache, self->submission, self->sha256, self->page,
                                 SB_THUMBNAIL_FIT_WIDTH, width, PAGE_PRIORITY,
                                 self->page_cancellable, page_loaded_cb, g_object_ref (self));
}

/* Until the page is drawn, its thumbnail stands in, blurred but there. */
static void
show_stand_in (SbAttachmentPreview *self)
{
  int scale = gtk_widget_get_scale_factor (GTK_WIDGET (self));
  g_autoptr(GdkTexture) texture = NULL;

  texture = sb_thumbnail_cache_lookup (sb_thumbnail_cache_get_default (), self->sha256,
                                       self->page, SB_THUMBNAIL_FIT_BOX, GRID_THUMBNAIL * scale);
  sb_page_view_set_paintable (SB_PAGE_VIEW (self->page_view),
                              texture ? GDK_PAINTABLE (texture) : NULL);
}

static void
go_to_page (SbAttachmentPreview *self,
            int                  page)
{
  GtkAdjustment *vadjustment;

  page = CLAMP (page, 0, MAX (self->n_pages, 1) - 1);
  if (page == self->page && self->shown_width != 0)
    return;
  self->page = page;
  self->shown_width = 0;
  if (gtk_single_selection_get_selected (self->selection) != (guint) page)
    gtk_single_selection_set_selected (self->selection, page);
  gtk_widget_activate_action (self->grid, "list.scroll-to-item", "u", (guint) page);
  vadjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  gtk_adjustment_set_value (vadjustment, gtk_adjustment_get_lower (vadjustment));
  show_stand_in (self);
  render_page (self);
}

static void
set_zoom (SbAttachmentPreview *self,
          double               zoom)
{
  self->zoom = zoom;
  render_page (self);
}

static gboolean
resize_cb (gpointer user_data)
{
  SbAttachmentPreview *self = user_data;

  self->resize_source = 0;
  render_page (self);
  return G_SOURCE_REMOVE;
}

/* Fitting the width follows the window, a moment after resizing. This
 * runs while GTK allocates sizes: resizing anything now would leave it
 * unallocated, so even the first drawing waits for a main loop turn. */
static void
viewport_changed_cb (SbAttachmentPreview *self)
{
  if (self->zoom != SB_PREVIEW_ZOOM_FIT || self->sha256 == NULL)
    return;
  g_clear_handle_id (&self->resize_source, g_source_remove);
  /* Before the next frame, not after every frame of the transition. */
  if (self->shown_width == 0)
    self->resize_source = g_idle_add_full (G_PRIORITY_DEFAULT, resize_cb, self, NULL);
  else
    self->resize_source = g_timeout_add (RESIZE_DELAY_MS, resize_cb, self);
}

static void
scale_factor_cb (SbAttachmentPreview *self)
{
  render_page (self);
}

/* The grid */

typedef struct {
  SbAttachmentPreview *self;
  GtkListItem         *item;
  int                  page;
} GridLoad;

static void
grid_load_free (GridLoad *load)
{
  g_object_unref (load->self);
  g_object_unref (load->item);
  g_free (load);
}

static int
item_page (GtkListItem *item)
{
  GtkStringObject *number = gtk_list_item_get_item (item);

  return number ? atoi (gtk_string_object_get_string (number)) - 1 : -1;
}

static GtkWidget *
item_view (GtkListItem *item)
{
  return gtk_widget_get_first_child (gtk_list_item_get_child (item));
}

static void
grid_thumbnail_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GridLoad *load = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkWidget *view;
  double width = 0, height = 0;

  texture = sb_thumbnail_cache_load_finish (SB_THUMBNAIL_CACHE (object), result, &error);
  view = gtk_list_item_get_child (load->item) ? item_view (load->item) : NULL;
  /* Cancelled: unbound, or bound again to another request. */
  if (view != NULL && item_page (load->item) == load->page
      && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_set_data (G_OBJECT (load->item), "cancellable", NULL);
      if (texture != NULL && sb_thumbnail_get_page_info (texture, NULL, &width, &height))
        {
          sb_page_view_fit_size (SB_PAGE_VIEW (view), width, height, GRID_THUMBNAIL,
                                 GRID_THUMBNAIL);
          sb_page_view_set_paintable (SB_PAGE_VIEW (view), GDK_PAINTABLE (texture));
        }
      else if (error != NULL)
        {
          gtk_widget_add_css_class (view, "sb-broken");
          gtk_widget_set_tooltip_text (view, error->message);
        }
    }
  grid_load_free (load);
}

static void
cancel_and_unref (gpointer data)
{
  g_cancellable_cancel (data);
  g_object_unref (data);
}

static void
grid_setup_cb (SbAttachmentPreview *self,
               GtkListItem         *item)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *view = sb_page_view_new ();
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_add_css_class (view, "sb-thumbnail");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_size_request (box, GRID_THUMBNAIL, -1);
  gtk_widget_set_valign (view, GTK_ALIGN_END);
  gtk_widget_set_vexpand (view, TRUE);
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
grid_bind_cb (SbAttachmentPreview *self,
              GtkListItem         *item)
{
  SbThumbnailCache *cache = sb_thumbnail_cache_get_default ();
  int size = GRID_THUMBNAIL * gtk_widget_get_scale_factor (GTK_WIDGET (self));
  int page = item_page (item);
  GtkWidget *view = item_view (item);
  GtkWidget *label = gtk_widget_get_next_sibling (view);
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *number = g_strdup_printf ("%d", page + 1);
  g_autofree char *name = g_strdup_printf (_("Page %d"), page + 1);
  GCancellable *cancellable;
  GridLoad *load;

  gtk_label_set_text (GTK_LABEL (label), number);
  gtk_accessible_update_property (GTK_ACCESSIBLE (view), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  gtk_widget_remove_css_class (view, "sb-broken");
  gtk_widget_set_tooltip_text (view, NULL);
  texture = sb_thumbnail_cache_lookup (cache, self->sha256, page, SB_THUMBNAIL_FIT_BOX, size);
  sb_page_view_set_paintable (SB_PAGE_VIEW (view), texture ? GDK_PAINTABLE (texture) : NULL);
  sb_page_view_fit_size (SB_PAGE_VIEW (view), get_page_width (self), get_page_height (self),
                         GRID_THUMBNAIL, GRID_THUMBNAIL);
  if (texture != NULL)
    {
      double width, height;

      if (sb_thumbnail_get_page_info (texture, NULL, &width, &height))
        sb_page_view_fit_size (SB_PAGE_VIEW (view), width, height, GRID_THUMBNAIL, GRID_THUMBNAIL);
      return;
    }

  cancellable = g_cancellable_new ();
  g_object_set_data_full (G_OBJECT (item), "cancellable", cancellable, cancel_and_unref);
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (g_cancellable_cancel),
                           cancellable, G_CONNECT_SWAPPED);
  load = g_new0 (GridLoad, 1);
  load->self = g_object_ref (self);
  load->item = g_object_ref (item);
  load->page = page;
  sb_thumbnail_cache_load_async (cache, self->submission, self->sha256, page,
                                 SB_THUMBNAIL_FIT_BOX, size, GRID_PRIORITY, cancellable,
                                 grid_thumbnail_cb, load);
}

/* Scrolled out of sight: its drawing is not wanted any more. */
static void
grid_unbind_cb (SbAttachmentPreview *self,
                GtkListItem         *item)
{
  g_object_set_data (G_OBJECT (item), "cancellable", NULL);
  sb_page_view_set_paintable (SB_PAGE_VIEW (item_view (item)), NULL);
}

static void
selected_cb (SbAttachmentPreview *self)
{
  guint selected = gtk_single_selection_get_selected (self->selection);

  if (selected != GTK_INVALID_LIST_POSITION)
    go_to_page (self, (int) selected);
}

/* Actions */

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SbAttachmentPreview *self = SB_ATTACHMENT_PREVIEW (widget);

  if (g_str_equal (action_name, "preview.next-page"))
    go_to_page (self, self->page + 1);
  else if (g_str_equal (action_name, "preview.previous-page"))
    go_to_page (self, self->page - 1);
  else if (g_str_equal (action_name, "preview.first-page"))
    go_to_page (self, 0);
  else
    go_to_page (self, self->n_pages - 1);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  SbAttachmentPreview *self = SB_ATTACHMENT_PREVIEW (widget);
  double current = get_effective_zoom (self);
  guint n = G_N_ELEMENTS (zoom_steps);

  if (g_str_equal (action_name, "preview.zoom-fit"))
    set_zoom (self, SB_PREVIEW_ZOOM_FIT);
  else if (g_str_equal (action_name, "preview.zoom-reset"))
    set_zoom (self, 1.0);
  else if (g_str_equal (action_name, "preview.zoom-in"))
    {
      for (guint i = 0; i < n; i++)
        if (zoom_steps[i] > current + 0.01)
          {
            set_zoom (self, zoom_steps[i]);
            return;
          }
    }
  else
    {
      for (guint i = n; i > 0; i--)
        if (zoom_steps[i - 1] < current - 0.01)
          {
            set_zoom (self, zoom_steps[i - 1]);
            return;
          }
    }
}

static void
close_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  g_signal_emit (widget, signals[CLOSED], 0);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  keyval,
              GdkModifierType        modifiers,
              const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
    gtk_shortcut_new (gtk_keyval_trigger_new (keyval, modifiers),
                      gtk_named_action_new (action)));
}

/* Caught before the scrolled page or the grid would use the keys to
 * scroll: paging is what they mean here. */
static void
add_shortcuts (SbAttachmentPreview *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcutController *shortcuts = GTK_SHORTCUT_CONTROLLER (controller);

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (shortcuts, GDK_KEY_Page_Down, 0, "preview.next-page");
  add_shortcut (shortcuts, GDK_KEY_KP_Page_Down, 0, "preview.next-page");
  add_shortcut (shortcuts, GDK_KEY_Right, 0, "preview.next-page");
  add_shortcut (shortcuts, GDK_KEY_Page_Up, 0, "preview.previous-page");
  add_shortcut (shortcuts, GDK_KEY_KP_Page_Up, 0, "preview.previous-page");
  add_shortcut (shortcuts, GDK_KEY_Left, 0, "preview.previous-page");
  add_shortcut (shortcuts, GDK_KEY_Home, 0, "preview.first-page");
  add_shortcut (shortcuts, GDK_KEY_End, 0, "preview.last-page");
  add_shortcut (shortcuts, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "preview.zoom-in");
  add_shortcut (shortcuts, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "preview.zoom-out");
  add_shortcut (shortcuts, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-fit");
  add_shortcut (shortcuts, GDK_KEY_1, GDK_CONTROL_MASK, "preview.zoom-reset");
  add_shortcut (shortcuts, GDK_KEY_Escape, 0, "preview.close");
  add_shortcut (shortcuts, GDK_KEY_Left, GDK_ALT_MASK, "preview.close");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* Building */

static GtkWidget *
make_button (const char *icon,
             const char *tooltip,
             const char *action)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  tooltip, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  return button;
}

static GtkWidget *
make_linked (GtkWidget *first,
             ...)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  va_list args;

  gtk_widget_add_css_class (box, "linked");
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  va_start (args, first);
  for (GtkWidget *child = first; child != NULL; child = va_arg (args, GtkWidget *))
    gtk_box_append (GTK_BOX (box), child);
  va_end (args);
  return box;
}

static GtkWidget *
build_zoom (SbAttachmentPreview *self)
{
  GtkWidget *menu_button = gtk_menu_button_new ();
  g_autoptr(GMenu) menu = g_menu_new ();

  g_menu_append (menu, _("_Fit Width"), "preview.zoom-fit");
  g_menu_append (menu, _("_Actual Size"), "preview.zoom-reset");
  self->zoom_label = gtk_label_new (NULL);
  gtk_label_set_width_chars (GTK_LABEL (self->zoom_label), 7);
  gtk_widget_add_css_class (self->zoom_label, "numeric");
  gtk_menu_button_set_child (GTK_MENU_BUTTON (menu_button), self->zoom_label);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (menu_button), G_MENU_MODEL (menu));
  gtk_widget_set_tooltip_text (menu_button, _("Zoom"));
  return make_linked (make_button ("zoom-out-symbolic", _("Zoom Out (Ctrl+−)"),
                                   "preview.zoom-out"),
                      menu_button,
                      make_button ("zoom-in-symbolic", _("Zoom In (Ctrl+＋)"),
                                   "preview.zoom-in"),
                      NULL);
}

static GtkWidget *
build_toolbar (SbAttachmentPreview *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *back = gtk_button_new ();
  GtkWidget *back_content = adw_button_content_new ();

  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (back_content), "go-previous-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (back_content), _("All Proofs"));
  gtk_button_set_child (GTK_BUTTON (back), back_content);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "preview.close");
  gtk_widget_set_tooltip_text (back, _("Back to the List (Esc)"));
  gtk_widget_set_valign (back, GTK_ALIGN_CENTER);

  self->title = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_widget_add_css_class (self->title, "heading");
  self->name = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->name), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (self->name), 0);
  gtk_widget_add_css_class (self->name, "caption");
  gtk_widget_add_css_class (self->name, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_widget_set_valign (texts, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (texts), self->title);
  gtk_box_append (GTK_BOX (texts), self->name);

  self->spinner = gtk_spinner_new ();
  gtk_widget_set_visible (self->spinner, FALSE);

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_add_css_class (bar, "sb-preview-toolbar");
  gtk_box_append (GTK_BOX (bar), back);
  gtk_box_append (GTK_BOX (bar), texts);
  gtk_box_append (GTK_BOX (bar), self->spinner);
  return bar;
}

/* Paging and zoom float over the page, out of the title's way. */
static GtkWidget *
build_controls (SbAttachmentPreview *self)
{
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->page_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->page_label, "numeric");
  gtk_widget_add_css_class (self->page_label, "sb-page-number");
  gtk_widget_add_css_class (bar, "osd");
  gtk_widget_add_css_class (bar, "toolbar");
  gtk_widget_add_css_class (bar, "sb-page-controls");
  gtk_widget_set_halign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_valign (bar, GTK_ALIGN_END);
  gtk_widget_set_margin_bottom (bar, 18);
  gtk_box_append (GTK_BOX (bar), make_button ("go-up-symbolic", _("Previous Page (Page Up)"),
                                              "preview.previous-page"));
  gtk_box_append (GTK_BOX (bar), self->page_label);
  gtk_box_append (GTK_BOX (bar), make_button ("go-down-symbolic", _("Next Page (Page Down)"),
                                              "preview.next-page"));
  gtk_box_append (GTK_BOX (bar), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
  gtk_box_append (GTK_BOX (bar), build_zoom (self));
  return bar;
}

static GtkWidget *
build_grid (SbAttachmentPreview *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->pages = gtk_string_list_new (NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->pages)));
  gtk_single_selection_set_autoselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected", G_CALLBACK (selected_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "setup", G_CALLBACK (grid_setup_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "bind", G_CALLBACK (grid_bind_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (grid_unbind_cb), self,
                           G_CONNECT_SWAPPED);
  self->grid = gtk_grid_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)), factory);
  gtk_grid_view_set_max_columns (GTK_GRID_VIEW (self->grid), 6);
  gtk_widget_add_css_class (self->grid, "sb-page-grid");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Pages"), -1);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->grid);
  gtk_widget_set_size_request (scrolled, GRID_THUMBNAIL + 48, -1);
  return scrolled;
}

static GtkWidget *
build_page_area (SbAttachmentPreview *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkAdjustment *hadjustment;
  GtkWidget *overlay;

  self->page_view = sb_page_view_new ();
  gtk_widget_add_css_class (self->page_view, "sb-page");
  gtk_widget_set_valign (self->page_view, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->page_view, PAGE_MARGIN);
  /* Room below the page for the controls floating over it. */
  gtk_widget_set_margin_bottom (self->page_view, PAGE_MARGIN + 64);
  gtk_widget_set_margin_start (self->page_view, PAGE_MARGIN);
  gtk_widget_set_margin_end (self->page_view, PAGE_MARGIN);
  gtk_box_append (GTK_BOX (box), self->page_view);

  self->scrolled = gtk_scrolled_window_new ();
  gtk_widget_add_css_class (self->scrolled, "sb-page-area");
  gtk_widget_set_hexpand (self->scrolled, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), box);
  hadjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (self->scrolled));
  g_signal_connect_object (hadjustment, "notify::page-size", G_CALLBACK (viewport_changed_cb),
                           self, G_CONNECT_SWAPPED);

  overlay = gtk_overlay_new ();
  gtk_overlay_set_child (GTK_OVERLAY (overlay), self->scrolled);
  gtk_overlay_add_overlay (GTK_OVERLAY (overlay), build_controls (self));
  return overlay;
}

static void
build (SbAttachmentPreview *self)
{
  GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_HORIZONTAL);

  gtk_paned_set_start_child (GTK_PANED (paned), build_grid (self));
  gtk_paned_set_end_child (GTK_PANED (paned), build_page_area (self));
  gtk_paned_set_resize_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_start_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_shrink_end_child (GTK_PANED (paned), FALSE);
  gtk_paned_set_position (GTK_PANED (paned), GRID_THUMBNAIL + 48);

  self->status = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (self->status), "dialog-error-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (self->status), _("This File Cannot Be Shown"));

  self->stack = gtk_stack_new ();
  gtk_widget_set_vexpand (self->stack, TRUE);
  gtk_stack_add_named (GTK_STACK (self->stack), paned, "pages");
  gtk_stack_add_named (GTK_STACK (self->stack), self->status, "error");

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (self->box), build_toolbar (self));
  gtk_box_append (GTK_BOX (self->box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->box), self->stack);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

/* Object */

static void
sb_attachment_preview_dispose (GObject *object)
{
  SbAttachmentPreview *self = SB_ATTACHMENT_PREVIEW (object);

  sb_attachment_preview_clear (self);
  g_clear_handle_id (&self->resize_source, g_source_remove);
  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->pages);
  g_clear_object (&self->submission);
  G_OBJECT_CLASS (sb_attachment_preview_parent_class)->dispose (object);
}

static void
sb_attachment_preview_finalize (GObject *object)
{
  SbAttachmentPreview *self = SB_ATTACHMENT_PREVIEW (object);

  g_free (self->sha256);
  g_free (self->error);
  G_OBJECT_CLASS (sb_attachment_preview_parent_class)->finalize (object);
}

static void
sb_attachment_preview_class_init (SbAttachmentPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = sb_attachment_preview_dispose;
  object_class->finalize = sb_attachment_preview_finalize;

  /* The user asked to go back to the list. */
  signals[CLOSED] = g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "preview.next-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.previous-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.first-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.last-page", NULL, page_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-in", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-out", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-fit", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.zoom-reset", NULL, zoom_action);
  gtk_widget_class_install_action (widget_class, "preview.close", NULL, close_action);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "sbattachmentpreview");
}

static void
sb_attachment_preview_init (SbAttachmentPreview *self)
{
  self->zoom = SB_PREVIEW_ZOOM_FIT;
  build (self);
  add_shortcuts (self);
  g_signal_connect (self, "notify::scale-factor", G_CALLBACK (scale_factor_cb), NULL);
}

/* Public API */

GtkWidget *
sb_attachment_preview_new (void)
{
  return g_object_new (SB_TYPE_ATTACHMENT_PREVIEW, NULL);
}

static void
update_texts (SbAttachmentPreview *self)
{
  g_autofree char *title = sb_submission_dup_attachment_title (self->submission, self->index);

  gtk_label_set_text (GTK_LABEL (self->title), title);
  gtk_label_set_text (GTK_LABEL (self->name),
                      sb_submission_get_attachment_name (self->submission, self->index));
}

void
sb_attachment_preview_show (SbAttachmentPreview *self,
                            SbSubmission        *submission,
                            guint                index)
{
  g_autoptr(SbPreflightResult) result = NULL;

  g_return_if_fail (SB_IS_ATTACHMENT_PREVIEW (self));
  g_return_if_fail (SB_IS_SUBMISSION (submission));
  g_return_if_fail (index < sb_submission_get_n_attachments (submission));

  sb_attachment_preview_clear (self);
  g_set_object (&self->submission, submission);
  self->cancellable = g_cancellable_new ();
  self->index = index;
  self->sha256 = g_strdup (sb_submission_get_attachment_sha256 (submission, index));
  self->page = 0;
  self->page_width = self->page_height = 0;
  update_texts (self);
  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), "pages");

  /* Known from preflight, else from the first page drawn. */
  result = sb_preflight_lookup (self->sha256);
  set_n_pages (self, result ? (int) sb_preflight_result_get_n_pages (result) : 1);
  gtk_single_selection_set_selected (self->selection, 0);
  go_to_page (self, 0);
}

gboolean
sb_attachment_preview_follow (SbAttachmentPreview *self)
{
  guint n;

  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), FALSE);
  if (self->sha256 == NULL || self->submission == NULL)
    return FALSE;
  n = sb_submission_get_n_attachments (self->submission);
  if (self->index < n
      && g_strcmp0 (sb_submission_get_attachment_sha256 (self->submission, self->index),
                    self->sha256) == 0)
    {
      update_texts (self);
      return TRUE;
    }
  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (sb_submission_get_attachment_sha256 (self->submission, i), self->sha256) == 0)
      {
        self->index = i;
        update_texts (self);
        return TRUE;
      }
  return FALSE;
}

void
sb_attachment_preview_clear (SbAttachmentPreview *self)
{
  g_return_if_fail (SB_IS_ATTACHMENT_PREVIEW (self));

  g_cancellable_cancel (self->page_cancellable);
  g_clear_object (&self->page_cancellable);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->error, g_free);
  self->shown_width = 0;
  if (self->page_view != NULL)
    sb_page_view_set_paintable (SB_PAGE_VIEW (self->page_view), NULL);
  if (self->pages != NULL)
    gtk_string_list_splice (self->pages, 0, g_list_model_get_n_items (G_LIST_MODEL (self->pages)),
                            NULL);
  self->n_pages = 0;
}

const char *
sb_attachment_preview_get_sha256 (SbAttachmentPreview *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), NULL);
  return self->sha256;
}

guint
sb_attachment_preview_get_index (SbAttachmentPreview *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), 0);
  return self->index;
}

int
sb_attachment_preview_get_n_pages (SbAttachmentPreview *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), 0);
  return self->n_pages;
}

int
sb_attachment_preview_get_page (SbAttachmentPreview *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), 0);
  return self->page;
}

void
sb_attachment_preview_set_page (SbAttachmentPreview *self,
                                int                  page)
{
  g_return_if_fail (SB_IS_ATTACHMENT_PREVIEW (self));
  go_to_page (self, page);
}

double
sb_attachment_preview_get_zoom (SbAttachmentPreview *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), 0);
  return self->zoom;
}

void
sb_attachment_preview_set_zoom (SbAttachmentPreview *self,
                                double               zoom)
{
  g_return_if_fail (SB_IS_ATTACHMENT_PREVIEW (self));
  g_return_if_fail (zoom >= 0);
  set_zoom (self, zoom);
}

GtkWidget *
sb_attachment_preview_get_page_view (SbAttachmentPreview *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), NULL);
  return self->page_view;
}

const char *
sb_attachment_preview_get_error (SbAttachmentPreview *self)
{
  g_return_val_if_fail (SB_IS_ATTACHMENT_PREVIEW (self), NULL);
  return self->error;
}
