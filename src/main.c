/*
 * main.c: the phiscrub command.  Options, opening streams, and turning
 * errors into exit statuses; everything else is libphiscrub (phiscrub.h).
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "eval.h"
#include "jobs.h"
#include "phiscrub.h"
#include "report.h"
#include "secrets.h"
#include "writer.h"

enum exit_status {
	EXIT_OK = 0,
	EXIT_FOUND = 1,      /* --check: something would be redacted */
	EXIT_USAGE = 2,      /* usage or pattern-set error */
	EXIT_IO = 3,         /* read or write error */
	EXIT_LIMIT = 4       /* a pattern hit its match limit (fail closed) */
};

struct cli {
	const char **pattern_paths;
	size_t npattern_paths;
	int no_defaults;
	int list_rules;
	int line_buffered;
	int allow_outside;
	int aggressive;
	size_t unit_size;
	int evaluate;               /* --evaluate: score gold files */
	struct scrub_eval_opts eval;
	struct scrub_report_opts report; /* --check, --findings, ... */
	const char *key_file;       /* --key-file, PHISCRUB_KEY_FILE */
	const char *map_file;       /* --map */
	int null_data;              /* -z: NUL-terminated records */
	struct scrub_jobs_cli jobs; /* archives, trees, -j (jobs.h) */
	struct scrub_scan_opts scan;
	const char **files;
	size_t nfiles;
};

static void
usage(FILE *fp)
{
	fputs(
"usage: phiscrub [OPTION]... [FILE]...\n"
"Replace names, dates, places, contact details and identifiers in text.\n"
"Reads each FILE (or standard input, also for '-') and writes to standard output.\n"
"\n"
"Pattern sets:\n"
"  -p, --patterns=FILE|DIR    add a YAML pattern set (repeatable)\n"
"      --no-default-patterns  do not load the built-in pattern sets\n"
"      --allow-outside-includes  let pattern sets include files outside\n"
"                             their own directory\n"
"      --aggressive           also redact every unknown or capitalized word\n"
"                             that is not in the allow list\n"
"      --list-rules           print the loaded rules and exit\n"
"Replacement:\n"
"      --replace=CAT=OP[,...] operator per category (tag, numbered, mask,\n"
"                             pseudonym, surrogate, shift, generalize, keep)\n"
"      --key-file=FILE        the secret key of pseudonym, surrogate and shift\n"
"                             (also PHISCRUB_KEY_FILE); FILE must be mode 0600\n"
"      --map=FILE             write each original value and its replacement to\n"
"                             FILE (JSON Lines, mode 0600; kept unless --force)\n"
"  -z, --null-data            input records end with NUL: each is a document,\n"
"                             and the NUL is written after it\n"
"Output:\n"
"      --line-buffered        scan and flush each line as soon as it ends\n"
"      --unit-size=BYTES      bytes scanned at once (default 262144)\n"
"Evaluation (phiscrub --evaluate [OPTION]... GOLD.jsonl...):\n"
"      --evaluate             score detection on annotated JSON Lines files\n"
"                             and print recall, precision, F1/F2, throughput\n"
"      --evaluate-format=FMT  text (tables, the default) or json\n"
"      --show-misses=N        print up to N missed gold spans per file\n"
"      --show-false-positives=N  print up to N false positives per file\n"
"      --floors=FILE          exit 1 if a figure is below its floor in FILE\n"
SCRUB_REPORT_USAGE
SCRUB_JOBS_USAGE
"  -h, --help                 show this help and exit\n"
"  -V, --version              show the version and exit\n"
"\n"
"Exit status: 0 success, 1 --check: something would be redacted, or\n"
"--evaluate: a figure below its floor,\n"
"2 usage, pattern-set or gold-file error, 3 read or write\n"
"error, 4 a pattern hit its match limit (nothing after it was written).\n"
"See phiscrub(1) and phiscrub-patterns(5).\n", fp);
}

static void
msg(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "phiscrub: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
}

static int
status_of(int code)
{
	switch (code) {
	case SCRUB_E_IO:
	case SCRUB_E_OUTPUT:
		return EXIT_IO;
	case SCRUB_E_LIMIT:
		return EXIT_LIMIT;
	default:
		return EXIT_USAGE;
	}
}

