// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * space: the checks before a handler allocates or frees part of a file
 * (ftruncate, truncate, fallocate).  The handler itself is the resource
 * manager's: QNX has no default.
 */
#include <errno.h>

#include "dispatch/dispatch_i.h"
#include "iofunc/iofunc_i.h"

int iofunc_space_verify(resmgr_context_t *ctp, io_space_t *msg,
			iofunc_ocb_t *ocb, int *nonblock)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	iofunc_attr_t *attr = ocb->attr;
	const struct rm_cred *c;
	int64_t end;
	int err;

	if (msg->i.subtype != F_ALLOCSP64 && msg->i.subtype != F_FREESP64)
		return EINVAL;
	if (msg->i.whence != SEEK_SET || msg->i.start < 0 || msg->i.len < 0)
		return EINVAL;
	if (__builtin_add_overflow(msg->i.start, msg->i.len, &end))
		return EFBIG;
	if (S_ISDIR(attr->mode))
		return EISDIR;
	if (rm_mount_readonly(attr))
		return EROFS;
	err = rm_ctx_cred(ctx, &c);
	if (err)
		return err;
	/*
	 * ftruncate() needs an open for writing.  truncate() by path opens
	 * without access (COMBINE): it needs write permission instead.
	 */
	if (!(ocb->ioflag & _IO_FLAG_WR)) {
		if (ctx->req.opcode != RESMGR_OP_COMBINE)
			return EBADF;
		err = rm_check_access(c, attr, S_IWUSR);
		if (err)
			return err;
	}
	if (nonblock)
		*nonblock = (ocb->ioflag & O_NONBLOCK) ? 1 : 0;
	rm_attr_kill_privs(c, attr);
	return EOK;
}
