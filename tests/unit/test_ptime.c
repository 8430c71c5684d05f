/* test_ptime.c: timestamp forms to ms since epoch, and ISO output. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "parsers/ptime.h"
#include "parsers/record.h"

#define S(x)	x, strlen(x)

static const int64_t T0 = 1704164645678LL;	/* 2024-01-02T03:04:05.678Z */

static void
test_iso(void **state)
{
	int64_t	ms;

	assert_true(ptime_make(1970, 1, 1, 0, 0, 0, 0) == 0);
	assert_int_equal(ptime_iso(S("2024-01-02 03:04:05,678"), &ms), 23);
	assert_true(ms == T0);
	assert_int_equal(ptime_iso(S("2024-01-02T03:04:05.678Z x"), &ms), 24);
	assert_true(ms == T0);
	assert_int_equal(ptime_iso(S("2024-01-02T03:04:05.678123+00:00"), &ms),
	    32);
	assert_true(ms == T0);
	assert_int_equal(ptime_iso(S("2024-01-02T04:04:05.678+01:00"), &ms), 29);
	assert_true(ms == T0);
	assert_int_equal(ptime_iso(S("2024-01-02T03:04:05.678-0100"), &ms), 28);
	assert_true(ms == T0 + 3600000);
	assert_int_equal(ptime_iso(S("2024-01-02 03:04:05 +0000] x"), &ms), 25);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_iso(S("2024-01-02 03:04:05 - app"), &ms), 19);
	assert_int_equal(ptime_iso(S("2024-01-02 03:04"), &ms), 16);
	assert_int_equal(ptime_iso(S("2024-13-02 03:04:05"), &ms), 0);
	assert_int_equal(ptime_iso(S("2024-01-02X03:04:05"), &ms), 0);
	assert_int_equal(ptime_iso(S("2024-01-02"), &ms), 0);
	assert_int_equal(ptime_iso(S("ValueError: x"), &ms), 0);
	/* Never reads past n. */
	assert_int_equal(ptime_iso("2024-01-02 03:04:05,678", 20, &ms), 19);
}

static void
test_other_forms(void **state)
{
	int64_t	ms;

	assert_int_equal(ptime_log4j(S("24/01/02 03:04:05 INFO"), &ms), 17);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_log4j(S("240102 030405 148 INFO"), &ms), 13);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_log4j(S("2401020 030405"), &ms), 0);
	assert_int_equal(ptime_syslog(S("Jan  2 03:04:05 host"), 2024, &ms), 15);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_syslog(S("Jan 02 03:04:05 host"), 2024, &ms), 15);
	assert_int_equal(ptime_syslog(S("Foo 02 03:04:05 host"), 2024, &ms), 0);
	assert_int_equal(ptime_logcat(S("01-02 03:04:05.678  1 2 I"), 2024, &ms),
	    18);
	assert_true(ms == T0);
	assert_int_equal(ptime_clf(S("02/Jan/2024:03:04:05 +0000] x"), &ms), 26);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_clf(S("02/Jan/2024:04:04:05 +0100"), &ms), 26);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_clf(S("02/Jan/2024 03:04:05]"), &ms), 20);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_epoch(S("1704164645.678"), &ms), 14);
	assert_true(ms == T0);
	assert_int_equal(ptime_epoch(S("1704164645678,"), &ms), 13);
	assert_true(ms == T0);
	assert_int_equal(ptime_epoch(S("1704164645678123"), &ms), 16);
	assert_true(ms == T0);
	assert_int_equal(ptime_epoch(S("1704164645"), &ms), 10);
	assert_true(ms == T0 - 678);
	assert_int_equal(ptime_epoch(S("12345"), &ms), 0);
	assert_int_equal(ptime_epoch(S("1e10"), &ms), 0);
	assert_int_equal(ptime_any(S("2024-01-02T03:04:05.678Z"), 2024, &ms), 24);
	assert_int_equal(ptime_any(S("Jan  2 03:04:05"), 2024, &ms), 15);
	assert_int_equal(ptime_any(S("1704164645678"), 2024, &ms), 13);
	assert_int_equal(ptime_any(S("now"), 2024, &ms), 0);
	assert_int_equal(ptime_any("", 0, 2024, &ms), 0);
}

