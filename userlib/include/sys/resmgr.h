/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/resmgr.h> - the resource-manager layer: attaching names, the
 * handler tables, the context a handler gets, and how a handler's return
 * value becomes the reply.
 *
 * Handler return values:
 *	errno value (> 0)	the client's call fails with it
 *	EOK, _RESMGR_NPARTS(n)	reply with status ctp->status and the n
 *				parts in ctp->iov[] (_RESMGR_PTR for one)
 *	_RESMGR_NOREPLY		the handler replied itself (MsgReply...) or
 *				will reply later, from any thread
 *	_RESMGR_DEFAULT		resmgr_attr_t.other_func, else ENOSYS
 *				(ENOTTY for devctl)
 */
#ifndef _SYS_RESMGR_H
#define _SYS_RESMGR_H

#include <sys/resmgr_cdefs.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/neutrino.h>
#include <sys/iomsg.h>

/*
 * What connect handlers get as their handle (the one given to
 * resmgr_attach()) and what I/O handlers get as their OCB.  As on QNX
 * they are void unless defined before this header is first included:
 * <sys/iofunc.h> makes them IOFUNC_ATTR_T and IOFUNC_OCB_T, so include
 * it first for typed handler tables; a program on the resmgr layer
 * alone, or one including <sys/dispatch.h> first, gets void.
 */
#ifndef RESMGR_HANDLE_T
#define RESMGR_HANDLE_T	void
#endif
#ifndef RESMGR_OCB_T
#define RESMGR_OCB_T	void
#endif

__RESMGR_BEGIN_DECLS

typedef struct _dispatch dispatch_t;

/*
 * Declare the handle and OCB types at file scope before any prototype
 * names them (a "struct x" met first in a parameter list would be a
 * different type in every prototype).  A typedef works whether the
 * macro names a struct tag, a typedef name or void.
 */
typedef RESMGR_HANDLE_T __resmgr_handle_type;
typedef RESMGR_OCB_T __resmgr_bound_ocb_type;

/* Every message a handler can be given, as ctp->msg sees it. */
typedef union {
	uint16_t type;
	struct _pulse pulse;	/* when ctp->rcvid is 0: a pulse */
	struct _io_connect connect;
	io_open_t open;
	io_read_t read;
	io_write_t write;
	io_lseek_t lseek;
	io_stat_t stat;
	io_close_t close;
	io_devctl_t devctl;
	io_notify_t notify;
	io_pathconf_t pathconf;
	io_chmod_t chmod;
	io_chown_t chown;
	io_utime_t utime;
	io_openfd_t openfd;
	io_fdinfo_t fdinfo;
	io_lock_t lock;
	io_space_t space;
	io_msg_t msg;
	io_sync_t sync;
	union _io_unlink_msg unlink;
	union _io_rename_msg rename;
	union _io_mknod_msg mknod;
	union _io_readlink_msg readlink;
	union _io_link_msg link;
	struct _io_connect_link_reply link_reply;
} resmgr_iomsgs_t;

/*
 * What every handler gets.  @rcvid names the request for MsgReply() and
 * friends (0 when the request takes no reply: close_ocb, the I/O part of
 * a stat by path).  @id is the link id resmgr_attach() returned.  @msg
 * is the message; @size bytes of it are in memory and @msg_max_size
 * bytes at @msg may be used as scratch space (e.g. for reply data).
 * @iov has room for resmgr_attr_t.nparts_max parts.
 */
typedef struct _resmgr_context {
	int rcvid;
	struct _msg_info info;
	resmgr_iomsgs_t *msg;
	dispatch_t *dpp;
	int id;
	size_t msg_max_size;
	long status;
	size_t offset;
	size_t size;
	iov_t iov[];
} resmgr_context_t;

typedef resmgr_context_t message_context_t;

/* resmgr_attr_t.flags */
/*
 * Accept clients of the other byte order (QNX's networked clients).
 * Accepted, no effect: Linux clients share the server's byte order, so
 * _NTO_MI_ENDIAN_DIFF is never set.
 */
#define RESMGR_FLAG_CROSS_ENDIAN	0x0001u

typedef struct _resmgr_attr {
	unsigned flags;		/* RESMGR_FLAG_* */
	unsigned nparts_max;	/* ctp->iov[] entries; 0: the minimum */
	size_t msg_max_size;	/* receive buffer; 0: the minimum */
	int (*other_func)(resmgr_context_t *ctp, void *msg);
	unsigned reserved[4];
} resmgr_attr_t;

/* resmgr_attach() flags */
#define _RESMGR_FLAG_BEFORE	0x0010u	/* resolve before others at this path */
#define _RESMGR_FLAG_AFTER	0x0020u	/* resolve after others at this path */
#define _RESMGR_FLAG_OPAQUE	0x0040u	/* hide shorter prefixes */
#define _RESMGR_FLAG_FTYPEONLY	0x0080u	/* with _FTYPE_MOUNT and no path only */
#define _RESMGR_FLAG_FTYPEALL	0x1000u	/* accepted, no effect */
#define _RESMGR_FLAG_DIR	0x2000u	/* a directory: longer paths resolve here */
#define _RESMGR_FLAG_SELF	0x4000u	/* accepted, no effect */

