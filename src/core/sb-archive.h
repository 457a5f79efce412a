/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-submission.h"

G_BEGIN_DECLS

/* The saved file *.shenbao: a ZIP whose first entry is "mimetype"
 * (stored, "application/x-shenbao"), then "submission.json", then
 * "attachments/<sha256>" for each attached file. */

#define SB_ARCHIVE_MIMETYPE "application/x-shenbao"
#define SB_ARCHIVE_ERROR (sb_archive_error_quark ())

typedef enum {
  SB_ARCHIVE_ERROR_NOT_ARCHIVE,   /* not a ZIP, or damaged */
  SB_ARCHIVE_ERROR_WRONG_TYPE,    /* no or wrong mimetype entry */
  SB_ARCHIVE_ERROR_BAD_ENTRY,     /* an entry name that is not pinned */
  SB_ARCHIVE_ERROR_TOO_LARGE,     /* over a size or ratio cap */
  SB_ARCHIVE_ERROR_BAD_CONTENT,   /* submission.json unreadable */
  SB_ARCHIVE_ERROR_MISSING,       /* an attachment without its entry */
  SB_ARCHIVE_ERROR_CORRUPT,       /* an entry whose bytes do not match its hash */
  SB_ARCHIVE_ERROR_IO,            /* reading or writing failed */
} SbArchiveError;

GQuark        sb_archive_error_quark (void);

/* Reads a saved file. The submission remembers the file, and reads
 * attachment bytes from it on demand. */
SbSubmission *sb_archive_load        (GFile         *file,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* Writes the submission to file atomically: a temporary file in the same
 * folder, fsync, rename, fsync of the folder. Attachments already in the
 * submission's previous file are copied from it, never held in memory.
 * On success the submission's file is file and it is unmodified. */
gboolean      sb_archive_save        (SbSubmission  *submission,
                                      GFile         *file,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* This version of file, held open: readable after another program
 * replaced or deleted file. NULL where that cannot be done. */
GFile        *sb_archive_pin         (GFile         *file);
/* Copies one attachment out to dest, checking its SHA-256. */
gboolean      sb_archive_extract     (GFile         *archive,
                                      const char    *sha256,
                                      GFile         *dest,
                                      GCancellable  *cancellable,
                                      GError       **error);
/* The size the entry of an attachment declares; FALSE without one. */
gboolean      sb_archive_query_attachment_size (GFile       *archive,
                                                const char  *sha256,
                                                guint64     *size);

G_END_DECLS
