/*
 * tree.c: walking the inputs, and writing files atomically (see tree.h).
 *
 * A file written with -o or --in-place first goes to a temporary file
 * beside it (".NAME.phiscrub-XXXXXX", mode 0600 while it is written), which
 * is renamed over the destination only once every byte is written (and,
 * with --in-place, synced), so a full disk, an error or a signal never
 * leaves a half-written or lost file.  SIGKILL or a crash can leave the
 * temporary file behind, never a damaged original.
 */
#include "tree.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"

/* The temporary file open now, for the signal handler: the one piece of
 * process-wide state, which a handler cannot do without.  Changed only with
 * the signals blocked. */
static char tmp_path[4200];
static volatile sig_atomic_t tmp_active;

static void
warn(const char *path, const char *problem)
{
	fprintf(stderr, "phiscrub: %s: %s\n", path, problem);
}

/* ---- Collecting the inputs -------------------------------------------- */

struct list {
	struct scrub_input *v;
	size_t n, cap;
};

static struct scrub_input *
push(struct list *l)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->v = scrub_xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

static char *
join(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = scrub_xmalloc(la + lb + 2);

	memcpy(s, a, la);
	if (la && a[la - 1] != '/')
		s[la++] = '/';
	memcpy(s + la, b, lb + 1);
	return s;
}

static void
add_file(struct list *l, const struct scrub_tree_opts *o, const char *path,
    const char *rel, const struct stat *st, int check_binary)
{
	struct scrub_input *in = push(l);

	in->path = scrub_xstrdup(path);
	in->name = scrub_xstrdup(path);
	in->check_binary = check_binary;
	if (st) {
		in->regular = S_ISREG(st->st_mode);
		in->size = in->regular ? (uint64_t)st->st_size : 0;
		in->mode = st->st_mode & 07777;
		in->uid = st->st_uid;
		in->gid = st->st_gid;
	} else {
		in->mode = 0644;
	}
	if (o->in_place)
		in->dest = scrub_xstrdup(path);
	else if (o->outdir)
		in->dest = join(o->outdir, rel);
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* Adds the regular files under DIR (REL: its path below the operand). */
static int
walk(struct list *l, const struct scrub_tree_opts *o, const char *dir,
    const char *rel)
{
	struct dirent **ents;
	int n, i, status = 0;

	if ((n = scandir(dir, &ents, NULL, by_name)) < 0) {
		warn(dir, strerror(errno));
		return 3;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char *path, *sub;
		struct stat st;

		if (!strcmp(name, ".") || !strcmp(name, "..")) {
			free(ents[i]);
			continue;
		}
		path = join(dir, name);
		sub = *rel ? join(rel, name) : scrub_xstrdup(name);
		if (lstat(path, &st) < 0) {
			warn(path, strerror(errno));
			status = 3;
		} else if (S_ISLNK(st.st_mode)) {
			warn(path, "symbolic link not followed");
		} else if (S_ISDIR(st.st_mode)) {
			int s = walk(l, o, path, sub);

			if (s)
				status = s;
		} else if (S_ISREG(st.st_mode)) {
			add_file(l, o, path, sub, &st, 1);
		} else {
			warn(path, "not a regular file, skipped");
		}
		free(path);
		free(sub);
		free(ents[i]);
	}
	free(ents);
	return status;
}

static int
by_dest(const void *a, const void *b)
{
	const struct scrub_input *x = *(const struct scrub_input *const *)a;
	const struct scrub_input *y = *(const struct scrub_input *const *)b;

	return strcmp(x->dest, y->dest);
}

/* -o: no two inputs may go to one file, and none over its own input. */
static int
check_dests(const struct list *l)
{
	const struct scrub_input **v;
	size_t i;
	int status = 0;

	v = scrub_xcalloc(l->n + 1, sizeof(*v));
	for (i = 0; i < l->n; i++)
		v[i] = &l->v[i];
	qsort(v, l->n, sizeof(*v), by_dest);
	for (i = 0; i < l->n; i++) {
		struct stat a, b;

		if (i > 0 && !strcmp(v[i - 1]->dest, v[i]->dest)) {
			fprintf(stderr, "phiscrub: %s and %s would both be written to %s\n",
			    v[i - 1]->name, v[i]->name, v[i]->dest);
			status = 2;
		}
		if (v[i]->path && stat(v[i]->path, &a) == 0 &&
		    stat(v[i]->dest, &b) == 0 && a.st_dev == b.st_dev &&
		    a.st_ino == b.st_ino) {
			fprintf(stderr, "phiscrub: %s: -o would write over the input "
			    "(use --in-place)\n", v[i]->name);
			status = 2;
		}
	}
	free(v);
	return status;
}

int
scrub_tree_collect(const struct scrub_tree_opts *o,
    const char *const *operands, size_t n, struct scrub_input **out,
    size_t *n_out)
{
	struct list l = { NULL, 0, 0 };
	size_t i;
	int status = 0;
	int check_binary = o->recursive || o->outdir || o->in_place;

	*out = NULL;
	*n_out = 0;
	for (i = 0; i < (n ? n : 1); i++) {
		const char *op = n ? operands[i] : "-";
		struct stat st;

		if (!strcmp(op, "-")) {
			struct scrub_input *in;

			if (o->outdir || o->in_place) {
				fprintf(stderr, "phiscrub: standard input cannot be written "
				    "with %s\n", o->in_place ? "--in-place" : "-o");
				status = 2;
				continue;
			}
			in = push(&l);
			in->name = scrub_xstrdup("(standard input)");
			continue;
		}
		if (stat(op, &st) < 0) {
			/* Listed all the same: opening it reports the error in turn. */
			const char *base = strrchr(op, '/');

			add_file(&l, o, op, base ? base + 1 : op, NULL, check_binary);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			if (!o->recursive) {
				add_file(&l, o, op, op, &st, 0);
				l.v[l.n - 1].error = "is a directory (-r walks it)";
				continue;
			}
			{
				int s = walk(&l, o, op, "");

				if (s && !status)
					status = s;
			}
			continue;
		}
		{
			/* A named file goes to OUTDIR/its base name. */
			const char *base = strrchr(op, '/');

			add_file(&l, o, op, base ? base + 1 : op, &st, check_binary);
		}
	}
	if (o->outdir && status != 2 && check_dests(&l))
		status = 2;
	if (status == 2) {
		scrub_tree_free(l.v, l.n);
		return status;
	}
	*out = l.v;
	*n_out = l.n;
	return status;
}

void
scrub_tree_free(struct scrub_input *inputs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(inputs[i].path);
		free(inputs[i].name);
		free(inputs[i].dest);
	}
	free(inputs);
}

