/*
 * printpar.c: --print of a big regular file with filters on two threads.
 *
 * The one-thread path reads a file through source.c in blocks of whole
 * lines and feeds each block to the source's group (group_feed, or
 * group_feed_sparse behind the prefilter); records are filtered and
 * printed as they complete. Here the file is cut into chunks of about
 * PPAR_CHUNK bytes, each a run of the very blocks source.c would hand
 * over (input/chunk.c reproduces them), cut where a record starts; two
 * workers take the next chunk from a counter, group, filter and format it
 * into a buffer of their own, with a private copy of the filter; the main
 * thread writes the buffers in file order.
 *
 * What a chunk's output depends on besides its bytes is the state the
 * one-thread path carries across its start: the parser's (the layout of
 * the last record start, a level pending on the next line, the learned
 * layout of infer.c and the bytes it has been fed), whether a record is
 * still open, the time carried to records without one (--since/--until),
 * and whether the prefilter is still on (a regex limit turns it off for
 * good). A worker cannot know it, so it guesses it -- by grouping the
 * 16 KB before its chunk -- and records its guess; an open record is
 * stood for by an empty dummy that must end at the chunk's first line.
 * The main thread knows the true state at each chunk start (the end state
 * of the chunk before), and uses a worker's output only when its guess
 * was that state, no learned-layout look (infer_feed) fell inside the
 * chunk, and the chunk's first line did start a record. Otherwise it
 * parses that chunk itself with the one-thread code (print_source_lines
 * on the source's own group), which is then exact by construction; the
 * next chunk's output is used again as soon as its guess holds. A chunk
 * with a NUL byte, a line at source.c's cap, or a read that falls short
 * hands the rest of the file to the one-thread path (source_seek at that
 * block, then print_source_all). So the output is byte-identical to one
 * thread's; what differs is only the speed.
 *
 * A chunk's open record at its end is not printed by its worker: it is
 * kept (its text copied) and becomes the source group's open record when
 * the main thread takes the chunk, so it is printed, or continued, as the
 * one-thread path would.
 *
 * --stats counts each chunk's records in a logger tree and counters of its
 * own; taking the chunk maps its loggers into the shared tree (in the
 * order they came, as print_logger would have interned them) and adds the
 * counts.
 *
 * --json numbers lines from the file's start: a worker counts the lines
 * of its chunk first (published), then waits for the counts of the chunks
 * before it (taken earlier, so counted at once) and starts its group at
 * that line; records are written by print.c's own print_json into the
 * worker's private struct print, whose buffer grows instead of being
 * written.
 *
 * Modes kept on one thread (print_parallel returns -1): -f (records as
 * they come), -m (merged order across sources), -n (the last N: counted
 * from the end), -C (runs span records), no filter and no --stats
 * (nothing to gain), pipes, archives and rotated sets, files under
 * PPAR_MIN bytes. A logger selection (-L, -X: marks on ids of the shared
 * tree) is rebuilt on each worker's own tree by name (ppar_lsel).
 *
 * Knobs (environment): TAILOR_THREADS=1 keeps every file on one thread;
 * TAILOR_PRINT_CHUNK=N cuts chunks of about N bytes and drops the size
 * floor; TAILOR_PRINT_ANYCUT cuts at every block start past that size, a
 * record start or not (the main thread must then mend the cuts);
 * TAILOR_PPAR_DEBUG says on stderr how many chunks came from the workers
 * (the last three for tests).
 *
 * Limits: the file is read to its size when the run starts (one thread
 * reads on while it grows). The parser's ISO-minute cache (tc) is not
 * compared: it only saves parsing. After a hand-over, source.c starts
 * again with a 256 KB buffer where the cut reader may have doubled it for
 * a line over 256 KB earlier: blocks after such a line and a NUL could be
 * cut differently (the records are the same; only infer.c's looks and
 * the prefilter's parsing order see blocks).
 *
 * Memory: the chunks taken but not yet written hold at most PPAR_WINDOW
 * input bytes (half with --json, whose output is twice as big; plus the
 * one the main thread waits for), so a slow reader of stdout stops the
 * workers instead of piling buffers up; PPAR_POOL written output buffers
 * are kept for the next chunks.
 */
#include "print_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "filters/filter.h"
#include "filters/regex.h"
#include "input/chunk.h"
#include "input/source.h"
#include "model/ltree.h"
#include "model/options.h"
#include "model/stats.h"

