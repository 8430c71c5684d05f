/*
 * lhead.c: background indexing of a big file's head, for model/lstore.c.
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
 */
#include "lstore_int.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "input/chunk.h"
#include "parsers/group.h"
#include "ltree.h"
#include "stats.h"

#define LSTORE_HEADBUF	(1024 * 1024)

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
	uint64_t		 start;		/* bytes to index: [start, end) */
	uint64_t		 end;
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

/* What a worker parses a chunk with, for chunk_read. */
struct lhead_job {
	struct lhead_worker	*w;
	struct lrecs		*recs;
};

/* A block of whole lines of a chunk: parse it. */
static void
lhead_parse_block(void *arg, const char *buf, size_t len, uint64_t off)
{
	struct lhead_job	*job = arg;
	struct lhead_worker	*w = job->w;

	lstore_parse(&w->px, job->recs, buf, len, w->head->vbase + off);
	atomic_fetch_add(&w->bytes, len);
}

/* Parse one chunk with a worker's parser into the chunk's records. */
static void
lhead_parse_chunk(struct lhead_worker *w, struct lhead_chunk *c, char *buf)
{
	struct lhead	*h = w->head;
	struct lrecs	 recs = c->recs;	/* a private copy: see below */
	struct lhead_job job = { w, &recs };

	/*
	 * Neighbouring chunks share cache lines and are parsed at the same
	 * time on the two cores: pushing into c->recs itself made every
	 * record bounce a line between them (a third of the time went
	 * there). So the records grow in a local copy, stored back at the end.
	 * A file that shrinks under us ends the chunk early: the rest is lost.
	 */
	chunk_read(h->fd, c->from, c->to, buf, LSTORE_HEADBUF, 0, &h->cancel,
	    lhead_parse_block, &job);
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

/* Cut [start, end) into chunks at record starts. */
static void
lhead_cut(struct lhead *h, const struct pyfmt *fmt)
{
	uint64_t	size = (h->end - h->start) / (LSTORE_WORKERS * 16), at, cut,
			from = h->start;

	if (size < LSTORE_CHUNK_MIN)
		size = LSTORE_CHUNK_MIN;
	if (size > LSTORE_CHUNK_MAX)
		size = LSTORE_CHUNK_MAX;
	h->chunks = xcalloc((h->end - h->start) / size + 2, sizeof *h->chunks);
	for (at = h->start + size; at < h->end; at += size) {
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
	char			*buf = xmalloc(LSTORE_HEADBUF + 1);
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
lstore_head_begin(struct lstore *ls, uint64_t from, uint64_t upto, int wake_fd)
{
	struct lhead	*h;
	uint64_t	 tail;
	int		 i;

	if (ls->nsegs == 0 || ls->segs[0].fd == -1 || upto <= from || ls->head)
		return;
	h = ls->head = xcalloc(1, sizeof *h);
	h->fd = ls->segs[0].fd;
	h->vbase = ls->segs[0].vstart;
	h->start = from;
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
void
lhead_cancel(struct lstore *ls)
{
	lhead_free(ls, 1);
}

/* The file under the head was truncated: its records will land lost. */
void
lhead_lost(struct lstore *ls)
{
	if (ls->head != NULL)
		ls->head->lost = 1;
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

		maps[j] = ltree_map(ls->tree, w->px.tree);
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
	*total = ls->head != NULL ? ls->head->end - ls->head->start : 0;
	if (ls->head == NULL)
		return;
	for (j = 0; j < LSTORE_WORKERS; j++)	/* (nworkers is the first's) */
		*done += atomic_load(&ls->head->w[j].bytes);
}
