/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "sb-core.h"

static SbSubmission *
new_submission (void)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);

  return sb_submission_new (template);
}

static void
test_new_is_pinned_format (void)
{
  g_autoptr(SbSubmission) s = new_submission ();
  g_autofree char *data = sb_submission_to_data (s, NULL);
  g_autoptr(JsonNode) root = json_from_string (data, NULL);
  JsonObject *object = json_node_get_object (root);

  g_assert_cmpstr (json_object_get_string_member (object, "format"), ==, "shenbao-submission");
  g_assert_cmpint (json_object_get_int_member (object, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (object, "template"), ==, "sh-2025-agi");
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "fields")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "taskbooks")));
  g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "attachments")));
  g_assert_false (sb_submission_get_modified (s));
}

/* Keys this version does not know survive a round trip. */
static void
test_round_trip_keeps_unknown (void)
{
  const char *input =
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\","
    "\"future\":{\"a\":[1,2,3]},"
    "\"fields\":{\"unit_name\":\"甲公司\",\"directions\":[\"science\"],\"x-extra\":42},"
    "\"taskbooks\":[{\"direction\":\"science\",\"fields\":{\"tb_name\":\"任务\"},\"note\":\"n\"}],"
    "\"attachments\":[{\"category\":\"innovation\",\"name\":\"p.pdf\",\"sha256\":\"ab\","
    "\"title\":\"专利\",\"pages\":3}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) s = sb_submission_new_from_data (input, -1, &error);
  g_autofree char *out = NULL;
  g_autoptr(SbSubmission) again = NULL;
  g_autofree char *out2 = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sb_submission_get_text (s, SB_NO_TASKBOOK, "unit_name"), ==, "甲公司");
  g_assert_true (sb_submission_has_choice (s, "directions", "science"));
  g_assert_cmpstr (sb_submission_get_text (s, 0, "tb_name"), ==, "任务");
  g_assert_cmpstr (sb_submission_get_attachment_name (s, 0), ==, "p.pdf");

  sb_submission_set_text (s, SB_NO_TASKBOOK, "postcode", "200000");
  out = sb_submission_to_data (s, NULL);
  g_assert_nonnull (strstr (out, "\"future\""));
  g_assert_nonnull (strstr (out, "\"x-extra\""));
  g_assert_nonnull (strstr (out, "\"note\""));
  g_assert_nonnull (strstr (out, "\"pages\""));

  again = sb_submission_new_from_data (out, -1, &error);
  g_assert_no_error (error);
  out2 = sb_submission_to_data (again, NULL);
  g_assert_cmpstr (out, ==, out2);
  g_assert_cmpstr (sb_submission_get_text (again, SB_NO_TASKBOOK, "postcode"), ==, "200000");
}

static void
test_bad_input (void)
{
  const char *bad[] = {
    "",
    "not json",
    "[]",
    "{\"format\":\"other\",\"version\":1}",
    "{\"format\":\"shenbao-submission\",\"version\":2,\"template\":\"sh-2025-agi\"}",
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\",\"fields\":[]}",
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\","
    "\"taskbooks\":[1]}",
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\","
    "\"taskbooks\":[{\"fields\":{}}]}",
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\","
    "\"attachments\":[{\"category\":\"x\",\"name\":3,\"sha256\":\"ab\"}]}",
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\","
    "\"acknowledged\":\"x\"}",
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"\xff\xfe\"}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SbSubmission) s = sb_submission_new_from_data (bad[i], -1, &error);

      g_test_message ("input %u", i);
      g_assert_null (s);
      g_assert_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID);
      g_assert_cmpstr (error->message, !=, "");
    }
}

/* A deep nesting is refused before json-glib's recursive parser sees it. */
static void
test_deep_nesting (void)
{
  g_autoptr(GString) json = g_string_new ("{\"format\":\"shenbao-submission\",\"version\":1,"
                                          "\"template\":\"sh-2025-agi\",\"x\":");
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) s = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, '[');
  for (guint i = 0; i < 100000; i++)
    g_string_append_c (json, ']');
  g_string_append_c (json, '}');
  s = sb_submission_new_from_data (json->str, json->len, &error);
  g_assert_null (s);
  g_assert_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID);
}

static void
test_unknown_template (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) s = sb_submission_new_from_data (
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"nope\"}", -1, &error);

  g_assert_null (s);
  g_assert_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_UNKNOWN_TEMPLATE);
}

/* Wrongly typed values read as empty rather than crash. */
static void
test_wrong_value_types (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) s = sb_submission_new_from_data (
    "{\"format\":\"shenbao-submission\",\"version\":1,\"template\":\"sh-2025-agi\","
    "\"fields\":{\"unit_name\":[1],\"directions\":\"science\",\"postcode\":200000}}",
    -1, &error);
  g_auto(GStrv) choices = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (sb_submission_get_text (s, SB_NO_TASKBOOK, "unit_name"), ==, "");
  choices = sb_submission_dup_choices (s, "directions");
  g_assert_cmpuint (g_strv_length (choices), ==, 0);
  g_assert_false (sb_submission_is_empty (s, SB_NO_TASKBOOK, "postcode"));
}

static void
changed_cb (SbSubmission *s,
            const char   *what,
            int           taskbook,
            GString      *log)
{
  g_string_append_printf (log, "%s@%d;", what, taskbook);
}

