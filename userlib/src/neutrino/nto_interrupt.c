// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's interrupt calls for a driver's process: InterruptAttachEvent(),
 * InterruptAttach(), InterruptAttachThread(), InterruptWait(),
 * InterruptMask()/InterruptUnmask(), InterruptDetach(),
 * InterruptLock()/InterruptUnlock(), InterruptDisable()/InterruptEnable().
 *
 * The interrupt is a device's that the process attached through VFIO
 * (<pci/pci.h>): the kernel signals an eventfd per interrupt (vfio.c).
 * One library thread, started by the first attach, waits on every
 * vector's eventfd; it is this library's "interrupt context".  There it
 * delivers the sigevent of each InterruptAttachEvent() and calls each
 * InterruptAttach() handler, then delivers the event the handler
 * returns.  A handler runs in the driver's process, on that thread, with
 * every other handler and every InterruptDisable() section excluded: it
 * may take any lock and make any call (a QNX ISR may not), and it is
 * scheduled as a thread is.
 *
 * Masking is QNX's: each vector has a mask count.  Delivering an
 * InterruptAttachEvent() event raises it, as on QNX, so the driver
 * unmasks once it has handled the device; InterruptMask() raises it and
 * InterruptUnmask() lowers it.  A level (INTx) interrupt is masked by the
 * kernel when it fires and unmasked here once the count is 0 again (after
 * the handlers ran, or at the last InterruptUnmask()); an MSI that
 * arrives while masked is remembered and delivered at the unmask.
 *
 * SIGEV_INTR goes to the thread that attached: its InterruptWait()
 * returns.  Each such thread has a semaphore, so the wait ends on a
 * signal (EINTR) and on its timeout.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "hw/hw_i.h"
#include "neutrino/nto.h"

#define RM_INTR_MAX		64	/* attaches per process */
#define RM_INTR_WAITERS		64	/* threads that InterruptWait() */
#define RM_INTR_FLAGS		(_NTO_INTR_FLAGS_END | \
				 _NTO_INTR_FLAGS_PROCESS | \
				 _NTO_INTR_FLAGS_TRK_MSK | \
				 _NTO_INTR_FLAGS_NO_UNMASK | \
				 _NTO_INTR_FLAGS_EXCLUSIVE)

typedef const struct sigevent *(*rm_isr_t)(void *area, int id);

/* A routed vector. */
struct rm_intr_vec {
	int vector;
	struct rm_irq_source src;
	int mask;		/* QNX's mask count */
	bool hw_masked;		/* INTx fired; the kernel holds it masked */
	bool pending;		/* MSI fired while masked */
	int users;
	bool exclusive;
};

/* An attach: its id is its index + 1. */
struct rm_intr {
	struct rm_intr_vec *vec;
	bool used;
	bool is_event;
	struct sigevent event;
	rm_isr_t handler;
	void *area;
	pid_t tid;		/* the attaching thread */
	unsigned int flags;
	int masks;		/* mask count this id holds (TRK_MSK) */
};

struct rm_intr_waiter {
	pid_t tid;
	sem_t sem;
};

static pthread_mutex_t rm_intr_lock = PTHREAD_MUTEX_INITIALIZER;
/* Held while handlers run, and by InterruptDisable(). */
static pthread_mutex_t rm_intr_gate = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static struct rm_intr rm_intrs[RM_INTR_MAX];
static struct rm_intr_vec *rm_vecs[RM_PCI_MAX_ATTACHED];
static struct rm_intr_waiter rm_waiters[RM_INTR_WAITERS];
static int rm_intr_epfd = -1;
static bool rm_intr_thread_up;

static struct rm_intr *rm_intr_get(int id)
{
	if (id < 1 || id > RM_INTR_MAX || !rm_intrs[id - 1].used)
		return NULL;
	return &rm_intrs[id - 1];
}

static struct rm_intr_vec *rm_vec_find(int vector)
{
	int i;

	for (i = 0; i < RM_PCI_MAX_ATTACHED; i++)
		if (rm_vecs[i] && rm_vecs[i]->vector == vector)
			return rm_vecs[i];
	return NULL;
}

static pthread_key_t rm_waiter_key;

/* A thread that had a waiter exits: no SIGEV_INTR can reach it now. */
static void rm_waiter_exit(void *p)
{
	struct rm_intr_waiter *w = p;

	pthread_mutex_lock(&rm_intr_lock);
	sem_destroy(&w->sem);
	w->tid = 0;
	pthread_mutex_unlock(&rm_intr_lock);
}

