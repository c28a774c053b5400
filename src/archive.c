/*
 * archive.c: JSON Lines and CSV archives (see archive.h).
 *
 * The parsing is done by well-kept libraries: jansson decides whether a
 * line is a valid JSON record and decodes its strings, libcsv splits CSV
 * records into fields.  Neither says where a value lies in the input, and
 * the output must keep every byte that is not redacted, so the positions
 * are found alongside:
 *   - JSON: once jansson has accepted a line, walk_value() steps over its
 *     tokens (a lexer, not a parser: the text is known to be valid) and
 *     notes where each chosen string token starts and ends; only those
 *     tokens are re-encoded, and only when their text changed.
 *   - CSV: the bytes are handed to libcsv in runs that hold no delimiter,
 *     quote or line end, and those bytes one at a time; libcsv can end a
 *     field or a record only on such a byte, so the offset of the byte
 *     being parsed tells where each field ends.  A changed field is
 *     written back quoted (csv_write); the others keep their bytes.
 */
#include "archive.h"

#include <csv.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"

struct path {
	char **seg;               /* "comments.*.body" -> comments, *, body */
	size_t nseg;
	int role;                 /* SCRUB_ROLE_FIELD or SCRUB_ROLE_AUTHOR */
	char *text;               /* as given, for column names */
};

struct scrub_archive {
	int format;
	struct path *paths;
	size_t npaths;
	int all;                  /* no --field: every value is a field */
	int skip_bad;
	int no_header;
	size_t max_record;
};

/* ---- Options ---------------------------------------------------------- */

static void
set_msg(char *msg, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, size, fmt, ap);
	va_end(ap);
}

/* Adds the --field or --author-field TEXT (ROLE) to AR: split at dots
 * into the segments of a JSON path, or whole as a CSV column.  Returns 0,
 * or -1 with a message in MSG. */
static int
add_path(struct scrub_archive *ar, const char *text, int role, char *msg,
    size_t msgsize)
{
	struct path *p = &ar->paths[ar->npaths++];
	const char *s = text;

	memset(p, 0, sizeof(*p));
	p->role = role;
	p->text = scrub_xstrdup(text);
	if (ar->format == SCRUB_FORMAT_CSV) {
		/* A CSV column is one name or number, dots and all. */
		p->seg = scrub_xcalloc(1, sizeof(char *));
		p->seg[0] = scrub_xstrdup(text);
		p->nseg = 1;
		if (!*text) {
			set_msg(msg, msgsize, "%s: empty column name",
			    role == SCRUB_ROLE_AUTHOR ? "--author-field" : "--field");
			return -1;
		}
		return 0;
	}
	for (;;) {
		const char *dot = strchr(s, '.');
		size_t n = dot ? (size_t)(dot - s) : strlen(s);

		if (!n) {
			set_msg(msg, msgsize, "%s: empty name in path \"%s\"",
			    role == SCRUB_ROLE_AUTHOR ? "--author-field" : "--field", text);
			return -1;
		}
		p->seg = scrub_xreallocarray(p->seg, p->nseg + 1, sizeof(char *));
		p->seg[p->nseg++] = scrub_xstrndup(s, n);
		if (!dot)
			return 0;
		s = dot + 1;
	}
}

int
scrub_archive_new(const struct scrub_archive_opts *o,
    struct scrub_archive **out, char *msg, size_t msgsize)
{
	struct scrub_archive *ar;
	size_t i;

	*out = NULL;
	if (o->nfields + o->nauthors > SCRUB_ARCHIVE_MAX_PATHS) {
		set_msg(msg, msgsize, "at most %d --field and --author-field options",
		    SCRUB_ARCHIVE_MAX_PATHS);
		return -1;
	}
	ar = scrub_xcalloc(1, sizeof(*ar));
	ar->format = o->format;
	ar->skip_bad = o->skip_bad;
	ar->no_header = o->no_header;
	ar->max_record = o->max_record ? o->max_record :
	    SCRUB_ARCHIVE_MAX_RECORD_DEFAULT;
	ar->all = o->nfields == 0;
	ar->paths = scrub_xcalloc(o->nfields + o->nauthors + 1,
	    sizeof(struct path));
	for (i = 0; i < o->nauthors; i++)
		if (add_path(ar, o->authors[i], SCRUB_ROLE_AUTHOR, msg, msgsize) < 0)
			goto fail;
	for (i = 0; i < o->nfields; i++)
		if (add_path(ar, o->fields[i], SCRUB_ROLE_FIELD, msg, msgsize) < 0)
			goto fail;
	*out = ar;
	return 0;
fail:
	scrub_archive_free(ar);
	return -1;
}

