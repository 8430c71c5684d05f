/* clock.h: the monotonic clock every timer of tailor reads. */
#ifndef CLOCK_H
#define CLOCK_H

#include <stdint.h>

/* Monotonic milliseconds (CLOCK_MONOTONIC): for deadlines and intervals. */
int64_t	clock_ms(void);

#endif
