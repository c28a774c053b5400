/*
 * redact.c: redacts standard input to standard output with libphiscrub.
 * cc redact.c $(pkg-config --cflags --libs phiscrub) -o redact
 */
#include <phiscrub.h>
#include <stdio.h>

/* The output callback: a short write stops the scan. */
static int
put(void *user, const char *bytes, size_t len)
{
	return fwrite(bytes, 1, len, user) == len ? 0 : -1;
}

int
main(void)
{
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_ruleset *rules = NULL;
	struct scrub_scanner *sc = NULL;
	struct scrub_scan_opts opts;
	struct scrub_error err;
	const char *why = NULL;
	char buf[65536];
	size_t n;
	int rc = scrub_loader_add_defaults(ld, &err);

	if (rc == 0)
		rc = scrub_loader_finish(ld, &rules, &err);
	scrub_loader_free(ld);
	scrub_scan_opts_init(&opts);
	opts.output = put;
	opts.user = stdout;
	if (rc == 0 && !(sc = scrub_scanner_new(rules, &opts, &err)))
		rc = -SCRUB_E_USAGE;
	while (rc == 0 && (n = fread(buf, 1, sizeof(buf), stdin)) > 0)
		rc = scrub_scanner_feed(sc, buf, n, &err);
	if (rc == 0 && ferror(stdin))
		why = "read error";
	else if (rc == 0)
		rc = scrub_scanner_finish(sc, &err);
	if (rc == -SCRUB_E_OUTPUT || fflush(stdout) || ferror(stdout) ||
	    fclose(stdout))
		why = "write error";
	if (why || rc < 0)
		fprintf(stderr, "redact: %s\n", why ? why : err.message);
	scrub_scanner_free(sc);
	scrub_ruleset_free(rules);
	return why || rc < 0;
}