/*
 * The InterruptWait() state of thread @tid; @make: create it (only for
 * the calling thread, whose exit frees it).
 */
static struct rm_intr_waiter *rm_waiter(pid_t tid, bool make)
{
	struct rm_intr_waiter *free_w = NULL;
	int i;

	for (i = 0; i < RM_INTR_WAITERS; i++) {
		if (rm_waiters[i].tid == tid)
			return &rm_waiters[i];
		if (!rm_waiters[i].tid && !free_w)
			free_w = &rm_waiters[i];
	}
	if (!make || !free_w)
		return NULL;
	sem_init(&free_w->sem, 0, 0);
	free_w->tid = tid;
	pthread_setspecific(rm_waiter_key, free_w);
	return free_w;
}

/* SIGEV_INTR: end thread @tid's InterruptWait(). */
static int rm_intr_wake(pid_t tid)
{
	struct rm_intr_waiter *w;
	int err = 0;

	pthread_mutex_lock(&rm_intr_lock);
	w = rm_waiter(tid, false);
	if (w)
		sem_post(&w->sem);
	else
		err = ESRCH;
	pthread_mutex_unlock(&rm_intr_lock);
	return err;
}

/*
 * The mask count of @v dropped to 0: let the kernel deliver a level
 * interrupt again, and replay an MSI that came while masked (through the
 * eventfd, so the interrupt thread handles it as any other).
 */
static void rm_vec_unmasked(struct rm_intr_vec *v)
{
	if (v->hw_masked) {
		v->hw_masked = false;
		rm_irq_unmask(v->vector);
	}
	if (v->pending) {
		v->pending = false;
		eventfd_write(v->src.efd, 1);
	}
}

/* One interrupt on @v, on the interrupt thread, which holds the gate. */
static void rm_vec_fire(struct rm_intr_vec *v)
{
	struct {
		int id;
		rm_isr_t handler;
		void *area;
		struct sigevent event;
		pid_t tid;
	} todo[RM_INTR_MAX];
	int i, n = 0, vector = v->vector;

	pthread_mutex_lock(&rm_intr_lock);
	if (v->src.level)
		v->hw_masked = true;
	if (v->mask > 0) {
		v->pending = !v->src.level;
		pthread_mutex_unlock(&rm_intr_lock);
		return;
	}
	for (i = 0; i < RM_INTR_MAX; i++) {
		struct rm_intr *at = &rm_intrs[i];

		if (!at->used || at->vec != v)
			continue;
		todo[n].id = i + 1;
		todo[n].handler = at->handler;
		todo[n].area = at->area;
		todo[n].event = at->event;
		todo[n].tid = at->tid;
		n++;
		if (at->is_event) {
			/* Delivered masked: the driver unmasks when done. */
			v->mask++;
			if (at->flags & _NTO_INTR_FLAGS_TRK_MSK)
				at->masks++;
		}
	}
	pthread_mutex_unlock(&rm_intr_lock);

	for (i = 0; i < n; i++) {
		const struct sigevent *ev = &todo[i].event;

		if (todo[i].handler)
			ev = todo[i].handler(todo[i].area, todo[i].id);
		if (ev && ev->sigev_notify == SIGEV_INTR)
			rm_intr_wake(todo[i].tid);
		else if (ev)
			rm_event_deliver(0, todo[i].tid, ev);
	}

	/* A handler may have detached the last attach, freeing @v. */
	pthread_mutex_lock(&rm_intr_lock);
	v = rm_vec_find(vector);
	if (v && !v->mask)
		rm_vec_unmasked(v);
	pthread_mutex_unlock(&rm_intr_lock);
}

static void *rm_intr_thread(void *arg)
{
	int epfd = (int)(intptr_t)arg;
	sigset_t all;

	/* Signals are for the driver's threads, not this one. */
	sigfillset(&all);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	for (;;) {
		struct epoll_event evs[8];
		int i, n;

		n = epoll_wait(epfd, evs, 8, -1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EBADF)	/* a forked child's old set */
				return NULL;
			continue;
		}
		for (i = 0; i < n; i++) {
			struct rm_intr_vec *v;
			eventfd_t cnt;
			int vector = (int)evs[i].data.u32;

			/*
			 * InterruptDetach() frees a vector under the gate,
			 * so @v lives while the gate is held.
			 */
			pthread_mutex_lock(&rm_intr_gate);
			pthread_mutex_lock(&rm_intr_lock);
			v = rm_vec_find(vector);
			if (v && eventfd_read(v->src.efd, &cnt))
				v = NULL;
			pthread_mutex_unlock(&rm_intr_lock);
			if (v)
				rm_vec_fire(v);
			pthread_mutex_unlock(&rm_intr_gate);
		}
	}
	return NULL;
}

