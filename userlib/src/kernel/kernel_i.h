/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The kernel layer: the only way to /dev/resmgr (transport.c, which the
 * unit tests replace) and the translation between the kernel's wire
 * format (uapi/linux/resmgr.h) and QNX's message layouts (decode.c,
 * dirent.c).  Uses nothing of the library above it.
 */
#ifndef _RESMGR_KERNEL_I_H
#define _RESMGR_KERNEL_I_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/iofunc.h>

#include "common.h"

/* ------------------------------------------------------- transport.c */

#define RM_DEVICE	"/dev/resmgr"


/* ioctl(2) on the channel; the unit tests put a fake kernel here. */
extern RM_HIDDEN int (*rm_ioctl)(int fd, unsigned long request, void *arg);

/* ---------------------------------------------------------- decode.c */

/*
 * Where the bytes of the QNX view of a message come from, for MsgRead():
 * the first @qlocal bytes are the translated header (and path) the
 * library built; QNX byte @qlocal + k is byte @kbase + k of the
 * message as the kernel has it.
 */
struct rm_msgmap {
	const void *local;	/* NULL: struct rm_req.hdr */
	size_t qlocal;
	uint64_t kbase;
};

static inline uint64_t rm_msgmap_koff(const struct rm_msgmap *m, size_t qoff)
{
	return m->kbase + (qoff - m->qlocal);
}

/*
 * Credentials of the client a handler works for, as the kernel gives
 * them with a connect message.
 */
struct rm_cred {
	struct _client_info ci;
	const uint32_t *groups;	/* all supplementary groups, or NULL: ci's */
	uint32_t ngroups;
};

/* A connect message (OPEN, STAT_PATH) as the kernel sent it. */
struct rm_connect_view {
	const struct resmgr_connect_in *ci;
	const uint32_t *groups;
	const char *path;
	size_t extra_off;	/* offset of the extra data in the message */
};

RM_HIDDEN int rm_decode_connect(const void *msg, size_t len,
				struct rm_connect_view *v);
RM_HIDDEN size_t rm_build_connect(struct _io_connect *c, uint16_t subtype,
				  const struct rm_connect_view *v);
RM_HIDDEN const char *rm_connect_extra_path(const void *msg,
					    const struct rm_connect_view *v);
RM_HIDDEN int rm_connect_extra_mount(const void *msg,
				     const struct rm_connect_view *v,
				     io_mount_extra_t *x);
RM_HIDDEN bool rm_connect_extra_rdev(const void *msg,
				     const struct rm_connect_view *v,
				     dev_t *rdev);
RM_HIDDEN uint32_t rm_xtype_from_kernel(uint32_t kxtype);
RM_HIDDEN void rm_cred_from_connect(struct rm_cred *c,
				    const struct resmgr_in_header *in,
				    const struct rm_connect_view *v);
RM_HIDDEN int32_t rm_notify_cond(uint32_t events);
RM_HIDDEN uint32_t rm_notify_events(int32_t cond);
RM_HIDDEN void *rm_xlate_io(void *buf, size_t kend, const void *qhdr,
			    size_t qhdr_len);

/* The QNX header of one of the I/O messages rm_decode_io_body() knows. */
union rm_qhdr {
	struct _io_pathconf pathconf;
	struct _io_chmod chmod;
	struct _io_chown chown;
	struct _io_utime utime;
	struct _io_sync sync;
	struct _io_space space;
	struct {
		struct _io_lock i;
		flock_t fl;
	} lock;
	struct _io_openfd openfd;
	struct _io_fdinfo fdinfo;
	struct _io_msg msg;
};

/*
 * Translate the body of PATHCONF, CHMOD, CHOWN, UTIME, SYNC, SPACE,
 * LOCK, OPENFD, FDINFO or MSG (@avail bytes at @body) into @q.  Sets
 * *@qlen to the QNX header's length and *@blen to the kernel body's.
 * ENOSYS for other opcodes, EINVAL for a short or malformed body.
 */
RM_HIDDEN int rm_decode_io_body(uint16_t opcode, const void *body,
				size_t avail, union rm_qhdr *q, size_t *qlen,
				size_t *blen);

/* ---------------------------------------------------------- dirent.c */

/* Reads of a directory never ask a handler for more than this. */
#define RM_DIR_READ_MAX	65536

RM_HIDDEN size_t rm_dirent_size(size_t namelen);
/* A QNX dirent's d_type for readdir(), from its _DTYPE_[L]STAT extra. */
RM_HIDDEN unsigned char rm_dirent_extra_type(const void *rec);
RM_HIDDEN ssize_t rm_dirents_translate(const void *in, size_t len,
				       int64_t end, void *out, size_t room);

/* ------------------------------------------------------------ nodes */

/*
 * A node's number, as stat(2) and the kernel's OPEN reply give it:
 * attr->inode, or else made from the attr's address, unique and stable
 * while the attr exists (which every open of it keeps it doing), so
 * that tools comparing st_ino and the kernel's inode per node agree.
 */
static inline uint64_t rm_attr_ino(const iofunc_attr_t *attr)
{
	return attr->inode ? (uint64_t)attr->inode : (uint64_t)(uintptr_t)attr;
}

#endif /* _RESMGR_KERNEL_I_H */
