/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-submission.h"

/* The model is the pinned interchange JSON itself: keys this version
 * does not know survive a load and save untouched. */
struct _SbSubmission
{
  GObject      parent_instance;

  SbTemplate  *template;
  JsonObject  *root;
  GFile       *file;
  GFile       *archive;     /* a pinned version of file, or NULL */
  GHashTable  *sources;   /* sha256 → GFile of attachments not yet saved */
  guint64      serial;
  guint        modified : 1;
};

G_DEFINE_FINAL_TYPE (SbSubmission, sb_submission, G_TYPE_OBJECT)

G_DEFINE_QUARK (sb-submission-error-quark, sb_submission_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_MODIFIED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
sb_submission_finalize (GObject *object)
{
  SbSubmission *self = SB_SUBMISSION (object);

  g_clear_object (&self->template);
  g_clear_pointer (&self->root, json_object_unref);
  g_clear_object (&self->file);
  g_clear_object (&self->archive);
  g_clear_pointer (&self->sources, g_hash_table_unref);

  G_OBJECT_CLASS (sb_submission_parent_class)->finalize (object);
}

static void
sb_submission_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SbSubmission *self = SB_SUBMISSION (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_MODIFIED:
      g_value_set_boolean (value, self->modified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_submission_class_init (SbSubmissionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_submission_finalize;
  object_class->get_property = sb_submission_get_property;

  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MODIFIED] =
    g_param_spec_boolean ("modified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * SbSubmission::changed:
   * @what: the field id, or "taskbooks", "attachments", "acknowledged"
   * @taskbook: the task book index, or -1
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_INT);
}

static void
sb_submission_init (SbSubmission *self)
{
  self->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
}

static JsonArray *
ensure_array (JsonObject *object,
              const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      json_object_set_array_member (object, member, json_array_new ());
      node = json_object_get_member (object, member);
    }
  return json_node_get_array (node);
}

static JsonObject *
ensure_object (JsonObject *object,
               const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      json_object_set_object_member (object, member, json_object_new ());
      node = json_object_get_member (object, member);
    }
  return json_node_get_object (node);
}

static void
emit_changed (SbSubmission *self,
              const char   *what,
              int           taskbook)
{
  self->serial++;
  sb_submission_set_modified (self, TRUE);
  g_signal_emit (self, signals[CHANGED], 0, what, taskbook);
}

static SbSubmission *
sb_submission_new_for_root (SbTemplate *template,
                            JsonObject *root)
{
  SbSubmission *self = g_object_new (SB_TYPE_SUBMISSION, NULL);

  self->template = g_object_ref (template);
  self->root = json_object_ref (root);
  json_object_set_string_member (root, "format", "shenbao-submission");
  json_object_set_int_member (root, "version", 1);
  json_object_set_string_member (root, "template", sb_template_get_id (template));
  ensure_object (root, "fields");
  ensure_array (root, "taskbooks");
  ensure_array (root, "attachments");
  return self;
}

SbSubmission *
sb_submission_new (SbTemplate *template)
{
  g_autoptr(JsonObject) root = json_object_new ();

  g_return_val_if_fail (SB_IS_TEMPLATE (template), NULL);
  return sb_submission_new_for_root (template, root);
}

static gboolean
check_member_type (JsonObject *root,
                   const char *member,
                   JsonNodeType type,
                   GError    **error)
{
  JsonNode *node = json_object_get_member (root, member);

  if (node == NULL || JSON_NODE_TYPE (node) == type)
    return TRUE;
  g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
               _("The submission is damaged: “%s” has the wrong type"), member);
  return FALSE;
}

static gboolean
check_list_of_objects (JsonObject *root,
                       const char *member,
                       GError    **error)
{
  JsonNode *node = json_object_get_member (root, member);
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (!JSON_NODE_HOLDS_OBJECT (json_array_get_element (array, i)))
      {
        g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                     _("The submission is damaged: entry %u of “%s” is not an object"),
                     i + 1, member);
        return FALSE;
      }
  return TRUE;
}

/* Whether member is absent, null or a string: json-glib's string
 * getters complain about any other node. */
static gboolean
is_optional_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node == NULL || JSON_NODE_HOLDS_NULL (node)
         || (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING);
}

