/*
 * prompt.c: the line editor at the bottom of the screen for `/`, `f`,
 * `x`, `T` (a time) and `C` / `X` / `L` (a logger subtree to fold, hide or
 * show only; Tab completes it from the logger tree).
 *
 * The line is bytes (UTF-8 typed by the user); the cursor is a byte offset
 * always on a character boundary. Editing keys: Left/Right, Home/End,
 * Ctrl-A/E, Backspace/Delete, Ctrl-U (to start), Ctrl-K (to end), Ctrl-W
 * (word back), Up/Down walk the history of this kind of prompt, Enter
 * accepts, Esc or Ctrl-C cancels. A pattern that does not compile keeps
 * the prompt open with PCRE2's message, and the pane's filter unchanged.
 */
#include "prompt.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/xmalloc.h"
#include "model/ltree.h"
#include "export.h"
#include "filters/regex.h"
#include "pane.h"
#include "treepanel.h"
#include "tui.h"

#define PROMPT_MAX	4096
#define PROMPT_HISTORY	100

struct prompt {
	enum prompt_kind	 kind;
	char			 buf[PROMPT_MAX];
	size_t			 len;
	size_t			 cursor;
	char			*error;
	char			**hist[PROMPT_COUNT];
	size_t			 nhist[PROMPT_COUNT];
	size_t			 hpos;		/* == nhist when editing a new line */
	char			*confirm;	/* S: the existing file the user may replace */
	enum app_mode		 back;		/* the mode to return to */
};

static const char *const prompt_labels[PROMPT_COUNT] = { "/", "filter in: ",
    "filter out: ", "go to time: ", "collapse logger: ", "hide logger: ",
    "only logger: ", "save records to (FILE or | COMMAND): ",
    "highlight (empty: clear): ", "find logger: " };

/* The prompt state, created on first use. */
static struct prompt *
prompt_get(struct app *app)
{
	if (app->prompt == NULL)
		app->prompt = xcalloc(1, sizeof *app->prompt);
	return app->prompt;
}

/* Open the prompt. */
void
prompt_open(struct app *app, enum prompt_kind kind)
{
	struct prompt	*pr = prompt_get(app);

	pr->kind = kind;
	pr->len = pr->cursor = 0;
	free(pr->error);
	pr->error = NULL;
	pr->hpos = pr->nhist[kind];
	if (app->mode != MODE_PROMPT)
		pr->back = app->mode;
	app->mode = MODE_PROMPT;
}

/* The last line accepted in a kind of prompt, or NULL. */
const char *
prompt_last(struct app *app, enum prompt_kind kind)
{
	struct prompt	*pr = app->prompt;

	if (pr == NULL || pr->nhist[kind] == 0)
		return NULL;
	return pr->hist[kind][pr->nhist[kind] - 1];
}

/* Free the prompt and its history. */
void
prompt_free(struct app *app)
{
	struct prompt	*pr = app->prompt;
	size_t		 k, i;

	if (pr == NULL)
		return;
	for (k = 0; k < PROMPT_COUNT; k++) {
		for (i = 0; i < pr->nhist[k]; i++)
			free(pr->hist[k][i]);
		free(pr->hist[k]);
	}
	free(pr->error);
	free(pr->confirm);
	free(pr);
	app->prompt = NULL;
}

/* Remember an accepted line. */
static void
prompt_remember(struct prompt *pr)
{
	char	***h = &pr->hist[pr->kind];
	size_t	  *n = &pr->nhist[pr->kind];

	if (*n > 0 && strcmp((*h)[*n - 1], pr->buf) == 0)
		return;
	if (*n == PROMPT_HISTORY) {
		free((*h)[0]);
		memmove(*h, *h + 1, (*n - 1) * sizeof **h);
		(*n)--;
	}
	*h = xreallocarray(*h, *n + 1, sizeof **h);
	(*h)[(*n)++] = xstrdup(pr->buf);
}

/*
 * C, X, L: a logger subtree typed by name (a trailing ".*" allowed) in the
 * focused pane. C folds its runs (or unfolds them again), X hides it, L
 * shows only it -- several L subtrees add up, as -L does; `a` in the tree
 * shows all again. -1 with pr->error when no logger has that name.
 */
