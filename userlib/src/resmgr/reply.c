// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Replies: turning a handler's answer (status plus data parts, in QNX
 * terms) into the kernel's reply (struct resmgr_out_header, a body
 * depending on the request, data).
 *
 * What a reply must carry besides the handler's data depends on the
 * request, not on who replies, so MsgReply() from any thread and the
 * library's own reply go through the same rm_reply_build().
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>

#include "dispatch/dispatch_i.h"

void rm_reply_error(struct rm_reply *r, uint64_t unique, int err)
{
	memset(&r->out, 0, sizeof(r->out));
	r->out.len = sizeof(r->out);
	r->out.error = err;
	r->out.unique = unique;
	r->iov[0].iov_base = &r->out;
	r->iov[0].iov_len = sizeof(r->out);
	r->iovcnt = 1;
}

/* Copy up to @len bytes of the parts to @dst; returns the bytes copied. */
size_t rm_gather(void *dst, size_t len, const iov_t *parts, unsigned nparts)
{
	size_t done = 0, n;
	unsigned i;

	for (i = 0; i < nparts && done < len; i++) {
		n = parts[i].iov_len < len - done ? parts[i].iov_len : len - done;
		memcpy((char *)dst + done, parts[i].iov_base, n);
		done += n;
	}
	return done;
}

/* Linux has no S_IFNAM; such names look like character devices. */
uint32_t rm_mode_to_wire(mode_t mode)
{
	if ((mode & S_IFMT) == S_IFNAM)
		return (mode & ~(mode_t)S_IFMT) | S_IFCHR;
	return mode;
}

void rm_stat_to_wire(const struct stat *st, struct resmgr_stat *w)
{
	memset(w, 0, sizeof(*w));
	w->ino = st->st_ino;
	w->size = st->st_size;
	w->blocks = st->st_blocks;
	w->atime_sec = st->st_atim.tv_sec;
	w->atime_nsec = st->st_atim.tv_nsec;
	w->mtime_sec = st->st_mtim.tv_sec;
	w->mtime_nsec = st->st_mtim.tv_nsec;
	w->ctime_sec = st->st_ctim.tv_sec;
	w->ctime_nsec = st->st_ctim.tv_nsec;
	w->mode = rm_mode_to_wire(st->st_mode);
	w->nlink = st->st_nlink;
	w->uid = st->st_uid;
	w->gid = st->st_gid;
	/* glibc's dev_t truncated to 32 bits is the kernel's new_encode_dev(). */
	w->rdev = (uint32_t)st->st_rdev;
	w->blksize = st->st_blksize;
	w->dev = (uint32_t)st->st_dev;
}

static void rm_reply_add(struct rm_reply *r, const void *base, size_t len)
{
	r->iov[r->iovcnt].iov_base = (void *)base;
	r->iov[r->iovcnt].iov_len = len;
	r->iovcnt++;
	r->out.len += len;
}

/* Add the bytes of @parts after the first @skip, at most @room of them. */
static void rm_reply_add_parts(struct rm_reply *r, const iov_t *parts,
			       unsigned nparts, size_t skip, uint64_t room)
{
	const char *base;
	size_t len;
	unsigned i;

	for (i = 0; i < nparts && room; i++) {
		len = parts[i].iov_len;
		if (skip >= len) {
			skip -= len;
			continue;
		}
		base = (const char *)parts[i].iov_base + skip;
		len -= skip;
		skip = 0;
		if (len > room)
			len = room;
		rm_reply_add(r, base, len);
		room -= len;
	}
}

/*
 * DEVCTL: QNX handlers reply a struct _io_devctl_reply and the data
 * after it, in any number of parts.  The client gets ret_val as ioctl()'s
 * value and the data, no more than the command passes back.  A reply
 * without the header (EOK, MsgReply(rcvid, status, NULL, 0)) carries
 * just the status.  ioctl() cannot return a negative value (that would
 * read as an error), so one is refused.
 */
