/* strptime.h: strftime date formats compiled into parsers of their dates. */
#ifndef STRPTIME_H
#define STRPTIME_H

#include <stddef.h>
#include <stdint.h>

struct strptime;

/*
 * Compile a strftime format as Python's Formatter uses it (datefmt); NULL
 * means Python's default asctime "%Y-%m-%d %H:%M:%S,mmm". Returns NULL and
 * sets *cause (allocated) for an unknown directive or a format with too
 * many parts.
 */
struct strptime	*strptime_compile(const char *datefmt, char **cause);
void		 strptime_free(struct strptime *);
/* Does the format print fractions of a second (%f, the default's ,mmm)? */
int		 strptime_subsec(const struct strptime *);
/*
 * Parse the date the format prints at s[*i] (s has n bytes). Returns 0
 * with *ms (ms since the epoch, TIME_UNKNOWN when the format has no year)
 * and *i moved past the date, or -1. Allocates nothing; a compiled format
 * is immutable and may be shared between threads.
 */
int		 strptime_parse(const struct strptime *, const char *s, size_t n,
		     size_t *i, int64_t *ms);

#endif
