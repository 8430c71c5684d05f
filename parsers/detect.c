/*
 * detect.c: recognising record starts without configuration.
 *
 * detect_line looks at one line and decides whether it starts a record,
 * and if so where its timestamp, level, logger and message are. It is a
 * set of small hand-written matchers dispatched on the first byte:
 *
 *   (a Kubernetes CRI prefix "time stdout F " is taken off first: syslog.c)
 *   digit   a timestamp (ISO, log4j yy/MM/dd or yyMMdd HHmmss, logcat),
 *           then the tail after it decides: " - name - LEVEL - " (classic),
 *           " [LEVEL] name (f:l): " (detailed), " | LEVEL | " (loguru),
 *           " [level    ] " (structlog), " pid LEVEL logger " (oslo, HDFS),
 *           " LEVEL [thread] logger: " (log4j), "\tLEVEL\t" (zap), ...
 *   '['     [time] LEVEL in name: (Flask), [time] [pid] [LEVEL] (gunicorn),
 *           [time: LEVEL/Process] (celery), [dd/Mon/yyyy ...] "GET" (Django)
 *   '{'     JSON lines (json.c)
 *   A-Z     LEVEL:name:msg (basic), LEVEL:     msg (uvicorn), INFO[0000]
 *           (logrus), LEVEL [thread] logger: (log4j), syslog "Mmm dd"
 *   a-z     logfmt / logrus key=value (logfmt.c)
 *   '<'     syslog with PRI (RFC 5424 and 3164)
 *
 * Everything else (tracebacks, "  File ...", "ValueError: x", "\tat ...",
 * "Caused by:", pretty-printed dicts) is a continuation line. A level is
 * only ever taken from the position a layout puts it in, never from words
 * in the message. Matchers read only [0, len) and never allocate.
 */
#include <string.h>

#include "fallback.h"
#include "json.h"
#include "layouts.h"
#include "lscan.h"
#include "level.h"
#include "levels.h"
#include "logfmt.h"
#include "core/scan.h"
#include "parse.h"
#include "ptime.h"
#include "services.h"
#include "syslog.h"
#include "xtime.h"

/* Python's "Level 15" for an unnamed level at i: its end, or 0. */
static size_t
dt_levelnum(const char *s, size_t n, size_t i, int *l)
{
	size_t	d = i + 6;
	long	v = 0;

	if (!(i + 6 < n && memcmp(s + i, "Level ", 6) == 0))
		return 0;
	while (d < n && LS_DIGIT(s[d]) && d < i + 12)
		v = v * 10 + (s[d++] - '0');
	if (d == i + 6)
		return 0;
	*l = level_from_number(v);
	return d;
}

/* Position of the first " - " at or after j, or n (blanks by scan_byte). */
static inline size_t
dt_find_dash(const char *s, size_t n, size_t j)
{
	for (; (j = scan_byte(s, j, n, ' ')) + 2 < n; j++)
		if (s[j + 1] == '-' && s[j + 2] == ' ')
			return j;
	return n;
}

/*
 * The level as the standard classic layout writes it, "LEVEL - " in upper
 * case, at m: its enum and *e its end; -1 for anything else (the general
 * path then decides).
 */
static inline int
dt_classic_level(const char *s, size_t n, size_t m, size_t *e)
{
	if (m >= n)
		return -1;
	switch (s[m]) {
	case 'D':
		if (m + 8 <= n && memcmp(s + m, "DEBUG - ", 8) == 0)
			return *e = m + 5, LEVEL_DEBUG;
		break;
	case 'I':
		if (m + 7 <= n && memcmp(s + m, "INFO - ", 7) == 0)
			return *e = m + 4, LEVEL_INFO;
		break;
	case 'W':
		if (m + 10 <= n && memcmp(s + m, "WARNING - ", 10) == 0)
			return *e = m + 7, LEVEL_WARNING;
		break;
	case 'E':
		if (m + 8 <= n && memcmp(s + m, "ERROR - ", 8) == 0)
			return *e = m + 5, LEVEL_ERROR;
		break;
	case 'C':
		if (m + 11 <= n && memcmp(s + m, "CRITICAL - ", 11) == 0)
			return *e = m + 8, LEVEL_CRITICAL;
		break;
	}
	return -1;
}

/*
 * "logger: msg" / "logger - msg" / "logger msg" at i: set logger when the
 * token is followed by ':' or " - ", message after it. Returns 1 if a
 * logger was found.
 */
