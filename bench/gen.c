/*
 * gen: writes deterministic benchmark input for `make bench` (see
 * bench/run.sh).  The same arguments always give the same bytes.
 *
 *   gen -k KIND -s BYTES -d LEXDIR [-l LINE] [-o OUT]
 *
 * KIND is one of
 *   posts   patient posts (forum and fundraiser style) built from sentence
 *           templates and the word lists in LEXDIR, with about one PHI span
 *           (name, date, place, phone, e-mail, URL, age, identifier) per 15
 *           words; paragraphs are lines, posts are separated by blank lines;
 *   plain   the same kind of prose without any PHI template;
 *   long    posts whose line breaks are spaces, with a newline every LINE
 *           bytes (-l; 0 = no newline at all: one line of BYTES bytes);
 *   rules   a user pattern set (YAML) of BYTES rules (-s is a count here);
 *   lexicon a user word list of BYTES entries (-s is a count here).
 *
 * BYTES may end in K, M or G (powers of 1024).  Statistics (words, spans)
 * go to stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct list {
	char **v;
	size_t n;
};

static uint64_t rng_state = 0x5eed2024c0ffee11ull;

/* splitmix64: small, fast and the same everywhere. */
static uint64_t
rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static size_t
pick(size_t n)
{
	return (size_t)(rnd() % n);
}

