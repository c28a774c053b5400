/*
 * report.c: check mode, findings files (JSON Lines, SARIF 2.1.0), the
 * reviewed-findings baseline, --highlight and --stats (issue 6, items 1-3).
 * See report.h for the calling sequence.
 *
 * Offsets.  The scanner reports byte offsets from the start of the
 * document.  Callers in JavaScript or Java count UTF-16 code units, and
 * Python counts code points, so each finding also gets code-point and
 * UTF-16 offsets.  They are counted here over the input bytes, which the
 * caller hands to scrub_report_input() before the scanner sees them: a
 * small decoder walks the input in order up to each finding (findings come
 * in document order), so the counts cost one pass over the input whatever
 * its size.  Only the bytes the scanner may still report on are kept: when
 * the scanner writes a stretch of output, every finding in it has been
 * reported, and the input bytes it covers are (output length) - (sum of
 * replacement lengths) + (sum of matched lengths); nothing before that can
 * be reported again.  A finding that breaks that order is an internal
 * error, never a wrong offset.
 *
 * Counting rules (documented in phiscrub(1)): a well-formed UTF-8
 * character is one code point and one UTF-16 unit, or two above U+FFFF;
 * each ill-formed subsequence (a stray byte, or the longest prefix of a
 * cut sequence, as WHATWG and Python's errors="replace" decode) counts as
 * one U+FFFD.  Lines end at '\n'; columns count code points from 1.
 */
#include "report.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utf8proc.h>

#include "alloc.h"
#include "buf.h"

#define KEEP_BEFORE 64u      /* input bytes kept before the counted position */
#define TRIM_AT (64u << 10)  /* drop counted input once this much piles up */
#define CTX_BYTES 48u        /* context looked at on each side of a finding */
#define CTX_WORDS 2          /* words of it that go into a baseline hash */
#define HASH_LEN 16          /* BLAKE2b-128 */
#define SALT_LEN crypto_generichash_KEYBYTES
#define BASELINE_MAGIC "# phiscrub baseline 1"
#define MAX_BASELINE_LINE 4096
#define STDIN_NAME "(standard input)"
#define SARIF_SCHEMA "https://docs.oasis-open.org/sarif/sarif/v2.1.0/" \
	"errata01/os/schemas/sarif-schema-2.1.0.json"

/* ---- Options ---------------------------------------------------------- */

static void
msg(const char *fmt, const char *a, const char *b)
{
	fprintf(stderr, "phiscrub: ");
	fprintf(stderr, fmt, a, b);
	fputc('\n', stderr);
}

int
scrub_report_option(struct scrub_report_opts *o, int c, const char *arg)
{
	switch (c) {
	case SCRUB_ROPT_CHECK:
		o->check = 1;
		break;
	case 'q':
	case SCRUB_ROPT_QUIET:
		o->quiet = 1;
		break;
	case SCRUB_ROPT_HIGHLIGHT:
		o->highlight = 1;
		break;
	case SCRUB_ROPT_STATS:
		o->stats = 1;
		break;
	case SCRUB_ROPT_FINDINGS:
		o->findings = arg;
		break;
	case SCRUB_ROPT_FORMAT_FINDINGS:
		if (!strcmp(arg, "jsonl")) {
			o->findings_format = SCRUB_FINDINGS_JSONL;
		} else if (!strcmp(arg, "sarif")) {
			o->findings_format = SCRUB_FINDINGS_SARIF;
		} else {
			msg("--format-findings: expected jsonl or sarif, got \"%s\"%s",
			    arg, "");
			return -1;
		}
		break;
	case SCRUB_ROPT_INCLUDE_TEXT:
		o->include_text = 1;
		break;
	case SCRUB_ROPT_FORCE:
		o->force = 1;
		break;
	case SCRUB_ROPT_BASELINE:
		o->baseline = arg;
		break;
	case SCRUB_ROPT_UPDATE_BASELINE:
		o->update_baseline = 1;
		break;
	case SCRUB_ROPT_LABEL:
		o->label = arg;
		break;
	default:
		return 0;
	}
	return 1;
}

int
scrub_report_opts_check(const struct scrub_report_opts *o)
{
	if (o->check && o->highlight) {
		msg("--check writes no text and --highlight writes it: use one%s%s",
		    "", "");
		return -1;
	}
	if (o->update_baseline && !o->baseline) {
		msg("--update-baseline needs --baseline FILE%s%s", "", "");
		return -1;
	}
	if (o->findings && !*o->findings) {
		msg("--findings: empty file name%s%s", "", "");
		return -1;
	}
	return 0;
}

int
scrub_report_wanted(const struct scrub_report_opts *o)
{
	return o->check || o->highlight || o->stats || o->findings ||
	    o->baseline;
}

/* ---- Counting code points and UTF-16 units ---------------------------- */

/* Counts at one position of the document. */
struct counts {
	uint64_t cp, u16;       /* complete characters before the position */
	uint64_t line;          /* 1-based line of the position */
	uint64_t line_cp;       /* code points before the start of that line */
	unsigned need;          /* continuation bytes still expected */
	unsigned units;         /* UTF-16 units of the character being read */
	unsigned char lo, hi;   /* range of the next continuation byte */
};

static void
counts_init(struct counts *c)
{
	memset(c, 0, sizeof(*c));
	c->line = 1;
}

/* Walks one byte (the UTF-8 decoder of the Unicode standard, table 3-7,
 * with "maximal subpart" replacement). */
