/*
 * print.c: --print, tailor without a TUI.
 *
 * Streams every source through its record group and the filter chain to
 * stdout, like grep over records: no index is kept, memory stays bounded
 * by the largest record (plus N records for -n on a pipe, and one read
 * block per source for --merge). Output is byte-exact for passing records
 * (CRLF comes out as LF).
 *
 * Without -f, sources are printed one after another (tail's `==> NAME <==`
 * headers between them unless -q), or interleaved by timestamp with -m.
 * With -f, an event loop follows every source (follow.c for files, the
 * pipe for stdin and commands) and prints records as they complete; a
 * record still open (its traceback may go on) is printed after a short
 * quiet period.
 *
 * Exit status as grep: 0 something printed, 1 nothing, 2 an error.
 */
#include "print.h"

#include <errno.h>
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/clock.h"
#include "input/chunk.h"
#include "input/follow.h"
#include "input/source.h"
#include "core/xmalloc.h"
#include "filters/filter.h"
#include "model/stats.h"
#include "collapse.h"
#include "report.h"
#include "parsers/group.h"
#include "parsers/json.h"
#include "parsers/ptime.h"
#include "parsers/tseek.h"
#include "tui/compact.h"

#define PRINT_OUTBUF	(256 * 1024)
#define PRINT_PARALLEL_MIN (32 * 1024 * 1024)	/* --stats in two halves above this */
#define PRINT_PARTBUF	(1024 * 1024)
#define PRINT_QUIET_MS	100

/* A record kept for later (-n on a pipe, --merge). */
struct print_rec {
	struct grec	 r;
	char		*text;	/* owned copy; r.text points here */
};

struct print_queue {
	struct print_rec	*recs;
	size_t			 head, len, size;
};

struct print;

struct print_src {
	struct print		*pr;
	struct source		*src;
	struct group		 group;
	int			 index;
	int			 last_passed;	/* for lines after a flushed record */
	int			 eof;
	int64_t			 last_time;	/* last known timestamp (merge) */
	int64_t			 carry_time;	/* time of the last record (--since) */
	struct print_queue	 queue;		/* -n on pipes, or --merge */
	int			 keep_last;	/* queue holds only the last -n records */
	int			 decided;	/* (draining) queued records passed already */
	int			 folded;	/* its last record went into a -C run */
	struct stats		 stats;
	size_t			 partial_shown;	/* bytes of a partial line printed */
	uint64_t		 partial_voff;	/* where that line starts */
};

struct print {
	const struct options	*opt;
	struct filter		*filter;
	struct ltree		*tree;
	const struct pyfmt	*fmt;
	struct print_src	*srcs;
	size_t			 nsrcs;
	struct follow		*follow;
	int			 last_src;	/* source of the last header */
	int			 printed;
	int			 error;
	int			 broken;	/* stdout went away */
	int			 write_errno;	/* a write error other than EPIPE */
	char			*out;
	size_t			 outlen;
	char			*jbuf;		/* JSON scratch */
	size_t			 jsize;
	struct stats		 total;
	struct regex		*prefilter;	/* include regex searched over raw input */
	int			 need_logger;	/* intern loggers (selection, stats, JSON) */
	struct collapse		 fold;		/* -C: the open summary run */
	struct compact		 cmp;		/* --view compact: the record rendered */
};

/*
 * stdout failed: EPIPE means the reader left (stop quietly, as grep
 * does); anything else (a full disk, an I/O error) is said once and
 * makes the exit status 2.
 */
static void
print_broken(struct print *pr, int err)
{
	pr->broken = 1;
	if (err != EPIPE && pr->write_errno == 0) {
		pr->write_errno = err;
		fprintf(stderr, "tailor: write error: %s\n", strerror(err));
	}
}

/* Write the output buffer to stdout. */
static void
print_flush(struct print *pr)
{
	size_t	off = 0;
	ssize_t	n;

	while (off < pr->outlen && !pr->broken) {
		n = write(STDOUT_FILENO, pr->out + off, pr->outlen - off);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				struct pollfd pfd = { STDOUT_FILENO, POLLOUT, 0 };

				poll(&pfd, 1, -1);
				continue;
			}
			print_broken(pr, errno);
			break;
		}
		off += (size_t)n;
	}
	pr->outlen = 0;
}

/* Append bytes to the output. */
static void
print_put(struct print *pr, const char *p, size_t n)
{
	if (pr->outlen + n > PRINT_OUTBUF) {
		print_flush(pr);
		if (n > PRINT_OUTBUF) {
			size_t	keep = pr->outlen;

			/* A huge record: write it straight through. */
			pr->outlen = 0;
			(void)keep;
			while (n > 0 && !pr->broken) {
				ssize_t w = write(STDOUT_FILENO, p, n);

				if (w == -1 && errno == EINTR)
					continue;
				if (w <= 0) {
					print_broken(pr, w == -1 ? errno : EIO);
					break;
				}
				p += w;
				n -= (size_t)w;
			}
			return;
		}
	}
	memcpy(pr->out + pr->outlen, p, n);
	pr->outlen += n;
}

