/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "shenbao"

#include "config.h"

#include <math.h>
#include <string.h>

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n.h>

#include "sb-application.h"
#include "sb-thumbnail-cache.h"

/* A4 in points, for fitting an image as the packet prints it. */
#define A4_WIDTH_PT   595.276
#define A4_HEIGHT_PT  841.89
/* Documents kept open between jobs, while more are waiting. */
#define MAX_IDLE_RENDERERS 4
/* How long they stay open once no job is waiting: paging through a file
 * in the preview reuses them (opening a scan again costs some 20 ms in
 * poppler and 50 ms in qpdf). */
#define RELEASE_DELAY_MS   2000
#define READ_CHUNK (64 * 1024)

typedef struct {
  char       *key;
  GdkTexture *texture;
  gsize       n_bytes;
  GList       link;     /* in lru, data is the Entry */
} Entry;

struct _SbThumbnailCache
{
  GObject      parent_instance;

  GMutex       lock;      /* entries, lru, n_bytes: workers insert */
  GHashTable  *entries;   /* key → Entry */
  GQueue       lru;       /* most recently used first */
  gsize        n_bytes;
  gsize        max_bytes;

  GThreadPool *pool;
  guint64      n_jobs;    /* for first-come order among equals */
  guint        n_pending; /* atomic: jobs pushed, not yet run */

  GMutex       renderers_lock;
  GQueue       renderers; /* Open documents no job is using, newest first */
  guint        n_closing; /* taken from renderers, being closed */
  guint        release_source; /* main thread: closing them, to come */
};

G_DEFINE_FINAL_TYPE (SbThumbnailCache, sb_thumbnail_cache, G_TYPE_OBJECT)

typedef struct {
  int    n_pages;
  double width;
  double height;
} PageInfo;

typedef struct {
  char           *key;
  char           *sha256;
  GFile          *source;    /* the file while unsaved, or NULL */
  GFile          *archive;   /* the saved file, or NULL */
  int             page;
  SbThumbnailFit  fit;
  int             size;
  int             priority;
  guint64         serial;
  GTask          *task;
} Job;

static GQuark
page_info_quark (void)
{
  static GQuark quark;

  if (quark == 0)
    quark = g_quark_from_static_string ("sb-thumbnail-page-info");
  return quark;
}

/* An open document, by the hash of its content. A job takes it out of
 * the cache's list while it draws (poppler is not thread-safe across one
 * document), so two workers on one file each open their own. */
typedef struct {
  char           *sha256;
  SbPageRenderer *renderer;
} Open;

static void
open_free (Open *open)
{
  g_free (open->sha256);
  g_clear_object (&open->renderer);
  g_free (open);
}

static char *
make_key (const char     *sha256,
          int             page,
          SbThumbnailFit  fit,
          int             size)
{
  return g_strdup_printf ("%s:%d:%c%d", sha256, page, fit == SB_THUMBNAIL_FIT_BOX ? 'b' : 'w',
                          size);
}

static void
entry_free (Entry *entry)
{
  g_free (entry->key);
  g_clear_object (&entry->texture);
  g_free (entry);
}

static void
job_free (Job *job)
{
  g_free (job->key);
  g_free (job->sha256);
  g_clear_object (&job->source);
  g_clear_object (&job->archive);
  g_clear_object (&job->task);
  g_free (job);
}

/* Cache */

static GdkTexture *
lookup_locked (SbThumbnailCache *self,
               const char       *key)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);

  if (entry == NULL)
    return NULL;
  g_queue_unlink (&self->lru, &entry->link);
  g_queue_push_head_link (&self->lru, &entry->link);
  return g_object_ref (entry->texture);
}

static void
remove_locked (SbThumbnailCache *self,
               Entry            *entry)
{
  g_queue_unlink (&self->lru, &entry->link);
  self->n_bytes -= entry->n_bytes;
  g_hash_table_remove (self->entries, entry->key);
}

