/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "sb-core.h"
#include "sb-test-util.h"
#include "sb-packet.h"
#include "sb-packet-private.h"

/* The packet is checked from outside, with the tools a clerk's IT
 * department would use: qpdf --json, pdftotext, pdfimages, pdfinfo. */

#define TODAY      "2025-04-22"
#define A4_WIDTH   595.276
#define A4_HEIGHT  841.89
/* Documents of the sample, in order: 封面, 填报须知, 申报表, two task
 * books, 证明材料, 承诺书. */
#define SAMPLE_DOCUMENTS  7

typedef SbTestDir Fixture;

typedef struct {
  char      *path;
  JsonNode  *json;       /* qpdf --json */
  GPtrArray *texts;      /* char*, one per page */
  guint      n_pages;
} Packet;

/* Helpers */

static void
packet_free (Packet *packet)
{
  g_free (packet->path);
  g_clear_pointer (&packet->json, json_node_unref);
  g_clear_pointer (&packet->texts, g_ptr_array_unref);
  g_free (packet);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Packet, packet_free)

static gboolean
have_tools (void)
{
  const char *tools[] = { "qpdf", "pdftotext", "pdfimages", "pdfinfo" };

  for (guint i = 0; i < G_N_ELEMENTS (tools); i++)
    {
      g_autofree char *path = g_find_program_in_path (tools[i]);
      if (path == NULL)
        {
          g_autofree char *message = g_strdup_printf ("%s is not installed", tools[i]);
          g_test_skip (message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Runs a tool and returns its standard output; fails the test if the
 * tool fails. */
static char *
run (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_error ("%s failed: %s", argv[0], err);
  return out;
}

static char *
fixture_path (Fixture    *fixture,
              const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static char *
sample_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "samples", name, NULL);
}

/* The bundled sample, its attachments read from the folder beside it. */
static SbSubmission *
load_sample (void)
{
  g_autofree char *json = sample_path ("sample-submission.json");
  g_autoptr(GFile) file = g_file_new_for_path (json);
  g_autoptr(GError) error = NULL;
  SbSubmission *submission = sb_submission_new_from_json_file (file, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      g_autofree char *dir = sample_path ("sample-submission");
      const char *name = sb_submission_get_attachment_name (submission, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autoptr(GFile) source = g_file_new_for_path (path);

      sb_submission_set_attachment_source (submission,
                                           sb_submission_get_attachment_sha256 (submission, i),
                                           source);
    }
  return submission;
}

static Packet *
read_packet (const char *path)
{
  Packet *packet = g_new0 (Packet, 1);
  const char *qpdf[] = { "qpdf", "--json", path, NULL };
  const char *pdftotext[] = { "pdftotext", "-layout", path, "-", NULL };
  g_autofree char *json = run (qpdf);
  g_autofree char *text = run (pdftotext);
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
  g_autoptr(GError) error = NULL;

  packet->path = g_strdup (path);
  packet->json = json_from_string (json, &error);
  g_assert_no_error (error);
  packet->n_pages = json_array_get_length (
    json_object_get_array_member (json_node_get_object (packet->json), "pages"));
  packet->texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; pages[i] != NULL && i < packet->n_pages; i++)
    g_ptr_array_add (packet->texts, g_strdup (pages[i]));
  g_assert_cmpuint (packet->texts->len, ==, packet->n_pages);
  return packet;
}

static Packet *
export_ok (SbSubmission *submission,
           const char   *path,
           gboolean      draft)
{
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (sb_packet_export (submission, output, draft, TODAY, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  return read_packet (path);
}

static JsonObject *
qpdf_object (Packet     *packet,
             const char *ref)
{
  JsonArray *qpdf = json_object_get_array_member (json_node_get_object (packet->json), "qpdf");
  g_autofree char *key = g_strdup_printf ("obj:%s", ref);
  JsonObject *objects = json_array_get_object_element (qpdf, 1);
  JsonObject *object = json_object_get_object_member (objects, key);

  g_assert_nonnull (object);
  return json_object_get_object_member (object, "value");
}

static const char *
page_object (Packet *packet,
             guint   index)
{
  JsonArray *pages = json_object_get_array_member (json_node_get_object (packet->json), "pages");

  return json_object_get_string_member (json_array_get_object_element (pages, index), "object");
}

static int
page_of_object (Packet     *packet,
                const char *ref)
{
  for (guint i = 0; i < packet->n_pages; i++)
    if (g_strcmp0 (page_object (packet, i), ref) == 0)
      return i;
  return -1;
}

static JsonArray *
outlines (Packet *packet)
{
  return json_object_get_array_member (json_node_get_object (packet->json), "outlines");
}

/* 1-based page of a top-level outline item, by title prefix. */
static int
outline_page (Packet     *packet,
              const char *prefix)
{
  JsonArray *items = outlines (packet);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (g_str_has_prefix (json_object_get_string_member (item, "title"), prefix))
        return json_object_get_int_member (item, "destpageposfrom1");
    }
  return -1;
}

static JsonArray *
attachment_outlines (Packet *packet)
{
  JsonArray *items = outlines (packet);

  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      if (json_array_get_length (json_object_get_array_member (item, "kids")) > 0)
        return json_object_get_array_member (item, "kids");
    }
  return NULL;
}

static guint
count_substrings (const char *text,
                  const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (text, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

static guint
pdf_pages (const char *path)
{
  const char *argv[] = { "qpdf", "--show-npages", path, NULL };
  g_autofree char *out = run (argv);

  return atoi (out);
}

/* Checks */

static void
check_a4 (Packet *packet)
{
  JsonArray *pages = json_object_get_array_member (json_node_get_object (packet->json), "pages");

  for (guint i = 0; i < packet->n_pages; i++)
    {
      JsonObject *page = qpdf_object (packet, page_object (packet, i));
      JsonArray *box = json_object_get_array_member (page, "/MediaBox");

      g_assert_nonnull (box);
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (box, 2)
                                      - json_array_get_double_element (box, 0), A4_WIDTH, 1);
      g_assert_cmpfloat_with_epsilon (json_array_get_double_element (box, 3)
                                      - json_array_get_double_element (box, 1), A4_HEIGHT, 1);
      g_assert_false (json_object_has_member (page, "/Rotate")
                      && json_object_get_int_member (page, "/Rotate") % 360 != 0);
    }
  g_assert_cmpuint (json_array_get_length (pages), ==, packet->n_pages);
}

/* "— N —" on every page but the cover, N its position, at the foot of
 * the page on its outer edge. */
static void
check_page_numbers (Packet *packet)
{
  const char *argv[] = { "pdftotext", "-bbox", packet->path, "-", NULL };
  g_autofree char *html = run (argv);
  g_auto(GStrv) pages = g_strsplit (html, "<page ", -1);
  g_autoptr(GRegex) word = g_regex_new ("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                        "xMax=\"([0-9.]+)\" yMax=\"[0-9.]+\">([^<]*)</word>",
                                        0, 0, NULL);

  g_assert_cmpuint (g_strv_length (pages), ==, packet->n_pages + 1);
  for (guint i = 1; i < packet->n_pages; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      gboolean found = FALSE;

      g_regex_match (word, pages[i + 1], 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *text = g_match_info_fetch (match, 4);
          g_autofree char *x_min = g_match_info_fetch (match, 1);
          g_autofree char *y_min = g_match_info_fetch (match, 2);
          g_autofree char *x_max = g_match_info_fetch (match, 3);

          /* The number sits between the text block and the footer. */
          if (strcmp (text, number) == 0 && g_ascii_strtod (y_min, NULL) > 750
              && g_ascii_strtod (y_min, NULL) < 800)
            {
              /* Page i + 1 is odd when i is even: right side. */
              if (i % 2 == 0)
                g_assert_cmpfloat (g_ascii_strtod (x_min, NULL), >, A4_WIDTH / 2);
              else
                g_assert_cmpfloat (g_ascii_strtod (x_max, NULL), <, A4_WIDTH / 2);
              found = TRUE;
            }
          g_match_info_next (match, NULL);
        }
      if (!found)
        g_error ("page %u has no page number", i + 1);
      g_assert_nonnull (strstr (packet->texts->pdata[i], "—"));
    }
}

static void
check_footer (Packet     *packet,
              const char *fingerprint)
{
  g_autofree char *footer = g_strdup_printf ("版本号 %s", fingerprint);

  for (guint i = 0; i < packet->n_pages; i++)
    if (strstr (packet->texts->pdata[i], footer) == NULL)
      g_error ("page %u has no footer “%s”", i + 1, footer);
}

/* One bookmark per document, each on an odd page, and one per
 * attachment under 证明材料, each where its pages are. */
static void
check_outline (Packet       *packet,
               SbSubmission *submission)
{
  JsonArray *items = outlines (packet);
  JsonArray *kids = attachment_outlines (packet);

  g_assert_cmpuint (json_array_get_length (items), ==, SAMPLE_DOCUMENTS);
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);
      int page = json_object_get_int_member (item, "destpageposfrom1");

      g_assert_cmpint (page % 2, ==, 1);
      if (i > 0)
        {
          JsonObject *before = json_array_get_object_element (items, i - 1);
          g_assert_cmpint (page, >, json_object_get_int_member (before, "destpageposfrom1"));
        }
    }
  g_assert_nonnull (kids);
  g_assert_cmpuint (json_array_get_length (kids), ==, sb_submission_get_n_attachments (submission));
}

/* Every page between two documents that is not theirs is a blank one
 * saying so. */
static void
check_blank_pages (Packet *packet)
{
  JsonArray *items = outlines (packet);

  for (guint i = 1; i < json_array_get_length (items); i++)
    {
      int start = json_object_get_int_member (json_array_get_object_element (items, i),
                                              "destpageposfrom1");
      const char *before = packet->texts->pdata[start - 2];

      /* The page before a document start is its predecessor's last or
       * a blank: a blank has nothing but the words, number and footer. */
      if (strstr (before, "（此页无正文）") != NULL)
        {
          g_autofree char *words = g_strstrip (g_strdup (before));

          g_assert_cmpuint (g_utf8_strlen (words, -1), <, 200);
        }
    }
}

/* The index's page numbers are where each attachment starts, and each
 * attachment has exactly its own number of pages. */
static void
check_index (Packet       *packet,
             SbSubmission *submission)
{
  JsonArray *kids = attachment_outlines (packet);
  int divider = outline_page (packet, "申报单位相关证明材料");
  const char *index = packet->texts->pdata[divider - 1];
  int pledge = outline_page (packet, "揭榜任务承诺书");
  int previous = divider;

  for (guint i = 0; i < json_array_get_length (kids); i++)
    {
      JsonObject *kid = json_array_get_object_element (kids, i);
      const char *title = json_object_get_string_member (kid, "title");
      int page = json_object_get_int_member (kid, "destpageposfrom1");
      g_autofree char *pattern = NULL;
      g_auto(GStrv) words = g_strsplit (title, " ", 2);

      /* "1-1 2024年度…" in the outline; "1-1　2024年度… ······ 24" in the index. */
      pattern = g_strdup_printf ("%s.*%s.* %d\\s*$", words[0], words[1], page);
      g_assert_true (g_regex_match_simple (pattern, index, G_REGEX_MULTILINE, 0));
      g_assert_cmpint (page, >, previous);
      previous = page;
    }
  /* After the last attachment: at most one blank page, then the pledge. */
  g_assert_cmpint (pledge - previous, >=, 1);
  g_assert_cmpint (pledge - previous, <=, 3);
}

/* Each attached page shows up, in order: its text lands on the page the
 * outline says. */
static void
check_attached_text (Packet       *packet,
                     SbSubmission *submission)
{
  JsonArray *kids = attachment_outlines (packet);
  g_autofree char *dir = sample_path ("sample-submission");

  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      const char *name = sb_submission_get_attachment_name (submission, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *title = sb_submission_dup_attachment_title (submission, i);
      int page = -1;

      if (!g_str_has_suffix (name, ".pdf"))
        continue;
      for (guint k = 0; k < json_array_get_length (kids); k++)
        {
          JsonObject *kid = json_array_get_object_element (kids, k);
          if (g_str_has_suffix (json_object_get_string_member (kid, "title"), title))
            page = json_object_get_int_member (kid, "destpageposfrom1");
        }
      g_assert_cmpint (page, >, 0);
      for (guint p = 1; p <= pdf_pages (path); p++)
        {
          g_autofree char *number = g_strdup_printf ("%u", p);
          const char *argv[] = { "pdftotext", "-f", number, "-l", number, "-layout", path, "-",
                                 NULL };
          g_autofree char *text = run (argv);
          g_auto(GStrv) lines = g_strsplit (g_strstrip (text), "\n", 2);

          g_assert_nonnull (strstr (packet->texts->pdata[page - 1 + p - 1], g_strstrip (lines[0])));
        }
    }
}

static GHashTable *
image_hashes (const char *pdf,
              const char *dir)
{
  g_autofree char *prefix = g_build_filename (dir, "img", NULL);
  const char *argv[] = { "pdfimages", "-all", pdf, prefix, NULL };
  g_autofree char *out = NULL;
  g_autoptr(GDir) listing = NULL;
  GHashTable *hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *name;

  g_mkdir_with_parents (dir, 0700);
  out = run (argv);
  listing = g_dir_open (dir, 0, NULL);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      g_hash_table_add (hashes, g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                            (guchar *) data, length));
    }
  return hashes;
}

