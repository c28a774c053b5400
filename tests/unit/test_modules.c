/*
 * test_modules.c: unit tests of the engine's internal modules (buf, fold,
 * lexicon, validate, yamldoc, spans, tokens), below the public API that
 * test_api.c covers.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fold.h"
#include "harness.h"
#include "lexicon.h"
#include "ruleset_int.h"
#include "scan_int.h"
#include "yamldoc.h"

static void
test_buf(void)
{
	struct scrub_buf b = SCRUB_BUF_INIT;
	char *p;
	size_t n, i;

	CHECK(b.ptr != NULL && b.len == 0 && b.ptr[0] == '\0');
	scrub_buf_add(&b, "ab\0cd", 5);
	CHECK(b.len == 5 && memcmp(b.ptr, "ab\0cd", 5) == 0 && b.ptr[5] == '\0');
	for (i = 0; i < 10000; i++)
		scrub_buf_addch(&b, 'x');
	CHECK(b.len == 10005 && b.cap > b.len && b.ptr[b.len] == '\0');
	scrub_buf_consume(&b, 10000);
	CHECK(b.len == 5 && b.ptr[0] == 'x' && b.ptr[5] == '\0');
	scrub_buf_clear(&b);
	scrub_buf_addf(&b, "%d-%s", 42, "z");
	CHECK_STR(b.ptr, "42-z");
	p = scrub_buf_detach(&b, &n);
	CHECK(n == 4 && strcmp(p, "42-z") == 0 && b.len == 0 && b.cap == 0);
	free(p);
	scrub_buf_release(&b);
}

static void
check_fold(const char *in, const char *want)
{
	char out[SCRUB_FOLD_MAX];
	int n = scrub_fold(in, strlen(in), out, sizeof(out));

	if (!want) {
		CHECK(n < 0);
		return;
	}
	CHECK(n == (int)strlen(want));
	CHECK_STR(n > 0 ? out : "", want);
}

static void
test_fold(void)
{
	check_fold("Derek", "derek");
	check_fold("DEREK", "derek");
	check_fold("José", "jose");                   /* NFC */
	check_fold("Jose\xcc\x81", "jose");           /* NFD */
	check_fold("Zo\xc3\xab", "zoe");
	check_fold("\xc5\x81ukasz", "lukasz");        /* Ł has no decomposition */
	check_fold("Nguy\xe1\xbb\x85n", "nguyen");
	check_fold("J\xe2\x80\x8bohn", "john");       /* zero-width space */
	check_fold("J\xd0\xbehn", "john");            /* Cyrillic o */
	check_fold("O\xe2\x80\x99" "Brien", "o'brien"); /* typographic apostrophe */
	check_fold("St.  Louis", "st louis");         /* phrases: one space */
	check_fold("...", NULL);
	check_fold("\xff\xfe", NULL);                 /* invalid UTF-8 */
}

static void
test_lexicon(void)
{
	struct scrub_lexicon lex, view;
	struct scrub_buf blob = SCRUB_BUF_INIT;
	const char *names[] = {"given", "places"};
	char *copy;
	int i;

	scrub_lexicon_init(&lex);
	CHECK(scrub_lexicon_get(&lex, "x", 1) == 0);
	scrub_lexicon_add_phrase(&lex, "Derek", 5, 1);
	scrub_lexicon_add_phrase(&lex, "New York", 8, 2);
	scrub_lexicon_add_phrase(&lex, "derek", 5, 2);
	for (i = 0; i < 5000; i++) { /* forces rehashing */
		char w[16];

		snprintf(w, sizeof(w), "w%d", i);
		scrub_lexicon_add(&lex, w, strlen(w), 1);
	}
	CHECK(scrub_lexicon_get(&lex, "derek", 5) == 3);
	CHECK(scrub_lexicon_get(&lex, "new york", 8) == 2);
	CHECK(scrub_lexicon_get(&lex, "w4999", 5) == 1);
	CHECK(scrub_lexicon_get(&lex, "dere", 4) == 0);
	CHECK(lex.max_words == 2);
	scrub_lexicon_serialize(&lex, names, 2, &blob);
	/* The blob is used in place: copy it to 8-byte aligned memory. */
	copy = aligned_alloc(8, (blob.len + 7) & ~(size_t)7);
	memcpy(copy, blob.ptr, blob.len);
	CHECK(scrub_lexicon_view(&view, copy, blob.len) == 0);
	CHECK(scrub_lexicon_get(&view, "derek", 5) == 3);
	CHECK(scrub_lexicon_get(&view, "w123", 4) == 1);
	CHECK(scrub_lexicon_list_bit(&view, "places") == 1);
	CHECK(scrub_lexicon_list_bit(&view, "nope") == -1);
	CHECK(scrub_lexicon_view(&view, copy, 10) < 0);
	free(copy);
	scrub_buf_release(&blob);
	scrub_lexicon_release(&lex);
}

