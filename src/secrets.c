/*
 * secrets.c: the key file and the mapping file of the phiscrub command
 * (see secrets.h).
 *
 * The mapping file is JSON Lines, one object per finding, in document
 * order:
 *   {"document":"post.txt","category":"NAME","original":"Derek",
 *    "replacement":"[NAME-7f3a9c]"}
 * Strings are UTF-8; a byte that is not part of valid UTF-8 is written as
 * U+FFFD, control characters as \u00XX.
 */
#include "secrets.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "buf.h"
#include "fold.h"

#define MAX_KEY_FILE 4096

enum { ST_USAGE = 2, ST_IO = 3 };

static void
say(const char *path, const char *problem, const char *detail)
{
	fprintf(stderr, "phiscrub: %s: %s%s%s\n", path, problem,
	    detail ? ": " : "", detail ? detail : "");
}

int
scrub_key_read(const char *path, unsigned char **key, size_t *len)
{
	unsigned char *buf = NULL;
	struct stat st;
	size_t n = 0;
	int fd;

	*key = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		say(path, "cannot open the key file", strerror(errno));
		return ST_USAGE;
	}
	if (fstat(fd, &st) < 0) {
		say(path, "cannot read the key file", strerror(errno));
		close(fd);
		return ST_IO;
	}
	if (!S_ISREG(st.st_mode)) {
		say(path, "the key file is not a regular file", NULL);
		close(fd);
		return ST_USAGE;
	}
	if (st.st_mode & 077) {
		char mode[64];

		snprintf(mode, sizeof(mode), "mode %04o; run chmod 600 on it",
		    (unsigned)(st.st_mode & 07777));
		say(path, "the key file may be read or written by group or others",
		    mode);
		close(fd);
		return ST_USAGE;
	}
	buf = sodium_malloc(MAX_KEY_FILE + 1);
	if (!buf) {
		say(path, "out of memory", NULL);
		close(fd);
		return ST_IO;
	}
	for (;;) {
		ssize_t r = read(fd, buf + n, MAX_KEY_FILE + 1 - n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			say(path, "cannot read the key file", strerror(errno));
			sodium_free(buf);
			close(fd);
			return ST_IO;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > MAX_KEY_FILE) {
			say(path, "the key file is longer than 4096 bytes", NULL);
			sodium_free(buf);
			close(fd);
			return ST_USAGE;
		}
	}
	close(fd);
	if (n && buf[n - 1] == '\n')
		n--;
	if (n && buf[n - 1] == '\r')
		n--;
	if (!n) {
		say(path, "the key file is empty", NULL);
		sodium_free(buf);
		return ST_USAGE;
	}
	*key = buf;
	*len = n;
	return 0;
}

void
scrub_key_free(unsigned char *key, size_t len)
{
	(void)len;
	if (key)
		sodium_free(key);   /* zeroes it */
}

/* ---- Mapping file ------------------------------------------------------ */

struct scrub_map {
	FILE *fp;
	char *path;
	char *document;
	struct scrub_buf line;
	int force;
	int failed;
	/* The callbacks the map stands in front of. */
	scrub_output_fn output;
	scrub_finding_fn on_finding;
	void *user;
};

struct scrub_map *
scrub_map_new(const char *path, int force)
{
	struct scrub_map *m = calloc(1, sizeof(*m));

	if (!m || !(m->path = strdup(path))) {
		fputs("phiscrub: out of memory\n", stderr);
		abort();
	}
	m->force = force;
	scrub_buf_init(&m->line);
	return m;
}

int
scrub_map_create(struct scrub_map *m)
{
	int fd;

	if (m->force && unlink(m->path) < 0 && errno != ENOENT) {
		say(m->path, "cannot replace the map file", strerror(errno));
		return ST_IO;
	}
	fd = open(m->path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	    0600);
	if (fd < 0) {
		if (errno == EEXIST) {
			say(m->path, "the map file exists (use --force to replace it)",
			    NULL);
			return ST_USAGE;
		}
		say(m->path, "cannot create the map file", strerror(errno));
		return ST_IO;
	}
	if (!(m->fp = fdopen(fd, "w"))) {
		say(m->path, "cannot open the map file", strerror(errno));
		close(fd);
		return ST_IO;
	}
	return 0;
}

static int
map_output(void *user, const char *bytes, size_t len)
{
	struct scrub_map *m = user;

	return m->output ? m->output(m->user, bytes, len) : 0;
}

/* Appends S (LEN bytes) to B as the contents of a JSON string. */
static void
add_json_string(struct scrub_buf *b, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		int32_t cp;
		int k;

		if (c == '"' || c == '\\') {
			scrub_buf_addch(b, '\\');
			scrub_buf_addch(b, (char)c);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			scrub_buf_addf(b, "\\u%04x", c);
			i++;
		} else if (c < 0x80) {
			scrub_buf_addch(b, (char)c);
			i++;
		} else if ((k = scrub_utf8_decode((const unsigned char *)s + i,
		    len - i, &cp)) > 0) {
			scrub_buf_add(b, s + i, (size_t)k);
			i += (size_t)k;
		} else {
			scrub_buf_addstr(b, "\xEF\xBF\xBD");   /* U+FFFD */
			i++;
		}
	}
}

static int
map_finding(void *user, const struct scrub_finding *f)
{
	struct scrub_map *m = user;
	const char *doc = m->document ? m->document : "";

	scrub_buf_clear(&m->line);
	scrub_buf_addstr(&m->line, "{\"document\":\"");
	add_json_string(&m->line, doc, strlen(doc));
	scrub_buf_addf(&m->line, "\",\"category\":\"%s\",\"original\":\"",
	    scrub_category_name(f->category));
	add_json_string(&m->line, f->text, f->text_len);
	scrub_buf_addstr(&m->line, "\",\"replacement\":\"");
	add_json_string(&m->line, f->replacement, f->replacement_len);
	scrub_buf_addstr(&m->line, "\"}\n");
	if (!m->fp || fwrite(m->line.ptr, 1, m->line.len, m->fp) !=
	    m->line.len) {
		if (!m->failed)
			say(m->path, "write error", strerror(errno));
		m->failed = 1;
		return -1;
	}
	return m->on_finding ? m->on_finding(m->user, f) : 0;
}

void
scrub_map_scan_opts(struct scrub_map *m, struct scrub_scan_opts *scan)
{
	m->output = scan->output;
	m->on_finding = scan->on_finding;
	m->user = scan->user;
	/* Without an output callback the scanner writes nothing; keep it so. */
	scan->output = scan->output ? map_output : NULL;
	scan->on_finding = map_finding;
	scan->user = m;
}

void
scrub_map_document(struct scrub_map *m, const char *document)
{
	char *copy = strdup(document ? document : "");

	if (!copy) {
		fputs("phiscrub: out of memory\n", stderr);
		abort();
	}
	free(m->document);
	m->document = copy;
}

int
scrub_map_failed(const struct scrub_map *m)
{
	return m && m->failed;
}

int
scrub_map_close(struct scrub_map *m)
{
	int status = 0;

	if (!m)
		return 0;
	if (m->fp && (fflush(m->fp) != 0 || ferror(m->fp)) && !m->failed) {
		say(m->path, "write error", strerror(errno));
		status = ST_IO;
	}
	if (m->fp && fclose(m->fp) != 0 && !status && !m->failed) {
		say(m->path, "write error", strerror(errno));
		status = ST_IO;
	}
	if (m->failed)
		status = ST_IO;
	scrub_buf_release(&m->line);
	free(m->document);
	free(m->path);
	free(m);
	return status;
}
