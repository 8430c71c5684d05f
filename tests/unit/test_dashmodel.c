/*
 * test_dashmodel.c: the dashboard's model (model/dashmodel.c) over real
 * counters: two line stores parse small Python logs and feed their
 * struct stats; the blocks computed from them are checked row by row
 * (levels, last 5 minutes, the ERROR+ sparkline, top loggers, rate and
 * peak, the latest error), then new records move them; and the number
 * formats the drawing uses.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/dashmodel.h"
#include "model/lstore.h"
#include "model/ltree.h"
#include "model/stats.h"

/*
 * api.log: minutes 10:00, 10:03, 10:07 and 10:09 of 2026-03-04.
 * Own WARNING+ per logger: app.web W2 E1, app.db E2, app.pay C1.
 * The CRITICAL record has a traceback (its first line is the error line).
 */
static const char api_log[] =
    "2026-03-04 10:00:01,000 - app.db - INFO - connected\n"
    "2026-03-04 10:00:02,000 - app.db - INFO - pool ready\n"
    "2026-03-04 10:00:03,000 - app.web - WARNING - slow request\n"
    "2026-03-04 10:00:04,000 - app.db - INFO - query\n"
    "2026-03-04 10:00:05,000 - app.web - WARNING - slow again\n"
    "2026-03-04 10:03:00,000 - app.web - ERROR - 500 on /pay\n"
    "2026-03-04 10:03:10,000 - app.db - ERROR - deadlock\n"
    "2026-03-04 10:03:20,000 - app.db - ERROR - deadlock again\n"
    "2026-03-04 10:07:30,000 - app.pay - CRITICAL - card service down\n"
    "Traceback (most recent call last):\n"
    "ConnectionError: refused\n"
    "2026-03-04 10:09:00,000 - app.db - INFO - the end\n";

/* worker.log: earlier; its one ERROR is older than api.log's CRITICAL. */
static const char worker_log[] =
    "2026-03-04 09:58:00,000 - app.web - DEBUG - worker up\n"
    "2026-03-04 09:58:30,000 - app.web - ERROR - job 7 failed\n"
    "2026-03-04 09:59:00,000 - worker.job - INFO - job 8 done\n";

/* One source: its tree is shared, its stats and store its own. */
struct src {
	struct stats	 st;
	struct lstore	*ls;
	uint64_t	 off;
	uint64_t	 ring[64];
};

/* Minute since the epoch of 2026-03-04 HH:MM (UTC). */
static int64_t
minute_of(int hh, int mm)
{
	/* 2026-03-04 is 20516 days after 1970-01-01. */
	return (int64_t)20516 * 1440 + hh * 60 + mm;
}

/* Feed text (whole lines) to a source's store. */
static void
feed(struct src *s, const char *text)
{
	size_t	len = strlen(text);

	lstore_feed(s->ls, text, len, s->off);
	s->off += len;
}

/* A source over a tree, fed text; its kept text (no file) has no cap. */
static void
src_open(struct src *s, struct ltree *t, const char *name, const char *text)
{
	memset(s, 0, sizeof *s);
	stats_init(&s->st, name);
	s->ls = lstore_create(NULL, t, &s->st, 1, 0);
	feed(s, text);
}

static void
src_close(struct src *s)
{
	lstore_free(s->ls);
	stats_free(&s->st);
}

/* The model's view of a source, with its rate ring at second sec. */
static struct dashmodel_src
src_in(struct src *s, int64_t sec, uint64_t peak)
{
	struct dashmodel_src	in;

	memset(&in, 0, sizeof in);
	in.stats = &s->st;
	in.store = s->ls;
	in.rate.slots = s->ring;
	in.rate.nslots = 64;
	in.rate.sec = sec;
	in.rate.peak = peak;
	return in;
}

/* Logger id of a name. */
static uint32_t
id_of(struct ltree *t, const char *name)
{
	uint32_t	id = ltree_lookup(t, name, strlen(name));

	assert_true(id != 0);
	return id;
}

/* Assert a block's top logger i: name and own WARNING, ERROR, CRITICAL. */
static void
assert_top(struct ltree *t, const struct dashmodel_block *b, int i,
    const char *name, uint64_t w, uint64_t e, uint64_t c)
{
	assert_true(i < b->ntop);
	assert_int_equal(b->top[i], id_of(t, name));
	assert_int_equal(b->topn[i][0], w);
	assert_int_equal(b->topn[i][1], e);
	assert_int_equal(b->topn[i][2], c);
}