static gboolean
check_attachments (JsonObject *root,
                   GError    **error)
{
  JsonNode *node = json_object_get_member (root, "attachments");
  JsonArray *array = node != NULL ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *attachment = json_array_get_object_element (array, i);
      const char *keys[] = { "category", "name", "sha256" };

      for (guint k = 0; k < G_N_ELEMENTS (keys); k++)
        {
          JsonNode *value = json_object_get_member (attachment, keys[k]);

          if (value == NULL || json_node_get_value_type (value) != G_TYPE_STRING)
            {
              g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                           _("The submission is damaged: attachment %u has no “%s”"),
                           i + 1, keys[k]);
              return FALSE;
            }
        }
      if (!is_optional_string (attachment, "title"))
        {
          g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                       _("The submission is damaged: the “%s” of attachment %u is not text"),
                       "title", i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_taskbooks (JsonObject *root,
                 GError    **error)
{
  JsonNode *node = json_object_get_member (root, "taskbooks");
  JsonArray *array = node != NULL ? json_node_get_array (node) : NULL;

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonObject *taskbook = json_array_get_object_element (array, i);
      JsonNode *direction = json_object_get_member (taskbook, "direction");
      JsonNode *fields = json_object_get_member (taskbook, "fields");

      if (direction == NULL || json_node_get_value_type (direction) != G_TYPE_STRING
          || (fields != NULL && !JSON_NODE_HOLDS_OBJECT (fields)))
        {
          g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                       _("The submission is damaged: task book %u has no direction"), i + 1);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_root (JsonNode *node,
            GError  **error)
{
  JsonObject *root = node != NULL && JSON_NODE_HOLDS_OBJECT (node)
                     ? json_node_get_object (node) : NULL;
  JsonNode *version;

  if (root == NULL || !is_optional_string (root, "format")
      || g_strcmp0 (json_object_get_string_member_with_default (root, "format", ""),
                    "shenbao-submission") != 0)
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                   _("This is not a Shenbao submission"));
      return FALSE;
    }
  /* An integer: true or 1.0 would read as 1, a string as 0. */
  version = json_object_get_member (root, "version");
  if (version != NULL
      && (!JSON_NODE_HOLDS_VALUE (version) || json_node_get_value_type (version) != G_TYPE_INT64))
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                   _("The submission is damaged: “%s” has the wrong type"), "version");
      return FALSE;
    }
  if (json_object_get_int_member_with_default (root, "version", 0) != 1)
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                   _("This submission was written by a newer version of Shenbao"));
      return FALSE;
    }
  /* Not the default template in place of a number or a list. */
  if (!is_optional_string (root, "template"))
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                   _("The submission is damaged: “%s” has the wrong type"), "template");
      return FALSE;
    }
  return check_member_type (root, "fields", JSON_NODE_OBJECT, error)
         && check_member_type (root, "taskbooks", JSON_NODE_ARRAY, error)
         && check_member_type (root, "attachments", JSON_NODE_ARRAY, error)
         && check_member_type (root, "acknowledged", JSON_NODE_ARRAY, error)
         && check_list_of_objects (root, "taskbooks", error)
         && check_list_of_objects (root, "attachments", error)
         && check_attachments (root, error)
         && check_taskbooks (root, error);
}

/* json-glib's parser recurses once per level: refuse deep nesting
 * before it sees the data. */
#define MAX_JSON_DEPTH 64

static gboolean
json_depth_ok (const char *data,
               gsize       length)
{
  gboolean in_string = FALSE;
  int depth = 0;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_JSON_DEPTH)
            return FALSE;
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

SbSubmission *
sb_submission_new_from_data (const char *data,
                             gssize      length,
                             GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(SbTemplate) template = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  const char *template_id;

  if (length < 0)
    length = strlen (data);
  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                   _("The submission is not valid UTF-8 text"));
      return NULL;
    }
  if (!json_depth_ok (data, length))
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                   _("The submission is nested too deeply to be read"));
      return NULL;
    }
  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_INVALID,
                   _("The submission is not valid JSON: %s"), local_error->message);
      return NULL;
    }
  if (!check_root (json_parser_get_root (parser), error))
    return NULL;

  root = json_node_get_object (json_parser_get_root (parser));
  template_id = json_object_get_string_member_with_default (root, "template", NULL);
  template = sb_template_lookup (template_id, &local_error);
  if (template == NULL)
    {
      g_set_error (error, SB_SUBMISSION_ERROR, SB_SUBMISSION_ERROR_UNKNOWN_TEMPLATE,
                   "%s", local_error->message);
      return NULL;
    }
  return sb_submission_new_for_root (template, root);
}

