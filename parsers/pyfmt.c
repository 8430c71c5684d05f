/*
 * pyfmt.c: Python logging.Formatter strings compiled into line parsers.
 *
 * pyfmt_compile turns a Formatter string (%-, {- or $-style) into a small
 * program: an array of ops, each either a literal (bytes kept in one
 * buffer owned by the struct) or a field (a LogRecord attribute with the
 * kind of text it produces, its width, fill and alignment). The datefmt of
 * %(asctime)s is compiled by strptime.c.
 *
 * pyfmt_parse runs the program over one line without allocating:
 *  - literals must match exactly;
 *  - self-delimiting fields (numbers, level words, asctime) consume what
 *    their grammar allows, plus exactly the padding Python would add;
 *  - free-text fields (name, funcName, message, ...) end at an occurrence
 *    of the literal that follows them (or at the end of the line if they
 *    are last). The occurrence tried first is the first one, except for
 *    message (the last one: the message is free text, the suffix is
 *    structured) and for a field followed by '.' and another free-text
 *    field (the last '.' before the anchor after that field, so that
 *    "%(name)s.%(funcName)s:" splits app.api.v1.handle at the last dot).
 *    If the rest of the line does not match, the next occurrence is tried,
 *    within a fixed budget of attempts per line, so the work per line is
 *    bounded (a few passes over the line).
 * Invariants: nops <= PYFMT_MAXOPS (the recursion depth of the matcher);
 * every span filled in lies inside [0, len); the program is immutable
 * after compilation, so one struct pyfmt can serve many threads.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/scan.h"
#include "core/xmalloc.h"
#include "level.h"
#include "ptime.h"
#include "pyfmt.h"
#include "strptime.h"

#define PYFMT_MAXOPS	96	/* ops in a format program */
#define PYFMT_BUDGET	64	/* free-text split attempts per line */

/* What kind of text a field produces. */
enum pf_kind {
	PK_STR,		/* free text */
	PK_INT,		/* [sign] digits */
	PK_NUM,		/* [sign] digits [. digits] [e[sign]digits] */
	PK_HEX,		/* hex digits (%x, {:x}) */
	PK_OCT,		/* octal digits */
	PK_CHAR,	/* one code point (%c) */
	PK_LEVEL,	/* a level word or "Level N" */
	PK_TIME		/* asctime per datefmt */
};

/* What a field means for struct fields. */
enum pf_role {
	PR_NONE,
	PR_ASCTIME,
	PR_CREATED,
	PR_MSECS,
	PR_LEVELNAME,
	PR_LEVELNO,
	PR_NAME,
	PR_MESSAGE
};

/* Value types of LogRecord attributes. */
enum pf_vtype { PV_STR, PV_INT, PV_FLOAT, PV_LEVEL, PV_TIME };

/* One LogRecord attribute. */
struct pf_attr {
	const char	*name;
	uint8_t		 vtype;
	uint8_t		 role;
};

static const struct pf_attr pf_attrs[] = {
	{ "asctime", PV_TIME, PR_ASCTIME },
	{ "created", PV_FLOAT, PR_CREATED },
	{ "msecs", PV_FLOAT, PR_MSECS },
	{ "relativeCreated", PV_FLOAT, PR_NONE },
	{ "levelname", PV_LEVEL, PR_LEVELNAME },
	{ "levelno", PV_INT, PR_LEVELNO },
	{ "name", PV_STR, PR_NAME },
	{ "module", PV_STR, PR_NONE },
	{ "filename", PV_STR, PR_NONE },
	{ "pathname", PV_STR, PR_NONE },
	{ "funcName", PV_STR, PR_NONE },
	{ "lineno", PV_INT, PR_NONE },
	{ "process", PV_INT, PR_NONE },
	{ "processName", PV_STR, PR_NONE },
	{ "thread", PV_INT, PR_NONE },
	{ "threadName", PV_STR, PR_NONE },
	{ "taskName", PV_STR, PR_NONE },
	{ "message", PV_STR, PR_MESSAGE },
	{ "msg", PV_STR, PR_NONE },
	{ "args", PV_STR, PR_NONE },
	{ "exc_info", PV_STR, PR_NONE },
	{ "exc_text", PV_STR, PR_NONE },
	{ "stack_info", PV_STR, PR_NONE },
};
#define PF_NATTRS	(sizeof pf_attrs / sizeof pf_attrs[0])

enum pf_align { PA_NONE, PA_LEFT, PA_RIGHT, PA_CENTER };

/* Field flags. */
#define PF_SPLITLAST	0x01	/* free text before '.' + free text: last dot */
#define PF_REPR		0x02	/* !r / %r: quoted */
#define PF_GROUP	0x04	/* digits grouped with ',' or '_' */
#define PF_NONEOK	0x08	/* a number printed with str() may be "None" */

