// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Dispatch contexts: a receive buffer, the request just received, and
 * the reply waiting to go out with the next receive.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

struct rm_ctx *rm_ctx_alloc(dispatch_t *dpp)
{
	struct rm_ctx *ctx;
	size_t msg_max;
	unsigned nparts;

	pthread_mutex_lock(&dpp->lock);
	msg_max = dpp->msg_max_size;
	nparts = dpp->nparts_max;
	pthread_mutex_unlock(&dpp->lock);

	ctx = calloc(1, sizeof(*ctx) + nparts * sizeof(iov_t));
	if (!ctx)
		return NULL;
	ctx->dpp = dpp;
	ctx->nparts = nparts;
	ctx->rlen = (msg_max + RM_KSLACK + 15) & ~(size_t)15;
	ctx->rbuf = aligned_alloc(16, ctx->rlen);
	ctx->cbuf = malloc(sizeof(*ctx->cbuf) + RESMGR_PATH_MAX);
	if (!ctx->rbuf || !ctx->cbuf) {
		free(ctx->rbuf);
		free(ctx->cbuf);
		free(ctx);
		errno = ENOMEM;
		return NULL;
	}
	pthread_mutex_init(&ctx->req_lock, NULL);
	ctx->pub.resmgr_context.dpp = dpp;
	ctx->pub.resmgr_context.msg_max_size = msg_max;
	rm_held_add(ctx);
	return ctx;
}

void rm_ctx_free(struct rm_ctx *ctx)
{
	if (ctx->pending)
		rm_reply_send(ctx->dpp, &ctx->reply);
	rm_held_del(ctx);
	pthread_mutex_destroy(&ctx->req_lock);
	free(ctx->whole);
	free(ctx->cbuf);
	free(ctx->rbuf);
	free(ctx);
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

/*
 * Receive the next request, sending the pending reply in the same call.
 * Once the combined call fails, the reply is either delivered (and the
 * receive was interrupted) or refused (its client is gone): either way
 * it must not be sent again, so only the receive is retried.
 */
static struct rm_ctx *rm_block(struct rm_ctx *ctx)
{
	struct resmgr_xfer x;
	int n;

	memset(&x, 0, sizeof(x));
	x.recv_buf = (uintptr_t)ctx->rbuf;
	x.recv_len = ctx->rlen;
	if (ctx->pending) {
		x.reply_iov = (uintptr_t)ctx->reply.iov;
		x.reply_iovcnt = ctx->reply.iovcnt;
	}
	for (;;) {
		n = rm_ioctl(ctx->dpp->fd, RESMGR_IOC_XFER, &x);
		if (n >= 0)
			break;
		if (x.reply_iov) {
			x.reply_iov = 0;
			x.reply_iovcnt = 0;
			ctx->pending = false;
			continue;
		}
		if (errno != EINTR)
			return NULL;
	}
	ctx->pending = false;
	if ((size_t)n < sizeof(struct resmgr_in_header)) {
		errno = EPROTO;
		return NULL;
	}
	ctx->rcvd = n;
	rm_ctx_begin(ctx);
	return ctx;
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

int resmgr_handler(resmgr_context_t *ctp)
{
	return ctp ? rm_route(rm_ctx(ctp)) : -1;
}

/*
 * Waking a thread blocked in dispatch_block() needs a kernel call the
 * protocol does not have yet; thread pools, its only user, come later.
 */
void resmgr_unblock(resmgr_context_t *ctp)
{
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
