/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-core.h"

/* One malloc arena for all threads. glibc gives each thread that
 * allocates its own arena (up to eight per core). Drawing pages in the
 * workers leaves the top of their arenas free but resident: glibc trims
 * a thread arena's top only past a threshold that grows with the
 * largest block freed (tens of MiB after a scan), and malloc_trim()
 * does not trim it at all, only the main arena's. With one arena,
 * sb_render_release_memory() gives back all that drawing freed: 30 MiB
 * less resident once the proofs page of tests/bench/app-memory is
 * done, for the same CPU time. Unless the environment chose. */
static void
limit_malloc_arenas (void)
{
#ifdef __GLIBC__
  const char *tunables = getenv ("GLIBC_TUNABLES");

  if (getenv ("MALLOC_ARENA_MAX") == NULL
      && (tunables == NULL || strstr (tunables, "arena_max") == NULL))
    mallopt (M_ARENA_MAX, 1);
#endif
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SbApplication) application = NULL;

  sb_application_mark_start ();
  limit_malloc_arenas ();
  sb_core_init_i18n ();

  application = sb_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