/* Append a NUL-terminated string to the output. */
static void
print_puts(struct print *pr, const char *s)
{
	print_put(pr, s, strlen(s));
}

/* Logger id of a record (0 when it has none). */
static uint32_t
print_logger(struct print *pr, const struct grec *r)
{
	if (r->f.logger.len == 0 || !pr->need_logger)
		return LTREE_ROOT;
	return ltree_intern(pr->tree, r->text + r->f.logger.off, r->f.logger.len);
}

/* Append a JSON string of arbitrary bytes to the output. */
static void
print_json_str(struct print *pr, const char *s, size_t n)
{
	size_t	len = 0;

	json_escape(&pr->jbuf, &len, &pr->jsize, s, n);
	print_put(pr, pr->jbuf, len);
}

/* Is this the raw inside of a JSON string that can be copied as is? */
static int
print_json_raw_ok(const char *s, size_t n)
{
	size_t	i = 0, k;

	while (i < n) {
		unsigned char	c = (unsigned char)s[i];

		if (c < 0x20 || c == '"')
			return 0;
		if (c == '\\') {
			if (i + 1 >= n || strchr("\"\\/bfnrtu", s[i + 1]) == NULL)
				return 0;
			i += 2;
			continue;
		}
		if (c < 0x80) {
			i++;
			continue;
		}
		k = json_utf8_len((const unsigned char *)s + i, n - i);
		if (k == 0)
			return 0;
		i += k;
	}
	return 1;
}

/* Append an unsigned decimal number. */
static void
print_u64(struct print *pr, uint64_t v)
{
	char	d[24];
	size_t	i = sizeof d;

	do
		d[--i] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	print_put(pr, d + i, sizeof d - i);
}

/*
 * Write one record as a JSON object. The message is the end of the text,
 * so the text is escaped once and the message is the escaped text's tail
 * (when it starts after an ASCII byte, where escaping cannot straddle).
 */
static void
print_json(struct print *pr, struct print_src *ps, const struct grec *r, uint32_t lid)
{
	char		 tbuf[40];
	const char	*lname;
	size_t		 llen, elen = 0, mid, moff;

	print_puts(pr, "{\"source\":");
	print_json_str(pr, source_name(ps->src), strlen(source_name(ps->src)));
	print_puts(pr, ",\"line\":");
	print_u64(pr, r->line);
	print_puts(pr, ",\"lines\":");
	print_u64(pr, r->nlines);
	print_puts(pr, ",\"time\":");
	if (r->f.time == TIME_UNKNOWN)
		print_puts(pr, "null");
	else {
		ptime_format_iso(r->f.time, tbuf, sizeof tbuf);
		print_puts(pr, "\"");
		print_puts(pr, tbuf);
		print_puts(pr, "\"");
	}
	print_puts(pr, ",\"level\":\"");
	print_puts(pr, level_name(r->f.level));
	print_puts(pr, "\",\"logger\":");
	if (lid == LTREE_ROOT)
		print_puts(pr, "null");
	else {
		lname = ltree_name(pr->tree, lid, &llen);
		print_json_str(pr, lname, llen);
	}
	print_puts(pr, ",\"message\":");
	moff = r->f.message.len > 0 || r->f.message.off > 0 ?
	    r->f.message.off : 0;
	if (moff > r->len)
		moff = 0;
	if (r->f.format == FORMAT_JSON && r->f.message.len > 0 &&
	    print_json_raw_ok(r->text + r->f.message.off, r->f.message.len)) {
		/* Already the inside of a JSON string: copy it as it is. */
		print_put(pr, "\"", 1);
		print_put(pr, r->text + r->f.message.off, r->f.message.len);
		print_put(pr, "\"", 1);
	} else if (moff == 0 || (unsigned char)r->text[moff - 1] < 0x80) {
		/* The text escaped once; the message is its tail. */
		json_escape_body(&pr->jbuf, &elen, &pr->jsize, r->text, moff);
		mid = elen;
		json_escape_body(&pr->jbuf, &elen, &pr->jsize, r->text + moff,
		    r->len - moff);
		print_put(pr, "\"", 1);
		print_put(pr, pr->jbuf + mid, elen - mid);
		print_puts(pr, "\",\"text\":\"");
		print_put(pr, pr->jbuf, elen);
		print_puts(pr, "\"}\n");
		return;
	} else
		print_json_str(pr, r->text + moff, r->len - moff);
	print_puts(pr, ",\"text\":");
	print_json_str(pr, r->text, r->len);
	print_puts(pr, "}\n");
}

