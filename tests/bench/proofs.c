/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-proofs preflight|render|thumbnails[-fast] CORPUS_DIR [SIZE [largest|all [THREADS]]]
 *
 * Preflight and page rendering on the reference corpus
 * (../shared/bench/make-corpus.sh). Run through tests/bench/proofs,
 * which makes the corpus; not part of `meson test`. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "sb-core.h"
#include "sb-page-renderer.h"
#include "sb-preflight.h"

#define TARGET_ROW        0.2
#define TARGET_THUMBNAIL  0.5
#define TARGET_PAGE       0.15
#define TARGET_RSS_MIB    100.0

static int thumbnail_size = 256;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static double
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024.0;
}

/* Resident memory now, from /proc. */
static double
rss_mib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024.0) / 1024.0;
}

static void
print_memory (const char *after)
{
  printf ("  memory after %s: %.1f MiB resident, %.1f MiB peak\n", after, rss_mib (),
          peak_rss_mib ());
}

static gboolean
report (const char *what,
        double      value,
        double      target,
        const char *unit)
{
  gboolean pass = value <= target;

  printf ("%-46s %8.3f %s  (target ≤ %.2f %s) %s\n", what, value, unit, target, unit,
          pass ? "PASS" : "FAIL");
  return pass;
}

static GPtrArray *
list_pdfs (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  while (d != NULL && (name = g_dir_read_name (d)) != NULL)
    if (g_str_has_suffix (name, ".pdf"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, (GCompareFunc) g_strcmp0);
  return paths;
}

static void
print_outcome (const char        *path,
               SbPreflightResult *result,
               const GError      *error,
               double             seconds)
{
  g_autofree char *name = g_path_get_basename (path);

  if (result == NULL)
    {
      printf ("  %-24s %6.3f s  REFUSED (%d) %s\n", name, seconds, error->code, error->message);
      return;
    }
  printf ("  %-24s %6.3f s  %3u pages, %s, min %.0f dpi", name, seconds,
          sb_preflight_result_get_n_pages (result),
          sb_preflight_result_get_page_summary (result),
          sb_preflight_result_get_min_dpi (result));
  for (guint i = 0; i < sb_preflight_result_get_n_warnings (result); i++)
    printf ("%s%s", i == 0 ? "; warns: " : ", ", sb_preflight_result_get_warning_code (result, i));
  printf ("\n");
}

/* What attaching does before a row can appear: hash and quick preflight. */
static double
attach_checks (const char *path,
               gboolean    verbose)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPreflightResult) result = NULL;
  g_autofree char *sha256 = NULL;
  double start = now ();

  result = sb_preflight_file_full (file, SB_PREFLIGHT_FLAGS_NO_RENDER, NULL, &error);
  if (result != NULL)
    sha256 = sb_file_compute_sha256 (file, NULL, NULL);
  if (verbose)
    print_outcome (path, result, error, now () - start);
  return now () - start;
}

static double
full_preflight (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPreflightResult) result = NULL;
  double start = now ();

  result = sb_preflight_file (file, NULL, &error);
  print_outcome (path, result, error, now () - start);
  return now () - start;
}

static const char *
largest (GPtrArray *paths)
{
  const char *best = NULL;
  goffset best_size = -1;

  for (guint i = 0; i < paths->len; i++)
    {
      GStatBuf st;

      if (g_stat (g_ptr_array_index (paths, i), &st) == 0 && st.st_size > best_size)
        {
          best_size = st.st_size;
          best = g_ptr_array_index (paths, i);
        }
    }
  return best;
}

static double
first_thumbnail (const char *path)
{
  double start = now ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SbPageRenderer) renderer = sb_page_renderer_new (path, NULL, &error);
  cairo_surface_t *surface;

  g_assert_no_error (error);
  surface = sb_page_renderer_render_thumbnail (renderer, 0, thumbnail_size, NULL, &error);
  g_assert_no_error (error);
  cairo_surface_destroy (surface);
  return now () - start;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median of five renders of page 0 at 96 dpi, document open. */
static double
page_at_100 (const char *path)
{
  g_autoptr(SbPageRenderer) renderer = sb_page_renderer_new (path, NULL, NULL);
  double times[5];

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      double start = now ();
      cairo_surface_t *surface =
        sb_page_renderer_render_page (renderer, 0, 96.0 / 72.0, NULL, NULL);

      times[i] = now () - start;
      g_assert_nonnull (surface);
      cairo_surface_destroy (surface);
    }
  qsort (times, G_N_ELEMENTS (times), sizeof (double), compare_double);
  return times[2];
}