static void
test_changes_and_modified (void)
{
  g_autoptr(SbSubmission) s = new_submission ();
  g_autoptr(GString) log = g_string_new (NULL);
  guint64 serial = sb_submission_get_serial (s);

  g_signal_connect (s, "changed", G_CALLBACK (changed_cb), log);
  sb_submission_set_text (s, SB_NO_TASKBOOK, "unit_name", "甲");
  sb_submission_set_text (s, SB_NO_TASKBOOK, "unit_name", "甲");  /* no change */
  sb_submission_set_choice (s, "directions", "brain", TRUE);
  sb_submission_set_choice (s, "directions", "brain", TRUE);      /* no change */
  g_assert_cmpstr (log->str, ==, "unit_name@-1;directions@-1;");
  g_assert_true (sb_submission_get_modified (s));
  g_assert_cmpuint (sb_submission_get_serial (s), ==, serial + 2);
  sb_submission_set_modified (s, FALSE);
  g_assert_false (sb_submission_get_modified (s));
}

/* Choices keep the template's order, not the clicking order. */
static void
test_choices_order (void)
{
  g_autoptr(SbSubmission) s = new_submission ();
  g_auto(GStrv) choices = NULL;

  sb_submission_set_choice (s, "directions", "brain", TRUE);
  sb_submission_set_choice (s, "directions", "embodied", TRUE);
  sb_submission_set_choice (s, "directions", "spatial", TRUE);
  sb_submission_set_choice (s, "directions", "brain", FALSE);
  choices = sb_submission_dup_choices (s, "directions");
  g_assert_cmpuint (g_strv_length (choices), ==, 2);
  g_assert_cmpstr (choices[0], ==, "embodied");
  g_assert_cmpstr (choices[1], ==, "spatial");
}

/* Removing a task book hands it back whole, so it can be undone. */
static void
test_taskbook_take_insert (void)
{
  g_autoptr(SbSubmission) s = new_submission ();
  g_autoptr(JsonObject) taken = NULL;

  sb_submission_add_taskbook (s, "embodied");
  sb_submission_add_taskbook (s, "science");
  g_assert_false (sb_submission_taskbook_has_content (s, 1));
  sb_submission_set_text (s, 1, "tb_name", "科学任务");
  g_assert_true (sb_submission_taskbook_has_content (s, 1));
  g_assert_cmpint (sb_submission_find_taskbook (s, "science"), ==, 1);

  taken = sb_submission_take_taskbook (s, 1);
  g_assert_cmpuint (sb_submission_get_n_taskbooks (s), ==, 1);
  g_assert_cmpint (sb_submission_find_taskbook (s, "science"), ==, -1);

  sb_submission_insert_taskbook (s, 1, taken);
  g_assert_cmpint (sb_submission_find_taskbook (s, "science"), ==, 1);
  g_assert_cmpstr (sb_submission_get_text (s, 1, "tb_name"), ==, "科学任务");
}

/* Attachments stay grouped by category, in the template's order. */
static void
test_attachment_order (void)
{
  g_autoptr(SbSubmission) s = new_submission ();
  g_autofree char *title = NULL;
  g_autofree char *title2 = NULL;

  sb_submission_add_attachment (s, "performance", "d.pdf", "dd", NULL, NULL);
  sb_submission_add_attachment (s, "rd-investment", "a.pdf", "aa", NULL, NULL);
  sb_submission_add_attachment (s, "innovation", "c.pdf", "cc", NULL, NULL);
  sb_submission_add_attachment (s, "rd-investment", "a2.pdf", "a2", "报表", NULL);
  g_assert_cmpstr (sb_submission_get_attachment_name (s, 0), ==, "a.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_name (s, 1), ==, "a2.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_name (s, 2), ==, "c.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_name (s, 3), ==, "d.pdf");

  title = sb_submission_dup_attachment_title (s, 0);
  g_assert_cmpstr (title, ==, "a");
  title2 = sb_submission_dup_attachment_title (s, 1);
  g_assert_cmpstr (title2, ==, "报表");

  sb_submission_set_attachment_category (s, 3, "qualification");
  g_assert_cmpstr (sb_submission_get_attachment_name (s, 2), ==, "d.pdf");
  g_assert_cmpstr (sb_submission_get_attachment_category (s, 2), ==, "qualification");

  sb_submission_move_attachment (s, 1, 0);
  g_assert_cmpstr (sb_submission_get_attachment_name (s, 0), ==, "a2.pdf");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/submission/new", test_new_is_pinned_format);
  g_test_add_func ("/submission/round-trip-unknown-keys", test_round_trip_keeps_unknown);
  g_test_add_func ("/submission/bad-input", test_bad_input);
  g_test_add_func ("/submission/unknown-template", test_unknown_template);
  g_test_add_func ("/submission/deep-nesting", test_deep_nesting);
  g_test_add_func ("/submission/wrong-value-types", test_wrong_value_types);
  g_test_add_func ("/submission/changes", test_changes_and_modified);
  g_test_add_func ("/submission/choices-order", test_choices_order);
  g_test_add_func ("/submission/taskbook-take-insert", test_taskbook_take_insert);
  g_test_add_func ("/submission/attachment-order", test_attachment_order);
  return g_test_run ();
}
