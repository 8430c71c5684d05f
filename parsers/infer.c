/*
 * infer.c: record layouts learned from a source's own lines.
 *
 * detect.c knows many layouts by heart; a log of a kind it was not built
 * for gets records without a level or a logger, or no records at all.
 * This module looks at a sample of the source's lines (the first buffer
 * fed, then again each time the source has grown fourfold) and, when the
 * known layouts leave most of the sample without a level or logger,
 * learns the layout from the lines themselves:
 *
 *   1. each unindented line's start is cut into tokens: blank-separated
 *      words, or [..] (..) <..> groups (their inner padding trimmed),
 *      each with the ':' or ',' right after it; a token that starts with
 *      a timestamp (any ptime.c / xtime.c form) is a time token;
 *   2. the columns are found by their consistency across lines: the
 *      time column (in 60% of lines), the level column (a level word or
 *      abbreviation, a one-letter level, "name.LEVEL" / "ns#level" or
 *      "LEVEL/name" in one token, in 80% of the timed lines, in the same
 *      wrap), the logger column next to it or past a separator or a
 *      [thread] (a dotted or "a::b" name, a [name], a (name/pid), a
 *      "name:" -- the same form in 90% of lines, repeating as names do,
 *      not varying as message words do), the separators ("-", "|", "--"),
 *      or else a logger closing the line (" [name]", " (a.b.Class)");
 *   3. the columns compile into a row of slots (struct infer), which
 *      infer_match runs like a --format program: every slot must hold.
 *
 * Colour codes are skipped (the sample learns from colour-free copies,
 * infer_match strips them and maps the spans back). The learned layout is
 * used only when it starts at least half the unindented lines of the
 * sample, disagrees with the known layouts' level on at most 5% of them
 * and adds more levels, loggers and record starts than it loses (a fifth
 * of its lines' worth, or any when it agrees everywhere else); a sample
 * of noise gives no column and nothing is learned. While a learned layout
 * is active detect_line tries it first (mixed files: a line it does not
 * start goes on to the known layouts); when none is, detect_line pays
 * one test of `active` per line. A later look drops a learned layout that
 * starts fewer than 30% of the new sample's lines.
 *
 * The layout lives inside struct parser (a parser can be copied and needs
 * no free); a look allocates its sample for its duration only. Matching
 * never allocates and reads only [0, n).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xmalloc.h"

#include "infer.h"
#include "level.h"
#include "levels.h"
#include "lscan.h"
#include "parse.h"
#include "ptime.h"
#include "xtime.h"

#define INF_HEAD	512	/* bytes of a line looked at */
#define INF_TOKS	8	/* tokens of a line looked at (INFER_SLOTS) */
#define INF_SAMPLE	256	/* lines in a sample */
#define INF_SAMPLE_BYTES (64 * 1024)
#define INF_MIN_HEADS	8	/* fewer unindented lines: wait for more */

/* One token of a line's start. */
struct itok {
	uint16_t	off, len;	/* content: inside the wrap, no trail */
	uint16_t	end;		/* past the token, its wrap and trail */
	char		wrap;		/* '[', '(', '<' or 0 */
	char		trail;		/* ':' or ',' right after, or 0 */
	int8_t		reader;		/* time reader that starts it, or -1 */
	uint16_t	tlen;		/* bytes of the time */
};

/* The time readers, by index (a slot's arg). */
enum {
	IR_ISO, IR_LOG4J, IR_SYSLOG, IR_LOGCAT, IR_CLF, IR_SLASH, IR_ISOPAD,
	IR_DMY, IR_DMYDASH, IR_JUL, IR_YYMMDD, IR_HMS, IR_KITCHEN, IR_BAR,
	IR_COUNT
};
static const char *const inf_reader_names[IR_COUNT] = {
	"iso", "log4j", "syslog", "logcat", "clf", "y/m/d", "iso", "d Mon y",
	"d-Mon-y", "jul", "yymmdd", "h:m:s", "kitchen", "mm-dd|h:m:s"
};

/* Read a time with reader r at s: its length, or 0. */
static size_t
inf_read_time(int r, const char *s, size_t n, int year, int64_t *ms)
{
	char	bar[32];

	switch (r) {
	case IR_ISO:	return ptime_iso(s, n, ms);
	case IR_LOG4J:	return ptime_log4j(s, n, ms);
	case IR_SYSLOG:	return ptime_syslog(s, n, year, ms);
	case IR_LOGCAT:	return ptime_logcat(s, n, year, ms);
	case IR_CLF:	return ptime_clf(s, n, ms);
	case IR_SLASH:	return xtime_slash(s, n, ms);
	case IR_ISOPAD:	return xtime_iso_padded(s, n, ms);
	case IR_DMY:	return xtime_dmy(s, n, ms);
	case IR_DMYDASH: return xtime_dmy_dash(s, n, ms);
	case IR_JUL:	return xtime_jul(s, n, ms);
	case IR_YYMMDD:	return xtime_yymmdd(s, n, ms);
	case IR_HMS:
		if (xtime_hms(s, n, ms) == 0)
			return 0;
		*ms = TIME_UNKNOWN;	/* a time of day only */
		return xtime_hms(s, n, ms);
	case IR_BAR:		/* log15 / geth: "11-28|06:47:00.000" */
		if (n < 14 || s[5] != '|')
			return 0;
		memcpy(bar, s, n < sizeof bar ? n : sizeof bar);
		bar[5] = ' ';
		return ptime_logcat(bar, n < sizeof bar ? n : sizeof bar, year,
		    ms);
	case IR_KITCHEN:
		if (xtime_kitchen(s, n, ms) == 0)
			return 0;
		*ms = TIME_UNKNOWN;
		return xtime_kitchen(s, n, ms);
	}
	return 0;
}

