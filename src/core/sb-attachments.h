/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-submission.h"

G_BEGIN_DECLS

/* The SHA-256 of a file's bytes, streamed, as lower-case hex. */
char     *sb_file_compute_sha256      (GFile          *file,
                                       GCancellable   *cancellable,
                                       GError        **error);

/* Attaches files under a category: all of them or, on the first
 * failure, none (the error names the file). */
gboolean  sb_submission_attach_files  (SbSubmission   *submission,
                                       const char     *category,
                                       GFile         **files,
                                       guint           n_files,
                                       const char     *title,
                                       GCancellable   *cancellable,
                                       GError        **error);

/* A local file holding the attachment's bytes: its source while
 * unsaved, else extracted once from the saved file into the cache and
 * checked against its hash. */
GFile    *sb_submission_dup_attachment_file (SbSubmission *submission,
                                       const char     *sha256,
                                       GCancellable   *cancellable,
                                       GError        **error);

/* Attaching in two halves, for a GUI that must not block: the slow
 * half reads the files and touches no submission (run it in a worker),
 * the quick half adds them on the submission's thread.
 * sb_submission_attach_files() is the two in a row. */
typedef struct {
  GFile *file;
  char  *name;      /* the display name the submission records */
  char  *sha256;
} SbPreparedFile;

typedef void (*SbPrepareProgressFunc) (guint     index,
                                       GFile    *file,
                                       gpointer  user_data);

void       sb_prepared_file_free        (SbPreparedFile *prepared);
/* Checks (a preflight without drawing, remembered per hash) and hashes
 * each file: an array of SbPreparedFile for all of them, or NULL with
 * an error naming the first refused. progress, if any, is called in
 * the calling thread before each file. Thread-safe. */
GPtrArray *sb_attachments_prepare_files (GFile         **files,
                                         guint           n_files,
                                         SbPrepareProgressFunc progress,
                                         gpointer        user_data,
                                         GCancellable   *cancellable,
                                         GError        **error);
/* Adds prepared files under a category, in order; FALSE (nothing
 * added) for a category the template lacks. */
gboolean   sb_submission_add_prepared_files (SbSubmission *submission,
                                         const char     *category,
                                         GPtrArray      *prepared,
                                         const char     *title,
                                         GError        **error);
/* The bytes of attachment sha256 of a saved file, extracted once into
 * the cache and checked against its hash. Reads no submission, so a
 * worker can call it with the file and hash taken on the main thread. */
GFile     *sb_attachments_dup_blob_file (GFile          *archive,
                                         const char     *sha256,
                                         GCancellable   *cancellable,
                                         GError        **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbPreparedFile, sb_prepared_file_free)

G_END_DECLS
