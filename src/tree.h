/*
 * tree.h: the inputs of a run (files named, directories walked with -r)
 * and where their output goes: standard output, a mirrored tree (-o), or
 * the files themselves (--in-place), written atomically (issue 6).
 * A CLI module: it prints warnings and errors on stderr.
 */
#ifndef SCRUB_TREE_H
#define SCRUB_TREE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct scrub_input {
	char *path;               /* to open; NULL: standard input */
	char *name;               /* in messages; the document id of files */
	char *dest;               /* -o / --in-place: the file written; else NULL */
	uint64_t size;            /* of a regular file, else 0 */
	int regular;              /* a regular file (size known) */
	mode_t mode;              /* permission bits, kept by -o and --in-place */
	uid_t uid;
	gid_t gid;
	int check_binary;         /* skip it when its first 8 KiB hold a NUL */
	const char *error;        /* refuse it with this (static) message */
};

struct scrub_tree_opts {
	int recursive;            /* -r: walk directories */
	const char *outdir;       /* -o DIR, or NULL */
	int in_place;             /* --in-place */
};

/* Builds *OUT (N_OUT inputs, in order) from the operands (none: standard
 * input).  Walked directories are listed in byte order of the names;
 * symbolic links and special files met while walking are skipped with a
 * warning.  Returns 0, or an exit status (2: usage, 3: a directory could
 * not be read, which has been reported; the other inputs are still
 * listed).  Free the list with scrub_tree_free(). */
int scrub_tree_collect(const struct scrub_tree_opts *o,
    const char *const *operands, size_t n, struct scrub_input **out,
    size_t *n_out);
void scrub_tree_free(struct scrub_input *inputs, size_t n);

/* A file being written: a temporary file in the destination's directory,
 * renamed over the destination once complete.  Only one at a time (the
 * signal handler removes it on SIGINT, SIGTERM and SIGHUP). */
struct scrub_dest {
	int fd;                   /* -1: none open */
	int sync;                 /* fsync the file and its directory */
	const struct scrub_input *in;
	char tmp[4200];
};

/* Installs the handlers that remove the temporary file on SIGINT, SIGTERM
 * and SIGHUP, then let the signal end the process. */
void scrub_dest_signals(void);

/* Creates the temporary file for IN (and, for -o, the directories above
 * it).  Returns 0, or -1 with a message in MSG. */
int scrub_dest_open(struct scrub_dest *d, const struct scrub_input *in,
    int sync, char *msg, size_t msgsize);
/* Writes all of BYTES.  Returns 0, or -1 with a message in MSG. */
int scrub_dest_write(struct scrub_dest *d, const char *bytes, size_t len,
    char *msg, size_t msgsize);
/* Sets the mode (and, when it can, the owner), fsyncs when asked, and
 * renames the temporary file over the destination.  Returns 0, or -1 with
 * a message in MSG (the temporary file is then removed). */
int scrub_dest_commit(struct scrub_dest *d, char *msg, size_t msgsize);
/* Removes the temporary file; the destination is left as it was. */
void scrub_dest_abort(struct scrub_dest *d);

#endif
