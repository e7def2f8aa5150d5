// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * devctl(): the client's side of device control, on top of ioctl(2).
 *
 * A dcmd is an ioctl number (<devctl.h>), so the kernel knows from the
 * command alone how many bytes to move each way.  QNX callers pass the
 * size of their buffer as well, and may pass less than the command
 * encodes; the kernel would then read or write past the end of it, so
 * such calls go through a zeroed buffer of the full size.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <devctl.h>

#include "client/client_i.h"

static int rm_sys_devctl_ioctl(int fd, unsigned long request, void *arg)
{
	return ioctl(fd, request, arg);
}

int (*rm_devctl_ioctl)(int fd, unsigned long request, void *arg) =
	rm_sys_devctl_ioctl;

/*
 * fcntl(F_SETFL) is how QNX's libc sets these flags on the server; on
 * Linux it does not reach the server, and the kernel tells the server
 * O_NONBLOCK with every request instead.  Keep the file's own flags in
 * step with a DCMD_ALL_SETFLAGS the server accepted, so the two agree.
 */
static void rm_mirror_setflags(int fd, const void *data, size_t nbytes)
{
	const int mask = O_NONBLOCK | O_APPEND;
	int want, fl, saved = errno;

	if (!data || nbytes < sizeof(want))
		return;
	memcpy(&want, data, sizeof(want));
	fl = fcntl(fd, F_GETFL);
	if (fl != -1 && ((fl ^ want) & mask))
		fcntl(fd, F_SETFL, (fl & ~mask) | (want & mask));
	errno = saved;
}

/*
 * On a resmgr file, RESMGR_FIOC_DEVCTL: the server's errno as a QNX
 * server gave it (ioctl(2) says ENOTTY where it says ENOSYS, as Linux
 * drivers do).  A file of another kind (a tty, a socket) does not know
 * that number and never marks it served: it gets the command as an
 * ioctl(2), its own way of being asked.
 */
static int rm_devctl_call(int fd, unsigned int cmd, void *arg)
{
	struct resmgr_fioc_devctl d = {
		.size = sizeof(d),
		.dcmd = cmd,
		.arg = (uintptr_t)arg,
	};
	int ret;

	if (_IOC_TYPE(cmd) != RESMGR_IOC_MAGIC) {
		ret = rm_devctl_ioctl(fd, RESMGR_FIOC_DEVCTL, &d);
		if (d.flags & RESMGR_FIOC_DEVCTL_SERVED)
			return ret;
	}
	return rm_devctl_ioctl(fd, cmd, arg);
}

int devctl(int fd, int dcmd, void *data, size_t nbytes, int *info)
{
	unsigned int cmd = (unsigned int)dcmd;
	size_t size = _IOC_SIZE(cmd);
	unsigned int dir = _IOC_DIR(cmd);
	void *arg = data, *bounce = NULL;
	int ret, err = EOK;

	if (dir != _IOC_NONE && size > nbytes) {
		bounce = calloc(1, size);
		if (!bounce) {
			errno = ENOMEM;
			return ENOMEM;
		}
		if (data && nbytes)
			memcpy(bounce, data, nbytes);
		arg = bounce;
	}

	ret = rm_devctl_call(fd, cmd, arg);
	if (ret == -1)
		err = errno;

	if (bounce) {
		if (!err && (dir & _IOC_READ) && data && nbytes)
			memcpy(data, bounce, nbytes);
		free(bounce);
	}
	if (err) {
		errno = err;
		return err;
	}
	if (cmd == (unsigned int)DCMD_ALL_SETFLAGS)
		rm_mirror_setflags(fd, data, nbytes);
	if (info)
		*info = ret;
	return EOK;
}
