/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-packet.h"
#include "sb-pdf-assembler.h"
#include "sb-template.h"

G_BEGIN_DECLS

typedef enum {
  SB_PACKET_FILE_PDF,
  SB_PACKET_FILE_JPEG,
  SB_PACKET_FILE_PNG,
  SB_PACKET_FILE_UNKNOWN,
} SbPacketFileKind;

/* One attachment as the packet prints it. */
typedef struct {
  guint             index;        /* in the submission */
  SbCategory       *category;     /* NULL: not one of the template's */
  char             *number;       /* "1-2": category number, then rank */
  char             *title;
  char             *path;
  SbPacketFileKind  kind;
  int               source;       /* the assembler's, for a PDF */
  guint             n_pages;
  guint             width;        /* pixels, for an image */
  guint             height;
  guint             orientation;  /* EXIF orientation of a JPEG, 1-8 */
  guint             first_page;   /* 0-based, set by the frame */
} SbPacketAttachment;

void              sb_packet_attachment_free (SbPacketAttachment *attachment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbPacketAttachment, sb_packet_attachment_free)

/* What a file is by its first bytes. */
SbPacketFileKind  sb_packet_sniff_file      (const guchar *head,
                                             gsize         length);
/* Width, height and EXIF orientation from a JPEG's headers. */
gboolean          sb_packet_read_jpeg_info  (const guchar *data,
                                             gsize         length,
                                             guint        *width,
                                             guint        *height,
                                             guint        *orientation);
/* Width and height from a PNG's header. */
gboolean          sb_packet_read_png_info   (const guchar *data,
                                             gsize         length,
                                             guint        *width,
                                             guint        *height);

typedef struct {
  SbSubmission    *submission;
  GPtrArray       *attachments;   /* SbPacketAttachment*, in print order */
  gboolean         draft;
  const char      *fingerprint;
  SbPdfAssembler  *assembler;     /* gets placements, outline, links, labels */
  GCancellable    *cancellable;
} SbFrameRequest;

/* Draws the frame PDF: every page of the packet, attachment pages left
 * empty but for their number, footer and watermark. */
gboolean          sb_frame_render           (const SbFrameRequest *request,
                                             const char           *path,
                                             GError              **error);

G_END_DECLS
