/*
 * words.c: people, places and institutions, found from words, word lists
 * and the context around them (see issue #4 and phiscrub-patterns(5),
 * "Lexicons").  Every word was folded and looked up once by tokens.c; this
 * module only decides.
 *
 * The passes, in order (each marks tokens; a marked token is settled):
 *   1. What pattern rules took (e-mail, URL, numbers) and phrases of the
 *      allow list ("Bell's palsy") are settled as not names; deny lists
 *      are redacted.
 *   2. Institutions: capitalized words before an institution word (Mercy
 *      Hospital, Our Lady of Mercy School), or "of X" after it.
 *   3. Places from the gazetteer (multi-word first: Salt Lake City); places
 *      that are also words or names need a cue (in, from, ", TX").  States
 *      and countries stay, unless redact_states.
 *   4. Cued places: "at Shock Trauma", "to UAB": capitalized runs after at,
 *      to, from, in.
 *   5. Names, by evidence before the word: 3 = a title or relation (even
 *      "my son jake"), 2 = a naming phrase or a sign-off, 1 = a weak cue.
 *      Without evidence: a given name or surname that is not an ordinary
 *      word is a name in any case; one that is (Grace, Will) needs a
 *      capital inside a sentence; a capitalized word in no list at all is
 *      a name.  Headings Written In Title Case and all-caps text give
 *      capitals no weight.
 *   6. Names grow over neighbouring name words, initials, particles,
 *      nicknames in quotes and lists (Mary J. O'Brien, de la Cruz, Sarah,
 *      Mike and Jen).
 *   7. A name once found is found again wherever it recurs in the document
 *      (in any case, unless it is also an ordinary word).
 * The allow list (medical words, drugs, eponyms) wins, except that a word
 * of the allow list that is also a name is a name right after a title or a
 * relation ("Dr. Turner", "my daughter Allegra").
 */
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "scan_int.h"

#define MAX_INST_WORDS 6

/* M_KEEP: settled as not PHI (a state, a disease name), so no later step
 * may turn it into a name. */
enum mark { M_NONE, M_NAME, M_PLACE, M_KEEP };

struct ctx {
	const struct scrub_ruleset *rs;
	const char *text;
	const struct scrub_tokens *toks;
	struct scrub_names_memory *mem;
	struct scrub_spans *out;
	unsigned char *mark;     /* per token: enum mark */
	size_t n;
	uint64_t given, surname, nameword, place, placeword, institution, region,
	    common, allow, deny, title, relation, naming, signoff, placecue,
	    instsuffix, month, stop, namecue, eponymhead;
	int caps_text;           /* the unit is written in capitals */
	unsigned char *title_line; /* per token: its line is in Title Case */
};

static const struct scrub_token *
tok(const struct ctx *c, size_t i)
{
	return &c->toks->v[i];
}

static int fold_is(const struct ctx *c, size_t i, const char *word);

static int
is_word(const struct scrub_token *t)
{
	return t->shape != SCRUB_SHAPE_PUNCT;
}

static int
is_alpha(const struct scrub_token *t)
{
	return t->shape == SCRUB_SHAPE_LOWER || t->shape == SCRUB_SHAPE_CAP ||
	    t->shape == SCRUB_SHAPE_UPPER || t->shape == SCRUB_SHAPE_MIXED;
}

static int
punct_is(const struct ctx *c, size_t i, char ch)
{
	const struct scrub_token *t = tok(c, i);

	return t->shape == SCRUB_SHAPE_PUNCT && t->end - t->start == 1 &&
	    c->text[t->start] == ch;
}

/* A capital that says something: not in an all-caps text, not in a line
 * Written Like A Heading, not at the start of a sentence. */
static int
telling_capital(const struct ctx *c, size_t i)
{
	const struct scrub_token *t = tok(c, i);

	return t->shape == SCRUB_SHAPE_CAP && !c->title_line[i] &&
	    !(t->flags & SCRUB_TOK_SENT_START);
}

static int
capitalized(const struct ctx *c, const struct scrub_token *t)
{
	/* Outside all-caps text, a word in capitals is an acronym (ICU, SIN)
	 * far more often than a name: it needs a name list, not its shape. */
	if (t->shape == SCRUB_SHAPE_CAP)
		return 1;
	return t->shape == SCRUB_SHAPE_UPPER && c->caps_text;
}

/* A word in a name list and in no list of ordinary words. */
static int
clear_name(const struct ctx *c, const struct scrub_token *t)
{
	return (t->bits & (c->given | c->surname)) &&
	    !(t->bits & (c->common | c->stop | c->nameword | c->month |
	    c->allow | c->title | c->relation | c->region | c->placeword));
}

static int
ambiguous_name(const struct ctx *c, const struct scrub_token *t)
{
	return (t->bits & (c->given | c->surname | c->nameword)) &&
	    !(t->bits & (c->allow | c->stop));
}

/* In no word list at all: a rare name, or a word we do not know. */
static int
unknown_word(const struct ctx *c, const struct scrub_token *t)
{
	return is_alpha(t) && !(t->bits & (c->common | c->stop | c->allow |
	    c->month | c->title | c->relation | c->naming | c->signoff |
	    c->placecue | c->instsuffix | c->region));
}

/* I'm, we've, can't, she'd: never names. */
static int
is_contraction(const struct ctx *c, const struct scrub_token *t)
{
	const char *f = scrub_token_fold(c->toks, t);
	size_t n = t->fold_len;

	if (n == 1 && f[0] == 'i')
		return 1;
	return (n > 2 && f[n - 2] == '\'' && (f[n - 1] == 'm' || f[n - 1] == 'd' ||
	    f[n - 1] == 's')) || (n > 3 && f[n - 3] == '\'' && ((f[n - 2] == 'v' &&
	    f[n - 1] == 'e') || (f[n - 2] == 'l' && f[n - 1] == 'l') ||
	    (f[n - 2] == 'r' && f[n - 1] == 'e'))) || (n > 3 && f[n - 3] == 'n' &&
	    f[n - 2] == '\'' && f[n - 1] == 't');
}

/* Feldman-Ruiz, gupta-nair: every part is a name. */
static int
hyphenated_name(const struct ctx *c, const struct scrub_token *t)
{
	const char *f = scrub_token_fold(c->toks, t), *dash;
	size_t n = t->fold_len;
	int parts = 0;

	if (!memchr(f, '-', n))
		return 0;
	while (n) {
		uint64_t bits;
		size_t len;

		dash = memchr(f, '-', n);
		len = dash ? (size_t)(dash - f) : n;
		if (len < 2)
			return 0;
		bits = scrub_ruleset_lookup(c->rs, f, len);
		if (!(bits & (c->given | c->surname)) || (bits & (c->allow | c->stop)))
			return 0;
		parts++;
		if (!dash)
			break;
		n -= len + 1;
		f = dash + 1;
	}
	return parts >= 2;
}

/* The index of the word before I, skipping one "." or ","; or -1. */
static long
prev_word(const struct ctx *c, size_t i, int allow_comma)
{
	long j = (long)i - 1;

	if (tok(c, i)->flags & SCRUB_TOK_LINE_START)
		return -1;
	if (j >= 0 && (punct_is(c, (size_t)j, '.') ||
	    (allow_comma && punct_is(c, (size_t)j, ','))))
		j--;
	if (j >= 0 && is_word(tok(c, (size_t)j)))
		return j;
	return -1;
}

