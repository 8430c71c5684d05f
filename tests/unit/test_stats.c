/* test_stats.c: the --stats report, text and JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/stats.h"
#include "cli/report.h"

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
	stats_add(&st[0], t, db, LEVEL_INFO, TIME_UNKNOWN);
	stats_add(&st[0], t, db, LEVEL_ERROR, TIME_UNKNOWN);
	stats_add(&st[0], t, web, LEVEL_INFO, TIME_UNKNOWN);
	stats_add(&st[0], t, app, LEVEL_WARNING, TIME_UNKNOWN);
	stats_add(&st[0], t, LTREE_ROOT, LEVEL_NONE, TIME_UNKNOWN);
	for (i = 0; i < 1200; i++)
		stats_add(&st[1], t, job, LEVEL_DEBUG, TIME_UNKNOWN);
	stats_add(&st[1], t, web, LEVEL_CRITICAL, TIME_UNKNOWN);
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
	out = capture(report_text, t, st, 1, NULL);
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
	out = capture(report_text, t, st, 2, NULL);
	assert_non_null(strstr(out, want_worker));
	assert_true(strncmp(out, "source api.log", 14) == 0);
	/* An explicit total gives the same report. */
	stats_init(&total, "total");
	stats_merge(&total, &st[0]);
	stats_merge(&total, &st[1]);
	out2 = capture(report_text, t, st, 2, &total);
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
	out = capture(report_json, t, st, 1, NULL);
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
	out = capture(report_json, t, st, 0, NULL);
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
	stats_add(&st, t, bad, LEVEL_ERROR, TIME_UNKNOWN);
	stats_add(&st, t, kr, LEVEL_ERROR, TIME_UNKNOWN);
	out = capture(report_text, t, &st, 1, NULL);
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
	out = capture(report_json, t, &st, 1, NULL);
	assert_non_null(strstr(out,
	    "\"name\":\"e\\u001b[2J\\\"\\\\\\u00ff\\u0000x\""));
	assert_non_null(strstr(out, "\"name\":\"s\\u0007\""));
	assert_non_null(strstr(out, "\"name\":\"한국.로그\""));
	assert_null(strchr(out, '\x1b'));
	free(out);
	stats_free(&st);
	ltree_free(t);
}

#define MIN	((int64_t)STATS_MINUTE_MS)
#define T0	((int64_t)1767225600000)	/* 2026-01-01T00:00:00Z */

/* Records land in the minute of their own time; recent sums the last n. */
static void
test_minutes_basic(void **state)
{
	struct ltree	*t = ltree_create();
	struct stats	 st;
	uint64_t	 recent[LEVEL_COUNT];
	int64_t		 m0 = T0 / MIN;
	uint32_t	 db = in(t, "app.db");

	(void)state;
	stats_init(&st, "a");
	assert_int_equal(stats_newest_minute(&st), INT64_MIN);
	stats_add(&st, t, db, LEVEL_INFO, T0 + 5);
	stats_add(&st, t, db, LEVEL_ERROR, T0 + MIN + 59999);
	stats_add(&st, t, db, LEVEL_ERROR, T0 + MIN);
	stats_add(&st, t, db, LEVEL_CRITICAL, T0 + 4 * MIN + 1);
	/* Out of order inside the window is fine. */
	stats_add(&st, t, db, LEVEL_WARNING, T0 + 2 * MIN + 7);
	assert_int_equal(stats_newest_minute(&st), m0 + 4);
	assert_int_equal(st.newest_time, T0 + 4 * MIN + 1);
	assert_int_equal(st.first_time, T0 + 5);
	assert_int_equal(stats_minute_levels(&st, m0)[LEVEL_INFO], 1);
	assert_int_equal(stats_minute_levels(&st, m0 + 1)[LEVEL_ERROR], 2);
	assert_int_equal(stats_minute_levels(&st, m0 + 2)[LEVEL_WARNING], 1);
	assert_int_equal(stats_minute_levels(&st, m0 + 3)[LEVEL_ERROR], 0);
	assert_int_equal(stats_minute_levels(&st, m0 + 4)[LEVEL_CRITICAL], 1);
	assert_int_equal(stats_minute_levels(&st, m0 + 5)[LEVEL_CRITICAL], 0);
	stats_recent(&st, 3, recent);
	assert_int_equal(recent[LEVEL_INFO], 0);
	assert_int_equal(recent[LEVEL_ERROR], 0);
	assert_int_equal(recent[LEVEL_WARNING], 1);
	assert_int_equal(recent[LEVEL_CRITICAL], 1);
	stats_recent(&st, 5, recent);
	assert_int_equal(recent[LEVEL_INFO], 1);
	assert_int_equal(recent[LEVEL_ERROR], 2);
	assert_int_equal(st.late, 0);
	assert_int_equal(st.untimed, 0);
	assert_int_equal(st.records, 5);
	/* Negative times floor. */
	assert_int_equal(stats_minute_of(-1), -1);
	assert_int_equal(stats_minute_of(-MIN), -1);
	assert_int_equal(stats_minute_of(-MIN - 1), -2);
	assert_int_equal(stats_minute_of(MIN - 1), 0);
	stats_free(&st);
	ltree_free(t);
}

