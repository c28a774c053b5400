/*
 * ruleset_int.h: the layout of a compiled rule set (struct scrub_ruleset),
 * shared by the loader (patterns.c), which builds it, and the detectors,
 * which only read it.  Once scrub_loader_finish() returns, nothing in here
 * is written again, so any number of scanners on any number of threads may
 * read it at once.
 */
#ifndef SCRUB_RULESET_INT_H
#define SCRUB_RULESET_INT_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdint.h>

#include "lexicon.h"
#include "phiscrub.h"

/* Validators a pattern rule may name (`validate:`). */
enum scrub_validator {
	SCRUB_V_NONE,
	SCRUB_V_LUHN,      /* payment cards, Canadian SIN */
	SCRUB_V_SSN,       /* US SSN area/group/serial ranges */
	SCRUB_V_NHS,       /* NHS number, mod 11 */
	SCRUB_V_VIN,       /* vehicle identification number check digit */
	SCRUB_V_NANP,      /* North American numbering plan area/exchange */
	SCRUB_V_IPV4,      /* four octets 0..255 */
	SCRUB_V_DATE,      /* a plausible month/day */
	SCRUB_V_IBAN,      /* mod 97 */
	SCRUB_V_PHONE,     /* 7 to 15 digits, not a list of years */
	SCRUB_V_COUNT
};

/* What a word list means to the detectors (`kind:` of a lexicon). */
enum scrub_lexkind {
	SCRUB_LK_GIVEN,        /* given names */
	SCRUB_LK_SURNAME,      /* family names */
	SCRUB_LK_NAME_WORD,    /* names that are also words: need context */
	SCRUB_LK_PLACE,        /* cities, towns, counties */
	SCRUB_LK_PLACE_WORD,   /* place names that are also words */
	SCRUB_LK_INSTITUTION,  /* always a LOCATION (Mayo Clinic) */
	SCRUB_LK_REGION,       /* states, countries: kept unless redact_states */
	SCRUB_LK_STREET_TYPE,  /* St, Ave, Road ... */
	SCRUB_LK_COMMON,       /* ordinary words */
	SCRUB_LK_ALLOW,        /* never redacted (Crohn's, Humira) */
	SCRUB_LK_DENY,         /* always redacted, as the lexicon's category */
	SCRUB_LK_TITLE,        /* Dr, Nurse, Mrs ... before a name */
	SCRUB_LK_RELATION,     /* my husband, my GI ... before a name */
	SCRUB_LK_NAMING,       /* named, called, I'm ... before a name */
	SCRUB_LK_SIGNOFF,      /* thanks, love, xo ... before a signature */
	SCRUB_LK_PLACE_CUE,    /* in, from, near ... before a place */
	SCRUB_LK_INST_SUFFIX,  /* Hospital, Clinic, Medical Center ... */
	SCRUB_LK_MONTH,        /* month names and abbreviations */
	SCRUB_LK_STOP,         /* function words */
	SCRUB_LK_NAME_CUE,     /* with, from, saw ...: a weak hint of a name */
	SCRUB_LK_EPONYM_HEAD,  /* disease, syndrome ...: "Ewing sarcoma" */
	SCRUB_LK_ACRONYM,      /* ANA, ART: not redacted when in capitals */
	SCRUB_LK_COUNT
};

struct scrub_pf;
struct scrub_pf_index;

struct scrub_rule {
	char *id;
	int category;
	char *file;
	unsigned long line;
	pcre2_code *code;
	uint32_t phi_group;       /* group to replace; 0: the whole match */
	int validator;
	char **ctx_before;        /* folded context phrases before ... */
	size_t nctx_before;
	char **ctx_after;         /* ... and after the match */
	size_t nctx_after;
	char **ctx_unless;        /* folded phrases before that veto a match */
	size_t nctx_unless;
	int ctx_window;           /* in words */
	int ctx_required;         /* no context word: no match */
	int priority;
	double score;
	unsigned char first_bytes[32]; /* a match starts with one of these */
	int has_first;
	int required_byte;        /* a byte every match holds, or -1 */
	struct scrub_pf *pf;      /* what the prefilter knows, or NULL */
};

struct scrub_lexspec {
	char *id;
	int kind;
	int category;
	char *file;
	unsigned long line;
	int bit;
};

struct scrub_ruleset {
	struct scrub_rule *rules;
	size_t nrules;
	uint32_t max_groups;
	struct scrub_lexspec *lexspecs;
	size_t nlexspecs;
	uint64_t kind_mask[SCRUB_LK_COUNT];
	int lex_category[SCRUB_LEX_MAX_LISTS]; /* per bit, for deny lists */
	struct scrub_lexicon builtin;  /* view over the embedded blob, or empty */
	struct scrub_lexicon user;     /* lists read at load time */
	uint32_t max_phrase_words;
	struct scrub_pf_index *pf_index; /* the rules' strings (prefilter.h) */
	/* Options. */
	int aggressive, redact_years, redact_states;
	int op[SCRUB_CAT_COUNT];       /* enum scrub_operator */
	char *tag[SCRUB_CAT_COUNT];
	char mask_char;
	int shift_min_days, shift_max_days;
	char *age_phrase;              /* generalize AGE; NULL: "90+" */
	int generalize_year_only;      /* generalize DATE to the year alone */
	char digest[65];
};

/* All the lists WORD (folded, LEN bytes) is in; *FLAGS gets its
 * SCRUB_LEX_HEAD and SCRUB_LEX_TAIL flags (lexicon.h).  One hash serves
 * both tables. */
static inline uint64_t
scrub_ruleset_lookup_flags(const struct scrub_ruleset *rs, const char *word,
    size_t len, unsigned *flags)
{
	uint32_t h;

	if (!len)
		return 0;
	h = scrub_lexicon_hash(word, len);
	return scrub_lexicon_get_hashed(&rs->builtin, word, len, h, flags) |
	    scrub_lexicon_get_hashed(&rs->user, word, len, h, flags);
}

/* All the lists WORD (folded, LEN bytes) is in. */
static inline uint64_t
scrub_ruleset_lookup(const struct scrub_ruleset *rs, const char *word,
    size_t len)
{
	unsigned flags = 0;

	return scrub_ruleset_lookup_flags(rs, word, len, &flags);
}

/* Whether the digits and letters in [S, S+LEN) pass validator V. */
int scrub_validate(int validator, const char *s, size_t len);
/* The validator called NAME, or -1. */
int scrub_validator_from_name(const char *name);

#endif