static long
next_word(const struct ctx *c, size_t i)
{
	size_t j = i + 1;

	if (j < c->n && punct_is(c, j, '.'))
		j++;
	if (j < c->n && is_word(tok(c, j)) &&
	    (tok(c, j)->flags & SCRUB_TOK_SPACE_BEFORE) &&
	    !(tok(c, j)->flags & SCRUB_TOK_LINE_START))
		return (long)j;
	return -1;
}

/* Whether the words ending just before token I spell a phrase of list
 * MASK ("my name is", "thanks"), up to four words back. */
static int
phrase_before(const struct ctx *c, size_t i, uint64_t mask, int allow_comma)
{
	char buf[SCRUB_FOLD_MAX];
	long j = (long)i - 1;
	int words;
	size_t len = 0;
	uint64_t bits;
	unsigned lf;

	if (tok(c, i)->flags & SCRUB_TOK_LINE_START)
		return 0;
	if (j >= 0 && (punct_is(c, (size_t)j, ',') || punct_is(c, (size_t)j,
	    ':')) && allow_comma)
		j--;
	buf[0] = '\0';
	for (words = 0; words < 4 && j >= 0; words++, j--) {
		const struct scrub_token *t = tok(c, (size_t)j);
		const char *f = scrub_token_fold(c->toks, t);
		size_t fl = t->fold_len;
		char tmp[SCRUB_FOLD_MAX];

		if (!is_word(t) || !fl || len + fl + 2 > sizeof(buf))
			return 0;
		/* Lookups that cannot succeed are skipped (issue #7): the
		 * tokenizer has looked the last word up, and a longer phrase
		 * begins with, or holds, each word before it. */
		if (words == 0) {
			if (t->wbits & mask)
				return 1;
			if (!(t->flags & SCRUB_TOK_PHRASE_TAIL))
				return 0;
		} else if (!(t->flags & (SCRUB_TOK_PHRASE_HEAD |
		    SCRUB_TOK_PHRASE_MID))) {
			return 0;
		}
		if (t->flags & SCRUB_TOK_POSSESSIVE) {
			/* the fold drops 's; look up the word as written */
			int n = scrub_fold(c->text + t->start, t->end - t->start, tmp,
			    sizeof(tmp));

			if (n <= 0)
				return 0;
			f = tmp;
			fl = (size_t)n;
		}
		memmove(buf + fl + (len ? 1 : 0), buf, len + 1);
		memcpy(buf, f, fl);
		if (len)
			buf[fl] = ' ';
		len += fl + (len ? 1 : 0);
		if (words > 0) {
			lf = 0;
			bits = scrub_ruleset_lookup_flags(c->rs, buf, len, &lf);
			if (bits & mask)
				return 1;
			/* no phrase of the lexicons ends with these words */
			if (!(lf & SCRUB_LEX_TAIL))
				return 0;
		}
		if (j > 0 && !(t->flags & SCRUB_TOK_SPACE_BEFORE))
			return 0;
	}
	return 0;
}

static void
add(struct ctx *c, size_t from, size_t to, int category, int priority,
    const char *rule)
{
	scrub_spans_add(c->out, tok(c, from)->start, tok(c, to)->end, category,
	    priority, 0.8, rule);
}

/* ---- Names ------------------------------------------------------------ */

/* Evidence for a name right before token I: 3 = a title or a relation
 * (even a lowercase word may be a name: "my son jake"), 2 = a naming
 * phrase or a sign-off, 1 = a weak cue (saw, with), 0 = none. */
static int
name_evidence(const struct ctx *c, size_t i)
{
	long p = prev_word(c, i, 0);
	const struct scrub_token *t = tok(c, i);

	if (p >= 0 && (tok(c, (size_t)p)->bits & c->title))
		return 3;
	if (phrase_before(c, i, c->relation, 1))
		return 3;
	if (phrase_before(c, i, c->naming, 0) ||
	    phrase_before(c, i, c->signoff, 1))
		return 2;
	/* "- Mike", "~ Jen" at a line start. */
	if (i > 0 && (t->flags & SCRUB_TOK_SENT_START)) {
		const struct scrub_token *d = tok(c, i - 1);

		if (d->shape == SCRUB_SHAPE_PUNCT && (d->flags & SCRUB_TOK_LINE_START) &&
		    (c->text[d->start] == '-' || c->text[d->start] == '~' ||
		    (unsigned char)c->text[d->start] == 0xE2))
			return 2;
	}
	/* "... for the prayers. - Moody": a dash, then the line's last words. */
	if (i > 0 && tok(c, i - 1)->shape == SCRUB_SHAPE_PUNCT &&
	    (c->text[tok(c, i - 1)->start] == '-' ||
	    (unsigned char)c->text[tok(c, i - 1)->start] == 0xE2) &&
	    (tok(c, i - 1)->flags & SCRUB_TOK_SPACE_BEFORE)) {
		size_t k = i + 1;

		while (k < c->n && k < i + 3 && is_word(tok(c, k)) &&
		    !(tok(c, k)->flags & SCRUB_TOK_LINE_START))
			k++;
		if (k >= c->n || (tok(c, k)->flags & SCRUB_TOK_LINE_START))
			return 2;
	}
	if (t->shape == SCRUB_SHAPE_CAP && !c->title_line[i] &&
	    phrase_before(c, i, c->namecue, 0))
		return 1;
	return 0;
}

/* my, our, her... within the three words before token I. */
static int
possessive_before(const struct ctx *c, size_t i)
{
	static const char *const det[] = {"my", "our", "his", "her", "their",
	    "your", "mi", "mis", NULL};
	size_t k, back;
	int d;

	for (back = 2; back <= 4 && back <= i; back++) {
		k = i - back;
		for (d = 0; det[d]; d++)
			if (fold_is(c, k, det[d]))
				return 1;
	}
	return 0;
}

/* "Ewing sarcoma", "Hodgkin lymphoma", "Bell palsy": a capitalized word
 * before a disease word is an eponym, not a person. */
static int
before_eponym_head(const struct ctx *c, size_t i)
{
	long j;

	if (i + 1 < c->n && (punct_is(c, i + 1, '\'') ||
	    (unsigned char)c->text[tok(c, i + 1)->start] == 0xE2))
		i++; /* Graves' disease */
	j = next_word(c, i);

	return j >= 0 && (tok(c, (size_t)j)->bits & c->eponymhead);
}