static int
prompt_logger(struct app *app, struct prompt *pr, struct pane *p)
{
	size_t		n = pr->len;
	uint32_t	id;
	int		on;
	int		w;

	if (n >= 2 && pr->buf[n - 2] == '.' && pr->buf[n - 1] == '*')
		n -= 2;
	id = ltree_lookup(app->tree, pr->buf, n);
	if (id == UINT32_MAX || id == LTREE_ROOT) {
		free(pr->error);
		pr->error = xasprintf("no logger named %.*s (Tab completes)",
		    (int)(n > 200 ? 200 : n), pr->buf);
		return -1;
	}
	w = (int)(n > 200 ? 200 : n);
	if (pr->kind == PROMPT_HIDE || pr->kind == PROMPT_ONLY) {
		lsel_set(p->filter.lsel, id, pr->kind == PROMPT_HIDE ?
		    LSEL_HIDE : LSEL_ONLY);
		filter_touch(&p->filter);
		app_status(app, 0, "%.*s %s (t, then a: show all)", w, pr->buf,
		    pr->kind == PROMPT_HIDE ? "hidden" : "shown, with any "
		    "other L subtree, and nothing else");
		return 0;
	}
	on = !runs_is_root(&p->runs, id);
	runs_set(&p->runs, id, on);
	app_status(app, 0, "%.*s.* %s", w, pr->buf,
	    on ? "collapsed (Enter on a summary row opens it)" : "expanded");
	return 0;
}

/*
 * Tab in the collapse prompt: complete the line to the longest prefix
 * that every logger name starting with it shares; with several, the
 * first few are shown.
 */
static void
prompt_complete(struct app *app, struct prompt *pr)
{
	uint32_t	 id, n = ltree_count_nodes(app->tree), matches = 0;
	const char	*name, *best = NULL;
	size_t		 len, common = 0, i, shown = 0;
	char		 list[160];

	list[0] = '\0';
	for (id = 0; id < n; id++) {
		if (id == LTREE_ROOT)
			continue;
		name = ltree_name(app->tree, id, &len);
		if (len < pr->len || memcmp(name, pr->buf, pr->len) != 0)
			continue;
		if (matches++ == 0) {
			best = name;
			common = len;
		} else {
			for (i = pr->len; i < common && i < len &&
			    name[i] == best[i]; i++)
				;
			common = i;
		}
		if (shown < 4 && strlen(list) + len + 3 < sizeof list) {
			if (shown++ > 0)
				strcat(list, ", ");
			strncat(list, name, len);
		}
	}
	if (matches == 0) {
		pr->error = xstrdup("no logger starts so");
		return;
	}
	if (common > pr->len && common < PROMPT_MAX) {
		memcpy(pr->buf, best, common);
		pr->buf[common] = '\0';
		pr->len = pr->cursor = common;
	}
	if (matches > 1)
		pr->error = xasprintf("%u loggers: %s%s", matches, list,
		    matches > shown ? ", ..." : "");
}

/* S: save; an existing file needs Enter a second time. */
static int
prompt_save(struct app *app, struct prompt *pr, struct pane *p)
{
	char	*msg = NULL;
	int	 force, r;

	force = pr->confirm != NULL && strcmp(pr->confirm, pr->buf) == 0;
	free(pr->confirm);
	pr->confirm = NULL;
	r = export_save(app, p, pr->buf, force, &msg);
	if (r == 0) {
		app_status(app, 0, "%s", msg);
		free(msg);
		return 0;
	}
	if (r == 1)
		pr->confirm = xstrdup(pr->buf);
	free(pr->error);
	pr->error = msg;
	return -1;
}

/*
 * H: add a highlight (matches coloured in every pane, nothing filtered;
 * at most APP_HL_MAX, the oldest goes); an empty line clears them all.
 */
static int
prompt_highlight(struct app *app, struct prompt *pr)
{
	struct pane	*p = app->panes[app->focus];
	struct regex	*re;
	char		*cause = NULL;
	size_t		 i;

	if (pr->len == 0) {
		for (i = 0; i < app->nhl; i++)
			regex_free(app->hl[i]);
		app->nhl = 0;
		app_status(app, 0, "highlights cleared");
		return 0;
	}
	prompt_remember(pr);
	if ((re = regex_compile(pr->buf, p->filter.rcase, &cause)) == NULL) {
		free(pr->error);
		pr->error = xasprintf("bad regex: %s", cause);
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
	    APP_HL_MAX, pr->buf);
	return 0;
}

