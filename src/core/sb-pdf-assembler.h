/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Merges attached PDF pages under the pages of a frame PDF with libqpdf,
 * without re-encoding them, and adds the outline, links, page labels and
 * metadata (cairo 1.16 writes broken files when it does links itself).
 * Page indexes are 0-based. Error messages are qpdf's own, untranslated:
 * the caller words them for the user. Cancelling gives G_IO_ERROR_CANCELLED. */
typedef struct _SbPdfAssembler SbPdfAssembler;

#define SB_PDF_ASSEMBLER_ERROR (sb_pdf_assembler_error_quark ())

typedef enum {
  SB_PDF_ASSEMBLER_ERROR_PASSWORD,    /* a source needs a password */
  SB_PDF_ASSEMBLER_ERROR_DAMAGED,     /* a source cannot be read */
  SB_PDF_ASSEMBLER_ERROR_NO_PAGES,    /* a source has no pages */
  SB_PDF_ASSEMBLER_ERROR_WRITE,       /* writing failed (often a damaged source) */
} SbPdfAssemblerError;

GQuark          sb_pdf_assembler_error_quark     (void);

typedef void (*SbPdfAssemblerProgress) (double   fraction,
                                        gpointer user_data);

SbPdfAssembler *sb_pdf_assembler_new             (void);
void            sb_pdf_assembler_free            (SbPdfAssembler *self);

/* Opens a PDF whose pages will be placed; returns its index, or -1. */
int             sb_pdf_assembler_add_source      (SbPdfAssembler *self,
                                                  const char     *path,
                                                  GError        **error);
guint           sb_pdf_assembler_get_n_pages     (SbPdfAssembler *self,
                                                  int             source);

/* Draws page source_page of source under frame page frame_page, scaled
 * into it and turned to portrait (its top at the binding edge). */
void            sb_pdf_assembler_place           (SbPdfAssembler *self,
                                                  guint           frame_page,
                                                  int             source,
                                                  guint           source_page);

/* An outline item; parent is -1 for the top level. Returns its id. */
int             sb_pdf_assembler_add_outline     (SbPdfAssembler *self,
                                                  int             parent,
                                                  const char     *title,
                                                  guint           page);
/* A clickable rectangle in PDF user space (origin bottom left). */
void            sb_pdf_assembler_add_link        (SbPdfAssembler *self,
                                                  guint           page,
                                                  double          x0,
                                                  double          y0,
                                                  double          x1,
                                                  double          y1,
                                                  guint           target_page);
/* A page label range from first_page on: prefix, then decimal numbers
 * from start when start > 0. */
void            sb_pdf_assembler_add_page_label  (SbPdfAssembler *self,
                                                  guint           first_page,
                                                  const char     *prefix,
                                                  int             start);
/* A document information entry: "Title", "Author", "Subject", … */
void            sb_pdf_assembler_set_info        (SbPdfAssembler *self,
                                                  const char     *key,
                                                  const char     *value);

/* Reads the frame, applies everything above and writes out_path. */
gboolean        sb_pdf_assembler_write           (SbPdfAssembler         *self,
                                                  const char             *frame_path,
                                                  const char             *out_path,
                                                  SbPdfAssemblerProgress  progress,
                                                  gpointer                progress_data,
                                                  GCancellable           *cancellable,
                                                  GError                **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbPdfAssembler, sb_pdf_assembler_free)

G_END_DECLS
