/*
 * help.c: every key on one screen, in two columns when the terminal is
 * wide enough. Any key closes it -- but when the lines do not all fit
 * (a short terminal), the moving keys scroll them first (a struct scroll
 * over the rows of a column, tui/scroll.c): j k Up Down a line, PgUp PgDn
 * b Space a page, g G Home End the ends, the wheel three lines; the title
 * says so. The scroll position is the help mode's state (app_mode_data),
 * back at the top each time the help closes.
 */
#include "help.h"

#include <curses.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "scroll.h"
#include "tui.h"

/* The help mode's state: the view over the rows of a column. */
struct help {
	struct scroll	view;
};

const char *const help_lines[] = {
	"Panes",
	"  q          quit",
	"  ?          this help",
	"  Tab S-Tab  next / previous pane",
	"  click      focus a pane (again: the cursor); wheel",
	"  z          zoom the focused pane",
	"  s          layout: auto, columns, rows, grid",
	"  m          merged pane (all sources by time)",
	"  d          dashboard",
	"  t          logger tree of the focused pane",
	"Moving",
	"  j k Up Dn  move the cursor (>) a record; k pauses",
	"  PgUp PgDn  page (also b, Space)",
	"  g Home     top",
	"  G End      bottom, following",
	"  F          follow on / off",
	"  T          go to a time (14:05, -1h, 2026-11-27 14:05): all panes",
	"  Left Right scroll sideways",
	"  r          wrap long lines on / off",
	"  v          compact view / raw lines (as written)",
	"  Enter      fold / unfold the cursor record, or a summary row",
	"  C          fold a logger subtree into summary rows (Tab)",
	"  X L        hide a logger subtree / show only it (Tab)",
	"  S          save the pane's records (FILE or | COMMAND)",
	"  y Y        copy the cursor record / the screen (OSC 52)",
	"  H          highlight a regex everywhere (empty: clear)",
	"Filtering (focused pane)",
	"  1 2 3 4 5  toggle DEBUG INFO WARNING ERROR CRITICAL",
	"  f          add an include regex",
	"  x          add an exclude regex",
	"  c          clear the regex filters",
	"  / n N      search (match k/N), next, previous",
	"  e E        next / previous error (or worse)",
	"  w W        next / previous warning (or worse)",
	"Logger tree",
	"  Up Down    move",
	"  Space      hide / show the subtree",
	"  o          show only this subtree",
	"  a          show all",
	"  c          fold its runs in the pane (NAME.*)",
	"  / n N      find a logger by name",
	"  S          order: name, volume, warnings",
	"  O          own counts / subtree totals",
	"  Left Right collapse / expand",
	"  Esc t      close",
	"Prompt",
	"  Enter      accept      Esc  cancel",
	"  Up Down    history     C-a C-e C-u C-k C-w  edit",
	NULL
};

/* The help state, created on first use. */
static struct help *
help_get(struct app *app)
{
	return app_mode_state(app, MODE_HELP, sizeof (struct help), NULL);
}

/* Draw the help screen. */
void
help_draw(struct app *app, int w, int h)
{
	struct help	*hp = help_get(app);
	struct tui	*t = app_tui(app);
	struct rect	 all = { 0, 0, w, h };
	int		 n = 0, i, col, row, cols, colw, per;

	while (help_lines[n] != NULL)
		n++;
	tui_fill(t, &all, THEME_MESSAGE);
	cols = (h - 2 < n && w >= 100) ? 2 : 1;
	per = (n + cols - 1) / cols;
	colw = w / cols;
	scroll_set(&hp->view, (size_t)per, h > 2 ? (size_t)(h - 2) : 0);
	scroll_fit(&hp->view);
	tui_str(t, 1, 0, w - 1, scroll_fits(&hp->view) ?
	    "tailor keys (any key closes)" : "tailor keys (j k PgUp PgDn "
	    "scroll, any other key closes)", THEME_TITLE_FOCUS);
	for (i = 0; i < n; i++) {
		col = i / per;
		row = i % per - (int)hp->view.top;
		if (row < 0 || row + 2 >= h)
			continue;
		tui_str(t, col * colw + 1, row + 2, colw - 2, help_lines[i],
		    help_lines[i][0] == ' ' ? THEME_MESSAGE : THEME_DASHBOARD_TITLE);
	}
}

/* A key while the help is shown: scroll it when it does not fit, else close it. */
int
help_key(struct app *app, int key)
{
	struct help	*hp = help_get(app);
	long		 page = (long)(hp->view.page > 1 ? hp->view.page - 1 : 1);
	long		 all = (long)hp->view.n;

	if (!scroll_fits(&hp->view)) {
		switch (key) {
		case 'j':
		case KEY_DOWN:
			scroll_view(&hp->view, 1);
			return 1;
		case 'k':
		case KEY_UP:
			scroll_view(&hp->view, -1);
			return 1;
		case KEY_NPAGE:
		case ' ':
			scroll_view(&hp->view, page);
			return 1;
		case KEY_PPAGE:
		case 'b':
			scroll_view(&hp->view, -page);
			return 1;
		case 'g':
		case KEY_HOME:
			scroll_view(&hp->view, -all);
			return 1;
		case 'G':
		case KEY_END:
			scroll_view(&hp->view, all);
			return 1;
		case TUI_MOUSE_DOWN:
			scroll_view(&hp->view, 3);
			return 1;
		case TUI_MOUSE_UP:
			scroll_view(&hp->view, -3);
			return 1;
		}
	}
	hp->view.top = 0;
	app_set_mode(app, MODE_PANES);
	return 1;
}

/* Free the help state. */
void
help_free(struct app *app)
{
	free(app_mode_data(app, MODE_HELP));
	app_set_mode_data(app, MODE_HELP, NULL);
}
