/* runs.h: collapsed logger subtrees in a pane: runs of their records shown as one summary row. */
#ifndef RUNS_H
#define RUNS_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/level.h"

struct ltree;
struct view;

#define RUNS_CACHE	32	/* runs remembered between frames */

/* A run: consecutive view entries whose loggers lie in one collapsed subtree. */
struct run {
	size_t		 first;		/* view indexes, inclusive */
	size_t		 last;
	uint64_t	 first_ent;	/* the entry at first (the run's identity) */
	uint64_t	 n;		/* records: last - first + 1 */
	uint64_t	 levels[LEVEL_COUNT];
	int64_t		 t0;		/* time of the first record (ms), TIME_UNKNOWN */
	int64_t		 t1;		/* ... and of the last */
	uint32_t	 root;		/* ltree id of the collapsed subtree */
	int		 expanded;	/* Enter opened it: its records show */
};

/* The collapsed subtrees of one pane and the runs found in its view. */
struct runs {
	struct ltree	*tree;		/* not owned */
	uint32_t	*roots;		/* collapsed subtrees (ltree ids) */
	size_t		 nroots, rootsize;
	enum level	 keep;		/* records at this level or above break runs */
	uint64_t	 gen;		/* bumped by every change of roots or expansions */

	int32_t		*rootmap;	/* logger id -> root index + 1, 0 none, -1 unknown */
	size_t		 mapsize;

	uint64_t	*expanded;	/* first entries of expanded runs */
	size_t		 nexp, expsize;

	struct run	 cache[RUNS_CACHE];
	size_t		 ncache, next;	/* next: slot to replace */
	uint64_t	 key_first;	/* the view these runs were found in: */
	size_t		 key_count;	/* its first entry, count and filter */
	uint64_t	 key_filter;	/* generation */
	uint64_t	 key_gen;
};

void	runs_init(struct runs *, struct ltree *);
void	runs_free(struct runs *);
/* Collapse (on 1) or expand (on 0) the subtree id; returns 1 when that changed something. */
int	runs_set(struct runs *, uint32_t id, int on);
/* Is id a collapsed subtree's root? */
int	runs_is_root(const struct runs *, uint32_t id);
/* Is any subtree collapsed? */
int	runs_active(const struct runs *);
/* Records at level or above are never folded (default WARNING). */
void	runs_set_keep(struct runs *, enum level);
/*
 * The run holding view index i: 1 and *out filled, 0 when record i is
 * not inside a collapsed subtree (or is at the keep level). A run's
 * numbers are found once and remembered while the view only grows at its
 * end; a run still open at the view's end grows with it.
 */
int	runs_at(struct runs *, const struct view *, size_t i, struct run *out);
/* Expand a folded run, or fold an expanded one (Enter). */
void	runs_toggle(struct runs *, const struct run *);
/*
 * The summary row of a run, into buf (NUL-terminated, cut to size):
 *   ··· NAME.*  N records  LEVEL n LEVEL n  HH:MM:SS.mmm-HH:MM:SS.mmm
 * levels from the most to the least severe.
 */
void	runs_summary(const struct runs *, const struct run *, char *buf,
	    size_t size);

#endif
