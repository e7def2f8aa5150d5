// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * lseek: moving an OCB's position.  The library sets ocb->offset to the
 * kernel's position before the handler, and the reply gives the kernel
 * the new one.
 */
#include <errno.h>

#include "iofunc/iofunc_i.h"

/* Where @whence counts from (lseek, and fcntl() locks' l_whence). */
int rm_seek_base(int whence, const iofunc_ocb_t *ocb,
		 const iofunc_attr_t *attr, int64_t *base)
{
	switch (whence) {
	case SEEK_SET:
		*base = 0;
		return EOK;
	case SEEK_CUR:
		*base = ocb->offset;
		return EOK;
	case SEEK_END:
		*base = attr->nbytes;
		return EOK;
	default:
		return EINVAL;
	}
}

int iofunc_lseek(resmgr_context_t *ctp, io_lseek_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	int64_t base, pos;

	if (rm_seek_base(msg->i.whence, ocb, attr, &base))
		return EINVAL;
	if (__builtin_add_overflow(base, msg->i.offset, &pos))
		return EOVERFLOW;
	if (pos < 0)
		return EINVAL;
	ocb->offset = pos;
	return EOK;
}

int iofunc_lseek_default(resmgr_context_t *ctp, io_lseek_t *msg,
			 iofunc_ocb_t *ocb)
{
	int err = iofunc_lseek(ctp, msg, ocb, ocb->attr);

	if (err)
		return err;
	msg->o = ocb->offset;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}
