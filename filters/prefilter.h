/* prefilter.h: required literals of a regex, found with a SIMD scan. */
#ifndef PREFILTER_H
#define PREFILTER_H

#include <stddef.h>

struct prefilter;

#define PREFILTER_MAXLIT	8		/* literals in one set, at most */
#define PREFILTER_UNBOUNDED	((size_t)-1)	/* lead of unknown size */

/*
 * The required literals of a pattern: a set of at most PREFILTER_MAXLIT
 * byte strings such that every match of the pattern (compiled in UTF mode
 * when utf, caseless when icase) contains one of them, whole, inside the
 * matched span. NULL when none can be proved (the caller runs the regex
 * on everything).
 */
struct prefilter	*prefilter_build(const char *pattern, size_t n, int utf,
			     int icase);
/* One literal, searched exactly (ASCII case folded when icase). */
struct prefilter	*prefilter_literal(const char *lit, size_t n, int icase);
void			 prefilter_free(struct prefilter *);

/*
 * The first offset >= from where one of the literals lies whole inside
 * [s, s+n), or -1. *len (if not NULL) is that literal's length.
 */
long long		 prefilter_find(const struct prefilter *, const char *s,
			     size_t n, size_t from, size_t *len);
/*
 * How many bytes before its literal a match may start, at most:
 * PREFILTER_UNBOUNDED when not known.
 */
size_t			 prefilter_lead(const struct prefilter *);
/* How many literals, and literal i (for tests and reports). */
size_t			 prefilter_count(const struct prefilter *);
const char		*prefilter_lit(const struct prefilter *, size_t i,
			     size_t *len);
/* Which scanner runs: "avx2", "sse2" or "scalar". */
const char		*prefilter_engine(void);

#endif
