/*
 * treepanel.c: the logger hierarchy of the focused pane, drawn beside it
 * (the `t` key), in the manner of tmux's mode-tree: a flattened list of the
 * expanded nodes, one row each, with the selected row highlighted.
 *
 * Each row shows a logger (indented by depth, its last component; top
 * level in bold), its subtree's counts per level (O: its own), and its
 * state in the pane's logger selection: hidden rows dimmed and marked
 * "(hidden)", "only" rows "(only)", subtrees folded in the pane "NAME.*".
 * Space hides / shows a subtree, `o` shows only it, `a` shows all, `c`
 * folds it in the pane, `/` finds a logger by substring (n / N), `S`
 * sorts siblings by name, volume or WARNING+ count, Left / Right collapse
 * / expand rows, Esc closes. Counts come from the source's stats (every record,
 * whatever the filter), so they update live as records arrive.
 *
 * Expansion state is per node id (the tree is shared by all panes), kept
 * here; the selection marks live in the pane's filter.
 */
#include "treepanel.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/xmalloc.h"
#include "model/ltree.h"
#include "model/stats.h"
#include "pane.h"
#include "prompt.h"
#include "scroll.h"

#define TREEPANEL_NAME_MIN	16	/* name columns kept before counts */

struct treepanel {
	uint8_t		*collapsed;	/* per node id */
	uint32_t	 ncollapsed;
	uint32_t	*rows;		/* flattened visible node ids */
	size_t		 nrows;
	size_t		 rowsize;
	uint32_t	 selected;	/* node id */
	struct scroll	 list;		/* over rows: the selection's index, top, height */
	int		 own;		/* O: rows show their own counts */
	int		 order;		/* S: TREEPANEL_BY_NAME, _VOLUME, _WARN */
	char		*find;		/* the last / text, for n and N */
};

enum {
	TREEPANEL_BY_NAME,	/* as the tree keeps them (first seen) */
	TREEPANEL_BY_VOLUME,	/* most records first */
	TREEPANEL_BY_WARN,	/* most WARNING and worse first */
	TREEPANEL_ORDERS
};

/* The counts the focused pane's tree shows. */
static const struct lcounts *
treepanel_counts(struct app *app)
{
	return &app_pane_stats(app, app_focused(app))->counts;
}

/* Subtree total of a node (0 for nodes this source never counted). */
static uint64_t
treepanel_total(const struct lcounts *c, uint32_t id)
{
	if (id >= c->size)
		return 0;
	return lcounts_total(c->sub[id]);
}

/* Is a node collapsed? */
static int
treepanel_is_collapsed(const struct treepanel *tp, uint32_t id)
{
	return id < tp->ncollapsed && tp->collapsed[id];
}

/* The sort key of a node for the panel's order (bigger first). */
static uint64_t
treepanel_key_of(const struct lcounts *c, int order, uint32_t id)
{
	const uint64_t	*sub;

	if (id >= c->size)
		return 0;
	sub = c->sub[id];
	if (order == TREEPANEL_BY_WARN)
		return sub[LEVEL_WARNING] + sub[LEVEL_ERROR] + sub[LEVEL_CRITICAL];
	return lcounts_total(sub);
}

/* Add the visible descendants of id to the row list, siblings in the panel's order. */
static void
treepanel_flatten_all(struct app *app, struct treepanel *tp, uint32_t id,
    int all);

static void
treepanel_flatten(struct app *app, struct treepanel *tp, uint32_t id)
{
	treepanel_flatten_all(app, tp, id, 0);
}

