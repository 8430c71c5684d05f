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

/* The entries of a view, rebuilt to the end in slices of ms. */
static size_t
view_run(struct lstore **ls, size_t nls, struct filter *f, struct ltree *t,
    int threads, uint64_t chunk, uint64_t *out, const uint64_t *want,
    size_t nwant)
{
	struct view	v;
	size_t		n, i, c;

	view_init(&v, ls, nls, f, t);
	v.threads = threads;
	v.chunk = chunk;
	while (view_update(&v, 1)) {
		/* Mid-way: the bottom is right, the top fills in. */
		if (want != NULL) {
			c = view_count(&v);
			assert_true(c <= nwant);
			for (i = 0; i < c; i++)
				assert_true(view_entry(&v, i) ==
				    want[nwant - c + i]);
		}
	}
	n = view_count(&v);
	for (i = 0; i < n; i++)
		out[i] = view_entry(&v, i);
	view_free(&v);
	return n;
}

/* A file store of text (one segment, or two: a rotation at `rot`). */
static struct lstore *
file_store(struct ltree *tree, int fd, const char *text, size_t len,
    size_t rot)
{
	struct lstore	*ls = lstore_create(NULL, tree, NULL, 0, 0);

	lstore_segment(ls, 0, fd, 0);
	if (rot == 0) {
		lstore_feed(ls, text, len, 0);
		return ls;
	}
	lstore_feed(ls, text, rot, 0);
	lstore_segment(ls, rot, fd, 0);	/* the same file again: a rotation */
	lstore_feed(ls, text + rot, len - rot, rot);
	return ls;
}

/* A log for the threaded tests: CRLF, tracebacks, Unicode, bad UTF-8, a huge record. */
static char *
threads_log(size_t nrec, size_t huge_at, size_t *len)
{
	static const char *const loggers[] = { "app", "app.db", "app.api.v1",
	    "payments", "caf\xc3\xa9" };
	static const char *const levels[] = { "DEBUG", "INFO", "WARNING",
	    "ERROR" };
	static const char *const msgs[] = { "payment ok", "timeout after 3s",
	    "connection refused", "caf\xc3\xa9 cr\xc3\xa8me \xce\xb1\xce\xb2\xce\xb3",
	    "bad \xff\xfe bytes \xc3", "Payment PAYMENT", "x", "", "111 222 333",
	    "amount=100 order=7" };
	FILE	*fp;
	char	*all = NULL, *big;
	size_t	 i;

	fp = open_memstream(&all, len);
	for (i = 0; i < nrec; i++) {
		fprintf(fp, "2024-01-02 03:%02d:%02d,%03d - %s - %s - %s n=%zu%s\n",
		    (int)(i / 600) % 60, (int)(i / 10) % 60, (int)(i % 1000),
		    loggers[i % 5], levels[(i * 7) % 4], msgs[(i * 3) % 10], i,
		    i % 5 == 0 ? "\r" : "");
		if (i % 13 == 5)
			fputs("Traceback (most recent call last):\r\n"
			    "  File \"x.py\", line 1\n"
			    "KeyError: 'caf\xc3\xa9'\n", fp);
		if (i % 31 == 7)
			fputs("WARNING:app.db:no time, payment x\n", fp);
		if (i % 47 == 3)
			fputs("\n", fp);
		if (i == huge_at) {	/* one record over LSTORE_MAXREC */
			big = malloc(LSTORE_MAXREC + 4096);
			memset(big, 'p', LSTORE_MAXREC + 4096);
			fprintf(fp, "2024-01-02 04:00:00,000 - app - ERROR - ");
			fwrite(big, 1, LSTORE_MAXREC + 4096, fp);
			fputs(" payment KeyError\n", fp);	/* past the cap */
			free(big);
		}
	}
	fclose(fp);
	return all;
}

/*
 * The rebuild on worker threads gives the one-thread result entry by
 * entry (and the record-by-record one), in every slice a bottom part of
 * it, for many regexes (literals, alternations, classes, case folding,
 * Unicode, lookarounds, anchors, backrefs, empty matches, excludes, with
 * levels and loggers), over chunks of 1, 7 and 1000 records and the
 * default cut, on one segment and across a rotation.
 */
