/* pane.h: one pane: a source (or all of them, merged) through its own filter. */
#ifndef PANE_H
#define PANE_H

#include <stddef.h>
#include <stdint.h>

#include "filters/filter.h"
#include "parsers/parse.h"
#include "compact.h"
#include "filters/runs.h"
#include "filters/view.h"
#include "tui.h"

struct app;
struct options;
struct pyfmt;

struct pane {
	int		 merged;	/* interleaves every source */
	size_t		 src;		/* source index (source panes) */
	struct filter	 filter;	/* owned */
	struct view	 view;
	struct lstore	*one[1];	/* the store of a source pane */

	int		 follow;	/* pinned to the bottom */
	size_t		 top;		/* view index of the top record (paused) */
	unsigned	 top_line;	/* its first line shown */
	uint64_t	 top_ent;	/* entry at top, re-found after a rebuild */
	size_t		 cur;		/* view index of the cursor record (paused) */
	uint64_t	 cur_ent;	/* its entry, re-found after a rebuild */
	size_t		 seen;		/* view count when following stopped */
	uint64_t	 seen_dropped;	/* records its stores had dropped then */
	unsigned	 hscroll;	/* columns scrolled sideways (wrap off) */
	size_t		 maxcols;	/* widest line of the last draw */
	int		 wrap;
	int		 raw;		/* v: the lines as written, not compact */
	struct compact	 cmp;		/* the record being drawn, compact */
	struct parser	 parser;	/* the parser of source parser_src, for drawing */
	size_t		 parser_src;
	const struct options *opt;	/* the sources' formats (srcs[i].fmt) */
	const struct pyfmt *fmt;	/* --format, for sources past opt->nsrcs */
	struct fields	 cf;		/* fields of the record in cmp */
	int		 tagw;		/* merged pane: source tag columns */

	struct runs	 runs;		/* collapsed logger subtrees (C, -C, tree c) */
	uint64_t	*folds;		/* folded entries, sorted */
	size_t		 nfolds;
	size_t		 foldsize;

	struct regex	*search;	/* owned; highlighted, n / N */
	char		*search_pat;

	struct rect	 r;		/* last drawn rectangle */
	int		 rows;		/* text rows of the last draw */
	uint64_t	 drawn_gen;
	size_t		 vis_first;	/* view indexes drawn last time */
	size_t		 vis_last;
	size_t		*rowmap;	/* view index drawn on each text row, or SIZE_MAX */
	int		 nrowmap;
	unsigned	 drawn_skip;	/* rows of the top record above the pane */
	int		 busy;		/* the view had work left last turn */
};

struct pane	*pane_create(struct app *, int merged, size_t src);
void		 pane_free(struct pane *);
/* Keep the view current (at most ms of work); returns 1 when work remains. */
int		 pane_update(struct app *, struct pane *, unsigned ms);
/* Draw the pane into r. */
void		 pane_draw(struct app *, struct pane *, const struct rect *, int focused);
/* A key for the focused pane; returns 1 when it was used. */
int		 pane_key(struct app *, struct pane *, int key);
/* Scroll by lines (negative: up). */
void		 pane_scroll(struct app *, struct pane *, long lines);
/* The cursor record's view index (the newest when following; SIZE_MAX: none). */
size_t		 pane_cursor(struct pane *);
/* Put the cursor on the record drawn at screen row y (a click); 1 when one is there. */
int		 pane_click(struct pane *, int y);
/* Pause at the first record at or after time ms (by bisection over the view). */
void		 pane_goto_time(struct pane *, int64_t ms);
/* Go to the bottom and follow. */
void		 pane_follow(struct pane *);
/* Records that arrived since following stopped. */
size_t		 pane_new_records(const struct pane *);
/* Set the search pattern (-1 and cause when it does not compile). */
int		 pane_set_search(struct pane *, const char *, char **cause);
/* Jump to the first match from the current place. */
void		 pane_search_start(struct app *, struct pane *);
/* The prompts' accept functions of f and x (prompt.h), and the / prompt. */
int		 pane_accept_include(struct app *, const char *, int, char **);
int		 pane_accept_exclude(struct app *, const char *, int, char **);
void		 pane_prompt_search(struct app *);
/* Short name of a source pane's source (or "merged"). */
const char	*pane_title_name(struct app *, const struct pane *);

#endif
