// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Message routing (dispatch_handler()): each request from the kernel goes
 * to the handler QNX would call for it, in the QNX message layout, and
 * the handler's return value becomes the reply.
 *
 * I/O handlers run between the table's lock_ocb and unlock_ocb (by
 * default: the attr's lock), so handlers on one attr are serialized
 * across threads, as on QNX.  close_dup and connect handlers do not.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* Larger connect messages (huge group lists, extra data) are refused. */
#define RM_CONNECT_MAX	(1024 * 1024)

static resmgr_context_t *rm_ctp(struct rm_ctx *ctx)
{
	return &ctx->pub.resmgr_context;
}

/*
 * A NOTIFY nobody answers: always readable and writable, what Linux says
 * of a file whose driver has no poll method.
 */
static int rm_notify_ready(struct rm_ctx *ctx)
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
static void rm_finish(struct rm_ctx *ctx, const struct rm_link *link, int ret)
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

/* A connect message larger than the receive buffer: read all of it. */
static int rm_read_whole(struct rm_ctx *ctx, size_t *len)
{
	struct resmgr_msgio io;
	int n;

	if (ctx->in.len > RM_CONNECT_MAX)
		return ENAMETOOLONG;
	ctx->whole = malloc(ctx->in.len);
	if (!ctx->whole)
		return ENOMEM;
	memcpy(ctx->whole, ctx->rbuf, ctx->rcvd);
	memset(&io, 0, sizeof(io));
	io.size = sizeof(io);
	io.unique = ctx->in.unique;
	io.offset = ctx->rcvd;
	io.buf = (uintptr_t)ctx->whole + ctx->rcvd;
	io.len = ctx->in.len - ctx->rcvd;
	n = rm_ioctl(ctx->dpp->fd, RESMGR_IOC_MSGREAD, &io);
	if (n < 0)
		return errno;
	*len = ctx->rcvd + n;
	return EOK;
}

/*
 * Decode a connect message into ctx->cbuf and the client's credentials.
 * @v (may be NULL) gets the view of it; its extra data is at @*whole
 * + v->extra_off.
 */
static int rm_connect_prepare(struct rm_ctx *ctx, uint16_t subtype,
			      struct rm_connect_view *view,
			      const unsigned char **whole)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	const void *msg = ctx->rbuf;
	size_t len = ctx->rcvd, qlen;
	struct rm_connect_view v;
	int err;

	if (ctx->in.flags & RESMGR_IN_F_TRUNC) {
		err = rm_read_whole(ctx, &len);
		if (err)
			return err;
		msg = ctx->whole;
	}
	err = rm_decode_connect(msg, len, &v);
	if (err)
		return err;
	qlen = rm_build_connect(ctx->cbuf, subtype, &v);
	rm_cred_from_connect(&ctx->cred, &ctx->in, &v);
	ctx->cred_valid = true;

	/*
	 * The request is not visible to other threads before its handler
	 * hands out the rcvid, so it can be completed without req_lock.
	 */
	ctx->req.map.local = ctx->cbuf;
	ctx->req.map.qlocal = qlen;
	ctx->req.map.kbase = v.extra_off;

	ctp->msg = (resmgr_iomsgs_t *)ctx->cbuf;
	ctp->size = qlen;
	ctp->info.msglen = qlen;
	ctp->info.srcmsglen = qlen + v.ci->extra_len;
	if (view)
		*view = v;
	if (whole)
		*whole = msg;
	return EOK;
}

static int rm_call_open(struct rm_ctx *ctx, const struct rm_link *link)
{
	if (!RM_HAS(link->connect, open))
		return _RESMGR_DEFAULT;
	return link->connect->open(rm_ctp(ctx), (io_open_t *)ctx->cbuf,
				   link->handle, NULL);
}

