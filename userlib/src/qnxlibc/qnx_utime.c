// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's futime() (<utime.h>, libresmgr compat): utime() of an open
 * file, on futimens().
 */
#include <stddef.h>
#include <sys/stat.h>
#include <utime.h>

int futime(int fd, const struct utimbuf *times)
{
	struct timespec ts[2];

	if (!times)
		return futimens(fd, NULL);
	ts[0].tv_sec = times->actime;
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = times->modtime;
	ts[1].tv_nsec = 0;
	return futimens(fd, ts);
}
