/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <glib/gi18n.h>

#include "sb-packet.h"
#include "sb-packet-exporter.h"

/* Progress is kept in thousandths, so the worker can store it atomically. */
#define PROGRESS_STEPS 1000

struct _SbPacketExporter
{
  GObject        parent_instance;

  SbSubmission  *snapshot;
  GFile         *output;
  gboolean       draft;
  char          *today;
  char          *fingerprint;
  gboolean       find_sign_places;
  GPtrArray     *sign_places;
  gboolean       started;

  GMainContext  *context;
  int            progress;        /* atomic: set by the worker */
  int            notify_pending;  /* atomic: an update is queued on context */
  double         fraction;        /* main thread's copy */
};

G_DEFINE_FINAL_TYPE (SbPacketExporter, sb_packet_exporter, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Progress, from the worker to the main context */

static void
set_fraction (SbPacketExporter *self,
              double            fraction)
{
  if (fraction == self->fraction)
    return;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static gboolean
progress_idle_cb (gpointer user_data)
{
  SbPacketExporter *self = user_data;

  g_atomic_int_set (&self->notify_pending, 0);
  set_fraction (self, g_atomic_int_get (&self->progress) / (double) PROGRESS_STEPS);
  return G_SOURCE_REMOVE;
}

static void
progress_cb (double   fraction,
             gpointer user_data)
{
  SbPacketExporter *self = user_data;

  g_atomic_int_set (&self->progress, (int) (CLAMP (fraction, 0, 1) * PROGRESS_STEPS));
  /* One queued update at a time: the worker never floods the main loop. */
  if (g_atomic_int_compare_and_exchange (&self->notify_pending, 0, 1))
    g_main_context_invoke_full (self->context, G_PRIORITY_DEFAULT, progress_idle_cb,
                                g_object_ref (self), g_object_unref);
}

/* The worker */

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  SbPacketExporter *self = source_object;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) places = NULL;
  g_autofree char *path = NULL;

  if (!sb_packet_export (self->snapshot, self->output, self->draft, self->today,
                         progress_cb, self, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->find_sign_places)
    {
      path = g_file_get_path (self->output);
      places = sb_sign_places_find (sb_submission_get_template (self->snapshot), path,
                                    cancellable, &error);
      /* The packet is written: a place not found is no reason to fail. */
      if (places == NULL)
        g_debug ("Sign places not found: %s", error->message);
    }
  g_task_return_pointer (task, g_steal_pointer (&places), (GDestroyNotify) g_ptr_array_unref);
}

/* Object */

static void
sb_packet_exporter_finalize (GObject *object)
{
  SbPacketExporter *self = SB_PACKET_EXPORTER (object);

  g_clear_object (&self->snapshot);
  g_clear_object (&self->output);
  g_clear_pointer (&self->today, g_free);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->sign_places, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (sb_packet_exporter_parent_class)->finalize (object);
}

static void
sb_packet_exporter_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  SbPacketExporter *self = SB_PACKET_EXPORTER (object);

  switch (prop_id)
    {
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
sb_packet_exporter_class_init (SbPacketExporterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_packet_exporter_finalize;
  object_class->get_property = sb_packet_exporter_get_property;

  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0, 1, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
sb_packet_exporter_init (SbPacketExporter *self)
{
}

SbPacketExporter *
sb_packet_exporter_new (SbSubmission *snapshot,
                        GFile        *output,
                        gboolean      draft,
                        const char   *today)
{
  SbPacketExporter *self;

  g_return_val_if_fail (SB_IS_SUBMISSION (snapshot), NULL);
  g_return_val_if_fail (G_IS_FILE (output), NULL);

  self = g_object_new (SB_TYPE_PACKET_EXPORTER, NULL);
  self->snapshot = g_object_ref (snapshot);
  self->output = g_object_ref (output);
  self->draft = draft;
  self->today = g_strdup (today);
  self->fingerprint = sb_packet_dup_fingerprint (snapshot);
  return self;
}

SbSubmission *
sb_packet_exporter_get_submission (SbPacketExporter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_EXPORTER (self), NULL);
  return self->snapshot;
}

GFile *
sb_packet_exporter_get_output (SbPacketExporter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_EXPORTER (self), NULL);
  return self->output;
}

gboolean
sb_packet_exporter_get_draft (SbPacketExporter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_EXPORTER (self), FALSE);
  return self->draft;
}

double
sb_packet_exporter_get_fraction (SbPacketExporter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_EXPORTER (self), 0);
  return self->fraction;
}

void
sb_packet_exporter_set_find_sign_places (SbPacketExporter *self,
                                         gboolean          find)
{
  g_return_if_fail (SB_IS_PACKET_EXPORTER (self));
  g_return_if_fail (!self->started);
  self->find_sign_places = find;
}

GPtrArray *
sb_packet_exporter_get_sign_places (SbPacketExporter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_EXPORTER (self), NULL);
  return self->sign_places;
}

const char *
sb_packet_exporter_get_fingerprint (SbPacketExporter *self)
{
  g_return_val_if_fail (SB_IS_PACKET_EXPORTER (self), NULL);
  return self->fingerprint;
}

void
sb_packet_exporter_run_async (SbPacketExporter    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (SB_IS_PACKET_EXPORTER (self));
  g_return_if_fail (!self->started);

  self->started = TRUE;
  self->context = g_main_context_ref_thread_default ();
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_packet_exporter_run_async);
  /* The core reports cancellation itself, and removes its temporary file. */
  g_task_set_return_on_cancel (task, FALSE);
  /* What happened counts: a packet written just before Cancel is there. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_run_in_thread (task, export_thread);
}

gboolean
sb_packet_exporter_run_finish (SbPacketExporter  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_autoptr(GError) local_error = NULL;
  GPtrArray *places;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  places = g_task_propagate_pointer (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  g_clear_pointer (&self->sign_places, g_ptr_array_unref);
  self->sign_places = places;
  set_fraction (self, 1.0);
  return TRUE;
}
