// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pulses: pulse_attach()/pulse_detach(), MsgSendPulse() to a dispatch of
 * this process, and their delivery by dispatch_block()/dispatch_handler().
 *
 * A pulse sent is queued on the dispatch and one thread is woken for it
 * (wake.c); dispatch_block() takes queued pulses before it receives from
 * the kernel.  The priority of such a pulse is not used: pulses are
 * served in the order they were sent, at the receiving thread's own
 * priority.  Pulses to another process's channel, on a connection from
 * ConnectAttach(), go through the kernel (ipc.c), which lends the
 * receiving thread their priority (RESMGR_FEAT_PRIO).
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

/* Pulses waiting on one dispatch, at most: MsgSendPulse() then fails EAGAIN. */
#define RM_PULSE_QUEUE_MAX	4096

static struct rm_pulse_h *rm_pulse_find(struct rm_dext *ext, int code)
{
	struct rm_pulse_h *h;

	for (h = ext->pulses; h; h = h->next)
		if (h->code == code)
			return h;
	return NULL;
}

int pulse_attach(dispatch_t *dpp, int flags, int code,
		 int (*func)(message_context_t *ctp, int code, unsigned flags,
			     void *handle),
		 void *handle)
{
	struct rm_pulse_h *h;
	struct rm_dext *ext;

	if (!dpp || !func || (flags & ~(MSG_FLAG_ALLOC_PULSE |
					MSG_FLAG_DEFAULT_FUNC))) {
		errno = EINVAL;
		return -1;
	}
	if (!(flags & MSG_FLAG_ALLOC_PULSE) && (code < INT8_MIN || code > INT8_MAX)) {
		errno = EINVAL;
		return -1;
	}
	ext = dpp->ext;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -1;
	pthread_mutex_lock(&ext->lock);
	if (flags & MSG_FLAG_ALLOC_PULSE) {
		for (code = _PULSE_CODE_MINAVAIL; code <= _PULSE_CODE_MAXAVAIL; code++)
			if (!rm_pulse_find(ext, code))
				break;
		if (code > _PULSE_CODE_MAXAVAIL) {
			pthread_mutex_unlock(&ext->lock);
			free(h);
			errno = EAGAIN;
			return -1;
		}
	} else if (rm_pulse_find(ext, code)) {
		pthread_mutex_unlock(&ext->lock);
		free(h);
		errno = EBUSY;
		return -1;
	}
	h->code = code;
	h->func = func;
	h->handle = handle;
	h->next = ext->pulses;
	ext->pulses = h;
	pthread_mutex_unlock(&ext->lock);
	return code;
}

int pulse_detach(dispatch_t *dpp, int code, int flags)
{
	struct rm_pulse_h **pp, *h;
	struct rm_dext *ext;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	ext = dpp->ext;
	pthread_mutex_lock(&ext->lock);
	for (pp = &ext->pulses; (h = *pp); pp = &h->next) {
		if (h->code == code) {
			*pp = h->next;
			break;
		}
	}
	pthread_mutex_unlock(&ext->lock);
	if (!h) {
		errno = EINVAL;
		return -1;
	}
	free(h);
	return 0;
}

/*
 * A pulse with @value on @coid: a connection from ConnectAttach() (the
 * kernel queues it) or from message_connect() (queued here).  @priority
 * is passed to the kernel; a dispatch of ours serves pulses in order.
 */
int rm_pulse_send(int coid, int priority, int code, union sigval value)
{
	struct rm_pulse_q *q;
	struct rm_dext *ext;
	dispatch_t *dpp;

	if (code < INT8_MIN || code > INT8_MAX) {
		errno = EINVAL;
		return -1;
	}
	/* A connection to another process's channel: the kernel queues it. */
	if (rm_ipc_is_conn(coid))
		return rm_ipc_pulse(coid, priority, code, value);
	q = calloc(1, sizeof(*q));
	if (!q)
		return -1;
	q->pulse.type = _PULSE_TYPE;
	q->pulse.code = (int8_t)code;
	q->pulse.value = value;
	q->pulse.scoid = getpid();

	dpp = rm_coid_lock(coid);
	if (!dpp) {
		free(q);
		errno = EBADF;
		return -1;
	}
	ext = dpp->ext;
	pthread_mutex_lock(&ext->lock);
	if (ext->pulseq.len >= RM_PULSE_QUEUE_MAX) {
		pthread_mutex_unlock(&ext->lock);
		rm_coid_unlock();
		free(q);
		errno = EAGAIN;
		return -1;
	}
	rm_queue_push(ext, &ext->pulseq, &q->node);
	pthread_mutex_unlock(&ext->lock);
	rm_coid_unlock();
	return 0;
}

int MsgSendPulse(int coid, int priority, int code, int value)
{
	union sigval v;

	memset(&v, 0, sizeof(v));
	v.sival_int = value;
	return rm_pulse_send(coid, priority, code, v);
}

int MsgSendPulsePtr(int coid, int priority, int code, void *value)
{
	union sigval v = { .sival_ptr = value };

	return rm_pulse_send(coid, priority, code, v);
}

/* dispatch_block(): take a queued pulse, if any, into @ctx. */
bool rm_pulse_take(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);
	struct rm_pulse_q *q;

	q = (struct rm_pulse_q *)rm_queue_pop(ext, &ext->pulseq);
	if (!q)
		return false;
	cx->pulse = q->pulse;
	free(q);
	cx->ev = RM_EV_PULSE;
	rm_ctx_local_event(ctx, 0, &cx->pulse, sizeof(cx->pulse));
	return true;
}

/* Run the handler for the pulse in cx->pulse; false if there is none. */
static bool rm_pulse_call(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);
	int (*func)(message_context_t *, int, unsigned, void *) = NULL;
	struct rm_pulse_h *h;
	void *handle = NULL;

	pthread_mutex_lock(&ext->lock);
	h = rm_pulse_find(ext, cx->pulse.code);
	if (h) {
		func = h->func;
		handle = h->handle;
	}
	pthread_mutex_unlock(&ext->lock);
	if (!func)
		return false;
	func(&ctx->pub.resmgr_context, cx->pulse.code, 0, handle);
	return true;
}

int rm_pulse_run(struct rm_ctx *ctx)
{
	rm_pulse_call(ctx);
	return 0;
}

bool rm_pulse_deliver(struct rm_ctx *ctx, int code, union sigval value,
		      int scoid)
{
	resmgr_context_t *ctp = &ctx->pub.resmgr_context;
	struct rm_cext *cx = rm_cext(ctx);
	bool ran;

	memset(&cx->pulse, 0, sizeof(cx->pulse));
	cx->pulse.type = _PULSE_TYPE;
	cx->pulse.code = (int8_t)code;
	cx->pulse.value = value;
	cx->pulse.scoid = scoid;
	ctp->rcvid = 0;
	ctp->msg = (resmgr_iomsgs_t *)&cx->pulse;
	ctp->size = sizeof(cx->pulse);
	ran = rm_pulse_call(ctx);
	ctp->msg = (resmgr_iomsgs_t *)ctx->rbuf;
	return ran;
}

void rm_pulses_destroy(struct rm_dext *ext)
{
	struct rm_qnode *q;
	struct rm_pulse_h *h;

	while ((q = ext->pulseq.head)) {
		ext->pulseq.head = q->next;
		free(q);
	}
	while ((h = ext->pulses)) {
		ext->pulses = h->next;
		free(h);
	}
}
