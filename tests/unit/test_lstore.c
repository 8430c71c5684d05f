/* test_lstore.c: the record index of a source (model/lstore.c) and its background head indexer (model/lhead.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/lstore.h"
#include "filters/filter.h"
#include "model/ltree.h"
#include "model/stats.h"
#include "filters/view.h"
#include "store_text.h"



/* A store over a file: records, levels, loggers, times and text read back. */
static void
test_lstore_file(void **state)
{
	struct ltree	*tree = ltree_create();
	struct stats	 st;
	struct lstore	*ls;
	char		 path[64];
	int		 fd = file_with(text_a, path);
	const char	*t;
	size_t		 len;
	uint64_t	 full;

	stats_init(&st, "a");
	ls = lstore_create(NULL, tree, &st, 0, 0);
	lstore_segment(ls, 0, fd, 0);
	lstore_feed(ls, text_a, strlen(text_a), 0);
	assert_int_equal(lstore_count(ls), 3);
	assert_int_equal(LREC_LEVEL(lstore_get(ls, 1)), LEVEL_ERROR);
	assert_int_equal(lstore_get(ls, 1)->logger,
	    ltree_lookup(tree, "app.api", 7));
	assert_true(lstore_time(ls, 2) - lstore_time(ls, 0) == 4000);
	t = lstore_text(ls, 1, &len, &full);
	assert_non_null(t);
	assert_int_equal(len, full);
	assert_memory_equal(t, "2024-01-02 03:04:03,000 - app.api - ERROR - boom\n"
	    "Traceback (most recent call last):\nKeyError: 'user'", len);
	assert_int_equal(st.levels[LEVEL_ERROR], 1);
	/* Truncation: the old segment's text is gone, never shown wrong. */
	lstore_segment(ls, strlen(text_a), fd, 1);
	assert_null(lstore_text(ls, 0, &len, &full));
	lstore_free(ls);
	stats_free(&st);
	ltree_free(tree);
	close(fd);
	unlink(path);
}

/* Head indexing: the tail first, then the head prepended; ids shift, generation bumps. */
static void
test_lstore_head(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*ls = lstore_create(NULL, tree, NULL, 0, 0);
	char		 path[64];
	int		 fd = file_with(text_a, path);
	size_t		 tail = (size_t)(strstr(text_a, "2024-01-02 03:04:05") - text_a);
	uint64_t	 gen;

	lstore_segment(ls, 0, fd, 0);
	lstore_feed(ls, text_a + tail, strlen(text_a) - tail, tail);
	assert_int_equal(lstore_count(ls), 1);
	gen = lstore_generation(ls);
	lstore_head_begin(ls, 0, tail, -1);
	while (lstore_head_step(ls))
		;
	assert_int_equal(lstore_count(ls), 3);
	assert_true(lstore_generation(ls) != gen);
	assert_int_equal(LREC_LEVEL(lstore_get(ls, 0)), LEVEL_INFO);
	assert_int_equal(LREC_LEVEL(lstore_get(ls, 2)), LEVEL_DEBUG);
	lstore_free(ls);
	ltree_free(tree);
	close(fd);
	unlink(path);
}

/* A head that starts at a record inside the file (--since): nothing before it is read. */
static void
test_lstore_head_from(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*ls = lstore_create(NULL, tree, NULL, 0, 0);
	char		 path[64];
	int		 fd = file_with(text_a, path);
	size_t		 from = (size_t)(strstr(text_a, "2024-01-02 03:04:03") - text_a);
	size_t		 tail = (size_t)(strstr(text_a, "2024-01-02 03:04:05") - text_a);
	uint64_t	 done, total;

	lstore_segment(ls, 0, fd, 0);
	lstore_feed(ls, text_a + tail, strlen(text_a) - tail, tail);
	assert_int_equal(lstore_count(ls), 1);
	lstore_head_begin(ls, from, tail, -1);
	lstore_head_progress(ls, &done, &total);
	assert_int_equal(total, tail - from);
	while (lstore_head_step(ls))
		;
	/* The ERROR record with its traceback, then the DEBUG: no INFO. */
	assert_int_equal(lstore_count(ls), 2);
	assert_int_equal(LREC_LEVEL(lstore_get(ls, 0)), LEVEL_ERROR);
	assert_int_equal(LREC_LEVEL(lstore_get(ls, 1)), LEVEL_DEBUG);
	lstore_free(ls);
	ltree_free(tree);
	close(fd);
	unlink(path);
}