typedef struct {
  GPtrArray *paths;
  guint      next;       /* atomic: the next file to take */
  gboolean   fast;       /* scans through the JPEG pass-through */
  guint      n_fast;
  GPtrArray *surfaces;   /* every thumbnail, kept as a GUI would */
  GPtrArray *pixbufs;
  GMutex     lock;
} Thumbnails;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  gpointer         user_data)
{
  double scale = (double) thumbnail_size / MAX (width, height);

  if (scale < 1)
    gdk_pixbuf_loader_set_size (loader, MAX (1, width * scale), MAX (1, height * scale));
}

/* What the GUI would do with sb_page_renderer_dup_page_jpeg(): let
 * libjpeg decode at a reduced size. */
static GdkPixbuf *
decode_jpeg_thumbnail (GBytes *jpeg)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("jpeg", NULL);
  GdkPixbuf *pixbuf;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), NULL);
  if (!gdk_pixbuf_loader_write_bytes (loader, jpeg, NULL)
      || !gdk_pixbuf_loader_close (loader, NULL))
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  return pixbuf ? g_object_ref (pixbuf) : NULL;
}

/* A worker: one renderer (one PopplerDocument) per file, per thread. */
static gpointer
thumbnail_worker (gpointer data)
{
  Thumbnails *t = data;
  guint i;

  while ((i = g_atomic_int_add (&t->next, 1)) < t->paths->len)
    {
      g_autoptr(SbPageRenderer) renderer =
        sb_page_renderer_new (g_ptr_array_index (t->paths, i), NULL, NULL);

      for (int page = 0; renderer && page < sb_page_renderer_get_n_pages (renderer); page++)
        {
          g_autoptr(GBytes) jpeg = t->fast ? sb_page_renderer_dup_page_jpeg (renderer, page)
                                           : NULL;
          GdkPixbuf *pixbuf = jpeg ? decode_jpeg_thumbnail (jpeg) : NULL;
          cairo_surface_t *surface = NULL;

          if (pixbuf == NULL)
            surface = sb_page_renderer_render_thumbnail (renderer, page, thumbnail_size,
                                                         NULL, NULL);
          g_mutex_lock (&t->lock);
          if (pixbuf != NULL)
            {
              g_ptr_array_add (t->pixbufs, pixbuf);
              t->n_fast++;
            }
          else
            g_ptr_array_add (t->surfaces, surface);
          g_mutex_unlock (&t->lock);
        }
    }
  return NULL;
}

static gboolean
run_preflight (GPtrArray  *paths,
               const char *dir)
{
  g_autofree char *bad_dir = g_build_filename (dir, "bad", NULL);
  g_autoptr(GPtrArray) bad = list_pdfs (bad_dir);
  double total = 0, worst = 0, full_total = 0;
  gboolean pass = TRUE;
  guint64 bytes = 0;

  printf ("Attach-time checks (hash + preflight without drawing), one file at a time:\n");
  for (guint i = 0; i < paths->len; i++)
    {
      double seconds = attach_checks (g_ptr_array_index (paths, i), TRUE);
      GStatBuf st;

      total += seconds;
      worst = MAX (worst, seconds);
      if (g_stat (g_ptr_array_index (paths, i), &st) == 0)
        bytes += st.st_size;
    }
  printf ("%u files, %.1f MB\n", paths->len, bytes / 1e6);
  pass &= report ("row after drop: slowest single file", worst, TARGET_ROW, "s");
  printf ("%-46s %8.3f s  (all %u files, one by one)\n", "attach checks, total", total,
          paths->len);
  print_memory ("attach checks");

  printf ("\nFull preflight (with the blank-page check, ≤ %d pages), in a worker:\n",
          SB_PREFLIGHT_MAX_PAGES);
  for (guint i = 0; i < paths->len; i++)
    full_total += full_preflight (g_ptr_array_index (paths, i));
  printf ("%-46s %8.3f s  (background; no target)\n", "full preflight, total", full_total);
  print_memory ("full preflight");

  printf ("\nbad/ files through preflight:\n");
  for (guint i = 0; i < bad->len; i++)
    full_preflight (g_ptr_array_index (bad, i));
  return pass;
}