SbSubmission *
sb_submission_new_from_json_file (GFile   *file,
                                  GError **error)
{
  g_autofree char *data = NULL;
  gsize length;
  g_autoptr(GError) local_error = NULL;
  SbSubmission *self;

  if (!g_file_load_contents (file, NULL, &data, &length, NULL, error))
    return NULL;
  self = sb_submission_new_from_data (data, length, &local_error);
  if (self == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (file);

      /* TRANSLATORS: a file name, then what is wrong with it. */
      g_set_error (error, local_error->domain, local_error->code,
                   _("%s: %s"), name, local_error->message);
    }
  return self;
}

char *
sb_submission_to_data (SbSubmission *self,
                       gsize        *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  g_return_val_if_fail (SB_IS_SUBMISSION (self), NULL);
  json_node_set_object (node, self->root);
  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  return json_generator_to_data (generator, length);
}

SbTemplate *
sb_submission_get_template (SbSubmission *self)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), NULL);
  return self->template;
}

GFile *
sb_submission_get_file (SbSubmission *self)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), NULL);
  return self->file;
}

void
sb_submission_set_file (SbSubmission *self,
                        GFile        *file)
{
  g_return_if_fail (SB_IS_SUBMISSION (self));
  if (!g_set_object (&self->file, file))
    return;
  /* A pinned version belongs to the file it was pinned from. */
  g_clear_object (&self->archive);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILE]);
}

GFile *
sb_submission_get_archive (SbSubmission *self)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), NULL);
  return self->archive ? self->archive : self->file;
}

void
sb_submission_set_archive (SbSubmission *self,
                           GFile        *archive)
{
  g_return_if_fail (SB_IS_SUBMISSION (self));
  g_set_object (&self->archive, archive);
}

gboolean
sb_submission_get_modified (SbSubmission *self)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), FALSE);
  return self->modified;
}

void
sb_submission_set_modified (SbSubmission *self,
                            gboolean      modified)
{
  g_return_if_fail (SB_IS_SUBMISSION (self));
  modified = !!modified;
  if (self->modified == modified)
    return;
  self->modified = modified;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODIFIED]);
}

guint64
sb_submission_get_serial (SbSubmission *self)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), 0);
  return self->serial;
}

/* Fields */

static JsonObject *
get_taskbook (SbSubmission *self,
              guint         index)
{
  JsonArray *taskbooks = ensure_array (self->root, "taskbooks");

  g_return_val_if_fail (index < json_array_get_length (taskbooks), NULL);
  return json_array_get_object_element (taskbooks, index);
}

static JsonObject *
get_fields (SbSubmission *self,
            int           taskbook)
{
  JsonObject *owner = self->root;

  if (taskbook != SB_NO_TASKBOOK)
    {
      owner = get_taskbook (self, (guint) taskbook);
      if (owner == NULL)
        return NULL;
    }
  return ensure_object (owner, "fields");
}

JsonNode *
sb_submission_get_value (SbSubmission *self,
                         int           taskbook,
                         const char   *field_id)
{
  JsonObject *fields;

  g_return_val_if_fail (SB_IS_SUBMISSION (self), NULL);
  fields = get_fields (self, taskbook);
  return fields != NULL ? json_object_get_member (fields, field_id) : NULL;
}

const char *
sb_submission_get_text (SbSubmission *self,
                        int           taskbook,
                        const char   *field_id)
{
  JsonNode *node = sb_submission_get_value (self, taskbook, field_id);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return "";
  return json_node_get_string (node);
}

void
sb_submission_set_text (SbSubmission *self,
                        int           taskbook,
                        const char   *field_id,
                        const char   *text)
{
  JsonObject *fields;

  g_return_if_fail (SB_IS_SUBMISSION (self));
  g_return_if_fail (field_id != NULL);

  if (text == NULL)
    text = "";
  if (g_strcmp0 (sb_submission_get_text (self, taskbook, field_id), text) == 0
      && sb_submission_get_value (self, taskbook, field_id) != NULL)
    return;
  fields = get_fields (self, taskbook);
  g_return_if_fail (fields != NULL);
  json_object_set_string_member (fields, field_id, text);
  emit_changed (self, field_id, taskbook);
}

