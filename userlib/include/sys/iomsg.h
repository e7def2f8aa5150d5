/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/iomsg.h> - the messages resource-manager handlers receive.
 *
 * libresmgr translates each request from the kernel (see
 * <linux/resmgr.h>) into these structures before calling a handler, so
 * QNX handler code reads the fields it expects.  Field names follow the
 * QNX documentation; layouts and constant values are libresmgr's own
 * (source compatibility, not binary compatibility).
 */
#ifndef _SYS_IOMSG_H
#define _SYS_IOMSG_H

#include <sys/resmgr_cdefs.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/ftype.h>
#include <sys/qnx_errno.h>
#include <devctl.h>
/*
 * What QNX's <sys/iomsg.h> brings with it, which resource managers use
 * without including: PATH_MAX and the other limits, struct statvfs
 * (filesystems' DCMD_FSYS_STATVFS), struct utimbuf, the mount flags, and
 * the kernel calls (MsgReply() ...).  Here <sys/mount.h> is glibc's: its
 * mount() and umount() take Linux's arguments, not QNX's.
 */
#include <limits.h>
#include <utime.h>
#include <sys/mount.h>
#include <sys/statvfs.h>
#include <sys/neutrino.h>

/*
 * Message types (msg->type, msg->i.type), all in (_IO_BASE, _IO_MAX]:
 * a manager's own message types (message_attach()) go above _IO_MAX.
 */
#define _IO_BASE		0x0400
#define _IO_MAX			0x04ff
#define _IO_CONNECT		0x0401
#define _IO_READ		0x0402
#define _IO_WRITE		0x0403
#define _IO_CLOSE		0x0404
#define _IO_STAT		0x0405
#define _IO_LSEEK		0x0406
#define _IO_DEVCTL		0x0407
#define _IO_NOTIFY		0x0408
#define _IO_PATHCONF		0x0409
#define _IO_CHMOD		0x040a
#define _IO_CHOWN		0x040b
#define _IO_UTIME		0x040c
#define _IO_OPENFD		0x040d
#define _IO_FDINFO		0x040e
#define _IO_LOCK		0x040f
#define _IO_SPACE		0x0410
#define _IO_MMAP		0x0411	/* never sent: mmap(2) fails ENODEV */
#define _IO_MSG			0x0412
#define _IO_SYNC		0x0413

/* combine_len: set when another message follows in the same request. */
#define _IO_COMBINE_FLAG	0x4000

/* connect.subtype */
#define _IO_CONNECT_OPEN		0x21
#define _IO_CONNECT_COMBINE		0x22	/* open + I/O message */
#define _IO_CONNECT_COMBINE_CLOSE	0x23	/* open + I/O message + close */
#define _IO_CONNECT_UNLINK		0x24	/* unlink, rmdir (mode S_IFDIR) */
#define _IO_CONNECT_RENAME		0x25	/* rename: path is the new name */
#define _IO_CONNECT_MKNOD		0x26	/* mkdir, mknod, mkfifo */
#define _IO_CONNECT_READLINK		0x27	/* readlink, following a link */
#define _IO_CONNECT_LINK		0x28	/* link, symlink: path is the new name */
#define _IO_CONNECT_MOUNT		0x29	/* mount(), umount(): path is the mount point */

/*
 * connect.ioflag carries open(2)'s flags with the access mode as
 * (O_ACCMODE + 1), so that reading and writing are independent bits.
 * The values follow from Linux's O_RDONLY/O_WRONLY/O_RDWR.
 */
#define _IO_FLAG_RD	(O_RDONLY + 1)
#define _IO_FLAG_WR	(O_WRONLY + 1)
#define _IO_FLAG_MASK	(_IO_FLAG_RD | _IO_FLAG_WR)

/* connect.eflag */
#define _IO_CONNECT_EFLAG_DIR		0x10	/* the path named a directory ("a/") */
#define _IO_CONNECT_EFLAG_DOT		0x20	/* the path ended in "." */
#define _IO_CONNECT_EFLAG_DOTDOT	0x40	/* the path ended in ".." */