/* Which reader reads a time at s (the longest), or -1; *len its length. */
static int
inf_find_time(const char *s, size_t n, int year, size_t *len)
{
	int64_t	ms;
	size_t	l, best = 0;
	int	r, br = -1;

	if (n < 5 || !(LS_DIGIT(s[0]) || LS_UPPER(s[0])))
		return -1;
	for (r = 0; r < IR_COUNT; r++) {
		if (LS_UPPER(s[0]) && r != IR_SYSLOG && r != IR_JUL)
			continue;
		if ((l = inf_read_time(r, s, n, year, &ms)) > best) {
			best = l;
			br = r;
		}
	}
	*len = best;
	return br;
}

/* Is byte c one of set (never NUL)? */
#define INF_IN(set, c)	((c) != '\0' && strchr((set), (c)) != NULL)

/* Is c a blank? */
#define INF_BLANK(c)	((c) == ' ' || (c) == '\t')

/* The closing byte of a wrap, or 0. */
static char
inf_close(char c)
{
	return c == '[' ? ']' : c == '(' ? ')' : c == '<' ? '>' : 0;
}

/*
 * Cut the token at i (after blanks) into *t. With reader >= 0 only that
 * time reader is tried, with -2 none, with -1 all. Returns 0 at the end.
 */
static int
inf_token(const char *s, size_t n, size_t i, int reader, int year,
    struct itok *t)
{
	size_t	e, k, l = 0;
	char	c, cl;
	int	depth, r = -1;
	int64_t	ms;

	while (i < n && INF_BLANK(s[i]))
		i++;
	if (i >= n)
		return 0;
	memset(t, 0, sizeof *t);
	t->reader = -1;
	c = s[i];
	if ((cl = inf_close(c)) != 0) {
		for (e = i, depth = 0; e < n && e < i + 256; e++) {
			if (s[e] == c)
				depth++;
			else if (s[e] == cl && --depth == 0)
				break;
		}
		if (e < n && e < i + 256 && s[e] == cl) {
			t->wrap = c;
			k = i + 1;
			while (k < e && s[k] == ' ')
				k++;
			if (reader == -1)
				r = inf_find_time(s + k, e - k, year, &l);
			else if (reader >= 0 &&
			    (l = inf_read_time(reader, s + k, e - k, year,
			    &ms)) != 0)
				r = reader;
			t->reader = (int8_t)r;
			t->tlen = (uint16_t)l;
			t->off = (uint16_t)k;
			while (e > k && s[e - 1] == ' ')
				e--;
			t->len = (uint16_t)(e - k);
			while (e < n && s[e] != cl)
				e++;
			e++;
			if (e < n && (s[e] == ':' || s[e] == ','))
				t->trail = s[e++];
			t->end = (uint16_t)e;
			return 1;
		}
	}
	if (reader == -1)
		r = inf_find_time(s + i, n - i, year, &l);
	else if (reader >= 0 &&
	    (l = inf_read_time(reader, s + i, n - i, year, &ms)) != 0)
		r = reader;
	if (r >= 0 && (i + l == n || INF_BLANK(s[i + l]) || s[i + l] == ',' ||
	    s[i + l] == ':' || s[i + l] == ']')) {
		t->reader = (int8_t)r;
		t->off = (uint16_t)i;
		t->len = t->tlen = (uint16_t)l;
		e = i + l;
		if (e < n && (s[e] == ':' || s[e] == ','))
			t->trail = s[e++];
		t->end = (uint16_t)e;
		return 1;
	}
	e = ls_token(s, n, i);
	/* "ERROR[time]": a word glued to a bracket ends at it */
	for (k = i; k < e && LS_ALPHA(s[k]); k++)
		;
	if (k > i && k < e && s[k] == '[')
		e = k;
	t->off = (uint16_t)i;
	t->len = (uint16_t)(e - i);
	t->end = (uint16_t)e;
	if (e - i > 1 && (s[e - 1] == ':' || s[e - 1] == ',')) {
		t->trail = s[e - 1];
		t->len--;
	} else if (e - i == 1 && s[i] == ':') {
		t->trail = ':';		/* "name:" with no name */
		t->len = 0;
	}
	return 1;
}

/* Is the token a separator ("-", "--", "|", "->", ...)? */
static int
inf_is_sep(const char *s, const struct itok *t)
{
	size_t	k;

	if (t->wrap || t->trail || t->len == 0 || t->len > 3)
		return 0;
	for (k = 0; k < t->len; k++)
		if (!INF_IN("-|=>*#~", s[t->off + k]))
			return 0;
	return 1;
}

/* A level word: level.c's, levels.c's abbreviations, npm's, .NET's "fail". */
static int
inf_word(const char *c, size_t n)
{
	int	l;

	if (n < 3 || n > 9 || !LS_ALPHA(c[0]))
		return -1;
	if ((l = levels_word(c, n)) < 0 && LS_LOWER(c[0]))
		l = levels_npm(c, n);
	if (l < 0 && n == 4 && memcmp(c, "fail", 4) == 0)
		l = LEVEL_ERROR;	/* .NET's console logger */
	return l;
}

/* Length of the level word at the start of a LEVEL/name token. */
static int
inf_level_len(const char *s, const struct itok *t)
{
	size_t	d;

	for (d = 0; d < t->len && !INF_IN("#/: ", s[t->off + d]); d++)
		;
	return (int)d;
}

