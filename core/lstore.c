/*
 * lstore.c: the record index of one source.
 *
 * For files the index keeps offsets, never text: a record is 16 bytes
 * (struct lrec: virtual offset, level, flags, logger id, time delta), and
 * its text is read back with pread() when it is drawn or matched. A 1 GB
 * file of 10 M one-line records costs 160 MB of index and no copy of the
 * file. Times are kept as int32 ms deltas against a base per block of
 * LSTORE_TBLOCK records.
 *
 * Virtual offsets (see source.c) map to files through segments: each time
 * the source (re)opens or restarts a file, a segment begins at the current
 * virtual offset with a dup of its fd. A record lies inside one segment.
 * When a file is truncated, the bytes of its old segment are gone: those
 * records are flagged LOST and drawn as such, never with the wrong text.
 *
 * For stdin and commands (keep_text) the bytes are kept in memory, up to
 * a cap; beyond it the oldest records are dropped in whole blocks and
 * counted (the pane says so).
 *
 * A big file is loaded tail first: the source starts near the end, and the
 * head is indexed in the background by two worker threads (struct
 * lhead_job), each on half of it with its own parser, logger tree and
 * counters, so nothing shared is touched off the main thread. When both
 * are done, lstore_head_step (main thread) maps their logger ids into the
 * shared tree, adds their counters, and prepends the head. Record ids are positions plus `first`; they
 * change meaning only when records are dropped or the head is prepended,
 * and both bump `generation` so views rebuild.
 */
#include "lstore.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xmalloc.h"
#include "../parsers/group.h"
#include "../filters/ltree.h"
#include "../filters/stats.h"

#define LSTORE_WINDOW	(1024 * 1024)	/* read-back window for file text */
#define LSTORE_HEADBUF	(1024 * 1024)

/* A growable array of records with per-block time bases. */
struct lrecs {
	struct lrec	*r;
	int64_t		*tbase;		/* per LSTORE_TBLOCK records; INT64_MIN unknown */
	uint64_t	 n;
	uint64_t	 size;
	int64_t		 last_time;	/* last known time, for records without one */
	int		 seen_start;	/* a real record start was seen in this segment */
};

struct lseg {
	uint64_t	 vstart;
	int		 fd;		/* -1 for memory */
};

/* What parsing needs: a parser, the tree to intern into, the counters. */
struct lparse {
	struct parser	 parser;
	struct ltree	*tree;
	struct stats	*stats;		/* may be NULL */
};

/*
 * One background indexing job: a byte range of the file's head, parsed on
 * a thread of its own into private records, a private logger tree and
 * private counters (nothing shared is touched), merged on the main thread
 * when every job is done.
 */
struct lhead_job {
	int			 fd;
	uint64_t		 from;
	uint64_t		 to;
	uint64_t		 vbase;		/* virtual offset of file offset 0 */
	struct lparse		 px;
	struct stats		 stats;
	struct lrecs		 recs;
	_Atomic uint64_t	 pos;		/* progress */
	_Atomic int		 done;
	_Atomic int		*cancel;
	pthread_t		 thread;
	int			 joinable;
};

#define LSTORE_JOBS	2

struct lstore {
	struct lparse	 px;
	const struct pyfmt *fmt;
	struct ltree	*tree;
	struct stats	*stats;

	struct lrecs	 recs;
	uint64_t	 first;		/* id of recs.r[0] */
	uint64_t	 end;		/* virtual end of the data fed */
	uint64_t	 generation;
	uint64_t	 dropped;
	uint64_t	 fed;		/* records that came through lstore_feed */

	struct lseg	*segs;
	size_t		 nsegs;

	int		 keep_text;
	size_t		 cap;
	char		*mem;		/* keep_text: bytes from mem_vstart on */
	uint64_t	 mem_vstart;
	size_t		 memlen;
	size_t		 memsize;

	char		*win;		/* read-back window (files) */
	uint64_t	 win_off;
	size_t		 win_len;
	size_t		 win_size;

	struct lhead_job jobs[LSTORE_JOBS];	/* background head indexing */
	int		 njobs;
	uint64_t	 head_end;
	int		 head_active;
	_Atomic int	 head_cancel;
};

static void	lstore_head_cancel(struct lstore *);

