/*
 * tokens.c: one pass that splits a unit into words and punctuation, folds
 * every word once and looks it up once in all the word lists.  Apostrophes
 * and hyphens inside names (O'Brien, Feldman-Ruiz) and possessives
 * (Sarah's) are settled here, not in every detector.
 */
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "scan_int.h"

static int
is_apostrophe(int32_t cp)
{
	return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static int
is_hyphen(int32_t cp)
{
	return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static struct scrub_token *
push(struct scrub_tokens *t)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = scrub_xreallocarray(t->v, t->cap, sizeof(*t->v));
	}
	memset(&t->v[t->n], 0, sizeof(t->v[0]));
	return &t->v[t->n++];
}

/* The shape of a word from the counts of its characters; FIRST_UPPER: 1
 * when its first letter is a capital, 0 when not, -1 without letters. */
static int
shape_of(int upper, int lower, int digit, int letters, int first_upper)
{
	if (!letters)
		return digit ? SCRUB_SHAPE_DIGITS : SCRUB_SHAPE_PUNCT;
	if (digit)
		return SCRUB_SHAPE_ALNUM;
	if (upper && !lower)
		return upper >= 2 ? SCRUB_SHAPE_UPPER : SCRUB_SHAPE_CAP;
	if (!upper)
		return SCRUB_SHAPE_LOWER;
	if (first_upper == 1)
		return SCRUB_SHAPE_CAP; /* Derek, McDonald, O'Brien */
	return SCRUB_SHAPE_MIXED;
}

static int
classify(const char *s, size_t len)
{
	size_t i = 0;
	int upper = 0, lower = 0, digit = 0, first_upper = -1, letters = 0;

	while (i < len) {
		int32_t cp;
		int k = scrub_utf8_decode((const unsigned char *)s + i, len - i, &cp);

		if (k < 0)
			break;
		if (cp >= '0' && cp <= '9') {
			digit++;
		} else if (scrub_is_upper_cp(cp)) {
			if (first_upper < 0)
				first_upper = letters == 0;
			upper++;
			letters++;
		} else if (scrub_is_lower_cp(cp)) {
			if (first_upper < 0)
				first_upper = 0;
			lower++;
			letters++;
		} else if (scrub_is_letter_cp(cp)) {
			letters++;
		}
		i += (size_t)k;
	}
	return shape_of(upper, lower, digit, letters, first_upper);
}