/* One op of a format program. */
struct pf_op {
	uint8_t		 lit;		/* 1: literal, 0: field */
	uint8_t		 kind;		/* enum pf_kind */
	uint8_t		 role;		/* enum pf_role */
	uint8_t		 align;		/* enum pf_align */
	uint8_t		 flags;
	uint8_t		 filllen;	/* bytes of fill (1..4) */
	char		 fill[4];
	uint32_t	 width;		/* minimum width in code points */
	int32_t		 prec;		/* precision, -1 if none */
	uint32_t	 off;		/* literal: offset into text */
	uint32_t	 len;		/* literal: length */
};

struct pyfmt {
	struct pf_op	 ops[PYFMT_MAXOPS];
	unsigned	 nops;
	struct strptime	*date;		/* datefmt of asctime, or NULL */
	char		*text;		/* literal bytes */
	size_t		 textlen, textsize;
	int		 idx[PR_MESSAGE + 1];	/* first op of each role, -1 */
};

/* Per-line matcher state (on the stack of pyfmt_parse). */
struct pf_cap {
	uint32_t	 off, len;	/* the value, padding excluded */
	int64_t		 val;		/* level, ms, or the number */
	int		 sub;		/* PK_TIME: had sub-second digits */
};

struct pf_match {
	const struct pyfmt	*p;
	const char		*s;
	size_t			 n;
	int			 budget;
	struct pf_cap		 cap[PYFMT_MAXOPS];
};

/* Append literal bytes to the text buffer; returns their offset. */
static uint32_t
pf_text(struct pyfmt *p, const char *s, size_t n)
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

/* Add literal bytes to the format program, merging with a literal before. */
static int
pf_addlit(struct pyfmt *p, const char *s, size_t n)
{
	struct pf_op	*op;

	if (n == 0)
		return 0;
	if (p->nops > 0 && p->ops[p->nops - 1].lit &&
	    p->ops[p->nops - 1].off + p->ops[p->nops - 1].len == p->textlen) {
		pf_text(p, s, n);
		p->ops[p->nops - 1].len += (uint32_t)n;
		return 0;
	}
	if (p->nops == PYFMT_MAXOPS)
		return -1;
	op = &p->ops[p->nops++];
	memset(op, 0, sizeof *op);
	op->lit = 1;
	op->off = pf_text(p, s, n);
	op->len = (uint32_t)n;
	return 0;
}

/* Look up a LogRecord attribute by name; NULL if unknown. */
static const struct pf_attr *
pf_attr_find(const char *s, size_t n)
{
	size_t	i;

	for (i = 0; i < PF_NATTRS; i++) {
		if (strlen(pf_attrs[i].name) == n &&
		    memcmp(pf_attrs[i].name, s, n) == 0)
			return &pf_attrs[i];
	}
	return NULL;
}

/* Add a field op; conv is the printf/format type char (0 = str()). */
static int
pf_addfield(struct pyfmt *p, const struct pf_attr *a, int conv,
    struct pf_op *tmpl)
{
	struct pf_op	*op;

	if (p->nops == PYFMT_MAXOPS)
		return -1;
	op = &p->ops[p->nops++];
	*op = *tmpl;
	op->lit = 0;
	op->role = a->role;
	switch (conv) {
	case 'd': case 'i': case 'u': case 'n':
		op->kind = PK_INT;
		break;
	case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%':
		op->kind = PK_NUM;
		break;
	case 'x': case 'X':
		op->kind = PK_HEX;
		break;
	case 'o':
		op->kind = PK_OCT;
		break;
	case 'c':
		op->kind = a->vtype == PV_STR ? PK_STR : PK_CHAR;
		break;
	default:	/* s r a or none: str() of the value */
		switch (a->vtype) {
		case PV_INT:
			op->kind = PK_INT;
			op->flags |= PF_NONEOK;
			break;
		case PV_FLOAT:
			op->kind = PK_NUM;
			op->flags |= PF_NONEOK;
			break;
		case PV_LEVEL:
			op->kind = PK_LEVEL;
			break;
		case PV_TIME:
			op->kind = PK_TIME;
			break;
		default:
			op->kind = PK_STR;
			break;
		}
		if (conv == 'r' || conv == 'a')
			op->flags |= PF_REPR;
		break;
	}
	if (op->filllen == 0) {
		op->fill[0] = ' ';
		op->filllen = 1;
	}
	if (op->align == PA_NONE)
		op->align = op->kind == PK_STR || op->kind == PK_LEVEL ||
		    op->kind == PK_TIME ? PA_LEFT : PA_RIGHT;
	if (p->idx[op->role] == -1)
		p->idx[op->role] = (int)(p->nops - 1);
	return 0;
}

