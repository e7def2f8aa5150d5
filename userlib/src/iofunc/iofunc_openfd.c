// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * openfd: a new open of what an existing open names, without a path.
 */
#include <errno.h>
#include <string.h>

#include "iofunc/iofunc_i.h"

/* Flags that only mean something to open(2) with a path. */
#define RM_OPENFD_DROP	(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY)

int iofunc_openfd(resmgr_context_t *ctp, io_openfd_t *msg, iofunc_ocb_t *ocb,
		  iofunc_attr_t *attr)
{
	uint32_t want = msg->i.ioflag & _IO_FLAG_MASK;

	if (msg->i.xtype != _IO_OPENFD_NONE)
		return ENOSYS;
	/* No wider than the open it copies. */
	if (want & ~(uint32_t)ocb->ioflag)
		return EACCES;
	return EOK;
}

/* A new OCB on the same attr, bound with the open's handlers. */
int iofunc_openfd_default(resmgr_context_t *ctp, io_openfd_t *msg,
			  iofunc_ocb_t *ocb)
{
	iofunc_attr_t *attr = ocb->attr;
	io_open_t open;
	int err;

	rm_attr_lock(attr);
	err = iofunc_openfd(ctp, msg, ocb, attr);
	if (err == EOK) {
		memset(&open, 0, sizeof(open));
		open.connect.type = _IO_CONNECT;
		open.connect.subtype = _IO_CONNECT_OPEN;
		open.connect.ioflag = msg->i.ioflag & ~(uint32_t)RM_OPENFD_DROP;
		open.connect.access = msg->i.ioflag & _IO_FLAG_MASK;
		open.connect.sflag = msg->i.sflag;
		err = iofunc_ocb_attach(ctp, &open, NULL, attr, NULL);
	}
	rm_attr_unlock(attr);
	return err;
}
