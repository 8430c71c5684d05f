/* test_regex.c: PCRE2 wrapper: smart case, UTF-8, limits, spans. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "filters/regex.h"

/* Compile or fail the test. */
static struct regex *
must(const char *pattern, enum regex_case rcase)
{
	char		*cause = NULL;
	struct regex	*re = regex_compile(pattern, rcase, &cause);

	if (re == NULL)
		fail_msg("compile %s: %s", pattern, cause);
	return re;
}

/* Match a NUL-terminated subject. */
static int
m(const char *pattern, enum regex_case rcase, const char *s)
{
	struct regex	*re = must(pattern, rcase);
	int		 rc = regex_match(re, s, strlen(s));

	regex_free(re);
	return rc;
}

static void
test_smart_case(void **state)
{
	(void)state;
	assert_int_equal(m("error", REGEX_SMART, "An ERROR here"), REGEX_MATCH);
	assert_int_equal(m("Error", REGEX_SMART, "An ERROR here"), REGEX_NOMATCH);
	assert_int_equal(m("Error", REGEX_SMART, "An Error here"), REGEX_MATCH);
	assert_int_equal(m("Error", REGEX_ICASE, "An ERROR here"), REGEX_MATCH);
	assert_int_equal(m("error", REGEX_CASE, "An ERROR here"), REGEX_NOMATCH);
	/* Escapes are not upper-case literals. */
	assert_int_equal(m("err\\S+", REGEX_SMART, "ERRor"), REGEX_MATCH);
	assert_int_equal(m("\\Wfoo\\D", REGEX_SMART, " FOOx"), REGEX_MATCH);
	assert_int_equal(m("\\p{Lu}oo", REGEX_SMART, "FOO"), REGEX_MATCH);
	assert_int_equal(m("\\x41b", REGEX_SMART, "aB"), REGEX_MATCH);
	assert_int_equal(m("(?<Name>ab)c", REGEX_SMART, "ABC"), REGEX_MATCH);
	assert_int_equal(m("(*UCP)ab", REGEX_SMART, "AB"), REGEX_MATCH);
	/* ...but a literal inside \Q..\E is. */
	assert_int_equal(m("\\QAb\\E", REGEX_SMART, "ab"), REGEX_NOMATCH);
	/* Character classes: an upper-case letter in a class counts. */
	assert_int_equal(m("[A]b", REGEX_SMART, "ab"), REGEX_NOMATCH);
	assert_int_equal(m("[[:upper:]]b", REGEX_SMART, "XB"), REGEX_MATCH);
	/* Non-ASCII upper case counts. */
	assert_int_equal(m("Éa", REGEX_SMART, "éa"), REGEX_NOMATCH);
	assert_int_equal(m("éa", REGEX_SMART, "ÉA"), REGEX_MATCH);
	/* Literal fast path with case folding. */
	assert_int_equal(m("timeout", REGEX_SMART, "xx TIMEOUT"), REGEX_MATCH);
	assert_int_equal(m("timeout", REGEX_SMART, "xx TIMEOU"), REGEX_NOMATCH);
	assert_int_equal(m("Timeout", REGEX_SMART, "xx TIMEOUT"), REGEX_NOMATCH);
	/* Unicode folding of k (KELVIN SIGN) goes through PCRE2. */
	assert_int_equal(m("k", REGEX_SMART, "\xe2\x84\xaa"), REGEX_MATCH);
}

