/*
 * viewpar.c: a view's rebuild on worker threads (for filters/view.c).
 *
 * After a filter change, a single-store view rebuilds its records from the
 * newest backwards (view.c). When the store is big, the records of a
 * snapshot (lstore_hold: the newest file segment's records but the very
 * last, whose memory the store promises not to move, free or write while
 * held, read back through a fd of the snapshot's own) are cut into chunks,
 * newest first, small ones first so the pane's bottom is there at once.
 * VIEWPAR_WORKERS threads take the next chunk from an atomic counter until
 * none is left (so a core slowed by other work takes fewer; the main
 * thread takes some too, in its slices, rather than wait), and decide
 * each record of it exactly as the view's one-thread rebuild does
 * (view_back_fast, view_back_text, view_pass), writing the entries into
 * the view's array below where the chunk's records end (a part no entry
 * can reach until the chunks before it are in). The main thread, in
 * view_update's time slices, takes the finished chunks in order
 * (viewpar_take: each chunk's entries moved up into place), so the result
 * is the one-thread result entry by entry, and the pane fills upwards as
 * before. The array is not moved while workers run: the view stops them
 * before it must grow (view_grow_hi).
 *
 * Nothing the main thread may touch meanwhile is shared: each worker has
 * a private copy of the filter (its own PCRE2 match data and JIT stack),
 * the logger selection is a visibility table made before the start (the
 * tree and the lsel's cache grow on the main thread), the bytes come by
 * pread into the worker's own buffer. A chunk is handed over by its done
 * flag (written last, with the mutex and condition variable the main
 * thread waits on). viewpar_free (a filter change, the pane closed) sets
 * the cancel flag, joins the workers and frees what they made.
 */
#include "viewpar.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/xmalloc.h"
#include "filter.h"
#include "regex.h"
#include "view.h"
#include "model/lstore.h"

#ifndef VIEWPAR_WORKERS
#define VIEWPAR_WORKERS	2
#endif
#define VIEWPAR_FIRST	4096		/* records of the newest chunk */
#define VIEWPAR_CHUNK	(64 * 1024)	/* records of a chunk, at most */
#define VIEWPAR_MIN	(128 * 1024)	/* fewer records: one thread is enough */

/* Records [lo, hi) of the snapshot and the entries of those that pass. */
struct viewpar_chunk {
	uint64_t	 lo, hi;
	uint64_t	 at;		/* (its taker) records [lo, at) left */
	uint64_t	*ents;		/* its n entries, in the view's array */
	size_t		 n;
	uint64_t	 undecided;	/* records a regex could not decide */
	_Atomic int	 done;
};

/* One worker thread: a filter and a read buffer of its own. */
struct viewpar_worker {
	struct viewpar	*vp;
	struct filter	 f;
	char		*buf;
	pthread_t	 thread;
	int		 joinable;
};

/* The threaded part of one rebuild. */
struct viewpar {
	struct lstore		*ls;
	struct lsnap		 snap;
	uint32_t		 levels;
	uint8_t			*vis;		/* per logger id, or NULL: all shown */
	uint32_t		 nvis;
	int			 text;		/* the filter has regexes */
	int			 searchable;	/* ... searched over many records */

	struct viewpar_chunk	*chunks;	/* newest first */
	size_t			 nchunks;
	_Atomic size_t		 next;		/* next chunk to take */
	_Atomic int		 cancel;
	size_t			 merged;	/* (main) chunks taken into the view */

	pthread_mutex_t		 lock;		/* with cond: a chunk is done */
	pthread_cond_t		 cond;
	struct viewpar_worker	 w[VIEWPAR_WORKERS + 1];	/* the last: main's */
	size_t			 mine;		/* (main) chunk it works on, or SIZE_MAX */
};

/*
 * Position in r[lo, hi) of the record holding virtual offset pos: record
 * lo starts at or before pos, and `end` (where record hi - 1 ends) after
 * it. Records are of much the same size, so the first probes are guesses
 * by interpolation, each followed by a short walk: a match costs a cache
 * miss or two in the record array. (A binary search touched a dozen lines
 * all over the span's records per match: a tenth of a frequent regex's
 * time.) Records of very different sizes fall back to halving, so a
 * probe never costs more than a few more steps than a binary search.
 */
