/*
 * scan.h: finding one byte in a short stretch, fast.
 *
 * memchr is the fastest over long runs but costs a call and its set-up on
 * every use; the parsers look for a quote or a blank a few bytes away on
 * every line. scan_byte reads the first stretch eight bytes at a time (a
 * word xor the byte has a zero byte where it matches: the has-zero-byte
 * trick) and hands longer runs to memchr. scan_quote_end finds the end
 * of a quoted string (JSON, logfmt) with it.
 */
#ifndef SCAN_H
#define SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define SCAN_WORDS	4	/* words looked at before memchr takes over */

/* Index of the first c in s[i, n), or n. */
static inline size_t
scan_byte(const char *s, size_t i, size_t n, char c)
{
	const char	*q;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const uint64_t	 ones = 0x0101010101010101ULL;
	uint64_t	 w, m;
	int		 k;

	for (k = 0; k < SCAN_WORDS && i + 8 <= n; k++, i += 8) {
		memcpy(&w, s + i, 8);
		w ^= ones * (unsigned char)c;
		m = (w - ones) & ~w & (ones * 0x80);
		if (m != 0)
			return i + ((size_t)__builtin_ctzll(m) >> 3);
	}
#endif
	if (i >= n)
		return n;
	q = memchr(s + i, c, n - i);
	return q != NULL ? (size_t)(q - s) : n;
}

/*
 * Index of the closing '"' of a quoted string whose content starts at
 * from (after the opening quote): the first quote not escaped by an odd
 * run of backslashes since from. n when there is none.
 */
static inline size_t
scan_quote_end(const char *s, size_t from, size_t n)
{
	size_t	i = from, b;

	for (;; i++) {
		if ((i = scan_byte(s, i, n, '"')) >= n)
			return n;
		for (b = i; b > from && s[b - 1] == '\\'; b--)
			;
		if (((i - b) & 1) == 0)
			return i;
	}
}

/* Do a and b hold the same n bytes, ASCII letters compared without case? */
static inline int
scan_ieq(const char *a, const char *b, size_t n)
{
	size_t	i;
	int	x, y;

	for (i = 0; i < n; i++) {
		x = (unsigned char)a[i];
		y = (unsigned char)b[i];
		if (x >= 'A' && x <= 'Z')
			x += 32;
		if (y >= 'A' && y <= 'Z')
			y += 32;
		if (x != y)
			return 0;
	}
	return 1;
}

#endif