static void
count_byte(struct counts *c, unsigned char b)
{
	if (c->need) {
		if (b >= c->lo && b <= c->hi) {
			c->lo = 0x80;
			c->hi = 0xBF;
			if (--c->need == 0) {
				c->cp++;
				c->u16 += c->units;
			}
			return;
		}
		/* A cut sequence: one U+FFFD, then B on its own. */
		c->need = 0;
		c->cp++;
		c->u16++;
	}
	if (b < 0x80) {
		c->cp++;
		c->u16++;
		if (b == '\n') {
			c->line++;
			c->line_cp = c->cp;
		}
	} else if (b >= 0xC2 && b <= 0xDF) {
		c->need = 1;
		c->units = 1;
		c->lo = 0x80;
		c->hi = 0xBF;
	} else if (b >= 0xE0 && b <= 0xEF) {
		c->need = 2;
		c->units = 1;
		c->lo = b == 0xE0 ? 0xA0 : 0x80;
		c->hi = b == 0xED ? 0x9F : 0xBF;
	} else if (b >= 0xF0 && b <= 0xF4) {
		c->need = 3;
		c->units = 2;
		c->lo = b == 0xF0 ? 0x90 : 0x80;
		c->hi = b == 0xF4 ? 0x8F : 0xBF;
	} else {
		c->cp++;   /* a byte that never starts a character */
		c->u16++;
	}
}

static void
count_bytes(struct counts *c, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		count_byte(c, (unsigned char)p[i]);
}

/* The input of the current document that findings may still point into:
 * in.ptr holds document bytes [base, fed); at is counted up to pos. */
struct window {
	struct scrub_buf in;
	uint64_t base, fed, pos;
	struct counts at;
};

static void
window_reset(struct window *w)
{
	scrub_buf_clear(&w->in);
	w->base = w->fed = w->pos = 0;
	counts_init(&w->at);
}

static const char *
window_ptr(const struct window *w, uint64_t off)
{
	return w->in.ptr + (size_t)(off - w->base);
}

/* Counts up to document offset TO (pos <= TO <= fed) and drops what no
 * finding can need any more. */
static void
window_advance(struct window *w, uint64_t to)
{
	uint64_t drop;

	count_bytes(&w->at, window_ptr(w, w->pos), (size_t)(to - w->pos));
	w->pos = to;
	if (w->pos - w->base <= KEEP_BEFORE)
		return;
	drop = w->pos - KEEP_BEFORE - w->base;
	/* In bulk, so that many findings do not each move the buffer. */
	if (drop >= TRIM_AT || drop * 2 >= w->in.len) {
		scrub_buf_consume(&w->in, (size_t)drop);
		w->base += drop;
	}
}

/* ---- Baselines -------------------------------------------------------- */

struct bl_entry {
	unsigned char hash[HASH_LEN];
	char *note;             /* "CATEGORY rule", for people reading the file */
};

static int
cmp_entry(const void *a, const void *b)
{
	return memcmp(((const struct bl_entry *)a)->hash,
	    ((const struct bl_entry *)b)->hash, HASH_LEN);
}

/* ---- The report ------------------------------------------------------- */

struct rule_count {
	const char *id;         /* the rule set's, or own copy */
	char *own;
	int category;
	const char *kind;       /* NULL for detectors outside the rule set */
	const char *file;
	unsigned long line;
	uint64_t count;
};

struct hl_span {
	uint64_t start, end;
	int category;
};

struct scrub_report {
	struct scrub_report_opts o;
	const struct scrub_ruleset *rules;
	struct scrub_writer *text;  /* standard output */
	struct scrub_writer err;    /* standard error: listings and stats */
	struct scrub_writer fout;   /* the findings file */
	struct scrub_writer *fw;    /* &fout, &err for "-", or NULL */
	int failed;                 /* a report write or check failed */

	/* The current document. */
	char *file;
	uint64_t document;
	char *doc_id;
	struct window win;
	uint64_t emitted;           /* input bytes the scanner has written */
	uint64_t text_sum, repl_sum;/* of the findings since the last output */

	/* --highlight */
	struct hl_span *hl;
	size_t hl_n, hl_head, hl_cap;
	uint64_t out_pos;           /* document offset of the next output byte */
	int hl_inside;
	int ansi;

	/* Counts over the run. */
	uint64_t documents, bytes, findings, fresh;
	uint64_t per_cat[SCRUB_CAT_COUNT];
	struct rule_count *rc;
	size_t nrc, caprc;
	uint64_t sarif_results;

	/* Baseline: the reviewed findings (sorted) and this run's. */
	unsigned char salt[SALT_LEN];
	struct bl_entry *known;
	size_t nknown;
	struct bl_entry *seen;
	size_t nseen, capseen;

	struct scrub_buf tmp, tmp2, fold;
};

static void
report_error(struct scrub_report *r, const char *fmt, const char *a,
    const char *b)
{
	msg(fmt, a, b);
	r->failed = 1;
}

/* The index of rule ID in r->rc, added if new. */
static size_t
rule_index(struct scrub_report *r, const char *id, int category)
{
	size_t i;

	/* The ids are the rule set's strings (or literals), so comparing
	 * pointers finds them at once; strcmp is the fallback. */
	for (i = 0; i < r->nrc; i++)
		if (r->rc[i].id == id)
			return i;
	for (i = 0; i < r->nrc; i++)
		if (!strcmp(r->rc[i].id, id))
			return i;
	if (r->nrc == r->caprc) {
		r->caprc = r->caprc ? r->caprc * 2 : 64;
		r->rc = scrub_xreallocarray(r->rc, r->caprc, sizeof(*r->rc));
	}
	memset(&r->rc[r->nrc], 0, sizeof(r->rc[0]));
	r->rc[r->nrc].own = scrub_xstrdup(id);
	r->rc[r->nrc].id = r->rc[r->nrc].own;
	r->rc[r->nrc].category = category;
	return r->nrc++;
}

/* ---- JSON helpers ----------------------------------------------------- */

static json_t *
nn(json_t *v)
{
	if (!v) {
		fputs("phiscrub: out of memory\n", stderr);
		abort();
	}
	return v;
}

static void
set(json_t *obj, const char *key, json_t *v)
{
	if (json_object_set_new(obj, key, nn(v)) < 0)
		nn(NULL);
}

/* A JSON string of S[0..N), with each ill-formed UTF-8 sequence replaced
 * by U+FFFD (JSON text must be UTF-8). */
