/* viewpar.h: a view's rebuild on worker threads, for filters/view.c. */
#ifndef VIEWPAR_H
#define VIEWPAR_H

#include <stddef.h>
#include <stdint.h>

struct lrec;
struct regex;
struct view;
struct viewpar;

#define VIEW_SPAN_RECS	4096		/* records searched at once, at most */
#define VIEW_SPAN_BYTES	(1024 * 1024)	/* ... and bytes */

/*
 * Start rebuilding a single-store view's older records on worker threads
 * (just after view_restart): NULL when it is not worth it or not safe
 * (several stores, a time range, a store that cannot be snapshot, too few
 * records), and the view goes on alone.
 */
struct viewpar	*viewpar_start(struct view *);
/* Records at and above this id are not the workers': the view does them. */
uint64_t	 viewpar_top(const struct viewpar *);
/*
 * Take the finished chunks in order into the view (entries, progress,
 * back[0], undecided count), waiting for them until the deadline (ms,
 * clock_ms). Returns 1 when chunks remain, 0 when all are in.
 */
int		 viewpar_take(struct viewpar *, struct view *, int64_t deadline);
/* Stop the workers (cancel what is left), join them and free everything. */
void		 viewpar_free(struct viewpar *);

/*
 * Mark in mark[0, hi - lo) the records of r[lo, hi) (bytes buf[0, len)
 * from virtual offset base) that a match of re starts in: 2 when it lies
 * inside the record's own text, else 1. Returns 0, or -1 at the regex's
 * limits (nothing known).
 */
int		 viewpar_mark(struct regex *, const char *buf, size_t len,
		     const struct lrec *r, uint64_t lo, uint64_t hi, uint64_t base,
		     unsigned char *mark);

#endif
