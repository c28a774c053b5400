/*
 * writer.h: every byte phiscrub writes to a stream goes through here, and
 * every write is checked (a full disk must not end in a short file and
 * status 0).  The first failure is sticky: later writes do nothing and the
 * caller reports it once.
 */
#ifndef SCRUB_WRITER_H
#define SCRUB_WRITER_H

#include <stddef.h>
#include <stdio.h>

struct scrub_writer {
	FILE *fp;
	int line_buffered;  /* flush after each newline */
	int error;          /* errno of the first failure, or 0 */
};

void scrub_writer_init(struct scrub_writer *w, FILE *fp, int line_buffered);
/* Returns 0, or -1 once a write has failed (see w->error). */
int scrub_writer_write(struct scrub_writer *w, const char *bytes, size_t len);
int scrub_writer_flush(struct scrub_writer *w);
/* Flushes and closes the stream; returns 0 or -1 with w->error set. */
int scrub_writer_close(struct scrub_writer *w);

#endif
