/*
 * pane.c: a pane shows one source (or every source merged by time)
 * through its own filter: a title line, then the records of its view.
 *
 * Scrolling is by screen line. A following pane is pinned to the bottom:
 * its last record's last line is on the last row. Scrolling up pauses it
 * at (top, top_line) -- a view index and a line inside that record -- and
 * it counts the records that arrive meanwhile; G or F (or scrolling back
 * to the bottom) resumes. Across a view rebuild the top record is found
 * again by its entry (top_ent), so filters change under a paused pane
 * without losing the place.
 *
 * A record's lines are counted from its text (read back from the store)
 * only for the records on screen; folded records take one line, and with
 * wrapping a line takes as many rows as its width needs. Wrapped rows
 * break before a character that would cross the edge (pane_wrap_next),
 * so a wide character is never split or lost; the row counting and the
 * drawing share that one function, so they always agree.
 *
 * The record cursor (the record Enter folds and y copies) is in
 * panecursor.c.
 */
#include "pane.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "app_int.h"
#include "model/lstore.h"
#include "input/source.h"
#include "core/xmalloc.h"
#include "filters/regex.h"
#include "parsers/parse.h"
#include "core/sanitize.h"
#include "core/scan.h"
#include "filters/runs.h"
#include "model/ltree.h"
#include "prompt.h"
#include "export.h"
#include "pane_int.h"

#define PANE_SEARCH_MS	3000	/* longest a search key may scan */
#define PANE_COUNT_MS	300	/* longest a search's k/N count may read */
#define PANE_HSTEP	8	/* columns per Left / Right */

/* Fold these logger subtrees in the pane from the start (-C, config collapse). */
static void
pane_collapse(struct pane *p, struct app *app, const char **names, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		runs_set(&p->runs, ltree_intern(app->tree, names[i],
		    strlen(names[i])), 1);
}

/* Hide these logger subtrees, or show only them (config hide-logger, logger). */
static void
pane_select(struct pane *p, struct app *app, const char **names, size_t n,
    enum lsel_mark mark)
{
	size_t	i;

	for (i = 0; i < n; i++)
		lsel_set(p->filter.lsel, ltree_intern(app->tree, names[i],
		    strlen(names[i])), mark);
	if (n > 0)
		filter_touch(&p->filter);
}

/* Create a pane for source src, or the merged pane. */
struct pane *
pane_create(struct app *app, int merged, size_t src)
{
	struct pane	*p = xcalloc(1, sizeof *p);
	size_t		 i;

	p->merged = merged;
	p->src = src;
	filter_copy(&p->filter, app->base);
	if (merged)
		view_init(&p->view, app->stores, app->nsrcs, &p->filter, app->tree);
	else {
		p->one[0] = app->srcs[src].store;
		view_init(&p->view, p->one, 1, &p->filter, app->tree);
	}
	p->follow = 1;
	p->wrap = app->opt->wrap;	/* config: wrap = on */
	p->raw = merged ? app->opt->view_raw : app->opt->srcs[src].view_raw;
	compact_init(&p->cmp);
	p->opt = app->opt;
	p->fmt = app->fmt;
	p->parser_src = SIZE_MAX;
	p->tagw = PANE_TAG_W;
	runs_init(&p->runs, app->tree);
	pane_collapse(p, app, app->opt->collapse, app->opt->ncollapse);
	for (i = 0; i < app->opt->nsrcs; i++) {
		const struct srcspec *sp = &app->opt->srcs[i];

		if (!merged && i != src)
			continue;	/* merged: every source's */
		pane_collapse(p, app, sp->collapse, sp->ncollapse);
		pane_select(p, app, sp->hide, sp->nhide, LSEL_HIDE);
		pane_select(p, app, sp->only, sp->nonly, LSEL_ONLY);
	}
	return p;
}

/* Free a pane. */
void
pane_free(struct pane *p)
{
	if (p == NULL)
		return;
	view_free(&p->view);
	filter_free(&p->filter);
	regex_free(p->search);
	free(p->search_pat);
	free(p->folds);
	free(p->rowmap);
	compact_free(&p->cmp);
	runs_free(&p->runs);
	free(p);
}

/* The store of an entry. */
struct lstore *
pane_store(struct pane *p, uint64_t ent)
{
	return p->view.stores[VIEW_ENT_STORE(ent)];
}