static int
parse_replace(struct cli *cli, const char *arg)
{
	char *copy = strdup(arg), *item, *save = NULL;
	int rc = 0;

	if (!copy)
		return -1;
	for (item = strtok_r(copy, ",", &save); item;
	    item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		int cat, op;

		if (!eq) {
			msg("--replace: expected CATEGORY=OPERATOR, got \"%s\"%s", item, "");
			rc = -1;
			break;
		}
		*eq = '\0';
		cat = scrub_category_from_name(item);
		op = scrub_operator_from_name(eq + 1);
		if (cat < 0) {
			msg("--replace: unknown category \"%s\"%s", item, "");
			rc = -1;
			break;
		}
		if (op < 0) {
			msg("--replace: unknown operator \"%s\"%s", eq + 1, "");
			rc = -1;
			break;
		}
		if (op == SCRUB_OP_SHIFT && cat != SCRUB_CAT_DATE) {
			msg("--replace: shift applies to DATE only, not %s%s", item, "");
			rc = -1;
			break;
		}
		cli->scan.operators[cat] = op;
	}
	free(copy);
	return rc;
}

enum long_only {
	OPT_NO_DEFAULTS = 256, OPT_LIST_RULES, OPT_LINE_BUFFERED,
	OPT_ALLOW_OUTSIDE, OPT_AGGRESSIVE, OPT_REPLACE, OPT_UNIT_SIZE,
	OPT_EVALUATE, OPT_EVAL_FORMAT, OPT_SHOW_MISSES, OPT_SHOW_FPS, OPT_FLOORS,
	OPT_KEY_FILE, OPT_MAP
};

static int
parse_args(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{"patterns", required_argument, NULL, 'p'},
		{"no-default-patterns", no_argument, NULL, OPT_NO_DEFAULTS},
		{"list-rules", no_argument, NULL, OPT_LIST_RULES},
		{"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
		{"allow-outside-includes", no_argument, NULL, OPT_ALLOW_OUTSIDE},
		{"aggressive", no_argument, NULL, OPT_AGGRESSIVE},
		{"replace", required_argument, NULL, OPT_REPLACE},
		{"unit-size", required_argument, NULL, OPT_UNIT_SIZE},
		{"key-file", required_argument, NULL, OPT_KEY_FILE},
		{"map", required_argument, NULL, OPT_MAP},
		{"null-data", no_argument, NULL, 'z'},
		{"evaluate", no_argument, NULL, OPT_EVALUATE},
		{"evaluate-format", required_argument, NULL, OPT_EVAL_FORMAT},
		{"show-misses", required_argument, NULL, OPT_SHOW_MISSES},
		{"show-false-positives", required_argument, NULL, OPT_SHOW_FPS},
		{"floors", required_argument, NULL, OPT_FLOORS},
		SCRUB_REPORT_LONGOPTS,
		SCRUB_JOBS_LONGOPTS,
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "p:qhVz" SCRUB_JOBS_SHORTOPTS, longopts, NULL)) != -1) {
		switch (c) {
		case 'p':
			cli->pattern_paths[cli->npattern_paths++] = optarg;
			break;
		case OPT_NO_DEFAULTS:
			cli->no_defaults = 1;
			break;
		case OPT_LIST_RULES:
			cli->list_rules = 1;
			break;
		case OPT_LINE_BUFFERED:
			cli->line_buffered = 1;
			break;
		case OPT_ALLOW_OUTSIDE:
			cli->allow_outside = 1;
			break;
		case OPT_AGGRESSIVE:
			cli->aggressive = 1;
			break;
		case OPT_REPLACE:
			if (parse_replace(cli, optarg) < 0)
				return -1;
			break;
		case OPT_UNIT_SIZE: {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);

			if (*end || v < 4096 || v > (64ull << 20)) {
				msg("--unit-size: expected a number of bytes from 4096 to "
				    "67108864%s%s", "", "");
				return -1;
			}
			cli->unit_size = (size_t)v;
			break;
		}
		case OPT_EVALUATE:
			cli->evaluate = 1;
			break;
		case OPT_EVAL_FORMAT:
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				msg("--evaluate-format: expected text or json, got \"%s\"%s",
				    optarg, "");
				return -1;
			}
			cli->eval.json = !strcmp(optarg, "json");
			break;
		case OPT_SHOW_MISSES:
		case OPT_SHOW_FPS: {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);

			if (!*optarg || *end || *optarg == '-' || v > 1000000) {
				msg("%s: expected a number from 0 to 1000000%s",
				    c == OPT_SHOW_MISSES ? "--show-misses" :
				    "--show-false-positives", "");
				return -1;
			}
			*(c == OPT_SHOW_MISSES ? &cli->eval.show_misses :
			    &cli->eval.show_fps) = v;
			break;
		}
		case OPT_FLOORS:
			cli->eval.floors = optarg;
			break;
		case OPT_KEY_FILE:
			cli->key_file = optarg;
			break;
		case OPT_MAP:
			if (!*optarg) {
				msg("--map: empty file name%s%s", "", "");
				return -1;
			}
			cli->map_file = optarg;
			break;
		case 'z':
			cli->null_data = 1;
			break;
		case 'h':
			usage(stdout);
			exit(fflush(stdout) || ferror(stdout) ? EXIT_IO : EXIT_OK);
		case 'V':
			printf("phiscrub %s\n", SCRUB_VERSION);
			exit(fflush(stdout) || ferror(stdout) ? EXIT_IO : EXIT_OK);
		default: {
			int r = scrub_report_option(&cli->report, c, optarg);

			if (r == 0)
				r = scrub_jobs_option(&cli->jobs, c, optarg);

			if (r > 0)
				break;
			if (r == 0)
				fputs("Try 'phiscrub --help' for more information.\n",
				    stderr);
			return -1;
		}
		}
	}
	if (scrub_report_opts_check(&cli->report) < 0)
		return -1;
	if (scrub_jobs_cli_check(&cli->jobs) < 0)
		return -1;
	cli->files = (const char **)argv + optind;
	cli->nfiles = (size_t)(argc - optind);
	return 0;
}

