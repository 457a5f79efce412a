/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-core.h"

#define TODAY "2025-04-20"
/* A valid 统一社会信用代码 of a Shanghai company (check characters computed
 * with GB 32100 / GB 11714). */
#define GOOD_USCC "91310115MA1K3YJ587"

static void
fill_form (SbSubmission *s)
{
  const struct { const char *id, *value; } values[] = {
    { "apply_date", "2025-04-22" },
    { "unit_name", "上海示例智能科技有限公司" },
    { "uscc", GOOD_USCC },
    { "unit_address", "上海市浦东新区张江路 100 号" },
    { "mail_address", "上海市浦东新区张江路 100 号 3 楼" },
    { "postcode", "201203" },
    { "head_name", "张伟" }, { "head_title", "总经理" }, { "head_phone", "021-50891234" },
    { "head_mobile", "13800138000" }, { "head_fax", "无" }, { "head_email", "zhang@example.cn" },
    { "contact_name", "李娜" }, { "contact_title", "项目经理" },
    { "contact_phone", "021-50891235-8001" }, { "contact_mobile", "13912345678" },
    { "contact_fax", "(021)50891236" }, { "contact_email", "li.na@example.com.cn" },
    { "unit_intro", "本单位成立于2016年，主营具身智能机器人。" },
    { "project_name", "面向工业场景的具身智能通用操作平台" },
    { "summary", "本项目研发具身智能通用操作平台。" },
    { "legal_rep", "张伟" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    sb_submission_set_text (s, SB_NO_TASKBOOK, values[i].id, values[i].value);
}

static void
fill_taskbook (SbSubmission *s,
               const char   *direction)
{
  SbTemplate *template = sb_submission_get_template (s);
  SbDocument *document = sb_template_get_document (template, "taskbook");
  guint index = sb_submission_add_taskbook (s, direction);

  sb_submission_set_choice (s, "directions", direction, TRUE);
  for (guint i = 0; i < document->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);

      if (item->kind == SB_ITEM_FIELD && item->field->required)
        sb_submission_set_text (s, (int) index, item->field->id, "内容");
    }
}

static SbSubmission *
make_complete (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  SbSubmission *s = sb_submission_new (template);
  const char *categories[] = { "rd-investment", "qualification", "innovation", "performance" };

  fill_form (s);
  fill_taskbook (s, "embodied");
  fill_taskbook (s, "science");
  for (guint i = 0; i < G_N_ELEMENTS (categories); i++)
    {
      g_autofree char *sha = g_strdup_printf ("%064u", i);

      sb_submission_add_attachment (s, categories[i], "a.pdf", sha, NULL, NULL);
    }
  return s;
}

static guint
count_code (GListModel *model,
            const char *code,
            const char *field,
            int         taskbook)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(SbDiagnostic) d = g_list_model_get_item (model, i);

      if (g_strcmp0 (sb_diagnostic_get_code (d), code) == 0
          && (field == NULL || g_strcmp0 (sb_diagnostic_get_field (d), field) == 0)
          && (taskbook == -2 || sb_diagnostic_get_taskbook (d) == taskbook))
        n++;
    }
  return n;
}

static SbDiagnostic *
find_code (GListModel *model,
           const char *code)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      SbDiagnostic *d = g_list_model_get_item (model, i);

      if (g_strcmp0 (sb_diagnostic_get_code (d), code) == 0)
        return d;
      g_object_unref (d);
    }
  return NULL;
}

static void
test_complete_is_clean (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GListModel) diagnostics = sb_validate (s, TODAY);

  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SbDiagnostic) d = g_list_model_get_item (diagnostics, i);
      g_test_message ("unexpected: %s %s", sb_diagnostic_get_code (d),
                      sb_diagnostic_get_message (d));
    }
  g_assert_cmpuint (g_list_model_get_n_items (diagnostics), ==, 0);
}

