/*
 * fuzz_archive.c: libFuzzer target for the archive parsers (JSON Lines and
 * CSV, src/archive.c; issue 8) with the default pattern sets.
 *
 * Input layout: byte 0 picks the format, the chosen fields, --skip-bad and
 * the CSV header mode; byte 1 seeds where the input is cut into blocks; the
 * rest is the archive.  The archive is processed whole, and again in blocks
 * cut where scrub_archive_cut() says records may be cut (as the command
 * reads them), and the two must agree: same status, same output, same
 * number of bad records.  A broken promise calls abort().
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archive.h"
#include "buf.h"
#include "phiscrub.h"

static struct scrub_ruleset *rules;

static void
die(const char *what)
{
	fprintf(stderr, "fuzz_archive: %s\n", what);
	abort();
}

static int
capture_output(void *user, const char *bytes, size_t len)
{
	struct scrub_buf **target = user;

	if (!*target)
		return -1;
	scrub_buf_add(*target, bytes, len);
	return 0;
}

struct outcome {
	struct scrub_buf out, diag;
	uint64_t bad;
	int status;
};

/* Processes DATA[0..LEN) as the input "fuzz": in one block, or with SPLIT
 * in blocks cut at the first record boundary found in windows growing by
 * pseudo-random steps from SEED. */
static void
run(const struct scrub_archive *ar, const char *data, size_t len,
    unsigned seed, int split, struct outcome *o)
{
	struct scrub_archive_input in;
	struct scrub_scan_opts opts;
	struct scrub_scanner *sc;
	struct scrub_buf *target = NULL;
	struct scrub_error err;
	char msg[1200];
	size_t pos = 0;
	uint64_t line = 1;
	int first = 1;

	memset(o, 0, sizeof(*o));
	scrub_buf_init(&o->out);
	scrub_buf_init(&o->diag);
	scrub_scan_opts_init(&opts);
	opts.output = capture_output;
	opts.user = &target;
	if (!(sc = scrub_scanner_new(rules, &opts, &err)))
		die("scrub_scanner_new failed");
	memset(&in, 0, sizeof(in));
	while (pos < len && o->status == 0) {
		struct scrub_cutter cut = SCRUB_CUTTER_INIT;
		struct scrub_archive_result res;
		size_t avail = 0, b = 0, i;
		char *block;

		/* Grow the window as a reader would until a boundary shows. */
		while (!b && avail < len - pos) {
			if (split) {
				seed = seed * 1103515245u + 12345u;
				avail += 1 + (seed >> 16) % 257;
			} else {
				avail = len - pos;
			}
			if (avail > len - pos)
				avail = len - pos;
			b = scrub_archive_cut(scrub_archive_format(ar), &cut,
			    data + pos, avail);
			if (b > avail)
				die("a cut past the data");
		}
		if (!b)
			b = len - pos; /* the end of the input ends a record */
		/* A private, NUL-terminated copy of the block, as the command
		 * passes it (src/jobs.c, take_block()). */
		if (!(block = malloc(b + 1)))
			die("out of memory");
		memcpy(block, data + pos, b);
		block[b] = '\0';
		/* As the command does: the first block sets up the input. */
		if (first && (o->status = scrub_archive_input_init(ar, &in, "fuzz",
		    block, b, msg, sizeof(msg))) != 0) {
			if (!msg[0])
				die("a refused header without a message");
			free(block);
			break;
		}
		memset(&res, 0, sizeof(res));
		res.out = &o->out;
		res.diag = &o->diag;
		scrub_archive_process(ar, &in, sc, &target, "fuzz", block, b,
		    line, first, &res);
		free(block);
		o->bad += res.bad;
		o->status = res.status;
		if (res.status && !res.msg[0])
			die("an error without a message");
		for (i = pos; i < pos + b; i++)
			line += data[i] == '\n';
		pos += b;
		first = 0;
	}
	scrub_archive_input_release(&in);
	scrub_scanner_free(sc);
}