static int
decide_name(const struct ctx *c, size_t i)
{
	const struct scrub_token *t = tok(c, i);
	int ev, strong_cap;
	size_t len = t->end - t->start;

	if (!is_alpha(t) || is_contraction(c, t))
		return 0;
	if (t->bits & c->allow) {
		/* "Dr. Allegra", "my daughter Lyme"... a brand or an eponym that is
		 * also a name is a name after a title or a relation. */
		if (!(t->shape == SCRUB_SHAPE_CAP && (t->bits & (c->given |
		    c->surname)) && name_evidence(c, i) == 3))
			return 0;
		return 1;
	}
	if (t->bits & (c->title | c->relation))
		return 0;
	if (before_eponym_head(c, i))
		return 0;
	ev = name_evidence(c, i);
	/* In all-caps writing a word in capitals tells nothing. */
	strong_cap = t->shape == SCRUB_SHAPE_CAP ||
	    (t->shape == SCRUB_SHAPE_UPPER && !c->caps_text);
	if (ev >= 2 && strong_cap)
		return !(t->bits & c->stop) ||
		    (t->bits & (c->given | c->surname | c->nameword)) ||
		    (len <= 2 && t->shape == SCRUB_SHAPE_CAP && i + 1 < c->n &&
		    punct_is(c, i + 1, '.')); /* Mr A. Tekeli, his son J.P. */
	if (ev >= 2 && (t->shape == SCRUB_SHAPE_LOWER ||
	    t->shape == SCRUB_SHAPE_UPPER) && len >= 2) {
		if (clear_name(c, t) || hyphenated_name(c, t))
			return 1;
		/* "my son jake", "my wife tiff", "nurse tasha"; but "the
		 * specialist soon": an ordinary word needs "my/our/her ...". */
		if (ev == 3)
			return (unknown_word(c, t) && len >= 3) ||
			    ((t->bits & (c->given | c->nameword)) &&
			    !(t->bits & (c->stop | c->month)) &&
			    (!(t->bits & c->common) || possessive_before(c, i)));
		return 0;
	}
	if ((t->bits & c->stop) && !(t->bits & (c->given | c->surname)))
		return 0;
	if (t->bits & c->month)
		return 0;
	if (ev == 1 && strong_cap)
		return !(t->bits & (c->common | c->stop)) || ambiguous_name(c, t);
	if (t->shape == SCRUB_SHAPE_UPPER && !c->caps_text && len <= 3)
		return 0; /* IP, VIN, PHI: acronyms */
	if (t->shape == SCRUB_SHAPE_LOWER && len <= 2)
		return 0; /* lb, oz, mo */
	if (clear_name(c, t) || hyphenated_name(c, t))
		return 1;
	/* Grace, Will, Rose inside a sentence; a surname that is also a word
	 * (Little, Bank, Keep) is not enough on its own. */
	if (telling_capital(c, i) && ambiguous_name(c, t) &&
	    (t->bits & (c->given | c->nameword)))
		return 1;
	if (t->shape == SCRUB_SHAPE_CAP && !c->title_line[i] && ambiguous_name(c, t) &&
	    (t->flags & SCRUB_TOK_SENT_START) && phrase_before(c, i, c->namecue, 0))
		return 1;
	if (telling_capital(c, i) && unknown_word(c, t) && len >= 2 &&
	    !memchr(scrub_token_fold(c->toks, t), '-', t->fold_len))
		return 1;
	/* Speaker labels: "John: You saved my life!" */
	if (t->shape == SCRUB_SHAPE_CAP && (t->flags & SCRUB_TOK_LINE_START) &&
	    i + 1 < c->n && punct_is(c, i + 1, ':') && (t->bits & c->given) &&
	    !(t->bits & (c->stop | c->allow | c->month)))
		return 1;
	/* "Pyrion continues...", "Shaq had me": a word in no list at all,
	 * capitalized at the start of a sentence, is more often a name than
	 * not (drugs and brands are in the allow list). */
	if (t->shape == SCRUB_SHAPE_CAP && (t->flags & SCRUB_TOK_SENT_START) &&
	    !c->title_line[i] && unknown_word(c, t) && len >= 4 &&
	    !(t->bits & c->place) &&
	    !memchr(scrub_token_fold(c->toks, t), '-', t->fold_len) &&
	    !memchr(scrub_token_fold(c->toks, t), '\'', t->fold_len))
		return 1;
	/* --aggressive: the safe-list mode of issue #4.  Everything that is
	 * not known to be harmless goes: capitals inside a sentence, words in
	 * no list, any word of a name or place list, acronyms. */
	if (c->rs->aggressive && is_alpha(t) &&
	    !(t->bits & (c->stop | c->month | c->title | c->relation))) {
		if (t->shape == SCRUB_SHAPE_CAP && !(t->flags & SCRUB_TOK_SENT_START))
			return 1;
		if (unknown_word(c, t))
			return 1;
		if (t->bits & (c->given | c->surname | c->nameword | c->place |
		    c->placeword))
			return 1;
		if (t->shape == SCRUB_SHAPE_UPPER && !c->caps_text)
			return 1;
	}
	return 0;
}

/* Whether token J may continue a name next to a name token. */
static int
name_part(const struct ctx *c, size_t j)
{
	const struct scrub_token *t = tok(c, j);

	if (!is_alpha(t) || (t->bits & (c->allow | c->title | c->month |
	    c->naming | c->namecue | c->signoff | c->relation)) ||
	    is_contraction(c, t))
		return 0;
	if (t->shape == SCRUB_SHAPE_CAP && t->end - t->start == 1 &&
	    strcmp(scrub_token_fold(c->toks, t), "i") != 0) {
		/* An initial: "J." or "J Gelencsér" */
		long k = next_word(c, j);

		return (j + 1 < c->n && punct_is(c, j + 1, '.')) ||
		    (k >= 0 && tok(c, (size_t)k)->shape == SCRUB_SHAPE_CAP &&
		    !(tok(c, (size_t)k)->bits & (c->stop | c->allow | c->month)));
	}
	if (c->title_line[j] && !clear_name(c, t) && !unknown_word(c, t))
		return 0;
	if (!capitalized(c, t) && !(t->shape == SCRUB_SHAPE_UPPER &&
	    t->end - t->start >= 4))
		return 0;
	if (before_eponym_head(c, j))
		return 0;
	return ambiguous_name(c, t) || unknown_word(c, t) ||
	    !(t->bits & (c->common | c->stop | c->region | c->instsuffix));
}

static int
is_particle(const struct ctx *c, size_t j)
{
	static const char *const particles[] = {"de", "la", "del", "della", "van",
	    "von", "der", "den", "bin", "binti", "bint", "al", "el", "da", "di",
	    "du", "le", "dos", "das", "ter", "ten", "y", "ibn", "abu", "mac", NULL};
	const struct scrub_token *t = tok(c, j);
	const char *f = scrub_token_fold(c->toks, t);
	int k;

	if ((t->shape != SCRUB_SHAPE_LOWER && t->shape != SCRUB_SHAPE_CAP) ||
	    t->fold_len > 5)   /* longer than any particle (issue #7) */
		return 0;
	for (k = 0; particles[k]; k++)
		if (!strcmp(f, particles[k]))
			return 1;
	return 0;
}

