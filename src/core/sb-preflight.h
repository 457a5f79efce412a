/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-submission.h"

G_BEGIN_DECLS

/* Preflight: will this proof file cause trouble at the 形式审查 desk?
 *
 * A file is refused (NULL and an SB_PREFLIGHT_ERROR whose message names
 * the file and says what to do) when it cannot go into the packet at
 * all; otherwise the result lists warnings, each a stable code and a
 * translated message:
 *   "restricted"      owner-restricted PDF (printing or copying forbidden)
 *   "not-a4"          a page other than A4 (±3 mm, either orientation)
 *   "low-dpi"         a scan under SB_PREFLIGHT_MIN_DPI
 *   "blank-page"      a page with no visible content
 *   "too-many-pages"  more than SB_PREFLIGHT_MAX_PAGES pages
 * The type is decided by content (PDF, JPEG or PNG), never by name.
 *
 * Cost: opening the PDF and reading its structure (qpdf and poppler, no
 * image decoding) takes milliseconds for hundreds of pages; the
 * blank-page check draws every page at 24 dpi, which for a scan means
 * decoding it, so it runs only for files of at most
 * SB_PREFLIGHT_MAX_PAGES pages and can be skipped with
 * SB_PREFLIGHT_FLAGS_NO_RENDER. Either way, run it in a worker thread;
 * the cancellable is checked between pages. */

#define SB_PREFLIGHT_ERROR (sb_preflight_error_quark ())

typedef enum {
  SB_PREFLIGHT_ERROR_NOT_FILE,      /* a folder, a device, … */
  SB_PREFLIGHT_ERROR_EMPTY,
  SB_PREFLIGHT_ERROR_UNKNOWN_TYPE,  /* not a PDF, JPEG or PNG */
  SB_PREFLIGHT_ERROR_DAMAGED,       /* truncated or unparseable PDF */
  SB_PREFLIGHT_ERROR_ENCRYPTED,     /* needs a password to open */
  SB_PREFLIGHT_ERROR_NO_PAGES,
  SB_PREFLIGHT_ERROR_BAD_IMAGE,     /* an image that does not decode */
  SB_PREFLIGHT_ERROR_TOO_LARGE,     /* more pixels than can be checked */
} SbPreflightError;

typedef enum {
  SB_PROOF_KIND_PDF,
  SB_PROOF_KIND_JPEG,
  SB_PROOF_KIND_PNG,
} SbProofKind;

typedef enum {
  SB_PREFLIGHT_FLAGS_NONE      = 0,
  /* Skip the blank-page check, the only one that draws pages. Every
   * refusal is still decided: attach uses this to stay quick. */
  SB_PREFLIGHT_FLAGS_NO_RENDER = 1 << 0,
} SbPreflightFlags;

typedef enum {
  SB_PREFLIGHT_RESTRICTED_PRINT = 1 << 0,
  SB_PREFLIGHT_RESTRICTED_COPY  = 1 << 1,
} SbPreflightRestrictions;

#define SB_PREFLIGHT_MAX_PAGES     50
#define SB_PREFLIGHT_MIN_DPI       150
/* Files of one category above this make the packet too heavy. */
#define SB_PREFLIGHT_CATEGORY_MAX  ((guint64) 100 * 1000 * 1000)

typedef struct _SbPreflightResult SbPreflightResult;

#define SB_TYPE_PREFLIGHT_RESULT (sb_preflight_result_get_type ())

GQuark             sb_preflight_error_quark        (void);
GType              sb_preflight_result_get_type    (void) G_GNUC_CONST;

SbPreflightResult *sb_preflight_file               (GFile              *file,
                                                    GCancellable       *cancellable,
                                                    GError            **error);
SbPreflightResult *sb_preflight_file_full          (GFile              *file,
                                                    SbPreflightFlags    flags,
                                                    GCancellable       *cancellable,
                                                    GError            **error);

