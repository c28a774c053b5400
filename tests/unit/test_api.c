/*
 * test_api.c: libphiscrub through its public header only (issue 9), as an
 * embedding program sees it: loading the defaults and YAML strings, error
 * places, scrub_text(), chunked feeding equal to whole-text feeding, two
 * threads over one shared rule set, finding offsets, and an output callback
 * that refuses.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phiscrub.h"

#include "harness.h"

/* A paragraph with PHI of several kinds, CRLF line ends and multi-byte
 * UTF-8 (2, 3 and 4 bytes), so that chunk sizes 1, 2, 3 and 7 cut CR from
 * LF and cut inside characters. */
static const char paragraph[] =
    "Hi all, I am Sarah O'Brien from Worcester.\r\n"
    "My mum Jos\xc3\xa9 M\xc3\xbcller (DOB 03/14/1951) is 93 \xe2\x80\x94 "
    "call 508-555-0143 or mail jose.m@example.org \xf0\x9f\x98\x80\r\n"
    "SSN 412-68-3390, the stra\xc3\x9f" "e caf\xc3\xa9 was na\xc3\xafve \xf0\x9f\x92\x99\r\n"
    "\r\n"
    "Thanks to Dr. Feldman at St. Vincent Hospital, see www.caringbridge.org/x\n";

/* ---- A growable byte string for collected output -------------------- */

struct str {
	char *p;
	size_t len, cap;
};

static void
str_add(struct str *s, const void *bytes, size_t len)
{
	if (s->len + len + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;

		while (s->len + len + 1 > cap)
			cap *= 2;
		if (!(s->p = realloc(s->p, cap))) {
			fputs("test_api: out of memory\n", stderr);
			abort();
		}
		s->cap = cap;
	}
	memcpy(s->p + s->len, bytes, len);
	s->len += len;
	s->p[s->len] = '\0';
}

static void
str_addf_finding(struct str *s, const struct scrub_finding *f)
{
	char line[256];
	int n = snprintf(line, sizeof(line), "%llu-%llu %llu:%llu %s %s\n",
	    (unsigned long long)f->start, (unsigned long long)f->end,
	    (unsigned long long)f->line, (unsigned long long)f->column,
	    scrub_category_name(f->category), f->rule_id);

	str_add(s, line, (size_t)n);
}

/* ---- Callbacks ------------------------------------------------------- */

struct sink {
	struct str out, findings;
	const char *input;      /* the whole document, to check offsets */
	size_t input_len;
	int bad_slices;         /* findings whose offsets do not give text */
};

static int
sink_output(void *user, const char *bytes, size_t len)
{
	str_add(&((struct sink *)user)->out, bytes, len);
	return 0;
}

static int
sink_finding(void *user, const struct scrub_finding *f)
{
	struct sink *k = user;

	str_addf_finding(&k->findings, f);
	if (k->input && (f->end < f->start || f->end > k->input_len ||
	    f->end - f->start != f->text_len ||
	    memcmp(k->input + f->start, f->text, f->text_len) != 0))
		k->bad_slices++;
	return 0;
}

static void
sink_release(struct sink *k)
{
	free(k->out.p);
	free(k->findings.p);
}

/* Scans TEXT with a new scanner over RULES, fed CHUNK bytes at a time (0:
 * all at once), into K.  Returns the status of the first failing call. */
static int
scan_chunked(const struct scrub_ruleset *rules, const char *text, size_t len,
    size_t chunk, struct sink *k)
{
	struct scrub_scan_opts opts;
	struct scrub_scanner *sc;
	struct scrub_error err;
	size_t off = 0;
	int rc = 0;

	scrub_scan_opts_init(&opts);
	opts.output = sink_output;
	opts.on_finding = sink_finding;
	opts.user = k;
	if (!(sc = scrub_scanner_new(rules, &opts, &err)))
		return -1;
	if (!chunk)
		chunk = len ? len : 1;
	while (rc == 0 && off < len) {
		size_t n = len - off < chunk ? len - off : chunk;

		rc = scrub_scanner_feed(sc, text + off, n, &err);
		off += n;
	}
	if (rc == 0)
		rc = scrub_scanner_finish(sc, &err);
	scrub_scanner_free(sc);
	return rc;
}

/* The sample: the paragraph N times, the last copy without its final
 * newline.  The caller frees it. */
static char *
make_sample(int copies, size_t *len)
{
	struct str s = {0};
	int i;

	for (i = 0; i < copies; i++)
		str_add(&s, paragraph, sizeof(paragraph) - 1);
	s.len--;          /* no final newline */
	s.p[s.len] = '\0';
	*len = s.len;
	return s.p;
}

