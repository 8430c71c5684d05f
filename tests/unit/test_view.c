/* test_view.c: the filtered views (filters/view.c) over a record index. */
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

static const char text_b[] =
    "2024-01-02 03:04:02,000 - worker - WARNING - slow\n"
    "2024-01-02 03:04:04,000 - worker.tasks - INFO - done\n";


/* The ids a filter passes, record by record: what any rebuild must give. */
static size_t
brute_force(struct lstore *ls, struct filter *f, struct ltree *t,
    uint64_t *out)
{
	uint64_t		 id, full;
	const struct lrec	*r;
	const char		*text;
	size_t			 n = 0, len;

	for (id = lstore_first(ls); id < lstore_count(ls); id++) {
		r = lstore_get(ls, id);
		if (!filter_pass_meta(f, t, LREC_LEVEL(r), r->logger))
			continue;
		if (filter_needs_text(f) &&
		    (text = lstore_text(ls, id, &len, &full)) != NULL &&
		    !filter_pass_text(f, text, len))
			continue;
		out[n++] = id;
	}
	return n;
}

/*
 * The rebuild that searches many records' bytes at once gives exactly the
 * records a record-by-record test gives: includes, excludes, both, two
 * of each, case folding, patterns it must not search at once (anchors,
 * lookahead), over a file with CRLF lines, tracebacks, records without a
 * time, a record longer than LSTORE_MAXREC, a rotation (two segments) and
 * a truncation (lost text); and over kept text (stdin).
 */
static void
test_view_search_equivalence(void **state)
{
	static const char *const incs[][2] = {
		{ "payment", NULL }, { "KeyError", NULL }, { "order=\\d+7\\b", NULL },
		{ "PAYMENT", NULL }, { "payment", "amount" }, { "^2024", NULL },
		{ "x(?=\\n)", NULL }, { "zzz-none", NULL }, { "\\r", NULL },
		{ "\\d\\s+2024", NULL },	/* only across records */
		{ NULL, NULL },
	};
	static const char *const excs[][2] = {
		{ NULL, NULL }, { "DEBUG", NULL }, { "DEBUG", "Traceback" },
		{ "x$", NULL }, { "a.b", NULL }, { "\\d\\s+2024", NULL },
	};
	static const char *const loggers[] = { "app", "app.db", "app.api.v1",
	    "payments" };
	static const char *const levels[] = { "DEBUG", "INFO", "WARNING", "ERROR" };
	struct ltree	*tree = ltree_create();
	struct lstore	*ls[2];
	struct filter	 f;
	struct view	 v;
	char		 path[] = "/tmp/test_view_XXXXXX", *big;
	int		 fd = mkstemp(path), kind, a, b;
	FILE		*fp;
	uint64_t	*want, i, n;
	char		*cause = NULL, *all = NULL;
	size_t		 alen = 0, k, mid, t;

	assert_true(fd >= 0);
	fp = open_memstream(&all, &alen);
	for (i = 0; i < 30000; i++) {
		fprintf(fp, "2024-01-02 03:%02d:%02d,%03d - %s - %s - payment "
		    "order=%llu amount=%llu%s\n", (int)(i / 600) % 60,
		    (int)(i / 10) % 60, (int)(i % 1000), loggers[i % 4],
		    levels[(i * 7) % 4], (unsigned long long)(i * 13),
		    (unsigned long long)i, i % 5 == 0 ? "\r" : "");
		if (i % 97 == 5)
			fputs("Traceback (most recent call last):\n"
			    "KeyError: 'x'\n", fp);
		if (i % 331 == 7)
			fputs("WARNING:app.db:no time, payment x\n", fp);
		if (i == 15000) {	/* one record over LSTORE_MAXREC */
			big = malloc(LSTORE_MAXREC + 4096);
			memset(big, 'p', LSTORE_MAXREC + 4096);
			fprintf(fp, "2024-01-02 04:00:00,000 - app - INFO - ");
			fwrite(big, 1, LSTORE_MAXREC + 4096, fp);
			fputs(" payment KeyError\n", fp);	/* past the cap */
			free(big);
		}
	}
	fclose(fp);
	assert_int_equal(write(fd, all, alen), (ssize_t)alen);
	want = malloc(40000 * sizeof *want);

	mid = (size_t)((const char *)memrchr(all, '\n', alen / 2) - all) + 1;
	t = (size_t)((const char *)memrchr(all, '\n', 4096) - all) + 1;
	for (kind = 0; kind < 2; kind++) {
		ls[kind] = lstore_create(NULL, tree, NULL, kind, 0);
		lstore_segment(ls[kind], 0, fd, 0);
		if (kind == 0) {
			/*
			 * A file: its first half, then (a rotation) a second
			 * segment with the same bytes again, then a third one
			 * that is truncated: its text is lost.
			 */
			lstore_feed(ls[kind], all, mid, 0);
			lstore_segment(ls[kind], alen, fd, 0);
			lstore_feed(ls[kind], all, mid, alen);
			lstore_segment(ls[kind], alen + mid, fd, 0);
			lstore_feed(ls[kind], all, t, alen + mid);
			lstore_segment(ls[kind], alen + mid + t, fd, 1);
		} else {
			/* Kept text (stdin), in two reads. */
			lstore_feed(ls[kind], all, mid, 0);
			lstore_feed(ls[kind], all + mid, alen - mid, mid);
		}
		for (a = 0; a < (int)(sizeof incs / sizeof incs[0]); a++) {
			for (b = 0; b < (int)(sizeof excs / sizeof excs[0]); b++) {
				filter_init(&f);
				for (k = 0; k < 2; k++) {
					if (incs[a][k] != NULL)
						assert_int_equal(filter_add_include(&f,
						    incs[a][k], &cause), 0);
					if (excs[b][k] != NULL)
						assert_int_equal(filter_add_exclude(&f,
						    excs[b][k], &cause), 0);
				}
				filter_set_levels(&f, LEVEL_MASK_ALL &
				    ~LEVEL_BIT(LEVEL_WARNING));
				view_init(&v, &ls[kind], 1, &f, tree);
				while (view_update(&v, 1))
					;
				n = brute_force(ls[kind], &f, tree, want);
				assert_int_equal(view_count(&v), n);
				for (i = 0; i < n; i++)
					assert_true(VIEW_ENT_ID(view_entry(&v,
					    (size_t)i)) == want[i]);
				view_free(&v);
				filter_free(&f);
			}
		}
		lstore_free(ls[kind]);
	}
	free(want);
	free(all);
	ltree_free(tree);
	close(fd);
	unlink(path);
}