static void
grow_names(struct ctx *c)
{
	size_t i;
	int changed = 1, rounds = 0;

	while (changed && rounds++ < 4) {
		changed = 0;
		for (i = 0; i < c->n; i++) {
			long j;

			if (c->mark[i] != M_NAME)
				continue;
			/* Right: "Mary J. O'Brien", "Ana de la Cruz". */
			j = next_word(c, i);
			if (j >= 0 && (c->mark[j] == M_NONE || (c->mark[j] == M_KEEP &&
			    (tok(c, (size_t)j)->bits & c->surname)))) {
				size_t k = (size_t)j;

				while (k < c->n && is_particle(c, k) && next_word(c, k) >= 0)
					k = (size_t)next_word(c, k);
				if ((name_part(c, k) || (tok(c, k)->shape == SCRUB_SHAPE_CAP &&
				    (tok(c, k)->bits & c->surname) &&
				    !(tok(c, k)->bits & c->stop) &&
				    /* "for Ana Friday:": a weekday or month as a
				     * surname only where the name visibly ends */
				    (!(tok(c, k)->bits & c->month) || (k + 1 < c->n &&
				    punct_is(c, k + 1, ':'))) &&
				    !before_eponym_head(c, k) && (c->mark[k] == M_NONE ||
				    c->mark[k] == M_KEEP))) &&
				    !(k != (size_t)j && !capitalized(c, tok(c, k)))) {
					size_t m;

					for (m = (size_t)j; m <= k; m++)
						if (is_word(tok(c, m)))
							c->mark[m] = M_NAME;
					changed = 1;
				}
			}
			/* Lowercase writing: "olga krylova", "codey m ross". */
			j = next_word(c, i);
			if (j >= 0 && c->mark[j] == M_NONE &&
			    tok(c, i)->shape == SCRUB_SHAPE_LOWER &&
			    tok(c, (size_t)j)->shape == SCRUB_SHAPE_LOWER &&
			    !(tok(c, (size_t)j)->bits & (c->allow | c->stop | c->month))) {
				const struct scrub_token *n = tok(c, (size_t)j);
				long k = next_word(c, (size_t)j);

				if (clear_name(c, n) || (unknown_word(c, n) &&
				    n->end - n->start >= 3)) {
					c->mark[j] = M_NAME;
					changed = 1;
				} else if (n->end - n->start == 1 && k >= 0 &&
				    tok(c, (size_t)k)->shape == SCRUB_SHAPE_LOWER &&
				    (clear_name(c, tok(c, (size_t)k)) ||
				    unknown_word(c, tok(c, (size_t)k)))) {
					c->mark[j] = c->mark[k] = M_NAME;
					changed = 1;
				}
			}
			/* Generational suffixes: Kevin Veitonen II, John Smith Jr. */
			j = next_word(c, i);
			if (j >= 0 && c->mark[j] == M_NONE && (fold_is(c, (size_t)j, "ii") ||
			    fold_is(c, (size_t)j, "iii") || fold_is(c, (size_t)j, "iv") ||
			    fold_is(c, (size_t)j, "jr") || fold_is(c, (size_t)j, "sr")) &&
			    tok(c, (size_t)j)->shape != SCRUB_SHAPE_LOWER) {
				c->mark[j] = M_NAME;
				changed = 1;
			}
			/* Left: "Jesus Hernandez", "Georgia Lee": a given name that is
			 * also a word of the allow list or a place. */
			j = (long)i - 1;
			if (j >= 0 && (c->mark[j] == M_KEEP || (c->mark[j] == M_NONE &&
			    (tok(c, (size_t)j)->bits & c->allow))) &&
			    tok(c, (size_t)j)->shape == SCRUB_SHAPE_CAP &&
			    (tok(c, (size_t)j)->bits & c->given) &&
			    (tok(c, i)->flags & SCRUB_TOK_SPACE_BEFORE) &&
			    !(tok(c, i)->flags & SCRUB_TOK_LINE_START)) {
				c->mark[j] = M_NAME;
				changed = 1;
			}
			/* Left: a capitalized name word right before. */
			if (j >= 0 && is_word(tok(c, (size_t)j)) &&
			    (tok(c, i)->flags & SCRUB_TOK_SPACE_BEFORE) &&
			    !(tok(c, i)->flags & SCRUB_TOK_LINE_START) &&
			    c->mark[j] == M_NONE && name_part(c, (size_t)j) &&
			    (ambiguous_name(c, tok(c, (size_t)j)) ||
			    !(tok(c, (size_t)j)->flags & SCRUB_TOK_SENT_START))) {
				c->mark[j] = M_NAME;
				changed = 1;
			}
			/* A nickname in quotes: Francis Xavier "Frank" O'Brien. */
			j = (long)i + 1;
			if ((size_t)j + 2 < c->n && (punct_is(c, (size_t)j, '"') ||
			    (unsigned char)c->text[tok(c, (size_t)j)->start] == 0xE2) &&
			    is_alpha(tok(c, (size_t)j + 1)) &&
			    (capitalized(c, tok(c, (size_t)j + 1)) ||
			    tok(c, (size_t)j + 1)->shape == SCRUB_SHAPE_UPPER) &&
			    c->mark[j + 1] == M_NONE &&
			    (punct_is(c, (size_t)j + 2, '"') ||
			    (unsigned char)c->text[tok(c, (size_t)j + 2)->start] == 0xE2)) {
				c->mark[j + 1] = M_NAME;
				if ((size_t)j + 3 < c->n && c->mark[j + 3] == M_NONE &&
				    name_part(c, (size_t)j + 3))
					c->mark[j + 3] = M_NAME;
				changed = 1;
			}
			/* Initials before: "K. Raghunathan", "K. M. Varghese". */
			j = (long)i - 2;
			if (j >= 0 && punct_is(c, (size_t)j + 1, '.') &&
			    tok(c, (size_t)j)->shape == SCRUB_SHAPE_CAP &&
			    tok(c, (size_t)j)->end - tok(c, (size_t)j)->start == 1 &&
			    c->mark[j] == M_NONE) {
				c->mark[j] = M_NAME;
				changed = 1;
			}
			/* Lists, leftwards: "Heather and Sam run the group". */
			j = (long)i - 1;
			if (j >= 1 && (punct_is(c, (size_t)j, ',') || punct_is(c, (size_t)j,
			    '&') || fold_is(c, (size_t)j, "and")) &&
			    c->mark[j - 1] == M_NONE &&
			    tok(c, (size_t)j - 1)->shape == SCRUB_SHAPE_CAP &&
			    (tok(c, (size_t)j - 1)->bits & (c->given | c->nameword)) &&
			    !(tok(c, (size_t)j - 1)->bits & (c->stop | c->allow |
			    c->month | c->title | c->relation | c->signoff |
			    c->naming | c->namecue))) {
				c->mark[j - 1] = M_NAME;
				changed = 1;
			}
			/* Lists: "Sarah, Mike and Jen". */
			j = (long)i + 1;
			if ((size_t)j < c->n && (punct_is(c, (size_t)j, ',') ||
			    punct_is(c, (size_t)j, '&') || punct_is(c, (size_t)j, '+') ||
			    (is_word(tok(c, (size_t)j)) &&
			    (!strcmp(scrub_token_fold(c->toks, tok(c, (size_t)j)), "and") ||
			    !strcmp(scrub_token_fold(c->toks, tok(c, (size_t)j)), "or"))))) {
				size_t k = (size_t)j + 1;

				if (k < c->n && is_word(tok(c, k)) &&
				    !strcmp(scrub_token_fold(c->toks, tok(c, k)), "and"))
					k++;
				if (k < c->n && c->mark[k] == M_NONE &&
				    capitalized(c, tok(c, k)) &&
				    (ambiguous_name(c, tok(c, k)) ||
				    unknown_word(c, tok(c, k))) &&
				    !(tok(c, k)->bits & (c->common | c->allow))) {
					c->mark[k] = M_NAME;
					changed = 1;
				}
			}
		}
	}
}