/* Source index of an entry. */
size_t
pane_src_of(struct pane *p, uint64_t ent)
{
	return p->merged ? VIEW_ENT_STORE(ent) : p->src;
}

/* Index of the first folded entry >= ent (the folds are sorted). */
static size_t
pane_fold_find(const struct pane *p, uint64_t ent)
{
	size_t	lo = 0, hi = p->nfolds, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (p->folds[mid] < ent)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Is this entry folded? */
int
pane_folded(const struct pane *p, uint64_t ent)
{
	size_t	lo = pane_fold_find(p, ent);

	return lo < p->nfolds && p->folds[lo] == ent;
}

/* Fold or unfold an entry. */
static void
pane_toggle_fold(struct pane *p, uint64_t ent)
{
	size_t	lo = pane_fold_find(p, ent);

	if (lo < p->nfolds && p->folds[lo] == ent) {
		memmove(p->folds + lo, p->folds + lo + 1,
		    (p->nfolds - lo - 1) * sizeof *p->folds);
		p->nfolds--;
		return;
	}
	if (p->nfolds == p->foldsize) {
		p->foldsize = p->foldsize ? p->foldsize * 2 : 16;
		p->folds = xreallocarray(p->folds, p->foldsize, sizeof *p->folds);
	}
	memmove(p->folds + lo + 1, p->folds + lo, (p->nfolds - lo) * sizeof *p->folds);
	p->folds[lo] = ent;
	p->nfolds++;
}

/*
 * Where a pane's text goes: after the border (panes not at the left edge),
 * the one-column gutter of the cursor marker and, in the merged pane, the
 * source tag -- dropped when the pane is too
 * narrow for it. *w can be 0 or less: nothing fits.
 */
void
pane_geom(const struct pane *p, int *x, int *w, int *tagw)
{
	int	avail = p->r.w - (p->r.x > 0), g = pane_gutter(p) >= 0;

	*tagw = p->merged && avail - g >= PANE_TAG_MIN + p->tagw ?
	    p->tagw + 1 : 0;
	*x = p->r.x + (p->r.x > 0) + g + *tagw;
	*w = avail - g - *tagw;
}

/* The gutter's column (the cursor marker), or -1 when the pane is too narrow. */
int
pane_gutter(const struct pane *p)
{
	if (p->r.w - (p->r.x > 0) < PANE_GUTTER_MIN)
		return -1;
	return p->r.x + (p->r.x > 0);
}

/* Width available for text (at least 1, for row arithmetic). */
int
pane_text_width(const struct pane *p)
{
	int	x, w, tagw;

	pane_geom(p, &x, &w, &tagw);
	return w < 1 ? 1 : w;
}

/*
 * Wrapping: the next row of a line of n bytes, from byte *off at display
 * column *col, at width w. Returns the column the row starts at (to pass
 * to tui_text as its skip) and advances *off and *col past the row. Rows
 * break before a character that would cross the edge, so a wide character
 * is never split between rows (that row ends one column short); a
 * character wider than the whole row takes a row of its own.
 */
unsigned
pane_wrap_next(const char *s, size_t n, size_t *off, unsigned *col, int w)
{
	struct scell	c;
	unsigned	start = *col;
	size_t		used;

	while (*off < n) {
		used = sanitize_next(s, n, *off, *col, 8, &c);
		if (used == 0)
			break;
		if (*col + c.width - start > (unsigned)w && *col > start)
			break;
		*col += c.width;
		*off += used;
	}
	return start;
}

/*
 * Make p->parser the one of source src (its --format or config format),
 * with the layout its store learned from the source (it may change).
 */
static void
pane_parser_for(struct pane *p, size_t src, struct lstore *ls)
{
	if (p->parser_src != src) {
		parser_init(&p->parser, src < p->opt->nsrcs ?
		    p->opt->srcs[src].fmt : p->fmt);
		p->parser_src = src;
	}
	p->parser.inf = *lstore_infer(ls);
}

/*
 * The text a record is drawn from: as written (raw view), or its compact
 * rendering (p->cmp, valid until the next call) for the pane's width, from
 * the fields the sources' parser finds in its first line. *rawlen is the
 * record's text length in the store, *full its whole length (more when cut).
 */
const char *
pane_display_text(struct pane *p, uint64_t ent, size_t *len, size_t *rawlen,
    uint64_t *full)
{
	const char	*text;
	size_t		 n1;

	text = lstore_text(pane_store(p, ent), VIEW_ENT_ID(ent), len, full);
	*rawlen = *len;
	pane_parser_for(p, pane_src_of(p, ent), pane_store(p, ent));
	if (text == NULL || p->raw)
		return text;
	n1 = scan_byte(text, 0, *len, '\n');
	if (n1 > 0 && text[n1 - 1] == '\r')
		n1--;
	parse_line(&p->parser, text, n1, &p->cf);
	compact_render(&p->cmp, text, *len, &p->cf, (unsigned)pane_text_width(p));
	*len = p->cmp.len;
	return p->cmp.text;
}

/* Rows a line of n bytes takes at width w. */
unsigned
pane_line_rows(struct pane *p, const char *s, size_t n, int w)
{
	size_t		off = 0;
	unsigned	col = 0, rows = 0;

	if (!p->wrap || n == 0)
		return 1;
	if (sanitize_width(s, n, 8) <= (size_t)w)
		return 1;
	while (off < n) {
		pane_wrap_next(s, n, &off, &col, w);
		rows++;
	}
	return rows == 0 ? 1 : rows;
}

/* Lines in a record's text, folded or not. */
unsigned
pane_text_lines(const char *text, size_t len)
{
	const char	*q = text, *end = text + len;
	unsigned	 n = 1;

	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		n++;
		q++;
	}
	return n;
}