static int
load_rules(const struct cli *cli, struct scrub_ruleset **rules)
{
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_error err;
	size_t i;
	int rc = 0;

	scrub_loader_allow_outside_includes(ld, cli->allow_outside);
	if (!cli->no_defaults)
		rc = scrub_loader_add_defaults(ld, &err);
	for (i = 0; rc == 0 && i < cli->npattern_paths; i++)
		rc = scrub_loader_add_path(ld, cli->pattern_paths[i], &err);
	if (rc == 0 && cli->aggressive)
		rc = scrub_loader_set_option(ld, "aggressive", 1, &err);
	if (rc == 0)
		rc = scrub_loader_finish(ld, rules, &err);
	scrub_loader_free(ld);
	if (rc < 0) {
		msg("%s%s", err.message, "");
		return status_of(-rc);
	}
	return EXIT_OK;
}

static int
list_rules(const struct scrub_ruleset *rules, struct scrub_writer *w)
{
	size_t i, n = scrub_ruleset_count(rules);
	char line[1200];

	for (i = 0; i < n; i++) {
		struct scrub_rule_info info;
		int len;

		if (scrub_ruleset_info(rules, i, &info) < 0)
			continue;
		len = snprintf(line, sizeof(line), "%s\t%s\t%s\t%s:%lu\n", info.id,
		    info.category >= 0 ? scrub_category_name(info.category) : "-",
		    info.kind, info.file, info.line);
		if (len > 0 && scrub_writer_write(w, line, (size_t)len < sizeof(line) ?
		    (size_t)len : sizeof(line) - 1) < 0)
			return -1;
	}
	return 0;
}

static int
write_output(void *user, const char *bytes, size_t len)
{
	return scrub_writer_write(user, bytes, len);
}

/* Reports a failed write and gives the exit status: a reader that went
 * away (EPIPE with SIGPIPE ignored) ends the run as SIGPIPE would. */
