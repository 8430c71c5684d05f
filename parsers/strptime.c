/*
 * strptime.c: strftime date formats (a Formatter's datefmt) compiled into
 * parsers of the dates they print.
 *
 * strptime_compile turns a datefmt into a program: an array of ops, each a
 * literal (bytes kept in one buffer owned by the struct), a number of a
 * fixed width going into one time component (%Y %m %d %H ...; %e-style
 * space padding and the '-' no-padding flag allowed), a month or weekday
 * name, AM/PM, a zone (%z offset or %Z name), fractions (%f) or epoch
 * seconds (%s). %T %F %D %R %r %c %x %X expand to their parts once. The
 * NULL datefmt is Python's default asctime, "%Y-%m-%d %H:%M:%S,mmm".
 *
 * strptime_parse runs the program at a position of a line without
 * allocating. The two most common forms ("%Y-%m-%d %H:%M:%S" with or
 * without ",mmm", ' ' or 'T' between) take a straight-line fast path.
 * Invariants: nops <= STRPTIME_MAXOPS; the program is immutable after
 * compilation, so one struct strptime can serve many threads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/scan.h"
#include "core/xmalloc.h"
#include "ptime.h"
#include "record.h"
#include "strptime.h"

#define STRPTIME_MAXOPS	64	/* ops in a datefmt program */

/* Kinds of ops. */
enum st_kind {
	PT_LIT,		/* literal bytes */
	PT_NUM,		/* a number into a component */
	PT_MONABBR,	/* Jan */
	PT_MONFULL,	/* January */
	PT_DAYABBR,	/* Mon */
	PT_DAYFULL,	/* Monday */
	PT_AMPM,	/* AM / PM */
	PT_ZOFF,	/* +hhmm */
	PT_ZNAME,	/* UTC, CET, +03 */
	PT_MSEC3,	/* Python's default ",%03d" msecs (the ',' is a literal) */
	PT_FRAC6,	/* %f microseconds */
	PT_EPOCH	/* %s seconds since the epoch */
};

/* Time components a PT_NUM fills. */
enum st_comp {
	TC_YEAR, TC_YEAR2, TC_CENTURY, TC_MON, TC_DAY, TC_YDAY, TC_HOUR,
	TC_HOUR12, TC_MIN, TC_SEC, TC_IGNORE
};

/* One op of a datefmt program. */
struct st_op {
	uint8_t		 kind;		/* enum st_kind */
	uint8_t		 comp;		/* enum st_comp */
	uint8_t		 digits;	/* PT_NUM: width */
	uint8_t		 pad;		/* '0', ' ' or 0 for "1..digits" */
	uint32_t	 off;		/* PT_LIT */
	uint32_t	 len;
};

struct strptime {
	struct st_op	 ops[STRPTIME_MAXOPS];
	unsigned	 nops;
	int		 subsec;	/* the format gives fractions of a second */
	int		 fast;		/* 23, 19: Y-m-d H:M:S[,mmm] fast path */
	char		 sep;		/* its date/time separator (' ' or 'T') */
	char		*text;		/* literal bytes */
	size_t		 textlen, textsize;
};

/* Append literal bytes to the text buffer; returns their offset. */
static uint32_t
st_text(struct strptime *p, const char *s, size_t n)
{
	uint32_t	off = (uint32_t)p->textlen;

	if (p->textlen + n + 1 > p->textsize) {
		while (p->textlen + n + 1 > p->textsize)
			p->textsize = p->textsize ? p->textsize * 2 : 64;
		p->text = xrealloc(p->text, p->textsize);
	}
	memcpy(p->text + p->textlen, s, n);
	p->textlen += n;
	return off;
}

/* Length of the UTF-8 sequence starting with byte c (1 if invalid). */
static size_t
st_u8len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* Are the n bytes at a and b equal? */
static inline int
st_eq(const char *a, const char *b, size_t n)
{
	return n == 0 || memcmp(a, b, n) == 0;
}

static const char *const st_months[12] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"
};
static const char *const st_days[7] = {
	"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
	"Saturday"
};

/* Add an op. */
static int
st_addop(struct strptime *p, int kind, int comp, int digits, int pad)
{
	struct st_op	*t;

	if (p->nops == STRPTIME_MAXOPS)
		return -1;
	t = &p->ops[p->nops++];
	memset(t, 0, sizeof *t);
	t->kind = (uint8_t)kind;
	t->comp = (uint8_t)comp;
	t->digits = (uint8_t)digits;
	t->pad = (uint8_t)pad;
	return 0;
}

