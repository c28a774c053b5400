/*
 * archive.h: scrubbing the chosen fields of JSON Lines and CSV archives
 * (issue 6).  A client of phiscrub.h, used by the command line.
 *
 * Each record is one document for the replacement operators; its fields
 * are scanned as parts of that document (scrub_scanner_end_part()), so
 * numbering and names agree between a record's title, body and author.
 * Only the chosen string values change: every other byte of the record
 * (other fields, spacing, escapes, numbers, quoting) is copied as it came.
 *
 * Records are parsed by jansson (JSON) and libcsv (CSV); a record they
 * reject is "bad": reported with its file and line, and either the run
 * stops or, with skip_bad, the record is written nowhere and counted.
 *
 * Thread safety: a struct scrub_archive and a finished struct
 * scrub_archive_input are read-only and shared by every worker; each
 * worker calls scrub_archive_process() with its own scanner.
 */
#ifndef SCRUB_ARCHIVE_H
#define SCRUB_ARCHIVE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "phiscrub.h"

enum scrub_format {
	SCRUB_FORMAT_TEXT,
	SCRUB_FORMAT_JSONL,
	SCRUB_FORMAT_CSV
};

#define SCRUB_ARCHIVE_MAX_PATHS 64  /* --field and --author-field, together */
#define SCRUB_ARCHIVE_MAX_RECORD_DEFAULT (64u << 20)

struct scrub_archive_opts {
	int format;               /* enum scrub_format, not TEXT */
	const char **fields;      /* --field / --column; none: every value */
	size_t nfields;
	const char **authors;     /* --author-field */
	size_t nauthors;
	int skip_bad;             /* --skip-bad-records */
	int no_header;            /* CSV: the first record is data */
	size_t max_record;        /* bytes; 0: the default */
};

struct scrub_archive;

/* Compiles OPTS (the strings are copied) into *OUT, which the caller frees
 * with scrub_archive_free().  Returns 0, or -1 with a message in MSG. */
int scrub_archive_new(const struct scrub_archive_opts *opts,
    struct scrub_archive **out, char *msg, size_t msgsize);
void scrub_archive_free(struct scrub_archive *ar);

int scrub_archive_format(const struct scrub_archive *ar);
size_t scrub_archive_max_record(const struct scrub_archive *ar);

/* What one input needs beyond the archive's options: for CSV, the role of
 * each column, resolved from the header (or the first record). */
struct scrub_archive_input {
	unsigned char *roles;     /* per column: SCRUB_ROLE_* bits */
	size_t ncols;
	int ready;                /* set by scrub_archive_input_init() */
};

enum { SCRUB_ROLE_FIELD = 1, SCRUB_ROLE_AUTHOR = 2 };

/* Reads the first record of an input from DATA (LEN bytes, which hold at
 * least that whole record unless the input is shorter) and fills IN.
 * NAME is used in messages.  Returns 0, or an exit status (2: a bad header
 * or an unknown column) with a message in MSG.  Free IN with
 * scrub_archive_input_release(). */
int scrub_archive_input_init(const struct scrub_archive *ar,
    struct scrub_archive_input *in, const char *name, const char *data,
    size_t len, char *msg, size_t msgsize);
void scrub_archive_input_release(struct scrub_archive_input *in);

/* Finds where the records of DATA[0..LEN) may be cut: CUT carries the
 * state between calls over one growing buffer (initialise with
 * SCRUB_CUTTER_INIT, and again after each cut; MIN may be set then).
 * Returns the offset just past the last record boundary seen so far, or 0;
 * CUT->first and CUT->before tell the first boundary at or past CUT->min
 * and the last one before it, which do not depend on how the buffer grew.
 * A boundary is a line end (for CSV, one outside quotes). */
struct scrub_cutter {
	size_t scanned;
	size_t boundary;          /* the last boundary seen */
	int in_quotes;
	size_t min;               /* set by the caller */
	size_t first;             /* the first boundary >= min, or 0 */
	size_t before;            /* the last boundary < min, or 0 */
};
#define SCRUB_CUTTER_INIT { 0, 0, 0, 0, 0, 0 }
size_t scrub_archive_cut(int format, struct scrub_cutter *cut,
    const char *data, size_t len);

/* The result of scrubbing one block of records. */
struct scrub_archive_result {
	struct scrub_buf *out;    /* the records, redacted, are appended here */
	struct scrub_buf *diag;   /* "phiscrub: ...\n" per skipped record */
	uint64_t bad;             /* records skipped */
	int status;               /* 0, or the exit status that ends the run */
	char msg[1200];           /* why, when status != 0 (no PHI) */
};

/* Scrubs DATA[0..LEN), whole records of the input NAME starting at line
 * FIRST_LINE (FIRST: the block that starts the input, where the CSV header
 * is), with the scanner SC, whose output callback must append to *CAPTURE
 * (this function points it at its own buffers while a field is scanned).
 * Records are appended to RES->out; on an error the records before the bad
 * one are there, and RES->status and RES->msg say what went wrong.
 * Returns RES->status. */
int scrub_archive_process(const struct scrub_archive *ar,
    const struct scrub_archive_input *in, struct scrub_scanner *sc,
    struct scrub_buf **capture, const char *name, const char *data,
    size_t len, uint64_t first_line, int first,
    struct scrub_archive_result *res);

#endif