/* Screen rows a record takes. */
unsigned
pane_rec_rows(struct pane *p, uint64_t ent)
{
	const char	*text, *q, *nl, *end;
	size_t		 len, rawlen;
	uint64_t	 full;
	unsigned	 rows = 0;
	int		 w = pane_text_width(p);

	text = pane_display_text(p, ent, &len, &rawlen, &full);
	if (text == NULL)
		return 1;
	q = text;
	end = text + len;
	if (pane_folded(p, ent)) {
		nl = memchr(q, '\n', len);
		return pane_line_rows(p, q, (size_t)((nl ? nl : end) - q), w);
	}
	if (full > rawlen)
		rows++;		/* the "record truncated" marker */
	for (;;) {
		nl = memchr(q, '\n', (size_t)(end - q));
		rows += pane_line_rows(p, q, (size_t)((nl ? nl : end) - q), w);
		if (nl == NULL)
			break;
		q = nl + 1;
	}
	return rows;
}

/*
 * Is view index i inside a folded run of a collapsed subtree? Then *run
 * is that run, drawn as one summary row at run->first (filters/runs.c).
 */
int
pane_run(struct pane *p, size_t i, struct run *run)
{
	return runs_active(&p->runs) && runs_at(&p->runs, &p->view, i, run) &&
	    !run->expanded;
}

/*
 * Where the top must be for the last row of the record before view index
 * end to be on the pane's last row (rows rows high).
 */
void
pane_anchor_at(struct pane *p, size_t end, int rows, size_t *top,
    unsigned *top_line)
{
	size_t		i = end;
	unsigned	n, need = rows > 0 ? (unsigned)rows : 1;
	struct run	run;

	*top = 0;
	*top_line = 0;
	while (i > 0) {
		i--;
		if (pane_run(p, i, &run)) {
			i = run.first;		/* a summary row */
			n = 1;
		} else
			n = pane_rec_rows(p, view_entry(&p->view, i));
		if (n >= need) {
			*top = i;
			*top_line = n - need;
			return;
		}
		need -= n;
	}
}

/* Where the top must be for the last record's last row to be at the bottom. */
void
pane_anchor_bottom(struct pane *p, int rows, size_t *top, unsigned *top_line)
{
	pane_anchor_at(p, view_count(&p->view), rows, top, top_line);
}

/*
 * Paused: when the records from the top on no longer fill the pane (a
 * filter or search left few after it), move the top up so the last record
 * ends at the bottom: the screen stays full.
 */
static void
pane_fill(struct pane *p)
{
	size_t		i = p->top, n = view_count(&p->view);
	unsigned	rows = 0;
	struct run	run;

	if (p->rows <= 0)
		return;
	while (i < n && rows < (unsigned)p->rows + p->top_line) {
		if (pane_run(p, i, &run)) {
			rows++;
			i = run.last + 1;
		} else
			rows += pane_rec_rows(p, view_entry(&p->view, i++));
	}
	if (rows >= (unsigned)p->rows + p->top_line)
		return;
	pane_anchor_bottom(p, p->rows, &p->top, &p->top_line);
}