static void
test_required (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  g_autoptr(SbSubmission) empty = sb_submission_new (template);
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GListModel) all = sb_validate (empty, TODAY);
  g_autoptr(GListModel) one = NULL;
  g_autoptr(SbDiagnostic) d = NULL;
  GPtrArray *fields = sb_template_get_fields (template);

  /* Every required field of an empty submission is flagged. */
  for (guint i = 0; i < fields->len; i++)
    {
      SbField *field = g_ptr_array_index (fields, i);

      if (field->required && !field->per_taskbook)
        g_assert_cmpuint (count_code (all, "required", field->id, -1), ==, 1);
      if (!field->required)
        g_assert_cmpuint (count_code (all, "required", field->id, -2), ==, 0);
    }

  /* Whitespace (including the ideographic space) is still empty. */
  sb_submission_set_text (s, SB_NO_TASKBOOK, "head_title", " \t\u3000 ");
  sb_submission_set_text (s, 1, "tb_plan", "");
  one = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (one, "required", "head_title", -1), ==, 1);
  g_assert_cmpuint (count_code (one, "required", "tb_plan", 1), ==, 1);
  d = find_code (one, "required");
  g_assert_cmpint (sb_diagnostic_get_severity (d), ==, SB_SEVERITY_ERROR);
  g_assert_nonnull (strstr (sb_diagnostic_get_message (d), "负责人 · 职务"));
}

static void
test_too_long (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GListModel) ok = NULL;
  g_autoptr(GListModel) bad = NULL;

  for (guint i = 0; i < 500; i++)
    g_string_append (text, "字");
  sb_submission_set_text (s, SB_NO_TASKBOOK, "unit_intro", text->str);
  ok = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (ok, "too-long", "unit_intro", -1), ==, 0);

  g_string_append (text, "。");
  sb_submission_set_text (s, SB_NO_TASKBOOK, "unit_intro", text->str);
  bad = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (bad, "too-long", "unit_intro", -1), ==, 1);
}

static void
test_formats (void)
{
  const struct { const char *field, *value; gboolean ok; } cases[] = {
    { "postcode", "201203", TRUE }, { "postcode", "20120", FALSE },
    { "postcode", "2012034", FALSE }, { "postcode", "20120a", FALSE },
    { "head_mobile", "13800138000", TRUE }, { "head_mobile", "1380013800", FALSE },
    { "head_mobile", "23800138000", FALSE }, { "head_mobile", "12800138000", FALSE },
    { "head_phone", "021-23117641", TRUE }, { "head_phone", "02123117641", TRUE },
    { "head_phone", "(021)23117641", TRUE }, { "head_phone", "021-23117641-8001", TRUE },
    { "head_phone", "0571-8888888", TRUE }, { "head_phone", "23117641", FALSE },
    { "head_phone", "电话", FALSE },
    { "head_fax", "无", TRUE }, { "head_fax", "021-23117641", TRUE }, { "head_fax", "没有", FALSE },
    { "head_email", "a.b@example.com.cn", TRUE }, { "head_email", "a.b@", FALSE },
    { "head_email", "ab.example.com", FALSE },
    { "apply_date", "2025-04-22", TRUE }, { "apply_date", "2025-02-30", FALSE },
    { "apply_date", "2025/04/22", FALSE }, { "apply_date", "22.4.2025", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SbSubmission) s = make_complete ();
      g_autoptr(GListModel) diagnostics = NULL;

      sb_submission_set_text (s, SB_NO_TASKBOOK, cases[i].field, cases[i].value);
      diagnostics = sb_validate (s, TODAY);
      g_test_message ("%s = %s", cases[i].field, cases[i].value);
      g_assert_cmpuint (count_code (diagnostics, "format", cases[i].field, -1), ==,
                        cases[i].ok ? 0 : 1);
    }
}

static char *
make_uscc (const char *region,
           const char *type)
{
  /* "…" + org code body + its check + the code's check. */
  g_autofree char *first16 = g_strdup_printf ("%s%s0115%s", type, region, "MA1K3YJ5");
  char org = sb_uscc_org_check_character (first16 + 8);
  g_autofree char *first17 = g_strdup_printf ("%s%c", first16, org);
  char check = sb_uscc_check_character (first17);

  return g_strdup_printf ("%s%c", first17, check);
}

