// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iofunc_attr_t: initialisation, its lock, and its timestamps.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "iofunc/iofunc_i.h"

/* Whether @info's process is in group @gid (its grouplist may be cut). */
static bool rm_info_in_group(const struct _client_info *info, gid_t gid)
{
	uint32_t i;

	if (info->cred.egid == gid)
		return true;
	for (i = 0; i < info->cred.ngroups && i < _CLIENT_INFO_NGROUPS; i++)
		if (info->cred.grouplist[i] == gid)
			return true;
	return false;
}

void iofunc_attr_init(iofunc_attr_t *attr, mode_t mode, iofunc_attr_t *dattr,
		      struct _client_info *info)
{
	pthread_mutexattr_t ma;
	struct timespec now;

	memset(attr, 0, sizeof(*attr));
	/* Recursive: a handler may call helpers that lock the attr again. */
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_settype(&ma, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&attr->lock, &ma);
	pthread_mutexattr_destroy(&ma);

	attr->mount = dattr ? dattr->mount : NULL;
	attr->mode = mode;
	attr->nlink = 1;
	attr->uid = info ? info->cred.euid : geteuid();
	/*
	 * As in a setgid directory on Linux (inode_init_owner()): new names
	 * take its group, a new directory is setgid too, and a group-
	 * executable file keeps S_ISGID only if its creator is root or in
	 * that group.
	 */
	if (dattr && (dattr->mode & S_ISGID)) {
		attr->gid = dattr->gid;
		if (S_ISDIR(mode))
			attr->mode |= S_ISGID;
		else if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) &&
			 info && info->cred.euid != 0 &&
			 !rm_info_in_group(info, attr->gid))
			attr->mode &= ~(mode_t)S_ISGID;
	} else {
		attr->gid = info ? info->cred.egid : getegid();
	}

	clock_gettime(CLOCK_REALTIME, &now);
	attr->atime = attr->mtime = attr->ctime = now.tv_sec;
	attr->atime_ns = attr->mtime_ns = attr->ctime_ns = now.tv_nsec;
}

/* A read-only mount refuses changes, except to names it makes up. */
bool rm_mount_readonly(const iofunc_attr_t *attr)
{
	return attr->mount && (attr->mount->flags & _MOUNT_READONLY) &&
	       !(attr->flags & IOFUNC_ATTR_SYNTHETIC);
}

int iofunc_attr_lock(iofunc_attr_t *attr)
{
	return pthread_mutex_lock(&attr->lock);
}

int iofunc_attr_unlock(iofunc_attr_t *attr)
{
	return pthread_mutex_unlock(&attr->lock);
}

int iofunc_attr_trylock(iofunc_attr_t *attr)
{
	return pthread_mutex_trylock(&attr->lock);
}

/* The attr lock, or the mount's replacement for it. */
int rm_attr_lock(iofunc_attr_t *attr)
{
	iofunc_funcs_t *f = attr->mount ? attr->mount->funcs : NULL;

	return RM_HAS(f, attr_lock) ? f->attr_lock(attr) : iofunc_attr_lock(attr);
}

int rm_attr_unlock(iofunc_attr_t *attr)
{
	iofunc_funcs_t *f = attr->mount ? attr->mount->funcs : NULL;

	return RM_HAS(f, attr_unlock) ? f->attr_unlock(attr) :
					iofunc_attr_unlock(attr);
}

int iofunc_lock_ocb_default(resmgr_context_t *ctp, void *reserved,
			    iofunc_ocb_t *ocb)
{
	return rm_attr_lock(ocb->attr);
}

int iofunc_unlock_ocb_default(resmgr_context_t *ctp, void *reserved,
			      iofunc_ocb_t *ocb)
{
	return rm_attr_unlock(ocb->attr);
}

/* Set the times flagged IOFUNC_ATTR_ATIME/MTIME/CTIME to now. */
int iofunc_time_update(iofunc_attr_t *attr)
{
	uint32_t pending = attr->flags &
		(IOFUNC_ATTR_ATIME | IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	struct timespec now;

	if (!pending)
		return EOK;
	attr->flags &= ~pending;
	if (attr->mount && (attr->mount->flags & _MOUNT_READONLY))
		return EOK;
	clock_gettime(CLOCK_REALTIME, &now);
	if (pending & IOFUNC_ATTR_ATIME) {
		attr->atime = now.tv_sec;
		attr->atime_ns = now.tv_nsec;
	}
	if (pending & IOFUNC_ATTR_MTIME) {
		attr->mtime = now.tv_sec;
		attr->mtime_ns = now.tv_nsec;
	}
	if (pending & IOFUNC_ATTR_CTIME) {
		attr->ctime = now.tv_sec;
		attr->ctime_ns = now.tv_nsec;
	}
	attr->flags |= IOFUNC_ATTR_DIRTY_TIME;
	return EOK;
}
