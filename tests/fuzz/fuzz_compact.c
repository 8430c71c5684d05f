/*
 * fuzz_compact.c: the compact renderer stays in bounds, keeps its
 * segments in order, and loses no text.
 *
 * Input: one byte for the pane width, then a record. The record is
 * rendered twice: with the fields auto-detection finds (a record that is
 * no record start must come out as written, CRs before newlines
 * removed), and with fields made up from the input's first bytes (spans
 * anywhere, any format: the renderer must ignore what is out of range).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/parse.h"
#include "tui/compact.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Segments ordered and inside the text. */
static void
check(const struct compact *c)
{
	size_t	i, end = 0;

	if (c->text == NULL || c->text[c->len] != '\0')
		abort();
	for (i = 0; i < c->nsegs; i++) {
		if (c->segs[i].off < end || c->segs[i].len == 0)
			abort();
		end = (size_t)c->segs[i].off + c->segs[i].len;
		if (end > c->len)
			abort();
	}
}

/* The record as written without CRs at line ends. */
static size_t
strip_cr(const char *s, size_t n, char *out)
{
	size_t	i, o = 0;

	for (i = 0; i < n; i++)
		if (!(s[i] == '\r' && (i + 1 == n || s[i + 1] == '\n')))
			out[o++] = s[i];
	return o;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct compact	 c;
	struct parser	 p;
	struct fields	 f;
	char		*rec, *plain;
	size_t		 n, n1, k;
	unsigned	 width;

	if (size < 1)
		return 0;
	width = data[0];
	n = size - 1;
	rec = malloc(n ? n : 1);
	plain = malloc(n ? n : 1);
	memcpy(rec, data + 1, n);
	compact_init(&c);

	parser_init(&p, NULL);
	n1 = 0;
	while (n1 < n && rec[n1] != '\n')
		n1++;
	k = n1 > 0 && rec[n1 - 1] == '\r' ? n1 - 1 : n1;
	parse_line(&p, rec, k, &f);
	compact_render(&c, rec, n, &f, width);
	check(&c);
	if (f.format == FORMAT_NONE &&
	    (strip_cr(rec, n, plain) != c.len || memcmp(plain, c.text, c.len) != 0))
		abort();

	fields_clear(&f);
	if (n >= 12) {
		f.format = (uint8_t)(rec[0] % FORMAT_COUNT);
		f.level = (uint8_t)(rec[1] % (LEVEL_COUNT + 1));
		f.time = rec[2] & 1 ? TIME_UNKNOWN : (int64_t)rec[3] * 1000003;
		f.time_span.off = (uint8_t)rec[4];
		f.time_span.len = (uint8_t)rec[5];
		f.logger.off = (uint8_t)rec[6];
		f.logger.len = (uint8_t)rec[7];
		f.message.off = (uint8_t)rec[8];
		f.message.len = (uint8_t)rec[9];
		f.level_span.off = (uint8_t)rec[10];
		f.level_span.len = (uint8_t)rec[11];
	}
	compact_render(&c, rec, n, &f, width);
	check(&c);

	compact_free(&c);
	free(plain);
	free(rec);
	return 0;
}
