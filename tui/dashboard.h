/* dashboard.h: the dashboard view (per-source health at a glance). */
#ifndef DASHBOARD_H
#define DASHBOARD_H

#include <stdint.h>

struct app;

/* Draw the dashboard over the pane area. */
void	dashboard_draw(struct app *, int w, int h);
/* A key while the dashboard is shown. */
void	dashboard_key(struct app *, int key);
/*
 * While the dashboard is shown: ms until it needs a frame (its rates and
 * ages move with the clock), 0 for now, or -1 when nothing will change.
 * For the event loop's poll timeout (now: clock_ms()).
 */
int	dashboard_timeout(struct app *, int64_t now);
/* Free its state. */
void	dashboard_free(struct app *);

#endif
