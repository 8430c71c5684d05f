/*
 * fuzz_sanitize.c: the renderer's sanitizer over arbitrary bytes.
 *
 * Asserts the output guarantee: the concatenated cells are valid UTF-8
 * with no byte 0x00-0x1f or 0x7f and no C1 or bidi code point, every cell
 * is well formed, src_len sums to n, sanitize_width agrees, and
 * sanitize_str never exceeds its column or byte budget. The first byte
 * picks the tab stop and the starting column.
 */
#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Abort unless s[0..n) is safe, strictly valid UTF-8. */
static void
check_safe(const unsigned char *s, size_t n)
{
	size_t	i = 0, k, need;

	while (i < n) {
		unsigned char	b = s[i];
		uint32_t	cp;

		if (b < 0x20 || b == 0x7f)
			abort();
		if (b < 0x80) {
			i++;
			continue;
		}
		if ((b & 0xe0) == 0xc0) {
			cp = b & 0x1f;
			need = 1;
		} else if ((b & 0xf0) == 0xe0) {
			cp = b & 0x0f;
			need = 2;
		} else if ((b & 0xf8) == 0xf0) {
			cp = b & 0x07;
			need = 3;
		} else
			abort();
		for (k = 1; k <= need; k++) {
			if (i + k >= n || (s[i + k] & 0xc0) != 0x80)
				abort();
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		if ((need == 1 && cp < 0x80) || (need == 2 && cp < 0x800) ||
		    (need == 3 && cp < 0x10000) || cp > 0x10ffff ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			abort();
		if (cp <= 0x9f || cp == 0x061c || cp == 0x200e ||
		    cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
		i += need + 1;
	}
}

/* One input. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int	 init;
	const char	*s = (const char *)data;
	struct scell	 c;
	unsigned	 ts = 8, col0 = 0;
	size_t		 off = 0, col, k, used = 0, total = 0, w;
	char		*out, small[40];

	if (!init) {
		if (setlocale(LC_CTYPE, "C.UTF-8") == NULL)
			setlocale(LC_CTYPE, "en_US.UTF-8");
		init = 1;
	}
	if (size > 0) {
		ts = data[0] & 0x1f;
		col0 = data[0] >> 5;
	}
	out = malloc(size * 16 + 1);
	if (out == NULL)
		return 0;

	col = col0;
	while ((k = sanitize_next(s, size, off, (unsigned)col, ts, &c)) != 0) {
		if (k != c.src_len || k == 0 || off + k > size)
			abort();
		if (c.len == 0 || c.len >= sizeof c.text ||
		    strlen(c.text) != c.len || c.width == 0)
			abort();
		if (c.escaped && c.width != c.len)
			abort();
		memcpy(out + used, c.text, c.len);
		used += c.len;
		off += k;
		total += k;
		col += c.width;
	}
	if (total != size)
		abort();
	check_safe((unsigned char *)out, used);
	if (col0 == 0 && sanitize_width(s, size, ts) != col)
		abort();

	w = sanitize_str(s, size, (unsigned)(size % 23), small, sizeof small);
	if (w > size % 23 || strlen(small) >= sizeof small)
		abort();
	check_safe((unsigned char *)small, strlen(small));

	free(out);
	return 0;
}
