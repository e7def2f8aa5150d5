// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Reading and writing: the checks every read/write handler starts with,
 * and the defaults (read: end of file; write: take and discard).
 */
#include <errno.h>

#include "dispatch/dispatch_i.h"
#include "iofunc/iofunc_i.h"

/*
 * Per request, _IO_XFLAG_* override the open's O_NONBLOCK.  Linux's
 * fcntl(F_SETFL) does not reach the server: the kernel says with every
 * request whether the file is O_NONBLOCK now (_NTO_MI_NONBLOCK here),
 * and the library keeps an iofunc OCB's ioflag in step with it.
 */
static int rm_nonblock(const resmgr_context_t *ctp, int32_t ioflag,
		       uint32_t xtype)
{
	if (xtype & _IO_XFLAG_NONBLOCK)
		return 1;
	if (xtype & _IO_XFLAG_BLOCK)
		return 0;
	if (ctp && (ctp->info.flags & _NTO_MI_NONBLOCK))
		return 1;
	return (ioflag & O_NONBLOCK) ? 1 : 0;
}

int iofunc_read_verify(resmgr_context_t *ctp, io_read_t *msg,
		       iofunc_ocb_t *ocb, int *nonblock)
{
	if (!(ocb->ioflag & _IO_FLAG_RD))
		return EBADF;
	if (nonblock)
		*nonblock = rm_nonblock(ctp, ocb->ioflag, msg->i.xtype);
	return EOK;
}

int iofunc_write_verify(resmgr_context_t *ctp, io_write_t *msg,
			iofunc_ocb_t *ocb, int *nonblock)
{
	const struct rm_cred *c;

	if (!(ocb->ioflag & _IO_FLAG_WR))
		return EBADF;
	if (nonblock)
		*nonblock = rm_nonblock(ctp, ocb->ioflag, msg->i.xtype);
	if (msg->i.nbytes && rm_ctx_cred(rm_ctx(ctp), &c) == EOK)
		rm_attr_kill_privs(c, ocb->attr);
	/* pwrite() writes where it says, even with O_APPEND (as on QNX). */
	if ((ocb->ioflag & O_APPEND) &&
	    (msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset = ocb->attr->nbytes;
	return EOK;
}

int iofunc_read_default(resmgr_context_t *ctp, io_read_t *msg,
			iofunc_ocb_t *ocb)
{
	int err = iofunc_read_verify(ctp, msg, ocb, NULL);

	if (err)
		return err;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	_IO_SET_READ_NBYTES(ctp, 0);
	return _RESMGR_NPARTS(0);
}

int iofunc_write_default(resmgr_context_t *ctp, io_write_t *msg,
			 iofunc_ocb_t *ocb)
{
	int err = iofunc_write_verify(ctp, msg, ocb, NULL);

	if (err)
		return err;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	_IO_SET_WRITE_NBYTES(ctp, msg->i.nbytes);
	if (msg->i.nbytes)
		ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return _RESMGR_NPARTS(0);
}
