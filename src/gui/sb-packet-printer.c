/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "sb-packet-printer.h"

#define DEFAULT_COPIES 3

struct _SbPacketPrinter
{
  GObject            parent_instance;

  char              *path;
  PopplerDocument   *document;   /* main thread only: drawn in draw-page */
  GtkPrintOperation *operation;
  gboolean           running;
};

G_DEFINE_FINAL_TYPE (SbPacketPrinter, sb_packet_printer, G_TYPE_OBJECT)

/* The template's paper instructions */

static int
template_int (JsonObject *object,
              const char *member,
              int         fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return fallback;
  return (int) CLAMP (json_node_get_int (node), 1, 99);
}

static gboolean
template_bool (JsonObject *object,
               const char *member,
               gboolean    fallback)
{
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static GtkPaperSize *
template_paper (JsonObject *object)
{
  const char *name = object ? json_object_get_string_member_with_default (object, "paper", "A4")
                            : "A4";

  /* "A4" in the template; GTK names it the PWG way. */
  if (g_ascii_strcasecmp (name, "A3") == 0)
    return gtk_paper_size_new (GTK_PAPER_NAME_A3);
  if (g_ascii_strcasecmp (name, "A5") == 0)
    return gtk_paper_size_new (GTK_PAPER_NAME_A5);
  return gtk_paper_size_new (GTK_PAPER_NAME_A4);
}

static void
set_defaults (SbPacketPrinter *self,
              SbTemplate      *template)
{
  JsonObject *instructions = template ? sb_template_get_object (template, "submission") : NULL;
  g_autoptr(GtkPrintSettings) settings = gtk_print_settings_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  GtkPaperSize *paper = template_paper (instructions);

  gtk_print_settings_set_n_copies (settings, template_int (instructions, "copies",
                                                           DEFAULT_COPIES));
  /* Each copy whole, in order, ready to bind. */
  gtk_print_settings_set_collate (settings, TRUE);
  /* GTK's "horizontal" is CUPS's DuplexNoTumble: the long edge of a
   * portrait page, as a bound book turns. */
  gtk_print_settings_set_duplex (settings, template_bool (instructions, "duplex", TRUE)
                                           ? GTK_PRINT_DUPLEX_HORIZONTAL
                                           : GTK_PRINT_DUPLEX_SIMPLEX);
  gtk_print_settings_set_paper_size (settings, paper);
  gtk_print_settings_set_orientation (settings, GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_settings_set_scale (settings, 100.0);
  gtk_print_settings_set_use_color (settings, TRUE);

  gtk_page_setup_set_paper_size_and_default_margins (setup, paper);
  gtk_page_setup_set_orientation (setup, GTK_PAGE_ORIENTATION_PORTRAIT);

  gtk_print_operation_set_print_settings (self->operation, settings);
  gtk_print_operation_set_default_page_setup (self->operation, setup);
  gtk_paper_size_free (paper);
}

/* Drawing */

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page_nr,
              SbPacketPrinter   *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);
  PopplerPage *page = poppler_document_get_page (self->document, page_nr);
  double page_width, page_height, scale;

  if (page == NULL)
    return;
  poppler_page_get_size (page, &page_width, &page_height);
  /* Full size on the paper it was made for; shrunk to fit, centred, on
   * any other the user picks. Never enlarged. */
  scale = MIN (1.0, MIN (width / page_width, height / page_height));
  cairo_save (cr);
  cairo_translate (cr, (width - page_width * scale) / 2, (height - page_height * scale) / 2);
  cairo_scale (cr, scale, scale);
  poppler_page_render_for_printing (page, cr);
  cairo_restore (cr);
  g_object_unref (page);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         SbPacketPrinter         *self)
{
  if (!self->running)
    return;
  self->running = FALSE;
  /* Let go of the reference run() took. */
  g_object_unref (self);
}

/* Object */

static void
sb_packet_printer_dispose (GObject *object)
{
  SbPacketPrinter *self = SB_PACKET_PRINTER (object);

  if (self->operation != NULL)
    g_signal_handlers_disconnect_by_data (self->operation, self);
  g_clear_object (&self->operation);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (sb_packet_printer_parent_class)->dispose (object);
}

static void
sb_packet_printer_finalize (GObject *object)
{
  SbPacketPrinter *self = SB_PACKET_PRINTER (object);

  g_free (self->path);
  G_OBJECT_CLASS (sb_packet_printer_parent_class)->finalize (object);
}

static void
sb_packet_printer_class_init (SbPacketPrinterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_packet_printer_dispose;
  object_class->finalize = sb_packet_printer_finalize;
}

static void
sb_packet_printer_init (SbPacketPrinter *self)
{
  self->operation = gtk_print_operation_new ();
  gtk_print_operation_set_unit (self->operation, GTK_UNIT_POINTS);
  /* The PDF has its own margins: draw from the paper's corner. */
  gtk_print_operation_set_use_full_page (self->operation, TRUE);
  gtk_print_operation_set_allow_async (self->operation, TRUE);
  gtk_print_operation_set_show_progress (self->operation, TRUE);
  g_signal_connect (self->operation, "draw-page", G_CALLBACK (draw_page_cb), self);
  g_signal_connect (self->operation, "done", G_CALLBACK (done_cb), self);
}

SbPacketPrinter *
sb_packet_printer_new (const char  *pdf_path,
                       SbTemplate  *template,
                       GError     **error)
{
  g_autoptr(SbPacketPrinter) self = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *job = NULL;

  g_return_val_if_fail (pdf_path != NULL, NULL);
  g_return_val_if_fail (template == NULL || SB_IS_TEMPLATE (template), NULL);

  uri = g_filename_to_uri (pdf_path, NULL, error);
  if (uri == NULL)
    return NULL;
  self = g_object_new (SB_TYPE_PACKET_PRINTER, NULL);
  self->path = g_strdup (pdf_path);
  self->document = poppler_document_new_from_file (uri, NULL, error);
  if (self->document == NULL)
    return NULL;

  set_defaults (self, template);
  gtk_print_operation_set_n_pages (self->operation,
                                   poppler_document_get_n_pages (self->document));
  job = g_filename_display_basename (pdf_path);
  gtk_print_operation_set_job_name (self->operation, job);
  return g_steal_pointer (&self);
}

const char *
sb_packet_printer_get_path (SbPacketPrinter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_PRINTER (self), NULL);
  return self->path;
}

int
sb_packet_printer_get_n_pages (SbPacketPrinter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_PRINTER (self), 0);
  return poppler_document_get_n_pages (self->document);
}

GtkPrintOperation *
sb_packet_printer_get_operation (SbPacketPrinter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_PRINTER (self), NULL);
  return self->operation;
}

GtkPrintOperationResult
sb_packet_printer_run (SbPacketPrinter          *self,
                       GtkPrintOperationAction   action,
                       GtkWindow                *parent,
                       GError                  **error)
{
  GtkPrintOperationResult result;

  g_return_val_if_fail (SB_IS_PACKET_PRINTER (self), GTK_PRINT_OPERATION_RESULT_ERROR);
  g_return_val_if_fail (!self->running, GTK_PRINT_OPERATION_RESULT_ERROR);

  /* Kept alive until "done", which may come after we return. */
  self->running = TRUE;
  g_object_ref (self);
  g_object_ref (self);
  result = gtk_print_operation_run (self->operation, action, parent, error);
  if (result != GTK_PRINT_OPERATION_RESULT_IN_PROGRESS)
    done_cb (self->operation, result, self);
  g_object_unref (self);
  return result;
}
