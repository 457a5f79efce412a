/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-core.h"
#include "sb-sign-places.h"

G_BEGIN_DECLS

/* One export of the print packet, run in a worker thread on a snapshot
 * of the submission that nothing else touches (make it on the main
 * thread). Its progress is a property notified on the main context the
 * export was started from, so a progress bar can bind to it. */

#define SB_TYPE_PACKET_EXPORTER (sb_packet_exporter_get_type ())
G_DECLARE_FINAL_TYPE (SbPacketExporter, sb_packet_exporter, SB, PACKET_EXPORTER, GObject)

/* today is for the validator: "YYYY-MM-DD", or NULL for the real date. */
SbPacketExporter *sb_packet_exporter_new              (SbSubmission        *snapshot,
                                                       GFile               *output,
                                                       gboolean             draft,
                                                       const char          *today);
SbSubmission     *sb_packet_exporter_get_submission   (SbPacketExporter    *self);
GFile            *sb_packet_exporter_get_output       (SbPacketExporter    *self);
gboolean          sb_packet_exporter_get_draft        (SbPacketExporter    *self);
/* From 0 to 1. */
double            sb_packet_exporter_get_fraction     (SbPacketExporter    *self);
/* Also find where the packet must be signed and stamped, once written. */
void              sb_packet_exporter_set_find_sign_places (SbPacketExporter *self,
                                                       gboolean             find);
/* SbSignPlace*, after a run that found them; else NULL. */
GPtrArray        *sb_packet_exporter_get_sign_places  (SbPacketExporter    *self);
/* The version fingerprint of the snapshot, as printed in the footers. */
const char       *sb_packet_exporter_get_fingerprint  (SbPacketExporter    *self);

/* Runs once. A cancelled export leaves no file behind. */
void              sb_packet_exporter_run_async        (SbPacketExporter    *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean          sb_packet_exporter_run_finish       (SbPacketExporter    *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);

G_END_DECLS
