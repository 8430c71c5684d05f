/*
 * compact.c: the compact view of a record.
 *
 * A record's first line becomes a prefix -- the time of day, a level
 * badge of fixed width, the logger fitted to a column -- then the message.
 * JSON lines and logfmt records show their message and then their other
 * fields as key=value in the order they were written; exception and stack
 * fields become lines of their own, like a traceback. Continuation lines
 * follow, indented under the message.
 *
 * The output (struct compact) is owned by the caller and reused: text and
 * segments grow with xrealloc and are never shrunk. The renderer reads only
 * [rec, rec + len) and the spans of *f that lie inside the first line (a
 * span outside it is ignored). It never drops bytes: a record it cannot
 * read (no fields, broken JSON after some point) is shown as written from
 * there on. It does not draw; the pane sanitizes the text when it draws.
 */
#include "compact.h"

#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/scan.h"
#include "core/xmalloc.h"
#include "parsers/level.h"
#include "parsers/logfmt.h"

#define COMPACT_EXC_MAX	8	/* exception fields expanded per record */

/* A JSON value found by the walker: raw [start, end), string content [coff, coff + clen). */
struct cval {
	size_t	start;
	size_t	end;
	size_t	coff;
	size_t	clen;
	int	type;		/* 's' string, 'o' object, 'a' array, 'x' other */
};

/* Fields to expand into lines after the record's head. */
struct cexc {
	size_t	off;
	size_t	len;
	int	type;		/* 's' JSON string, 'a' array of strings, 'l' logfmt */
};

/* Scanner over one line. */
struct cj {
	const char	*s;
	size_t		 n;
	size_t		 i;
};

static const char *const compact_exc_keys[] = {
	"exc_info", "exception", "exc_text", "stack", "stack_trace",
	"stacktrace", "traceback", "backtrace", NULL
};

/* Set up an empty rendering. */
void
compact_init(struct compact *c)
{
	memset(c, 0, sizeof *c);
}

/* Free a rendering's buffers. */
void
compact_free(struct compact *c)
{
	free(c->text);
	free(c->segs);
	free(c->tmp);
	memset(c, 0, sizeof *c);
}

/* Append bytes to the output. */
static void
c_add(struct compact *c, const char *s, size_t n)
{
	if (c->len + n + 1 > c->size) {
		c->size = c->size ? c->size : 256;
		while (c->len + n + 1 > c->size)
			c->size *= 2;
		c->text = xrealloc(c->text, c->size);
	}
	if (n > 0)
		memcpy(c->text + c->len, s, n);
	c->len += n;
	c->text[c->len] = '\0';
}

/* Mark [from, c->len) as a segment of a kind (nothing when empty). */
static void
c_seg(struct compact *c, size_t from, int kind)
{
	struct cseg	*sg;

	if (c->len <= from)
		return;
	if (c->nsegs == c->segsize) {
		c->segsize = c->segsize ? c->segsize * 2 : 16;
		c->segs = xreallocarray(c->segs, c->segsize, sizeof *c->segs);
	}
	sg = &c->segs[c->nsegs++];
	sg->off = (uint32_t)from;
	sg->len = (uint32_t)(c->len - from);
	sg->kind = (uint8_t)kind;
}

/* Append bytes as a segment of a kind. */
static void
c_add_seg(struct compact *c, const char *s, size_t n, int kind)
{
	size_t	from = c->len;

	c_add(c, s, n);
	c_seg(c, from, kind);
}

/* Start a continuation line: a newline and the indent. */
static void
c_newline(struct compact *c)
{
	unsigned	i;

	c_add(c, "\n", 1);
	for (i = 0; i < c->indent; i++)
		c_add(c, " ", 1);
}

/* Append a byte to the scratch buffer. */
static void
c_tmp(struct compact *c, const char *s, size_t n)
{
	if (c->tmplen + n > c->tmpsize) {
		c->tmpsize = c->tmpsize ? c->tmpsize : 256;
		while (c->tmplen + n > c->tmpsize)
			c->tmpsize *= 2;
		c->tmp = xrealloc(c->tmp, c->tmpsize);
	}
	memcpy(c->tmp + c->tmplen, s, n);
	c->tmplen += n;
}

