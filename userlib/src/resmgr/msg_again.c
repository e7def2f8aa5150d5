// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * resmgr_msg_again(): run a request the server kept (_RESMGR_NOREPLY)
 * through its handler once more, as if it had just arrived.
 *
 * The QNX pattern: a read handler finds no data, remembers ctp->rcvid
 * and returns _RESMGR_NOREPLY; when data arrives, the writer calls
 * resmgr_msg_again(ctp, rcvid) and the read handler runs again, now
 * finding data, and its return value answers the client.
 *
 * The kernel still holds the whole message, so it is read back with
 * MSGREAD into a context of its own.  Using the caller's context, as the
 * name suggests, would overwrite the request the caller is handling; a
 * private one leaves the caller's handler undisturbed.  The request runs
 * on the calling thread: when the caller is a handler on the same attr,
 * the attr's lock is recursive, so taking it again is fine.
 */
#include <errno.h>

#include "dispatch/dispatch_i.h"

int resmgr_msg_again(resmgr_context_t *ctp, int rcvid)
{
	struct rm_ctx *prev = rm_current, *ctx;
	struct resmgr_msgio io = { .size = sizeof(io) };
	struct rm_req req;
	int n, err;

	if (!ctp || rcvid <= 0) {
		errno = EINVAL;
		return -1;
	}
	ctx = rm_ctx_alloc(ctp->dpp);
	if (!ctx)
		return -1;

	/* Only a kept request may run again, and only by one caller. */
	err = rm_req_claim(rcvid, &req);
	if (err)
		goto fail;
	io.unique = (uint64_t)rcvid;
	io.buf = (uintptr_t)ctx->rbuf;
	io.len = ctx->rlen;
	n = rm_ioctl(ctp->dpp->fd, RESMGR_IOC_MSGREAD, &io);
	if (n < (int)sizeof(struct resmgr_in_header)) {
		/* Gone (client killed) or unreadable: answer what we can. */
		err = n < 0 ? errno : EPROTO;
		if (err != ESRCH)
			MsgError(rcvid, EIO);
		goto fail;
	}
	ctx->rcvd = n;
	rm_ctx_begin(ctx);
	/* What did not fit is read on demand, as for a fresh request. */
	if (ctx->in.len > (uint32_t)n)
		ctx->in.flags |= RESMGR_IN_F_TRUNC;

	rm_route(ctx);
	rm_current = prev;
	rm_ctx_free(ctx);	/* sends the reply the handler produced */
	return 0;

fail:
	rm_ctx_free(ctx);
	errno = err;
	return -1;
}
