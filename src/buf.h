/*
 * buf.h: growable, binary-safe byte buffer.
 *
 * Invariants: ptr is never NULL; ptr[len] == '\0' (so the contents can be
 * used as a C string when they hold no NUL); len < cap once anything was
 * allocated.  Growth is amortised (x1.5) with an overflow check.  Embedded
 * objects: scrub_buf_init() / scrub_buf_release().
 */
#ifndef SCRUB_BUF_H
#define SCRUB_BUF_H

#include <stddef.h>

struct scrub_buf {
	char *ptr;
	size_t len;
	size_t cap;
};

#define SCRUB_BUF_INIT { scrub_buf_empty, 0, 0 }
extern char scrub_buf_empty[];

void scrub_buf_init(struct scrub_buf *b);
/* Frees the storage; the buffer is empty and usable again. */
void scrub_buf_release(struct scrub_buf *b);
/* Makes room for EXTRA more bytes (plus the NUL). */
void scrub_buf_grow(struct scrub_buf *b, size_t extra);
void scrub_buf_add(struct scrub_buf *b, const void *data, size_t len);
void scrub_buf_addstr(struct scrub_buf *b, const char *s);
void scrub_buf_addch(struct scrub_buf *b, char c);
void scrub_buf_addf(struct scrub_buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Removes the first N bytes, keeping the rest. */
void scrub_buf_consume(struct scrub_buf *b, size_t n);
void scrub_buf_truncate(struct scrub_buf *b, size_t len);
static inline void scrub_buf_clear(struct scrub_buf *b) { scrub_buf_truncate(b, 0); }
/* Hands the contents to the caller (free() them); the buffer is empty. */
char *scrub_buf_detach(struct scrub_buf *b, size_t *len);

#endif
