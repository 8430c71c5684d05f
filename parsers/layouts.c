/*
 * layouts.c: the record layouts of the programs a service runs beside its
 * Python code, in their default formats, for detect.c.
 *
 *   servers   PostgreSQL "time zone [pid] SEVERITY:  msg" (its DETAIL /
 *             HINT / STATEMENT lines continue the record before), redis
 *             "pid:role dd Mon yyyy time X msg" (X one of . - * #),
 *             nginx error logs (access.c), HTTP access lines (access.c)
 *   Node      winston "time [label] level: msg" and "level: msg", bunyan's
 *             CLI "[time]  LEVEL: name/pid on host: msg", pino-pretty
 *             "[time] LEVEL (name/pid): msg", log4js "[time] [LEVEL]
 *             name - msg", debug "isotime namespace msg"
 *   Java      logback / log4j2 defaults after a time of day (detect.c's
 *             tails), java.util.logging's two lines (a header with the
 *             date and the source, then "LEVEL: msg"), Tomcat's one line
 *   Go, Rust  log's "yyyy/mm/dd time msg", zerolog's console "6:46AM INF
 *             msg", glog / klog "Lmmdd time tid file:line] msg", Rust's
 *             env_logger "[time LEVEL name] msg"
 *   Python    tornado "[L yymmdd time module:line] msg", scrapy "time
 *             [name] LEVEL: msg", "time LEVEL dotted.name msg"
 *   others    .NET's console logger "info: Category[id]" (the message on
 *             the indented lines after, or on the same line), Ruby's
 *             Logger "I, [iso #pid]  INFO -- progname: msg", PHP's error
 *             log "[dd-Mon-yyyy time zone] PHP Warning:  msg" (detect.c
 *             reads the time) and php -r's "PHP Warning:  msg"
 *
 * Every matcher reads only [0, n), never allocates, and checks the whole
 * prefix of its layout before it claims a line. State across lines lives
 * in struct parser (want, amend, indented) and is only read by
 * layouts_next, which detect.c calls for a line no layout starts while
 * the last record's layout decides what such a line is.
 */
#include <string.h>

#include "access.h"
#include "level.h"
#include "layouts.h"
#include "levels.h"
#include "lscan.h"
#include "ptime.h"
#include "services.h"
#include "xtime.h"

/* Room for the colour-free copy of a line's start (layouts_uncolour). */
#define LAYOUT_STRIP	512

/* The value of "key=" among the k=v pairs of s[i, n) (quotes dropped); 0 if none. */
static int
lay_kv(const char *s, size_t n, size_t i, const char *key, size_t kl,
    struct span *sp)
{
	size_t	k, e;

	for (k = i; k + kl < n; k++) {
		if ((k > i && s[k - 1] != ' ') || s[k + kl] != '=' ||
		    memcmp(s + k, key, kl) != 0)
			continue;
		k += kl + 1;
		if (k < n && s[k] == '"') {
			e = ls_find(s, n, k + 1, '"');
			k++;
		} else
			e = ls_token(s, n, k);
		if (e == k || e > n)
			return 0;
		ls_span(sp, k, e - k);
		return 1;
	}
	return 0;
}

/* zerolog console after its kitchen time: " INF msg k=v", "???" for no level. */
static int
lay_zerolog(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	w = k + 1, e;
	int	l = LEVEL_NONE;

	if (w + 3 > n || s[k] != ' ')
		return LAYOUT_NO;
	e = ls_token(s, n, w);
	if (e != w + 3)
		return LAYOUT_NO;
	if (memcmp(s + w, "???", 3) != 0) {
		if (!LS_UPPER(s[w]) || (l = levels_word(s + w, 3)) < 0)
			return LAYOUT_NO;
		ls_level(f, l, w, e);
	}
	ls_span(&f->time_span, 0, k);
	f->format = FORMAT_GO;
	ls_msg(f, n, ls_blanks(s, n, e));
	lay_kv(s, n, f->message.off, "component", 9, &f->logger);
	return LAYOUT_REC;
}

