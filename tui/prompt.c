/*
 * prompt.c: the line editor at the bottom of the screen for `/`, `f`,
 * `x`, `T` (a time) and `C` / `X` / `L` (a logger subtree to fold, hide or
 * show only; Tab completes it from the logger tree).
 *
 * The line is bytes (UTF-8 typed by the user); the cursor is a byte offset
 * always on a character boundary. Editing keys: Left/Right, Home/End,
 * Ctrl-A/E, Backspace/Delete, Ctrl-U (to start), Ctrl-K (to end), Ctrl-W
 * (word back), Up/Down walk the history of this kind of prompt, Enter
 * accepts, Esc or Ctrl-C cancels.
 *
 * The prompt knows nothing of filters, panes or files: whoever opens it
 * passes the function Enter calls with the line (pane.c's search and
 * filters, app.c's time, treepanel.c's find, ...). A line it refuses -- a
 * regex that does not compile, an unknown logger -- keeps the prompt open
 * with the message, and nothing changed.
 */
#include "prompt.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "core/xmalloc.h"
#include "model/ltree.h"
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
	prompt_accept_fn	 accept;	/* the opener's: what Enter does */
};

/* Each kind of prompt: its label, Tab completing a logger name, an empty line taken. */
static const struct {
	const char	*label;
	int		 complete;
	int		 empty_ok;
} prompt_kinds[PROMPT_COUNT] = {
	[PROMPT_SEARCH] = { "/", 0, 0 },
	[PROMPT_INCLUDE] = { "filter in: ", 0, 0 },
	[PROMPT_EXCLUDE] = { "filter out: ", 0, 0 },
	[PROMPT_TIME] = { "go to time: ", 0, 0 },
	[PROMPT_COLLAPSE] = { "collapse logger: ", 1, 0 },
	[PROMPT_HIDE] = { "hide logger: ", 1, 0 },
	[PROMPT_ONLY] = { "only logger: ", 1, 0 },
	[PROMPT_SAVE] = { "save records to (FILE or | COMMAND): ", 0, 0 },
	[PROMPT_HIGHLIGHT] = { "highlight (empty: clear): ", 0, 1 },
	[PROMPT_TREEFIND] = { "find logger: ", 0, 0 },
};

/* The prompt state, created on first use. */
static struct prompt *
prompt_get(struct app *app)
{
	return app_mode_state(app, MODE_PROMPT, sizeof (struct prompt), NULL);
}

/* Open the prompt. */
void
prompt_open(struct app *app, enum prompt_kind kind, prompt_accept_fn accept)
{
	struct prompt	*pr = prompt_get(app);

	pr->kind = kind;
	pr->accept = accept;
	free(pr->confirm);
	pr->confirm = NULL;
	pr->len = pr->cursor = 0;
	free(pr->error);
	pr->error = NULL;
	pr->hpos = pr->nhist[kind];
	if (app_get_mode(app) != MODE_PROMPT)
		pr->back = app_get_mode(app);
	app_set_mode(app, MODE_PROMPT);
}

/* The last line accepted in a kind of prompt, or NULL. */
const char *
prompt_last(struct app *app, enum prompt_kind kind)
{
	struct prompt	*pr = app_mode_data(app, MODE_PROMPT);

	if (pr == NULL || pr->nhist[kind] == 0)
		return NULL;
	return pr->hist[kind][pr->nhist[kind] - 1];
}

/* Free the prompt and its history. */
void
prompt_free(struct app *app)
{
	struct prompt	*pr = app_mode_data(app, MODE_PROMPT);
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
	app_set_mode_data(app, MODE_PROMPT, NULL);
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
 * Tab in the collapse prompt: complete the line to the longest prefix
 * that every logger name starting with it shares; with several, the
 * first few are shown.
 */
static void
prompt_complete(struct app *app, struct prompt *pr)
{
	struct ltree	*tree = app_tree(app);
	uint32_t	 id, n = ltree_count_nodes(tree), matches = 0;
	const char	*name, *best = NULL;
	size_t		 len, common = 0, i, shown = 0;
	char		 list[160];

	list[0] = '\0';
	for (id = 0; id < n; id++) {
		if (id == LTREE_ROOT)
			continue;
		name = ltree_name(tree, id, &len);
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

/*
 * Enter: hand the line to the opener's accept function. A refusal keeps
 * the prompt open with its message; a request to confirm (S over an
 * existing file) too, and the same line entered again is passed with
 * again = 1. An empty line closes the prompt unless its kind takes one.
 */
static int
prompt_accept(struct app *app, struct prompt *pr)
{
	char	*msg = NULL;
	int	 again, r;

	if (pr->len == 0 && !prompt_kinds[pr->kind].empty_ok)
		return 0;
	if (pr->len > 0)
		prompt_remember(pr);
	again = pr->confirm != NULL && strcmp(pr->confirm, pr->buf) == 0;
	free(pr->confirm);
	pr->confirm = NULL;
	if (pr->accept == NULL)
		return 0;
	r = pr->accept(app, pr->buf, again, &msg);
	if (r == 0) {
		free(msg);
		return 0;
	}
	if (r == 1)
		pr->confirm = xstrdup(pr->buf);
	free(pr->error);
	pr->error = msg != NULL ? msg : xstrdup("refused");
	return -1;
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
		app_set_mode(app, pr->back);
		return;
	case TUI_KEY_ENTER:
	case KEY_ENTER:
		if (prompt_accept(app, pr) == 0 &&
		    app_get_mode(app) == MODE_PROMPT)
			app_set_mode(app, pr->back);
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
		if (prompt_kinds[pr->kind].complete)
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
	struct tui	*t = app_tui(app);
	const char	*label = prompt_kinds[pr->kind].label;
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
