/*
 * fallback.c: the last try of detection, for the layouts of servers and of
 * other languages' loggers that the known layouts in detect.c do not take.
 *
 * A line is read as a header of fields in the order such layouts print
 * them, each optional but the time:
 *
 *   [PID:R ]  TIME  [ZONE]  [[PID]]  [[THREAD or NAME]]  LEVEL  [NAME]  MESSAGE
 *
 * TIME is any form ptime knows, bracketed or not, plus the forms servers
 * and Go/Java loggers use: 2026/11/28 06:39:56 (nginx, Go's log), 28 Nov
 * 2026 06:39:48.513 (redis), a bare time of day 06:42:19.115 or 6:46AM.
 * LEVEL is a level word in any case (level_parse: WARN, ERR, DBG, FTL ...),
 * bare, followed by ':' or in brackets; redis's symbols . - * # after its
 * PID:ROLE prefix; PostgreSQL's LOG (INFO). NAME is the logger: a bracketed
 * name, `(name/pid)`, `name/pid on host:` (bunyan), `name -` before the
 * message, or a bare dotted identifier; a bracketed name before the level
 * counts when none follows it (scrapy), a thread in brackets is skipped.
 *
 * Two more kinds: HTTP access lines (common and combined formats: HOST
 * IDENT USER [date] "REQUEST" STATUS ...) take their level from the status
 * (5xx ERROR, 4xx WARNING, else INFO) and no logger; tornado's
 * `[L yymmdd hh:mm:ss module:line]` header takes its letter.
 *
 * A header whose level is PostgreSQL's DETAIL, HINT, CONTEXT, STATEMENT,
 * QUERY or LOCATION is a continuation of the error before it: 0.
 *
 * Everything is bounded by the line; nothing allocates.
 */
#include "fallback.h"

#include <string.h>

#include "lscan.h"
#include "level.h"
#include "ptime.h"

#define FB_MAXWORD	16

/* Skip blanks. */
static size_t
fb_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	return i;
}

/* k digits at s[i]; -1 when not. */
static int
fb_num(const char *s, size_t n, size_t i, int k)
{
	int	v = 0, j;

	if (i + (size_t)k > n)
		return -1;
	for (j = 0; j < k; j++) {
		if (!LS_DIGIT(s[i + (size_t)j]))
			return -1;
		v = v * 10 + (s[i + (size_t)j] - '0');
	}
	return v;
}

/* HH:MM[:SS[.,frac]] at i (1-2 digit hour); end, or 0. *ms since midnight. */
static size_t
fb_clock(const char *s, size_t n, size_t i, int64_t *ms)
{
	int	h, m, sec = 0, frac = 0, k = 0;

	if ((h = fb_num(s, n, i, 2)) >= 0)
		i += 2;
	else if ((h = fb_num(s, n, i, 1)) >= 0)
		i += 1;
	else
		return 0;
	if (i >= n || s[i] != ':' || (m = fb_num(s, n, i + 1, 2)) < 0)
		return 0;
	i += 3;
	if (i < n && s[i] == ':' && (sec = fb_num(s, n, i + 1, 2)) >= 0) {
		i += 3;
		if (i < n && (s[i] == '.' || s[i] == ',') && i + 1 < n &&
		    LS_DIGIT(s[i + 1])) {
			for (i++; i < n && LS_DIGIT(s[i]); i++, k++)
				if (k < 3)
					frac = frac * 10 + (s[i] - '0');
			for (; k < 3; k++)
				frac *= 10;
		}
	} else
		sec = 0;
	if (i + 1 < n && (s[i] == 'A' || s[i] == 'P') && s[i + 1] == 'M') {
		if (h > 12)
			return 0;
		h = h % 12 + (s[i] == 'P' ? 12 : 0);
		i += 2;
	}
	if (h > 23 || m > 59 || sec > 60)
		return 0;
	*ms = ((int64_t)h * 3600 + m * 60 + sec) * 1000 + frac;
	return i;
}

/* Month number of a three-letter English name, or 0. */
static int
fb_month(const char *s, size_t n, size_t i)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	int		  k;

	if (i + 3 > n)
		return 0;
	for (k = 0; k < 12; k++)
		if (memcmp(s + i, months + 3 * k, 3) == 0)
			return k + 1;
	return 0;
}