static void
insert (SbThumbnailCache *self,
        const char       *key,
        GdkTexture       *texture)
{
  Entry *entry = g_new0 (Entry, 1);
  Entry *old;

  entry->key = g_strdup (key);
  entry->texture = g_object_ref (texture);
  entry->n_bytes = (gsize) gdk_texture_get_width (texture) * gdk_texture_get_height (texture) * 4;
  entry->link.data = entry;

  g_mutex_lock (&self->lock);
  old = g_hash_table_lookup (self->entries, key);
  if (old != NULL)
    remove_locked (self, old);
  g_hash_table_insert (self->entries, entry->key, entry);
  g_queue_push_head_link (&self->lru, &entry->link);
  self->n_bytes += entry->n_bytes;
  /* The newest stays even when alone over the bound. */
  while (self->n_bytes > self->max_bytes && self->lru.length > 1)
    remove_locked (self, g_queue_peek_tail (&self->lru));
  g_mutex_unlock (&self->lock);
}

/* Textures */

static void
set_page_info (GdkTexture *texture,
               int         n_pages,
               double      width,
               double      height)
{
  PageInfo *info = g_new (PageInfo, 1);

  info->n_pages = n_pages;
  info->width = width;
  info->height = height;
  g_object_set_qdata_full (G_OBJECT (texture), page_info_quark (), info, g_free);
}

static GdkTexture *
texture_from_surface (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) bytes = NULL;

  /* The renderer's surfaces are opaque ARGB32, GDK_MEMORY_DEFAULT. */
  cairo_surface_flush (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  return gdk_memory_texture_new (width, height, GDK_MEMORY_DEFAULT, bytes, stride);
}

/* A pixbuf as an opaque texture: alpha is painted on white paper. */
static GdkTexture *
texture_from_pixbuf (GdkPixbuf *pixbuf)
{
  g_autoptr(GdkPixbuf) paper = NULL;
  int width = gdk_pixbuf_get_width (pixbuf), height = gdk_pixbuf_get_height (pixbuf);

  if (!gdk_pixbuf_get_has_alpha (pixbuf))
    return gdk_texture_new_for_pixbuf (pixbuf);
  paper = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  gdk_pixbuf_fill (paper, 0xffffffff);
  gdk_pixbuf_composite (pixbuf, paper, 0, 0, width, height, 0, 0, 1, 1, GDK_INTERP_NEAREST, 255);
  return gdk_texture_new_for_pixbuf (paper);
}

typedef struct {
  SbThumbnailFit fit;
  int            size;
  int            natural_width;
  int            natural_height;
} Fitting;

static double
fit_scale (const Fitting *fitting,
           int            width,
           int            height)
{
  double scale = fitting->fit == SB_THUMBNAIL_FIT_BOX
                 ? MIN ((double) fitting->size / width, (double) fitting->size / height)
                 : (double) fitting->size / width;

  /* Never more pixels than the file has, nor than the renderer allows. */
  scale = MIN (scale, 1.0);
  if ((double) width * height * scale * scale > SB_RENDER_MAX_PIXELS)
    scale = sqrt ((double) SB_RENDER_MAX_PIXELS / ((double) width * height));
  return scale;
}

/* libjpeg decodes at 1/2, 1/4 or 1/8 scale when asked for less: a
 * thumbnail of a 300 dpi scan costs a fraction of the full decode. */
static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  Fitting         *fitting)
{
  double scale = fit_scale (fitting, width, height);

  fitting->natural_width = width;
  fitting->natural_height = height;
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) lround (width * scale)),
                              MAX (1, (int) lround (height * scale)));
}

