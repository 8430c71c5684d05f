/*
 * runs.c: collapsed logger subtrees in a pane (issue 23).
 *
 * A pane may collapse subtrees of the logger tree (`sqlalchemy`): each run
 * of consecutive records of its view (after the filters) whose loggers all
 * lie in one collapsed subtree is drawn as one summary row -- the subtree,
 * the number of records, their levels and time span -- instead of the
 * records. A record at `keep` (WARNING by default) or above is never
 * folded: it breaks the run and shows as itself.
 *
 * Nothing is stored per record. A run is found from the view index the
 * pane asks about: back while the record before is of the same subtree,
 * forward likewise, counting on the way (the level and logger come from
 * the index, 16 bytes a record: no text is read). Found runs are kept in
 * a small cache keyed by view index, valid while the view's indexes stay
 * put -- same first entry, same filter and store generations -- which is
 * the steady state of a following pane; appended records extend the run
 * open at the end in place (the summary row of a live run grows, no new
 * row), and anything else (a rebuild, a filter change, a collapse) clears
 * the cache. Which collapsed subtree a logger lies in is memoised per
 * logger id.
 *
 * Expanded runs (Enter) are remembered by their first entry, so they stay
 * open while the pane scrolls and the view grows.
 */
#include "runs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "model/lstore.h"
#include "model/ltree.h"
#include "parsers/record.h"
#include "view.h"

/* Start with nothing collapsed. */
void
runs_init(struct runs *r, struct ltree *tree)
{
	memset(r, 0, sizeof *r);
	r->tree = tree;
	r->keep = LEVEL_WARNING;
}

/* Free what the runs own. */
void
runs_free(struct runs *r)
{
	free(r->roots);
	free(r->rootmap);
	free(r->expanded);
	memset(r, 0, sizeof *r);
}

/* Forget every found run and memoised logger (the roots changed). */
static void
runs_forget(struct runs *r)
{
	size_t	i;

	r->ncache = 0;
	r->next = 0;
	for (i = 0; i < r->mapsize; i++)
		r->rootmap[i] = -1;
	r->gen++;
}

/* Collapse or expand a subtree. */
int
runs_set(struct runs *r, uint32_t id, int on)
{
	size_t	i;

	for (i = 0; i < r->nroots; i++)
		if (r->roots[i] == id)
			break;
	if (on == (i < r->nroots))
		return 0;
	if (on) {
		XGROW(r->roots, r->rootsize, r->nroots + 1, 4);
		r->roots[r->nroots++] = id;
	} else
		r->roots[i] = r->roots[--r->nroots];
	runs_forget(r);
	return 1;
}

/* Is id a collapsed subtree's root? */
int
runs_is_root(const struct runs *r, uint32_t id)
{
	size_t	i;

	for (i = 0; i < r->nroots; i++)
		if (r->roots[i] == id)
			return 1;
	return 0;
}

/* Is anything collapsed? */
int
runs_active(const struct runs *r)
{
	return r->nroots > 0;
}

/* The level from which records are never folded. */
void
runs_set_keep(struct runs *r, enum level keep)
{
	if (r->keep != keep) {
		r->keep = keep;
		runs_forget(r);
	}
}

/* The collapsed root holding logger id (the deepest), as index + 1; 0 for none. */
static int
runs_root_of(struct runs *r, uint32_t id)
{
	uint32_t	n, a;
	size_t		i, old;
	int		found = 0;
	unsigned	depth;

	if (id == UINT32_MAX)
		return 0;
	if (id >= r->mapsize) {
		old = r->mapsize;
		n = ltree_count_nodes(r->tree);
		if (n <= id)
			n = id + 1;
		XGROW(r->rootmap, r->mapsize, n, 256);
		for (i = old; i < r->mapsize; i++)
			r->rootmap[i] = -1;
	}
	if (r->rootmap[id] >= 0)
		return r->rootmap[id];
	for (a = id, depth = 0; a != UINT32_MAX && a != LTREE_ROOT &&
	    depth < 4096 && !found; depth++) {
		for (i = 0; i < r->nroots; i++)
			if (r->roots[i] == a) {
				found = (int)i + 1;
				break;
			}
		a = ltree_parent(r->tree, a);
	}
	r->rootmap[id] = found;
	return found;
}

/* The record at view index i: its store, id and index entry. */
static const struct lrec *
runs_rec(const struct view *v, size_t i, struct lstore **st, uint64_t *id)
{
	uint64_t	e = view_entry(v, i);

	*st = v->stores[VIEW_ENT_STORE(e)];
	*id = VIEW_ENT_ID(e);
	return lstore_get(*st, *id);
}

/* Collapsed root (index + 1) of the record at view index i, or 0. */
static int
runs_class(struct runs *r, const struct view *v, size_t i)
{
	struct lstore		*st;
	uint64_t		 id;
	const struct lrec	*rec = runs_rec(v, i, &st, &id);

	if (rec == NULL || LREC_LEVEL(rec) >= (unsigned)r->keep)
		return 0;
	return runs_root_of(r, rec->logger);
}