static gboolean
run_render (GPtrArray *paths)
{
  const char *big = largest (paths);
  const char *text = NULL;
  gboolean pass = TRUE;

  for (guint i = 0; i < paths->len && text == NULL; i++)
    if (strstr (g_ptr_array_index (paths, i), "/text-") != NULL)
      text = g_ptr_array_index (paths, i);

  printf ("Rendering (largest file %s, thumbnails %d px):\n", big, thumbnail_size);
  pass &= report ("first thumbnail of the largest file (open+draw)", first_thumbnail (big),
                  TARGET_THUMBNAIL, "s");
  pass &= report ("one scanned page at 100 % (96 dpi), median", page_at_100 (big),
                  TARGET_PAGE, "s");
  if (text != NULL)
    pass &= report ("one vector CJK page at 100 % (96 dpi), median", page_at_100 (text),
                    TARGET_PAGE, "s");
  print_memory ("these renders");
  return pass;
}

/* Every page's thumbnail of the files, kept in memory, n_threads
 * workers; fast: scans through the JPEG pass-through. */
static gboolean
run_thumbnails (GPtrArray  *paths,
                const char *which,
                guint       n_threads,
                gboolean    fast)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new ();
  g_autofree GThread **workers = g_new0 (GThread *, n_threads);
  Thumbnails t = { 0 };
  g_autofree char *what = NULL;
  gsize held = 0;
  double start;
  gboolean pass;

  if (g_str_equal (which, "largest"))
    g_ptr_array_add (files, (gpointer) largest (paths));
  else
    for (guint i = 0; i < paths->len; i++)
      g_ptr_array_add (files, g_ptr_array_index (paths, i));

  t.paths = files;
  t.fast = fast;
  t.surfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  t.pixbufs = g_ptr_array_new_with_free_func (g_object_unref);
  g_mutex_init (&t.lock);
  start = now ();
  for (guint i = 0; i < n_threads; i++)
    workers[i] = g_thread_new ("thumbnails", thumbnail_worker, &t);
  for (guint i = 0; i < n_threads; i++)
    g_thread_join (workers[i]);
  for (guint i = 0; i < t.surfaces->len; i++)
    {
      cairo_surface_t *surface = g_ptr_array_index (t.surfaces, i);

      held += surface ? cairo_image_surface_get_stride (surface)
                        * cairo_image_surface_get_height (surface) : 0;
    }
  for (guint i = 0; i < t.pixbufs->len; i++)
    held += gdk_pixbuf_get_byte_length (g_ptr_array_index (t.pixbufs, i));
  printf ("%-46s %8.3f s  (%u thumbnails of %s file(s), %u by JPEG pass-through, "
          "%u thread(s), %.1f MiB held)\n", fast ? "all thumbnails, fast path" : "all thumbnails",
          now () - start, t.surfaces->len + t.pixbufs->len, which, t.n_fast, n_threads,
          held / 1048576.0);
  what = g_strdup_printf ("peak RSS, %s, thumbnails held%s", which, fast ? ", fast" : "");
  pass = report (what, peak_rss_mib (), TARGET_RSS_MIB, "MiB");
  g_ptr_array_unref (t.surfaces);
  g_ptr_array_unref (t.pixbufs);
  g_mutex_clear (&t.lock);
  return pass;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = NULL;
  const char *mode;
  gboolean pass;

  if (argc < 3)
    {
      fprintf (stderr, "usage: %s preflight|render|thumbnails|thumbnails-fast CORPUS_DIR "
               "[SIZE [largest|all [THREADS]]]\n", argv[0]);
      return 2;
    }
  mode = argv[1];
  if (argc > 3)
    thumbnail_size = atoi (argv[3]);
  paths = list_pdfs (argv[2]);
  if (paths->len == 0)
    {
      fprintf (stderr, "no PDF in %s\n", argv[2]);
      return 2;
    }

  if (g_str_equal (mode, "preflight"))
    pass = run_preflight (paths, argv[2]);
  else if (g_str_equal (mode, "render"))
    pass = run_render (paths);
  else
    pass = run_thumbnails (paths, argc > 4 ? argv[4] : "all", argc > 5 ? atoi (argv[5]) : 2,
                           g_str_equal (mode, "thumbnails-fast"));
  return pass ? 0 : 1;
}
