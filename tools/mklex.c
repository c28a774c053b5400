/*
 * mklex: folds the built-in word lists into one lexicon blob (lexicon.h)
 * that the binary embeds, so that start-up does not parse word lists.
 *   mklex OUT.bin NAME=FILE...
 * List I gets bit I, and NAME is how pattern sets refer to it
 * (file: lexicons/NAME.txt).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/buf.h"
#include "../src/lexicon.h"

int
main(int argc, char **argv)
{
	struct scrub_lexicon lex;
	struct scrub_buf blob = SCRUB_BUF_INIT;
	const char *names[SCRUB_LEX_MAX_LISTS];
	char *line = NULL;
	size_t cap = 0;
	FILE *out;
	int i;

	if (argc < 2 || argc - 2 > SCRUB_LEX_MAX_LISTS) {
		fprintf(stderr, "usage: mklex OUT.bin NAME=FILE... (at most 64)\n");
		return 2;
	}
	scrub_lexicon_init(&lex);
	for (i = 2; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		FILE *in;
		ssize_t n;

		if (!eq) {
			fprintf(stderr, "mklex: %s: expected NAME=FILE\n", argv[i]);
			return 2;
		}
		*eq = '\0';
		names[i - 2] = argv[i];
		if (!(in = fopen(eq + 1, "r"))) {
			perror(eq + 1);
			return 1;
		}
		while ((n = getline(&line, &cap, in)) > 0) {
			while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r' ||
			    line[n - 1] == ' '))
				n--;
			if (n == 0 || line[0] == '#')
				continue;
			scrub_lexicon_add_phrase(&lex, line, (size_t)n,
			    (uint64_t)1 << (i - 2));
		}
		if (ferror(in)) {
			perror(eq + 1);
			return 1;
		}
		fclose(in);
	}
	free(line);
	scrub_lexicon_pack(&lex);
	scrub_lexicon_serialize(&lex, names, (uint32_t)(argc - 2), &blob);
	if (!(out = fopen(argv[1], "wb")) ||
	    fwrite(blob.ptr, 1, blob.len, out) != blob.len || fclose(out) != 0) {
		perror(argv[1]);
		return 1;
	}
	fprintf(stderr, "mklex: %u entries, %u phrase flags, %zu bytes\n",
	    lex.count, lex.nflags, blob.len);
	scrub_lexicon_release(&lex);
	scrub_buf_release(&blob);
	return 0;
}
