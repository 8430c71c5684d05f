/*
 * xtime.c: more timestamp forms, for the layouts of servers and of Node,
 * Java and Go loggers (ptime.c keeps the ISO / syslog / CLF family).
 *
 * Hand-written scanners over an explicit length, as in ptime.c: no
 * sscanf, no locale, no allocation, nothing read past n. Every form is
 * checked strictly (separators, ranges, a digit may not follow) so that a
 * number at the start of a continuation line is not taken for a time.
 */
#include "xtime.h"

#include "ptime.h"

#define XT_DIGIT(c)	((unsigned)((unsigned char)(c) - '0') < 10u)

/* Exactly k digits at s[*i] as a number, moving *i; -1 if not there. */
static int
xt_num(const char *s, size_t n, size_t *i, int k)
{
	int	v = 0;

	if (*i + (size_t)k > n)
		return -1;
	while (k-- > 0) {
		if (!XT_DIGIT(s[*i]))
			return -1;
		v = v * 10 + (s[(*i)++] - '0');
	}
	return v;
}

/* One or two digits at s[*i] (an hour or day written without padding). */
static int
xt_num12(const char *s, size_t n, size_t *i)
{
	if (*i + 1 < n && XT_DIGIT(s[*i]) && XT_DIGIT(s[*i + 1]))
		return xt_num(s, n, i, 2);
	return xt_num(s, n, i, 1);
}

/* Month from a three-letter English abbreviation (any case); 0 if none. */
static int
xt_month(const char *s, size_t n, size_t i)
{
	static const char names[] = "janfebmaraprmayjunjulaugsepoctnovdec";
	int	m;

	if (i + 3 > n)
		return 0;
	for (m = 0; m < 12; m++)
		if (names[m * 3] == (s[i] | 0x20) &&
		    names[m * 3 + 1] == (s[i + 1] | 0x20) &&
		    names[m * 3 + 2] == (s[i + 2] | 0x20))
			return m + 1;
	return 0;
}

/*
 * "h:mm:ss" (hour of one or two digits) and an optional [.,]fraction at
 * s[*i]: ms since midnight, moving *i; -1 if not there.
 */
static int64_t
xt_clock(const char *s, size_t n, size_t *i)
{
	size_t	j = *i;
	int	h, m, sec, ms = 0, k = 0;

	if ((h = xt_num12(s, n, &j)) < 0 || h > 24 || j >= n || s[j++] != ':' ||
	    (m = xt_num(s, n, &j, 2)) < 0 || m > 59 || j >= n ||
	    s[j++] != ':' || (sec = xt_num(s, n, &j, 2)) < 0 || sec > 60)
		return -1;
	if (j + 1 < n && (s[j] == '.' || s[j] == ',') && XT_DIGIT(s[j + 1])) {
		for (j++; j < n && XT_DIGIT(s[j]); j++)
			if (k < 3) {
				ms = ms * 10 + (s[j] - '0');
				k++;
			}
		while (k++ < 3)
			ms *= 10;
	}
	if (j < n && XT_DIGIT(s[j]))
		return -1;
	*i = j;
	return ((int64_t)h * 3600 + m * 60 + sec) * 1000 + ms;
}

/* A civil date plus ms since midnight, if the date is valid. */
static int
xt_date(int y, int mo, int d, int64_t tod, int64_t *ms)
{
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return 0;
	*ms = ptime_make(y, mo, d, 0, 0, 0, 0) + tod;
	return 1;
}

/* "2026/11/28 06:46:34[.123456]". */
size_t
xtime_slash(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d;
	int64_t	tod;

	if ((y = xt_num(s, n, &i, 4)) < 0 || i >= n || s[i++] != '/' ||
	    (mo = xt_num(s, n, &i, 2)) < 0 || i >= n || s[i++] != '/' ||
	    (d = xt_num(s, n, &i, 2)) < 0 || i >= n || s[i++] != ' ' ||
	    (tod = xt_clock(s, n, &i)) < 0 || !xt_date(y, mo, d, tod, ms))
		return 0;
	return i;
}