/* Compile a %-style format string. */
static int
pf_compile_pct(struct pyfmt *p, const char *fmt, char **cause)
{
	const char		*s = fmt, *lit = fmt, *key, *q;
	const struct pf_attr	*a;
	struct pf_op		 t;
	size_t			 klen;
	int			 left;

	while ((s = strchr(s, '%')) != NULL) {
		if (pf_addlit(p, lit, (size_t)(s - lit)) != 0)
			goto toolong;
		if (s[1] == '%') {
			if (pf_addlit(p, "%", 1) != 0)
				goto toolong;
			lit = s = s + 2;
			continue;
		}
		if (s[1] != '(') {
			*cause = xasprintf("bare '%%%.1s' at offset %zu in format "
			    "'%s' (fields are written %%(name)s; a literal %% "
			    "is %%%%)", s[1] ? s + 1 : "", (size_t)(s - fmt), fmt);
			return -1;
		}
		key = s + 2;
		q = strchr(key, ')');
		if (q == NULL) {
			*cause = xasprintf("unclosed '%%(' at offset %zu in "
			    "format '%s'", (size_t)(s - fmt), fmt);
			return -1;
		}
		klen = (size_t)(q - key);
		a = pf_attr_find(key, klen);
		if (a == NULL) {
			*cause = xasprintf("unknown LogRecord attribute '%.*s' in "
			    "format '%s'", (int)klen, key, fmt);
			return -1;
		}
		memset(&t, 0, sizeof t);
		t.prec = -1;
		left = 0;
		q++;
		for (; *q != '\0' && strchr("#0- +", *q) != NULL; q++) {
			if (*q == '-')
				left = 1;
		}
		while (*q >= '0' && *q <= '9') {
			if (t.width < 100000)
				t.width = t.width * 10 + (uint32_t)(*q - '0');
			q++;
		}
		if (*q == '.') {
			t.prec = 0;
			for (q++; *q >= '0' && *q <= '9'; q++) {
				if (t.prec < 100000)
					t.prec = t.prec * 10 + (*q - '0');
			}
		}
		if (*q == 'h' || *q == 'l' || *q == 'L')
			q++;
		if (*q == '\0') {
			*cause = xasprintf("incomplete field '%s' at offset %zu "
			    "in format '%s' (missing conversion character, "
			    "e.g. s or d)", s, (size_t)(s - fmt), fmt);
			return -1;
		}
		if (strchr("diouxXeEfFgGcrsa", *q) == NULL) {
			*cause = xasprintf("bad conversion character '%c' in "
			    "'%.*s' at offset %zu in format '%s'", *q,
			    (int)(q - s + 1), s, (size_t)(s - fmt), fmt);
			return -1;
		}
		t.align = left ? PA_LEFT : PA_RIGHT;
		if (pf_addfield(p, a, *q, &t) != 0)
			goto toolong;
		lit = s = q + 1;
	}
	if (pf_addlit(p, lit, strlen(lit)) != 0)
		goto toolong;
	return 0;
toolong:
	*cause = xasprintf("format '%s' has too many parts", fmt);
	return -1;
}

