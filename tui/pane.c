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
 * Enter folds the first record with continuation lines on screen (from
 * the top) when paused -- the one e, n or g put at the top -- and the
 * last one when following.
 */
#include "pane.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "app.h"
#include "model/lstore.h"
#include "input/source.h"
#include "core/xmalloc.h"
#include "filters/regex.h"
#include "parsers/parse.h"
#include "core/sanitize.h"
#include "core/scan.h"

#define PANE_MATCH_SPANS	12	/* include-filter matches highlighted per line */
#define PANE_SEARCH_MS	3000	/* longest a search key may scan */
#define PANE_TAG_W	8	/* merged pane: source tag columns before a draw */
#define PANE_TAG_MAX	16	/* merged pane: widest source tag */
#define PANE_TAG_MIN	24	/* narrower merged panes drop the tag */
#define PANE_HSTEP	8	/* columns per Left / Right */
#define PANE_CSPANS	48	/* compact segments styled per line */

/* Create a pane for source src, or the merged pane. */
struct pane *
pane_create(struct app *app, int merged, size_t src)
{
	struct pane	*p = xcalloc(1, sizeof *p);

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
	compact_free(&p->cmp);
	free(p);
}

/* The store of an entry. */
static struct lstore *
pane_store(struct pane *p, uint64_t ent)
{
	return p->view.stores[VIEW_ENT_STORE(ent)];
}

/* Source index of an entry. */
static size_t
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
static int
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
 * Where a pane's text goes: after the border (panes not at the left edge)
 * and, in the merged pane, the source tag -- dropped when the pane is too
 * narrow for it. *w can be 0 or less: nothing fits.
 */
static void
pane_geom(const struct pane *p, int *x, int *w, int *tagw)
{
	int	avail = p->r.w - (p->r.x > 0);

	*tagw = p->merged && avail >= PANE_TAG_MIN + p->tagw ? p->tagw + 1 : 0;
	*x = p->r.x + (p->r.x > 0) + *tagw;
	*w = avail - *tagw;
}

/* Width available for text (at least 1, for row arithmetic). */
static int
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
static unsigned
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
static const char *
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
static unsigned
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
static unsigned
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
static unsigned
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

/* Where the top must be for the last record's last row to be at the bottom. */
static void
pane_anchor_bottom(struct pane *p, int rows, size_t *top, unsigned *top_line)
{
	size_t		i = view_count(&p->view);
	unsigned	n, need = rows > 0 ? (unsigned)rows : 1;

	*top = 0;
	*top_line = 0;
	while (i > 0) {
		i--;
		n = pane_rec_rows(p, view_entry(&p->view, i));
		if (n >= need) {
			*top = i;
			*top_line = n - need;
			return;
		}
		need -= n;
	}
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
	}
	return more;
}