static void
test_view_threads_equivalence(void **state)
{
	static const char *const incs[][2] = {
		{ NULL, NULL }, { "payment", NULL }, { "KeyError", NULL },
		{ "KeyError|Traceback|refused", NULL }, { "PAYMENT", NULL },
		{ "(?i)keyERROR", NULL }, { "order=\\d+7\\b", NULL },
		{ "[A-Z]{5,}", NULL }, { "caf\xc3\xa9", NULL },
		{ "\\p{Greek}+", NULL }, { "cr.me", NULL }, { "\xff", NULL },
		{ "x(?=\\n)", NULL }, { "(?<=amount=)1\\d*", NULL },
		{ "payment(?! ok)", NULL }, { "^2024", NULL },
		{ "refused n=\\d+$", NULL }, { "\\Atimeout", NULL },
		{ "(\\d)\\1\\1", NULL }, { "", NULL }, { "x*", NULL },
		{ "(?:)", NULL }, { "\\r", NULL }, { "\\d\\s+2024", NULL },
		{ "payment", "n=\\d*3\\b" }, { "zzz-none", NULL },
	};
	static const char *const excs[][2] = {
		{ NULL, NULL }, { "DEBUG", NULL }, { "DEBUG", "Traceback" },
		{ "x$", NULL }, { "^2024", NULL },
	};
	static const uint64_t chunks[] = { 1, 7, 1000, 0 };
	struct ltree	*tree = ltree_create();
	struct lstore	*ls[2];
	struct filter	 f;
	char		 path[] = "/tmp/test_view_XXXXXX", *cause = NULL, *all;
	int		 fd = mkstemp(path), kind, a, b, lv;
	uint64_t	*want, *one, *got, und1, und2;
	size_t		 alen, nwant, n1, n2, c, i, k;

	assert_true(fd >= 0);
	all = threads_log(3000, 1500, &alen);
	assert_int_equal(write(fd, all, alen), (ssize_t)alen);
	want = malloc(8000 * sizeof *want);
	one = malloc(8000 * sizeof *one);
	got = malloc(8000 * sizeof *got);
	ls[0] = file_store(tree, fd, all, alen, 0);
	ls[1] = file_store(tree, fd, all, alen, (size_t)((const char *)
	    memchr(all + alen / 3, '\n', alen) - all) + 1);
	for (kind = 0; kind < 2; kind++)
	for (a = 0; a < (int)(sizeof incs / sizeof incs[0]); a++)
	for (b = 0; b < (int)(sizeof excs / sizeof excs[0]); b++)
	for (lv = 0; lv < 2; lv++) {
		if (a == 0 && b == 0 && lv == 0)
			continue;	/* everything: no rebuild at all */
		/* Every include and every exclude, alone and with levels; pairs of the first few. */
		if (a != 0 && b != 0 && (a > 5 || lv == 1 || kind == 1))
			continue;
		filter_init(&f);
		for (k = 0; k < 2; k++) {
			if (incs[a][k] != NULL)
				assert_int_equal(filter_add_include(&f,
				    incs[a][k], &cause), 0);
			if (excs[b][k] != NULL)
				assert_int_equal(filter_add_exclude(&f,
				    excs[b][k], &cause), 0);
		}
		if (lv == 1) {
			filter_set_levels(&f, LEVEL_MASK_ALL &
			    ~LEVEL_BIT(LEVEL_WARNING));
			lsel_set(f.lsel, ltree_intern(tree, "app.db", 6),
			    LSEL_HIDE);
			filter_touch(&f);
		}
		nwant = brute_force(ls[kind], &f, tree, want);
		f.undecided = 0;
		n1 = view_run(&ls[kind], 1, &f, tree, VIEW_THREADS_ONE, 0,
		    one, NULL, 0);
		und1 = f.undecided;
		assert_int_equal(n1, nwant);
		for (i = 0; i < n1; i++)
			assert_true(VIEW_ENT_ID(one[i]) == want[i]);
		/* Chunks of one record: for the first few only (slow). */
		for (c = kind == 1 || a > 5 || b > 1; c < sizeof chunks /
		    sizeof chunks[0]; c++) {
			f.undecided = 0;
			n2 = view_run(&ls[kind], 1, &f, tree,
			    VIEW_THREADS_FORCE, chunks[c], got, one, n1);
			und2 = f.undecided;
			assert_int_equal(n2, n1);
			assert_memory_equal(got, one, n1 * sizeof *one);
			assert_true(und1 == und2);
		}
		filter_free(&f);
	}
	lstore_free(ls[0]);
	lstore_free(ls[1]);
	free(want);
	free(one);
	free(got);
	free(all);
	ltree_free(tree);
	close(fd);
	unlink(path);
}

