/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <time.h> with QNX's additions (libresmgr compat): libc's own, the
 * conversions between struct timespec and nanoseconds, and the busy
 * waits drivers use for short hardware delays.
 */
#include_next <time.h>

#ifndef _RESMGR_COMPAT_TIME_H
#define _RESMGR_COMPAT_TIME_H

#include <stdint.h>
#include <sys/platform.h>
#include <sys/resmgr_cdefs.h>

__RESMGR_BEGIN_DECLS

void nsec2timespec(struct timespec *timespec_p, uint64_t nsec);
uint64_t timespec2nsec(const struct timespec *ts);

/*
 * Busy-wait, never sleeping: nanospin_ns() at least @nsec nanoseconds,
 * nanospin() at least *@when; both return EOK (EINVAL for a bad *@when).
 * nanospin_calibrate() has nothing to calibrate (the spins read the
 * monotonic clock) and returns EOK.
 */
int nanospin_ns(unsigned long nsec);
int nanospin(const struct timespec *when);
int nanospin_calibrate(int disable);

__RESMGR_END_DECLS

#endif /* _RESMGR_COMPAT_TIME_H */
