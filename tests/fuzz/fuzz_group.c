/*
 * fuzz_group.c: libFuzzer target for parsers/group.c (lines into records).
 *
 * Input: byte 0 seeds the chunking, byte 1 gives the length (1..4) of a
 * literal taken from the next bytes, the rest is the text (a final '\n' is
 * added when missing: a source only hands over whole lines).
 *
 * Properties checked (abort() on any violation):
 *  - feeding the text in one group_feed call, one line per call, or in
 *    random whole-line chunks gives exactly the same records (text, line
 *    number, line count, virtual offset, fields); each chunk is an exact
 *    size heap copy that is overwritten and freed right after the call, so
 *    ASan sees a group that keeps a pointer into its caller's buffer;
 *  - every record's spans lie inside its text, its text has no CR before a
 *    '\n' nor a trailing '\n', its virtual offset points at the first
 *    line's bytes in the input;
 *  - group_feed_sparse (same chunking, count_lines on) with a find callback
 *    for the literal emits every record that group_feed emits whose text
 *    contains the literal, identical (text, line, nlines, voff, level), and
 *    only records that group_feed emits too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parsers/group.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* One emitted record, copied. */
struct frec {
	struct grec	 r;
	char		*text;
};

struct sink {
	struct frec	*v;
	size_t		 n, size;
	const char	*in;		/* the whole input, for voff checks */
	size_t		 inlen;
};

/* A span lies inside the record's first line. */
static void
check_span(struct span sp, size_t len)
{
	if ((uint64_t)sp.off + sp.len > len)
		abort();
}

/* Record emitted: check it and keep a copy. */
static void
sink_emit(void *arg, const struct grec *r)
{
	struct sink	*s = arg;
	struct frec	*fr;
	const char	*nl;
	size_t		 first, i;

	if (r->len > 0 && r->text == NULL)
		abort();
	if (r->nlines == 0 || r->line == 0)
		abort();
	if (r->voff > s->inlen || r->len > s->inlen)
		abort();
	/* The first line's bytes are in the input at voff (CR dropped). */
	nl = r->len ? memchr(r->text, '\n', r->len) : NULL;
	first = nl ? (size_t)(nl - r->text) : r->len;
	if (r->voff + first > s->inlen ||
	    memcmp(s->in + r->voff, r->text, first) != 0)
		abort();
	/* nlines lines joined by '\n'. */
	for (nl = r->text, i = 0; r->len && (nl = memchr(nl, '\n',
	    r->len - (size_t)(nl - r->text))) != NULL; nl++)
		i++;
	if (i + 1 != r->nlines)
		abort();
	check_span(r->f.logger, first);
	check_span(r->f.message, first);
	check_span(r->f.level_span, first);
	check_span(r->f.time_span, first);
	if (r->f.level >= LEVEL_COUNT || r->f.format >= FORMAT_COUNT)
		abort();
	if (s->n == s->size) {
		s->size = s->size ? s->size * 2 : 16;
		s->v = realloc(s->v, s->size * sizeof *s->v);
		if (s->v == NULL)
			abort();
	}
	fr = &s->v[s->n++];
	fr->r = *r;
	fr->text = malloc(r->len ? r->len : 1);
	if (fr->text == NULL)
		abort();
	if (r->len)
		memcpy(fr->text, r->text, r->len);
	fr->r.text = fr->text;
}

static void
sink_free(struct sink *s)
{
	size_t	i;

	for (i = 0; i < s->n; i++)
		free(s->v[i].text);
	free(s->v);
	memset(s, 0, sizeof *s);
}

/* Same record (fields included when `all`). */
static int
frec_eq(const struct frec *a, const struct frec *b, int all)
{
	if (a->r.len != b->r.len || memcmp(a->text, b->text, a->r.len) != 0 ||
	    a->r.line != b->r.line || a->r.nlines != b->r.nlines ||
	    a->r.voff != b->r.voff || a->r.f.level != b->r.f.level)
		return 0;
	if (!all)
		return 1;
	return a->r.cont == b->r.cont && a->r.f.format == b->r.f.format &&
	    a->r.f.time == b->r.f.time &&
	    memcmp(&a->r.f.logger, &b->r.f.logger, sizeof a->r.f.logger) == 0 &&
	    memcmp(&a->r.f.message, &b->r.f.message, sizeof a->r.f.message) == 0 &&
	    memcmp(&a->r.f.level_span, &b->r.f.level_span, sizeof a->r.f.level_span) == 0 &&
	    memcmp(&a->r.f.time_span, &b->r.f.time_span, sizeof a->r.f.time_span) == 0;
}

