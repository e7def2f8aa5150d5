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

#endif /* _RESMGR_COMPAT_H */