/* redis: "pid:R dd Mon yyyy hh:mm:ss.mmm X msg", or its signal handler's line. */
static int
lay_redis(const char *s, size_t n, struct fields *f)
{
	size_t	k = ls_digits(s, n, 0), t, e;
	int64_t	ms;
	int	l;

	if (k == 0 || k + 3 >= n || s[k] != ':')
		return LAYOUT_NO;
	if (ls_lit(s, n, k + 1, "signal-handler (", 16)) {
		e = ls_digits(s, n, k + 17);
		if (!ls_lit(s, n, e, ") ", 2))
			return LAYOUT_NO;
		f->format = FORMAT_SERVER;
		ls_msg(f, n, e + 2);
		return LAYOUT_REC;
	}
	if (!LS_UPPER(s[k + 1]) || s[k + 2] != ' ' ||
	    (t = xtime_dmy(s + k + 3, n - k - 3, &ms)) == 0)
		return LAYOUT_NO;
	e = k + 3 + t;
	if (e + 2 >= n || s[e] != ' ' || (l = levels_redis(s[e + 1])) < 0 ||
	    s[e + 2] != ' ')
		return LAYOUT_NO;
	f->time = ms;
	ls_span(&f->time_span, k + 3, t);
	ls_level(f, l, e + 1, e + 2);
	f->format = FORMAT_SERVER;
	ls_msg(f, n, e + 3);
	return LAYOUT_REC;
}

/* Tomcat after its time at k: " LEVEL [thread] source msg". */
static int
lay_tomcat(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	w = k + 1, e = ls_word(s, n, w), b, t;
	int	l;

	if (k >= n || s[k] != ' ' || e >= n || s[e] != ' ' ||
	    !LS_UPPER(s[w]) || (l = levels_word(s + w, e - w)) < 0 ||
	    e + 1 >= n || s[e + 1] != '[')
		return LAYOUT_NO;
	b = ls_find(s, n, e + 1, ']');
	if (b + 1 >= n || s[b + 1] != ' ')
		return LAYOUT_NO;
	t = ls_token(s, n, b + 2);
	ls_level(f, l, w, e);
	ls_span(&f->logger, b + 2, t - b - 2);
	f->format = FORMAT_JUL;
	ls_msg(f, n, ls_blanks(s, n, t));
	return LAYOUT_REC;
}

/* An access line: bare lines after it are records (layouts_next). */
static int
lay_access(struct parser *p, const char *s, size_t n, struct fields *f)
{
	if (!access_line(s, n, f))
		return LAYOUT_NO;
	p->indented = 0;
	return LAYOUT_REC;
}

/* log4j 1's BasicConfigurator: "1234 [thread] LEVEL ...": the end of the number, or 0. */
static size_t
lay_relative(const char *s, size_t n)
{
	size_t	k = ls_digits(s, n, 0), b = ls_blanks(s, n, k), e, w;

	if (k > 12 || b == k || b >= n || s[b] != '[' ||
	    (e = ls_find(s, n, b, ']')) + 2 >= n || s[e + 1] != ' ')
		return 0;
	w = ls_word(s, n, e + 2);
	if (w >= n || s[w] != ' ' || !LS_UPPER(s[e + 2]) ||
	    levels_word(s + e + 2, w - e - 2) < 0)
		return 0;
	return k;
}

/* A line starting with a digit that no ptime.c form starts. */
int
layouts_digit(struct parser *p, const char *s, size_t n, struct fields *f,
    size_t *ip)
{
	int64_t	t;
	size_t	k;
	int	r;

	if (n > 4 && s[4] == '/') {
		if ((k = xtime_slash(s, n, &t)) == 0)
			return LAYOUT_NO;
		f->time = t;
		ls_span(&f->time_span, 0, k);
		if (access_nginx_tail(s, n, k, f))
			return LAYOUT_REC;
		*ip = k;
		return LAYOUT_TIME;
	}
	if (s[1] == ':' || s[2] == ':') {
		if ((k = xtime_hms(s, n, &t)) != 0) {
			/* a time of day only: shown, never taken for a date */
			ls_span(&f->time_span, 0, k);
			*ip = k;
			return LAYOUT_TIME;
		}
		if ((k = xtime_kitchen(s, n, &t)) != 0)
			return lay_zerolog(s, n, k, f);
	}
	if (s[4] == '-' && (k = xtime_iso_padded(s, n, &t)) != 0) {
		f->time = t;			/* MariaDB: "2026-11-28  6:39:38" */
		ls_span(&f->time_span, 0, k);
		*ip = k;
		return LAYOUT_TIME;
	}
	if ((k = lay_relative(s, n)) != 0) {
		*ip = k;			/* log4j 1: "ms [thread] LEVEL" */
		return LAYOUT_TIME;
	}
	if (s[2] == '-' && (k = xtime_dmy_dash(s, n, &t)) != 0) {
		f->time = t;
		ls_span(&f->time_span, 0, k);
		if ((r = lay_tomcat(s, n, k, f)) != LAYOUT_NO)
			return r;
		return svc_bind(s, n, k, f);
	}
	if ((r = lay_redis(s, n, f)) != LAYOUT_NO)
		return r;
	if ((r = svc_healthapp(s, n, f)) != LAYOUT_NO ||
	    (r = svc_hpc(s, n, f)) != LAYOUT_NO)
		return r;
	return lay_access(p, s, n, f);
}

