/*
 * theme.c: theme files (themes/README.md) to struct theme.
 *
 * A theme is an array of styles indexed by enum theme_elem; each style
 * holds a 256-colour form, a 16/8-colour fallback and attribute bits. The
 * module knows nothing of curses: the TUI maps styles to colour pairs.
 *
 * Parsing is line by line over explicit lengths (the text need not be
 * NUL-terminated and may hold any bytes). Every element starts plain
 * (default colours, no attributes) unless the file begins with
 * `inherit NAME`, which first loads the built-in theme NAME. Failure is
 * atomic: a public loader that fails leaves the theme at the built-in
 * default and fills *cause with "FILE:LINE: what is wrong", where every
 * piece quoted from the input has gone through the sanitizer.
 *
 * Built-in themes are the .theme files in themes/, compiled into the binary by
 * themes/embed.sh (themes/builtin.c).
 */
#include "theme.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "core/sanitize.h"

#define THEME_MAX_DEPTH	4	/* inherit chains */
#define THEME_QUOTE	40	/* columns of input quoted in a message */

/* Element names, in enum order. */
static const char *const theme_elem_names[THEME_COUNT] = {
	"level.none", "level.trace", "level.debug", "level.info",
	"level.notice", "level.warning", "level.error", "level.critical",
	"logger", "timestamp", "message", "match", "search",
	"border", "border.focus", "title", "title.focus",
	"status", "prompt", "error", "escape", "marker", "cursor",
	"tree.node", "tree.hidden", "tree.only", "tree.selected", "tree.count",
	"dashboard.title", "dashboard.bar", "dashboard.spark",
	"dashboard.label",
	"source.1", "source.2", "source.3", "source.4",
	"source.5", "source.6", "source.7", "source.8",
};

/* Colour names: 0-15 in order; "grey"/"gray" alias 8. */
static const char *const theme_colour_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white",
};

static const struct {
	const char	*name;
	uint16_t	 bit;
} theme_attr_names[] = {
	{ "bold", THEME_ATTR_BOLD },
	{ "dim", THEME_ATTR_DIM },
	{ "underline", THEME_ATTR_UNDERLINE },
	{ "reverse", THEME_ATTR_REVERSE },
	{ "italic", THEME_ATTR_ITALIC },
	{ "standout", THEME_ATTR_STANDOUT },
	{ "blink", THEME_ATTR_BLINK },
	{ "none", 0 },
	{ "normal", 0 },
};

/* xterm's RGB values for colours 0-15 (for mapping 16-255 down). */
static const uint8_t theme_rgb16[16][3] = {
	{ 0, 0, 0 }, { 205, 0, 0 }, { 0, 205, 0 }, { 205, 205, 0 },
	{ 0, 0, 238 }, { 205, 0, 205 }, { 0, 205, 205 }, { 229, 229, 229 },
	{ 127, 127, 127 }, { 255, 0, 0 }, { 0, 255, 0 }, { 255, 255, 0 },
	{ 92, 92, 255 }, { 255, 0, 255 }, { 0, 255, 255 }, { 255, 255, 255 },
};

/* Logger palette: hue cycles red green yellow blue magenta cyan. */
const int16_t theme_logger_palette256[THEME_LOGGER_NCOLOURS] = {
	160, 28, 136, 26, 127, 30,
	167, 34, 172, 33, 163, 37,
	124, 71, 142, 62, 133, 31,
	131, 64, 130, 69, 98, 73,
};
const int8_t theme_logger_palette16[THEME_LOGGER_NCOLOURS] = {
	1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6,
	1, 2, 3, 4, 5, 6, 1, 2, 3, 4, 5, 6,
};

static int	theme_parse_into(struct theme *, const char *, const char *,
		    size_t, char **, int);

/* The element's name in theme files. */
const char *
theme_elem_name(enum theme_elem e)
{
	if ((int)e < 0 || e >= THEME_COUNT)
		return NULL;
	return theme_elem_names[e];
}

/* Look an element name up: the element, or -1. */
int
theme_elem_find(const char *s, size_t n)
{
	int	i;

	for (i = 0; i < THEME_COUNT; i++) {
		if (strlen(theme_elem_names[i]) == n &&
		    strncasecmp(theme_elem_names[i], s, n) == 0)
			return i;
	}
	return -1;
}

