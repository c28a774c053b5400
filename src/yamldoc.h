/*
 * yamldoc.h: a YAML document as a small tree with source positions, read
 * with libyaml's event API under phiscrub's own limits.
 *
 * libyaml 0.2.5 has no nesting limit of its own (and the one added later is
 * process-global), so depth, node count and scalar size are bounded here.
 * Aliases are refused: pattern sets have no use for them, and refusing them
 * removes the "billion laughs" expansion outright.
 */
#ifndef SCRUB_YAMLDOC_H
#define SCRUB_YAMLDOC_H

#include <stddef.h>

#include "phiscrub.h"

enum scrub_ynode_type { SCRUB_Y_SCALAR, SCRUB_Y_SEQ, SCRUB_Y_MAP };

struct scrub_ynode {
	enum scrub_ynode_type type;
	unsigned long line, column;   /* 1-based */
	char *value;                  /* scalars: NUL-terminated */
	size_t value_len;
	int plain;                    /* scalar written without quotes */
	struct scrub_ynode **items;   /* seq: items; map: key, value, ... */
	size_t nitems;
};

#define SCRUB_YAML_MAX_DEPTH 32
#define SCRUB_YAML_MAX_NODES 200000
#define SCRUB_YAML_MAX_SCALAR (1u << 20)

/* Parses the single document in TEXT (LEN bytes).  On success *ROOT is the
 * root node (NULL for an empty document); free it with scrub_ynode_free().
 * FILE names the source in error messages. */
int scrub_yaml_parse(const char *file, const char *text, size_t len,
    struct scrub_ynode **root, struct scrub_error *err);
void scrub_ynode_free(struct scrub_ynode *node);

/* In map MAP, the value for KEY, or NULL. */
const struct scrub_ynode *scrub_ymap_get(const struct scrub_ynode *map,
    const char *key);

#endif