/* Add literal bytes to the datefmt program. */
static int
st_addlit(struct strptime *p, const char *s, size_t n)
{
	struct st_op	*t;

	if (n == 0)
		return 0;
	if (p->nops > 0 && p->ops[p->nops - 1].kind == PT_LIT &&
	    p->ops[p->nops - 1].off + p->ops[p->nops - 1].len ==
	    p->textlen) {
		st_text(p, s, n);
		p->ops[p->nops - 1].len += (uint32_t)n;
		return 0;
	}
	if (st_addop(p, PT_LIT, 0, 0, 0) != 0)
		return -1;
	t = &p->ops[p->nops - 1];
	t->off = st_text(p, s, n);
	t->len = (uint32_t)n;
	return 0;
}

/* A fixed-width number directive c: 0, -1 when full, -2 if c is none. */
static int
st_numdir(struct strptime *p, int c, int pad)
{
	int	comp;

	switch (c) {
	case 'Y': case 'G':
		return st_addop(p, PT_NUM, c == 'Y' ? TC_YEAR : TC_IGNORE, 4,
		    pad < 0 ? '0' : pad);
	case 'y': case 'C': case 'm': case 'd': case 'H': case 'I':
	case 'M': case 'S': case 'U': case 'W': case 'V': case 'g':
		comp = c == 'y' ? TC_YEAR2 : c == 'C' ? TC_CENTURY :
		    c == 'm' ? TC_MON : c == 'd' ? TC_DAY :
		    c == 'H' ? TC_HOUR : c == 'I' ? TC_HOUR12 :
		    c == 'M' ? TC_MIN : c == 'S' ? TC_SEC : TC_IGNORE;
		return st_addop(p, PT_NUM, comp, 2, pad < 0 ? '0' : pad);
	case 'e': case 'k': case 'l':
		return st_addop(p, PT_NUM, c == 'e' ? TC_DAY :
		    c == 'k' ? TC_HOUR : TC_HOUR12, 2, pad < 0 ? ' ' : pad);
	case 'j':
		return st_addop(p, PT_NUM, TC_YDAY, 3, pad < 0 ? '0' : pad);
	case 'u': case 'w':
		return st_addop(p, PT_NUM, TC_IGNORE, 1, '0');
	}
	return -2;
}

/* The expansion of a composite directive (%T, %F, ...), or NULL. */
static const char *
st_composite(int c)
{
	switch (c) {
	case 'T': case 'X':
		return "%H:%M:%S";
	case 'F':
		return "%Y-%m-%d";
	case 'D': case 'x':
		return "%m/%d/%y";
	case 'R':
		return "%H:%M";
	case 'r':
		return "%I:%M:%S %p";
	case 'c':
		return "%a %b %e %H:%M:%S %Y";
	}
	return NULL;
}

/* Any other single directive c: 0, -1 when full, -2 when c is unknown. */
static int
st_otherdir(struct strptime *p, int c)
{
	switch (c) {
	case 'b': case 'h':
		return st_addop(p, PT_MONABBR, 0, 0, 0);
	case 'B':
		return st_addop(p, PT_MONFULL, 0, 0, 0);
	case 'a':
		return st_addop(p, PT_DAYABBR, 0, 0, 0);
	case 'A':
		return st_addop(p, PT_DAYFULL, 0, 0, 0);
	case 'p': case 'P':
		return st_addop(p, PT_AMPM, 0, 0, 0);
	case 'z':
		return st_addop(p, PT_ZOFF, 0, 0, 0);
	case 'Z':
		return st_addop(p, PT_ZNAME, 0, 0, 0);
	case 'f':
		p->subsec = 1;
		return st_addop(p, PT_FRAC6, 0, 0, 0);
	case 's':
		return st_addop(p, PT_EPOCH, 0, 0, 0);
	case '%':
		return st_addlit(p, "%", 1);
	case 'n':
		return st_addlit(p, "\n", 1);
	case 't':
		return st_addlit(p, "\t", 1);
	}
	return -2;
}