/* The spaced-zone form keeps its zone also on the fast path. */
static void
test_iso_spaced_zone_fast(void **state)
{
	int64_t	ms;

	assert_int_equal(ptime_iso(S("2024-01-02 12:04:05,678 +0900 x"), &ms),
	    29);
	assert_true(ms == T0);
	assert_int_equal(ptime_iso(S("2024-01-02 03:04:05,678 - app"), &ms), 23);
	assert_true(ms == T0);
}

/* ptime_iso_cached gives exactly ptime_iso's answer, line after line. */
static void
test_iso_cached(void **state)
{
	static const char *const lines[] = {
		"2024-01-02 03:04:05,678 - a - INFO - x",
		"2024-01-02 03:04:59,999 - a - INFO - x",	/* same minute */
		"2024-01-02 03:04:60,000 - a - INFO - x",	/* leap second */
		"2024-01-02 03:04:61,000 - a - INFO - x",	/* invalid */
		"2024-01-02 03:04:0x,000 - a - INFO - x",	/* not a digit */
		"2024-01-02 03:05:00,001 - a - INFO - x",	/* next minute */
		"2024-01-02T03:05:00.002 - a - INFO - x",	/* T, '.' */
		"2024-01-02 03:05:01,003 +0100 - a - x",	/* zone: slow path */
		"2024-01-02 03:05:01,003 - a - INFO - x",
		"2024-01-02 03:05:01.003Z a",
		"2024-02-30 03:05:01,003 - a - INFO - x",	/* day 30 in Feb is let through */
		"2024-13-02 03:05:01,003 - a - INFO - x",	/* month 13 */
		"2024-13-02 03:05:02,003 - a - INFO - x",	/* same bad minute */
		"2023-12-31 23:59:59,999 - a - INFO - x",	/* year change */
		"2024-01-02 03:05:01,003",			/* too short */
		"2024-01-02 03:05:01.12Z a",	/* 23 by the general path */
		"2024-01-02 03:05:00,000 - a - INFO - x",	/* ... not remembered */
	};
	struct ptime_cache	c;
	int64_t			a, b;
	size_t			i, ra, rb;
	int			pass;

	memset(&c, 0, sizeof c);
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < sizeof lines / sizeof lines[0]; i++) {
			a = b = -1;
			ra = ptime_iso(lines[i], strlen(lines[i]), &a);
			rb = ptime_iso_cached(&c, lines[i], strlen(lines[i]), &b);
			assert_int_equal(ra, rb);
			if (ra != 0)
				assert_true(a == b);
		}
	}
}

static void
test_format(void **state)
{
	char	buf[32];

	assert_int_equal(ptime_format_iso(T0, buf, sizeof buf), 24);
	assert_string_equal(buf, "2024-01-02T03:04:05.678Z");
	ptime_format_iso(0, buf, sizeof buf);
	assert_string_equal(buf, "1970-01-01T00:00:00.000Z");
	ptime_format_iso(-1, buf, sizeof buf);
	assert_string_equal(buf, "1969-12-31T23:59:59.999Z");
	ptime_format_iso(ptime_make(2000, 2, 29, 23, 59, 59, 1), buf,
	    sizeof buf);
	assert_string_equal(buf, "2000-02-29T23:59:59.001Z");
	assert_int_equal(ptime_format_iso(TIME_UNKNOWN, buf, sizeof buf), 0);
	assert_string_equal(buf, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_iso),
		cmocka_unit_test(test_iso_spaced_zone_fast),
		cmocka_unit_test(test_iso_cached),
		cmocka_unit_test(test_other_forms),
		cmocka_unit_test(test_format),
	};

	(void)T0;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
