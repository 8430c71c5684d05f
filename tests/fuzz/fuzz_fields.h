/*
 * fuzz_fields.h: the checks the parser fuzz targets (fuzz_infer.c,
 * fuzz_layouts.c) make of a struct fields: every span inside the line, a
 * sane level and format, and two answers compared field by field.
 */
#ifndef FUZZ_FIELDS_H
#define FUZZ_FIELDS_H

#include <stdlib.h>

#include "parsers/level.h"
#include "parsers/record.h"

/* A span lies inside [0, len). */
static inline void
fuzz_span(struct span sp, size_t len)
{
	if ((size_t)sp.off + sp.len > len)
		abort();
}

/* Every span of f inside [0, len), and a sane level and format. */
static inline void
check_fields(const struct fields *f, size_t len)
{
	fuzz_span(f->logger, len);
	fuzz_span(f->message, len);
	fuzz_span(f->level_span, len);
	fuzz_span(f->time_span, len);
	if (f->level >= LEVEL_COUNT || f->format >= FORMAT_COUNT)
		abort();
}

/* Two descriptions of a line agree (field by field: no padding compared). */
static inline int
same(const struct fields *a, const struct fields *b)
{
	return a->time == b->time && a->level == b->level &&
	    a->format == b->format && a->logger.off == b->logger.off &&
	    a->logger.len == b->logger.len && a->message.off == b->message.off &&
	    a->message.len == b->message.len &&
	    a->level_span.off == b->level_span.off &&
	    a->level_span.len == b->level_span.len &&
	    a->time_span.off == b->time_span.off &&
	    a->time_span.len == b->time_span.len;
}

#endif