/* resmgr_detach() flags */
#define _RESMGR_DETACH_ALL	0x0000u
#define _RESMGR_DETACH_PATHNAME	0x0100u
#define _RESMGR_DETACH_CLOSE	0x0200u

/*
 * resmgr_pathname() flags: a path for this machine only.  Accepted; with
 * no network every path is local.
 */
#define _RESMGR_PATHNAME_LOCALPATH	0x0400u

/* Handler return values (see the top of this file). */
#define _RESMGR_NOREPLY		(-0x40000001)
#define _RESMGR_DEFAULT		(-0x40000002)
#define _RESMGR_ERRNO(_err)	(_err)
#define _RESMGR_NPARTS(_n)	(-(_n))
#define _RESMGR_STATUS(_ctp, _status)	((_ctp)->status = (_status))
#define _RESMGR_PTR(_ctp, _addr, _len) \
	(SETIOV((_ctp)->iov + 0, (_addr), (_len)), _RESMGR_NPARTS(1))

/*
 * The connect table's messages (<sys/iomsg.h>), and those whose handlers
 * have a slot but are not delivered (mount, the rest): their types exist
 * so QNX handler prototypes compile.
 */
typedef union _io_unlink_msg io_unlink_t;
typedef union _io_rename_msg io_rename_t;
typedef union _io_rename_extra io_rename_extra_t;
typedef union _io_mknod_msg io_mknod_t;
typedef union _io_readlink_msg io_readlink_t;
typedef union _io_link_msg io_link_t;
typedef union _io_link_extra io_link_extra_t;
typedef union _io_mount_msg io_mount_t;
union _io_pulse_msg {
	struct _pulse pulse;
};
typedef union _io_pulse_msg io_pulse_t;
typedef union _io_shutdown_msg io_shutdown_t;
typedef union _io_dup_msg io_dup_t;
typedef union _io_power_msg io_power_t;
typedef union _io_acl_msg io_acl_t;

/* Path-based requests; the tables are kept by pointer. */
typedef struct _resmgr_connect_funcs {
	unsigned nfuncs;
	int (*open)(resmgr_context_t *ctp, io_open_t *msg,
		    RESMGR_HANDLE_T *handle, void *extra);
	int (*unlink)(resmgr_context_t *ctp, io_unlink_t *msg,
		      RESMGR_HANDLE_T *handle, void *reserved);
	int (*rename)(resmgr_context_t *ctp, io_rename_t *msg,
		      RESMGR_HANDLE_T *handle, io_rename_extra_t *extra);
	int (*mknod)(resmgr_context_t *ctp, io_mknod_t *msg,
		     RESMGR_HANDLE_T *handle, void *reserved);
	int (*readlink)(resmgr_context_t *ctp, io_readlink_t *msg,
			RESMGR_HANDLE_T *handle, void *reserved);
	int (*link)(resmgr_context_t *ctp, io_link_t *msg,
		    RESMGR_HANDLE_T *handle, io_link_extra_t *extra);
	int (*unblock)(resmgr_context_t *ctp, io_pulse_t *msg,
		       RESMGR_HANDLE_T *handle, void *reserved);
	int (*mount)(resmgr_context_t *ctp, io_mount_t *msg,
		     RESMGR_HANDLE_T *handle, io_mount_extra_t *extra);
} resmgr_connect_funcs_t;

/* Handlers in resmgr_connect_funcs_t (its nfuncs when fully filled in). */
#define _RESMGR_CONNECT_NFUNCS	8

