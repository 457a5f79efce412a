/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-frame-private.h"

#define INDENT  28.0   /* 2 字 of 四号 body text */

/* Values as printed */

static int
field_taskbook (SbField *field,
                int      taskbook)
{
  return field->per_taskbook ? taskbook : SB_NO_TASKBOOK;
}

/* "2025-04-22" as "2025 年 4 月 22 日"; an empty date leaves blanks to
 * fill by hand, in the call's year. */
char *
sb_frame_format_date (SbFrame    *frame,
                      const char *date)
{
  int year, month, day;
  const char *open = sb_template_get_window_open (frame->template);

  if (date != NULL && sscanf (date, "%4d-%2d-%2d", &year, &month, &day) == 3)
    return g_strdup_printf ("%d 年 %d 月 %d 日", year, month, day);
  if (open != NULL && sscanf (open, "%4d", &year) == 1)
    return g_strdup_printf ("%d 年　　月　　日", year);
  return g_strdup ("　　　　年　　月　　日");
}

char *
sb_frame_dup_value (SbFrame *frame,
                    SbField *field,
                    int      taskbook)
{
  int tb = field_taskbook (field, taskbook);

  switch (field->type)
    {
    case SB_FIELD_DATE:
      if (sb_submission_is_empty (frame->submission, tb, field->id))
        return g_strdup ("");
      return sb_frame_format_date (frame, sb_submission_get_text (frame->submission, tb,
                                                                  field->id));
    case SB_FIELD_CHOICES:
      {
        g_auto(GStrv) ids = sb_submission_dup_choices (frame->submission, field->id);
        GString *out = g_string_new (NULL);

        for (guint i = 0; ids[i] != NULL; i++)
          {
            const char *label = sb_template_get_choice_label (frame->template, ids[i]);

            if (out->len > 0)
              g_string_append_c (out, '\n');
            g_string_append (out, label != NULL ? label : ids[i]);
          }
        return g_string_free (out, FALSE);
      }
    case SB_FIELD_TEXT:
    case SB_FIELD_MULTILINE:
    default:
      return g_strdup (sb_submission_get_text (frame->submission, tb, field->id));
    }
}

static const char *
item_label (SbItem *item)
{
  return item->text != NULL ? item->text : item->field->label;
}

/* Fills "{field id}" slots; the values are underlined like filled-in
 * blanks (attrs may be NULL). */
char *
sb_frame_expand_slots (SbFrame       *frame,
                       const char    *text,
                       int            taskbook,
                       PangoAttrList *attrs)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      const char *open = strchr (p, '{');
      const char *close = open != NULL ? strchr (open, '}') : NULL;
      g_autofree char *id = NULL;
      SbField *field;

      if (close == NULL)
        {
          g_string_append (out, p);
          break;
        }
      g_string_append_len (out, p, open - p);
      id = g_strndup (open + 1, close - open - 1);
      field = sb_template_get_field (frame->template, id);
      if (field == NULL)
        g_string_append_len (out, open, close + 1 - open);
      else
        {
          g_autofree char *value = sb_frame_dup_value (frame, field, taskbook);
          guint start = out->len;

          /* An empty slot stays a blank to write in. */
          g_string_append (out, *value != '\0' ? value : "　　　　　　");
          if (attrs != NULL)
            {
              PangoAttribute *attr = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
              attr->start_index = start;
              attr->end_index = out->len;
              pango_attr_list_insert (attrs, attr);
            }
        }
      p = close + 1;
    }
  return g_string_free (out, FALSE);
}

/* 封面 */

static void
cover_title (SbFrame    *frame,
             const char *title)
{
  static const char *tail = "申报材料";
  g_autofree char *head = NULL;
  g_autoptr(PangoLayout) first = NULL;
  double left = sb_frame_left (frame);

  /* The call's name on one line, "申报材料" large beneath it. */
  if (g_str_has_suffix (title, tail) && strlen (title) > strlen (tail))
    head = g_strndup (title, strlen (title) - strlen (tail));
  else
    head = g_strdup (title);
  g_strchomp (head);

  frame->y = SB_MARGIN_TOP + 40;
  first = sb_frame_layout (frame, SB_STYLE_COVER_TITLE, head, -1, title);
  /* One line if at all possible: a title broken before its last word
   * looks careless. */
  sb_frame_shrink_to_fit (first, SB_TEXT_WIDTH, 16);
  pango_layout_set_width (first, pango_units_from_double (SB_TEXT_WIDTH));
  sb_frame_draw_layout (frame, first, left, frame->y);
  frame->y += sb_frame_layout_height (first) + 36;
  if (strcmp (head, title) != 0)
    {
      g_autoptr(PangoLayout) big = sb_frame_layout (frame, SB_STYLE_COVER_BIG, tail,
                                                    SB_TEXT_WIDTH, NULL);
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (18 * PANGO_SCALE));
      sb_frame_set_attributes (frame, big, attrs, NULL);
      pango_attr_list_unref (attrs);
      sb_frame_draw_layout (frame, big, left, frame->y);
    }
}