#define PPAR_WORKERS	2
#define PPAR_CHUNK	(4 * 1024 * 1024)
#define PPAR_MIN	(8 * 1024 * 1024)
#define PPAR_WINDOW	(16 * 1024 * 1024)
#define PPAR_GUESS	(16 * 1024)
#define PPAR_TRIES	16	/* block starts looked at for a record start */
#define PPAR_POOL	4	/* output buffers kept for reuse */

/* What decides a chunk's output besides its bytes (see the top). */
struct ppar_state {
	struct parser	 parser;
	int		 open;		/* 0 none, 1 a record, 2 one of FORMAT_NONE */
	int64_t		 carry;		/* after the open record is printed */
	int		 pre_on;
};

/* A record left open at a chunk's end, its text owned. */
struct ppar_tail {
	struct grec	 r;
	char		*text;
};

/* A chunk: [from, to), whole source.c blocks, and what its worker made of it. */
struct ppar_chunk {
	uint64_t		 from;
	uint64_t		 to;
	size_t			 bsize;		/* source.c's buffer size at from */

	/* Set by the worker that took it; read by the main thread when done. */
	int			 exact;		/* run from the true state (chunk 0) */
	struct ppar_state	 guess;
	struct parser		 end;		/* the parser at `to` */
	int			 pre_on;	/* the prefilter at `to` */
	int64_t			 carry;		/* with carry_set */
	int			 carry_set;	/* a record with a time was seen */
	int			 carry_dep;	/* the guessed carry decided a record */
	uint64_t		 fed;		/* bytes infer_feed was given */
	int			 bad;		/* the first line continued a record */
	int			 abort;		/* not read to `to` */
	int			 passed;
	uint64_t		 undecided;
	char			*out;
	size_t			 outlen;
	size_t			 outsize;
	struct ppar_tail	 tail;		/* tail.text NULL: none */
	struct ltree		*tree;		/* --stats, --json: its loggers */
	struct stats		 stats;		/* --stats: its counts */
	uint64_t		 lines;		/* --json: lines in it (lock) */
	int			 counted;	/* (lock) lines is known */
	uint64_t		 end_line;	/* --json: the number of the line at `to` */
	int			 done;		/* (lock) */
};

struct ppar;

/*
 * A worker: its own filter copy, group, read buffer and compact renderer,
 * and what it fills for the chunk it runs (moved into the chunk at its
 * end). Padded at both ends: the two workers sit side by side, and
 * fields one writes on every record must not share a cache line with
 * fields the other reads (lhead.c saw a third of the time go there).
 */
struct ppar_worker {
	char			 pad0[128];
	struct ppar		*pp;
	struct filter		 filter;
	struct regex		*pre_any;	/* the copy's prefilter regex */
	struct regex		*pre;		/* it, while on */
	struct ltree		*tree;
	struct group		 group;
	struct compact		 cmp;
	struct print		 out;		/* formats into out.out (grow) */
	char			*buf;
	size_t			 bufsize;
	struct ppar_chunk	*c;		/* the chunk being run */
	int			 dummy;		/* the open record is the dummy */
	int64_t			 carry;
	int			 carry_set;
	int			 carry_dep;
	int			 last_passed;
	int			 passed;
	int			 bad;
	struct ltree		*ctree;		/* the chunk's tree and counts */
	struct stats		 cstats;
	pthread_t		 thread;
	int			 joinable;
	char			 pad1[128];
};

/* A parallel run over one file. */
struct ppar {
	struct print		*pr;
	struct print_src	*ps;
	const struct pyfmt	*fmt;
	int			 fd;
	uint64_t		 start;
	uint64_t		 size;
	struct ppar_chunk	*chunks;
	size_t			 nchunks;
	struct ppar_state	 init;		/* the true state at start */
	uint64_t		 line0;		/* --json: the number of the first line */
	int			 partial;	/* the file ends without a newline */
	struct parser		 fresh;		/* parser_init's, for guesses */

	pthread_mutex_t		 lock;
	pthread_cond_t		 cond;
	size_t			 next;		/* (lock) next chunk to take */
	size_t			 released;	/* (lock) chunks the main is done with */
	uint64_t		 inflight;	/* (lock) input bytes taken, not released */
	struct infer		 known_inf;	/* (lock) the latest true learned layout */
	int			 known_pre;	/* (lock) the latest true prefilter state */
	_Atomic int		 cancel;
	char			*pool[PPAR_POOL];	/* (lock) output buffers to reuse */
	size_t			 poolsize[PPAR_POOL];
	size_t			 npool;
	char			*mbuf;		/* the main thread's read buffer */
	size_t			 taken;		/* chunks printed from a worker */
	size_t			 mbufsize;

	struct ppar_worker	 w[PPAR_WORKERS];
};

