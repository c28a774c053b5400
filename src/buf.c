#include "buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

/* Shared, never written: the empty buffer points here (git's strbuf_slopbuf). */
char scrub_buf_empty[1];

void
scrub_buf_init(struct scrub_buf *b)
{
	b->ptr = scrub_buf_empty;
	b->len = 0;
	b->cap = 0;
}

void
scrub_buf_release(struct scrub_buf *b)
{
	if (b->cap)
		free(b->ptr);
	scrub_buf_init(b);
}

void
scrub_buf_grow(struct scrub_buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > SIZE_MAX - b->len - 1)
		scrub_xmalloc(SIZE_MAX); /* aborts: the size cannot exist */
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap + b->cap / 2 : 64;
	if (cap < need)
		cap = need;
	if (b->cap) {
		b->ptr = scrub_xrealloc(b->ptr, cap);
	} else {
		b->ptr = scrub_xmalloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
}

void
scrub_buf_add(struct scrub_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	scrub_buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void
scrub_buf_addstr(struct scrub_buf *b, const char *s)
{
	scrub_buf_add(b, s, strlen(s));
}

void
scrub_buf_addch(struct scrub_buf *b, char c)
{
	scrub_buf_add(b, &c, 1);
}

void
scrub_buf_addf(struct scrub_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n <= 0)
		return;
	scrub_buf_grow(b, (size_t)n);
	va_start(ap, fmt);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
scrub_buf_consume(struct scrub_buf *b, size_t n)
{
	if (n >= b->len) {
		scrub_buf_truncate(b, 0);
		return;
	}
	memmove(b->ptr, b->ptr + n, b->len - n);
	scrub_buf_truncate(b, b->len - n);
}

void
scrub_buf_truncate(struct scrub_buf *b, size_t len)
{
	if (!b->cap || len > b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

char *
scrub_buf_detach(struct scrub_buf *b, size_t *len)
{
	char *p;

	if (!b->cap)
		scrub_buf_grow(b, 0);
	p = b->ptr;
	if (len)
		*len = b->len;
	scrub_buf_init(b);
	return p;
}