static void
test_uscc_rules (void)
{
  g_autofree char *beijing = make_uscc ("11", "91");
  g_autofree char *individual = make_uscc ("31", "92");
  g_autofree char *good = make_uscc ("31", "91");
  g_autofree char *bad_check = g_strdup (good);
  struct { const char *value; const char *code; SbSeverity severity; } cases[] = {
    { "91310115MA1K3YJ5", "uscc-format", SB_SEVERITY_ERROR },
    { "91310115MA1K3YJ52KK", "uscc-format", SB_SEVERITY_ERROR },
    { "91310115MA1K3YJ5IK", "uscc-format", SB_SEVERITY_ERROR },
    { "91310115ma1k3yj52k", "uscc-format", SB_SEVERITY_ERROR },
    { bad_check, "uscc-checksum", SB_SEVERITY_WARNING },
    { beijing, "not-shanghai", SB_SEVERITY_WARNING },
    { individual, "not-legal-person", SB_SEVERITY_WARNING },
  };

  g_assert_cmpstr (good, ==, GOOD_USCC);
  bad_check[17] = bad_check[17] == '0' ? '1' : '0';

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(SbSubmission) s = make_complete ();
      g_autoptr(GListModel) diagnostics = NULL;
      g_autoptr(SbDiagnostic) d = NULL;

      sb_submission_set_text (s, SB_NO_TASKBOOK, "uscc", cases[i].value);
      diagnostics = sb_validate (s, TODAY);
      d = find_code (diagnostics, cases[i].code);
      g_test_message ("%s → %s", cases[i].value, cases[i].code);
      g_assert_nonnull (d);
      g_assert_cmpint (sb_diagnostic_get_severity (d), ==, cases[i].severity);
      g_assert_cmpstr (sb_diagnostic_get_field (d), ==, "uscc");
    }
}

/* A checksum warning the user marked as checked is no longer shown. */
static void
test_acknowledge (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GListModel) before = NULL;
  g_autoptr(GListModel) after = NULL;
  g_autoptr(GListModel) all = NULL;
  g_autoptr(SbDiagnostic) d = NULL;
  g_autofree char *key = NULL;
  g_autofree char *data = NULL;

  sb_submission_set_text (s, SB_NO_TASKBOOK, "uscc", "91310115MA1K3YJ520");
  before = sb_validate (s, TODAY);
  d = find_code (before, "uscc-checksum");
  g_assert_nonnull (d);
  key = sb_diagnostic_dup_key (d);
  g_assert_cmpstr (key, ==, "uscc-checksum:uscc");

  sb_submission_set_acknowledged (s, key, TRUE);
  after = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (after, "uscc-checksum", NULL, -2), ==, 0);
  all = sb_validate_all (s, TODAY);
  g_assert_cmpuint (count_code (all, "uscc-checksum", NULL, -2), ==, 1);

  data = sb_submission_to_data (s, NULL);
  g_assert_nonnull (strstr (data, "\"acknowledged\""));
  g_assert_nonnull (strstr (data, "uscc-checksum:uscc"));
}

static void
test_taskbooks (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GListModel) missing = NULL;
  g_autoptr(GListModel) extra = NULL;
  g_autoptr(GListModel) duplicate = NULL;

  sb_submission_set_choice (s, "directions", "swarm", TRUE);
  missing = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (missing, "taskbook-missing", "directions", -2), ==, 1);
  g_assert_nonnull (strstr (sb_diagnostic_get_message (find_code (missing, "taskbook-missing")),
                            "群体智能"));

  sb_submission_set_choice (s, "directions", "swarm", FALSE);
  sb_submission_set_choice (s, "directions", "science", FALSE);
  extra = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (extra, "taskbook-extra", NULL, 1), ==, 1);
  g_assert_cmpuint (count_code (extra, "taskbook-missing", NULL, -2), ==, 0);

  sb_submission_set_choice (s, "directions", "science", TRUE);
  sb_submission_add_taskbook (s, "science");
  duplicate = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (duplicate, "taskbook-extra", NULL, 2), ==, 1);
}