/* tail's `==> NAME <==` when the output moves to another source (not with -q). */
static void
print_header(struct print *pr, struct print_src *ps)
{
	char	*hdr;

	if (pr->nsrcs <= 1 || pr->opt->quiet || pr->last_src == ps->index)
		return;
	hdr = xasprintf("%s==> %s <==\n", pr->last_src == -1 ? "" : "\n",
	    source_name(ps->src));
	print_puts(pr, hdr);
	free(hdr);
	pr->last_src = ps->index;
}

/* Does anything filter records (so -n counts the records that pass)? */
static int
print_filtering(const struct print *pr)
{
	return pr->filter->levels != LEVEL_MASK_ALL ||
	    filter_needs_text(pr->filter) || !lsel_empty(pr->filter->lsel) ||
	    filter_has_time(pr->filter);
}

/* Does a record pass the filters? Continuation pieces follow their record. */
static int
print_pass(struct print *pr, struct print_src *ps, const struct grec *r,
    uint32_t *lid)
{
	if (r->cont)
		return ps->last_passed;
	*lid = print_logger(pr, r);
	if (r->f.time != TIME_UNKNOWN)
		ps->carry_time = r->f.time;
	ps->last_passed = ps->decided || (filter_pass_meta(pr->filter, pr->tree,
	    r->f.level, *lid) && filter_pass_time(pr->filter, ps->carry_time) &&
	    (!filter_needs_text(pr->filter) ||
	    filter_pass_text(pr->filter, r->text, r->len)));
	return ps->last_passed;
}

/* -C: write the open summary run, if any (after its source's header). */
static void
print_fold_end(struct print *pr)
{
	char	*s;
	size_t	 len;

	if (!collapse_open(&pr->fold))
		return;
	if (!pr->opt->json && !pr->opt->merge)
		print_header(pr, &pr->srcs[pr->fold.src]);
	s = collapse_write(&pr->fold, pr->opt->json, &len);
	print_put(pr, s, len);
	free(s);
}

/* -C: fold a record into a run (1), or end the open run before it (0). */
static int
print_fold(struct print *pr, struct print_src *ps, const struct grec *r,
    uint32_t lid)
{
	int	flush;

	if (r->cont)
		return ps->folded;
	for (;;) {
		if (collapse_take(&pr->fold, pr->tree, lid, r->f.level,
		    r->text + r->f.time_span.off, r->f.time_span.len, ps->index,
		    &flush))
			return ps->folded = 1;
		if (!flush)
			break;
		print_fold_end(pr);
	}
	return ps->folded = 0;
}

/* Decide, count and print one record. */
static void
print_record(struct print *pr, struct print_src *ps, const struct grec *r)
{
	uint32_t	lid = 0;
	int		pass;

	pass = print_pass(pr, ps, r, &lid);
	if (!pass || pr->broken)
		return;
	pr->printed = 1;
	if (pr->opt->stats) {
		if (!r->cont) {
			stats_add(&ps->stats, pr->tree, lid, r->f.level,
			    r->f.time);
		}
		return;
	}
	if (pr->fold.nroots > 0 && print_fold(pr, ps, r, lid))
		return;
	if (!pr->opt->json && !pr->opt->merge)
		print_header(pr, ps);
	if (pr->opt->json) {
		print_json(pr, ps, r, lid);
		return;
	}
	if (ps->partial_shown > 0 && r->voff == ps->partial_voff) {
		/* Its first bytes went out while the line had no newline yet. */
		size_t	skip = ps->partial_shown < r->len ? ps->partial_shown : r->len;

		ps->partial_shown = 0;
		print_put(pr, r->text + skip, r->len - skip);
		print_put(pr, "\n", 1);
		return;
	}
	if (pr->opt->merge && pr->nsrcs > 1) {
		/* Mark each line with its source, as `NAME | line`. */
		const char	*p = r->text, *end = r->text + r->len, *nl;

		for (;;) {
			nl = memchr(p, '\n', (size_t)(end - p));
			print_puts(pr, source_name(ps->src));
			print_put(pr, " | ", 3);
			print_put(pr, p, (size_t)((nl ? nl : end) - p));
			print_put(pr, "\n", 1);
			if (nl == NULL)
				break;
			p = nl + 1;
		}
		return;
	}
	if (pr->opt->print_compact && !r->cont) {
		/* --print --view compact: for people, not for scripts. */
		compact_render(&pr->cmp, r->text, r->len, &r->f, 0);
		print_put(pr, pr->cmp.text, pr->cmp.len);
		print_put(pr, "\n", 1);
		return;
	}
	print_put(pr, r->text, r->len);
	print_put(pr, "\n", 1);
}

