/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/iofunc.h> - the POSIX layer: per-name attributes (iofunc_attr_t),
 * per-open state (iofunc_ocb_t), per-mount data (iofunc_mount_t), and
 * default handlers that give a name POSIX file behaviour.
 *
 * A resource manager that keeps more per-name or per-open state than
 * these defines, before including this header,
 *
 *	#define IOFUNC_ATTR_T	struct my_attr	(starts with an iofunc_attr_t)
 *	#define IOFUNC_OCB_T	struct my_ocb	(starts with an iofunc_ocb_t)
 *	#define IOFUNC_MOUNT_T	struct my_mount	(starts with an iofunc_mount_t)
 *
 * and the iofunc_funcs_t hooks and the links between the structures
 * (ocb->attr, attr->mount) take those types; the iofunc_*() helpers keep
 * taking the base types, as on QNX.  As on QNX, only this header binds
 * them, and it makes RESMGR_HANDLE_T and RESMGR_OCB_T (the handler
 * tables' types, <sys/resmgr.h>) IOFUNC_ATTR_T and IOFUNC_OCB_T unless
 * they are defined already: included after <sys/resmgr.h> or
 * <sys/dispatch.h>, the handler tables stay void.
 */
#ifndef _SYS_IOFUNC_H
#define _SYS_IOFUNC_H

#include <sys/resmgr_cdefs.h>
#include <pthread.h>
#include <stdint.h>
#include <time.h>
#include <sys/stat.h>		/* S_IFNAM (libresmgr's compat/sys/stat.h) */
#include <sys/types.h>

#ifndef IOFUNC_ATTR_T
#define IOFUNC_ATTR_T	struct _iofunc_attr
#endif
#ifndef IOFUNC_OCB_T
#define IOFUNC_OCB_T	struct _iofunc_ocb
#endif
#ifndef IOFUNC_MOUNT_T
#define IOFUNC_MOUNT_T	struct _iofunc_mount
#endif
#ifndef RESMGR_HANDLE_T
#define RESMGR_HANDLE_T	IOFUNC_ATTR_T
#endif
#ifndef RESMGR_OCB_T
#define RESMGR_OCB_T	IOFUNC_OCB_T
#endif

/* File-scope declarations of the types (see <sys/resmgr.h>). */
typedef IOFUNC_ATTR_T __iofunc_attr_type;
typedef IOFUNC_OCB_T __iofunc_ocb_type;
typedef IOFUNC_MOUNT_T __iofunc_mount_type;

#include <sys/resmgr.h>

__RESMGR_BEGIN_DECLS

/* iofunc_attr_t.flags */
#define IOFUNC_ATTR_ATIME	0x0010u	/* atime must be set to now */
#define IOFUNC_ATTR_MTIME	0x0020u	/* mtime must be set to now */
#define IOFUNC_ATTR_CTIME	0x0040u	/* ctime must be set to now */
#define IOFUNC_ATTR_DIRTY_TIME	0x1000u	/* times changed since last written out */
#define IOFUNC_ATTR_DIRTY_SIZE	0x2000u
#define IOFUNC_ATTR_DIRTY_MODE	0x4000u
#define IOFUNC_ATTR_DIRTY_OWNER	0x8000u
#define IOFUNC_ATTR_DIRTY_NLINK	0x10000u
#define IOFUNC_ATTR_SYNTHETIC	0x20000u	/* not backed by storage */
#define IOFUNC_ATTR_DIRTY_MASK	(IOFUNC_ATTR_DIRTY_TIME | \
				 IOFUNC_ATTR_DIRTY_SIZE | \
				 IOFUNC_ATTR_DIRTY_MODE | \
				 IOFUNC_ATTR_DIRTY_OWNER | \
				 IOFUNC_ATTR_DIRTY_NLINK)

/* iofunc_mount_t.flags (the low bits are mount(2)'s MS_* flags) */
#define _MOUNT_READONLY		0x0001u	/* Linux MS_RDONLY */

