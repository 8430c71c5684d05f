/*
 * prefilter.c: required literals of a regex, found with a SIMD scan.
 *
 * A struct prefilter holds a set of at most PREFILTER_MAXLIT literals with
 * one promise: every match of its pattern contains one of them, whole,
 * inside the matched span, and starts at most `lead` bytes before it.
 * regex.c uses it to skip to candidates and runs PCRE2 only there; PCRE2
 * stays the semantics.
 *
 * Extraction is a conservative walk over the pattern syntax. The top
 * level is split at '|'; in each branch the runs of plain literal
 * characters not under a quantifier are candidates, and the longest run
 * whose lead (the widest the atoms before it can be) is bounded wins.
 * Every branch must give one, or there is no prefilter. Anything the walk
 * does not fully understand gives up (NULL): inline options ((?i) (?x)),
 * verbs and callouts, recursion, conditionals, comments, \G, \g and \k,
 * \N{...},
 * '{' that is not a plain {n}, {n,} or {n,m}, \Q inside a class.
 *
 * Case: with caseless matching a literal keeps ASCII letters folded to
 * lower case and is compared ignoring ASCII case. Non-ASCII characters,
 * and in UTF mode k and s (which fold with KELVIN SIGN and LONG S), end a
 * run: they are not literals, but atoms up to 4 bytes wide.
 *
 * Scan: for each literal two of its bytes (the rarest by a rough
 * frequency rank of log text) are compared at their offsets over 32 (AVX2,
 * chosen at run time) or 16 (SSE2) positions at once; the positions where
 * both agree are verified in full. Other machines get a scalar scan.
 */
#include "prefilter.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"

/* -DPREFILTER_NO_SIMD or -DPREFILTER_NO_AVX2 test the other scanners. */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__)) && \
    !defined(PREFILTER_NO_SIMD)
#define PREFILTER_X86 1
#include <immintrin.h>
#else
#define PREFILTER_X86 0
#endif
#ifdef PREFILTER_NO_AVX2
#define PF_AVX2()	0
#else
#define PF_AVX2()	__builtin_cpu_supports("avx2")
#endif

#define PF_INF		PREFILTER_UNBOUNDED
#define PF_WIDE		4		/* widest character in bytes */
#define PF_MAXRUN	256		/* longest literal kept */
#define PF_CAP		(1u << 20)	/* widths above this count as unbounded */

/* One literal and the two bytes its scan looks at first. */
struct pf_lit {
	unsigned char	*s;		/* folded to lower case when icase */
	size_t		 len;
	size_t		 i1, i2;	/* offsets of the two rarest bytes */
	unsigned char	 c1, c2;	/* their values (lower case when folded) */
	unsigned char	 f1, f2;	/* 0x20 when that byte is a folded letter */
};

struct prefilter {
	struct pf_lit	 lit[PREFILTER_MAXLIT];
	size_t		 nlit;
	size_t		 minlen, maxlen;
	size_t		 lead;
	int		 icase;
};

/* The walk over the pattern. */
struct pf_walk {
	const unsigned char	*p;
	size_t			 n;
	size_t			 i;
	int			 utf;
	int			 icase;
	int			 quote;		/* inside \Q...\E */
	int			 bail;		/* not understood: no prefilter */
};

/* What one atom is. */
enum pf_atom {
	PF_END = 0,	/* end of pattern */
	PF_BAR,		/* '|' */
	PF_CLOSE,	/* ')' */
	PF_LIT,		/* literal bytes */
	PF_OPAQUE	/* anything else, of a known maximum width */
};

/* A branch's best run so far, and the run being built. */
struct pf_run {
	unsigned char	 cur[PF_MAXRUN];
	size_t		 curlen;
	size_t		 curlead;
	unsigned char	 best[PF_MAXRUN];
	size_t		 bestlen;
	size_t		 bestlead;
	int		 have;
};

static size_t	pf_group(struct pf_walk *);

/* Add two widths, unbounded when either is or the sum is large. */
static size_t
pf_add(size_t a, size_t b)
{
	if (a == PF_INF || b == PF_INF || a + b > PF_CAP)
		return PF_INF;
	return a + b;
}