static uint16_t rm_connect_subtype(uint16_t opcode)
{
	switch (opcode) {
	case RESMGR_OP_UNLINK:
		return _IO_CONNECT_UNLINK;
	case RESMGR_OP_RENAME:
		return _IO_CONNECT_RENAME;
	case RESMGR_OP_MKNOD:
		return _IO_CONNECT_MKNOD;
	case RESMGR_OP_READLINK:
		return _IO_CONNECT_READLINK;
	case RESMGR_OP_LINK:
		return _IO_CONNECT_LINK;
	default:
		return _IO_CONNECT_OPEN;
	}
}

/*
 * link(2): QNX hands the link handler the OCB of the existing file.  The
 * kernel sends its path, so open it with the server's own open handler
 * (no access asked, the link itself if it is one), give the handler that
 * OCB, and close it again after the reply, as a COMBINE does.  Nothing
 * here may reply on its own: rcvid is 0 while the open runs.
 */
static void rm_do_hard_link(struct rm_ctx *ctx, const struct rm_link *link,
			    const char *old)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	size_t plen = strlen(old) + 1;
	struct _io_connect *o = malloc(sizeof(*o) + plen);
	int rcvid = ctp->rcvid;
	io_link_extra_t extra;
	struct rm_binding b;
	uint64_t handle;
	int ret;

	if (!o) {
		rm_finish(ctx, link, ENOMEM);
		return;
	}
	*o = *ctx->cbuf;
	o->subtype = _IO_CONNECT_COMBINE_CLOSE;
	o->ioflag = O_NOFOLLOW;
	o->mode = 0;
	o->access = 0;
	o->path_len = plen;
	o->eflag = 0;
	o->extra_type = _IO_CONNECT_EXTRA_NONE;
	o->extra_len = 0;
	memcpy(o->path, old, plen);

	ctp->rcvid = 0;
	ctp->msg = (resmgr_iomsgs_t *)o;
	ret = RM_HAS(link->connect, open) ?
	      link->connect->open(ctp, (io_open_t *)o, link->handle, NULL) :
	      ENOSYS;
	free(o);
	ctp->msg = (resmgr_iomsgs_t *)ctx->cbuf;
	ctp->rcvid = rcvid;
	ctp->status = 0;
	handle = ctx->req.handle;
	rm_req_set_handle(ctx, 0);
	if (ret == _RESMGR_DEFAULT || ret == _RESMGR_NOREPLY)
		ret = ENOSYS;
	if (ret <= 0 && (!handle || rm_bind_get(&ctx->dpp->bindings, handle, &b)))
		ret = ENOENT;
	if (ret > 0) {
		if (handle)
			rm_bind_take(&ctx->dpp->bindings, handle, NULL);
		rm_finish(ctx, link, ret);
		return;
	}

	memset(&extra, 0, sizeof(extra));
	extra.ocb = b.ocb;
	ret = RM_HAS(link->connect, link) ?
	      link->connect->link(ctp, (io_link_t *)ctx->cbuf, link->handle,
				  &extra) :
	      _RESMGR_DEFAULT;
	rm_finish(ctx, link, ret);

	ctp->rcvid = 0;
	if (RM_HAS(b.io, close_ocb))
		b.io->close_ocb(ctp, NULL, b.ocb);
	rm_bind_take(&ctx->dpp->bindings, handle, NULL);
	ctp->rcvid = rcvid;
}

/*
 * The connect table: OPEN, UNLINK, RENAME, MKNOD, READLINK and LINK, to
 * their handlers with the path in msg->connect.path (relative to the
 * attach point, "" for the attach point itself).
 */
