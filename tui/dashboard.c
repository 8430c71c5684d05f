/*
 * dashboard.c: the dashboard view (`d`): each source's health at a glance.
 *
 * One block per source, and one for all of them together (first, when
 * there are several), laid out in a grid of DASH_BLOCK_W-column blocks
 * when the screen is at least twice that wide, stacked (and scrolled)
 * otherwise. A block shows: records per second now (the last
 * DASH_RATE_SECS complete seconds of the app's rate ring) and the peak
 * second; records per level, in all and in the last DASH_RECENT minutes
 * of the log's own time; a sparkline of ERROR-or-worse per minute over
 * the DASH_SPARK minutes ending at the newest timestamp seen; the
 * DASH_TOP loggers with the most WARNING-or-worse records of their own;
 * the latest ERROR-or-worse record's first line and its age.
 *
 * Every count comes from the struct stats the line store feeds as it
 * parses (the counters --stats prints): per level, per logger node, and
 * the per-minute ring keyed by the records' own time. Nothing here walks
 * the records, except to find the latest error: new records only are
 * scanned backwards from the end of each store (at most DASH_SCAN_MAX per
 * look), so the work is O(new records) and nothing at all while the
 * dashboard is hidden.
 *
 * A model (struct dash_block per block) is computed from the counters at
 * most every DASH_REFRESH_MS, and on every key; frames in between draw
 * the same model, so a dashboard under a flood of records updates a few
 * times per second and costs little more than its curses output.
 *
 * Selection: an item is a block (its title row) or one of its logger
 * rows. Up/Down (j/k) move through items in reading order, Tab / S-Tab
 * (and Left/Right) from block to block; the view scrolls to keep the
 * selection on screen. Enter on a block opens its pane with only ERROR
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
#include "model/lstore.h"
#include "input/source.h"
#include "core/xmalloc.h"
#include "model/ltree.h"
#include "model/stats.h"
#include "pane.h"
#include "tui.h"

#define DASH_BLOCK_W	64	/* columns of a block; side by side from 2x */
#define DASH_BLOCK_H	16	/* rows of a block, the gap below included */
#define DASH_TOP	5	/* loggers listed */
#define DASH_SPARK	60	/* minutes in the sparkline */
#define DASH_RECENT	5	/* minutes of "last 5m" */
#define DASH_RATE_SECS	10	/* seconds averaged for "now" */
#define DASH_SCAN_MAX	100000	/* records scanned back for the latest error */
#define DASH_REFRESH_MS	250	/* model recomputed at most this often */
#define DASH_LINE_MAX	1024	/* bytes of an error's first line kept */
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
	DASH_ROW_TOP,		/* DASH_TOP rows */
	DASH_ROW_ERRHEAD = DASH_ROW_TOP + DASH_TOP,
	DASH_ROW_ERRLINE
};

/* The latest ERROR-or-worse record of a source, found incrementally. */
struct dash_err {
	int		 valid;		/* scanned at least once */
	uint64_t	 gen;		/* store generation of the scan */
	uint64_t	 scanned;	/* ids below this were looked at */
	uint64_t	 id;		/* UINT64_MAX: none found */
	int64_t		 time;		/* its time, or TIME_UNKNOWN */
	enum level	 level;
	char		*line;		/* its first line, raw bytes */
	size_t		 len;
	int		 gone;		/* its text is gone (truncated) */
	int		 capped;	/* gave up: more than DASH_SCAN_MAX new */
};

/* What one block shows (the model). */
struct dash_block {
	int		 src;		/* source index, -1 for all sources */
	uint64_t	 records;
	uint64_t	 levels[LEVEL_COUNT];
	uint64_t	 recent[LEVEL_COUNT];
	int64_t		 newest;	/* newest time, TIME_UNKNOWN when none */
	int64_t		 first;		/* oldest time */
	int64_t		 spark_end;	/* minute of the sparkline's last column */
	uint64_t	 spark[DASH_SPARK];
	uint64_t	 rate10;	/* records in the last DASH_RATE_SECS s */
	uint64_t	 peak;		/* most records in one second */
	int		 live;		/* records arrived in the last minute */
	uint32_t	 top[DASH_TOP];
	uint64_t	 topn[DASH_TOP][3];	/* own WARNING, ERROR, CRITICAL */
	int		 ntop;
	const struct dash_err *err;	/* latest error, NULL for none */
};