/* Keep a copy of a record in a source's queue. */
static void
print_enqueue(struct print_src *ps, const struct grec *r)
{
	struct print_queue	*q = &ps->queue;
	struct print_rec	*pr;
	size_t			 i, limit = 0;

	if (ps->keep_last)
		limit = (size_t)ps->pr->opt->lines;
	if (limit > 0 && q->len == limit) {
		/* Ring: drop the oldest. */
		pr = &q->recs[q->head];
		free(pr->text);
		q->head = (q->head + 1) % q->size;
		q->len--;
	}
	if (q->len == q->size) {
		/* Grow, unrolling the ring. */
		size_t			 nsize = q->size ? q->size * 2 : 64;
		struct print_rec	*n = xcalloc(nsize, sizeof *n);

		if (limit > 0 && nsize > limit)
			nsize = limit;
		for (i = 0; i < q->len; i++)
			n[i] = q->recs[(q->head + i) % q->size];
		free(q->recs);
		q->recs = n;
		q->head = 0;
		q->size = nsize;
	}
	pr = &q->recs[(q->head + q->len) % q->size];
	pr->r = *r;
	pr->text = xstrndup(r->text, r->len);
	pr->r.text = pr->text;
	q->len++;
}

/* Pop the oldest queued record (caller frees text). */
static struct print_rec
print_dequeue(struct print_src *ps)
{
	struct print_queue	*q = &ps->queue;
	struct print_rec	 rec = q->recs[q->head];

	q->head = (q->head + 1) % q->size;
	q->len--;
	return rec;
}

/* Record emitted by a source's group. */
static void
print_group_emit(void *arg, const struct grec *r)
{
	struct print_src	*ps = arg;
	uint32_t		 lid;

	if (ps->keep_last && print_filtering(ps->pr)) {
		/* -n after the filters: only records that pass are queued. */
		if (print_pass(ps->pr, ps, r, &lid))
			print_enqueue(ps, r);
		return;
	}
	if (ps->keep_last || ps->pr->opt->merge)
		print_enqueue(ps, r);
	else
		print_record(ps->pr, ps, r);
}

/*
 * Prefilter: where in the raw input the include regex *pre matches next.
 * A regex limit turns the prefilter off (*pre = NULL: every record is
 * then parsed).
 */
static int
print_prefind(struct regex **pre, const char *buf, size_t len, size_t from,
    size_t *hit)
{
	size_t	start, mlen;
	int	r;

	if (*pre == NULL) {
		*hit = from;
		return 1;
	}
	r = regex_find(*pre, buf, len, from, &start, &mlen);
	if (r == REGEX_NOMATCH)
		return 0;
	if (r == REGEX_LIMIT)
		*pre = NULL;
	*hit = r == REGEX_LIMIT ? from : start;
	return 1;
}

/* The prefilter of --print (group_find_fn). */
static int
print_find(void *arg, const char *buf, size_t len, size_t from, size_t *hit)
{
	return print_prefind(&((struct print *)arg)->prefilter, buf, len, from, hit);
}

/* Lines from a source: into its group. */
static void
print_source_lines(void *arg, struct source *src, const char *buf, size_t len,
    uint64_t voff)
{
	struct print_src	*ps = arg;

	if (ps->pr->prefilter != NULL)
		group_feed_sparse(&ps->group, buf, len, voff, print_find, ps->pr,
		    ps->pr->opt->json);
	else
		group_feed(&ps->group, buf, len, voff);
}

/* A source changed state: tell the user on stderr. */
static void
print_source_event(void *arg, struct source *src, enum source_state state,
    const char *msg)
{
	struct print_src	*ps = arg;

	if (state == SOURCE_TRUNCATED || state == SOURCE_REPLACED)
		group_reset(&ps->group, 1);
	if (state == SOURCE_TRUNCATED && ps->partial_shown > 0) {
		/* The rest of a shown partial line is gone with the old content. */
		ps->partial_shown = 0;
		print_put(ps->pr, "\n", 1);
	}
	if (msg == NULL || ps->pr == NULL)
		return;
	if (!ps->pr->opt->follow && (state == SOURCE_WAITING ||
	    state == SOURCE_ERROR) && ps->src == NULL)
		return;		/* reported once, as an error, by print_open */
	print_flush(ps->pr);
	fprintf(stderr, "tailor: %s: %s\n", source_name(src), msg);
}

/* Print every queued record of every source (for -n on pipes). */
static void
print_drain_queue(struct print *pr, struct print_src *ps)
{
	struct print_rec	rec;

	ps->decided = print_filtering(pr);	/* they passed when queued */
	while (ps->queue.len > 0) {
		rec = print_dequeue(ps);
		print_record(pr, ps, &rec.r);
		free(rec.text);
	}
	ps->decided = 0;
}