static json_t *
jstr(struct scrub_report *r, const char *s, size_t n)
{
	size_t i = 0;

	scrub_buf_clear(&r->tmp);
	while (i < n) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
		    (utf8proc_ssize_t)(n - i), &cp);

		if (k <= 0) {
			scrub_buf_add(&r->tmp, "\xEF\xBF\xBD", 3);
			i++;
		} else {
			scrub_buf_add(&r->tmp, s + i, (size_t)k);
			i += (size_t)k;
		}
	}
	return nn(json_stringn(r->tmp.ptr, r->tmp.len));
}

static json_t *
jcstr(struct scrub_report *r, const char *s)
{
	return jstr(r, s, strlen(s));
}

static json_t *
jint(uint64_t v)
{
	return nn(json_integer((json_int_t)v));
}

static int
dump_cb(const char *buf, size_t size, void *data)
{
	return scrub_writer_write(data, buf, size) < 0 ? -1 : 0;
}

/* Writes V (and consumes it) to the findings file, compact. */
static int
dump(struct scrub_report *r, json_t *v)
{
	int rc = json_dump_callback(v, dump_cb, r->fw,
	    JSON_COMPACT | JSON_REAL_PRECISION(6));

	json_decref(v);
	return rc;
}

/* S as a relative URI reference (RFC 3986) for SARIF; an absolute path
 * becomes a file: URI. */
static void
uri_of(struct scrub_buf *out, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	scrub_buf_clear(out);
	if (*s == '/')
		scrub_buf_addstr(out, "file://");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || strchr("-._~/", c)) {
			scrub_buf_addch(out, (char)c);
		} else {
			scrub_buf_addch(out, '%');
			scrub_buf_addch(out, hex[c >> 4]);
			scrub_buf_addch(out, hex[c & 15]);
		}
	}
}

/* ---- Findings file ---------------------------------------------------- */

/* Opens --findings: a new file of mode 0600.  An existing regular file is
 * kept unless --force (then it is truncated and set to 0600); a device or
 * FIFO (/dev/stdout, a pipe) is written as it is. */
static int
open_findings(struct scrub_report *r)
{
	const char *path = r->o.findings;
	struct stat st;
	FILE *fp;
	int fd;

	if (!strcmp(path, "-")) {
		r->fw = &r->err;
		return 0;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST) {
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			fd = open(path, O_WRONLY | O_CLOEXEC);
		} else if (r->o.force) {
			fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
			if (fd >= 0 && fchmod(fd, 0600) < 0) {
				msg("%s: cannot set mode 0600: %s", path, strerror(errno));
				close(fd);
				return 3;
			}
		} else {
			msg("%s: the findings file exists; use --force to overwrite "
			    "it%s", path, "");
			return 2;
		}
	}
	if (fd < 0) {
		msg("%s: %s", path, strerror(errno));
		return 3;
	}
	if (!(fp = fdopen(fd, "w"))) {
		msg("%s: %s", path, strerror(errno));
		close(fd);
		return 3;
	}
	scrub_writer_init(&r->fout, fp, 0);
	r->fw = &r->fout;
	return 0;
}

static int
sarif_begin(struct scrub_report *r)
{
	static const char head[] = "{\"version\":\"2.1.0\",\"$schema\":\""
	    SARIF_SCHEMA "\",\"runs\":[{\"columnKind\":\"unicodeCodePoints\","
	    "\"results\":[";

	return scrub_writer_write(r->fw, head, sizeof(head) - 1);
}

/* The end of the SARIF document: the tool with its rules (those that can
 * report, and the detectors that did), and how the run ended. */
static int
sarif_end(struct scrub_report *r, int status)
{
	json_t *tail = nn(json_object()), *driver = nn(json_object());
	json_t *rules = nn(json_array()), *inv = nn(json_object());
	json_t *props = nn(json_object());
	char *s;
	size_t i, len;
	int rc;

	for (i = 0; i < r->nrc; i++) {
		const struct rule_count *rc1 = &r->rc[i];
		json_t *rule = nn(json_object()), *rp = nn(json_object());
		const char *cat = scrub_category_name(rc1->category);

		set(rule, "id", jcstr(r, rc1->id));
		scrub_buf_clear(&r->tmp2);
		scrub_buf_addf(&r->tmp2, "%s (%s)", cat ? cat : "?",
		    rc1->kind ? rc1->kind : "built-in detector");
		set(rule, "shortDescription", json_pack("{s:o}", "text",
		    jstr(r, r->tmp2.ptr, r->tmp2.len)));
		set(rule, "defaultConfiguration", json_pack("{s:s}", "level",
		    "warning"));
		if (cat)
			set(rp, "category", jcstr(r, cat));
		if (rc1->file) {
			scrub_buf_clear(&r->tmp2);
			scrub_buf_addf(&r->tmp2, "%s:%lu", rc1->file, rc1->line);
			set(rp, "source", jstr(r, r->tmp2.ptr, r->tmp2.len));
		}
		set(rule, "properties", rp);
		if (json_array_append_new(rules, rule) < 0)
			nn(NULL);
	}
	set(driver, "name", nn(json_string("phiscrub")));
	set(driver, "version", nn(json_string(SCRUB_VERSION)));
	set(driver, "rules", rules);
	set(props, "ruleSetDigest", nn(json_string(scrub_ruleset_digest(r->rules))));
	set(driver, "properties", props);
	set(tail, "tool", json_pack("{s:o}", "driver", driver));
	set(inv, "executionSuccessful", json_boolean(status <= 1));
	set(inv, "exitCode", json_integer(status));
	set(tail, "invocations", json_pack("[o]", inv));
	s = json_dumps(tail, JSON_COMPACT);
	json_decref(tail);
	if (!s)
		nn(NULL);
	/* Written after the results: drop the braces of the object. */
	len = strlen(s);
	rc = scrub_writer_write(r->fw, "],", 2);
	if (rc == 0)
		rc = scrub_writer_write(r->fw, s + 1, len - 2);
	if (rc == 0)
		rc = scrub_writer_write(r->fw, "}]}\n", 4);
	free(s);
	return rc;
}

