// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * procmgr_daemon(): detach from the terminal and the parent, as QNX's
 * process manager call does, with fork() and setsid().
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/procmgr.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

/* Close every descriptor above 2 that no dispatch needs. */
static void rm_daemon_close_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long fd, max;

	if (!d) {
		max = sysconf(_SC_OPEN_MAX);
		for (fd = 3; fd < max; fd++)
			if (!rm_dispatch_uses_fd((int)fd))
				close((int)fd);
		return;
	}
	while ((e = readdir(d))) {
		char *end;

		fd = strtol(e->d_name, &end, 10);
		if (*end || end == e->d_name || fd <= 2 || fd == dirfd(d) ||
		    rm_dispatch_uses_fd((int)fd))
			continue;
		close((int)fd);
	}
	closedir(d);
}

static int rm_daemon_devnull(void)
{
	int fd = open("/dev/null", O_RDWR);
	int i;

	if (fd < 0)
		return -1;
	for (i = 0; i <= 2; i++)
		if (fd != i && dup2(fd, i) < 0)
			return -1;
	if (fd > 2)
		close(fd);
	return 0;
}

int procmgr_daemon(int status, unsigned flags)
{
	pid_t sid;

	switch (fork()) {
	case -1:
		return -1;
	case 0:
		break;
	default:
		_exit(status);
	}
	sid = setsid();
	if (sid < 0)
		return -1;
	if (!(flags & PROCMGR_DAEMON_NOCHDIR) && chdir("/") < 0)
		return -1;
	if (!(flags & PROCMGR_DAEMON_KEEPUMASK))
		umask(0);
	if (!(flags & PROCMGR_DAEMON_NOCLOSE))
		rm_daemon_close_fds();
	if (!(flags & PROCMGR_DAEMON_NODEVNULL) && rm_daemon_devnull() < 0)
		return -1;
	return sid;
}
