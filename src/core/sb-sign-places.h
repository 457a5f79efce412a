/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "sb-template.h"

G_BEGIN_DECLS

/* A place in the printed packet to sign or stamp by hand. */
typedef struct {
  char     *document;  /* the document's short title: 封面, 申报表, 承诺书 */
  char     *label;     /* as printed: 负责人签字（章）, 法定代表人（签字） */
  guint     page;      /* 1-based page of the packet; 0 when not found */
  gboolean  stamp;     /* a seal (章) is wanted, not only a signature */
} SbSignPlace;

void       sb_sign_place_free   (SbSignPlace  *place);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SbSignPlace, sb_sign_place_free)

/* The template's places to sign or stamp (SB_ITEM_SIGN items, and
 * fields with a suffix such as "（加盖单位公章）" or "（签字）"; date
 * lines are left out), in the template's order, each with the page of
 * the exported packet at packet_path it is printed on. A place is
 * found by its printed text within its document's pages, as the PDF
 * outline delimits them; the last page wins, since sign blocks close a
 * document. Returns SbSignPlace*, or NULL when the PDF cannot be read.
 * Opens its own PopplerDocument: call it from any one thread. */
GPtrArray *sb_sign_places_find  (SbTemplate    *template,
                                 const char    *packet_path,
                                 GCancellable  *cancellable,
                                 GError       **error);

G_END_DECLS
