// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Changing a directory's names: may this client unlink, rename, create
 * (mknod, link, symlink) a name, or read a link (iofunc_unlink(),
 * iofunc_rename(), iofunc_mknod(), iofunc_link(), iofunc_readlink()).
 *
 * As on QNX the helpers check and account; the handler owns the
 * directory's entries and changes them after a helper said EOK.
 */
#include <errno.h>

#include "iofunc/iofunc_i.h"

/* Adding or removing a name in @dattr needs write and search on it. */
int rm_dir_writable(resmgr_context_t *ctp, iofunc_attr_t *dattr,
		    struct _client_info *info)
{
	if (!dattr)
		return ENOENT;
	if (!S_ISDIR(dattr->mode))
		return ENOTDIR;
	if (rm_mount_readonly(dattr))
		return EROFS;
	return iofunc_check_access(ctp, dattr, S_IWUSR | S_IXUSR, info);
}

/*
 * In a sticky directory only the owner of the name, the owner of the
 * directory and root may remove or replace it.
 */
static int rm_sticky(resmgr_context_t *ctp, const iofunc_attr_t *attr,
		     const iofunc_attr_t *dattr, struct _client_info *info)
{
	if (!(dattr->mode & S_ISVTX))
		return EOK;
	if (iofunc_check_access(ctp, attr, S_ISUID, info) == EOK ||
	    iofunc_check_access(ctp, dattr, S_ISUID, info) == EOK)
		return EOK;
	return EPERM;
}

/* A new name in @dattr: its times change. */
static void rm_dir_changed(iofunc_attr_t *dattr)
{
	dattr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
}

/* May @attr's name go from @dattr (unlink or the old name of a rename)? */
static int rm_may_remove(resmgr_context_t *ctp, iofunc_attr_t *attr,
			 iofunc_attr_t *dattr, struct _client_info *info)
{
	int err;

	if (!attr)
		return ENOENT;
	err = rm_dir_writable(ctp, dattr, info);
	return err ? err : rm_sticky(ctp, attr, dattr, info);
}

int iofunc_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
		  iofunc_attr_t *attr, iofunc_attr_t *dattr,
		  struct _client_info *info)
{
	int err = rm_may_remove(ctp, attr, dattr, info);

	if (err)
		return err;
	/* rmdir() says S_IFDIR; unlink() must not remove a directory. */
	if (S_ISDIR(msg->connect.mode) && !S_ISDIR(attr->mode))
		return ENOTDIR;
	if (!S_ISDIR(msg->connect.mode) && S_ISDIR(attr->mode))
		return EISDIR;
	/* A directory's "." goes with its name, and its ".." from @dattr. */
	if (S_ISDIR(attr->mode)) {
		attr->nlink = 0;
		if (dattr->nlink)
			dattr->nlink--;
	} else if (attr->nlink)
		attr->nlink--;
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_NLINK;
	rm_dir_changed(dattr);
	return EOK;
}

int iofunc_rename(resmgr_context_t *ctp, io_rename_t *msg,
		  iofunc_attr_t *oldattr, iofunc_attr_t *olddattr,
		  iofunc_attr_t *newattr, iofunc_attr_t *newdattr,
		  struct _client_info *info)
{
	int err = rm_may_remove(ctp, oldattr, olddattr, info);

	if (err)
		return err;
	err = rm_dir_writable(ctp, newdattr, info);
	if (err)
		return err;
	if (newattr == oldattr)
		return EOK;
	/*
	 * A directory moving to another parent has its ".." rewritten: the
	 * client must be able to write the directory itself, as Linux's
	 * vfs_rename() asks.
	 */
	if (S_ISDIR(oldattr->mode) && olddattr != newdattr) {
		err = iofunc_check_access(ctp, oldattr, S_IWUSR, info);
		if (err)
			return err;
	}
	if (newattr) {
		err = rm_sticky(ctp, newattr, newdattr, info);
		if (err)
			return err;
		if (S_ISDIR(oldattr->mode) && !S_ISDIR(newattr->mode))
			return ENOTDIR;
		if (!S_ISDIR(oldattr->mode) && S_ISDIR(newattr->mode))
			return EISDIR;
		newattr->flags |= IOFUNC_ATTR_CTIME;
	}
	oldattr->flags |= IOFUNC_ATTR_CTIME;
	rm_dir_changed(olddattr);
	rm_dir_changed(newdattr);
	return EOK;
}

/* A new name @attr (NULL: none yet) in @dattr. */
static int rm_may_create(resmgr_context_t *ctp, iofunc_attr_t *attr,
			 iofunc_attr_t *dattr, struct _client_info *info)
{
	int err;

	if (attr)
		return EEXIST;
	err = rm_dir_writable(ctp, dattr, info);
	if (err)
		return err;
	rm_dir_changed(dattr);
	return EOK;
}

int iofunc_mknod(resmgr_context_t *ctp, io_mknod_t *msg, iofunc_attr_t *attr,
		 iofunc_attr_t *dattr, struct _client_info *info)
{
	int err;

	switch (msg->connect.mode & S_IFMT) {
	case S_IFDIR:
	case S_IFREG:
	case S_IFIFO:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFSOCK:
		break;
	default:
		return EINVAL;
	}
	err = rm_may_create(ctp, attr, dattr, info);
	/* A new directory's ".." is a link to @dattr. */
	if (err == EOK && S_ISDIR(msg->connect.mode))
		dattr->nlink++;
	return err;
}

int iofunc_link(resmgr_context_t *ctp, io_link_t *msg, iofunc_attr_t *attr,
		iofunc_attr_t *dattr, struct _client_info *info)
{
	return rm_may_create(ctp, attr, dattr, info);
}

int iofunc_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		    iofunc_attr_t *attr, struct _client_info *info)
{
	if (!attr)
		return ENOENT;
	if (!S_ISLNK(attr->mode))
		return EINVAL;
	attr->flags |= IOFUNC_ATTR_ATIME;
	return iofunc_check_access(ctp, attr, S_IRUSR, info);
}
