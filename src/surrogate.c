/*
 * surrogate.c: realistic stand-ins of the same kind and shape (the
 * `surrogate` operator; see surrogate.h and phiscrub-patterns(5)).
 *
 *   NAME      word by word: a given name for a given name (female or male
 *             as the built-in lists know the original), a surname for a
 *             surname, initials, particles (van, de) and suffixes (Jr) as
 *             they are; each word keeps its capitalization style
 *             (Derek -> Marcus, DEREK -> MARCUS, derek -> marcus) and a
 *             possessive keeps its 's.
 *   LOCATION  a street address for an address (house number of the same
 *             length, another street name, the street type and unit words
 *             kept), a city for a city, "<city> Hospital" for an
 *             institution (its Hospital/Clinic/County words kept), the same
 *             shape for postal codes and other values with digits.
 *   PHONE     the same format, digits replaced: North American numbers go
 *             to the fictional range NXX-555-01XX (country code kept);
 *             others keep their country code and trunk 0.
 *   EMAIL     a name at example.com (example.org for .org addresses).
 *   URL       https://example.org/... (scheme, www. and the shape of the
 *             path kept).
 *   HANDLE    a lower-case name, with as many digits as the original.
 *   AGE       another age over 89 (ages in words become "90+").
 *   ID, other the same shape: digits for digits, letters for letters.
 * A surrogate never equals the original: every draw that does is drawn
 * again.
 */
#include <string.h>

#include <sodium.h>

#include "fold.h"
#include "ruleset_int.h"
#include "surrogate.h"

#define MAX_ATTEMPTS 64
#define MAX_WORDS 32

/* ---- Keyed random streams ---------------------------------------------- */

void
scrub_rng_init(struct scrub_rng *g, const unsigned char *key, size_t key_len,
    const struct scrub_part *parts, size_t n)
{
	crypto_generichash_state st;
	size_t i;

	crypto_generichash_init(&st, key, key_len, sizeof(g->seed));
	for (i = 0; i < n; i++) {
		unsigned char len[4];
		uint32_t l = (uint32_t)parts[i].len;

		len[0] = (unsigned char)l;
		len[1] = (unsigned char)(l >> 8);
		len[2] = (unsigned char)(l >> 16);
		len[3] = (unsigned char)(l >> 24);
		crypto_generichash_update(&st, len, sizeof(len));
		crypto_generichash_update(&st, parts[i].p, parts[i].len);
	}
	crypto_generichash_final(&st, g->seed, sizeof(g->seed));
	g->counter = 0;
	g->pos = sizeof(g->block);
}

uint64_t
scrub_rng_next(struct scrub_rng *g)
{
	uint64_t v = 0;
	int i;

	if (g->pos + 8 > sizeof(g->block)) {
		unsigned char ctr[8];

		for (i = 0; i < 8; i++)
			ctr[i] = (unsigned char)(g->counter >> (8 * i));
		g->counter++;
		crypto_generichash(g->block, sizeof(g->block), ctr, sizeof(ctr),
		    g->seed, sizeof(g->seed));
		g->pos = 0;
	}
	for (i = 0; i < 8; i++)
		v |= (uint64_t)g->block[g->pos + i] << (8 * i);
	g->pos += 8;
	return v;
}

uint32_t
scrub_rng_below(struct scrub_rng *g, uint32_t n)
{
	return (uint32_t)(scrub_rng_next(g) % n);
}

/* Seeds G for drawing the surrogate of ORIG (PURPOSE says what is drawn,
 * ATTEMPT counts the draws that were refused). */
static void
seed(struct scrub_rng *g, const struct scrub_surr_ctx *c, const char *purpose,
    const char *orig, size_t len, unsigned attempt)
{
	unsigned char a[4];
	struct scrub_part parts[4];

	a[0] = (unsigned char)attempt;
	a[1] = (unsigned char)(attempt >> 8);
	a[2] = a[3] = 0;
	parts[0].p = "phiscrub/surrogate/1";
	parts[0].len = 20;
	parts[1].p = purpose;
	parts[1].len = strlen(purpose);
	parts[2].p = orig;
	parts[2].len = len;
	parts[3].p = a;
	parts[3].len = sizeof(a);
	scrub_rng_init(g, c->key, c->key_len, parts, 4);
}

/* ---- Lists ------------------------------------------------------------- */

const char *const scrub_surr_cities[] = {
	"Ashland", "Auburn", "Aurora", "Bedford", "Belmont", "Benton",
	"Berlin", "Bristol", "Brookfield", "Burlington", "Camden", "Canton",
	"Carlisle", "Centerville", "Chester", "Clayton", "Clifton", "Clinton",
	"Columbia", "Concord", "Cortland", "Dayton", "Dover", "Easton",
	"Edgewood", "Elmwood", "Fairfield", "Fairview", "Farmington",
	"Franklin", "Fremont", "Georgetown", "Glendale", "Greenfield",
	"Greenville", "Hamilton", "Hanover", "Harrison", "Hillsboro", "Hudson",
	"Jackson", "Jamestown", "Kingston", "Lakewood", "Lancaster", "Lebanon",
	"Lexington", "Lincoln", "Linden", "Madison", "Manchester", "Marion",
	"Milford", "Millbrook", "Milton", "Monroe", "Newport", "Newton",
	"Oakdale", "Oakland", "Oxford", "Plainview", "Plymouth", "Princeton",
	"Quincy", "Richmond", "Ridgewood", "Riverside", "Rochester", "Salem",
	"Sheffield", "Shelby", "Springfield", "Stratford", "Summit", "Sunnyvale",
	"Troy", "Union", "Vernon", "Warren", "Washington", "Waverly",
	"Westfield", "Weston", "Winchester", "Windsor", "Woodbury", "Woodland",
	"Mount Vernon", "Oak Grove", "Pleasant Hill", "Spring Valley",
};
const size_t scrub_surr_cities_count =
    sizeof(scrub_surr_cities) / sizeof(scrub_surr_cities[0]);

