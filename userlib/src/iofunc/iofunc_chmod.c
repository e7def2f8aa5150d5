// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * chmod and chown: who may change a name's mode and owner, and how.
 */
#include <errno.h>

#include "internal.h"

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
	if (uid_set)
		attr->uid = msg->i.uid;
	if (gid_set)
		attr->gid = msg->i.gid;
	/* A non-root chown cannot hand out set-id programs. */
	if (!root && !S_ISDIR(attr->mode) &&
	    (attr->mode & (S_ISUID | S_ISGID))) {
		attr->mode &= ~(mode_t)(S_ISUID | S_ISGID);
		attr->flags |= IOFUNC_ATTR_DIRTY_MODE;
	}
	attr->flags |= IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_OWNER;
	return EOK;
}

int iofunc_chown_default(resmgr_context_t *ctp, io_chown_t *msg,
			 iofunc_ocb_t *ocb)
{
	return iofunc_chown(ctp, msg, ocb, ocb->attr);
}