/* Compile a strftime datefmt (depth guards the %c-like expansions). */
static int
st_compile(struct strptime *p, const char *df, int depth, char **cause)
{
	const char	*s = df, *lit = df, *sub;
	int		 pad, r, c;

	while ((s = strchr(s, '%')) != NULL) {
		if (st_addlit(p, lit, (size_t)(s - lit)) != 0)
			goto toolong;
		s++;
		pad = -1;
		if (*s == '-' || *s == '_' || *s == '0' || *s == '^' ||
		    *s == '#') {
			pad = *s == '-' ? 0 : *s == '_' ? ' ' : *s == '0' ? '0' :
			    -1;
			s++;
		}
		c = (unsigned char)*s;
		if ((sub = st_composite(c)) != NULL)
			r = depth == 0 ? st_compile(p, sub, 1, cause) : 0;
		else if ((r = st_numdir(p, c, pad)) == -2)
			r = st_otherdir(p, c);
		if (r == -2) {
			*cause = xasprintf("unknown directive '%%%.*s' in datefmt "
			    "'%s'", c ? (int)st_u8len((unsigned char)c) : 0, s,
			    df);
			return -1;
		}
		if (r != 0)
			goto toolong;
		lit = ++s;
	}
	if (st_addlit(p, lit, strlen(lit)) != 0)
		goto toolong;
	return 0;
toolong:
	if (*cause == NULL)
		*cause = xasprintf("datefmt '%s' has too many parts", df);
	return -1;
}

/* Match a name from a table (full or 3-letter); its index or -1. */
static int
st_name(const char *s, size_t n, size_t *i, const char *const *tab, int count,
    int full)
{
	int	k;
	size_t	l;

	for (k = 0; k < count; k++) {
		l = full ? strlen(tab[k]) : 3;
		if (n - *i >= l && scan_ieq(s + *i, tab[k], l)) {
			*i += l;
			return k;
		}
	}
	return -1;
}

/* Time components while parsing asctime. */
struct st_tm {
	int	year, year2, century, mon, day, yday, hour, hour12, pm, min, sec;
	int	ms, zone;
	int64_t	epoch;
};

