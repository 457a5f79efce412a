/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* A recovery copy is a saved file in the recovery folder. Beside it,
 * "<copy>.origin" names the file the work belongs to, when it has one,
 * so that recovered work goes back to its own file, not an untitled one. */
gboolean  sb_recovery_write_origin  (GFile         *copy,
                                     GFile         *origin,
                                     GError       **error);
GFile    *sb_recovery_dup_origin    (GFile         *copy);
void      sb_recovery_delete        (GFile         *copy);

G_END_DECLS
