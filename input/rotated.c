/*
 * rotated.c: find a log file's rotated predecessors next to it.
 *
 * logrotate names them in two ways, each optionally compressed (.gz, .zst,
 * .bz2, .xz; the content decides how they are read, the suffix is only
 * recognised here):
 *
 *     NAME.1  NAME.2.gz  NAME.3.gz ...        by number: higher is older
 *     NAME-20261126  NAME-20261127.gz ...     dateext: by date, ascending
 *                                             (any digits after the '-':
 *                                             -%Y%m%d%H, -%Y%m%d-%s too)
 *
 * The list is sorted oldest first: dated names by their digits (numeric
 * order of equal-length dates is string order), then numbered names from
 * the highest number down. A set that mixes both (a switch to dateext)
 * reads the dated ones first. Only regular files count; NAME itself is
 * not in the list; nothing else in the directory is touched.
 */
#include "rotated.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/xmalloc.h"

static const char *const rotated_suffixes[] = { "", ".gz", ".zst", ".bz2", ".xz" };

struct rotated_ent {
	char		*path;
	int		 dated;		/* 1: NAME-DIGITS, 0: NAME.N */
	char		 key[32];	/* the digits */
	size_t		 keylen;
	int		 plain;		/* no compression suffix */
};

/*
 * Does name (after "base") read ".N[SUF]" or "-DIGITS[SUF]"? Fills the key.
 */
static int
rotated_match(const char *rest, struct rotated_ent *e)
{
	const char	*d;
	size_t		 n, i, sl;

	if (rest[0] != '.' && rest[0] != '-')
		return 0;
	e->dated = rest[0] == '-';
	d = rest + 1;
	n = strspn(d, "0123456789");
	/* dateext with a time part: -YYYYMMDD-SECONDS */
	if (e->dated && n > 0 && d[n] == '-' && strspn(d + n + 1, "0123456789") > 0)
		n += 1 + strspn(d + n + 1, "0123456789");
	if (n == 0 || n >= sizeof e->key)
		return 0;
	if (!e->dated && n > 9)
		return 0;
	for (i = 0; i < sizeof rotated_suffixes / sizeof rotated_suffixes[0]; i++) {
		sl = strlen(rotated_suffixes[i]);
		if (strlen(d + n) == sl && strcmp(d + n, rotated_suffixes[i]) == 0)
			break;
	}
	if (i == sizeof rotated_suffixes / sizeof rotated_suffixes[0])
		return 0;
	memcpy(e->key, d, n);
	e->key[n] = '\0';
	e->keylen = n;
	e->plain = i == 0;
	return 1;
}

/* Oldest first: dated ascending, then numbered descending. */
static int
rotated_cmp(const void *a, const void *b)
{
	const struct rotated_ent	*x = a, *y = b;
	int				 c;

	if (x->dated != y->dated)
		return x->dated ? -1 : 1;
	if (x->dated) {
		if (x->keylen != y->keylen)
			return x->keylen < y->keylen ? -1 : 1;
		c = strcmp(x->key, y->key);
	} else {
		unsigned long	nx = strtoul(x->key, NULL, 10),
				ny = strtoul(y->key, NULL, 10);

		c = nx == ny ? 0 : (nx > ny ? -1 : 1);
	}
	if (c != 0)
		return c;
	/* NAME.1.gz before NAME.1: the compressed one is the older copy. */
	if (x->plain != y->plain)
		return x->plain ? 1 : -1;
	return strcmp(x->path, y->path);
}

/* The rotated predecessors of dir/base, oldest first. */
char **
rotated_list(const char *dir, const char *base, size_t *n)
{
	struct rotated_ent	*ents = NULL, e;
	struct dirent		*de;
	struct stat		 st;
	size_t			 blen = strlen(base), nents = 0, i;
	char			**out = NULL;
	DIR			*d;

	*n = 0;
	if ((d = opendir(dir)) == NULL)
		return NULL;
	while ((de = readdir(d)) != NULL) {
		if (strncmp(de->d_name, base, blen) != 0)
			continue;
		memset(&e, 0, sizeof e);
		if (!rotated_match(de->d_name + blen, &e))
			continue;
		e.path = strcmp(dir, ".") == 0 ? xstrdup(de->d_name) :
		    xasprintf("%s%s%s", dir,
		    dir[strlen(dir) - 1] == '/' ? "" : "/", de->d_name);
		if (stat(e.path, &st) == -1 || !S_ISREG(st.st_mode)) {
			free(e.path);
			continue;
		}
		ents = xreallocarray(ents, nents + 1, sizeof *ents);
		ents[nents++] = e;
	}
	closedir(d);
	if (nents == 0)
		return NULL;
	qsort(ents, nents, sizeof *ents, rotated_cmp);
	out = xreallocarray(NULL, nents, sizeof *out);
	for (i = 0; i < nents; i++)
		out[i] = ents[i].path;
	free(ents);
	*n = nents;
	return out;
}

/* Free a list. */
void
rotated_free(char **list, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}
