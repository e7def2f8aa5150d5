// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's mount() and umount() as resmgr_mount()/resmgr_umount(): a mount
 * request to the servers that registered for them (an unnamed
 * _FTYPE_MOUNT attach), through the kernel (RESMGR_IOC_MOUNT on a
 * channel of the caller's own, opened for the call).  glibc's mount(2)
 * keeps the names mount() and umount().
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#include "client/client_i.h"
#include "dispatch/dispatch_ext.h"

#define RM_MOUNT_FLAGS	(_MOUNT_READONLY | _MOUNT_NOSUID | _MOUNT_NODEV | \
			 _MOUNT_NOEXEC | _MOUNT_REMOUNT | _MOUNT_UNMOUNT | \
			 _MOUNT_FORCE | _MOUNT_ENUMERATE | _MFLAG_OCB)

_Static_assert(_MOUNT_READONLY == RESMGR_MOUNT_RDONLY &&
	       _MOUNT_NOSUID == RESMGR_MOUNT_NOSUID &&
	       _MOUNT_NODEV == RESMGR_MOUNT_NODEV &&
	       _MOUNT_NOEXEC == RESMGR_MOUNT_NOEXEC &&
	       _MOUNT_REMOUNT == RESMGR_MOUNT_REMOUNT &&
	       _MOUNT_UNMOUNT == RESMGR_MOUNT_UNMOUNT &&
	       _MOUNT_FORCE == RESMGR_MOUNT_FORCE &&
	       _MOUNT_ENUMERATE == RESMGR_MOUNT_ENUMERATE &&
	       _MFLAG_OCB == RESMGR_MOUNT_OCB,
	       "the mount flags are the kernel's");

int resmgr_mount(const char *special, const char *dir, int flags,
		 const char *type, const void *data, int datalen)
{
	struct resmgr_mount m;
	dispatch_t *dpp;
	int ret, err;

	if (!dir || datalen < 0 || (datalen && !data) ||
	    ((unsigned int)flags & ~RM_MOUNT_FLAGS)) {
		errno = EINVAL;
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.flags = (uint32_t)flags;
	m.dir = (uintptr_t)dir;
	m.type = type && *type ? (uintptr_t)type : 0;
	m.special = special && *special ? (uintptr_t)special : 0;
	m.data = (uintptr_t)data;
	m.data_len = (uint32_t)datalen;
	dpp = dispatch_create();
	if (!dpp) {
		/* A process that may not open /dev/resmgr may not mount. */
		if (errno == EACCES)
			errno = EPERM;
		return -1;
	}
	ret = rm_ioctl(dpp->fd, RESMGR_IOC_MOUNT, &m);
	err = errno;
	dispatch_destroy(dpp);
	if (ret < 0) {
		/* A kernel without mount requests has nobody to take one. */
		errno = err == ENOTTY ? ENODEV : err;
		return -1;
	}
	return 0;
}

int resmgr_umount(const char *dir, int flags)
{
	return resmgr_mount(NULL, dir, flags | _MOUNT_UNMOUNT, NULL, NULL, 0);
}