/*
 * The file is truncated while its head is being indexed: the head's
 * records land marked lost (their bytes are gone; the workers may have
 * read new bytes at the old offsets), never shown with the wrong text.
 */
static void
test_lstore_head_truncated(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*ls = lstore_create(NULL, tree, NULL, 0, 0);
	char		 path[64];
	int		 fd = file_with(text_a, path);
	size_t		 tail = (size_t)(strstr(text_a, "2024-01-02 03:04:05") - text_a);
	size_t		 len, i;
	uint64_t	 full;
	int		 wake[2];
	char		 byte;

	assert_int_equal(pipe(wake), 0);
	lstore_segment(ls, 0, fd, 0);
	lstore_feed(ls, text_a + tail, strlen(text_a) - tail, tail);
	lstore_head_begin(ls, 0, tail, wake[1]);
	assert_int_equal(read(wake[0], &byte, 1), 1);	/* head parsed */
	/* copytruncate, and new lines at the old offsets */
	assert_int_equal(ftruncate(fd, 0), 0);
	assert_int_equal(pwrite(fd, "2024-01-02 09:00:00,000 - new - INFO - n\n",
	    41, 0), 41);
	lstore_segment(ls, strlen(text_a), fd, 1);	/* the source saw it */
	assert_int_equal(lstore_head_step(ls), 0);
	assert_int_equal(lstore_count(ls), 3);
	for (i = 0; i < 3; i++) {
		assert_true(lstore_get(ls, i)->word & LREC_F_LOST);
		assert_null(lstore_text(ls, i, &len, &full));
	}
	close(wake[0]);
	close(wake[1]);
	lstore_free(ls);
	ltree_free(tree);
	close(fd);
	unlink(path);
}

/*
 * Head indexing on worker threads over a file big enough to be cut into
 * several chunks: the same records, levels, loggers, times and counters
 * as feeding the whole file on the main thread. long_tail ends the file
 * with records of 200 KB, so the slices sized from the tail are far too
 * small and the chunks outgrow them (the copying path); else the tail is
 * like the head and the records are moved in place.
 */
