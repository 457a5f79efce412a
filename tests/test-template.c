/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-core.h"

static void
test_builtin_loads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, &error);
  g_auto(GStrv) ids = sb_template_list_builtin ();

  g_assert_no_error (error);
  g_assert_nonnull (template);
  g_assert_cmpstr (sb_template_get_id (template), ==, sb_template_default_id ());
  g_assert_true (g_strv_contains ((const char * const *) ids, "sh-2025-agi"));
  g_assert_cmpstr (sb_template_get_window_open (template), ==, "2025-04-18");
  g_assert_cmpstr (sb_template_get_window_close (template), ==, "2025-05-13");
  g_assert_cmpstr (sb_template_get_paper_deadline (template), ==, "2025-05-14");
  g_assert_cmpstr (sb_template_get_region_code (template), ==, "31");
}

/* The notice's documents, in print order. */
static void
test_documents_in_order (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  GPtrArray *documents = sb_template_get_documents (template);
  const char *expected[] = { "封面", "填报须知", "申报表", "揭榜任务书", "证明材料", "承诺书" };

  g_assert_cmpuint (documents->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < documents->len; i++)
    g_assert_cmpstr (((SbDocument *) g_ptr_array_index (documents, i))->short_title, ==,
                     expected[i]);
  g_assert_cmpint (((SbDocument *) g_ptr_array_index (documents, 3))->kind, ==,
                   SB_DOCUMENT_TASKBOOK);
  g_assert_cmpint (((SbDocument *) g_ptr_array_index (documents, 4))->kind, ==,
                   SB_DOCUMENT_ATTACHMENTS);
}

/* Every row of 申报表 一、单位情况, with labels as printed. */
static void
test_form_fields (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  struct { const char *id, *group, *label; guint max; } rows[] = {
    { "unit_name", NULL, "申报单位名称", 0 },
    { "uscc", NULL, "组织机构代码 /三证合一码", 0 },
    { "unit_address", NULL, "申报单位地址", 0 },
    { "mail_address", NULL, "通讯地址", 0 },
    { "postcode", NULL, "邮政编码", 0 },
    { "unit_intro", NULL, "单位简介", 500 },
    { "project_name", NULL, "揭榜内容名称", 0 },
    { "summary", NULL, "揭榜内容概述", 1000 },
  };
  const char *people[] = { "负责人", "联系人" };
  const char *labels[] = { "姓名", "职务", "电话", "手机", "传真", "邮箱" };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      SbField *field = sb_template_get_field (template, rows[i].id);

      g_assert_nonnull (field);
      g_assert_cmpstr (field->label, ==, rows[i].label);
      g_assert_cmpuint (field->max_chars, ==, rows[i].max);
      g_assert_true (field->required);
      g_assert_cmpstr (field->document, ==, "form");
    }

  for (guint p = 0; p < G_N_ELEMENTS (people); p++)
    for (guint l = 0; l < G_N_ELEMENTS (labels); l++)
      {
        GPtrArray *fields = sb_template_get_fields (template);
        gboolean found = FALSE;

        for (guint i = 0; i < fields->len; i++)
          {
            SbField *field = g_ptr_array_index (fields, i);

            if (g_strcmp0 (field->group, people[p]) == 0
                && g_strcmp0 (field->label, labels[l]) == 0)
              found = TRUE;
          }
        g_assert_true (found);
      }
}

static void
test_directions_and_taskbook (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  SbField *directions = sb_template_get_directions_field (template);
  SbDocument *taskbook = sb_template_get_document (template, "taskbook");
  guint n_fields = 0;

  g_assert_nonnull (directions);
  g_assert_cmpint (directions->type, ==, SB_FIELD_CHOICES);
  g_assert_cmpuint (directions->choices->len, ==, 5);
  g_assert_cmpstr (sb_template_get_choice_label (template, "science"), ==, "方向 2：科学智能");

  for (guint i = 0; i < taskbook->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (taskbook->items, i);

      if (item->kind != SB_ITEM_FIELD)
        continue;
      g_assert_true (item->field->per_taskbook);
      n_fields++;
    }
  /* 一、(一)(二)(三), 二、(一)(二), 三、(一)–(四), 四、 */
  g_assert_cmpuint (n_fields, ==, 10);
  g_assert_false (sb_template_get_field (template, "tb_other")->required);
}

