/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-frame-private.h"

/* 申报表 as the notice draws it: a ruled table on a five-column grid.
 *   | A+B label   | C+D+E value                  |  one field
 *   | A+B label   | C value | D label | E value  |  a field and a short one
 *   | A group | B | C       | D       | E        |  负责人, 联系人: pairs
 */
static const double columns[] = { 0.10, 0.11, 0.29, 0.13, 0.37 };

#define PAD_X       4.0
#define PAD_Y       5.0
#define MIN_ROW     30.0   /* room enough for a line written by hand */
#define MIN_TALL    150.0  /* 单位简介 and the like look like a box to fill */
#define RULE        0.75

typedef struct {
  guint        first_column;
  guint        n_columns;
  PangoLayout *layout;    /* NULL for an empty cell */
  gboolean     centred;   /* labels: centred both ways */
} Cell;

static double
column_x (SbFrame *frame,
          guint    column)
{
  double x = sb_frame_left (frame);

  for (guint i = 0; i < column; i++)
    x += columns[i] * SB_TEXT_WIDTH;
  return x;
}

static double
span_width (guint first,
            guint n)
{
  double w = 0;

  for (guint i = first; i < first + n; i++)
    w += columns[i] * SB_TEXT_WIDTH;
  return w;
}

static void
stroke_rect (SbFrame *frame,
             double   x,
             double   y,
             double   w,
             double   h)
{
  if (frame->measuring)
    return;
  cairo_set_line_width (frame->cr, RULE);
  cairo_rectangle (frame->cr, x, y, w, h);
  cairo_stroke (frame->cr);
}

static Cell
label_cell (SbFrame    *frame,
            guint       first,
            guint       n,
            const char *text)
{
  Cell cell = { first, n, NULL, TRUE };

  cell.layout = sb_frame_layout (frame, SB_STYLE_CELL_LABEL, text,
                                 span_width (first, n) - 2 * PAD_X, text);
  return cell;
}

static gboolean
has_cjk (const char *text)
{
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (g_unichar_iswide (g_utf8_get_char (p)))
      return TRUE;
  return FALSE;
}

static Cell
value_cell (SbFrame    *frame,
            guint       first,
            guint       n,
            const char *text,
            const char *where)
{
  Cell cell = { first, n, NULL, FALSE };

  cell.layout = sb_frame_value_layout (frame, SB_STYLE_CELL, text,
                                       span_width (first, n) - 2 * PAD_X, where);
  /* An e-mail address or a code wraps badly: it gets a smaller font
   * first, as a clerk filling the form in Word would do. */
  if (text != NULL && !has_cjk (text) && pango_layout_get_line_count (cell.layout) > 1
      && !sb_frame_shrink_to_fit (cell.layout, span_width (first, n) - 2 * PAD_X, 7.5))
    pango_layout_set_width (cell.layout,
                            pango_units_from_double (span_width (first, n) - 2 * PAD_X));
  return cell;
}

static double
cells_height (Cell  *cells,
              guint  n_cells)
{
  double height = MIN_ROW;

  for (guint i = 0; i < n_cells; i++)
    if (cells[i].layout != NULL)
      height = MAX (height, sb_frame_layout_height (cells[i].layout) + 2 * PAD_Y);
  return height;
}

static void
draw_cell (SbFrame *frame,
           Cell    *cell,
           double   y,
           double   height)
{
  double x = column_x (frame, cell->first_column);
  double w = span_width (cell->first_column, cell->n_columns);

  stroke_rect (frame, x, y, w, height);
  if (cell->layout == NULL)
    return;
  /* Values are centred vertically too: one-line cells look even. */
  sb_frame_draw_layout (frame, cell->layout, x + PAD_X,
                        y + (height - sb_frame_layout_height (cell->layout)) / 2);
}

static void
clear_cells (Cell  *cells,
             guint  n_cells)
{
  for (guint i = 0; i < n_cells; i++)
    g_clear_object (&cells[i].layout);
}

/* A row that is never split: moved whole to the next page if need be. */
static void
table_row (SbFrame *frame,
           Cell    *cells,
           guint    n_cells)
{
  double height = cells_height (cells, n_cells);

  sb_frame_ensure_space (frame, height);
  for (guint i = 0; i < n_cells; i++)
    draw_cell (frame, &cells[i], frame->y, height);
  frame->y += height;
  clear_cells (cells, n_cells);
}

static const char *
item_label (SbItem *item)
{
  return item->text != NULL ? item->text : item->field->label;
}