/* ---- Creating and freeing --------------------------------------------- */

static int
load_baseline(struct scrub_report *r)
{
	const char *path = r->o.baseline;
	FILE *fp = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0, cap_known = 0;
	unsigned long lineno = 0;
	ssize_t n;
	int have_salt = 0, status = 0;
	char where[32];

	if (!fp) {
		/* A missing baseline accepts nothing: failing safe, and a hook
		 * can name the file before anyone has reviewed anything. */
		if (errno == ENOENT) {
			randombytes_buf(r->salt, sizeof(r->salt));
			return 0;
		}
		msg("%s: %s", path, strerror(errno));
		return 3;
	}
	errno = 0;
	while ((n = getline(&line, &cap, fp)) >= 0) {
		unsigned char hash[HASH_LEN];
		size_t hl;
		const char *end;

		lineno++;
		snprintf(where, sizeof(where), "%lu", lineno);
		if (n > 0 && line[n - 1] == '\n')
			line[--n] = '\0';
		if ((size_t)n > MAX_BASELINE_LINE) {
			msg("%s:%s: line too long", path, where);
			status = 2;
			break;
		}
		if (lineno == 1) {
			if (strncmp(line, BASELINE_MAGIC, sizeof(BASELINE_MAGIC) - 1) ||
			    (line[sizeof(BASELINE_MAGIC) - 1] != '\0' &&
			    line[sizeof(BASELINE_MAGIC) - 1] != ':')) {
				msg("%s: not a phiscrub baseline (the first line is not "
				    "\"" BASELINE_MAGIC "\")%s", path, "");
				status = 2;
				break;
			}
			continue;
		}
		if (!*line || *line == '#')
			continue;
		if (!strncmp(line, "salt ", 5)) {
			if (have_salt || sodium_hex2bin(r->salt, sizeof(r->salt),
			    line + 5, (size_t)n - 5, NULL, &hl, &end) < 0 ||
			    hl != sizeof(r->salt) || *end) {
				msg("%s:%s: bad or repeated salt line", path, where);
				status = 2;
				break;
			}
			have_salt = 1;
			continue;
		}
		if (!have_salt || sodium_hex2bin(hash, sizeof(hash), line,
		    (size_t)n, NULL, &hl, &end) < 0 || hl != sizeof(hash) ||
		    (*end && *end != ' ')) {
			msg("%s:%s: expected \"salt HEX\" and then \"HASH [note]\" "
			    "lines", path, where);
			status = 2;
			break;
		}
		if (r->nknown == cap_known) {
			cap_known = cap_known ? cap_known * 2 : 64;
			r->known = scrub_xreallocarray(r->known, cap_known,
			    sizeof(*r->known));
		}
		memcpy(r->known[r->nknown].hash, hash, HASH_LEN);
		while (*end == ' ')
			end++;
		r->known[r->nknown++].note = scrub_xstrdup(end);
		errno = 0;
	}
	if (status == 0 && ferror(fp)) {
		msg("%s: read error: %s", path, strerror(errno ? errno : EIO));
		status = 3;
	}
	if (status == 0 && !have_salt) {
		msg("%s: no salt line%s", path, "");
		status = 2;
	}
	free(line);
	fclose(fp);
	if (r->nknown)
		qsort(r->known, r->nknown, sizeof(*r->known), cmp_entry);
	return status;
}

int
scrub_report_new(struct scrub_report **out, const struct scrub_report_opts *o,
    const struct scrub_ruleset *rules, struct scrub_writer *text)
{
	struct scrub_report *r = scrub_xcalloc(1, sizeof(*r));
	size_t i, n = scrub_ruleset_count(rules);
	const char *nc;
	int st;

	json_set_alloc_funcs(scrub_xmalloc, free);
	r->o = *o;
	r->rules = rules;
	r->text = text;
	scrub_writer_init(&r->err, stderr, 0);
	scrub_buf_init(&r->win.in);
	scrub_buf_init(&r->tmp);
	scrub_buf_init(&r->tmp2);
	scrub_buf_init(&r->fold);
	window_reset(&r->win);
	nc = getenv("NO_COLOR");
	r->ansi = o->highlight && text && text->fp &&
	    isatty(fileno(text->fp)) && !(nc && *nc);
	/* The rule set's rules first, in its order (they are SARIF's rules). */
	for (i = 0; i < n; i++) {
		struct scrub_rule_info info;
		size_t k;

		if (scrub_ruleset_info(rules, i, &info) < 0 || info.category < 0)
			continue;
		k = rule_index(r, info.id, info.category);
		r->rc[k].kind = info.kind;
		r->rc[k].file = info.file;
		r->rc[k].line = info.line;
	}
	*out = NULL;
	if (o->baseline) {
		if (sodium_init() < 0) {
			msg("cannot initialise libsodium%s%s", "", "");
			st = 3;
			goto fail;
		}
		if ((st = load_baseline(r)) != 0)
			goto fail;
	}
	if (o->findings) {
		if ((st = open_findings(r)) != 0)
			goto fail;
		if (o->findings_format == SCRUB_FINDINGS_SARIF &&
		    sarif_begin(r) < 0) {
			msg("%s: write error: %s", o->findings,
			    strerror(r->fw->error));
			st = 3;
			goto fail;
		}
	}
	*out = r;
	return 0;
fail:
	scrub_report_free(r);
	return st;
}

void
scrub_report_free(struct scrub_report *r)
{
	size_t i;

	if (!r)
		return;
	if (r->fw == &r->fout && r->fout.fp)
		fclose(r->fout.fp);
	for (i = 0; i < r->nrc; i++)
		free(r->rc[i].own);
	free(r->rc);
	for (i = 0; i < r->nknown; i++)
		free(r->known[i].note);
	free(r->known);
	for (i = 0; i < r->nseen; i++)
		free(r->seen[i].note);
	free(r->seen);
	free(r->hl);
	free(r->file);
	free(r->doc_id);
	scrub_buf_release(&r->win.in);
	scrub_buf_release(&r->tmp);
	scrub_buf_release(&r->tmp2);
	scrub_buf_release(&r->fold);
	free(r);
}