/* Stop following, keeping what is on screen. */
static void
pane_pause(struct pane *p)
{
	if (!p->follow)
		return;
	pane_anchor_bottom(p, p->rows, &p->top, &p->top_line);
	p->follow = 0;
	p->seen = view_count(&p->view);
	if (view_count(&p->view) > 0)
		p->top_ent = view_entry(&p->view, p->top);
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

	if (n == 0)
		return;
	if (p->follow) {
		if (lines >= 0)
			return;
		pane_pause(p);
	}
	if (p->top >= n)
		p->top = n - 1;
	while (lines < 0) {
		if (p->top_line > 0)
			p->top_line--;
		else if (p->top > 0) {
			p->top--;
			rr = pane_rec_rows(p, view_entry(&p->view, p->top));
			p->top_line = rr > 0 ? rr - 1 : 0;
		} else
			break;
		lines++;
	}
	while (lines > 0) {
		rr = pane_rec_rows(p, view_entry(&p->view, p->top));
		if (p->top_line + 1 < rr)
			p->top_line++;
		else if (p->top + 1 < n) {
			p->top++;
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
}

/* Put view index i at the top (paused). */
static void
pane_goto(struct pane *p, size_t i)
{
	pane_pause(p);
	p->top = i;
	p->top_line = 0;
	p->top_ent = view_entry(&p->view, i);
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

/*
 * The record Enter folds: of the records on screen, the first one with
 * continuation lines when paused (the top one after e, n or g), the last
 * one when following; else the top (paused) or last record.
 */
static size_t
pane_fold_target(struct pane *p)
{
	size_t	n = view_count(&p->view), lo, hi, i;

	if (n == 0)
		return SIZE_MAX;
	lo = p->vis_first < n ? p->vis_first : n - 1;
	hi = p->vis_last < n ? p->vis_last : n - 1;
	if (!p->follow && p->top < n)
		lo = p->top;
	if (hi < lo)
		hi = lo;
	if (p->follow) {
		for (i = hi + 1; i-- > lo;)
			if (pane_multiline(p, view_entry(&p->view, i)))
				return i;
	} else {
		for (i = lo; i <= hi; i++)
			if (pane_multiline(p, view_entry(&p->view, i)))
				return i;
	}
	return p->follow ? n - 1 : lo;
}

/* The record Enter acts on: the top one, or the last when following. */
static size_t
pane_current(struct pane *p)
{
	size_t	n = view_count(&p->view);

	if (n == 0)
		return SIZE_MAX;
	if (p->follow)
		return n - 1;
	return p->top < n ? p->top : n - 1;
}

/* Short name of the pane's source. */
const char *
pane_title_name(struct app *app, const struct pane *p)
{
	if (p->merged)
		return "merged";
	return source_name(app->srcs[p->src].src);
}

/* Base name of source i, and its length without the extension. */
static const char *
pane_base(struct app *app, size_t i, size_t *stem)
{
	const char	*name = source_name(app->srcs[i].src), *slash, *dot;

	slash = strrchr(name, '/');
	name = slash != NULL && slash[1] != '\0' ? slash + 1 : name;
	dot = strrchr(name, '.');
	*stem = dot != NULL && dot != name ? (size_t)(dot - name) : strlen(name);
	return name;
}

/*
 * Label of a source in the merged pane, *len bytes: its base name without
 * the extension ("api" for /var/log/api.log) when no other source has that
 * stem, else the whole base name.
 */
static const char *
pane_tag(struct app *app, size_t src, size_t *len)
{
	const char	*name, *other;
	size_t		 stem, ostem, i;

	name = pane_base(app, src, &stem);
	for (i = 0; i < app->nsrcs; i++) {
		if (i == src)
			continue;
		other = pane_base(app, i, &ostem);
		if (ostem == stem && memcmp(other, name, stem) == 0) {
			*len = strlen(name);
			return name;
		}
	}
	*len = stem;
	return name;
}

/* Columns of the merged pane's tag: the widest label, at most PANE_TAG_MAX. */
static int
pane_tag_width(struct app *app)
{
	const char	*tag;
	size_t		 i, len, w, max = 1;

	for (i = 0; i < app->nsrcs; i++) {
		tag = pane_tag(app, i, &len);
		w = sanitize_width(tag, len, 8);
		if (w > max)
			max = w;
	}
	return max > PANE_TAG_MAX ? PANE_TAG_MAX : (int)max;
}

/* One piece of a title line. */
struct pane_seg {
	char	text[192];
	int	width;		/* columns; 0: not shown */
	int	prio;		/* higher stays longer when the line is short */
	int	elem;		/* theme element; -1: the level letters */
	int	cut;		/* may be shortened to fit */
};

static void	pane_seg_add(struct pane_seg *, size_t *, int, int, int,
		    const char *, ...) __attribute__((format(printf, 6, 7)));

/* Add a title piece. */
static void
pane_seg_add(struct pane_seg *seg, size_t *n, int prio, int elem, int cut,
    const char *fmt, ...)
{
	struct pane_seg	*sg = &seg[*n];
	va_list		 ap;

	va_start(ap, fmt);
	vsnprintf(sg->text, sizeof sg->text, fmt, ap);
	va_end(ap);
	sg->width = (int)sanitize_width(sg->text, strlen(sg->text), 8);
	sg->prio = prio;
	sg->elem = elem;
	sg->cut = cut;
	(*n)++;
}

/* Compact view: the date of the last record drawn, once, in the title. */
static void
pane_title_date(struct pane *p, struct pane_seg *seg, size_t *nseg, int elem)
{
	size_t	 n = view_count(&p->view);
	uint64_t ent;
	int64_t	 t;
	char	 date[16];

	if (p->raw || n == 0)
		return;
	ent = view_entry(&p->view, p->vis_last < n ? p->vis_last : n - 1);
	t = lstore_time(pane_store(p, ent), VIEW_ENT_ID(ent));
	if (t == TIME_UNKNOWN)
		return;
	compact_date(t, date);
	pane_seg_add(seg, nseg, 2, elem, 0, "%s", date);
}

/*
 * Paused: the time of the top record and how far it is behind the pane's
 * newest record ("at 14:05:07 -1h02m"), so the user knows when they are.
 */
static void
pane_title_paused(struct pane *p, struct pane_seg *seg, size_t *nseg, int elem)
{
	size_t		 n = view_count(&p->view);
	uint64_t	 ent;
	int64_t		 t, newest, d;
	char		 behind[32];

	if (n == 0 || p->top >= n)
		return;
	ent = view_entry(&p->view, p->top);
	t = lstore_time(pane_store(p, ent), VIEW_ENT_ID(ent));
	ent = view_entry(&p->view, n - 1);
	newest = lstore_time(pane_store(p, ent), VIEW_ENT_ID(ent));
	if (t == TIME_UNKNOWN)
		return;
	d = newest != TIME_UNKNOWN && newest > t ? (newest - t) / 1000 : 0;
	if (d >= 3600)
		snprintf(behind, sizeof behind, " -%lldh%02lldm",
		    (long long)(d / 3600), (long long)(d / 60 % 60));
	else if (d >= 60)
		snprintf(behind, sizeof behind, " -%lldm%02llds",
		    (long long)(d / 60), (long long)(d % 60));
	else if (d > 0)
		snprintf(behind, sizeof behind, " -%llds", (long long)d);
	else
		behind[0] = '\0';
	t = (t / 1000) % 86400;
	if (t < 0)
		t += 86400;
	pane_seg_add(seg, nseg, 7, elem, 0, "at %02d:%02d:%02d%s",
	    (int)(t / 3600), (int)(t / 60 % 60), (int)(t % 60), behind);
}

/*
 * Draw the title line: the source name, [format], the five level letters
 * (hidden levels dimmed), the filters, FOLLOW or PAUSED +N, the date
 * (compact view: the records show the time of day only), the sideways
 * scroll column, records/s, indexing and filtering progress, and the
 * source's state. When the pane is too narrow for all of it the pieces
 * that matter least are left out whole (never cut in the middle), in
 * this order: r/s, [format], the column, the filters, the levels; the
 * name is shortened last.
 */
static void
pane_draw_title(struct app *app, struct pane *p, const struct rect *r, int focused)
{
	static const char	 letters[] = "DIWEC";
	static const int	 lv[] = { LEVEL_DEBUG, LEVEL_INFO, LEVEL_WARNING,
	    LEVEL_ERROR, LEVEL_CRITICAL };
	struct tui		*t = app->tui;
	int			 elem = focused ? THEME_TITLE_FOCUS : THEME_TITLE;
	int			 x, end = r->x + r->w, i, left, namew, fullw, used;
	char			 buf[160];
	const char		*name = pane_title_name(app, p);
	struct rect		 line = { r->x, r->y, r->w, 1 };
	struct pane_seg		 seg[16];
	size_t			 nseg = 0, k, len;
	uint64_t		 done, total;

	tui_fill(t, &line, elem);
	if (r->w < 2)
		return;
	if (!p->merged && app->srcs[p->src].format != NULL)
		pane_seg_add(seg, &nseg, 2, elem, 0, "[%s]",
		    app->srcs[p->src].format);
	pane_seg_add(seg, &nseg, 6, -1, 0, "%s", letters);
	buf[0] = '\0';
	for (k = 0; k < p->filter.ninc; k++) {
		len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "+/%s/ ",
		    regex_pattern(p->filter.inc[k]));
	}
	for (k = 0; k < p->filter.nexc; k++) {
		len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "-/%s/ ",
		    regex_pattern(p->filter.exc[k]));
	}
	if (!lsel_empty(p->filter.lsel)) {
		len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, "loggers ");
	}
	len = strlen(buf);
	if (len > 0) {
		buf[len - 1] = '\0';
		pane_seg_add(seg, &nseg, 5, elem, 1, "%s", buf);
	}
	if (p->follow)
		pane_seg_add(seg, &nseg, 8, elem, 0, "FOLLOW");
	else {
		pane_seg_add(seg, &nseg, 8, elem, 0, "PAUSED +%zu",
		    pane_new_records(p));
		pane_title_paused(p, seg, &nseg, elem);
	}
	pane_title_date(p, seg, &nseg, elem);
	if (p->wrap)
		pane_seg_add(seg, &nseg, 3, elem, 0, "wrap");
	else if (p->hscroll > 0)
		pane_seg_add(seg, &nseg, 3, elem, 0, "col %u", p->hscroll + 1);
	if (!p->merged) {
		struct asrc	*as = &app->srcs[p->src];
		const char	*st = source_state_text(as->src);

		pane_seg_add(seg, &nseg, 1, elem, 0, "%llu r/s",
		    (unsigned long long)app_rate(as, clock_ms()));
		lstore_head_progress(as->store, &done, &total);
		if (total > 0)
			pane_seg_add(seg, &nseg, 7, elem, 0, "indexing %llu%%",
			    (unsigned long long)(done * 100 / total));
		if (lstore_dropped(as->store) > 0)
			pane_seg_add(seg, &nseg, 4, THEME_ERROR, 0,
			    "%llu old records dropped",
			    (unsigned long long)lstore_dropped(as->store));
		if (*st != '\0')
			pane_seg_add(seg, &nseg, 9, THEME_ERROR, 1, "%s", st);
	}
	if (view_progress(&p->view) < 100)
		pane_seg_add(seg, &nseg, 7, elem, 0, "filtering %d%%",
		    view_progress(&p->view));
	if (p->filter.undecided > 0)
		pane_seg_add(seg, &nseg, 4, THEME_ERROR, 0,
		    "%llu undecided (regex limit)",
		    (unsigned long long)p->filter.undecided);

	/* The name first (at most 12 columns for now), then by priority. */
	fullw = (int)sanitize_width(name, strlen(name), 8);
	left = r->w - 1;
	namew = fullw < 12 ? fullw : 12;
	if (namew > left)
		namew = left;
	left -= namew;
	for (i = 9; i >= 0; i--) {
		for (k = 0; k < nseg; k++) {
			if (seg[k].prio != i)
				continue;
			if (seg[k].width + 1 <= left)
				left -= seg[k].width + 1;
			else if (seg[k].cut && left >= 7) {
				seg[k].width = left - 1;
				left = 0;
			} else
				seg[k].width = 0;
		}
	}
	namew += fullw - namew < left ? fullw - namew : left;

	x = r->x + 1;
	x += tui_str(t, x, r->y, namew, name, elem);
	for (k = 0; k < nseg && x < end; k++) {
		if (seg[k].width == 0)
			continue;
		x++;
		if (seg[k].elem != -1) {
			x += tui_str(t, x, r->y, seg[k].width < end - x ?
			    seg[k].width : end - x, seg[k].text, seg[k].elem);
			continue;
		}
		for (i = 0; i < 5 && x < end; i++) {
			int	on = (p->filter.levels & LEVEL_BIT(lv[i])) != 0;

			used = tui_nstr_attr(t, x, r->y, 1, &letters[i], 1, on ?
			    (tui_attr(t, THEME_LEVEL_NONE + lv[i]) | A_BOLD) :
			    (tui_attr(t, elem) | A_DIM));
			x += used;
		}
	}
}

