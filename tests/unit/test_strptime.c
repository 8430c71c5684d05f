/*
 * test_strptime.c: datefmt programs (parsers/strptime.c) on their own:
 * every directive against Python's datetime.strptime (UTC), the default
 * asctime and its fast path, positions, range checks and errors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/record.h"
#include "parsers/strptime.h"

/* Parse line at offset `at` with datefmt df: the ms, or -2 if refused; *end past it. */
static int64_t
run(const char *df, const char *line, size_t at, size_t *end)
{
	char		*cause = NULL;
	struct strptime	*p = strptime_compile(df, &cause);
	size_t		 i = at;
	int64_t		 ms;
	int		 r;

	if (p == NULL)
		fail_msg("'%s' did not compile: %s", df ? df : "(default)", cause);
	r = strptime_parse(p, line, strlen(line), &i, &ms);
	strptime_free(p);
	if (end != NULL)
		*end = i;
	return r == 0 ? ms : -2;
}

/* Directives, values checked against Python's datetime.strptime. */
static void
test_directives(void **state)
{
	static const struct {
		const char	*df, *line;
		int64_t		 ms;
		size_t		 end;
	} cases[] = {
		{ "%a %d %B %Y %I:%M:%S %p %z",
		    "Thu 29 February 2024 11:30:15 PM +0530 x", 1709229615000, 38 },
		{ "%a %d %B %Y %I:%M:%S %p %z",
		    "Mon 01 January 2024 12:00:01 AM -0800 x", 1704096001000, 37 },
		{ "%y.%j %H:%M:%S", "99.060 07:08:09 x", 920272089000, 15 },
		{ "%d/%b/%Y:%H:%M:%S", "24/Mar/1999:00:00:00 x", 922233600000, 20 },
		{ "%Y-%m-%dT%H:%M:%S.%f", "2026-11-18T11:06:40.123456 x",
		    1795000000123, 26 },
		{ "%F %T", "2024-02-29 23:59:59 x", 1709251199000, 19 },
		{ "%Y-%m-%dT%H:%M:%S", "2024-02-29T23:59:59 x", 1709251199000, 19 },
		{ "%s", "1795000000 x", 1795000000000, 10 },
		{ "%b %e %H:%M:%S %Y", "Mar  4 01:02:03 2024 x", 1709514123000, 20 },
		{ "%%Y=%Y", "%Y=2024 x", 1704067200000, 7 },
		{ "%H:%M:%S", "10:00:00 x", TIME_UNKNOWN, 8 },
		{ "%c", "Sat Nov 28 05:00:00 2026 x", 1795842000000, 24 },
		{ "%Y%m%d %-H:%M", "20261128 5:00 x", 1795842000000, 13 },
		{ NULL, "2026-11-28 05:00:00,123 x", 1795842000123, 23 },
	};
	size_t	i, end;
	int64_t	ms;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		ms = run(cases[i].df, cases[i].line, 0, &end);
		if (ms != cases[i].ms || end != cases[i].end)
			fail_msg("'%s' on '%s': %lld end %zu, want %lld end %zu",
			    cases[i].df ? cases[i].df : "(default)",
			    cases[i].line, (long long)ms, end,
			    (long long)cases[i].ms, cases[i].end);
	}
}

/* Out-of-range fields, wrong names, short input: refused, position kept. */
static void
test_refused(void **state)
{
	size_t	end;

	assert_int_equal(run(NULL, "2024-13-01 00:00:00,000 x", 0, &end), -2);
	assert_int_equal(end, 0);
	assert_int_equal(run(NULL, "2024-01-01 24:00:00,000 x", 0, NULL), -2);
	assert_int_equal(run(NULL, "2024-02-29 23:59:59 x", 0, NULL), -2);
	assert_int_equal(run("%d %b %Y", "01 Foo 2024 x", 0, NULL), -2);
	assert_int_equal(run("%Y-%m-%dT%H:%M:%S", "2024-02-29 23:59:59", 0,
	    NULL), -2);
	assert_int_equal(run("%I:%M %p", "13:00 PM", 0, NULL), -2);
	assert_int_equal(run("%Y-%m-%d", "2024-0", 0, NULL), -2);
	assert_int_equal(run("%z", "+05", 0, NULL), -2);
	/* At an offset inside the line, and past the end. */
	assert_int_equal(run("%H:%M:%S %Y", "at 01:02:03 2024", 3, &end),
	    1704070923000);
	assert_int_equal(end, 16);
	assert_int_equal(run("%Y", "2024", 5, NULL), -2);
}

/* Fractions of a second are known to the caller. */
static void
test_subsec(void **state)
{
	static const struct { const char *df; int sub; } cases[] = {
		{ NULL, 1 }, { "%H:%M:%S.%f", 1 }, { "%Y-%m-%d %H:%M:%S", 0 },
	};
	char		*cause = NULL;
	struct strptime	*p;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		p = strptime_compile(cases[i].df, &cause);
		assert_non_null(p);
		assert_int_equal(strptime_subsec(p), cases[i].sub);
		strptime_free(p);
	}
}

/* Unknown directives and overlong formats: one line of cause. */
static void
test_errors(void **state)
{
	char	*cause = NULL, big[400];
	size_t	 i;

	assert_null(strptime_compile("%Y %Q", &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "unknown directive '%Q' in datefmt"));
	free(cause);
	cause = NULL;
	for (i = 0; i + 3 < sizeof big; i += 3)
		memcpy(big + i, "%Y-", 3);
	big[i] = '\0';
	assert_null(strptime_compile(big, &cause));
	assert_non_null(cause);
	assert_non_null(strstr(cause, "too many parts"));
	assert_null(strchr(cause, '\n'));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_directives),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_subsec),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
