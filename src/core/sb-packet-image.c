/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sb-packet-private.h"

/* Just enough of the JPEG and PNG headers to size an image: the bytes
 * themselves go to the PDF untouched, so no decoder is needed. */

SbPacketFileKind
sb_packet_sniff_file (const guchar *head,
                      gsize         length)
{
  static const guchar png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };
  static const guchar jpeg[] = { 0xff, 0xd8, 0xff };

  if (length >= sizeof png && memcmp (head, png, sizeof png) == 0)
    return SB_PACKET_FILE_PNG;
  if (length >= sizeof jpeg && memcmp (head, jpeg, sizeof jpeg) == 0)
    return SB_PACKET_FILE_JPEG;
  /* PDF readers accept the header anywhere in the first kilobyte. */
  for (gsize i = 0; i + 5 <= length && i < 1024; i++)
    if (memcmp (head + i, "%PDF-", 5) == 0)
      return SB_PACKET_FILE_PDF;
  return SB_PACKET_FILE_UNKNOWN;
}

static guint
read_u16 (const guchar *p,
          gboolean      big_endian)
{
  return big_endian ? (p[0] << 8) | p[1] : (p[1] << 8) | p[0];
}

static guint32
read_u32 (const guchar *p,
          gboolean      big_endian)
{
  return big_endian
    ? ((guint32) p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]
    : ((guint32) p[3] << 24) | (p[2] << 16) | (p[1] << 8) | p[0];
}

/* The orientation tag (0x0112) of IFD0 in an Exif APP1 segment. */
static guint
read_exif_orientation (const guchar *data,
                       gsize         length)
{
  const guchar *tiff;
  gsize size;
  gboolean big;
  guint32 ifd;
  guint n;

  if (length < 14 || memcmp (data, "Exif\0\0", 6) != 0)
    return 1;
  tiff = data + 6;
  size = length - 6;
  if (memcmp (tiff, "MM", 2) == 0)
    big = TRUE;
  else if (memcmp (tiff, "II", 2) == 0)
    big = FALSE;
  else
    return 1;
  ifd = read_u32 (tiff + 4, big);
  if (ifd + 2 > size)
    return 1;
  n = read_u16 (tiff + ifd, big);
  for (guint i = 0; i < n; i++)
    {
      const guchar *entry = tiff + ifd + 2 + 12 * i;

      if (entry + 12 > tiff + size)
        break;
      if (read_u16 (entry, big) == 0x0112)
        {
          guint value = read_u16 (entry + 8, big);
          return value >= 1 && value <= 8 ? value : 1;
        }
    }
  return 1;
}

static gboolean
is_sof_marker (guchar marker)
{
  /* C0-CF are frame headers except DHT (C4), JPG (C8) and DAC (CC). */
  return marker >= 0xc0 && marker <= 0xcf
    && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

gboolean
sb_packet_read_jpeg_info (const guchar *data,
                          gsize         length,
                          guint        *width,
                          guint        *height,
                          guint        *orientation)
{
  gsize pos = 2;

  *orientation = 1;
  if (length < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (pos + 4 <= length)
    {
      guchar marker;
      guint segment;

      if (data[pos] != 0xff)
        return FALSE;
      marker = data[pos + 1];
      if (marker == 0xff)
        {
          pos++;  /* fill byte */
          continue;
        }
      if (marker == 0xd8 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          pos += 2;
          continue;
        }
      if (marker == 0xd9 || marker == 0xda)
        return FALSE;  /* no frame header before the image data */
      segment = read_u16 (data + pos + 2, TRUE);
      if (segment < 2 || pos + 2 + segment > length)
        return FALSE;
      if (marker == 0xe1)
        *orientation = read_exif_orientation (data + pos + 4, segment - 2);
      if (is_sof_marker (marker) && segment >= 7)
        {
          *height = read_u16 (data + pos + 5, TRUE);
          *width = read_u16 (data + pos + 7, TRUE);
          return *width > 0 && *height > 0;
        }
      pos += 2 + segment;
    }
  return FALSE;
}

gboolean
sb_packet_read_png_info (const guchar *data,
                         gsize         length,
                         guint        *width,
                         guint        *height)
{
  /* The signature, then IHDR: length, "IHDR", width, height. */
  if (length < 24 || memcmp (data + 12, "IHDR", 4) != 0)
    return FALSE;
  *width = read_u32 (data + 16, TRUE);
  *height = read_u32 (data + 20, TRUE);
  return *width > 0 && *height > 0 && *width < 100000 && *height < 100000;
}
