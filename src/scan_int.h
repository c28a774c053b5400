/*
 * scan_int.h: what the detectors share inside one scanner: the unit being
 * scanned, its tokens, and the spans found so far.  Nothing here outlives a
 * scanner, and nothing is shared between scanners.
 */
#ifndef SCRUB_SCAN_INT_H
#define SCRUB_SCAN_INT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ruleset_int.h"

struct scrub_span {
	size_t start, end;        /* byte offsets in the unit */
	int category;
	int priority;
	double score;
	const char *rule_id;      /* belongs to the rule set */
};

struct scrub_spans {
	struct scrub_span *v;
	size_t n, cap;
};

void scrub_spans_add(struct scrub_spans *s, size_t start, size_t end,
    int category, int priority, double score, const char *rule_id);
/* Sorts by start and merges overlapping spans (the higher priority, then
 * the longer one, names the category). */
void scrub_spans_resolve(struct scrub_spans *s);

enum scrub_shape {
	SCRUB_SHAPE_LOWER,   /* derek */
	SCRUB_SHAPE_CAP,     /* Derek, O'Brien, McDonald */
	SCRUB_SHAPE_UPPER,   /* DEREK (two letters or more) */
	SCRUB_SHAPE_MIXED,   /* iPhone */
	SCRUB_SHAPE_DIGITS,  /* 1234 */
	SCRUB_SHAPE_ALNUM,   /* 3rd, A1C */
	SCRUB_SHAPE_PUNCT    /* one punctuation or symbol character */
};

enum scrub_token_flag {
	SCRUB_TOK_SENT_START = 1,  /* first word of a sentence or line */
	SCRUB_TOK_LINE_START = 2,  /* first token of a line */
	SCRUB_TOK_SPACE_BEFORE = 4,/* whitespace right before it */
	SCRUB_TOK_POSSESSIVE = 8,  /* ended in 's, which the fold leaves out */
	/* The word as written (with its 's) begins or ends a phrase of the
	 * lexicons (SCRUB_LEX_HEAD, SCRUB_LEX_TAIL): phrase lookups that start
	 * or end elsewhere cannot match (issue #7). */
	SCRUB_TOK_PHRASE_HEAD = 16,
	SCRUB_TOK_PHRASE_TAIL = 32,
	SCRUB_TOK_PHRASE_MID = 64  /* ... or stands inside one (SCRUB_LEX_MID) */
};

struct scrub_token {
	uint32_t start, end;       /* bytes in the unit */
	uint32_t fold_off;         /* folded form in the scanner's arena */
	uint16_t fold_len;
	uint8_t shape;
	uint8_t flags;
	uint64_t bits;             /* lexicon lists of the folded word */
	uint64_t wbits;            /* the lists of the word as written, with its
	                            * 's, as phrase lookups see it (issue #7) */
};

struct scrub_tok_key;           /* tokens.c: lookups in flight */
struct scrub_tok_cache;

struct scrub_tokens {
	struct scrub_token *v;
	size_t n, cap;
	struct scrub_buf folds;    /* folded forms, NUL-separated */
	struct scrub_tok_key *keys; /* tokens.c's scratch (free() it) */
	size_t nkeys, keys_cap;
	struct scrub_tok_cache *cache; /* tokens.c: words seen (free() it) */
};

/* Tokenizes TEXT[0..LEN) (one unit) into TOKS, looking every word up in RS. */
void scrub_tokenize(const struct scrub_ruleset *rs, const char *text,
    size_t len, struct scrub_tokens *toks);

static inline const char *
scrub_token_fold(const struct scrub_tokens *t, const struct scrub_token *k)
{
	return t->folds.ptr + k->fold_off;
}

/* The per-document memory of names already found (folded forms). */
struct scrub_names_memory {
	struct scrub_lexicon names;   /* bit 0: may match lowercase too */
};

/* Finds names, places, institutions and ages in the tokens of TEXT.  OUT
 * holds, sorted, what the pattern rules found; words inside those spans
 * are left alone. */
void scrub_detect_words(const struct scrub_ruleset *rs, const char *text,
    const struct scrub_tokens *toks, struct scrub_names_memory *mem,
    struct scrub_spans *out);

#endif
