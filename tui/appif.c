/*
 * appif.c: the TUI session's interface for its modes and panels.
 *
 * struct app (tui/app_int.h) is the session's state; only the files that
 * run the session -- app.c (the loop's turn), tui.c (layout, dispatch),
 * pane.c and panedraw.c -- see its fields. The prompt, the logger tree,
 * the dashboard, help, export and the mode table go through these
 * functions (declared in app.h): what they read (the terminal, the logger
 * tree, the sources' names and counters, the panes) and the few things
 * they change (the mode, the focus, the status line, quitting). Each
 * mode's own state hangs off the session as an opaque pointer
 * (mode_data), so the session needs no field per mode: app_mode_state
 * allocates it zeroed on the mode's first use, the mode's free function
 * (mode.c's table, at the end of the session) frees it. Nothing else here
 * allocates; the session owns nothing through these functions.
 */
#include "app_int.h"

#include <stdlib.h>

#include "core/xmalloc.h"
#include "input/source.h"
#include "model/dashmodel.h"
#include "pane.h"

/* The terminal. */
struct tui *
app_tui(struct app *app)
{
	return app->tui;
}

/* The shared logger tree. */
struct ltree *
app_tree(struct app *app)
{
	return app->tree;
}

/* How many sources. */
size_t
app_nsources(const struct app *app)
{
	return app->nsrcs;
}

/* Source i's name, as its pane's title shows it. */
const char *
app_source_name(struct app *app, size_t i)
{
	return source_name(app->srcs[i].src);
}

/* Source i's detected format name, or NULL. */
const char *
app_source_format(struct app *app, size_t i)
{
	return app->srcs[i].format;
}

/* What the dashboard model reads of source i. */
void
app_source_dash(struct app *app, size_t i, struct dashmodel_src *in)
{
	struct asrc	*as = &app->srcs[i];

	in->stats = &as->stats;
	in->store = as->store;
	in->rate.slots = as->rate;
	in->rate.nslots = APP_RATE_SLOTS;
	in->rate.sec = as->rate_sec;
	in->rate.peak = as->rate_peak;
}

/* The counters behind a pane. */
const struct stats *
app_pane_stats(struct app *app, const struct pane *p)
{
	if (p->merged)
		return &app->total;
	return &app->srcs[p->src].stats;
}

/* How many panes (the merged one included when on). */
size_t
app_npanes(const struct app *app)
{
	return app->npanes;
}

/* Pane i. */
struct pane *
app_pane(struct app *app, size_t i)
{
	return app->panes[i];
}

/* The focused pane. */
struct pane *
app_focused(struct app *app)
{
	return app->panes[app->focus];
}

/* Focus pane i. */
void
app_focus(struct app *app, size_t i)
{
	app->focus = i;
}

/* The current mode. */
enum app_mode
app_get_mode(const struct app *app)
{
	return app->mode;
}

/* Switch modes. */
void
app_set_mode(struct app *app, enum app_mode m)
{
	app->mode = m;
}

/* A mode's state, or NULL. */
void *
app_mode_data(struct app *app, enum app_mode m)
{
	return (unsigned)m < MODE_COUNT ? app->mode_data[m] : NULL;
}

/* Set a mode's state (the mode owns it). */
void
app_set_mode_data(struct app *app, enum app_mode m, void *data)
{
	if ((unsigned)m < MODE_COUNT)
		app->mode_data[m] = data;
}

/* A mode's state, allocated zeroed on its first use. */
void *
app_mode_state(struct app *app, enum app_mode m, size_t size, int *fresh)
{
	void	*data = app_mode_data(app, m);

	if (fresh != NULL)
		*fresh = data == NULL;
	if (data == NULL) {
		data = xcalloc(1, size);
		app_set_mode_data(app, m, data);
	}
	return data;
}

/* Drop the status message: the key hints again. */
void
app_status_clear(struct app *app)
{
	free(app->status);
	app->status = NULL;
}

/* Quit after this turn. */
void
app_quit(struct app *app)
{
	app->quit = 1;
}