/*
 * Keep the view current; returns 1 when work remains. The app is marked
 * dirty when what the pane shows changed: records came or went, the
 * filtering progress moved, or the work just finished (the title's
 * "filtering N%" must go).
 */
int
pane_update(struct app *app, struct pane *p, unsigned ms)
{
	size_t	count = view_count(&p->view);
	int	progress = view_progress(&p->view), more;

	more = view_update(&p->view, ms);
	if (more || p->busy || count != view_count(&p->view) ||
	    progress != view_progress(&p->view))
		app->dirty = 1;
	p->busy = more;

	if (!p->follow && view_count(&p->view) > 0) {
		p->top = view_find(&p->view, p->top_ent);
		if (p->top >= view_count(&p->view))
			p->top = view_count(&p->view) - 1;
		p->cur = view_find(&p->view, p->cur_ent);
		if (p->cur >= view_count(&p->view))
			p->cur = view_count(&p->view) - 1;
		if (count != view_count(&p->view))
			pane_fill(p);	/* a filter took records away */
	}
	return more;
}

/* Records the pane's stores dropped for their memory cap, so far. */
uint64_t
pane_dropped(const struct pane *p)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < p->view.nstores; i++)
		n += lstore_dropped(p->view.stores[i]);
	return n;
}

/* Stop following, keeping what is on screen. */
void
pane_pause(struct pane *p)
{
	if (!p->follow)
		return;
	pane_anchor_bottom(p, p->rows, &p->top, &p->top_line);
	p->follow = 0;
	p->seen = view_count(&p->view);
	p->seen_dropped = pane_dropped(p);
	if (view_count(&p->view) > 0) {
		p->top_ent = view_entry(&p->view, p->top);
		pane_cursor_set(p, view_count(&p->view) - 1);
	}
}

/* Go to the bottom and follow. */
void
pane_follow(struct pane *p)
{
	p->follow = 1;
}

/* Records that arrived since following stopped. */
size_t
pane_new_records(const struct pane *p)
{
	if (p->follow || view_count(&p->view) < p->seen)
		return 0;
	return view_count(&p->view) - p->seen;
}

/* Scroll by lines (negative: up); reaching the bottom resumes following. */
void
pane_scroll(struct app *app, struct pane *p, long lines)
{
	size_t		bt, n = view_count(&p->view);
	unsigned	btl, rr;
	struct run	run;

	if (n == 0)
		return;
	if (p->follow) {
		if (lines >= 0)
			return;
		pane_pause(p);
	}
	if (p->top >= n)
		p->top = n - 1;
	if (pane_run(p, p->top, &run))
		p->top = run.first;
	while (lines < 0) {
		if (p->top_line > 0)
			p->top_line--;
		else if (p->top > 0) {
			p->top--;
			if (pane_run(p, p->top, &run)) {
				p->top = run.first;
				rr = 1;
			} else
				rr = pane_rec_rows(p, view_entry(&p->view, p->top));
			p->top_line = rr > 0 ? rr - 1 : 0;
		} else
			break;
		lines++;
	}
	while (lines > 0) {
		if (pane_run(p, p->top, &run))
			rr = 1;
		else {
			run.last = p->top;
			rr = pane_rec_rows(p, view_entry(&p->view, p->top));
		}
		if (p->top_line + 1 < rr)
			p->top_line++;
		else if (run.last + 1 < n) {
			p->top = run.last + 1;
			p->top_line = 0;
		} else
			break;
		lines--;
	}
	pane_anchor_bottom(p, p->rows, &bt, &btl);
	if (p->top > bt || (p->top == bt && p->top_line >= btl)) {
		p->follow = 1;
		return;
	}
	p->top_ent = view_entry(&p->view, p->top);
	pane_cursor_clamp(p);
}

/* Put view index i at the top (paused). */
static void
pane_goto(struct pane *p, size_t i)
{
	pane_pause(p);
	p->top = i;
	p->top_line = 0;
	p->top_ent = view_entry(&p->view, i);
	pane_cursor_set(p, i);
}

/*
 * Pause at the first record at or after ms. A view is in time order for
 * a time-ordered source (and the merged pane interleaves by time), so a
 * bisection over the view's record times finds it in O(log n) reads of
 * the index; records without a time carry the one before them.
 */
