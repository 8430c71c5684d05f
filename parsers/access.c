/*
 * access.c: the lines a web server writes.
 *
 * Access lines print no level; the one users expect is the status's
 * (5xx ERROR, 4xx WARNING, else INFO), the same for every access-log
 * layout (nginx and Apache combined, morgan, werkzeug). Error logs print
 * their level in brackets. All matchers read only [0, n), never allocate,
 * and check enough structure (a CLF time, a quoted request, three status
 * digits) that a message mentioning a request is not taken for one.
 */
#include <string.h>

#include "access.h"
#include "level.h"
#include "levels.h"
#include "lscan.h"
#include "ptime.h"

/* Level of a 3-digit HTTP status at s. */
int
access_status_level(const char *s, size_t n)
{
	if (n < 3 || !LS_DIGIT(s[0]) || !LS_DIGIT(s[1]) || !LS_DIGIT(s[2]) ||
	    s[0] < '1' || (n > 3 && s[3] != ' '))
		return -1;
	if (s[0] >= '5')
		return LEVEL_ERROR;
	if (s[0] == '4')
		return LEVEL_WARNING;
	return LEVEL_INFO;
}

/* End of a quoted string starting at the quote at i (backslash escapes); n if open. */
static size_t
access_quote_end(const char *s, size_t n, size_t i)
{
	for (i++; i < n; i++) {
		if (s[i] == '\\')
			i++;
		else if (s[i] == '"')
			return i;
	}
	return n;
}

/* The client fields before the time: one to four tokens without brackets or quotes. */
static size_t
access_client(const char *s, size_t n)
{
	size_t	i = 0, e;
	int	tok;

	for (tok = 0; tok < 5 && i < n; tok++) {
		if (s[i] == '[')
			return tok >= 1 ? i : 0;	/* aiohttp: "%a %t" */
		e = i;
		while (e < n && s[e] != ' ' && s[e] != '[' && s[e] != '"')
			e++;
		if (e == i || e >= n || s[e] != ' ')
			return 0;
		i = e + 1;
	}
	return 0;
}

/* An HTTP access line. */
int
access_line(const char *s, size_t n, struct fields *f)
{
	size_t	b, k, q, e;
	int64_t	t;
	int	l;

	if ((b = access_client(s, n)) == 0 || b + 2 >= n)
		return 0;
	if ((k = ptime_clf(s + b + 1, n - b - 1, &t)) == 0)
		return 0;
	e = b + 1 + k;
	if (!ls_lit(s, n, e, "] \"", 3))
		return 0;
	q = access_quote_end(s, n, e + 2);
	if (q + 1 >= n || s[q + 1] != ' ' ||
	    (l = access_status_level(s + q + 2, n - q - 2)) < 0)
		return 0;
	f->time = t;
	ls_span(&f->time_span, b + 1, k);
	ls_level(f, l, q + 2, q + 5);
	f->format = FORMAT_ACCESS;
	ls_msg(f, n, e + 2);
	return 1;
}

/* nginx error log tail: " [level] pid#tid: [*cid ]msg". */
int
access_nginx_tail(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	w = i + 2, le, e, k;
	int	l;

	if (!ls_lit(s, n, i, " [", 2))
		return 0;
	e = le = ls_word(s, n, w);
	if (e >= n || s[e] != ']' || (l = levels_word(s + w, e - w)) < 0 ||
	    !LS_LOWER(s[w]) || !ls_lit(s, n, e, "] ", 2))
		return 0;
	k = ls_digits(s, n, e + 2);
	if (k == e + 2 || k >= n || s[k] != '#')
		return 0;
	k = ls_digits(s, n, k + 1);
	if (!ls_lit(s, n, k, ": ", 2))
		return 0;
	k += 2;
	if (k < n && s[k] == '*') {
		e = ls_digits(s, n, k + 1);
		if (e > k + 1 && e < n && s[e] == ' ')
			k = e + 1;
	}
	ls_level(f, l, w, le);
	f->format = FORMAT_SERVER;
	ls_msg(f, n, k);
	return 1;
}

/* "Sat Nov 28 06:39:56[.123456] 2026" after the '[': its length, time in *ms; 0 if not. */
static size_t
access_ctime(const char *s, size_t n, int64_t *ms)
{
	size_t	k, y;
	int	year = 0;

	if (n < 24 || !LS_UPPER(s[0]) || !LS_LOWER(s[1]) || !LS_LOWER(s[2]) ||
	    s[3] != ' ' || (k = ptime_syslog(s + 4, n - 4, 1970, ms)) == 0)
		return 0;
	k += 4;
	if (k + 5 > n || s[k] != ' ')
		return 0;
	for (y = k + 1; y < k + 5; y++) {
		if (!LS_DIGIT(s[y]))
			return 0;
		year = year * 10 + (s[y] - '0');
	}
	if (ptime_syslog(s + 4, n - 4, year, ms) == 0)
		return 0;
	return y;
}

/* Apache error log. */
int
access_apache_error(const char *s, size_t n, struct fields *f)
{
	size_t	k, w, c, e;
	int64_t	t;
	int	l;

	if ((k = access_ctime(s + 1, n - 1, &t)) == 0 ||
	    !ls_lit(s, n, k + 1, "] [", 3))
		return 0;
	w = k + 4;
	e = w;
	while (e < n && s[e] != ']' && s[e] != ' ')
		e++;
	if (e >= n || s[e] != ']')
		return 0;
	c = w;
	while (c < e && s[c] != ':')
		c++;
	/* [module:level] (2.4) or [level] (2.2) */
	if ((l = levels_word(s + (c < e ? c + 1 : w), e - (c < e ? c + 1 : w))) < 0)
		return 0;
	f->time = t;
	ls_span(&f->time_span, 1, k);
	if (c < e) {
		ls_level(f, l, c + 1, e);
		ls_span(&f->logger, w, c - w);
	} else
		ls_level(f, l, w, e);
	f->format = FORMAT_SERVER;
	k = ls_blanks(s, n, e + 1);
	/* [pid N:tid M] [client a:p] */
	while (k < n && s[k] == '[' && (e = ls_find(s, n, k, ']')) < n)
		k = ls_blanks(s, n, e + 1);
	ls_msg(f, n, k);
	return 1;
}
