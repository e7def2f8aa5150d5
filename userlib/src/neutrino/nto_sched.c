// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's scheduling, signal and thread-control kernel calls on Linux:
 * SchedGet/SchedSet/SchedYield, SignalKill/SignalProcmask/SignalWaitinfo
 * and ThreadCtl.  Thread ids are Linux's (gettid()); a QNX thread id is
 * small and per process, so code that computes one (1 for the main
 * thread) must use gettid() or 0 instead.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <sys/io.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "neutrino/nto.h"

/* A thread of @pid (0: this process), as Linux's scheduler calls take it. */
static int rm_sched_target(pid_t pid, int tid, pid_t *out)
{
	if (pid < 0 || tid < 0)
		return EINVAL;
	if (!pid)
		pid = getpid();
	if (!tid) {
		/* The calling thread, or the process's main thread. */
		*out = pid == getpid() ? gettid() : pid;
		return 0;
	}
	/* A thread of another process must be that process's. */
	if (syscall(SYS_tgkill, pid, tid, 0) < 0)
		return errno;
	*out = tid;
	return 0;
}

int SchedGet_r(pid_t pid, int tid, struct sched_param *param)
{
	pid_t t;
	int err = rm_sched_target(pid, tid, &t), policy;

	if (err)
		return -err;
	policy = sched_getscheduler(t);
	if (policy < 0)
		return -errno;
	if (param && sched_getparam(t, param) < 0)
		return -errno;
	return policy & ~SCHED_RESET_ON_FORK;
}

int SchedSet_r(pid_t pid, int tid, int policy, const struct sched_param *param)
{
	pid_t t;
	int err = rm_sched_target(pid, tid, &t);

	if (err)
		return -err;
	if (!param)
		return -EINVAL;
	if (policy == SCHED_NOCHANGE) {
		policy = sched_getscheduler(t);
		if (policy < 0)
			return -errno;
	}
	if (sched_setscheduler(t, policy, param) < 0)
		return -errno;
	return 0;
}

int SchedYield_r(void)
{
	return sched_yield() < 0 ? -errno : 0;
}

int SchedGet(pid_t pid, int tid, struct sched_param *param)
{
	RM_ERRNO_WRAP(SchedGet_r(pid, tid, param));
}

int SchedSet(pid_t pid, int tid, int policy, const struct sched_param *param)
{
	RM_ERRNO_WRAP(SchedSet_r(pid, tid, policy, param));
}

int SchedYield(void)
{
	RM_ERRNO_WRAP(SchedYield_r());
}

int SignalKill_r(uint32_t nd, pid_t pid, int tid, int signo, int code,
		 int value)
{
	struct sigevent ev;

	if (nd != 0)
		return -EHOSTUNREACH;	/* no network nodes */
	if (pid <= 0 || tid < 0 || signo < 0 || signo >= NSIG)
		return -EINVAL;
	if (!signo)	/* existence check, as kill(pid, 0) */
		return (tid ? syscall(SYS_tgkill, pid, tid, 0) :
			kill(pid, 0)) < 0 ? -errno : 0;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = tid ? SIGEV_SIGNAL_THREAD : SIGEV_SIGNAL_CODE;
	ev.sigev_signo = signo;
	ev.sigev_code = code;
	ev.sigev_value.sival_int = value;
	return -rm_event_deliver(pid, tid, &ev);
}

int SignalKill(uint32_t nd, pid_t pid, int tid, int signo, int code,
	       int value)
{
	RM_ERRNO_WRAP(SignalKill_r(nd, pid, tid, signo, code, value));
}

int SignalProcmask_r(pid_t pid, int tid, int how, const sigset_t *set,
		     sigset_t *oldset)
{
	if ((pid && pid != getpid()) || (tid && tid != gettid()))
		return -EPERM;	/* Linux changes only the caller's own mask */
	return -pthread_sigmask(how, set, oldset);
}

int SignalProcmask(pid_t pid, int tid, int how, const sigset_t *set,
		   sigset_t *oldset)
{
	RM_ERRNO_WRAP(SignalProcmask_r(pid, tid, how, set, oldset));
}

int SignalWaitinfo_r(const sigset_t *set, siginfo_t *info)
{
	int sig = sigwaitinfo(set, info);

	return sig < 0 ? -errno : sig;
}

int SignalWaitinfo(const sigset_t *set, siginfo_t *info)
{
	RM_ERRNO_WRAP(SignalWaitinfo_r(set, info));
}

static int rm_runmask_set(unsigned int mask, unsigned int *old)
{
	cpu_set_t cs;
	unsigned int i;

	if (old) {
		if (sched_getaffinity(0, sizeof(cs), &cs) < 0)
			return errno;
		*old = 0;
		for (i = 0; i < 32; i++)
			if (CPU_ISSET(i, &cs))
				*old |= 1u << i;
	}
	if (!mask)
		return 0;	/* QNX: 0 reads only */
	CPU_ZERO(&cs);
	for (i = 0; i < 32; i++)
		if (mask & (1u << i))
			CPU_SET(i, &cs);
	return sched_setaffinity(0, sizeof(cs), &cs) < 0 ? errno : 0;
}

static int rm_thread_name(struct _thread_name *tn)
{
	char name[_NTO_THREAD_NAME_MAX];
	int err;

	if (!tn || tn->name_buf_len < 0)
		return EINVAL;
	if (tn->new_name_len > 0) {
		if (tn->new_name_len > tn->name_buf_len)
			return EINVAL;
		/* Linux keeps 15 bytes; a longer name is cut, as QNX allows. */
		memset(name, 0, sizeof(name));
		memcpy(name, tn->name_buf,
		       tn->new_name_len < (int)sizeof(name) - 1 ?
		       tn->new_name_len : (int)sizeof(name) - 1);
		err = pthread_setname_np(pthread_self(), name);
		return err;
	}
	if (tn->new_name_len < 0 && tn->name_buf_len > 0) {
		err = pthread_getname_np(pthread_self(), name, sizeof(name));
		if (err)
			return err;
		strncpy(tn->name_buf, name, tn->name_buf_len);
		tn->name_buf[tn->name_buf_len - 1] = '\0';
	}
	return 0;
}

int ThreadCtl_r(int cmd, void *data)
{
	switch (cmd) {
	case _NTO_TCTL_IO:
	case _NTO_TCTL_IO_PRIV:
#if defined(__x86_64__) || defined(__i386__)
		return iopl(3) < 0 ? -errno : 0;
#else
		return -ENOTSUP;
#endif
	case _NTO_TCTL_RUNMASK:
		return -rm_runmask_set((unsigned int)(uintptr_t)data, NULL);
	case _NTO_TCTL_RUNMASK_GET_AND_SET: {
		unsigned int *m = data, old;
		int err;

		if (!m)
			return -EINVAL;
		err = rm_runmask_set(*m, &old);
		if (!err)
			*m = old;
		return -err;
	}
	case _NTO_TCTL_NAME:
		return -rm_thread_name(data);
	default:
		return -ENOTSUP;
	}
}

int ThreadCtl(int cmd, void *data)
{
	RM_ERRNO_WRAP(ThreadCtl_r(cmd, data));
}