void
scrub_archive_free(struct scrub_archive *ar)
{
	size_t i, j;

	if (!ar)
		return;
	for (i = 0; i < ar->npaths; i++) {
		for (j = 0; j < ar->paths[i].nseg; j++)
			free(ar->paths[i].seg[j]);
		free(ar->paths[i].seg);
		free(ar->paths[i].text);
	}
	free(ar->paths);
	free(ar);
}

int
scrub_archive_format(const struct scrub_archive *ar)
{
	return ar->format;
}

size_t
scrub_archive_max_record(const struct scrub_archive *ar)
{
	return ar->max_record;
}

static int
all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* ---- Cutting a stream into blocks of whole records -------------------- */

size_t
scrub_archive_cut(int format, struct scrub_cutter *cut, const char *data,
    size_t len)
{
	size_t i;

	if (format != SCRUB_FORMAT_CSV) {
		const char *p = data + cut->scanned, *end = data + len, *nl;

		while (p < end && (nl = memchr(p, '\n', (size_t)(end - p)))) {
			size_t b = (size_t)(nl - data) + 1;

			cut->boundary = b;
			if (b < cut->min)
				cut->before = b;
			else if (!cut->first)
				cut->first = b;
			p = nl + 1;
		}
		cut->scanned = len;
		return cut->boundary;
	}
	/* RFC 4180: a line end is a record boundary outside quotes; "" inside
	 * a quoted field toggles twice, so a parity bit suffices. */
	for (i = cut->scanned; i < len; i++) {
		if (data[i] == '"') {
			cut->in_quotes = !cut->in_quotes;
		} else if (data[i] == '\n' && !cut->in_quotes) {
			cut->boundary = i + 1;
			if (i + 1 < cut->min)
				cut->before = i + 1;
			else if (!cut->first)
				cut->first = i + 1;
		}
	}
	cut->scanned = len;
	return cut->boundary;
}

/* ---- Scanning one value as a part of the record's document ------------ */

struct proc {
	const struct scrub_archive *ar;
	const struct scrub_archive_input *in;
	struct scrub_scanner *sc;
	struct scrub_buf **capture;
	const char *name;
	struct scrub_archive_result *res;
	struct scrub_buf value;   /* a decoded value */
	struct scrub_buf scanned; /* the scanner's output for it */
	struct scrub_buf enc;     /* the re-encoded value */
	struct scrub_buf rec;     /* the record being assembled */
};

static int
fail(struct proc *p, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(p->res->msg, sizeof(p->res->msg), fmt, ap);
	va_end(ap);
	p->res->status = status;
	return -1;
}

static int
status_of_scan(int code)
{
	switch (code) {
	case SCRUB_E_LIMIT:
		return 4;
	case SCRUB_E_IO:
	case SCRUB_E_OUTPUT:
		return 3;
	default:
		return 2;
	}
}

/* Adds the author value S[0..N) as a name of the current record, without
 * the blanks around it.  Values over 256 bytes are no handle or display
 * name, and are only scanned. */
static void
add_author(struct proc *p, const char *s, size_t n)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
	    s[n - 1] == '\n'))
		n--;
	if (n)
		(void)scrub_scanner_add_name(p->sc, s, n);
}

/* Starts the document of the record at LINE. */
static void
begin_record(struct proc *p, uint64_t line)
{
	char id[600];

	snprintf(id, sizeof(id), "%s:%llu", p->name, (unsigned long long)line);
	scrub_scanner_set_document_id(p->sc, id);
}

/* Scans S[0..N) into p->scanned.  Returns 0, or -1 with the error set. */
static int
scan_value(struct proc *p, const char *s, size_t n, uint64_t line)
{
	struct scrub_error err;
	int rc;

	scrub_buf_clear(&p->scanned);
	*p->capture = &p->scanned;
	rc = scrub_scanner_feed(p->sc, s, n, &err);
	if (rc == 0)
		rc = scrub_scanner_end_part(p->sc, &err);
	*p->capture = NULL;
	if (rc < 0)
		return fail(p, status_of_scan(-rc), "%s:%llu: %s", p->name,
		    (unsigned long long)line, err.message);
	return 0;
}

