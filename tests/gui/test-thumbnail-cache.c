/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The thumbnail cache on its own: pages drawn by its workers, and
 * nothing but the textures kept once no job is waiting. */
#include <gtk/gtk.h>

#include "sb-test-util.h"
#include "sb-thumbnail-cache.h"

/* A4 in points, as the test files are. */
#define A4_WIDTH_PT  595.276

typedef struct {
  int         remaining;
  GPtrArray  *textures;
} Loads;

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Loads *loads = user_data;
  g_autoptr(GError) error = NULL;
  GdkTexture *texture;

  texture = sb_thumbnail_cache_load_finish (SB_THUMBNAIL_CACHE (object), result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (texture);
  g_ptr_array_add (loads->textures, texture);
  loads->remaining--;
}

static gboolean
all_loaded (gpointer data)
{
  return ((Loads *) data)->remaining == 0;
}

static gboolean
none_open (gpointer data)
{
  return sb_thumbnail_cache_get_n_open (data) == 0;
}

static SbSubmission *
new_submission_with (const char *name,
                     const char *sha256)
{
  g_autoptr(SbTemplate) template = sb_template_lookup (NULL, NULL);
  SbSubmission *submission = sb_submission_new (template);
  g_autofree char *path = g_build_filename (g_getenv ("SHENBAO_SOURCE_ROOT"), "tests", "data",
                                            "proofs", name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  SbCategory *category = g_ptr_array_index (sb_template_get_categories (template), 0);

  sb_submission_add_attachment (submission, category->id, name, sha256, NULL, file);
  return submission;
}

/* Two workers draw every page of one file at two sizes, often at the
 * same time (each with the document open on its own); once the last
 * job is done, no document is left open, and a later job opens it
 * again and draws the same. */
static void
test_documents_closed_when_idle (void)
{
  const char *sha256 = "1111111111111111111111111111111111111111111111111111111111111111";
  g_autoptr(SbSubmission) submission = new_submission_with ("three-pages.pdf", sha256);
  g_autoptr(SbThumbnailCache) cache = sb_thumbnail_cache_new (16 * 1024 * 1024, 2);
  g_autoptr(GPtrArray) textures = g_ptr_array_new_with_free_func (g_object_unref);
  Loads loads = { 0, textures };
  g_autoptr(GdkTexture) again = NULL;
  double width = 0;
  int n_pages = 0;

  for (int size = 64; size <= 128; size += 64)
    for (int page = 0; page < 3; page++)
      {
        loads.remaining++;
        sb_thumbnail_cache_load_async (cache, submission, sha256, page, SB_THUMBNAIL_FIT_WIDTH,
                                       size, G_PRIORITY_DEFAULT, NULL, loaded_cb, &loads);
      }
  g_assert_true (sb_test_wait_for (all_loaded, &loads, 20000));
  for (guint i = 0; i < textures->len; i++)
    {
      GdkTexture *texture = g_ptr_array_index (textures, i);

      g_assert_true (gdk_texture_get_width (texture) == 64
                     || gdk_texture_get_width (texture) == 128);
      g_assert_true (sb_thumbnail_get_page_info (texture, &n_pages, &width, NULL));
      g_assert_cmpint (n_pages, ==, 3);
      g_assert_cmpfloat_with_epsilon (width, A4_WIDTH_PT, 0.01);
    }
  g_assert_true (sb_test_wait_for (none_open, cache, 20000));

  /* Not kept: drawn again from the file. */
  sb_thumbnail_cache_clear (cache);
  g_ptr_array_set_size (textures, 0);
  loads.remaining = 1;
  sb_thumbnail_cache_load_async (cache, submission, sha256, 2, SB_THUMBNAIL_FIT_BOX, 96,
                                 G_PRIORITY_DEFAULT, NULL, loaded_cb, &loads);
  g_assert_true (sb_test_wait_for (all_loaded, &loads, 20000));
  again = g_object_ref (g_ptr_array_index (textures, 0));
  g_assert_cmpint (gdk_texture_get_height (again), ==, 96);
  g_assert_true (sb_test_wait_for (none_open, cache, 20000));
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/thumbnail-cache/documents-closed-when-idle",
                   test_documents_closed_when_idle);
  return g_test_run ();
}
