/*
 * fuzz_infer.c: a layout learned from any sample (parsers/infer.c) never
 * crashes, keeps every span inside the line, describes itself in bounds,
 * and gives the same answer twice; infer_feed's re-checks on the same
 * bytes leave a consistent state.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/infer.h"
#include "parsers/parse.h"
#include "fuzz_fields.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parser	 p;
	struct fields	 f, g;
	const char	*s = (const char *)data, *nl;
	size_t		 off = 0, len, dl;
	char		*copy, desc[600];
	int		 r;

	/* Learn from the input as a sample (whole lines: add a newline). */
	copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\n';
	parser_init(&p, NULL);
	infer_learn(&p, copy, size + 1);
	free(copy);
	dl = infer_describe(&p.inf, desc, sizeof desc);
	if (dl >= sizeof desc || strlen(desc) != dl)
		abort();
	if (p.inf.active && (p.inf.nslots == 0 || p.inf.nslots > INFER_SLOTS))
		abort();
	/* Then each line in an exact-size copy, through the learned layout. */
	while (off < size) {
		nl = memchr(s + off, '\n', size - off);
		len = nl ? (size_t)(nl - (s + off)) : size - off;
		copy = malloc(len ? len : 1);
		memcpy(copy, s + off, len);
		if (p.inf.active && (r = infer_match(&p.inf, copy, len, p.year,
		    &f)) != 0) {
			check_fields(&f, len);
			if (f.format != FORMAT_LEARNED)
				abort();
			if (infer_match(&p.inf, copy, len, p.year, &g) != r ||
			    !same(&f, &g))
				abort();
		}
		if (detect_line(&p, copy, len, &f))
			check_fields(&f, len);
		free(copy);
		off += len + 1;
	}
	/* infer_feed twice over the same bytes: looks, then waits. */
	parser_init(&p, NULL);
	infer_feed(&p, s, size);
	infer_feed(&p, s, size);
	if (p.inf.fed != 2 * (uint64_t)size)
		abort();
	return 0;
}
