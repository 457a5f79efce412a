/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define SB_TEMPLATE_ERROR (sb_template_error_quark ())

typedef enum {
  SB_TEMPLATE_ERROR_INVALID,
  SB_TEMPLATE_ERROR_NOT_FOUND,
} SbTemplateError;

typedef enum {
  SB_FIELD_TEXT,        /* one line */
  SB_FIELD_MULTILINE,   /* paragraphs, usually with max_chars */
  SB_FIELD_CHOICES,     /* multi-choice: array of choice ids */
  SB_FIELD_DATE,        /* "YYYY-MM-DD" */
} SbFieldType;

typedef struct {
  char *id;
  char *label;
} SbChoice;

/* One field of the template. A field is defined once, in the document
 * that owns it; other documents show it through a reference. */
typedef struct {
  char        *id;
  char        *document;      /* id of the owning document */
  char        *section;       /* printed section title, or NULL */
  char        *group;         /* printed row group (负责人, 联系人), or NULL */
  char        *label;         /* as printed */
  char        *hint;          /* the notice's guidance, or NULL */
  SbFieldType  type;
  gboolean     required;
  gboolean     per_taskbook;
  guint        max_chars;     /* 0: no limit */
  char        *format;        /* id into the template's formats, or NULL */
  char        *none_value;    /* a value meaning "we have none" (e.g. 无), or NULL */
  GPtrArray   *choices;       /* SbChoice*, for SB_FIELD_CHOICES */
} SbField;

/* What a document shows, in order. */
typedef enum {
  SB_ITEM_HEADING,    /* text: a section title */
  SB_ITEM_PARAGRAPH,  /* text: fixed prose printed as is */
  SB_ITEM_FIELD,      /* field: a field (owned here or referenced) */
  SB_ITEM_SIGN,       /* text: a place left blank to sign or stamp */
} SbItemKind;

typedef struct {
  SbItemKind  kind;
  /* Heading, paragraph or sign text; for a field, the label printed in
   * this place when it differs from the field's own (揭榜单位 for
   * 申报单位名称), else NULL. A paragraph may hold "{field id}" slots. */
  char       *text;
  char       *suffix;  /* printed after a field's value: （加盖单位公章） */
  SbField    *field;   /* not owned */
} SbItem;

typedef enum {
  SB_DOCUMENT_FORM,         /* fields and fixed text */
  SB_DOCUMENT_TASKBOOK,     /* a form repeated per chosen direction */
  SB_DOCUMENT_ATTACHMENTS,  /* the proof categories */
} SbDocumentKind;

typedef struct {
  char           *id;
  char           *title;      /* as printed */
  char           *short_title;/* for tabs (封面, 申报表, …) */
  SbDocumentKind  kind;
  GPtrArray      *items;      /* SbItem* */
} SbDocument;

typedef struct {
  char *id;
  char *title;        /* as printed, with its number */
  char *hint;         /* the printed explanation in （） */
} SbCategory;

typedef struct {
  char   *id;
  char   *pattern;    /* a GRegex, anchored */
  char   *example;
} SbFormat;

#define SB_TYPE_TEMPLATE (sb_template_get_type ())
G_DECLARE_FINAL_TYPE (SbTemplate, sb_template, SB, TEMPLATE, GObject)

GQuark       sb_template_error_quark        (void);

SbTemplate  *sb_template_new_from_bytes     (GBytes      *bytes,
                                             GError     **error);
SbTemplate  *sb_template_new_from_file      (GFile       *file,
                                             GError     **error);
/* A built-in template by id; NULL id gives the default one. */
SbTemplate  *sb_template_lookup             (const char  *id,
                                             GError     **error);
/* The ids of the built-in templates, NULL-terminated. */
char       **sb_template_list_builtin       (void);
const char  *sb_template_default_id         (void);

const char  *sb_template_get_id             (SbTemplate  *self);
const char  *sb_template_get_title          (SbTemplate  *self);
const char  *sb_template_get_issuer         (SbTemplate  *self);

GPtrArray   *sb_template_get_documents      (SbTemplate  *self);   /* SbDocument* */
SbDocument  *sb_template_get_document       (SbTemplate  *self,
                                             const char  *id);
GPtrArray   *sb_template_get_fields         (SbTemplate  *self);   /* SbField*, in order */
SbField     *sb_template_get_field          (SbTemplate  *self,
                                             const char  *id);
GPtrArray   *sb_template_get_categories     (SbTemplate  *self);   /* SbCategory* */
SbCategory  *sb_template_get_category       (SbTemplate  *self,
                                             const char  *id);
SbFormat    *sb_template_get_format         (SbTemplate  *self,
                                             const char  *id);

/* The multi-choice field whose ticked choices each need a task book. */
SbField     *sb_template_get_directions_field (SbTemplate *self);
const char  *sb_template_get_choice_label   (SbTemplate  *self,
                                             const char  *choice_id);

/* The call's window, as "YYYY-MM-DD" strings. */
const char  *sb_template_get_window_open    (SbTemplate  *self);
const char  *sb_template_get_window_close   (SbTemplate  *self);
const char  *sb_template_get_paper_deadline (SbTemplate  *self);

/* Registration rules for the unit's credit code. */
const char  *sb_template_get_region_code    (SbTemplate  *self);   /* "31" */
const char  *sb_template_get_region_name    (SbTemplate  *self);   /* "上海" */
const char * const *sb_template_get_non_legal_person_types (SbTemplate *self);

/* Free-form template data (print layout, mailing address, …). */
JsonObject  *sb_template_get_object         (SbTemplate  *self,
                                             const char  *member);

/* A label fit for a message: "负责人 · 电话", or the label itself. */
char        *sb_field_dup_display_label     (const SbField *field);

G_END_DECLS