static int
dt_logger_colon(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	e = i;

	/* Rust's module paths (my_app::db::pool) keep their "::". */
	while (e < n && s[e] != ' ' && s[e] != '\t' &&
	    (s[e] != ':' || (e + 2 < n && s[e + 1] == ':' && s[e + 2] != ' ')))
		e += s[e] == ':' ? 2 : 1;
	if (e > n)
		e = n;
	if (e > i && e < n && s[e] == ':' && (e + 1 == n || s[e + 1] == ' ')) {
		ls_span(&f->logger, i, e - i);
		ls_msg(f, n, e + 2);
		return 1;
	}
	if (e > i && ls_lit(s, n, e, " - ", 3)) {
		ls_span(&f->logger, i, e - i);
		ls_msg(f, n, e + 3);
		return 1;
	}
	ls_msg(f, n, i);
	return 0;
}

/*
 * Log4j-style "[thread] logger: msg" at i (after a level). The Zookeeper
 * form "[thread:Class@line] - msg" takes Class as the logger.
 */
static int
dt_thread_logger(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	e, k, c, at;

	if ((e = ls_bracket_end(s, n, i)) == 0)
		return 0;
	if (ls_lit(s, n, e, " - ", 3)) {
		/* [thread:Class@line]: logger is Class. */
		c = at = 0;
		for (k = i + 1; k < e - 1; k++) {
			if (s[k] == ':')
				c = k + 1;
			else if (s[k] == '@')
				at = k;
		}
		if (c != 0 && at > c)
			ls_span(&f->logger, c, at - c);
		ls_msg(f, n, e + 3);
		return 1;
	}
	if (e < n && s[e] == ' ') {
		size_t	t0 = ls_blanks(s, n, e), t1 = ls_token(s, n, t0), q;
		int	java = 0, blank = 0;

		/*
		 * log4j: "[thread] org.example.Class: msg" -- the token after
		 * the bracket is a dotted (or $-nested) class name ending in
		 * ':'. Otherwise this is Python's "%(levelname)-8s [%(name)s]
		 * %(message)s", and the bracket holds the logger.
		 */
		if (t1 > t0 + 1 && s[t1 - 1] == ':')
			for (q = t0; q < t1; q++)
				if (s[q] == '.' || s[q] == '$')
					java = 1;
		for (q = i + 1; q + 1 < e; q++)
			if (s[q] == ' ' || s[q] == '\t')
				blank = 1;
		/* a compact time "[11-28|06:47:00.000]" is no logger */
		if (!java && !blank && e > i + 2 && !LS_DIGIT(s[i + 1])) {
			ls_span(&f->logger, i + 1, e - i - 2);
			f->format = FORMAT_PY_GENERIC;
			ls_msg(f, n, t0);
			return 1;
		}
		dt_logger_colon(s, n, t0, f);
		return 1;
	}
	return 0;
}

/* Level (upper) then " [thread] logger: msg" or " logger: msg" at i. */
static int
dt_log4j_tail(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	e = ls_word(s, n, i), k;
	int	l;

	if (e >= n || s[e] != ' ' || (l = ls_level_at(s, i, e, 1)) < 0)
		return 0;
	k = ls_blanks(s, n, e);
	if (k >= n)
		return 0;
	ls_level(f, l, i, e);
	f->format = FORMAT_LOG4J;
	if (s[k] == '[')
		return dt_thread_logger(s, n, k, f);
	if (s[k] == '(' && svc_paren_bracket(s, n, k, f))
		return 1;
	if (LS_DIGIT(s[k])) {
		/* Spring Boot: LEVEL pid --- [thread] logger : msg */
		size_t d = k;

		while (d < n && LS_DIGIT(s[d]))
			d++;
		if (ls_lit(s, n, d, " --- [", 6)) {
			/* [thread], Spring Boot 3: [application] [thread] */
			for (d += 5; d < n && s[d] == '[';
			    d = ls_blanks(s, n, d))
				if ((d = ls_bracket_end(s, n, d)) == 0)
					return 0;
			e = ls_token(s, n, d);
			ls_span(&f->logger, d, e - d);
			e = ls_blanks(s, n, e);
			if (e < n && s[e] == ':')
				e = ls_blanks(s, n, e + 1);
			ls_msg(f, n, e);
			return 1;
		}
	}
	if (!dt_logger_colon(s, n, k, f))
		layouts_dotted(s, n, k, f);
	return 1;
}

