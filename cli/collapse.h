/* collapse.h: --print -C NAME: runs of a logger subtree's records as one summary line. */
#ifndef COLLAPSE_H
#define COLLAPSE_H

#include <stddef.h>
#include <stdint.h>

#include "model/ltree.h"
#include "parsers/level.h"

/* The collapsed subtrees and the run being gathered. */
struct collapse {
	uint32_t	*roots;		/* ltree ids of the -C names, owned */
	const char	**names;	/* the names as given, not owned */
	size_t		 nroots;
	enum level	 keep;		/* records at this level or above break runs */

	int		 active;	/* a run is open */
	size_t		 root;		/* index of its subtree */
	int		 src;		/* the source it came from */
	uint64_t	 n;
	uint64_t	 levels[LEVEL_COUNT];
	char		 first[64];	/* time of its first record, as written */
	char		 last[64];	/* ... and of its last */
};

/* The subtrees named (interned in tree); nothing collapses when n is 0. */
void	collapse_init(struct collapse *, struct ltree *, const char **names,
	    size_t n);
void	collapse_free(struct collapse *);
/*
 * Take a record (already passed by the filters) into a run: returns 1
 * when it was folded, 0 when it must be printed -- then *flush says
 * whether the open run must be written first (collapse_write). A record
 * breaks the run when it is outside the collapsed subtree, of another
 * collapsed subtree, from another source, or at `keep` or above.
 */
int	collapse_take(struct collapse *, const struct ltree *, uint32_t logger,
	    enum level, const char *time, size_t timelen, int src, int *flush);
/* Is a run open? */
int	collapse_open(const struct collapse *);
/*
 * Write the open run's summary line (text, with the trailing newline) or
 * JSON object into a new string, and close the run:
 *   ··· NAME.*: N records (LEVEL n, ...) FIRST .. LAST
 *   {"collapsed":"NAME","records":N,"levels":{..},"first":..,"last":..}
 * Levels go from the most to the least severe; times as written in the log
 * (left out when the records have none).
 */
char	*collapse_write(struct collapse *, int json, size_t *len);

#endif