static const char *const streets[] = {
	"Maple", "Oak", "Cedar", "Pine", "Elm", "Walnut", "Chestnut", "Willow",
	"Birch", "Spruce", "Hickory", "Sycamore", "Magnolia", "Dogwood",
	"Laurel", "Lake", "Hill", "River", "Spring", "Meadow", "Forest",
	"Ridge", "Valley", "Sunset", "Highland", "Church", "Mill", "School",
	"Center", "Washington", "Lincoln", "Jefferson", "Adams", "Main",
	"Union", "Prospect", "Pleasant", "Orchard", "Cherry", "Poplar",
	"Locust", "Holly", "Aspen", "Lakeview", "Hillside", "Woodland",
	"Grove", "Bridge", "Water", "Front", "Market", "Broad", "Liberty",
	"Harbor", "Summit", "Railroad", "Franklin", "Jackson", "Madison",
};

/* Street types for when the built-in lists are not loaded. */
static const char *const street_types[] = {
	"street", "st", "avenue", "ave", "av", "road", "rd", "boulevard",
	"blvd", "lane", "ln", "drive", "dr", "court", "ct", "place", "pl",
	"terrace", "ter", "way", "circle", "cir", "parkway", "pkwy", "highway",
	"hwy", "close", "crescent", "cres", "square", "sq", "trail", "trl",
};

static const char *const name_particles[] = {
	"van", "von", "de", "der", "den", "del", "della", "da", "di", "du",
	"la", "le", "bin", "ibn", "al", "el", "ten", "ter", "dos", "das",
};

static const char *const name_suffixes[] = {
	"jr", "sr", "ii", "iii", "iv", "phd", "md", "rn", "dds",
};

static int
in_list(const char *const *list, size_t n, const char *word, size_t len)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && !memcmp(list[i], word, len))
			return 1;
	return 0;
}
#define IN_LIST(l, w, n) in_list((l), sizeof(l) / sizeof((l)[0]), (w), (n))

/* Candidate I of list KIND: 'f', 'm', 's' (generated), 'c', 't'. */
static size_t
list_count(int kind)
{
	switch (kind) {
	case 'f': return scrub_surr_female_count;
	case 'm': return scrub_surr_male_count;
	case 's': return scrub_surr_surnames_count;
	case 'c': return scrub_surr_cities_count;
	default: return sizeof(streets) / sizeof(streets[0]);
	}
}

static const char *
list_entry(int kind, size_t i)
{
	switch (kind) {
	case 'f': return scrub_surr_pool + scrub_surr_female[i];
	case 'm': return scrub_surr_pool + scrub_surr_male[i];
	case 's': return scrub_surr_pool + scrub_surr_surnames[i];
	case 'c': return scrub_surr_cities[i];
	default: return streets[i];
	}
}

static int
lower_ascii(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* Whether ASCII CAND reads as the folded word ORIG (LEN bytes). */
static int
same_word(const char *cand, const char *orig, size_t len)
{
	size_t i;

	for (i = 0; i < len && cand[i]; i++)
		if (lower_ascii((unsigned char)cand[i]) !=
		    lower_ascii((unsigned char)orig[i]))
			return 0;
	return i == len && !cand[i];
}

/* In unkeyed mode, claims CAND (of kind class K) for ORIG; 0 when another
 * value of this document holds it already. */
static int
claim(const struct scrub_surr_ctx *c, int k, const char *cand,
    const char *orig, size_t len)
{
	char key[64];
	size_t n = strlen(cand), i;
	uint64_t mine, held;

	if (!c->taken || n + 2 > sizeof(key))
		return 1;
	key[0] = (char)k;
	key[1] = ':';
	for (i = 0; i < n; i++)
		key[i + 2] = (char)lower_ascii((unsigned char)cand[i]);
	mine = (uint64_t)scrub_hash32(orig, len) + 1;
	held = scrub_lexicon_get(c->taken, key, n + 2);
	if (held)
		return held == mine;
	scrub_lexicon_add(c->taken, key, n + 2, mine);
	return 1;
}

/* Draws a word of list KIND ('g' is a given name of either gender) that
 * stands for the folded word ORIG (LEN bytes). */
static const char *
draw_word(const struct scrub_surr_ctx *c, int kind, const char *orig,
    size_t len)
{
	const char purpose[] = {'w', (char)kind, '\0'};
	const char *cand = NULL;
	unsigned attempt;
	int k = kind;

	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		struct scrub_rng g;

		seed(&g, c, purpose, orig, len, attempt);
		k = kind;
		if (k == 'g')
			k = scrub_rng_below(&g, 2) ? 'm' : 'f';
		cand = list_entry(k, scrub_rng_below(&g, (uint32_t)list_count(k)));
		if (same_word(cand, orig, len))
			continue;
		if (claim(c, kind == 'f' || kind == 'm' ? 'g' : kind, cand, orig,
		    len))
			return cand;
	}
	/* Every draw was refused (a tiny list, a crowded document): any entry
	 * that is not the original will do. */
	return same_word(list_entry(k, 0), orig, len) ? list_entry(k, 1) :
	    list_entry(k, 0);
}

