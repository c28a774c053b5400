/*
 * jobs.c: the ordered parallel pipeline (see jobs.h).
 *
 *   main thread:  read + cut ──► ring of units ──► deliver in order
 *                                   │    ▲            (stdout, or -o /
 *   workers:                        ▼    │             --in-place files)
 *                               scan one unit each
 *
 * The ring holds at most 2 units per thread plus 2; the main thread reads
 * the next unit while the workers scan, and writes a unit only when all
 * the units before it are written.  Every message about a unit (a bad
 * record, a read error) travels with the unit and is printed when it is
 * delivered, so stderr is in input order too.  With one thread, or when a
 * run turns out to hold a single unit, units are scanned on the main
 * thread and no thread is started.
 */
#include "jobs.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "buf.h"

#define BINARY_PROBE 8192u       /* a NUL in these first bytes: binary */
#define READ_CHUNK (256u << 10)
#define MAX_JOBS 1024u

/* U_STREAM: the rest of an input whose block holds no line end (a line
 * longer than the block size): scanned by the main thread as one stream,
 * in bounded memory, when its turn to be written comes. */
enum unit_kind { U_SCAN, U_SKIP, U_ERROR, U_STREAM };

struct unit {
	int kind;
	size_t input;
	char *data;               /* the block; freed once scanned */
	size_t len;
	uint64_t base_off;        /* input offset and line of data[0] */
	uint64_t base_line;
	int first, last;          /* of its input */
	int partial;              /* cut short by a read error: the scanner
	                           * writes what it has scanned, no more */
	int fd;                   /* U_STREAM: the input, still open */
	struct scrub_buf out;     /* what it writes */
	struct scrub_buf diag;    /* "phiscrub: ..." lines for stderr */
	uint64_t bad;             /* records skipped */
	int status;               /* 0, or an exit status */
	int fatal;                /* status ends the run */
	char msg[1300];
	int done;                 /* scanned (under run.mu) */
};

struct run;

struct worker {
	struct run *run;
	struct scrub_scanner *sc;
	struct scrub_buf *target; /* where the scanner's output goes */
	const struct unit *u;     /* the unit being scanned */
};

struct progress {
	int on, drawn;
	struct timespec t0, last;
	uint64_t bytes, total;
	size_t files;
	int known;                /* total is known: ETA */
};

struct run {
	const struct scrub_jobs_opts *o;
	const struct scrub_input *inputs;
	size_t n;
	struct scrub_archive_input *ain; /* per input (CSV columns) */
	int format;
	size_t block;
	/* Reading (main thread). */
	size_t cur;
	int fd;
	int opened;
	struct scrub_buf buf;
	struct scrub_cutter cut;
	int eof;
	uint64_t off, line;
	int first_unit;
	/* The pool. */
	pthread_mutex_t mu;
	pthread_cond_t work, done;
	struct unit **ring;
	size_t cap;
	uint64_t submitted, taken, delivered;
	int stop;
	pthread_t *th;
	unsigned nth;
	struct worker *workers;
	struct worker streamer;   /* scans U_STREAM units (main thread) */
	unsigned jobs;
	/* Delivering (main thread). */
	struct scrub_dest dest;
	size_t dropped;           /* an input whose other units are dropped */
	int status;
	int halt;
	uint64_t bad;
	struct progress pg;
};

unsigned
scrub_jobs_cores(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > (long)MAX_JOBS ? MAX_JOBS : (unsigned)n;
}

/* ---- Progress --------------------------------------------------------- */

