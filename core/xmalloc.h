/* xmalloc.h: allocation that never fails (it aborts), and small string helpers. */
#ifndef XMALLOC_H
#define XMALLOC_H

#include <stddef.h>

void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
/*
 * Grow the array p (*cap elements of size bytes) to hold at least want:
 * the capacity doubles, starting at min. Returns the (moved) array.
 */
void	*xgrow(void *p, size_t *cap, size_t want, size_t size, size_t min);
#define XGROW(p, cap, want, min) \
	((p) = xgrow((p), &(cap), (want), sizeof *(p), (min)))
/* Call fn once before dying of a fatal error (NULL: none). */
void	 xmalloc_on_fatal(void (*fn)(void));
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));

#endif