static int rm_devctl_reply(struct rm_reply *r, const struct rm_req *req,
			   long *status, const iov_t *parts, unsigned nparts)
{
	struct _io_devctl_reply o;

	if (rm_gather(&o, sizeof(o), parts, nparts) == sizeof(o)) {
		*status = o.ret_val;
		rm_reply_add_parts(r, parts, nparts, sizeof(o), req->nbytes);
	}
	if (*status < 0 || *status > INT32_MAX)
		return EOVERFLOW;
	return EOK;
}

/*
 * NOTIFY: QNX handlers reply a struct _io_notify_reply (iofunc_notify()
 * does); its conditions become the poll events ready, as the status, with
 * no data.  A reply without it gives the status as conditions.  Only
 * events the client asked for, and POLLERR/POLLHUP, which poll() always
 * reports.
 */
static void rm_notify_reply(const struct rm_req *req, long *status,
			    const iov_t *parts, unsigned nparts)
{
	struct _io_notify_reply o;
	int32_t cond = (int32_t)*status;

	if (rm_gather(&o, sizeof(o), parts, nparts) == sizeof(o))
		cond = o.flags;
	*status = rm_notify_events(cond) & (req->events | POLLERR | POLLHUP);
}

/*
 * LOCK: the reply always carries a struct resmgr_lock_out.  Handlers
 * reply a struct _io_lock_reply and a flock (iofunc_lock() for F_GETLK);
 * a reply without them (EOK: the lock was set) says "no lock", F_UNLCK.
 */
static void rm_lock_reply(struct rm_reply *r, const iov_t *parts,
			  unsigned nparts)
{
	struct {
		struct _io_lock_reply o;
		flock_t fl;
	} q;
	struct resmgr_lock_out *lo = &r->body.lock;

	memset(lo, 0, sizeof(*lo));
	lo->type = F_UNLCK;
	if (rm_gather(&q, sizeof(q), parts, nparts) == sizeof(q)) {
		lo->type = q.fl.l_type;
		lo->pid = q.fl.l_pid > 0 ? (uint32_t)q.fl.l_pid : 0;
		lo->start = q.fl.l_start;
		lo->len = q.fl.l_len;
	}
	rm_reply_add(r, lo, sizeof(*lo));
}

/*
 * FDINFO: handlers reply a struct _io_fdinfo_reply, then the path; the
 * kernel takes a struct resmgr_fdinfo, then at most the room the client
 * has for the path.
 */
static void rm_fdinfo_reply(struct rm_reply *r, const struct rm_req *req,
			    const iov_t *parts, unsigned nparts)
{
	struct resmgr_fdinfo *w = &r->body.fdinfo;
	struct _io_fdinfo_reply o;

	memset(w, 0, sizeof(*w));
	memset(&o, 0, sizeof(o));
	if (rm_gather(&o, sizeof(o), parts, nparts) == sizeof(o)) {
		w->mode = rm_mode_to_wire(o.info.mode);
		w->ioflag = o.info.ioflag;
		w->offset = o.info.offset;
		w->size = o.info.size;
		w->flags = o.info.flags;
		w->count = o.info.count;
		w->rcount = o.info.rcount;
		w->wcount = o.info.wcount;
		w->rlocks = o.info.rlocks;
		w->wlocks = o.info.wlocks;
	}
	rm_reply_add(r, w, sizeof(*w));
	rm_reply_add_parts(r, parts, nparts, sizeof(o), req->nbytes);
}

static bool rm_is_connect(uint16_t opcode)
{
	return opcode >= RESMGR_OP_OPEN && opcode <= RESMGR_OP_COMBINE;
}

/*
 * READLINK: the kernel takes the target (no NUL, at most
 * RESMGR_PATH_MAX bytes) as the data, its length as the status.  QNX
 * handlers reply it as a link reply (_IO_CONNECT_RET_LINK, struct
 * _io_connect_link_reply, entries, the path); a plain reply of the
 * target, status its length (or 0: all of the data), is taken too.
 */
