/* parse.h: turning a line into record fields, with auto-detection or --format. */
#ifndef PARSE_H
#define PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "infer.h"
#include "ptime.h"
#include "record.h"

struct pyfmt;

/*
 * A parser belongs to one source. In auto mode it tries the built-in
 * layouts in a fixed order chosen by the line's first byte, then the
 * fallback layouts (fallback.c); every line is tried on its own, so mixed
 * files work. A layout learned from the source's own lines (infer.c,
 * through infer_feed on the buffers about to be parsed) is tried first. `last` records the layout of the last record start; it
 * does not change the order (nothing reads it yet). With --format it runs
 * the compiled Formatter program only.
 *
 * parse_line never allocates and never reads outside [line, line + len).
 */
struct parser {
	const struct pyfmt	*user;		/* --format program, or NULL */
	int			 last;		/* enum format that matched last */
	int			 year;		/* year for syslog times without one */
	struct ptime_cache	 tc;		/* last ISO minute seen (detect.c) */
	/*
	 * What the lines before this one leave pending (layouts.c): want is
	 * set after a record whose level is written on its next line
	 * (java.util.logging); amend is then that level, or -1, after a
	 * continuation line. Callers that keep records may apply it.
	 */
	int8_t			 want;
	int8_t			 amend;
	int8_t			 indented;	/* the last line began with a blank */
	struct infer		 inf;		/* a layout learned from the source */
};

void	parser_init(struct parser *, const struct pyfmt *);
/*
 * Parse one line (no newline, no CR). Returns 1 and fills *f when the line
 * starts a record, 0 when it is a continuation line (f->format is then
 * FORMAT_NONE).
 */
int	parse_line(struct parser *, const char *line, size_t len, struct fields *f);

/* Auto-detection only (no --format): the same contract as parse_line. */
int	detect_line(struct parser *, const char *line, size_t len, struct fields *f);
/* detect_line for a line carried inside another (syslog.c): nothing taken off or looked into. */
int	detect_inner(struct parser *, const char *line, size_t len, struct fields *f);

#endif