struct dashboard {
	int64_t		 computed;	/* monotonic ms of the last model, 0 none */
	uint64_t	 counted;	/* records of every source then (staleness) */
	struct dash_err	*errs;		/* per source */
	uint64_t	*peaks;		/* per source, then all sources */
	size_t		 nsrcs;
	struct stats	 total;		/* all sources merged, per model */
	struct dash_block *blocks;
	size_t		 nblocks;

	size_t		 sel;		/* selected block */
	int		 sel_line;	/* -1: the block; else a logger row */
	int		 scroll;	/* first content row on screen */
	int		 follow_sel;	/* scroll to the selection at next draw */
	int		 cols;		/* grid of the last draw */
	int		 page;		/* rows of the last draw */
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
	struct dashboard	*d = app->dashboard;

	if (d == NULL) {
		d = xcalloc(1, sizeof *d);
		d->nsrcs = app->nsrcs;
		d->errs = xcalloc(d->nsrcs ? d->nsrcs : 1, sizeof *d->errs);
		d->peaks = xcalloc(d->nsrcs + 1, sizeof *d->peaks);
		d->sel_line = -1;
		d->follow_sel = 1;
		stats_init(&d->total, "all sources");
		app->dashboard = d;
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

/*
 * Records per second from a source's rate ring: the sum over the last
 * `secs` complete seconds before now, and the highest single second the
 * ring holds. A slot holds second s when rate_sec - SLOTS < s <= rate_sec.
 */
static uint64_t
dash_rate_second(const struct asrc *as, int64_t s)
{
	if (as->rate_sec == 0 || s > as->rate_sec ||
	    s <= as->rate_sec - APP_RATE_SLOTS || s < 0)
		return 0;
	return as->rate[s % APP_RATE_SLOTS];
}

/* Records in the last `secs` complete seconds of source as. */
static uint64_t
dash_rate_sum(const struct asrc *as, int64_t now_ms, int secs)
{
	int64_t		s, now = now_ms / 1000;
	uint64_t	sum = 0;

	for (s = now - secs; s < now; s++)
		sum += dash_rate_second(as, s);
	return sum;
}

/* Find the latest ERROR+ record in the records new since the last look. */
static void
dash_err_scan(struct dash_err *e, struct lstore *ls)
{
	uint64_t		 count = lstore_count(ls);
	uint64_t		 first = lstore_first(ls), id, stop, full;
	const struct lrec	*r;
	const char		*text, *nl;
	size_t			 len;

	if (!e->valid || e->gen != lstore_generation(ls) ||
	    e->scanned > count || (e->id != UINT64_MAX && e->id < first)) {
		/* First look, or ids changed meaning: start over. */
		e->valid = 1;
		e->gen = lstore_generation(ls);
		e->scanned = first;
		e->id = UINT64_MAX;
		e->capped = 0;
	}
	if (e->scanned < first)
		e->scanned = first;
	if (count == e->scanned)
		return;
	stop = e->scanned;
	if (count - stop > DASH_SCAN_MAX)
		stop = count - DASH_SCAN_MAX;
	for (id = count; id > stop; id--) {
		r = lstore_get(ls, id - 1);
		if (LREC_LEVEL(r) >= LEVEL_ERROR)
			break;
	}
	if (id == stop) {
		/* None among the new records; if some were skipped, say so. */
		if (stop > e->scanned) {
			e->id = UINT64_MAX;
			e->capped = 1;
		}
		e->scanned = count;
		return;
	}
	e->scanned = count;
	e->capped = 0;
	e->id = id - 1;
	r = lstore_get(ls, e->id);
	e->level = (enum level)LREC_LEVEL(r);
	e->time = lstore_time(ls, e->id);
	free(e->line);
	e->line = NULL;
	e->len = 0;
	e->gone = 0;
	text = lstore_text(ls, e->id, &len, &full);
	if (text == NULL) {
		e->gone = 1;
		return;
	}
	if ((nl = memchr(text, '\n', len)) != NULL)
		len = (size_t)(nl - text);
	if (len > 0 && text[len - 1] == '\r')
		len--;
	if (len > DASH_LINE_MAX)
		len = DASH_LINE_MAX;
	e->line = xstrndup(text, len);
	e->len = len;
}

/* Fill the counters of a block from its stats. */
static void
dash_block_counts(struct dash_block *b, const struct stats *st)
{
	const uint64_t	*row;
	const uint64_t	*self;
	uint64_t	 n;
	uint32_t	 id;
	int		 i, j;

	b->records = st->records;
	memcpy(b->levels, st->levels, sizeof b->levels);
	stats_recent(st, DASH_RECENT, b->recent);
	b->newest = st->newest_time;
	b->first = st->first_time;
	b->spark_end = stats_newest_minute(st);
	for (i = 0; i < DASH_SPARK; i++) {
		b->spark[i] = 0;
		if (b->spark_end == INT64_MIN)
			continue;
		row = stats_minute_levels(st,
		    b->spark_end - DASH_SPARK + 1 + i);
		b->spark[i] = row[LEVEL_ERROR] + row[LEVEL_CRITICAL];
	}

	/* The loggers with most WARNING+ records of their own. */
	b->ntop = 0;
	for (id = 1; id < st->counts.size; id++) {
		self = st->counts.self[id];
		n = self[LEVEL_WARNING] + self[LEVEL_ERROR] +
		    self[LEVEL_CRITICAL];
		if (n == 0)
			continue;
		for (i = b->ntop; i > 0; i--) {
			const uint64_t	*o = b->topn[i - 1];

			if (o[0] + o[1] + o[2] >= n)
				break;
		}
		if (i >= DASH_TOP)
			continue;
		if (b->ntop < DASH_TOP)
			b->ntop++;
		for (j = b->ntop - 1; j > i; j--) {
			b->top[j] = b->top[j - 1];
			memcpy(b->topn[j], b->topn[j - 1], sizeof b->topn[j]);
		}
		b->top[i] = id;
		b->topn[i][0] = self[LEVEL_WARNING];
		b->topn[i][1] = self[LEVEL_ERROR];
		b->topn[i][2] = self[LEVEL_CRITICAL];
	}
}

/* Is the error of a newer than that of b (either may be NULL)? */
static int
dash_err_newer(const struct dash_err *a, const struct dash_err *b)
{
	if (a == NULL || a->id == UINT64_MAX)
		return 0;
	if (b == NULL || b->id == UINT64_MAX)
		return 1;
	if (b->time == TIME_UNKNOWN)
		return a->time != TIME_UNKNOWN;
	return a->time != TIME_UNKNOWN && a->time > b->time;
}

/* Records counted in every source so far: when it moves, the model is stale. */
static uint64_t
dash_records(const struct app *app)
{
	uint64_t	n = 0;
	size_t		i;

	for (i = 0; i < app->nsrcs; i++)
		n += app->srcs[i].stats.records;
	return n;
}

/* Recompute the model from the counters. */
static void
dash_compute(struct app *app, struct dashboard *d, int64_t now)
{
	struct dash_block	*b;
	struct asrc		*as;
	const struct dash_err	*newest = NULL;
	size_t			 i, nb;
	int64_t			 s, nowsec = now / 1000;
	uint64_t		 sum;
	int			 live = 0;

	d->counted = dash_records(app);
	nb = app->nsrcs + (app->nsrcs > 1 ? 1 : 0);
	if (nb != d->nblocks) {
		free(d->blocks);
		d->blocks = xcalloc(nb ? nb : 1, sizeof *d->blocks);
		d->nblocks = nb;
		if (d->sel >= nb)
			d->sel = 0;
	}
	b = d->blocks;
	if (app->nsrcs > 1)
		b++;		/* the all-sources block goes first */
	stats_free(&d->total);
	stats_init(&d->total, "all sources");
	for (i = 0; i < app->nsrcs && i < d->nsrcs; i++, b++) {
		as = &app->srcs[i];
		dash_err_scan(&d->errs[i], as->store);
		b->src = (int)i;
		dash_block_counts(b, &as->stats);
		stats_merge(&d->total, &as->stats);
		b->rate10 = dash_rate_sum(as, now, DASH_RATE_SECS);
		b->live = dash_rate_sum(as, now, APP_RATE_SLOTS - 1) > 0;
		live |= b->live;
		/* The app keeps the exact peak, even while the dashboard is hidden. */
		if (as->rate_peak > d->peaks[i])
			d->peaks[i] = as->rate_peak;
		b->peak = d->peaks[i];
		b->err = d->errs[i].id != UINT64_MAX || d->errs[i].capped ?
		    &d->errs[i] : NULL;
		if (dash_err_newer(&d->errs[i], newest))
			newest = &d->errs[i];
	}
	if (app->nsrcs > 1) {
		b = &d->blocks[0];
		b->src = -1;
		dash_block_counts(b, &d->total);
		b->rate10 = 0;
		for (i = 0; i < app->nsrcs; i++)
			b->rate10 += d->blocks[i + 1].rate10;
		b->live = live;
		for (s = nowsec - APP_RATE_SLOTS; s < nowsec; s++) {
			for (sum = 0, i = 0; i < app->nsrcs; i++)
				sum += dash_rate_second(&app->srcs[i], s);
			if (sum > d->peaks[d->nsrcs])
				d->peaks[d->nsrcs] = sum;
		}
		b->peak = d->peaks[d->nsrcs];
		b->err = newest;
	}
	/* Keep the selected logger row inside the block's list. */
	if (d->sel < d->nblocks && d->sel_line >= d->blocks[d->sel].ntop)
		d->sel_line = d->blocks[d->sel].ntop - 1;
	d->computed = now;
}

/* Format n with thousands separators. */
static void
dash_num(char *buf, size_t size, uint64_t n)
{
	char	tmp[32];
	size_t	len, i, o = 0;

	len = (size_t)snprintf(tmp, sizeof tmp, "%" PRIu64, n);
	for (i = 0; i < len && o + 2 < size; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = tmp[i];
	}
	buf[o] = '\0';
}

/* A duration in ms as "45s", "3m12s", "2h05m", "3d04h". */
static void
dash_age(char *buf, size_t size, int64_t ms)
{
	int64_t	s = ms / 1000;

	if (s < 0)
		s = 0;
	if (s < 60)
		snprintf(buf, size, "%ds", (int)s);
	else if (s < 3600)
		snprintf(buf, size, "%dm%02ds", (int)(s / 60), (int)(s % 60));
	else if (s < 86400)
		snprintf(buf, size, "%dh%02dm", (int)(s / 3600),
		    (int)(s % 3600 / 60));
	else
		snprintf(buf, size, "%" PRId64 "d%02dh", s / 86400,
		    (int)(s % 86400 / 3600));
}

/* "HH:MM" of a minute since the epoch (the log's own clock, as written). */
static void
dash_hhmm(char *buf, size_t size, int64_t minute)
{
	int64_t	m = minute % 1440;

	if (m < 0)
		m += 1440;
	snprintf(buf, size, "%02d:%02d", (int)(m / 60), (int)(m % 60));
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

/* The level table: header, all records, last DASH_RECENT minutes. */
static void
dash_draw_levels(const struct dash_ctx *c, const struct dash_block *b)
{
	char	num[32];
	int	l, x, cw, lw = 9;
	size_t	len;

	x = lw;
	dash_str(c, DASH_ROW_ALL, 1, "all", THEME_DASHBOARD_LABEL);
	snprintf(num, sizeof num, "last %dm", DASH_RECENT);
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
dash_draw_spark(const struct dash_ctx *c, const struct dash_block *b)
{
	static const char *const bars[8] = {
		"\u2581", "\u2582", "\u2583", "\u2584", "\u2585", "\u2586",
		"\u2587", "\u2588"
	};
	char		 buf[DASH_SPARK * 3 + 1], from[8], to[8], num[32];
	uint64_t	 max = 0, sum = 0;
	int64_t		 firstmin;
	int		 i, n, skip, x;

	if (b->spark_end == INT64_MIN) {
		dash_str(c, DASH_ROW_SPARKHEAD, 1, "ERROR+ per minute: no "
		    "timestamps in this log", THEME_DASHBOARD_LABEL);
		return;
	}
	for (i = 0; i < DASH_SPARK; i++) {
		if (b->spark[i] > max)
			max = b->spark[i];
		sum += b->spark[i];
	}
	dash_hhmm(from, sizeof from, b->spark_end - DASH_SPARK + 1);
	dash_hhmm(to, sizeof to, b->spark_end);
	dash_num(num, sizeof num, max);
	snprintf(buf, sizeof buf, "ERROR+ per minute %s-%s (log time): "
	    "%" PRIu64 ", max %s/min", from, to, sum, num);
	dash_str(c, DASH_ROW_SPARKHEAD, 1, buf, THEME_DASHBOARD_LABEL);

	/* As many of the newest minutes as fit. */
	n = DASH_SPARK;
	if (n > c->w - 2)
		n = c->w - 2 > 0 ? c->w - 2 : 0;
	skip = DASH_SPARK - n;
	firstmin = b->first == TIME_UNKNOWN ? INT64_MIN :
	    stats_minute_of(b->first);
	x = 2;
	for (i = skip; i < DASH_SPARK; i++, x++) {
		int64_t	minute = b->spark_end - DASH_SPARK + 1 + i;
		uint64_t v = b->spark[i];

		if (minute < firstmin)
			dash_str(c, DASH_ROW_SPARK, x, " ",
			    THEME_DASHBOARD_LABEL);
		else if (v == 0)
			dash_str(c, DASH_ROW_SPARK, x, "\u00b7",
			    THEME_DASHBOARD_LABEL);
		else
			dash_str(c, DASH_ROW_SPARK, x,
			    bars[(v * 8 + max - 1) / max - 1],
			    THEME_DASHBOARD_SPARK);
	}
}

/* The top loggers by WARNING+ of their own. */
static void
dash_draw_loggers(const struct dash_ctx *c, struct dashboard *d, size_t bi,
    const struct dash_block *b)
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
		name = ltree_name(c->app->tree, b->top[i], &len);
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
			dash_num(num, sizeof num, b->topn[i][k]);
			dash_put(c, r, 2 + namew + 1 + k * cw + cw -
			    (int)strlen(num), num, strlen(num), sel ? attr :
			    tui_attr(c->tui, b->topn[i][k] ? THEME_MESSAGE :
			    THEME_DASHBOARD_LABEL));
		}
	}
}

/* The latest error: its age and first line. */
static void
dash_draw_error(const struct dash_ctx *c, const struct dash_block *b)
{
	const struct dash_err	*e = b->err;
	char			 buf[160], age[32];
	int64_t			 wall;

	if (e == NULL) {
		dash_str(c, DASH_ROW_ERRHEAD, 1, "latest error: none",
		    THEME_DASHBOARD_LABEL);
		return;
	}
	if (e->id == UINT64_MAX) {
		snprintf(buf, sizeof buf, "latest error: none in the last %d "
		    "records", DASH_SCAN_MAX);
		dash_str(c, DASH_ROW_ERRHEAD, 1, buf, THEME_DASHBOARD_LABEL);
		return;
	}
	wall = dash_wall();
	if (e->time == TIME_UNKNOWN)
		snprintf(buf, sizeof buf, "latest error (no timestamp):");
	else if (b->live && b->newest != TIME_UNKNOWN &&
	    llabs(wall - b->newest) < DASH_LIVE_MS) {
		dash_age(age, sizeof age, wall - e->time);
		snprintf(buf, sizeof buf, "latest error %s ago (wall clock):",
		    age);
	} else {
		dash_age(age, sizeof age, b->newest - e->time);
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
	const struct dash_block	*b = &d->blocks[bi];
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
		snprintf(buf, sizeof buf, "all %zu sources", app->nsrcs);
		name = buf;
	} else {
		name = source_name(app->srcs[b->src].src);
		fmt = app->srcs[b->src].format;
	}
	x = dash_str(c, DASH_ROW_TITLE, 0, sel ? ">" : " ", elem);
	x += dash_str(c, DASH_ROW_TITLE, x, name, elem) + 2;
	if (fmt != NULL) {
		snprintf(num2, sizeof num2, "[%s]", fmt);
		x += dash_str(c, DASH_ROW_TITLE, x, num2, elem) + 2;
	}
	dash_num(num, sizeof num, b->records);
	snprintf(num2, sizeof num2, "%s records", num);
	x += dash_str(c, DASH_ROW_TITLE, x, num2, elem) + 2;
	if (sel)
		dash_str(c, DASH_ROW_TITLE, x, "Enter: ERROR+ only", elem);

	/* Rate. */
	dash_str(c, DASH_ROW_RATE, 1, "rate", THEME_DASHBOARD_LABEL);
	snprintf(buf, sizeof buf, "%" PRIu64 ".%" PRIu64 "/s",
	    b->rate10 / DASH_RATE_SECS, b->rate10 % DASH_RATE_SECS *
	    10 / DASH_RATE_SECS);
	x = 1 + 8;
	x += dash_str(c, DASH_ROW_RATE, x, buf, THEME_DASHBOARD_BAR);
	snprintf(buf, sizeof buf, " now (last %d s)   peak ", DASH_RATE_SECS);
	x += dash_str(c, DASH_ROW_RATE, x, buf, THEME_DASHBOARD_LABEL);
	dash_num(num, sizeof num, b->peak);
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
	struct dash_ctx		 c;
	int64_t			 now = clock_ms();
	int			 rows = h - 1, cols, nrows, content, row, sr;
	int			 bt, t;
	size_t			 i;

	if (rows < 1 || w < 1)
		return;
	if (rows > 4) {
		/* The dashboard's own keys, above the status line. */
		struct rect	line = { 0, rows - 1, w, 1 };

		rows--;
		tui_fill(app->tui, &line, THEME_DASHBOARD_LABEL);
		tui_str(app->tui, 1, rows, w - 1, "dashboard: j/k select  "
		    "Tab block  Enter open pane  PgUp/PgDn scroll  d/Esc back  "
		    "q quit", THEME_DASHBOARD_LABEL);
	}
	if (d->computed == 0 || now - d->computed >= DASH_REFRESH_MS ||
	    now < d->computed)
		dash_compute(app, d, now);
	if (d->nblocks == 0) {
		tui_str(app->tui, 1, 0, w - 1, "dashboard: no sources",
		    THEME_DASHBOARD_LABEL);
		return;
	}
	cols = dash_cols(w);
	d->cols = cols;
	d->page = rows;
	nrows = (int)((d->nblocks + (size_t)cols - 1) / (size_t)cols);
	content = nrows * DASH_BLOCK_H;
	if (d->follow_sel) {
		/* Show the selection, and as much of its block as fits. */
		sr = dash_sel_row(d);
		bt = (int)(d->sel / (size_t)cols) * DASH_BLOCK_H;
		if (sr < d->scroll)
			d->scroll = sr - bt < rows ? bt : sr;
		else if (sr >= d->scroll + rows) {
			t = bt + DASH_BLOCK_H - rows;
			if (t < sr - rows + 1)
				t = sr - rows + 1;
			d->scroll = t;
		}
		d->follow_sel = 0;
	}
	if (d->scroll > content - rows)
		d->scroll = content - rows;
	if (d->scroll < 0)
		d->scroll = 0;

	memset(&c, 0, sizeof c);
	c.app = app;
	c.tui = app->tui;
	c.scroll = d->scroll;
	c.rows = rows;
	for (i = 0; i < d->nblocks; i++) {
		row = (int)(i / (size_t)cols);
		c.top = row * DASH_BLOCK_H;
		if (c.top + DASH_BLOCK_H <= d->scroll ||
		    c.top >= d->scroll + rows)
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
	size_t	i;

	for (i = 0; i < app->npanes; i++) {
		if (src < 0 ? app->panes[i]->merged :
		    (!app->panes[i]->merged && app->panes[i]->src == (size_t)src))
			return (int)i;
	}
	return -1;
}

/* Enter: open the selected block's pane, filtered to errors or to a logger. */
static void
dash_enter(struct app *app, struct dashboard *d)
{
	const struct dash_block	*b;
	struct pane		*p;
	const char		*name;
	size_t			 len;
	int			 pi;
	uint32_t		 id;

	if (d->sel >= d->nblocks)
		return;
	b = &d->blocks[d->sel];
	pi = dash_pane_of(app, b->src);
	if (pi < 0 && b->src < 0) {
		app_toggle_merged(app);
		pi = dash_pane_of(app, -1);
	}
	if (pi < 0)
		return;
	p = app->panes[pi];
	if (d->sel_line < 0 || d->sel_line >= b->ntop) {
		filter_set_levels(&p->filter, DASH_ERRORS);
		app_status(app, 0, "%s: ERROR and CRITICAL only (keys 1-5 "
		    "toggle levels)", pane_title_name(app, p));
	} else {
		id = b->top[d->sel_line];
		lsel_reset(p->filter.lsel);
		lsel_set(p->filter.lsel, id, LSEL_ONLY);
		filter_touch(&p->filter);
		name = ltree_name(app->tree, id, &len);
		app_status(app, 0, "%s: only logger %.*s (t: logger tree)",
		    pane_title_name(app, p), (int)(len > 80 ? 80 : len), name);
	}
	app->focus = (size_t)pi;
	app->mode = MODE_PANES;
}

/* Move the selection by one item (dir 1 or -1), in reading order. */
static void
dash_move(struct dashboard *d, int dir)
{
	if (d->nblocks == 0)
		return;
	if (dir > 0) {
		if (d->sel_line + 1 < d->blocks[d->sel].ntop)
			d->sel_line++;
		else if (d->sel + 1 < d->nblocks) {
			d->sel++;
			d->sel_line = -1;
		}
	} else {
		if (d->sel_line >= 0)
			d->sel_line--;
		else if (d->sel > 0) {
			d->sel--;
			d->sel_line = d->blocks[d->sel].ntop - 1;
		}
	}
}

/* A key while the dashboard is shown. */
void
dashboard_key(struct app *app, int key)
{
	struct dashboard	*d = dashboard_get(app);
	int			 page = d->page > 2 ? d->page - 2 : 1;

	if (app->status != NULL && key != TUI_MOUSE_UP &&
	    key != TUI_MOUSE_DOWN) {
		free(app->status);
		app->status = NULL;
	}
	if (d->nblocks == 0)
		dash_compute(app, d, clock_ms());	/* keys before a frame */
	d->computed = 0;	/* answer with fresh numbers */
	switch (key) {
	case 'd':
	case TUI_KEY_ESC:
		app->mode = MODE_PANES;
		return;
	case 'q':
		app->quit = 1;
		return;
	case '?':
		app->mode = MODE_HELP;
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
		if (d->sel + 1 < d->nblocks)
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
		if (d->nblocks > 0)
			d->sel = d->nblocks - 1;
		d->sel_line = -1;
		break;
	case KEY_NPAGE:
	case ' ':
	case TUI_MOUSE_DOWN:
		d->scroll += key == TUI_MOUSE_DOWN ? 3 : page;
		return;
	case KEY_PPAGE:
	case 'b':
	case TUI_MOUSE_UP:
		d->scroll -= key == TUI_MOUSE_UP ? 3 : page;
		if (d->scroll < 0)
			d->scroll = 0;
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
	struct dashboard	*d = app->dashboard;
	size_t			 i;
	int64_t			 next;

	if (app->mode != MODE_DASHBOARD || d == NULL || d->computed == 0)
		return -1;
	if (dash_records(app) != d->counted) {
		/* Counts moved since the model (a big file's head landed, say). */
		next = d->computed + DASH_REFRESH_MS;
		return next <= now ? 0 : (int)(next - now);
	}
	for (i = 0; i < app->nsrcs; i++)
		if (dash_rate_sum(&app->srcs[i], now, APP_RATE_SLOTS - 1) > 0)
			break;
	if (i == app->nsrcs) {
		/* Quiet: one last frame if the shown rates are not zero yet. */
		for (i = 0; i < d->nblocks; i++)
			if (d->blocks[i].rate10 > 0 || d->blocks[i].live)
				break;
		if (i == d->nblocks)
			return -1;
	}
	next = d->computed + 1000;
	return next <= now ? 0 : (int)(next - now);
}

/* Free its state. */
void
dashboard_free(struct app *app)
{
	struct dashboard	*d = app->dashboard;
	size_t			 i;

	if (d == NULL)
		return;
	for (i = 0; i < d->nsrcs; i++)
		free(d->errs[i].line);
	free(d->errs);
	free(d->peaks);
	free(d->blocks);
	stats_free(&d->total);
	free(d);
	app->dashboard = NULL;
}
