// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pathconf: a name's limits and options (pathconf(), fpathconf()).
 */
#include <errno.h>
#include <limits.h>
#include <unistd.h>

#include "kernel/kernel_i.h"

/* What a name of any type answers; -1 is "no limit" / "not supported". */
#define RM_PC_LINK_MAX		65000	/* as ext4: nlink is the server's */
#define RM_PC_NAME_MAX		255
#define RM_PC_FILESIZEBITS	64

/* The mount's IOFUNC_PC_* (no mount: CHOWN_RESTRICTED | NO_TRUNC). */
static uint32_t rm_mount_conf(const iofunc_attr_t *attr)
{
	if (!attr->mount)
		return IOFUNC_PC_CHOWN_RESTRICTED | IOFUNC_PC_NO_TRUNC;
	return attr->mount->conf;
}

/* Terminal-like names: character devices and QNX's named specials. */
static bool rm_is_chardev(mode_t mode)
{
	return S_ISCHR(mode) || S_ISNAM(mode);
}

int iofunc_pathconf(resmgr_context_t *ctp, io_pathconf_t *msg,
		    iofunc_ocb_t *ocb, iofunc_attr_t *attr)
{
	uint32_t conf = rm_mount_conf(attr);
	mode_t mode = attr->mode;
	long v;

	switch (msg->i.name) {
	case _PC_LINK_MAX:
		v = RM_PC_LINK_MAX;
		break;
	case _PC_MAX_CANON:
	case _PC_MAX_INPUT:
		if (!rm_is_chardev(mode))
			return EINVAL;
		v = MAX_CANON;
		break;
	case _PC_VDISABLE:
		if (!rm_is_chardev(mode))
			return EINVAL;
		v = _POSIX_VDISABLE;
		break;
	case _PC_NAME_MAX:
	case _PC_PATH_MAX:
		/* Only directories hold names (POSIX leaves others open). */
		if (!S_ISDIR(mode))
			return EINVAL;
		v = msg->i.name == _PC_NAME_MAX ? RM_PC_NAME_MAX :
						  RESMGR_PATH_MAX;
		break;
	case _PC_PIPE_BUF:
		if (!S_ISDIR(mode) && !S_ISFIFO(mode))
			return EINVAL;
		v = PIPE_BUF;
		break;
	case _PC_CHOWN_RESTRICTED:
		v = (conf & IOFUNC_PC_CHOWN_RESTRICTED) ? 1 : -1;
		break;
	case _PC_NO_TRUNC:
		v = (conf & IOFUNC_PC_NO_TRUNC) ? 1 : -1;
		break;
	case _PC_SYNC_IO:
		v = (conf & IOFUNC_PC_SYNC_IO) ? 1 : -1;
		break;
	case _PC_ASYNC_IO:
	case _PC_PRIO_IO:
		v = -1;
		break;
	case _PC_FILESIZEBITS:
		v = RM_PC_FILESIZEBITS;
		break;
	default:
		return _RESMGR_DEFAULT;
	}
	_IO_SET_PATHCONF_VALUE(ctp, v);
	return EOK;
}

/* A name nobody knows is EINVAL, as pathconf() says. */
int iofunc_pathconf_default(resmgr_context_t *ctp, io_pathconf_t *msg,
			    iofunc_ocb_t *ocb)
{
	int ret = iofunc_pathconf(ctp, msg, ocb, ocb->attr);

	return ret == _RESMGR_DEFAULT ? EINVAL : ret;
}
