/* config.h: the user's config file ($XDG_CONFIG_HOME/tailor/config). */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "model/options.h"

/* Logger names a config file gives the panes: per kind of key. */
enum config_names {
	CONFIG_COLLAPSE,	/* collapse = NAME: folded into summary rows */
	CONFIG_HIDE,		/* hide-logger = NAME: hidden */
	CONFIG_ONLY,		/* logger = NAME: only these shown */
	CONFIG_HIGHLIGHT,	/* highlight = RE: coloured in every pane (no glob) */
	CONFIG_NAMES
};

/* A list of logger names (owned strings). */
struct config_list {
	char	**v;
	size_t	 n;
};

/* A Formatter string for sources whose file name matches a glob. */
struct config_format {
	char	*glob;
	char	*format;
	char	*datefmt;
	int	 view;		/* view GLOB = compact|raw: 0 / 1, -1 not set */
	struct config_list names[CONFIG_NAMES];	/* KEY GLOB = NAME */
	int	 rotated;	/* rotated GLOB = yes|no: 1 / 0, -1 not set */
};

struct config {
	char			*theme;		/* NULL: not set */
	char			*level;		/* default minimum level */
	int			 wrap;		/* -1 not set, 0 / 1 */
	int			 no_color;	/* -1 not set */
	int			 view;		/* view = raw: 1, compact: 0, -1 not set */
	int			 rotated;	/* rotated = yes: 1, no: 0, -1 not set */
	struct config_format	*formats;
	size_t			 nformats;
	struct config_key	*keys;
	size_t			 nkeys;
	struct config_list	 names[CONFIG_NAMES];	/* KEY = NAME: every pane */
};

/* An empty config (nothing set). */
void	 config_init(struct config *);
/* Default path: $XDG_CONFIG_HOME/tailor/config or ~/.config/tailor/config (allocated). */
char	*config_path(void);
/*
 * Read a config file. A missing file is no error. Every bad line gives one
 * "FILE:LINE: what is wrong" message on `errs` and is skipped; the rest is
 * applied. Returns the number of bad lines.
 */
int	 config_load(struct config *, const char *path, FILE *errs);
/* Parse config text (the same rules; name is used in messages). */
int	 config_parse(struct config *, const char *name, const char *text,
	     size_t len, FILE *errs);
void	 config_free(struct config *);
/* The Formatter rule for a source path, or NULL. */
const struct config_format *config_format_for(const struct config *, const char *path);
/* The view a file starts in (0 compact, 1 raw): its glob rule, else the global one, else -1. */
int	 config_view_for(const struct config *, const char *path);
/*
 * The logger names of one kind for a file's pane (collapse, hide-logger,
 * logger): the global lines and those of every glob that matches it (a
 * new array of borrowed names, *n of them; free the array only).
 */
const char **config_names_for(const struct config *, enum config_names,
	     const char *path, size_t *n);
/* Does a file read its rotated predecessors (rotated [GLOB] = yes)? 0 / 1. */
int	 config_rotated_for(const struct config *, const char *path);

#endif
