/* mode.h: the TUI's modes as a table -- what owns the keys and the screen besides the panes. */
#ifndef MODE_H
#define MODE_H

#include <stdint.h>

#include "app.h"

struct rect;

#define MODE_FULL	0x1	/* draws the whole screen instead of the panes */
#define MODE_SIDE	0x2	/* a panel beside the focused pane, which is zoomed */
#define MODE_OWN_KEYS	0x4	/* every key first, unmapped, C-c included */
#define MODE_STATUS	0x8	/* draws the status line (its area) itself */
#define MODE_HINTS	0x10	/* a full-screen mode under the usual status line */

/*
 * One mode. draw gets its area: the screen (MODE_FULL), the side panel
 * (MODE_SIDE) or the status line (MODE_STATUS); NULL draws nothing. key
 * returns 1 when it took the key, 0 to pass it on to the focused pane and
 * then the app's keys; NULL passes everything. timeout (while the mode is
 * on): ms until it wants a frame (0: now, -1: never; NULL: never). free
 * releases the state the mode keeps (it lives from the mode's first use
 * to the end of the session).
 */
struct mode {
	const char	*name;
	int		 flags;
	void		(*draw)(struct app *, const struct rect *);
	int		(*key)(struct app *, int key);
	int		(*timeout)(struct app *, int64_t now);
	void		(*free)(struct app *);
};

/* Free every mode's state (the end of a session). */
void			 mode_free_all(struct app *);

/* The entry of a mode (app_get_mode()). */
const struct mode	*mode_get(enum app_mode);

#endif