/* Create an index for one source. */
struct lstore *
lstore_create(const struct pyfmt *fmt, struct ltree *tree, struct stats *stats,
    int keep_text, size_t cap)
{
	struct lstore	*ls = xcalloc(1, sizeof *ls);

	parser_init(&ls->px.parser, fmt);
	ls->px.tree = tree;
	ls->px.stats = stats;
	ls->fmt = fmt;
	ls->tree = tree;
	ls->stats = stats;
	ls->keep_text = keep_text;
	ls->cap = cap;
	ls->recs.last_time = TIME_UNKNOWN;
	return ls;
}

/* Free the records of an array. */
static void
lrecs_free(struct lrecs *a)
{
	free(a->r);
	free(a->tbase);
	memset(a, 0, sizeof *a);
	a->last_time = TIME_UNKNOWN;
}

/* Free the index and close its segment fds. */
void
lstore_free(struct lstore *ls)
{
	size_t	i;

	if (ls == NULL)
		return;
	for (i = 0; i < ls->nsegs; i++)
		if (ls->segs[i].fd != -1)
			close(ls->segs[i].fd);
	lstore_head_cancel(ls);
	free(ls->segs);
	lrecs_free(&ls->recs);
	free(ls->mem);
	free(ls->win);
	free(ls);
}

/* Append a record to an array. */
static void
lrecs_push(struct lrecs *a, uint64_t off, unsigned level, uint32_t logger,
    int64_t time)
{
	struct lrec	*r;
	uint64_t	 blk = a->n / LSTORE_TBLOCK;
	uint64_t	 flags = 0;
	int64_t		 d;

	if (a->n == a->size) {
		a->size = a->size ? a->size * 2 : 4096;
		a->r = xreallocarray(a->r, a->size, sizeof *a->r);
		a->tbase = xreallocarray(a->tbase, a->size / LSTORE_TBLOCK + 1,
		    sizeof *a->tbase);
	}
	if (a->n % LSTORE_TBLOCK == 0)
		a->tbase[blk] = INT64_MIN;
	if (time == TIME_UNKNOWN) {
		time = a->last_time;
		flags |= LREC_F_NOTIME;
	} else
		a->last_time = time;
	r = &a->r[a->n++];
	r->word = (off & LREC_OFF_MASK) | ((uint64_t)(level & 7) << 48) | flags;
	r->logger = logger;
	if (time == TIME_UNKNOWN) {
		r->tdelta = INT32_MIN;
		return;
	}
	if (a->tbase[blk] == INT64_MIN)
		a->tbase[blk] = time;
	d = time - a->tbase[blk];
	if (d <= INT32_MIN)
		d = INT32_MIN + 1;
	if (d > INT32_MAX)
		d = INT32_MAX;
	r->tdelta = (int32_t)d;
}

/* Time of the record at position pos of an array. */
static int64_t
lrecs_time(const struct lrecs *a, uint64_t pos)
{
	const struct lrec	*r = &a->r[pos];

	if (r->tdelta == INT32_MIN)
		return TIME_UNKNOWN;
	return a->tbase[pos / LSTORE_TBLOCK] + r->tdelta;
}

/* Parse whole lines into records of array a, interning into px's tree. */
static void
lstore_parse(struct lparse *px, struct lrecs *a, const char *buf, size_t len,
    uint64_t voff)
{
	const char	*p = buf, *end = buf + len, *nl;
	struct fields	 f;
	size_t		 n;
	uint32_t	 logger;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (parse_line(&px->parser, p, n, &f)) {
			logger = f.logger.len == 0 ? LTREE_ROOT :
			    ltree_intern(px->tree, p + f.logger.off, f.logger.len);
			lrecs_push(a, voff + (uint64_t)(p - buf), f.level, logger,
			    f.time);
			a->seen_start = 1;
			if (px->stats != NULL)
				stats_add(px->stats, px->tree, logger, f.level,
				    f.time);
		} else if (!a->seen_start) {
			/* Lines before the first record: records of their own. */
			lrecs_push(a, voff + (uint64_t)(p - buf), LEVEL_NONE,
			    LTREE_ROOT, TIME_UNKNOWN);
			if (px->stats != NULL)
				stats_add(px->stats, px->tree, LTREE_ROOT,
				    LEVEL_NONE, TIME_UNKNOWN);
		}
		p = nl + 1;
	}
}