/* Two digits at s as a number, or -1. */
static inline int
st_d2(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* The common datefmt "%Y-%m-%d %H:%M:%S[,mmm]" in straight-line code. */
static int
st_fast(const struct strptime *p, const char *s, size_t n, size_t *i,
    int64_t *ms)
{
	const char	*t = s + *i;
	int		 y1, y2, mo, d, h, mi, se, f = 0;

	if (n - *i < (size_t)p->fast || t[4] != '-' || t[7] != '-' ||
	    t[10] != p->sep || t[13] != ':' || t[16] != ':')
		return -1;
	if ((y1 = st_d2(t)) < 0 || (y2 = st_d2(t + 2)) < 0 ||
	    (mo = st_d2(t + 5)) < 1 || mo > 12 || (d = st_d2(t + 8)) < 1 ||
	    d > 31 || (h = st_d2(t + 11)) < 0 || h > 23 ||
	    (mi = st_d2(t + 14)) < 0 || mi > 59 || (se = st_d2(t + 17)) < 0 ||
	    se > 61)
		return -1;
	if (p->fast == 23) {
		if (t[19] != ',' || (f = st_d2(t + 20)) < 0 || t[22] < '0' ||
		    t[22] > '9')
			return -1;
		f = f * 10 + (t[22] - '0');
	}
	*ms = ptime_make(y1 * 100 + y2, mo, d, h, mi, se, f);
	*i += (size_t)p->fast;
	return 0;
}

/* A PT_NUM / PT_MSEC3 number at s[*j] into the component it names. */
static int
st_num(const struct st_op *t, const char *s, size_t n, size_t *jp,
    struct st_tm *tm)
{
	size_t	 j = *jp, d = 0;
	int	 v = 0, *dst = NULL;

	if (t->pad == ' ') {
		while (d + 1 < t->digits && j < n && s[j] == ' ') {
			j++;
			d++;
		}
	}
	if (j >= n || s[j] < '0' || s[j] > '9')
		return -1;
	while (d < t->digits && j < n && s[j] >= '0' && s[j] <= '9') {
		v = v * 10 + (s[j++] - '0');
		d++;
	}
	if (t->pad != 0 && d != t->digits)
		return -1;
	*jp = j;
	if (t->kind == PT_MSEC3) {
		tm->ms = v;
		return 0;
	}
	switch (t->comp) {
	case TC_YEAR: dst = &tm->year; break;
	case TC_YEAR2: dst = &tm->year2; break;
	case TC_CENTURY: dst = &tm->century; break;
	case TC_MON: dst = &tm->mon; break;
	case TC_DAY: dst = &tm->day; break;
	case TC_YDAY: dst = &tm->yday; break;
	case TC_HOUR: dst = &tm->hour; break;
	case TC_HOUR12: dst = &tm->hour12; break;
	case TC_MIN: dst = &tm->min; break;
	case TC_SEC: dst = &tm->sec; break;
	}
	if (dst != NULL)
		*dst = v;
	return 0;
}

/* A %z offset (+hhmm, +hh:mm; absent on a naive time) at s[*j]. */
static int
st_zoff(const char *s, size_t n, size_t *jp, struct st_tm *tm)
{
	size_t	j = *jp, d;
	int	v, sign;

	if (j >= n || (s[j] != '+' && s[j] != '-'))
		return 0;
	sign = s[j] == '-' ? -1 : 1;
	if (n - j < 5)
		return -1;
	j++;
	for (d = 0, v = 0; d < 4; d++) {
		if (d == 2 && j < n && s[j] == ':')
			j++;
		if (j >= n || s[j] < '0' || s[j] > '9')
			return -1;
		v = v * 10 + (s[j++] - '0');
	}
	tm->zone = sign * ((v / 100) * 60 + v % 100);
	*jp = j;
	return 0;
}

/* Digits at s[*j]: %f (6 digits into ms) or %s (epoch seconds). */
static int
st_digits(int kind, const char *s, size_t n, size_t *jp, struct st_tm *tm)
{
	size_t	j = *jp, d;
	int	v;

	if (kind == PT_FRAC6) {
		for (d = 0, v = 0; d < 6; d++) {
			if (j >= n || s[j] < '0' || s[j] > '9')
				return -1;
			v = v * 10 + (s[j++] - '0');
		}
		tm->ms = v / 1000;
	} else {
		if (j >= n || s[j] < '0' || s[j] > '9')
			return -1;
		tm->epoch = 0;
		for (d = 0; j < n && s[j] >= '0' && s[j] <= '9'; d++) {
			if (d < 12)
				tm->epoch = tm->epoch * 10 + (s[j] - '0');
			j++;
		}
	}
	*jp = j;
	return 0;
}

/* One op of the program at s[*j]; 0 or -1. */
static int
st_op(const struct strptime *p, const struct st_op *t, const char *s,
    size_t n, size_t *jp, struct st_tm *tm)
{
	size_t	j = *jp;
	int	m;

	switch (t->kind) {
	case PT_LIT:
		if (n - j < t->len || !st_eq(s + j, p->text + t->off, t->len))
			return -1;
		*jp = j + t->len;
		return 0;
	case PT_NUM:
	case PT_MSEC3:
		return st_num(t, s, n, jp, tm);
	case PT_MONABBR:
	case PT_MONFULL:
		m = st_name(s, n, jp, st_months, 12, t->kind == PT_MONFULL);
		if (m < 0)
			return -1;
		tm->mon = m + 1;
		return 0;
	case PT_DAYABBR:
	case PT_DAYFULL:
		return st_name(s, n, jp, st_days, 7, t->kind == PT_DAYFULL) < 0 ?
		    -1 : 0;
	case PT_AMPM:
		if (n - j < 2 || (s[j + 1] != 'M' && s[j + 1] != 'm'))
			return -1;
		if (s[j] == 'A' || s[j] == 'a')
			tm->pm = 0;
		else if (s[j] == 'P' || s[j] == 'p')
			tm->pm = 1;
		else
			return -1;
		*jp = j + 2;
		return 0;
	case PT_ZOFF:
		return st_zoff(s, n, jp, tm);
	case PT_ZNAME:
		if (j < n && (s[j] == '+' || s[j] == '-'))
			j++;
		while (j < n && ((s[j] >= 'A' && s[j] <= 'Z') ||
		    (s[j] >= 'a' && s[j] <= 'z') || (s[j] >= '0' && s[j] <= '9')))
			j++;
		*jp = j;
		return 0;
	case PT_FRAC6:
	case PT_EPOCH:
		return st_digits(t->kind, s, n, jp, tm);
	}
	return -1;
}

/* The components read into ms since the epoch; -1 when out of range. */
static int
st_finish(struct st_tm *tm, int64_t *ms)
{
	if (tm->epoch >= 0) {
		*ms = tm->epoch * 1000 + tm->ms;
		return 0;
	}
	if (tm->year < 0 && tm->year2 >= 0) {
		if (tm->century >= 0)
			tm->year = tm->century * 100 + tm->year2;
		else
			tm->year = tm->year2 < 69 ? 2000 + tm->year2 :
			    1900 + tm->year2;
	}
	if (tm->hour < 0 && tm->hour12 >= 0) {
		if (tm->hour12 < 1 || tm->hour12 > 12)
			return -1;
		tm->hour = tm->hour12 % 12 + (tm->pm == 1 ? 12 : 0);
	}
	if (tm->hour < 0)
		tm->hour = 0;
	if (tm->hour > 23 || tm->min > 59 || tm->sec > 61)
		return -1;
	if ((tm->mon >= 0 && (tm->mon < 1 || tm->mon > 12)) ||
	    (tm->day >= 0 && (tm->day < 1 || tm->day > 31)) ||
	    (tm->yday >= 0 && (tm->yday < 1 || tm->yday > 366)))
		return -1;
	if (tm->year < 0) {
		*ms = TIME_UNKNOWN;	/* no year: no absolute time */
		return 0;
	}
	if (tm->mon < 0 && tm->day < 0 && tm->yday > 0)
		*ms = ptime_make(tm->year, 1, 1, tm->hour, tm->min, tm->sec,
		    tm->ms) + (int64_t)(tm->yday - 1) * 86400000;
	else
		*ms = ptime_make(tm->year, tm->mon < 0 ? 1 : tm->mon,
		    tm->day < 0 ? 1 : tm->day, tm->hour, tm->min, tm->sec,
		    tm->ms);
	*ms -= (int64_t)tm->zone * 60000;
	return 0;
}

/* Run the datefmt program at s[*i]; 0 and *ms or -1. */
static int
st_run(const struct strptime *p, const char *s, size_t n, size_t *i,
    int64_t *ms)
{
	struct st_tm	 tm;
	unsigned	 k;
	size_t		 j = *i;

	if (p->fast)
		return st_fast(p, s, n, i, ms);
	memset(&tm, 0, sizeof tm);
	tm.year = tm.year2 = tm.century = tm.mon = tm.day = tm.yday = -1;
	tm.hour = tm.hour12 = tm.pm = -1;
	tm.epoch = -1;
	for (k = 0; k < p->nops; k++)
		if (st_op(p, &p->ops[k], s, n, &j, &tm) != 0)
			return -1;
	*i = j;
	return st_finish(&tm, ms);
}

/* Compile a datefmt; NULL (Python's default asctime) when df is NULL. */
struct strptime *
strptime_compile(const char *df, char **cause)
{
	struct strptime	*p = xcalloc(1, sizeof *p);

	*cause = NULL;
	if (df == NULL) {
		if (st_compile(p, "%Y-%m-%d %H:%M:%S", 0, cause) != 0 ||
		    st_addlit(p, ",", 1) != 0 ||
		    st_addop(p, PT_MSEC3, 0, 3, '0') != 0)
			goto fail;
		p->subsec = 1;
		p->fast = 23;
		p->sep = ' ';
		return p;
	}
	if (st_compile(p, df, 0, cause) != 0)
		goto fail;
	if (strcmp(df, "%Y-%m-%d %H:%M:%S") == 0 ||
	    strcmp(df, "%Y-%m-%dT%H:%M:%S") == 0) {
		p->fast = 19;
		p->sep = df[8];
	}
	return p;
fail:
	strptime_free(p);
	return NULL;
}

/* Free a compiled datefmt. */
void
strptime_free(struct strptime *p)
{
	if (p == NULL)
		return;
	free(p->text);
	free(p);
}

/* Does the format print fractions of a second? */
int
strptime_subsec(const struct strptime *p)
{
	return p->subsec;
}

/* Parse the date at s[*i]: 0, *ms and *i past it, or -1. */
int
strptime_parse(const struct strptime *p, const char *s, size_t n, size_t *i,
    int64_t *ms)
{
	if (*i > n)
		return -1;
	return st_run(p, s, n, i, ms);
}
