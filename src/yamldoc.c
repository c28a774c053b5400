#include "yamldoc.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "alloc.h"
#include "error.h"

struct builder {
	const char *file;
	struct scrub_ynode *stack[SCRUB_YAML_MAX_DEPTH + 1];
	int depth;
	size_t nodes;
	struct scrub_ynode *root;
};

void
scrub_ynode_free(struct scrub_ynode *node)
{
	size_t i;

	if (!node)
		return;
	for (i = 0; i < node->nitems; i++)
		scrub_ynode_free(node->items[i]);
	free(node->items);
	free(node->value);
	free(node);
}

static void
add_child(struct scrub_ynode *parent, struct scrub_ynode *child)
{
	if ((parent->nitems & (parent->nitems - 1)) == 0)
		parent->items = scrub_xreallocarray(parent->items,
		    parent->nitems ? parent->nitems * 2 : 1, sizeof(*parent->items));
	parent->items[parent->nitems++] = child;
}

static int
attach(struct builder *b, struct scrub_ynode *node, struct scrub_error *err)
{
	if (++b->nodes > SCRUB_YAML_MAX_NODES) {
		int rc = scrub_error_at(err, SCRUB_E_CONFIG, b->file, node->line,
		    node->column, "too many YAML nodes (limit %d)",
		    SCRUB_YAML_MAX_NODES);
		scrub_ynode_free(node);
		return rc;
	}
	if (b->depth == 0) {
		if (b->root) {
			scrub_ynode_free(node);
			return 0;
		}
		b->root = node;
	} else {
		add_child(b->stack[b->depth - 1], node);
	}
	return 0;
}

static struct scrub_ynode *
new_node(enum scrub_ynode_type type, const yaml_mark_t *mark)
{
	struct scrub_ynode *n = scrub_xcalloc(1, sizeof(*n));

	n->type = type;
	n->line = mark->line + 1;
	n->column = mark->column + 1;
	return n;
}

int
scrub_yaml_parse(const char *file, const char *text, size_t len,
    struct scrub_ynode **root, struct scrub_error *err)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	struct builder b;
	int rc = 0, done = 0, docs = 0;

	memset(&b, 0, sizeof(b));
	b.file = file;
	*root = NULL;
	if (!yaml_parser_initialize(&parser))
		return scrub_error_at(err, SCRUB_E_CONFIG, file, 0, 0,
		    "cannot initialise the YAML parser");
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!done) {
		struct scrub_ynode *node;

		if (!yaml_parser_parse(&parser, &ev)) {
			rc = scrub_error_at(err, SCRUB_E_CONFIG, file,
			    parser.problem_mark.line + 1,
			    parser.problem_mark.column + 1, "%s%s%s",
			    parser.problem ? parser.problem : "invalid YAML",
			    parser.context ? " " : "",
			    parser.context ? parser.context : "");
			break;
		}
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				rc = scrub_error_at(err, SCRUB_E_CONFIG, file,
				    ev.start_mark.line + 1, ev.start_mark.column + 1,
				    "a pattern set is one YAML document");
			}
			break;
		case YAML_ALIAS_EVENT:
			rc = scrub_error_at(err, SCRUB_E_CONFIG, file,
			    ev.start_mark.line + 1, ev.start_mark.column + 1,
			    "YAML aliases are not allowed in pattern sets");
			break;
		case YAML_SCALAR_EVENT:
			if (ev.data.scalar.length > SCRUB_YAML_MAX_SCALAR) {
				rc = scrub_error_at(err, SCRUB_E_CONFIG, file,
				    ev.start_mark.line + 1, ev.start_mark.column + 1,
				    "scalar longer than %u bytes", SCRUB_YAML_MAX_SCALAR);
				break;
			}
			node = new_node(SCRUB_Y_SCALAR, &ev.start_mark);
			node->value = scrub_xstrndup((const char *)ev.data.scalar.value,
			    ev.data.scalar.length);
			node->value_len = ev.data.scalar.length;
			node->plain = ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
			rc = attach(&b, node, err);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			if (b.depth >= SCRUB_YAML_MAX_DEPTH) {
				rc = scrub_error_at(err, SCRUB_E_CONFIG, file,
				    ev.start_mark.line + 1, ev.start_mark.column + 1,
				    "nesting deeper than %d levels", SCRUB_YAML_MAX_DEPTH);
				break;
			}
			node = new_node(ev.type == YAML_SEQUENCE_START_EVENT ?
			    SCRUB_Y_SEQ : SCRUB_Y_MAP, &ev.start_mark);
			if ((rc = attach(&b, node, err)) < 0)
				break;
			b.stack[b.depth++] = node;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			if (b.depth > 0)
				b.depth--;
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (rc < 0)
			break;
	}
	yaml_parser_delete(&parser);
	if (rc < 0) {
		scrub_ynode_free(b.root);
		return rc;
	}
	*root = b.root;
	return 0;
}

const struct scrub_ynode *
scrub_ymap_get(const struct scrub_ynode *map, const char *key)
{
	size_t i;

	if (!map || map->type != SCRUB_Y_MAP)
		return NULL;
	for (i = 0; i + 1 < map->nitems; i += 2)
		if (map->items[i]->type == SCRUB_Y_SCALAR &&
		    strcmp(map->items[i]->value, key) == 0)
			return map->items[i + 1];
	return NULL;
}
