/*
 * regex.c: PCRE2 (8-bit, JIT) behind a small interface with bounded cost.
 *
 * A struct regex owns everything one pattern needs to match without
 * allocating: the compiled code, one match data block (sized from the
 * pattern at compile time), a match context carrying the limits, and a JIT
 * stack (32 KiB growing to 1 MiB). Matching never allocates.
 *
 * Patterns that are valid UTF-8 compile with PCRE2_UTF | PCRE2_UCP |
 * PCRE2_MATCH_INVALID_UTF: Korean or any other text matches by character,
 * and invalid bytes in the subject (log data is bytes) never make a match
 * fail with an error -- they simply cannot be part of a match. Patterns
 * that are not valid UTF-8 compile in byte mode, where every byte matches
 * itself. \C is refused (it could split a character).
 *
 * Bounded cost: the match context sets a match limit (1,000,000), a depth
 * limit and a heap limit (20 MiB); JIT matching is bounded by the match
 * limit and the JIT stack. Any limit error gives REGEX_LIMIT (undecided).
 * So do other unexpected match errors: the caller keeps the record rather
 * than hiding it silently.
 *
 * Smart case: a pattern is case-insensitive unless it has an upper-case
 * letter of its own. Escapes (\S \W \D \p{Lu} \x4F \cA), group names
 * ((?<Name>...)), verbs ((*UTF)) and callouts ((?C1)) are not literals and
 * do not count. Non-ASCII upper-case letters (É, Ä) do count.
 *
 * Literals: a pattern with no metacharacter at all is searched with the
 * SIMD scan of prefilter.c (ASCII case folded when case-insensitive, the
 * pattern is ASCII and has no k or s, which Unicode folds with the Kelvin
 * sign and the long s) instead of PCRE2. The results are identical.
 *
 * Other patterns get a prefilter when their required literals can be
 * proved (prefilter.c): regex_match answers "no" at once when none of
 * them is in the subject; regex_find skips to the next literal and tries
 * only the starts at most `lead` bytes before it, with an anchored twin of
 * the code (PCRE2_ANCHORED at compile time, so JIT still applies), in
 * order, as PCRE2's own search would. PCRE2 decides every match; the
 * prefilter only rules out where none can start.
 */
#include "regex.h"
#include "prefilter.h"
#include "core/utf8.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <string.h>

#include "core/xmalloc.h"

#define REGEX_MATCH_LIMIT	1000000u
#define REGEX_DEPTH_LIMIT	100000u
#define REGEX_HEAP_LIMIT_KIB	(20u * 1024u)
#define REGEX_JIT_STACK_MIN	(32u * 1024u)
#define REGEX_JIT_STACK_MAX	(1024u * 1024u)

/* How the pattern is matched. */
enum regex_kind {
	REGEX_KIND_PCRE = 0,	/* PCRE2 (JIT when available) */
	REGEX_KIND_LITERAL,	/* prefilter scan, exact */
	REGEX_KIND_LITERAL_ICASE	/* prefilter scan, ASCII case folded */
};

struct regex {
	char			*pattern;	/* as given, NUL-terminated */
	enum regex_case		 rcase;		/* as given, for regex_dup */
	enum regex_kind		 kind;
	char			*lit;		/* literal (folded to lower case for _ICASE) */
	size_t			 litlen;
	pcre2_code		*code;
	pcre2_match_data	*md;
	pcre2_match_context	*mctx;
	pcre2_jit_stack		*jstack;
	int			 jit;		/* JIT compiled: use pcre2_jit_match */
	struct prefilter	*pf;		/* required literals, or NULL */
	pcre2_code		*acode;		/* the same, anchored (candidates) */
	pcre2_match_data	*amd;
	int			 ajit;
	int			 utf;
};

