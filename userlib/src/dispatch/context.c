// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dispatch contexts: a receive buffer, the request just received, and
 * the reply waiting to go out with the next receive.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

struct rm_ctx *rm_ctx_alloc(dispatch_t *dpp)
{
	struct rm_dext *ext = dpp->ext;
	struct rm_cext *cx;
	struct rm_ctx *ctx;
	size_t msg_max;
	unsigned nparts;

	pthread_mutex_lock(&dpp->lock);
	msg_max = dpp->msg_max_size;
	nparts = dpp->nparts_max;
	pthread_mutex_unlock(&dpp->lock);

	cx = calloc(1, RM_CEXT_SIZE + sizeof(*ctx) + nparts * sizeof(iov_t));
	if (!cx)
		return NULL;
	ctx = (struct rm_ctx *)((char *)cx + RM_CEXT_SIZE);
	ctx->dpp = dpp;
	ctx->nparts = nparts;
	ctx->rlen = (msg_max + RM_KSLACK + 15) & ~(size_t)15;
	ctx->rbuf = aligned_alloc(16, ctx->rlen);
	ctx->cbuf = malloc(sizeof(*ctx->cbuf) + RESMGR_PATH_MAX);
	if (!ctx->rbuf || !ctx->cbuf) {
		free(ctx->rbuf);
		free(ctx->cbuf);
	free(ctx->dirbuf);
		free(cx);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&ctx->req_lock, NULL);
	ctx->pub.resmgr_context.dpp = dpp;
	ctx->pub.resmgr_context.msg_max_size = msg_max;
	rm_held_add(ctx);

	cx->ctx = ctx;
	pthread_mutex_lock(&ext->lock);
	cx->next = ext->ctxs;
	if (ext->ctxs)
		ext->ctxs->prev = cx;
	ext->ctxs = cx;
	pthread_mutex_unlock(&ext->lock);
	return ctx;
}

void rm_ctx_free(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);

	if (ctx->pending)
		rm_reply_send(ctx->dpp, &ctx->reply);
	pthread_mutex_lock(&ext->lock);
	if (cx->prev)
		cx->prev->next = cx->next;
	else
		ext->ctxs = cx->next;
	if (cx->next)
		cx->next->prev = cx->prev;
	pthread_mutex_unlock(&ext->lock);
	rm_held_del(ctx);
	pthread_mutex_destroy(&ctx->req_lock);
	free(ctx->whole);
	free(ctx->cbuf);
	free(ctx->dirbuf);
	free(ctx->rbuf);
	free(cx);
}

/* Record the request just received in ctx->rbuf as held by @ctx. */
void rm_ctx_begin(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = &ctx->pub.resmgr_context;
	const struct resmgr_in_header *in = &ctx->in;
	struct rm_req req;
	bool event;

	memcpy(&ctx->in, ctx->rbuf, sizeof(ctx->in));
	event = in->opcode >= RESMGR_OP_CLOSE_OCB;

	memset(&req, 0, sizeof(req));
	req.dpp = ctx->dpp;
	req.unique = in->unique;
	req.scoid = (int32_t)in->pid;
	req.opcode = in->opcode;
	rm_req_begin(ctx, &req, !event);

	free(ctx->whole);
	ctx->whole = NULL;
	ctx->cred_valid = false;
	ctx->cur_handle = 0;

	/* The kernel keeps request ids in [1, 2^31 - 1]: they fit an rcvid. */
	ctp->rcvid = event ? 0 : (int)in->unique;
	ctp->id = (int)in->link;
	memset(&ctp->info, 0, sizeof(ctp->info));
	ctp->info.pid = in->pid;
	ctp->info.tid = in->tid;
	ctp->info.chid = ctx->dpp->fd;
	ctp->info.scoid = in->pid;
	ctp->info.msglen = ctx->rcvd;
	ctp->info.srcmsglen = in->len;
	ctp->info.priority = (int16_t)in->priority;
	if (in->flags & RESMGR_IN_F_UNBLOCK_REQ)
		ctp->info.flags |= _NTO_MI_UNBLOCK_REQ;
	if (in->flags & RESMGR_IN_F_NONBLOCK)
		ctp->info.flags |= _NTO_MI_NONBLOCK;
	ctp->msg = (resmgr_iomsgs_t *)ctx->rbuf;
	ctp->status = 0;
	ctp->offset = 0;
	ctp->size = ctx->rcvd;
}

/*
 * Present an event that did not come from the kernel (a pulse, a
 * descriptor, an in-process message) on @ctx: no request is held.
 */
void rm_ctx_local_event(struct rm_ctx *ctx, int rcvid, const void *msg,
			size_t len)
{
	resmgr_context_t *ctp = &ctx->pub.resmgr_context;
	struct rm_req req;

	memset(&req, 0, sizeof(req));
	req.dpp = ctx->dpp;
	rm_req_begin(ctx, &req, false);
	ctx->cred_valid = false;
	ctx->cur_handle = 0;
	ctp->rcvid = rcvid;
	ctp->id = -1;
	memset(&ctp->info, 0, sizeof(ctp->info));
	ctp->info.pid = getpid();
	ctp->info.chid = ctx->dpp->fd;
	ctp->info.scoid = getpid();
	ctp->info.msglen = len;
	ctp->info.srcmsglen = len;
	ctp->msg = (resmgr_iomsgs_t *)msg;
	ctp->status = 0;
	ctp->offset = 0;
	ctp->size = len;
}

