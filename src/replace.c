/*
 * replace.c: the replacement operators (see replace.h and
 * phiscrub-patterns(5), "Replacement operators").
 *
 *   tag         [NAME]
 *   numbered    [NAME-1], [NAME-2] ... one number per value and document
 *   mask        (508) 555-0143 -> (XXX) XXX-XXXX
 *   pseudonym   [NAME-7f3a9c]: keyed BLAKE2b of the value, the same in any
 *               run, file or machine with the same key
 *   surrogate   a realistic stand-in (surrogate.c); dates are shifted
 *   shift       dates moved by one offset per document (surrogate_date.c);
 *               other categories get their tag (the YAML loader and the
 *               command line refuse `shift` for them)
 *   generalize  AGE -> 90+, DATE -> March 2021, ZIP -> 021XX
 *   keep        the text as it is
 *
 * Values are compared in a canonical form, so that every spelling of one
 * value gets one stand-in: the folded form for words (Derek, DEREK, derek;
 * Sarah's is Sarah), the digits of a phone number (without the country
 * code 1), the letters and digits of an ID, e-mail addresses and URLs in
 * lower case.
 *
 * Keys.  The user's key (16 bytes or more; longer than 64 is hashed down)
 * keys every hash.  Without one, each document gets a fresh random key
 * (randombytes_buf), so that surrogates and the date offset are random
 * but consistent within the document.  `pseudonym` has no such fallback:
 * an unkeyed pseudonym would be a plain hash, which anyone can reverse by
 * hashing candidate names, so scrub_replacer_new() refuses it.
 */
#include "replace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alloc.h"
#include "error.h"
#include "fold.h"
#include "lexicon.h"
#include "ruleset_int.h"
#include "surrogate.h"

#define MIN_KEY crypto_generichash_KEYBYTES_MIN   /* 16 */
#define MAX_KEY crypto_generichash_KEYBYTES_MAX   /* 64 */
#define PSEUDONYM_BYTES 3                         /* 6 hex characters */

struct scrub_replacer {
	const struct scrub_ruleset *rs;
	int op[SCRUB_CAT_COUNT];
	unsigned char key[MAX_KEY];      /* the user's key, or reduced */
	size_t key_len;                  /* 0: no key */
	/* Per document. */
	unsigned char doc_key[SCRUB_KEY_BYTES]; /* random, when no key */
	struct scrub_lexicon numbers[SCRUB_CAT_COUNT]; /* value -> number */
	unsigned next_number[SCRUB_CAT_COUNT];
	struct scrub_lexicon taken;      /* surrogates given (unkeyed) */
	int shift_days;
	char *doc_id;
	struct scrub_buf canon;          /* scratch */
};

static int
needs_shift(const struct scrub_replacer *r)
{
	return r->op[SCRUB_CAT_DATE] == SCRUB_OP_SHIFT ||
	    r->op[SCRUB_CAT_DATE] == SCRUB_OP_SURROGATE;
}

/* Whether anything draws at random (so that, without a key, each document
 * needs a random key of its own). */
static int
needs_random(const struct scrub_replacer *r)
{
	int i;

	for (i = 0; i < SCRUB_CAT_COUNT; i++)
		if (r->op[i] == SCRUB_OP_SURROGATE)
			return 1;
	return needs_shift(r);
}

/* The key that hashes this document's values: the user's, or the random
 * one of the document. */
static const unsigned char *
doc_key(const struct scrub_replacer *r, size_t *len)
{
	if (r->key_len) {
		*len = r->key_len;
		return r->key;
	}
	*len = sizeof(r->doc_key);
	return r->doc_key;
}

/* The date offset of the document: from the key and the document id, or
 * at random; in [shift_min_days, shift_max_days], never 0. */
static int
draw_shift(const struct scrub_replacer *r)
{
	const struct scrub_ruleset *rs = r->rs;
	long lo = rs->shift_min_days, hi = rs->shift_max_days;
	long n = hi - lo + 1 - (lo <= 0 && hi >= 0);
	const char *id = r->doc_id ? r->doc_id : "";
	struct scrub_part parts[2];
	struct scrub_rng g;
	const unsigned char *key;
	size_t key_len;
	long d;

	if (n <= 0)
		return 0;
	key = doc_key(r, &key_len);
	parts[0].p = "phiscrub/shift/1";
	parts[0].len = 16;
	parts[1].p = id;
	parts[1].len = strlen(id);
	scrub_rng_init(&g, key, key_len, parts, 2);
	d = lo + (long)(scrub_rng_next(&g) % (uint64_t)n);
	if (lo <= 0 && d >= 0)
		d++;    /* skip 0 */
	return (int)d;
}

