/*
 * tui.c: curses set-up, colours from the theme, the one drawing path for
 * text, the layout of panes, and the top-level draw and key dispatch.
 *
 * Everything drawn goes through tui_text / tui_str, which run the bytes
 * through sanitize_next(): no byte of a log, a file name or a logger name
 * reaches the terminal as a control sequence, and wide characters are
 * never cut in half at the right edge.
 *
 * Colours: each theme element gets a curses pair (1..THEME_COUNT), and the
 * logger palette the pairs after them. With 256 colours the 256-colour
 * values are used, else the 16-colour fallback (& 7 on 8 colours); with
 * NO_COLOR, --no-color or a terminal without colours only attributes.
 *
 * The terminal is stdin, or /dev/tty when stdin carries a log.
 */
#include "tui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "app_int.h"
#include "core/xmalloc.h"
#include "filters/regex.h"
#include "mode.h"
#include "prompt.h"
#include "treepanel.h"
#include "pane.h"
#include "core/sanitize.h"

#define TUI_PAIR_LOGGER	(THEME_COUNT + 1)

struct tui {
	SCREEN		*screen;
	FILE		*tty;		/* /dev/tty when stdin is not the terminal */
	int		 fd;
	int		 colours;	/* 0, 8, 16 or 256 */
	int		 logger_colours;	/* the theme has colours: loggers get theirs */
	struct theme	 theme;
	unsigned long	 attrs[THEME_COUNT];
	char		*theme_note;
};

/* Curses attributes of theme attribute bits. */
static unsigned long
tui_theme_attrs(unsigned bits)
{
	unsigned long	a = A_NORMAL;

	if (bits & THEME_ATTR_BOLD)
		a |= A_BOLD;
	if (bits & THEME_ATTR_DIM)
		a |= A_DIM;
	if (bits & THEME_ATTR_UNDERLINE)
		a |= A_UNDERLINE;
	if (bits & THEME_ATTR_REVERSE)
		a |= A_REVERSE;
	if (bits & THEME_ATTR_ITALIC)
		a |= A_ITALIC;
	if (bits & THEME_ATTR_STANDOUT)
		a |= A_STANDOUT;
	if (bits & THEME_ATTR_BLINK)
		a |= A_BLINK;
	return a;
}

/* A theme colour at the terminal's depth (-1 default). */
static short
tui_colour(const struct tui *t, int c256, int c16)
{
	if (t->colours >= 256)
		return (short)c256;
	if (c16 < 0)
		return -1;
	if (t->colours >= 16)
		return (short)c16;
	return (short)(c16 & 7);
}

/* Set up pairs and attributes for the theme. */
static void
tui_apply_theme(struct tui *t)
{
	const struct theme_style	*st;
	int				 i;

	for (i = 0; i < THEME_COUNT; i++) {
		st = &t->theme.style[i];
		t->attrs[i] = tui_theme_attrs(st->attrs);
		if (t->colours == 0)
			continue;
		init_pair((short)(i + 1), tui_colour(t, st->fg256, st->fg16),
		    tui_colour(t, st->bg256, st->bg16));
		t->attrs[i] |= COLOR_PAIR(i + 1);
	}
	if (t->colours == 0)
		return;
	/* An attributes-only theme (mono) gets no logger colours either. */
	t->logger_colours = 0;
	for (i = 0; i < THEME_COUNT; i++)
		if (t->theme.style[i].fg256 >= 0 || t->theme.style[i].bg256 >= 0)
			t->logger_colours = 1;
	if (!t->logger_colours)
		return;
	for (i = 0; i < THEME_LOGGER_NCOLOURS; i++)
		init_pair((short)(TUI_PAIR_LOGGER + i),
		    tui_colour(t, theme_logger_palette256[i],
		    theme_logger_palette16[i]), -1);
}