/* Multiply a width by a repeat count (PF_INF for no upper bound). */
static size_t
pf_mul(size_t w, size_t k)
{
	if (w == 0 || k == 0)
		return 0;
	if (w == PF_INF || k == PF_INF || k > PF_CAP / w)
		return PF_INF;
	return w * k;
}

/* Is c an ASCII letter? */
static int
pf_alpha(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* ASCII lower case. */
static unsigned char
pf_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Length of the UTF-8 character starting with lead byte c (1 if not a lead). */
static size_t
pf_utf8_len(unsigned char c)
{
	if (c >= 0xf0)
		return 4;
	if (c >= 0xe0)
		return 3;
	if (c >= 0xc0)
		return 2;
	return 1;
}

/* Parse a decimal number at w->i; returns it (capped), or -1 if no digit. */
static long
pf_number(struct pf_walk *w)
{
	long	v = 0;
	int	any = 0;

	while (w->i < w->n && w->p[w->i] >= '0' && w->p[w->i] <= '9') {
		if (v < 1000000)
			v = v * 10 + (w->p[w->i] - '0');
		w->i++;
		any = 1;
	}
	return any ? v : -1;
}

/*
 * A quantifier at w->i, if any: sets the maximum repeat count (PF_INF for
 * none) and returns 1; 0 when there is none. A '{' that is not a plain
 * quantifier gives up.
 */
static int
pf_quant(struct pf_walk *w, size_t *max)
{
	long	lo, hi;
	char	c;

	/* A \E (closing a quote, or on its own) lets the quantifier through. */
	while (w->i + 1 < w->n && w->p[w->i] == '\\' && w->p[w->i + 1] == 'E') {
		w->quote = 0;
		w->i += 2;
	}
	if (w->i >= w->n || w->quote)
		return 0;
	c = (char)w->p[w->i];
	if (c == '*' || c == '+')
		*max = PF_INF;
	else if (c == '?')
		*max = 1;
	else if (c == '{') {
		w->i++;
		if ((lo = pf_number(w)) < 0) {
			w->bail = 1;
			return 0;
		}
		hi = lo;
		if (w->i < w->n && w->p[w->i] == ',') {
			w->i++;
			hi = pf_number(w);
		}
		if (w->i >= w->n || w->p[w->i] != '}') {
			w->bail = 1;
			return 0;
		}
		*max = hi < 0 ? PF_INF : (size_t)hi;
	} else
		return 0;
	w->i++;
	/* Lazy or possessive. */
	if (w->i < w->n && (w->p[w->i] == '?' || w->p[w->i] == '+'))
		w->i++;
	return 1;
}

/* Skip a character class starting at '['; gives up on what it cannot read. */
static void
pf_class(struct pf_walk *w)
{
	const unsigned char	*p = w->p;
	size_t			 i = w->i + 1, n = w->n;

	if (i < n && p[i] == '^')
		i++;
	if (i < n && p[i] == ']')
		i++;
	for (;;) {
		if (i >= n) {
			w->bail = 1;
			return;
		}
		if (p[i] == '\\') {
			if (i + 1 >= n || p[i + 1] == 'Q' || p[i + 1] == 'E') {
				w->bail = 1;
				return;
			}
			i += 2;
			continue;
		}
		if (p[i] == '[' && i + 1 < n && (p[i + 1] == ':' ||
		    p[i + 1] == '.' || p[i + 1] == '=')) {
			unsigned char	d = p[i + 1];
			size_t		j = i + 2;

			/*
			 * [:name:] and friends only when plainly written;
			 * else PCRE2 may read '[' as a literal: give up.
			 */
			if (j < n && p[j] == '^')
				j++;
			while (j < n && pf_alpha(p[j]))
				j++;
			if (j + 1 >= n || p[j] != d || p[j + 1] != ']') {
				w->bail = 1;
				return;
			}
			i = j + 2;
			continue;
		}
		if (p[i] == ']') {
			w->i = i + 1;
			return;
		}
		i++;
	}
}

/*
 * One literal character of `len` bytes at c: a literal (into out, folded
 * when caseless) or, when case folding makes its bytes uncertain, an
 * opaque atom.
 */
static enum pf_atom
pf_char(struct pf_walk *w, const unsigned char *c, size_t len,
    unsigned char *out, size_t *outlen, size_t *width)
{
	if (w->icase && (c[0] >= 0x80 || (w->utf && (pf_lower(c[0]) == 'k' ||
	    pf_lower(c[0]) == 's')))) {
		*width = PF_WIDE;
		return PF_OPAQUE;
	}
	memcpy(out, c, len);
	if (w->icase)
		out[0] = pf_lower(out[0]);
	*outlen = len;
	return PF_LIT;
}

/* An escape after '\\' at w->i (w->i at the escaped byte). */
static enum pf_atom
pf_escape(struct pf_walk *w, unsigned char *out, size_t *outlen,
    size_t *width)
{
	unsigned char	e, b;

	if (w->i >= w->n) {
		w->bail = 1;
		return PF_END;
	}
	e = w->p[w->i++];
	if (e >= 0x80) {
		w->bail = 1;
		return PF_END;
	}
	if (!pf_alpha(e) && !(e >= '0' && e <= '9'))
		return pf_char(w, &e, 1, out, outlen, width);
	switch (e) {
	case 't': b = '\t'; break;
	case 'n': b = '\n'; break;
	case 'r': b = '\r'; break;
	case 'f': b = '\f'; break;
	case 'e': b = 0x1b; break;
	case 'a': b = 0x07; break;
	default: b = 0; break;
	}
	if (b != 0)
		return pf_char(w, &b, 1, out, outlen, width);
	*width = PF_WIDE;
	switch (e) {
	case 'd': case 'D': case 'w': case 'W': case 's': case 'S':
	case 'h': case 'H': case 'v': case 'V': case 'R':
		return PF_OPAQUE;
	case 'N':
		if (w->i < w->n && w->p[w->i] == '{')
			w->bail = 1;
		return PF_OPAQUE;
	case 'X':
		*width = PF_INF;
		return PF_OPAQUE;
	case 'b': case 'B': case 'A': case 'z': case 'Z': case 'K':
		*width = 0;
		return PF_OPAQUE;
	case 'p': case 'P':
		if (w->i < w->n && w->p[w->i] == '{') {
			while (w->i < w->n && w->p[w->i] != '}')
				w->i++;
			if (w->i >= w->n)
				w->bail = 1;
			w->i++;
		} else
			w->i++;
		return PF_OPAQUE;
	case 'x': case 'o':
		if (w->i < w->n && w->p[w->i] == '{') {
			while (w->i < w->n && w->p[w->i] != '}')
				w->i++;
			if (w->i >= w->n)
				w->bail = 1;
			w->i++;
		} else if (e == 'x') {
			size_t	k;

			for (k = 0; k < 2 && w->i < w->n &&
			    strchr("0123456789abcdefABCDEF", w->p[w->i]) != NULL &&
			    w->p[w->i] != '\0'; k++)
				w->i++;
		} else
			w->bail = 1;
		return PF_OPAQUE;
	case 'c':
		w->i++;
		return PF_OPAQUE;
	case '0':
		while (w->i < w->n && w->p[w->i] >= '0' && w->p[w->i] <= '7')
			w->i++;
		return PF_OPAQUE;
	case '1': case '2': case '3': case '4': case '5': case '6': case '7':
	case '8': case '9':
		/* A back reference, or an octal character: unbounded either way. */
		while (w->i < w->n && w->p[w->i] >= '0' && w->p[w->i] <= '9')
			w->i++;
		*width = PF_INF;
		return PF_OPAQUE;
	default:
		w->bail = 1;	/* \G \g \k \Q handled by the caller, others */
		return PF_END;
	}
}

/*
 * The next atom at w->i: literal bytes into out (at most PF_WIDE), or an
 * opaque atom with its maximum width, or the end of a branch.
 */
static enum pf_atom
pf_atom(struct pf_walk *w, unsigned char *out, size_t *outlen, size_t *width)
{
	const unsigned char	*p = w->p;
	unsigned char		 c;
	size_t			 len;

	*width = 0;
	for (;;) {
		if (w->i + 1 < w->n && p[w->i] == '\\' && p[w->i + 1] == 'E') {
			w->quote = 0;	/* \E ends a quote, or means nothing */
			w->i += 2;
		} else if (!w->quote && w->i + 1 < w->n && p[w->i] == '\\' &&
		    p[w->i + 1] == 'Q') {
			w->quote = 1;
			w->i += 2;
		} else
			break;
	}
	if (w->i >= w->n)
		return PF_END;
	c = p[w->i];
	if (w->quote)
		goto literal;
	switch (c) {
	case '|':
		w->i++;
		return PF_BAR;
	case ')':
		w->i++;
		return PF_CLOSE;
	case '.':
		w->i++;
		*width = PF_WIDE;
		return PF_OPAQUE;
	case '^': case '$':
		w->i++;
		return PF_OPAQUE;
	case '[':
		pf_class(w);
		*width = PF_WIDE;
		return PF_OPAQUE;
	case '(':
		w->i++;
		*width = pf_group(w);
		return PF_OPAQUE;
	case '*': case '+': case '?': case '{':
		w->bail = 1;
		return PF_END;
	case '\\':
		w->i++;
		return pf_escape(w, out, outlen, width);
	default:
		break;
	}
literal:
	len = w->utf ? pf_utf8_len(c) : 1;
	if (w->i + len > w->n) {
		w->bail = 1;
		return PF_END;
	}
	w->i += len;
	return pf_char(w, p + w->i - len, len, out, outlen, width);
}

/* Widest of the branches up to ')' (or the end); after '(' at w->i. */
static size_t
pf_alt_width(struct pf_walk *w)
{
	unsigned char	lit[PF_WIDE];
	size_t		best = 0, sum = 0, aw, litlen, max;
	enum pf_atom	a;

	for (;;) {
		if (w->bail)
			return PF_INF;
		a = pf_atom(w, lit, &litlen, &aw);
		if (a == PF_END || a == PF_CLOSE || a == PF_BAR) {
			if (sum == PF_INF || sum > best)
				best = sum;
			if (a != PF_BAR)
				return best;
			sum = 0;
			continue;
		}
		if (a == PF_LIT)
			aw = litlen;
		if (pf_quant(w, &max))
			aw = pf_mul(aw, max);
		sum = pf_add(sum, aw);
	}
}

/* A group after its '(': its maximum width (0 for lookarounds). */
static size_t
pf_group(struct pf_walk *w)
{
	const unsigned char	*p = w->p;
	size_t			 n = w->n, width;
	int			 zero = 0;

	if (w->i < n && p[w->i] == '*') {
		w->bail = 1;
		return PF_INF;
	}
	if (w->i < n && p[w->i] == '?') {
		char	d = w->i + 1 < n ? (char)p[w->i + 1] : '\0';
		char	e = w->i + 2 < n ? (char)p[w->i + 2] : '\0';

		if (d == ':' || d == '|' || d == '>') {
			w->i += 2;
		} else if (d == '=' || d == '!') {
			w->i += 2;
			zero = 1;
		} else if (d == '<' && (e == '=' || e == '!')) {
			w->i += 3;
			zero = 1;
		} else if (d == '#') {
			/* A comment vanishes: "z(?#c)?" quantifies the z. */
			w->bail = 1;
			return PF_INF;
		} else if (d == '<' || d == '\'' || (d == 'P' && e == '<')) {
			char	end = d == '\'' ? '\'' : '>';

			w->i += d == 'P' ? 3 : 2;
			while (w->i < n && p[w->i] != (unsigned char)end &&
			    (pf_alpha(p[w->i]) || p[w->i] == '_' ||
			    (p[w->i] >= '0' && p[w->i] <= '9')))
				w->i++;
			if (w->i >= n || p[w->i] != (unsigned char)end) {
				w->bail = 1;
				return PF_INF;
			}
			w->i++;
		} else {
			w->bail = 1;	/* options, recursion, conditions, callouts */
			return PF_INF;
		}
	}
	width = pf_alt_width(w);
	return zero ? 0 : width;
}

/* The run being built ends: keep it if it beats the branch's best. */
static void
pf_run_end(struct pf_run *r)
{
	int	better;

	if (r->curlen == 0)
		return;
	if (!r->have)
		better = 1;
	else if ((r->curlead == PF_INF) != (r->bestlead == PF_INF))
		better = r->curlead != PF_INF;
	else
		better = r->curlen > r->bestlen;
	if (better) {
		memcpy(r->best, r->cur, r->curlen);
		r->bestlen = r->curlen;
		r->bestlead = r->curlead;
		r->have = 1;
	}
	r->curlen = 0;
}

/* A rough rank of how common a byte is in log text (higher: commoner). */
static int
pf_rank(unsigned char c, int fold)
{
	if (c == ' ')
		return 255;
	if (strchr("etaoinsrhl", c) != NULL && c != '\0')
		return 200;
	if ((c >= '0' && c <= '9') || strchr("-:,.", c) != NULL)
		return c == '\0' ? 60 : 190;
	if (c >= 'a' && c <= 'z')
		return 150;
	if (strchr("=_/()[]'\"", c) != NULL)
		return c == '\0' ? 60 : 120;
	if (c >= 'A' && c <= 'Z')
		return fold ? 150 : 90;
	return 60;
}

/* Add one literal to the set, choosing the bytes its scan looks at first. */
static void
pf_add_lit(struct prefilter *pf, const unsigned char *s, size_t len)
{
	struct pf_lit	*l = &pf->lit[pf->nlit++];
	size_t		 k;
	int		 r, r1 = 1000, r2 = 1000;

	l->s = xmalloc(len);
	l->len = len;
	for (k = 0; k < len; k++)
		l->s[k] = pf->icase ? pf_lower(s[k]) : s[k];
	l->i1 = l->i2 = 0;
	for (k = 0; k < len; k++) {
		r = pf_rank(l->s[k], pf->icase);
		if (r < r1) {
			l->i2 = l->i1;
			r2 = r1;
			l->i1 = k;
			r1 = r;
		} else if (r < r2) {
			l->i2 = k;
			r2 = r;
		}
	}
	if (len == 1)
		l->i2 = l->i1;
	if (l->i1 > l->i2) {
		k = l->i1;
		l->i1 = l->i2;
		l->i2 = k;
	}
	l->c1 = l->s[l->i1];
	l->c2 = l->s[l->i2];
	l->f1 = pf->icase && pf_alpha(l->c1) ? 0x20 : 0;
	l->f2 = pf->icase && pf_alpha(l->c2) ? 0x20 : 0;
	if (pf->nlit == 1 || len < pf->minlen)
		pf->minlen = len;
	if (len > pf->maxlen)
		pf->maxlen = len;
}

/* Build the required-literal set of a pattern, or NULL. */
struct prefilter *
prefilter_build(const char *pattern, size_t n, int utf, int icase)
{
	struct pf_walk		 w;
	struct pf_run		 run;
	struct prefilter	*pf;
	unsigned char		 lit[PF_WIDE];
	size_t			 litlen, aw, max, pos = 0, k, lens[PREFILTER_MAXLIT];
	size_t			 leads[PREFILTER_MAXLIT], nb = 0;
	unsigned char		 bufs[PREFILTER_MAXLIT][PF_MAXRUN];
	enum pf_atom		 a;

	memset(&w, 0, sizeof w);
	w.p = (const unsigned char *)pattern;
	w.n = n;
	w.utf = utf;
	w.icase = icase;
	memset(&run, 0, sizeof run);
	for (;;) {
		a = pf_atom(&w, lit, &litlen, &aw);
		if (w.bail || a == PF_CLOSE)
			return NULL;
		if (a == PF_END || a == PF_BAR) {
			pf_run_end(&run);
			if (!run.have || nb == PREFILTER_MAXLIT)
				return NULL;
			memcpy(bufs[nb], run.best, run.bestlen);
			lens[nb] = run.bestlen;
			leads[nb++] = run.bestlead;
			if (a == PF_END)
				break;
			memset(&run, 0, sizeof run);
			pos = 0;
			continue;
		}
		if (pf_quant(&w, &max)) {
			if (w.bail)
				return NULL;
			if (a == PF_LIT)
				aw = litlen;
			pf_run_end(&run);
			pos = pf_add(pos, pf_mul(aw, max));
			continue;
		}
		if (w.bail)
			return NULL;
		if (a == PF_LIT) {
			if (run.curlen + litlen > PF_MAXRUN)
				pf_run_end(&run);
			if (run.curlen == 0)
				run.curlead = pos;
			memcpy(run.cur + run.curlen, lit, litlen);
			run.curlen += litlen;
			pos = pf_add(pos, litlen);
			continue;
		}
		pf_run_end(&run);
		pos = pf_add(pos, aw);
	}
	pf = xcalloc(1, sizeof *pf);
	pf->icase = icase;
	for (k = 0; k < nb; k++) {
		pf_add_lit(pf, bufs[k], lens[k]);
		if (k == 0 || leads[k] == PF_INF || (pf->lead != PF_INF &&
		    leads[k] > pf->lead))
			pf->lead = leads[k];
	}
	return pf;
}

/* One literal searched exactly (ASCII case folded when icase). */
struct prefilter *
prefilter_literal(const char *lit, size_t n, int icase)
{
	struct prefilter	*pf;

	if (n == 0)
		return NULL;
	pf = xcalloc(1, sizeof *pf);
	pf->icase = icase;
	pf_add_lit(pf, (const unsigned char *)lit, n);
	pf->lead = 0;
	return pf;
}

/* Free a prefilter. */
void
prefilter_free(struct prefilter *pf)
{
	size_t	k;

	if (pf == NULL)
		return;
	for (k = 0; k < pf->nlit; k++)
		free(pf->lit[k].s);
	free(pf);
}

/* The lead: how far before its literal a match may start. */
size_t
prefilter_lead(const struct prefilter *pf)
{
	return pf->lead;
}

/* How many literals. */
size_t
prefilter_count(const struct prefilter *pf)
{
	return pf->nlit;
}

/* Literal i (folded to lower case when caseless). */
const char *
prefilter_lit(const struct prefilter *pf, size_t i, size_t *len)
{
	*len = pf->lit[i].len;
	return (const char *)pf->lit[i].s;
}

/* Does literal l lie at h[q, q + len)? (q + len <= n is checked by the caller) */
static int
pf_verify(const struct prefilter *pf, const struct pf_lit *l,
    const unsigned char *h)
{
	size_t	k;

	if (!pf->icase)
		return memcmp(h, l->s, l->len) == 0;
	for (k = 0; k < l->len; k++)
		if (pf_lower(h[k]) != l->s[k])
			return 0;
	return 1;
}

/* Check position q against every literal (scalar). */
static int
pf_at(const struct prefilter *pf, const unsigned char *h, size_t n, size_t q,
    size_t *len)
{
	size_t	j;

	for (j = 0; j < pf->nlit; j++) {
		const struct pf_lit	*l = &pf->lit[j];

		if (q + l->len <= n && (h[q + l->i1] | l->f1) == l->c1 &&
		    (h[q + l->i2] | l->f2) == l->c2 && pf_verify(pf, l, h + q)) {
			*len = l->len;
			return 1;
		}
	}
	return 0;
}

#if PREFILTER_X86
/* Verify the candidate bits of one block at base q; offset of a hit or -1. */
static long long
pf_block(const struct prefilter *pf, const unsigned char *h, size_t n,
    size_t q, const uint32_t *masks, uint32_t any, size_t *len)
{
	size_t	j, bit;

	while (any != 0) {
		bit = (size_t)__builtin_ctz(any);
		for (j = 0; j < pf->nlit; j++) {
			const struct pf_lit	*l = &pf->lit[j];

			if ((masks[j] >> bit & 1) && q + bit + l->len <= n &&
			    pf_verify(pf, l, h + q + bit)) {
				*len = l->len;
				return (long long)(q + bit);
			}
		}
		any &= any - 1;
	}
	return -1;
}

/* The scan with AVX2, 32 positions at a time; *q is where it stopped. */
__attribute__((target("avx2")))
static long long
pf_scan_avx2(const struct prefilter *pf, const unsigned char *h, size_t n,
    size_t *qp, size_t *len)
{
	size_t		q = *qp, j;
	uint32_t	masks[PREFILTER_MAXLIT], any;
	long long	r;

	while (n - q >= 32 + pf->maxlen) {
		any = 0;
		for (j = 0; j < pf->nlit; j++) {
			const struct pf_lit	*l = &pf->lit[j];
			__m256i	a, b;

			a = _mm256_loadu_si256((const __m256i *)(const void *)
			    (h + q + l->i1));
			b = _mm256_loadu_si256((const __m256i *)(const void *)
			    (h + q + l->i2));
			a = _mm256_or_si256(a, _mm256_set1_epi8((char)l->f1));
			b = _mm256_or_si256(b, _mm256_set1_epi8((char)l->f2));
			a = _mm256_cmpeq_epi8(a, _mm256_set1_epi8((char)l->c1));
			b = _mm256_cmpeq_epi8(b, _mm256_set1_epi8((char)l->c2));
			masks[j] = (uint32_t)_mm256_movemask_epi8(
			    _mm256_and_si256(a, b));
			any |= masks[j];
		}
		if (any != 0 &&
		    (r = pf_block(pf, h, n, q, masks, any, len)) >= 0)
			return r;
		q += 32;
	}
	*qp = q;
	return -1;
}

/* The scan with SSE2, 16 positions at a time; *q is where it stopped. */
static long long
pf_scan_sse2(const struct prefilter *pf, const unsigned char *h, size_t n,
    size_t *qp, size_t *len)
{
	size_t		q = *qp, j;
	uint32_t	masks[PREFILTER_MAXLIT], any;
	long long	r;

	while (n - q >= 16 + pf->maxlen) {
		any = 0;
		for (j = 0; j < pf->nlit; j++) {
			const struct pf_lit	*l = &pf->lit[j];
			__m128i	a, b;

			a = _mm_loadu_si128((const __m128i *)(const void *)
			    (h + q + l->i1));
			b = _mm_loadu_si128((const __m128i *)(const void *)
			    (h + q + l->i2));
			a = _mm_or_si128(a, _mm_set1_epi8((char)l->f1));
			b = _mm_or_si128(b, _mm_set1_epi8((char)l->f2));
			a = _mm_cmpeq_epi8(a, _mm_set1_epi8((char)l->c1));
			b = _mm_cmpeq_epi8(b, _mm_set1_epi8((char)l->c2));
			masks[j] = (uint32_t)_mm_movemask_epi8(_mm_and_si128(a, b));
			any |= masks[j];
		}
		if (any != 0 &&
		    (r = pf_block(pf, h, n, q, masks, any, len)) >= 0)
			return r;
		q += 16;
	}
	*qp = q;
	return -1;
}
#endif

/* Which scanner runs. */
const char *
prefilter_engine(void)
{
#if PREFILTER_X86
	if (PF_AVX2())
		return "avx2";
	return "sse2";
#else
	return "scalar";
#endif
}

/* The first offset >= from where a literal lies whole inside [s, s+n). */
long long
prefilter_find(const struct prefilter *pf, const char *s, size_t n,
    size_t from, size_t *len)
{
	const unsigned char	*h = (const unsigned char *)s;
	size_t			 q = from, dummy;
	long long		 r;

	if (len == NULL)
		len = &dummy;
	if (from > n || n - from < pf->minlen)
		return -1;
#if PREFILTER_X86
	if (PF_AVX2())
		r = pf_scan_avx2(pf, h, n, &q, len);
	else
		r = pf_scan_sse2(pf, h, n, &q, len);
	if (r >= 0)
		return r;
#else
	(void)r;
#endif
	for (; q + pf->minlen <= n; q++)
		if (pf_at(pf, h, n, q, len))
			return (long long)q;
	return -1;
}
