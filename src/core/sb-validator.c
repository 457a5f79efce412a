/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao-core"

#include "config.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>

#include "sb-preflight.h"
#include "sb-text.h"
#include "sb-uscc.h"
#include "sb-validator.h"

/* Every limit, pattern and date comes from the template: a different
 * call is a different template, not different code here. */

typedef struct {
  SbSubmission *submission;
  SbTemplate   *template;
  GListStore   *store;
} Check;

static void
add (Check      *check,
     SbSeverity  severity,
     const char *code,
     const char *field,
     int         taskbook,
     int         attachment,
     const char *message)
{
  g_autoptr(SbDiagnostic) diagnostic =
    sb_diagnostic_new (severity, code, field, taskbook, attachment, message);

  g_list_store_append (check->store, diagnostic);
}

/* "申报表 · 负责人 · 电话", or "揭榜任务书（科学智能） · （二）…" */
static char *
dup_place (Check   *check,
           SbField *field,
           int      taskbook)
{
  g_autofree char *label = sb_field_dup_display_label (field);
  SbDocument *document = sb_template_get_document (check->template, field->document);
  const char *title = document != NULL ? document->short_title : field->document;

  if (taskbook >= 0)
    {
      const char *direction =
        sb_submission_get_taskbook_direction (check->submission, (guint) taskbook);
      const char *name = sb_template_get_choice_label (check->template, direction);

      return g_strdup_printf ("%s（%s） · %s", title, name, label);
    }
  return g_strdup_printf ("%s · %s", title, label);
}

static gboolean
is_valid_date (const char *text)
{
  int y, m, d;
  char tail;

  if (strlen (text) != 10 || sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    return FALSE;
  return text[4] == '-' && text[7] == '-' && g_date_valid_dmy (d, m, y);
}

static void
check_uscc (Check      *check,
            SbField    *field,
            int         taskbook,
            const char *value,
            const char *place)
{
  SbUsccResult result = sb_uscc_check (value);
  g_autofree char *region = NULL;
  g_autofree char *type = NULL;
  g_autofree char *message = NULL;

  if (result & (SB_USCC_BAD_LENGTH | SB_USCC_BAD_CHARACTER))
    {
      message = g_strdup_printf (_("%s: a unified social credit code has 18 characters from "
                                   "0–9 and capital letters except I, O, Z, S, V"), place);
      add (check, SB_SEVERITY_ERROR, "uscc-format", field->id, taskbook, -1, message);
      return;
    }
  if (result & (SB_USCC_BAD_CHECKSUM | SB_USCC_BAD_ORG_CODE))
    {
      message = g_strdup_printf (_("%s: the check character does not match; compare the code "
                                   "with the business licence, and mark it as checked if it "
                                   "is right"), place);
      add (check, SB_SEVERITY_WARNING, "uscc-checksum", field->id, taskbook, -1, message);
    }

  region = sb_uscc_dup_region (value);
  if (sb_template_get_region_code (check->template) != NULL
      && g_strcmp0 (region, sb_template_get_region_code (check->template)) != 0)
    {
      g_clear_pointer (&message, g_free);
      message = g_strdup_printf (_("%s: the code says the unit is not registered in %s; "
                                   "the call is open only to units registered there"),
                                 place, sb_template_get_region_name (check->template));
      add (check, SB_SEVERITY_WARNING, "not-shanghai", field->id, taskbook, -1, message);
    }

  type = sb_uscc_dup_type (value);
  if (g_strv_contains (sb_template_get_non_legal_person_types (check->template), type))
    {
      g_clear_pointer (&message, g_free);
      message = g_strdup_printf (_("%s: the code is of a kind that is not an independent legal "
                                   "person (such as a sole proprietorship); the call requires "
                                   "one"), place);
      add (check, SB_SEVERITY_WARNING, "not-legal-person", field->id, taskbook, -1, message);
    }
}

static void
check_format (Check      *check,
              SbField    *field,
              int         taskbook,
              const char *value,
              const char *place)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (value));
  g_autofree char *message = NULL;
  SbFormat *format;

  if (field->none_value != NULL && g_str_equal (trimmed, field->none_value))
    return;

  if (field->type == SB_FIELD_DATE)
    {
      if (!is_valid_date (trimmed))
        {
          message = g_strdup_printf (_("%s: “%s” is not a date; write it as YYYY-MM-DD"),
                                     place, trimmed);
          add (check, SB_SEVERITY_ERROR, "format", field->id, taskbook, -1, message);
        }
      return;
    }
  if (field->format == NULL)
    return;
  if (g_str_equal (field->format, "uscc"))
    {
      check_uscc (check, field, taskbook, trimmed, place);
      return;
    }

  format = sb_template_get_format (check->template, field->format);
  if (format == NULL || g_regex_match_simple (format->pattern, trimmed, 0, 0))
    return;
  if (field->none_value != NULL)
    message = g_strdup_printf (_("%s: “%s” is not in the expected form, such as %s "
                                 "(write “%s” if there is none)"),
                               place, trimmed, format->example, field->none_value);
  else
    message = g_strdup_printf (_("%s: “%s” is not in the expected form, such as %s"),
                               place, trimmed, format->example);
  add (check, SB_SEVERITY_ERROR, "format", field->id, taskbook, -1, message);
}

