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
 * head is indexed in the background by model/lhead.c.
 *
 * Record ids are positions plus `first`; they change meaning only when
 * records are dropped or the head is prepended, and both bump
 * `generation` so views rebuild.
 */
#include "lstore_int.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "ltree.h"
#include "stats.h"

#define LSTORE_WINDOW	(1024 * 1024)	/* read-back window for file text */
#define LSTORE_WINDOW_BACK (64 * 1024)	/* first window when moving backwards */
#define LSTORE_SEG_FDS	16		/* fds of past segments kept open */

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

/* Free the index and close its segment fds. */
void
lstore_free(struct lstore *ls)
{
	size_t	i;

	if (ls == NULL)
		return;
	lhead_cancel(ls);		/* workers read segs[0].fd: first */
	if (ls->holds > 0) {		/* a snapshot not given back */
		ls->holds = 1;
		lstore_release(ls, NULL);
	}
	for (i = 0; i < ls->nsegs; i++)
		if (ls->segs[i].fd != -1)
			close(ls->segs[i].fd);
	free(ls->segs);
	lrecs_free(&ls->recs);
	free(ls->mem);
	free(ls->win);
	free(ls);
}

/* The layout the store's parser learned from the source. */
const struct infer *
lstore_infer(const struct lstore *ls)
{
	return &ls->px.parser.inf;
}

/* Parse whole lines into records of array a, interning into px's tree. */
void
lstore_parse(struct lparse *px, struct lrecs *a, const char *buf, size_t len,
    uint64_t voff)
{
	const char	*p = buf, *end = buf + len, *nl;
	struct fields	 f;
	size_t		 n;
	uint32_t	 logger, plogger = LTREE_ROOT;
	unsigned	 plevel = LEVEL_NONE;
	int64_t		 ptime = TIME_UNKNOWN;
	int		 pend = 0;	/* the last record waits to be counted */
	int		 orphan = 0;	/* the last line was an unindented orphan */

	infer_feed(&px->parser, buf, len);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		if (parse_line(&px->parser, p, n, &f)) {
			if (pend) {
				stats_add(px->stats, px->tree, plogger, plevel,
				    ptime);
				pend = 0;
			}
			logger = f.logger.len == 0 ? LTREE_ROOT :
			    ltree_intern(px->tree, p + f.logger.off, f.logger.len);
			lrecs_push(a, voff + (uint64_t)(p - buf), f.level, logger,
			    f.time);
			a->seen_start = 1;
			if (px->stats == NULL)
				;
			else if (px->parser.want) {
				/* counted once its next line gives the level */
				pend = 1;
				plogger = logger;
				plevel = f.level;
				ptime = f.time;
			} else
				stats_add(px->stats, px->tree, logger, f.level,
				    f.time);
		} else if (px->parser.amend >= 0) {
			/* The record's level, written on its second line. */
			if (a->seen_start && a->n > 0)
				lrecs_set_level(a, a->n - 1,
				    (unsigned)px->parser.amend);
			plevel = (unsigned)px->parser.amend;
			px->parser.amend = -1;
		} else if (!a->seen_start && (n == 0 || (p[0] != ' ' &&
		    p[0] != '\t') || !orphan)) {
			/*
			 * Lines before the first record: records of their
			 * own; an indented one continues an unindented one.
			 */
			orphan = n > 0 && p[0] != ' ' && p[0] != '\t';
			lrecs_push(a, voff + (uint64_t)(p - buf), LEVEL_NONE,
			    LTREE_ROOT, TIME_UNKNOWN);
			if (px->stats != NULL)
				stats_add(px->stats, px->tree, LTREE_ROOT,
				    LEVEL_NONE, TIME_UNKNOWN);
		}
		p = nl + 1;
	}
	if (pend)
		stats_add(px->stats, px->tree, plogger, plevel, ptime);
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
	XGROW(ls->mem, ls->memsize, at + len, 65536);
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