static void
single_row (SbFrame *frame,
            SbItem  *item)
{
  g_autofree char *value = sb_frame_dup_value (frame, item->field, SB_NO_TASKBOOK);
  Cell cells[2];

  cells[0] = label_cell (frame, 0, 2, item_label (item));
  cells[1] = value_cell (frame, 2, 3, value, item_label (item));
  table_row (frame, cells, 2);
}

static void
pair_row (SbFrame *frame,
          SbItem  *first,
          SbItem  *second,
          guint    label_column)
{
  g_autofree char *value1 = sb_frame_dup_value (frame, first->field, SB_NO_TASKBOOK);
  g_autofree char *value2 = sb_frame_dup_value (frame, second->field, SB_NO_TASKBOOK);
  Cell cells[4];

  cells[0] = label_cell (frame, label_column, 2 - label_column, item_label (first));
  cells[1] = value_cell (frame, 2, 1, value1, item_label (first));
  cells[2] = label_cell (frame, 3, 1, item_label (second));
  cells[3] = value_cell (frame, 4, 1, value2, item_label (second));
  table_row (frame, cells, 4);
}

/* 负责人 / 联系人: the group's name spans its rows of label-value pairs,
 * and the block stays on one page. */
static guint
group_block (SbFrame    *frame,
             SbDocument *document,
             guint       first)
{
  SbItem *head = g_ptr_array_index (document->items, first);
  const char *group = head->field->group;
  g_autoptr(PangoLayout) group_layout = NULL;
  double heights[16];
  double total = 0;
  guint end = first;
  guint n_rows;
  double y;

  while (end < document->items->len)
    {
      SbItem *item = g_ptr_array_index (document->items, end);
      if (item->kind != SB_ITEM_FIELD || g_strcmp0 (item->field->group, group) != 0)
        break;
      end++;
    }
  n_rows = MIN ((end - first + 1) / 2, G_N_ELEMENTS (heights));

  /* Measure every row first, to keep the block together. */
  for (guint r = 0; r < n_rows; r++)
    {
      gboolean was = frame->measuring;
      frame->measuring = TRUE;
      heights[r] = MIN_ROW;
      for (guint k = 0; k < 2 && first + 2 * r + k < end; k++)
        {
          SbItem *item = g_ptr_array_index (document->items, first + 2 * r + k);
          g_autofree char *value = sb_frame_dup_value (frame, item->field, SB_NO_TASKBOOK);
          Cell cells[2] = { label_cell (frame, 1 + 2 * k, 1, item_label (item)),
                            value_cell (frame, 2 + 2 * k, 1, value, item_label (item)) };
          heights[r] = MAX (heights[r], cells_height (cells, 2));
          clear_cells (cells, 2);
        }
      frame->measuring = was;
      total += heights[r];
    }

  sb_frame_ensure_space (frame, total);
  y = frame->y;
  group_layout = sb_frame_layout (frame, SB_STYLE_CELL_LABEL, group,
                                  span_width (0, 1) - 2 * PAD_X, group);
  {
    Cell cell = { 0, 1, group_layout, TRUE };
    draw_cell (frame, &cell, y, total);
  }
  for (guint r = 0; r < n_rows; r++)
    {
      for (guint k = 0; k < 2; k++)
        {
          SbItem *item = first + 2 * r + k < end
            ? g_ptr_array_index (document->items, first + 2 * r + k) : NULL;
          g_autofree char *value = item != NULL
            ? sb_frame_dup_value (frame, item->field, SB_NO_TASKBOOK) : g_strdup ("");
          Cell cells[2] = {
            label_cell (frame, 1 + 2 * k, 1, item != NULL ? item_label (item) : ""),
            value_cell (frame, 2 + 2 * k, 1, value, item != NULL ? item_label (item) : NULL) };

          draw_cell (frame, &cells[0], y, heights[r]);
          draw_cell (frame, &cells[1], y, heights[r]);
          clear_cells (cells, 2);
        }
      y += heights[r];
    }
  frame->y = y;
  return end;
}

/* A tall cell (单位简介): it breaks between lines across pages, and the
 * label is repeated with "（续）" on the next. */