static void
test_invalid_utf8(void **state)
{
	struct regex	*re;
	const char	 subj[] = "a\xff\xfe b\xc3 caf\xc3\xa9 \x80" "end";
	size_t		 st, ln;

	(void)state;
	re = must("end", REGEX_SMART);
	assert_int_equal(regex_match(re, subj, sizeof subj - 1), REGEX_MATCH);
	regex_free(re);
	re = must("caf.", REGEX_SMART);
	assert_int_equal(regex_find(re, subj, sizeof subj - 1, 0, &st, &ln),
	    REGEX_MATCH);
	assert_int_equal(ln, 5);	/* é is one character */
	regex_free(re);
	re = must("b.", REGEX_SMART);	/* \xc3 alone cannot match . */
	assert_int_equal(regex_match(re, subj, sizeof subj - 1), REGEX_NOMATCH);
	regex_free(re);
	/* A pattern that is itself invalid UTF-8 matches bytes. */
	re = must("\xff\xfe", REGEX_SMART);
	assert_int_equal(regex_find(re, subj, sizeof subj - 1, 0, &st, &ln),
	    REGEX_MATCH);
	assert_int_equal(st, 1);
	assert_int_equal(ln, 2);
	regex_free(re);
	re = must("a[\xff]", REGEX_SMART);
	assert_int_equal(regex_match(re, subj, sizeof subj - 1), REGEX_MATCH);
	regex_free(re);
	/* NUL bytes are data. */
	re = must("x\\x00y", REGEX_SMART);
	assert_int_equal(regex_match(re, "ax\0yb", 5), REGEX_MATCH);
	regex_free(re);
	/* Start offsets inside a character are fine. */
	re = must(".", REGEX_SMART);
	assert_int_equal(regex_find(re, "\xed\x95\x9c!", 4, 1, &st, &ln),
	    REGEX_MATCH);
	assert_int_equal(st, 3);
	regex_free(re);
}