/* After a timestamp's "- ": classic "name - LEVEL - msg" or Zookeeper. */
static int
dt_dash_tail(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	e, j, m;
	int	l;

	/* "- LEVEL - msg" (no name) or Zookeeper "- LEVEL  [t:C@l] - msg". */
	if (k < n && LS_UPPER(s[k]) &&
	    (l = ls_level_at(s, k, e = ls_word(s, n, k), 1)) >= 0) {
		if (ls_lit(s, n, e, " - ", 3)) {
			ls_level(f, l, k, e);
			f->format = FORMAT_PY_CLASSIC;
			ls_msg(f, n, e + 3);
			svc_dash_name(s, n, e + 3, f);
			return 1;
		}
		j = ls_blanks(s, n, e);
		if (j > e && j < n && s[j] == '[') {
			ls_level(f, l, k, e);
			f->format = FORMAT_LOG4J;
			return dt_thread_logger(s, n, j, f);
		}
	}
	/* name - LEVEL - msg */
	j = dt_find_dash(s, n, k);
	if (j + 2 >= n || j == k)
		return svc_cloudinit(s, n, k, f);
	m = j + 3;
	if ((l = dt_classic_level(s, n, m, &e)) >= 0) {
		ls_level(f, l, m, e);
		goto ok;
	}
	e = ls_word(s, n, m);
	if ((l = ls_level_at(s, m, e, 0)) < 0 || !ls_lit(s, n, e, " - ", 3)) {
		/* "Level 15" */
		if (ls_lit(s, n, m, "Level ", 6)) {
			size_t d = m + 6;
			long v = 0;

			while (d < n && LS_DIGIT(s[d]) && d < m + 12)
				v = v * 10 + (s[d++] - '0');
			if (d > m + 6 && ls_lit(s, n, d, " - ", 3)) {
				ls_level(f, level_from_number(v), m, d);
				e = d;
				goto ok;
			}
		}
		return svc_cloudinit(s, n, k, f);
	}
	ls_level(f, l, m, e);
ok:
	ls_span(&f->logger, k, j - k);
	f->format = FORMAT_PY_CLASSIC;
	ls_msg(f, n, e + 3);
	return 1;
}

/* After a timestamp's " [": [LEVEL] name (func:line): msg, structlog, logback. */
static int
dt_bracket_tail(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	w = k + 1, e = ls_word(s, n, w), j, t;
	int	l;

	if (k + 1 < n && LS_LOWER(s[k + 1]) && svc_salt(s, n, k, f))
		return 1;

	if ((l = ls_level_at(s, w, e, 0)) >= 0) {
		j = ls_blanks(s, n, e);
		if (j >= n || s[j] != ']')
			return 0;
		ls_level(f, l, w, e);
		j++;
		if (j < n && s[j] == ' ')
			j++;
		if (LS_LOWER(s[w])) {
			/* structlog: [info     ] event   key=value */
			f->format = FORMAT_STRUCTLOG;
			ls_msg(f, n, j);
			/* "[info] app.module: msg": a name, then ':' */
			t = ls_token(s, n, j);
			if (t > j + 1 && s[t - 1] == ':' && ls_name(s, j, t - 1, NULL)) {
				ls_span(&f->logger, j, t - 1 - j);
				ls_msg(f, n, ls_blanks(s, n, t));
			}
			return 1;
		}
		j = ls_blanks(s, n, j);	/* hashicorp's hclog pads: "[INFO]  name: msg" */
		f->format = FORMAT_PY_DETAILED;
		t = j;
		while (t < n && s[t] != ' ' && s[t] != ':' && s[t] != '\t')
			t++;
		if (t > j && ls_lit(s, n, t, " (", 2)) {
			ls_span(&f->logger, j, t - j);
			/* skip "(func:line): " */
			e = t + 2;
			while (e < n && s[e] != ')' && s[e] != ' ')
				e++;
			if (ls_lit(s, n, e, "): ", 3))
				e += 3;
			else
				e = t + 1;
			ls_msg(f, n, e);
			return 1;
		}
		dt_logger_colon(s, n, j, f);
		return 1;
	}
	/* logback: [thread] LEVEL logger - msg */
	if ((j = ls_bracket_end(s, n, k)) == 0 || j >= n || s[j] != ' ')
		return 0;
	j = ls_blanks(s, n, j);
	if (!dt_log4j_tail(s, n, j, f))
		return 0;
	return 1;
}

/* loguru: " | LEVEL    | name:func:line - msg" at k (the '|'). */
static int
dt_loguru_tail(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	w = ls_blanks(s, n, k + 1), e = ls_word(s, n, w), j, t;
	int	l;

	if ((l = ls_level_at(s, w, e, 0)) < 0 &&
	    (e = dt_levelnum(s, n, w, &l)) == 0)
		return 0;
	j = ls_blanks(s, n, e);
	if (j >= n || s[j] != '|')
		return 0;
	ls_level(f, l, w, e);
	f->format = FORMAT_LOGURU;
	j = ls_blanks(s, n, j + 1);
	t = j;
	while (t < n && s[t] != ':' && s[t] != ' ')
		t++;
	if (t < n && s[t] == ':' && t > j)
		ls_span(&f->logger, j, t - j);
	else if (t > j && ls_lit(s, n, ls_blanks(s, n, t), "| ", 2) &&
	    ls_name(s, j, t, NULL)) {
		/* "time | LEVEL | name | msg" */
		ls_span(&f->logger, j, t - j);
		ls_msg(f, n, ls_blanks(s, n, ls_blanks(s, n, t) + 1));
		return 1;
	}
	while (t < n && s[t] != ' ')
		t++;
	if (ls_lit(s, n, t, " - ", 3))
		t += 3;
	else
		t = j;
	ls_msg(f, n, t);
	return 1;
}