void
pane_goto_time(struct pane *p, int64_t ms)
{
	size_t		lo = 0, hi = view_count(&p->view), mid;
	uint64_t	ent;

	if (hi == 0)
		return;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		ent = view_entry(&p->view, mid);
		if (lstore_time(pane_store(p, ent), VIEW_ENT_ID(ent)) < ms)
			lo = mid + 1;
		else
			hi = mid;
	}
	pane_goto(p, lo < view_count(&p->view) ? lo : view_count(&p->view) - 1);
}

/* Does a record have continuation lines (or is it folded)? */
static int
pane_multiline(struct pane *p, uint64_t ent)
{
	const char	*text;
	size_t		 len, rawlen;
	uint64_t	 full;

	if (pane_folded(p, ent))
		return 1;
	text = pane_display_text(p, ent, &len, &rawlen, &full);
	return text != NULL && memchr(text, '\n', len) != NULL;
}

/* Find the next record (dir 1) or previous (-1) from the current one that passes test. */
static int
pane_seek(struct app *app, struct pane *p, int dir, int minlevel, struct regex *re)
{
	size_t			 n = view_count(&p->view), i = pane_cursor(p);
	int64_t			 deadline = clock_ms() + PANE_SEARCH_MS;
	unsigned long		 k = 0;
	uint64_t		 ent, full;
	const struct lrec	*rec;
	const char		*text;
	size_t			 len;

	if (n == 0 || i == SIZE_MAX)
		return 0;
	for (;;) {
		if (dir > 0) {
			if (i + 1 >= n)
				return 0;
			i++;
		} else {
			if (i == 0)
				return 0;
			i--;
		}
		ent = view_entry(&p->view, i);
		rec = lstore_get(pane_store(p, ent), VIEW_ENT_ID(ent));
		if (minlevel >= 0 && (int)LREC_LEVEL(rec) < minlevel)
			continue;
		if (re != NULL) {
			text = lstore_text(pane_store(p, ent), VIEW_ENT_ID(ent),
			    &len, &full);
			if (text == NULL || regex_match(re, text, len) != REGEX_MATCH) {
				if ((++k & 1023) == 0 && clock_ms() > deadline) {
					app_status(app, 1, "search stopped after %d s",
					    PANE_SEARCH_MS / 1000);
					return 0;
				}
				continue;
			}
		}
		pane_goto(p, i);
		return 1;
	}
}

static int	pane_search_hit(struct pane *, size_t);

/*
 * After a search jump: "/PAT: match k/N" on the status line, k the
 * matching records up to the current one and N all of them in the pane's
 * view. Counting reads the records' text, for at most PANE_COUNT_MS: past
 * that N is a lower bound ("N+") and k is left out if it was not reached.
 */
static void
pane_search_status(struct app *app, struct pane *p)
{
	size_t	n = view_count(&p->view), cur = pane_cursor(p), i, k = 0,
		total = 0;
	int64_t	deadline = clock_ms() + PANE_COUNT_MS;
	int	complete = 1;

	for (i = 0; i < n; i++) {
		if ((i & 1023) == 1023 && clock_ms() > deadline) {
			complete = 0;
			break;
		}
		if (!pane_search_hit(p, i))
			continue;
		total++;
		if (i <= cur)
			k++;
	}
	if (complete || i > cur)
		app_status(app, 0, "/%s: match %zu/%zu%s", p->search_pat, k,
		    total, complete ? "" : "+");
	else
		app_status(app, 0, "/%s: %zu+ matches", p->search_pat, total);
}

/*
 * Jump to the next match of the pane's search, or say there is none. A
 * pane without a search of its own takes the last one typed (in any pane).
 */
static void
pane_search_next(struct app *app, struct pane *p, int dir)
{
	const char	*last;
	char		*cause = NULL;

	if (p->search == NULL) {
		if ((last = prompt_last(app, PROMPT_SEARCH)) == NULL ||
		    pane_set_search(p, last, &cause) == -1) {
			free(cause);
			app_status(app, 0, "no search: press / to search");
			return;
		}
	}
	if (!pane_seek(app, p, dir, -1, p->search)) {
		if (app->status == NULL)
			app_status(app, 0, "/%s: no more matches %s",
			    p->search_pat, dir > 0 ? "below" : "above");
		return;
	}
	pane_search_status(app, p);
}

