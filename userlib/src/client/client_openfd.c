// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * openfd(): a new open of what a descriptor names (QNX's _IO_OPENFD),
 * through RESMGR_FIOC_OPENFD.  Unlike dup(2), the new descriptor has its
 * own file position and flags.
 */
#include <errno.h>
#include <string.h>

#include "client/client_i.h"
#include "dispatch/dispatch_ext.h"

/* What RESMGR_FIOC_OPENFD takes of open(2)'s flags. */
#define RM_OPENFD_FLAGS	(O_ACCMODE | O_NONBLOCK | O_CLOEXEC)

int openfd(int fd, int ioflag, int sharing, int xoflag)
{
	struct resmgr_fioc_openfd o;

	/* Linux has no share modes: only "deny none" can be honoured. */
	if ((sharing != 0 && sharing != SH_DENYNO) ||
	    xoflag != _IO_OPENFD_NONE || (ioflag & ~RM_OPENFD_FLAGS)) {
		errno = EINVAL;
		return -1;
	}
	memset(&o, 0, sizeof(o));
	o.size = sizeof(o);
	o.flags = ioflag;
	return rm_devctl_ioctl(fd, RESMGR_FIOC_OPENFD, &o);
}