/* Count the records [from, to] into run. */
static void
runs_count(const struct view *v, struct run *run, size_t from, size_t to)
{
	struct lstore		*st;
	uint64_t		 id;
	const struct lrec	*rec;
	int64_t			 t;
	size_t			 i;

	for (i = from; i <= to; i++) {
		if ((rec = runs_rec(v, i, &st, &id)) == NULL)
			continue;
		run->levels[LREC_LEVEL(rec)]++;
		run->n++;
		t = lstore_time(st, id);
		if (t != TIME_UNKNOWN) {
			if (run->t0 == TIME_UNKNOWN)
				run->t0 = t;
			run->t1 = t;
		}
	}
}

/* Is the view still the one the cached runs were found in? Else clear them. */
static void
runs_check_key(struct runs *r, const struct view *v)
{
	size_t		n = view_count(v), i;
	uint64_t	first = n > 0 ? view_entry(v, 0) : UINT64_MAX, gen = 0;

	for (i = 0; i < v->nstores; i++)
		gen += lstore_generation(v->stores[i]);
	if (v->rebuilding || first != r->key_first || n < r->key_count ||
	    v->filter_gen != r->key_filter || gen != r->key_gen) {
		r->ncache = 0;
		r->next = 0;
	}
	r->key_first = first;
	r->key_count = n;
	r->key_filter = v->filter_gen;
	r->key_gen = gen;
}

/* Is the run whose first entry is e expanded? */
static int
runs_is_expanded(const struct runs *r, uint64_t e)
{
	size_t	i;

	for (i = 0; i < r->nexp; i++)
		if (r->expanded[i] == e)
			return 1;
	return 0;
}

/* The run holding view index i, if i is in a collapsed subtree. */
int
runs_at(struct runs *r, const struct view *v, size_t i, struct run *out)
{
	struct run	*c;
	size_t		 n = view_count(v), k, first, last;
	int		 cls;

	if (r->nroots == 0 || i >= n)
		return 0;
	runs_check_key(r, v);
	if ((cls = runs_class(r, v, i)) == 0)
		return 0;
	for (k = 0; k < r->ncache; k++) {
		c = &r->cache[k];
		if (i < c->first || i > c->last)
			continue;
		/* Open at the end when found: records appended since join it. */
		for (last = c->last; last + 1 < n &&
		    runs_class(r, v, last + 1) == cls; last++)
			;
		if (last > c->last) {
			runs_count(v, c, c->last + 1, last);
			c->last = last;
		}
		*out = *c;
		out->expanded = runs_is_expanded(r, c->first_ent);
		return 1;
	}
	for (first = i; first > 0 && runs_class(r, v, first - 1) == cls; first--)
		;
	for (last = i; last + 1 < n && runs_class(r, v, last + 1) == cls; last++)
		;
	c = &r->cache[r->next];
	r->next = (r->next + 1) % RUNS_CACHE;
	if (r->ncache < RUNS_CACHE)
		r->ncache++;
	memset(c, 0, sizeof *c);
	c->first = first;
	c->last = last;
	c->first_ent = view_entry(v, first);
	c->root = r->roots[cls - 1];
	c->t0 = c->t1 = TIME_UNKNOWN;
	runs_count(v, c, first, last);
	*out = *c;
	out->expanded = runs_is_expanded(r, c->first_ent);
	return 1;
}

/* Expand or fold a run. */
void
runs_toggle(struct runs *r, const struct run *run)
{
	size_t	i;

	for (i = 0; i < r->nexp; i++)
		if (r->expanded[i] == run->first_ent) {
			r->expanded[i] = r->expanded[--r->nexp];
			r->gen++;
			return;
		}
	XGROW(r->expanded, r->expsize, r->nexp + 1, 8);
	r->expanded[r->nexp++] = run->first_ent;
	r->gen++;
}

/* HH:MM:SS.mmm of a time in ms, into buf. */
static void
runs_clock(int64_t ms, char *buf, size_t size)
{
	int64_t	d = ms % 86400000;

	if (d < 0)
		d += 86400000;
	snprintf(buf, size, "%02d:%02d:%02d.%03d", (int)(d / 3600000),
	    (int)(d / 60000 % 60), (int)(d / 1000 % 60), (int)(d % 1000));
}

/* The summary row of a run. */
void
runs_summary(const struct runs *r, const struct run *run, char *buf,
    size_t size)
{
	const char	*name;
	size_t		 nlen, len;
	char		 a[16], b[16];
	int		 lv;

	name = ltree_name(r->tree, run->root, &nlen);
	snprintf(buf, size, "\xc2\xb7\xc2\xb7\xc2\xb7 %.*s.*  %llu record%s ",
	    (int)nlen, name, (unsigned long long)run->n, run->n == 1 ? "" : "s");
	for (lv = LEVEL_COUNT - 1; lv >= 0; lv--) {
		if (run->levels[lv] == 0)
			continue;
		len = strlen(buf);
		snprintf(buf + len, size - len, " %s %llu",
		    level_name((enum level)lv),
		    (unsigned long long)run->levels[lv]);
	}
	if (run->t0 != TIME_UNKNOWN) {
		runs_clock(run->t0, a, sizeof a);
		runs_clock(run->t1, b, sizeof b);
		len = strlen(buf);
		if (run->t0 == run->t1)
			snprintf(buf + len, size - len, "  %s", a);
		else
			snprintf(buf + len, size - len, "  %s-%s", a, b);
	}
}
