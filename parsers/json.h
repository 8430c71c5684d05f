/* json.h: JSON-lines field extraction for detection, and JSON string output. */
#ifndef JSON_H
#define JSON_H

#include <stddef.h>

#include "record.h"

/*
 * Look at a line holding one JSON object and fill *f with the level,
 * logger, message and time found under the usual keys (python-json-logger,
 * structlog, loguru, Bunyan, pino, zap, ECS, log4j2). Spans point into the
 * line: for a string value, the raw bytes between the quotes (escapes not
 * decoded). *exc (may be NULL) receives the exception text (exc_info,
 * exception, stack, stack_trace, exc_text). Returns 1 when the line is an
 * object with at least one of a level, message or time key, else 0 (*f is
 * then unspecified). f->format is set to FORMAT_JSON.
 */
int	json_fields(const char *line, size_t len, struct fields *f,
	    struct span *exc);

/*
 * Append a JSON string literal (quotes included) holding the bytes s[0..n)
 * to the growing buffer *buf (*len used, *size allocated; grown with
 * xrealloc, may start NULL/0/0). Valid UTF-8 is copied as is (U+2028 and
 * U+2029 escaped); control characters are escaped (\n, \t, \r, \b, \f,
 * else \u00XX); every byte that is not part of a valid UTF-8 sequence
 * (stray continuation, truncated or overlong sequence, surrogate, above
 * U+10FFFF) is written as \u00XX with XX its value, i.e. read as Latin-1:
 * the output is always valid JSON and valid UTF-8 and the byte stays
 * visible (0xff -> "\u00ff"). The terminator is not written.
 */
void	json_escape(char **buf, size_t *len, size_t *size, const char *s,
	    size_t n);
/*
 * The same without the quotes. Escaping is per character, so the bodies
 * of a and b (cut after an ASCII byte) put together are the body of ab.
 */
void	json_escape_body(char **buf, size_t *len, size_t *size, const char *s,
	    size_t n);

/* Decode the UTF-8 sequence at s (n bytes left): its length, or 0 if invalid. */
size_t	json_utf8_len(const unsigned char *s, size_t n);

#endif
