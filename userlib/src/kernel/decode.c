// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Translation of the kernel's messages (<linux/resmgr.h>) into the QNX
 * messages handlers are written for (<sys/iomsg.h>).
 *
 * Nothing here does I/O, so the unit tests can check it on hand-built
 * messages.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include "kernel/kernel_i.h"

/*
 * The flags of the kernel's messages this library understands; a message
 * with any other is refused rather than half understood.
 */
#define RM_LOCK_F_KNOWN		RESMGR_LOCK_OFD
#define RM_UTIME_KNOWN		(RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME | \
				 RESMGR_UTIME_NOW)
#define RM_SPACE_F_KNOWN	RESMGR_SPACE_KEEP_SIZE
#define RM_SYNC_KNOWN		RESMGR_SYNC_DATA

/*
 * Check that a connect message (any of the connect table's, STAT_PATH,
 * COMBINE) is complete and well
 * formed: header, body, groups, a NUL-terminated path, extra data.
 */
int rm_decode_connect(const void *msg, size_t len, struct rm_connect_view *v)
{
	const unsigned char *p = msg;
	const struct resmgr_connect_in *ci;
	size_t off = sizeof(struct resmgr_in_header);

	if (len < off + sizeof(*ci))
		return EINVAL;
	ci = (const void *)(p + off);
	off += sizeof(*ci);
	v->ci = ci;
	v->groups = (const void *)(p + off);
	off += (size_t)ci->ngroups * sizeof(uint32_t);
	if (ci->path_len == 0 || ci->path_len > RESMGR_PATH_MAX ||
	    len < off + ci->path_len)
		return EINVAL;
	v->path = (const char *)(p + off);
	if (v->path[ci->path_len - 1] != '\0')
		return EINVAL;
	off += ci->path_len;
	/* Extra data starts 8-byte aligned after the path. */
	off = (off + 7) & ~(size_t)7;
	if (ci->extra_len && len < off + ci->extra_len)
		return EINVAL;
	v->extra_off = off;
	return EOK;
}

static uint8_t rm_eflag_from_kernel(uint16_t keflag)
{
	uint8_t e = 0;

	if (keflag & RESMGR_EFLAG_DIR)
		e |= _IO_CONNECT_EFLAG_DIR;
	if (keflag & RESMGR_EFLAG_DOT)
		e |= _IO_CONNECT_EFLAG_DOT;
	if (keflag & RESMGR_EFLAG_DOTDOT)
		e |= _IO_CONNECT_EFLAG_DOTDOT;
	return e;
}

/* The kernel's extra_type as a QNX connect message says it. */
static uint8_t rm_extra_type_from_kernel(uint16_t kextra)
{
	switch (kextra) {
	case RESMGR_EXTRA_RENAME:
		return _IO_CONNECT_EXTRA_RENAME;
	case RESMGR_EXTRA_LINK:
		return _IO_CONNECT_EXTRA_LINK;
	case RESMGR_EXTRA_SYMLINK:
		return _IO_CONNECT_EXTRA_SYMLINK;
	case RESMGR_EXTRA_MKNOD:
		return _IO_CONNECT_EXTRA_MKNOD;
	case RESMGR_EXTRA_MOUNT:
		return _IO_CONNECT_EXTRA_MOUNT;
	default:
		/* A COMBINE's I/O part is no extra a handler reads. */
		return _IO_CONNECT_EXTRA_NONE;
	}
}

/*
 * The path carried in the extra data of RENAME (the old name) and LINK
 * (the existing file, or a symlink's target): NUL-terminated inside the
 * extra data, not empty, at most RESMGR_PATH_MAX with its NUL.  NULL if
 * the message has none or a malformed one.
 */
