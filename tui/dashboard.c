/*
 * dashboard.c: the dashboard view (`d`): each source's health at a glance.
 *
 * One block per source, and one for all of them together (first, when
 * there are several), laid out in a grid of DASH_BLOCK_W-column blocks
 * when the screen is at least twice that wide, stacked (and scrolled)
 * otherwise. A block shows: records per second now and the peak second;
 * records per level, in all and in the last minutes of the log's own
 * time; a sparkline of ERROR-or-worse per minute; the loggers with the
 * most WARNING-or-worse records of their own; the latest ERROR-or-worse
 * record's first line and its age.
 *
 * The numbers are model/dashmodel.c's (no curses there): this file hands
 * it each source's counters and rate ring, draws its blocks and handles
 * the keys. The model is recomputed at most every DASH_REFRESH_MS, and on
 * every key; frames in between draw the same model, so a dashboard under
 * a flood of records updates a few times per second and costs little
 * more than its curses output; nothing is computed while it is hidden.
 *
 * Selection: an item is a block (its title row) or one of its logger
 * rows. Up/Down (j/k) move through items in reading order, Tab / S-Tab
 * (and Left/Right) from block to block; the view (a struct scroll over
 * the content rows, tui/scroll.c) scrolls to keep the selection and as
 * much of its block as fits on screen; PgUp/PgDn and the wheel move the
 * view alone. Enter on a block opens its pane with only ERROR
 * and CRITICAL shown (the merged pane for the all-sources block); Enter
 * on a logger opens the pane with only that logger's subtree shown.
 */
#include "dashboard.h"

#include <curses.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "app.h"
#include "core/xmalloc.h"
#include "model/dashmodel.h"
#include "model/ltree.h"
#include "pane.h"
#include "scroll.h"
#include "tui.h"

#define DASH_BLOCK_W	64	/* columns of a block; side by side from 2x */
#define DASH_BLOCK_H	16	/* rows of a block, the gap below included */
#define DASH_REFRESH_MS	250	/* model recomputed at most this often */
#define DASH_LIVE_MS	(10 * 60 * 1000)	/* newest time this near now: live */
#define DASH_ERRORS	(LEVEL_BIT(LEVEL_ERROR) | LEVEL_BIT(LEVEL_CRITICAL))

/* Rows inside a block. */
enum {
	DASH_ROW_TITLE,
	DASH_ROW_RATE,
	DASH_ROW_HEAD,
	DASH_ROW_ALL,
	DASH_ROW_RECENT,
	DASH_ROW_SPARKHEAD,
	DASH_ROW_SPARK,
	DASH_ROW_TOPHEAD,
	DASH_ROW_TOP,		/* DASHMODEL_TOP rows */
	DASH_ROW_ERRHEAD = DASH_ROW_TOP + DASHMODEL_TOP,
	DASH_ROW_ERRLINE
};

struct dashboard {
	int64_t		 computed;	/* monotonic ms of the last model, 0 none */
	struct dashmodel model;
	struct dashmodel_src *in;	/* what the model reads, per source */
	size_t		 nin;

	size_t		 sel;		/* selected block */
	int		 sel_line;	/* -1: the block; else a logger row */
	struct scroll	 view;		/* content rows: top on screen, cur the selection's */
	int		 follow_sel;	/* scroll to the selection at next draw */
	int		 cols;		/* grid of the last layout */
};

/* Drawing context: where a block goes and which rows are visible. */
struct dash_ctx {
	struct app	*app;
	struct tui	*tui;
	int		 top;		/* content row of the block's first row */
	int		 x, w;		/* the block's columns */
	int		 scroll;	/* content row at screen row 0 */
	int		 rows;		/* screen rows available */
};

/* The dashboard state, created on first use. */
static struct dashboard *
dashboard_get(struct app *app)
{
	struct dashboard	*d;
	int			 fresh;

	d = app_mode_state(app, MODE_DASHBOARD, sizeof *d, &fresh);
	if (fresh) {
		dashmodel_init(&d->model);
		d->sel_line = -1;
		d->follow_sel = 1;
	}
	return d;
}

