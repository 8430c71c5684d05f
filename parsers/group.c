/*
 * group.c: multi-line grouping, lines -> records.
 *
 * A line that parse_line() accepts as a record start begins a record; the
 * lines after it that are not record starts (tracebacks, "Caused by:",
 * pretty-printed dicts) belong to it. Lines before the first record start
 * of an input form records of their own with level NONE; an indented line
 * there continues the unindented one before it (a banner's multi-line
 * message), as it would continue a bare line after an access line.
 *
 * Invariants: while `pending`, cur.text/cur.len is the whole record so far
 * (lines joined by '\n', no CR, no trailing newline). When `copied` is 0
 * it points into the buffer passed to the current group_feed() call, which
 * must therefore copy it into `buf` before returning.
 */
#include "group.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"

/* Does the line begin with a blank (a continuation's indent)? */
#define GROUP_INDENTED(p, n)	((n) > 0 && ((p)[0] == ' ' || (p)[0] == '\t'))

/* Set up a group for one source. */
void
group_init(struct group *g, const struct pyfmt *user, group_emit_fn emit, void *arg)
{
	memset(g, 0, sizeof *g);
	parser_init(&g->parser, user);
	g->emit = emit;
	g->arg = arg;
	g->nextline = 1;
	fields_clear(&g->last);
}

/* Free the group's buffer. */
void
group_free(struct group *g)
{
	free(g->buf);
	g->buf = NULL;
}

/* Make room for `need` bytes in buf. */
static void
group_reserve(struct group *g, size_t need)
{
	if (need <= g->size)
		return;
	if (g->size == 0)
		g->size = 4096;
	while (g->size < need)
		g->size *= 2;
	g->buf = xrealloc(g->buf, g->size);
}

/* Move the pending record's text into the group's own buffer. */
static void
group_own(struct group *g)
{
	if (g->copied || !g->pending)
		return;
	group_reserve(g, g->cur.len + 1);
	memmove(g->buf, g->cur.text, g->cur.len);
	g->cur.text = g->buf;
	g->copied = 1;
}

/* Hand the pending record to the consumer. */
static void
group_emit(struct group *g)
{
	if (!g->pending)
		return;
	g->pending = 0;
	g->records++;
	g->last = g->cur.f;
	g->emit(g->arg, &g->cur);
}

/* Emit the pending record now; later continuation lines become orphans. */
void
group_flush(struct group *g)
{
	if (!g->pending)
		return;
	group_emit(g);
	g->flushed = 1;
}

/* Start numbering lines again. */
void
group_reset(struct group *g, uint64_t nextline)
{
	group_flush(g);
	g->flushed = 0;
	g->nextline = nextline;
}

/* Begin a record at this line. */
static void
group_start(struct group *g, const char *line, size_t len, uint64_t voff,
    const struct fields *f, int cr)
{
	g->pending = 1;
	g->flushed = 0;
	g->cur.f = *f;
	g->cur.voff = voff;
	g->cur.line = g->nextline;
	g->cur.nlines = 1;
	g->cur.cont = 0;
	if (cr) {
		group_reserve(g, len + 1);
		memcpy(g->buf, line, len);
		g->cur.text = g->buf;
		g->copied = 1;
	} else {
		g->cur.text = line;
		g->copied = 0;
	}
	g->cur.len = len;
}

/* Add a continuation line to the pending record. */
static void
group_extend(struct group *g, const char *line, size_t len, int cr)
{
	if (!g->copied && !cr && line == g->cur.text + g->cur.len + 1) {
		/* Still contiguous in the input: just widen the span. */
		g->cur.len += 1 + len;
	} else {
		group_own(g);
		group_reserve(g, g->cur.len + 1 + len + 1);
		g->buf[g->cur.len] = '\n';
		memcpy(g->buf + g->cur.len + 1, line, len);
		g->cur.text = g->buf;
		g->cur.len += 1 + len;
	}
	g->cur.nlines++;
}

