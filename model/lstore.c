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
 * head is indexed in the background (struct lhead). The head is cut at
 * record starts into chunks of 1-16 MB; LSTORE_WORKERS threads take the
 * next chunk from an atomic counter until none is left (so a core that is
 * slowed by other work takes fewer chunks, and both finish together),
 * each with its own parser, logger tree and counters, so nothing shared
 * is touched off the main thread. Chunks are parsed into slices of one
 * allocation (sized from the tail's records per byte) and moved down into
 * place, time deltas rebased, by whichever worker finishes a chunk once
 * every chunk before it is parsed (lhead_merge_ready), so the records are
 * never copied into fresh pages. The last worker to finish writes a 0
 * byte to the caller's wake fd; lstore_head_step (main thread) then maps
 * each worker's logger ids into the shared tree, adds its counters and
 * appends the tail: ~30 ms for 1 GB.
 *
 * Record ids are positions plus `first`; they change meaning only when
 * records are dropped or the head is prepended, and both bump
 * `generation` so views rebuild.
 */
#include "lstore.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "parsers/group.h"
#include "ltree.h"
#include "stats.h"

#define LSTORE_WINDOW	(1024 * 1024)	/* read-back window for file text */
#define LSTORE_WINDOW_BACK (64 * 1024)	/* first window when moving backwards */
#define LSTORE_HEADBUF	(1024 * 1024)

/* A growable array of records with per-block time bases. */
struct lrecs {
	struct lrec	*r;
	int64_t		*tbase;		/* per LSTORE_TBLOCK records; INT64_MIN unknown */
	uint64_t	 n;
	uint64_t	 size;
	int64_t		 last_time;	/* last known time, for records without one */
	int		 seen_start;	/* a real record start was seen in this segment */
	int		 borrowed;	/* r is a slice of struct lhead's region */
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

#define LSTORE_WORKERS		2
#define LSTORE_CHUNK_MIN	(1024 * 1024)
#define LSTORE_CHUNK_MAX	(16 * 1024 * 1024)

/* One piece of the head, [from, to), cut at record starts. */
struct lhead_chunk {
	uint64_t	 from;
	uint64_t	 to;
	struct lrecs	 recs;		/* its records, with `worker`'s logger ids */
	int		 worker;
	int		 parsed;	/* (lock) recs is complete */
	uint64_t	 at;		/* index of its first record in the head */
};

/* One indexing thread: a parser, a logger tree and counters of its own. */
struct lhead_worker {
	struct lhead		*head;
	struct lparse		 px;
	struct stats		 stats;
	_Atomic uint64_t	 bytes;		/* progress */
	pthread_t		 thread;
	int			 joinable;
};

/*
 * Background indexing of a file's head. Owned by the lstore; a chunk's
 * records are its own until they are merged into `all` (or copied by
 * lstore_head_finish when a chunk outgrew its slice).
 */
struct lhead {
	int			 fd;
	uint64_t		 vbase;		/* virtual offset of file offset 0 */
	uint64_t		 end;		/* bytes to index: [0, end) */
	struct lhead_chunk	*chunks;
	size_t			 nchunks;
	_Atomic size_t		 next;		/* next chunk to take */
	_Atomic int		 running;	/* workers not yet done */
	_Atomic int		 cancel;
	int			 wake_fd;	/* written to when all are done, or -1 */
	const struct pyfmt	*fmt;		/* the source's --format, or NULL */
	double			 per_byte;	/* the tail's records per byte */
	struct lrec		*region;	/* one allocation sliced among chunks */
	uint64_t		 region_n;	/* records it holds */
	struct lhead_worker	 w[LSTORE_WORKERS];
	int			 nworkers;

	/*
	 * The head merged so far, chunks [0, merged), moved down inside the
	 * region as soon as every chunk before them is parsed, by the
	 * worker that finishes one (in_place: no chunk outgrew its slice,
	 * so a move never overwrites a record not yet moved). Logger ids
	 * are still the workers' own; the main thread maps them at the end.
	 */
	pthread_mutex_t		 lock;
	struct lrecs		 all;		/* all.r is region */
	size_t			 merged;
	int			 in_place;

	int			 lost;		/* (main) the file was truncated meanwhile */
};

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
	size_t		 win_back;	/* next backwards window (doubles) */

	struct lhead	*head;		/* background head indexing, or NULL */
};

static void	lstore_head_cancel(struct lstore *);
static void	lrecs_append(struct lrecs *, const struct lrecs *,
		    const uint32_t *);

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
	if (!a->borrowed)
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
	lstore_head_cancel(ls);		/* workers read segs[0].fd: first */
	for (i = 0; i < ls->nsegs; i++)
		if (ls->segs[i].fd != -1)
			close(ls->segs[i].fd);
	free(ls->segs);
	lrecs_free(&ls->recs);
	free(ls->mem);
	free(ls->win);
	free(ls);
}