static struct scrub_ruleset *
load_defaults(void)
{
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_ruleset *rules = NULL;
	struct scrub_error err;
	int rc;

	rc = scrub_loader_add_defaults(ld, &err);
	if (rc == 0)
		rc = scrub_loader_finish(ld, &rules, &err);
	scrub_loader_free(ld);
	if (rc < 0)
		fprintf(stderr, "test_api: defaults: %s\n", err.message);
	return rules;
}

/* ---- Tests ----------------------------------------------------------- */

static void
test_names(void)
{
	CHECK_STR(scrub_category_name(SCRUB_CAT_NAME), "NAME");
	CHECK_STR(scrub_category_name(SCRUB_CAT_ID), "ID");
	CHECK(scrub_category_name(SCRUB_CAT_COUNT) == NULL);
	CHECK(scrub_category_name(-1) == NULL);
	CHECK(scrub_category_from_name("email") == SCRUB_CAT_EMAIL);
	CHECK(scrub_category_from_name("PHONE") == SCRUB_CAT_PHONE);
	CHECK(scrub_category_from_name("nope") == -1);
	CHECK(scrub_operator_from_name("tag") == SCRUB_OP_TAG);
	CHECK(scrub_operator_from_name("nope") == -1);
	CHECK_STR(scrub_operator_name(SCRUB_OP_MASK), "mask");
	CHECK(scrub_operator_name(SCRUB_OP_COUNT) == NULL);
}

static void
test_defaults(const struct scrub_ruleset *rules)
{
	struct scrub_rule_info info;
	size_t i, n = scrub_ruleset_count(rules);
	int has_email = 0;

	CHECK(n > 10);
	CHECK(strlen(scrub_ruleset_digest(rules)) == 64);
	for (i = 0; i < n; i++) {
		if (scrub_ruleset_info(rules, i, &info) != 0) {
			CHECK(!"scrub_ruleset_info failed inside the range");
			break;
		}
		if (!strcmp(info.id, "email") && info.category == SCRUB_CAT_EMAIL)
			has_email = 1;
	}
	CHECK(has_email);
	CHECK(scrub_ruleset_info(rules, n, &info) == -SCRUB_E_USAGE);
}

static void
test_yaml_string(void)
{
	static const char yaml[] =
	    "phiscrub: 1\n"
	    "name: api-test\n"
	    "rules:\n"
	    "  - id: test.ticket\n"
	    "    category: ID\n"
	    "    pattern: 'TKT-[0-9]{4}'\n";
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_ruleset *rules = NULL;
	struct scrub_rule_info info;
	struct scrub_error err;
	char *out = NULL;
	size_t out_len = 0;
	int rc;

	rc = scrub_loader_add_string(ld, "api.yaml", yaml, sizeof(yaml) - 1, &err);
	CHECK(rc == 0);
	if (rc == 0)
		rc = scrub_loader_finish(ld, &rules, &err);
	scrub_loader_free(ld);
	CHECK(rc == 0);
	if (rc < 0) {
		fprintf(stderr, "test_api: %s\n", err.message);
		return;
	}
	CHECK(scrub_ruleset_count(rules) == 1);
	CHECK(scrub_ruleset_info(rules, 0, &info) == 0);
	CHECK_STR(info.id, "test.ticket");
	CHECK_STR(info.kind, "pattern");
	CHECK(info.category == SCRUB_CAT_ID);
	CHECK_STR(info.file, "api.yaml");
	CHECK(info.line == 4);

	rc = scrub_text(rules, NULL, "see TKT-1234, not TKT-12.", 25, &out,
	    &out_len, &err);
	CHECK(rc == 0);
	CHECK_STR(out, "see [ID], not TKT-12.");
	CHECK(out && out_len == strlen(out));
	free(out);
	scrub_ruleset_free(rules);
}

/* Loads YAML (named NAME) and expects a pattern-set error at LINE:COLUMN
 * whose message starts with PREFIX. */
static void
expect_bad_yaml(const char *name, const char *yaml, unsigned long line,
    unsigned long column, const char *prefix)
{
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_ruleset *rules = NULL;
	struct scrub_error err;
	int rc;

	memset(&err, 0, sizeof(err));
	rc = scrub_loader_add_string(ld, name, yaml, strlen(yaml), &err);
	if (rc == 0)
		rc = scrub_loader_finish(ld, &rules, &err);
	scrub_loader_free(ld);
	scrub_ruleset_free(rules);
	CHECK(rc == -SCRUB_E_CONFIG);
	CHECK(err.code == SCRUB_E_CONFIG);
	CHECK_STR(err.file, name);
	CHECK(err.line == line);
	CHECK(err.column == column);
	CHECK(strncmp(err.message, prefix, strlen(prefix)) == 0);
	if (strncmp(err.message, prefix, strlen(prefix)) != 0)
		fprintf(stderr, "test_api: message \"%s\"\n", err.message);
}

