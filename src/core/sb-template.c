/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao-core"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-template.h"
#include "sb-templates-resources.h"

#define TEMPLATES_RESOURCE "/io/github/shenbao/Shenbao/templates"
#define DEFAULT_TEMPLATE "sh-2025-agi"

struct _SbTemplate
{
  GObject      parent_instance;

  JsonNode    *root;
  char        *id;
  char        *title;
  char        *issuer;
  GPtrArray   *documents;   /* SbDocument* */
  GPtrArray   *fields;      /* SbField*, owned */
  GHashTable  *field_index; /* id → SbField* */
  GPtrArray   *categories;  /* SbCategory* */
  GHashTable  *formats;     /* id → SbFormat* */
  char        *directions_field;
  char        *window_open;
  char        *window_close;
  char        *paper_deadline;
  char        *region_code;
  char        *region_name;
  GStrv        non_legal_person_types;
};

G_DEFINE_FINAL_TYPE (SbTemplate, sb_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (sb-template-error-quark, sb_template_error)

static void
sb_choice_free (SbChoice *choice)
{
  g_free (choice->id);
  g_free (choice->label);
  g_free (choice);
}

static void
sb_field_free (SbField *field)
{
  g_free (field->id);
  g_free (field->document);
  g_free (field->section);
  g_free (field->group);
  g_free (field->label);
  g_free (field->hint);
  g_free (field->format);
  g_free (field->none_value);
  g_clear_pointer (&field->choices, g_ptr_array_unref);
  g_free (field);
}

static void
sb_item_free (SbItem *item)
{
  g_free (item->text);
  g_free (item->suffix);
  g_free (item);
}

static void
sb_document_free (SbDocument *document)
{
  g_free (document->id);
  g_free (document->title);
  g_free (document->short_title);
  g_ptr_array_unref (document->items);
  g_free (document);
}

static void
sb_category_free (SbCategory *category)
{
  g_free (category->id);
  g_free (category->title);
  g_free (category->hint);
  g_free (category);
}

static void
sb_format_free (SbFormat *format)
{
  g_free (format->id);
  g_free (format->pattern);
  g_free (format->example);
  g_free (format);
}

static void
sb_template_finalize (GObject *object)
{
  SbTemplate *self = SB_TEMPLATE (object);

  g_clear_pointer (&self->root, json_node_unref);
  g_free (self->id);
  g_free (self->title);
  g_free (self->issuer);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->field_index, g_hash_table_unref);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->categories, g_ptr_array_unref);
  g_clear_pointer (&self->formats, g_hash_table_unref);
  g_free (self->directions_field);
  g_free (self->window_open);
  g_free (self->window_close);
  g_free (self->paper_deadline);
  g_free (self->region_code);
  g_free (self->region_name);
  g_strfreev (self->non_legal_person_types);

  G_OBJECT_CLASS (sb_template_parent_class)->finalize (object);
}

static void
sb_template_class_init (SbTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = sb_template_finalize;
}

static void
sb_template_init (SbTemplate *self)
{
  self->documents = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_document_free);
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_field_free);
  self->field_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->categories = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_category_free);
  self->formats = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) sb_format_free);
}

