/* SPDX-License-Identifier: GPL-3.0-or-later */
/* bench-proofs CORPUS_DIR [THUMBNAIL_SIZE]
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
  GPtrArray *surfaces;   /* every thumbnail, kept as a GUI would */
  GMutex     lock;
} Thumbnails;

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
          cairo_surface_t *surface =
            sb_page_renderer_render_thumbnail (renderer, page, thumbnail_size, NULL, NULL);

          g_mutex_lock (&t->lock);
          g_ptr_array_add (t->surfaces, surface);
          g_mutex_unlock (&t->lock);
        }
    }
  return NULL;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GPtrArray) paths = NULL;
  g_autoptr(GPtrArray) bad = NULL;
  g_autofree char *bad_dir = NULL;
  Thumbnails t = { 0 };
  GThread *workers[2];
  double total = 0, worst = 0, full_total = 0, start, thumb, page_scan, page_text = 0;
  const char *big;
  const char *text = NULL;
  gboolean pass = TRUE;
  guint64 bytes = 0;

  if (argc < 2)
    {
      fprintf (stderr, "usage: %s CORPUS_DIR [THUMBNAIL_SIZE]\n", argv[0]);
      return 2;
    }
  if (argc > 2)
    thumbnail_size = atoi (argv[2]);
  paths = list_pdfs (argv[1]);
  if (paths->len == 0)
    {
      fprintf (stderr, "no PDF in %s\n", argv[1]);
      return 2;
    }

  printf ("Attach-time checks (hash + preflight without drawing), one file at a time:\n");
  for (guint i = 0; i < paths->len; i++)
    {
      double seconds = attach_checks (g_ptr_array_index (paths, i), TRUE);
      GStatBuf st;

      total += seconds;
      worst = MAX (worst, seconds);
      if (g_stat (g_ptr_array_index (paths, i), &st) == 0)
        bytes += st.st_size;
      if (text == NULL && strstr (g_ptr_array_index (paths, i), "/text-") != NULL)
        text = g_ptr_array_index (paths, i);
    }
  printf ("%u files, %.1f MB\n", paths->len, bytes / 1e6);
  pass &= report ("row after drop: slowest single file", worst, TARGET_ROW, "s");
  print_memory ("attach checks");
  printf ("%-46s %8.3f s  (all %u files, one by one)\n", "attach checks, total", total,
          paths->len);

  printf ("\nFull preflight (with the blank-page check, ≤ %d pages), in a worker:\n",
          SB_PREFLIGHT_MAX_PAGES);
  for (guint i = 0; i < paths->len; i++)
    full_total += full_preflight (g_ptr_array_index (paths, i));
  printf ("%-46s %8.3f s  (background; no target)\n", "full preflight, total", full_total);
  print_memory ("full preflight");

  big = largest (paths);
  printf ("\nRendering (largest file %s, thumbnails %d px):\n", big, thumbnail_size);
  thumb = first_thumbnail (big);
  pass &= report ("first thumbnail of the largest file (open+draw)", thumb, TARGET_THUMBNAIL, "s");
  page_scan = page_at_100 (big);
  pass &= report ("one scanned page at 100 % (96 dpi), median", page_scan, TARGET_PAGE, "s");
  if (text != NULL)
    {
      page_text = page_at_100 (text);
      pass &= report ("one vector CJK page at 100 % (96 dpi), median", page_text, TARGET_PAGE,
                      "s");
    }

  print_memory ("single renders");

  /* Every page's thumbnail, kept in memory, two workers. */
  t.paths = paths;
  t.surfaces = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  g_mutex_init (&t.lock);
  start = now ();
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    workers[i] = g_thread_new ("thumbnails", thumbnail_worker, &t);
  for (guint i = 0; i < G_N_ELEMENTS (workers); i++)
    g_thread_join (workers[i]);
  printf ("%-46s %8.3f s  (%u thumbnails, 2 threads)\n", "all thumbnails", now () - start,
          t.surfaces->len);
  pass &= report ("peak RSS with all thumbnails held", peak_rss_mib (), TARGET_RSS_MIB, "MiB");
  g_ptr_array_unref (t.surfaces);
  g_mutex_clear (&t.lock);

  bad_dir = g_build_filename (argv[1], "bad", NULL);
  bad = list_pdfs (bad_dir);
  printf ("\nbad/ files through preflight:\n");
  for (guint i = 0; i < bad->len; i++)
    full_preflight (g_ptr_array_index (bad, i));

  printf ("\n%s\n", pass ? "PASS" : "FAIL");
  return pass ? 0 : 1;
}
