/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao-cli"

#include "config.h"

#include <stdio.h>
#include <glib/gi18n.h>

#include "sb-core.h"
#include "sb-packet.h"
#include "sb-preflight.h"

/* Exit codes of the pinned CLI. */
enum {
  EXIT_OK = 0,
  EXIT_PROBLEMS = 1,   /* check found errors, export refused */
  EXIT_UNREADABLE = 2, /* the input (or the command line) cannot be read */
};

typedef int (*CommandFunc) (int argc, char **argv);

static int
fail (int         code,
      const char *format,
      ...) G_GNUC_PRINTF (2, 3);

static int
fail (int         code,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("shenbao-cli: %s\n", message);
  return code;
}

static gboolean
parse_options (GOptionEntry *entries,
               const char   *parameter,
               int          *argc,
               char       ***argv,
               GError      **error)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  return g_option_context_parse (context, argc, argv, error);
}

static gboolean
is_json_path (const char *path)
{
  return g_str_has_suffix (path, ".json") || g_str_has_suffix (path, ".JSON");
}

/* A saved file, or the interchange JSON. */
static SbSubmission *
load_any (const char *path,
          GError    **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  if (is_json_path (path))
    return sb_submission_new_from_json_file (file, error);
  return sb_archive_load (file, NULL, error);
}

static gboolean
save (SbSubmission *submission,
      const char   *path,
      GError      **error)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);

  return sb_archive_save (submission, file, NULL, error);
}

/* templates */

static int
cmd_templates (int    argc,
               char **argv)
{
  g_auto(GStrv) ids = sb_template_list_builtin ();

  for (guint i = 0; ids[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SbTemplate) template = sb_template_lookup (ids[i], &error);

      if (template == NULL)
        return fail (EXIT_UNREADABLE, "%s", error->message);
      g_print ("%s\t%s%s\n", ids[i], sb_template_get_title (template),
               g_str_equal (ids[i], sb_template_default_id ()) ? _(" (default)") : "");
    }
  return EXIT_OK;
}

/* fields */

static const char *
field_type_name (SbFieldType type)
{
  switch (type)
    {
    case SB_FIELD_MULTILINE: return "multiline";
    case SB_FIELD_CHOICES: return "choices";
    case SB_FIELD_DATE: return "date";
    case SB_FIELD_TEXT:
    default: return "text";
    }
}