static int
write_failed(const struct scrub_writer *w)
{
	if (w->error == EPIPE) {
		signal(SIGPIPE, SIG_DFL);
		raise(SIGPIPE);
		return EXIT_IO;
	}
	msg("write error: %s%s", strerror(w->error), "");
	return EXIT_IO;
}

/* --check, --findings, --highlight, --stats, --baseline (report.h), or NULL
 * when none of them is used. */
static struct scrub_report *report;

/* Issue 5: the --map file (or NULL), -z, whether text is written at all,
 * the document id of standard input, and the key (kept reachable for the
 * leak checkers, as cli is). */
static struct scrub_map *map;
/* -r on this loop: the files walked (issue 6). */
static struct scrub_input *walked;
static size_t nwalked;
static const char **walked_paths;
static int null_data, no_text;
static const char *stdin_id = "-";
static unsigned char *key;
static size_t key_len;

/* Starts record RECORD of the input called ID.  Its document id (for keyed
 * date shifting and the --map file) is ID, or "ID#RECORD" with -z. */
static void
begin_document(struct scrub_scanner *sc, FILE *in, const char *name,
    const char *id, uint64_t record)
{
	char buf[4096];

	if (null_data) {
		snprintf(buf, sizeof(buf), "%s#%llu", id,
		    (unsigned long long)record);
		id = buf;
	}
	scrub_scanner_set_document_id(sc, id);
	if (map)
		scrub_map_document(map, id);
	if (report)
		scrub_report_begin(report, in == stdin ? NULL : name, record, NULL);
}

/* The encoding named by a byte-order mark at the start of P (N bytes) when
 * it is not UTF-8, else NULL.  phiscrub reads UTF-8: UTF-16 or UTF-32 text
 * would pass through unscanned (every ASCII letter is followed by a NUL),
 * so it is refused (issue 8, docs/hardening.md). */
static const char *
wide_bom(const char *p, size_t n)
{
	const unsigned char *u = (const unsigned char *)p;

	if (n >= 4 && u[0] == 0xFF && u[1] == 0xFE && !u[2] && !u[3])
		return "UTF-32LE";
	if (n >= 4 && !u[0] && !u[1] && u[2] == 0xFE && u[3] == 0xFF)
		return "UTF-32BE";
	if (n >= 2 && u[0] == 0xFF && u[1] == 0xFE)
		return "UTF-16LE";
	if (n >= 2 && u[0] == 0xFE && u[1] == 0xFF)
		return "UTF-16BE";
	return NULL;
}

/* Reports a scan that failed with RC (ERR) on the input NAME; returns the
 * exit status. */
static int
scan_failed(int rc, const struct scrub_error *err, const char *name,
    struct scrub_writer *w)
{
	if (-rc == SCRUB_E_OUTPUT && report && scrub_report_failed(report))
		return EXIT_IO; /* the report said why */
	if (-rc == SCRUB_E_OUTPUT && scrub_map_failed(map))
		return EXIT_IO; /* so did the map */
	if (-rc == SCRUB_E_OUTPUT)
		return write_failed(w);
	msg("%s: %s", name, err->message);
	return status_of(-rc);
}

/* Ends the current document; returns the exit status. */
static int
end_document(struct scrub_scanner *sc, const char *name,
    struct scrub_writer *w)
{
	struct scrub_error err;
	int rc;

	if ((rc = scrub_scanner_finish(sc, &err)) < 0)
		return scan_failed(rc, &err, name, w);
	if (report && scrub_report_end(report) < 0)
		return EXIT_IO;
	return EXIT_OK;
}

/* Scrubs the input IN called NAME: one document, or with -z one per
 * NUL-terminated record (issue 5), the NUL written after each. */
static int
scrub_stream(struct scrub_scanner *sc, FILE *in, const char *name,
    struct scrub_writer *w)
{
	static char chunk[1 << 16];
	struct scrub_error err;
	const char *id = in == stdin ? stdin_id : name;
	uint64_t record = 1;
	size_t n;
	int rc, first = 1, open_doc = 1, st;
	const char *enc;

