/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <dirent.h> with QNX's struct dirent (libresmgr compat).
 *
 * QNX's entries have d_ino, d_offset (this entry's position: telldir()
 * before it, seekdir() back to it), d_reclen, d_namelen and d_name; a
 * directory read handler builds them and clients read them.  glibc's
 * struct dirent has another layout, so this header renames glibc's
 * (struct __glibc_dirent, with glibc's own readdir()/readdir_r()/
 * scandir() taking it), makes "struct dirent" QNX's (the same layout as
 * <sys/resmgr_dirent.h>'s struct iofunc_dirent), and makes readdir(),
 * readdir_r(), closedir(), scandir(), alphasort() and versionsort()
 * libresmgr's, which read host directories through glibc and hand back
 * QNX-layout entries.  The entry readdir() returns stays valid until the
 * next readdir() or closedir() of the same stream, as POSIX says;
 * scandir()'s entries and their array are the caller's to free().
 *
 * Differs: no d_type (QNX has none either: a read handler gives types
 * with _DEXTRA_* data); "readdir", "readdir_r", "closedir", "scandir",
 * "alphasort", "versionsort" and "dirent" are macros, so other
 * identifiers of those names are renamed too.
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
/*
 * The entries of directory @dir that @sel accepts (all, if NULL), each
 * malloc()ed, in an array malloc()ed to *@namelist, sorted with @compar
 * (unsorted, if NULL).  Returns how many, or -1 and errno.
 */
int resmgr_qnx_scandir(const char *dir,
		       struct __resmgr_qnx_dirent ***namelist,
		       int (*sel)(const struct __resmgr_qnx_dirent *),
		       int (*compar)(const struct __resmgr_qnx_dirent **,
				     const struct __resmgr_qnx_dirent **));
/* scandir() orders: by strcoll() of the names; by strverscmp(). */
int resmgr_qnx_alphasort(const struct __resmgr_qnx_dirent **a,
			 const struct __resmgr_qnx_dirent **b);
int resmgr_qnx_versionsort(const struct __resmgr_qnx_dirent **a,
			   const struct __resmgr_qnx_dirent **b);

__RESMGR_END_DECLS

#define readdir		resmgr_qnx_readdir
#define readdir_r	resmgr_qnx_readdir_r
#define closedir	resmgr_qnx_closedir
#define scandir		resmgr_qnx_scandir
#define alphasort	resmgr_qnx_alphasort
#define versionsort	resmgr_qnx_versionsort

#endif /* _RESMGR_COMPAT_DIRENT_H */
#endif /* RESMGR_LINUX_DIRENT */