/* connect.extra_type */
#define _IO_CONNECT_EXTRA_NONE		0
#define _IO_CONNECT_EXTRA_LINK		1	/* link: extra->ocb, the existing file */
#define _IO_CONNECT_EXTRA_SYMLINK	2	/* symlink: extra->path, the target */
#define _IO_CONNECT_EXTRA_RENAME	3	/* rename: extra->path, the old name */
#define _IO_CONNECT_EXTRA_MKNOD		4	/* libresmgr's: mknod's device number */
#define _IO_CONNECT_EXTRA_MOUNT		5	/* mount: io_mount_extra_t */

/*
 * A connect message (open, and stat by path).  @path is relative to the
 * attach point, NUL-terminated, "" for the attach point itself.
 */
struct _io_connect {
	uint16_t type;		/* _IO_CONNECT */
	uint16_t subtype;	/* _IO_CONNECT_* */
	uint32_t file_type;	/* enum _file_type the client asked for */
	uint16_t reply_max;
	uint16_t entry_max;
	uint32_t key;
	uint32_t handle;
	uint32_t ioflag;	/* O_* with the access mode as _IO_FLAG_* */
	uint32_t mode;		/* creation mode (umask applied) */
	uint16_t sflag;		/* share mode: always 0 (deny none) on Linux */
	uint16_t access;	/* _IO_FLAG_* the client wants checked */
	uint16_t zero;
	uint16_t path_len;	/* bytes of path[], NUL included */
	uint8_t eflag;		/* _IO_CONNECT_EFLAG_* */
	uint8_t extra_type;	/* _IO_CONNECT_EXTRA_* */
	uint16_t extra_len;
	char path[];
};

/*
 * A connect handler's answer that the path is not resolved here: a
 * symbolic link (_IO_CONNECT_RET_LINK) was met.  The handler sets
 * _IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK) and replies a
 * struct _io_connect_link_reply (msg->link_reply), @nentries
 * struct _io_connect_entry, then @path_len bytes of path.  The kernel
 * walks a path itself (see <sys/resmgr.h>: link replies), so of that
 * path only a READLINK's is used: it is the link's target.
 */
#define _IO_CONNECT_RET_FLAG		0x40000000L
#define _IO_CONNECT_RET_LINK		0x0001L
#define _IO_CONNECT_RET_FTYPE		0x0002L	/* not supported */
#define _IO_SET_CONNECT_RET(_ctp, _ret) \
	((_ctp)->status = _IO_CONNECT_RET_FLAG | (_ret))

struct _io_connect_link_reply {
	uint32_t reserved1;
	uint32_t file_type;
	uint8_t eflag;
	uint8_t reserved2;
	uint16_t chroot_len;
	uint32_t umask;
	uint16_t nentries;	/* struct _io_connect_entry that follow */
	uint16_t path_len;	/* bytes of path after them, NUL included */
};

/* A connect handler's "this is a file of that type" answer (not used). */
struct _io_connect_ftype_reply {
	uint16_t status;	/* an errno */
	uint16_t reserved;
	uint32_t file_type;	/* _FTYPE_* */
};

/* One server a path resolves to (ignored: the kernel resolves paths). */
struct _io_connect_entry {
	uint32_t nd;
	int32_t pid;
	int32_t chid;
	uint32_t handle;
	uint32_t key;
	uint32_t file_type;
	uint16_t prefix_len;
	uint16_t zero[3];
};

typedef union {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
} io_open_t;

/*
 * The rest of the connect table: the message is the struct _io_connect
 * (path relative to the attach point); a handler may reply a link in
 * its place (link_reply).
 */
union _io_unlink_msg {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
};

union _io_rename_msg {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
};

/* rename's extra: the old name, NUL-terminated, relative like @path. */
union _io_rename_extra {
	char path[1];
};

union _io_mknod_msg {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
};

/*
 * libresmgr's: what mknod(2) of a device node adds, given to the mknod
 * handler as its last ("reserved") argument; NULL for mkdir and mkfifo.
 */
typedef struct _io_mknod_extra {
	dev_t rdev;
} io_mknod_extra_t;

union _io_readlink_msg {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
};

union _io_link_msg {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
};