/* The attached JPEG, and every image of the attached PDFs, come out as
 * the very same bytes. */
static void
check_images_untouched (Fixture      *fixture,
                        Packet       *packet,
                        SbSubmission *submission)
{
  g_autofree char *out_dir = fixture_path (fixture, "images-out");
  g_autoptr(GHashTable) out = image_hashes (packet->path, out_dir);
  g_autofree char *dir = sample_path ("sample-submission");
  guint jpegs = 0;

  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      const char *name = sb_submission_get_attachment_name (submission, i);
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_str_has_suffix (name, ".jpg"))
        {
          g_autofree char *data = NULL;
          g_autofree char *sha256 = NULL;
          gsize length;

          g_assert_true (g_file_get_contents (path, &data, &length, NULL));
          sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (guchar *) data, length);
          g_assert_true (g_hash_table_contains (out, sha256));
          jpegs++;
        }
      else
        {
          g_autofree char *sub = g_strdup_printf ("images-%u", i);
          g_autofree char *in_dir = fixture_path (fixture, sub);
          g_autoptr(GHashTable) in = image_hashes (path, in_dir);
          GHashTableIter iter;
          gpointer hash;

          g_hash_table_iter_init (&iter, in);
          while (g_hash_table_iter_next (&iter, &hash, NULL))
            g_assert_true (g_hash_table_contains (out, hash));
        }
    }
  g_assert_cmpuint (jpegs, >, 0);
}