static uint64_t
viewpar_rec_at(const struct lrec *r, uint64_t lo, uint64_t hi, uint64_t pos,
    uint64_t end)
{
	uint64_t	mid, olo, ohi = end, k;
	int		guesses = 2;

	while (hi - lo > 1) {
		olo = LREC_OFF(&r[lo]);
		if (guesses-- > 0)
			mid = lo + (uint64_t)((double)(pos - olo) /
			    (double)(ohi - olo) * (double)(hi - lo));
		else
			mid = lo + (hi - lo) / 2;
		if (mid <= lo)
			mid = lo + 1;
		if (mid >= hi)
			mid = hi - 1;
		/* A few records either way before another guess. */
		if (LREC_OFF(&r[mid]) <= pos) {
			lo = mid;
			for (k = 0; k < 4 && lo + 1 < hi; k++, lo++)
				if (LREC_OFF(&r[lo + 1]) > pos)
					return lo;
		} else {
			hi = mid;
			ohi = LREC_OFF(&r[mid]);
			for (k = 0; k < 4 && hi - 1 > lo; k++) {
				if (LREC_OFF(&r[hi - 1]) <= pos)
					return hi - 1;
				ohi = LREC_OFF(&r[--hi]);
			}
		}
	}
	return lo;
}

/*
 * Mark in mark[0, hi - lo) the records of r[lo, hi) (bytes buf[0, len),
 * starting at virtual offset base) that a match of re starts in: 2 when
 * the match lies inside the record's own text (what lstore_text gives:
 * line ends trimmed, at most LSTORE_MAXREC bytes), so that re surely
 * matches the record, else 1 (it may: test it). Each record needs one
 * match, so the search goes on from the next record. Returns 0, or -1
 * when the regex hit its limits (nothing is known).
 */
int
viewpar_mark(struct regex *re, const char *buf, size_t len,
    const struct lrec *r, uint64_t lo, uint64_t hi, uint64_t base,
    unsigned char *mark)
{
	size_t		from, start, mlen, rs, re_end, te;
	uint64_t	i, cur = lo;
	int		rc;

	for (from = 0; from < len; ) {
		rc = regex_find(re, buf, len, from, &start, &mlen);
		if (rc == REGEX_NOMATCH)
			return 0;
		if (rc == REGEX_LIMIT)
			return -1;
		i = viewpar_rec_at(r, cur, hi, base + start, base + len);
		rs = (size_t)(LREC_OFF(&r[i]) - base);
		re_end = i + 1 < hi ? (size_t)(LREC_OFF(&r[i + 1]) - base) : len;
		for (te = re_end; te > rs && (buf[te - 1] == '\n' ||
		    buf[te - 1] == '\r'); te--)
			;
		if (te - rs > LSTORE_MAXREC)
			te = rs + LSTORE_MAXREC;
		if (start + mlen <= te)
			mark[i - lo] = 2;
		else if (mark[i - lo] == 0)
			mark[i - lo] = 1;
		from = re_end;
		cur = i + 1;
	}
	return 0;
}

/* Level and logger of a record: may it pass (filter_pass_meta)? */
static inline int
viewpar_meta(const struct viewpar *vp, const struct lrec *rec)
{
	uint32_t	logger = rec->logger;

	if (((vp->levels >> LREC_LEVEL(rec)) & 1) == 0)
		return 0;
	if (vp->vis == NULL)
		return 1;
	return vp->vis[logger < vp->nvis ? logger : LTREE_ROOT];
}

/*
 * Add an entry to a chunk, newest first: downwards in the view's array
 * from where the chunk's records end (see viewpar_start), so the entries
 * end up ascending.
 */
static inline void
viewpar_push(struct viewpar_chunk *c, uint64_t id)
{
	c->n++;
	*--c->ents = VIEW_ENT(0, id);
}

/*
 * Does a record pass, given its bytes p[0, len) (line ends included; NULL
 * when they could not be read: kept, as view_pass keeps lost text)? As
 * view_pass: level and logger, then the regexes on the text lstore_text
 * would give (at most LSTORE_MAXREC bytes, line ends trimmed).
 */
static int
viewpar_pass(struct viewpar_worker *w, const struct lrec *rec, const char *p,
    size_t len)
{
	if (!viewpar_meta(w->vp, rec))
		return 0;
	if (p == NULL)
		return 1;
	if (len > LSTORE_MAXREC)
		len = LSTORE_MAXREC;
	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	return filter_pass_text(&w->f, p, len);
}

