/* access.h: web server lines: HTTP access logs and nginx / Apache error logs. */
#ifndef ACCESS_H
#define ACCESS_H

#include <stddef.h>

#include "record.h"

/*
 * Each returns 1 and fills f when the line has that layout, 0 otherwise
 * (f may then hold partial spans; the caller clears it).
 */

/*
 * An access line, NCSA common / combined and their kin: an optional
 * virtual host, the client, ident and user, "[dd/Mon/yyyy:hh:mm:ss zone]"
 * (or werkzeug's "[dd/Mon/yyyy hh:mm:ss]"), the quoted request, the
 * status. The level is the status's: 5xx ERROR, 4xx WARNING, else INFO;
 * no logger.
 */
int	access_line(const char *s, size_t n, struct fields *f);
/* The level of an HTTP status written at s (3 digits): 5xx ERROR, 4xx WARNING, else INFO; -1 if no status. */
int	access_status_level(const char *s, size_t n);
/* nginx error log after its "yyyy/mm/dd hh:mm:ss" at i: " [level] pid#tid: [*cid ]msg". */
int	access_nginx_tail(const char *s, size_t n, size_t i, struct fields *f);
/* Apache error log: "[Sat Nov 28 06:39:56.123456 2026] [module:level] [pid N] msg" (2.4) or "[...] [level] msg". */
int	access_apache_error(const char *s, size_t n, struct fields *f);

#endif
