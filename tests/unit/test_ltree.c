/* test_ltree.c: logger tree, counts and selections. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "model/ltree.h"

/* Intern a NUL-terminated name. */
static uint32_t
in(struct ltree *t, const char *name)
{
	return ltree_intern(t, name, strlen(name));
}

/* Look up a NUL-terminated name. */
static uint32_t
look(struct ltree *t, const char *name)
{
	return ltree_lookup(t, name, strlen(name));
}

static void
test_ancestors(void **state)
{
	struct ltree	*t = ltree_create();
	uint32_t	 abc, a, ab;
	size_t		 len;
	const char	*s;

	(void)state;
	assert_int_equal(ltree_count_nodes(t), 1);
	assert_int_equal(in(t, ""), LTREE_ROOT);
	abc = in(t, "a.b.c");
	assert_int_equal(ltree_count_nodes(t), 4);
	a = look(t, "a");
	ab = look(t, "a.b");
	assert_int_equal(a, 1);
	assert_int_equal(ab, 2);
	assert_int_equal(abc, 3);
	assert_int_equal(ltree_parent(t, abc), ab);
	assert_int_equal(ltree_parent(t, ab), a);
	assert_int_equal(ltree_parent(t, a), LTREE_ROOT);
	assert_int_equal(ltree_parent(t, LTREE_ROOT), UINT32_MAX);
	assert_int_equal(ltree_depth(t, abc), 3);
	assert_int_equal(ltree_depth(t, LTREE_ROOT), 0);
	s = ltree_name(t, abc, &len);
	assert_int_equal(len, 5);
	assert_string_equal(s, "a.b.c");
	s = ltree_leaf(t, abc, &len);
	assert_int_equal(len, 1);
	assert_memory_equal(s, "c", 1);
	s = ltree_name(t, LTREE_ROOT, &len);
	assert_int_equal(len, 0);
	assert_string_equal(s, "");
	/* Stable ids: interning again changes nothing. */
	assert_int_equal(in(t, "a.b.c"), abc);
	assert_int_equal(in(t, "a.b"), ab);
	assert_int_equal(in(t, "a.b.d"), 4);
	assert_int_equal(in(t, "x"), 5);
	assert_int_equal(ltree_count_nodes(t), 6);
	assert_int_equal(look(t, "nope"), UINT32_MAX);
	assert_int_equal(look(t, "a.b.c.d"), UINT32_MAX);
	ltree_free(t);
}

static void
test_odd_names(void **state)
{
	struct ltree	*t = ltree_create();
	uint32_t	 id, p;
	size_t		 len;
	const char	*s;
	char		 big[5000];

	(void)state;
	/* Empty components and leading / trailing dots do not crash. */
	id = in(t, "a..b");
	p = ltree_parent(t, id);
	assert_string_equal(ltree_name(t, p, NULL), "a.");
	ltree_leaf(t, p, &len);
	assert_int_equal(len, 0);
	assert_string_equal(ltree_name(t, ltree_parent(t, p), NULL), "a");
	id = in(t, ".x");
	assert_int_equal(ltree_parent(t, id), LTREE_ROOT);
	s = ltree_leaf(t, id, &len);
	assert_int_equal(len, 2);
	assert_memory_equal(s, ".x", 2);
	id = in(t, "y.");
	assert_string_equal(ltree_name(t, ltree_parent(t, id), NULL), "y");
	in(t, ".");
	in(t, "..");
	in(t, "...");
	/* Any byte: NUL, control, invalid UTF-8. */
	id = ltree_intern(t, "n\0l.\x1b\xff", 6);
	s = ltree_name(t, id, &len);
	assert_int_equal(len, 6);
	assert_memory_equal(s, "n\0l.\x1b\xff", 6);
	assert_int_equal(ltree_lookup(t, "n\0l", 3), ltree_parent(t, id));
	assert_int_equal(ltree_lookup(t, "n", 1), UINT32_MAX);
	/* Very long and very deep names are bounded. */
	memset(big, '.', sizeof big);
	id = ltree_intern(t, big, sizeof big);
	assert_true(ltree_depth(t, id) <= 65);
	memset(big, 'q', sizeof big);
	id = ltree_intern(t, big, sizeof big);
	assert_int_equal(ltree_intern(t, big, sizeof big - 1), id);
	ltree_free(t);
}

static void
test_subtree(void **state)
{
	struct ltree	*t = ltree_create();
	uint32_t	 app, appdb, other, appother;

	(void)state;
	appdb = in(t, "app.db");
	app = look(t, "app");
	other = in(t, "appother");
	appother = in(t, "app.other.x");
	assert_true(ltree_in_subtree(t, app, app));
	assert_true(ltree_in_subtree(t, appdb, app));
	assert_true(ltree_in_subtree(t, appother, app));
	/* NAME matches NAME and NAME.*, never NAMEother. */
	assert_false(ltree_in_subtree(t, other, app));
	assert_false(ltree_in_subtree(t, app, appdb));
	assert_true(ltree_in_subtree(t, other, LTREE_ROOT));
	assert_true(ltree_in_subtree(t, LTREE_ROOT, LTREE_ROOT));
	assert_false(ltree_in_subtree(t, LTREE_ROOT, app));
	ltree_free(t);
}