/* The case of the level word in a token of form fm (enum infer_style). */
static int
inf_style(const char *s, const struct itok *t, int fm)
{
	size_t	b = t->off, e = t->off + t->len, k;
	int	up = 0, lo = 0, first;

	if (fm == INFER_DOTTED) {
		while (e > b && !INF_IN(".#/:", s[e - 1]))
			e--;
		b = e;
		e = t->off + t->len;
	} else if (fm == INFER_LEVNAME)
		e = b + (size_t)inf_level_len(s, t);
	if (b >= e)
		return INFER_ANYCASE;
	first = LS_UPPER(s[b]);
	for (k = b + 1; k < e; k++) {
		up += LS_UPPER(s[k]);
		lo += LS_LOWER(s[k]);
	}
	if (first && lo == 0)
		return INFER_UPPER;
	if (!first && up == 0)
		return INFER_LOWER;
	return first && up == 0 ? INFER_TITLE : INFER_ANYCASE;
}

/* The level of a token in form fm, or -1; *lo, *ll the logger of a dotted one. */
static int
inf_level(const char *s, const struct itok *t, int fm, size_t *lo, size_t *ll)
{
	const char	*c = s + t->off;
	size_t		 n = t->len, d, e, k;
	int		 l;

	switch (fm) {
	case INFER_WORD:
		return inf_word(c, n);
	case INFER_LETTER:
		if (n != 1 || !LS_UPPER(c[0]))
			return -1;
		return c[0] == 'T' ? LEVEL_TRACE : c[0] == 'N' ? LEVEL_NOTICE :
		    c[0] == 'C' ? LEVEL_CRITICAL : level_from_letter(c[0]);
	case INFER_DOTTED:	/* name.LEVEL, namespace#level, name/LEVEL */
		for (d = n; d > 0 && !INF_IN(".#/:", c[d - 1]); d--)
			;
		if (d < 2 || n - d < 3 || !ls_name(c, 0, d - 1, NULL) ||
		    (l = inf_word(c + d, n - d)) < 0)
			return -1;
		*lo = t->off;
		*ll = d - 1;
		return l;
	case INFER_LEVNAME:	/* LEVEL/name, LEVEL:name, LEVEL name */
		for (d = 0; d < n && !INF_IN("#/: ", c[d]); d++)
			;
		if (d < 3 || d + 1 >= n || (l = inf_word(c, d)) < 0)
			return -1;
		for (e = d + 1; e < n && c[e] == ' '; e++)
			;
		/* "LEVEL:name:thread" (Jetty): the name ends at a lone ':' */
		for (k = e; c[d] == ':' && k < n; k++)
			if (c[k] == ':' && !(k + 1 < n && c[k + 1] == ':') &&
			    c[k - 1] != ':')
				break;
		if (c[d] != ':')
			k = n;
		if (e >= n || k == e || !ls_name(c, e, k, NULL))
			return -1;
		*lo = t->off + e;
		*ll = k - e;
		return l;
	}
	return -1;
}

/*
 * The name without the caller a layout may print after it: "name:123",
 * "name:file.py:123" (pytest, tornado's module:lineno) become "name".
 */
static size_t
inf_caller(const char *c, size_t e)
{
	size_t	d = e, k;

	while (d > 0 && LS_DIGIT(c[d - 1]))
		d--;
	if (d == e || d < 2 || c[d - 1] != ':' || c[d - 2] == ':')
		return e;
	d--;			/* at the ':' before the line number */
	for (k = d; k > 0 && c[k - 1] != ':'; k--)
		;
	/* ":file.ext" before it: a file name, not a name's "::" part */
	if (k > 1 && c[k - 2] != ':' && memchr(c + k, '.', d - k) != NULL &&
	    memchr(c + k, '/', d - k) == NULL)
		d = k - 1;
	return d;
}

/*
 * Is the token a logger name: a name (letters, digits, . _ - $ / :) with
 * "/pid" or "[n]" after it allowed? Sets *ll to the name's length and
 * *dotted when it has '.', "::" or '/' inside.
 */
static int
inf_logger(const char *s, const struct itok *t, size_t *ll, int *dotted)
{
	const char	*c = s + t->off;
	size_t		 n = t->len, e, k;
	int		 dots;

	if (n == 0) {
		*ll = 0;
		*dotted = 0;
		return t->trail == ':';
	}
	for (e = 0; e < n && !(c[e] == '[' || c[e] == '/' || c[e] == ' '); e++)
		;
	if (e < n) {
		/* "name/pid", "name[0]": digits only after the name */
		for (k = e + 1; k < n && (LS_DIGIT(c[k]) || c[k] == ']'); k++)
			;
		if (k < n || c[e] == ' ')
			e = n;
	}
	if (e == 0 || e > 96 || !ls_name(c, 0, e, &dots))
		return 0;
	e = inf_caller(c, e);
	*ll = e;
	*dotted = memchr(c, '.', e) != NULL || memmem(c, e, "::", 2) != NULL ||
	    memchr(c, '/', e) != NULL;
	return 1;
}

/*
 * A logger closing the line, " [name]" or " (a.b.Name)", wrap w (0: either):
 * its wrap, *lo and *ll its name; 0 when there is none.
 */
static char
inf_tail(const char *s, size_t n, char w, size_t *lo, size_t *ll, int *dotted)
{
	size_t	e = n, b;
	char	op;

	while (e > 0 && INF_BLANK(s[e - 1]))
		e--;
	if (e < 4 || (s[e - 1] != ']' && s[e - 1] != ')'))
		return 0;
	op = s[e - 1] == ']' ? '[' : '(';
	if (w != 0 && op != w)
		return 0;
	for (b = e - 1; b > 0 && e - b < 128 && s[b - 1] != op &&
	    s[b - 1] != (op == '[' ? ']' : ')'); b--)
		;
	if (b < 2 || s[b - 1] != op || !INF_BLANK(s[b - 2]))
		return 0;
	if (!ls_name(s, b, e - 1, NULL))
		return 0;
	*lo = b;
	*ll = e - 1 - b;
	*dotted = memchr(s + b, '.', *ll) != NULL || memmem(s + b, *ll, "::",
	    2) != NULL;
	return op;
}