static GdkPixbuf *
decode_image (GBytes        *bytes,
              GInputStream  *stream,
              Fitting       *fitting,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new ();
  g_autofree guchar *buffer = NULL;
  GdkPixbuf *pixbuf;
  gboolean ok = TRUE;
  gssize n = 0;

  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), fitting);
  if (bytes != NULL)
    ok = gdk_pixbuf_loader_write_bytes (loader, bytes, error);
  else
    {
      buffer = g_malloc (READ_CHUNK);
      while (ok && (n = g_input_stream_read (stream, buffer, READ_CHUNK, cancellable, error)) > 0)
        ok = gdk_pixbuf_loader_write (loader, buffer, n, error);
      ok = ok && n == 0;
    }
  /* Closing is needed even after a failure. */
  if (!gdk_pixbuf_loader_close (loader, ok ? error : NULL))
    ok = FALSE;
  if (!ok)
    return NULL;
  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (pixbuf == NULL)
    {
      g_set_error_literal (error, GDK_PIXBUF_ERROR, GDK_PIXBUF_ERROR_CORRUPT_IMAGE,
                           _("The image is empty"));
      return NULL;
    }
  return g_object_ref (pixbuf);
}

static void
set_bad_image_error (GError    **error,
                     const char *display,
                     GError     *cause)
{
  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, cause);
  else
    {
      g_set_error (error, SB_PREFLIGHT_ERROR, SB_PREFLIGHT_ERROR_BAD_IMAGE,
                   _("“%s” cannot be shown: %s"), display, cause->message);
      g_error_free (cause);
    }
}

/* An image attachment, as the packet prints it: oriented by its EXIF
 * tag and fitted to A4. */
static GdkTexture *
load_image (Job           *job,
            GFile         *file,
            GCancellable  *cancellable,
            GError       **error)
{
  g_autofree char *display = g_file_get_basename (file);
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GdkPixbuf) decoded = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  Fitting fitting = { job->fit, job->size };
  GError *local_error = NULL;
  GdkTexture *texture;
  int width, height;
  gboolean turned;
  double scale;

  stream = g_file_read (file, cancellable, error);
  if (stream == NULL)
    return NULL;
  decoded = decode_image (NULL, G_INPUT_STREAM (stream), &fitting, cancellable, &local_error);
  if (decoded == NULL)
    {
      set_bad_image_error (error, display, local_error);
      return NULL;
    }
  oriented = gdk_pixbuf_apply_embedded_orientation (decoded);
  turned = gdk_pixbuf_get_width (oriented) != gdk_pixbuf_get_width (decoded);
  width = turned ? fitting.natural_height : fitting.natural_width;
  height = turned ? fitting.natural_width : fitting.natural_height;
  /* Turned a quarter, the width asked for was the height. */
  if (turned && job->fit == SB_THUMBNAIL_FIT_WIDTH && gdk_pixbuf_get_width (oriented) > job->size)
    {
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (oriented, job->size,
                                                   MAX (1, (int) lround ((double) job->size *
                                                        height / width)),
                                                   GDK_INTERP_BILINEAR);
      g_object_unref (oriented);
      oriented = scaled;
    }
  texture = texture_from_pixbuf (oriented);
  scale = width > height ? MIN (A4_HEIGHT_PT / width, A4_WIDTH_PT / height)
                         : MIN (A4_WIDTH_PT / width, A4_HEIGHT_PT / height);
  set_page_info (texture, 1, width * scale, height * scale);
  return texture;
}

static Open *
take_renderer (SbThumbnailCache *self,
               const char       *sha256,
               GFile            *file,
               GCancellable     *cancellable,
               GError          **error)
{
  g_autofree char *path = g_file_get_path (file);
  Open *open = NULL;

  g_mutex_lock (&self->renderers_lock);
  for (GList *l = self->renderers.head; l != NULL; l = l->next)
    if (g_str_equal (((Open *) l->data)->sha256, sha256))
      {
        open = l->data;
        g_queue_delete_link (&self->renderers, l);
        break;
      }
  g_mutex_unlock (&self->renderers_lock);
  if (open != NULL)
    return open;

  if (path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("Only local files can be shown"));
      return NULL;
    }
  open = g_new0 (Open, 1);
  open->renderer = sb_page_renderer_new (path, cancellable, error);
  if (open->renderer == NULL)
    {
      open_free (open);
      return NULL;
    }
  open->sha256 = g_strdup (sha256);
  return open;
}