/* iofunc_mount_t.conf */
#define IOFUNC_PC_CHOWN_RESTRICTED	0x0100u
#define IOFUNC_PC_NO_TRUNC		0x0200u
#define IOFUNC_PC_SYNC_IO		0x0400u
#define IOFUNC_PC_LINK_DIR		0x0800u

/* iofunc_ocb_detach() result */
#define IOFUNC_OCB_LAST_INUSE	0x0100u
#define IOFUNC_OCB_LAST_READER	0x0200u
#define IOFUNC_OCB_LAST_WRITER	0x0400u
#define IOFUNC_OCB_LAST_RDLOCK	0x0800u
#define IOFUNC_OCB_LAST_WRLOCK	0x1000u

/* iofunc_ocb_t.flags */
#define IOFUNC_OCB_PRIVILEGED	0x0010u
#define IOFUNC_OCB_FLAGS_PRIVATE 0xff00u	/* for the resource manager's use */

/*
 * Per-mount hooks: a larger OCB (ocb_calloc/ocb_free) and a different
 * attr lock.  Set @nfuncs to _IOFUNC_NFUNCS, or to the number of hooks
 * given from the start of the list.
 */
typedef struct _iofunc_funcs {
	unsigned nfuncs;
	IOFUNC_OCB_T *(*ocb_calloc)(resmgr_context_t *ctp, IOFUNC_ATTR_T *attr);
	void (*ocb_free)(IOFUNC_OCB_T *ocb);
	int (*attr_lock)(IOFUNC_ATTR_T *attr);
	int (*attr_unlock)(IOFUNC_ATTR_T *attr);
	int (*attr_trylock)(IOFUNC_ATTR_T *attr);
} iofunc_funcs_t;

#define _IOFUNC_NFUNCS	5

typedef struct _iofunc_mount {
	uint32_t flags;		/* _MOUNT_* */
	uint32_t conf;		/* IOFUNC_PC_* */
	dev_t dev;		/* st_dev; 0: the kernel's */
	int32_t blocksize;	/* st_blksize; 0: 512 */
	iofunc_funcs_t *funcs;
} iofunc_mount_t;

/*
 * The record locks on a name and their waiters (the library's; records
 * of it come from iofunc_lock_calloc()).
 */
struct _iofunc_lock_list;
typedef struct _iofunc_lock_list iofunc_lock_list_t;

/* Per-name attributes. */
typedef struct _iofunc_attr {
	IOFUNC_MOUNT_T *mount;
	uint32_t flags;		/* IOFUNC_ATTR_* */
	pthread_mutex_t lock;	/* recursive; iofunc_attr_lock() */
	uint32_t count;		/* OCBs open on it */
	uint32_t rcount;	/* ... for reading */
	uint32_t wcount;	/* ... for writing */
	uint32_t rlocks;	/* ... denying others reading */
	uint32_t wlocks;	/* ... denying others writing */
	int64_t nbytes;		/* size */
	uint64_t inode;		/* st_ino; 0: made up from the attr's address */
	uid_t uid;
	gid_t gid;
	time_t mtime;
	time_t atime;
	time_t ctime;
	uint32_t mtime_ns;
	uint32_t atime_ns;
	uint32_t ctime_ns;
	mode_t mode;
	nlink_t nlink;
	dev_t rdev;
	struct _iofunc_lock_list *lock_list;	/* fcntl() locks: iofunc_lock() */
} iofunc_attr_t;

/* Per-open state. */
typedef struct _iofunc_ocb {
	IOFUNC_ATTR_T *attr;
	int32_t ioflag;		/* open flags, access mode as _IO_FLAG_* */
	uint16_t sflag;
	uint16_t flags;		/* IOFUNC_OCB_* */
	int64_t offset;		/* file position */
} iofunc_ocb_t;

