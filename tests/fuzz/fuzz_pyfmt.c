/*
 * fuzz_pyfmt.c: the Formatter compiler and its parser on arbitrary input.
 *
 * The input is a format string up to the first NUL, then one line. The
 * first byte after the NUL (if any) picks the style (% { $ or guess) and
 * whether the default datefmt or a fixed strftime one is used. Asserts: no
 * crash, a refusal always has a cause, and every span filled in
 * lies inside the line. The line is copied to an exact-size heap buffer so
 * ASan catches any read past its end.
 */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/pyfmt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Assert that a span lies inside a line of len bytes. */
static void
fuzz_span(struct span sp, size_t len)
{
	assert(sp.off <= len && sp.len <= len - sp.off);
}

/* One input: format NUL [selector] line. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const int	 styles[] = { 0, '%', '{', '$' };
	static const char *const datefmts[] = {
		NULL, "%d/%b/%Y:%H:%M:%S", "%a %d %B %Y %I:%M:%S %p %z",
		"%y.%j %e %k %l %s %f %Z %c"
	};
	const uint8_t	*nul = memchr(data, 0, size);
	char		*fmt, *cause = NULL, *line;
	size_t		 flen, len;
	unsigned	 sel = 0;
	struct pyfmt	*p;
	struct fields	 f;

	flen = nul != NULL ? (size_t)(nul - data) : size;
	fmt = malloc(flen + 1);
	memcpy(fmt, data, flen);
	fmt[flen] = '\0';
	data += flen;
	size -= flen;
	if (size > 0) {		/* the NUL */
		data++;
		size--;
	}
	if (size > 0) {
		sel = data[0];
		data++;
		size--;
	}
	p = pyfmt_compile(fmt, styles[sel & 3], datefmts[(sel >> 2) & 3],
	    &cause);
	if (p == NULL) {
		assert(cause != NULL);
		free(cause);
		free(fmt);
		return 0;
	}
	assert(cause == NULL);
	len = size;
	line = malloc(len > 0 ? len : 1);
	memcpy(line, data, len);
	if (pyfmt_parse(p, line, len, &f)) {
		assert(f.format == FORMAT_USER);
		fuzz_span(f.time_span, len);
		fuzz_span(f.level_span, len);
		fuzz_span(f.logger, len);
		fuzz_span(f.message, len);
	} else
		assert(f.format == FORMAT_NONE);
	free(line);
	pyfmt_free(p);
	free(fmt);
	return 0;
}
