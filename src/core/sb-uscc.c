/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-uscc.h"

#define USCC_LENGTH 18

/* GB 32100-2015 leaves out I, O, S, V and Z, which are easily misread. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* GB 11714-1997 weights for the eight body characters. */
static const int org_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

/* The value of an USCC character (its index in the alphabet), or -1.
 * Lower case is not accepted: the code is printed in upper case, and a
 * lower-case letter means it was typed by hand and should be looked at. */
static int
uscc_value (char c)
{
  const char *found;

  if (c == '\0')
    return -1;
  found = strchr (uscc_alphabet, c);
  return found != NULL ? (int) (found - uscc_alphabet) : -1;
}

/* The GB 11714 value: digits 0–9, letters A=10 … Z=35. */
static int
org_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

char
sb_uscc_check_character (const char *first17)
{
  int sum = 0;
  int weight = 1;
  int check;

  g_return_val_if_fail (first17 != NULL, 0);

  for (guint i = 0; i < USCC_LENGTH - 1; i++)
    {
      int value = uscc_value (first17[i]);

      if (value < 0)
        return 0;
      sum += value * weight;
      weight = (weight * 3) % 31;
    }

  check = 31 - sum % 31;
  return uscc_alphabet[check == 31 ? 0 : check];
}

char
sb_uscc_org_check_character (const char *first8)
{
  int sum = 0;
  int check;

  g_return_val_if_fail (first8 != NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (org_weights); i++)
    {
      int value = org_value (first8[i]);

      if (value < 0)
        return 0;
      sum += value * org_weights[i];
    }

  check = 11 - sum % 11;
  if (check == 11)
    return '0';
  if (check == 10)
    return 'X';
  return (char) ('0' + check);
}

static gsize
count_characters (const char *code)
{
  /* Count characters, not bytes, so that "１２３" is three wrong ones. */
  if (g_utf8_validate (code, -1, NULL))
    return g_utf8_strlen (code, -1);
  return strlen (code);
}

static gboolean
all_in_alphabet (const char *code)
{
  for (const char *p = code; *p != '\0'; p++)
    if (uscc_value (*p) < 0)
      return FALSE;
  return TRUE;
}

SbUsccResult
sb_uscc_check (const char *code)
{
  SbUsccResult result = SB_USCC_OK;

  if (code == NULL || *code == '\0')
    return SB_USCC_BAD_LENGTH;

  if (count_characters (code) != USCC_LENGTH)
    result |= SB_USCC_BAD_LENGTH;
  if (!all_in_alphabet (code))
    result |= SB_USCC_BAD_CHARACTER;
  if (result != SB_USCC_OK)
    return result;

  /* Characters 9–17 are the organisation code, 17 being its check. */
  if (sb_uscc_org_check_character (code + 8) != code[16])
    result |= SB_USCC_BAD_ORG_CODE;
  if (sb_uscc_check_character (code) != code[17])
    result |= SB_USCC_BAD_CHECKSUM;

  return result;
}

/* Characters from..from+1 (1-based) when they are printable ASCII. */
static char *
dup_pair (const char *code,
          guint       from)
{
  if (code == NULL || strnlen (code, from + 1) < from + 1)
    return NULL;
  for (guint i = from - 1; i <= from; i++)
    if (!g_ascii_isalnum (code[i]))
      return NULL;
  return g_strndup (code + from - 1, 2);
}

char *
sb_uscc_dup_region (const char *code)
{
  return dup_pair (code, 3);
}

char *
sb_uscc_dup_type (const char *code)
{
  return dup_pair (code, 1);
}
