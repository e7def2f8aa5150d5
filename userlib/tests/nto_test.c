// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Neutrino kernel calls that need no channel: QNX's struct sigevent
 * members and initialisers, TimerCreate()/TimerSettime()/TimerInfo()/
 * TimerDestroy() delivering signals and threads, SchedGet/SchedSet/
 * SchedYield, SignalKill/SignalProcmask/SignalWaitinfo and ThreadCtl.
 * Pulses and TimerTimeout() need channels: selftests/lib_ipc_test.c.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/siginfo.h>

#include "kselftest_harness.h"

#define MS	1000000ULL

static sigset_t just(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	return s;
}

/* Wait for @sig, blocked, at most 10 s: the signal number or -1. */
static int wait_sig(int sig, siginfo_t *si)
{
	struct timespec ts = { 10, 0 };
	sigset_t s = just(sig);

	return sigtimedwait(&s, si, &ts);
}

TEST(sigevent_initialisers_fill_qnx_members)
{
	struct sigevent ev;
	int x;

	memset(&ev, 0xa5, sizeof(ev));
	SIGEV_PULSE_INIT(&ev, 7, 10, 3, &x);
	EXPECT_EQ(SIGEV_PULSE, ev.sigev_notify);
	EXPECT_EQ(7, ev.sigev_coid);
	EXPECT_EQ(10, ev.sigev_priority);
	EXPECT_EQ(3, ev.sigev_code);
	EXPECT_EQ(&x, ev.sigev_value.sival_ptr);

	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR1, 0, SI_MINAVAIL);
	EXPECT_EQ(SIGEV_SIGNAL_CODE, ev.sigev_notify);
	EXPECT_EQ(SIGUSR1, ev.sigev_signo);
	EXPECT_EQ(SI_MINAVAIL, ev.sigev_code);
	EXPECT_EQ(0, ev.sigev_priority);	/* cleared */

	/* QNX's members do not overlap SIGEV_THREAD's. */
	SIGEV_THREAD_INIT(&ev, (void (*)(union sigval))0x1234, 0, (void *)0x99);
	ev.sigev_code = 5;
	ev.sigev_priority = 6;
	EXPECT_EQ((void *)0x1234, (void *)ev.sigev_notify_function);
	EXPECT_EQ((void *)0x99, (void *)ev.sigev_notify_attributes);

	/* A QNX kind given to a Linux call is refused, not misread. */
	SIGEV_PULSE_INIT(&ev, 7, 10, 3, 0);
	{
		timer_t t;

		EXPECT_EQ(-1, timer_create(CLOCK_MONOTONIC, &ev, &t));
		EXPECT_EQ(EINVAL, errno);
	}
}

