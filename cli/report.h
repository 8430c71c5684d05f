/* report.h: the --stats report: records per source, level and logger (a tree). */
#ifndef REPORT_H
#define REPORT_H

#include <stddef.h>
#include <stdio.h>

#include "model/ltree.h"
#include "model/stats.h"

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
 * When any record had a time, each stats object (sources and total) also
 * has, after "loggers": "time":{"first":ISO,"newest":ISO,"untimed":N,
 * "late":N,"minutes":[{"start":ISO,"levels":{..}},..]} with the
 * nonempty minutes of the ring, oldest first (ISO: 2026-01-01T00:00:00.000Z).
 * Strings are escaped as JSON requires; bytes that are not valid UTF-8
 * are written as \u00XX of the byte value (as if Latin-1), so the output
 * is always valid JSON and UTF-8.
 */
void	report_text(FILE *, const struct ltree *,
	    const struct stats *sources, size_t n, const struct stats *total);
void	report_json(FILE *, const struct ltree *,
	    const struct stats *sources, size_t n, const struct stats *total);

#endif
