/*
 * fuzz_layouts.c: the layout recognizers (parsers/layouts.c, access.c,
 * levels.c, xtime.c) never crash, never read past the line (each line is
 * an exact-size copy), keep every span inside it, and decide alike twice:
 * a line fed to a fresh parser in the same state gets the same fields.
 * Lines are fed in order to one parser, so the layouts that depend on the
 * line before (java.util.logging, bare lines after access lines) run too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/access.h"
#include "parsers/layouts.h"
#include "parsers/levels.h"
#include "parsers/parse.h"
#include "parsers/xtime.h"
#include "fuzz_fields.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The matchers called directly, at every position they take. */
static void
direct(const char *s, size_t n)
{
	struct fields	f;
	int64_t		ms;
	char		out[64];
	uint16_t	map[64];
	size_t		i, k, used;

	fields_clear(&f);
	if (access_line(s, n, &f))
		check_fields(&f, n);
	fields_clear(&f);
	if (n > 0 && access_apache_error(s, n, &f))
		check_fields(&f, n);
	for (i = 0; i < n && i < 48; i++) {
		fields_clear(&f);
		if (access_nginx_tail(s, n, i, &f))
			check_fields(&f, n);
		fields_clear(&f);
		if (layouts_btime(s, n, i, &f) == LAYOUT_REC)
			check_fields(&f, n);
		fields_clear(&f);
		if (layouts_btime_inner(s, n, i, &f) == LAYOUT_REC)
			check_fields(&f, n);
		fields_clear(&f);
		if (layouts_dotted(s, n, i, &f) == LAYOUT_REC)
			check_fields(&f, n);
		if (layouts_prog_end(s, n, i) > n)
			abort();
	}
	if (xtime_slash(s, n, &ms) > n || xtime_dmy(s, n, &ms) > n ||
	    xtime_dmy_dash(s, n, &ms) > n || xtime_jul(s, n, &ms) > n ||
	    xtime_yymmdd(s, n, &ms) > n || xtime_hms(s, n, &ms) > n ||
	    xtime_kitchen(s, n, &ms) > n || xtime_iso_padded(s, n, &ms) > n)
		abort();
	k = levels_strip_ansi(s, n, out, map, sizeof out, &used);
	if (k > sizeof out || used > n)
		abort();
	for (i = 0; i < k; i++)
		if (map[i] >= n || (i > 0 && map[i] <= map[i - 1]) ||
		    out[i] != s[map[i]])
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct parser	 p, q;
	struct fields	 f, g;
	const char	*s = (const char *)data, *nl;
	size_t		 off = 0, len;
	char		*copy;
	int		 r;

	parser_init(&p, NULL);
	while (off < size) {
		nl = memchr(s + off, '\n', size - off);
		len = nl ? (size_t)(nl - (s + off)) : size - off;
		copy = malloc(len ? len : 1);
		memcpy(copy, s + off, len);
		q = p;
		r = detect_line(&p, copy, len, &f);
		if (r) {
			check_fields(&f, len);
			if (f.format == FORMAT_NONE)
				abort();
		} else if (f.format != FORMAT_NONE)
			abort();
		if (p.amend >= LEVEL_COUNT || p.amend < -1)
			abort();
		/* the same line in the same state: the same answer */
		if (detect_line(&q, copy, len, &g) != r || (r && !same(&f, &g)))
			abort();
		p.amend = -1;
		direct(copy, len);
		free(copy);
		off += len + 1;
	}
	return 0;
}