/* Untimed records: counted apart until a time is known, then inherit it. */
static void
test_minutes_untimed(void **state)
{
	struct ltree	*t = ltree_create();
	struct stats	 st;
	int64_t		 m0 = T0 / MIN;

	(void)state;
	stats_init(&st, "a");
	stats_add(&st, t, LTREE_ROOT, LEVEL_NONE, TIME_UNKNOWN);
	stats_add(&st, t, LTREE_ROOT, LEVEL_ERROR, TIME_UNKNOWN);
	assert_int_equal(st.untimed, 2);
	assert_int_equal(stats_newest_minute(&st), INT64_MIN);
	assert_int_equal(stats_minute_levels(&st, m0)[LEVEL_ERROR], 0);
	stats_add(&st, t, LTREE_ROOT, LEVEL_INFO, T0 + 3 * MIN);
	stats_add(&st, t, LTREE_ROOT, LEVEL_ERROR, TIME_UNKNOWN);
	assert_int_equal(st.untimed, 2);
	assert_int_equal(stats_minute_levels(&st, m0 + 3)[LEVEL_ERROR], 1);
	assert_int_equal(st.levels[LEVEL_ERROR], 2);
	stats_free(&st);
	ltree_free(t);
}

/* The ring keeps STATS_MINUTES minutes; older records count as late. */
static void
test_minutes_window(void **state)
{
	struct ltree	*t = ltree_create();
	struct stats	 st;
	int64_t		 m0 = T0 / MIN;
	int		 i;

	(void)state;
	stats_init(&st, "a");
	stats_add(&st, t, LTREE_ROOT, LEVEL_ERROR, T0);
	stats_add(&st, t, LTREE_ROOT, LEVEL_ERROR, T0 + 100 * MIN);
	assert_int_equal(stats_minute_levels(&st, m0)[LEVEL_ERROR], 1);
	/* A jump of 200 minutes: minute 0 leaves the ring, 100 stays. */
	stats_add(&st, t, LTREE_ROOT, LEVEL_WARNING, T0 + 200 * MIN);
	assert_int_equal(stats_minute_levels(&st, m0)[LEVEL_ERROR], 0);
	assert_int_equal(stats_minute_levels(&st, m0 + 100)[LEVEL_ERROR], 1);
	/* Minute 80 = 200 - STATS_MINUTES: just outside. 81: inside. */
	stats_add(&st, t, LTREE_ROOT, LEVEL_INFO, T0 + 80 * MIN);
	assert_int_equal(st.late, 1);
	stats_add(&st, t, LTREE_ROOT, LEVEL_INFO, T0 + 81 * MIN);
	assert_int_equal(st.late, 1);
	assert_int_equal(stats_minute_levels(&st, m0 + 81)[LEVEL_INFO], 1);
	/* Minute 220 shares minute 100's slot: 100 is gone, 220 is fresh. */
	stats_add(&st, t, LTREE_ROOT, LEVEL_CRITICAL, T0 + 220 * MIN + 30);
	assert_int_equal(stats_minute_levels(&st, m0 + 100)[LEVEL_ERROR], 0);
	assert_int_equal(stats_minute_levels(&st, m0 + 220)[LEVEL_ERROR], 0);
	assert_int_equal(stats_minute_levels(&st, m0 + 220)[LEVEL_CRITICAL], 1);
	assert_int_equal(stats_minute_levels(&st, m0 + 200)[LEVEL_WARNING], 1);
	/* Whatever the gap, totals never lose a record. */
	assert_int_equal(st.records, 6);
	assert_int_equal(st.first_time, T0);
	/* A jump of years costs the same as one minute. */
	for (i = 0; i < 1000; i++)
		stats_add(&st, t, LTREE_ROOT, LEVEL_ERROR,
		    T0 + (int64_t)i * 1000 * 24 * 60 * MIN);
	assert_int_equal(stats_minute_levels(&st,
	    m0 + (int64_t)999 * 1000 * 24 * 60)[LEVEL_ERROR], 1);
	stats_free(&st);
	ltree_free(t);
}