/* A size from the environment (TAILOR_PRINT_CHUNK), or 0. */
static uint64_t
ppar_env_size(const char *name)
{
	const char	*s = getenv(name);
	char		*end;
	unsigned long long v;

	if (s == NULL || *s == '\0')
		return 0;
	v = strtoull(s, &end, 10);
	return *end == '\0' ? v : 0;
}

/* The first line at off (up to 4 KB), CR dropped; its length or -1. */
static ssize_t
ppar_line(int fd, uint64_t off, uint64_t size, char *buf, size_t bufsize)
{
	ssize_t		 n;
	const char	*nl;
	size_t		 want = bufsize;

	if (want > size - off)
		want = (size_t)(size - off);
	n = pread(fd, buf, want, (off_t)off);
	if (n <= 0)
		return -1;
	nl = memchr(buf, '\n', (size_t)n);
	if (nl == NULL && off + (uint64_t)n < size)
		return -1;	/* longer than we look at */
	if (nl != NULL)
		n = nl - buf;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	return n;
}

/* Does a record start at off, as far as a parser in state p can tell? */
static int
ppar_is_start(struct ppar *pp, const struct parser *p, uint64_t off)
{
	char		 buf[4096];
	struct parser	 q = *p;
	struct fields	 f;
	ssize_t		 n = ppar_line(pp->fd, off, pp->size, buf, sizeof buf);

	return n > 0 && parse_line(&q, buf, (size_t)n, &f) &&
	    f.format != FORMAT_TEXT;
}

/* Add a chunk [from, to) that starts with source.c's buffer at bsize. */
static void
ppar_add(struct ppar *pp, size_t *alloc, uint64_t from, uint64_t to,
    size_t bsize)
{
	struct ppar_chunk	*c;

	if (pp->nchunks == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 64;
		pp->chunks = xreallocarray(pp->chunks, *alloc, sizeof *c);
	}
	c = &pp->chunks[pp->nchunks++];
	memset(c, 0, sizeof *c);
	c->from = from;
	c->to = to;
	c->bsize = bsize;
}

/*
 * Cut [start, size) into chunks at source.c's block starts, about target
 * bytes each, preferring a block that begins with a record start (a guess
 * from a fresh parser: the workers check it). Stops cutting where source.c
 * would cut a line (the rest is one chunk).
 */
static void
ppar_cut(struct ppar *pp, uint64_t target)
{
	size_t		alloc = 0, bsize = CHUNK_SOURCE_BLOCK, cbsize = bsize;
	uint64_t	pos = pp->start, from = pp->start, next;
	int		tries = 0, any = getenv("TAILOR_PRINT_ANYCUT") != NULL;
	struct parser	guess = pp->fresh;

	guess.inf = pp->known_inf;
	while (pos < pp->size) {
		if (pos - from >= target && pos > from) {
			if (any || tries >= PPAR_TRIES ||
			    ppar_is_start(pp, &guess, pos)) {
				ppar_add(pp, &alloc, from, pos, cbsize);
				from = pos;
				cbsize = bsize;
				tries = 0;
			} else
				tries++;
		}
		next = chunk_source_next(pp->fd, pos, pp->size, &bsize);
		if (next == 0 || next >= pp->size)
			break;
		pos = next;
	}
	ppar_add(pp, &alloc, from, pp->size, cbsize);
}

/* A record of a worker's chunk: decide and format it as print_record does. */
static void
ppar_emit(void *arg, const struct grec *r)
{
	struct ppar_worker	*w = arg;
	struct filter		*f = &w->filter;
	const struct options	*opt = w->pp->pr->opt;
	uint32_t		 lid = LTREE_ROOT, sid = LTREE_ROOT;
	int			 pass;

	if (w->dummy) {
		/* The stand-in for the record open before the chunk. */
		w->dummy = 0;
		if (r->len != 0 || r->nlines != 1)
			w->bad = 1;	/* the chunk's first line continued it */
		return;
	}
	if (r->cont)
		pass = w->last_passed;	/* no flush within a chunk: not seen */
	else {
		if (r->f.time != TIME_UNKNOWN) {
			w->carry = r->f.time;
			w->carry_set = 1;
		} else if (!w->carry_set && filter_has_time(f))
			w->carry_dep = 1;
		if (w->ctree != NULL && r->f.logger.len > 0)
			lid = ltree_intern(w->ctree, r->text + r->f.logger.off,
			    r->f.logger.len);
		if (!lsel_empty(f->lsel) && r->f.logger.len > 0)
			sid = ltree_intern(w->tree, r->text + r->f.logger.off,
			    r->f.logger.len);
		pass = filter_pass_meta(f, w->tree, r->f.level, sid) &&
		    filter_pass_time(f, w->carry) &&
		    (!filter_needs_text(f) ||
		    filter_pass_text(f, r->text, r->len));
		w->last_passed = pass;
	}
	if (!pass)
		return;
	w->passed = 1;
	if (opt->stats) {
		if (!r->cont)
			stats_add(&w->cstats, w->ctree, lid, r->f.level,
			    r->f.time);
		return;
	}
	if (opt->json) {
		w->out.tree = w->ctree;
		print_json(&w->out, w->pp->ps, r, lid);
		return;
	}
	if (opt->print_compact && !r->cont) {
		compact_render(&w->cmp, r->text, r->len, &r->f, 0);
		print_put(&w->out, w->cmp.text, w->cmp.len);
	} else
		print_put(&w->out, r->text, r->len);
	print_put(&w->out, "\n", 1);
}