/* Views: level and logger filters, regex over the whole record, rebuild, merge order. */
static void
test_view_filters(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*st[2];
	struct filter	 f, fm;
	struct view	 v, vm;
	char		 pa[64], pb[64], *cause = NULL;
	int		 fa = file_with(text_a, pa), fb = file_with(text_b, pb);
	size_t		 i;

	st[0] = lstore_create(NULL, tree, NULL, 0, 0);
	st[1] = lstore_create(NULL, tree, NULL, 0, 0);
	lstore_segment(st[0], 0, fa, 0);
	lstore_segment(st[1], 0, fb, 0);
	lstore_feed(st[0], text_a, strlen(text_a), 0);
	lstore_feed(st[1], text_b, strlen(text_b), 0);

	filter_init(&f);
	view_init(&v, st, 1, &f, tree);
	while (view_update(&v, 0))
		;
	assert_int_equal(view_count(&v), 3);
	filter_set_levels(&f, LEVEL_BIT(LEVEL_ERROR) | LEVEL_BIT(LEVEL_DEBUG));
	while (view_update(&v, 0))
		;
	assert_int_equal(view_count(&v), 2);
	assert_int_equal(filter_add_include(&f, "keyerror", &cause), 0);
	while (view_update(&v, 0))
		;
	assert_int_equal(view_count(&v), 1);	/* found in the traceback */
	assert_int_equal(VIEW_ENT_ID(view_entry(&v, 0)), 1);
	filter_clear_regex(&f);
	filter_set_levels(&f, LEVEL_MASK_ALL);
	lsel_set(f.lsel, ltree_intern(tree, "sqlalchemy", 10), LSEL_HIDE);
	filter_touch(&f);
	while (view_update(&v, 0))
		;
	assert_int_equal(view_count(&v), 2);

	/* Merged: all records of both stores by time. */
	filter_init(&fm);
	view_init(&vm, st, 2, &fm, tree);
	while (view_update(&vm, 0))
		;
	assert_int_equal(view_count(&vm), 5);
	for (i = 1; i < view_count(&vm); i++)
		assert_true(view_time(&vm, view_entry(&vm, i - 1)) <=
		    view_time(&vm, view_entry(&vm, i)));
	assert_int_equal(VIEW_ENT_STORE(view_entry(&vm, 1)), 1);
	/* An appended record lands at its place in time. */
	{
		const char	add[] = "2024-01-02 03:04:04,500 - worker - ERROR - x\n";

		lstore_feed(st[1], add, strlen(add), strlen(text_b));
		while (view_update(&vm, 0))
			;
		assert_int_equal(view_count(&vm), 6);
		assert_int_equal(VIEW_ENT_STORE(view_entry(&vm, 4)), 1);
		assert_int_equal(VIEW_ENT_STORE(view_entry(&vm, 5)), 0);
	}
	view_free(&v);
	view_free(&vm);
	filter_free(&f);
	filter_free(&fm);
	lstore_free(st[0]);
	lstore_free(st[1]);
	ltree_free(tree);
	close(fa);
	close(fb);
	unlink(pa);
	unlink(pb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_view_search_equivalence),
		cmocka_unit_test(test_view_filters),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
