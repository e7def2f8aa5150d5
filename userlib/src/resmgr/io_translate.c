// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I/O messages in QNX's layout: the kernel's header and body rewritten
 * in place into the QNX header a handler expects (io_read_t, io_devctl_t,
 * io_notify_t, ...), any data left right after it, and what the reply
 * may carry recorded for reply.c.
 */
#include <string.h>

#include "resmgr/route.h"

static size_t rm_rw_header(struct rm_ctx *ctx, void *q, uint16_t type,
			   const struct resmgr_rw_in *rw)
{
	struct {
		struct _io_read i;	/* same layout as struct _io_write */
		struct _xtype_offset x;
	} *h = q;
	size_t len = sizeof(h->i);

	h->i.type = type;
	h->i.nbytes = rw->nbytes > UINT32_MAX ? UINT32_MAX : rw->nbytes;
	h->i.xtype = rm_xtype_from_kernel(rw->xtype);
	switch (rw->xtype & RESMGR_XTYPE_MASK) {
	case RESMGR_XTYPE_OFFSET:
		h->x.offset = rw->offset;
		len += sizeof(h->x);
		break;
	case RESMGR_XTYPE_NONE:
		/*
		 * The server owns the file position (ocb->offset), as on QNX;
		 * the kernel mirrors what we report back after the handler.
		 */
		if (ctx->req.ocb)
			ctx->req.report_offset = true;
		break;
	}
	h->i.combine_len = len;
	ctx->req.nbytes = rw->nbytes;
	return len;
}

/*
 * DEVCTL: the QNX header, and what the reply may carry.  msg->i.nbytes
 * is the size of the client's buffer, as QNX's devctl() sends it: the
 * command's size whichever way its data goes.  Of data coming back only,
 * nothing was sent: the part of the buffer a handler fills in place is
 * cleared, so a reply can never carry what an earlier request left there.
 */
static size_t rm_devctl_header(struct rm_ctx *ctx, struct _io_devctl *q,
			       const struct resmgr_devctl_in *dv, size_t kend)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	size_t n = dv->nbytes > dv->out_max ? dv->nbytes : dv->out_max;
	size_t end = kend + n < ctx->rlen ? kend + n : ctx->rlen;

	q->type = _IO_DEVCTL;
	q->combine_len = sizeof(*q);
	q->dcmd = dv->dcmd;
	q->nbytes = n;
	if (end > ctx->rcvd)
		memset(ctx->rbuf + ctx->rcvd, 0, end - ctx->rcvd);
	ctx->req.nbytes = dv->out_max;
	ctp->info.dstmsglen = sizeof(struct _io_devctl_reply) + dv->out_max;
	return sizeof(*q);
}

/*
 * NOTIFY: the QNX message (with its sigevent) is longer than the kernel's
 * header and body, so it goes at the start of the receive buffer; no
 * data follows it.  The kernel's handle for the open's waiters stays in
 * the context for iofunc_notify() to arm with.
 */
static int rm_notify_translate(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	size_t kend = sizeof(struct resmgr_in_header) +
		      sizeof(struct resmgr_notify_in);
	struct _io_notify *q = (struct _io_notify *)ctx->rbuf;
	struct resmgr_notify_in ni;

	_Static_assert(sizeof(io_notify_t) <= RM_MSG_MIN, "receive buffer");
	if (ctx->rcvd < kend)
		return EINVAL;
	memcpy(&ni, ctx->rbuf + sizeof(struct resmgr_in_header), sizeof(ni));
	memset(q, 0, sizeof(*q));
	q->type = _IO_NOTIFY;
	q->combine_len = sizeof(*q);
	q->action = _NOTIFY_ACTION_POLLARM;
	q->flags = rm_notify_cond(ni.events);
	ctx->notify_kh = ni.kh;
	ctx->req.events = ni.events;

	ctp->msg = (resmgr_iomsgs_t *)q;
	ctx->req.map.local = q;
	ctx->req.map.qlocal = sizeof(*q);
	ctx->req.map.kbase = kend;
	ctp->info.msglen = sizeof(*q);
	ctp->info.srcmsglen = sizeof(*q) +
			      (ctx->in.len > kend ? ctx->in.len - kend : 0);
	ctp->info.dstmsglen = sizeof(struct _io_notify_reply);
	ctp->size = sizeof(*q);
	return EOK;
}

/*
 * What the reply to a MSG or FDINFO may carry, and (MSG) whether the
 * data the kernel says follows is all there.  The body was checked.
 */