/* The prefilter of a worker (its own regex copy). */
static int
ppar_find(void *arg, const char *buf, size_t len, size_t from, size_t *hit)
{
	return print_prefind(&((struct ppar_worker *)arg)->pre, buf, len, from,
	    hit);
}

/* A block of a worker's chunk: into its group, as print_source_lines does. */
static void
ppar_block(void *arg, const char *buf, size_t len, uint64_t off)
{
	struct ppar_worker	*w = arg;

	if (w->pre != NULL)
		group_feed_sparse(&w->group, buf, len, off, ppar_find, w,
		    w->pp->pr->opt->json);
	else
		group_feed(&w->group, buf, len, off);
}

/* Which kind of record is open in a group (struct ppar_state's open). */
static int
ppar_open_kind(const struct group *g)
{
	if (!g->pending)
		return 0;
	return g->cur.f.format == FORMAT_NONE ? 2 : 1;
}

/* Scratch grouping for a guess: only the carried time is kept. */
static void
ppar_guess_emit(void *arg, const struct grec *r)
{
	int64_t	*carry = arg;

	if (!r->cont && r->f.time != TIME_UNKNOWN)
		*carry = r->f.time;
}

/*
 * Guess the state at a chunk's start: group the (up to) PPAR_GUESS bytes
 * before it, from a line start, with a fresh parser that knows the latest
 * learned layout.
 */
static void
ppar_guess(struct ppar_worker *w, struct ppar_chunk *c, struct ppar_state *st)
{
	struct ppar	*pp = w->pp;
	struct group	 sg;
	uint64_t	 a = c->from - pp->start > PPAR_GUESS ?
			    c->from - PPAR_GUESS : pp->start;
	int64_t		 carry = TIME_UNKNOWN;
	size_t		 len = (size_t)(c->from - a);
	char		*buf = xmalloc(len + 1);
	const char	*nl, *p = buf;
	ssize_t		 n = pread(pp->fd, buf, len, (off_t)a);

	group_init(&sg, pp->fmt, ppar_guess_emit, &carry);
	sg.parser = pp->fresh;
	pthread_mutex_lock(&pp->lock);
	sg.parser.inf = pp->known_inf;
	sg.parser.inf.next = UINT64_MAX;	/* no look: the guess keeps it */
	st->pre_on = pp->known_pre;
	pthread_mutex_unlock(&pp->lock);
	if (n != (ssize_t)len)
		len = 0;
	if (a > pp->start && len > 0) {
		/* From the first whole line. */
		nl = memchr(buf, '\n', len);
		len = nl == NULL ? 0 : len - (size_t)(nl + 1 - buf);
		p = nl == NULL ? buf : nl + 1;
	}
	if (len > 0)
		group_feed(&sg, p, len, a);
	st->parser = sg.parser;
	st->open = ppar_open_kind(&sg);
	st->carry = st->open && sg.cur.f.time != TIME_UNKNOWN ?
	    sg.cur.f.time : carry;
	group_free(&sg);
	free(buf);
}

/* Stand an empty record in for the one open before the chunk. */
static void
ppar_set_dummy(struct group *g, int kind)
{
	g->pending = 1;
	g->copied = 1;		/* continuation lines go into g->buf */
	g->flushed = 0;
	memset(&g->cur, 0, sizeof g->cur);
	fields_clear(&g->cur.f);
	g->cur.f.format = kind == 2 ? FORMAT_NONE : FORMAT_PY_GENERIC;
	g->cur.text = "";
	g->cur.nlines = 1;
}