/* Reading helpers: a template is data we ship, but a broken one must
 * still fail with a message rather than crash. */

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static JsonObject *
get_object (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static gboolean
get_bool (JsonObject *object,
          const char *member,
          gboolean    fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

static gboolean
invalid (GError    **error,
         const char *what)
{
  g_set_error (error, SB_TEMPLATE_ERROR, SB_TEMPLATE_ERROR_INVALID,
               _("The template is damaged: %s"), what);
  return FALSE;
}

static gboolean
parse_field_type (const char  *name,
                  SbFieldType *type)
{
  static const struct { const char *name; SbFieldType type; } types[] = {
    { "text", SB_FIELD_TEXT },
    { "multiline", SB_FIELD_MULTILINE },
    { "choices", SB_FIELD_CHOICES },
    { "date", SB_FIELD_DATE },
  };

  if (name == NULL)
    {
      *type = SB_FIELD_TEXT;
      return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (g_str_equal (name, types[i].name))
      {
        *type = types[i].type;
        return TRUE;
      }
  return FALSE;
}

static GPtrArray *
parse_choices (JsonArray *array)
{
  GPtrArray *choices = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_choice_free);

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SbChoice *choice;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      choice = g_new0 (SbChoice, 1);
      choice->id = g_strdup (get_string (json_node_get_object (node), "id"));
      choice->label = g_strdup (get_string (json_node_get_object (node), "label"));
      if (choice->id == NULL || choice->label == NULL)
        {
          sb_choice_free (choice);
          continue;
        }
      g_ptr_array_add (choices, choice);
    }
  return choices;
}

typedef struct {
  SbDocument *document;
  const char *section;
  const char *group;
} ParseContext;

static SbField *
parse_field (SbTemplate   *self,
             ParseContext *ctx,
             JsonObject   *object,
             GError      **error)
{
  const char *id = get_string (object, "id");
  const char *label = get_string (object, "label");
  SbField *field;

  if (id == NULL || label == NULL)
    return invalid (error, "a field without id or label"), NULL;
  if (g_hash_table_contains (self->field_index, id))
    return invalid (error, id), NULL;

  field = g_new0 (SbField, 1);
  field->id = g_strdup (id);
  field->label = g_strdup (label);
  field->document = g_strdup (ctx->document->id);
  field->section = g_strdup (ctx->section);
  field->group = g_strdup (ctx->group);
  field->hint = g_strdup (get_string (object, "hint"));
  field->format = g_strdup (get_string (object, "format"));
  field->none_value = g_strdup (get_string (object, "none"));
  field->required = get_bool (object, "required", TRUE);
  field->per_taskbook = ctx->document->kind == SB_DOCUMENT_TASKBOOK;
  if (json_object_has_member (object, "max_chars"))
    field->max_chars = (guint) json_object_get_int_member (object, "max_chars");
  if (!parse_field_type (get_string (object, "type"), &field->type))
    {
      sb_field_free (field);
      return invalid (error, id), NULL;
    }
  if (field->type == SB_FIELD_CHOICES)
    field->choices = parse_choices (get_array (object, "choices"));

  g_ptr_array_add (self->fields, field);
  g_hash_table_insert (self->field_index, field->id, field);
  return field;
}

static void
add_item (SbDocument *document,
          SbItemKind  kind,
          const char *text,
          const char *suffix,
          SbField    *field)
{
  SbItem *item = g_new0 (SbItem, 1);

  item->kind = kind;
  item->text = g_strdup (text);
  item->suffix = g_strdup (suffix);
  item->field = field;
  g_ptr_array_add (document->items, item);
}

/* References are resolved after every document is read: the cover
 * shows fields that the 申报表 defines later. */
typedef struct {
  SbItem *item;
  char   *ref;
} PendingRef;

static void
pending_ref_free (PendingRef *pending)
{
  g_free (pending->ref);
  g_free (pending);
}

static gboolean
parse_item (SbTemplate   *self,
            ParseContext *ctx,
            JsonObject   *object,
            GPtrArray    *pending,
            GError      **error)
{
  const char *text;
  JsonObject *field_object;
  JsonArray *group_fields;

  if ((text = get_string (object, "heading")) != NULL)
    {
      ctx->section = text;
      add_item (ctx->document, SB_ITEM_HEADING, text, NULL, NULL);
    }
  else if ((text = get_string (object, "paragraph")) != NULL)
    add_item (ctx->document, SB_ITEM_PARAGRAPH, text, NULL, NULL);
  else if ((text = get_string (object, "sign")) != NULL)
    add_item (ctx->document, SB_ITEM_SIGN, text, NULL, NULL);
  else if ((field_object = get_object (object, "field")) != NULL)
    {
      SbField *field = parse_field (self, ctx, field_object, error);

      if (field == NULL)
        return FALSE;
      add_item (ctx->document, SB_ITEM_FIELD, NULL, get_string (object, "suffix"), field);
    }
  else if ((text = get_string (object, "ref")) != NULL)
    {
      PendingRef *ref = g_new0 (PendingRef, 1);

      add_item (ctx->document, SB_ITEM_FIELD, get_string (object, "label"),
                get_string (object, "suffix"), NULL);
      ref->item = g_ptr_array_index (ctx->document->items, ctx->document->items->len - 1);
      ref->ref = g_strdup (text);
      g_ptr_array_add (pending, ref);
    }
  else if ((group_fields = get_array (object, "fields")) != NULL)
    {
      ctx->group = get_string (object, "group");
      for (guint i = 0; i < json_array_get_length (group_fields); i++)
        {
          JsonNode *node = json_array_get_element (group_fields, i);
          SbField *field;

          if (!JSON_NODE_HOLDS_OBJECT (node))
            return invalid (error, "a group member is not an object");
          field = parse_field (self, ctx, json_node_get_object (node), error);
          if (field == NULL)
            return FALSE;
          add_item (ctx->document, SB_ITEM_FIELD, NULL, NULL, field);
        }
      ctx->group = NULL;
    }
  else
    return invalid (error, "an item of unknown kind");

  return TRUE;
}

static gboolean
parse_categories (SbTemplate *self,
                  JsonArray  *array,
                  GError    **error)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      SbCategory *category;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, "a category is not an object");
      category = g_new0 (SbCategory, 1);
      category->id = g_strdup (get_string (json_node_get_object (node), "id"));
      category->title = g_strdup (get_string (json_node_get_object (node), "title"));
      category->hint = g_strdup (get_string (json_node_get_object (node), "hint"));
      g_ptr_array_add (self->categories, category);
      if (category->id == NULL || category->title == NULL)
        return invalid (error, "a category without id or title");
    }
  return TRUE;
}