static void
flowing_row (SbFrame    *frame,
             const char *label,
             PangoLayout *layout,
             double      min_height)
{
  g_autoptr(GArray) lines = sb_frame_layout_lines (layout);
  double value_x = column_x (frame, 2);
  guint i = 0;
  gboolean first = TRUE;

  do
    {
      double space = sb_frame_space_left (frame) - 2 * PAD_Y;
      double origin = g_array_index (lines, SbLine, i).top;
      double rest = g_array_index (lines, SbLine, lines->len - 1).top
        + g_array_index (lines, SbLine, lines->len - 1).height - origin;
      guint end = i;
      double height;

      while (end < lines->len
             && g_array_index (lines, SbLine, end).top
                + g_array_index (lines, SbLine, end).height - origin <= space + 0.5)
        end++;
      /* Fewer than three lines at a page foot is not worth a segment. */
      if (end < lines->len && end - i < 3 && frame->y > SB_MARGIN_TOP + 0.5)
        {
          sb_frame_new_page (frame);
          value_x = column_x (frame, 2);
          continue;
        }
      if (end == i)
        end = i + 1;

      if (end == lines->len)
        height = MIN (MAX (rest + 2 * PAD_Y, first ? min_height : 0),
                      MAX (space + 2 * PAD_Y, rest + 2 * PAD_Y));
      else
        height = sb_frame_space_left (frame);  /* fill the page: a clean foot */

      {
        g_autofree char *text = first ? g_strdup (label) : g_strconcat (label, "（续）", NULL);
        Cell cell = label_cell (frame, 0, 2, text);
        draw_cell (frame, &cell, frame->y, height);
        clear_cells (&cell, 1);
      }
      stroke_rect (frame, value_x, frame->y, span_width (2, 3), height);
      sb_frame_draw_lines (frame, lines, i, end, value_x + PAD_X, frame->y + PAD_Y);
      frame->y += height;
      i = end;
      first = FALSE;
      if (i < lines->len)
        {
          sb_frame_new_page (frame);
          value_x = column_x (frame, 2);
        }
    }
  while (i < lines->len && !sb_frame_failed (frame));
}

static void
multiline_row (SbFrame *frame,
               SbItem  *item)
{
  g_autofree char *value = sb_frame_dup_value (frame, item->field, SB_NO_TASKBOOK);
  g_autoptr(PangoLayout) layout = NULL;

  layout = sb_frame_value_layout (frame, SB_STYLE_CELL_BODY, value,
                                  span_width (2, 3) - 2 * PAD_X, item_label (item));
  flowing_row (frame, item_label (item), layout, MIN_TALL);
}

/* The directions as the notice lists them, ticked or not. The hint's
 * first sentence, when short, is the list's printed heading. */
static void
choices_row (SbFrame *frame,
             SbItem  *item)
{
  SbField *field = item->field;
  GString *text = g_string_new (NULL);
  g_autofree char *value = NULL;
  Cell cells[2];

  if (field->hint != NULL)
    {
      const char *stop = strstr (field->hint, "。");
      if (stop != NULL && g_utf8_strlen (field->hint, stop - field->hint) <= 12)
        g_string_append_len (text, field->hint, stop - field->hint);
    }
  for (guint i = 0; field->choices != NULL && i < field->choices->len; i++)
    {
      SbChoice *choice = g_ptr_array_index (field->choices, i);
      gboolean ticked = sb_submission_has_choice (frame->submission, field->id, choice->id);

      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append_printf (text, "%s %s", ticked ? "☑" : "☐", choice->label);
    }
  value = g_string_free (text, FALSE);

  cells[0] = label_cell (frame, 0, 2, item_label (item));
  cells[1] = value_cell (frame, 2, 3, value, item_label (item));
  table_row (frame, cells, 2);
}