/* The level badge. */
const char *
compact_badge(unsigned level)
{
	static const char *const badges[LEVEL_COUNT] = {
		"", "TRACE", "DEBUG", "INFO ", "NOTE ", "WARN ", "ERROR", "CRIT "
	};

	return level < LEVEL_COUNT ? badges[level] : "";
}

/* Logger column for a pane width. */
unsigned
compact_logger_width(unsigned width)
{
	if (width == 0 || width >= 160)
		return 24;
	if (width >= 120)
		return 18;
	if (width >= 90)
		return 14;
	if (width >= 60)
		return 10;
	return 0;
}

/* Is a span inside a line of n bytes and not empty? */
static int
c_span_ok(const struct span *sp, size_t n)
{
	return sp->len > 0 && sp->off <= n && sp->len <= n - sp->off;
}

/* Two digits at s? */
static int
c_d2(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9';
}

/* The date of ms since the epoch, UTC. */
void
compact_date(int64_t ms, char out[16])
{
	int64_t	days = ms / 86400000, z, era, doe, yoe, y, doy, mp, d, m;

	if (ms % 86400000 < 0)
		days--;
	/* Howard Hinnant's civil_from_days. */
	z = days + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	y = yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y += m <= 2;
	if (y < 0 || y > 9999)
		y = 0;
	out[0] = (char)('0' + y / 1000);
	out[1] = (char)('0' + y / 100 % 10);
	out[2] = (char)('0' + y / 10 % 10);
	out[3] = (char)('0' + y % 10);
	out[4] = '-';
	out[5] = (char)('0' + m / 10);
	out[6] = (char)('0' + m % 10);
	out[7] = '-';
	out[8] = (char)('0' + d / 10);
	out[9] = (char)('0' + d % 10);
	out[10] = '\0';
}

/* The time of day of a record. */
size_t
compact_time(const char *line, size_t n, const struct fields *f, char out[16])
{
	const char	*s;
	size_t		 i, k, sl;
	int64_t		 t;

	if (c_span_ok(&f->time_span, n)) {
		s = line + f->time_span.off;
		sl = f->time_span.len;
		for (i = 0; i + 8 <= sl; i++) {
			if (!c_d2(s + i) || s[i + 2] != ':' || !c_d2(s + i + 3) ||
			    s[i + 5] != ':' || !c_d2(s + i + 6))
				continue;
			memcpy(out, s + i, 8);
			out[8] = '.';
			k = 0;
			if (i + 8 < sl && (s[i + 8] == '.' || s[i + 8] == ','))
				for (; k < 3 && i + 9 + k < sl && s[i + 9 + k] >=
				    '0' && s[i + 9 + k] <= '9'; k++)
					out[9 + k] = s[i + 9 + k];
			for (; k < 3; k++)
				out[9 + k] = '0';
			out[12] = '\0';
			return 12;
		}
	}
	if (f->time == TIME_UNKNOWN) {
		out[0] = '\0';
		return 0;
	}
	t = f->time % 86400000;
	if (t < 0)
		t += 86400000;
	out[0] = (char)('0' + t / 36000000);
	out[1] = (char)('0' + t / 3600000 % 10);
	out[2] = ':';
	out[3] = (char)('0' + t / 600000 % 6);
	out[4] = (char)('0' + t / 60000 % 10);
	out[5] = ':';
	out[6] = (char)('0' + t / 10000 % 6);
	out[7] = (char)('0' + t / 1000 % 10);
	out[8] = '.';
	out[9] = (char)('0' + t / 100 % 10);
	out[10] = (char)('0' + t / 10 % 10);
	out[11] = (char)('0' + t % 10);
	out[12] = '\0';
	return 12;
}

/* One character of s[off..n): its bytes and columns. */
static size_t
c_char(const char *s, size_t n, size_t off, unsigned *w)
{
	struct scell	c;
	size_t		used = sanitize_next(s, n, off, 0, 8, &c);

	*w = c.width;
	return used;
}

/* Columns of s[0..n). */
static unsigned
c_width(const char *s, size_t n)
{
	return (unsigned)sanitize_width(s, n, 8);
}

