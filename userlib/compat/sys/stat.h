/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/stat.h> with QNX's additions (libresmgr compat): libc's own; the
 * _S_IF* spellings of the file types (Linux's values); S_IPERMS, the
 * permission bits; and S_IFNAM, QNX's "named special" type, which Linux
 * does not have (libresmgr's own value; stat() shows such names as
 * character devices).
 */
#include_next <sys/stat.h>

#ifndef _RESMGR_COMPAT_SYS_STAT_H
#define _RESMGR_COMPAT_SYS_STAT_H

#include <sys/platform.h>

#define _S_IFMT		S_IFMT
#define _S_IFIFO	S_IFIFO
#define _S_IFCHR	S_IFCHR
#define _S_IFDIR	S_IFDIR
#define _S_IFBLK	S_IFBLK
#define _S_IFREG	S_IFREG
#define _S_IFLNK	S_IFLNK
#define _S_IFSOCK	S_IFSOCK

#ifndef S_IFNAM
#define S_IFNAM		0x3000
#define S_ISNAM(_m)	(((_m) & S_IFMT) == S_IFNAM)
#endif
#define _S_IFNAM	S_IFNAM

#define S_IPERMS	(S_IRWXU | S_IRWXG | S_IRWXO)

#endif /* _RESMGR_COMPAT_SYS_STAT_H */