char **
sb_submission_dup_choices (SbSubmission *self,
                           const char   *field_id)
{
  JsonNode *node = sb_submission_get_value (self, SB_NO_TASKBOOK, field_id);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  JsonArray *array;

  if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
    {
      array = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonNode *element = json_array_get_element (array, i);

          if (JSON_NODE_HOLDS_VALUE (element)
              && json_node_get_value_type (element) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (element));
        }
    }
  return g_strv_builder_end (builder);
}

gboolean
sb_submission_has_choice (SbSubmission *self,
                          const char   *field_id,
                          const char   *choice_id)
{
  g_auto(GStrv) choices = sb_submission_dup_choices (self, field_id);

  return g_strv_contains ((const char * const *) choices, choice_id);
}

/* Choices are kept in the template's order, so the saved JSON does not
 * depend on the order the user clicked in. */
void
sb_submission_set_choice (SbSubmission *self,
                          const char   *field_id,
                          const char   *choice_id,
                          gboolean      ticked)
{
  g_auto(GStrv) current = sb_submission_dup_choices (self, field_id);
  SbField *field = sb_template_get_field (self->template, field_id);
  g_autoptr(JsonArray) array = json_array_new ();

  g_return_if_fail (field != NULL && field->choices != NULL);
  if (!!ticked == g_strv_contains ((const char * const *) current, choice_id))
    return;

  for (guint i = 0; i < field->choices->len; i++)
    {
      SbChoice *choice = g_ptr_array_index (field->choices, i);
      gboolean on = g_str_equal (choice->id, choice_id)
                    ? ticked : g_strv_contains ((const char * const *) current, choice->id);

      if (on)
        json_array_add_string_element (array, choice->id);
    }
  json_object_set_array_member (get_fields (self, SB_NO_TASKBOOK), field_id,
                                json_array_ref (array));
  emit_changed (self, field_id, SB_NO_TASKBOOK);
}

static gboolean
text_is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        return FALSE;
    }
  return TRUE;
}

gboolean
sb_submission_is_empty (SbSubmission *self,
                        int           taskbook,
                        const char   *field_id)
{
  JsonNode *node = sb_submission_get_value (self, taskbook, field_id);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_ARRAY (node))
    return json_array_get_length (json_node_get_array (node)) == 0;
  if (JSON_NODE_HOLDS_OBJECT (node))
    return json_object_get_size (json_node_get_object (node)) == 0;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return text_is_blank (json_node_get_string (node));
  return FALSE;
}

/* Task books */

guint
sb_submission_get_n_taskbooks (SbSubmission *self)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), 0);
  return json_array_get_length (ensure_array (self->root, "taskbooks"));
}

const char *
sb_submission_get_taskbook_direction (SbSubmission *self,
                                      guint         index)
{
  JsonObject *taskbook = get_taskbook (self, index);

  return taskbook != NULL
         ? json_object_get_string_member_with_default (taskbook, "direction", "")
         : NULL;
}

int
sb_submission_find_taskbook (SbSubmission *self,
                             const char   *direction)
{
  guint n = sb_submission_get_n_taskbooks (self);

  for (guint i = 0; i < n; i++)
    if (g_strcmp0 (sb_submission_get_taskbook_direction (self, i), direction) == 0)
      return (int) i;
  return -1;
}

guint
sb_submission_add_taskbook (SbSubmission *self,
                            const char   *direction)
{
  g_autoptr(JsonObject) taskbook = json_object_new ();
  guint index = sb_submission_get_n_taskbooks (self);

  json_object_set_string_member (taskbook, "direction", direction);
  json_object_set_object_member (taskbook, "fields", json_object_new ());
  sb_submission_insert_taskbook (self, index, taskbook);
  return index;
}

JsonObject *
sb_submission_take_taskbook (SbSubmission *self,
                             guint         index)
{
  JsonArray *taskbooks = ensure_array (self->root, "taskbooks");
  JsonObject *taskbook;

  g_return_val_if_fail (index < json_array_get_length (taskbooks), NULL);
  taskbook = json_object_ref (json_array_get_object_element (taskbooks, index));
  json_array_remove_element (taskbooks, index);
  emit_changed (self, "taskbooks", (int) index);
  return taskbook;
}

/* JsonArray has no insert: rebuild it. Arrays here are a handful long. */
static void
array_insert_object (JsonObject *owner,
                     const char *member,
                     guint       index,
                     JsonObject *object)
{
  JsonArray *old = ensure_array (owner, member);
  g_autoptr(JsonArray) array = json_array_new ();
  guint n = json_array_get_length (old);

  index = MIN (index, n);
  for (guint i = 0; i <= n; i++)
    {
      if (i == index)
        json_array_add_object_element (array, json_object_ref (object));
      if (i < n)
        json_array_add_element (array, json_node_copy (json_array_get_element (old, i)));
    }
  json_object_set_array_member (owner, member, json_array_ref (array));
}

