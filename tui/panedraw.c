/*
 * panedraw.c: drawing a pane (pane.c keeps its state, scrolling, search
 * and keys): the title line, whose pieces are fitted by priority into the
 * pane's width, and the records -- raw or compact (compact.c), wrapped or
 * scrolled sideways, folded, with their fields, include-filter matches and
 * H highlights styled -- or, for a folded subtree's run, its summary row.
 * Every byte goes through tui_text / tui_str (core/sanitize.c).
 */
#include "pane.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "core/clock.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "filters/regex.h"
#include "filters/runs.h"
#include "input/source.h"
#include "model/lstore.h"
#include "model/ltree.h"
#include "pane_int.h"

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
 * Paused: the time of the cursor record and how far it is behind the pane's
 * newest record ("at 14:05:07 -1h02m"), so the user knows when they are.
 */
static void
pane_title_paused(struct pane *p, struct pane_seg *seg, size_t *nseg, int elem)
{
	size_t		 n = view_count(&p->view);
	uint64_t	 ent;
	int64_t		 t, newest, d;
	char		 behind[32];

	if (n == 0 || pane_cursor(p) >= n)
		return;
	ent = view_entry(&p->view, pane_cursor(p));	/* the cursor record's time */
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

/* The title's filter segment: +/include/ -/exclude/ and "loggers". */
static void
pane_title_filters(struct pane *p, struct pane_seg *seg, size_t *nseg, int elem)
{
	char	buf[160];
	size_t	k, len;

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
		/* In words, not only colour: NO_COLOR and mono read it too. */
		uint32_t	hidden, only;

		lsel_counts(p->filter.lsel, &hidden, &only);
		len = strlen(buf);
		if (only > 0)
			snprintf(buf + len, sizeof buf - len, "only %u logger%s ",
			    only, only == 1 ? "" : "s");
		len = strlen(buf);
		if (hidden > 0)
			snprintf(buf + len, sizeof buf - len, "%u hidden ", hidden);
	}
	len = strlen(buf);
	if (len > 0) {
		buf[len - 1] = '\0';
		pane_seg_add(seg, nseg, 5, elem, 1, "%s", buf);
	}
}

/* The title's source segments: rate, indexing, drops, the file's state. */
static void
pane_title_source(struct app *app, struct pane *p, struct pane_seg *seg,
    size_t *nseg, int elem)
{
	struct asrc	*as = &app->srcs[p->src];
	const char	*st = source_state_text(as->src);
	uint64_t	 done, total;

	if (source_nfiles(as->src) > 1)	/* -R: a rotated set */
		pane_seg_add(seg, nseg, 6, elem, 0, "%zu files",
		    source_nfiles(as->src));
	pane_seg_add(seg, nseg, 1, elem, 0, "%llu r/s",
	    (unsigned long long)app_rate(as, clock_ms()));
	lstore_head_progress(as->store, &done, &total);
	if (total > 0)
		pane_seg_add(seg, nseg, 7, elem, 0, "indexing %llu%%",
		    (unsigned long long)(done * 100 / total));
	if (lstore_dropped(as->store) > 0)
		pane_seg_add(seg, nseg, 4, THEME_ERROR, 0,
		    "%llu old records dropped",
		    (unsigned long long)lstore_dropped(as->store));
	if (*st != '\0')
		pane_seg_add(seg, nseg, 9, THEME_ERROR, 1, "%s", st);
}

/*
 * Fit the segments in w columns after the name: the highest priority
 * first; a cuttable one takes what is left (7 columns at least), the rest
 * get width 0. Returns the name's width (12 columns, more if room is left).
 */
static int
pane_title_fit(struct pane_seg *seg, size_t nseg, int w, int fullw)
{
	int	left = w - 1, namew, i;
	size_t	k;

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
	return namew + (fullw - namew < left ? fullw - namew : left);
}

/*
 * Draw the title line: the source name, [format], the five level letters
 * (hidden levels dimmed), the filters, FOLLOW or PAUSED +N, the date
 * (compact view: the records show the time of day only), the sideways
 * scroll column, records/s, indexing and filtering progress, and the
 * source's state. When the pane is too narrow for all of it the pieces
 * that matter least are left out whole (pane_title_fit), in this order:
 * r/s, [format], the column, the filters, the levels; the name is
 * shortened last.
 */
