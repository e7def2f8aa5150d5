// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Message routing (dispatch_handler()): each request from the kernel goes
 * to the handler QNX would call for it, in the QNX message layout, and
 * the handler's return value becomes the reply (finish.c).
 *
 * connect_msg.c    OPEN, UNLINK, RENAME, MKNOD, READLINK, LINK
 * combine.c        STAT_PATH, COMBINE (open + I/O + close)
 * io_translate.c   the kernel's I/O message in QNX's layout
 * io_msg.c         I/O messages to their OCB's handler; CLOSE_OCB, UNBLOCK
 * ipc_msg.c        MSGSEND, PULSE from other processes to their handlers
 * finish.c         the handler's return value into the reply
 */
#include <string.h>

#include "dispatch/dispatch_ext.h"
#include "resmgr/route.h"

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
	case RESMGR_OP_MOUNT:
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
	case RESMGR_OP_SYNC:
		rm_do_io(ctx);
		break;
	case RESMGR_OP_MSG:
		/* A message of the client's own type, else an _IO_MSG. */
		if (!rm_do_raw_msg(ctx))
			rm_do_io(ctx);
		break;
	case RESMGR_OP_CLOSE_OCB:
		rm_do_close_ocb(ctx);
		break;
	case RESMGR_OP_UNBLOCK:
		rm_do_unblock(ctx);
		break;
	case RESMGR_OP_DISCONNECT: {
		/* QNX's disconnect pulse; the pid is the scoid (ipc_msg.c). */
		union sigval v;

		memset(&v, 0, sizeof(v));
		v.sival_int = (int)ctx->in.pid;
		rm_pulse_deliver(ctx, _PULSE_CODE_DISCONNECT, v,
				 (int)ctx->in.pid);
		break;
	}
	case RESMGR_OP_MSGSEND:
		rm_do_msgsend(ctx);
		break;
	case RESMGR_OP_PULSE:
		rm_do_pulse(ctx);
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
