// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Waking a thread blocked in dispatch_block().
 *
 * The hot path is a single blocking RESMGR_IOC_XFER; the protocol has no
 * call to interrupt another thread's receive, so the waker sends the
 * thread RM_WAKE_SIGNAL, which makes the kernel's wait return EINTR (the
 * module never restarts a receive).  The other ways were worse: a receive
 * timeout wakes every idle thread periodically and still delays the wake
 * by up to the timeout; poll() on the channel plus an eventfd costs a
 * second system call per request and wakes every polling thread for each
 * request.  Signals cost nothing on the hot path.
 *
 * The race: the signal can arrive after the thread decided to block but
 * before it is inside the kernel's wait, where it would just be lost.
 * The handler closes it by setting RESMGR_XFER_NONBLOCK in the very
 * struct resmgr_xfer the thread is about to pass (published per thread
 * by rm_wake_arm()): if the kernel has not read it yet it sees NONBLOCK
 * and returns at once; if it has, the signal is pending when it waits,
 * which returns EINTR.  And the waker only signals a thread that has
 * announced RM_BS_XFER, after making its reason visible; the thread
 * announces RM_BS_XFER before its last look at the reasons (both
 * sequentially consistent), so either the thread sees the reason or the
 * waker sees the thread.
 *
 * The signal is unblocked once in each thread that receives; a thread
 * running anything else when a late signal arrives sees a handler that
 * only touches that thread's pending receive (none), with SA_RESTART.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

/* initial-exec: the handler must not be the first to touch it (lazy TLS) */
static __thread struct resmgr_xfer *volatile rm_wake_xfer
	__attribute__((tls_model("initial-exec")));
static __thread bool rm_wake_ready;
static pthread_once_t rm_wake_once = PTHREAD_ONCE_INIT;

static void rm_wake_handler(int sig)
{
	struct resmgr_xfer *x = rm_wake_xfer;

	if (x)
		x->flags |= RESMGR_XFER_NONBLOCK;
}

static void rm_wake_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rm_wake_handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(RM_WAKE_SIGNAL, &sa, NULL);
}

/* Once per receiving thread: the handler exists and the signal gets through. */
void rm_wake_thread_init(void)
{
	sigset_t set;

	if (rm_wake_ready)
		return;
	pthread_once(&rm_wake_once, rm_wake_install);
	sigemptyset(&set);
	sigaddset(&set, RM_WAKE_SIGNAL);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	rm_wake_ready = true;
}

/* @x is the receive the calling thread is about to make. */
void rm_wake_arm(struct resmgr_xfer *x)
{
	rm_wake_xfer = x;
	atomic_signal_fence(memory_order_seq_cst);
}

void rm_wake_disarm(void)
{
	atomic_signal_fence(memory_order_seq_cst);
	rm_wake_xfer = NULL;
}

/* The eventfd that wakes the leader; caller holds ext->lock. */
int rm_wakefd_get(struct rm_dext *ext)
{
	if (ext->wakefd < 0)
		ext->wakefd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return ext->wakefd;
}

static void rm_wakefd_kick(struct rm_dext *ext)
{
	uint64_t one = 1;
	ssize_t n;

	if (ext->wakefd >= 0)
		n = write(ext->wakefd, &one, sizeof(one));
	(void)n;
}

/* The leader must rebuild its poll set.  Caller holds ext->lock. */
void rm_wake_leader(struct rm_dext *ext)
{
	if (ext->leader)
		rm_wakefd_kick(ext);
}

/*
 * Wake @cx's thread if it is blocked; the caller has already made the
 * reason visible (an atomic store or a queue change under ext->lock).
 * Caller holds ext->lock, which keeps @cx allocated.
 */
void rm_wake_ctx(struct rm_dext *ext, struct rm_cext *cx)
{
	switch (atomic_load(&cx->state)) {
	case RM_BS_XFER:
		pthread_kill(cx->thread, RM_WAKE_SIGNAL);
		break;
	case RM_BS_POLL:
		rm_wakefd_kick(ext);
		break;
	default:
		break;	/* it looks at the reasons before it blocks again */
	}
}

/*
 * Something for any one thread to do (a pulse queued, descriptors to
 * watch): the leader if there is one, else one blocked thread.  A thread
 * not blocked looks at the queue before it blocks.  Caller holds
 * ext->lock.
 */
void rm_wake_one(struct rm_dext *ext)
{
	struct rm_cext *cx;

	if (ext->leader) {
		rm_wakefd_kick(ext);
		if (atomic_load(&ext->leader->state) == RM_BS_POLL)
			return;
		/* the leader is busy with an event: someone else may be free */
	}
	for (cx = ext->ctxs; cx; cx = cx->next) {
		if (atomic_load(&cx->state) == RM_BS_XFER) {
			pthread_kill(cx->thread, RM_WAKE_SIGNAL);
			return;
		}
	}
}
