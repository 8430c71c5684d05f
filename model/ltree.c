/*
 * ltree.c: the logger hierarchy, its per-level counts and selections.
 *
 * struct ltree is an array of nodes indexed by id plus an open-addressing
 * hash table (linear probing, FNV-1a 64) from full dotted name to id.
 * Node 0 is the root (name "", not in the table). A name's parent is the
 * name up to its last '.': "a.b.c" -> "a.b" -> "a" -> root; a prefix that
 * would be empty (a leading dot) means the root, so ".a" is a child of the
 * root with leaf ".a", "a..b" has parent "a." whose leaf is "". Names are
 * bytes; nothing but '.' is special.
 *
 * Invariants: ids are dense, handed out in creation order, never reused or
 * moved; a parent is always created before its children, so parent id <
 * child id. Names live in fixed-size arena chunks that never move, so the
 * pointers ltree_name / ltree_leaf return stay valid until ltree_free.
 *
 * Bounds against hostile input: names longer than LTREE_NAME_MAX bytes are
 * cut to that length (by intern and lookup alike), and only the first
 * LTREE_DEPTH_MAX dots make levels -- deeper dots stay inside the last
 * leaf. So one new name creates at most LTREE_DEPTH_MAX + 1 nodes and
 * stores at most (LTREE_DEPTH_MAX + 1) * LTREE_NAME_MAX bytes.
 *
 * Children: each node has a sorted child list (first_child/next_sibling)
 * and a list of new children not yet sorted in. Interning prepends to the
 * new list in O(1); ltree_first_child merges the new children in (sort
 * them, then one merge pass) the first time it is asked. The node array is
 * reached through a pointer, so that lazy step works on a const tree.
 *
 * Memory per node: 32 bytes of struct lnode, 4 bytes per hash slot at a
 * load factor between 1/4 and 1/2 (8 to 16 bytes per node), and the full
 * name plus a NUL in the arena: 40 to 48 bytes + name length + 1 per node
 * (plus up to 2x slack on the node array, which grows by doubling).
 * Measured: 1,000,000 loggers "svcN.modNNNNNNNNNN" (~18-byte names) take
 * 59 MB RSS in all and 0.8 s to intern. A struct lcounts adds 128 bytes
 * per node (two rows of 8 uint64), a struct lsel 2 bytes (mark + cache).
 */
#include "ltree.h"

#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

#define LTREE_NAME_MAX	1024	/* longer names are cut to this */
#define LTREE_DEPTH_MAX	64	/* dots beyond this stay in the leaf */
#define LTREE_CHUNK	65536	/* arena chunk size */
#define LTREE_NONE	UINT32_MAX

struct lnode {
	const char	*name;		/* full name, NUL-terminated, in the arena */
	uint32_t	 len;		/* name length */
	uint32_t	 parent;	/* LTREE_NONE for the root */
	uint32_t	 depth;		/* 0 for the root */
	uint32_t	 first_child;	/* sorted children */
	uint32_t	 next_sibling;
	uint32_t	 new_child;	/* children not yet merged into the sorted list */
};

struct ltree_chunk {
	struct ltree_chunk	*next;
	size_t			 used;
	size_t			 size;
	char			 data[];
};

struct ltree {
	struct lnode		*nodes;
	uint32_t		 n;		/* nodes in use */
	uint32_t		 alloc;		/* nodes allocated */
	uint32_t		*slots;		/* hash table of ids, LTREE_NONE = empty */
	uint32_t		 mask;		/* slots - 1 (a power of two minus one) */
	struct ltree_chunk	*chunks;	/* newest first */
};

/*
 * Hash of a whole name, 8 bytes at a time (the last word overlapping the
 * one before it), so a 20-byte logger costs three multiplies, not twenty.
 * Only the table uses it; logger colours have their own stable hash.
 */
