// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's clock calls (<sys/neutrino.h>), delay() (<unistd.h>) and the
 * nanosecond helpers and busy waits of its <time.h> (libresmgr compat).
 */
#include <errno.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>

#define NSEC_PER_SEC	1000000000ULL

void nsec2timespec(struct timespec *timespec_p, uint64_t nsec)
{
	timespec_p->tv_sec = (time_t)(nsec / NSEC_PER_SEC);
	timespec_p->tv_nsec = (long)(nsec % NSEC_PER_SEC);
}

uint64_t timespec2nsec(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
}

unsigned int delay(unsigned int duration)
{
	struct timespec req, rem;

	req.tv_sec = duration / 1000;
	req.tv_nsec = (long)(duration % 1000) * 1000000L;
	if (nanosleep(&req, &rem) == 0)
		return 0;
	/* Interrupted: what is left, rounded up to whole milliseconds. */
	return (unsigned int)((timespec2nsec(&rem) + 999999) / 1000000);
}

int ClockTime_r(clockid_t id, const uint64_t *_new, uint64_t *old)
{
	struct timespec ts;

	if (old) {
		if (clock_gettime(id, &ts) == -1)
			return -errno;
		*old = timespec2nsec(&ts);
	}
	if (_new) {
		nsec2timespec(&ts, *_new);
		if (clock_settime(id, &ts) == -1)
			return -errno;
	}
	return 0;
}

int ClockTime(clockid_t id, const uint64_t *_new, uint64_t *old)
{
	int rc = ClockTime_r(id, _new, old);

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

uint64_t ClockCycles(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
	return timespec2nsec(&ts);
}

int ClockPeriod_r(clockid_t id, const struct _clockperiod *_new,
		  struct _clockperiod *old, int reserved)
{
	struct timespec res;

	if (clock_getres(id, &res) == -1)
		return -errno;
	if (old) {
		old->nsec = (uint32_t)timespec2nsec(&res);
		old->fract = 0;
	}
	return 0;
}

int ClockPeriod(clockid_t id, const struct _clockperiod *_new,
		struct _clockperiod *old, int reserved)
{
	int rc = ClockPeriod_r(id, _new, old, reserved);

	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

int nanospin_ns(unsigned long nsec)
{
	struct timespec ts;
	uint64_t end;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = timespec2nsec(&ts) + nsec;
	do
		clock_gettime(CLOCK_MONOTONIC, &ts);
	while (timespec2nsec(&ts) < end);
	return EOK;
}

int nanospin(const struct timespec *when)
{
	if (when->tv_sec < 0 || when->tv_nsec < 0 ||
	    when->tv_nsec >= (long)NSEC_PER_SEC)
		return EINVAL;
	return nanospin_ns((unsigned long)timespec2nsec(when));
}

int nanospin_calibrate(int disable)
{
	return EOK;
}
