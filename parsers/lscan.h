/*
 * lscan.h: small inline scanners shared by the layout recognizers
 * (layouts.c, access.c, levels.c). Each reads only s[i, n) and never
 * allocates; positions are byte offsets into the line.
 */
#ifndef LSCAN_H
#define LSCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "level.h"
#include "record.h"

#define LS_DIGIT(c)	((unsigned)((unsigned char)(c) - '0') < 10u)
#define LS_UPPER(c)	((unsigned)((unsigned char)(c) - 'A') < 26u)
#define LS_LOWER(c)	((unsigned)((unsigned char)(c) - 'a') < 26u)
#define LS_ALPHA(c)	(LS_UPPER(c) || LS_LOWER(c))
#define LS_ALNUM(c)	(LS_ALPHA(c) || LS_DIGIT(c))

/* Set a span to [off, off + len). */
static inline void
ls_span(struct span *sp, size_t off, size_t len)
{
	sp->off = (uint32_t)off;
	sp->len = (uint32_t)len;
}

/* End of the run of ASCII letters at i. */
static inline size_t
ls_word(const char *s, size_t n, size_t i)
{
	while (i < n && LS_ALPHA(s[i]))
		i++;
	return i;
}

/* End of the run of digits at i. */
static inline size_t
ls_digits(const char *s, size_t n, size_t i)
{
	while (i < n && LS_DIGIT(s[i]))
		i++;
	return i;
}

/* Past the blanks at i. */
static inline size_t
ls_blanks(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] == ' ')
		i++;
	return i;
}

/* End of the token at i (up to a blank or tab). */
static inline size_t
ls_token(const char *s, size_t n, size_t i)
{
	while (i < n && s[i] != ' ' && s[i] != '\t')
		i++;
	return i;
}

/* Does s[i..] start with the literal lit of length ll? */
static inline int
ls_lit(const char *s, size_t n, size_t i, const char *lit, size_t ll)
{
	return i + ll <= n && memcmp(s + i, lit, ll) == 0;
}

/* Index of the first c in s[i, n), or n. */
static inline size_t
ls_find(const char *s, size_t n, size_t i, char c)
{
	const char	*q;

	if (i >= n)
		return n;
	q = memchr(s + i, c, n - i);
	return q == NULL ? n : (size_t)(q - s);
}

/* The message: from i to the end of the line. */
static inline void
ls_msg(struct fields *f, size_t n, size_t i)
{
	if (i > n)
		i = n;
	ls_span(&f->message, i, n - i);
}

/* The level l found at [i, e). */
static inline void
ls_level(struct fields *f, int l, size_t i, size_t e)
{
	f->level = (uint8_t)l;
	ls_span(&f->level_span, i, e - i);
}

/*
 * Is s[i, e) a name a logger could have: letters, digits and . _ - $ / :
 * starting with a letter or '_'? dots counts the '.' in it.
 */
static inline int
ls_name(const char *s, size_t i, size_t e, int *dots)
{
	int	d = 0;

	if (i >= e || !(LS_ALPHA(s[i]) || s[i] == '_'))
		return 0;
	for (; i < e; i++) {
		if (s[i] == '.')
			d++;
		else if (!(LS_ALNUM(s[i]) || s[i] == '_' || s[i] == '-' ||
		    s[i] == '$' || s[i] == '/' || s[i] == ':'))
			return 0;
	}
	if (dots != NULL)
		*dots = d;
	return 1;
}

/* Past a bracketed group starting at '[' at i (nesting allowed); 0 if unclosed. */
static inline size_t
ls_bracket_end(const char *s, size_t n, size_t i)
{
	int	depth = 0;

	for (; i < n; i++) {
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && --depth == 0)
			return i + 1;
	}
	return 0;
}

/* Is s[i, e) all upper-case letters? */
static inline int
ls_upper_run(const char *s, size_t i, size_t e)
{
	for (; i < e; i++)
		if (!LS_UPPER(s[i]))
			return 0;
	return 1;
}

/* The level word s[i, e) (level_parse), upper case only when strict; -1 if none. */
static inline int
ls_level_at(const char *s, size_t i, size_t e, int strict)
{
	if (e - i < 3 || e - i > 9)
		return -1;
	if (strict && !ls_upper_run(s, i, e))
		return -1;
	return level_parse(s + i, e - i);
}

#endif