static gboolean
parse_document (SbTemplate *self,
                JsonObject *object,
                GPtrArray  *pending,
                GError    **error)
{
  SbDocument *document = g_new0 (SbDocument, 1);
  const char *kind = get_string (object, "kind");
  ParseContext ctx = { document, NULL, NULL };
  JsonArray *items = get_array (object, "items");

  document->items = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_item_free);
  document->id = g_strdup (get_string (object, "id"));
  document->title = g_strdup (get_string (object, "title"));
  document->short_title = g_strdup (get_string (object, "short_title"));
  g_ptr_array_add (self->documents, document);

  if (document->id == NULL || document->title == NULL)
    return invalid (error, "a document without id or title");
  if (document->short_title == NULL)
    document->short_title = g_strdup (document->title);

  if (g_strcmp0 (kind, "taskbook") == 0)
    document->kind = SB_DOCUMENT_TASKBOOK;
  else if (g_strcmp0 (kind, "attachments") == 0)
    document->kind = SB_DOCUMENT_ATTACHMENTS;
  else
    document->kind = SB_DOCUMENT_FORM;

  if (document->kind == SB_DOCUMENT_ATTACHMENTS)
    return parse_categories (self, get_array (object, "categories"), error);

  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, "an item is not an object");
      if (!parse_item (self, &ctx, json_node_get_object (node), pending, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_formats (SbTemplate *self,
               JsonObject *formats,
               GError    **error)
{
  g_autoptr(GList) members = formats ? json_object_get_members (formats) : NULL;

  for (GList *l = members; l != NULL; l = l->next)
    {
      JsonObject *object = get_object (formats, l->data);
      g_autoptr(GRegex) regex = NULL;
      SbFormat *format;

      if (object == NULL || get_string (object, "pattern") == NULL)
        return invalid (error, l->data);
      regex = g_regex_new (get_string (object, "pattern"), 0, 0, NULL);
      if (regex == NULL)
        return invalid (error, l->data);
      format = g_new0 (SbFormat, 1);
      format->id = g_strdup (l->data);
      format->pattern = g_strdup (get_string (object, "pattern"));
      format->example = g_strdup (get_string (object, "example"));
      g_hash_table_insert (self->formats, format->id, format);
    }
  return TRUE;
}

static GStrv
dup_string_array (JsonArray *array)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_strv_builder_add (builder, json_node_get_string (node));
    }
  return g_strv_builder_end (builder);
}

static gboolean
resolve_refs (SbTemplate *self,
              GPtrArray  *pending,
              GError    **error)
{
  for (guint i = 0; i < pending->len; i++)
    {
      PendingRef *ref = g_ptr_array_index (pending, i);

      ref->item->field = g_hash_table_lookup (self->field_index, ref->ref);
      if (ref->item->field == NULL)
        return invalid (error, ref->ref);
    }
  return TRUE;
}

