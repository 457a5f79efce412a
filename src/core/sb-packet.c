/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "sb-attachments.h"
#include "sb-packet-private.h"
#include "sb-validator.h"

/* Problems listed in the refusal message; the rest are counted. */
#define MAX_LISTED_PROBLEMS  5
/* Hex digits of the SHA-256 printed as the version fingerprint. */
#define FINGERPRINT_LENGTH   8
/* The fields the PDF's metadata names the unit and the project by. */
#define UNIT_FIELD     "unit_name"
#define PROJECT_FIELD  "project_name"

G_DEFINE_QUARK (sb-packet-error-quark, sb_packet_error)

void
sb_packet_attachment_free (SbPacketAttachment *attachment)
{
  g_free (attachment->number);
  g_free (attachment->title);
  g_free (attachment->path);
  g_free (attachment);
}

/* Fingerprint */

static void
add_value (JsonBuilder  *builder,
           SbSubmission *submission,
           int           taskbook,
           SbField      *field)
{
  JsonNode *value = sb_submission_get_value (submission, taskbook, field->id);

  /* Unset and blank are the same content. */
  json_builder_begin_array (builder);
  json_builder_add_string_value (builder, field->id);
  if (value == NULL || sb_submission_is_empty (submission, taskbook, field->id))
    json_builder_add_null_value (builder);
  else
    json_builder_add_value (builder, json_node_copy (value));
  json_builder_end_array (builder);
}

static void
add_fields (JsonBuilder  *builder,
            SbSubmission *submission,
            int           taskbook)
{
  GPtrArray *fields = sb_template_get_fields (sb_submission_get_template (submission));

  json_builder_begin_array (builder);
  for (guint i = 0; i < fields->len; i++)
    {
      SbField *field = g_ptr_array_index (fields, i);

      if (field->per_taskbook == (taskbook != SB_NO_TASKBOOK))
        add_value (builder, submission, taskbook, field);
    }
  json_builder_end_array (builder);
}

char *
sb_packet_dup_fingerprint (SbSubmission *submission)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *canonical = NULL;
  g_autofree char *hash = NULL;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), NULL);

  /* The template's fields in its order, then the task books, then the
   * attachments by hash: the same content always gives the same text. */
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "template");
  json_builder_add_string_value (builder,
                                 sb_template_get_id (sb_submission_get_template (submission)));
  json_builder_set_member_name (builder, "fields");
  add_fields (builder, submission, SB_NO_TASKBOOK);
  json_builder_set_member_name (builder, "taskbooks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sb_submission_get_n_taskbooks (submission); i++)
    {
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, sb_submission_get_taskbook_direction (submission, i));
      add_fields (builder, submission, i);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "attachments");
  json_builder_begin_array (builder);
  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      g_autofree char *title = sb_submission_dup_attachment_title (submission, i);

      json_builder_begin_array (builder);
      json_builder_add_string_value (builder,
                                     sb_submission_get_attachment_category (submission, i));
      json_builder_add_string_value (builder, sb_submission_get_attachment_sha256 (submission, i));
      json_builder_add_string_value (builder, title);
      json_builder_end_array (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  canonical = json_to_string (root, FALSE);
  hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, canonical, -1);
  return g_strndup (hash, FINGERPRINT_LENGTH);
}

/* Refusal */

static gboolean
check_errors (SbSubmission  *submission,
              const char    *today,
              GError       **error)
{
  g_autoptr(GListModel) diagnostics = sb_validate (submission, today);
  g_autoptr(GString) listed = g_string_new (NULL);
  guint n_errors = 0;

  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SbDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);

      if (sb_diagnostic_get_severity (diagnostic) != SB_SEVERITY_ERROR)
        continue;
      if (n_errors < MAX_LISTED_PROBLEMS)
        g_string_append_printf (listed, "\n• %s", sb_diagnostic_get_message (diagnostic));
      n_errors++;
    }
  if (n_errors == 0)
    return TRUE;
  if (n_errors > MAX_LISTED_PROBLEMS)
    g_string_append (listed, "\n• …");

  g_set_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_HAS_ERRORS,
               g_dngettext (GETTEXT_PACKAGE,
                            "The submission has %u error; fix it or export a draft:%s",
                            "The submission has %u errors; fix them or export a draft:%s",
                            n_errors),
               n_errors, listed->str);
  return FALSE;
}