static uint64_t
ltree_hash(const char *s, size_t n)
{
	uint64_t	h = (uint64_t)n * 0x9e3779b97f4a7c15ULL, w;
	size_t		i;

	if (n < 8) {
		for (i = 0; i < n; i++)
			h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
		return h;
	}
	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
	}
	if (i < n) {
		memcpy(&w, s + n - 8, 8);
		h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
		h ^= h >> 32;
	}
	return h;
}

/* Final mix, so that the low bits used as slot index are well spread. */
static uint32_t
ltree_slot(uint64_t h, uint32_t mask)
{
	h ^= h >> 32;
	h *= 0x9e3779b97f4a7c15ULL;
	return (uint32_t)(h >> 32) & mask;
}

/* Copy a name into the arena; returns a stable NUL-terminated copy. */
static const char *
ltree_store(struct ltree *t, const char *name, size_t len)
{
	struct ltree_chunk	*c = t->chunks;
	char			*p;

	if (c == NULL || c->size - c->used < len + 1) {
		size_t	size = len + 1 > LTREE_CHUNK ? len + 1 : LTREE_CHUNK;

		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = t->chunks;
		t->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, name, len);
	p[len] = '\0';
	c->used += len + 1;
	return p;
}

/* Find the slot of a name with hash h: the id, or LTREE_NONE (and *slot). */
static uint32_t
ltree_probe(const struct ltree *t, const char *name, size_t len, uint64_t h,
    uint32_t *slot)
{
	uint32_t	i = ltree_slot(h, t->mask), id;

	for (;;) {
		id = t->slots[i];
		if (id == LTREE_NONE)
			break;
		if (t->nodes[id].len == len &&
		    memcmp(t->nodes[id].name, name, len) == 0)
			break;
		i = (i + 1) & t->mask;
	}
	if (slot != NULL)
		*slot = i;
	return id;
}

/* Double the hash table and reinsert every node. */
static void
ltree_grow_table(struct ltree *t)
{
	uint32_t	size = (t->mask + 1) * 2, id, i;

	free(t->slots);
	t->slots = xreallocarray(NULL, size, sizeof *t->slots);
	memset(t->slots, 0xff, (size_t)size * sizeof *t->slots);
	t->mask = size - 1;
	for (id = 1; id < t->n; id++) {
		const struct lnode	*nd = &t->nodes[id];

		i = ltree_slot(ltree_hash(nd->name, nd->len),
		    t->mask);
		while (t->slots[i] != LTREE_NONE)
			i = (i + 1) & t->mask;
		t->slots[i] = id;
	}
}

/* Create the tree with its root. */
struct ltree *
ltree_create(void)
{
	struct ltree	*t = xcalloc(1, sizeof *t);

	t->alloc = 64;
	t->nodes = xreallocarray(NULL, t->alloc, sizeof *t->nodes);
	t->mask = 63;
	t->slots = xreallocarray(NULL, t->mask + 1, sizeof *t->slots);
	memset(t->slots, 0xff, (size_t)(t->mask + 1) * sizeof *t->slots);
	t->nodes[0].name = ltree_store(t, "", 0);
	t->nodes[0].len = 0;
	t->nodes[0].parent = LTREE_NONE;
	t->nodes[0].depth = 0;
	t->nodes[0].first_child = LTREE_NONE;
	t->nodes[0].next_sibling = LTREE_NONE;
	t->nodes[0].new_child = LTREE_NONE;
	t->n = 1;
	return t;
}

