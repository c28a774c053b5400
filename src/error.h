/*
 * error.h: filling a struct scrub_error (see phiscrub.h).
 *
 * Messages take the form "file:line:column: problem" when a place is given.
 * Callers must never pass scanned text into a message: only offsets, rule
 * ids and file names.
 */
#ifndef SCRUB_ERROR_H
#define SCRUB_ERROR_H

#include "phiscrub.h"

/* Sets ERR (if not NULL) and returns -CODE, so callers can write
 * `return scrub_error_set(err, SCRUB_E_IO, ...)`. */
int scrub_error_set(struct scrub_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int scrub_error_at(struct scrub_error *err, int code, const char *file,
    unsigned long line, unsigned long column, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));
void scrub_error_clear(struct scrub_error *err);

#endif
