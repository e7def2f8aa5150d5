// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's events (struct sigevent with <sys/siginfo.h>'s kinds) and their
 * delivery: MsgDeliverEvent() for a client, and the library's timers.
 *
 * A signal goes to any process the caller may signal.  A pulse names a
 * connection (sigev_coid) in the process that armed the event: here, it
 * is sent on that connection; for a client in another process, the
 * kernel sends it on the client's connection of that number
 * (RESMGR_IOC_DELIVER), which it knows because ConnectAttach() told it.
 * A new thread (SIGEV_THREAD) is made only here.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"
#include "neutrino/nto.h"

int rm_event_check(const struct sigevent *ev)
{
	if (!ev)
		return EFAULT;
	switch (ev->sigev_notify) {
	case SIGEV_NONE:
	case SIGEV_PULSE:
	case SIGEV_UNBLOCK:
		return 0;
	case SIGEV_SIGNAL:
	case SIGEV_SIGNAL_CODE:
	case SIGEV_SIGNAL_THREAD:
		return ev->sigev_signo > 0 && ev->sigev_signo < NSIG ? 0 : EINVAL;
	case SIGEV_THREAD:
		return ev->sigev_notify_function ? 0 : EINVAL;
	case SIGEV_INTR:	/* an interrupt's only: nto_interrupt.c */
		return ENOTSUP;
	default:
		return EINVAL;
	}
}

/*
 * A signal with a value and a code.  Linux lets a process queue a signal
 * to another only with a negative si_code (rt_sigqueueinfo's rule), which
 * QNX's application range SI_MINAVAIL..SI_MAXAVAIL is; any other code is
 * sent as SI_QUEUE.
 */
static int rm_sig_queue(pid_t pid, pid_t tid, int signo, int code,
			union sigval value)
{
	siginfo_t si;
	long ret;

	memset(&si, 0, sizeof(si));
	si.si_signo = signo;
	si.si_code = code >= SI_MINAVAIL && code <= SI_MAXAVAIL ? code : SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value = value;
	if (tid)
		ret = syscall(SYS_rt_tgsigqueueinfo, pid, tid, signo, &si);
	else
		ret = syscall(SYS_rt_sigqueueinfo, pid, signo, &si);
	return ret < 0 ? errno : 0;
}

struct rm_event_thread {
	void (*fn)(union sigval);
	union sigval value;
};

static void *rm_event_thread_main(void *arg)
{
	struct rm_event_thread t = *(struct rm_event_thread *)arg;

	free(arg);
	t.fn(t.value);
	return NULL;
}

static int rm_event_thread(const struct sigevent *ev)
{
	struct rm_event_thread *t = malloc(sizeof(*t));
	pthread_attr_t attr, *ap = ev->sigev_notify_attributes;
	pthread_t th;
	int err;

	if (!t)
		return ENOMEM;
	t->fn = ev->sigev_notify_function;
	t->value = ev->sigev_value;
	if (!ap) {
		pthread_attr_init(&attr);
		ap = &attr;
	}
	/* Nobody joins it: the caller's attributes may say otherwise. */
	pthread_attr_setdetachstate(ap, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&th, ap, rm_event_thread_main, t);
	if (ap == &attr)
		pthread_attr_destroy(&attr);
	if (err)
		free(t);
	return err;
}

int rm_event_deliver(pid_t pid, pid_t tid, const struct sigevent *ev)
{
	bool here = !pid || pid == getpid();
	int err = rm_event_check(ev);

	if (err)
		return err;
	if (!pid)
		pid = getpid();
	switch (ev->sigev_notify) {
	case SIGEV_NONE:
	case SIGEV_UNBLOCK:
		return 0;
	case SIGEV_SIGNAL:
		return kill(pid, ev->sigev_signo) < 0 ? errno : 0;
	case SIGEV_SIGNAL_CODE:
		return rm_sig_queue(pid, 0, ev->sigev_signo, ev->sigev_code,
				    ev->sigev_value);
	case SIGEV_SIGNAL_THREAD:
		return rm_sig_queue(pid, tid ? tid : pid, ev->sigev_signo,
				    ev->sigev_code, ev->sigev_value);
	case SIGEV_PULSE:
		if (!here)
			return ESRCH;
		return rm_pulse_send(ev->sigev_coid, ev->sigev_priority,
				     ev->sigev_code, ev->sigev_value) < 0 ?
			errno : 0;
	case SIGEV_THREAD:
		return here ? rm_event_thread(ev) : ESRCH;
	}
	return EINVAL;
}

/*
 * Messages other processes sent with MsgSend(), by rcvid, as they were
 * received: on QNX a server may deliver an event on a message after it
 * has replied to it, for as long as the client stays connected, which
 * is how a client is told of something later.  A direct-mapped table:
 * an rcvid whose slot a later message took is forgotten (ESRCH), and
 * one that two channels of this process gave out at once is too.
 *
 * Every message a server receives is noted, so the table takes no lock:
 * each slot has a sequence count, odd while a writer fills it.  Writers
 * of one slot take turns on the count; a reader copies the slot and
 * tries again if the count moved.  The fields are written and read with
 * atomics, so a reader racing a writer reads stale values, never torn
 * ones, and the count tells it to throw them away.
 */