/*
 * link's extra: for _IO_CONNECT_EXTRA_LINK (link(2)) @ocb, the OCB of
 * the existing file, opened for the handler by the server's own open
 * handler (no access asked) and closed again after the handler; for
 * _IO_CONNECT_EXTRA_SYMLINK (symlink(2)) @path, the target,
 * NUL-terminated (the union is only as large as the path needs).
 */
union _io_link_extra {
	void *ocb;
	char path[1];
};

/*
 * mount() and umount() (<sys/iomsg.h>'s resmgr_mount()/resmgr_umount(),
 * and mount(8) through mount.resmgr): the connect table's mount handler
 * of an unnamed _FTYPE_MOUNT attach (resmgr_attach() with a NULL path
 * and _RESMGR_FLAG_FTYPEONLY) gets msg->connect.path, the mount point as
 * the client named it, and @extra.  A handler that does not mount @type
 * answers ENOSYS: the request goes on to the next such server.
 */
union _io_mount_msg {
	struct _io_connect connect;
	struct _io_connect_link_reply link_reply;
	struct _io_connect_ftype_reply ftype_reply;
};

/*
 * extra->flags: the first four are mount(2)'s MS_* bits.  _MOUNT_READONLY
 * is in <sys/iofunc.h>, as iofunc_mount_t.flags uses it too.
 */
#define _MOUNT_NOSUID		0x00000002u
#define _MOUNT_NODEV		0x00000004u
#define _MOUNT_NOEXEC		0x00000008u
#define _MOUNT_REMOUNT		0x00000020u	/* change a mount's flags */
#define _MOUNT_UNMOUNT		0x00010000u	/* umount(): take it down */
#define _MOUNT_FORCE		0x00020000u	/* ... even if busy */
#define _MOUNT_ENUMERATE	0x00040000u	/* mount what the special holds */
/*
 * The client asked for the special device's OCB.  The special is never
 * opened for the handler here: extra.srv.ocb is always NULL; open the
 * special yourself if you need it.
 */
#define _MFLAG_OCB		0x00080000u

typedef struct _io_mount_extra {
	uint32_t flags;		/* _MOUNT_*, _MFLAG_OCB */
	uint32_t nbytes;	/* bytes of this and what it points to */
	uint32_t datalen;	/* bytes at extra.srv.data */
	uint32_t zero[1];
	union {
		struct {
			void *ocb;	/* always NULL (see _MFLAG_OCB) */
			void *data;	/* the client's data, datalen bytes */
			char *type;	/* "" for none */
			char *special;	/* "" for none */
			void *zero[4];
		} srv;
	} extra;
} io_mount_extra_t;

/* xtype: the low bits name the kind of transfer, the high bits are flags. */
#define _IO_XTYPE_MASK		0x003fu
#define _IO_XTYPE_NONE		0x0000u
#define _IO_XTYPE_OFFSET	0x0003u	/* pread/pwrite: a struct _xtype_offset follows */
#define _IO_XFLAG_NONBLOCK	0x0100u	/* this request is non-blocking */
#define _IO_XFLAG_BLOCK		0x0200u	/* this request blocks (overrides O_NONBLOCK) */
#define _IO_XFLAG_DIR_EXTRA_HINT 0x0400u	/* a directory read: add _DEXTRA_* data
						 * (<sys/resmgr_dirent.h>) if cheap */

struct _xtype_offset {
	int64_t offset;
};

struct _io_read {
	uint16_t type;		/* _IO_READ */
	uint16_t combine_len;
	uint32_t nbytes;	/* bytes the client asked for */
	uint32_t xtype;
	uint32_t zero;
};

typedef union {
	struct _io_read i;
} io_read_t;

/* The data follows the header (and the _xtype_offset, if any). */
struct _io_write {
	uint16_t type;		/* _IO_WRITE */
	uint16_t combine_len;
	uint32_t nbytes;	/* bytes the client wrote */
	uint32_t xtype;
	uint32_t zero;
};

typedef union {
	struct _io_write i;
} io_write_t;

#define _IO_READ_GET_NBYTES(_msg)	((_msg)->i.nbytes)
#define _IO_WRITE_GET_NBYTES(_msg)	((_msg)->i.nbytes)
#define _IO_SET_READ_NBYTES(_ctp, _n)	((_ctp)->status = (_n))
#define _IO_SET_WRITE_NBYTES(_ctp, _n)	((_ctp)->status = (_n))