/* ---- Words and their style -------------------------------------------- */

/* 'u' (DEREK), 'l' (derek) or 'c' (Derek, McDonald) for TEXT. */
static int
style_of(const char *text, size_t len)
{
	size_t i = 0;
	int upper = 0, lower = 0;

	while (i < len) {
		int32_t cp;
		int k = scrub_utf8_decode((const unsigned char *)text + i, len - i,
		    &cp);

		if (k < 0) {
			i++;
			continue;
		}
		if (scrub_is_upper_cp(cp))
			upper++;
		else if (scrub_is_lower_cp(cp))
			lower++;
		i += (size_t)k;
	}
	if (upper > 1 && !lower)
		return 'u';
	if (!upper && lower)
		return 'l';
	return 'c';
}

/* Appends ASCII WORD in STYLE ('c' keeps the word's own capitals). */
static void
add_styled(struct scrub_buf *out, const char *word, int style)
{
	for (; *word; word++) {
		char ch = *word;

		if (style == 'u' && ch >= 'a' && ch <= 'z')
			ch = (char)(ch - 32);
		else if (style == 'l')
			ch = (char)lower_ascii((unsigned char)ch);
		scrub_buf_addch(out, ch);
	}
}

static int
is_space(char ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

static int
is_digit(char ch)
{
	return ch >= '0' && ch <= '9';
}

static size_t
count_digits(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += is_digit(s[i]);
	return n;
}

/* Letters in TEXT (code points that are letters). */
static size_t
count_letters(const char *text, size_t len)
{
	size_t i = 0, n = 0;

	while (i < len) {
		int32_t cp;
		int k = scrub_utf8_decode((const unsigned char *)text + i, len - i,
		    &cp);

		if (k < 0) {
			i++;
			continue;
		}
		n += scrub_is_letter_cp(cp) != 0;
		i += (size_t)k;
	}
	return n;
}

/* The folded form of TEXT in BUF, or -1. */
static int
fold(const char *text, size_t len, char *buf, size_t cap)
{
	return scrub_fold(text, len, buf, cap);
}

/* The bits of the folded WORD in the rule set's lists of kind KIND. */
static uint64_t
kind_bits(const struct scrub_ruleset *rs, int kind, const char *word,
    size_t len)
{
	return scrub_ruleset_lookup(rs, word, len) & rs->kind_mask[kind];
}

static int
name_cmp(const char *word, size_t len, const char *name)
{
	int c = strncmp(word, name, len);

	if (c)
		return c;
	return name[len] ? -1 : 0;
}

int
scrub_surr_name_info(const struct scrub_ruleset *rs, const char *word,
    size_t len, int *gender)
{
	size_t lo = 0, hi = scrub_surr_names_count;
	int fbit, mbit;
	uint64_t bits;

	*gender = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = name_cmp(word, len, scrub_surr_pool + scrub_surr_names[mid]);

		if (!c) {
			if (scrub_surr_name_gender[mid] != '-')
				*gender = scrub_surr_name_gender[mid];
			return scrub_surr_name_role[mid] == 'a' ? 0 :
			    scrub_surr_name_role[mid];
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	/* Rarer names: the lists of the built-in blob, when only one has it. */
	fbit = scrub_lexicon_list_bit(&rs->builtin, "given-names-female");
	mbit = scrub_lexicon_list_bit(&rs->builtin, "given-names-male");
	if (fbit < 0 || mbit < 0)
		return 0;
	bits = scrub_lexicon_get(&rs->builtin, word, len);
	if ((bits >> fbit & 1) && !(bits >> mbit & 1))
		*gender = 'f';
	else if ((bits >> mbit & 1) && !(bits >> fbit & 1))
		*gender = 'm';
	return 0;
}

/* ---- Same shape -------------------------------------------------------- */

/* Appends TEXT with each ASCII digit and letter from FROM on replaced by a
 * random one of its kind and case, drawn from G. */
static void
add_reshaped(struct scrub_rng *g, const char *text, size_t len, size_t from,
    struct scrub_buf *out)
{
	size_t i;

	scrub_buf_add(out, text, from);
	for (i = from; i < len; i++) {
		char ch = text[i];

		if (is_digit(ch))
			ch = (char)('0' + scrub_rng_below(g, 10));
		else if (ch >= 'a' && ch <= 'z')
			ch = (char)('a' + scrub_rng_below(g, 26));
		else if (ch >= 'A' && ch <= 'Z')
			ch = (char)('A' + scrub_rng_below(g, 26));
		scrub_buf_addch(out, ch);
	}
}

static void
reshape(const struct scrub_surr_ctx *c, const char *purpose, const char *text,
    size_t len, size_t from, struct scrub_buf *out)
{
	size_t mark = out->len;
	unsigned attempt;

	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		struct scrub_rng g;

		scrub_buf_truncate(out, mark);
		seed(&g, c, purpose, text, len, attempt);
		add_reshaped(&g, text, len, from, out);
		if (out->len - mark != len || memcmp(out->ptr + mark, text, len))
			return;
	}
	/* Nothing to reshape (no letters or digits): say so plainly. */
	scrub_buf_truncate(out, mark);
	scrub_buf_addstr(out, "[REDACTED]");
}

/* ---- NAME -------------------------------------------------------------- */

struct word {
	size_t start, end;   /* in the text */
	int role;            /* 'g' given, 's' surname, 'i' initial, 'k' keep */
};

/* Appends the surrogate of one name word TEXT[w->start, w->end) whose
 * role is given name or surname: hyphenated parts one by one. */
static void
add_name_word(const struct scrub_surr_ctx *c, const char *text,
    const struct word *w, struct scrub_buf *out)
{
	size_t i = w->start;

	while (i < w->end) {
		const char *dash = memchr(text + i, '-', w->end - i);
		size_t e = dash ? (size_t)(dash - text) : w->end;
		char folded[SCRUB_FOLD_MAX];
		int n = e > i ? fold(text + i, e - i, folded, sizeof(folded)) : -1;

		if (n <= 0 && e > i && count_letters(text + i, e - i)) {
			/* Does not fold (invalid UTF-8, too long): never copy it. */
			add_styled(out, draw_word(c, w->role == 's' ? 's' : 'g',
			    text + i, e - i), style_of(text + i, e - i));
		} else if (n > 0) {
			int gender, kind = scrub_surr_name_info(c->rs, folded,
			    (size_t)n, &gender);

			/* The part's own role where the lists are sure of it, so
			 * that Smith is drawn alike in Smith and O'Brien-Smith. */
			if (!kind)
				kind = w->role;
			if (kind == 'g')
				kind = gender ? gender : 'g';
			add_styled(out, draw_word(c, kind, folded, (size_t)n),
			    style_of(text + i, e - i));
		} else {
			scrub_buf_add(out, text + i, e - i);
		}
		if (dash) {
			scrub_buf_addch(out, '-');
			e++;
		}
		i = e;
	}
}

/* An initial (J or J.): another letter of the same case. */
static void
add_initial(const struct scrub_surr_ctx *c, const char *text,
    const struct word *w, struct scrub_buf *out)
{
	struct scrub_rng g;
	char ch = text[w->start], repl;
	unsigned attempt = 0;
	int upper = !(ch >= 'a' && ch <= 'z');

	do {
		seed(&g, c, "initial", text + w->start, 1, attempt++);
		repl = (char)((upper ? 'A' : 'a') + scrub_rng_below(&g, 26));
	} while (lower_ascii((unsigned char)repl) ==
	    lower_ascii((unsigned char)ch) && attempt < MAX_ATTEMPTS);
	if (lower_ascii((unsigned char)repl) == lower_ascii((unsigned char)ch))
		repl = (char)(repl == 'z' || repl == 'Z' ? repl - 1 : repl + 1);
	scrub_buf_addch(out, repl);
	scrub_buf_add(out, text + w->start + 1, w->end - w->start - 1);
}

/* The length of a possessive ending of TEXT ('s, ’s, or ' after s). */
static size_t
possessive_len(const char *text, size_t len)
{
	if (len > 2 && text[len - 2] == '\'' && (text[len - 1] == 's' ||
	    text[len - 1] == 'S'))
		return 2;
	if (len > 4 && !memcmp(text + len - 4, "\xE2\x80\x99", 3) &&
	    (text[len - 1] == 's' || text[len - 1] == 'S'))
		return 4;
	if (len > 2 && text[len - 1] == '\'' && (text[len - 2] == 's' ||
	    text[len - 2] == 'S'))
		return 1;
	return 0;
}

/* The role that the lists give the word TEXT[S, E), part by part
 * (Feldman-Ruiz): 'g', 's', or 0 when unknown or mixed. */
static int
known_role(const struct scrub_ruleset *rs, const char *text, size_t s,
    size_t e)
{
	int given = 0, surname = 0;

	while (s < e) {
		const char *dash = memchr(text + s, '-', e - s);
		size_t pe = dash ? (size_t)(dash - text) : e;
		char folded[SCRUB_FOLD_MAX];
		int n = pe > s ? fold(text + s, pe - s, folded, sizeof(folded)) : -1;
		int gender, role = n > 0 ? scrub_surr_name_info(rs, folded,
		    (size_t)n, &gender) : 0;

		given |= role == 'g';
		surname |= role == 's';
		s = pe + 1;
	}
	return given == surname ? 0 : given ? 'g' : 's';
}

/* Whether the word TEXT[S, E) is in a given-name list. */
static int
given_bits(const struct scrub_ruleset *rs, const char *text, size_t s,
    size_t e)
{
	char folded[SCRUB_FOLD_MAX];
	int n = fold(text + s, e - s, folded, sizeof(folded)), gender;

	if (n <= 0)
		return 0;
	scrub_surr_name_info(rs, folded, (size_t)n, &gender);
	return gender || kind_bits(rs, SCRUB_LK_GIVEN, folded, (size_t)n);
}

static void
name_surrogate(const struct scrub_surr_ctx *c, const char *text, size_t len,
    struct scrub_buf *out)
{
	const struct scrub_ruleset *rs = c->rs;
	struct word w[MAX_WORDS];
	size_t nw = 0, i = 0, body = len - possessive_len(text, len);
	size_t names[MAX_WORDS], nn = 0, mark = out->len, pos;
	int comma_after = -1;   /* index in names[] of the last word before "," */

	while (i < body && nw < MAX_WORDS) {
		char folded[SCRUB_FOLD_MAX];
		size_t s, e;
		int n;

		while (i < body && (is_space(text[i]) || text[i] == ','))
			if (text[i++] == ',' && nn && comma_after < 0)
				comma_after = (int)nn - 1;
		if (i >= body)
			break;
		s = i;
		while (i < body && !is_space(text[i]) && text[i] != ',')
			i++;
		e = i;
		w[nw].start = s;
		w[nw].end = e;
		n = fold(text + s, e - s, folded, sizeof(folded));
		if (!count_letters(text + s, e - s))
			w[nw].role = 'k';   /* no letters: punctuation, a number */
		else if (count_letters(text + s, e - s) == 1 &&
		    (e - s == 1 || (e - s == 2 && text[s + 1] == '.')) &&
		    (unsigned char)text[s] < 0x80)
			w[nw].role = 'i';
		else if (n > 0 && (IN_LIST(name_suffixes, folded, (size_t)n -
		    (folded[n - 1] == '.')) || (nw && style_of(text + s, e - s) == 'l' &&
		    IN_LIST(name_particles, folded, (size_t)n))))
			w[nw].role = 'k';   /* Jr; van, de (in lower case: Al is a name) */
		else {
			w[nw].role = 's';
			names[nn++] = nw;
		}
		nw++;
	}
	while (i < body && (is_space(text[i]) || text[i] == ','))
		i++;
	if (i < body) {         /* more words than MAX_WORDS: copy none */
		scrub_buf_addstr(out, "[NAME]");
		return;
	}
	/* Roles: what the lists are sure of (Sarah, Smith), else the place
	 * in the name (Smith, Derek; Derek; Mary Jane O'Brien). */
	for (i = 0; i < nn; i++) {
		struct word *x = &w[names[i]];
		int known = known_role(rs, text, x->start, x->end);
		int hyphen = memchr(text + x->start, '-', x->end - x->start) != NULL;

		if (comma_after >= 0 && (size_t)comma_after + 1 < nn)
			x->role = (int)i <= comma_after ? 's' : 'g';
		else if (known)
			x->role = known;
		else if (nn == 1)
			x->role = hyphen ? 's' : 'g';   /* Feldman-Ruiz; Derek */
		else if (i == 0)
			x->role = 'g';
		else if (i + 1 == nn)
			x->role = 's';
		else
			x->role = given_bits(rs, text, x->start, x->end) ? 'g' : 's';
	}
	pos = 0;
	for (i = 0; i < nw; i++) {
		scrub_buf_add(out, text + pos, w[i].start - pos);
		if (w[i].role == 'k')
			scrub_buf_add(out, text + w[i].start, w[i].end - w[i].start);
		else if (w[i].role == 'i')
			add_initial(c, text, &w[i], out);
		else
			add_name_word(c, text, &w[i], out);
		pos = w[i].end;
	}
	scrub_buf_add(out, text + pos, len - pos);
	if (out->len - mark == len && !memcmp(out->ptr + mark, text, len)) {
		/* Nothing in it read as a name word: one given name instead. */
		scrub_buf_truncate(out, mark);
		add_styled(out, draw_word(c, 'g', text, len), 'c');
	}
}

/* ---- LOCATION ---------------------------------------------------------- */

static int
is_street_type(const struct scrub_ruleset *rs, const char *word, size_t len)
{
	char folded[SCRUB_FOLD_MAX];
	int n, bit;

	while (len && (word[len - 1] == '.' || word[len - 1] == ','))
		len--;
	if (!len || (n = fold(word, len, folded, sizeof(folded))) <= 0)
		return 0;
	bit = scrub_lexicon_list_bit(&rs->builtin, "street-types");
	if (bit >= 0 && (scrub_lexicon_get(&rs->builtin, folded, (size_t)n) >>
	    bit & 1))
		return 1;
	return IN_LIST(street_types, folded, (size_t)n);
}

static int
is_direction(const char *word, size_t len)
{
	static const char *const dirs[] = {"n", "s", "e", "w", "ne", "nw", "se",
	    "sw", "north", "south", "east", "west"};
	char low[8];
	size_t i;

	while (len && word[len - 1] == '.')
		len--;
	if (!len || len >= sizeof(low))
		return 0;
	for (i = 0; i < len; i++)
		low[i] = (char)lower_ascii((unsigned char)word[i]);
	return IN_LIST(dirs, low, len);
}

/* 123 Maple St, 4417 N. Oak Ridge Road Apt 4B: the house number and any
 * unit number reshaped, the street name drawn, the rest kept. */
static void
address_surrogate(const struct scrub_surr_ctx *c, const char *text,
    size_t len, struct scrub_buf *out)
{
	struct word w[MAX_WORDS];
	size_t nw = 0, i = 0, k, type = 0, name_from, pos = 0;
	struct scrub_rng g;
	char folded[SCRUB_FOLD_MAX];
	int n;

	while (i < len && nw < MAX_WORDS) {
		while (i < len && is_space(text[i]))
			i++;
		if (i >= len)
			break;
		w[nw].start = i;
		while (i < len && !is_space(text[i]))
			i++;
		w[nw++].end = i;
	}
	if (nw < 2) {
		reshape(c, "house", text, len, 0, out);
		return;
	}
	name_from = 1;
	if (nw > 2 && is_direction(text + w[1].start, w[1].end - w[1].start))
		name_from = 2;
	for (k = name_from + 1; k < nw && !type; k++)
		if (is_street_type(c->rs, text + w[k].start, w[k].end - w[k].start))
			type = k;
	if (!type)   /* no street type: the words after the number are its name */
		type = nw;
	n = fold(text + w[name_from].start, w[type - 1].end - w[name_from].start,
	    folded, sizeof(folded));
	seed(&g, c, "house", text, len, 0);
	for (k = 0; k < nw; k++) {
		const char *s = text + w[k].start;
		size_t wl = w[k].end - w[k].start;

		if (k >= name_from && k < type) {
			if (k == name_from) {
				scrub_buf_add(out, text + pos, w[k].start - pos);
				add_styled(out, draw_word(c, 't', n > 0 ? folded : s,
				    n > 0 ? (size_t)n : wl), style_of(s, wl));
			}
			/* keep a comma that ends the name (Maple St, Boston) */
			if (k + 1 == type && s[wl - 1] == ',')
				scrub_buf_addch(out, ',');
			pos = w[k].end;
			continue;
		}
		scrub_buf_add(out, text + pos, w[k].start - pos);
		if (k == 0 || count_digits(s, wl)) {
			size_t mark = out->len;

			add_reshaped(&g, s, wl, 0, out);
			if (k == 0 && out->ptr[mark] == '0')   /* no house number 0.. */
				out->ptr[mark] = (char)('1' + scrub_rng_below(&g, 9));
		} else {
			scrub_buf_add(out, s, wl);
		}
		pos = w[k].end;
	}
	scrub_buf_add(out, text + pos, len - pos);
}

/* Whether the word or two-word phrase at W keeps its place in an
 * institution's name (Hospital, Medical Center, County); returns the number
 * of words, 0 when not. */
static int
institution_word(const struct scrub_ruleset *rs, const char *text,
    const struct word *w, size_t left)
{
	static const char *const areas[] = {"county", "parish", "borough",
	    "township", "city", "town", "village"};
	char folded[SCRUB_FOLD_MAX];
	int n;

	if (left > 1 && (n = fold(text + w[0].start, w[1].end - w[0].start, folded,
	    sizeof(folded))) > 0 && kind_bits(rs, SCRUB_LK_INST_SUFFIX, folded,
	    (size_t)n))
		return 2;
	if ((n = fold(text + w[0].start, w[0].end - w[0].start, folded,
	    sizeof(folded))) <= 0)
		return 0;
	return kind_bits(rs, SCRUB_LK_INST_SUFFIX, folded, (size_t)n) ||
	    IN_LIST(areas, folded, (size_t)n) ? 1 : 0;
}

/* Mercy Hospital -> Clayton Hospital; Cook County -> Salem County;
 * Phoenix -> Riverside; Mass General -> Dover General. */
static void
place_surrogate(const struct scrub_surr_ctx *c, const char *text, size_t len,
    struct scrub_buf *out)
{
	struct word w[MAX_WORDS];
	size_t nw = 0, i = 0, keep_from, pos;
	char folded[SCRUB_FOLD_MAX];
	int n, style = style_of(text, len);

	while (i < len && nw < MAX_WORDS) {
		while (i < len && is_space(text[i]))
			i++;
		if (i >= len)
			break;
		w[nw].start = i;
		while (i < len && !is_space(text[i]))
			i++;
		w[nw++].end = i;
	}
	if (!nw) {
		reshape(c, "place", text, len, 0, out);
		return;
	}
	keep_from = nw;
	for (i = 1; i < nw; i++)
		if (institution_word(c->rs, text, &w[i], nw - i)) {
			keep_from = i;
			break;
		}
	n = fold(text, w[keep_from - 1].end, folded, sizeof(folded));
	add_styled(out, draw_word(c, 'c', n > 0 ? folded : text,
	    n > 0 ? (size_t)n : w[keep_from - 1].end), style);
	pos = w[keep_from - 1].end;
	if (keep_from == nw && nw > 1 && n > 0 &&
	    kind_bits(c->rs, SCRUB_LK_INSTITUTION, folded, (size_t)n))
		add_styled(out, " Medical Center", style);   /* Mayo -> Troy ... */
	scrub_buf_add(out, text + pos, len - pos);
}

/* Boston, MA 02115; PO Box 1234; SW1A 1AA: words with digits reshaped,
 * postal words (PO Box, Route, MA) kept, other words drawn as a city. */
static void
mixed_location_surrogate(const struct scrub_surr_ctx *c, const char *text,
    size_t len, struct scrub_buf *out)
{
	static const char *const keep[] = {"po", "p", "o", "box", "route", "rt",
	    "rte", "hwy", "highway", "interstate", "i", "us", "sr", "cr", "apt",
	    "apartment", "unit", "suite", "ste", "flat", "floor", "fl", "no",
	    "zip", "postcode"};
	struct word w[MAX_WORDS];
	size_t nw = 0, i = 0, k, pos = 0;
	struct scrub_rng g;

	while (i < len && nw < MAX_WORDS) {
		while (i < len && !count_letters(text + i, 1) && !is_digit(text[i]) &&
		    (unsigned char)text[i] < 0x80)
			i++;
		if (i >= len)
			break;
		w[nw].start = i;
		while (i < len && (count_letters(text + i, 1) || is_digit(text[i]) ||
		    (unsigned char)text[i] >= 0x80 || text[i] == '\''))
			i++;
		w[nw].end = i;
		w[nw++].role = 0;
	}
	while (i < len && !count_letters(text + i, 1) && !is_digit(text[i]) &&
	    (unsigned char)text[i] < 0x80)
		i++;
	if (i < len) {          /* more words than MAX_WORDS: reshape it all */
		reshape(c, "postal", text, len, 0, out);
		return;
	}
	for (k = 0; k < nw; k++) {
		const char *s = text + w[k].start;
		size_t wl = w[k].end - w[k].start;
		char folded[SCRUB_FOLD_MAX];
		int n = fold(s, wl, folded, sizeof(folded));

		if (count_digits(s, wl))
			w[k].role = 'd';
		else if (n > 0 && (IN_LIST(keep, folded, (size_t)n) ||
		    kind_bits(c->rs, SCRUB_LK_REGION, folded, (size_t)n) ||
		    is_street_type(c->rs, s, wl)))
			w[k].role = 'k';
		else
			w[k].role = 'c';
	}
	seed(&g, c, "postal", text, len, 0);
	for (k = 0; k < nw; k++) {
		size_t e = k;

		scrub_buf_add(out, text + pos, w[k].start - pos);
		if (w[k].role == 'c') {
			/* A run of place words: one city for them all. */
			char folded[SCRUB_FOLD_MAX];
			int n;

			while (e + 1 < nw && w[e + 1].role == 'c')
				e++;
			n = fold(text + w[k].start, w[e].end - w[k].start, folded,
			    sizeof(folded));
			add_styled(out, draw_word(c, 'c', n > 0 ? folded :
			    text + w[k].start, n > 0 ? (size_t)n :
			    w[e].end - w[k].start), style_of(text + w[k].start,
			    w[e].end - w[k].start));
		} else if (w[k].role == 'd') {
			add_reshaped(&g, text + w[k].start, w[k].end - w[k].start, 0,
			    out);
		} else {
			scrub_buf_add(out, text + w[k].start, w[k].end - w[k].start);
		}
		pos = w[e].end;
		k = e;
	}
	scrub_buf_add(out, text + pos, len - pos);
}

static void
location_surrogate(const struct scrub_surr_ctx *c, const char *text,
    size_t len, struct scrub_buf *out)
{
	size_t digits = count_digits(text, len);

	if (digits && is_digit(text[0]) && count_letters(text, len) >= 2 &&
	    memchr(text, ' ', len))
		address_surrogate(c, text, len, out);
	else if (digits)
		mixed_location_surrogate(c, text, len, out);
	else
		place_surrogate(c, text, len, out);
}

/* ---- PHONE ------------------------------------------------------------- */

/* Writes the digits DIG (as many as TEXT has) into TEXT's format. */
static void
add_in_format(const char *text, size_t len, const char *dig,
    struct scrub_buf *out)
{
	size_t i, k = 0;

	for (i = 0; i < len; i++)
		scrub_buf_addch(out, is_digit(text[i]) ? dig[k++] : text[i]);
}

static void
phone_surrogate(const struct scrub_surr_ctx *c, const char *text, size_t len,
    struct scrub_buf *out)
{
	char orig[64], dig[64];
	size_t nd = 0, i, keep = 0, first = 0;
	int plus = 0, nanp;
	unsigned attempt;

	for (i = 0; i < len && nd < sizeof(orig); i++)
		if (is_digit(text[i]))
			orig[nd++] = text[i];
	if (nd == 0 || nd == sizeof(orig)) {
		reshape(c, "phone", text, len, 0, out);
		return;
	}
	for (i = 0; i < len && !is_digit(text[i]); i++)
		plus |= text[i] == '+';
	first = i;
	nanp = (!plus && (nd == 10 || nd == 7 || (nd == 11 && orig[0] == '1'))) ||
	    (plus && nd == 11 && orig[0] == '1');
	if (nanp) {
		keep = nd == 11;            /* the country code 1 */
	} else if (plus) {
		/* The country code: the first group when it is short, else the
		 * first digit for 1 and 7, two for the rest. */
		size_t j = first;

		while (j < len && is_digit(text[j]))
			j++;
		keep = j - first <= 3 && j < len ? j - first :
		    orig[0] == '1' || orig[0] == '7' ? 1 : 2;
	} else if (orig[0] == '0') {
		keep = 1;                   /* the trunk prefix 0 */
	}
	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		struct scrub_rng g;

		seed(&g, c, "phone", orig, nd, attempt);
		memcpy(dig, orig, keep);
		for (i = keep; i < nd; i++)
			dig[i] = (char)('0' + scrub_rng_below(&g, 10));
		if (nanp) {
			/* NXX-555-01XX: the numbers set aside for fiction. */
			char *p = dig + keep;

			if (nd - keep == 10) {
				p[0] = (char)('2' + scrub_rng_below(&g, 8));
				if (p[1] == '1' && p[2] == '1')
					p[2] = '0';
				p += 3;
			}
			memcpy(p, "55501", 5);
		}
		if (memcmp(dig, orig, nd))
			break;
	}
	add_in_format(text, len, dig, out);
}