/* Cut a line's start into at most INF_TOKS tokens (learning: all readers). */
static int
inf_tokens(const char *s, size_t n, int year, struct itok *tv)
{
	size_t	i = 0;
	int	k;

	if (n > INF_HEAD)
		n = INF_HEAD;
	for (k = 0; k < INF_TOKS && inf_token(s, n, i, k < 3 ? -1 : -2,
	    year, &tv[k]); k++)
		i = tv[k].end;
	return k;
}

/* Run the learned layout over a line without colour codes. */
static int
inf_match_plain(const struct infer *inf, const char *s, size_t n, int year,
    struct fields *f)
{
	const struct infer_slot	*sl;
	struct itok		 t;
	size_t			 i = 0, lo = 0, ll = 0, h = n > INF_HEAD ?
				    INF_HEAD : n;
	int64_t			 ms;
	int			 k, l, dotted;

	if (n == 0 || INF_BLANK(s[0]))
		return 0;
	fields_clear(f);
	for (k = 0; k < inf->nslots; k++) {
		sl = &inf->slots[k];
		if (!inf_token(s, h, i, sl->kind == INFER_TIME ? sl->arg : -2,
		    year, &t) || t.wrap != sl->wrap)
			return 0;
		if (sl->trail && t.trail != sl->trail)
			return 0;
		switch (sl->kind) {
		case INFER_TIME:
			if (t.reader < 0)
				return 0;
			inf_read_time(sl->arg, s + t.off, t.tlen, year, &ms);
			f->time = ms;
			ls_span(&f->time_span, t.off, t.tlen);
			break;
		case INFER_LEVEL:
			if ((l = inf_level(s, &t, sl->arg, &lo, &ll)) < 0 ||
			    (sl->style && inf_style(s, &t, sl->arg) !=
			    sl->style))
				return 0;
			if (sl->arg == INFER_DOTTED) {
				ls_span(&f->logger, lo, ll);
				ls_level(f, l, lo + ll + 1, t.off + t.len);
			} else if (sl->arg == INFER_LEVNAME) {
				ls_span(&f->logger, lo, ll);
				ls_level(f, l, t.off, t.off + (size_t)
				    inf_level_len(s, &t));
			} else
				ls_level(f, l, t.off, t.off + t.len);
			break;
		case INFER_LOGGER:
			if (!inf_logger(s, &t, &ll, &dotted))
				return 0;
			ls_span(&f->logger, t.off, ll);
			break;
		case INFER_SEP:
			if (t.trail || t.wrap || t.len != strnlen(sl->lit,
			    sizeof sl->lit) || memcmp(s + t.off, sl->lit,
			    t.len) != 0)
				return 0;
			break;
		}
		i = t.end;
	}
	if (inf->tail) {
		if (!inf_tail(s, n, inf->tail, &lo, &ll, &dotted) || lo < i)
			return 0;
		ls_span(&f->logger, lo, ll);
	}
	while (i < n && INF_BLANK(s[i]))
		i++;
	ls_msg(f, n, i);
	f->format = FORMAT_LEARNED;
	return 1;
}

/* Run the learned layout over a line (its colour codes skipped). */
int
infer_match(const struct infer *inf, const char *s, size_t n, int year,
    struct fields *f)
{
	char		buf[INF_HEAD];
	uint16_t	map[INF_HEAD];
	size_t		k, used;

	if (n == 0 || memchr(s, 0x1b, n < INF_HEAD ? n : INF_HEAD) == NULL)
		return inf_match_plain(inf, s, n, year, f);
	k = levels_strip_ansi(s, n, buf, map, sizeof buf, &used);
	if ((used < n && inf->tail) || !inf_match_plain(inf, buf, k, year, f))
		return 0;
	levels_unmap(&f->time_span, map, k, n);
	levels_unmap(&f->level_span, map, k, n);
	levels_unmap(&f->logger, map, k, n);
	if (f->message.off < k)
		ls_msg(f, n, map[f->message.off]);
	else
		ls_msg(f, n, n);
	return 1;
}

/* Per column counts over the sample's lines (learning). */
struct inf_col {
	int	time[IR_COUNT];
	int	level[INFER_FORMS][4];	/* [form][wrap index] */
	int	sep;
};

/* Index of a wrap byte: 0 none, 1 '[', 2 '(', 3 '<'. */
static int
inf_wi(char w)
{
	return w == '[' ? 1 : w == '(' ? 2 : w == '<' ? 3 : 0;
}
static const char inf_wraps[4] = { 0, '[', '(', '<' };

/* One sample: the lines of buf (pointers into it) and their tokens. */
struct inf_sample {
	const char	*raw[INF_SAMPLE];	/* the line as written */
	uint32_t	 rawlen[INF_SAMPLE];
	const char	*line[INF_SAMPLE];	/* without colour codes */
	uint16_t	 len[INF_SAMPLE];	/* at most INF_HEAD */
	uint32_t	 flen[INF_SAMPLE];	/* the whole line */
	struct itok	 tok[INF_SAMPLE][INF_TOKS];
	uint8_t		 ntok[INF_SAMPLE];
	uint8_t		 head[INF_SAMPLE];	/* unindented, non-empty */
	size_t		 n;
	size_t		 heads;
	char		 text[INF_SAMPLE_BYTES];	/* colour-free copies */
	size_t		 textlen;
};