/* Wall clock in ms since the epoch. */
static int64_t
dash_wall(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* What the model reads of each source: its counters, store and rate ring. */
static const struct dashmodel_src *
dash_inputs(struct app *app, struct dashboard *d)
{
	size_t	n = app_nsources(app), i;

	if (d->nin != n) {
		free(d->in);
		d->in = xcalloc(n ? n : 1, sizeof *d->in);
		d->nin = n;
	}
	for (i = 0; i < n; i++)
		app_source_dash(app, i, &d->in[i]);
	return d->in;
}

/* Recompute the model from the counters; keep the selection inside it. */
static void
dash_compute(struct app *app, struct dashboard *d, int64_t now)
{
	const struct dashmodel_block	*b;

	dashmodel_compute(&d->model, dash_inputs(app, d), app_nsources(app),
	    now);
	if (d->sel >= d->model.nblocks)
		d->sel = 0;
	if (d->sel < d->model.nblocks) {
		b = &d->model.blocks[d->sel];
		if (d->sel_line >= b->ntop)
			d->sel_line = b->ntop - 1;
	}
	d->computed = now;
}

/* Screen row of block row r, or -1 when it is off screen. */
static int
dash_y(const struct dash_ctx *c, int r)
{
	int	y = c->top + r - c->scroll;

	return y >= 0 && y < c->rows ? y : -1;
}

/* Draw text at column x of block row r; returns the columns used. */
static int
dash_put(const struct dash_ctx *c, int r, int x, const char *s, size_t n,
    unsigned long attr)
{
	int	y = dash_y(c, r);

	if (y < 0 || x >= c->w)
		return 0;
	return tui_nstr_attr(c->tui, c->x + x, y, c->w - x, s, n, attr);
}

/* Same with a NUL-terminated string and a theme element. */
static int
dash_str(const struct dash_ctx *c, int r, int x, const char *s, int elem)
{
	return dash_put(c, r, x, s, strlen(s), tui_attr(c->tui, elem));
}

/* Short column name of a level. */
static const char *
dash_level_short(int l)
{
	static const char *const names[LEVEL_COUNT] = {
		"NONE", "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "ERROR",
		"CRIT"
	};

	return names[l];
}

/* The level table: header, all records, last DASHMODEL_RECENT minutes. */
static void
dash_draw_levels(const struct dash_ctx *c, const struct dashmodel_block *b)
{
	char	num[32];
	int	l, x, cw, lw = 9;
	size_t	len;

	x = lw;
	dash_str(c, DASH_ROW_ALL, 1, "all", THEME_DASHBOARD_LABEL);
	snprintf(num, sizeof num, "last %dm", DASHMODEL_RECENT);
	dash_str(c, DASH_ROW_RECENT, 1, num, THEME_DASHBOARD_LABEL);
	/* Worst first; levels without records are left out. */
	for (l = LEVEL_COUNT; l >= 0; l--) {
		const char	*name = l == LEVEL_COUNT ? "TOTAL" :
		    dash_level_short(l);
		uint64_t	 all = l == LEVEL_COUNT ? b->records : b->levels[l];
		uint64_t	 rec = 0;
		int		 elem = l == LEVEL_COUNT ? THEME_DASHBOARD_LABEL :
		    THEME_LEVEL_NONE + l;

		if (l < LEVEL_COUNT && all == 0)
			continue;
		if (l == LEVEL_COUNT) {
			for (int k = 0; k < LEVEL_COUNT; k++)
				rec += b->recent[k];
		} else
			rec = b->recent[l];
		len = (size_t)snprintf(num, sizeof num, "%" PRIu64, all);
		cw = (int)strlen(name);
		if ((int)len > cw)
			cw = (int)len;
		x += 1;
		dash_str(c, DASH_ROW_HEAD, x + cw - (int)strlen(name), name,
		    elem);
		dash_str(c, DASH_ROW_ALL, x + cw - (int)len, num,
		    THEME_MESSAGE);
		if (b->newest == TIME_UNKNOWN)
			snprintf(num, sizeof num, "-");
		else
			snprintf(num, sizeof num, "%" PRIu64, rec);
		dash_str(c, DASH_ROW_RECENT, x + cw - (int)strlen(num), num,
		    THEME_MESSAGE);
		x += cw;
	}
}

/* The ERROR+ per minute sparkline and its heading. */
static void
dash_draw_spark(const struct dash_ctx *c, const struct dashmodel_block *b)
{
	static const char *const bars[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588"
	};
	char		 buf[DASHMODEL_SPARK * 3 + 1], from[8], to[8], num[32];
	uint64_t	 max = 0, sum = 0;
	int64_t		 firstmin;
	int		 i, n, skip, x;

	if (b->spark_end == INT64_MIN) {
		dash_str(c, DASH_ROW_SPARKHEAD, 1, "ERROR+ per minute: no "
		    "timestamps in this log", THEME_DASHBOARD_LABEL);
		return;
	}
	for (i = 0; i < DASHMODEL_SPARK; i++) {
		if (b->spark[i] > max)
			max = b->spark[i];
		sum += b->spark[i];
	}
	dashmodel_hhmm(from, sizeof from, b->spark_end - DASHMODEL_SPARK + 1);
	dashmodel_hhmm(to, sizeof to, b->spark_end);
	dashmodel_num(num, sizeof num, max);
	snprintf(buf, sizeof buf, "ERROR+ per minute %s-%s (log time): "
	    "%" PRIu64 ", max %s/min", from, to, sum, num);
	dash_str(c, DASH_ROW_SPARKHEAD, 1, buf, THEME_DASHBOARD_LABEL);

	/* As many of the newest minutes as fit. */
	n = DASHMODEL_SPARK;
	if (n > c->w - 2)
		n = c->w - 2 > 0 ? c->w - 2 : 0;
	skip = DASHMODEL_SPARK - n;
	firstmin = b->first == TIME_UNKNOWN ? INT64_MIN :
	    stats_minute_of(b->first);
	x = 2;
	for (i = skip; i < DASHMODEL_SPARK; i++, x++) {
		int64_t	minute = b->spark_end - DASHMODEL_SPARK + 1 + i;
		uint64_t v = b->spark[i];

		if (minute < firstmin)
			dash_str(c, DASH_ROW_SPARK, x, " ",
			    THEME_DASHBOARD_LABEL);
		else if (v == 0)
			dash_str(c, DASH_ROW_SPARK, x, "\u00b7",
			    THEME_DASHBOARD_LABEL);
		else
			dash_str(c, DASH_ROW_SPARK, x,
			    bars[dashmodel_bar(v, max) - 1],
			    THEME_DASHBOARD_SPARK);
	}
}

/* The top loggers by WARNING+ of their own. */
static void
dash_draw_loggers(const struct dash_ctx *c, struct dashboard *d, size_t bi,
    const struct dashmodel_block *b)
{
	const char	*name;
	char		 num[32];
	size_t		 len;
	int		 i, k, cw = 7, namew, sel, r;
	unsigned long	 attr;
	static const int lev[3] = {
		LEVEL_WARNING, LEVEL_ERROR, LEVEL_CRITICAL
	};

	namew = c->w - 2 - 3 * cw - 1;
	if (namew < 8)
		namew = 8;
	/* The heading, shortened when the columns come close. */
	if (2 + namew + 1 + cw - 4 > 1 + 30)
		dash_str(c, DASH_ROW_TOPHEAD, 1, "top loggers by WARNING+ (own)",
		    THEME_DASHBOARD_LABEL);
	else if (2 + namew + 1 + cw - 4 > 1 + 16)
		dash_str(c, DASH_ROW_TOPHEAD, 1, "top WARNING+",
		    THEME_DASHBOARD_LABEL);
	for (k = 0; k < 3; k++)
		dash_str(c, DASH_ROW_TOPHEAD, 2 + namew + 1 + k * cw +
		    cw - (int)strlen(dash_level_short(lev[k])),
		    dash_level_short(lev[k]), THEME_LEVEL_NONE + lev[k]);
	if (b->ntop == 0)
		dash_str(c, DASH_ROW_TOP, 2, "(none)", THEME_DASHBOARD_LABEL);
	for (i = 0; i < b->ntop; i++) {
		r = DASH_ROW_TOP + i;
		sel = d->sel == bi && d->sel_line == i;
		if (sel && dash_y(c, r) >= 0) {
			struct rect	line = { c->x, dash_y(c, r), c->w, 1 };

			tui_fill(c->tui, &line, THEME_TREE_SELECTED);
		}
		name = ltree_name(app_tree(c->app), b->top[i], &len);
		attr = sel ? tui_attr(c->tui, THEME_TREE_SELECTED) :
		    tui_logger_attr(c->tui, name, len);
		dash_put(c, r, 0, sel ? ">" : " ", 1, attr);
		/* Names too long keep their end (the leaf). */
		if ((int)len > namew) {
			dash_put(c, r, 2, "\u2026", 3, attr);
			dash_put(c, r, 3, name + len - (size_t)(namew - 1),
			    (size_t)(namew - 1), attr);
		} else
			dash_put(c, r, 2, name, len, attr);
		for (k = 0; k < 3; k++) {
			dashmodel_num(num, sizeof num, b->topn[i][k]);
			dash_put(c, r, 2 + namew + 1 + k * cw + cw -
			    (int)strlen(num), num, strlen(num), sel ? attr :
			    tui_attr(c->tui, b->topn[i][k] ? THEME_MESSAGE :
			    THEME_DASHBOARD_LABEL));
		}
	}
}

/* The latest error: its age and first line. */
static void
dash_draw_error(const struct dash_ctx *c, const struct dashmodel_block *b)
{
	const struct dashmodel_err	*e = b->err;
	char			 buf[160], age[32];
	int64_t			 wall;

	if (e == NULL) {
		dash_str(c, DASH_ROW_ERRHEAD, 1, "latest error: none",
		    THEME_DASHBOARD_LABEL);
		return;
	}
	if (e->id == UINT64_MAX) {
		snprintf(buf, sizeof buf, "latest error: none in the last %d "
		    "records", DASHMODEL_SCAN_MAX);
		dash_str(c, DASH_ROW_ERRHEAD, 1, buf, THEME_DASHBOARD_LABEL);
		return;
	}
	wall = dash_wall();
	if (e->time == TIME_UNKNOWN)
		snprintf(buf, sizeof buf, "latest error (no timestamp):");
	else if (b->live && b->newest != TIME_UNKNOWN &&
	    llabs(wall - b->newest) < DASH_LIVE_MS) {
		dashmodel_age(age, sizeof age, wall - e->time);
		snprintf(buf, sizeof buf, "latest error %s ago (wall clock):",
		    age);
	} else {
		dashmodel_age(age, sizeof age, b->newest - e->time);
		snprintf(buf, sizeof buf, "latest error %s before the newest "
		    "record (log time):", age);
	}
	dash_str(c, DASH_ROW_ERRHEAD, 1, buf, THEME_DASHBOARD_LABEL);
	if (e->gone)
		dash_str(c, DASH_ROW_ERRLINE, 2, "(text gone: file truncated)",
		    THEME_MARKER);
	else if (e->line != NULL)
		dash_put(c, DASH_ROW_ERRLINE, 2, e->line, e->len,
		    tui_attr(c->tui, THEME_LEVEL_NONE + e->level));
}

/* Draw one block. */
static void
dash_draw_block(const struct dash_ctx *c, struct dashboard *d, size_t bi)
{
	const struct dashmodel_block	*b = &d->model.blocks[bi];
	struct app		*app = c->app;
	char			 buf[256], num[32], num2[64];
	const char		*name, *fmt = NULL;
	int			 sel = d->sel == bi && d->sel_line < 0, x, elem;

	/* Title. */
	elem = sel ? THEME_TREE_SELECTED : THEME_DASHBOARD_TITLE;
	if (dash_y(c, DASH_ROW_TITLE) >= 0) {
		struct rect	line = { c->x, dash_y(c, DASH_ROW_TITLE),
		    c->w - 1 > 0 ? c->w - 1 : c->w, 1 };

		tui_fill(c->tui, &line, elem);
	}
	if (b->src < 0) {
		snprintf(buf, sizeof buf, "all %zu sources",
		    app_nsources(app));
		name = buf;
	} else {
		name = app_source_name(app, (size_t)b->src);
		fmt = app_source_format(app, (size_t)b->src);
	}
	x = dash_str(c, DASH_ROW_TITLE, 0, sel ? ">" : " ", elem);
	x += dash_str(c, DASH_ROW_TITLE, x, name, elem) + 2;
	if (fmt != NULL) {
		snprintf(num2, sizeof num2, "[%s]", fmt);
		x += dash_str(c, DASH_ROW_TITLE, x, num2, elem) + 2;
	}
	dashmodel_num(num, sizeof num, b->records);
	snprintf(num2, sizeof num2, "%s records", num);
	x += dash_str(c, DASH_ROW_TITLE, x, num2, elem) + 2;
	if (sel)
		dash_str(c, DASH_ROW_TITLE, x, "Enter: ERROR+ only", elem);

	/* Rate. */
	dash_str(c, DASH_ROW_RATE, 1, "rate", THEME_DASHBOARD_LABEL);
	snprintf(buf, sizeof buf, "%" PRIu64 ".%" PRIu64 "/s",
	    b->rate10 / DASHMODEL_RATE_SECS, b->rate10 % DASHMODEL_RATE_SECS *
	    10 / DASHMODEL_RATE_SECS);
	x = 1 + 8;
	x += dash_str(c, DASH_ROW_RATE, x, buf, THEME_DASHBOARD_BAR);
	snprintf(buf, sizeof buf, " now (last %d s)   peak ", DASHMODEL_RATE_SECS);
	x += dash_str(c, DASH_ROW_RATE, x, buf, THEME_DASHBOARD_LABEL);
	dashmodel_num(num, sizeof num, b->peak);
	snprintf(buf, sizeof buf, "%s/s", num);
	x += dash_str(c, DASH_ROW_RATE, x, buf, THEME_DASHBOARD_BAR);

	dash_draw_levels(c, b);
	dash_draw_spark(c, b);
	dash_draw_loggers(c, d, bi, b);
	dash_draw_error(c, b);
}

/* Grid columns for a screen width. */
static int
dash_cols(int w)
{
	return w >= 2 * DASH_BLOCK_W ? w / DASH_BLOCK_W : 1;
}

/*
 * Lay the blocks out for a w x h screen: the grid's columns and the view
 * over the content rows. Returns the rows the blocks get (above the
 * dashboard's key line and the status line).
 */
static int
dash_layout(struct dashboard *d, int w, int h)
{
	int	rows = h - 1, nrows;

	if (rows > 4)
		rows--;		/* the dashboard's own keys */
	d->cols = dash_cols(w);
	nrows = (int)((d->model.nblocks + (size_t)d->cols - 1) /
	    (size_t)d->cols);
	scroll_set(&d->view, (size_t)nrows * DASH_BLOCK_H,
	    rows > 0 ? (size_t)rows : 0);
	return rows;
}

/* Content row of the selected item. */
static int
dash_sel_row(const struct dashboard *d)
{
	int	cols = d->cols > 0 ? d->cols : 1;

	return (int)(d->sel / (size_t)cols) * DASH_BLOCK_H +
	    (d->sel_line < 0 ? DASH_ROW_TITLE : DASH_ROW_TOP + d->sel_line);
}

/* Draw the dashboard over rows 0..h-2 (the status line is below). */
void
dashboard_draw(struct app *app, int w, int h)
{
	struct dashboard	*d = dashboard_get(app);
	struct tui		*t = app_tui(app);
	struct dash_ctx		 c;
	int64_t			 now = clock_ms();
	int			 rows = h - 1, cols, row;
	size_t			 i, bt;

	if (rows < 1 || w < 1)
		return;
	if (rows > 4) {
		/* The dashboard's own keys, above the status line. */
		struct rect	line = { 0, rows - 1, w, 1 };

		rows--;
		tui_fill(t, &line, THEME_DASHBOARD_LABEL);
		tui_str(t, 1, rows, w - 1, "dashboard: j/k select  "
		    "Tab block  Enter open pane  PgUp/PgDn scroll  d/Esc back  "
		    "q quit", THEME_DASHBOARD_LABEL);
	}
	if (d->computed == 0 || now - d->computed >= DASH_REFRESH_MS ||
	    now < d->computed)
		dash_compute(app, d, now);
	if (d->model.nblocks == 0) {
		tui_str(t, 1, 0, w - 1, "dashboard: no sources",
		    THEME_DASHBOARD_LABEL);
		return;
	}
	rows = dash_layout(d, w, h);
	cols = d->cols;
	if (d->follow_sel) {
		/* Show the selection, and as much of its block as fits. */
		d->view.cur = (size_t)dash_sel_row(d);
		bt = d->sel / (size_t)cols * DASH_BLOCK_H;
		scroll_show_span(&d->view, bt, bt + DASH_BLOCK_H);
		d->follow_sel = 0;
	}
	scroll_fit(&d->view);

	memset(&c, 0, sizeof c);
	c.app = app;
	c.tui = t;
	c.scroll = (int)d->view.top;
	c.rows = rows;
	for (i = 0; i < d->model.nblocks; i++) {
		row = (int)(i / (size_t)cols);
		c.top = row * DASH_BLOCK_H;
		if (c.top + DASH_BLOCK_H <= c.scroll ||
		    c.top >= c.scroll + rows)
			continue;
		c.x = (int)(i % (size_t)cols) * w / cols;
		c.w = (int)(i % (size_t)cols + 1) * w / cols - c.x;
		if (cols > 1)
			c.w--;		/* a gap between columns */
		dash_draw_block(&c, d, i);
	}
}

/* Index of the pane showing source src (or the merged pane for -1), or -1. */
static int
dash_pane_of(struct app *app, int src)
{
	struct pane	*p;
	size_t		 i;

	for (i = 0; i < app_npanes(app); i++) {
		p = app_pane(app, i);
		if (src < 0 ? p->merged : (!p->merged && p->src == (size_t)src))
			return (int)i;
	}
	return -1;
}

/* Enter: open the selected block's pane, filtered to errors or to a logger. */
static void
dash_enter(struct app *app, struct dashboard *d)
{
	const struct dashmodel_block	*b;
	struct pane		*p;
	const char		*name;
	size_t			 len;
	int			 pi;
	uint32_t		 id;

	if (d->sel >= d->model.nblocks)
		return;
	b = &d->model.blocks[d->sel];
	pi = dash_pane_of(app, b->src);
	if (pi < 0 && b->src < 0) {
		app_toggle_merged(app);
		pi = dash_pane_of(app, -1);
	}
	if (pi < 0)
		return;
	p = app_pane(app, (size_t)pi);
	if (d->sel_line < 0 || d->sel_line >= b->ntop) {
		filter_set_levels(&p->filter, DASH_ERRORS);
		app_status(app, 0, "%s: ERROR and CRITICAL only (keys 1-5 "
		    "toggle levels)", pane_title_name(app, p));
	} else {
		id = b->top[d->sel_line];
		lsel_reset(p->filter.lsel);
		lsel_set(p->filter.lsel, id, LSEL_ONLY);
		filter_touch(&p->filter);
		name = ltree_name(app_tree(app), id, &len);
		app_status(app, 0, "%s: only logger %.*s (t: logger tree)",
		    pane_title_name(app, p), (int)(len > 80 ? 80 : len), name);
	}
	app_focus(app, (size_t)pi);
	app_set_mode(app, MODE_PANES);
}

/* Move the selection by one item (dir 1 or -1), in reading order. */
static void
dash_move(struct dashboard *d, int dir)
{
	if (d->model.nblocks == 0)
		return;
	if (dir > 0) {
		if (d->sel_line + 1 < d->model.blocks[d->sel].ntop)
			d->sel_line++;
		else if (d->sel + 1 < d->model.nblocks) {
			d->sel++;
			d->sel_line = -1;
		}
	} else {
		if (d->sel_line >= 0)
			d->sel_line--;
		else if (d->sel > 0) {
			d->sel--;
			d->sel_line = d->model.blocks[d->sel].ntop - 1;
		}
	}
}

/* A key while the dashboard is shown. */
void
dashboard_key(struct app *app, int key)
{
	struct dashboard	*d = dashboard_get(app);
	int			 w, h;
	long			 page;

	if (key != TUI_MOUSE_UP && key != TUI_MOUSE_DOWN)
		app_status_clear(app);
	if (d->model.nblocks == 0)
		dash_compute(app, d, clock_ms());	/* keys before a frame */
	d->computed = 0;	/* answer with fresh numbers */
	tui_size(app_tui(app), &w, &h);
	page = dash_layout(d, w, h) - 2;	/* two rows kept from the last page */
	if (page < 1)
		page = 1;
	switch (key) {
	case 'd':
	case TUI_KEY_ESC:
		app_set_mode(app, MODE_PANES);
		return;
	case 'q':
		app_quit(app);
		return;
	case '?':
		app_set_mode(app, MODE_HELP);
		return;
	case 'j':
	case KEY_DOWN:
		dash_move(d, 1);
		break;
	case 'k':
	case KEY_UP:
		dash_move(d, -1);
		break;
	case TUI_KEY_TAB:
	case KEY_RIGHT:
	case 'l':
		if (d->sel + 1 < d->model.nblocks)
			d->sel++;
		d->sel_line = -1;
		break;
	case KEY_BTAB:
	case KEY_LEFT:
	case 'h':
		if (d->sel > 0 && d->sel_line < 0)
			d->sel--;
		d->sel_line = -1;
		break;
	case 'g':
	case KEY_HOME:
		d->sel = 0;
		d->sel_line = -1;
		break;
	case 'G':
	case KEY_END:
		if (d->model.nblocks > 0)
			d->sel = d->model.nblocks - 1;
		d->sel_line = -1;
		break;
	case KEY_NPAGE:
	case ' ':
	case TUI_MOUSE_DOWN:
		scroll_view(&d->view, key == TUI_MOUSE_DOWN ? 3 : page);
		return;
	case KEY_PPAGE:
	case 'b':
	case TUI_MOUSE_UP:
		scroll_view(&d->view, key == TUI_MOUSE_UP ? -3 : -page);
		return;
	case TUI_KEY_ENTER:
	case KEY_ENTER:
	case '\r':
		dash_enter(app, d);
		return;
	default:
		return;
	}
	d->follow_sel = 1;
}

/*
 * Milliseconds until the shown dashboard needs a new frame, or -1: while
 * records arrived in the rate ring's window, the "now" rate (and a live
 * error's age) change every second, so one frame a second; once every
 * source has been quiet for the window, nothing changes and no wake-up
 * is asked for.
 */
int
dashboard_timeout(struct app *app, int64_t now)
{
	struct dashboard		*d = app_mode_data(app, MODE_DASHBOARD);
	const struct dashmodel_src	*in;
	size_t				 i, n = app_nsources(app);
	int64_t				 next;

	if (app_get_mode(app) != MODE_DASHBOARD || d == NULL ||
	    d->computed == 0)
		return -1;
	in = dash_inputs(app, d);
	if (dashmodel_records(in, n) != d->model.counted) {
		/* Counts moved since the model (a big file's head landed, say). */
		next = d->computed + DASH_REFRESH_MS;
		return next <= now ? 0 : (int)(next - now);
	}
	for (i = 0; i < n; i++)
		if (dashmodel_rate_sum(&in[i].rate, now, in[i].rate.nslots - 1) > 0)
			break;
	if (i == n) {
		/* Quiet: one last frame if the shown rates are not zero yet. */
		for (i = 0; i < d->model.nblocks; i++)
			if (d->model.blocks[i].rate10 > 0 ||
			    d->model.blocks[i].live)
				break;
		if (i == d->model.nblocks)
			return -1;
	}
	next = d->computed + 1000;
	return next <= now ? 0 : (int)(next - now);
}

/* Free its state. */
void
dashboard_free(struct app *app)
{
	struct dashboard	*d = app_mode_data(app, MODE_DASHBOARD);

	if (d == NULL)
		return;
	dashmodel_free(&d->model);
	free(d->in);
	free(d);
	app_set_mode_data(app, MODE_DASHBOARD, NULL);
}
