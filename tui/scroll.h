/* scroll.h: a scrolling list: a cursor over n items shown a page at a time. */
#ifndef SCROLL_H
#define SCROLL_H

#include <stddef.h>

/*
 * The list: n items (rows), the cursor on item cur, items top .. top +
 * page - 1 on screen. Zeroed, it is an empty list not drawn yet.
 */
struct scroll {
	size_t	n;		/* items */
	size_t	cur;		/* the cursor: < n, 0 when the list is empty */
	size_t	top;		/* first item on screen */
	size_t	page;		/* items on screen; 0 (not drawn yet) counts as 1 */
};

/* The list has n items and the screen shows page of them: clamp cur and top. */
void	scroll_set(struct scroll *, size_t n, size_t page);
/* Move the cursor by delta items (negative: up), stopping at the ends. */
void	scroll_move(struct scroll *, long delta);
/* Move the cursor a page down (dir > 0) or up. */
void	scroll_page(struct scroll *, int dir);
/* The cursor to the first item. */
void	scroll_first(struct scroll *);
/* The cursor to the last item. */
void	scroll_last(struct scroll *);
/* Move the view as little as needed to show the cursor. */
void	scroll_show(struct scroll *);
/*
 * Show the cursor and as much of the items from .. to - 1 around it (its
 * group: a dashboard block) as fits: moving up, the group's first item
 * stays on screen if the cursor does too; moving down, its last item.
 */
void	scroll_show_span(struct scroll *, size_t from, size_t to);
/* Move the view alone by delta items (the wheel), within the list. */
void	scroll_view(struct scroll *, long delta);
/* Pull the view up so that no row below the last item is empty. */
void	scroll_fit(struct scroll *);
/* Does everything fit on one screen? */
int	scroll_fits(const struct scroll *);

#endif
