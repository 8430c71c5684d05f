/*
 * test_runs.c: collapsed logger subtrees (filters/runs.c) against a
 * reference computed from the log text itself: for every view index, the
 * run holding it (bounds, record count, counts per level, times), across
 * filters, a WARNING breaking a run, records appended to an open run, a
 * nested subtree, and Enter's expand / fold.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "filters/filter.h"
#include "filters/runs.h"
#include "filters/view.h"
#include "model/lstore.h"
#include "model/ltree.h"
#include "parsers/level.h"

#define NREC	400

struct ref {
	char	logger[32];
	int	level;
	int	second;		/* time: second of the minute, then ms */
	int	ms;
};

static const char *const loggers[] = { "sqlalchemy.engine.Engine",
    "sqlalchemy.pool", "sqlalchemy", "app.api", "app.db", "urllib3",
    "sqlalchemyx" };
static const int levels[] = { LEVEL_DEBUG, LEVEL_INFO, LEVEL_WARNING,
    LEVEL_ERROR };

/* Make a log of n records (runs of one logger of random length) into buf. */
static size_t
make_log(struct ref *refs, size_t n, char *buf, size_t size, unsigned seed)
{
	size_t	len = 0, i;
	int	lg = 0, left = 0, lv;

	srand(seed);
	for (i = 0; i < n; i++) {
		if (left-- <= 0) {
			lg = rand() % 7;
			left = rand() % 12;
		}
		lv = rand() % 10 == 0 ? levels[2 + rand() % 2] :
		    levels[rand() % 2];
		snprintf(refs[i].logger, sizeof refs[i].logger, "%s", loggers[lg]);
		refs[i].level = lv;
		refs[i].second = (int)(i / 100);
		refs[i].ms = (int)(i % 100) * 10;
		len += (size_t)snprintf(buf + len, size - len,
		    "2024-01-02 03:04:%02d,%03d - %s - %s - message %zu\n",
		    refs[i].second, refs[i].ms, refs[i].logger,
		    level_name((enum level)lv), i);
		if (i % 7 == 3)	/* a continuation line now and then */
			len += (size_t)snprintf(buf + len, size - len,
			    "  detail line of %zu\n", i);
	}
	return len;
}

/* Reference: is logger name under root (root itself or a dotted child)? */
static int
under(const char *name, const char *root)
{
	size_t	n = strlen(root);

	return strncmp(name, root, n) == 0 && (name[n] == '\0' || name[n] == '.');
}

/* Reference class of a record: index + 1 of the deepest root holding it, or 0. */
static int
ref_class(const struct ref *r, const char **roots, size_t nroots, int keep)
{
	size_t	i;
	int	best = 0;
	size_t	bestlen = 0;

	if (r->level >= keep)
		return 0;
	for (i = 0; i < nroots; i++)
		if (under(r->logger, roots[i]) && strlen(roots[i]) >= bestlen) {
			best = (int)i + 1;
			bestlen = strlen(roots[i]);
		}
	return best;
}

/*
 * Check runs_at at every view index against the reference over the view's
 * records (the view's entries map to refs by record id).
 */