/* The time forms ptime does not read; end, or 0. */
static size_t
fb_time_extra(const char *s, size_t n, size_t i, int64_t *ms)
{
	int	y, mo, d;
	int64_t	clk;
	size_t	e;

	/* YYYY/MM/DD HH:MM:SS (nginx, Go's log package). */
	if ((y = fb_num(s, n, i, 4)) >= 0 && i + 10 < n && s[i + 4] == '/' &&
	    (mo = fb_num(s, n, i + 5, 2)) >= 1 && s[i + 7] == '/' &&
	    (d = fb_num(s, n, i + 8, 2)) >= 1 && s[i + 10] == ' ' &&
	    (e = fb_clock(s, n, i + 11, &clk)) != 0) {
		*ms = ptime_make(y, mo, d, 0, 0, 0, 0) + clk;
		return e;
	}
	/* DD Mon YYYY HH:MM:SS.mmm (redis). */
	if ((d = fb_num(s, n, i, 2)) >= 1 && i + 12 < n && s[i + 2] == ' ' &&
	    (mo = fb_month(s, n, i + 3)) != 0 && s[i + 6] == ' ' &&
	    (y = fb_num(s, n, i + 7, 4)) >= 0 && s[i + 11] == ' ' &&
	    (e = fb_clock(s, n, i + 12, &clk)) != 0) {
		*ms = ptime_make(y, mo, d, 0, 0, 0, 0) + clk;
		return e;
	}
	/* A time of day alone: no date, so no time for ordering. */
	if ((e = fb_clock(s, n, i, &clk)) != 0 && (e == n || s[e] == ' ' ||
	    s[e] == ']')) {
		*ms = TIME_UNKNOWN;
		return e;
	}
	return 0;
}

/* A timestamp at i, bracketed or not; end (past ']'), or 0. */
static size_t
fb_time(struct parser *p, const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	e, start = i;
	int	br = i < n && s[i] == '[';
	int64_t	ms = TIME_UNKNOWN;

	if (br)
		i++;
	if ((e = ptime_any(s + i, n - i, p->year, &ms)) != 0)
		e += i;
	else if ((e = fb_time_extra(s, n, i, &ms)) == 0)
		return 0;
	if (br) {
		if (e >= n || s[e] != ']')
			return 0;
		e++;
	}
	if (e < n && s[e] != ' ' && s[e] != '\t')
		return 0;
	f->time = ms;
	f->time_span.off = (uint32_t)start;
	f->time_span.len = (uint32_t)(e - start);
	return e;
}

/* A level word s[i..e) (PostgreSQL's LOG included); -1, or -2 for its follow-ups. */
static int
fb_level_word(const char *s, size_t i, size_t e)
{
	static const char *const follow[] = { "DETAIL", "HINT", "CONTEXT",
	    "STATEMENT", "QUERY", "LOCATION" };
	size_t		 k, len = e - i;

	if (len == 0 || len > FB_MAXWORD)
		return -1;
	for (k = 0; k < sizeof follow / sizeof follow[0]; k++)
		if (strlen(follow[k]) == len && memcmp(s + i, follow[k], len) == 0)
			return -2;
	if (len == 3 && memcmp(s + i, "LOG", 3) == 0)
		return LEVEL_INFO;
	if (len == 3 && memcmp(s + i, "TRC", 3) == 0)
		return LEVEL_TRACE;
	if (len == 4 && memcmp(s + i, "http", 4) == 0)
		return LEVEL_INFO;	/* npm's level between info and verbose */
	return level_parse(s + i, len);
}

/* Is s[i..e) a plausible logger name (letters, digits, . _ - : $ /)? */
static int
fb_name(const char *s, size_t i, size_t e, int need_dot)
{
	size_t	k;
	int	dot = 0, alpha = 0;

	if (e <= i || e - i > 200)
		return 0;
	for (k = i; k < e; k++) {
		unsigned char	c = (unsigned char)s[k];

		if (LS_ALPHA(c))
			alpha = 1;
		else if (c == '.')
			dot = 1;
		else if (!LS_DIGIT(c) && c != '_' && c != '-' && c != ':' &&
		    c != '$' && c != '/')
			return 0;
	}
	return alpha && (dot || !need_dot) && s[i] != '.' && s[e - 1] != '.';
}