struct literal {
	const char	*p;
	size_t		 len;
};

/* find callback: memmem of the literal. */
static int
find_literal(void *arg, const char *buf, size_t len, size_t from, size_t *hit)
{
	struct literal	*l = arg;
	const char	*p;

	if (from > len)
		abort();
	p = memmem(buf + from, len - from, l->p, l->len);
	if (p == NULL)
		return 0;
	*hit = (size_t)(p - buf);
	return 1;
}

/* Chunk ends for one mode: 0 = whole, 1 = per line, 2 = random. */
static size_t
next_cut(const char *in, size_t len, size_t at, int mode, uint32_t *rng)
{
	const char	*nl;
	size_t		 end;

	if (mode == 0)
		return len;
	for (;;) {
		nl = memchr(in + at, '\n', len - at);
		end = (size_t)(nl - in) + 1;	/* input ends with '\n' */
		if (mode == 1 || end == len)
			return end;
		*rng = *rng * 1103515245u + 12345u;
		if ((*rng >> 16) % 4 == 0)
			return end;
		at = end;
	}
}

/* Feed the input in the chunking of `mode`, dense or sparse; flush at the end. */
static void
run(struct sink *s, const char *in, size_t len, int mode, uint32_t seed,
    struct literal *lit)
{
	struct group	 g;
	size_t		 at = 0, end;
	uint32_t	 rng = seed;
	char		*copy;

	s->in = in;
	s->inlen = len;
	group_init(&g, NULL, sink_emit, s);
	while (at < len) {
		end = next_cut(in, len, at, mode, &rng);
		copy = malloc(end - at);
		if (copy == NULL)
			abort();
		memcpy(copy, in + at, end - at);
		if (lit != NULL)
			group_feed_sparse(&g, copy, end - at, at, find_literal, lit, 1);
		else
			group_feed(&g, copy, end - at, at);
		memset(copy, 'X', end - at);	/* the group must not keep it */
		free(copy);
		at = end;
	}
	group_flush(&g);
	group_free(&g);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sink	 ref, s;
	struct literal	 lit;
	char		*in;
	size_t		 len, i, j, litlen;
	uint32_t	 seed;
	int		 mode;

	if (size < 3)
		return 0;
	seed = data[0];
	litlen = (size_t)(data[1] % 4) + 1;
	if (size < 2 + litlen)
		return 0;
	lit.p = (const char *)data + 2;
	lit.len = litlen;
	data += 2 + litlen;
	size -= 2 + litlen;
	if (size == 0)
		return 0;
	len = size + (data[size - 1] != '\n');
	in = malloc(len);
	memcpy(in, data, size);
	in[len - 1] = '\n';

	memset(&ref, 0, sizeof ref);
	run(&ref, in, len, 0, seed, NULL);
	for (mode = 1; mode <= 2; mode++) {
		memset(&s, 0, sizeof s);
		run(&s, in, len, mode, seed, NULL);
		if (s.n != ref.n)
			abort();
		for (i = 0; i < s.n; i++)
			if (!frec_eq(&s.v[i], &ref.v[i], 1))
				abort();
		sink_free(&s);
	}

	/* Sparse: only when the literal is one line's bytes (no CR, no LF). */
	if (memchr(lit.p, '\n', lit.len) == NULL &&
	    memchr(lit.p, '\r', lit.len) == NULL) {
		for (mode = 0; mode <= 2; mode++) {
			memset(&s, 0, sizeof s);
			run(&s, in, len, mode, seed, &lit);
			/* Every dense record holding the literal is emitted, the same. */
			for (i = 0, j = 0; i < ref.n; i++) {
				if (memmem(ref.v[i].text, ref.v[i].r.len, lit.p,
				    lit.len) == NULL)
					continue;
				while (j < s.n && s.v[j].r.voff < ref.v[i].r.voff)
					j++;
				if (j == s.n || !frec_eq(&s.v[j], &ref.v[i], 0))
					abort();
			}
			/* Nothing emitted that group_feed did not emit. */
			for (i = 0, j = 0; i < s.n; i++) {
				while (j < ref.n && ref.v[j].r.voff < s.v[i].r.voff)
					j++;
				if (j == ref.n || !frec_eq(&s.v[i], &ref.v[j], 0))
					abort();
			}
			sink_free(&s);
		}
	}
	sink_free(&ref);
	free(in);
	return 0;
}