/* Two sources: every row of the three blocks, then new records move them. */
static void
test_dashmodel_two_sources(void **state)
{
	struct ltree			*t = ltree_create();
	struct src			 api, worker;
	struct dashmodel		 m;
	struct dashmodel_src		 in[2];
	const struct dashmodel_block	*all, *a, *w;
	const int64_t			 sec = 5000000, now = sec * 1000 + 500;
	int64_t				 s, end;
	char				 big[64 * 1024];
	size_t				 n;
	int				 i;

	src_open(&api, t, "api.log", api_log);
	src_open(&worker, t, "worker.log", worker_log);
	/*
	 * api's ring: 1 record a second, 2 in each of the 10 complete seconds
	 * before now, 50 in the current (incomplete) second; worker's: 5 in
	 * second sec - 5 only.
	 */
	for (s = sec - 63; s <= sec; s++)
		api.ring[s % 64] = s == sec ? 50 : s >= sec - 10 ? 2 : 1;
	worker.ring[(sec - 5) % 64] = 5;
	in[0] = src_in(&api, sec, 77);
	in[1] = src_in(&worker, sec, 5);

	dashmodel_init(&m);
	dashmodel_compute(&m, in, 2, now);
	assert_int_equal(m.nblocks, 3);
	assert_int_equal(m.counted, 13);
	all = &m.blocks[0];
	a = &m.blocks[1];
	w = &m.blocks[2];
	assert_int_equal(all->src, -1);
	assert_int_equal(a->src, 0);
	assert_int_equal(w->src, 1);

	/* api.log: records and levels. */
	assert_int_equal(a->records, 10);
	assert_int_equal(a->levels[LEVEL_INFO], 4);
	assert_int_equal(a->levels[LEVEL_WARNING], 2);
	assert_int_equal(a->levels[LEVEL_ERROR], 3);
	assert_int_equal(a->levels[LEVEL_CRITICAL], 1);
	assert_int_equal(a->levels[LEVEL_DEBUG], 0);
	/* Last 5 minutes of log time: 10:05-10:09, the CRITICAL and the end. */
	assert_int_equal(a->recent[LEVEL_CRITICAL], 1);
	assert_int_equal(a->recent[LEVEL_INFO], 1);
	assert_int_equal(a->recent[LEVEL_ERROR], 0);
	assert_int_equal(a->recent[LEVEL_WARNING], 0);
	/* Sparkline: 60 minutes ending at 10:09; 3 at 10:03, 1 at 10:07. */
	end = minute_of(10, 9);
	assert_int_equal(a->spark_end, end);
	for (i = 0; i < DASHMODEL_SPARK; i++) {
		int64_t	minute = end - DASHMODEL_SPARK + 1 + i;
		uint64_t want = minute == minute_of(10, 3) ? 3 :
		    minute == minute_of(10, 7) ? 1 : 0;

		assert_int_equal(a->spark[i], want);
	}
	assert_int_equal(a->first, (minute_of(10, 0) * 60 + 1) * 1000);
	assert_int_equal(a->newest, end * 60 * 1000);
	/* Top loggers by own WARNING+: app.web 3, app.db 2, app.pay 1. */
	assert_int_equal(a->ntop, 3);
	assert_top(t, a, 0, "app.web", 2, 1, 0);
	assert_top(t, a, 1, "app.db", 0, 2, 0);
	assert_top(t, a, 2, "app.pay", 0, 0, 1);
	/* Rate: 20 records in the 10 complete seconds; peak from the ring. */
	assert_int_equal(a->rate10, 20);
	assert_int_equal(a->peak, 77);
	assert_true(a->live);
	/* The latest error: the CRITICAL, its first line only. */
	assert_non_null(a->err);
	assert_int_equal(a->err->level, LEVEL_CRITICAL);
	assert_int_equal(a->err->time, ((minute_of(10, 7) * 60) + 30) * 1000);
	assert_int_equal(a->err->len, strlen("2026-03-04 10:07:30,000 - app.pay "
	    "- CRITICAL - card service down"));
	assert_memory_equal(a->err->line, "2026-03-04 10:07:30,000 - app.pay - "
	    "CRITICAL - card service down", a->err->len);

	/* worker.log: its own rows; app.web's ERROR is its only WARNING+. */
	assert_int_equal(w->records, 3);
	assert_int_equal(w->levels[LEVEL_DEBUG], 1);
	assert_int_equal(w->levels[LEVEL_ERROR], 1);
	assert_int_equal(w->levels[LEVEL_INFO], 1);
	assert_int_equal(w->spark_end, minute_of(9, 59));
	assert_int_equal(w->spark[DASHMODEL_SPARK - 2], 1);	/* 09:58 */
	assert_int_equal(w->recent[LEVEL_ERROR], 1);
	assert_int_equal(w->ntop, 1);
	assert_top(t, w, 0, "app.web", 0, 1, 0);
	assert_int_equal(w->rate10, 5);
	assert_int_equal(w->peak, 5);
	assert_non_null(w->err);
	assert_memory_equal(w->err->line, "2026-03-04 09:58:30,000 - app.web - "
	    "ERROR - job 7 failed", w->err->len);

	/* All sources: sums, merged loggers, the newest error of the two. */
	assert_int_equal(all->records, 13);
	assert_int_equal(all->levels[LEVEL_ERROR], 4);
	assert_int_equal(all->levels[LEVEL_DEBUG], 1);
	assert_int_equal(all->levels[LEVEL_INFO], 5);
	assert_int_equal(all->spark_end, end);
	assert_int_equal(all->spark[DASHMODEL_SPARK - 1 - 11], 1);	/* 09:58 */
	assert_int_equal(all->spark[DASHMODEL_SPARK - 1 - 6], 3);	/* 10:03 */
	assert_int_equal(all->ntop, 3);
	assert_top(t, all, 0, "app.web", 2, 2, 0);	/* both sources */
	assert_top(t, all, 1, "app.db", 0, 2, 0);
	assert_top(t, all, 2, "app.pay", 0, 0, 1);
	assert_int_equal(all->rate10, 25);
	/* Peak of both together over the ring: second sec - 5, 2 + 5. */
	assert_int_equal(all->peak, 7);
	assert_true(all->err == a->err);

	/* New records: a later ERROR moves the latest error and the counts. */
	feed(&worker, "2026-03-04 10:10:00,000 - worker.job - ERROR - "
	    "job 9 failed\n2026-03-04 10:10:01,000 - worker.job - INFO - "
	    "retry\n");
	dashmodel_compute(&m, in, 2, now);
	all = &m.blocks[0];
	w = &m.blocks[2];
	assert_int_equal(m.counted, 15);
	assert_int_equal(w->records, 5);
	assert_int_equal(w->levels[LEVEL_ERROR], 2);
	assert_memory_equal(w->err->line, "2026-03-04 10:10:00,000 - worker.job "
	    "- ERROR - job 9 failed", w->err->len);
	assert_true(all->err == w->err);
	assert_int_equal(all->spark_end, minute_of(10, 10));
	assert_top(t, w, 0, "app.web", 0, 1, 0);	/* tie: the older id first */
	assert_top(t, w, 1, "worker.job", 0, 1, 0);

	/*
	 * More than DASHMODEL_SCAN_MAX new records without an error: the
	 * scan gives up and says so (capped, no id) rather than showing an
	 * error it can no longer prove is the latest.
	 */
	for (i = 0; i <= DASHMODEL_SCAN_MAX; ) {
		for (n = 0; i <= DASHMODEL_SCAN_MAX && n + 80 < sizeof big; i++)
			n += (size_t)snprintf(big + n, sizeof big - n,
			    "2026-03-04 10:11:00,000 - app.db - INFO - q %d\n", i);
		lstore_feed(api.ls, big, n, api.off);
		api.off += n;
	}
	dashmodel_compute(&m, in, 2, now);
	a = &m.blocks[1];
	assert_int_equal(a->records, 10 + DASHMODEL_SCAN_MAX + 1);
	assert_non_null(a->err);
	assert_true(a->err->capped);
	assert_true(a->err->id == UINT64_MAX);
	/* The all-sources block takes worker's, which is still known. */
	assert_true(m.blocks[0].err == m.blocks[2].err);

	dashmodel_free(&m);
	src_close(&api);
	src_close(&worker);
	ltree_free(t);
}