const char *rm_connect_extra_path(const void *msg,
				  const struct rm_connect_view *v)
{
	const char *p = (const char *)msg + v->extra_off;
	size_t n = v->ci->extra_len;

	if (v->ci->extra_type != RESMGR_EXTRA_RENAME &&
	    v->ci->extra_type != RESMGR_EXTRA_LINK &&
	    v->ci->extra_type != RESMGR_EXTRA_SYMLINK)
		return NULL;
	if (n > RESMGR_PATH_MAX)
		n = RESMGR_PATH_MAX;
	if (n < 2 || !memchr(p, '\0', n) || !*p)
		return NULL;
	return p;
}

/*
 * MOUNT's extra data as QNX's io_mount_extra_t: its pointers into the
 * message at @msg, which must outlive @x.  EINVAL when the message
 * carries none or a malformed one: lengths that do not add up, or a
 * type or special without its NUL.
 */
int rm_connect_extra_mount(const void *msg, const struct rm_connect_view *v,
			   io_mount_extra_t *x)
{
	const struct resmgr_mount_extra *k;
	const char *p = (const char *)msg + v->extra_off;
	size_t n = v->ci->extra_len;

	if (v->ci->extra_type != RESMGR_EXTRA_MOUNT || n < sizeof(*k))
		return EINVAL;
	k = (const void *)p;
	p += sizeof(*k);
	n -= sizeof(*k);
	if (!k->type_len || !k->special_len ||
	    (uint64_t)k->type_len + k->special_len + k->data_len != n ||
	    p[k->type_len - 1] != '\0' ||
	    p[k->type_len + k->special_len - 1] != '\0')
		return EINVAL;
	memset(x, 0, sizeof(*x));
	x->flags = k->flags;
	x->nbytes = sizeof(*x) + n;
	x->datalen = k->data_len;
	x->extra.srv.type = (char *)p;
	x->extra.srv.special = (char *)p + k->type_len;
	x->extra.srv.data = k->data_len ?
			    (void *)(p + k->type_len + k->special_len) : NULL;
	return EOK;
}

/* MKNOD's device number; false when the message carries none. */
bool rm_connect_extra_rdev(const void *msg, const struct rm_connect_view *v,
			   dev_t *rdev)
{
	struct resmgr_mknod_extra mx;

	if (v->ci->extra_type != RESMGR_EXTRA_MKNOD ||
	    v->ci->extra_len < sizeof(mx))
		return false;
	memcpy(&mx, (const char *)msg + v->extra_off, sizeof(mx));
	/* glibc's dev_t encoding agrees with new_encode_dev() in 32 bits. */
	*rdev = mx.rdev;
	return true;
}

/*
 * Build the io_open_t a connect handler gets.  @c must have room for
 * the header and RESMGR_PATH_MAX bytes of path.  Returns the bytes of
 * the QNX message (header and path).
 */
size_t rm_build_connect(struct _io_connect *c, uint16_t subtype,
			const struct rm_connect_view *v)
{
	const struct resmgr_connect_in *ci = v->ci;
	uint32_t mode = ci->mode;

	memset(c, 0, sizeof(*c));
	c->type = _IO_CONNECT;
	c->subtype = subtype;
	c->file_type = _FTYPE_ANY;
	/* The kernel already uses QNX's ioflag encoding: O_* | (acc + 1). */
	c->ioflag = ci->ioflag;
	/*
	 * QNX clients apply their umask before sending; do it here.  If the
	 * kernel already did, this changes nothing.
	 */
	if ((ci->ioflag & O_CREAT) || subtype == _IO_CONNECT_MKNOD)
		mode &= ~(ci->umask & 07777);
	c->mode = mode;
	/*
	 * Only an OPEN follows a final symbolic link (and the kernel walks
	 * any other link itself): every other request acts on the link.
	 */
	if (subtype != _IO_CONNECT_OPEN)
		c->ioflag |= O_NOFOLLOW;
	c->access = (uint16_t)(ci->access & RESMGR_IOFLAG_ACCMODE);
	c->path_len = ci->path_len;
	c->eflag = rm_eflag_from_kernel(ci->eflag);
	c->extra_type = rm_extra_type_from_kernel(ci->extra_type);
	c->extra_len = (uint16_t)ci->extra_len;
	memcpy(c->path, v->path, ci->path_len);
	return sizeof(*c) + ci->path_len;
}