/* Run one chunk on a worker from the state st (exact: the true one). */
static void
ppar_run(struct ppar_worker *w, struct ppar_chunk *c,
    const struct ppar_state *st, int exact, uint64_t line)
{
	struct ppar	*pp = w->pp;
	struct group	*g = &w->group;
	size_t		 bsize = c->bsize;
	uint64_t	 undecided = w->filter.undecided, reached;

	w->c = c;
	c->exact = exact;
	c->guess = *st;
	if (pp->pr->opt->stats || pp->pr->opt->json) {
		/* The loggers as print_logger interns them, in a tree of its own. */
		w->ctree = ltree_create();
		stats_init(&w->cstats, "part");
		stats_defer_subtrees(&w->cstats);
	}
	w->passed = w->bad = 0;
	/* A buffer written out before, if any: no fresh pages to fault in. */
	w->out.out = NULL;
	w->out.outlen = w->out.outsize = 0;
	pthread_mutex_lock(&pp->lock);
	if (pp->npool > 0) {
		pp->npool--;
		w->out.out = pp->pool[pp->npool];
		w->out.outsize = pp->poolsize[pp->npool];
	}
	pthread_mutex_unlock(&pp->lock);
	g->pending = g->flushed = 0;
	g->nextline = line;
	g->parser = st->parser;
	if (!exact) {
		/* No learned-layout look here: the main thread checks none was due. */
		g->parser.inf.fed = 0;
		g->parser.inf.next = UINT64_MAX;
	}
	w->dummy = st->open != 0;
	if (w->dummy)
		ppar_set_dummy(g, st->open);
	w->pre = st->pre_on ? w->pre_any : NULL;
	w->carry = st->carry;
	w->carry_set = exact;
	w->carry_dep = 0;
	w->last_passed = 0;
	reached = chunk_read_source(pp->fd, c->from, c->to, pp->size, &bsize,
	    &w->buf, &w->bufsize, &pp->cancel, ppar_block, w);
	if (reached != c->to)
		c->abort = 1;
	if (w->dummy && g->pending && (g->cur.len > 0 || g->cur.nlines > 1))
		w->bad = 1;	/* the whole chunk continued the record before */
	if (g->pending && !w->dummy && !c->abort) {
		c->tail.r = g->cur;
		c->tail.text = xmalloc(g->cur.len + 1);
		memcpy(c->tail.text, g->cur.text, g->cur.len);
		c->tail.r.text = c->tail.text;
	}
	g->pending = 0;
	c->passed = w->passed;
	c->bad = w->bad;
	c->tree = w->ctree;
	c->stats = w->cstats;	/* moved */
	w->ctree = NULL;
	c->out = w->out.out;
	c->outlen = w->out.outlen;
	c->outsize = w->out.outsize;
	w->out.out = NULL;
	c->end_line = g->nextline;
	c->end = g->parser;
	c->fed = g->parser.inf.fed;
	c->pre_on = w->pre != NULL;
	c->carry = w->carry;
	c->carry_set = w->carry_set;
	c->carry_dep = w->carry_dep;
	c->undecided = w->filter.undecided - undecided;
}

/*
 * --json: the number of chunk k's first line. Its own lines are counted
 * and published first; the chunks before it were taken earlier, by
 * workers that count theirs first thing too, so the wait is short.
 */
static uint64_t
ppar_line_at(struct ppar *pp, size_t k)
{
	struct ppar_chunk	*c = &pp->chunks[k];
	uint64_t		 n, line = pp->line0;
	size_t			 i;

	n = chunk_count_lines(pp->fd, c->from, c->to);
	if (c->to == pp->size && pp->partial)
		n++;		/* the last line, handed over with a '\n' */
	pthread_mutex_lock(&pp->lock);
	c->lines = n;
	c->counted = 1;
	pthread_cond_broadcast(&pp->cond);
	for (i = 0; i < k; i++) {
		while (!pp->chunks[i].counted && !atomic_load(&pp->cancel))
			pthread_cond_wait(&pp->cond, &pp->lock);
		line += pp->chunks[i].lines;
	}
	pthread_mutex_unlock(&pp->lock);
	return line;
}