/* ---- EMAIL, URL, HANDLE ------------------------------------------------ */

static int
ends_with_ci(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix), i;

	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower_ascii((unsigned char)s[len - n + i]) != suffix[i])
			return 0;
	return 1;
}

static int
starts_with_ci(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix), i;

	if (len < n)
		return 0;
	for (i = 0; i < n; i++)
		if (lower_ascii((unsigned char)s[i]) != prefix[i])
			return 0;
	return 1;
}

/* A lower-case user name drawn for TEXT: "given", or "given.surname" when
 * the original had a separator, then as many digits as it had. */
static void
add_user_name(const struct scrub_surr_ctx *c, const char *purpose,
    const char *text, size_t len, struct scrub_buf *out)
{
	struct scrub_rng g;
	char sep = 0;
	size_t i, nd = count_digits(text, len);
	int kind;

	for (i = 0; i < len && !sep; i++)
		if (text[i] == '.' || text[i] == '_' || text[i] == '-')
			sep = text[i];
	seed(&g, c, purpose, text, len, 0);
	kind = scrub_rng_below(&g, 2) ? 'm' : 'f';
	add_styled(out, list_entry(kind, scrub_rng_below(&g,
	    (uint32_t)list_count(kind))), 'l');
	if (sep) {
		scrub_buf_addch(out, sep);
		add_styled(out, list_entry('s', scrub_rng_below(&g,
		    (uint32_t)scrub_surr_surnames_count)), 'l');
	}
	for (i = 0; i < nd && i < 8; i++)
		scrub_buf_addch(out, (char)('0' + scrub_rng_below(&g, 10)));
}