/* Merge: print queued records in timestamp order while every live source has one. */
static void
print_merge(struct print *pr, int all)
{
	struct print_src	*best;
	struct print_rec	 rec;
	int64_t			 t, bt = 0;
	size_t			 i;

	for (;;) {
		best = NULL;
		for (i = 0; i < pr->nsrcs; i++) {
			struct print_src	*ps = &pr->srcs[i];
			const struct grec	*r;

			if (ps->queue.len == 0) {
				if (!all && !ps->eof)
					return;	/* it may still have an earlier record */
				continue;
			}
			r = &ps->queue.recs[ps->queue.head].r;
			t = r->f.time != TIME_UNKNOWN ? r->f.time : ps->last_time;
			if (best == NULL || t < bt) {
				best = ps;
				bt = t;
			}
		}
		if (best == NULL)
			return;
		rec = print_dequeue(best);
		if (rec.r.f.time != TIME_UNKNOWN)
			best->last_time = rec.r.f.time;
		print_record(pr, best, &rec.r);
		free(rec.text);
	}
}

/*
 * Start a file source at off; --json then numbers lines from the file's
 * start (counting the newlines before off: a memchr pass, paid only by
 * --json).
 */
static void
print_seek(struct print *pr, struct print_src *ps, uint64_t off)
{
	source_seek(ps->src, off);
	if (pr->opt->json && off > 0)
		group_reset(&ps->group,
		    1 + chunk_count_lines(source_fd(ps->src), 0, off));
}

/* Open one source; returns 0, or -1 when it cannot be read (without -f). */
static int
print_open(struct print *pr, struct print_src *ps, const struct srcspec *spec)
{
	struct source_ops	ops = { print_source_lines, print_source_event,
	    NULL, ps };
	uint64_t		off;

	ps->src = source_open(spec->kind, spec->arg, &ops);
	source_set_index(ps->src, ps->index);
	if (source_state(ps->src) == SOURCE_WAITING && !pr->opt->follow) {
		fprintf(stderr, "tailor: %s: No such file or directory\n", spec->arg);
		return -1;
	}
	if (source_state(ps->src) == SOURCE_ERROR && !pr->opt->follow) {
		fprintf(stderr, "tailor: %s: %s\n", spec->arg,
		    source_state_message(ps->src));
		return -1;
	}
	if (pr->opt->lines < 0 && pr->filter->since != INT64_MIN &&
	    source_kind(ps->src) == SOURCE_FILE && source_fd(ps->src) != -1 &&
	    tseek_since(source_fd(ps->src), source_size(ps->src), spec->fmt,
	    pr->filter->since, &off) == 0) {
		print_seek(pr, ps, off);	/* in time order: skip the rest */
		/* the layout a learned parser would have from the file's head */
		infer_learn_fd(&ps->group.parser, source_fd(ps->src),
		    source_size(ps->src));
	}
	if (pr->opt->lines >= 0 && print_filtering(pr))
		ps->keep_last = 1;	/* the last N that pass: read it all */
	else if (pr->opt->lines >= 0) {
		if (source_kind(ps->src) == SOURCE_FILE && source_fd(ps->src) != -1) {
			off = group_tail_offset(source_fd(ps->src),
			    source_size(ps->src), (uint64_t)pr->opt->lines, spec->fmt);
			print_seek(pr, ps, off);
			infer_learn_fd(&ps->group.parser, source_fd(ps->src),
			    source_size(ps->src));
		} else if (source_kind(ps->src) != SOURCE_FILE ||
		    source_fd(ps->src) == -1)
			ps->keep_last = source_kind(ps->src) != SOURCE_FILE;
	}
	return 0;
}

/* A pipe source reached its end: flush, reap the command, report its status. */
static void
print_pipe_eof(struct print *pr, struct print_src *ps, int wait)
{
	int	status;
	pid_t	pid;

	source_close(ps->src);
	group_flush(&ps->group);
	ps->eof = 1;
	pid = source_pid(ps->src);
	if (pid > 0 && waitpid(pid, &status, wait ? 0 : WNOHANG) == pid)
		source_reap(ps->src, pid, status);
}

/* Read one source to its end (no -f). */
static void
print_source_all(struct print *pr, struct print_src *ps)
{
	while (source_read(ps->src, 0) > 0 && !pr->broken)
		;
	if (source_kind(ps->src) == SOURCE_FILE) {
		source_flush_partial(ps->src);
		group_flush(&ps->group);
		ps->eof = 1;
	} else
		print_pipe_eof(pr, ps, 1);
	if (source_state(ps->src) == SOURCE_ERROR)
		pr->error = 1;
}

