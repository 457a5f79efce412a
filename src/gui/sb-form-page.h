/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "sb-core.h"
#include "sb-field-row.h"

G_BEGIN_DECLS

#define SB_TYPE_FORM_PAGE (sb_form_page_get_type ())
G_DECLARE_FINAL_TYPE (SbFormPage, sb_form_page, SB, FORM_PAGE, GtkWidget)

/* A document of the template laid out as printed: headings, fixed
 * text, grouped rows of fields, places to sign. direction names the
 * task book a task-book page shows, else NULL. */
GtkWidget  *sb_form_page_new             (SbSubmission  *submission,
                                          SbDocument    *document,
                                          const char    *direction);

void        sb_form_page_ensure_built    (SbFormPage    *self);
gboolean    sb_form_page_is_built        (SbFormPage    *self);
SbDocument *sb_form_page_get_document    (SbFormPage    *self);
const char *sb_form_page_get_direction   (SbFormPage    *self);
GPtrArray  *sb_form_page_get_rows        (SbFormPage    *self);
SbFieldRow *sb_form_page_find_row        (SbFormPage    *self,
                                          const char    *field_id);

void        sb_form_page_reload          (SbFormPage    *self);
void        sb_form_page_sync_field      (SbFormPage    *self,
                                          const char    *field_id,
                                          int            taskbook);
/* by_location: sb_ui_dup_location_key () → GPtrArray of SbDiagnostic. */
void        sb_form_page_set_diagnostics (SbFormPage    *self,
                                          GHashTable    *by_location);
gboolean    sb_form_page_focus_field     (SbFormPage    *self,
                                          const char    *field_id);

G_END_DECLS
