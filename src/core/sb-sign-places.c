/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-poppler-private.h"
#include "sb-sign-places.h"

/* A top-level outline item: where a document of the packet starts. */
typedef struct {
  char *title;
  int   page;    /* 0-based */
} Mark;

typedef struct {
  PopplerDocument *document;
  int              n_pages;
  GArray          *marks;   /* Mark, in page order */
  GPtrArray       *texts;   /* char*, each page's text without spaces, read on demand */
} Packet;

void
sb_sign_place_free (SbSignPlace *place)
{
  g_free (place->document);
  g_free (place->label);
  g_free (place);
}

static void
mark_clear (Mark *mark)
{
  g_free (mark->title);
}

static void
packet_clear (Packet *packet)
{
  g_clear_object (&packet->document);
  g_clear_pointer (&packet->marks, g_array_unref);
  g_clear_pointer (&packet->texts, g_ptr_array_unref);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Packet, packet_clear)

/* Text as compared: printed spacing (full-width spaces in 年　月　日,
 * spaces pdftotext-style extraction adds) does not count. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_sized_new (strlen (text));

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Outline */

static int
dest_page (PopplerDocument *document,
           PopplerDest     *dest)
{
  PopplerDest *named;
  int page;

  if (dest == NULL)
    return -1;
  if (dest->type != POPPLER_DEST_NAMED)
    return dest->page_num - 1;
  named = poppler_document_find_dest (document, dest->named_dest);
  if (named == NULL)
    return -1;
  page = named->page_num - 1;
  poppler_dest_free (named);
  return page;
}

static int
compare_marks (gconstpointer a,
               gconstpointer b)
{
  const Mark *x = a, *y = b;

  return (x->page > y->page) - (x->page < y->page);
}

static GArray *
read_outline (PopplerDocument *document)
{
  GArray *marks = g_array_new (FALSE, TRUE, sizeof (Mark));
  PopplerIndexIter *iter = poppler_index_iter_new (document);

  g_array_set_clear_func (marks, (GDestroyNotify) mark_clear);
  if (iter == NULL)
    return marks;
  do
    {
      PopplerAction *action = poppler_index_iter_get_action (iter);
      Mark mark = { NULL, -1 };

      if (action != NULL && action->type == POPPLER_ACTION_GOTO_DEST)
        mark.page = dest_page (document, action->goto_dest.dest);
      if (mark.page >= 0 && action->any.title != NULL)
        {
          mark.title = g_strdup (action->any.title);
          g_array_append_val (marks, mark);
        }
      g_clear_pointer (&action, poppler_action_free);
    }
  while (poppler_index_iter_next (iter));
  poppler_index_iter_free (iter);
  g_array_sort (marks, compare_marks);
  return marks;
}

static gboolean
mark_names (const Mark *mark,
            SbDocument *document)
{
  gsize length = strlen (document->title);

  /* Task books add their direction: "揭榜任务书（方向 1：具身智能）". */
  return g_strcmp0 (mark->title, document->title) == 0
    || g_strcmp0 (mark->title, document->short_title) == 0
    || (strncmp (mark->title, document->title, length) == 0
        && g_str_has_prefix (mark->title + length, "（"));
}

/* The pages of the document as [*first, *last]; all pages when the
 * outline does not name it. */
static void
find_range (Packet     *packet,
            SbDocument *document,
            int        *first,
            int        *last)
{
  *first = 0;
  *last = packet->n_pages - 1;
  for (guint i = 0; i < packet->marks->len; i++)
    {
      Mark *mark = &g_array_index (packet->marks, Mark, i);

      if (!mark_names (mark, document))
        continue;
      *first = mark->page;
      for (guint j = i + 1; j < packet->marks->len; j++)
        {
          Mark *next = &g_array_index (packet->marks, Mark, j);

          if (next->page > mark->page)
            {
              *last = next->page - 1;
              break;
            }
        }
      return;
    }
}