/* Names of the built-in themes, NULL-terminated. */
const char *const *
theme_builtin_names(void)
{
	return theme_builtin_list;
}

/* Stable palette index for a logger name (FNV-1a 32). */
unsigned
theme_logger_colour(const char *name, size_t len, unsigned ncolours)
{
	uint32_t	h = 2166136261u;
	size_t		i;

	if (ncolours == 0)
		return 0;
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 16777619u;
	}
	return h % ncolours;
}

/* Every element plain: default colours, no attributes. */
static void
theme_plain(struct theme *t, const char *name)
{
	int	i;

	for (i = 0; i < THEME_COUNT; i++) {
		t->style[i].fg256 = t->style[i].bg256 = -1;
		t->style[i].fg16 = t->style[i].bg16 = -1;
		t->style[i].attrs = 0;
	}
	if (name == NULL)
		name = "";
	sanitize_str(name, strlen(name), sizeof t->name - 1, t->name,
	    sizeof t->name);
}

/* Find a built-in theme's text by name. */
static const struct theme_builtin *
theme_find_builtin(const char *name)
{
	const struct theme_builtin	*b;

	for (b = theme_builtins; b->name != NULL; b++) {
		if (strcmp(b->name, name) == 0)
			return b;
	}
	return NULL;
}

/* Leave the theme at the built-in default (plain if even that fails). */
static void
theme_reset(struct theme *t)
{
	const struct theme_builtin	*b = theme_find_builtin(THEME_DEFAULT);

	if (b == NULL || theme_parse_into(t, THEME_DEFAULT, b->text,
	    strlen(b->text), NULL, 0) != 0)
		theme_plain(t, THEME_DEFAULT);
}

/* Set *cause to "FILE:LINE: " + formatted text (cause may be NULL). */
static void __attribute__((format(printf, 4, 5)))
theme_error(char **cause, const char *file, unsigned line, const char *fmt,
    ...)
{
	char	 fbuf[256], *msg;
	va_list	 ap;
	int	 r;

	if (cause == NULL)
		return;
	sanitize_str(file, strlen(file), 120, fbuf, sizeof fbuf);
	va_start(ap, fmt);
	r = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (r < 0)
		msg = xstrdup("error");
	if (line != 0)
		*cause = xasprintf("%s:%u: %s", fbuf, line, msg);
	else
		*cause = xasprintf("%s: %s", fbuf, msg);
	free(msg);
}

/* A safe quotation of s[0..n) for messages. */
static const char *
theme_quote(const char *s, size_t n, char *buf, size_t bufsz)
{
	sanitize_str(s, n, THEME_QUOTE, buf, bufsz);
	return buf;
}

/* Parse a decimal number 0..max from s[0..n); -1 if not one. */
static int
theme_number(const char *s, size_t n, int max)
{
	int	v = 0;
	size_t	i;

	if (n == 0 || n > 3)
		return -1;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v <= max ? v : -1;
}

/* A colour name or "default": 0-15, -1 for default, -2 if unknown. */
static int
theme_colour_name(const char *s, size_t n)
{
	int	i;

	if (n == 7 && strncasecmp(s, "default", 7) == 0)
		return -1;
	if (n == 4 && (strncasecmp(s, "grey", 4) == 0 ||
	    strncasecmp(s, "gray", 4) == 0))
		return 8;
	for (i = 0; i < 16; i++) {
		if (strlen(theme_colour_names[i]) == n &&
		    strncasecmp(theme_colour_names[i], s, n) == 0)
			return i;
	}
	return -2;
}

/* Nearest of the 16 basic colours to 256-colour index c (16..255). */
static int
theme_nearest16(int c)
{
	static const int	levels[6] = { 0, 95, 135, 175, 215, 255 };
	int			r, g, b, i, best = 0;
	long			bestd = -1;

	if (c < 16)
		return c;
	if (c >= 232) {
		r = g = b = 8 + 10 * (c - 232);
	} else {
		c -= 16;
		r = levels[c / 36];
		g = levels[(c / 6) % 6];
		b = levels[c % 6];
	}
	for (i = 0; i < 16; i++) {
		long	dr = r - theme_rgb16[i][0], dg = g - theme_rgb16[i][1];
		long	db = b - theme_rgb16[i][2];
		long	d = dr * dr + dg * dg + db * db;

		if (bestd < 0 || d < bestd) {
			bestd = d;
			best = i;
		}
	}
	return best;
}