/*
 * Is an unindented line surely a continuation: a traceback's header or
 * its "Error: msg" last line after indented ones, a "Caused by:" chain?
 * (Not a record start of any layout, so not a line to learn from.)
 */
static int
inf_cont_form(const char *s, size_t n, int after_indented)
{
	size_t	t, seg = 0;
	int	lower = 0;

	if (ls_lit(s, n, 0, "Traceback (", 11) || ls_lit(s, n, 0,
	    "During handling ", 16) || ls_lit(s, n, 0, "The above exception",
	    19) || ls_lit(s, n, 0, "Caused by: ", 11) || ls_lit(s, n, 0,
	    "... ", 4))
		return 1;
	if (!after_indented)
		return 0;
	for (t = 0; t < n && (LS_ALNUM(s[t]) || s[t] == '_' || s[t] == '.'); t++) {
		if (s[t] == '.')
			seg = t + 1, lower = 0;
		lower |= LS_LOWER(s[t]);
	}
	return t > seg && LS_UPPER(s[seg]) && lower && (t == n || s[t] == ':');
}

/* Cut buf into sample lines. */
static void
inf_sample_lines(struct inf_sample *sm, const char *buf, size_t len, int year)
{
	const char	*p = buf, *end = buf + (len > INF_SAMPLE_BYTES ?
			    INF_SAMPLE_BYTES : len), *nl;
	size_t		 n;
	int		 indented = 0;

	sm->n = sm->heads = sm->textlen = 0;
	while (p < end && sm->n < INF_SAMPLE) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			break;
		n = (size_t)(nl - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		sm->raw[sm->n] = sm->line[sm->n] = p;
		sm->rawlen[sm->n] = sm->flen[sm->n] = (uint32_t)n;
		if (memchr(p, 0x1b, n < INF_HEAD ? n : INF_HEAD) != NULL &&
		    sm->textlen + INF_HEAD <= sizeof sm->text) {
			uint16_t	map[INF_HEAD];
			size_t		used;

			sm->line[sm->n] = sm->text + sm->textlen;
			n = levels_strip_ansi(p, n, sm->text + sm->textlen, map,
			    INF_HEAD, &used);
			sm->textlen += n;
			sm->flen[sm->n] = (uint32_t)n;
		}
		if (n > INF_HEAD)
			n = INF_HEAD;
		p = sm->line[sm->n];
		sm->len[sm->n] = (uint16_t)n;
		sm->head[sm->n] = n > 0 && !INF_BLANK(p[0]) &&
		    !inf_cont_form(p, n, indented);
		indented = n > 0 && INF_BLANK(p[0]);
		sm->ntok[sm->n] = 0;
		if (sm->head[sm->n]) {
			sm->ntok[sm->n] = (uint8_t)inf_tokens(p, n, year,
			    sm->tok[sm->n]);
			sm->heads++;
		}
		sm->n++;
		p = nl + 1;
	}
}

/* Fill one slot from the sample's column k, for lines with mask set. */
static void
inf_plain_slot(const struct inf_sample *sm, const uint8_t *mask, int k,
    struct infer_slot *sl)
{
	int	wc[4] = { 0 }, tc[3] = { 0 }, tot = 0, w, j;
	size_t	i;

	memset(sl, 0, sizeof *sl);
	sl->kind = INFER_ANY;
	for (i = 0; i < sm->n; i++) {
		if (!mask[i] || sm->ntok[i] <= k)
			continue;
		tot++;
		wc[inf_wi(sm->tok[i][k].wrap)]++;
		tc[sm->tok[i][k].trail == ':' ? 1 :
		    sm->tok[i][k].trail == ',' ? 2 : 0]++;
	}
	for (w = 0, j = 1; j < 4; j++)
		if (wc[j] > wc[w])
			w = j;
	sl->wrap = inf_wraps[w];
	if (tc[1] * 10 >= tot * 9)
		sl->trail = ':';
	else if (tc[2] * 10 >= tot * 9)
		sl->trail = ',';
}

/* A logger column at k over the level lines: its score (0: none), its slot. */
static int
inf_logger_col(const struct inf_sample *sm, const uint8_t *mask, int k,
    int sep_after, struct infer_slot *sl)
{
	struct { const char *s; size_t n; } seen[64];
	size_t	i, ll, nseen = 0, j;
	int	tot = 0, ok = 0, dots = 0, dotted, distinct = 0, trail = 0;

	inf_plain_slot(sm, mask, k, sl);
	for (i = 0; i < sm->n; i++) {
		const struct itok *t;

		if (!mask[i])
			continue;
		tot++;
		if (sm->ntok[i] <= k)
			continue;
		t = &sm->tok[i][k];
		if (t->wrap != sl->wrap || t->reader >= 0 ||
		    inf_is_sep(sm->line[i], t) ||
		    !inf_logger(sm->line[i], t, &ll, &dotted))
			continue;
		if (sl->trail && t->trail != sl->trail)
			continue;
		ok++;
		dots += dotted;
		trail += t->trail == ':';
		for (j = 0; j < nseen; j++)
			if (seen[j].n == ll && memcmp(seen[j].s,
			    sm->line[i] + t->off, ll) == 0)
				break;
		if (j == nseen) {
			distinct++;
			if (nseen < 64) {
				seen[nseen].s = sm->line[i] + t->off;
				seen[nseen++].n = ll;
			}
		}
	}
	if (tot == 0 || ok * 10 < tot * 9)
		return 0;
	/* A name repeats; message words vary. */
	if (ok >= 8 && distinct * 10 > ok * 6)
		return 0;
	/* A bare word needs a form that marks it as a name. */
	if (!sl->wrap && !sl->trail && !sep_after && dots * 2 < ok)
		return 0;
	sl->kind = INFER_LOGGER;
	return 1 + (dots * 2 >= ok) + (sl->wrap != 0 || sl->trail != 0);
}

