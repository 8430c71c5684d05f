/* compact.h: the compact view of a record (time of day, level badge, logger, message). */
#ifndef COMPACT_H
#define COMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/record.h"

/*
 * compact_render turns one record (its text and the fields its source's
 * parser found in the first line) into lines for a pane:
 *
 *   12:00:00.111 ERROR a.a.v1.users  message  key=value key2="a b"
 *                      continuation lines, indented under the message
 *
 * The output is text (lines separated by '\n', no CR) plus styled
 * segments over it. It is never drawn as is: the pane draws it through
 * the sanitizer like any record text. Nothing of the record is lost:
 * bytes the renderer does not understand are shown as written.
 */

/* What a segment of the output is, for its colour. */
enum cseg_kind {
	CSEG_TIME,	/* HH:MM:SS.mmm */
	CSEG_LEVEL,	/* the level badge */
	CSEG_LOGGER,	/* the (abbreviated) logger name */
	CSEG_KEY,	/* "key=" of a structured field (dimmed) */
	CSEG_VALUE,	/* its value (dimmed) */
	CSEG_MARKER,	/* a cut marker */
	CSEG_EXC	/* an exception or stack line */
};

/* A styled stretch of the output text. */
struct cseg {
	uint32_t	off;
	uint32_t	len;
	uint8_t		kind;	/* enum cseg_kind */
};

/* A rendered record; reused from record to record (buffers kept). */
struct compact {
	char		*text;		/* the lines, '\n' between them */
	size_t		 len;
	size_t		 size;
	struct cseg	*segs;		/* sorted by off, not overlapping */
	size_t		 nsegs;
	size_t		 segsize;
	unsigned	 indent;	/* columns continuation lines start at */
	char		*tmp;		/* scratch: a decoded message */
	size_t		 tmplen;
	size_t		 tmpsize;
};

#define COMPACT_TIME_W	12	/* HH:MM:SS.mmm */
#define COMPACT_BADGE_W	5	/* ERROR, WARN , INFO  ... */
#define COMPACT_VAL_MAX	120	/* bytes of a field value before it is cut */
#define COMPACT_ELLIPSIS "\xe2\x80\xa6"	/* U+2026, one column */

void		 compact_init(struct compact *);
void		 compact_free(struct compact *);
/*
 * Render a record of len bytes (first line, then continuation lines) whose
 * first line the parser described in *f, for a pane width columns wide
 * (0: no limit; the width only chooses the logger column and the indent).
 */
void		 compact_render(struct compact *, const char *rec, size_t len,
		    const struct fields *f, unsigned width);
/*
 * The logger name s[0..n) fitted to width columns (>= 1): the whole name
 * when it fits; else leading components shortened to their first
 * character, from the left ("a.a.v1.users"); else leading components
 * elided ("...v.users"); the last component is kept whole while it fits,
 * and only then cut. Writes NUL-terminated UTF-8 to out (outsz >= 8 or
 * enough for the name) and returns the columns used (never above width).
 */
unsigned	 compact_logger(const char *s, size_t n, unsigned width, char *out,
		    size_t outsz);
/* Logger column for a pane of width columns (0: no logger column). */
unsigned	 compact_logger_width(unsigned width);
/* The level badge, COMPACT_BADGE_W columns ("ERROR", "WARN ", ...); "" for none. */
const char	*compact_badge(unsigned level);
/*
 * The time of day of a record as HH:MM:SS.mmm (13 bytes with the NUL):
 * read from the timestamp as written (time_span of line) when it holds
 * one, else from the ms since the epoch (UTC). Returns 0 when the record
 * has no time, else 12.
 */
size_t		 compact_time(const char *line, size_t n, const struct fields *f,
		    char out[16]);
/* The date of ms since the epoch as YYYY-MM-DD (UTC, as the parsers read it). */
void		 compact_date(int64_t ms, char out[16]);

#endif
