/* filter.h: one filter chain (levels, logger selection, regexes) for --print and panes. */
#ifndef FILTER_H
#define FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "regex.h"
#include "model/ltree.h"

/*
 * A filter decides whether a record is shown. Tests run cheapest first:
 * level bit, logger visibility, then include regexes (all must match),
 * then exclude regexes (any drops). A regex that hits its match limit on a
 * record cannot decide it: the record is kept (never hidden silently) and
 * counted in `undecided`.
 */
struct filter {
	uint32_t	  levels;	/* LEVEL_BIT mask of shown levels */
	struct lsel	 *lsel;		/* logger selection, owned */
	struct regex	**inc;		/* owned */
	size_t		  ninc;
	struct regex	**exc;		/* owned */
	size_t		  nexc;
	enum regex_case	  rcase;	/* for regexes added later */
	uint64_t	  undecided;	/* records a regex could not decide */
	uint64_t	  generation;	/* bumped on every change */
	int64_t		  since;	/* since <= time < until (--since/--until); */
	int64_t		  until;	/* INT64_MIN / INT64_MAX: no bound */
};

void	filter_init(struct filter *);
void	filter_free(struct filter *);
/* Deep copy (regexes recompiled); dst is overwritten, not freed first. */
void	filter_copy(struct filter *dst, const struct filter *src);
/* Add a pattern; returns -1 and *cause on a compile error, filter unchanged. */
int	filter_add_include(struct filter *, const char *pattern, char **cause);
int	filter_add_exclude(struct filter *, const char *pattern, char **cause);
/* Drop every regex. */
void	filter_clear_regex(struct filter *);
void	filter_set_levels(struct filter *, uint32_t mask);
/* Toggle one level's bit. */
void	filter_toggle_level(struct filter *, enum level);
/* Record `generation` changes on lsel edits done through the filter. */
void	filter_touch(struct filter *);
/* True when a record of this level and logger can pass (no regex run). */
int	filter_pass_meta(struct filter *, const struct ltree *, enum level, uint32_t logger);
/*
 * True when a record time (its own, or inherited from the record before it;
 * TIME_UNKNOWN before any) is inside [since, until).
 */
int	filter_pass_time(const struct filter *, int64_t time);
/* True when the filter has a time range. */
int	filter_has_time(const struct filter *);
/* True when the record text passes the regexes (counts undecided records). */
int	filter_pass_text(struct filter *, const char *text, size_t len);
/* True when the filter has regexes (text is needed). */
int	filter_needs_text(const struct filter *);

/* An include regex that may be searched over many records at once, or NULL. */
struct regex	*filter_prefilter(const struct filter *);
/* May the regexes be searched over many records at once (see filter.c)? */
int		 filter_searchable(const struct filter *);

#endif