static void
check_field (Check   *check,
             SbField *field,
             int      taskbook)
{
  g_autofree char *place = dup_place (check, field, taskbook);
  g_autofree char *message = NULL;
  const char *value;
  guint count;

  if (sb_submission_is_empty (check->submission, taskbook, field->id))
    {
      if (field->required)
        {
          message = field->none_value != NULL
            ? g_strdup_printf (_("%s must be filled in (write “%s” if there is none)"),
                               place, field->none_value)
            : g_strdup_printf (_("%s must be filled in"), place);
          add (check, SB_SEVERITY_ERROR, "required", field->id, taskbook, -1, message);
        }
      return;
    }
  if (field->type == SB_FIELD_CHOICES)
    return;

  value = sb_submission_get_text (check->submission, taskbook, field->id);
  count = sb_text_count_chars (value);
  if (field->max_chars > 0 && count > field->max_chars)
    {
      message = g_strdup_printf (_("%s has %u characters; the limit is %u"),
                                 place, count, field->max_chars);
      add (check, SB_SEVERITY_ERROR, "too-long", field->id, taskbook, -1, message);
    }
  check_format (check, field, taskbook, value, place);
}

static void
check_fields (Check *check)
{
  GPtrArray *fields = sb_template_get_fields (check->template);
  guint n_taskbooks = sb_submission_get_n_taskbooks (check->submission);

  for (guint i = 0; i < fields->len; i++)
    {
      SbField *field = g_ptr_array_index (fields, i);

      if (!field->per_taskbook)
        check_field (check, field, SB_NO_TASKBOOK);
    }
  for (guint t = 0; t < n_taskbooks; t++)
    for (guint i = 0; i < fields->len; i++)
      {
        SbField *field = g_ptr_array_index (fields, i);

        if (field->per_taskbook)
          check_field (check, field, (int) t);
      }
}

static void
check_taskbooks (Check *check)
{
  SbField *directions = sb_template_get_directions_field (check->template);
  guint n = sb_submission_get_n_taskbooks (check->submission);

  if (directions == NULL)
    return;

  for (guint i = 0; i < directions->choices->len; i++)
    {
      SbChoice *choice = g_ptr_array_index (directions->choices, i);
      g_autofree char *message = NULL;

      if (!sb_submission_has_choice (check->submission, directions->id, choice->id)
          || sb_submission_find_taskbook (check->submission, choice->id) >= 0)
        continue;
      message = g_strdup_printf (_("%s is ticked but has no task book; fill in one "
                                   "揭榜任务书 for each direction"), choice->label);
      add (check, SB_SEVERITY_ERROR, "taskbook-missing", directions->id, SB_NO_TASKBOOK, -1,
           message);
    }

  for (guint t = 0; t < n; t++)
    {
      const char *direction = sb_submission_get_taskbook_direction (check->submission, t);
      const char *label = sb_template_get_choice_label (check->template, direction);
      g_autofree char *message = NULL;

      if (!sb_submission_has_choice (check->submission, directions->id, direction))
        message = g_strdup_printf (_("There is a task book for %s, but that direction is not "
                                     "ticked"), label);
      else if (sb_submission_find_taskbook (check->submission, direction) != (int) t)
        message = g_strdup_printf (_("There is more than one task book for %s"), label);
      else
        continue;
      add (check, SB_SEVERITY_ERROR, "taskbook-extra", NULL, (int) t, -1, message);
    }
}

static void
check_attachments (Check *check)
{
  GPtrArray *categories = sb_template_get_categories (check->template);
  guint n = sb_submission_get_n_attachments (check->submission);

  for (guint c = 0; c < categories->len; c++)
    {
      SbCategory *category = g_ptr_array_index (categories, c);
      g_autofree char *message = NULL;
      gboolean found = FALSE;

      for (guint i = 0; i < n && !found; i++)
        found = g_strcmp0 (sb_submission_get_attachment_category (check->submission, i),
                           category->id) == 0;
      if (found)
        continue;
      message = g_strdup_printf (_("证明材料 “%s” has no file attached"), category->title);
      add (check, SB_SEVERITY_ERROR, "attachment-missing", NULL, SB_NO_TASKBOOK, -1, message);
    }

  for (guint i = 0; i < n; i++)
    {
      const char *id = sb_submission_get_attachment_category (check->submission, i);
      g_autofree char *message = NULL;

      if (sb_template_get_category (check->template, id) != NULL)
        continue;
      message = g_strdup_printf (_("Attachment “%s” is filed under an unknown category “%s”"),
                                 sb_submission_get_attachment_name (check->submission, i), id);
      add (check, SB_SEVERITY_ERROR, "attachment-category", NULL, SB_NO_TASKBOOK, (int) i,
           message);
    }

  /* What preflight found in each file (remembered per hash), duplicates
   * and category sizes. */
  sb_preflight_add_submission_diagnostics (check->submission, check->store);
}

