/*
 * fuzz_theme.c: the theme reader over arbitrary text.
 *
 * theme_parse must not crash or read past len; on success every style is
 * in range, on failure the theme is the default and the message is safe
 * to print (no control bytes, valid UTF-8: quoted input is sanitized).
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "themes/theme.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Abort unless s has no control bytes and is valid UTF-8. */
static void
check_message(const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	mbstate_t		 st;
	size_t			 n = strlen(s), off = 0, r;

	memset(&st, 0, sizeof st);
	for (; *p != '\0'; p++) {
		if (*p < 0x20 || *p == 0x7f)
			abort();
	}
	while (off < n) {
		r = mbrtowc(NULL, s + off, n - off, &st);
		if (r == (size_t)-1 || r == (size_t)-2 || r == 0)
			abort();
		off += r;
	}
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 init;
	struct theme	 t;
	char		*cause = NULL, *copy;
	int		 e, r;

	if (!init) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			setlocale(LC_CTYPE, "en_US.UTF-8");
		init = 1;
	}
	/* An exact-size copy so ASan sees any read past len. */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	r = theme_parse(&t, "fuzz.theme", copy, size, &cause);
	free(copy);
	if (r != 0 && r != -1)
		abort();
	if (r == -1) {
		if (cause == NULL || strncmp(cause, "fuzz.theme:", 11) != 0)
			abort();
		check_message(cause);
		free(cause);
	} else if (cause != NULL)
		abort();
	for (e = 0; e < THEME_COUNT; e++) {
		struct theme_style	*s = &t.style[e];

		if (s->fg256 < -1 || s->fg256 > 255 || s->bg256 < -1 ||
		    s->bg256 > 255 || s->fg16 < -1 || s->fg16 > 15 ||
		    s->bg16 < -1 || s->bg16 > 15 || (s->attrs & ~0x7f) != 0)
			abort();
	}
	return 0;
}