struct scrub_replacer *
scrub_replacer_new(const struct scrub_ruleset *rs,
    const struct scrub_scan_opts *opts, struct scrub_error *err)
{
	struct scrub_replacer *r;
	int i;

	if (sodium_init() < 0) {
		scrub_error_set(err, SCRUB_E_KEY, "libsodium failed to start");
		return NULL;
	}
	r = scrub_xcalloc(1, sizeof(*r));
	r->rs = rs;
	for (i = 0; i < SCRUB_CAT_COUNT; i++) {
		r->op[i] = opts && opts->operators[i] != SCRUB_OP_DEFAULT ?
		    opts->operators[i] : rs->op[i];
		scrub_lexicon_init(&r->numbers[i]);
	}
	scrub_lexicon_init(&r->taken);
	scrub_buf_init(&r->canon);
	if (opts && opts->key_len) {
		if (!opts->key) {
			scrub_error_set(err, SCRUB_E_KEY, "the key is missing");
			goto fail;
		}
		if (opts->key_len < MIN_KEY) {
			scrub_error_set(err, SCRUB_E_KEY, "the key is too short "
			    "(%zu bytes; at least %u are needed)", opts->key_len,
			    (unsigned)MIN_KEY);
			goto fail;
		}
		if (opts->key_len <= MAX_KEY) {
			memcpy(r->key, opts->key, opts->key_len);
			r->key_len = opts->key_len;
		} else {
			/* A long key (a key file of random text): its hash. */
			crypto_generichash(r->key, 32, opts->key, opts->key_len,
			    NULL, 0);
			r->key_len = 32;
		}
	}
	for (i = 0; i < SCRUB_CAT_COUNT; i++) {
		if (r->op[i] < SCRUB_OP_TAG || r->op[i] >= SCRUB_OP_COUNT) {
			scrub_error_set(err, SCRUB_E_USAGE, "unknown operator %d for %s",
			    r->op[i], scrub_category_name(i));
			goto fail;
		}
		if (r->op[i] == SCRUB_OP_PSEUDONYM && !r->key_len) {
			scrub_error_set(err, SCRUB_E_KEY, "the pseudonym operator (for "
			    "%s) needs a secret key (phiscrub: --key-file or "
			    "PHISCRUB_KEY_FILE); it never falls back to an unkeyed hash",
			    scrub_category_name(i));
			goto fail;
		}
	}
	if (needs_shift(r) && rs->shift_min_days == 0 && rs->shift_max_days == 0) {
		scrub_error_set(err, SCRUB_E_USAGE, "shift_min_days and "
		    "shift_max_days allow no shift other than 0");
		goto fail;
	}
	scrub_replacer_reset(r, NULL);
	return r;
fail:
	scrub_replacer_free(r);
	return NULL;
}

void
scrub_replacer_free(struct scrub_replacer *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < SCRUB_CAT_COUNT; i++)
		scrub_lexicon_release(&r->numbers[i]);
	scrub_lexicon_release(&r->taken);
	scrub_buf_release(&r->canon);
	sodium_memzero(r->key, sizeof(r->key));
	sodium_memzero(r->doc_key, sizeof(r->doc_key));
	free(r->doc_id);
	free(r);
}

void
scrub_replacer_reset(struct scrub_replacer *r, const char *doc_id)
{
	int i;

	for (i = 0; i < SCRUB_CAT_COUNT; i++) {
		scrub_lexicon_release(&r->numbers[i]);
		r->next_number[i] = 0;
	}
	scrub_lexicon_release(&r->taken);
	free(r->doc_id);
	r->doc_id = doc_id ? scrub_xstrdup(doc_id) : NULL;
	if (!r->key_len && needs_random(r))
		randombytes_buf(r->doc_key, sizeof(r->doc_key));
	r->shift_days = needs_shift(r) ? draw_shift(r) : 0;
}

int
scrub_replacer_operator(const struct scrub_replacer *r, int category)
{
	return r->op[category];
}

int
scrub_replacer_shift_days(const struct scrub_replacer *r)
{
	return r->shift_days;
}

/* ---- Canonical values ------------------------------------------------- */