/*
 * Notification lists (select/poll/epoll).  A resource keeps one list per
 * condition, iofunc_notify_t notify[3], indexed by IOFUNC_NOTIFY_INPUT,
 * _OUTPUT and _OBAND, set up with IOFUNC_NOTIFY_INIT(notify).  Each
 * armed entry is one open's waiters wanting that condition, with a
 * threshold count; @cnt is the lowest threshold on the list.
 *
 * The lists are the resource's state: use them under the attr lock
 * (io handlers run with it held; elsewhere iofunc_attr_lock()), as on
 * QNX.  The library's own list changes are also made under a lock of
 * its own, so they stay consistent whatever thread makes them.
 */
#define IOFUNC_NOTIFY_INPUT	0
#define IOFUNC_NOTIFY_OUTPUT	1
#define IOFUNC_NOTIFY_OBAND	2

typedef struct _iofunc_notify_event {
	struct _iofunc_notify_event *next;
	int chid;		/* the channel (dispatch) descriptor */
	uint32_t kh;		/* the kernel's handle for the open's waiters */
	uint64_t handle;	/* the open (OCB binding) that armed */
	int cnt;		/* fire once at least this many are available */
	int flags;		/* _NOTIFY_COND_* asked for */
} iofunc_notify_event_t;

typedef struct _iofunc_notify {
	int cnt;		/* lowest threshold of the armed entries */
	iofunc_notify_event_t *list;
} iofunc_notify_t;

#define IOFUNC_NOTIFY_INIT(_nop) \
	((_nop)[IOFUNC_NOTIFY_INPUT].cnt = (_nop)[IOFUNC_NOTIFY_OUTPUT].cnt = \
	 (_nop)[IOFUNC_NOTIFY_OBAND].cnt = 0, \
	 (_nop)[IOFUNC_NOTIFY_INPUT].list = (_nop)[IOFUNC_NOTIFY_OUTPUT].list = \
	 (_nop)[IOFUNC_NOTIFY_OBAND].list = NULL)

/*
 * IOFUNC_NOTIFY_INPUT_CHECK(nop, cnt[, tran]) and the OUTPUT and OBAND
 * ones: is anyone armed on that list whom @cnt available items would
 * wake?  With @tran (a transition, e.g. empty to not empty) true, anyone
 * armed.  QNX's code calls them with two arguments (nop, cnt), which is
 * @tran 0; the three-argument form is accepted too.
 */
#define __IOFUNC_NOTIFY_CHECK(_nop, _i, _cnt, _tran) \
	((_nop)[_i].list != NULL && ((_tran) || (_nop)[_i].cnt <= (_cnt)))
#define __IOFUNC_NOTIFY_ARGS(_1, _2, _3, _which, ...)	_which
#define __IOFUNC_NOTIFY_CHECK2(_i, _nop, _cnt) \
	__IOFUNC_NOTIFY_CHECK(_nop, _i, _cnt, 0)
#define __IOFUNC_NOTIFY_CHECK3(_i, _nop, _cnt, _tran) \
	__IOFUNC_NOTIFY_CHECK(_nop, _i, _cnt, _tran)
#define __IOFUNC_NOTIFY_CHECKN(_i, ...) \
	__IOFUNC_NOTIFY_ARGS(__VA_ARGS__, __IOFUNC_NOTIFY_CHECK3, \
			     __IOFUNC_NOTIFY_CHECK2, ~)(_i, __VA_ARGS__)
#define IOFUNC_NOTIFY_INPUT_CHECK(...) \
	__IOFUNC_NOTIFY_CHECKN(IOFUNC_NOTIFY_INPUT, __VA_ARGS__)
#define IOFUNC_NOTIFY_OUTPUT_CHECK(...) \
	__IOFUNC_NOTIFY_CHECKN(IOFUNC_NOTIFY_OUTPUT, __VA_ARGS__)
#define IOFUNC_NOTIFY_OBAND_CHECK(...) \
	__IOFUNC_NOTIFY_CHECKN(IOFUNC_NOTIFY_OBAND, __VA_ARGS__)