static void
pane_draw_title(struct app *app, struct pane *p, const struct rect *r, int focused)
{
	static const char	 letters[] = "DIWEC";
	static const int	 lv[] = { LEVEL_DEBUG, LEVEL_INFO, LEVEL_WARNING,
	    LEVEL_ERROR, LEVEL_CRITICAL };
	struct tui		*t = app->tui;
	int			 elem = focused ? THEME_TITLE_FOCUS : THEME_TITLE;
	int			 x, end = r->x + r->w, i, namew, on;
	const char		*name = pane_title_name(app, p);
	struct rect		 line = { r->x, r->y, r->w, 1 };
	struct pane_seg		 seg[16];
	size_t			 nseg = 0, k;

	tui_fill(t, &line, elem);
	if (r->w < 2)
		return;
	if (!p->merged && app->srcs[p->src].format != NULL)
		pane_seg_add(seg, &nseg, 2, elem, 0, "[%s]",
		    app->srcs[p->src].format);
	pane_seg_add(seg, &nseg, 6, -1, 0, "%s", letters);
	pane_title_filters(p, seg, &nseg, elem);
	if (p->follow)
		pane_seg_add(seg, &nseg, 8, elem, 0, "FOLLOW");
	else {
		if (pane_dropped(p) > p->seen_dropped)	/* the count stays put */
			pane_seg_add(seg, &nseg, 8, THEME_ERROR, 0,
			    "PAUSED, dropping old records");
		else
			pane_seg_add(seg, &nseg, 8, elem, 0, "PAUSED +%zu",
			    pane_new_records(p));
		pane_title_paused(p, seg, &nseg, elem);
	}
	pane_title_date(p, seg, &nseg, elem);
	if (p->wrap)
		pane_seg_add(seg, &nseg, 3, elem, 0, "wrap");
	else if (p->hscroll > 0)
		pane_seg_add(seg, &nseg, 3, elem, 0, "col %u", p->hscroll + 1);
	if (!p->merged)
		pane_title_source(app, p, seg, &nseg, elem);
	if (view_progress(&p->view) < 100)
		pane_seg_add(seg, &nseg, 7, elem, 0, "filtering %d%%",
		    view_progress(&p->view));
	if (p->filter.undecided > 0)
		pane_seg_add(seg, &nseg, 4, THEME_ERROR, 0,
		    "%llu undecided (regex limit)",
		    (unsigned long long)p->filter.undecided);

	namew = pane_title_fit(seg, nseg, r->w,
	    (int)sanitize_width(name, strlen(name), 8));
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
		/* An off level is '-': readable without colour. */
		for (i = 0; i < 5 && x < end; i++) {
			on = (p->filter.levels & LEVEL_BIT(lv[i])) != 0;
			x += tui_nstr_attr(t, x, r->y, 1, on ? &letters[i] : "-",
			    1, on ? (tui_attr(t, THEME_LEVEL_NONE + lv[i]) |
			    A_BOLD) : (tui_attr(t, elem) | A_DIM));
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
pane_match_spans(struct app *app, struct pane *p, const char *line, size_t n,
    struct tspan *sp)
{
	size_t	k = 0, i, from, ms, ml;

	/* H highlights first (each its colour), then the include filters'. */
	for (i = 0; i < app->nhl && k < PANE_MATCH_SPANS; i++) {
		from = 0;
		while (k < PANE_MATCH_SPANS && from <= n &&
		    regex_find(app->hl[i], line, n, from, &ms, &ml) ==
		    REGEX_MATCH) {
			if (ml > 0) {
				sp[k].off = ms;
				sp[k].len = ml;
				sp[k].elem = THEME_SOURCE_1 + (int)(i % 8);
				sp[k++].logger = 0;
			}
			from = ms + (ml ? ml : 1);
		}
	}

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
		nsp += pane_match_spans(app, p, q, n, sp + nsp);
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

/* A folded run's summary row, styled as a fold (filters/runs.c writes it). */
static void
pane_draw_run(struct app *app, struct pane *p, const struct run *run, int x,
    int y, int w, int tagw)
{
	char	buf[512];

	runs_summary(&p->runs, run, buf, sizeof buf);
	if (tagw > 1)
		tui_str(app->tui, x - tagw, y, tagw - 1, "", THEME_MARKER);
	tui_str(app->tui, x, y, w, buf, THEME_MARKER);
}

/*
 * The gutter: in the focused pane, the cursor record's rows are marked,
 * its first row with '>' (a text marker, so it shows without colour).
 */
static void
pane_draw_gutter(struct app *app, struct pane *p, int y0, int focused)
{
	size_t	cur = focused ? pane_cursor(p) : SIZE_MAX;
	int	gx = pane_gutter(p), row, first;

	if (gx < 0 || cur == SIZE_MAX)
		return;
	for (row = 0; row < p->nrowmap; row++) {
		if (p->rowmap[row] != cur)
			continue;
		first = row == 0 ? p->drawn_skip == 0 : p->rowmap[row - 1] != cur;
		tui_str(app->tui, gx, y0 + row, 1, first ? ">" : " ",
		    THEME_CURSOR);
	}
}

/* Draw the pane. */
void
pane_draw(struct app *app, struct pane *p, const struct rect *r, int focused)
{
	struct tui	*t = app->tui;
	size_t		 i, n;
	unsigned	 skip;
	int		 x, y, w, got, tagw, row;
	struct rect	 body;
	struct run	 run;

	p->r = *r;
	p->rows = r->h - 1;
	p->nrowmap = 0;
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
		pane_cursor_clamp(p);
		i = p->top < n ? p->top : n - 1;
		skip = p->top_line;
	}
	p->drawn_skip = skip;
	p->rowmap = xreallocarray(p->rowmap, (size_t)body.h, sizeof *p->rowmap);
	y = body.y;
	p->vis_first = p->vis_last = i;
	while (i < n && y < body.y + body.h) {
		if (pane_run(p, i, &run)) {
			pane_draw_run(app, p, &run, x, y, w, tagw);
			p->rowmap[y++ - body.y] = run.first;
			skip = 0;
			p->vis_last = run.first;
			i = run.last + 1;
			continue;
		}
		got = pane_draw_record(app, p, view_entry(&p->view, i), skip, x, y,
		    body.y + body.h, w, tagw);
		for (row = 0; row < got; row++)
			p->rowmap[y + row - body.y] = i;
		y += got;
		skip = 0;
		p->vis_last = i++;
	}
	p->nrowmap = y - body.y;
	pane_draw_gutter(app, p, body.y, focused);
}
