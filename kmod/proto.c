// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: validation and encoding of protocol messages.
 *
 * Nothing here touches userspace memory or takes locks, so every rule
 * about what a server may send is checked in one place and covered by
 * the KUnit suite in proto_kunit.c.
 */
#include <linux/err.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/kernel.h>
#include <linux/poll.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/stat.h>
#include <linux/overflow.h>
#include <linux/string.h>
#include <kunit/visibility.h>

#include "resmgr_i.h"

/**
 * resmgr_hello_negotiate() - check a handshake and fill in the answer
 * @hello: the caller's struct, already copied in and zero-extended
 *
 * Return: 0, or -EINVAL for non-zero reserved fields, -EPROTO for a major
 * version this module does not speak.
 */
int resmgr_hello_negotiate(struct resmgr_hello *hello)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hello->reserved); i++)
		if (hello->reserved[i])
			return -EINVAL;
	/*
	 * The header sizes and max_inflight are answers: what comes in is
	 * overwritten, so a HELLO repeated with the answered struct works.
	 */
	if (hello->major != RESMGR_VERSION_MAJOR)
		return -EPROTO;

	hello->minor = RESMGR_VERSION_MINOR;
	hello->features &= RESMGR_FEAT_ALL;
	hello->in_hdr_size = sizeof(struct resmgr_in_header);
	hello->out_hdr_size = sizeof(struct resmgr_out_header);
	hello->max_inflight = resmgr_max_inflight;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_hello_negotiate);

/**
 * resmgr_attach_check() - check a server's RESMGR_IOC_ATTACH
 * @at:		the command, copied in
 * @features:	RESMGR_FEAT_* the channel negotiated
 * @mode:	gets the mode of the attach point, as the VFS will see it:
 *		a directory prefix, a regular file, or else a device-like
 *		node (S_IFCHR), with the permission bits asked for
 *
 * Return: 0; -EINVAL for unknown flags, a link id or reserved field
 * set, BEFORE with AFTER, or a mode with more than a type and
 * permissions; -EOPNOTSUPP for a union flag the channel did not
 * negotiate.
 */
int resmgr_attach_check(const struct resmgr_attach *at, u64 features,
			umode_t *mode)
{
	umode_t type;

	if (at->flags & ~RESMGR_ATTACH_ALL || at->link ||
	    memchr_inv(at->reserved, 0, sizeof(at->reserved)))
		return -EINVAL;
	/* First and last among the servers at one path: no such place. */
	if ((at->flags & RESMGR_ATTACH_BEFORE) && (at->flags & RESMGR_ATTACH_AFTER))
		return -EINVAL;
	if (at->mode & ~(S_IFMT | 07777))
		return -EINVAL;
	/* A link that only receives mount requests has no name to place. */
	if (at->flags & RESMGR_ATTACH_MOUNTS &&
	    at->flags != RESMGR_ATTACH_MOUNTS)
		return -EINVAL;
	/*
	 * A server that did not ask for unions must not get one: it would
	 * not expect a lookup it answers ENOENT to go on to another server.
	 */
	if (at->flags & RESMGR_ATTACH_UNION && !(features & RESMGR_FEAT_UNION))
		return -EOPNOTSUPP;

	/* What the VFS sees: a directory prefix, or a single name. */
	type = at->mode & S_IFMT;
	if (at->flags & RESMGR_ATTACH_DIR)
		type = S_IFDIR;
	else if (type != S_IFREG)
		type = S_IFCHR;
	*mode = type | (at->mode & 07777);
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_attach_check);

/**
 * resmgr_out_header_check() - validate the fixed part of a reply
 * @oh:  the header, copied from the server
 * @len: bytes the server actually supplied for the whole reply
 *
 * A server's error is one a system call may return: 1 to
 * RESMGR_ERRNO_MAX.  The numbers from 512 up are the kernel's own
 * (ERESTARTSYS, ENOIOCTLCMD, EOPENSTALE, EIOCBQUEUED, ...): the VFS,
 * aio and io_uring act on them, restarting a call the server already
 * carried out or waiting for a completion that never comes, so they are
 * refused like any other malformed reply (fs/fuse/dev.c does the same).
 *
 * Return: 0 if the header is well formed, -EINVAL otherwise.
 */
int resmgr_out_header_check(const struct resmgr_out_header *oh, size_t len)
{
	if (len < sizeof(*oh) || oh->len != len)
		return -EINVAL;
	if (oh->flags & ~RESMGR_OUT_F_ALL || oh->reserved)
		return -EINVAL;
	if (oh->error < 0 || oh->error > RESMGR_ERRNO_MAX)
		return -EINVAL;
	/* An error reply carries nothing else (QNX MsgError()). */
	if (oh->error && (len != sizeof(*oh) || oh->flags))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_out_header_check);