/* A value the notice repeats is one field shown in several places. */
static void
test_shared_fields (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  SbDocument *cover = sb_template_get_document (template, "cover");
  SbDocument *pledge = sb_template_get_document (template, "pledge");
  SbField *project = sb_template_get_field (template, "project_name");
  SbField *unit = sb_template_get_field (template, "unit_name");
  gboolean cover_project = FALSE, cover_unit = FALSE, pledge_project = FALSE;

  for (guint i = 0; i < cover->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (cover->items, i);

      cover_project |= item->field == project;
      if (item->field == unit)
        {
          cover_unit = TRUE;
          g_assert_cmpstr (item->text, ==, "揭榜单位");
          g_assert_cmpstr (item->suffix, ==, "（加盖单位公章）");
        }
    }
  for (guint i = 0; i < pledge->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (pledge->items, i);

      pledge_project |= item->field == project
                        || (item->text && strstr (item->text, "{project_name}"));
    }
  g_assert_true (cover_project);
  g_assert_true (cover_unit);
  g_assert_true (pledge_project);
}

static void
test_categories (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  GPtrArray *categories = sb_template_get_categories (template);

  g_assert_cmpuint (categories->len, ==, 4);
  g_assert_nonnull (sb_template_get_category (template, "rd-investment"));
  g_assert_true (g_str_has_prefix (((SbCategory *) g_ptr_array_index (categories, 0))->title,
                                   "1. 揭榜单位上一财年研发投入证明材料"));
}

static void
test_broken_templates (void)
{
  const char *bad[] = {
    "[]",
    "{\"format\":\"shenbao-template\",\"version\":2,\"id\":\"x\",\"title\":\"t\"}",
    "{\"format\":\"shenbao-template\",\"version\":1,\"id\":\"x\",\"title\":\"t\","
    "\"documents\":[{\"id\":\"d\",\"title\":\"D\",\"items\":[{\"ref\":\"nope\"}]}]}",
    "{\"format\":\"shenbao-template\",\"version\":1,\"id\":\"x\",\"title\":\"t\","
    "\"documents\":[{\"id\":\"d\",\"title\":\"D\",\"items\":[{\"field\":{\"id\":\"a\","
    "\"label\":\"A\"}},{\"field\":{\"id\":\"a\",\"label\":\"B\"}}]}]}",
    "{\"format\":\"shenbao-template\",\"version\":1,\"id\":\"x\",\"title\":\"t\","
    "\"formats\":{\"f\":{\"pattern\":\"([\"}}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTemplate) template = sb_template_new_from_bytes (bytes, &error);

      g_assert_null (template);
      g_assert_error (error, SB_TEMPLATE_ERROR, SB_TEMPLATE_ERROR_INVALID);
    }
}

static void
test_unknown_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = sb_template_lookup ("../etc/passwd", &error);

  g_assert_null (template);
  g_assert_error (error, SB_TEMPLATE_ERROR, SB_TEMPLATE_ERROR_NOT_FOUND);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/template/builtin", test_builtin_loads);
  g_test_add_func ("/template/documents", test_documents_in_order);
  g_test_add_func ("/template/form-fields", test_form_fields);
  g_test_add_func ("/template/directions-taskbook", test_directions_and_taskbook);
  g_test_add_func ("/template/shared-fields", test_shared_fields);
  g_test_add_func ("/template/categories", test_categories);
  g_test_add_func ("/template/broken", test_broken_templates);
  g_test_add_func ("/template/unknown", test_unknown_template);
  return g_test_run ();
}
