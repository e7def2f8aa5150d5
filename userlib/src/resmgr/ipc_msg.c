// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Messages and pulses other processes send to a channel a dispatch
 * serves: a name attached with name_attach(dpp, ...), or a dispatch made
 * with dispatch_create_channel() on a ChannelCreate() chid; and messages
 * of a client's own type sent on an open file (RESMGR_MSG_RAW).  They
 * arrive with the resource manager's requests, and dispatch_handler()
 * gives them to the message_attach() and pulse_attach() handlers, as
 * QNX's dispatch layer does.
 *
 * The scoid of each, and of the disconnect pulse after a client's last
 * connection, is the client's pid as the server sees it (rm_ipc_scoid()):
 * one per client process, as QNX's server connection is.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "dispatch/dispatch_ext.h"
#include "resmgr/route.h"

/*
 * Give the message at @hdr in the receive buffer (@srclen bytes as sent,
 * @out_max of reply taken) to the message_attach() handler of its type.
 * The handler answers as on QNX, with MsgReply()/MsgError() on
 * ctp->rcvid, now or later from any thread (returning 0 or
 * _RESMGR_NOREPLY leaves the sender waiting for that).  As a resmgr
 * handler may, it can instead return an errno or _RESMGR_NPARTS(n) with
 * n > 0, which answer for it.  A type no handler takes: the _IO_CONNECT
 * of name_open() is accepted, as QNX's resmgr layer does for a name
 * attached with a dispatch; any other fails ENOSYS.
 */
static void rm_msg_handle(struct rm_ctx *ctx, size_t hdr, uint32_t srclen,
			  uint32_t out_max, int scoid)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	rm_msg_fn *func = NULL;
	void *handle = NULL;
	uint16_t type = 0;
	int ret;

	pthread_mutex_lock(&ctx->req_lock);
	ctx->req.scoid = scoid;
	ctx->req.nbytes = out_max;
	/* MsgRead() offset 0 is the sender's first byte. */
	ctx->req.map.kbase = hdr;
	pthread_mutex_unlock(&ctx->req_lock);

	ctp->msg = (resmgr_iomsgs_t *)(ctx->rbuf + hdr);
	ctp->size = ctx->rcvd - hdr;
	ctp->info.scoid = scoid;
	ctp->info.msglen = ctx->rcvd - hdr;
	ctp->info.srcmsglen = srclen;
	ctp->info.dstmsglen = out_max;

	if (ctp->size >= sizeof(type)) {
		memcpy(&type, ctp->msg, sizeof(type));
		func = rm_msg_find(ctx->dpp->ext, type, &handle);
	}
	if (!func) {
		rm_finish(ctx, NULL, ctp->size >= sizeof(type) &&
				     type == _IO_CONNECT ? EOK : ENOSYS);
		return;
	}
	ret = func(ctp, type, 0, handle);
	if (ret == 0 || ret == _RESMGR_DEFAULT)
		ret = _RESMGR_NOREPLY;
	rm_finish(ctx, NULL, ret);
}

/* A message sent with MsgSend() on a connection (name_open(), ...). */
void rm_do_msgsend(struct rm_ctx *ctx)
{
	const size_t hdr = sizeof(struct resmgr_in_header) +
			   sizeof(struct resmgr_msgsend_in);
	struct resmgr_msgsend_in ms;
	int scoid;

	if (ctx->rcvd < hdr) {
		rm_finish(ctx, NULL, EPROTO);
		return;
	}
	memcpy(&ms, ctx->rbuf + sizeof(struct resmgr_in_header), sizeof(ms));
	scoid = rm_ipc_scoid(&ctx->in, ms.scoid);
	rm_event_note_sender(ctx->in.unique, ctx->dpp->fd, (pid_t)ctx->in.pid);
	rm_ctp(ctx)->info.coid = scoid;
	rm_msg_handle(ctx, hdr, ms.nbytes, ms.out_max, scoid);
}

/*
 * A message of the client's own type sent with MsgSend() on an open
 * file (RESMGR_MSG_RAW): as on QNX, its message_attach() handler, with
 * ctp->info.coid naming the open, so that _resmgr_ocb() finds its OCB.
 * Returns false for an _IO_MSG, which the I/O table's msg handler takes.
 */
bool rm_do_raw_msg(struct rm_ctx *ctx)
{
	const size_t hdr = sizeof(struct resmgr_in_header) +
			   sizeof(struct resmgr_msg_in);
	struct resmgr_msg_in mi;

	if (ctx->rcvd < hdr)
		return false;	/* rm_io_translate() answers EINVAL */
	memcpy(&mi, ctx->rbuf + sizeof(struct resmgr_in_header), sizeof(mi));
	if (!(mi.flags & RESMGR_MSG_RAW))
		return false;
	rm_ctp(ctx)->info.coid = (int32_t)(ctx->in.ocb & INT32_MAX);
	rm_msg_handle(ctx, hdr, mi.nbytes, mi.out_max, (int)ctx->in.pid);
	return true;
}

/*
 * A pulse sent with MsgSendPulse(): the pulse_attach() handler of its
 * code runs, with the whole value MsgSendPulsePtr() sent; a code nobody
 * attached is dropped, as on QNX.
 */
void rm_do_pulse(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	struct resmgr_pulse_in pi;
	union sigval v;
	int scoid;

	if (ctx->rcvd < sizeof(struct resmgr_in_header) + sizeof(pi))
		return;
	memcpy(&pi, ctx->rbuf + sizeof(struct resmgr_in_header), sizeof(pi));
	scoid = rm_ipc_scoid(&ctx->in, pi.scoid);
	ctp->info.scoid = scoid;
	ctp->info.coid = scoid;
	ctp->info.priority = (int16_t)pi.priority;
	memset(&v, 0, sizeof(v));
	memcpy(&v, &pi.value, sizeof(v) < sizeof(pi.value) ?
			      sizeof(v) : sizeof(pi.value));
	rm_pulse_deliver(ctx, pi.code, v, scoid);
}

/*
 * The sender of message @rcvid, which this process holds, was signalled
 * on a channel with _NTO_CHF_UNBLOCK.  The _PULSE_CODE_UNBLOCK handler,
 * if one is attached, hears of it (the pulse's value is the rcvid) and
 * decides, as on QNX; with none, the sender waits for its answer (or
 * SIGKILL).  Returns false if @rcvid is no message sent with MsgSend().
 */
bool rm_msgsend_unblock(struct rm_ctx *ctx, int rcvid)
{
	struct rm_req req;
	union sigval v;

	if (rm_req_find(rcvid, &req) || req.opcode != RESMGR_OP_MSGSEND)
		return false;
	memset(&v, 0, sizeof(v));
	v.sival_int = rcvid;
	rm_pulse_deliver(ctx, _PULSE_CODE_UNBLOCK, v, req.scoid);
	return true;
}
