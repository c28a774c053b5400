/*
 * phiscrub.h: the public interface of libphiscrub, the engine that finds and
 * replaces protected health information (PHI) in patient-written text.
 *
 * The model (see man/libphiscrub.3):
 *   1. Build an immutable rule set once: scrub_loader_new(), add the default
 *      pattern sets and/or files and YAML strings, scrub_loader_finish().
 *      A finished rule set is read-only and may be shared by any number of
 *      threads.
 *   2. Give each thread its own scanner: scrub_scanner_new(rules, &opts).
 *      A scanner is not thread-safe; it holds the per-document state
 *      (numbering, names already seen, date offset).
 *   3. Feed text in chunks of any size with scrub_scanner_feed() and end each
 *      document with scrub_scanner_finish().  The output (through the
 *      output callback) and the findings (through the finding callback) do
 *      not depend on how the text was cut into chunks, except in
 *      line-buffered mode, where each line is scanned as soon as it ends.
 *
 * Every function that can fail returns 0 on success and a negative
 * SCRUB_E* code on failure, and fills a struct scrub_error, which carries a
 * message that never contains the scanned text; ERR may be NULL when the
 * caller does not want the message.  The library never exits, never prints
 * and has no global mutable state.  The one exception is running out of
 * memory, where it writes one line, "phiscrub: out of memory (N bytes)",
 * to stderr and calls abort(3), as cmark and jq do (alloc.c), and
 * libsodium failing to start in scrub_loader_new(), where it aborts too:
 * no function ever returns NULL for lack of memory.
 *
 * Threads: functions on different objects may run concurrently.  A loader
 * and a scanner each belong to one thread at a time.  A finished rule set
 * is never modified: any number of threads may scan with it and query it at
 * once, and it is freed only after every scanner using it.  Functions
 * without an object argument (names, scrub_scan_opts_init(), scrub_text()
 * with a shared rule set) are safe to call from any thread.
 *
 * Every function declared here is exported by libphiscrub.so and listed in
 * src/libphiscrub.map: a new function must be added there too.
 */
#ifndef PHISCRUB_H
#define PHISCRUB_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SCRUB_VERSION "0.1.0"

/* Error codes returned by library functions (negated: -SCRUB_E_IO). */
enum scrub_errcode {
	SCRUB_OK = 0,
	SCRUB_E_USAGE = 1,   /* a bad argument or option */
	SCRUB_E_CONFIG = 2,  /* a pattern set is invalid */
	SCRUB_E_IO = 3,      /* reading or writing failed */
	SCRUB_E_LIMIT = 4,   /* a pattern hit its match limit: fail closed */
	SCRUB_E_OUTPUT = 5,  /* the output callback refused the bytes */
	SCRUB_E_KEY = 6      /* a keyed operator has no usable key */
};

/* A failure, as a message without PHI and, for pattern sets, a place. */
struct scrub_error {
	int code;             /* one of enum scrub_errcode */
	char file[512];       /* pattern-set file, or "" */
	unsigned long line;   /* 1-based; 0 when it does not apply */
	unsigned long column; /* 1-based; 0 when it does not apply */
	char message[1024];   /* "file:line:column: problem" or "problem" */
};

/* PHI categories.  Their names ("NAME", ...) are those of the YAML format. */
enum scrub_category {
	SCRUB_CAT_NAME,
	SCRUB_CAT_DATE,
	SCRUB_CAT_AGE,
	SCRUB_CAT_LOCATION,
	SCRUB_CAT_PHONE,
	SCRUB_CAT_EMAIL,
	SCRUB_CAT_URL,
	SCRUB_CAT_HANDLE,
	SCRUB_CAT_ID,
	SCRUB_CAT_COUNT
};

/* "NAME" for SCRUB_CAT_NAME; NULL when out of range.  Static storage:
 * the caller must not free it.  Thread-safe. */
const char *scrub_category_name(int category);
/* The category named NAME (case-insensitive), or -1.  Thread-safe. */
int scrub_category_from_name(const char *name);

/* ---- Rule sets ------------------------------------------------------- */

struct scrub_loader;   /* collects pattern sets; single-threaded */
struct scrub_ruleset;  /* immutable once built; shareable across threads */

/* A new, empty loader.  Never NULL (aborts on out-of-memory).  The caller
 * owns it and releases it with scrub_loader_free(), which accepts NULL and
 * also frees whatever was added but not finished.  If an add function
 * fails, what the loader holds is unspecified: free it and start again. */
struct scrub_loader *scrub_loader_new(void);
void scrub_loader_free(struct scrub_loader *loader);