/* A merge sums the minutes both rings hold, in the newer window. */
static void
test_minutes_merge(void **state)
{
	struct ltree	*t = ltree_create();
	struct stats	 a, b, total;
	uint64_t	 recent[LEVEL_COUNT];
	int64_t		 m0 = T0 / MIN;

	(void)state;
	stats_init(&a, "a");
	stats_init(&b, "b");
	stats_add(&a, t, LTREE_ROOT, LEVEL_ERROR, T0 + 10 * MIN);
	stats_add(&a, t, LTREE_ROOT, LEVEL_ERROR, T0 + 150 * MIN);
	stats_add(&b, t, LTREE_ROOT, LEVEL_ERROR, T0 + 150 * MIN + 5);
	stats_add(&b, t, LTREE_ROOT, LEVEL_INFO, T0 + 152 * MIN);
	stats_add(&b, t, LTREE_ROOT, LEVEL_DEBUG, TIME_UNKNOWN);
	stats_init(&total, "total");
	stats_merge(&total, &a);
	stats_merge(&total, &b);
	assert_int_equal(total.records, 5);
	assert_int_equal(stats_newest_minute(&total), m0 + 152);
	assert_int_equal(total.newest_time, T0 + 152 * MIN);
	assert_int_equal(total.first_time, T0 + 10 * MIN);
	assert_int_equal(stats_minute_levels(&total, m0 + 150)[LEVEL_ERROR], 2);
	assert_int_equal(stats_minute_levels(&total, m0 + 152)[LEVEL_INFO], 1);
	/* b's untimed DEBUG inherits b's last time. */
	assert_int_equal(stats_minute_levels(&total, m0 + 152)[LEVEL_DEBUG], 1);
	stats_recent(&total, 5, recent);
	assert_int_equal(recent[LEVEL_ERROR], 2);
	/* Merging in the other order gives the same window. */
	stats_free(&total);
	stats_init(&total, "total");
	stats_merge(&total, &b);
	stats_merge(&total, &a);
	assert_int_equal(stats_minute_levels(&total, m0 + 150)[LEVEL_ERROR], 2);
	assert_int_equal(stats_minute_levels(&total, m0 + 10)[LEVEL_ERROR], 0);
	assert_int_equal(total.late, 0);
	stats_free(&total);
	stats_free(&a);
	stats_free(&b);
	ltree_free(t);
}

/* --stats --json carries the minutes when records have times. */
static void
test_minutes_json(void **state)
{
	struct ltree	*t = ltree_create();
	struct stats	 st;
	char		*out;

	(void)state;
	stats_init(&st, "a");
	stats_add(&st, t, in(t, "x"), LEVEL_ERROR, T0 + 61000);
	stats_add(&st, t, in(t, "x"), LEVEL_INFO, T0 + 62000);
	stats_add(&st, t, in(t, "x"), LEVEL_INFO, T0 + 3 * MIN);
	out = capture(report_json, t, &st, 1, NULL);
	assert_non_null(strstr(out, ",\"time\":{\"first\":"
	    "\"2026-01-01T00:01:01.000Z\",\"newest\":"
	    "\"2026-01-01T00:03:00.000Z\",\"untimed\":0,\"late\":0,"
	    "\"minutes\":[{\"start\":\"2026-01-01T00:01:00.000Z\","
	    "\"levels\":{\"INFO\":1,\"ERROR\":1}},"
	    "{\"start\":\"2026-01-01T00:03:00.000Z\",\"levels\":{\"INFO\":1}}]}"));
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
		cmocka_unit_test(test_minutes_basic),
		cmocka_unit_test(test_minutes_untimed),
		cmocka_unit_test(test_minutes_window),
		cmocka_unit_test(test_minutes_merge),
		cmocka_unit_test(test_minutes_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