/* Drop the oldest records (whole time blocks) to respect the memory cap. */
static void
lstore_drop(struct lstore *ls)
{
	uint64_t	k, cut, nblk;

	k = ls->recs.n / 2;
	k -= k % LSTORE_TBLOCK;
	if (k == 0)
		k = ls->recs.n > 1 ? ls->recs.n - 1 : 0;
	if (k == 0)
		return;
	cut = LREC_OFF(&ls->recs.r[k]);
	memmove(ls->recs.r, ls->recs.r + k, (ls->recs.n - k) * sizeof *ls->recs.r);
	nblk = k / LSTORE_TBLOCK;
	if (k % LSTORE_TBLOCK == 0 && nblk > 0)
		memmove(ls->recs.tbase, ls->recs.tbase + nblk,
		    ((ls->recs.n - k) / LSTORE_TBLOCK + 1) * sizeof *ls->recs.tbase);
	else {
		/* Not block aligned (tiny store): make every delta absolute-free. */
		uint64_t	i;

		for (i = 0; i < ls->recs.n - k; i++)
			ls->recs.r[i].tdelta = INT32_MIN;
	}
	ls->recs.n -= k;
	ls->first += k;
	ls->dropped += k;
	if (cut > ls->mem_vstart && cut - ls->mem_vstart <= ls->memlen) {
		size_t	c = (size_t)(cut - ls->mem_vstart);

		memmove(ls->mem, ls->mem + c, ls->memlen - c);
		ls->memlen -= c;
		ls->mem_vstart = cut;
	}
	ls->generation++;
}

/* Keep bytes in memory at their virtual offset (stdin, commands). */
static void
lstore_keep(struct lstore *ls, const char *buf, size_t len, uint64_t voff)
{
	size_t	at;

	if (ls->memlen == 0 && ls->recs.n == 0)
		ls->mem_vstart = voff;
	if (voff < ls->mem_vstart)
		return;
	at = (size_t)(voff - ls->mem_vstart);
	if (at > ls->memlen)
		at = ls->memlen;	/* a gap cannot happen for pipes; be safe */
	if (at + len > ls->memsize) {
		ls->memsize = ls->memsize ? ls->memsize : 65536;
		while (ls->memsize < at + len)
			ls->memsize *= 2;
		ls->mem = xrealloc(ls->mem, ls->memsize);
	}
	memcpy(ls->mem + at, buf, len);
	ls->memlen = at + len;
}

/* Whole lines from the source. */
void
lstore_feed(struct lstore *ls, const char *buf, size_t len, uint64_t voff)
{
	uint64_t	before = ls->recs.n;

	if (ls->keep_text)
		lstore_keep(ls, buf, len, voff);
	lstore_parse(&ls->px, &ls->recs, buf, len, voff);
	ls->fed += ls->recs.n - before;
	if (voff + len > ls->end)
		ls->end = voff + len;
	if (ls->keep_text && ls->cap > 0 && ls->memlen > ls->cap)
		lstore_drop(ls);
}

/* A new segment begins; on a reset the old segment's records lose their text. */
void
lstore_segment(struct lstore *ls, uint64_t voff, int fd, int reset)
{
	struct lseg	*seg;
	uint64_t	 i;

	if (reset && ls->nsegs > 0) {
		uint64_t	vstart = ls->segs[ls->nsegs - 1].vstart;

		for (i = ls->recs.n; i > 0; i--) {
			if (LREC_OFF(&ls->recs.r[i - 1]) < vstart)
				break;
			ls->recs.r[i - 1].word |= LREC_F_LOST;
		}
	}
	ls->recs.seen_start = 0;
	ls->segs = xreallocarray(ls->segs, ls->nsegs + 1, sizeof *ls->segs);
	seg = &ls->segs[ls->nsegs++];
	seg->vstart = voff;
	seg->fd = -1;
	if (!ls->keep_text && fd != -1)
		seg->fd = fcntl(fd, F_DUPFD_CLOEXEC, 0);
	if (voff > ls->end)
		ls->end = voff;
	ls->win_len = 0;
}

uint64_t
lstore_count(const struct lstore *ls)
{
	return ls->first + ls->recs.n;
}

uint64_t
lstore_first(const struct lstore *ls)
{
	return ls->first;
}