static int
end_record(struct proc *p, uint64_t line)
{
	struct scrub_error err;
	int rc;

	*p->capture = &p->scanned;
	rc = scrub_scanner_finish(p->sc, &err);
	*p->capture = NULL;
	if (rc < 0)
		return fail(p, status_of_scan(-rc), "%s:%llu: %s", p->name,
		    (unsigned long long)line, err.message);
	return 0;
}

/* A bad record: the run stops, or the record is counted and dropped.
 * Returns 1 (skipped: go on), or -1 to stop. */
static int
bad_record(struct proc *p, uint64_t line, const char *fmt, ...)
{
	char why[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	if (!p->ar->skip_bad)
		return fail(p, 2, "%s:%llu: %s (--skip-bad-records drops bad "
		    "records)", p->name, (unsigned long long)line, why);
	p->res->bad++;
	scrub_buf_addf(p->res->diag, "phiscrub: %s:%llu: %s: record skipped\n",
	    p->name, (unsigned long long)line, why);
	return 1;
}

/* ---- JSON Lines ------------------------------------------------------- */

struct match {
	size_t start, end;        /* the string token, quotes included */
	int role;
	int changed;              /* p->rec[enc_off..+enc_len] replaces it */
	size_t enc_off, enc_len;
};

struct jwalk {
	const struct scrub_archive *ar;
	const char *end;
	struct match *m;
	size_t n, cap;
	struct scrub_buf key;     /* a decoded key with escapes */
};

static void
json_oom(void)
{
	scrub_xmalloc(SIZE_MAX); /* prints "out of memory" and aborts */
}

static const char *
skip_ws(const char *s, const char *end)
{
	while (s < end && (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r'))
		s++;
	return s;
}

/* S is at the opening quote of a valid string token; returns the byte
 * after its closing quote. */
static const char *
string_end(const char *s, const char *end)
{
	for (s++; s < end && *s != '"'; s++)
		if (*s == '\\')
			s++;
	return s < end ? s + 1 : end;
}

/* Decodes the string token S[0..N) (quotes included) into OUT.  The token
 * was accepted by jansson, so this cannot fail but for memory. */
static int
decode_string(const char *s, size_t n, struct scrub_buf *out)
{
	json_error_t e;
	json_t *v;

	scrub_buf_clear(out);
	if (n >= 2 && !memchr(s + 1, '\\', n - 2)) {
		scrub_buf_add(out, s + 1, n - 2);
		return 0;
	}
	v = json_loadb(s, n, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!v || !json_is_string(v)) {
		if (!v && json_error_code(&e) == json_error_out_of_memory)
			json_oom();
		json_decref(v);
		return -1;
	}
	scrub_buf_add(out, json_string_value(v), json_string_length(v));
	json_decref(v);
	return 0;
}

/* Which of the paths in ACTIVE (matched up to DEPTH segments) go on
 * through the member KEY (or the element INDEX when KEY is NULL): those
 * still under way are added to *NEXT, the roles of those complete are
 * returned. */
static int
step(const struct scrub_archive *ar, uint64_t active, size_t depth,
    const char *key, size_t keylen, size_t index, uint64_t *next)
{
	int role = 0;
	size_t i;

	*next = 0;
	for (i = 0; i < ar->npaths; i++) {
		const struct path *p = &ar->paths[i];
		const char *seg;
		int hit;

		if (!(active & ((uint64_t)1 << i)) || depth >= p->nseg)
			continue;
		seg = p->seg[depth];
		if (!strcmp(seg, "*"))
			hit = 1;
		else if (key)
			hit = strlen(seg) == keylen && !memcmp(seg, key, keylen);
		else
			hit = all_digits(seg) && strtoull(seg, NULL, 10) == index;
		if (!hit)
			continue;
		if (depth + 1 == p->nseg)
			role |= p->role;
		else
			*next |= (uint64_t)1 << i;
	}
	return role;
}

/* Steps over the value at S (valid JSON), noting every string token that
 * is chosen: ROLE is what the value is chosen as (0: not), ACTIVE the
 * paths matched up to DEPTH.  Returns the byte after the value. */
static const char *
walk_value(struct jwalk *w, const char *s, size_t depth, uint64_t active,
    int role)
{
	const char *end = w->end;

	s = skip_ws(s, end);
	if (s >= end)
		return end;
	if (*s == '"') {
		const char *e = string_end(s, end);

		if (role) {
			if (w->n == w->cap) {
				w->cap = w->cap ? w->cap * 2 : 16;
				w->m = scrub_xreallocarray(w->m, w->cap, sizeof(*w->m));
			}
			w->m[w->n].start = (size_t)s;
			w->m[w->n].end = (size_t)e;
			w->m[w->n].role = role;
			w->m[w->n].changed = 0;
			w->n++;
		}
		return e;
	}
	if (*s == '{' || *s == '[') {
		int object = *s == '{';
		char close = object ? '}' : ']';
		size_t index = 0;

		s = skip_ws(s + 1, end);
		if (s < end && *s == close)
			return s + 1;
		while (s < end) {
			uint64_t next = 0;
			int r;

			if (object) {
				const char *ks = s, *ke = string_end(s, end);
				const char *key = ks + 1;
				size_t keylen = (size_t)(ke - ks) - 2;

				if (memchr(key, '\\', keylen)) {
					if (decode_string(ks, (size_t)(ke - ks), &w->key) == 0) {
						key = w->key.ptr;
						keylen = w->key.len;
					}
				}
				r = step(w->ar, active, depth, key, keylen, 0, &next);
				s = skip_ws(ke, end);
				s++; /* ':' */
			} else {
				r = step(w->ar, active, depth, NULL, 0, index++, &next);
			}
			s = walk_value(w, s, depth + 1, next, role | r);
			s = skip_ws(s, end);
			if (s < end && *s == ',') {
				s = skip_ws(s + 1, end);
				continue;
			}
			return s < end ? s + 1 : end;
		}
		return end;
	}
	/* A number, true, false or null. */
	while (s < end && *s != ',' && *s != ']' && *s != '}' && *s != ' ' &&
	    *s != '\t' && *s != '\n' && *s != '\r')
		s++;
	return s;
}

static const char *
json_problem(const json_error_t *e)
{
	/* Never e->text: jansson quotes the input near the error. */
	switch (json_error_code(e)) {
	case json_error_premature_end_of_input:
		return "the record ends too early";
	case json_error_end_of_input_expected:
		return "text after the end of the record";
	case json_error_invalid_utf8:
		return "invalid UTF-8";
	case json_error_numeric_overflow:
		return "a number out of range";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "a NUL character";
	case json_error_invalid_syntax:
	default:
		return "invalid JSON";
	}
}

/* Encodes p->scanned as a JSON string token into p->enc, in the style of
 * the original token TOK[0..N) (\u escapes for an ASCII-only token that
 * used them, "\/" if it was used).  Returns 0 or -1. */
static int
encode_string(struct proc *p, const char *tok, size_t n)
{
	size_t flags = JSON_ENCODE_ANY;
	json_t *v;
	char *s;
	size_t i;
	int ascii = 1;

	for (i = 0; i < n && ascii; i++)
		ascii = (unsigned char)tok[i] < 0x80;
	if (ascii && memmem(tok, n, "\\u", 2))
		flags |= JSON_ENSURE_ASCII;
	if (memmem(tok, n, "\\/", 2))
		flags |= JSON_ESCAPE_SLASH;
	v = json_stringn(p->scanned.ptr, p->scanned.len);
	if (!v)
		return -1; /* not valid UTF-8 */
	s = json_dumps(v, flags);
	json_decref(v);
	if (!s)
		json_oom();
	scrub_buf_clear(&p->enc);
	scrub_buf_addstr(&p->enc, s);
	free(s);
	return 0;
}

/* Scans the chosen string tokens of LINE (W->m, in position order) as the
 * parts of one document: the authors' values are added as names first,
 * then the authors' fields are scanned (so that they take the first
 * numbers), then the others.  Changed tokens are encoded into p->rec. */
static int
jsonl_scan(struct proc *p, struct jwalk *w, const char *line,
    uint64_t lineno)
{
	size_t i;
	int pass;

	begin_record(p, lineno);
	for (i = 0; i < w->n; i++) {
		if (!(w->m[i].role & SCRUB_ROLE_AUTHOR))
			continue;
		if (decode_string(line + w->m[i].start, w->m[i].end - w->m[i].start,
		    &p->value) < 0)
			return fail(p, 2, "%s:%llu: cannot decode a string", p->name,
			    (unsigned long long)lineno);
		add_author(p, p->value.ptr, p->value.len);
	}
	scrub_buf_clear(&p->rec);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < w->n; i++) {
			struct match *m = &w->m[i];
			const char *tok = line + m->start;
			size_t n = m->end - m->start;

			if ((pass == 0) != ((m->role & SCRUB_ROLE_AUTHOR) != 0))
				continue;
			if (decode_string(tok, n, &p->value) < 0)
				return fail(p, 2, "%s:%llu: cannot decode a string", p->name,
				    (unsigned long long)lineno);
			if (scan_value(p, p->value.ptr, p->value.len, lineno) < 0)
				return -1;
			if (p->scanned.len == p->value.len &&
			    !memcmp(p->scanned.ptr, p->value.ptr, p->value.len))
				continue; /* unchanged: the token keeps its bytes */
			if (encode_string(p, tok, n) < 0)
				return fail(p, 2, "%s:%llu: a redacted value is not valid "
				    "UTF-8", p->name, (unsigned long long)lineno);
			m->changed = 1;
			m->enc_off = p->rec.len;
			m->enc_len = p->enc.len;
			scrub_buf_add(&p->rec, p->enc.ptr, p->enc.len);
		}
	}
	return end_record(p, lineno);
}

/* One JSON record LINE[0..LEN) (without its line end) at line LINENO is
 * appended to the output.  Returns 0, 1 when it was skipped, or -1 when
 * the run must stop. */
static int
jsonl_record(struct proc *p, struct jwalk *w, const char *line, size_t len,
    uint64_t lineno)
{
	json_error_t e;
	json_t *root;
	size_t i, pos = 0;
	uint64_t active;

	if (skip_ws(line, line + len) == line + len) {
		scrub_buf_add(p->res->out, line, len); /* a blank line */
		return 0;
	}
	if (len > p->ar->max_record)
		return bad_record(p, lineno, "record longer than %zu bytes "
		    "(--max-record)", p->ar->max_record);
	root = json_loadb(line, len, JSON_DECODE_INT_AS_REAL | JSON_ALLOW_NUL,
	    &e);
	if (!root) {
		if (json_error_code(&e) == json_error_out_of_memory)
			json_oom();
		return bad_record(p, lineno, "column %d: bad JSON record: %s",
		    e.column, json_problem(&e));
	}
	i = json_is_object(root);
	json_decref(root);
	if (!i)
		return bad_record(p, lineno, "bad JSON record: not an object");
	active = p->ar->npaths >= 64 ? ~(uint64_t)0 :
	    ((uint64_t)1 << p->ar->npaths) - 1;
	w->end = line + len;
	w->n = 0;
	walk_value(w, line, 0, active, p->ar->all ? SCRUB_ROLE_FIELD : 0);
	for (i = 0; i < w->n; i++) {
		w->m[i].start -= (size_t)line;
		w->m[i].end -= (size_t)line;
	}
	if (w->n && jsonl_scan(p, w, line, lineno) < 0)
		return -1;
	for (i = 0; i < w->n; i++) {
		const struct match *m = &w->m[i];

		if (!m->changed)
			continue;
		scrub_buf_add(p->res->out, line + pos, m->start - pos);
		scrub_buf_add(p->res->out, p->rec.ptr + m->enc_off, m->enc_len);
		pos = m->end;
	}
	scrub_buf_add(p->res->out, line + pos, len - pos);
	return 0;
}

/* Scrubs the JSON Lines records of DATA[0..LEN), the first at line
 * FIRST_LINE, into p->res->out.  Returns 0, or -1 when the run stops. */
static int
jsonl_process(struct proc *p, const char *data, size_t len,
    uint64_t first_line)
{
	struct jwalk w;
	size_t off = 0;
	uint64_t line = first_line;
	int rc = 0;

	memset(&w, 0, sizeof(w));
	w.ar = p->ar;
	scrub_buf_init(&w.key);
	while (off < len) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t end = nl ? (size_t)(nl - data) : len;
		size_t mark = p->res->out->len;
		int r = jsonl_record(p, &w, data + off, end - off, line);

		if (r < 0) {
			scrub_buf_truncate(p->res->out, mark);
			rc = -1;
			break;
		}
		/* A skipped record leaves nothing, not even its line end. */
		if (r == 0 && nl)
			scrub_buf_addch(p->res->out, '\n');
		off = nl ? end + 1 : len;
		line++;
	}
	free(w.m);
	scrub_buf_release(&w.key);
	return rc;
}

