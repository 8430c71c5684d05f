/*
 * view.c: the filtered list of records of one pane.
 *
 * A view is an array of entries (store, record id) in display order. For a
 * source pane that is record order; for the merged pane it is timestamp
 * order across stores (records without a time take their predecessor's).
 *
 * Appending costs O(new records): `fwd[s]` is the next id of store s not
 * yet examined. A change of the filter (or of a store's ids) starts a
 * rebuild that scans backwards from the newest record, filling the array
 * downwards from its end, so the entries valid at any moment are
 * [lo, hi): a following pane shows the right bottom at once, and the top
 * fills in as the rebuild proceeds, in slices bounded by time, while the
 * TUI keeps answering keys.
 *
 * Records are tested cheapest first: level and logger from the index,
 * then, only if the filter has regexes, the text read back from the store.
 * A rebuild whose regexes allow it searches the bytes of thousands of
 * records at once and reads the text only of records a match starts in
 * (view_back_text).
 *
 * A big single-store rebuild runs on worker threads (filters/viewpar.c):
 * they decide the records of a snapshot of the store in chunks, newest
 * first, and view_update takes the finished chunks in order, so the
 * entries are the same as one thread's, in the same slices. A change
 * while they run cancels and joins them (view_restart, view_free).
 *
 * A source pane whose filter lets everything through (the default) keeps
 * no array at all: the view is the store's ids themselves ("identity"),
 * so opening a 10 M-record file costs no view memory, and turning every
 * filter off again is instant.
 */
#include "view.h"

#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "filter.h"
#include "regex.h"
#include "viewpar.h"
#include "model/lstore.h"
#include "core/xmalloc.h"

/* Start a view over these stores (one for a source pane, all for merged). */
void
view_init(struct view *v, struct lstore **stores, size_t n, struct filter *f,
    struct ltree *tree)
{
	memset(v, 0, sizeof *v);
	v->stores = stores;
	v->nstores = n;
	v->filter = f;
	v->tree = tree;
	v->fwd = xcalloc(n ? n : 1, sizeof *v->fwd);
	v->back = xcalloc(n ? n : 1, sizeof *v->back);
	v->gens = xcalloc(n ? n : 1, sizeof *v->gens);
	v->filter_gen = UINT64_MAX;	/* forces the first build */
}

/* Free the view's arrays (its workers stopped first). */
void
view_free(struct view *v)
{
	viewpar_free(v->par);
	free(v->ents);
	free(v->fwd);
	free(v->back);
	free(v->gens);
	memset(v, 0, sizeof *v);
}

/* Does record id of store s pass the filter? */
static int
view_pass(struct view *v, unsigned s, uint64_t id)
{
	struct lstore		*ls = v->stores[s];
	const struct lrec	*r = lstore_get(ls, id);
	const char		*text;
	size_t			 len;
	uint64_t		 full;

	if (!filter_pass_meta(v->filter, v->tree, LREC_LEVEL(r), r->logger))
		return 0;
	if (filter_has_time(v->filter) &&
	    !filter_pass_time(v->filter, lstore_time(ls, id)))
		return 0;
	if (!filter_needs_text(v->filter))
		return 1;
	text = lstore_text(ls, id, &len, &full);
	if (text == NULL)
		return 1;	/* text lost: keep it visible, never hide silently */
	return filter_pass_text(v->filter, text, len);
}

/* Time of an entry. */
int64_t
view_time(const struct view *v, uint64_t e)
{
	return lstore_time(v->stores[VIEW_ENT_STORE(e)], VIEW_ENT_ID(e));
}

/* Make room at the top of the array (for appends). */
static void
view_grow_hi(struct view *v, size_t more)
{
	if (v->hi + more <= v->size)
		return;
	if (v->lo > 0 && !v->rebuilding && v->lo >= v->size / 2) {
		memmove(v->ents, v->ents + v->lo, (v->hi - v->lo) * sizeof *v->ents);
		v->hi -= v->lo;
		v->lo = 0;
		if (v->hi + more <= v->size)
			return;
	}
	/* Workers write into the array: stop them (the rest on this thread). */
	viewpar_free(v->par);
	v->par = NULL;
	while (v->hi + more > v->size)
		v->size = v->size ? v->size * 2 : 1024;
	v->ents = xreallocarray(v->ents, v->size, sizeof *v->ents);
}