/* Jump between records at or above a level. */
static void
pane_level_next(struct app *app, struct pane *p, int dir, int minlevel)
{
	if (!pane_seek(app, p, dir, minlevel, NULL))
		app_status(app, 0, "no %s%s %s", minlevel == LEVEL_ERROR ?
		    "error" : "warning", " or worse", dir > 0 ? "below" : "above");
}

/* Toggle levels for keys 1-5. */
static void
pane_toggle_levels(struct pane *p, int key)
{
	switch (key) {
	case '1':
		filter_toggle_level(&p->filter, LEVEL_DEBUG);
		if (((p->filter.levels >> LEVEL_DEBUG) & 1) !=
		    ((p->filter.levels >> LEVEL_TRACE) & 1))
			filter_toggle_level(&p->filter, LEVEL_TRACE);
		break;
	case '2':
		filter_toggle_level(&p->filter, LEVEL_INFO);
		if (((p->filter.levels >> LEVEL_INFO) & 1) !=
		    ((p->filter.levels >> LEVEL_NOTICE) & 1))
			filter_toggle_level(&p->filter, LEVEL_NOTICE);
		break;
	case '3':
		filter_toggle_level(&p->filter, LEVEL_WARNING);
		break;
	case '4':
		filter_toggle_level(&p->filter, LEVEL_ERROR);
		break;
	case '5':
		filter_toggle_level(&p->filter, LEVEL_CRITICAL);
		break;
	}
}

/* Set the pane's search pattern; returns -1 with cause on a bad regex. */
int
pane_set_search(struct pane *p, const char *pat, char **cause)
{
	struct regex	*re = regex_compile(pat, p->filter.rcase, cause);

	if (re == NULL)
		return -1;
	regex_free(p->search);
	free(p->search_pat);
	p->search = re;
	p->search_pat = xstrdup(pat);
	return 0;
}

/* Does view entry i match the pane's search? */
static int
pane_search_hit(struct pane *p, size_t i)
{
	uint64_t	 ent = view_entry(&p->view, i), full;
	const char	*text;
	size_t		 len;

	text = lstore_text(pane_store(p, ent), VIEW_ENT_ID(ent), &len, &full);
	return text != NULL && regex_match(p->search, text, len) == REGEX_MATCH;
}

/*
 * Search from the current place: downwards from the cursor when paused
 * (the cursor record itself included), upwards from the newest when
 * following.
 */
void
pane_search_start(struct app *app, struct pane *p)
{
	size_t	n = view_count(&p->view), c = pane_cursor(p);

	if (!p->follow && c < n && pane_search_hit(p, c)) {
		pane_goto(p, c);
		pane_search_status(app, p);
		return;
	}
	if (p->follow && n > 0 && pane_search_hit(p, n - 1)) {
		pane_goto(p, n - 1);
		pane_search_status(app, p);
		return;
	}
	pane_search_next(app, p, p->follow ? -1 : 1);
}

/* The focused pane, for the prompts' accept functions. */
static struct pane *
pane_focused(struct app *app)
{
	return app->panes[app->focus];
}

/* / : the pane's search; jump to the first match. */
static int
pane_accept_search(struct app *app, const char *line, int again, char **msg)
{
	struct pane	*p = pane_focused(app);
	char		*cause = NULL;

	(void)again;
	if (pane_set_search(p, line, &cause) == -1) {
		*msg = xasprintf("bad regex: %s", cause);
		free(cause);
		return -1;
	}
	pane_search_start(app, p);
	return 0;
}

/* f / x: add an include or exclude regex to the pane's filter. */
static int
pane_accept_regex(struct app *app, const char *line, int include, char **msg)
{
	struct pane	*p = pane_focused(app);
	char		*cause = NULL;
	int		 r;

	r = include ? filter_add_include(&p->filter, line, &cause) :
	    filter_add_exclude(&p->filter, line, &cause);
	if (r == -1) {
		*msg = xasprintf("bad regex: %s", cause);
		free(cause);
		return -1;
	}
	return 0;
}

/* f: an include regex. */
int
pane_accept_include(struct app *app, const char *line, int again, char **msg)
{
	(void)again;
	return pane_accept_regex(app, line, 1, msg);
}

/* x: an exclude regex. */
int
pane_accept_exclude(struct app *app, const char *line, int again, char **msg)
{
	(void)again;
	return pane_accept_regex(app, line, 0, msg);
}