/* Length of the UTF-8 sequence starting with byte c (1 if invalid). */
static size_t
pf_u8len(unsigned char c)
{
	if (c >= 0xf0 && c < 0xf8)
		return 4;
	if (c >= 0xe0)
		return c < 0xf0 ? 3 : 1;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* Parse a {-style format spec [[fill]align][sign][z][#][0][width][,_][.prec][type]. */
static int
pf_brace_spec(const char *s, size_t n, struct pf_op *t, int *type)
{
	size_t	i = 0, fl;

	*type = 0;
	fl = n > 0 ? pf_u8len((unsigned char)s[0]) : 0;
	if (fl > 0 && fl < n && strchr("<>=^", s[fl]) != NULL) {
		memcpy(t->fill, s, fl);
		t->filllen = (uint8_t)fl;
		i = fl;
	}
	if (i < n && strchr("<>=^", s[i]) != NULL) {
		t->align = s[i] == '<' ? PA_LEFT : s[i] == '^' ? PA_CENTER :
		    PA_RIGHT;
		i++;
	}
	if (i < n && (s[i] == '+' || s[i] == '-' || s[i] == ' '))
		i++;
	if (i < n && s[i] == 'z')
		i++;
	if (i < n && s[i] == '#')
		i++;
	if (i < n && s[i] == '0') {
		if (t->filllen == 0) {
			t->fill[0] = '0';
			t->filllen = 1;
			if (t->align == PA_NONE)
				t->align = PA_RIGHT;
		}
		i++;
	}
	for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
		if (t->width < 100000)
			t->width = t->width * 10 + (uint32_t)(s[i] - '0');
	}
	if (i < n && (s[i] == ',' || s[i] == '_')) {
		t->flags |= PF_GROUP;
		i++;
	}
	if (i < n && s[i] == '.') {
		t->prec = 0;
		if (++i >= n || s[i] < '0' || s[i] > '9')
			return -1;
		for (; i < n && s[i] >= '0' && s[i] <= '9'; i++) {
			if (t->prec < 100000)
				t->prec = t->prec * 10 + (s[i] - '0');
		}
	}
	if (i < n && strchr("bcdeEfFgGnosxX%", s[i]) != NULL)
		*type = s[i++];
	return i == n ? 0 : -1;
}

/* Compile a {-style format string. */
static int
pf_compile_brace(struct pyfmt *p, const char *fmt, char **cause)
{
	const char		*s = fmt, *lit = fmt, *e, *nend, *spec;
	const struct pf_attr	*a;
	struct pf_op		 t;
	int			 type, conv;

	for (; *s != '\0'; s++) {
		if (*s == '}') {
			if (s[1] != '}') {
				*cause = xasprintf("single '}' at offset %zu in "
				    "format '%s' (a literal } is }})",
				    (size_t)(s - fmt), fmt);
				return -1;
			}
			if (pf_addlit(p, lit, (size_t)(s - lit) + 1) != 0)
				goto toolong;
			lit = ++s + 1;
			continue;
		}
		if (*s != '{')
			continue;
		if (s[1] == '{') {
			if (pf_addlit(p, lit, (size_t)(s - lit) + 1) != 0)
				goto toolong;
			lit = ++s + 1;
			continue;
		}
		if (pf_addlit(p, lit, (size_t)(s - lit)) != 0)
			goto toolong;
		e = strchr(s + 1, '}');
		if (e == NULL || memchr(s + 1, '{', (size_t)(e - s - 1)) != NULL) {
			*cause = xasprintf("unclosed '{' at offset %zu in format "
			    "'%s'", (size_t)(s - fmt), fmt);
			return -1;
		}
		nend = s + 1 + strcspn(s + 1, "!:}");
		a = pf_attr_find(s + 1, (size_t)(nend - s - 1));
		if (a == NULL) {
			*cause = xasprintf("unknown LogRecord attribute '%.*s' in "
			    "format '%s'", (int)(nend - s - 1), s + 1, fmt);
			return -1;
		}
		memset(&t, 0, sizeof t);
		t.prec = -1;
		conv = 0;
		spec = nend;
		if (*spec == '!') {
			if (strchr("rsa", spec[1]) == NULL || spec[1] == '\0' ||
			    (spec[2] != ':' && spec[2] != '}')) {
				*cause = xasprintf("bad conversion '%.*s' at offset "
				    "%zu in format '%s' (use !r, !s or !a)",
				    (int)(e - spec), spec, (size_t)(spec - fmt),
				    fmt);
				return -1;
			}
			conv = spec[1] == 's' ? 0 : spec[1];
			spec += 2;
		}
		type = 0;
		if (*spec == ':' && pf_brace_spec(spec + 1,
		    (size_t)(e - spec - 1), &t, &type) != 0) {
			*cause = xasprintf("bad format spec '%.*s' at offset %zu "
			    "in format '%s'", (int)(e - spec - 1), spec + 1,
			    (size_t)(spec + 1 - fmt), fmt);
			return -1;
		}
		if (type == 's')
			type = 0;
		if (pf_addfield(p, a, type != 0 ? type : conv, &t) != 0)
			goto toolong;
		s = e;
		lit = e + 1;
	}
	if (pf_addlit(p, lit, (size_t)(s - lit)) != 0)
		goto toolong;
	return 0;
toolong:
	*cause = xasprintf("format '%s' has too many parts", fmt);
	return -1;
}

/* Is c an identifier character (start: no digits)? */
static int
pf_idchar(int c, int start)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (!start && c >= '0' && c <= '9');
}

/* Compile a $-style format string. */
static int
pf_compile_dollar(struct pyfmt *p, const char *fmt, char **cause)
{
	const char		*s = fmt, *lit = fmt, *id, *e;
	const struct pf_attr	*a;
	struct pf_op		 t;

	while ((s = strchr(s, '$')) != NULL) {
		if (pf_addlit(p, lit, (size_t)(s - lit)) != 0)
			goto toolong;
		if (s[1] == '$') {
			if (pf_addlit(p, "$", 1) != 0)
				goto toolong;
			lit = s = s + 2;
			continue;
		}
		if (s[1] == '{') {
			id = s + 2;
			for (e = id; pf_idchar((unsigned char)*e, e == id); e++)
				;
			if (*e != '}' || e == id) {
				*cause = xasprintf("unclosed or invalid '${' at "
				    "offset %zu in format '%s'",
				    (size_t)(s - fmt), fmt);
				return -1;
			}
			lit = e + 1;
		} else {
			id = s + 1;
			for (e = id; pf_idchar((unsigned char)*e, e == id); e++)
				;
			if (e == id) {
				*cause = xasprintf("invalid placeholder '$' at "
				    "offset %zu in format '%s' (a literal $ is "
				    "$$)", (size_t)(s - fmt), fmt);
				return -1;
			}
			lit = e;
		}
		a = pf_attr_find(id, (size_t)(e - id));
		if (a == NULL) {
			*cause = xasprintf("unknown LogRecord attribute '%.*s' in "
			    "format '%s'", (int)(e - id), id, fmt);
			return -1;
		}
		memset(&t, 0, sizeof t);
		t.prec = -1;
		if (pf_addfield(p, a, 0, &t) != 0)
			goto toolong;
		s = lit;
	}
	if (pf_addlit(p, lit, strlen(lit)) != 0)
		goto toolong;
	return 0;
toolong:
	*cause = xasprintf("format '%s' has too many parts", fmt);
	return -1;
}

/* Guess the style: "%(" means %, else {name} means {, else $name means $. */
static int
pf_guess_style(const char *fmt)
{
	const char	*s;

	if (strstr(fmt, "%(") != NULL)
		return '%';
	for (s = fmt; (s = strchr(s, '{')) != NULL; s++) {
		const char *e = s + 1;

		if (*e == '{') {	/* {{ is a literal brace */
			s++;
			continue;
		}

		while (pf_idchar((unsigned char)*e, e == s + 1))
			e++;
		if (e != s + 1 && (*e == '}' || *e == ':' || *e == '!'))
			return '{';
	}
	for (s = fmt; (s = strchr(s, '$')) != NULL; s++) {
		if (s[1] == '{' || pf_idchar((unsigned char)s[1], 1))
			return '$';
	}
	return '%';
}

/*
 * Mark free-text fields followed by '.' and another free-text field: they
 * split at the last dot before the anchor of the second field.
 */
static void
pf_mark_split(struct pyfmt *p)
{
	unsigned	 i;
	struct pf_op	*o;

	for (i = 0; i + 2 < p->nops; i++) {
		o = &p->ops[i];
		if (o->lit || o->kind != PK_STR || o->role == PR_MESSAGE)
			continue;
		if (!p->ops[i + 1].lit || p->text[p->ops[i + 1].off] != '.')
			continue;
		if (p->ops[i + 2].lit || p->ops[i + 2].kind != PK_STR)
			continue;
		o->flags |= PF_SPLITLAST;
	}
}

/* Compile a Formatter string; NULL and *cause on error. */
struct pyfmt *
pyfmt_compile(const char *fmt, int style, const char *datefmt, char **cause)
{
	struct pyfmt	*p;
	unsigned	 i, nfields = 0;
	int		 r;

	*cause = NULL;
	if (fmt == NULL)
		fmt = "%(message)s";
	if (style == 0)
		style = pf_guess_style(fmt);
	if (style != '%' && style != '{' && style != '$') {
		*cause = xasprintf("unknown format style '%c' (use %%, { or $)",
		    style);
		return NULL;
	}
	p = xcalloc(1, sizeof *p);
	for (i = 0; i <= PR_MESSAGE; i++)
		p->idx[i] = -1;
	if (style == '%')
		r = pf_compile_pct(p, fmt, cause);
	else if (style == '{')
		r = pf_compile_brace(p, fmt, cause);
	else
		r = pf_compile_dollar(p, fmt, cause);
	if (r != 0)
		goto fail;
	for (i = 0; i < p->nops; i++)
		nfields += !p->ops[i].lit;
	if (nfields == 0) {
		*cause = xasprintf("format '%s' has no %s field", fmt,
		    style == '%' ? "%(...)s" : style == '{' ? "{...}" : "$...");
		goto fail;
	}
	if (p->idx[PR_ASCTIME] != -1) {
		if ((p->date = strptime_compile(datefmt, cause)) == NULL)
			goto fail;
	}
	pf_mark_split(p);
	return p;
fail:
	if (*cause == NULL)
		*cause = xasprintf("format '%s' is too complex", fmt);
	pyfmt_free(p);
	return NULL;
}

/* Free a compiled format. */
void
pyfmt_free(struct pyfmt *p)
{
	if (p == NULL)
		return;
	strptime_free(p->date);
	free(p->text);
	free(p);
}

/* Are the n bytes at a and b equal? (inline for the short literals of formats) */
static inline int
pf_eq(const char *a, const char *b, size_t n)
{
	size_t	i;

	if (n > 16)
		return memcmp(a, b, n) == 0;
	for (i = 0; i < n; i++) {
		if (a[i] != b[i])
			return 0;
	}
	return 1;
}

/* Code points in s[0..n). */
static size_t
pf_cplen(const char *s, size_t n)
{
	size_t	i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xc0) != 0x80;
	return c;
}

