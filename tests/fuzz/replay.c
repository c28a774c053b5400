/*
 * replay.c: runs a libFuzzer target without libFuzzer, so that make check
 * (built with the ordinary compiler) replays every saved input: the crash
 * regressions under tests/fuzz/regressions/<target>/ and the seed corpus
 * under tests/fuzz/corpus/<target>/ (issue 8).
 *
 * usage: test_<target> [FILE|DIR]...
 * With no argument it replays REPLAY_DIRS (colon-separated, compiled in by
 * the Makefile).  A target reports a broken promise by aborting, so getting
 * to the end is the pass; it prints "N passed, 0 failed" like the unit tests.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

#ifndef REPLAY_DIRS
#define REPLAY_DIRS ""
#endif

static unsigned long replayed;
static int failures;

static void
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL;
	size_t len = 0, cap = 0, n;

	if (!f) {
		perror(path);
		failures++;
		return;
	}
	for (;;) {
		if (len == cap) {
			cap = cap ? cap * 2 : 65536;
			if (!(data = realloc(data, cap))) {
				fputs("replay: out of memory\n", stderr);
				exit(2);
			}
		}
		n = fread(data + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		perror(path);
		failures++;
	} else {
		/* libFuzzer passes a private copy: do the same, so that ASan
		 * catches a read past the end. */
		unsigned char *copy = malloc(len ? len : 1);

		if (!copy) {
			fputs("replay: out of memory\n", stderr);
			exit(2);
		}
		memcpy(copy, data, len);
		LLVMFuzzerTestOneInput(copy, len);
		free(copy);
		replayed++;
	}
	fclose(f);
	free(data);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
replay_path(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;

	if (stat(path, &st) < 0)
		return; /* a target may have no regressions yet */
	if (!S_ISDIR(st.st_mode)) {
		replay_file(path);
		return;
	}
	if (!(d = opendir(path))) {
		perror(path);
		failures++;
		return;
	}
	while ((de = readdir(d))) {
		char *full;

		if (de->d_name[0] == '.' || !strcmp(de->d_name, "README"))
			continue;
		full = malloc(strlen(path) + strlen(de->d_name) + 2);
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!full || !names) {
			fputs("replay: out of memory\n", stderr);
			exit(2);
		}
		sprintf(full, "%s/%s", path, de->d_name);
		names[n++] = full;
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		replay_path(names[i]);
		free(names[i]);
	}
	free(names);
}

/* A path named on the command line must exist. */
static void
replay_file_or_missing(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0) {
		perror(path);
		failures++;
		return;
	}
	replay_path(path);
}

int
main(int argc, char **argv)
{
	char **paths;
	int i, status;

	/* Absolute paths first: a target's initializer may change directory. */
	if (!(paths = calloc((size_t)argc + 1, sizeof(*paths))))
		return 2;
	for (i = 1; i < argc; i++)
		if (!(paths[i] = realpath(argv[i], NULL)) &&
		    !(paths[i] = strdup(argv[i]))) /* reported when opened */
			return 2;
	if (LLVMFuzzerInitialize)
		LLVMFuzzerInitialize(&argc, &argv);
	if (argc > 1) {
		for (i = 1; i < argc; i++)
			replay_file_or_missing(paths[i]);
	} else {
		char *dirs = strdup(REPLAY_DIRS), *dir, *save = NULL;

		if (!dirs)
			return 2;
		for (dir = strtok_r(dirs, ":", &save); dir;
		    dir = strtok_r(NULL, ":", &save))
			replay_path(dir);
		free(dirs);
	}
	printf("%lu passed, %d failed\n", replayed, failures);
	status = failures != 0;
	for (i = 1; i < argc; i++)
		free(paths[i]);
	free(paths);
	return status;
}
