// SPDX-License-Identifier: GPL-2.0
/*
 * Who may change a directory's names: write and search permission on
 * the directory, and with its sticky bit set, only root, the owner of
 * the directory or the owner of the name's file may remove or replace
 * that name (POSIX).  These are the checks QNX's iofunc_unlink(),
 * iofunc_rename(), iofunc_link() and iofunc_mknod() make; libresmgr has
 * no such helpers yet, so memfs makes them here.
 */
#include <errno.h>
#include <sys/stat.h>

#include "memfs.h"

int memfs_may_change_dir(resmgr_context_t *ctp, struct memfs_node *dir,
			 const struct memfs_node *victim)
{
	struct _client_info info;
	int err;

	err = iofunc_client_info(ctp, 0, &info);
	if (err)
		return err;
	err = iofunc_check_access(ctp, &dir->attr, S_IWUSR | S_IXUSR, &info);
	if (err)
		return err;
	if (victim && (dir->attr.mode & S_ISVTX) && info.cred.euid != 0 &&
	    info.cred.euid != dir->attr.uid &&
	    info.cred.euid != victim->attr.uid)
		return EPERM;
	return EOK;
}