static void
remember_names(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct scrub_token *t = tok(c, i);

		if (c->mark[i] != M_NAME || !t->fold_len || t->end - t->start < 2 ||
		    (t->bits & (c->stop | c->allow)))
			continue;
		/* bit 0: the name may recur in lowercase; bit 1: capitalized only */
		scrub_lexicon_add(&c->mem->names, scrub_token_fold(c->toks, t),
		    t->fold_len, (t->bits & (c->common | c->nameword)) ? 2 : 1);
	}
}

static void
recall_names(struct ctx *c)
{
	size_t i;

	if (!c->mem->names.count)
		return;
	for (i = 0; i < c->n; i++) {
		const struct scrub_token *t = tok(c, i);
		uint64_t m;

		if (c->mark[i] != M_NONE || !is_alpha(t) || !t->fold_len ||
		    (t->bits & c->allow) || before_eponym_head(c, i))
			continue;
		m = scrub_lexicon_get(&c->mem->names, scrub_token_fold(c->toks, t),
		    t->fold_len);
		if ((m & 1) || ((m & 2) && (capitalized(c, t) ||
		    t->shape == SCRUB_SHAPE_UPPER || (i > 0 &&
		    c->mark[i - 1] == M_NAME &&
		    (t->flags & SCRUB_TOK_SPACE_BEFORE)))))
			c->mark[i] = M_NAME; /* "Mary Smith ... mary smith" */
	}
}

/* ---- Places ----------------------------------------------------------- */

/* Looks up the phrase of up to N words starting at token I; returns the
 * bits and sets *LAST to its last token. */
static uint64_t
phrase_at(const struct ctx *c, size_t i, size_t nwords, size_t *last)
{
	char buf[SCRUB_FOLD_MAX];
	size_t len = 0, j = i, w = 0;
	uint64_t bits = 0, best = 0;

	while (j < c->n && w < nwords) {
		const struct scrub_token *t = tok(c, j);
		const char *f = scrub_token_fold(c->toks, t);
		size_t fl = t->fold_len;
		char tmp[SCRUB_FOLD_MAX];

		if (!is_word(t) || !fl)
			break;
		/* Lookups that cannot succeed are skipped (issue #7): a phrase
		 * of the lexicons begins with its first word, and ends with or
		 * goes on after each next one. */
		if (!(t->flags & (w == 0 ? SCRUB_TOK_PHRASE_HEAD :
		    SCRUB_TOK_PHRASE_TAIL | SCRUB_TOK_PHRASE_MID)))
			break;
		if (t->flags & SCRUB_TOK_POSSESSIVE) {
			int n = scrub_fold(c->text + t->start, t->end - t->start, tmp,
			    sizeof(tmp));

			if (n > 0) {
				f = tmp;
				fl = (size_t)n;
			}
		}
		if (len + fl + 2 > sizeof(buf))
			break;
		if (len)
			buf[len++] = ' ';
		memcpy(buf + len, f, fl);
		len += fl;
		w++;
		if (w > 1 || nwords == 1) {
			unsigned lf = 0;

			bits = scrub_ruleset_lookup_flags(c->rs, buf, len, &lf);
			if (bits && w > 1) {
				best = bits;
				*last = j;
			}
			/* no phrase of the lexicons goes on from here */
			if (!(lf & SCRUB_LEX_HEAD))
				break;
		}
		/* the next word: after a space, or after "St." */
		j++;
		if (j < c->n && punct_is(c, j, '.') && j + 1 < c->n)
			j++;
		if (j >= c->n || !(tok(c, j)->flags & SCRUB_TOK_SPACE_BEFORE) ||
		    (tok(c, j)->flags & SCRUB_TOK_LINE_START))
			break;
	}
	return best;
}

static int
place_cue_before(const struct ctx *c, size_t i)
{
	return phrase_before(c, i, c->placecue, 0);
}

/* ", TX" / ", Ohio" / " area" after token J. */
static int
place_cue_after(const struct ctx *c, size_t j)
{
	size_t k = j + 1;

	if (k + 1 < c->n && punct_is(c, k, ',') && is_word(tok(c, k + 1)) &&
	    ((tok(c, k + 1)->bits & c->region) ||
	    (tok(c, k + 1)->shape == SCRUB_SHAPE_UPPER &&
	    tok(c, k + 1)->end - tok(c, k + 1)->start == 2)))
		return 1; /* "Boston, MA", "Tulsa, Oklahoma" */
	if (k < c->n && is_word(tok(c, k))) {
		const char *f = scrub_token_fold(c->toks, tok(c, k));

		return !strcmp(f, "area") || !strcmp(f, "county");
	}
	return 0;
}

static void
find_places(struct ctx *c)
{
	size_t i, last;

	for (i = 0; i < c->n; i++) {
		const struct scrub_token *t = tok(c, i);
		uint64_t bits;
		int cap;

		if (!is_alpha(t) || c->mark[i] != M_NONE ||
		    (t->bits & (c->title | c->naming | c->relation)))
			continue;
		cap = capitalized(c, t) || (t->shape == SCRUB_SHAPE_UPPER &&
		    t->end - t->start >= 4);
		/* Multi-word places and institutions first: "Mass General". */
		last = i;
		bits = c->rs->max_phrase_words > 1 ?
		    phrase_at(c, i, c->rs->max_phrase_words, &last) : 0;
		if (last == i)
			bits = t->bits;
		if ((bits & c->allow) && last == i && !((bits & c->institution) &&
		    t->shape == SCRUB_SHAPE_UPPER))
			continue;
		if ((bits & c->institution) && (last > i ||
		    t->shape == SCRUB_SHAPE_UPPER || (cap && !(bits & (c->common |
		    c->stop))))) {
			add(c, i, last, SCRUB_CAT_LOCATION, 5, "place.institution");
		} else if ((bits & c->region) && last == i &&
		    (t->bits & (c->given | c->surname)) &&
		    name_evidence(c, i) >= 2) {
			continue; /* "my daughter Israel", "Dr. Georgia Lee" */
		} else if ((bits & c->region) && !((bits & c->place) &&
		    place_cue_after(c, last))) {
			/* States and countries stay, but "Lebanon, NH" is a town. */
			if (c->rs->redact_states && (cap || last > i)) {
				add(c, i, last, SCRUB_CAT_LOCATION, 1, "place.region");
			} else {
				size_t k = last + 1;

				if (cap || last > i)
					for (; i <= last; i++)
						c->mark[i] = M_KEEP;
				i = last;
				/* "Estonia 62488", "Ohio 43210": the postal code goes. */
				if (k < c->n && tok(c, k)->shape == SCRUB_SHAPE_DIGITS &&
				    tok(c, k)->end - tok(c, k)->start >= 4 &&
				    tok(c, k)->end - tok(c, k)->start <= 6 &&
				    (tok(c, k)->flags & SCRUB_TOK_SPACE_BEFORE) &&
				    !(tok(c, k)->flags & SCRUB_TOK_LINE_START)) {
					add(c, k, k, SCRUB_CAT_LOCATION, 6, "place.postal-code");
					c->mark[k] = M_PLACE;
					i = k;
				}
				continue;
			}
		} else if (bits & c->placeword) {
			if (cap && (place_cue_before(c, i) || place_cue_after(c, last)))
				add(c, i, last, SCRUB_CAT_LOCATION, 2, "place.city");
			else
				continue;
		} else if ((bits & c->place) && last == i &&
		    (bits & (c->given | c->surname)) &&
		    !place_cue_before(c, i) && !place_cue_after(c, last)) {
			/* Carmen, Cruz, Rieder: a name as much as a place; without a
			 * place cue the name rules decide. */
			continue;
		} else if (bits & c->place) {
			if ((cap && (!(bits & c->common) || last > i ||
			    place_cue_before(c, i) || place_cue_after(c, last))) ||
			    (!cap && place_cue_before(c, i) && !(bits & (c->common |
			    c->stop))))
				add(c, i, last, SCRUB_CAT_LOCATION, 2, "place.city");
			else
				continue;
		} else {
			continue;
		}
		for (; i <= last; i++)
			c->mark[i] = M_PLACE;
		i = last;
	}
}