static void
give_back_renderer (SbThumbnailCache *self,
                    Open             *open)
{
  Open *oldest = NULL;

  g_mutex_lock (&self->renderers_lock);
  g_queue_push_head (&self->renderers, open);
  if (self->renderers.length > MAX_IDLE_RENDERERS)
    oldest = g_queue_pop_tail (&self->renderers);
  g_mutex_unlock (&self->renderers_lock);
  if (oldest != NULL)
    open_free (oldest);
}

/* Soon after no job is waiting, nothing drawn is kept but the textures:
 * the documents close, and the memory the workers used goes back to the
 * system (see sb_render_release_memory()). */
static void
release_memory (SbThumbnailCache *self)
{
  GQueue renderers = G_QUEUE_INIT;
  guint n;

  g_mutex_lock (&self->renderers_lock);
  renderers = self->renderers;
  g_queue_init (&self->renderers);
  n = renderers.length;
  self->n_closing += n;
  g_mutex_unlock (&self->renderers_lock);
  g_queue_clear_full (&renderers, (GDestroyNotify) open_free);
  sb_render_release_memory ();
  /* Open until closed: nothing may count on them gone (or exit) before. */
  g_mutex_lock (&self->renderers_lock);
  self->n_closing -= n;
  g_mutex_unlock (&self->renderers_lock);
}

/* A page that is one JPEG scan, decoded by libjpeg at the size needed. */
static GdkTexture *
load_scanned_page (Job           *job,
                   GBytes        *jpeg,
                   double         page_width,
                   double         page_height)
{
  Fitting fitting = { job->fit, job->size };
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  if (job->fit == SB_THUMBNAIL_FIT_BOX)
    {
      /* Fit the page's box, which the scan fills. */
      double scale = MIN (job->size / page_width, job->size / page_height);

      fitting.fit = SB_THUMBNAIL_FIT_WIDTH;
      fitting.size = MAX (1, (int) lround (page_width * scale));
    }
  pixbuf = decode_image (jpeg, NULL, &fitting, NULL, &error);
  /* Any doubt: poppler draws it. */
  if (pixbuf == NULL)
    return NULL;
  return texture_from_pixbuf (pixbuf);
}

static GdkTexture *
load_pdf_page (SbThumbnailCache  *self,
               Job               *job,
               GFile             *file,
               GCancellable      *cancellable,
               GError           **error)
{
  Open *open = take_renderer (self, job->sha256, file, cancellable, error);
  SbPageRenderer *renderer;
  g_autoptr(GBytes) jpeg = NULL;
  cairo_surface_t *surface = NULL;
  GdkTexture *texture = NULL;
  double width = 0, height = 0;

  if (open == NULL)
    return NULL;
  renderer = open->renderer;
  if (!sb_page_renderer_get_page_size (renderer, job->page, &width, &height)
      || width <= 0 || height <= 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("There is no page %d in this file"), job->page + 1);
      give_back_renderer (self, open);
      return NULL;
    }
  jpeg = sb_page_renderer_dup_page_jpeg (renderer, job->page);
  if (jpeg != NULL)
    texture = load_scanned_page (job, jpeg, width, height);
  if (texture == NULL)
    {
      surface = job->fit == SB_THUMBNAIL_FIT_BOX
                ? sb_page_renderer_render_thumbnail (renderer, job->page, job->size,
                                                     cancellable, error)
                : sb_page_renderer_render_page (renderer, job->page, job->size / width,
                                                cancellable, error);
    }
  if (surface != NULL)
    texture = texture_from_surface (surface);
  if (texture != NULL)
    set_page_info (texture, sb_page_renderer_get_n_pages (renderer), width, height);
  give_back_renderer (self, open);
  return texture;
}