/* PostgreSQL after its time, at j: "[zone ][pid] [user@db ]SEVERITY:  msg". */
static int
lay_pg(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	k = j, e = ls_word(s, n, j), t;
	int	l;

	if (e - j >= 2 && e - j <= 5 && ls_lit(s, n, e, " [", 2))
		k = e + 1;			/* the zone: UTC, CET ... */
	if (k >= n || s[k] != '[')
		return LAYOUT_NO;
	e = k + 1;
	while (e < n && (LS_DIGIT(s[e]) || s[e] == '-'))
		e++;
	if (e == k + 1 || e >= n || s[e] != ']')
		return LAYOUT_NO;
	e++;
	if (e < n && s[e] == ':')
		e++;
	if (e >= n || s[e] != ' ')
		return LAYOUT_NO;
	k = e + 1;
	t = ls_token(s, n, k);
	if (t < n && memchr(s + k, '@', t - k) != NULL)
		k = t + 1;			/* %q%u@%d */
	e = k;
	while (e < n && (LS_UPPER(s[e]) || LS_DIGIT(s[e])))
		e++;
	if (!ls_lit(s, n, e, ":  ", 3))
		return LAYOUT_NO;
	if ((l = levels_pg(s + k, e - k)) == LEVELS_PG_MORE)
		return LAYOUT_CONT;
	if (l < 0)
		return LAYOUT_NO;
	ls_level(f, l, k, e);
	f->format = FORMAT_SERVER;
	ls_msg(f, n, e + 3);
	return LAYOUT_REC;
}

/* "[name] level: msg" at j (winston's label, scrapy's logger name). */
static int
lay_name_level(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	b = j + 1, e = b, w, we;
	int	l;

	while (e < n && s[e] != ']' && s[e] != '[')
		e++;
	if (e == b || !ls_lit(s, n, e, "] ", 2))
		return LAYOUT_NO;
	w = e + 2;
	we = ls_word(s, n, w);
	if (we == w || we >= n || s[we] != ':' ||
	    (we + 1 < n && s[we + 1] != ' ') ||
	    (l = levels_npm(s + w, we - w)) < 0)
		return LAYOUT_NO;
	ls_level(f, l, w, we);
	ls_span(&f->logger, b, e - b);
	f->format = LS_LOWER(s[w]) ? FORMAT_NODE : FORMAT_PY_GENERIC;
	ls_msg(f, n, ls_blanks(s, n, we + 1));
	return LAYOUT_REC;
}

/* debug: "2026-11-28T06:01:40.038Z namespace msg" (namespace at i + 1). */
static int
lay_debug(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	k = i + 1, t = ls_token(s, n, k);
	int	l;

	if (i != 24 || s[10] != 'T' || s[23] != 'Z' || s[i] != ' ' ||
	    !ls_name(s, k, t, NULL) || s[t - 1] == ':')
		return LAYOUT_NO;
	f->format = FORMAT_NODE;
	if (memchr(s + k, ':', t - k) == NULL &&
	    (l = levels_npm(s + k, t - k)) >= 0)
		ls_level(f, l, k, t);
	else
		ls_span(&f->logger, k, t - k);
	ls_msg(f, n, ls_blanks(s, n, t));
	return LAYOUT_REC;
}

/* "LEVEL: msg" or winston's "level: msg" at j. */
static int
lay_level_colon(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	e = ls_word(s, n, j);
	int	l;

	if (e == j || !ls_lit(s, n, e, ": ", 2) ||
	    (l = levels_npm(s + j, e - j)) < 0)
		return LAYOUT_NO;
	/* Go's net/http writes "http: ..." after log's "yyyy/mm/dd" time */
	if (e - j == 4 && memcmp(s + j, "http", 4) == 0 && (n < 11 || s[10] != 'T'))
		return LAYOUT_NO;
	ls_level(f, l, j, e);
	f->format = LS_LOWER(s[j]) ? FORMAT_NODE : FORMAT_PY_GENERIC;
	ls_msg(f, n, ls_blanks(s, n, e + 1));
	return LAYOUT_REC;
}