/* ---- CSV -------------------------------------------------------------- */

struct cfield {
	size_t rs, re;            /* the raw bytes, quotes included */
	size_t voff, vlen;        /* the value in cparse.vals */
	int changed;              /* proc.rec[eoff..+elen] replaces it */
	size_t eoff, elen;
};

struct cparse {
	size_t pos;               /* offset of the byte libcsv is given */
	size_t field_start;
	size_t rec_start;
	int in_row;
	int rec_done;             /* a record ended at pos */
	struct cfield *f;
	size_t nf, capf;
	struct scrub_buf vals;
};

static int
no_space(unsigned char c)
{
	(void)c;
	return 0; /* spaces around unquoted fields are data, not trimmed */
}

static void
csv_setup(struct csv_parser *cp)
{
	if (csv_init(cp, CSV_STRICT | CSV_STRICT_FINI) != 0)
		json_oom();
	csv_set_space_func(cp, no_space);
}

static void
cb_field(void *s, size_t n, void *user)
{
	struct cparse *c = user;
	struct cfield *f;

	if (c->nf == c->capf) {
		c->capf = c->capf ? c->capf * 2 : 16;
		c->f = scrub_xreallocarray(c->f, c->capf, sizeof(*c->f));
	}
	f = &c->f[c->nf++];
	memset(f, 0, sizeof(*f));
	f->rs = c->field_start;
	f->re = c->pos;
	f->voff = c->vals.len;
	f->vlen = n;
	if (n)
		scrub_buf_add(&c->vals, s, n);
	c->field_start = c->pos + 1;
}

