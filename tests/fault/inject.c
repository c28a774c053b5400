/*
 * inject.c: an LD_PRELOAD shim that makes I/O fail on cue, for
 * tests/sh/faults.sh (issue 8; house style R20).  Test code only.
 *
 * glibc's stdio reads and writes through internal calls that a preloaded
 * read()/write() cannot see, so the stdio entry points are wrapped too.
 * Environment:
 *   INJECT_READ_FAIL_AFTER=N   fread/read/getc deliver N bytes in all, then
 *                              fail with INJECT_READ_ERRNO (default EIO)
 *   INJECT_WRITE_FAIL_AFTER=N  fwrite/fputs/fputc/write to any descriptor
 *                              but 2 (stderr) accept N bytes in all, then
 *                              fail with INJECT_WRITE_ERRNO (default ENOSPC)
 *   INJECT_CLOSE_FAIL=1        fclose of stdout fails with EIO
 *   INJECT_UNLINK=PATH         PATH is removed after the first read
 *   INJECT_RAISE=SIG:N         raises signal SIG once N bytes were written
 * Errno values are given as numbers or as EIO, ENOSPC, EPIPE, EFBIG.
 * A failed stdio call sets the stream's error flag, as a real one does.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static long long read_left = -1, write_left = -1, raise_at = -1;
static int read_errno = EIO, write_errno = ENOSPC, close_fail, raise_sig;
static long long written;
static const char *unlink_path;
static int initialised;

static size_t (*real_fread)(void *, size_t, size_t, FILE *);
static size_t (*real_fwrite)(const void *, size_t, size_t, FILE *);
static int (*real_fputs)(const char *, FILE *);
static int (*real_fputc)(int, FILE *);
static int (*real_getc)(FILE *);
static int (*real_fclose)(FILE *);
static ssize_t (*real_read)(int, void *, size_t);
static ssize_t (*real_write)(int, const void *, size_t);

static int
errno_value(const char *s, int dflt)
{
	if (!s || !*s)
		return dflt;
	if (!strcmp(s, "EIO"))
		return EIO;
	if (!strcmp(s, "ENOSPC"))
		return ENOSPC;
	if (!strcmp(s, "EPIPE"))
		return EPIPE;
	if (!strcmp(s, "EFBIG"))
		return EFBIG;
	return atoi(s);
}

static void
init(void)
{
	const char *s;

	if (initialised)
		return;
	initialised = 1;
	real_fread = dlsym(RTLD_NEXT, "fread");
	real_fwrite = dlsym(RTLD_NEXT, "fwrite");
	real_fputs = dlsym(RTLD_NEXT, "fputs");
	real_fputc = dlsym(RTLD_NEXT, "fputc");
	real_getc = dlsym(RTLD_NEXT, "getc");
	real_fclose = dlsym(RTLD_NEXT, "fclose");
	real_read = dlsym(RTLD_NEXT, "read");
	real_write = dlsym(RTLD_NEXT, "write");
	if ((s = getenv("INJECT_READ_FAIL_AFTER")))
		read_left = atoll(s);
	if ((s = getenv("INJECT_WRITE_FAIL_AFTER")))
		write_left = atoll(s);
	read_errno = errno_value(getenv("INJECT_READ_ERRNO"), EIO);
	write_errno = errno_value(getenv("INJECT_WRITE_ERRNO"), ENOSPC);
	close_fail = getenv("INJECT_CLOSE_FAIL") != NULL;
	unlink_path = getenv("INJECT_UNLINK");
	if ((s = getenv("INJECT_RAISE")) && strchr(s, ':')) {
		raise_sig = atoi(s);
		raise_at = atoll(strchr(s, ':') + 1);
	}
}

static void
after_read(void)
{
	if (unlink_path) {
		unlink(unlink_path);
		unlink_path = NULL;
	}
}

/* How many of LEN bytes a write may pass; sets errno when it is cut. */
static size_t
write_allowance(int fd, size_t len)
{
	size_t n = len;

	if (fd == 2)
		return len;
	if (write_left >= 0 && (long long)n > write_left)
		n = (size_t)write_left;
	if (write_left >= 0)
		write_left -= (long long)n;
	written += (long long)n;
	if (raise_at >= 0 && written >= raise_at) {
		raise_at = -1;
		raise(raise_sig);
	}
	return n;
}

size_t
fread(void *ptr, size_t size, size_t nmemb, FILE *fp)
{
	size_t want, got;

	init();
	if (read_left < 0 || size == 0) {
		got = real_fread(ptr, size, nmemb, fp);
		after_read();
		return got;
	}
	want = size * nmemb;
	if ((long long)want > read_left)
		want = (size_t)read_left / size * size;
	got = want ? real_fread(ptr, size, want / size, fp) : 0;
	read_left -= (long long)(got * size);
	after_read();
	if (got < nmemb && read_left < (long long)size && !feof(fp)) {
		fp->_flags |= _IO_ERR_SEEN;
		errno = read_errno;
	}
	return got;
}

int
getc(FILE *fp)
{
	init();
	if (read_left == 0) {
		fp->_flags |= _IO_ERR_SEEN;
		errno = read_errno;
		return EOF;
	}
	if (read_left > 0)
		read_left--;
	return real_getc(fp);
}

ssize_t
read(int fd, void *buf, size_t len)
{
	ssize_t got;

	init();
	if (read_left == 0) {
		errno = read_errno;
		return -1;
	}
	if (read_left > 0 && (long long)len > read_left)
		len = (size_t)read_left;
	got = real_read(fd, buf, len);
	if (got > 0 && read_left > 0)
		read_left -= got;
	after_read();
	return got;
}

size_t
fwrite(const void *ptr, size_t size, size_t nmemb, FILE *fp)
{
	size_t len, n;

	init();
	if (size == 0 || nmemb == 0)
		return real_fwrite(ptr, size, nmemb, fp);
	len = size * nmemb;
	n = write_allowance(fileno(fp), len);
	if (n < len) {
		size_t whole = n / size;

		if (whole)
			real_fwrite(ptr, size, whole, fp);
		fp->_flags |= _IO_ERR_SEEN;
		errno = write_errno;
		return whole;
	}
	return real_fwrite(ptr, size, nmemb, fp);
}

int
fputs(const char *s, FILE *fp)
{
	size_t len = strlen(s);

	init();
	if (write_allowance(fileno(fp), len) < len) {
		fp->_flags |= _IO_ERR_SEEN;
		errno = write_errno;
		return EOF;
	}
	return real_fputs(s, fp);
}

int
fputc(int c, FILE *fp)
{
	init();
	if (write_allowance(fileno(fp), 1) < 1) {
		fp->_flags |= _IO_ERR_SEEN;
		errno = write_errno;
		return EOF;
	}
	return real_fputc(c, fp);
}

ssize_t
write(int fd, const void *buf, size_t len)
{
	size_t n;

	init();
	n = write_allowance(fd, len);
	if (n == 0 && len > 0) {
		errno = write_errno;
		return -1;
	}
	return real_write(fd, buf, n);
}

int
fclose(FILE *fp)
{
	int rc;

	init();
	if (close_fail && fp == stdout) {
		rc = real_fclose(fp);
		errno = EIO;
		return rc == 0 ? EOF : rc;
	}
	return real_fclose(fp);
}
