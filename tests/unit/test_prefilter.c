/*
 * test_prefilter.c: the required-literal prefilter (filters/prefilter.c)
 * and its use by regex.c, checked against plain PCRE2.
 *
 * The reference is PCRE2 itself (JIT), compiled here with the options regex.c
 * documents (UTF + UCP + MATCH_INVALID_UTF for a valid UTF-8 pattern,
 * CASELESS for REGEX_ICASE) and run without any prefilter. For every
 * pattern and subject: regex_match on each record (line) agrees with the
 * reference, and the walk of regex_find over the whole buffer (from every
 * match on, and from odd offsets) gives the same spans. Subjects: log
 * lines, CRLF, a huge line, invalid UTF-8, NUL bytes, KELVIN SIGN and LONG
 * S (caseless k and s), and every prefix of a buffer (a literal cut at the
 * buffer's end, as at a chunk edge).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/utf8.h"
#include "filters/prefilter.h"
#include "filters/regex.h"

/* The plain PCRE2 reference for one pattern. */
struct ref {
	pcre2_code		*code;
	pcre2_match_data	*md;
};

/* Is [s, s+n) valid UTF-8? */
static int
valid_utf8(const char *s, size_t n)
{
	size_t		i = 0, l;
	uint32_t	cp;

	while (i < n) {
		if ((l = utf8_decode((const unsigned char *)s + i, n - i, &cp)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

/* Compile the reference as regex.c documents it. */
static void
ref_init(struct ref *r, const char *pattern, int icase)
{
	uint32_t	opts = PCRE2_NEVER_BACKSLASH_C;
	int		err;
	PCRE2_SIZE	off;

	if (valid_utf8(pattern, strlen(pattern)))
		opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	if (icase)
		opts |= PCRE2_CASELESS;
	r->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, opts,
	    &err, &off, NULL);
	if (r->code == NULL)
		fail_msg("reference compile %s", pattern);
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	/* JIT as regex.c: the engines differ at offsets inside a character. */
	(void)pcre2_jit_compile(r->code, PCRE2_JIT_COMPLETE);
}

/* Free the reference. */
static void
ref_free(struct ref *r)
{
	pcre2_match_data_free(r->md);
	pcre2_code_free(r->code);
}

/* The reference's first match at or after from. */
static int
ref_find(struct ref *r, const char *s, size_t n, size_t from, size_t *st,
    size_t *ln)
{
	PCRE2_SIZE	*ov;
	int		 rc;

	rc = pcre2_match(r->code, (PCRE2_SPTR)(s != NULL ? s : ""), n, from, 0,
	    r->md, NULL);
	if (rc == PCRE2_ERROR_NOMATCH)
		return REGEX_NOMATCH;
	if (rc < 0)
		return REGEX_LIMIT;
	ov = pcre2_get_ovector_pointer(r->md);
	*st = ov[0] > n ? n : ov[0];
	*ln = (ov[1] > *st && ov[1] <= n) ? ov[1] - *st : 0;
	return REGEX_MATCH;
}

/* Walk every match of both from `from`; fail on the first difference. */
static void
cmp_walk(struct regex *re, struct ref *ref, const char *s, size_t n,
    size_t from, const char *what)
{
	size_t	a_st = 0, a_ln = 0, b_st = 0, b_ln = 0, steps;
	int	a, b;

	for (steps = 0; steps < 100000 && from <= n; steps++) {
		a = regex_find(re, s, n, from, &a_st, &a_ln);
		b = ref_find(ref, s, n, from, &b_st, &b_ln);
		if (a == REGEX_LIMIT || b == REGEX_LIMIT)
			return;
		if (a != b || (a == REGEX_MATCH && (a_st != b_st || a_ln != b_ln)))
			fail_msg("%s /%s/ from %zu of %zu: prefiltered %d %zu+%zu, "
			    "pcre2 %d %zu+%zu", what, regex_pattern(re), from, n,
			    a, a_st, a_ln, b, b_st, b_ln);
		if (a == REGEX_NOMATCH)
			return;
		from = a_st + (a_ln > 0 ? a_ln : 1);
	}
}

/* Every line of s alone: regex_match against the reference. */
static void
cmp_records(struct regex *re, struct ref *ref, const char *s, size_t n)
{
	size_t		i = 0, e, st, ln;
	const char	*nl;
	int		a, b;

	while (i < n) {
		nl = memchr(s + i, '\n', n - i);
		e = nl != NULL ? (size_t)(nl - s) : n;
		a = regex_match(re, s + i, e - i);
		b = ref_find(ref, s + i, e - i, 0, &st, &ln);
		if (a != REGEX_LIMIT && b != REGEX_LIMIT && a != b)
			fail_msg("record at %zu /%s/: prefiltered %d, pcre2 %d",
			    i, regex_pattern(re), a, b);
		i = e + 1;
	}
}

static const char *const patterns[] = {
	/* literals */
	"KeyError", "payment", "timeout", "error", "ERROR", "a", "ms",
	"connection refused", "\\Qa.b*c\\E", "x\\Q+\\Ey", "a\\.b", "\\t",
	"kelvin", "status", "KS", "ſtatus", "Kelvin", "é", "café", "CAFÉ",
	"ı", "İstanbul",
	/* alternations */
	"KeyError|Traceback|refused", "timeout|timed out", "(ERROR|CRITICAL)",
	" - (ERROR|CRITICAL) - .*payment", "ab|cd|ef|gh|ij|kl|mn|op",
	"ab|cd|ef|gh|ij|kl|mn|op|qr", "foo|", "|foo", "a|bc|def",
	"abcdef|xy", "KeyError|out", "connection refused|ms",
	/* classes, quantifiers */
	"[0-9]+ms", "latency=[0-9.]+ms", "user=\\w+", "id=\\d{3,5}x",
	"ab?c", "abc*d", "(abc)+x", "(?:ab){2}c", "x{2}yz", "colou?r",
	"[]a]bc", "[^\\]]xyz", "[[:alpha:]]+ing", "\\p{L}+rror", "\\d\\d:\\d\\d",
	"t.o", "t\\wmeout", "pay.{0,3}ment", "err[a-z]{0,8}ror",
	/* anchors, lookarounds, \b, \K */
	"^2026", "served$", "\\Aerr", "out\\z", "\\bid\\b", "\\Bout",
	"(?<=user=)\\w+", "(?<!x)abc", "foo(?=bar)", "foo(?!bar)",
	"(?<=\\d)ms", "a\\Kbc", "(?<=ab)c", "ment(?<=payment)",
	/* back references, empties, named groups */
	"(\\w)\\1", "(a+)b\\1", "(?<w>ab)c\\k<w>", "x*", "", "(?:)",
	"(?P<n>pay)ment", "(?'q'pay)ment", "a(?#comment)b", "abz(?#c)?",
	/* options and verbs: the prefilter steps aside */
	"(?i)error", "(?s)a.b", "(*UCP)err", "a(*COMMIT)b", "\\Gab",
	"(?m)^err", "(?x) k e y",
	/* Unicode and bytes */
	"\\x{212A}elvin", "\xe2\x84\xaa", "\\x41", "[é]t", "naïve.*test",
	"\xff\xfe" "ab",
	/* escapes */
	"\\e\\[", "\\r\\n", "a\\nb", "\\x{41}b", "\\101b", "\\0", "\\cAb",
	"a\\Rb", "a\\Xb", "\\N{U+41}b",
};

/* The subjects: log text with the awkward cases. */
static char *
make_subject(size_t *np)
{
	static const char *const lines[] = {
		"2026-01-03 04:32:17,402 - uvicorn.error - INFO - Started server\n",
		"2026-01-03 04:32:17,408 - app.api - ERROR - payment failed "
		    "latency=587.5ms user=bob id=12345x\n",
		"Traceback (most recent call last):\n",
		"  File \"x.py\", line 3, in <module>\n",
		"KeyError: 'payment_id'\r\n",
		"2026-01-03 04:32:18,000 - app - CRITICAL - connection refused\r\n",
		"timeout TIMEOUT TimeOut timed out \xe2\x84\xaa" "elvin kelvin "
		    "\xc5\xbf" "tatus STATUS KS \xe2\x84\xaa\xc5\xbf" "\n",
		"caf\xc3\xa9 CAF\xc3\x89 na\xc3\xafve and test \xc4\xb1 "
		    "\xc4\xb0stanbul istanbul\n",
		"invalid \xff\xfe" "ab \xc3 \xe2\x84 \x80\x80 payment \xed\xa0\x80 "
		    "KeyError\n",
		"nul \0 byte KeyError\0payment\n",
		"aabb abab ab cd efgh ijkl mnop qr abcabcx ababc xxyz color colour\n",
		"a.b*c ax+y a.b \t tab x+y ]bc ]abc zxyz singing rror \xc3\xa9rror\n",
		"12:34 two tio t_meout paymment pay-ment payXment errxror\n",
		"foobar foobaz xabc yabc 5ms 5 ms abc abbc\n",
		"\x1b[31mred\x1b[0m a\nb a\r\nb \x01" "b ABC A\n",
		"served\n",
		"out",
	};
	size_t	i, k, n = 0, cap = 1 << 20;
	char	*s = malloc(cap);

	for (k = 0; k < 3; k++)
		for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
			/* Lengths by hand: two lines carry NUL bytes. */
			size_t	l = strlen(lines[i]);

			if (i == 9)
				l = sizeof "nul \0 byte KeyError\0payment\n" - 1;
			memcpy(s + n, lines[i], l);
			n += l;
		}
	/* A huge line: 200 KB, one literal near its end. */
	memset(s + n, 'z', 200000);
	n += 200000;
	memcpy(s + n, " KeyError payment timeout\n", 26);
	n += 26;
	*np = n;
	return s;
}

/* Every pattern, both case modes: whole-buffer walks, records, odd starts. */
static void
test_equivalence(void **state)
{
	size_t	 n, i, from;
	char	*s = make_subject(&n), *cause;
	int	 icase;

	(void)state;
	for (i = 0; i < sizeof patterns / sizeof patterns[0]; i++) {
		for (icase = 0; icase < 2; icase++) {
			struct regex	*re;
			struct ref	 ref;

			cause = NULL;
			re = regex_compile(patterns[i], icase ? REGEX_ICASE :
			    REGEX_CASE, &cause);
			if (re == NULL)
				fail_msg("compile %s: %s", patterns[i], cause);
			ref_init(&ref, patterns[i], icase);
			cmp_walk(re, &ref, s, n, 0, "walk");
			cmp_records(re, &ref, s, n);
			for (from = 1; from < 2000; from += 37)
				cmp_walk(re, &ref, s, n, from, "from");
			ref_free(&ref);
			regex_free(re);
		}
	}
	free(s);
}

/* Every prefix of a short buffer: literals cut at the end, as at a chunk edge. */
static void
test_chunk_edges(void **state)
{
	static const char *const pats[] = { "KeyError", "payment|refused",
	    "timeout", "x\\d+ms", " - (ERROR|CRITICAL) - .*payment",
	    "kelvin", "caf\xc3\xa9" };
	const char	*buf = "a KeyError b payment - ERROR - x payment refused "
	    "TIMEOUT x12ms \xe2\x84\xaa" "elvin CAF\xc3\x89 caf\xc3\xa9";
	size_t		 n = strlen(buf), cut, i;
	int		 icase;

	(void)state;
	for (i = 0; i < sizeof pats / sizeof pats[0]; i++)
		for (icase = 0; icase < 2; icase++) {
			char		*cause = NULL;
			struct regex	*re = regex_compile(pats[i], icase ?
			    REGEX_ICASE : REGEX_CASE, &cause);
			struct ref	 ref;

			assert_non_null(re);
			ref_init(&ref, pats[i], icase);
			for (cut = 0; cut <= n; cut++) {
				/* A heap copy of exactly cut bytes: ASan sees overreads. */
				char	*c = malloc(cut > 0 ? cut : 1);

				memcpy(c, buf, cut);
				cmp_walk(re, &ref, c, cut, 0, "prefix");
				cmp_records(re, &ref, c, cut);
				free(c);
			}
			ref_free(&ref);
			regex_free(re);
		}
}

/* Literal of a pattern i: compare with want. */
static void
lit_is(const struct prefilter *pf, size_t i, const char *want)
{
	size_t		 len;
	const char	*l = prefilter_lit(pf, i, &len);

	if (len != strlen(want) || memcmp(l, want, len) != 0)
		fail_msg("literal %zu is '%.*s', want '%s'", i, (int)len, l, want);
}

/* What is extracted: the sets, the leads, and where it steps aside. */
static void
test_extract(void **state)
{
	struct prefilter	*pf;

	(void)state;
	pf = prefilter_build("KeyError|Traceback|refused", 26, 1, 0);
	assert_non_null(pf);
	assert_int_equal(prefilter_count(pf), 3);
	lit_is(pf, 0, "KeyError");
	lit_is(pf, 2, "refused");
	assert_int_equal(prefilter_lead(pf), 0);
	prefilter_free(pf);

	/* The longest run with a bounded lead; classes count 4 bytes. */
	pf = prefilter_build("[0-9]x{2}latency=", 17, 1, 0);
	assert_non_null(pf);
	lit_is(pf, 0, "latency=");
	assert_int_equal(prefilter_lead(pf), 6);
	prefilter_free(pf);
	pf = prefilter_build("\\d+ms took", 10, 1, 0);
	assert_non_null(pf);
	lit_is(pf, 0, "ms took");
	assert_true(prefilter_lead(pf) == PREFILTER_UNBOUNDED);
	prefilter_free(pf);

	/* Caseless: folded; k and s and non-ASCII split the run in UTF mode. */
	pf = prefilter_build("TimeOut", 7, 1, 1);
	lit_is(pf, 0, "timeout");
	prefilter_free(pf);
	pf = prefilter_build("kelvin", 6, 1, 1);
	lit_is(pf, 0, "elvin");
	assert_int_equal(prefilter_lead(pf), 4);
	prefilter_free(pf);
	pf = prefilter_build("kelvin", 6, 0, 1);	/* byte mode: no Kelvin */
	lit_is(pf, 0, "kelvin");
	prefilter_free(pf);
	pf = prefilter_build("caf\xc3\xa9s", 6, 1, 0);
	lit_is(pf, 0, "caf\xc3\xa9s");
	prefilter_free(pf);

	/* Quantified characters and groups are not literals. */
	pf = prefilter_build("abc*de", 6, 1, 0);	/* bounded lead wins */
	lit_is(pf, 0, "ab");
	assert_int_equal(prefilter_lead(pf), 0);
	prefilter_free(pf);
	pf = prefilter_build("ab?cdef", 7, 1, 0);
	lit_is(pf, 0, "cdef");
	assert_int_equal(prefilter_lead(pf), 2);
	prefilter_free(pf);
	pf = prefilter_build("\\Qa.b\\E+x", 9, 1, 0);
	lit_is(pf, 0, "a.");
	prefilter_free(pf);

	/* No literal in some branch, or syntax it does not read: none. */
	assert_null(prefilter_build("foo|", 4, 1, 0));
	assert_null(prefilter_build("x*", 2, 1, 0));
	assert_null(prefilter_build("(?i)error", 9, 1, 0));
	assert_null(prefilter_build("a(*COMMIT)b", 11, 1, 0));
	assert_null(prefilter_build("\\Gab", 4, 1, 0));
	assert_null(prefilter_build("a{,3}bcd", 8, 1, 0));
	assert_null(prefilter_build("ab|cd|ef|gh|ij|kl|mn|op|qr", 26, 1, 0));
}

/* The SIMD scan against a byte-by-byte search, at every alignment and length. */
static void
test_scan(void **state)
{
	char			 buf[300];
	struct prefilter	*pf = prefilter_literal("payment", 7, 0);
	struct prefilter	*pi = prefilter_literal("timeout", 7, 1);
	size_t			 at, n, len;
	long long		 r;

	(void)state;
	for (at = 0; at + 7 <= sizeof buf; at++) {
		memset(buf, 'p', sizeof buf);
		memcpy(buf + at, "payment", 7);
		for (n = 0; n <= sizeof buf; n += 1 + n / 16) {
			r = prefilter_find(pf, buf, n, 0, &len);
			if (at + 7 <= n)
				assert_int_equal(r, (long long)at);
			else
				assert_int_equal(r, -1);
			r = prefilter_find(pf, buf, n, at + 1, &len);
			assert_int_equal(r, -1);
		}
		memcpy(buf + at, "TimeOUT", 7);
		assert_int_equal(prefilter_find(pi, buf, sizeof buf, 0, &len),
		    (long long)at);
		/* '@' | 0x20 is '`': the fold must not let it through. */
		memcpy(buf + at, "TimeOU@", 7);
		assert_int_equal(prefilter_find(pi, buf, sizeof buf, 0, &len), -1);
	}
	prefilter_free(pf);
	prefilter_free(pi);
	assert_non_null(prefilter_engine());
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract),
		cmocka_unit_test(test_scan),
		cmocka_unit_test(test_equivalence),
		cmocka_unit_test(test_chunk_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