uint32_t rm_xtype_from_kernel(uint32_t kxtype)
{
	uint32_t x;

	switch (kxtype & RESMGR_XTYPE_MASK) {
	case RESMGR_XTYPE_NONE:
		x = _IO_XTYPE_NONE;
		break;
	case RESMGR_XTYPE_OFFSET:
		x = _IO_XTYPE_OFFSET;
		break;
	default:
		/* A kind no handler knows: they answer ENOSYS. */
		x = _IO_XTYPE_MASK;
		break;
	}
	if (kxtype & RESMGR_XFLAG_NONBLOCK)
		x |= _IO_XFLAG_NONBLOCK;
	if (kxtype & RESMGR_XFLAG_BLOCK)
		x |= _IO_XFLAG_BLOCK;
	return x;
}

/* NOTIFY: the poll events a client waits for, as QNX conditions. */
int32_t rm_notify_cond(uint32_t events)
{
	int32_t c = 0;

	if (events & (POLLIN | POLLRDNORM))
		c |= _NOTIFY_COND_INPUT;
	if (events & (POLLOUT | POLLWRNORM))
		c |= _NOTIFY_COND_OUTPUT;
	if (events & (POLLPRI | POLLRDBAND))
		c |= _NOTIFY_COND_OBAND;
	return c;
}

/* ... and conditions that are true, as the poll events they make ready. */
uint32_t rm_notify_events(int32_t cond)
{
	uint32_t e = 0;

	if (cond & _NOTIFY_COND_INPUT)
		e |= POLLIN | POLLRDNORM;
	if (cond & _NOTIFY_COND_OUTPUT)
		e |= POLLOUT | POLLWRNORM;
	if (cond & _NOTIFY_COND_OBAND)
		e |= POLLPRI | POLLRDBAND;
	return e;
}

/*
 * Put the QNX header @qhdr of an I/O message into the receive buffer so
 * that it ends where the kernel's header and body (@kend bytes) ended:
 * any data the client sent then directly follows it, as on QNX.  The
 * kernel's header is always longer, so this never runs off the front.
 * The start is rounded down to 8 bytes for resmgr_iomsgs_t; that only
 * moves headers of messages without data (READ/WRITE headers are
 * multiples of 8 long, and so is the kernel's part).
 */
void *rm_xlate_io(void *buf, size_t kend, const void *qhdr, size_t qhdr_len)
{
	unsigned char *q = (unsigned char *)buf + ((kend - qhdr_len) & ~(size_t)7);

	memcpy(q, qhdr, qhdr_len);
	return q;
}

/* The client's credentials, as a connect message carries them. */
void rm_cred_from_connect(struct rm_cred *c, const struct resmgr_in_header *in,
			  const struct rm_connect_view *v)
{
	const struct resmgr_cred *k = &v->ci->cred;
	uint32_t i, n = v->ci->ngroups;

	memset(&c->ci, 0, sizeof(c->ci));
	c->ci.pid = in->pid;
	c->ci.cred.ruid = k->ruid;
	c->ci.cred.euid = k->euid;
	c->ci.cred.suid = k->suid;
	c->ci.cred.rgid = k->rgid;
	c->ci.cred.egid = k->egid;
	c->ci.cred.sgid = k->sgid;
	c->ci.cred.ngroups = n < _CLIENT_INFO_NGROUPS ? n : _CLIENT_INFO_NGROUPS;
	for (i = 0; i < c->ci.cred.ngroups; i++)
		c->ci.cred.grouplist[i] = v->groups[i];
	c->groups = v->groups;
	c->ngroups = n;
}