static void
test_korean(void **state)
{
	struct regex	*re;
	const char	*s = "사용자 로그인 실패: 비밀번호 오류";
	size_t		 st, ln;

	(void)state;
	assert_int_equal(m("로그인", REGEX_SMART, s), REGEX_MATCH);
	assert_int_equal(m("로그아웃", REGEX_SMART, s), REGEX_NOMATCH);
	re = must("로그.", REGEX_SMART);
	assert_int_equal(regex_find(re, s, strlen(s), 0, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, strlen("사용자 "));
	assert_int_equal(ln, 9);
	regex_free(re);
	re = must("\\w+번호", REGEX_SMART);	/* UCP: \w covers Hangul */
	assert_int_equal(regex_find(re, s, strlen(s), 0, &st, &ln), REGEX_MATCH);
	assert_int_equal(ln, strlen("비밀번호"));
	regex_free(re);
	/* Korean next to invalid bytes. */
	assert_int_equal(m("실패", REGEX_SMART, "\xff실패\xfe"), REGEX_MATCH);
}

static void
test_compile_error(void **state)
{
	char		*cause = NULL;
	struct regex	*re;

	(void)state;
	re = regex_compile("abc(def", REGEX_SMART, &cause);
	assert_null(re);
	assert_non_null(cause);
	assert_string_equal(cause,
	    "missing closing parenthesis at offset 7");
	free(cause);
	cause = NULL;
	re = regex_compile("a**", REGEX_SMART, &cause);
	assert_null(re);
	assert_non_null(strstr(cause, "at offset 2"));
	free(cause);
	cause = NULL;
	re = regex_compile("x\\C", REGEX_SMART, &cause);
	assert_null(re);
	free(cause);
}

static void
test_limit(void **state)
{
	struct regex	*re;
	char		*s;
	size_t		 n = 50000, st, ln;
	struct timespec	 t0, t1;
	double		 ms;

	(void)state;
	s = malloc(n + 1);
	memset(s, 'a', n);
	s[n] = 'b';
	re = must("(a+)+$", REGEX_SMART);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(regex_match(re, s, n + 1), REGEX_LIMIT);
	assert_int_equal(regex_find(re, s, n + 1, 0, &st, &ln), REGEX_LIMIT);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6;
	print_message("(a+)+$ over 50000 a + b, twice: %.1f ms\n", ms);
	assert_true(ms < 500);
	/* The same regex still works on sane input afterwards. */
	assert_int_equal(regex_match(re, "aaa", 3), REGEX_MATCH);
	regex_free(re);
	free(s);
}

static void
test_find_spans(void **state)
{
	struct regex	*re;
	const char	*s = "id=12 id=345 id=6";
	size_t		 n = strlen(s), from = 0, st, ln, i = 0;
	size_t		 want[3][2] = { { 3, 2 }, { 9, 3 }, { 16, 1 } };

	(void)state;
	re = must("\\d+", REGEX_SMART);
	while (regex_find(re, s, n, from, &st, &ln) == REGEX_MATCH) {
		assert_true(i < 3);
		assert_int_equal(st, want[i][0]);
		assert_int_equal(ln, want[i][1]);
		from = st + (ln ? ln : 1);
		i++;
	}
	assert_int_equal(i, 3);
	assert_int_equal(regex_find(re, s, n, n + 1, &st, &ln), REGEX_NOMATCH);
	regex_free(re);

	/* Empty matches: len 0, the caller advances. */
	re = must("x*", REGEX_SMART);
	assert_int_equal(regex_find(re, "abxxc", 5, 0, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, 0);
	assert_int_equal(ln, 0);
	assert_int_equal(regex_find(re, "abxxc", 5, 2, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, 2);
	assert_int_equal(ln, 2);
	assert_int_equal(regex_find(re, "abxxc", 5, 5, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, 5);
	assert_int_equal(ln, 0);
	regex_free(re);

	/* Literal fast paths report the same spans. */
	re = must("ab", REGEX_CASE);
	assert_int_equal(regex_find(re, "xabyab", 6, 2, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, 4);
	assert_int_equal(ln, 2);
	regex_free(re);
	re = must("ab", REGEX_ICASE);
	assert_int_equal(regex_find(re, "xabyAB", 6, 2, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, 4);
	assert_int_equal(ln, 2);
	assert_int_equal(regex_find(re, "xabyA", 5, 2, &st, &ln), REGEX_NOMATCH);
	regex_free(re);
	re = must("", REGEX_SMART);
	assert_int_equal(regex_find(re, "abc", 3, 1, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, 1);
	assert_int_equal(ln, 0);
	assert_int_equal(regex_match(re, "", 0), REGEX_MATCH);
	regex_free(re);

	/* Lookbehind sees bytes before `from`. */
	re = must("(?<=a)b", REGEX_SMART);
	assert_int_equal(regex_find(re, "ab", 2, 1, &st, &ln), REGEX_MATCH);
	assert_int_equal(st, 1);
	regex_free(re);
}

static void
test_dup_pattern(void **state)
{
	struct regex	*re, *d;

	(void)state;
	re = must("Warn", REGEX_SMART);
	d = regex_dup(re);
	assert_string_equal(regex_pattern(d), "Warn");
	assert_int_equal(regex_match(d, "WARN", 4), REGEX_NOMATCH);
	assert_int_equal(regex_match(d, "Warn", 4), REGEX_MATCH);
	regex_free(re);
	regex_free(d);
	regex_free(NULL);
}

/* Which patterns may be searched over many records at once. */
static void
test_prefilter_safe(void **state)
{
	static const char *const yes[] = { "payment", "order=\\d+", "a.b",
	    "(?i)key", "x\\s+y", "\\$5", "(?:a|b)c" };
	static const char *const no[] = { "^2024", "x$", "\\bword", "\\Aa",
	    "a\\z", "(?<=a)b", "x(?=\\n)", "x(?!.)", "(?<!a)b", "\\Ka" };
	struct regex	*re;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		re = must(yes[i], REGEX_SMART);
		assert_true(regex_prefilter_safe(re));
		regex_free(re);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		re = must(no[i], REGEX_SMART);
		assert_false(regex_prefilter_safe(re));
		regex_free(re);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_smart_case),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_korean),
		cmocka_unit_test(test_compile_error),
		cmocka_unit_test(test_limit),
		cmocka_unit_test(test_find_spans),
		cmocka_unit_test(test_dup_pattern),
		cmocka_unit_test(test_prefilter_safe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