struct _io_lseek {
	uint16_t type;		/* _IO_LSEEK */
	uint16_t combine_len;
	int16_t whence;		/* SEEK_SET, SEEK_CUR, SEEK_END */
	uint16_t zero;
	int64_t offset;
};

/* The reply (o) is the new position. */
typedef union {
	struct _io_lseek i;
	uint64_t o;
} io_lseek_t;

struct _io_stat {
	uint16_t type;		/* _IO_STAT */
	uint16_t combine_len;
	uint32_t zero;
};

/* The reply (o) is a struct stat. */
typedef union {
	struct _io_stat i;
	struct stat o;
} io_stat_t;

struct _io_close {
	uint16_t type;		/* _IO_CLOSE */
	uint16_t combine_len;
};

typedef union {
	struct _io_close i;
} io_close_t;

/*
 * devctl()/ioctl(): @dcmd as the client gave it (<devctl.h>), and
 * @nbytes the size of its data (the client's buffer: what goes to the
 * device, what may come back, or both).  Data sent to the device follows
 * the header: _DEVCTL_DATA(msg->i), as much as the receive buffer holds;
 * resmgr_msgread(ctp, buf, n, sizeof(msg->i)) reads all of it.
 */
struct _io_devctl {
	uint16_t type;		/* _IO_DEVCTL */
	uint16_t combine_len;
	uint32_t dcmd;
	uint32_t nbytes;
	uint32_t zero;
};

/*
 * The reply: this header, then the data for the client, so that
 * _DEVCTL_DATA(msg->o) is _DEVCTL_DATA(msg->i).  @ret_val becomes the
 * client's devctl() *info (ioctl()'s return value): 0 to INT32_MAX.
 */
struct _io_devctl_reply {
	uint32_t zero;
	int32_t ret_val;
	uint32_t nbytes;	/* bytes of data after the header */
	uint32_t zero2;
};

typedef union _io_devctl_msg {
	struct _io_devctl i;
	struct _io_devctl_reply o;
} io_devctl_t;

/*
 * Notification (select(), poll(), epoll; QNX's ionotify()).
 *
 * Conditions (msg->i.flags asked for, msg->o.flags satisfied).  Our own
 * values, chosen to overlap none of Linux's POLL* bits so a mix-up shows.
 * On Linux the library maps them from and to poll events:
 *	_NOTIFY_COND_INPUT	POLLIN | POLLRDNORM
 *	_NOTIFY_COND_OUTPUT	POLLOUT | POLLWRNORM
 *	_NOTIFY_COND_OBAND	POLLPRI | POLLRDBAND
 */
#define _NOTIFY_COND_INPUT	0x00100000
#define _NOTIFY_COND_OUTPUT	0x00200000
#define _NOTIFY_COND_OBAND	0x00400000
#define _NOTIFY_COND_MASK	(_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT | \
				 _NOTIFY_COND_OBAND)

/*
 * msg->i.action.  poll()/select()/epoll always arrive as POLLARM: reply
 * what is ready now, and arm (for one wakeup) only if nothing is.
 */
#define _NOTIFY_ACTION_POLL	1	/* reply what is ready, never arm */
#define _NOTIFY_ACTION_POLLARM	2	/* ... and arm if nothing is */
#define _NOTIFY_ACTION_TRANARM	3	/* arm for the next transition */
#define _NOTIFY_ACTION_CONDARM	4	/* arm unless already satisfied */
#define _NOTIFY_ACTION_MASK	0x7

/*
 * The request.  @event is QNX's sigevent to deliver; Linux's poll
 * machinery needs none, so it is always zero here (see iofunc_notify()).
 */
struct _io_notify {
	uint16_t type;		/* _IO_NOTIFY */
	uint16_t combine_len;
	int32_t action;		/* _NOTIFY_ACTION_* */
	int32_t flags;		/* _NOTIFY_COND_* the client waits for */
	uint32_t zero;
	struct sigevent event;
};

/* The reply: the conditions that are true now (0 when armed). */
struct _io_notify_reply {
	uint32_t zero;
	int32_t flags;		/* _NOTIFY_COND_* */
	uint32_t zero2[2];
};