/* For the person looking at a failure: what each way gave. */
static void
show(const char *how, const struct outcome *o)
{
	size_t i;

	fprintf(stderr, "%s: status %d, %llu bad, output %zu bytes:\n", how,
	    o->status, (unsigned long long)o->bad, o->out.len);
	for (i = 0; i < o->out.len; i++) {
		unsigned char c = (unsigned char)o->out.ptr[i];

		if (c >= 32 && c < 127 && c != '\\')
			fputc(c, stderr);
		else
			fprintf(stderr, "\\%03o", c);
	}
	fprintf(stderr, "\nmessages:\n%.*s", (int)o->diag.len, o->diag.ptr);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const field_sets[4][3] = {
		{NULL},
		{"body", NULL},
		{"title", "body", NULL},
		{"comments.*.body", "5", NULL},
	};
	static const char *const authors[] = {"user.display_name"};
	struct scrub_archive_opts ao;
	struct scrub_archive *ar;
	struct outcome whole, blocks;
	char msg[1200], *doc;
	unsigned flags, seed;
	size_t n;

	if (!rules) {
		struct scrub_loader *ld = scrub_loader_new();
		struct scrub_error err;

		if (scrub_loader_add_defaults(ld, &err) < 0 ||
		    scrub_loader_finish(ld, &rules, &err) < 0)
			die(err.message);
		scrub_loader_free(ld);
	}
	if (size < 2)
		return 0;
	flags = data[0];
	seed = data[1];
	data += 2;
	size -= 2;

	memset(&ao, 0, sizeof(ao));
	ao.format = (flags & 1) ? SCRUB_FORMAT_CSV : SCRUB_FORMAT_JSONL;
	ao.fields = (const char **)field_sets[(flags >> 1) & 3];
	for (n = 0; ao.fields[n]; n++)
		;
	ao.nfields = n;
	if (!n)
		ao.fields = NULL;
	if (flags & 0x08) {
		ao.authors = (const char **)authors;
		ao.nauthors = 1;
	}
	ao.skip_bad = (flags & 0x10) != 0;
	ao.no_header = (flags & 0x20) != 0;
	ao.max_record = (flags & 0x40) ? 4096 : 0;
	if (scrub_archive_new(&ao, &ar, msg, sizeof(msg)) < 0)
		die("scrub_archive_new refused fixed options");

	/* NUL-terminated, as the command's blocks are. */
	if (!(doc = malloc(size + 1)))
		die("out of memory");
	memcpy(doc, data, size);
	doc[size] = '\0';
	run(ar, doc, size, seed, 0, &whole);
	/* Known, reported to the archive's author: the columns of a CSV
	 * (header, or first record with --no-header) preceded by blank lines
	 * are found only when the first block holds that record (a first
	 * block of blank lines gives 0 columns, and every record after it is
	 * bad).  Blocks are compared only where that cannot happen. */
	if (ao.format == SCRUB_FORMAT_CSV && size &&
	    (doc[0] == '\n' || doc[0] == '\r'))
		run(ar, doc, size, seed, 0, &blocks);
	else
		run(ar, doc, size, seed, 1, &blocks);
	free(doc);
	if (whole.status != blocks.status ||
	    (whole.status == 0 && (whole.bad != blocks.bad ||
	    whole.out.len != blocks.out.len ||
	    memcmp(whole.out.ptr, blocks.out.ptr, whole.out.len) != 0)) ||
	    whole.diag.len != blocks.diag.len ||
	    memcmp(whole.diag.ptr, blocks.diag.ptr, whole.diag.len) != 0) {
		show("whole", &whole);
		show("blocks", &blocks);
	}
	if (whole.status != blocks.status)
		die("the status depends on the blocks");
	if (whole.status == 0 && (whole.bad != blocks.bad ||
	    whole.out.len != blocks.out.len ||
	    memcmp(whole.out.ptr, blocks.out.ptr, whole.out.len) != 0))
		die("the output depends on the blocks");
	if (whole.diag.len != blocks.diag.len ||
	    memcmp(whole.diag.ptr, blocks.diag.ptr, whole.diag.len) != 0)
		die("the messages depend on the blocks");
	scrub_buf_release(&whole.out);
	scrub_buf_release(&whole.diag);
	scrub_buf_release(&blocks.out);
	scrub_buf_release(&blocks.diag);
	scrub_archive_free(ar);
	return 0;
}