/* Feed whole lines. */
void
group_feed(struct group *g, const char *buf, size_t len, uint64_t voff)
{
	const char	*p = buf, *end = buf + len, *nl;
	struct fields	 f;
	size_t		 n;
	int		 cr;

	infer_feed(&g->parser, buf, len);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;	/* caller broke the contract: treat as a line */
		n = (size_t)(nl - p);
		cr = n > 0 && p[n - 1] == '\r';
		if (cr)
			n--;
		if (parse_line(&g->parser, p, n, &f)) {
			group_emit(g);
			group_start(g, p, n, voff + (uint64_t)(p - buf), &f, cr);
		} else if (g->pending && g->cur.f.format == FORMAT_NONE &&
		    !GROUP_INDENTED(p, n)) {
			/* Before any record: an unindented line is one of its own. */
			group_emit(g);
			group_start(g, p, n, voff + (uint64_t)(p - buf), &f, cr);
		} else if (g->pending) {
			group_extend(g, p, n, cr);
			if (g->parser.amend >= 0) {
				/* a level written on the record's second line */
				g->cur.f.level = (uint8_t)g->parser.amend;
				g->parser.amend = -1;
			}
		} else if (!g->flushed && !GROUP_INDENTED(p, n)) {
			/*
			 * Before the first record: an unindented line is a
			 * record of its own that the indented lines after it
			 * continue (a multi-line message).
			 */
			group_start(g, p, n, voff + (uint64_t)(p - buf), &f, cr);
		} else {
			/* No record to join: a record of its own (or an orphan). */
			struct grec	r;

			memset(&r, 0, sizeof r);
			fields_clear(&r.f);
			if (g->flushed) {
				r.f = g->last;
				r.f.time_span.len = r.f.level_span.len = 0;
				r.f.logger.len = r.f.message.len = 0;
				r.cont = 1;
			}
			r.text = p;
			r.len = n;
			r.voff = voff + (uint64_t)(p - buf);
			r.line = g->nextline;
			r.nlines = 1;
			g->records += !r.cont;
			g->emit(g->arg, &r);
		}
		g->nextline++;
		p = nl + 1;
	}
	group_own(g);
}

