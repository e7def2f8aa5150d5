/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgr: the few VFS interfaces that differ between the kernels we
 * support (6.1 and 6.12).  Everything version-dependent lives here so the
 * rest of the module reads like code for one kernel.
 */
#ifndef _RESMGR_COMPAT_H
#define _RESMGR_COMPAT_H

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/version.h>

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
/* 6.3 replaced the user namespace argument of inode ops by an idmap. */
#define RESMGR_IDMAP_PARAM	struct mnt_idmap *idmap
#define resmgr_fillattr(inode, mask, stat) \
	generic_fillattr(idmap, mask, inode, stat)
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
#define RESMGR_IDMAP_PARAM	struct mnt_idmap *idmap
#define resmgr_fillattr(inode, mask, stat) \
	generic_fillattr(idmap, inode, stat)
#else
#define RESMGR_IDMAP_PARAM	struct user_namespace *mnt_userns
#define resmgr_fillattr(inode, mask, stat) \
	generic_fillattr(mnt_userns, inode, stat)
#endif

#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 7, 0)
#define resmgr_inode_init_times(inode)	simple_inode_init_ts(inode)
#else
static inline void resmgr_inode_init_times(struct inode *inode)
{
	inode->i_atime = inode->i_mtime = inode->i_ctime = current_time(inode);
}
#endif

#endif /* _RESMGR_COMPAT_H */