/* Position of the first record at or after virtual offset v. */
static uint64_t
lstore_find(const struct lstore *ls, uint64_t v)
{
	uint64_t	lo = 0, hi = ls->recs.n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (LREC_OFF(&ls->recs.r[mid]) < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Does any record start in segment k (its records are read through its fd)? */
static int
lstore_seg_used(const struct lstore *ls, size_t k)
{
	uint64_t	lo = lstore_find(ls, ls->segs[k].vstart);

	if (lo == ls->recs.n)
		return 0;
	return k + 1 == ls->nsegs ||
	    LREC_OFF(&ls->recs.r[lo]) < ls->segs[k + 1].vstart;
}

/*
 * Before records are written in place (marked lost): while a snapshot
 * holds the array, write into a copy of it instead (lstore_hold).
 */
static void
lstore_unshare(struct lstore *ls)
{
	struct lrec	*r;

	if (ls->holds == 0 || !ls->recs.borrowed)
		return;
	r = xreallocarray(NULL, ls->recs.size, sizeof *r);
	memcpy(r, ls->recs.r, ls->recs.n * sizeof *r);
	ls->recs.r = r;
	ls->recs.borrowed = 0;
}

/* Close segment k's fd; its records, if any, lose their text. */
static void
lstore_seg_close(struct lstore *ls, size_t k)
{
	uint64_t	i, end = k + 1 < ls->nsegs ? ls->segs[k + 1].vstart :
			    UINT64_MAX;

	if (ls->segs[k].fd == -1 || (k == 0 && ls->head != NULL))
		return;		/* the head indexer reads segment 0 */
	close(ls->segs[k].fd);
	ls->segs[k].fd = -1;
	lstore_unshare(ls);
	for (i = lstore_find(ls, ls->segs[k].vstart);
	    i < ls->recs.n && LREC_OFF(&ls->recs.r[i]) < end; i++)
		ls->recs.r[i].word |= LREC_F_LOST;
	ls->win_len = 0;
}

/*
 * Past segments keep no fd they do not need: one whose bytes went
 * (truncated) or that holds no record is closed at once, and past the
 * LSTORE_SEG_FDS newest, the oldest are closed (their text is then shown
 * as lost). So a file rewritten or rotated every second holds a bounded
 * number of fds, and deleted files give their space back.
 */
static void
lstore_seg_trim(struct lstore *ls)
{
	size_t	k, open = 0;

	for (k = ls->nsegs; k-- > 0;) {
		if (ls->segs[k].fd == -1)
			continue;
		if (k + 1 < ls->nsegs && !lstore_seg_used(ls, k))
			lstore_seg_close(ls, k);
		else if (++open > LSTORE_SEG_FDS)
			lstore_seg_close(ls, k);
	}
}

/* A new segment begins; on a reset the old segment's records lose their text. */
void
lstore_segment(struct lstore *ls, uint64_t voff, int fd, int reset)
{
	struct lseg	*seg;
	struct stat	 st;
	uint64_t	 i;

	if (reset && ls->nsegs > 0) {
		uint64_t	vstart = ls->segs[ls->nsegs - 1].vstart;

		/*
		 * The head being indexed lies in the segment whose bytes just
		 * went: its records will be marked lost when they land (the
		 * workers may even be reading new bytes at old offsets).
		 */
		if (ls->nsegs == 1)
			lhead_lost(ls);

		lstore_unshare(ls);

		for (i = ls->recs.n; i > 0; i--) {
			if (LREC_OFF(&ls->recs.r[i - 1]) < vstart)
				break;
			ls->recs.r[i - 1].word |= LREC_F_LOST;
		}
		/* Its records are lost: its fd is needed no more. */
		lstore_seg_close(ls, ls->nsegs - 1);
	}
	/*
	 * A stream given by name (a FIFO, <(cmd), a character device) cannot
	 * be read back: its text is kept in memory as for stdin.
	 */
	if (!ls->keep_text && fd != -1 && ls->nsegs == 0 && ls->recs.n == 0 &&
	    fstat(fd, &st) == 0 && !S_ISREG(st.st_mode))
		ls->keep_text = 1;
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
	lstore_seg_trim(ls);
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
	assert(id >= ls->first && id - ls->first < ls->recs.n);
	return &ls->recs.r[id - ls->first];
}

/* Time of a record in ms, or TIME_UNKNOWN. */
int64_t
lstore_time(const struct lstore *ls, uint64_t id)
{
	assert(id >= ls->first && id - ls->first < ls->recs.n);
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

/*
 * Take a snapshot of the newest segment's records but the last, for
 * other threads. The array is marked borrowed (and kept) so that the
 * store copies rather than moves or writes it while held.
 */
int
lstore_hold(struct lstore *ls, struct lsnap *sn)
{
	const struct lseg	*seg;
	uint64_t		 lo;

	memset(sn, 0, sizeof *sn);
	sn->fd = -1;
	if (ls->keep_text || ls->head != NULL || ls->nsegs == 0 ||
	    ls->recs.n < 2)
		return -1;
	seg = &ls->segs[ls->nsegs - 1];
	lo = lstore_find(ls, seg->vstart);
	if (seg->fd == -1 || lo + 1 >= ls->recs.n ||
	    (sn->fd = fcntl(seg->fd, F_DUPFD_CLOEXEC, 0)) == -1)
		return -1;
	if (!ls->recs.borrowed) {
		ls->kept = xreallocarray(ls->kept, ls->nkept + 1,
		    sizeof *ls->kept);
		ls->kept[ls->nkept++] = ls->recs.r;
		ls->recs.borrowed = 1;
	}
	ls->holds++;
	sn->r = ls->recs.r + lo;
	sn->lo = ls->first + lo;
	sn->hi = ls->first + ls->recs.n - 1;
	sn->end = LREC_OFF(&ls->recs.r[ls->recs.n - 1]);
	sn->vstart = seg->vstart;
	return 0;
}

/* Give a snapshot back; the last one frees the arrays no longer in use. */
void
lstore_release(struct lstore *ls, struct lsnap *sn)
{
	size_t	i;

	if (sn != NULL && sn->fd != -1)
		close(sn->fd);
	if (sn != NULL)
		memset(sn, 0, sizeof *sn);
	if (ls->holds == 0 || --ls->holds > 0)
		return;
	for (i = 0; i < ls->nkept; i++) {
		if (ls->kept[i] == ls->recs.r)
			ls->recs.borrowed = 0;	/* still the index: ours again */
		else
			free(ls->kept[i]);
	}
	free(ls->kept);
	ls->kept = NULL;
	ls->nkept = 0;
}

/* Any thread: the bytes of a snapshot's records [from, to), read into buf. */
const char *
lsnap_read(const struct lsnap *sn, uint64_t from, uint64_t to, char *buf,
    size_t max, int cut, size_t *len)
{
	uint64_t	off, end;
	size_t		want, got = 0;
	ssize_t		n;

	if (from >= to || from < sn->lo || to > sn->hi)
		return NULL;
	off = LREC_OFF(&sn->r[from - sn->lo]);
	end = to < sn->hi ? LREC_OFF(&sn->r[to - sn->lo]) : sn->end;
	if (end < off || off < sn->vstart)
		return NULL;
	if (end - off > max) {
		if (!cut)
			return NULL;
		end = off + max;
	}
	want = (size_t)(end - off);
	while (got < want) {
		n = pread(sn->fd, buf + got, want - got,
		    (off_t)(off - sn->vstart + got));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return NULL;
		got += (size_t)n;
	}
	*len = want;
	return buf;
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
				if (from > off)
					from = off;	/* a record longer than back */
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