/* Append an entry, keeping time order when the view spans several stores. */
static void
view_append(struct view *v, uint64_t e)
{
	size_t	i;
	int64_t	t;

	view_grow_hi(v, 1);
	if (v->nstores <= 1) {
		v->ents[v->hi++] = e;
		return;
	}
	t = view_time(v, e);
	i = v->hi;
	while (i > v->lo && view_time(v, v->ents[i - 1]) > t)
		i--;
	memmove(v->ents + i + 1, v->ents + i, (v->hi - i) * sizeof *v->ents);
	v->ents[i] = e;
	v->hi++;
}

/* Does the filter let every record of a single store through? */
static int
view_passes_all(const struct view *v)
{
	return v->nstores == 1 && (v->filter->levels & LEVEL_MASK_ALL) ==
	    LEVEL_MASK_ALL && !filter_needs_text(v->filter) &&
	    !filter_has_time(v->filter) && (v->filter->lsel == NULL || lsel_empty(v->filter->lsel));
}

/* Forget everything and start a rebuild from the newest records. */
static void
view_restart(struct view *v)
{
	uint64_t	total = 0, n;
	size_t		s;

	viewpar_free(v->par);		/* stale: cancel, join */
	v->par = NULL;
	v->identity = view_passes_all(v);
	if (v->identity) {
		free(v->ents);
		v->ents = NULL;
		v->lo = v->hi = v->size = 0;
		v->rebuilding = 0;
		v->todo = v->total = 0;
		v->filter_gen = v->filter->generation;
		v->gens[0] = lstore_generation(v->stores[0]);
		v->fwd[0] = v->back[0] = lstore_count(v->stores[0]);
		return;
	}

	for (s = 0; s < v->nstores; s++) {
		n = lstore_count(v->stores[s]);
		v->fwd[s] = n;
		v->back[s] = n;
		v->gens[s] = lstore_generation(v->stores[s]);
		total += n - lstore_first(v->stores[s]);
	}
	/*
	 * Entries are filled downwards from the end of a fresh array, with
	 * room above for appends meanwhile (pages untouched cost nothing).
	 */
	free(v->ents);
	v->size = (size_t)total + (size_t)total / 16 + 1024;
	v->ents = xreallocarray(NULL, v->size, sizeof *v->ents);
	v->lo = v->hi = (size_t)total;
	v->todo = v->total = total;
	v->rebuilding = total > 0;
	v->filter_gen = v->filter->generation;
	v->par = viewpar_start(v);
}

/*
 * The backwards rebuild of a single store when no text is needed: a tight
 * loop over the record array. Returns 1 when it stopped for the deadline.
 */
static int
view_back_fast(struct view *v, int64_t deadline)
{
	uint64_t		 first, n, id;
	const struct lrec	*r = lstore_recs(v->stores[0], &first, &n);
	uint32_t		 levels = v->filter->levels;
	struct lsel		*sel = v->filter->lsel;
	int			 all_loggers = sel == NULL || lsel_empty(sel);
	unsigned		 k = 0;

	while (v->back[0] > first) {
		id = --v->back[0];
		v->todo--;
		if (((levels >> LREC_LEVEL(&r[id - first])) & 1) &&
		    (all_loggers || lsel_visible(sel, v->tree, r[id - first].logger)))
			v->ents[--v->lo] = VIEW_ENT(0, id);
		if ((++k & 65535) == 0 && clock_ms() >= deadline)
			return 1;
	}
	return 0;
}

static int	view_back_step(struct view *);

