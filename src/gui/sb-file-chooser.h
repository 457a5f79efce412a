/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The system's file dialog, through the portal where there is one:
 * GtkFileDialog with GTK 4.10 and later, GtkFileChooserNative before.
 * What to ask is set up front; cancelling is G_IO_ERROR_CANCELLED. */
typedef struct {
  const char *title;
  const char *accept_label;   /* e.g. _("_Open") */
  GListModel *filters;        /* (nullable) GtkFileFilter, the first is the default */
  GFile      *folder;         /* (nullable) where to start */
  GFile      *file;           /* (nullable) saving: the file to propose */
  const char *name;           /* (nullable) saving: the name to propose in folder */
  gboolean    multiple;       /* opening: several files */
} SbFileChooserOptions;

void        sb_file_chooser_open_async   (GtkWindow                  *parent,
                                          const SbFileChooserOptions *options,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data);
GListModel *sb_file_chooser_open_finish  (GAsyncResult               *result,
                                          GError                    **error);
void        sb_file_chooser_save_async   (GtkWindow                  *parent,
                                          const SbFileChooserOptions *options,
                                          GCancellable               *cancellable,
                                          GAsyncReadyCallback         callback,
                                          gpointer                    user_data);
GFile      *sb_file_chooser_save_finish  (GAsyncResult               *result,
                                          GError                    **error);

GtkFileFilter *sb_file_chooser_new_filter (const char *name,
                                           const char *first_mime_or_suffix,
                                           ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