/* The record array: ids first .. first + *n - 1 (valid until the next feed). */
const struct lrec *
lstore_recs(const struct lstore *ls, uint64_t *first, uint64_t *n)
{
	*first = ls->first;
	*n = ls->recs.n;
	return ls->recs.r;
}

/* The record with this id (caller keeps first <= id < count). */
const struct lrec *
lstore_get(const struct lstore *ls, uint64_t id)
{
	return &ls->recs.r[id - ls->first];
}

/* Time of a record in ms, or TIME_UNKNOWN. */
int64_t
lstore_time(const struct lstore *ls, uint64_t id)
{
	return lrecs_time(&ls->recs, id - ls->first);
}

uint64_t
lstore_generation(const struct lstore *ls)
{
	return ls->generation;
}

uint64_t
lstore_fed(const struct lstore *ls)
{
	return ls->fed;
}

uint64_t
lstore_dropped(const struct lstore *ls)
{
	return ls->dropped;
}

/* The segment holding virtual offset v. */
static const struct lseg *
lstore_seg(const struct lstore *ls, uint64_t v, uint64_t *segend)
{
	size_t	lo = 0, hi = ls->nsegs, mid;

	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (ls->segs[mid].vstart <= v)
			lo = mid;
		else
			hi = mid;
	}
	if (ls->nsegs == 0)
		return NULL;
	*segend = lo + 1 < ls->nsegs ? ls->segs[lo + 1].vstart : ls->end;
	return &ls->segs[lo];
}

/* Bytes of line end (LF or CRLF) just before virtual offset end. */
static size_t
lstore_eol(struct lstore *ls, const struct lseg *seg, uint64_t end)
{
	char	t[2];

	if (ls->keep_text) {
		if (end - ls->mem_vstart < 2 || end - ls->mem_vstart > ls->memlen)
			return 0;
		memcpy(t, ls->mem + (end - ls->mem_vstart) - 2, 2);
	} else if (seg == NULL || seg->fd == -1 || end < seg->vstart + 2 ||
	    pread(seg->fd, t, 2, (off_t)(end - 2 - seg->vstart)) != 2)
		return 0;
	if (t[1] != '\n')
		return 0;
	return t[0] == '\r' ? 2 : 1;
}

/* Text of a record; valid until the next call. */
const char *
lstore_text(struct lstore *ls, uint64_t id, size_t *len, uint64_t *full)
{
	const struct lrec	*r = lstore_get(ls, id);
	const struct lseg	*seg;
	uint64_t		 off = LREC_OFF(r), end, segend = 0;
	size_t			 want, got = 0;
	ssize_t			 n;

	end = id + 1 < lstore_count(ls) ? LREC_OFF(lstore_get(ls, id + 1)) : ls->end;
	seg = lstore_seg(ls, off, &segend);
	if (seg != NULL && end > segend)
		end = segend;
	if (end < off)
		end = off;
	*full = end - off;
	if (r->word & LREC_F_LOST)
		return NULL;
	if (ls->keep_text) {
		if (off < ls->mem_vstart || end - ls->mem_vstart > ls->memlen)
			return NULL;
		want = (size_t)(end - off);
		if (want > LSTORE_MAXREC)
			want = LSTORE_MAXREC;
	} else {
		if (seg == NULL || seg->fd == -1)
			return NULL;
		want = (size_t)(end - off);
		if (want > LSTORE_MAXREC)
			want = LSTORE_MAXREC;
		if (!(off >= ls->win_off && off + want <= ls->win_off + ls->win_len)) {
			size_t		span = want > LSTORE_WINDOW ? want : LSTORE_WINDOW;
			uint64_t	from = off;

			/*
			 * Moving backwards (a view rebuilding from the end):
			 * place the window so the record sits at its end.
			 */
			if (ls->win_len > 0 && off < ls->win_off &&
			    off + want + LSTORE_WINDOW > ls->win_off) {
				from = off + want > LSTORE_WINDOW ?
				    off + want - LSTORE_WINDOW : 0;
				if (from < seg->vstart)
					from = seg->vstart;
				span = (size_t)(off + want - from);
			}
			if (from + span > segend)
				span = (size_t)(segend - from);
			if (span < want + (off - from))
				span = want + (size_t)(off - from);
			if (ls->win_size < span) {
				ls->win_size = span;
				ls->win = xrealloc(ls->win, ls->win_size);
			}
			while (got < span) {
				n = pread(seg->fd, ls->win + got, span - got,
				    (off_t)(from - seg->vstart + got));
				if (n == -1 && errno == EINTR)
					continue;
				if (n <= 0)
					break;
				got += (size_t)n;
			}
			ls->win_off = from;
			ls->win_len = got;
			if (got < (size_t)(off - from) + want)
				want = got > off - from ? got - (size_t)(off - from) : 0;
		}
	}
	{
		const char	*p = ls->keep_text ? ls->mem + (off - ls->mem_vstart) :
		    ls->win + (off - ls->win_off);

		int		 whole = *full == want;

		while (want > 0 && (p[want - 1] == '\n' || p[want - 1] == '\r'))
			want--;
		*len = want;
		if (whole)
			*full = want;	/* not truncated: the newline is no content */
		else
			*full -= lstore_eol(ls, seg, end);
		return p;
	}
}

