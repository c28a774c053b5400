/*
 * secrets.h: the two files of a phiscrub run that hold secrets (issue 5):
 * the key file (--key-file, PHISCRUB_KEY_FILE), which keys pseudonyms,
 * surrogates and date shifts, and the mapping file (--map), which lists
 * each original value with its replacement for an authorized reviewer.
 *
 * A CLI module: it prints its messages ("phiscrub: ...") to stderr and
 * returns exit statuses (2 usage, 3 I/O), built on the public API of
 * phiscrub.h.  Used from one thread.
 */
#ifndef SCRUB_SECRETS_H
#define SCRUB_SECRETS_H

#include <stddef.h>

#include "phiscrub.h"

/* Reads the key in the file PATH: every byte of it, less one final
 * newline ("\n" or "\r\n").  The file must be a regular file that neither
 * group nor others may read or write (mode & 077 == 0), and must not be
 * empty.  On success *KEY (allocated; the caller frees it with
 * scrub_key_free()) and *LEN are set and 0 is returned; on failure a
 * message is printed and the exit status (2, or 3 for a read error) is
 * returned. */
int scrub_key_read(const char *path, unsigned char **key, size_t *len);

/* Wipes and frees KEY of LEN bytes (NULL is fine). */
void scrub_key_free(unsigned char *key, size_t len);

struct scrub_map;

/* A map that will write to the file PATH (copied), created later by
 * scrub_map_create(), so that no file is left behind when the run fails
 * before it starts.  Never NULL (aborts on out-of-memory); the caller ends
 * it with scrub_map_close(). */
struct scrub_map *scrub_map_new(const char *path, int force);

/* Creates the mapping file with mode 0600 (O_CREAT | O_EXCL).  An existing
 * file is an error unless FORCE was given, in which case it is removed
 * first (so the new file never inherits a wider mode).  Returns 0, or the
 * exit status with a message printed. */
int scrub_map_create(struct scrub_map *m);

/* Puts the map between the scanner and the callbacks already in SCAN: the
 * map's finding callback writes one JSON line per finding, then calls the
 * previous one (if any); output goes to the previous output callback. */
void scrub_map_scan_opts(struct scrub_map *m, struct scrub_scan_opts *scan);

/* The name of the document whose findings follow (copied). */
void scrub_map_document(struct scrub_map *m, const char *document);

/* Whether a callback refused because writing the map failed (a message
 * was printed). */
int scrub_map_failed(const struct scrub_map *m);

/* Flushes and closes the map file (if created) and frees M (NULL is fine).  Returns 0, or 3
 * with a message printed when a write failed. */
int scrub_map_close(struct scrub_map *m);

#endif