/*
 * The notify handler's helper: @trig are the _NOTIFY_COND_* true now.
 * Replies the asked conditions that are true; when none is (POLLARM,
 * CONDARM) or always (TRANARM), arms the open on the lists of the asked
 * conditions, with the thresholds @notifycounts[index] (NULL: 1), sets
 * *@armed and replies no conditions.  Return its value from the handler.
 */
int iofunc_notify(resmgr_context_t *ctp, io_notify_t *msg,
		  iofunc_notify_t *nop, int trig, const int *notifycounts,
		  int *armed);
/* Wake (once) everyone armed on nop[@index] with a threshold <= @cnt. */
void iofunc_notify_trigger(iofunc_notify_t *nop, int cnt, int index);
/* The same, for the open the current message is about only. */
void iofunc_notify_trigger_strict(resmgr_context_t *ctp, iofunc_notify_t *nop,
				  int cnt, int index);
/* Disarm the current message's open on the 3 lists (e.g. in close_ocb). */
void iofunc_notify_remove(resmgr_context_t *ctp, iofunc_notify_t *nop);
/* ... on the first @lim lists. */
void iofunc_notify_remove_strict(resmgr_context_t *ctp, iofunc_notify_t *nop,
				 int lim);

/*
 * As on QNX, the helpers take the base types; a resource manager with
 * extended types passes &ocb->hdr (or casts).
 */
void iofunc_func_init(unsigned nconnect, resmgr_connect_funcs_t *connect,
		      unsigned nio, resmgr_io_funcs_t *io);

void iofunc_attr_init(iofunc_attr_t *attr, mode_t mode, iofunc_attr_t *dattr,
		      struct _client_info *info);
int iofunc_attr_lock(iofunc_attr_t *attr);
int iofunc_attr_unlock(iofunc_attr_t *attr);
int iofunc_attr_trylock(iofunc_attr_t *attr);
int iofunc_time_update(iofunc_attr_t *attr);

int iofunc_client_info(resmgr_context_t *ctp, int ioflag,
		       struct _client_info *info);
int iofunc_check_access(resmgr_context_t *ctp, const iofunc_attr_t *attr,
			mode_t checkmode, const struct _client_info *info);

int iofunc_open(resmgr_context_t *ctp, io_open_t *msg, iofunc_attr_t *attr,
		iofunc_attr_t *dattr, struct _client_info *info);
int iofunc_open_default(resmgr_context_t *ctp, io_open_t *msg,
			iofunc_attr_t *attr, void *extra);

/*
 * Directories.  The helpers check, and account for the change; the
 * handler owns the directory's entries and changes them after EOK.
 * @dattr is the directory holding the name, @info the client (NULL: the
 * current request's).  Adding or removing a name needs write and search
 * permission on @dattr (EACCES), a directory (ENOTDIR) on a writable
 * mount (EROFS); in a sticky (S_ISVTX) directory only the name's owner,
 * the directory's owner or root may remove or replace it (EPERM).
 *
 * iofunc_unlink: @attr the name (NULL: ENOENT).  rmdir (msg mode
 *	S_IFDIR) of a non-directory: ENOTDIR; unlink of a directory:
 *	EISDIR.  Whether a directory is empty (ENOTEMPTY) is the handler's
 *	to check.  Drops @attr's nlink (a directory's to 0, and @dattr's
 *	by its ".."); the handler
 *	removes the entry and frees @attr when nlink and count are 0.
 * iofunc_rename: the old name (NULL: ENOENT) may go from @olddattr, and
 *	a name may be made in @newdattr; an existing @newattr may be
 *	replaced (a directory only by a directory: EISDIR/ENOTDIR).  The
 *	handler moves the entry (and drops the replaced one; refusing a
 *	directory moved below itself or over a non-empty one).
 * iofunc_mknod, iofunc_link: @attr the name if it exists (EEXIST).
 *	mknod takes directories, files, FIFOs, sockets and device nodes
 *	(else EINVAL; a directory adds its ".." to @dattr's nlink); the
 *	handler makes the attr with iofunc_attr_init(
 *	attr, msg->connect.mode, dattr, info).  A hard link's file is
 *	extra->ocb (link(2) of a directory is the handler's EPERM).
 * iofunc_readlink: @attr must be a symbolic link (EINVAL) the client
 *	may read (EACCES); the handler replies its target (see
 *	io_readlink_t in <sys/iomsg.h>).
 */