/* MySQL 8 / MariaDB after the time, at j: "thread [Level] [MY-code] [Subsystem] msg". */
static int
lay_mysql(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	k = ls_digits(s, n, j), e, c;
	int	l;

	if (!ls_lit(s, n, k, " [", 2))
		return LAYOUT_NO;
	e = ls_word(s, n, k + 2);
	if (!ls_lit(s, n, e, "] ", 2))
		return LAYOUT_NO;
	if (e - k - 2 == 4 && memcmp(s + k + 2, "Note", 4) == 0)
		l = LEVEL_NOTICE;
	else if (e - k - 2 == 6 && memcmp(s + k + 2, "System", 6) == 0)
		l = LEVEL_INFO;
	else if ((l = levels_word(s + k + 2, e - k - 2)) < 0)
		return LAYOUT_NO;
	ls_level(f, l, k + 2, e);
	f->format = FORMAT_SERVER;
	k = e + 2;
	if (ls_lit(s, n, k, "[MY-", 4) && (c = ls_find(s, n, k, ']')) + 2 < n &&
	    ls_lit(s, n, c, "] [", 3) && (e = ls_find(s, n, c + 3, ']')) < n) {
		ls_span(&f->logger, c + 3, e - c - 3);	/* [Server] [InnoDB] */
		k = ls_blanks(s, n, e + 1);
	}
	ls_msg(f, n, k);
	return LAYOUT_REC;
}

/* "[LEVEL name] msg" at j. */
static int
lay_level_name(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	e = ls_word(s, n, j + 1), k, t;
	int	l;

	if (e >= n || s[e] != ' ' || !LS_UPPER(s[j + 1]) ||
	    (l = levels_word(s + j + 1, e - j - 1)) < 0)
		return LAYOUT_NO;
	k = ls_blanks(s, n, e);
	t = k;
	while (t < n && s[t] != ']' && s[t] != ' ' && s[t] != '[')
		t++;
	if (t == k || !ls_lit(s, n, t, "] ", 2))
		return LAYOUT_NO;
	ls_level(f, l, j + 1, e);
	ls_span(&f->logger, k, t - k);
	ls_msg(f, n, t + 2);
	return LAYOUT_REC;
}

/* After a timestamp at i, where detect.c's own tails found nothing. */
int
layouts_after_time(struct parser *p, const char *s, size_t n, size_t i,
    struct fields *f)
{
	size_t	j;
	int	r;

	(void)p;
	if (i + 4 < n && s[i] == ':' && s[i + 1] == ' ')
		return svc_tensorflow(s, n, i + 2, f);
	if (i + 4 < n && s[i] == ',' && s[i + 1] == ' ')
		return svc_cbs(s, n, i + 2, f);
	if (i < n && (s[i] == '|' || s[i] == ':'))
		return svc_nlog(s, n, i, f);
	if (i >= n || s[i] != ' ')
		return LAYOUT_NO;
	j = ls_blanks(s, n, i);
	if (j >= n)
		return LAYOUT_NO;
	if (s[j] == '[')
		return (r = lay_name_level(s, n, j, f)) != LAYOUT_NO ? r :
		    lay_level_name(s, n, j, f);
	if (LS_DIGIT(s[j]))
		return lay_mysql(s, n, j, f);
	if (LS_LOWER(s[j]) && svc_dotnet(s, n, j, f) == LAYOUT_REC)
		return LAYOUT_REC;
	if (s[j] == 'p' && ls_lit(s, n, j, "pid=", 4))
		return svc_sidekiq(s, n, j, f);
	if (LS_LOWER(s[j]) && svc_fail2ban(s, n, j, f) == LAYOUT_REC)
		return LAYOUT_REC;
	if (lay_level_colon(s, n, j, f) == LAYOUT_REC)
		return LAYOUT_REC;
	if (LS_UPPER(s[j]) && svc_mongo(s, n, j, f) == LAYOUT_REC)
		return LAYOUT_REC;
	if (LS_UPPER(s[j]))
		return lay_pg(s, n, j, f);
	if (LS_LOWER(s[j]) && j == i + 1)
		return lay_debug(s, n, i, f);
	return LAYOUT_NO;
}

/* bunyan's "name/pid on host: " (or "name/pid: ") at k: the name's end and *m the message; 0 if not. */
static size_t
lay_bunyan_src(const char *s, size_t n, size_t k, size_t *m)
{
	size_t	e = k, d;

	while (e < n && s[e] != '/' && s[e] != ' ' && s[e] != ':')
		e++;
	if (e == k || e >= n || s[e] != '/')
		return 0;
	d = ls_digits(s, n, e + 1);
	if (d == e + 1 || d >= n)
		return 0;
	if (ls_lit(s, n, d, " on ", 4))
		for (d += 4; d < n && s[d] != ':' && s[d] != ' ';)
			d++;
	if (ls_lit(s, n, d, " (", 2))
		d = ls_find(s, n, d + 2, ')') + 1;	/* (file:line in func) */
	if (d >= n || s[d] != ':')
		return 0;
	*m = ls_blanks(s, n, d + 1);
	return e;
}