static int rm_lock_subtype(uint32_t cmd)
{
	switch (cmd) {
	case RESMGR_LOCK_GET:
		return F_GETLK;
	case RESMGR_LOCK_SET:
		return F_SETLK;
	case RESMGR_LOCK_SETW:
		return F_SETLKW;
	default:
		return -1;
	}
}

/* Copy the kernel's body of type @T from @body, if @avail holds it. */
#define RM_BODY(T, var)							\
	do {								\
		if (avail < sizeof(T))					\
			return EINVAL;					\
		memcpy(&(var), body, sizeof(T));			\
		*blen = sizeof(T);					\
	} while (0)

static int rm_decode_lock(const void *body, size_t avail, union rm_qhdr *q,
			  size_t *qlen, size_t *blen)
{
	struct resmgr_lock_in lk;
	int subtype;

	RM_BODY(struct resmgr_lock_in, lk);
	subtype = rm_lock_subtype(lk.cmd);
	if (subtype < 0 || (lk.flags & ~RM_LOCK_F_KNOWN) ||
	    (lk.type != F_RDLCK && lk.type != F_WRLCK && lk.type != F_UNLCK) ||
	    lk.start < 0 || lk.len < 0)
		return EINVAL;
	q->lock.i.type = _IO_LOCK;
	q->lock.i.subtype = subtype;
	q->lock.i.nbytes = sizeof(q->lock.fl);
	q->lock.i.flags = (lk.flags & RESMGR_LOCK_OFD) ? _IO_LOCK_OFD : 0;
	q->lock.fl.l_type = lk.type;
	q->lock.fl.l_whence = SEEK_SET;
	q->lock.fl.l_start = lk.start;
	q->lock.fl.l_len = lk.len;
	q->lock.fl.l_pid = lk.pid;
	*qlen = sizeof(q->lock);
	return EOK;
}

static int rm_decode_utime(const void *body, size_t avail, union rm_qhdr *q,
			   size_t *qlen, size_t *blen)
{
	struct resmgr_utime_in ut;

	RM_BODY(struct resmgr_utime_in, ut);
	if ((ut.flags & ~RM_UTIME_KNOWN) || ut.atime_nsec >= 1000000000 ||
	    ut.mtime_nsec >= 1000000000)
		return EINVAL;
	q->utime.type = _IO_UTIME;
	q->utime.cur_flag = (ut.flags & RESMGR_UTIME_NOW) ? 1 : 0;
	if (ut.flags & RESMGR_UTIME_ATIME)
		q->utime.flags |= _IO_UTIME_SET_ATIME;
	if (ut.flags & RESMGR_UTIME_MTIME)
		q->utime.flags |= _IO_UTIME_SET_MTIME;
	q->utime.times.actime = ut.atime_sec;
	q->utime.times.modtime = ut.mtime_sec;
	q->utime.actime_ns = ut.atime_nsec;
	q->utime.modtime_ns = ut.mtime_nsec;
	*qlen = sizeof(q->utime);
	return EOK;
}

static int rm_decode_space(const void *body, size_t avail, union rm_qhdr *q,
			   size_t *qlen, size_t *blen)
{
	struct resmgr_space_in sp;

	RM_BODY(struct resmgr_space_in, sp);
	if ((sp.cmd != RESMGR_SPACE_ALLOC && sp.cmd != RESMGR_SPACE_FREE) ||
	    (sp.flags & ~RM_SPACE_F_KNOWN) || sp.start < 0 || sp.len < 0)
		return EINVAL;
	q->space.type = _IO_SPACE;
	q->space.subtype = sp.cmd == RESMGR_SPACE_ALLOC ? F_ALLOCSP64 :
							  F_FREESP64;
	q->space.whence = SEEK_SET;
	q->space.flags = (sp.flags & RESMGR_SPACE_KEEP_SIZE) ?
			 _IO_SPACE_KEEP_SIZE : 0;
	q->space.start = sp.start;
	q->space.len = sp.len;
	*qlen = sizeof(q->space);
	return EOK;
}

