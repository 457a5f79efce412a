/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-core.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(SbApplication) application = NULL;

  sb_application_mark_start ();
  sb_core_init_i18n ();

  application = sb_application_new ();
  return g_application_run (G_APPLICATION (application), argc, argv);
}
