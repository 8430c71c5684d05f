/* sanitize.h: turn arbitrary bytes into cells that are safe to draw. */
#ifndef SANITIZE_H
#define SANITIZE_H

#include <stddef.h>
#include <stdint.h>

/*
 * What reaches the terminal from any string of bytes (log text, file names,
 * logger names, titles, prompts):
 *
 *   - printable ASCII and printable UTF-8 as themselves; wide characters
 *     (wcwidth 2) take two columns; combining marks (wcwidth 0) are folded
 *     into the cell of the character before them;
 *   - TAB as spaces up to the next tab stop (escaped = 0);
 *   - C0 controls, DEL and ESC in caret notation: ^@ ^A ... ^[ ... ^_ ^?;
 *   - C1 controls, raw (a byte 0x80-0x9f that is not part of valid UTF-8)
 *     or UTF-8 encoded (U+0080-U+009F), as \x80 ... \x9f;
 *   - invalid UTF-8 (bad lead byte, stray continuation, truncated
 *     sequence, overlong form, surrogate, above U+10FFFF) as \xNN, one byte
 *     at a time;
 *   - bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069),
 *     a combining mark with no base, and any other code point wcwidth()
 *     calls unprintable as <U+XXXX>.
 *
 * Output guarantee: the concatenation of scell.text is valid UTF-8 and
 * holds no byte 0x00-0x1f or 0x7f, no C1 code point and no bidi control.
 * The column counts use wcwidth(), so the process must have called
 * setlocale(LC_CTYPE or LC_ALL, ...) with a UTF-8 locale; under a non-UTF-8
 * locale every non-ASCII character is shown as <U+XXXX> (still safe).
 */

#define SANITIZE_TAB_MAX 15	/* tab stops wider than this are clamped */

/* One display cell group: what to draw for one source character. */
struct scell {
	char		text[16];	/* UTF-8 bytes to draw (NUL-terminated), always safe */
	uint8_t		len;		/* bytes in text */
	uint8_t		width;		/* columns it takes (0 only for nothing) */
	uint8_t		escaped;	/* 1 when text is an escape shown for an unsafe byte (draw dimmed) */
	uint32_t	src_len;	/* source bytes consumed */
};

/*
 * Decode the next character of s[off..n) at display column col (for tabs)
 * with tab stop ts (0 means 8; more than SANITIZE_TAB_MAX is clamped).
 * Returns 0 at end, else fills *c and returns c->src_len (always >= 1).
 */
size_t	sanitize_next(const char *s, size_t n, size_t off, unsigned col,
	    unsigned ts, struct scell *c);
/* Columns s[0..n) takes when drawn from column 0. */
size_t	sanitize_width(const char *s, size_t n, unsigned ts);
/*
 * Write a safe, width-limited rendering of s[0..n) into out (NUL-terminated,
 * at most outsz-1 bytes, never cutting a character, an escape or a wide
 * character at maxcols); tabs expand with stops of 8. Returns the columns
 * used. For titles, names, prompts, messages.
 */
size_t	sanitize_str(const char *s, size_t n, unsigned maxcols, char *out,
	    size_t outsz);

/*
 * A file name quoted for a diagnostic on stderr, as GNU tail quotes it
 * (shell-escape style): returned as is when every character is plain,
 * else between single quotes, with each control byte, invalid UTF-8 byte
 * or unsafe code point as $'\ooo' outside them ('a'$'\033''[2J'). The
 * result (xmalloc'd) never holds a control byte.
 */
char	*sanitize_quote(const char *name);
#endif