/* The same; all: ignoring the rows' collapse (for /, which finds hidden rows too). */
static void
treepanel_flatten_all(struct app *app, struct treepanel *tp, uint32_t id,
    int all)
{
	const struct lcounts	*c = treepanel_counts(app);
	struct ltree		*tree = app_tree(app);
	struct lsel		*lsel = app_focused(app)->filter.lsel;
	uint32_t		 ch, *kids = NULL, t;
	size_t			 nkids = 0, kidsize = 0, i, j;

	for (ch = ltree_first_child(tree, id); ch != UINT32_MAX;
	    ch = ltree_next_sibling(tree, ch)) {
		if (treepanel_total(c, ch) == 0 &&
		    lsel_get(lsel, ch) == LSEL_INHERIT)
			continue;
		XGROW(kids, kidsize, nkids + 1, 16);
		kids[nkids++] = ch;
	}
	/* Insertion sort, stable: a few siblings each. */
	for (i = 1; tp->order != TREEPANEL_BY_NAME && i < nkids; i++) {
		t = kids[i];
		for (j = i; j > 0 && treepanel_key_of(c, tp->order, kids[j - 1]) <
		    treepanel_key_of(c, tp->order, t); j--)
			kids[j] = kids[j - 1];
		kids[j] = t;
	}
	for (i = 0; i < nkids; i++) {
		XGROW(tp->rows, tp->rowsize, tp->nrows + 1, 64);
		tp->rows[tp->nrows++] = kids[i];
		if (all || !treepanel_is_collapsed(tp, kids[i]))
			treepanel_flatten_all(app, tp, kids[i], all);
	}
	free(kids);
}

/*
 * Rebuild the rows; keeps the selection on a visible row (the first when
 * it is gone) and the list's cursor on it. height: rows on screen.
 */
static void
treepanel_build(struct app *app, struct treepanel *tp, size_t height)
{
	size_t	i;

	tp->nrows = 0;
	treepanel_flatten(app, tp, LTREE_ROOT);
	for (i = 0; i < tp->nrows; i++)
		if (tp->rows[i] == tp->selected)
			break;
	if (i == tp->nrows) {
		i = 0;
		if (tp->nrows > 0)
			tp->selected = tp->rows[0];
	}
	tp->list.cur = i;
	scroll_set(&tp->list, tp->nrows, height);
}

/* Open the tree beside the focused pane. */
void
treepanel_open(struct app *app)
{
	struct treepanel	*tp;
	int			 fresh;

	tp = app_mode_state(app, MODE_TREE, sizeof *tp, &fresh);
	if (fresh)
		tp->selected = UINT32_MAX;
	app_set_mode(app, MODE_TREE);
}

/* Free the panel state. */
void
treepanel_free(struct app *app)
{
	struct treepanel	*tp = app_mode_data(app, MODE_TREE);

	if (tp == NULL)
		return;
	free(tp->collapsed);
	free(tp->rows);
	free(tp->find);
	free(tp);
	app_set_mode_data(app, MODE_TREE, NULL);
}

/* Format a count in at most 5 columns (12345, 123k, 12M). */
static void
treepanel_num(char *buf, size_t size, uint64_t n)
{
	if (n == 0)
		snprintf(buf, size, "    .");
	else if (n < 100000)
		snprintf(buf, size, "%5llu", (unsigned long long)n);
	else if (n < 100000000)
		snprintf(buf, size, "%4lluk", (unsigned long long)(n / 1000));
	else
		snprintf(buf, size, "%4lluM", (unsigned long long)(n / 1000000));
}

