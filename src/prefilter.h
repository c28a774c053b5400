/*
 * prefilter.h: which pattern rules can match in a line, and where their
 * matches can start, found in one pass over the line for all the rules at
 * once (issue #7).
 *
 * At load time each rule's pattern is read (not compiled: read as text)
 * for what every match of it must hold: a byte of a set ("a digit"), one
 * of a few strings ("jan", "feb", ...), the bytes or strings a match can
 * start with, and the bytes that cannot stand right before a match (from
 * a leading \b or negative lookbehind).  The reading is conservative: a
 * construct it does not know makes it claim less, or give up on the
 * pattern (then the rule is simply searched, as pcre2 would).  So a rule
 * is skipped only on lines where it cannot match, and tried only at the
 * offsets where a match can start; its matches, in the same order, are
 * those of an unanchored search.
 *
 * Per line, scrub_pf_scan_line() notes the bytes present, the offsets of
 * the (rare) bytes that can start a match, and where the rules' strings
 * occur (a bitmap of two-byte prefixes, then a compare).
 * scrub_pf_plan() then tells for one rule: skip it, search the line, or
 * try the anchored pattern at the listed offsets.
 */
#ifndef SCRUB_PREFILTER_H
#define SCRUB_PREFILTER_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "ruleset_int.h"

#define SCRUB_PF_LIT_MAX 16     /* bytes kept of one string (a prefix) */

enum scrub_pf_mode {
	SCRUB_PF_MODE_SCAN,     /* search the line (when the gates pass) */
	SCRUB_PF_MODE_TRY       /* anchored tries where a match can start */
};

struct scrub_pf_lit {
	uint8_t len;
	char s[SCRUB_PF_LIT_MAX];   /* ASCII letters in lower case */
};

/* What every match of one rule's pattern holds. */
struct scrub_pf {
	int mode;                   /* enum scrub_pf_mode */
	/* TRY: the pattern compiled anchored, on first use (a hook that
	 * scans "hi" compiles none); any thread may set it, once. */
	_Atomic(pcre2_code *) anchored;
	atomic_int anchored_failed;
	char *pattern;
	size_t pattern_len;
	uint32_t options;
	int nneed_bytes;            /* 0..2 */
	unsigned char need_bytes[2][32]; /* a byte of each of these sets */
	size_t nneed;
	struct scrub_pf_lit *need;  /* one of these strings (caseless) */
	int run_len;                /* RUN_LEN bytes of RUN_CLS in a row (a
	                             * rare class: digits, capitals) */
	unsigned char run_cls[32];
	/* TRY: a match starts with one of these strings or bytes */
	size_t nstart;
	struct scrub_pf_lit *start;
	unsigned char start_bytes[32];
	unsigned char forbid[32];   /* ASCII bytes never right before a match */
	int line_start;             /* TRY at line starts (and after non-ASCII
	                             * characters) only */
	int search_cheap;           /* pcre2 finds the start bytes itself */
	/* X* or X+ first (back = 1 + X's minimum): the start strings and
	 * bytes are those of what follows X, and a match starts where the
	 * run of X before them starts */
	int back;
	unsigned char back_cls[32];
	int fold_ks;                /* a string holds a caseless k or s, which
	                             * also match U+212A and U+017F */
};

/* Reads PATTERN (LEN bytes, compiled with pcre2 OPTIONS; PCRE_FIRST: the
 * bytes pcre2 knows every match starts with, or NULL) and returns what it
 * found, or NULL when it has nothing to say.  The result belongs to the
 * caller (scrub_pf_free). */
struct scrub_pf *scrub_pf_analyze(const char *pattern, size_t len,
    uint32_t options, const unsigned char *pcre_first);
void scrub_pf_free(struct scrub_pf *pf);
/* The anchored pattern of a TRY rule, compiled (and JIT-compiled) on the
 * first call; NULL when it cannot be (then search instead). */
const pcre2_code *scrub_pf_anchored(struct scrub_pf *pf);

