/*
 * help.c: every key on one screen, in two columns when the terminal is
 * wide enough. Any key closes it.
 */
#include "help.h"

#include <string.h>

#include "app.h"
#include "tui.h"

const char *const help_lines[] = {
	"Panes",
	"  q          quit",
	"  ?          this help",
	"  Tab S-Tab  next / previous pane",
	"  click      focus a pane; wheel scrolls",
	"  z          zoom the focused pane",
	"  s          layout: auto, columns, rows, grid",
	"  m          merged pane (all sources by time)",
	"  d          dashboard",
	"  t          logger tree of the focused pane",
	"Moving",
	"  j k Up Dn  scroll a line",
	"  PgUp PgDn  page (also b, Space)",
	"  g Home     top",
	"  G End      bottom, following",
	"  F          follow on / off",
	"  T          go to a time (14:05, -1h, 2026-11-27 14:05): all panes",
	"  Left Right scroll sideways",
	"  r          wrap long lines on / off",
	"  v          compact view / raw lines (as written)",
	"  Enter      fold / unfold the record's lines, or a summary row",
	"  C          fold a logger subtree into summary rows (Tab)",
	"  X L        hide a logger subtree / show only it (Tab)",
	"  S          save the pane's records (FILE or | COMMAND)",
	"  y Y        copy the marked record / the screen (OSC 52)",
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

/* Draw the help screen. */
void
help_draw(struct app *app, int w, int h)
{
	struct tui	*t = app_tui(app);
	struct rect	 all = { 0, 0, w, h };
	int		 n = 0, i, col, row, cols, colw, per;

	while (help_lines[n] != NULL)
		n++;
	tui_fill(t, &all, THEME_MESSAGE);
	tui_str(t, 1, 0, w - 1, "tailor keys (any key closes)", THEME_TITLE_FOCUS);
	cols = (h - 2 < n && w >= 100) ? 2 : 1;
	per = (n + cols - 1) / cols;
	colw = w / cols;
	for (i = 0; i < n; i++) {
		col = i / per;
		row = i % per;
		if (row + 2 >= h)
			continue;
		tui_str(t, col * colw + 1, row + 2, colw - 2, help_lines[i],
		    help_lines[i][0] == ' ' ? THEME_MESSAGE : THEME_DASHBOARD_TITLE);
	}
}
