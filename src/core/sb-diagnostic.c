/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao-core"

#include "config.h"

#include "sb-diagnostic.h"

struct _SbDiagnostic
{
  GObject     parent_instance;

  SbSeverity  severity;
  char       *code;
  char       *field;
  int         taskbook;
  int         attachment;
  char       *message;
};

G_DEFINE_FINAL_TYPE (SbDiagnostic, sb_diagnostic, G_TYPE_OBJECT)

static void
sb_diagnostic_finalize (GObject *object)
{
  SbDiagnostic *self = SB_DIAGNOSTIC (object);

  g_free (self->code);
  g_free (self->field);
  g_free (self->message);

  G_OBJECT_CLASS (sb_diagnostic_parent_class)->finalize (object);
}

static void
sb_diagnostic_class_init (SbDiagnosticClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_diagnostic_finalize;
}

static void
sb_diagnostic_init (SbDiagnostic *self)
{
  self->taskbook = -1;
  self->attachment = -1;
}

SbDiagnostic *
sb_diagnostic_new (SbSeverity  severity,
                   const char *code,
                   const char *field,
                   int         taskbook,
                   int         attachment,
                   const char *message)
{
  SbDiagnostic *self = g_object_new (SB_TYPE_DIAGNOSTIC, NULL);

  self->severity = severity;
  self->code = g_strdup (code);
  self->field = g_strdup (field);
  self->taskbook = taskbook;
  self->attachment = attachment;
  self->message = g_strdup (message);
  return self;
}

SbSeverity
sb_diagnostic_get_severity (SbDiagnostic *self)
{
  g_return_val_if_fail (SB_IS_DIAGNOSTIC (self), SB_SEVERITY_ERROR);
  return self->severity;
}

const char *
sb_diagnostic_get_severity_name (SbDiagnostic *self)
{
  return sb_diagnostic_get_severity (self) == SB_SEVERITY_ERROR ? "error" : "warning";
}

const char *
sb_diagnostic_get_code (SbDiagnostic *self)
{
  g_return_val_if_fail (SB_IS_DIAGNOSTIC (self), NULL);
  return self->code;
}

const char *
sb_diagnostic_get_field (SbDiagnostic *self)
{
  g_return_val_if_fail (SB_IS_DIAGNOSTIC (self), NULL);
  return self->field;
}

int
sb_diagnostic_get_taskbook (SbDiagnostic *self)
{
  g_return_val_if_fail (SB_IS_DIAGNOSTIC (self), -1);
  return self->taskbook;
}

int
sb_diagnostic_get_attachment (SbDiagnostic *self)
{
  g_return_val_if_fail (SB_IS_DIAGNOSTIC (self), -1);
  return self->attachment;
}

const char *
sb_diagnostic_get_message (SbDiagnostic *self)
{
  g_return_val_if_fail (SB_IS_DIAGNOSTIC (self), NULL);
  return self->message;
}

char *
sb_diagnostic_dup_key (SbDiagnostic *self)
{
  g_return_val_if_fail (SB_IS_DIAGNOSTIC (self), NULL);
  if (self->attachment >= 0 && self->field == NULL)
    return g_strdup_printf ("%s:attachment-%d", self->code, self->attachment);
  return g_strdup_printf ("%s:%s", self->code, self->field ? self->field : "");
}
