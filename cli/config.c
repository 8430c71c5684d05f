/*
 * config.c: the config file, $XDG_CONFIG_HOME/tailor/config (by default
 * ~/.config/tailor/config).
 *
 * A line is `key = value`; `#` starts a comment; blank lines are fine.
 *
 *     theme = solarized-dark          # a built-in name or a file
 *     level = info                    # default minimum level
 *     wrap = on                       # wrap long lines (on / off)
 *     view = raw                      # panes start with the lines as written
 *     view *.json = compact           # (compact, the default, or raw), per glob too
 *     color = off                     # like --no-color
 *     format *.celery.log = [%(asctime)s: %(levelname)s/%(processName)s] %(message)s
 *     datefmt *.celery.log = %Y-%m-%d %H:%M:%S
 *     key J = j                       # pressing J acts as j
 *     collapse = sqlalchemy           # fold its runs into summary rows (TUI)
 *     collapse api*.log = urllib3     # ... in the panes of matching files
 *     hide-logger = urllib3           # hidden in every pane (TUI; per glob too)
 *     logger web*.log = app.web       # only this subtree shown (TUI; per glob too)
 *     highlight = timeout|refused     # coloured in every pane, nothing filtered
 *     rotated = yes                   # like -R: read NAME.1, NAME.2.gz ... first
 *     rotated app*.log = yes          # per glob too
 *
 * Command-line options win over the file. A bad line is reported as
 * "FILE:LINE: what is wrong" and skipped; every other line still applies.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "parsers/level.h"

#define CONFIG_MAX	(1024 * 1024)

/* Default config path (allocated). */
char *
config_path(void)
{
	const char	*xdg = getenv("XDG_CONFIG_HOME"), *home = getenv("HOME");

	if (xdg != NULL && *xdg == '/')
		return xasprintf("%s/tailor/config", xdg);
	if (home != NULL && *home != '\0')
		return xasprintf("%s/.config/tailor/config", home);
	return NULL;
}

/* An empty config: nothing set. */
void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->wrap = cfg->no_color = cfg->view = cfg->rotated = -1;
}

/* compact / raw: 0 / 1, else -1. */
static int
config_view_word(const char *v)
{
	if (strcmp(v, "compact") == 0)
		return 0;
	if (strcmp(v, "raw") == 0)
		return 1;
	return -1;
}

/* Trim blanks at both ends of [*s, *e). */
static void
config_trim(const char **s, const char **e)
{
	while (*s < *e && (**s == ' ' || **s == '\t'))
		(*s)++;
	while (*e > *s && ((*e)[-1] == ' ' || (*e)[-1] == '\t' || (*e)[-1] == '\r'))
		(*e)--;
}

/* A key name: one character, or Tab/Enter/Esc/Space. Returns -1 if unknown. */
static int
config_keyname(const char *s, size_t n)
{
	if (n == 1 && (unsigned char)s[0] > ' ' && (unsigned char)s[0] < 127)
		return (unsigned char)s[0];
	if (n == 5 && strncmp(s, "Space", 5) == 0)
		return ' ';
	if (n == 3 && strncmp(s, "Tab", 3) == 0)
		return '\t';
	if (n == 5 && strncmp(s, "Enter", 5) == 0)
		return '\n';
	if (n == 3 && strncmp(s, "Esc", 3) == 0)
		return 27;
	return -1;
}

/* on/off/yes/no/true/false/1/0: 1, 0 or -1. */
static int
config_bool(const char *v)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "true") == 0 || strcmp(v, "1") == 0)
		return 1;
	if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0 ||
	    strcmp(v, "false") == 0 || strcmp(v, "0") == 0)
		return 0;
	return -1;
}

/* The kind of a logger-name key (collapse, hide-logger, logger), or -1. */
static int
config_names_key(const char *k, size_t word)
{
	static const char *const keys[CONFIG_NAMES] = { "collapse",
	    "hide-logger", "logger", "highlight" };
	int	i;

	for (i = 0; i < CONFIG_NAMES; i++)
		if (strlen(keys[i]) == word && strncmp(k, keys[i], word) == 0)
			return i;
	return -1;
}

