/*
 * fuzz_prefilter.c: libFuzzer target comparing regex.c's prefiltered
 * search (filters/prefilter.c) with plain PCRE2.
 *
 * Input: one byte (bit 0: caseless), then the pattern up to the first
 * newline (cut at a NUL), then the subject (any bytes). A pattern PCRE2
 * refuses is skipped. The reference is PCRE2 (JIT) compiled with the
 * options regex.c documents; the walk of regex_find over the subject
 * (each match, then on from its end, or one byte on after an empty one)
 * must give the same spans, and regex_match the same answer, unless
 * either side hit a limit. The prefilter's own promise is checked too:
 * every reference match contains one of its literals.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/utf8.h"
#include "filters/prefilter.h"
#include "filters/regex.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Is [s, s+n) valid UTF-8? */
static int
valid_utf8(const char *s, size_t n)
{
	size_t		i = 0, l;
	uint32_t	cp;

	while (i < n) {
		if ((l = utf8_decode((const unsigned char *)s + i, n - i, &cp)) == 0)
			return 0;
		i += l;
	}
	return 1;
}

/* One reference search: REGEX_MATCH (span set), _NOMATCH or _LIMIT. */
static int
ref_find(pcre2_code *code, pcre2_match_data *md, pcre2_match_context *mc,
    const char *s, size_t n, size_t from, size_t *st, size_t *ln)
{
	PCRE2_SIZE	*ov;
	int		 rc;

	rc = pcre2_match(code, (PCRE2_SPTR)s, n, from, 0, md, mc);
	if (rc == PCRE2_ERROR_NOMATCH)
		return REGEX_NOMATCH;
	if (rc < 0)
		return REGEX_LIMIT;
	ov = pcre2_get_ovector_pointer(md);
	*st = ov[0] > n ? n : ov[0];
	*ln = (ov[1] > *st && ov[1] <= n) ? ov[1] - *st : 0;
	return REGEX_MATCH;
}

/* One input: compare the prefiltered walk with the plain one. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t		*nl;
	char			*pattern, *cause = NULL, *subj;
	struct regex		*re;
	struct prefilter	*pf = NULL;
	pcre2_code		*code = NULL;
	pcre2_match_data	*md = NULL;
	pcre2_match_context	*mc = NULL;
	uint32_t		 opts = PCRE2_NEVER_BACKSLASH_C;
	size_t			 plen, n, from, a_st = 0, a_ln = 0, b_st = 0;
	size_t			 b_ln = 0, steps;
	int			 icase, a, b, err, utf;
	PCRE2_SIZE		 off;

	if (size < 1)
		return 0;
	icase = data[0] & 1;
	data++, size--;
	nl = memchr(data, '\n', size);
	plen = nl != NULL ? (size_t)(nl - data) : size;
	pattern = malloc(plen + 1);
	memcpy(pattern, data, plen);
	pattern[plen] = '\0';
	plen = strlen(pattern);
	n = nl != NULL ? size - (size_t)(nl - data) - 1 : 0;
	/* A heap copy of exactly n bytes, so ASan sees any overread. */
	subj = malloc(n > 0 ? n : 1);
	if (n > 0)
		memcpy(subj, nl + 1, n);

	re = regex_compile(pattern, icase ? REGEX_ICASE : REGEX_CASE, &cause);
	if (re == NULL) {
		free(cause);
		goto out;
	}
	utf = valid_utf8(pattern, plen);
	if (utf)
		opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
	if (icase)
		opts |= PCRE2_CASELESS;
	code = pcre2_compile((PCRE2_SPTR)pattern, plen, opts, &err, &off, NULL);
	if (code == NULL)
		abort();	/* regex.c compiled it with the same options */
	(void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
	md = pcre2_match_data_create_from_pattern(code, NULL);
	mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(mc, 1000000);
	pcre2_set_depth_limit(mc, 100000);
	pf = strstr(pattern, "\\K") == NULL ?
	    prefilter_build(pattern, plen, utf, icase) : NULL;

	a = regex_match(re, subj, n);
	b = ref_find(code, md, mc, subj, n, 0, &b_st, &b_ln);
	if (a != REGEX_LIMIT && b != REGEX_LIMIT && a != b)
		abort();
	from = 0;
	for (steps = 0; steps < 256 && from <= n; steps++) {
		a = regex_find(re, subj, n, from, &a_st, &a_ln);
		b = ref_find(code, md, mc, subj, n, from, &b_st, &b_ln);
		if (a == REGEX_LIMIT || b == REGEX_LIMIT)
			break;
		if (a != b || (a == REGEX_MATCH && (a_st != b_st || a_ln != b_ln)))
			abort();
		if (a == REGEX_NOMATCH)
			break;
		/* The promise: a match holds one of the literals. */
		if (pf != NULL && prefilter_find(pf, subj + b_st, b_ln, 0,
		    NULL) < 0)
			abort();
		from = a_st + (a_ln > 0 ? a_ln : 1);
	}
out:
	prefilter_free(pf);
	if (mc != NULL)
		pcre2_match_context_free(mc);
	if (md != NULL)
		pcre2_match_data_free(md);
	if (code != NULL)
		pcre2_code_free(code);
	regex_free(re);
	free(subj);
	free(pattern);
	return 0;
}
