/*
 * scanner.c: the streaming core.  Bytes are fed in chunks of any size; they
 * are scanned in units (runs of whole lines up to a bound, or one line in
 * line-buffered mode), and each unit leaves, redacted, through the output
 * callback.  Memory stays bounded whatever the input: a line longer than
 * the bound is cut at whitespace, and the text just past the cut is scanned
 * with the unit (and scanned again with the next), so that no identifier is
 * split by the cut.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "buf.h"
#include "error.h"
#include "fold.h"
#include "prefilter.h"
#include "replace.h"
#include "ruleset_int.h"
#include "scan_int.h"

#define DEFAULT_UNIT (256u << 10)   /* bytes scanned at once */
#define MIN_UNIT 4096u
#define LOOKAHEAD 1024u             /* scanned past a cut in a long line */
#define LEFT_CONTEXT 256u           /* kept before a cut, for context */
#define MATCH_LIMIT 5000000u
#define DEPTH_LIMIT 100000u
#define HEAP_LIMIT 65536u           /* KiB */

struct scrub_scanner {
	const struct scrub_ruleset *rs;
	struct scrub_scan_opts opts;
	struct scrub_replacer *replacer;
	pcre2_match_context *mctx;
	pcre2_jit_stack *jit_stack;
	pcre2_match_data *md;
	struct scrub_buf pending;   /* [0, ctx) already emitted: context only */
	size_t ctx;
	uint64_t doc_base;          /* document offset of pending[0] */
	uint64_t line;              /* line number at pending[ctx] */
	uint64_t line_start;        /* document offset of that line's start */
	struct scrub_tokens toks;
	struct scrub_spans spans;
	struct scrub_buf out;
	struct scrub_buf repl;
	struct scrub_names_memory mem;
	struct scrub_buf supplied;  /* scrub_scanner_add_name(): length-prefixed */
	struct scrub_pf_line pfl;   /* the line's prefilter state (issue #7) */
	int failed;                 /* an error ended the scan: no more output */
	struct scrub_stats stats;
};

void
scrub_scan_opts_init(struct scrub_scan_opts *opts)
{
	int i;

	memset(opts, 0, sizeof(*opts));
	for (i = 0; i < SCRUB_CAT_COUNT; i++)
		opts->operators[i] = SCRUB_OP_DEFAULT;
}

static void
reset_document(struct scrub_scanner *sc)
{
	scrub_buf_clear(&sc->pending);
	sc->ctx = 0;
	sc->doc_base = 0;
	sc->line = 1;
	sc->line_start = 0;
	scrub_lexicon_release(&sc->mem.names);
	scrub_buf_clear(&sc->supplied);
}