/* Attachments */

static guint
category_rank (SbTemplate *template,
               SbCategory *category)
{
  GPtrArray *categories = sb_template_get_categories (template);
  guint rank;

  if (category != NULL && g_ptr_array_find (categories, category, &rank))
    return rank;
  return categories->len;
}

static int
compare_attachments (gconstpointer a,
                     gconstpointer b,
                     gpointer      template)
{
  const SbPacketAttachment *x = *(SbPacketAttachment * const *) a;
  const SbPacketAttachment *y = *(SbPacketAttachment * const *) b;
  guint rx = category_rank (template, x->category);
  guint ry = category_rank (template, y->category);

  if (rx != ry)
    return rx < ry ? -1 : 1;
  return x->index < y->index ? -1 : x->index > y->index;
}

static void
sort_attachments (SbTemplate *template,
                  GPtrArray  *attachments)
{
  guint rank_in_category = 0;
  guint last_rank = G_MAXUINT;

  /* Printed grouped by category, in the template's order, so the index
   * and the pages agree; within a category, in the user's order. */
  g_ptr_array_sort_with_data (attachments, compare_attachments, template);

  for (guint i = 0; i < attachments->len; i++)
    {
      SbPacketAttachment *attachment = g_ptr_array_index (attachments, i);
      guint rank = category_rank (template, attachment->category);

      rank_in_category = rank == last_rank ? rank_in_category + 1 : 1;
      last_rank = rank;
      attachment->number = g_strdup_printf ("%u-%u", rank + 1, rank_in_category);
    }
}

static gboolean
read_image_info (SbPacketAttachment  *attachment,
                 GError             **error)
{
  g_autoptr(GMappedFile) mapped = g_mapped_file_new (attachment->path, FALSE, error);
  const guchar *data;
  gsize length;
  gboolean ok;

  if (mapped == NULL)
    return FALSE;
  data = (const guchar *) g_mapped_file_get_contents (mapped);
  length = g_mapped_file_get_length (mapped);
  attachment->orientation = 1;
  if (attachment->kind == SB_PACKET_FILE_JPEG)
    ok = sb_packet_read_jpeg_info (data, length, &attachment->width, &attachment->height,
                                   &attachment->orientation);
  else
    ok = sb_packet_read_png_info (data, length, &attachment->width, &attachment->height);
  if (!ok)
    g_set_error_literal (error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT,
                         _("The image is damaged"));
  return ok;
}

static gboolean
explain_pdf_error (GError  *pdf_error,
                   GError **error)
{
  switch (pdf_error->code)
    {
    case SB_PDF_ASSEMBLER_ERROR_PASSWORD:
      g_set_error_literal (error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT,
                           _("The PDF is protected by a password; attach a copy without one"));
      break;
    case SB_PDF_ASSEMBLER_ERROR_NO_PAGES:
      g_set_error_literal (error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT,
                           _("The PDF has no pages"));
      break;
    default:
      g_set_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT,
                   _("The PDF is damaged (%s)"), pdf_error->message);
      break;
    }
  return FALSE;
}

static gboolean
open_attachment (SbSubmission        *submission,
                 SbPacketAttachment  *attachment,
                 SbPdfAssembler      *assembler,
                 GCancellable        *cancellable,
                 GError             **error)
{
  const char *sha256 = sb_submission_get_attachment_sha256 (submission, attachment->index);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local_error = NULL;
  guchar head[1024];
  gssize n;

  file = sb_submission_dup_attachment_file (submission, sha256, cancellable, error);
  if (file == NULL)
    return FALSE;
  attachment->path = g_file_get_path (file);
  in = g_file_read (file, cancellable, error);
  if (in == NULL)
    return FALSE;
  n = g_input_stream_read (G_INPUT_STREAM (in), head, sizeof head, cancellable, error);
  if (n < 0)
    return FALSE;

  attachment->kind = sb_packet_sniff_file (head, n);
  switch (attachment->kind)
    {
    case SB_PACKET_FILE_PDF:
      attachment->source = sb_pdf_assembler_add_source (assembler, attachment->path,
                                                        &local_error);
      if (attachment->source < 0)
        return explain_pdf_error (local_error, error);
      attachment->n_pages = sb_pdf_assembler_get_n_pages (assembler, attachment->source);
      return TRUE;
    case SB_PACKET_FILE_JPEG:
    case SB_PACKET_FILE_PNG:
      attachment->n_pages = 1;
      return read_image_info (attachment, error);
    case SB_PACKET_FILE_UNKNOWN:
    default:
      g_set_error_literal (error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT,
                           _("It is neither a PDF nor a JPEG or PNG image"));
      return FALSE;
    }
}

