/*
 * detect.c: recognising record starts without configuration.
 *
 * detect_line looks at one line and decides whether it starts a record,
 * and if so where its timestamp, level, logger and message are. It is a
 * set of small hand-written matchers dispatched on the first byte:
 *
 *   (a Kubernetes CRI prefix "time stdout F " is taken off first: dt_cri)
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
#include "xtime.h"

/* Are s[i..e) all upper-case letters? */
static int
dt_upper(const char *s, size_t i, size_t e)
{
	for (; i < e; i++)
		if (!LS_UPPER(s[i]))
			return 0;
	return 1;
}

/* Level word at [i, e); upper-case only when strict. -1 if none. */
static int
dt_level(const char *s, size_t i, size_t e, int strict)
{
	if (e - i < 3 || e - i > 9)
		return -1;
	if (strict && !dt_upper(s, i, e))
		return -1;
	return level_parse(s + i, e - i);
}

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

/* Past a bracketed group starting at '[' at i (nesting allowed); 0 if unclosed. */
static size_t
dt_bracket_end(const char *s, size_t n, size_t i)
{
	int	depth = 0;

	for (; i < n; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && --depth == 0)
			return i + 1;
	}
	return 0;
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

	if ((e = dt_bracket_end(s, n, i)) == 0)
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

/*
 * "(thread) [logger] msg" at k, after the level: Home Assistant's
 * "%(asctime)s %(levelname)s (%(threadName)s) [%(name)s] %(message)s".
 */
static int
dt_paren_bracket(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	p = ls_find(s, n, k, ')'), b, e;

	if (p >= n || !ls_lit(s, n, p, ") [", 3))
		return 0;
	b = p + 3;
	e = ls_find(s, n, b, ']');
	if (e >= n || !ls_name(s, b, e, NULL))
		return 0;
	f->format = FORMAT_PY_GENERIC;
	ls_span(&f->logger, b, e - b);
	ls_msg(f, n, ls_blanks(s, n, e + 1));
	return 1;
}

