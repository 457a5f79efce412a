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

G_END_DECLS