/* Styled spans of a record's first line. */
static size_t
pane_spans(struct pane *p, const char *line, size_t n, struct tspan *sp,
    unsigned level)
{
	struct fields	f;
	size_t		k = 0;

	if (!parse_line(&p->parser, line, n, &f))
		return 0;
	if (f.time_span.len > 0) {
		sp[k].off = f.time_span.off;
		sp[k].len = f.time_span.len;
		sp[k].elem = THEME_TIMESTAMP;
		sp[k++].logger = 0;
	}
	if (f.level_span.len > 0) {
		sp[k].off = f.level_span.off;
		sp[k].len = f.level_span.len;
		sp[k].elem = THEME_LEVEL_NONE + (int)level;
		sp[k++].logger = 0;
	}
	if (f.logger.len > 0) {
		sp[k].off = f.logger.off;
		sp[k].len = f.logger.len;
		sp[k].elem = THEME_LOGGER;
		sp[k].logger = 1;
		sp[k].name = line + f.logger.off;
		sp[k++].namelen = f.logger.len;
	}
	return k;
}

/* Draw the fold marker " [+N lines]" after a row's cols columns of text, or at its right end. */
static void
pane_draw_fold_marker(struct tui *t, int x, int y, int w, int cols,
    unsigned lines)
{
	char	marker[48];
	int	mlen;

	snprintf(marker, sizeof marker, " [+%u line%s]", lines, lines == 1 ?
	    "" : "s");
	mlen = (int)strlen(marker);
	if (cols + mlen <= w)
		x += cols;
	else if (mlen < w)
		x += w - mlen;
	tui_str(t, x, y, mlen < w ? mlen : w, marker, THEME_MARKER);
}