/* Requests on an open (an OCB). */
typedef struct _resmgr_io_funcs {
	unsigned nfuncs;
	int (*read)(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb);
	int (*write)(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb);
	int (*close_ocb)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*stat)(resmgr_context_t *ctp, io_stat_t *msg, RESMGR_OCB_T *ocb);
	int (*notify)(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb);
	int (*devctl)(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb);
	int (*unblock)(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb);
	int (*pathconf)(resmgr_context_t *ctp, io_pathconf_t *msg, RESMGR_OCB_T *ocb);
	int (*lseek)(resmgr_context_t *ctp, io_lseek_t *msg, RESMGR_OCB_T *ocb);
	int (*chmod)(resmgr_context_t *ctp, io_chmod_t *msg, RESMGR_OCB_T *ocb);
	int (*chown)(resmgr_context_t *ctp, io_chown_t *msg, RESMGR_OCB_T *ocb);
	int (*utime)(resmgr_context_t *ctp, io_utime_t *msg, RESMGR_OCB_T *ocb);
	int (*openfd)(resmgr_context_t *ctp, io_openfd_t *msg, RESMGR_OCB_T *ocb);
	int (*fdinfo)(resmgr_context_t *ctp, io_fdinfo_t *msg, RESMGR_OCB_T *ocb);
	int (*lock)(resmgr_context_t *ctp, io_lock_t *msg, RESMGR_OCB_T *ocb);
	int (*space)(resmgr_context_t *ctp, io_space_t *msg, RESMGR_OCB_T *ocb);
	int (*shutdown)(resmgr_context_t *ctp, io_shutdown_t *msg, RESMGR_OCB_T *ocb);
	int (*mmap)(resmgr_context_t *ctp, io_mmap_t *msg, RESMGR_OCB_T *ocb);
	int (*msg)(resmgr_context_t *ctp, io_msg_t *msg, RESMGR_OCB_T *ocb);
	int (*reserved)(resmgr_context_t *ctp, void *msg, RESMGR_OCB_T *ocb);
	int (*dup)(resmgr_context_t *ctp, io_dup_t *msg, RESMGR_OCB_T *ocb);
	int (*close_dup)(resmgr_context_t *ctp, io_close_t *msg, RESMGR_OCB_T *ocb);
	int (*lock_ocb)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*unlock_ocb)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*sync)(resmgr_context_t *ctp, io_sync_t *msg, RESMGR_OCB_T *ocb);
	int (*power)(resmgr_context_t *ctp, io_power_t *msg, RESMGR_OCB_T *ocb);
	int (*acl)(resmgr_context_t *ctp, io_acl_t *msg, RESMGR_OCB_T *ocb);
	int (*pause)(resmgr_context_t *ctp, void *reserved, RESMGR_OCB_T *ocb);
	int (*unpause)(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb);
	int (*read64)(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb);
	int (*write64)(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb);
	int (*notify64)(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb);
	int (*utime64)(resmgr_context_t *ctp, io_utime_t *msg, RESMGR_OCB_T *ocb);
} resmgr_io_funcs_t;

/* Handlers in resmgr_io_funcs_t (its nfuncs when fully filled in). */
#define _RESMGR_IO_NFUNCS	33

int resmgr_attach(dispatch_t *dpp, resmgr_attr_t *attr, const char *path,
		  enum _file_type file_type, unsigned flags,
		  const resmgr_connect_funcs_t *connect_funcs,
		  const resmgr_io_funcs_t *io_funcs, RESMGR_HANDLE_T *handle);
int resmgr_detach(dispatch_t *dpp, int id, unsigned flags);
int resmgr_devino(int id, dev_t *pdevno, ino_t *pino);
/*
 * The path of attach @id (ctp->id in a handler) as resmgr_attach() was
 * given it, "/" added for a _RESMGR_FLAG_DIR attach; at most @maxbuf
 * bytes, NUL-terminated.  Returns the length with the NUL (also when
 * cut), or -1 and errno (ESRCH: no such attach).
 */
int resmgr_pathname(int id, unsigned flags, char *path, int maxbuf);

int resmgr_open_bind(resmgr_context_t *ctp, void *ocb,
		     const resmgr_io_funcs_t *iofuncs);
void *resmgr_ocb(resmgr_context_t *ctp);
/*
 * The OCB of the open @info names: ctp->info (or MsgInfo() of the
 * request being handled).  NULL and errno ESRCH if no open is bound.
 */
void *_resmgr_ocb(resmgr_context_t *ctp, struct _msg_info *info);
/*
 * libresmgr's own: the S_IFMT and permission bits of what the open being
 * handled opened, for the kernel (a directory, a symlink, a file...).
 * iofunc_ocb_attach() sets them from the attr; a handler that binds a
 * non-iofunc OCB calls this (before or after resmgr_open_bind()).
 * Without it such an open is the attach point's type at the attach
 * point, and a regular file below it.  -1 (EINVAL) outside an open.
 */
int resmgr_open_mode(resmgr_context_t *ctp, mode_t mode);

ssize_t resmgr_msgread(resmgr_context_t *ctp, void *msg, size_t bytes,
		       size_t offset);
ssize_t resmgr_msgreadv(resmgr_context_t *ctp, const iov_t *iov, int parts,
			size_t offset);
ssize_t resmgr_msgwrite(resmgr_context_t *ctp, const void *msg, size_t bytes,
			size_t offset);
ssize_t resmgr_msgwritev(resmgr_context_t *ctp, const iov_t *iov, int parts,
			 size_t offset);
/*
 * Run a request the server kept (_RESMGR_NOREPLY) through its handler
 * again, as if it had just arrived: the blocked-read pattern's "data is
 * here now".  Runs on the calling thread; the caller's own request is
 * left alone.
 */
int resmgr_msg_again(resmgr_context_t *ctp, int rcvid);
int resmgr_msgreply(resmgr_context_t *ctp, void *msg, size_t bytes);
int resmgr_msgreplyv(resmgr_context_t *ctp, iov_t *iov, int parts);
/*
 * Say what the reply being built holds (@type: _IO_*, @mode: S_IFDIR
 * for directory entries..., @hint: an xtype), for a client of the other
 * byte order (RESMGR_FLAG_CROSS_ENDIAN).  Linux clients share the
 * server's byte order: nothing is ever swapped, so this does nothing.
 */
void resmgr_endian_context(resmgr_context_t *ctp, int type, int mode,
			   int hint);

__RESMGR_END_DECLS

#endif /* _SYS_RESMGR_H */
