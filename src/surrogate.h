/*
 * surrogate.h: realistic stand-ins for found values (the `surrogate`
 * operator), and reading, shifting and generalizing dates (the `shift` and
 * `generalize` operators).  Internal to the library; replace.c is the only
 * caller.  See phiscrub-patterns(5), "Replacement operators".
 *
 * Everything drawn at random is drawn from a keyed hash (libsodium's keyed
 * BLAKE2b) of what is being replaced, under a key the caller gives: the
 * user's secret key, so that the same value gets the same surrogate in
 * every run and file, or a random key made for one document.  Nothing here
 * keeps state between calls except the optional "taken" table below.
 */
#ifndef SCRUB_SURROGATE_H
#define SCRUB_SURROGATE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "lexicon.h"

struct scrub_ruleset;

/* ---- Name lists generated at build time by tools/mksurr ---------------- */

/* NUL-separated strings; the arrays hold offsets into the pool. */
extern const char scrub_surr_pool[];
extern const uint32_t scrub_surr_female[];       /* "Mary", by frequency */
extern const size_t scrub_surr_female_count;
extern const uint32_t scrub_surr_male[];
extern const size_t scrub_surr_male_count;
extern const uint32_t scrub_surr_surnames[];
extern const size_t scrub_surr_surnames_count;
/* The most frequent given names and surnames, lower case, sorted, and
 * for each its gender ('f', 'm', '-' for a surname) and role ('g' given
 * name, 's' surname, 'a' either), from the ranks of the lists. */
extern const uint32_t scrub_surr_names[];
extern const size_t scrub_surr_names_count;
extern const char scrub_surr_name_gender[];
extern const char scrub_surr_name_role[];

/* ---- Keyed random streams ---------------------------------------------- */

#define SCRUB_KEY_BYTES 32   /* a per-document key, or a long key reduced */

/* A reproducible stream of random numbers: block I is the keyed BLAKE2b
 * of I under a seed, and the seed is the keyed BLAKE2b of a message under
 * the caller's key.  Embedded: no release needed. */
struct scrub_rng {
	unsigned char seed[32];
	unsigned char block[64];
	uint64_t counter;
	unsigned pos;
};

/* Seeds G from KEY (16..64 bytes) and the message PARTS[0..N), each part
 * hashed with its length so that no two lists of parts collide. */
struct scrub_part {
	const void *p;
	size_t len;
};
void scrub_rng_init(struct scrub_rng *g, const unsigned char *key,
    size_t key_len, const struct scrub_part *parts, size_t n);
uint64_t scrub_rng_next(struct scrub_rng *g);
/* Uniform in [0, N), N > 0 (the bias of 64 bits modulo N is negligible). */
uint32_t scrub_rng_below(struct scrub_rng *g, uint32_t n);

/* ---- Surrogates -------------------------------------------------------- */

struct scrub_surr_ctx {
	const struct scrub_ruleset *rs;
	const unsigned char *key;      /* 16..64 bytes */
	size_t key_len;
	/* Surrogate words already given to another value in this document
	 * (unkeyed mode only, where no cross-document promise holds), so that
	 * two people do not end up with one stand-in.  NULL: do not care. */
	struct scrub_lexicon *taken;
};

/* Appends to OUT a surrogate of TEXT (LEN bytes) found as CATEGORY (not
 * DATE: see scrub_date_shift): a value of the same kind and shape that
 * never equals TEXT. */
void scrub_surrogate(const struct scrub_surr_ctx *c, int category,
    const char *text, size_t len, struct scrub_buf *out);

/* What the built-in lists make of the folded name WORD: *GENDER is 'f',
 * 'm' or 0 (unknown, or not a given name) and the return value the role,
 * 'g' (given name), 's' (surname) or 0 (either, or unknown). */
int scrub_surr_name_info(const struct scrub_ruleset *rs, const char *word,
    size_t len, int *gender);

/* Built-in city and street names that surrogates are drawn from (for
 * tests).  Static storage. */
extern const char *const scrub_surr_cities[];
extern const size_t scrub_surr_cities_count;

/* ---- Dates ------------------------------------------------------------- */

/* Appends to OUT the date TEXT (LEN bytes) moved by DAYS days, written in
 * the same format (3/14 -> 3/24, March 14th -> March 24th, 2021-03-14 ->
 * 2021-03-24; a month alone moves as a month, a year alone as a year).
 * Returns 0, or -1 (OUT untouched) when TEXT is not a date it can read. */
int scrub_date_shift(const char *text, size_t len, int days,
    struct scrub_buf *out);

/* Appends to OUT the month and year of the date TEXT ("March 2021"), the
 * year alone when it has no month or YEAR_ONLY is set, the month alone
 * when it has no year ("March").  Returns 0, or -1 (OUT untouched) when
 * nothing of that can be read. */
int scrub_date_generalize(const char *text, size_t len, int year_only,
    struct scrub_buf *out);

#endif
