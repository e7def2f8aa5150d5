// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * I/O messages to the open they are for: the OCB's binding held while a
 * handler runs, lock_ocb/unlock_ocb around it, the handler of the I/O
 * table called, directory reads turned into the kernel's dirent records,
 * and the two events of an open (CLOSE_OCB, UNBLOCK).
 *
 * I/O handlers run between the table's lock_ocb and unlock_ocb (by
 * default: the attr's lock), so handlers on one attr are serialized
 * across threads, as on QNX.  close_dup and connect handlers do not.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "resmgr/route.h"

void rm_lock_ocb(struct rm_ctx *ctx)
{
	if (RM_HAS(ctx->cur.io, lock_ocb))
		ctx->cur.io->lock_ocb(rm_ctp(ctx), NULL, ctx->cur.ocb);
}

void rm_unlock_ocb(struct rm_ctx *ctx)
{
	if (RM_HAS(ctx->cur.io, unlock_ocb))
		ctx->cur.io->unlock_ocb(rm_ctp(ctx), NULL, ctx->cur.ocb);
}

/* Call the bound open's handler for I/O message @opcode (ctp->msg). */
int rm_call_io(struct rm_ctx *ctx, uint16_t opcode)
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

void rm_do_io(struct rm_ctx *ctx)
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
void rm_do_close_ocb(struct rm_ctx *ctx)
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
void rm_do_unblock(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = rm_ctp(ctx);
	struct resmgr_unblock_in ub;
	io_pulse_t pulse;
	int ret;

	if (ctx->rcvd < sizeof(struct resmgr_in_header) + sizeof(ub))
		return;
	memcpy(&ub, ctx->rbuf + sizeof(struct resmgr_in_header), sizeof(ub));
	/*
	 * No OCB: a message from MsgSend() (ipc_msg.c), or an OPEN, whose
	 * handlers answer in their own time.
	 */
	if (!ctx->in.ocb) {
		if (ub.target <= INT32_MAX)
			rm_msgsend_unblock(ctx, (int)ub.target);
		return;
	}
	if (rm_cur_hold(ctx))
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