int iofunc_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
		  iofunc_attr_t *attr, iofunc_attr_t *dattr,
		  struct _client_info *info);
int iofunc_rename(resmgr_context_t *ctp, io_rename_t *msg,
		  iofunc_attr_t *oldattr, iofunc_attr_t *olddattr,
		  iofunc_attr_t *newattr, iofunc_attr_t *newdattr,
		  struct _client_info *info);
int iofunc_mknod(resmgr_context_t *ctp, io_mknod_t *msg, iofunc_attr_t *attr,
		 iofunc_attr_t *dattr, struct _client_info *info);
int iofunc_link(resmgr_context_t *ctp, io_link_t *msg, iofunc_attr_t *attr,
		iofunc_attr_t *dattr, struct _client_info *info);
int iofunc_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		    iofunc_attr_t *attr, struct _client_info *info);

iofunc_ocb_t *iofunc_ocb_calloc(resmgr_context_t *ctp, iofunc_attr_t *attr);
void iofunc_ocb_free(iofunc_ocb_t *ocb);
int iofunc_ocb_attach(resmgr_context_t *ctp, io_open_t *msg,
		      iofunc_ocb_t *ocb, iofunc_attr_t *attr,
		      const resmgr_io_funcs_t *io_funcs);
int iofunc_ocb_detach(resmgr_context_t *ctp, iofunc_ocb_t *ocb);
int iofunc_close_ocb_default(resmgr_context_t *ctp, void *reserved,
			     iofunc_ocb_t *ocb);
/*
 * What iofunc_close_ocb_default() does (drop the open's locks, detach
 * it from @attr, free it), for a close_ocb handler of one's own.  @attr
 * is ocb->attr (or NULL); another one is EINVAL.
 */
int iofunc_close_ocb(resmgr_context_t *ctp, iofunc_ocb_t *ocb,
		     iofunc_attr_t *attr);
int iofunc_close_dup_default(resmgr_context_t *ctp, io_close_t *msg,
			     iofunc_ocb_t *ocb);
int iofunc_lock_ocb_default(resmgr_context_t *ctp, void *reserved,
			    iofunc_ocb_t *ocb);
int iofunc_unlock_ocb_default(resmgr_context_t *ctp, void *reserved,
			      iofunc_ocb_t *ocb);

int iofunc_read_verify(resmgr_context_t *ctp, io_read_t *msg,
		       iofunc_ocb_t *ocb, int *nonblock);
int iofunc_write_verify(resmgr_context_t *ctp, io_write_t *msg,
			iofunc_ocb_t *ocb, int *nonblock);
int iofunc_read_default(resmgr_context_t *ctp, io_read_t *msg,
			iofunc_ocb_t *ocb);
int iofunc_write_default(resmgr_context_t *ctp, io_write_t *msg,
			 iofunc_ocb_t *ocb);

int iofunc_stat(resmgr_context_t *ctp, iofunc_attr_t *attr, struct stat *st);

/*
 * Layouts of a stat reply.  Linux has one struct stat, which every
 * request gets: iofunc_stat_format() says _STAT_FORM_PREFERRED.
 */
#define _STAT_FORM_UNSET	0u
#define _STAT_FORM_PREFERRED	1u
int iofunc_stat_format(resmgr_context_t *ctp, iofunc_attr_t *attr,
		       unsigned *format, struct stat *st, unsigned *len);
