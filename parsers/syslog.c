/*
 * syslog.c: lines that carry another program's line, for detect.c.
 *
 * syslog: RFC 5424 and 3164 with a PRI (its severity is the level), the
 * "host program[pid]: msg" after a time (the program is the logger), and
 * the program's own record inside the message (syslog_inner: its level,
 * and its logger when it names one). The container runtime's CRI lines
 * ("time stdout F line") carry a line the same way; the prefix is taken
 * off and the line inside detected (syslog_cri). A line inside is never
 * looked into again (detect_inner), so no input can make this recurse.
 */
#include "syslog.h"

#include <string.h>

#include "layouts.h"
#include "level.h"
#include "lscan.h"
#include "parse.h"
#include "ptime.h"

/*
 * A Kubernetes node's container log (CRI): "RFC3339-time stdout|stderr
 * F|P line", the line as the container wrote it. The inner line is
 * detected on its own (a traceback line inside stays a continuation) and
 * its spans moved past the prefix; without a time of its own it takes the
 * runtime's. -1 when the line is no CRI line.
 */

int
syslog_cri(struct parser *p, const char *s, size_t n, struct fields *f)
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
	if ((r = detect_inner(p, s + k, n - k, f)) == 0)
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

/* journalctl short-iso / syslog "host prog[pid]: msg" at k. */
int
syslog_host_prog(const char *s, size_t n, size_t k, struct fields *f)
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

/* syslog with a PRI: RFC 5424 "<34>1 ts host app pid msgid sd msg" or 3164. */
int
syslog_pri(struct parser *p, const char *s, size_t n, struct fields *f)
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
				    (e = ls_bracket_end(s, n, k)) != 0)
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
	    i + k < n && s[i + k] == ' ' && syslog_host_prog(s, n, i + k + 1, f)) {
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
 * A syslog record's message may be a program's own record: "app[12]:
 * error: x", "app[12]: 2026-... - name - WARNING - msg" (Python through
 * SysLogHandler or journald). Its level is taken, and its logger when it
 * names one (else the program stays the logger). The parser's state is
 * the outer line's.
 */
void
syslog_inner(struct parser *p, const char *s, size_t n, struct fields *f)
{
	struct fields	in;
	size_t		k = f->message.off;
	int		last = p->last;
	int8_t		want = p->want, amend = p->amend, ind = p->indented;

	if (k >= n || k == 0)
		return;
	p->last = FORMAT_NONE;
	p->want = 0;
	if (detect_inner(p, s + k, n - k, &in) == 1 &&
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
