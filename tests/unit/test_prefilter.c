/*
 * test_prefilter.c: the prefilter (src/prefilter.c, issue #7) must never
 * change what a rule matches.  For every rule of the default sets and of
 * a set of patterns chosen to stress the pattern reader, and for lines
 * made to hold what the rules look for (and what could fool the reader:
 * caseless k and s against U+212A and U+017F, non-ASCII spaces, invalid
 * bytes, back references), the matches the scanner's plan finds (skip the
 * line, search it, or try the anchored pattern at the listed offsets) are
 * compared with a plain pcre2 search of the line.  Then a few readings of
 * the reader itself, and the phrase flags of the lexicon.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "lexicon.h"
#include "phiscrub.h"
#include "prefilter.h"
#include "ruleset_int.h"

/* Patterns that exercise the reader (as YAML rules); each must match the
 * same with and without the prefilter. */
static const char extra_set[] =
    "phiscrub: 1\n"
    "name: prefilter-test\n"
    "rules:\n"
    "  - {id: t.ks, category: ID, flags: [caseless], pattern: '\\bsk(?:y|ies)\\s+\\d+'}\n"
    "  - {id: t.kelvin, category: ID, flags: [caseless], pattern: 'kilo\\d'}\n"
    "  - {id: t.class-ks, category: ID, flags: [caseless], pattern: '[s]ec\\d'}\n"
    "  - {id: t.inline, category: ID, pattern: '(?i)mrn(?-i)X\\d{2}'}\n"
    "  - {id: t.inline2, category: ID, pattern: 'ab(?i:cd)ef\\d'}\n"
    "  - {id: t.backref, category: ID, pattern: '(\\d)-\\1-(\\w+)'}\n"
    "  - {id: t.alt, category: ID, pattern: 'foo\\d|bar[a-z]+\\d|\\d{3}baz'}\n"
    "  - {id: t.lookbehind, category: ID, pattern: '(?<![A-Za-z])\\d{2}/\\d{2}'}\n"
    "  - {id: t.poslb, category: ID, pattern: '(?<=[a-z])\\d{3}'}\n"
    "  - {id: t.neglbw, category: ID, pattern: '(?<!\\w)[A-Z]{2}\\d{2}'}\n"
    "  - {id: t.ucp, category: ID, flags: [ucp], pattern: '\\s*,\\s*(\\d\\d)'}\n"
    "  - {id: t.back, category: ID, pattern: '(?<![\\w.])[a-z.]+@[a-z]+'}\n"
    "  - {id: t.backplus, category: ID, pattern: '(?<![\\w])\\w+#\\d'}\n"
    "  - {id: t.linestart, category: ID, pattern: '(?<![^\\n])\\s*\\d+\\.'}\n"
    "  - {id: t.runs, category: ID, pattern: '\\b[A-Z]{2}\\d{2}[A-Z0-9]{3}\\b'}\n"
    "  - {id: t.opt, category: ID, pattern: '(?:Dr\\.?\\s+)?[A-Z][a-z]+\\s+\\d{4}'}\n"
    "  - {id: t.star, category: ID, pattern: 'a*b+c\\d'}\n"
    "  - {id: t.nonascii, category: ID, pattern: '[éè]t\\d|’s\\s\\d|caf\\x{e9}\\d'}\n"
    "  - {id: t.nonascii-cl, category: ID, flags: [caseless], pattern: '’s\\s+\\d|ÉT\\d'}\n"
    "  - {id: t.group-lit, category: ID, flags: [caseless], pattern: 'x\\.(?:com|org)\\b'}\n"
    "  - {id: t.anchors, category: ID, pattern: '^\\d+$|\\bend\\d\\b'}\n"
    "  - {id: t.lookahead, category: ID, pattern: '(?=\\w*\\d)[A-Za-z0-9]{4,}'}\n"
    "  - {id: t.dot, category: ID, pattern: 'q.\\d'}\n"
    "  - {id: t.bigalt, category: ID, flags: [caseless], pattern: '\\b(?:alpha|beta|gamma|delta|epsilon|zeta|eta|theta|iota|kappa|lambda|mu|nu|xi|omicron|pi|rho|sigma|tau|upsilon|phi|chi|psi|omega|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|trillion|zero|nil|none|naught|cipher|dozen|score|gross)\\s+\\d'}\n";