/**
 * resmgr_reply_body_len() - the body a successful reply must carry
 * @opcode: enum resmgr_opcode of the request
 *
 * Return: the body size in bytes; 0 when the opcode's reply has data of
 * variable length (READ) or nothing.
 */
u32 resmgr_reply_body_len(u16 opcode)
{
	switch (opcode) {
	case RESMGR_OP_OPEN:
	case RESMGR_OP_OPENFD:
		return sizeof(struct resmgr_open_out);
	case RESMGR_OP_LOCK:
		return sizeof(struct resmgr_lock_out);
	case RESMGR_OP_STAT:
	case RESMGR_OP_STAT_PATH:
		return sizeof(struct resmgr_stat);
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_reply_body_len);

/**
 * resmgr_reply_check() - check a reply against the request it answers
 * @opcode:	enum resmgr_opcode of the request
 * @oh:		the reply header, already through resmgr_out_header_check()
 * @payload:	bytes after the header
 * @cap:	READ: bytes the client asked for; WRITE: bytes it sent;
 *		DEVCTL, MSG: bytes the client takes back; FDINFO: room for
 *		the struct resmgr_fdinfo and the path
 *
 * Return: 0, or -EINVAL when the reply cannot be right for this request:
 * a missing or oversized body, more data than the client asked for, a
 * byte count out of range, or a reply to an event.
 */
int resmgr_reply_check(u16 opcode, const struct resmgr_out_header *oh,
		       size_t payload, size_t cap)
{
	if (opcode >= RESMGR_OP_CLOSE_OCB)
		return -EINVAL;		/* events take no reply */
	/*
	 * ECHILD and ESTALE from ->open or ->lookup make the path walk try
	 * again (without RCU, then with LOOKUP_REVAL), so the server would
	 * see the same OPEN, maybe O_CREAT|O_EXCL, two or three times.
	 * Neither means anything else for a path, so neither is taken.
	 */
	if (opcode < RESMGR_OP_READ &&
	    (oh->error == ECHILD || oh->error == ESTALE))
		return -EINVAL;
	if (oh->error)
		return 0;
	/* "Follow a symbolic link": connect messages only, nothing else. */
	if (oh->flags & RESMGR_OUT_F_SYMLINK)
		return opcode < RESMGR_OP_READ && !payload && !oh->status &&
		       !(oh->flags & ~RESMGR_OUT_F_SYMLINK) ? 0 : -EINVAL;

	switch (opcode) {
	case RESMGR_OP_OPEN:
	case RESMGR_OP_OPENFD:
	case RESMGR_OP_STAT:
	case RESMGR_OP_STAT_PATH:
	case RESMGR_OP_LOCK:
		return payload == resmgr_reply_body_len(opcode) ? 0 : -EINVAL;
	case RESMGR_OP_READ:
		if (payload > cap || oh->status < 0 || oh->status > cap)
			return -EINVAL;
		return 0;
	case RESMGR_OP_DEVCTL:
	case RESMGR_OP_MSG:
	case RESMGR_OP_MSGSEND:
	case RESMGR_OP_FDINFO:
		/*
		 * ioctl()'s value (QNX's devctl info, MsgSend()'s status, the
		 * path's full length); errors go in ->error.
		 */
		if (payload > cap || oh->status < 0 || oh->status > INT_MAX)
			return -EINVAL;
		return 0;
	case RESMGR_OP_WRITE:
		if (payload || oh->status < 0 || oh->status > cap)
			return -EINVAL;
		return 0;
	case RESMGR_OP_LSEEK:
		return payload || oh->status < 0 ? -EINVAL : 0;
	case RESMGR_OP_READLINK:
		/* The target, no NUL; status its length. */
		if (!payload || payload > cap || oh->status != payload)
			return -EINVAL;
		return 0;
	case RESMGR_OP_PATHCONF:
		/* The value; -1 is "no limit", anything lower is no value. */
		return payload || oh->status < -1 ? -EINVAL : 0;
	case RESMGR_OP_SPACE:		/* the file's new size */
	case RESMGR_OP_SYNC:
	case RESMGR_OP_CHMOD:
	case RESMGR_OP_CHOWN:
	case RESMGR_OP_UTIME:
	case RESMGR_OP_COMBINE:		/* the I/O part's reply, no body */
		return payload || oh->status < 0 ? -EINVAL : 0;
	case RESMGR_OP_NOTIFY:
		/* A mask of poll events. */
		return payload || oh->status < 0 || oh->status > U16_MAX ?
		       -EINVAL : 0;
	default:
		return payload ? -EINVAL : 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_reply_check);

/**
 * resmgr_reply_finish_check() - check what a reply put in its request
 * @opcode:	enum resmgr_opcode of the request
 * @oh:		the reply header, already through resmgr_reply_check()
 * @body:	the reply's body as copied in, for an opcode that has one
 *		(resmgr_reply_body_len())
 * @data_len:	bytes of reply data the request now holds: the reply's
 *		own and whatever RESMGR_IOC_MSGWRITE put there before it
 *
 * resmgr_reply_check() judges a reply by its header and sizes before
 * anything is copied; these rules need the copy: an OPEN's body (OPENFD's
 * is judged by its caller, which must give a malformed grant back), a
 * STAT's reserved tail, and a READ's count against the bytes that did
 * arrive.  An error or a symbolic link to follow carries no body.
 *
 * Return: 0, or -EINVAL when the reply cannot be right for this request.
 */
int resmgr_reply_finish_check(u16 opcode, const struct resmgr_out_header *oh,
			      const union resmgr_reply_body *body,
			      size_t data_len)
{
	if (oh->error || oh->flags & RESMGR_OUT_F_SYMLINK)
		return 0;
	switch (opcode) {
	case RESMGR_OP_OPEN:
		return resmgr_open_out_check(&body->open);
	case RESMGR_OP_STAT:
	case RESMGR_OP_STAT_PATH:
		return resmgr_stat_check(&body->stat);
	case RESMGR_OP_READ:
		/* A count of more bytes than it supplied. */
		return oh->status > data_len ? -EINVAL : 0;
	default:
		return 0;
	}
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_reply_finish_check);

/**
 * resmgr_ioflag_encode() - open(2) flags as QNX's connect ioflag
 * @f_flags: file->f_flags
 *
 * QNX carries the access mode as (O_ACCMODE + 1), so that read and write
 * are separate bits: 1 read, 2 write, 3 both.
 *
 * Return: the ioflag.
 */
u32 resmgr_ioflag_encode(unsigned int f_flags)
{
	unsigned int acc = f_flags & O_ACCMODE;

	/* Linux's O_ACCMODE (3) opens for neither read nor write. */
	return (f_flags & ~O_ACCMODE) | (acc == O_ACCMODE ? 0 : acc + 1);
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_ioflag_encode);

/**
 * resmgr_has_reply_data() - whether an opcode's reply carries client data
 * @opcode: enum resmgr_opcode
 *
 * Those replies have a buffer that RESMGR_IOC_MSGWRITE may fill before
 * the reply itself.
 *
 * Return: true for READ, DEVCTL, FDINFO and MSG.
 */
bool resmgr_has_reply_data(u16 opcode)
{
	switch (opcode) {
	case RESMGR_OP_READ:
	case RESMGR_OP_DEVCTL:
	case RESMGR_OP_FDINFO:
	case RESMGR_OP_MSG:
	case RESMGR_OP_MSGSEND:
		return true;
	default:
		return false;
	}
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_has_reply_data);

/**
 * resmgr_mode_check() - validate a mode a server reports for a file
 * @mode: 0 (the attach point's own type) or a file type with permission
 *	  bits and nothing else
 *
 * Return: 0, or -EINVAL for a mode that is no file type.
 */
int resmgr_mode_check(u32 mode)
{
	if (!mode)
		return 0;
	if (mode & ~(S_IFMT | 07777))
		return -EINVAL;
	switch (mode & S_IFMT) {
	case S_IFREG:
	case S_IFDIR:
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFLNK:
	case S_IFSOCK:
		return 0;
	default:
		return -EINVAL;
	}
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_mode_check);

/**
 * resmgr_server_mode() - a mode from a STAT or STAT_PATH reply as an
 *			  inode's
 * @mode:	the server's mode; no type means a regular file
 * @out:	gets the mode with its type
 *
 * Return: 0, or -EIO for a mode that is no file type.
 */
int resmgr_server_mode(u32 mode, umode_t *out)
{
	if (!(mode & S_IFMT))
		mode |= S_IFREG;
	if (resmgr_mode_check(mode))
		return -EIO;
	*out = mode;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_server_mode);

/**
 * resmgr_open_out_check() - validate the body of an OPEN or OPENFD reply
 * @out: the body
 *
 * @ocb is the server's handle, never 0; @mode passes resmgr_mode_check();
 * @size and @node are zero unless their flags say them, and a node said
 * is not zero.  A node from a channel that did not negotiate
 * RESMGR_FEAT_OPEN_NODE is not used (resmgr_node_inode()).
 *
 * Return: 0, or -EINVAL for a zero handle, unknown flags, a size or node
 * its flag does not go with, or a mode that is no file type.
 */
int resmgr_open_out_check(const struct resmgr_open_out *out)
{
	/* 0 is the kernel's "no OCB": such a grant could never be closed. */
	if (!out->ocb || out->flags & ~RESMGR_OPEN_ALL)
		return -EINVAL;
	/* A size or node only with the flag that says it is one. */
	if (out->size && !(out->flags & RESMGR_OPEN_SIZE))
		return -EINVAL;
	/* 0 is "no node" to the kernel (see resmgr_node_inode()). */
	if (!out->node != !(out->flags & RESMGR_OPEN_NODE))
		return -EINVAL;
	return resmgr_mode_check(out->mode);
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_open_out_check);

/**
 * resmgr_stat_check() - validate the body of a STAT or STAT_PATH reply
 * @st: the body
 *
 * Return: 0, or -EINVAL for a non-zero reserved field: it is kept for
 * fields a later feature bit defines, and a server that fills it now
 * would silently change meaning then.
 */
int resmgr_stat_check(const struct resmgr_stat *st)
{
	return memchr_inv(st->reserved, 0, sizeof(st->reserved)) ? -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_stat_check);

/**
 * resmgr_lock_out_check() - validate the body of a LOCK reply to GET
 * @lo: the body
 *
 * The range must be one a struct file_lock can hold: start >= 0, len >= 0
 * (0: to the end of the file) and start + len - 1 within loff_t.
 *
 * Return: 0, or -EINVAL.
 */
int resmgr_lock_out_check(const struct resmgr_lock_out *lo)
{
	s64 end;

	if (lo->reserved)
		return -EINVAL;
	if (lo->type == F_UNLCK)
		return 0;
	if (lo->type != F_RDLCK && lo->type != F_WRLCK)
		return -EINVAL;
	if (lo->start < 0 || lo->len < 0 ||
	    check_add_overflow(lo->start, lo->len, &end))
		return -EINVAL;
	return 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_lock_out_check);

/**
 * resmgr_dirent_check() - validate one record of a directory READ reply
 * @data:	the reply's data, from the record on
 * @len:	bytes of @data
 * @rec:	gets the record's fixed part
 *
 * The record must lie within @data: its length a multiple of 8 that holds
 * the struct, the name and its NUL; the name 1 to 255 bytes with no '/'
 * and no NUL inside, NUL-terminated; reserved bytes zero; the next
 * position not negative; the type a DT_* value (4 bits).
 *
 * Return: the record's length, or -EIO for a record that is not one.
 */
int resmgr_dirent_check(const void *data, size_t len,
			struct resmgr_dirent *rec)
{
	const char *name = (const char *)data + sizeof(*rec);
	unsigned int i;

	if (len < sizeof(*rec))
		return -EIO;
	memcpy(rec, data, sizeof(*rec));
	if (rec->reclen % 8 || rec->reclen > len ||
	    rec->namelen < 1 || rec->namelen > 255 ||
	    sizeof(*rec) + rec->namelen + 1 > rec->reclen)
		return -EIO;
	if (rec->reserved[0] || rec->reserved[1] || rec->reserved[2] ||
	    rec->next < 0 || rec->type > 15)
		return -EIO;
	if (name[rec->namelen] || memchr(name, '/', rec->namelen) ||
	    memchr(name, 0, rec->namelen))
		return -EIO;
	for (i = rec->namelen + 1; sizeof(*rec) + i < rec->reclen; i++)
		if (name[i])
			return -EIO;
	return rec->reclen;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_dirent_check);

/**
 * resmgr_readlink_check() - validate a READLINK reply's target
 * @target:	the reply's data
 * @len:	its length, the reply's status (resmgr_reply_check() made
 *		them agree, 1 to the room asked for)
 *
 * A path has no NUL inside: one would cut the target the VFS follows
 * short of what the server said.
 *
 * Return: 0, or -EIO for a target with a NUL in its @len bytes.
 */
int resmgr_readlink_check(const char *target, size_t len)
{
	return memchr(target, 0, len) ? -EIO : 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_readlink_check);

/**
 * resmgr_fdinfo_reply_check() - validate what an FDINFO reply brought
 * @data_len:	bytes of reply data the request holds (the reply's own and
 *		what RESMGR_IOC_MSGWRITE put there)
 *
 * The data starts with a struct resmgr_fdinfo, which the client is
 * given whole; the path after it may be missing or cut.
 *
 * Return: 0, or -EIO when the server answered without the info.
 */
int resmgr_fdinfo_reply_check(size_t data_len)
{
	return data_len < sizeof(struct resmgr_fdinfo) ? -EIO : 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_fdinfo_reply_check);

/* The events a server may report with RESMGR_IOC_NOTIFY. */
#define RESMGR_NOTIFY_EVENTS	((__force u32)(EPOLLIN | EPOLLPRI | EPOLLOUT | \
					       EPOLLERR | EPOLLHUP | EPOLLRDNORM | \
					       EPOLLRDBAND | EPOLLWRNORM | \
					       EPOLLWRBAND | EPOLLRDHUP))

