/*
 * sanitize.c: the one sanitizer for everything tailor draws.
 *
 * Input is any bytes with an explicit length (NUL and invalid UTF-8 are
 * data); output is a sequence of cells (struct scell), each holding the
 * safe UTF-8 text to draw for one source character plus the columns it
 * takes. The rules are in sanitize.h. The module knows nothing of curses:
 * it is pure byte logic, unit-tested and fuzzed on its own.
 *
 * Invariants of every cell produced:
 *   - src_len >= 1 and off + src_len <= n (never reads past n);
 *   - text is NUL-terminated, len = strlen(text) <= 15, width >= 1;
 *   - text is printable ASCII, or valid UTF-8 of code points with
 *     wcwidth() >= 0 that are neither C1 nor bidi controls; escapes are
 *     built from printable ASCII only.
 * A base character absorbs following combining marks (wcwidth 0) while
 * they fit in text; a mark that does not fit, or that has no base, is
 * emitted on its own as <U+XXXX>.
 */
#include "sanitize.h"

#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "xmalloc.h"

static const char sanitize_hex[] = "0123456789abcdef";


/* Is cp a bidi control that could reorder what is drawn after it? */
static int
sanitize_is_bidi(uint32_t cp)
{
	return cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/*
 * Columns for a decoded code point: -1 when it must be escaped, 0 for a
 * combining / zero-width character, else 1 or 2.
 */
static int
sanitize_cpwidth(uint32_t cp)
{
	int	w;

	if (cp < 0xa0 || sanitize_is_bidi(cp))
		return -1;
	w = wcwidth((wchar_t)cp);
	if (w < 0 || w > 2)
		return -1;
	return w;
}

/* Fill c with an escape text of width = its length. */
static void
sanitize_escape(struct scell *c, const char *text, size_t len, size_t src)
{
	memcpy(c->text, text, len);
	c->text[len] = '\0';
	c->len = (uint8_t)len;
	c->width = (uint8_t)len;
	c->escaped = 1;
	c->src_len = (uint32_t)src;
}

/* Fill c with \xNN for byte b. */
static void
sanitize_escape_byte(struct scell *c, unsigned char b, size_t src)
{
	char	t[4];

	t[0] = '\\';
	t[1] = 'x';
	t[2] = sanitize_hex[b >> 4];
	t[3] = sanitize_hex[b & 0xf];
	sanitize_escape(c, t, 4, src);
}

/* Fill c with <U+XXXX> (4 to 6 hex digits) for code point cp. */
static void
sanitize_escape_cp(struct scell *c, uint32_t cp, size_t src)
{
	char	t[12];
	size_t	len = 0;
	int	digits = cp > 0xfffff ? 6 : cp > 0xffff ? 5 : 4, i;

	t[len++] = '<';
	t[len++] = 'U';
	t[len++] = '+';
	for (i = digits - 1; i >= 0; i--)
		t[len++] = "0123456789ABCDEF"[(cp >> (4 * i)) & 0xf];
	t[len++] = '>';
	sanitize_escape(c, t, len, src);
}

/* Decode the next character of s[off..n) at column col into c. */
size_t
sanitize_next(const char *s0, size_t n, size_t off, unsigned col,
    unsigned ts, struct scell *c)
{
	const unsigned char	*s = (const unsigned char *)s0;
	unsigned char		 b;
	uint32_t		 cp;
	size_t			 len, end;
	int			 w;

	if (s == NULL || off >= n)
		return 0;
	b = s[off];
	c->escaped = 0;

	if (b == '\t') {
		if (ts == 0)
			ts = 8;
		if (ts > SANITIZE_TAB_MAX)
			ts = SANITIZE_TAB_MAX;
		w = (int)(ts - col % ts);
		memset(c->text, ' ', (size_t)w);
		c->text[w] = '\0';
		c->len = c->width = (uint8_t)w;
		c->src_len = 1;
		return 1;
	}
	if (b < 0x20 || b == 0x7f) {
		char	t[2] = { '^', (char)(b ^ 0x40) };

		sanitize_escape(c, t, 2, 1);
		return 1;
	}

	if (b < 0x80) {
		c->text[0] = (char)b;
		len = 1;
		w = 1;
	} else {
		len = utf8_decode(s + off, n - off, &cp);
		if (len == 0) {
			sanitize_escape_byte(c, b, 1);
			return 1;
		}
		if (cp <= 0x9f) {
			sanitize_escape_byte(c, (unsigned char)cp, len);
			return len;
		}
		w = sanitize_cpwidth(cp);
		if (w <= 0) {
			/* Unprintable, bidi, or a combining mark with no base. */
			sanitize_escape_cp(c, cp, len);
			return len;
		}
		memcpy(c->text, s + off, len);
	}

	/* Fold following combining marks into this cell while they fit. */
	end = off + len;
	while (end < n && s[end] >= 0x80) {
		size_t	ml = utf8_decode(s + end, n - end, &cp);

		if (ml == 0 || sanitize_cpwidth(cp) != 0)
			break;
		if (len + ml > sizeof c->text - 1)
			break;
		memcpy(c->text + len, s + end, ml);
		len += ml;
		end += ml;
	}
	c->text[len] = '\0';
	c->len = (uint8_t)len;
	c->width = (uint8_t)w;
	c->src_len = (uint32_t)(end - off);
	return c->src_len;
}

/* Columns s[0..n) takes when drawn from column 0. */
size_t
sanitize_width(const char *s, size_t n, unsigned ts)
{
	struct scell	c;
	size_t		off = 0, col = 0, k;

	while ((k = sanitize_next(s, n, off, (unsigned)col, ts, &c)) != 0) {
		off += k;
		col += c.width;
	}
	return col;
}

/* Write a safe rendering of s[0..n), at most maxcols wide, into out. */
size_t
sanitize_str(const char *s, size_t n, unsigned maxcols, char *out,
    size_t outsz)
{
	struct scell	c;
	size_t		off = 0, col = 0, used = 0, k;

	if (outsz == 0)
		return 0;
	while ((k = sanitize_next(s, n, off, (unsigned)col, 8, &c)) != 0) {
		if (col + c.width > maxcols || used + c.len + 1 > outsz)
			break;
		memcpy(out + used, c.text, c.len);
		used += c.len;
		col += c.width;
		off += k;
	}
	out[used] = '\0';
	return col;
}

/* Is byte c plain in a shell word (no quoting needed)? */
static int
sanitize_plain(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || strchr(",._+:@%/=-", c) != NULL;
}

/* A file name quoted for stderr, as GNU tail does (shell-escape style). */
char *
sanitize_quote(const char *name)
{
	size_t		 n = strlen(name), off = 0, i, len = 0, cap;
	struct scell	 c;
	int		 plain = n > 0, inq = 0;
	/* Control bytes with a letter escape, as GNU's $'...' writes them. */
	static const char named[] = "\aa\bb\ff\nn\rr\tt\vv";
	char		*out;

	for (i = 0; i < n; i++)
		if (!sanitize_plain((unsigned char)name[i]) &&
		    (unsigned char)name[i] < 0x80)
			plain = 0;
	/* Bytes >= 0x80 are plain only as printable UTF-8. */
	while (plain && off < n) {
		size_t	k = sanitize_next(name, n, off, 0, 8, &c);

		if (c.escaped)
			plain = 0;
		off += k;
	}
	if (plain)
		return xstrdup(name);
	cap = 3 + n * 8;	/* worst case: every byte as '$'\ooo'' */
	out = xmalloc(cap);
	off = 0;
	while (off < n) {
		size_t			k = sanitize_next(name, n, off, 0, 8, &c);
		unsigned char		b = (unsigned char)name[off];
		int			bad = b < 0x20 || b == 0x7f || c.escaped;

		if (!bad && b == '\'') {
			if (inq)
				out[len++] = '\'';
			memcpy(out + len, "\\'", 2);	/* \' outside quotes */
			len += 2;
			inq = 0;
		} else if (!bad) {
			if (!inq)
				out[len++] = '\'';
			inq = 1;
			memcpy(out + len, name + off, k);
			len += k;
		} else {
			if (inq)
				out[len++] = '\'';
			inq = 0;
			for (i = 0; i < k; i++) {
				const char	*e = strchr(named,
				    name[off + i] != '\0' ? name[off + i] : 'X');

				if (e != NULL)
					len += (size_t)snprintf(out + len,
					    cap - len, "$'\\%c'", e[1]);
				else
					len += (size_t)snprintf(out + len,
					    cap - len, "$'\\%03o'",
					    (unsigned char)name[off + i]);
			}
		}
		off += k;
	}
	if (inq)
		out[len++] = '\'';
	if (len == 0) {
		memcpy(out, "''", 2);
		len = 2;
	}
	out[len] = '\0';
	return out;
}
