/* test_level.c: level names, aliases, letters, numbers and CLI values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "parsers/level.h"

#define LP(s)	level_parse(s, strlen(s))

static void
test_parse(void **state)
{
	assert_int_equal(LP("INFO"), LEVEL_INFO);
	assert_int_equal(LP("info"), LEVEL_INFO);
	assert_int_equal(LP("Warning"), LEVEL_WARNING);
	assert_int_equal(LP("WARN"), LEVEL_WARNING);
	assert_int_equal(LP("FATAL"), LEVEL_CRITICAL);
	assert_int_equal(LP("CRIT"), LEVEL_CRITICAL);
	assert_int_equal(LP("ERR"), LEVEL_ERROR);
	assert_int_equal(LP("EMERG"), LEVEL_CRITICAL);
	assert_int_equal(LP("ALERT"), LEVEL_CRITICAL);
	assert_int_equal(LP("EXCEPTION"), LEVEL_ERROR);
	assert_int_equal(LP("notice"), LEVEL_NOTICE);
	assert_int_equal(LP("TRACE"), LEVEL_TRACE);
	assert_int_equal(LP("VERBOSE"), LEVEL_TRACE);	/* Serilog, logcat: below debug (npm: levels_npm) */
	assert_int_equal(LP("silly"), LEVEL_TRACE);
	assert_int_equal(LP("CRITICAL"), LEVEL_CRITICAL);
	assert_int_equal(LP("DPANIC"), LEVEL_CRITICAL);
	assert_int_equal(LP("SUCCESS"), LEVEL_NOTICE);
	assert_int_equal(LP("INFORMATION"), LEVEL_INFO);
	assert_int_equal(LP("I"), -1);
	assert_int_equal(LP(""), -1);
	assert_int_equal(LP("INFOS"), -1);
	assert_int_equal(LP("ValueError"), -1);
	assert_int_equal(LP("app"), -1);
	assert_int_equal(LP("INF\xc3"), -1);
	assert_int_equal(level_parse("INFO", 3), LEVEL_INFO == LP("INF") ?
	    LEVEL_INFO : -1);
}

static void
test_names(void **state)
{
	int	l;

	for (l = 0; l < LEVEL_COUNT; l++) {
		if (l != LEVEL_NONE)
			assert_int_equal(LP(level_name(l)), l);
		if (l > 0)
			assert_true(level_number(l) > level_number(l - 1));
	}
	assert_string_equal(level_name(LEVEL_NONE), "NONE");
	assert_int_equal(level_number(LEVEL_WARNING), 30);
	assert_string_equal(level_name(99), "NONE");
}

static void
test_letters_numbers(void **state)
{
	assert_int_equal(level_from_letter('V'), LEVEL_TRACE);
	assert_int_equal(level_from_letter('D'), LEVEL_DEBUG);
	assert_int_equal(level_from_letter('I'), LEVEL_INFO);
	assert_int_equal(level_from_letter('W'), LEVEL_WARNING);
	assert_int_equal(level_from_letter('E'), LEVEL_ERROR);
	assert_int_equal(level_from_letter('F'), LEVEL_CRITICAL);
	assert_int_equal(level_from_letter('x'), -1);
	assert_int_equal(level_from_number(0), LEVEL_NONE);
	assert_int_equal(level_from_number(5), LEVEL_TRACE);
	assert_int_equal(level_from_number(15), LEVEL_DEBUG);
	assert_int_equal(level_from_number(20), LEVEL_INFO);
	assert_int_equal(level_from_number(25), LEVEL_NOTICE);
	assert_int_equal(level_from_number(39), LEVEL_WARNING);
	assert_int_equal(level_from_number(50), LEVEL_CRITICAL);
	assert_int_equal(level_from_number(-3), LEVEL_NONE);
}

static void
test_user(void **state)
{
	assert_int_equal(level_from_user("debug"), LEVEL_DEBUG);
	assert_int_equal(level_from_user("INFO"), LEVEL_INFO);
	assert_int_equal(level_from_user("warn"), LEVEL_WARNING);
	assert_int_equal(level_from_user("warning"), LEVEL_WARNING);
	assert_int_equal(level_from_user("error"), LEVEL_ERROR);
	assert_int_equal(level_from_user("critical"), LEVEL_CRITICAL);
	assert_int_equal(level_from_user("fatal"), LEVEL_CRITICAL);
	assert_int_equal(level_from_user("trace"), LEVEL_TRACE);
	assert_int_equal(level_from_user("notice"), LEVEL_NOTICE);
	assert_int_equal(level_from_user("none"), LEVEL_NONE);
	assert_int_equal(level_from_user("40"), LEVEL_ERROR);
	assert_int_equal(level_from_user("15"), LEVEL_DEBUG);
	assert_int_equal(level_from_user("4x"), -1);
	assert_int_equal(level_from_user("bogus"), -1);
	assert_int_equal(level_from_user(""), -1);
	assert_int_equal(level_from_user(NULL), -1);
	assert_non_null(strstr(level_user_names(), "warning"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_letters_numbers),
		cmocka_unit_test(test_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
