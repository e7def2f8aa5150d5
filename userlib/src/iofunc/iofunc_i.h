/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The POSIX layer's helpers shared by the iofunc_*() functions: attr
 * locking, permission checks against the client's credentials, and
 * record locks.
 */
#ifndef _RESMGR_IOFUNC_I_H
#define _RESMGR_IOFUNC_I_H

#include <stdbool.h>
#include <sys/iofunc.h>

#include "resmgr/resmgr_i.h"

/* ------------------------------------------------ iofunc_*.c helpers */

RM_HIDDEN int rm_attr_lock(iofunc_attr_t *attr);
RM_HIDDEN int rm_attr_unlock(iofunc_attr_t *attr);
RM_HIDDEN bool rm_in_group(const struct rm_cred *c, gid_t gid);
RM_HIDDEN void rm_attr_kill_privs(const struct rm_cred *c, iofunc_attr_t *attr);
RM_HIDDEN bool rm_mount_readonly(const iofunc_attr_t *attr);
RM_HIDDEN int rm_check_access(const struct rm_cred *c,
			      const iofunc_attr_t *attr, mode_t checkmode);

RM_HIDDEN int rm_dir_writable(resmgr_context_t *ctp, iofunc_attr_t *dattr,
			     struct _client_info *info);
RM_HIDDEN int rm_seek_base(int whence, const iofunc_ocb_t *ocb,
			   const iofunc_attr_t *attr, int64_t *base);

/* iofunc_lock.c: what closes and unblocks do to record locks. */
RM_HIDDEN void rm_lock_close_dup(resmgr_context_t *ctp, iofunc_attr_t *attr,
			       pid_t pid);
RM_HIDDEN void rm_lock_close_ocb(resmgr_context_t *ctp, iofunc_attr_t *attr,
			       const iofunc_ocb_t *ocb);
RM_HIDDEN bool rm_lock_unblock(iofunc_attr_t *attr, int rcvid);
RM_HIDDEN void rm_lock_count(const iofunc_attr_t *attr, uint32_t *rlocks,
			     uint32_t *wlocks);

#endif /* _RESMGR_IOFUNC_I_H */