/* The caller holds rm_intr_lock. */
static int rm_intr_thread_start(void)
{
	pthread_attr_t attr;
	pthread_t th;
	int err;

	if (rm_intr_epfd < 0) {
		rm_intr_epfd = epoll_create1(EPOLL_CLOEXEC);
		if (rm_intr_epfd < 0)
			return errno;
	}
	if (rm_intr_thread_up)
		return 0;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&th, &attr, rm_intr_thread,
			     (void *)(intptr_t)rm_intr_epfd);
	pthread_attr_destroy(&attr);
	if (!err) {
		pthread_setname_np(th, "resmgr-intr");
		rm_intr_thread_up = true;
	}
	return err;
}

/* Find or route @vector; the caller holds rm_intr_lock. */
static int rm_vec_get(int vector, unsigned int flags, struct rm_intr_vec **out)
{
	struct epoll_event ev = { .events = EPOLLIN };
	struct rm_intr_vec *v = rm_vec_find(vector);
	int i, slot = -1, err;

	if (v) {
		if (v->exclusive || (flags & _NTO_INTR_FLAGS_EXCLUSIVE))
			return EBUSY;
		v->users++;
		*out = v;
		return 0;
	}
	for (i = 0; i < RM_PCI_MAX_ATTACHED; i++)
		if (!rm_vecs[i]) {
			slot = i;
			break;
		}
	if (slot < 0)
		return EAGAIN;
	err = rm_intr_thread_start();
	if (err)
		return err;
	v = calloc(1, sizeof(*v));
	if (!v)
		return ENOMEM;
	err = rm_irq_route(vector, &v->src);
	if (err) {
		free(v);
		return err;
	}
	v->vector = vector;
	v->users = 1;
	v->exclusive = flags & _NTO_INTR_FLAGS_EXCLUSIVE;
	ev.data.u32 = (uint32_t)vector;
	if (epoll_ctl(rm_intr_epfd, EPOLL_CTL_ADD, v->src.efd, &ev) < 0) {
		err = errno;
		rm_irq_unroute(vector);
		free(v);
		return err;
	}
	rm_vecs[slot] = v;
	*out = v;
	return 0;
}

static void rm_vec_put(struct rm_intr_vec *v)
{
	int i;

	if (--v->users)
		return;
	epoll_ctl(rm_intr_epfd, EPOLL_CTL_DEL, v->src.efd, NULL);
	rm_irq_unroute(v->vector);
	for (i = 0; i < RM_PCI_MAX_ATTACHED; i++)
		if (rm_vecs[i] == v)
			rm_vecs[i] = NULL;
	free(v);
}

static int rm_intr_attach(int intr, const struct sigevent *event,
			  rm_isr_t handler, void *area, unsigned int flags)
{
	struct rm_intr *at = NULL;
	struct rm_intr_vec *v = NULL;
	int i, err;

	if (flags & ~RM_INTR_FLAGS)
		return -EINVAL;
	/* SIGEV_INTR is an interrupt's alone; the others go anywhere. */
	if (event && event->sigev_notify != SIGEV_INTR) {
		err = rm_event_check(event);
		if (err)
			return -err;
	}
	pthread_mutex_lock(&rm_intr_lock);
	for (i = 0; i < RM_INTR_MAX; i++)
		if (!rm_intrs[i].used) {
			at = &rm_intrs[i];
			break;
		}
	err = EAGAIN;
	if (!at)
		goto out;
	/*
	 * SIGEV_INTR, the event's or one a handler returns, goes to this
	 * thread: it must count from now, not from its InterruptWait().
	 */
	if ((!event || event->sigev_notify == SIGEV_INTR) &&
	    !rm_waiter(gettid(), true)) {
		err = EAGAIN;
		goto out;
	}
	err = rm_vec_get(intr, flags, &v);
	if (err)
		goto out;
	memset(at, 0, sizeof(*at));
	at->used = true;
	at->vec = v;
	at->is_event = event != NULL;
	if (event)
		at->event = *event;
	at->handler = handler;
	at->area = area;
	at->tid = gettid();
	at->flags = flags;
	if (flags & _NTO_INTR_FLAGS_NO_UNMASK) {
		/* Attached masked: the first InterruptUnmask() enables it. */
		v->mask++;
		if (flags & _NTO_INTR_FLAGS_TRK_MSK)
			at->masks++;
	}
	err = 0;
out:
	pthread_mutex_unlock(&rm_intr_lock);
	return err ? -err : (int)(at - rm_intrs) + 1;
}

