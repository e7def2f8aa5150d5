/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The parts of the message router (route.c) that call one another.
 * Every function here runs in the thread that received the request,
 * with rm_current set to @ctx.
 */
#ifndef _RESMGR_ROUTE_H
#define _RESMGR_ROUTE_H

#include "dispatch/dispatch_i.h"

static inline resmgr_context_t *rm_ctp(struct rm_ctx *ctx)
{
	return &ctx->pub.resmgr_context;
}

/* finish.c */
RM_HIDDEN int rm_notify_ready(struct rm_ctx *ctx);
RM_HIDDEN void rm_finish(struct rm_ctx *ctx, const struct rm_link *link,
			 int ret);

/* connect_msg.c */
RM_HIDDEN int rm_connect_prepare(struct rm_ctx *ctx, uint16_t subtype,
				 struct rm_connect_view *view,
				 const unsigned char **whole);
RM_HIDDEN int rm_call_open(struct rm_ctx *ctx, const struct rm_link *link);
RM_HIDDEN void rm_do_connect(struct rm_ctx *ctx, const struct rm_link *link);

/* combine.c */
RM_HIDDEN void rm_do_combine(struct rm_ctx *ctx, const struct rm_link *link);

/* io_translate.c */
RM_HIDDEN int rm_io_translate(struct rm_ctx *ctx);

/* ipc_msg.c */
RM_HIDDEN void rm_do_msgsend(struct rm_ctx *ctx);
RM_HIDDEN bool rm_do_raw_msg(struct rm_ctx *ctx);
RM_HIDDEN void rm_do_pulse(struct rm_ctx *ctx);
RM_HIDDEN bool rm_msgsend_unblock(struct rm_ctx *ctx, int rcvid);

/* io_msg.c */
RM_HIDDEN void rm_lock_ocb(struct rm_ctx *ctx);
RM_HIDDEN void rm_unlock_ocb(struct rm_ctx *ctx);
RM_HIDDEN int rm_call_io(struct rm_ctx *ctx, uint16_t opcode);
RM_HIDDEN void rm_do_io(struct rm_ctx *ctx);
RM_HIDDEN void rm_do_close_ocb(struct rm_ctx *ctx);
RM_HIDDEN void rm_do_unblock(struct rm_ctx *ctx);

#endif /* _RESMGR_ROUTE_H */
