/*
 * collapse.c: --print -C NAME (issue 23): each run of consecutive printed
 * records whose loggers are all inside one collapsed subtree is written as
 * one summary line instead, so a busy library shows that it was busy
 * without flooding the output. A record at WARNING or above inside the
 * subtree is never folded: it ends the run and is printed. Continuation
 * lines belong to their record (the caller drops those of a folded one).
 *
 * The run is one open summary: counts per level and the first and last
 * record times as written in the log (copied, at most 63 bytes). The
 * caller decides when a run must end for reasons of its own (a header
 * between sources, a quiet moment while following, the end).
 */
#include "collapse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xmalloc.h"
#include "parsers/json.h"

/* Intern the collapsed subtrees. */
void
collapse_init(struct collapse *c, struct ltree *t, const char **names,
    size_t n)
{
	size_t	i;

	memset(c, 0, sizeof *c);
	c->keep = LEVEL_WARNING;
	c->names = names;
	c->nroots = n;
	c->roots = xcalloc(n ? n : 1, sizeof *c->roots);
	for (i = 0; i < n; i++)
		c->roots[i] = ltree_intern(t, names[i], strlen(names[i]));
}

void
collapse_free(struct collapse *c)
{
	free(c->roots);
	memset(c, 0, sizeof *c);
}

/* The collapsed subtree holding logger id (the deepest named), or -1. */
static int
collapse_root_of(const struct collapse *c, const struct ltree *t, uint32_t id)
{
	size_t		i;
	unsigned	depth;

	for (depth = 0; id != UINT32_MAX && id != LTREE_ROOT && depth < 4096;
	    depth++) {
		for (i = 0; i < c->nroots; i++)
			if (c->roots[i] == id)
				return (int)i;
		id = ltree_parent(t, id);
	}
	return -1;
}

/* Copy a time as written (cut to the buffer). */
static void
collapse_time(char *dst, size_t size, const char *s, size_t n)
{
	if (n >= size)
		n = size - 1;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Fold a record into the run, or say it must be printed. */
int
collapse_take(struct collapse *c, const struct ltree *t, uint32_t logger,
    enum level level, const char *time, size_t timelen, int src, int *flush)
{
	int	root;

	*flush = 0;
	root = c->nroots > 0 ? collapse_root_of(c, t, logger) : -1;
	if (root < 0 || level >= c->keep) {
		*flush = c->active;
		return 0;
	}
	if (c->active && ((size_t)root != c->root || src != c->src)) {
		*flush = 1;
		return 0;	/* the caller writes the run, then takes again */
	}
	if (!c->active) {
		c->active = 1;
		c->root = (size_t)root;
		c->src = src;
		c->n = 0;
		memset(c->levels, 0, sizeof c->levels);
		c->first[0] = c->last[0] = '\0';
	}
	c->n++;
	if ((unsigned)level < LEVEL_COUNT)
		c->levels[level]++;
	if (timelen > 0) {
		if (c->first[0] == '\0')
			collapse_time(c->first, sizeof c->first, time, timelen);
		collapse_time(c->last, sizeof c->last, time, timelen);
	}
	return 1;
}

int
collapse_open(const struct collapse *c)
{
	return c->active;
}

/* Append a NUL-terminated string to a growing buffer. */
static void
collapse_put(char **buf, size_t *len, size_t *size, const char *s)
{
	size_t	n = strlen(s);

	XGROW(*buf, *size, *len + n + 1, 128);
	memcpy(*buf + *len, s, n + 1);
	*len += n;
}

/* The summary of the open run; closes it. */
char *
collapse_write(struct collapse *c, int json, size_t *len)
{
	const char	*name = c->names[c->root];
	char		*buf = NULL, num[64];
	size_t		 size = 0;
	int		 l, any = 0;

	*len = 0;
	if (json) {
		collapse_put(&buf, len, &size, "{\"collapsed\":");
		json_escape(&buf, len, &size, name, strlen(name));
		snprintf(num, sizeof num, ",\"records\":%llu,\"levels\":{",
		    (unsigned long long)c->n);
	} else {
		collapse_put(&buf, len, &size, "\xc2\xb7\xc2\xb7\xc2\xb7 ");
		collapse_put(&buf, len, &size, name);
		snprintf(num, sizeof num, ".*: %llu records (",
		    (unsigned long long)c->n);
	}
	collapse_put(&buf, len, &size, num);
	for (l = LEVEL_COUNT - 1; l >= 0; l--) {
		if (c->levels[l] == 0)
			continue;
		snprintf(num, sizeof num, json ? "%s\"%s\":%llu" : "%s%s %llu",
		    any ? (json ? "," : ", ") : "", level_name((enum level)l),
		    (unsigned long long)c->levels[l]);
		collapse_put(&buf, len, &size, num);
		any = 1;
	}
	collapse_put(&buf, len, &size, json ? "}" : ")");
	if (c->first[0] != '\0') {
		if (json) {
			collapse_put(&buf, len, &size, ",\"first\":");
			json_escape(&buf, len, &size, c->first, strlen(c->first));
			collapse_put(&buf, len, &size, ",\"last\":");
			json_escape(&buf, len, &size, c->last, strlen(c->last));
		} else {
			collapse_put(&buf, len, &size, " ");
			collapse_put(&buf, len, &size, c->first);
			collapse_put(&buf, len, &size, " .. ");
			collapse_put(&buf, len, &size, c->last);
		}
	}
	collapse_put(&buf, len, &size, json ? "}\n" : "\n");
	c->active = 0;
	return buf;
}
