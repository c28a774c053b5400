/*
 * patterns.c: reading YAML pattern sets into a compiled rule set.
 *
 * Everything a user can get wrong is an error with file:line:column, so a
 * typo never silently disables a rule: unknown keys, wrong types, duplicate
 * ids, regexes that do not compile, missing or cyclic includes, includes
 * that leave the pattern set's directory.  The format is documented in
 * man/phiscrub-patterns.5.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "alloc.h"
#include "buf.h"
#include "builtin.h"
#include "error.h"
#include "fold.h"
#include "prefilter.h"
#include "ruleset_int.h"
#include "yamldoc.h"

#define MAX_SET_BYTES (16u << 20)      /* one YAML file */
#define MAX_LEXICON_LINE 1024          /* one entry of a word list */
#define MAX_LEXICON_ENTRIES 20000000u  /* all lists together */
#define MAX_INCLUDE_DEPTH 16
#define MATCH_LIMIT_HINT "see phiscrub-patterns(5)"

struct scrub_loader {
	struct scrub_ruleset *rs;
	size_t rules_cap, specs_cap;
	int allow_outside;
	uint32_t next_bit;
	int builtin_loaded;
	/* Include stack: canonical paths, for cycle detection. */
	char *stack[MAX_INCLUDE_DEPTH];
	int depth;
	char *root_dir;          /* includes must stay below it */
	crypto_hash_sha256_state digest;
	uint64_t lexicon_entries;
};

/* Where a set came from: a file on disk or a built-in one. */
struct source {
	const char *name;        /* for messages */
	const char *dir;         /* directory of the file, NULL for builtin */
	int builtin;
};

static const char *const category_names[SCRUB_CAT_COUNT] = {
	"NAME", "DATE", "AGE", "LOCATION", "PHONE", "EMAIL", "URL", "HANDLE",
	"ID",
};

static const char *const operator_names[SCRUB_OP_COUNT] = {
	"tag", "numbered", "mask", "pseudonym", "surrogate", "shift",
	"generalize", "keep",
};

static const char *const kind_names[SCRUB_LK_COUNT] = {
	"given", "surname", "name-word", "place", "place-word", "institution",
	"region", "street-type", "common", "allow", "deny", "title", "relation",
	"naming", "signoff", "place-cue", "institution-suffix", "month", "stop",
	"name-cue", "eponym-head", "acronym",
};

const char *
scrub_category_name(int category)
{
	return category >= 0 && category < SCRUB_CAT_COUNT ?
	    category_names[category] : NULL;
}

int
scrub_category_from_name(const char *name)
{
	int i;

	for (i = 0; i < SCRUB_CAT_COUNT; i++)
		if (strcasecmp(name, category_names[i]) == 0)
			return i;
	return -1;
}

int
scrub_operator_from_name(const char *name)
{
	int i;

	for (i = 0; i < SCRUB_OP_COUNT; i++)
		if (strcmp(name, operator_names[i]) == 0)
			return i;
	return -1;
}

const char *
scrub_operator_name(int op)
{
	return op >= 0 && op < SCRUB_OP_COUNT ? operator_names[op] : NULL;
}

static int
kind_from_name(const char *name)
{
	int i;

	for (i = 0; i < SCRUB_LK_COUNT; i++)
		if (strcmp(name, kind_names[i]) == 0)
			return i;
	return -1;
}

/* ---- Errors about nodes ---------------------------------------------- */

static int
node_error(struct scrub_error *err, const struct source *src,
    const struct scrub_ynode *node, const char *fmt, const char *arg)
{
	return scrub_error_at(err, SCRUB_E_CONFIG, src->name,
	    node ? node->line : 0, node ? node->column : 0, fmt, arg);
}

static int
expect(const struct scrub_ynode *node, enum scrub_ynode_type type,
    const char *what, const struct source *src, struct scrub_error *err)
{
	static const char *const type_names[] = {"a scalar", "a list", "a map"};
	char msg[128];

	if (node && node->type == type)
		return 0;
	snprintf(msg, sizeof(msg), "%%s must be %s", type_names[type]);
	return node_error(err, src, node, msg, what);
}

/* Checks that every key of MAP is one of KEYS (NULL-terminated). */
static int
check_keys(const struct scrub_ynode *map, const char *const *keys,
    const char *where, const struct source *src, struct scrub_error *err)
{
	size_t i, k;

	for (i = 0; i + 1 < map->nitems; i += 2) {
		const struct scrub_ynode *key = map->items[i];

		if (key->type != SCRUB_Y_SCALAR)
			return node_error(err, src, key, "keys of %s must be scalars",
			    where);
		for (k = 0; keys[k]; k++)
			if (strcmp(keys[k], key->value) == 0)
				break;
		if (!keys[k]) {
			char msg[160];

			snprintf(msg, sizeof(msg), "unknown key \"%%s\" in %s", where);
			return node_error(err, src, key, msg, key->value);
		}
	}
	return 0;
}

