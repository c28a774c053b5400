/*
 * replace.h: turning a found span into its replacement, by the operator
 * chosen for its category (tag, numbered, mask, pseudonym, surrogate, shift,
 * generalize, keep; see phiscrub-patterns(5)).
 *
 * A replacer belongs to one scanner and holds the per-document state
 * (numbering, date offset), which scrub_replacer_reset() clears between
 * documents.  It reads the rule set and never writes it.
 */
#ifndef SCRUB_REPLACE_H
#define SCRUB_REPLACE_H

#include <stddef.h>

#include "buf.h"
#include "phiscrub.h"

struct scrub_ruleset;
struct scrub_replacer;

/* A replacer for RULES with the operators and key of OPTS (copied).
 * Returns NULL with ERR set (SCRUB_E_KEY) when `pseudonym` is in force and
 * OPTS has no key, or the key is shorter than 16 bytes; (SCRUB_E_USAGE)
 * when `shift` or `surrogate` is in force for DATE and the shift range
 * holds only 0.  (`shift` for another category writes its tag.)  The caller frees it with scrub_replacer_free(). */
struct scrub_replacer *scrub_replacer_new(const struct scrub_ruleset *rules,
    const struct scrub_scan_opts *opts, struct scrub_error *err);
void scrub_replacer_free(struct scrub_replacer *r);

/* Starts a new document called DOC_ID (may be NULL, read as ""): clears
 * the numbering and the surrogates given, draws the document's date offset
 * (from the key and DOC_ID, or at random) and, without a key, a new random
 * key for the document's surrogates.  DOC_ID is copied. */
void scrub_replacer_reset(struct scrub_replacer *r, const char *doc_id);

/* Appends to OUT the replacement of TEXT (LEN bytes) found as CATEGORY. */
void scrub_replacer_apply(struct scrub_replacer *r, int category,
    const char *text, size_t len, struct scrub_buf *out);

/* The operator in force for CATEGORY. */
int scrub_replacer_operator(const struct scrub_replacer *r, int category);

/* The number of days dates of the current document move by (0 when no
 * date operator shifts). */
int scrub_replacer_shift_days(const struct scrub_replacer *r);

#endif