int rm_decode_io_body(uint16_t opcode, const void *body, size_t avail,
		      union rm_qhdr *q, size_t *qlen, size_t *blen)
{
	struct resmgr_pathconf_in pc;
	struct resmgr_chmod_in cm;
	struct resmgr_chown_in co;
	struct resmgr_sync_in sy;
	struct resmgr_openfd_in of;
	struct resmgr_fdinfo_in fi;
	struct resmgr_msg_in mi;
	int err = EOK;

	memset(q, 0, sizeof(*q));
	switch (opcode) {
	case RESMGR_OP_PATHCONF:
		RM_BODY(struct resmgr_pathconf_in, pc);
		if (pc.name < INT16_MIN || pc.name > INT16_MAX)
			return EINVAL;
		q->pathconf.type = _IO_PATHCONF;
		q->pathconf.name = (int16_t)pc.name;
		*qlen = sizeof(q->pathconf);
		break;
	case RESMGR_OP_CHMOD:
		RM_BODY(struct resmgr_chmod_in, cm);
		if (cm.mode & ~07777U)
			return EINVAL;
		q->chmod.type = _IO_CHMOD;
		q->chmod.mode = cm.mode;
		*qlen = sizeof(q->chmod);
		break;
	case RESMGR_OP_CHOWN:
		RM_BODY(struct resmgr_chown_in, co);
		q->chown.type = _IO_CHOWN;
		/* RESMGR_ID_UNCHANGED is (uint32_t)-1: it stays -1. */
		q->chown.uid = (int32_t)co.uid;
		q->chown.gid = (int32_t)co.gid;
		*qlen = sizeof(q->chown);
		break;
	case RESMGR_OP_UTIME:
		err = rm_decode_utime(body, avail, q, qlen, blen);
		break;
	case RESMGR_OP_SYNC:
		RM_BODY(struct resmgr_sync_in, sy);
		if (sy.flags & ~RM_SYNC_KNOWN)
			return EINVAL;
		q->sync.type = _IO_SYNC;
		q->sync.flag = (sy.flags & RESMGR_SYNC_DATA) ? O_DSYNC : O_SYNC;
		*qlen = sizeof(q->sync);
		break;
	case RESMGR_OP_SPACE:
		err = rm_decode_space(body, avail, q, qlen, blen);
		break;
	case RESMGR_OP_LOCK:
		err = rm_decode_lock(body, avail, q, qlen, blen);
		break;
	case RESMGR_OP_OPENFD:
		RM_BODY(struct resmgr_openfd_in, of);
		q->openfd.type = _IO_OPENFD;
		q->openfd.ioflag = of.ioflag;
		q->openfd.xtype = _IO_OPENFD_NONE;
		*qlen = sizeof(q->openfd);
		break;
	case RESMGR_OP_FDINFO:
		RM_BODY(struct resmgr_fdinfo_in, fi);
		q->fdinfo.type = _IO_FDINFO;
		q->fdinfo.flags = fi.flags;
		q->fdinfo.path_len = fi.path_max > INT32_MAX ? INT32_MAX :
							       (int32_t)fi.path_max;
		*qlen = sizeof(q->fdinfo);
		break;
	case RESMGR_OP_MSG:
		RM_BODY(struct resmgr_msg_in, mi);
		q->msg.type = _IO_MSG;
		q->msg.mgrid = mi.mgrid;
		q->msg.subtype = mi.subtype;
		*qlen = sizeof(q->msg);
		break;
	default:
		return ENOSYS;
	}
	/* Every header starts with type and combine_len (lock's: + flock). */
	if (err == EOK)
		q->msg.combine_len = (uint16_t)*qlen;
	return err;
}