/* pino-pretty's "(name/pid[ on host]): " or "(pid): " at k (the '('); its message start, 0 if not. */
static size_t
lay_pino_src(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	c = ls_find(s, n, k, ')'), e = k + 1;

	if (c >= n || !ls_lit(s, n, c, "):", 2))
		return 0;
	while (e < c && s[e] != '/' && s[e] != ' ')
		e++;
	if (e < c && s[e] == '/' && e > k + 1)
		ls_span(&f->logger, k + 1, e - k - 1);
	else if ((e = ls_digits(s, n, k + 1)) == k + 1 ||
	    (e != c && !ls_lit(s, n, e, " on ", 4)))
		return 0;			/* (pid) or (pid on host) */
	return ls_blanks(s, n, c + 2);
}

/* Airflow after "[time] " at j: "{file.py:line} LEVEL - msg" (logger: the file as printed). */
static int
lay_airflow(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	c = ls_find(s, n, j, '}'), k = j + 1, e;
	int	l;

	while (k < c && s[k] != ':' && s[k] != ' ')
		k++;
	if (c >= n || k >= c || s[k] != ':' || c + 1 >= n || s[c + 1] != ' ')
		return LAYOUT_NO;
	e = ls_word(s, n, c + 2);
	if (!ls_lit(s, n, e, " - ", 3) || !LS_UPPER(s[c + 2]) ||
	    (l = levels_word(s + c + 2, e - c - 2)) < 0)
		return LAYOUT_NO;
	ls_level(f, l, c + 2, e);
	ls_span(&f->logger, j + 1, k - j - 1);
	f->format = FORMAT_PY_GENERIC;
	ls_msg(f, n, e + 3);
	return LAYOUT_REC;
}

/* After "[time] " at j: log4js "[LEVEL] name - msg", bunyan, pino-pretty. */
int
layouts_btime(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	w, e, t, m = 0;
	int	l;

	if (j < n && LS_LOWER(s[j]) && svc_dotnet(s, n, j, f) == LAYOUT_REC)
		return LAYOUT_REC;	/* .NET with TimestampFormat "[HH:mm:ss] " */
	if (j < n && LS_ALPHA(s[j]) && svc_monolog(s, n, j, f) == LAYOUT_REC)
		return LAYOUT_REC;
	if (j < n && s[j] == '[') {
		e = ls_word(s, n, j + 1);
		if (!ls_lit(s, n, e, "] ", 2) || !LS_UPPER(s[j + 1]) ||
		    (l = levels_word(s + j + 1, e - j - 1)) < 0)
			return LAYOUT_NO;
		ls_level(f, l, j + 1, e);
		f->format = FORMAT_NODE;
		t = ls_token(s, n, e + 2);
		if (t > e + 2 && ls_lit(s, n, t, " - ", 3)) {
			ls_span(&f->logger, e + 2, t - e - 2);
			ls_msg(f, n, t + 3);
		} else
			ls_msg(f, n, e + 2);
		return LAYOUT_REC;
	}
	if (j < n && s[j] == '{')
		return lay_airflow(s, n, j, f);
	w = ls_blanks(s, n, j);
	e = ls_word(s, n, w);
	if (e == w || e >= n || !LS_UPPER(s[w]) ||
	    (l = levels_word(s + w, e - w)) < 0)
		return LAYOUT_NO;
	if (ls_lit(s, n, e, ": ", 2)) {
		/* bunyan, the level right-aligned in five columns */
		if ((t = lay_bunyan_src(s, n, e + 2, &m)) != 0)
			ls_span(&f->logger, e + 2, t - e - 2);
		else if (w == j)
			return LAYOUT_NO;	/* detect.c's "[time] LEVEL: msg" */
		else
			m = e + 2;
	} else if (w == j && ls_lit(s, n, e, " (", 2)) {
		if ((m = lay_pino_src(s, n, e + 1, f)) == 0)
			return LAYOUT_NO;
	} else
		return LAYOUT_NO;
	ls_level(f, l, w, e);
	f->format = FORMAT_NODE;
	ls_msg(f, n, m);
	return LAYOUT_REC;
}

