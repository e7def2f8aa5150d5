// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * TimerTimeout(): a bound on the calling thread's next blocking call.
 *
 * The pending timeout is thread-local.  A blocking call that it covers
 * (ipc.c: MsgReceive*() and MsgSend*() on a connection) arms a per-thread
 * POSIX timer that sends RM_TIMEOUT_SIGNAL to that thread, runs, and
 * disarms it.  The signal's handler is installed without SA_RESTART, so
 * the kernel's wait ends EINTR, and the handler's note makes that
 * ETIMEDOUT.  The deadline may pass between arming and entering the
 * kernel; so the timer repeats every millisecond after the deadline until
 * it is disarmed, and a signal that came too early is followed by one the
 * call cannot miss.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "neutrino/nto.h"

#define RM_TIMEOUT_STATES	(_NTO_TIMEOUT_RECEIVE | _NTO_TIMEOUT_SEND | \
				 _NTO_TIMEOUT_REPLY)
_Static_assert(!(RM_TIMEOUT_STATES & TIMER_ABSTIME), "flags and states apart");
#define RM_TIMEOUT_REPEAT_NS	1000000

static __thread struct {
	bool pending;		/* a TimerTimeout() not yet consumed */
	unsigned int states;
	clockid_t clock;
	struct timespec deadline;	/* absolute on @clock */
	bool have_timer;
	timer_t timer;
	volatile sig_atomic_t fired;
} rm_to;

static pthread_once_t rm_to_once = PTHREAD_ONCE_INIT;
static int rm_to_install_err;

static void rm_to_handler(int sig)
{
	(void)sig;
	rm_to.fired = 1;
}

static void rm_to_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rm_to_handler;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = 0;	/* no SA_RESTART: the wait must end */
	if (sigaction(RM_TIMEOUT_SIGNAL, &sa, NULL) < 0)
		rm_to_install_err = errno;
}

static uint64_t rm_to_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + ts->tv_nsec;
}

int TimerTimeout_r(clockid_t id, int flags, const struct sigevent *event,
		   const uint64_t *ntime, uint64_t *otime)
{
	unsigned int states = flags & ~TIMER_ABSTIME;
	struct timespec now;
	uint64_t when;

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return -EINVAL;
	if (states & ~RM_TIMEOUT_STATES)
		return -EINVAL;	/* states Linux cannot bound this way */
	if (event && event->sigev_notify != SIGEV_UNBLOCK)
		return -EINVAL;
	pthread_once(&rm_to_once, rm_to_install);
	if (rm_to_install_err)
		return -rm_to_install_err;
	clock_gettime(id, &now);
	if (otime) {
		*otime = 0;
		if (rm_to.pending) {
			struct timespec n2;
			uint64_t d = rm_to_ns(&rm_to.deadline);

			clock_gettime(rm_to.clock, &n2);
			if (d > rm_to_ns(&n2))
				*otime = d - rm_to_ns(&n2);
		}
	}
	rm_to.pending = states != 0;
	if (!states)
		return 0;
	if (!ntime)
		when = rm_to_ns(&now);	/* do not block at all */
	else if (flags & TIMER_ABSTIME)
		when = *ntime;
	else
		when = rm_to_ns(&now) + *ntime;
	rm_to.states = states;
	rm_to.clock = id;
	rm_to.deadline.tv_sec = when / 1000000000ULL;
	rm_to.deadline.tv_nsec = when % 1000000000ULL;
	return 0;
}

int TimerTimeout(clockid_t id, int flags, const struct sigevent *event,
		 const uint64_t *ntime, uint64_t *otime)
{
	RM_ERRNO_WRAP(TimerTimeout_r(id, flags, event, ntime, otime));
}

int rm_timeout_begin(struct rm_timeout *t, unsigned int state)
{
	struct itimerspec its = {
		.it_interval = { 0, RM_TIMEOUT_REPEAT_NS },
	};
	struct sigevent sev;

	t->armed = false;
	if (!rm_to.pending || !(rm_to.states & state))
		return 0;
	rm_to.pending = false;	/* consumed by this call */
	if (!rm_to.have_timer) {
		memset(&sev, 0, sizeof(sev));
		sev.sigev_notify = SIGEV_THREAD_ID;
		sev.sigev_signo = RM_TIMEOUT_SIGNAL;
		sev._sigev_un._tid = gettid();
		if (timer_create(CLOCK_MONOTONIC, &sev, &rm_to.timer) < 0)
			return errno;
		rm_to.have_timer = true;
	}
	/* The timer runs on CLOCK_MONOTONIC; convert a realtime deadline. */
	if (rm_to.clock != CLOCK_MONOTONIC) {
		struct timespec rt, mono;
		int64_t left;

		clock_gettime(rm_to.clock, &rt);
		clock_gettime(CLOCK_MONOTONIC, &mono);
		left = (int64_t)(rm_to_ns(&rm_to.deadline) - rm_to_ns(&rt));
		if (left < 1)
			left = 1;
		left += rm_to_ns(&mono);
		rm_to.deadline.tv_sec = left / 1000000000LL;
		rm_to.deadline.tv_nsec = left % 1000000000LL;
	}
	its.it_value = rm_to.deadline;
	if (!its.it_value.tv_sec && !its.it_value.tv_nsec)
		its.it_value.tv_nsec = 1;	/* 0 would disarm */
	rm_to.fired = 0;
	if (timer_settime(rm_to.timer, TIMER_ABSTIME, &its, NULL) < 0)
		return errno;
	t->armed = true;
	return 0;
}

int rm_timeout_end(struct rm_timeout *t, int err)
{
	struct itimerspec off;

	if (!t->armed)
		return err;
	memset(&off, 0, sizeof(off));
	timer_settime(rm_to.timer, 0, &off, NULL);
	t->armed = false;
	return err == EINTR && rm_to.fired ? ETIMEDOUT : err;
}