SbPreflightResult *sb_preflight_result_ref         (SbPreflightResult  *self);
void               sb_preflight_result_unref       (SbPreflightResult  *self);
SbProofKind        sb_preflight_result_get_kind    (SbPreflightResult  *self);
/* Bytes of the file. */
guint64            sb_preflight_result_get_size    (SbPreflightResult  *self);
/* Pages of a PDF; 1 for an image. */
guint              sb_preflight_result_get_n_pages (SbPreflightResult  *self);
/* Page sizes with their counts, as "A4 ×12, Letter ×2, 500 × 500 mm ×1";
 * for an image its pixel size, as "1240 × 1754 px". */
const char        *sb_preflight_result_get_page_summary (SbPreflightResult *self);
/* The lowest resolution of a scanned page (a PDF page that is mostly
 * one image) or of an image fitted to A4; 0 when there is none. */
double             sb_preflight_result_get_min_dpi (SbPreflightResult  *self);
SbPreflightRestrictions sb_preflight_result_get_restrictions (SbPreflightResult *self);
/* Pages found blank, counting from 1; NULL unless the check ran. */
GArray            *sb_preflight_result_get_blank_pages (SbPreflightResult *self); /* guint */
/* Whether the blank-page check ran (not NO_RENDER, few enough pages). */
gboolean           sb_preflight_result_get_rendered (SbPreflightResult *self);

guint              sb_preflight_result_get_n_warnings (SbPreflightResult *self);
const char        *sb_preflight_result_get_warning_code (SbPreflightResult *self,
                                                    guint               index);
const char        *sb_preflight_result_get_warning_message (SbPreflightResult *self,
                                                    guint               index);
gboolean           sb_preflight_result_has_warning (SbPreflightResult  *self,
                                                    const char         *code);

/* Appends one SB_SEVERITY_WARNING SbDiagnostic per warning, on the
 * attachment at index, its message prefixed with name. */
void               sb_preflight_result_add_diagnostics (SbPreflightResult *self,
                                                    GListStore         *store,
                                                    guint               index,
                                                    const char         *name);

/* Across a submission. Outcomes are remembered per SHA-256 for the life
 * of the process (the content of a hash never changes), so the
 * validator can show them without reading any file. */

/* Preflights every attachment whose outcome is not yet remembered (or
 * was remembered without the blank-page check while flags ask for it).
 * Slow, and it reads the submission throughout: for the CLI before
 * checking. A GUI worker should instead take (sha256, file) pairs on the
 * main thread, and call sb_preflight_file_full() and
 * sb_preflight_remember() (thread-safe) for each in the worker.
 * FALSE only when cancelled; a refused or unreadable file is remembered
 * and reported by sb_preflight_add_submission_diagnostics(). */
gboolean           sb_preflight_submission         (SbSubmission       *submission,
                                                    SbPreflightFlags    flags,
                                                    GCancellable       *cancellable,
                                                    GError            **error);
/* Remembers the outcome for a hash (result, or error when refused). */
void               sb_preflight_remember           (const char         *sha256,
                                                    SbPreflightResult  *result,
                                                    const GError       *error);
/* The remembered result, or NULL (unknown or refused). */
SbPreflightResult *sb_preflight_lookup             (const char         *sha256);

/* For the validator; reads no file content (at most file sizes, each
 * once). Appends, on the attachment's index:
 *   error   "attachment-refused"   a remembered refusal (e.g. imported)
 *   error   "attachment-unreadable" its bytes could not be read
 *   warning each remembered preflight warning (codes above)
 *   warning "duplicate"            the same SHA-256 attached earlier
 *   warning "category-too-large"   a category's files exceed
 *                                  SB_PREFLIGHT_CATEGORY_MAX (on the file
 *                                  that crosses the limit) */
void               sb_preflight_add_submission_diagnostics (SbSubmission *submission,
                                                    GListStore         *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbPreflightResult, sb_preflight_result_unref)

G_END_DECLS
