// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Notification in the POSIX layer: select(), poll() and epoll.
 *
 * A client's poll on an open arrives as a notify request (action
 * POLLARM) carrying, besides the QNX message, the kernel's handle for
 * that open's waiters (ctx->notify_kh).  iofunc_notify() replies what is
 * ready and remembers (handle, channel, open, conditions, threshold) on
 * the resource's lists, even when something is ready: unlike QNX's
 * POLLARM, which arms only when nothing is, an edge-triggered epoll
 * waiter must hear of every new arrival.  When the resource changes, the
 * manager calls iofunc_notify_trigger(), which wakes the waiters with
 * RESMGR_IOC_NOTIFY and forgets the entry: the kernel asks again after
 * each wakeup, so one wakeup per arm is all it takes.  No sigevent is
 * delivered (Linux's poll machinery needs none).
 *
 * The lists belong to the resource and are used under its attr lock.
 * The library's changes to them are also made under rm_notify_lock, a
 * leaf lock, so that list code running in two threads (a trigger from a
 * thread that forgot the attr lock, say) cannot corrupt them; the
 * wakeups themselves are sent after it is dropped.
 */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch/dispatch_i.h"

#define RM_NOTIFY_NLISTS	3

static pthread_mutex_t rm_notify_lock = PTHREAD_MUTEX_INITIALIZER;

static const int32_t rm_notify_list_cond[RM_NOTIFY_NLISTS] = {
	[IOFUNC_NOTIFY_INPUT]	= _NOTIFY_COND_INPUT,
	[IOFUNC_NOTIFY_OUTPUT]	= _NOTIFY_COND_OUTPUT,
	[IOFUNC_NOTIFY_OBAND]	= _NOTIFY_COND_OBAND,
};

/* Caller holds rm_notify_lock: the lowest threshold left on @n. */
static void rm_notify_recount(iofunc_notify_t *n)
{
	iofunc_notify_event_t *e;
	int low = 0;

	for (e = n->list; e; e = e->next)
		if (e == n->list || e->cnt < low)
			low = e->cnt;
	n->cnt = low;
}

/* Caller holds rm_notify_lock.  Arm (or re-arm) one open on list @n. */
static int rm_notify_arm(iofunc_notify_t *n, int chid, uint32_t kh,
			 uint64_t handle, int cnt, int32_t flags)
{
	iofunc_notify_event_t *e;

	for (e = n->list; e; e = e->next)
		if (e->chid == chid && e->kh == kh)
			break;
	if (!e) {
		e = calloc(1, sizeof(*e));
		if (!e)
			return ENOMEM;
		e->chid = chid;
		e->kh = kh;
		e->next = n->list;
		n->list = e;
	}
	e->handle = handle;
	e->cnt = cnt;
	e->flags = flags;
	rm_notify_recount(n);
	return EOK;
}

int iofunc_notify(resmgr_context_t *ctp, io_notify_t *msg,
		  iofunc_notify_t *nop, int trig, const int *notifycounts,
		  int *armed)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	int action = msg->i.action & _NOTIFY_ACTION_MASK;
	int32_t want = msg->i.flags & _NOTIFY_COND_MASK;
	int32_t ready = want & trig;
	bool arm;
	int i, err = EOK;

	if (armed)
		*armed = 0;
	switch (action) {
	case _NOTIFY_ACTION_POLL:
		arm = false;
		break;
	case _NOTIFY_ACTION_POLLARM:
		/*
		 * A poll from the kernel stays armed even when something is
		 * ready, as poll_wait() always registers: an edge-triggered
		 * epoll waiter polls again only after a wakeup, so an open
		 * that was ready at its last poll must still hear of the next
		 * arrival.
		 */
		arm = ready == 0 || ctx->in.opcode == RESMGR_OP_NOTIFY;
		break;
	case _NOTIFY_ACTION_CONDARM:
		arm = ready == 0;
		break;
	case _NOTIFY_ACTION_TRANARM:
		arm = true;
		ready = 0;
		break;
	default:
		return EINVAL;
	}

	if (arm && want) {
		/* Only a notify request from the kernel says whom to wake. */
		if (ctx->in.opcode != RESMGR_OP_NOTIFY)
			return EINVAL;
		pthread_mutex_lock(&rm_notify_lock);
		for (i = 0; i < RM_NOTIFY_NLISTS && !err; i++) {
			if (!(want & rm_notify_list_cond[i]))
				continue;
			err = rm_notify_arm(&nop[i], ctx->dpp->fd,
					    ctx->notify_kh, ctx->cur_handle,
					    notifycounts ? notifycounts[i] : 1,
					    want);
		}
		pthread_mutex_unlock(&rm_notify_lock);
		if (err)
			return err;
		if (armed)
			*armed = 1;
	}

	/* msg->o overlays msg->i: everything needed from it is read. */
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.flags = ready;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}

/*
 * Take the entries of nop[@index] that @cnt items would wake (only those
 * of open @handle on channel @chid when @strict), and wake them.
 */
static void rm_notify_fire(iofunc_notify_t *nop, int cnt, int index,
			   bool strict, int chid, uint64_t handle)
{
	iofunc_notify_event_t **pp, *e, *fire = NULL;
	struct resmgr_notify n;

	if (index < 0 || index >= RM_NOTIFY_NLISTS)
		return;
	pthread_mutex_lock(&rm_notify_lock);
	for (pp = &nop[index].list; (e = *pp);) {
		if (e->cnt > cnt ||
		    (strict && (e->chid != chid || e->handle != handle))) {
			pp = &e->next;
			continue;
		}
		*pp = e->next;
		e->next = fire;
		fire = e;
	}
	rm_notify_recount(&nop[index]);
	pthread_mutex_unlock(&rm_notify_lock);

	while ((e = fire)) {
		fire = e->next;
		memset(&n, 0, sizeof(n));
		n.size = sizeof(n);
		n.kh = e->kh;
		n.events = rm_notify_events(rm_notify_list_cond[index]);
		/* ESRCH: that open is gone; nothing else to do either way. */
		rm_ioctl(e->chid, RESMGR_IOC_NOTIFY, &n);
		free(e);
	}
}

void iofunc_notify_trigger(iofunc_notify_t *nop, int cnt, int index)
{
	rm_notify_fire(nop, cnt, index, false, -1, 0);
}

void iofunc_notify_trigger_strict(resmgr_context_t *ctp, iofunc_notify_t *nop,
				  int cnt, int index)
{
	struct rm_ctx *ctx = rm_ctx(ctp);

	rm_notify_fire(nop, cnt, index, true, ctx->dpp->fd, ctx->cur_handle);
}

void iofunc_notify_remove_strict(resmgr_context_t *ctp, iofunc_notify_t *nop,
				 int lim)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	iofunc_notify_event_t **pp, *e, *gone = NULL;
	int i;

	if (!ctx->cur_handle)
		return;
	pthread_mutex_lock(&rm_notify_lock);
	for (i = 0; i < lim; i++) {
		for (pp = &nop[i].list; (e = *pp);) {
			if (e->chid != ctx->dpp->fd ||
			    e->handle != ctx->cur_handle) {
				pp = &e->next;
				continue;
			}
			*pp = e->next;
			e->next = gone;
			gone = e;
		}
		rm_notify_recount(&nop[i]);
	}
	pthread_mutex_unlock(&rm_notify_lock);
	while ((e = gone)) {
		gone = e->next;
		free(e);
	}
}

void iofunc_notify_remove(resmgr_context_t *ctp, iofunc_notify_t *nop)
{
	iofunc_notify_remove_strict(ctp, nop, RM_NOTIFY_NLISTS);
}
