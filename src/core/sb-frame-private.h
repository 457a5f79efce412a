/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <cairo.h>
#include <pango/pangocairo.h>

#include "sb-packet-private.h"
#include "sb-submission.h"

G_BEGIN_DECLS

/* Page geometry in points, after GB/T 9704: A4, 版心 156 × 225 mm with
 * margins 37 (top), 35 (bottom), 28 (binding side), 26 mm. */
#define SB_MM           (72.0 / 25.4)
#define SB_PAGE_WIDTH   595.276
#define SB_PAGE_HEIGHT  841.89
#define SB_MARGIN_TOP   (37 * SB_MM)
#define SB_MARGIN_BOTTOM (35 * SB_MM)
#define SB_MARGIN_INNER (28 * SB_MM)
#define SB_MARGIN_OUTER (26 * SB_MM)
#define SB_TEXT_WIDTH   (SB_PAGE_WIDTH - SB_MARGIN_INNER - SB_MARGIN_OUTER)
#define SB_TEXT_BOTTOM  (SB_PAGE_HEIGHT - SB_MARGIN_BOTTOM)

/* 宋体: the face of the body text. */
#define SB_FONT_BODY    "Noto Serif CJK SC"

typedef enum {
  SB_STYLE_COVER_TITLE,   /* 二号黑体 */
  SB_STYLE_COVER_BIG,     /* 小初黑体: "申报材料" */
  SB_STYLE_COVER_LABEL,   /* 三号黑体 */
  SB_STYLE_COVER_VALUE,   /* 三号宋体 */
  SB_STYLE_TITLE,         /* 二号黑体, centred: a document title */
  SB_STYLE_HEADING,       /* 三号黑体: 一、… */
  SB_STYLE_SUBHEADING,    /* 三号楷体: （一）… */
  SB_STYLE_BODY,          /* 四号宋体, first line indented 2 字 */
  SB_STYLE_BODY_FLUSH,    /* 四号宋体, no indent */
  SB_STYLE_KAI,           /* 四号楷体: hints, notes */
  SB_STYLE_CELL,          /* 小四宋体: table values */
  SB_STYLE_CELL_BODY,     /* 小四宋体, indented paragraphs in a tall cell */
  SB_STYLE_CELL_LABEL,    /* 小四宋体, centred */
  SB_STYLE_INDEX,         /* 四号宋体: index lines */
  SB_STYLE_PAGE_NUMBER,   /* 四号宋体 */
  SB_STYLE_FOOTER,        /* 小号黑体 */
  SB_STYLE_WATERMARK,
  SB_N_STYLES
} SbStyle;

typedef struct {
  const SbFrameRequest *request;
  SbTemplate           *template;
  SbSubmission         *submission;
  cairo_surface_t      *surface;
  cairo_t              *cr;
  PangoContext         *pango;
  PangoFontDescription *fonts[SB_N_STYLES];
  PangoLayout          *number_layout;
  PangoLayout          *footer_layout;
  PangoLayout          *watermark_layout;
  GPtrArray            *images;   /* cairo_surface_t*, kept until the PDF is finished */
  GHashTable           *proxies;  /* real cairo font face → its user-font copy, or NULL */

  guint     page;          /* 0-based index of the page being drawn */
  gboolean  page_started;  /* something is on the current page */
  double    y;             /* where the next block goes, from the top */
  gboolean  measuring;     /* lay out and count pages, draw nothing */
  guint     pages_drawn;   /* cairo pages actually emitted */
  int       outline_document;  /* outline id of the current document */

  GError   *error;         /* the first problem; drawing stops there */
} SbFrame;

/* A laid-out line of a PangoLayout, in points relative to the layout. */
typedef struct {
  PangoLayoutLine *line;
  double           x;
  double           top;
  double           height;
  double           baseline;
} SbLine;

/* sb-frame-glyphs.c: drawing laid-out text */
void         sb_frame_show_line       (SbFrame         *frame,
                                       PangoLayoutLine *line,
                                       double           x,
                                       double           baseline);
void         sb_frame_show_layout     (SbFrame         *frame,
                                       PangoLayout     *layout,
                                       double           x,
                                       double           y);