static void
cb_record(int ch, void *user)
{
	struct cparse *c = user;

	(void)ch;
	c->rec_done = 1;
	c->in_row = 0;
}

static int
csv_special(char ch)
{
	return ch == ',' || ch == '"' || ch == '\r' || ch == '\n';
}

/* Gives libcsv the next piece of DATA from *I: a run of ordinary bytes,
 * or one special byte.  Returns 0, or -1 with *ERR_AT set on a parse
 * error. */
static int
csv_step(struct csv_parser *cp, struct cparse *c, const char *data,
    size_t len, size_t *i, size_t *err_at)
{
	size_t from = *i, to = from + 1, n;

	if (!csv_special(data[from]))
		while (to < len && !csv_special(data[to]))
			to++;
	if (!c->in_row && data[from] != '\r' && data[from] != '\n') {
		c->in_row = 1;
		c->rec_start = c->field_start = from;
		c->nf = 0;
		scrub_buf_clear(&c->vals);
	}
	c->pos = from;
	n = csv_parse(cp, data + from, to - from, cb_field, cb_record, c);
	*i = to;
	if (n < to - from || csv_error(cp) != CSV_SUCCESS) {
		*err_at = from + n;
		return -1;
	}
	return 0;
}

/* Ends the parse at LEN (no line end after the last record). */
static int
csv_end(struct csv_parser *cp, struct cparse *c, size_t len)
{
	c->pos = len;
	return csv_fini(cp, cb_field, cb_record, c) == 0 ? 0 : -1;
}

