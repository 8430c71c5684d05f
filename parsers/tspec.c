/*
 * tspec.c: the times a user types, as journalctl and lnav accept them.
 *
 * Record times are kept as written in the log: a naive local time read as
 * if it were UTC (ptime.h). A typed time lives on the same scale, so
 * "14:05" matches a record that says 14:05. Relative times ("-1h") are
 * taken against the local wall clock on that scale (UTC now plus this
 * machine's offset), and a typed zone ("Z", "+01:00") is converted to the
 * local naive scale the same way. A time of day takes the day of the
 * newest record of the sources, so "14:05" means 14:05 of the log's day
 * even when the log is from last week.
 */
#include "tspec.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "core/xmalloc.h"
#include "ptime.h"
#include "record.h"

#define TSPEC_DAY_MS	(24 * 3600 * 1000LL)

/* Read exactly k digits at s[*i]; -1 when they are not there. */
static int
tspec_num(const char *s, size_t *i, int k)
{
	int	v = 0, j;

	for (j = 0; j < k; j++) {
		if (s[*i + (size_t)j] < '0' || s[*i + (size_t)j] > '9')
			return -1;
		v = v * 10 + (s[*i + (size_t)j] - '0');
	}
	*i += (size_t)k;
	return v;
}

/* This machine's UTC offset in ms at time t (seconds since the epoch). */
static int64_t
tspec_gmtoff(time_t t)
{
	struct tm	tm;

	if (localtime_r(&t, &tm) == NULL)
		return 0;
	return (int64_t)tm.tm_gmtoff * 1000;
}

/* Local wall-clock now, on the naive scale. */
int64_t
tspec_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000 +
	    tspec_gmtoff(ts.tv_sec);
}

/* HH:MM[:SS[.mmm]] at s[*i] into ms since midnight; -1 when malformed. */
static int64_t
tspec_clock(const char *s, size_t *i)
{
	int	h, m, sec = 0, ms = 0, k;

	if ((h = tspec_num(s, i, 2)) < 0 || s[*i] != ':')
		return -1;
	(*i)++;
	if ((m = tspec_num(s, i, 2)) < 0)
		return -1;
	if (s[*i] == ':') {
		(*i)++;
		if ((sec = tspec_num(s, i, 2)) < 0)
			return -1;
		if (s[*i] == '.' || s[*i] == ',') {
			(*i)++;
			for (k = 0; k < 3 && s[*i] >= '0' && s[*i] <= '9'; k++)
				ms = ms * 10 + (s[(*i)++] - '0');
			if (k == 0)
				return -1;
			for (; k < 3; k++)
				ms *= 10;
			while (s[*i] >= '0' && s[*i] <= '9')
				(*i)++;		/* finer than ms: dropped */
		}
	}
	if (h > 23 || m > 59 || sec > 60)
		return -1;
	return ((int64_t)h * 3600 + m * 60 + sec) * 1000 + ms;
}

/* A zone at s[*i] (Z, +HH:MM, +HHMM, +HH) into *off ms; 0 when none, -1 bad. */
static int
tspec_zone(const char *s, size_t *i, int64_t *off, int *has)
{
	int	sign, h, m = 0;

	*has = 0;
	if (s[*i] == 'Z' || s[*i] == 'z') {
		(*i)++;
		*off = 0;
		*has = 1;
		return 0;
	}
	if (s[*i] != '+' && s[*i] != '-')
		return 0;
	sign = s[(*i)++] == '-' ? -1 : 1;
	if ((h = tspec_num(s, i, 2)) < 0)
		return -1;
	if (s[*i] == ':')
		(*i)++;
	if (s[*i] >= '0' && s[*i] <= '9' && (m = tspec_num(s, i, 2)) < 0)
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*off = sign * ((int64_t)h * 3600 + m * 60) * 1000;
	*has = 1;
	return 0;
}