int InterruptAttachEvent_r(int intr, const struct sigevent *event,
			   unsigned int flags)
{
	if (!event)
		return -EFAULT;
	return rm_intr_attach(intr, event, NULL, NULL, flags);
}

int InterruptAttachEvent(int intr, const struct sigevent *event,
			 unsigned int flags)
{
	RM_ERRNO_WRAP(InterruptAttachEvent_r(intr, event, flags));
}

int InterruptAttach_r(int intr,
		      const struct sigevent *(*handler)(void *area, int id),
		      const void *area, int size, unsigned int flags)
{
	if (!handler || size < 0)
		return -EINVAL;
	return rm_intr_attach(intr, NULL, handler, (void *)area, flags);
}

int InterruptAttach(int intr,
		    const struct sigevent *(*handler)(void *area, int id),
		    const void *area, int size, unsigned int flags)
{
	RM_ERRNO_WRAP(InterruptAttach_r(intr, handler, area, size, flags));
}

int InterruptAttachThread_r(int intr, unsigned int flags)
{
	struct sigevent ev;

	SIGEV_INTR_INIT(&ev);
	return rm_intr_attach(intr, &ev, NULL, NULL, flags);
}

int InterruptAttachThread(int intr, unsigned int flags)
{
	RM_ERRNO_WRAP(InterruptAttachThread_r(intr, flags));
}

int InterruptDetach_r(int id)
{
	struct rm_intr_vec *v;
	struct rm_intr *at;

	/* Out of the gate, no handler of this id runs or will. */
	pthread_mutex_lock(&rm_intr_gate);
	pthread_mutex_lock(&rm_intr_lock);
	at = rm_intr_get(id);
	if (!at) {
		pthread_mutex_unlock(&rm_intr_lock);
		pthread_mutex_unlock(&rm_intr_gate);
		return -EINVAL;
	}
	v = at->vec;
	at->used = false;
	/* The masks the id held go with it. */
	if (at->masks) {
		v->mask -= at->masks;
		if (v->mask < 0)
			v->mask = 0;
		if (!v->mask)
			rm_vec_unmasked(v);
	}
	rm_vec_put(v);
	pthread_mutex_unlock(&rm_intr_lock);
	pthread_mutex_unlock(&rm_intr_gate);
	return 0;
}

int InterruptDetach(int id)
{
	RM_ERRNO_WRAP(InterruptDetach_r(id));
}

/* @intr's vector, and @id's attach if @id names one on it. */
static int rm_mask_target(int intr, int id, struct rm_intr_vec **v,
			  struct rm_intr **at)
{
	*v = rm_vec_find(intr);
	if (!*v)
		return EINVAL;
	*at = rm_intr_get(id);
	if (*at && ((*at)->vec != *v || !((*at)->flags & _NTO_INTR_FLAGS_TRK_MSK)))
		*at = NULL;
	return 0;
}

