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
#include <time.h>
#include <unistd.h>

#include "core/clock.h"
#include "tui/loop.h"
#include "input/chunk.h"
#include "input/follow.h"
#include "input/source.h"
#include "core/sanitize.h"
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

#include "print_int.h"

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
void
print_put(struct print *pr, const char *p, size_t n)
{
	if (pr->grow) {
		/* A worker's buffer (printpar.c): kept whole, never written. */
		if (pr->outlen + n > pr->outsize) {
			pr->outsize = pr->outsize ? pr->outsize : 64 * 1024;
			while (pr->outlen + n > pr->outsize)
				pr->outsize *= 2;
			pr->out = xrealloc(pr->out, pr->outsize);
		}
		memcpy(pr->out + pr->outlen, p, n);
		pr->outlen += n;
		return;
	}
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
void
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
void
print_header(struct print *pr, struct print_src *ps)
{
	char	*hdr, *name;

	if (pr->nsrcs <= 1 || pr->opt->quiet || pr->last_src == ps->index)
		return;
	/* A name with control bytes is quoted, as on stderr: never raw. */
	name = sanitize_quote(source_name(ps->src));
	hdr = xasprintf("%s==> %s <==\n", pr->last_src == -1 ? "" : "\n",
	    name);
	print_puts(pr, hdr);
	free(hdr);
	free(name);
	pr->last_src = ps->index;
}

/* Does anything filter records (so -n counts the records that pass)? */
int
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
int
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
void
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

/* "tailor: NAME: msg" on stderr, a file name quoted as GNU tail does. */
static void
print_diag(const char *name, const char *msg)
{
	char	*q = strcmp(name, "(stdin)") == 0 || name[0] == '$' ?
		    xstrdup(name) : sanitize_quote(name);

	fprintf(stderr, "tailor: %s: %s\n", q, msg);
	free(q);
}

/*
 * A binary file -- its first 4 KB hold a NUL and a byte no text has (a
 * control byte other than tab, newline, CR, FF, ESC) -- is passed on
 * byte-exact (source_set_raw: its NUL runs are data, not the holes a log
 * gets from copytruncate, which are NULs alone), and to a terminal it is
 * not shown without --binary: its bytes would only be noise. Returns 1
 * when it is refused. Archives are their text by then (a pipe: skipped).
 */
static int
print_binary(struct print *pr, struct print_src *ps)
{
	unsigned char	buf[4096];
	ssize_t		n, i;
	int		fd = source_fd(ps->src), nul = 0, ctl = 0;

	if (source_kind(ps->src) != SOURCE_FILE || fd == -1 ||
	    !source_seekable(ps->src) ||
	    (n = pread(fd, buf, sizeof buf, 0)) <= 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (buf[i] == 0)
			nul = 1;
		else if (buf[i] < 0x20 && buf[i] != '\t' && buf[i] != '\n' &&
		    buf[i] != '\r' && buf[i] != '\f' && buf[i] != 0x1b)
			ctl = 1;
	}
	if (!nul || !ctl)
		return 0;
	source_set_raw(ps->src);
	return !pr->opt->binary && isatty(STDOUT_FILENO);
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
	if (state == SOURCE_ERROR && strncmp(msg, "corrupt at byte", 15) == 0)
		group_flush(&ps->group);	/* the text before the damage first */
	if (!ps->pr->opt->follow && (state == SOURCE_WAITING ||
	    state == SOURCE_ERROR) && ps->src == NULL)
		return;		/* reported once, as an error, by print_open */
	if (state == SOURCE_EOF && source_kind(src) == SOURCE_STDIN)
		return;		/* a normal end of input: nothing to say */
	print_flush(ps->pr);
	print_diag(source_kind(src) == SOURCE_COMMAND ||
	    strcmp(source_path(src), "-") == 0 ? source_name(src) :
	    source_path(src), msg);
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

	ps->src = source_open_flags(spec->kind, spec->arg, &ops,
	    SOURCE_STREAM | (spec->rotated ? SOURCE_ROTATED : 0));
	source_set_index(ps->src, ps->index);
	if (source_state(ps->src) == SOURCE_WAITING && !pr->opt->follow) {
		print_diag(spec->arg, "No such file or directory");
		return -1;
	}
	if (source_state(ps->src) == SOURCE_ERROR && !pr->opt->follow) {
		print_diag(spec->arg, source_state_message(ps->src));
		return -1;
	}
	if (print_binary(pr, ps)) {
		print_diag(spec->arg, "binary file, not shown; --binary to print it");
		return -1;
	}
	if (pr->opt->lines < 0 && pr->filter->since != INT64_MIN &&
	    source_kind(ps->src) == SOURCE_FILE && source_seekable(ps->src) &&
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
		if (source_kind(ps->src) == SOURCE_FILE &&
		    source_seekable(ps->src) && source_nfiles(ps->src) == 1) {
			off = group_tail_offset(source_fd(ps->src),
			    source_size(ps->src), (uint64_t)pr->opt->lines, spec->fmt);
			print_seek(pr, ps, off);
			infer_learn_fd(&ps->group.parser, source_fd(ps->src),
			    source_size(ps->src));
		} else	/* a pipe, an archive's text, a rotated set: the last N */
			ps->keep_last = source_kind(ps->src) != SOURCE_FILE ||
			    source_fd(ps->src) != -1;
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
void
print_source_all(struct print *pr, struct print_src *ps)
{
	while (!pr->broken) {
		if (source_read(ps->src, 0) > 0)
			continue;
		if (source_kind(ps->src) == SOURCE_FILE ||
		    source_at_end(ps->src))
			break;
		source_wait(ps->src);	/* a pipe with nothing yet */
	}
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

/* A signal during -f: SIGCHLD reaps, the others stop following (1). */
static int
print_on_signal(void *arg, int fd, int sig)
{
	struct print	*pr = arg;
	pid_t		 pid;
	size_t		 i;
	int		 status;

	(void)fd;
	if (sig == SIGCHLD) {
		/* Reap as they end, each command's status said on stderr. */
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			for (i = 0; i < pr->nsrcs; i++)
				source_reap(pr->srcs[i].src, pid, status);
		return 0;
	}
	pr->interrupted = sig;
	return 1;
}

/* The follower's inotify fd is readable. */
static int
print_on_follow(void *arg, int fd, int revents)
{
	struct print	*pr = arg;

	(void)fd;
	(void)revents;
	pr->got += follow_dispatch(pr->follow);
	return 0;
}

/* A pipe source is readable: one read, never blocking. */
static int
print_on_source(void *arg, int fd, int revents)
{
	struct print_src	*ps = arg;

	(void)fd;
	(void)revents;
	if (source_read(ps->src, 0) > 0)
		ps->pr->got = 1;
	else if (source_at_end(ps->src))
		print_pipe_eof(ps->pr, ps, 0);
	return 0;
}

/* Quiet for PRINT_QUIET_MS: records still open are complete enough to show. */
static void
print_quiet(struct print *pr)
{
	size_t	i;

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
}

/*
 * What the loop waits for this turn: the follower, the live pipes, the
 * follower's polling deadline and the quiet-moment flush. Returns 0 when
 * nothing is live any more (every source is a pipe that ended and every
 * command has been reaped).
 */
static int
print_prepare(struct print *pr, struct loop *loop, int64_t flush_at)
{
	size_t	i;
	int	live = 0;

	loop_add(loop, follow_fd(pr->follow), print_on_follow, pr);
	for (i = 0; i < pr->nsrcs; i++) {
		struct print_src *ps = &pr->srcs[i];

		if (source_kind(ps->src) == SOURCE_FILE)
			live = 1;
		else if (!ps->eof) {
			live = 1;
			loop_add(loop, source_pollfd(ps->src), print_on_source,
			    ps);
		} else if (source_pid(ps->src) > 0)
			live = 1;	/* output closed, still running: wait to reap it */
	}
	loop_after(loop, follow_timeout(pr->follow), NULL, NULL);
	loop_at(loop, flush_at, NULL, NULL);
	return live;
}

/* Follow every source until interrupted (-f), through core/loop.c. */
static void
print_follow(struct print *pr)
{
	static const int	 sigs[] = { SIGCHLD, SIGINT, SIGTERM, SIGHUP };
	struct loop		*loop = loop_create();
	int64_t			 flush_at, now;
	size_t			 i;

	loop_signals(loop, sigs, (int)(sizeof sigs / sizeof sigs[0]),
	    print_on_signal, pr);
	pr->follow = follow_create(pr->opt->poll);
	for (i = 0; i < pr->nsrcs; i++)
		follow_add(pr->follow, pr->srcs[i].src);
	follow_check_all(pr->follow);
	flush_at = clock_ms();
	while (!pr->broken) {
		if (!print_prepare(pr, loop, flush_at))
			break;
		print_flush(pr);
		pr->got = 0;
		if (loop_once(loop) != 0)
			break;
		pr->got += follow_tick(pr->follow);
		now = clock_ms();
		if (pr->got)
			flush_at = now + PRINT_QUIET_MS;
		else if (flush_at >= 0 && now >= flush_at) {
			print_quiet(pr);
			flush_at = -1;
		}
		if (pr->opt->merge)
			print_merge(pr, 0);
	}
	print_flush(pr);
	loop_free(loop);
}

/*
 * ^C, SIGTERM or SIGHUP while reading to the end (no -f, where the loop
 * takes them): the commands' process groups are ended -- SIGTERM, a short
 * grace, SIGKILL; all async-signal-safe -- then tailor dies of the signal
 * as it would have.
 */
static void
print_die(int sig)
{
	struct timespec	ts = { 0, 200 * 1000 * 1000 };

	source_kill_all(SIGTERM);
	nanosleep(&ts, NULL);
	source_kill_all(SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* End every command (SIGTERM, grace, SIGKILL), then free the sources. */
static void
print_free_sources(struct print *pr)
{
	struct source	**v = xcalloc(pr->nsrcs + 1, sizeof *v);
	size_t		  i;

	for (i = 0; i < pr->nsrcs; i++)
		v[i] = pr->srcs[i].src;
	source_stop(v, pr->nsrcs, SOURCE_GRACE_MS);
	free(v);
	for (i = 0; i < pr->nsrcs; i++) {
		struct print_src *ps = &pr->srcs[i];

		while (ps->queue.len > 0)
			free(print_dequeue(ps).text);
		free(ps->queue.recs);
		group_free(&ps->group);
		stats_free(&ps->stats);
		source_free(ps->src);
	}
}

/* --print --merge without -f: a block from each source with nothing queued, merged, repeat. */
static void
print_merge_all(struct print *pr)
{
	size_t	i;
	int	done;

	do {
		done = 1;
		for (i = 0; i < pr->nsrcs; i++) {
			struct print_src *ps = &pr->srcs[i];

			if (ps->eof || ps->queue.len > 0)
				continue;
			done = 0;
			if (source_read(ps->src, 256 * 1024) > 0)
				continue;
			if (source_kind(ps->src) == SOURCE_FILE) {
				source_flush_partial(ps->src);
				group_flush(&ps->group);
				ps->eof = 1;
			} else if (source_at_end(ps->src))
				print_pipe_eof(pr, ps, 1);
			else
				source_wait(ps->src);	/* nothing yet */
		}
		print_merge(pr, 0);
	} while (!done && !pr->broken);
	print_merge(pr, 1);
}

/* --stats: the report after the records (subtree totals once per node). */
static void
print_report(struct print *pr)
{
	struct stats	*all = xcalloc(pr->nsrcs, sizeof *all);
	FILE		*f = fdopen(dup(STDOUT_FILENO), "w");
	size_t		 i;

	print_flush(pr);
	for (i = 0; i < pr->nsrcs; i++) {
		stats_finish_subtrees(&pr->srcs[i].stats, pr->tree);
		stats_merge(&pr->total, &pr->srcs[i].stats);
		all[i] = pr->srcs[i].stats;
	}
	if (f != NULL) {
		if (pr->opt->json)
			report_json(f, pr->tree, all, pr->nsrcs, &pr->total);
		else
			report_text(f, pr->tree, all, pr->nsrcs, &pr->total);
		if ((fflush(f) != 0 || ferror(f)) && errno != 0)
			print_broken(pr, errno);
		fclose(f);
	}
	free(all);
}

/* Set up a run: output buffer, signals, the filter's prefilter, each source opened. */
static void
print_start(struct print *pr, const struct options *opt, struct filter *filter,
    struct ltree *tree, const struct pyfmt *fmt)
{
	size_t	i;

	memset(pr, 0, sizeof *pr);
	pr->opt = opt;
	pr->filter = filter;
	pr->tree = tree;
	pr->fmt = fmt;
	pr->last_src = -1;
	pr->out = xmalloc(PRINT_OUTBUF);
	pr->nsrcs = opt->nsrcs;
	pr->srcs = xcalloc(pr->nsrcs, sizeof *pr->srcs);
	stats_init(&pr->total, "total");
	signal(SIGPIPE, SIG_IGN);
	signal(SIGINT, print_die);
	signal(SIGTERM, print_die);
	signal(SIGHUP, print_die);
	pr->need_logger = opt->stats || opt->json ||
	    !lsel_empty(filter->lsel) || opt->ncollapse > 0;
	collapse_init(&pr->fold, tree, opt->collapse, opt->ncollapse);
	for (i = 0; i < filter->ninc; i++)
		if (regex_prefilter_safe(filter->inc[i])) {
			pr->prefilter = filter->inc[i];
			break;
		}
	for (i = 0; i < pr->nsrcs; i++) {
		struct print_src	*ps = &pr->srcs[i];

		ps->pr = pr;
		ps->index = (int)i;
		ps->last_time = INT64_MIN;
		ps->carry_time = TIME_UNKNOWN;
		group_init(&ps->group, opt->srcs[i].fmt, print_group_emit, ps);
		stats_init(&ps->stats, opt->srcs[i].kind == SOURCE_STDIN ?
		    "(stdin)" : opt->srcs[i].arg);
		stats_defer_subtrees(&ps->stats);	/* a bulk count: see stats.h */
		if (print_open(pr, ps, &opt->srcs[i]) == -1) {
			pr->error = 1;
			ps->eof = 1;
		}
	}
}

/* Run --print; returns the exit status. */
int
print_run(const struct options *opt, struct filter *filter, struct ltree *tree,
    const struct pyfmt *fmt)
{
	struct print	 pr;
	size_t		 i;

	print_start(&pr, opt, filter, tree, fmt);
	if (opt->follow)
		print_follow(&pr);
	else if (opt->merge)
		print_merge_all(&pr);
	else {
		for (i = 0; i < pr.nsrcs && !pr.broken; i++) {
			if (pr.srcs[i].eof)
				continue;
			if (print_parallel(&pr, &pr.srcs[i]) == 0)
				continue;
			print_source_all(&pr, &pr.srcs[i]);
			print_drain_queue(&pr, &pr.srcs[i]);
		}
	}
	print_fold_end(&pr);
	if (opt->stats && !pr.broken)
		print_report(&pr);
	print_flush(&pr);
	if (filter->undecided > 0)
		fprintf(stderr, "tailor: %llu records could not be decided by a "
		    "regex (match limit hit); they were kept\n",
		    (unsigned long long)filter->undecided);

	print_free_sources(&pr);
	stats_free(&pr.total);
	collapse_free(&pr.fold);
	follow_free(pr.follow);
	free(pr.srcs);
	free(pr.out);
	free(pr.jbuf);
	compact_free(&pr.cmp);
	if (pr.interrupted != 0)
		return 128 + pr.interrupted;	/* as a shell reports a signal */
	if (pr.error || pr.write_errno != 0)
		return 2;
	return pr.printed ? 0 : 1;
}