static void rm_do_connect(struct rm_ctx *ctx, const struct rm_link *link)
{
	const resmgr_connect_funcs_t *c = link->connect;
	resmgr_context_t *ctp = rm_ctp(ctx);
	RESMGR_HANDLE_T *h = link->handle;
	io_mknod_extra_t mx;
	const unsigned char *msg;
	struct rm_connect_view v;
	const char *xpath;
	int ret;

	ret = rm_connect_prepare(ctx, rm_connect_subtype(ctx->in.opcode), &v,
				 &msg);
	if (ret) {
		rm_finish(ctx, link, ret);
		return;
	}
	xpath = rm_connect_extra_path(msg, &v);
#define RM_CONNECT_CALL(fn, ...) \
	(RM_HAS(c, fn) ? c->fn(ctp, (void *)ctx->cbuf, h, __VA_ARGS__) : \
			 _RESMGR_DEFAULT)
	switch (ctx->in.opcode) {
	case RESMGR_OP_OPEN:
		ret = rm_call_open(ctx, link);
		break;
	case RESMGR_OP_UNLINK:
		ret = RM_CONNECT_CALL(unlink, NULL);
		break;
	case RESMGR_OP_RENAME:
		if (!xpath || v.ci->extra_type != RESMGR_EXTRA_RENAME)
			ret = EINVAL;
		else
			ret = RM_CONNECT_CALL(rename, (io_rename_extra_t *)xpath);
		break;
	case RESMGR_OP_MKNOD:
		ret = RM_CONNECT_CALL(mknod, rm_connect_extra_rdev(msg, &v,
								   &mx.rdev) ?
					     &mx : NULL);
		break;
	case RESMGR_OP_READLINK:
		ret = RM_CONNECT_CALL(readlink, NULL);
		break;
	default:	/* LINK */
		if (!xpath) {
			ret = EINVAL;
		} else if (v.ci->extra_type == RESMGR_EXTRA_LINK) {
			rm_do_hard_link(ctx, link, xpath);
			return;
		} else {
			ret = RM_CONNECT_CALL(link, (io_link_extra_t *)xpath);
		}
		break;
	}
#undef RM_CONNECT_CALL
	rm_finish(ctx, link, ret);
}

static void rm_lock_ocb(struct rm_ctx *ctx)
{
	if (RM_HAS(ctx->cur.io, lock_ocb))
		ctx->cur.io->lock_ocb(rm_ctp(ctx), NULL, ctx->cur.ocb);
}

static void rm_unlock_ocb(struct rm_ctx *ctx)
{
	if (RM_HAS(ctx->cur.io, unlock_ocb))
		ctx->cur.io->unlock_ocb(rm_ctp(ctx), NULL, ctx->cur.ocb);
}

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

static int rm_call_io(struct rm_ctx *ctx, uint16_t opcode);

/*
 * QNX's open + I/O message + close in one request: stat() by path
 * (STAT_PATH), and chmod, chown, utimensat, truncate by path and their
 * f* forms (COMBINE).  As on QNX, no part may reply on its own (rcvid is
 * 0 while they run), and the reply is the I/O part's.  On QNX the close
 * part is an _IO_CLOSE (close_dup, then close_ocb); these are no
 * close(2) on Linux, so only close_ocb runs.
 */
static void rm_do_combine(struct rm_ctx *ctx, const struct rm_link *link)
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
static int rm_io_translate(struct rm_ctx *ctx)
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