static void
check_links (Packet *packet)
{
  JsonArray *kids = attachment_outlines (packet);
  int divider = outline_page (packet, "申报单位相关证明材料");
  JsonObject *page = qpdf_object (packet, page_object (packet, divider - 1));
  JsonArray *annots = json_object_get_array_member (page, "/Annots");
  g_autoptr(GHashTable) targets = g_hash_table_new (NULL, NULL);

  g_assert_nonnull (annots);
  for (guint i = 0; i < json_array_get_length (annots); i++)
    {
      JsonObject *annot = qpdf_object (packet, json_array_get_string_element (annots, i));
      JsonArray *dest = json_object_get_array_member (annot, "/Dest");

      g_assert_cmpstr (json_object_get_string_member (annot, "/Subtype"), ==, "/Link");
      g_hash_table_add (targets, GINT_TO_POINTER (
        page_of_object (packet, json_array_get_string_element (dest, 0)) + 1));
    }
  for (guint i = 0; i < json_array_get_length (kids); i++)
    {
      int start = json_object_get_int_member (json_array_get_object_element (kids, i),
                                              "destpageposfrom1");
      g_assert_true (g_hash_table_contains (targets, GINT_TO_POINTER (start)));
    }
}

static void
check_metadata (Packet     *packet,
                const char *fingerprint)
{
  const char *argv[] = { "pdfinfo", packet->path, NULL };
  g_autofree char *info = run (argv);
  JsonArray *labels = json_object_get_array_member (json_node_get_object (packet->json),
                                                    "pagelabels");

  g_assert_nonnull (strstr (info, "上海衡川智能科技有限公司"));
  g_assert_nonnull (strstr (info, "揭榜挂帅申报材料"));
  g_assert_nonnull (strstr (info, fingerprint));
  g_assert_cmpuint (json_array_get_length (labels), ==, 2);
}