/* The background worker: parse one range of the head. */
static void *
lstore_head_worker(void *arg)
{
	struct lhead_job	*job = arg;
	char			*buf = xmalloc(LSTORE_HEADBUF);
	uint64_t		 pos = job->from;
	size_t			 want, use;
	ssize_t			 n;
	const char		*nl;

	while (pos < job->to && !atomic_load(job->cancel)) {
		want = LSTORE_HEADBUF;
		if (want > job->to - pos)
			want = (size_t)(job->to - pos);
		n = pread(job->fd, buf, want, (off_t)pos);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		use = (size_t)n;
		if (pos + use < job->to && (nl = memrchr(buf, '\n', use)) != NULL)
			use = (size_t)(nl - buf) + 1;
		lstore_parse(&job->px, &job->recs, buf, use, job->vbase + pos);
		pos += use;
		atomic_store(&job->pos, pos - job->from);
	}
	free(buf);
	atomic_store(&job->done, 1);
	return NULL;
}

/* Set up a job over [from, to). */
static void
lstore_job_init(struct lstore *ls, struct lhead_job *job, uint64_t from,
    uint64_t to, int at_start)
{
	memset(job, 0, sizeof *job);
	job->fd = ls->segs[0].fd;
	job->from = from;
	job->to = to;
	job->vbase = ls->segs[0].vstart;
	parser_init(&job->px.parser, ls->fmt);
	job->px.tree = ltree_create();
	stats_init(&job->stats, "head");
	stats_defer_subtrees(&job->stats);
	job->px.stats = ls->stats != NULL ? &job->stats : NULL;
	job->recs.last_time = TIME_UNKNOWN;
	job->recs.seen_start = !at_start;	/* a later range begins at a record */
	job->cancel = &ls->head_cancel;
}

/* Free a job's private state. */
static void
lstore_job_free(struct lhead_job *job)
{
	ltree_free(job->px.tree);
	job->px.tree = NULL;
	stats_free(&job->stats);
	lrecs_free(&job->recs);
}

/*
 * Start indexing [0, upto) of the first segment's file in the background:
 * two threads, each on half of the range (split at a record start), so
 * the head is indexed on both cores while the main thread keeps answering
 * keys and following the tail.
 */
void
lstore_head_begin(struct lstore *ls, uint64_t upto)
{
	uint64_t	split = 0;
	int		i;

	if (ls->nsegs == 0 || ls->segs[0].fd == -1 || upto == 0)
		return;
	ls->head_active = 1;
	ls->head_end = upto;
	atomic_store(&ls->head_cancel, 0);
	if (upto > 4 * LSTORE_HEADBUF)
		split = group_split_point(ls->segs[0].fd, ls->fmt, upto / 2, upto);
	ls->njobs = split != 0 ? 2 : 1;
	lstore_job_init(ls, &ls->jobs[0], 0, split != 0 ? split : upto, 1);
	if (split != 0)
		lstore_job_init(ls, &ls->jobs[1], split, upto, 0);
	for (i = 0; i < ls->njobs; i++) {
		if (pthread_create(&ls->jobs[i].thread, NULL, lstore_head_worker,
		    &ls->jobs[i]) == 0)
			ls->jobs[i].joinable = 1;
		else
			lstore_head_worker(&ls->jobs[i]);	/* no thread: do it now */
	}
}

