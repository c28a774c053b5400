#include "lexicon.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"

struct lex_header {
	char magic[8];
	uint32_t nslots, count, max_words, nlists;
	uint64_t pool_size, names_size;
};

uint32_t
scrub_hash32(const char *s, size_t len)
{
	/* FNV-1a: short keys, good enough spread for open addressing. */
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h ? h : 1;
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
	free(lex->own_slots);
	scrub_buf_release(&lex->own_pool);
	scrub_lexicon_init(lex);
}

static size_t
entry_size(size_t len)
{
	return (8 + 2 + len + 7) & ~(size_t)7;
}

static const unsigned char *
entry_at(const struct scrub_lexicon *lex, uint32_t off)
{
	return lex->pool + off;
}

static uint32_t
find_slot(const struct scrub_lexicon *lex, const char *key, size_t len,
    uint32_t hash)
{
	uint32_t mask = lex->nslots - 1, i = hash & mask;

	for (;;) {
		uint32_t off = lex->slots[2 * i];
		uint16_t elen;
		const unsigned char *e;

		if (!off)
			return i;
		if (lex->slots[2 * i + 1] == hash) {
			e = entry_at(lex, off);
			memcpy(&elen, e + 8, 2);
			if (elen == len && memcmp(e + 10, key, len) == 0)
				return i;
		}
		i = (i + 1) & mask;
	}
}

uint64_t
scrub_lexicon_get(const struct scrub_lexicon *lex, const char *key, size_t len)
{
	uint32_t i, off;
	uint64_t bits;

	if (!lex->nslots || !len)
		return 0;
	i = find_slot(lex, key, len, scrub_hash32(key, len));
	off = lex->slots[2 * i];
	if (!off)
		return 0;
	memcpy(&bits, entry_at(lex, off), 8);
	return bits;
}

static void
rehash(struct scrub_lexicon *lex, uint32_t nslots)
{
	uint32_t *old = lex->own_slots, oldn = lex->nslots, i;

	lex->own_slots = scrub_xcalloc(nslots, 2 * sizeof(uint32_t));
	lex->slots = lex->own_slots;
	lex->nslots = nslots;
	for (i = 0; i < oldn; i++) {
		uint32_t off = old[2 * i], j;
		uint16_t elen;

		if (!off)
			continue;
		memcpy(&elen, lex->pool + off + 8, 2);
		j = find_slot(lex, (const char *)lex->pool + off + 10, elen,
		    old[2 * i + 1]);
		lex->own_slots[2 * j] = off;
		lex->own_slots[2 * j + 1] = old[2 * i + 1];
	}
	free(old);
}

void
scrub_lexicon_add(struct scrub_lexicon *lex, const char *key, size_t len,
    uint64_t bits)
{
	uint32_t hash, i, words = 1;
	size_t off, k;
	uint16_t len16;
	unsigned char pad[8] = {0};

	if (!len || len > 65535)
		return;
	if (!lex->own_pool.len)
		scrub_buf_add(&lex->own_pool, pad, 8); /* offset 0 means empty */
	lex->pool = (const unsigned char *)lex->own_pool.ptr;
	if (!lex->nslots || (lex->count + 1) * 2 > lex->nslots)
		rehash(lex, lex->nslots ? lex->nslots * 2 : 1024);
	hash = scrub_hash32(key, len);
	i = find_slot(lex, key, len, hash);
	if (lex->own_slots[2 * i]) {
		uint64_t old;
		unsigned char *e = (unsigned char *)lex->own_pool.ptr +
		    lex->own_slots[2 * i];

		memcpy(&old, e, 8);
		old |= bits;
		memcpy(e, &old, 8);
		return;
	}
	off = lex->own_pool.len;
	if (off > UINT32_MAX - 70000)
		return; /* a 4 GiB pool: refused by the loader's limits first */
	len16 = (uint16_t)len;
	scrub_buf_add(&lex->own_pool, &bits, 8);
	scrub_buf_add(&lex->own_pool, &len16, 2);
	scrub_buf_add(&lex->own_pool, key, len);
	scrub_buf_add(&lex->own_pool, pad, entry_size(len) - 10 - len);
	lex->pool = (const unsigned char *)lex->own_pool.ptr;
	lex->own_slots[2 * i] = (uint32_t)off;
	lex->own_slots[2 * i + 1] = hash;
	lex->count++;
	for (k = 0; k < len; k++)
		if (key[k] == ' ')
			words++;
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

int
scrub_lexicon_view(struct scrub_lexicon *lex, const void *blob, size_t size)
{
	struct lex_header h;
	const unsigned char *p = blob;
	const char *name;
	uint32_t i;

	scrub_lexicon_init(lex);
	if (size < sizeof(h))
		return -1;
	memcpy(&h, p, sizeof(h));
	if (memcmp(h.magic, SCRUB_LEX_MAGIC, 8) != 0 ||
	    h.nlists > SCRUB_LEX_MAX_LISTS ||
	    sizeof(h) + h.names_size + (uint64_t)h.nslots * 8 + h.pool_size > size)
		return -1;
	name = (const char *)p + sizeof(h);
	for (i = 0; i < h.nlists; i++) {
		lex->list_names[i] = name;
		name += strlen(name) + 1;
	}
	lex->nlists = h.nlists;
	lex->slots = (const uint32_t *)(p + sizeof(h) + h.names_size);
	lex->pool = p + sizeof(h) + h.names_size + (size_t)h.nslots * 8;
	lex->nslots = h.nslots;
	lex->count = h.count;
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