struct scrub_scanner *
scrub_scanner_new(const struct scrub_ruleset *rs,
    const struct scrub_scan_opts *opts, struct scrub_error *err)
{
	struct scrub_scanner *sc = scrub_xcalloc(1, sizeof(*sc));

	sc->rs = rs;
	if (opts)
		sc->opts = *opts;
	else
		scrub_scan_opts_init(&sc->opts);
	if (!sc->opts.max_unit)
		sc->opts.max_unit = DEFAULT_UNIT;
	if (sc->opts.max_unit < MIN_UNIT)
		sc->opts.max_unit = MIN_UNIT;
	sc->opts.key = NULL; /* the replacer keeps its own copy */
	sc->replacer = scrub_replacer_new(rs, opts, err);
	if (!sc->replacer) {
		free(sc);
		return NULL;
	}
	sc->mctx = pcre2_match_context_create(NULL);
	sc->jit_stack = pcre2_jit_stack_create(32 << 10, 1 << 20, NULL);
	sc->md = pcre2_match_data_create(rs->max_groups + 1, NULL);
	if (!sc->mctx || !sc->jit_stack || !sc->md)
		scrub_xmalloc(SIZE_MAX); /* out of memory: aborts */
	pcre2_set_match_limit(sc->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(sc->mctx, DEPTH_LIMIT);
	pcre2_set_heap_limit(sc->mctx, HEAP_LIMIT);
	pcre2_jit_stack_assign(sc->mctx, NULL, sc->jit_stack);
	scrub_buf_init(&sc->pending);
	scrub_buf_init(&sc->out);
	scrub_buf_init(&sc->repl);
	scrub_buf_init(&sc->toks.folds);
	scrub_lexicon_init(&sc->mem.names);
	scrub_buf_init(&sc->supplied);
	scrub_pf_line_init(&sc->pfl, rs);
	reset_document(sc);
	return sc;
}

void
scrub_scanner_free(struct scrub_scanner *sc)
{
	if (!sc)
		return;
	scrub_replacer_free(sc->replacer);
	pcre2_match_data_free(sc->md);
	pcre2_jit_stack_free(sc->jit_stack);
	pcre2_match_context_free(sc->mctx);
	scrub_buf_release(&sc->pending);
	scrub_buf_release(&sc->out);
	scrub_buf_release(&sc->repl);
	scrub_buf_release(&sc->toks.folds);
	free(sc->toks.v);
	free(sc->toks.keys);
	free(sc->toks.cache);
	free(sc->spans.v);
	scrub_lexicon_release(&sc->mem.names);
	scrub_buf_release(&sc->supplied);
	scrub_pf_line_release(&sc->pfl);
	free(sc);
}

void
scrub_scanner_set_document_id(struct scrub_scanner *sc, const char *id)
{
	scrub_replacer_reset(sc->replacer, id);
}

int
scrub_scanner_add_name(struct scrub_scanner *sc, const char *name, size_t len)
{
	size_t i = 0;
	uint32_t n32 = (uint32_t)len;

	if (!len || len > SCRUB_FOLD_MAX)
		return -SCRUB_E_USAGE;
	/* The value itself is found as it stands, whatever its shape (handles
	 * such as "jdoe42" are not words; see find_supplied()) ... */
	scrub_buf_add(&sc->supplied, &n32, sizeof(n32));
	scrub_buf_add(&sc->supplied, name, len);
	/* ... and each of its words is remembered like a name found in the
	 * text: "Jane Doe" is also "Jane". */
	scrub_lexicon_add_phrase(&sc->mem.names, name, len, 1);
	while (i < len) {
		size_t j = i;

		while (j < len && name[j] != ' ' && name[j] != '_' && name[j] != '.')
			j++;
		if (j - i >= 2)
			scrub_lexicon_add_phrase(&sc->mem.names, name + i, j - i, 1);
		i = j + 1;
	}
	return 0;
}

void
scrub_scanner_stats(const struct scrub_scanner *sc, struct scrub_stats *out)
{
	*out = sc->stats;
}

/* ---- Pattern rules ---------------------------------------------------- */

/* Whether one of PHRASES (folded) stands among the WINDOW words before
 * START (AFTER = 0) or after END (AFTER = 1) in TEXT[0..LEN). */
static int
phrase_near(char *const *phrases, size_t nphrases, int window, int after,
    const char *text, size_t len, size_t start, size_t end)
{
	char folded[SCRUB_FOLD_MAX * 2 + 2];
	size_t i, j, from, to;
	int words = 0, n;

	if (!nphrases)
		return 0;
	if (!after) {
		/* Walk back over WINDOW words (and what lies between them). */
		i = start;
		while (i > 0 && words < window && start - i < 200) {
			i--;
			if ((text[i] == ' ' || text[i] == '\t' || text[i] == '\n') &&
			    i + 1 < start && text[i + 1] != ' ')
				words++;
		}
		from = i;
		to = start;
	} else {
		i = end;
		while (i < len && words < window && i - end < 200) {
			if ((text[i] == ' ' || text[i] == '\t' || text[i] == '\n') &&
			    i > end && text[i - 1] != ' ')
				words++;
			i++;
		}
		from = end;
		to = i;
	}
	n = scrub_fold(text + from, to - from, folded + 1, sizeof(folded) - 2);
	if (n <= 0)
		return 0;
	folded[0] = ' ';
	folded[n + 1] = ' ';
	folded[n + 2] = '\0';
	for (j = 0; j < nphrases; j++) {
		/* " PHRASE " in FOLDED: PHRASE between two spaces */
		size_t pl = strlen(phrases[j]);
		const char *hay = folded + 1, *stop = folded + n + 1, *q;

		while (hay + pl <= stop &&
		    (q = memmem(hay, (size_t)(stop - hay), phrases[j], pl))) {
			if (q[-1] == ' ' && q[pl] == ' ')
				return 1;
			hay = q + 1;
		}
	}
	return 0;
}

static int
has_context(const struct scrub_rule *rule, const char *text, size_t len,
    size_t start, size_t end)
{
	return phrase_near(rule->ctx_before, rule->nctx_before, rule->ctx_window,
	    0, text, len, start, end) ||
	    phrase_near(rule->ctx_after, rule->nctx_after, rule->ctx_window, 1,
	    text, len, start, end);
}

/* The document line of TEXT[POS] (pending[ctx] is on sc->line), for the
 * match-limit message: the unit may start lines before the failing one. */
static uint64_t
line_at(const struct scrub_scanner *sc, const char *text, size_t pos)
{
	uint64_t line = sc->line;
	size_t i;

	for (i = sc->ctx; i < pos; i++)
		line += text[i] == '\n';
	for (i = pos; i < sc->ctx; i++)
		line -= text[i] == '\n';
	return line;
}

/* pcre2_match() by the shorter way of JIT code when there is some: the
 * same results and limits, without the checks that each call of
 * pcre2_match() makes (issue #7). */
static int
match(const pcre2_code *code, const char *text, size_t end, size_t start,
    struct scrub_scanner *sc)
{
	int rc = pcre2_jit_match(code, (PCRE2_SPTR)text, end, start, 0, sc->md,
	    sc->mctx);

	if (rc == PCRE2_ERROR_JIT_BADOPTION)   /* no JIT code */
		rc = pcre2_match(code, (PCRE2_SPTR)text, end, start, 0, sc->md,
		    sc->mctx);
	return rc;
}

/* Runs every pattern rule over one line TEXT[seg, seg_end) of the unit. */
static int
run_rules_on_line(struct scrub_scanner *sc, const char *text, size_t len,
    size_t seg, size_t seg_end, struct scrub_error *err)
{
	const struct scrub_ruleset *rs = sc->rs;
	const unsigned char *present = sc->pfl.present;
	const uint32_t *visit;
	size_t v, nvisit;

	/* One pass over the line finds, for all the rules at once, the bytes
	 * and strings it holds and where matches can start (prefilter.h). */
	scrub_pf_scan_line(&sc->pfl, rs->pf_index, text, seg, seg_end);
	nvisit = scrub_pf_visit(&sc->pfl, rs->pf_index, &visit);
	for (v = 0; v < nvisit; v++) {
		size_t r = visit[v];
		const struct scrub_rule *rule = &rs->rules[r];
		PCRE2_SIZE offset = seg, *ov;
		struct scrub_pf_iter it;
		const pcre2_code *anchored = NULL;
		uint32_t at = 0;
		int plan;

		if (rule->required_byte >= 0 && !(present[rule->required_byte >> 3] &
		    (1u << (rule->required_byte & 7))))
			continue;
		if (rule->has_first) {
			uint64_t f[4], q[4];

			memcpy(f, rule->first_bytes, 32);
			memcpy(q, present, 32);
			if (!((f[0] & q[0]) | (f[1] & q[1]) | (f[2] & q[2]) |
			    (f[3] & q[3])))
				continue;
		}
		plan = scrub_pf_plan(&sc->pfl, rs->pf_index, rule, r, text, &it);
		if (plan == SCRUB_PF_SKIP)
			continue;
		if (plan == SCRUB_PF_TRY && !(anchored = scrub_pf_anchored(rule->pf)))
			plan = SCRUB_PF_SEARCH;
		while (offset < seg_end) {
			size_t s, e;
			int rc;

			if (plan == SCRUB_PF_TRY) {
				/* The anchored pattern where a match can start: the
				 * same matches as a search from OFFSET. */
				do
					at = scrub_pf_next(&sc->pfl, &it);
				while (at != UINT32_MAX && at < offset);
				if (at == UINT32_MAX)
					break;
				rc = match(anchored, text, seg_end, at, sc);
				if (rc == PCRE2_ERROR_NOMATCH)
					continue;
			} else {
				rc = match(rule->code, text, seg_end, offset, sc);
				if (rc == PCRE2_ERROR_NOMATCH)
					break;
			}
			if (rc < 0) {
				PCRE2_UCHAR msg[200];

				pcre2_get_error_message(rc, msg, sizeof(msg));
				return scrub_error_set(err, SCRUB_E_LIMIT,
				    "rule \"%s\" (%s:%lu) failed while scanning line %llu: "
				    "%s; the text was not written", rule->id, rule->file,
				    rule->line, (unsigned long long)line_at(sc, text, seg),
				    (const char *)msg);
			}
			ov = pcre2_get_ovector_pointer(sc->md);
			s = ov[0];
			e = ov[1];
			offset = e > ov[0] ? e : ov[0] + 1;
			if (rule->phi_group && (uint32_t)rc > rule->phi_group &&
			    ov[2 * rule->phi_group] != PCRE2_UNSET) {
				s = ov[2 * rule->phi_group];
				e = ov[2 * rule->phi_group + 1];
			}
			if (e <= s)
				continue;
			if (!scrub_validate(rule->validator, text + s, e - s))
				continue;
			if (rule->ctx_required &&
			    !has_context(rule, text, len, ov[0], ov[1]))
				continue;
			if (rule->nctx_unless && phrase_near(rule->ctx_unless,
			    rule->nctx_unless, rule->ctx_window, 0, text, len, ov[0],
			    ov[1]))
				continue;
			scrub_spans_add(&sc->spans, s, e, rule->category, rule->priority,
			    rule->score, rule->id);
		}
	}
	return 0;
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Whether the character that ends just before TEXT[AT] (BEFORE = 1) or
 * starts at TEXT[AT] (BEFORE = 0) belongs to a word. */
static int
word_char_at(const char *text, size_t len, size_t at, int before)
{
	const unsigned char *s = (const unsigned char *)text;
	int32_t cp;
	size_t i = at;

	if (before) {
		if (at == 0)
			return 0;
		i = at - 1;
		while (i > 0 && at - i < 4 && (s[i] & 0xC0) == 0x80)
			i--;
	} else if (at >= len) {
		return 0;
	}
	if (scrub_utf8_decode(s + i, len - i, &cp) < 0)
		return 0;
	return scrub_is_word_cp(cp) || cp == '_';
}

/* Marks as NAME every occurrence of a value given with
 * scrub_scanner_add_name() (an author's handle or display name): ASCII
 * letters in any case, other bytes as they are, not inside a longer word.
 * Priority 4 puts it above the name and place guesses and below e-mail
 * addresses, URLs and identifiers that contain it (issue 6). */
static void
find_supplied(struct scrub_scanner *sc, const char *text, size_t len)
{
	size_t off = 0;

	while (off + sizeof(uint32_t) <= sc->supplied.len) {
		uint32_t n;
		const char *name;
		size_t i, k;
		int left, right;

		memcpy(&n, sc->supplied.ptr + off, sizeof(n));
		name = sc->supplied.ptr + off + sizeof(n);
		off += sizeof(n) + n;
		left = word_char_at(name, n, 0, 0);
		right = word_char_at(name, n, n, 1);
		for (i = 0; n <= len && i <= len - n; i++) {
			if (ascii_lower((unsigned char)text[i]) !=
			    ascii_lower((unsigned char)name[0]))
				continue;
			for (k = 1; k < n && ascii_lower((unsigned char)text[i + k]) ==
			    ascii_lower((unsigned char)name[k]); k++)
				;
			if (k < n || (left && word_char_at(text, len, i, 1)) ||
			    (right && word_char_at(text, len, i + n, 0)))
				continue;
			scrub_spans_add(&sc->spans, i, i + n, SCRUB_CAT_NAME, 4, 1.0,
			    "name.supplied");
			i += n - 1;
		}
	}
}

static int
detect(struct scrub_scanner *sc, const char *text, size_t len,
    struct scrub_error *err)
{
	size_t seg = 0;
	int rc;

	sc->spans.n = 0;
	while (seg < len) {
		const char *nl = memchr(text + seg, '\n', len - seg);
		size_t seg_end = nl ? (size_t)(nl - text) : len;

		if (seg_end > seg &&
		    (rc = run_rules_on_line(sc, text, len, seg, seg_end, err)) < 0)
			return rc;
		seg = seg_end + 1;
	}
	find_supplied(sc, text, len);
	scrub_tokenize(sc->rs, text, len, &sc->toks);
	/* Sorted, so that the word detectors can see what patterns took. */
	scrub_spans_resolve(&sc->spans);
	scrub_detect_words(sc->rs, text, &sc->toks, &sc->mem, &sc->spans);
	scrub_spans_resolve(&sc->spans);
	return 0;
}

/* ---- Output ----------------------------------------------------------- */

static int
emit(struct scrub_scanner *sc, const char *bytes, size_t len,
    struct scrub_error *err)
{
	if (!len || !sc->opts.output)
		return 0;
	sc->stats.bytes_out += len;
	if (sc->opts.output(sc->opts.user, bytes, len) < 0) {
		sc->failed = 1;
		return scrub_error_set(err, SCRUB_E_OUTPUT, "output refused");
	}
	return 0;
}

/* Advances the line count over TEXT[from, to). */
static void
count_lines(struct scrub_scanner *sc, const char *text, size_t from, size_t to)
{
	const char *p = text + from, *end = text + to, *nl;

	while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
		sc->line++;
		sc->line_start = sc->doc_base + (uint64_t)(nl + 1 - text);
		p = nl + 1;
	}
}

/* Scans pending[0, scan_end), writes pending[ctx, commit) redacted, where
 * commit is COMMIT moved past any span that crosses it, and keeps the rest
 * (plus KEEP bytes of left context) pending.  Returns 0 or an error. */
static int
scan_and_emit(struct scrub_scanner *sc, size_t scan_end, size_t commit,
    size_t keep, struct scrub_error *err)
{
	const char *text = sc->pending.ptr;
	size_t i, pos = sc->ctx, kept = 0;
	int rc;

	if ((rc = detect(sc, text, scan_end, err)) < 0) {
		sc->failed = 1;
		return rc;
	}
	for (i = 0; i < sc->spans.n; i++) {
		const struct scrub_span *sp = &sc->spans.v[i];

		if (sp->start < commit && sp->end > commit)
			commit = sp->end;
	}
	scrub_buf_clear(&sc->out);
	for (i = 0; i < sc->spans.n; i++) {
		struct scrub_span *sp = &sc->spans.v[i];
		struct scrub_finding f;

		if (sp->end <= sc->ctx || sp->start >= commit)
			continue;
		if (sp->start < sc->ctx)
			sp->start = sc->ctx;
		scrub_buf_add(&sc->out, text + pos, sp->start - pos);
		count_lines(sc, text, pos, sp->start);
		scrub_buf_clear(&sc->repl);
		scrub_replacer_apply(sc->replacer, sp->category, text + sp->start,
		    sp->end - sp->start, &sc->repl);
		scrub_buf_add(&sc->out, sc->repl.ptr, sc->repl.len);
		sc->stats.findings[sp->category]++;
		if (sc->opts.on_finding) {
			memset(&f, 0, sizeof(f));
			f.start = sc->doc_base + sp->start;
			f.end = sc->doc_base + sp->end;
			f.line = sc->line;
			f.column = f.start - sc->line_start + 1;
			f.category = sp->category;
			f.rule_id = sp->rule_id;
			f.score = sp->score;
			f.text = text + sp->start;
			f.text_len = sp->end - sp->start;
			f.replacement = sc->repl.ptr;
			f.replacement_len = sc->repl.len;
			if (sc->opts.on_finding(sc->opts.user, &f) < 0) {
				sc->failed = 1;
				return scrub_error_set(err, SCRUB_E_OUTPUT,
				    "finding callback refused");
			}
		}
		count_lines(sc, text, sp->start, sp->end);
		pos = sp->end;
	}
	scrub_buf_add(&sc->out, text + pos, commit - pos);
	count_lines(sc, text, pos, commit);
	if ((rc = emit(sc, sc->out.ptr, sc->out.len, err)) < 0)
		return rc;
	if (keep > commit)
		keep = commit;
	kept = keep;
	sc->doc_base += commit - kept;
	scrub_buf_consume(&sc->pending, commit - kept);
	sc->ctx = kept;
	return 0;
}

/* Where to cut a line of more than max_unit bytes: at whitespace in the
 * second half of the window, else at a UTF-8 character boundary. */
static size_t
long_line_cut(const char *p, size_t from, size_t limit)
{
	size_t i;

	for (i = limit; i > from + (limit - from) / 2; i--)
		if (p[i - 1] == ' ' || p[i - 1] == '\t' || p[i - 1] == '\r')
			return i;
	for (i = limit; i > from + 1 && ((unsigned char)p[i] & 0xC0) == 0x80; i--)
		;
	return i;
}

static int
drain(struct scrub_scanner *sc, int final, struct scrub_error *err)
{
	size_t unit = sc->opts.max_unit;
	int rc;

	for (;;) {
		const char *p = sc->pending.ptr;
		size_t avail = sc->pending.len - sc->ctx;
		const char *nl;

		if (!avail)
			return 0;
		if (sc->opts.line_buffered) {
			nl = memchr(p + sc->ctx, '\n', avail < unit ? avail : unit);
			if (nl) {
				if ((rc = scan_and_emit(sc, (size_t)(nl - p) + 1,
				    (size_t)(nl - p) + 1, 0, err)) < 0)
					return rc;
				continue;
			}
		}
		if (avail < unit + LOOKAHEAD) {
			if (!final)
				return 0;
			if (avail <= unit)
				return scan_and_emit(sc, sc->pending.len, sc->pending.len,
				    0, err);
		}
		/* A full unit: cut after its last newline, or inside a long line. */
		nl = NULL;
		{
			const char *q = p + sc->ctx + unit;

			while (q > p + sc->ctx && q[-1] != '\n')
				q--;
			if (q > p + sc->ctx)
				nl = q - 1;
		}
		if (nl) {
			if ((rc = scan_and_emit(sc, (size_t)(nl - p) + 1,
			    (size_t)(nl - p) + 1, 0, err)) < 0)
				return rc;
		} else {
			size_t cut = long_line_cut(p, sc->ctx, sc->ctx + unit);

			if ((rc = scan_and_emit(sc, sc->ctx + unit + LOOKAHEAD > sc->pending.len ?
			    sc->pending.len : sc->ctx + unit + LOOKAHEAD, cut,
			    LEFT_CONTEXT, err)) < 0)
				return rc;
		}
	}
}

int
scrub_scanner_feed(struct scrub_scanner *sc, const char *bytes, size_t len,
    struct scrub_error *err)
{
	size_t unit = sc->opts.max_unit;

	if (sc->failed)
		return scrub_error_set(err, SCRUB_E_USAGE,
		    "the scanner failed earlier");
	sc->stats.bytes_in += len;
	/* Take the input in slices so that pending never holds much more than
	 * one unit, whatever the caller passes at once. */
	while (len) {
		size_t take = len < unit ? len : unit;
		int rc;

		scrub_buf_add(&sc->pending, bytes, take);
		bytes += take;
		len -= take;
		if ((rc = drain(sc, 0, err)) < 0)
			return rc;
	}
	return 0;
}

int
scrub_scanner_finish(struct scrub_scanner *sc, struct scrub_error *err)
{
	int rc;

	if (sc->failed)
		return scrub_error_set(err, SCRUB_E_USAGE,
		    "the scanner failed earlier");
	rc = drain(sc, 1, err);
	sc->stats.documents++;
	reset_document(sc);
	scrub_replacer_reset(sc->replacer, NULL);
	return rc;
}

int
scrub_scanner_end_part(struct scrub_scanner *sc, struct scrub_error *err)
{
	int rc;

	if (sc->failed)
		return scrub_error_set(err, SCRUB_E_USAGE,
		    "the scanner failed earlier");
	if ((rc = drain(sc, 1, err)) < 0)
		return rc;
	/* Nothing is kept as context: no match crosses into the next part.
	 * Offsets and line numbers go on counting through the document. */
	sc->doc_base += sc->pending.len;
	scrub_buf_clear(&sc->pending);
	sc->ctx = 0;
	return 0;
}

/* ---- Whole texts ------------------------------------------------------ */

static int
append_output(void *user, const char *bytes, size_t len)
{
	scrub_buf_add(user, bytes, len);
	return 0;
}

int
scrub_text(const struct scrub_ruleset *rs, const struct scrub_scan_opts *opts,
    const char *text, size_t len, char **out, size_t *out_len,
    struct scrub_error *err)
{
	struct scrub_scan_opts o;
	struct scrub_buf buf = SCRUB_BUF_INIT;
	struct scrub_scanner *sc;
	int rc;

	if (opts)
		o = *opts;
	else
		scrub_scan_opts_init(&o);
	o.output = append_output;
	o.user = &buf;
	o.on_finding = NULL;
	if (!(sc = scrub_scanner_new(rs, &o, err)))
		return -SCRUB_E_KEY;
	rc = scrub_scanner_feed(sc, text, len, err);
	if (rc == 0)
		rc = scrub_scanner_finish(sc, err);
	scrub_scanner_free(sc);
	if (rc < 0) {
		scrub_buf_release(&buf);
		return rc;
	}
	*out = scrub_buf_detach(&buf, out_len);
	return 0;
}