static int
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Puts the canonical form of TEXT (see the top of the file) in r->canon. */
static void
canonical(struct scrub_replacer *r, int category, const char *text,
    size_t len)
{
	struct scrub_buf *b = &r->canon;
	char folded[SCRUB_FOLD_MAX];
	size_t i;
	int n;

	scrub_buf_clear(b);
	switch (category) {
	case SCRUB_CAT_PHONE:
		for (i = 0; i < len; i++)
			if (is_digit(text[i]))
				scrub_buf_addch(b, text[i]);
		if (b->len == 11 && b->ptr[0] == '1')
			scrub_buf_consume(b, 1);
		break;
	case SCRUB_CAT_ID:
		for (i = 0; i < len; i++) {
			char c = text[i];

			if (c >= 'a' && c <= 'z')
				scrub_buf_addch(b, (char)(c - 32));
			else if (is_digit(c) || (c >= 'A' && c <= 'Z'))
				scrub_buf_addch(b, c);
		}
		break;
	case SCRUB_CAT_EMAIL:
	case SCRUB_CAT_URL:
		for (i = 0; i < len; i++) {
			char c = text[i];

			scrub_buf_addch(b, c >= 'A' && c <= 'Z' ? (char)(c + 32) : c);
		}
		while (category == SCRUB_CAT_URL && b->len > 1 &&
		    b->ptr[b->len - 1] == '/')
			scrub_buf_truncate(b, b->len - 1);
		break;
	default:
		if ((n = scrub_fold(text, len, folded, sizeof(folded))) <= 0) {
			scrub_buf_add(b, text, len);   /* too long, invalid UTF-8 */
			break;
		}
		/* Sarah's and Sarah are one person; James' is James. */
		if (category == SCRUB_CAT_NAME && n > 2 && folded[n - 2] == '\'' &&
		    folded[n - 1] == 's')
			n -= 2;
		else if (category == SCRUB_CAT_NAME && n > 1 &&
		    folded[n - 1] == '\'')
			n -= 1;
		scrub_buf_add(b, folded, (size_t)n);
		break;
	}
	if (!b->len)
		scrub_buf_add(b, text, len);
}

/* ---- Operators ---------------------------------------------------------- */

static void
add_tag(const struct scrub_replacer *r, int category, struct scrub_buf *out)
{
	if (r->rs->tag[category])
		scrub_buf_addstr(out, r->rs->tag[category]);
	else
		scrub_buf_addf(out, "[%s]", scrub_category_name(category));
}

/* The tag with "-SUFFIX" before its closing bracket: [NAME-1]. */
static void
add_tag_with(const struct scrub_replacer *r, int category, const char *suffix,
    struct scrub_buf *out)
{
	const char *tag = r->rs->tag[category];
	size_t tl;

	if (tag && (tl = strlen(tag)) > 1 && tag[tl - 1] == ']') {
		scrub_buf_add(out, tag, tl - 1);
		scrub_buf_addf(out, "-%s]", suffix);
	} else {
		scrub_buf_addf(out, "[%s-%s]", scrub_category_name(category), suffix);
	}
}

/* Tag with a number that is the same for every spelling of one value. */
static void
add_numbered(struct scrub_replacer *r, int category, const char *text,
    size_t len, struct scrub_buf *out)
{
	unsigned char digest[32];
	const char *key;
	size_t key_len;
	uint64_t num;
	char s[24];

	canonical(r, category, text, len);
	key = r->canon.ptr;
	key_len = r->canon.len;
	if (key_len > SCRUB_FOLD_MAX) {   /* lexicon keys stay short */
		crypto_generichash(digest, sizeof(digest),
		    (const unsigned char *)key, key_len, NULL, 0);
		key = (const char *)digest;
		key_len = sizeof(digest);
	}
	num = scrub_lexicon_get(&r->numbers[category], key, key_len);
	if (!num) {
		num = ++r->next_number[category];
		scrub_lexicon_add(&r->numbers[category], key, key_len, num);
	}
	snprintf(s, sizeof(s), "%llu", (unsigned long long)num);
	add_tag_with(r, category, s, out);
}

/* Letters and digits become the mask character; separators stay, so the
 * shape of the value survives: (508) 555-0143 -> (XXX) XXX-XXXX. */
static void
add_mask(const struct scrub_replacer *r, const char *text, size_t len,
    struct scrub_buf *out)
{
	size_t i = 0;

	while (i < len) {
		int32_t cp;
		int k = scrub_utf8_decode((const unsigned char *)text + i, len - i,
		    &cp);

		if (k < 0) {
			scrub_buf_addch(out, r->rs->mask_char);
			i++;
			continue;
		}
		if (scrub_is_word_cp(cp) && !scrub_is_ignorable_cp(cp))
			scrub_buf_addch(out, r->rs->mask_char);
		else if (!scrub_is_ignorable_cp(cp))
			scrub_buf_add(out, text + i, (size_t)k);
		i += (size_t)k;
	}
}

