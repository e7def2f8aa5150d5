// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * utime: setting a name's access and modification times.
 */
#include <errno.h>

#include "dispatch/dispatch_i.h"
#include "iofunc/iofunc_i.h"

int iofunc_utime(resmgr_context_t *ctp, io_utime_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	const struct rm_cred *c;
	struct timespec now;
	int err = rm_ctx_cred(rm_ctx(ctp), &c);

	if (err)
		return err;
	/*
	 * POSIX: "now" needs the owner or write permission; explicit
	 * times, the owner.  Root may do either.
	 */
	if (rm_check_access(c, attr, S_ISUID)) {
		if (!msg->i.cur_flag)
			return EPERM;
		err = rm_check_access(c, attr, S_IWUSR);
		if (err)
			return err;
	}
	if (rm_mount_readonly(attr))
		return EROFS;
	clock_gettime(CLOCK_REALTIME, &now);
	if (msg->i.flags & _IO_UTIME_SET_ATIME) {
		attr->atime = msg->i.cur_flag ? now.tv_sec : msg->i.times.actime;
		attr->atime_ns = msg->i.cur_flag ? now.tv_nsec : msg->i.actime_ns;
		attr->flags &= ~IOFUNC_ATTR_ATIME;
	}
	if (msg->i.flags & _IO_UTIME_SET_MTIME) {
		attr->mtime = msg->i.cur_flag ? now.tv_sec : msg->i.times.modtime;
		attr->mtime_ns = msg->i.cur_flag ? now.tv_nsec :
						   msg->i.modtime_ns;
		attr->flags &= ~IOFUNC_ATTR_MTIME;
	}
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_TIME;
	return iofunc_time_update(attr);
}

int iofunc_utime_default(resmgr_context_t *ctp, io_utime_t *msg,
			 iofunc_ocb_t *ocb)
{
	return iofunc_utime(ctp, msg, ocb, ocb->attr);
}