/* "2026-11-28  6:39:38": ISO date, the hour padded with a blank (MariaDB). */
size_t
xtime_iso_padded(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d;
	int64_t	tod;

	if ((y = xt_num(s, n, &i, 4)) < 0 || i >= n || s[i++] != '-' ||
	    (mo = xt_num(s, n, &i, 2)) < 0 || i >= n || s[i++] != '-' ||
	    (d = xt_num(s, n, &i, 2)) < 0 || i + 2 >= n || s[i++] != ' ')
		return 0;
	if (s[i] == ' ')
		i++;
	if ((tod = xt_clock(s, n, &i)) < 0 || !xt_date(y, mo, d, tod, ms))
		return 0;
	return i;
}

/* "28 Nov 2026 06:39:48.513". */
size_t
xtime_dmy(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d;
	int64_t	tod;

	if ((d = xt_num12(s, n, &i)) < 0 || i >= n || s[i++] != ' ' ||
	    (mo = xt_month(s, n, i)) == 0 || i + 3 >= n || s[i + 3] != ' ')
		return 0;
	i += 4;
	if ((y = xt_num(s, n, &i, 4)) < 0 || i >= n || s[i++] != ' ' ||
	    (tod = xt_clock(s, n, &i)) < 0 || !xt_date(y, mo, d, tod, ms))
		return 0;
	return i;
}

/* "28-Nov-2026 06:42:21.123". */
size_t
xtime_dmy_dash(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d;
	int64_t	tod;

	if ((d = xt_num(s, n, &i, 2)) < 0 || i >= n || s[i++] != '-' ||
	    (mo = xt_month(s, n, i)) == 0 || i + 3 >= n || s[i + 3] != '-')
		return 0;
	i += 4;
	if ((y = xt_num(s, n, &i, 4)) < 0 || i >= n || s[i++] != ' ' ||
	    (tod = xt_clock(s, n, &i)) < 0 || !xt_date(y, mo, d, tod, ms))
		return 0;
	return i;
}

/* "Nov 28, 2026 6:42:21 AM" (12-hour clock). */
size_t
xtime_jul(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 4;
	int	y, mo, d, pm;
	int64_t	tod;

	if (n < 22 || (mo = xt_month(s, n, 0)) == 0 || s[3] != ' ' ||
	    (d = xt_num12(s, n, &i)) < 0 || i + 2 > n || s[i] != ',' ||
	    s[i + 1] != ' ')
		return 0;
	i += 2;
	if ((y = xt_num(s, n, &i, 4)) < 0 || i >= n || s[i++] != ' ' ||
	    (tod = xt_clock(s, n, &i)) < 0 || i + 3 > n || s[i] != ' ' ||
	    (s[i + 2] != 'M' && s[i + 2] != 'm'))
		return 0;
	pm = (s[i + 1] | 0x20) == 'p';
	if (!pm && (s[i + 1] | 0x20) != 'a')
		return 0;
	if (tod >= 12 * 3600000)
		tod -= 12 * 3600000;	/* 12:xx AM is 0:xx */
	if (pm)
		tod += 12 * 3600000;
	if (!xt_date(y, mo, d, tod, ms))
		return 0;
	return i + 3;
}

/* "261128 06:43:30". */
size_t
xtime_yymmdd(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	y, mo, d;
	int64_t	tod;

	if ((y = xt_num(s, n, &i, 2)) < 0 || (mo = xt_num(s, n, &i, 2)) < 0 ||
	    (d = xt_num(s, n, &i, 2)) < 0 || i >= n || s[i++] != ' ' ||
	    (tod = xt_clock(s, n, &i)) < 0 || !xt_date(2000 + y, mo, d, tod, ms))
		return 0;
	return i;
}

/* "06:42:19.115": ms since midnight. */
size_t
xtime_hms(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int64_t	tod;

	if ((tod = xt_clock(s, n, &i)) < 0)
		return 0;
	*ms = tod;
	return i;
}

/* "6:46AM": ms since midnight. */
size_t
xtime_kitchen(const char *s, size_t n, int64_t *ms)
{
	size_t	i = 0;
	int	h, m;

	if ((h = xt_num12(s, n, &i)) < 1 || h > 12 || i >= n || s[i++] != ':' ||
	    (m = xt_num(s, n, &i, 2)) < 0 || m > 59 || i + 2 > n ||
	    (s[i] != 'A' && s[i] != 'P') || s[i + 1] != 'M')
		return 0;
	*ms = ((int64_t)(h % 12 + (s[i] == 'P' ? 12 : 0)) * 60 + m) * 60000;
	return i + 2;
}