#define RM_RECENT	4096

static struct rm_recent {
	uint32_t seq;
	int chan;	/* the channel's descriptor */
	uint64_t unique;
	pid_t pid;	/* the sender; 0: unknown or ambiguous */
} rm_recent[RM_RECENT];

void rm_event_note_sender(uint64_t unique, int chan, pid_t pid)
{
	struct rm_recent *r = &rm_recent[unique % RM_RECENT];
	uint32_t seq = __atomic_load_n(&r->seq, __ATOMIC_RELAXED);

	for (;;) {
		if (seq & 1) {
			/* Another writer's few stores: let it finish. */
			sched_yield();
			seq = __atomic_load_n(&r->seq, __ATOMIC_RELAXED);
			continue;
		}
		if (__atomic_compare_exchange_n(&r->seq, &seq, seq + 1, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			break;
	}
	/* The odd count is seen before any field changes. */
	__atomic_thread_fence(__ATOMIC_RELEASE);
	if (__atomic_load_n(&r->unique, __ATOMIC_RELAXED) == unique &&
	    __atomic_load_n(&r->chan, __ATOMIC_RELAXED) != chan)
		pid = 0;	/* the same rcvid from two channels */
	__atomic_store_n(&r->unique, unique, __ATOMIC_RELAXED);
	__atomic_store_n(&r->chan, chan, __ATOMIC_RELAXED);
	__atomic_store_n(&r->pid, pid, __ATOMIC_RELAXED);
	__atomic_store_n(&r->seq, seq + 2, __ATOMIC_RELEASE);
}

int rm_event_recent_find(int rcvid, int *chan, pid_t *pid)
{
	const struct rm_recent *r = &rm_recent[(unsigned)rcvid % RM_RECENT];
	uint32_t seq, again;
	uint64_t unique;
	pid_t p;
	int c;

	do {
		seq = __atomic_load_n(&r->seq, __ATOMIC_ACQUIRE);
		if (seq & 1) {
			sched_yield();
			again = seq + 1;
			continue;
		}
		unique = __atomic_load_n(&r->unique, __ATOMIC_RELAXED);
		c = __atomic_load_n(&r->chan, __ATOMIC_RELAXED);
		p = __atomic_load_n(&r->pid, __ATOMIC_RELAXED);
		/* The fields are read before the count is read again. */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		again = __atomic_load_n(&r->seq, __ATOMIC_RELAXED);
	} while (again != seq);
	if (unique != (uint64_t)(unsigned int)rcvid || p <= 0)
		return ESRCH;
	*chan = c;
	*pid = p;
	return 0;
}

/*
 * A pulse event for the sender of @rcvid, in another process: the
 * kernel finds its connection numbered sigev_coid.  While the message
 * is held, holding it is the permission; once replied to, the sender
 * must still be a client of the channel (RESMGR_DELIVER_CLIENT).
 */
static int rm_event_deliver_pulse(int rcvid, const struct sigevent *ev)
{
	struct resmgr_deliver d = {
		.size = sizeof(d), .coid = ev->sigev_coid,
		.code = ev->sigev_code, .priority = ev->sigev_priority,
	};
	struct rm_req req;
	int fd, err;

	_Static_assert(sizeof(ev->sigev_value) <= sizeof(d.value),
		       "sigval fits");
	memcpy(&d.value, &ev->sigev_value, sizeof(ev->sigev_value));
	err = rm_req_find(rcvid, &req);
	if (!err) {
		d.unique = req.unique;
		fd = req.dpp->fd;
	} else {
		err = rm_event_recent_find(rcvid, &fd, &d.pid);
		if (err)
			return err;
		d.flags = RESMGR_DELIVER_CLIENT;
	}
	if (rm_ioctl(fd, RESMGR_IOC_DELIVER, &d) < 0)
		/* A kernel without it cannot reach the client's coid. */
		return errno == ENOTTY ? ESRCH : errno;
	return 0;
}

int MsgDeliverEvent_r(int rcvid, const struct sigevent *event)
{
	struct _msg_info info;
	int err;

	if (rcvid <= 0)
		return -ESRCH;
	err = rm_event_check(event);
	if (err)
		return -err;
	if (MsgInfo(rcvid, &info) < 0) {
		/*
		 * Replied to already: a pulse can still reach a client that
		 * stays connected, as the kernel checks; a signal cannot, as
		 * its pid may have gone to another process meanwhile.
		 */
		if (errno == ESRCH && event->sigev_notify == SIGEV_PULSE)
			return -rm_event_deliver_pulse(rcvid, event);
		return -errno;
	}
	if (event->sigev_notify == SIGEV_PULSE && info.pid != getpid())
		return -rm_event_deliver_pulse(rcvid, event);
	return -rm_event_deliver(info.pid, info.tid, event);
}

int MsgDeliverEvent(int rcvid, const struct sigevent *event)
{
	int ret = MsgDeliverEvent_r(rcvid, event);

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}