/* "（加盖单位公章）" follows the value, smaller, and whole: when it
 * would be broken in two, it starts a line of its own. */
static void
add_suffix (SbFrame     *frame,
            PangoLayout *layout,
            const char  *value,
            const char  *suffix,
            const char  *where)
{
  for (guint attempt = 0; attempt < 2; attempt++)
    {
      const char *separator = attempt == 0 || *value == '\0' ? "" : "\n";
      g_autofree char *text = g_strconcat (value, separator, suffix, NULL);
      PangoAttrList *attrs = pango_attr_list_new ();
      PangoAttribute *size = pango_attr_size_new (12 * PANGO_SCALE);
      int start = strlen (value) + strlen (separator);
      int first_line, last_line;

      size->start_index = start;
      pango_attr_list_insert (attrs, size);
      pango_layout_set_text (layout, text, -1);
      sb_frame_set_attributes (frame, layout, attrs, where);
      pango_attr_list_unref (attrs);

      pango_layout_index_to_line_x (layout, start, FALSE, &first_line, NULL);
      pango_layout_index_to_line_x (layout, strlen (text) - 1, FALSE, &last_line, NULL);
      if (first_line == last_line)
        return;
    }
}

static void
cover_row (SbFrame    *frame,
           SbItem     *item,
           double      label_x,
           double      label_width,
           double      value_width)
{
  g_autofree char *value = sb_frame_dup_value (frame, item->field, SB_NO_TASKBOOK);
  g_autofree char *label = g_strdup_printf ("%s：", item_label (item));
  g_autoptr(PangoLayout) label_layout = NULL;
  g_autoptr(PangoLayout) value_layout = NULL;
  g_autoptr(GArray) lines = NULL;
  double value_x = label_x + label_width;

  label_layout = sb_frame_layout (frame, SB_STYLE_COVER_LABEL, label, -1, label);
  value_layout = sb_frame_layout (frame, SB_STYLE_COVER_VALUE, value, value_width - 8,
                                  item_label (item));
  if (item->suffix != NULL)
    add_suffix (frame, value_layout, value, item->suffix, item_label (item));

  lines = sb_frame_layout_lines (value_layout);
  sb_frame_draw_layout (frame, label_layout, label_x, frame->y);
  for (guint i = 0; i < lines->len; i++)
    {
      SbLine *line = &g_array_index (lines, SbLine, i);
      double base = frame->y + line->baseline;

      sb_frame_draw_lines (frame, lines, i, i + 1, value_x + 4, frame->y + line->top);
      if (!frame->measuring)
        {
          /* The notice's blanks: a rule under every line of the value. */
          cairo_set_line_width (frame->cr, 0.75);
          cairo_move_to (frame->cr, value_x, base + 5);
          cairo_line_to (frame->cr, value_x + value_width, base + 5);
          cairo_stroke (frame->cr);
        }
    }
  frame->y += sb_frame_layout_height (value_layout) + 20;
}

void
sb_frame_cover (SbFrame    *frame,
                SbDocument *document)
{
  double label_width = 0;
  double block_width = SB_TEXT_WIDTH - 40;
  double label_x;

  sb_frame_begin_document (frame, document->short_title);
  cover_title (frame, document->title);

  for (guint i = 0; i < document->items->len; i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);
      g_autofree char *label = NULL;
      g_autoptr(PangoLayout) layout = NULL;

      if (item->kind != SB_ITEM_FIELD)
        continue;
      label = g_strdup_printf ("%s：", item_label (item));
      layout = sb_frame_layout (frame, SB_STYLE_COVER_LABEL, label, -1, NULL);
      label_width = MAX (label_width, sb_frame_layout_width (layout));
    }

  /* The fields sit in the lower half, as a centred block. */
  label_x = sb_frame_left (frame) + (SB_TEXT_WIDTH - block_width) / 2;
  frame->y = SB_PAGE_HEIGHT * 0.45;
  for (guint i = 0; i < document->items->len && !sb_frame_failed (frame); i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);

      if (item->kind == SB_ITEM_FIELD)
        cover_row (frame, item, label_x, label_width, block_width - label_width);
    }
}