/* The logger after the level at i; returns where the message starts. */
static size_t
fb_logger_after(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	e, k;

	i = fb_blanks(s, n, i);
	if (i < n && (s[i] == '[' || s[i] == '(')) {
		char	close = s[i] == '[' ? ']' : ')';

		for (e = i + 1; e < n && s[e] != close && s[e] != ' '; e++)
			;
		if (e >= n || s[e] != close)
			return i;
		k = e;
		if (close == ')' && (k = (size_t)((const char *)
		    memchr(s + i, '/', e - i) - s)) > e)
			k = e;	/* (name/pid): the name */
		if (close == ')' && memchr(s + i, '/', e - i) == NULL)
			k = e;
		if (fb_name(s, i + 1, k, 0))
			ls_span(&f->logger, i + 1, k - i - 1);
		e++;
		if (e < n && s[e] == ':')
			e++;
		return fb_blanks(s, n, e);
	}
	e = ls_token(s, n, i);
	/* bunyan: name/pid on host: */
	k = i;
	while (k < e && s[k] != '/')
		k++;
	if (k < e && fb_name(s, i, k, 0) && e + 4 < n &&
	    memcmp(s + e, " on ", 4) == 0) {
		ls_span(&f->logger, i, k - i);
		e = ls_token(s, n, e + 4);
		return fb_blanks(s, n, e);
	}
	/* name - message */
	if (fb_name(s, i, e, 0) && e + 2 < n && s[e + 1] == '-' &&
	    s[e + 2] == ' ' && e > i) {
		ls_span(&f->logger, i, e - i);
		return fb_blanks(s, n, e + 2);
	}
	/* a bare dotted name, not a caller (file.go:20, pkg/file.py:7) */
	if (fb_name(s, i, e, 1) && memchr(s + i, '/', e - i) == NULL &&
	    !(e > i && LS_DIGIT(s[e - 1]) && memchr(s + i, ':', e - i))) {
		ls_span(&f->logger, i, e - i);
		return fb_blanks(s, n, e);
	}
	return i;
}

/* HOST IDENT USER [date] "REQUEST" STATUS: an HTTP access line. */
static int
fb_access(const char *s, size_t n, struct fields *f)
{
	size_t	i = 0, e;
	int	k, status;
	int64_t	ms;

	for (k = 0; k < 3; k++) {
		e = ls_token(s, n, i);
		if (e == i || e >= n)
			return 0;
		i = e + 1;
	}
	if (i >= n || s[i] != '[' || (e = ptime_clf(s + i + 1, n - i - 1,
	    &ms)) == 0 || i + 1 + e >= n || s[i + 1 + e] != ']')
		return 0;
	f->time = ms;
	ls_span(&f->time_span, i, e + 2);
	i += e + 2;
	if (i + 1 >= n || s[i] != ' ' || s[i + 1] != '"')
		return 0;
	for (e = i + 2; e < n && s[e] != '"'; e++)
		if (s[e] == '\\' && e + 1 < n)
			e++;
	if (e + 5 > n || s[e + 1] != ' ' || (status = fb_num(s, n, e + 2, 3)) < 0)
		return 0;
	f->level = status >= 500 ? LEVEL_ERROR : status >= 400 ?
	    LEVEL_WARNING : LEVEL_INFO;
	ls_span(&f->level_span, e + 2, 3);
	ls_span(&f->message, i + 1, n - i - 1);
	f->format = FORMAT_ACCESS;
	return 1;
}

/* tornado: [L yymmdd hh:mm:ss module:line] message */
static int
fb_tornado(const char *s, size_t n, struct fields *f)
{
	size_t	e, c;
	int	l, y, mo, d;
	int64_t	clk;

	if (n < 20 || s[0] != '[' || s[2] != ' ' ||
	    (l = s[1] == 'C' ? LEVEL_CRITICAL : level_from_letter(s[1])) < 0 ||
	    (y = fb_num(s, n, 3, 2)) < 0 ||
	    (mo = fb_num(s, n, 5, 2)) < 1 || (d = fb_num(s, n, 7, 2)) < 1 ||
	    s[9] != ' ' || (e = fb_clock(s, n, 10, &clk)) == 0 || s[e] != ' ')
		return 0;
	f->time = ptime_make(2000 + y, mo, d, 0, 0, 0, 0) + clk;
	ls_span(&f->time_span, 3, e - 3);
	f->level = (uint8_t)l;
	ls_span(&f->level_span, 1, 1);
	c = e + 1;
	for (e = c; e < n && s[e] != ']' && s[e] != ' '; e++)
		;
	if (e >= n || s[e] != ']')
		return 0;
	{
		const char	*colon = memchr(s + c, ':', e - c);
		size_t		 ne = colon != NULL ? (size_t)(colon - s) : e;

		if (fb_name(s, c, ne, 0))
			ls_span(&f->logger, c, ne - c);
	}
	ls_span(&f->message, fb_blanks(s, n, e + 1), n - fb_blanks(s, n, e + 1));
	f->format = FORMAT_GENERIC;
	return 1;
}