/* Apply the line to the focused pane; returns 0, or -1 with pr->error set. */
static int
prompt_accept(struct app *app, struct prompt *pr)
{
	struct pane	*p = app->panes[app->focus];
	char		*cause = NULL;
	int		 r = 0;

	if (pr->kind == PROMPT_HIGHLIGHT)
		return prompt_highlight(app, pr);
	if (pr->len == 0)
		return 0;
	switch (pr->kind) {
	case PROMPT_SAVE:
		prompt_remember(pr);
		return prompt_save(app, pr, p);
	case PROMPT_TREEFIND:
		prompt_remember(pr);
		if (treepanel_find(app, pr->buf, 1))
			return 0;
		free(pr->error);
		pr->error = xasprintf("no logger name holds '%s'", pr->buf);
		return -1;
	case PROMPT_SEARCH:
		r = pane_set_search(p, pr->buf, &cause);
		break;
	case PROMPT_INCLUDE:
		r = filter_add_include(&p->filter, pr->buf, &cause);
		break;
	case PROMPT_EXCLUDE:
		r = filter_add_exclude(&p->filter, pr->buf, &cause);
		break;
	case PROMPT_COLLAPSE:
	case PROMPT_HIDE:
	case PROMPT_ONLY:
		prompt_remember(pr);
		return prompt_logger(app, pr, p);
	case PROMPT_TIME:
		prompt_remember(pr);
		if (app_goto_time(app, pr->buf, &cause) == -1) {
			free(pr->error);
			pr->error = cause;
			return -1;
		}
		return 0;
	default:
		break;
	}
	prompt_remember(pr);
	if (r == -1) {
		free(pr->error);
		pr->error = xasprintf("bad regex: %s", cause);
		free(cause);
		return -1;
	}
	if (pr->kind == PROMPT_SEARCH)
		pane_search_start(app, p);
	return 0;
}

/* Length of the UTF-8 character ending before offset i. */
static size_t
prompt_prev(const struct prompt *pr, size_t i)
{
	size_t	j = i;

	if (j == 0)
		return 0;
	j--;
	while (j > 0 && ((unsigned char)pr->buf[j] & 0xc0) == 0x80)
		j--;
	return i - j;
}

/* Length of the UTF-8 character starting at offset i. */
static size_t
prompt_next(const struct prompt *pr, size_t i)
{
	size_t	j = i;

	if (j >= pr->len)
		return 0;
	j++;
	while (j < pr->len && ((unsigned char)pr->buf[j] & 0xc0) == 0x80)
		j++;
	return j - i;
}

/* Delete n bytes at offset i. */
static void
prompt_delete(struct prompt *pr, size_t i, size_t n)
{
	memmove(pr->buf + i, pr->buf + i + n, pr->len - i - n);
	pr->len -= n;
	pr->buf[pr->len] = '\0';
}

