/*
 * test_parts.c: the two library calls the archive formats rest on (issue
 * 6): scrub_scanner_end_part(), which scans the fields of one record as
 * parts of one document, and scrub_scanner_add_name(), which makes an
 * author's handle or display name a name of the current document.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "harness.h"
#include "phiscrub.h"

static struct scrub_ruleset *rules;

static int
append(void *user, const char *bytes, size_t len)
{
	scrub_buf_add(user, bytes, len);
	return 0;
}

static struct scrub_scanner *
scanner(struct scrub_buf *out, int numbered)
{
	struct scrub_scan_opts o;
	struct scrub_error err;

	scrub_scan_opts_init(&o);
	o.output = append;
	o.user = out;
	if (numbered)
		o.operators[SCRUB_CAT_NAME] = SCRUB_OP_NUMBERED;
	return scrub_scanner_new(rules, &o, &err);
}

/* Feeds S as one part and returns what it gave (in OUT, cleared first). */
static const char *
part(struct scrub_scanner *sc, struct scrub_buf *out, const char *s)
{
	struct scrub_error err;

	scrub_buf_clear(out);
	if (scrub_scanner_feed(sc, s, strlen(s), &err) < 0 ||
	    scrub_scanner_end_part(sc, &err) < 0)
		return "(error)";
	return out->ptr;
}

static void
test_parts_share_a_document(void)
{
	struct scrub_buf out = SCRUB_BUF_INIT;
	struct scrub_scanner *sc = scanner(&out, 1);
	struct scrub_error err;

	CHECK(sc != NULL);
	/* Numbering goes on across the parts of one document (the names are
	 * added, so that the test does not hang on the word lists) ... */
	CHECK(scrub_scanner_add_name(sc, "qwx1", 4) == 0);
	CHECK(scrub_scanner_add_name(sc, "zrt2", 4) == 0);
	CHECK_STR(part(sc, &out, "hi qwx1."), "hi [NAME-1].");
	CHECK_STR(part(sc, &out, "zrt2 and qwx1 came."),
	    "[NAME-2] and [NAME-1] came.");
	/* ... and starts again with the next document. */
	CHECK(scrub_scanner_finish(sc, &err) == 0);
	CHECK(scrub_scanner_add_name(sc, "zrt2", 4) == 0);
	CHECK_STR(part(sc, &out, "zrt2 came."), "[NAME-1] came.");
	CHECK(scrub_scanner_finish(sc, &err) == 0);
	/* No match crosses from one part into the next: each part is whole. */
	CHECK(strstr(part(sc, &out, "call 508-555-"), "0143") == NULL);
	CHECK_STR(part(sc, &out, "0143 now"), "0143 now");
	CHECK_STR(part(sc, &out, "call 508-555-0143"), "call [PHONE]");
	/* A part without a line end is written whole. */
	CHECK_STR(part(sc, &out, "no newline"), "no newline");
	CHECK(scrub_scanner_finish(sc, &err) == 0);
	scrub_scanner_free(sc);
	scrub_buf_release(&out);
}

static void
test_added_names(void)
{
	struct scrub_buf out = SCRUB_BUF_INIT;
	struct scrub_scanner *sc = scanner(&out, 1);
	struct scrub_error err;

	CHECK(sc != NULL);
	/* A handle is no word a rule would take for a name ... */
	CHECK_STR(part(sc, &out, "thanks sunny_day42!"), "thanks sunny_day42!");
	CHECK(scrub_scanner_finish(sc, &err) == 0);
	/* ... until it is added: as it stands, in any ASCII case, not inside
	 * a longer word, and the value itself gets the same replacement. */
	CHECK(scrub_scanner_add_name(sc, "sunny_day42", 11) == 0);
	CHECK(scrub_scanner_add_name(sc, "Maggie Thornbury", 16) == 0);
	CHECK_STR(part(sc, &out, "sunny_day42"), "[NAME-1]");
	CHECK_STR(part(sc, &out, "I'm SUNNY_DAY42 (\"sunny_day42\"), not "
	    "xsunny_day42."), "I'm [NAME-1] (\"[NAME-1]\"), not xsunny_day42.");
	CHECK_STR(part(sc, &out, "Maggie Thornbury here"), "[NAME-2] here");
	/* An e-mail address that holds the handle stays an e-mail address. */
	CHECK_STR(part(sc, &out, "mail sunny_day42@example.org"), "mail [EMAIL]");
	CHECK(scrub_scanner_finish(sc, &err) == 0);
	/* The names belong to the document they were added to. */
	CHECK_STR(part(sc, &out, "thanks sunny_day42!"), "thanks sunny_day42!");
	CHECK(scrub_scanner_finish(sc, &err) == 0);
	/* Empty and over-long values are refused. */
	CHECK(scrub_scanner_add_name(sc, "", 0) == -SCRUB_E_USAGE);
	{
		char big[300];

		memset(big, 'a', sizeof(big));
		CHECK(scrub_scanner_add_name(sc, big, sizeof(big)) == -SCRUB_E_USAGE);
		CHECK(scrub_scanner_add_name(sc, big, 256) == 0);
	}
	scrub_scanner_free(sc);
	scrub_buf_release(&out);
}

TEST_MAIN({
	struct scrub_loader *ld = scrub_loader_new();
	struct scrub_error err;

	if (scrub_loader_add_defaults(ld, &err) < 0 ||
	    scrub_loader_finish(ld, &rules, &err) < 0) {
		fprintf(stderr, "loading the defaults: %s\n", err.message);
		return 1;
	}
	scrub_loader_free(ld);
	test_parts_share_a_document();
	test_added_names();
	scrub_ruleset_free(rules);
})