static int
get_bool(const struct scrub_ynode *node, int *out, const char *what,
    const struct source *src, struct scrub_error *err)
{
	if (expect(node, SCRUB_Y_SCALAR, what, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if (!strcmp(node->value, "true") || !strcmp(node->value, "yes"))
		*out = 1;
	else if (!strcmp(node->value, "false") || !strcmp(node->value, "no"))
		*out = 0;
	else
		return node_error(err, src, node, "%s must be true or false", what);
	return 0;
}

static int
get_int(const struct scrub_ynode *node, long min, long max, int *out,
    const char *what, const struct source *src, struct scrub_error *err)
{
	char *end;
	long v;

	if (expect(node, SCRUB_Y_SCALAR, what, src, err) < 0)
		return -SCRUB_E_CONFIG;
	errno = 0;
	v = strtol(node->value, &end, 10);
	if (errno || end == node->value || *end || v < min || v > max) {
		char msg[128];

		snprintf(msg, sizeof(msg), "%%s must be a whole number from %ld to %ld",
		    min, max);
		return node_error(err, src, node, msg, what);
	}
	*out = (int)v;
	return 0;
}

static int
get_category(const struct scrub_ynode *node, int *out,
    const struct source *src, struct scrub_error *err)
{
	if (expect(node, SCRUB_Y_SCALAR, "category", src, err) < 0)
		return -SCRUB_E_CONFIG;
	*out = scrub_category_from_name(node->value);
	if (*out < 0)
		return node_error(err, src, node,
		    "unknown category \"%s\" (NAME, DATE, AGE, LOCATION, PHONE, "
		    "EMAIL, URL, HANDLE or ID)", node->value);
	return 0;
}

/* ---- Files ------------------------------------------------------------ */

static int
read_file(const char *path, size_t limit, struct scrub_buf *out,
    struct scrub_error *err, const struct source *src,
    const struct scrub_ynode *at)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;

	if (!f) {
		if (src && at)
			return scrub_error_at(err, SCRUB_E_CONFIG, src->name, at->line,
			    at->column, "cannot open %s: %s", path, strerror(errno));
		return scrub_error_set(err, SCRUB_E_CONFIG, "%s: %s", path,
		    strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (out->len + n > limit) {
			fclose(f);
			scrub_buf_release(out); /* callers return at once */
			return scrub_error_set(err, SCRUB_E_CONFIG,
			    "%s: larger than %zu bytes", path, limit);
		}
		scrub_buf_add(out, chunk, n);
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		scrub_buf_release(out);
		return scrub_error_set(err, SCRUB_E_CONFIG, "%s: read error: %s",
		    path, strerror(e));
	}
	fclose(f);
	return 0;
}

static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return scrub_xstrdup(".");
	if (slash == path)
		return scrub_xstrdup("/");
	return scrub_xstrndup(path, (size_t)(slash - path));
}

/* Resolves NAME (from a set in SRC->dir) to a canonical path, enforcing the
 * directory rule.  Returns a malloc'd path or NULL with ERR set. */
static char *
resolve_path(struct scrub_loader *ld, const struct source *src,
    const struct scrub_ynode *at, const char *name, struct scrub_error *err)
{
	char joined[PATH_MAX], real[PATH_MAX];
	size_t rl;

	if (name[0] == '/')
		snprintf(joined, sizeof(joined), "%s", name);
	else
		snprintf(joined, sizeof(joined), "%s/%s", src->dir, name);
	if (!realpath(joined, real)) {
		scrub_error_at(err, SCRUB_E_CONFIG, src->name, at->line, at->column,
		    "cannot open %s: %s", name, strerror(errno));
		return NULL;
	}
	rl = strlen(ld->root_dir);
	if (!ld->allow_outside && !(strncmp(real, ld->root_dir, rl) == 0 &&
	    (real[rl] == '/' || (rl == 1 && ld->root_dir[0] == '/')))) {
		scrub_error_at(err, SCRUB_E_CONFIG, src->name, at->line, at->column,
		    "%s is outside the pattern set's directory "
		    "(--allow-outside-includes permits it)", name);
		return NULL;
	}
	return scrub_xstrdup(real);
}

/* ---- Lexicons --------------------------------------------------------- */

static int
new_bit(struct scrub_loader *ld, const struct source *src,
    const struct scrub_ynode *at, struct scrub_error *err)
{
	if (ld->next_bit >= SCRUB_LEX_MAX_LISTS)
		return node_error(err, src, at, "more than %s word lists", "64");
	return (int)ld->next_bit++;
}

/* Adds every line of the file at PATH (one entry a line, '#' comments) to
 * the user table with BIT. */
static int
load_word_file(struct scrub_loader *ld, const char *path, uint64_t bits,
    const struct source *src, const struct scrub_ynode *at,
    struct scrub_error *err)
{
	FILE *f = fopen(path, "rb");
	char line[MAX_LEXICON_LINE + 2];
	size_t len = 0;
	unsigned long lineno = 1;
	int c, too_long = 0;

	if (!f)
		return scrub_error_at(err, SCRUB_E_CONFIG, src->name, at->line,
		    at->column, "cannot open %s: %s", path, strerror(errno));
	for (;;) {
		c = getc(f);
		if (c == EOF || c == '\n') {
			if (too_long) {
				fclose(f);
				return scrub_error_at(err, SCRUB_E_CONFIG, path, lineno, 0,
				    "word list entry longer than %d bytes",
				    MAX_LEXICON_LINE);
			}
			while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' ||
			    line[len - 1] == '\t'))
				len--;
			if (len && line[0] != '#') {
				if (++ld->lexicon_entries > MAX_LEXICON_ENTRIES) {
					fclose(f);
					return scrub_error_at(err, SCRUB_E_CONFIG, path, lineno,
					    0, "more than %u word list entries",
					    MAX_LEXICON_ENTRIES);
				}
				scrub_lexicon_add_phrase(&ld->rs->user, line, len, bits);
				crypto_hash_sha256_update(&ld->digest,
				    (const unsigned char *)line, len);
			}
			if (c == EOF)
				break;
			len = 0;
			lineno++;
			continue;
		}
		if (len < MAX_LEXICON_LINE)
			line[len++] = (char)c;
		else
			too_long = 1;
	}
	if (ferror(f)) {
		int e = errno;

		fclose(f);
		return scrub_error_at(err, SCRUB_E_CONFIG, path, 0, 0,
		    "read error: %s", strerror(e));
	}
	fclose(f);
	if (ld->rs->user.full)
		return scrub_error_at(err, SCRUB_E_CONFIG, path, 0, 0,
		    "word lists larger than %s in all", "2 GiB");
	return 0;
}

static int
add_inline_words(struct scrub_loader *ld, const struct scrub_ynode *list,
    uint64_t bits, const char *what, const struct source *src,
    struct scrub_error *err)
{
	size_t i;

	if (expect(list, SCRUB_Y_SEQ, what, src, err) < 0)
		return -SCRUB_E_CONFIG;
	for (i = 0; i < list->nitems; i++) {
		const struct scrub_ynode *w = list->items[i];

		if (expect(w, SCRUB_Y_SCALAR, "a word", src, err) < 0)
			return -SCRUB_E_CONFIG;
		if (scrub_lexicon_add_phrase(&ld->rs->user, w->value, w->value_len,
		    bits) < 0)
			return node_error(err, src, w,
			    "\"%s\" has no letters or digits to match", w->value);
	}
	return 0;
}

static void
push_spec(struct scrub_loader *ld, struct scrub_lexspec *spec)
{
	struct scrub_ruleset *rs = ld->rs;

	if (rs->nlexspecs == ld->specs_cap) {
		ld->specs_cap = ld->specs_cap ? ld->specs_cap * 2 : 16;
		rs->lexspecs = scrub_xreallocarray(rs->lexspecs, ld->specs_cap,
		    sizeof(*rs->lexspecs));
	}
	rs->lexspecs[rs->nlexspecs++] = *spec;
}

