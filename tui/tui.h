/* tui.h: the curses side of tailor: screen, colours, drawing, keys. */
#ifndef TUI_H
#define TUI_H

#include <stddef.h>
#include <stdint.h>

#include "parsers/record.h"
#include "themes/theme.h"

struct app;
struct regex;

/* Where to draw: a rectangle of the screen. */
struct rect {
	int	x, y, w, h;
};

/* A styled byte range of a line being drawn (offsets into the line). */
struct tspan {
	size_t		 off;
	size_t		 len;
	int		 elem;		/* enum theme_elem, or -1 with attr set */
	int		 logger;	/* 1: colour by logger name hash */
	const char	*name;		/* logger name for the hash */
	size_t		 namelen;
};

/* Key codes beyond curses' own (ESC, Enter, Tab as received). */
#define TUI_KEY_ESC	27
#define TUI_KEY_TAB	9
#define TUI_KEY_ENTER	10

/* Start curses on the terminal (stdin, or /dev/tty when stdin is a log). */
struct tui	*tui_start(const char *theme, int no_color, char **cause);
/* Restore the terminal. */
void		 tui_stop(struct tui *);
/* Restore the terminal at once (a fatal error is on its way). */
void		 tui_fatal(void);
/* Put n bytes on the terminal's clipboard (OSC 52); -1 when the write failed. */
int		 tui_osc52(struct tui *, const char *data, size_t n);
/* Lend the terminal to another program, and take it back. */
void		 tui_suspend(struct tui *);
void		 tui_resume(struct tui *);
/* fd of the terminal input, to poll. */
int		 tui_fd(const struct tui *);
/* Message about the theme (fallback), or NULL. */
const char	*tui_theme_note(const struct tui *);
/* Screen size. */
void		 tui_size(const struct tui *, int *w, int *h);
/* The terminal changed size. */
void		 tui_resize(struct tui *);
/* Next key, or -1 when none is waiting (TUI_KEY_IGNORE for input that is no key). Wide characters come as their code point | TUI_WCHAR. */
#define TUI_WCHAR	0x40000000
int		 tui_getkey(struct tui *, int *mouse_x, int *mouse_y);
#define TUI_MOUSE_CLICK	 (0x20000000 | 1)
#define TUI_MOUSE_UP	 (0x20000000 | 2)
#define TUI_MOUSE_DOWN	 (0x20000000 | 3)
#define TUI_KEY_IGNORE	 (0x20000000 | 4)	/* read, but nothing to do */

/* Curses attribute of a theme element (colour pair and attributes). */
unsigned long	 tui_attr(struct tui *, int elem);
/* Attribute for a logger name's stable colour. */
unsigned long	 tui_logger_attr(struct tui *, const char *name, size_t len);

/* Clear a rectangle with an element's style. */
void	tui_fill(struct tui *, const struct rect *, int elem);
/*
 * Draw bytes at (x, y), at most w columns, skipping the first `skip`
 * columns (horizontal scroll). Everything goes through the sanitizer.
 * spans style parts of the text (later spans win); search highlights
 * matches of re. Returns the columns drawn.
 */
int	tui_text(struct tui *, int x, int y, int w, const char *s, size_t n,
	    unsigned skip, int base_elem, const struct tspan *spans, size_t nspans,
	    struct regex *re);
/* Draw a sanitized string, at most w columns, in one style. Returns columns used. */
int	tui_str(struct tui *, int x, int y, int w, const char *s, int elem);
/* Same with an explicit length and curses attribute. */
int	tui_nstr_attr(struct tui *, int x, int y, int w, const char *s, size_t n,
	    unsigned long attr);
/* A vertical rule (box drawing) in the current attribute. */
void	tui_vline(struct tui *, int x, int y, int h);
/* Send the frame to the terminal. */
void	tui_flush(struct tui *);

/* Draw the whole screen of the app (panes, panels, status). */
void	tui_draw(struct app *);
/* Handle every waiting key; sets app->dirty / app->quit. */
void	tui_keys(struct app *);
/* Rectangles of the visible panes (layout), into rects[app->npanes]; -1 w when hidden. */
void	tui_layout(struct app *, struct rect *rects, struct rect *side);

#endif
