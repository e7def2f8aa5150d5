// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pathmgr_symlink() and pathmgr_unlink() (<sys/pathmgr.h>): QNX's
 * process-manager links, as filesystem symbolic links.
 */
#include <errno.h>
#include <unistd.h>
#include <sys/pathmgr.h>
#include <sys/stat.h>

int pathmgr_symlink(const char *path, const char *linkpath)
{
	if (!path || !linkpath) {
		errno = EINVAL;
		return -1;
	}
	if (symlink(path, linkpath) < 0) {
		if (errno == EEXIST)
			errno = EBUSY;
		return -1;
	}
	return 0;
}

/* Only a symbolic link: never a file or a directory of that name. */
int pathmgr_unlink(const char *path)
{
	struct stat st;

	if (!path) {
		errno = EINVAL;
		return -1;
	}
	if (lstat(path, &st) < 0)
		return -1;
	if (!S_ISLNK(st.st_mode)) {
		errno = EINVAL;
		return -1;
	}
	return unlink(path);
}
