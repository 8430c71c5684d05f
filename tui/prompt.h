/* prompt.h: the one-line editor at the bottom (search, filters, times, logger names, paths). */
#ifndef PROMPT_H
#define PROMPT_H

struct app;

enum prompt_kind {
	PROMPT_SEARCH,
	PROMPT_INCLUDE,
	PROMPT_EXCLUDE,
	PROMPT_TIME,		/* T: go to a time */
	PROMPT_COLLAPSE,	/* C: collapse a logger subtree */
	PROMPT_HIDE,		/* X: hide a logger subtree */
	PROMPT_ONLY,		/* L: show only logger subtrees */
	PROMPT_SAVE,		/* S: save the pane's records */
	PROMPT_HIGHLIGHT,	/* H: highlight a regex everywhere */
	PROMPT_TREEFIND,	/* / in the logger tree: find a logger */
	PROMPT_COUNT
};

/*
 * What Enter does with the line: 0 done (the prompt closes); -1 refused,
 * *msg says why (allocated) and the prompt stays; 1 asks to confirm (*msg):
 * the same line entered again comes back with again = 1.
 */
typedef int	(*prompt_accept_fn)(struct app *, const char *line, int again,
		    char **msg);

/* Open the prompt; Enter hands the line to accept. */
void	prompt_open(struct app *, enum prompt_kind, prompt_accept_fn accept);
/* A key while the prompt is open. */
void	prompt_key(struct app *, int key);
/* Draw the prompt line. */
void	prompt_draw(struct app *, int x, int y, int w);
/* Free the prompt state and its history. */
void	prompt_free(struct app *);
/* The last line accepted in a kind of prompt (the last search...), or NULL. */
const char *prompt_last(struct app *, enum prompt_kind);

#endif
