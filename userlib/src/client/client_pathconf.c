// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pathconf answered by the resource manager (QNX's _IO_PATHCONF),
 * through RESMGR_FIOC_PATHCONF.
 *
 * glibc's fpathconf()/pathconf() answer from statfs(2) and never ask the
 * file's driver, and libresmgr does not interpose them (that would
 * change them for every file of the process): resmgr_fpathconf() and
 * resmgr_pathconf() are the calls that reach the server.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "client/client_i.h"
#include "dispatch/dispatch_ext.h"

long resmgr_fpathconf(int fd, int name)
{
	struct resmgr_fioc_pathconf p;

	memset(&p, 0, sizeof(p));
	p.size = sizeof(p);
	p.name = name;
	if (rm_devctl_ioctl(fd, RESMGR_FIOC_PATHCONF, &p) < 0)
		return -1;
	return (long)p.value;
}

/*
 * A descriptor is needed to ask: open @path for reading, else (a
 * write-only name) for writing.  O_PATH descriptors take no ioctl(2).
 */
long resmgr_pathconf(const char *path, int name)
{
	int flags = O_NONBLOCK | O_NOCTTY | O_CLOEXEC, fd, err;
	long v;

	fd = open(path, O_RDONLY | flags);
	if (fd < 0 && errno == EACCES)
		fd = open(path, O_WRONLY | flags);
	if (fd < 0)
		return -1;
	errno = 0;
	v = resmgr_fpathconf(fd, name);
	err = errno;
	close(fd);
	errno = err;
	return v;
}