/*
 * After a quiet moment, show a line that has no newline yet, as tail -f
 * does -- only when nothing filters or reshapes the output (a filter needs
 * the whole record). The rest of the line is printed when it comes, so the
 * output stays byte-exact.
 */
static void
print_partial(struct print *pr, struct print_src *ps)
{
	const char	*p;
	size_t		 len;
	uint64_t	 voff;

	if (pr->opt->json || pr->opt->stats || pr->opt->merge || ps->keep_last ||
	    pr->filter->levels != LEVEL_MASK_ALL || filter_needs_text(pr->filter) ||
	    !lsel_empty(pr->filter->lsel))
		return;
	p = source_partial(ps->src, &len, &voff);
	if (len == 0)
		return;
	if (ps->partial_shown > 0 && voff != ps->partial_voff)
		ps->partial_shown = 0;
	if (len > 0 && p[len - 1] == '\r')
		len--;		/* maybe the CR of a CRLF: wait for its LF */
	if (len <= ps->partial_shown)
		return;
	print_header(pr, ps);
	print_put(pr, p + ps->partial_shown, len - ps->partial_shown);
	ps->partial_shown = len;
	ps->partial_voff = voff;
	pr->printed = 1;
}

/* Follow every source until interrupted (-f). */
static void
print_follow(struct print *pr)
{
	struct pollfd	*pfds = xcalloc(pr->nsrcs + 1, sizeof *pfds);
	struct print_src **who = xcalloc(pr->nsrcs + 1, sizeof *who);
	int64_t		 flush_at = -1, now;
	size_t		 i, n;
	int		 timeout, t, live, got;

	pr->follow = follow_create(pr->opt->poll);
	for (i = 0; i < pr->nsrcs; i++)
		follow_add(pr->follow, pr->srcs[i].src);
	follow_check_all(pr->follow);
	flush_at = clock_ms();
	while (!pr->broken) {
		n = 0;
		live = 0;
		if (follow_fd(pr->follow) != -1) {
			pfds[n].fd = follow_fd(pr->follow);
			pfds[n].events = POLLIN;
			who[n++] = NULL;
		}
		for (i = 0; i < pr->nsrcs; i++) {
			struct print_src *ps = &pr->srcs[i];

			if (source_kind(ps->src) == SOURCE_FILE) {
				live = 1;
				continue;
			}
			if (ps->eof)
				continue;
			live = 1;
			pfds[n].fd = source_pollfd(ps->src);
			pfds[n].events = POLLIN;
			who[n++] = ps;
		}
		if (!live)
			break;
		timeout = follow_timeout(pr->follow);
		if (flush_at >= 0) {
			t = (int)(flush_at - clock_ms());
			if (t < 0)
				t = 0;
			if (timeout < 0 || t < timeout)
				timeout = t;
		}
		print_flush(pr);
		if (poll(pfds, n, timeout) == -1 && errno != EINTR)
			break;
		got = 0;
		for (i = 0; i < n; i++) {
			if (pfds[i].revents == 0)
				continue;
			if (who[i] == NULL)
				got += follow_dispatch(pr->follow);
			else if (source_read(who[i]->src, 0) <= 0)
				print_pipe_eof(pr, who[i], 0);
			else
				got = 1;
		}
		got += follow_tick(pr->follow);
		now = clock_ms();
		if (got)
			flush_at = now + PRINT_QUIET_MS;
		else if (flush_at >= 0 && now >= flush_at) {
			/* Quiet: records still open are complete enough to show. */
			for (i = 0; i < pr->nsrcs; i++) {
				group_flush(&pr->srcs[i].group);
				if (pr->srcs[i].keep_last) {
					pr->srcs[i].keep_last = 0;
					print_drain_queue(pr, &pr->srcs[i]);
				}
			}
			if (pr->opt->merge)
				print_merge(pr, 1);
			print_fold_end(pr);	/* a quiet moment ends a run */
			for (i = 0; i < pr->nsrcs; i++)
				print_partial(pr, &pr->srcs[i]);
			flush_at = -1;
		}
		if (pr->opt->merge)
			print_merge(pr, 0);
	}
	print_flush(pr);
	free(pfds);
	free(who);
}

/*
 * --stats over a big regular file: counting does not depend on order, so
 * the file is cut in two at a record start and each half is grouped,
 * filtered and counted on a thread of its own, with a private copy of the
 * filter (regexes keep per-pattern match data), a private logger tree and
 * private counters; the halves are then merged into the source's counters
 * through a map of logger ids. Only used when the logger selection is
 * empty (its marks are ids of the shared tree).
 */