/* ASCII letters and digits: 1 lower, 2 upper, 3 digit, 0 anything else. */
static const unsigned char ascii_kind[256] = {
	['0'] = 3, ['1'] = 3, ['2'] = 3, ['3'] = 3, ['4'] = 3, ['5'] = 3,
	['6'] = 3, ['7'] = 3, ['8'] = 3, ['9'] = 3,
	['A'] = 2, ['B'] = 2, ['C'] = 2, ['D'] = 2, ['E'] = 2, ['F'] = 2,
	['G'] = 2, ['H'] = 2, ['I'] = 2, ['J'] = 2, ['K'] = 2, ['L'] = 2,
	['M'] = 2, ['N'] = 2, ['O'] = 2, ['P'] = 2, ['Q'] = 2, ['R'] = 2,
	['S'] = 2, ['T'] = 2, ['U'] = 2, ['V'] = 2, ['W'] = 2, ['X'] = 2,
	['Y'] = 2, ['Z'] = 2,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* The common case of a word, without utf8proc: the word that starts with
 * the ASCII letter or digit at TEXT[S] is ASCII to its end.  Returns its
 * end, with its fold (lower case; fold.h) in FOLDED (SCRUB_FOLD_MAX bytes,
 * *N = -1 when too long) and its shape in *SHAPE; or 0 when a non-ASCII
 * character is in it or next to it, for the general path to decide. */
static size_t
ascii_word(const char *text, size_t s, size_t len, char *folded, int *n,
    int *shape)
{
	size_t i = s;
	int upper = 0, lower = 0, digit = 0, first_upper = -1;

	for (;;) {
		unsigned char c = (unsigned char)text[i];
		int k = ascii_kind[c];

		if (k) {
			if (k == 3) {
				digit++;
			} else if (k == 2) {
				if (first_upper < 0)
					first_upper = 1;
				upper++;
			} else {
				if (first_upper < 0)
					first_upper = 0;
				lower++;
			}
			if (i - s < SCRUB_FOLD_MAX)
				folded[i - s] = (char)(k == 2 ? c | 0x20 : c);
			if (++i == len)
				break;
			continue;
		}
		if (c >= 0x80)
			return 0;
		if ((c == '\'' || c == '-') && i + 1 < len) {
			unsigned char d = (unsigned char)text[i + 1];

			if (ascii_kind[d]) {
				if (i - s < SCRUB_FOLD_MAX)
					folded[i - s] = (char)c;
				i++;
				continue;
			}
			if (d >= 0x80)
				return 0;
		}
		break;
	}
	/* scrub_fold() needs room for the NUL: 255 bytes at most. */
	if (i - s < SCRUB_FOLD_MAX) {
		*n = (int)(i - s);
		folded[i - s] = '\0';
	} else {
		*n = -1;
	}
	*shape = shape_of(upper, lower, digit, upper + lower, first_upper);
	return i;
}

/* One code point at TEXT[I] (ASCII without a call). */
static inline int
decode_at(const char *text, size_t i, size_t len, int32_t *cp)
{
	unsigned char c = (unsigned char)text[i];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	return scrub_utf8_decode((const unsigned char *)text + i, len - i, cp);
}

/* A word waiting for its lookups (pass 2 of scrub_tokenize). */
struct scrub_tok_key {
	uint32_t tok;               /* index of the token */
	uint32_t key, body;         /* offsets in folds of the word as written
	                             * and of its body (without 's) */
	uint16_t key_len, body_len; /* 0: none */
	uint32_t key_hash, body_hash;
};

/* Appends S (N bytes) and a NUL to the arena of folds B: scrub_buf_add()
 * and scrub_buf_addch() without a call each (a word makes two or three
 * such writes); the invariant of buf.h (a NUL after the bytes) holds. */
static void
put_fold(struct scrub_buf *b, const char *s, size_t n)
{
	if (b->len + n + 2 > b->cap)
		scrub_buf_grow(b, n + 1);
	memcpy(b->ptr + b->len, s, n);
	b->len += n;
	b->ptr[b->len++] = '\0';
	b->ptr[b->len] = '\0';
}

static struct scrub_tok_key *
push_key(struct scrub_tokens *t)
{
	if (t->nkeys == t->keys_cap) {
		t->keys_cap = t->keys_cap ? t->keys_cap * 2 : 256;
		t->keys = scrub_xreallocarray(t->keys, t->keys_cap, sizeof(*t->keys));
	}
	return &t->keys[t->nkeys++];
}

/* The lists of folded KEY in RS (both tables) with its phrase flags. */
static uint64_t
lookup(const struct scrub_ruleset *rs, const char *key, size_t len,
    uint32_t hash, unsigned *flags)
{
	return scrub_lexicon_get_hashed(&rs->builtin, key, len, hash, flags) |
	    scrub_lexicon_get_hashed(&rs->user, key, len, hash, flags);
}

static void
prefetch(const struct scrub_ruleset *rs, uint32_t hash)
{
	scrub_lexicon_prefetch(&rs->builtin, hash);
	scrub_lexicon_prefetch(&rs->user, hash);
}

static void
prefetch_entry(const struct scrub_ruleset *rs, uint32_t hash)
{
	scrub_lexicon_prefetch_entry(&rs->builtin, hash);
	scrub_lexicon_prefetch_entry(&rs->user, hash);
}

#define AHEAD 16                /* lookups whose slots are being loaded */
#define CACHE_SIZE 4096         /* words remembered (a power of two) */
#define CACHE_KEY 14            /* longest word remembered */

/* The lists of words looked up before, by hash: common words ("the",
 * "my", "was") are most lookups and stay here, near, instead of in the
 * large tables (issue #7).  Per scanner, so no locking. */
struct scrub_tok_cache {
	struct {
		uint32_t hash;          /* 0: empty (no key hashes to 0) */
		uint8_t len, flags;
		uint64_t bits;
		char key[CACHE_KEY];
	} e[CACHE_SIZE];
};

static uint64_t
cached_lookup(const struct scrub_ruleset *rs, struct scrub_tok_cache *c,
    const char *key, size_t len, uint32_t hash, unsigned *flags)
{
	unsigned f = 0;
	uint64_t bits;

	if (len <= CACHE_KEY) {
		size_t i = hash & (CACHE_SIZE - 1);

		if (c->e[i].hash == hash && c->e[i].len == len &&
		    !memcmp(c->e[i].key, key, len)) {
			*flags |= c->e[i].flags;
			return c->e[i].bits;
		}
		bits = lookup(rs, key, len, hash, &f);
		c->e[i].hash = hash;
		c->e[i].len = (uint8_t)len;
		c->e[i].flags = (uint8_t)f;
		c->e[i].bits = bits;
		memcpy(c->e[i].key, key, len);
		*flags |= f;
		return bits;
	}
	return lookup(rs, key, len, hash, flags);
}

/* Pass 2: every word's lists.  The hash-table reads of the words AHEAD
 * (and AHEAD/2) positions further are started first, so that their cache
 * misses overlap instead of following one another (issue #7). */
static void
look_up_words(const struct scrub_ruleset *rs, const char *text, size_t len,
    struct scrub_tokens *toks)
{
	const char *folds = toks->folds.ptr;
	size_t i, n = toks->nkeys;

	if (!toks->cache)
		toks->cache = scrub_xcalloc(1, sizeof(*toks->cache));
	for (i = 0; i < n; i++) {
		const struct scrub_tok_key *k = &toks->keys[i];
		struct scrub_token *t = &toks->v[k->tok];
		size_t s = t->start, e = t->end;
		unsigned lf = 0;

		if (i + AHEAD < n) {
			prefetch(rs, toks->keys[i + AHEAD].key_hash);
			if (toks->keys[i + AHEAD].body_len)
				prefetch(rs, toks->keys[i + AHEAD].body_hash);
		}
		if (i + AHEAD / 2 < n)
			prefetch_entry(rs, toks->keys[i + AHEAD / 2].key_hash);
		if (k->key_len)
			t->wbits = t->bits = cached_lookup(rs, toks->cache, folds + k->key,
			    k->key_len, k->key_hash, &lf);
		/* Not known (no fold), or not one word of a phrase (a fold
		 * with a space in it): any phrase may hold it. */
		if (!k->key_len || memchr(folds + k->key, ' ', k->key_len))
			lf = SCRUB_LEX_HEAD | SCRUB_LEX_TAIL | SCRUB_LEX_MID;
		if (lf & SCRUB_LEX_HEAD)
			t->flags |= SCRUB_TOK_PHRASE_HEAD;
		if (lf & SCRUB_LEX_TAIL)
			t->flags |= SCRUB_TOK_PHRASE_TAIL;
		if (lf & SCRUB_LEX_MID)
			t->flags |= SCRUB_TOK_PHRASE_MID;
		if (k->body_len) {
			unsigned bf = 0;

			t->bits |= cached_lookup(rs, toks->cache, folds + k->body,
			    k->body_len, k->body_hash, &bf);
		}
		/* "Graves'": a plural possessive is looked up with its
		 * apostrophe too (the allow list has "Graves'"). */
		if (e < len && text[e] == '\'' && e - s > 2 &&
		    (text[e - 1] == 's' || text[e - 1] == 'S')) {
			char with[SCRUB_FOLD_MAX];
			int m = scrub_fold(text + s, e + 1 - s, with, sizeof(with));

			if (m > 0)
				t->bits |= scrub_ruleset_lookup(rs, with, (size_t)m) &
				    rs->kind_mask[SCRUB_LK_ALLOW];
		}
		/* Medical acronyms (ANA, ART) are allowed only in capitals:
		 * Ana and Art are names. */
		if ((t->bits & rs->kind_mask[SCRUB_LK_ACRONYM]) &&
		    t->shape == SCRUB_SHAPE_UPPER)
			t->bits |= rs->kind_mask[SCRUB_LK_ALLOW];
	}
}

/* Pass 3: which words start a sentence.  A line starts one; a word ends
 * it; ".", "!" and "?" start one, except "." right after a title or an
 * initial ("Dr.", "J."); an emoji or symbol starts one in chat writing. */
static void
mark_sentences(const struct scrub_ruleset *rs, const char *text, size_t len,
    struct scrub_tokens *toks)
{
	size_t i, w = 0;
	int sentence = 1;

	for (i = 0; i < toks->n; i++) {
		struct scrub_token *t = &toks->v[i];
		const struct scrub_token *prev = i ? t - 1 : NULL;
		int32_t cp;

		if (t->flags & SCRUB_TOK_LINE_START)
			sentence = 1;
		/* the words are the tokens with keys (whatever their shape:
		 * a lone combining mark is a word without letters) */
		if (w < toks->nkeys && toks->keys[w].tok == i) {
			w++;
			if (sentence)
				t->flags |= SCRUB_TOK_SENT_START;
			sentence = 0;
			continue;
		}
		if (decode_at(text, t->start, len, &cp) < 0)
			continue;
		if (cp == '.' || cp == '!' || cp == '?') {
			if (!(cp == '.' && prev && prev->end == t->start &&
			    prev->shape != SCRUB_SHAPE_PUNCT &&
			    ((prev->bits & rs->kind_mask[SCRUB_LK_TITLE]) ||
			    prev->end - prev->start == 1)))
				sentence = 1;
		} else if (cp == '"' || cp == '(' || cp == '*' || cp == '>' ||
		    cp == 0x201C) {
			/* keeps the sentence state */
		} else if (cp > 0x2000 && !scrub_is_word_cp(cp)) {
			sentence = 1;
		}
	}
}

/* Pass 1 splits the unit into tokens and folds the words; pass 2 looks
 * them up; pass 3 finds sentence starts (which need the lookups). */
void
scrub_tokenize(const struct scrub_ruleset *rs, const char *text, size_t len,
    struct scrub_tokens *toks)
{
	size_t i = 0;
	int line_start = 1, space = 1;

	toks->n = 0;
	toks->nkeys = 0;
	scrub_buf_clear(&toks->folds);
	while (i < len) {
		int32_t cp;
		int k = decode_at(text, i, len, &cp);
		struct scrub_token *t;

		if (k < 0) {
			i++;
			space = 1;
			continue;
		}
		if (cp == '\n' || cp == '\r') {
			line_start = space = 1;
			i += (size_t)k;
			continue;
		}
		if (cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000 ||
		    (cp >= 0x2000 && cp <= 0x200A)) {
			space = 1;
			i += (size_t)k;
			continue;
		}
		if (scrub_is_word_cp(cp) && !scrub_is_ignorable_cp(cp)) {
			size_t s = i, e, body_end;
			char folded[SCRUB_FOLD_MAX];
			struct scrub_tok_key *key;
			int n, shape;

			e = cp < 0x80 ? ascii_word(text, s, len, folded, &n, &shape) : 0;
			if (!e) {
				i += (size_t)k;
				for (;;) {
					int32_t c2, c3;
					int k2, k3;

					if (i >= len)
						break;
					k2 = decode_at(text, i, len, &c2);
					if (k2 < 0)
						break;
					if (scrub_is_word_cp(c2)) {
						i += (size_t)k2;
						continue;
					}
					if ((is_apostrophe(c2) || is_hyphen(c2)) && i + k2 < len) {
						k3 = decode_at(text, i + k2, len, &c3);
						if (k3 > 0 && scrub_is_word_cp(c3) &&
						    !scrub_is_ignorable_cp(c3)) {
							i += (size_t)k2;
							continue;
						}
					}
					break;
				}
				e = i;
				shape = classify(text + s, e - s);
				n = scrub_fold(text + s, e - s, folded, sizeof(folded));
			}
			i = e;
			key = push_key(toks);
			key->tok = (uint32_t)toks->n;
			t = push(toks);
			t->start = (uint32_t)s;
			t->end = (uint32_t)e;
			t->shape = (uint8_t)shape;
			body_end = e;
			/* Possessive: look the word up without its 's as well. */
			if (e - s > 3 && (text[e - 1] == 's' || text[e - 1] == 'S')) {
				if (text[e - 2] == '\'')
					body_end = e - 2;
				else if (e - s > 5 && (unsigned char)text[e - 4] == 0xE2 &&
				    (unsigned char)text[e - 3] == 0x80 &&
				    (unsigned char)text[e - 2] == 0x99)
					body_end = e - 4;
			}
			if (line_start)
				t->flags |= SCRUB_TOK_LINE_START;
			if (space)
				t->flags |= SCRUB_TOK_SPACE_BEFORE;
			/* The word as written goes after its body in the arena,
			 * which holds the body (what the detectors read) first. */
			key->key_len = 0;
			key->body_len = 0;
			if (body_end != e) {
				char body[SCRUB_FOLD_MAX];
				int m = scrub_fold(text + s, body_end - s, body, sizeof(body));

				t->flags |= SCRUB_TOK_POSSESSIVE;
				t->fold_off = (uint32_t)toks->folds.len;
				if (m > 0) {
					put_fold(&toks->folds, body, (size_t)m);
					key->body = t->fold_off;
					key->body_len = (uint16_t)m;
					key->body_hash = scrub_lexicon_hash(body, (size_t)m);
				} else if (n > 0) {
					/* a body that folds to nothing (marks): its failed
					 * fold left a NUL on the word's, as it always has */
					char c0 = folded[0];

					folded[0] = '\0';
					put_fold(&toks->folds, folded, (size_t)n);
					folded[0] = c0;
				} else {
					put_fold(&toks->folds, "", 0);
				}
				t->fold_len = m > 0 ? (uint16_t)m : n > 0 ? (uint16_t)n : 0;
				if (n > 0) {
					key->key = (uint32_t)toks->folds.len;
					put_fold(&toks->folds, folded, (size_t)n);
				}
			} else {
				t->fold_off = (uint32_t)toks->folds.len;
				t->fold_len = n > 0 ? (uint16_t)n : 0;
				key->key = t->fold_off;
				put_fold(&toks->folds, folded, n > 0 ? (size_t)n : 0);
			}
			if (n > 0) {
				key->key_len = (uint16_t)n;
				key->key_hash = scrub_lexicon_hash(folded, (size_t)n);
			}
			line_start = space = 0;
			continue;
		}
		/* Punctuation or a symbol: a token of its own. */
		t = push(toks);
		t->start = (uint32_t)i;
		t->end = (uint32_t)(i + (size_t)k);
		t->shape = SCRUB_SHAPE_PUNCT;
		if (line_start)
			t->flags |= SCRUB_TOK_LINE_START;
		if (space)
			t->flags |= SCRUB_TOK_SPACE_BEFORE;
		t->fold_off = (uint32_t)toks->folds.len;
		put_fold(&toks->folds, "", 0);
		line_start = 0;
		space = 0;
		i += (size_t)k;
	}
	look_up_words(rs, text, len, toks);
	mark_sentences(rs, text, len, toks);
}