/* A word that may stand inside an institution's name before its
 * institution word: capitalized or in capitals (medical words too: "Shock
 * Trauma Center"), not a title, relation or month. */
static int
inst_word(const struct ctx *c, size_t i, int lower_ok)
{
	const struct scrub_token *t = tok(c, i);

	if (!is_alpha(t) && t->shape != SCRUB_SHAPE_ALNUM &&
	    t->shape != SCRUB_SHAPE_DIGITS)
		return 0;
	if (t->bits & (c->relation | c->month))
		return 0;
	/* Titles stop a name, but for those that name institutions: "Our
	 * Lady of Mercy", "Saint Mary's", "San Fernando". */
	if ((t->bits & c->title) && !fold_is(c, i, "lady") &&
	    !fold_is(c, i, "saint") && !fold_is(c, i, "st") &&
	    !fold_is(c, i, "ste") && !fold_is(c, i, "san") &&
	    !fold_is(c, i, "santa"))
		return 0;
	if (t->shape == SCRUB_SHAPE_CAP || t->shape == SCRUB_SHAPE_UPPER)
		return 1;
	if (t->shape == SCRUB_SHAPE_DIGITS)
		return 0;
	/* lowercase writing: "sunnybank care home", "henry ford" */
	return lower_ok && t->shape == SCRUB_SHAPE_LOWER &&
	    !(t->bits & (c->common | c->stop | c->allow));
}

static int
is_connector(const struct ctx *c, size_t i)
{
	return fold_is(c, i, "of") || fold_is(c, i, "the") ||
	    fold_is(c, i, "and") || punct_is(c, i, '&') || fold_is(c, i, "for") ||
	    fold_is(c, i, "de") || fold_is(c, i, "la");
}

/* "Mercy Hospital", "St. Luke's Medical Center", "Lincoln High", "Our Lady
 * of Mercy School", "Temple Beth Shalom", "University of Michigan":
 * capitalized words before an institution word, and "of X" or a name
 * after it. */
static void
find_institutions(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		const struct scrub_token *t = tok(c, i);
		size_t first = i, last = i, k;
		long j;
		int words = 0, lower = t->shape == SCRUB_SHAPE_LOWER;

		if (!(t->bits & c->instsuffix) || c->mark[i] != M_NONE ||
		    !(t->shape == SCRUB_SHAPE_CAP || t->shape == SCRUB_SHAPE_UPPER ||
		    lower))
			continue;
		if (c->title_line[i] && t->shape == SCRUB_SHAPE_CAP &&
		    !(t->bits & c->instsuffix))
			continue;
		j = (long)i - 1;
		while (j >= 0 && words < MAX_INST_WORDS) {
			const struct scrub_token *p = tok(c, (size_t)j);
			const struct scrub_token *after = tok(c, (size_t)j + 1);

			if (!(after->flags & SCRUB_TOK_SPACE_BEFORE) &&
			    !punct_is(c, (size_t)j, '.') && !punct_is(c, (size_t)j, '-') &&
			    !punct_is(c, (size_t)j + 1, '.') && !punct_is(c, (size_t)j + 1, '-'))
				break;
			if (after->flags & SCRUB_TOK_LINE_START)
				break;
			if (punct_is(c, (size_t)j, '.') || punct_is(c, (size_t)j, '-')) {
				j--;
				continue;
			}
			if (j > 0 && is_connector(c, (size_t)j) && !lower &&
			    inst_word(c, (size_t)j - 1, 0) &&
			    !(tok(c, (size_t)j - 1)->bits & c->stop)) {
				j--;
				continue;
			}
			if (!is_word(p) || !inst_word(c, (size_t)j, lower) ||
			    (lower && p->shape != SCRUB_SHAPE_LOWER) ||
			    memchr(scrub_token_fold(c->toks, p), '-', p->fold_len) ||
			    is_contraction(c, p))
				break;
			/* A function word belongs to a name only when capitalized
			 * inside a sentence ("at Our Lady of Mercy", "Kids First"). */
			if ((p->bits & c->stop) && (p->shape != SCRUB_SHAPE_CAP ||
			    (p->flags & SCRUB_TOK_SENT_START)))
				break;
			first = (size_t)j;
			words++;
			/* "Our Lady", "The Ottawa Hospital": an article opens the
			 * name; nothing before it belongs. */
			if (fold_is(c, (size_t)j, "the") || fold_is(c, (size_t)j, "our") ||
			    fold_is(c, (size_t)j, "a") || (p->flags & SCRUB_TOK_SENT_START))
				break;
			j--;
		}
		while (first < i && !is_word(tok(c, first)))
			first++;
		while (first < i && is_connector(c, first) &&
		    tok(c, first)->shape != SCRUB_SHAPE_CAP)
			first++;
		/* "Rev. Obi Nwachukwu of Grace Fellowship": a person before
		 * "of" (after a title) is not part of the institution. */
		{
			long p = prev_word(c, first, 0);

			if (p >= 0 && (tok(c, (size_t)p)->bits & c->title) &&
			    !fold_is(c, (size_t)p, "saint") && !fold_is(c, (size_t)p, "st"))
				for (k = i; k > first; k--)
					if (fold_is(c, k, "of") || fold_is(c, k, "at")) {
						first = k + 1;
						break;
					}
		}
		/* "of X": University of Michigan, Hospital for Special Surgery */
		k = i + 1;
		if (!lower && k + 1 < c->n && (fold_is(c, k, "of") ||
		    fold_is(c, k, "for") || fold_is(c, k, "at"))) {
			size_t m = k + 1;

			if (m < c->n && fold_is(c, m, "the"))
				m++;
			while (m < c->n && inst_word(c, m, 0) &&
			    !(tok(c, m)->bits & c->stop) &&
			    (tok(c, m)->flags & SCRUB_TOK_SPACE_BEFORE) &&
			    !(tok(c, m)->flags & SCRUB_TOK_LINE_START)) {
				last = m++;
				if (m + 1 < c->n && is_connector(c, m) &&
				    inst_word(c, m + 1, 0) && !(tok(c, m + 1)->bits & c->stop))
					m++;
			}
		} else if (!lower && first == i) {
			/* "Temple Beth Shalom", "Memorial Hermann": a name after. */
			size_t m = i + 1;

			while (m < c->n && is_alpha(tok(c, m)) &&
			    tok(c, m)->shape == SCRUB_SHAPE_CAP &&
			    (tok(c, m)->flags & SCRUB_TOK_SPACE_BEFORE) &&
			    !(tok(c, m)->flags & SCRUB_TOK_LINE_START) &&
			    !(tok(c, m)->bits & (c->common | c->stop | c->allow |
			    c->month | c->title | c->relation)))
				last = m++;
		}
		/* "VFW Post 1876", "Cemetery #2", "Ward 3" */
		k = last + 1;
		if (k < c->n && punct_is(c, k, '#') && k + 1 < c->n)
			k++;
		if (k < c->n && tok(c, k)->shape == SCRUB_SHAPE_DIGITS &&
		    tok(c, k)->end - tok(c, k)->start <= 5 &&
		    (first < i || last > i))
			last = k;
		if (first == i && last == i)
			continue;
		if (c->title_line[i] && first < i && last == i && words == 1 &&
		    (tok(c, first)->bits & c->common))
			continue;
		add(c, first, last, SCRUB_CAT_LOCATION, 4, "place.institution");
		for (k = first; k <= last; k++)
			if (c->mark[k] == M_NONE || c->mark[k] == M_KEEP)
				c->mark[k] = M_PLACE;
		i = last;
	}
}