/* Allow `include:` to name files outside the including file's directory
 * (off by default; see phiscrub-patterns(5), "Includes"). */
void scrub_loader_allow_outside_includes(struct scrub_loader *loader, int allow);

/* Adds the default pattern sets compiled into the library. */
int scrub_loader_add_defaults(struct scrub_loader *loader, struct scrub_error *err);

/* Adds a pattern-set file, or every *.yaml / *.yml file of a directory in
 * name order.  PATH is copied. */
int scrub_loader_add_path(struct scrub_loader *loader, const char *path,
    struct scrub_error *err);

/* Adds a pattern set given as a YAML string of LEN bytes.  NAME is used in
 * messages, and includes resolve against the current directory.  Both are
 * copied. */
int scrub_loader_add_string(struct scrub_loader *loader, const char *name,
    const char *yaml, size_t len, struct scrub_error *err);

/* Sets an option as the YAML `options:` map would ("aggressive",
 * "redact_years", "redact_states"), after every set added so far. */
int scrub_loader_set_option(struct scrub_loader *loader, const char *option,
    int value, struct scrub_error *err);

/* Compiles everything added into *OUT.  On success the caller owns *OUT and
 * frees it with scrub_ruleset_free() once no scanner uses it.  The loader
 * may be freed afterwards either way, and is good for nothing else: call
 * this once per loader. */
int scrub_loader_finish(struct scrub_loader *loader,
    struct scrub_ruleset **out, struct scrub_error *err);

/* Frees RULES (NULL is allowed).  No scanner may use it any more. */
void scrub_ruleset_free(struct scrub_ruleset *rules);

/* Information about rule I (0 <= I < scrub_ruleset_count()), for
 * listings.  The strings belong to the rule set and live as long as it.
 * scrub_ruleset_info() returns 0, or -SCRUB_E_USAGE when I is out of
 * range.  Both only read the rule set (thread-safe). */
struct scrub_rule_info {
	const char *id;
	const char *kind;    /* "pattern", or the word list's kind ("given") */
	int category;        /* enum scrub_category, or -1 for non-PHI lists */
	const char *file;    /* pattern-set file, "<builtin>/x.yaml" for defaults */
	unsigned long line;
};
size_t scrub_ruleset_count(const struct scrub_ruleset *rules);
int scrub_ruleset_info(const struct scrub_ruleset *rules, size_t i,
    struct scrub_rule_info *info);

/* A digest (hex, 64 characters + NUL) of everything that was loaded, so a
 * run can be reproduced and audited.  Belongs to the rule set. */
const char *scrub_ruleset_digest(const struct scrub_ruleset *rules);

/* ---- Scanning -------------------------------------------------------- */

/* One thing found.  Offsets are bytes from the start of the document. */
struct scrub_finding {
	uint64_t start, end;     /* byte offsets, END exclusive */
	uint64_t line;           /* 1-based line of START in the document */
	uint64_t column;         /* 1-based byte column of START */
	int category;            /* enum scrub_category */
	const char *rule_id;     /* belongs to the rule set */
	double score;            /* 0..1, how sure the rule is */
	const char *text;        /* the matched bytes (NOT NUL-terminated) ... */
	size_t text_len;         /* ... valid only during the callback */
	const char *replacement; /* what replaced it; valid during the callback */
	size_t replacement_len;
};

/* Receives output bytes; returns 0, or -1 to stop the scan (the scanner
 * then returns -SCRUB_E_OUTPUT and writes nothing more).  BYTES belong to
 * the scanner and are valid only during the call.  The callbacks run in the
 * thread that called feed/finish/end_part and must not call back into the
 * same scanner. */
typedef int (*scrub_output_fn)(void *user, const char *bytes, size_t len);
/* Receives each finding in document order, those of a unit before the
 * unit's output; returns 0, or -1 to stop (-SCRUB_E_OUTPUT, as above).
 * F and everything it points to belong to the scanner. */
typedef int (*scrub_finding_fn)(void *user, const struct scrub_finding *f);

/* Replacement operators (see phiscrub-patterns(5)). */
enum scrub_operator {
	SCRUB_OP_DEFAULT = -1, /* what the rule set says */
	SCRUB_OP_TAG = 0,
	SCRUB_OP_NUMBERED,
	SCRUB_OP_MASK,
	SCRUB_OP_PSEUDONYM,
	SCRUB_OP_SURROGATE,
	SCRUB_OP_SHIFT,
	SCRUB_OP_GENERALIZE,
	SCRUB_OP_KEEP,         /* find, report, but leave the text as it is */
	SCRUB_OP_COUNT
};
/* "tag" -> SCRUB_OP_TAG, or -1; SCRUB_OP_TAG -> "tag" (static storage),
 * or NULL when out of range.  Thread-safe. */
