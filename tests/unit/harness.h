/*
 * harness.h: the smallest unit-test harness that does the job.  CHECK
 * records a failure with its line and goes on; TEST_MAIN prints
 * "N passed, N failed" and exits non-zero when anything failed.
 */
#ifndef SCRUB_HARNESS_H
#define SCRUB_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define CHECK(cond) do { \
	if (cond) { harness_passed++; } else { harness_failed++; \
	    fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(got, want) do { \
	const char *g_ = (got), *w_ = (want); \
	if (g_ && w_ && strcmp(g_, w_) == 0) { harness_passed++; } else { harness_failed++; \
	    fprintf(stderr, "%s:%d: got \"%s\", want \"%s\"\n", __FILE__, __LINE__, \
	        g_ ? g_ : "(null)", w_ ? w_ : "(null)"); } \
} while (0)

#define TEST_MAIN(body) int main(void) { body; \
	printf("%d passed, %d failed\n", harness_passed, harness_failed); \
	return harness_failed != 0; }

#endif
