/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/pathmgr.h> - the path manager's symbolic links.
 *
 * QNX keeps these in the process manager's memory.  Linux has no such
 * namespace, so they are ordinary symbolic links in a filesystem: they
 * need write permission on the directory (not an ability), stay after
 * the program exits (and over a reboot, unless the directory is a
 * tmpfs such as /run or /dev), and fail EROFS on a read-only filesystem.
 */
#ifndef _SYS_PATHMGR_H
#define _SYS_PATHMGR_H

#include <sys/resmgr_cdefs.h>

__RESMGR_BEGIN_DECLS

/*
 * Make @linkpath a symbolic link to @path.  Returns 0, or -1 and errno
 * (EBUSY: something already has the name; symlink(2)'s others).
 */
int pathmgr_symlink(const char *path, const char *linkpath);
/*
 * Remove the symbolic link @path.  Returns 0, or -1 and errno (EINVAL:
 * @path is not a symbolic link, which is left alone; unlink(2)'s others).
 */
int pathmgr_unlink(const char *path);

__RESMGR_END_DECLS

#endif /* _SYS_PATHMGR_H */
