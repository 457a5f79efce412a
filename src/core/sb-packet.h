/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-submission.h"

G_BEGIN_DECLS

#define SB_PACKET_ERROR (sb_packet_error_quark ())

typedef enum {
  SB_PACKET_ERROR_HAS_ERRORS,   /* the submission has errors and this is no draft */
  SB_PACKET_ERROR_ATTACHMENT,   /* an attachment could not be read or merged */
  SB_PACKET_ERROR_FONT,         /* a character no installed font can print */
  SB_PACKET_ERROR_FAILED,       /* writing the PDF failed */
} SbPacketError;

typedef void (*SbPacketProgress) (double    fraction,
                                  gpointer  user_data);

GQuark    sb_packet_error_quark (void);

/* A short hash of the fields and attachment hashes, printed in every
 * footer and the metadata, so copies can be proven the same version. */
char     *sb_packet_dup_fingerprint (SbSubmission    *submission);

/* Writes the print packet to output atomically (temp + rename). Refuses
 * with SB_PACKET_ERROR_HAS_ERRORS while the validator reports errors,
 * unless draft, which marks every page 草稿. today is for the validator
 * ("YYYY-MM-DD" or NULL for the real date). Safe to call in a thread on a
 * submission no other thread touches. */
gboolean  sb_packet_export          (SbSubmission    *submission,
                                     GFile           *output,
                                     gboolean         draft,
                                     const char      *today,
                                     SbPacketProgress progress,
                                     gpointer         progress_data,
                                     GCancellable    *cancellable,
                                     GError         **error);

G_END_DECLS
