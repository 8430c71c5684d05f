/*
 * panecursor.c: the record cursor of a pane (pane.c holds the rest).
 *
 * The cursor is one record of the pane, the one Enter folds and y
 * copies, marked in the gutter (panedraw.c): the newest record while
 * following; when paused, the record j/k move it to, the screen
 * scrolling just enough to keep it in view (j onto the newest resumes
 * following), or the one e, n, g or T put at the top. Paging and the
 * wheel scroll the screen and the cursor stays on it (pane_cursor_clamp).
 * It is kept as a view index (cur) and re-found by its entry (cur_ent)
 * after a rebuild, as the top is. A folded run of a collapsed subtree is
 * one row: the cursor stands on its first record.
 */
#include "pane.h"

#include <stdint.h>

#include "filters/runs.h"
#include "filters/view.h"
#include "pane_int.h"

/* The view index the row holding i starts at: a folded run's first, or i. */
size_t
pane_row_start(struct pane *p, size_t i)
{
	struct run	run;

	return pane_run(p, i, &run) ? run.first : i;
}

/* Put the cursor on view index i (of a paused pane). */
void
pane_cursor_set(struct pane *p, size_t i)
{
	p->cur = pane_row_start(p, i);
	p->cur_ent = view_entry(&p->view, p->cur);
}

/* The cursor record's view index: the newest when following; SIZE_MAX when empty. */
size_t
pane_cursor(struct pane *p)
{
	size_t	n = view_count(&p->view);

	if (n == 0)
		return SIZE_MAX;
	if (p->follow)
		return pane_row_start(p, n - 1);
	return pane_row_start(p, p->cur < n ? p->cur : n - 1);
}

/*
 * Scroll a paused pane so the cursor record is on screen: its first row
 * at the top when it is above, its last row at the bottom when it is
 * below (its first row at the top when it is taller than the pane).
 */
void
pane_cursor_show(struct pane *p)
{
	size_t		i, c = pane_cursor(p), end;
	unsigned	rows = 0, rr;
	struct run	run;

	if (c == SIZE_MAX || p->follow || p->rows <= 0)
		return;
	if (c < p->top || (c == p->top && p->top_line > 0)) {
		p->top = c;
		p->top_line = 0;
		p->top_ent = view_entry(&p->view, c);
		return;
	}
	for (i = p->top, end = c + 1; i <= c; ) {
		if (pane_run(p, i, &run)) {
			rr = 1;
			end = i = run.last + 1;
		} else
			rr = pane_rec_rows(p, view_entry(&p->view, i++));
		rows += i - 1 == p->top && rr > p->top_line ? rr - p->top_line : rr;
		if (rows > (unsigned)p->rows)
			break;
	}
	if (rows <= (unsigned)p->rows)
		return;
	pane_anchor_at(p, end, p->rows, &p->top, &p->top_line);
	if (p->top == c)
		p->top_line = 0;
	p->top_ent = view_entry(&p->view, p->top);
}

/*
 * After the screen scrolled (a page, the wheel, a resize) keep the cursor
 * on it: on the top record when it went above, on the last record that
 * starts on screen when it went below.
 */
void
pane_cursor_clamp(struct pane *p)
{
	size_t		i, last, next, n = view_count(&p->view);
	unsigned	rows = 0, rr;
	struct run	run;

	if (p->follow || n == 0 || p->rows <= 0)
		return;
	if (p->cur < p->top || p->cur >= n) {
		pane_cursor_set(p, p->top < n ? p->top : n - 1);
		return;
	}
	for (i = last = p->top; i < n && i <= p->cur; i = next) {
		if (i != p->top && rows >= (unsigned)p->rows)
			break;
		last = i;
		if (pane_run(p, i, &run)) {
			rr = 1;
			next = run.last + 1;
		} else {
			rr = pane_rec_rows(p, view_entry(&p->view, i));
			next = i + 1;
		}
		rows += i == p->top && rr > p->top_line ? rr - p->top_line : rr;
	}
	if (p->cur > last && pane_row_start(p, p->cur) > last)
		pane_cursor_set(p, last);
}

/*
 * j / k: the cursor one record down (dir 1) or up (-1). k while following
 * pauses first (the cursor starts on the newest record); j onto the
 * newest record follows again.
 */
void
pane_cursor_move(struct pane *p, int dir)
{
	size_t		n = view_count(&p->view), c;
	struct run	run;

	if (n == 0 || (p->follow && dir > 0))
		return;
	if (p->follow)
		pane_pause(p);
	c = pane_cursor(p);
	if (dir > 0) {
		if (pane_run(p, c, &run))
			c = run.last;
		if (c + 1 >= n || pane_row_start(p, c + 1) == pane_row_start(p,
		    n - 1)) {
			p->follow = 1;	/* onto the newest record: follow */
			return;
		}
		c++;
	} else {
		if (c == 0)
			return;
		c--;
	}
	pane_cursor_set(p, c);
	pane_cursor_show(p);
}

/*
 * A click on text row y of the screen: the cursor goes to the record
 * drawn there (pausing a following pane, whose screen stays as it is).
 */
int
pane_click(struct pane *p, int y)
{
	int	row = y - (p->r.y + 1);

	if (row < 0 || row >= p->nrowmap || p->rowmap[row] == SIZE_MAX ||
	    p->rowmap[row] >= view_count(&p->view))
		return 0;
	pane_pause(p);
	pane_cursor_set(p, p->rowmap[row]);
	return 1;
}