/**
 * resmgr_notify_check() - validate a server's RESMGR_IOC_NOTIFY
 * @n:	the command, copied in
 *
 * Only readiness may be reported: POLLFREE would tell epoll, aio and
 * io_uring that the wait queue is being freed, and they would stop
 * listening.
 *
 * Return: 0, or -EINVAL for another event bit or a non-zero reserved
 * field.
 */
int resmgr_notify_check(const struct resmgr_notify *n)
{
	return n->events & ~RESMGR_NOTIFY_EVENTS || n->reserved ? -EINVAL : 0;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_notify_check);

/**
 * resmgr_sched_inherit() - what a receiver runs at for a sender
 * @sender:	the sender's scheduling when it sent
 * @out:	gets what the receiving thread is set to
 *
 * The receiver takes the sender's policy and priority, up or down, as
 * on QNX: a client never makes its server run above itself.  SCHED_IDLE
 * is taken as nice 19 (an idle-class server thread would stall whoever
 * waits on what it holds); SCHED_DEADLINE is not inherited, since a
 * budget and period belong to one task and cannot be lent.  The
 * receiver gets SCHED_RESET_ON_FORK, so a child it forks meanwhile does
 * not keep the priority it was lent.
 *
 * Return: false if nothing is inherited (deadline or unknown policy).
 */
