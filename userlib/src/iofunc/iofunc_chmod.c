// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * chmod and chown: who may change a name's mode and owner, and how.
 */
#include <errno.h>

#include "dispatch/dispatch_i.h"
#include "iofunc/iofunc_i.h"

/*
 * Changing a set-id program's contents drops its privileges unless the
 * caller may keep them (CAP_FSETID; here root), as Linux's
 * should_remove_suid(): S_ISUID, and S_ISGID if the group may execute
 * (without S_IXGRP it marks mandatory locking, and stays).
 */
void rm_attr_kill_privs(const struct rm_cred *c, iofunc_attr_t *attr)
{
	mode_t kill = attr->mode & S_ISUID;

	if ((attr->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
		kill |= S_ISGID;
	if (!kill || c->ci.cred.euid == 0 || !S_ISREG(attr->mode))
		return;
	attr->mode &= ~kill;
	attr->flags |= IOFUNC_ATTR_DIRTY_MODE | IOFUNC_ATTR_CTIME;
}

int iofunc_chmod(resmgr_context_t *ctp, io_chmod_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	const struct rm_cred *c;
	mode_t mode = msg->i.mode & 07777;
	int err = rm_ctx_cred(rm_ctx(ctp), &c);

	if (err)
		return err;
	/* Only the owner (or root): S_ISUID asks "is the owner". */
	if (rm_check_access(c, attr, S_ISUID))
		return EPERM;
	if (rm_mount_readonly(attr))
		return EROFS;
	/* POSIX: S_ISGID needs membership of the file's group. */
	if (c->ci.cred.euid != 0 && !rm_in_group(c, attr->gid))
		mode &= ~(mode_t)S_ISGID;
	attr->mode = (attr->mode & S_IFMT) | mode;
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_MODE;
	return EOK;
}

int iofunc_chmod_default(resmgr_context_t *ctp, io_chmod_t *msg,
			 iofunc_ocb_t *ocb)
{
	return iofunc_chmod(ctp, msg, ocb, ocb->attr);
}

/* _POSIX_CHOWN_RESTRICTED: the mount's, or on without a mount (QNX). */
static bool rm_chown_restricted(const iofunc_attr_t *attr)
{
	return !attr->mount || (attr->mount->conf & IOFUNC_PC_CHOWN_RESTRICTED);
}

int iofunc_chown(resmgr_context_t *ctp, io_chown_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr)
{
	const struct rm_cred *c;
	bool uid_set = msg->i.uid != -1 && (uid_t)msg->i.uid != attr->uid;
	bool gid_set = msg->i.gid != -1 && (gid_t)msg->i.gid != attr->gid;
	int err = rm_ctx_cred(rm_ctx(ctp), &c);
	bool root;

	if (err)
		return err;
	root = c->ci.cred.euid == 0;
	if (!root) {
		if (c->ci.cred.euid != attr->uid)
			return EPERM;
		/* Restricted: no giving away, only to one's own groups. */
		if (rm_chown_restricted(attr) &&
		    (uid_set || (gid_set && !rm_in_group(c, msg->i.gid))))
			return EPERM;
	}
	if (rm_mount_readonly(attr))
		return EROFS;
	/*
	 * As Linux's chown_common() and setattr_should_drop_sgid(): chown
	 * of a non-directory, even by root, clears S_ISUID, and S_ISGID if
	 * the group may execute or the caller is neither in the file's
	 * (old) group nor root.
	 */
	if (!S_ISDIR(attr->mode)) {
		mode_t kill = attr->mode & S_ISUID;

		if ((attr->mode & S_ISGID) &&
		    ((attr->mode & S_IXGRP) || (!root && !rm_in_group(c, attr->gid))))
			kill |= S_ISGID;
		if (kill) {
			attr->mode &= ~kill;
			attr->flags |= IOFUNC_ATTR_DIRTY_MODE;
		}
	}
	if (uid_set)
		attr->uid = msg->i.uid;
	if (gid_set)
		attr->gid = msg->i.gid;
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_OWNER;
	return EOK;
}

int iofunc_chown_default(resmgr_context_t *ctp, io_chown_t *msg,
			 iofunc_ocb_t *ocb)
{
	return iofunc_chown(ctp, msg, ocb, ocb->attr);
}
