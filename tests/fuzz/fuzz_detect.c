/* fuzz_detect.c: detect_line never crashes and keeps spans inside the line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/parse.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* A span lies inside [0, len). */
static void
check(struct span sp, size_t len)
{
	if ((size_t)sp.off + sp.len > len)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parser	 p;
	struct fields	 f;
	const char	*s = (const char *)data, *nl;
	size_t		 off = 0, len;
	char		*copy;

	parser_init(&p, NULL);
	/* Each line, then the whole input as one line (exact-size copy). */
	while (off < size) {
		nl = memchr(s + off, '\n', size - off);
		len = nl ? (size_t)(nl - (s + off)) : size - off;
		copy = malloc(len ? len : 1);
		memcpy(copy, s + off, len);
		if (detect_line(&p, copy, len, &f)) {
			check(f.logger, len);
			check(f.message, len);
			check(f.level_span, len);
			check(f.time_span, len);
			if (f.format == FORMAT_NONE || f.level >= LEVEL_COUNT)
				abort();
		} else if (f.format != FORMAT_NONE)
			abort();
		free(copy);
		off += len + 1;
	}
	copy = malloc(size ? size : 1);
	memcpy(copy, data, size);
	if (detect_line(&p, copy, size, &f)) {
		check(f.logger, size);
		check(f.message, size);
	}
	free(copy);
	return 0;
}