int iofunc_stat_default(resmgr_context_t *ctp, io_stat_t *msg,
			iofunc_ocb_t *ocb);

/*
 * DCMD_ALL_GETFLAGS and DCMD_ALL_SETFLAGS (<sys/dcmd_all.h>); any other
 * command: _RESMGR_DEFAULT, which the handler answers itself or returns
 * (the client then gets ENOTTY).
 */
int iofunc_devctl(resmgr_context_t *ctp, io_devctl_t *msg, iofunc_ocb_t *ocb,
		  iofunc_attr_t *attr);
int iofunc_devctl_default(resmgr_context_t *ctp, io_devctl_t *msg,
			  iofunc_ocb_t *ocb);

/*
 * A client whose request the server holds was signalled; ctp->rcvid is
 * that request.  Answers _RESMGR_DEFAULT: see iofunc_unblock.c.
 */
int iofunc_unblock(resmgr_context_t *ctp, iofunc_attr_t *attr);
int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
			   iofunc_ocb_t *ocb);

int iofunc_lseek(resmgr_context_t *ctp, io_lseek_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr);
int iofunc_lseek_default(resmgr_context_t *ctp, io_lseek_t *msg,
			 iofunc_ocb_t *ocb);


/*
 * chmod: the owner or root may; the file type bits stay; a non-root
 * owner not in the file's group loses S_ISGID (POSIX).  EROFS on a
 * read-only mount unless the attr is IOFUNC_ATTR_SYNTHETIC.
 */
int iofunc_chmod(resmgr_context_t *ctp, io_chmod_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr);
int iofunc_chmod_default(resmgr_context_t *ctp, io_chmod_t *msg,
			 iofunc_ocb_t *ocb);
/*
 * chown: -1 leaves an id.  With _POSIX_CHOWN_RESTRICTED (the mount's
 * IOFUNC_PC_CHOWN_RESTRICTED, or no mount) only root changes the owner,
 * and the owner may only change the group to one of its own; without
 * it the owner may give the file away.  A non-root change clears
 * S_ISUID and S_ISGID.
 */
int iofunc_chown(resmgr_context_t *ctp, io_chown_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr);
int iofunc_chown_default(resmgr_context_t *ctp, io_chown_t *msg,
			 iofunc_ocb_t *ocb);
/*
 * utime: "now" (cur_flag) needs the owner, root or write permission;
 * explicit times the owner or root.  Sets the times asked and ctime.
 */
int iofunc_utime(resmgr_context_t *ctp, io_utime_t *msg, iofunc_ocb_t *ocb,
		 iofunc_attr_t *attr);
int iofunc_utime_default(resmgr_context_t *ctp, io_utime_t *msg,
			 iofunc_ocb_t *ocb);

/*
 * sync: iofunc_sync_verify() is EINVAL unless the mount has
 * IOFUNC_PC_SYNC_IO and @msg's flag is O_SYNC or O_DSYNC (so, as on QNX,
 * fsync() on a name without such a mount fails EINVAL, as on a Linux
 * file system without fsync).  iofunc_sync() says what a write on this
 * open must wait for: O_SYNC, O_DSYNC or 0.
 */
int iofunc_sync_verify(resmgr_context_t *ctp, io_sync_t *msg,
		       iofunc_ocb_t *ocb);
int iofunc_sync(resmgr_context_t *ctp, iofunc_ocb_t *ocb, int ioflag);
int iofunc_sync_default(resmgr_context_t *ctp, io_sync_t *msg,
			iofunc_ocb_t *ocb);