/* YYYY-MM-DD[( |T)HH:MM[:SS[.mmm]]][zone]; -1 when malformed. */
static int
tspec_absolute(const char *s, struct tspec *ts)
{
	size_t	i = 0;
	int	y, mo, d, has;
	int64_t	day, clk = 0, off = 0;

	if ((y = tspec_num(s, &i, 4)) < 0 || s[i++] != '-' ||
	    (mo = tspec_num(s, &i, 2)) < 0 || s[i++] != '-' ||
	    (d = tspec_num(s, &i, 2)) < 0 || mo < 1 || mo > 12 || d < 1 ||
	    d > 31)
		return -1;
	day = ptime_days(y, mo, d) * TSPEC_DAY_MS;
	if (s[i] == ' ' || s[i] == 'T' || s[i] == 't') {
		i++;
		if ((clk = tspec_clock(s, &i)) < 0)
			return -1;
	}
	if (tspec_zone(s, &i, &off, &has) == -1 || s[i] != '\0')
		return -1;
	ts->kind = TSPEC_ABSOLUTE;
	ts->ms = day + clk;
	if (has) {
		/* UTC, then onto this machine's local naive scale. */
		int64_t	utc = ts->ms - off;

		ts->ms = utc + tspec_gmtoff((time_t)(utc / 1000));
	}
	return 0;
}

/* now, or -N[smhdw]... (each unit at most once); -1 when malformed. */
static int
tspec_relative(const char *s, struct tspec *ts)
{
	static const struct {
		char	unit;
		int64_t	ms;
	} units[] = {
		{ 'w', 7 * TSPEC_DAY_MS }, { 'd', TSPEC_DAY_MS },
		{ 'h', 3600 * 1000LL }, { 'm', 60 * 1000LL }, { 's', 1000 }
	};
	size_t	i = 1, k, next = 0;
	int64_t	total = 0, v;
	int	any = 0;

	if (strcmp(s, "now") == 0) {
		ts->kind = TSPEC_RELATIVE;
		ts->ms = 0;
		return 0;
	}
	if (s[0] != '-')
		return -1;
	while (s[i] != '\0') {
		for (v = 0, k = i; s[i] >= '0' && s[i] <= '9' && i - k < 9; i++)
			v = v * 10 + (s[i] - '0');
		if (i == k)
			return -1;
		for (; next < sizeof units / sizeof units[0]; next++)
			if (units[next].unit == s[i])
				break;
		if (next == sizeof units / sizeof units[0])
			return -1;	/* unknown unit, or units out of order */
		total += v * units[next++].ms;
		i++;
		any = 1;
	}
	if (!any)
		return -1;
	ts->kind = TSPEC_RELATIVE;
	ts->ms = -total;
	return 0;
}

/* Parse a typed time. */
int
tspec_parse(const char *s, struct tspec *ts, char **cause)
{
	size_t	i = 0;
	int64_t	clk;

	memset(ts, 0, sizeof *ts);
	if (tspec_relative(s, ts) == 0 || tspec_absolute(s, ts) == 0)
		return 0;
	if ((clk = tspec_clock(s, &i)) >= 0 && s[i] == '\0') {
		ts->kind = TSPEC_TIME_OF_DAY;
		ts->ms = clk;
		return 0;
	}
	*cause = xasprintf("not a time (want %s)", TSPEC_FORMS);
	return -1;
}

/* Floor division of a time by a day. */
static int64_t
tspec_day_start(int64_t ms)
{
	int64_t	d = ms / TSPEC_DAY_MS;

	if (ms % TSPEC_DAY_MS < 0)
		d--;
	return d * TSPEC_DAY_MS;
}

/* ms of a parsed time. */
int64_t
tspec_resolve(const struct tspec *ts, int64_t now_local, int64_t newest)
{
	switch (ts->kind) {
	case TSPEC_ABSOLUTE:
		return ts->ms;
	case TSPEC_TIME_OF_DAY:
		return tspec_day_start(newest != TIME_UNKNOWN ? newest :
		    now_local) + ts->ms;
	case TSPEC_RELATIVE:
		break;
	}
	return now_local + ts->ms;
}