/* Counts lines up to OFF, moving forward only. */
struct linecount {
	const char *data;
	size_t at;
	uint64_t line;
};

static uint64_t
line_at(struct linecount *lc, size_t off)
{
	while (lc->at < off) {
		const char *nl = memchr(lc->data + lc->at, '\n', off - lc->at);

		if (!nl) {
			lc->at = off;
			break;
		}
		lc->line++;
		lc->at = (size_t)(nl - lc->data) + 1;
	}
	return lc->line;
}

/* Quotes the scanned value as a CSV field into p->enc. */
static void
csv_quote(struct proc *p)
{
	size_t need = p->scanned.len * 2 + 2;

	scrub_buf_clear(&p->enc);
	scrub_buf_grow(&p->enc, need);
	p->enc.len = csv_write(p->enc.ptr, need, p->scanned.ptr, p->scanned.len);
	p->enc.ptr[p->enc.len] = '\0';
}

/* Scrubs the record just parsed (C->f, C->vals) and appends it, from the
 * raw bytes of DATA[rec_start..END), to the output.  Returns 0, 1 when it
 * was skipped, or -1. */
static int
csv_record(struct proc *p, struct cparse *c, const char *data, size_t end,
    uint64_t lineno)
{
	const unsigned char *roles = p->in->roles;
	size_t k, cursor = c->rec_start;
	int pass;

	if (c->nf != p->in->ncols)
		return bad_record(p, lineno, "bad CSV record: %zu fields, the first "
		    "record has %zu", c->nf, p->in->ncols);
	if (end - c->rec_start > p->ar->max_record)
		return bad_record(p, lineno, "record longer than %zu bytes "
		    "(--max-record)", p->ar->max_record);
	begin_record(p, lineno);
	for (k = 0; k < c->nf; k++)
		if (roles[k] & SCRUB_ROLE_AUTHOR)
			add_author(p, c->vals.ptr + c->f[k].voff, c->f[k].vlen);
	scrub_buf_clear(&p->rec);
	for (pass = 0; pass < 2; pass++) {
		for (k = 0; k < c->nf; k++) {
			struct cfield *f = &c->f[k];
			const char *v = c->vals.ptr + f->voff;

			if (!roles[k] || (pass == 0) != ((roles[k] &
			    SCRUB_ROLE_AUTHOR) != 0))
				continue;
			if (scan_value(p, v, f->vlen, lineno) < 0)
				return -1;
			if (p->scanned.len == f->vlen && !memcmp(p->scanned.ptr, v,
			    f->vlen))
				continue;
			csv_quote(p);
			f->changed = 1;
			f->eoff = p->rec.len;
			f->elen = p->enc.len;
			scrub_buf_add(&p->rec, p->enc.ptr, p->enc.len);
		}
	}
	if (end_record(p, lineno) < 0)
		return -1;
	for (k = 0; k < c->nf; k++) {
		const struct cfield *f = &c->f[k];

		if (!f->changed)
			continue;
		scrub_buf_add(p->res->out, data + cursor, f->rs - cursor);
		scrub_buf_add(p->res->out, p->rec.ptr + f->eoff, f->elen);
		cursor = f->re;
	}
	scrub_buf_add(p->res->out, data + cursor, end - cursor);
	return 0;
}