/*
 * space (ftruncate, truncate, fallocate): the checks a space handler
 * starts with.  EBADF unless the open is for writing (for truncate() by
 * path: EACCES unless the client may write the file), EISDIR, EROFS,
 * EINVAL for a bad range or subtype.  Then the handler changes its
 * storage and attr->nbytes (F_FREESP with len 0: the size becomes start;
 * F_ALLOCSP without _IO_SPACE_KEEP_SIZE: at least start + len), sets
 * IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME | IOFUNC_ATTR_DIRTY_SIZE, and
 * replies the new size with _IO_SET_SPACE_SIZE().  There is no default
 * handler, as on QNX: without one the client gets EOPNOTSUPP/ENOSYS.
 */
int iofunc_space_verify(resmgr_context_t *ctp, io_space_t *msg,
			iofunc_ocb_t *ocb, int *nonblock);

/*
 * fcntl() record locks, on attr->lock_list: F_GETLK reports the first
 * conflicting lock and its holder's pid; F_SETLK fails EAGAIN on a
 * conflict; F_SETLKW is held (_RESMGR_NOREPLY) and answered when the
 * range is free, or EINTR when the client is signalled
 * (iofunc_unblock_default).  POSIX locks belong to the process and go
 * at any of its closes (iofunc_close_dup_default); OFD locks belong to
 * the open and go at its last close (iofunc_close_ocb_default).  Using
 * iofunc_lock_default needs those three defaults too, as on QNX.
 */
int iofunc_lock(resmgr_context_t *ctp, io_lock_t *msg, iofunc_ocb_t *ocb,
		iofunc_attr_t *attr);
int iofunc_lock_default(resmgr_context_t *ctp, io_lock_t *msg,
			iofunc_ocb_t *ocb);
/*
 * Every record the lock layer keeps (a lock, a waiter, a name's list)
 * comes from iofunc_lock_calloc() (@size zeroed bytes; NULL and ENOMEM)
 * and goes back to iofunc_lock_free() with the same @size.  The library's
 * are calloc() and free(); a server may define both itself (a pool of
 * its own), as on QNX.  @ctp and @ocb are the request that makes the
 * record (for a waiter granted when another open lets go: that one's
 * context and the waiter's open).
 */
iofunc_lock_list_t *iofunc_lock_calloc(resmgr_context_t *ctp,
				       IOFUNC_OCB_T *ocb, size_t size);
void iofunc_lock_free(iofunc_lock_list_t *lock, size_t size);

/*
 * pathconf: the value of _PC_* @msg->i.name for this name, from its type
 * and the mount's IOFUNC_PC_* (no mount: CHOWN_RESTRICTED and NO_TRUNC);
 * -1 for "no limit".  A name it does not know: _RESMGR_DEFAULT (the
 * default handler answers EINVAL, as pathconf() does).
 */
int iofunc_pathconf(resmgr_context_t *ctp, io_pathconf_t *msg,
		    iofunc_ocb_t *ocb, iofunc_attr_t *attr);
int iofunc_pathconf_default(resmgr_context_t *ctp, io_pathconf_t *msg,
			    iofunc_ocb_t *ocb);

/*
 * openfd: may this open be opened again with @msg's flags (no wider
 * access, _IO_OPENFD_NONE)?  The default makes a new OCB on the same
 * attr with the same handlers.
 */
int iofunc_openfd(resmgr_context_t *ctp, io_openfd_t *msg, iofunc_ocb_t *ocb,
		  iofunc_attr_t *attr);
int iofunc_openfd_default(resmgr_context_t *ctp, io_openfd_t *msg,
			  iofunc_ocb_t *ocb);

/*
 * fdinfo: fill @info from the open and its attr.  The default replies
 * it with the path the open was made by (as much as the receive buffer
 * and the client's room hold; the status is its full length).
 */
int iofunc_fdinfo(resmgr_context_t *ctp, iofunc_ocb_t *ocb,
		  iofunc_attr_t *attr, struct _fdinfo *info);
int iofunc_fdinfo_default(resmgr_context_t *ctp, io_fdinfo_t *msg,
			  iofunc_ocb_t *ocb);

__RESMGR_END_DECLS

#endif /* _SYS_IOFUNC_H */
