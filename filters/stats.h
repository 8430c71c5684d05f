/* stats.h: the --stats report: records per source, level and logger (a tree). */
#ifndef STATS_H
#define STATS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "../parsers/level.h"
#include "ltree.h"

/*
 * Counts for one source (or the total of several). The logger tree is
 * shared: a struct stats only holds counts indexed by logger id, so the
 * report of a source lists just the loggers that source used.
 */
struct stats {
	const char	*name;		/* source name, not owned */
	const char	*format;	/* format name or NULL, not owned */
	uint64_t	 records;
	uint64_t	 levels[LEVEL_COUNT];
	struct lcounts	 counts;	/* per logger node, owned */
};

/* Empty stats for a source called name (not copied: it must outlive them). */
void	stats_init(struct stats *, const char *name);
void	stats_free(struct stats *);
/* Count one record of level from logger id (LTREE_ROOT: no logger). */
void	stats_add(struct stats *, const struct ltree *, uint32_t logger,
	    enum level);
/* Add everything counted in src into dst (for a total). */
void	stats_merge(struct stats *dst, const struct stats *src);

/*
 * Write the report for n sources and their total, as text for a terminal
 * or as one JSON document. total may be NULL: it is then summed from the
 * sources. The text report prints the total only when n != 1; the JSON
 * document always has "total".
 *
 * Text: per source a header line, a table of records per level (levels
 * with no records left out, then TOTAL), and a table of the logger tree:
 * one row per logger that has records in that source, children under
 * their parent sorted by name, indented two spaces per depth, with the
 * subtree counts per level (same columns), TOTAL, and OWN -- the records
 * the logger logged itself, or "-" when all of them come from descendants.
 * The first row, "(all)", is the root: every record, and in OWN the
 * records without a logger. Names go through a sanitizer: control bytes,
 * DEL, C1 controls, bidi/invisible format characters and invalid UTF-8
 * are shown as \xNN and a backslash as \\, so no byte of a name can act
 * on the terminal. Names wider than 60 columns push their row's numbers
 * right instead of being cut.
 *
 * JSON: {"sources":[{"name":..,"format":..,"records":N,
 *   "levels":{"INFO":n,..},"loggers":NODE},..],
 *   "total":{"records":N,"levels":{..},"loggers":NODE}}
 * where NODE is {"name":"full.dotted.name","records":N,"self":{levels},
 * "subtree":{levels},"children":[NODE,..]} (the root has name "", level
 * objects list only nonzero levels, "format" is null when unknown).
 * Strings are escaped as JSON requires; bytes that are not valid UTF-8
 * are written as \u00XX of the byte value (as if Latin-1), so the output
 * is always valid JSON and UTF-8.
 */
void	stats_write_text(FILE *, const struct ltree *,
	    const struct stats *sources, size_t n, const struct stats *total);
void	stats_write_json(FILE *, const struct ltree *,
	    const struct stats *sources, size_t n, const struct stats *total);

#endif