static char *
dup_today (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_time_format (now, "%Y-%m-%d");
}

/* Dates as "YYYY-MM-DD" compare correctly as strings. */
static void
check_window (Check      *check,
              const char *today)
{
  const char *open = sb_template_get_window_open (check->template);
  const char *close = sb_template_get_window_close (check->template);
  const char *paper = sb_template_get_paper_deadline (check->template);
  g_autofree char *message = NULL;

  if (open != NULL && strcmp (today, open) < 0)
    {
      message = g_strdup_printf (_("The call opens for submissions on %s; today is %s"),
                                 open, today);
      add (check, SB_SEVERITY_WARNING, "window-not-open", NULL, SB_NO_TASKBOOK, -1, message);
    }
  else if (close != NULL && strcmp (today, close) > 0)
    {
      if (paper != NULL && strcmp (today, paper) <= 0)
        message = g_strdup_printf (_("Submissions closed on %s; the paper copies must still "
                                     "arrive by %s"), close, paper);
      else
        message = g_strdup_printf (_("Submissions closed on %s; today is %s"), close, today);
      add (check, SB_SEVERITY_WARNING, "window-closed", NULL, SB_NO_TASKBOOK, -1, message);
    }
}

static void
check_dates (Check *check)
{
  GPtrArray *fields = sb_template_get_fields (check->template);
  const char *open = sb_template_get_window_open (check->template);
  const char *close = sb_template_get_window_close (check->template);

  for (guint i = 0; open != NULL && close != NULL && i < fields->len; i++)
    {
      SbField *field = g_ptr_array_index (fields, i);
      const char *value;
      g_autofree char *place = NULL;
      g_autofree char *message = NULL;

      if (field->type != SB_FIELD_DATE || field->per_taskbook)
        continue;
      value = sb_submission_get_text (check->submission, SB_NO_TASKBOOK, field->id);
      if (!is_valid_date (value) || (strcmp (value, open) >= 0 && strcmp (value, close) <= 0))
        continue;
      place = dup_place (check, field, SB_NO_TASKBOOK);
      message = g_strdup_printf (_("%s: %s is outside the call's window, %s to %s"),
                                 place, value, open, close);
      add (check, SB_SEVERITY_WARNING, "date-outside-window", field->id, SB_NO_TASKBOOK, -1,
           message);
    }
}

static int
compare_severity (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  return (int) sb_diagnostic_get_severity ((SbDiagnostic *) a)
         - (int) sb_diagnostic_get_severity ((SbDiagnostic *) b);
}

static GListStore *
run_all (SbSubmission *submission,
         const char   *today)
{
  g_autofree char *real_today = NULL;
  Check check = { submission, sb_submission_get_template (submission),
                  g_list_store_new (SB_TYPE_DIAGNOSTIC) };

  if (today == NULL)
    today = real_today = dup_today ();

  check_fields (&check);
  check_taskbooks (&check);
  check_attachments (&check);
  check_dates (&check);
  check_window (&check, today);
  /* g_list_store_sort is stable (it uses g_sequence_sort), so document
   * order survives within each severity. */
  g_list_store_sort (check.store, compare_severity, NULL);
  return check.store;
}

GListModel *
sb_validate_all (SbSubmission *submission,
                 const char   *today)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);
  return G_LIST_MODEL (run_all (submission, today));
}

GListModel *
sb_validate (SbSubmission *submission,
             const char   *today)
{
  g_autoptr(GListStore) all = NULL;
  GListStore *shown = g_list_store_new (SB_TYPE_DIAGNOSTIC);

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);
  all = run_all (submission, today);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(SbDiagnostic) diagnostic = g_list_model_get_item (G_LIST_MODEL (all), i);
      g_autofree char *key = sb_diagnostic_dup_key (diagnostic);

      if (sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_WARNING
          && sb_submission_is_acknowledged (submission, key))
        continue;
      g_list_store_append (shown, diagnostic);
    }
  return G_LIST_MODEL (shown);
}

GListModel *
sb_validate_field (SbSubmission *submission,
                   int           taskbook,
                   const char   *field_id)
{
  Check check = { submission, sb_submission_get_template (submission),
                  g_list_store_new (SB_TYPE_DIAGNOSTIC) };
  SbField *field = sb_template_get_field (check.template, field_id);

  g_return_val_if_fail (field != NULL, G_LIST_MODEL (check.store));
  check_field (&check, field, field->per_taskbook ? taskbook : SB_NO_TASKBOOK);
  return G_LIST_MODEL (check.store);
}
