/* fallback.h: detection's last try: server and other languages' header layouts. */
#ifndef FALLBACK_H
#define FALLBACK_H

#include <stddef.h>

#include "parse.h"
#include "record.h"

/*
 * Read a line no known layout took as TIME [ZONE] [[pid]] [[name]] LEVEL
 * [name] message (see fallback.c), an HTTP access line or a tornado
 * header. Returns 1 and fills *f for a record start, 0 when it is none,
 * -1 when it is surely a continuation (PostgreSQL's DETAIL, HINT, ...
 * lines carry a header of their own); *f is unspecified unless 1.
 */
int	fallback_line(struct parser *, const char *line, size_t len,
	    struct fields *f);

#endif
