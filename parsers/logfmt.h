/* logfmt.h: key=value lines (logfmt, logrus text, genlogs --style logfmt). */
#ifndef LOGFMT_H
#define LOGFMT_H

#include <stddef.h>

#include "record.h"

/* One key=value pair; spans are offsets into the line. */
struct logfmt_pair {
	struct span	key;
	struct span	val;	/* for a quoted value: between the quotes */
	int		quoted;	/* value was "..." (escapes not decoded) */
	int		has_eq;	/* key was followed by '=' */
};

/*
 * Read the next pair starting at *pos (skipping blanks). Returns 1 and
 * fills *kv, 0 at the end of the line, -1 when the text at *pos is not a
 * key (starts with '=' or '"'); *pos moves past what was read.
 */
int	logfmt_next(const char *line, size_t len, size_t *pos,
	    struct logfmt_pair *kv);

/*
 * Fill *f from a logfmt line: level under level/lvl/severity/levelname,
 * logger under logger/name/logger_name/component, message under msg/message/
 * event, time under time/ts/timestamp/t. Returns 1 when the line is a
 * record start (its first token is key=value and it has a level, or both
 * a message and a time), else 0. f->format is FORMAT_LOGFMT, or
 * FORMAT_LOGRUS when the line starts with time="...".
 */
int	logfmt_fields(const char *line, size_t len, struct fields *f);

#endif