/* Draw the panel. */
void
treepanel_draw(struct app *app, const struct rect *r)
{
	struct treepanel	*tp = app_mode_data(app, MODE_TREE);
	struct pane		*p = app_focused(app);
	struct tui		*t = app_tui(app);
	struct ltree		*tree = app_tree(app);
	const struct lcounts	*c = treepanel_counts(app);
	static const int	 lv[] = { LEVEL_DEBUG, LEVEL_INFO, LEVEL_WARNING,
	    LEVEL_ERROR, LEVEL_CRITICAL };
	static const char *const lvhead[] = { "  dbg", " info", " warn", "  err",
	    " crit" };
	static const int	 keep[] = { 3, 2, 4, 1, 0 };	/* err warn crit info dbg */
	struct rect		 line;
	size_t			 i, leaflen;
	int			 y, x, k, cx, namew, elem, collapsed, has_kids;
	int			 ncols, show[5] = { 0 };
	uint32_t		 id, depth;
	const char		*leaf;
	enum lsel_mark		 mark;
	char			 num[16], head[128];
	const uint64_t		*counts;

	treepanel_build(app, tp, r->h > 2 ? (size_t)(r->h - 2) : 0);
	tui_fill(t, r, THEME_TREE_NODE);
	attrset(tui_attr(t, THEME_BORDER_FOCUS));
	tui_vline(t, r->x, r->y, r->h);
	line.x = r->x + 1;
	line.y = r->y;
	line.w = r->w - 1;
	line.h = 1;
	tui_fill(t, &line, THEME_TITLE_FOCUS);
	snprintf(head, sizeof head, " loggers: %s%s%s", pane_title_name(app, p),
	    tp->order == TREEPANEL_BY_VOLUME ? " by volume" :
	    tp->order == TREEPANEL_BY_WARN ? " by warnings" : "",
	    tp->own ? " (own counts)" : "");
	/* Count columns while names keep TREEPANEL_NAME_MIN columns; the
	 * ones that matter least go first: dbg, info, crit, warn, err. */
	for (ncols = 5; ncols > 0 && r->w - 1 - 5 * ncols < TREEPANEL_NAME_MIN;
	    ncols--)
		;
	for (k = 0; k < ncols; k++)
		show[keep[k]] = 1;
	namew = r->w - 1 - 5 * ncols;
	tui_str(t, r->x + 1, r->y, namew, head, THEME_TITLE_FOCUS);
	for (k = 0, cx = r->x + 1 + namew; k < 5; k++) {
		if (!show[k])
			continue;
		tui_str(t, cx, r->y, 5, lvhead[k], THEME_TITLE_FOCUS);
		cx += 5;
	}
	if (r->h - 2 < 1)
		return;
	scroll_show(&tp->list);
	if (tp->nrows == 0)
		tui_str(t, r->x + 2, r->y + 1, r->w - 2, "(no loggers yet)",
		    THEME_MARKER);
	for (i = tp->list.top, y = r->y + 1; i < tp->nrows && y < r->y + r->h -
	    1; i++, y++) {
		id = tp->rows[i];
		depth = ltree_depth(tree, id);
		has_kids = ltree_first_child(tree, id) != UINT32_MAX;
		collapsed = treepanel_is_collapsed(tp, id);
		mark = lsel_get(p->filter.lsel, id);
		elem = !lsel_visible(p->filter.lsel, tree, id) ?
		    THEME_TREE_HIDDEN : mark == LSEL_ONLY ? THEME_TREE_ONLY :
		    THEME_TREE_NODE;
		if (id == tp->selected) {
			line.y = y;
			tui_fill(t, &line, THEME_TREE_SELECTED);
			elem = THEME_TREE_SELECTED;
		}
		x = r->x + 1 + (int)(depth > 1 ? (depth - 1) * 2 : 0);
		/* Deep nodes: keep a few columns of the name. */
		if (x > r->x + namew - 8)
			x = r->x + namew - 8 > r->x + 1 ? r->x + namew - 8 : r->x + 1;
		tui_str(t, x, y, 2, has_kids ? (collapsed ? "+" : "-") : " ", elem);
		leaf = ltree_leaf(tree, id, &leaflen);
		x += 2;
		/* Top-level loggers in bold: never taken for children. */
		k = tui_nstr_attr(t, x, y, r->x + namew - x, leaf, leaflen,
		    tui_attr(t, elem) | (depth <= 1 ? A_BOLD : 0));
		if (mark == LSEL_ONLY && x + k + 7 < r->x + namew)
			tui_str(t, x + k + 1, y, 6, "(only)", elem);
		else if (mark == LSEL_HIDE && x + k + 9 < r->x + namew)
			tui_str(t, x + k + 1, y, 8, "(hidden)", elem);
		else if (runs_is_root(&p->runs, id) && x + k + 2 <= r->x + namew)
			tui_str(t, x + k, y, 2, ".*", elem);	/* folded in the pane */
		/* Subtree totals (a parent adds up its children); O: own. */
		counts = NULL;
		if (id < c->size)
			counts = tp->own ? c->self[id] : c->sub[id];
		for (k = 0, cx = r->x + 1 + namew; k < 5; k++) {
			if (!show[k])
				continue;
			treepanel_num(num, sizeof num, counts ? counts[lv[k]] : 0);
			tui_str(t, cx, y, 5, num, id == tp->selected ?
			    THEME_TREE_SELECTED : THEME_TREE_COUNT);
			cx += 5;
		}
	}
}