/* One source: one block, no all-sources block; no times: no sparkline. */
static void
test_dashmodel_one_untimed(void **state)
{
	struct ltree		*t = ltree_create();
	struct src		 s;
	struct dashmodel	 m;
	struct dashmodel_src	 in;
	const int64_t		 sec = 1000, now = sec * 1000 + 999;

	src_open(&s, t, "plain", "just text\nmore text\n");
	in = src_in(&s, 0, 0);		/* nothing in the ring yet */
	dashmodel_init(&m);
	dashmodel_compute(&m, &in, 1, now);
	assert_int_equal(m.nblocks, 1);
	assert_int_equal(m.blocks[0].src, 0);
	assert_int_equal(m.blocks[0].records, 2);
	assert_int_equal(m.blocks[0].levels[LEVEL_NONE], 2);
	assert_true(m.blocks[0].spark_end == INT64_MIN);
	assert_true(m.blocks[0].newest == TIME_UNKNOWN);
	assert_int_equal(m.blocks[0].ntop, 0);
	assert_null(m.blocks[0].err);
	assert_int_equal(m.blocks[0].rate10, 0);
	assert_false(m.blocks[0].live);
	/* The ring only counts seconds it holds: sec - 63 .. sec. */
	s.ring[(sec - 1) % 64] = 4;
	s.ring[(sec - 70) % 64] = 9;	/* the same slot as sec - 6: not held */
	in.rate.sec = sec;
	assert_int_equal(dashmodel_rate_second(&in.rate, sec - 1), 4);
	assert_int_equal(dashmodel_rate_second(&in.rate, sec - 70), 0);
	assert_int_equal(dashmodel_rate_second(&in.rate, sec + 1), 0);
	dashmodel_compute(&m, &in, 1, now);
	assert_int_equal(m.blocks[0].rate10, 4 + 9);	/* sec - 6 is held: slot 34 */
	assert_true(m.blocks[0].live);
	/* No sources at all: no blocks. */
	dashmodel_compute(&m, NULL, 0, now);
	assert_int_equal(m.nblocks, 0);
	dashmodel_free(&m);
	src_close(&s);
	ltree_free(t);
}