/* The level token at i (bare, `LEVEL:` or `[LEVEL]`); its end, or 0. */
static size_t
fb_level(const char *s, size_t n, size_t i, int redis, struct fields *f,
    int *l)
{
	size_t	e, w;

	if (redis && i + 1 < n && memchr(".-*#", s[i], 4) != NULL &&
	    s[i + 1] == ' ') {
		*l = s[i] == '.' ? LEVEL_DEBUG : s[i] == '-' ? LEVEL_INFO :
		    s[i] == '*' ? LEVEL_NOTICE : LEVEL_WARNING;
		ls_span(&f->level_span, i, 1);
		return i + 1;
	}
	if (i < n && s[i] == '[') {
		for (e = i + 1; e < n && s[e] != ']' && e - i <= FB_MAXWORD; e++)
			;
		if (e >= n || s[e] != ']' || (*l = fb_level_word(s, i + 1,
		    ls_token(s, e, i + 1))) == -1)
			return 0;
		ls_span(&f->level_span, i + 1, e - i - 1);
		return e + 1;
	}
	e = ls_token(s, n, i);
	w = e;
	if (w > i && s[w - 1] == ':')
		w--;
	if ((*l = fb_level_word(s, i, w)) == -1)
		return 0;
	ls_span(&f->level_span, i, w - i);
	return e;
}

/* Try the header layout; 1 record start, 0 not one, -1 a follow-up line. */
int
fallback_line(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	i = 0, e, pre = 0, prelen = 0;
	int	redis = 0, l, tries;

	/*
	 * Every header starts with a digit or '[' (a host name may start an
	 * access line): the continuation lines that reach here (tracebacks,
	 * indented dumps) are turned away at their first byte.
	 */
	if (n == 0 || s[0] == ' ' || s[0] == '\t')
		return 0;
	if (!LS_DIGIT(s[0]) && s[0] != '[')
		return memchr(s, '[', n < 256 ? n : 256) != NULL &&
		    fb_access(s, n, f);
	if (fb_access(s, n, f) || fb_tornado(s, n, f))
		return 1;
	fields_clear(f);
	/* redis: PID:R before the time */
	for (e = 0; e < n && e < 10 && LS_DIGIT(s[e]); e++)
		;
	if (e > 0 && e + 3 < n && s[e] == ':' && LS_ALPHA(s[e + 1]) &&
	    s[e + 2] == ' ') {
		redis = 1;
		i = e + 3;
	} else if (e > 0 && n - e > 16 &&
	    memcmp(s + e, ":signal-handler (", 17) == 0) {
		ls_span(&f->message, e + 1, n - e - 1);	/* redis, no level */
		f->format = FORMAT_GENERIC;
		return 1;
	}
	if ((i = fb_time(p, s, n, i, f)) == 0)
		return 0;
	i = fb_blanks(s, n, i);
	/* A zone word, a [pid], a [thread] or [name]: up to three. */
	for (tries = 0; tries < 3 && i < n; tries++) {
		e = ls_token(s, n, i);
		if ((e - i == 3 && memcmp(s + i, "UTC", 3) == 0) ||
		    (e - i == 5 && (s[i] == '+' || s[i] == '-') &&
		    fb_num(s, n, i + 1, 4) >= 0)) {
			i = fb_blanks(s, n, e);
			continue;
		}
		if (s[i] == '[' && fb_level(s, n, i, 0, f, &l) == 0) {
			for (e = i + 1; e < n && s[e] != ']'; e++)
				;
			if (e >= n)
				break;
			if (fb_name(s, i + 1, e, 0)) {
				pre = i + 1;
				prelen = e - i - 1;
			}
			i = fb_blanks(s, n, e + 1);
			continue;
		}
		break;
	}
	if ((e = fb_level(s, n, i, redis, f, &l)) == 0) {
		if (f->time == TIME_UNKNOWN || redis)
			return 0;
		/* A dated line without a level (Go's log.Printf): a record. */
		ls_span(&f->message, i, n > i ? n - i : 0);
		f->format = FORMAT_GENERIC;
		return 1;
	}
	if (l == -2)
		return -1;		/* PostgreSQL DETAIL & co: continuation */
	if (f->level_span.len == 4 && prelen == 0 &&
	    memcmp(s + f->level_span.off, "http", 4) == 0) {
		/* npm's http level only after a [label]: Go says "http: panic". */
		f->level_span.len = 0;
		ls_span(&f->message, i, n > i ? n - i : 0);
		f->format = FORMAT_GENERIC;
		return 1;
	}
	f->level = (uint8_t)l;
	i = fb_logger_after(s, n, e, f);
	if (f->logger.len == 0 && prelen > 0 && pre + prelen < n) {
		/* [name] LEVEL: (scrapy, winston's label) */
		ls_span(&f->logger, pre, prelen);
	}
	ls_span(&f->message, i, n > i ? n - i : 0);
	f->format = FORMAT_GENERIC;
	return 1;
}