/*
 * The backwards rebuild of a single store whose regexes may be searched
 * over many records at once (regex_prefilter_safe): each regex runs over
 * the bytes of up to VIEW_SPAN_RECS records in one go and marks the
 * records a match starts in. With an include regex, only its marked
 * records can pass, and they are tested in full (view_pass: level,
 * logger, every regex on the record's own text). With excludes only,
 * an unmarked record needs no text at all (level and logger decide) and
 * the marked ones are tested in full. Where the bytes cannot be had in
 * one piece (a segment edge, lost text, a huge record) fewer records are
 * tried, down to one at a time by view_back_step. Returns 1 when it
 * stopped for the deadline.
 */
static int
view_back_text(struct view *v, int64_t deadline)
{
	struct lstore		*ls = v->stores[0];
	struct filter		*f = v->filter;
	struct regex		*inc = filter_prefilter(f);
	int			 inc_settles = f->ninc == 1 && f->nexc == 0;
	const struct lrec	*r;
	const char		*buf;
	uint64_t		 first, n, lo, hi, k = VIEW_SPAN_RECS, id;
	size_t			 len, i;
	unsigned char		 mark[VIEW_SPAN_RECS];
	int			 all;

	while (v->back[0] > lstore_first(ls)) {
		r = lstore_recs(ls, &first, &n);
		hi = v->back[0];
		lo = hi - first > k ? hi - k : first;
		if ((buf = lstore_span(ls, lo, hi, VIEW_SPAN_BYTES, &len)) == NULL) {
			if (k > 1) {
				k /= 2;		/* too big, or an edge inside */
				continue;
			}
			view_back_step(v);	/* this one record on its own */
			k = VIEW_SPAN_RECS;
			goto next;
		}
		memset(mark, 0, (size_t)(hi - lo));
		all = 0;
		if (inc != NULL)
			all = viewpar_mark(inc, buf, len, r, lo - first, hi - first,
			    LREC_OFF(&r[lo - first]), mark) < 0;
		else
			for (i = 0; i < f->nexc && !all; i++)
				all = viewpar_mark(f->exc[i], buf, len, r, lo - first,
				    hi - first, LREC_OFF(&r[lo - first]), mark) < 0;
		/*
		 * Newest first, as the array fills downwards. No match of the
		 * include, or a sure match of an exclude: out. A maybe, or an
		 * include's sure match when other regexes remain: the record's
		 * text decides. Else level and logger decide alone.
		 */
		for (id = hi; id-- > lo;) {
			const struct lrec	*rec = &r[id - first];
			unsigned char		 m = all ? 1 : mark[id - lo];

			if (inc != NULL ? m == 0 : m == 2)
				continue;
			if (m == 1 || (inc != NULL && !inc_settles)) {
				if (!view_pass(v, 0, id))
					continue;
			} else if (!filter_pass_meta(f, v->tree, LREC_LEVEL(rec),
			    rec->logger) || (filter_has_time(f) &&
			    !filter_pass_time(f, lstore_time(v->stores[0], id))))
				continue;
			v->ents[--v->lo] = VIEW_ENT(0, id);
		}
		v->todo -= hi - lo;
		v->back[0] = lo;
		if (k < VIEW_SPAN_RECS)
			k *= 2;
next:
		if (clock_ms() >= deadline)
			return v->back[0] > lstore_first(ls);
	}
	return 0;
}

/* One step of the backwards rebuild: the store with the newest unexamined record. */
static int
view_back_step(struct view *v)
{
	size_t		s, best = SIZE_MAX;
	int64_t		t, bt = 0;
	uint64_t	id;

	for (s = 0; s < v->nstores; s++) {
		if (v->back[s] <= lstore_first(v->stores[s]))
			continue;
		if (v->nstores == 1) {
			best = s;
			break;
		}
		t = lstore_time(v->stores[s], v->back[s] - 1);
		if (best == SIZE_MAX || t > bt) {
			best = s;
			bt = t;
		}
	}
	if (best == SIZE_MAX)
		return 0;
	id = --v->back[best];
	v->todo--;
	if (view_pass(v, (unsigned)best, id))
		v->ents[--v->lo] = VIEW_ENT(best, id);
	return 1;
}

