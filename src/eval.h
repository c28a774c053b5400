/*
 * eval.h: phiscrub --evaluate, which measures detection quality on
 * annotated documents (JSON Lines, see ../shared/eval/FORMAT.md and
 * phiscrub(1)).  A command-line module: it uses libphiscrub only through
 * phiscrub.h, reports its own diagnostics on stderr and returns an exit
 * status for main() to pass on.
 */
#ifndef SCRUB_EVAL_H
#define SCRUB_EVAL_H

#include <stddef.h>

#include "phiscrub.h"
#include "writer.h"

struct scrub_eval_opts {
	size_t show_misses;    /* missed gold spans to print per file */
	size_t show_fps;       /* false-positive findings to print per file */
	int json;              /* print JSON instead of tables */
	const char *floors;    /* floors file to check, or NULL */
};

/*
 * Evaluates the rule set on every gold file in FILES (NFILES of them) and
 * writes the figures to W.  SCAN supplies the scanner options (its output
 * and finding callbacks are replaced).  Returns an exit status: 0 success,
 * 1 a figure below its floor, 2 malformed gold or floors file, 3 read or
 * write error, 4 a pattern hit its match limit.  Nothing is allocated that
 * outlives the call.
 */
int scrub_eval_run(const struct scrub_ruleset *rules,
    const struct scrub_scan_opts *scan, const char *const *files,
    size_t nfiles, const struct scrub_eval_opts *opts,
    struct scrub_writer *w);

#endif