/*
 * Home and End as the common terminals send them, whatever TERM's
 * terminfo says (tmux and screen send \033[1~ under TERM=xterm-256color,
 * rxvt \033[7~): unknown, they would arrive as Escape, '[', '1' -- and
 * Escape closes panels while 1 toggles DEBUG.
 */
static void
tui_define_keys(void)
{
	static const struct {
		const char	*seq;
		int		 key;
	} keys[] = {
		{ "\033[1~", KEY_HOME }, { "\033[4~", KEY_END },
		{ "\033[7~", KEY_HOME }, { "\033[8~", KEY_END },
		{ "\033[H", KEY_HOME }, { "\033[F", KEY_END },
		{ "\033OH", KEY_HOME }, { "\033OF", KEY_END },
	};
	size_t	i;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++)
		if (key_defined(keys[i].seq) == 0)
			define_key(keys[i].seq, keys[i].key);
}

/* Start curses. */
struct tui *
tui_start(const char *theme, int no_color, char **cause)
{
	struct tui	*t = xcalloc(1, sizeof *t);
	const char	*term = getenv("TERM");
	char		*why = NULL;

	if (isatty(STDIN_FILENO)) {
		t->fd = STDIN_FILENO;
		t->screen = newterm(NULL, stdout, stdin);
	} else {
		t->tty = fopen("/dev/tty", "r+");
		if (t->tty == NULL) {
			*cause = xasprintf("no terminal to draw on (/dev/tty: %s); "
			    "use --print", strerror(errno));
			free(t);
			return NULL;
		}
		t->fd = fileno(t->tty);
		t->screen = newterm(NULL, t->tty, t->tty);
	}
	if (t->screen == NULL) {
		*cause = xasprintf("cannot use terminal type '%s' (no terminfo "
		    "entry?); try TERM=xterm-256color, or --print",
		    term != NULL ? term : "");
		if (t->tty != NULL)
			fclose(t->tty);
		free(t);
		return NULL;
	}
	set_term(t->screen);
	/* A terminal that cannot move the cursor shows only garbage. */
	if (tigetstr("cup") == NULL || tigetstr("cup") == (char *)-1) {
		endwin();
		delscreen(t->screen);
		if (t->tty != NULL)
			fclose(t->tty);
		free(t);
		*cause = xasprintf("terminal type '%s' cannot move the cursor; "
		    "use --print, or TERM=xterm-256color", term != NULL ? term :
		    "");
		return NULL;
	}
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	tui_define_keys();
	nodelay(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED |
	    BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	if (!no_color && has_colors()) {
		start_color();
		use_default_colors();
		t->colours = COLORS >= 256 ? 256 : COLORS >= 16 ? 16 : 8;
	}
	if (theme_load(&t->theme, theme != NULL ? theme : THEME_DEFAULT, &why) == -1) {
		t->theme_note = xasprintf("%s; using the default theme", why);
		free(why);
		theme_load_builtin(&t->theme, THEME_DEFAULT);
	}
	if (no_color && theme == NULL)
		theme_load_builtin(&t->theme, "mono");
	tui_apply_theme(t);
	return t;
}

/* Restore the terminal. */
void
tui_stop(struct tui *t)
{
	if (t == NULL)
		return;
	endwin();
	delscreen(t->screen);
	if (t->tty != NULL)
		fclose(t->tty);
	free(t->theme_note);
	free(t);
}

/*
 * Put the terminal back before a fatal error's message (any state: it
 * only calls endwin). Async-signal-unsafe, like everything curses: for
 * the xmalloc fatal path, not for signal handlers.
 */
void
tui_fatal(void)
{
	if (!isendwin())
		endwin();
}

int
tui_fd(const struct tui *t)
{
	return t->fd;
}

const char *
tui_theme_note(const struct tui *t)
{
	return t->theme_note;
}

/* Screen size. */
void
tui_size(const struct tui *t, int *w, int *h)
{
	*w = COLS;
	*h = LINES;
}

/*
 * Pick up a new terminal size (after SIGWINCH). resizeterm() queues a
 * KEY_RESIZE, which tui_keys only redraws for: calling resizeterm again
 * from there could feed itself KEY_RESIZE forever (seen at 100% CPU after
 * a 1x1 window grew back). Nothing is done when the size is unchanged.
 */
void
tui_resize(struct tui *t)
{
	struct winsize	ws;

	if (ioctl(t->fd, TIOCGWINSZ, &ws) == -1 || ws.ws_col == 0 ||
	    ws.ws_row == 0)
		return;
	if (ws.ws_row == LINES && ws.ws_col == COLS)
		return;
	resizeterm(ws.ws_row, ws.ws_col);
	clearok(curscr, TRUE);
}

/* Next key or -1. */
int
tui_getkey(struct tui *t, int *mx, int *my)
{
	wint_t	wc;
	int	r;
	MEVENT	ev;

	r = get_wch(&wc);
	if (r == ERR)
		return -1;
	if (r == KEY_CODE_YES) {
		if (wc == KEY_MOUSE) {
			/* Not -1: that would end tui_keys with input pending. */
			if (getmouse(&ev) != OK)
				return TUI_KEY_IGNORE;
			*mx = ev.x;
			*my = ev.y;
			if (ev.bstate & BUTTON4_PRESSED)
				return TUI_MOUSE_UP;
			if (ev.bstate & BUTTON5_PRESSED)
				return TUI_MOUSE_DOWN;
			if (ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
				return TUI_MOUSE_CLICK;
			return TUI_KEY_IGNORE;
		}
		return (int)wc;
	}
	if (wc == '\r')
		return TUI_KEY_ENTER;
	if (wc >= 0x80)
		return (int)wc | TUI_WCHAR;
	return (int)wc;
}

/* Attribute of a theme element. */
unsigned long
tui_attr(struct tui *t, int elem)
{
	if (elem < 0 || elem >= THEME_COUNT)
		return A_NORMAL;
	return t->attrs[elem];
}

/* Stable colour of a logger name. */
unsigned long
tui_logger_attr(struct tui *t, const char *name, size_t len)
{
	unsigned	i;

	if (t->colours == 0 || !t->logger_colours)
		return t->attrs[THEME_LOGGER];
	i = theme_logger_colour(name, len, THEME_LOGGER_NCOLOURS);
	return COLOR_PAIR(TUI_PAIR_LOGGER + (int)i) |
	    (t->attrs[THEME_LOGGER] & ~A_COLOR);
}

/* Clear a rectangle. */
void
tui_fill(struct tui *t, const struct rect *r, int elem)
{
	int	y;

	attrset(tui_attr(t, elem));
	for (y = r->y; y < r->y + r->h; y++)
		mvhline(y, r->x, ' ', r->w);
}

/* Attribute of the byte at off, from spans (later win). */
static unsigned long
tui_span_attr(struct tui *t, size_t off, unsigned long base,
    const struct tspan *spans, size_t n)
{
	unsigned long	a = base;
	size_t		i;

	for (i = 0; i < n; i++) {
		if (off < spans[i].off || off >= spans[i].off + spans[i].len)
			continue;
		if (spans[i].logger)
			a = tui_logger_attr(t, spans[i].name, spans[i].namelen);
		else
			a = tui_attr(t, spans[i].elem);
	}
	return a;
}

/* Draw bytes through the sanitizer with spans and search highlights. */
int
tui_text(struct tui *t, int x, int y, int w, const char *s, size_t n,
    unsigned skip, int base_elem, const struct tspan *spans, size_t nspans,
    struct regex *re)
{
	struct scell	 c;
	size_t		 off = 0, used, ms = 0, ml = 0;
	unsigned	 col = 0;
	int		 drawn = 0, have_match = 0;
	unsigned long	 base = tui_attr(t, base_elem), a;

	if (w <= 0)
		return 0;
	if (re != NULL && regex_find(re, s, n, 0, &ms, &ml) == REGEX_MATCH)
		have_match = 1;
	while (off < n && drawn < w) {
		used = sanitize_next(s, n, off, col, 8, &c);
		if (used == 0)
			break;
		if (col + c.width <= skip) {
			col += c.width;
			off += used;
			continue;
		}
		if (col < skip) {
			/* A wide character cut by the scroll: show blanks. */
			unsigned	k = col + c.width - skip;

			attrset(base);
			while (k-- > 0 && drawn < w)
				mvaddch(y, x + drawn++, ' ');
			col += c.width;
			off += used;
			continue;
		}
		if (drawn + c.width > w)
			break;		/* never cut a wide character */
		while (have_match && off >= ms + (ml ? ml : 1)) {
			if (regex_find(re, s, n, ms + (ml ? ml : 1), &ms, &ml) !=
			    REGEX_MATCH)
				have_match = 0;
		}
		if (have_match && off >= ms && off < ms + ml)
			a = tui_attr(t, THEME_SEARCH);
		else if (c.escaped)
			a = tui_attr(t, THEME_ESCAPE);
		else
			a = tui_span_attr(t, off, base, spans, nspans);
		attrset(a);
		mvaddnstr(y, x + drawn, c.text, c.len);
		drawn += c.width;
		col += c.width;
		off += used;
	}
	return drawn;
}

/* Draw a sanitized string with a curses attribute. */
int
tui_nstr_attr(struct tui *t, int x, int y, int w, const char *s, size_t n,
    unsigned long attr)
{
	char	buf[4096];
	size_t	cols;

	if (w <= 0)
		return 0;
	cols = sanitize_str(s, n, (unsigned)w, buf, sizeof buf);
	attrset(attr);
	mvaddstr(y, x, buf);
	return (int)cols;
}

/* Draw a sanitized NUL-terminated string in one style. */
int
tui_str(struct tui *t, int x, int y, int w, const char *s, int elem)
{
	return tui_nstr_attr(t, x, y, w, s, strlen(s), tui_attr(t, elem));
}

/* A vertical rule of h rows at (x, y) in the current attribute. */
void
tui_vline(struct tui *t, int x, int y, int h)
{
	int	i;

	for (i = 0; i < h; i++)
		mvaddstr(y + i, x, "\u2502");
}

/* Send the frame. */
void
tui_flush(struct tui *t)
{
	refresh();
}

/* The terminal's output fd (stdout, or /dev/tty when stdout carries no terminal). */
static int
tui_out_fd(const struct tui *t)
{
	return t->tty != NULL ? fileno(t->tty) : STDOUT_FILENO;
}

/*
 * Put n bytes on the terminal's clipboard with OSC 52 (xterm, kitty,
 * iTerm2, tmux with set-clipboard, over ssh too): base64 inside
 * ESC ] 52 ; c ; ... BEL, written straight to the terminal after the
 * frame. The text itself never reaches the terminal as bytes. Returns -1
 * when the write failed.
 */
int
tui_osc52(struct tui *t, const char *data, size_t n)
{
	static const char	 b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char	*s = (const unsigned char *)data;
	char			*out = xmalloc(n / 3 * 4 + 16), *o = out;
	size_t			 i, len, off = 0;
	ssize_t			 w;
	uint32_t		 v;

	memcpy(o, "\033]52;c;", 7);
	o += 7;
	for (i = 0; i + 2 < n; i += 3) {
		v = (uint32_t)s[i] << 16 | (uint32_t)s[i + 1] << 8 | s[i + 2];
		*o++ = b64[v >> 18];
		*o++ = b64[(v >> 12) & 63];
		*o++ = b64[(v >> 6) & 63];
		*o++ = b64[v & 63];
	}
	if (i < n) {
		v = (uint32_t)s[i] << 16 | (i + 1 < n ? (uint32_t)s[i + 1] << 8 : 0);
		*o++ = b64[v >> 18];
		*o++ = b64[(v >> 12) & 63];
		*o++ = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		*o++ = '=';
	}
	*o++ = '\a';
	len = (size_t)(o - out);
	refresh();
	while (off < len) {
		w = write(tui_out_fd(t), out + off, len - off);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			break;
		off += (size_t)w;
	}
	free(out);
	return off == len ? 0 : -1;
}

/* Give the terminal to another program (S with "| less"). */
void
tui_suspend(struct tui *t)
{
	(void)t;
	def_prog_mode();
	endwin();
}

/* Take the terminal back and redraw everything. */
void
tui_resume(struct tui *t)
{
	(void)t;
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}

/* Split n panes over r by the layout mode. */
void
tui_layout(struct app *app, struct rect *rects, struct rect *side)
{
	struct rect	 area;
	size_t		 n = app->npanes, i, cols, rows, row, col;
	int		 w, h;

	tui_size(app->tui, &w, &h);
	area.x = 0;
	area.y = 0;
	area.w = w;
	area.h = h - 1;		/* the status line */
	side->w = 0;
	side->x = side->y = side->h = 0;
	for (i = 0; i < n; i++)
		rects[i].w = -1;
	if (n == 0 || area.h < 1 || area.w < 1)
		return;
	if (mode_get(app->mode)->flags & MODE_SIDE) {
		/* A side panel (the logger tree) sits beside the focused pane. */
		int	tw = area.w / 2 < 48 ? area.w / 2 : 48;

		if (tw >= 12) {
			side->w = tw;
			side->h = area.h;
			side->x = area.x + area.w - tw;
			side->y = area.y;
			area.w -= tw;
		}
	}
	if (app->zoom || (mode_get(app->mode)->flags & MODE_SIDE)) {
		rects[app->focus] = area;
		return;
	}
	switch (app->layout) {
	case LAYOUT_AUTO:
		if (area.w / (int)n >= APP_PANE_MIN_W) {
			cols = n;
			rows = 1;
		} else if (area.h / (int)n >= APP_PANE_MIN_H) {
			cols = 1;
			rows = n;
		} else {
			for (cols = 1; cols * cols < n; cols++)
				;
			rows = (n + cols - 1) / cols;
		}
		break;
	case LAYOUT_COLUMNS:
		cols = n;
		rows = 1;
		break;
	case LAYOUT_ROWS:
		cols = 1;
		rows = n;
		break;
	default:
		for (cols = 1; cols * cols < n; cols++)
			;
		rows = (n + cols - 1) / cols;
		break;
	}
	/* Too small: show what fits (at least 8 columns, 2 rows each). */
	while (cols > 1 && area.w / (int)cols < 8)
		cols--;
	while (rows > 1 && area.h / (int)rows < 2)
		rows--;
	for (i = 0; i < n && i < cols * rows; i++) {
		row = i / cols;
		col = i % cols;
		rects[i].x = area.x + (int)col * area.w / (int)cols;
		rects[i].w = area.x + (int)(col + 1) * area.w / (int)cols - rects[i].x;
		rects[i].y = area.y + (int)row * area.h / (int)rows;
		rects[i].h = area.y + (int)(row + 1) * area.h / (int)rows - rects[i].y;
		/* The last row takes the panes left over in its width. */
		if (row == rows - 1 && i == n - 1 && col < cols - 1)
			rects[i].w = area.x + area.w - rects[i].x;
	}
}

/* The status line: a message, or the key hints. */
static void
tui_draw_status(struct app *app, int w, int h)
{
	struct rect	 r = { 0, h - 1, w, 1 };
	const struct mode *m = mode_get(app->mode);
	const char	*hint = " q quit  ? help  Tab pane  s layout  z zoom  "
	    "v view  / search  f/x filter  1-5 levels  t loggers  m merge  "
	    "d dashboard";
	size_t		 hidden = 0, i;
	struct rect	*rects;
	struct rect	 side;
	char		 note[64];

	tui_fill(app->tui, &r, THEME_STATUS);
	if (m->flags & MODE_STATUS) {
		m->draw(app, &r);
		return;
	}
	if (app->status != NULL) {
		tui_str(app->tui, 1, h - 1, w - 1, app->status,
		    app->status_error ? THEME_ERROR : THEME_STATUS);
		return;
	}
	rects = xcalloc(app->npanes ? app->npanes : 1, sizeof *rects);
	tui_layout(app, rects, &side);
	for (i = 0; i < app->npanes; i++)
		if (rects[i].w < 0 && !app->zoom && !(m->flags & MODE_SIDE))
			hidden++;
	free(rects);
	if (hidden > 0) {
		snprintf(note, sizeof note, " %zu pane%s hidden: terminal too small ",
		    hidden, hidden == 1 ? "" : "s");
		tui_str(app->tui, 0, h - 1, w, note, THEME_ERROR);
		return;
	}
	tui_str(app->tui, 0, h - 1, w, hint, THEME_STATUS);
}

/* Draw the whole screen. */
void
tui_draw(struct app *app)
{
	const struct mode *m = mode_get(app->mode);
	struct rect	*rects, side, screen;
	size_t		 i;
	int		 w, h;

	tui_size(app->tui, &w, &h);
	erase();
	if (m->flags & MODE_FULL) {
		screen.x = screen.y = 0;
		screen.w = w;
		screen.h = h;
		m->draw(app, &screen);
		if (m->flags & MODE_HINTS)
			tui_draw_status(app, w, h);
		tui_flush(app->tui);
		return;
	}
	rects = xcalloc(app->npanes ? app->npanes : 1, sizeof *rects);
	tui_layout(app, rects, &side);
	for (i = 0; i < app->npanes; i++)
		if (rects[i].w > 0 && rects[i].h > 0)
			pane_draw(app, app->panes[i], &rects[i], i == app->focus);
	if ((m->flags & MODE_SIDE) && side.w > 0)
		m->draw(app, &side);
	free(rects);
	if (h >= 1)
		tui_draw_status(app, w, h);
	tui_flush(app->tui);
}

/* Which pane is at screen position (x, y)? */
static int
tui_pane_at(struct app *app, int x, int y)
{
	struct rect	*rects, side;
	size_t		 i;
	int		 found = -1;

	rects = xcalloc(app->npanes ? app->npanes : 1, sizeof *rects);
	tui_layout(app, rects, &side);
	for (i = 0; i < app->npanes; i++) {
		if (rects[i].w > 0 && x >= rects[i].x && x < rects[i].x + rects[i].w &&
		    y >= rects[i].y && y < rects[i].y + rects[i].h)
			found = (int)i;
	}
	free(rects);
	return found;
}

/* App keys: quit. */
static void
tui_do_quit(struct app *app)
{
	app->quit = 1;
}

/* App keys: the help screen. */
static void
tui_do_help(struct app *app)
{
	app->mode = MODE_HELP;
}

/* App keys: focus the next pane. */
static void
tui_do_next(struct app *app)
{
	if (app->npanes > 0)
		app->focus = (app->focus + 1) % app->npanes;
}

/* App keys: focus the previous pane. */
static void
tui_do_prev(struct app *app)
{
	if (app->npanes > 0)
		app->focus = (app->focus + app->npanes - 1) % app->npanes;
}

/* App keys: zoom the focused pane, or not. */
static void
tui_do_zoom(struct app *app)
{
	app->zoom = !app->zoom;
}

/* App keys: the next layout. */
static void
tui_do_layout(struct app *app)
{
	static const char *const names[] = { "auto", "columns", "rows", "grid" };

	app->layout = (enum app_layout)((app->layout + 1) % 4);
	app->zoom = 0;
	app_status(app, 0, "layout: %s", names[app->layout]);
}

/* App keys: the dashboard. */
static void
tui_do_dashboard(struct app *app)
{
	app->mode = MODE_DASHBOARD;
}

/* App keys: the search prompt. */
static void
tui_do_search(struct app *app)
{
	pane_prompt_search(app);
}

/* App keys: the include-filter prompt. */
static void
tui_do_include(struct app *app)
{
	prompt_open(app, PROMPT_INCLUDE, pane_accept_include);
}

/* App keys: the exclude-filter prompt. */
static void
tui_do_exclude(struct app *app)
{
	prompt_open(app, PROMPT_EXCLUDE, pane_accept_exclude);
}

/* App keys: the go-to-time prompt. */
static void
tui_do_time(struct app *app)
{
	prompt_open(app, PROMPT_TIME, app_accept_time);
}

/*
 * Keys that work on the whole app, after the mode and the focused pane
 * passed them on (help.c lists them for the user).
 */
static const struct {
	int	  key;
	void	(*fn)(struct app *);
} tui_app_keys[] = {
	{ 'q', tui_do_quit },
	{ '?', tui_do_help },
	{ TUI_KEY_TAB, tui_do_next },
	{ KEY_BTAB, tui_do_prev },
	{ 'z', tui_do_zoom },
	{ 's', tui_do_layout },
	{ 'm', app_toggle_merged },
	{ 'd', tui_do_dashboard },
	{ 't', treepanel_open },
	{ '/', tui_do_search },
	{ 'f', tui_do_include },
	{ 'x', tui_do_exclude },
	{ 'T', tui_do_time },
};

/* Run an app key; 0 when it is none. */
static int
tui_app_key(struct app *app, int key)
{
	size_t	i;

	for (i = 0; i < sizeof tui_app_keys / sizeof tui_app_keys[0]; i++)
		if (tui_app_keys[i].key == key) {
			tui_app_keys[i].fn(app);
			return 1;
		}
	return 0;
}

/* A key after the config file's remaps (`key X = Y`); the prompt never remaps. */
static int
tui_remap(struct app *app, int key)
{
	size_t	i;

	for (i = 0; i < app->opt->nkeys; i++)
		if (app->opt->keys[i].from == key)
			return app->opt->keys[i].to == '\n' ? TUI_KEY_ENTER :
			    app->opt->keys[i].to;
	return key;
}

/* Handle every waiting key. */
void
tui_keys(struct app *app)
{
	const struct mode *m;
	int		 key, mx = 0, my = 0, p;

	while (!app->quit && (key = tui_getkey(app->tui, &mx, &my)) != -1) {
		app->dirty = 1;
		if (key == TUI_KEY_IGNORE)
			continue;
		if (key == KEY_RESIZE) {
			clearok(curscr, TRUE);
			continue;
		}
		/* Any key but the wheel takes the last message away. */
		if (app->status != NULL && key != TUI_MOUSE_UP &&
		    key != TUI_MOUSE_DOWN) {
			free(app->status);
			app->status = NULL;
		}
		m = mode_get(app->mode);
		if (m->flags & MODE_OWN_KEYS) {
			m->key(app, key);
			continue;
		}
		if (key == 3) {		/* C-c quits, as everywhere in a terminal */
			app->quit = 1;
			continue;
		}
		key = tui_remap(app, key);
		if (m->key != NULL && m->key(app, key))
			continue;	/* the mode took it */
		if (key == TUI_MOUSE_CLICK || key == TUI_MOUSE_UP ||
		    key == TUI_MOUSE_DOWN) {
			p = tui_pane_at(app, mx, my);
			if (p < 0)
				continue;
			if (key == TUI_MOUSE_CLICK && app->focus == (size_t)p)
				pane_click(app->panes[p], my);	/* the cursor */
			else if (key == TUI_MOUSE_CLICK)
				app->focus = (size_t)p;
			else
				pane_scroll(app, app->panes[p],
				    key == TUI_MOUSE_UP ? -3 : 3);
			continue;
		}
		if (app->npanes > 0 && pane_key(app, app->panes[app->focus], key))
			continue;
		tui_app_key(app, key);
	}
}