static int rm_readlink_reply(struct rm_reply *r, long *status,
			     const iov_t *parts, unsigned nparts)
{
	unsigned char buf[sizeof(struct _io_connect_link_reply) +
			  RESMGR_PATH_MAX + 1];
	struct _io_connect_link_reply lr;
	size_t got = rm_gather(buf, sizeof(buf), parts, nparts), skip = 0;
	size_t len = got;

	if (*status & _IO_CONNECT_RET_FLAG) {
		if (got < sizeof(lr))
			return EIO;
		memcpy(&lr, buf, sizeof(lr));
		skip = sizeof(lr) + (size_t)lr.nentries *
				    sizeof(struct _io_connect_entry);
		if (skip > got)
			return EIO;
		len = got - skip;
		if (lr.path_len < len)
			len = lr.path_len;
	} else if (*status > 0 && (uint64_t)*status < len) {
		len = *status;
	}
	len = strnlen((const char *)buf + skip, len);
	if (len > RESMGR_PATH_MAX)
		return ENAMETOOLONG;
	rm_reply_add_parts(r, parts, nparts, skip, len);
	*status = len;
	return EOK;
}

/*
 * A connect handler that set _IO_SET_CONNECT_RET(): a link reply
 * (_IO_CONNECT_RET_LINK) means the path crossed a symbolic link, which
 * the kernel follows itself (RESMGR_OUT_F_SYMLINK: it walks the path
 * with STAT_PATH and READLINK and asks again); of READLINK it is the
 * answer.  Returns false when @status is no connect return.
 */
static bool rm_connect_ret(struct rm_reply *r, const struct rm_req *req,
			   long status, const iov_t *parts, unsigned nparts)
{
	int err;

	if (!rm_is_connect(req->opcode) || !(status & _IO_CONNECT_RET_FLAG))
		return false;
	if (!(status & _IO_CONNECT_RET_LINK)) {
		rm_reply_error(r, req->unique, ENOSYS);
		return true;
	}
	if (req->opcode == RESMGR_OP_READLINK) {
		err = rm_readlink_reply(r, &status, parts, nparts);
		if (err)
			rm_reply_error(r, req->unique, err);
		else
			r->out.status = status;
		return true;
	}
	r->out.flags |= RESMGR_OUT_F_SYMLINK;
	return true;
}

/* A successful reply to @req with the handler's status and data. */
void rm_reply_build(struct rm_reply *r, const struct rm_req *req, long status,
		    const iov_t *parts, unsigned nparts)
{
	struct stat st;
	uint64_t pos;

	if (nparts > RM_NPARTS_MAX) {
		rm_reply_error(r, req->unique, EMSGSIZE);
		return;
	}
	rm_reply_error(r, req->unique, 0);
	if (rm_connect_ret(r, req, status, parts, nparts))
		return;

	switch (req->opcode) {
	case RESMGR_OP_OPEN:
	case RESMGR_OP_OPENFD:
		/* An open that bound nothing has not opened anything. */
		if (!req->handle) {
			rm_reply_error(r, req->unique, ENOSYS);
			return;
		}
		memset(&r->body.open, 0, sizeof(r->body.open));
		r->body.open.ocb = req->handle;
		r->body.open.mode = req->open_mode;
		if (req->open_sized && req->dpp &&
		    req->dpp->features & RESMGR_FEAT_OPEN_SIZE) {
			r->body.open.flags |= RESMGR_OPEN_SIZE;
			r->body.open.size = req->open_size;
		}
		if (req->open_node && req->dpp &&
		    req->dpp->features & RESMGR_FEAT_OPEN_NODE) {
			r->body.open.flags |= RESMGR_OPEN_NODE;
			r->body.open.node = req->open_node;
		}
		if (req->open_created && req->dpp &&
		    req->dpp->features & RESMGR_FEAT_OPEN_CREATED)
			r->body.open.flags |= RESMGR_OPEN_CREATED;
		rm_reply_add(r, &r->body.open, sizeof(r->body.open));
		break;
	case RESMGR_OP_STAT:
	case RESMGR_OP_STAT_PATH:
		/* Handlers reply a struct stat (iofunc_stat()). */
		if (rm_gather(&st, sizeof(st), parts, nparts) < sizeof(st)) {
			rm_reply_error(r, req->unique, EIO);
			return;
		}
		rm_stat_to_wire(&st, &r->body.st);
		rm_reply_add(r, &r->body.st, sizeof(r->body.st));
		status = 0;
		break;
	case RESMGR_OP_READ:
		/* Never more than the client asked for (the kernel checks). */
		if (status > 0 && (uint64_t)status > req->nbytes)
			status = req->nbytes;
		rm_reply_add_parts(r, parts, nparts, 0, req->nbytes);
		break;
	case RESMGR_OP_DEVCTL:
		if (rm_devctl_reply(r, req, &status, parts, nparts)) {
			rm_reply_error(r, req->unique, EOVERFLOW);
			return;
		}
		break;
	case RESMGR_OP_NOTIFY:
		rm_notify_reply(req, &status, parts, nparts);
		break;
	case RESMGR_OP_LSEEK:
		/*
		 * QNX handlers reply the new position as data (msg->o);
		 * otherwise take the iofunc OCB's, else the status.
		 */
		if (rm_gather(&pos, sizeof(pos), parts, nparts) == sizeof(pos))
			status = (long)pos;
		else if (req->ocb)
			status = (long)req->ocb->offset;
		r->out.flags |= RESMGR_OUT_F_OFFSET;
		r->out.offset = status;
		break;
	case RESMGR_OP_WRITE:
		/* No more taken than was sent (the kernel checks). */
		if (status > 0 && (uint64_t)status > req->nbytes)
			status = req->nbytes;
		break;
	case RESMGR_OP_LOCK:
		rm_lock_reply(r, parts, nparts);
		break;
	case RESMGR_OP_FDINFO:
		rm_fdinfo_reply(r, req, parts, nparts);
		break;
	case RESMGR_OP_READLINK:
		if (rm_readlink_reply(r, &status, parts, nparts)) {
			rm_reply_error(r, req->unique, ENAMETOOLONG);
			return;
		}
		break;
	case RESMGR_OP_MSG:
	case RESMGR_OP_MSGSEND:
		/* The handler's data, no more than the client takes. */
		rm_reply_add_parts(r, parts, nparts, 0, req->nbytes);
		break;
	default:
		/*
		 * CLOSE_DUP, CHMOD, CHOWN, UTIME, SYNC, COMBINE, UNLINK,
		 * RENAME, MKNOD, LINK: the status is the whole answer; PATHCONF: the value; SPACE: the size.
		 */
		break;
	}
	if (req->report_offset) {
		r->out.flags |= RESMGR_OUT_F_OFFSET;
		r->out.offset = req->ocb->offset;
	}
	r->out.status = status;
}