/* Places to sign or stamp */

static gboolean
is_sign_item (SbItem *item)
{
  if (item->kind == SB_ITEM_SIGN)
    return TRUE;
  return item->kind == SB_ITEM_FIELD
    && (item->field->type == SB_FIELD_DATE || item->suffix != NULL);
}

guint
sb_frame_find_sign_block (SbDocument *document,
                          guint       first_item,
                          guint       end_item)
{
  guint start = end_item;

  while (start > first_item && is_sign_item (g_ptr_array_index (document->items, start - 1)))
    start--;
  return start;
}

static char *
sign_item_text (SbFrame *frame,
                SbItem  *item,
                int      taskbook)
{
  g_autofree char *value = NULL;

  if (item->kind == SB_ITEM_SIGN)
    return g_strdup (item->text);
  /* A date prints alone, as the notice's "年 月 日" line. */
  if (item->field->type == SB_FIELD_DATE)
    {
      const char *date = sb_submission_get_text (frame->submission,
                                                 field_taskbook (item->field, taskbook),
                                                 item->field->id);
      return sb_frame_format_date (frame, *date != '\0' ? date : NULL);
    }
  value = sb_frame_dup_value (frame, item->field, taskbook);
  return g_strdup_printf ("%s：%s%s", item_label (item), *value != '\0' ? value : "　　　　",
                          item->suffix != NULL ? item->suffix : "");
}

double
sb_frame_sign_block (SbFrame    *frame,
                     SbDocument *document,
                     guint       first_item,
                     guint       end_item,
                     SbStyle     style,
                     double      x,
                     double      y,
                     double      width,
                     gboolean    measure)
{
  gboolean was_measuring = frame->measuring;
  double line = sb_frame_line_height (frame, style);
  double top = y;

  frame->measuring |= measure;
  for (guint i = first_item; i < end_item; i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);
      g_autofree char *text = sign_item_text (frame, item, SB_NO_TASKBOOK);
      g_autoptr(PangoLayout) layout = sb_frame_layout (frame, style, text, width, text);

      sb_frame_draw_layout (frame, layout, x, y);
      y += sb_frame_layout_height (layout);
      /* Room for a signature or a 4 cm stamp to overlap the lines. */
      if (i + 1 < end_item)
        y += line;
    }
  frame->measuring = was_measuring;
  return y - top;
}

/* 填报须知, 承诺书: prose with fields in it */

static void
prose_field (SbFrame *frame,
             SbItem  *item,
             int      taskbook)
{
  g_autofree char *value = sb_frame_dup_value (frame, item->field, taskbook);
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  PangoAttrList *attrs = pango_attr_list_new ();
  PangoAttribute *underline = pango_attr_underline_new (PANGO_UNDERLINE_SINGLE);
  const char *label = item_label (item);

  text = g_strdup_printf ("%s：%s%s", label, *value != '\0' ? value : "　　　　　　",
                          item->suffix != NULL ? item->suffix : "");
  underline->start_index = strlen (label) + strlen ("：");
  underline->end_index = strlen (text) - (item->suffix != NULL ? strlen (item->suffix) : 0);
  pango_attr_list_insert (attrs, underline);

  layout = sb_frame_layout (frame, SB_STYLE_BODY, text, SB_TEXT_WIDTH, NULL);
  sb_frame_set_attributes (frame, layout, attrs, label);
  pango_attr_list_unref (attrs);
  sb_frame_flow_layout (frame, layout, 0);
}

static void
prose_paragraph (SbFrame    *frame,
                 const char *text,
                 int         taskbook)
{
  PangoAttrList *attrs = pango_attr_list_new ();
  g_autofree char *expanded = sb_frame_expand_slots (frame, text, taskbook, attrs);
  g_autoptr(PangoLayout) layout = sb_frame_layout (frame, SB_STYLE_BODY, expanded,
                                                   SB_TEXT_WIDTH, NULL);

  sb_frame_set_attributes (frame, layout, attrs, text);
  pango_attr_list_unref (attrs);
  sb_frame_flow_layout (frame, layout, 0);
}