/*
 * Parse a colour spec "A" or "A/B" (A: 0-255, a name or default; B: 0-15,
 * a name or default). Returns 0 or -1 with a message in why.
 */
static int
theme_colour(const char *s, size_t n, int16_t *c256, int8_t *c16,
    char *why, size_t whysz)
{
	const char	*slash = memchr(s, '/', n);
	size_t		 an = slash != NULL ? (size_t)(slash - s) : n;
	int		 a, b;
	char		 q[THEME_QUOTE * 4 + 8];

	a = theme_number(s, an, 255);
	if (a < 0) {
		a = theme_colour_name(s, an);
		if (a == -2) {
			snprintf(why, whysz, "bad colour '%s' (want 0-255, "
			    "a colour name or default)",
			    theme_quote(s, an, q, sizeof q));
			return -1;
		}
	}
	if (slash == NULL) {
		b = a < 0 ? -1 : theme_nearest16(a);
	} else {
		const char	*bs = slash + 1;
		size_t		 bn = n - an - 1;

		b = theme_number(bs, bn, 15);
		if (b < 0) {
			b = theme_colour_name(bs, bn);
			if (b == -2) {
				snprintf(why, whysz, "bad fallback colour '%s'"
				    " (want 0-15, a colour name or default)",
				    theme_quote(bs, bn, q, sizeof q));
				return -1;
			}
		}
	}
	*c256 = (int16_t)a;
	*c16 = (int8_t)b;
	return 0;
}

/* Is b a byte that has no place in a text file? */
static int
theme_binary(unsigned char b)
{
	return (b < 0x20 && b != '\t' && b != '\r') || b == 0x7f;
}

#define THEME_MAXWORDS	64

