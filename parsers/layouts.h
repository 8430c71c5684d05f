/* layouts.h: record layouts of servers and of Node, Java and Go loggers, for detect.c. */
#ifndef LAYOUTS_H
#define LAYOUTS_H

#include <stddef.h>

#include "parse.h"
#include "record.h"

/*
 * detect.c dispatches on a line's first byte and calls these where its
 * own matchers give up, so the layouts it knew keep their cost. Each
 * returns LAYOUT_REC (a record start, f filled), LAYOUT_NO (not this
 * layout: the caller goes on), or LAYOUT_CONT (the line continues the
 * record before it although it looks like a start: PostgreSQL's DETAIL /
 * HINT / STATEMENT lines). layouts_digit may instead return LAYOUT_TIME:
 * it read a timestamp (f->time and f->time_span set, *i past it) and the
 * caller goes on with what follows, as after its own timestamps.
 */
#define LAYOUT_CONT	(-1)
#define LAYOUT_NO	0
#define LAYOUT_REC	1
#define LAYOUT_TIME	2

/* A line starting with a digit that no ptime.c form starts. */
int	layouts_digit(struct parser *, const char *, size_t, struct fields *,
	    size_t *i);
/* After a timestamp at i, where detect.c's own tails found nothing. */
int	layouts_after_time(struct parser *, const char *, size_t, size_t i,
	    struct fields *);
/* "[time] " read by detect.c, the rest at j: bunyan, pino-pretty, log4js. */
int	layouts_btime(const char *, size_t, size_t j, struct fields *);
/* "[time LEVEL name] msg" (Rust's env_logger), i just past the time. */
int	layouts_btime_inner(const char *, size_t, size_t i, struct fields *);
/* '[' not followed by a digit: tornado "[I yymmdd ...]", Apache error logs. */
int	layouts_bracket(const char *, size_t, struct fields *);
/* An upper-case first letter: java.util.logging header, glog / klog. */
int	layouts_upper(struct parser *, const char *, size_t, struct fields *);
/* A lower-case first letter: winston "level: msg", an access line from a host name. */
int	layouts_lower(struct parser *, const char *, size_t, struct fields *);
/* Any other first byte: ANSI colour codes, an IPv6 client. */
int	layouts_other(struct parser *, const char *, size_t, struct fields *);
/* "LEVEL name msg": a bare dotted logger name at k (SQLAlchemy's echo, log4j without " - "). */
int	layouts_dotted(const char *, size_t, size_t k, struct fields *);
/*
 * A line that no layout starts, after a record whose layout decides for
 * it: the level line of a java.util.logging record (sets p->amend), or a
 * bare line after an access line (a record of its own, level NONE).
 */
int	layouts_next(struct parser *, const char *, size_t, struct fields *);
/* A syslog tag with blanks, "Name With Spaces[pid]:" from p: the '[', or p if none. */
size_t	layouts_prog_end(const char *, size_t, size_t p);
/* Does the last record's format make layouts_next worth a call? */
#define LAYOUTS_STATEFUL(p) \
	((p)->want || (p)->last == FORMAT_ACCESS || (p)->last == FORMAT_TEXT)
/* After a record without a level: strip ANSI colour codes and detect again. */
int	layouts_uncolour(struct parser *, const char *, size_t, struct fields *);

#endif