/*
 * C, X, L: a logger subtree typed by name (a trailing ".*" allowed). C
 * folds its runs (or unfolds them again), X hides it, L shows only it --
 * several L subtrees add up, as -L does; `a` in the tree shows all again.
 */
static int
pane_accept_logger(struct app *app, const char *line, int what, char **msg)
{
	struct pane	*p = pane_focused(app);
	size_t		 n = strlen(line);
	uint32_t	 id;
	int		 on, w;

	if (n >= 2 && line[n - 2] == '.' && line[n - 1] == '*')
		n -= 2;
	w = (int)(n > 200 ? 200 : n);
	id = ltree_lookup(app->tree, line, n);
	if (id == UINT32_MAX || id == LTREE_ROOT) {
		*msg = xasprintf("no logger named %.*s (Tab completes)", w, line);
		return -1;
	}
	if (what != PROMPT_COLLAPSE) {
		lsel_set(p->filter.lsel, id, what == PROMPT_HIDE ? LSEL_HIDE :
		    LSEL_ONLY);
		filter_touch(&p->filter);
		app_status(app, 0, "%.*s %s (t, then a: show all)", w, line,
		    what == PROMPT_HIDE ? "hidden" : "shown, with any other L "
		    "subtree, and nothing else");
		return 0;
	}
	on = !runs_is_root(&p->runs, id);
	runs_set(&p->runs, id, on);
	app_status(app, 0, "%.*s.* %s", w, line,
	    on ? "collapsed (Enter on a summary row opens it)" : "expanded");
	return 0;
}

/* C: fold a subtree. */
static int
pane_accept_collapse(struct app *app, const char *line, int again, char **msg)
{
	(void)again;
	return pane_accept_logger(app, line, PROMPT_COLLAPSE, msg);
}

/* X: hide a subtree. */
static int
pane_accept_hide(struct app *app, const char *line, int again, char **msg)
{
	(void)again;
	return pane_accept_logger(app, line, PROMPT_HIDE, msg);
}

/* L: show only a subtree. */
static int
pane_accept_only(struct app *app, const char *line, int again, char **msg)
{
	(void)again;
	return pane_accept_logger(app, line, PROMPT_ONLY, msg);
}

/* S: save the pane's records; an existing file needs Enter a second time. */
static int
pane_accept_save(struct app *app, const char *line, int again, char **msg)
{
	int	r = export_save(app, pane_focused(app), line, again, msg);

	if (r == 0) {
		app_status(app, 0, "%s", *msg);
		free(*msg);
		*msg = NULL;
	}
	return r;
}

/*
 * H: add a highlight (matches coloured in every pane, nothing filtered;
 * at most APP_HL_MAX, the oldest goes); an empty line clears them all.
 */
static int
pane_accept_highlight(struct app *app, const char *line, int again, char **msg)
{
	struct regex	*re;
	char		*cause = NULL;
	size_t		 i;

	(void)again;
	if (*line == '\0') {
		for (i = 0; i < app->nhl; i++)
			regex_free(app->hl[i]);
		app->nhl = 0;
		app_status(app, 0, "highlights cleared");
		return 0;
	}
	re = regex_compile(line, pane_focused(app)->filter.rcase, &cause);
	if (re == NULL) {
		*msg = xasprintf("bad regex: %s", cause);
		free(cause);
		return -1;
	}
	if (app->nhl == APP_HL_MAX) {
		regex_free(app->hl[0]);
		memmove(app->hl, app->hl + 1, (APP_HL_MAX - 1) * sizeof *app->hl);
		app->nhl--;
	}
	app->hl[app->nhl++] = re;
	app_status(app, 0, "highlight %zu of %d: %s (H, empty: clear)", app->nhl,
	    APP_HL_MAX, line);
	return 0;
}

/* Open the search prompt (the / key), searching the focused pane. */
void
pane_prompt_search(struct app *app)
{
	prompt_open(app, PROMPT_SEARCH, pane_accept_search);
}

/*
 * Enter: fold or unfold the cursor record's continuation lines; on a
 * summary row, expand the run (again: fold it back).
 */
