/* dashboard.h: the dashboard view (per-source health at a glance). */
#ifndef DASHBOARD_H
#define DASHBOARD_H

struct app;

/* Draw the dashboard over the pane area. */
void	dashboard_draw(struct app *, int w, int h);
/* A key while the dashboard is shown. */
void	dashboard_key(struct app *, int key);
/* Free its state. */
void	dashboard_free(struct app *);

#endif