/* Bring the view up to date, for at most ms milliseconds. */
int
view_update(struct view *v, unsigned ms)
{
	int64_t		deadline = ms ? clock_ms() + ms : INT64_MAX;
	unsigned	n = 0;
	size_t		s;
	uint64_t	id, count;

	for (s = 0; s < v->nstores; s++)
		if (lstore_generation(v->stores[s]) != v->gens[s])
			break;
	if (s < v->nstores || v->filter->generation != v->filter_gen)
		view_restart(v);
	if (v->identity) {
		v->fwd[0] = lstore_count(v->stores[0]);
		return 0;
	}

	/* Appended records first: cheap, and what a following pane shows. */
	for (s = 0; s < v->nstores; s++) {
		count = lstore_count(v->stores[s]);
		for (id = v->fwd[s]; id < count; id++) {
			if (view_pass(v, (unsigned)s, id))
				view_append(v, VIEW_ENT(s, id));
			if ((++n & 1023) == 0 && clock_ms() >= deadline) {
				v->fwd[s] = id + 1;
				return 1;
			}
		}
		v->fwd[s] = count;
	}
	/*
	 * Worker threads rebuild the older records: the newest, above their
	 * snapshot, here first; then their chunks are taken in order.
	 */
	if (v->rebuilding && v->par != NULL) {
		while (v->back[0] > viewpar_top(v->par))
			view_back_step(v);
		if (viewpar_take(v->par, v, deadline))
			return 1;
		viewpar_free(v->par);
		v->par = NULL;
	}
	if (v->rebuilding && v->nstores == 1 && !filter_needs_text(v->filter) &&
	    !filter_has_time(v->filter) && view_back_fast(v, deadline))
		return 1;
	if (v->rebuilding && v->nstores == 1 && filter_searchable(v->filter) &&
	    view_back_text(v, deadline))
		return 1;
	while (v->rebuilding) {
		if (!view_back_step(v)) {
			v->rebuilding = 0;
			/* Compact: the unused bottom of the array goes. */
			if (v->lo > 0) {
				memmove(v->ents, v->ents + v->lo,
				    (v->hi - v->lo) * sizeof *v->ents);
				v->hi -= v->lo;
				v->lo = 0;
				v->size = v->hi + 1024;
				v->ents = xreallocarray(v->ents, v->size,
				    sizeof *v->ents);
			}
			break;
		}
		if ((++n & 1023) == 0 && clock_ms() >= deadline)
			return 1;
	}
	return v->rebuilding;
}

size_t
view_count(const struct view *v)
{
	if (v->identity)
		return (size_t)(lstore_count(v->stores[0]) -
		    lstore_first(v->stores[0]));
	return v->hi - v->lo;
}

uint64_t
view_entry(const struct view *v, size_t i)
{
	if (v->identity)
		return VIEW_ENT(0, lstore_first(v->stores[0]) + i);
	return v->ents[v->lo + i];
}

/* First index whose entry is at or after e in view order. */
size_t
view_find(const struct view *v, uint64_t e)
{
	size_t	lo = 0, hi = view_count(v), mid;
	int64_t	t;

	if (v->identity) {
		uint64_t	first = lstore_first(v->stores[0]);

		return VIEW_ENT_ID(e) < first ? 0 : (size_t)(VIEW_ENT_ID(e) - first) < hi ?
		    (size_t)(VIEW_ENT_ID(e) - first) : hi;
	}
	if (v->nstores <= 1) {
		while (lo < hi) {
			mid = (lo + hi) / 2;
			if (view_entry(v, mid) < e)
				lo = mid + 1;
			else
				hi = mid;
		}
		return lo;
	}
	t = view_time(v, e);
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (view_time(v, view_entry(v, mid)) < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo < view_count(v) && view_entry(v, lo) != e &&
	    view_time(v, view_entry(v, lo)) == t)
		lo++;
	return lo;
}

/* Rebuild progress in percent. */
int
view_progress(const struct view *v)
{
	if (!v->rebuilding || v->total == 0)
		return 100;
	return (int)(100 - v->todo * 100 / v->total);
}