/* Is column k a separator in most of the masked lines? Fills lit. */
static int
inf_sep_col(const struct inf_sample *sm, const uint8_t *mask, int k,
    struct infer_slot *sl)
{
	size_t	i;
	int	tot = 0, ok = 0;
	const struct itok *t;

	memset(sl, 0, sizeof *sl);
	for (i = 0; i < sm->n; i++) {
		if (!mask[i])
			continue;
		tot++;
		if (sm->ntok[i] <= k)
			continue;
		t = &sm->tok[i][k];
		if (!inf_is_sep(sm->line[i], t))
			continue;
		if (sl->lit[0] == 0)
			memcpy(sl->lit, sm->line[i] + t->off, t->len);
		if (strnlen(sl->lit, sizeof sl->lit) == t->len &&
		    memcmp(sl->lit, sm->line[i] + t->off, t->len) == 0)
			ok++;
	}
	if (tot == 0 || ok * 10 < tot * 9)
		return 0;
	sl->kind = INFER_SEP;
	return 1;
}

/* The wrap of a logger that closes 90% of the masked lines, or 0. */
static char
inf_tail_col(const struct inf_sample *sm, const uint8_t *mask)
{
	struct { const char *s; size_t n; } seen[64];
	size_t	i, j, lo, ll, nseen = 0;
	int	tot = 0, cnt[2] = { 0, 0 }, dots = 0, distinct = 0, dotted, ok;
	char	w;

	for (i = 0; i < sm->n; i++) {
		if (!mask[i])
			continue;
		tot++;
		if ((w = inf_tail(sm->line[i], sm->flen[i], 0, &lo, &ll,
		    &dotted)) == 0)
			continue;
		cnt[w == '(']++;
		dots += dotted;
		for (j = 0; j < nseen; j++)
			if (seen[j].n == ll && memcmp(seen[j].s,
			    sm->line[i] + lo, ll) == 0)
				break;
		if (j == nseen) {
			distinct++;
			if (nseen < 64) {
				seen[nseen].s = sm->line[i] + lo;
				seen[nseen++].n = ll;
			}
		}
	}
	ok = cnt[0] > cnt[1] ? cnt[0] : cnt[1];
	if (tot == 0 || ok * 10 < tot * 9 || (ok >= 8 && distinct * 10 >
	    ok * 6))
		return 0;
	return cnt[0] > cnt[1] ? '[' : '(';
}

/* The case 80% of a level column's words share (a formatter writes one). */
static int
inf_style_col(const struct inf_sample *sm, const uint8_t *mask, int k, int fm)
{
	int	cnt[4] = { 0, 0, 0, 0 }, tot = 0, st;
	size_t	i;

	if (fm == INFER_LETTER)
		return INFER_ANYCASE;
	for (i = 0; i < sm->n; i++) {
		if (!mask[i] || sm->ntok[i] <= k)
			continue;
		tot++;
		cnt[inf_style(sm->line[i], &sm->tok[i][k], fm)]++;
	}
	for (st = INFER_UPPER; st <= INFER_TITLE; st++)
		if (tot > 0 && cnt[st] * 10 >= tot * 8)
			return st;
	return INFER_ANYCASE;
}

/* Is column k a [..] (..) <..> group in 90% of the masked lines? */
static int
inf_wrapped_col(const struct inf_sample *sm, const uint8_t *mask, int k)
{
	size_t	i;
	int	tot = 0, ok = 0;

	for (i = 0; i < sm->n; i++) {
		if (!mask[i])
			continue;
		tot++;
		ok += sm->ntok[i] > k && sm->tok[i][k].wrap != 0 &&
		    sm->tok[i][k].reader < 0;
	}
	return tot > 0 && ok * 10 >= tot * 9;
}

