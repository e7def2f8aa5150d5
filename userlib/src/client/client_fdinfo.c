// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iofdinfo(): what the server says of an open (QNX's _IO_FDINFO),
 * through RESMGR_FIOC_FDINFO.
 */
#include <errno.h>
#include <string.h>

#include "client/client_i.h"
#include "dispatch/dispatch_ext.h"

int iofdinfo(int fd, unsigned flags, struct _fdinfo *info, char *path,
	     int maxlen)
{
	struct resmgr_fioc_fdinfo f;
	int ret;

	if (maxlen < 0 || (maxlen > 0 && !path)) {
		errno = EINVAL;
		return -1;
	}
	memset(&f, 0, sizeof(f));
	f.size = sizeof(f);
	f.flags = flags;
	f.path_len = path ? (uint32_t)maxlen : 0;
	f.path_buf = (uintptr_t)path;
	ret = rm_devctl_ioctl(fd, RESMGR_FIOC_FDINFO, &f);
	if (ret < 0)
		return -1;
	/* A path cut to @maxlen still ends in a NUL. */
	if (path && maxlen > 0)
		path[maxlen - 1] = '\0';
	if (info) {
		memset(info, 0, sizeof(*info));
		info->mode = f.info.mode;
		info->ioflag = f.info.ioflag;
		info->offset = f.info.offset;
		info->size = f.info.size;
		info->flags = f.info.flags;
		info->count = f.info.count;
		info->rcount = f.info.rcount;
		info->wcount = f.info.wcount;
		info->rlocks = f.info.rlocks;
		info->wlocks = f.info.wlocks;
	}
	return ret;
}