/* Append a copy of name to a list. */
static void
config_list_push(struct config_list *l, const char *name)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	l->v[l->n++] = xstrdup(name);
}

/* Free a list's names. */
static void
config_list_free(struct config_list *l)
{
	size_t	i;

	for (i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

/* Apply one `key = value` line; returns NULL or what is wrong (static text). */
static const char *
config_line(struct config *cfg, const char *k, size_t kn, const char *v, char **bad)
{
	const char	*sp = memchr(k, ' ', kn);
	size_t		 word = sp ? (size_t)(sp - k) : kn;
	const char	*arg = sp ? sp + 1 : NULL;
	size_t		 argn = sp ? kn - word - 1 : 0;
	int		 b, from, to, kind;

	if (word == 5 && strncmp(k, "theme", 5) == 0 && arg == NULL) {
		free(cfg->theme);
		cfg->theme = xstrdup(v);
		return NULL;
	}
	if (word == 3 && strncmp(k, "ssh", 3) == 0 && arg == NULL) {
		free(cfg->ssh);
		cfg->ssh = xstrdup(v);	/* the ssh command of ssh:// sources */
		return NULL;
	}
	if (word == 5 && strncmp(k, "level", 5) == 0 && arg == NULL) {
		if (level_from_user(v) < 0)
			return "unknown level";
		free(cfg->level);
		cfg->level = xstrdup(v);
		return NULL;
	}
	if (word == 4 && strncmp(k, "wrap", 4) == 0 && arg == NULL) {
		if ((b = config_bool(v)) < 0)
			return "wrap wants on or off";
		cfg->wrap = b;
		return NULL;
	}
	if (word == 5 && (strncmp(k, "color", 5) == 0 || strncmp(k, "colour", 5) == 0) &&
	    arg == NULL) {
		if ((b = config_bool(v)) < 0)
			return "color wants on or off";
		cfg->no_color = !b;
		return NULL;
	}
	if (word == 4 && strncmp(k, "view", 4) == 0 && arg == NULL) {
		if ((b = config_view_word(v)) < 0)
			return "view wants compact or raw";
		cfg->view = b;
		return NULL;
	}
	if ((kind = config_names_key(k, word)) >= 0 && arg == NULL) {
		if (*v == '\0')
			return "wants a logger name";
		config_list_push(&cfg->names[kind], v);
		return NULL;
	}
	if (word == 7 && strncmp(k, "rotated", 7) == 0 && arg == NULL) {
		if ((b = config_bool(v)) < 0)
			return "rotated wants yes or no";
		cfg->rotated = b;
		return NULL;
	}
	if ((word == 6 && strncmp(k, "format", 6) == 0) ||
	    config_names_key(k, word) >= 0 ||
	    (word == 4 && strncmp(k, "view", 4) == 0) ||
	    (word == 7 && strncmp(k, "rotated", 7) == 0) ||
	    (word == 7 && strncmp(k, "datefmt", 7) == 0)) {
		struct config_format	*cf = NULL;
		size_t			 i;
		char			*glob;
		int			 rot;

		if (arg == NULL || argn == 0)
			return "format and datefmt need a file-name glob: format GLOB = FMT";
		if (word == 4 && config_view_word(v) < 0)
			return "view wants compact or raw";
		rot = word == 7 && strncmp(k, "rotated", 7) == 0;
		if (rot && config_bool(v) < 0)
			return "rotated wants yes or no";
		glob = xstrndup(arg, argn);
		for (i = 0; i < cfg->nformats; i++)
			if (strcmp(cfg->formats[i].glob, glob) == 0)
				cf = &cfg->formats[i];
		if (cf == NULL) {
			cfg->formats = xreallocarray(cfg->formats, cfg->nformats + 1,
			    sizeof *cfg->formats);
			cf = &cfg->formats[cfg->nformats++];
			memset(cf, 0, sizeof *cf);
			cf->glob = glob;
			cf->view = -1;
			cf->rotated = -1;
		} else
			free(glob);
		if ((kind = config_names_key(k, word)) == CONFIG_HIGHLIGHT)
			return "highlight applies to every pane: no glob";
		if (kind >= 0) {
			if (*v == '\0')
				return "wants a logger name";
			config_list_push(&cf->names[kind], v);
		} else if (word == 4)
			cf->view = config_view_word(v);
		else if (rot)
			cf->rotated = config_bool(v);
		else if (word == 6) {
			free(cf->format);
			cf->format = xstrdup(v);
		} else {
			free(cf->datefmt);
			cf->datefmt = xstrdup(v);
		}
		return NULL;
	}
	if (word == 3 && strncmp(k, "key", 3) == 0) {
		if (arg == NULL || (from = config_keyname(arg, argn)) < 0)
			return "key wants a key name: key X = Y";
		if ((to = config_keyname(v, strlen(v))) < 0)
			return "key wants the key it acts as after '='";
		cfg->keys = xreallocarray(cfg->keys, cfg->nkeys + 1, sizeof *cfg->keys);
		cfg->keys[cfg->nkeys].from = from;
		cfg->keys[cfg->nkeys].to = to;
		cfg->nkeys++;
		return NULL;
	}
	*bad = xstrndup(k, kn);
	return "unknown setting";
}

/* Parse config text. */
int
config_parse(struct config *cfg, const char *name, const char *text, size_t len,
    FILE *errs)
{
	const char	*p = text, *end = text + len, *nl, *eq, *ks, *ke, *vs, *ve;
	const char	*why;
	char		*value, *bad;
	int		 line = 0, nbad = 0;

	while (p < end) {
		line++;
		nl = memchr(p, '\n', (size_t)(end - p));
		ks = p;
		ke = nl ? nl : end;
		p = nl ? nl + 1 : end;
		/* A comment runs from '#' at the start or after a blank. */
		for (vs = ks; vs < ke; vs++)
			if (*vs == '#' && (vs == ks || vs[-1] == ' ' || vs[-1] == '\t')) {
				ke = vs;
				break;
			}
		config_trim(&ks, &ke);
		if (ks == ke)
			continue;
		if (memchr(ks, '\0', (size_t)(ke - ks)) != NULL) {
			fprintf(errs, "%s:%d: binary data\n", name, line);
			nbad++;
			continue;
		}
		eq = memchr(ks, '=', (size_t)(ke - ks));
		if (eq == NULL) {
			fprintf(errs, "%s:%d: expected 'setting = value'\n", name, line);
			nbad++;
			continue;
		}
		vs = eq + 1;
		ve = ke;
		ke = eq;
		config_trim(&ks, &ke);
		config_trim(&vs, &ve);
		if (vs == ve) {
			fprintf(errs, "%s:%d: no value after '='\n", name, line);
			nbad++;
			continue;
		}
		value = xstrndup(vs, (size_t)(ve - vs));
		bad = NULL;
		why = config_line(cfg, ks, (size_t)(ke - ks), value, &bad);
		if (why != NULL) {
			if (bad != NULL)
				fprintf(errs, "%s:%d: %s '%.60s'\n", name, line, why, bad);
			else
				fprintf(errs, "%s:%d: %s: '%.60s'\n", name, line, why,
				    value);
			nbad++;
		}
		free(bad);
		free(value);
	}
	return nbad;
}

/* Read and parse a config file; a missing file is fine. */
int
config_load(struct config *cfg, const char *path, FILE *errs)
{
	FILE		*f;
	struct stat	 st;
	char		*buf, *q;
	size_t		 n;
	int		 fd, r;

	/* Non-blocking: a FIFO at the config's path must not hang start-up. */
	if (path == NULL ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		if (path != NULL && errno != ENOENT && errno != ENOTDIR) {
			q = sanitize_quote(path);
			fprintf(errs, "tailor: %s: %s (config file ignored)\n", q,
			    strerror(errno));
			free(q);
		}
		return 0;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode) ||
	    (f = fdopen(fd, "r")) == NULL) {
		q = sanitize_quote(path);
		fprintf(errs, "tailor: %s: not a regular file (config file "
		    "ignored)\n", q);
		free(q);
		close(fd);
		return 0;
	}
	buf = xmalloc(CONFIG_MAX);
	n = fread(buf, 1, CONFIG_MAX, f);
	fclose(f);
	r = config_parse(cfg, path, buf, n, errs);
	free(buf);
	return r;
}

/* Free the config. */
void
config_free(struct config *cfg)
{
	size_t	i, j;

	for (i = 0; i < cfg->nformats; i++) {
		free(cfg->formats[i].glob);
		free(cfg->formats[i].format);
		free(cfg->formats[i].datefmt);
		for (j = 0; j < CONFIG_NAMES; j++)
			config_list_free(&cfg->formats[i].names[j]);
	}
	for (j = 0; j < CONFIG_NAMES; j++)
		config_list_free(&cfg->names[j]);
	free(cfg->formats);
	free(cfg->keys);
	free(cfg->theme);
	free(cfg->level);
	free(cfg->ssh);
	memset(cfg, 0, sizeof *cfg);
}

/* The Formatter rule whose glob matches the path (or its base name). */
const struct config_format *
config_format_for(const struct config *cfg, const char *path)
{
	const char	*base = strrchr(path, '/');
	size_t		 i;

	base = base ? base + 1 : path;
	for (i = 0; i < cfg->nformats; i++) {
		if (cfg->formats[i].format == NULL)
			continue;
		if (fnmatch(cfg->formats[i].glob, path, 0) == 0 ||
		    fnmatch(cfg->formats[i].glob, base, 0) == 0)
			return &cfg->formats[i];
	}
	return NULL;
}

/* The view of a file: its glob rule (last one set), else the global key. */
int
config_view_for(const struct config *cfg, const char *path)
{
	const char	*slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t		 i;
	int		 v = cfg->view;

	for (i = 0; i < cfg->nformats; i++) {
		if (cfg->formats[i].view < 0)
			continue;
		if (fnmatch(cfg->formats[i].glob, path, 0) == 0 ||
		    fnmatch(cfg->formats[i].glob, base, 0) == 0)
			v = cfg->formats[i].view;
	}
	return v;
}

/* The names of one kind for a file's pane: the global ones, then its globs'. */
const char **
config_names_for(const struct config *cfg, enum config_names kind,
    const char *path, size_t *n)
{
	const char	*slash, *base;
	const char	**v;
	size_t		 i, j, total = cfg->names[kind].n;

	for (i = 0; i < cfg->nformats; i++)
		total += cfg->formats[i].names[kind].n;
	v = xcalloc(total + 1, sizeof *v);
	*n = 0;
	for (j = 0; j < cfg->names[kind].n; j++)
		v[(*n)++] = cfg->names[kind].v[j];
	if (path == NULL)
		return v;
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	for (i = 0; i < cfg->nformats; i++) {
		const struct config_list *l = &cfg->formats[i].names[kind];

		if (l->n == 0 || (fnmatch(cfg->formats[i].glob, path, 0) != 0 &&
		    fnmatch(cfg->formats[i].glob, base, 0) != 0))
			continue;
		for (j = 0; j < l->n; j++)
			v[(*n)++] = l->v[j];
	}
	return v;
}

/* Does a file read its rotated predecessors: its glob rule (last set), else the global key. */
int
config_rotated_for(const struct config *cfg, const char *path)
{
	const char	*slash = strrchr(path, '/'), *base = slash ? slash + 1 : path;
	size_t		 i;
	int		 r = cfg->rotated;

	for (i = 0; i < cfg->nformats; i++) {
		if (cfg->formats[i].rotated < 0)
			continue;
		if (fnmatch(cfg->formats[i].glob, path, 0) == 0 ||
		    fnmatch(cfg->formats[i].glob, base, 0) == 0)
			r = cfg->formats[i].rotated;
	}
	return r == 1;
}