void
sb_frame_prose (SbFrame    *frame,
                SbDocument *document,
                int         taskbook)
{
  guint n = document->items->len;
  guint sign_start = sb_frame_find_sign_block (document, 0, n);

  sb_frame_begin_document (frame, document->title);
  sb_frame_title (frame, document->title);

  for (guint i = 0; i < sign_start && !sb_frame_failed (frame); i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);

      switch (item->kind)
        {
        case SB_ITEM_HEADING:
          sb_frame_heading (frame, SB_STYLE_HEADING, item->text, INDENT);
          break;
        case SB_ITEM_PARAGRAPH:
          prose_paragraph (frame, item->text, taskbook);
          break;
        case SB_ITEM_FIELD:
          prose_field (frame, item, taskbook);
          break;
        case SB_ITEM_SIGN:
        default:
          sb_frame_paragraph (frame, SB_STYLE_BODY_FLUSH, item->text, item->text);
          break;
        }
    }

  if (sign_start < n && !sb_frame_failed (frame))
    {
      double x = sb_frame_left (frame) + SB_TEXT_WIDTH * 0.45;
      double width = SB_TEXT_WIDTH * 0.55;
      double line = sb_frame_line_height (frame, SB_STYLE_BODY);
      double height = sb_frame_sign_block (frame, document, sign_start, n, SB_STYLE_BODY_FLUSH,
                                           x, 0, width, TRUE);

      frame->y += 2 * line;
      sb_frame_ensure_space (frame, height);
      x = sb_frame_left (frame) + SB_TEXT_WIDTH * 0.45;
      frame->y += sb_frame_sign_block (frame, document, sign_start, n, SB_STYLE_BODY_FLUSH,
                                       x, frame->y, width, FALSE);
    }
}

/* 揭榜任务书 */

/* "一、…" is a first-level heading even when a field's label says it. */
static gboolean
starts_with_section_number (const char *text)
{
  static const char *numerals = "一二三四五六七八九十";
  const char *sep = strstr (text, "、");

  if (sep == NULL || sep == text)
    return FALSE;
  for (const char *p = text; p < sep; p = g_utf8_next_char (p))
    {
      char c[8] = { 0 };
      g_unichar_to_utf8 (g_utf8_get_char (p), c);
      if (strstr (numerals, c) == NULL)
        return FALSE;
    }
  return TRUE;
}

static void
taskbook_field (SbFrame *frame,
                SbItem  *item,
                guint    taskbook)
{
  g_autofree char *value = sb_frame_dup_value (frame, item->field, taskbook);
  const char *label = item_label (item);

  if (starts_with_section_number (label))
    sb_frame_heading (frame, SB_STYLE_HEADING, label, INDENT);
  else
    sb_frame_heading (frame, SB_STYLE_SUBHEADING, label, INDENT);

  /* An optional part left empty says so rather than leave a gap. */
  if (*value == '\0' && !item->field->required)
    sb_frame_paragraph (frame, SB_STYLE_BODY, "无。", NULL);
  else
    sb_frame_paragraph (frame, SB_STYLE_BODY, value, label);
}

void
sb_frame_taskbook (SbFrame    *frame,
                   SbDocument *document,
                   guint       taskbook)
{
  const char *direction = sb_submission_get_taskbook_direction (frame->submission, taskbook);
  const char *label = sb_template_get_choice_label (frame->template, direction);
  g_autofree char *title = g_strdup_printf ("%s（%s）", document->title,
                                            label != NULL ? label : direction);

  sb_frame_begin_document (frame, title);
  sb_frame_title (frame, title);

  for (guint i = 0; i < document->items->len && !sb_frame_failed (frame); i++)
    {
      SbItem *item = g_ptr_array_index (document->items, i);

      switch (item->kind)
        {
        case SB_ITEM_HEADING:
          sb_frame_heading (frame, SB_STYLE_HEADING, item->text, INDENT);
          break;
        case SB_ITEM_PARAGRAPH:
          prose_paragraph (frame, item->text, taskbook);
          break;
        case SB_ITEM_FIELD:
          taskbook_field (frame, item, taskbook);
          break;
        case SB_ITEM_SIGN:
        default:
          sb_frame_paragraph (frame, SB_STYLE_BODY_FLUSH, item->text, item->text);
          break;
        }
    }
}