static void
check_all(struct runs *rs, struct view *v, const struct ref *refs,
    const char **roots, size_t nroots, int keep)
{
	size_t		 n = view_count(v), i, j, first, last;
	struct run	 run;
	int		 cls, got;
	uint64_t	 lv[LEVEL_COUNT];

	for (i = 0; i < n; i++) {
		const struct ref *r = &refs[VIEW_ENT_ID(view_entry(v, i))];

		cls = ref_class(r, roots, nroots, keep);
		got = runs_at(rs, v, i, &run);
		assert_int_equal(got, cls != 0);
		if (!got)
			continue;
		for (first = i; first > 0 && ref_class(&refs[VIEW_ENT_ID(
		    view_entry(v, first - 1))], roots, nroots, keep) == cls;
		    first--)
			;
		for (last = i; last + 1 < n && ref_class(&refs[VIEW_ENT_ID(
		    view_entry(v, last + 1))], roots, nroots, keep) == cls;
		    last++)
			;
		assert_int_equal(run.first, first);
		assert_int_equal(run.last, last);
		assert_int_equal(run.n, last - first + 1);
		memset(lv, 0, sizeof lv);
		for (j = first; j <= last; j++)
			lv[refs[VIEW_ENT_ID(view_entry(v, j))].level]++;
		for (j = 0; j < LEVEL_COUNT; j++)
			assert_int_equal(run.levels[j], lv[j]);
		assert_int_equal(run.t0 % 60000, (int64_t)refs[VIEW_ENT_ID(
		    view_entry(v, first))].second * 1000 + refs[VIEW_ENT_ID(
		    view_entry(v, first))].ms);
		assert_int_equal(run.t1 % 60000, (int64_t)refs[VIEW_ENT_ID(
		    view_entry(v, last))].second * 1000 + refs[VIEW_ENT_ID(
		    view_entry(v, last))].ms);
		{
			size_t		nl;
			const char	*name = ltree_name(rs->tree, run.root, &nl);

			assert_string_equal(name, roots[cls - 1]);
		}
	}
}

static void
update(struct view *v)
{
	while (view_update(v, 0))
		;
}

static void
test_runs_reference(void **state)
{
	static struct ref	 refs[NREC];
	static char		 buf[NREC * 120];
	struct ltree		*tree = ltree_create();
	struct lstore		*st[1];
	struct filter		 f;
	struct view		 v;
	struct runs		 rs;
	const char		*roots[2] = { "sqlalchemy", "app" };
	size_t			 len, half, cut;
	unsigned		 seed;

	(void)state;
	for (seed = 1; seed <= 4; seed++) {
		len = make_log(refs, NREC, buf, sizeof buf, seed);
		st[0] = lstore_create(NULL, tree, NULL, 1, 0);
		/* The first half now, the rest appended below (live). */
		half = len / 2;
		cut = (size_t)((const char *)memchr(buf + half, '\n',
		    len - half) - buf) + 1;
		while (cut < len && buf[cut] == ' ')	/* whole records */
			cut = (size_t)((const char *)memchr(buf + cut, '\n',
			    len - cut) - buf) + 1;
		lstore_feed(st[0], buf, cut, 0);
		filter_init(&f);
		view_init(&v, st, 1, &f, tree);
		update(&v);
		runs_init(&rs, tree);
		assert_int_equal(runs_at(&rs, &v, 0, &(struct run){ 0 }), 0);
		runs_set(&rs, ltree_intern(tree, "sqlalchemy", 10), 1);
		check_all(&rs, &v, refs, roots, 1, LEVEL_WARNING);

		/* Appended records join the run open at the end. */
		lstore_feed(st[0], buf + cut, len - cut, cut);
		update(&v);
		assert_int_equal(view_count(&v), NREC);
		check_all(&rs, &v, refs, roots, 1, LEVEL_WARNING);

		/* Two subtrees; runs of each break at the other. */
		runs_set(&rs, ltree_intern(tree, "app", 3), 1);
		check_all(&rs, &v, refs, roots, 2, LEVEL_WARNING);

		/* A level filter: runs are consecutive in the view. */
		filter_set_levels(&f, LEVEL_BIT(LEVEL_DEBUG) |
		    LEVEL_BIT(LEVEL_WARNING) | LEVEL_BIT(LEVEL_ERROR));
		update(&v);
		check_all(&rs, &v, refs, roots, 2, LEVEL_WARNING);

		/* keep = ERROR: a WARNING is folded now. */
		runs_set_keep(&rs, LEVEL_ERROR);
		check_all(&rs, &v, refs, roots, 2, LEVEL_ERROR);

		/* Unfolding a subtree. */
		runs_set(&rs, ltree_intern(tree, "app", 3), 0);
		check_all(&rs, &v, refs, roots, 1, LEVEL_ERROR);

		runs_free(&rs);
		view_free(&v);
		filter_free(&f);
		lstore_free(st[0]);
	}
	ltree_free(tree);
}

