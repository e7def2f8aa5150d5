// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Device control in the POSIX layer: the commands every resource
 * manager answers (<sys/dcmd_all.h>).  Everything else is the resource
 * manager's; the default handler answers it with _RESMGR_DEFAULT, which
 * the client sees as ENOTTY.
 */
#include <errno.h>
#include <string.h>

#include "kernel/kernel_i.h"

/* What fcntl(F_SETFL) may change (O_RSYNC is O_SYNC on Linux). */
#define RM_SETFLAGS	(O_APPEND | O_NONBLOCK | O_SYNC | O_DSYNC | O_RSYNC)
#define RM_SYNCFLAGS	(O_SYNC | O_DSYNC | O_RSYNC)
/* Flags that only mean something while opening: F_GETFL drops them. */
#define RM_OPENONLY	(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC)

/* ioflag carries the access mode as _IO_FLAG_RD/_WR (O_* + 1). */
static int rm_flags_from_ioflag(uint32_t ioflag)
{
	uint32_t acc = ioflag & _IO_FLAG_MASK;
	int flags = (int)(ioflag & ~(uint32_t)_IO_FLAG_MASK & ~(uint32_t)RM_OPENONLY);

	/* An open for neither reading nor writing (Linux's mode 3). */
	return flags | (acc ? (int)(acc - 1) : O_ACCMODE);
}

/* The int the client sent, from the receive buffer or the client. */
static int rm_devctl_int(resmgr_context_t *ctp, io_devctl_t *msg, int *val)
{
	if (msg->i.nbytes < sizeof(*val))
		return EINVAL;
	if ((void *)msg == (void *)ctp->msg &&
	    ctp->size < sizeof(msg->i) + sizeof(*val)) {
		if (resmgr_msgread(ctp, val, sizeof(*val), sizeof(msg->i)) !=
		    (ssize_t)sizeof(*val))
			return EFAULT;
		return EOK;
	}
	memcpy(val, _DEVCTL_DATA(msg->i), sizeof(*val));
	return EOK;
}

int iofunc_devctl(resmgr_context_t *ctp, io_devctl_t *msg, iofunc_ocb_t *ocb,
		  iofunc_attr_t *attr)
{
	iofunc_mount_t *mnt = attr ? attr->mount : NULL;
	int flags, err;

	switch (msg->i.dcmd) {
	case DCMD_ALL_GETFLAGS:
		flags = rm_flags_from_ioflag(ocb->ioflag);
		memset(&msg->o, 0, sizeof(msg->o));
		msg->o.nbytes = sizeof(flags);
		memcpy(_DEVCTL_DATA(msg->o), &flags, sizeof(flags));
		return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + sizeof(flags));
	case DCMD_ALL_SETFLAGS:
		err = rm_devctl_int(ctp, msg, &flags);
		if (err)
			return err;
		if ((flags & RM_SYNCFLAGS) &&
		    !(mnt && (mnt->conf & IOFUNC_PC_SYNC_IO)))
			return EINVAL;
		ocb->ioflag = (ocb->ioflag & ~RM_SETFLAGS) | (flags & RM_SETFLAGS);
		memset(&msg->o, 0, sizeof(msg->o));
		return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
	default:
		return _RESMGR_DEFAULT;
	}
}

int iofunc_devctl_default(resmgr_context_t *ctp, io_devctl_t *msg,
			  iofunc_ocb_t *ocb)
{
	return iofunc_devctl(ctp, msg, ocb, ocb->attr);
}