/* ---- Highlighting ----------------------------------------------------- */

static int
hl_open(struct scrub_report *r, int category)
{
	const char *cat = scrub_category_name(category);

	scrub_buf_clear(&r->tmp2);
	if (r->ansi)
		scrub_buf_addf(&r->tmp2, "\033[2m[%s]\033[0;7m", cat);
	else
		scrub_buf_addf(&r->tmp2, "[[%s:", cat);
	return scrub_writer_write(r->text, r->tmp2.ptr, r->tmp2.len);
}

static int
hl_close(struct scrub_report *r)
{
	return r->ansi ? scrub_writer_write(r->text, "\033[0m", 4) :
	    scrub_writer_write(r->text, "]]", 2);
}

/* Writes output bytes (the input itself: every operator is "keep") with
 * the marks of the queued findings. */
static int
hl_write(struct scrub_report *r, const char *p, size_t len)
{
	for (;;) {
		const struct hl_span *sp = r->hl_head < r->hl_n ?
		    &r->hl[r->hl_head] : NULL;
		uint64_t stop;
		size_t n;

		if (sp && r->hl_inside && r->out_pos == sp->end) {
			if (hl_close(r) < 0)
				return -1;
			r->hl_inside = 0;
			r->hl_head++;
			continue;
		}
		if (sp && !r->hl_inside && r->out_pos == sp->start) {
			if (hl_open(r, sp->category) < 0)
				return -1;
			r->hl_inside = 1;
			continue;
		}
		if (!len)
			break;
		stop = !sp ? r->out_pos + len : r->hl_inside ? sp->end : sp->start;
		n = stop - r->out_pos < len ? (size_t)(stop - r->out_pos) : len;
		if (scrub_writer_write(r->text, p, n) < 0)
			return -1;
		p += n;
		len -= n;
		r->out_pos += n;
	}
	if (r->hl_head == r->hl_n)
		r->hl_head = r->hl_n = 0;
	return 0;
}

/* ---- Callbacks -------------------------------------------------------- */

static int
on_output(void *user, const char *bytes, size_t len)
{
	struct scrub_report *r = user;
	uint64_t done = r->emitted + len + r->text_sum - r->repl_sum;

	r->text_sum = r->repl_sum = 0;
	if (done < r->win.pos || done > r->win.fed) {
		report_error(r, "internal error: the scanner's output does not "
		    "match its input (%s%s)", r->file, "");
		return -1;
	}
	r->emitted = done;
	window_advance(&r->win, done);
	if (r->o.check)
		return 0;
	if (r->o.highlight)
		return hl_write(r, bytes, len);
	return scrub_writer_write(r->text, bytes, len);
}

/* Appends words of P[0..N) to OUT, whitespace runs as one space: the
 * last CTX_WORDS words if LAST, else the first CTX_WORDS. */
static void
add_words(struct scrub_buf *out, const char *p, size_t n, int last)
{
	size_t i, words = 0, from = 0, to = n;

	if (last) {
		for (i = n; i > 0 && words < CTX_WORDS; ) {
			while (i > 0 && strchr(" \t\r\f\v", p[i - 1]))
				i--;
			if (!i)
				break;
			while (i > 0 && !strchr(" \t\r\f\v", p[i - 1]))
				i--;
			words++;
			from = i;
		}
		if (!words)
			return;
	} else {
		for (i = 0; i < n && words < CTX_WORDS; ) {
			while (i < n && strchr(" \t\r\f\v", p[i]))
				i++;
			if (i == n)
				break;
			while (i < n && !strchr(" \t\r\f\v", p[i]))
				i++;
			words++;
			to = i;
		}
		if (!words)
			return;
	}
	/* Whitespace runs become one space. */
	for (i = from; i < to; i++) {
		if (strchr(" \t\r\f\v\n", p[i])) {
			if (i > from && !strchr(" \t\r\f\v\n", p[i - 1]))
				scrub_buf_addch(out, ' ');
			continue;
		}
		scrub_buf_addch(out, p[i]);
	}
}

/* Case-folds and normalises (NFKC) TMP into r->fold, with a NUL after it;
 * bytes that are not UTF-8 go in unchanged. */
static void
fold_tmp(struct scrub_report *r)
{
	utf8proc_uint8_t *m = NULL;
	utf8proc_ssize_t k = utf8proc_map((const utf8proc_uint8_t *)r->tmp.ptr,
	    (utf8proc_ssize_t)r->tmp.len, &m, UTF8PROC_STABLE | UTF8PROC_COMPAT |
	    UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);

	if (k >= 0)
		scrub_buf_add(&r->fold, m, (size_t)k);
	else
		scrub_buf_add(&r->fold, r->tmp.ptr, r->tmp.len);
	free(m);
	scrub_buf_addch(&r->fold, '\0');
}

/* The keyed hash of a finding for the baseline: category, matched text
 * and up to CTX_WORDS words on each side on the same line, each folded,
 * so that the same finding in the same words matches wherever it moves. */
