/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * resmgr: QNX-style resource managers on Linux.
 *
 * This is the only ABI between resmgr.ko and userspace.  A server opens
 * /dev/resmgr (a "channel"), negotiates the protocol with
 * RESMGR_IOC_HELLO, attaches paths with RESMGR_IOC_ATTACH + mount(2), and
 * then receives requests and replies to them with RESMGR_IOC_XFER.
 *
 * Every request the kernel hands to a server starts with a
 * struct resmgr_in_header; every reply starts with a struct
 * resmgr_out_header.  Both carry the total length, so a reader can always
 * skip a message it does not understand, and the request id ("unique")
 * that ties a reply to its request, like netlink's nlmsg_seq.
 *
 * Rules that keep this header extensible:
 *  - all fields are fixed width and naturally aligned, every struct is a
 *    multiple of 8 bytes, padding is explicit;
 *  - reserved fields and flag bits must be zero and the kernel rejects
 *    anything else, so they can be given meaning later; a flag is
 *    accepted only by the kernel version that implements it;
 *  - every ioctl argument starts with its own size (see "General ioctl
 *    format" below), so a struct grows at its end without a new number;
 *  - new behaviour is switched on by a RESMGR_FEAT_* bit negotiated in
 *    RESMGR_IOC_HELLO, never by guessing from a version number; reply
 *    bodies that may grow carry reserved space for it.
 *
 * Field-by-field documentation: Documentation/resmgr.rst.
 *
 * Protocol changelog
 *
 * 1.0: channel; HELLO, ATTACH, DETACH, XFER, MSGREAD, MSGWRITE, MSGINFO;
 *      OPEN, READ, WRITE, STAT, LSEEK, CLOSE_DUP, CLOSE_OCB, UNBLOCK,
 *      DISCONNECT; later, without a version change: NOTIFY and
 *      RESMGR_IOC_NOTIFY, DEVCTL, RESMGR_IN_F_LAST, RESMGR_IOC_BIND and
 *      its placeholder
 * 1.1: the rest of the I/O table (PATHCONF, CHMOD, CHOWN, UTIME, OPENFD,
 *      FDINFO, LOCK, SPACE, MSG, SYNC), COMBINE, client RESMGR_FIOC_*
 * 1.2: directory prefixes: paths in one connect message, the connect
 *      table, RESMGR_OUT_F_SYMLINK, struct resmgr_dirent,
 *      resmgr_open_out.mode
 * 1.3: union and nested prefixes (RESMGR_ATTACH_BEFORE/AFTER/OPAQUE)
 * 2.0: one ioctl convention: _IO() numbers, every argument starts with
 *      its size (BIND, XFER, MSGREAD, MSGWRITE, MSGINFO, NOTIFY and the
 *      client ioctls gain @size; DETACH takes struct resmgr_detach);
 *      HELLO must come first (EPROTO before it); the union flags need
 *      RESMGR_FEAT_UNION; reserved tails in struct resmgr_stat and
 *      struct resmgr_open_out; the *_ALL masks left this header (each
 *      side keeps its own); RESMGR_SUPER_MAGIC; the errno contracts.
 * 2.1: RESMGR_FEAT_IPC.  Later, without a version change (a feature
 *      bit says it): RESMGR_FEAT_PRIO, a server thread runs at the
 *      priority of the sender whose request it received until it
 *      replies; RESMGR_CHANNEL_FIXED_PRIORITY turns that off for one
 *      channel; a pulse's @priority is lent, clamped to what its
 *      sender could set for itself.  RESMGR_FIOC_DEVCTL, and ioctl(2)
 *      answers a server's ENOSYS with ENOTTY.  RESMGR_FEAT_OPEN_SIZE:
 *      resmgr_open_out.size, which was reserved.  RESMGR_FEAT_OPEN_NODE:
 *      resmgr_open_out.node, which was reserved, and one inode per node
 *      for regular files.  RESMGR_FEAT_SENDER: struct resmgr_msginfo
 *      grows the sender's credentials, groups and priority, and
 *      resmgr_in_header.priority, which was reserved, says the priority.
 *      RESMGR_CONN_INFO (QNX's ConnectServerInfo()).
 *      RESMGR_FEAT_OPEN_CREATED: RESMGR_OPEN_CREATED in an OPEN reply.
 *      RESMGR_FEAT_RAW_MSG: resmgr_msg_in.flags, which was reserved, and
 *      struct resmgr_fioc_msg grows @flags: a MSG may carry a whole
 *      message of the client's own type (RESMGR_MSG_RAW).
 *      RESMGR_IOC_DELIVER (QNX's MsgDeliverEvent() of a pulse to a
 *      client's own connection), and struct resmgr_conn_attach grows
 *      @coid with RESMGR_CONN_ATTACH_COID, which names the connection
 *      by its descriptor number for it; RESMGR_DELIVER_CLIENT names the
 *      client by pid instead of a held request.  RESMGR_IOC_CLIENTINFO
 *      (QNX's ConnectClientInfo() of a client with no request held).
 *      RESMGR_ATTACH_MOUNTS, RESMGR_IOC_MOUNT and MOUNT connect messages
 *      (RESMGR_EXTRA_MOUNT): QNX's mount requests.
 */
#ifndef _UAPI_LINUX_RESMGR_H
#define _UAPI_LINUX_RESMGR_H

#include <linux/const.h>
#include <linux/types.h>
#include <linux/ioctl.h>

#define RESMGR_VERSION_MAJOR	2
#define RESMGR_VERSION_MINOR	1

/*
 * Features negotiated in RESMGR_IOC_HELLO: the server asks for those it
 * knows, the kernel grants the subset it has, and only granted features
 * change what the channel does.
 */
/* Union and nested prefixes: RESMGR_ATTACH_BEFORE, _AFTER and _OPAQUE. */
#define RESMGR_FEAT_UNION	_BITULL(0)
/*
 * Neutrino message passing between processes: RESMGR_IOC_CHANNEL makes
 * the channel reachable through /dev/resmgr-conn (ConnectAttach()), and
 * it receives MSGSEND requests and PULSE events.
 */
#define RESMGR_FEAT_IPC		_BITULL(1)
/*
 * Priority inheritance, as on QNX: a thread that receives a request (a
 * message, an open, a read, ...) runs at its sender's scheduling policy
 * and priority, or nice, until the request is replied to or the thread
 * receives again; a pulse gives its own priority.  Without it, server
 * threads keep their own.  See Documentation/resmgr.rst, "Priorities".
 */
#define RESMGR_FEAT_PRIO	_BITULL(2)
/*
 * An OPEN reply may say the file's size (RESMGR_OPEN_SIZE), which the
 * kernel's own checks of a size (copy_file_range(2)) then use.
 */
#define RESMGR_FEAT_OPEN_SIZE	_BITULL(3)
/*
 * The server's node numbers (struct resmgr_stat.ino, and the OPEN reply's
 * node, RESMGR_OPEN_NODE) name its files: names with the same number are
 * one file, and the kernel gives a regular file one inode however many
 * names and opens reach it, so that flock(2), a running program's
 * ETXTBSY and the page cache are the file's, as on a local file system.
 * A number may be used again only for a node made after every open of
 * the old one has ended.
 */
#define RESMGR_FEAT_OPEN_NODE	_BITULL(4)
/*
 * Who sent a request, as the kernel saw it when the request was sent:
 * RESMGR_IOC_MSGINFO answers the sender's credentials, supplementary
 * groups and priority (QNX's ConnectClientInfo()), and every request's
 * resmgr_in_header.priority is its sender's priority (QNX's
 * _msg_info.priority).
 */
#define RESMGR_FEAT_SENDER	_BITULL(5)
/*
 * An OPEN reply may say that the open made the file (RESMGR_OPEN_CREATED):
 * Linux tells the caller (fcntl(F_CREATED_QUERY)) and file watchers.
 */
#define RESMGR_FEAT_OPEN_CREATED _BITULL(6)
/*
 * A client may send a whole message of its own type on an open file
 * (QNX's MsgSend() on a file descriptor, for a server's message_attach()
 * handlers): RESMGR_FIOC_MSG with RESMGR_FIOC_MSG_RAW, which the server
 * receives as a MSG with RESMGR_MSG_RAW.
 */
#define RESMGR_FEAT_RAW_MSG	_BITULL(7)

/* statfs(2)'s f_type on a resmgr mount. */
#define RESMGR_SUPER_MAGIC	0x52534d47U	/* "RSMG" */

/* Longest path (relative to an attach point) carried in a connect message. */
#define RESMGR_PATH_MAX		4096

/* ------------------------------------------------------------------ */
/* General ioctl format                                               */
/* ------------------------------------------------------------------ */

/*
 * Every channel ioctl (on /dev/resmgr) and client ioctl (on a file under
 * an attached name) is _IO(RESMGR_IOC_MAGIC, nr): the number carries no
 * size.  Its argument is a struct that starts with __u32 size, the
 * sizeof() the caller was compiled with.  The kernel
 *  - reads min(size, what it knows) bytes and takes the fields a smaller
 *    (older) struct lacks as zero;
 *  - accepts a larger (newer) struct only if every byte past what it
 *    knows is zero, else fails E2BIG;
 *  - writes back at most @size bytes.
 *
 * The errors every ioctl may give, with one meaning each:
 *  ENOTTY	not an ioctl of this file
 *  EFAULT	the argument or a buffer it points to is not accessible
 *  EINVAL	@size smaller than the struct's first version; a malformed
 *		field, a non-zero reserved field, or a flag no kernel defines
 *  E2BIG	non-zero bytes past the end of the struct this kernel knows
 *  EOPNOTSUPP	a flag this kernel knows, of a feature not negotiated
 *  EPROTO	a channel ioctl before a successful HELLO, or a HELLO of
 *		another major version
 *  EPERM	the caller lacks CAP_SYS_ADMIN (ATTACH, DETACH, BIND)
 * and as each ioctl says: ENOENT no such link, ESRCH no such held request
 * or open, EBUSY already done.
 *
 * resmgr's magic is not in the kernel's ioctl-number registry
 * (Documentation/userspace-api/ioctl/ioctl-number.rst); devctl() commands
 * of servers never use it, and the kernel answers every number of it
 * itself: none reaches a server.
 */
#define RESMGR_IOC_MAGIC	0xE7

enum resmgr_ioc_nr {
	RESMGR_CMD_HELLO	= 0x00,
	RESMGR_CMD_ATTACH	= 0x01,
	RESMGR_CMD_DETACH	= 0x02,
	RESMGR_CMD_XFER		= 0x03,
	RESMGR_CMD_MSGREAD	= 0x04,
	RESMGR_CMD_MSGWRITE	= 0x05,
	RESMGR_CMD_MSGINFO	= 0x06,
	RESMGR_CMD_BIND		= 0x07,
	RESMGR_CMD_NOTIFY	= 0x08,
	RESMGR_CMD_CHANNEL	= 0x09,
	RESMGR_CMD_DELIVER	= 0x0a,
	RESMGR_CMD_CLIENTINFO	= 0x0b,
	RESMGR_CMD_MOUNT	= 0x0c,

	/* client ioctls */
	RESMGR_CMD_FIOC_MSG	= 0x40,
	RESMGR_CMD_FIOC_PATHCONF = 0x41,
	RESMGR_CMD_FIOC_FDINFO	= 0x42,
	RESMGR_CMD_FIOC_OPENFD	= 0x43,
	RESMGR_CMD_FIOC_DEVCTL	= 0x44,

	/* connection ioctls (on an open /dev/resmgr-conn) */
	RESMGR_CMD_CONN_ATTACH	= 0x60,
	RESMGR_CMD_CONN_SEND	= 0x61,
	RESMGR_CMD_CONN_PULSE	= 0x62,
	RESMGR_CMD_CONN_INFO	= 0x63
};

/* ------------------------------------------------------------------ */
/* Channel ioctls (on an open /dev/resmgr)                            */
/* ------------------------------------------------------------------ */

/**
 * struct resmgr_hello - protocol handshake, RESMGR_IOC_HELLO
 * @size:	sizeof(struct resmgr_hello) as the caller knows it
 * @major:	in: the library's major version; out: the kernel's
 * @minor:	in: the library's minor version; out: the kernel's
 * @features:	in: RESMGR_FEAT_* wanted; out: the subset granted
 * @in_hdr_size:	out: sizeof(struct resmgr_in_header)
 * @out_hdr_size:	out: sizeof(struct resmgr_out_header)
 * @max_inflight:	out: bytes of request data the channel may hold at once
 * @reserved:	must be zero
 *
 * Must come before any other ioctl on the channel (EPROTO until then).
 * A different major version is refused with EPROTO.  Features asked for
 * that the kernel does not have are not granted; that is no error.  It
 * may be repeated; the last successful one decides the channel's
 * features.
 */
struct resmgr_hello {
	__u32 size;
	__u16 major;
	__u16 minor;
	__u64 features;
	__u32 in_hdr_size;
	__u32 out_hdr_size;
	__u64 max_inflight;
	__u64 reserved[4];
};

/*
 * Attach flags (resmgr_attach()'s _RESMGR_FLAG_* map onto these).
 *
 * Union prefixes (RESMGR_FEAT_UNION: without it, RESMGR_ATTACH_BEFORE,
 * _AFTER and _OPAQUE fail EOPNOTSUPP).  Servers that mount on the same
 * path (each mount's mount point is the root of the resmgr mount below
 * it) form a union, joined when each binds its mount (RESMGR_IOC_BIND).
 * A connect message for a path under the union goes to its members in
 * this order: RESMGR_ATTACH_BEFORE members (the latest first), then
 * plain members (the latest first), then RESMGR_ATTACH_AFTER members (the
 * earliest first).  A reply of ENOENT or ENOSYS passes the message on to
 * the next member; any other reply ends the walk.  A member whose server
 * has died or detached is skipped, and a member that is not a directory
 * prefix is asked only about the attach point itself.
 *
 * Nested prefixes.  When every member has passed, and the attach point
 * lies inside another server's directory prefix, the message goes on to
 * that prefix's union, with the path the name has there ("sub/x" for "x"
 * under a prefix attached at "sub"), and so on outwards; unless a
 * member of the union that passed has RESMGR_ATTACH_OPAQUE, which stops
 * the walk at its union.  When all pass, the client gets ENOENT if any
 * said ENOENT, else ENOSYS.
 *
 * I/O messages go to the server that granted the open.  A directory
 * read in a union lists every member's entries, each name once: the
 * entry of the member a lookup of that name would reach.
 * RESMGR_ATTACH_BEFORE and RESMGR_ATTACH_AFTER together are EINVAL.
 */
#define RESMGR_ATTACH_BEFORE	0x1U	/* resolve before others here */
#define RESMGR_ATTACH_AFTER	0x2U	/* resolve after others here */
#define RESMGR_ATTACH_OPAQUE	0x4U	/* hide shorter prefixes */
#define RESMGR_ATTACH_DIR	0x100U	/* a directory prefix */
/*
 * No name: the link receives the MOUNT connect messages of
 * RESMGR_IOC_MOUNT (QNX's unnamed _FTYPE_MOUNT registration).  It can be
 * neither mounted nor combined with the other flags (EINVAL).
 */
#define RESMGR_ATTACH_MOUNTS	0x200U

/**
 * struct resmgr_attach - register a name, RESMGR_IOC_ATTACH
 * @size:	sizeof(struct resmgr_attach)
 * @flags:	RESMGR_ATTACH_*
 * @mode:	S_IFMT and permission bits the attach point shows
 * @link:	out: the link id, to pass to mount(2) as "link=<id>" and to
 *		RESMGR_IOC_DETACH; must be zero on the way in
 * @file_type:	the QNX _FTYPE_* the server handles (informational)
 * @reserved:	must be zero
 *
 * Needs CAP_SYS_ADMIN.  The name becomes visible when the server mounts
 * a "resmgr" filesystem with the options "fd=<channel fd>,link=<id>" on
 * the path; it disappears on RESMGR_IOC_DETACH, umount or channel close.
 */
struct resmgr_attach {
	__u32 size;
	__u32 flags;
	__u32 mode;
	__u32 link;
	__u32 file_type;
	__u32 reserved[3];
};

/**
 * struct resmgr_detach - forget a name, RESMGR_IOC_DETACH
 * @size:	sizeof(struct resmgr_detach)
 * @link:	the link id from RESMGR_IOC_ATTACH
 * @flags:	zero
 * @reserved:	must be zero
 *
 * Needs CAP_SYS_ADMIN.  ENOENT for a link this channel does not have.
 */
struct resmgr_detach {
	__u32 size;
	__u32 link;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct resmgr_bind - tie a mount of a link to the channel's lifetime,
 *			RESMGR_IOC_BIND
 * @size:	sizeof(struct resmgr_bind)
 * @flags:	RESMGR_BIND_*
 * @link:	the link the mount serves
 * @path_fd:	an O_PATH descriptor of the mounted path (the root of the
 *		resmgr mount made for @link)
 * @placeholder_fd: with RESMGR_BIND_PLACEHOLDER, an O_PATH descriptor of
 *		the empty file or directory the server created to mount on,
 *		opened before mounting
 * @reserved:	must be zero
 *
 * After this, the mount goes away by itself when the channel closes
 * (server exit or crash) as soon as no client uses it, and so does the
 * placeholder, so a dead server leaves nothing behind.  A detach
 * (RESMGR_IOC_DETACH) forgets the placeholder: the server removes it.
 * Binding also joins the union of servers at the path (see the attach
 * flags).  A link is bound once: EBUSY after.
 *
 * Needs CAP_SYS_ADMIN, as ATTACH and DETACH do.  The placeholder must be
 * what this mount sits on (else EINVAL); one inside another server's
 * directory prefix is left to that server.  A mount over anything but
 * its placeholder or another server's name does not go away by itself:
 * it stays, failing with ENOTCONN, until unmounted, so that no user
 * namespace can unmount it to reveal what it covers.
 */
struct resmgr_bind {
	__u32 size;
	__u32 flags;
	__u32 link;
	__s32 path_fd;
	__s32 placeholder_fd;
	__u32 reserved;
};

#define RESMGR_BIND_PLACEHOLDER	0x1U

/**
 * struct resmgr_xfer - reply to one request and/or receive the next,
 *			RESMGR_IOC_XFER
 * @size:	sizeof(struct resmgr_xfer)
 * @flags:	RESMGR_XFER_*
 * @reply_iov:	user pointer to struct iovec[]; the reply, starting with a
 *		struct resmgr_out_header.  0: no reply.
 * @reply_iovcnt:	number of iovecs, at most RESMGR_XFER_IOV_MAX
 * @recv_len:	size of @recv_buf; at least sizeof(struct resmgr_in_header)
 * @recv_buf:	user pointer where the next request is copied.  0: do not
 *		receive.
 * @timeout_ns:	relative receive timeout; 0 waits forever
 *
 * The reply is delivered first.  If it is rejected the ioctl fails with
 * that error and nothing is received (the request, if it was found, is
 * failed with EIO towards its client).  Otherwise the ioctl returns the
 * number of bytes of the received request copied to @recv_buf (0 when no
 * receive was asked for).  A request longer than @recv_len is copied in
 * part and flagged RESMGR_IN_F_TRUNC; the rest is read with
 * RESMGR_IOC_MSGREAD.  An event (no reply, so nothing to MSGREAD) longer
 * than @recv_len is not received: the ioctl fails EMSGSIZE after
 * delivering the reply, and the event waits for a bigger buffer.
 */
struct resmgr_xfer {
	__u32 size;
	__u32 flags;
	__u64 reply_iov;
	__u32 reply_iovcnt;
	__u32 recv_len;
	__u64 recv_buf;
	__u64 timeout_ns;
};

#define RESMGR_XFER_NONBLOCK	0x1U	/* receive: EAGAIN if empty */
#define RESMGR_XFER_IOV_MAX	64

/**
 * struct resmgr_msgio - read a request's data, or write into its reply
 *			 buffer, RESMGR_IOC_MSGREAD / RESMGR_IOC_MSGWRITE
 * @size:	sizeof(struct resmgr_msgio)
 * @len:	bytes
 * @unique:	the request, which the caller holds (received, not replied)
 * @offset:	MSGREAD: offset in the request as the client sent it,
 *		counted from the start of its struct resmgr_in_header;
 *		MSGWRITE: offset in the reply data (after the out header)
 * @buf:	user pointer
 *
 * Returns the number of bytes copied (short at the end of the request, or
 * of the client's reply buffer).  QNX's MsgRead()/MsgWrite().
 */
struct resmgr_msgio {
	__u32 size;
	__u32 len;
	__u64 unique;
	__u64 offset;
	__u64 buf;
};

/**
 * struct resmgr_cred - the client's credentials at the time of the call
 */
struct resmgr_cred {
	__u32 ruid;
	__u32 euid;
	__u32 suid;
	__u32 fsuid;
	__u32 rgid;
	__u32 egid;
	__u32 sgid;
	__u32 fsgid;
};

/**
 * struct resmgr_msginfo - what the kernel knows of a held request,
 *			   RESMGR_IOC_MSGINFO (QNX's MsgInfo())
 * @size:	sizeof(struct resmgr_msginfo)
 * @flags:	out: RESMGR_IN_F_* as they stand now (UNBLOCK_REQ appears
 *		when the client was signalled after the server took it)
 * @unique:	in: the request
 * @pid:	out: client process
 * @tid:	out: client thread
 * @reserved:	must be zero
 * @cred:	out: the sender's credentials when it sent the request, in
 *		the server's user namespace (ids it cannot name are the
 *		overflow id)
 * @groups:	in: user pointer to __u32[@groups_max], where the kernel
 *		writes the sender's supplementary groups; 0 with
 *		@groups_max 0
 * @groups_max:	in: room at @groups, in entries
 * @ngroups:	out: the supplementary groups the sender had (those the
 *		server's user namespace can name); at most @groups_max of
 *		them were written
 * @priority:	out: the sender's priority when it sent: 1..99 its
 *		SCHED_FIFO or SCHED_RR priority, 0 for any other policy
 * @reserved2:	must be zero
 *
 * The fields from @cred on need RESMGR_FEAT_SENDER: without it @groups
 * and @groups_max must be zero (EOPNOTSUPP) and the answers are zero.
 * An event (no reply) has no sender to tell: its answers are zero.
 */
struct resmgr_msginfo {
	__u32 size;
	__u32 flags;
	__u64 unique;
	__u32 pid;
	__u32 tid;
	__u32 reserved[2];
	struct resmgr_cred cred;
	__u64 groups;
	__u32 groups_max;
	__u32 ngroups;
	__s32 priority;
	__u32 reserved2;
};

/**
 * struct resmgr_notify - wake a client's poll/select/epoll waiters,
 *			  RESMGR_IOC_NOTIFY
 * @size:	sizeof(struct resmgr_notify)
 * @kh:		the handle from a NOTIFY message
 * @events:	the events now ready: POLLIN, POLLPRI, POLLOUT, POLLERR,
 *		POLLHUP, POLLRDNORM, POLLRDBAND, POLLWRNORM, POLLWRBAND,
 *		POLLRDHUP; any other bit is EINVAL
 * @reserved:	must be zero
 *
 * ESRCH if the open is gone.  Needs no request to be held: it is what a
 * server does when data arrives, long after answering the NOTIFY.
 */
struct resmgr_notify {
	__u32 size;
	__u32 kh;
	__u32 events;
	__u32 reserved;
};

#define RESMGR_IOC_HELLO	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_HELLO)
#define RESMGR_IOC_ATTACH	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_ATTACH)
#define RESMGR_IOC_DETACH	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_DETACH)
#define RESMGR_IOC_XFER		_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_XFER)
#define RESMGR_IOC_MSGREAD	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_MSGREAD)
#define RESMGR_IOC_MSGWRITE	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_MSGWRITE)
#define RESMGR_IOC_MSGINFO	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_MSGINFO)
#define RESMGR_IOC_BIND		_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_BIND)
#define RESMGR_IOC_NOTIFY	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_NOTIFY)
#define RESMGR_IOC_CHANNEL	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_CHANNEL)
#define RESMGR_IOC_DELIVER	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_DELIVER)
#define RESMGR_IOC_CLIENTINFO	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_CLIENTINFO)
#define RESMGR_IOC_MOUNT	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_MOUNT)

/* ------------------------------------------------------------------ */
/* Messages                                                           */
/* ------------------------------------------------------------------ */

/*
 * Opcodes.  The ranges mirror QNX's split of the connect table (path
 * based, create an open or act on a name) and the I/O table (act on an
 * open).  Events are sent by the kernel itself and take no reply.
 */
enum resmgr_opcode {
	/* connect messages: body struct resmgr_connect_in */
	RESMGR_OP_OPEN		= 1,
	RESMGR_OP_UNLINK	= 2,
	RESMGR_OP_RENAME	= 3,
	RESMGR_OP_MKNOD		= 4,
	RESMGR_OP_READLINK	= 5,
	RESMGR_OP_LINK		= 6,
	RESMGR_OP_MOUNT		= 7,
	RESMGR_OP_STAT_PATH	= 8,	/* open + stat + close in one (QNX combine) */
	/* open + one I/O message + close (RESMGR_EXTRA_IO): chmod, chown,
	 * utimensat and truncate by path
	 */
	RESMGR_OP_COMBINE	= 9,

	/* I/O messages: in_header.ocb names the open */
	RESMGR_OP_READ		= 32,	/* struct resmgr_rw_in */
	RESMGR_OP_WRITE		= 33,	/* struct resmgr_rw_in + data */
	RESMGR_OP_STAT		= 34,	/* reply: struct resmgr_stat */
	RESMGR_OP_NOTIFY	= 35,	/* struct resmgr_notify_in */
	RESMGR_OP_DEVCTL	= 36,	/* struct resmgr_devctl_in + data */
	RESMGR_OP_PATHCONF	= 37,	/* struct resmgr_pathconf_in */
	RESMGR_OP_LSEEK		= 38,	/* struct resmgr_lseek_in */
	RESMGR_OP_CHMOD		= 39,	/* struct resmgr_chmod_in */
	RESMGR_OP_CHOWN		= 40,	/* struct resmgr_chown_in */
	RESMGR_OP_UTIME		= 41,	/* struct resmgr_utime_in */
	RESMGR_OP_OPENFD	= 42,	/* struct resmgr_openfd_in */
	RESMGR_OP_FDINFO	= 43,	/* struct resmgr_fdinfo_in */
	RESMGR_OP_LOCK		= 44,	/* struct resmgr_lock_in */
	RESMGR_OP_SPACE		= 45,	/* struct resmgr_space_in */
	RESMGR_OP_MMAP		= 46,	/* reserved: mmap(2) pages come by READ */
	RESMGR_OP_MSG		= 47,	/* struct resmgr_msg_in + data */
	RESMGR_OP_CLOSE_DUP	= 48,	/* every close(2): no body */
	RESMGR_OP_SYNC		= 49,	/* struct resmgr_sync_in */
	RESMGR_OP_POWER		= 50,	/* reserved */
	RESMGR_OP_ACL		= 51,	/* reserved */
	/* a message sent on a connection (QNX MsgSend()): no ocb, no link */
	RESMGR_OP_MSGSEND	= 52,	/* struct resmgr_msgsend_in + data */

	/* events: no reply is expected, none is accepted */
	RESMGR_OP_CLOSE_OCB	= 64,	/* last reference to an open gone */
	RESMGR_OP_UNBLOCK	= 65,	/* struct resmgr_unblock_in */
	/* a client process went away: the last open it made through this
	 * channel is gone; in_header.pid names it
	 */
	RESMGR_OP_DISCONNECT	= 66,
	RESMGR_OP_PULSE		= 67,	/* struct resmgr_pulse_in */

	RESMGR_OP_MAX		= 127
};

/* resmgr_in_header.flags */
#define RESMGR_IN_F_TRUNC	0x1U	/* recv_buf was too small */
#define RESMGR_IN_F_UNBLOCK_REQ	0x2U	/* client wants to unblock */
#define RESMGR_IN_F_NONBLOCK	0x4U	/* client opened O_NONBLOCK */
/* CLOSE_DUP of the open's last reference: end the OCB too, no CLOSE_OCB */
#define RESMGR_IN_F_LAST	0x8U

/**
 * struct resmgr_in_header - starts every message the kernel sends
 * @len:	length of the whole message as the client sent it: this
 *		header, the opcode's body and its data
 * @opcode:	enum resmgr_opcode
 * @flags:	RESMGR_IN_F_*
 * @unique:	request id; replies, MSGREAD and MSGWRITE name it.  Always
 *		in [1, 2^31 - 1] so it can serve as QNX's int rcvid, and
 *		never reused while the request is held.  Events carry an
 *		id too, but take no reply.
 * @ocb:	for I/O messages and CLOSE_OCB: the handle the server gave
 *		in its reply to OPEN (struct resmgr_open_out.ocb)
 * @link:	the attach (link id) the request came through
 * @pid:	client process id (tgid), in the server's pid namespace
 * @tid:	client thread id
 * @priority:	with RESMGR_FEAT_SENDER, the sender's priority when it
 *		sent a request (as struct resmgr_msginfo.priority); zero
 *		in events and without the feature
 */
struct resmgr_in_header {
	__u32 len;
	__u16 opcode;
	__u16 flags;
	__u64 unique;
	__u64 ocb;
	__u32 link;
	__u32 pid;
	__u32 tid;
	__s32 priority;
};

/* resmgr_out_header.flags */
#define RESMGR_OUT_F_OFFSET	0x1U	/* @offset is the new position */
/*
 * Reply to a connect message under a directory attach: resolving the path
 * met a symbolic link the kernel must follow (in the middle of the path,
 * or at its end for an OPEN without O_NOFOLLOW).  No body, status 0.  The
 * kernel then walks the path one component at a time (STAT_PATH of each
 * prefix, READLINK of each link) and sends the request again.
 */
#define RESMGR_OUT_F_SYMLINK	0x2U

/**
 * struct resmgr_out_header - starts every reply
 * @len:	length of the reply: this header, the body and data
 * @error:	0, or a positive errno the client's call fails with
 *		(QNX's MsgError()), at most RESMGR_ERRNO_MAX; with an
 *		error, no body may follow
 * @unique:	the request this answers
 * @status:	what the client's call returns on success (QNX's MsgReply()
 *		status): bytes read or written, the new offset of a seek
 * @offset:	with RESMGR_OUT_F_OFFSET, the open's new file position
 *		(iofunc's ocb->offset after the handler ran)
 * @flags:	RESMGR_OUT_F_*
 * @reserved:	must be zero
 */
/*
 * The errno contract.  A reply's error is 1..RESMGR_ERRNO_MAX, an errno a
 * system call may return; it reaches the client unchanged.  The kernel
 * refuses (the reply's XFER fails EINVAL, the client's call fails EIO):
 *  - an error above RESMGR_ERRNO_MAX: 512 and up are the kernel's own
 *    codes (ERESTARTSYS, ENOIOCTLCMD, EOPENSTALE, EIOCBQUEUED, ...),
 *    which would restart a call the server already carried out or leave
 *    aio and io_uring waiting for good;
 *  - ECHILD and ESTALE in the reply to a connect message, which the
 *    path walk takes as "try the lookup again" and would resend;
 *  - a negative error.
 * ENOENT and ENOSYS from a connect message pass it on to the next server
 * of a union (Documentation/resmgr.rst, "Union and nested prefixes").
 * The kernel itself fails a client's call with ENOTCONN when the server
 * is gone, EIO when its reply was refused, and EINTR or ERESTARTSYS (as
 * SA_RESTART says) when a signal came before any server took the request.
 */
#define RESMGR_ERRNO_MAX	511

struct resmgr_out_header {
	__u32 len;
	__s32 error;
	__u64 unique;
	__s64 status;
	__s64 offset;
	__u32 flags;
	__u32 reserved;
};

/* QNX encodes the access mode in connect ioflag as (O_ACCMODE + 1). */
#define RESMGR_IOFLAG_READ	1U
#define RESMGR_IOFLAG_WRITE	2U
#define RESMGR_IOFLAG_ACCMODE	3U

/* resmgr_connect_in.extra_type */
#define RESMGR_EXTRA_NONE	0U
#define RESMGR_EXTRA_IO		1U	/* struct resmgr_io_extra + its body */
#define RESMGR_EXTRA_RENAME	2U	/* RENAME: the old path, NUL-terminated */
#define RESMGR_EXTRA_LINK	3U	/* LINK: the existing path, NUL-terminated */
#define RESMGR_EXTRA_SYMLINK	4U	/* LINK: the target, NUL-terminated */
#define RESMGR_EXTRA_MKNOD	5U	/* MKNOD: struct resmgr_mknod_extra */
#define RESMGR_EXTRA_MOUNT	6U	/* MOUNT: struct resmgr_mount_extra */

/* resmgr_connect_in.eflag */
#define RESMGR_EFLAG_DIR	0x1U	/* path named a directory ("a/") */
#define RESMGR_EFLAG_DOT	0x2U	/* path ended in "." */
#define RESMGR_EFLAG_DOTDOT	0x4U	/* path ended in ".." */

/*
 * Connect messages under a directory attach (RESMGR_ATTACH_DIR).  The
 * path is everything after the attach point, however many components, in
 * ONE message ("a/b/c"; "" for the attach point itself); the server
 * resolves it.  Paths in extra data are relative to the same attach
 * point.  A final symbolic link is acted on itself (lstat, unlink,
 * readlink), except by OPEN, which follows it unless O_NOFOLLOW (the
 * server answers RESMGR_OUT_F_SYMLINK).
 *
 *   OPEN       open(2), creat(2), O_CREAT/O_EXCL/O_TRUNC/O_DIRECTORY in
 *              @ioflag, @mode the creation mode; reply struct
 *              resmgr_open_out with the opened file's mode
 *   UNLINK     unlink(2) (@mode 0) and rmdir(2) (@mode S_IFDIR)
 *   RENAME     rename(2): @path the new name, extra RESMGR_EXTRA_RENAME
 *              the old one (both under this attach: the VFS refuses a
 *              rename across attaches with EXDEV)
 *   MKNOD      mkdir(2) (@mode S_IFDIR | perms), mknod(2), mkfifo(3):
 *              @mode with its S_IFMT; extra RESMGR_EXTRA_MKNOD for devices
 *   READLINK   readlink(2) and following a link: reply data is the
 *              target (no NUL, at most RESMGR_PATH_MAX), status its length
 *   LINK       link(2) (extra RESMGR_EXTRA_LINK: the existing path) and
 *              symlink(2) (extra RESMGR_EXTRA_SYMLINK: the target); @path
 *              is the new name
 *   STAT_PATH  stat(2), lstat(2), access(2), and the kernel's lookup of a
 *              last component that is not being opened
 *   COMBINE    chmod, chown, utimensat, truncate by path
 *   MOUNT      to a RESMGR_ATTACH_MOUNTS link only: RESMGR_IOC_MOUNT,
 *              @path the mount point, extra RESMGR_EXTRA_MOUNT
 */

/**
 * struct resmgr_mount_extra - extra data of MOUNT
 * @flags:	RESMGR_MOUNT_* as the requester gave them
 * @type_len:	bytes of the type that follows, NUL included (1: none)
 * @special_len: bytes of the special device's name after it, NUL
 *		included (1: none)
 * @data_len:	bytes of the requester's data after that
 *
 * A MOUNT connect message goes to the links attached with
 * RESMGR_ATTACH_MOUNTS, newest first, until one answers other than
 * ENOSYS.  Its @path is the mount point as the requester named it.
 */
struct resmgr_mount_extra {
	__u32 flags;
	__u32 type_len;
	__u32 special_len;
	__u32 data_len;
};

/*
 * RESMGR_MOUNT_* (struct resmgr_mount and resmgr_mount_extra): the first
 * four are mount(2)'s MS_* bits, so a server can pass them on.
 */
#define RESMGR_MOUNT_RDONLY	0x1U	/* mount read-only */
#define RESMGR_MOUNT_NOSUID	0x2U
#define RESMGR_MOUNT_NODEV	0x4U
#define RESMGR_MOUNT_NOEXEC	0x8U
#define RESMGR_MOUNT_REMOUNT	0x20U	/* change a mount's flags */
#define RESMGR_MOUNT_UNMOUNT	0x10000U	/* take the mount at @path down */
#define RESMGR_MOUNT_FORCE	0x20000U	/* ... even if it is busy */
#define RESMGR_MOUNT_ENUMERATE	0x40000U	/* mount what the special holds */
#define RESMGR_MOUNT_OCB	0x80000U	/* the requester asks for the special's OCB */
#define RESMGR_MOUNT_ALL	0xf002fU

/* Bounds of struct resmgr_mount's strings and data. */
#define RESMGR_MOUNT_TYPE_MAX	255	/* bytes, without the NUL */
#define RESMGR_MOUNT_DATA_MAX	4096

/**
 * struct resmgr_mount - ask the servers that receive mount requests to
 *			 mount something, RESMGR_IOC_MOUNT (QNX's mount())
 * @size:	sizeof(struct resmgr_mount)
 * @flags:	RESMGR_MOUNT_*
 * @dir:	user pointer to the mount point, NUL-terminated
 * @type:	user pointer to the type (at most RESMGR_MOUNT_TYPE_MAX
 *		bytes), NUL-terminated; 0 for none
 * @special:	user pointer to the special device, NUL-terminated; 0 for
 *		none
 * @data:	user pointer to @data_len bytes for the server; 0 with
 *		@data_len 0
 * @data_len:	at most RESMGR_MOUNT_DATA_MAX
 * @reserved:	zero
 *
 * Needs CAP_SYS_ADMIN, as mount(2) does.  Each link attached with
 * RESMGR_ATTACH_MOUNTS gets a MOUNT connect message in turn, newest
 * first; the first answer other than ENOSYS is the ioctl's.  ENODEV: no
 * server took it (none listens, or all answered ENOSYS).
 */
struct resmgr_mount {
	__u32 size;
	__u32 flags;
	__u64 dir;
	__u64 type;
	__u64 special;
	__u64 data;
	__u32 data_len;
	__u32 reserved;
};

/**
 * struct resmgr_mknod_extra - extra data of MKNOD for device nodes
 * @rdev:	the device number, new_encode_dev() encoding
 * @reserved:	zero
 */
struct resmgr_mknod_extra {
	__u32 rdev;
	__u32 reserved;
};

/**
 * struct resmgr_connect_in - body of every connect message
 * @ioflag:	open(2) flags with the access mode as (O_ACCMODE + 1)
 * @mode:	creation mode, with S_IFMT for MKNOD
 * @access:	RESMGR_IOFLAG_READ/WRITE the caller asks to be checked
 * @umask:	client's umask
 * @path_len:	bytes of path that follow, including the NUL
 * @eflag:	RESMGR_EFLAG_*
 * @ngroups:	supplementary groups that follow, __u32 each
 * @extra_type:	0, or what the extra data after the path is
 * @extra_len:	bytes of extra data
 * @reserved:	zero
 * @cred:	client credentials
 *
 * Followed by __u32 groups[ngroups], then char path[path_len] relative to
 * the attach point ("" for the attach point itself), then, 8-byte
 * aligned, extra_len bytes of extra data.
 */
struct resmgr_connect_in {
	__u32 ioflag;
	__u32 mode;
	__u32 access;
	__u32 umask;
	__u16 path_len;
	__u16 eflag;
	__u16 ngroups;
	__u16 extra_type;
	__u32 extra_len;
	__u32 reserved;
	struct resmgr_cred cred;
};

/* resmgr_open_out.flags */
#define RESMGR_OPEN_NONSEEKABLE	0x1U	/* like a tty or pipe */
#define RESMGR_OPEN_SIZE	0x2U	/* @size is the file's size now */
#define RESMGR_OPEN_NODE	0x4U	/* @node is the file's node number */
#define RESMGR_OPEN_CREATED	0x8U	/* this O_CREAT open made the file */

/**
 * struct resmgr_open_out - reply body to a successful OPEN
 * @ocb:	the server's handle for this open, echoed in in_header.ocb of
 *		every later I/O message and of CLOSE_OCB
 * @flags:	RESMGR_OPEN_*; RESMGR_OPEN_CREATED is taken only with
 *		RESMGR_FEAT_OPEN_CREATED and only for an O_CREAT open
 * @mode:	S_IFMT and permission bits of what was opened (the kernel
 *		gives the file that type).  0: the attach point's own type,
 *		allowed only for the attach point itself
 * @size:	with RESMGR_OPEN_SIZE (RESMGR_FEAT_OPEN_SIZE), the file's size
 *		as the open leaves it; else zero
 * @node:	with RESMGR_OPEN_NODE (RESMGR_FEAT_OPEN_NODE), the number of
 *		the node opened, as its STAT says it in resmgr_stat.ino (not
 *		0); else zero
 */
struct resmgr_open_out {
	__u64 ocb;
	__u32 flags;
	__u32 mode;
	__u64 size;
	__u64 node;
};

/* QNX xtypes in resmgr_rw_in.xtype (low 8 bits) and per-request flags. */
#define RESMGR_XTYPE_NONE	0U
#define RESMGR_XTYPE_OFFSET	5U	/* pread/pwrite: use @offset, not the ocb's */
#define RESMGR_XTYPE_MASK	0xffU
#define RESMGR_XFLAG_NONBLOCK	0x4000U
#define RESMGR_XFLAG_BLOCK	0x8000U

/**
 * struct resmgr_rw_in - body of READ and WRITE
 * @nbytes:	bytes the client asked for; WRITE's data follows the body
 * @offset:	XTYPE_OFFSET: the explicit position; XTYPE_NONE: the open's
 *		current file position
 * @xtype:	RESMGR_XTYPE_* | RESMGR_XFLAG_*
 * @reserved:	zero
 *
 * The reply to READ carries the data after the out header, at most
 * @nbytes, and status = the byte count.
 */
struct resmgr_rw_in {
	__u64 nbytes;
	__s64 offset;
	__u32 xtype;
	__u32 reserved;
};

/**
 * struct resmgr_dirent - one directory entry in the reply to a READ of a
 *			  directory open (getdents64(2), readdir(3))
 * @ino:	the entry's inode number (0: the kernel makes one up)
 * @next:	the position to read from to get the entries after this one
 *		(telldir(3)/seekdir(3) cookie; >= 0)
 * @reclen:	bytes of this record: the struct, the name and its NUL,
 *		rounded up to a multiple of 8
 * @namelen:	bytes of @name, without the NUL; 1 to 255
 * @type:	DT_* of the entry (DT_UNKNOWN allowed)
 * @reserved:	zero
 *
 * Followed by the name, NUL-terminated, and zeros up to @reclen.  A READ
 * of a directory open is XTYPE_OFFSET with @offset the position
 * (0: the start).  The reply's data is whole records, status their total
 * size; 0 means the end of the directory.
 */
struct resmgr_dirent {
	__u64 ino;
	__s64 next;
	__u16 reclen;
	__u16 namelen;
	__u8 type;
	__u8 reserved[3];
};

/**
 * struct resmgr_lseek_in - body of LSEEK
 * @offset:	as passed to lseek(2)
 * @whence:	SEEK_SET, SEEK_CUR or SEEK_END
 * @reserved:	zero
 * @cur:	the open's current position, which SEEK_CUR is relative to
 *
 * The reply's status is the new position.
 */
struct resmgr_lseek_in {
	__s64 offset;
	__u32 whence;
	__u32 reserved;
	__s64 cur;
};

/**
 * struct resmgr_stat - reply body to STAT and STAT_PATH
 *
 * The fields of struct stat, fixed width.  @dev is informational: the
 * kernel reports its own device for the attach point.  @reserved must be
 * zero: room for birth time and statx(2) attributes behind a feature bit.
 */
struct resmgr_stat {
	__u64 ino;
	__u64 size;
	__u64 blocks;
	__s64 atime_sec;
	__s64 mtime_sec;
	__s64 ctime_sec;
	__u32 atime_nsec;
	__u32 mtime_nsec;
	__u32 ctime_nsec;
	__u32 mode;
	__u32 nlink;
	__u32 uid;
	__u32 gid;
	__u32 rdev;
	__u32 blksize;
	__u32 dev;
	__u64 reserved[4];
};

/**
 * struct resmgr_notify_in - body of NOTIFY (poll, select, epoll)
 * @events:	the poll events the client waits for (POLLIN, POLLOUT, ...:
 *		Linux's values)
 * @kh:		the kernel's handle for this open's waiters
 *
 * The reply's status is the mask of events ready now.  When none of
 * @events is ready, the server remembers (@kh, @events) and, once some
 * become ready, wakes the waiters with RESMGR_IOC_NOTIFY; one wakeup per
 * NOTIFY is enough, since the kernel asks again after each.
 */
struct resmgr_notify_in {
	__u32 events;
	__u32 kh;
};

/**
 * struct resmgr_devctl_in - body of DEVCTL (ioctl(2), QNX devctl())
 * @dcmd:	the command as the client gave it; its direction and size
 *		bits (_IOC_DIR, _IOC_SIZE) say which data goes each way
 * @nbytes:	bytes of data that follow the body: the command's size when
 *		it passes data to the device (_IOC_WRITE), else 0
 * @out_max:	bytes the client takes back: the command's size when it
 *		reads from the device (_IOC_READ), else 0
 * @reserved:	zero
 *
 * The reply's status is what ioctl(2) returns (QNX's devctl() *info);
 * its data, at most @out_max bytes, is copied back to the client.  An
 * unknown command is answered ENOTTY.
 */
struct resmgr_devctl_in {
	__u32 dcmd;
	__u32 nbytes;
	__u32 out_max;
	__u32 reserved;
};

/**
 * struct resmgr_unblock_in - body of the UNBLOCK event
 * @target:	unique of the held request whose client was signalled
 */
struct resmgr_unblock_in {
	__u64 target;
};

/**
 * struct resmgr_io_extra - the I/O part of a COMBINE message
 * @opcode:	RESMGR_OP_CHMOD, _CHOWN, _UTIME or _SPACE
 * @reserved:	zero
 * @body_len:	bytes of the opcode's body that follow
 *
 * COMBINE is what Linux calls that name a file but not an open reach us
 * as: chmod(2), chown(2), utimensat(2) and truncate(2) by path, and also
 * fchmod(2), fchown(2) and futimens(2), which the VFS hands a filesystem
 * without the file.  The server opens the path as the connect part says
 * (with no access asked), runs the I/O handler on that open and closes
 * it; the reply is the I/O message's reply.  QNX sends the same as a
 * combine message (_IO_CONNECT_COMBINE_CLOSE).
 */
struct resmgr_io_extra {
	__u16 opcode;
	__u16 reserved;
	__u32 body_len;
};

/* resmgr_sync_in.flags */
#define RESMGR_SYNC_DATA	0x1U	/* fdatasync(2): data only (O_DSYNC) */

/**
 * struct resmgr_sync_in - body of SYNC (fsync(2), fdatasync(2))
 * @flags:	RESMGR_SYNC_*; without RESMGR_SYNC_DATA, data and metadata
 *		(QNX O_SYNC)
 * @reserved:	zero
 */
struct resmgr_sync_in {
	__u32 flags;
	__u32 reserved;
};

/* resmgr_space_in.cmd */
#define RESMGR_SPACE_ALLOC	1U	/* reserve [start, start + len) */
#define RESMGR_SPACE_FREE	2U	/* release [start, start + len) */
/* resmgr_space_in.flags */
#define RESMGR_SPACE_KEEP_SIZE	0x1U	/* the file's size does not change */

/**
 * struct resmgr_space_in - body of SPACE (ftruncate(2), truncate(2) via
 *			    COMBINE, fallocate(2)); QNX's _IO_SPACE
 * @cmd:	RESMGR_SPACE_ALLOC or RESMGR_SPACE_FREE
 * @flags:	RESMGR_SPACE_*
 * @start:	first byte, absolute (>= 0)
 * @len:	bytes; 0 with FREE: everything from @start on, so the file
 *		ends at @start, growing or shrinking (ftruncate)
 *
 * fallocate(2) mode 0 is ALLOC, FALLOC_FL_KEEP_SIZE adds KEEP_SIZE, and
 * FALLOC_FL_PUNCH_HOLE|FALLOC_FL_KEEP_SIZE is FREE with KEEP_SIZE; other
 * modes fail with EOPNOTSUPP in the kernel.  The reply's status is the
 * file's new size.
 */
struct resmgr_space_in {
	__u32 cmd;
	__u32 flags;
	__s64 start;
	__s64 len;
};

/**
 * struct resmgr_chmod_in - body of CHMOD
 * @mode:	the new permission bits (07777)
 * @reserved:	zero
 */
struct resmgr_chmod_in {
	__u32 mode;
	__u32 reserved;
};

/* resmgr_chown_in: an id the call leaves alone */
#define RESMGR_ID_UNCHANGED	0xffffffffU

/**
 * struct resmgr_chown_in - body of CHOWN
 * @uid:	new owner in the server's user namespace, or
 *		RESMGR_ID_UNCHANGED
 * @gid:	new group, or RESMGR_ID_UNCHANGED
 */
struct resmgr_chown_in {
	__u32 uid;
	__u32 gid;
};

/* resmgr_utime_in.flags */
#define RESMGR_UTIME_ATIME	0x1U	/* set the access time */
#define RESMGR_UTIME_MTIME	0x2U	/* set the modification time */
/* the times given are "now" (NULL times, UTIME_NOW): the server may use
 * its own clock (QNX cur_flag)
 */
#define RESMGR_UTIME_NOW	0x4U

/**
 * struct resmgr_utime_in - body of UTIME (utimensat(2), futimens(2))
 * @atime_sec:	with RESMGR_UTIME_ATIME, the new access time
 * @mtime_sec:	with RESMGR_UTIME_MTIME, the new modification time
 * @atime_nsec:	nanoseconds, < 10^9
 * @mtime_nsec:	nanoseconds, < 10^9
 * @flags:	RESMGR_UTIME_*
 * @reserved:	zero
 */
struct resmgr_utime_in {
	__s64 atime_sec;
	__s64 mtime_sec;
	__u32 atime_nsec;
	__u32 mtime_nsec;
	__u32 flags;
	__u32 reserved;
};

/* resmgr_lock_in.cmd */
#define RESMGR_LOCK_GET		1U	/* F_GETLK: who would block this? */
#define RESMGR_LOCK_SET		2U	/* F_SETLK: take or fail EAGAIN */
/* F_SETLKW: take, waiting (the server holds the request; a signal sends
 * UNBLOCK)
 */
#define RESMGR_LOCK_SETW	3U
/* resmgr_lock_in.flags */
/* an open file description lock: owned by the open, not a process */
#define RESMGR_LOCK_OFD		0x1U

/**
 * struct resmgr_lock_in - body of LOCK (fcntl(2) record locks)
 * @cmd:	RESMGR_LOCK_*
 * @type:	F_RDLCK, F_WRLCK or F_UNLCK (Linux's values: 0, 1, 2)
 * @flags:	RESMGR_LOCK_F_*
 * @start:	first byte, absolute (the kernel resolved l_whence)
 * @len:	bytes; 0: to the end of the file, however far it grows
 * @owner:	who owns the lock: the client's pid for a POSIX lock,
 *		released by the CLOSE_DUP of any descriptor the process
 *		closes; for an OFD lock, a number unique to the open,
 *		released by the open's last close
 * @pid:	the client's pid, reported to F_GETLK callers
 * @reserved:	zero
 *
 * The reply carries a struct resmgr_lock_out.  For GET it describes the
 * first lock that conflicts (type F_UNLCK: none); for SET and SETW it is
 * ignored and may be zero.  A conflict on SET is EAGAIN; a deadlock on
 * SETW is EDEADLK.
 */
struct resmgr_lock_in {
	__u32 cmd;
	__u16 type;
	__u16 flags;
	__s64 start;
	__s64 len;
	__u64 owner;
	__u32 pid;
	__u32 reserved;
};

/**
 * struct resmgr_lock_out - reply body to LOCK
 * @type:	F_RDLCK, F_WRLCK or F_UNLCK
 * @reserved:	zero
 * @pid:	the holder's pid (F_GETLK); 0 for an OFD lock
 * @start:	first byte of the conflicting lock
 * @len:	its length, 0 to the end of the file
 */
struct resmgr_lock_out {
	__u16 type;
	__u16 reserved;
	__u32 pid;
	__s64 start;
	__s64 len;
};

/**
 * struct resmgr_pathconf_in - body of PATHCONF (QNX's _IO_PATHCONF)
 * @name:	the _PC_* name, as the C library defines it; the kernel
 *		passes it through without interpreting it
 * @reserved:	zero
 *
 * The reply's status is the value; -1 means "no limit".
 */
struct resmgr_pathconf_in {
	__s32 name;
	__u32 reserved;
};

/**
 * struct resmgr_openfd_in - body of OPENFD: a new open of what an
 *			     existing open names, without a path (QNX
 *			     openfd())
 * @ioflag:	the new open's flags, access mode as (O_ACCMODE + 1)
 * @reserved:	zero
 *
 * The reply is a struct resmgr_open_out, as for OPEN.  The server must
 * not grant more access than the existing open has.
 */
struct resmgr_openfd_in {
	__u32 ioflag;
	__u32 reserved;
};

/**
 * struct resmgr_fdinfo - what FDINFO tells of an open (QNX's _fdinfo)
 * @mode:	st_mode of the file
 * @ioflag:	the open's flags, access mode as (O_ACCMODE + 1)
 * @offset:	the file position
 * @size:	the file's size
 * @flags:	the server's flags for the open
 * @count:	opens of this file
 * @rcount:	of them, open for reading
 * @wcount:	of them, open for writing
 * @rlocks:	read locks held on the file
 * @wlocks:	write locks held on the file
 * @reserved:	zero
 */
struct resmgr_fdinfo {
	__u32 mode;
	__u32 ioflag;
	__u64 offset;
	__u64 size;
	__u32 flags;
	__u32 count;
	__u32 rcount;
	__u32 wcount;
	__u32 rlocks;
	__u32 wlocks;
	__u32 reserved[2];
};

/**
 * struct resmgr_fdinfo_in - body of FDINFO
 * @flags:	zero
 * @path_max:	room for the path in the reply, including the NUL
 *
 * The reply's data is a struct resmgr_fdinfo, then the open's path
 * (NUL-terminated, at most @path_max bytes); status is the path's full
 * length, which may be more than was sent.
 */
struct resmgr_fdinfo_in {
	__u32 flags;
	__u32 path_max;
};

/**
 * struct resmgr_msg_in - body of MSG: a private message a client sends
 *			  (QNX's _IO_MSG)
 * @mgrid:	the manager the message is for (QNX _IOMGR_*)
 * @subtype:	the manager's own message type
 * @nbytes:	bytes of data that follow the body
 * @out_max:	bytes of reply data the client takes
 * @flags:	RESMGR_MSG_RAW, only to a channel that negotiated
 *		RESMGR_FEAT_RAW_MSG; else zero
 *
 * The reply's status is what the client's call returns; its data, at
 * most @out_max bytes, is copied back.  A server that does not know
 * @mgrid answers ENOSYS.
 */
struct resmgr_msg_in {
	__u16 mgrid;
	__u16 subtype;
	__u32 nbytes;
	__u32 out_max;
	__u32 flags;
};

/*
 * The data is a whole message as the client wrote it, of a type of the
 * server's own in its first two bytes (at least two bytes); @mgrid and
 * @subtype are 0.
 */
#define RESMGR_MSG_RAW		0x1U

/* ------------------------------------------------------------------ */
/* Client ioctls (on an open file under an attached name)             */
/* ------------------------------------------------------------------ */

/*
 * The I/O messages that no Linux system call reaches.  These numbers are
 * handled by the kernel and never reach a server as DEVCTL; libresmgr's
 * client calls (MsgSend() of an _IO_MSG, openfd(), iofdinfo(),
 * resmgr_fpathconf()) use them.  devctl() commands never use this magic.
 */

/**
 * struct resmgr_fioc_msg - RESMGR_FIOC_MSG: send a MSG, wait for the reply
 * @size:	sizeof(struct resmgr_fioc_msg)
 * @mgrid:	as struct resmgr_msg_in
 * @subtype:	as struct resmgr_msg_in
 * @send_buf:	user pointer to the data sent
 * @recv_buf:	user pointer where the reply data goes
 * @send_len:	bytes at @send_buf, at most the channel's max_inflight
 * @recv_len:	room at @recv_buf, at most the channel's max_inflight
 * @flags:	RESMGR_FIOC_MSG_RAW: send the data as a whole message
 *		(RESMGR_MSG_RAW): @mgrid and @subtype 0, @send_len at least
 *		2 (EINVAL otherwise); EOPNOTSUPP if the server's channel did
 *		not negotiate RESMGR_FEAT_RAW_MSG
 * @reserved:	zero
 *
 * Returns the server's status (>= 0) or fails with its errno.
 */
struct resmgr_fioc_msg {
	__u32 size;
	__u16 mgrid;
	__u16 subtype;
	__u64 send_buf;
	__u64 recv_buf;
	__u32 send_len;
	__u32 recv_len;
	__u32 flags;
	__u32 reserved;
};

#define RESMGR_FIOC_MSG_RAW	0x1U

/**
 * struct resmgr_fioc_pathconf - RESMGR_FIOC_PATHCONF
 * @size:	sizeof(struct resmgr_fioc_pathconf)
 * @name:	in: the _PC_* name
 * @value:	out: the value; -1 for no limit
 */
struct resmgr_fioc_pathconf {
	__u32 size;
	__s32 name;
	__s64 value;
};

/**
 * struct resmgr_fioc_fdinfo - RESMGR_FIOC_FDINFO
 * @size:	sizeof(struct resmgr_fioc_fdinfo)
 * @flags:	zero
 * @path_len:	room at @path_buf (0: no path wanted)
 * @reserved:	zero
 * @path_buf:	user pointer for the NUL-terminated path
 * @info:	out: what the server says of the open
 *
 * Returns the path's full length, as struct resmgr_fdinfo_in says.
 */
struct resmgr_fioc_fdinfo {
	__u32 size;
	__u32 flags;
	__u32 path_len;
	__u32 reserved;
	__u64 path_buf;
	struct resmgr_fdinfo info;
};

/**
 * struct resmgr_fioc_openfd - RESMGR_FIOC_OPENFD
 * @size:	sizeof(struct resmgr_fioc_openfd)
 * @flags:	open(2) flags for the new descriptor: an access mode no
 *		wider than the open's, O_NONBLOCK, O_CLOEXEC
 *
 * Returns a new file descriptor for a new open of the same file.
 */
struct resmgr_fioc_openfd {
	__u32 size;
	__u32 flags;
};

/**
 * struct resmgr_fioc_devctl - RESMGR_FIOC_DEVCTL: QNX's devctl()
 * @size:	sizeof(struct resmgr_fioc_devctl)
 * @dcmd:	the command, an ioctl number whose direction and size say
 *		what goes to the server and what comes back; not of
 *		RESMGR_IOC_MAGIC
 * @arg:	user pointer to the command's data, as ioctl(2)'s argument
 * @flags:	out: RESMGR_FIOC_DEVCTL_SERVED, set whatever the answer, so
 *		a caller can tell a resmgr file's answer from a file that
 *		does not know this number
 * @reserved:	zero
 *
 * The DEVCTL that ioctl(fd, @dcmd, @arg) sends, answered with the
 * server's errno as it is.  ioctl(2) follows Linux and says ENOTTY where
 * the server says ENOSYS (a command the device does not know); devctl()
 * says what the QNX server said.
 */
struct resmgr_fioc_devctl {
	__u32 size;
	__u32 dcmd;
	__u64 arg;
	__u32 flags;
	__u32 reserved;
};

#define RESMGR_FIOC_DEVCTL_SERVED	0x1u

#define RESMGR_FIOC_MSG		_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_FIOC_MSG)
#define RESMGR_FIOC_PATHCONF	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_FIOC_PATHCONF)
#define RESMGR_FIOC_FDINFO	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_FIOC_FDINFO)
#define RESMGR_FIOC_OPENFD	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_FIOC_OPENFD)
#define RESMGR_FIOC_DEVCTL	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_FIOC_DEVCTL)

/* ------------------------------------------------------------------ */
/* Neutrino message passing between processes (RESMGR_FEAT_IPC)       */
/* ------------------------------------------------------------------ */

/*
 * A channel (an open /dev/resmgr that negotiated RESMGR_FEAT_IPC) becomes
 * reachable by other processes with RESMGR_IOC_CHANNEL, which gives it a
 * channel id.  A client opens /dev/resmgr-conn, which anyone may open,
 * and RESMGR_CONN_ATTACH names the server process and the channel id:
 * that descriptor is then the connection (QNX's coid).  On it,
 * RESMGR_CONN_SEND sends a message and waits for the reply (the server
 * receives RESMGR_OP_MSGSEND, reads and writes the sender's buffers by
 * offset with MSGREAD/MSGWRITE and answers it like any request), and
 * RESMGR_CONN_PULSE queues a pulse (RESMGR_OP_PULSE, no reply).  Closing
 * the descriptor detaches; a connection to a channel that has closed
 * fails ENOTCONN (QNX: EBADF for a dead channel's coid, documented).
 */

/* struct resmgr_channel.flags */
/*
 * A signal to a sender whose message the server holds becomes an UNBLOCK
 * event and the sender waits for the server's answer (_NTO_CHF_UNBLOCK).
 * Without it, the signal ends the send at once with EINTR and the
 * server's later reply gets ESRCH.
 */
#define RESMGR_CHANNEL_UNBLOCK		0x1U
/* Only the owning process may connect (_NTO_CHF_PRIVATE). */
#define RESMGR_CHANNEL_PRIVATE		0x2U
/*
 * A DISCONNECT event when the last connection or open of a client
 * process goes (_NTO_CHF_DISCONNECT); opens always give one.
 */
#define RESMGR_CHANNEL_DISCONNECT	0x4U
/*
 * Receiving threads keep their own priority (_NTO_CHF_FIXED_PRIORITY).
 * Needs RESMGR_FEAT_PRIO (EOPNOTSUPP); without that feature every
 * channel is fixed priority.
 */
#define RESMGR_CHANNEL_FIXED_PRIORITY	0x8U

/**
 * struct resmgr_channel - publish a channel, RESMGR_IOC_CHANNEL
 * @size:	sizeof(struct resmgr_channel)
 * @flags:	RESMGR_CHANNEL_*
 * @chid:	in: the id the server wants, unique in its process (the
 *		library gives the channel's descriptor number), or 0 for
 *		one the kernel chooses; out: the id, for ConnectAttach()
 * @mode:	who besides the owner may connect, as a file's write
 *		permission bits: 0020 the owner's group, 0002 anyone;
 *		0 the owner's user only (and CAP_SYS_ADMIN)
 * @reserved:	must be zero
 *
 * Needs RESMGR_FEAT_IPC (EOPNOTSUPP).  Once per channel (EBUSY after);
 * EEXIST if the process already has a channel with that id.  The
 * channel stays reachable until it is closed.
 */
struct resmgr_channel {
	__u32 size;
	__u32 flags;
	__u32 chid;
	__u32 mode;
	__u64 reserved;
};

/**
 * struct resmgr_deliver - send a pulse to a connection of a client whose
 *			   request the server holds, RESMGR_IOC_DELIVER
 *			   (QNX's MsgDeliverEvent() of a SIGEV_PULSE)
 * @size:	sizeof(struct resmgr_deliver)
 * @flags:	zero
 * @unique:	the held request (received, not yet replied to)
 * @coid:	the connection, by the descriptor number its owner gave it
 *		with RESMGR_CONN_ATTACH_COID; it must belong to the process
 *		that sent @unique
 * @code:	the pulse's code, -128..127
 * @priority:	as struct resmgr_conn_pulse
 * @reserved:	zero
 * @value:	the pulse's value
 * @pid:	with RESMGR_DELIVER_CLIENT, the client process, as the
 *		server's pid namespace numbers it; else zero
 * @reserved2:	zero
 *
 * Needs RESMGR_FEAT_IPC on the channel (EOPNOTSUPP).  ESRCH: no such
 * held request (or, with RESMGR_DELIVER_CLIENT, @pid is no client of
 * the channel now); EBADF: the sender has no connection of that number;
 * EPERM: the connection leads to a channel of another process than the
 * sender (only a client's connections to its own channels are reached);
 * ENOTCONN: the connection's channel has closed; EAGAIN: that channel
 * has its maximum of pulses waiting.  The pulse is the connection's, as
 * if its owner had sent it with RESMGR_CONN_PULSE.
 */
struct resmgr_deliver {
	__u32 size;
	__u32 flags;
	__u64 unique;
	__s32 coid;
	__s32 code;
	__s32 priority;
	__u32 reserved;
	__u64 value;
	__s32 pid;
	__u32 reserved2;
};

/**
 * struct resmgr_clientinfo - the credentials of a client process now,
 *			      RESMGR_IOC_CLIENTINFO (QNX's
 *			      ConnectClientInfo() of a client whose
 *			      request the server does not hold)
 * @size:	sizeof(struct resmgr_clientinfo)
 * @flags:	zero
 * @pid:	in: the client process, as the server's pid namespace
 *		numbers it
 * @reserved:	zero
 * @cred:	out: its credentials now, in the server's user namespace
 *		(ids it cannot name are the overflow id)
 * @groups:	in: user pointer to __u32[@groups_max], where the kernel
 *		writes its supplementary groups; 0 with @groups_max 0
 * @groups_max:	in: room at @groups, in entries
 * @ngroups:	out: the supplementary groups it has (those the server's
 *		user namespace can name); at most @groups_max were written
 *
 * Needs RESMGR_FEAT_SENDER on the channel (EOPNOTSUPP), as the same
 * answers about a request's sender do.  ESRCH: @pid has no open through
 * the channel and no connection to it now, as QNX answers for a scoid
 * that is no client's.
 */
struct resmgr_clientinfo {
	__u32 size;
	__u32 flags;
	__s32 pid;
	__u32 reserved;
	struct resmgr_cred cred;
	__u64 groups;
	__u32 groups_max;
	__u32 ngroups;
};

/*
 * Deliver to the client process @pid rather than to the sender of a held
 * request (@unique zero): QNX lets a server deliver an event on a message
 * it has already replied to, for as long as the client stays connected.
 * @pid must have an open through the channel, or a connection to it.
 */
#define RESMGR_DELIVER_CLIENT	0x1U

/**
 * struct resmgr_msgsend_in - body of MSGSEND
 * @nbytes:	bytes of the message that follow the body
 * @out_max:	bytes of reply the sender takes
 * @scoid:	the connection it came on (QNX's info.scoid): the same for
 *		every message of one connection, unique on the channel
 * @reserved:	zero
 *
 * The reply's status is what the sender's MsgSend() returns (>= 0); its
 * data, at most @out_max bytes, is the reply message.  An error reply is
 * MsgError().
 */
struct resmgr_msgsend_in {
	__u32 nbytes;
	__u32 out_max;
	__u32 scoid;
	__u32 reserved;
};

/**
 * struct resmgr_pulse_in - body of PULSE, an event
 * @code:	the pulse code (QNX: -128..127)
 * @priority:	the priority its sender gave, as given (with
 *		RESMGR_FEAT_PRIO the receiving thread runs at it, clamped)
 * @value:	the pulse value (QNX's sigval, as 64 bits)
 * @scoid:	the connection it came on
 * @reserved:	zero
 */
struct resmgr_pulse_in {
	__s32 code;
	__s32 priority;
	__u64 value;
	__u32 scoid;
	__u32 reserved;
};

/**
 * struct resmgr_conn_attach - make this descriptor a connection,
 *			       RESMGR_CONN_ATTACH (QNX's ConnectAttach())
 * @size:	sizeof(struct resmgr_conn_attach)
 * @flags:	RESMGR_CONN_ATTACH_COID or zero
 * @pid:	the server process; 0 for the caller's own
 * @chid:	its channel id (struct resmgr_channel.chid)
 * @coid:	with RESMGR_CONN_ATTACH_COID: this descriptor's number in
 *		the caller (EBADF if that number is another file)
 * @reserved:	zero
 *
 * ESRCH: no such channel in that process; EACCES: its mode does not let
 * the caller connect; EISCONN: already a connection.
 */
struct resmgr_conn_attach {
	__u32 size;
	__u32 flags;
	__s32 pid;
	__u32 chid;
	__s32 coid;
	__u32 reserved;
};

/*
 * Let a server that holds a request from the caller's process send a
 * pulse to this connection by @coid (RESMGR_IOC_DELIVER), as QNX's
 * MsgDeliverEvent() does with the coid of a SIGEV_PULSE event.  The
 * number stays the connection's until it is released, even if the
 * descriptor is closed or moved meanwhile; a later connection given the
 * same number takes it over.
 */
#define RESMGR_CONN_ATTACH_COID	0x1U

/**
 * struct resmgr_conn_send - send a message, wait for the reply,
 *			     RESMGR_CONN_SEND (QNX's MsgSendv())
 * @size:	sizeof(struct resmgr_conn_send)
 * @flags:	zero
 * @send_iov:	user pointer to struct iovec[]: the message
 * @send_parts:	iovecs at @send_iov, at most RESMGR_XFER_IOV_MAX
 * @recv_parts:	iovecs at @recv_iov, at most RESMGR_XFER_IOV_MAX
 * @recv_iov:	user pointer to struct iovec[]: room for the reply
 *
 * Returns the server's status (>= 0), or fails with the server's errno
 * (MsgError()), ENOTCONN if the channel closed, EINTR as the channel's
 * RESMGR_CHANNEL_UNBLOCK says.  The message and the reply each are at
 * most the module's max_client_inflight bytes (EMSGSIZE).
 */
struct resmgr_conn_send {
	__u32 size;
	__u32 flags;
	__u64 send_iov;
	__u32 send_parts;
	__u32 recv_parts;
	__u64 recv_iov;
};

/**
 * struct resmgr_conn_pulse - queue a pulse, RESMGR_CONN_PULSE
 *			      (QNX's MsgSendPulse())
 * @size:	sizeof(struct resmgr_conn_pulse)
 * @code:	-128..127
 * @priority:	passed on; with RESMGR_FEAT_PRIO also what the receiving
 *		thread runs at: 1..99 a SCHED_FIFO priority (more is 99),
 *		0 or less the sender's own scheduling.  A priority above
 *		what the sender could set for itself (its own, its
 *		RLIMIT_RTPRIO, any with CAP_SYS_NICE) is lowered to that;
 *		a sender that can set none runs the receiver at its own.
 * @reserved:	must be zero
 * @value:	passed on
 *
 * Never blocks: EAGAIN when the channel already has its maximum of
 * pulses waiting (the module's max_pulses).
 */
struct resmgr_conn_pulse {
	__u32 size;
	__s32 code;
	__s32 priority;
	__u32 reserved;
	__u64 value;
};

/* struct resmgr_conn_info.flags */
#define RESMGR_CONN_INFO_DEAD	0x1U	/* the channel has closed */

/**
 * struct resmgr_conn_info - what a connection reaches, RESMGR_CONN_INFO
 *			     (QNX's ConnectServerInfo())
 * @size:	sizeof(struct resmgr_conn_info)
 * @flags:	out: RESMGR_CONN_INFO_*
 * @pid:	out: the server process, in the caller's pid namespace; 0
 *		once it has exited
 * @chid:	out: the channel id attached to
 * @scoid:	out: the connection's id on the channel, as the server's
 *		messages and pulses from it say (resmgr_msgsend_in.scoid)
 * @reserved:	must be zero
 *
 * ENOTCONN: the descriptor is not attached.  A connection whose
 * channel has closed still answers, with RESMGR_CONN_INFO_DEAD.
 */
struct resmgr_conn_info {
	__u32 size;
	__u32 flags;
	__s32 pid;
	__u32 chid;
	__u32 scoid;
	__u32 reserved;
};

#define RESMGR_CONN_ATTACH	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_CONN_ATTACH)
#define RESMGR_CONN_SEND	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_CONN_SEND)
#define RESMGR_CONN_PULSE	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_CONN_PULSE)
#define RESMGR_CONN_INFO	_IO(RESMGR_IOC_MAGIC, RESMGR_CMD_CONN_INFO)

#endif /* _UAPI_LINUX_RESMGR_H */