/* zap console: "\tLEVEL\tlogger\tcaller\tmsg" at k (the tab). */
static int
dt_zap_tail(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	w = k + 1, e = ls_word(s, n, w), t, u;
	int	l;

	if ((l = ls_level_at(s, w, e, 0)) < 0 || e >= n || s[e] != '\t')
		return 0;
	ls_level(f, l, w, e);
	f->format = FORMAT_ZAP;
	t = e + 1;
	u = t;
	while (u < n && s[u] != '\t')
		u++;
	if (u < n) {
		/* A field with ".go:" is the caller, not a logger name. */
		size_t	q;
		int	caller = 0;

		for (q = t; q + 3 < u; q++)
			if (s[q] == '.' && s[q + 1] == 'g' && s[q + 2] == 'o' &&
			    s[q + 3] == ':')
				caller = 1;
		if (!caller) {
			ls_span(&f->logger, t, u - t);
			t = u + 1;
			u = t;
			while (u < n && s[u] != '\t')
				u++;
			caller = 0;
			for (q = t; q + 3 < u; q++)
				if (s[q] == '.' && s[q + 1] == 'g' &&
				    s[q + 2] == 'o' && s[q + 3] == ':')
					caller = 1;
		}
		if (caller && u < n)
			t = u + 1;
	}
	ls_msg(f, n, t);
	return 1;
}

/* Generic: a timestamped line; a strict upper level word among the first tokens. */
static int
dt_generic(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	e, k = i, pk = 0, pe = 0, q;
	int	tok, l;

	f->format = FORMAT_PY_GENERIC;
	for (tok = 0; tok < 4 && k < n; tok++) {
		while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '[' ||
		    s[k] == '|' || s[k] == '-' || s[k] == ':'))
			k++;
		e = ls_word(s, n, k);
		if (e > k && (e == n || !LS_DIGIT(s[e])) &&
		    (l = ls_level_at(s, k, e, 1)) >= 0 &&
		    (e == n || s[e] == ' ' || s[e] == ']' || s[e] == ':' ||
		    s[e] == '\t' || s[e] == '|')) {
			ls_level(f, l, k, e);
			q = ls_blanks(s, n, e + 1);
			if (q + 1 < n && (s[q] == '|' || s[q] == '-') &&
			    s[q + 1] == ' ')
				q = ls_blanks(s, n, q + 1);	/* "| msg" */
			ls_msg(f, n, q);
			/* "name LEVEL msg": a dotted name right before. */
			if (tok == 1 && pe > pk) {
				for (q = pk; q < pe; q++)
					if (!LS_ALPHA(s[q]) && !LS_DIGIT(s[q]) &&
					    s[q] != '.' && s[q] != '_')
						break;
				if (q == pe)
					ls_span(&f->logger, pk, pe - pk);
			}
			return 1;
		}
		pk = k;
		k = pe = ls_token(s, n, k);
	}
	ls_msg(f, n, ls_blanks(s, n, i));
	return 1;
}

/* What follows a full timestamp at i. */
static int
dt_after_time(struct parser *p, const char *s, size_t n, size_t i,
    struct fields *f)
{
	size_t	j, e;
	char	c;
	int	l;

	if (i >= n)
		return dt_generic(s, n, i, f);
	if (s[i] == '\t')
		return dt_zap_tail(s, n, i, f) || dt_generic(s, n, i, f);
	if ((s[i] == '|' || s[i] == ':' || s[i] == ',') &&
	    layouts_after_time(p, s, n, i, f) == LAYOUT_REC)
		return 1;	/* NLog's "|LEVEL|name|", Python's ":LEVEL:name:" */
	if (s[i] != ' ')
		return dt_generic(s, n, i, f);
	j = ls_blanks(s, n, i);
	if (j >= n)
		return dt_generic(s, n, i, f);
	c = s[j];
	if (c == '[' && ls_lit(s, n, j, "[id=", 4) && svc_jenkins(s, n, j, f))
		return 1;
	/* ZooKeeper 3.5+: "time [myid:N] - LEVEL  [thread:Class@line] - msg" */
	if (c == '[' && ls_lit(s, n, j, "[myid:", 6) &&
	    (e = ls_bracket_end(s, n, j)) != 0 && ls_lit(s, n, e, " - ", 3)) {
		j = e + 1;
		c = '-';
	}
	if (c == '-' && j + 1 < n && s[j + 1] == ' ') {
		if (dt_dash_tail(s, n, j + 2, f))
			return 1;
	} else if (c == '[') {
		if (dt_bracket_tail(s, n, j, f))
			return 1;
	} else if (c == '|') {
		if (dt_loguru_tail(s, n, j, f))
			return 1;
	} else if (LS_DIGIT(c)) {
		/* pid LEVEL logger ... (oslo.log, HDFS) */
		e = j;
		while (e < n && LS_DIGIT(s[e]))
			e++;
		if (e < n && s[e] == ' ') {
			size_t w = ls_blanks(s, n, e), we = ls_word(s, n, w);

			if ((l = ls_level_at(s, w, we, 1)) >= 0 && we < n &&
			    s[we] == ' ') {
				size_t g = ls_blanks(s, n, we), ge;

				ls_level(f, l, w, we);
				ge = ls_token(s, n, g);
				if (ge > g && s[ge - 1] == ':') {
					f->format = FORMAT_LOG4J;
					ls_span(&f->logger, g, ge - g - 1);
				} else if (svc_odoo(s, n, ge, f)) {
					return 1;
				} else {
					f->format = FORMAT_OSLO;
					ls_span(&f->logger, g, ge - g);
				}
				ls_msg(f, n, ls_blanks(s, n, ge));
				return 1;
			}
		}
	} else if (LS_UPPER(c)) {
		if (dt_log4j_tail(s, n, j, f))
			return 1;
	} else if (LS_LOWER(c)) {
		if (syslog_host_prog(s, n, j, f))
			return 1;
	}
	f->level = LEVEL_NONE;
	ls_span(&f->level_span, 0, 0);
	ls_span(&f->logger, 0, 0);
	if ((l = layouts_after_time(p, s, n, i, f)) != LAYOUT_NO)
		return l == LAYOUT_REC;
	return dt_generic(s, n, i, f);
}

