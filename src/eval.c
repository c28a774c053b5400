/*
 * eval.c: phiscrub --evaluate.  Reads annotated documents (JSON Lines, the
 * format of ../shared/eval/FORMAT.md), runs detection on each text through
 * the public library API, and scores the findings against the gold spans
 * the way FORMAT.md's reference scorer does (issue #3).
 *
 * Scoring, and where it departs from the reference scorer:
 *   - A token is a maximal run of word characters, as Python's \w+ on a
 *     str: letters (L*), numbers (Nd, Nl, No) and '_'.  Marks are not word
 *     characters there, so they are not here either (a variation selector
 *     after an emoji is not a token; a decomposed accent splits a word, as
 *     in the reference scorer).
 *   - The reference scorer diffs the input with the output and calls a
 *     token redacted when it is not carried over unchanged.  Here a token
 *     is redacted when any finding overlaps any of its bytes: a replacement
 *     of part of a token changes the token, so partial overlap counts as
 *     caught, as it does in the reference scorer.  Findings that touch no
 *     word character redact no token.
 *   - A gold token is a token that overlaps a gold span (code-point offsets
 *     end-exclusive); it counts for recall in every scored category of the
 *     spans it overlaps, and once in ALL.  Entity recall: scored spans with
 *     at least one token, all of them redacted.  Precision (documents with
 *     "precision": true only): redacted tokens that overlap any gold span /
 *     redacted tokens; false positives per 1,000 tokens of those documents.
 *   - F1 and F2 combine token precision with the token recall of the same
 *     documents (those with "precision": true).
 *   - Throughput counts the time spent in scrub_scanner_feed() and
 *     scrub_scanner_finish() only, not reading JSON or scoring; MB is 10^6
 *     bytes of document text.
 */
#include "eval.h"

#include <errno.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"

#define CONTEXT_CHARS 40   /* code points of context around an example */
#define ALL_CATS ((1u << SCRUB_CAT_COUNT) - 1)

enum {
	ST_OK = 0, ST_BELOW = 1, ST_INPUT = 2, ST_IO = 3, ST_LIMIT = 4
};

struct tally {
	uint64_t docs, bytes, tokens;
	uint64_t gold[SCRUB_CAT_COUNT], hit[SCRUB_CAT_COUNT];
	uint64_t ent[SCRUB_CAT_COUNT], ent_hit[SCRUB_CAT_COUNT];
	uint64_t all_gold, all_hit, all_ent, all_ent_hit;
	/* documents with "precision": true */
	uint64_t p_docs, p_tokens, p_red, p_red_gold, p_gold, p_hit;
	uint64_t fp_findings;     /* findings that redact a non-gold token */
	double seconds;
};

struct file_result {
	const char *path;
	const char *name;         /* basename: the key in floors files */
	struct tally t;
	json_t *misses, *fps;     /* example arrays (owned) */
};

struct span {
	size_t cs, ce;            /* code points, END exclusive */
	int cat;
	size_t t0, t1;            /* tokens overlapping it: [t0, t1) */
};

struct token {
	size_t cs, ce, bs, be;    /* code points and bytes, END exclusive */
	unsigned gold;            /* categories of the spans it overlaps */
	int red;                  /* a finding overlaps it */
};

struct found {
	size_t start, end;        /* bytes */
	int cat;
	const char *rule;         /* belongs to the rule set */
};

/* Per-run state; the arrays are reused from one document to the next. */
struct eval {
	const struct scrub_eval_opts *opts;
	struct scrub_scanner *sc;
	const char *text;
	size_t len;
	size_t *cpbyte;           /* code point -> byte offset, ncp + 1 entries */
	size_t ncp, cpcap;
	struct token *toks;
	size_t ntoks, tokcap;
	struct span *spans;
	size_t nspans, spancap;
	struct found *fs;
	size_t nfs, fscap;
	unsigned char *cover;     /* byte -> covered by a finding */
	size_t covercap;
};

static void
error_at(const char *file, unsigned long line, const char *problem)
{
	if (line)
		fprintf(stderr, "phiscrub: %s:%lu: %s\n", file, line, problem);
	else
		fprintf(stderr, "phiscrub: %s: %s\n", file, problem);
}

static double
ratio(uint64_t a, uint64_t b)
{
	return b ? (double)a / (double)b : -1.0;
}