/*
 * The client's credentials: sent with connect messages; for I/O
 * messages, those of the process that opened (as Linux's file->f_cred).
 */
int rm_ctx_cred(struct rm_ctx *ctx, const struct rm_cred **cred)
{
	int err;

	if (!ctx->cred_valid) {
		if (!ctx->cur_handle)
			return ESRCH;
		err = rm_bind_client(&ctx->dpp->bindings, ctx->cur_handle,
				     &ctx->cred.ci);
		if (err)
			return err;
		ctx->cred.groups = NULL;
		ctx->cred.ngroups = ctx->cred.ci.cred.ngroups;
		ctx->cred_valid = true;
	}
	*cred = &ctx->cred;
	return EOK;
}

/* A request was received into ctx->rbuf (@n bytes). */
static struct rm_ctx *rm_received(struct rm_ctx *ctx, int n)
{
	if ((size_t)n < sizeof(struct resmgr_in_header)) {
		errno = EPROTO;
		return NULL;
	}
	ctx->rcvd = n;
	rm_ctx_begin(ctx);
	rm_cext(ctx)->ev = RM_EV_KERNEL;
	return ctx;
}

static void rm_xfer_setup(struct rm_ctx *ctx, struct resmgr_xfer *x,
			  bool recv)
{
	memset(x, 0, sizeof(*x));
	x->size = sizeof(*x);
	if (recv) {
		x->recv_buf = (uintptr_t)ctx->rbuf;
		x->recv_len = ctx->rlen;
	}
	if (ctx->pending) {
		x->reply_iov = (uintptr_t)ctx->reply.iov;
		x->reply_iovcnt = ctx->reply.iovcnt;
	}
}

/*
 * Send the pending reply now, before something that is not a receive
 * (a pulse or descriptor callback), so its client does not wait for it.
 */
int rm_xfer_reply_only(struct rm_ctx *ctx)
{
	struct resmgr_xfer x;

	if (!ctx->pending)
		return 0;
	rm_xfer_setup(ctx, &x, false);
	ctx->pending = false;
	return rm_ioctl(ctx->dpp->fd, RESMGR_IOC_XFER, &x);
}

/*
 * Reply (if pending) and take a request if one is queued: 1 with a
 * request, 0 when none, -1 on error.
 */
int rm_xfer_nonblock(struct rm_ctx *ctx)
{
	struct resmgr_xfer x;
	int n;

	rm_xfer_setup(ctx, &x, true);
	x.flags = RESMGR_XFER_NONBLOCK;
	for (;;) {
		n = rm_ioctl(ctx->dpp->fd, RESMGR_IOC_XFER, &x);
		if (n >= 0)
			break;
		if (errno == EAGAIN || errno == EINTR) {
			ctx->pending = false;
			return 0;
		}
		if (!x.reply_iov)
			return -1;
		/* The reply was refused (client gone): just receive. */
		x.reply_iov = 0;
		x.reply_iovcnt = 0;
		ctx->pending = false;
	}
	ctx->pending = false;
	return rm_received(ctx, n) ? 1 : -1;
}

/*
 * The hot path: receive the next request, sending the pending reply in
 * the same call.  Returns 1 with a request, 0 to look at the reasons to
 * leave the hot path again (woken), -1 on error (errno).
 *
 * Once the combined call fails, the reply is either delivered (and the
 * receive was interrupted) or refused (its client is gone): either way
 * it must not be sent again, so only the receive is retried.
 */
static int rm_xfer_block(struct rm_ctx *ctx, long long timeout_ns)
{
	struct rm_cext *cx = rm_cext(ctx);
	struct rm_dext *ext = ctx->dpp->ext;
	struct resmgr_xfer x;
	bool carried;
	int n, err;

	rm_xfer_setup(ctx, &x, true);
	if (timeout_ns > 0)
		x.timeout_ns = timeout_ns;
	for (;;) {
		/* (the wake handler may have set NONBLOCK last time round) */
		x.flags = timeout_ns == 0 ? RESMGR_XFER_NONBLOCK : 0;
		rm_wake_arm(&x);
		atomic_store(&cx->state, RM_BS_XFER);
		if (atomic_load(&cx->unblock) || rm_dext_busy(ext)) {
			atomic_store(&cx->state, RM_BS_RUNNING);
			rm_wake_disarm();
			return 0;
		}
		n = rm_ioctl(ctx->dpp->fd, RESMGR_IOC_XFER, &x);
		err = errno;
		atomic_store(&cx->state, RM_BS_RUNNING);
		rm_wake_disarm();
		if (n >= 0) {
			ctx->pending = false;
			return rm_received(ctx, n) ? 1 : -1;
		}
		carried = x.reply_iov != 0;
		if (carried) {
			x.reply_iov = 0;
			x.reply_iovcnt = 0;
			ctx->pending = false;
		}
		if (err == EAGAIN && timeout_ns == 0) {
			if (atomic_load(&cx->unblock) || rm_dext_busy(ext))
				return 0;	/* woken */
			err = ETIMEDOUT;	/* a zero dispatch_timeout() */
		} else if (err == EINTR ||
			   (err == EAGAIN && (x.flags & RESMGR_XFER_NONBLOCK))) {
			return 0;		/* woken (see wake.c) */
		}
		if (carried && err != ETIMEDOUT)
			continue;		/* the reply's failure */
		errno = err;
		return -1;
	}
}

