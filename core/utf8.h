/* utf8.h: the one strict UTF-8 decoder every module uses. */
#ifndef UTF8_H
#define UTF8_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decode the UTF-8 sequence at s (n > 0 bytes available). Returns its
 * length (1-4) and sets *cp, or 0 when the bytes are not a valid sequence:
 * a stray continuation byte, a bad lead (C0, C1, F5-FF), a truncated
 * sequence, an overlong form, a surrogate, or a code point above U+10FFFF.
 */
size_t	utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);

#endif
