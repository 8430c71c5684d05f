/* app.h: the TUI session as tui/'s modes see it: app_run and the interface to the session. */
#ifndef APP_H
#define APP_H

#include <stddef.h>
#include <stdint.h>

struct app;
struct dashmodel_src;
struct filter;
struct ltree;
struct options;
struct pane;
struct pyfmt;
struct stats;
struct tui;

/* What owns the keyboard besides the panes. */
enum app_mode {
	MODE_PANES,
	MODE_PROMPT,
	MODE_TREE,
	MODE_HELP,
	MODE_DASHBOARD,
	MODE_COUNT
};

/* Run the TUI until the user quits; returns the exit status. */
int	app_run(const struct options *, struct filter *, struct ltree *,
	    const struct pyfmt *);
/* Set the status line message (copied); error makes it stand out. */
void	app_status(struct app *, int error, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
/*
 * T: parse a typed time (tspec forms) and move every pane to its first
 * record at or after it, paused; -1 and *cause when the time is bad.
 */
int	app_goto_time(struct app *, const char *typed, char **cause);
/* T's prompt: go to the time typed (prompt_accept_fn). */
int	app_accept_time(struct app *, const char *line, int again, char **msg);
/* Toggle the merged pane. */
void	app_toggle_merged(struct app *);

/*
 * The session's interface for the modes and panels (prompt.c, treepanel.c,
 * dashboard.c, help.c, export.c, mode.c; in tui/appif.c): struct app is
 * private to app.c, tui.c, pane.c and panedraw.c (tui/app_int.h).
 */
/* The terminal. */
struct tui	*app_tui(struct app *);
/* The logger tree every source and pane shares. */
struct ltree	*app_tree(struct app *);
/* Sources: how many, and source i's name and detected format (or NULL). */
size_t		 app_nsources(const struct app *);
const char	*app_source_name(struct app *, size_t);
const char	*app_source_format(struct app *, size_t);
/* What the dashboard model reads of source i: counters, index, rate ring. */
void		 app_source_dash(struct app *, size_t, struct dashmodel_src *);
/* The counters behind a pane: its source's, or every source's for the merged pane. */
const struct stats *app_pane_stats(struct app *, const struct pane *);
/* Panes: how many, pane i, the focused one; focus pane i. */
size_t		 app_npanes(const struct app *);
struct pane	*app_pane(struct app *, size_t);
struct pane	*app_focused(struct app *);
void		 app_focus(struct app *, size_t);
/* The mode that owns the keys besides the panes; switch to another. */
enum app_mode	 app_get_mode(const struct app *);
void		 app_set_mode(struct app *, enum app_mode);
/* A mode's own state (NULL until it sets it); the mode frees it. */
void		*app_mode_data(struct app *, enum app_mode);
void		 app_set_mode_data(struct app *, enum app_mode, void *);
/* The same, size bytes zeroed on first use (*fresh 1 then; fresh may be NULL). */
void		*app_mode_state(struct app *, enum app_mode, size_t size,
		     int *fresh);
/* Back to the key hints on the status line. */
void		 app_status_clear(struct app *);
/* End the session after this turn. */
void		 app_quit(struct app *);

#endif