static void
finding_hash(struct scrub_report *r, const struct scrub_finding *f,
    unsigned char hash[HASH_LEN])
{
	const struct window *w = &r->win;
	const char *cat = scrub_category_name(f->category);
	uint64_t from = f->start > w->base + CTX_BYTES ? f->start - CTX_BYTES :
	    w->base;
	uint64_t to = f->end + CTX_BYTES < w->fed ? f->end + CTX_BYTES : w->fed;
	const char *p, *q;
	crypto_generichash_state st;
	size_t n;

	scrub_buf_clear(&r->fold);
	scrub_buf_addstr(&r->fold, "phiscrub-baseline-1");
	scrub_buf_addch(&r->fold, '\0');
	scrub_buf_addstr(&r->fold, cat);
	scrub_buf_addch(&r->fold, '\0');
	/* The text, all of it, whitespace runs as one space. */
	scrub_buf_clear(&r->tmp);
	{
		size_t i;

		for (i = 0; i < f->text_len; i++) {
			if (strchr(" \t\r\f\v\n", f->text[i])) {
				if (i > 0 && !strchr(" \t\r\f\v\n", f->text[i - 1]))
					scrub_buf_addch(&r->tmp, ' ');
			} else {
				scrub_buf_addch(&r->tmp, f->text[i]);
			}
		}
	}
	fold_tmp(r);
	/* Left context: from the start of the line, at a character boundary. */
	p = window_ptr(w, from);
	n = (size_t)(f->start - from);
	if ((q = memrchr(p, '\n', n))) {
		n -= (size_t)(q + 1 - p);
		p = q + 1;
	}
	while (n && ((unsigned char)*p & 0xC0) == 0x80) {
		p++;
		n--;
	}
	scrub_buf_clear(&r->tmp);
	add_words(&r->tmp, p, n, 1);
	fold_tmp(r);
	/* Right context: to the end of the line, without a cut character. */
	p = window_ptr(w, f->end);
	n = (size_t)(to - f->end);
	if ((q = memchr(p, '\n', n)))
		n = (size_t)(q - p);
	{
		size_t i = n, back = 0;

		while (i > 0 && back < 4 && ((unsigned char)p[i - 1] & 0xC0) == 0x80) {
			i--;
			back++;
		}
		if (i > 0 && (unsigned char)p[i - 1] >= 0xC0) {
			unsigned char b = (unsigned char)p[i - 1];
			size_t want = b >= 0xF0 ? 3 : b >= 0xE0 ? 2 : 1;

			if (back < want)
				n = i - 1;
		}
	}
	scrub_buf_clear(&r->tmp);
	add_words(&r->tmp, p, n, 0);
	fold_tmp(r);
	crypto_generichash_init(&st, r->salt, sizeof(r->salt), HASH_LEN);
	crypto_generichash_update(&st, (const unsigned char *)r->fold.ptr,
	    r->fold.len);
	crypto_generichash_final(&st, hash, HASH_LEN);
}

static int
write_jsonl(struct scrub_report *r, const struct scrub_finding *f,
    const struct counts *s, const struct counts *e, int in_baseline)
{
	json_t *o = nn(json_object());

	set(o, "file", jcstr(r, r->file));
	set(o, "document", jint(r->document));
	if (r->doc_id)
		set(o, "document_id", jcstr(r, r->doc_id));
	set(o, "line", jint(s->line));
	set(o, "column", jint(s->cp - s->line_cp + 1));
	set(o, "start", jint(f->start));
	set(o, "end", jint(f->end));
	set(o, "start_cp", jint(s->cp));
	set(o, "end_cp", jint(e->cp));
	set(o, "start_utf16", jint(s->u16));
	set(o, "end_utf16", jint(e->u16));
	set(o, "category", jcstr(r, scrub_category_name(f->category)));
	set(o, "rule", jcstr(r, f->rule_id));
	set(o, "score", nn(json_real(f->score)));
	if (in_baseline >= 0)
		set(o, "baseline", json_boolean(in_baseline));
	if (r->o.include_text)
		set(o, "text", jstr(r, f->text, f->text_len));
	if (dump(r, o) < 0 || scrub_writer_write(r->fw, "\n", 1) < 0)
		return -1;
	return 0;
}

static int
write_sarif(struct scrub_report *r, const struct scrub_finding *f,
    const struct counts *s, const struct counts *e, int in_baseline,
    size_t rule, const unsigned char *hash)
{
	json_t *res = nn(json_object()), *region = nn(json_object());
	json_t *props = nn(json_object());
	const char *cat = scrub_category_name(f->category);
	char hex[2 * HASH_LEN + 1];

	set(res, "ruleId", jcstr(r, f->rule_id));
	set(res, "ruleIndex", jint(rule));
	set(res, "level", nn(json_string("warning")));
	scrub_buf_clear(&r->tmp2);
	scrub_buf_addf(&r->tmp2, "%s found by rule %s", cat, f->rule_id);
	set(res, "message", json_pack("{s:o}", "text",
	    jstr(r, r->tmp2.ptr, r->tmp2.len)));
	set(region, "startLine", jint(s->line));
	set(region, "startColumn", jint(s->cp - s->line_cp + 1));
	set(region, "endLine", jint(e->line));
	set(region, "endColumn", jint(e->cp - e->line_cp + 1));
	set(region, "charOffset", jint(s->cp));
	set(region, "charLength", jint(e->cp - s->cp));
	set(region, "byteOffset", jint(f->start));
	set(region, "byteLength", jint(f->end - f->start));
	if (r->o.include_text)
		set(region, "snippet", json_pack("{s:o}", "text",
		    jstr(r, f->text, f->text_len)));
	uri_of(&r->tmp2, r->file);
	set(res, "locations", json_pack("[{s:{s:{s:o},s:o}}]",
	    "physicalLocation", "artifactLocation", "uri",
	    jstr(r, r->tmp2.ptr, r->tmp2.len), "region", region));
	if (in_baseline >= 0) {
		set(res, "baselineState", nn(json_string(in_baseline ?
		    "unchanged" : "new")));
		sodium_bin2hex(hex, sizeof(hex), hash, HASH_LEN);
		set(res, "partialFingerprints", json_pack("{s:s}",
		    "phiscrubBaseline/v1", hex));
	}
	set(props, "category", jcstr(r, cat));
	set(props, "score", nn(json_real(f->score)));
	set(props, "document", jint(r->document));
	if (r->doc_id)
		set(props, "documentId", jcstr(r, r->doc_id));
	set(props, "utf16Offset", jint(s->u16));
	set(props, "utf16Length", jint(e->u16 - s->u16));
	set(res, "properties", props);
	if (r->sarif_results++ && scrub_writer_write(r->fw, ",", 1) < 0)
		return -1;
	if (scrub_writer_write(r->fw, "\n", 1) < 0 || dump(r, res) < 0)
		return -1;
	return 0;
}