/* F-beta from precision P and recall R; -1 when either is unknown. */
static double
fbeta(double p, double r, double beta)
{
	double b2 = beta * beta;

	if (p < 0 || r < 0)
		return -1.0;
	if (p == 0 && r == 0)
		return 0.0;
	return (1 + b2) * p * r / (b2 * p + r);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Python's \w for str patterns: alphanumeric (letters and numbers) or '_'. */
static int
is_word(utf8proc_int32_t c)
{
	if (c == '_')
		return 1;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

/* Splits E->text into code points and word tokens. */
static void
tokenize(struct eval *e)
{
	const unsigned char *p = (const unsigned char *)e->text;
	size_t i = 0, cp = 0;
	int in_word = 0;

	if (e->len + 1 > e->cpcap) {
		e->cpcap = e->len + 1;
		e->cpbyte = scrub_xreallocarray(e->cpbyte, e->cpcap, sizeof(size_t));
	}
	e->ntoks = 0;
	while (i < e->len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t n = utf8proc_iterate(p + i,
		    (utf8proc_ssize_t)(e->len - i), &c);
		int w;

		if (n <= 0) {   /* cannot happen after jansson; be safe */
			n = 1;
			c = -1;
		}
		w = c >= 0 && is_word(c);
		if (w && !in_word) {
			if (e->ntoks == e->tokcap) {
				e->tokcap = e->tokcap ? 2 * e->tokcap : 256;
				e->toks = scrub_xreallocarray(e->toks, e->tokcap,
				    sizeof(*e->toks));
			}
			e->toks[e->ntoks].cs = cp;
			e->toks[e->ntoks].bs = i;
			e->toks[e->ntoks].gold = 0;
			e->toks[e->ntoks].red = 0;
			e->ntoks++;
		} else if (!w && in_word) {
			e->toks[e->ntoks - 1].ce = cp;
			e->toks[e->ntoks - 1].be = i;
		}
		in_word = w;
		e->cpbyte[cp++] = i;
		i += (size_t)n;
	}
	if (in_word) {
		e->toks[e->ntoks - 1].ce = cp;
		e->toks[e->ntoks - 1].be = i;
	}
	e->cpbyte[cp] = i;
	e->ncp = cp;
}

/* The code point at byte offset B (the first one at or after it). */
static size_t
cp_of_byte(const struct eval *e, size_t b)
{
	size_t lo = 0, hi = e->ncp;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->cpbyte[mid] < b)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The first token that ends after code point CP. */
static size_t
first_token_after(const struct eval *e, size_t cp)
{
	size_t lo = 0, hi = e->ntoks;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (e->toks[mid].ce <= cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static int
on_finding(void *user, const struct scrub_finding *f)
{
	struct eval *e = user;
	size_t start = f->start < e->len ? (size_t)f->start : e->len;
	size_t end = f->end < e->len ? (size_t)f->end : e->len;

	if (e->nfs == e->fscap) {
		e->fscap = e->fscap ? 2 * e->fscap : 64;
		e->fs = scrub_xreallocarray(e->fs, e->fscap, sizeof(*e->fs));
	}
	e->fs[e->nfs].start = start;
	e->fs[e->nfs].end = end > start ? end : start;
	e->fs[e->nfs].cat = f->category;
	e->fs[e->nfs].rule = f->rule_id ? f->rule_id : "";
	e->nfs++;
	return 0;
}

/* ---- Reading one gold document -------------------------------------- */

/* Parses the category list SCORED into a bit mask; -1 on a bad entry. */
static int
parse_scored(json_t *scored, unsigned *mask)
{
	size_t i;
	json_t *v;

	*mask = 0;
	json_array_foreach(scored, i, v) {
		int cat = json_is_string(v) ?
		    scrub_category_from_name(json_string_value(v)) : -1;

		if (cat < 0)
			return -1;
		*mask |= 1u << cat;
	}
	return 0;
}

/*
 * Checks the document ROOT and fills E's text, spans, scored mask and
 * precision flag.  Returns 0, or -1 after writing the problem (never the
 * text) into PROBLEM.
 */
static int
read_doc(struct eval *e, json_t *root, const char **id, unsigned *scored,
    int *precision, char *problem, size_t size)
{
	static const char *const known[] = {
		"id", "source", "text", "spans", "scored", "precision", NULL
	};
	json_t *text, *spans, *v;
	const char *key;
	size_t i;

	if (!json_is_object(root)) {
		snprintf(problem, size, "a document must be a JSON object");
		return -1;
	}
	json_object_foreach(root, key, v) {
		size_t k;

		for (k = 0; known[k] && strcmp(known[k], key); k++)
			;
		if (!known[k]) {
			snprintf(problem, size, "unknown key \"%.40s\"", key);
			return -1;
		}
	}
	v = json_object_get(root, "id");
	text = json_object_get(root, "text");
	spans = json_object_get(root, "spans");
	if (!json_is_string(v) || !json_is_string(text) || !json_is_array(spans)) {
		snprintf(problem, size, "\"id\" and \"text\" must be strings and "
		    "\"spans\" a list");
		return -1;
	}
	*id = json_string_value(v);
	e->text = json_string_value(text);
	e->len = json_string_length(text);
	v = json_object_get(root, "source");
	if (v && !json_is_string(v)) {
		snprintf(problem, size, "\"source\" must be a string");
		return -1;
	}
	*scored = ALL_CATS;   /* the reference scorer's default */
	v = json_object_get(root, "scored");
	if (v && (!json_is_array(v) || parse_scored(v, scored) < 0)) {
		snprintf(problem, size, "\"scored\" must be a list of categories");
		return -1;
	}
	v = json_object_get(root, "precision");
	if (v && !json_is_boolean(v)) {
		snprintf(problem, size, "\"precision\" must be true or false");
		return -1;
	}
	*precision = v && json_is_true(v);

	tokenize(e);
	e->nspans = 0;
	json_array_foreach(spans, i, v) {
		json_t *s = json_object_get(v, "start"), *en = json_object_get(v, "end");
		json_t *c = json_object_get(v, "category");
		struct span *sp;
		json_int_t a, b;
		int cat;

		if (!json_is_object(v) || !json_is_integer(s) ||
		    !json_is_integer(en) || !json_is_string(c)) {
			snprintf(problem, size, "span %zu: needs integer \"start\" and "
			    "\"end\" and a \"category\"", i + 1);
			return -1;
		}
		if ((cat = scrub_category_from_name(json_string_value(c))) < 0) {
			snprintf(problem, size, "span %zu: unknown category \"%.20s\"",
			    i + 1, json_string_value(c));
			return -1;
		}
		a = json_integer_value(s);
		b = json_integer_value(en);
		if (a < 0 || a >= b || (uint64_t)b > e->ncp) {
			snprintf(problem, size, "span %zu: offsets %lld-%lld are not "
			    "within the text's %zu code points", i + 1, (long long)a,
			    (long long)b, e->ncp);
			return -1;
		}
		if (e->nspans == e->spancap) {
			e->spancap = e->spancap ? 2 * e->spancap : 32;
			e->spans = scrub_xreallocarray(e->spans, e->spancap,
			    sizeof(*e->spans));
		}
		sp = &e->spans[e->nspans++];
		sp->cs = (size_t)a;
		sp->ce = (size_t)b;
		sp->cat = cat;
	}
	return 0;
}

/* ---- Scoring ---------------------------------------------------------- */

/* TEXT[CS, CE) in code points, as a new JSON string. */
static json_t *
jslice(const struct eval *e, size_t cs, size_t ce)
{
	return json_stringn(e->text + e->cpbyte[cs],
	    e->cpbyte[ce] - e->cpbyte[cs]);
}

/* An example: the document, the place and its context. */
static json_t *
example(const struct eval *e, const char *id, unsigned long line,
    const char *cat, size_t cs, size_t ce)
{
	size_t b = cs > CONTEXT_CHARS ? cs - CONTEXT_CHARS : 0;
	size_t a = ce + CONTEXT_CHARS < e->ncp ? ce + CONTEXT_CHARS : e->ncp;

	return json_pack("{s:s, s:I, s:s, s:o, s:o, s:o}", "id", id,
	    "line", (json_int_t)line, "category", cat,
	    "before", jslice(e, b, cs), "text", jslice(e, cs, ce),
	    "after", jslice(e, ce, a));
}

static void
score_doc(struct eval *e, struct file_result *r, const char *id,
    unsigned long line, unsigned scored, int precision)
{
	struct tally *t = &r->t;
	size_t i, j;

	/* Redacted tokens: any byte covered by a finding. */
	if (e->len > e->covercap) {
		e->covercap = e->len;
		e->cover = scrub_xrealloc(e->cover, e->covercap);
	}
	memset(e->cover, 0, e->len);
	for (i = 0; i < e->nfs; i++)
		memset(e->cover + e->fs[i].start, 1, e->fs[i].end - e->fs[i].start);
	for (j = 0; j < e->ntoks; j++) {
		size_t b;

		for (b = e->toks[j].bs; b < e->toks[j].be && !e->cover[b]; b++)
			;
		e->toks[j].red = b < e->toks[j].be;
	}

	/* Gold tokens: those overlapping a span (as the reference scorer). */
	for (i = 0; i < e->nspans; i++) {
		struct span *s = &e->spans[i];

		s->t0 = first_token_after(e, s->cs);
		for (j = s->t0; j < e->ntoks && e->toks[j].cs < s->ce; j++)
			e->toks[j].gold |= 1u << s->cat;
		s->t1 = j;
	}

	t->docs++;
	t->bytes += e->len;
	t->tokens += e->ntoks;
	for (j = 0; j < e->ntoks; j++) {
		unsigned sc = e->toks[j].gold & scored;
		int c;

		for (c = 0; c < SCRUB_CAT_COUNT; c++) {
			if (sc & (1u << c)) {
				t->gold[c]++;
				t->hit[c] += e->toks[j].red;
			}
		}
		if (sc) {
			t->all_gold++;
			t->all_hit += e->toks[j].red;
			if (precision) {
				t->p_gold++;
				t->p_hit += e->toks[j].red;
			}
		}
		if (precision && e->toks[j].red) {
			t->p_red++;
			t->p_red_gold += e->toks[j].gold != 0;
		}
	}
	if (precision) {
		t->p_docs++;
		t->p_tokens += e->ntoks;
	}

	for (i = 0; i < e->nspans; i++) {
		const struct span *s = &e->spans[i];
		json_t *ex, *kept;
		int all = 1;

		if (!(scored & (1u << s->cat)) || s->t0 == s->t1)
			continue;
		t->ent[s->cat]++;
		t->all_ent++;
		for (j = s->t0; j < s->t1; j++)
			all &= e->toks[j].red;
		if (all) {
			t->ent_hit[s->cat]++;
			t->all_ent_hit++;
			continue;
		}
		if (json_array_size(r->misses) >= e->opts->show_misses)
			continue;
		ex = example(e, id, line, scrub_category_name(s->cat), s->cs, s->ce);
		kept = json_array();
		for (j = s->t0; j < s->t1; j++)
			if (!e->toks[j].red)
				json_array_append_new(kept, jslice(e, e->toks[j].cs,
				    e->toks[j].ce));
		json_object_set_new(ex, "kept", kept);
		json_array_append_new(r->misses, ex);
	}

	/* False positives: findings that redact a token of no gold span. */
	for (i = 0; precision && i < e->nfs; i++) {
		const struct found *f = &e->fs[i];
		json_t *ex, *toks = NULL;

		for (j = first_token_after(e, cp_of_byte(e, f->start));
		    j < e->ntoks && e->toks[j].bs < f->end; j++) {
			if (e->toks[j].gold || e->toks[j].be <= f->start)
				continue;
			if (!toks)
				toks = json_array();
			json_array_append_new(toks, jslice(e, e->toks[j].cs,
			    e->toks[j].ce));
		}
		if (!toks)
			continue;
		t->fp_findings++;
		if (json_array_size(r->fps) >= e->opts->show_fps) {
			json_decref(toks);
			continue;
		}
		ex = example(e, id, line, scrub_category_name(f->cat),
		    cp_of_byte(e, f->start), cp_of_byte(e, f->end));
		json_object_set_new(ex, "rule", json_string(f->rule));
		json_object_set_new(ex, "tokens", toks);
		json_array_append_new(r->fps, ex);
	}
}

/* Jansson's messages may quote the input ("near 'Derek'"): cut that off. */
static void
json_problem(char *problem, size_t size, const json_error_t *jerr)
{
	const char *near = strstr(jerr->text, " near ");
	int n = near ? (int)(near - jerr->text) : (int)strlen(jerr->text);

	snprintf(problem, size, "malformed JSON at column %d: %.*s",
	    jerr->column, n, jerr->text);
}

/* Evaluates one gold file into R.  Returns an exit status. */
static int
eval_file(struct eval *e, struct file_result *r)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	unsigned long lineno = 0;
	char problem[256];
	int status = ST_OK;

	if (!strcmp(r->path, "-")) {
		fp = stdin;
	} else if (!(fp = fopen(r->path, "rb"))) {
		fprintf(stderr, "phiscrub: %s: %s\n", r->path, strerror(errno));
		return ST_IO;
	}
	for (;;) {
		ssize_t n;
		json_error_t jerr;
		json_t *root;
		const char *id;
		unsigned scored;
		int precision, rc = 0;
		struct scrub_error err;
		double t0;
		size_t k;

		errno = 0;
		if ((n = getline(&line, &cap, fp)) < 0) {
			if (ferror(fp)) {
				if (errno == EINTR) {
					clearerr(fp);
					continue;
				}
				fprintf(stderr, "phiscrub: %s: read error: %s\n", r->path,
				    strerror(errno));
				status = ST_IO;
			}
			break;
		}
		lineno++;
		for (k = 0; k < (size_t)n && strchr(" \t\r\n", line[k]); k++)
			;
		if (k == (size_t)n)
			continue;   /* blank lines are skipped, as in FORMAT.md's scorer */
		root = json_loadb(line, (size_t)n, JSON_REJECT_DUPLICATES |
		    JSON_ALLOW_NUL, &jerr);
		if (!root) {
			json_problem(problem, sizeof(problem), &jerr);
			error_at(r->path, lineno, problem);
			status = ST_INPUT;
			break;
		}
		if (read_doc(e, root, &id, &scored, &precision, problem,
		    sizeof(problem)) < 0) {
			error_at(r->path, lineno, problem);
			json_decref(root);
			status = ST_INPUT;
			break;
		}
		e->nfs = 0;
		scrub_scanner_set_document_id(e->sc, id);
		t0 = now();
		if (e->len)
			rc = scrub_scanner_feed(e->sc, e->text, e->len, &err);
		if (rc == 0)
			rc = scrub_scanner_finish(e->sc, &err);
		r->t.seconds += now() - t0;
		if (rc < 0) {
			error_at(r->path, lineno, err.message);
			json_decref(root);
			status = -rc == SCRUB_E_LIMIT ? ST_LIMIT :
			    -rc == SCRUB_E_IO ? ST_IO : ST_INPUT;
			break;
		}
		score_doc(e, r, id, lineno, scored, precision);
		json_decref(root);
	}
	free(line);
	if (fp != stdin)
		fclose(fp);
	return status;
}

static void
tally_add(struct tally *to, const struct tally *t)
{
	int c;

	to->docs += t->docs;
	to->bytes += t->bytes;
	to->tokens += t->tokens;
	for (c = 0; c < SCRUB_CAT_COUNT; c++) {
		to->gold[c] += t->gold[c];
		to->hit[c] += t->hit[c];
		to->ent[c] += t->ent[c];
		to->ent_hit[c] += t->ent_hit[c];
	}
	to->all_gold += t->all_gold;
	to->all_hit += t->all_hit;
	to->all_ent += t->all_ent;
	to->all_ent_hit += t->all_ent_hit;
	to->p_docs += t->p_docs;
	to->p_tokens += t->p_tokens;
	to->p_red += t->p_red;
	to->p_red_gold += t->p_red_gold;
	to->p_gold += t->p_gold;
	to->p_hit += t->p_hit;
	to->fp_findings += t->fp_findings;
	to->seconds += t->seconds;
}

/* ---- Figures ---------------------------------------------------------- */

enum metric {
	M_TOKEN_RECALL, M_ENTITY_RECALL, M_PRECISION, M_F1, M_F2, M_COUNT
};
static const char *const metric_names[M_COUNT] = {
	"token_recall", "entity_recall", "precision", "f1", "f2"
};

/* Metric M of T for category CAT (-1: ALL); -1 when not measurable. */
static double
figure(const struct tally *t, int cat, enum metric m)
{
	double p = ratio(t->p_red_gold, t->p_red);
	double pr = ratio(t->p_hit, t->p_gold);

	switch (m) {
	case M_TOKEN_RECALL:
		return cat < 0 ? ratio(t->all_hit, t->all_gold) :
		    ratio(t->hit[cat], t->gold[cat]);
	case M_ENTITY_RECALL:
		return cat < 0 ? ratio(t->all_ent_hit, t->all_ent) :
		    ratio(t->ent_hit[cat], t->ent[cat]);
	case M_PRECISION:
		return cat < 0 ? p : -1.0;
	case M_F1:
		return cat < 0 ? fbeta(p, pr, 1.0) : -1.0;
	case M_F2:
		return cat < 0 ? fbeta(p, pr, 2.0) : -1.0;
	default:
		return -1.0;
	}
}

static double
mb_per_s(const struct tally *t)
{
	return t->seconds > 0 ? (double)t->bytes / 1e6 / t->seconds : -1.0;
}

static double
docs_per_s(const struct tally *t)
{
	return t->seconds > 0 ? (double)t->docs / t->seconds : -1.0;
}

/* ---- Text report -------------------------------------------------------- */

/* "97.29%" or "-" (not measurable), right-aligned in WIDTH. */
static void
add_pct(struct scrub_buf *b, int width, double v)
{
	if (v < 0)
		scrub_buf_addf(b, " %*s", width, "-");
	else
		scrub_buf_addf(b, " %*.2f%%", width - 1, 100.0 * v);
}

/* Appends S with control characters escaped, so an example stays on one
 * line. */
static void
add_escaped(struct scrub_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '\n')
			scrub_buf_addstr(b, "\\n");
		else if (c == '\t')
			scrub_buf_addstr(b, "\\t");
		else if (c == '\r')
			scrub_buf_addstr(b, "\\r");
		else if (c < 0x20 || c == 0x7f)
			scrub_buf_addf(b, "\\x%02x", c);
		else
			scrub_buf_addch(b, (char)c);
	}
}

static void
recall_rows(struct scrub_buf *b, int w, const char *name, const struct tally *t)
{
	int c, first = 1;

	for (c = 0; c <= SCRUB_CAT_COUNT; c++) {
		int cat = c < SCRUB_CAT_COUNT ? c : -1;
		uint64_t g = cat < 0 ? t->all_gold : t->gold[c];
		uint64_t h = cat < 0 ? t->all_hit : t->hit[c];
		uint64_t s = cat < 0 ? t->all_ent : t->ent[c];
		uint64_t sh = cat < 0 ? t->all_ent_hit : t->ent_hit[c];

		if (cat >= 0 && !g && !s)
			continue;
		scrub_buf_addf(b, "%-*s  %-8s %8llu %8llu", w, first ? name : "",
		    cat < 0 ? "ALL" : scrub_category_name(c), (unsigned long long)g,
		    (unsigned long long)h);
		add_pct(b, 8, ratio(h, g));
		scrub_buf_addf(b, " %7llu %7llu", (unsigned long long)s,
		    (unsigned long long)sh);
		add_pct(b, 8, ratio(sh, s));
		scrub_buf_addch(b, '\n');
		first = 0;
	}
}

static void
summary_row(struct scrub_buf *b, int w, const char *name, const struct tally *t)
{
	double v;

	scrub_buf_addf(b, "%-*s %6llu %8llu", w, name, (unsigned long long)t->docs,
	    (unsigned long long)t->tokens);
	add_pct(b, 8, figure(t, -1, M_TOKEN_RECALL));
	add_pct(b, 8, figure(t, -1, M_ENTITY_RECALL));
	add_pct(b, 8, figure(t, -1, M_PRECISION));
	if (t->p_tokens)
		scrub_buf_addf(b, " %6.2f", 1000.0 * (double)(t->p_red - t->p_red_gold) /
		    (double)t->p_tokens);
	else
		scrub_buf_addf(b, " %6s", "-");
	add_pct(b, 8, figure(t, -1, M_F1));
	add_pct(b, 8, figure(t, -1, M_F2));
	if ((v = mb_per_s(t)) >= 0)
		scrub_buf_addf(b, " %7.2f %8.0f\n", v, docs_per_s(t));
	else
		scrub_buf_addf(b, " %7s %8s\n", "-", "-");
}

static void
examples_text(struct scrub_buf *b, const char *what, const char *name,
    uint64_t total, json_t *list, int fp)
{
	size_t i;
	json_t *ex;

	if (!json_array_size(list))
		return;
	scrub_buf_addf(b, "\n%s in %s (%zu of %llu):\n", what, name,
	    json_array_size(list), (unsigned long long)total);
	json_array_foreach(list, i, ex) {
		json_t *toks = json_object_get(ex, fp ? "tokens" : "kept"), *v;
		size_t k;

		scrub_buf_addf(b, "  %s (line %lld) %s",
		    json_string_value(json_object_get(ex, "id")),
		    (long long)json_integer_value(json_object_get(ex, "line")),
		    json_string_value(json_object_get(ex, "category")));
		if (fp)
			scrub_buf_addf(b, " %s", json_string_value(json_object_get(ex,
			    "rule")));
		scrub_buf_addstr(b, fp ? " redacted:" : " kept:");
		json_array_foreach(toks, k, v) {
			scrub_buf_addch(b, ' ');
			add_escaped(b, json_string_value(v));
		}
		scrub_buf_addstr(b, "\n    ");
		add_escaped(b, json_string_value(json_object_get(ex, "before")));
		scrub_buf_addstr(b, "[[");
		add_escaped(b, json_string_value(json_object_get(ex, "text")));
		scrub_buf_addstr(b, "]]");
		add_escaped(b, json_string_value(json_object_get(ex, "after")));
		scrub_buf_addch(b, '\n');
	}
}

static void
report_text(struct scrub_buf *b, const struct file_result *r, size_t n,
    const struct tally *total)
{
	int w = 5;
	size_t i;

	for (i = 0; i < n; i++)
		if ((int)strlen(r[i].name) > w)
			w = (int)strlen(r[i].name);
	scrub_buf_addf(b, "Recall per category (gold word tokens and spans "
	    "caught by a finding)\n%-*s  %-8s %8s %8s %8s %7s %7s %8s\n", w, "file",
	    "category", "tokens", "caught", "recall", "spans", "caught", "recall");
	for (i = 0; i < n; i++)
		recall_rows(b, w, r[i].name, &r[i].t);
	if (n > 1)
		recall_rows(b, w, "TOTAL", total);
	scrub_buf_addf(b, "\nSummary (precision, fp/1k, F1, F2: documents with "
	    "\"precision\": true only)\n%-*s %6s %8s %8s %8s %8s %6s %8s %8s %7s "
	    "%8s\n", w, "file", "docs", "tokens", "tok.rec", "ent.rec", "prec",
	    "fp/1k", "F1", "F2", "MB/s", "docs/s");
	for (i = 0; i < n; i++)
		summary_row(b, w, r[i].name, &r[i].t);
	if (n > 1)
		summary_row(b, w, "TOTAL", total);
	for (i = 0; i < n; i++) {
		examples_text(b, "Missed spans", r[i].name,
		    r[i].t.all_ent - r[i].t.all_ent_hit, r[i].misses, 0);
		examples_text(b, "False positives", r[i].name, r[i].t.fp_findings,
		    r[i].fps, 1);
	}
}

/* ---- JSON report -------------------------------------------------------- */

static json_t *
jnum(double v)
{
	return v < 0 ? json_null() : json_real(v);
}

static json_t *
counts_json(uint64_t g, uint64_t h, uint64_t s, uint64_t sh)
{
	return json_pack("{s:I, s:I, s:o, s:I, s:I, s:o}",
	    "gold_tokens", (json_int_t)g, "caught_tokens", (json_int_t)h,
	    "token_recall", jnum(ratio(h, g)), "spans", (json_int_t)s,
	    "caught_spans", (json_int_t)sh, "entity_recall", jnum(ratio(sh, s)));
}

static json_t *
tally_json(const struct tally *t)
{
	json_t *o, *cats = json_object();
	int c;

	for (c = 0; c < SCRUB_CAT_COUNT; c++)
		if (t->gold[c] || t->ent[c])
			json_object_set_new(cats, scrub_category_name(c),
			    counts_json(t->gold[c], t->hit[c], t->ent[c], t->ent_hit[c]));
	o = json_pack("{s:I, s:I, s:I, s:f, s:o, s:o, s:o, s:o}",
	    "documents", (json_int_t)t->docs, "tokens", (json_int_t)t->tokens,
	    "bytes", (json_int_t)t->bytes, "seconds", t->seconds,
	    "mb_per_s", jnum(mb_per_s(t)), "docs_per_s", jnum(docs_per_s(t)),
	    "categories", cats, "all", counts_json(t->all_gold, t->all_hit,
	    t->all_ent, t->all_ent_hit));
	if (t->p_docs)
		json_object_set_new(o, "precision", json_pack(
		    "{s:I, s:I, s:I, s:I, s:o, s:f, s:o, s:o, s:o}",
		    "documents", (json_int_t)t->p_docs,
		    "tokens", (json_int_t)t->p_tokens,
		    "redacted", (json_int_t)t->p_red,
		    "redacted_gold", (json_int_t)t->p_red_gold,
		    "token_precision", jnum(figure(t, -1, M_PRECISION)),
		    "fp_per_1k", 1000.0 * (double)(t->p_red - t->p_red_gold) /
		    (double)t->p_tokens,
		    "token_recall", jnum(ratio(t->p_hit, t->p_gold)),
		    "f1", jnum(figure(t, -1, M_F1)), "f2", jnum(figure(t, -1, M_F2))));
	else
		json_object_set_new(o, "precision", json_null());
	return o;
}

static json_t *
report_json(const struct file_result *r, size_t n, const struct tally *total,
    const struct scrub_eval_opts *opts)
{
	json_t *files = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *o = tally_json(&r[i].t);

		json_object_set_new(o, "file", json_string(r[i].path));
		json_object_set_new(o, "name", json_string(r[i].name));
		if (opts->show_misses)
			json_object_set(o, "misses", r[i].misses);
		if (opts->show_fps)
			json_object_set(o, "false_positives", r[i].fps);
		json_array_append_new(files, o);
	}
	return json_pack("{s:o, s:o}", "files", files, "total", tally_json(total));
}