static void
test_bad_yaml(void)
{
	/* A syntax error, found by libyaml. */
	expect_bad_yaml("bad.yaml", "phiscrub: 1\nrules: [\n", 3, 1,
	    "bad.yaml:3:1: ");
	/* A bad regular expression: the place is the pattern's. */
	expect_bad_yaml("regex.yaml",
	    "phiscrub: 1\nrules:\n  - id: broken\n    category: ID\n"
	    "    pattern: \"(ab\"\n", 5, 14, "regex.yaml:5:14: rule \"broken\"");
	/* A typo in a key must not silently disable a rule. */
	expect_bad_yaml("typo.yaml",
	    "phiscrub: 1\nrules:\n  - id: t\n    categroy: ID\n"
	    "    pattern: x\n", 4, 5, "typo.yaml:4:5: ");
}

static void
test_scrub_text(const struct scrub_ruleset *rules)
{
	static const char text[] =
	    "Email jane.doe@example.org or call (508) 555-0143, SSN 412-68-3390";
	struct scrub_scan_opts opts;
	struct scrub_error err;
	char *out = NULL;
	size_t out_len = 0;
	int rc;

	rc = scrub_text(rules, NULL, text, sizeof(text) - 1, &out, &out_len, &err);
	CHECK(rc == 0);
	CHECK_STR(out, "Email [EMAIL] or call [PHONE], SSN [ID]");
	CHECK(out && out_len == strlen(out));
	free(out);

	/* An operator chosen per category; the output callback in OPTS is
	 * ignored (scrub_text collects the output itself). */
	scrub_scan_opts_init(&opts);
	opts.operators[SCRUB_CAT_EMAIL] = SCRUB_OP_KEEP;
	opts.output = sink_output;
	opts.user = NULL;
	rc = scrub_text(rules, &opts, text, sizeof(text) - 1, &out, &out_len, &err);
	CHECK(rc == 0);
	CHECK_STR(out, "Email jane.doe@example.org or call [PHONE], SSN [ID]");
	free(out);

	/* Empty input gives empty output. */
	rc = scrub_text(rules, NULL, "", 0, &out, &out_len, &err);
	CHECK(rc == 0);
	CHECK(out && out_len == 0 && out[0] == '\0');
	free(out);
}

static void
test_chunking(const struct scrub_ruleset *rules)
{
	static const size_t chunks[] = {1, 2, 3, 7, 4096};
	struct sink whole = {0};
	size_t len, i;
	char *sample = make_sample(60, &len);

	CHECK(len > 3 * 4096);
	whole.input = sample;
	whole.input_len = len;
	CHECK(scan_chunked(rules, sample, len, 0, &whole) == 0);
	/* The sample's PHI is gone and the rest is there, byte for byte. */
	CHECK(whole.out.p && !strstr(whole.out.p, "O'Brien"));
	CHECK(whole.out.p && !strstr(whole.out.p, "508-555-0143"));
	CHECK(whole.out.p && !strstr(whole.out.p, "jose.m@example.org"));
	CHECK(whole.out.p && !strstr(whole.out.p, "412-68-3390"));
	CHECK(whole.out.p && strstr(whole.out.p,
	    ", the stra\xc3\x9f" "e caf\xc3\xa9 was na\xc3\xafve \xf0\x9f\x92\x99\r\n"));
	CHECK(whole.findings.len > 0);
	CHECK(whole.bad_slices == 0);
	for (i = 0; i < sizeof(chunks) / sizeof(chunks[0]); i++) {
		struct sink part = {0};

		part.input = sample;
		part.input_len = len;
		CHECK(scan_chunked(rules, sample, len, chunks[i], &part) == 0);
		CHECK(part.out.len == whole.out.len && part.out.p &&
		    memcmp(part.out.p, whole.out.p, whole.out.len) == 0);
		CHECK(part.findings.p && !strcmp(part.findings.p, whole.findings.p));
		CHECK(part.bad_slices == 0);
		if (part.out.len != whole.out.len)
			fprintf(stderr, "test_api: chunk %zu: %zu bytes out, want %zu\n",
			    chunks[i], part.out.len, whole.out.len);
		sink_release(&part);
	}
	sink_release(&whole);
	free(sample);
}

