/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum {
  SB_SEVERITY_ERROR,
  SB_SEVERITY_WARNING,
} SbSeverity;

#define SB_TYPE_DIAGNOSTIC (sb_diagnostic_get_type ())
G_DECLARE_FINAL_TYPE (SbDiagnostic, sb_diagnostic, SB, DIAGNOSTIC, GObject)

/* One problem found by the validator. field, taskbook and attachment
 * say where it is, so a screen can jump there; -1 / NULL when none. */
SbDiagnostic *sb_diagnostic_new               (SbSeverity    severity,
                                               const char   *code,
                                               const char   *field,
                                               int           taskbook,
                                               int           attachment,
                                               const char   *message);
SbSeverity    sb_diagnostic_get_severity      (SbDiagnostic *self);
const char   *sb_diagnostic_get_severity_name (SbDiagnostic *self); /* "error", "warning" */
const char   *sb_diagnostic_get_code          (SbDiagnostic *self);
const char   *sb_diagnostic_get_field         (SbDiagnostic *self);
int           sb_diagnostic_get_taskbook      (SbDiagnostic *self);
int           sb_diagnostic_get_attachment    (SbDiagnostic *self);
const char   *sb_diagnostic_get_message       (SbDiagnostic *self);
/* "code:field", the key a user's acknowledgement is kept under. */
char         *sb_diagnostic_dup_key           (SbDiagnostic *self);

G_END_DECLS