/* Free the tree and every name. */
void
ltree_free(struct ltree *t)
{
	struct ltree_chunk	*c, *next;

	if (t == NULL)
		return;
	for (c = t->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(t->nodes);
	free(t->slots);
	free(t);
}

/* Add a node for name (whose parent exists) into the free slot. */
static uint32_t
ltree_add(struct ltree *t, const char *name, size_t len, uint32_t parent,
    uint32_t slot)
{
	struct lnode	*nd;
	uint32_t	 id;

	if (t->n == UINT32_MAX - 1)
		return parent;	/* out of ids: fold into the parent */
	if (t->n == t->alloc) {
		t->alloc *= 2;
		t->nodes = xreallocarray(t->nodes, t->alloc, sizeof *t->nodes);
	}
	id = t->n++;
	nd = &t->nodes[id];
	nd->name = ltree_store(t, name, len);
	nd->len = (uint32_t)len;
	nd->parent = parent;
	nd->depth = t->nodes[parent].depth + 1;
	nd->first_child = LTREE_NONE;
	nd->next_sibling = t->nodes[parent].new_child;
	nd->new_child = LTREE_NONE;
	t->nodes[parent].new_child = id;
	t->slots[slot] = id;
	return id;
}

/* Intern a name and its ancestors; returns its id. */
uint32_t
ltree_intern(struct ltree *t, const char *name, size_t len)
{
	uint64_t	h;
	uint32_t	id, slot, parent, dots;
	size_t		i;

	if (len > LTREE_NAME_MAX)
		len = LTREE_NAME_MAX;
	if (len == 0)
		return LTREE_ROOT;
	h = ltree_hash(name, len);
	id = ltree_probe(t, name, len, h, NULL);
	if (id != LTREE_NONE)
		return id;

	/* Walk the prefixes left to right, creating the missing ones. */
	parent = LTREE_ROOT;
	dots = 0;
	for (i = 1; i <= len; i++) {
		if (i < len && (name[i] != '.' || dots >= LTREE_DEPTH_MAX))
			continue;
		/* name[0, i) is a prefix ending before a dot, or the name. */
		if (i < len)
			dots++;
		h = ltree_hash(name, i);
		id = ltree_probe(t, name, i, h, &slot);
		if (id == LTREE_NONE) {
			if ((t->n + 1) * 2 > t->mask + 1) {
				ltree_grow_table(t);
				id = ltree_probe(t, name, i, h, &slot);
			}
			id = ltree_add(t, name, i, parent, slot);
		}
		parent = id;
	}
	return parent;
}

/* Id of an existing name, or UINT32_MAX. */
uint32_t
ltree_lookup(const struct ltree *t, const char *name, size_t len)
{
	if (len > LTREE_NAME_MAX)
		len = LTREE_NAME_MAX;
	if (len == 0)
		return LTREE_ROOT;
	return ltree_probe(t, name, len, ltree_hash(name, len), NULL);
}

/* Number of nodes, the root included. */
uint32_t
ltree_count_nodes(const struct ltree *t)
{
	return t->n;
}

/* Parent id (UINT32_MAX for the root or an unknown id). */
uint32_t
ltree_parent(const struct ltree *t, uint32_t id)
{
	if (id >= t->n)
		return LTREE_NONE;
	return t->nodes[id].parent;
}

/* Full dotted name; "" for the root or an unknown id. */
const char *
ltree_name(const struct ltree *t, uint32_t id, size_t *len)
{
	if (id >= t->n)
		id = LTREE_ROOT;
	if (len != NULL)
		*len = t->nodes[id].len;
	return t->nodes[id].name;
}

/* Last component: the name after the parent's name and its dot. */
const char *
ltree_leaf(const struct ltree *t, uint32_t id, size_t *len)
{
	const struct lnode	*nd;
	uint32_t		 skip = 0;

	if (id >= t->n)
		id = LTREE_ROOT;
	nd = &t->nodes[id];
	if (nd->parent != LTREE_NONE && nd->parent != LTREE_ROOT)
		skip = t->nodes[nd->parent].len + 1;
	if (len != NULL)
		*len = nd->len - skip;
	return nd->name + skip;
}

/* Depth: 0 for the root, 1 for "a", 2 for "a.b". */
uint32_t
ltree_depth(const struct ltree *t, uint32_t id)
{
	if (id >= t->n)
		return 0;
	return t->nodes[id].depth;
}

/* A child to sort: the first 8 bytes of its leaf (big-endian) and its id. */
struct ltree_key {
	uint64_t	key;
	uint32_t	id;
};

/* The sort key of a child: its leaf's first 8 bytes, zero-padded. */
static struct ltree_key
ltree_key(const struct ltree *t, uint32_t id)
{
	struct ltree_key	 k;
	const unsigned char	*p;
	size_t			 n, i;

	p = (const unsigned char *)ltree_leaf(t, id, &n);
	k.key = 0;
	for (i = 0; i < 8; i++)
		k.key = (k.key << 8) | (i < n ? p[i] : 0);
	k.id = id;
	return k;
}

/* Compare two children by leaf bytes (a shorter prefix first). */
static int
ltree_cmp(const struct ltree *t, const struct ltree_key *a,
    const struct ltree_key *b)
{
	const char	*la, *lb;
	size_t		 na, nb;
	int		 c;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	la = ltree_leaf(t, a->id, &na);
	lb = ltree_leaf(t, b->id, &nb);
	c = memcmp(la, lb, na < nb ? na : nb);
	if (c != 0)
		return c;
	return na < nb ? -1 : na > nb;
}

/* Bottom-up merge sort of k[0, n) using tmp[0, n). */
static void
ltree_sort(const struct ltree *t, struct ltree_key *k, struct ltree_key *tmp,
    uint32_t n)
{
	struct ltree_key	*src = k, *dst = tmp, *sw;
	uint32_t		 w, lo, i, j, o, mid, hi;

	for (w = 1; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = n - lo > w ? lo + w : n;
			hi = n - mid > w ? mid + w : n;
			i = lo, j = mid, o = lo;
			while (i < mid && j < hi)
				dst[o++] = ltree_cmp(t, &src[j], &src[i]) < 0 ?
				    src[j++] : src[i++];
			while (i < mid)
				dst[o++] = src[i++];
			while (j < hi)
				dst[o++] = src[j++];
		}
		sw = src, src = dst, dst = sw;
	}
	if (src != k)
		memcpy(k, src, (size_t)n * sizeof *k);
}

