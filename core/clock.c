/*
 * clock.c: monotonic milliseconds, for the event loop's deadlines, the
 * follower's poll ticks, --print's quiet period and the views' time
 * slices. Never wall-clock time: a clock step must not stall or spin the
 * loop.
 */
#include "clock.h"

#include <time.h>

/* Monotonic milliseconds. */
int64_t
clock_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