/* Set the collapsed flag of a node. */
static void
treepanel_set_collapsed(struct treepanel *tp, uint32_t id, int on)
{
	if (id >= tp->ncollapsed) {
		uint32_t	n = id + 64;

		tp->collapsed = xrealloc(tp->collapsed, n);
		memset(tp->collapsed + tp->ncollapsed, 0, n - tp->ncollapsed);
		tp->ncollapsed = n;
	}
	tp->collapsed[id] = (uint8_t)on;
}

/*
 * /, n, N: select the next (dir 1) or previous logger whose full name
 * holds text, in the panel's order over the whole tree (collapsed rows
 * included: the match's ancestors are expanded). Returns 0 when none.
 */
int
treepanel_find(struct app *app, const char *text, int dir)
{
	struct treepanel	*tp = app_mode_data(app, MODE_TREE);
	struct ltree		*tree = app_tree(app);
	size_t			 n, i, k, start = 0, len;
	uint32_t		 id, a, *saved;
	const char		*name;

	if (tp == NULL || text == NULL || *text == '\0')
		return 0;
	if (text != tp->find) {
		free(tp->find);
		tp->find = xstrdup(text);
	}
	/* The full order, in the rows array (rebuilt by the next draw). */
	saved = tp->rows;
	tp->rows = NULL;
	n = tp->rowsize;
	tp->rowsize = tp->nrows = 0;
	treepanel_flatten_all(app, tp, LTREE_ROOT, 1);
	for (i = 0; i < tp->nrows; i++)
		if (tp->rows[i] == tp->selected)
			start = i;
	id = UINT32_MAX;
	for (k = 1; k <= tp->nrows && id == UINT32_MAX; k++) {
		i = dir > 0 ? (start + k) % tp->nrows :
		    (start + tp->nrows - k % tp->nrows) % tp->nrows;
		name = ltree_name(tree, tp->rows[i], &len);
		if (strstr(name, tp->find) != NULL)
			id = tp->rows[i];
	}
	free(tp->rows);
	tp->rows = saved;
	tp->rowsize = n;
	tp->nrows = 0;
	if (id == UINT32_MAX)
		return 0;
	for (a = ltree_parent(tree, id); a != UINT32_MAX && a != LTREE_ROOT;
	    a = ltree_parent(tree, a))
		treepanel_set_collapsed(tp, a, 0);
	tp->selected = id;
	treepanel_build(app, tp, tp->list.page);
	return 1;
}

/* / in the tree: select the first logger whose name holds the line. */
static int
treepanel_accept_find(struct app *app, const char *line, int again, char **msg)
{
	(void)again;
	if (treepanel_find(app, line, 1))
		return 0;
	*msg = xasprintf("no logger name holds '%s'", line);
	return -1;
}