static void
pane_enter(struct app *app, struct pane *p)
{
	size_t		cur = pane_cursor(p);
	struct run	run;

	if (cur == SIZE_MAX)
		return;
	if (runs_active(&p->runs) && runs_at(&p->runs, &p->view, cur, &run)) {
		runs_toggle(&p->runs, &run);
		if (!p->follow && run.expanded && p->top > run.first)
			p->top = run.first;
		if (!p->follow) {
			p->top_ent = view_entry(&p->view, p->top);
			pane_cursor_set(p, run.first);
		}
		return;
	}
	if (!pane_multiline(p, view_entry(&p->view, cur))) {
		app_status(app, 0, "the current record has one line: nothing to "
		    "fold (k / e / n move the cursor)");
		return;
	}
	pane_toggle_fold(p, view_entry(&p->view, cur));
	pane_cursor_show(p);
}

/* The pane's prompt and export keys: C X L S H y Y; 1 when used. */
static int
pane_key_out(struct app *app, struct pane *p, int key)
{
	switch (key) {
	case 'C':
		prompt_open(app, PROMPT_COLLAPSE, pane_accept_collapse);
		return 1;
	case 'X':
		prompt_open(app, PROMPT_HIDE, pane_accept_hide);
		return 1;
	case 'L':
		prompt_open(app, PROMPT_ONLY, pane_accept_only);
		return 1;
	case 'S':
		prompt_open(app, PROMPT_SAVE, pane_accept_save);
		return 1;
	case 'H':
		prompt_open(app, PROMPT_HIGHLIGHT, pane_accept_highlight);
		return 1;
	case 'y':
	case 'Y':
		export_copy(app, p, key == 'Y', pane_cursor(p));
		return 1;
	}
	return 0;
}

/* A key for the focused pane; returns 1 when used. */
int
pane_key(struct app *app, struct pane *p, int key)
{
	int	page = p->rows > 1 ? p->rows - 1 : 1;

	switch (key) {
	case 'j':
	case KEY_DOWN:
		pane_cursor_move(p, 1);
		return 1;
	case 'k':
	case KEY_UP:
		pane_cursor_move(p, -1);
		return 1;
	case ' ':
	case KEY_NPAGE:
		pane_scroll(app, p, page);
		return 1;
	case 'b':
	case KEY_PPAGE:
		pane_scroll(app, p, -page);
		return 1;
	case 'g':
	case KEY_HOME:
		if (view_count(&p->view) > 0)
			pane_goto(p, 0);
		return 1;
	case 'G':
	case KEY_END:
		pane_follow(p);
		return 1;
	case 'F':
		if (p->follow)
			pane_pause(p);
		else
			pane_follow(p);
		return 1;
	case KEY_LEFT:
		if (p->wrap)
			app_status(app, 0, "wrap is on: no sideways scrolling (r)");
		else
			p->hscroll = p->hscroll > PANE_HSTEP ?
			    p->hscroll - PANE_HSTEP : 0;
		return 1;
	case KEY_RIGHT:
		if (p->wrap)
			app_status(app, 0, "wrap is on: no sideways scrolling (r)");
		else if (p->hscroll + (unsigned)pane_text_width(p) < p->maxcols)
			p->hscroll += PANE_HSTEP;
		return 1;
	case 'v':
		p->raw = !p->raw;
		p->hscroll = 0;
		app_status(app, 0, "%s view", p->raw ? "raw" : "compact");
		return 1;
	case 'r':
		p->wrap = !p->wrap;
		p->hscroll = 0;
		app_status(app, 0, "wrap %s", p->wrap ? "on" : "off");
		return 1;
	case '1': case '2': case '3': case '4': case '5':
		pane_toggle_levels(p, key);
		return 1;
	case 'c':
		filter_clear_regex(&p->filter);
		app_status(app, 0, "regex filters cleared");
		return 1;
	case 'n':
		pane_search_next(app, p, 1);
		return 1;
	case 'N':
		pane_search_next(app, p, -1);
		return 1;
	case 'e':
		pane_level_next(app, p, 1, LEVEL_ERROR);
		return 1;
	case 'E':
		pane_level_next(app, p, -1, LEVEL_ERROR);
		return 1;
	case 'w':
		pane_level_next(app, p, 1, LEVEL_WARNING);
		return 1;
	case 'W':
		pane_level_next(app, p, -1, LEVEL_WARNING);
		return 1;
	case TUI_KEY_ENTER:
	case KEY_ENTER:
		pane_enter(app, p);
		return 1;
	}
	return pane_key_out(app, p, key);
}
