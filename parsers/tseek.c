/*
 * tseek.c: bisection over a log file by record time (--since).
 *
 * A probe at byte p reads a window from p, skips to the next line start
 * (unless p is 0), and takes the first line that parses as a record start
 * with a time: its offset and time. On a file in time order the probes'
 * times never decrease as p grows, so a bisection keeps lo (a probe whose
 * time is < since, or the file start) and hi (a probe whose time is >=
 * since, or the end) and narrows them until they are one window apart;
 * lo's record start is then at or before the first record >= since, and
 * the caller reads on from there, filtering by time as usual (records
 * without a time take the one before them, so a traceback stays with its
 * record). Every probe's time is checked against lo's and hi's: a probe
 * out of that order means the file is not in time order, and the caller
 * must scan it whole (-1).
 */
#include "tseek.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "parse.h"
#include "record.h"

#define TSEEK_WINDOW	(64 * 1024)
#define TSEEK_MAXWIN	(4 * 1024 * 1024)

/* One probe: the first timed record start at or after p (a line start after p when p > 0). */
static int
tseek_probe(int fd, uint64_t size, const struct pyfmt *fmt, uint64_t p,
    uint64_t *at, int64_t *t)
{
	struct parser	 parser;
	struct fields	 f;
	size_t		 win;
	char		*buf = NULL;
	const char	*s, *e, *nl;
	ssize_t		 n;
	int		 found = 0;

	parser_init(&parser, fmt);
	for (win = TSEEK_WINDOW; !found && win <= TSEEK_MAXWIN; win *= 4) {
		buf = xrealloc(buf, win);
		do
			n = pread(fd, buf, win, (off_t)p);
		while (n == -1 && errno == EINTR);
		if (n <= 0)
			break;
		if (p + (uint64_t)n > size)
			n = (ssize_t)(size - p);
		e = buf + n;
		s = buf;
		if (p > 0 && (s = memchr(buf, '\n', (size_t)n)) != NULL)
			s++;
		while (s != NULL && s < e) {
			if ((nl = memchr(s, '\n', (size_t)(e - s))) == NULL)
				break;	/* a cut line: look again with more */
			if (parse_line(&parser, s, (size_t)(nl - s) -
			    (nl > s && nl[-1] == '\r'), &f) &&
			    f.time != TIME_UNKNOWN) {
				*at = p + (uint64_t)(s - buf);
				*t = f.time;
				found = 1;
				break;
			}
			s = nl + 1;
		}
		if ((size_t)n < win)
			break;		/* the file ends inside the window */
	}
	free(buf);
	return found ? 0 : -1;
}

/* Bisection for the start of `since`. */
int
tseek_since(int fd, uint64_t size, const struct pyfmt *fmt, int64_t since,
    uint64_t *off)
{
	uint64_t	lo = 0, hi = size, mid, at, lo_at = 0;
	int64_t		t, lo_t = TIME_UNKNOWN, hi_t = TIME_UNKNOWN;

	*off = 0;
	if (tseek_probe(fd, size, fmt, 0, &at, &t) == -1)
		return -1;		/* no timed record near the start */
	if (t >= since)
		return 0;
	lo_t = t;
	lo_at = at;
	while (hi - lo > TSEEK_WINDOW) {
		mid = lo + (hi - lo) / 2;
		if (tseek_probe(fd, size, fmt, mid, &at, &t) == -1 ||
		    at >= hi) {
			hi = mid;	/* nothing timed in [mid, hi): look lower */
			continue;
		}
		if (t < lo_t || (hi_t != TIME_UNKNOWN && t > hi_t))
			return -1;	/* out of order: scan instead */
		if (t < since) {
			lo = mid;
			lo_t = t;
			lo_at = at;
		} else {
			hi = mid;
			hi_t = t;
		}
	}
	*off = lo_at;
	return 0;
}

/* The newest record time near the end of a file. */
int
tseek_last(int fd, uint64_t size, const struct pyfmt *fmt, int64_t *t)
{
	struct parser	 parser;
	struct fields	 f;
	uint64_t	 back, from;
	char		*buf = NULL;
	const char	*s, *e, *nl;
	ssize_t		 n;
	int		 found = 0;

	parser_init(&parser, fmt);
	for (back = TSEEK_WINDOW; !found && back <= TSEEK_MAXWIN; back *= 4) {
		from = size > back ? size - back : 0;
		buf = xrealloc(buf, (size_t)(size - from));
		do
			n = pread(fd, buf, (size_t)(size - from), (off_t)from);
		while (n == -1 && errno == EINTR);
		if (n <= 0)
			break;
		e = buf + n;
		s = buf;
		if (from > 0 && (s = memchr(buf, '\n', (size_t)n)) != NULL)
			s++;
		while (s != NULL && s < e) {
			nl = memchr(s, '\n', (size_t)(e - s));
			if (parse_line(&parser, s, (size_t)((nl ? nl : e) - s) -
			    ((nl ? nl : e) > s && (nl ? nl : e)[-1] == '\r'), &f) &&
			    f.time != TIME_UNKNOWN) {
				*t = f.time;
				found = 1;
			}
			s = nl != NULL ? nl + 1 : NULL;
		}
		if (from == 0)
			break;
	}
	free(buf);
	return found ? 0 : -1;
}
