// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's timers: TimerCreate(), TimerSettime(), TimerInfo(), TimerDestroy().
 *
 * A timer is a timerfd; one library thread (started by the first
 * TimerCreate()) waits on all of them with epoll and delivers each
 * expiry's event (nto_event.c).  Timerfds rather than POSIX timers
 * because an event may be a pulse, which the kernel cannot send, and
 * because a timerfd counts the expiries a slow delivery missed, which
 * TimerInfo() reports as overruns.
 *
 * Timer ids are indexes into a fixed table; rm_timer_lock guards it and
 * every timer's fields.  Delivery happens outside the lock, on a copy of
 * the event, so a handler may call the Timer*() functions.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include "neutrino/nto.h"

#define RM_TIMER_MAX	1024

struct rm_timer {
	bool used;
	int fd;			/* timerfd */
	clockid_t clock;
	pid_t tid;		/* creator, for SIGEV_SIGNAL_THREAD */
	bool absolute;
	bool expired;		/* has fired since last set */
	uint32_t overruns;	/* expiries folded into one delivery */
	struct _itimer set;	/* as last set */
	struct sigevent ev;
};

static pthread_mutex_t rm_timer_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rm_timer rm_timers[RM_TIMER_MAX];
static int rm_timer_epfd = -1;

static void rm_ns_to_ts(uint64_t ns, struct timespec *ts)
{
	ts->tv_sec = ns / 1000000000ULL;
	ts->tv_nsec = ns % 1000000000ULL;
}

static uint64_t rm_ts_to_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * 1000000000ULL + ts->tv_nsec;
}

static void *rm_timer_thread(void *arg)
{
	struct epoll_event evs[16];
	sigset_t all;
	int i, n;

	(void)arg;
	/* Signals are for the application's threads, never this one. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		n = epoll_wait(rm_timer_epfd, evs, 16, -1);
		for (i = 0; i < n; i++) {
			unsigned int id = evs[i].data.u32;
			struct sigevent ev;
			uint64_t count;
			pid_t tid;

			pthread_mutex_lock(&rm_timer_lock);
			if (id >= RM_TIMER_MAX || !rm_timers[id].used ||
			    read(rm_timers[id].fd, &count, sizeof(count)) !=
			    sizeof(count)) {
				/* Destroyed or re-set since epoll saw it. */
				pthread_mutex_unlock(&rm_timer_lock);
				continue;
			}
			rm_timers[id].expired = true;
			if (count > 1)
				rm_timers[id].overruns += count - 1;
			ev = rm_timers[id].ev;
			tid = rm_timers[id].tid;
			pthread_mutex_unlock(&rm_timer_lock);
			/* A full pulse queue: counted as an overrun too. */
			if (rm_event_deliver(0, tid, &ev)) {
				pthread_mutex_lock(&rm_timer_lock);
				if (rm_timers[id].used)
					rm_timers[id].overruns++;
				pthread_mutex_unlock(&rm_timer_lock);
			}
		}
	}
	return NULL;
}

/* Under rm_timer_lock: the epoll set and its thread, once. */
static int rm_timer_start(void)
{
	pthread_attr_t attr;
	pthread_t th;
	int err;

	if (rm_timer_epfd >= 0)
		return 0;
	rm_timer_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (rm_timer_epfd < 0)
		return errno;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&th, &attr, rm_timer_thread, NULL);
	pthread_attr_destroy(&attr);
	if (err) {
		close(rm_timer_epfd);
		rm_timer_epfd = -1;
		return err;
	}
	pthread_setname_np(th, "resmgr-timers");
	return 0;
}

int TimerCreate_r(clockid_t id, const struct sigevent *event)
{
	struct epoll_event ee = { .events = EPOLLIN };
	int err, fd, i;

	if (id != CLOCK_REALTIME && id != CLOCK_MONOTONIC)
		return -EINVAL;
	err = rm_event_check(event);
	if (err)
		return -err;
	if (event->sigev_notify == SIGEV_UNBLOCK)
		return -EINVAL;	/* only TimerTimeout() unblocks */
	fd = timerfd_create(id, TFD_CLOEXEC | TFD_NONBLOCK);
	if (fd < 0)
		return -errno;
	pthread_mutex_lock(&rm_timer_lock);
	err = rm_timer_start();
	for (i = 0; !err && i < RM_TIMER_MAX; i++)
		if (!rm_timers[i].used)
			break;
	if (!err && i == RM_TIMER_MAX)
		err = EAGAIN;
	if (!err) {
		ee.data.u32 = i;
		if (epoll_ctl(rm_timer_epfd, EPOLL_CTL_ADD, fd, &ee) < 0)
			err = errno;
	}
	if (err) {
		pthread_mutex_unlock(&rm_timer_lock);
		close(fd);
		return -err;
	}
	memset(&rm_timers[i], 0, sizeof(rm_timers[i]));
	rm_timers[i].used = true;
	rm_timers[i].fd = fd;
	rm_timers[i].clock = id;
	rm_timers[i].tid = gettid();
	rm_timers[i].ev = *event;
	pthread_mutex_unlock(&rm_timer_lock);
	return i;
}