/* ---- Atomic writes ---------------------------------------------------- */

static void
on_signal(int sig)
{
	int saved = errno;

	if (tmp_active)
		unlink(tmp_path);
	errno = saved;
	/* SA_RESETHAND restored the default action: the signal, blocked while
	 * this runs, ends the process once it returns. */
	raise(sig);
}

void
scrub_dest_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		struct sigaction old;

		/* Keep a signal ignored if it was (nohup). */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static void
block_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

static void
restore_signals(const sigset_t *old)
{
	pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Creates the directories above PATH (mkdir -p of its dirname). */
static int
make_parents(const char *path)
{
	char *p = scrub_xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; (s = strchr(s, '/')); s++) {
		struct stat st;

		*s = '\0';
		if (mkdir(p, 0777) < 0 && errno != EEXIST)
			rc = -1;
		else if (stat(p, &st) < 0 || !S_ISDIR(st.st_mode))
			rc = -1;
		*s = '/';
		if (rc < 0)
			break;
	}
	free(p);
	return rc;
}

int
scrub_dest_open(struct scrub_dest *d, const struct scrub_input *in,
    int sync, char *msg, size_t msgsize)
{
	const char *slash = strrchr(in->dest, '/');
	const char *base = slash ? slash + 1 : in->dest;
	int dirlen = slash ? (int)(slash - in->dest) : 1;
	const char *dir = slash ? in->dest : ".";
	sigset_t old;
	int n;

	d->fd = -1;
	d->sync = sync;
	d->in = in;
	if (slash == in->dest)
		dirlen = 1; /* "/x": the root */
	if (!sync && make_parents(in->dest) < 0) {
		snprintf(msg, msgsize, "%s: cannot create its directory: %s",
		    in->dest, strerror(errno));
		return -1;
	}
	n = snprintf(d->tmp, sizeof(d->tmp), "%.*s/.%.100s.phiscrub-XXXXXX",
	    dirlen, dir, base);
	if (n < 0 || (size_t)n >= sizeof(d->tmp)) {
		snprintf(msg, msgsize, "%s: path too long", in->dest);
		return -1;
	}
	block_signals(&old);
	d->fd = mkostemp(d->tmp, O_CLOEXEC);
	if (d->fd >= 0) {
		memcpy(tmp_path, d->tmp, sizeof(tmp_path));
		tmp_active = 1;
	}
	restore_signals(&old);
	if (d->fd < 0) {
		snprintf(msg, msgsize, "%s: cannot create a temporary file: %s",
		    in->dest, strerror(errno));
		return -1;
	}
	return 0;
}