static double
seconds(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void
progress_clear(struct run *r)
{
	if (r->pg.drawn) {
		fputs("\r\033[K", stderr);
		r->pg.drawn = 0;
	}
}

static void
progress_draw(struct run *r)
{
	struct progress *pg = &r->pg;
	struct timespec now;
	double el, rate;

	if (!pg->on)
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (pg->drawn && seconds(&pg->last, &now) < 0.25)
		return;
	pg->last = now;
	el = seconds(&pg->t0, &now);
	rate = el > 0 ? (double)pg->bytes / el : 0;
	fprintf(stderr, "\rphiscrub: %.1f MB, %.1f MB/s, %zu/%zu files",
	    (double)pg->bytes / 1e6, rate / 1e6, pg->files, r->n);
	if (pg->known && rate > 0 && pg->total >= pg->bytes) {
		unsigned long eta = (unsigned long)((double)(pg->total - pg->bytes) /
		    rate + 0.5);

		fprintf(stderr, ", ETA %lu:%02lu:%02lu", eta / 3600, eta / 60 % 60,
		    eta % 60);
	}
	fputs("\033[K", stderr);
	pg->drawn = 1;
}

/* ---- Reading and cutting ---------------------------------------------- */

static struct unit *
new_unit(struct run *r, int kind)
{
	struct unit *u = scrub_xcalloc(1, sizeof(*u));

	u->kind = kind;
	u->input = r->cur;
	scrub_buf_init(&u->out);
	scrub_buf_init(&u->diag);
	return u;
}

static void
free_unit(struct unit *u)
{
	if (!u)
		return;
	if (u->kind == U_STREAM && u->fd > STDIN_FILENO)
		close(u->fd);
	free(u->data);
	scrub_buf_release(&u->out);
	scrub_buf_release(&u->diag);
	free(u);
}

/* A unit that only carries a message: the input's end. */
static struct unit *
message_unit(struct run *r, int kind, int status, int fatal, const char *fmt,
    const char *a, const char *b)
{
	struct unit *u = new_unit(r, kind);

	u->first = r->first_unit;
	u->last = 1;
	u->status = status;
	u->fatal = fatal;
	snprintf(u->msg, sizeof(u->msg), fmt, a, b);
	return u;
}

static void
close_input(struct run *r)
{
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	r->fd = -1;
	r->cur++;
	r->opened = 0;
	scrub_buf_clear(&r->buf);
}

static uint64_t
count_lines(const char *p, size_t len)
{
	const char *end = p + len;
	uint64_t n = 0;

	while (p < end && (p = memchr(p, '\n', (size_t)(end - p)))) {
		n++;
		p++;
	}
	return n;
}

/* Copies BUF[0..LEN) of the current input into U as its next block. */
static void
take_block(struct run *r, struct unit *u, size_t len)
{
	u->first = r->first_unit;
	u->data = scrub_xmalloc(len + 1);
	memcpy(u->data, r->buf.ptr, len);
	u->data[len] = '\0';
	u->len = len;
	u->base_off = r->off;
	u->base_line = r->line;
	r->off += len;
	r->line += count_lines(u->data, len);
	r->first_unit = 0;
	scrub_buf_consume(&r->buf, len);
	memset(&r->cut, 0, sizeof(r->cut));
}

/* A read error (ERRNO) ends the current input.  What was read of the
 * block is still scanned as far as the scanner goes without being told
 * the input ended (as main()'s loop does): whole records of an archive,
 * the complete units of text; the rest is never written. */
static struct unit *
read_failed(struct run *r, int errnum)
{
	const struct scrub_input *in = &r->inputs[r->cur];
	struct unit *u = new_unit(r, U_SCAN);
	size_t keep = r->buf.len;
	char msg[300];

	if (r->o->archive)
		keep = scrub_archive_cut(r->format, &r->cut, r->buf.ptr, r->buf.len);
	if (r->first_unit && ((r->o->refuse && r->o->refuse(r->buf.ptr,
	    r->buf.len)) || (in->check_binary && memchr(r->buf.ptr, '\0',
	    r->buf.len < BINARY_PROBE ? r->buf.len : BINARY_PROBE))))
		keep = 0;
	take_block(r, u, keep);
	if (u->first && r->o->archive && keep && scrub_archive_input_init(
	    r->o->archive, &r->ain[u->input], in->name, u->data, u->len, msg,
	    sizeof(msg))) {
		free(u->data);
		u->data = NULL;
		u->len = 0;
	}
	u->last = 1;
	u->partial = 1;
	u->status = 3;
	snprintf(u->msg, sizeof(u->msg), "%s: read error: %s", in->name,
	    strerror(errnum));
	close_input(r);
	return u;
}

/* The block being read starts with a record longer than --max-record (and
 * the block size): with --skip-bad-records it is read past and counted,
 * else the run stops there. */
static struct unit *
long_record(struct run *r)
{
	const struct scrub_input *in = &r->inputs[r->cur];
	size_t max = scrub_archive_max_record(r->o->archive);
	uint64_t line = r->line;
	struct unit *u;
	char where[40];

	snprintf(where, sizeof(where), "%llu: record longer than %zu bytes",
	    (unsigned long long)line, max);
	/* A CSV header is needed for what follows it. */
	if (!r->o->skip_bad || (r->first_unit && r->format == SCRUB_FORMAT_CSV)) {
		u = message_unit(r, U_ERROR, 2, 1, "%s:%s (--max-record)", in->name,
		    where);
		close_input(r);
		return u;
	}
	/* The long record starts the buffer and no boundary lies before the
	 * block size: the first boundary is the end of the record. */
	for (;;) {
		size_t b;
		ssize_t n;

		scrub_archive_cut(r->format, &r->cut, r->buf.ptr, r->buf.len);
		b = r->cut.first;
		if (b || r->eof) {
			if (!b)
				b = r->buf.len;
			r->off += b;
			r->line += count_lines(r->buf.ptr, b);
			scrub_buf_consume(&r->buf, b);
			memset(&r->cut, 0, sizeof(r->cut));
			break;
		}
		/* Drop what was read, keeping the cutter's quote state. */
		r->off += r->buf.len;
		r->line += count_lines(r->buf.ptr, r->buf.len);
		scrub_buf_clear(&r->buf);
		r->cut.scanned = 0;
		r->cut.boundary = 0;
		r->cut.min = 0;
		scrub_buf_grow(&r->buf, READ_CHUNK);
		n = read(r->fd, r->buf.ptr, READ_CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			/* Nothing of the long record may go out as records. */
			scrub_buf_clear(&r->buf);
			return read_failed(r, errno);
		}
		if (n == 0)
			r->eof = 1;
		r->buf.len = (size_t)n;
		r->buf.ptr[r->buf.len] = '\0';
	}
	u = new_unit(r, U_SCAN);
	u->first = r->first_unit;
	u->last = r->eof && !r->buf.len;
	u->bad = 1;
	scrub_buf_addf(&u->diag, "phiscrub: %s:%s (--max-record): record "
	    "skipped\n", in->name, where);
	r->first_unit = 0;
	if (u->last)
		close_input(r);
	return u;
}

/* Reads the current input up to its next block.  Returns a unit, or NULL
 * when the input ended without one (never: an input always yields at
 * least one unit, the last flagged). */
static struct unit *
read_block(struct run *r)
{
	const struct scrub_input *in = &r->inputs[r->cur];
	/* The line or record that crosses the block size may run on up to
	 * LIMIT; past that it is a long one.  Every decision below depends on
	 * the data only, never on how much one read() returned, so the blocks
	 * are the same on every run and for every -j. */
	size_t limit = r->block + (r->o->archive ?
	    scrub_archive_max_record(r->o->archive) : r->block);
	size_t cut = 0;
	int stream = 0;
	struct unit *u;

	for (;;) {
		size_t b, first, before;
		ssize_t n;

		/* Without --block-size a text file is one document (issue #5:
		 * its names and numbering hold from its first line to its last),
		 * so it is never cut into blocks: a file larger than a block is
		 * scanned as one stream; -j then spreads whole files. */
		if (r->format == SCRUB_FORMAT_TEXT && !r->o->block_size &&
		    !r->o->eager) {
			if (r->buf.len >= limit) {
				stream = 1;
				break;
			}
			if (r->eof) {
				cut = r->buf.len;
				break;
			}
			goto read_more;
		}
		r->cut.min = r->block;
		b = scrub_archive_cut(r->format, &r->cut, r->buf.ptr, r->buf.len);
		first = r->cut.first;
		before = r->cut.before;
		if (r->o->eager && b) {
			cut = b; /* records are documents: any cut will do */
			break;
		}
		if (first && first <= limit) {
			cut = first; /* a block ends at the first line end past its size */
			break;
		}
		if (first || r->buf.len >= limit) {
			if (before) {
				cut = before; /* the long one starts the next block */
				break;
			}
			if (r->o->archive)
				return long_record(r);
			/* A line longer than the block: cutting it would split what
			 * it holds, so the rest of the input is one stream. */
			stream = 1;
			break;
		}
		if (r->eof) {
			cut = r->buf.len;
			break;
		}
read_more:
		scrub_buf_grow(&r->buf, READ_CHUNK);
		n = read(r->fd, r->buf.ptr + r->buf.len, READ_CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return read_failed(r, errno);
		}
		if (n == 0)
			r->eof = 1;
		r->buf.len += (size_t)n;
		r->buf.ptr[r->buf.len] = '\0';
	}
	if (r->first_unit && r->o->refuse) {
		const char *why = r->o->refuse(r->buf.ptr, r->buf.len);

		if (why) {
			u = message_unit(r, U_ERROR, 2, 0, "%s: %s", in->name, why);
			close_input(r);
			return u;
		}
	}
	if (r->first_unit && in->check_binary && memchr(r->buf.ptr, '\0',
	    r->buf.len < BINARY_PROBE ? r->buf.len : BINARY_PROBE)) {
		u = message_unit(r, U_SKIP, 0, 0, "%s: binary file skipped%s",
		    in->name, "");
		close_input(r);
		return u;
	}
	if (stream) {
		u = new_unit(r, U_STREAM);
		u->last = 1;
		take_block(r, u, r->buf.len);
		u->fd = r->fd;
		r->fd = -1; /* the unit reads the rest */
		close_input(r);
		return u;
	}
	u = new_unit(r, U_SCAN);
	u->last = r->eof && cut == r->buf.len;
	take_block(r, u, cut);
	if (u->first && r->o->archive) {
		int st = scrub_archive_input_init(r->o->archive, &r->ain[u->input],
		    in->name, u->data, u->len, u->msg, sizeof(u->msg));

		if (st) {
			free(u->data);
			u->data = NULL;
			u->kind = U_ERROR;
			u->status = st;
			u->fatal = 1;
			u->last = 1;
			close_input(r);
			return u;
		}
	}
	if (u->last)
		close_input(r);
	return u;
}

/* The next unit of the run, or NULL when every input has been read. */
static struct unit *
produce(struct run *r)
{
	while (r->cur < r->n) {
		const struct scrub_input *in = &r->inputs[r->cur];
		struct unit *u;

		if (!r->opened) {
			r->opened = 1;
			r->eof = 0;
			r->off = 0;
			r->line = 1;
			r->first_unit = 1;
			memset(&r->cut, 0, sizeof(r->cut));
			scrub_buf_clear(&r->buf);
			if (in->error) {
				u = message_unit(r, U_ERROR, 2, 0, "%s: %s", in->name,
				    in->error);
				close_input(r);
				return u;
			}
			if (!in->path) {
				r->fd = STDIN_FILENO;
			} else if ((r->fd = open(in->path, O_RDONLY | O_CLOEXEC)) < 0) {
				u = message_unit(r, U_ERROR, 3, 0, "%s: %s", in->name,
				    strerror(errno));
				close_input(r);
				return u;
			}
		}
		if ((u = read_block(r)))
			return u;
	}
	return NULL;
}

/* ---- Scanning --------------------------------------------------------- */

static int
worker_output(void *user, const char *bytes, size_t len)
{
	struct worker *w = user;

	if (!w->target)
		return -1;
	scrub_buf_add(w->target, bytes, len);
	return 0;
}

/* Findings of plain text, made relative to the input, not the block. */
static int
worker_finding(void *user, const struct scrub_finding *f)
{
	struct worker *w = user;
	const struct scrub_jobs_opts *o = w->run->o;
	struct scrub_finding g = *f;

	if (w->u && !o->archive) {
		g.start += w->u->base_off;
		g.end += w->u->base_off;
		g.line += w->u->base_line - 1;
	}
	return o->scan.on_finding(o->scan.user, &g);
}

static struct scrub_scanner *
make_scanner(struct worker *w, struct scrub_error *err)
{
	struct scrub_scan_opts so = w->run->o->scan;

	so.output = worker_output;
	so.on_finding = so.on_finding ? worker_finding : NULL;
	so.user = w;
	so.line_buffered = 0;
	return scrub_scanner_new(w->run->o->rules, &so, err);
}

static int
scan_status(int code)
{
	return code == SCRUB_E_LIMIT ? 4 : code == SCRUB_E_IO ||
	    code == SCRUB_E_OUTPUT ? 3 : 2;
}

static void
process(struct worker *w, struct unit *u)
{
	struct run *r = w->run;
	const struct scrub_input *in = &r->inputs[u->input];
	struct scrub_error err;
	int failed = 0;

	if (u->kind != U_SCAN)
		return;
	if (!w->sc && !(w->sc = make_scanner(w, &err))) {
		u->status = scan_status(err.code);
		u->fatal = 1;
		snprintf(u->msg, sizeof(u->msg), "%s", err.message);
		goto out;
	}
	w->u = u;
	if (r->o->archive) {
		struct scrub_archive_result res;

		memset(&res, 0, sizeof(res));
		res.out = &u->out;
		res.diag = &u->diag;
		w->target = NULL;
		scrub_archive_process(r->o->archive, &r->ain[u->input], w->sc,
		    &w->target, in->name, u->data, u->len, u->base_line, u->first,
		    &res);
		u->bad += res.bad;
		if (res.status) {
			failed = 1;
			u->status = res.status;
			memcpy(u->msg, res.msg, sizeof(res.msg));
		}
	} else {
		int rc;

		w->target = &u->out;
		/* Every block of a file is a document of that file's id (keyed
		 * date shifts agree); standard input has none, as before. */
		scrub_scanner_set_document_id(w->sc, in->path ? in->name :
		    r->o->stdin_id);
		rc = scrub_scanner_feed(w->sc, u->data, u->len, &err);
		if (rc == 0 && !u->partial)
			rc = scrub_scanner_finish(w->sc, &err);
		if (rc < 0) {
			failed = 1;
			u->status = scan_status(-rc);
			snprintf(u->msg, sizeof(u->msg), "%s: %s", in->name, err.message);
		}
	}
	w->target = NULL;
	w->u = NULL;
	if (failed)
		u->fatal = 1;
	if (failed || u->partial) {
		/* A scanner that failed takes nothing more; one cut short holds
		 * text that must never be written. */
		scrub_scanner_free(w->sc);
		w->sc = NULL;
	}
out:
	free(u->data);
	u->data = NULL;
}

static void *
worker_main(void *arg)
{
	struct worker *w = arg;
	struct run *r = w->run;

	pthread_mutex_lock(&r->mu);
	for (;;) {
		struct unit *u;

		while (!r->stop && r->taken == r->submitted)
			pthread_cond_wait(&r->work, &r->mu);
		if (r->stop)
			break;
		u = r->ring[r->taken % r->cap];
		r->taken++;
		pthread_mutex_unlock(&r->mu);
		process(w, u);
		pthread_mutex_lock(&r->mu);
		u->done = 1;
		pthread_cond_signal(&r->done);
	}
	pthread_mutex_unlock(&r->mu);
	return NULL;
}

/* Starts the workers with SIGINT, SIGTERM and SIGHUP blocked, so that the
 * main thread, which owns the temporary files, handles them. */
static void
start_workers(struct run *r)
{
	sigset_t set, old;
	unsigned i;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, &old);
	r->th = scrub_xcalloc(r->jobs, sizeof(pthread_t));
	for (i = 0; i < r->jobs; i++) {
		if (pthread_create(&r->th[i], NULL, worker_main, &r->workers[i]) != 0)
			break;
		r->nth++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
}

static void
stop_workers(struct run *r)
{
	unsigned i;

	pthread_mutex_lock(&r->mu);
	r->stop = 1;
	pthread_cond_broadcast(&r->work);
	pthread_mutex_unlock(&r->mu);
	for (i = 0; i < r->nth; i++)
		pthread_join(r->th[i], NULL);
	r->nth = 0;
}

static void
submit(struct run *r, struct unit *u)
{
	pthread_mutex_lock(&r->mu);
	r->ring[r->submitted % r->cap] = u;
	r->submitted++;
	pthread_cond_signal(&r->work);
	pthread_mutex_unlock(&r->mu);
}

/* ---- Delivering ------------------------------------------------------- */

static void
report(struct run *r, const char *msg)
{
	progress_clear(r);
	fprintf(stderr, "phiscrub: %s\n", msg);
}

static void
set_status(struct run *r, int status, int fatal)
{
	if (fatal || !r->status)
		r->status = status;
	if (fatal)
		r->halt = 1;
}

/* Writes BYTES to the destination of IN.  Returns 0, or -1 when the run
 * must stop (the status is set). */
static int
write_out(struct run *r, const struct scrub_input *in, const char *bytes,
    size_t len)
{
	char msg[1300];

	if (!len)
		return 0;
	if (in->dest) {
		if (scrub_dest_write(&r->dest, bytes, len, msg, sizeof(msg)) < 0) {
			report(r, msg);
			scrub_dest_abort(&r->dest);
			set_status(r, 3, 1);
			return -1;
		}
		return 0;
	}
	if (r->o->scan.output && r->o->scan.output(r->o->scan.user, bytes,
	    len) < 0) {
		r->status = SCRUB_JOBS_OUTPUT_FAILED;
		r->halt = 1;
		return -1;
	}
	return 0;
}

/* Scans a U_STREAM unit, when its turn to be written has come: its block,
 * then the rest of its input in chunks, through one scanner that cuts the
 * long line with overlap (as main()'s loop does), writing as it goes.  On
 * a failure sets u->status; returns -1 when writing failed. */
static int
stream(struct run *r, struct unit *u)
{
	const struct scrub_input *in = &r->inputs[u->input];
	struct worker *w = &r->streamer;
	struct scrub_error err;
	char *chunk;
	int rc, finished = 0;

	if (!w->sc && !(w->sc = make_scanner(w, &err))) {
		u->status = scan_status(err.code);
		u->fatal = 1;
		snprintf(u->msg, sizeof(u->msg), "%s", err.message);
		return 0;
	}
	w->u = u;
	w->target = &u->out;
	scrub_scanner_set_document_id(w->sc, in->path ? in->name :
	    r->o->stdin_id);
	rc = scrub_scanner_feed(w->sc, u->data, u->len, &err);
	chunk = scrub_xmalloc(READ_CHUNK);
	while (rc == 0) {
		ssize_t n;

		if (write_out(r, in, u->out.ptr, u->out.len) < 0) {
			free(chunk);
			w->target = NULL;
			return -1;
		}
		scrub_buf_clear(&u->out);
		if (finished)
			break;
		n = read(u->fd, chunk, READ_CHUNK);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			u->status = 3;
			snprintf(u->msg, sizeof(u->msg), "%s: read error: %s", in->name,
			    strerror(errno));
			break;
		}
		r->pg.bytes += (uint64_t)n;
		progress_draw(r);
		if (n == 0) {
			rc = scrub_scanner_finish(w->sc, &err);
			finished = 1;
		} else {
			rc = scrub_scanner_feed(w->sc, chunk, (size_t)n, &err);
		}
	}
	free(chunk);
	if (rc < 0) {
		/* What the scanner wrote before it failed is scanned text. */
		if (write_out(r, in, u->out.ptr, u->out.len) < 0) {
			w->target = NULL;
			return -1;
		}
		u->status = scan_status(-rc);
		u->fatal = 1;
		snprintf(u->msg, sizeof(u->msg), "%s: %s", in->name, err.message);
	}
	w->target = NULL;
	w->u = NULL;
	if (!finished || rc < 0) {
		/* Failed, or holding text that must never be written. */
		scrub_scanner_free(w->sc);
		w->sc = NULL;
	}
	return 0;
}