/* Rust's env_logger "[time LEVEL name] msg", i just past the time. */
int
layouts_btime_inner(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	w = ls_blanks(s, n, i), e = ls_word(s, n, w), k, t;
	int	l;

	if (w == i || e == w || !LS_UPPER(s[w]) ||
	    (l = levels_word(s + w, e - w)) < 0)
		return LAYOUT_NO;
	k = ls_blanks(s, n, e);
	t = k;
	while (t < n && s[t] != ']' && s[t] != ' ')
		t++;
	if (t >= n || s[t] != ']' || (k == e && t != k))
		return LAYOUT_NO;
	ls_level(f, l, w, e);
	if (t > k)
		ls_span(&f->logger, k, t - k);
	f->format = FORMAT_GO;
	ls_msg(f, n, ls_blanks(s, n, t + 1));
	return LAYOUT_REC;
}

/* tornado's one-letter levels (C for CRITICAL) and glog's. */
static int
lay_letter(char c)
{
	return c == 'C' ? LEVEL_CRITICAL : level_from_letter(c);
}

/*
 * tornado's LogFormatter: "[L yymmdd hh:mm:ss module:line] msg", or with
 * another date format and a name (Jupyter: "[I 2026-11-28 06:01:40.123
 * ServerApp] msg").
 */
static int
lay_tornado(const char *s, size_t n, struct fields *f)
{
	size_t	k, t, e;
	int64_t	ms;
	int	l;

	if (n < 20 || s[2] != ' ' || (l = lay_letter(s[1])) < 0)
		return LAYOUT_NO;
	if ((k = xtime_yymmdd(s + 3, n - 3, &ms)) == 0 &&
	    (k = ptime_iso(s + 3, n - 3, &ms)) == 0)
		return LAYOUT_NO;
	if (3 + k >= n || s[3 + k] != ' ')
		return LAYOUT_NO;
	f->time = ms;
	ls_span(&f->time_span, 3, k);
	t = 4 + k;
	e = t;
	while (e < n && s[e] != ':' && s[e] != ']' && s[e] != ' ')
		e++;
	k = e;
	if (e < n && s[e] == ':')
		k = ls_digits(s, n, e + 1);
	if (e == t || k >= n || s[k] != ']' || (s[e] == ':' && k == e + 1))
		return LAYOUT_NO;
	ls_level(f, l, 1, 2);
	ls_span(&f->logger, t, e - t);
	f->format = FORMAT_PY_GENERIC;
	ls_msg(f, n, ls_blanks(s, n, k + 1));
	return LAYOUT_REC;
}

/* '[' not followed by a digit. */
int
layouts_bracket(const char *s, size_t n, struct fields *f)
{
	if (n > 16 && LS_LOWER(s[1]))
		return svc_couch(s, n, f);
	if (n < 4 || !LS_UPPER(s[1]))
		return LAYOUT_NO;
	if (s[2] == ' ')
		return lay_tornado(s, n, f);
	if (LS_LOWER(s[2]) && access_apache_error(s, n, f))
		return LAYOUT_REC;
	return lay_level_name(s, n, 0, f);
}

/* java.util.logging's first line: "Nov 28, 2026 6:42:21 AM source method". */
static int
lay_jul(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	k, t;
	int64_t	ms;

	if ((k = xtime_jul(s, n, &ms)) == 0 || k + 1 >= n || s[k] != ' ')
		return LAYOUT_NO;
	t = ls_token(s, n, k + 1);
	if (!ls_name(s, k + 1, t, NULL))
		return LAYOUT_NO;
	f->time = ms;
	ls_span(&f->time_span, 0, k);
	ls_span(&f->logger, k + 1, t - k - 1);
	f->format = FORMAT_JUL;
	ls_msg(f, n, k + 1);
	p->want = 1;			/* the level is on the next line */
	return LAYOUT_REC;
}

/* glog / klog: "Lmmdd hh:mm:ss.uuuuuu threadid file:line] msg". */
static int
lay_glog(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	k = 6, e;
	int64_t	tod;
	int	l, mo, d;

	if (n < 24 || (l = lay_letter(s[0])) < 0 || s[5] != ' ' ||
	    ls_digits(s, n, 1) != 5 || (e = xtime_hms(s + k, n - k, &tod)) == 0)
		return LAYOUT_NO;
	mo = (s[1] - '0') * 10 + (s[2] - '0');
	d = (s[3] - '0') * 10 + (s[4] - '0');
	k += e;
	e = ls_blanks(s, n, k);
	if (e == k || (k = ls_digits(s, n, e)) == e || k >= n || s[k] != ' ')
		return LAYOUT_NO;
	e = ls_find(s, n, k + 1, ']');
	if (e >= n || memchr(s + k + 1, ':', e - k - 1) == NULL ||
	    memchr(s + k + 1, ' ', e - k - 1) != NULL || mo < 1 || mo > 12 ||
	    d < 1 || d > 31)
		return LAYOUT_NO;
	f->time = ptime_make(p->year, mo, d, 0, 0, 0, 0) + tod;
	ls_span(&f->time_span, 1, 5 + xtime_hms(s + 6, n - 6, &tod));
	ls_level(f, l, 0, 1);
	f->format = FORMAT_GO;
	ls_msg(f, n, ls_blanks(s, n, e + 1));
	return LAYOUT_REC;
}