/*
 * Merge a node's new children into its sorted child list: sort the new
 * ones, then merge with the old list in one pass. The node array is
 * reached through a pointer, so this works on a const tree.
 */
static void
ltree_settle(const struct ltree *t, uint32_t id)
{
	struct lnode		*nodes = t->nodes, *nd = &nodes[id];
	struct ltree_key	*nk, *tmp, old;
	uint32_t		 n = 0, c, i, o;

	if (nd->new_child == LTREE_NONE)
		return;
	for (c = nd->new_child; c != LTREE_NONE; c = nodes[c].next_sibling)
		n++;
	nk = xreallocarray(NULL, (size_t)n * 2, sizeof *nk);
	tmp = nk + n;
	i = 0;
	for (c = nd->new_child; c != LTREE_NONE; c = nodes[c].next_sibling)
		nk[i++] = ltree_key(t, c);
	ltree_sort(t, nk, tmp, n);

	/* Merge: walk the old list, relinking as we go. */
	o = LTREE_NONE;		/* last id linked */
	c = nd->first_child;
	i = 0;
	nd->first_child = LTREE_NONE;
	while (i < n || c != LTREE_NONE) {
		uint32_t	pick;

		if (c != LTREE_NONE)
			old = ltree_key(t, c);
		if (c == LTREE_NONE || (i < n && ltree_cmp(t, &nk[i], &old) < 0))
			pick = nk[i++].id;
		else {
			pick = c;
			c = nodes[c].next_sibling;
		}
		if (o == LTREE_NONE)
			nd->first_child = pick;
		else
			nodes[o].next_sibling = pick;
		o = pick;
	}
	if (o != LTREE_NONE)
		nodes[o].next_sibling = LTREE_NONE;
	nd->new_child = LTREE_NONE;
	free(nk);
}

/* First child in name order, or UINT32_MAX. */
uint32_t
ltree_first_child(const struct ltree *t, uint32_t id)
{
	if (id >= t->n)
		return LTREE_NONE;
	ltree_settle(t, id);
	return t->nodes[id].first_child;
}