static int
list_finding(struct scrub_report *r, const struct scrub_finding *f,
    const struct counts *s)
{
	scrub_buf_clear(&r->tmp2);
	scrub_buf_addf(&r->tmp2, "%s:%llu:%llu: %s (%s)\n", r->file,
	    (unsigned long long)s->line,
	    (unsigned long long)(s->cp - s->line_cp + 1),
	    scrub_category_name(f->category), f->rule_id);
	return scrub_writer_write(&r->err, r->tmp2.ptr, r->tmp2.len);
}

static int
on_finding(void *user, const struct scrub_finding *f)
{
	struct scrub_report *r = user;
	struct window *w = &r->win;
	struct counts s, e;
	unsigned char hash[HASH_LEN];
	int in_baseline = -1;
	size_t rule;

	if (f->start < w->pos || f->end < f->start || f->end > w->fed ||
	    f->category < 0 || f->category >= SCRUB_CAT_COUNT) {
		report_error(r, "internal error: a finding in %s is out of order "
		    "or outside the input%s", r->file, "");
		return -1;
	}
	r->text_sum += f->text_len;
	r->repl_sum += f->replacement_len;
	window_advance(w, f->start);
	s = w->at;
	e = s;
	count_bytes(&e, window_ptr(w, f->start), (size_t)(f->end - f->start));
	if (s.line != f->line) {
		report_error(r, "internal error: the line of a finding in %s "
		    "disagrees with the input%s", r->file, "");
		return -1;
	}
	r->findings++;
	r->per_cat[f->category]++;
	rule = rule_index(r, f->rule_id, f->category);
	r->rc[rule].count++;
	if (r->o.baseline) {
		struct bl_entry key;

		finding_hash(r, f, hash);
		memcpy(key.hash, hash, HASH_LEN);
		in_baseline = r->nknown && bsearch(&key, r->known, r->nknown,
		    sizeof(*r->known), cmp_entry) != NULL;
		if (r->o.update_baseline && !in_baseline) {
			if (r->nseen == r->capseen) {
				r->capseen = r->capseen ? r->capseen * 2 : 64;
				r->seen = scrub_xreallocarray(r->seen, r->capseen,
				    sizeof(*r->seen));
			}
			memcpy(r->seen[r->nseen].hash, hash, HASH_LEN);
			scrub_buf_clear(&r->tmp2);
			scrub_buf_addf(&r->tmp2, "%s %s",
			    scrub_category_name(f->category), f->rule_id);
			r->seen[r->nseen++].note = scrub_xstrdup(r->tmp2.ptr);
		}
	}
	if (in_baseline != 1)
		r->fresh++;
	if (r->o.check && !r->o.quiet && !r->o.update_baseline &&
	    in_baseline != 1 && list_finding(r, f, &s) < 0) {
		r->failed = 1;  /* stderr is gone: nothing to say it on */
		return -1;
	}
	if (r->fw) {
		int rc = r->o.findings_format == SCRUB_FINDINGS_SARIF ?
		    write_sarif(r, f, &s, &e, in_baseline, rule, hash) :
		    write_jsonl(r, f, &s, &e, in_baseline);

		if (rc < 0) {
			report_error(r, "%s: write error: %s", r->o.findings,
			    strerror(r->fw->error));
			return -1;
		}
	}
	if (r->o.highlight && f->end > f->start) {
		if (r->hl_n == r->hl_cap) {
			r->hl_cap = r->hl_cap ? r->hl_cap * 2 : 16;
			r->hl = scrub_xreallocarray(r->hl, r->hl_cap, sizeof(*r->hl));
		}
		if (f->start < r->out_pos) {
			report_error(r, "internal error: a finding in %s came after "
			    "its text was written%s", r->file, "");
			return -1;
		}
		r->hl[r->hl_n].start = f->start;
		r->hl[r->hl_n].end = f->end;
		r->hl[r->hl_n++].category = f->category;
	}
	return 0;
}

/* ---- Documents -------------------------------------------------------- */

void
scrub_report_scan_opts(struct scrub_report *r, struct scrub_scan_opts *scan)
{
	int i;

	/* An output callback even in check mode: its calls tell how far the
	 * scanner has got (see the comment at the top). */
	scan->output = on_output;
	scan->on_finding = on_finding;
	scan->user = r;
	if (r->o.highlight)
		for (i = 0; i < SCRUB_CAT_COUNT; i++)
			scan->operators[i] = SCRUB_OP_KEEP;
}

void
scrub_report_begin(struct scrub_report *r, const char *file,
    uint64_t document, const char *id)
{
	free(r->file);
	free(r->doc_id);
	r->file = scrub_xstrdup(file ? file : r->o.label ? r->o.label :
	    STDIN_NAME);
	r->doc_id = id ? scrub_xstrdup(id) : NULL;
	r->document = document;
	r->documents++;
	window_reset(&r->win);
	r->emitted = r->text_sum = r->repl_sum = 0;
	r->hl_n = r->hl_head = 0;
	r->hl_inside = 0;
	r->out_pos = 0;
}

void
scrub_report_input(struct scrub_report *r, const char *bytes, size_t len)
{
	scrub_buf_add(&r->win.in, bytes, len);
	r->win.fed += len;
	r->bytes += len;
}

int
scrub_report_end(struct scrub_report *r)
{
	if (r->failed)
		return -1;
	if (r->hl_n != r->hl_head || r->hl_inside) {
		report_error(r, "internal error: a finding in %s was not "
		    "highlighted%s", r->file, "");
		return -1;
	}
	return 0;
}

int
scrub_report_failed(const struct scrub_report *r)
{
	return r->failed;
}

/* ---- The end of the run ----------------------------------------------- */

static int
cmp_rule_count(const void *a, const void *b)
{
	return strcmp((*(const struct rule_count *const *)a)->id,
	    (*(const struct rule_count *const *)b)->id);
}