union _io_notify_msg {
	struct _io_notify i;
	struct _io_notify_reply o;
};

typedef union _io_notify_msg io_notify_t;

/*
 * pathconf()/fpathconf(): @name is the _PC_* name as <unistd.h> defines
 * it.  The reply's status is the value (-1: no limit); set it with
 * _IO_SET_PATHCONF_VALUE() and return EOK.
 */
struct _io_pathconf {
	uint16_t type;		/* _IO_PATHCONF */
	uint16_t combine_len;
	int16_t name;
	uint16_t zero;
};

union _io_pathconf_msg {
	struct _io_pathconf i;
};
typedef union _io_pathconf_msg io_pathconf_t;

#define _IO_SET_PATHCONF_VALUE(_ctp, _v)	((_ctp)->status = (_v))

/* chmod(), fchmod(): the new permission bits (07777). */
struct _io_chmod {
	uint16_t type;		/* _IO_CHMOD */
	uint16_t combine_len;
	mode_t mode;
};

union _io_chmod_msg {
	struct _io_chmod i;
};
typedef union _io_chmod_msg io_chmod_t;

/* chown(), fchown(), lchown(): -1 leaves that id as it is. */
struct _io_chown {
	uint16_t type;		/* _IO_CHOWN */
	uint16_t combine_len;
	int32_t gid;
	int32_t uid;
};

union _io_chown_msg {
	struct _io_chown i;
};
typedef union _io_chown_msg io_chown_t;

/*
 * utime(), utimensat(), futimens().  With @cur_flag the times are "now"
 * (the server's clock; the times given are the client's idea of it).
 * @flags says which of the two times to set (utimensat() may leave one
 * alone: UTIME_OMIT); QNX's message has no such field and always sets
 * both.  The _ns fields are libresmgr's addition for nanoseconds.
 */
#define _IO_UTIME_SET_ATIME	0x1u
#define _IO_UTIME_SET_MTIME	0x2u

struct _io_utime {
	uint16_t type;		/* _IO_UTIME */
	uint16_t combine_len;
	int32_t cur_flag;	/* set the times to now */
	uint32_t flags;		/* _IO_UTIME_SET_* */
	uint32_t zero;
	struct {
		int64_t actime;
		int64_t modtime;
	} times;
	uint32_t actime_ns;
	uint32_t modtime_ns;
};

union _io_utime_msg {
	struct _io_utime i;
};
typedef union _io_utime_msg io_utime_t;

/* fsync() (@flag O_SYNC), fdatasync() (@flag O_DSYNC). */
struct _io_sync {
	uint16_t type;		/* _IO_SYNC */
	uint16_t combine_len;
	uint32_t flag;
};

union _io_sync_msg {
	struct _io_sync i;
};
typedef union _io_sync_msg io_sync_t;

/*
 * ftruncate(), truncate(), fallocate(): allocate or free [start, start +
 * len); len 0 with F_FREESP: the file ends at @start (ftruncate).  Linux
 * has no F_ALLOCSP/F_FREESP fcntl commands, so the subtypes are ours.
 * The reply's status is the file's new size (_IO_SET_SPACE_SIZE()).
 */
#define _IO_SPACE_ALLOC		1	/* QNX's F_ALLOCSP64 */
#define _IO_SPACE_FREE		2	/* QNX's F_FREESP64 */
#ifndef F_ALLOCSP64
#define F_ALLOCSP64		_IO_SPACE_ALLOC
#define F_FREESP64		_IO_SPACE_FREE
#endif
/*
 * The 32-bit-offset names, distinct as on QNX (a handler's switch may
 * have a case for each).  The library always sends the 64-bit ones.
 */
#ifndef F_ALLOCSP
#define F_ALLOCSP		0x0101
#define F_FREESP		0x0102
#endif
/* _io_space.flags (libresmgr's): fallocate(FALLOC_FL_KEEP_SIZE) */
#define _IO_SPACE_KEEP_SIZE	0x1u

