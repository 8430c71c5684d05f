/* ltree.h: the logger hierarchy (a.b.c under a.b under a), with counts and selections. */
#ifndef LTREE_H
#define LTREE_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/level.h"

/*
 * struct ltree interns logger names: each distinct dotted name gets a
 * stable id (never reused, never moved), and every ancestor of a name
 * exists as a node too ("a.b.c" creates "a", "a.b", "a.b.c"). Node 0 is the
 * invisible root; records without a logger use id 0. Ids grow in creation
 * order, so a parent's id is always below its children's.
 *
 * Counts (struct lcounts) and selections (struct lsel) are separate tables
 * indexed by node id, so one tree serves every source, pane and --stats.
 */
struct ltree;

#define LTREE_ROOT	0u

struct ltree	*ltree_create(void);
void		 ltree_free(struct ltree *);
/* Id of a logger name (created with its ancestors if new). len 0 gives LTREE_ROOT. */
uint32_t	 ltree_intern(struct ltree *, const char *name, size_t len);
/* Id of an existing name, or UINT32_MAX. */
uint32_t	 ltree_lookup(const struct ltree *, const char *name, size_t len);
uint32_t	 ltree_count_nodes(const struct ltree *);
uint32_t	 ltree_parent(const struct ltree *, uint32_t id);
/* Full dotted name of a node (NUL-terminated, owned by the tree); "" for the root. */
const char	*ltree_name(const struct ltree *, uint32_t id, size_t *len);
/* Last component ("c" of "a.b.c"). */
const char	*ltree_leaf(const struct ltree *, uint32_t id, size_t *len);
uint32_t	 ltree_depth(const struct ltree *, uint32_t id);
/* Children in name order: first child, then next sibling; UINT32_MAX ends. */
uint32_t	 ltree_first_child(const struct ltree *, uint32_t id);
uint32_t	 ltree_next_sibling(const struct ltree *, uint32_t id);
/* Is `id` in the subtree of `top` (top itself included)? */
int		 ltree_in_subtree(const struct ltree *, uint32_t id, uint32_t top);

/* Per-node, per-level counts: own records and subtree totals. */
struct lcounts {
	uint64_t	(*self)[LEVEL_COUNT];
	uint64_t	(*sub)[LEVEL_COUNT];
	uint32_t	  size;		/* nodes allocated */
};
void		 lcounts_init(struct lcounts *);
void		 lcounts_free(struct lcounts *);
void		 lcounts_clear(struct lcounts *);
/* Count one record of `level` at node id (and in every ancestor's subtree). */
void		 lcounts_add(struct lcounts *, const struct ltree *, uint32_t id, enum level);
uint64_t	 lcounts_total(const uint64_t counts[LEVEL_COUNT]);
/* Own count only; lcounts_fill_subtrees then makes every subtree total. */
void		 lcounts_add_own(struct lcounts *, const struct ltree *, uint32_t id,
		     enum level);
void		 lcounts_fill_subtrees(struct lcounts *, const struct ltree *);
/* Add src (counted in another tree) into dst through map[src id] = dst id. */
void		 lcounts_merge_map(struct lcounts *, const struct lcounts *,
		     const uint32_t *map, uint32_t nmap);
/* Add every count of src into dst (dst grows as needed). */
void		 lcounts_merge(struct lcounts *dst, const struct lcounts *src);

/*
 * A selection of loggers (per pane, or from -L / -X): each node is shown,
 * hidden (with its subtree) or marked "only" (when any node is marked only,
 * just those subtrees are shown). The deepest explicit mark wins, so a
 * shown child of a hidden parent is visible. Visibility per id is cached
 * and extended as the tree grows.
 */
enum lsel_mark {
	LSEL_INHERIT = 0,
	LSEL_SHOW,
	LSEL_HIDE,
	LSEL_ONLY
};
struct lsel;
struct lsel	*lsel_create(void);
void		 lsel_free(struct lsel *);
struct lsel	*lsel_copy(const struct lsel *);
void		 lsel_set(struct lsel *, uint32_t id, enum lsel_mark);
enum lsel_mark	 lsel_get(const struct lsel *, uint32_t id);
/* Clear every mark (show all). */
void		 lsel_reset(struct lsel *);
/* True when nothing is marked (every logger shown). */
int		 lsel_empty(const struct lsel *);
/* Is a record of logger id shown? */
int		 lsel_visible(struct lsel *, const struct ltree *, uint32_t id);
/* How many subtrees are marked hidden, and marked "only". */
void		 lsel_counts(const struct lsel *, uint32_t *hidden, uint32_t *only);
/* Bumped whenever marks change, so views know to rebuild. */
uint64_t	 lsel_generation(const struct lsel *);

/* map[src id] = the id of the same name in dst (interned); allocated. */
uint32_t	*ltree_map(struct ltree *dst, const struct ltree *src);

#endif