static void
test_attachment_missing (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GListModel) diagnostics = NULL;
  g_autoptr(JsonObject) taken = NULL;
  g_autoptr(SbDiagnostic) d = NULL;

  for (guint i = 0; i < sb_submission_get_n_attachments (s); i++)
    if (g_str_equal (sb_submission_get_attachment_category (s, i), "innovation"))
      taken = sb_submission_take_attachment (s, i);
  g_assert_nonnull (taken);
  diagnostics = sb_validate (s, TODAY);
  d = find_code (diagnostics, "attachment-missing");
  g_assert_nonnull (d);
  g_assert_cmpint (sb_diagnostic_get_severity (d), ==, SB_SEVERITY_ERROR);
  g_assert_nonnull (strstr (sb_diagnostic_get_message (d), "创新能力证明材料"));
  g_assert_cmpuint (count_code (diagnostics, "attachment-missing", NULL, -2), ==, 1);
}

static void
test_window (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  const struct { const char *today, *code; } cases[] = {
    { "2025-04-17", "window-not-open" },
    { "2025-04-18", NULL },
    { "2025-05-13", NULL },
    { "2025-05-14", "window-closed" },
    { "2026-01-01", "window-closed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GListModel) diagnostics = sb_validate (s, cases[i].today);
      guint warnings = count_code (diagnostics, "window-not-open", NULL, -2)
                       + count_code (diagnostics, "window-closed", NULL, -2);

      g_assert_cmpuint (warnings, ==, cases[i].code ? 1 : 0);
      if (cases[i].code)
        {
          g_autoptr(SbDiagnostic) d = find_code (diagnostics, cases[i].code);
          g_assert_nonnull (d);
          g_assert_cmpint (sb_diagnostic_get_severity (d), ==, SB_SEVERITY_WARNING);
        }
    }
}

static void
test_date_outside_window (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GListModel) diagnostics = NULL;

  sb_submission_set_text (s, SB_NO_TASKBOOK, "apply_date", "2025-06-01");
  diagnostics = sb_validate (s, TODAY);
  g_assert_cmpuint (count_code (diagnostics, "date-outside-window", "apply_date", -1), ==, 1);
}

/* Errors come before warnings. */
static void
test_order (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  g_autoptr(SbSubmission) s = sb_submission_new (template);
  g_autoptr(GListModel) diagnostics = NULL;
  gboolean seen_warning = FALSE;

  sb_submission_set_text (s, SB_NO_TASKBOOK, "uscc", "91110115MA1K3YJ52K");
  diagnostics = sb_validate (s, "2026-01-01");
  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SbDiagnostic) d = g_list_model_get_item (diagnostics, i);

      if (sb_diagnostic_get_severity (d) == SB_SEVERITY_WARNING)
        seen_warning = TRUE;
      else
        g_assert_false (seen_warning);
    }
  g_assert_true (seen_warning);
}

static void
test_validate_field (void)
{
  g_autoptr(SbSubmission) s = make_complete ();
  g_autoptr(GListModel) ok = NULL;
  g_autoptr(GListModel) bad = NULL;

  ok = sb_validate_field (s, SB_NO_TASKBOOK, "postcode");
  g_assert_cmpuint (g_list_model_get_n_items (ok), ==, 0);
  sb_submission_set_text (s, SB_NO_TASKBOOK, "postcode", "");
  bad = sb_validate_field (s, SB_NO_TASKBOOK, "postcode");
  g_assert_cmpuint (count_code (bad, "required", "postcode", -1), ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/validator/complete-is-clean", test_complete_is_clean);
  g_test_add_func ("/validator/required", test_required);
  g_test_add_func ("/validator/too-long", test_too_long);
  g_test_add_func ("/validator/formats", test_formats);
  g_test_add_func ("/validator/uscc", test_uscc_rules);
  g_test_add_func ("/validator/acknowledge", test_acknowledge);
  g_test_add_func ("/validator/taskbooks", test_taskbooks);
  g_test_add_func ("/validator/attachment-missing", test_attachment_missing);
  g_test_add_func ("/validator/window", test_window);
  g_test_add_func ("/validator/date-outside-window", test_date_outside_window);
  g_test_add_func ("/validator/order", test_order);
  g_test_add_func ("/validator/field", test_validate_field);
  return g_test_run ();
}