static void
deliver(struct run *r, struct unit *u)
{
	const struct scrub_input *in = &r->inputs[u->input];
	char msg[1300];

	if (u->diag.len) {
		progress_clear(r);
		fwrite(u->diag.ptr, 1, u->diag.len, stderr);
	}
	r->bad += u->bad;
	r->pg.bytes += u->len;
	if (u->last)
		r->pg.files++;
	if (u->input == r->dropped)
		goto out;
	if (u->kind == U_SKIP) {
		report(r, u->msg);
		r->pg.bytes += in->size;
		goto out;
	}
	if (u->kind == U_ERROR) {
		report(r, u->msg);
		scrub_dest_abort(&r->dest);
		set_status(r, u->status, u->fatal);
		goto out;
	}
	if (in->dest && u->first && scrub_dest_open(&r->dest, in,
	    r->o->in_place, msg, sizeof(msg)) < 0) {
		report(r, msg);
		set_status(r, 3, 0);
		r->dropped = u->input;
		goto out;
	}
	if (u->kind == U_STREAM ? stream(r, u) < 0 :
	    write_out(r, in, u->out.ptr, u->out.len) < 0)
		goto out;
	if (u->status) {
		report(r, u->msg);
		scrub_dest_abort(&r->dest);
		set_status(r, u->status, u->fatal);
		r->dropped = u->input;
		goto out;
	}
	if (u->last && in->dest && scrub_dest_commit(&r->dest, msg,
	    sizeof(msg)) < 0) {
		report(r, msg);
		set_status(r, 3, 0);
	}
out:
	progress_draw(r);
}