/* Is [s, s+n) entirely valid UTF-8? */
static int
regex_valid_utf8(const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, l;
	uint32_t		 cp;

	while (i < n) {
		if ((l = utf8_decode(p + i, n - i, &cp)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

/* Is c an ASCII hexadecimal digit? */
static int
regex_is_xdigit(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/* Blank buf[from, to) and return to; `to` is clamped to n. */
static size_t
regex_blank(char *buf, size_t n, size_t from, size_t to)
{
	if (to > n)
		to = n;
	if (from < to)
		memset(buf + from, ' ', to - from);
	return to;
}

/* Blank from i up to and including the first `end` byte (or the end). */
static size_t
regex_blank_to(char *buf, size_t n, size_t i, char end)
{
	size_t	j = i;

	while (j < n && buf[j] != end)
		j++;
	return regex_blank(buf, n, i, j + 1);
}

/*
 * Replace everything in buf that is pattern syntax rather than literal
 * text (escapes, group names, verbs, callouts) with spaces, so what is left
 * can be checked for upper-case letters.
 */
static void
regex_strip_syntax(char *buf, size_t n)
{
	size_t	i = 0, start;
	int	inclass = 0;

	while (i < n) {
		char	c = buf[i];

		if (c == '\\' && i + 1 < n) {
			char	e = buf[i + 1];

			if (e == 'Q') {
				/* \Q...\E: the contents are literals. */
				regex_blank(buf, n, i, i + 2);
				i += 2;
				while (i < n && !(buf[i] == '\\' &&
				    i + 1 < n && buf[i + 1] == 'E'))
					i++;
				i = regex_blank(buf, n, i, i + 2);
				continue;
			}
			start = i;
			i += 2;
			if (strchr("pPxoNgku", e) != NULL && i < n &&
			    buf[i] == '{')
				i = regex_blank_to(buf, n, i, '}');
			else if ((e == 'k' || e == 'g') && i < n &&
			    (buf[i] == '<' || buf[i] == '\''))
				i = regex_blank_to(buf, n, i + 1,
				    buf[i] == '<' ? '>' : '\'');
			else if (e == 'x') {
				while (i < n && i < start + 4 &&
				    regex_is_xdigit(buf[i]))
					i++;
			} else if (e == 'c' && i < n)
				i++;
			else if ((e == 'p' || e == 'P') && i < n)
				i++;	/* \pL */
			regex_blank(buf, n, start, i);
			continue;
		}
		if (inclass) {
			if (c == '[' && i + 1 < n && buf[i + 1] == ':') {
				/* [:alpha:] and friends */
				start = i;
				i += 2;
				while (i + 1 < n && !(buf[i] == ':' &&
				    buf[i + 1] == ']'))
					i++;
				i = regex_blank(buf, n, start, i + 2);
				continue;
			}
			if (c == ']')
				inclass = 0;
			i++;
			continue;
		}
		if (c == '[') {
			inclass = 1;
			i++;
			if (i < n && buf[i] == '^')
				i++;
			if (i < n && buf[i] == ']')
				i++;	/* a leading ] is literal */
			continue;
		}
		if (c == '(' && i + 1 < n && buf[i + 1] == '*') {
			/* (*VERB) or (*VERB:NAME) */
			i = regex_blank_to(buf, n, i, ')');
			continue;
		}
		if (c == '(' && i + 2 < n && buf[i + 1] == '?') {
			char	d = buf[i + 2];

			start = i;
			if (d == 'C' || d == '&' || d == 'P' ||
			    d == '\'' || d == '(' ||
			    (d == '<' && i + 3 < n && buf[i + 3] != '=' &&
			    buf[i + 3] != '!')) {
				/*
				 * Callout, recursion, named group or
				 * condition: blank the name (to '>' or ')' or
				 * the closing quote, whichever is first).
				 */
				size_t	j = i + 3;

				while (j < n && buf[j] != '>' &&
				    buf[j] != ')' && buf[j] != '\'')
					j++;
				i = regex_blank(buf, n, start, j + 1);
				continue;
			}
		}
		i++;
	}
}

/* Does the pattern contain an upper-case letter that is a literal? */
static int
regex_has_upper(const char *pattern, size_t n, int utf)
{
	char		*buf;
	size_t		 i;
	int		 found = 0, high = 0;

	buf = xmalloc(n + 1);
	memcpy(buf, pattern, n);
	buf[n] = '\0';
	regex_strip_syntax(buf, n);
	for (i = 0; i < n; i++) {
		if (buf[i] >= 'A' && buf[i] <= 'Z')
			found = 1;
		if ((unsigned char)buf[i] >= 0x80)
			high = 1;
	}
	if (!found && high && utf) {
		/* Ask PCRE2 about non-ASCII letters (É, Ä, Ω). */
		pcre2_code		*re;
		pcre2_match_data	*md;
		int			 err;
		PCRE2_SIZE		 off;

		re = pcre2_compile((PCRE2_SPTR)"\\p{Lu}|\\p{Lt}",
		    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF,
		    &err, &off, NULL);
		if (re != NULL) {
			md = pcre2_match_data_create_from_pattern(re, NULL);
			if (md != NULL) {
				found = pcre2_match(re, (PCRE2_SPTR)buf, n, 0,
				    0, md, NULL) >= 0;
				pcre2_match_data_free(md);
			}
			pcre2_code_free(re);
		}
	}
	free(buf);
	return found;
}

/* Is the pattern a plain literal (no metacharacter)? */
static int
regex_is_literal(const char *pattern, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		if (strchr("\\^$.[]|()?*+{}", pattern[i]) != NULL ||
		    pattern[i] == '\0')
			return 0;
		/* A '#' or whitespace matters only with (?x): literal here. */
	}
	return 1;
}

/* ASCII lower case of one byte. */
static unsigned char
regex_lower(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

/* Set up the literal prefilter if the pattern allows it. */
static void
regex_setup_literal(struct regex *re, size_t n, int icase)
{
	size_t	i;
	int	ascii = 1, letters = 0;

	if (!regex_is_literal(re->pattern, n))
		return;
	for (i = 0; i < n; i++) {
		unsigned char	c = (unsigned char)re->pattern[i];

		if (c >= 0x80)
			ascii = 0;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			letters = 1;
	}
	if (icase && !ascii)
		return;		/* Unicode case folding: leave it to PCRE2 */
	if (icase && strpbrk(re->pattern, "kKsS") != NULL)
		return;		/* K and S fold with KELVIN SIGN and LONG S */
	re->lit = xstrndup(re->pattern, n);
	re->litlen = n;
	if (icase && letters && n > 0) {
		for (i = 0; i < n; i++)
			re->lit[i] = (char)regex_lower((unsigned char)re->lit[i]);
		re->kind = REGEX_KIND_LITERAL_ICASE;
	} else
		re->kind = REGEX_KIND_LITERAL;
	re->pf = prefilter_literal(re->lit, n, re->kind == REGEX_KIND_LITERAL_ICASE);
}

/*
 * JIT-compile code; 1 when there is JIT code to run. A pattern may refuse
 * JIT ((*NO_JIT), or a build without it) while pcre2_jit_compile still
 * returns 0: pcre2_jit_match would then fail on every record, so the
 * interpreter is used instead.
 */
static int
regex_jit(pcre2_code *code)
{
	size_t	size = 0;

	return pcre2_jit_compile(code, PCRE2_JIT_COMPLETE) == 0 &&
	    pcre2_pattern_info(code, PCRE2_INFO_JITSIZE, &size) == 0 &&
	    size > 0;
}

/*
 * Set up the required-literal prefilter of a pattern PCRE2 runs, and its
 * anchored twin, which tries one candidate start at a time.
 */
static void
regex_setup_prefilter(struct regex *re, size_t n, uint32_t opts)
{
	int		err;
	PCRE2_SIZE	off;

	if ((re->pf = prefilter_build(re->pattern, n, re->utf,
	    (opts & PCRE2_CASELESS) != 0)) == NULL)
		return;
	if (prefilter_lead(re->pf) == PREFILTER_UNBOUNDED)
		return;		/* it can only say "no match at all" */
	re->acode = pcre2_compile((PCRE2_SPTR)re->pattern, n,
	    opts | PCRE2_ANCHORED, &err, &off, NULL);
	if (re->acode == NULL)
		return;
	re->amd = pcre2_match_data_create_from_pattern(re->acode, NULL);
	if (re->amd == NULL) {
		pcre2_code_free(re->acode);
		re->acode = NULL;
		return;
	}
	re->ajit = regex_jit(re->acode);
}

/* Compile a pattern with limits, JIT and smart case. */
struct regex *
regex_compile(const char *pattern, enum regex_case rcase, char **cause)
{
	struct regex	*re;
	size_t		 n = strlen(pattern);
	uint32_t	 opts = PCRE2_NEVER_BACKSLASH_C;
	int		 utf, icase, err;
	PCRE2_SIZE	 off;
	PCRE2_UCHAR	 msg[256];

	utf = regex_valid_utf8(pattern, n);
	if (utf)
		opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	switch (rcase) {
	case REGEX_ICASE:
		icase = 1;
		break;
	case REGEX_CASE:
		icase = 0;
		break;
	default:
		icase = !regex_has_upper(pattern, n, utf);
		break;
	}
	if (icase)
		opts |= PCRE2_CASELESS;

	re = xcalloc(1, sizeof *re);
	re->pattern = xstrdup(pattern);
	re->rcase = rcase;

	/* Compile with PCRE2 even for literals: it validates the pattern. */
	re->code = pcre2_compile((PCRE2_SPTR)pattern, n, opts, &err, &off,
	    NULL);
	if (re->code == NULL) {
		if (pcre2_get_error_message(err, msg, sizeof msg) < 0)
			strcpy((char *)msg, "unknown error");
		*cause = xasprintf("%s at offset %zu", (char *)msg, (size_t)off);
		free(re->pattern);
		free(re);
		return NULL;
	}
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mctx = pcre2_match_context_create(NULL);
	if (re->md == NULL || re->mctx == NULL) {
		regex_free(re);
		*cause = xasprintf("out of memory at offset 0");
		return NULL;
	}
	pcre2_set_match_limit(re->mctx, REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mctx, REGEX_DEPTH_LIMIT);
	pcre2_set_heap_limit(re->mctx, REGEX_HEAP_LIMIT_KIB);
	if (regex_jit(re->code)) {
		re->jstack = pcre2_jit_stack_create(REGEX_JIT_STACK_MIN,
		    REGEX_JIT_STACK_MAX, NULL);
		if (re->jstack != NULL) {
			pcre2_jit_stack_assign(re->mctx, NULL, re->jstack);
			re->jit = 1;
		}
	}
	re->utf = utf;
	regex_setup_literal(re, n, icase);
	if (re->kind == REGEX_KIND_PCRE)
		regex_setup_prefilter(re, n, opts);
	return re;
}

/* Free a regex and everything it owns. */
void
regex_free(struct regex *re)
{
	if (re == NULL)
		return;
	if (re->jstack != NULL)
		pcre2_jit_stack_free(re->jstack);
	if (re->mctx != NULL)
		pcre2_match_context_free(re->mctx);
	if (re->md != NULL)
		pcre2_match_data_free(re->md);
	if (re->code != NULL)
		pcre2_code_free(re->code);
	if (re->amd != NULL)
		pcre2_match_data_free(re->amd);
	if (re->acode != NULL)
		pcre2_code_free(re->acode);
	prefilter_free(re->pf);
	free(re->lit);
	free(re->pattern);
	free(re);
}

/* Compile the same pattern again with the same case mode (own match data). */
struct regex *
regex_dup(const struct regex *re)
{
	char	*cause = NULL;
	struct regex *copy;

	copy = regex_compile(re->pattern, re->rcase, &cause);
	free(cause);	/* cannot fail: it compiled before */
	return copy;
}

/* The pattern as given. */
const char *
regex_pattern(const struct regex *re)
{
	return re->pattern;
}

/*
 * Can a search of this pattern over a whole buffer of lines stand in for a
 * search of each record's text? Only when no match inside a record can be
 * lost in the bigger subject: no anchors (^ $ \A \Z \z \G), no
 * lookaround (a lookahead at a record's end sees the next record in the
 * buffer: `x(?!.)` under (?s)), whose context differs at record edges.
 * Extra matches that span records are harmless: the record is tested
 * again on its own.
 */
int
regex_prefilter_safe(const struct regex *re)
{
	const char	*p;

	for (p = re->pattern; *p != '\0'; p++) {
		if (*p == '^' || *p == '$')
			return 0;
		if (*p == '\\' && p[1] != '\0') {
			if (strchr("AZzGbBK", p[1]) != NULL)
				return 0;
			p++;
			continue;
		}
		if (p[0] == '(' && p[1] == '?' && (p[2] == '<' || p[2] == '(' ||
		    p[2] == '=' || p[2] == '!' ||
		    p[2] == 'C' || p[2] == 'R' || p[2] == '&' || p[2] == 'P' ||
		    (p[2] >= '0' && p[2] <= '9') || p[2] == '+' || p[2] == '-'))
			return 0;
		if (p[0] == '(' && p[1] == '*')
			return 0;
	}
	return 1;
}

/* Run PCRE2 from offset `from`: REGEX_MATCH (span set), _NOMATCH or _LIMIT. */
static int
regex_run(struct regex *re, const char *s, size_t n, size_t from,
    size_t *start, size_t *len)
{
	PCRE2_SIZE	*ov;
	int		 rc;

	if (re->jit)
		rc = pcre2_jit_match(re->code, (PCRE2_SPTR)s, n, from, 0,
		    re->md, re->mctx);
	else
		rc = pcre2_match(re->code, (PCRE2_SPTR)s, n, from, 0, re->md,
		    re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return REGEX_NOMATCH;
	if (rc < 0)
		return REGEX_LIMIT;	/* limits, or anything unexpected */
	if (start != NULL) {
		ov = pcre2_get_ovector_pointer(re->md);
		*start = ov[0] > n ? n : ov[0];
		*len = (ov[1] > *start && ov[1] <= n) ? ov[1] - *start : 0;
	}
	return REGEX_MATCH;
}

/* One anchored attempt at offset `at`: REGEX_MATCH (span set), _NOMATCH or _LIMIT. */
static int
regex_run_at(struct regex *re, const char *s, size_t n, size_t at,
    size_t *start, size_t *len)
{
	PCRE2_SIZE	*ov;
	int		 rc;

	if (re->ajit)
		rc = pcre2_jit_match(re->acode, (PCRE2_SPTR)s, n, at, 0,
		    re->amd, re->mctx);
	else
		rc = pcre2_match(re->acode, (PCRE2_SPTR)s, n, at, 0, re->amd,
		    re->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return REGEX_NOMATCH;
	if (rc < 0)
		return REGEX_LIMIT;
	ov = pcre2_get_ovector_pointer(re->amd);
	*start = ov[0] > n ? n : ov[0];
	*len = (ov[1] > *start && ov[1] <= n) ? ov[1] - *start : 0;
	return REGEX_MATCH;
}

/*
 * regex_find through the prefilter. Every match contains a required
 * literal and starts at most `lead` bytes before it, so the first match at
 * or after `from` starts in [q - lead, q] for the first literal q at or
 * after the positions already ruled out: each such start is tried with
 * the anchored twin, in order, as PCRE2's own search would (it tries
 * character starts only: continuation bytes are skipped in UTF mode).
 * When the literals are too common to help, or the lead is not known, the
 * plain search takes over.
 */
static int
regex_candidates(struct regex *re, const char *s, size_t n, size_t from,
    size_t *start, size_t *len)
{
	size_t		 lead = prefilter_lead(re->pf), tried = from, a, fails = 0;
	long long	 q;
	int		 rc;

	for (;;) {
		q = prefilter_find(re->pf, s, n, tried, NULL);
		if (q < 0)
			return REGEX_NOMATCH;
		if (re->acode == NULL ||
		    (fails > 16 && ((size_t)q - from) / fails < 64))
			return regex_run(re, s, n, tried, start, len);
		a = (size_t)q > lead ? (size_t)q - lead : 0;
		if (a < tried)
			a = tried;
		for (; a <= (size_t)q; a++) {
			if (re->utf && ((unsigned char)s[a] & 0xc0) == 0x80)
				continue;
			rc = regex_run_at(re, s, n, a, start, len);
			if (rc != REGEX_NOMATCH)
				return rc;
		}
		tried = (size_t)q + 1;
		fails++;
	}
}

/* Search the literal from offset `from`. */
static int
regex_literal(struct regex *re, const char *s, size_t n, size_t from,
    size_t *start, size_t *len)
{
	long long	 at;

	if (re->pf == NULL)	/* the empty pattern */
		at = (long long)from;
	else
		at = prefilter_find(re->pf, s, n, from, NULL);
	if (at < 0)
		return REGEX_NOMATCH;
	if (start != NULL) {
		*start = (size_t)at;
		*len = re->litlen;
	}
	return REGEX_MATCH;
}

/* Does the pattern match anywhere in [s, s+n)? */
int
regex_match(struct regex *re, const char *s, size_t n)
{
	if (s == NULL)
		s = "";
	if (re->kind != REGEX_KIND_PCRE)
		return regex_literal(re, s, n, 0, NULL, NULL);
	if (re->pf != NULL && prefilter_find(re->pf, s, n, 0, NULL) < 0)
		return REGEX_NOMATCH;	/* no required literal: no match */
	return regex_run(re, s, n, 0, NULL, NULL);
}

/* Find the first match starting at or after byte `from`. */
int
regex_find(struct regex *re, const char *s, size_t n, size_t from,
    size_t *start, size_t *len)
{
	size_t	st, ln;
	int	rc;

	if (s == NULL)
		s = "";
	if (from > n)
		return REGEX_NOMATCH;
	if (re->kind != REGEX_KIND_PCRE)
		rc = regex_literal(re, s, n, from, &st, &ln);
	else if (re->pf != NULL)
		rc = regex_candidates(re, s, n, from, &st, &ln);
	else
		rc = regex_run(re, s, n, from, &st, &ln);
	if (rc == REGEX_MATCH) {
		*start = st;
		*len = ln;
	}
	return rc;
}