static GPtrArray *
collect_attachments (SbSubmission    *submission,
                     SbPdfAssembler  *assembler,
                     GCancellable    *cancellable,
                     GError         **error)
{
  SbTemplate *template = sb_submission_get_template (submission);
  g_autoptr(GPtrArray) attachments = NULL;

  attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_packet_attachment_free);
  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      SbPacketAttachment *attachment = g_new0 (SbPacketAttachment, 1);
      g_autoptr(GError) local_error = NULL;

      attachment->index = i;
      attachment->source = -1;
      attachment->title = sb_submission_dup_attachment_title (submission, i);
      attachment->category = sb_template_get_category (
        template, sb_submission_get_attachment_category (submission, i));
      g_ptr_array_add (attachments, attachment);

      if (!open_attachment (submission, attachment, assembler, cancellable, &local_error))
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
            g_propagate_error (error, g_steal_pointer (&local_error));
          else
            g_set_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT,
                         _("Attachment “%s” cannot be printed: %s"),
                         attachment->title, local_error->message);
          return NULL;
        }
    }
  sort_attachments (template, attachments);
  return g_steal_pointer (&attachments);
}

/* Export */

static void
set_metadata (SbPdfAssembler *assembler,
              SbSubmission   *submission,
              const char     *fingerprint,
              gboolean        draft)
{
  SbTemplate *template = sb_submission_get_template (submission);
  g_autofree char *keywords = g_strdup_printf ("版本号 %s%s", fingerprint, draft ? " 草稿" : "");

  sb_pdf_assembler_set_info (assembler, "Title", sb_template_get_title (template));
  if (sb_template_get_field (template, UNIT_FIELD) != NULL)
    sb_pdf_assembler_set_info (assembler, "Author",
                               sb_submission_get_text (submission, SB_NO_TASKBOOK, UNIT_FIELD));
  if (sb_template_get_field (template, PROJECT_FIELD) != NULL)
    sb_pdf_assembler_set_info (assembler, "Subject",
                               sb_submission_get_text (submission, SB_NO_TASKBOOK,
                                                       PROJECT_FIELD));
  sb_pdf_assembler_set_info (assembler, "Keywords", keywords);
  sb_pdf_assembler_set_info (assembler, "Creator", "Shenbao " PACKAGE_VERSION);
}

static gboolean
sync_path (const char *path,
           int         flags)
{
  int fd = g_open (path, flags | O_CLOEXEC, 0);
  gboolean ok;

  if (fd < 0)
    return FALSE;
  ok = fsync (fd) == 0;
  close (fd);
  return ok;
}

static gboolean
io_failed (GError    **error,
           const char *path)
{
  int saved_errno = errno;
  g_autofree char *display = g_filename_display_name (path);

  g_set_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_FAILED,
               _("Could not write “%s”: %s"), display, g_strerror (saved_errno));
  return FALSE;
}

typedef struct {
  SbPacketProgress progress;
  gpointer         data;
} Progress;

static void
report (Progress *progress,
        double    fraction)
{
  if (progress->progress != NULL)
    progress->progress (fraction, progress->data);
}

static void
assembler_progress_cb (double   fraction,
                       gpointer user_data)
{
  /* Writing is the last 60 % of the work. */
  report (user_data, 0.4 + 0.6 * fraction);
}

/* Removes ".NAME.XXXXXX" files that exports killed part-way left
 * behind: their names say which output they were for. */
static void
remove_stale_temporaries (const char *dir,
                          const char *base)
{
  g_autoptr(GDir) folder = g_dir_open (dir, 0, NULL);
  g_autofree char *prefix = g_strdup_printf (".%s.", base);
  const char *name;

  while (folder != NULL && (name = g_dir_read_name (folder)) != NULL)
    {
      if (g_str_has_prefix (name, prefix) && strlen (name) == strlen (prefix) + 6)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          g_unlink (path);
        }
    }
}

