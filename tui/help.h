/* help.h: the help screen (every key on one screen). */
#ifndef HELP_H
#define HELP_H

struct app;

/* Draw the help screen over the whole terminal. */
void	help_draw(struct app *, int w, int h);
/* A key while it is shown: scrolls it when it does not fit, else closes it. */
int	help_key(struct app *, int key);
/* Free its state. */
void	help_free(struct app *);
/* The key lines, NULL-terminated (also used by tests of the README). */
extern const char *const help_lines[];

#endif