/* What the file is, by content: the remembered preflight, else its
 * first bytes. */
static SbProofKind
get_kind (const char *sha256,
          GFile      *file)
{
  g_autoptr(SbPreflightResult) result = sb_preflight_lookup (sha256);
  g_autoptr(GFileInputStream) stream = NULL;
  guchar head[8] = { 0 };
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

  if (result != NULL)
    return sb_preflight_result_get_kind (result);
  stream = g_file_read (file, NULL, NULL);
  if (stream == NULL
      || !g_input_stream_read_all (G_INPUT_STREAM (stream), head, sizeof head, NULL, NULL, NULL))
    return SB_PROOF_KIND_PDF;
  if (head[0] == 0xff && head[1] == 0xd8 && head[2] == 0xff)
    return SB_PROOF_KIND_JPEG;
  if (memcmp (head, png, sizeof png) == 0)
    return SB_PROOF_KIND_PNG;
  /* Anything else goes to poppler, which says what is wrong. */
  return SB_PROOF_KIND_PDF;
}

static GFile *
locate (const char    *sha256,
        GFile         *source,
        GFile         *archive,
        GCancellable  *cancellable,
        GError       **error)
{
  if (source != NULL)
    return g_object_ref (source);
  return sb_attachments_dup_blob_file (archive, sha256, cancellable, error);
}

static void
release_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  release_memory (source_object);
  g_task_return_boolean (task, TRUE);
}

static gboolean
release_cb (gpointer user_data)
{
  SbThumbnailCache *self = user_data;
  g_autoptr(GTask) task = NULL;

  self->release_source = 0;
  if (g_atomic_int_get (&self->n_pending) > 0)
    return G_SOURCE_REMOVE;
  /* Closing, freeing fonts and trimming take milliseconds: not here. */
  task = g_task_new (self, NULL, NULL, NULL);
  g_task_set_source_tag (task, release_cb);
  g_task_run_in_thread (task, release_thread);
  return G_SOURCE_REMOVE;
}

/* In the main thread, once every job asked for has been run: the
 * release to come, and for benchmarks a line with what the cache holds. */
static gboolean
idle_cb (gpointer user_data)
{
  SbThumbnailCache *self = user_data;
  guint n_entries;

  if (g_atomic_int_get (&self->n_pending) > 0)
    return G_SOURCE_REMOVE;
  g_clear_handle_id (&self->release_source, g_source_remove);
  self->release_source = g_timeout_add (RELEASE_DELAY_MS, release_cb, self);
  if (g_getenv ("SHENBAO_REPORT_STATE") != NULL)
    {
      g_mutex_lock (&self->lock);
      n_entries = g_hash_table_size (self->entries);
      g_mutex_unlock (&self->lock);
      sb_application_report ("thumbnails-idle %u %" G_GSIZE_FORMAT,
                             n_entries, sb_thumbnail_cache_get_n_bytes (self));
    }
  return G_SOURCE_REMOVE;
}

static void
job_done (SbThumbnailCache *self)
{
  if (g_atomic_int_dec_and_test (&self->n_pending))
    g_idle_add_full (G_PRIORITY_LOW, idle_cb, g_object_ref (self), g_object_unref);
}

