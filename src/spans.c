/*
 * spans.c: collecting what the detectors found, and settling overlaps.
 */
#include <stdlib.h>

#include "alloc.h"
#include "scan_int.h"

void
scrub_spans_add(struct scrub_spans *s, size_t start, size_t end, int category,
    int priority, double score, const char *rule_id)
{
	struct scrub_span *sp;

	if (end <= start)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 64;
		s->v = scrub_xreallocarray(s->v, s->cap, sizeof(*s->v));
	}
	sp = &s->v[s->n++];
	sp->start = start;
	sp->end = end;
	sp->category = category;
	sp->priority = priority;
	sp->score = score;
	sp->rule_id = rule_id;
}

static int
cmp_span(const void *a, const void *b)
{
	const struct scrub_span *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	if (x->end != y->end)
		return x->end > y->end ? -1 : 1; /* longer first */
	return y->priority - x->priority;
}

/* Whether A should name the category of the merged span rather than B. */
static int
wins(const struct scrub_span *a, const struct scrub_span *b)
{
	if (a->priority != b->priority)
		return a->priority > b->priority;
	return a->end - a->start >= b->end - b->start;
}

void
scrub_spans_resolve(struct scrub_spans *s)
{
	size_t i, out = 0;

	if (s->n < 2)
		return;
	qsort(s->v, s->n, sizeof(*s->v), cmp_span);
	for (i = 1; i < s->n; i++) {
		struct scrub_span *last = &s->v[out], *cur = &s->v[i];

		if (cur->start < last->end) {
			if (!wins(last, cur)) {
				last->category = cur->category;
				last->priority = cur->priority;
				last->score = cur->score;
				last->rule_id = cur->rule_id;
			}
			if (cur->end > last->end)
				last->end = cur->end;
		} else {
			s->v[++out] = *cur;
		}
	}
	s->n = out + 1;
}