static const char *
page_text (Packet *packet,
           int     index)
{
  if (g_ptr_array_index (packet->texts, index) == NULL)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (packet->document, index);
      g_autofree char *text = page ? poppler_page_get_text (page) : NULL;

      g_ptr_array_index (packet->texts, index) = squeeze (text ? text : "");
    }
  return g_ptr_array_index (packet->texts, index);
}

/* Places */

static gboolean
is_sign_text (const char *text)
{
  return text != NULL && (strstr (text, "签") != NULL || strstr (text, "章") != NULL);
}

static char *
strip_colon (const char *text)
{
  g_autofree char *squeezed = squeeze (text);
  gsize length = strlen (squeezed);

  if (g_str_has_suffix (squeezed, "："))
    length -= strlen ("：");
  else if (g_str_has_suffix (squeezed, ":"))
    length -= 1;
  return g_strndup (squeezed, length);
}

/* What to look for in the PDF and what to call the place, or FALSE for
 * an item that is no place to sign or stamp. */
static gboolean
describe_item (SbItem  *item,
               char   **needle,
               char   **label)
{
  if (item->kind == SB_ITEM_SIGN && is_sign_text (item->text))
    {
      *label = strip_colon (item->text);
      *needle = g_strdup (*label);
      return TRUE;
    }
  if (item->kind == SB_ITEM_FIELD && is_sign_text (item->suffix))
    {
      const char *name = item->text != NULL ? item->text : item->field->label;

      *needle = squeeze (item->suffix);
      *label = g_strconcat (name, *needle, NULL);
      return TRUE;
    }
  return FALSE;
}

static guint
find_page (Packet     *packet,
           const char *needle,
           int         first,
           int         last)
{
  for (int i = last; i >= first; i--)
    if (strstr (page_text (packet, i), needle) != NULL)
      return (guint) i + 1;
  return 0;
}

static gboolean
add_document_places (Packet        *packet,
                     SbDocument    *document,
                     GPtrArray     *places,
                     GCancellable  *cancellable,
                     GError       **error)
{
  int first, last;

  find_range (packet, document, &first, &last);
  for (guint i = 0; i < document->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);
      g_autofree char *needle = NULL;
      g_autofree char *label = NULL;
      SbSignPlace *place;

      if (!describe_item (item, &needle, &label))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      place = g_new0 (SbSignPlace, 1);
      place->document = g_strdup (document->short_title ? document->short_title
                                                        : document->title);
      place->stamp = strstr (label, "章") != NULL;
      place->page = find_page (packet, needle, first, last);
      place->label = g_steal_pointer (&label);
      g_ptr_array_add (places, place);
    }
  return TRUE;
}

GPtrArray *
sb_sign_places_find (SbTemplate    *template,
                     const char    *packet_path,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_auto(Packet) packet = { 0 };
  g_autoptr(GPtrArray) places = NULL;
  GPtrArray *documents;

  g_return_val_if_fail (SB_IS_TEMPLATE (template), NULL);
  g_return_val_if_fail (packet_path != NULL, NULL);

  packet.document = _sb_poppler_document_open (packet_path, NULL, error);
  if (packet.document == NULL)
    return NULL;
  packet.n_pages = poppler_document_get_n_pages (packet.document);
  packet.marks = read_outline (packet.document);
  packet.texts = g_ptr_array_new_full (packet.n_pages, g_free);
  g_ptr_array_set_size (packet.texts, packet.n_pages);

  places = g_ptr_array_new_with_free_func ((GDestroyNotify) sb_sign_place_free);
  documents = sb_template_get_documents (template);
  for (guint i = 0; i < documents->len; i++)
    {
      SbDocument *document = g_ptr_array_index (documents, i);

      /* Attached proofs are the applicant's, not ours to sign. */
      if (document->kind == SB_DOCUMENT_ATTACHMENTS)
        continue;
      if (!add_document_places (&packet, document, places, cancellable, error))
        return NULL;
    }
  return g_steal_pointer (&places);
}