/* morgan's dev / tiny formats: "GET /path 200 2.345 ms - 12". */
static int
lay_method(const char *s, size_t n, struct fields *f)
{
	static const char *const methods[] = { "GET", "POST", "PUT", "DELETE",
	    "PATCH", "HEAD", "OPTIONS" };
	size_t	e = ls_word(s, n, 0), i, t;
	int	l;

	if (e < 3 || e > 7 || !ls_lit(s, n, e, " /", 2))
		return LAYOUT_NO;
	for (i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strlen(methods[i]) == e && memcmp(s, methods[i], e) == 0)
			break;
	if (i == sizeof methods / sizeof methods[0])
		return LAYOUT_NO;
	t = ls_token(s, n, e + 1);
	if (t + 4 > n || s[t] != ' ' ||
	    (l = access_status_level(s + t + 1, n - t - 1)) < 0 ||
	    (t + 4 < n && !ls_lit(s, n, t + 4, " ", 1)))
		return LAYOUT_NO;
	ls_level(f, l, t + 1, t + 4);
	f->format = FORMAT_ACCESS;
	ls_msg(f, n, 0);
	return LAYOUT_REC;
}

/* An upper-case first letter. */
int
layouts_upper(struct parser *p, const char *s, size_t n, struct fields *f)
{
	if (n > 30 && s[1] == ',' && s[2] == ' ' && s[3] == '[')
		return svc_ruby(s, n, f);
	if (n > 40 && svc_super(s, n, f) == LAYOUT_REC)
		return LAYOUT_REC;
	if (n > 30 && s[1] == ' ' && s[2] == '[' && LS_DIGIT(s[3]))
		return svc_cups(s, n, f);
	if (n > 12 && s[0] == 'P' && ls_lit(s, n, 0, "PHP ", 4))
		return svc_php(s, n, 4, f, 1);
	if (n > 22 && s[3] == ' ' && (s[5] == ',' || s[6] == ','))
		return lay_jul(p, s, n, f);
	if (n > 24 && LS_DIGIT(s[1]) && s[5] == ' ')
		return lay_glog(p, s, n, f);
	if (lay_method(s, n, f) != LAYOUT_REC)
		return LAYOUT_NO;
	p->indented = 0;
	return LAYOUT_REC;
}

/*
 * A lower-case first letter: winston's "level: msg" (at a source's start
 * or after Node and access lines: in a Python record it is a message
 * line), or an access line from a host name.
 */
int
layouts_lower(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	e = ls_word(s, n, 0);
	int	l;

	if (e == 4 && n > 9 && svc_dotnet(s, n, 0, f) == LAYOUT_REC)
		return LAYOUT_REC;
	if (e < n && s[e] == ':' && (e + 1 == n || s[e + 1] == ' ') &&
	    (p->last == FORMAT_NONE || p->last == FORMAT_NODE ||
	    p->last == FORMAT_ACCESS || p->last == FORMAT_TEXT) &&
	    (l = levels_npm(s, e)) >= 0) {
		ls_level(f, l, 0, e);
		f->format = FORMAT_NODE;
		ls_msg(f, n, ls_blanks(s, n, e + 1));
		return LAYOUT_REC;
	}
	return lay_access(p, s, n, f);
}

/* "LEVEL name msg": a dotted logger name at k. */
int
layouts_dotted(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	t = k;
	int	dots = 0;

	while (t < n && (LS_ALNUM(s[t]) || s[t] == '_' || s[t] == '$' ||
	    s[t] == '.')) {
		if (s[t] == '.' && (t == k || s[t - 1] == '.'))
			return LAYOUT_NO;
		dots += s[t++] == '.';
	}
	if (dots == 0 || !(LS_ALPHA(s[k]) || s[k] == '_') || s[t - 1] == '.' ||
	    (t < n && s[t] != ' '))
		return LAYOUT_NO;
	ls_span(&f->logger, k, t - k);
	t = ls_blanks(s, n, t);
	if (ls_lit(s, n, t, "- ", 2))
		t += 2;			/* a padded "%-36c - " */
	ls_msg(f, n, t);
	return LAYOUT_REC;
}

