/* fuzz_json.c: json_fields stays in bounds; json_escape output is valid UTF-8. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/json.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fields	 f;
	struct span	 exc;
	char		*copy = malloc(size ? size : 1), *buf = NULL;
	size_t		 len = 0, cap = 0, i, k;

	memcpy(copy, data, size);
	if (json_fields(copy, size, &f, &exc)) {
		if ((size_t)f.logger.off + f.logger.len > size ||
		    (size_t)f.message.off + f.message.len > size ||
		    (size_t)f.level_span.off + f.level_span.len > size ||
		    (size_t)f.time_span.off + f.time_span.len > size ||
		    (size_t)exc.off + exc.len > size)
			abort();
	}
	json_escape(&buf, &len, &cap, copy, size);
	if (len < 2 || buf[0] != '"' || buf[len - 1] != '"')
		abort();
	for (i = 0; i < len; i += k) {
		if ((unsigned char)buf[i] < 0x20)
			abort();
		k = json_utf8_len((const unsigned char *)buf + i, len - i);
		if (k == 0)
			abort();
	}
	free(buf);
	free(copy);
	return 0;
}