static void
die(const char *what)
{
	fprintf(stderr, "gen: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Reads the entries of LEXDIR/NAME (at most MAX, 0 = all), skipping
 * comments; with SINGLE only entries without spaces, and with SINGLE == 2
 * only those of three letters or more and without an apostrophe. */
static void
load(struct list *l, const char *dir, const char *name, size_t max,
    int single)
{
	char path[4096], *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (!(f = fopen(path, "r")))
		die(path);
	l->v = NULL;
	l->n = 0;
	while ((n = getline(&line, &cap, f)) > 0 && (!max || l->n < max)) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (!n || line[0] == '#' || (single && strchr(line, ' ')) ||
		    (single == 2 && (n < 3 || strchr(line, '\''))))
			continue;
		if (l->n == alloc) {
			alloc = alloc ? alloc * 2 : 1024;
			if (!(l->v = realloc(l->v, alloc * sizeof(*l->v))))
				die("realloc");
		}
		if (!(l->v[l->n++] = strdup(line)))
			die("strdup");
	}
	if (ferror(f))
		die(path);
	fclose(f);
	free(line);
	if (!l->n) {
		fprintf(stderr, "gen: %s: no entries\n", path);
		exit(1);
	}
}

static const char *
any(const struct list *l)
{
	return l->v[pick(l->n)];
}

/* ---- Output buffer ---------------------------------------------------- */

static char outbuf[1 << 16];
static size_t outlen;
static FILE *out;
static uint64_t written, limit;
static uint64_t nwords, nspans;

static void
flush_out(void)
{
	if (outlen && fwrite(outbuf, 1, outlen, out) != outlen)
		die("write");
	outlen = 0;
}

/* The text of one post is built here, then written whole (or cut). */
static char post[1 << 16];
static size_t plen;

static void
put(const char *s)
{
	size_t n = strlen(s);

	if (plen + n >= sizeof(post))
		n = sizeof(post) - 1 - plen;
	memcpy(post + plen, s, n);
	plen += n;
}

static void
putc_(char c)
{
	if (plen + 1 < sizeof(post))
		post[plen++] = c;
}

static void putf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
putf(const char *fmt, ...)
{
	char tmp[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	put(tmp);
}

/* ---- Vocabulary ------------------------------------------------------- */

static struct list given, surnames, cities, institutions, states, stabbr,
    streets, medical, common, stop;

static const char *const months[] = {"January", "February", "March", "April",
    "May", "June", "July", "August", "September", "October", "November",
    "December"};
static const char *const mon3[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
    "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"};
static const char *const relations[] = {"husband", "wife", "son", "daughter",
    "mom", "dad", "mother", "father", "sister", "brother", "grandson",
    "granddaughter", "best friend", "partner", "neighbor", "aunt", "uncle"};
static const char *const pron[] = {"he", "she", "they"};
static const char *const domains[] = {"gmail.com", "yahoo.com", "hotmail.com",
    "outlook.com", "icloud.com", "aol.com", "example.org"};
static const char *const sites[] = {"gofundme.com/f/", "www.caringbridge.org/visit/",
    "https://www.gofundme.com/f/", "https://facebook.com/groups/",
    "https://www.mealtrain.com/trains/"};
static const char *const feelings[] = {"scared", "exhausted", "grateful",
    "hopeful", "overwhelmed", "frustrated", "relieved", "anxious"};

static void
lower_word(char *dst, size_t cap, const char *src)
{
	size_t i;

	for (i = 0; src[i] && i + 1 < cap; i++)
		dst[i] = (char)((src[i] >= 'A' && src[i] <= 'Z') ? src[i] + 32 :
		    (src[i] == ' ' ? '-' : src[i]));
	dst[i] = '\0';
}

/* A filler word: mostly function words, then ordinary and medical words. */
static const char *
filler(void)
{
	size_t r = pick(100);

	if (r < 55)
		return any(&stop);
	if (r < 90)
		return common.v[pick(common.n < 12000 ? common.n : 12000)];
	return any(&medical);
}

/* A sentence of N filler words, capitalized, ended with ., ! or ?. */
static void
fill_sentence(int n)
{
	int i;

	for (i = 0; i < n; i++) {
		const char *w = filler();

		if (i)
			putc_(' ');
		if (i == 0 && w[0] >= 'a' && w[0] <= 'z') {
			putc_((char)(w[0] - 32));
			put(w + 1);
		} else {
			put(w);
		}
		if (i > 2 && i + 2 < n && pick(12) == 0)
			putc_(',');
	}
	put(pick(8) == 0 ? "!" : pick(8) == 0 ? "?" : ".");
	nwords += (uint64_t)n;
}

static void
date(void)
{
	switch (pick(5)) {
	case 0:
		putf("%s %u", months[pick(12)], (unsigned)(1 + pick(28)));
		break;
	case 1:
		putf("%u/%u/%u", (unsigned)(1 + pick(12)), (unsigned)(1 + pick(28)),
		    (unsigned)(2015 + pick(10)));
		break;
	case 2:
		putf("%s %uth, %u", months[pick(12)], (unsigned)(4 + pick(16)),
		    (unsigned)(2015 + pick(10)));
		break;
	case 3:
		putf("%u/%u", (unsigned)(1 + pick(12)), (unsigned)(1 + pick(28)));
		break;
	default:
		putf("%s. %u", mon3[pick(12)], (unsigned)(1 + pick(28)));
		break;
	}
	nspans++;
}

static void
phone(void)
{
	unsigned a = 201 + (unsigned)pick(700), b = 555, c = (unsigned)pick(10000);

	switch (pick(3)) {
	case 0:
		putf("(%u) %u-%04u", a, b, c);
		break;
	case 1:
		putf("%u.%u.%04u", a, b, c);
		break;
	default:
		putf("%u-%u-%04u", a, b, c);
		break;
	}
	nspans++;
}

static void
name_given(void)
{
	put(given.v[pick(given.n)]);
	nspans++;
}

static void
name_full(void)
{
	putf("%s %s", given.v[pick(given.n)], any(&surnames));
	nspans++;
}

static void
city(void)
{
	put(any(&cities));
	nspans++;
}

/* One sentence from a template with PHI; adds the words it writes. */
static void
phi_sentence(void)
{
	char a[128], b[128];

	switch (pick(22)) {
	case 0:
		putf("My %s ", relations[pick(17)]);
		name_given();
		put(" was diagnosed with ");
		put(any(&medical));
		put(" on ");
		date();
		put(".");
		nwords += 8;
		break;
	case 1:
		put("Dr. ");
		put(any(&surnames));
		nspans++;
		putf(" put %s on ", pron[pick(3)]);
		put(any(&medical));
		put(" and it has been a long road.");
		nwords += 12;
		break;
	case 2:
		put("We are at ");
		put(any(&institutions));
		nspans++;
		put(" in ");
		city();
		putf(", %s this week.", any(&stabbr));
		nwords += 9;
		break;
	case 3:
		put("Call me at ");
		phone();
		put(" or email ");
		lower_word(a, sizeof(a), any(&given));
		lower_word(b, sizeof(b), any(&surnames));
		putf("%s.%s@%s.", a, b, domains[pick(7)]);
		nspans++;
		nwords += 7;
		break;
	case 4:
		putf("%s is %u years old and lives in ",
		    pick(2) ? "My grandma" : "Grandpa", (unsigned)(90 + pick(12)));
		nspans++;
		city();
		put(".");
		nwords += 9;
		break;
	case 5:
		putf("His MRN is %u and the appointment is on ",
		    (unsigned)(10000000 + pick(89999999)));
		nspans++;
		date();
		put(".");
		nwords += 9;
		break;
	case 6:
		lower_word(a, sizeof(a), any(&given));
		lower_word(b, sizeof(b), any(&surnames));
		putf("Please share: %s%s-%s-%s", sites[pick(5)], a, b,
		    any(&medical));
		nspans++;
		nwords += 3;
		break;
	case 7:
		put("Thanks, ");
		name_given();
		nwords += 2;
		break;
	case 8:
		name_full();
		put(" from ");
		city();
		put(" has been such a help since ");
		date();
		put(".");
		nwords += 11;
		break;
	case 9:
		putf("We moved to %u ", (unsigned)(10 + pick(9000)));
		put(any(&surnames));
		putf(" %s in ", any(&streets));
		nspans++;
		city();
		putf(" back in %s.", months[pick(12)]);
		nwords += 9;
		break;
	case 10:
		putf("My %s and I went to ", relations[pick(17)]);
		put(any(&institutions));
		nspans++;
		put(" for the scan and Dr. ");
		put(any(&surnames));
		nspans++;
		put(" said it looks stable.");
		nwords += 16;
		break;
	case 11:
		putf("Surgery is scheduled for %s %u at ", months[pick(12)],
		    (unsigned)(1 + pick(28)));
		nspans++;
		put(any(&institutions));
		nspans++;
		put(".");
		nwords += 8;
		break;
	case 12:
		putf("I'm %s, my %s ", feelings[pick(8)], relations[pick(17)]);
		name_given();
		put(" starts chemo on ");
		date();
		put(" and nobody else can drive.");
		nwords += 14;
		break;
	case 13:
		put("Text ");
		phone();
		put(" if you can help with meals.");
		nwords += 8;
		break;
	case 14:
		lower_word(a, sizeof(a), any(&given));
		putf("Follow updates @%s_%u on instagram.", a,
		    (unsigned)pick(100));
		nspans++;
		nwords += 5;
		break;
	case 15:
		put("Nurse ");
		name_given();
		put(" on the night shift was amazing with her.");
		nwords += 10;
		break;
	case 16:
		put("Send cards to ");
		name_full();
		putf(", PO Box %u, ", (unsigned)(100 + pick(9000)));
		nspans++;
		city();
		putf(", %s %05u.", any(&stabbr), (unsigned)(10000 + pick(89999)));
		nspans++;
		nwords += 9;
		break;
	case 17:
		put("She was born ");
		date();
		put(" and is the toughest person I know.");
		nwords += 10;
		break;
	case 18:
		put("Love, ");
		name_given();
		put(" and ");
		name_given();
		nwords += 4;
		break;
	case 19:
		putf("The %s team at ", any(&medical));
		put(any(&institutions));
		nspans++;
		put(" called on ");
		date();
		put(" with results.");
		nwords += 10;
		break;
	case 20:
		put("We drove from ");
		city();
		put(" to ");
		city();
		put(" for a second opinion.");
		nwords += 10;
		break;
	default:
		putf("Member ID %c%c%u, group %u.", 'A' + (int)pick(26),
		    'A' + (int)pick(26), (unsigned)(100000 + pick(899999)),
		    (unsigned)(1000 + pick(8999)));
		nspans++;
		nwords += 4;
		break;
	}
}

/* A post: a few paragraphs, each a few sentences.  WITH_PHI mixes PHI
 * templates in at the density the benchmark wants. */
static void
make_post(int with_phi)
{
	int paras = 1 + (int)pick(4), p, s;

	plen = 0;
	for (p = 0; p < paras; p++) {
		int sentences = 1 + (int)pick(6);

		for (s = 0; s < sentences; s++) {
			if (s)
				putc_(' ');
			/* A PHI sentence carries about 1.5 spans in 9 words, a
			 * filler sentence none in 12: about one span in 15 words
			 * (gen prints the figure it reached). */
			if (with_phi && pick(100) < 40)
				phi_sentence();
			else
				fill_sentence(6 + (int)pick(13));
		}
		putc_('\n');
	}
	putc_('\n');
}

/* Writes the post, with newlines as spaces when LINE is set (long mode),
 * a newline every LINE bytes there, never past the limit. */
static void
emit_post(int long_mode, uint64_t line, uint64_t *col)
{
	size_t i;

	for (i = 0; i < plen && written < limit; i++) {
		char c = post[i];

		if (long_mode) {
			if (c == '\n')
				c = ' ';
			if (line && *col + 1 >= line) {
				c = '\n';
				*col = 0;
			} else {
				(*col)++;
			}
			if (!line && written + 1 == limit)
				c = '\n';
		}
		if (outlen == sizeof(outbuf))
			flush_out();
		outbuf[outlen++] = c;
		written++;
	}
}

/* ---- Pattern sets ----------------------------------------------------- */

/* A user pattern set of N rules of the kinds users add: their own
 * identifier formats, with a literal label, and names of local places. */
static void
make_rules(uint64_t n)
{
	static const char *const labels[] = {"case", "ward", "bed", "room",
	    "badge", "employee", "staff", "visit", "order", "specimen", "sample",
	    "ticket", "study", "subject", "enrolment", "trial", "kit", "lab"};
	uint64_t i;

	fprintf(out, "# Generated by bench/gen -k rules: %llu rules.\n"
	    "phiscrub: 1\nname: bench-rules\nrules:\n", (unsigned long long)n);
	for (i = 0; i < n; i++) {
		char a[64];

		fprintf(out, "  - id: bench.r%llu\n", (unsigned long long)i);
		switch (i % 4) {
		case 0:
			/* an in-house identifier: PREFIX-digits */
			fprintf(out, "    category: ID\n    pattern: '\\b%c%c%c-\\d{%u,%u}\\b'\n",
			    'A' + (int)pick(26), 'A' + (int)pick(26), 'A' + (int)pick(26),
			    (unsigned)(3 + pick(3)), (unsigned)(6 + pick(4)));
			break;
		case 1:
			/* a labelled number */
			fprintf(out, "    category: ID\n    flags: [caseless]\n"
			    "    pattern: '\\b%s\\s*(?:no\\.?|number|#)?\\s*[:#]?\\s*(?<phi>%c\\d{%u})\\b'\n",
			    labels[pick(18)], 'a' + (int)pick(26), (unsigned)(4 + pick(5)));
			break;
		case 2:
			/* a local place or person, as words */
			lower_word(a, sizeof(a), any(&surnames));
			fprintf(out, "    category: LOCATION\n    flags: [caseless]\n"
			    "    pattern: '\\b%s\\s+(?:house|hall|lodge|farm|ward)\\b'\n", a);
			break;
		default:
			/* a code with a fixed shape and a prefix letter pair */
			fprintf(out, "    category: ID\n    pattern: '\\b%c%c\\d{2}[A-Z]{2}\\d{%u}\\b'\n",
			    'A' + (int)pick(26), 'A' + (int)pick(26), (unsigned)(3 + pick(4)));
			break;
		}
	}
}

/* A word list of N entries: invented names (two given-name halves), so
 * that they are not already in the built-in lists. */
static void
make_lexicon(uint64_t n)
{
	uint64_t i;

	for (i = 0; i < n; i++) {
		const char *a = any(&given), *b = any(&surnames);
		size_t la = strlen(a), lb = strlen(b);

		fprintf(out, "%.*s%s%s\n", (int)(la > 3 ? 3 : la), a,
		    lb > 2 ? b + 2 : b, (i % 7) == 0 ? " Hollow" : "");
	}
}

/* ---- Main ------------------------------------------------------------- */

static uint64_t
parse_size(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 10);

	switch (*end) {
	case 'k': case 'K': v <<= 10; end++; break;
	case 'm': case 'M': v <<= 20; end++; break;
	case 'g': case 'G': v <<= 30; end++; break;
	default: break;
	}
	if (*end || end == s) {
		fprintf(stderr, "gen: bad size \"%s\"\n", s);
		exit(2);
	}
	return v;
}

int
main(int argc, char **argv)
{
	const char *kind = "posts", *dir = "patterns/lexicons", *path = NULL;
	uint64_t line = 0, col = 0;
	int c;

	limit = 1 << 20;
	while ((c = getopt(argc, argv, "k:s:d:l:o:")) != -1) {
		switch (c) {
		case 'k': kind = optarg; break;
		case 's': limit = parse_size(optarg); break;
		case 'd': dir = optarg; break;
		case 'l': line = parse_size(optarg); break;
		case 'o': path = optarg; break;
		default:
			fprintf(stderr, "usage: gen -k posts|plain|long|rules|lexicon "
			    "-s SIZE [-d LEXDIR] [-l LINE] [-o OUT]\n");
			return 2;
		}
	}
	out = stdout;
	if (path && !(out = fopen(path, "w")))
		die(path);
	load(&given, dir, "given-names.txt", 4000, 1);
	load(&surnames, dir, "surnames.txt", 8000, 1);
	load(&cities, dir, "cities.txt", 0, 0);
	load(&institutions, dir, "institutions.txt", 0, 0);
	load(&states, dir, "states.txt", 0, 0);
	load(&stabbr, dir, "state-abbreviations.txt", 0, 1);
	load(&streets, dir, "street-types.txt", 0, 1);
	load(&medical, dir, "medical.txt", 0, 1);
	load(&common, dir, "common-words.txt", 0, 2);
	load(&stop, dir, "stopwords.txt", 0, 1);
	/* common-words is alphabetical: shuffle it so that its first 12000
	 * entries (the filler vocabulary) are a sample of the whole list. */
	{
		size_t i;

		for (i = common.n - 1; i > 0; i--) {
			size_t j = pick(i + 1);
			char *t = common.v[i];

			common.v[i] = common.v[j];
			common.v[j] = t;
		}
	}
	if (!strcmp(kind, "rules")) {
		make_rules(limit);
	} else if (!strcmp(kind, "lexicon")) {
		make_lexicon(limit);
	} else {
		int with_phi = strcmp(kind, "plain") != 0;
		int long_mode = !strcmp(kind, "long");

		if (strcmp(kind, "posts") && strcmp(kind, "plain") && !long_mode) {
			fprintf(stderr, "gen: unknown kind \"%s\"\n", kind);
			return 2;
		}
		while (written < limit) {
			make_post(with_phi);
			emit_post(long_mode, line, &col);
		}
		flush_out();
		fprintf(stderr, "gen: %s: %llu bytes, about %llu words, %llu PHI "
		    "spans (one per %.1f words)\n", kind, (unsigned long long)written,
		    (unsigned long long)nwords, (unsigned long long)nspans,
		    nspans ? (double)nwords / (double)nspans : 0.0);
	}
	if (fflush(out) != 0 || ferror(out) || (path && fclose(out) != 0))
		die(path ? path : "stdout");
	return 0;
}