/*
 * Where the pane's include regexes match in a line, as THEME_MATCH spans
 * (at most PANE_MATCH_SPANS): the reason a filtered record is shown.
 */
static size_t
pane_match_spans(struct pane *p, const char *line, size_t n, struct tspan *sp)
{
	size_t	k = 0, i, from, ms, ml;

	for (i = 0; i < p->filter.ninc && k < PANE_MATCH_SPANS; i++) {
		from = 0;
		while (k < PANE_MATCH_SPANS && from <= n &&
		    regex_find(p->filter.inc[i], line, n, from, &ms, &ml) ==
		    REGEX_MATCH) {
			if (ml > 0) {
				sp[k].off = ms;
				sp[k].len = ml;
				sp[k].elem = THEME_MATCH;
				sp[k++].logger = 0;
			}
			from = ms + (ml ? ml : 1);
		}
	}
	return k;
}

/* Theme element of a compact segment. */
static int
pane_cseg_elem(int kind, unsigned level, int base)
{
	switch (kind) {
	case CSEG_TIME:
	case CSEG_KEY:
	case CSEG_VALUE:
		return THEME_TIMESTAMP;		/* dimmed */
	case CSEG_LEVEL:
		return THEME_LEVEL_NONE + (int)level;
	case CSEG_LOGGER:
		return THEME_LOGGER;
	case CSEG_MARKER:
		return THEME_MARKER;
	}
	return base;
}

