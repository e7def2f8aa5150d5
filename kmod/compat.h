/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgr: the few VFS interfaces that differ between the kernels we
 * support (6.1 and 6.12).  Kbuild detects each feature in the headers of
 * the kernel being built for (RESMGR_HAVE_*), so this gates on what the
 * kernel has, not on its version, and the rest of the module reads like
 * code for one kernel.
 */
#ifndef _RESMGR_COMPAT_H
#define _RESMGR_COMPAT_H

#include <linux/fs.h>
#include <linux/mount.h>
#ifdef RESMGR_HAVE_FILELOCK_H
#include <linux/filelock.h>	/* struct file_lock moved here in 6.3 */
#endif

/* 6.3 replaced the user namespace argument of inode ops by an idmap. */
#ifdef RESMGR_HAVE_MNT_IDMAP
#define resmgr_idmap_t struct mnt_idmap
#else
#define resmgr_idmap_t struct user_namespace
#endif

static inline resmgr_idmap_t *resmgr_mnt_idmap(struct vfsmount *mnt)
{
#ifdef RESMGR_HAVE_MNT_IDMAP
	return mnt_idmap(mnt);
#else
	return mnt_user_ns(mnt);
#endif
}

static inline void resmgr_fillattr(resmgr_idmap_t *idmap, u32 request_mask,
				   struct inode *inode, struct kstat *stat)
{
#ifdef RESMGR_HAVE_FILLATTR_MASK
	generic_fillattr(idmap, request_mask, inode, stat);
#else
	generic_fillattr(idmap, inode, stat);
#endif
}

static inline void resmgr_inode_init_times(struct inode *inode)
{
#ifdef RESMGR_HAVE_INODE_INIT_TS
	simple_inode_init_ts(inode);
#else
	inode->i_atime = current_time(inode);
	inode->i_mtime = inode->i_atime;
	inode->i_ctime = inode->i_atime;
#endif
}

/*
 * 6.9 moved the fields every lock kind shares into struct file_lock_core
 * (fl->c.flc_type, ...); before, they were fl->fl_type and so on.
 */
static inline unsigned char resmgr_fl_type(const struct file_lock *fl)
{
#ifdef RESMGR_HAVE_FILE_LOCK_CORE
	return fl->c.flc_type;
#else
	return fl->fl_type;
#endif
}

static inline void resmgr_fl_set_type(struct file_lock *fl, unsigned char type)
{
#ifdef RESMGR_HAVE_FILE_LOCK_CORE
	fl->c.flc_type = type;
#else
	fl->fl_type = type;
#endif
}

static inline unsigned int resmgr_fl_flags(const struct file_lock *fl)
{
#ifdef RESMGR_HAVE_FILE_LOCK_CORE
	return fl->c.flc_flags;
#else
	return fl->fl_flags;
#endif
}

static inline void resmgr_fl_set_flags(struct file_lock *fl,
				       unsigned int flags)
{
#ifdef RESMGR_HAVE_FILE_LOCK_CORE
	fl->c.flc_flags = flags;
#else
	fl->fl_flags = flags;
#endif
}

static inline void resmgr_fl_set_pid(struct file_lock *fl, pid_t pid)
{
#ifdef RESMGR_HAVE_FILE_LOCK_CORE
	fl->c.flc_pid = pid;
#else
	fl->fl_pid = pid;
#endif
}

#endif /* _RESMGR_COMPAT_H */