/* Next sibling in name order, or UINT32_MAX. */
uint32_t
ltree_next_sibling(const struct ltree *t, uint32_t id)
{
	if (id >= t->n || id == LTREE_ROOT)
		return LTREE_NONE;
	/* Settled by the parent's first_child; new siblings wait for it. */
	ltree_settle(t, t->nodes[id].parent);
	return t->nodes[id].next_sibling;
}

/* Is id in the subtree of top (top included)? */
int
ltree_in_subtree(const struct ltree *t, uint32_t id, uint32_t top)
{
	uint32_t	d;

	if (id >= t->n || top >= t->n)
		return 0;
	d = t->nodes[top].depth;
	while (t->nodes[id].depth > d)
		id = t->nodes[id].parent;
	return id == top;
}

/* Empty counts. */
void
lcounts_init(struct lcounts *lc)
{
	lc->self = NULL;
	lc->sub = NULL;
	lc->size = 0;
}

/* Free the count tables. */
void
lcounts_free(struct lcounts *lc)
{
	free(lc->self);
	free(lc->sub);
	lcounts_init(lc);
}

/* Zero every count (the tables stay allocated). */
void
lcounts_clear(struct lcounts *lc)
{
	if (lc->size == 0)
		return;
	memset(lc->self, 0, (size_t)lc->size * sizeof *lc->self);
	memset(lc->sub, 0, (size_t)lc->size * sizeof *lc->sub);
}

/* Make room for ids below n. */
static void
lcounts_grow(struct lcounts *lc, uint32_t n)
{
	uint32_t	size = lc->size ? lc->size : 64;

	while (size < n)
		size = size > UINT32_MAX / 2 ? n : size * 2;
	lc->self = xreallocarray(lc->self, size, sizeof *lc->self);
	lc->sub = xreallocarray(lc->sub, size, sizeof *lc->sub);
	memset(lc->self + lc->size, 0, (size_t)(size - lc->size) *
	    sizeof *lc->self);
	memset(lc->sub + lc->size, 0, (size_t)(size - lc->size) *
	    sizeof *lc->sub);
	lc->size = size;
}

/* Count one record at its node only (subtrees filled later). */
void
lcounts_add_own(struct lcounts *lc, const struct ltree *t, uint32_t id,
    enum level level)
{
	if (id >= t->n)
		id = LTREE_ROOT;
	if ((unsigned)level >= LEVEL_COUNT)
		level = LEVEL_NONE;
	if (id >= lc->size)
		lcounts_grow(lc, t->n > id + 1 ? t->n : id + 1);
	lc->self[id][level]++;
}

/* Count one record of level at id and in every ancestor's subtree. */
void
lcounts_add(struct lcounts *lc, const struct ltree *t, uint32_t id,
    enum level level)
{
	if (id >= t->n)
		id = LTREE_ROOT;
	if ((unsigned)level >= LEVEL_COUNT)
		level = LEVEL_NONE;
	lcounts_add_own(lc, t, id, level);
	for (;;) {
		lc->sub[id][level]++;
		if (id == LTREE_ROOT)
			break;
		id = t->nodes[id].parent;
	}
}

/*
 * Subtree totals from own counts: children have higher ids than their
 * parents, so one pass from the highest id down adds each node's total
 * into its parent's.
 */
void
lcounts_fill_subtrees(struct lcounts *lc, const struct ltree *t)
{
	uint32_t	id, parent;
	int		l;

	if (lc->size < t->n)
		lcounts_grow(lc, t->n);
	for (id = 0; id < lc->size; id++)
		memcpy(lc->sub[id], lc->self[id], sizeof lc->sub[id]);
	for (id = lc->size; id-- > 1;) {
		if (id >= t->n)
			continue;
		parent = t->nodes[id].parent;
		for (l = 0; l < LEVEL_COUNT; l++)
			lc->sub[parent][l] += lc->sub[id][l];
	}
}

