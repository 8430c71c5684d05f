/*
 * parse.c: a source's parser: the --format program when there is one,
 * else auto-detection (detect.c).
 *
 * struct parser is owned by its source; the pyfmt program it points to is
 * owned by the caller and must outlive it.
 */
#include <string.h>
#include <time.h>

#include "parse.h"
#include "pyfmt.h"

/* Set up a parser: auto-detect when user is NULL. */
void
parser_init(struct parser *p, const struct pyfmt *user)
{
	time_t		now = time(NULL);
	struct tm	tm;

	p->user = user;
	p->last = FORMAT_NONE;
	p->want = p->indented = 0;
	p->amend = -1;
	memset(&p->tc, 0, sizeof p->tc);
	infer_init(&p->inf);
	if (gmtime_r(&now, &tm) != NULL)
		p->year = tm.tm_year + 1900;
	else
		p->year = 1970;
}

/* Parse one line with the --format program or auto-detection. */
int
parse_line(struct parser *p, const char *line, size_t len, struct fields *f)
{
	int	r;

	if (p->user != NULL) {
		fields_clear(f);
		r = pyfmt_parse(p->user, line, len, f);
		if (r) {
			f->format = FORMAT_USER;
			p->last = FORMAT_USER;
		} else
			fields_clear(f);
		return r;
	}
	return detect_line(p, line, len, f);
}
