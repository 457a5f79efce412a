/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-uscc.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The algorithms again, written independently of sb-uscc.c from
 * GB 32100-2015 and GB 11714-1997, to build codes for the tests. */
static char
ref_check (const char *first17)
{
  static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29,
                                   25, 13, 8, 24, 10, 30, 28 };
  int sum = 0;
  int c;

  for (int i = 0; i < 17; i++)
    sum += (int) (strchr (alphabet, first17[i]) - alphabet) * weights[i];
  c = 31 - sum % 31;
  return alphabet[c == 31 ? 0 : c];
}

static char
ref_org_check (const char *first8)
{
  static const int weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  int sum = 0;
  int c;

  for (int i = 0; i < 8; i++)
    {
      char ch = first8[i];

      sum += (g_ascii_isdigit (ch) ? ch - '0' : ch - 'A' + 10) * weights[i];
    }
  c = 11 - sum % 11;
  return c == 11 ? '0' : c == 10 ? 'X' : (char) ('0' + c);
}

/* A valid code: random registration type, region and organisation body. */
static void
make_code (GRand *rand,
           char   code[19])
{
  static const char *types[] = { "11", "12", "31", "51", "52", "91", "92", "93" };

  memcpy (code, types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))], 2);
  for (int i = 2; i < 8; i++)
    code[i] = '0' + g_rand_int_range (rand, 0, 10);
  for (int i = 8; i < 16; i++)
    code[i] = alphabet[g_rand_int_range (rand, 0, 31)];
  code[16] = ref_org_check (code + 8);
  code[17] = ref_check (code);
  code[18] = '\0';
}