/* One record on its own (its bytes do not fit a span), as view_back_step. */
static void
viewpar_one(struct viewpar_worker *w, struct viewpar_chunk *c, uint64_t id)
{
	const struct lsnap	*sn = &w->vp->snap;
	const char		*p;
	size_t			 len = 0;

	p = lsnap_read(sn, id, id + 1, w->buf, LSTORE_MAXREC, 1, &len);
	if (viewpar_pass(w, &sn->r[id - sn->lo], p, len))
		viewpar_push(c, id);
}

/*
 * A chunk of a filter with regexes, as view_back_text does it: spans of
 * up to VIEW_SPAN_RECS records read at once; when the regexes allow it
 * (searchable), searched at once and only the marked records tested on
 * their own; else every record tested on its text from the span. Goes
 * down from c->at; returns 1 when it stopped for the deadline (the main
 * thread's share) or the cancel flag.
 */
static int
viewpar_text(struct viewpar_worker *w, struct viewpar_chunk *c,
    int64_t deadline)
{
	struct viewpar		*vp = w->vp;
	const struct lsnap	*sn = &vp->snap;
	const struct lrec	*r = sn->r, *rec;
	struct filter		*f = &w->f;
	struct regex		*inc = vp->searchable ? filter_prefilter(f) : NULL;
	int			 inc_settles = f->ninc == 1 && f->nexc == 0, all;
	uint64_t		 lo, hi, k = VIEW_SPAN_RECS, id, base;
	unsigned char		 mark[VIEW_SPAN_RECS], m;
	const char		*buf;
	size_t			 len, i, rs, re_end;

	while ((hi = c->at) > c->lo) {
		if (atomic_load_explicit(&vp->cancel, memory_order_relaxed) ||
		    (deadline != INT64_MAX && clock_ms() >= deadline))
			return 1;
		lo = hi - c->lo > k ? hi - k : c->lo;
		buf = lsnap_read(sn, lo, hi, w->buf, VIEW_SPAN_BYTES, 0, &len);
		if (buf == NULL) {
			if (k > 1) {
				k /= 2;		/* too big: fewer records */
				continue;
			}
			viewpar_one(w, c, --c->at);
			k = VIEW_SPAN_RECS;
			continue;
		}
		base = LREC_OFF(&r[lo - sn->lo]);
		memset(mark, 0, (size_t)(hi - lo));
		all = !vp->searchable;
		if (inc != NULL)
			all = viewpar_mark(inc, buf, len, r, lo - sn->lo,
			    hi - sn->lo, base, mark) < 0;
		for (i = 0; inc == NULL && i < f->nexc && !all; i++)
			all = viewpar_mark(f->exc[i], buf, len, r, lo - sn->lo,
			    hi - sn->lo, base, mark) < 0;
		for (id = hi; id-- > lo;) {
			rec = &r[id - sn->lo];
			m = all ? 1 : mark[id - lo];
			if (inc != NULL ? m == 0 : m == 2)
				continue;
			if (m == 1 || (inc != NULL && !inc_settles)) {
				rs = (size_t)(LREC_OFF(rec) - base);
				re_end = id + 1 < hi ?
				    (size_t)(LREC_OFF(rec + 1) - base) : len;
				if (!viewpar_pass(w, rec, buf + rs, re_end - rs))
					continue;
			} else if (!viewpar_meta(vp, rec))
				continue;
			viewpar_push(c, id);
		}
		c->at = lo;
		if (k < VIEW_SPAN_RECS)
			k *= 2;
	}
	return 0;
}

/*
 * A chunk of a filter without regexes: level and logger alone, down from
 * c->at; returns 1 when it stopped for the deadline.
 */
static int
viewpar_fast(struct viewpar *vp, struct viewpar_chunk *c, int64_t deadline)
{
	const struct lrec	*r = vp->snap.r - vp->snap.lo;
	uint64_t		 id, stop;

	while (c->at > c->lo) {
		if (deadline != INT64_MAX && clock_ms() >= deadline)
			return 1;
		stop = c->at - c->lo > 16384 ? c->at - 16384 : c->lo;
		for (id = c->at; id-- > stop;)
			if (viewpar_meta(vp, &r[id]))
				viewpar_push(c, id);
		c->at = stop;
	}
	return 0;
}