/* Call the bound open's handler for I/O message @opcode (ctp->msg). */
static int rm_call_io(struct rm_ctx *ctx, uint16_t opcode)
{
	const resmgr_io_funcs_t *io = ctx->cur.io;
	resmgr_context_t *ctp = rm_ctp(ctx);
	resmgr_iomsgs_t *msg = ctp->msg;
	void *ocb = ctx->cur.ocb;

#define RM_IO_CALL(fn, m) \
	(RM_HAS(io, fn) ? io->fn(ctp, &msg->m, ocb) : _RESMGR_DEFAULT)
	switch (opcode) {
	case RESMGR_OP_READ:
		return RM_IO_CALL(read, read);
	case RESMGR_OP_WRITE:
		return RM_IO_CALL(write, write);
	case RESMGR_OP_STAT:
		return RM_IO_CALL(stat, stat);
	case RESMGR_OP_DEVCTL:
		return RM_IO_CALL(devctl, devctl);
	case RESMGR_OP_NOTIFY:
		/* No handler: always ready, as Linux's default. */
		return RM_HAS(io, notify) ? io->notify(ctp, &msg->notify, ocb) :
					    rm_notify_ready(ctx);
	case RESMGR_OP_PATHCONF:
		return RM_IO_CALL(pathconf, pathconf);
	case RESMGR_OP_CHMOD:
		return RM_IO_CALL(chmod, chmod);
	case RESMGR_OP_CHOWN:
		return RM_IO_CALL(chown, chown);
	case RESMGR_OP_UTIME:
		return RM_IO_CALL(utime, utime);
	case RESMGR_OP_OPENFD:
		return RM_IO_CALL(openfd, openfd);
	case RESMGR_OP_FDINFO:
		return RM_IO_CALL(fdinfo, fdinfo);
	case RESMGR_OP_LOCK:
		return RM_IO_CALL(lock, lock);
	case RESMGR_OP_SPACE:
		return RM_IO_CALL(space, space);
	case RESMGR_OP_MSG:
		return RM_IO_CALL(msg, msg);
	case RESMGR_OP_SYNC:
		return RM_IO_CALL(sync, sync);
	default:
		return RM_IO_CALL(lseek, lseek);
	}
#undef RM_IO_CALL
}

/*
 * READ of a directory: the kernel sends the position (XTYPE_OFFSET); QNX
 * read handlers of a directory start at ocb->offset, fill struct
 * iofunc_dirent records and advance it.  Their records go to the kernel
 * as struct resmgr_dirent (rm_dirents_translate()).  A non-iofunc OCB
 * gets the position as an _IO_XTYPE_OFFSET read.
 */
static int rm_read_dir(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	io_read_t *rd = &ctp->msg->read;
	iofunc_ocb_t *ocb = ctx->req.ocb;
	size_t room = ctx->req.nbytes < RM_DIR_READ_MAX ? ctx->req.nbytes :
							  RM_DIR_READ_MAX;
	struct _xtype_offset xo;
	unsigned char *in;
	size_t got;
	ssize_t n;
	int ret;

	if (!ctx->dirbuf) {
		ctx->dirbuf = malloc(RM_DIR_READ_MAX);
		if (!ctx->dirbuf)
			return ENOMEM;
	}
	rd->i.nbytes = room;
	if (ocb && (rd->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET) {
		memcpy(&xo, rd + 1, sizeof(xo));
		ocb->offset = xo.offset;
		rd->i.xtype &= ~_IO_XTYPE_MASK;
	}
	memcpy(ctx->req.hdr, rd, sizeof(rd->i));
	ret = rm_call_io(ctx, RESMGR_OP_READ);
	if (ret > 0 || ret == _RESMGR_NOREPLY || ret == _RESMGR_DEFAULT ||
	    (unsigned)-ret > ctx->nparts)
		return ret;

	in = malloc(room);
	if (!in)
		return ENOMEM;
	got = rm_gather(in, room, ctp->iov, -ret);
	if (ctp->status <= 0)
		got = 0;
	else if ((size_t)ctp->status < got)
		got = ctp->status;
	n = rm_dirents_translate(in, got, ocb ? ocb->offset : -1, ctx->dirbuf,
				 room);
	free(in);
	if (n < 0)
		return (int)-n;
	ctp->status = n;
	return _RESMGR_PTR(ctp, ctx->dirbuf, n);
}

/* Hold the binding of the message's OCB in ctx->cur while it runs. */
static int rm_cur_hold(struct rm_ctx *ctx)
{
	if (rm_bind_hold(&ctx->dpp->bindings, ctx->in.ocb, &ctx->cur))
		return EBADF;
	ctx->hold = ctx->in.ocb;
	ctx->cur_handle = ctx->in.ocb;
	return EOK;
}

/*
 * Let go of ctx->cur; @end: this message ended the open.  The last
 * thread to let go of an ended open runs its close_ocb (which cannot
 * reply) and forgets the binding.
 */
static void rm_cur_unhold(struct rm_ctx *ctx, bool end)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	uint64_t h = ctx->hold;
	int rcvid = ctp->rcvid;

	ctx->hold = 0;
	if (!h || !rm_bind_unhold(&ctx->dpp->bindings, h, end))
		return;
	ctp->rcvid = 0;
	if (RM_HAS(ctx->cur.io, close_ocb))
		ctx->cur.io->close_ocb(ctp, NULL, ctx->cur.ocb);
	rm_bind_take(&ctx->dpp->bindings, h, NULL);
	ctx->cur_handle = 0;
	ctp->rcvid = rcvid;
}