/*
 * Styled spans of the compact line at [off, off + n) of p->cmp (at most
 * max): its segments, the logger coloured by the full name.
 */
static size_t
pane_compact_spans(struct pane *p, const char *raw, size_t off, size_t n,
    struct tspan *sp, size_t max, unsigned level, int base)
{
	const struct cseg	*sg;
	size_t			 i, k = 0;

	for (i = 0; i < p->cmp.nsegs && k < max; i++) {
		sg = &p->cmp.segs[i];
		if (sg->off < off || sg->off >= off + n)
			continue;
		sp[k].off = sg->off - off;
		sp[k].len = sg->len;
		sp[k].elem = pane_cseg_elem(sg->kind, level, base);
		sp[k].logger = sg->kind == CSEG_LOGGER && raw != NULL;
		if (sp[k].logger) {
			sp[k].name = raw + p->cf.logger.off;
			sp[k].namelen = p->cf.logger.len;
		}
		k++;
	}
	return k;
}

/* Draw one record's rows from row `skip` on, into rows [y, ymax). Returns rows drawn. */
static int
pane_draw_record(struct app *app, struct pane *p, uint64_t ent, unsigned skip,
    int x, int y, int ymax, int w, int tagw)
{
	struct tui		*t = app->tui;
	struct lstore		*ls = pane_store(p, ent);
	const struct lrec	*rec = lstore_get(ls, VIEW_ENT_ID(ent));
	const char		*text, *q, *nl, *end, *tag, *raw;
	size_t			 len, n, src = pane_src_of(p, ent), woff, width;
	size_t			 rawlen, taglen;
	uint64_t		 full;
	unsigned		 row = 0, lr, k, wcol, from;
	unsigned		 level = LREC_LEVEL(rec);
	int			 drawn = 0, first = 1, base, elem, cols;
	int			 folded = pane_folded(p, ent);
	struct tspan		 sp[PANE_CSPANS + PANE_MATCH_SPANS];
	size_t			 nsp;
	char			 marker[96];

	text = pane_display_text(p, ent, &len, &rawlen, &full);
	raw = p->raw ? NULL : lstore_text(ls, VIEW_ENT_ID(ent), &rawlen, &full);
	if (text == NULL) {
		if (skip == 0 && y < ymax) {
			tui_str(t, x, y, w, "(text no longer available: the file "
			    "was truncated or replaced)", THEME_MARKER);
			return 1;
		}
		return 0;
	}
	base = level >= LEVEL_WARNING ? THEME_LEVEL_NONE + (int)level : THEME_MESSAGE;
	if (level == LEVEL_DEBUG || level == LEVEL_TRACE)
		base = THEME_LEVEL_NONE + (int)level;
	q = text;
	end = text + len;
	while (y + drawn < ymax) {
		nl = memchr(q, '\n', (size_t)(end - q));
		n = (size_t)((nl ? nl : end) - q);
		if (n > 0 && q[n - 1] == '\r')
			n--;
		if (!p->raw)
			nsp = pane_compact_spans(p, raw, (size_t)(q - text), n,
			    sp, PANE_CSPANS, level, base);
		else
			nsp = first ? pane_spans(p, q, n, sp, level) : 0;
		nsp += pane_match_spans(p, q, n, sp + nsp);
		elem = first || level >= LEVEL_WARNING ? base : THEME_MESSAGE;
		lr = pane_line_rows(p, q, n, w);
		woff = 0;
		wcol = 0;
		for (k = 0; k < lr && y + drawn < ymax; k++, row++) {
			from = p->wrap ? pane_wrap_next(q, n, &woff, &wcol, w) :
			    p->hscroll;
			if (row < skip)
				continue;
			if (tagw > 1) {
				tag = pane_tag(app, src, &taglen);
				tui_nstr_attr(t, x - tagw, y + drawn, tagw - 1, tag,
				    taglen, tui_attr(t, THEME_SOURCE_1 +
				    (int)(src % 8)));
			}
			cols = tui_text(t, x, y + drawn, w, q, n, from, elem, sp,
			    nsp, p->search);
			if (!p->wrap && cols >= w - 1) {
				/* Maybe more on the right: how far Right may go. */
				width = sanitize_width(q, n, 8);
				if (width > p->maxcols)
					p->maxcols = width;
			} else if (!p->wrap && from + (unsigned)cols > p->maxcols)
				p->maxcols = from + (unsigned)cols;
			if (first && folded && nl != NULL && k + 1 == lr)
				pane_draw_fold_marker(t, x, y + drawn, w, cols,
				    pane_text_lines(text, len) - 1);
			drawn++;
		}
		first = 0;
		if (nl == NULL || folded)
			break;
		q = nl + 1;
	}
	if (full > rawlen && y + drawn < ymax && !folded) {
		if (row >= skip) {
			snprintf(marker, sizeof marker, "[record truncated: showing "
			    "%zu of %llu bytes]", rawlen, (unsigned long long)full);
			tui_str(t, x, y + drawn, w, marker, THEME_MARKER);
			drawn++;
		}
	}
	return drawn;
}