struct print_part {
	int		 fd;
	uint64_t	 from;
	uint64_t	 to;
	int		 at_eof;
	struct filter	 filter;
	struct regex	*prefilter;
	struct ltree	*tree;
	struct stats	 stats;
	struct group	 group;
	int		 passed;
	pthread_t	 thread;
	int		 joinable;
};

/* A record of one half: filter and count it. */
static void
print_part_emit(void *arg, const struct grec *r)
{
	struct print_part	*part = arg;
	uint32_t		 lid;
	int			 pass;

	if (r->cont)
		return;		/* no flush before the end: cannot happen */
	lid = r->f.logger.len == 0 ? LTREE_ROOT :
	    ltree_intern(part->tree, r->text + r->f.logger.off, r->f.logger.len);
	pass = filter_pass_meta(&part->filter, part->tree, r->f.level, lid) &&
	    (!filter_needs_text(&part->filter) ||
	    filter_pass_text(&part->filter, r->text, r->len));
	if (pass) {
		part->passed = 1;
		stats_add(&part->stats, part->tree, lid, r->f.level, r->f.time);
	}
}

/* The prefilter of one half (its own regex copy). */
static int
print_part_find(void *arg, const char *buf, size_t len, size_t from, size_t *hit)
{
	return print_prefind(&((struct print_part *)arg)->prefilter, buf, len,
	    from, hit);
}

/* A block of whole lines of one half: group it (through the prefilter). */
static void
print_part_block(void *arg, const char *buf, size_t len, uint64_t off)
{
	struct print_part	*part = arg;

	if (part->prefilter != NULL)
		group_feed_sparse(&part->group, buf, len, off, print_part_find,
		    part, 0);
	else
		group_feed(&part->group, buf, len, off);
}

/* One half: read, group, filter, count. */
static void *
print_part_run(void *arg)
{
	struct print_part	*part = arg;
	char			*buf = xmalloc(PRINT_PARTBUF + 1);

	chunk_read(part->fd, part->from, part->to, buf, PRINT_PARTBUF,
	    CHUNK_NEWLINE, NULL, print_part_block, part);
	group_flush(&part->group);
	free(buf);
	return NULL;
}

/* --stats of one big file in two halves; returns 0, or -1 to do it the plain way. */
static int
print_stats_parallel(struct print *pr, struct print_src *ps)
{
	struct print_part	 parts[2];
	struct stat		 st;
	uint64_t		 size, split;
	uint32_t		*map;
	size_t			 i;
	int			 fd = source_fd(ps->src);

	if (!pr->opt->stats || pr->opt->follow || pr->opt->merge ||
	    pr->opt->lines >= 0 || source_kind(ps->src) != SOURCE_FILE ||
	    filter_has_time(pr->filter) ||
	    fd == -1 || fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    !lsel_empty(pr->filter->lsel))
		return -1;
	size = (uint64_t)st.st_size;
	if (size < PRINT_PARALLEL_MIN ||
	    (split = group_split_point(fd, pr->opt->srcs[ps->index].fmt,
	    size / 2, size)) == 0)
		return -1;
	for (i = 0; i < 2; i++) {
		struct print_part	*part = &parts[i];

		memset(part, 0, sizeof *part);
		part->fd = fd;
		part->from = i == 0 ? 0 : split;
		part->to = i == 0 ? split : size;
		filter_copy(&part->filter, pr->filter);
		part->filter.undecided = 0;
		part->prefilter = NULL;
		if (pr->prefilter != NULL) {
			size_t	k;

			for (k = 0; k < part->filter.ninc; k++)
				if (regex_prefilter_safe(part->filter.inc[k])) {
					part->prefilter = part->filter.inc[k];
					break;
				}
		}
		part->tree = ltree_create();
		stats_init(&part->stats, "part");
		stats_defer_subtrees(&part->stats);
		group_init(&part->group, pr->opt->srcs[ps->index].fmt,
		    print_part_emit, part);
		if (pthread_create(&part->thread, NULL, print_part_run, part) == 0)
			part->joinable = 1;
		else
			print_part_run(part);
	}
	for (i = 0; i < 2; i++) {
		struct print_part	*part = &parts[i];

		if (part->joinable)
			pthread_join(part->thread, NULL);
		stats_finish_subtrees(&part->stats, part->tree);
		map = ltree_map(pr->tree, part->tree);
		stats_merge_map(&ps->stats, &part->stats, map,
		    ltree_count_nodes(part->tree));
		pr->filter->undecided += part->filter.undecided;
		pr->printed |= part->passed;
		free(map);
		group_free(&part->group);
		stats_free(&part->stats);
		ltree_free(part->tree);
		filter_free(&part->filter);
	}
	ps->eof = 1;
	return 0;
}

