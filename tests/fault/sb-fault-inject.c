/* SPDX-License-Identifier: GPL-3.0-or-later */
/* An LD_PRELOAD library that makes the disk "fill up": once
 * SB_FAULT_WRITE_LIMIT bytes have been written to regular files, every
 * further write fails with ENOSPC; SB_FAULT_FSYNC=1 makes fsync fail
 * with ENOSPC. It lets tests prove that a full disk gives a clear error
 * and loses nothing, without a real small filesystem. */
#define _GNU_SOURCE

#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static long long written;

static int
is_regular (int fd)
{
  struct stat st;

  return fd >= 0 && fstat (fd, &st) == 0 && S_ISREG (st.st_mode);
}

/* How many of want bytes may still go to fd; -1 when none may. */
static long long
allowance (int       fd,
           long long want)
{
  const char *limit = getenv ("SB_FAULT_WRITE_LIMIT");
  long long left;

  if (limit == NULL || !is_regular (fd))
    return want;
  left = atoll (limit) - written;
  if (left <= 0)
    return -1;
  return want < left ? want : left;
}

ssize_t
write (int         fd,
       const void *buf,
       size_t      count)
{
  static ssize_t (*real_write) (int, const void *, size_t);
  long long allowed = allowance (fd, (long long) count);
  ssize_t n;

  if (real_write == NULL)
    real_write = dlsym (RTLD_NEXT, "write");
  if (allowed < 0)
    {
      errno = ENOSPC;
      return -1;
    }
  n = real_write (fd, buf, (size_t) allowed);
  if (n > 0 && is_regular (fd))
    written += n;
  return n;
}

size_t
fwrite (const void *ptr,
        size_t      size,
        size_t      nmemb,
        FILE       *stream)
{
  static size_t (*real_fwrite) (const void *, size_t, size_t, FILE *);
  long long want = (long long) size * (long long) nmemb;
  long long allowed;
  size_t n;

  if (real_fwrite == NULL)
    real_fwrite = dlsym (RTLD_NEXT, "fwrite");
  if (size == 0 || nmemb == 0)
    return real_fwrite (ptr, size, nmemb, stream);
  allowed = allowance (fileno (stream), want);
  if (allowed < 0)
    {
      errno = ENOSPC;
      return 0;
    }
  n = real_fwrite (ptr, 1, (size_t) allowed, stream);
  if (is_regular (fileno (stream)))
    written += (long long) n;
  if (allowed < want)
    errno = ENOSPC;
  return n / size;
}

int
fsync (int fd)
{
  static int (*real_fsync) (int);

  if (real_fsync == NULL)
    real_fsync = dlsym (RTLD_NEXT, "fsync");
  if (getenv ("SB_FAULT_FSYNC") != NULL && is_regular (fd))
    {
      errno = ENOSPC;
      return -1;
    }
  return real_fsync (fd);
}