/* After the record that ends at END: past one line end. */
static size_t
after_line_end(const char *data, size_t len, size_t end)
{
	if (end < len && data[end] == '\r')
		end++;
	if (end < len && data[end] == '\n')
		end++;
	return end;
}

/* Where to go on after a bad record that starts at START (quotes balanced
 * there) and was found bad at AT: past the first line end from AT that is
 * outside quotes, counting them from START as scrub_archive_cut() does.
 * Then a block cut never falls inside what a run over the whole input
 * skips, and the blocks give the output of the whole. */
static size_t
csv_resync(const char *data, size_t len, size_t start, size_t at)
{
	size_t i;
	int in_quotes = 0;

	for (i = start; i < len; i++) {
		if (data[i] == '"')
			in_quotes = !in_quotes;
		else if (data[i] == '\n' && !in_quotes && i >= at)
			return i + 1;
	}
	return len;
}

/* Scrubs the CSV records of DATA[0..LEN), the first at line FIRST_LINE
 * (with FIRST, the first of the input: the header, unless --no-header),
 * into p->res->out: raw bytes between and around the records, the
 * records spliced by csv_record().  Returns 0, or -1 when the run stops. */
static int
csv_process(struct proc *p, const char *data, size_t len,
    uint64_t first_line, int first)
{
	struct csv_parser cp;
	struct cparse c;
	struct linecount lc = { data, 0, first_line };
	size_t i = 0, copied = 0, err_at = 0;
	int header = first && !p->ar->no_header, finished = 0, rc = 0;

	memset(&c, 0, sizeof(c));
	scrub_buf_init(&c.vals);
	csv_setup(&cp);
	while (!finished) {
		int bad = 0, r;
		uint64_t lineno;

		if (i < len) {
			bad = csv_step(&cp, &c, data, len, &i, &err_at) < 0;
		} else {
			finished = 1;
			if (csv_end(&cp, &c, len) < 0) {
				bad = 1;
				err_at = len;
			}
		}
		if (bad) {
			size_t start = c.in_row ? c.rec_start : err_at;
			size_t resync = csv_resync(data, len, start, err_at);

			lineno = line_at(&lc, start);
			r = header ? fail(p, 2, "%s:%llu: bad CSV header", p->name,
			    (unsigned long long)lineno) : bad_record(p, lineno,
			    "bad CSV record: %s", "quotes do not match (RFC 4180)");
			/* The line end of the record before stays with it. */
			scrub_buf_add(p->res->out, data + copied, start - copied);
			if (r < 0) {
				rc = -1;
				break;
			}
			copied = resync;
			i = resync;
			finished = 0;
			csv_free(&cp);
			csv_setup(&cp);
			c.in_row = 0;
			c.rec_done = 0;
			continue;
		}
		if (!c.rec_done)
			continue;
		c.rec_done = 0;
		lineno = line_at(&lc, c.rec_start);
		scrub_buf_add(p->res->out, data + copied, c.rec_start - copied);
		copied = c.rec_start;
		if (header) {
			header = 0;
			scrub_buf_add(p->res->out, data + copied, c.pos - copied);
			copied = c.pos;
			continue;
		}
		{
			size_t mark = p->res->out->len;

			r = csv_record(p, &c, data, c.pos, lineno);
			if (r < 0) {
				scrub_buf_truncate(p->res->out, mark);
				rc = -1;
				break;
			}
			copied = r == 0 ? c.pos : after_line_end(data, len, c.pos);
		}
	}
	if (rc == 0 && copied < len)
		scrub_buf_add(p->res->out, data + copied, len - copied);
	csv_free(&cp);
	free(c.f);
	scrub_buf_release(&c.vals);
	return rc;
}

