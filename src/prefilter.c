/*
 * prefilter.c: see prefilter.h.  Three parts: reading a pattern (a small
 * recursive-descent parser over PCRE2 syntax that computes, for every
 * sub-pattern, what its matches must hold), the index of the rules'
 * strings, and the scan of one line.
 *
 * The reading may only ever claim less than is true.  Sets of bytes are
 * supersets ("may"), except the ASCII sets taken from negative lookbehinds
 * ("must", subsets); any construct not handled here either claims nothing
 * or gives up on the whole pattern.
 */
#include "prefilter.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "alloc.h"

#define MAX_LITS 64             /* strings in one set */
#define NEED_BYTES 3            /* byte sets kept per sub-pattern */
#define MAX_DEPTH 16            /* group nesting read */
#define CAND_CAP 65536          /* start offsets per line */
#define SPARSE_CAP 65536        /* offsets of start bytes per line */
#define SIGPOS_CAP 262144       /* those offsets, kept per start byte set */
#define NBUCKET_MASK 4095u      /* string postings: 4096 buckets */
#define TRY_MAX_COST 0.2        /* how common start bytes may be */
#define PF_TRY_BYTES 24         /* bytes pcre2 skips in the time of a try */
#define NEED_MAX_COST 0.003     /* need strings: at most one line in 1.3 */

/* ---- Byte sets -------------------------------------------------------- */

static void
bset_add(unsigned char *s, unsigned c)
{
	s[c >> 3] |= (unsigned char)(1u << (c & 7));
}

static int
bset_has(const unsigned char *s, unsigned c)
{
	return (s[c >> 3] >> (c & 7)) & 1;
}

static void
bset_range(unsigned char *s, unsigned lo, unsigned hi)
{
	unsigned c = lo;

	for (; c <= hi && (c & 7); c++)
		bset_add(s, c);
	for (; c + 7 <= hi; c += 8)
		s[c >> 3] = 0xFF;
	for (; c <= hi; c++)
		bset_add(s, c);
}

static void
bset_or(unsigned char *d, const unsigned char *s)
{
	int i;

	for (i = 0; i < 32; i++)
		d[i] |= s[i];
}

static int
bset_empty(const unsigned char *s)
{
	int i;

	for (i = 0; i < 32; i++)
		if (s[i])
			return 0;
	return 1;
}

