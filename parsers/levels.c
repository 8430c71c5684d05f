/*
 * levels.c: level tokens as non-Python layouts write them.
 *
 * level.c's table holds the words every layout may use; the spellings here
 * are only taken where a layout that writes them puts its level (the
 * callers in layouts.c and access.c know the place), so that "LOG" or "#"
 * in a message never becomes a level. Pure functions over explicit
 * lengths; no allocation.
 */
#include <string.h>

#include "level.h"
#include "levels.h"

/* A spelling that only some layouts use. */
struct levels_alias {
	char	name[8];
	uint8_t	len;
	uint8_t	level;
};

static const struct levels_alias levels_extra[] = {
	{ "TRC", 3, LEVEL_TRACE },	/* zerolog */
	{ "VRB", 3, LEVEL_TRACE },	/* Serilog */
	{ "PNC", 3, LEVEL_CRITICAL },	/* zerolog */
	{ "TRCE", 4, LEVEL_TRACE },	/* log15 */
	{ "DBUG", 4, LEVEL_DEBUG },
	{ "EROR", 4, LEVEL_ERROR },
	{ "CONFIG", 6, LEVEL_INFO },	/* java.util.logging, 700 */
};

/* Compare s (any case) with an upper-case name of the same length. */
static int
levels_eq(const char *s, size_t n, const char *name)
{
	size_t	i;

	for (i = 0; i < n; i++)
		if ((s[i] & ~0x20) != name[i] || !((s[i] | 0x20) >= 'a' &&
		    (s[i] | 0x20) <= 'z'))
			return 0;
	return 1;
}

/* level_parse, then the extra abbreviations. */
int
levels_word(const char *s, size_t n)
{
	size_t	i;
	int	l;

	if ((l = level_parse(s, n)) >= 0 || n < 3 || n > 6)
		return l;
	for (i = 0; i < sizeof levels_extra / sizeof levels_extra[0]; i++)
		if (levels_extra[i].len == n &&
		    levels_eq(s, n, levels_extra[i].name))
			return levels_extra[i].level;
	return -1;
}

/* npm's words in lower case, then level_parse. */
int
levels_npm(const char *s, size_t n)
{
	if (n == 4 && memcmp(s, "http", 4) == 0)
		return LEVEL_INFO;
	if (n == 7 && memcmp(s, "verbose", 7) == 0)
		return LEVEL_DEBUG;
	if (n == 5 && memcmp(s, "silly", 5) == 0)
		return LEVEL_TRACE;
	return level_parse(s, n);
}

/* PostgreSQL's severities and follow-up fields (upper case, as it writes them). */
int
levels_pg(const char *s, size_t n)
{
	static const char *const more[] = { "DETAIL", "HINT", "CONTEXT",
	    "STATEMENT", "QUERY", "LOCATION" };
	size_t	i;

	if (n == 3 && memcmp(s, "LOG", 3) == 0)
		return LEVEL_INFO;
	if (n == 6 && memcmp(s, "DEBUG", 5) == 0 && s[5] >= '1' && s[5] <= '5')
		return LEVEL_DEBUG;
	for (i = 0; i < sizeof more / sizeof more[0]; i++)
		if (strlen(more[i]) == n && memcmp(s, more[i], n) == 0)
			return LEVELS_PG_MORE;
	if (n < 4 || n > 7 || s[1] < 'A' || s[1] > 'Z')
		return -1;	/* upper case only: "Error" is no severity */
	return level_parse(s, n);
}

/* redis's level symbols. */
int
levels_redis(char c)
{
	switch (c) {
	case '.':
		return LEVEL_DEBUG;
	case '-':
		return LEVEL_INFO;
	case '*':
		return LEVEL_NOTICE;
	case '#':
		return LEVEL_WARNING;
	}
	return -1;
}

/* Copy s without ANSI escape sequences, with a map back to s's offsets. */
size_t
levels_strip_ansi(const char *s, size_t n, char *out, uint16_t *map,
    size_t cap, size_t *used)
{
	size_t	i = 0, k = 0;

	while (i < n && k < cap && i <= UINT16_MAX) {
		if (s[i] != '\x1b') {
			map[k] = (uint16_t)i;
			out[k++] = s[i++];
			continue;
		}
		if (i + 1 < n && s[i + 1] == '[') {
			/* CSI: parameters and intermediates, then a final byte. */
			i += 2;
			while (i < n && (unsigned char)s[i] >= 0x20 &&
			    (unsigned char)s[i] < 0x40)
				i++;
			if (i < n && (unsigned char)s[i] >= 0x40 &&
			    (unsigned char)s[i] < 0x7f)
				i++;
		} else
			i += i + 1 < n ? 2 : 1;
	}
	*used = i;
	return k;
}

/*
 * Map a span of a colour-free copy (levels_strip_ansi: map, k bytes
 * written, from n bytes of the line) back to the line; a span past the
 * copy's end becomes empty, one that reaches it runs to the line's end.
 */
void
levels_unmap(struct span *sp, const uint16_t *map, size_t k, size_t n)
{
	size_t	end = (size_t)sp->off + sp->len;

	if (sp->len == 0) {
		sp->off = 0;
		return;
	}
	if (sp->off >= k) {
		sp->off = sp->len = 0;
		return;
	}
	sp->off = map[sp->off];
	sp->len = (uint32_t)((end >= k ? n : (size_t)map[end - 1] + 1) -
	    sp->off);
}