static void
build_field (JsonBuilder *builder,
             SbTemplate  *template,
             SbField     *field)
{
  SbDocument *document = sb_template_get_document (template, field->document);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, field->id);
  json_builder_set_member_name (builder, "document");
  json_builder_add_string_value (builder, document ? document->title : field->document);
  json_builder_set_member_name (builder, "section");
  field->section ? json_builder_add_string_value (builder, field->section)
                 : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "group");
  field->group ? json_builder_add_string_value (builder, field->group)
               : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "label");
  json_builder_add_string_value (builder, field->label);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, field_type_name (field->type));
  json_builder_set_member_name (builder, "format");
  field->format ? json_builder_add_string_value (builder, field->format)
                : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "required");
  json_builder_add_boolean_value (builder, field->required);
  json_builder_set_member_name (builder, "max_chars");
  field->max_chars ? json_builder_add_int_value (builder, field->max_chars)
                   : json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "per_taskbook");
  json_builder_add_boolean_value (builder, field->per_taskbook);
  json_builder_set_member_name (builder, "choices");
  if (field->choices == NULL)
    json_builder_add_null_value (builder);
  else
    {
      json_builder_begin_array (builder);
      for (guint i = 0; i < field->choices->len; i++)
        {
          SbChoice *choice = g_ptr_array_index (field->choices, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, choice->id);
          json_builder_set_member_name (builder, "label");
          json_builder_add_string_value (builder, choice->label);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  json_builder_end_object (builder);
}

static void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static int
cmd_fields (int    argc,
            char **argv)
{
  g_autofree char *template_id = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_id, N_("Template id"), "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GPtrArray *fields;

  if (!parse_options (entries, "", &argc, &argv, &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if ((template = sb_template_lookup (template_id, &error)) == NULL)
    return fail (EXIT_UNREADABLE, "%s", error->message);

  fields = sb_template_get_fields (template);
  if (!as_json)
    {
      for (guint i = 0; i < fields->len; i++)
        {
          SbField *field = g_ptr_array_index (fields, i);
          g_autofree char *label = sb_field_dup_display_label (field);

          g_print ("%-16s %s%s\n", field->id, label, field->required ? " *" : "");
        }
      return EXIT_OK;
    }

  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    build_field (builder, template, g_ptr_array_index (fields, i));
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  print_json (root);
  return EXIT_OK;
}

/* new, import, dump */

static int
cmd_new (int    argc,
         char **argv)
{
  g_autofree char *template_id = NULL;
  g_autofree char *output = NULL;
  GOptionEntry entries[] = {
    { "template", 0, 0, G_OPTION_ARG_STRING, &template_id, N_("Template id"), "ID" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbTemplate) template = NULL;
  g_autoptr(SbSubmission) submission = NULL;

  if (!parse_options (entries, "", &argc, &argv, &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if (output == NULL)
    return fail (EXIT_UNREADABLE, "%s", _("Say where to write the submission with -o FILE"));
  if ((template = sb_template_lookup (template_id, &error)) == NULL)
    return fail (EXIT_UNREADABLE, "%s", error->message);

  submission = sb_submission_new (template);
  if (!save (submission, output, &error))
    return fail (EXIT_PROBLEMS, "%s", error->message);
  return EXIT_OK;
}

/* Resolves every attachment's name under dir (or, failing that, under
 * fallback), checks its hash if the JSON gives one, and records the
 * file as its source. */
static gboolean
resolve_attachments (SbSubmission *submission,
                     GFile        *dir,
                     GFile        *fallback,
                     GError      **error)
{
  guint n = sb_submission_get_n_attachments (submission);

  for (guint i = 0; i < n; i++)
    {
      const char *name = sb_submission_get_attachment_name (submission, i);
      const char *expected = sb_submission_get_attachment_sha256 (submission, i);
      g_autoptr(GFile) file = NULL;
      g_autofree char *sha256 = NULL;
      g_autofree char *path = NULL;

      if (name[0] == '\0' || g_path_is_absolute (name) || strstr (name, "..") != NULL)
        {
          g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT,
                       _("Attachment name “%s” must be a file name inside the attachments "
                         "folder"), name);
          return FALSE;
        }
      file = g_file_resolve_relative_path (dir, name);
      if (fallback != NULL && !g_file_query_exists (file, NULL))
        {
          g_autoptr(GFile) beside = g_file_resolve_relative_path (fallback, name);

          if (g_file_query_exists (beside, NULL))
            g_set_object (&file, beside);
        }
      path = g_file_get_parse_name (file);
      sha256 = sb_file_compute_sha256 (file, NULL, error);
      if (sha256 == NULL)
        return FALSE;
      if (expected[0] != '\0' && g_ascii_strcasecmp (expected, sha256) != 0)
        {
          g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_ATTACHMENT,
                       _("%s does not match the SHA-256 given for it in the submission"),
                       path);
          return FALSE;
        }
      sb_submission_set_attachment_source (submission, sha256, file);
    }
  return TRUE;
}

/* "x/sample.json" keeps its files in "x/sample/" as often as beside it. */
static GFile *
dup_companion_dir (GFile *json)
{
  g_autofree char *path = g_file_get_path (json);
  g_autofree char *stem = NULL;

  if (path == NULL || !is_json_path (path))
    return NULL;
  stem = g_strndup (path, strlen (path) - strlen (".json"));
  return g_file_new_for_path (stem);
}

static int
cmd_import (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *dir_path = NULL;
  GOptionEntry entries[] = {
    { "attachments-dir", 0, 0, G_OPTION_ARG_FILENAME, &dir_path,
      N_("Where the attached files are (default: the JSON's folder)"), "DIR" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The file to write"), "FILE" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) fallback = NULL;

  if (!parse_options (entries, "IN.json", &argc, &argv, &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if (argc != 2 || output == NULL)
    return fail (EXIT_UNREADABLE, "%s", _("Usage: shenbao-cli import IN.json "
                                          "[--attachments-dir DIR] -o FILE.shenbao"));

  input = g_file_new_for_commandline_arg (argv[1]);
  submission = sb_submission_new_from_json_file (input, &error);
  if (submission == NULL)
    return fail (EXIT_UNREADABLE, "%s", error->message);

  dir = dir_path ? g_file_new_for_commandline_arg (dir_path) : g_file_get_parent (input);
  fallback = dir_path ? NULL : dup_companion_dir (input);
  if (!resolve_attachments (submission, dir, fallback, &error))
    return fail (EXIT_PROBLEMS, "%s", error->message);
  if (!save (submission, output, &error))
    return fail (EXIT_PROBLEMS, "%s", error->message);
  return EXIT_OK;
}

static int
cmd_dump (int    argc,
          char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) submission = NULL;
  g_autofree char *data = NULL;

  if (!parse_options ((GOptionEntry[]) { { NULL } }, "FILE.shenbao", &argc, &argv, &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if (argc != 2)
    return fail (EXIT_UNREADABLE, "%s", _("Usage: shenbao-cli dump FILE.shenbao"));
  if ((submission = load_any (argv[1], &error)) == NULL)
    return fail (EXIT_UNREADABLE, "%s", error->message);

  data = sb_submission_to_data (submission, NULL);
  g_print ("%s\n", data);
  return EXIT_OK;
}

/* attach */

static int
cmd_attach (int    argc,
            char **argv)
{
  g_autofree char *category = NULL;
  g_autofree char *title = NULL;
  GOptionEntry entries[] = {
    { "category", 0, 0, G_OPTION_ARG_STRING, &category, N_("Proof category id"), "ID" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("Caption for the files"), "T" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (!parse_options (entries, "FILE.shenbao PATH…", &argc, &argv, &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if (argc < 3 || category == NULL)
    return fail (EXIT_UNREADABLE, "%s", _("Usage: shenbao-cli attach FILE.shenbao "
                                          "--category ID [--title T] PATH…"));
  if ((submission = load_any (argv[1], &error)) == NULL)
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if (sb_template_get_category (sb_submission_get_template (submission), category) == NULL)
    return fail (EXIT_PROBLEMS, _("There is no proof category “%s”"), category);

  for (int i = 2; i < argc; i++)
    g_ptr_array_add (files, g_file_new_for_commandline_arg (argv[i]));
  if (!sb_submission_attach_files (submission, category, (GFile **) files->pdata, files->len,
                                   title, NULL, &error))
    return fail (EXIT_PROBLEMS, "%s", error->message);
  if (!save (submission, argv[1], &error))
    return fail (EXIT_PROBLEMS, "%s", error->message);
  return EXIT_OK;
}

/* The interchange JSON names its files: find them beside it. */
static gboolean
resolve_json_attachments (SbSubmission *submission,
                          const char   *path,
                          GError      **error)
{
  g_autoptr(GFile) input = NULL;
  g_autoptr(GFile) dir = NULL;
  g_autoptr(GFile) fallback = NULL;

  if (!is_json_path (path))
    return TRUE;
  input = g_file_new_for_commandline_arg (path);
  dir = g_file_get_parent (input);
  fallback = dup_companion_dir (input);
  return resolve_attachments (submission, dir, fallback, error);
}

/* check */

static JsonNode *
build_report (GListModel *diagnostics,
              guint       errors,
              guint       warnings)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n = g_list_model_get_n_items (diagnostics);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "errors");
  json_builder_add_int_value (builder, errors);
  json_builder_set_member_name (builder, "warnings");
  json_builder_add_int_value (builder, warnings);
  json_builder_set_member_name (builder, "diagnostics");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbDiagnostic) d = g_list_model_get_item (diagnostics, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "severity");
      json_builder_add_string_value (builder, sb_diagnostic_get_severity_name (d));
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, sb_diagnostic_get_code (d));
      json_builder_set_member_name (builder, "field");
      sb_diagnostic_get_field (d) ? json_builder_add_string_value (builder,
                                                                   sb_diagnostic_get_field (d))
                                  : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "taskbook");
      sb_diagnostic_get_taskbook (d) >= 0
        ? json_builder_add_int_value (builder, sb_diagnostic_get_taskbook (d))
        : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "attachment");
      sb_diagnostic_get_attachment (d) >= 0
        ? json_builder_add_int_value (builder, sb_diagnostic_get_attachment (d))
        : json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, sb_diagnostic_get_message (d));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static gboolean
is_date_argument (const char *text)
{
  GDate date;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, text);
  return g_date_valid (&date);
}

static void
print_human (GListModel *diagnostics,
             guint       errors,
             guint       warnings)
{
  guint n = g_list_model_get_n_items (diagnostics);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SbDiagnostic) d = g_list_model_get_item (diagnostics, i);

      g_print ("%s [%s] %s\n",
               sb_diagnostic_get_severity (d) == SB_SEVERITY_ERROR ? _("error") : _("warning"),
               sb_diagnostic_get_code (d), sb_diagnostic_get_message (d));
    }
  if (errors == 0 && warnings == 0)
    g_print ("%s\n", _("No problems found."));
  else
    g_print (_("%u errors, %u warnings\n"), errors, warnings);
}

static int
cmd_check (int    argc,
           char **argv)
{
  g_autofree char *today = NULL;
  gboolean as_json = FALSE;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &as_json, N_("Print JSON"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Check as on this date"), "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(GListModel) diagnostics = NULL;
  guint errors = 0, warnings = 0;

  if (!parse_options (entries, "FILE", &argc, &argv, &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if (argc != 2)
    return fail (EXIT_UNREADABLE, "%s", _("Usage: shenbao-cli check FILE [--json] "
                                          "[--today YYYY-MM-DD]"));
  if (today != NULL && !is_date_argument (today))
    return fail (EXIT_UNREADABLE, _("“%s” is not a date in the form YYYY-MM-DD"), today);
  if ((submission = load_any (argv[1], &error)) == NULL)
    return fail (EXIT_UNREADABLE, "%s", error->message);

  if (!resolve_json_attachments (submission, argv[1], &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  /* Open every attached file, as attaching did, so its warnings show. */
  sb_preflight_submission (submission, SB_PREFLIGHT_FLAGS_NONE, NULL, NULL);
  diagnostics = sb_validate (submission, today);
  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SbDiagnostic) d = g_list_model_get_item (diagnostics, i);

      if (sb_diagnostic_get_severity (d) == SB_SEVERITY_ERROR)
        errors++;
      else
        warnings++;
    }

  if (as_json)
    {
      g_autoptr(JsonNode) report = build_report (diagnostics, errors, warnings);
      print_json (report);
    }
  else
    print_human (diagnostics, errors, warnings);
  return errors > 0 ? EXIT_PROBLEMS : EXIT_OK;
}

/* export */

static int
cmd_export (int    argc,
            char **argv)
{
  g_autofree char *output = NULL;
  g_autofree char *today = NULL;
  gboolean draft = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The PDF to write"), "PACKET.pdf" },
    { "draft", 0, 0, G_OPTION_ARG_NONE, &draft, N_("Export despite errors, marked 草稿"), NULL },
    { "today", 0, 0, G_OPTION_ARG_STRING, &today, N_("Check as on this date"), "YYYY-MM-DD" },
    { NULL }
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(GFile) file = NULL;

  if (!parse_options (entries, "FILE", &argc, &argv, &error))
    return fail (EXIT_UNREADABLE, "%s", error->message);
  if (argc != 2 || output == NULL)
    return fail (EXIT_UNREADABLE, "%s", _("Usage: shenbao-cli export FILE -o PACKET.pdf "
                                          "[--draft]"));
  if (today != NULL && !is_date_argument (today))
    return fail (EXIT_UNREADABLE, _("“%s” is not a date in the form YYYY-MM-DD"), today);
  if ((submission = load_any (argv[1], &error)) == NULL)
    return fail (EXIT_UNREADABLE, "%s", error->message);

  if (!resolve_json_attachments (submission, argv[1], &error))
    return fail (EXIT_PROBLEMS, "%s", error->message);

  file = g_file_new_for_commandline_arg (output);
  if (!sb_packet_export (submission, file, draft, today, NULL, NULL, NULL, &error))
    return fail (EXIT_PROBLEMS, "%s", error->message);
  return EXIT_OK;
}

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *help;
} commands[] = {
  { "templates", cmd_templates, N_("List the built-in templates") },
  { "fields", cmd_fields, N_("List every field of a template") },
  { "new", cmd_new, N_("Write a new, empty submission") },
  { "import", cmd_import, N_("Make a saved file from the interchange JSON") },
  { "dump", cmd_dump, N_("Print a submission as JSON") },
  { "attach", cmd_attach, N_("Attach proof files under a category") },
  { "check", cmd_check, N_("List what is missing or wrong") },
  { "export", cmd_export, N_("Write the print packet as one PDF") },
};

static int
usage (void)
{
  g_printerr ("%s\n", _("Usage: shenbao-cli COMMAND [OPTIONS…]"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_printerr ("  %-10s %s\n", commands[i].name, _(commands[i].help));
  return EXIT_UNREADABLE;
}

int
main (int    argc,
      char **argv)
{
  sb_core_init_i18n ();

  if (argc < 2)
    return usage ();
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("shenbao-cli %s", argv[1]);

        g_set_prgname (prgname);
        return commands[i].func (argc - 1, argv + 1);
      }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h"))
    {
      usage ();
      return EXIT_OK;
    }
  return fail (EXIT_UNREADABLE, _("Unknown command “%s”"), argv[1]);
}