void
sb_submission_insert_taskbook (SbSubmission *self,
                               guint         index,
                               JsonObject   *taskbook)
{
  g_return_if_fail (SB_IS_SUBMISSION (self));
  g_return_if_fail (taskbook != NULL);
  array_insert_object (self->root, "taskbooks", index, taskbook);
  emit_changed (self, "taskbooks", (int) index);
}

gboolean
sb_submission_taskbook_has_content (SbSubmission *self,
                                    guint         index)
{
  JsonObject *fields = get_fields (self, (int) index);
  g_autoptr(GList) members = fields != NULL ? json_object_get_members (fields) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    if (!sb_submission_is_empty (self, (int) index, l->data))
      return TRUE;
  return FALSE;
}

/* Attachments */

static JsonObject *
get_attachment (SbSubmission *self,
                guint         index)
{
  JsonArray *attachments = ensure_array (self->root, "attachments");

  g_return_val_if_fail (index < json_array_get_length (attachments), NULL);
  return json_array_get_object_element (attachments, index);
}

guint
sb_submission_get_n_attachments (SbSubmission *self)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), 0);
  return json_array_get_length (ensure_array (self->root, "attachments"));
}

static const char *
get_attachment_string (SbSubmission *self,
                       guint         index,
                       const char   *member)
{
  JsonObject *attachment = get_attachment (self, index);

  return attachment != NULL
         ? json_object_get_string_member_with_default (attachment, member, NULL)
         : NULL;
}

const char *
sb_submission_get_attachment_category (SbSubmission *self,
                                       guint         index)
{
  return get_attachment_string (self, index, "category");
}

const char *
sb_submission_get_attachment_name (SbSubmission *self,
                                   guint         index)
{
  return get_attachment_string (self, index, "name");
}

const char *
sb_submission_get_attachment_sha256 (SbSubmission *self,
                                     guint         index)
{
  return get_attachment_string (self, index, "sha256");
}

char *
sb_submission_dup_attachment_title (SbSubmission *self,
                                    guint         index)
{
  const char *title = get_attachment_string (self, index, "title");
  const char *name = get_attachment_string (self, index, "name");
  const char *dot;

  if (title != NULL && !text_is_blank (title))
    return g_strdup (title);
  if (name == NULL)
    return g_strdup ("");
  dot = strrchr (name, '.');
  return dot != NULL && dot != name ? g_strndup (name, dot - name) : g_strdup (name);
}

void
sb_submission_set_attachment_title (SbSubmission *self,
                                    guint         index,
                                    const char   *title)
{
  JsonObject *attachment = get_attachment (self, index);

  g_return_if_fail (attachment != NULL);
  if (g_strcmp0 (json_object_get_string_member_with_default (attachment, "title", NULL),
                 title) == 0)
    return;
  if (title == NULL)
    json_object_remove_member (attachment, "title");
  else
    json_object_set_string_member (attachment, "title", title);
  emit_changed (self, "attachments", (int) index);
}

guint
sb_submission_add_attachment (SbSubmission *self,
                              const char   *category,
                              const char   *name,
                              const char   *sha256,
                              const char   *title,
                              GFile        *source)
{
  g_autoptr(JsonObject) attachment = json_object_new ();
  guint index;

  json_object_set_string_member (attachment, "category", category);
  json_object_set_string_member (attachment, "name", name);
  json_object_set_string_member (attachment, "sha256", sha256);
  if (title != NULL)
    json_object_set_string_member (attachment, "title", title);
  if (source != NULL)
    sb_submission_set_attachment_source (self, sha256, source);

  /* Keep each category together, in the template's order. */
  index = sb_submission_get_category_insert_position (self, category);
  sb_submission_insert_attachment (self, index, attachment);
  return index;
}

JsonObject *
sb_submission_take_attachment (SbSubmission *self,
                               guint         index)
{
  JsonArray *attachments = ensure_array (self->root, "attachments");
  JsonObject *attachment;

  g_return_val_if_fail (index < json_array_get_length (attachments), NULL);
  attachment = json_object_ref (json_array_get_object_element (attachments, index));
  json_array_remove_element (attachments, index);
  emit_changed (self, "attachments", (int) index);
  return attachment;
}