/* Writes into a temporary file next to out_path, then renames it, so
 * the output is whole or absent. */
static gboolean
assemble_atomically (SbPdfAssembler  *assembler,
                     const char      *frame_path,
                     const char      *out_path,
                     Progress        *progress,
                     GCancellable    *cancellable,
                     GError         **error)
{
  g_autofree char *dir = g_path_get_dirname (out_path);
  g_autofree char *base = g_path_get_basename (out_path);
  g_autofree char *tmp = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
  g_autoptr(GError) local_error = NULL;
  int fd;

  fd = g_mkstemp_full (tmp, O_RDWR | O_CLOEXEC, 0666);
  if (fd < 0)
    return io_failed (error, out_path);
  close (fd);

  if (!sb_pdf_assembler_write (assembler, frame_path, tmp, assembler_progress_cb, progress,
                               cancellable, &local_error))
    {
      g_unlink (tmp);
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                             _("The export was cancelled"));
      else
        g_set_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_FAILED,
                     _("The PDF could not be written: %s"), local_error->message);
      return FALSE;
    }
  if (!sync_path (tmp, O_RDONLY))
    {
      io_failed (error, out_path);
      g_unlink (tmp);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (g_rename (tmp, out_path) != 0)
    {
      io_failed (error, out_path);
      g_unlink (tmp);
      return FALSE;
    }
  sync_path (dir, O_RDONLY | O_DIRECTORY);
  remove_stale_temporaries (dir, base);
  return TRUE;
}

static double
elapsed (gint64 start)
{
  return (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
}

gboolean
sb_packet_export (SbSubmission     *submission,
                  GFile            *output,
                  gboolean          draft,
                  const char       *today,
                  SbPacketProgress  progress,
                  gpointer          progress_data,
                  GCancellable     *cancellable,
                  GError          **error)
{
  g_autoptr(SbPdfAssembler) assembler = NULL;
  g_autoptr(GPtrArray) attachments = NULL;
  g_autofree char *fingerprint = NULL;
  g_autofree char *out_path = NULL;
  g_autofree char *frame_path = NULL;
  Progress report_to = { progress, progress_data };
  SbFrameRequest request = { 0 };
  gint64 start = g_get_monotonic_time ();
  gboolean ok;
  int fd;

  g_return_val_if_fail (SB_IS_SUBMISSION (submission), FALSE);
  g_return_val_if_fail (G_IS_FILE (output), FALSE);

  out_path = g_file_get_path (output);
  if (out_path == NULL)
    {
      g_set_error_literal (error, SB_PACKET_ERROR, SB_PACKET_ERROR_FAILED,
                           _("The packet can only be written to a local file"));
      return FALSE;
    }
  if (!draft && !check_errors (submission, today, error))
    return FALSE;
  report (&report_to, 0.02);

  fingerprint = sb_packet_dup_fingerprint (submission);
  assembler = sb_pdf_assembler_new ();
  attachments = collect_attachments (submission, assembler, cancellable, error);
  if (attachments == NULL)
    return FALSE;
  report (&report_to, 0.1);

  fd = g_file_open_tmp ("shenbao-frame-XXXXXX.pdf", &frame_path, error);
  if (fd < 0)
    return FALSE;
  close (fd);

  request.submission = submission;
  request.attachments = attachments;
  request.draft = draft;
  request.fingerprint = fingerprint;
  request.assembler = assembler;
  request.cancellable = cancellable;
  set_metadata (assembler, submission, fingerprint, draft);

  g_debug ("packet: attachments opened after %.3f s", elapsed (start));
  ok = sb_frame_render (&request, frame_path, error);
  g_debug ("packet: frame drawn after %.3f s", elapsed (start));
  if (ok)
    {
      report (&report_to, 0.4);
      ok = assemble_atomically (assembler, frame_path, out_path, &report_to, cancellable, error);
      g_debug ("packet: written after %.3f s", elapsed (start));
    }
  g_unlink (frame_path);
  if (ok)
    report (&report_to, 1.0);
  return ok;
}
