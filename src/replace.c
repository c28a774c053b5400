#include "replace.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "fold.h"
#include "lexicon.h"
#include "ruleset_int.h"

struct scrub_replacer {
	const struct scrub_ruleset *rs;
	int op[SCRUB_CAT_COUNT];
	unsigned char *key;
	size_t key_len;
	/* numbered: folded value -> number, per category. */
	struct scrub_lexicon numbers[SCRUB_CAT_COUNT];
	unsigned next_number[SCRUB_CAT_COUNT];
	char *doc_id;
};

struct scrub_replacer *
scrub_replacer_new(const struct scrub_ruleset *rs,
    const struct scrub_scan_opts *opts, struct scrub_error *err)
{
	struct scrub_replacer *r = scrub_xcalloc(1, sizeof(*r));
	int i;

	(void)err;
	r->rs = rs;
	for (i = 0; i < SCRUB_CAT_COUNT; i++) {
		r->op[i] = opts && opts->operators[i] != SCRUB_OP_DEFAULT ?
		    opts->operators[i] : rs->op[i];
		scrub_lexicon_init(&r->numbers[i]);
	}
	if (opts && opts->key_len) {
		r->key = scrub_xmalloc(opts->key_len);
		memcpy(r->key, opts->key, opts->key_len);
		r->key_len = opts->key_len;
	}
	return r;
}

void
scrub_replacer_free(struct scrub_replacer *r)
{
	int i;

	if (!r)
		return;
	for (i = 0; i < SCRUB_CAT_COUNT; i++)
		scrub_lexicon_release(&r->numbers[i]);
	if (r->key) {
		memset(r->key, 0, r->key_len);
		free(r->key);
	}
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
	free(r->doc_id);
	r->doc_id = doc_id ? scrub_xstrdup(doc_id) : NULL;
}

int
scrub_replacer_operator(const struct scrub_replacer *r, int category)
{
	return r->op[category];
}

static void
add_tag(const struct scrub_replacer *r, int category, struct scrub_buf *out)
{
	if (r->rs->tag[category])
		scrub_buf_addstr(out, r->rs->tag[category]);
	else
		scrub_buf_addf(out, "[%s]", scrub_category_name(category));
}

/* Tag with a number that is the same for every spelling of one value. */
static void
add_numbered(struct scrub_replacer *r, int category, const char *text,
    size_t len, struct scrub_buf *out)
{
	char folded[SCRUB_FOLD_MAX];
	int n = scrub_fold(text, len, folded, sizeof(folded));
	uint64_t num = 0;
	const char *tag;
	size_t tl;

	if (n > 0)
		num = scrub_lexicon_get(&r->numbers[category], folded, (size_t)n);
	if (!num) {
		num = ++r->next_number[category];
		if (n > 0)
			scrub_lexicon_add(&r->numbers[category], folded, (size_t)n, num);
	}
	tag = r->rs->tag[category];
	if (tag && (tl = strlen(tag)) > 1 && tag[tl - 1] == ']') {
		scrub_buf_add(out, tag, tl - 1);
		scrub_buf_addf(out, "-%llu]", (unsigned long long)num);
	} else {
		scrub_buf_addf(out, "[%s-%llu]", scrub_category_name(category),
		    (unsigned long long)num);
	}
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
	case SCRUB_OP_TAG:
	default:
		add_tag(r, category, out);
		break;
	}
}