/* Learn a layout from the sample into *out; 0 when the sample shows none. */
static int
inf_columns(const struct inf_sample *sm, struct infer *out)
{
	struct inf_col	 col[INF_TOKS];
	uint8_t		 mask[INF_SAMPLE];
	struct infer_slot sl, best_sl, sep_sl;
	size_t		 i, lo, ll;
	int		 k, kt = -1, rt = 0, kl = -1, fl = 0, wl = 0, r, fm, w;
	int		 anchored = 0, best, cnt, kg = -1, sc, bsc = 0, last;
	int		 sepk = -1;

	memset(col, 0, sizeof col);
	for (i = 0; i < sm->n; i++)
		for (k = 0; k < sm->ntok[i]; k++) {
			const struct itok *t = &sm->tok[i][k];

			if (t->reader >= 0)
				col[k].time[t->reader]++;
			for (fm = 0; fm < INFER_FORMS; fm++)
				if (t->reader < 0 && inf_level(sm->line[i], t,
				    fm, &lo, &ll) >= 0)
					col[k].level[fm][inf_wi(t->wrap)]++;
		}
	/* The time: the first of the first three columns in 60% of lines. */
	for (k = 0; k < 3 && kt < 0; k++)
		for (r = 0; r < IR_COUNT; r++)
			if (col[k].time[r] * 10 >= (int)sm->heads * 6) {
				kt = k;
				rt = r;
				break;
			}
	for (i = 0; i < sm->n; i++) {
		mask[i] = sm->head[i] && (kt < 0 || (sm->ntok[i] > kt &&
		    sm->tok[i][kt].reader == rt));
		anchored += mask[i];
	}
	if (anchored < INF_MIN_HEADS / 2)
		return 0;
	/* The level: the column with most levels of one form and wrap. */
	for (best = 0, k = 0; k < 6; k++) {
		if (k == kt)
			continue;
		for (fm = 0; fm < INFER_FORMS; fm++)
			for (w = 0; w < 4; w++) {
				cnt = col[k].level[fm][w];
				if (cnt > best || (cnt == best && cnt > 0 &&
				    fm == INFER_WORD && fl == INFER_LETTER)) {
					best = cnt;
					kl = k;
					fl = fm;
					wl = w;
				}
			}
	}
	if (kl < 0 || best * 10 < anchored * (kt >= 0 ? 8 : 9))
		return 0;
	/* The lines the layout is learned from: time and level in place. */
	for (i = 0; i < sm->n; i++)
		if (mask[i])
			mask[i] = sm->ntok[i] > kl && sm->tok[i][kl].wrap ==
			    inf_wraps[wl] && inf_level(sm->line[i],
			    &sm->tok[i][kl], fl, &lo, &ll) >= 0;
	/* The logger: next to the level, or past a separator after it. */
	if (fl != INFER_DOTTED && fl != INFER_LEVNAME) {
		static const int off[] = { 1, 2, -1, -2 };

		for (i = 0; i < 4; i++) {
			k = kl + off[i];
			if (k < 0 || k >= INF_TOKS || k == kt)
				continue;
			/* two columns away: past a separator, or a [thread] after it */
			if ((off[i] == 2 || off[i] == -2) &&
			    !inf_sep_col(sm, mask, kl + off[i] / 2, &sep_sl) &&
			    !(off[i] == 2 && inf_wrapped_col(sm, mask, kl + 1)))
				continue;
			sc = inf_logger_col(sm, mask, k, k + 1 < INF_TOKS &&
			    inf_sep_col(sm, mask, k + 1, &sep_sl), &sl);
			if (sc > bsc) {
				bsc = sc;
				kg = k;
				best_sl = sl;
			}
		}
	}
	/* No logger column: a logger closing the line? */
	out->tail = 0;
	if (kg < 0 && fl != INFER_DOTTED && fl != INFER_LEVNAME)
		out->tail = inf_tail_col(sm, mask);
	/* Compile: every column up to the last one used, then a separator. */
	memset(out->slots, 0, sizeof out->slots);
	last = kl > kt ? kl : kt;
	if (kg > last)
		last = kg;
	if (last + 1 < INF_TOKS && inf_sep_col(sm, mask, last + 1, &sep_sl))
		sepk = ++last;
	for (k = 0; k <= last; k++) {
		if (k == kt) {
			inf_plain_slot(sm, mask, k, &out->slots[k]);
			out->slots[k].kind = INFER_TIME;
			out->slots[k].arg = (uint8_t)rt;
		} else if (k == kl) {
			inf_plain_slot(sm, mask, k, &out->slots[k]);
			out->slots[k].kind = INFER_LEVEL;
			out->slots[k].wrap = inf_wraps[wl];
			out->slots[k].arg = (uint8_t)fl;
			out->slots[k].style = (uint8_t)inf_style_col(sm, mask,
			    k, fl);
		} else if (k == kg)
			out->slots[k] = best_sl;
		else if (k == sepk || inf_sep_col(sm, mask, k, &sep_sl))
			inf_sep_col(sm, mask, k, &out->slots[k]);
		else
			inf_plain_slot(sm, mask, k, &out->slots[k]);
	}
	out->nslots = (uint8_t)(last + 1);
	return 1;
}

/* Forget everything. */
void
infer_init(struct infer *inf)
{
	memset(inf, 0, sizeof *inf);
}

/* Look at a sample: learn, keep or drop. Returns 1 when a layout is active. */
static int
inf_look(struct parser *p, const char *buf, size_t len, int force)
{
	struct inf_sample *smp = xmalloc(sizeof *smp);	/* 110 KB */
	struct parser	 q;
	struct infer	 cand;
	struct fields	 f, g;
	size_t		 i;
	int		 counts[FORMAT_COUNT] = { 0 }, k, kb = 0;
	int		 kl = 0, klg = 0, matched = 0, gain = 0, loss = 0;
	int		 conflict = 0, have, active;

#define sm (*smp)
	inf_sample_lines(&sm, buf, len, p->year);
	if (sm.heads < INF_MIN_HEADS && !force) {
		free(smp);
		return -1;
	}
	/* What the known layouts make of it. */
	q = *p;
	q.inf.active = 0;
	cand = p->inf;
	if (!cand.active && !inf_columns(&sm, &cand))
		cand.nslots = 0;
	for (i = 0; i < sm.n; i++) {
		int r = detect_line(&q, sm.raw[i], sm.rawlen[i], &f);

		if (r) {
			counts[f.format]++;
			kl += f.level != LEVEL_NONE;
			klg += f.level != LEVEL_NONE && f.logger.len > 0;
		}
		if (!sm.head[i] || cand.nslots == 0 ||
		    !infer_match(&cand, sm.raw[i], sm.rawlen[i], p->year, &g))
			continue;
		matched++;
		if (!r) {
			gain += 1 + (g.logger.len > 0);
			continue;
		}
		if (f.level == LEVEL_NONE)
			gain++;
		else if (f.level != g.level)
			conflict++;
		if (g.logger.len > 0 && f.logger.len == 0)
			gain++;
		else if (g.logger.len == 0 && f.logger.len > 0)
			loss++;
	}
	for (k = 1; k < FORMAT_COUNT; k++)
		if (counts[k] > counts[kb])
			kb = k;
	/* Kept: it starts most lines and adds more than it loses. */
	have = cand.nslots > 0 && matched * 2 >= (int)sm.heads &&
	    matched >= INF_MIN_HEADS / 2 && conflict * 20 <= matched &&
	    gain - loss >= 2 && (gain - loss >= (matched + 4) / 5 ||
	    (loss == 0 && conflict == 0 && matched * 10 >= (int)sm.heads * 9));
	active = p->inf.active;
	if (active && matched * 10 < (int)sm.heads * 3)
		have = 0;	/* the source changed its layout */
	else if (active)
		have = 1;	/* a learned layout stays while it explains */
	if (have) {
		memcpy(p->inf.slots, cand.slots, sizeof cand.slots);
		p->inf.nslots = cand.nslots;
		p->inf.tail = cand.tail;
	}
	p->inf.active = (uint8_t)have;
	p->inf.checked = 1;
	p->inf.known = (uint8_t)kb;
	p->inf.sample = (uint16_t)sm.n;
	p->inf.heads = (uint16_t)sm.heads;
	p->inf.known_level = (uint16_t)kl;
	p->inf.known_logger = (uint16_t)klg;
	p->inf.matched = (uint16_t)(cand.nslots > 0 ? matched : 0);
	p->inf.gain = (uint16_t)(gain > loss ? gain - loss : 0);
	p->inf.checks++;
#undef sm
	free(smp);
	return have;
}

