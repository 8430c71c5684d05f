/* view.h: the incrementally filtered list of records shown by one pane. */
#ifndef VIEW_H
#define VIEW_H

#include <stddef.h>
#include <stdint.h>

struct filter;
struct lstore;
struct ltree;
struct viewpar;

/* view.threads: worker threads for a rebuild (tests force either way). */
#define VIEW_THREADS_AUTO	0	/* for big single-store rebuilds */
#define VIEW_THREADS_ONE	1	/* never */
#define VIEW_THREADS_FORCE	2	/* whenever the store allows, however small */

/* An entry names a store (its index in the view) and a record id. */
#define VIEW_STORE_BITS	12
#define VIEW_ID_BITS	52
#define VIEW_ENT(s, id)	(((uint64_t)(s) << VIEW_ID_BITS) | (id))
#define VIEW_ENT_STORE(e) ((unsigned)((e) >> VIEW_ID_BITS))
#define VIEW_ENT_ID(e)	((e) & ((UINT64_C(1) << VIEW_ID_BITS) - 1))

struct view {
	struct lstore	**stores;	/* not owned */
	size_t		  nstores;
	struct filter	 *filter;	/* not owned (the pane's) */
	struct ltree	 *tree;

	uint64_t	 *ents;		/* valid in [lo, hi) */
	size_t		  lo, hi, size;

	uint64_t	 *fwd;		/* per store: next id to examine going forward */
	uint64_t	 *back;		/* per store: rebuilding: ids below this are still to do */
	uint64_t	 *gens;		/* per store generation seen */
	uint64_t	  filter_gen;
	int		  rebuilding;	/* scanning backwards after a change */
	int		  identity;	/* one store, nothing filtered: no array at all */
	uint64_t	  todo;		/* records left to examine in the rebuild */
	uint64_t	  total;	/* records in the rebuild */

	struct viewpar	 *par;		/* the rebuild's worker threads, or NULL */
	int		  threads;	/* VIEW_THREADS_* (set after view_init) */
	uint64_t	  chunk;	/* records per worker chunk (0: default) */
};

void	 view_init(struct view *, struct lstore **, size_t, struct filter *,
	     struct ltree *);
void	 view_free(struct view *);
/*
 * Bring the view up to date: rebuild after a filter or store change
 * (newest records first, so the bottom of a following pane is right at
 * once), then take in appended records. Works for at most `ms`
 * milliseconds (0: no limit). Returns 1 when work remains.
 */
int	 view_update(struct view *, unsigned ms);
size_t	 view_count(const struct view *);
uint64_t view_entry(const struct view *, size_t);
/* Index of the first entry at or after (store, id) in view order; view_count if none. */
size_t	 view_find(const struct view *, uint64_t ent);
/* Rebuild progress in percent (100 when not rebuilding). */
int	 view_progress(const struct view *);
/* Time of an entry (ms; inherited when the record had none). */
int64_t	 view_time(const struct view *, uint64_t ent);

#endif
