/*
 * lexicon.c: the hash table of lexicon.h.  Lookups are the hot path of the
 * tokenizer (one per word), so the table is built for them: one 8-byte slot
 * per key with its full 32-bit hash, the key bytes compared only when the
 * hash agrees, and flag-only slots (no key) for the phrase heads and tails
 * that let phrase lookups stop early (see issue #7).
 */
#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"

#define REF_OFF SCRUB_LEX_REF_OFF /* pool offset bits of a slot's ref */
#define REF_FLAG_SHIFT 29
#define REF_POS(ref) (((size_t)(ref) & REF_OFF) << 2) /* in 4-byte units */
#define MAX_POOL ((size_t)REF_OFF << 2)
#define ENTRY_HEAD 10         /* uint64 bits, uint16 len */

struct lex_header {
	char magic[8];
	uint32_t nslots, count, nflags, max_words, nlists, reserved;
	uint64_t pool_size, names_size;
};

uint32_t
scrub_hash32(const char *s, size_t len)
{
	/* FNV-1a: short keys, a stable digest. */
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h ? h : 1;
}

/* Mixes eight bytes at a time; the tail is read as two overlapping words
 * (or three bytes), which with the length mixed in is unambiguous. */
uint32_t
scrub_lexicon_hash(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t h = 0x9e3779b97f4a7c15ull * (len + 1), w;

	while (len >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xbf58476d1ce4e5b9ull;
		h ^= h >> 31;
		p += 8;
		len -= 8;
	}
	if (len >= 4) {
		uint32_t a, b;

		memcpy(&a, p, 4);
		memcpy(&b, p + len - 4, 4);
		w = (uint64_t)a << 32 | b;
	} else if (len) {
		w = (uint64_t)p[0] | (uint64_t)p[len / 2] << 8 |
		    (uint64_t)p[len - 1] << 16;
	} else {
		w = 0;
	}
	h = (h ^ w) * 0x94d049bb133111ebull;
	h ^= h >> 29;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 32;
	return (uint32_t)h ? (uint32_t)h : 1;
}

void
scrub_lexicon_init(struct scrub_lexicon *lex)
{
	memset(lex, 0, sizeof(*lex));
	scrub_buf_init(&lex->own_pool);
}

void
scrub_lexicon_release(struct scrub_lexicon *lex)
{
	free(lex->bloom);
	free(lex->own_slots);
	scrub_buf_release(&lex->own_pool);
	scrub_lexicon_init(lex);
}

static uint32_t
home(uint32_t hash, uint32_t nslots)
{
	return (uint32_t)(((uint64_t)hash * nslots) >> 32);
}

static int
key_is(const unsigned char *pool, size_t off, const char *key, size_t len)
{
	uint16_t elen;

	memcpy(&elen, pool + off + 8, 2);
	return elen == len && memcmp(pool + off + ENTRY_HEAD, key, len) == 0;
}

uint64_t
scrub_lexicon_get_hashed(const struct scrub_lexicon *lex, const char *key,
    size_t len, uint32_t hash, unsigned *flags)
{
	uint32_t n = lex->nslots, i;

	if (!n || !len)
		return 0;
	if (lex->bloom) {
		uint32_t b = hash >> lex->bloom_shift;

		if (!((lex->bloom[b >> 6] >> (b & 63)) & 1))
			return 0;
	}
	i = home(hash, n);
	for (;;) {
		const uint32_t *s = lex->slots + 2 * (size_t)i;

		if (!s[0])
			return 0;
		if (s[0] == hash) {
			size_t off = REF_POS(s[1]);

			*flags |= s[1] >> REF_FLAG_SHIFT;
			if (off && key_is(lex->pool, off, key, len)) {
				uint64_t bits;

				memcpy(&bits, lex->pool + off, 8);
				return bits;
			}
		}
		if (++i == n)
			i = 0;
	}
}

uint64_t
scrub_lexicon_get_flags(const struct scrub_lexicon *lex, const char *key,
    size_t len, unsigned *flags)
{
	if (!lex->nslots || !len)
		return 0;
	return scrub_lexicon_get_hashed(lex, key, len,
	    scrub_lexicon_hash(key, len), flags);
}

uint64_t
scrub_lexicon_get(const struct scrub_lexicon *lex, const char *key, size_t len)
{
	unsigned flags = 0;

	return scrub_lexicon_get_flags(lex, key, len, &flags);
}

/* ---- Building --------------------------------------------------------- */

/* The first slot of HASH on its probe path, or the empty slot that ends
 * the path.  Every flag of HASH lives in that first slot, which later
 * insertions never move. */
static uint32_t
first_slot(const struct scrub_lexicon *lex, uint32_t hash)
{
	uint32_t n = lex->nslots, i = home(hash, n);

	while (lex->own_slots[2 * (size_t)i] &&
	    lex->own_slots[2 * (size_t)i] != hash)
		if (++i == n)
			i = 0;
	return i;
}

