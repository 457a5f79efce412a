/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Knows whether the file on disk is still the one this process loaded
 * or last wrote, so that work of another program (a colleague's copy
 * synced over it, an editor) is never silently overwritten or lost. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "sb-file-guard.h"

/* Editors and sync tools write in bursts: look once they are done. */
#define RECHECK_DELAY_MS 200

struct _SbFileGuard
{
  GObject           parent_instance;

  GFile            *file;
  char             *stamp;        /* NULL: there was no file */
  char             *reported;     /* the disk stamp last reported */
  SbFileGuardState  state;
  GFileMonitor     *monitor;
  guint             writing;
  guint             recheck_source;
};

G_DEFINE_FINAL_TYPE (SbFileGuard, sb_file_guard, G_TYPE_OBJECT)

enum { PROP_0, PROP_STATE, N_PROPS };
static GParamSpec *properties[N_PROPS];

#define STAMP_ATTRIBUTES \
  G_FILE_ATTRIBUTE_ETAG_VALUE "," G_FILE_ATTRIBUTE_STANDARD_SIZE "," G_FILE_ATTRIBUTE_UNIX_INODE

/**
 * sb_file_guard_query_stamp:
 *
 * Returns: what identifies this version of @file (its etag, size and
 * inode: a rename over it changes the inode even within one second),
 * or %NULL with @error set, %G_IO_ERROR_NOT_FOUND if it is not there.
 */
char *
sb_file_guard_query_stamp (GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  info = g_file_query_info (file, STAMP_ATTRIBUTES, G_FILE_QUERY_INFO_NONE, cancellable, error);
  if (info == NULL)
    return NULL;
  return g_strdup_printf ("%s/%" G_GOFFSET_FORMAT "/%" G_GUINT64_FORMAT,
                          g_file_info_get_etag (info) ? g_file_info_get_etag (info) : "",
                          g_file_info_get_size (info),
                          g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_UNIX_INODE));
}

/**
 * sb_file_guard_check_stamp:
 *
 * Before writing over @file: fails with %G_IO_ERROR_WRONG_ETAG when
 * another program changed it since @expected was taken. A file that
 * is gone is no conflict: writing it again is what keeps the work.
 */
gboolean
sb_file_guard_check_stamp (GFile         *file,
                           const char    *expected,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *current = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  if (expected == NULL)
    return TRUE;
  current = sb_file_guard_query_stamp (file, cancellable, &local_error);
  if (current == NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (g_str_equal (current, expected))
    return TRUE;
  name = g_file_get_parse_name (file);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_WRONG_ETAG,
               _("“%s” was changed by another program after it was opened here"), name);
  return FALSE;
}

static void
set_state (SbFileGuard      *self,
           SbFileGuardState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Compares the disk with what we know, and says so once per change. */
static void
recheck_now (SbFileGuard *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *current = NULL;

  if (self->file == NULL || self->writing > 0)
    return;
  current = sb_file_guard_query_stamp (self->file, NULL, &error);
  if (g_strcmp0 (current, self->stamp) == 0)
    {
      set_state (self, SB_FILE_GUARD_SAME);
      return;
    }
  if (current == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return;  /* unreadable for now; the save will say why */
  if (g_strcmp0 (current, self->reported) == 0 && self->state != SB_FILE_GUARD_SAME)
    return;
  g_free (self->reported);
  self->reported = g_steal_pointer (&current);
  if (self->state != SB_FILE_GUARD_SAME)
    self->state = SB_FILE_GUARD_SAME;  /* notify again for a newer change */
  set_state (self, self->reported ? SB_FILE_GUARD_CHANGED : SB_FILE_GUARD_REMOVED);
}

static gboolean
recheck_cb (gpointer user_data)
{
  SbFileGuard *self = user_data;

  self->recheck_source = 0;
  recheck_now (self);
  return G_SOURCE_REMOVE;
}

void
sb_file_guard_recheck (SbFileGuard *self)
{
  g_return_if_fail (SB_IS_FILE_GUARD (self));
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  self->recheck_source = g_timeout_add (RECHECK_DELAY_MS, recheck_cb, self);
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    SbFileGuard       *self)
{
  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED
      || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT)
    return;
  sb_file_guard_recheck (self);
}

/**
 * sb_file_guard_watch:
 * @file: (nullable): the file now being edited
 * @stamp: (nullable): its stamp when read or written, %NULL to take it now
 *
 * From now on, compares the disk with @stamp.
 */
void
sb_file_guard_watch (SbFileGuard *self,
                     GFile       *file,
                     const char  *stamp)
{
  g_return_if_fail (SB_IS_FILE_GUARD (self));

  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_clear_handle_id (&self->recheck_source, g_source_remove);
  g_clear_pointer (&self->reported, g_free);
  g_clear_pointer (&self->stamp, g_free);
  g_set_object (&self->file, file);
  set_state (self, SB_FILE_GUARD_SAME);
  if (file == NULL)
    return;
  self->stamp = stamp ? g_strdup (stamp) : sb_file_guard_query_stamp (file, NULL, NULL);
  /* No monitor (a remote or odd file system) still leaves the check on save. */
  self->monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);
}

GFile *
sb_file_guard_get_file (SbFileGuard *self)
{
  g_return_val_if_fail (SB_IS_FILE_GUARD (self), NULL);
  return self->file;
}

const char *
sb_file_guard_get_stamp (SbFileGuard *self)
{
  g_return_val_if_fail (SB_IS_FILE_GUARD (self), NULL);
  return self->stamp;
}

SbFileGuardState
sb_file_guard_get_state (SbFileGuard *self)
{
  g_return_val_if_fail (SB_IS_FILE_GUARD (self), SB_FILE_GUARD_SAME);
  return self->state;
}

/* Our own writes are no news: events during them are looked at after. */
void
sb_file_guard_begin_write (SbFileGuard *self)
{
  g_return_if_fail (SB_IS_FILE_GUARD (self));
  self->writing++;
}

/**
 * sb_file_guard_end_write:
 * @stamp: (nullable): the stamp taken right after writing, %NULL if
 *   the write failed and the disk holds what it held before
 */
void
sb_file_guard_end_write (SbFileGuard *self,
                         const char  *stamp)
{
  g_return_if_fail (SB_IS_FILE_GUARD (self));
  g_return_if_fail (self->writing > 0);

  self->writing--;
  if (stamp != NULL)
    {
      g_free (self->stamp);
      self->stamp = g_strdup (stamp);
      g_clear_pointer (&self->reported, g_free);
      set_state (self, SB_FILE_GUARD_SAME);
    }
  if (self->writing == 0 && self->file != NULL)
    sb_file_guard_recheck (self);
}

static void
sb_file_guard_dispose (GObject *object)
{
  sb_file_guard_watch (SB_FILE_GUARD (object), NULL, NULL);
  G_OBJECT_CLASS (sb_file_guard_parent_class)->dispose (object);
}

static void
sb_file_guard_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SbFileGuard *self = SB_FILE_GUARD (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_file_guard_class_init (SbFileGuardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = sb_file_guard_dispose;
  object_class->get_property = sb_file_guard_get_property;

  /* An int, not an enum type: nothing else needs the GType. */
  properties[PROP_STATE] =
    g_param_spec_int ("state", NULL, NULL,
                      SB_FILE_GUARD_SAME, SB_FILE_GUARD_REMOVED, SB_FILE_GUARD_SAME,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_file_guard_init (SbFileGuard *self)
{
}

SbFileGuard *
sb_file_guard_new (void)
{
  return g_object_new (SB_TYPE_FILE_GUARD, NULL);
}