/* logcat threadtime after the time at i: "  pid  tid L Tag: msg". */
static int
dt_logcat_tail(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	k = ls_blanks(s, n, i), e, t;
	int	l;

	if (k == i || k >= n || !LS_DIGIT(s[k]))
		return 0;
	while (k < n && LS_DIGIT(s[k]))
		k++;
	e = ls_blanks(s, n, k);
	if (e == k || e >= n || !LS_DIGIT(s[e]))
		return 0;
	while (e < n && LS_DIGIT(s[e]))
		e++;
	if (e + 2 >= n || s[e] != ' ' || s[e + 2] != ' ' ||
	    (l = level_from_letter(s[e + 1])) < 0)
		return 0;
	ls_level(f, l, e + 1, e + 2);
	f->format = FORMAT_LOGCAT;
	k = e + 3;
	t = k;
	while (t < n && !(s[t] == ':' && (t + 1 == n || s[t + 1] == ' ')))
		t++;
	if (t < n) {
		e = t;
		while (e > k && s[e - 1] == ' ')
			e--;
		ls_span(&f->logger, k, e - k);
		ls_msg(f, n, t + 2);
	} else
		ls_msg(f, n, k);
	return 1;
}

/* Lines starting with a digit. */
static int
dt_digit(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	i;
	int64_t	t;
	int	r;

	if (n < 13)
		return 0;
	if (s[4] == '-')
		i = ptime_iso_cached(&p->tc, s, n, &t);
	else if (s[2] == '/')
		i = ptime_log4j(s, n, &t);
	else if (s[2] == '-' && (i = ptime_logcat(s, n, p->year, &t)) != 0) {
		f->time = t;
		ls_span(&f->time_span, 0, i);
		return dt_logcat_tail(s, n, i, f);
	} else if (s[6] == ' ')
		i = ptime_log4j(s, n, &t);
	else
		i = 0;
	if (i != 0) {
		f->time = t;
		ls_span(&f->time_span, 0, i);
	} else if ((r = layouts_digit(p, s, n, f, &i)) != LAYOUT_TIME)
		return r == LAYOUT_REC;
	return dt_after_time(p, s, n, i, f);
}

/* Celery "[time: LEVEL/Process] msg" after the time at i (the ':'). */
static int
dt_celery(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	w = ls_blanks(s, n, i + 1), e = ls_word(s, n, w), k, t;
	int	l;

	if ((l = ls_level_at(s, w, e, 0)) < 0 || e >= n || s[e] != '/')
		return 0;
	k = e;
	while (k < n && s[k] != ']')
		k++;
	if (k >= n)
		return 0;
	ls_level(f, l, w, e);
	f->format = FORMAT_CELERY;
	k = ls_blanks(s, n, k + 1);
	/* task log: "tasks.add[uuid]: msg" */
	t = k;
	while (t < n && s[t] != '[' && s[t] != ' ' && s[t] != ':')
		t++;
	if (t > k && t < n && s[t] == '[') {
		size_t b = t;

		while (b < n && s[b] != ']' && s[b] != ' ')
			b++;
		if (ls_lit(s, n, b, "]:", 2)) {
			ls_span(&f->logger, k, t - k);
			ls_msg(f, n, b + 3);
			return 1;
		}
	}
	ls_msg(f, n, k);
	return 1;
}