static void
check_head_threads(int long_tail)
{
	static const char *const loggers[] = { "app", "app.db", "app.api.v1",
	    "sqlalchemy.engine", "urllib3.connectionpool", "worker.tasks" };
	static const char *const levels[] = { "DEBUG", "INFO", "WARNING", "ERROR" };
	struct ltree	*t1 = ltree_create(), *t2 = ltree_create();
	struct stats	 s1, s2;
	struct lstore	*whole, *split;
	char		 path[] = "/tmp/test_view_XXXXXX", line[256];
	FILE		*f;
	char		*buf;
	size_t		 len, n, tail;
	uint64_t	 i, id1, id2;
	int		 fd = mkstemp(path), wake[2];
	const char	*n1, *n2;
	size_t		 l1, l2;
	char		 byte = 1;

	assert_true(fd >= 0);
	f = fdopen(fd, "w+");
	for (i = 0; i < 120000; i++) {
		n = (size_t)snprintf(line, sizeof line, "2024-01-02 03:%02d:%02d,%03d - "
		    "%s - %s - record %llu\n", (int)(i / 6000) % 60, (int)(i / 100) % 60,
		    (int)(i % 1000), loggers[(i * 7) % 6], levels[(i * 13) % 4],
		    (unsigned long long)i);
		fwrite(line, 1, n, f);
		if (i % 5000 == 17)
			fputs("Traceback (most recent call last):\nKeyError: 'x'\n", f);
		if (i % 997 == 3)	/* a record with no time: inherits one */
			fputs("WARNING:app.db:no time of its own\n", f);
	}
	if (long_tail) {
		char	*big = malloc(200 * 1024);

		memset(big, 'x', 200 * 1024);
		for (i = 0; i < 3; i++) {
			fprintf(f, "2024-01-02 04:00:%02d,000 - app - INFO - ",
			    (int)i);
			fwrite(big, 1, 200 * 1024, f);
			fputc('\n', f);
		}
		free(big);
	}
	fflush(f);
	len = (size_t)ftell(f);
	buf = malloc(len);
	assert_int_equal(pread(fd, buf, len, 0), (ssize_t)len);
	assert_true(len > 5 * 1024 * 1024);	/* cut into several chunks */
	assert_int_equal(pipe(wake), 0);

	stats_init(&s1, "whole");
	whole = lstore_create(NULL, t1, &s1, 0, 0);
	lstore_segment(whole, 0, fd, 0);
	lstore_feed(whole, buf, len, 0);

	stats_init(&s2, "split");
	split = lstore_create(NULL, t2, &s2, 0, 0);
	lstore_segment(split, 0, fd, 0);
	if (long_tail)
		tail = (size_t)((const char *)memmem(buf, len,
		    "2024-01-02 04:00:00", 19) - buf);
	else
		tail = (size_t)((const char *)memmem(buf + len - 2000, 2000,
		    "\n2024", 5) - buf) + 1;
	lstore_feed(split, buf + tail, len - tail, tail);
	lstore_head_begin(split, 0, tail, wake[1]);
	assert_int_equal(read(wake[0], &byte, 1), 1);	/* woken when done */
	assert_int_equal(byte, 0);
	assert_int_equal(lstore_head_step(split), 0);

	assert_int_equal(lstore_count(split), lstore_count(whole));
	for (i = 0; i < lstore_count(whole); i++) {
		const struct lrec	*a = lstore_get(whole, i), *b = lstore_get(split, i);

		assert_int_equal(LREC_OFF(a), LREC_OFF(b));
		assert_int_equal(LREC_LEVEL(a), LREC_LEVEL(b));
		assert_true(a->word == b->word);	/* flags too (no time) */
		assert_int_equal(lstore_time(whole, i), lstore_time(split, i));
		n1 = ltree_name(t1, a->logger, &l1);
		n2 = ltree_name(t2, b->logger, &l2);
		assert_int_equal(l1, l2);
		assert_memory_equal(n1, n2, l1);
	}
	assert_memory_equal(s1.levels, s2.levels, sizeof s1.levels);
	id1 = ltree_lookup(t1, "app", 3);
	id2 = ltree_lookup(t2, "app", 3);
	assert_memory_equal(s1.counts.sub[id1], s2.counts.sub[id2],
	    sizeof s1.counts.sub[id1]);
	lstore_free(whole);
	lstore_free(split);
	stats_free(&s1);
	stats_free(&s2);
	ltree_free(t1);
	ltree_free(t2);
	free(buf);
	fclose(f);
	close(wake[0]);
	close(wake[1]);
	unlink(path);
}

/*
 * Freed while the workers run (q during indexing): they are stopped and
 * joined before the fd they read is closed (a race TSan found), and
 * nothing leaks (ASan).
 */
static void
test_lstore_head_cancel(void **state)
{
	char		 path[] = "/tmp/test_view_XXXXXX", line[128];
	int		 fd = mkstemp(path), n, round;
	struct ltree	*tree = ltree_create();
	struct stats	 st;
	struct lstore	*ls;
	FILE		*f;
	uint64_t	 i, len;

	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	for (i = 0; i < 200000; i++) {
		n = snprintf(line, sizeof line, "2024-01-02 03:04:%02d,000 - "
		    "app.db - INFO - row %llu\n", (int)(i % 60),
		    (unsigned long long)i);
		fwrite(line, 1, (size_t)n, f);
	}
	fflush(f);
	len = (uint64_t)ftell(f);
	for (round = 0; round < 3; round++) {
		stats_init(&st, "cancel");
		ls = lstore_create(NULL, tree, &st, 0, 0);
		lstore_segment(ls, 0, fd, 0);
		lstore_head_begin(ls, 0, len, -1);
		if (round > 0)
			usleep(2000 * (useconds_t)round);
		lstore_free(ls);		/* joins, then closes */
		stats_free(&st);
	}
	ltree_free(tree);
	fclose(f);
	unlink(path);
}