/*
 * Work on chunk c with worker w's filter and buffer, until it is done
 * (then hand it over: entries turned ascending, the done flag, a wake-up)
 * or the deadline. Returns 1 when it is done.
 */
static int
viewpar_run(struct viewpar_worker *w, struct viewpar_chunk *c,
    int64_t deadline)
{
	struct viewpar	*vp = w->vp;
	uint64_t	 before = w->f.undecided;
	int		 stopped;

	if (vp->text)
		stopped = viewpar_text(w, c, deadline);
	else
		stopped = viewpar_fast(vp, c, deadline);
	c->undecided += w->f.undecided - before;
	if (stopped)
		return 0;
	atomic_store(&c->done, 1);
	pthread_mutex_lock(&vp->lock);
	pthread_cond_broadcast(&vp->cond);
	pthread_mutex_unlock(&vp->lock);
	return 1;
}

/* A worker: take chunks, newest first, until none is left or cancelled. */
static void *
viewpar_main(void *arg)
{
	struct viewpar_worker	*w = arg;
	struct viewpar		*vp = w->vp;
	size_t			 i;

	while (!atomic_load(&vp->cancel) &&
	    (i = atomic_fetch_add(&vp->next, 1)) < vp->nchunks)
		viewpar_run(w, &vp->chunks[i], INT64_MAX);
	return NULL;
}

/*
 * Cut the snapshot into chunks, newest first: of `size` records each, or
 * (size 0) VIEWPAR_FIRST, then doubling up to VIEWPAR_CHUNK. Counted,
 * then cut.
 */
static void
viewpar_cut(struct viewpar *vp, uint64_t size)
{
	uint64_t	lo = vp->snap.lo, at, k;
	size_t		n, pass;

	for (pass = 0; pass < 2; pass++) {
		k = size != 0 ? size : VIEWPAR_FIRST;
		for (n = 0, at = vp->snap.hi; at > lo; n++) {
			if (pass == 1)
				vp->chunks[n].hi = vp->chunks[n].at = at;
			at = at - lo > k ? at - k : lo;
			if (pass == 1)
				vp->chunks[n].lo = at;
			if (size == 0 && k < VIEWPAR_CHUNK)
				k *= 2;
		}
		if (pass == 0) {
			vp->chunks = xcalloc(n ? n : 1, sizeof *vp->chunks);
			vp->nchunks = n;
		}
	}
}

/* Start the workers over the view's store, or NULL (the view goes on alone). */
struct viewpar *
viewpar_start(struct view *v)
{
	struct viewpar	*vp;
	struct filter	*f = v->filter;
	pthread_condattr_t attr;
	size_t		 i;
	int		 j, started = 0;

	if (v->threads == VIEW_THREADS_ONE || v->nstores != 1 ||
	    !v->rebuilding || filter_has_time(f))
		return NULL;
	vp = xcalloc(1, sizeof *vp);
	vp->ls = v->stores[0];
	if (lstore_hold(vp->ls, &vp->snap) == -1) {
		free(vp);
		return NULL;
	}
	if (vp->snap.hi > v->back[0] || (v->threads != VIEW_THREADS_FORCE &&
	    vp->snap.hi - vp->snap.lo < VIEWPAR_MIN)) {
		lstore_release(vp->ls, &vp->snap);
		free(vp);
		return NULL;
	}
	vp->levels = f->levels & LEVEL_MASK_ALL;
	if (f->lsel != NULL && !lsel_empty(f->lsel) && v->tree != NULL) {
		vp->nvis = ltree_count_nodes(v->tree);
		vp->vis = xmalloc(vp->nvis ? vp->nvis : 1);
		for (i = 0; i < vp->nvis; i++)
			vp->vis[i] = (uint8_t)lsel_visible(f->lsel, v->tree,
			    (uint32_t)i);
		if (vp->nvis == 0) {
			vp->nvis = 1;
			vp->vis[0] = 1;
		}
	}
	vp->text = filter_needs_text(f);
	vp->searchable = vp->text && filter_searchable(f);
	viewpar_cut(vp, v->chunk);
	/*
	 * The view's array is filled downwards from index total - 1 for
	 * record count - 1, so record id's entry can land no higher than
	 * index id - first: the part of the array below a chunk's records'
	 * end is free until every chunk before it is taken in (viewpar_take
	 * then moves its entries up into place). The chunk writes there,
	 * the array is never moved meanwhile (view_grow_hi stops the
	 * workers first), and nobody else touches it.
	 */
	for (i = 0; i < vp->nchunks; i++)
		vp->chunks[i].ents = v->ents + (vp->chunks[i].hi -
		    (v->back[0] - v->hi));
	pthread_mutex_init(&vp->lock, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&vp->cond, &attr);
	pthread_condattr_destroy(&attr);
	vp->mine = SIZE_MAX;
	for (j = 0; j < VIEWPAR_WORKERS + 1; j++) {
		struct viewpar_worker	*w = &vp->w[j];

		w->vp = vp;
		filter_copy(&w->f, f);
		w->f.undecided = 0;
		if (vp->text)
			w->buf = xmalloc(VIEW_SPAN_BYTES > LSTORE_MAXREC ?
			    VIEW_SPAN_BYTES : LSTORE_MAXREC);
	}
	for (j = 0; j < VIEWPAR_WORKERS; j++) {
		if (pthread_create(&vp->w[j].thread, NULL, viewpar_main,
		    &vp->w[j]) != 0)
			break;
		vp->w[j].joinable = 1;
		started++;
	}
	if (started == 0) {
		viewpar_free(vp);
		return NULL;
	}
	return vp;
}