/* Draw the pane. */
void
pane_draw(struct app *app, struct pane *p, const struct rect *r, int focused)
{
	struct tui	*t = app->tui;
	size_t		 i, n;
	unsigned	 skip;
	int		 x, y, w, got, tagw;
	struct rect	 body;

	p->r = *r;
	p->rows = r->h - 1;
	if (p->merged)
		p->tagw = pane_tag_width(app);
	if (r->w <= 0 || r->h <= 0)
		return;
	pane_draw_title(app, p, r, focused);
	if (r->h < 2)
		return;
	body.x = r->x;
	body.y = r->y + 1;
	body.w = r->w;
	body.h = r->h - 1;
	tui_fill(t, &body, THEME_MESSAGE);
	if (r->x > 0) {
		attrset(tui_attr(t, focused ? THEME_BORDER_FOCUS : THEME_BORDER));
		tui_vline(app->tui, r->x, body.y, body.h);
	}
	pane_geom(p, &x, &w, &tagw);
	if (w <= 0)
		return;
	p->maxcols = 0;
	n = view_count(&p->view);
	if (n == 0) {
		tui_str(t, x - tagw, body.y, w + tagw, view_progress(&p->view) <
		    100 ? "(filtering...)" : "(no records match)", THEME_MARKER);
		return;
	}
	if (p->follow)
		pane_anchor_bottom(p, p->rows, &i, &skip);
	else {
		i = p->top < n ? p->top : n - 1;
		skip = p->top_line;
	}
	y = body.y;
	p->vis_first = p->vis_last = i;
	while (i < n && y < body.y + body.h) {
		got = pane_draw_record(app, p, view_entry(&p->view, i), skip, x, y,
		    body.y + body.h, w, tagw);
		y += got;
		skip = 0;
		p->vis_last = i++;
	}
}