static int
print_stats(struct scrub_report *r)
{
	struct scrub_buf *b = &r->tmp2;
	const struct rule_count **v;
	size_t i, n = 0;
	int c, rc;

	scrub_buf_clear(b);
	scrub_buf_addf(b, "phiscrub: stats: version %s\n", SCRUB_VERSION);
	scrub_buf_addf(b, "phiscrub: stats: ruleset %s\n",
	    scrub_ruleset_digest(r->rules));
	scrub_buf_addf(b, "phiscrub: stats: documents %llu\n",
	    (unsigned long long)r->documents);
	scrub_buf_addf(b, "phiscrub: stats: bytes %llu\n",
	    (unsigned long long)r->bytes);
	scrub_buf_addf(b, "phiscrub: stats: findings %llu\n",
	    (unsigned long long)r->findings);
	if (r->o.baseline)
		scrub_buf_addf(b, "phiscrub: stats: new %llu\n",
		    (unsigned long long)r->fresh);
	for (c = 0; c < SCRUB_CAT_COUNT; c++)
		scrub_buf_addf(b, "phiscrub: stats: category %s %llu\n",
		    scrub_category_name(c), (unsigned long long)r->per_cat[c]);
	v = scrub_xreallocarray(NULL, r->nrc ? r->nrc : 1, sizeof(*v));
	for (i = 0; i < r->nrc; i++)
		if (r->rc[i].count)
			v[n++] = &r->rc[i];
	qsort(v, n, sizeof(*v), cmp_rule_count);
	for (i = 0; i < n; i++)
		scrub_buf_addf(b, "phiscrub: stats: rule %s %s %llu\n", v[i]->id,
		    scrub_category_name(v[i]->category),
		    (unsigned long long)v[i]->count);
	free(v);
	rc = scrub_writer_write(&r->err, b->ptr, b->len);
	return rc < 0 ? rc : scrub_writer_flush(&r->err);
}

/* Writes the baseline: the reviewed findings and this run's, sorted by
 * hash, to a temporary file of mode 0600 beside it, renamed over it. */
static int
save_baseline(struct scrub_report *r)
{
	const char *path = r->o.baseline;
	size_t plen = strlen(path), i, n = 0, added = 0;
	char *tmp = scrub_xmalloc(plen + 8);
	struct bl_entry *all;
	char hex[2 * SALT_LEN + 1];
	FILE *fp = NULL;
	int fd, ok = 0;

	all = scrub_xreallocarray(NULL, r->nknown + r->nseen + 1, sizeof(*all));
	if (r->nknown)
		memcpy(all, r->known, r->nknown * sizeof(*all));
	if (r->nseen)
		memcpy(all + r->nknown, r->seen, r->nseen * sizeof(*all));
	qsort(all, r->nknown + r->nseen, sizeof(*all), cmp_entry);
	for (i = 0; i < r->nknown + r->nseen; i++)
		if (!n || memcmp(all[n - 1].hash, all[i].hash, HASH_LEN))
			all[n++] = all[i];
	added = n - r->nknown;
	memcpy(tmp, path, plen);
	memcpy(tmp + plen, ".XXXXXX", 8);
	if ((fd = mkstemp(tmp)) < 0) {
		msg("%s: cannot create a temporary file: %s", path, strerror(errno));
		goto out;
	}
	if (fchmod(fd, 0600) < 0 || !(fp = fdopen(fd, "w"))) {
		msg("%s: %s", tmp, strerror(errno));
		close(fd);
		goto fail;
	}
	sodium_bin2hex(hex, sizeof(hex), r->salt, sizeof(r->salt));
	fprintf(fp, BASELINE_MAGIC ": reviewed findings, written by "
	    "phiscrub --update-baseline.\n# Each line is a keyed BLAKE2b hash of "
	    "a finding and the words around it;\n# the text itself is not "
	    "stored.  Delete a line to review that finding again.\nsalt %s\n",
	    hex);
	for (i = 0; i < n; i++) {
		char h[2 * HASH_LEN + 1];

		sodium_bin2hex(h, sizeof(h), all[i].hash, HASH_LEN);
		fprintf(fp, "%s%s%s\n", h, *all[i].note ? " " : "", all[i].note);
	}
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) < 0) {
		msg("%s: write error: %s", tmp, strerror(errno ? errno : EIO));
		fclose(fp);
		goto fail;
	}
	if (fclose(fp) != 0) {
		msg("%s: write error: %s", tmp, strerror(errno));
		goto fail;
	}
	if (rename(tmp, path) < 0) {
		msg("%s: cannot rename the new baseline: %s", path, strerror(errno));
		goto fail;
	}
	ok = 1;
	if (!r->o.quiet) {
		char a[64];

		snprintf(a, sizeof(a), "%zu finding%s added, %zu in all", added,
		    added == 1 ? "" : "s", n);
		msg("%s: %s", path, a);
	}
	goto out;
fail:
	unlink(tmp);
out:
	free(all);
	free(tmp);
	return ok ? 0 : -1;
}

int
scrub_report_finish(struct scrub_report *r, int status)
{
	int final = status;

	if (r->o.check && !r->o.update_baseline && r->fresh && final < 1)
		final = 1;
	if (r->failed && final < 3)
		final = 3;
	if (r->o.update_baseline && status <= 1 && !r->failed &&
	    save_baseline(r) < 0 && final < 3)
		final = 3;
	if (r->fw && !r->failed) {
		int rc = 0;

		if (r->o.findings_format == SCRUB_FINDINGS_SARIF)
			rc = sarif_end(r, final);
		if (rc == 0)
			rc = r->fw == &r->fout ? scrub_writer_close(&r->fout) :
			    scrub_writer_flush(r->fw);
		if (rc < 0) {
			msg("%s: write error: %s", r->o.findings,
			    strerror(r->fw->error));
			if (final < 3)
				final = 3;
		}
		r->fw = NULL;
	}
	if (r->o.stats && print_stats(r) < 0 && final < 3)
		final = 3;
	if (scrub_writer_flush(&r->err) < 0 && final < 3)
		final = 3;
	return final;
}
