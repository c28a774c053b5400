/*
 * jobs.h: scrubbing many inputs, and the blocks of large ones, on several
 * threads with the output in input order (issue 6).  A CLI module.
 *
 * Each input is read by the main thread and cut into blocks of about
 * block_size bytes at line ends (at record ends for CSV); each block is
 * scanned as one document by whichever worker takes it, each worker with
 * its own scanner over the shared, read-only rule set; the main thread
 * writes the blocks' output in input order.  The cut points do not depend
 * on the number of threads, so the output is the same for every -j.
 * In-flight blocks are bounded (2 per thread, plus 2), and so is memory.
 */
#ifndef SCRUB_JOBS_H
#define SCRUB_JOBS_H

#include <stddef.h>

#include "archive.h"
#include "phiscrub.h"
#include "tree.h"

#define SCRUB_JOBS_BLOCK_DEFAULT (1u << 20)
/* Returned by scrub_jobs_run() when scan.output refused bytes: the caller
 * reports the write error (its writer knows it). */
#define SCRUB_JOBS_OUTPUT_FAILED (-1)

struct scrub_jobs_opts {
	const struct scrub_ruleset *rules;
	/* The scanner options.  scan.output (with scan.user) receives the text
	 * meant for standard output, in order, from the main thread; NULL: no
	 * text.  With scan.on_finding set, the run uses one thread, and finding
	 * offsets and lines are those of the input. */
	struct scrub_scan_opts scan;
	const struct scrub_archive *archive; /* NULL: plain text */
	unsigned jobs;            /* threads; 0: the number of online cores */
	size_t block_size;        /* 0: SCRUB_JOBS_BLOCK_DEFAULT */
	int progress;             /* draw a progress line on stderr */
	int in_place;             /* the inputs' dest are the inputs: fsync */
	int skip_bad;             /* --skip-bad-records (as the archive's) */
	int eager;                /* cut a block as soon as a record ends
	                           * (--line-buffered archives) */
	const char *stdin_id;     /* document id of standard input, or NULL */
	const char *(*refuse)(const char *head, size_t len);
};

/* ---- The command line's side ------------------------------------------ */

/* The options of archives, trees and jobs, as scrub_jobs_option() parses
 * them for main(). */
struct scrub_jobs_cli {
	int format;               /* --format: enum scrub_format */
	const char **fields;      /* --field / --column */
	size_t nfields;
	const char **authors;     /* --author-field */
	size_t nauthors;
	int skip_bad;             /* --skip-bad-records */
	int no_header;            /* --no-header */
	size_t max_record;        /* --max-record */
	int recursive;            /* -r */
	const char *outdir;       /* -o */
	int in_place;             /* --in-place */
	unsigned jobs;            /* -j; 0: the number of cores */
	size_t block_size;        /* --block-size */
	int no_progress;          /* --no-progress */
};

enum {
	SCRUB_JOPT_FORMAT = 0x1100,
	SCRUB_JOPT_FIELD,
	SCRUB_JOPT_AUTHOR,
	SCRUB_JOPT_SKIP_BAD,
	SCRUB_JOPT_NO_HEADER,
	SCRUB_JOPT_MAX_RECORD,
	SCRUB_JOPT_IN_PLACE,
	SCRUB_JOPT_BLOCK_SIZE,
	SCRUB_JOPT_NO_PROGRESS
};

#define SCRUB_JOBS_SHORTOPTS "j:o:r"

/* Entries for main()'s struct option array (needs <getopt.h>). */
#define SCRUB_JOBS_LONGOPTS \
	{"format", required_argument, NULL, SCRUB_JOPT_FORMAT}, \
	{"field", required_argument, NULL, SCRUB_JOPT_FIELD}, \
	{"column", required_argument, NULL, SCRUB_JOPT_FIELD}, \
	{"author-field", required_argument, NULL, SCRUB_JOPT_AUTHOR}, \
	{"skip-bad-records", no_argument, NULL, SCRUB_JOPT_SKIP_BAD}, \
	{"no-header", no_argument, NULL, SCRUB_JOPT_NO_HEADER}, \
	{"max-record", required_argument, NULL, SCRUB_JOPT_MAX_RECORD}, \
	{"recursive", no_argument, NULL, 'r'}, \
	{"output-dir", required_argument, NULL, 'o'}, \
	{"in-place", no_argument, NULL, SCRUB_JOPT_IN_PLACE}, \
	{"jobs", required_argument, NULL, 'j'}, \
	{"block-size", required_argument, NULL, SCRUB_JOPT_BLOCK_SIZE}, \
	{"no-progress", no_argument, NULL, SCRUB_JOPT_NO_PROGRESS}