/*
 * Leave the hot path: a queued pulse or private message, or lead the
 * watch of the descriptors.  1 with an event, 0 for the hot path, -1 on
 * error.
 */
static int rm_slow(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);
	int ret;

	if (rm_pulse_take(ctx) || rm_lmsg_take(ctx)) {
		rm_xfer_reply_only(ctx);
		return 1;
	}
	pthread_mutex_lock(&ext->lock);
	if (ext->leader || !ext->nsels) {
		pthread_mutex_unlock(&ext->lock);
		return 0;
	}
	ext->leader = cx;
	atomic_store(&ext->need_leader, false);
	pthread_mutex_unlock(&ext->lock);

	ret = rm_lead(ctx);

	pthread_mutex_lock(&ext->lock);
	ext->leader = NULL;
	atomic_store(&ext->need_leader, ext->nsels > 0);
	pthread_mutex_unlock(&ext->lock);
	return ret;
}

static struct rm_ctx *rm_block(struct rm_ctx *ctx)
{
	struct rm_cext *cx = rm_cext(ctx);
	struct rm_dext *ext = ctx->dpp->ext;
	int ret;

	rm_wake_thread_init();
	cx->thread = pthread_self();
	cx->ev = RM_EV_NONE;
	for (;;) {
		if (atomic_exchange(&cx->unblock, false)) {
			errno = EINTR;
			return NULL;
		}
		ret = 0;
		if (rm_dext_busy(ext))
			ret = rm_slow(ctx);
		if (!ret)
			ret = rm_xfer_block(ctx, atomic_load(&ext->timeout_ns));
		if (ret > 0)
			return ctx;
		if (ret < 0)
			return NULL;
	}
}

resmgr_context_t *resmgr_context_alloc(dispatch_t *dpp)
{
	struct rm_ctx *ctx;

	if (!dpp) {
		errno = EINVAL;
		return NULL;
	}
	ctx = rm_ctx_alloc(dpp);
	return ctx ? &ctx->pub.resmgr_context : NULL;
}

void resmgr_context_free(resmgr_context_t *ctp)
{
	if (ctp)
		rm_ctx_free(rm_ctx(ctp));
}

resmgr_context_t *resmgr_block(resmgr_context_t *ctp)
{
	if (!ctp) {
		errno = EINVAL;
		return NULL;
	}
	return rm_block(rm_ctx(ctp)) ? ctp : NULL;
}

/* Run what dispatch_block() received: kernel messages go to rm_route(). */
int resmgr_handler(resmgr_context_t *ctp)
{
	struct rm_ctx *ctx;

	if (!ctp)
		return -1;
	ctx = rm_ctx(ctp);
	switch (rm_cext(ctx)->ev) {
	case RM_EV_KERNEL:
		return rm_route(ctx);
	case RM_EV_PULSE:
		return rm_pulse_run(ctx);
	case RM_EV_SELECT:
		return rm_select_run(ctx);
	case RM_EV_MSG:
		return rm_lmsg_run(ctx);
	default:
		errno = EINVAL;
		return -1;
	}
}

/*
 * Make the thread blocked in dispatch_block() on @ctp return NULL with
 * errno EINTR (now, or from its next call if it is not blocked).
 */
void resmgr_unblock(resmgr_context_t *ctp)
{
	struct rm_ctx *ctx;
	struct rm_dext *ext;

	if (!ctp)
		return;
	ctx = rm_ctx(ctp);
	ext = ctx->dpp->ext;
	atomic_store(&rm_cext(ctx)->unblock, true);
	pthread_mutex_lock(&ext->lock);
	rm_wake_ctx(ext, rm_cext(ctx));
	pthread_mutex_unlock(&ext->lock);
}

dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp)
{
	return (dispatch_context_t *)resmgr_context_alloc(dpp);
}

void dispatch_context_free(dispatch_context_t *ctp)
{
	resmgr_context_free(ctp ? &ctp->resmgr_context : NULL);
}

dispatch_context_t *dispatch_block(dispatch_context_t *ctp)
{
	return resmgr_block(ctp ? &ctp->resmgr_context : NULL) ? ctp : NULL;
}

int dispatch_handler(dispatch_context_t *ctp)
{
	return resmgr_handler(ctp ? &ctp->resmgr_context : NULL);
}

void dispatch_unblock(dispatch_context_t *ctp)
{
	resmgr_unblock(ctp ? &ctp->resmgr_context : NULL);
}