/* Pieces the generated lines are made of. */
static const char *const pieces[] = {
	"the", "my", "is", "was", "at", "on", "in", "of", "since", "and", "or",
	"Dr.", "Dr", "Sarah", "Mercy", "Hospital", "St.", "Street", "Ave",
	"born", "turned", "age", "aged", "MRN", "mrn", "SSN", "phone", "call",
	"text", "member", "ID", "id:", "policy", "number", "no.", "#",
	"January", "jan", "March", "may", "May", "Sept", "June", "christmas",
	"90", "93", "101", "1", "12", "3/14", "03/14/2021", "2021-03-14",
	"14th", "3rd", "508.555.0143", "(508) 555-0143", "+44 20 7946 0958",
	"020 7946 0958", "555-12-3456", "123-45-6789", "4111 1111 1111 1111",
	"derek.smith@gmail.com", "a.b@c", "@handle_9", "u/someone",
	"https://example.com/x", "www.example.org", "gofundme.com/f/x",
	"x.com", "X.ORG", "site.io", "192.168.0.1", "fe80::1", "AB12CDE",
	"1HGCM82633A004352", "GB82WEST12345698765432", "SW1A 1AA", "K1A 0B6",
	"90210", "90210-1234", "PO Box 12", "Box 9", "Apt 4B", "Route 66",
	"I-95", "Springfield, IL 62704", "Rua Augusta", "Hauptstraße 5",
	"Main Street", "county", "Cook County", "APO AE 09012", "PSC 1234, Box 5678",
	"sky 12", "SKY 3", "\xc5\xbfky 4", "\xe2\x84\xaailo5", "kilo7", "KILO8",
	"sec9", "\xc5\xbf" "ec1", "SEC2", "mrnX12", "MRNX34", "abCDef5", "abcdef6",
	"7-7-abc", "3-4-x", "foo1", "barxy2", "123baz", "ab12/34", "12/34",
	"a123", "A123", "_123", "AB12", "xAB12", "ab , 93", "ab\xc2\xa0, 94",
	"word ,12", "me.you@host", ".x@y", "abc#5", " #6", "end7", "q%5", "qé5",
	"caf\xc3\xa9" "3", "\xc3\xa9t4", "\xe2\x80\x99s 5", "\xe2\x80\x99S  6",
	"\xc3\x89T7", "x.com", "X.Org", "x.coms", "alpha 1", "OMEGA 2",
	"dozen 3", "gross4", "Jo\xc3\xa9l", "\xf0\x9f\x98\x80", "\xff", "\x80",
	"\xc3", "\t", "  ", ",", ".", "-", "/", "(", ")", "'", "\"", ":", ";",
	"!", "?", "1.", "12.", "3)", "4 years old", "ninety-two", "in her 90s",
	"on the 3rd", "the 14th", "Mass General", "New York", "saint luke's",
	"Sarah's", "O'Brien", "Feldman-Ruiz", "24/7", "7/10", "$6,000/month",
};

/* How the plans went, so that the test knows it tried each way. */
static size_t plans[3], nmatches, left_out;

/* A small deterministic generator. */
static uint64_t rng = 88172645463325252ull;

static uint64_t
next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

/* The matches of RULE in TEXT[SEG, END) as the scanner's loop finds them,
 * planned (PLAN = 1) or by plain search: pairs of offsets in OUT. */
static size_t
matches(const struct scrub_ruleset *rs, struct scrub_pf_line *pl,
    pcre2_match_data *md, size_t r, const char *text, size_t seg, size_t end,
    int plan, size_t *out, size_t cap)
{
	const struct scrub_rule *rule = &rs->rules[r];
	const pcre2_code *anchored = NULL;
	struct scrub_pf_iter it;
	size_t offset = seg, n = 0;
	int how = SCRUB_PF_SEARCH;

	if (plan) {
		how = scrub_pf_plan(pl, rs->pf_index, rule, r, text, &it);
		plans[how]++;
		if (how == SCRUB_PF_SKIP)
			return 0;
		if (how == SCRUB_PF_TRY && !(anchored = scrub_pf_anchored(rule->pf)))
			how = SCRUB_PF_SEARCH;
	}
	while (offset < end && n + 2 <= cap) {
		PCRE2_SIZE *ov;
		int rc;

		if (how == SCRUB_PF_TRY) {
			uint32_t at;

			do
				at = scrub_pf_next(pl, &it);
			while (at != UINT32_MAX && at < offset);
			if (at == UINT32_MAX)
				break;
			rc = pcre2_match(anchored, (PCRE2_SPTR)text, end, at, 0, md, NULL);
			if (rc == PCRE2_ERROR_NOMATCH)
				continue;
		} else {
			rc = pcre2_match(rule->code, (PCRE2_SPTR)text, end, offset, 0, md,
			    NULL);
			if (rc == PCRE2_ERROR_NOMATCH)
				break;
		}
		if (rc < 0)
			break;
		ov = pcre2_get_ovector_pointer(md);
		out[n++] = ov[0];
		out[n++] = ov[1];
		nmatches += plan;
		offset = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
	}
	return n;
}