/* Places slot {HASH, REF} (a pool entry and/or flags) in a table that has
 * room for it, keeping the invariant of first_slot(). */
static void
place(struct scrub_lexicon *lex, uint32_t hash, uint32_t ref)
{
	uint32_t n = lex->nslots, i = first_slot(lex, hash);
	uint32_t *s = lex->own_slots + 2 * (size_t)i;
	uint32_t b = hash >> lex->bloom_shift;

	lex->bloom[b >> 6] |= (uint64_t)1 << (b & 63);
	if (!s[0]) {
		s[0] = hash;
		s[1] = ref;
		lex->nflags += !(ref & REF_OFF);
		return;
	}
	s[1] |= ref & ~REF_OFF;        /* the flags go to the first slot */
	if (!(ref & REF_OFF))
		return;
	if (!(s[1] & REF_OFF)) {       /* a flag-only slot takes the entry */
		s[1] |= ref & REF_OFF;
		lex->nflags--;
		return;
	}
	for (;;) {                     /* else the next free slot does */
		if (++i == n)
			i = 0;
		s = lex->own_slots + 2 * (size_t)i;
		if (!s[0]) {
			s[0] = hash;
			s[1] = ref & REF_OFF;
			return;
		}
		if (s[0] == hash && !(s[1] & REF_OFF)) {
			s[1] |= ref & REF_OFF;
			lex->nflags--;
			return;
		}
	}
}

static void
rehash(struct scrub_lexicon *lex, uint32_t nslots)
{
	uint32_t *old = lex->own_slots, oldn = lex->nslots, i;

	lex->own_slots = scrub_xcalloc(nslots, 2 * sizeof(uint32_t));
	lex->slots = lex->own_slots;
	lex->nslots = nslots;
	lex->nflags = 0;
	/* about eight bits per slot, a power of two from 2^12 to 2^32 */
	free(lex->bloom);
	for (lex->bloom_shift = 20; lex->bloom_shift > 0 &&
	    ((uint64_t)1 << (32 - lex->bloom_shift)) < (uint64_t)nslots * 8;
	    lex->bloom_shift--)
		;
	lex->bloom = scrub_xcalloc(((size_t)1 << (32 - lex->bloom_shift)) / 64,
	    sizeof(uint64_t));
	for (i = 0; i < oldn; i++)
		if (old[2 * (size_t)i])
			place(lex, old[2 * (size_t)i], old[2 * (size_t)i + 1]);
	free(old);
}

/* Makes room for one more slot: at most three quarters full. */
static void
reserve(struct scrub_lexicon *lex)
{
	uint64_t used = (uint64_t)lex->count + lex->nflags + 1;

	if (!lex->nslots)
		rehash(lex, 1024);
	else if (used * 4 > (uint64_t)lex->nslots * 3)
		rehash(lex, lex->nslots * 2);
}

static void
add_flags(struct scrub_lexicon *lex, const char *key, size_t len,
    unsigned flags)
{
	if (!len)
		return;
	reserve(lex);
	place(lex, scrub_lexicon_hash(key, len), flags << REF_FLAG_SHIFT);
}

void
scrub_lexicon_add(struct scrub_lexicon *lex, const char *key, size_t len,
    uint64_t bits)
{
	uint32_t hash, i, n, words = 1;
	size_t off, k;
	uint16_t len16;

	if (!len || len > 65535)
		return;
	if (!lex->own_pool.len)
		scrub_buf_add(&lex->own_pool, "\0\0\0\0\0\0\0", 8); /* 0: none */
	lex->pool = (const unsigned char *)lex->own_pool.ptr;
	reserve(lex);
	hash = scrub_lexicon_hash(key, len);
	n = lex->nslots;
	for (i = home(hash, n); lex->own_slots[2 * (size_t)i]; i = i + 1 == n ? 0 : i + 1) {
		uint32_t ref = lex->own_slots[2 * (size_t)i + 1];

		if (lex->own_slots[2 * (size_t)i] == hash && (ref & REF_OFF) &&
		    key_is(lex->pool, REF_POS(ref), key, len)) {
			unsigned char *e = (unsigned char *)lex->own_pool.ptr +
			    REF_POS(ref);
			uint64_t old;

			memcpy(&old, e, 8);
			old |= bits;
			memcpy(e, &old, 8);
			return;
		}
	}
	off = lex->own_pool.len;
	if (off + ENTRY_HEAD + len + 4 > MAX_POOL) {
		lex->full = 1; /* 2 GiB of entries: the loader says so */
		return;
	}
	len16 = (uint16_t)len;
	scrub_buf_add(&lex->own_pool, &bits, 8);
	scrub_buf_add(&lex->own_pool, &len16, 2);
	scrub_buf_add(&lex->own_pool, key, len);
	while (lex->own_pool.len % 4)
		scrub_buf_addch(&lex->own_pool, '\0');
	lex->pool = (const unsigned char *)lex->own_pool.ptr;
	place(lex, hash, (uint32_t)(off >> 2));
	lex->count++;
	/* The words of a phrase that begin it, end it and stand inside it
	 * (see lexicon.h). */
	for (k = 0; k < len; k++)
		if (key[k] == ' ') {
			size_t next = k + 1;

			words++;
			add_flags(lex, key, k, SCRUB_LEX_HEAD);
			add_flags(lex, key + k + 1, len - k - 1, SCRUB_LEX_TAIL);
			while (next < len && key[next] != ' ')
				next++;
			if (next < len)
				add_flags(lex, key + k + 1, next - k - 1, SCRUB_LEX_MID);
		}
	if (words > lex->max_words)
		lex->max_words = words;
}