static void
email_surrogate(const struct scrub_surr_ctx *c, const char *text, size_t len,
    struct scrub_buf *out)
{
	const char *at = memchr(text, '@', len);
	size_t local = at ? (size_t)(at - text) : len;

	add_user_name(c, "email", text, local, out);
	scrub_buf_addstr(out, ends_with_ci(text, len, ".org") ? "@example.org" :
	    "@example.com");
}

static void
url_surrogate(const struct scrub_surr_ctx *c, const char *text, size_t len,
    struct scrub_buf *out)
{
	size_t i = 0, host, path;
	struct scrub_rng g;
	int org;

	if (starts_with_ci(text, len, "https://"))
		i = 8;
	else if (starts_with_ci(text, len, "http://"))
		i = 7;
	scrub_buf_add(out, text, i);
	if (starts_with_ci(text + i, len - i, "www.")) {
		scrub_buf_add(out, text + i, 4);
		i += 4;
	}
	host = i;
	while (i < len && text[i] != '/' && text[i] != '?' && text[i] != '#' &&
	    text[i] != ':')
		i++;
	path = i;
	org = ends_with_ci(text + host, path - host, ".org");
	scrub_buf_addstr(out, org ? "example.org" : "example.com");
	/* The path keeps its shape: /f/help-derek -> /q/xkcd-vrwsy. */
	seed(&g, c, "url", text, len, 0);
	add_reshaped(&g, text + path, len - path, 0, out);
}

