// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's ionotify(): a client asks to be sent an event (a pulse to one of
 * its own channels, a signal, a thread) when input, room for output or
 * out-of-band data is there on a descriptor.
 *
 * On QNX the request goes to the server, which keeps the sigevent and
 * delivers it with MsgDeliverEvent() when iofunc_notify_trigger() runs.
 * Here the kernel already carries a server's trigger to the open's
 * waiters (RESMGR_IOC_NOTIFY wakes what poll(2) and epoll wait on), so
 * the client's event is delivered in the client: one library thread,
 * started by the first arm, waits with epoll on every armed descriptor
 * and delivers the event of each condition that became true.  The same
 * works for any descriptor Linux can poll (a pipe, a socket), as
 * ionotify() does on any QNX resource manager.
 *
 * Each condition list (input, output, out-of-band) has an epoll set of
 * its own, nested in the thread's: a descriptor is in each set at most
 * once, armed with EPOLLONESHOT for that list's events alone, so one
 * list firing disarms it without touching the others, as each arm is
 * one-shot on QNX.  An arm is stored before epoll is told, and epoll
 * checks the condition when told, so a condition that becomes true in
 * between is never missed.
 *
 * An arm is keyed by descriptor number.  epoll forgets a descriptor when
 * its file is closed, so an arm for a number that now names another file
 * finds no registration (ENOENT) and makes a new one, under a new
 * generation: whatever the old one still reports is ignored.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/iomsg.h>
#include <unistd.h>

#include "kernel/kernel_i.h"
#include "neutrino/nto.h"

#define RM_NOTIFY_NLISTS	3
#define RM_NOTIFY_FD_MAX	(1 << 24)	/* above any RLIMIT_NOFILE */

static const int32_t rm_list_cond[RM_NOTIFY_NLISTS] = {
	_NOTIFY_COND_INPUT, _NOTIFY_COND_OUTPUT, _NOTIFY_COND_OBAND,
};

struct rm_arm {
	uint32_t gen;		/* of the fd's registration; 0: none */
	bool armed;
	pid_t tid;		/* the arming thread, for SIGEV_SIGNAL_THREAD */
	struct sigevent ev;
};

struct rm_notify_fd {
	struct rm_arm list[RM_NOTIFY_NLISTS];
};

/*
 * rm_notify_lock guards the table and the generation counter.  epoll is
 * told outside it, as telling epoll asks a resmgr server what is ready
 * and the server may be slow: under the lock of the descriptor's stripe
 * instead, so a slow server holds up only arms of descriptors that share
 * its stripe, and never the thread that delivers.
 */
#define RM_NOTIFY_STRIPES	64
static pthread_mutex_t rm_notify_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t rm_notify_ctl_lock[RM_NOTIFY_STRIPES] = {
	[0 ... RM_NOTIFY_STRIPES - 1] = PTHREAD_MUTEX_INITIALIZER,
};
static struct rm_notify_fd *rm_notify_fds;
static int rm_notify_nfds;
static uint32_t rm_notify_gen;
static int rm_notify_epfd = -1;			/* the thread's */
static int rm_notify_list_epfd[RM_NOTIFY_NLISTS] = { -1, -1, -1 };

static uint64_t rm_notify_tag(uint32_t gen, int fd)
{
	return (uint64_t)gen << 32 | (uint32_t)fd;
}

/* The poll events that make @cond true, with an error and a hang-up. */
static uint32_t rm_cond_events(int32_t cond)
{
	return rm_notify_events(cond) | POLLERR | POLLHUP;
}

/*
 * Conditions of @want that @revents make true.  An error or a hang-up
 * makes all of them true: the client's next read or write then fails or
 * sees the end, rather than waiting for a server that is gone.
 */
static int32_t rm_revents_cond(uint32_t revents, int32_t want)
{
	if (revents & (POLLERR | POLLHUP))
		return want;
	return rm_notify_cond(revents) & want;
}

/* Under rm_notify_lock: deliver what list @l of @fd's epoll set says. */
static void rm_notify_fire(int l, uint64_t tag, uint32_t revents)
{
	int fd = (int)(uint32_t)tag;
	struct sigevent ev;
	struct rm_arm *a;
	pid_t tid;

	pthread_mutex_lock(&rm_notify_lock);
	a = fd < rm_notify_nfds ? &rm_notify_fds[fd].list[l] : NULL;
	if (!a || !a->armed || a->gen != (uint32_t)(tag >> 32) ||
	    !rm_revents_cond(revents, rm_list_cond[l])) {
		/* Disarmed, re-armed on another file, or nothing for it. */
		pthread_mutex_unlock(&rm_notify_lock);
		return;
	}
	a->armed = false;
	ev = a->ev;
	tid = a->tid;
	pthread_mutex_unlock(&rm_notify_lock);
	/* A pulse queue that is full loses this one, as on QNX. */
	rm_event_deliver(0, tid, &ev);
}