/* [NAME-7f3a9c]: the first 3 bytes of the keyed BLAKE2b-256 of the
 * category and the canonical value.  24 bits: two values of one category
 * share a pseudonym with odds about n*n/2^25 among n values (1,000 names:
 * about 3%); see phiscrub-patterns(5). */
static void
add_pseudonym(struct scrub_replacer *r, int category, const char *text,
    size_t len, struct scrub_buf *out)
{
	const char *cat = scrub_category_name(category);
	struct scrub_part parts[3];
	struct scrub_rng g;
	char hex[2 * PSEUDONYM_BYTES + 1];

	canonical(r, category, text, len);
	parts[0].p = "phiscrub/pseudonym/1";
	parts[0].len = 20;
	parts[1].p = cat;
	parts[1].len = strlen(cat);
	parts[2].p = r->canon.ptr;
	parts[2].len = r->canon.len;
	scrub_rng_init(&g, r->key, r->key_len, parts, 3);
	sodium_bin2hex(hex, sizeof(hex), g.seed, PSEUDONYM_BYTES);
	add_tag_with(r, category, hex, out);
}

static void
add_surrogate(struct scrub_replacer *r, int category, const char *text,
    size_t len, struct scrub_buf *out)
{
	struct scrub_surr_ctx c;

	if (category == SCRUB_CAT_DATE) {
		if (scrub_date_shift(text, len, r->shift_days, out) < 0)
			add_tag(r, category, out);
		return;
	}
	c.rs = r->rs;
	c.key = doc_key(r, &c.key_len);
	/* Unkeyed, a stand-in may go to one value only in the document;
	 * keyed, it must stay a function of the value (see surrogate.h). */
	c.taken = r->key_len ? NULL : &r->taken;
	scrub_surrogate(&c, category, text, len, out);
}

/* 02115 -> 021XX; the three-digit areas of 20,000 people or fewer (HIPAA
 * Safe Harbor, 2000 census) -> 000XX.  Returns -1 when TEXT is not a ZIP. */
static int
add_zip3(const char *text, size_t len, struct scrub_buf *out)
{
	static const char restricted[][4] = {"036", "059", "063", "102", "203",
	    "556", "692", "790", "821", "823", "830", "831", "878", "879",
	    "884", "890", "893"};
	size_t i;

	if (len != 5 && len != 10)
		return -1;
	for (i = 0; i < len; i++)
		if (i == 5 ? text[i] != '-' : !is_digit(text[i]))
			return -1;
	for (i = 0; i < sizeof(restricted) / sizeof(restricted[0]); i++)
		if (!memcmp(text, restricted[i], 3)) {
			scrub_buf_addstr(out, "000XX");
			return 0;
		}
	scrub_buf_add(out, text, 3);
	scrub_buf_addstr(out, "XX");
	return 0;
}

static void
add_generalized(struct scrub_replacer *r, int category, const char *text,
    size_t len, struct scrub_buf *out)
{
	switch (category) {
	case SCRUB_CAT_AGE:
		scrub_buf_addstr(out, r->rs->age_phrase ? r->rs->age_phrase : "90+");
		return;
	case SCRUB_CAT_DATE:
		if (scrub_date_generalize(text, len, r->rs->generalize_year_only,
		    out) == 0)
			return;
		break;
	case SCRUB_CAT_LOCATION:
		if (add_zip3(text, len, out) == 0)
			return;
		break;
	}
	add_tag(r, category, out);
}

void
scrub_replacer_apply(struct scrub_replacer *r, int category, const char *text,
    size_t len, struct scrub_buf *out)
{
	switch (r->op[category]) {
	case SCRUB_OP_KEEP:
		scrub_buf_add(out, text, len);
		break;
	case SCRUB_OP_NUMBERED:
		add_numbered(r, category, text, len, out);
		break;
	case SCRUB_OP_MASK:
		add_mask(r, text, len, out);
		break;
	case SCRUB_OP_PSEUDONYM:
		add_pseudonym(r, category, text, len, out);
		break;
	case SCRUB_OP_SURROGATE:
		add_surrogate(r, category, text, len, out);
		break;
	case SCRUB_OP_SHIFT:
		if (category != SCRUB_CAT_DATE ||
		    scrub_date_shift(text, len, r->shift_days, out) < 0)
			add_tag(r, category, out);
		break;
	case SCRUB_OP_GENERALIZE:
		add_generalized(r, category, text, len, out);
		break;
	case SCRUB_OP_TAG:
	default:
		add_tag(r, category, out);
		break;
	}
}