/* Records at and above this id are the view's own. */
uint64_t
viewpar_top(const struct viewpar *vp)
{
	return vp->snap.hi;
}

/* Wait for chunk c until the deadline; 1 when it is done. */
static int
viewpar_wait(struct viewpar *vp, struct viewpar_chunk *c, int64_t deadline)
{
	struct timespec	ts;
	int		done;

	ts.tv_sec = (time_t)(deadline / 1000);
	ts.tv_nsec = (long)(deadline % 1000) * 1000000;
	pthread_mutex_lock(&vp->lock);
	while (!(done = atomic_load(&c->done))) {
		if (deadline == INT64_MAX)
			pthread_cond_wait(&vp->cond, &vp->lock);
		else if (pthread_cond_timedwait(&vp->cond, &vp->lock,
		    &ts) != 0 && clock_ms() >= deadline)
			break;
	}
	pthread_mutex_unlock(&vp->lock);
	return done;
}

/*
 * Take the finished chunks in order into the view, until the deadline.
 * While the next one is not done, the main thread works too: on a chunk
 * of its own (kept across slices: a deadline stops it between spans),
 * else it waits for the next one.
 */
int
viewpar_take(struct viewpar *vp, struct view *v, int64_t deadline)
{
	struct viewpar_worker	*me = &vp->w[VIEWPAR_WORKERS];
	struct viewpar_chunk	*c;
	size_t			 i;

	while (vp->merged < vp->nchunks) {
		c = &vp->chunks[vp->merged];
		if (!atomic_load(&c->done)) {
			if (vp->mine == SIZE_MAX && (i = atomic_fetch_add(
			    &vp->next, 1)) < vp->nchunks)
				vp->mine = i;
			if (vp->mine != SIZE_MAX) {
				if (!viewpar_run(me, &vp->chunks[vp->mine],
				    deadline))
					return 1;
				vp->mine = SIZE_MAX;
				continue;
			}
			if (!viewpar_wait(vp, c, deadline))
				return 1;
		}
		v->lo -= c->n;
		if (c->n > 0 && c->ents != v->ents + v->lo)
			memmove(v->ents + v->lo, c->ents, c->n * sizeof *c->ents);
		v->todo -= c->hi - c->lo;
		v->back[0] = c->lo;
		v->filter->undecided += c->undecided;
		vp->merged++;
		if (vp->merged < vp->nchunks && clock_ms() >= deadline)
			return 1;
	}
	return 0;
}

/* Cancel and join the workers, free what they made, give the snapshot back. */
void
viewpar_free(struct viewpar *vp)
{
	int	j;

	if (vp == NULL)
		return;
	atomic_store(&vp->cancel, 1);
	for (j = 0; j < VIEWPAR_WORKERS + 1; j++) {
		if (vp->w[j].joinable)
			pthread_join(vp->w[j].thread, NULL);
		filter_free(&vp->w[j].f);
		free(vp->w[j].buf);
	}
	free(vp->chunks);
	free(vp->vis);
	lstore_release(vp->ls, &vp->snap);
	pthread_mutex_destroy(&vp->lock);
	pthread_cond_destroy(&vp->cond);
	free(vp);
}
