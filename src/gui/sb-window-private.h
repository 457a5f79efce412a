/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "sb-file-guard.h"
#include "sb-window.h"

G_BEGIN_DECLS

struct _SbWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template children */
  AdwWindowTitle       *window_title;
  AdwToastOverlay      *toast_overlay;
  GtkListBox           *sidebar;
  GtkStack             *stack;
  AdwFlap              *flap;
  SbProblemsPanel      *problems_panel;
  AdwButtonContent     *problems_button_content;
  GMenu                *recent_menu;

  GSettings            *settings;
  GCancellable         *cancellable;
  SbSubmission         *submission;
  GPtrArray            *pages;            /* GtkWidget*, in reading order */
  GListModel           *diagnostics;
  char                 *today;
  GtkWidget            *dialog;
  GHashTable           *asking;           /* directions whose removal is being asked */

  guint                 validate_source;
  guint                 build_source;
  guint                 n_validations;
  guint                 autosave_source;
  guint                 autosave_delay;
  gint64                dirty_since;

  GFile                *recovery_file;
  SbFileGuard          *guard;            /* the file on disk, watched */
  gboolean              conflict;         /* another program wrote it: ask before writing */
  gboolean              save_failed;      /* the user was told; autosave says no more */
  GQueue                saves;            /* GTask* waiting to save */
  GTask                *saving;
  gboolean              close_after_save;
  gboolean              closing;
  gboolean              first_frame_reported;

  /* sb-window-export.c */
  GCancellable         *export_cancellable;  /* the export under way, or NULL */
  AdwToast             *export_toast;
  GtkWindow            *print_preview;       /* until destroyed */
};

/* sb-window-actions.c */
void      _sb_window_class_actions_init   (GtkWidgetClass *widget_class);
void      _sb_window_actions_init         (SbWindow       *self);
void      _sb_window_update_actions       (SbWindow       *self);

/* sb-window-files.c */
void      _sb_window_files_init           (SbWindow       *self);
void      _sb_window_files_dispose        (SbWindow       *self);
void      _sb_window_schedule_autosave    (SbWindow       *self);
void      _sb_window_save                 (SbWindow       *self);
void      _sb_window_save_as              (SbWindow       *self);
gboolean  _sb_window_close_request        (SbWindow       *self);
void      _sb_window_remove_recovery      (SbWindow       *self);
gboolean  _sb_window_has_own_file         (SbWindow       *self);
void      _sb_window_note_recent          (SbWindow       *self,
                                           GFile          *file);
GFile    *_sb_window_dup_last_folder      (SbWindow       *self);
void      _sb_window_set_last_folder      (SbWindow       *self,
                                           GFile          *file);

void      _sb_window_save_over_changes    (SbWindow       *self);

/* sb-window-disk.c */
void      _sb_window_disk_init            (SbWindow       *self);
void      _sb_window_disk_dispose         (SbWindow       *self);
void      _sb_window_watch_file           (SbWindow       *self,
                                           GFile          *file,
                                           const char     *stamp);
void      _sb_window_report_save_error    (SbWindow       *self,
                                           const GError   *error,
                                           gboolean        automatic);

/* sb-window-export.c */
void      _sb_window_class_export_init    (GtkWidgetClass *widget_class);
void      _sb_window_export_init          (SbWindow       *self);
void      _sb_window_export_dispose       (SbWindow       *self);
void      _sb_window_update_export_actions (SbWindow      *self);

/* sb-window-files.c, shared with the export */
SbSubmission *_sb_window_dup_snapshot     (SbSubmission   *submission,
                                           GPtrArray      *sources,
                                           GError        **error);

/* sb-window.c */
void      _sb_window_update_title         (SbWindow       *self);
void      _sb_window_set_dialog           (SbWindow       *self,
                                           GtkWidget      *dialog);

G_END_DECLS
