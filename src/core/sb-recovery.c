/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-recovery.h"

static GFile *
dup_origin_note (GFile *copy)
{
  g_autofree char *path = g_strconcat (g_file_peek_path (copy), ".origin", NULL);

  return g_file_new_for_path (path);
}

/* @origin: (nullable): the file the work belongs to; %NULL removes the note */
gboolean
sb_recovery_write_origin (GFile   *copy,
                          GFile   *origin,
                          GError **error)
{
  g_autoptr(GFile) note = NULL;
  g_autofree char *uri = NULL;

  g_return_val_if_fail (G_IS_FILE (copy), FALSE);
  if (g_file_peek_path (copy) == NULL)
    return TRUE;
  note = dup_origin_note (copy);
  if (origin == NULL)
    {
      g_file_delete (note, NULL, NULL);
      return TRUE;
    }
  uri = g_file_get_uri (origin);
  return g_file_replace_contents (note, uri, strlen (uri), NULL, FALSE,
                                  G_FILE_CREATE_PRIVATE, NULL, NULL, error);
}

/* Returns: (nullable): the file named by the note, if it is one we could write */
GFile *
sb_recovery_dup_origin (GFile *copy)
{
  g_autoptr(GFile) note = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (copy), NULL);
  if (g_file_peek_path (copy) == NULL)
    return NULL;
  note = dup_origin_note (copy);
  /* A note is one URI: anything long or odd was not written by us. */
  if (!g_file_load_contents (note, NULL, &contents, &length, NULL, NULL)
      || length == 0 || length > 8192 || strlen (contents) != length
      || !g_utf8_validate (contents, length, NULL)
      || !g_str_has_prefix (contents, "file://"))
    return NULL;
  return g_file_new_for_uri (g_strstrip (contents));
}

void
sb_recovery_delete (GFile *copy)
{
  g_return_if_fail (G_IS_FILE (copy));
  g_file_delete (copy, NULL, NULL);
  sb_recovery_write_origin (copy, NULL, NULL);
}