int
scrub_lexicon_add_phrase(struct scrub_lexicon *lex, const char *phrase,
    size_t len, uint64_t bits)
{
	char folded[SCRUB_FOLD_MAX];
	int n = scrub_fold(phrase, len, folded, sizeof(folded));

	if (n <= 0)
		return -1;
	scrub_lexicon_add(lex, folded, (size_t)n, bits);
	return 0;
}

/* ---- Blobs ------------------------------------------------------------ */

void
scrub_lexicon_serialize(const struct scrub_lexicon *lex,
    const char *const *names, uint32_t nlists, struct scrub_buf *out)
{
	struct lex_header h;
	struct scrub_buf namebuf = SCRUB_BUF_INIT;
	uint32_t i;
	static const unsigned char pad[8];

	for (i = 0; i < nlists; i++)
		scrub_buf_add(&namebuf, names[i], strlen(names[i]) + 1);
	while (namebuf.len % 8)
		scrub_buf_addch(&namebuf, '\0');
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, SCRUB_LEX_MAGIC, 8);
	h.nslots = lex->nslots;
	h.count = lex->count;
	h.nflags = lex->nflags;
	h.max_words = lex->max_words;
	h.nlists = nlists;
	h.pool_size = lex->own_pool.len;
	h.names_size = namebuf.len;
	scrub_buf_add(out, &h, sizeof(h));
	scrub_buf_add(out, namebuf.ptr, namebuf.len);
	scrub_buf_add(out, lex->slots, (size_t)lex->nslots * 8);
	scrub_buf_add(out, lex->pool, lex->own_pool.len);
	scrub_buf_add(out, pad, (8 - out->len % 8) % 8);
	scrub_buf_release(&namebuf);
}

/* Rebuilds the slots of a table being built at three quarters full, the
 * densest it may be (tools/mklex, before scrub_lexicon_serialize). */
void
scrub_lexicon_pack(struct scrub_lexicon *lex)
{
	uint64_t used = (uint64_t)lex->count + lex->nflags;
	uint64_t n = (used * 4 + 2) / 3 + 1;

	if (lex->own_slots && n < lex->nslots)
		rehash(lex, (uint32_t)n);
}

int
scrub_lexicon_view(struct scrub_lexicon *lex, const void *blob, size_t size)
{
	struct lex_header h;
	const unsigned char *p = blob;
	const char *name, *names_end;
	uint32_t i;

	scrub_lexicon_init(lex);
	if (size < sizeof(h))
		return -1;
	memcpy(&h, p, sizeof(h));
	if (memcmp(h.magic, SCRUB_LEX_MAGIC, 8) != 0 ||
	    h.nlists > SCRUB_LEX_MAX_LISTS || h.pool_size > MAX_POOL ||
	    h.names_size > size ||
	    sizeof(h) + h.names_size + (uint64_t)h.nslots * 8 + h.pool_size > size)
		return -1;
	name = (const char *)p + sizeof(h);
	names_end = name + h.names_size;
	for (i = 0; i < h.nlists; i++) {
		const char *nul = memchr(name, '\0', (size_t)(names_end - name));

		if (!nul)
			return -1;
		lex->list_names[i] = name;
		name = nul + 1;
	}
	lex->nlists = h.nlists;
	lex->slots = (const uint32_t *)(p + sizeof(h) + h.names_size);
	lex->pool = p + sizeof(h) + h.names_size + (size_t)h.nslots * 8;
	lex->nslots = h.nslots;
	lex->count = h.count;
	lex->nflags = h.nflags;
	lex->max_words = h.max_words;
	return 0;
}

int
scrub_lexicon_list_bit(const struct scrub_lexicon *lex, const char *name)
{
	uint32_t i;

	for (i = 0; i < lex->nlists; i++)
		if (strcmp(lex->list_names[i], name) == 0)
			return (int)i;
	return -1;
}