/* Finding offsets, lines and columns describe the input. */
static void
test_offsets(const struct scrub_ruleset *rules)
{
	static const char text[] =
	    "first line\n"
	    "call 508-555-0143 now\r\n"
	    "\xc3\xa9t\xc3\xa9: mail jane.doe@example.org\n";
	struct sink k = {0};
	const char *p;
	int phone = 0, email = 0;

	k.input = text;
	k.input_len = sizeof(text) - 1;
	CHECK(scan_chunked(rules, text, sizeof(text) - 1, 5, &k) == 0);
	CHECK(k.bad_slices == 0);
	/* The lines are "start-end line:column CATEGORY rule". */
	for (p = k.findings.p; p && *p; p = strchr(p, '\n') + 1) {
		unsigned long long s, e, l, c;
		char cat[32];

		if (sscanf(p, "%llu-%llu %llu:%llu %31s", &s, &e, &l, &c, cat) != 5) {
			CHECK(!"unreadable finding");
			break;
		}
		if (!strcmp(cat, "PHONE")) {
			phone = 1;
			CHECK(s == 16 && e == 28 && l == 2 && c == 6);
			CHECK(!memcmp(text + s, "508-555-0143", e - s));
		} else if (!strcmp(cat, "EMAIL")) {
			email = 1;
			/* Columns count bytes: "été: mail " is 12 bytes. */
			CHECK(l == 3 && c == 13);
			CHECK(e - s == 20 && !memcmp(text + s, "jane.doe@example.org", 20));
		}
	}
	CHECK(phone && email);
	CHECK_STR(k.out.p, "first line\ncall [PHONE] now\r\n"
	    "\xc3\xa9t\xc3\xa9: mail [EMAIL]\n");
	sink_release(&k);
}

/* ---- Two threads, one rule set --------------------------------------- */

struct job {
	const struct scrub_ruleset *rules;
	const char *text;
	size_t len;
	size_t chunk;
	int rounds;
	struct sink result;     /* the last round's */
	int rc;
	int differed;           /* a round gave other output than the first */
};

static void *
run_job(void *arg)
{
	struct job *j = arg;
	int r;

	for (r = 0; r < j->rounds; r++) {
		struct sink k = {0};

		j->rc = scan_chunked(j->rules, j->text, j->len, j->chunk, &k);
		if (j->rc < 0) {
			sink_release(&k);
			break;
		}
		if (r > 0 && (k.out.len != j->result.out.len ||
		    memcmp(k.out.p, j->result.out.p, k.out.len) != 0 ||
		    strcmp(k.findings.p, j->result.findings.p) != 0))
			j->differed = 1;
		sink_release(&j->result);
		j->result = k;
	}
	return NULL;
}

static void
test_threads(const struct scrub_ruleset *rules)
{
	struct job single = {0}, jobs[2];
	pthread_t tid[2];
	size_t len;
	char *sample = make_sample(20, &len);
	int i, started[2];

	single.rules = rules;
	single.text = sample;
	single.len = len;
	single.rounds = 1;
	run_job(&single);
	CHECK(single.rc == 0 && single.result.out.len > 0);
	for (i = 0; i < 2; i++) {
		memset(&jobs[i], 0, sizeof(jobs[i]));
		jobs[i].rules = rules;
		jobs[i].text = sample;
		jobs[i].len = len;
		jobs[i].chunk = i ? 7 : 4096;
		jobs[i].rounds = 8;
		started[i] = pthread_create(&tid[i], NULL, run_job, &jobs[i]) == 0;
		CHECK(started[i]);
	}
	for (i = 0; i < 2; i++) {
		if (!started[i])
			continue;
		CHECK(pthread_join(tid[i], NULL) == 0);
		CHECK(jobs[i].rc == 0);
		CHECK(!jobs[i].differed);
		CHECK(jobs[i].result.out.len == single.result.out.len &&
		    memcmp(jobs[i].result.out.p, single.result.out.p,
		    single.result.out.len) == 0);
		CHECK(jobs[i].result.findings.p && !strcmp(jobs[i].result.findings.p,
		    single.result.findings.p));
		sink_release(&jobs[i].result);
	}
	sink_release(&single.result);
	free(sample);
}

/* ---- Callbacks that refuse ------------------------------------------- */

struct refuser {
	int calls;          /* output calls, the refused one included */
	int refuse_at;      /* refuse the call with this number */
	int after;          /* calls after the refusal */
	int findings;
	int findings_refuse_at;
};