/* Skip up to max fill strings at s[*i]; returns how many. */
static size_t
pf_skipfill(const struct pf_op *o, const char *s, size_t n, size_t *i,
    size_t max)
{
	size_t	c = 0;

	while (c < max && n - *i >= o->filllen &&
	    pf_eq(s + *i, o->fill, o->filllen)) {
		*i += o->filllen;
		c++;
	}
	return c;
}

/* Parse a level word (or "Level N", or a truncated name) at s[*i]. */
static int
pf_level(const struct pf_op *o, const char *s, size_t n, size_t *i)
{
	static const char *const names[] = {
		"TRACE", "DEBUG", "INFO", "NOTICE", "WARNING", "ERROR",
		"CRITICAL", "NOTSET"
	};
	static const uint8_t levels[] = {
		LEVEL_TRACE, LEVEL_DEBUG, LEVEL_INFO, LEVEL_NOTICE,
		LEVEL_WARNING, LEVEL_ERROR, LEVEL_CRITICAL, LEVEL_NONE
	};
	size_t	j = *i, w, k, max = o->prec >= 0 ? (size_t)o->prec : 16;
	long	v;
	int	l;

	while (j < n && j - *i < max && ((s[j] >= 'A' && s[j] <= 'Z') ||
	    (s[j] >= 'a' && s[j] <= 'z')))
		j++;
	w = j - *i;
	if (w == 0)
		return -1;
	if (w == 5 && memcmp(s + *i, "Level", 5) == 0 && max > 6 &&
	    j + 1 < n && s[j] == ' ' && s[j + 1] >= '0' && s[j + 1] <= '9') {
		for (j++, v = 0; j < n && s[j] >= '0' && s[j] <= '9'; j++) {
			if (v < 1000000)
				v = v * 10 + (s[j] - '0');
		}
		*i = j;
		return level_from_number(v);
	}
	l = level_parse(s + *i, w);
	if (l < 0 && w == 6 && scan_ieq(s + *i, "NOTSET", 6))
		l = LEVEL_NONE;
	if (l < 0 && o->prec >= 0 && w == (size_t)o->prec) {
		for (k = 0; k < sizeof names / sizeof names[0]; k++) {
			if (strlen(names[k]) > w &&
			    scan_ieq(s + *i, names[k], w)) {
				l = levels[k];
				break;
			}
		}
	}
	if (l < 0)
		return -1;
	*i = j;
	return l;
}

