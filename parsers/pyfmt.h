/* pyfmt.h: Python logging.Formatter strings compiled into parsers. */
#ifndef PYFMT_H
#define PYFMT_H

#include <stddef.h>

#include "record.h"

struct pyfmt;

/*
 * Compile a logging.Formatter format string (style '%', '{' or '$', guessed
 * like Python's validate() does when style is 0) with an optional datefmt
 * (strftime form as in Python; NULL means Python's default
 * "%Y-%m-%d %H:%M:%S" followed by ",%(msecs)03d" as Formatter does).
 * Returns NULL and sets *cause (allocated) when the string names an unknown
 * attribute, has no field, or is malformed.
 */
struct pyfmt	*pyfmt_compile(const char *fmt, int style, const char *datefmt,
		     char **cause);
void		 pyfmt_free(struct pyfmt *);
/*
 * Run the program over one line. Returns 1 and fills *f (format FORMAT_USER)
 * if the line matches (a record start), 0 otherwise. Allocates nothing.
 */
int		 pyfmt_parse(const struct pyfmt *, const char *line, size_t len,
		     struct fields *f);

#endif