/* A worker: take the next chunk while the window allows, run it, repeat. */
static void *
ppar_work(void *arg)
{
	struct ppar_worker	*w = arg;
	struct ppar		*pp = w->pp;
	struct ppar_chunk	*c;
	struct ppar_state	 st;
	size_t			 k;
	uint64_t		 line;

	for (;;) {
		pthread_mutex_lock(&pp->lock);
		while (!atomic_load(&pp->cancel) && pp->next < pp->nchunks &&
		    pp->next > pp->released && pp->inflight +
		    (pp->chunks[pp->next].to - pp->chunks[pp->next].from) >
		    (pp->pr->opt->json ? PPAR_WINDOW / 2 : PPAR_WINDOW))
			pthread_cond_wait(&pp->cond, &pp->lock);
		if (atomic_load(&pp->cancel) || pp->next >= pp->nchunks) {
			pthread_mutex_unlock(&pp->lock);
			break;
		}
		k = pp->next++;
		c = &pp->chunks[k];
		pp->inflight += c->to - c->from;
		pthread_mutex_unlock(&pp->lock);

		line = pp->pr->opt->json ? ppar_line_at(pp, k) : 1;
		if (k == 0)
			ppar_run(w, c, &pp->init, 1, line);
		else {
			ppar_guess(w, c, &st);
			ppar_run(w, c, &st, 0, line);
		}

		pthread_mutex_lock(&pp->lock);
		c->done = 1;
		pthread_cond_broadcast(&pp->cond);
		pthread_mutex_unlock(&pp->lock);
	}
	return NULL;
}

/* Are two parser states the same for what follows (the ISO cache aside)? */
static int
ppar_same_parser(const struct parser *a, const struct parser *b)
{
	if (a->user != b->user || a->last != b->last || a->year != b->year ||
	    a->want != b->want || a->amend != b->amend ||
	    a->indented != b->indented || a->inf.active != b->inf.active)
		return 0;
	if (!a->inf.active)
		return 1;	/* a look recomputes the columns */
	return a->inf.nslots == b->inf.nslots && a->inf.tail == b->inf.tail &&
	    memcmp(a->inf.slots, b->inf.slots, sizeof a->inf.slots) == 0;
}

/* Is a worker's output what one thread would print from the source's state? */
static int
ppar_valid(struct ppar *pp, const struct ppar_chunk *c)
{
	struct print_src	*ps = pp->ps;
	const struct group	*g = &ps->group;
	const struct parser	*t = &g->parser;
	int64_t			 carry = ps->carry_time;

	if (c->abort || c->bad)
		return 0;
	if (c->exact)
		return 1;
	if (g->pending && g->cur.f.time != TIME_UNKNOWN)
		carry = g->cur.f.time;	/* printed first, it sets the carry */
	if (c->guess.open != ppar_open_kind(g) ||
	    c->guess.pre_on != (pp->pr->prefilter != NULL) ||
	    (c->carry_dep && c->guess.carry != carry) ||
	    !ppar_same_parser(&c->guess.parser, t))
		return 0;
	/* infer_feed looks again once fed reaches next: not inside the chunk. */
	return t->user != NULL || t->inf.fed + c->fed < t->inf.next;
}

/* Take a worker's output: print it, and its end state becomes the source's. */
static void
ppar_take(struct ppar *pp, struct ppar_chunk *c)
{
	struct print		*pr = pp->pr;
	struct print_src	*ps = pp->ps;
	struct group		*g = &ps->group;
	struct parser		 np = c->end;
	uint32_t		*map;
	size_t			 need;

	if (g->pending) {
		group_flush(g);		/* the chunk's first line ended it */
		g->flushed = 0;		/* one thread would not have flushed */
	}
	if (c->passed) {
		pr->printed = 1;
		if (!pr->opt->stats) {
			if (!pr->opt->json)	/* as print_record */
				print_header(pr, ps);
			print_put(pr, c->out, c->outlen);
		}
	}
	if (pr->opt->json)
		g->nextline = c->end_line;
	if (pr->opt->stats) {
		/* Its loggers into the shared tree, in the order they came. */
		map = ltree_map(pr->tree, c->tree);
		stats_finish_subtrees(&c->stats, c->tree);
		stats_merge_map(&ps->stats, &c->stats, map,
		    ltree_count_nodes(c->tree));
		free(map);
	}
	if (!c->exact) {
		np.inf = g->parser.inf;
		np.inf.fed += c->fed;
	}
	g->parser = np;
	if (c->carry_set)
		ps->carry_time = c->carry;
	if (!c->pre_on)
		pr->prefilter = NULL;
	pr->filter->undecided += c->undecided;
	if (c->tail.text != NULL) {
		/* Its open record is the group's, to end or go on. */
		need = c->tail.r.len + 1;
		if (g->size < need) {
			g->size = need;
			g->buf = xrealloc(g->buf, g->size);
		}
		memcpy(g->buf, c->tail.text, c->tail.r.len);
		g->cur = c->tail.r;
		g->cur.text = g->buf;
		g->pending = 1;
		g->copied = 1;
		g->flushed = 0;
	}
}