/* The head moved into place: the tail predicts the head's records. */
static void
test_lstore_head_threads(void **state)
{
	check_head_threads(0);
}

/* Chunks outgrow slices sized from a tail of long records: copied. */
static void
test_lstore_head_overflow(void **state)
{
	check_head_threads(1);
}

/* Kept text (stdin) with a cap drops old records and counts them. */
static void
test_lstore_cap(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*ls = lstore_create(NULL, tree, NULL, 1, 4096);
	char		 line[128];
	uint64_t	 off = 0, full;
	size_t		 n, len;
	int		 i;

	for (i = 0; i < 5000; i++) {
		n = (size_t)snprintf(line, sizeof line,
		    "2024-01-02 03:04:05,000 - app - INFO - record %d\n", i);
		lstore_feed(ls, line, n, off);
		off += n;
	}
	assert_true(lstore_dropped(ls) > 0);
	assert_int_equal(lstore_count(ls), 5000);
	assert_memory_equal(lstore_text(ls, 4999, &len, &full) + len - 4, "4999", 4);
	lstore_free(ls);
	ltree_free(tree);
}

/*
 * A snapshot for other threads (lstore_hold): refused for kept text and
 * while a head is indexed; its records and bytes stay as they were while
 * the store grows past its array's room, is truncated (lost in the
 * store's copy, not in the snapshot) and gets a second snapshot; the
 * last release frees the arrays left behind (the sanitizer build checks).
 * A record longer than the backwards window is read back whole after the
 * record below it (lstore_text placed the window past its start).
 */
static void
test_lstore_hold(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*ls;
	struct lsnap	 sn, sn2;
	char		 path[64], *all = NULL, buf[256], *big;
	const char	*p, *t;
	FILE		*fp;
	size_t		 alen = 0, part, len, i;
	uint64_t	 n0, full, id;
	struct lrec	*copy;
	int		 fd;

	fp = open_memstream(&all, &alen);
	for (i = 0; i < 20000; i++)
		fprintf(fp, "2024-01-02 03:04:05,%03d - app.x%zu - INFO - n=%zu\n",
		    (int)(i % 1000), i % 7, i);
	fclose(fp);
	fd = file_with(all, path);
	part = (size_t)((const char *)memchr(all + 1000, '\n', alen) - all) + 1;

	ls = lstore_create(NULL, tree, NULL, 1, 0);	/* kept text: no */
	lstore_feed(ls, all, part, 0);
	assert_int_equal(lstore_hold(ls, &sn), -1);
	lstore_free(ls);

	ls = lstore_create(NULL, tree, NULL, 0, 0);
	lstore_segment(ls, 0, fd, 0);
	lstore_feed(ls, all, part, 0);
	n0 = lstore_count(ls);
	assert_int_equal(lstore_hold(ls, &sn), 0);
	assert_int_equal(sn.lo, 0);
	assert_int_equal(sn.hi, n0 - 1);	/* the last record is not in it */
	copy = malloc((size_t)sn.hi * sizeof *copy);
	memcpy(copy, sn.r, (size_t)sn.hi * sizeof *copy);
	/* Grows past its room, a second snapshot, truncated. */
	lstore_feed(ls, all + part, alen - part, part);
	assert_int_equal(lstore_hold(ls, &sn2), 0);
	assert_true(sn2.hi > sn.hi);
	lstore_segment(ls, alen, fd, 1);
	assert_null(lstore_text(ls, 3, &len, &full));
	assert_memory_equal(sn.r, copy, (size_t)sn.hi * sizeof *copy);
	assert_int_equal(sn2.r[3].word & LREC_F_LOST, 0);
	p = lsnap_read(&sn, 3, 5, buf, sizeof buf, 0, &len);
	assert_non_null(p);
	assert_memory_equal(p, all + LREC_OFF(&copy[3]), len);
	assert_true(p[len - 1] == '\n');
	assert_null(lsnap_read(&sn, 0, sn.hi, buf, sizeof buf, 0, &len));
	p = lsnap_read(&sn, 0, sn.hi, buf, 10, 1, &len);
	assert_int_equal(len, 10);
	assert_memory_equal(p, all, 10);
	assert_null(lsnap_read(&sn, sn.hi, sn.hi + 1, buf, 10, 1, &len));
	lstore_release(ls, &sn);
	lstore_release(ls, &sn2);
	/* A new segment without records: nothing to hold. */
	assert_int_equal(lstore_hold(ls, &sn), -1);
	lstore_free(ls);
	free(copy);
	close(fd);
	unlink(path);

	/* A record over 64 KB, read after the one below it, backwards. */
	free(all);
	all = NULL;
	big = malloc(300000);
	memset(big, 'q', 300000);
	memcpy(big, "2024-01-02 03:04:05,000 - app - INFO - ", 39);
	fp = open_memstream(&all, &alen);
	fputs("2024-01-02 03:04:04,000 - app - INFO - before\n", fp);
	fwrite(big, 1, 300000, fp);
	fputs("\n2024-01-02 03:04:06,000 - app - INFO - after\n", fp);
	fclose(fp);
	fd = file_with(all, path);
	ls = lstore_create(NULL, tree, NULL, 0, 0);
	lstore_segment(ls, 0, fd, 0);
	lstore_feed(ls, all, alen, 0);
	assert_int_equal(lstore_count(ls), 3);
	for (id = 3; id-- > 0;) {
		t = lstore_text(ls, id, &len, &full);
		assert_non_null(t);
		assert_int_equal(len, id == 1 ? 300000 : id == 0 ? 45 : 44);
		assert_memory_equal(t, all + LREC_OFF(lstore_get(ls, id)), len);
	}
	lstore_free(ls);
	free(big);
	free(all);
	close(fd);
	unlink(path);
	ltree_free(tree);
}