/*
 * In a stretch of bare lines, is this unindented line still part of the
 * record before it: a closing bracket, a traceback's own lines, or an
 * exception line ("KeyError: 'x'") right after indented ones?
 */
static int
lay_cont_form(const char *s, size_t n, int after_indented)
{
	size_t	t, seg;
	int	lower;

	if (s[0] == '}' || s[0] == ']' || s[0] == ')' ||
	    ls_lit(s, n, 0, "Traceback (", 11) ||
	    ls_lit(s, n, 0, "During handling ", 16) ||
	    ls_lit(s, n, 0, "The above exception", 19) ||
	    ls_lit(s, n, 0, "Caused by: ", 11) || ls_lit(s, n, 0, "... ", 4))
		return 1;
	if (!after_indented)
		return 0;
	/* a dotted name whose last part is a class name: KeyError, a.b.HTTPError */
	for (t = 0, seg = 0, lower = 0; t < n && (LS_ALNUM(s[t]) || s[t] == '_' ||
	    s[t] == '.'); t++) {
		if (s[t] == '.')
			seg = t + 1, lower = 0;
		lower |= LS_LOWER(s[t]);
	}
	return t > seg && LS_UPPER(s[seg]) && lower && (t == n || s[t] == ':');
}

/* A line no layout starts, after a record whose layout decides for it. */
int
layouts_next(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	e;
	int	l, prev;

	if (p->want) {
		/* java.util.logging: "LEVEL: msg" gives the record its level */
		p->want = 0;
		e = ls_word(s, n, 0);
		if (e > 0 && ls_lit(s, n, e, ": ", 2) && LS_UPPER(s[0]) &&
		    (l = levels_word(s, e)) >= 0)
			p->amend = (int8_t)l;
		return LAYOUT_NO;
	}
	prev = p->indented;
	p->indented = n > 0 && (s[0] == ' ' || s[0] == '\t');
	if (n == 0 || p->indented || lay_cont_form(s, n, prev))
		return LAYOUT_NO;
	/* After an access line, a bare line is a record of its own. */
	f->format = FORMAT_TEXT;
	ls_msg(f, n, 0);
	return LAYOUT_REC;
}

/* A syslog tag with blanks, "Name With Spaces[pid]:" from p: the '[', or p. */
size_t
layouts_prog_end(const char *s, size_t n, size_t p)
{
	size_t	e, d;

	for (e = p; e < n && e < p + 64 && s[e] != ':' && s[e] != '['; e++)
		;
	/* "syslogd 1.4.1: restart.": a name, one blank, a version; no pid */
	if (e < n && s[e] == ':' && e + 1 < n && s[e + 1] == ' ' && e > p &&
	    LS_ALPHA(s[p])) {
		for (d = p; d < e && (LS_ALNUM(s[d]) || s[d] == '-' ||
		    s[d] == '_'); d++)
			;
		if (d < e && s[d] == ' ' && LS_DIGIT(s[d + 1])) {
			for (d++; d < e && (LS_DIGIT(s[d]) || s[d] == '.'); d++)
				;
			if (d == e)
				return e;
		}
	}
	if (e >= n || s[e] != '[' || (d = ls_digits(s, n, e + 1)) == e + 1 ||
	    !ls_lit(s, n, d, "]: ", 3))
		return p;
	return e;
}

/* Detect on the line without its ANSI colour codes; spans point into the line. */
int
layouts_uncolour(struct parser *p, const char *s, size_t n, struct fields *f)
{
	char		buf[LAYOUT_STRIP];
	uint16_t	map[LAYOUT_STRIP];
	size_t		k, used;

	k = levels_strip_ansi(s, n, buf, map, sizeof buf, &used);
	if (used == k || k == 0)
		return LAYOUT_NO;		/* nothing stripped */
	if (!detect_line(p, buf, k, f))
		return LAYOUT_NO;
	levels_unmap(&f->time_span, map, k, n);
	levels_unmap(&f->level_span, map, k, n);
	levels_unmap(&f->logger, map, k, n);
	levels_unmap(&f->message, map, k, n);
	return LAYOUT_REC;
}

/* Any other first byte. */
int
layouts_other(struct parser *p, const char *s, size_t n, struct fields *f)
{
	if (s[0] == '\x1b')
		return layouts_uncolour(p, s, n, f);
	if (s[0] == ':')
		return lay_access(p, s, n, f);
	return LAYOUT_NO;
}