/* ---- The run ---------------------------------------------------------- */

static void
run_release(struct run *r)
{
	size_t i;
	unsigned k;

	if (r->nth)
		stop_workers(r);
	while (r->delivered < r->submitted) {
		free_unit(r->ring[r->delivered % r->cap]);
		r->delivered++;
	}
	scrub_dest_abort(&r->dest);
	if (r->fd > STDIN_FILENO)
		close(r->fd);
	for (k = 0; k < r->jobs; k++)
		scrub_scanner_free(r->workers[k].sc);
	scrub_scanner_free(r->streamer.sc);
	for (i = 0; i < r->n; i++)
		scrub_archive_input_release(&r->ain[i]);
	free(r->ain);
	free(r->workers);
	free(r->th);
	free(r->ring);
	scrub_buf_release(&r->buf);
	pthread_mutex_destroy(&r->mu);
	pthread_cond_destroy(&r->work);
	pthread_cond_destroy(&r->done);
}

/* Delivers every unit scanned, in order; waits for the next when WAIT. */
static void
deliver_ready(struct run *r, int wait)
{
	while (!r->halt && r->delivered < r->submitted) {
		struct unit *u = r->ring[r->delivered % r->cap];
		int done;

		pthread_mutex_lock(&r->mu);
		while (wait && !u->done)
			pthread_cond_wait(&r->done, &r->mu);
		done = u->done;
		pthread_mutex_unlock(&r->mu);
		if (!done)
			return;
		deliver(r, u);
		free_unit(u);
		r->delivered++;
		wait = 0;
	}
}

