/*
 * alloc.h: the one place that handles running out of memory.
 *
 * phiscrub's allocations are small and bounded (see DESIGN: bounded units),
 * so failing to get memory is treated as fatal: these wrappers print one
 * line to stderr and abort(), as cmark's xcalloc does.  They never return
 * NULL.
 */
#ifndef SCRUB_ALLOC_H
#define SCRUB_ALLOC_H

#include <stddef.h>

void *scrub_xmalloc(size_t size);
void *scrub_xcalloc(size_t count, size_t size);
void *scrub_xrealloc(void *ptr, size_t size);
/* Reallocates PTR to COUNT * SIZE bytes, checking the product for overflow. */
void *scrub_xreallocarray(void *ptr, size_t count, size_t size);
char *scrub_xstrdup(const char *s);
char *scrub_xstrndup(const char *s, size_t n);

#endif