/*
 * The reply to @req: an error @err, or the handler's status and parts.
 * A failed open must not leave the binding it made behind.  A failed
 * NOTIFY is answered POLLERR: the kernel wants a mask of events.
 */
void rm_req_reply(struct rm_reply *r, const struct rm_req *req, int err,
		  long status, const iov_t *parts, unsigned nparts)
{
	if (err && req->opcode == RESMGR_OP_NOTIFY) {
		/* poll() has no error of its own to give: POLLERR. */
		rm_reply_error(r, req->unique, 0);
		r->out.status = POLLERR;
	} else if (err)
		rm_reply_error(r, req->unique, err);
	else
		rm_reply_build(r, req, status, parts, nparts);
	if ((req->opcode == RESMGR_OP_OPEN || req->opcode == RESMGR_OP_OPENFD) &&
	    (r->out.error || (r->out.flags & RESMGR_OUT_F_SYMLINK)) &&
	    req->handle)
		rm_bind_take(&req->dpp->bindings, req->handle, NULL);
}

/* Send a reply on its own (not combined with a receive). */
int rm_reply_send(dispatch_t *dpp, const struct rm_reply *r)
{
	struct resmgr_xfer x;

	memset(&x, 0, sizeof(x));
	x.size = sizeof(x);
	x.reply_iov = (uintptr_t)r->iov;
	x.reply_iovcnt = r->iovcnt;
	return rm_ioctl(dpp->fd, RESMGR_IOC_XFER, &x) < 0 ? -1 : 0;
}

/*
 * QNX records here what the reply about to be sent holds (a message
 * @type, the S_IFMT of what was read, a hint), so the library can swap
 * it for a client of the other byte order.  Every Linux client has the
 * server's byte order: there is never anything to swap, and the reply
 * goes as the handler built it.
 */
void resmgr_endian_context(resmgr_context_t *ctp, int type, int mode,
			   int hint)
{
}