static int
default_category(int kind)
{
	switch (kind) {
	case SCRUB_LK_GIVEN:
	case SCRUB_LK_SURNAME:
	case SCRUB_LK_NAME_WORD:
		return SCRUB_CAT_NAME;
	case SCRUB_LK_PLACE:
	case SCRUB_LK_PLACE_WORD:
	case SCRUB_LK_INSTITUTION:
	case SCRUB_LK_REGION:
		return SCRUB_CAT_LOCATION;
	default:
		return -1;
	}
}

static int
load_lexicon(struct scrub_loader *ld, const struct scrub_ynode *node,
    const struct source *src, struct scrub_error *err)
{
	static const char *const keys[] = {"id", "kind", "category", "file",
	    "words", "description", NULL};
	const struct scrub_ynode *id, *kind, *cat, *file, *words;
	struct scrub_lexspec spec;
	size_t i;
	int bit = -1, rc;

	if (expect(node, SCRUB_Y_MAP, "a lexicon", src, err) < 0 ||
	    check_keys(node, keys, "a lexicon", src, err) < 0)
		return -SCRUB_E_CONFIG;
	id = scrub_ymap_get(node, "id");
	kind = scrub_ymap_get(node, "kind");
	cat = scrub_ymap_get(node, "category");
	file = scrub_ymap_get(node, "file");
	words = scrub_ymap_get(node, "words");
	if (!id)
		return node_error(err, src, node, "a lexicon needs an %s", "id");
	if (expect(id, SCRUB_Y_SCALAR, "id", src, err) < 0)
		return -SCRUB_E_CONFIG;
	for (i = 0; i < ld->rs->nlexspecs; i++)
		if (strcmp(ld->rs->lexspecs[i].id, id->value) == 0)
			return node_error(err, src, id, "duplicate lexicon id \"%s\"",
			    id->value);
	if (!kind)
		return node_error(err, src, node, "lexicon \"%s\" needs a kind",
		    id->value);
	if (expect(kind, SCRUB_Y_SCALAR, "kind", src, err) < 0)
		return -SCRUB_E_CONFIG;
	memset(&spec, 0, sizeof(spec));
	spec.kind = kind_from_name(kind->value);
	if (spec.kind < 0)
		return node_error(err, src, kind, "unknown lexicon kind \"%s\"",
		    kind->value);
	spec.category = default_category(spec.kind);
	if (cat && get_category(cat, &spec.category, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if (spec.kind == SCRUB_LK_DENY && spec.category < 0)
		return node_error(err, src, node,
		    "deny lexicon \"%s\" needs a category", id->value);
	if (!file == !words)
		return node_error(err, src, node,
		    "lexicon \"%s\" needs either file or words", id->value);
	if (file) {
		if (expect(file, SCRUB_Y_SCALAR, "file", src, err) < 0)
			return -SCRUB_E_CONFIG;
		if (src->builtin) {
			/* Built-in lists are in the embedded table, by base name. */
			const char *base = strrchr(file->value, '/');
			char name[256];

			snprintf(name, sizeof(name), "%s", base ? base + 1 : file->value);
			if (strlen(name) > 4 && !strcmp(name + strlen(name) - 4, ".txt"))
				name[strlen(name) - 4] = '\0';
			bit = scrub_lexicon_list_bit(&ld->rs->builtin, name);
			if (bit < 0)
				return node_error(err, src, file,
				    "no built-in word list \"%s\"", file->value);
		} else {
			char *path = resolve_path(ld, src, file, file->value, err);

			if (!path)
				return -SCRUB_E_CONFIG;
			if ((bit = new_bit(ld, src, node, err)) < 0) {
				free(path);
				return bit;
			}
			rc = load_word_file(ld, path, (uint64_t)1 << bit, src, file, err);
			free(path);
			if (rc < 0)
				return rc;
		}
	} else {
		if ((bit = new_bit(ld, src, node, err)) < 0)
			return bit;
		if (add_inline_words(ld, words, (uint64_t)1 << bit, "words", src,
		    err) < 0)
			return -SCRUB_E_CONFIG;
	}
	spec.bit = bit;
	spec.id = scrub_xstrdup(id->value);
	spec.file = scrub_xstrdup(src->name);
	spec.line = node->line;
	ld->rs->lex_category[bit] = spec.category;
	push_spec(ld, &spec);
	return 0;
}

/* `allow: [...]` and `deny: {CATEGORY: [...]}` at the top level. */
static int
load_allow(struct scrub_loader *ld, const struct scrub_ynode *node,
    const struct source *src, struct scrub_error *err)
{
	struct scrub_lexspec spec;
	int bit = new_bit(ld, src, node, err);

	if (bit < 0)
		return bit;
	if (add_inline_words(ld, node, (uint64_t)1 << bit, "allow", src, err) < 0)
		return -SCRUB_E_CONFIG;
	memset(&spec, 0, sizeof(spec));
	spec.id = scrub_xstrdup("allow");
	spec.kind = SCRUB_LK_ALLOW;
	spec.category = -1;
	spec.file = scrub_xstrdup(src->name);
	spec.line = node->line;
	spec.bit = bit;
	push_spec(ld, &spec);
	return 0;
}

static int
load_deny(struct scrub_loader *ld, const struct scrub_ynode *node,
    const struct source *src, struct scrub_error *err)
{
	size_t i;

	if (expect(node, SCRUB_Y_MAP, "deny", src, err) < 0)
		return -SCRUB_E_CONFIG;
	for (i = 0; i + 1 < node->nitems; i += 2) {
		struct scrub_lexspec spec;
		int cat, bit;

		if (get_category(node->items[i], &cat, src, err) < 0)
			return -SCRUB_E_CONFIG;
		if ((bit = new_bit(ld, src, node->items[i], err)) < 0)
			return bit;
		if (add_inline_words(ld, node->items[i + 1], (uint64_t)1 << bit,
		    "deny", src, err) < 0)
			return -SCRUB_E_CONFIG;
		memset(&spec, 0, sizeof(spec));
		spec.id = scrub_xstrdup("deny");
		spec.kind = SCRUB_LK_DENY;
		spec.category = cat;
		spec.file = scrub_xstrdup(src->name);
		spec.line = node->items[i]->line;
		spec.bit = bit;
		ld->rs->lex_category[bit] = cat;
		push_spec(ld, &spec);
	}
	return 0;
}

/* ---- Pattern rules ---------------------------------------------------- */

static void
set_byte(unsigned char *map, unsigned c)
{
	map[c >> 3] |= (unsigned char)(1u << (c & 7));
}

/* Fills the prefilter of RULE from what pcre2 knows about its pattern: the
 * bytes a match can start with, and a byte every match contains.  Letters
 * count in both cases, whatever the flags: a prefilter may only ever let
 * too much through, never too little. */
static void
derive_prefilter(struct scrub_rule *rule)
{
	uint32_t type = 0, unit = 0;
	const uint8_t *bitmap = NULL;

	rule->has_first = 0;
	rule->required_byte = -1;
	if (pcre2_pattern_info(rule->code, PCRE2_INFO_FIRSTCODETYPE, &type) == 0 &&
	    type == 1 &&
	    pcre2_pattern_info(rule->code, PCRE2_INFO_FIRSTCODEUNIT, &unit) == 0) {
		memset(rule->first_bytes, 0, sizeof(rule->first_bytes));
		set_byte(rule->first_bytes, unit & 0xff);
		if ((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z') {
			set_byte(rule->first_bytes, unit | 0x20);
			set_byte(rule->first_bytes, unit & ~0x20u);
		}
		rule->has_first = 1;
	} else if (type == 0 && pcre2_pattern_info(rule->code,
	    PCRE2_INFO_FIRSTBITMAP, &bitmap) == 0 && bitmap) {
		memcpy(rule->first_bytes, bitmap, 32);
		rule->has_first = 1;
	}
	type = 0;
	if (pcre2_pattern_info(rule->code, PCRE2_INFO_LASTCODETYPE, &type) == 0 &&
	    type == 1 &&
	    pcre2_pattern_info(rule->code, PCRE2_INFO_LASTCODEUNIT, &unit) == 0 &&
	    unit < 128 && !((unit | 0x20) >= 'a' && (unit | 0x20) <= 'z'))
		rule->required_byte = (int)unit;
}

static int
load_phrases(const struct scrub_ynode *list, char ***out, size_t *n,
    const char *what, const struct source *src, struct scrub_error *err)
{
	size_t i;

	if (expect(list, SCRUB_Y_SEQ, what, src, err) < 0)
		return -SCRUB_E_CONFIG;
	*out = scrub_xcalloc(list->nitems, sizeof(char *));
	*n = 0;
	for (i = 0; i < list->nitems; i++) {
		char folded[SCRUB_FOLD_MAX];
		const struct scrub_ynode *w = list->items[i];
		int len;

		if (expect(w, SCRUB_Y_SCALAR, "a context word", src, err) < 0)
			return -SCRUB_E_CONFIG;
		len = scrub_fold(w->value, w->value_len, folded, sizeof(folded));
		if (len <= 0)
			return node_error(err, src, w,
			    "\"%s\" has no letters or digits to match", w->value);
		(*out)[(*n)++] = scrub_xstrdup(folded);
	}
	return 0;
}

static int
load_context(struct scrub_rule *rule, const struct scrub_ynode *node,
    const struct source *src, struct scrub_error *err)
{
	static const char *const keys[] = {"before", "after", "unless", "window",
	    "required", NULL};
	const struct scrub_ynode *v;

	if (expect(node, SCRUB_Y_MAP, "context", src, err) < 0 ||
	    check_keys(node, keys, "context", src, err) < 0)
		return -SCRUB_E_CONFIG;
	rule->ctx_window = 4;
	if ((v = scrub_ymap_get(node, "before")) &&
	    load_phrases(v, &rule->ctx_before, &rule->nctx_before,
	    "context before", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(node, "after")) &&
	    load_phrases(v, &rule->ctx_after, &rule->nctx_after,
	    "context after", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(node, "unless")) &&
	    load_phrases(v, &rule->ctx_unless, &rule->nctx_unless,
	    "context unless", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(node, "window")) &&
	    get_int(v, 1, 50, &rule->ctx_window, "window", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(node, "required")) &&
	    get_bool(v, &rule->ctx_required, "required", src, err) < 0)
		return -SCRUB_E_CONFIG;
	return 0;
}

static void
free_rule(struct scrub_rule *r)
{
	size_t i;

	free(r->id);
	free(r->file);
	pcre2_code_free(r->code);
	scrub_pf_free(r->pf);
	for (i = 0; i < r->nctx_before; i++)
		free(r->ctx_before[i]);
	free(r->ctx_before);
	for (i = 0; i < r->nctx_after; i++)
		free(r->ctx_after[i]);
	free(r->ctx_after);
	for (i = 0; i < r->nctx_unless; i++)
		free(r->ctx_unless[i]);
	free(r->ctx_unless);
}

static int
compile_rule(struct scrub_rule *rule, const struct scrub_ynode *pattern,
    const struct scrub_ynode *flags, const struct source *src,
    struct scrub_error *err)
{
	uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, groups = 0;
	int errcode, n;
	PCRE2_SIZE erroff;
	PCRE2_UCHAR msg[256];
	size_t i;

	if (flags) {
		if (expect(flags, SCRUB_Y_SEQ, "flags", src, err) < 0)
			return -SCRUB_E_CONFIG;
		for (i = 0; i < flags->nitems; i++) {
			const struct scrub_ynode *f = flags->items[i];

			if (expect(f, SCRUB_Y_SCALAR, "a flag", src, err) < 0)
				return -SCRUB_E_CONFIG;
			if (!strcmp(f->value, "caseless"))
				options |= PCRE2_CASELESS;
			else if (!strcmp(f->value, "extended"))
				options |= PCRE2_EXTENDED;
			else if (!strcmp(f->value, "ucp"))
				options |= PCRE2_UCP;
			else
				return node_error(err, src, f,
				    "unknown flag \"%s\" (caseless, extended or ucp)",
				    f->value);
		}
	}
	rule->code = pcre2_compile((PCRE2_SPTR)pattern->value, pattern->value_len,
	    options, &errcode, &erroff, NULL);
	if (!rule->code) {
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		return scrub_error_at(err, SCRUB_E_CONFIG, src->name, pattern->line,
		    pattern->column, "rule \"%s\": bad pattern at offset %zu: %s",
		    rule->id, (size_t)erroff, (const char *)msg);
	}
	/* Without JIT (some platforms) the interpreter is used: slower, same
	 * results and limits. */
	(void)pcre2_jit_compile(rule->code, PCRE2_JIT_COMPLETE);
	n = pcre2_substring_number_from_name(rule->code, (PCRE2_SPTR)"phi");
	rule->phi_group = n > 0 ? (uint32_t)n : 0;
	pcre2_pattern_info(rule->code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (pcre2_pattern_info(rule->code, PCRE2_INFO_MATCHEMPTY, &groups) == 0 &&
	    groups)
		return scrub_error_at(err, SCRUB_E_CONFIG, src->name, pattern->line,
		    pattern->column, "rule \"%s\": pattern can match empty text",
		    rule->id);
	derive_prefilter(rule);
	rule->pf = scrub_pf_analyze(pattern->value, pattern->value_len, options,
	    rule->has_first ? rule->first_bytes : NULL);
	return 0;
}

static int
load_rule(struct scrub_loader *ld, const struct scrub_ynode *node,
    const struct source *src, struct scrub_error *err)
{
	static const char *const keys[] = {"id", "category", "pattern", "flags",
	    "validate", "context", "priority", "score", "description", NULL};
	struct scrub_ruleset *rs = ld->rs;
	struct scrub_rule rule;
	const struct scrub_ynode *id, *v, *pattern;
	uint32_t groups = 0;
	size_t i;

	if (expect(node, SCRUB_Y_MAP, "a rule", src, err) < 0 ||
	    check_keys(node, keys, "a rule", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if (!(id = scrub_ymap_get(node, "id")))
		return node_error(err, src, node, "a rule needs an %s", "id");
	if (expect(id, SCRUB_Y_SCALAR, "id", src, err) < 0)
		return -SCRUB_E_CONFIG;
	for (i = 0; i < rs->nrules; i++)
		if (!strcmp(rs->rules[i].id, id->value))
			return node_error(err, src, id,
			    "duplicate rule id \"%s\" (use disable: to replace a rule)",
			    id->value);
	memset(&rule, 0, sizeof(rule));
	rule.id = id->value;
	rule.score = 0.9;
	if (!(v = scrub_ymap_get(node, "category")))
		return node_error(err, src, node, "rule \"%s\" needs a category",
		    id->value);
	if (get_category(v, &rule.category, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if (!(pattern = scrub_ymap_get(node, "pattern")))
		return node_error(err, src, node, "rule \"%s\" needs a pattern",
		    id->value);
	if (expect(pattern, SCRUB_Y_SCALAR, "pattern", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(node, "validate"))) {
		if (expect(v, SCRUB_Y_SCALAR, "validate", src, err) < 0)
			return -SCRUB_E_CONFIG;
		if ((rule.validator = scrub_validator_from_name(v->value)) < 0)
			return node_error(err, src, v, "unknown validator \"%s\" (luhn, "
			    "ssn, nhs, vin, nanp, ipv4, date or iban)", v->value);
	}
	if ((v = scrub_ymap_get(node, "priority")) &&
	    get_int(v, -1000, 1000, &rule.priority, "priority", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(node, "score"))) {
		char *end;

		if (expect(v, SCRUB_Y_SCALAR, "score", src, err) < 0)
			return -SCRUB_E_CONFIG;
		rule.score = strtod(v->value, &end);
		if (*end || end == v->value || rule.score < 0 || rule.score > 1)
			return node_error(err, src, v, "%s must be a number from 0 to 1",
			    "score");
	}
	rule.id = scrub_xstrdup(id->value);
	rule.file = scrub_xstrdup(src->name);
	rule.line = node->line;
	if (((v = scrub_ymap_get(node, "context")) &&
	    load_context(&rule, v, src, err) < 0) ||
	    compile_rule(&rule, pattern, scrub_ymap_get(node, "flags"), src,
	    err) < 0) {
		free_rule(&rule);
		return -SCRUB_E_CONFIG;
	}
	pcre2_pattern_info(rule.code, PCRE2_INFO_CAPTURECOUNT, &groups);
	if (groups + 1 > rs->max_groups)
		rs->max_groups = groups + 1;
	if (rs->nrules == ld->rules_cap) {
		ld->rules_cap = ld->rules_cap ? ld->rules_cap * 2 : 64;
		rs->rules = scrub_xreallocarray(rs->rules, ld->rules_cap,
		    sizeof(*rs->rules));
	}
	rs->rules[rs->nrules++] = rule;
	return 0;
}

static int
load_disable(struct scrub_loader *ld, const struct scrub_ynode *list,
    const struct source *src, struct scrub_error *err)
{
	struct scrub_ruleset *rs = ld->rs;
	size_t i, k;

	if (expect(list, SCRUB_Y_SEQ, "disable", src, err) < 0)
		return -SCRUB_E_CONFIG;
	for (i = 0; i < list->nitems; i++) {
		const struct scrub_ynode *id = list->items[i];
		int found = 0;

		if (expect(id, SCRUB_Y_SCALAR, "a rule id", src, err) < 0)
			return -SCRUB_E_CONFIG;
		for (k = 0; k < rs->nrules; k++)
			if (!strcmp(rs->rules[k].id, id->value)) {
				free_rule(&rs->rules[k]);
				memmove(&rs->rules[k], &rs->rules[k + 1],
				    (rs->nrules - k - 1) * sizeof(*rs->rules));
				rs->nrules--;
				found = 1;
				break;
			}
		for (k = 0; !found && k < rs->nlexspecs; k++)
			if (!strcmp(rs->lexspecs[k].id, id->value)) {
				/* The list's bit stays allocated but means nothing. */
				free(rs->lexspecs[k].id);
				free(rs->lexspecs[k].file);
				memmove(&rs->lexspecs[k], &rs->lexspecs[k + 1],
				    (rs->nlexspecs - k - 1) * sizeof(*rs->lexspecs));
				rs->nlexspecs--;
				found = 1;
			}
		if (!found)
			return node_error(err, src, id,
			    "disable: no rule or lexicon \"%s\" loaded so far", id->value);
	}
	return 0;
}

/* ---- Options, replacement, tags --------------------------------------- */

static int
apply_option(struct scrub_ruleset *rs, const char *name, int value)
{
	if (!strcmp(name, "aggressive"))
		rs->aggressive = value;
	else if (!strcmp(name, "redact_years"))
		rs->redact_years = value;
	else if (!strcmp(name, "redact_states"))
		rs->redact_states = value;
	else
		return -1;
	return 0;
}

static int
load_options(struct scrub_loader *ld, const struct scrub_ynode *node,
    const struct source *src, struct scrub_error *err)
{
	static const char *const keys[] = {"aggressive", "redact_years",
	    "redact_states", "mask_char", "shift_min_days", "shift_max_days",
	    "age_phrase", "generalize_dates", NULL};
	struct scrub_ruleset *rs = ld->rs;
	size_t i;

	if (expect(node, SCRUB_Y_MAP, "options", src, err) < 0 ||
	    check_keys(node, keys, "options", src, err) < 0)
		return -SCRUB_E_CONFIG;
	for (i = 0; i + 1 < node->nitems; i += 2) {
		const char *key = node->items[i]->value;
		const struct scrub_ynode *v = node->items[i + 1];
		int b;

		if (!strcmp(key, "mask_char")) {
			if (expect(v, SCRUB_Y_SCALAR, key, src, err) < 0)
				return -SCRUB_E_CONFIG;
			if (v->value_len != 1 || (unsigned char)v->value[0] < 0x21 ||
			    (unsigned char)v->value[0] > 0x7e)
				return node_error(err, src, v,
				    "%s must be one printable ASCII character", key);
			rs->mask_char = v->value[0];
		} else if (!strcmp(key, "shift_min_days")) {
			if (get_int(v, -3650, 3650, &rs->shift_min_days, key, src,
			    err) < 0)
				return -SCRUB_E_CONFIG;
		} else if (!strcmp(key, "shift_max_days")) {
			if (get_int(v, -3650, 3650, &rs->shift_max_days, key, src,
			    err) < 0)
				return -SCRUB_E_CONFIG;
		} else if (!strcmp(key, "age_phrase")) {
			if (expect(v, SCRUB_Y_SCALAR, key, src, err) < 0)
				return -SCRUB_E_CONFIG;
			if (v->value_len < 1 || v->value_len > 64 ||
			    strlen(v->value) != v->value_len ||
			    strpbrk(v->value, "\r\n"))
				return node_error(err, src, v,
				    "%s must be one line of 1 to 64 bytes", key);
			free(rs->age_phrase);
			rs->age_phrase = scrub_xstrdup(v->value);
		} else if (!strcmp(key, "generalize_dates")) {
			if (expect(v, SCRUB_Y_SCALAR, key, src, err) < 0)
				return -SCRUB_E_CONFIG;
			if (strcmp(v->value, "month") && strcmp(v->value, "year"))
				return node_error(err, src, v,
				    "%s must be month or year", key);
			rs->generalize_year_only = !strcmp(v->value, "year");
		} else {
			if (get_bool(v, &b, key, src, err) < 0)
				return -SCRUB_E_CONFIG;
			apply_option(rs, key, b);
		}
	}
	if (rs->shift_min_days > rs->shift_max_days)
		return node_error(err, src, node,
		    "%s: shift_min_days is greater than shift_max_days", "options");
	return 0;
}

static int
load_category_map(struct scrub_loader *ld, const struct scrub_ynode *node,
    int is_replace, const struct source *src, struct scrub_error *err)
{
	struct scrub_ruleset *rs = ld->rs;
	size_t i;

	if (expect(node, SCRUB_Y_MAP, is_replace ? "replace" : "tags", src,
	    err) < 0)
		return -SCRUB_E_CONFIG;
	for (i = 0; i + 1 < node->nitems; i += 2) {
		const struct scrub_ynode *v = node->items[i + 1];
		int cat;

		if (get_category(node->items[i], &cat, src, err) < 0 ||
		    expect(v, SCRUB_Y_SCALAR, is_replace ? "an operator" : "a tag",
		    src, err) < 0)
			return -SCRUB_E_CONFIG;
		if (is_replace) {
			int op = scrub_operator_from_name(v->value);

			if (op < 0)
				return node_error(err, src, v, "unknown operator \"%s\" "
				    "(tag, numbered, mask, pseudonym, surrogate, shift, "
				    "generalize or keep)", v->value);
			if (op == SCRUB_OP_SHIFT && cat != SCRUB_CAT_DATE)
				return node_error(err, src, v, "%s applies to DATE only",
				    "shift");
			rs->op[cat] = op;
		} else {
			free(rs->tag[cat]);
			rs->tag[cat] = scrub_xstrdup(v->value);
		}
	}
	return 0;
}

/* ---- Sets and includes ------------------------------------------------ */

static int load_text(struct scrub_loader *ld, const struct source *src,
    const char *text, size_t len, struct scrub_error *err);

static int
load_include(struct scrub_loader *ld, const struct source *src,
    const struct scrub_ynode *name, struct scrub_error *err)
{
	struct scrub_buf text = SCRUB_BUF_INIT;
	struct source inc;
	char *path, *dir;
	size_t i;
	int k, rc;

	if (expect(name, SCRUB_Y_SCALAR, "an include", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if (src->builtin) {
		for (i = 0; i < scrub_builtin_nfiles; i++)
			if (!strcmp(scrub_builtin_files[i].name, name->value))
				break;
		if (i == scrub_builtin_nfiles)
			return node_error(err, src, name, "no built-in set \"%s\"",
			    name->value);
		for (k = 0; k < ld->depth; k++)
			if (!strcmp(ld->stack[k], name->value))
				return node_error(err, src, name, "include cycle through %s",
				    name->value);
		if (ld->depth >= MAX_INCLUDE_DEPTH)
			return node_error(err, src, name, "includes nested deeper "
			    "than %s levels", "16");
		ld->stack[ld->depth++] = scrub_xstrdup(name->value);
		rc = load_text(ld, src, scrub_builtin_files[i].text,
		    scrub_builtin_files[i].len, err);
		free(ld->stack[--ld->depth]);
		return rc;
	}
	if (!(path = resolve_path(ld, src, name, name->value, err)))
		return -SCRUB_E_CONFIG;
	for (k = 0; k < ld->depth; k++)
		if (!strcmp(ld->stack[k], path)) {
			free(path);
			return node_error(err, src, name, "include cycle through %s",
			    name->value);
		}
	if (ld->depth >= MAX_INCLUDE_DEPTH) {
		free(path);
		return node_error(err, src, name,
		    "includes nested deeper than %s levels", "16");
	}
	if ((rc = read_file(path, MAX_SET_BYTES, &text, err, src, name)) < 0) {
		free(path);
		return rc;
	}
	dir = dir_of(path);
	inc.name = name->value[0] == '/' ? path : NULL;
	inc.dir = dir;
	inc.builtin = 0;
	/* Messages name the file as the user would reach it. */
	{
		char shown[PATH_MAX];

		if (!inc.name) {
			snprintf(shown, sizeof(shown), "%s/%s",
			    strcmp(src->dir, ".") ? src->dir : ".", name->value);
			inc.name = strcmp(src->dir, ".") ? shown : name->value;
		}
		ld->stack[ld->depth++] = path;
		rc = load_text(ld, &inc, text.ptr, text.len, err);
		ld->depth--;
	}
	free(path);
	free(dir);
	scrub_buf_release(&text);
	return rc;
}

static int
load_set(struct scrub_loader *ld, const struct scrub_ynode *root,
    const struct source *src, struct scrub_error *err)
{
	static const char *const keys[] = {"phiscrub", "name", "description",
	    "include", "options", "rules", "lexicons", "allow", "deny", "replace",
	    "tags", "disable", NULL};
	const struct scrub_ynode *v;
	size_t i;
	int version;

	if (!root)
		return scrub_error_at(err, SCRUB_E_CONFIG, src->name, 1, 1,
		    "empty pattern set (it needs at least \"phiscrub: 1\")");
	if (expect(root, SCRUB_Y_MAP, "a pattern set", src, err) < 0 ||
	    check_keys(root, keys, "a pattern set", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if (!(v = scrub_ymap_get(root, "phiscrub")))
		return node_error(err, src, root,
		    "missing format version (\"phiscrub: %s\")", "1");
	if (get_int(v, 1, 1, &version, "phiscrub (the format version)", src,
	    err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(root, "name")) &&
	    expect(v, SCRUB_Y_SCALAR, "name", src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(root, "include"))) {
		if (expect(v, SCRUB_Y_SEQ, "include", src, err) < 0)
			return -SCRUB_E_CONFIG;
		for (i = 0; i < v->nitems; i++)
			if (load_include(ld, src, v->items[i], err) < 0)
				return -SCRUB_E_CONFIG;
	}
	if ((v = scrub_ymap_get(root, "disable")) &&
	    load_disable(ld, v, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(root, "options")) &&
	    load_options(ld, v, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(root, "lexicons"))) {
		if (expect(v, SCRUB_Y_SEQ, "lexicons", src, err) < 0)
			return -SCRUB_E_CONFIG;
		for (i = 0; i < v->nitems; i++)
			if (load_lexicon(ld, v->items[i], src, err) < 0)
				return -SCRUB_E_CONFIG;
	}
	if ((v = scrub_ymap_get(root, "rules"))) {
		if (expect(v, SCRUB_Y_SEQ, "rules", src, err) < 0)
			return -SCRUB_E_CONFIG;
		for (i = 0; i < v->nitems; i++)
			if (load_rule(ld, v->items[i], src, err) < 0)
				return -SCRUB_E_CONFIG;
	}
	if ((v = scrub_ymap_get(root, "allow")) && load_allow(ld, v, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(root, "deny")) && load_deny(ld, v, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(root, "replace")) &&
	    load_category_map(ld, v, 1, src, err) < 0)
		return -SCRUB_E_CONFIG;
	if ((v = scrub_ymap_get(root, "tags")) &&
	    load_category_map(ld, v, 0, src, err) < 0)
		return -SCRUB_E_CONFIG;
	return 0;
}

static int
load_text(struct scrub_loader *ld, const struct source *src, const char *text,
    size_t len, struct scrub_error *err)
{
	struct scrub_ynode *root;
	int rc;

	crypto_hash_sha256_update(&ld->digest, (const unsigned char *)text, len);
	if ((rc = scrub_yaml_parse(src->name, text, len, &root, err)) < 0)
		return rc;
	rc = load_set(ld, root, src, err);
	scrub_ynode_free(root);
	return rc;
}

/* ---- Public interface ------------------------------------------------- */

struct scrub_loader *
scrub_loader_new(void)
{
	struct scrub_loader *ld = scrub_xcalloc(1, sizeof(*ld));
	struct scrub_ruleset *rs = scrub_xcalloc(1, sizeof(*rs));
	int i;

	if (sodium_init() < 0)
		abort(); /* libsodium cannot start: nothing keyed can work */
	ld->rs = rs;
	scrub_lexicon_init(&rs->builtin);
	scrub_lexicon_init(&rs->user);
	for (i = 0; i < SCRUB_CAT_COUNT; i++)
		rs->op[i] = SCRUB_OP_TAG;
	for (i = 0; i < SCRUB_LEX_MAX_LISTS; i++)
		rs->lex_category[i] = -1;
	rs->mask_char = 'X';
	rs->shift_min_days = -60;
	rs->shift_max_days = 60;
	crypto_hash_sha256_init(&ld->digest);
	return ld;
}

void
scrub_ruleset_free(struct scrub_ruleset *rs)
{
	size_t i;

	if (!rs)
		return;
	for (i = 0; i < rs->nrules; i++)
		free_rule(&rs->rules[i]);
	free(rs->rules);
	scrub_pf_index_free(rs->pf_index);
	for (i = 0; i < rs->nlexspecs; i++) {
		free(rs->lexspecs[i].id);
		free(rs->lexspecs[i].file);
	}
	free(rs->lexspecs);
	scrub_lexicon_release(&rs->user);
	for (i = 0; i < SCRUB_CAT_COUNT; i++)
		free(rs->tag[i]);
	free(rs->age_phrase);
	free(rs);
}

void
scrub_loader_free(struct scrub_loader *ld)
{
	if (!ld)
		return;
	scrub_ruleset_free(ld->rs);
	while (ld->depth > 0)
		free(ld->stack[--ld->depth]);
	free(ld->root_dir);
	free(ld);
}

void
scrub_loader_allow_outside_includes(struct scrub_loader *ld, int allow)
{
	ld->allow_outside = allow;
}

int
scrub_loader_add_defaults(struct scrub_loader *ld, struct scrub_error *err)
{
	struct source src;
	size_t i;
	int rc;

	if (ld->builtin_loaded)
		return 0;
	if (scrub_lexicon_view(&ld->rs->builtin, scrub_builtin_lexicon,
	    (size_t)(scrub_builtin_lexicon_end - scrub_builtin_lexicon)) < 0)
		return scrub_error_set(err, SCRUB_E_CONFIG,
		    "the built-in word lists are damaged");
	if (ld->next_bit < ld->rs->builtin.nlists)
		ld->next_bit = ld->rs->builtin.nlists;
	ld->builtin_loaded = 1;
	for (i = 0; i < scrub_builtin_nfiles; i++) {
		char name[300];

		/* Files starting with '_' are only for include. */
		if (scrub_builtin_files[i].name[0] == '_')
			continue;
		snprintf(name, sizeof(name), "<builtin>/%s",
		    scrub_builtin_files[i].name);
		src.name = name;
		src.dir = NULL;
		src.builtin = 1;
		rc = load_text(ld, &src, scrub_builtin_files[i].text,
		    scrub_builtin_files[i].len, err);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int
add_file(struct scrub_loader *ld, const char *path, const char *root,
    struct scrub_error *err)
{
	struct scrub_buf text = SCRUB_BUF_INIT;
	struct source src;
	char real[PATH_MAX];
	char *dir;
	int rc;

	if ((rc = read_file(path, MAX_SET_BYTES, &text, err, NULL, NULL)) < 0)
		return rc;
	dir = dir_of(path);
	free(ld->root_dir);
	ld->root_dir = scrub_xstrdup(realpath(root, real) ? real : root);
	src.name = path;
	src.dir = dir;
	src.builtin = 0;
	if (realpath(path, real))
		ld->stack[ld->depth++] = scrub_xstrdup(real);
	rc = load_text(ld, &src, text.ptr, text.len, err);
	while (ld->depth > 0)
		free(ld->stack[--ld->depth]);
	free(dir);
	scrub_buf_release(&text);
	return rc;
}

int
scrub_loader_add_path(struct scrub_loader *ld, const char *path,
    struct scrub_error *err)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	int rc = 0;

	if (stat(path, &st) < 0)
		return scrub_error_set(err, SCRUB_E_CONFIG, "%s: %s", path,
		    strerror(errno));
	if (!S_ISDIR(st.st_mode)) {
		char *dir = dir_of(path);

		rc = add_file(ld, path, dir, err);
		free(dir);
		return rc;
	}
	if (!(d = opendir(path)))
		return scrub_error_set(err, SCRUB_E_CONFIG, "%s: %s", path,
		    strerror(errno));
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (de->d_name[0] == '.' || de->d_name[0] == '_' ||
		    !((len > 5 && !strcmp(de->d_name + len - 5, ".yaml")) ||
		    (len > 4 && !strcmp(de->d_name + len - 4, ".yml"))))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = scrub_xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = scrub_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++) {
		char full[PATH_MAX];

		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		if (rc == 0)
			rc = add_file(ld, full, path, err);
		free(names[i]);
	}
	free(names);
	return rc;
}

int
scrub_loader_add_string(struct scrub_loader *ld, const char *name,
    const char *yaml, size_t len, struct scrub_error *err)
{
	struct source src;
	char real[PATH_MAX];

	free(ld->root_dir);
	ld->root_dir = scrub_xstrdup(realpath(".", real) ? real : ".");
	src.name = name;
	src.dir = ".";
	src.builtin = 0;
	return load_text(ld, &src, yaml, len, err);
}

int
scrub_loader_set_option(struct scrub_loader *ld, const char *option,
    int value, struct scrub_error *err)
{
	unsigned char v = (unsigned char)value;

	if (apply_option(ld->rs, option, value) < 0)
		return scrub_error_set(err, SCRUB_E_USAGE, "unknown option \"%s\"",
		    option);
	crypto_hash_sha256_update(&ld->digest, (const unsigned char *)option,
	    strlen(option));
	crypto_hash_sha256_update(&ld->digest, &v, 1);
	return 0;
}

int
scrub_loader_finish(struct scrub_loader *ld, struct scrub_ruleset **out,
    struct scrub_error *err)
{
	struct scrub_ruleset *rs = ld->rs;
	unsigned char hash[crypto_hash_sha256_BYTES];
	size_t i;

	(void)err;
	for (i = 0; i < rs->nlexspecs; i++)
		rs->kind_mask[rs->lexspecs[i].kind] |= (uint64_t)1 << rs->lexspecs[i].bit;
	rs->max_phrase_words = rs->builtin.max_words > rs->user.max_words ?
	    rs->builtin.max_words : rs->user.max_words;
	if (rs->max_phrase_words < 1)
		rs->max_phrase_words = 1;
	if (rs->max_phrase_words > 6)
		rs->max_phrase_words = 6;
	if (rs->max_groups == 0)
		rs->max_groups = 1;
	rs->pf_index = scrub_pf_index_new(rs);
	crypto_hash_sha256_final(&ld->digest, hash);
	sodium_bin2hex(rs->digest, sizeof(rs->digest), hash, sizeof(hash));
	*out = rs;
	ld->rs = NULL;
	return 0;
}

size_t
scrub_ruleset_count(const struct scrub_ruleset *rs)
{
	return rs->nrules + rs->nlexspecs;
}

int
scrub_ruleset_info(const struct scrub_ruleset *rs, size_t i,
    struct scrub_rule_info *info)
{
	if (i < rs->nrules) {
		info->id = rs->rules[i].id;
		info->kind = "pattern";
		info->category = rs->rules[i].category;
		info->file = rs->rules[i].file;
		info->line = rs->rules[i].line;
		return 0;
	}
	i -= rs->nrules;
	if (i >= rs->nlexspecs)
		return -SCRUB_E_USAGE;
	info->id = rs->lexspecs[i].id;
	info->kind = kind_names[rs->lexspecs[i].kind];
	info->category = rs->lexspecs[i].category;
	info->file = rs->lexspecs[i].file;
	info->line = rs->lexspecs[i].line;
	return 0;
}

const char *
scrub_ruleset_digest(const struct scrub_ruleset *rs)
{
	return rs->digest;
}
