// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a driver's timing: ClockCycles() around a hardware wait done
 * with nanospin_ns(), ClockTime() for a timestamp, nsec2timespec() and
 * timespec2nsec() for timeouts, ClockPeriod() to learn the clock's
 * resolution, and the QNX pthread attributes its threads are made with
 * (a lazy stack, a recursive mutex).
 *
 * corpus: run
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>
#include <sys/neutrino.h>

#include "tap.h"

static pthread_mutex_t dev_lock;

static void *worker(void *arg)
{
	pthread_mutex_lock(&dev_lock);
	pthread_mutex_lock(&dev_lock);	/* recursive */
	pthread_mutex_unlock(&dev_lock);
	pthread_mutex_unlock(&dev_lock);
	return arg;
}

int main(void)
{
	struct _clockperiod period;
	pthread_mutexattr_t mattr;
	pthread_attr_t attr;
	struct timespec ts;
	uint64_t start, cycles, stamp, timeout;
	pthread_t t;
	void *res = NULL;

	plan(6);
	start = ClockCycles();
	nanospin_ns(500000);
	cycles = ClockCycles() - start;
	ok(cycles >= 500000 * (RESMGR_CLOCKCYCLES_PER_SEC / 1000000000ULL),
	   "ClockCycles() around nanospin_ns(500 us)");

	ok(ClockTime(CLOCK_REALTIME, NULL, &stamp) == 0 &&
	   stamp > 1000000000ULL * 1000000000ULL, "ClockTime(): after 2001");

	timeout = 1500000000ULL;
	nsec2timespec(&ts, timeout);
	ok(ts.tv_sec == 1 && ts.tv_nsec == 500000000 &&
	   timespec2nsec(&ts) == timeout, "nsec2timespec()/timespec2nsec()");

	ok(ClockPeriod(CLOCK_MONOTONIC, NULL, &period, 0) == 0 &&
	   period.nsec > 0, "ClockPeriod()");

	pthread_attr_init(&attr);
	pthread_mutexattr_init(&mattr);
	ok(pthread_attr_setstacklazy(&attr, PTHREAD_STACK_LAZY) == EOK &&
	   pthread_mutexattr_setrecursive(&mattr,
					  PTHREAD_RECURSIVE_ENABLE) == EOK,
	   "pthread_attr_setstacklazy(), pthread_mutexattr_setrecursive()");
	pthread_mutex_init(&dev_lock, &mattr);
	pthread_create(&t, &attr, worker, &dev_lock);
	pthread_join(t, &res);
	ok(res == &dev_lock, "a thread locks the mutex twice");
	return tap_done();
}
