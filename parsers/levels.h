/* levels.h: level tokens in the forms non-Python layouts write them. */
#ifndef LEVELS_H
#define LEVELS_H

#include <stddef.h>
#include <stdint.h>

#include "record.h"

/*
 * level.c knows the words; these add the spellings a layout only uses in
 * its own place: three- and four-letter abbreviations of Go and .NET
 * loggers (TRC VRB PNC, DBUG EROR TRCE), npm's words (http, verbose,
 * silly), PostgreSQL's severities (LOG, DEBUG1..5 and the follow-up
 * fields DETAIL, HINT, ...), redis's symbols, java.util.logging's CONFIG.
 * All return a level (enum level) or -1.
 */

/* level_parse, then the abbreviations above and CONFIG. */
int	levels_word(const char *, size_t);
/* npm's lower-case words as winston writes them (http INFO, verbose DEBUG, silly TRACE), else level_parse. */
int	levels_npm(const char *, size_t);
/*
 * A PostgreSQL severity (LOG INFO, DEBUG1..5, NOTICE, WARNING, ERROR,
 * FATAL, PANIC): its level; LEVELS_PG_MORE for the fields that continue
 * the message before them (DETAIL HINT CONTEXT STATEMENT QUERY LOCATION).
 */
#define LEVELS_PG_MORE	(-2)
int	levels_pg(const char *, size_t);
/* redis: '.' DEBUG, '-' INFO (verbose), '*' NOTICE, '#' WARNING. */
int	levels_redis(char);

/*
 * Copy s without its ANSI escape sequences (CSI "ESC [ ... final" and
 * two-byte "ESC x") into out (room for cap bytes), recording for each
 * byte written its offset in s in map. Stops at cap; returns the bytes
 * written and sets *used to the bytes of s consumed.
 */
size_t	levels_strip_ansi(const char *s, size_t n, char *out, uint16_t *map,
	    size_t cap, size_t *used);
/* A span of that copy (k bytes) mapped back to the line of n bytes. */
void	levels_unmap(struct span *, const uint16_t *map, size_t k, size_t n);

#endif