int
scrub_dest_write(struct scrub_dest *d, const char *bytes, size_t len,
    char *msg, size_t msgsize)
{
	while (len) {
		ssize_t n = write(d->fd, bytes, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			snprintf(msg, msgsize, "%s: write error: %s", d->in->dest,
			    strerror(errno));
			return -1;
		}
		bytes += n;
		len -= (size_t)n;
	}
	return 0;
}

void
scrub_dest_abort(struct scrub_dest *d)
{
	sigset_t old;

	if (d->fd < 0)
		return;
	block_signals(&old);
	close(d->fd);
	unlink(d->tmp);
	tmp_active = 0;
	restore_signals(&old);
	d->fd = -1;
}

int
scrub_dest_commit(struct scrub_dest *d, char *msg, size_t msgsize)
{
	const struct scrub_input *in = d->in;
	sigset_t old;
	int fd = d->fd;

	/* The owner first: fchown() clears set-user-ID bits.  Giving a file
	 * away needs privilege; without it the file is the caller's, as with
	 * sed -i. */
	if (d->sync && in->regular && (in->uid != geteuid() ||
	    in->gid != getegid()) && fchown(fd, in->uid, in->gid) < 0 &&
	    errno != EPERM) {
		snprintf(msg, msgsize, "%s: cannot set the owner: %s", in->dest,
		    strerror(errno));
		goto fail;
	}
	if (fchmod(fd, in->mode) < 0) {
		snprintf(msg, msgsize, "%s: cannot set the mode: %s", in->dest,
		    strerror(errno));
		goto fail;
	}
	if (d->sync && fsync(fd) < 0) {
		snprintf(msg, msgsize, "%s: write error: %s", in->dest,
		    strerror(errno));
		goto fail;
	}
	d->fd = -1;
	if (close(fd) < 0) {
		snprintf(msg, msgsize, "%s: write error: %s", in->dest,
		    strerror(errno));
		block_signals(&old);
		unlink(d->tmp);
		tmp_active = 0;
		restore_signals(&old);
		return -1;
	}
	block_signals(&old);
	if (rename(d->tmp, in->dest) < 0) {
		int e = errno;

		unlink(d->tmp);
		tmp_active = 0;
		restore_signals(&old);
		snprintf(msg, msgsize, "%s: cannot replace it: %s", in->dest,
		    strerror(e));
		return -1;
	}
	tmp_active = 0;
	restore_signals(&old);
	if (d->sync) {
		/* Make the rename itself durable. */
		char dir[4200];
		const char *slash = strrchr(in->dest, '/');
		int dfd;

		snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - in->dest +
		    (slash == in->dest)) : 1, slash ? in->dest : ".");
		if ((dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
			if (fsync(dfd) < 0 && errno != EINVAL) {
				snprintf(msg, msgsize, "%s: write error: %s", dir,
				    strerror(errno));
				close(dfd);
				return -1;
			}
			close(dfd);
		}
	}
	return 0;
fail:
	scrub_dest_abort(d);
	return -1;
}