int
scrub_jobs_run(const struct scrub_jobs_opts *o,
    const struct scrub_input *inputs, size_t n)
{
	struct run r;
	struct scrub_error err;
	struct unit *held = NULL;
	size_t i;
	int input_done = 0;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.inputs = inputs;
	r.n = n;
	r.fd = -1;
	r.dest.fd = -1;
	r.dropped = SIZE_MAX;
	r.format = o->archive ? scrub_archive_format(o->archive) :
	    SCRUB_FORMAT_TEXT;
	r.block = o->block_size ? o->block_size : SCRUB_JOBS_BLOCK_DEFAULT;
	r.jobs = o->jobs ? o->jobs : scrub_jobs_cores();
	if (r.jobs > MAX_JOBS)
		r.jobs = MAX_JOBS;
	if (o->scan.on_finding)
		r.jobs = 1; /* findings are reported in order, as they are found */
	if (o->eager)
		r.jobs = 1; /* no read-ahead: each record leaves as it comes */
	r.cap = 2 * (size_t)r.jobs + 2;
	r.ring = scrub_xcalloc(r.cap, sizeof(*r.ring));
	r.ain = scrub_xcalloc(n + 1, sizeof(*r.ain));
	r.workers = scrub_xcalloc(r.jobs, sizeof(*r.workers));
	scrub_buf_init(&r.buf);
	pthread_mutex_init(&r.mu, NULL);
	pthread_cond_init(&r.work, NULL);
	pthread_cond_init(&r.done, NULL);
	for (i = 0; i < r.jobs; i++)
		r.workers[i].run = &r;
	r.streamer.run = &r;
	r.pg.on = o->progress;
	r.pg.known = 1;
	for (i = 0; i < n; i++) {
		r.pg.total += inputs[i].size;
		r.pg.known &= inputs[i].regular;
	}
	for (i = 0; i < n && !inputs[i].dest; i++)
		;
	if (i < n)
		scrub_dest_signals();
	clock_gettime(CLOCK_MONOTONIC, &r.pg.t0);
	/* A scanner now, so that unusable options (a keyed operator without a
	 * key) fail before anything is read. */
	if (!(r.workers[0].sc = make_scanner(&r.workers[0], &err))) {
		fprintf(stderr, "phiscrub: %s\n", err.message);
		run_release(&r);
		return scan_status(err.code);
	}
	/* One thread while there is only one unit: the common case of a small
	 * input starts no thread at all. */
	while (!r.nth && !r.halt) {
		struct unit *u = held ? held : produce(&r);

		held = NULL;
		if (!u) {
			input_done = 1;
			break;
		}
		if (r.jobs > 1 && (held = produce(&r))) {
			start_workers(&r);
			if (r.nth) {
				submit(&r, u);
				submit(&r, held);
				held = NULL;
				break;
			}
			/* No thread could start: go on alone. */
			r.jobs = 1;
		}
		process(&r.workers[0], u);
		deliver(&r, u);
		free_unit(u);
	}
	while (r.nth && !r.halt) {
		deliver_ready(&r, 0);
		if (r.halt)
			break;
		if (!input_done && r.submitted - r.delivered < r.cap) {
			struct unit *u = produce(&r);

			if (u)
				submit(&r, u);
			else
				input_done = 1;
			continue;
		}
		if (input_done && r.delivered == r.submitted)
			break;
		deliver_ready(&r, 1);
	}
	free_unit(held);
	progress_clear(&r);
	if (r.bad)
		fprintf(stderr, "phiscrub: %llu bad record%s skipped\n",
		    (unsigned long long)r.bad, r.bad == 1 ? "" : "s");
	run_release(&r);
	return r.status;
}