static gboolean
parse_header (SbTemplate *self,
              JsonObject *object,
              GError    **error)
{
  JsonObject *window = get_object (object, "window");
  JsonObject *registration = get_object (object, "registration");

  if (g_strcmp0 (get_string (object, "format"), "shenbao-template") != 0
      || !json_object_has_member (object, "version")
      || json_object_get_int_member (object, "version") != 1)
    return invalid (error, "not a shenbao-template version 1");

  self->id = g_strdup (get_string (object, "id"));
  self->title = g_strdup (get_string (object, "title"));
  self->issuer = g_strdup (get_string (object, "issuer"));
  self->directions_field = g_strdup (get_string (object, "directions_field"));
  if (self->id == NULL || self->title == NULL)
    return invalid (error, "no id or title");
  if (window != NULL)
    {
      self->window_open = g_strdup (get_string (window, "open"));
      self->window_close = g_strdup (get_string (window, "close"));
      self->paper_deadline = g_strdup (get_string (window, "paper_deadline"));
    }
  if (registration != NULL)
    {
      self->region_code = g_strdup (get_string (registration, "region_code"));
      self->region_name = g_strdup (get_string (registration, "region_name"));
      self->non_legal_person_types =
        dup_string_array (get_array (registration, "non_legal_person_types"));
    }
  if (self->non_legal_person_types == NULL)
    self->non_legal_person_types = g_new0 (char *, 1);
  return TRUE;
}

static gboolean
sb_template_parse (SbTemplate *self,
                   JsonNode   *root,
                   GError    **error)
{
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func ((GDestroyNotify) pending_ref_free);
  JsonObject *object;
  JsonArray *documents;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return invalid (error, "not a JSON object");
  object = json_node_get_object (root);
  if (!parse_header (self, object, error)
      || !parse_formats (self, get_object (object, "formats"), error))
    return FALSE;

  documents = get_array (object, "documents");
  for (guint i = 0; documents != NULL && i < json_array_get_length (documents); i++)
    {
      JsonNode *node = json_array_get_element (documents, i);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return invalid (error, "a document is not an object");
      if (!parse_document (self, json_node_get_object (node), pending, error))
        return FALSE;
    }
  if (!resolve_refs (self, pending, error))
    return FALSE;

  for (guint i = 0; i < self->fields->len; i++)
    {
      SbField *field = g_ptr_array_index (self->fields, i);

      if (field->format != NULL && !g_hash_table_contains (self->formats, field->format))
        return invalid (error, field->format);
    }
  if (self->directions_field != NULL
      && g_hash_table_lookup (self->field_index, self->directions_field) == NULL)
    return invalid (error, self->directions_field);

  self->root = json_node_ref (root);
  return TRUE;
}

SbTemplate *
sb_template_new_from_bytes (GBytes  *bytes,
                            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(SbTemplate) self = g_object_new (SB_TYPE_TEMPLATE, NULL);
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  if (!json_parser_load_from_data (parser, data, (gssize) length, error))
    return NULL;
  if (!sb_template_parse (self, json_parser_get_root (parser), error))
    return NULL;
  return g_steal_pointer (&self);
}

SbTemplate *
sb_template_new_from_file (GFile   *file,
                           GError **error)
{
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);

  return bytes != NULL ? sb_template_new_from_bytes (bytes, error) : NULL;
}

const char *
sb_template_default_id (void)
{
  return DEFAULT_TEMPLATE;
}

/* Referencing the resource keeps its object, and the constructor that
 * registers it, in programs linking the static library. */
static void
ensure_resources (void)
{
  g_assert (sb_templates_get_resource () != NULL);
}

char **
sb_template_list_builtin (void)
{
  g_auto(GStrv) names = NULL;

  ensure_resources ();
  names = g_resources_enumerate_children (TEMPLATES_RESOURCE, 0, NULL);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    if (g_str_has_suffix (names[i], ".json"))
      {
        g_autofree char *id = g_strndup (names[i], strlen (names[i]) - 5);
        g_strv_builder_add (builder, id);
      }
  return g_strv_builder_end (builder);
}

