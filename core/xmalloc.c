/*
 * xmalloc.c: allocation wrappers.
 *
 * tailor treats allocation failure as fatal: there is no sensible way to
 * keep following logs without memory, and checking every call would hide
 * the real logic. Each wrapper aborts with a message instead of returning
 * NULL, so callers never test the result. xmalloc_on_fatal lets the TUI
 * restore the terminal before the message.
 */
#include "xmalloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Called once before a fatal error's message (set by the TUI: put the
 * terminal back and end the commands first). The one mutable global here,
 * set at start-up.
 */
static void (*xmalloc_fatal_hook)(void);

/* Set the function called before tailor dies of a fatal error. */
void
xmalloc_on_fatal(void (*fn)(void))
{
	xmalloc_fatal_hook = fn;
}

/* Report an allocation failure and abort. */
static void
xmalloc_fail(size_t size)
{
	void	(*fn)(void) = xmalloc_fatal_hook;

	xmalloc_fatal_hook = NULL;	/* once, even if it allocates */
	if (fn != NULL)
		fn();
	fprintf(stderr, "tailor: out of memory (allocating %zu bytes)\n", size);
	abort();
}

/* malloc that never returns NULL. */
void *
xmalloc(size_t size)
{
	void	*p = malloc(size ? size : 1);

	if (p == NULL)
		xmalloc_fail(size);
	return p;
}

/* calloc that never returns NULL. */
void *
xcalloc(size_t n, size_t size)
{
	void	*p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		xmalloc_fail(n * size);
	return p;
}

/* realloc that never returns NULL. */
void *
xrealloc(void *p, size_t size)
{
	void	*q = realloc(p, size ? size : 1);

	if (q == NULL)
		xmalloc_fail(size);
	return q;
}

/* realloc of n elements of size, with overflow check. */
void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		xmalloc_fail(SIZE_MAX);
	return xrealloc(p, n * size);
}

/* strdup that never returns NULL. */
char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

/* Copy n bytes of s into a new NUL-terminated string. */
char *
xstrndup(const char *s, size_t n)
{
	char	*p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

/* asprintf that never fails. */
char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) == -1)
		xmalloc_fail(strlen(fmt));
	va_end(ap);
	return s;
}

/* Grow an array to hold at least want elements (capacity doubles). */
void *
xgrow(void *p, size_t *cap, size_t want, size_t size, size_t min)
{
	size_t	n = *cap;

	if (want <= n)
		return p;
	if (n < min)
		n = min;
	while (n < want)
		n = n > SIZE_MAX / 2 ? want : n * 2;
	p = xreallocarray(p, n, size);
	*cap = n;
	return p;
}