/* ---- Floors ------------------------------------------------------------- */

/*
 * Checks every line "FILE CATEGORY METRIC MIN" of the floors file PATH
 * against the results R.  Lines for files that were not evaluated are
 * skipped.  Returns ST_OK, ST_BELOW (each failure reported on stderr),
 * ST_INPUT (a malformed line) or ST_IO; *CHECKED and *SKIPPED count lines.
 */
static int
check_floors(const char *path, const struct file_result *r, size_t n,
    size_t *checked, size_t *skipped)
{
	FILE *fp = fopen(path, "r");
	char *line = NULL, problem[640];
	size_t cap = 0;
	unsigned long lineno = 0;
	int status = ST_OK;
	ssize_t len;

	*checked = *skipped = 0;
	if (!fp) {
		fprintf(stderr, "phiscrub: %s: %s\n", path, strerror(errno));
		return ST_IO;
	}
	while ((len = getline(&line, &cap, fp)) >= 0) {
		char file[256], catname[32], mname[32], extra[2];
		double min, v;
		int cat = -1, m, fields;
		size_t i;

		lineno++;
		if (strchr(line, '#'))
			*strchr(line, '#') = '\0';
		fields = sscanf(line, "%255s %31s %31s %lf %1s", file, catname, mname,
		    &min, extra);
		if (fields <= 0)
			continue;   /* blank or comment */
		for (m = 0; m < M_COUNT && strcmp(metric_names[m], mname); m++)
			;
		if (fields != 4 || (strcmp(catname, "ALL") &&
		    (cat = scrub_category_from_name(catname)) < 0) || m == M_COUNT ||
		    min < 0 || min > 1 || (cat >= 0 && m >= M_PRECISION)) {
			error_at(path, lineno, "expected FILE CATEGORY|ALL METRIC MIN "
			    "(token_recall or entity_recall per category; precision, "
			    "f1 or f2 for ALL; MIN from 0 to 1)");
			status = ST_INPUT;
			break;
		}
		for (i = 0; i < n && strcmp(r[i].name, file); i++)
			;
		if (i == n) {
			++*skipped;
			continue;
		}
		++*checked;
		v = figure(&r[i].t, cat, (enum metric)m);
		if (v < 0) {
			snprintf(problem, sizeof(problem), "%s %s %s: not measurable "
			    "(no such gold tokens or precision documents)", file, catname,
			    mname);
			error_at(path, lineno, problem);
			status = ST_BELOW;
		} else if (v < min) {
			snprintf(problem, sizeof(problem), "%s %s %s is %.4f, below the "
			    "floor %.4f", file, catname, mname, v, min);
			error_at(path, lineno, problem);
			status = ST_BELOW;
		}
	}
	if (status == ST_OK && ferror(fp)) {
		fprintf(stderr, "phiscrub: %s: read error: %s\n", path,
		    strerror(errno));
		status = ST_IO;
	}
	free(line);
	fclose(fp);
	return status;
}