static void
run_job (gpointer data,
         gpointer user_data)
{
  Job *job = data;
  SbThumbnailCache *self = user_data;
  GCancellable *cancellable = g_task_get_cancellable (job->task);
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GFile) file = NULL;
  GError *error = NULL;

  if (g_task_return_error_if_cancelled (job->task))
    goto out;
  g_mutex_lock (&self->lock);
  texture = lookup_locked (self, job->key);
  g_mutex_unlock (&self->lock);
  if (texture == NULL)
    file = locate (job->sha256, job->source, job->archive, cancellable, &error);
  if (file != NULL)
    texture = get_kind (job->sha256, file) == SB_PROOF_KIND_PDF
              ? load_pdf_page (self, job, file, cancellable, &error)
              : load_image (job, file, cancellable, &error);
  if (texture == NULL)
    {
      g_task_return_error (job->task, error);
      goto out;
    }
  if (file != NULL)
    insert (self, job->key, texture);
  g_task_return_pointer (job->task, g_steal_pointer (&texture), g_object_unref);
out:
  /* The job's task holds self: count it done first. */
  job_done (self);
  job_free (job);
}

static int
compare_jobs (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const Job *x = a, *y = b;

  if (x->priority != y->priority)
    return x->priority < y->priority ? -1 : 1;
  return x->serial < y->serial ? -1 : x->serial > y->serial;
}

/* Object */

static void
sb_thumbnail_cache_finalize (GObject *object)
{
  SbThumbnailCache *self = SB_THUMBNAIL_CACHE (object);

  /* Every job holds a ref: by now none is left. */
  g_thread_pool_free (self->pool, TRUE, TRUE);
  g_clear_handle_id (&self->release_source, g_source_remove);
  g_queue_clear_full (&self->renderers, (GDestroyNotify) open_free);
  g_mutex_clear (&self->renderers_lock);
  g_hash_table_unref (self->entries);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (sb_thumbnail_cache_parent_class)->finalize (object);
}

static void
sb_thumbnail_cache_class_init (SbThumbnailCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = sb_thumbnail_cache_finalize;
}

static void
sb_thumbnail_cache_init (SbThumbnailCache *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->renderers_lock);
  g_queue_init (&self->renderers);
  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) entry_free);
  g_queue_init (&self->lru);
}

/* Public API */

SbThumbnailCache *
sb_thumbnail_cache_new (gsize max_bytes,
                        guint n_threads)
{
  SbThumbnailCache *self = g_object_new (SB_TYPE_THUMBNAIL_CACHE, NULL);

  self->max_bytes = max_bytes;
  self->pool = g_thread_pool_new (run_job, self, MAX (1, n_threads), FALSE, NULL);
  g_thread_pool_set_sort_function (self->pool, compare_jobs, NULL);
  return self;
}

SbThumbnailCache *
sb_thumbnail_cache_get_default (void)
{
  static SbThumbnailCache *instance;

  /* Two workers on the two cores we aim at; a few more on bigger ones. */
  if (instance == NULL)
    instance = sb_thumbnail_cache_new (SB_THUMBNAIL_CACHE_MAX_BYTES,
                                       CLAMP (g_get_num_processors (), 2, 4));
  return instance;
}

GdkTexture *
sb_thumbnail_cache_lookup (SbThumbnailCache *self,
                           const char       *sha256,
                           int               page,
                           SbThumbnailFit    fit,
                           int               size)
{
  g_autofree char *key = NULL;
  GdkTexture *texture;

  g_return_val_if_fail (SB_IS_THUMBNAIL_CACHE (self), NULL);
  g_return_val_if_fail (sha256 != NULL, NULL);

  key = make_key (sha256, page, fit, size);
  g_mutex_lock (&self->lock);
  texture = lookup_locked (self, key);
  g_mutex_unlock (&self->lock);
  return texture;
}

