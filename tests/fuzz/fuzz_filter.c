/*
 * fuzz_filter.c: libFuzzer target for the whole filter with the default
 * pattern sets (issue 8).
 *
 * Input layout: byte 0 picks the options (operators, line-buffered mode,
 * the unit size), byte 1 seeds the chunk sizes, the rest is the document.
 * Besides "no crash, no sanitizer report", it checks the engine's promises:
 *   - the output does not depend on how the document is cut into chunks
 *     (fed whole, one byte at a time, and in pseudo-random chunks), except
 *     in line-buffered mode, where only crashes are looked for;
 *   - every finding lies inside the document and its text is the document's
 *     bytes at its offsets;
 *   - with no finding, the output is the input, byte for byte.
 * A broken promise calls abort(), which libFuzzer reports as a crash.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "phiscrub.h"

struct sink {
	char *p;
	size_t len, cap;
	const uint8_t *doc;
	size_t doc_len;
	size_t nfindings;
};

static struct scrub_ruleset *rules;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_filter: %s\n", what);
	abort();
}

static int
on_output(void *user, const char *bytes, size_t len)
{
	struct sink *s = user;

	if (s->len + len > s->cap) {
		size_t cap = s->cap ? s->cap : 256;

		while (cap < s->len + len)
			cap *= 2;
		if (!(s->p = realloc(s->p, cap)))
			die("out of memory");
		s->cap = cap;
	}
	memcpy(s->p + s->len, bytes, len);
	s->len += len;
	return 0;
}

static int
on_finding(void *user, const struct scrub_finding *f)
{
	struct sink *s = user;

	if (f->start >= f->end || f->end > s->doc_len)
		die("finding outside the document");
	if (f->text_len != f->end - f->start ||
	    memcmp(f->text, s->doc + f->start, f->text_len) != 0)
		die("finding text is not the document's bytes");
	if (f->line < 1 || f->column < 1 || f->column > f->start + 1)
		die("finding line/column out of range");
	if (f->category < 0 || f->category >= SCRUB_CAT_COUNT || !f->rule_id)
		die("finding without category or rule");
	s->nfindings++;
	return 0;
}

static void
load_rules(void)
{
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_error err;

	if (scrub_loader_add_defaults(ld, &err) < 0 ||
	    scrub_loader_finish(ld, &rules, &err) < 0) {
		fprintf(stderr, "fuzz_filter: %s\n", err.message);
		abort();
	}
	scrub_loader_free(ld);
}

/* Scans DOC with OPTS, cut into chunks: 0 = whole, 1 = bytes, else
 * pseudo-random sizes from SEED.  Returns the scanner's status; the output
 * goes to OUT. */
static int
scan(const struct scrub_scan_opts *opts, const uint8_t *doc, size_t len,
    int mode, unsigned seed, struct sink *out)
{
	struct scrub_scan_opts o = *opts;
	struct scrub_scanner *sc;
	struct scrub_error err;
	size_t pos = 0;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->doc = doc;
	out->doc_len = len;
	o.output = on_output;
	o.on_finding = on_finding;
	o.user = out;
	if (!(sc = scrub_scanner_new(rules, &o, &err)))
		die("scrub_scanner_new failed");
	while (pos < len && rc == 0) {
		size_t n;

		if (mode == 0) {
			n = len;
		} else if (mode == 1) {
			n = 1;
		} else {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 97;
			if ((seed >> 8) % 8 == 0)
				n += (seed >> 4) % 9000; /* now and then a big one */
		}
		if (n > len - pos)
			n = len - pos;
		rc = scrub_scanner_feed(sc, (const char *)doc + pos, n, &err);
		pos += n;
	}
	if (rc == 0)
		rc = scrub_scanner_finish(sc, &err);
	if (rc < 0 && err.message[0] == '\0')
		die("an error without a message");
	scrub_scanner_free(sc);
	return rc;
}

/* Whether A[0..ALEN) and B[0..BLEN) hold the same bytes (either may be
 * NULL when empty). */
static int
same(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && (alen == 0 || memcmp(a, b, alen) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char key[32] = "fuzzing key, not a secret......";
	struct scrub_scan_opts opts;
	struct sink whole, bytes, random;
	unsigned flags, seed;
	int rc0, rc1, rc2, i;

	if (!rules)
		load_rules();
	if (size < 2)
		return 0;
	flags = data[0];
	seed = data[1];
	data += 2;
	size -= 2;

	scrub_scan_opts_init(&opts);
	opts.key = key;
	opts.key_len = sizeof(key);
	opts.line_buffered = (flags & 0x08) != 0;
	opts.max_unit = (flags & 0x10) ? 4096 : 0; /* small units: long-line cuts */
	for (i = 0; i < SCRUB_CAT_COUNT; i++) {
		switch (flags & 0x07) {
		case 0:
			break; /* the sets' defaults */
		case 7:
			opts.operators[i] = (int)((i + (flags >> 5)) % SCRUB_OP_COUNT);
			break;
		default:
			opts.operators[i] = (int)(flags & 0x07);
			break;
		}
	}

	rc0 = scan(&opts, data, size, 0, seed, &whole);
	rc1 = scan(&opts, data, size, 1, seed, &bytes);
	rc2 = scan(&opts, data, size, 2, seed, &random);
	if (!opts.line_buffered) {
		if (rc0 != rc1 || rc0 != rc2)
			die("the status depends on the chunking");
		if (rc0 == 0 && (!same(whole.p, whole.len, bytes.p, bytes.len) ||
		    !same(whole.p, whole.len, random.p, random.len)))
			die("the output depends on the chunking");
		if (whole.nfindings != bytes.nfindings)
			die("the findings depend on the chunking");
	}
	if (rc0 == 0 && whole.nfindings == 0 &&
	    !same(whole.p, whole.len, (const char *)data, size))
		die("the output differs from the input with nothing found");
	free(whole.p);
	free(bytes.p);
	free(random.p);
	return 0;
}