/* A key while the tree is open. */
int
treepanel_key(struct app *app, int key)
{
	struct treepanel	*tp = app_mode_data(app, MODE_TREE);
	struct pane		*p = app_focused(app);
	struct ltree		*tree = app_tree(app);
	size_t			 len;
	uint32_t		 id;
	const char		*name;
	int			 on;

	treepanel_build(app, tp, tp->list.page);
	id = tp->nrows > 0 ? tp->rows[tp->list.cur] : UINT32_MAX;
	switch (key) {
	case TUI_KEY_ESC:
	case 't':
		app_set_mode(app, MODE_PANES);
		return 1;
	case KEY_UP:
	case 'k':
		scroll_move(&tp->list, -1);
		break;
	case KEY_DOWN:
	case 'j':
		scroll_move(&tp->list, 1);
		break;
	case KEY_PPAGE:
		scroll_page(&tp->list, -1);
		break;
	case KEY_NPAGE:
		scroll_page(&tp->list, 1);
		break;
	case KEY_HOME:
		scroll_first(&tp->list);
		break;
	case KEY_END:
		scroll_last(&tp->list);
		break;
	case KEY_LEFT:
		if (id == UINT32_MAX)
			return 1;
		if (ltree_first_child(tree, id) != UINT32_MAX &&
		    !treepanel_is_collapsed(tp, id))
			treepanel_set_collapsed(tp, id, 1);
		else if (ltree_parent(tree, id) != LTREE_ROOT)
			tp->selected = ltree_parent(tree, id);
		return 1;
	case KEY_RIGHT:
		if (id != UINT32_MAX)
			treepanel_set_collapsed(tp, id, 0);
		return 1;
	case ' ':
		if (id == UINT32_MAX)
			return 1;
		if (lsel_visible(p->filter.lsel, tree, id))
			lsel_set(p->filter.lsel, id, LSEL_HIDE);
		else {
			lsel_set(p->filter.lsel, id, LSEL_INHERIT);
			if (!lsel_visible(p->filter.lsel, tree, id))
				lsel_set(p->filter.lsel, id, LSEL_SHOW);
		}
		filter_touch(&p->filter);
		return 1;
	case 'o':
		if (id == UINT32_MAX)
			return 1;
		lsel_reset(p->filter.lsel);
		lsel_set(p->filter.lsel, id, LSEL_ONLY);
		filter_touch(&p->filter);
		return 1;
	case 'a':
		lsel_reset(p->filter.lsel);
		filter_touch(&p->filter);
		return 1;
	case 'S':
		tp->order = (tp->order + 1) % TREEPANEL_ORDERS;
		app_status(app, 0, "loggers by %s", tp->order == TREEPANEL_BY_NAME ?
		    "name (as first seen)" : tp->order == TREEPANEL_BY_VOLUME ?
		    "volume" : "WARNING and worse");
		return 1;
	case 'O':
		tp->own = !tp->own;
		app_status(app, 0, "%s", tp->own ? "each logger's own counts" :
		    "subtree totals");
		return 1;
	case '/':
		prompt_open(app, PROMPT_TREEFIND, treepanel_accept_find);
		return 1;
	case 'n':
	case 'N':
		if (tp->find == NULL)
			app_status(app, 0, "no logger search: press /");
		else if (!treepanel_find(app, tp->find, key == 'n' ? 1 : -1))
			app_status(app, 0, "no logger matches %s", tp->find);
		return 1;
	case 'c':
		/* Fold the subtree's runs into summary rows in the pane, or not. */
		if (id == UINT32_MAX)
			return 1;
		on = !runs_is_root(&p->runs, id);
		runs_set(&p->runs, id, on);
		name = ltree_name(tree, id, &len);
		app_status(app, 0, "%.*s.* %s", (int)(len > 200 ? 200 : len),
		    name, on ? "folded in the pane (c again: unfold)" :
		    "unfolded");
		return 1;
	default:
		return 0;
	}
	/* A move: the selection follows the list's cursor. */
	if (tp->nrows > 0)
		tp->selected = tp->rows[tp->list.cur];
	return 1;
}