static void rm_io_limits(struct rm_ctx *ctx, const unsigned char *body)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	struct resmgr_fdinfo_in fi;
	struct resmgr_msg_in mi;

	switch (ctx->in.opcode) {
	case RESMGR_OP_MSG:
		memcpy(&mi, body, sizeof(mi));
		ctx->req.nbytes = mi.out_max;
		ctp->info.dstmsglen = mi.out_max > INT32_MAX ? INT32_MAX :
							     (int32_t)mi.out_max;
		break;
	case RESMGR_OP_FDINFO:
		memcpy(&fi, body, sizeof(fi));
		ctx->req.nbytes = fi.path_max;
		ctp->info.dstmsglen = fi.path_max > INT32_MAX / 2 ? INT32_MAX / 2 :
				      (int32_t)(sizeof(struct _io_fdinfo_reply) +
						fi.path_max);
		break;
	default:
		break;
	}
}

/*
 * Rewrite the I/O message in the receive buffer into its QNX form
 * (ctp->msg), keeping any data right after the QNX header.
 */
int rm_io_translate(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	const unsigned char *body = ctx->rbuf + sizeof(struct resmgr_in_header);
	size_t kend = sizeof(struct resmgr_in_header), qlen;
	union {
		unsigned char rw[sizeof(struct _io_read) +
				 sizeof(struct _xtype_offset)];
		struct _io_lseek lseek;
		struct _io_stat stat;
		struct _io_close close;
		struct _io_devctl devctl;
		union rm_qhdr other;
	} q;
	struct resmgr_devctl_in dv;
	struct resmgr_lseek_in ls;
	struct resmgr_rw_in rw;
	size_t blen;
	int err;

	if (ctx->in.opcode == RESMGR_OP_NOTIFY)
		return rm_notify_translate(ctx);
	_Static_assert(sizeof(q) <= sizeof(ctx->req.hdr), "req.hdr too small");
	_Static_assert(sizeof(struct _io_read) == sizeof(struct _io_write),
		       "read and write headers differ");
	memset(&q, 0, sizeof(q));
	switch (ctx->in.opcode) {
	case RESMGR_OP_READ:
	case RESMGR_OP_WRITE:
		kend += sizeof(rw);
		if (ctx->rcvd < kend)
			return EINVAL;
		memcpy(&rw, body, sizeof(rw));
		qlen = rm_rw_header(ctx, &q, ctx->in.opcode == RESMGR_OP_READ ?
				    _IO_READ : _IO_WRITE, &rw);
		if (ctx->in.opcode == RESMGR_OP_READ)
			ctp->info.dstmsglen = rw.nbytes > INT32_MAX ?
					       INT32_MAX : rw.nbytes;
		break;
	case RESMGR_OP_LSEEK:
		kend += sizeof(ls);
		if (ctx->rcvd < kend)
			return EINVAL;
		memcpy(&ls, body, sizeof(ls));
		q.lseek.type = _IO_LSEEK;
		q.lseek.combine_len = sizeof(q.lseek);
		q.lseek.whence = ls.whence;
		q.lseek.offset = ls.offset;
		qlen = sizeof(q.lseek);
		break;
	case RESMGR_OP_DEVCTL:
		kend += sizeof(dv);
		if (ctx->rcvd < kend)
			return EINVAL;
		memcpy(&dv, body, sizeof(dv));
		if (ctx->in.len < kend + dv.nbytes)
			return EINVAL;
		qlen = rm_devctl_header(ctx, &q.devctl, &dv, kend);
		break;
	case RESMGR_OP_STAT:
		q.stat.type = _IO_STAT;
		q.stat.combine_len = sizeof(q.stat);
		qlen = sizeof(q.stat);
		break;
	case RESMGR_OP_CLOSE_DUP:
		q.close.type = _IO_CLOSE;
		q.close.combine_len = sizeof(q.close);
		qlen = sizeof(q.close);
		break;
	default:
		err = rm_decode_io_body(ctx->in.opcode, body, ctx->rcvd - kend,
					&q.other, &qlen, &blen);
		if (err)
			return err;
		kend += blen;
		rm_io_limits(ctx, body);
		break;
	}
	ctp->msg = rm_xlate_io(ctx->rbuf, kend, &q, qlen);
	memcpy(ctx->req.hdr, &q, qlen);
	ctx->req.map.local = NULL;
	ctx->req.map.qlocal = qlen;
	ctx->req.map.kbase = kend;
	ctp->info.msglen = qlen + (ctx->rcvd - kend);
	ctp->info.srcmsglen = qlen + (ctx->in.len - kend);
	ctp->size = ctp->info.msglen;
	return EOK;
}
