// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Opening: may this client open this name this way (iofunc_open()), and
 * the default open handler.
 */
#include <errno.h>

#include "dispatch/dispatch_i.h"
#include "iofunc/iofunc_i.h"

/*
 * With @dattr, @attr is a new name being created in directory @dattr
 * (O_CREAT, else ENOENT; write and search permission on @dattr, a
 * directory on a writable mount): @attr is initialised from the creation
 * mode.  Whether the name exists (O_EXCL) is the handler's to know: it
 * passes @dattr only when it does not.  Otherwise @attr exists (O_CREAT
 * with O_EXCL: EEXIST).  Share modes (sopen()) do not exist on Linux.
 */
int iofunc_open(resmgr_context_t *ctp, io_open_t *msg, iofunc_attr_t *attr,
		iofunc_attr_t *dattr, struct _client_info *info)
{
	uint32_t ioflag = msg->connect.ioflag;
	uint32_t acc = ioflag & msg->connect.access & _IO_FLAG_MASK;
	struct _client_info client;
	mode_t check = 0, mode;
	int err;

	if (dattr) {
		if (!(ioflag & O_CREAT))
			return ENOENT;
		/* A new name: write and search on a writable directory. */
		err = rm_dir_writable(ctp, dattr, info);
		if (err)
			return err;
		dattr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
		if (!info) {
			err = iofunc_client_info(ctp, 0, &client);
			if (err)
				return err;
			info = &client;
		}
		mode = msg->connect.mode;
		/* S_ISVTX stays on a file, as Linux file systems keep it. */
		if (!(mode & S_IFMT))
			mode |= S_IFREG;
		iofunc_attr_init(attr, mode, dattr, info);
		/* This open makes the file: the reply says so to the kernel. */
		rm_req_set_open_created(rm_ctx(ctp));
		return EOK;
	}

	if ((ioflag & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return EEXIST;
	if ((acc & _IO_FLAG_WR) && S_ISDIR(attr->mode))
		return EISDIR;
	if ((acc & _IO_FLAG_WR) && attr->mount &&
	    (attr->mount->flags & _MOUNT_READONLY))
		return EROFS;
	if (acc & _IO_FLAG_RD)
		check |= S_IRUSR;
	/* Truncating writes, whatever the access mode (as Linux). */
	if ((acc & _IO_FLAG_WR) || (ioflag & O_TRUNC))
		check |= S_IWUSR;
	if (check) {
		err = iofunc_check_access(ctp, attr, check, info);
		if (err)
			return err;
	}
	/* Truncating is the handler's job; the times change either way. */
	if ((ioflag & O_TRUNC) && (acc & _IO_FLAG_WR))
		attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return EOK;
}

int iofunc_open_default(resmgr_context_t *ctp, io_open_t *msg,
			iofunc_attr_t *attr, void *extra)
{
	int err;

	rm_attr_lock(attr);
	err = iofunc_open(ctp, msg, attr, NULL, NULL);
	if (err == EOK)
		err = iofunc_ocb_attach(ctp, msg, NULL, attr, NULL);
	rm_attr_unlock(attr);
	return err;
}
