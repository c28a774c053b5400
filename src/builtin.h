/*
 * builtin.h: the default pattern sets and lexicons compiled into the binary
 * (generated at build time by tools/embed and tools/mklex; see Makefile).
 */
#ifndef SCRUB_BUILTIN_H
#define SCRUB_BUILTIN_H

#include <stddef.h>

struct scrub_builtin_file {
	const char *name;   /* "contact.yaml" */
	const char *text;
	size_t len;
};

extern const struct scrub_builtin_file scrub_builtin_files[];
extern const size_t scrub_builtin_nfiles;

/* The lexicon blob (see lexicon.h), 8-byte aligned. */
extern const unsigned char scrub_builtin_lexicon[];
extern const unsigned char scrub_builtin_lexicon_end[];

#endif