void
sb_submission_insert_attachment (SbSubmission *self,
                                 guint         index,
                                 JsonObject   *attachment)
{
  g_return_if_fail (SB_IS_SUBMISSION (self));
  g_return_if_fail (attachment != NULL);
  array_insert_object (self->root, "attachments", index, attachment);
  emit_changed (self, "attachments", (int) index);
}

void
sb_submission_move_attachment (SbSubmission *self,
                               guint         from,
                               guint         to)
{
  g_autoptr(JsonObject) attachment = NULL;

  if (from == to || from >= sb_submission_get_n_attachments (self))
    return;
  attachment = sb_submission_take_attachment (self, from);
  sb_submission_insert_attachment (self, to, attachment);
}

void
sb_submission_set_attachment_category (SbSubmission *self,
                                       guint         index,
                                       const char   *category)
{
  g_autoptr(JsonObject) attachment = NULL;
  guint position;

  g_return_if_fail (category != NULL);
  if (g_strcmp0 (sb_submission_get_attachment_category (self, index), category) == 0)
    return;
  attachment = sb_submission_take_attachment (self, index);
  json_object_set_string_member (attachment, "category", category);
  position = sb_submission_get_category_insert_position (self, category);
  sb_submission_insert_attachment (self, position, attachment);
}

/* Where a new file of a category goes: after that category's last file,
 * or where the category falls in the template's order. */
guint
sb_submission_get_category_insert_position (SbSubmission *self,
                                            const char   *category)
{
  GPtrArray *categories = sb_template_get_categories (self->template);
  guint n = sb_submission_get_n_attachments (self);
  guint rank = G_MAXUINT;
  guint position = 0;

  for (guint c = 0; c < categories->len; c++)
    if (g_strcmp0 (((SbCategory *) g_ptr_array_index (categories, c))->id, category) == 0)
      rank = c;

  for (guint i = 0; i < n; i++)
    {
      const char *other = sb_submission_get_attachment_category (self, i);
      guint other_rank = G_MAXUINT;

      for (guint c = 0; c < categories->len; c++)
        if (g_strcmp0 (((SbCategory *) g_ptr_array_index (categories, c))->id, other) == 0)
          other_rank = c;
      if (other_rank <= rank)
        position = i + 1;
    }
  return position;
}

GFile *
sb_submission_get_attachment_source (SbSubmission *self,
                                     const char   *sha256)
{
  g_return_val_if_fail (SB_IS_SUBMISSION (self), NULL);
  return g_hash_table_lookup (self->sources, sha256);
}

void
sb_submission_set_attachment_source (SbSubmission *self,
                                     const char   *sha256,
                                     GFile        *source)
{
  g_return_if_fail (SB_IS_SUBMISSION (self));
  if (source != NULL)
    g_hash_table_replace (self->sources, g_strdup (sha256), g_object_ref (source));
  else
    g_hash_table_remove (self->sources, sha256);
}

void
sb_submission_clear_attachment_sources (SbSubmission *self)
{
  g_return_if_fail (SB_IS_SUBMISSION (self));
  g_hash_table_remove_all (self->sources);
}

/* Acknowledged warnings */

gboolean
sb_submission_is_acknowledged (SbSubmission *self,
                               const char   *key)
{
  JsonNode *node = json_object_get_member (self->root, "acknowledged");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (element)
          && json_node_get_value_type (element) == G_TYPE_STRING
          && g_strcmp0 (json_node_get_string (element), key) == 0)
        return TRUE;
    }
  return FALSE;
}

void
sb_submission_set_acknowledged (SbSubmission *self,
                                const char   *key,
                                gboolean      acknowledged)
{
  JsonArray *array;

  g_return_if_fail (SB_IS_SUBMISSION (self));
  if (!!acknowledged == sb_submission_is_acknowledged (self, key))
    return;

  array = ensure_array (self->root, "acknowledged");
  if (acknowledged)
    json_array_add_string_element (array, key);
  else
    for (guint i = json_array_get_length (array); i > 0; i--)
      {
        JsonNode *element = json_array_get_element (array, i - 1);

        if (json_node_get_value_type (element) == G_TYPE_STRING
            && g_strcmp0 (json_node_get_string (element), key) == 0)
          json_array_remove_element (array, i - 1);
      }
  emit_changed (self, "acknowledged", SB_NO_TASKBOOK);
}