/* Level (upper) then " [thread] logger: msg" or " logger: msg" at i. */
static int
dt_log4j_tail(const char *s, size_t n, size_t i, struct fields *f)
{
	size_t	e = ls_word(s, n, i), k;
	int	l;

	if (e >= n || s[e] != ' ' || (l = dt_level(s, i, e, 1)) < 0)
		return 0;
	k = ls_blanks(s, n, e);
	if (k >= n)
		return 0;
	ls_level(f, l, i, e);
	f->format = FORMAT_LOG4J;
	if (s[k] == '[')
		return dt_thread_logger(s, n, k, f);
	if (s[k] == '(' && dt_paren_bracket(s, n, k, f))
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
				if ((d = dt_bracket_end(s, n, d)) == 0)
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

/*
 * "- LEVEL - name - msg" ("%(levelname)s - %(name)s - %(message)s"), k
 * after the level's dash: a logger-like token (dotted, or lower case:
 * "app.db", "root", "__main__"; not "Done") then " - " is the logger.
 */
static void
dt_dash_name(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	t = ls_token(s, n, k), q;
	int	dots;

	if (t == k || !ls_lit(s, n, t, " - ", 3) || !ls_name(s, k, t, &dots))
		return;
	if (dots == 0)
		for (q = k; q < t; q++)
			if (LS_UPPER(s[q]))
				return;
	ls_span(&f->logger, k, t - k);
	ls_msg(f, n, t + 3);
}

/* cloud-init after the time's "- ", at k: "file.py[LEVEL]: msg" (a file name, no logger). */
static int
dt_cloudinit(const char *s, size_t n, size_t k, struct fields *f)
{
	const char	*q;
	size_t		 e, j;
	int		 l;

	if (k >= n || (q = memchr(s + k, '[', n - k < 64 ? n - k : 64)) == NULL ||
	    (e = (size_t)(q - s)) == k || memchr(s + k, ' ', e - k) != NULL ||
	    (j = ls_word(s, n, e + 1)) == e + 1 || !ls_lit(s, n, j, "]: ", 3) ||
	    (l = dt_level(s, e + 1, j, 1)) < 0)
		return 0;
	ls_level(f, l, e + 1, j);
	f->format = FORMAT_PY_GENERIC;
	ls_msg(f, n, j + 3);
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
	    (l = dt_level(s, k, e = ls_word(s, n, k), 1)) >= 0) {
		if (ls_lit(s, n, e, " - ", 3)) {
			ls_level(f, l, k, e);
			f->format = FORMAT_PY_CLASSIC;
			ls_msg(f, n, e + 3);
			dt_dash_name(s, n, e + 3, f);
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
		return dt_cloudinit(s, n, k, f);
	m = j + 3;
	if ((l = dt_classic_level(s, n, m, &e)) >= 0) {
		ls_level(f, l, m, e);
		goto ok;
	}
	e = ls_word(s, n, m);
	if ((l = dt_level(s, m, e, 0)) < 0 || !ls_lit(s, n, e, " - ", 3)) {
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
		return dt_cloudinit(s, n, k, f);
	}
	ls_level(f, l, m, e);
ok:
	ls_span(&f->logger, k, j - k);
	f->format = FORMAT_PY_CLASSIC;
	ls_msg(f, n, e + 3);
	return 1;
}

/* Salt: "[salt.minion      :1234][INFO    ][567] msg" at k. */
static int
dt_salt(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	t = k + 1, b, d, w, we;
	int	l;

	while (t < n && s[t] != ' ' && s[t] != ':' && s[t] != ']')
		t++;
	b = ls_blanks(s, n, t);
	if (t == k + 1 || b >= n || s[b] != ':' || !ls_name(s, k + 1, t, NULL))
		return 0;
	d = ls_blanks(s, n, ls_digits(s, n, b + 1));
	if (!ls_lit(s, n, d, "][", 2))
		return 0;
	w = d + 2;
	we = ls_word(s, n, w);
	if ((l = dt_level(s, w, we, 1)) < 0 || (we = ls_blanks(s, n, we)) >= n ||
	    s[we] != ']')
		return 0;
	ls_level(f, l, w, ls_word(s, n, w));
	ls_span(&f->logger, k + 1, t - k - 1);
	f->format = FORMAT_PY_GENERIC;
	we++;
	if (we < n && s[we] == '[' && (d = ls_find(s, n, we, ']')) < n)
		we = d + 1;
	ls_msg(f, n, ls_blanks(s, n, we));
	return 1;
}

/* After a timestamp's " [": [LEVEL] name (func:line): msg, structlog, logback. */
static int
dt_bracket_tail(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	w = k + 1, e = ls_word(s, n, w), j, t;
	int	l;

	if (k + 1 < n && LS_LOWER(s[k + 1]) && dt_salt(s, n, k, f))
		return 1;

	if ((l = dt_level(s, w, e, 0)) >= 0) {
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
	if ((j = dt_bracket_end(s, n, k)) == 0 || j >= n || s[j] != ' ')
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

	if ((l = dt_level(s, w, e, 0)) < 0 &&
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

	if ((l = dt_level(s, w, e, 0)) < 0 || e >= n || s[e] != '\t')
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

/* journalctl short-iso / syslog "host prog[pid]: msg" at k. */
static int
dt_host_prog(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	h = ls_token(s, n, k), p, e;

	if (h == k || h + 1 >= n || s[h + 1] == ' ')
		return 0;	/* "name   [pid]:" is fail2ban's padded logger */
	p = h + 1;
	e = p;
	while (e < n && s[e] != '[' && s[e] != ':' && s[e] != ' ')
		e++;
	if (e < n && s[e] == ' ')
		e = layouts_prog_end(s, n, p);	/* "Name With Spaces[pid]:" */
	if (e == p || e >= n)
		return 0;
	if (s[e] == '[') {
		size_t b = e + 1;

		while (b < n && s[b] != ']')
			b++;
		/* macOS: "sandboxd[129] ([31211]): msg" */
		if (ls_lit(s, n, b, "] (", 3)) {
			size_t c = ls_find(s, n, b + 3, ')');

			if (c < n && c < b + 200 && ls_lit(s, n, c, "):", 2))
				b = c;
		}
		if (!ls_lit(s, n, b, "]:", 2) && !ls_lit(s, n, b, "):", 2))
			return 0;
		ls_span(&f->logger, p, e - p);
		ls_msg(f, n, b + 3);
	} else if (s[e] == ':') {
		ls_span(&f->logger, p, e - p);
		ls_msg(f, n, e + 2);
	} else
		return 0;
	f->format = FORMAT_SYSLOG;
	return 1;
}

/*
 * Jenkins: "time [id=N]<TAB>LEVEL<TAB>logger#method: msg", j at the '['
 * (java.util.logging levels: SEVERE, WARNING, INFO, FINE...).
 */
static int
dt_jenkins(const char *s, size_t n, size_t j, struct fields *f)
{
	size_t	e = dt_bracket_end(s, n, j), w, we, t;
	int	l;

	if (e == 0 || e >= n || s[e] != '\t')
		return 0;
	w = e + 1;
	we = ls_word(s, n, w);
	if (we >= n || s[we] != '\t' || (l = levels_word(s + w, we - w)) < 0)
		return 0;
	ls_level(f, l, w, we);
	f->format = FORMAT_JUL;
	for (t = we + 1; t < n && s[t] != '#' && s[t] != ':' && s[t] != ' '; t++)
		;
	if (t > we + 1 && ls_name(s, we + 1, t, NULL))
		ls_span(&f->logger, we + 1, t - we - 1);
	t = ls_find(s, n, we + 1, ':');
	ls_msg(f, n, t < n ? ls_blanks(s, n, t + 1) : we + 1);
	return 1;
}

/*
 * Odoo: "time pid LEVEL dbname logger.name: msg", at ge past the database
 * name ("?" when none): the dotted name ending in ':' is the logger.
 */
static int
dt_odoo(const char *s, size_t n, size_t ge, struct fields *f)
{
	size_t	g = ge + 1, e = ls_token(s, n, g);
	int	dots;

	if (ge >= n || s[ge] != ' ' || e < g + 4 || s[e - 1] != ':' ||
	    !ls_name(s, g, e - 1, &dots) || dots == 0)
		return 0;
	f->format = FORMAT_OSLO;
	ls_span(&f->logger, g, e - 1 - g);
	ls_msg(f, n, ls_blanks(s, n, e));
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
		    (l = dt_level(s, k, e, 1)) >= 0 &&
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
	if (c == '[' && ls_lit(s, n, j, "[id=", 4) && dt_jenkins(s, n, j, f))
		return 1;
	/* ZooKeeper 3.5+: "time [myid:N] - LEVEL  [thread:Class@line] - msg" */
	if (c == '[' && ls_lit(s, n, j, "[myid:", 6) &&
	    (e = dt_bracket_end(s, n, j)) != 0 && ls_lit(s, n, e, " - ", 3)) {
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

			if ((l = dt_level(s, w, we, 1)) >= 0 && we < n &&
			    s[we] == ' ') {
				size_t g = ls_blanks(s, n, we), ge;

				ls_level(f, l, w, we);
				ge = ls_token(s, n, g);
				if (ge > g && s[ge - 1] == ':') {
					f->format = FORMAT_LOG4J;
					ls_span(&f->logger, g, ge - g - 1);
				} else if (dt_odoo(s, n, ge, f)) {
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
		if (dt_host_prog(s, n, j, f))
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

	if ((l = dt_level(s, w, e, 0)) < 0 || e >= n || s[e] != '/')
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

/*
 * PHP's error log time after '[': "28-Nov-2026 10:00:01 UTC", the zone a
 * name (Europe/Berlin) that is kept in the time's span but not applied
 * (no zone database): the bytes used after the '[', or 0.
 */
static size_t
dt_php_time(const char *s, size_t n, int64_t *t)
{
	size_t	i = xtime_dmy_dash(s + 1, n - 1, t), z;

	if (i == 0 || 1 + i >= n || s[1 + i] != ' ')
		return i;
	for (z = 2 + i; z < n && (LS_ALNUM(s[z]) || s[z] == '/' ||
	    s[z] == '_' || s[z] == '+' || s[z] == '-'); z++)
		;
	return z > 2 + i && z < n && s[z] == ']' ? z - 1 : i;
}

/*
 * Kafka: "[time] LEVEL msg (kafka.server.KafkaServer)", the message from
 * k: a class name in parentheses closing the line is the logger (two dots
 * at least, or a capitalised last part: not "(settings.yaml)").
 */
static void
dt_logger_tail(const char *s, size_t n, size_t k, struct fields *f)
{
	size_t	e = n, b;
	int	dots;

	while (e > k && (s[e - 1] == ' ' || s[e - 1] == '\r'))
		e--;
	if (e < k + 6 || s[e - 1] != ')')
		return;
	for (b = e - 1; b > k && s[b - 1] != '(' && s[b - 1] != ' '; b--)
		;
	if (b < k + 2 || s[b - 1] != '(' || s[b - 2] != ' ' ||
	    !ls_name(s, b, e - 1, &dots) || dots == 0)
		return;
	if (dots < 2) {
		const char *last = memrchr(s + b, '.', e - 1 - b);

		if (last == NULL || !LS_UPPER(last[1]))
			return;
	}
	ls_span(&f->logger, b, e - 1 - b);
	ls_span(&f->message, k, b - 2 - k);
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
			i = dt_php_time(s, n, &t);
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
		if (j < n && s[j] == '[' && layouts_envoy(s, n, j, f) == LAYOUT_REC)
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
				if ((l = dt_level(s, k + 3, e, 0)) >= 0 &&
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
			return layouts_php(s, n, j + 4, f, 0) == LAYOUT_REC;
		if (layouts_btime(s, n, j, f) == LAYOUT_REC)
			return 1;
		e = ls_word(s, n, j);
		if ((l = dt_level(s, j, e, 1)) >= 0 && e < n &&
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
				dt_logger_tail(s, n, k, f);
			return 1;
		}
		f->format = FORMAT_PY_GENERIC;
		ls_msg(f, n, j);
		return 1;
	}
	/* [LEVEL] msg, [LEVEL] time name: msg */
	e = ls_word(s, n, 1);
	if ((l = dt_level(s, 1, e, 1)) >= 0 && ls_lit(s, n, e, "] ", 2)) {
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

	if (e < n && s[e] == ':' && (l = dt_level(s, 0, e, 1)) >= 0) {
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
		if (dt_host_prog(s, n, k + 1, f))
			return 1;
		fields_clear(f);
		return 0;
	}
	if (e < n && s[e] == ' ' && (l = dt_level(s, 0, e, 1)) >= 0) {
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

/* syslog with a PRI: RFC 5424 "<34>1 ts host app pid msgid sd msg" or 3164. */
static int
dt_pri(struct parser *p, const char *s, size_t n, struct fields *f)
{
	size_t	i = 1, k, e, h, pe;
	int	pri = 0, l;
	int64_t	t;
	static const uint8_t sev[8] = { LEVEL_CRITICAL, LEVEL_CRITICAL,
	    LEVEL_CRITICAL, LEVEL_ERROR, LEVEL_WARNING, LEVEL_NOTICE,
	    LEVEL_INFO, LEVEL_DEBUG };

	while (i < n && i < 4 && LS_DIGIT(s[i]))
		pri = pri * 10 + (s[i++] - '0');
	if (i == 1 || i >= n || s[i] != '>' || pri > 191)
		return 0;
	l = sev[pri % 8];
	pe = i;
	i++;
	if (ls_lit(s, n, i, "1 ", 2)) {
		i += 2;
		if ((k = ptime_iso(s + i, n - i, &t)) != 0) {
			f->time = t;
			ls_span(&f->time_span, i, k);
			i += k;
		} else if (i < n && s[i] == '-')
			i++;
		else
			return 0;
		if (i >= n || s[i] != ' ')
			return 0;
		h = ls_token(s, n, i + 1);		/* host */
		if (h >= n)
			return 0;
		e = ls_token(s, n, h + 1);		/* app */
		if (!(e == h + 2 && s[h + 1] == '-'))
			ls_span(&f->logger, h + 1, e - h - 1);
		k = e;
		if (k < n)
			k = ls_token(s, n, k + 1);	/* procid */
		if (k < n)
			k = ls_token(s, n, k + 1);	/* msgid */
		if (k < n) {
			k++;
			if (k < n && s[k] == '[') {
				while (k < n && s[k] == '[' &&
				    (e = dt_bracket_end(s, n, k)) != 0)
					k = e;
			} else
				k = ls_token(s, n, k);	/* "-" */
			if (k < n)
				k++;
		}
		f->level = (uint8_t)l;
		ls_span(&f->level_span, 1, pe - 1);
		f->format = FORMAT_SYSLOG;
		ls_msg(f, n, k);
		return 1;
	}
	if ((k = ptime_syslog(s + i, n - i, p->year, &t)) != 0 &&
	    i + k < n && s[i + k] == ' ' && dt_host_prog(s, n, i + k + 1, f)) {
		f->time = t;
		ls_span(&f->time_span, i, k);
		f->level = (uint8_t)l;
		ls_span(&f->level_span, 1, pe - 1);
		return 1;
	}
	fields_clear(f);
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
static int	detect_core(struct parser *, const char *, size_t,
		    struct fields *, int);

/*
 * A Kubernetes node's container log (CRI): "RFC3339-time stdout|stderr
 * F|P line", the line as the container wrote it. The inner line is
 * detected on its own (a traceback line inside stays a continuation) and
 * its spans moved past the prefix; without a time of its own it takes the
 * runtime's. -1 when the line is no CRI line.
 */

static int
dt_cri(struct parser *p, const char *s, size_t n, struct fields *f)
{
	const char	*q = memchr(s, ' ', 40);
	size_t		 k;
	int64_t		 t;
	int		 r;

	if (q == NULL || (k = (size_t)(q - s)) + 10 > n ||
	    (!ls_lit(s, n, k, " stdout ", 8) && !ls_lit(s, n, k, " stderr ", 8)) ||
	    (s[k + 8] != 'F' && s[k + 8] != 'P') || s[k + 9] != ' ' ||
	    ptime_iso(s, k, &t) != k)
		return -1;
	k += 10;
	if ((r = detect_core(p, s + k, n - k, f, 0)) == 0)
		return 0;	/* (no CRI inside CRI: no recursion on hostile input) */
	f->time_span.off += (uint32_t)k;
	f->level_span.off += (uint32_t)k;
	f->logger.off += (uint32_t)k;
	f->message.off += (uint32_t)k;
	if (f->time == TIME_UNKNOWN) {
		f->time = t;
		ls_span(&f->time_span, 0, k - 10);
	}
	return r;
}

/*
 * A syslog record's message may be a program's own record: "app[12]:
 * error: x", "app[12]: 2026-... - name - WARNING - msg" (Python through
 * SysLogHandler or journald). Its level is taken, and its logger when it
 * names one (else the program stays the logger). The parser's state is
 * the outer line's.
 */
static void
dt_syslog_inner(struct parser *p, const char *s, size_t n, struct fields *f)
{
	struct fields	in;
	size_t		k = f->message.off;
	int		last = p->last;
	int8_t		want = p->want, amend = p->amend, ind = p->indented;

	if (k >= n || k == 0)
		return;
	p->last = FORMAT_NONE;
	p->want = 0;
	if (detect_core(p, s + k, n - k, &in, 0) == 1 &&
	    in.level != LEVEL_NONE) {
		f->level = in.level;
		ls_span(&f->level_span, k + in.level_span.off, in.level_span.len);
		if (in.logger.len > 0)
			ls_span(&f->logger, k + in.logger.off, in.logger.len);
		/* a message runs to the line's end: not so inside JSON, logfmt */
		if (in.format != FORMAT_JSON && in.format != FORMAT_LOGFMT &&
		    in.format != FORMAT_LOGRUS)
			ls_span(&f->message, k + in.message.off,
			    in.message.len);
	}
	p->last = last;
	p->want = want;
	p->amend = amend;
	p->indented = ind;
}

/*
 * Detect a line; outer: not inside another line (a CRI prefix may be
 * taken off, dt_cri; a syslog message looked into, dt_syslog_inner).
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
	    line[4] == '-' && (r = dt_cri(p, line, len, f)) >= 0)
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
		r = dt_pri(p, line, len, f);
	else if (c == '-' && len > 40 && line[1] == ' ' && LS_DIGIT(line[2]) &&
	    layouts_super(line, len, f) == LAYOUT_REC)
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
		dt_syslog_inner(p, line, len, f);
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