/* ---- Driver --------------------------------------------------------------- */

int
scrub_eval_run(const struct scrub_ruleset *rules,
    const struct scrub_scan_opts *scan, const char *const *files,
    size_t nfiles, const struct scrub_eval_opts *opts,
    struct scrub_writer *w)
{
	struct eval e;
	struct scrub_scan_opts so = *scan;
	struct scrub_error err;
	struct file_result *r;
	struct tally total;
	struct scrub_buf out = SCRUB_BUF_INIT;
	size_t i, checked = 0, skipped = 0;
	int status = ST_OK;

	memset(&e, 0, sizeof(e));
	memset(&total, 0, sizeof(total));
	e.opts = opts;
	so.line_buffered = 0;
	so.output = NULL;      /* findings only: no text is written */
	so.on_finding = on_finding;
	so.user = &e;
	if (!(e.sc = scrub_scanner_new(rules, &so, &err))) {
		fprintf(stderr, "phiscrub: %s\n", err.message);
		return err.code == SCRUB_E_IO ? ST_IO : ST_INPUT;
	}
	r = scrub_xcalloc(nfiles ? nfiles : 1, sizeof(*r));
	for (i = 0; i < nfiles && status == ST_OK; i++) {
		const char *slash = strrchr(files[i], '/');

		r[i].path = files[i];
		r[i].name = slash && slash[1] ? slash + 1 : files[i];
		r[i].misses = json_array();
		r[i].fps = json_array();
		if (!r[i].misses || !r[i].fps) {
			fputs("phiscrub: out of memory\n", stderr);
			abort();
		}
		status = eval_file(&e, &r[i]);
		tally_add(&total, &r[i].t);
	}
	if (status == ST_OK) {
		if (opts->json) {
			json_t *doc = report_json(r, nfiles, &total, opts);
			char *s = doc ? json_dumps(doc, JSON_INDENT(2) |
			    JSON_REAL_PRECISION(6)) : NULL;

			if (!s) {
				fputs("phiscrub: out of memory\n", stderr);
				abort();
			}
			scrub_buf_addstr(&out, s);
			scrub_buf_addch(&out, '\n');
			free(s);
			json_decref(doc);
		} else {
			report_text(&out, r, nfiles, &total);
		}
		if (opts->floors) {
			status = check_floors(opts->floors, r, nfiles, &checked, &skipped);
			if (!opts->json && status != ST_INPUT && status != ST_IO)
				scrub_buf_addf(&out, "\nFloors (%s): %zu checked, %s, %zu "
				    "skipped (file not evaluated)\n", opts->floors, checked,
				    status == ST_OK ? "all met" : "SOME NOT MET (see above)",
				    skipped);
		}
		if (scrub_writer_write(w, out.ptr, out.len) < 0)
			status = ST_IO;   /* main() reports the write error */
	}
	for (i = 0; i < nfiles; i++) {
		json_decref(r[i].misses);
		json_decref(r[i].fps);
	}
	free(r);
	scrub_buf_release(&out);
	scrub_scanner_free(e.sc);
	free(e.cpbyte);
	free(e.toks);
	free(e.spans);
	free(e.fs);
	free(e.cover);
	return status;
}
