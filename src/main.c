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

#include "phiscrub.h"
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
"Output:\n"
"      --line-buffered        scan and flush each line as soon as it ends\n"
"      --unit-size=BYTES      bytes scanned at once (default 262144)\n"
"  -h, --help                 show this help and exit\n"
"  -V, --version              show the version and exit\n"
"\n"
"Exit status: 0 success, 2 usage or pattern-set error, 3 read or write\n"
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
		cli->scan.operators[cat] = op;
	}
	free(copy);
	return rc;
}

enum long_only {
	OPT_NO_DEFAULTS = 256, OPT_LIST_RULES, OPT_LINE_BUFFERED,
	OPT_ALLOW_OUTSIDE, OPT_AGGRESSIVE, OPT_REPLACE, OPT_UNIT_SIZE
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
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, 'V'},
		{NULL, 0, NULL, 0},
	};
	int c;

	while ((c = getopt_long(argc, argv, "p:hV", longopts, NULL)) != -1) {
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
		case 'h':
			usage(stdout);
			exit(fflush(stdout) || ferror(stdout) ? EXIT_IO : EXIT_OK);
		case 'V':
			printf("phiscrub %s\n", SCRUB_VERSION);
			exit(fflush(stdout) || ferror(stdout) ? EXIT_IO : EXIT_OK);
		default:
			fputs("Try 'phiscrub --help' for more information.\n", stderr);
			return -1;
		}
	}
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

static int
scrub_stream(struct scrub_scanner *sc, FILE *in, const char *name,
    struct scrub_writer *w)
{
	static char chunk[1 << 16];
	struct scrub_error err;
	size_t n;
	int rc;

	for (;;) {
		n = fread(chunk, 1, sizeof(chunk), in);
		if (n && (rc = scrub_scanner_feed(sc, chunk, n, &err)) < 0)
			goto failed;
		if (n < sizeof(chunk)) {
			if (ferror(in)) {
				if (errno == EINTR) {
					clearerr(in);
					continue;
				}
				msg("%s: read error: %s", name, strerror(errno));
				return EXIT_IO;
			}
			if (feof(in))
				break;
		}
	}
	if ((rc = scrub_scanner_finish(sc, &err)) < 0)
		goto failed;
	return EXIT_OK;
failed:
	if (-rc == SCRUB_E_OUTPUT)
		return write_failed(w);
	msg("%s: %s", name, err.message);
	return status_of(-rc);
}

int
main(int argc, char **argv)
{
	struct cli cli;
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
	cli.line_buffered |= isatty(STDOUT_FILENO);
	scrub_writer_init(&w, stdout, cli.line_buffered);
	if ((status = load_rules(&cli, &rules)) != EXIT_OK)
		return status;
	if (cli.list_rules) {
		if (list_rules(rules, &w) < 0 || scrub_writer_close(&w) < 0)
			status = write_failed(&w);
		scrub_ruleset_free(rules);
		return status;
	}
	cli.scan.line_buffered = cli.line_buffered;
	cli.scan.max_unit = cli.unit_size;
	cli.scan.output = write_output;
	cli.scan.user = &w;
	if (!(sc = scrub_scanner_new(rules, &cli.scan, &err))) {
		msg("%s%s", err.message, "");
		scrub_ruleset_free(rules);
		return status_of(err.code);
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
				scrub_scanner_set_document_id(sc, name);
				st = scrub_stream(sc, in, name, &w);
				fclose(in);
			}
			if (st != EXIT_OK)
				status = st;
		}
	}
	if (scrub_writer_close(&w) < 0 && status != EXIT_IO)
		status = write_failed(&w);
	scrub_scanner_free(sc);
	scrub_ruleset_free(rules);
	free(cli.pattern_paths);
	return status;
}
