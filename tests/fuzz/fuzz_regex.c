/*
 * fuzz_regex.c: libFuzzer target for filters/regex.c.
 *
 * Input: one byte choosing the case mode, then the pattern up to the first
 * newline (cut at a NUL: patterns are C strings), then the subject (any
 * bytes). The pattern is compiled (errors are fine: the cause must be set);
 * then regex_match and a regex_find walk over the subject must not crash,
 * every span must lie inside the subject at or after `from`, and
 * regex_match must agree with regex_find from 0 when neither hit a limit.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "filters/regex.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One input: compile, match, find every match. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*nl;
	char		*pattern, *cause = NULL, *subj;
	struct regex	*re;
	size_t		 plen, n, from, st, ln, steps;
	int		 mode, rm, rf;

	if (size < 1)
		return 0;
	mode = data[0] % 3;
	data++, size--;
	nl = memchr(data, '\n', size);
	plen = nl != NULL ? (size_t)(nl - data) : size;
	pattern = malloc(plen + 1);
	memcpy(pattern, data, plen);
	pattern[plen] = '\0';
	n = nl != NULL ? size - plen - 1 : 0;
	/* A heap copy of exactly n bytes, so ASan sees any overread. */
	subj = malloc(n > 0 ? n : 1);
	if (n > 0)
		memcpy(subj, nl + 1, n);

	re = regex_compile(pattern, (enum regex_case)mode, &cause);
	if (re == NULL) {
		if (cause == NULL)
			abort();
		free(cause);
		goto out;
	}
	if (strcmp(regex_pattern(re), pattern) != 0)
		abort();
	rm = regex_match(re, subj, n);
	if (rm != REGEX_MATCH && rm != REGEX_NOMATCH && rm != REGEX_LIMIT)
		abort();
	from = 0;
	for (steps = 0; steps < 64 && from <= n; steps++) {
		rf = regex_find(re, subj, n, from, &st, &ln);
		if (steps == 0 && rm != REGEX_LIMIT && rf != REGEX_LIMIT &&
		    rm != rf)
			abort();
		if (rf != REGEX_MATCH)
			break;
		if (st < from || st > n || ln > n - st)
			abort();
		from = st + (ln > 0 ? ln : 1);
	}
	/* Past the end is never a match. */
	if (regex_find(re, subj, n, n + 1, &st, &ln) != REGEX_NOMATCH)
		abort();
	regex_free(re);
out:
	free(subj);
	free(pattern);
	return 0;
}
