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

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/ftype.h>
#include <sys/qnx_errno.h>
#include <devctl.h>

/* Message types (msg->type, msg->i.type). */
#define _IO_CONNECT		0x0401
#define _IO_READ		0x0402
#define _IO_WRITE		0x0403
#define _IO_CLOSE		0x0404
#define _IO_STAT		0x0405
#define _IO_LSEEK		0x0406
#define _IO_DEVCTL		0x0407
#define _IO_NOTIFY		0x0408

/* combine_len: set when another message follows in the same request. */
#define _IO_COMBINE_FLAG	0x4000

/* connect.subtype */
#define _IO_CONNECT_OPEN		0x21
#define _IO_CONNECT_COMBINE		0x22	/* open + I/O message */
#define _IO_CONNECT_COMBINE_CLOSE	0x23	/* open + I/O message + close */

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

typedef union {
	struct _io_connect connect;
} io_open_t;

/* xtype: the low bits name the kind of transfer, the high bits are flags. */
#define _IO_XTYPE_MASK		0x003fu
#define _IO_XTYPE_NONE		0x0000u
#define _IO_XTYPE_OFFSET	0x0003u	/* pread/pwrite: a struct _xtype_offset follows */
#define _IO_XFLAG_NONBLOCK	0x0100u	/* this request is non-blocking */
#define _IO_XFLAG_BLOCK		0x0200u	/* this request blocks (overrides O_NONBLOCK) */

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

#endif /* _SYS_IOMSG_H */