/* Append to out (room left permitting): returns 0 when it did not fit. */
static int
c_put(char *out, size_t outsz, size_t *o, const char *s, size_t n)
{
	if (*o + n + 1 > outsz)
		return 0;
	memcpy(out + *o, s, n);
	*o += n;
	out[*o] = '\0';
	return 1;
}

/*
 * The name with leading components [0, abbr) shortened to their first
 * character and components [0, drop) left out (an ellipsis for them):
 * into out; returns its columns, or UINT32_MAX when out is too small.
 */
static unsigned
c_logger_form(const char *s, size_t n, size_t abbr, size_t drop, char *out,
    size_t outsz)
{
	size_t		i = 0, comp = 0, end, o = 0, cl;
	unsigned	w = 0, cw;

	out[0] = '\0';
	if (drop > 0) {
		if (!c_put(out, outsz, &o, COMPACT_ELLIPSIS, 3))
			return UINT32_MAX;
		w++;
	}
	while (i <= n) {
		end = scan_byte(s, i, n, '.');
		if (comp >= drop) {
			if (comp > drop && !c_put(out, outsz, &o, ".", 1))
				return UINT32_MAX;
			w += comp > drop;
			cl = end - i;
			if (comp < abbr && cl > 0) {
				cl = c_char(s, end, i, &cw);
				w += cw;
			} else
				w += c_width(s + i, cl);
			if (!c_put(out, outsz, &o, s + i, cl))
				return UINT32_MAX;
		}
		comp++;
		i = end + 1;
	}
	return w;
}

/* Fit a logger name to a column. */
unsigned
compact_logger(const char *s, size_t n, unsigned width, char *out, size_t outsz)
{
	size_t		ncomp = 1, i, last, o = 0, used;
	unsigned	w, cw, room;

	out[0] = '\0';
	if (width == 0 || n == 0 || outsz < 8)
		return 0;
	for (i = 0; i < n; i++)
		ncomp += s[i] == '.';
	for (i = 0; i < ncomp; i++) {		/* abbreviate from the left */
		w = c_logger_form(s, n, i, 0, out, outsz);
		if (w <= width)
			return w;
	}
	for (i = 1; i < ncomp; i++) {		/* then elide */
		w = c_logger_form(s, n, ncomp - 1, i, out, outsz);
		if (w <= width)
			return w;
	}
	last = n;
	while (last > 0 && s[last - 1] != '.')
		last--;
	out[0] = '\0';
	w = c_width(s + last, n - last);	/* the last component alone */
	if (w <= width && c_put(out, outsz, &o, s + last, n - last))
		return w;
	room = width >= 2 ? width - 1 : width;	/* cut, then an ellipsis */
	w = 0;
	for (i = last; i < n; i += used) {
		used = c_char(s, n, i, &cw);
		if (used == 0 || w + cw > room || !c_put(out, outsz, &o, s + i,
		    used))
			break;
		w += cw;
	}
	if ((width >= 2 || w == 0) && c_put(out, outsz, &o, COMPACT_ELLIPSIS, 3))
		w++;
	return w;
}

/* Skip JSON white space. */
static void
cj_ws(struct cj *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
	    j->s[j->i] == '\r' || j->s[j->i] == '\n'))
		j->i++;
}

/* Read one JSON value at j->i into *v; -1 when it is broken or cut short. */
static int
cj_value(struct cj *j, struct cval *v)
{
	size_t	q;
	int	depth = 0;
	char	ch;

	if (j->i >= j->n)
		return -1;
	v->start = j->i;
	ch = j->s[j->i];
	v->type = ch == '"' ? 's' : ch == '{' ? 'o' : ch == '[' ? 'a' : 'x';
	for (;;) {
		if (j->i >= j->n)
			return -1;
		ch = j->s[j->i];
		if (ch == '"') {
			q = scan_quote_end(j->s, j->i + 1, j->n);
			if (q >= j->n)
				return -1;
			if (depth == 0) {
				v->coff = j->i + 1;
				v->clen = q - v->coff;
			}
			j->i = q + 1;
		} else if (ch == '{' || ch == '[') {
			depth++;
			j->i++;
		} else if (ch == '}' || ch == ']') {
			if (depth == 0)
				break;
			j->i++;
			depth--;
		} else if (depth == 0 && (ch == ',' || ch == ' ' || ch == '\t' ||
		    ch == '\r' || ch == '\n'))
			break;
		else
			j->i++;
		if (depth == 0 && (v->type == 's' || v->type == 'o' ||
		    v->type == 'a'))
			break;
	}
	v->end = j->i;
	return v->end > v->start ? 0 : -1;
}