/* Compares planned and plain matches of every rule on every line of TEXT
 * (lines end at '\n').  Returns the number of rule-lines that differ. */
static int
compare_all(const struct scrub_ruleset *rs, const char *text, size_t len,
    size_t *lines_tried)
{
	struct scrub_pf_line pl;
	pcre2_match_data *md = pcre2_match_data_create(rs->max_groups + 1, NULL);
	size_t want[256], got[256], seg = 0, r;
	int bad = 0;

	scrub_pf_line_init(&pl, rs);
	while (seg < len) {
		const char *nl = memchr(text + seg, '\n', len - seg);
		size_t end = nl ? (size_t)(nl - text) : len;

		if (end > seg) {
			const uint32_t *visit;
			size_t nvisit, v = 0;

			scrub_pf_scan_line(&pl, rs->pf_index, text, seg, end);
			/* the rules scrub_pf_visit() leaves out must find nothing */
			nvisit = scrub_pf_visit(&pl, rs->pf_index, &visit);
			for (r = 0; r < rs->nrules; r++) {
				size_t nw = matches(rs, &pl, md, r, text, seg, end, 0, want, 256);
				size_t ng = 0;

				while (v < nvisit && visit[v] < r)
					v++;
				if (v < nvisit && visit[v] == r)
					ng = matches(rs, &pl, md, r, text, seg, end, 1, got, 256);
				else
					left_out++;

				if (nw != ng || memcmp(want, got, nw * sizeof(*want))) {
					if (bad++ < 10)
						fprintf(stderr, "rule %s differs on line at %zu "
						    "(%zu vs %zu offsets)\n", rs->rules[r].id, seg, nw,
						    ng);
				}
			}
			(*lines_tried)++;
		}
		seg = end + 1;
	}
	scrub_pf_line_release(&pl);
	pcre2_match_data_free(md);
	return bad;
}

static void
test_same_matches(void)
{
	struct scrub_error err;
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_ruleset *rs = NULL;
	char *text;
	size_t len = 0, cap = 1 << 21, i, lines = 0, npieces, planned = 0;
	int k;

	memset(&err, 0, sizeof(err));
	CHECK(scrub_loader_add_defaults(ld, &err) == 0);
	CHECK(scrub_loader_add_string(ld, "prefilter-test", extra_set,
	    sizeof(extra_set) - 1, &err) == 0);
	if (scrub_loader_finish(ld, &rs, &err) < 0) {
		fprintf(stderr, "%s\n", err.message);
		CHECK(0);
		scrub_loader_free(ld);
		return;
	}
	scrub_loader_free(ld);
	for (i = 0; i < rs->nrules; i++)
		planned += rs->rules[i].pf != NULL;
	CHECK(planned > rs->nrules / 2);  /* the reader reads most rules */
	/* Lines of 1 to 40 pieces, with assorted separators; a few long. */
	npieces = sizeof(pieces) / sizeof(pieces[0]);
	text = malloc(cap);
	CHECK(text != NULL);
	if (!text)
		return;
	for (k = 0; k < 6000 && len + 4096 < cap; k++) {
		int n = 1 + (int)(next_rand() % (k % 50 == 49 ? 400 : 40)), j;

		for (j = 0; j < n && len + 600 < cap; j++) {
			const char *p = pieces[next_rand() % npieces];
			static const char *const seps[] = {" ", " ", " ", ", ", ". ", "",
			    "  ", "\t", " - ", "\xc2\xa0", "/", "(", ") "};

			memcpy(text + len, p, strlen(p));
			len += strlen(p);
			p = seps[next_rand() % (sizeof(seps) / sizeof(seps[0]))];
			memcpy(text + len, p, strlen(p));
			len += strlen(p);
		}
		text[len++] = '\n';
	}
	CHECK(compare_all(rs, text, len, &lines) == 0);
	CHECK(lines > 5000);
	/* every way was taken, and the rules found things */
	CHECK(plans[SCRUB_PF_SKIP] > 10000 && plans[SCRUB_PF_SEARCH] > 1000 &&
	    plans[SCRUB_PF_TRY] > 10000);
	CHECK(nmatches > 5000);
	CHECK(left_out > 10000);
	fprintf(stderr, "test_prefilter: %zu lines, plans %zu skip %zu search "
	    "%zu try, %zu left out, %zu matches\n", lines, plans[0], plans[1],
	    plans[2], left_out, nmatches);
	free(text);
	scrub_ruleset_free(rs);
}

