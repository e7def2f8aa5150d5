// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * sync: fsync() and fdatasync(), and what a write must wait for.
 */
#include <errno.h>

#include "kernel/kernel_i.h"

static bool rm_mount_sync_io(const iofunc_attr_t *attr)
{
	return attr->mount && (attr->mount->conf & IOFUNC_PC_SYNC_IO);
}

int iofunc_sync_verify(resmgr_context_t *ctp, io_sync_t *msg,
		       iofunc_ocb_t *ocb)
{
	if (!rm_mount_sync_io(ocb->attr))
		return EINVAL;
	if (msg->i.flag != O_SYNC && msg->i.flag != O_DSYNC)
		return EINVAL;
	return EOK;
}

/*
 * O_SYNC (data and metadata), O_DSYNC (data) or 0, from the open's flags
 * and @ioflag (a request's own); 0 where the mount does no synchronous
 * I/O.  Linux's O_SYNC includes the O_DSYNC bit, so test it whole.
 */
int iofunc_sync(resmgr_context_t *ctp, iofunc_ocb_t *ocb, int ioflag)
{
	int f = ioflag | ocb->ioflag;

	if (!rm_mount_sync_io(ocb->attr))
		return 0;
	if ((f & O_SYNC) == O_SYNC)
		return O_SYNC;
	if (f & O_DSYNC)
		return O_DSYNC;
	return 0;
}

/* Nothing is buffered here: once verified, everything is on "disk". */
int iofunc_sync_default(resmgr_context_t *ctp, io_sync_t *msg,
			iofunc_ocb_t *ocb)
{
	return iofunc_sync_verify(ctp, msg, ocb);
}