static void
handle_surrogate(const struct scrub_surr_ctx *c, const char *text, size_t len,
    struct scrub_buf *out)
{
	size_t i = 0;

	if (starts_with_ci(text, len, "/u/") || starts_with_ci(text, len, "/r/"))
		i = 3;
	else if (starts_with_ci(text, len, "u/") || starts_with_ci(text, len, "r/"))
		i = 2;
	while (i < len && (text[i] == '@' || text[i] == '/'))
		i++;
	scrub_buf_add(out, text, i);
	add_user_name(c, "handle", text + i, len - i, out);
}

/* ---- AGE --------------------------------------------------------------- */

static void
age_surrogate(const struct scrub_surr_ctx *c, const char *text, size_t len,
    struct scrub_buf *out)
{
	struct scrub_rng g;
	unsigned attempt;
	int v = 0, r = 0, lo, hi;
	size_t i;

	for (i = 0; i < len; i++) {
		if (!is_digit(text[i]) || i > 3) {
			scrub_buf_addstr(out, c->rs->age_phrase ? c->rs->age_phrase :
			    "90+");
			return;
		}
		v = v * 10 + (text[i] - '0');
	}
	lo = v < 100 ? 90 : 100;
	hi = v < 100 ? 99 : 110;
	for (attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
		seed(&g, c, "age", text, len, attempt);
		r = lo + (int)scrub_rng_below(&g, (uint32_t)(hi - lo + 1));
		if (r != v)
			break;
	}
	scrub_buf_addf(out, "%d", r);
}