/* Learn from buf now. */
int
infer_learn(struct parser *p, const char *buf, size_t len)
{
	if (p->user != NULL)
		return 0;
	return inf_look(p, buf, len, 1) == 1;
}

/* Learn from the first 64 KB of a file. */
int
infer_learn_fd(struct parser *p, int fd, uint64_t size)
{
	char		*buf;
	const char	*nl;
	ssize_t		 got;
	size_t		 want = size < INF_SAMPLE_BYTES ? (size_t)size :
			    INF_SAMPLE_BYTES;
	int		 r = 0;

	if (p->user != NULL || fd == -1 || want == 0)
		return 0;
	buf = xmalloc(want);
	if ((got = pread(fd, buf, want, 0)) > 0 &&
	    (nl = memrchr(buf, '\n', (size_t)got)) != NULL)
		r = infer_learn(p, buf, (size_t)(nl - buf) + 1);
	free(buf);
	return r;
}

/* Look at the lines about to be parsed when the source has grown enough. */
void
infer_feed(struct parser *p, const char *buf, size_t len)
{
	struct infer	*inf = &p->inf;

	inf->fed += len;
	if (p->user != NULL || inf->fed < inf->next)
		return;
	if (inf_look(p, buf, len, 0) == -1)
		return;		/* too few lines yet: look at the next ones */
	inf->next = inf->fed * 4;
	if (inf->next < 16384)
		inf->next = 16384;
}

/* The name of a slot's kind, for --explain. */
static const char *
inf_kind_name(const struct infer_slot *sl)
{
	static const char *const forms[INFER_FORMS] = { "level",
	    "level letter", "logger.level", "level/logger" };

	switch (sl->kind) {
	case INFER_TIME:	return inf_reader_names[sl->arg];
	case INFER_LEVEL:	return forms[sl->arg < INFER_FORMS ? sl->arg : 0];
	case INFER_LOGGER:	return "logger";
	case INFER_SEP:		return sl->lit;
	}
	return "*";
}

/* Describe the learned layout's columns, or the sample. */
size_t
infer_describe(const struct infer *inf, char *buf, size_t size)
{
	size_t	o = 0;
	int	k, w;
	const struct infer_slot *sl;

	if (size == 0)
		return 0;
	buf[0] = '\0';
#define INF_PUT(...) do {						\
	w = snprintf(buf + o, size - o, __VA_ARGS__);			\
	if (w > 0)							\
		o += (size_t)w < size - o ? (size_t)w : size - o - 1;	\
} while (0)
	if (!inf->checked) {
		INF_PUT("no sample looked at");
		return o;
	}
	if (inf->active) {
		INF_PUT("learned:");
		for (k = 0; k < inf->nslots; k++) {
			sl = &inf->slots[k];
			if (sl->wrap)
				INF_PUT(" %c%s%c%s", sl->wrap, inf_kind_name(sl),
				    inf_close(sl->wrap), sl->trail == ':' ?
				    ":" : sl->trail == ',' ? "," : "");
			else
				INF_PUT(" %s%s", inf_kind_name(sl),
				    sl->trail == ':' ? ":" : sl->trail == ',' ?
				    "," : "");
		}
		INF_PUT(" message");
		if (inf->tail)
			INF_PUT(" %clogger%c", inf->tail, inf_close(inf->tail));
		INF_PUT("; starts %u of %u unindented sample lines "
		    "(of %u), adds %u levels/loggers over the known layouts "
		    "(%u lines with a level)", inf->matched, inf->heads,
		    inf->sample, inf->gain, inf->known_level);
	} else {
		INF_PUT("known: %s; %u of %u unindented sample lines (of %u) "
		    "start a record with a level, %u with a logger",
		    inf->known ? format_name(inf->known) : "none",
		    inf->known_level, inf->heads, inf->sample,
		    inf->known_logger);
		if (inf->matched > 0)
			INF_PUT("; a learned layout started %u but did not "
			    "explain enough", inf->matched);
	}
#undef INF_PUT
	return o;
}
