/*
 * pane_int.h: what pane.c (state, scrolling, search, keys) and panedraw.c
 * (drawing) share about a pane; not for other files.
 */
#ifndef PANE_INT_H
#define PANE_INT_H

#include <stddef.h>
#include <stdint.h>

#include "filters/runs.h"

struct lstore;
struct pane;

#define PANE_MATCH_SPANS	12	/* include-filter matches highlighted per line */
#define PANE_TAG_W	8	/* merged pane: source tag columns before a draw */
#define PANE_TAG_MAX	16	/* merged pane: widest source tag */
#define PANE_TAG_MIN	24	/* narrower merged panes drop the tag */
#define PANE_CSPANS	48	/* compact segments styled per line */
#define PANE_GUTTER_MIN	8	/* narrower panes have no gutter */

/* The store of an entry, and its source index. */
struct lstore	*pane_store(struct pane *, uint64_t ent);
size_t		 pane_src_of(struct pane *, uint64_t ent);
/* Is a record folded (Enter)? */
int		 pane_folded(const struct pane *, uint64_t ent);
/* Text columns: x, width and the merged pane's tag width. */
void		 pane_geom(const struct pane *, int *x, int *w, int *tagw);
int		 pane_text_width(const struct pane *);
/* Next wrapped row of a line: returns its first column, advances *off / *col. */
unsigned	 pane_wrap_next(const char *s, size_t n, size_t *off,
		     unsigned *col, int w);
/* The text drawn for a record (compact or raw), *rawlen of the raw text. */
const char	*pane_display_text(struct pane *, uint64_t ent, size_t *len,
		     size_t *rawlen, uint64_t *full);
/* Rows of a line at width w; lines of a text; rows of a record. */
unsigned	 pane_line_rows(struct pane *, const char *s, size_t n, int w);
unsigned	 pane_text_lines(const char *text, size_t len);
unsigned	 pane_rec_rows(struct pane *, uint64_t ent);
/* Is view index i inside a folded run? Then *run is it. */
int		 pane_run(struct pane *, size_t i, struct run *run);
/* Where the top must be for record end - 1's last row to be the pane's last (rows high). */
void		 pane_anchor_at(struct pane *, size_t end, int rows, size_t *top,
		     unsigned *top_line);
/* Stop following, keeping what is on screen. */
void		 pane_pause(struct pane *);
/* panecursor.c: the first index of the row holding i (a folded run's). */
size_t		 pane_row_start(struct pane *, size_t i);
/* Put the cursor on view index i; scroll to show it; j / k. */
void		 pane_cursor_set(struct pane *, size_t i);
void		 pane_cursor_show(struct pane *);
void		 pane_cursor_move(struct pane *, int dir);
/* Where the top must be for the last record's last row to be at the bottom. */
void		 pane_anchor_bottom(struct pane *, int rows, size_t *top,
		     unsigned *top_line);
/* Keep a paused pane's cursor on screen after it scrolled. */
void		 pane_cursor_clamp(struct pane *);
/* The gutter's column (the cursor marker), or -1 when the pane is too narrow. */
int		 pane_gutter(const struct pane *);
/* Records the pane's stores dropped for their memory cap, so far. */
uint64_t	 pane_dropped(const struct pane *);

#endif
