// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The QNX return protocol: what a handler's return value means
 * (_RESMGR_DEFAULT, _RESMGR_NOREPLY, an errno, _RESMGR_NPARTS()) turned
 * into the reply to the request it handled.
 */
#include <string.h>

#include "resmgr/route.h"

/*
 * A NOTIFY nobody answers: always readable and writable, what Linux says
 * of a file whose driver has no poll method.
 */
int rm_notify_ready(struct rm_ctx *ctx)
{
	memset(&ctx->notify_dflt, 0, sizeof(ctx->notify_dflt));
	ctx->notify_dflt.flags = _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT;
	return _RESMGR_PTR(rm_ctp(ctx), &ctx->notify_dflt,
			   sizeof(ctx->notify_dflt));
}

/*
 * _RESMGR_DEFAULT: the attach's other_func, else ENOSYS; for a devctl,
 * ENOTTY, what ioctl(2) says of a command the device does not know; for
 * a notify, always ready (rm_notify_ready()).
 */
static int rm_default(struct rm_ctx *ctx, const struct rm_link *link)
{
	int none = ctx->in.opcode == RESMGR_OP_DEVCTL ? ENOTTY : ENOSYS;
	int ret;

	if (!link || !link->other_func)
		ret = _RESMGR_DEFAULT;
	else
		ret = link->other_func(rm_ctp(ctx), rm_ctp(ctx)->msg);
	if (ret != _RESMGR_DEFAULT)
		return ret;
	return ctx->in.opcode == RESMGR_OP_NOTIFY ? rm_notify_ready(ctx) : none;
}

/* The QNX return protocol: turn @ret into the reply to this request. */
void rm_finish(struct rm_ctx *ctx, const struct rm_link *link, int ret)
{
	resmgr_context_t *ctp = rm_ctp(ctx);

	if (ret == _RESMGR_DEFAULT)
		ret = rm_default(ctx, link);
	if (ret == _RESMGR_NOREPLY) {
		rm_req_park(ctx);
		return;
	}
	/* Already answered with MsgReply()/MsgError(), here or elsewhere? */
	if (!rm_req_claim_own(ctx))
		return;
	if (ret > 0)
		rm_req_reply(&ctx->reply, &ctx->req, ret, 0, NULL, 0);
	else if ((unsigned)-ret > ctx->nparts)
		rm_req_reply(&ctx->reply, &ctx->req, EMSGSIZE, 0, NULL, 0);
	else
		rm_req_reply(&ctx->reply, &ctx->req, EOK, ctp->status,
			     ctp->iov, -ret);
	ctx->pending = true;
}