/* Tests */

static void
test_fingerprint (void)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *first = sb_packet_dup_fingerprint (submission);
  g_autofree char *again = sb_packet_dup_fingerprint (submission);
  g_autofree char *changed = NULL;
  g_autofree char *retitled = NULL;

  g_assert_cmpuint (strlen (first), ==, 8);
  g_assert_true (g_regex_match_simple ("^[0-9a-f]{8}$", first, 0, 0));
  g_assert_cmpstr (first, ==, again);

  sb_submission_set_text (submission, SB_NO_TASKBOOK, "unit_intro", "另一个版本。");
  changed = sb_packet_dup_fingerprint (submission);
  g_assert_cmpstr (first, !=, changed);

  sb_submission_set_attachment_title (submission, 0, "另一个标题");
  retitled = sb_packet_dup_fingerprint (submission);
  g_assert_cmpstr (changed, !=, retitled);
}

static void
test_final (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(Packet) packet = NULL;
  g_autofree char *path = fixture_path (fixture, "packet.pdf");
  g_autofree char *fingerprint = NULL;
  g_autofree char *dir = sample_path ("sample-submission");
  guint attached_pages = 0;
  int divider, pledge;

  if (!have_tools ())
    return;
  submission = load_sample ();
  fingerprint = sb_packet_dup_fingerprint (submission);
  packet = export_ok (submission, path, FALSE);

  check_a4 (packet);
  check_page_numbers (packet);
  check_footer (packet, fingerprint);
  check_outline (packet, submission);
  check_blank_pages (packet);
  check_index (packet, submission);
  check_attached_text (packet, submission);
  check_images_untouched (fixture, packet, submission);
  check_links (packet);
  check_metadata (packet, fingerprint);

  /* The page count: everything up to the divider, the divider page,
   * the attachments' own pages, at most a blank, the one-page pledge. */
  for (guint i = 0; i < sb_submission_get_n_attachments (submission); i++)
    {
      const char *name = sb_submission_get_attachment_name (submission, i);
      g_autofree char *file = g_build_filename (dir, name, NULL);
      attached_pages += g_str_has_suffix (name, ".pdf") ? pdf_pages (file) : 1;
    }
  divider = outline_page (packet, "申报单位相关证明材料");
  pledge = outline_page (packet, "揭榜任务承诺书");
  g_assert_cmpint (pledge, ==, ((divider + 1 + attached_pages) | 1));
  g_assert_cmpuint (packet->n_pages, ==, pledge);

  /* The cover and its fields. */
  g_assert_nonnull (strstr (packet->texts->pdata[0], "2025 年新一代通用人工智能创新任务揭榜挂帅"));
  g_assert_true (g_regex_match_simple ("申 *报 *材 *料", packet->texts->pdata[0], 0, 0));
  g_assert_nonnull (strstr (packet->texts->pdata[0], "（加盖单位公章）"));
  g_assert_nonnull (strstr (packet->texts->pdata[0], "2025 年 4 月 22 日"));
  g_assert_nonnull (strstr (packet->texts->pdata[0], "方向 1：具身智能"));

  for (guint i = 0; i < packet->n_pages; i++)
    g_assert_null (strstr (packet->texts->pdata[i], "草稿"));
}

