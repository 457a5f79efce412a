/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"

G_BEGIN_DECLS

#define SB_TYPE_FIELD_ROW (sb_field_row_get_type ())
G_DECLARE_FINAL_TYPE (SbFieldRow, sb_field_row, SB, FIELD_ROW, GtkWidget)

/* One field as the printed form shows it: its label, the right input
 * for its type, the notice's guidance and the validator's messages.
 * direction names the task book the field belongs to, or is NULL. */
GtkWidget    *sb_field_row_new              (SbSubmission  *submission,
                                             SbField       *field,
                                             const char    *direction,
                                             const char    *label,
                                             const char    *suffix);

SbField      *sb_field_row_get_field        (SbFieldRow    *self);
const char   *sb_field_row_get_direction    (SbFieldRow    *self);
int           sb_field_row_get_taskbook     (SbFieldRow    *self);
GtkWidget    *sb_field_row_get_label        (SbFieldRow    *self);
GtkWidget    *sb_field_row_get_input        (SbFieldRow    *self);
GtkWidget    *sb_field_row_get_choice_button (SbFieldRow   *self,
                                             const char    *choice_id);
const char   *sb_field_row_get_message      (SbFieldRow    *self);

void          sb_field_row_reload           (SbFieldRow    *self);
void          sb_field_row_set_diagnostics  (SbFieldRow    *self,
                                             GPtrArray     *diagnostics);
gboolean      sb_field_row_focus_input      (SbFieldRow    *self);

G_END_DECLS
