/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define SB_TYPE_APPLICATION (sb_application_get_type ())
G_DECLARE_FINAL_TYPE (SbApplication, sb_application, SB, APPLICATION, AdwApplication)

SbApplication *sb_application_new                 (void);

GSettings     *sb_application_get_settings        (SbApplication  *self);
GMenuModel    *sb_application_get_recent_menu     (SbApplication  *self);
/* Opens a .shenbao (or interchange .json), in window when it is
 * pristine, else in the window already showing it or a new one. */
void           sb_application_open_file           (SbApplication  *self,
                                                   GFile          *file,
                                                   GtkWindow      *window);

/* Recovery copies: where they go, the ones no open window owns, and
 * the question offering them (once per run), with its dialog. */
GFile         *sb_application_dup_recovery_folder (void);
GPtrArray     *sb_application_find_recovery       (SbApplication  *self);
GtkWidget     *sb_application_offer_recovery      (SbApplication  *self,
                                                   GtkWindow      *parent);
GtkWidget     *sb_application_get_recovery_dialog (SbApplication  *self);

/* Start-up timing and a line on stdout for tests and benchmarks,
 * printed when SHENBAO_REPORT_STATE or SHENBAO_REPORT_FIRST_FRAME is set. */
void           sb_application_mark_start          (void);
gint64         sb_application_get_start_time      (void);
void           sb_application_report              (const char     *format,
                                                   ...) G_GNUC_PRINTF (1, 2);

G_END_DECLS
