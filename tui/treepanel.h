/* treepanel.h: the logger tree of the focused pane, beside it. */
#ifndef TREEPANEL_H
#define TREEPANEL_H

#include "tui.h"

struct app;

/* Open the tree for the focused pane. */
void	treepanel_open(struct app *);
/* Draw it into r. */
void	treepanel_draw(struct app *, const struct rect *);
/* A key while the tree is open; returns 1 when used. */
int	treepanel_key(struct app *, int key);
/* Free its state. */
void	treepanel_free(struct app *);
/* Select the next (dir 1) / previous logger whose name holds text; 0 when none. */
int	treepanel_find(struct app *, const char *text, int dir);

#endif