/* 真实性承诺: a heading whose paragraphs and sign places fill one cell. */
static guint
statement_row (SbFrame    *frame,
               SbDocument *document,
               guint       first)
{
  SbItem *head = g_ptr_array_index (document->items, first);
  double width = span_width (2, 3) - 2 * PAD_X;
  g_autoptr(GPtrArray) paragraphs = g_ptr_array_new_with_free_func (g_object_unref);
  double text_height = 0;
  guint end = first + 1;
  guint sign_start;
  double sign_height, height, y, value_x;

  while (end < document->items->len)
    {
      SbItem *item = g_ptr_array_index (document->items, end);
      if (item->kind != SB_ITEM_PARAGRAPH && item->kind != SB_ITEM_SIGN)
        break;
      end++;
    }
  sign_start = sb_frame_find_sign_block (document, first + 1, end);
  for (guint i = first + 1; i < sign_start; i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);
      g_autofree char *text = sb_frame_expand_slots (frame, item->text, SB_NO_TASKBOOK, NULL);
      PangoLayout *layout = sb_frame_layout (frame, SB_STYLE_CELL_BODY, text, width, item->text);

      text_height += sb_frame_layout_height (layout);
      g_ptr_array_add (paragraphs, layout);
    }
  sign_height = sb_frame_sign_block (frame, document, sign_start, end, SB_STYLE_CELL,
                                     0, 0, width * 0.5, TRUE);
  height = text_height + sign_height + 2 * PAD_Y
    + (sign_start < end ? 2 * sb_frame_line_height (frame, SB_STYLE_CELL) : 0);

  sb_frame_ensure_space (frame, height);
  {
    Cell cell = label_cell (frame, 0, 2, head->text);
    draw_cell (frame, &cell, frame->y, height);
    clear_cells (&cell, 1);
  }
  value_x = column_x (frame, 2);
  stroke_rect (frame, value_x, frame->y, span_width (2, 3), height);
  y = frame->y + PAD_Y;
  for (guint i = 0; i < paragraphs->len; i++)
    {
      PangoLayout *layout = g_ptr_array_index (paragraphs, i);
      sb_frame_draw_layout (frame, layout, value_x + PAD_X, y);
      y += sb_frame_layout_height (layout);
    }
  y += 2 * sb_frame_line_height (frame, SB_STYLE_CELL);
  sb_frame_sign_block (frame, document, sign_start, end, SB_STYLE_CELL,
                       value_x + PAD_X + width * 0.5, y, width * 0.5, FALSE);
  frame->y += height;
  return end;
}

/* A field with a short pinned format (a postcode) shares the row of the
 * field before it, as 邮政编码 does with 通讯地址 in the notice. */
static gboolean
is_short_field (SbFrame *frame,
                SbItem  *item)
{
  SbFormat *format;

  if (item->kind != SB_ITEM_FIELD || item->field->group != NULL
      || item->field->type != SB_FIELD_TEXT || item->field->format == NULL)
    return FALSE;
  format = sb_template_get_format (frame->template, item->field->format);
  return format != NULL && format->example != NULL && strlen (format->example) <= 8;
}

static guint
field_rows (SbFrame    *frame,
            SbDocument *document,
            guint       i)
{
  SbItem *item = g_ptr_array_index (document->items, i);
  SbItem *next = i + 1 < document->items->len
    ? g_ptr_array_index (document->items, i + 1) : NULL;

  if (item->field->group != NULL)
    return group_block (frame, document, i);
  switch (item->field->type)
    {
    case SB_FIELD_MULTILINE:
      multiline_row (frame, item);
      return i + 1;
    case SB_FIELD_CHOICES:
      choices_row (frame, item);
      return i + 1;
    case SB_FIELD_TEXT:
    case SB_FIELD_DATE:
    default:
      if (next != NULL && !is_short_field (frame, item) && is_short_field (frame, next))
        {
          pair_row (frame, item, next, 0);
          return i + 2;
        }
      single_row (frame, item);
      return i + 1;
    }
}

static gboolean
is_section_heading (const char *text)
{
  static const char *numerals[] = { "一、", "二、", "三、", "四、", "五、", "六、", "七、",
                                    "八、", "九、", "十、" };

  for (guint i = 0; i < G_N_ELEMENTS (numerals); i++)
    if (g_str_has_prefix (text, numerals[i]))
      return TRUE;
  return FALSE;
}

void
sb_frame_table_form (SbFrame    *frame,
                     SbDocument *document)
{
  guint i = 0;

  sb_frame_begin_document (frame, document->title);
  sb_frame_title (frame, document->title);

  while (i < document->items->len && !sb_frame_failed (frame))
    {
      SbItem *item = g_ptr_array_index (document->items, i);

      switch (item->kind)
        {
        case SB_ITEM_HEADING:
          if (is_section_heading (item->text))
            {
              /* A little air above every section but the first. */
              if (frame->y > SB_MARGIN_TOP + 60)
                frame->y += 12;
              sb_frame_heading (frame, SB_STYLE_HEADING, item->text, 0);
              frame->y += 6;
              i++;
            }
          else
            i = statement_row (frame, document, i);
          break;
        case SB_ITEM_FIELD:
          i = field_rows (frame, document, i);
          break;
        case SB_ITEM_PARAGRAPH:
        case SB_ITEM_SIGN:
        default:
          sb_frame_paragraph (frame, SB_STYLE_BODY, item->text, item->text);
          i++;
          break;
        }
    }
}