static int
refuse_output(void *user, const char *bytes, size_t len)
{
	struct refuser *r = user;

	(void)bytes;
	(void)len;
	if (r->calls >= r->refuse_at)
		r->after++;
	r->calls++;
	return r->calls == r->refuse_at ? -1 : 0;
}

static int
refuse_finding(void *user, const struct scrub_finding *f)
{
	struct refuser *r = user;

	(void)f;
	r->findings++;
	return r->findings_refuse_at && r->findings >= r->findings_refuse_at ?
	    -1 : 0;
}

static void
test_refusal(const struct scrub_ruleset *rules)
{
	struct scrub_scan_opts opts;
	struct scrub_scanner *sc;
	struct scrub_error err;
	struct refuser r = {0};
	size_t len, off = 0;
	char *sample = make_sample(40, &len);
	int rc = 0, first_rc = 0;

	/* Small units, so the output comes in many calls; refuse the 2nd. */
	scrub_scan_opts_init(&opts);
	opts.max_unit = 4096;
	opts.output = refuse_output;
	opts.user = &r;
	r.refuse_at = 2;
	sc = scrub_scanner_new(rules, &opts, &err);
	CHECK(sc != NULL);
	if (!sc)
		goto out;
	while (off < len) {
		size_t n = len - off < 1000 ? len - off : 1000;

		rc = scrub_scanner_feed(sc, sample + off, n, &err);
		off += n;
		if (rc < 0) {
			if (!first_rc) {
				first_rc = rc;
				CHECK(err.code == SCRUB_E_OUTPUT);
			}
			CHECK(rc == first_rc || rc == -SCRUB_E_USAGE);
		}
	}
	CHECK(first_rc == -SCRUB_E_OUTPUT);
	CHECK(scrub_scanner_finish(sc, &err) < 0);
	CHECK(scrub_scanner_feed(sc, "more", 4, &err) < 0);
	CHECK(r.calls == 2);
	CHECK(r.after == 0);
	scrub_scanner_free(sc);

	/* A finding callback that refuses stops the scan the same way, and
	 * the unit it was in is not written. */
	memset(&r, 0, sizeof(r));
	r.refuse_at = 1000000;
	r.findings_refuse_at = 1;
	scrub_scan_opts_init(&opts);
	opts.output = refuse_output;
	opts.on_finding = refuse_finding;
	opts.user = &r;
	sc = scrub_scanner_new(rules, &opts, &err);
	CHECK(sc != NULL);
	if (!sc)
		goto out;
	rc = scrub_scanner_feed(sc, paragraph, sizeof(paragraph) - 1, &err);
	if (rc == 0)
		rc = scrub_scanner_finish(sc, &err);
	CHECK(rc == -SCRUB_E_OUTPUT);
	CHECK(r.findings == 1);
	CHECK(r.calls == 0);
	scrub_scanner_free(sc);
out:
	free(sample);
}

/* Check mode: no output callback, findings only; stats count them. */
static void
test_check_mode(const struct scrub_ruleset *rules)
{
	struct scrub_scan_opts opts;
	struct scrub_scanner *sc;
	struct scrub_stats st;
	struct scrub_error err;
	struct sink k = {0};
	int rc;

	scrub_scan_opts_init(&opts);
	opts.on_finding = sink_finding;
	opts.user = &k;
	sc = scrub_scanner_new(rules, &opts, &err);
	CHECK(sc != NULL);
	if (!sc)
		return;
	rc = scrub_scanner_feed(sc, paragraph, sizeof(paragraph) - 1, &err);
	CHECK(rc == 0);
	CHECK(scrub_scanner_finish(sc, &err) == 0);
	scrub_scanner_stats(sc, &st);
	CHECK(st.bytes_in == sizeof(paragraph) - 1);
	CHECK(st.bytes_out == 0);
	CHECK(st.documents == 1);
	CHECK(st.findings[SCRUB_CAT_EMAIL] == 1);
	CHECK(st.findings[SCRUB_CAT_PHONE] == 1);
	CHECK(k.out.len == 0);
	CHECK(k.findings.p && strstr(k.findings.p, " EMAIL email\n"));
	scrub_scanner_free(sc);
	sink_release(&k);
}

TEST_MAIN({
	struct scrub_ruleset *rules;

	test_names();
	test_yaml_string();
	test_bad_yaml();
	rules = load_defaults();
	CHECK(rules != NULL);
	if (rules) {
		test_defaults(rules);
		test_scrub_text(rules);
		test_chunking(rules);
		test_offsets(rules);
		test_threads(rules);
		test_refusal(rules);
		test_check_mode(rules);
	}
	scrub_ruleset_free(rules);
})