static void
test_children_order(void **state)
{
	struct ltree	*t = ltree_create();
	const char	*names[] = { "b", "a.z", "c", "a.b", "ab", "a.a", "a" };
	const char	*want_root[] = { "a", "ab", "b", "c" };
	const char	*want_a[] = { "a.a", "a.b", "a.z" };
	uint32_t	 c;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		in(t, names[i]);
	i = 0;
	for (c = ltree_first_child(t, LTREE_ROOT); c != UINT32_MAX;
	    c = ltree_next_sibling(t, c))
		assert_string_equal(ltree_name(t, c, NULL), want_root[i++]);
	assert_int_equal(i, 4);
	/* New children merge into the sorted list. */
	in(t, "a.m");
	in(t, "a.0");
	i = 0;
	for (c = ltree_first_child(t, look(t, "a")); c != UINT32_MAX;
	    c = ltree_next_sibling(t, c)) {
		if (i == 0)
			assert_string_equal(ltree_name(t, c, NULL), "a.0");
		else if (i == 3)
			assert_string_equal(ltree_name(t, c, NULL), "a.m");
		else
			assert_string_equal(ltree_name(t, c, NULL),
			    want_a[i < 3 ? i - 1 : i - 2]);
		i++;
	}
	assert_int_equal(i, 5);
	assert_int_equal(ltree_first_child(t, look(t, "a.a")), UINT32_MAX);
	ltree_free(t);
}

static void
test_counts(void **state)
{
	struct ltree	*t = ltree_create();
	struct lcounts	 lc;
	uint32_t	 a, ab, abc, x;

	(void)state;
	lcounts_init(&lc);
	abc = in(t, "a.b.c");
	ab = look(t, "a.b");
	a = look(t, "a");
	lcounts_add(&lc, t, abc, LEVEL_ERROR);
	lcounts_add(&lc, t, abc, LEVEL_INFO);
	lcounts_add(&lc, t, ab, LEVEL_INFO);
	lcounts_add(&lc, t, LTREE_ROOT, LEVEL_NONE);
	x = in(t, "x");		/* a node created after counting began */
	lcounts_add(&lc, t, x, LEVEL_WARNING);
	assert_int_equal(lc.self[abc][LEVEL_ERROR], 1);
	assert_int_equal(lc.self[ab][LEVEL_INFO], 1);
	assert_int_equal(lcounts_total(lc.self[a]), 0);
	assert_int_equal(lc.sub[a][LEVEL_INFO], 2);
	assert_int_equal(lc.sub[a][LEVEL_ERROR], 1);
	assert_int_equal(lcounts_total(lc.sub[ab]), 3);
	assert_int_equal(lcounts_total(lc.sub[LTREE_ROOT]), 5);
	assert_int_equal(lcounts_total(lc.self[LTREE_ROOT]), 1);
	assert_int_equal(lc.sub[LTREE_ROOT][LEVEL_WARNING], 1);
	lcounts_clear(&lc);
	assert_int_equal(lcounts_total(lc.sub[LTREE_ROOT]), 0);
	lcounts_free(&lc);
	ltree_free(t);
}

