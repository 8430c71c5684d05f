/*
 * mode.c: the table of the TUI's modes (htop's panels with handlers, in
 * a table instead of chains of tests of the mode in the dispatcher).
 *
 * tui.c asks the table, never the mode's name: what the mode draws and
 * where (the whole screen, a side panel, the status line), and whether it
 * takes a key before the panes do. A new mode is one row here and its own
 * file; the dispatcher does not change. The draw and key functions are
 * the modules' own (help.c, dashboard.c, treepanel.c, prompt.c), adapted
 * here to the two signatures of struct mode.
 */
#include "mode.h"

#include "dashboard.h"
#include "help.h"
#include "prompt.h"
#include "treepanel.h"
#include "tui.h"

/* Help: the whole screen. */
static void
mode_help_draw(struct app *app, const struct rect *r)
{
	help_draw(app, r->w, r->h);
}

/* Dashboard: the screen above the status line. */
static void
mode_dashboard_draw(struct app *app, const struct rect *r)
{
	dashboard_draw(app, r->w, r->h);
}

/* Dashboard: it takes every key (q and ? included: see dashboard.c). */
static int
mode_dashboard_key(struct app *app, int key)
{
	dashboard_key(app, key);
	return 1;
}

/* The prompt lives on the status line. */
static void
mode_prompt_draw(struct app *app, const struct rect *r)
{
	prompt_draw(app, r->x, r->y, r->w);
}

/* The prompt takes every key. */
static int
mode_prompt_key(struct app *app, int key)
{
	prompt_key(app, key);
	return 1;
}

static const struct mode mode_table[] = {
	[MODE_PANES] = { "panes", 0, NULL, NULL, NULL, NULL },
	[MODE_PROMPT] = { "prompt", MODE_OWN_KEYS | MODE_STATUS,
	    mode_prompt_draw, mode_prompt_key, NULL, prompt_free },
	[MODE_TREE] = { "tree", MODE_SIDE, treepanel_draw, treepanel_key,
	    NULL, treepanel_free },
	[MODE_HELP] = { "help", MODE_FULL, mode_help_draw, help_key,
	    NULL, help_free },
	[MODE_DASHBOARD] = { "dashboard", MODE_FULL | MODE_HINTS,
	    mode_dashboard_draw, mode_dashboard_key, dashboard_timeout,
	    dashboard_free },
};

/* Free every mode's state. */
void
mode_free_all(struct app *app)
{
	size_t	i;

	for (i = 0; i < sizeof mode_table / sizeof mode_table[0]; i++)
		if (mode_table[i].free != NULL)
			mode_table[i].free(app);
}

/* The entry of a mode; an unknown value is the panes. */
const struct mode *
mode_get(enum app_mode m)
{
	if ((unsigned)m >= sizeof mode_table / sizeof mode_table[0])
		return &mode_table[MODE_PANES];
	return &mode_table[m];
}
