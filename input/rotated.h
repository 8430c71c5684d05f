/* rotated.h: a log file's rotated predecessors, as logrotate names them. */
#ifndef ROTATED_H
#define ROTATED_H

#include <stddef.h>

/*
 * The rotated predecessors of dir/base, oldest first, as allocated paths
 * ("dir/base.2.gz"); *n is their number (the array is NULL when none).
 */
char	**rotated_list(const char *dir, const char *base, size_t *n);
/* Free a list from rotated_list. */
void	  rotated_free(char **, size_t);

#endif