/* Insert a key's UTF-8 bytes at the cursor. */
static void
prompt_insert(struct prompt *pr, int key)
{
	char		u[4];
	size_t		n;
	unsigned	c = (unsigned)key & ~(unsigned)TUI_WCHAR;

	if (c < 0x80) {
		u[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		u[0] = (char)(0xc0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3f));
		n = 2;
	} else if (c < 0x10000) {
		u[0] = (char)(0xe0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[2] = (char)(0x80 | (c & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		u[3] = (char)(0x80 | (c & 0x3f));
		n = 4;
	}
	if (pr->len + n >= PROMPT_MAX)
		return;
	memmove(pr->buf + pr->cursor + n, pr->buf + pr->cursor, pr->len - pr->cursor);
	memcpy(pr->buf + pr->cursor, u, n);
	pr->len += n;
	pr->cursor += n;
	pr->buf[pr->len] = '\0';
}

/* Load a history entry into the line. */
static void
prompt_load(struct prompt *pr, const char *s)
{
	size_t	n = strlen(s);

	if (n >= PROMPT_MAX)
		n = PROMPT_MAX - 1;
	memcpy(pr->buf, s, n);
	pr->buf[n] = '\0';
	pr->len = pr->cursor = n;
}

/* A key while the prompt is open. */
void
prompt_key(struct app *app, int key)
{
	struct prompt	*pr = prompt_get(app);
	size_t		 n;

	if (key != TUI_KEY_ENTER && key != KEY_ENTER) {
		free(pr->error);
		pr->error = NULL;
	}
	switch (key) {
	case TUI_KEY_ESC:
	case 3:		/* C-c */
		app->mode = pr->back;
		return;
	case TUI_KEY_ENTER:
	case KEY_ENTER:
		if (prompt_accept(app, pr) == 0 && app->mode == MODE_PROMPT)
			app->mode = pr->back;
		return;
	case KEY_LEFT:
		pr->cursor -= prompt_prev(pr, pr->cursor);
		return;
	case KEY_RIGHT:
		pr->cursor += prompt_next(pr, pr->cursor);
		return;
	case KEY_HOME:
	case 1:		/* C-a */
		pr->cursor = 0;
		return;
	case KEY_END:
	case 5:		/* C-e */
		pr->cursor = pr->len;
		return;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		n = prompt_prev(pr, pr->cursor);
		pr->cursor -= n;
		prompt_delete(pr, pr->cursor, n);
		return;
	case KEY_DC:
	case 4:		/* C-d */
		prompt_delete(pr, pr->cursor, prompt_next(pr, pr->cursor));
		return;
	case 21:	/* C-u */
		prompt_delete(pr, 0, pr->cursor);
		pr->cursor = 0;
		return;
	case 11:	/* C-k */
		prompt_delete(pr, pr->cursor, pr->len - pr->cursor);
		return;
	case 23:	/* C-w */
		n = pr->cursor;
		while (n > 0 && pr->buf[n - 1] == ' ')
			n--;
		while (n > 0 && pr->buf[n - 1] != ' ')
			n--;
		prompt_delete(pr, n, pr->cursor - n);
		pr->cursor = n;
		return;
	case TUI_KEY_TAB:
		if (pr->kind == PROMPT_COLLAPSE || pr->kind == PROMPT_HIDE ||
		    pr->kind == PROMPT_ONLY)
			prompt_complete(app, pr);
		return;
	case KEY_UP:
		if (pr->hpos > 0) {
			pr->hpos--;
			prompt_load(pr, pr->hist[pr->kind][pr->hpos]);
		}
		return;
	case KEY_DOWN:
		if (pr->hpos < pr->nhist[pr->kind]) {
			pr->hpos++;
			if (pr->hpos == pr->nhist[pr->kind])
				prompt_load(pr, "");
			else
				prompt_load(pr, pr->hist[pr->kind][pr->hpos]);
		}
		return;
	}
	if ((key >= 32 && key < 127) || (key & TUI_WCHAR))
		prompt_insert(pr, key);
}

/* Draw the prompt line (the text through the sanitizer, the cursor shown). */
void
prompt_draw(struct app *app, int x, int y, int w)
{
	struct prompt	*pr = prompt_get(app);
	struct tui	*t = app->tui;
	const char	*label = prompt_labels[pr->kind];
	int		 used, before;

	used = tui_str(t, x, y, w, label, THEME_PROMPT);
	before = tui_nstr_attr(t, x + used, y, w - used, pr->buf, pr->cursor,
	    tui_attr(t, THEME_PROMPT));
	tui_nstr_attr(t, x + used + before, y, 1, " ", 1,
	    tui_attr(t, THEME_PROMPT) | A_REVERSE);
	if (pr->cursor < pr->len) {
		int	cw = tui_nstr_attr(t, x + used + before, y, w - used - before,
		    pr->buf + pr->cursor, prompt_next(pr, pr->cursor),
		    tui_attr(t, THEME_PROMPT) | A_REVERSE);

		tui_nstr_attr(t, x + used + before + cw, y, w - used - before - cw,
		    pr->buf + pr->cursor + prompt_next(pr, pr->cursor),
		    pr->len - pr->cursor - prompt_next(pr, pr->cursor),
		    tui_attr(t, THEME_PROMPT));
	}
	if (pr->error != NULL) {
		int	ex = x + used + (int)(pr->len) + 3;

		if (ex < x + w / 2)
			ex = x + w / 2;
		if (ex < x + w)
			tui_str(t, ex, y, x + w - ex, pr->error, THEME_ERROR);
	}
}
