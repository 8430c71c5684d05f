/* test_stats.c: the --stats report, text and JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filters/stats.h"

/* Intern a NUL-terminated name. */
static uint32_t
in(struct ltree *t, const char *name)
{
	return ltree_intern(t, name, strlen(name));
}

/* Two sources over one tree: api.log (app.db, app.web, app) and worker.log. */
static struct ltree *
setup_two(struct stats st[2])
{
	struct ltree	*t = ltree_create();
	uint32_t	 db, web, app, job;
	int		 i;

	/* Interned out of order: the report sorts children by name. */
	job = in(t, "worker.job");
	web = in(t, "app.web");
	db = in(t, "app.db");
	app = in(t, "app");
	stats_init(&st[0], "api.log");
	st[0].format = "python";
	stats_init(&st[1], "worker.log");
	stats_add(&st[0], t, db, LEVEL_INFO);
	stats_add(&st[0], t, db, LEVEL_ERROR);
	stats_add(&st[0], t, web, LEVEL_INFO);
	stats_add(&st[0], t, app, LEVEL_WARNING);
	stats_add(&st[0], t, LTREE_ROOT, LEVEL_NONE);
	for (i = 0; i < 1200; i++)
		stats_add(&st[1], t, job, LEVEL_DEBUG);
	stats_add(&st[1], t, web, LEVEL_CRITICAL);
	return t;
}

/* Run a writer into a string. */
static char *
capture(void (*fn)(FILE *, const struct ltree *, const struct stats *,
    size_t, const struct stats *), const struct ltree *t,
    const struct stats *st, size_t n, const struct stats *total)
{
	char	*buf = NULL;
	size_t	 len = 0;
	FILE	*f = open_memstream(&buf, &len);

	assert_non_null(f);
	fn(f, t, st, n, total);
	fclose(f);
	return buf;
}

static void
test_text_one(void **state)
{
	struct stats	 st[2];
	struct ltree	*t = setup_two(st);
	char		*out;

	(void)state;
	out = capture(stats_write_text, t, st, 1, NULL);
	assert_string_equal(out,
	    "source api.log (format: python)\n"
	    "  level    records\n"
	    "  NONE           1\n"
	    "  INFO           2\n"
	    "  WARNING        1\n"
	    "  ERROR          1\n"
	    "  TOTAL          5\n"
	    "\n"
	    "  logger   NONE  INFO  WARNING  ERROR  TOTAL  OWN\n"
	    "  (all)       1     2        1      1      5    1\n"
	    "    app       0     2        1      1      4    1\n"
	    "      db      0     1        0      1      2    2\n"
	    "      web     0     1        0      0      1    1\n");
	free(out);
	stats_free(&st[0]);
	stats_free(&st[1]);
	ltree_free(t);
}

static void
test_text_total(void **state)
{
	struct stats	 st[2], total;
	struct ltree	*t = setup_two(st);
	char		*out, *out2;
	const char	*want_worker =
	    "source worker.log\n"
	    "  level     records\n"
	    "  DEBUG        1200\n"
	    "  CRITICAL        1\n"
	    "  TOTAL        1201\n"
	    "\n"
	    "  logger    DEBUG  CRITICAL  TOTAL   OWN\n"
	    "  (all)      1200         1   1201     -\n"
	    "    app         0         1      1     -\n"
	    "      web       0         1      1     1\n"
	    "    worker   1200         0   1200     -\n"
	    "      job    1200         0   1200  1200\n"
	    "\n"
	    "total of 2 sources\n"
	    "  level     records\n"
	    "  NONE            1\n"
	    "  DEBUG        1200\n"
	    "  INFO            2\n"
	    "  WARNING         1\n"
	    "  ERROR           1\n"
	    "  CRITICAL        1\n"
	    "  TOTAL        1206\n"
	    "\n"
	    "  logger    NONE  DEBUG  INFO  WARNING  ERROR  CRITICAL  TOTAL   OWN\n"
	    "  (all)        1   1200     2        1      1         1   1206     1\n"
	    "    app        0      0     2        1      1         1      5     1\n"
	    "      db       0      0     1        0      1         0      2     2\n"
	    "      web      0      0     1        0      0         1      2     2\n"
	    "    worker     0   1200     0        0      0         0   1200     -\n"
	    "      job      0   1200     0        0      0         0   1200  1200\n";

	(void)state;
	out = capture(stats_write_text, t, st, 2, NULL);
	assert_non_null(strstr(out, want_worker));
	assert_true(strncmp(out, "source api.log", 14) == 0);
	/* An explicit total gives the same report. */
	stats_init(&total, "total");
	stats_merge(&total, &st[0]);
	stats_merge(&total, &st[1]);
	out2 = capture(stats_write_text, t, st, 2, &total);
	assert_string_equal(out, out2);
	free(out);
	free(out2);
	stats_free(&total);
	stats_free(&st[0]);
	stats_free(&st[1]);
	ltree_free(t);
}

