/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Where the printed packet must be signed and stamped: the pages the
 * print checklist points the user to. */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <poppler.h>

#include "sb-core.h"
#include "sb-packet.h"
#include "sb-poppler-private.h"
#include "sb-sign-places.h"

#define TODAY "2025-04-22"

static char *
sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
}

static SbSubmission *
load_sample (void)
{
  g_autofree char *json = sample_path ("sample-submission.json");
  g_autofree char *dir = sample_path ("sample-submission");
  g_autoptr(GFile) file = g_file_new_for_path (json);
  g_autoptr(GError) error = NULL;
  SbSubmission *submission = sb_submission_new_from_json_file (file, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      g_autofree char *path = g_build_filename (dir, sb_submission_get_attachment_name (submission,
                                                                                        i),
                                                NULL);
      g_autoptr(GFile) source = g_file_new_for_path (path);

      sb_submission_set_attachment_source (submission,
                                           sb_submission_get_attachment_sha256 (submission, i),
                                           source);
    }
  return submission;
}

static char *
export_sample (SbSubmission *submission,
               char        **dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) output = NULL;

  *dir = g_dir_make_tmp ("shenbao-sign-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (*dir, "packet.pdf", NULL);
  output = g_file_new_for_path (path);
  g_assert_true (sb_packet_export (submission, output, FALSE, TODAY, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static char *
dup_page_text (PopplerDocument *document,
               guint            page)
{
  g_autoptr(PopplerPage) p = poppler_document_get_page (document, (int) page - 1);
  g_autofree char *text = poppler_page_get_text (p);
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c != '\0'; c = g_utf8_next_char (c))
    if (!g_unichar_isspace (g_utf8_get_char (c)))
      g_string_append_unichar (out, g_utf8_get_char (c));
  return g_string_free (out, FALSE);
}

static SbSignPlace *
find_place (GPtrArray  *places,
            const char *label)
{
  for (guint i = 0; i < places->len; i++)
    {
      SbSignPlace *place = g_ptr_array_index (places, i);

      if (g_strcmp0 (place->label, label) == 0)
        return place;
    }
  return NULL;
}

/* Document starts in the outline: the form is the third document. */
static int
form_start (PopplerDocument *document)
{
  PopplerIndexIter *iter = poppler_index_iter_new (document);
  int page = -1;

  g_assert_nonnull (iter);
  do
    {
      PopplerAction *action = poppler_index_iter_get_action (iter);

      if (g_strcmp0 (action->any.title, "申报表") == 0)
        {
          PopplerDest *dest = action->goto_dest.dest;
          PopplerDest *named = dest->type == POPPLER_DEST_NAMED
            ? poppler_document_find_dest (document, dest->named_dest) : NULL;

          page = named ? named->page_num : dest->page_num;
          g_clear_pointer (&named, poppler_dest_free);
        }
      poppler_action_free (action);
    }
  while (poppler_index_iter_next (iter));
  poppler_index_iter_free (iter);
  return page;
}

static void
test_sample (void)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *dir = NULL;
  g_autofree char *path = export_sample (submission, &dir);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  g_autoptr(PopplerDocument) document = poppler_document_new_from_file (uri, NULL, NULL);
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GError) error = NULL;
  const char *expected[] = { "揭榜单位（加盖单位公章）", "负责人签字（章）", "公章",
                             "法定代表人（签字）", "单位（单位盖章）" };
  SbSignPlace *cover, *head, *seal, *legal, *unit;
  int n_pages = poppler_document_get_n_pages (document);

  places = sb_sign_places_find (sb_submission_get_template (submission), path, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (places);

  /* In the template's order, dates left out. */
  g_assert_cmpuint (places->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < places->len; i++)
    {
      SbSignPlace *place = g_ptr_array_index (places, i);
      g_autofree char *text = NULL;

      g_assert_cmpstr (place->label, ==, expected[i]);
      g_assert_cmpuint (place->page, >=, 1);
      g_assert_cmpuint (place->page, <=, n_pages);
      /* The page really shows it. */
      text = dup_page_text (document, place->page);
      g_assert_nonnull (strstr (text, i == 3 ? "（签字）" : i == 0 ? "（加盖单位公章）"
                                                                 : expected[i]));
    }

  cover = find_place (places, expected[0]);
  head = find_place (places, expected[1]);
  seal = find_place (places, expected[2]);
  legal = find_place (places, expected[3]);
  unit = find_place (places, expected[4]);
  g_assert_cmpstr (cover->document, ==, "封面");
  g_assert_cmpuint (cover->page, ==, 1);
  g_assert_true (cover->stamp);
  /* The form's sign block closes it: after its first page, on one page. */
  g_assert_cmpstr (head->document, ==, "申报表");
  g_assert_cmpint ((int) head->page, >, form_start (document));
  g_assert_cmpuint (seal->page, ==, head->page);
  g_assert_true (head->stamp);
  g_assert_true (seal->stamp);
  /* The pledge is the last document: its sign places end the packet. */
  g_assert_cmpstr (legal->document, ==, "承诺书");
  g_assert_false (legal->stamp);
  g_assert_cmpuint (legal->page, ==, n_pages);
  g_assert_cmpuint (unit->page, ==, n_pages);
  g_assert_true (unit->stamp);

  g_unlink (path);
  g_rmdir (dir);
}

/* A PDF that is no packet: the places are listed, with no page. */
static void
test_not_found (void)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *path = sample_path ("sample-submission/financial-audit-2024.pdf");
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GError) error = NULL;

  places = sb_sign_places_find (sb_submission_get_template (submission), path, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (places->len, ==, 5);
  for (guint i = 0; i < places->len; i++)
    g_assert_cmpuint (((SbSignPlace *) g_ptr_array_index (places, i))->page, ==, 0);
}

static void
test_unreadable (void)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *json = sample_path ("sample-submission.json");
  g_autofree char *pdf = sample_path ("sample-submission/financial-audit-2024.pdf");
  g_autoptr(GPtrArray) places = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  places = sb_sign_places_find (sb_submission_get_template (submission), json, NULL, &error);
  g_assert_null (places);
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* Cancelled before any page is read. */
  g_cancellable_cancel (cancellable);
  places = sb_sign_places_find (sb_submission_get_template (submission), pdf, cancellable,
                                &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (places);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sb_core_init_i18n ();

  g_test_add_func ("/sign-places/sample", test_sample);
  g_test_add_func ("/sign-places/not-found", test_not_found);
  g_test_add_func ("/sign-places/unreadable", test_unreadable);
  return g_test_run ();
}
