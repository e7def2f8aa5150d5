// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * OCBs: allocating one for an open, binding it, counting the opens of an
 * attr, and letting go of it again.
 *
 * Unlike QNX, close_ocb does not follow from counting close_dups: Linux
 * tells a driver nothing about dup() or fork(), so the kernel sends
 * CLOSE_OCB from the file's release, once the last descriptor (and
 * mapping) of the open is gone.
 */
#include <errno.h>
#include <stdlib.h>

#include "iofunc/iofunc_i.h"

iofunc_ocb_t *iofunc_ocb_calloc(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	return calloc(1, sizeof(iofunc_ocb_t));
}

void iofunc_ocb_free(iofunc_ocb_t *ocb)
{
	free(ocb);
}

static iofunc_funcs_t *rm_mount_funcs(const iofunc_attr_t *attr)
{
	return attr->mount ? attr->mount->funcs : NULL;
}

static void rm_ocb_free(iofunc_ocb_t *ocb, const iofunc_attr_t *attr)
{
	iofunc_funcs_t *f = rm_mount_funcs(attr);

	if (RM_HAS(f, ocb_free))
		f->ocb_free(ocb);
	else
		iofunc_ocb_free(ocb);
}

int iofunc_ocb_attach(resmgr_context_t *ctp, io_open_t *msg,
		      iofunc_ocb_t *ocb, iofunc_attr_t *attr,
		      const resmgr_io_funcs_t *io_funcs)
{
	iofunc_funcs_t *f = rm_mount_funcs(attr);
	bool ours = !ocb;
	int err;

	if (ours) {
		ocb = RM_HAS(f, ocb_calloc) ? f->ocb_calloc(ctp, attr) :
					      iofunc_ocb_calloc(ctp, attr);
		if (!ocb)
			return ENOMEM;
	}
	ocb->attr = attr;
	/* Only the access the client asked to have checked is granted. */
	ocb->ioflag = msg->connect.ioflag &
		      (~(uint32_t)_IO_FLAG_MASK | msg->connect.access);
	ocb->sflag = msg->connect.sflag;
	ocb->flags = 0;
	ocb->offset = 0;
	err = rm_open_bind(ctp, ocb, io_funcs, true);
	if (err) {
		if (ours)
			rm_ocb_free(ocb, attr);
		return err;
	}
	attr->count++;
	if (ocb->ioflag & _IO_FLAG_RD)
		attr->rcount++;
	if (ocb->ioflag & _IO_FLAG_WR)
		attr->wcount++;
	return EOK;
}

int iofunc_ocb_detach(resmgr_context_t *ctp, iofunc_ocb_t *ocb)
{
	iofunc_attr_t *attr = ocb->attr;
	int last = 0;

	if ((ocb->ioflag & _IO_FLAG_RD) && attr->rcount &&
	    --attr->rcount == 0)
		last |= IOFUNC_OCB_LAST_READER;
	if ((ocb->ioflag & _IO_FLAG_WR) && attr->wcount &&
	    --attr->wcount == 0)
		last |= IOFUNC_OCB_LAST_WRITER;
	if (attr->count && --attr->count == 0)
		last |= IOFUNC_OCB_LAST_INUSE;
	iofunc_time_update(attr);
	return last;
}

int iofunc_close_ocb_default(resmgr_context_t *ctp, void *reserved,
			     iofunc_ocb_t *ocb)
{
	iofunc_attr_t *attr = ocb->attr;

	rm_attr_lock(attr);
	rm_lock_close_ocb(ctp, attr, ocb);
	iofunc_ocb_detach(ctp, ocb);
	rm_ocb_free(ocb, attr);
	rm_attr_unlock(attr);
	return EOK;
}

/*
 * Any close(2) releases the closing process's POSIX record locks on the
 * file (ctp->info.pid is who closes, which for an inherited descriptor
 * need not be who opened).
 */
int iofunc_close_dup_default(resmgr_context_t *ctp, io_close_t *msg,
			     iofunc_ocb_t *ocb)
{
	iofunc_attr_t *attr = ocb->attr;

	rm_attr_lock(attr);
	rm_lock_close_dup(ctp, attr, ctp->info.pid);
	rm_attr_unlock(attr);
	return EOK;
}
