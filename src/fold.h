/*
 * fold.h: the folded form of words and phrases, used for every lexicon
 * lookup, so that "Derek", "DEREK", "derek", "José"/"Jose" (NFC or NFD),
 * "J\u200Bohn" and "Jоhn" (Cyrillic o) all look the same.
 *
 * Folding: Unicode compatibility decomposition, case folding, combining
 * marks stripped, default-ignorable code points (zero-width spaces and
 * joiners, soft hyphens) dropped, a small table of Cyrillic and Greek
 * letters that look like Latin ones mapped to them, typographic apostrophes
 * to "'", and for phrases every run of characters other than letters,
 * digits, "'" and "-" collapsed to one space.  Invalid UTF-8 never folds.
 */
#ifndef SCRUB_FOLD_H
#define SCRUB_FOLD_H

#include <stddef.h>
#include <stdint.h>

#define SCRUB_FOLD_MAX 256 /* longest folded form, in bytes */

/* Folds the word or phrase S (LEN bytes) into OUT (CAP bytes, NUL added).
 * Returns the folded length, or -1 when S is invalid UTF-8, folds to
 * nothing, or does not fit. */
int scrub_fold(const char *s, size_t len, char *out, size_t cap);

/* Decodes one code point at S (at most LEN bytes) into *CP; returns its
 * length in bytes, or -1 (and *CP = -1) for an invalid sequence. */
int scrub_utf8_decode(const unsigned char *s, size_t len, int32_t *cp);

/* Whether CP reads as part of a word: a letter, a combining mark, a digit
 * or a default-ignorable code point inside a word. */
int scrub_is_word_cp(int32_t cp);
int scrub_is_letter_cp(int32_t cp);
int scrub_is_upper_cp(int32_t cp);
int scrub_is_lower_cp(int32_t cp);
/* Default-ignorable format characters (zero-width space, joiners, ...). */
int scrub_is_ignorable_cp(int32_t cp);

#endif