bool resmgr_sched_inherit(const struct resmgr_sched *sender,
			  struct resmgr_sched *out)
{
	*out = (struct resmgr_sched){ .reset_on_fork = true };
	switch (sender->policy) {
	case SCHED_FIFO:
	case SCHED_RR:
		if (!sender->rt_prio || sender->rt_prio >= MAX_RT_PRIO)
			return false;
		out->policy = sender->policy;
		out->rt_prio = sender->rt_prio;
		return true;
	case SCHED_NORMAL:
	case SCHED_BATCH:
		out->policy = sender->policy;
		out->nice = clamp(sender->nice, MIN_NICE, MAX_NICE);
		return true;
	case SCHED_IDLE:
		out->policy = SCHED_NORMAL;
		out->nice = MAX_NICE;
		return true;
	default:
		return false;
	}
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_sched_inherit);

/**
 * resmgr_pulse_sched() - what a receiver runs at for a pulse
 * @prio:	the priority the sender gave the pulse: 1..99 a SCHED_FIFO
 *		priority (more is taken as 99), 0 or less its own
 * @own:	the sender's own scheduling
 * @rtprio_max:	the highest SCHED_FIFO priority the sender may set for
 *		itself besides its own: its RLIMIT_RTPRIO, or 99 with
 *		CAP_SYS_NICE
 * @out:	gets what the receiving thread is set to
 *
 * A pulse's priority is the sender's word, so it is clamped to what the
 * sender could have given itself with sched_setscheduler(2); a sender
 * that may set no real-time priority at all lends its own scheduling.
 *
 * Return: false if nothing is inherited (see resmgr_sched_inherit()).
 */
bool resmgr_pulse_sched(s32 prio, const struct resmgr_sched *own,
			u32 rtprio_max, struct resmgr_sched *out)
{
	u32 allowed = min_t(u32, rtprio_max, MAX_RT_PRIO - 1);

	if (own->policy == SCHED_FIFO || own->policy == SCHED_RR)
		allowed = max(allowed, own->rt_prio);
	if (prio > 0 && allowed) {
		*out = (struct resmgr_sched){
			.policy = SCHED_FIFO,
			.rt_prio = min_t(u32, prio, allowed),
			.reset_on_fork = true,
		};
		return true;
	}
	return resmgr_sched_inherit(own, out);
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_pulse_sched);