void
sb_thumbnail_cache_load_async (SbThumbnailCache    *self,
                               SbSubmission        *submission,
                               const char          *sha256,
                               int                  page,
                               SbThumbnailFit       fit,
                               int                  size,
                               int                  priority,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  Job *job;
  GFile *source;

  g_return_if_fail (SB_IS_THUMBNAIL_CACHE (self));
  g_return_if_fail (SB_IS_SUBMISSION (submission));
  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (size > 0);

  job = g_new0 (Job, 1);
  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, sb_thumbnail_cache_load_async);
  job->key = make_key (sha256, page, fit, size);
  job->sha256 = g_strdup (sha256);
  source = sb_submission_get_attachment_source (submission, sha256);
  job->source = source ? g_object_ref (source) : NULL;
  job->archive = sb_submission_get_archive (submission)
                 ? g_object_ref (sb_submission_get_archive (submission)) : NULL;
  job->page = page;
  job->fit = fit;
  job->size = size;
  job->priority = priority;
  job->serial = self->n_jobs++;
  g_clear_handle_id (&self->release_source, g_source_remove);
  g_atomic_int_inc (&self->n_pending);
  g_thread_pool_push (self->pool, job, NULL);
}

GdkTexture *
sb_thumbnail_cache_load_finish (SbThumbnailCache  *self,
                                GAsyncResult      *result,
                                GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

gsize
sb_thumbnail_cache_get_n_bytes (SbThumbnailCache *self)
{
  gsize n;

  g_return_val_if_fail (SB_IS_THUMBNAIL_CACHE (self), 0);
  g_mutex_lock (&self->lock);
  n = self->n_bytes;
  g_mutex_unlock (&self->lock);
  return n;
}

guint
sb_thumbnail_cache_get_n_open (SbThumbnailCache *self)
{
  guint n;

  g_return_val_if_fail (SB_IS_THUMBNAIL_CACHE (self), 0);
  g_mutex_lock (&self->renderers_lock);
  n = self->renderers.length + self->n_closing;
  g_mutex_unlock (&self->renderers_lock);
  return n;
}

void
sb_thumbnail_cache_clear (SbThumbnailCache *self)
{
  g_return_if_fail (SB_IS_THUMBNAIL_CACHE (self));
  g_mutex_lock (&self->lock);
  while (self->lru.length > 0)
    remove_locked (self, g_queue_peek_tail (&self->lru));
  g_mutex_unlock (&self->lock);
}

gboolean
sb_thumbnail_get_page_info (GdkTexture *texture,
                            int        *n_pages,
                            double     *width,
                            double     *height)
{
  PageInfo *info;

  g_return_val_if_fail (GDK_IS_TEXTURE (texture), FALSE);
  info = g_object_get_qdata (G_OBJECT (texture), page_info_quark ());
  if (info == NULL)
    return FALSE;
  if (n_pages != NULL)
    *n_pages = info->n_pages;
  if (width != NULL)
    *width = info->width;
  if (height != NULL)
    *height = info->height;
  return TRUE;
}

/* Locating */

typedef struct {
  char  *sha256;
  GFile *source;
  GFile *archive;
} Locate;

static void
locate_free (Locate *data)
{
  g_free (data->sha256);
  g_clear_object (&data->source);
  g_clear_object (&data->archive);
  g_free (data);
}

static void
locate_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  Locate *data = task_data;
  GError *error = NULL;
  GFile *file = locate (data->sha256, data->source, data->archive, cancellable, &error);

  if (file == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, file, g_object_unref);
}

void
sb_thumbnail_cache_locate_async (SbSubmission        *submission,
                                 const char          *sha256,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Locate *data;
  GFile *source;

  g_return_if_fail (SB_IS_SUBMISSION (submission));
  g_return_if_fail (sha256 != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, sb_thumbnail_cache_locate_async);
  data = g_new0 (Locate, 1);
  data->sha256 = g_strdup (sha256);
  source = sb_submission_get_attachment_source (submission, sha256);
  data->source = source ? g_object_ref (source) : NULL;
  data->archive = sb_submission_get_archive (submission)
                  ? g_object_ref (sb_submission_get_archive (submission)) : NULL;
  g_task_set_task_data (task, data, (GDestroyNotify) locate_free);
  g_task_run_in_thread (task, locate_thread);
}

GFile *
sb_thumbnail_cache_locate_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}
