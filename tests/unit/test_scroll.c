/* test_scroll.c: the scrolling list of the tree, the dashboard and help (tui/scroll.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "tui/scroll.h"

/* A list of n items, page on screen, the cursor at the top. */
static struct scroll
list(size_t n, size_t page)
{
	struct scroll	s;

	memset(&s, 0, sizeof s);
	scroll_set(&s, n, page);
	return s;
}

/* Up and Down move by one and stop at the ends. */
static void
test_moves(void **state)
{
	struct scroll	s = list(5, 3);

	(void)state;
	scroll_move(&s, -1);
	assert_int_equal(s.cur, 0);
	scroll_move(&s, 1);
	scroll_move(&s, 1);
	assert_int_equal(s.cur, 2);
	scroll_move(&s, 10);
	assert_int_equal(s.cur, 4);
	scroll_move(&s, 1);
	assert_int_equal(s.cur, 4);
	scroll_move(&s, LONG_MIN);
	assert_int_equal(s.cur, 0);
	scroll_move(&s, LONG_MAX);
	assert_int_equal(s.cur, 4);
	scroll_first(&s);
	assert_int_equal(s.cur, 0);
	scroll_last(&s);
	assert_int_equal(s.cur, 4);
}

/* PgUp / PgDn move the cursor a page, clamped at the ends (the tree's keys). */
static void
test_pages(void **state)
{
	struct scroll	s = list(25, 10);

	(void)state;
	scroll_page(&s, 1);
	assert_int_equal(s.cur, 10);
	scroll_show(&s);
	assert_int_equal(s.top, 1);	/* the cursor on the last row */
	scroll_page(&s, 1);
	assert_int_equal(s.cur, 20);
	scroll_page(&s, 1);
	assert_int_equal(s.cur, 24);
	scroll_page(&s, -1);
	assert_int_equal(s.cur, 14);
	scroll_page(&s, -1);
	scroll_page(&s, -1);
	assert_int_equal(s.cur, 0);
	/* Not drawn yet (page 0): a page is one item. */
	s = list(5, 0);
	scroll_page(&s, 1);
	assert_int_equal(s.cur, 1);
}

/* The cursor is brought on screen with the least move of the view. */
static void
test_show(void **state)
{
	struct scroll	s = list(100, 10);

	(void)state;
	s.cur = 9;
	scroll_show(&s);
	assert_int_equal(s.top, 0);	/* already on screen */
	s.cur = 10;
	scroll_show(&s);
	assert_int_equal(s.top, 1);
	s.cur = 50;
	scroll_show(&s);
	assert_int_equal(s.top, 41);
	s.cur = 45;
	scroll_show(&s);
	assert_int_equal(s.top, 41);
	s.cur = 30;
	scroll_show(&s);
	assert_int_equal(s.top, 30);
}

/* A shrinking list takes the cursor and the view with it. */
static void
test_shrink(void **state)
{
	struct scroll	s = list(100, 10);

	(void)state;
	s.cur = 95;
	scroll_show(&s);
	assert_int_equal(s.top, 86);
	scroll_set(&s, 40, 10);		/* a subtree collapsed */
	assert_int_equal(s.cur, 39);
	assert_true(s.top <= s.cur);
	scroll_show(&s);
	assert_true(s.cur >= s.top && s.cur < s.top + 10);
	/* A smaller screen keeps the cursor on it. */
	s.top = 30;
	scroll_set(&s, 40, 3);
	scroll_show(&s);
	assert_int_equal(s.top, 37);
	/* Fit pulls the view up to fill the screen. */
	s = list(100, 10);
	s.top = 80;
	scroll_set(&s, 85, 10);
	assert_int_equal(s.top, 80);
	scroll_fit(&s);
	assert_int_equal(s.top, 75);
	scroll_set(&s, 4, 10);
	scroll_fit(&s);
	assert_int_equal(s.top, 0);
}

/* An empty list: every key is harmless, the cursor stays 0. */
static void
test_empty(void **state)
{
	struct scroll	s = list(0, 10);

	(void)state;
	scroll_move(&s, 1);
	scroll_page(&s, 1);
	scroll_last(&s);
	scroll_show(&s);
	scroll_view(&s, 3);
	assert_int_equal(s.cur, 0);
	assert_int_equal(s.top, 0);
	assert_true(scroll_fits(&s));
	/* Emptied: the cursor and the view come back to 0. */
	s = list(30, 10);
	s.cur = 25;
	s.top = 20;
	scroll_set(&s, 0, 10);
	assert_int_equal(s.cur, 0);
	assert_int_equal(s.top, 0);
}

/* The wheel moves the view alone, never past either end. */
static void
test_wheel(void **state)
{
	struct scroll	s = list(20, 8);

	(void)state;
	s.cur = 2;
	scroll_view(&s, 3);
	assert_int_equal(s.top, 3);
	assert_int_equal(s.cur, 2);	/* the cursor stays, off screen */
	scroll_view(&s, 3);
	scroll_view(&s, 3);
	scroll_view(&s, 3);
	scroll_view(&s, 3);
	assert_int_equal(s.top, 12);	/* the last item on the last row */
	scroll_view(&s, -5);
	assert_int_equal(s.top, 7);
	scroll_view(&s, -100);
	assert_int_equal(s.top, 0);
	/* A list that fits does not move. */
	s = list(5, 8);
	scroll_view(&s, 3);
	assert_int_equal(s.top, 0);
	assert_true(scroll_fits(&s));
	s = list(9, 8);
	assert_false(scroll_fits(&s));
	/* The next move brings the cursor back. */
	s = list(20, 8);
	scroll_view(&s, 10);
	scroll_move(&s, 1);
	scroll_show(&s);
	assert_int_equal(s.top, 1);
}

/* A group (a dashboard block of 16 rows) is shown whole when it fits. */
static void
test_span(void **state)
{
	struct scroll	s = list(64, 20);

	(void)state;
	/* Down into the third block's title (row 32): its end at the bottom. */
	s.cur = 32;
	scroll_show_span(&s, 32, 48);
	assert_int_equal(s.top, 28);
	/* Down to one of its logger rows (45): already on screen. */
	s.cur = 45;
	scroll_show_span(&s, 32, 48);
	assert_int_equal(s.top, 28);
	/* Up from below: the block's title kept on screen. */
	s.top = 50;
	s.cur = 29;
	scroll_show_span(&s, 16, 32);
	assert_int_equal(s.top, 16);
	/* A screen smaller than the block: the cursor always on it. */
	s = list(64, 5);
	s.cur = 16;
	scroll_show_span(&s, 16, 32);
	assert_true(s.cur >= s.top && s.cur < s.top + 5);
	s.cur = 24;
	scroll_show_span(&s, 16, 32);
	assert_true(s.cur >= s.top && s.cur < s.top + 5);
	s.top = 40;
	s.cur = 29;
	scroll_show_span(&s, 16, 32);
	assert_int_equal(s.top, 29);	/* the title would hide it */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_moves),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_show),
		cmocka_unit_test(test_shrink),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_wheel),
		cmocka_unit_test(test_span),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