/* Stop and forget background indexing (lstore_free). */
static void
lstore_head_cancel(struct lstore *ls)
{
	int	i;

	if (!ls->head_active)
		return;
	atomic_store(&ls->head_cancel, 1);
	for (i = 0; i < ls->njobs; i++) {
		if (ls->jobs[i].joinable)
			pthread_join(ls->jobs[i].thread, NULL);
		lstore_job_free(&ls->jobs[i]);
	}
	ls->head_active = 0;
}

/* Map a job's logger ids to the shared tree's. */
static uint32_t *
lstore_job_map(struct lstore *ls, struct lhead_job *job)
{
	uint32_t	 n = ltree_count_nodes(job->px.tree), id, *map;
	const char	*name;
	size_t		 len;

	map = xcalloc(n ? n : 1, sizeof *map);
	for (id = 1; id < n; id++) {
		name = ltree_name(job->px.tree, id, &len);
		map[id] = ltree_intern(ls->tree, name, len);
	}
	return map;
}

/*
 * Every job is done: put the head before the tail. The first job's array
 * becomes the index (its logger ids rewritten in place), the other job's
 * records and the (small) tail are appended to it, so the big array is
 * never copied; the jobs' counters are added to the source's.
 */
static void
lstore_head_finish(struct lstore *ls)
{
	struct lrecs	*all = &ls->jobs[0].recs;
	uint32_t	*map;
	uint64_t	 i;
	int		 j;

	for (j = 0; j < ls->njobs; j++) {
		struct lhead_job	*job = &ls->jobs[j];

		if (job->joinable)
			pthread_join(job->thread, NULL);
		map = lstore_job_map(ls, job);
		stats_finish_subtrees(&job->stats, job->px.tree);
		if (ls->stats != NULL)
			stats_merge_map(ls->stats, &job->stats, map,
			    ltree_count_nodes(job->px.tree));
		if (j == 0) {
			for (i = 0; i < all->n; i++)
				all->r[i].logger = map[all->r[i].logger];
		} else {
			for (i = 0; i < job->recs.n; i++) {
				const struct lrec	*r = &job->recs.r[i];

				lrecs_push(all, LREC_OFF(r), LREC_LEVEL(r),
				    map[r->logger], (r->word & LREC_F_NOTIME) ?
				    TIME_UNKNOWN : lrecs_time(&job->recs, i));
			}
		}
		free(map);
	}
	for (i = 0; i < ls->recs.n; i++) {
		const struct lrec	*r = &ls->recs.r[i];

		lrecs_push(all, LREC_OFF(r), LREC_LEVEL(r), r->logger,
		    (r->word & LREC_F_NOTIME) ? TIME_UNKNOWN :
		    lrecs_time(&ls->recs, i));
		all->r[all->n - 1].word |= r->word & LREC_F_LOST;
	}
	all->seen_start = ls->recs.seen_start;
	lrecs_free(&ls->recs);
	ls->recs = *all;
	memset(all, 0, sizeof *all);
	for (j = 0; j < ls->njobs; j++)
		lstore_job_free(&ls->jobs[j]);
	ls->first = 0;
	ls->head_active = 0;
	ls->generation++;
}

/* Finish the head when the workers are done; returns 1 while they still work. */
int
lstore_head_step(struct lstore *ls, size_t budget)
{
	int	j;

	if (!ls->head_active)
		return 0;
	for (j = 0; j < ls->njobs; j++)
		if (!atomic_load(&ls->jobs[j].done))
			return 1;
	lstore_head_finish(ls);
	return 0;
}

/* Head indexing progress. */
void
lstore_head_progress(const struct lstore *ls, uint64_t *done, uint64_t *total)
{
	int	j;

	*done = 0;
	*total = ls->head_active ? ls->head_end : 0;
	if (!ls->head_active)
		return;
	for (j = 0; j < ls->njobs; j++)
		*done += atomic_load(&ls->jobs[j].pos);
}

/* Bytes used by the index. */
size_t
lstore_memory(const struct lstore *ls)
{
	return (size_t)(ls->recs.size * sizeof(struct lrec) +
	    (ls->recs.size / LSTORE_TBLOCK + 1) * sizeof(int64_t) +
	    ls->jobs[0].recs.size * sizeof(struct lrec) +
	    ls->jobs[1].recs.size * sizeof(struct lrec) + ls->memsize + ls->win_size);
}