/* Django runserver: status code to level, as django.server logs it. */
static int
dt_django(const char *s, size_t n, size_t j, struct fields *f)
{
	const char	*q;
	size_t		 k;

	f->format = FORMAT_DJANGO;
	ls_msg(f, n, j);
	f->level = LEVEL_INFO;
	q = memchr(s + j + 1, '"', n - j - 1);
	if (q == NULL)
		return 1;
	k = (size_t)(q - s) + 1;
	if (k + 4 <= n && s[k] == ' ' && LS_DIGIT(s[k + 1]) &&
	    LS_DIGIT(s[k + 2]) && LS_DIGIT(s[k + 3])) {
		if (s[k + 1] >= '5')
			f->level = LEVEL_ERROR;
		else if (s[k + 1] == '4')
			f->level = LEVEL_WARNING;
		ls_span(&f->level_span, k + 1, 3);
	}
	return 1;
}

/* Lines starting with '['. */
static int
dt_bracket(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	i, j, e, k;
	int64_t	t;
	int	l;

	if (n < 3)
		return 0;
	if (LS_DIGIT(s[1])) {
		if (n > 5 && s[5] == '-')
			i = ptime_iso(s + 1, n - 1, &t);
		else if (n > 3 && s[3] == '/')
			i = ptime_clf(s + 1, n - 1, &t);
		else if (n > 4 && s[3] == '-' && LS_ALPHA(s[4]))
			i = svc_php_time(s, n, &t);
		else if (n > 3 && (s[2] == ':' || s[3] == ':') &&
		    (i = xtime_hms(s + 1, n - 1, &t)) != 0)
			t = TIME_UNKNOWN;	/* a time of day only */
		else
			i = 0;
		if (i == 0)
			return 0;
		f->time = t;
		ls_span(&f->time_span, 1, i);
		i++;
		if (i < n && s[i] == ':')
			return dt_celery(s, n, i, f);
		if (i < n && s[i] == ' ')
			return layouts_btime_inner(s, n, i, f) == LAYOUT_REC;
		if (i >= n || s[i] != ']')
			return 0;
		j = i + 1;
		if (j < n && s[j] == '[' && svc_envoy(s, n, j, f) == LAYOUT_REC)
			return 1;
		if (j >= n || s[j] != ' ') {
			f->format = FORMAT_PY_GENERIC;
			ls_msg(f, n, j);
			return 1;
		}
		j++;
		if (j < n && s[j] == '[') {
			/* gunicorn: [pid] [LEVEL] msg */
			k = j + 1;
			while (k < n && LS_DIGIT(s[k]))
				k++;
			if (k > j + 1 && ls_lit(s, n, k, "] [", 3)) {
				e = ls_word(s, n, k + 3);
				if ((l = ls_level_at(s, k + 3, e, 0)) >= 0 &&
				    e < n && s[e] == ']') {
					ls_level(f, l, k + 3, e);
					f->format = FORMAT_GUNICORN;
					ls_msg(f, n, e + 2);
					return 1;
				}
			}
		}
		if (j < n && s[j] == '"')
			return dt_django(s, n, j, f);
		if (ls_lit(s, n, j, "PHP ", 4))
			return svc_php(s, n, j + 4, f, 0) == LAYOUT_REC;
		if (layouts_btime(s, n, j, f) == LAYOUT_REC)
			return 1;
		e = ls_word(s, n, j);
		if ((l = ls_level_at(s, j, e, 1)) >= 0 && e < n &&
		    (s[e] == ' ' || s[e] == ':')) {
			ls_level(f, l, j, e);
			if (ls_lit(s, n, e, " in ", 4)) {
				f->format = FORMAT_PY_BRACKET;
				dt_logger_colon(s, n, e + 4, f);
				return 1;
			}
			f->format = FORMAT_PY_GENERIC;
			k = ls_blanks(s, n, e + 1);
			if (s[e] == ':')
				ls_msg(f, n, k);
			else if (!dt_logger_colon(s, n, k, f))
				svc_kafka_tail(s, n, k, f);
			return 1;
		}
		f->format = FORMAT_PY_GENERIC;
		ls_msg(f, n, j);
		return 1;
	}
	/* [LEVEL] msg, [LEVEL] time name: msg */
	e = ls_word(s, n, 1);
	if ((l = ls_level_at(s, 1, e, 1)) >= 0 && ls_lit(s, n, e, "] ", 2)) {
		ls_level(f, l, 1, e);
		f->format = FORMAT_PY_GENERIC;
		if (e + 2 < n && LS_DIGIT(s[e + 2]) &&
		    (k = ptime_any(s + e + 2, n - e - 2, p->year, &t)) != 0 &&
		    e + 2 + k < n && s[e + 2 + k] == ' ') {
			f->time = t;
			ls_span(&f->time_span, e + 2, k);
			dt_logger_colon(s, n, ls_blanks(s, n, e + 2 + k), f);
			return 1;
		}
		dt_logger_colon(s, n, e + 2, f);
		f->logger.len = 0;
		ls_msg(f, n, e + 2);
		return 1;
	}
	(void)p;
	return layouts_bracket(s, n, f) == LAYOUT_REC;
}