/* The main thread's block: the one-thread path itself. */
static void
ppar_main_block(void *arg, const char *buf, size_t len, uint64_t off)
{
	struct print_src	*ps = arg;

	print_source_lines(ps, ps->src, buf, len, off);
}

/* Free what a chunk's worker made of it. */
static void
ppar_chunk_free(struct ppar_chunk *c)
{
	free(c->out);
	free(c->tail.text);
	c->out = c->tail.text = NULL;
	if (c->tree != NULL) {
		stats_free(&c->stats);
		ltree_free(c->tree);
		c->tree = NULL;
	}
}

/* The main thread is done with chunk k: free it, let the workers go on. */
static void
ppar_release(struct ppar *pp, size_t k)
{
	struct ppar_chunk	*c = &pp->chunks[k];

	pthread_mutex_lock(&pp->lock);
	if (c->out != NULL && pp->npool < PPAR_POOL) {
		pp->pool[pp->npool] = c->out;
		pp->poolsize[pp->npool++] = c->outsize;
		c->out = NULL;
	}
	pthread_mutex_unlock(&pp->lock);
	ppar_chunk_free(c);
	pthread_mutex_lock(&pp->lock);
	pp->released = k + 1;
	pp->inflight -= c->to - c->from;
	pp->known_inf = pp->ps->group.parser.inf;
	pp->known_pre = pp->pr->prefilter != NULL;
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
}

/* Does this file go on two threads? */
static int
ppar_qualifies(struct print *pr, struct print_src *ps, uint64_t *start,
    uint64_t *size, uint64_t *chunk)
{
	const struct options	*opt = pr->opt;
	const char		*th = getenv("TAILOR_THREADS");
	struct stat		 st;
	off_t			 at;
	int			 fd = source_fd(ps->src);

	*chunk = ppar_env_size("TAILOR_PRINT_CHUNK");
	if ((th != NULL && strcmp(th, "1") == 0) || opt->follow ||
	    opt->merge || opt->lines >= 0 ||
	    opt->ncollapse > 0 || (!print_filtering(pr) && !opt->stats) ||
	    ps->keep_last || ps->eof ||
	    pr->broken || source_kind(ps->src) != SOURCE_FILE ||
	    !source_seekable(ps->src) || source_nfiles(ps->src) > 1 ||
	    source_partial_len(ps->src) > 0 || fd == -1 ||
	    fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (at = lseek(fd, 0, SEEK_CUR)) == -1 || at > st.st_size)
		return 0;
	*start = (uint64_t)at;		/* 0, or where --since seeked */
	*size = (uint64_t)st.st_size;
	if (*chunk == 0 && *size - *start < PPAR_MIN)
		return 0;
	if (*chunk == 0)
		*chunk = PPAR_CHUNK;
	return 1;
}

/*
 * A worker's logger selection: the marked names of the shared tree
 * interned into its own tree, each with its mark. A logger's visibility
 * depends only on the marks of its name's ancestors, so it is the same
 * in both trees.
 */
static void
ppar_lsel(struct ppar_worker *w, struct print *pr)
{
	uint32_t	 id, n = ltree_count_nodes(pr->tree);
	enum lsel_mark	 m;
	const char	*name;
	size_t		 len;

	lsel_free(w->filter.lsel);	/* filter_copy's: the shared tree's ids */
	w->filter.lsel = lsel_create();
	for (id = 1; id < n; id++) {
		if ((m = lsel_get(pr->filter->lsel, id)) == LSEL_INHERIT)
			continue;
		name = ltree_name(pr->tree, id, &len);
		lsel_set(w->filter.lsel, ltree_intern(w->tree, name, len), m);
	}
}

/* Start the workers; returns how many run. */
static int
ppar_start(struct ppar *pp)
{
	size_t	i, k;
	int	n = 0;

	for (i = 0; i < PPAR_WORKERS; i++) {
		struct ppar_worker *w = &pp->w[i];

		w->pp = pp;
		filter_copy(&w->filter, pp->pr->filter);
		w->filter.undecided = 0;
		w->pre_any = NULL;
		if (pp->pr->prefilter != NULL)
			for (k = 0; k < w->filter.ninc; k++)
				if (regex_prefilter_safe(w->filter.inc[k])) {
					w->pre_any = w->filter.inc[k];
					break;
				}
		w->tree = ltree_create();
		ppar_lsel(w, pp->pr);
		w->out.opt = pp->pr->opt;
		w->out.filter = &w->filter;
		w->out.grow = 1;
		group_init(&w->group, pp->fmt, ppar_emit, w);
		if (pthread_create(&w->thread, NULL, ppar_work, w) == 0) {
			w->joinable = 1;
			n++;
		}
	}
	return n;
}

