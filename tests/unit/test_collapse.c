/* test_collapse.c: --print -C runs (cli/collapse.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "cli/collapse.h"
#include "model/ltree.h"

/* Take one record; returns what collapse_take said, *flush as it set it. */
static int
take(struct collapse *c, struct ltree *t, const char *logger, enum level l,
    const char *time, int src, int *flush)
{
	uint32_t	id = *logger ? ltree_intern(t, logger, strlen(logger)) :
	    LTREE_ROOT;

	return collapse_take(c, t, id, l, time, strlen(time), src, flush);
}

/* Runs: built across records, broken by level, other loggers, sources. */
static void
test_runs(void **state)
{
	const char	*names[] = { "sqlalchemy", "urllib3" };
	struct ltree	*t = ltree_create();
	struct collapse	 c;
	char		*s;
	size_t		 len;
	int		 flush;

	collapse_init(&c, t, names, 2);
	assert_int_equal(take(&c, t, "sqlalchemy.engine", LEVEL_DEBUG, "t1", 0, &flush), 1);
	assert_int_equal(take(&c, t, "sqlalchemy", LEVEL_INFO, "t2", 0, &flush), 1);
	assert_int_equal(take(&c, t, "sqlalchemy.pool", LEVEL_DEBUG, "t3", 0, &flush), 1);
	/* A WARNING inside the subtree breaks the run and is printed. */
	assert_int_equal(take(&c, t, "sqlalchemy.pool", LEVEL_WARNING, "t4", 0, &flush), 0);
	assert_int_equal(flush, 1);
	s = collapse_write(&c, 0, &len);
	assert_string_equal(s, "\xc2\xb7\xc2\xb7\xc2\xb7 sqlalchemy.*: 3 records "
	    "(INFO 1, DEBUG 2) t1 .. t3\n");
	assert_int_equal(len, strlen(s));
	free(s);
	assert_false(collapse_open(&c));
	/* Not collapsed, nothing open: printed, nothing to flush. */
	assert_int_equal(take(&c, t, "sqlalchemyx", LEVEL_DEBUG, "t5", 0, &flush), 0);
	assert_int_equal(flush, 0);
	assert_int_equal(take(&c, t, "", LEVEL_DEBUG, "t5", 0, &flush), 0);
	/* Another subtree or another source ends the run first. */
	assert_int_equal(take(&c, t, "urllib3.connectionpool", LEVEL_DEBUG, "", 0, &flush), 1);
	assert_int_equal(take(&c, t, "sqlalchemy", LEVEL_DEBUG, "t6", 0, &flush), 0);
	assert_int_equal(flush, 1);
	s = collapse_write(&c, 1, &len);
	assert_string_equal(s, "{\"collapsed\":\"urllib3\",\"records\":1,"
	    "\"levels\":{\"DEBUG\":1}}\n");
	free(s);
	assert_int_equal(take(&c, t, "sqlalchemy", LEVEL_DEBUG, "t6", 0, &flush), 1);
	assert_int_equal(take(&c, t, "sqlalchemy", LEVEL_DEBUG, "t7", 1, &flush), 0);
	assert_int_equal(flush, 1);
	s = collapse_write(&c, 1, &len);
	assert_string_equal(s, "{\"collapsed\":\"sqlalchemy\",\"records\":1,"
	    "\"levels\":{\"DEBUG\":1},\"first\":\"t6\",\"last\":\"t6\"}\n");
	free(s);
	collapse_free(&c);
	ltree_free(t);
}

/* The deepest named subtree wins; no names, nothing folds. */
static void
test_nested_and_none(void **state)
{
	const char	*names[] = { "app", "app.db" };
	struct ltree	*t = ltree_create();
	struct collapse	 c;
	char		*s;
	size_t		 len;
	int		 flush;

	collapse_init(&c, t, names, 2);
	assert_int_equal(take(&c, t, "app.api", LEVEL_INFO, "a", 0, &flush), 1);
	assert_int_equal(take(&c, t, "app.db.pool", LEVEL_INFO, "b", 0, &flush), 0);
	assert_int_equal(flush, 1);
	s = collapse_write(&c, 0, &len);
	assert_non_null(strstr(s, " app.*: 1 records"));
	free(s);
	assert_int_equal(take(&c, t, "app.db.pool", LEVEL_INFO, "b", 0, &flush), 1);
	s = collapse_write(&c, 0, &len);
	assert_non_null(strstr(s, " app.db.*: 1 records"));
	free(s);
	collapse_free(&c);
	collapse_init(&c, t, NULL, 0);
	assert_int_equal(take(&c, t, "app", LEVEL_DEBUG, "x", 0, &flush), 0);
	assert_int_equal(flush, 0);
	collapse_free(&c);
	ltree_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs),
		cmocka_unit_test(test_nested_and_none),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