/* Parse a number of the op's kind at s[*i]; its integer part in *v. */
static int
pf_number(const struct pf_op *o, const char *s, size_t n, size_t *i,
    int64_t *v, int64_t *frac_ms)
{
	size_t	j = *i, d = 0, fd;
	int	neg = 0;
	int64_t	x = 0, f = 0;

	*frac_ms = 0;
	if ((o->flags & PF_NONEOK) && n - j >= 4 && memcmp(s + j, "None", 4) == 0) {
		*i = j + 4;
		*v = 0;
		return 0;
	}
	if (j < n && (s[j] == '-' || s[j] == '+')) {
		neg = s[j] == '-';
		j++;
	}
	if (o->kind == PK_HEX || o->kind == PK_OCT) {
		if (n - j >= 2 && s[j] == '0' && strchr("xXoO", s[j + 1]) != NULL &&
		    s[j + 1] != '\0')
			j += 2;
		while (j < n && ((s[j] >= '0' && s[j] <= '9') ||
		    (o->kind == PK_HEX && ((s[j] >= 'a' && s[j] <= 'f') ||
		    (s[j] >= 'A' && s[j] <= 'F'))))) {
			j++;
			d++;
		}
		if (d == 0)
			return -1;
		*v = 0;
		*i = j;
		return 0;
	}
	while (j < n && ((s[j] >= '0' && s[j] <= '9') ||
	    ((o->flags & PF_GROUP) && d > 0 && (s[j] == ',' || s[j] == '_')))) {
		if (s[j] >= '0' && s[j] <= '9') {
			if (x < 100000000000000LL)	/* keeps x * 1000 in range */
				x = x * 10 + (s[j] - '0');
			d++;
		}
		j++;
	}
	if (d == 0)
		return -1;
	if (o->kind == PK_NUM) {
		if (j + 1 < n && s[j] == '.' && s[j + 1] >= '0' && s[j + 1] <= '9') {
			for (j++, fd = 0; j < n && s[j] >= '0' && s[j] <= '9'; j++) {
				if (fd++ < 3)
					f = f * 10 + (s[j] - '0');
			}
			while (fd++ < 3)
				f *= 10;
		}
		if (j + 1 < n && (s[j] == 'e' || s[j] == 'E')) {
			size_t k = j + 1;

			if (k < n && (s[k] == '+' || s[k] == '-'))
				k++;
			if (k < n && s[k] >= '0' && s[k] <= '9') {
				while (k < n && s[k] >= '0' && s[k] <= '9')
					k++;
				j = k;
			}
		}
	}
	*v = neg ? -x : x;
	*frac_ms = f;
	*i = j;
	return 0;
}

static int	pf_run(struct pf_match *, unsigned, size_t);