/* Run --print; returns the exit status. */
int
print_run(const struct options *opt, struct filter *filter, struct ltree *tree,
    const struct pyfmt *fmt)
{
	struct print	 pr;
	size_t		 i;
	int		 done;

	memset(&pr, 0, sizeof pr);
	pr.opt = opt;
	pr.filter = filter;
	pr.tree = tree;
	pr.fmt = fmt;
	pr.last_src = -1;
	pr.out = xmalloc(PRINT_OUTBUF);
	pr.nsrcs = opt->nsrcs;
	pr.srcs = xcalloc(pr.nsrcs, sizeof *pr.srcs);
	stats_init(&pr.total, "total");
	signal(SIGPIPE, SIG_IGN);
	pr.need_logger = opt->stats || opt->json || !lsel_empty(filter->lsel) ||
	    opt->ncollapse > 0;
	collapse_init(&pr.fold, tree, opt->collapse, opt->ncollapse);
	for (i = 0; i < filter->ninc; i++)
		if (regex_prefilter_safe(filter->inc[i])) {
			pr.prefilter = filter->inc[i];
			break;
		}

	for (i = 0; i < pr.nsrcs; i++) {
		struct print_src	*ps = &pr.srcs[i];

		ps->pr = &pr;
		ps->index = (int)i;
		ps->last_time = INT64_MIN;
		ps->carry_time = TIME_UNKNOWN;
		group_init(&ps->group, opt->srcs[i].fmt, print_group_emit, ps);
		stats_init(&ps->stats, opt->srcs[i].kind == SOURCE_STDIN ?
		    "(stdin)" : opt->srcs[i].arg);
		stats_defer_subtrees(&ps->stats);	/* a bulk count: see stats.h */
		if (print_open(&pr, ps, &opt->srcs[i]) == -1) {
			pr.error = 1;
			ps->eof = 1;
		}
	}

	if (opt->follow)
		print_follow(&pr);
	else if (opt->merge) {
		/* Read a block from each source that has nothing queued, merge, repeat. */
		do {
			done = 1;
			for (i = 0; i < pr.nsrcs; i++) {
				struct print_src *ps = &pr.srcs[i];

				if (ps->eof || ps->queue.len > 0)
					continue;
				if (source_read(ps->src, 256 * 1024) <= 0) {
					if (source_kind(ps->src) == SOURCE_FILE) {
						source_flush_partial(ps->src);
						group_flush(&ps->group);
						ps->eof = 1;
					} else
						print_pipe_eof(&pr, ps, 1);
				}
				done = 0;
			}
			print_merge(&pr, 0);
		} while (!done && !pr.broken);
		print_merge(&pr, 1);
	} else {
		for (i = 0; i < pr.nsrcs && !pr.broken; i++) {
			if (pr.srcs[i].eof)
				continue;
			if (print_stats_parallel(&pr, &pr.srcs[i]) == 0)
				continue;
			print_source_all(&pr, &pr.srcs[i]);
			print_drain_queue(&pr, &pr.srcs[i]);
		}
	}

	print_fold_end(&pr);
	if (opt->stats && !pr.broken) {
		struct stats	*all = xcalloc(pr.nsrcs, sizeof *all);
		FILE		*f = fdopen(dup(STDOUT_FILENO), "w");

		print_flush(&pr);
		/* Subtree totals once per node, and the total as a merge. */
		for (i = 0; i < pr.nsrcs; i++) {
			stats_finish_subtrees(&pr.srcs[i].stats, tree);
			stats_merge(&pr.total, &pr.srcs[i].stats);
			all[i] = pr.srcs[i].stats;
		}
		if (f != NULL) {
			if (opt->json)
				report_json(f, tree, all, pr.nsrcs, &pr.total);
			else
				report_text(f, tree, all, pr.nsrcs, &pr.total);
			if ((fflush(f) != 0 || ferror(f)) && errno != 0)
				print_broken(&pr, errno);
			fclose(f);
		}
		free(all);
	}
	print_flush(&pr);
	if (filter->undecided > 0)
		fprintf(stderr, "tailor: %llu records could not be decided by a "
		    "regex (match limit hit); they were kept\n",
		    (unsigned long long)filter->undecided);

	for (i = 0; i < pr.nsrcs; i++) {
		struct print_src *ps = &pr.srcs[i];

		while (ps->queue.len > 0)
			free(print_dequeue(ps).text);
		free(ps->queue.recs);
		group_free(&ps->group);
		stats_free(&ps->stats);
		source_free(ps->src);
	}
	stats_free(&pr.total);
	collapse_free(&pr.fold);
	follow_free(pr.follow);
	free(pr.srcs);
	free(pr.out);
	free(pr.jbuf);
	compact_free(&pr.cmp);
	if (pr.error || pr.write_errno != 0)
		return 2;
	return pr.printed ? 0 : 1;
}