/* Read '"key":' at j->i; -1 when there is none. */
static int
cj_key(struct cj *j, struct cval *k)
{
	cj_ws(j);
	if (j->i >= j->n || j->s[j->i] != '"' || cj_value(j, k) < 0)
		return -1;
	cj_ws(j);
	if (j->i >= j->n || j->s[j->i] != ':')
		return -1;
	j->i++;
	cj_ws(j);
	return 0;
}

/* After a member: 1 at ',' (moved past), 0 at '}' (moved past), -1 else. */
static int
cj_next(struct cj *j)
{
	cj_ws(j);
	if (j->i < j->n && j->s[j->i] == ',') {
		j->i++;
		return 1;
	}
	if (j->i < j->n && j->s[j->i] == '}') {
		j->i++;
		return 0;
	}
	return -1;
}

/* Four hex digits at s: the value, or -1. */
static long
c_hex4(const char *s)
{
	long	v = 0;
	int	i;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (s[i] >= '0' && s[i] <= '9')
			v |= s[i] - '0';
		else if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			v |= (s[i] | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

/* A code point as UTF-8 into b; returns its length. */
static size_t
c_utf8(long cp, char *b)
{
	if (cp < 0x80) {
		b[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		b[0] = (char)(0xe0 | cp >> 12);
		b[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		b[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	b[0] = (char)(0xf0 | cp >> 18);
	b[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	b[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	b[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * Decode the body of a JSON (or logfmt) string s[0..n) into the scratch
 * buffer: the usual escapes, \uXXXX with surrogate pairs. An escape that
 * does not decode is kept as written.
 */
static void
c_unescape(struct compact *c, const char *s, size_t n)
{
	size_t	i = 0, run;
	long	cp, lo;
	char	b[4], e;

	c->tmplen = 0;
	while (i < n) {
		run = scan_byte(s, i, n, '\\');
		c_tmp(c, s + i, run - i);
		if ((i = run) >= n)
			break;
		e = i + 1 < n ? s[i + 1] : '\0';
		switch (e) {
		case 'n': c_tmp(c, "\n", 1); i += 2; continue;
		case 't': c_tmp(c, "\t", 1); i += 2; continue;
		case 'r': c_tmp(c, "\r", 1); i += 2; continue;
		case 'b': c_tmp(c, "\b", 1); i += 2; continue;
		case 'f': c_tmp(c, "\f", 1); i += 2; continue;
		case '"': case '\\': case '/': c_tmp(c, &e, 1); i += 2; continue;
		}
		cp = e == 'u' && i + 6 <= n ? c_hex4(s + i + 2) : -1;
		if (cp >= 0xd800 && cp < 0xdc00 && i + 12 <= n &&
		    s[i + 6] == '\\' && s[i + 7] == 'u' &&
		    (lo = c_hex4(s + i + 8)) >= 0xdc00 && lo < 0xe000) {
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
			c_tmp(c, b, c_utf8(cp, b));
			i += 12;
		} else if (cp >= 0 && (cp < 0xd800 || cp >= 0xe000)) {
			c_tmp(c, b, c_utf8(cp, b));
			i += 6;
		} else {
			c_tmp(c, s + i, 1);	/* kept as written */
			i++;
		}
	}
}

/*
 * End a value appended since from: cut it to COMPACT_VAL_MAX bytes (at a
 * character), mark it as a segment of kind, and add the cut marker.
 */
static void
c_end_value(struct compact *c, size_t from, int kind)
{
	size_t	k;
	int	cut = 0;

	if (c->len - from > COMPACT_VAL_MAX) {
		k = from + COMPACT_VAL_MAX;
		while (k > from && ((unsigned char)c->text[k] & 0xc0) == 0x80)
			k--;
		c->len = k;
		c->text[k] = '\0';
		cut = 1;
	}
	c_seg(c, from, kind);
	if (cut)
		c_add_seg(c, COMPACT_ELLIPSIS, 3, CSEG_MARKER);
}

/* Append a decoded string value (in tmp), quoted when it holds blanks, '=' or '"'. */
static void
c_add_strval(struct compact *c)
{
	size_t	i, from = c->len;
	int	quote = c->tmplen == 0;
	char	ch;

	for (i = 0; i < c->tmplen && !quote; i++)
		quote = c->tmp[i] == ' ' || c->tmp[i] == '=' ||
		    c->tmp[i] == '"' || (unsigned char)c->tmp[i] < 0x20;
	if (!quote) {
		c_add(c, c->tmp, c->tmplen);
		c_end_value(c, from, CSEG_VALUE);
		return;
	}
	c_add(c, "\"", 1);
	for (i = 0; i < c->tmplen && c->len - from <= COMPACT_VAL_MAX; i++) {
		ch = c->tmp[i];
		if (ch == '"' || ch == '\\')
			c_add(c, "\\", 1);
		if (ch == '\n')
			c_add(c, "\\n", 2);
		else if (ch == '\t')
			c_add(c, "\\t", 2);
		else if (ch == '\r')
			c_add(c, "\\r", 2);
		else
			c_add(c, &ch, 1);
	}
	if (i >= c->tmplen)
		c_add(c, "\"", 1);
	c_end_value(c, from, CSEG_VALUE);
}

/* Append a JSON value without the blanks outside its strings. */
static void
c_add_json(struct compact *c, const char *s, size_t n)
{
	size_t	i = 0, q;

	while (i < n) {
		if (s[i] == '"') {
			q = scan_quote_end(s, i + 1, n);
			q = q < n ? q + 1 : n;
			c_add(c, s + i, q - i);
			i = q;
		} else {
			if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' &&
			    s[i] != '\n')
				c_add(c, s + i, 1);
			i++;
		}
	}
}

/* Is s[0..n) the name of an exception or stack field? */
static int
c_exc_key(const char *s, size_t n)
{
	size_t	k;

	for (k = 0; compact_exc_keys[k] != NULL; k++)
		if (strlen(compact_exc_keys[k]) == n &&
		    memcmp(compact_exc_keys[k], s, n) == 0)
			return 1;
	return 0;
}

/* Was this value shown in the prefix (or as the message)? */
static int
c_used(const struct fields *f, size_t off, size_t len)
{
	const struct span	*sp[4] = { &f->time_span, &f->level_span,
	    &f->logger, &f->message };
	int			 i;

	for (i = 0; i < 4; i++)
		if (sp[i]->len > 0 && sp[i]->off == off && sp[i]->len == len)
			return 1;
	return 0;
}

/* Append " key=" as a segment (sub: a member name after a dot, or NULL). */
static void
c_add_key(struct compact *c, const char *k, size_t kl)
{
	size_t	from;

	c_add(c, " ", 1);
	from = c->len;
	c_add(c, k, kl);
	c_add(c, "=", 1);
	c_seg(c, from, CSEG_KEY);
}

/* Queue an exception field for expansion; 0 when the queue is full. */
static int
c_exc_push(struct cexc *ex, size_t *nex, size_t off, size_t len, int type)
{
	if (*nex >= COMPACT_EXC_MAX)
		return 0;
	ex[*nex].off = off;
	ex[*nex].len = len;
	ex[*nex].type = type;
	(*nex)++;
	return 1;
}

/*
 * Append an object value without its exception members (queued instead,
 * as "stack" in {"error": {"stack": "..."}}). Returns -1, having appended
 * nothing, when the object does not read to its end.
 */
static int
c_add_obj(struct compact *c, const char *s, size_t n, struct cexc *ex,
    size_t *nex)
{
	struct cj	j = { s, n, 1 };
	struct cval	k, v;
	size_t		from = c->len, nsegs = c->nsegs, nex0 = *nex;
	int		r = 0, first = 1;

	c_add(c, "{", 1);
	cj_ws(&j);
	if (j.i < n && s[j.i] == '}')
		r = 0;
	else {
		do {
			if (cj_key(&j, &k) < 0 || cj_value(&j, &v) < 0) {
				r = -1;
				break;
			}
			if (v.type == 's' && c_exc_key(s + k.coff, k.clen) &&
			    c_exc_push(ex, nex, v.coff, v.clen, 's'))
				continue;
			if (!first)
				c_add(c, ",", 1);
			first = 0;
			c_add(c, s + k.start, k.end - k.start);
			c_add(c, ":", 1);
			c_add_json(c, s + v.start, v.end - v.start);
		} while ((r = cj_next(&j)) == 1);
	}
	if (r < 0) {
		c->len = from;
		c->nsegs = nsegs;
		*nex = nex0;
		return -1;
	}
	c_add(c, "}", 1);
	return 0;
}

/* One member of a JSON record: skipped when shown already, queued, or key=value. */
static void
c_json_member(struct compact *c, const char *line, const struct cval *k,
    const struct cval *v, const struct fields *f, struct cexc *ex,
    size_t *nex)
{
	size_t	from, kfrom, nsegs0, nex0, nex1;

	if (v->type == 's' ? c_used(f, v->coff, v->clen) :
	    c_used(f, v->start, v->end - v->start))
		return;
	if (c_exc_key(line + k->coff, k->clen) && (v->type == 's' ||
	    v->type == 'a') && c_exc_push(ex, nex, v->type == 's' ? v->coff :
	    v->start, v->type == 's' ? v->clen : v->end - v->start, v->type))
		return;
	kfrom = c->len;
	nsegs0 = c->nsegs;
	nex0 = nex1 = *nex;
	c_add_key(c, line + k->coff, k->clen);
	from = c->len;
	if (v->type == 's') {
		c_unescape(c, line + v->coff, v->clen);
		c_add_strval(c);
		return;
	}
	if (v->type == 'o') {
		if (c_add_obj(c, line + v->start, v->end - v->start, ex,
		    nex) == 0) {
			/* offsets of queued members are relative to the value */
			for (; nex0 < *nex; nex0++)
				ex[nex0].off += v->start;
			if (c->len - from == 2 && *nex > nex1) {
				c->len = kfrom;	/* {} left: only a stack */
				c->text[kfrom] = '\0';
				c->nsegs = nsegs0;
				return;
			}
			c_end_value(c, from, CSEG_VALUE);
			return;
		}
	}
	c_add_json(c, line + v->start, v->end - v->start);
	c_end_value(c, from, CSEG_VALUE);
}

/* Append " " and the rest of a line as written. */
static void
c_add_rest(struct compact *c, const char *s, size_t n)
{
	while (n > 0 && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	if (n == 0)
		return;
	if (c->len > 0 && c->text[c->len - 1] != ' ')
		c_add(c, " ", 1);
	c_add(c, s, n);
}

/* The fields of a JSON record after its message; the unreadable rest as written. */
static void
c_json_body(struct compact *c, const char *line, size_t n,
    const struct fields *f, struct cexc *ex, size_t *nex)
{
	struct cj	j = { line, n, 0 };
	struct cval	k, v;
	size_t		mark;
	int		r;

	cj_ws(&j);
	if (j.i >= n || line[j.i] != '{') {
		c_add_rest(c, line + j.i, n - j.i);
		return;
	}
	j.i++;
	cj_ws(&j);
	if (j.i < n && line[j.i] == '}')
		j.i++;
	else {
		for (;;) {
			mark = j.i;
			if (cj_key(&j, &k) < 0 || cj_value(&j, &v) < 0) {
				j.i = mark;
				break;
			}
			c_json_member(c, line, &k, &v, f, ex, nex);
			if ((r = cj_next(&j)) <= 0)
				break;
		}
	}
	cj_ws(&j);
	c_add_rest(c, line + j.i, n - j.i);
}

/* The pairs of a logfmt record after its message; the unreadable rest as written. */
static void
c_logfmt_body(struct compact *c, const char *line, size_t n,
    const struct fields *f, struct cexc *ex, size_t *nex)
{
	struct logfmt_pair	kv;
	size_t			pos = 0, mark, from;
	int			r;

	for (;;) {
		mark = pos;
		if ((r = logfmt_next(line, n, &pos, &kv)) == 0)
			return;
		if (r < 0 || pos <= mark) {
			c_add_rest(c, line + mark, n - mark);
			return;
		}
		if (kv.has_eq && c_used(f, kv.val.off, kv.val.len))
			continue;
		if (!kv.has_eq) {
			c_add(c, " ", 1);
			c_add(c, line + kv.key.off, kv.key.len);
			continue;
		}
		if (kv.quoted && c_exc_key(line + kv.key.off, kv.key.len) &&
		    c_exc_push(ex, nex, kv.val.off, kv.val.len, 'l'))
			continue;
		c_add_key(c, line + kv.key.off, kv.key.len);
		from = c->len;
		if (kv.quoted)
			c_add(c, "\"", 1);
		c_add(c, line + kv.val.off, kv.val.len);
		if (kv.quoted && kv.val.off + kv.val.len < n)
			c_add(c, "\"", 1);
		c_end_value(c, from, CSEG_VALUE);
	}
}

/* Continuation lines from the scratch buffer (split at newlines), from line `skip` on. */
static void
c_tmp_lines(struct compact *c, size_t skip, int kind)
{
	size_t	i = 0, e, ln = 0, from, k;

	while (i <= c->tmplen) {
		e = scan_byte(c->tmp, i, c->tmplen, '\n');
		if (ln++ >= skip) {
			k = e;
			if (k > i && c->tmp[k - 1] == '\r')
				k--;
			c_newline(c);
			from = c->len;
			c_add(c, c->tmp + i, k - i);
			if (kind >= 0)
				c_seg(c, from, kind);
		}
		i = e + 1;
	}
}

/* Expand a queued exception field into lines. */
static void
c_exc_lines(struct compact *c, const char *line, const struct cexc *x)
{
	struct cj	j = { line, x->off + x->len, x->off + 1 };
	struct cval	v;

	if (x->type != 'a') {
		c_unescape(c, line + x->off, x->len);
		c_tmp_lines(c, 0, CSEG_EXC);
		return;
	}
	for (;;) {
		cj_ws(&j);
		if (j.i >= j.n || line[j.i] == ']' || cj_value(&j, &v) < 0)
			break;
		if (v.type == 's')
			c_unescape(c, line + v.coff, v.clen);
		else {
			c->tmplen = 0;
			c_tmp(c, line + v.start, v.end - v.start);
		}
		c_tmp_lines(c, 0, CSEG_EXC);
		cj_ws(&j);
		if (j.i >= j.n || line[j.i] != ',')
			break;
		j.i++;
	}
	cj_ws(&j);
	if (j.i < j.n && line[j.i] != ']') {	/* broken: the rest as written */
		c_newline(c);
		c_add(c, line + j.i, j.n - j.i);
	}
}

/* Append s[0..n) as lines: the first as is, the others as continuation lines. */
static void
c_add_lines(struct compact *c, const char *s, size_t n)
{
	size_t	i = 0, e, k;
	int	first = 1;

	while (i <= n) {
		e = scan_byte(s, i, n, '\n');
		k = e > i && s[e - 1] == '\r' ? e - 1 : e;
		if (!first)
			c_newline(c);
		c_add(c, s + i, k - i);
		first = 0;
		i = e + 1;
	}
}

/*
 * The prefix of a record's line: time of day, badge, logger padded to
 * its column. Returns the columns it takes.
 */
static unsigned
c_prefix(struct compact *c, const char *line, size_t n, const struct fields *f,
    unsigned width)
{
	char		buf[256];
	const char	*badge = compact_badge(f->level);
	unsigned	lw = compact_logger_width(width), cols = 0, w;

	if (compact_time(line, n, f, buf) > 0) {
		c_add_seg(c, buf, COMPACT_TIME_W, CSEG_TIME);
		c_add(c, " ", 1);
		cols += COMPACT_TIME_W + 1;
	}
	if (*badge != '\0') {
		c_add_seg(c, badge, COMPACT_BADGE_W, CSEG_LEVEL);
		c_add(c, " ", 1);
		cols += COMPACT_BADGE_W + 1;
	}
	if (lw > 0 && c_span_ok(&f->logger, n)) {
		w = compact_logger(line + f->logger.off, f->logger.len, lw, buf,
		    sizeof buf);
		c_add_seg(c, buf, strlen(buf), CSEG_LOGGER);
		for (; w <= lw; w++)
			c_add(c, " ", 1);
		cols += lw + 1;
	}
	return cols;
}

/* Is the record a structured one (fields after the message)? */
static int
c_structured(const char *line, size_t n, const struct fields *f)
{
	if (f->format == FORMAT_JSON || f->format == FORMAT_LOGFMT)
		return 1;
	return f->format == FORMAT_LOGRUS && n >= 5 && memcmp(line, "time=", 5) == 0;
}

/* A structured record's message into the scratch buffer, decoded when quoted. */
static void
c_message_tmp(struct compact *c, const char *line, const struct fields *f)
{
	if (f->format == FORMAT_JSON || (f->message.off > 0 &&
	    line[f->message.off - 1] == '"'))
		c_unescape(c, line + f->message.off, f->message.len);
	else {
		c->tmplen = 0;
		c_tmp(c, line + f->message.off, f->message.len);
	}
}

/*
 * The message of a structured record (decoded) and its fields; returns
 * 1 when the message has more lines, to come after the fields.
 */
static int
c_structured_head(struct compact *c, const char *line, size_t n,
    const struct fields *f, struct cexc *ex, size_t *nex)
{
	size_t	e = 0;
	int	more = 0;

	if (c_span_ok(&f->message, n)) {
		c_message_tmp(c, line, f);
		e = scan_byte(c->tmp, 0, c->tmplen, '\n');
		more = e < c->tmplen;
		c_add(c, c->tmp, e > 0 && c->tmp[e - 1] == '\r' ? e - 1 : e);
	}
	if (f->format == FORMAT_JSON)
		c_json_body(c, line, n, f, ex, nex);
	else
		c_logfmt_body(c, line, n, f, ex, nex);
	return more;
}

/* The message of a text record: the message span to the end of the line, or what follows the fields. */
static void
c_text_message(struct compact *c, const char *line, size_t n,
    const struct fields *f)
{
	const struct span	*sp[3] = { &f->time_span, &f->level_span,
	    &f->logger };
	size_t			 from = 0, e;
	int			 i;

	if (f->message.off <= n && (f->message.off > 0 || f->message.len > 0))
		from = f->message.off;
	else {
		for (i = 0; i < 3; i++) {
			e = (size_t)sp[i]->off + sp[i]->len;
			if (c_span_ok(sp[i], n) && e > from)
				from = e;
		}
		while (from < n && (line[from] == ' ' || line[from] == '\t'))
			from++;
	}
	c_add(c, line + from, n - from);
}

/* Render a record. */
void
compact_render(struct compact *c, const char *rec, size_t len,
    const struct fields *f, unsigned width)
{
	struct cexc	ex[COMPACT_EXC_MAX];
	size_t		nex = 0, n, n1, k;
	unsigned	pw;
	int		more = 0, structured;

	c->len = c->nsegs = 0;
	c->indent = 0;
	c_add(c, "", 0);
	n1 = scan_byte(rec, 0, len, '\n');
	n = n1 > 0 && rec[n1 - 1] == '\r' ? n1 - 1 : n1;
	structured = c_structured(rec, n, f);
	if (f->format == FORMAT_NONE || (!structured && f->time ==
	    TIME_UNKNOWN && !c_span_ok(&f->time_span, n) && f->level ==
	    LEVEL_NONE && !c_span_ok(&f->logger, n))) {
		c_add_lines(c, rec, len);	/* nothing to compact */
		return;
	}
	pw = c_prefix(c, rec, n, f, width);
	c->indent = width == 0 || pw * 2 <= width ? pw : 2;
	if (structured)
		more = c_structured_head(c, rec, n, f, ex, &nex);
	else
		c_text_message(c, rec, n, f);
	if (more) {
		c_message_tmp(c, rec, f);
		c_tmp_lines(c, 1, -1);
	}
	for (k = 0; k < nex; k++)
		c_exc_lines(c, rec, &ex[k]);
	if (n1 < len) {
		c_newline(c);
		c_add_lines(c, rec + n1 + 1, len - n1 - 1);
	}
}