/*
 * While workers run: the filter changes (they are cancelled, the result
 * is the new filter's), records are appended past the array's room (the
 * snapshot's array stays where it was), the file is truncated (records
 * marked lost in a copy), the pane closes mid-way (joined, nothing
 * leaks: the sanitizer build says so).
 */
static void
test_view_threads_cancel(void **state)
{
	struct ltree	*tree = ltree_create();
	struct lstore	*ls;
	struct filter	 f;
	struct view	 v;
	char		 path[] = "/tmp/test_view_XXXXXX", *cause = NULL, *all;
	int		 fd = mkstemp(path);
	uint64_t	*want, *got, *one;
	size_t		 alen, part, n, i, round;

	assert_true(fd >= 0);
	all = threads_log(60000, 0, &alen);
	assert_int_equal(write(fd, all, alen), (ssize_t)alen);
	part = (size_t)((const char *)memchr(all + alen / 2, '\n', alen) -
	    all) + 1;
	want = malloc(200000 * sizeof *want);
	got = malloc(200000 * sizeof *got);
	one = malloc(200000 * sizeof *one);

	for (round = 0; round < 3; round++) {
		ls = file_store(tree, fd, all, part, 0);
		filter_init(&f);
		assert_int_equal(filter_add_include(&f, "payment|refused",
		    &cause), 0);
		view_init(&v, &ls, 1, &f, tree);
		v.threads = VIEW_THREADS_FORCE;
		v.chunk = 64;
		assert_int_equal(view_update(&v, 1) || 1, 1);
		if (round == 0) {
			/* A new filter while the workers run. */
			filter_clear_regex(&f);
			assert_int_equal(filter_add_include(&f, "KeyError",
			    &cause), 0);
			filter_toggle_level(&f, LEVEL_DEBUG);
			while (view_update(&v, 1))
				;
			n = brute_force(ls, &f, tree, want);
			assert_int_equal(view_count(&v), n);
			for (i = 0; i < n; i++)
				assert_true(VIEW_ENT_ID(view_entry(&v, i)) ==
				    want[i]);
		} else if (round == 1) {
			/* Appends: the record array outgrows its room. */
			lstore_feed(ls, all + part, alen - part, part);
			while (view_update(&v, 1))
				;
			n = brute_force(ls, &f, tree, want);
			assert_int_equal(view_count(&v), n);
			for (i = 0; i < n; i++)
				assert_true(VIEW_ENT_ID(view_entry(&v, i)) ==
				    want[i]);
			/* And the same again on one thread. */
			v.threads = VIEW_THREADS_ONE;
			filter_touch(&f);
			while (view_update(&v, 0))
				;
			assert_int_equal(view_count(&v), n);
			view_free(&v);
			view_init(&v, &ls, 1, &f, tree);
			v.threads = VIEW_THREADS_FORCE;
			v.chunk = 64;
			view_update(&v, 1);	/* the pane closes mid-way */
		} else {
			/* Truncated meanwhile: lost records, no race. */
			lstore_segment(ls, part, fd, 1);
			while (view_update(&v, 1))
				;
			assert_true(view_count(&v) > 0);
		}
		view_free(&v);
		filter_free(&f);
		lstore_free(ls);
	}
	(void)one;
	free(want);
	free(got);
	free(one);
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
		cmocka_unit_test(test_view_threads_equivalence),
		cmocka_unit_test(test_view_threads_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
