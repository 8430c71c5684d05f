/* options.h: the parsed command line, shared by --print and the TUI. */
#ifndef OPTIONS_H
#define OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "input/source.h"

/* One SOURCE or -c CMD, in command-line order. */
struct srcspec {
	enum source_kind	 kind;
	const char		*arg;
	struct pyfmt		*fmt;	/* its Formatter (--format or config), or NULL */
	int			 view_raw;	/* its pane starts raw (--view, config view) */
	/* Config logger names for its pane (owned arrays of borrowed names). */
	const char		**collapse;	/* collapse: folded into summary rows */
	size_t			 ncollapse;
	const char		**hide;		/* hide-logger: hidden */
	size_t			 nhide;
	const char		**only;		/* logger: only these shown */
	size_t			 nonly;
	int			 rotated;	/* -R or config rotated: read NAME.N... first */
};

/* A key remap from the config file: pressing `from` acts as `to`. */
struct config_key {
	int	from;
	int	to;
};
struct pyfmt;

struct options {
	int		 print;		/* -p */
	int		 follow;	/* -f */
	int		 quiet;		/* -q */
	int		 json;		/* --json */
	int		 stats;		/* --stats */
	int		 explain;	/* --explain: each source's layout, no records */
	int		 merge;		/* -m */
	int		 poll;		/* --poll */
	int		 binary;	/* --binary: print binary files to a terminal */
	int		 rotated;	/* -R */
	int		 no_color;	/* --no-color or NO_COLOR */
	long long	 lines;		/* -n N, -1 when not given */
	uint32_t	 levels;	/* LEVEL_BIT mask from -l / --levels */
	int		 rcase;		/* enum regex_case */
	const char	**grep;		/* -g */
	size_t		 ngrep;
	const char	**exclude;	/* -x */
	size_t		 nexclude;
	const char	**only;		/* -L */
	size_t		 nonly;
	const char	**hide;		/* -X */
	size_t		 nhide;
	const char	**collapse;	/* -C */
	size_t		 ncollapse;
	const char	*format;	/* --format */
	const char	*datefmt;	/* --datefmt */
	const char	*theme;		/* --theme */
	const char	*since;		/* --since T, as typed */
	const char	*until;		/* --until T, as typed */
	const char	*ssh;		/* --ssh CMD for ssh:// sources */
	int		 wrap;		/* config: wrap long lines */
	int		 view_raw;	/* --view raw / view = raw: panes start raw */
	int		 print_compact;	/* --print --view compact: records compact */
	const char	*config_note;	/* first config problem, for the status line */
	const struct config_key *keys;	/* config: key remaps */
	size_t		 nkeys;
	struct srcspec	*srcs;
	size_t		 nsrcs;
	const char	**highlights;	/* config highlight = RE (owned array) */
	size_t		 nhighlights;
};

#endif