/* What the reader sees in some patterns. */
static void
test_reader(void)
{
	struct scrub_pf *pf;
	const char *p;

	/* A keyword list and a number: tried where a keyword starts a word. */
	p = "\\b(?:phone|cell|call)\\s*:?\\s*\\d{3}";
	pf = scrub_pf_analyze(p, strlen(p), PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_CASELESS, NULL);
	CHECK(pf != NULL);
	if (pf) {
		CHECK(pf->mode == SCRUB_PF_MODE_TRY);
		CHECK(pf->nstart == 3);
		CHECK(pf->fold_ks == 0);
		CHECK(pf->run_len == 3);                 /* \d{3} */
		CHECK((pf->forbid['a' >> 3] >> ('a' & 7)) & 1); /* \b before a word */
		scrub_pf_free(pf);
	}
	/* Caseless s and k: the strings hold them, the line check must know. */
	p = "\\bsky\\d";
	pf = scrub_pf_analyze(p, strlen(p), PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_CASELESS, NULL);
	CHECK(pf != NULL && pf->fold_ks);
	scrub_pf_free(pf);
	/* Extended syntax and verbs: not read. */
	p = "a b c";
	CHECK(scrub_pf_analyze(p, strlen(p), PCRE2_UTF | PCRE2_EXTENDED,
	    NULL) == NULL);
	p = "(*UCP)\\w+\\d";
	CHECK(scrub_pf_analyze(p, strlen(p), PCRE2_UTF, NULL) == NULL);
	/* A literal { is not trusted (newer pcre2 reads {,3} as a count). */
	p = "a{,3}\\d";
	CHECK(scrub_pf_analyze(p, strlen(p), PCRE2_UTF, NULL) == NULL);
	/* Strings in sequence with a group: ".com", ".org". */
	p = "[a-z]+\\.(?:com|org)\\b";
	pf = scrub_pf_analyze(p, strlen(p), PCRE2_UTF | PCRE2_CASELESS, NULL);
	CHECK(pf != NULL);
	if (pf) {
		CHECK(pf->nneed == 2 && pf->need[0].len == 4 &&
		    !memcmp(pf->need[0].s, ".com", 4));
		scrub_pf_free(pf);
	}
	/* (?<![^\n]): tried at line starts only. */
	p = "(?<![^\\n])\\s*\\d+";
	pf = scrub_pf_analyze(p, strlen(p), PCRE2_UTF, NULL);
	CHECK(pf != NULL && pf->mode == SCRUB_PF_MODE_TRY && pf->line_start);
	scrub_pf_free(pf);
	/* X+ then '@': back from each '@' to where the run of X starts. */
	p = "(?<![\\w.])[\\w.]+@\\w+";
	pf = scrub_pf_analyze(p, strlen(p), PCRE2_UTF, NULL);
	CHECK(pf != NULL && pf->mode == SCRUB_PF_MODE_TRY && pf->back == 2);
	scrub_pf_free(pf);
}

/* The phrase flags of the lexicon: heads, tails and middle words. */
static void
test_phrase_flags(void)
{
	struct scrub_lexicon lex;
	unsigned f;

	scrub_lexicon_init(&lex);
	scrub_lexicon_add_phrase(&lex, "University of Michigan Health", 29, 1);
	scrub_lexicon_add_phrase(&lex, "Mass General", 12, 2);
	f = 0;
	CHECK(scrub_lexicon_get_flags(&lex, "university", 10, &f) == 0);
	CHECK(f & SCRUB_LEX_HEAD);
	f = 0;
	scrub_lexicon_get_flags(&lex, "university of", 13, &f);
	CHECK((f & SCRUB_LEX_HEAD) && !(f & SCRUB_LEX_TAIL));
	f = 0;
	scrub_lexicon_get_flags(&lex, "of", 2, &f);
	CHECK((f & SCRUB_LEX_MID) && !(f & SCRUB_LEX_HEAD));
	f = 0;
	scrub_lexicon_get_flags(&lex, "michigan health", 15, &f);
	CHECK(f & SCRUB_LEX_TAIL);
	f = 0;
	CHECK(scrub_lexicon_get_flags(&lex, "mass general", 12, &f) == 2);
	f = 0;
	scrub_lexicon_get_flags(&lex, "general", 7, &f);
	CHECK((f & SCRUB_LEX_TAIL) && !(f & SCRUB_LEX_MID));
	f = 0;
	CHECK(scrub_lexicon_get_flags(&lex, "boston", 6, &f) == 0 && f == 0);
	scrub_lexicon_release(&lex);
}

TEST_MAIN(
	test_reader();
	test_phrase_flags();
	test_same_matches();
)
