/*
 * lexicon.h: word and phrase lists as one hash table from folded form (see
 * fold.h) to a 64-bit set of list memberships ("bits").
 *
 * One lookup answers every list at once: bit i is set when the word is in
 * list i.  Lists are numbered by whoever builds the table (the rule-set
 * loader, or tools/mklex for the built-in lists).
 *
 * The table also knows, for any key, whether it begins or ends a longer
 * entry at a word boundary (SCRUB_LEX_HEAD, SCRUB_LEX_TAIL) and, for a
 * word, whether it stands inside one (SCRUB_LEX_MID): "mass" is a head of
 * "mass general", "general" a tail of it, "of" a middle word of "university
 * of michigan".  Phrase lookups (words.c) stop as soon as the words they
 * have gathered cannot grow into an entry.  These flags may be set where
 * they do not hold (two keys with the same hash share them), never the
 * other way round.
 *
 * The same layout serves a table built in memory and the built-in table
 * that tools/mklex writes at build time and the binary embeds, so the
 * built-in lexicons load without parsing: scrub_lexicon_view() only checks
 * the header.
 *
 * Layout (host byte order): header, list names, then NSLOTS slots of
 * {uint32 hash, uint32 ref}, then the pool of entries, each {uint64 bits,
 * uint16 len, bytes}, each starting at a multiple of 4 bytes.  A slot's
 * ref holds the entry's pool offset divided by 4 in its low 29 bits (0:
 * none, the slot carries flags only; so the pool holds 2 GiB at most) and
 * the HEAD, TAIL and MID flags in its top three bits; an all-zero slot is
 * empty.
 * Slots are found by linear probing from (hash * NSLOTS) >> 32, and the
 * table is kept at most three quarters full.
 */
#ifndef SCRUB_LEXICON_H
#define SCRUB_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define SCRUB_LEX_MAGIC "PHSLEX04"
#define SCRUB_LEX_MAX_LISTS 64

/* Flags of a key (scrub_lexicon_get_flags). */
#define SCRUB_LEX_HEAD 1u   /* "KEY ..." is (the start of) a longer entry */
#define SCRUB_LEX_TAIL 2u   /* "... KEY" is (the end of) a longer entry */
#define SCRUB_LEX_MID 4u    /* "... KEY ..." is in a longer entry */
#define SCRUB_LEX_REF_OFF 0x1FFFFFFFu /* a slot's pool offset bits */

struct scrub_lexicon {
	/* A view: either over `owned` storage or over an embedded blob. */
	const uint32_t *slots;   /* 2 * nslots words */
	const unsigned char *pool;
	uint32_t nslots;         /* 0 when empty */
	uint32_t count;          /* entries */
	uint32_t nflags;         /* slots that carry flags only */
	uint32_t max_words;      /* most words in one entry (phrase length) */
	int full;                /* an entry was refused: the pool is full */
	/* Building. */
	uint32_t *own_slots;
	struct scrub_buf own_pool;
	/* A table built in memory: one bit per hash (its top bits), so that
	 * most keys that are not in a small table are told apart at once. */
	uint64_t *bloom;
	unsigned bloom_shift;
	/* List names, for a blob ("given-names", ...); index = bit. */
	const char *list_names[SCRUB_LEX_MAX_LISTS];
	uint32_t nlists;
};

void scrub_lexicon_init(struct scrub_lexicon *lex);
void scrub_lexicon_release(struct scrub_lexicon *lex);

/* Adds BITS to the entry for the already folded KEY (LEN bytes < 65536),
 * and the HEAD and TAIL flags to the words of KEY that begin and end it. */
void scrub_lexicon_add(struct scrub_lexicon *lex, const char *key,
    size_t len, uint64_t bits);
/* Folds PHRASE and adds it; returns -1 when it folds to nothing. */
int scrub_lexicon_add_phrase(struct scrub_lexicon *lex, const char *phrase,
    size_t len, uint64_t bits);

/* The bits of folded KEY, 0 when absent. */
uint64_t scrub_lexicon_get(const struct scrub_lexicon *lex, const char *key,
    size_t len);
/* The same, with the HEAD and TAIL flags of KEY added to *FLAGS. */
uint64_t scrub_lexicon_get_flags(const struct scrub_lexicon *lex,
    const char *key, size_t len, unsigned *flags);
/* The same again, for a key whose scrub_lexicon_hash() is HASH (one hash
 * serves several tables). */
uint64_t scrub_lexicon_get_hashed(const struct scrub_lexicon *lex,
    const char *key, size_t len, uint32_t hash, unsigned *flags);
/* The hash the tables use (not scrub_hash32). */
uint32_t scrub_lexicon_hash(const char *key, size_t len);

/* Start loading from memory what a lookup of HASH reads first (its slot),
 * then (once that is loaded) the entry the slot points to, so that many
 * lookups wait for memory at once (tokens.c). */
static inline void
scrub_lexicon_prefetch(const struct scrub_lexicon *lex, uint32_t hash)
{
	if (lex->nslots)
		__builtin_prefetch(lex->slots + 2 * (size_t)(((uint64_t)hash *
		    lex->nslots) >> 32));
}

static inline void
scrub_lexicon_prefetch_entry(const struct scrub_lexicon *lex, uint32_t hash)
{
	const uint32_t *s;

	if (!lex->nslots)
		return;
	s = lex->slots + 2 * (size_t)(((uint64_t)hash * lex->nslots) >> 32);
	if (s[0] == hash && (s[1] & SCRUB_LEX_REF_OFF))
		__builtin_prefetch(lex->pool + ((size_t)(s[1] &
		    SCRUB_LEX_REF_OFF) << 2));
}

/* Rebuilds a table being built with the fewest slots it may have (three
 * quarters full), before it is written as a blob. */
void scrub_lexicon_pack(struct scrub_lexicon *lex);
/* Writes the table, with the list names NAMES[0..NLISTS), as a blob. */
void scrub_lexicon_serialize(const struct scrub_lexicon *lex,
    const char *const *names, uint32_t nlists, struct scrub_buf *out);
/* Makes LEX a read-only view of BLOB (which must outlive it and be 8-byte
 * aligned).  Returns 0, or -1 when the blob is not a lexicon. */
int scrub_lexicon_view(struct scrub_lexicon *lex, const void *blob,
    size_t size);
/* The bit of the list called NAME in a viewed blob, or -1. */
int scrub_lexicon_list_bit(const struct scrub_lexicon *lex, const char *name);

/* FNV-1a, for callers that need a stable 32-bit digest of a short string
 * (the surrogate tables); the lexicon itself uses scrub_lexicon_hash. */
uint32_t scrub_hash32(const char *s, size_t len);

#endif