/* Match a self-delimiting field (number, level, time) at pos. */
static int
pf_field(struct pf_match *m, unsigned k, size_t pos)
{
	const struct pf_op	*o = &m->p->ops[k];
	struct pf_cap		*c = &m->cap[k];
	const char		*s = m->s;
	size_t			 n = m->n, i = pos, lead = 0, vlen, need, w;
	int64_t			 v = 0, frac = 0;
	int			 l;

	w = o->width;
	if (w > 0 && (o->align == PA_RIGHT || o->align == PA_CENTER) &&
	    !(o->filllen == 1 && o->fill[0] == '0'))
		lead = pf_skipfill(o, s, n, &i, w);
	c->off = (uint32_t)i;
	c->sub = 0;
	switch (o->kind) {
	case PK_LEVEL:
		if ((l = pf_level(o, s, n, &i)) < 0)
			return 0;
		v = l;
		break;
	case PK_TIME:
		if (strptime_parse(m->p->date, s, n, &i, &v) != 0)
			return 0;
		c->sub = strptime_subsec(m->p->date);
		break;
	case PK_CHAR:
		if (i >= n)
			return 0;
		i += pf_u8len((unsigned char)s[i]);
		if (i > n)
			i = n;
		break;
	default:
		if (pf_number(o, s, n, &i, &v, &frac) != 0)
			return 0;
		if (o->role == PR_CREATED)
			v = v * 1000 + (v < 0 ? -frac : frac);
		break;
	}
	c->len = (uint32_t)(i - c->off);
	c->val = v;
	if (w > 0) {
		vlen = o->kind == PK_TIME ? pf_cplen(s + c->off, c->len) : c->len;
		need = vlen + lead < w ? w - vlen - lead : 0;
		if (lead > 0 && vlen + lead > w)
			return 0;
		if (need > 0 && (o->align == PA_LEFT || o->align == PA_CENTER) &&
		    pf_skipfill(o, s, n, &i, need) != need)
			return 0;
	}
	return pf_run(m, k + 1, i);
}

/* Find lit in s[from, to); its offset or (size_t)-1. */
static size_t
pf_find(const char *s, size_t from, size_t to, const char *lit, size_t ll)
{
	const char	*r;

	if (from > to || to - from < ll || ll == 0)
		return ll == 0 && from <= to ? from : (size_t)-1;
	if (ll > 8) {
		r = memmem(s + from, to - from, lit, ll);
		return r == NULL ? (size_t)-1 : (size_t)(r - s);
	}
	/* Short literals: memchr for the first byte, then compare. */
	while ((r = memchr(s + from, lit[0], to - from - ll + 1)) != NULL) {
		if (pf_eq(r + 1, lit + 1, ll - 1))
			return (size_t)(r - s);
		from = (size_t)(r - s) + 1;
		if (to - from < ll)
			break;
	}
	return (size_t)-1;
}

/* Find the last lit in s[from, to); its offset or (size_t)-1. */
static size_t
pf_rfind(const char *s, size_t from, size_t to, const char *lit, size_t ll)
{
	const char	*r;
	size_t		 end;

	if (from > to || to - from < ll)
		return (size_t)-1;
	end = to - ll + 1;	/* candidate starts are < end */
	while (end > from) {
		r = memrchr(s + from, lit[0], end - from);
		if (r == NULL)
			return (size_t)-1;
		if (pf_eq(r, lit, ll))
			return (size_t)(r - s);
		end = (size_t)(r - s);
	}
	return (size_t)-1;
}

/* Try free-text field k over s[pos, end), then ops nk.. at next. */
static int
pf_try(struct pf_match *m, unsigned k, size_t pos, size_t end, unsigned nk,
    size_t next)
{
	const struct pf_op	*o = &m->p->ops[k];
	struct pf_cap		*c = &m->cap[k];
	const char		*s = m->s;
	size_t			 a = pos, b = end, cp;

	if (m->budget-- <= 0)
		return 0;
	if (o->width > 0) {
		cp = pf_cplen(s + pos, end - pos);
		if (cp < o->width)
			return 0;
		if (cp == o->width) {
			if (o->align == PA_LEFT || o->align == PA_CENTER) {
				while (b - a >= o->filllen && pf_eq(s + b -
				    o->filllen, o->fill, o->filllen))
					b -= o->filllen;
			}
			if (o->align == PA_RIGHT || o->align == PA_CENTER) {
				while (b - a >= o->filllen && pf_eq(s + a,
				    o->fill, o->filllen))
					a += o->filllen;
			}
		}
	}
	if ((o->flags & PF_REPR) && b - a >= 2 && (s[a] == '\'' || s[a] == '"') &&
	    s[b - 1] == s[a]) {
		a++;
		b--;
	}
	c->off = (uint32_t)a;
	c->len = (uint32_t)(b - a);
	c->val = 0;
	return pf_run(m, nk, next);
}