/* ---- Inputs and blocks ------------------------------------------------ */

int
scrub_archive_input_init(const struct scrub_archive *ar,
    struct scrub_archive_input *in, const char *name, const char *data,
    size_t len, char *msg, size_t msgsize)
{
	struct csv_parser cp;
	struct cparse c;
	size_t i = 0, err_at, k, col;
	int rc = 0;

	memset(in, 0, sizeof(*in));
	in->ready = 1;
	if (ar->format != SCRUB_FORMAT_CSV || len == 0)
		return 0;
	memset(&c, 0, sizeof(c));
	scrub_buf_init(&c.vals);
	csv_setup(&cp);
	while (i < len && !c.rec_done) {
		if (csv_step(&cp, &c, data, len, &i, &err_at) < 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && !c.rec_done && csv_end(&cp, &c, len) < 0)
		rc = -1;
	csv_free(&cp);
	if (rc < 0) {
		set_msg(msg, msgsize, "%s:1: bad CSV %s: quotes do not match "
		    "(RFC 4180)", name, ar->no_header ? "record" : "header");
		goto out;
	}
	in->ncols = c.nf;
	in->roles = scrub_xcalloc(c.nf + 1, 1);
	for (col = 0; col < c.nf; col++)
		in->roles[col] = ar->all ? SCRUB_ROLE_FIELD : 0;
	for (k = 0; k < ar->npaths && rc == 0; k++) {
		const struct path *pa = &ar->paths[k];
		int found = 0;

		if (all_digits(pa->text)) {
			unsigned long long n = strtoull(pa->text, NULL, 10);

			if (n < 1 || n > c.nf) {
				set_msg(msg, msgsize, "%s: no column %s (the first record has "
				    "%zu)", name, pa->text, c.nf);
				rc = -1;
				break;
			}
			in->roles[n - 1] |= (unsigned char)pa->role;
			continue;
		}
		if (ar->no_header) {
			set_msg(msg, msgsize, "column \"%s\": with --no-header, columns are "
			    "given by number", pa->text);
			rc = -1;
			break;
		}
		for (col = 0; col < c.nf; col++) {
			if (c.f[col].vlen == strlen(pa->text) && !memcmp(c.vals.ptr +
			    c.f[col].voff, pa->text, c.f[col].vlen)) {
				in->roles[col] |= (unsigned char)pa->role;
				found = 1;
			}
		}
		if (!found) {
			set_msg(msg, msgsize, "%s: no column named \"%s\" in the header",
			    name, pa->text);
			rc = -1;
		}
	}
out:
	free(c.f);
	scrub_buf_release(&c.vals);
	if (rc < 0) {
		scrub_archive_input_release(in);
		return 2;
	}
	return 0;
}

void
scrub_archive_input_release(struct scrub_archive_input *in)
{
	free(in->roles);
	memset(in, 0, sizeof(*in));
}

int
scrub_archive_process(const struct scrub_archive *ar,
    const struct scrub_archive_input *in, struct scrub_scanner *sc,
    struct scrub_buf **capture, const char *name, const char *data,
    size_t len, uint64_t first_line, int first,
    struct scrub_archive_result *res)
{
	struct proc p;

	memset(&p, 0, sizeof(p));
	p.ar = ar;
	p.in = in;
	p.sc = sc;
	p.capture = capture;
	p.name = name;
	p.res = res;
	res->status = 0;
	res->msg[0] = '\0';
	scrub_buf_init(&p.value);
	scrub_buf_init(&p.scanned);
	scrub_buf_init(&p.enc);
	scrub_buf_init(&p.rec);
	if (ar->format == SCRUB_FORMAT_JSONL)
		jsonl_process(&p, data, len, first_line);
	else
		csv_process(&p, data, len, first_line, first);
	scrub_buf_release(&p.value);
	scrub_buf_release(&p.scanned);
	scrub_buf_release(&p.enc);
	scrub_buf_release(&p.rec);
	return res->status;
}