/* A time as a delta against its block's base (INT32_MIN means "none"). */
static inline int32_t
lrec_delta(int64_t time, int64_t base)
{
	int64_t	d = time - base;

	if (d <= INT32_MIN)
		return INT32_MIN + 1;
	return d > INT32_MAX ? INT32_MAX : (int32_t)d;
}

/* Append a record to an array. */
static void
lrecs_push(struct lrecs *a, uint64_t off, unsigned level, uint32_t logger,
    int64_t time)
{
	struct lrec	*r;
	uint64_t	 blk = a->n / LSTORE_TBLOCK;
	uint64_t	 flags = 0;

	if (a->n == a->size) {
		a->size = a->size ? a->size * 2 : 4096;
		if (a->borrowed) {
			/* Outgrew its slice of the region: a copy of its own. */
			r = xreallocarray(NULL, a->size, sizeof *a->r);
			memcpy(r, a->r, a->n * sizeof *a->r);
			a->r = r;
			a->borrowed = 0;
		} else
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
	r->tdelta = lrec_delta(time, a->tbase[blk]);
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

		/*
		 * The head being indexed lies in the segment whose bytes just
		 * went: its records will be marked lost when they land (the
		 * workers may even be reading new bytes at old offsets).
		 */
		if (ls->head != NULL && ls->nsegs == 1)
			ls->head->lost = 1;

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

/* Virtual offset where record id begins (the end of data past the last). */
static uint64_t
lstore_off(const struct lstore *ls, uint64_t id)
{
	return id < lstore_count(ls) ? LREC_OFF(lstore_get(ls, id)) : ls->end;
}

/* Read span bytes of a file segment from virtual offset from into the window; bytes got. */
static size_t
lstore_window(struct lstore *ls, const struct lseg *seg, uint64_t from,
    size_t span)
{
	size_t	got = 0;
	ssize_t	n;

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
	return got;
}

/*
 * The bytes of records [from, to) in one piece (line ends included), for
 * a search over many records at once: read into the window for files,
 * straight from memory for kept text. NULL when that cannot be done in
 * one piece of at most max bytes: the records span segments, their text
 * is lost or dropped, or the file ends short of them.
 */
const char *
lstore_span(struct lstore *ls, uint64_t from, uint64_t to, size_t max,
    size_t *len)
{
	const struct lrec	*r, *last;
	const struct lseg	*seg;
	uint64_t		 off, end, segend = 0;

	if (from >= to || from < ls->first || to > lstore_count(ls))
		return NULL;
	r = lstore_get(ls, from);
	last = lstore_get(ls, to - 1);
	off = LREC_OFF(r);
	end = lstore_off(ls, to);
	if ((r->word | last->word) & LREC_F_LOST || end < off ||
	    end - off > max || (seg = lstore_seg(ls, off, &segend)) == NULL ||
	    end > segend)
		return NULL;
	*len = (size_t)(end - off);
	if (ls->keep_text) {
		if (off < ls->mem_vstart || end - ls->mem_vstart > ls->memlen)
			return NULL;
		return ls->mem + (off - ls->mem_vstart);
	}
	if (seg->fd == -1)
		return NULL;
	if (!(off >= ls->win_off && end <= ls->win_off + ls->win_len) &&
	    lstore_window(ls, seg, off, *len) < *len)
		return NULL;
	return ls->win + (off - ls->win_off);
}

/* Text of a record; valid until the next call. */
const char *
lstore_text(struct lstore *ls, uint64_t id, size_t *len, uint64_t *full)
{
	const struct lrec	*r = lstore_get(ls, id);
	const struct lseg	*seg;
	uint64_t		 off = LREC_OFF(r), end, segend = 0;
	size_t			 want, got;

	end = lstore_off(ls, id + 1);
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
			 * Moving backwards: place the window so the record
			 * sits at its end. A frame drawn up from the last
			 * record needs a screenful, a view rebuilding from
			 * the end needs everything: so the window starts at
			 * 64 KB and doubles while the misses go on backwards
			 * (drawing the tail of a busy file had copied 1 MB
			 * per pane per frame: a fifth of the CPU at 10 k
			 * lines/s).
			 */
			if (ls->win_len > 0 && off < ls->win_off &&
			    off + want + LSTORE_WINDOW > ls->win_off) {
				size_t	back = ls->win_back ? ls->win_back :
				    LSTORE_WINDOW_BACK;

				from = off + want > back ? off + want - back : 0;
				if (from < seg->vstart)
					from = seg->vstart;
				span = (size_t)(off + want - from);
				ls->win_back = back < LSTORE_WINDOW ? back * 2 :
				    LSTORE_WINDOW;
			} else
				ls->win_back = LSTORE_WINDOW_BACK;
			if (from + span > segend)
				span = (size_t)(segend - from);
			if (span < want + (off - from))
				span = want + (size_t)(off - from);
			got = lstore_window(ls, seg, from, span);
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

/* Parse one chunk with a worker's parser into the chunk's records. */
static void
lhead_parse_chunk(struct lhead_worker *w, struct lhead_chunk *c, char *buf)
{
	struct lhead	*h = w->head;
	struct lrecs	 recs = c->recs;	/* a private copy: see below */
	uint64_t	 pos = c->from;
	size_t		 want, use;
	ssize_t		 n;
	const char	*nl;

	/*
	 * Neighbouring chunks share cache lines and are parsed at the same
	 * time on the two cores: pushing into c->recs itself made every
	 * record bounce a line between them (a third of the time went
	 * there). So the records grow in a local copy, stored back at the end.
	 */
	while (pos < c->to && !atomic_load(&h->cancel)) {
		want = LSTORE_HEADBUF;
		if (want > c->to - pos)
			want = (size_t)(c->to - pos);
		n = pread(h->fd, buf, want, (off_t)pos);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* the file shrank under us: the rest is lost */
		use = (size_t)n;
		if (pos + use < c->to && (nl = memrchr(buf, '\n', use)) != NULL)
			use = (size_t)(nl - buf) + 1;
		lstore_parse(&w->px, &recs, buf, use, h->vbase + pos);
		pos += use;
		atomic_fetch_add(&w->bytes, use);
	}
	c->recs = recs;
}

/*
 * Move every parsed chunk that follows the merged prefix down into it
 * (lock held, or no worker running). Stops at the first chunk not yet
 * parsed, or for good at one that outgrew its slice.
 */
static void
lhead_merge_ready(struct lhead *h)
{
	struct lhead_chunk	*c;

	while (h->in_place && h->merged < h->nchunks &&
	    (c = &h->chunks[h->merged])->parsed) {
		if (!c->recs.borrowed) {
			h->in_place = 0;
			break;
		}
		c->at = h->all.n;
		lrecs_append(&h->all, &c->recs, NULL);
		lrecs_free(&c->recs);
		h->merged++;
	}
}

/* Cut [0, end) into chunks at record starts. */
static void
lhead_cut(struct lhead *h, const struct pyfmt *fmt)
{
	uint64_t	size = h->end / (LSTORE_WORKERS * 16), at, cut, from = 0;

	if (size < LSTORE_CHUNK_MIN)
		size = LSTORE_CHUNK_MIN;
	if (size > LSTORE_CHUNK_MAX)
		size = LSTORE_CHUNK_MAX;
	h->chunks = xcalloc(h->end / size + 2, sizeof *h->chunks);
	for (at = size; at < h->end; at += size) {
		/* No record start near `at` (a huge record): a longer chunk. */
		if ((cut = group_split_point(h->fd, fmt, at, h->end)) == 0 ||
		    cut <= from)
			continue;
		h->chunks[h->nchunks].from = from;
		h->chunks[h->nchunks++].to = cut;
		from = cut;
		if (at < cut)
			at = cut - cut % size;
	}
	h->chunks[h->nchunks].from = from;
	h->chunks[h->nchunks++].to = h->end;
	for (at = 0; at < h->nchunks; at++) {
		h->chunks[at].recs.last_time = TIME_UNKNOWN;
		/* A later chunk begins at a record: no lines before "the first". */
		h->chunks[at].recs.seen_start = at > 0;
	}
}

/* A chunk's slice, in records: bytes x records per byte x 1.5, + 1024. */
static uint64_t
lhead_slice_size(const struct lhead_chunk *c, double per_byte)
{
	return (uint64_t)((double)(c->to - c->from) * per_byte * 1.5) + 1024;
}

/*
 * Give every chunk a slice of one allocation, sized from the records per
 * byte of the tail already loaded (times 1.5, plus some), so that the
 * chunks' records end up in one array without being copied to new
 * memory: fresh pages cost more than the copy (about 0.7 ms per MB to
 * fault in on this VM). The region is allocated but not touched; only
 * the pages the records fill count. A chunk that outgrows its slice
 * takes a copy of its own, and the merge then copies (slower, same
 * result). Without a region (malloc refused) every chunk has its own.
 */
static void
lhead_slice(struct lhead *h)
{
	uint64_t	cap, total = 0, i;

	for (i = 0; i < h->nchunks; i++)
		total += lhead_slice_size(&h->chunks[i], h->per_byte);
	if (total > SIZE_MAX / sizeof(struct lrec) ||
	    (h->region = malloc(total * sizeof(struct lrec))) == NULL)
		return;
	h->region_n = total;
	h->all.r = h->region;
	h->all.size = total;
	h->all.borrowed = 1;		/* the region is freed as h->region */
	h->all.tbase = xreallocarray(NULL, total / LSTORE_TBLOCK + 1,
	    sizeof *h->all.tbase);
	h->in_place = 1;
	for (total = 0, i = 0; i < h->nchunks; i++) {
		struct lrecs	*a = &h->chunks[i].recs;

		cap = lhead_slice_size(&h->chunks[i], h->per_byte);
		a->r = h->region + total;
		a->size = cap;
		a->borrowed = 1;
		a->tbase = xreallocarray(NULL, cap / LSTORE_TBLOCK + 1,
		    sizeof *a->tbase);
		total += cap;
	}
}

/* A worker: take chunks until none is left; the last one out wakes the loop. */
static void *
lhead_worker_main(void *arg)
{
	struct lhead_worker	*w = arg;
	struct lhead		*h = w->head;
	char			*buf = xmalloc(LSTORE_HEADBUF);
	size_t			 i;
	char			 zero = 0;
	int			 j;

	/*
	 * The first worker cuts the head into chunks (preads near every cut
	 * point: a few ms the last screen must not wait for), gives them
	 * their slices, then starts the others. Fields it writes here are
	 * read by the others after pthread_create, and by the main thread
	 * after joining it.
	 */
	if (w == &h->w[0]) {
		lhead_cut(h, h->fmt);
		lhead_slice(h);
		for (j = 1; j < LSTORE_WORKERS && h->nchunks > 1; j++) {
			atomic_fetch_add(&h->running, 1);
			if (pthread_create(&h->w[j].thread, NULL,
			    lhead_worker_main, &h->w[j]) != 0) {
				atomic_fetch_sub(&h->running, 1);
				break;
			}
			h->w[j].joinable = 1;
			h->nworkers = j + 1;
		}
	}
	while (!atomic_load(&h->cancel) &&
	    (i = atomic_fetch_add(&h->next, 1)) < h->nchunks) {
		h->chunks[i].worker = (int)(w - h->w);
		lhead_parse_chunk(w, &h->chunks[i], buf);
		pthread_mutex_lock(&h->lock);
		h->chunks[i].parsed = 1;
		lhead_merge_ready(h);
		pthread_mutex_unlock(&h->lock);
	}
	free(buf);
	if (atomic_fetch_sub(&h->running, 1) == 1 && h->wake_fd != -1) {
		while (write(h->wake_fd, &zero, 1) == -1 && errno == EINTR)
			;
	}
	return NULL;
}

/*
 * Start indexing [0, upto) of the first segment's file in the background,
 * while the main thread keeps answering keys and following the tail.
 * wake_fd (or -1) gets one byte when the workers are done.
 */
void
lstore_head_begin(struct lstore *ls, uint64_t upto, int wake_fd)
{
	struct lhead	*h;
	uint64_t	 tail;
	int		 i;

	if (ls->nsegs == 0 || ls->segs[0].fd == -1 || upto == 0 || ls->head)
		return;
	h = ls->head = xcalloc(1, sizeof *h);
	h->fd = ls->segs[0].fd;
	h->vbase = ls->segs[0].vstart;
	h->end = upto;
	h->wake_fd = wake_fd;
	h->fmt = ls->fmt;
	tail = ls->end > h->vbase + upto ? ls->end - (h->vbase + upto) : 0;
	h->per_byte = ls->recs.n > 0 && tail >= 4096 ?
	    (double)ls->recs.n / (double)tail : 1.0 / 40;	/* else a guess */
	h->all.last_time = TIME_UNKNOWN;
	pthread_mutex_init(&h->lock, NULL);
	for (i = 0; i < LSTORE_WORKERS; i++) {
		struct lhead_worker	*w = &h->w[i];

		w->head = h;
		parser_init(&w->px.parser, ls->fmt);
		w->px.tree = ltree_create();
		stats_init(&w->stats, "head");
		stats_defer_subtrees(&w->stats);
		w->px.stats = ls->stats != NULL ? &w->stats : NULL;
	}
	/* The first worker cuts the head and starts the others. */
	h->nworkers = 1;
	atomic_store(&h->running, 1);
	if (pthread_create(&h->w[0].thread, NULL, lhead_worker_main,
	    &h->w[0]) == 0)
		h->w[0].joinable = 1;
	else
		lhead_worker_main(&h->w[0]);	/* no thread: do it now */
}

/*
 * Join the workers: the first one first, since it is the one that starts
 * the others (nworkers and their joinable flags are its writes).
 */
static void
lhead_join(struct lhead *h)
{
	int	j;

	for (j = 0; j < LSTORE_WORKERS; j++) {
		if (j > 0 && j >= h->nworkers)
			break;
		if (h->w[j].joinable)
			pthread_join(h->w[j].thread, NULL);
		h->w[j].joinable = 0;
	}
}

/* Join the workers and free everything of the head (lstore_free, finish). */
static void
lhead_free(struct lstore *ls, int cancel)
{
	struct lhead	*h = ls->head;
	size_t		 i;
	int		 j;

	if (h == NULL)
		return;
	if (cancel)
		atomic_store(&h->cancel, 1);
	lhead_join(h);
	for (j = 0; j < LSTORE_WORKERS; j++) {
		ltree_free(h->w[j].px.tree);
		stats_free(&h->w[j].stats);
	}
	for (i = 0; i < h->nchunks; i++)
		lrecs_free(&h->chunks[i].recs);
	lrecs_free(&h->all);
	pthread_mutex_destroy(&h->lock);
	free(h->chunks);
	free(h->region);
	free(h);
	ls->head = NULL;
}

/* Stop and forget background indexing (lstore_free). */
static void
lstore_head_cancel(struct lstore *ls)
{
	lhead_free(ls, 1);
}

/* Map a worker's logger ids to the shared tree's. */
static uint32_t *
lhead_worker_map(struct lstore *ls, struct lhead_worker *w)
{
	uint32_t	 n = ltree_count_nodes(w->px.tree), id, *map;
	const char	*name;
	size_t		 len;

	map = xcalloc(n ? n : 1, sizeof *map);
	for (id = 1; id < n; id++) {
		name = ltree_name(w->px.tree, id, &len);
		map[id] = ltree_intern(ls->tree, name, len);
	}
	return map;
}

/* Make room for n more records without growing one by one. */
static void
lrecs_reserve(struct lrecs *a, uint64_t n)
{
	uint64_t	size = a->n + n;

	if (size <= a->size)
		return;
	size = (size + LSTORE_TBLOCK - 1) / LSTORE_TBLOCK * LSTORE_TBLOCK;
	a->r = xreallocarray(a->r, size, sizeof *a->r);
	a->tbase = xreallocarray(a->tbase, size / LSTORE_TBLOCK + 1,
	    sizeof *a->tbase);
	a->size = size;
}

/*
 * Give back the room of an array beyond an eighth more than it holds
 * (the region was sized for more records than came; with transparent
 * huge pages, parts of it never written are resident too).
 */
static void
lrecs_shrink(struct lrecs *a)
{
	uint64_t	size = a->n + a->n / 8 + 4096;

	if (a->borrowed || size >= a->size)
		return;
	a->r = xreallocarray(a->r, size, sizeof *a->r);
	a->tbase = xreallocarray(a->tbase, size / LSTORE_TBLOCK + 1,
	    sizeof *a->tbase);
	a->size = size;
}

/*
 * Append every record of src to dst (room reserved), logger ids through
 * map (NULL: as they are), by lrecs_push's rules: a record that had no
 * time of its own takes dst's last one, as it would have had the arrays
 * been one from the start. dst may be the same memory as src at or below
 * src's position (each record is read before its slot can be written).
 * Written as one loop over locals: it runs over every record of a big
 * file's head.
 */
static void
lrecs_append(struct lrecs *dst, const struct lrecs *src, const uint32_t *map)
{
	const struct lrec	*sr = src->r;
	const int64_t		*sb = src->tbase;
	struct lrec		*dr = dst->r;
	int64_t			*db = dst->tbase, t, base = INT64_MIN;
	int64_t			 last = dst->last_time;
	uint64_t		 i, n = src->n, k = dst->n, word;
	uint32_t		 logger;

	if (k % LSTORE_TBLOCK != 0)
		base = db[k / LSTORE_TBLOCK];
	for (i = 0; i < n; i++, k++) {
		word = sr[i].word;
		logger = map != NULL ? map[sr[i].logger] : sr[i].logger;
		if (!(word & LREC_F_NOTIME) && sr[i].tdelta != INT32_MIN) {
			t = sb[i / LSTORE_TBLOCK] + sr[i].tdelta;
			last = t;
		} else {
			t = last;
			word |= LREC_F_NOTIME;
		}
		if (k % LSTORE_TBLOCK == 0)
			base = db[k / LSTORE_TBLOCK] = INT64_MIN;
		dr[k].word = word;
		dr[k].logger = logger;
		if (t == TIME_UNKNOWN) {
			dr[k].tdelta = INT32_MIN;
			continue;
		}
		if (base == INT64_MIN)
			base = db[k / LSTORE_TBLOCK] = t;
		dr[k].tdelta = lrec_delta(t, base);
	}
	dst->n = k;
	dst->last_time = last;
}

/*
 * Every worker is done: put the head before the tail. Counters are added
 * with each worker's id map. When every chunk stayed in its slice, the
 * workers have already moved the records down inside the region, time
 * deltas rebased (lhead_merge_ready), and the region becomes the index.
 * Otherwise the merged prefix and the rest are copied into one new
 * array. Then each chunk's logger ids are mapped and the tail follows.
 */
static void
lstore_head_finish(struct lstore *ls)
{
	struct lhead	*h = ls->head;
	struct lrecs	 all;
	uint32_t	*maps[LSTORE_WORKERS] = { NULL };
	uint64_t	 total = 0, i, end;
	size_t		 k;
	int		 j;

	lhead_join(h);
	for (j = 0; j < h->nworkers; j++) {
		struct lhead_worker	*w = &h->w[j];

		maps[j] = lhead_worker_map(ls, w);
		stats_finish_subtrees(&w->stats, w->px.tree);
		if (ls->stats != NULL)
			stats_merge_map(ls->stats, &w->stats, maps[j],
			    ltree_count_nodes(w->px.tree));
	}
	lhead_merge_ready(h);
	if (h->in_place && h->merged == h->nchunks) {
		all = h->all;		/* the region, records in order */
		all.borrowed = 0;
		h->region = NULL;
		memset(&h->all, 0, sizeof h->all);
	} else {
		for (k = h->merged; k < h->nchunks; k++)
			total += h->chunks[k].recs.n;
		memset(&all, 0, sizeof all);
		all.last_time = TIME_UNKNOWN;
		lrecs_reserve(&all, h->all.n + total);
		lrecs_append(&all, &h->all, NULL);	/* same indices */
		for (k = h->merged; k < h->nchunks; k++) {
			h->chunks[k].at = all.n;
			lrecs_append(&all, &h->chunks[k].recs, NULL);
			lrecs_free(&h->chunks[k].recs);
		}
	}
	/* Workers' logger ids to the shared tree's, chunk by chunk. */
	for (k = 0; k < h->nchunks; k++) {
		const uint32_t	*map = maps[h->chunks[k].worker];

		end = k + 1 < h->nchunks ? h->chunks[k + 1].at : all.n;
		for (i = h->chunks[k].at; i < end; i++)
			all.r[i].logger = map[all.r[i].logger];
	}
	if (h->lost)
		for (i = 0; i < all.n; i++)
			all.r[i].word |= LREC_F_LOST;
	lrecs_reserve(&all, ls->recs.n);
	lrecs_append(&all, &ls->recs, NULL);
	all.seen_start = ls->recs.seen_start;
	lrecs_shrink(&all);
	lrecs_free(&ls->recs);
	ls->recs = all;
	for (j = 0; j < h->nworkers; j++)
		free(maps[j]);
	lhead_free(ls, 0);
	ls->first = 0;
	ls->generation++;
}

/* Finish the head when the workers are done; returns 1 while they still work. */
int
lstore_head_step(struct lstore *ls)
{
	if (ls->head == NULL)
		return 0;
	if (atomic_load(&ls->head->running) > 0)
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
	*total = ls->head != NULL ? ls->head->end : 0;
	if (ls->head == NULL)
		return;
	for (j = 0; j < LSTORE_WORKERS; j++)	/* (nworkers is the first's) */
		*done += atomic_load(&ls->head->w[j].bytes);
}
