/* print.h: --print mode (no TUI): filtered records to stdout. */
#ifndef PRINT_H
#define PRINT_H

#include "model/options.h"

struct filter;
struct ltree;
struct pyfmt;

/* Print every source's passing records; returns the exit status (0, 1, 2). */
int	print_run(const struct options *, struct filter *, struct ltree *,
	    const struct pyfmt *);

#endif