/* Open fds of this process. */
static int
count_fds(void)
{
	char	path[64];
	int	fd, n = 0;

	for (fd = 0; fd < 1024; fd++) {
		snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
		if (access(path, F_OK) == 0)
			n++;
	}
	return n;
}

/*
 * Segments keep no fd they do not need: a truncated one is closed (its
 * records are lost), and of rotated ones only the newest few stay open;
 * the newest records still read their text.
 */
static void
test_lstore_segment_fds(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*ls = lstore_create(NULL, tree, NULL, 0, 0);
	const char	*line = "2024-01-02 03:04:05,000 - app - INFO - hello\n";
	size_t		 n = strlen(line), len;
	uint64_t	 v = 0, full;
	char		 path[64];
	int		 fd = file_with(line, path), before, i;

	before = count_fds();
	for (i = 0; i < 100; i++) {	/* rewritten in place: truncations */
		lstore_segment(ls, v, fd, i > 0);
		lstore_feed(ls, line, n, v);
		v += n;
	}
	assert_true(count_fds() <= before + 1);
	assert_non_null(lstore_text(ls, lstore_count(ls) - 1, &len, &full));
	for (i = 0; i < 100; i++) {	/* rotations: a new file each time */
		lstore_segment(ls, v, fd, 0);
		lstore_feed(ls, line, n, v);
		v += n;
	}
	assert_true(count_fds() <= before + 16);
	assert_non_null(lstore_text(ls, lstore_count(ls) - 1, &len, &full));
	assert_int_equal(len, n - 1);
	/* The oldest rotated segments gave their fds back: text gone, said so. */
	assert_null(lstore_text(ls, lstore_count(ls) - 100, &len, &full));
	lstore_free(ls);
	assert_int_equal(count_fds(), before);
	ltree_free(tree);
	close(fd);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lstore_file),
		cmocka_unit_test(test_lstore_head),
		cmocka_unit_test(test_lstore_head_from),
		cmocka_unit_test(test_lstore_head_truncated),
		cmocka_unit_test(test_lstore_head_cancel),
		cmocka_unit_test(test_lstore_head_threads),
		cmocka_unit_test(test_lstore_hold),
		cmocka_unit_test(test_lstore_head_overflow),
		cmocka_unit_test(test_lstore_cap),
		cmocka_unit_test(test_lstore_segment_fds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
