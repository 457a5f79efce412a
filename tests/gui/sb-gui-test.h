/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-application.h"
#include "sb-window.h"

G_BEGIN_DECLS

/* What every test of the window starts and ends with. */
SbApplication *sb_gui_test_init          (int            *argc,
                                          char         ***argv);
int            sb_gui_test_run           (SbApplication **application);

/* The bundled sample in a new window; autosave is off unless a test
 * turns it on with a delay of its own. */
SbWindow      *sb_gui_test_open_sample   (SbApplication  *application);
char          *sb_gui_test_dup_sample_path (void);
void           sb_gui_test_close_window  (SbWindow       *window);

G_END_DECLS