/* Templates are immutable: share one instance per id. */
SbTemplate *
sb_template_lookup (const char  *id,
                    GError     **error)
{
  static GHashTable *cache;
  G_LOCK_DEFINE_STATIC (cache);
  g_autofree char *path = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SbTemplate *self;

  if (id == NULL)
    id = DEFAULT_TEMPLATE;

  ensure_resources ();
  G_LOCK (cache);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self = g_hash_table_lookup (cache, id);
  if (self != NULL)
    {
      g_object_ref (self);
      G_UNLOCK (cache);
      return self;
    }

  path = g_strdup_printf ("%s/%s.json", TEMPLATES_RESOURCE, id);
  bytes = strchr (id, '/') ? NULL : g_resources_lookup_data (path, 0, NULL);
  if (bytes == NULL)
    {
      G_UNLOCK (cache);
      g_set_error (error, SB_TEMPLATE_ERROR, SB_TEMPLATE_ERROR_NOT_FOUND,
                   _("There is no built-in template “%s”"), id);
      return NULL;
    }
  self = sb_template_new_from_bytes (bytes, error);
  if (self != NULL)
    g_hash_table_insert (cache, g_strdup (id), g_object_ref (self));
  G_UNLOCK (cache);
  return self;
}

const char *
sb_template_get_id (SbTemplate *self)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return self->id;
}

const char *
sb_template_get_title (SbTemplate *self)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return self->title;
}

const char *
sb_template_get_issuer (SbTemplate *self)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return self->issuer;
}

GPtrArray *
sb_template_get_documents (SbTemplate *self)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return self->documents;
}

SbDocument *
sb_template_get_document (SbTemplate *self,
                          const char *id)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  for (guint i = 0; i < self->documents->len; i++)
    {
      SbDocument *document = g_ptr_array_index (self->documents, i);

      if (g_strcmp0 (document->id, id) == 0)
        return document;
    }
  return NULL;
}

GPtrArray *
sb_template_get_fields (SbTemplate *self)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return self->fields;
}

SbField *
sb_template_get_field (SbTemplate *self,
                       const char *id)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->field_index, id) : NULL;
}

GPtrArray *
sb_template_get_categories (SbTemplate *self)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return self->categories;
}

SbCategory *
sb_template_get_category (SbTemplate *self,
                          const char *id)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  for (guint i = 0; i < self->categories->len; i++)
    {
      SbCategory *category = g_ptr_array_index (self->categories, i);

      if (g_strcmp0 (category->id, id) == 0)
        return category;
    }
  return NULL;
}

SbFormat *
sb_template_get_format (SbTemplate *self,
                        const char *id)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return id != NULL ? g_hash_table_lookup (self->formats, id) : NULL;
}

SbField *
sb_template_get_directions_field (SbTemplate *self)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return sb_template_get_field (self, self->directions_field);
}

const char *
sb_template_get_choice_label (SbTemplate *self,
                              const char *choice_id)
{
  SbField *directions = sb_template_get_directions_field (self);

  for (guint i = 0; directions != NULL && i < directions->choices->len; i++)
    {
      SbChoice *choice = g_ptr_array_index (directions->choices, i);

      if (g_strcmp0 (choice->id, choice_id) == 0)
        return choice->label;
    }
  return choice_id;
}

const char *
sb_template_get_window_open (SbTemplate *self)
{
  return self->window_open;
}

const char *
sb_template_get_window_close (SbTemplate *self)
{
  return self->window_close;
}

const char *
sb_template_get_paper_deadline (SbTemplate *self)
{
  return self->paper_deadline;
}

const char *
sb_template_get_region_code (SbTemplate *self)
{
  return self->region_code;
}

const char *
sb_template_get_region_name (SbTemplate *self)
{
  return self->region_name;
}

const char * const *
sb_template_get_non_legal_person_types (SbTemplate *self)
{
  return (const char * const *) self->non_legal_person_types;
}

JsonObject *
sb_template_get_object (SbTemplate *self,
                        const char *member)
{
  g_return_val_if_fail (SB_IS_TEMPLATE (self), NULL);
  return get_object (json_node_get_object (self->root), member);
}

char *
sb_field_dup_display_label (const SbField *field)
{
  if (field->group != NULL)
    return g_strdup_printf ("%s · %s", field->group, field->label);
  return g_strdup (field->label);
}
