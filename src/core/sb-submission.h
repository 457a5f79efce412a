/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "sb-template.h"

G_BEGIN_DECLS

#define SB_SUBMISSION_ERROR (sb_submission_error_quark ())

typedef enum {
  SB_SUBMISSION_ERROR_INVALID,          /* not a shenbao-submission */
  SB_SUBMISSION_ERROR_UNKNOWN_TEMPLATE,
  SB_SUBMISSION_ERROR_ATTACHMENT,       /* a file that cannot be attached */
} SbSubmissionError;

#define SB_TYPE_SUBMISSION (sb_submission_get_type ())
G_DECLARE_FINAL_TYPE (SbSubmission, sb_submission, SB, SUBMISSION, GObject)

/* Index of no task book: a field of the submission itself. */
#define SB_NO_TASKBOOK (-1)

GQuark        sb_submission_error_quark      (void);

SbSubmission *sb_submission_new              (SbTemplate    *template);
/* Reads the pinned interchange JSON. Unknown keys are kept. */
SbSubmission *sb_submission_new_from_data    (const char    *data,
                                              gssize         length,
                                              GError       **error);
SbSubmission *sb_submission_new_from_json_file (GFile       *file,
                                              GError       **error);
/* The pinned interchange JSON, pretty-printed, with unknown keys. */
char         *sb_submission_to_data          (SbSubmission  *self,
                                              gsize         *length);

SbTemplate   *sb_submission_get_template     (SbSubmission  *self);

/* The saved file this submission was read from or last saved to. */
GFile        *sb_submission_get_file         (SbSubmission  *self);
void          sb_submission_set_file         (SbSubmission  *self,
                                              GFile         *file);
/* Where saved attachments are read from: that version of the file, held
 * open (see sb_archive_pin()), or the file itself. */
GFile        *sb_submission_get_archive      (SbSubmission  *self);
void          sb_submission_set_archive      (SbSubmission  *self,
                                              GFile         *archive);
/* TRUE when changed since the last load or save. */
gboolean      sb_submission_get_modified     (SbSubmission  *self);
void          sb_submission_set_modified     (SbSubmission  *self,
                                              gboolean       modified);
/* Number of changes so far; lets autosave and caches notice edits. */
guint64       sb_submission_get_serial       (SbSubmission  *self);

/* Field values. taskbook is SB_NO_TASKBOOK for the submission's own
 * fields. Text never returns NULL: an unset field is "". */
const char   *sb_submission_get_text         (SbSubmission  *self,
                                              int            taskbook,
                                              const char    *field_id);
void          sb_submission_set_text         (SbSubmission  *self,
                                              int            taskbook,
                                              const char    *field_id,
                                              const char    *text);
/* Ticked choice ids, NULL-terminated; never NULL. */
char        **sb_submission_dup_choices      (SbSubmission  *self,
                                              const char    *field_id);
gboolean      sb_submission_has_choice       (SbSubmission  *self,
                                              const char    *field_id,
                                              const char    *choice_id);
void          sb_submission_set_choice       (SbSubmission  *self,
                                              const char    *field_id,
                                              const char    *choice_id,
                                              gboolean       ticked);
/* Empty: unset, "", only whitespace, or an empty array. */
gboolean      sb_submission_is_empty         (SbSubmission  *self,
                                              int            taskbook,
                                              const char    *field_id);
/* The raw value, or NULL. */
JsonNode     *sb_submission_get_value        (SbSubmission  *self,
                                              int            taskbook,
                                              const char    *field_id);

/* Task books, one per chosen direction, in the order added. */
guint         sb_submission_get_n_taskbooks  (SbSubmission  *self);
const char   *sb_submission_get_taskbook_direction (SbSubmission *self,
                                              guint          index);
int           sb_submission_find_taskbook    (SbSubmission  *self,
                                              const char    *direction);
guint         sb_submission_add_taskbook     (SbSubmission  *self,
                                              const char    *direction);
/* Removes a task book and returns it whole, for undo. */
JsonObject   *sb_submission_take_taskbook    (SbSubmission  *self,
                                              guint          index);
void          sb_submission_insert_taskbook  (SbSubmission  *self,
                                              guint          index,
                                              JsonObject    *taskbook);
/* TRUE if any field of the task book holds text. */
gboolean      sb_submission_taskbook_has_content (SbSubmission *self,
                                              guint          index);

/* Attachments, in packet order. */
guint         sb_submission_get_n_attachments (SbSubmission *self);
const char   *sb_submission_get_attachment_category (SbSubmission *self,
                                              guint          index);
const char   *sb_submission_get_attachment_name   (SbSubmission *self,
                                              guint          index);
const char   *sb_submission_get_attachment_sha256 (SbSubmission *self,
                                              guint          index);
/* The caption; the file name without extension when none was set. */
char         *sb_submission_dup_attachment_title  (SbSubmission *self,
                                              guint          index);
void          sb_submission_set_attachment_title  (SbSubmission *self,
                                              guint          index,
                                              const char    *title);
/* Adds a file already hashed; the bytes come from source until saved. */
guint         sb_submission_add_attachment   (SbSubmission  *self,
                                              const char    *category,
                                              const char    *name,
                                              const char    *sha256,
                                              const char    *title,
                                              GFile         *source);
JsonObject   *sb_submission_take_attachment  (SbSubmission  *self,
                                              guint          index);
void          sb_submission_insert_attachment (SbSubmission *self,
                                              guint          index,
                                              JsonObject    *attachment);
void          sb_submission_move_attachment  (SbSubmission  *self,
                                              guint          from,
                                              guint          to);
/* Moves an attachment to another category, placed at its end. */
void          sb_submission_set_attachment_category (SbSubmission *self,
                                              guint          index,
                                              const char    *category);
/* Where a new attachment of the category goes, in the template's order. */
guint         sb_submission_get_category_insert_position (SbSubmission *self,
                                              const char    *category);
/* Where the bytes of an attachment not yet saved are, or NULL when
 * they are inside the saved file. */
GFile        *sb_submission_get_attachment_source (SbSubmission *self,
                                              const char    *sha256);
void          sb_submission_set_attachment_source (SbSubmission *self,
                                              const char    *sha256,
                                              GFile         *source);
/* Called after a save: every attachment now lives in the saved file. */
void          sb_submission_clear_attachment_sources (SbSubmission *self);

/* The user's "I checked this" marks on warnings, as "code:field". */
gboolean      sb_submission_is_acknowledged  (SbSubmission  *self,
                                              const char    *key);
void          sb_submission_set_acknowledged (SbSubmission  *self,
                                              const char    *key,
                                              gboolean       acknowledged);

G_END_DECLS