static void
test_validate(void)
{
	CHECK(scrub_validate(SCRUB_V_LUHN, "4111 1111 1111 1111", 19));
	CHECK(!scrub_validate(SCRUB_V_LUHN, "4111 1111 1111 1112", 19));
	CHECK(scrub_validate(SCRUB_V_SSN, "412-68-3390", 11));
	CHECK(!scrub_validate(SCRUB_V_SSN, "666-12-3456", 11));
	CHECK(!scrub_validate(SCRUB_V_SSN, "912-12-3456", 11));
	CHECK(!scrub_validate(SCRUB_V_SSN, "123-00-4567", 11));
	CHECK(scrub_validate(SCRUB_V_NHS, "943 476 5919", 12));
	CHECK(!scrub_validate(SCRUB_V_NHS, "943 476 5918", 12));
	CHECK(scrub_validate(SCRUB_V_VIN, "1HGCM82633A004352", 17));
	CHECK(!scrub_validate(SCRUB_V_VIN, "1HGCM82633A004353", 17));
	CHECK(scrub_validate(SCRUB_V_NANP, "(508) 555-0143", 14));
	CHECK(scrub_validate(SCRUB_V_NANP, "1-800-555-0199 ext 4", 20));
	CHECK(!scrub_validate(SCRUB_V_NANP, "(108) 555-0143", 14));
	CHECK(scrub_validate(SCRUB_V_IPV4, "192.168.10.24", 13));
	CHECK(!scrub_validate(SCRUB_V_IPV4, "192.168.10.256", 14));
	CHECK(scrub_validate(SCRUB_V_DATE, "03/14/2021", 10));
	CHECK(scrub_validate(SCRUB_V_DATE, "14.03.2021", 10));
	CHECK(scrub_validate(SCRUB_V_DATE, "2021-03-14", 10));
	CHECK(!scrub_validate(SCRUB_V_DATE, "13/14/2021", 10));
	CHECK(!scrub_validate(SCRUB_V_DATE, "2021-13-01", 10));
	CHECK(scrub_validate(SCRUB_V_IBAN, "GB82 WEST 1234 5698 7654 32", 27));
	CHECK(!scrub_validate(SCRUB_V_IBAN, "GB82 WEST 1234 5698 7654 33", 27));
	CHECK(scrub_validate(SCRUB_V_PHONE, "699 956 915", 11));
	CHECK(!scrub_validate(SCRUB_V_PHONE, "2019 2020 2021", 14));
	CHECK(!scrub_validate(SCRUB_V_PHONE, "12 34", 5));
	CHECK(scrub_validator_from_name("luhn") == SCRUB_V_LUHN);
	CHECK(scrub_validator_from_name("crc") == -1);
}

static void
test_yamldoc(void)
{
	struct scrub_ynode *root = NULL;
	struct scrub_error err;
	const char *doc = "a: 1\nb: [x, 'y']\nc:\n  d: true\n";
	const struct scrub_ynode *b, *c;
	char deep[200];
	int i;

	CHECK(scrub_yaml_parse("t.yaml", doc, strlen(doc), &root, &err) == 0);
	CHECK(root && root->type == SCRUB_Y_MAP && root->nitems == 6);
	b = scrub_ymap_get(root, "b");
	CHECK(b && b->type == SCRUB_Y_SEQ && b->nitems == 2);
	CHECK(b && b->items[1]->plain == 0 && strcmp(b->items[1]->value, "y") == 0);
	c = scrub_ymap_get(scrub_ymap_get(root, "c"), "d");
	CHECK(c && c->line == 4 && c->column == 6);
	CHECK(scrub_ymap_get(root, "zz") == NULL);
	scrub_ynode_free(root);

	CHECK(scrub_yaml_parse("t.yaml", "a: &x 1\nb: *x\n", 14, &root, &err) < 0);
	CHECK(strstr(err.message, "t.yaml:2:4: YAML aliases are not allowed") != NULL);
	for (i = 0; i < 40; i++)
		deep[i] = '[';
	deep[40] = '\0';
	CHECK(scrub_yaml_parse("d.yaml", deep, 40, &root, &err) < 0);
	CHECK(strstr(err.message, "nesting deeper than 32 levels") != NULL);
	CHECK(scrub_yaml_parse("e.yaml", "a: [\n", 5, &root, &err) < 0);
	CHECK(err.line == 2 && err.code == SCRUB_E_CONFIG);
}

static void
test_spans(void)
{
	struct scrub_spans s;

	memset(&s, 0, sizeof(s));
	scrub_spans_add(&s, 10, 20, SCRUB_CAT_NAME, 3, 0.8, "a");
	scrub_spans_add(&s, 0, 5, SCRUB_CAT_DATE, 1, 0.8, "b");
	scrub_spans_add(&s, 15, 30, SCRUB_CAT_LOCATION, 5, 0.8, "c");
	scrub_spans_add(&s, 40, 40, SCRUB_CAT_ID, 5, 0.8, "empty");
	scrub_spans_resolve(&s);
	CHECK(s.n == 2);
	CHECK(s.v[0].start == 0 && s.v[0].end == 5);
	/* Overlaps merge; the higher priority names the category. */
	CHECK(s.v[1].start == 10 && s.v[1].end == 30);
	CHECK(s.v[1].category == SCRUB_CAT_LOCATION);
	free(s.v);
}

TEST_MAIN(
	test_buf();
	test_fold();
	test_lexicon();
	test_validate();
	test_yamldoc();
	test_spans();
)