/* logrus text "INFO[0000] msg": the 4-letter prefixes it writes. */
static int
dt_logrus_letters(const char *s)
{
	static const struct { char w[5]; uint8_t l; } tab[] = {
		{ "TRAC", LEVEL_TRACE }, { "DEBU", LEVEL_DEBUG },
		{ "INFO", LEVEL_INFO }, { "WARN", LEVEL_WARNING },
		{ "ERRO", LEVEL_ERROR }, { "FATA", LEVEL_CRITICAL },
		{ "PANI", LEVEL_CRITICAL },
	};
	size_t	i;

	for (i = 0; i < sizeof tab / sizeof tab[0]; i++)
		if (memcmp(s, tab[i].w, 4) == 0)
			return tab[i].l;
	return -1;
}

/* Lines starting with an upper-case letter. */
static int
dt_upperline(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	e = ls_word(s, n, 0), k, m;
	int	l;
	int64_t	t;

	if (e < n && s[e] == ':' && (l = ls_level_at(s, 0, e, 1)) >= 0) {
		if (e + 1 < n && s[e + 1] == ' ') {
			/* uvicorn: "INFO:     msg", message at column 10. */
			k = ls_blanks(s, n, e + 1);
			if (k != 10 && !(e >= 9 && k == e + 2))
				return 0;
			if (k >= n)
				return 0;
			ls_level(f, l, 0, e);
			f->format = FORMAT_UVICORN;
			ls_msg(f, n, k);
			return 1;
		}
		/* basic: LEVEL:name:msg */
		m = e + 1;
		k = m;
		while (k < n && s[k] != ':')
			k++;
		if (k >= n || k == m)
			return 0;
		ls_level(f, l, 0, e);
		f->format = FORMAT_PY_BASIC;
		ls_span(&f->logger, m, k - m);
		ls_msg(f, n, k + 1);
		return 1;
	}
	if (e == 5 && ls_lit(s, n, 0, "Level ", 6)) {
		long v = 0;

		k = 6;
		while (k < n && LS_DIGIT(s[k]) && k < 12)
			v = v * 10 + (s[k++] - '0');
		if (k == 6 || k >= n || s[k] != ':')
			return 0;
		m = k + 1;
		e = k;
		while (m < n && s[m] != ':')
			m++;
		if (m >= n || m == k + 1)
			return 0;
		ls_level(f, level_from_number(v), 0, e);
		f->format = FORMAT_PY_BASIC;
		ls_span(&f->logger, k + 1, m - k - 1);
		ls_msg(f, n, m + 1);
		return 1;
	}
	if (e == 4 && e < n && s[e] == '[' && (l = dt_logrus_letters(s)) >= 0) {
		k = 5;
		while (k < n && LS_DIGIT(s[k]))
			k++;
		if (k == 5 || !ls_lit(s, n, k, "] ", 2))
			return 0;
		ls_level(f, l, 0, 4);
		f->format = FORMAT_LOGRUS;
		ls_msg(f, n, ls_blanks(s, n, k + 2));
		return 1;
	}
	if (e == 3 && n >= 15 && s[3] == ' ' &&
	    (k = ptime_syslog(s, n, p->year, &t)) != 0 && k < n &&
	    s[k] == ' ') {
		f->time = t;
		ls_span(&f->time_span, 0, k);
		if (syslog_host_prog(s, n, k + 1, f))
			return 1;
		fields_clear(f);
		return 0;
	}
	if (e < n && s[e] == ' ' && (l = ls_level_at(s, 0, e, 1)) >= 0) {
		k = ls_blanks(s, n, e);
		if (k < n && LS_DIGIT(s[k]) &&
		    (m = ptime_iso(s + k, n - k, &t)) != 0) {
			/* Django verbose: LEVEL time module pid tid msg */
			f->time = t;
			ls_span(&f->time_span, k, m);
			ls_level(f, l, 0, e);
			f->format = FORMAT_DJANGO;
			m = ls_blanks(s, n, k + m);
			k = ls_token(s, n, m);
			ls_span(&f->logger, m, k - m);
			ls_msg(f, n, ls_blanks(s, n, k));
			return 1;
		}
		if (k < n && s[k] == '[') {
			ls_level(f, l, 0, e);
			f->format = FORMAT_LOG4J;
			if (dt_thread_logger(s, n, k, f))
				return 1;
			fields_clear(f);
			return 0;
		}
		/* LEVEL logger: msg */
		m = k;
		while (m < n && s[m] != ' ' && s[m] != ':')
			m++;
		if (m > k && m + 1 < n && s[m] == ':' && s[m + 1] == ' ') {
			ls_level(f, l, 0, e);
			f->format = FORMAT_LOG4J;
			ls_span(&f->logger, k, m - k);
			ls_msg(f, n, m + 2);
			return 1;
		}
	}
	return 0;
}