static struct rm_timer *rm_timer_get(int id)
{
	if (id < 0 || id >= RM_TIMER_MAX || !rm_timers[id].used)
		return NULL;
	return &rm_timers[id];
}

int TimerDestroy_r(int id)
{
	struct rm_timer *t;

	pthread_mutex_lock(&rm_timer_lock);
	t = rm_timer_get(id);
	if (!t) {
		pthread_mutex_unlock(&rm_timer_lock);
		return -EINVAL;
	}
	/* Closing the timerfd takes it out of the epoll set. */
	close(t->fd);
	t->used = false;
	pthread_mutex_unlock(&rm_timer_lock);
	return 0;
}

/* Under rm_timer_lock: what is left of @t, as a struct _itimer. */
static int rm_timer_left(struct rm_timer *t, struct _itimer *out)
{
	struct itimerspec cur;

	if (timerfd_gettime(t->fd, &cur) < 0)
		return errno;
	out->nsec = rm_ts_to_ns(&cur.it_value);
	out->interval_nsec = rm_ts_to_ns(&cur.it_interval);
	return 0;
}

int TimerSettime_r(int id, int flags, const struct _itimer *itime,
		   struct _itimer *oitime)
{
	struct itimerspec its;
	struct rm_timer *t;
	int err;

	if (flags & ~TIMER_ABSTIME)
		return -EINVAL;
	pthread_mutex_lock(&rm_timer_lock);
	t = rm_timer_get(id);
	err = t ? 0 : EINVAL;
	if (!err && oitime)
		err = rm_timer_left(t, oitime);
	if (!err && itime) {
		rm_ns_to_ts(itime->nsec, &its.it_value);
		rm_ns_to_ts(itime->interval_nsec, &its.it_interval);
		if (timerfd_settime(t->fd, flags & TIMER_ABSTIME ?
				    TFD_TIMER_ABSTIME : 0, &its, NULL) < 0) {
			err = errno;
		} else {
			t->set = *itime;
			t->absolute = flags & TIMER_ABSTIME;
			t->expired = false;
		}
	}
	pthread_mutex_unlock(&rm_timer_lock);
	return -err;
}

int TimerInfo_r(pid_t pid, int id, int flags, struct _timer_info *info)
{
	struct rm_timer *t;
	int err;

	if (pid && pid != getpid())
		return -EPERM;	/* another process's timers are its own */
	if (!info || (flags & ~_NTO_TI_REPORT_OVERRUNS))
		return -EINVAL;
	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&rm_timer_lock);
	t = rm_timer_get(id);
	err = t ? rm_timer_left(t, &info->itime) : EINVAL;
	if (!err) {
		info->otime = t->set;
		if (info->itime.nsec)
			info->flags |= _NTO_TI_ACTIVE;
		if (t->absolute)
			info->flags |= _NTO_TI_ABSOLUTE;
		if (t->expired)
			info->flags |= _NTO_TI_EXPIRED;
		info->tid = t->tid;
		info->notify = t->ev.sigev_notify;
		info->clockid = t->clock;
		info->overruns = t->overruns;
		info->event = t->ev;
		if (flags & _NTO_TI_REPORT_OVERRUNS)
			t->overruns = 0;
	}
	pthread_mutex_unlock(&rm_timer_lock);
	return err ? -err : id;
}

int TimerCreate(clockid_t id, const struct sigevent *event)
{
	RM_ERRNO_WRAP(TimerCreate_r(id, event));
}

int TimerDestroy(int id)
{
	RM_ERRNO_WRAP(TimerDestroy_r(id));
}

int TimerSettime(int id, int flags, const struct _itimer *itime,
		 struct _itimer *oitime)
{
	RM_ERRNO_WRAP(TimerSettime_r(id, flags, itime, oitime));
}

int TimerInfo(pid_t pid, int id, int flags, struct _timer_info *info)
{
	RM_ERRNO_WRAP(TimerInfo_r(pid, id, flags, info));
}
