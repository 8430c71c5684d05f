/*
 * utf8.c: strict UTF-8 decoding, shared by the sanitizer, the regex
 * wrapper, JSON output and the --stats writer, so that "valid UTF-8" means
 * the same thing everywhere (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF).
 */
#include "utf8.h"

/* Decode one sequence; 0 when invalid. */
size_t
utf8_decode(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char	b = s[0], lo = 0x80, hi = 0xbf, c;
	size_t		need, i;
	uint32_t	v;

	if (b < 0x80) {
		*cp = b;
		return 1;
	}
	if (b >= 0xc2 && b <= 0xdf) {
		need = 1;
		v = b & 0x1f;
	} else if (b >= 0xe0 && b <= 0xef) {
		need = 2;
		v = b & 0x0f;
		if (b == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (b == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (b >= 0xf0 && b <= 0xf4) {
		need = 3;
		v = b & 0x07;
		if (b == 0xf0)
			lo = 0x90;	/* overlong */
		else if (b == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 0;
	if (n - 1 < need)
		return 0;
	for (i = 1; i <= need; i++) {
		c = s[i];
		if (i == 1 ? (c < lo || c > hi) : (c < 0x80 || c > 0xbf))
			return 0;
		v = (v << 6) | (c & 0x3f);
	}
	*cp = v;
	return need + 1;
}