static int
is_alpha(unsigned c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int
is_digit(unsigned c)
{
	return c >= '0' && c <= '9';
}

static int
is_word(unsigned c)
{
	return is_alpha(c) || is_digit(c) || c == '_';
}

static unsigned
lower(unsigned c)
{
	return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/* How often each byte occurs in English prose, roughly, in units of
 * 1/10000: a set or a string with a lower sum is the better gate. */
static const unsigned short freq_tab[256] = {
	8, 8, 8, 8, 8, 8, 8, 8, 8, 40, 40, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	1600, 8, 8, 8, 8, 8, 8, 40, 8, 8, 8, 8, 120, 40, 120, 8,
	40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 8, 8, 8, 8, 8, 8,
	8, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40,
	40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 8, 8, 8, 8, 8,
	8, 820, 150, 150, 540, 900, 150, 150, 620, 740, 150, 150, 500, 150, 700, 780,
	150, 150, 580, 660, 860, 460, 150, 150, 150, 150, 150, 8, 8, 8, 8, 8,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
	8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8,
};

static double
byte_freq(unsigned c)
{
	return freq_tab[c & 0xFF] / 10000.0;
}

/* Bits set in a byte. */
#define B2(n) n, n + 1, n + 1, n + 2
#define B4(n) B2(n), B2(n + 1), B2(n + 1), B2(n + 2)
#define B6(n) B4(n), B4(n + 1), B4(n + 1), B4(n + 2)
static const unsigned char popcount8[256] = {
	B6(0), B6(1), B6(1), B6(2)
};
#undef B6
#undef B4
#undef B2

/* The groups of eight bytes that freq_tab weighs alike. */
static const unsigned char uniform[32] = {
	1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
};

static double
bset_cost(const unsigned char *s)
{
	unsigned sum = 0, c;

	for (c = 0; c < 256; c += 8) {
		unsigned bits = s[c >> 3], k;

		if (!bits)
			continue;
		if (uniform[c >> 3]) {
			/* eight bytes of one weight */
			sum += popcount8[bits] * freq_tab[c];
			continue;
		}
		for (k = 0; bits; k++, bits >>= 1)
			if (bits & 1)
				sum += freq_tab[c + k];
	}
	return sum / 10000.0;
}

/* ---- Strings ---------------------------------------------------------- */

struct litset {
	int n;
	struct scrub_pf_lit v[MAX_LITS];
};

static double
lit_cost(const struct scrub_pf_lit *l)
{
	double p = 1;
	int i;

	for (i = 0; i < l->len; i++)
		p *= byte_freq((unsigned char)l->s[i]) * 1.5;
	return p;
}

static double
litset_cost(const struct litset *ls)
{
	double sum = 0;
	int i;

	for (i = 0; i < ls->n; i++)
		sum += lit_cost(&ls->v[i]);
	return sum;
}

/* Adds the strings of B to A; 0 when they do not fit. */
static int
litset_union(struct litset *a, const struct litset *b)
{
	int i, j;

	for (i = 0; i < b->n; i++) {
		for (j = 0; j < a->n; j++)
			if (a->v[j].len == b->v[i].len &&
			    !memcmp(a->v[j].s, b->v[i].s, a->v[j].len))
				break;
		if (j < a->n)
			continue;
		if (a->n == MAX_LITS)
			return 0;
		a->v[a->n++] = b->v[i];
	}
	return 1;
}

/* Byte C of a string, as a set: both cases; a k or an s may also be
 * U+212A or U+017F in caseless patterns. */
static void
add_lit_byte(unsigned char *set, unsigned c)
{
	bset_add(set, c);
	if (is_alpha(c)) {
		bset_add(set, c ^ 0x20);
		if (lower(c) == 'k' || lower(c) == 's')
			bset_range(set, 0x80, 0xFF);
	}
}

/* ---- What a sub-pattern's matches hold -------------------------------- */

/* Requirements, all of which every match meets: a byte of each set, and
 * one of the strings. */
struct req {
	int nbytes;
	unsigned char bytes[NEED_BYTES][32];
	double bcost[NEED_BYTES];
	int has_lits;
	struct litset lits;
	double lcost;
	int run_len;                /* RUN_LEN bytes of RUN_CLS in a row */
	unsigned char run_cls[32];
};

/* A run of bytes of a rare class (digits, capitals; no letter in lower
 * case, no blank, ASCII only), which a line's sparse offsets can show. */
static int
run_class_ok(const unsigned char *cls)
{
	unsigned c;

	for (c = 0; c < 256; c++)
		if (bset_has(cls, c) && (c >= 0x80 || (c >= 'a' && c <= 'z') ||
		    c == ' ' || c == '\t'))
			return 0;
	return !bset_empty(cls) && bset_cost(cls) <= 0.16;
}

/* Keeps the better of R's run and (CLS, LEN): the longer, then the rarer. */
static void
req_add_run(struct req *r, const unsigned char *cls, int len)
{
	if (len < 2 || !run_class_ok(cls))
		return;
	if (len > r->run_len || (len == r->run_len &&
	    bset_cost(cls) < bset_cost(r->run_cls))) {
		r->run_len = len;
		memcpy(r->run_cls, cls, 32);
	}
}

/* How a non-empty match starts: with one of the strings SLITS or one of
 * the bytes SBYTES. */
struct info {
	int nullable;               /* can match the empty string */
	int single;                 /* always exactly one character */
	unsigned char first[32];    /* bytes a non-empty match starts with */
	unsigned char must[16];     /* single: ASCII bytes it surely matches */
	int must_ok;                /* must[] is known */
	struct litset slits;
	unsigned char sbytes[32];
	struct req req;
	unsigned char forbid[32];   /* ASCII bytes never before a match */
	/* The sequence starts with X* or X+ (X one character) and then an
	 * item that starts with one of ALITS or ABYTES: a match starts where
	 * a run of X ends at one of those (see back_list()). */
	int back;                   /* 0: no; else 1 + X's minimum */
	unsigned char back_cls[32];
	struct litset alits;
	unsigned char abytes[32];
};

struct pstate {
	const unsigned char *p, *end;
	int caseless;               /* (superset: see scrub_pf_analyze) */
	int ucp;
	int inline_opts;            /* the pattern changes options inside */
	int bad;                    /* gave up */
	int depth;
};

static void
req_add_bytes(struct req *r, const unsigned char *set)
{
	double cost = bset_cost(set);
	int i, j;

	if (cost >= 0.95)
		return; /* nearly every byte: no gate */
	for (i = 0; i < r->nbytes; i++)
		if (!memcmp(r->bytes[i], set, 32))
			return;
	for (i = 0; i < r->nbytes && r->bcost[i] <= cost; i++)
		;
	if (i == NEED_BYTES)
		return;
	if (r->nbytes < NEED_BYTES)
		r->nbytes++;
	for (j = r->nbytes - 1; j > i; j--) {
		memcpy(r->bytes[j], r->bytes[j - 1], 32);
		r->bcost[j] = r->bcost[j - 1];
	}
	memcpy(r->bytes[i], set, 32);
	r->bcost[i] = cost;
}

static void
req_add_lits(struct req *r, const struct litset *ls)
{
	double cost = litset_cost(ls);

	if (!ls->n)
		return;
	if (!r->has_lits || cost < r->lcost) {
		r->has_lits = 1;
		r->lits = *ls;
		r->lcost = cost;
	}
}

static void
req_and(struct req *d, const struct req *s)
{
	int i;

	for (i = 0; i < s->nbytes; i++)
		req_add_bytes(d, s->bytes[i]);
	if (s->has_lits)
		req_add_lits(d, &s->lits);
	if (s->run_len)
		req_add_run(d, s->run_cls, s->run_len);
}

/* The bytes of a string set as a byte set: the rarest byte of each. */
static void
lits_to_bytes(const struct litset *ls, unsigned char *set)
{
	int i, k;

	memset(set, 0, 32);
	for (i = 0; i < ls->n; i++) {
		const struct scrub_pf_lit *l = &ls->v[i];
		int best = 0;

		for (k = 1; k < l->len; k++)
			if (byte_freq((unsigned char)l->s[k]) <
			    byte_freq((unsigned char)l->s[best]))
				best = k;
		add_lit_byte(set, (unsigned char)l->s[best]);
	}
}

/* The best single byte set of R (its own or from its strings), or 0. */
static int
req_best_bytes(const struct req *r, unsigned char *set)
{
	unsigned char ls[32];

	if (r->has_lits) {
		lits_to_bytes(&r->lits, ls);
		if (!r->nbytes || bset_cost(ls) < r->bcost[0]) {
			memcpy(set, ls, 32);
			return 1;
		}
	}
	if (!r->nbytes)
		return 0;
	memcpy(set, r->bytes[0], 32);
	return 1;
}

/* Every match meets A or meets B: what they still have in common. */
/* Every match meets A or meets B: what they still have in common goes
 * to A. */
static void
req_or(struct req *a, const struct req *b)
{
	unsigned char sa[32], sb[32];
	int bytes = req_best_bytes(a, sa) && req_best_bytes(b, sb);
	int lits = a->has_lits && b->has_lits &&
	    litset_union(&a->lits, &b->lits);

	a->nbytes = 0;
	if (bytes) {
		bset_or(sa, sb);
		req_add_bytes(a, sa);
	}
	if (lits) {
		a->lcost = litset_cost(&a->lits);
	} else {
		a->has_lits = 0;
		a->lits.n = 0;
	}
	if (a->run_len && b->run_len) {
		bset_or(a->run_cls, b->run_cls);
		a->run_len = a->run_len < b->run_len ? a->run_len : b->run_len;
		if (!run_class_ok(a->run_cls))
			a->run_len = 0;
	} else {
		a->run_len = 0;
	}
}

/* Start strings A and B together; when too many, their first bytes. */
static void
start_union(struct litset *la, unsigned char *ba, const struct litset *lb,
    const unsigned char *bb)
{
	bset_or(ba, bb);
	if (!litset_union(la, lb)) {
		int i;

		for (i = 0; i < la->n; i++)
			add_lit_byte(ba, (unsigned char)la->v[i].s[0]);
		for (i = 0; i < lb->n; i++)
			add_lit_byte(ba, (unsigned char)lb->v[i].s[0]);
		la->n = 0;
	}
}

/* Empties IN (without writing its string arrays, which are large). */
static void
info_init(struct info *in)
{
	in->nullable = 0;
	in->single = 0;
	in->must_ok = 0;
	memset(in->first, 0, sizeof(in->first));
	memset(in->must, 0, sizeof(in->must));
	memset(in->sbytes, 0, sizeof(in->sbytes));
	memset(in->forbid, 0, sizeof(in->forbid));
	in->slits.n = 0;
	in->back = 0;
	in->alits.n = 0;
	memset(in->abytes, 0, sizeof(in->abytes));
	memset(in->back_cls, 0, sizeof(in->back_cls));
	in->req.nbytes = 0;
	in->req.has_lits = 0;
	in->req.lits.n = 0;
	in->req.run_len = 0;
}

/* An item that may consume anything, or nothing (a back reference). */
static void
info_unknown(struct info *in, int nullable)
{
	info_init(in);
	in->nullable = nullable;
	memset(in->first, 0xFF, 32);
	memset(in->sbytes, 0xFF, 32);
}

static void
info_zero(struct info *in)
{
	info_init(in);
	in->nullable = 1;
}

/* One character of the set MAY (superset), with the ASCII bytes it surely
 * matches MUST (or MUST_OK = 0). */
static void
info_char(struct info *in, const unsigned char *may, const unsigned char *must,
    int must_ok)
{
	info_init(in);
	in->single = 1;
	memcpy(in->first, may, 32);
	memcpy(in->sbytes, may, 32);
	if (must_ok) {
		memcpy(in->must, must, 16);
		in->must_ok = 1;
	}
}

/* ---- Reading a pattern ------------------------------------------------ */

static void parse_alt(struct pstate *ps, struct info *out);

static int
peek(const struct pstate *ps, size_t k)
{
	return ps->p + k < ps->end ? ps->p[k] : -1;
}

/* The length of the UTF-8 character at P (1 for a bad byte). */
static int
utf8_len(const unsigned char *p, const unsigned char *end)
{
	int n = *p < 0xC0 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;

	return p + n <= end ? n : 1;
}

/* Whether the non-ASCII character at P has no other case, so that a
 * caseless pattern matches it as written: not a letter, and no case
 * mapping (curly quotes, dashes, symbols). */
static int
caseless_exact(const unsigned char *p, int n)
{
	utf8proc_int32_t cp;

	if (utf8proc_iterate(p, n, &cp) != n || cp < 0x80)
		return 0;
	switch (utf8proc_category(cp)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_CN:
		return 0;
	default:
		break;
	}
	return utf8proc_tolower(cp) == cp && utf8proc_toupper(cp) == cp &&
	    utf8proc_totitle(cp) == cp;
}

/* Adds the other case of the ASCII letters of MAY (and MUST); a k or an
 * s also matches U+212A or U+017F.  'A'..'Z' are bytes 8..11 of a set,
 * 'a'..'z' the same bits of bytes 12..15. */
static void
fold_set(unsigned char *may, unsigned char *must)
{
	static const unsigned char letters[4] = {0xFE, 0xFF, 0xFF, 0x07};
	int i;

	for (i = 0; i < 4; i++) {
		unsigned char m = (unsigned char)((may[8 + i] | may[12 + i]) &
		    letters[i]);

		may[8 + i] |= m;
		may[12 + i] |= m;
		if (must) {
			m = (unsigned char)((must[8 + i] | must[12 + i]) & letters[i]);
			must[8 + i] |= m;
			must[12 + i] |= m;
		}
	}
	if (bset_has(may, 'k') || bset_has(may, 's'))
		bset_range(may, 0x80, 0xFF);
}

/* The escapes that stand for a set: \d \w \s \h \v and their negations.
 * Fills MAY and MUST (ASCII part, exact); returns 0 for another letter. */
static int
class_escape(int e, int ucp, unsigned char *may, unsigned char *must)
{
	unsigned char pos[32];
	int neg = e >= 'A' && e <= 'Z', i;
	unsigned c;

	memset(pos, 0, 32);
	switch (lower((unsigned)e)) {
	case 'd':
		bset_range(pos, '0', '9');
		break;
	case 'w':
		for (c = 0; c < 128; c++)
			if (is_word(c))
				bset_add(pos, c);
		break;
	case 's':
		bset_range(pos, 9, 13);
		bset_add(pos, ' ');
		break;
	case 'h':
		bset_add(pos, 9);
		bset_add(pos, ' ');
		break;
	case 'v':
		bset_range(pos, 10, 13);
		break;
	default:
		return 0;
	}
	if (neg) {
		for (i = 0; i < 16; i++)
			must[i] |= (unsigned char)~pos[i];
		for (i = 0; i < 16; i++)
			may[i] |= (unsigned char)~pos[i];
		bset_range(may, 0x80, 0xFF);
	} else {
		for (i = 0; i < 16; i++) {
			must[i] |= pos[i];
			may[i] |= pos[i];
		}
		/* \h and \v always match Unicode spaces; \d \s \w with ucp */
		if (ucp || lower((unsigned)e) == 'h' || lower((unsigned)e) == 'v')
			bset_range(may, 0x80, 0xFF);
	}
	return 1;
}

/* \p{..} and \P{..}: letters and digits are told apart, anything else
 * may be anything.  The escape letter has been read. */
static int
class_property(struct pstate *ps, int neg, unsigned char *may)
{
	char name[32];
	size_t n = 0;

	if (peek(ps, 0) == '{') {
		ps->p++;
		while (ps->p < ps->end && *ps->p != '}' && n + 1 < sizeof(name))
			name[n++] = (char)*ps->p++;
		if (ps->p >= ps->end || *ps->p != '}')
			return 0;
		ps->p++;
	} else if (ps->p < ps->end) {
		name[n++] = (char)*ps->p++;
	} else {
		return 0;
	}
	name[n] = '\0';
	if (name[0] == '^') {
		neg = !neg;
		memmove(name, name + 1, n);
	}
	bset_range(may, 0x80, 0xFF);
	if (neg) {
		bset_range(may, 0, 0x7F);
		return 1;
	}
	if (!strcmp(name, "Lu"))
		bset_range(may, 'A', 'Z');
	else if (!strcmp(name, "Ll"))
		bset_range(may, 'a', 'z');
	else if (!strcmp(name, "L") || !strcmp(name, "L&") || !strcmp(name, "Xan"))
		bset_range(may, 'A', 'Z'), bset_range(may, 'a', 'z');
	else if (!strcmp(name, "Lt") || !strcmp(name, "Lm") || !strcmp(name, "Lo") ||
	    !strcmp(name, "M") || !strcmp(name, "Mn") || !strcmp(name, "Mc"))
		; /* none in ASCII */
	else if (!strcmp(name, "N") || !strcmp(name, "Nd"))
		bset_range(may, '0', '9');
	else
		bset_range(may, 0, 0x7F);
	if (!strcmp(name, "Xan"))
		bset_range(may, '0', '9');
	return 1;
}

/* The ASCII members of POSIX class NAME into SET; 0 for an unknown name. */
static int
posix_class(const char *name, unsigned char *set)
{
	unsigned c;
	int known = 1;

	for (c = 0; c < 128; c++) {
		int in;

		if (!strcmp(name, "alpha"))
			in = is_alpha(c);
		else if (!strcmp(name, "digit"))
			in = is_digit(c);
		else if (!strcmp(name, "alnum"))
			in = is_alpha(c) || is_digit(c);
		else if (!strcmp(name, "upper"))
			in = c >= 'A' && c <= 'Z';
		else if (!strcmp(name, "lower"))
			in = c >= 'a' && c <= 'z';
		else if (!strcmp(name, "word"))
			in = is_word(c);
		else if (!strcmp(name, "space"))
			in = (c >= 9 && c <= 13) || c == ' ';
		else if (!strcmp(name, "blank"))
			in = c == '\t' || c == ' ';
		else if (!strcmp(name, "xdigit"))
			in = is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f');
		else if (!strcmp(name, "punct"))
			in = c > ' ' && c < 127 && !is_alpha(c) && !is_digit(c);
		else if (!strcmp(name, "cntrl"))
			in = c < ' ' || c == 127;
		else if (!strcmp(name, "graph"))
			in = c > ' ' && c < 127;
		else if (!strcmp(name, "print"))
			in = c >= ' ' && c < 127;
		else if (!strcmp(name, "ascii"))
			in = 1;
		else
			in = known = 0;
		if (in)
			bset_add(set, c);
	}
	return known;
}

/* Reads a [...] class (the '[' has been read) into a one-character info;
 * returns the character when the class is one ASCII character in either
 * case ([Nn], [.]), else -1. */
static int
parse_class(struct pstate *ps, struct info *out)
{
	unsigned char may[32], must[32], pm[32], pmust[32];
	int neg = 0, first = 1, nonascii = 0, exact = 1, i;

	memset(may, 0, 32);
	memset(must, 0, 32);
	if (peek(ps, 0) == '^') {
		neg = 1;
		ps->p++;
	}
	for (;;) {
		int c = peek(ps, 0), lo;

		if (c < 0) {
			ps->bad = 1;
			return -1;
		}
		if (c == ']' && !first) {
			ps->p++;
			break;
		}
		first = 0;
		if (c == '[' && peek(ps, 1) == ':') {
			const unsigned char *q = ps->p + 2;
			char name[16];
			size_t n = 0;
			int pneg = 0;

			if (q < ps->end && *q == '^') {
				pneg = 1;
				q++;
			}
			while (q < ps->end && *q != ':' && n + 1 < sizeof(name))
				name[n++] = (char)*q++;
			name[n] = '\0';
			if (q + 1 >= ps->end || q[0] != ':' || q[1] != ']') {
				ps->bad = 1;
				return -1;
			}
			ps->p = q + 2;
			memset(pm, 0, 32);
			if (!posix_class(name, pm)) {
				ps->bad = 1;
				return -1;
			}
			if (pneg) {
				for (i = 0; i < 16; i++)
					pm[i] = (unsigned char)~pm[i];
				bset_range(may, 0x80, 0xFF);
			} else if (ps->ucp) {
				bset_range(may, 0x80, 0xFF);
				exact = 0;  /* ucp letters and digits */
			}
			if (!strcmp(name, "upper") || !strcmp(name, "lower"))
				exact = 0;  /* caseless upper/lower */
			bset_or(may, pm);
			bset_or(must, pm);
			continue;
		}
		if (c == '\\') {
			int e = peek(ps, 1);

			if (e < 0) {
				ps->bad = 1;
				return -1;
			}
			ps->p += 2;
			memset(pm, 0, 32);
			memset(pmust, 0, 32);
			if (class_escape(e, ps->ucp, pm, pmust)) {
				if (ps->ucp && (e == 'D' || e == 'W' || e == 'S'))
					exact = 0;
				bset_or(may, pm);
				bset_or(must, pmust);
				continue;
			}
			if (e == 'p' || e == 'P') {
				if (!class_property(ps, e == 'P', pm)) {
					ps->bad = 1;
					return -1;
				}
				bset_or(may, pm);
				exact = 0;
				continue;
			}
			switch (e) {
			case 'n': lo = '\n'; break;
			case 't': lo = '\t'; break;
			case 'r': lo = '\r'; break;
			case 'f': lo = '\f'; break;
			case 'e': lo = 27; break;
			case 'a': lo = 7; break;
			case 'b': lo = 8; break;
			default:
				if (e >= 0x80 || is_alpha((unsigned)e) || is_digit((unsigned)e)) {
					/* \x, \o, octal, \N...: give up on the pattern */
					ps->bad = 1;
					return -1;
				}
				lo = e;
			}
		} else if (c >= 0x80) {
			int n = utf8_len(ps->p, ps->end);

			ps->p += n;
			nonascii = 1;
			/* a range from a non-ASCII character is non-ASCII */
			if (peek(ps, 0) == '-' && peek(ps, 1) != ']' && peek(ps, 1) >= 0) {
				ps->p++;
				if (peek(ps, 0) == '\\') {
					ps->bad = 1;
					return -1;
				}
				ps->p += utf8_len(ps->p, ps->end);
			}
			continue;
		} else {
			lo = c;
			ps->p++;
		}
		/* A single character LO; maybe the start of a range. */
		if (peek(ps, 0) == '-' && peek(ps, 1) != ']' && peek(ps, 1) >= 0) {
			int hi = peek(ps, 1);

			if (hi == '\\' || hi == '[') {
				ps->bad = 1;  /* ranges to escapes: rare, give up */
				return -1;
			}
			ps->p += 1;
			if (hi >= 0x80) {
				ps->p += utf8_len(ps->p, ps->end);
				nonascii = 1;
				bset_range(may, (unsigned)lo, 0x7F);
				bset_range(must, (unsigned)lo, 0x7F);
			} else {
				ps->p += 1;
				if (hi < lo) {
					ps->bad = 1;
					return -1;
				}
				bset_range(may, (unsigned)lo, (unsigned)hi);
				bset_range(must, (unsigned)lo, (unsigned)hi);
			}
			continue;
		}
		bset_add(may, (unsigned)lo);
		bset_add(must, (unsigned)lo);
	}
	if (ps->caseless) {
		fold_set(may, must);
		if (nonascii)
			exact = 0; /* U+212A and U+017F fold to k and s */
	}
	if (!neg && !nonascii) {
		/* one character in one or both cases: a literal */
		unsigned c, n = 0, one = 0;

		for (c = 0; c < 256; c++)
			if (bset_has(may, c)) {
				n++;
				one = c;
			}
		if (n == 1 || (n == 2 && is_alpha(one) && bset_has(may, one ^ 0x20))) {
			info_char(out, may, must, exact);
			return (int)lower(one);
		}
	}
	if (nonascii)
		bset_range(may, 0x80, 0xFF);
	if (ps->inline_opts)
		exact = 0;
	if (neg) {
		unsigned char nmay[32], nmust[32];

		memset(nmay, 0, 32);
		memset(nmust, 0, 32);
		for (i = 0; i < 16; i++) {
			nmay[i] = (unsigned char)~(exact ? must[i] : 0);
			nmust[i] = (unsigned char)~may[i];
		}
		bset_range(nmay, 0x80, 0xFF);
		info_char(out, nmay, nmust, exact);
	} else {
		info_char(out, may, must, exact);
	}
	return -1;
}

/* Reads a quantifier, if any: {MIN, MAX} (MAX -1: no bound). */
static int
parse_quant(struct pstate *ps, int *min, int *max)
{
	int c = peek(ps, 0);

	*min = *max = 1;
	if (c == '?' || c == '*' || c == '+') {
		ps->p++;
		*min = c == '+';
		*max = c == '?' ? 1 : -1;
	} else if (c == '{') {
		const unsigned char *q = ps->p + 1;
		long lo = 0, hi;

		if (q >= ps->end || !is_digit(*q))
			return 0; /* not a quantifier here; see parse_atom */
		while (q < ps->end && is_digit(*q) && lo < 100000)
			lo = lo * 10 + (*q++ - '0');
		hi = lo;
		if (q < ps->end && *q == ',') {
			q++;
			if (q < ps->end && is_digit(*q)) {
				hi = 0;
				while (q < ps->end && is_digit(*q) && hi < 100000)
					hi = hi * 10 + (*q++ - '0');
			} else {
				hi = -1;
			}
		}
		if (q >= ps->end || *q != '}')
			return 0;
		ps->p = q + 1;
		*min = (int)lo;
		*max = (int)hi;
	} else {
		return 1;
	}
	if (peek(ps, 0) == '?' || peek(ps, 0) == '+')
		ps->p++;
	return 1;
}

/* Skips a group name up to TERM. */
static int
skip_name(struct pstate *ps, int term)
{
	while (ps->p < ps->end && *ps->p != term)
		ps->p++;
	if (ps->p >= ps->end)
		return 0;
	ps->p++;
	return 1;
}

/* The kinds of atoms parse_seq() joins. */
enum atom { A_LIT, A_CHAR, A_GROUP, A_ZERO, A_LOOKBEHIND, A_UNKNOWN };

/* Reads a group, the '(' read.  Returns its kind; INFO is what it holds. */
static int
parse_group(struct pstate *ps, struct info *in, int *neg)
{
	int saved = ps->caseless, kind = A_GROUP, c = peek(ps, 0);

	*neg = 0;
	if (++ps->depth > MAX_DEPTH) {
		ps->bad = 1;
		return A_UNKNOWN;
	}
	if (c == '*') {
		ps->bad = 1; /* (*VERB) */
		return A_UNKNOWN;
	}
	if (c == '?') {
		int d = peek(ps, 1);

		ps->p += 2;
		switch (d) {
		case ':': case '|': case '>':
			break;
		case '=': case '!':
			kind = A_ZERO;
			break;
		case '<':
			if (peek(ps, 0) == '=' || peek(ps, 0) == '!') {
				*neg = peek(ps, 0) == '!';
				ps->p++;
				kind = A_LOOKBEHIND;
			} else if (!skip_name(ps, '>')) {
				ps->bad = 1;
			}
			break;
		case 'P':
			if (peek(ps, 0) == '<') {
				ps->p++;
				if (!skip_name(ps, '>'))
					ps->bad = 1;
			} else {
				ps->bad = 1; /* (?P=name) (?P>name) */
			}
			break;
		case '\'':
			if (!skip_name(ps, '\''))
				ps->bad = 1;
			break;
		case '#':
			if (!skip_name(ps, ')'))
				ps->bad = 1;
			ps->depth--;
			info_zero(in);
			return A_ZERO;
		default:
			/* options: (?i) (?-i:...) (?^) ...; not (?R) (?1) (?&n)
			 * (?C) (?(cond)...) */
			ps->p--;
			while (ps->p < ps->end && *ps->p && strchr("imnsxJUaD-^",
			    *ps->p)) {
				if (*ps->p == 'x')
					ps->bad = 1;
				ps->p++;
			}
			if (peek(ps, 0) == ')' && !ps->bad) {
				/* a setting for the rest of the enclosing group */
				ps->p++;
				ps->depth--;
				info_zero(in);
				return A_ZERO;
			}
			if (peek(ps, 0) != ':')
				ps->bad = 1;
			else
				ps->p++;
			break;
		}
	}
	if (ps->bad)
		return A_UNKNOWN;
	parse_alt(ps, in);
	if (peek(ps, 0) != ')') {
		ps->bad = 1;
		return A_UNKNOWN;
	}
	ps->p++;
	ps->caseless = saved;
	ps->depth--;
	return kind;
}

/* Reads one atom.  For a literal character, its bytes go to LIT (*LITLEN
 * of them, *ISASCII) and INFO describes it as a character. */
static int
parse_atom(struct pstate *ps, struct info *in, unsigned char *lit, int *litlen,
    int *neg)
{
	unsigned char may[32], must[32];
	int c = peek(ps, 0), e;

	*litlen = 0;
	*neg = 0;
	memset(may, 0, 32);
	memset(must, 0, 32);
	switch (c) {
	case '(':
		ps->p++;
		return parse_group(ps, in, neg);
	case '[':
		ps->p++;
		e = parse_class(ps, in);
		if (e < 0)
			return A_CHAR;
		lit[0] = (unsigned char)e;
		*litlen = 1;
		return A_LIT;
	case '.':
		ps->p++;
		memset(may, 0xFF, 32);
		info_char(in, may, must, 0);
		return A_CHAR;
	case '^': case '$':
		ps->p++;
		info_zero(in);
		return A_ZERO;
	case '{':
		ps->bad = 1; /* a literal '{' (or a newer quantifier): unsure */
		return A_UNKNOWN;
	case '\\':
		e = peek(ps, 1);
		if (e < 0) {
			ps->bad = 1;
			return A_UNKNOWN;
		}
		ps->p += 2;
		if (class_escape(e, ps->ucp, may, must)) {
			info_char(in, may, must, !(ps->ucp && (e == 'D' || e == 'W' ||
			    e == 'S')));
			return A_CHAR;
		}
		switch (e) {
		case 'b': case 'B': case 'A': case 'Z': case 'z': case 'K':
			info_zero(in);
			return A_ZERO;
		case 'G': case 'C':
			ps->bad = 1;
			return A_UNKNOWN;
		case 'p': case 'P':
			if (!class_property(ps, e == 'P', may)) {
				ps->bad = 1;
				return A_UNKNOWN;
			}
			info_char(in, may, must, 0);
			return A_CHAR;
		case 'X':
			info_unknown(in, 0);
			return A_UNKNOWN;
		case 'R':
			bset_range(may, 10, 13);
			bset_range(may, 0x80, 0xFF);
			info_char(in, may, must, 0);
			in->single = 0; /* \r\n */
			return A_CHAR;
		case 'N':
			memset(may, 0xFF, 32);
			info_char(in, may, must, 0);
			return A_CHAR;
		case 'Q': {
			/* \Q...\E: not worth the trouble */
			ps->bad = 1;
			return A_UNKNOWN;
		}
		case 'E':
			info_zero(in);
			return A_ZERO;
		case 'g': case 'k':
			/* back references: \g{..} \g<..> \g'..' \gN \k<..> ... */
			if (peek(ps, 0) == '{' && !skip_name(ps, '}'))
				ps->bad = 1;
			else if (peek(ps, 0) == '<' && !skip_name(ps, '>'))
				ps->bad = 1;
			else if (peek(ps, 0) == '\'' && (ps->p++, !skip_name(ps, '\'')))
				ps->bad = 1;
			else
				while (ps->p < ps->end && (is_digit(*ps->p) || *ps->p == '-' ||
				    *ps->p == '+'))
					ps->p++;
			info_unknown(in, 1);
			return A_UNKNOWN;
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case 'r': c = '\r'; break;
		case 'f': c = '\f'; break;
		case 'e': c = 27; break;
		case 'a': c = 7; break;
		default:
			if (e >= '1' && e <= '9') {
				while (ps->p < ps->end && is_digit(*ps->p))
					ps->p++;
				info_unknown(in, 1);  /* a back reference */
				return A_UNKNOWN;
			}
			if (e >= 0x80 || is_alpha((unsigned)e) || is_digit((unsigned)e)) {
				ps->bad = 1;  /* \x.. \o{..} \0.. \c.: rare */
				return A_UNKNOWN;
			}
			c = e;
		}
		break;
	case ')': case '|':
		ps->bad = 1;
		return A_UNKNOWN;
	default:
		if (c >= 0x80) {
			int n = utf8_len(ps->p, ps->end);

			if (ps->caseless && !caseless_exact(ps->p, n)) {
				/* another case is other bytes; U+017F is an s */
				ps->p += n;
				bset_range(may, 0x80, 0xFF);
				bset_add(may, 'k'), bset_add(may, 'K');
				bset_add(may, 's'), bset_add(may, 'S');
				info_char(in, may, must, 0);
				return A_CHAR;
			}
			memcpy(lit, ps->p, (size_t)n);
			*litlen = n;
			ps->p += n;
			bset_add(may, lit[0]);
			info_char(in, may, must, 1);
			return A_LIT;
		}
		ps->p++;
		break;
	}
	/* An ASCII literal character C. */
	bset_add(may, (unsigned)c);
	bset_add(must, (unsigned)c);
	if (ps->caseless && is_alpha((unsigned)c))
		fold_set(may, must);
	lit[0] = (unsigned char)c;
	*litlen = 1;
	info_char(in, may, must, !ps->inline_opts);
	return A_LIT;
}

/* What the sequence read so far holds, and the string being gathered. */
struct seq {
	struct info *in;            /* being built: the caller's */
	int open;                   /* every item so far may match empty */
	int lead;                   /* no consuming item yet */
	int lead_wb;                /* a \b among the leading items */
	int start;                  /* 0: none yet, 1: the run, 2: set, 3: first */
	struct scrub_pf_lit run;    /* consecutive literal characters */
	int run_is_start;           /* the run is where every match starts */
	int items;
	int single;                 /* one item: one character */
	unsigned char must[16];
	int must_ok;
	int bstate;                 /* info.back: 0 looking, 1 X seen,
	                             * 2 the run is Y, 3 done, -1 no */
	int back_min;
	unsigned char cls_run[32];  /* consecutive one-character items */
	int cls_len;                /* the least bytes they take */
};

/* The run of one-character items ends: every match holds it. */
static void
flush_cls_run(struct seq *sq)
{
	req_add_run(&sq->in->req, sq->cls_run, sq->cls_len);
	memset(sq->cls_run, 0, 32);
	sq->cls_len = 0;
}

/* The run of literal characters ends: every match holds it. */

/* The run ends in the string set LS: every match holds one of them, a
 * match may start with them (a run at the start), and they anchor the
 * match when nothing sharper did.  The run is then spent. */
static void
settle_lits(struct seq *sq, const struct litset *ls)
{
	req_add_lits(&sq->in->req, ls);
	if (sq->run_is_start)
		sq->in->slits = *ls;
	if (sq->bstate == 2) {
		sq->in->alits = *ls;
		sq->bstate = 3;
	}
	sq->run.len = 0;
	sq->run_is_start = 0;
}

static void
flush_run(struct seq *sq)
{
	if (!sq->run.len)
		return;
	if (sq->run.len == 1) {
		unsigned char set[32];

		memset(set, 0, 32);
		add_lit_byte(set, (unsigned char)sq->run.s[0]);
		req_add_bytes(&sq->in->req, set);
		if (sq->run_is_start)
			memcpy(sq->in->sbytes, set, 32);
		if (sq->bstate == 2) {
			memcpy(sq->in->abytes, set, 32);
			sq->bstate = 3;
		}
	} else {
		struct litset ls;

		ls.n = 1;
		ls.v[0] = sq->run;
		settle_lits(sq, &ls);
		return;
	}
	sq->run.len = 0;
	sq->run_is_start = 0;
}

/* The run followed by a group that starts with one of a few strings: the
 * run and each of them, a sharper string set (".com", ".org" ...). */
static void
join_run(struct seq *sq, const struct info *atom)
{
	struct litset ls;
	int i, k;

	for (i = 0; i < atom->slits.n; i++) {
		struct scrub_pf_lit *l = &ls.v[i];

		*l = sq->run;
		for (k = 0; k < atom->slits.v[i].len && l->len < SCRUB_PF_LIT_MAX; k++)
			l->s[l->len++] = atom->slits.v[i].s[k];
	}
	ls.n = atom->slits.n;
	settle_lits(sq, &ls);
}

/* \b before a first character that is always an ASCII word character: no
 * ASCII word character stands before a match. */
static void
forbid_after_wb(unsigned char *forbid, const unsigned char *first)
{
	unsigned c;

	if (bset_empty(first))
		return;
	for (c = 0; c < 256; c++)
		if (bset_has(first, c) && !is_word(c))
			return;
	for (c = 0; c < 128; c++)
		if (is_word(c))
			bset_add(forbid, c);
}

static void
parse_seq(struct pstate *ps, struct info *out)
{
	struct seq sq;

	memset(&sq, 0, sizeof(sq));
	sq.in = out;
	info_init(out);
	sq.open = 1;
	sq.lead = 1;
	for (;;) {
		struct info atom;
		unsigned char lit[4];
		int c = peek(ps, 0), kind, litlen, neg, min, max, i;

		if (c < 0 || c == '|' || c == ')' || ps->bad)
			break;
		if (c == '\\' && peek(ps, 1) == 'b' && sq.lead)
			sq.lead_wb = 1;
		kind = parse_atom(ps, &atom, lit, &litlen, &neg);
		if (ps->bad)
			break;
		if (!parse_quant(ps, &min, &max)) {
			ps->bad = 1;
			break;
		}
		sq.items++;
		sq.single = 0;
		/* one-character items next to each other make a run */
		if ((kind == A_CHAR || kind == A_LIT || kind == A_GROUP) &&
		    atom.single && run_class_ok(atom.first)) {
			bset_or(sq.cls_run, atom.first);
			sq.cls_len += min > 64 ? 64 : min;
		} else if (kind != A_ZERO && kind != A_LOOKBEHIND) {
			flush_cls_run(&sq);
		}
		if (kind == A_ZERO || kind == A_LOOKBEHIND) {
			flush_run(&sq);
			if (kind == A_LOOKBEHIND && sq.lead && atom.single) {
				/* (?<![..]) or (?<=[..]) before the first character */
				if (neg && atom.must_ok)
					for (i = 0; i < 16; i++)
						sq.in->forbid[i] |= atom.must[i];
				else if (!neg)
					for (i = 0; i < 16; i++)
						sq.in->forbid[i] |= (unsigned char)~atom.first[i];
			}
			continue;
		}
		if (sq.items == 1 && min == 1 && max == 1 && atom.single) {
			sq.single = 1;
			memcpy(sq.must, atom.must, 16);
			sq.must_ok = atom.must_ok;
		}
		if (sq.bstate == 1) {
			/* Y, after X* or X+ */
			if (min == 0 || atom.nullable) {
				sq.bstate = -1;
			} else if (kind == A_LIT) {
				sq.bstate = 2;  /* the run that starts here */
			} else {
				sq.in->alits = atom.slits;
				memcpy(sq.in->abytes, atom.sbytes, 32);
				sq.bstate = 3;
			}
		}
		if (sq.lead && sq.bstate == 0 && atom.single && max == -1 &&
		    min <= 1 && (kind == A_CHAR || kind == A_LIT)) {
			sq.bstate = 1;  /* X* or X+ */
			sq.back_min = min;
			memcpy(sq.in->back_cls, atom.first, 32);
		} else if (sq.lead) {
			sq.bstate = -1;
		}
		if (sq.run.len && kind != A_LIT && min == 1 && max == 1 &&
		    !atom.nullable && atom.slits.n && bset_empty(atom.sbytes))
			join_run(&sq, &atom);
		if (kind != A_LIT || min == 0)
			flush_run(&sq);
		if (sq.open)
			bset_or(sq.in->first, atom.first);
		if (min == 0) {
			/* optional: it may start a match, and ends the lead */
			if (sq.lead)
				sq.start = 3;
			sq.lead = 0;
			continue;
		}
		if (sq.lead) {
			/* the first consuming item, which every match has */
			if (atom.nullable) {
				sq.start = 3;
			} else {
				if (kind == A_LIT) {
					sq.run_is_start = 1;
					sq.start = 1;
				} else {
					sq.in->slits = atom.slits;
					memcpy(sq.in->sbytes, atom.sbytes, 32);
					sq.start = 2;
				}
				bset_or(sq.in->forbid, atom.forbid);
				if (sq.lead_wb)
					forbid_after_wb(sq.in->forbid, atom.first);
			}
			sq.lead = 0;
		}
		if (kind == A_LIT) {
			for (i = 0; i < litlen && sq.run.len < SCRUB_PF_LIT_MAX; i++)
				sq.run.s[sq.run.len++] = (char)lower(lit[i]);
			if (max != 1)
				flush_run(&sq); /* what follows need not be next */
		} else if (kind == A_CHAR) {
			req_add_bytes(&sq.in->req, atom.first);
		} else {
			req_and(&sq.in->req, &atom.req);
		}
		if (!atom.nullable)
			sq.open = 0;
	}
	flush_run(&sq);
	flush_cls_run(&sq);
	sq.in->back = sq.bstate == 3 ? 1 + sq.back_min : 0;
	sq.in->nullable = sq.open;
	if (sq.start == 0 || sq.start == 3) {
		sq.in->slits.n = 0;
		memcpy(sq.in->sbytes, sq.in->first, 32);
	}
	sq.in->single = sq.single && sq.items == 1;
	memcpy(sq.in->must, sq.must, 16);
	sq.in->must_ok = sq.in->single && sq.must_ok;
	if (sq.in->nullable) {
		sq.in->req.nbytes = 0;
		sq.in->req.has_lits = 0;
		sq.in->req.run_len = 0;
	}
}

static void
parse_alt(struct pstate *ps, struct info *out)
{
	struct info br;
	int first = 1, i;

	info_init(out);
	for (;;) {
		parse_seq(ps, first ? out : &br);
		if (ps->bad)
			return;
		if (!first) {
			out->nullable |= br.nullable;
			bset_or(out->first, br.first);
			start_union(&out->slits, out->sbytes, &br.slits, br.sbytes);
			req_or(&out->req, &br.req);
			for (i = 0; i < 32; i++)
				out->forbid[i] &= br.forbid[i];
			out->single = out->single && br.single;
			out->must_ok = out->must_ok && br.must_ok;
			out->back = 0;
			for (i = 0; i < 16; i++)
				out->must[i] |= br.must[i];
		}
		first = 0;
		if (peek(ps, 0) != '|')
			break;
		ps->p++;
	}
	if (out->nullable) {
		out->req.nbytes = 0;
		out->req.has_lits = 0;
		out->req.run_len = 0;
	}
}

/* ---- Analysis of one rule --------------------------------------------- */

/* Whether the X* Y start of IN (info.back) can give the tries: Y starts
 * with strings of two bytes or more or rare bytes, and a match never
 * starts right after an (ASCII) X. */
static int
back_ok(struct info *in)
{
	unsigned c;
	int k;

	for (k = 0; k < in->alits.n; k++)
		if (in->alits.v[k].len < 2) {
			add_lit_byte(in->abytes, (unsigned char)in->alits.v[k].s[0]);
			in->alits.v[k--] = in->alits.v[--in->alits.n];
		}
	for (c = 0x80; c < 0xC0; c++) /* never a character's start */
		in->abytes[c >> 3] &= (unsigned char)~(1u << (c & 7));
	if (!in->alits.n && bset_empty(in->abytes))
		return 0;
	if (bset_cost(in->abytes) > TRY_MAX_COST)
		return 0;
	for (c = 0; c < 128; c++) {
		if (bset_has(in->abytes, c) && ((c >= 'a' && c <= 'z') || c == ' ' ||
		    c == '\t'))
			return 0;
		if (bset_has(in->back_cls, c) && !bset_has(in->forbid, c))
			return 0;
	}
	return 1;
}

static struct scrub_pf_lit *
copy_lits(const struct litset *ls)
{
	struct scrub_pf_lit *v = scrub_xreallocarray(NULL, (size_t)ls->n + 1,
	    sizeof(*v));

	memcpy(v, ls->v, (size_t)ls->n * sizeof(*v));
	return v;
}

static int
lits_fold_ks(const struct litset *ls)
{
	int i, k;

	for (i = 0; i < ls->n; i++)
		for (k = 0; k < ls->v[i].len; k++)
			if (ls->v[i].s[k] == 'k' || ls->v[i].s[k] == 's')
				return 1;
	return 0;
}

struct scrub_pf *
scrub_pf_analyze(const char *pattern, size_t len, uint32_t options,
    const unsigned char *pcre_first)
{
	const uint32_t known = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF |
	    PCRE2_CASELESS | PCRE2_UCP | PCRE2_DOTALL | PCRE2_MULTILINE |
	    PCRE2_NO_AUTO_CAPTURE | PCRE2_DOLLAR_ENDONLY | PCRE2_UNGREEDY |
	    PCRE2_NO_UTF_CHECK;
	struct pstate ps;
	struct info in;
	struct scrub_pf *pf;
	size_t i;
	int k;
	unsigned c;

	if (options & ~known)
		return NULL;
	memset(&ps, 0, sizeof(ps));
	ps.p = (const unsigned char *)pattern;
	ps.end = ps.p + len;
	ps.caseless = (options & PCRE2_CASELESS) != 0;
	ps.ucp = (options & PCRE2_UCP) != 0;
	/* Option settings inside the pattern: read it all as caseless (a
	 * superset) and trust no exact set. */
	for (i = 0; i + 2 < len; i++)
		if (pattern[i] == '(' && pattern[i + 1] == '?' &&
		    (i == 0 || pattern[i - 1] != '\\')) {
			size_t j = i + 2;

			while (j < len && strchr("imnsxJUaD-^", pattern[j]) &&
			    pattern[j])
				j++;
			if (j > i + 2 && j < len && (pattern[j] == ')' ||
			    pattern[j] == ':')) {
				ps.inline_opts = 1;
				ps.caseless = 1;
			}
		}
	parse_alt(&ps, &in);
	if (ps.bad || ps.p != ps.end || in.nullable)
		return NULL;
	pf = scrub_xcalloc(1, sizeof(*pf));
	for (k = 0; k < in.req.nbytes && pf->nneed_bytes < 2; k++)
		if (in.req.bcost[k] < 0.6)
			memcpy(pf->need_bytes[pf->nneed_bytes++], in.req.bytes[k], 32);
	if (in.req.run_len >= 2) {
		pf->run_len = in.req.run_len;
		memcpy(pf->run_cls, in.req.run_cls, 32);
	}
	if (in.req.has_lits && (in.req.lcost <= NEED_MAX_COST ||
	    !in.slits.n || !bset_empty(in.sbytes))) {
		/* (common strings gate little, and cost a look where they may
		 * start: kept when the start strings would not gate instead) */
		pf->nneed = (size_t)in.req.lits.n;
		pf->need = copy_lits(&in.req.lits);
		pf->fold_ks |= ps.caseless && lits_fold_ks(&in.req.lits);
	}
	memcpy(pf->forbid, in.forbid, 16);
	/* Where matches start: strings of two bytes or more, and bytes. */
	for (k = 0; k < in.slits.n; k++)
		if (in.slits.v[k].len < 2) {
			add_lit_byte(in.sbytes, (unsigned char)in.slits.v[k].s[0]);
			in.slits.v[k--] = in.slits.v[--in.slits.n];
		}
	for (c = 0x80; c < 0xC0; c++) /* never a character's start */
		in.sbytes[c >> 3] &= (unsigned char)~(1u << (c & 7));
	memcpy(pf->start_bytes, in.sbytes, 32);
	pf->mode = SCRUB_PF_MODE_SCAN;
	/* (?<![^\n]) and the like: a match starts a line (or follows a
	 * non-ASCII character); tried there only. */
	for (c = 0, k = 1; c < 128 && k; c++)
		if (c != '\n' && !bset_has(in.forbid, c))
			k = 0;
	if (k) {
		pf->mode = SCRUB_PF_MODE_TRY;
		pf->line_start = 1;
		memset(pf->start_bytes, 0, 32);
	} else if (bset_cost(in.sbytes) <= TRY_MAX_COST &&
	    (in.slits.n || !bset_empty(in.sbytes))) {
		/* Tried where a start string or a rare start byte is; but
		 * pcre2's own search is faster when it knows bytes that start
		 * every match (and that are rare) and there are no strings. */
		int dense = 0, pcre_dense = !pcre_first;

		for (c = 0; c < 128; c++) {
			int common = (c >= 'a' && c <= 'z') || c == ' ' || c == '\t';

			if (common && bset_has(in.sbytes, c))
				dense = 1;
			if (common && pcre_first && bset_has(pcre_first, c))
				pcre_dense = 1;
		}
		if (!dense) {
			/* when pcre2 skips to its rare first bytes quickly, the
			 * tries must be few to be worth it (scrub_pf_plan) */
			pf->search_cheap = !in.slits.n && !pcre_dense;
			pf->mode = SCRUB_PF_MODE_TRY;
			pf->nstart = (size_t)in.slits.n;
			pf->start = copy_lits(&in.slits);
			pf->fold_ks |= ps.caseless && lits_fold_ks(&in.slits);
		}
	}
	if (pf->mode == SCRUB_PF_MODE_SCAN && in.back && back_ok(&in)) {
		/* X* or X+ then Y: Y's strings and rare bytes are found, and the
		 * run of X before each is walked back to where a match starts;
		 * only there, as every byte of X is forbidden before one. */
		pf->mode = SCRUB_PF_MODE_TRY;
		pf->back = in.back;
		memcpy(pf->back_cls, in.back_cls, 32);
		memcpy(pf->start_bytes, in.abytes, 32);
		pf->nstart = (size_t)in.alits.n;
		pf->start = copy_lits(&in.alits);
		pf->fold_ks |= ps.caseless && lits_fold_ks(&in.alits);
	}
	if (pf->mode == SCRUB_PF_MODE_TRY) {
		pf->pattern = scrub_xmalloc(len + 1);
		memcpy(pf->pattern, pattern, len);
		pf->pattern[len] = '\0';
		pf->pattern_len = len;
		pf->options = options | PCRE2_ANCHORED;
		atomic_init(&pf->anchored, NULL);
		atomic_init(&pf->anchored_failed, 0);
	}
	if (pf->mode == SCRUB_PF_MODE_TRY && pf->nstart && pf->nneed &&
	    bset_empty(pf->start_bytes) && !pf->back) {
		/* Every start string is a need string: a line with a start
		 * string has a need string, and one without has nothing to try;
		 * the need strings gate nothing more. */
		size_t i2, j2;

		for (i2 = 0; i2 < pf->nstart; i2++) {
			for (j2 = 0; j2 < pf->nneed; j2++)
				if (pf->need[j2].len == pf->start[i2].len &&
				    !memcmp(pf->need[j2].s, pf->start[i2].s, pf->start[i2].len))
					break;
			if (j2 == pf->nneed)
				break;
		}
		if (i2 == pf->nstart) {
			free(pf->need);
			pf->need = NULL;
			pf->nneed = 0;
		}
	}
	if (pf->mode == SCRUB_PF_MODE_SCAN && !pf->nneed && !pf->nneed_bytes &&
	    !pf->run_len) {
		scrub_pf_free(pf);
		return NULL;
	}
	return pf;
}

void
scrub_pf_free(struct scrub_pf *pf)
{
	if (!pf)
		return;
	pcre2_code_free(atomic_load(&pf->anchored));
	free(pf->pattern);
	free(pf->need);
	free(pf->start);
	free(pf);
}

const pcre2_code *
scrub_pf_anchored(struct scrub_pf *pf)
{
	pcre2_code *code = atomic_load_explicit(&pf->anchored,
	    memory_order_acquire), *expected = NULL;
	int errcode;
	PCRE2_SIZE erroff;

	if (code || atomic_load_explicit(&pf->anchored_failed,
	    memory_order_relaxed))
		return code;
	code = pcre2_compile((PCRE2_SPTR)pf->pattern, pf->pattern_len,
	    pf->options, &errcode, &erroff, NULL);
	if (!code) {
		/* The pattern compiled unanchored when the set was loaded:
		 * only memory can fail now, which aborts (alloc.h).  (A rule
		 * left to search here would break scrub_pf_visit().) */
		scrub_xmalloc(SIZE_MAX);
		atomic_store(&pf->anchored_failed, 1);
		return NULL;
	}
	/* Without JIT the interpreter is used: slower, same results. */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	if (!atomic_compare_exchange_strong_explicit(&pf->anchored, &expected,
	    code, memory_order_acq_rel, memory_order_acquire)) {
		pcre2_code_free(code);   /* another thread was first */
		code = expected;
	}
	return code;
}

/* ---- The index of strings --------------------------------------------- */

struct posting {
	uint32_t rule;
	uint8_t need, start;        /* a need string, a start string, or both */
	struct scrub_pf_lit lit;
	const unsigned char *forbid; /* the rule's, for start strings */
};

/* One set of start bytes (with its forbidden bytes before), shared by the
 * rules that have it: its offsets are found once per line. */
struct sig {
	unsigned char bytes[32];
	unsigned char forbid[32];
};

/* Strings to find in a line: those of two bytes exactly, and the longer
 * ones by their first three bytes hashed to 16 bits. */
struct strtab {
	unsigned char bm2[8192];    /* two-byte strings */
	unsigned char bm23[8192];   /* the first two bytes of the longer ones */
	unsigned char bm3[8192];    /* their first three bytes, hashed */
	uint32_t *off2, *off3;      /* NBUCKET + 1 offsets into post2, post3,
	                             * by the low bits of the bitmaps' index */
	struct posting *post2, *post3;
	size_t n2, n3;
};

struct scrub_pf_index {
	/* [0]: strings looked for everywhere; [1]: start strings of rules
	 * that start at a word only (\b), looked for at word starts */
	struct strtab tab[2];
	unsigned char flag[256];    /* per byte: F_SPARSE, F_HIGH */
	unsigned char sparse[32];   /* bytes that start some TRY rule's match */
	struct sig *sigs;
	size_t nsig;
	uint32_t *rule_sig;         /* per rule: its sig, or UINT32_MAX */
	unsigned char (*runs)[32];  /* the classes of the rules' runs */
	size_t nrun;
	uint32_t *rule_run;         /* per rule: its run class, or UINT32_MAX */
	/* per byte: bit s (s < 32) when sig s has it, bit 32 + k when run
	 * class k has it; and the sigs that forbid it before a start */
	uint64_t cls_mask[256];
	uint32_t forbid_mask[256];
	/* The rules that a line's strings decide (skipped, or tried only at
	 * their strings, when none of them is in the line), and the others,
	 * in order: those scrub_pf_visit() always lists. */
	unsigned char *strings_only;
	uint32_t *always;
	size_t nalways;
};

#define F_SPARSE 1              /* a byte of ix->sparse */
#define F_HIGH 2                /* a byte of a non-ASCII character */

static unsigned
hash3(unsigned a, unsigned b, unsigned c)
{
	return (unsigned)(((uint32_t)(a << 16 | b << 8 | c) * 0x9E3779B1u) >> 16);
}

static unsigned
lit_key(const struct scrub_pf_lit *l)
{
	const unsigned char *s = (const unsigned char *)l->s;

	return l->len == 2 ? (unsigned)s[0] << 8 | s[1] : hash3(s[0], s[1], s[2]);
}

static int
cmp_posting(const void *a, const void *b)
{
	const struct posting *x = a, *y = b;
	unsigned kx = lit_key(&x->lit) & NBUCKET_MASK;
	unsigned ky = lit_key(&y->lit) & NBUCKET_MASK;

	if (kx != ky)
		return kx < ky ? -1 : 1;
	if (x->rule != y->rule)
		return x->rule < y->rule ? -1 : 1;
	if (x->lit.len != y->lit.len)
		return x->lit.len < y->lit.len ? -1 : 1;
	return memcmp(x->lit.s, y->lit.s, x->lit.len);
}

/* Sorts the postings of one length class, merges those of one rule and
 * string, and fills the bitmap and offsets. */
static struct posting *
build_class(struct posting *post, size_t *np, unsigned char *bm, uint32_t **off)
{
	size_t n = *np, i, k = 0;
	unsigned g;

	if (n)
		qsort(post, n, sizeof(*post), cmp_posting);
	for (i = 0; i < n; i++) {
		if (k && post[k - 1].rule == post[i].rule &&
		    post[k - 1].lit.len == post[i].lit.len &&
		    !memcmp(post[k - 1].lit.s, post[i].lit.s, post[i].lit.len)) {
			post[k - 1].need |= post[i].need;
			post[k - 1].start |= post[i].start;
			continue;
		}
		post[k++] = post[i];
	}
	*np = k;
	*off = scrub_xcalloc(NBUCKET_MASK + 2, sizeof(uint32_t));
	for (i = 0; i < k; i++) {
		g = lit_key(&post[i].lit);
		bset_add(bm, g);
		(*off)[(g & NBUCKET_MASK) + 1]++;
	}
	for (g = 0; g <= NBUCKET_MASK; g++)
		(*off)[g + 1] += (*off)[g];
	return post;
}

/* Whether a rule with these forbidden bytes starts at a word only. */
static int
word_start_only(const unsigned char *forbid)
{
	unsigned c;

	for (c = 0; c < 128; c++)
		if (is_word(c) && !bset_has(forbid, c))
			return 0;
	return 1;
}

static void
strtab_add(struct strtab *tb, size_t *cap2, size_t *cap3,
    const struct posting *po)
{
	if (po->lit.len == 2) {
		if (tb->n2 == *cap2) {
			*cap2 = *cap2 ? *cap2 * 2 : 64;
			tb->post2 = scrub_xreallocarray(tb->post2, *cap2,
			    sizeof(*tb->post2));
		}
		tb->post2[tb->n2++] = *po;
	} else {
		if (tb->n3 == *cap3) {
			*cap3 = *cap3 ? *cap3 * 2 : 256;
			tb->post3 = scrub_xreallocarray(tb->post3, *cap3,
			    sizeof(*tb->post3));
		}
		tb->post3[tb->n3++] = *po;
	}
}

static void
strtab_finish(struct strtab *tb)
{
	size_t k;

	tb->post2 = build_class(tb->post2, &tb->n2, tb->bm2, &tb->off2);
	tb->post3 = build_class(tb->post3, &tb->n3, tb->bm3, &tb->off3);
	for (k = 0; k < tb->n3; k++) {
		const unsigned char *l = (const unsigned char *)tb->post3[k].lit.s;

		bset_add(tb->bm23, (unsigned)l[0] << 8 | l[1]);
	}
}

static void
strtab_free(struct strtab *tb)
{
	free(tb->off2);
	free(tb->off3);
	free(tb->post2);
	free(tb->post3);
}

struct scrub_pf_index *
scrub_pf_index_new(const struct scrub_ruleset *rs)
{
	struct scrub_pf_index *ix;
	size_t r, k, cap[2][2] = {{0, 0}, {0, 0}}, sigcap = 0, runcap = 0;
	static const unsigned char none[32];
	const unsigned char *forbid;
	int any = 0;

	ix = scrub_xcalloc(1, sizeof(*ix));
	ix->rule_sig = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	ix->rule_run = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	for (r = 0; r < rs->nrules; r++) {
		const struct scrub_pf *pf = rs->rules[r].pf;
		int ws;

		ix->rule_sig[r] = UINT32_MAX;
		ix->rule_run[r] = UINT32_MAX;
		if (!pf)
			continue;
		any = 1;
		if (pf->run_len) {
			for (k = 0; k < ix->nrun; k++)
				if (!memcmp(ix->runs[k], pf->run_cls, 32))
					break;
			if (k == ix->nrun) {
				if (ix->nrun == runcap) {
					runcap = runcap ? runcap * 2 : 8;
					ix->runs = scrub_xreallocarray(ix->runs, runcap,
					    sizeof(*ix->runs));
				}
				memcpy(ix->runs[k], pf->run_cls, 32);
				ix->nrun++;
				bset_or(ix->sparse, pf->run_cls);
			}
			ix->rule_run[r] = (uint32_t)k;
		}
		/* a back rule's start bytes start what follows the run of X,
		 * with any byte before them */
		forbid = pf->back ? none : pf->forbid;
		if (pf->mode == SCRUB_PF_MODE_TRY && !bset_empty(pf->start_bytes)) {
			for (k = 0; k < ix->nsig; k++)
				if (!memcmp(ix->sigs[k].bytes, pf->start_bytes, 32) &&
				    !memcmp(ix->sigs[k].forbid, forbid, 32))
					break;
			if (k == ix->nsig) {
				if (ix->nsig == sigcap) {
					sigcap = sigcap ? sigcap * 2 : 16;
					ix->sigs = scrub_xreallocarray(ix->sigs, sigcap,
					    sizeof(*ix->sigs));
				}
				memcpy(ix->sigs[k].bytes, pf->start_bytes, 32);
				memcpy(ix->sigs[k].forbid, forbid, 32);
				ix->nsig++;
				bset_or(ix->sparse, pf->start_bytes);
			}
			ix->rule_sig[r] = (uint32_t)k;
		}
		ws = word_start_only(forbid);
		for (k = 0; k < pf->nneed + pf->nstart; k++) {
			struct posting po;

			po.rule = (uint32_t)r;
			po.need = k < pf->nneed;
			po.start = k >= pf->nneed;
			po.lit = k < pf->nneed ? pf->need[k] : pf->start[k - pf->nneed];
			po.forbid = forbid;
			strtab_add(&ix->tab[po.start && ws], &cap[po.start && ws][0],
			    &cap[po.start && ws][1], &po);
		}
	}
	if (!any) {
		free(ix->rule_sig);
		free(ix->rule_run);
		free(ix);
		return NULL;
	}
	strtab_finish(&ix->tab[0]);
	strtab_finish(&ix->tab[1]);
	ix->strings_only = scrub_xcalloc(rs->nrules + 1, 1);
	ix->always = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	for (r = 0; r < rs->nrules; r++) {
		const struct scrub_pf *pf = rs->rules[r].pf;

		/* need strings gate it, or it is tried at its strings only */
		if (pf && (pf->nneed || (pf->mode == SCRUB_PF_MODE_TRY &&
		    pf->nstart && bset_empty(pf->start_bytes) && !pf->back &&
		    !pf->line_start)))
			ix->strings_only[r] = 1;
		else
			ix->always[ix->nalways++] = (uint32_t)r;
	}
	for (k = 0; k < 256; k++) {
		size_t j;

		ix->flag[k] = (unsigned char)((bset_has(ix->sparse, (unsigned)k) ?
		    F_SPARSE : 0) | (k >= 0x80 ? F_HIGH : 0));
		for (j = 0; j < ix->nsig && j < 32; j++) {
			if (bset_has(ix->sigs[j].bytes, (unsigned)k))
				ix->cls_mask[k] |= (uint64_t)1 << j;
			if (bset_has(ix->sigs[j].forbid, (unsigned)k))
				ix->forbid_mask[k] |= (uint32_t)1 << j;
		}
		for (j = 0; j < ix->nrun && j < 32; j++)
			if (bset_has(ix->runs[j], (unsigned)k))
				ix->cls_mask[k] |= (uint64_t)1 << (32 + j);
	}
	return ix;
}

void
scrub_pf_index_free(struct scrub_pf_index *ix)
{
	if (!ix)
		return;
	strtab_free(&ix->tab[0]);
	strtab_free(&ix->tab[1]);
	free(ix->sigs);
	free(ix->rule_sig);
	free(ix->runs);
	free(ix->rule_run);
	free(ix->strings_only);
	free(ix->always);
	free(ix);
}

/* ---- One line --------------------------------------------------------- */

/* ASCII letters in lower case; other bytes as they are. */
static unsigned char
low(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c | 0x20) : c;
}

void
scrub_pf_line_init(struct scrub_pf_line *pl, const struct scrub_ruleset *rs)
{
	const struct scrub_pf_index *ix = rs->pf_index;

	memset(pl, 0, sizeof(*pl));
	pl->nrules = rs->nrules;
	pl->need_seen = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	pl->cand_gen = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	pl->cand_head = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	pl->cand_tail = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	pl->nsig = ix ? ix->nsig : 0;
	pl->sig = scrub_xcalloc(pl->nsig + 1, sizeof(*pl->sig));
	pl->nrun = ix ? ix->nrun : 0;
	pl->run = scrub_xcalloc(pl->nrun + 1, sizeof(*pl->run));
	pl->touched_gen = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	pl->touched = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
	pl->visit = scrub_xcalloc(rs->nrules + 1, sizeof(uint32_t));
}

void
scrub_pf_line_release(struct scrub_pf_line *pl)
{
	free(pl->need_seen);
	free(pl->cand_gen);
	free(pl->cand_head);
	free(pl->cand_tail);
	free(pl->cand);
	free(pl->sparse);
	free(pl->sig);
	free(pl->sigpos);
	free(pl->high);
	free(pl->backpos);
	free(pl->run);
	free(pl->touched_gen);
	free(pl->touched);
	free(pl->visit);
	memset(pl, 0, sizeof(*pl));
}

static void
add_cand(struct scrub_pf_line *pl, uint32_t r, uint32_t pos)
{
	uint32_t k;

	if (pl->cand_gen[r] == pl->gen && pl->cand[pl->cand_tail[r]].pos == pos)
		return; /* two strings start here */
	if (pl->ncand == pl->cand_cap) {
		if (pl->cand_cap == CAND_CAP) {
			pl->cand_full = 1;
			return;
		}
		pl->cand_cap = pl->cand_cap ? pl->cand_cap * 2 : 256;
		pl->cand = scrub_xreallocarray(pl->cand, pl->cand_cap,
		    sizeof(*pl->cand));
	}
	k = (uint32_t)pl->ncand++;
	pl->cand[k].pos = pos;
	pl->cand[k].next = UINT32_MAX;
	if (pl->cand_gen[r] != pl->gen) {
		pl->cand_gen[r] = pl->gen;
		pl->cand_head[r] = k;
	} else {
		pl->cand[pl->cand_tail[r]].next = k;
	}
	pl->cand_tail[r] = k;
}

static void
add_high(struct scrub_pf_line *pl, uint32_t pos)
{
	if (pl->nhigh == pl->high_cap) {
		if (pl->high_cap == SPARSE_CAP) {
			pl->high_full = 1;
			return;
		}
		pl->high_cap = pl->high_cap ? pl->high_cap * 2 : 64;
		pl->high = scrub_xreallocarray(pl->high, pl->high_cap,
		    sizeof(*pl->high));
	}
	pl->high[pl->nhigh++] = pos;
}

static void
add_sparse(struct scrub_pf_line *pl, uint32_t pos)
{
	if (pl->nsparse == pl->sparse_cap) {
		if (pl->sparse_cap == SPARSE_CAP) {
			pl->sparse_full = 1;
			return;
		}
		pl->sparse_cap = pl->sparse_cap ? pl->sparse_cap * 2 : 256;
		pl->sparse = scrub_xreallocarray(pl->sparse, pl->sparse_cap,
		    sizeof(*pl->sparse));
	}
	pl->sparse[pl->nsparse++] = pos;
}

/* The strings of POST[K, KEND) that start at TEXT[P]: note them. */
static void
match_strings(struct scrub_pf_line *pl, const struct posting *post,
    uint32_t k, uint32_t kend, const unsigned char *t, size_t p, size_t end)
{
	for (; k < kend; k++) {
		const struct posting *po = &post[k];
		size_t i;

		if (p + po->lit.len > end)
			continue;
		for (i = 0; i < po->lit.len &&
		    low(t[p + i]) == (unsigned char)po->lit.s[i]; i++)
			;
		if (i < po->lit.len)
			continue;
		if (pl->touched_gen[po->rule] != pl->gen) {
			pl->touched_gen[po->rule] = pl->gen;
			pl->touched[pl->ntouched++] = po->rule;
		}
		if (po->need)
			pl->need_seen[po->rule] = pl->gen;
		if (po->start && !(p > 0 && bset_has(po->forbid, t[p - 1])))
			add_cand(pl, po->rule, (uint32_t)p);
	}
}

/* ASCII letters in lower case; other bytes as they are. */
#define L4(b) (b), (b) + 1, (b) + 2, (b) + 3
#define L16(b) L4(b), L4((b) + 4), L4((b) + 8), L4((b) + 12)
static const unsigned char lower_tab[256] = {
	L16(0x00), L16(0x10), L16(0x20), L16(0x30),
	0x40, L4(0x61), L4(0x65), L4(0x69), L4(0x6D), L4(0x71), L4(0x75),
	0x79, 0x7A, 0x5B, 0x5C, 0x5D, 0x5E, 0x5F,
	L16(0x60), L16(0x70), L16(0x80), L16(0x90), L16(0xA0), L16(0xB0),
	L16(0xC0), L16(0xD0), L16(0xE0), L16(0xF0)
};
#undef L16
#undef L4

/* ASCII letters, digits and '_'. */
static const unsigned char word_byte[256] = {
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['_'] = 1,
	['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1,
	['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1,
	['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
	['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
	['Y'] = 1, ['Z'] = 1,
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1,
};

/* A non-ASCII byte at P-1: note P when a character starts there, and
 * whether U+017F or U+212A (caseless s and k) end at P. */
static void
after_high(struct scrub_pf_line *pl, const unsigned char *t, size_t seg,
    size_t p)
{
	unsigned char c = t[p];

	if (!(c >= 0x80 && c < 0xC0))
		add_high(pl, (uint32_t)p);
	if ((c == 0xBF && t[p - 1] == 0xC5) ||
	    (c == 0xAA && p > seg + 1 && t[p - 1] == 0x84 && t[p - 2] == 0xE2))
		pl->exotic = 1;
}

void
scrub_pf_scan_line(struct scrub_pf_line *pl, const struct scrub_pf_index *ix,
    const char *text, size_t seg, size_t seg_end)
{
	const unsigned char *t = (const unsigned char *)text;
	unsigned char seen[256];
	size_t p;
	unsigned a, b, high = 0, prevw;
	int k;

	if (++pl->gen == 0) {
		memset(pl->need_seen, 0, (pl->nrules + 1) * sizeof(uint32_t));
		memset(pl->cand_gen, 0, (pl->nrules + 1) * sizeof(uint32_t));
		memset(pl->sig, 0, (pl->nsig + 1) * sizeof(*pl->sig));
		memset(pl->run, 0, (pl->nrun + 1) * sizeof(*pl->run));
		memset(pl->touched_gen, 0, (pl->nrules + 1) * sizeof(uint32_t));
		pl->gen = 1;
	}
	pl->exotic = 0;
	pl->ntouched = 0;
	pl->ncand = 0;
	pl->cand_full = 0;
	pl->nsparse = 0;
	pl->sparse_full = 0;
	pl->nsigpos = 0;
	pl->sig_full = 0;
	pl->nhigh = 0;
	pl->high_full = 0;
	pl->seg = (uint32_t)seg;
	pl->seg_end = (uint32_t)seg_end;
	/* The bytes present: a byte store each (no read-modify-write of a
	 * bitmap), gathered into the bitmap at the end. */
	memset(seen, 0, sizeof(seen));
	if (!ix || seg_end == seg) {
		for (p = seg; p < seg_end; p++)
			seen[t[p]] = 1;
		goto gather;
	}
	/* Each offset: its byte (present, sparse, after non-ASCII), then the
	 * strings that may start there, by the bits of their first two and
	 * three bytes; those of tab[1] only where a word starts.  The bit
	 * tests are combined before one branch, rarely taken. */
	prevw = seg > 0 && word_byte[t[seg - 1]];
	b = lower_tab[t[seg]];
	for (p = seg; p < seg_end; p++) {
		const struct strtab *t0 = &ix->tab[0], *t1 = &ix->tab[1];
		unsigned char c = t[p];
		unsigned g, h, f, ws, hit, has3;

		seen[c] = 1;
		if (high)
			after_high(pl, t, seg, p);
		f = ix->flag[c];
		if (f & F_SPARSE)
			add_sparse(pl, (uint32_t)p);
		high = f & F_HIGH;
		ws = !prevw;
		prevw = word_byte[c];
		if (p + 1 >= seg_end)
			break;
		a = b;
		b = lower_tab[t[p + 1]];
		g = a << 8 | b;
		has3 = p + 2 < seg_end;
		h = has3 ? hash3(a, b, lower_tab[t[p + 2]]) : 0;
		hit = ((t0->bm2[g >> 3] >> (g & 7)) & 1) |
		    ((t0->bm3[h >> 3] >> (h & 7)) & has3) << 1 |
		    (((t1->bm2[g >> 3] >> (g & 7)) & 1) << 2 |
		    ((t1->bm3[h >> 3] >> (h & 7)) & has3) << 3) * ws;
		if (hit) {
			g &= NBUCKET_MASK;
			h &= NBUCKET_MASK;
			if (hit & 1)
				match_strings(pl, t0->post2, t0->off2[g], t0->off2[g + 1], t, p,
				    seg_end);
			if (hit & 2)
				match_strings(pl, t0->post3, t0->off3[h], t0->off3[h + 1], t, p,
				    seg_end);
			if (hit & 4)
				match_strings(pl, t1->post2, t1->off2[g], t1->off2[g + 1], t, p,
				    seg_end);
			if (hit & 8)
				match_strings(pl, t1->post3, t1->off3[h], t1->off3[h + 1], t, p,
				    seg_end);
		}
	}
gather:
	for (k = 0; k < 32; k++) {
		uint64_t w;

		/* eight 0/1 bytes into eight bits, byte i to bit i */
		memcpy(&w, seen + 8 * k, 8);
		if (!w) {
			pl->present[k] = 0;
			continue;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
		w = __builtin_bswap64(w);
#endif
		pl->present[k] = (unsigned char)(((w * 0x0102040810204080ull) >> 56) &
		    0xFF);
	}
}

/* The offsets of the first 32 sigs and the longest runs of the first 32
 * run classes, in one pass over the sparse offsets (two, to count then
 * place), when a rule first needs one in the line. */
static void
classes(struct scrub_pf_line *pl, const struct scrub_pf_index *ix,
    const unsigned char *t)
{
	uint32_t count[32], at[32], cur[32], prev[32], best[32];
	size_t i, total = 0;
	unsigned k, nsig = ix->nsig < 32 ? (unsigned)ix->nsig : 32;
	unsigned nrun = ix->nrun < 32 ? (unsigned)ix->nrun : 32;

	memset(count, 0, sizeof(count));
	memset(best, 0, sizeof(best));
	for (k = 0; k < 32; k++)
		prev[k] = UINT32_MAX - 1;
	for (i = 0; i < pl->nsparse; i++) {
		uint32_t p = pl->sparse[i];
		uint64_t m = ix->cls_mask[t[p]];
		uint32_t sm = (uint32_t)m & ~(p > 0 ? ix->forbid_mask[t[p - 1]] : 0);
		uint32_t rm = (uint32_t)(m >> 32);

		for (; sm; sm &= sm - 1)
			count[__builtin_ctz(sm)]++;
		for (; rm; rm &= rm - 1) {
			k = (unsigned)__builtin_ctz(rm);
			cur[k] = p == prev[k] + 1 ? cur[k] + 1 : 1;
			prev[k] = p;
			if (cur[k] > best[k])
				best[k] = cur[k];
		}
	}
	for (k = 0; k < nsig; k++) {
		at[k] = (uint32_t)(pl->nsigpos + total);
		total += count[k];
	}
	if (pl->nsigpos + total > SIGPOS_CAP) {
		/* (memory stays bounded on a long line of digits: its rules
		 * search it instead) */
		pl->sig_full = 1;
		total = 0;
		memset(count, 0, sizeof(count));
		for (k = 0; k < nsig; k++)
			at[k] = (uint32_t)pl->nsigpos;
	}
	if (pl->nsigpos + total > pl->sigpos_cap) {
		pl->sigpos_cap = (pl->nsigpos + total) * 2;
		pl->sigpos = scrub_xreallocarray(pl->sigpos, pl->sigpos_cap,
		    sizeof(*pl->sigpos));
	}
	for (k = 0; k < nsig; k++) {
		pl->sig[k].gen = pl->gen;
		pl->sig[k].start = at[k];
		pl->sig[k].end = at[k] + count[k];
	}
	for (i = 0; i < pl->nsparse; i++) {
		uint32_t p = pl->sparse[i];
		uint32_t sm = (uint32_t)ix->cls_mask[t[p]] &
		    ~(p > 0 ? ix->forbid_mask[t[p - 1]] : 0);

		for (; sm && !pl->sig_full; sm &= sm - 1)
			pl->sigpos[at[__builtin_ctz(sm)]++] = p;
	}
	pl->nsigpos += total;
	for (k = 0; k < nrun; k++) {
		pl->run[k].gen = pl->gen;
		pl->run[k].longest = best[k];
	}
}

/* The offsets of the line whose byte is in SIG and not after a forbidden
 * one: filtered from the sparse offsets, once per line and SIG. */
static void
sig_list(struct scrub_pf_line *pl, const struct scrub_pf_index *ix,
    uint32_t s, const unsigned char *t)
{
	const struct sig *sg = &ix->sigs[s];
	size_t i;

	pl->sig[s].gen = pl->gen;
	pl->sig[s].start = (uint32_t)pl->nsigpos;
	for (i = 0; i < pl->nsparse; i++) {
		uint32_t pos = pl->sparse[i];

		if (!bset_has(sg->bytes, t[pos]) ||
		    (pos > 0 && bset_has(sg->forbid, t[pos - 1])))
			continue;
		if (pl->nsigpos >= SIGPOS_CAP) {
			pl->sig_full = 1;
			break;
		}
		if (pl->nsigpos == pl->sigpos_cap) {
			pl->sigpos_cap = pl->sigpos_cap ? pl->sigpos_cap * 2 : 256;
			pl->sigpos = scrub_xreallocarray(pl->sigpos, pl->sigpos_cap,
			    sizeof(*pl->sigpos));
		}
		pl->sigpos[pl->nsigpos++] = pos;
	}
	pl->sig[s].end = (uint32_t)pl->nsigpos;
}

static uint32_t next_start(const struct scrub_pf_line *pl,
    struct scrub_pf_iter *it);

/* The longest run of bytes of run class K in the line, from its sparse
 * offsets (which hold every byte of the class). */
static uint32_t
longest_run(struct scrub_pf_line *pl, const struct scrub_pf_index *ix,
    uint32_t k, const unsigned char *t)
{
	const unsigned char *cls = ix->runs[k];
	uint32_t best = 0, cur = 0, prev = UINT32_MAX - 1;
	size_t i;

	if (pl->run[k].gen == pl->gen)
		return pl->run[k].longest;
	if (k < 32) {
		classes(pl, ix, t);
		return pl->run[k].longest;
	}
	for (i = 0; i < pl->nsparse; i++) {
		uint32_t pos = pl->sparse[i];

		if (!bset_has(cls, t[pos]))
			continue;
		cur = pos == prev + 1 ? cur + 1 : 1;
		prev = pos;
		if (cur > best)
			best = cur;
	}
	pl->run[k].gen = pl->gen;
	pl->run[k].longest = best;
	return best;
}

/* A back rule (scrub_pf.back): from where what follows X starts, back
 * over the run of X to where a match can start.  The offsets go to
 * pl->backpos, in order, for scrub_pf_next().  Returns -1 when a byte of
 * a non-ASCII character stands where X may be (search then). */
static int
back_list(struct scrub_pf_line *pl, const struct scrub_pf *pf,
    const unsigned char *t, struct scrub_pf_iter *it)
{
	uint32_t q, prev = UINT32_MAX, min = (uint32_t)pf->back - 1;

	pl->nbackpos = 0;
	while ((q = next_start(pl, it)) != UINT32_MAX) {
		uint32_t p = q;

		while (p > pl->seg && bset_has(pf->back_cls, t[p - 1])) {
			if (t[p - 1] >= 0x80)
				return -1;
			p--;
		}
		if (q - p < min || p == prev ||
		    (p > 0 && bset_has(pf->forbid, t[p - 1])))
			continue;
		if (pl->nbackpos == pl->backpos_cap) {
			pl->backpos_cap = pl->backpos_cap ? pl->backpos_cap * 2 : 64;
			pl->backpos = scrub_xreallocarray(pl->backpos, pl->backpos_cap,
			    sizeof(*pl->backpos));
		}
		pl->backpos[pl->nbackpos++] = p;
		prev = p;
	}
	it->back = 1;
	it->pos = 0;
	it->end = (uint32_t)pl->nbackpos;
	return 0;
}

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

size_t
scrub_pf_visit(struct scrub_pf_line *pl, const struct scrub_pf_index *ix,
    const uint32_t **rules)
{
	size_t i = 0, j = 0, n = 0;

	/* On a line with U+212A or U+017F, or with too many start strings,
	 * the strings do not decide: every rule. */
	if (!ix || pl->exotic || pl->cand_full || pl->sparse_full ||
	    pl->high_full) {
		for (n = 0; n < pl->nrules; n++)
			pl->visit[n] = (uint32_t)n;
		*rules = pl->visit;
		return n;
	}
	if (pl->ntouched > 1)
		qsort(pl->touched, pl->ntouched, sizeof(uint32_t), cmp_u32);
	while (i < ix->nalways || j < pl->ntouched) {
		if (j == pl->ntouched || (i < ix->nalways &&
		    ix->always[i] < pl->touched[j]))
			pl->visit[n++] = ix->always[i++];
		else if (ix->strings_only[pl->touched[j]])
			pl->visit[n++] = pl->touched[j++];
		else
			j++; /* in the other list already */
	}
	*rules = pl->visit;
	return n;
}

int
scrub_pf_plan(struct scrub_pf_line *pl, const struct scrub_pf_index *ix,
    const struct scrub_rule *rule, size_t r, const char *text,
    struct scrub_pf_iter *it)
{
	const struct scrub_pf *pf = rule->pf;
	size_t line_len = pl->seg_end - pl->seg;
	uint32_t s;
	int k;

	if (!pf)
		return SCRUB_PF_SEARCH;
	for (k = 0; k < pf->nneed_bytes; k++) {
		uint64_t w[4], q[4];

		memcpy(w, pf->need_bytes[k], 32);
		memcpy(q, pl->present, 32);
		if (!((w[0] & q[0]) | (w[1] & q[1]) | (w[2] & q[2]) | (w[3] & q[3])))
			return SCRUB_PF_SKIP;
	}
	if (pf->run_len && !pl->sparse_full &&
	    longest_run(pl, ix, ix->rule_run[r], (const unsigned char *)text) <
	    (uint32_t)pf->run_len)
		return SCRUB_PF_SKIP;
	if (pl->exotic && pf->fold_ks)
		return SCRUB_PF_SEARCH; /* U+212A or U+017F may stand for k, s */
	if (pf->nneed && pl->need_seen[r] != pl->gen)
		return SCRUB_PF_SKIP;
	if (pf->mode != SCRUB_PF_MODE_TRY)
		return SCRUB_PF_SEARCH;
	if (pl->cand_full || pl->sparse_full || pl->high_full)
		return SCRUB_PF_SEARCH;
	it->lit = pf->nstart && pl->cand_gen[r] == pl->gen ? pl->cand_head[r] :
	    UINT32_MAX;
	it->pos = it->end = 0;
	it->line = pf->line_start ? 1 : 0;
	s = ix->rule_sig[r];
	if (s != UINT32_MAX) {
		if (pl->sig[s].gen != pl->gen) {
			if (s < 32)
				classes(pl, ix, (const unsigned char *)text);
			else
				sig_list(pl, ix, s, (const unsigned char *)text);
		}
		if (pl->sig_full)
			return SCRUB_PF_SEARCH;
		it->pos = pl->sig[s].start;
		it->end = pl->sig[s].end;
		/* A try costs about as much as pcre2 skipping PF_TRY_BYTES
		 * bytes to a first byte it knows. */
		if (pf->search_cheap && (size_t)(it->end - it->pos) * PF_TRY_BYTES >
		    line_len)
			return SCRUB_PF_SEARCH;
	}
	it->back = 0;
	if (pf->back && back_list(pl, pf, (const unsigned char *)text, it) < 0)
		return SCRUB_PF_SEARCH;
	return SCRUB_PF_TRY;
}

/* The next start of a match from the strings and the start bytes. */
static uint32_t
next_start(const struct scrub_pf_line *pl, struct scrub_pf_iter *it)
{
	uint32_t lpos, spos;

	lpos = it->lit == UINT32_MAX ? UINT32_MAX : pl->cand[it->lit].pos;
	spos = it->pos < it->end ? pl->sigpos[it->pos] : UINT32_MAX;
	if (lpos <= spos && lpos != UINT32_MAX)
		it->lit = pl->cand[it->lit].next;
	if (spos <= lpos && spos != UINT32_MAX)
		it->pos++;
	return lpos < spos ? lpos : spos;
}

uint32_t
scrub_pf_next(const struct scrub_pf_line *pl, struct scrub_pf_iter *it)
{
	if (it->line) {
		/* the line's start, then the characters after non-ASCII */
		if (it->line == 1) {
			it->line = 2;
			return pl->seg;
		}
		return it->pos < pl->nhigh ? pl->high[it->pos++] : UINT32_MAX;
	}
	if (it->back)
		return it->pos < it->end ? pl->backpos[it->pos++] : UINT32_MAX;
	return next_start(pl, it);
}