/*
 * The fallback layouts (fallback.c) where the known ones found nothing, or
 * a record without a level or logger: a known layout's level stands, the
 * fallback may only add what is missing; a line the fallback knows as a
 * follow-up (PostgreSQL's DETAIL) is no record start.
 */
static int
dt_fallback(struct parser *p, const char *line, size_t len, struct fields *f,
    int r)
{
	struct fields	g;
	int		fr;

	fields_clear(&g);
	fr = fallback_line(p, line, len, &g);
	if (fr == -1)
		return 0;
	if (fr == 0)
		return r;
	if (!r || (f->level == LEVEL_NONE && g.level != LEVEL_NONE)) {
		*f = g;
		return 1;
	}
	if (f->logger.len == 0 && g.logger.len > 0 && g.level == f->level)
		f->logger = g.logger;
	return r;
}

/* A record without a level, with colour codes inside: the level they hide. */
static void
detect_uncolour(struct parser *p, const char *s, size_t n, struct fields *f)
{
	struct fields	g;

	if (layouts_uncolour(p, s, n, &g) == LAYOUT_REC &&
	    g.level != LEVEL_NONE)
		*f = g;
}

/* Decide whether a line starts a record and describe it. */
/*
 * Detect a line; outer: not inside another line (a CRI prefix may be
 * taken off, syslog_cri; a syslog message looked into, syslog_inner).
 */
static int
detect_core(struct parser *p, const char *line, size_t len, struct fields *f,
    int outer)
{
	unsigned char	c;
	int		r;

	fields_clear(f);
	if (len == 0)
		return 0;
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	if (p->inf.active && infer_match(&p->inf, line, len, p->year, f)) {
		p->last = FORMAT_LEARNED;
		p->want = p->indented = 0;
		return 1;
	}
	c = (unsigned char)line[0];
	if (outer && LS_DIGIT(c) && len > 40 && line[10] == 'T' &&
	    line[4] == '-' && (r = syslog_cri(p, line, len, f)) >= 0)
		return r;
	if (LS_DIGIT(c))
		r = dt_digit(p, line, len, f);
	else if (c == '[')
		r = dt_bracket(p, line, len, f);
	else if (c == '{')
		r = json_fields(line, len, f, NULL);
	else if (LS_UPPER(c))
		r = dt_upperline(p, line, len, f) ||
		    layouts_upper(p, line, len, f) == LAYOUT_REC;
	else if (LS_LOWER(c)) {
		if (!(r = logfmt_fields(line, len, f))) {
			fields_clear(f);
			r = layouts_lower(p, line, len, f) == LAYOUT_REC;
		}
	} else if (c == '<')
		r = syslog_pri(p, line, len, f);
	else if (c == '-' && len > 40 && line[1] == ' ' && LS_DIGIT(line[2]) &&
	    svc_super(line, len, f) == LAYOUT_REC)
		r = 1;
	else if (c == '-' && len > 2 && line[1] == ' ') {
		r = dt_dash_tail(line, len, 2, f);
		if (r && f->format == FORMAT_PY_CLASSIC &&
		    f->logger.len == 0)
			r = 0;	/* "- WARNING - x" alone is too vague */
	} else if (c == 0x1b || c == ':')
		r = layouts_other(p, line, len, f) == LAYOUT_REC;
	else
		r = 0;
	if (!r && LAYOUTS_STATEFUL(p)) {
		fields_clear(f);
		r = layouts_next(p, line, len, f) == LAYOUT_REC;
	} else if (r && f->level == LEVEL_NONE && c != 0x1b &&
	    memchr(line, 0x1b, len < 256 ? len : 256) != NULL)
		detect_uncolour(p, line, len, f);
	if (!r || f->logger.len == 0)
		r = dt_fallback(p, line, len, f, r);
	if (r && outer && f->format == FORMAT_SYSLOG && f->level == LEVEL_NONE)
		syslog_inner(p, line, len, f);
	if (r) {
		if (f->format == FORMAT_NONE)
			f->format = FORMAT_PY_GENERIC;
		p->last = f->format;
		if (p->want && f->format != FORMAT_JUL)
			p->want = 0;
	} else
		fields_clear(f);
	return r;
}

int
detect_line(struct parser *p, const char *line, size_t len, struct fields *f)
{
	return detect_core(p, line, len, f, 1);
}

/* A line carried inside another (syslog.c): no prefix taken off, no message looked into. */
int
detect_inner(struct parser *p, const char *line, size_t len, struct fields *f)
{
	return detect_core(p, line, len, f, 0);
}