/*
 * fcntl(F_SETFL) on Linux does not reach the server; the kernel says with
 * every request whether the file is O_NONBLOCK now.  Keep an iofunc
 * OCB's ioflag in step (under the OCB lock), so handlers that test
 * ocb->ioflag, iofunc_read_verify() and DCMD_ALL_GETFLAGS all see it.
 */
static void rm_sync_nonblock(struct rm_ctx *ctx)
{
	iofunc_ocb_t *ocb = ctx->req.ocb;

	if (!ocb)
		return;
	if (ctx->in.flags & RESMGR_IN_F_NONBLOCK)
		ocb->ioflag |= O_NONBLOCK;
	else
		ocb->ioflag &= ~O_NONBLOCK;
}

static void rm_do_io(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	int ret;

	if (rm_cur_hold(ctx)) {
		rm_finish(ctx, NULL, EBADF);
		return;
	}
	ctp->info.coid = (int32_t)(ctx->in.ocb & INT32_MAX);
	if (ctx->cur.iofunc)
		ctx->req.ocb = ctx->cur.ocb;
	ret = rm_io_translate(ctx);
	if (ret) {
		rm_finish(ctx, ctx->cur.link, ret);
		rm_cur_unhold(ctx, false);
		return;
	}

	/* Every close(2) of a descriptor; a failure here fails the close. */
	if (ctx->in.opcode == RESMGR_OP_CLOSE_DUP) {
		struct rm_link *link = ctx->cur.link;

		ret = RM_HAS(ctx->cur.io, close_dup) ?
		      ctx->cur.io->close_dup(ctp, &ctp->msg->close, ctx->cur.ocb) :
		      EOK;
		/*
		 * The open's last reference: like QNX's _IO_CLOSE, this one
		 * message also ends the OCB (no CLOSE_OCB follows).
		 */
		rm_cur_unhold(ctx, ctx->in.flags & RESMGR_IN_F_LAST);
		rm_finish(ctx, link, ret);
		return;
	}

	rm_lock_ocb(ctx);
	rm_sync_nonblock(ctx);
	/* Only a directory attach has directories the kernel lists. */
	if (ctx->in.opcode == RESMGR_OP_READ && S_ISDIR(ctx->cur.mode) &&
	    ctx->cur.link && ctx->cur.link->dir)
		ret = rm_read_dir(ctx);
	else
		ret = rm_call_io(ctx, ctx->in.opcode);
	/* Inside the lock: the reply takes the position from the OCB. */
	rm_finish(ctx, ctx->cur.link, ret);
	rm_unlock_ocb(ctx);
	rm_cur_unhold(ctx, false);
}

/*
 * The last reference to an open is gone.  The kernel sends this from the
 * file's release, exactly once per open, and takes no reply.
 */
static void rm_do_close_ocb(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);

	if (rm_cur_hold(ctx))
		return;
	ctp->info.coid = (int32_t)(ctx->in.ocb & INT32_MAX);
	rm_cur_unhold(ctx, true);
}