/* Find the next record (dir 1) or previous (-1) from the current one that passes test. */
static int
pane_seek(struct app *app, struct pane *p, int dir, int minlevel, struct regex *re)
{
	size_t			 n = view_count(&p->view), i = pane_current(p);
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

/* Jump to the next match of the pane's search, or say there is none. */
static void
pane_search_next(struct app *app, struct pane *p, int dir)
{
	if (p->search == NULL) {
		app_status(app, 0, "no search: press / to search");
		return;
	}
	if (!pane_seek(app, p, dir, -1, p->search) && app->status == NULL)
		app_status(app, 0, "/%s: no more matches %s", p->search_pat,
		    dir > 0 ? "below" : "above");
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
 * Search from the current place: downwards from the top record when
 * paused (the top record itself included), upwards from the newest when
 * following.
 */
void
pane_search_start(struct app *app, struct pane *p)
{
	size_t	n = view_count(&p->view);

	if (!p->follow && p->top < n && pane_search_hit(p, p->top)) {
		pane_goto(p, p->top);
		return;
	}
	if (p->follow && n > 0 && pane_search_hit(p, n - 1)) {
		pane_goto(p, n - 1);
		return;
	}
	pane_search_next(app, p, p->follow ? -1 : 1);
}

/* A key for the focused pane; returns 1 when used. */
int
pane_key(struct app *app, struct pane *p, int key)
{
	size_t	cur;
	int	page = p->rows > 1 ? p->rows - 1 : 1;

	switch (key) {
	case 'j':
	case KEY_DOWN:
		pane_scroll(app, p, 1);
		return 1;
	case 'k':
	case KEY_UP:
		pane_scroll(app, p, -1);
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
		cur = pane_fold_target(p);
		if (cur != SIZE_MAX)
			pane_toggle_fold(p, view_entry(&p->view, cur));
		return 1;
	}
	return 0;
}
