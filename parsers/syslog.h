/* syslog.h: syslog lines and the lines they (and the container runtime) carry, for detect.c. */
#ifndef SYSLOG_H
#define SYSLOG_H

#include <stddef.h>

#include "parse.h"
#include "record.h"

/* A Kubernetes CRI line "time stdout|stderr F|P line": the line inside, detected; -1 when not one. */
int	syslog_cri(struct parser *, const char *, size_t, struct fields *);
/* "host program[pid]: msg" (also "Name With Spaces[pid]:", "prog 1.4.1:") at k; 1 when found. */
int	syslog_host_prog(const char *, size_t, size_t k, struct fields *);
/* "<PRI>..." RFC 5424 or 3164: the severity is the level. */
int	syslog_pri(struct parser *, const char *, size_t, struct fields *);
/* A syslog record without a level: take the level of a record inside its message. */
void	syslog_inner(struct parser *, const char *, size_t, struct fields *);

#endif
