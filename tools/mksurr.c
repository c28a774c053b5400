/*
 * mksurr: writes the enumerable name lists that the surrogate operator
 * draws from (see src/surrogate.h), as a generated C file.  The lexicon
 * blob cannot serve: it is a hash table of folded forms, with neither the
 * original spelling nor an order to draw from.
 *   mksurr OUT.c FEMALE.txt MALE.txt SURNAMES.txt EXCLUDE.txt...
 *
 * The word lists are ordered by frequency (see patterns/lexicons/SOURCES.md).
 * A candidate is a plain ASCII name (capital letter, then 2 to 11 small
 * letters) that is not also an ordinary word (any EXCLUDE list, compared
 * in lower case), so that a surrogate never reads as a word ("Hope",
 * "Mark").  A given name counts as female or male by where it ranks
 * higher: Mary is 4th of the female list and 958th of the male one.
 *
 * Output: one string pool and arrays of offsets into it (no relocations):
 * the first NGIVEN female and male names and NSURNAMES surnames; and a
 * table of the NTOPGIVEN most frequent names of each given-name list and
 * the NTOPSURNAMES most frequent surnames, lower case, sorted, with what
 * each name is, for reading the original:
 *   gender: 'f' or 'm' for a given name (where it ranks higher), '-' if not
 *   role:   'g' a given name, 's' a surname, 'a' either: a name in both
 *           lists is the one where it ranks RATIO times higher (Sarah: 38th
 *           given name, not among the top surnames; Smith: first surname,
 *           3921st given name; Thomas: 10th and 12th, either).
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NGIVEN 2000
#define NSURNAMES 5000
#define NTOPGIVEN 8000
#define NTOPSURNAMES 20000
#define RATIO 8

struct list {
	char **v;
	size_t n, cap;
};

static void *
xrealloc(void *p, size_t n)
{
	if (!(p = realloc(p, n))) {
		fprintf(stderr, "mksurr: out of memory\n");
		exit(1);
	}
	return p;
}

static void
push(struct list *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 1024;
		l->v = xrealloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n] = xrealloc(NULL, strlen(s) + 1);
	strcpy(l->v[l->n++], s);
}

/* Reads FILE's entries (no comments, no blank lines), in order. */
static void
read_list(const char *file, struct list *l)
{
	FILE *in = fopen(file, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (!in) {
		perror(file);
		exit(1);
	}
	while ((n = getline(&line, &cap, in)) > 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
		    line[n - 1] == ' '))
			line[--n] = '\0';
		if (n == 0 || line[0] == '#')
			continue;
		push(l, line);
	}
	if (ferror(in)) {
		perror(file);
		exit(1);
	}
	free(line);
	fclose(in);
}

static void
lower(char *s)
{
	for (; *s; s++)
		*s = (char)tolower((unsigned char)*s);
}

/* A list's entries in lower case, sorted, each with its 1-based rank (its
 * first place in the list), for lookups. */
struct ranked {
	char *word;
	size_t rank;
};
struct index {
	struct ranked *v;
	size_t n;
};

static int
cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(x->word, y->word);

	if (c)
		return c;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

static struct index
make_index(const struct list *l)
{
	struct index ix;
	size_t i, k = 0;

	ix.v = xrealloc(NULL, (l->n + 1) * sizeof(*ix.v));
	for (i = 0; i < l->n; i++) {
		ix.v[i].word = xrealloc(NULL, strlen(l->v[i]) + 1);
		strcpy(ix.v[i].word, l->v[i]);
		lower(ix.v[i].word);
		ix.v[i].rank = i + 1;
	}
	qsort(ix.v, l->n, sizeof(*ix.v), cmp_ranked);
	for (i = 0; i < l->n; i++)   /* keep the best rank of each word */
		if (!k || strcmp(ix.v[k - 1].word, ix.v[i].word))
			ix.v[k++] = ix.v[i];
		else
			free(ix.v[i].word);
	ix.n = k;
	return ix;
}

static void
free_index(struct index *ix)
{
	size_t i;

	for (i = 0; i < ix->n; i++)
		free(ix->v[i].word);
	free(ix->v);
}

static void
free_list(struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

static int
cmp_word(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ranked *)elem)->word);
}

