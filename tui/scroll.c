/*
 * scroll.c: the arithmetic of a scrolling list, shared by the logger tree
 * (treepanel.c), the dashboard (dashboard.c) and the help screen
 * (help.c), in the manner of tmux's mode-tree offset and current line.
 *
 * A struct scroll is three numbers over a list of n items: the cursor
 * (cur), the first item on screen (top) and how many items the screen
 * shows (page, set by the last draw). The owner keeps the items and maps
 * its keys to the functions here: Up/Down are scroll_move, PgUp/PgDn
 * scroll_page, Home/End scroll_first/scroll_last, the wheel scroll_view
 * (the view alone: the cursor may leave the screen until the next move).
 * Before drawing, the owner calls scroll_set with the current size (the
 * list may have shrunk: a subtree collapsed, a source gone) and then
 * scroll_show (or scroll_show_span) to bring the cursor on screen, and
 * draws items top .. top + page - 1.
 *
 * Invariants after every call: cur < n (cur == 0 when n == 0); the
 * cursor never moves past either end; scroll_view keeps top within
 * 0 .. n - page, so the wheel never shows rows past the last item. There
 * is no curses here and nothing is allocated: tests/unit/test_scroll.c
 * drives it directly.
 */
#include "scroll.h"

/* v + d clamped to 0 .. max, without overflow. */
static size_t
scroll_add(size_t v, long d, size_t max)
{
	size_t	up;

	if (d < 0) {
		up = (size_t)(-(d + 1)) + 1;
		v = up > v ? 0 : v - up;
	} else if ((size_t)d > max || v > max - (size_t)d)
		v = max;
	else
		v += (size_t)d;
	return v > max ? max : v;
}

/* Items on screen, at least one. */
static size_t
scroll_rows(const struct scroll *s)
{
	return s->page > 0 ? s->page : 1;
}

/* The last item, 0 for an empty list. */
static size_t
scroll_end(const struct scroll *s)
{
	return s->n > 0 ? s->n - 1 : 0;
}

/* The largest top that still fills the screen. */
static size_t
scroll_max_top(const struct scroll *s)
{
	return s->n > scroll_rows(s) ? s->n - scroll_rows(s) : 0;
}

/* Set the list's size and the screen's; clamp the cursor and the view. */
void
scroll_set(struct scroll *s, size_t n, size_t page)
{
	s->n = n;
	s->page = page;
	if (s->cur > scroll_end(s))
		s->cur = scroll_end(s);
	if (s->top > scroll_end(s))
		s->top = scroll_end(s);
}

/* Move the cursor by delta items. */
void
scroll_move(struct scroll *s, long delta)
{
	s->cur = scroll_add(s->cur, delta, scroll_end(s));
}

/* Move the cursor by a page. */
void
scroll_page(struct scroll *s, int dir)
{
	long	rows = (long)scroll_rows(s);

	scroll_move(s, dir > 0 ? rows : -rows);
}

/* The cursor to the first item. */
void
scroll_first(struct scroll *s)
{
	s->cur = 0;
}

/* The cursor to the last item. */
void
scroll_last(struct scroll *s)
{
	s->cur = scroll_end(s);
}

/* Show the cursor, moving the view as little as possible. */
void
scroll_show(struct scroll *s)
{
	size_t	rows = scroll_rows(s);

	if (s->cur < s->top)
		s->top = s->cur;
	else if (s->cur >= s->top + rows)
		s->top = s->cur - rows + 1;
}

/* Show the cursor and as much of its group [from, to) as fits. */
void
scroll_show_span(struct scroll *s, size_t from, size_t to)
{
	size_t	rows = scroll_rows(s), t;

	if (from > s->cur)
		from = s->cur;
	if (to <= s->cur)
		to = s->cur + 1;
	if (s->cur < s->top)
		s->top = s->cur - from < rows ? from : s->cur;
	else if (s->cur >= s->top + rows) {
		/* The group's end at the bottom, the cursor still on screen. */
		t = to > rows ? to - rows : 0;
		if (t + rows < s->cur + 1)
			t = s->cur + 1 - rows;
		if (t > s->cur)
			t = s->cur;
		s->top = t;
	}
}

/* Move the view alone. */
void
scroll_view(struct scroll *s, long delta)
{
	s->top = scroll_add(s->top, delta, scroll_max_top(s));
}

/* No empty rows below the last item. */
void
scroll_fit(struct scroll *s)
{
	if (s->top > scroll_max_top(s))
		s->top = scroll_max_top(s);
}

/* Everything on one screen? */
int
scroll_fits(const struct scroll *s)
{
	return s->n <= scroll_rows(s);
}
