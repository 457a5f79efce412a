/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A fresh temporary folder per test case, removed afterwards. */
typedef struct {
  char *dir;
} SbTestDir;

void      sb_test_remove_tree   (const char *path);
void      sb_test_dir_setup     (SbTestDir     *fixture,
                                 gconstpointer  data);
void      sb_test_dir_teardown  (SbTestDir     *fixture,
                                 gconstpointer  data);

/* Main-loop helpers for tests of the window. */
typedef gboolean (*SbTestCondition) (gpointer data);

guint     sb_test_patience      (guint           timeout_ms);
gboolean  sb_test_wait_for      (SbTestCondition condition,
                                 gpointer        data,
                                 guint           timeout_ms);
void      sb_test_spin          (guint           ms);

G_END_DECLS