/* Add every count of src into dst. */
void
lcounts_merge(struct lcounts *dst, const struct lcounts *src)
{
	uint32_t	i;
	int		l;

	if (src->size == 0)
		return;
	if (dst->size < src->size)
		lcounts_grow(dst, src->size);
	for (i = 0; i < src->size; i++) {
		for (l = 0; l < LEVEL_COUNT; l++) {
			dst->self[i][l] += src->self[i][l];
			dst->sub[i][l] += src->sub[i][l];
		}
	}
}

/*
 * Add src's counts into dst through an id map (src was counted in another
 * tree with the same names: map[src id] is the dst id). Subtree totals map
 * too, since a name's subtree is the same set of names in both trees.
 */
void
lcounts_merge_map(struct lcounts *dst, const struct lcounts *src,
    const uint32_t *map, uint32_t nmap)
{
	uint32_t	i, d;
	int		l;

	for (i = 0; i < src->size && i < nmap; i++) {
		d = map[i];
		if (d >= dst->size)
			lcounts_grow(dst, d + 1);
		for (l = 0; l < LEVEL_COUNT; l++) {
			dst->self[d][l] += src->self[i][l];
			dst->sub[d][l] += src->sub[i][l];
		}
	}
}

/* Sum of one row of counts. */
uint64_t
lcounts_total(const uint64_t counts[LEVEL_COUNT])
{
	uint64_t	sum = 0;
	int		i;

	for (i = 0; i < LEVEL_COUNT; i++)
		sum += counts[i];
	return sum;
}

/*
 * struct lsel: one mark byte per id, plus a visibility cache. The cache
 * holds, for ids below `ncached`, two bits: LSEL_C_HIDDEN (the deepest
 * explicit mark on the path from the root is HIDE) and LSEL_C_ONLY (some
 * node on that path is marked ONLY). A node's bits follow from its
 * parent's and its own mark, and parents have lower ids, so the cache is
 * filled in id order and extended as the tree grows. Any mark change bumps
 * the generation and empties the cache.
 */
#define LSEL_C_HIDDEN	0x1
#define LSEL_C_ONLY	0x2

struct lsel {
	uint8_t		*marks;		/* enum lsel_mark per id */
	uint32_t	 nmarks;	/* marks allocated */
	uint32_t	 nmarked;	/* ids with a mark other than INHERIT */
	uint32_t	 nonly;		/* ids marked ONLY */
	uint32_t	 nhide;		/* ids marked HIDE */
	uint8_t		*cache;		/* LSEL_C_* per id */
	uint32_t	 ncache;	/* cache allocated */
	uint32_t	 ncached;	/* ids [0, ncached) are valid */
	uint64_t	 generation;
};

/* An empty selection: everything shown. */
struct lsel *
lsel_create(void)
{
	return xcalloc(1, sizeof(struct lsel));
}

/* Free a selection. */
void
lsel_free(struct lsel *ls)
{
	if (ls == NULL)
		return;
	free(ls->marks);
	free(ls->cache);
	free(ls);
}

/* A copy of the marks (its cache starts empty). */
struct lsel *
lsel_copy(const struct lsel *src)
{
	struct lsel	*ls = lsel_create();

	if (src->nmarks > 0) {
		ls->marks = xmalloc(src->nmarks);
		memcpy(ls->marks, src->marks, src->nmarks);
	}
	ls->nmarks = src->nmarks;
	ls->nmarked = src->nmarked;
	ls->nonly = src->nonly;
	ls->nhide = src->nhide;
	ls->generation = src->generation;
	return ls;
}

