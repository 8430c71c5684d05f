/* regex.h: PCRE2 (8-bit, JIT) behind a small interface with bounded cost. */
#ifndef REGEX_H
#define REGEX_H

#include <stddef.h>
#include <stdint.h>

struct regex;

/* Case handling: smart case (insensitive unless the pattern has an upper-case letter). */
enum regex_case {
	REGEX_SMART = 0,
	REGEX_ICASE,
	REGEX_CASE
};

/*
 * Compile a pattern (UTF-8 when valid; invalid bytes match themselves).
 * On error returns NULL and sets *cause to "PCRE2 message at offset N"
 * (allocated; the caller adds the option and pattern).
 * Every regex gets a match limit and a heap limit, so one record costs a
 * bounded time whatever the pattern.
 */
struct regex	*regex_compile(const char *pattern, enum regex_case, char **cause);
void		 regex_free(struct regex *);
const char	*regex_pattern(const struct regex *);
/* A new regex for the same pattern and case mode (its own match data). */
struct regex	*regex_dup(const struct regex *);

#define REGEX_NOMATCH	 0
#define REGEX_MATCH	 1
#define REGEX_LIMIT	-1	/* match or heap limit hit: undecided */

/* Does the pattern match anywhere in [s, s+n)? REGEX_MATCH, _NOMATCH or _LIMIT. */
int		 regex_match(struct regex *, const char *s, size_t n);
/*
 * Find the first match starting at or after byte `from`. Returns
 * REGEX_MATCH and the match as [*start, *start + *len), or _NOMATCH / _LIMIT.
 * Empty matches are reported with *len = 0; callers advance by one byte.
 */
int		 regex_find(struct regex *, const char *s, size_t n, size_t from,
		     size_t *start, size_t *len);

/* May the pattern be searched over many records at once (no anchors, no lookbehind)? */
int		 regex_prefilter_safe(const struct regex *);

#endif
