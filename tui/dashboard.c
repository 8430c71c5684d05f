/*
 * dashboard.c: NOT BUILT YET (issue 7). The `d` key shows this notice so
 * the key is honest about it; any key returns to the panes.
 */
#include "dashboard.h"

#include "../core/app.h"
#include "tui.h"

/* Draw the notice. */
void
dashboard_draw(struct app *app, int w, int h)
{
	tui_str(app->tui, 1, 0, w - 1, "dashboard: not built yet (issue 7); "
	    "any key returns", THEME_TITLE_FOCUS);
}

/* Any key leaves. */
void
dashboard_key(struct app *app, int key)
{
	app->mode = MODE_PANES;
}

/* Nothing to free yet. */
void
dashboard_free(struct app *app)
{
}
