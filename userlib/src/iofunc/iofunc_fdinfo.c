// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fdinfo: what an open is (iofdinfo()).
 */
#include <errno.h>
#include <string.h>

#include "dispatch/dispatch_i.h"
#include "iofunc/iofunc_i.h"

int iofunc_fdinfo(resmgr_context_t *ctp, iofunc_ocb_t *ocb,
		  iofunc_attr_t *attr, struct _fdinfo *info)
{
	memset(info, 0, sizeof(*info));
	info->mode = attr->mode;
	info->ioflag = ocb->ioflag;
	info->offset = ocb->offset;
	info->size = attr->nbytes;
	info->sflag = ocb->sflag;
	info->count = attr->count;
	info->rcount = attr->rcount;
	info->wcount = attr->wcount;
	rm_lock_count(attr, &info->rlocks, &info->wlocks);
	if (info->rlocks || info->wlocks)
		info->flags |= _FDINFO_LOCKS;
	return EOK;
}

/*
 * The reply is built in the message buffer, which outlives the handler:
 * the info, then the path, as much of it as fits there and in the
 * client's room.
 */
int iofunc_fdinfo_default(resmgr_context_t *ctp, io_fdinfo_t *msg,
			  iofunc_ocb_t *ocb)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	size_t room = msg->i.path_len > 0 ? (size_t)msg->i.path_len : 0;
	size_t max = ctp->msg_max_size - sizeof(msg->o), len, n = 0;
	char *path = (char *)(&msg->o + 1);
	struct _fdinfo info;

	if (room > max)
		room = max;
	iofunc_fdinfo(ctp, ocb, ocb->attr, &info);
	len = rm_bind_path(&ctx->dpp->bindings, ctx->cur_handle, path, room);
	if (room)
		n = len + 1 < room ? len + 1 : room;
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.info = info;
	_IO_SET_FDINFO_LEN(ctp, len);
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + n);
}