/* The strings of all the rules of RS, indexed for scrub_pf_scan_line().
 * Built once the rule set is complete; read-only after.  NULL when no rule
 * has any (or out of memory is not an issue: it aborts). */
struct scrub_pf_index *scrub_pf_index_new(const struct scrub_ruleset *rs);
void scrub_pf_index_free(struct scrub_pf_index *ix);

/* Per-scanner state of the line being scanned. */
struct scrub_pf_cand {
	uint32_t pos, next;
};

struct scrub_pf_line {
	unsigned char present[32];  /* bytes of the line */
	int exotic;                 /* the line holds U+212A or U+017F */
	uint32_t gen;               /* line number, for the stamps below */
	size_t nrules;
	uint32_t *need_seen;        /* per rule: gen when a need string was seen */
	uint32_t *cand_gen;         /* per rule: gen of its candidate list */
	uint32_t *cand_head, *cand_tail;
	struct scrub_pf_cand *cand; /* start-string offsets, per rule lists */
	size_t ncand, cand_cap;
	int cand_full;              /* more than the cap: lists incomplete */
	uint32_t *sparse;           /* offsets of bytes that start matches */
	size_t nsparse, sparse_cap;
	int sparse_full;
	uint32_t *high;             /* offsets right after non-ASCII bytes */
	size_t nhigh, high_cap;
	int high_full;
	uint32_t seg, seg_end;      /* the line */
	uint32_t *backpos;          /* a back rule's offsets (scrub_pf_plan) */
	size_t nbackpos, backpos_cap;
	size_t nsig;                /* start byte sets (scrub_pf_index) */
	struct {
		uint32_t gen, start, end;   /* [start, end) of sigpos */
	} *sig;
	uint32_t *sigpos;           /* their offsets in this line */
	size_t nsigpos, sigpos_cap;
	int sig_full;               /* too many: not kept */
	uint32_t *touched_gen;      /* per rule: gen when a string of it was seen */
	uint32_t *touched;          /* those rules */
	size_t ntouched;
	uint32_t *visit;            /* scrub_pf_visit()'s list */
	size_t nrun;                /* run classes (scrub_pf_index) */
	struct {
		uint32_t gen, longest;      /* the line's longest run */
	} *run;
};

void scrub_pf_line_init(struct scrub_pf_line *pl, const struct scrub_ruleset *rs);
void scrub_pf_line_release(struct scrub_pf_line *pl);

/* Scans line TEXT[SEG, SEG_END) of the unit TEXT for all the rules. */
void scrub_pf_scan_line(struct scrub_pf_line *pl,
    const struct scrub_pf_index *ix, const char *text, size_t seg,
    size_t seg_end);

/* The rules to consider in the scanned line, in increasing order, in
 * *RULES (NRULES of them, returned): the rules that the line's strings
 * rule out are left out (they would be skipped, or tried nowhere). */
size_t scrub_pf_visit(struct scrub_pf_line *pl,
    const struct scrub_pf_index *ix, const uint32_t **rules);

/* What to do with rule R (index in the rule set) in the scanned line. */
enum scrub_pf_plan {
	SCRUB_PF_SKIP,              /* it cannot match */
	SCRUB_PF_SEARCH,            /* search with the rule's pattern */
	SCRUB_PF_TRY                /* try pf->anchored at the offsets */
};

struct scrub_pf_iter {
	uint32_t lit;               /* next start-string candidate */
	uint32_t pos, end;          /* next start-byte candidate */
	int line;                   /* line_start: 1 before the line start */
	int back;                   /* offsets from pl->backpos */
};

/* Returns the plan for RULE (index R) in line TEXT; for SCRUB_PF_TRY,
 * scrub_pf_next() gives the offsets in increasing order from IT. */
int scrub_pf_plan(struct scrub_pf_line *pl, const struct scrub_pf_index *ix,
    const struct scrub_rule *rule, size_t r, const char *text,
    struct scrub_pf_iter *it);
/* The next offset to try, or UINT32_MAX when there is none. */
uint32_t scrub_pf_next(const struct scrub_pf_line *pl, struct scrub_pf_iter *it);

#endif
