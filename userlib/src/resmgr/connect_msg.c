// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Connect messages (OPEN, UNLINK, RENAME, MKNOD, READLINK, LINK,
 * MOUNT): the kernel's message read in full, decoded into QNX's struct
 * _io_connect and the client's credentials, and handed to the attach's
 * connect table.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "resmgr/route.h"

/* Larger connect messages (huge group lists, extra data) are refused. */
#define RM_CONNECT_MAX	(1024 * 1024)

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
int rm_connect_prepare(struct rm_ctx *ctx, uint16_t subtype,
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

int rm_call_open(struct rm_ctx *ctx, const struct rm_link *link)
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
	case RESMGR_OP_MOUNT:
		return _IO_CONNECT_MOUNT;
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
 * The connect table: OPEN, UNLINK, RENAME, MKNOD, READLINK, LINK and
 * MOUNT, to their handlers with the path in msg->connect.path (relative
 * to the attach point, "" for the attach point itself; MOUNT's is the
 * mount point as the client named it).
 */
void rm_do_connect(struct rm_ctx *ctx, const struct rm_link *link)
{
	const resmgr_connect_funcs_t *c = link->connect;
	resmgr_context_t *ctp = rm_ctp(ctx);
	RESMGR_HANDLE_T *h = link->handle;
	io_mknod_extra_t mx;
	io_mount_extra_t mnt;
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
	case RESMGR_OP_MOUNT:
		/*
		 * Only a mount-request attach gets these; one with no
		 * handler does not mount this type, as QNX's default says.
		 */
		if (!link->mounts)
			ret = ENOSYS;
		else if (rm_connect_extra_mount(msg, &v, &mnt))
			ret = EINVAL;
		else
			ret = RM_CONNECT_CALL(mount, &mnt);
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