/* ---- Dispatch ---------------------------------------------------------- */

/* The number of words (runs of non-space) in TEXT. */
static size_t
count_words(const char *text, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		n += !is_space(text[i]) && (i == 0 || is_space(text[i - 1]));
	return n;
}

void
scrub_surrogate(const struct scrub_surr_ctx *c, int category, const char *text,
    size_t len, struct scrub_buf *out)
{
	size_t mark = out->len;

	/* Names and places are rewritten word by word, up to MAX_WORDS; a
	 * longer span (which no rule should find) is not copied in part. */
	if ((category == SCRUB_CAT_NAME || category == SCRUB_CAT_LOCATION) &&
	    count_words(text, len) > MAX_WORDS / 2) {
		scrub_buf_addf(out, "[%s]", scrub_category_name(category));
		return;
	}
	switch (category) {
	case SCRUB_CAT_NAME:
		name_surrogate(c, text, len, out);
		break;
	case SCRUB_CAT_LOCATION:
		location_surrogate(c, text, len, out);
		break;
	case SCRUB_CAT_PHONE:
		phone_surrogate(c, text, len, out);
		break;
	case SCRUB_CAT_EMAIL:
		email_surrogate(c, text, len, out);
		break;
	case SCRUB_CAT_URL:
		url_surrogate(c, text, len, out);
		break;
	case SCRUB_CAT_HANDLE:
		handle_surrogate(c, text, len, out);
		break;
	case SCRUB_CAT_AGE:
		age_surrogate(c, text, len, out);
		break;
	default:
		reshape(c, "id", text, len, 0, out);
		break;
	}
	/* The promise: never the original (an URL already at example.org, an
	 * e-mail address drawn into itself). */
	if (out->len - mark == len && !memcmp(out->ptr + mark, text, len)) {
		scrub_buf_truncate(out, mark);
		scrub_buf_addf(out, "[%s]", scrub_category_name(category));
	}
}
