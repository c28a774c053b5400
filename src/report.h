/*
 * report.h: what the phiscrub command reports about a run besides the
 * scrubbed text (issue 6): check mode for pre-publish hooks, the findings
 * file (JSON Lines or SARIF 2.1.0), the reviewed-findings baseline,
 * --highlight review output and --stats.
 *
 * A CLI module (it prints and writes files), built on the public API of
 * phiscrub.h.  One struct scrub_report per run, used from one thread.  It
 * sits between the scanner and the text writer: scrub_report_scan_opts()
 * installs its own output and finding callbacks, and the caller
 *   - calls scrub_report_begin() before each document,
 *   - passes every input byte of the document to scrub_report_input()
 *     before feeding the same bytes to the scanner (the report keeps a
 *     small window of them to turn byte offsets into code-point and UTF-16
 *     offsets and to hash the context of a finding for the baseline),
 *   - calls scrub_report_end() after scrub_scanner_finish(),
 *   - and scrub_report_finish() once at the end of the run.
 */
#ifndef SCRUB_REPORT_H
#define SCRUB_REPORT_H

#include <stdint.h>

#include "phiscrub.h"
#include "writer.h"

enum scrub_findings_format {
	SCRUB_FINDINGS_JSONL,
	SCRUB_FINDINGS_SARIF
};

/* The options of this module, as parsed by scrub_report_option(). */
struct scrub_report_opts {
	int check;              /* --check: no text, exit 1 on findings */
	int quiet;              /* -q: list no findings in check mode */
	int highlight;          /* --highlight: the input with findings marked */
	int stats;              /* --stats: counts on stderr at the end */
	const char *findings;   /* --findings PATH, "-" for stderr, or NULL */
	int findings_format;    /* enum scrub_findings_format */
	int include_text;       /* --findings-include-text */
	int force;              /* --force: overwrite an existing findings file */
	const char *baseline;   /* --baseline PATH or NULL */
	int update_baseline;    /* --update-baseline */
	const char *label;      /* --label: the name of standard input */
};

/* getopt_long codes of the options above ('q' is also a short option). */
enum scrub_report_optcode {
	SCRUB_ROPT_CHECK = 0x1000,
	SCRUB_ROPT_QUIET,
	SCRUB_ROPT_HIGHLIGHT,
	SCRUB_ROPT_STATS,
	SCRUB_ROPT_FINDINGS,
	SCRUB_ROPT_FORMAT_FINDINGS,
	SCRUB_ROPT_INCLUDE_TEXT,
	SCRUB_ROPT_FORCE,
	SCRUB_ROPT_BASELINE,
	SCRUB_ROPT_UPDATE_BASELINE,
	SCRUB_ROPT_LABEL
};

/* Entries for main()'s struct option array (needs <getopt.h>). */
#define SCRUB_REPORT_LONGOPTS \
	{"check", no_argument, NULL, SCRUB_ROPT_CHECK}, \
	{"quiet", no_argument, NULL, 'q'}, \
	{"highlight", no_argument, NULL, SCRUB_ROPT_HIGHLIGHT}, \
	{"stats", no_argument, NULL, SCRUB_ROPT_STATS}, \
	{"findings", required_argument, NULL, SCRUB_ROPT_FINDINGS}, \
	{"format-findings", required_argument, NULL, SCRUB_ROPT_FORMAT_FINDINGS}, \
	{"findings-include-text", no_argument, NULL, SCRUB_ROPT_INCLUDE_TEXT}, \
	{"force", no_argument, NULL, SCRUB_ROPT_FORCE}, \
	{"baseline", required_argument, NULL, SCRUB_ROPT_BASELINE}, \
	{"update-baseline", no_argument, NULL, SCRUB_ROPT_UPDATE_BASELINE}, \
	{"label", required_argument, NULL, SCRUB_ROPT_LABEL}

/* Their part of --help. */
#define SCRUB_REPORT_USAGE \
"Checking and review:\n" \
"      --check                write no text; list each finding on stderr as\n" \
"                             FILE:LINE:COLUMN: CATEGORY (rule); exit 1 if\n" \
"                             anything would be redacted, 0 if not\n" \
"  -q, --quiet                with --check, list nothing\n" \
"      --baseline=FILE        accept the reviewed findings stored in FILE\n" \
"                             (keyed hashes, no text)\n" \
"      --update-baseline      add this run's findings to the --baseline FILE\n" \
"      --label=NAME           name standard input NAME in findings\n" \
"      --highlight            write the input with each finding marked\n" \
"                             (colour on a terminal, [[CATEGORY:text]] if not)\n" \
"      --findings=FILE        write each finding to FILE ('-': stderr), mode\n" \
"                             0600; an existing FILE is kept unless --force\n" \
"      --format-findings=jsonl|sarif  JSON Lines (default) or SARIF 2.1.0\n" \
"      --findings-include-text  also write the matched text to FILE\n" \
"      --force                overwrite an existing findings file\n" \
"      --stats                counts per category and rule, and the rule-set\n" \
"                             digest, on stderr at the end\n"

/* Handles option C (a SCRUB_ROPT_* code or 'q') with argument ARG.
 * Returns 1 when it was one of ours, 0 when not, -1 (with a message
 * printed) when ARG is bad. */
int scrub_report_option(struct scrub_report_opts *o, int c, const char *arg);

/* Checks the combination of options after parsing; returns 0, or -1 with
 * a message printed. */
int scrub_report_opts_check(const struct scrub_report_opts *o);

/* Whether any option of this module is in use (else no report is needed). */
int scrub_report_wanted(const struct scrub_report_opts *o);

struct scrub_report;

/* Opens the findings file and loads the baseline.  RULES and TEXT (the
 * writer of standard output) must outlive the report; O is copied, the
 * strings it points to are not.  On success *OUT is the report (the caller
 * frees it with scrub_report_free()) and 0 is returned; on failure *OUT is
 * NULL, a message is printed and the exit status (2 or 3) is returned. */
int scrub_report_new(struct scrub_report **out,
    const struct scrub_report_opts *o, const struct scrub_ruleset *rules,
    struct scrub_writer *text);

/* Points the output and finding callbacks of SCAN at the report (and, for
 * --highlight, sets every operator to SCRUB_OP_KEEP). */
void scrub_report_scan_opts(struct scrub_report *r,
    struct scrub_scan_opts *scan);

/* Starts a document of FILE (NULL for standard input).  DOCUMENT is its
 * 1-based number in FILE (1 for a whole file), ID an optional identifier
 * (copied).  FILE is copied. */
void scrub_report_begin(struct scrub_report *r, const char *file,
    uint64_t document, const char *id);

/* The next LEN input bytes of the current document; call before feeding
 * them to the scanner. */
void scrub_report_input(struct scrub_report *r, const char *bytes,
    size_t len);

/* Ends the document.  Returns 0, or -1 when a report write failed or the
 * findings disagreed with the input (a message was printed). */
int scrub_report_end(struct scrub_report *r);

/* Whether a callback refused because of the report itself (a failed write
 * of the findings file or stderr, with a message printed) rather than a
 * failed write of TEXT. */
int scrub_report_failed(const struct scrub_report *r);

/* Ends the run: closes the SARIF document and the findings file, prints
 * the statistics, writes the baseline.  STATUS is the run's exit status so
 * far; returns the final one (1 in check mode when there were new
 * findings, 3 when a report write failed). */
int scrub_report_finish(struct scrub_report *r, int status);

void scrub_report_free(struct scrub_report *r);

#endif