int scrub_operator_from_name(const char *name);
const char *scrub_operator_name(int op);

struct scrub_scan_opts {
	int line_buffered;          /* scan each line as soon as it ends */
	int operators[SCRUB_CAT_COUNT]; /* SCRUB_OP_DEFAULT keeps the set's */
	const unsigned char *key;   /* secret for pseudonym/surrogate/shift */
	size_t key_len;             /* 0: no key */
	size_t max_unit;            /* bytes scanned at once; 0: default */
	scrub_output_fn output;     /* NULL: no text output (check mode) */
	scrub_finding_fn on_finding;/* NULL: no findings */
	void *user;                 /* passed to both callbacks */
};

/* Sets every field of OPTS to its default (operators SCRUB_OP_DEFAULT,
 * everything else 0 or NULL).  Call it before setting fields, so that a
 * field added in a later version gets its default. */
void scrub_scan_opts_init(struct scrub_scan_opts *opts);

struct scrub_scanner;

/* A scanner over RULES, which must outlive it.  OPTS is copied (the key
 * bytes too; OPTS NULL means the defaults).  Returns NULL and fills ERR
 * when the options are unusable (e.g. a keyed operator without a key).
 * The caller owns the scanner and frees it with scrub_scanner_free()
 * (NULL is allowed).  One scanner belongs to one thread at a time; give
 * each thread its own, over the same RULES. */
struct scrub_scanner *scrub_scanner_new(const struct scrub_ruleset *rules,
    const struct scrub_scan_opts *opts, struct scrub_error *err);
void scrub_scanner_free(struct scrub_scanner *sc);

/* Sets the identifier of the next document (used by keyed date shifting:
 * the same key and document id give the same offset).  Copied.  Call it
 * before the document's first feed; scrub_scanner_finish() clears it. */
void scrub_scanner_set_document_id(struct scrub_scanner *sc, const char *id);

/* Feeds LEN bytes of the current document (copied as needed: BYTES may be
 * reused on return).  Complete units are scanned, and leave through the
 * callbacks, during the call.  When feed, finish or end_part fails, the
 * scanner is spent: later calls write nothing and return -SCRUB_E_USAGE;
 * free it.  -SCRUB_E_LIMIT means a pattern hit its match limit and nothing
 * from that unit on was written (fail closed). */
int scrub_scanner_feed(struct scrub_scanner *sc, const char *bytes,
    size_t len, struct scrub_error *err);

/* Scans what is left, ends the document and resets the per-document state.
 * The scanner can then take the next document. */
int scrub_scanner_finish(struct scrub_scanner *sc, struct scrub_error *err);

/* Scans and writes what was fed so far, as scrub_scanner_finish() does,
 * but keeps the per-document state (numbering, names seen and added,
 * document id): what is fed next is a new part of the same document (e.g.
 * the next field of one archive record), and no match crosses between
 * parts.  Finding offsets and lines go on counting across parts. */
int scrub_scanner_end_part(struct scrub_scanner *sc, struct scrub_error *err);

/* Adds a value (e.g. an author's handle or display name, 1 to 256 bytes)
 * that is redacted as NAME wherever it occurs in the current document: as
 * it stands (ASCII letters in any case) when not inside a longer word, and
 * each of its words like a name found in the text.  Returns 0, or
 * -SCRUB_E_USAGE for an empty or longer value. */
int scrub_scanner_add_name(struct scrub_scanner *sc, const char *name,
    size_t len);

/* Counts over the scanner's life, copied into *OUT. */
struct scrub_stats {
	uint64_t bytes_in, bytes_out, documents;
	uint64_t findings[SCRUB_CAT_COUNT];
};
void scrub_scanner_stats(const struct scrub_scanner *sc,
    struct scrub_stats *out);

/* Convenience: scrubs one whole document in memory with a scanner of its
 * own (so it may be called from many threads over one RULES).  OPTS (NULL:
 * the defaults) is used without its output, on_finding and user fields.
 * On success *OUT is a NUL-terminated string the caller frees with free(),
 * *OUT_LEN its length; on failure *OUT is left alone. */
int scrub_text(const struct scrub_ruleset *rules,
    const struct scrub_scan_opts *opts, const char *text, size_t len,
    char **out, size_t *out_len, struct scrub_error *err);

#ifdef __cplusplus
}
#endif

#endif /* PHISCRUB_H */