static int
fold_is(const struct ctx *c, size_t i, const char *word)
{
	const struct scrub_token *t = tok(c, i);

	const char *f = scrub_token_fold(c->toks, t);
	size_t k;

	if (!is_word(t))
		return 0;
	/* strcmp() without a call: most words differ at once (issue #7) */
	for (k = 0; k < t->fold_len && f[k] == word[k]; k++)
		;
	return k == t->fold_len && word[k] == '\0';
}

/* A word that may stand inside the name of a place after "at", "to",
 * "from": capitalized, or an acronym (UAB, CHOP), not a medical word, a
 * month, a title or a relation. */
static int
place_name_word(const struct ctx *c, size_t i)
{
	const struct scrub_token *t = tok(c, i);

	if (!is_alpha(t) && t->shape != SCRUB_SHAPE_ALNUM)
		return 0;
	if (t->bits & (c->month | c->title | c->relation | c->stop))
		return 0;
	if ((t->bits & c->allow) && t->shape != SCRUB_SHAPE_CAP)
		return 0;
	return t->shape == SCRUB_SHAPE_CAP || (t->shape == SCRUB_SHAPE_UPPER &&
	    t->end - t->start <= 6 && !c->caps_text);
}

/* "at Shock Trauma", "to Memorial Hermann", "at Brigham and Women's",
 * "to UAB": after a place cue, a run of capitalized words is a place or an
 * institution, unless it is a person's name. */
static void
find_cued_places(struct ctx *c)
{
	size_t i;

	for (i = 0; i + 1 < c->n; i++) {
		size_t first, last, k, words = 0, names = 0, unknown = 0, allowed = 0;

		if (!fold_is(c, i, "at") && !fold_is(c, i, "to") &&
		    !fold_is(c, i, "from") && !fold_is(c, i, "in") &&
		    !fold_is(c, i, "into") && !fold_is(c, i, "near"))
			continue;
		first = i + 1;
		if (fold_is(c, first, "the") && first + 1 < c->n)
			first++;
		if (c->mark[first] == M_NONE && first == i + 1 &&
		    tok(c, first)->shape == SCRUB_SHAPE_LOWER &&
		    tok(c, first)->end - tok(c, first)->start >= 5 &&
		    unknown_word(c, tok(c, first)) && !fold_is(c, i, "to") &&
		    !memchr(scrub_token_fold(c->toks, tok(c, first)), '-',
		    tok(c, first)->fold_len)) {
			/* lowercase writing: "at harborview", "in santurce" */
			add(c, first, first, SCRUB_CAT_LOCATION, 2, "place.cued");
			c->mark[first] = M_PLACE;
			i = first;
			continue;
		}
		if ((c->mark[first] != M_NONE && c->mark[first] != M_PLACE) ||
		    !place_name_word(c, first) || c->title_line[first])
			continue;
		last = first;
		for (k = first; k < c->n && k < first + 8; k++) {
			const struct scrub_token *t = tok(c, k);

			if (c->mark[k] == M_NAME)
				break;
			if (k > first && (!(t->flags & SCRUB_TOK_SPACE_BEFORE) ||
			    (t->flags & SCRUB_TOK_LINE_START)) && !punct_is(c, k, '.'))
				break;
			if (place_name_word(c, k)) {
				words++;
				names += (t->bits & (c->given | c->surname)) &&
				    !(t->bits & (c->place | c->institution));
				allowed += (t->bits & c->allow) != 0;
				unknown += unknown_word(c, t);
				last = k;
				continue;
			}
			/* Connectors inside a name: of, the, and, &, for, de. */
			if (k + 1 < c->n && place_name_word(c, k + 1) &&
			    (fold_is(c, k, "of") || fold_is(c, k, "the") ||
			    fold_is(c, k, "and") || punct_is(c, k, '&') ||
			    fold_is(c, k, "for") || fold_is(c, k, "de")))
				continue;
			if (punct_is(c, k, '.') && k > first &&
			    tok(c, k - 1)->end - tok(c, k - 1)->start <= 3)
				continue; /* St. */
			break;
		}
		/* "Dublin 4", "Post 1876": a number right after belongs to it. */
		if (last + 1 < c->n && tok(c, last + 1)->shape == SCRUB_SHAPE_DIGITS &&
		    tok(c, last + 1)->end - tok(c, last + 1)->start <= 4 &&
		    words >= 1 && c->mark[last + 1] == M_NONE &&
		    (last + 2 >= c->n || !is_word(tok(c, last + 2))))
			last++;
		if (words == 0)
			continue;
		if (names == words)
			continue; /* "talked to Derek Smith": a person */
		if (allowed == words)
			continue; /* "in Acute Myeloid Leukemia" */
		/* One capitalized word: an acronym (UAB), a word in no list, or
		 * after "at" a word that is not a name ("my GI at Cedars", "Dr.
		 * Vanderveen at Spectrum"); "at Mass", "to Grace" are not. */
		if (words == 1 && !(tok(c, first)->shape == SCRUB_SHAPE_UPPER ||
		    unknown || (fold_is(c, i, "at") && first == i + 1 &&
		    tok(c, first)->shape == SCRUB_SHAPE_CAP &&
		    !(tok(c, first)->bits & (c->given | c->surname | c->nameword |
		    c->allow | c->region)) && !fold_is(c, first, "mass") &&
		    !fold_is(c, first, "church") && !fold_is(c, first, "home") &&
		    !fold_is(c, first, "work") && !fold_is(c, first, "school"))))
			continue; /* "at Regions", "at Mass": too thin */
		if (words == 1 && (tok(c, first)->flags & SCRUB_TOK_POSSESSIVE) &&
		    last + 1 < c->n && tok(c, last + 1)->shape == SCRUB_SHAPE_LOWER)
			continue; /* "at Sarah's house" */
		add(c, first, last, SCRUB_CAT_LOCATION, 2, "place.cued");
		for (k = first; k <= last; k++)
			c->mark[k] = M_PLACE;
		i = last;
	}
}

/* "Achilles tendon", "Bell's palsy", "Lou Gehrig's": phrases of the allow
 * list are settled before any word in them can become a name. */
static void
keep_allowed_phrases(struct ctx *c)
{
	size_t i, k, last;

	if (c->rs->max_phrase_words < 2)
		return;
	for (i = 0; i < c->n; i++) {
		if (!is_alpha(tok(c, i)) || c->mark[i] != M_NONE)
			continue;
		last = i;
		if ((phrase_at(c, i, c->rs->max_phrase_words, &last) & c->allow) &&
		    last > i) {
			for (k = i; k <= last; k++)
				if (c->mark[k] == M_NONE)
					c->mark[k] = M_KEEP;
			i = last;
		}
	}
}

