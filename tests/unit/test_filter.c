/* test_filter.c: the filter chain: levels, loggers, regexes, undecided. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "filters/filter.h"

/* Does a NUL-terminated text pass the regexes? */
static int
pt(struct filter *f, const char *s)
{
	return filter_pass_text(f, s, strlen(s));
}

static void
test_defaults(void **state)
{
	struct filter	 f;
	struct ltree	*t = ltree_create();
	uint32_t	 id = ltree_intern(t, "a.b", 3);

	(void)state;
	filter_init(&f);
	assert_false(filter_needs_text(&f));
	assert_true(filter_pass_meta(&f, t, LEVEL_NONE, LTREE_ROOT));
	assert_true(filter_pass_meta(&f, t, LEVEL_DEBUG, id));
	assert_true(pt(&f, "anything"));
	assert_true(filter_pass_text(&f, NULL, 0));
	filter_free(&f);
	ltree_free(t);
}

static void
test_levels_loggers(void **state)
{
	struct filter	 f;
	struct ltree	*t = ltree_create();
	uint32_t	 db = ltree_intern(t, "app.db", 6);
	uint32_t	 app = ltree_lookup(t, "app", 3);
	uint32_t	 other = ltree_intern(t, "appother", 8);
	uint64_t	 g;

	(void)state;
	filter_init(&f);
	g = f.generation;
	filter_set_levels(&f, LEVEL_BIT(LEVEL_WARNING) | LEVEL_BIT(LEVEL_ERROR));
	assert_true(f.generation > g);
	assert_false(filter_pass_meta(&f, t, LEVEL_INFO, db));
	assert_true(filter_pass_meta(&f, t, LEVEL_ERROR, db));
	g = f.generation;
	filter_toggle_level(&f, LEVEL_ERROR);
	assert_true(f.generation > g);
	assert_false(filter_pass_meta(&f, t, LEVEL_ERROR, db));
	filter_toggle_level(&f, LEVEL_ERROR);

	/* -L app: app and app.*, never appother */
	lsel_set(f.lsel, app, LSEL_ONLY);
	g = f.generation;
	filter_touch(&f);
	assert_true(f.generation > g);
	assert_true(filter_pass_meta(&f, t, LEVEL_ERROR, db));
	assert_true(filter_pass_meta(&f, t, LEVEL_ERROR, app));
	assert_false(filter_pass_meta(&f, t, LEVEL_ERROR, other));
	assert_false(filter_pass_meta(&f, t, LEVEL_ERROR, LTREE_ROOT));
	/* -L app -X app.db */
	lsel_set(f.lsel, db, LSEL_HIDE);
	assert_false(filter_pass_meta(&f, t, LEVEL_ERROR, db));
	assert_true(filter_pass_meta(&f, t, LEVEL_ERROR, app));
	/* level still applies to visible loggers */
	assert_false(filter_pass_meta(&f, t, LEVEL_INFO, app));
	filter_free(&f);
	ltree_free(t);
}

static void
test_regexes(void **state)
{
	struct filter	 f;
	char		*cause = NULL;
	uint64_t	 g;

	(void)state;
	filter_init(&f);
	assert_int_equal(filter_add_include(&f, "db", &cause), 0);
	assert_int_equal(filter_add_include(&f, "timeout|refused", &cause), 0);
	assert_int_equal(filter_add_exclude(&f, "retry", &cause), 0);
	assert_true(filter_needs_text(&f));
	assert_true(pt(&f, "DB connection refused"));	/* smart case */
	assert_true(pt(&f, "db timeout"));
	assert_false(pt(&f, "db ok"));			/* second include */
	assert_false(pt(&f, "timeout"));		/* first include */
	assert_false(pt(&f, "db timeout, will RETRY"));	/* exclude */

	/* A compile error leaves the filter unchanged. */
	g = f.generation;
	assert_int_equal(filter_add_exclude(&f, "(oops", &cause), -1);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "at offset 5"));
	free(cause);
	cause = NULL;
	assert_int_equal(f.nexc, 1);
	assert_int_equal(f.generation, g);

	/* Case mode applies to regexes added later. */
	f.rcase = REGEX_CASE;
	assert_int_equal(filter_add_exclude(&f, "noise", &cause), 0);
	assert_true(pt(&f, "db timeout NOISE"));
	assert_false(pt(&f, "db timeout noise"));

	g = f.generation;
	filter_clear_regex(&f);
	assert_true(f.generation > g);
	assert_false(filter_needs_text(&f));
	assert_true(pt(&f, "db ok"));
	filter_free(&f);
}

static void
test_undecided(void **state)
{
	struct filter	 f;
	char		*cause = NULL, *s;
	size_t		 n = 30000;

	(void)state;
	s = malloc(n + 2);
	memset(s, 'a', n);
	s[n] = 'b';
	s[n + 1] = '\0';
	filter_init(&f);
	assert_int_equal(filter_add_include(&f, "(a+)+$", &cause), 0);
	/* Include undecided: kept and counted. */
	assert_true(filter_pass_text(&f, s, n + 1));
	assert_int_equal(f.undecided, 1);
	assert_true(pt(&f, "aaa"));
	assert_int_equal(f.undecided, 1);
	assert_false(pt(&f, "b"));
	filter_clear_regex(&f);

	/* Exclude undecided: kept and counted. */
	assert_int_equal(filter_add_exclude(&f, "(a+)+$", &cause), 0);
	assert_true(filter_pass_text(&f, s, n + 1));
	assert_int_equal(f.undecided, 2);
	/* ...but another exclude that matches still drops it (not counted). */
	assert_int_equal(filter_add_exclude(&f, "b", &cause), 0);
	assert_false(filter_pass_text(&f, s, n + 1));
	assert_int_equal(f.undecided, 2);
	filter_clear_regex(&f);

	/* Undecided include, failing include: dropped, not counted. */
	assert_int_equal(filter_add_include(&f, "(a+)+$", &cause), 0);
	assert_int_equal(filter_add_include(&f, "zzz", &cause), 0);
	assert_false(filter_pass_text(&f, s, n + 1));
	assert_int_equal(f.undecided, 2);
	filter_free(&f);
	free(s);
}

static void
test_copy(void **state)
{
	struct filter	 f, g;
	struct ltree	*t = ltree_create();
	uint32_t	 a = ltree_intern(t, "a", 1);
	char		*cause = NULL;

	(void)state;
	filter_init(&f);
	f.rcase = REGEX_ICASE;
	assert_int_equal(filter_add_include(&f, "Err", &cause), 0);
	lsel_set(f.lsel, a, LSEL_HIDE);
	filter_copy(&g, &f);
	filter_free(&f);	/* the copy owns its own state */
	assert_true(pt(&g, "ERROR"));
	assert_false(pt(&g, "warn"));
	assert_false(filter_pass_meta(&g, t, LEVEL_INFO, a));
	assert_true(filter_pass_meta(&g, t, LEVEL_INFO, LTREE_ROOT));
	filter_free(&g);
	ltree_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_levels_loggers),
		cmocka_unit_test(test_regexes),
		cmocka_unit_test(test_undecided),
		cmocka_unit_test(test_copy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