/* The rank of WORD (any case) in IX, or NONE when absent. */
#define NONE ((size_t)-1)
static size_t
rank_in(const struct index *ix, const char *word)
{
	char low[64];
	const struct ranked *r;

	if (strlen(word) >= sizeof(low))
		return NONE;
	strcpy(low, word);
	lower(low);
	r = bsearch(low, ix->v, ix->n, sizeof(*ix->v), cmp_word);
	return r ? r->rank : NONE;
}

static int
plain_name(const char *s)
{
	size_t i, n = strlen(s);

	if (n < 3 || n > 12 || !isupper((unsigned char)s[0]))
		return 0;
	for (i = 1; i < n; i++)
		if (!islower((unsigned char)s[i]) || (unsigned char)s[i] > 0x7f)
			return 0;
	return 1;
}

struct pool {
	char *s;
	size_t len, cap;
};

static unsigned long
pool_add(struct pool *p, const char *s)
{
	size_t n = strlen(s) + 1;
	unsigned long off = (unsigned long)p->len;

	if (p->len + n > p->cap) {
		p->cap = (p->len + n) * 2;
		p->s = xrealloc(p->s, p->cap);
	}
	memcpy(p->s + p->len, s, n);
	p->len += n;
	return off;
}

static void
write_offsets(FILE *out, const char *name, const unsigned long *v, size_t n)
{
	size_t i;

	fprintf(out, "const uint32_t %s[] = {", name);
	for (i = 0; i < n; i++)
		fprintf(out, "%s%lu,", i % 12 ? " " : "\n\t", v[i]);
	fprintf(out, "\n};\nconst size_t %s_count = %zu;\n\n", name, n);
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Rank R if within LIMIT, else NONE. */
static size_t
within(size_t r, size_t limit)
{
	return r <= limit ? r : NONE;
}

/* One character per name, as a string. */
static void
write_chars(FILE *out, const char *name, const char *v, size_t n)
{
	size_t i;

	fprintf(out, "const char %s[] =", name);
	for (i = 0; i < n; i++) {
		if (i % 64 == 0)
			fprintf(out, "%s\n\t\"", i ? "\"" : "");
		fputc(v[i], out);
	}
	fprintf(out, "%s;\n", n ? "\"" : " \"\"");
}

int
main(int argc, char **argv)
{
	struct list female = {0}, male = {0}, surnames = {0}, exclude = {0};
	struct index excl, fem_ix, male_ix, sur_ix;
	unsigned long *fv, *mv, *sv, *gv;
	char **gt, *gender, *role;
	size_t nf = 0, nm = 0, ns = 0, ng = 0, i;
	struct pool pool = {0};
	FILE *out;
	int a;

	if (argc < 5) {
		fprintf(stderr, "usage: mksurr OUT.c FEMALE MALE SURNAMES "
		    "EXCLUDE...\n");
		return 2;
	}
	read_list(argv[2], &female);
	read_list(argv[3], &male);
	read_list(argv[4], &surnames);
	for (a = 5; a < argc; a++)
		read_list(argv[a], &exclude);
	excl = make_index(&exclude);
	fem_ix = make_index(&female);
	male_ix = make_index(&male);
	sur_ix = make_index(&surnames);
	fv = xrealloc(NULL, NGIVEN * sizeof(*fv));
	mv = xrealloc(NULL, NGIVEN * sizeof(*mv));
	sv = xrealloc(NULL, NSURNAMES * sizeof(*sv));
	gv = xrealloc(NULL, (2 * NTOPGIVEN + NTOPSURNAMES) * sizeof(*gv));
	gt = xrealloc(NULL, (2 * NTOPGIVEN + NTOPSURNAMES) * sizeof(*gt));
	gender = xrealloc(NULL, 2 * NTOPGIVEN + NTOPSURNAMES + 1);
	role = xrealloc(NULL, 2 * NTOPGIVEN + NTOPSURNAMES + 1);

	/* Candidates: female names that rank higher there than among male
	 * names, and the other way round. */
	for (i = 0; i < female.n && nf < NGIVEN; i++) {
		const char *w = female.v[i];

		if (!plain_name(w) || rank_in(&excl, w) != NONE ||
		    rank_in(&male_ix, w) <= i + 1)
			continue;
		fv[nf++] = pool_add(&pool, w);
	}
	for (i = 0; i < male.n && nm < NGIVEN; i++) {
		const char *w = male.v[i];

		if (!plain_name(w) || rank_in(&excl, w) != NONE ||
		    rank_in(&fem_ix, w) <= i + 1)
			continue;
		mv[nm++] = pool_add(&pool, w);
	}
	for (i = 0; i < surnames.n && ns < NSURNAMES; i++) {
		const char *w = surnames.v[i];

		if (!plain_name(w) || rank_in(&excl, w) != NONE)
			continue;
		sv[ns++] = pool_add(&pool, w);
	}
	/* The table of names: every name of the three tops, once. */
	for (a = 0; a < 3; a++) {
		const struct list *l = a == 0 ? &female : a == 1 ? &male : &surnames;
		size_t top = a < 2 ? NTOPGIVEN : NTOPSURNAMES;

		for (i = 0; i < l->n && i < top; i++) {
			if (strlen(l->v[i]) >= 64)
				continue;
			gt[ng] = xrealloc(NULL, strlen(l->v[i]) + 1);
			strcpy(gt[ng], l->v[i]);
			lower(gt[ng++]);
		}
	}
	qsort(gt, ng, sizeof(*gt), cmp_str);
	{
		size_t k = 0;

		for (i = 0; i < ng; i++)
			if (!k || strcmp(gt[k - 1], gt[i]))
				gt[k++] = gt[i];
			else
				free(gt[i]);
		ng = k;
	}
	for (i = 0; i < ng; i++) {
		size_t fr = within(rank_in(&fem_ix, gt[i]), NTOPGIVEN);
		size_t mr = within(rank_in(&male_ix, gt[i]), NTOPGIVEN);
		size_t gr = fr < mr ? fr : mr;
		size_t sr = within(rank_in(&sur_ix, gt[i]), NTOPSURNAMES);

		gender[i] = gr == NONE ? '-' : fr < mr ? 'f' : 'm';
		if (gr == NONE)
			role[i] = 's';
		else if (sr == NONE || gr * RATIO < sr)
			role[i] = 'g';
		else if (sr * RATIO < gr)
			role[i] = 's';
		else
			role[i] = 'a';
	}
	gender[ng] = role[ng] = '\0';
	for (i = 0; i < ng; i++)
		gv[i] = pool_add(&pool, gt[i]);
	if (nf < 100 || nm < 100 || ns < 100) {
		fprintf(stderr, "mksurr: too few candidates (%zu female, %zu male, "
		    "%zu surnames)\n", nf, nm, ns);
		return 1;
	}

	if (!(out = fopen(argv[1], "w"))) {
		perror(argv[1]);
		return 1;
	}
	fprintf(out, "/* Generated by tools/mksurr from %s, %s and %s: do not "
	    "edit. */\n#include \"surrogate.h\"\n\n", argv[2], argv[3], argv[4]);
	fprintf(out, "const char scrub_surr_pool[] =");
	for (i = 0; i < pool.len; i++) {
		if (i % 64 == 0)
			fprintf(out, "\n\t\"");
		if (pool.s[i])
			fputc(pool.s[i], out);
		else
			fputs("\\0", out);
		if (i % 64 == 63 || i + 1 == pool.len)
			fputc('"', out);
	}
	fprintf(out, ";\n\n");
	write_offsets(out, "scrub_surr_female", fv, nf);
	write_offsets(out, "scrub_surr_male", mv, nm);
	write_offsets(out, "scrub_surr_surnames", sv, ns);
	write_offsets(out, "scrub_surr_names", gv, ng);
	write_chars(out, "scrub_surr_name_gender", gender, ng);
	write_chars(out, "scrub_surr_name_role", role, ng);
	if (ferror(out) || fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}
	fprintf(stderr, "mksurr: %zu female, %zu male, %zu surnames, %zu "
	    "names known, %zu bytes\n", nf, nm, ns, ng, pool.len);
	/* Freed, so that a sanitizer build of the tools runs clean. */
	for (i = 0; i < ng; i++)
		free(gt[i]);
	free(gt);
	free(gender);
	free(role);
	free(fv);
	free(mv);
	free(sv);
	free(gv);
	free(pool.s);
	free_index(&excl);
	free_index(&fem_ix);
	free_index(&male_ix);
	free_index(&sur_ix);
	free_list(&female);
	free_list(&male);
	free_list(&surnames);
	free_list(&exclude);
	return 0;
}