/* Marks the tokens of lines Written Like Headings ("Help Derek Beat
 * Leukemia"), where a capital is no evidence of a name. */
static void
mark_title_lines(struct ctx *c)
{
	size_t i = 0;

	while (i < c->n) {
		size_t j = i, caps = 0, lower = 0;

		/* Headings capitalize their ordinary words and leave none in
		 * lowercase but function words. */
		do {
			const struct scrub_token *t = tok(c, j);

			if (is_alpha(t) && t->end - t->start >= 3 &&
			    !(t->bits & c->stop) && (t->bits & c->common)) {
				caps += t->shape == SCRUB_SHAPE_CAP;
				lower += t->shape == SCRUB_SHAPE_LOWER;
			}
			j++;
		} while (j < c->n && !(tok(c, j)->flags & SCRUB_TOK_LINE_START));
		if (caps >= 3 && lower == 0)
			memset(c->title_line + i, 1, j - i);
		i = j;
	}
}

/* ---- Entry ------------------------------------------------------------ */

void
scrub_detect_words(const struct scrub_ruleset *rs, const char *text,
    const struct scrub_tokens *toks, struct scrub_names_memory *mem,
    struct scrub_spans *out)
{
	unsigned char stack_marks[4096];
	unsigned char *marks = stack_marks;
	struct ctx c;
	size_t i, upper = 0, alpha = 0;

	if (!toks->n)
		return;
	if (toks->n * 2 > sizeof(stack_marks)) {
		marks = scrub_xmalloc(toks->n * 2);
	}
	memset(marks, 0, toks->n * 2);
	memset(&c, 0, sizeof(c));
	c.rs = rs;
	c.text = text;
	c.toks = toks;
	c.mem = mem;
	c.out = out;
	c.mark = marks;
	c.n = toks->n;
	c.given = rs->kind_mask[SCRUB_LK_GIVEN];
	c.surname = rs->kind_mask[SCRUB_LK_SURNAME];
	c.nameword = rs->kind_mask[SCRUB_LK_NAME_WORD];
	c.place = rs->kind_mask[SCRUB_LK_PLACE];
	c.placeword = rs->kind_mask[SCRUB_LK_PLACE_WORD];
	c.institution = rs->kind_mask[SCRUB_LK_INSTITUTION];
	c.region = rs->kind_mask[SCRUB_LK_REGION];
	c.common = rs->kind_mask[SCRUB_LK_COMMON];
	c.allow = rs->kind_mask[SCRUB_LK_ALLOW];
	c.deny = rs->kind_mask[SCRUB_LK_DENY];
	c.title = rs->kind_mask[SCRUB_LK_TITLE];
	c.relation = rs->kind_mask[SCRUB_LK_RELATION];
	c.naming = rs->kind_mask[SCRUB_LK_NAMING];
	c.signoff = rs->kind_mask[SCRUB_LK_SIGNOFF];
	c.placecue = rs->kind_mask[SCRUB_LK_PLACE_CUE];
	c.instsuffix = rs->kind_mask[SCRUB_LK_INST_SUFFIX];
	c.month = rs->kind_mask[SCRUB_LK_MONTH];
	c.stop = rs->kind_mask[SCRUB_LK_STOP];
	c.namecue = rs->kind_mask[SCRUB_LK_NAME_CUE];
	c.eponymhead = rs->kind_mask[SCRUB_LK_EPONYM_HEAD];
	c.title_line = marks + toks->n;
	mark_title_lines(&c);
	for (i = 0; i < c.n; i++) {
		const struct scrub_token *t = tok(&c, i);

		if (is_alpha(t) && t->end - t->start > 1) {
			alpha++;
			upper += t->shape == SCRUB_SHAPE_UPPER;
		}
	}
	c.caps_text = alpha >= 4 && upper * 10 >= alpha * 7;

	/* Words inside what a pattern rule already took (an e-mail address,
	 * a URL, a handle, a number) are not names of their own, and no name
	 * may grow into them. */
	{
		size_t k = 0;

		for (i = 0; i < c.n; i++) {
			const struct scrub_token *t = tok(&c, i);

			while (k < out->n && out->v[k].end <= t->start)
				k++;
			if (k < out->n && out->v[k].start < t->end &&
			    out->v[k].category != SCRUB_CAT_NAME &&
			    out->v[k].category != SCRUB_CAT_LOCATION &&
			    out->v[k].category != SCRUB_CAT_DATE &&
			    out->v[k].category != SCRUB_CAT_AGE)
				marks[i] = M_KEEP;
		}
	}
	/* Deny lists first: always redacted. */
	for (i = 0; i < c.n; i++) {
		const struct scrub_token *t = tok(&c, i);
		size_t last = i, k;
		uint64_t d = 0;

		if (!is_word(t))
			continue;
		if (c.deny && rs->max_phrase_words > 1)
			d = phrase_at(&c, i, rs->max_phrase_words, &last) & c.deny;
		if (!d) {
			last = i;
			d = (t->bits & c.allow) ? 0 : t->bits & c.deny;
		}
		if (d) {
			int bit = __builtin_ctzll(d);

			add(&c, i, last, rs->lex_category[bit] >= 0 ?
			    rs->lex_category[bit] : SCRUB_CAT_NAME, 10, "deny");
			for (k = i; k <= last; k++)
				marks[k] = M_PLACE;
			i = last;
		}
	}
	keep_allowed_phrases(&c);
	find_institutions(&c);
	find_places(&c);
	find_cued_places(&c);
	for (i = 0; i < c.n; i++)
		if (marks[i] == M_NONE && decide_name(&c, i))
			marks[i] = M_NAME;
	grow_names(&c);
	remember_names(&c);
	recall_names(&c);
	for (i = 0; i < c.n; i++) {
		size_t j = i;

		if (marks[i] != M_NAME)
			continue;
		/* One span over "Mary J. O'Brien": join name tokens separated by
		 * spaces, initials' dots, hyphens or apostrophes. */
		while (j + 1 < c.n && ((marks[j + 1] == M_NAME &&
		    (tok(&c, j + 1)->flags & SCRUB_TOK_SPACE_BEFORE) &&
		    !(tok(&c, j + 1)->flags & SCRUB_TOK_LINE_START)) ||
		    (j + 2 < c.n && marks[j + 2] == M_NAME &&
		    punct_is(&c, j + 1, '.') &&
		    tok(&c, j)->end - tok(&c, j)->start == 1)))
			j += marks[j + 1] == M_NAME ? 1 : 2;
		if (tok(&c, j)->flags & SCRUB_TOK_POSSESSIVE) {
			/* "Vikram's": the name goes, the 's stays. */
			const struct scrub_token *last = tok(&c, j);
			size_t end = last->end - (text[last->end - 2] == '\'' ? 2 : 4);

			scrub_spans_add(out, tok(&c, i)->start, end, SCRUB_CAT_NAME, 3,
			    0.8, "name");
		} else {
			add(&c, i, j, SCRUB_CAT_NAME, 3, "name");
		}
		i = j;
	}
	if (marks != stack_marks)
		free(marks);
}
