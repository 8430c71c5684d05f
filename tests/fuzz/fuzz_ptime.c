/*
 * fuzz_ptime.c: every timestamp parser stays inside its input, and the
 * memoised ISO parser answers exactly as ptime_iso does, line after line
 * (the input is cut at newlines; one memo serves them all, as in a file).
 */
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
	{
		struct ptime_cache	 c;
		const char		*p = copy, *e = copy + size, *nl;
		int64_t			 a, b;
		size_t			 ra, rb;

		memset(&c, 0, sizeof c);
		while (p < e) {
			nl = memchr(p, '\n', (size_t)(e - p));
			n = nl != NULL ? (size_t)(nl - p) : (size_t)(e - p);
			a = b = 0;
			ra = ptime_iso(p, n, &a);
			rb = ptime_iso_cached(&c, p, n, &b);
			if (ra != rb || (ra != 0 && a != b))
				abort();
			p += n + 1;
		}
	}
	free(copy);
	return 0;
}