/* Match a free-text field k at pos, trying the ends the anchor allows. */
static int
pf_text_field(struct pf_match *m, unsigned k, size_t pos)
{
	const struct pyfmt	*p = m->p;
	const struct pf_op	*o = &p->ops[k], *nx, *l2;
	const char		*s = m->s, *lit;
	size_t			 n = m->n, min = pos + o->width, q, ll, bound;
	size_t			 lo;

	if (min > n)
		return 0;
	if (k + 1 == p->nops)
		return pf_try(m, k, pos, n, k + 1, n);
	nx = &p->ops[k + 1];
	if (!nx->lit) {
		/* No anchor: every split, shortest first (message: longest). */
		if (o->role == PR_MESSAGE) {
			for (q = n + 1; q-- > min && m->budget > 0;)
				if (pf_try(m, k, pos, q, k + 1, q))
					return 1;
		} else {
			for (q = min; q <= n && m->budget > 0; q++)
				if (pf_try(m, k, pos, q, k + 1, q))
					return 1;
		}
		return 0;
	}
	lit = p->text + nx->off;
	ll = nx->len;
	if (k + 2 == p->nops) {
		/* The last literal ends the line. */
		if (n - min < ll || !pf_eq(s + n - ll, lit, ll))
			return 0;
		return pf_try(m, k, pos, n - ll, k + 2, n);
	}
	if (o->role == PR_MESSAGE) {
		for (q = n; (q = pf_rfind(s, min, q, lit, ll)) != (size_t)-1;
		    q = q + ll - 1) {
			if (pf_try(m, k, pos, q, k + 2, q + ll))
				return 1;
			if (m->budget <= 0 || q == min)
				return 0;
		}
		return 0;
	}
	lo = min;
	if (o->flags & PF_SPLITLAST) {
		/* Last '.' before the anchor that ends the next field. */
		bound = n;
		if (k + 3 < p->nops && p->ops[k + 3].lit) {
			l2 = &p->ops[k + 3];
			bound = pf_find(s, min + ll, n, p->text + l2->off,
			    l2->len);
			if (bound == (size_t)-1)
				bound = n;
		}
		for (q = bound; (q = pf_rfind(s, min, q, lit, ll)) !=
		    (size_t)-1; q = q + ll - 1) {
			if (pf_try(m, k, pos, q, k + 2, q + ll))
				return 1;
			if (m->budget <= 0 || q == min)
				return 0;
		}
		lo = bound > ll ? bound - ll + 1 : 0;
		if (lo < min)
			lo = min;
	}
	for (q = lo; (q = pf_find(s, q, n, lit, ll)) != (size_t)-1; q++) {
		if (pf_try(m, k, pos, q, k + 2, q + ll))
			return 1;
		if (m->budget <= 0)
			return 0;
	}
	return 0;
}

/* Match ops k.. at pos; 1 if the rest of the line matches. */
static int
pf_run(struct pf_match *m, unsigned k, size_t pos)
{
	const struct pf_op	*o;

	for (;;) {
		if (k == m->p->nops)
			return pos == m->n;
		o = &m->p->ops[k];
		if (!o->lit)
			break;
		if (m->n - pos < o->len ||
		    !pf_eq(m->s + pos, m->p->text + o->off, o->len))
			return 0;
		pos += o->len;
		k++;
	}
	if (o->kind == PK_STR)
		return pf_text_field(m, k, pos);
	return pf_field(m, k, pos);
}

/* Clear *f to "no record". */
static void
pf_clear(struct fields *f)
{
	memset(f, 0, sizeof *f);
	f->time = TIME_UNKNOWN;
	f->level = LEVEL_NONE;
	f->format = FORMAT_NONE;
}

/* Run the program over one line; 1 and *f if it is a record start. */
int
pyfmt_parse(const struct pyfmt *p, const char *line, size_t len,
    struct fields *f)
{
	struct pf_match		 m;
	const struct pf_cap	*c, *ms;
	int			 i;
	uint32_t		 end;

	pf_clear(f);
	if (p == NULL || len > UINT32_MAX - 1 || (line == NULL && len > 0))
		return 0;
	m.p = p;
	m.s = line;
	m.n = len;
	m.budget = PYFMT_BUDGET;
	if (!pf_run(&m, 0, 0))
		return 0;
	f->format = FORMAT_USER;
	if ((i = p->idx[PR_LEVELNAME]) != -1) {
		c = &m.cap[i];
		f->level = (uint8_t)c->val;
		f->level_span.off = c->off;
		f->level_span.len = c->len;
	} else if ((i = p->idx[PR_LEVELNO]) != -1) {
		c = &m.cap[i];
		f->level = (uint8_t)level_from_number((long)c->val);
		f->level_span.off = c->off;
		f->level_span.len = c->len;
	}
	if ((i = p->idx[PR_NAME]) != -1) {
		f->logger.off = m.cap[i].off;
		f->logger.len = m.cap[i].len;
	}
	if ((i = p->idx[PR_MESSAGE]) != -1) {
		f->message.off = m.cap[i].off;
		f->message.len = m.cap[i].len;
	}
	if ((i = p->idx[PR_CREATED]) != -1) {
		c = &m.cap[i];
		f->time = c->val;
		f->time_span.off = c->off;
		f->time_span.len = c->len;
	} else if ((i = p->idx[PR_ASCTIME]) != -1) {
		c = &m.cap[i];
		f->time = c->val;
		f->time_span.off = c->off;
		f->time_span.len = c->len;
		if (p->idx[PR_MSECS] != -1) {
			ms = &m.cap[p->idx[PR_MSECS]];
			if (!c->sub && f->time != TIME_UNKNOWN &&
			    ms->val >= 0 && ms->val < 1000)
				f->time += ms->val;
			if (ms->off > c->off) {
				end = ms->off + ms->len;
				f->time_span.len = end - c->off;
			}
		}
	}
	return 1;
}