/* Mark one id. */
void
lsel_set(struct lsel *ls, uint32_t id, enum lsel_mark mark)
{
	uint32_t	size;
	enum lsel_mark	old;

	if (id == UINT32_MAX || (unsigned)mark > LSEL_ONLY)
		return;
	old = lsel_get(ls, id);
	if (old == mark)
		return;
	if (id >= ls->nmarks) {
		size = ls->nmarks ? ls->nmarks : 64;
		while (size <= id)
			size = size > UINT32_MAX / 2 ? id + 1 : size * 2;
		ls->marks = xrealloc(ls->marks, size);
		memset(ls->marks + ls->nmarks, 0, size - ls->nmarks);
		ls->nmarks = size;
	}
	ls->nmarked += (mark != LSEL_INHERIT) - (old != LSEL_INHERIT);
	ls->nonly += (mark == LSEL_ONLY) - (old == LSEL_ONLY);
	ls->nhide += (mark == LSEL_HIDE) - (old == LSEL_HIDE);
	ls->marks[id] = (uint8_t)mark;
	ls->ncached = 0;
	ls->generation++;
}

/* The mark of one id (LSEL_INHERIT if none). */
enum lsel_mark
lsel_get(const struct lsel *ls, uint32_t id)
{
	if (id >= ls->nmarks)
		return LSEL_INHERIT;
	return (enum lsel_mark)ls->marks[id];
}

/* Clear every mark. */
void
lsel_reset(struct lsel *ls)
{
	if (ls->nmarked == 0)
		return;
	memset(ls->marks, 0, ls->nmarks);
	ls->nmarked = 0;
	ls->nonly = 0;
	ls->nhide = 0;
	ls->ncached = 0;
	ls->generation++;
}

/* True when nothing is marked. */
int
lsel_empty(const struct lsel *ls)
{
	return ls->nmarked == 0;
}

/* Is a record of logger id shown? */
int
lsel_visible(struct lsel *ls, const struct ltree *t, uint32_t id)
{
	uint32_t	i, size;
	uint8_t		bits;

	if (ls->nmarked == 0)
		return 1;
	if (id >= t->n)
		id = LTREE_ROOT;
	if (id >= ls->ncached) {
		if (t->n > ls->ncache) {
			size = ls->ncache ? ls->ncache : 64;
			while (size < t->n)
				size = size > UINT32_MAX / 2 ? t->n : size * 2;
			ls->cache = xrealloc(ls->cache, size);
			ls->ncache = size;
		}
		for (i = ls->ncached; i <= id; i++) {
			bits = i == LTREE_ROOT ? 0 :
			    ls->cache[t->nodes[i].parent];
			switch (lsel_get(ls, i)) {
			case LSEL_SHOW:
				bits &= ~LSEL_C_HIDDEN;
				break;
			case LSEL_HIDE:
				bits |= LSEL_C_HIDDEN;
				break;
			case LSEL_ONLY:
				bits = LSEL_C_ONLY;
				break;
			default:
				break;
			}
			ls->cache[i] = bits;
		}
		ls->ncached = id + 1;
	}
	bits = ls->cache[id];
	if (bits & LSEL_C_HIDDEN)
		return 0;
	return ls->nonly == 0 || (bits & LSEL_C_ONLY);
}

/* Subtrees marked hidden, and marked "only". */
void
lsel_counts(const struct lsel *ls, uint32_t *hidden, uint32_t *only)
{
	*hidden = ls->nhide;
	*only = ls->nonly;
}

/* Bumped whenever marks change. */
uint64_t
lsel_generation(const struct lsel *ls)
{
	return ls->generation;
}

/*
 * Map every node of tree src to the node of the same name in dst
 * (interned there when new): map[src id] = dst id, for counts made with a
 * private tree (the head indexer's workers, --stats halves). Allocated;
 * the caller frees it.
 */
uint32_t *
ltree_map(struct ltree *dst, const struct ltree *src)
{
	uint32_t	 n = ltree_count_nodes(src), id, *map;
	const char	*name;
	size_t		 len;

	map = xcalloc(n ? n : 1, sizeof *map);
	for (id = 1; id < n; id++) {
		name = ltree_name(src, id, &len);
		map[id] = ltree_intern(dst, name, len);
	}
	return map;
}
