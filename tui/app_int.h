/*
 * app_int.h: struct app, the TUI session's state -- private to the files
 * that run the session (app.c, appif.c, tui.c, pane.c, panedraw.c). The
 * modes and panels see it through app.h's functions only.
 */
#ifndef APP_INT_H
#define APP_INT_H

#include <stddef.h>
#include <stdint.h>

#include "app.h"
#include "model/options.h"
#include "filters/filter.h"
#include "model/stats.h"
#include "filters/view.h"

struct follow;
struct loop;
struct source;
struct regex;

#define APP_RATE_SLOTS	64	/* seconds of per-second record counts kept */
#define APP_HL_MAX	8	/* H highlights at once, each its colour */

/* One source as the TUI holds it: the reader, its index and its counters. */
struct asrc {
	struct app	*app;		/* back pointer, for the loop's callbacks */
	struct source	*src;
	struct lstore	*store;
	struct stats	 stats;		/* all records, by level and logger */
	const char	*format;	/* detected format name, for the title */
	uint64_t	 rate[APP_RATE_SLOTS];	/* records per second, ring */
	int64_t		 rate_sec;	/* second of rate[rate_sec % SLOTS] */
	uint64_t	 rate_peak;	/* most records in one second so far */
	uint64_t	 last_count;
	char		*note;		/* last state message (truncated, deleted...) */
	int		 eof;
	int64_t		 last_data;	/* monotonic ms of its last lines */
	int		 woke;		/* lines after APP_FRAME_MS of quiet */
};

#define APP_PANE_MIN_W	80	/* auto layout: narrowest pane in columns */
#define APP_PANE_MIN_H	6	/* auto layout: lowest pane in rows */

enum app_layout {
	LAYOUT_AUTO,		/* columns while each pane keeps APP_PANE_MIN_W, else rows, else grid */
	LAYOUT_COLUMNS,
	LAYOUT_ROWS,
	LAYOUT_GRID
};

struct app {
	const struct options	*opt;
	struct filter		*base;		/* command-line filter, copied into panes */
	struct ltree		*tree;
	const struct pyfmt	*fmt;

	struct asrc		*srcs;
	size_t			 nsrcs;
	struct lstore		**stores;	/* srcs[i].store, for the merged view */
	struct stats		 total;		/* all sources together */
	struct follow		*follow;

	struct pane		**panes;	/* one per source, then the merged pane */
	size_t			 npanes;
	struct pane		*merged;	/* NULL when off */
	size_t			 focus;
	enum app_layout		 layout;
	int			 zoom;
	enum app_mode		 mode;
	struct tui		*tui;
	void			*mode_data[MODE_COUNT];	/* each mode's state, its own */

	char			*status;	/* one-line message, NULL for key hints */
	int			 status_error;
	int			 dirty;		/* something to redraw */
	int			 indexing;	/* a head is being indexed in the background */
	int			 quit;
	int64_t			 last_draw;	/* monotonic ms */
	int			 exit_status;
	struct loop		*loop;		/* poll, deadlines, the signal self-pipe */
	int			 got;		/* this turn brought data */
	int			 idle_keys;	/* readable terminal turns without a key */
	int64_t			 partial_since;	/* a line without newline waits since */
	int64_t			 rate_until;	/* one more frame when data stops */
	struct regex		*hl[APP_HL_MAX];	/* H highlights, owned */
	size_t			 nhl;
};

/* Records per second of a source over the last few seconds. */
uint64_t app_rate(struct asrc *, int64_t now_ms);

#endif