/* Split a line (comment cut) into words; -1 and why when there are too many. */
static int
theme_words(const char *s, size_t n, const char **tok, size_t *toklen,
    size_t *ntok, char *why, size_t whysz)
{
	const char	*hash;
	size_t		 p = 0, start;

	*ntok = 0;
	if ((hash = memchr(s, '#', n)) != NULL)
		n = (size_t)(hash - s);
	while (p < n) {
		while (p < n && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r'))
			p++;
		if (p == n)
			break;
		start = p;
		while (p < n && s[p] != ' ' && s[p] != '\t' && s[p] != '\r')
			p++;
		if (*ntok == THEME_MAXWORDS) {
			snprintf(why, whysz, "too many words");
			return -1;
		}
		tok[*ntok] = s + start;
		toklen[(*ntok)++] = p - start;
	}
	return 0;
}

/* The elements a name covers: one, or a group "level.*"; -1 when none. */
static int
theme_elem_range(const char *w, size_t wl, int *first, int *last)
{
	int	e;

	*first = *last = theme_elem_find(w, wl);
	if (*first < 0 && wl > 2 && strncmp(w + wl - 2, ".*", 2) == 0) {
		for (e = 0; e < THEME_COUNT; e++) {
			if (strncasecmp(theme_elem_names[e], w, wl - 1) == 0) {
				if (*first < 0)
					*first = e;
				*last = e;
			}
		}
	}
	return *first < 0 ? -1 : 0;
}

/* Apply one setting word (fg=, bg= or an attribute) to st; -1 and why if bad. */
static int
theme_word(struct theme_style *st, const char *w, size_t wl, char *why,
    size_t whysz)
{
	char	q[THEME_QUOTE * 4 + 8];
	size_t	k;
	int	fg;

	if (wl > 3 && (strncasecmp(w, "fg=", 3) == 0 ||
	    strncasecmp(w, "bg=", 3) == 0)) {
		fg = (w[0] == 'f' || w[0] == 'F');
		return theme_colour(w + 3, wl - 3, fg ? &st->fg256 : &st->bg256,
		    fg ? &st->fg16 : &st->bg16, why, whysz) != 0 ? -1 : 0;
	}
	if (memchr(w, '=', wl) != NULL) {
		snprintf(why, whysz, "bad setting '%s' (want fg=COLOUR "
		    "or bg=COLOUR)", theme_quote(w, wl, q, sizeof q));
		return -1;
	}
	for (k = 0; k < sizeof theme_attr_names / sizeof theme_attr_names[0];
	    k++) {
		if (strlen(theme_attr_names[k].name) == wl &&
		    strncasecmp(theme_attr_names[k].name, w, wl) == 0) {
			st->attrs |= theme_attr_names[k].bit;
			return 0;
		}
	}
	snprintf(why, whysz, "unknown attribute '%s' (want bold, dim, "
	    "underline, reverse, italic, standout, blink or none)",
	    theme_quote(w, wl, q, sizeof q));
	return -1;
}

/*
 * Parse one line (no newline) into *st for the elements it names. Returns
 * 0, 1 for a blank or comment line, 2 for an inherit directive (name in
 * *inh), or -1 with a message in why.
 */
static int
theme_line(struct theme *t, const char *s, size_t n, const char **inh,
    size_t *inhlen, char *why, size_t whysz)
{
	struct theme_style	 st = { -1, -1, -1, -1, 0 };
	const char		*tok[THEME_MAXWORDS];
	size_t			 toklen[THEME_MAXWORDS], ntok, i;
	char			 q[THEME_QUOTE * 4 + 8];
	int			 e, first, last;

	for (i = 0; i < n; i++) {
		if (theme_binary((unsigned char)s[i])) {
			snprintf(why, whysz, "binary data (byte 0x%02x)",
			    (unsigned char)s[i]);
			return -1;
		}
	}
	if (theme_words(s, n, tok, toklen, &ntok, why, whysz) == -1)
		return -1;
	if (ntok == 0)
		return 1;
	if (toklen[0] == 7 && strncmp(tok[0], "inherit", 7) == 0) {
		if (ntok != 2) {
			snprintf(why, whysz, "inherit wants one theme name");
			return -1;
		}
		*inh = tok[1];
		*inhlen = toklen[1];
		return 2;
	}
	if (theme_elem_range(tok[0], toklen[0], &first, &last) == -1) {
		snprintf(why, whysz, "unknown element '%s'",
		    theme_quote(tok[0], toklen[0], q, sizeof q));
		return -1;
	}
	for (i = 1; i < ntok; i++)
		if (theme_word(&st, tok[i], toklen[i], why, whysz) == -1)
			return -1;
	for (e = first; e <= last; e++) {
		if (e == first || strncasecmp(theme_elem_names[e], tok[0],
		    toklen[0] - 1) == 0)
			t->style[e] = st;
	}
	return 0;
}

/* Parse text into t (not reset on failure); depth counts inherits. */
static int
theme_parse_into(struct theme *t, const char *name, const char *text,
    size_t len, char **cause, int depth)
{
	const struct theme_builtin	*b;
	size_t				 off = 0, inhlen = 0;
	unsigned			 line = 0;
	int				 seen_elem = 0, r;
	const char			*inh = NULL;
	char				 why[512], q[THEME_QUOTE * 4 + 8];
	char				 iname[64];

	theme_plain(t, name);
	if (len > THEME_MAX_SIZE) {
		theme_error(cause, name, 0, "too large (over %d bytes)",
		    THEME_MAX_SIZE);
		return -1;
	}
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		off = 3;	/* a UTF-8 byte order mark */
	while (off < len) {
		const char	*s = text + off, *nl;
		size_t		 n;

		nl = memchr(s, '\n', len - off);
		n = nl != NULL ? (size_t)(nl - s) : len - off;
		off += n + (nl != NULL);
		line++;
		if (n > THEME_MAX_LINE) {
			theme_error(cause, name, line, "line too long (%zu "
			    "bytes, at most %d)", n, THEME_MAX_LINE);
			return -1;
		}
		r = theme_line(t, s, n, &inh, &inhlen, why, sizeof why);
		if (r < 0) {
			theme_error(cause, name, line, "%s", why);
			return -1;
		}
		if (r == 0)
			seen_elem = 1;
		if (r != 2)
			continue;

		if (seen_elem) {
			theme_error(cause, name, line,
			    "inherit must come before any element");
			return -1;
		}
		if (inhlen >= sizeof iname ||
		    memchr(inh, '\0', inhlen) != NULL) {
			b = NULL;
		} else {
			memcpy(iname, inh, inhlen);
			iname[inhlen] = '\0';
			b = theme_find_builtin(iname);
		}
		if (b == NULL) {
			theme_error(cause, name, line, "unknown theme '%s' to "
			    "inherit", theme_quote(inh, inhlen, q, sizeof q));
			return -1;
		}
		if (depth >= THEME_MAX_DEPTH) {
			theme_error(cause, name, line, "inherit nested too "
			    "deep");
			return -1;
		}
		if (theme_parse_into(t, b->name, b->text, strlen(b->text),
		    cause, depth + 1) != 0)
			return -1;
		sanitize_str(name, strlen(name),
		    sizeof t->name - 1, t->name, sizeof t->name);
	}
	return 0;
}

/* Parse theme text; on failure leave the theme at default. */
int
theme_parse(struct theme *t, const char *name, const char *text, size_t len,
    char **cause)
{
	if (name == NULL)
		name = "theme";
	if (text == NULL)
		len = 0;
	if (theme_parse_into(t, name, text, len, cause, 0) != 0) {
		theme_reset(t);
		return -1;
	}
	return 0;
}

/* Load a built-in theme by name. */
int
theme_load_builtin(struct theme *t, const char *name)
{
	const struct theme_builtin	*b;

	if (name == NULL || (b = theme_find_builtin(name)) == NULL) {
		theme_reset(t);
		return -1;
	}
	return theme_parse(t, b->name, b->text, strlen(b->text), NULL);
}

/* Load a theme file. */
int
theme_load_file(struct theme *t, const char *path, char **cause)
{
	char		*buf;
	const char	*base;
	size_t		 len = 0, bl;
	ssize_t		 r;
	int		 fd;
	struct stat	 st;

	/* Non-blocking: a FIFO given as a theme must not hang start-up. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		theme_error(cause, path, 0, "%s", strerror(errno));
		theme_reset(t);
		return -1;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		theme_error(cause, path, 0, "%s", S_ISDIR(st.st_mode) ?
		    strerror(EISDIR) : "not a regular file");
		close(fd);
		theme_reset(t);
		return -1;
	}
	buf = xmalloc(THEME_MAX_SIZE + 1);
	for (;;) {
		r = read(fd, buf + len, THEME_MAX_SIZE + 1 - len);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			theme_error(cause, path, 0, "%s", strerror(errno));
			goto fail;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > THEME_MAX_SIZE) {
			theme_error(cause, path, 0, "too large (over %d bytes)",
			    THEME_MAX_SIZE);
			goto fail;
		}
	}
	close(fd);
	fd = -1;
	if (theme_parse(t, path, buf, len, cause) != 0)
		goto fail;
	free(buf);

	/* The theme's name: the file name without .theme. */
	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	bl = strlen(base);
	if (bl > 6 && strcmp(base + bl - 6, ".theme") == 0)
		bl -= 6;
	sanitize_str(base, bl, sizeof t->name - 1, t->name, sizeof t->name);
	return 0;

fail:
	if (fd != -1)
		close(fd);
	free(buf);
	theme_reset(t);
	return -1;
}

/* A built-in name, else a file path. */
int
theme_load(struct theme *t, const char *name_or_path, char **cause)
{
	const char	*s = name_or_path;
	const char	*const *names;
	char		*list, *tmp, q[THEME_QUOTE * 4 + 8];
	size_t		 n;
	int		 i;

	if (s == NULL || *s == '\0')
		s = THEME_DEFAULT;
	n = strlen(s);
	if (strchr(s, '/') == NULL &&
	    !(n > 6 && strcmp(s + n - 6, ".theme") == 0)) {
		if (theme_find_builtin(s) != NULL)
			return theme_load_builtin(t, s);
		if (access(s, F_OK) != 0) {
			names = theme_builtin_names();
			list = xstrdup("");
			for (i = 0; names[i] != NULL; i++) {
				tmp = xasprintf("%s%s%s", list,
				    i ? ", " : "", names[i]);
				free(list);
				list = tmp;
			}
			if (cause != NULL)
				*cause = xasprintf("unknown theme '%s' (built-in:"
				    " %s; or a file path)",
				    theme_quote(s, n, q, sizeof q), list);
			free(list);
			theme_reset(t);
			return -1;
		}
	}
	return theme_load_file(t, s, cause);
}
