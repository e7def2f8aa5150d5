/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <dirent.h> with QNX's struct dirent (libresmgr compat).
 *
 * QNX's entries have d_ino, d_offset (this entry's position: telldir()
 * before it, seekdir() back to it), d_reclen, d_namelen and d_name; a
 * directory read handler builds them and clients read them.  glibc's
 * struct dirent has another layout, so this header renames glibc's
 * (struct __glibc_dirent, with glibc's readdir()/readdir_r()/scandir()
 * taking it), makes "struct dirent" QNX's (the same layout as
 * <sys/resmgr_dirent.h>'s struct iofunc_dirent), and makes readdir(),
 * readdir_r() and closedir() libresmgr's, which read host directories
 * through glibc and hand back QNX-layout entries.  The entry readdir()
 * returns stays valid until the next readdir() or closedir() of the same
 * stream, as POSIX says.
 *
 * Differs: no d_type (QNX has none either: a read handler gives types
 * with _DEXTRA_* data); scandir()/alphasort()/versionsort() still take
 * glibc's entries and do not build with QNX ones; "readdir",
 * "readdir_r", "closedir" and "dirent" are macros, so other identifiers
 * of those names are renamed too.
 *
 * A Linux-style source that wants glibc's struct dirent (d_type) defines
 * RESMGR_LINUX_DIRENT before including this header.
 */
#ifdef RESMGR_LINUX_DIRENT
#include_next <dirent.h>
#else

#ifndef _RESMGR_COMPAT_DIRENT_H
#define _RESMGR_COMPAT_DIRENT_H

#undef dirent		/* <sys/resmgr_dirent.h>'s RESMGR_QNX_DIRENT */
#define dirent __glibc_dirent
#include_next <dirent.h>
#undef dirent

#include <stdint.h>
#include <sys/platform.h>
#include <sys/resmgr_cdefs.h>

/* glibc's macros about its own entries do not hold for these. */
#undef _DIRENT_HAVE_D_TYPE
#undef _DIRENT_HAVE_D_OFF
#undef _DIRENT_HAVE_D_NAMLEN

struct __resmgr_qnx_dirent {
	uint64_t d_ino;
	int64_t d_offset;
	int16_t d_reclen;
	int16_t d_namelen;
	char d_name[1];
};

#define dirent		__resmgr_qnx_dirent

__RESMGR_BEGIN_DECLS

struct __resmgr_qnx_dirent *resmgr_qnx_readdir(DIR *dirp);
int resmgr_qnx_readdir_r(DIR *dirp, struct __resmgr_qnx_dirent *entry,
			 struct __resmgr_qnx_dirent **result);
int resmgr_qnx_closedir(DIR *dirp);

__RESMGR_END_DECLS

#define readdir		resmgr_qnx_readdir
#define readdir_r	resmgr_qnx_readdir_r
#define closedir	resmgr_qnx_closedir

#endif /* _RESMGR_COMPAT_DIRENT_H */
#endif /* RESMGR_LINUX_DIRENT */