static void
test_known_codes (void)
{
  /* Both verified by hand with the algorithms above. */
  g_assert_cmpint (sb_uscc_check ("91350100M000100Y43"), ==, SB_USCC_OK);
  g_assert_cmpint (sb_uscc_check ("91110000802100433B"), ==, SB_USCC_OK);
  /* The fictional unit of data/samples/sample-submission.json. */
  g_assert_cmpint (sb_uscc_check ("91310115MA1HX7Q25T"), ==, SB_USCC_OK);
  g_assert_cmpint (sb_uscc_check_character ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (sb_uscc_org_check_character ("M000100Y"), ==, '4');

  /* Often quoted as an example, but its check character computes to 'W';
   * its organisation code 71785450-5 is right. */
  g_assert_cmpint (sb_uscc_check ("91310000717854505U"), ==, SB_USCC_BAD_CHECKSUM);
  g_assert_cmpint (sb_uscc_check_character ("91310000717854505"), ==, 'W');
  g_assert_cmpint (sb_uscc_check ("91310000717854505W"), ==, SB_USCC_OK);
}

static void
test_org_check (void)
{
  /* GB 11714 known values, including the 10 → X and 11 → 0 cases. */
  g_assert_cmpint (sb_uscc_org_check_character ("71785450"), ==, '5');
  g_assert_cmpint (sb_uscc_org_check_character ("80210043"), ==, '3');
  g_assert_cmpint (sb_uscc_org_check_character ("00000000"), ==, '0');
  g_assert_cmpint (sb_uscc_org_check_character ("00000001"), ==, '9');
  g_assert_cmpint (sb_uscc_org_check_character ("00000006"), ==, 'X');
  /* Letters count by their place in the whole Latin alphabet (Z = 35). */
  g_assert_cmpint (sb_uscc_org_check_character ("Z0000000"), ==, '5');
  g_assert_cmpint (sb_uscc_org_check_character ("0000000a"), ==, 0);
  g_assert_cmpint (sb_uscc_org_check_character ("0000"), ==, 0);
}

static void
test_random_valid (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (32100);

  for (guint i = 0; i < 2000; i++)
    {
      char code[19];

      make_code (rand, code);
      g_assert_cmpint (sb_uscc_check (code), ==, SB_USCC_OK);
      g_assert_cmpint (sb_uscc_check_character (code), ==, code[17]);
      g_assert_cmpint (sb_uscc_org_check_character (code + 8), ==, code[16]);
    }
}

static void
test_flipped_character (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (11714);

  for (guint i = 0; i < 2000; i++)
    {
      char code[19];
      int pos;
      char old;
      SbUsccResult result;

      make_code (rand, code);
      pos = g_rand_int_range (rand, 0, 18);
      old = code[pos];
      do
        code[pos] = alphabet[g_rand_int_range (rand, 0, 31)];
      while (code[pos] == old);

      result = sb_uscc_check (code);
      /* Weights 3^k mod 31 are never 0 mod 31: one changed character
       * always breaks the check character, except the check itself. */
      if (pos < 17)
        g_assert_true (result & SB_USCC_BAD_CHECKSUM);
      else
        g_assert_cmpint (result, ==, SB_USCC_BAD_CHECKSUM);
      /* A change in characters 9–17 breaks the organisation code too,
       * unless it lands on the same value mod 11 (2 and D, say). */
      if (pos < 8)
        g_assert_false (result & SB_USCC_BAD_ORG_CODE);
      g_assert_false (result & (SB_USCC_BAD_LENGTH | SB_USCC_BAD_CHARACTER));
    }
}

static void
test_org_code_only (void)
{
  /* A wrong organisation check with a correct overall check character. */
  char code[19] = "91310000717854506";

  code[17] = ref_check (code);
  code[18] = '\0';
  g_assert_cmpint (sb_uscc_check (code), ==, SB_USCC_BAD_ORG_CODE);

  /* Both wrong at once combine. */
  g_assert_cmpint (sb_uscc_check ("913100007178545060"), ==,
                   ref_check ("91310000717854506") == '0'
                   ? SB_USCC_BAD_ORG_CODE
                   : (SB_USCC_BAD_ORG_CODE | SB_USCC_BAD_CHECKSUM));
}

static void
test_length (void)
{
  g_assert_cmpint (sb_uscc_check (NULL), ==, SB_USCC_BAD_LENGTH);
  g_assert_cmpint (sb_uscc_check (""), ==, SB_USCC_BAD_LENGTH);
  g_assert_cmpint (sb_uscc_check ("91350100M000100Y4"), ==, SB_USCC_BAD_LENGTH);
  g_assert_cmpint (sb_uscc_check ("91350100M000100Y433"), ==, SB_USCC_BAD_LENGTH);
  /* The old 9-character organisation code alone is not enough. */
  g_assert_cmpint (sb_uscc_check ("717854505"), ==, SB_USCC_BAD_LENGTH);
  g_assert_cmpint (sb_uscc_check_character ("9135"), ==, 0);
}

static void
test_bad_characters (void)
{
  const char *letters = "IOZSV";

  for (const char *l = letters; *l != '\0'; l++)
    {
      char code[] = "91350100M000100Y43";

      code[8] = *l;
      g_assert_cmpint (sb_uscc_check (code), ==, SB_USCC_BAD_CHARACTER);
      g_assert_cmpint (sb_uscc_check_character (code), ==, 0);
    }

  /* Spaces and dashes are not part of the code. */
  g_assert_cmpint (sb_uscc_check ("91350100M000100Y4 "), ==, SB_USCC_BAD_CHARACTER);
  g_assert_cmpint (sb_uscc_check ("91350100-M000100Y4"), ==, SB_USCC_BAD_CHARACTER);
  /* Both problems at once. */
  g_assert_cmpint (sb_uscc_check ("9135O100M000100Y4"), ==,
                   SB_USCC_BAD_LENGTH | SB_USCC_BAD_CHARACTER);
  /* Full-width digits: 18 characters, all wrong. */
  g_assert_cmpint (sb_uscc_check ("９１３５０１００Ｍ０００１００Ｙ４３"), ==,
                   SB_USCC_BAD_CHARACTER);
  /* Invalid UTF-8 must not crash. */
  g_assert_cmpint (sb_uscc_check ("91350100M000100Y4\xff"), ==, SB_USCC_BAD_CHARACTER);
}

static void
test_lowercase (void)
{
  /* Reported, not silently upcased: the user should correct the field. */
  g_assert_cmpint (sb_uscc_check ("91350100m000100y43"), ==, SB_USCC_BAD_CHARACTER);
  g_assert_cmpint (sb_uscc_check_character ("91350100m000100Y4"), ==, 0);
}

static void
test_extractors (void)
{
  g_autofree char *region = sb_uscc_dup_region ("91310000717854505W");
  g_autofree char *type = sb_uscc_dup_type ("91310000717854505W");
  g_autofree char *region2 = sb_uscc_dup_region ("91350100M000100Y43");
  g_autofree char *type2 = sb_uscc_dup_type ("92310115MA1K4A1B2C");
  g_autofree char *shortcode = sb_uscc_dup_region ("913");
  g_autofree char *bad = sb_uscc_dup_region ("91\xe4\xba\xba");

  g_assert_cmpstr (region, ==, "31");
  g_assert_cmpstr (type, ==, "91");
  g_assert_cmpstr (region2, ==, "35");
  g_assert_cmpstr (type2, ==, "92");
  g_assert_null (shortcode);
  g_assert_null (bad);
  g_assert_null (sb_uscc_dup_region (NULL));
  g_assert_null (sb_uscc_dup_type (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/uscc/known-codes", test_known_codes);
  g_test_add_func ("/uscc/org-check", test_org_check);
  g_test_add_func ("/uscc/random-valid", test_random_valid);
  g_test_add_func ("/uscc/flipped-character", test_flipped_character);
  g_test_add_func ("/uscc/org-code-only", test_org_code_only);
  g_test_add_func ("/uscc/length", test_length);
  g_test_add_func ("/uscc/bad-characters", test_bad_characters);
  g_test_add_func ("/uscc/lowercase", test_lowercase);
  g_test_add_func ("/uscc/extractors", test_extractors);

  return g_test_run ();
}
