/* fuzz_ptime.c: every timestamp parser stays inside its input. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/ptime.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*copy = malloc(size ? size : 1), buf[32];
	int64_t	 ms;
	size_t	 n;

	memcpy(copy, data, size);
	if (ptime_iso(copy, size, &ms) > size ||
	    ptime_log4j(copy, size, &ms) > size ||
	    ptime_syslog(copy, size, 2024, &ms) > size ||
	    ptime_logcat(copy, size, 2024, &ms) > size ||
	    ptime_clf(copy, size, &ms) > size ||
	    ptime_epoch(copy, size, &ms) > size)
		abort();
	if ((n = ptime_any(copy, size, 2024, &ms)) > size)
		abort();
	if (n > 0 && ptime_format_iso(ms, buf, sizeof buf) >= sizeof buf)
		abort();
	free(copy);
	return 0;
}