TEST(timer_signal_code_repeats_and_counts_overruns)
{
	struct _itimer it = { .nsec = 1 * MS, .interval_nsec = 1 * MS };
	struct _timer_info info;
	struct sigevent ev;
	sigset_t s = just(SIGUSR1), old;
	siginfo_t si;
	int id;

	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &s, &old));
	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR1, 0, SI_MINAVAIL + 1);
	ev.sigev_value.sival_int = 4242;
	id = TimerCreate(CLOCK_MONOTONIC, &ev);
	ASSERT_LE(0, id);
	ASSERT_EQ(id, TimerInfo(0, id, 0, &info));
	EXPECT_FALSE(info.flags & _NTO_TI_ACTIVE);
	ASSERT_EQ(0, TimerSettime(id, 0, &it, NULL));

	ASSERT_EQ(SIGUSR1, wait_sig(SIGUSR1, &si));
	EXPECT_EQ(SI_MINAVAIL + 1, si.si_code);
	EXPECT_EQ(4242, si.si_value.sival_int);
	EXPECT_EQ(getpid(), si.si_pid);
	ASSERT_EQ(SIGUSR1, wait_sig(SIGUSR1, &si));	/* it repeats */

	ASSERT_EQ(id, TimerInfo(0, id, 0, &info));
	EXPECT_TRUE(info.flags & _NTO_TI_ACTIVE);
	EXPECT_TRUE(info.flags & _NTO_TI_EXPIRED);
	EXPECT_EQ(1 * MS, info.otime.interval_nsec);
	EXPECT_EQ(SIGEV_SIGNAL_CODE, info.notify);
	EXPECT_EQ(CLOCK_MONOTONIC, info.clockid);
	EXPECT_EQ(-1, TimerInfo(getpid() + 1, id, 0, &info));
	EXPECT_EQ(EPERM, errno);

	ASSERT_EQ(0, TimerDestroy(id));
	EXPECT_EQ(-1, TimerDestroy(id));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, TimerSettime(id, 0, &it, NULL));
	/* Drain what was queued before the destroy. */
	{
		struct timespec zero = { 0, 0 };

		while (sigtimedwait(&s, &si, &zero) == SIGUSR1)
			;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static sem_t thread_sem;
static union sigval thread_value;

static void on_timer_thread(union sigval v)
{
	thread_value = v;
	sem_post(&thread_sem);
}

TEST(timer_sigev_thread_runs_the_function_once)
{
	struct _itimer it = { .nsec = 2 * MS }, left;
	struct timespec ts;
	struct sigevent ev;
	int id, token;

	sem_init(&thread_sem, 0, 0);
	SIGEV_THREAD_INIT(&ev, on_timer_thread, &token, NULL);
	id = TimerCreate(CLOCK_REALTIME, &ev);
	ASSERT_LE(0, id);
	ASSERT_EQ(0, TimerSettime(id, 0, &it, NULL));
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 10;
	ASSERT_EQ(0, sem_timedwait(&thread_sem, &ts));
	EXPECT_EQ(&token, thread_value.sival_ptr);
	ASSERT_EQ(0, TimerSettime(id, 0, NULL, &left));
	EXPECT_EQ(0, left.nsec);	/* a one-shot timer is done */
	ASSERT_EQ(0, TimerDestroy(id));
}

TEST(timer_absolute_time_and_bad_arguments)
{
	struct sigevent ev;
	struct timespec now;
	struct _itimer it = { 0 };
	sigset_t s = just(SIGUSR2), old;
	siginfo_t si;
	int id;

	SIGEV_SIGNAL_INIT(&ev, SIGUSR2);
	EXPECT_EQ(-1, TimerCreate(CLOCK_PROCESS_CPUTIME_ID + 100, &ev));
	EXPECT_EQ(EINVAL, errno);
	ev.sigev_notify = 0x7777;
	EXPECT_EQ(-1, TimerCreate(CLOCK_MONOTONIC, &ev));
	EXPECT_EQ(EINVAL, errno);
	SIGEV_UNBLOCK_INIT(&ev);
	EXPECT_EQ(-1, TimerCreate(CLOCK_MONOTONIC, &ev));
	EXPECT_EQ(EINVAL, errno);
	SIGEV_INTR_INIT(&ev);
	EXPECT_EQ(-1, TimerCreate(CLOCK_MONOTONIC, &ev));
	EXPECT_EQ(ENOTSUP, errno);

	ASSERT_EQ(0, sigprocmask(SIG_BLOCK, &s, &old));
	SIGEV_SIGNAL_INIT(&ev, SIGUSR2);
	id = TimerCreate(CLOCK_MONOTONIC, &ev);
	ASSERT_LE(0, id);
	EXPECT_EQ(-1, TimerSettime(id, 0x4000, &it, NULL));
	EXPECT_EQ(EINVAL, errno);
	clock_gettime(CLOCK_MONOTONIC, &now);
	it.nsec = (uint64_t)now.tv_sec * 1000000000ULL + now.tv_nsec + 1 * MS;
	ASSERT_EQ(0, TimerSettime(id, TIMER_ABSTIME, &it, NULL));
	ASSERT_EQ(SIGUSR2, wait_sig(SIGUSR2, &si));
	ASSERT_EQ(0, TimerDestroy(id));
	sigprocmask(SIG_SETMASK, &old, NULL);
}

TEST(sched_get_set_yield)
{
	struct sched_param p = { 0 }, q;
	int policy;

	policy = SchedGet(0, 0, &p);
	ASSERT_LE(0, policy);
	EXPECT_EQ(SCHED_OTHER, policy);
	EXPECT_EQ(0, SchedSet(0, 0, SCHED_NOCHANGE, &p));
	EXPECT_EQ(policy, SchedGet(getpid(), gettid(), &q));
	EXPECT_EQ(0, SchedYield());
	EXPECT_EQ(SCHED_OTHER, SchedGet_r(0, 0, NULL));
	/* A thread id that is not one of that process's. */
	EXPECT_EQ(-ESRCH, SchedGet_r(getpid(), 0x3ffffff0, &q));
	EXPECT_EQ(-EINVAL, SchedSet_r(0, 0, SCHED_OTHER, NULL));
}

TEST(signal_kill_procmask_waitinfo)
{
	sigset_t s = just(SIGUSR1), old;
	siginfo_t si;

	ASSERT_EQ(0, SignalProcmask(0, 0, SIG_BLOCK, &s, &old));
	ASSERT_EQ(0, SignalKill(0, getpid(), gettid(), SIGUSR1,
				SI_MINAVAIL, 99));
	ASSERT_EQ(SIGUSR1, SignalWaitinfo(&s, &si));
	EXPECT_EQ(SI_MINAVAIL, si.si_code);
	EXPECT_EQ(99, si.si_value.sival_int);
	/* A code outside the application range goes as SI_QUEUE. */
	ASSERT_EQ(0, SignalKill(0, getpid(), 0, SIGUSR1, 5, 1));
	ASSERT_EQ(SIGUSR1, SignalWaitinfo(&s, &si));
	EXPECT_EQ(SI_QUEUE, si.si_code);
	EXPECT_EQ(0, SignalKill(0, getpid(), 0, 0, 0, 0));
	EXPECT_EQ(-EHOSTUNREACH, SignalKill_r(3, getpid(), 0, SIGUSR1, 0, 0));
	EXPECT_EQ(-EINVAL, SignalKill_r(0, getpid(), 0, NSIG + 1, 0, 0));
	EXPECT_EQ(-EPERM, SignalProcmask_r(getpid() + 1, 0, SIG_BLOCK, &s,
					   NULL));
	ASSERT_EQ(0, SignalProcmask(0, 0, SIG_SETMASK, &old, NULL));
}

TEST(threadctl_name_runmask_and_unsupported)
{
	char buf[sizeof(struct _thread_name) + 32];
	struct _thread_name *tn = (void *)buf;
	unsigned int mask;

	tn->new_name_len = 5;
	tn->name_buf_len = 32;
	memcpy(tn->name_buf, "pulse", 5);
	ASSERT_EQ(0, ThreadCtl(_NTO_TCTL_NAME, tn));
	memset(tn->name_buf, 0, 32);
	tn->new_name_len = -1;
	ASSERT_EQ(0, ThreadCtl(_NTO_TCTL_NAME, tn));
	EXPECT_STREQ("pulse", tn->name_buf);

	mask = 0;	/* read only */
	ASSERT_EQ(0, ThreadCtl(_NTO_TCTL_RUNMASK_GET_AND_SET, &mask));
	EXPECT_TRUE(mask & 1u);
	mask = 1;
	ASSERT_EQ(0, ThreadCtl(_NTO_TCTL_RUNMASK_GET_AND_SET, &mask));
	mask = 0;
	ASSERT_EQ(0, ThreadCtl(_NTO_TCTL_RUNMASK_GET_AND_SET, &mask));
	EXPECT_EQ(1u, mask);

	EXPECT_EQ(-1, ThreadCtl(_NTO_TCTL_THREADS_HOLD, NULL));
	EXPECT_EQ(ENOTSUP, errno);
	EXPECT_EQ(-ENOTSUP, ThreadCtl_r(12345, NULL));
	EXPECT_EQ(-EINVAL, ThreadCtl_r(_NTO_TCTL_RUNMASK_GET_AND_SET, NULL));
}

TEST(timer_timeout_arguments)
{
	uint64_t t = 5 * MS, left = 1;

	EXPECT_EQ(-EINVAL, TimerTimeout_r(CLOCK_MONOTONIC, 0x100, NULL, &t,
					  NULL));
	EXPECT_EQ(0, TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL,
				  &t, &left));
	EXPECT_EQ(0, left);
	/* Replacing a pending one reports what was left of it. */
	EXPECT_EQ(0, TimerTimeout(CLOCK_MONOTONIC, 0, NULL, NULL, &left));
	EXPECT_LT(0, left);
	EXPECT_GE(5 * MS, left);
}

TEST_HARNESS_MAIN