/* The number formats and bar heights of the drawing. */
static void
test_dashmodel_formats(void **state)
{
	char	buf[64], small[4];

	dashmodel_num(buf, sizeof buf, 0);
	assert_string_equal(buf, "0");
	dashmodel_num(buf, sizeof buf, 999);
	assert_string_equal(buf, "999");
	dashmodel_num(buf, sizeof buf, 1000);
	assert_string_equal(buf, "1,000");
	dashmodel_num(buf, sizeof buf, 1234567);
	assert_string_equal(buf, "1,234,567");
	dashmodel_num(buf, sizeof buf, UINT64_MAX);
	assert_string_equal(buf, "18,446,744,073,709,551,615");
	dashmodel_num(small, sizeof small, 123456);
	assert_string_equal(small, "12");	/* cut, still terminated */

	dashmodel_age(buf, sizeof buf, -5000);
	assert_string_equal(buf, "0s");
	dashmodel_age(buf, sizeof buf, 59999);
	assert_string_equal(buf, "59s");
	dashmodel_age(buf, sizeof buf, 60000);
	assert_string_equal(buf, "1m00s");
	dashmodel_age(buf, sizeof buf, 3599999);
	assert_string_equal(buf, "59m59s");
	dashmodel_age(buf, sizeof buf, 3600000);
	assert_string_equal(buf, "1h00m");
	dashmodel_age(buf, sizeof buf, (int64_t)(86400 + 3600 + 61) * 1000);
	assert_string_equal(buf, "1d01h");

	dashmodel_hhmm(buf, sizeof buf, 0);
	assert_string_equal(buf, "00:00");
	dashmodel_hhmm(buf, sizeof buf, minute_of(23, 59));
	assert_string_equal(buf, "23:59");
	dashmodel_hhmm(buf, sizeof buf, -1);
	assert_string_equal(buf, "23:59");

	assert_int_equal(dashmodel_bar(0, 100), 0);
	assert_int_equal(dashmodel_bar(1, 100), 1);
	assert_int_equal(dashmodel_bar(50, 100), 4);
	assert_int_equal(dashmodel_bar(51, 100), 5);
	assert_int_equal(dashmodel_bar(100, 100), 8);
	assert_int_equal(dashmodel_bar(1, 1), 8);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_dashmodel_two_sources),
		cmocka_unit_test(test_dashmodel_one_untimed),
		cmocka_unit_test(test_dashmodel_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