static void *rm_notify_thread(void *arg)
{
	struct epoll_event outer[RM_NOTIFY_NLISTS], evs[32];
	sigset_t all;
	int i, j, n, m;

	(void)arg;
	/* Signals are for the application's threads, never this one. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		n = epoll_wait(rm_notify_epfd, outer, RM_NOTIFY_NLISTS, -1);
		for (i = 0; i < n; i++) {
			int l = outer[i].data.u32;

			m = epoll_wait(rm_notify_list_epfd[l], evs, 32, 0);
			for (j = 0; j < m; j++)
				rm_notify_fire(l, evs[j].data.u64,
					       evs[j].events);
		}
	}
	return NULL;
}

/* Under rm_notify_lock: the epoll sets and their thread, once. */
static int rm_notify_start(void)
{
	struct epoll_event ee = { .events = EPOLLIN };
	pthread_attr_t attr;
	pthread_t th;
	int err = 0, l;

	if (rm_notify_epfd >= 0)
		return 0;
	rm_notify_epfd = epoll_create1(EPOLL_CLOEXEC);
	if (rm_notify_epfd < 0)
		return errno;
	for (l = 0; l < RM_NOTIFY_NLISTS && !err; l++) {
		rm_notify_list_epfd[l] = epoll_create1(EPOLL_CLOEXEC);
		ee.data.u32 = l;
		if (rm_notify_list_epfd[l] < 0 ||
		    epoll_ctl(rm_notify_epfd, EPOLL_CTL_ADD,
			      rm_notify_list_epfd[l], &ee) < 0)
			err = errno;
	}
	if (!err) {
		pthread_attr_init(&attr);
		pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
		err = pthread_create(&th, &attr, rm_notify_thread, NULL);
		pthread_attr_destroy(&attr);
	}
	if (err) {
		for (l = 0; l < RM_NOTIFY_NLISTS; l++) {
			if (rm_notify_list_epfd[l] >= 0)
				close(rm_notify_list_epfd[l]);
			rm_notify_list_epfd[l] = -1;
		}
		close(rm_notify_epfd);
		rm_notify_epfd = -1;
		return err;
	}
	pthread_setname_np(th, "resmgr-notify");
	return 0;
}

/* Under rm_notify_lock: @fd's entry, the table grown to hold it. */
static struct rm_notify_fd *rm_notify_entry(int fd)
{
	struct rm_notify_fd *t;
	int n;

	if (fd < rm_notify_nfds)
		return &rm_notify_fds[fd];
	n = rm_notify_nfds ? rm_notify_nfds : 64;
	while (n <= fd)
		n *= 2;
	t = realloc(rm_notify_fds, n * sizeof(*t));
	if (!t)
		return NULL;
	memset(t + rm_notify_nfds, 0, (n - rm_notify_nfds) * sizeof(*t));
	rm_notify_fds = t;
	rm_notify_nfds = n;
	return &t[fd];
}

/*
 * Tell list @l's epoll set to report @fd once.  A file the set does not
 * know (a new one, or the number now names another) gets a new
 * registration generation, recorded before epoll is told, so that a
 * report that comes at once is taken.  The descriptor's stripe lock
 * keeps the generation and the registration in step between threads.
 */
static int rm_notify_register(int l, int fd)
{
	pthread_mutex_t *ctl = &rm_notify_ctl_lock[fd % RM_NOTIFY_STRIPES];
	struct epoll_event ee = {
		.events = rm_cond_events(rm_list_cond[l]) | EPOLLONESHOT,
	};
	struct rm_arm *a;
	uint32_t gen;
	int err;

	pthread_mutex_lock(ctl);
	pthread_mutex_lock(&rm_notify_lock);
	gen = rm_notify_fds[fd].list[l].gen;
	pthread_mutex_unlock(&rm_notify_lock);
	err = ENOENT;		/* never registered */
	if (gen) {
		ee.data.u64 = rm_notify_tag(gen, fd);
		err = epoll_ctl(rm_notify_list_epfd[l], EPOLL_CTL_MOD, fd,
				&ee) < 0 ? errno : 0;
	}
	if (err == ENOENT) {
		pthread_mutex_lock(&rm_notify_lock);
		if (!++rm_notify_gen)
			rm_notify_gen = 1;
		a = &rm_notify_fds[fd].list[l];
		a->gen = rm_notify_gen;
		ee.data.u64 = rm_notify_tag(a->gen, fd);
		pthread_mutex_unlock(&rm_notify_lock);
		err = epoll_ctl(rm_notify_list_epfd[l], EPOLL_CTL_ADD, fd,
				&ee) < 0 ? errno : 0;
	}
	pthread_mutex_unlock(ctl);
	/* A file that cannot be polled (a regular file) has no transitions. */
	return err == EPERM ? ENOTSUP : err;
}

/* Arm the lists of @cond on @fd with @ev (NULL: disarm them). */
static int rm_notify_arm(int fd, int32_t cond, const struct sigevent *ev)
{
	struct rm_notify_fd *e;
	int err = 0, l;

	pthread_mutex_lock(&rm_notify_lock);
	if (ev)
		err = rm_notify_start();
	e = err ? NULL : rm_notify_entry(fd);
	if (!err && !e)
		err = ENOMEM;
	for (l = 0; !err && l < RM_NOTIFY_NLISTS; l++) {
		if (!(cond & rm_list_cond[l]))
			continue;
		e->list[l].armed = ev != NULL;
		if (!ev)
			continue;
		e->list[l].ev = *ev;
		e->list[l].tid = gettid();
	}
	pthread_mutex_unlock(&rm_notify_lock);
	if (err || !ev)
		return err;

	for (l = 0; l < RM_NOTIFY_NLISTS; l++) {
		if (!(cond & rm_list_cond[l]))
			continue;
		err = rm_notify_register(l, fd);
		if (err) {
			pthread_mutex_lock(&rm_notify_lock);
			rm_notify_fds[fd].list[l].armed = false;
			pthread_mutex_unlock(&rm_notify_lock);
			return err;
		}
	}
	return 0;
}

/* The conditions of @cond true on @fd now. */
static int rm_notify_poll(int fd, int32_t cond, int32_t *ready)
{
	struct pollfd p = { .fd = fd, .events = rm_notify_events(cond) };
	int n;

	do {
		n = poll(&p, 1, 0);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno;
	if (p.revents & POLLNVAL)
		return EBADF;
	*ready = n ? rm_revents_cond(p.revents, cond) : 0;
	return 0;
}

int ionotify(int fd, int action, int flags, const struct sigevent *event)
{
	int32_t cond = flags & _NOTIFY_COND_MASK, ready = 0;
	int err;

	/* A disarm tells epoll nothing, so it checks the number here. */
	if (fd < 0 || fd >= RM_NOTIFY_FD_MAX ||
	    (!event && fcntl(fd, F_GETFD) < 0)) {
		errno = EBADF;
		return -1;
	}
	if (flags & ~_NOTIFY_COND_MASK)
		goto inval;
	switch (action & _NOTIFY_ACTION_MASK) {
	case _NOTIFY_ACTION_POLL:
		err = rm_notify_poll(fd, cond, &ready);
		break;
	case _NOTIFY_ACTION_POLLARM:
	case _NOTIFY_ACTION_CONDARM:
	case _NOTIFY_ACTION_TRANARM:
		if (event) {
			err = rm_event_check(event);
			/* SIGEV_UNBLOCK is TimerTimeout()'s alone. */
			if (!err && event->sigev_notify == SIGEV_UNBLOCK)
				err = EINVAL;
			if (err)
				break;
		}
		/* A transition is awaited whatever holds now. */
		if (event && (action & _NOTIFY_ACTION_MASK) !=
		    _NOTIFY_ACTION_TRANARM) {
			err = rm_notify_poll(fd, cond, &ready);
			if (err || ready)
				break;
		}
		err = rm_notify_arm(fd, cond, event);
		break;
	default:
		goto inval;
	}
	if (err) {
		errno = err;
		return -1;
	}
	return ready;
inval:
	errno = EINVAL;
	return -1;
}

/*
 * A child of fork() has no notify thread, and its copies of the epoll
 * descriptors name the parent's sets: it starts afresh, with no arms.
 */
static void rm_notify_child(void)
{
	int l;

	if (rm_notify_epfd >= 0)
		close(rm_notify_epfd);
	rm_notify_epfd = -1;
	for (l = 0; l < RM_NOTIFY_NLISTS; l++) {
		if (rm_notify_list_epfd[l] >= 0)
			close(rm_notify_list_epfd[l]);
		rm_notify_list_epfd[l] = -1;
	}
	free(rm_notify_fds);
	rm_notify_fds = NULL;
	rm_notify_nfds = 0;
	pthread_mutex_init(&rm_notify_lock, NULL);
	/* A stripe another thread held at the fork stays held otherwise. */
	for (l = 0; l < RM_NOTIFY_STRIPES; l++)
		pthread_mutex_init(&rm_notify_ctl_lock[l], NULL);
}

static void rm_notify_prepare(void)
{
	pthread_mutex_lock(&rm_notify_lock);
}

static void rm_notify_parent(void)
{
	pthread_mutex_unlock(&rm_notify_lock);
}

__attribute__((constructor)) static void rm_notify_init(void)
{
	pthread_atfork(rm_notify_prepare, rm_notify_parent, rm_notify_child);
}