	begin_document(sc, in, name, id, record);
	for (;;) {
		const char *p;
		size_t left;
		ssize_t got;

		/* read(2), not fread(): a slow pipe's line must go through as soon
		 * as it comes (--line-buffered), not once 64 KiB have. */
		got = read(fileno(in), chunk, sizeof(chunk));
		if (got < 0) {
			if (errno == EINTR)
				continue;
			msg("%s: read error: %s", name, strerror(errno));
			return EXIT_IO;
		}
		if (got == 0)
			break;
		n = (size_t)got;
		if (n && first && (enc = wide_bom(chunk, n))) {
			char why[160];

			snprintf(why, sizeof(why), "%s text (byte-order mark) is not "
			    "supported; convert it to UTF-8 first (iconv -f %.6s -t UTF-8)",
			    enc, enc);
			msg("%s: %s", name, why);
			return EXIT_USAGE;
		}
		first &= !n;
		for (p = chunk, left = n; left; ) {
			const char *nul = null_data ? memchr(p, '\0', left) : NULL;
			size_t take = nul ? (size_t)(nul - p) : left;

			if (!open_doc) {
				begin_document(sc, in, name, id, ++record);
				open_doc = 1;
			}
			if (take && report)
				scrub_report_input(report, p, take);
			if (take && (rc = scrub_scanner_feed(sc, p, take, &err)) < 0)
				return scan_failed(rc, &err, name, w);
			p += take;
			left -= take;
			if (nul) {
				if ((st = end_document(sc, name, w)) != EXIT_OK)
					return st;
				if (!no_text && scrub_writer_write(w, "", 1) < 0)
					return write_failed(w);
				open_doc = 0;
				p++;
				left--;
			}
		}
	}
	return open_doc ? end_document(sc, name, w) : EXIT_OK;
}

/* Why an input is refused from its first bytes, for scrub_jobs_main(), or
 * NULL (the same rule as scrub_stream()'s).  Main thread only. */
static const char *
refuse_input(const char *head, size_t len)
{
	static char why[160];
	const char *enc = wide_bom(head, len);

	if (!enc)
		return NULL;
	snprintf(why, sizeof(why), "%s text (byte-order mark) is not supported; "
	    "convert it to UTF-8 first (iconv -f %.6s -t UTF-8)", enc, enc);
	return why;
}

