/*
 * fuzz_patterns.c: libFuzzer target for the YAML pattern-set loader
 * (issue 8).  The input is a pattern set given to scrub_loader_add_string().
 * When it loads, the rule set is also listed and run over a short text, so
 * that what a hostile set can compile is scanned too (a catastrophic regex
 * must end with the match-limit error, never hang or crash).
 *
 * Includes and word-list files resolve against the current directory, which
 * is set to tests/fuzz/data (FUZZ_DATA_DIR, given by the Makefile) so that
 * runs are reproducible and the seed sets can name small files there.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "phiscrub.h"

#ifndef FUZZ_DATA_DIR
#define FUZZ_DATA_DIR "tests/fuzz/data"
#endif

static const char sample[] =
    "Dear Dr. Okafor, my husband Derek Feldman-Ruiz (DOB 03/14/1961) was seen\n"
    "at Mercy Hospital in Springfield on March 14th; call 508-555-0143 or\n"
    "mail derek@example.org, MRN 00482913, SSN 123-45-6789. aaaaaaaaaaaaaaaa"
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n";

static int
ignore_output(void *user, const char *bytes, size_t len)
{
	(void)user;
	(void)bytes;
	(void)len;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (chdir(FUZZ_DATA_DIR) < 0) {
		perror("fuzz_patterns: " FUZZ_DATA_DIR);
		abort();
	}
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_ruleset *rules = NULL;
	struct scrub_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = scrub_loader_add_string(ld, "fuzz.yaml", (const char *)data, size,
	    &err);
	if (rc == 0)
		rc = scrub_loader_finish(ld, &rules, &err);
	scrub_loader_free(ld);
	if (rc < 0) {
		/* A refusal must say why, and stay within the message buffer. */
		if (err.message[0] == '\0' ||
		    memchr(err.message, '\0', sizeof(err.message)) == NULL)
			abort();
		return 0;
	}
	{
		struct scrub_scan_opts opts;
		struct scrub_scanner *sc;
		struct scrub_rule_info info;
		size_t i, n = scrub_ruleset_count(rules);

		for (i = 0; i < n; i++)
			if (scrub_ruleset_info(rules, i, &info) < 0 || !info.id ||
			    !info.kind || !info.file)
				abort();
		if (strlen(scrub_ruleset_digest(rules)) != 64)
			abort();
		scrub_scan_opts_init(&opts);
		opts.output = ignore_output;
		sc = scrub_scanner_new(rules, &opts, &err);
		if (sc) {
			rc = scrub_scanner_feed(sc, sample, sizeof(sample) - 1, &err);
			if (rc == 0)
				rc = scrub_scanner_finish(sc, &err);
			if (rc < 0 && -rc != SCRUB_E_LIMIT)
				abort(); /* nothing else can fail with this output */
			scrub_scanner_free(sc);
		}
	}
	scrub_ruleset_free(rules);
	return 0;
}