struct _io_space {
	uint16_t type;		/* _IO_SPACE */
	uint16_t combine_len;
	uint16_t subtype;	/* F_ALLOCSP64, F_FREESP64 */
	int16_t whence;		/* always SEEK_SET: @start is absolute */
	uint32_t flags;		/* _IO_SPACE_* */
	uint32_t zero;
	int64_t start;
	int64_t len;
};

union _io_space_msg {
	struct _io_space i;
};
typedef union _io_space_msg io_space_t;

#define _IO_SET_SPACE_SIZE(_ctp, _size)	((_ctp)->status = (_size))

/*
 * fcntl() record locks.  A struct flock (QNX's flock_t) follows the
 * header (_IO_LOCK_FLOCK(msg)): l_whence is always SEEK_SET (the kernel
 * resolved it), l_len 0 means "to the end of the file", l_pid is the
 * client's process.  @subtype is F_GETLK, F_SETLK or F_SETLKW; with
 * _IO_LOCK_OFD in @flags it is an open file description lock
 * (F_OFD_*), owned by the open rather than the process.
 *
 * The reply: a struct _io_lock_reply followed by a struct flock; for
 * F_GETLK the first conflicting lock (l_type F_UNLCK: none).
 */
typedef struct flock flock_t;

#define _IO_LOCK_OFD		0x1u

struct _io_lock {
	uint16_t type;		/* _IO_LOCK */
	uint16_t combine_len;
	uint32_t subtype;	/* F_GETLK, F_SETLK, F_SETLKW */
	uint32_t nbytes;	/* sizeof(flock_t) */
	uint32_t flags;		/* _IO_LOCK_* */
};

struct _io_lock_reply {
	uint32_t zero[4];
};

union _io_lock_msg {
	struct _io_lock i;
	struct _io_lock_reply o;
};
typedef union _io_lock_msg io_lock_t;

#define _IO_LOCK_FLOCK(_msg)	((flock_t *)((char *)(_msg) + \
				 sizeof(struct _io_lock)))

/*
 * openfd(): a new open of what this open names, no wider than it.
 * @ioflag: the new open's flags, access mode as _IO_FLAG_*.
 */
#define _IO_OPENFD_NONE		0
#define _IO_OPENFD_PIPE		1	/* not supported: EINVAL */

struct _io_openfd {
	uint16_t type;		/* _IO_OPENFD */
	uint16_t combine_len;
	uint32_t ioflag;
	uint16_t sflag;		/* always 0: Linux has no share modes */
	uint16_t xtype;		/* _IO_OPENFD_NONE */
	uint32_t zero;
};

union _io_openfd_msg {
	struct _io_openfd i;
};
typedef union _io_openfd_msg io_openfd_t;

/* What iofdinfo() tells of an open. */
#define _FDINFO_LOCKS		0x1u	/* info.flags: record locks held */
#define _FDINFO_MMAPS		0x2u	/* info.flags: mapped (never, here) */
/* iofdinfo() flags: a local path (every path is); resmgr_pathname()'s */
#define _FDINFO_FLAG_LOCALPATH	0x0400u

struct _fdinfo {
	uint32_t mode;		/* st_mode */
	uint32_t ioflag;	/* open flags, access mode as _IO_FLAG_* */
	uint64_t offset;
	uint64_t size;
	uint32_t flags;		/* _FDINFO_* */
	uint16_t sflag;
	uint16_t zero;
	uint32_t count;		/* opens of the file */
	uint32_t rcount;	/* ... for reading */
	uint32_t wcount;	/* ... for writing */
	uint32_t rlocks;	/* read locks held on it */
	uint32_t wlocks;	/* write locks held on it */
	uint32_t zero2;
};

/*
 * iofdinfo(): @path_len is room for the path in the reply.  The reply:
 * struct _io_fdinfo_reply, then the path (NUL-terminated); the status
 * is the path's full length (_IO_SET_FDINFO_LEN()).
 */
struct _io_fdinfo {
	uint16_t type;		/* _IO_FDINFO */
	uint16_t combine_len;
	uint32_t flags;
	int32_t path_len;
	uint32_t zero;
};

struct _io_fdinfo_reply {
	uint32_t zero[2];
	struct _fdinfo info;
};