int InterruptMask(int intr, int id)
{
	struct rm_intr_vec *v;
	struct rm_intr *at;
	int ret;

	pthread_mutex_lock(&rm_intr_lock);
	ret = -rm_mask_target(intr, id, &v, &at);
	if (!ret) {
		ret = ++v->mask;
		if (at)
			at->masks++;
	}
	pthread_mutex_unlock(&rm_intr_lock);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

int InterruptUnmask(int intr, int id)
{
	struct rm_intr_vec *v;
	struct rm_intr *at;
	int ret;

	pthread_mutex_lock(&rm_intr_lock);
	ret = -rm_mask_target(intr, id, &v, &at);
	if (!ret && v->mask > 0) {
		/* An id that tracks its masks undoes only its own. */
		if (at && !at->masks) {
			ret = v->mask;
			goto out;
		}
		if (at)
			at->masks--;
		if (!--v->mask)
			rm_vec_unmasked(v);
	}
	if (!ret)
		ret = v->mask;
out:
	pthread_mutex_unlock(&rm_intr_lock);
	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* _NTO_INTR_WAIT_FLAGS_UNMASK: unmask what this thread's attach masked. */
static void rm_intr_unmask_mine(void)
{
	pid_t tid = gettid();
	int i;

	pthread_mutex_lock(&rm_intr_lock);
	for (i = 0; i < RM_INTR_MAX; i++) {
		struct rm_intr *at = &rm_intrs[i];

		if (!at->used || at->tid != tid || !at->is_event ||
		    at->event.sigev_notify != SIGEV_INTR || at->vec->mask <= 0)
			continue;
		if (at->masks)
			at->masks--;
		if (!--at->vec->mask)
			rm_vec_unmasked(at->vec);
	}
	pthread_mutex_unlock(&rm_intr_lock);
}

int InterruptWait_r(int flags, const uint64_t *timeout)
{
	struct rm_intr_waiter *w;
	struct timespec ts;
	int r;

	if (flags & ~(_NTO_INTR_WAIT_FLAGS_UNMASK | _NTO_INTR_WAIT_FLAGS_FAST))
		return -EINVAL;
	pthread_mutex_lock(&rm_intr_lock);
	w = rm_waiter(gettid(), true);
	pthread_mutex_unlock(&rm_intr_lock);
	if (!w)
		return -EAGAIN;
	if (flags & _NTO_INTR_WAIT_FLAGS_UNMASK)
		rm_intr_unmask_mine();
	if (!timeout) {
		r = sem_wait(&w->sem);
	} else {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		ts.tv_sec += (time_t)(*timeout / 1000000000ULL);
		ts.tv_nsec += (long)(*timeout % 1000000000ULL);
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		r = sem_clockwait(&w->sem, CLOCK_MONOTONIC, &ts);
	}
	return r < 0 ? -errno : 0;
}

int InterruptWait(int flags, const uint64_t *timeout)
{
	RM_ERRNO_WRAP(InterruptWait_r(flags, timeout));
}

void InterruptLock(intrspin_t *spin)
{
	unsigned int spins = 0;

	while (__atomic_exchange_n(&spin->value, 1, __ATOMIC_ACQUIRE)) {
		/* The holder may be a preempted thread: let it run. */
		while (__atomic_load_n(&spin->value, __ATOMIC_RELAXED))
			if (++spins % 128 == 0)
				sched_yield();
	}
}

void InterruptUnlock(intrspin_t *spin)
{
	__atomic_store_n(&spin->value, 0, __ATOMIC_RELEASE);
}

void InterruptDisable(void)
{
	pthread_mutex_lock(&rm_intr_gate);
}

void InterruptEnable(void)
{
	pthread_mutex_unlock(&rm_intr_gate);
}

/*
 * A forked child (procmgr_daemon()'s, typically) keeps the parent's
 * attaches, which its own interrupt thread serves from a new epoll set.
 */
static void rm_intr_prepare(void)
{
	pthread_mutex_lock(&rm_intr_gate);
	pthread_mutex_lock(&rm_intr_lock);
}

static void rm_intr_parent(void)
{
	pthread_mutex_unlock(&rm_intr_lock);
	pthread_mutex_unlock(&rm_intr_gate);
}

static void rm_intr_child(void)
{
	pthread_mutexattr_t ma;
	int i;

	/*
	 * The child's thread is not the owner the recursive gate
	 * recorded, so unlocking would fail: start both locks afresh.
	 */
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rm_intr_gate, &ma);
	pthread_mutexattr_destroy(&ma);
	pthread_mutex_init(&rm_intr_lock, NULL);

	rm_intr_thread_up = false;
	if (rm_intr_epfd >= 0) {
		close(rm_intr_epfd);
		rm_intr_epfd = -1;
	}
	for (i = 0; i < RM_INTR_WAITERS; i++)
		rm_waiters[i].tid = 0;
	pthread_setspecific(rm_waiter_key, NULL);
	for (i = 0; i < RM_PCI_MAX_ATTACHED; i++) {
		struct epoll_event ev = { .events = EPOLLIN };

		if (!rm_vecs[i] || rm_intr_thread_start())
			continue;
		ev.data.u32 = (uint32_t)rm_vecs[i]->vector;
		epoll_ctl(rm_intr_epfd, EPOLL_CTL_ADD, rm_vecs[i]->src.efd, &ev);
	}
}

static __attribute__((constructor)) void rm_intr_init(void)
{
	pthread_key_create(&rm_waiter_key, rm_waiter_exit);
	pthread_atfork(rm_intr_prepare, rm_intr_parent, rm_intr_child);
}