/* Their part of --help. */
#define SCRUB_JOBS_USAGE \
"Archives:\n" \
"      --format=FMT           text (the default), jsonl (JSON Lines: one object\n" \
"                             per line) or csv (RFC 4180, first record a header)\n" \
"      --field=PATH           scrub only this field (repeatable): a JSON path\n" \
"                             such as body or comments.*.body, or a CSV column\n" \
"                             name or number; none: every string value\n" \
"      --column=COLUMN        the same as --field\n" \
"      --author-field=PATH    this field's value is a name to redact in the\n" \
"                             record, and is replaced itself (repeatable)\n" \
"      --skip-bad-records     drop and count bad records instead of stopping\n" \
"      --no-header            csv: the first record is data, not a header\n" \
"      --max-record=BYTES     the longest record (default 67108864)\n" \
"Many files and cores:\n" \
"  -r, --recursive            scrub the regular files under each DIR operand\n" \
"  -o, --output-dir=DIR       write each file's output to DIR (a mirrored tree)\n" \
"      --in-place             replace each file by its output, atomically\n" \
"  -j, --jobs=N               threads (default: the number of cores)\n" \
"      --block-size=BYTES     a large input is scanned in blocks of this size,\n" \
"                             each one document (default 1048576)\n" \
"      --no-progress          no progress line on a terminal's stderr\n"

/* Handles option C with argument ARG.  Returns 1 when it was one of ours,
 * 0 when not, -1 (with a message printed) when ARG is bad. */
int scrub_jobs_option(struct scrub_jobs_cli *o, int c, const char *arg);

/* Checks the combination after parsing; returns 0, or -1 with a message. */
int scrub_jobs_cli_check(const struct scrub_jobs_cli *o);

/* Whether the run needs scrub_jobs_main() rather than main()'s own loop:
 * anything but plain text scanned line by line (LINE_BUFFERED) or with a
 * report (--check and friends), a map or -z (OTHER_MODES), which stay on
 * main()'s loop. */
int scrub_jobs_wanted(const struct scrub_jobs_cli *o, int line_buffered,
    int other_modes);

/* Runs the command line's archives, trees and jobs over FILES[0..N)
 * (none: standard input).  SCAN: as in struct scrub_jobs_opts.  REFUSE, if
 * not NULL, says why an input is not scanned from its first bytes (or
 * NULL).  Returns an exit status or SCRUB_JOBS_OUTPUT_FAILED. */
int scrub_jobs_main(const struct scrub_jobs_cli *o,
    const struct scrub_ruleset *rules, const struct scrub_scan_opts *scan,
    int line_buffered, const char *const *files, size_t n,
    const char *stdin_id,
    const char *(*refuse)(const char *head, size_t len));

/* For main()'s own loop with -r: the files under FILES[0..N), as inputs
 * (*INPUTS, *NINPUTS: free with scrub_tree_free()) and as a list of
 * their paths (*PATHS, *NPATHS: "-" for standard input, binary files left
 * out with a warning; free() the array, the strings belong to the
 * inputs).  Returns 0 or an exit status (the other files are listed all
 * the same unless it is 2). */
int scrub_jobs_list_files(const struct scrub_jobs_cli *o,
    const char *const *files, size_t n, struct scrub_input **inputs,
    size_t *ninputs, const char ***paths, size_t *npaths);

/* The number of online cores (at least 1). */
unsigned scrub_jobs_cores(void);

/* Scrubs INPUTS[0..N) and reports every problem on stderr.  Returns an
 * exit status (0, 2 bad record or header, 3 I/O error, 4 match limit), or
 * SCRUB_JOBS_OUTPUT_FAILED. */
int scrub_jobs_run(const struct scrub_jobs_opts *o,
    const struct scrub_input *inputs, size_t n);

#endif
