/* fuzz_logfmt.c: logfmt scanning terminates and stays in bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/logfmt.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fields		 f;
	struct logfmt_pair	 kv;
	char			*copy = malloc(size ? size : 1);
	size_t			 pos = 0, last;

	memcpy(copy, data, size);
	for (;;) {
		last = pos;
		if (logfmt_next(copy, size, &pos, &kv) != 1)
			break;
		if (pos <= last || pos > size ||
		    (size_t)kv.key.off + kv.key.len > size ||
		    (size_t)kv.val.off + kv.val.len > size)
			abort();
	}
	if (logfmt_fields(copy, size, &f)) {
		if ((size_t)f.logger.off + f.logger.len > size ||
		    (size_t)f.message.off + f.message.len > size)
			abort();
	}
	free(copy);
	return 0;
}