int
main(int argc, char **argv)
{
	/* Static, so that what it holds stays reachable on the early returns
	 * (no leak report from LeakSanitizer or valgrind; issue 8). */
	static struct cli cli;
	struct scrub_ruleset *rules = NULL;
	struct scrub_scanner *sc = NULL;
	struct scrub_writer w;
	struct scrub_error err;
	int status = EXIT_OK;
	size_t i;

	memset(&cli, 0, sizeof(cli));
	scrub_scan_opts_init(&cli.scan);
	cli.pattern_paths = calloc((size_t)argc + 1, sizeof(char *));
	if (!cli.pattern_paths) {
		msg("out of memory%s%s", "", "");
		return EXIT_IO;
	}
	if (parse_args(&cli, argc, argv) < 0)
		return EXIT_USAGE;
	/* Not in check mode: it writes no text, and its findings must not
	 * depend on where stdout goes (a hook run from a terminal). */
	cli.line_buffered |= isatty(STDOUT_FILENO) && !cli.report.check;
	scrub_writer_init(&w, stdout, cli.line_buffered);
	if ((status = load_rules(&cli, &rules)) != EXIT_OK)
		return status;
	if (cli.list_rules) {
		if (list_rules(rules, &w) < 0 || scrub_writer_close(&w) < 0)
			status = write_failed(&w);
		scrub_ruleset_free(rules);
		return status;
	}
	if (cli.evaluate) {
		if (!cli.nfiles) {
			msg("--evaluate: no gold file given%s%s", "", "");
			status = EXIT_USAGE;
		} else {
			cli.scan.max_unit = cli.unit_size;
			status = scrub_eval_run(rules, &cli.scan, cli.files, cli.nfiles,
			    &cli.eval, &w);
		}
		if (scrub_writer_close(&w) < 0 || w.error)
			status = write_failed(&w);
		scrub_ruleset_free(rules);
		free(cli.pattern_paths);
		return status;
	}
	cli.scan.line_buffered = cli.line_buffered;
	cli.scan.max_unit = cli.unit_size;
	cli.scan.output = write_output;
	cli.scan.user = &w;
	if (!cli.key_file && getenv("PHISCRUB_KEY_FILE") &&
	    *getenv("PHISCRUB_KEY_FILE"))
		cli.key_file = getenv("PHISCRUB_KEY_FILE");
	if (cli.key_file && (status = scrub_key_read(cli.key_file, &key,
	    &key_len)) != EXIT_OK) {
		scrub_ruleset_free(rules);
		return status;
	}
	cli.scan.key = key;
	cli.scan.key_len = key_len;
	null_data = cli.null_data;
	no_text = cli.report.check;
	if (cli.report.label)
		stdin_id = cli.report.label;
	if (scrub_report_wanted(&cli.report)) {
		if ((status = scrub_report_new(&report, &cli.report, rules, &w))) {
			scrub_ruleset_free(rules);
			return status;
		}
		scrub_report_scan_opts(report, &cli.scan);
	}
	if (cli.map_file) {
		map = scrub_map_new(cli.map_file, cli.report.force);
		scrub_map_scan_opts(map, &cli.scan);
	}
	if (!(sc = scrub_scanner_new(rules, &cli.scan, &err))) {
		msg("%s%s", err.message, "");
		scrub_map_close(map);
		scrub_report_free(report);
		scrub_ruleset_free(rules);
		scrub_key_free(key, key_len);
		return status_of(err.code);
	}
	if (map && (status = scrub_map_create(map)) != EXIT_OK) {
		scrub_map_close(map);
		scrub_scanner_free(sc);
		scrub_report_free(report);
		scrub_ruleset_free(rules);
		scrub_key_free(key, key_len);
		return status;
	}
	/* Issue 6: archives, trees, -j; the modes above stay on this loop. */
	if (scrub_jobs_wanted(&cli.jobs, cli.line_buffered,
	    report || map || null_data)) {
		status = scrub_jobs_main(&cli.jobs, rules, &cli.scan,
		    cli.line_buffered, cli.files, cli.nfiles, stdin_id, refuse_input);
		if (status == SCRUB_JOBS_OUTPUT_FAILED)
			status = write_failed(&w);
		goto finish;
	}
	if (cli.jobs.format != SCRUB_FORMAT_TEXT || cli.jobs.outdir ||
	    cli.jobs.in_place) {
		msg("--format, -o and --in-place cannot be used with --check, "
		    "--findings, --highlight, --stats, --map or -z%s%s", "", "");
		status = EXIT_USAGE;
		goto finish;
	}
	if (cli.jobs.recursive) {
		size_t npaths;

		status = scrub_jobs_list_files(&cli.jobs, cli.files, cli.nfiles,
		    &walked, &nwalked, &walked_paths, &npaths);
		if (status == EXIT_USAGE || !npaths)
			goto finish;
		cli.files = walked_paths;
		cli.nfiles = npaths;
	}
	if (!cli.nfiles) {
		status = scrub_stream(sc, stdin, "(standard input)", &w);
	} else {
		for (i = 0; i < cli.nfiles && status != EXIT_IO &&
		    status != EXIT_LIMIT; i++) {
			const char *name = cli.files[i];
			FILE *in;
			int st;

			if (!strcmp(name, "-")) {
				st = scrub_stream(sc, stdin, "(standard input)", &w);
			} else if (!(in = fopen(name, "rb"))) {
				msg("%s: %s", name, strerror(errno));
				st = EXIT_IO;
			} else {
				st = scrub_stream(sc, in, name, &w);
				fclose(in);
			}
			if (st != EXIT_OK)
				status = st;
		}
	}
finish:
	if (scrub_writer_close(&w) < 0 && status != EXIT_IO)
		status = write_failed(&w);
	if (report)
		status = scrub_report_finish(report, status);
	scrub_report_free(report);
	if ((i = (size_t)scrub_map_close(map)) != EXIT_OK && status == EXIT_OK)
		status = (int)i;
	scrub_scanner_free(sc);
	scrub_ruleset_free(rules);
	scrub_key_free(key, key_len);
	free(cli.pattern_paths);
	return status;
}