/* sb-frame.c: text, pages and page furniture */
PangoLayout *sb_frame_layout          (SbFrame       *frame,
                                       SbStyle        style,
                                       const char    *text,
                                       double         width,
                                       const char    *where);
void         sb_frame_set_attributes  (SbFrame       *frame,
                                       PangoLayout   *layout,
                                       PangoAttrList *attrs,
                                       const char    *where);
gboolean     sb_frame_shrink_to_fit   (PangoLayout   *layout,
                                       double         width,
                                       double         min_size);
gboolean     sb_frame_check_layout    (SbFrame       *frame,
                                       PangoLayout   *layout,
                                       const char    *where);
double       sb_frame_layout_height   (PangoLayout   *layout);
double       sb_frame_layout_width    (PangoLayout   *layout);
double       sb_frame_layout_gap      (PangoLayout   *layout);
double       sb_frame_line_height     (SbFrame       *frame,
                                       SbStyle        style);
GArray      *sb_frame_layout_lines    (PangoLayout   *layout);   /* SbLine */
void         sb_frame_draw_layout     (SbFrame       *frame,
                                       PangoLayout   *layout,
                                       double         x,
                                       double         y);
void         sb_frame_draw_lines      (SbFrame       *frame,
                                       GArray        *lines,
                                       guint          first,
                                       guint          last,
                                       double         x,
                                       double         y);
double       sb_frame_left            (SbFrame       *frame);
gboolean     sb_frame_failed          (SbFrame       *frame);

void         sb_frame_begin_document  (SbFrame       *frame,
                                       const char    *outline_title);
void         sb_frame_new_page        (SbFrame       *frame);
void         sb_frame_finish_page     (SbFrame       *frame);
/* Starts a new page unless height fits below y (or the page is empty). */
void         sb_frame_ensure_space    (SbFrame       *frame,
                                       double         height);
double       sb_frame_space_left      (SbFrame       *frame);

/* Flowing text across pages. */
void         sb_frame_flow_layout     (SbFrame       *frame,
                                       PangoLayout   *layout,
                                       double         indent);
void         sb_frame_paragraph       (SbFrame       *frame,
                                       SbStyle        style,
                                       const char    *text,
                                       const char    *where);
void         sb_frame_title           (SbFrame       *frame,
                                       const char    *text);
void         sb_frame_heading         (SbFrame       *frame,
                                       SbStyle        style,
                                       const char    *text,
                                       double         indent);
/* Paragraphs of a multi-line value, one per line of the text. */
PangoLayout *sb_frame_value_layout    (SbFrame       *frame,
                                       SbStyle        style,
                                       const char    *text,
                                       double         width,
                                       const char    *where);

/* sb-frame-forms.c: the documents made of the template's items */
void         sb_frame_cover           (SbFrame       *frame,
                                       SbDocument    *document);
void         sb_frame_prose           (SbFrame       *frame,
                                       SbDocument    *document,
                                       int            taskbook);
void         sb_frame_taskbook        (SbFrame       *frame,
                                       SbDocument    *document,
                                       guint          taskbook);
char        *sb_frame_dup_value       (SbFrame       *frame,
                                       SbField       *field,
                                       int            taskbook);
char        *sb_frame_format_date     (SbFrame       *frame,
                                       const char    *date);
char        *sb_frame_expand_slots    (SbFrame       *frame,
                                       const char    *text,
                                       int            taskbook,
                                       PangoAttrList *attrs);
/* The right-hand block of places to sign or stamp; height only when
 * measuring is set. */
double       sb_frame_sign_block      (SbFrame       *frame,
                                       SbDocument    *document,
                                       guint          first_item,
                                       guint          end_item,
                                       SbStyle        style,
                                       double         x,
                                       double         y,
                                       double         width,
                                       gboolean       measure);
/* The index of the first item of a document's closing sign block. */
guint        sb_frame_find_sign_block (SbDocument    *document,
                                       guint          first_item,
                                       guint          end_item);

/* sb-frame-table.c: 申报表 */
void         sb_frame_table_form      (SbFrame       *frame,
                                       SbDocument    *document);

/* sb-frame-proofs.c: the divider, its index and the attached pages */
void         sb_frame_proofs          (SbFrame       *frame,
                                       SbDocument    *document);

G_END_DECLS