static void
test_draft (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(Packet) packet = NULL;
  g_autofree char *path = fixture_path (fixture, "draft.pdf");

  if (!have_tools ())
    return;
  submission = load_sample ();
  /* A draft goes out even with errors. */
  sb_submission_set_text (submission, SB_NO_TASKBOOK, "unit_name", "");
  packet = export_ok (submission, path, TRUE);

  check_a4 (packet);
  for (guint i = 0; i < packet->n_pages; i++)
    {
      const char *text = packet->texts->pdata[i];

      /* The footer says 草稿, and the watermark says it again. */
      g_assert_cmpuint (count_substrings (text, "稿"), >=, 2);
      g_assert_nonnull (strstr (text, "（草稿）"));
    }
}

static void
test_refuse (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *path = fixture_path (fixture, "refused.pdf");
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GListModel) diagnostics = NULL;
  g_autofree char *count = NULL;
  guint n_errors = 0;

  sb_submission_set_text (submission, SB_NO_TASKBOOK, "unit_name", "");
  sb_submission_set_text (submission, SB_NO_TASKBOOK, "postcode", "12");
  diagnostics = sb_validate (submission, TODAY);
  for (guint i = 0; i < g_list_model_get_n_items (diagnostics); i++)
    {
      g_autoptr(SbDiagnostic) diagnostic = g_list_model_get_item (diagnostics, i);
      n_errors += sb_diagnostic_get_severity (diagnostic) == SB_SEVERITY_ERROR;
    }
  g_assert_cmpuint (n_errors, >=, 2);
  count = g_strdup_printf (" %u ", n_errors);

  g_assert_false (sb_packet_export (submission, output, FALSE, TODAY, NULL, NULL, NULL, &error));
  g_assert_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_HAS_ERRORS);
  /* The count, then the problems themselves. */
  g_assert_nonnull (strstr (error->message, count));
  g_assert_cmpuint (count_substrings (error->message, "•"), ==,
                    MIN (n_errors, 5) + (n_errors > 5));

  /* Nothing at all written, not even a temporary file. */
  dir = g_dir_open (fixture->dir, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
}

