/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-text.h"

static void
test_empty (void)
{
  g_assert_cmpuint (sb_text_count_chars (NULL), ==, 0);
  g_assert_cmpuint (sb_text_count_chars (""), ==, 0);
  g_assert_cmpuint (sb_text_count_chars (" \t\n\r  "), ==, 0);
}

static void
test_cjk (void)
{
  g_assert_cmpuint (sb_text_count_chars ("人工智能"), ==, 4);
  /* Extension B (U+20BB7 𠮷) and a compatibility ideograph (U+F900). */
  g_assert_cmpuint (sb_text_count_chars ("𠮷野家豈"), ==, 4);
  /* Kana and hangul count like Han. */
  g_assert_cmpuint (sb_text_count_chars ("ひらがなカタカナ"), ==, 8);
  g_assert_cmpuint (sb_text_count_chars ("한국어"), ==, 3);
  /* Half-width katakana are CJK too. */
  g_assert_cmpuint (sb_text_count_chars ("ｶﾀｶﾅ"), ==, 4);
}

static void
test_latin_runs (void)
{
  g_assert_cmpuint (sb_text_count_chars ("hello"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("hello world"), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("AI4S"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("3.5"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("GPT-4o"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("2025-04-22"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("naïve café Ωmega"), ==, 3);
  g_assert_cmpuint (sb_text_count_chars ("Hello, world."), ==, 2);
}

static void
test_mixed (void)
{
  /* 基于 2 + GPT-4o 1 + 的 1 + AI4S 1 + 模型 2 */
  g_assert_cmpuint (sb_text_count_chars ("基于GPT-4o的AI4S模型"), ==, 7);
  g_assert_cmpuint (sb_text_count_chars ("基于 GPT-4o 的 AI4S 模型"), ==, 7);
  /* 2025 1 + 年 1 + 4 1 + 月 1 */
  g_assert_cmpuint (sb_text_count_chars ("2025年4月"), ==, 4);
  /* 提升 2 + 3.5 1 + 倍 1 */
  g_assert_cmpuint (sb_text_count_chars ("提升3.5倍"), ==, 4);
}

static void
test_fullwidth_punctuation (void)
{
  /* ， 。 、 ： ； ！ ？ （ ） 《 》 “ ” ‘ ’ … — · each count 1. */
  g_assert_cmpuint (sb_text_count_chars ("，。、：；！？"), ==, 7);
  g_assert_cmpuint (sb_text_count_chars ("（）《》【】"), ==, 6);
  g_assert_cmpuint (sb_text_count_chars ("“”‘’"), ==, 4);
  g_assert_cmpuint (sb_text_count_chars ("……——·"), ==, 5);
  g_assert_cmpuint (sb_text_count_chars ("你好，世界。"), ==, 6);
  /* Full-width punctuation ends a Latin run. */
  g_assert_cmpuint (sb_text_count_chars ("AI（人工智能）"), ==, 7);
  /* Symbols common in Chinese documents. */
  g_assert_cmpuint (sb_text_count_chars ("①②③"), ==, 3);
  g_assert_cmpuint (sb_text_count_chars ("37℃"), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("≥90%"), ==, 2);
}

static void
test_ascii_punctuation (void)
{
  /* Standing alone, ASCII punctuation counts 1, as in Word. */
  g_assert_cmpuint (sb_text_count_chars ("我们,你们"), ==, 5);
  g_assert_cmpuint (sb_text_count_chars ("a - b"), ==, 3);
  g_assert_cmpuint (sb_text_count_chars ("好..."), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("(AI)"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("!"), ==, 1);
}

static void
test_fullwidth_alnum (void)
{
  /* Full-width letters and digits form runs like ASCII ones. */
  g_assert_cmpuint (sb_text_count_chars ("２０２５"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("２０２５年"), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("ＡＩ４Ｓ"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("ＡＩ　ＡＩ"), ==, 2);
  /* Other full-width forms are punctuation and count 1 each. */
  g_assert_cmpuint (sb_text_count_chars ("＃＄％"), ==, 3);
  g_assert_cmpuint (sb_text_count_chars ("ＡＩ，"), ==, 2);
}

static void
test_whitespace (void)
{
  /* U+3000 ideographic space, tab, newlines, NBSP and U+2003. */
  g_assert_cmpuint (sb_text_count_chars ("人　工\t智\n能\r\n"), ==, 4);
  g_assert_cmpuint (sb_text_count_chars ("　　"), ==, 0);
  g_assert_cmpuint (sb_text_count_chars ("a\xc2\xa0" "b\xe2\x80\x83" "c"), ==, 3);
  g_assert_cmpuint (sb_text_count_chars ("a　b"), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("a\nb"), ==, 2);
}

static void
test_emoji (void)
{
  g_assert_cmpuint (sb_text_count_chars ("😀"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("好😀好"), ==, 3);
  g_assert_cmpuint (sb_text_count_chars ("😀😀"), ==, 2);
  /* Skin tone, ZWJ family, variation selector, flag: one each. */
  g_assert_cmpuint (sb_text_count_chars ("👍🏽"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("👨‍👩‍👧"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("❤️"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("🇨🇳"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("🇨🇳🇫🇷"), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("ok👍"), ==, 2);
}

static void
test_marks_and_format (void)
{
  /* A combining accent continues its word; U+200B does not count. */
  g_assert_cmpuint (sb_text_count_chars ("cafe\xcc\x81"), ==, 1);
  g_assert_cmpuint (sb_text_count_chars ("\xe2\x80\x8b"), ==, 0);
  g_assert_cmpuint (sb_text_count_chars ("\xef\xbb\xbf人工"), ==, 2);
}

static void
test_invalid_utf8 (void)
{
  g_assert_cmpuint (sb_text_count_chars ("\xff"), ==, 0);
  g_assert_cmpuint (sb_text_count_chars ("\xff\xfe\xfd"), ==, 0);
  /* An invalid byte separates the valid parts around it. */
  g_assert_cmpuint (sb_text_count_chars ("ab\xff" "cd"), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("人\xff工"), ==, 2);
  /* A truncated sequence at the end, and one in the middle. */
  g_assert_cmpuint (sb_text_count_chars ("人工\xe6\x99"), ==, 2);
  g_assert_cmpuint (sb_text_count_chars ("人\xe6\x99工"), ==, 2);
  /* Overlong '/' and an encoded surrogate are invalid. */
  g_assert_cmpuint (sb_text_count_chars ("\xc0\xaf"), ==, 0);
  g_assert_cmpuint (sb_text_count_chars ("\xed\xa0\x80" "a"), ==, 1);
  /* A lone continuation byte. */
  g_assert_cmpuint (sb_text_count_chars ("\x80人"), ==, 1);
}

static void
test_random_bytes (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20250422);

  /* Never crash and never count more than there are bytes. */
  for (guint i = 0; i < 2000; i++)
    {
      guint len = g_rand_int_range (rand, 0, 64);
      g_autofree char *buf = g_malloc0 (len + 1);

      for (guint j = 0; j < len; j++)
        buf[j] = (char) g_rand_int_range (rand, 1, 256);
      g_assert_cmpuint (sb_text_count_chars (buf), <=, len);
    }
}

static char *
repeat (const char *unit,
        guint       n)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n; i++)
    g_string_append (s, unit);
  return g_string_free (s, FALSE);
}

static void
test_limits (void)
{
  g_autofree char *c500 = repeat ("智", 500);
  g_autofree char *c501 = g_strconcat (c500, "。", NULL);
  g_autofree char *c1000 = repeat ("能，", 500);
  g_autofree char *c1001 = g_strconcat (c1000, "AI", NULL);
  g_autofree char *spaced = g_strconcat (c1000, " \n　\t", NULL);

  g_assert_cmpuint (sb_text_count_chars (c500), ==, 500);
  g_assert_cmpuint (sb_text_count_chars (c501), ==, 501);
  g_assert_cmpuint (sb_text_count_chars (c1000), ==, 1000);
  g_assert_cmpuint (sb_text_count_chars (c1001), ==, 1001);
  g_assert_cmpuint (sb_text_count_chars (spaced), ==, 1000);
}

static void
test_speed (void)
{
  /* About 1 MB of mixed text: Han, punctuation, Latin words, spaces. */
  const char *unit = "新一代通用人工智能（AGI）创新任务，GPT-4o 与 AI4S 模型提升3.5倍。\n";
  guint per_unit = sb_text_count_chars (unit);
  guint n = (1024 * 1024) / strlen (unit);
  g_autofree char *big = repeat (unit, n);
  g_autoptr(GTimer) timer = g_timer_new ();
  guint count = 0;

  for (guint i = 0; i < 10; i++)
    count = sb_text_count_chars (big);
  g_assert_cmpuint (count, ==, per_unit * n);
  /* Ten passes; a few ms each is expected, and a generous bound keeps
   * the test stable on slow or loaded machines. */
  g_assert_cmpfloat (g_timer_elapsed (timer, NULL), <, 2.0);
  g_test_message ("1 MB counted in %.2f ms",
                  g_timer_elapsed (timer, NULL) * 100.0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/text/empty", test_empty);
  g_test_add_func ("/text/cjk", test_cjk);
  g_test_add_func ("/text/latin-runs", test_latin_runs);
  g_test_add_func ("/text/mixed", test_mixed);
  g_test_add_func ("/text/fullwidth-punctuation", test_fullwidth_punctuation);
  g_test_add_func ("/text/ascii-punctuation", test_ascii_punctuation);
  g_test_add_func ("/text/fullwidth-alnum", test_fullwidth_alnum);
  g_test_add_func ("/text/whitespace", test_whitespace);
  g_test_add_func ("/text/emoji", test_emoji);
  g_test_add_func ("/text/marks-and-format", test_marks_and_format);
  g_test_add_func ("/text/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/text/random-bytes", test_random_bytes);
  g_test_add_func ("/text/limits", test_limits);
  g_test_add_func ("/text/speed", test_speed);

  return g_test_run ();
}