static void
test_lsel(void **state)
{
	struct ltree	*t = ltree_create();
	struct lsel	*ls = lsel_create(), *cp;
	uint32_t	 a, ab, abc, b, sq, sqe;
	uint64_t	 g;

	(void)state;
	abc = in(t, "a.b.c");
	ab = look(t, "a.b");
	a = look(t, "a");
	b = in(t, "b");
	sqe = in(t, "sqlalchemy.engine");
	sq = look(t, "sqlalchemy");
	assert_true(lsel_empty(ls));
	assert_true(lsel_visible(ls, t, abc));
	assert_true(lsel_visible(ls, t, LTREE_ROOT));

	/* HIDE a subtree. */
	g = lsel_generation(ls);
	lsel_set(ls, sq, LSEL_HIDE);
	assert_true(lsel_generation(ls) > g);
	assert_false(lsel_empty(ls));
	assert_false(lsel_visible(ls, t, sq));
	assert_false(lsel_visible(ls, t, sqe));
	assert_true(lsel_visible(ls, t, a));
	assert_true(lsel_visible(ls, t, LTREE_ROOT));
	/* A node created later inherits from its (cached) parent. */
	assert_false(lsel_visible(ls, t, in(t, "sqlalchemy.pool.x")));
	assert_true(lsel_visible(ls, t, in(t, "sqlalchemyother")));
	/* Deepest mark wins: a shown child of a hidden parent. */
	lsel_set(ls, sqe, LSEL_SHOW);
	assert_true(lsel_visible(ls, t, sqe));
	assert_false(lsel_visible(ls, t, sq));
	g = lsel_generation(ls);
	lsel_set(ls, sqe, LSEL_SHOW);	/* no change, no bump */
	assert_int_equal(lsel_generation(ls), g);
	assert_int_equal(lsel_get(ls, sqe), LSEL_SHOW);
	assert_int_equal(lsel_get(ls, 99999), LSEL_INHERIT);

	/* ONLY: just those subtrees, minus deeper HIDEs. */
	lsel_reset(ls);
	assert_true(lsel_empty(ls));
	assert_true(lsel_visible(ls, t, sq));
	lsel_set(ls, a, LSEL_ONLY);
	assert_true(lsel_visible(ls, t, a));
	assert_true(lsel_visible(ls, t, abc));
	assert_false(lsel_visible(ls, t, b));
	assert_false(lsel_visible(ls, t, LTREE_ROOT));
	assert_false(lsel_visible(ls, t, sqe));
	lsel_set(ls, ab, LSEL_HIDE);	/* ONLY a + HIDE a.b */
	assert_true(lsel_visible(ls, t, a));
	assert_false(lsel_visible(ls, t, ab));
	assert_false(lsel_visible(ls, t, abc));
	lsel_set(ls, abc, LSEL_SHOW);	/* deeper SHOW under the HIDE */
	assert_true(lsel_visible(ls, t, abc));
	/* SHOW outside every ONLY subtree is not enough. */
	lsel_set(ls, b, LSEL_SHOW);
	assert_false(lsel_visible(ls, t, b));
	/* Two ONLY subtrees. */
	lsel_set(ls, sq, LSEL_ONLY);
	assert_true(lsel_visible(ls, t, sqe));
	assert_true(lsel_visible(ls, t, a));
	{
		uint32_t	hidden, only;

		/* What the title says in words: 1 hidden, only 2. */
		lsel_counts(ls, &hidden, &only);
		assert_int_equal(hidden, 1);
		assert_int_equal(only, 2);
	}
	/* HIDE above an ONLY: the deeper ONLY wins for its subtree. */
	lsel_reset(ls);
	lsel_set(ls, a, LSEL_HIDE);
	lsel_set(ls, ab, LSEL_ONLY);
	assert_false(lsel_visible(ls, t, a));
	assert_true(lsel_visible(ls, t, ab));
	assert_true(lsel_visible(ls, t, abc));
	assert_false(lsel_visible(ls, t, b));

	/* Copies are independent. */
	cp = lsel_copy(ls);
	assert_true(lsel_visible(cp, t, abc));
	lsel_set(cp, ab, LSEL_INHERIT);
	assert_false(lsel_visible(cp, t, abc));	/* only HIDE a left */
	assert_true(lsel_visible(cp, t, b));
	assert_true(lsel_visible(ls, t, abc));
	lsel_free(cp);

	/* Unmarking the last mark empties the selection. */
	lsel_set(ls, a, LSEL_INHERIT);
	lsel_set(ls, ab, LSEL_INHERIT);
	assert_true(lsel_empty(ls));
	lsel_free(ls);
	ltree_free(t);
}

static void
test_many(void **state)
{
	struct ltree	*t = ltree_create();
	struct lsel	*ls = lsel_create();
	struct lcounts	 lc;
	uint32_t	 i, id, n = 200000, c, prev = 0, seen = 0;
	char		 name[64];
	int		 len;
	struct timespec	 t0, t1;
	const char	*s, *ps = NULL;
	size_t		 sl, psl = 0;

	(void)state;
	lcounts_init(&lc);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	lsel_set(ls, in(t, "svc7"), LSEL_HIDE);
	for (i = 0; i < n; i++) {
		/* 10 services x 20000 flat children each, random-ish order */
		len = snprintf(name, sizeof name, "svc%u.mod%u",
		    (i * 7919u) % 10, i * 2654435761u);
		id = ltree_intern(t, name, (size_t)len);
		assert_int_equal(ltree_lookup(t, name, (size_t)len), id);
		lcounts_add(&lc, t, id, LEVEL_INFO);
		if (lsel_visible(ls, t, id) != (strncmp(name, "svc7.", 5) != 0))
			fail_msg("visibility of %s", name);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_message("200k loggers: %u nodes, %.0f ms\n", ltree_count_nodes(t),
	    (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	assert_int_equal(ltree_count_nodes(t), n + 11);
	assert_int_equal(lcounts_total(lc.sub[LTREE_ROOT]), n);
	/* Sorted children even for a wide flat level. */
	id = look(t, "svc3");
	for (c = ltree_first_child(t, id); c != UINT32_MAX;
	    c = ltree_next_sibling(t, c)) {
		s = ltree_leaf(t, c, &sl);
		if (ps != NULL) {
			size_t	k = sl < psl ? sl : psl;
			int	cmp = memcmp(ps, s, k);

			assert_true(cmp < 0 || (cmp == 0 && psl < sl));
		}
		ps = s, psl = sl, prev = c;
		seen++;
	}
	assert_int_equal(seen, 20000);
	assert_int_equal(ltree_parent(t, prev), id);
	lcounts_free(&lc);
	lsel_free(ls);
	ltree_free(t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ancestors),
		cmocka_unit_test(test_odd_names),
		cmocka_unit_test(test_subtree),
		cmocka_unit_test(test_children_order),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_lsel),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