static void
test_keeps_old_file (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *path = fixture_path (fixture, "packet.pdf");
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;

  g_assert_true (g_file_set_contents (path, "old", -1, NULL));
  sb_submission_set_text (submission, SB_NO_TASKBOOK, "unit_name", "");
  g_assert_false (sb_packet_export (submission, output, FALSE, TODAY, NULL, NULL, NULL, &error));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "old");
}

static void
test_font (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *path = fixture_path (fixture, "font.pdf");
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  /* An Egyptian hieroglyph: no font of the platform has it. */
  sb_submission_set_text (submission, SB_NO_TASKBOOK, "unit_intro", "公司简介𓀀。");
  g_assert_false (sb_packet_export (submission, output, TRUE, TODAY, NULL, NULL, NULL, &error));
  g_assert_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_FONT);
  g_assert_nonnull (strstr (error->message, "𓀀"));
  g_assert_nonnull (strstr (error->message, "单位简介"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_cancel (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *path = fixture_path (fixture, "cancelled.pdf");
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (sb_packet_export (submission, output, FALSE, TODAY, NULL, NULL, cancellable,
                                    &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  dir = g_dir_open (fixture->dir, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  g_assert_cmpfloat (fraction, <=, 1.0);
  *last = fraction;
}

static void
test_progress (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *path = fixture_path (fixture, "progress.pdf");
  g_autoptr(GFile) output = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  double last = 0;

  g_assert_true (sb_packet_export (submission, output, TRUE, TODAY, progress_cb, &last, NULL,
                                   &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (last, ==, 1.0);
}

/* A long 单位简介 breaks across pages with its label repeated. */
static void
test_long_cell (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(Packet) packet = NULL;
  g_autofree char *path = fixture_path (fixture, "long.pdf");
  g_autoptr(GString) intro = g_string_new (NULL);
  int form, taskbook;
  guint continued = 0;

  if (!have_tools ())
    return;
  submission = load_sample ();
  for (guint i = 0; i < 40; i++)
    g_string_append_printf (intro, "第%u段：公司长期从事通用人工智能研究，形成了完整的技术链条。\n", i + 1);
  sb_submission_set_text (submission, SB_NO_TASKBOOK, "unit_intro", intro->str);
  packet = export_ok (submission, path, TRUE);

  form = outline_page (packet, "申报表");
  taskbook = outline_page (packet, "揭榜任务书");
  for (int p = form; p < taskbook; p++)
    continued += strstr (packet->texts->pdata[p - 1], "单位简介（续）") != NULL;
  g_assert_cmpuint (continued, >=, 1);
  /* Every paragraph made it, in order. */
  for (guint i = 0, p = form - 1; i < 40; i++)
    {
      g_autofree char *needle = g_strdup_printf ("第%u段", i + 1);
      while ((int) p < taskbook && strstr (packet->texts->pdata[p], needle) == NULL)
        p++;
      g_assert_cmpint (p, <, taskbook);
    }
}

/* Attachment files made here */

static char *
write_pdf (Fixture    *fixture,
           const char *name,
           double      width,
           double      height,
           const char *word)
{
  char *path = fixture_path (fixture, name);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, width, height);
  cairo_t *cr = cairo_create (surface);

  cairo_select_font_face (cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  cairo_set_font_size (cr, 24);
  cairo_move_to (cr, 40, 80);
  cairo_show_text (cr, word);
  cairo_rectangle (cr, 10, 10, width - 20, height - 20);
  cairo_stroke (cr);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return path;
}

static char *
write_png (Fixture *fixture,
           const char *name)
{
  char *path = fixture_path (fixture, name);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 300, 200);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_rgb (cr, 0.8, 0, 0);
  cairo_arc (cr, 150, 100, 60, 0, 2 * G_PI);
  cairo_fill (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return path;
}

static void
attach (SbSubmission *submission,
        const char   *category,
        const char   *path,
        const char   *title)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *sha256 = sb_file_compute_sha256 (file, NULL, NULL);
  g_autofree char *name = g_path_get_basename (path);

  sb_submission_add_attachment (submission, category, name, sha256, title, file);
}

/* The word's box on a page of the packet, from pdftotext -bbox. */
static gboolean
word_box (Packet     *packet,
          guint       page,
          const char *word,
          double     *width,
          double     *height)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *argv[] = { "pdftotext", "-bbox", "-f", number, "-l", number, packet->path, "-",
                         NULL };
  g_autofree char *html = run (argv);
  g_autofree char *pattern = g_strdup_printf ("xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" "
                                              "xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">%s<", word);
  g_autoptr(GRegex) regex = g_regex_new (pattern, 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  double v[4];

  if (!g_regex_match (regex, html, 0, &match))
    return FALSE;
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *s = g_match_info_fetch (match, i + 1);
      v[i] = g_ascii_strtod (s, NULL);
    }
  *width = v[2] - v[0];
  *height = v[3] - v[1];
  return TRUE;
}

/* Letter, A5, landscape and image attachments all come out A4 portrait;
 * a landscape page is turned, so its words run up the page. */
static void
test_shapes (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(SbSubmission) submission = NULL;
  g_autoptr(Packet) packet = NULL;
  g_autofree char *letter = write_pdf (fixture, "letter.pdf", 612, 792, "LETTERPAGE");
  g_autofree char *a5 = write_pdf (fixture, "a5.pdf", 420, 595, "SMALLPAGE");
  g_autofree char *landscape = write_pdf (fixture, "landscape.pdf", 842, 595, "WIDEPAGE");
  g_autofree char *png = write_png (fixture, "stamp.png");
  g_autofree char *renamed = fixture_path (fixture, "scan.pdf");
  g_autofree char *out = fixture_path (fixture, "shapes.pdf");
  g_autofree char *png_data = NULL;
  gsize png_length;
  JsonArray *kids;
  double w, h;

  if (!have_tools ())
    return;
  /* A PNG under a .pdf name is still printed, as the image it is. */
  g_assert_true (g_file_get_contents (png, &png_data, &png_length, NULL));
  g_assert_true (g_file_set_contents (renamed, png_data, png_length, NULL));

  submission = load_sample ();
  attach (submission, "performance", letter, "Letter 纸");
  attach (submission, "performance", a5, "A5 纸");
  attach (submission, "performance", landscape, "横向表格");
  attach (submission, "innovation", png, "PNG 图片");
  attach (submission, "innovation", renamed, "改名的图片");
  packet = export_ok (submission, out, TRUE);

  check_a4 (packet);
  kids = attachment_outlines (packet);
  g_assert_cmpuint (json_array_get_length (kids), ==, sb_submission_get_n_attachments (submission));
  for (guint i = 0; i < json_array_get_length (kids); i++)
    {
      JsonObject *kid = json_array_get_object_element (kids, i);
      const char *title = json_object_get_string_member (kid, "title");
      int page = json_object_get_int_member (kid, "destpageposfrom1");

      if (g_str_has_suffix (title, "横向表格"))
        {
          g_assert_true (word_box (packet, page, "WIDEPAGE", &w, &h));
          g_assert_cmpfloat (h, >, w);
        }
      if (g_str_has_suffix (title, "Letter 纸"))
        {
          g_assert_true (word_box (packet, page, "LETTERPAGE", &w, &h));
          g_assert_cmpfloat (w, >, h);
        }
      if (g_str_has_suffix (title, "A5 纸"))
        {
          /* Scaled up to fill A4: the 24 pt word grows by √2. */
          g_assert_true (word_box (packet, page, "SMALLPAGE", &w, &h));
          g_assert_cmpfloat (h, >, 24 * 1.3);
        }
    }
  /* The index lists the categories in the template's order. */
  g_assert_true (g_regex_match_simple ("3-2.*PNG 图片", packet->texts->pdata[
                                         outline_page (packet, "申报单位相关证明材料") - 1],
                                       0, 0));
}

static void
expect_attachment_error (Fixture    *fixture,
                         const char *path,
                         const char *words)
{
  g_autoptr(SbSubmission) submission = load_sample ();
  g_autofree char *out = fixture_path (fixture, "bad.pdf");
  g_autoptr(GFile) output = g_file_new_for_path (out);
  g_autoptr(GError) error = NULL;

  attach (submission, "performance", path, "坏文件");
  g_assert_false (sb_packet_export (submission, output, TRUE, TODAY, NULL, NULL, NULL, &error));
  g_assert_error (error, SB_PACKET_ERROR, SB_PACKET_ERROR_ATTACHMENT);
  g_assert_nonnull (strstr (error->message, "坏文件"));
  if (words != NULL)
    g_assert_nonnull (strstr (error->message, words));
  g_assert_false (g_file_test (out, G_FILE_TEST_EXISTS));
}

static void
test_bad_attachments (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *noise = fixture_path (fixture, "noise.pdf");
  g_autofree char *plain = NULL;
  g_autofree char *locked = fixture_path (fixture, "locked.pdf");
  g_autofree char *qpdf = g_find_program_in_path ("qpdf");

  g_assert_true (g_file_set_contents (noise, "this is no document at all", -1, NULL));
  expect_attachment_error (fixture, noise, NULL);

  if (qpdf == NULL)
    return;
  plain = write_pdf (fixture, "plain.pdf", 595, 842, "SECRET");
  {
    const char *argv[] = { "qpdf", "--encrypt", "user", "owner", "256", "--", plain, locked, NULL };
    g_autofree char *out = run (argv);
  }
  expect_attachment_error (fixture, locked, "password");
}

static void
test_jpeg_info (void)
{
  /* SOI, APP1 Exif (big-endian TIFF, one entry: orientation 6), SOF0
   * 40 × 30, EOI. */
  static const guchar jpeg[] = {
    0xff, 0xd8,
    0xff, 0xe1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0,
    'M', 'M', 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08,
    0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00,
    0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x1e, 0x00, 0x28, 0x03,
    0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
    0xff, 0xd9 };
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                'I', 'H', 'D', 'R', 0, 0, 1, 0x2c, 0, 0, 0, 0xc8 };
  guint width = 0, height = 0, orientation = 0;

  g_assert_cmpint (sb_packet_sniff_file (jpeg, sizeof jpeg), ==, SB_PACKET_FILE_JPEG);
  g_assert_true (sb_packet_read_jpeg_info (jpeg, sizeof jpeg, &width, &height, &orientation));
  g_assert_cmpuint (width, ==, 40);
  g_assert_cmpuint (height, ==, 30);
  g_assert_cmpuint (orientation, ==, 6);
  g_assert_false (sb_packet_read_jpeg_info (jpeg, 20, &width, &height, &orientation));

  g_assert_cmpint (sb_packet_sniff_file (png, sizeof png), ==, SB_PACKET_FILE_PNG);
  g_assert_true (sb_packet_read_png_info (png, sizeof png, &width, &height));
  g_assert_cmpuint (width, ==, 300);
  g_assert_cmpuint (height, ==, 200);
  g_assert_cmpint (sb_packet_sniff_file ((const guchar *) "  %PDF-1.7", 10), ==,
                   SB_PACKET_FILE_PDF);
  g_assert_cmpint (sb_packet_sniff_file ((const guchar *) "GIF89a", 6), ==,
                   SB_PACKET_FILE_UNKNOWN);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  sb_core_init_i18n ();

  g_test_add_func ("/packet/fingerprint", test_fingerprint);
  g_test_add_func ("/packet/jpeg-info", test_jpeg_info);
  g_test_add ("/packet/final", Fixture, NULL, sb_test_dir_setup, test_final, sb_test_dir_teardown);
  g_test_add ("/packet/draft", Fixture, NULL, sb_test_dir_setup, test_draft, sb_test_dir_teardown);
  g_test_add ("/packet/refuse", Fixture, NULL, sb_test_dir_setup, test_refuse, sb_test_dir_teardown);
  g_test_add ("/packet/keeps-old-file", Fixture, NULL, sb_test_dir_setup, test_keeps_old_file,
              sb_test_dir_teardown);
  g_test_add ("/packet/font", Fixture, NULL, sb_test_dir_setup, test_font, sb_test_dir_teardown);
  g_test_add ("/packet/cancel", Fixture, NULL, sb_test_dir_setup, test_cancel, sb_test_dir_teardown);
  g_test_add ("/packet/progress", Fixture, NULL, sb_test_dir_setup, test_progress, sb_test_dir_teardown);
  g_test_add ("/packet/long-cell", Fixture, NULL, sb_test_dir_setup, test_long_cell,
              sb_test_dir_teardown);
  g_test_add ("/packet/shapes", Fixture, NULL, sb_test_dir_setup, test_shapes, sb_test_dir_teardown);
  g_test_add ("/packet/bad-attachments", Fixture, NULL, sb_test_dir_setup, test_bad_attachments,
              sb_test_dir_teardown);
  return g_test_run ();
}
