/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  SB_FILE_GUARD_SAME,      /* what we loaded or last wrote */
  SB_FILE_GUARD_CHANGED,   /* written or replaced by someone else */
  SB_FILE_GUARD_REMOVED,   /* deleted or moved away */
} SbFileGuardState;

#define SB_TYPE_FILE_GUARD (sb_file_guard_get_type ())
G_DECLARE_FINAL_TYPE (SbFileGuard, sb_file_guard, SB, FILE_GUARD, GObject)

SbFileGuard      *sb_file_guard_new             (void);
void              sb_file_guard_watch           (SbFileGuard   *self,
                                                 GFile         *file,
                                                 const char    *stamp);
GFile            *sb_file_guard_get_file        (SbFileGuard   *self);
const char       *sb_file_guard_get_stamp       (SbFileGuard   *self);
SbFileGuardState  sb_file_guard_get_state       (SbFileGuard   *self);
void              sb_file_guard_begin_write     (SbFileGuard   *self);
void              sb_file_guard_end_write       (SbFileGuard   *self,
                                                 const char    *stamp);
void              sb_file_guard_recheck         (SbFileGuard   *self);

char             *sb_file_guard_query_stamp     (GFile         *file,
                                                 GCancellable  *cancellable,
                                                 GError       **error);
gboolean          sb_file_guard_check_stamp     (GFile         *file,
                                                 const char    *expected,
                                                 GCancellable  *cancellable,
                                                 GError       **error);

G_END_DECLS