/*
 * A client whose request this server holds was signalled.  As QNX's
 * unblock pulse: io->unblock runs with ctp->rcvid naming that request and
 * decides: MsgError(rcvid, EINTR), finishing the work, or nothing (the
 * client then stays blocked until the request is answered).  An errno it
 * returns answers the request.  The event itself takes no reply.
 */
static void rm_do_unblock(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	struct resmgr_unblock_in ub;
	io_pulse_t pulse;
	int ret;

	if (ctx->rcvd < sizeof(struct resmgr_in_header) + sizeof(ub))
		return;
	memcpy(&ub, ctx->rbuf + sizeof(struct resmgr_in_header), sizeof(ub));
	/* An OPEN has no OCB yet; its handlers answer in their own time. */
	if (!ctx->in.ocb || rm_cur_hold(ctx))
		return;
	if (!RM_HAS(ctx->cur.io, unblock)) {
		rm_cur_unhold(ctx, false);
		return;
	}
	memset(&pulse, 0, sizeof(pulse));
	pulse.pulse.code = _PULSE_CODE_UNBLOCK;
	pulse.pulse.value.sival_int = (int)ub.target;
	ctp->rcvid = (int)ub.target;
	ctp->info.coid = (int32_t)(ctx->in.ocb & INT32_MAX);
	ret = ctx->cur.io->unblock(ctp, &pulse, ctx->cur.ocb);
	if (ret > 0)
		MsgError((int)ub.target, ret);
	ctp->rcvid = 0;
	rm_cur_unhold(ctx, false);
}

int rm_route(struct rm_ctx *ctx)
{
	struct rm_link *link;

	rm_current = ctx;
	switch (ctx->in.opcode) {
	case RESMGR_OP_OPEN:
	case RESMGR_OP_UNLINK:
	case RESMGR_OP_RENAME:
	case RESMGR_OP_MKNOD:
	case RESMGR_OP_READLINK:
	case RESMGR_OP_LINK:
	case RESMGR_OP_STAT_PATH:
	case RESMGR_OP_COMBINE:
		link = rm_link_find(ctx->dpp, ctx->in.link);
		if (!link)
			rm_finish(ctx, NULL, ENOENT);
		else if (ctx->in.opcode == RESMGR_OP_STAT_PATH ||
			 ctx->in.opcode == RESMGR_OP_COMBINE)
			rm_do_combine(ctx, link);
		else
			rm_do_connect(ctx, link);
		break;
	case RESMGR_OP_READ:
	case RESMGR_OP_WRITE:
	case RESMGR_OP_STAT:
	case RESMGR_OP_LSEEK:
	case RESMGR_OP_DEVCTL:
	case RESMGR_OP_NOTIFY:
	case RESMGR_OP_CLOSE_DUP:
	case RESMGR_OP_PATHCONF:
	case RESMGR_OP_CHMOD:
	case RESMGR_OP_CHOWN:
	case RESMGR_OP_UTIME:
	case RESMGR_OP_OPENFD:
	case RESMGR_OP_FDINFO:
	case RESMGR_OP_LOCK:
	case RESMGR_OP_SPACE:
	case RESMGR_OP_MSG:
	case RESMGR_OP_SYNC:
		rm_do_io(ctx);
		break;
	case RESMGR_OP_CLOSE_OCB:
		rm_do_close_ocb(ctx);
		break;
	case RESMGR_OP_UNBLOCK:
		rm_do_unblock(ctx);
		break;
	case RESMGR_OP_DISCONNECT:
		/* QNX's disconnect pulse; the pid stands for the scoid. */
		rm_pulse_deliver(ctx, _PULSE_CODE_DISCONNECT, (int)ctx->in.pid);
		break;
	default:
		/*
		 * MMAP (the kernel fails mmap(2) with ENODEV and never sends
		 * it), POWER, ACL; events need nothing.
		 */
		if (ctx->in.opcode < RESMGR_OP_CLOSE_OCB)
			rm_finish(ctx, NULL, ENOSYS);
		break;
	}
	rm_current = NULL;
	return 0;
}