union _io_fdinfo_msg {
	struct _io_fdinfo i;
	struct _io_fdinfo_reply o;
};
typedef union _io_fdinfo_msg io_fdinfo_t;

#define _IO_SET_FDINFO_LEN(_ctp, _len)	((_ctp)->status = (_len))

/*
 * A manager's private message (the client: MsgSend() on the file
 * descriptor).  The client's data follows the header; the reply is what
 * the handler replies, at most what the client takes.  Check @mgrid:
 * a manager answers ENOSYS to messages for another.
 */
#define _IOMGR_PRIVATE_BASE	0xf000
#define _IOMGR_PRIVATE_MAX	0xffff

struct _io_msg {
	uint16_t type;		/* _IO_MSG */
	uint16_t combine_len;
	uint16_t mgrid;		/* _IOMGR_* */
	uint16_t subtype;	/* the manager's own */
};

union _io_msg_msg {
	struct _io_msg i;
};
typedef union _io_msg_msg io_msg_t;

/* mmap(2) on a resmgr file fails ENODEV; the message is never sent. */
union _io_mmap_msg {
	struct {
		uint16_t type;	/* _IO_MMAP */
		uint16_t combine_len;
	} i;
};
typedef union _io_mmap_msg io_mmap_t;

/*
 * Client calls for the messages no Linux system call sends (libresmgr;
 * QNX declares openfd() and iofdinfo() in <unistd.h>).  They work on
 * descriptors of names a resource manager serves.
 */
__RESMGR_BEGIN_DECLS

/* openfd() sharing: Linux has no share modes, so only this. */
#ifndef SH_DENYNO
#define SH_DENYNO	0x40
#endif

/*
 * A new open (a new file description, position 0) of what @fd names,
 * with open(2) flags @ioflag: an access mode no wider than @fd's, and
 * O_NONBLOCK, O_CLOEXEC.  @sharing: SH_DENYNO (or 0); @xoflag:
 * _IO_OPENFD_NONE.  Returns the new descriptor, or -1 and errno.
 */
int openfd(int fd, int ioflag, int sharing, int xoflag);
/*
 * What the server says of the open: *@info, and its path in @path (at
 * most @maxlen bytes, NUL-terminated; @path may be NULL).  Returns the
 * path's full length, or -1 and errno.
 */
int iofdinfo(int fd, unsigned flags, struct _fdinfo *info, char *path,
	     int maxlen);
/*
 * fpathconf()/pathconf() answered by the resource manager (QNX's
 * _IO_PATHCONF).  glibc's fpathconf() does not reach it; these do.
 * Returns the value, -1 with errno unchanged for "no limit", or -1 and
 * errno.
 */
long resmgr_fpathconf(int fd, int name);
long resmgr_pathconf(const char *path, int name);
/*
 * QNX's mount(): ask the servers that receive mount requests (an unnamed
 * _FTYPE_MOUNT attach each) to mount @special (NULL: none) of @type on
 * @dir, with @flags (_MOUNT_*, _MFLAG_OCB) and @datalen bytes of @data
 * for the server.  Each server is asked in turn, the newest first, until
 * one answers other than ENOSYS.  Needs CAP_SYS_ADMIN.  Returns 0, or -1
 * and errno (ENODEV: no server took it).  glibc's mount(2) keeps the
 * name mount().
 */
int resmgr_mount(const char *special, const char *dir, int flags,
		 const char *type, const void *data, int datalen);
/* QNX's umount(): the same request with _MOUNT_UNMOUNT, for @dir. */
int resmgr_umount(const char *dir, int flags);
/*
 * Have @event delivered (a pulse to a connection of this process, a
 * signal, a thread) when the conditions @flags (_NOTIFY_COND_*) come
 * true on @fd, once; @action is a _NOTIFY_ACTION_*.  POLL, POLLARM and
 * CONDARM return the conditions true now, and the two arms arm only when
 * none is; TRANARM arms and returns 0.  A NULL @event disarms @flags.
 * Works on any descriptor poll(2) works on; the library delivers the
 * event from a thread of its own.  Returns -1 and errno on failure.
 */
int ionotify(int fd, int action, int flags, const struct sigevent *event);

__RESMGR_END_DECLS

#endif /* _SYS_IOMSG_H */
