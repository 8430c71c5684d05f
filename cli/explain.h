/* explain.h: --print --explain: which layout each source gets, and why. */
#ifndef EXPLAIN_H
#define EXPLAIN_H

#include "model/options.h"

/*
 * For each source, read the start of its file (the sample the parser
 * learns from), and print one line: the source, then the known layout
 * that explains it or the layout learned from it with its columns, and
 * how many sample lines each explains. Returns the exit status (0, or 2
 * when a source could not be read).
 */
int	explain_run(const struct options *);

#endif