static void
test_json(void **state)
{
	struct stats	 st[2];
	struct ltree	*t = setup_two(st);
	char		*out;

	(void)state;
	out = capture(stats_write_json, t, st, 1, NULL);
	assert_string_equal(out,
	    "{\"sources\":[{\"name\":\"api.log\",\"format\":\"python\","
	    "\"records\":5,\"levels\":{\"NONE\":1,\"INFO\":2,\"WARNING\":1,"
	    "\"ERROR\":1},\"loggers\":{\"name\":\"\",\"records\":5,"
	    "\"self\":{\"NONE\":1},\"subtree\":{\"NONE\":1,\"INFO\":2,"
	    "\"WARNING\":1,\"ERROR\":1},\"children\":["
	    "{\"name\":\"app\",\"records\":4,\"self\":{\"WARNING\":1},"
	    "\"subtree\":{\"INFO\":2,\"WARNING\":1,\"ERROR\":1},\"children\":["
	    "{\"name\":\"app.db\",\"records\":2,\"self\":{\"INFO\":1,"
	    "\"ERROR\":1},\"subtree\":{\"INFO\":1,\"ERROR\":1},"
	    "\"children\":[]},"
	    "{\"name\":\"app.web\",\"records\":1,\"self\":{\"INFO\":1},"
	    "\"subtree\":{\"INFO\":1},\"children\":[]}]}]}}],"
	    "\"total\":{\"records\":5,\"levels\":{\"NONE\":1,\"INFO\":2,"
	    "\"WARNING\":1,\"ERROR\":1},\"loggers\":{\"name\":\"\","
	    "\"records\":5,\"self\":{\"NONE\":1},\"subtree\":{\"NONE\":1,"
	    "\"INFO\":2,\"WARNING\":1,\"ERROR\":1},\"children\":["
	    "{\"name\":\"app\",\"records\":4,\"self\":{\"WARNING\":1},"
	    "\"subtree\":{\"INFO\":2,\"WARNING\":1,\"ERROR\":1},\"children\":["
	    "{\"name\":\"app.db\",\"records\":2,\"self\":{\"INFO\":1,"
	    "\"ERROR\":1},\"subtree\":{\"INFO\":1,\"ERROR\":1},"
	    "\"children\":[]},"
	    "{\"name\":\"app.web\",\"records\":1,\"self\":{\"INFO\":1},"
	    "\"subtree\":{\"INFO\":1},\"children\":[]}]}]}}}\n");
	free(out);
	/* No sources: still one valid document. */
	out = capture(stats_write_json, t, st, 0, NULL);
	assert_string_equal(out,
	    "{\"sources\":[],\"total\":{\"records\":0,\"levels\":{},"
	    "\"loggers\":{\"name\":\"\",\"records\":0,\"self\":{},"
	    "\"subtree\":{},\"children\":[]}}}\n");
	free(out);
	stats_free(&st[0]);
	stats_free(&st[1]);
	ltree_free(t);
}

static void
test_escaping(void **state)
{
	struct ltree	*t = ltree_create();
	struct stats	 st;
	char		*out;
	uint32_t	 bad, kr;

	(void)state;
	bad = ltree_intern(t, "e\x1b[2J\"\\\xff\x00" "x", 10);
	kr = in(t, "한국.로그");
	stats_init(&st, "s\x07");
	stats_add(&st, t, bad, LEVEL_ERROR);
	stats_add(&st, t, kr, LEVEL_ERROR);
	out = capture(stats_write_text, t, &st, 1, NULL);
	/* No control byte reaches the terminal; wide names stay aligned. */
	assert_null(strchr(out, '\x1b'));
	assert_null(strchr(out, '\x07'));
	assert_string_equal(out,
	    "source s\\x07\n"
	    "  level  records\n"
	    "  ERROR        2\n"
	    "  TOTAL        2\n"
	    "\n"
	    "  logger                  ERROR  TOTAL  OWN\n"
	    "  (all)                       2      2    -\n"
	    "    e\\x1b[2J\"\\\\\\xff\\x00x      1      1    1\n"
	    "    한국                      1      1    -\n"
	    "      로그                    1      1    1\n");
	free(out);
	out = capture(stats_write_json, t, &st, 1, NULL);
	assert_non_null(strstr(out,
	    "\"name\":\"e\\u001b[2J\\\"\\\\\\u00ff\\u0000x\""));
	assert_non_null(strstr(out, "\"name\":\"s\\u0007\""));
	assert_non_null(strstr(out, "\"name\":\"한국.로그\""));
	assert_null(strchr(out, '\x1b'));
	free(out);
	stats_free(&st);
	ltree_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_one),
		cmocka_unit_test(test_text_total),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_escaping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