/* A nested collapsed subtree takes its records from its parent's runs. */
static void
test_runs_nested(void **state)
{
	static const char text[] =
	    "2024-01-02 03:04:01,000 - sqlalchemy.engine - DEBUG - a\n"
	    "2024-01-02 03:04:02,000 - sqlalchemy.pool - DEBUG - b\n"
	    "2024-01-02 03:04:03,000 - sqlalchemy.engine.Engine - INFO - c\n"
	    "2024-01-02 03:04:04,000 - sqlalchemy.engine - WARNING - d\n"
	    "2024-01-02 03:04:05,000 - sqlalchemy.engine - DEBUG - e\n";
	struct ltree	*tree = ltree_create();
	struct lstore	*st[1];
	struct filter	 f;
	struct view	 v;
	struct runs	 rs;
	struct run	 run;
	char		 sum[256];

	(void)state;
	st[0] = lstore_create(NULL, tree, NULL, 1, 0);
	lstore_feed(st[0], text, strlen(text), 0);
	filter_init(&f);
	view_init(&v, st, 1, &f, tree);
	update(&v);
	runs_init(&rs, tree);
	runs_set(&rs, ltree_intern(tree, "sqlalchemy", 10), 1);
	assert_int_equal(runs_at(&rs, &v, 1, &run), 1);
	assert_int_equal(run.first, 0);
	assert_int_equal(run.last, 2);
	runs_summary(&rs, &run, sum, sizeof sum);
	assert_string_equal(sum, "\xc2\xb7\xc2\xb7\xc2\xb7 sqlalchemy.*  3 records"
	    "  INFO 1 DEBUG 2  03:04:01.000-03:04:03.000");
	assert_int_equal(runs_at(&rs, &v, 3, &run), 0);	/* the WARNING */
	assert_int_equal(runs_at(&rs, &v, 4, &run), 1);
	runs_summary(&rs, &run, sum, sizeof sum);
	assert_string_equal(sum, "\xc2\xb7\xc2\xb7\xc2\xb7 sqlalchemy.*  1 record"
	    "  DEBUG 1  03:04:05.000");
	/* sqlalchemy.engine too: the deepest collapsed subtree names a run. */
	runs_set(&rs, ltree_intern(tree, "sqlalchemy.engine", 17), 1);
	assert_int_equal(runs_at(&rs, &v, 0, &run), 1);
	assert_int_equal(run.last, 0);
	assert_int_equal(runs_at(&rs, &v, 1, &run), 1);
	assert_int_equal(run.first, 1);
	assert_int_equal(run.last, 1);
	assert_int_equal(runs_at(&rs, &v, 2, &run), 1);
	assert_int_equal(run.first, 2);
	/* Enter: expanded, then folded again. */
	assert_int_equal(run.expanded, 0);
	runs_toggle(&rs, &run);
	assert_int_equal(runs_at(&rs, &v, 2, &run), 1);
	assert_int_equal(run.expanded, 1);
	runs_toggle(&rs, &run);
	assert_int_equal(runs_at(&rs, &v, 2, &run), 1);
	assert_int_equal(run.expanded, 0);
	assert_int_equal(runs_is_root(&rs, ltree_lookup(tree, "sqlalchemy", 10)), 1);
	assert_int_equal(runs_set(&rs, ltree_lookup(tree, "sqlalchemy", 10), 1), 0);
	runs_free(&rs);
	view_free(&v);
	filter_free(&f);
	lstore_free(st[0]);
	ltree_free(tree);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_runs_reference),
		cmocka_unit_test(test_runs_nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
