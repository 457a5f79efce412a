/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

/* Prints an exported packet PDF through GtkPrintOperation, page by
 * page as poppler renders it for printing. The defaults follow the
 * template's "submission" object: its copies (collated, so each copy
 * is a whole packet to bind), A4, both sides along the long edge, and
 * no scaling, since the PDF carries its own margins. The system dialog
 * can change them all. */

#define SB_TYPE_PACKET_PRINTER (sb_packet_printer_get_type ())
G_DECLARE_FINAL_TYPE (SbPacketPrinter, sb_packet_printer, SB, PACKET_PRINTER, GObject)

/* template may be NULL: then 3 copies, A4, two-sided. */
SbPacketPrinter   *sb_packet_printer_new           (const char              *pdf_path,
                                                    SbTemplate              *template,
                                                    GError                 **error);
const char        *sb_packet_printer_get_path      (SbPacketPrinter         *self);
int                sb_packet_printer_get_n_pages   (SbPacketPrinter         *self);
/* The operation, set up but not run: for its "done" signal, or an
 * export file name. */
GtkPrintOperation *sb_packet_printer_get_operation (SbPacketPrinter         *self);
/* GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG returns at once
 * (GTK_PRINT_OPERATION_RESULT_IN_PROGRESS) and reports through the
 * operation's "done"; GTK_PRINT_OPERATION_ACTION_EXPORT writes the
 * export file before returning. The printer keeps itself alive until
 * done. */
GtkPrintOperationResult sb_packet_printer_run      (SbPacketPrinter         *self,
                                                    GtkPrintOperationAction  action,
                                                    GtkWindow               *parent,
                                                    GError                 **error);

G_END_DECLS