/* ---- The command line's side ------------------------------------------ */

static int
parse_size(const char *opt, const char *arg, unsigned long long min,
    unsigned long long max, unsigned long long *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(arg, &end, 10);
	if (!*arg || *end || *arg == '-' || errno || v < min || v > max) {
		fprintf(stderr, "phiscrub: %s: expected a number from %llu to %llu\n",
		    opt, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static void
push_arg(const char ***v, size_t *n, const char *arg)
{
	*v = scrub_xreallocarray((void *)*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = arg;
}

int
scrub_jobs_option(struct scrub_jobs_cli *o, int c, const char *arg)
{
	unsigned long long v;

	switch (c) {
	case SCRUB_JOPT_FORMAT:
		if (!strcmp(arg, "text"))
			o->format = SCRUB_FORMAT_TEXT;
		else if (!strcmp(arg, "jsonl"))
			o->format = SCRUB_FORMAT_JSONL;
		else if (!strcmp(arg, "csv"))
			o->format = SCRUB_FORMAT_CSV;
		else {
			fprintf(stderr, "phiscrub: --format: expected text, jsonl or csv, "
			    "got \"%s\"\n", arg);
			return -1;
		}
		return 1;
	case SCRUB_JOPT_FIELD:
		push_arg(&o->fields, &o->nfields, arg);
		return 1;
	case SCRUB_JOPT_AUTHOR:
		push_arg(&o->authors, &o->nauthors, arg);
		return 1;
	case SCRUB_JOPT_SKIP_BAD:
		o->skip_bad = 1;
		return 1;
	case SCRUB_JOPT_NO_HEADER:
		o->no_header = 1;
		return 1;
	case SCRUB_JOPT_MAX_RECORD:
		if (parse_size("--max-record", arg, 1, 1ull << 30, &v) < 0)
			return -1;
		o->max_record = (size_t)v;
		return 1;
	case 'r':
		o->recursive = 1;
		return 1;
	case 'o':
		if (!*arg) {
			fputs("phiscrub: -o: empty directory name\n", stderr);
			return -1;
		}
		o->outdir = arg;
		return 1;
	case SCRUB_JOPT_IN_PLACE:
		o->in_place = 1;
		return 1;
	case 'j':
		if (parse_size("-j", arg, 1, MAX_JOBS, &v) < 0)
			return -1;
		o->jobs = (unsigned)v;
		return 1;
	case SCRUB_JOPT_BLOCK_SIZE:
		if (parse_size("--block-size", arg, 4096, 1ull << 30, &v) < 0)
			return -1;
		o->block_size = (size_t)v;
		return 1;
	case SCRUB_JOPT_NO_PROGRESS:
		o->no_progress = 1;
		return 1;
	default:
		return 0;
	}
}

int
scrub_jobs_cli_check(const struct scrub_jobs_cli *o)
{
	const char *bad = NULL;

	if (o->format == SCRUB_FORMAT_TEXT && (o->nfields || o->nauthors))
		bad = "--field, --column and --author-field need --format jsonl or csv";
	else if (o->format == SCRUB_FORMAT_TEXT && (o->skip_bad || o->max_record))
		bad = "--skip-bad-records and --max-record need --format jsonl or csv";
	else if (o->no_header && o->format != SCRUB_FORMAT_CSV)
		bad = "--no-header needs --format csv";
	else if (o->outdir && o->in_place)
		bad = "-o and --in-place cannot be used together";
	if (bad) {
		fprintf(stderr, "phiscrub: %s\n", bad);
		return -1;
	}
	return 0;
}

int
scrub_jobs_wanted(const struct scrub_jobs_cli *o, int line_buffered,
    int other_modes)
{
	if (other_modes)
		return 0;
	return !line_buffered || o->format != SCRUB_FORMAT_TEXT || o->outdir ||
	    o->in_place;
}

int
scrub_jobs_main(const struct scrub_jobs_cli *c,
    const struct scrub_ruleset *rules, const struct scrub_scan_opts *scan,
    int line_buffered, const char *const *files, size_t n,
    const char *stdin_id,
    const char *(*refuse)(const char *head, size_t len))
{
	struct scrub_tree_opts to;
	struct scrub_input *inputs = NULL;
	struct scrub_archive *ar = NULL;
	struct scrub_jobs_opts o;
	size_t ninputs = 0;
	int status, st;

	memset(&to, 0, sizeof(to));
	to.recursive = c->recursive;
	to.outdir = c->outdir;
	to.in_place = c->in_place;
	if (c->format != SCRUB_FORMAT_TEXT) {
		struct scrub_archive_opts ao;
		char msg[300];

		memset(&ao, 0, sizeof(ao));
		ao.format = c->format;
		ao.fields = c->fields;
		ao.nfields = c->nfields;
		ao.authors = c->authors;
		ao.nauthors = c->nauthors;
		ao.skip_bad = c->skip_bad;
		ao.no_header = c->no_header;
		ao.max_record = c->max_record;
		if (scrub_archive_new(&ao, &ar, msg, sizeof(msg)) < 0) {
			fprintf(stderr, "phiscrub: %s\n", msg);
			return 2;
		}
	}
	status = scrub_tree_collect(&to, files, n, &inputs, &ninputs);
	if (status == 2) {
		scrub_archive_free(ar);
		return status;
	}
	memset(&o, 0, sizeof(o));
	o.rules = rules;
	o.scan = *scan;
	o.archive = ar;
	o.jobs = c->jobs;
	o.block_size = c->block_size;
	o.progress = !c->no_progress && isatty(STDERR_FILENO);
	o.in_place = c->in_place;
	o.skip_bad = c->skip_bad;
	o.eager = line_buffered && ar;
	o.stdin_id = stdin_id;
	o.refuse = refuse;
	st = scrub_jobs_run(&o, inputs, ninputs);
	if (st)
		status = st;
	scrub_tree_free(inputs, ninputs);
	scrub_archive_free(ar);
	return status;
}

/* Whether the first 8 KiB of PATH hold a NUL byte (an unreadable file is
 * not: opening it reports the error in turn). */
static int
is_binary(const char *path)
{
	char head[BINARY_PROBE];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	do
		n = read(fd, head, sizeof(head));
	while (n < 0 && errno == EINTR);
	close(fd);
	return n > 0 && memchr(head, '\0', (size_t)n) != NULL;
}

int
scrub_jobs_list_files(const struct scrub_jobs_cli *c,
    const char *const *files, size_t n, struct scrub_input **inputs,
    size_t *ninputs, const char ***paths, size_t *npaths)
{
	struct scrub_tree_opts to;
	size_t i, k;
	int status;

	memset(&to, 0, sizeof(to));
	to.recursive = c->recursive;
	*paths = NULL;
	*npaths = 0;
	status = scrub_tree_collect(&to, files, n, inputs, ninputs);
	if (status == 2)
		return status;
	*paths = scrub_xcalloc(*ninputs + 1, sizeof(char *));
	for (i = 0, k = 0; i < *ninputs; i++) {
		const struct scrub_input *in = &(*inputs)[i];

		if (in->check_binary && in->path && is_binary(in->path)) {
			fprintf(stderr, "phiscrub: %s: binary file skipped\n", in->name);
			continue;
		}
		(*paths)[k++] = in->path ? in->path : "-";
	}
	*npaths = k;
	return status;
}
