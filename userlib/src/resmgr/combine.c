// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's combine messages: open + I/O message + close in one request,
 * which is what a stat(), chmod(), chown(), utimensat() or truncate()
 * by path (and their f* forms) arrive as.
 */
#include <string.h>

#include "resmgr/route.h"

/*
 * The I/O part of a COMBINE (struct resmgr_io_extra and its body, in the
 * connect message's extra data), as a QNX message in ctx->combine_msg.
 * Only what the kernel sends this way: chmod, chown, utime, space.
 */
static int rm_combine_decode(struct rm_ctx *ctx, const struct rm_connect_view *v,
			     const unsigned char *msg, uint16_t *opcode,
			     size_t *qlen)
{
	const unsigned char *extra = msg + v->extra_off;
	struct resmgr_io_extra x;
	union rm_qhdr q;
	size_t blen;
	int err;

	_Static_assert(sizeof(q) <= sizeof(ctx->combine_msg), "combine_msg");
	if (v->ci->extra_type != RESMGR_EXTRA_IO ||
	    v->ci->extra_len < sizeof(x))
		return EINVAL;
	memcpy(&x, extra, sizeof(x));
	if (x.body_len > v->ci->extra_len - sizeof(x))
		return EINVAL;
	switch (x.opcode) {
	case RESMGR_OP_CHMOD:
	case RESMGR_OP_CHOWN:
	case RESMGR_OP_UTIME:
	case RESMGR_OP_SPACE:
		break;
	default:
		return EINVAL;
	}
	err = rm_decode_io_body(x.opcode, extra + sizeof(x), x.body_len, &q,
				qlen, &blen);
	if (err)
		return err;
	memcpy(&ctx->combine_msg, &q, *qlen);
	*opcode = x.opcode;
	return EOK;
}

/* The I/O part of a stat by path: an _IO_STAT. */
static size_t rm_combine_stat(struct rm_ctx *ctx)
{
	memset(&ctx->combine_msg.stat.i, 0, sizeof(ctx->combine_msg.stat.i));
	ctx->combine_msg.stat.i.type = _IO_STAT;
	ctx->combine_msg.stat.i.combine_len = sizeof(ctx->combine_msg.stat.i);
	return sizeof(ctx->combine_msg.stat.i);
}

/*
 * QNX's open + I/O message + close in one request: stat() by path
 * (STAT_PATH), and chmod, chown, utimensat, truncate by path and their
 * f* forms (COMBINE).  As on QNX, no part may reply on its own (rcvid is
 * 0 while they run), and the reply is the I/O part's.  On QNX the close
 * part is an _IO_CLOSE (close_dup, then close_ocb); these are no
 * close(2) on Linux, so only close_ocb runs.
 */
void rm_do_combine(struct rm_ctx *ctx, const struct rm_link *link)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	bool stat = ctx->in.opcode == RESMGR_OP_STAT_PATH;
	const unsigned char *msg;
	struct rm_connect_view v;
	int rcvid = ctp->rcvid;
	uint16_t opcode = RESMGR_OP_STAT;
	uint64_t handle;
	size_t qlen = 0;
	int ret;

	ret = rm_connect_prepare(ctx, _IO_CONNECT_COMBINE_CLOSE, &v, &msg);
	if (ret == EOK)
		ret = stat ? (qlen = rm_combine_stat(ctx), EOK) :
			     rm_combine_decode(ctx, &v, msg, &opcode, &qlen);
	if (ret) {
		rm_finish(ctx, link, ret);
		return;
	}
	ctp->rcvid = 0;
	ret = rm_call_open(ctx, link);
	if (ret == _RESMGR_DEFAULT)
		ret = ENOSYS;
	handle = ctx->req.handle;
	/* A link on the way: the kernel walks the path and asks again. */
	if (ret <= 0 && !handle && (ctp->status & _IO_CONNECT_RET_FLAG)) {
		ctp->rcvid = rcvid;
		rm_finish(ctx, link, ret);
		return;
	}
	if (ret <= 0 && !handle)
		ret = ENOSYS;
	if (ret <= 0)
		ret = rm_bind_get(&ctx->dpp->bindings, handle, &ctx->cur);
	if (ret > 0) {
		ctp->rcvid = rcvid;
		rm_finish(ctx, link, ret);
		if (handle)
			rm_bind_take(&ctx->dpp->bindings, handle, NULL);
		return;
	}
	ctx->cur_handle = handle;
	if (ctx->cur.iofunc)
		ctx->req.ocb = ctx->cur.ocb;

	ctp->msg = (resmgr_iomsgs_t *)&ctx->combine_msg;
	ctp->size = qlen;
	ctp->info.msglen = qlen;
	ctp->info.srcmsglen = qlen;
	ctp->status = 0;

	rm_lock_ocb(ctx);
	ret = rm_call_io(ctx, opcode);
	/*
	 * A stat part gives no struct stat without a handler: EIO from
	 * rm_reply_build().  Any part that "will reply later" could not.
	 */
	if (stat && ret == _RESMGR_DEFAULT)
		ret = _RESMGR_NPARTS(0);
	if (ret == _RESMGR_NOREPLY)
		ret = EIO;
	ctp->rcvid = rcvid;
	rm_finish(ctx, link, ret);
	rm_unlock_ocb(ctx);

	ctp->rcvid = 0;
	if (RM_HAS(ctx->cur.io, close_ocb))
		ctx->cur.io->close_ocb(ctp, NULL, ctx->cur.ocb);
	rm_bind_take(&ctx->dpp->bindings, handle, NULL);
	ctp->rcvid = rcvid;
}