/* Stop the workers and free what they own. */
static void
ppar_stop(struct ppar *pp)
{
	size_t	i;

	atomic_store(&pp->cancel, 1);
	pthread_mutex_lock(&pp->lock);
	pthread_cond_broadcast(&pp->cond);
	pthread_mutex_unlock(&pp->lock);
	for (i = 0; i < PPAR_WORKERS; i++) {
		struct ppar_worker *w = &pp->w[i];

		if (w->joinable)
			pthread_join(w->thread, NULL);
		group_free(&w->group);
		filter_free(&w->filter);
		ltree_free(w->tree);
		compact_free(&w->cmp);
		free(w->out.out);
		free(w->out.jbuf);
		free(w->buf);
	}
	for (i = 0; i < pp->nchunks; i++)
		ppar_chunk_free(&pp->chunks[i]);
	free(pp->chunks);
	free(pp->mbuf);
	while (pp->npool > 0)
		free(pp->pool[--pp->npool]);
	pthread_cond_destroy(&pp->cond);
	pthread_mutex_destroy(&pp->lock);
}

/*
 * Print the chunks in order: a worker's output when it is valid, else the
 * chunk parsed here by the one-thread code; returns the offset where the
 * one-thread path must take over from the source, or size when done.
 */
static uint64_t
ppar_main(struct ppar *pp)
{
	struct print_src	*ps = pp->ps;
	struct ppar_chunk	*c;
	size_t			 k, bsize;
	uint64_t		 reached;

	for (k = 0; k < pp->nchunks && !pp->pr->broken; k++) {
		c = &pp->chunks[k];
		pthread_mutex_lock(&pp->lock);
		while (!c->done)
			pthread_cond_wait(&pp->cond, &pp->lock);
		pthread_mutex_unlock(&pp->lock);
		if (ppar_valid(pp, c)) {
			ppar_take(pp, c);
			pp->taken++;
		} else {
			bsize = c->bsize;
			reached = chunk_read_source(pp->fd, c->from, c->to,
			    pp->size, &bsize, &pp->mbuf, &pp->mbufsize, NULL,
			    ppar_main_block, ps);
			if (reached != c->to)
				return reached;
		}
		ppar_release(pp, k);
	}
	return pp->size;
}

/* --print of one big file on two threads (see the top). */
int
print_parallel(struct print *pr, struct print_src *ps)
{
	struct ppar	 pp;
	uint64_t	 start, size, target, at;

	if (!ppar_qualifies(pr, ps, &start, &size, &target))
		return -1;
	memset(&pp, 0, sizeof pp);
	pp.pr = pr;
	pp.ps = ps;
	pp.fmt = pr->opt->srcs[ps->index].fmt;
	pp.fd = source_fd(ps->src);
	pp.start = start;
	pp.size = size;
	parser_init(&pp.fresh, pp.fmt);
	pp.init.parser = ps->group.parser;
	pp.init.open = ppar_open_kind(&ps->group);
	pp.init.carry = ps->carry_time;
	pp.init.pre_on = pr->prefilter != NULL;
	pp.line0 = ps->group.nextline;
	{
		char	last = '\n';

		pp.partial = size > start &&
		    pread(pp.fd, &last, 1, (off_t)(size - 1)) == 1 && last != '\n';
	}
	if (pp.init.open != 0)
		return -1;	/* cannot happen before the first read */
	/* A guess of the learned layout for the cuts and the first guesses. */
	{
		struct parser	head = pp.fresh;

		infer_learn_fd(&head, pp.fd, size);
		pp.known_inf = ps->group.parser.inf.checked ?
		    ps->group.parser.inf : head.inf;
	}
	pp.known_pre = pp.init.pre_on;
	ppar_cut(&pp, target);
	pthread_mutex_init(&pp.lock, NULL);
	pthread_cond_init(&pp.cond, NULL);
	if (ppar_start(&pp) == 0) {
		ppar_stop(&pp);
		return -1;
	}
	at = ppar_main(&pp);
	if (getenv("TAILOR_PPAR_DEBUG") != NULL)
		fprintf(stderr, "tailor: %zu chunks, %zu from workers, "
		    "one thread from %llu of %llu\n", pp.nchunks, pp.taken,
		    (unsigned long long)at, (unsigned long long)size);
	ppar_stop(&pp);
	if (pr->broken)
		return 0;
	if (at < size) {
		/* The one-thread path from a block start on (a NUL, a huge line). */
		source_seek(ps->src, at);
		print_source_all(pr, ps);
		return 0;
	}
	group_flush(&ps->group);
	ps->eof = 1;
	return 0;
}