/* Count the newlines in [p, e). */
static uint64_t
group_count_lines(const char *p, const char *e)
{
	uint64_t	n = 0;

	while (p < e && (p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		n++;
		p++;
	}
	return n;
}

/* Is the line at p (ending before e or at a '\n') a record start? */
static int
group_is_start(struct group *g, const char *p, const char *e, const char **next)
{
	const char	*nl = memchr(p, '\n', (size_t)(e - p));
	size_t		 n = (size_t)((nl ? nl : e) - p);
	struct fields	 f;
	int		 r;

	*next = nl ? nl + 1 : e;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	/* Bare lines start records only after what came before: not here. */
	r = parse_line(&g->parser, p, n, &f) && f.format != FORMAT_TEXT;
	g->parser.amend = -1;		/* group_feed reads it again */
	return r;
}

/* Start of the record holding the line at l: scan back to a record start, not before lo. */
static const char *
group_back_to_start(struct group *g, const char *lo, const char *l, const char *end)
{
	const char	*next;

	for (;;) {
		if (group_is_start(g, l, end, &next))
			return l;
		if (l <= lo)
			return lo;
		l--;		/* the previous line's '\n' */
		while (l > lo && l[-1] != '\n')
			l--;
	}
}

/* Feed whole lines, parsing only around the matches `find` reports. */
void
group_feed_sparse(struct group *g, const char *buf, size_t len, uint64_t voff,
    group_find_fn find, void *arg, int count_lines)
{
	const char	*p = buf, *end = buf + len, *next, *s, *hl, *q;
	size_t		 hit;

	infer_feed(&g->parser, buf, len);
	/* Finish the pending record: its continuation lines come first. */
	if (g->pending) {
		q = p;
		while (q < end && !group_is_start(g, q, end, &next))
			q = next;
		if (q > p)
			group_feed(g, p, (size_t)(q - p), voff);
		if (q >= end)
			return;
		group_emit(g);
		p = q;
	}
	while (p < end) {
		if (!find(arg, buf, len, (size_t)(p - buf), &hit)) {
			/* No match to the end: only the last record may go on. */
			s = end - 1;
			while (s > p && s[-1] != '\n')
				s--;
			s = group_back_to_start(g, p, s, end);
			if (count_lines)
				g->nextline += group_count_lines(p, s);
			group_feed(g, s, (size_t)(end - s), voff + (uint64_t)(s - buf));
			return;
		}
		hl = buf + hit;
		while (hl > p && hl[-1] != '\n')
			hl--;
		s = group_back_to_start(g, p, hl, end);
		if (count_lines)
			g->nextline += group_count_lines(p, s);
		/* The record runs to the next record start after the hit's line. */
		next = memchr(hl, '\n', (size_t)(end - hl));
		q = next ? next + 1 : end;
		while (q < end && !group_is_start(g, q, end, &next))
			q = next;
		group_feed(g, s, (size_t)(q - s), voff + (uint64_t)(s - buf));
		if (q < end)
			group_emit(g);
		p = q;
	}
}

/*
 * A record start at or after `at` and before `end` (looked for within one
 * megabyte), or 0 when there is none: where a file can be cut in two for
 * parsing in parallel.
 */
uint64_t
group_split_point(int fd, const struct pyfmt *fmt, uint64_t at, uint64_t end)
{
	struct parser	 parser;
	struct fields	 f;
	size_t		 win = 64 * 1024;
	char		*buf = NULL;
	const char	*p, *e, *nl;
	ssize_t		 n;
	uint64_t	 found = 0;

	parser_init(&parser, fmt);
	infer_learn_fd(&parser, fd, end);
	/* 64 KB nearly always holds a record start; else look at 1 MB. */
	for (; found == 0 && win <= 1024 * 1024; win *= 16) {
		buf = xrealloc(buf, win);
		if ((n = pread(fd, buf, win, (off_t)at)) <= 0)
			break;
		e = buf + n;
		p = memchr(buf, '\n', (size_t)n);
		while (p != NULL && ++p < e) {
			nl = memchr(p, '\n', (size_t)(e - p));
			if (nl == NULL)
				break;
			if (parse_line(&parser, p, (size_t)(nl - p) -
			    (nl > p && nl[-1] == '\r'), &f) &&
			    f.format != FORMAT_TEXT) {
				found = at + (uint64_t)(p - buf);
				break;
			}
			p = nl;
		}
		if ((size_t)n < win)
			break;	/* the file ends inside the window */
	}
	free(buf);
	return found < end ? found : 0;
}

/* Offset where the last n records of a file start (reading backwards). */
uint64_t
group_tail_offset(int fd, uint64_t size, uint64_t n, const struct pyfmt *user)
{
	struct parser	 parser;
	struct fields	 f;
	size_t		 block = 64 * 1024, ln;
	char		*buf = NULL;
	uint64_t	 end = size, start, found = 0, pos;
	uint64_t	*run = NULL, plain_pos = 0, lines_after_plain = 0;
	size_t		 nrun = 0, runsize = 0;
	int		 plain = 0;
	const char	*b, *e, *first, *ls, *q, *nl;
	ssize_t		 got;

	if (n == 0)
		return size;
	parser_init(&parser, user);
	infer_learn_fd(&parser, fd, size);	/* a layout the file's head shows */
	/*
	 * Walk blocks backwards; lines are examined last to first. Record
	 * starts are counted. Non-start lines since the last start seen (the
	 * "run") are continuation lines, unless no start exists above them:
	 * then each is a record of its own (plain text, or lines before a
	 * file's first record). A file with no start in the last n lines plus
	 * a window of 10000 lines is taken as plain text.
	 */
	while (end > 0) {
		start = end > block ? end - block : 0;
		buf = xrealloc(buf, (size_t)(end - start));
		got = pread(fd, buf, (size_t)(end - start), (off_t)start);
		if (got != (ssize_t)(end - start))
			break;
		b = buf;
		e = buf + (end - start);
		first = b;
		if (start > 0) {
			nl = memchr(b, '\n', (size_t)(e - b));
			if (nl == NULL || nl + 1 == e) {
				/* The block holds no whole line: a longer one. */
				block *= 2;
				continue;
			}
			first = nl + 1;
		}
		q = e;
		while (q > first) {
			if (q[-1] == '\n')
				q--;
			ls = q;
			while (ls > first && ls[-1] != '\n')
				ls--;
			ln = (size_t)(q - ls);
			if (ln > 0 && ls[ln - 1] == '\r')
				ln--;
			pos = start + (uint64_t)(ls - b);
			if (parse_line(&parser, ls, ln, &f) &&
			    f.format != FORMAT_TEXT) {
				plain = 0;
				nrun = 0;
				if (++found == n)
					goto out;
			} else {
				if (nrun == runsize) {
					runsize = runsize ? runsize * 2 : 64;
					run = xreallocarray(run, runsize, sizeof *run);
				}
				run[nrun++] = pos;
				if (found == 0 && !plain && nrun == n) {
					plain = 1;
					plain_pos = pos;
					lines_after_plain = 0;
				} else if (plain && ++lines_after_plain >= 10000) {
					pos = plain_pos;
					goto out;
				}
			}
			q = ls;
		}
		end = start + (uint64_t)(first - b);
		if (start == 0)
			break;
	}
	/* At the top of the file: the run above the first start are records too. */
	pos = 0;
	if (plain)
		pos = plain_pos;
	else if (found + nrun >= n)
		pos = run[n - found - 1];
out:
	free(run);
	free(buf);
	return pos;
}
