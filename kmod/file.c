// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: I/O messages on an open file, and the file operations.
 *
 * Every operation on an open file but its open and its close (ocb.c) is
 * one I/O message on the open's server OCB: read, write, lseek, poll,
 * fsync, fallocate, ioctl (DEVCTL), fcntl locks (lock.c) and the client
 * ioctls of resmgr's own magic (fioc.c).
 *
 * The file position is the server's, as on QNX: iofunc's ocb->offset.
 * The file is opened FMODE_STREAM so read(2) and write(2) reach us with
 * no position (XTYPE_NONE: the server uses and advances its offset) while
 * pread(2) and pwrite(2) still do (XTYPE_OFFSET).  Every reply carries
 * the server's new offset, which we mirror in f_pos so that lseek(fd, 0,
 * SEEK_CUR) and /proc/<pid>/fdinfo agree with the server.  Only
 * sendfile(2) and copy_file_range(2) without offsets move f_pos behind
 * the server's back; the next message that uses its position first tells
 * it where the file is (resmgr_pos_sync()).
 */
#include <linux/bvec.h>
#include <linux/fs.h>
#include <linux/falloc.h>	/* after fs.h: it needs its types */
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/pipe_fs_i.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/splice.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "compat.h"
#include "resmgr_i.h"

/**
 * resmgr_io_req() - a request for an I/O message on an open file
 * @file:	the file
 * @opcode:	enum resmgr_opcode
 *
 * Return: the request, with the file's O_NONBLOCK passed on, or NULL.
 */
struct resmgr_req *resmgr_io_req(struct file *file, u16 opcode)
{
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_req *req;

	req = resmgr_req_alloc(ocb->link->chan, opcode, ocb->link,
			       resmgr_file_ocb(file));
	if (!req)
		return NULL;
	if (file->f_flags & O_NONBLOCK)
		req->ih.flags |= RESMGR_IN_F_NONBLOCK;
	/* Its data is charged to the opener's budget (req.c). */
	req->client = ocb->client;
	return req;
}

/**
 * resmgr_io_call() - send an I/O message and wait for the answer
 * @file:	the file it is about
 * @req:	the request
 *
 * The server's new file position, if the reply has one, becomes f_pos.
 *
 * Return: 0 when the server answered without error (its status is in
 * req->oh.status), its errno negated, resmgr_req_send()'s error, or
 * -EBADF without sending when the open's OCB has ended (see
 * resmgr_ocb_ended()).
 */
ssize_t resmgr_io_call(struct file *file, struct resmgr_req *req)
{
	int ret;

	/* A reference taken after the last close: the OCB is gone. */
	if (resmgr_ocb_ended(file))
		return -EBADF;
	ret = resmgr_req_send(req);
	if (ret)
		return ret;
	if (req->oh.error)
		return -req->oh.error;
	/* A directory's position is its readdir cookie, the kernel's. */
	if (req->oh.flags & RESMGR_OUT_F_OFFSET && req->oh.offset >= 0 &&
	    !S_ISDIR(file_inode(file)->i_mode)) {
		struct resmgr_ocb *ocb = file->private_data;

		WRITE_ONCE(ocb->server_pos, req->oh.offset);
		WRITE_ONCE(file->f_pos, req->oh.offset);
	}
	return 0;
}

/* pread/pwrite come with a position (XTYPE_OFFSET); read/write without. */
static void resmgr_rw_fill(struct file *file, struct resmgr_req *req,
			   size_t count, loff_t *ppos)
{
	req->in.rw.nbytes = count;
	if (ppos) {
		req->in.rw.xtype = RESMGR_XTYPE_OFFSET;
		req->in.rw.offset = *ppos;
	} else {
		req->in.rw.xtype = RESMGR_XTYPE_NONE;
		req->in.rw.offset = READ_ONCE(file->f_pos);
	}
	req->in_body_len = sizeof(req->in.rw);
}

/*
 * One READ or WRITE carries at most a client's whole byte budget (req.c),
 * so it always fits once the client has nothing else in flight; a larger
 * read(2) or write(2) is a short one, as POSIX allows.
 */
static size_t resmgr_rw_clamp(size_t count)
{
	/* Read-only parameters (main.c): no WRITE_ONCE to pair with. */
	unsigned long max = min(resmgr_max_client_inflight,
				resmgr_max_inflight);

	return min_t(size_t, count, min_t(unsigned long, max, MAX_RW_COUNT));
}

static loff_t resmgr_lseek_send(struct file *file, loff_t offset, int whence);

/*
 * sendfile(2) and copy_file_range(2) without offsets read and write a
 * seekable file at f_pos through ->splice_read/->splice_write, whose
 * READ and WRITE carry that position (XTYPE_OFFSET, which the server
 * does not take as its own), and then move f_pos themselves.  Before a
 * message that uses the server's position (read(2), write(2), lseek(2)
 * from the current position), tell the server where the file is now: an
 * LSEEK to f_pos, only when the two differ.
 */
static int resmgr_pos_sync(struct file *file)
{
	struct resmgr_ocb *ocb = file->private_data;
	loff_t pos = READ_ONCE(file->f_pos);
	loff_t ret;

	if (file->f_op != &resmgr_file_ops ||
	    pos == READ_ONCE(ocb->server_pos))
		return 0;
	ret = resmgr_lseek_send(file, pos, SEEK_SET);
	if (ret == -EINTR || ret == -ERESTARTSYS)
		return ret;
	/*
	 * A server that cannot seek keeps its own position, as it did
	 * before: that is no reason to fail the read or write.
	 */
	if (ret < 0)
		WRITE_ONCE(ocb->server_pos, pos);
	return 0;
}

static ssize_t resmgr_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct resmgr_req *req;
	ssize_t ret;

	if (!ppos) {
		ret = resmgr_pos_sync(file);
		if (ret)
			return ret;
	}
	count = resmgr_rw_clamp(count);
	req = resmgr_io_req(file, RESMGR_OP_READ);
	if (!req)
		return -ENOMEM;
	resmgr_rw_fill(file, req, count, ppos);
	ret = resmgr_req_map_reply(req, buf, count);
	/* A kernel buffer's MSGWRITE gaps read as zeros, not old heap. */
	if (!ret && !req->out_pages && req->out_data != req->inline_data)
		memset(req->out_data, 0, count);
	if (!ret)
		ret = resmgr_io_call(file, req);
	if (!ret) {
		ret = req->oh.status;
		if (resmgr_req_reply_to_user(req, buf, ret))
			ret = -EFAULT;
		else if (ppos)
			*ppos += ret;
	}
	resmgr_req_put(req);
	return ret;
}

/*
 * RLIMIT_FSIZE, as generic_write_check_limits() applies it (6.1 does not
 * export that): a write that would start at or past the limit fails
 * EFBIG with SIGXFSZ, one that would cross it is cut short.  Only a
 * seekable regular file has a size to limit; where the write lands is
 * known but for O_APPEND without a position, which the server places
 * at its end of file.
 */
static int resmgr_write_limit(struct file *file, loff_t *ppos, size_t *count)
{
	unsigned long limit = rlimit(RLIMIT_FSIZE);
	loff_t pos;

	if (limit == RLIM_INFINITY || !*count ||
	    !S_ISREG(file_inode(file)->i_mode) ||
	    file->f_op == &resmgr_stream_ops)
		return 0;
	if (!ppos && file->f_flags & O_APPEND)
		return 0;
	pos = ppos ? *ppos : READ_ONCE(file->f_pos);
	if (pos >= limit) {
		send_sig(SIGXFSZ, current, 0);
		return -EFBIG;
	}
	*count = min_t(u64, *count, limit - pos);
	return 0;
}

/* One WRITE of what @from holds (up to the clamp), at *@ppos if given. */
static ssize_t resmgr_write_from(struct file *file, struct iov_iter *from,
				 loff_t *ppos)
{
	size_t count = resmgr_rw_clamp(iov_iter_count(from));
	struct resmgr_req *req;
	ssize_t ret;

	ret = ppos ? 0 : resmgr_pos_sync(file);
	if (!ret)
		ret = resmgr_write_limit(file, ppos, &count);
	if (ret)
		return ret;
	req = resmgr_io_req(file, RESMGR_OP_WRITE);
	if (!req)
		return -ENOMEM;
	resmgr_rw_fill(file, req, count, ppos);
	ret = resmgr_req_alloc_data(req, count, 0);
	if (!ret && !copy_from_iter_full(req->in_data, count, from))
		ret = -EFAULT;
	if (!ret)
		ret = resmgr_io_call(file, req);
	if (!ret) {
		struct inode *inode = file_inode(file);

		ret = req->oh.status;
		if (ppos)
			*ppos += ret;
		/*
		 * Where the bytes ended: the position given, or the one the
		 * server reported back (O_APPEND's end of file too).
		 */
		if (ret > 0 && S_ISREG(inode->i_mode) &&
		    file->f_op == &resmgr_file_ops)
			resmgr_size_at_least(inode, ppos ? *ppos :
					     READ_ONCE(file->f_pos));
		resmgr_mapping_changed(inode);
	}
	resmgr_req_put(req);
	return ret;
}

static ssize_t resmgr_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct iov_iter from;

	iov_iter_ubuf(&from, ITER_SOURCE, (void __user *)buf, count);
	return resmgr_write_from(file, &from, ppos);
}

/**
 * resmgr_read_to_iter() - one READ through a kernel bounce buffer
 * @file:	the file
 * @to:		where the bytes go; any kind of iterator
 * @ppos:	the position to read at, advanced by what came, or NULL for
 *		the server's own offset
 * @killable:	only a fatal signal ends the wait (a page fault: another
 *		signal must not turn into SIGBUS)
 *
 * The bytes cannot go straight to @to: it may be several user segments
 * (readv) or kernel memory (exec's kernel_read(), a page cache folio),
 * none of them one user buffer for the server's MSGWRITE to land in.
 *
 * Return: the bytes read, or -errno.
 */
ssize_t resmgr_read_to_iter(struct file *file, struct iov_iter *to,
			    loff_t *ppos, bool killable)
{
	size_t count = resmgr_rw_clamp(iov_iter_count(to));
	struct resmgr_req *req;
	ssize_t ret;

	req = resmgr_io_req(file, RESMGR_OP_READ);
	if (!req)
		return -ENOMEM;
	req->uninterruptible = killable;
	resmgr_rw_fill(file, req, count, ppos);
	ret = resmgr_req_alloc_data(req, 0, count);
	if (!ret) {
		/* MSGWRITE may leave gaps: they read as zeros, not old heap. */
		memset(req->out_data, 0, count);
		ret = resmgr_io_call(file, req);
	}
	if (!ret) {
		size_t got = min_t(size_t, req->oh.status, count);
		size_t copied = copy_to_iter(req->out_data, got, to);

		/* The server has consumed them: report what did arrive. */
		ret = copied || !got ? copied : -EFAULT;
		if (ret > 0 && ppos)
			*ppos += ret;
	}
	resmgr_req_put(req);
	return ret;
}

/*
 * readv(2) on a stream: one READ for the whole vector, so the server
 * hands out one record, not one per segment.
 */
static ssize_t resmgr_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	return resmgr_read_to_iter(iocb->ki_filp, to, NULL, false);
}

/*
 * splice(2), sendfile(2) and copy_file_range(2) out of a resmgr file: one
 * READ into fresh pages, as many as the pipe has room for (at most
 * RESMGR_SPLICE_PAGES), which then go into the pipe as they are.  The
 * caller holds the pipe's lock, so the room cannot shrink meanwhile.
 * A seekable file is read at *@ppos (XTYPE_OFFSET), a stream at the
 * server's own position.
 */
#define RESMGR_SPLICE_PAGES	16

static ssize_t resmgr_splice_to_pipe(struct file *in, loff_t *ppos,
				     struct pipe_inode_info *pipe, size_t len)
{
	struct page *pages[RESMGR_SPLICE_PAGES];
	struct bio_vec bv[RESMGR_SPLICE_PAGES];
	unsigned int room, npages, i;
	struct iov_iter to;
	ssize_t ret, got;

	room = pipe->max_usage - pipe_occupancy(pipe->head, pipe->tail);
	if (!room || room > pipe->max_usage)
		return -EAGAIN;
	npages = min_t(size_t, min_t(unsigned int, room, RESMGR_SPLICE_PAGES),
		       DIV_ROUND_UP(len, PAGE_SIZE));
	for (i = 0; i < npages; i++) {
		pages[i] = alloc_page(GFP_KERNEL_ACCOUNT);
		if (!pages[i])
			break;
		bv[i].bv_page = pages[i];
		bv[i].bv_offset = 0;
		bv[i].bv_len = min_t(size_t, PAGE_SIZE, len - i * PAGE_SIZE);
	}
	npages = i;
	if (!npages)
		return -ENOMEM;
	len = min_t(size_t, len, npages * PAGE_SIZE);
	iov_iter_bvec(&to, ITER_DEST, bv, npages, len);
	got = resmgr_read_to_iter(in, &to, ppos, false);
	ret = got;
	for (i = 0; i < npages; i++) {
		size_t off = i * PAGE_SIZE;
		struct pipe_buffer buf = {
			.ops = &nosteal_pipe_buf_ops,
			.page = pages[i],
			.len = got > (ssize_t)off ?
			       min_t(size_t, PAGE_SIZE, got - off) : 0,
		};

		if (!buf.len)
			put_page(pages[i]);
		else if (add_to_pipe(pipe, &buf) < 0)	/* released it */
			ret = min_t(ssize_t, ret, off);
	}
	/*
	 * A full pipe cannot happen under its lock, but if it did, the bytes
	 * it did not take are read again next time, not lost.
	 */
	if (ret < got) {
		if (ppos)
			*ppos -= got - ret;
		if (!ret)
			ret = -EAGAIN;
	}
	return ret;
}

static ssize_t resmgr_splice_read(struct file *in, loff_t *ppos,
				  struct pipe_inode_info *pipe, size_t len,
				  unsigned int flags)
{
	return resmgr_splice_to_pipe(in, ppos, pipe, len);
}

static ssize_t resmgr_stream_splice_read(struct file *in, loff_t *ppos,
					 struct pipe_inode_info *pipe,
					 size_t len, unsigned int flags)
{
	return resmgr_splice_to_pipe(in, NULL, pipe, len);
}

/* One WRITE of a pipe buffer's bytes, at the position splice keeps. */
static int resmgr_splice_write_buf(struct pipe_inode_info *pipe,
				   struct pipe_buffer *buf,
				   struct splice_desc *sd)
{
	struct bio_vec bv = {
		.bv_page = buf->page,
		.bv_offset = buf->offset,
		.bv_len = sd->len,
	};
	struct file *out = sd->u.file;
	struct iov_iter from;
	loff_t pos = sd->pos;

	iov_iter_bvec(&from, ITER_SOURCE, &bv, 1, sd->len);
	return resmgr_write_from(out, &from, out->f_op == &resmgr_stream_ops ?
				 NULL : &pos);
}

/* splice(2) and friends into a resmgr file: a WRITE per pipe buffer. */
static ssize_t resmgr_splice_write(struct pipe_inode_info *pipe,
				   struct file *out, loff_t *ppos, size_t len,
				   unsigned int flags)
{
	struct splice_desc sd = {
		.total_len = len,
		.flags = flags,
		.pos = *ppos,
		.u.file = out,
	};
	ssize_t ret;

	pipe_lock(pipe);
	ret = __splice_from_pipe(pipe, &sd, resmgr_splice_write_buf);
	pipe_unlock(pipe);
	if (ret > 0)
		*ppos = sd.pos;
	return ret;
}

/* writev(2) on a stream: one WRITE with every segment's bytes. */
static ssize_t resmgr_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	return resmgr_write_from(iocb->ki_filp, from, NULL);
}

loff_t resmgr_llseek(struct file *file, loff_t offset, int whence)
{
	loff_t ret;

	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		return -EINVAL;
	if (whence == SEEK_CUR) {
		ret = resmgr_pos_sync(file);
		if (ret)
			return ret;
	}
	return resmgr_lseek_send(file, offset, whence);
}

/* One LSEEK; the server's new position becomes f_pos. */
static loff_t resmgr_lseek_send(struct file *file, loff_t offset, int whence)
{
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_req *req;
	loff_t ret;

	req = resmgr_io_req(file, RESMGR_OP_LSEEK);
	if (!req)
		return -ENOMEM;
	req->in.lseek.offset = offset;
	req->in.lseek.whence = whence;
	req->in.lseek.cur = READ_ONCE(file->f_pos);
	req->in_body_len = sizeof(req->in.lseek);
	ret = resmgr_io_call(file, req);
	if (!ret) {
		ret = req->oh.status;
		WRITE_ONCE(ocb->server_pos, ret);
		WRITE_ONCE(file->f_pos, ret);
	}
	resmgr_req_put(req);
	return ret;
}

#define RESMGR_POLL_EVENTS	(EPOLLIN | EPOLLPRI | EPOLLOUT | EPOLLRDNORM | \
				 EPOLLRDBAND | EPOLLWRNORM | EPOLLWRBAND)

/*
 * poll(2), select(2), epoll: ask the server what is ready now (NOTIFY).
 * If nothing asked for is, the server remembers this open's handle and
 * wakes our waiters with RESMGR_IOC_NOTIFY when that changes; the VFS
 * then calls us again and we ask again.  A dead server reads as an error
 * and a hang-up, so waiters never sleep on it.
 */
__poll_t resmgr_poll(struct file *file, poll_table *pt)
{
	struct resmgr_ocb *ocb = file->private_data;
	__poll_t want = poll_requested_events(pt) & RESMGR_POLL_EVENTS;
	struct resmgr_req *req;
	__poll_t mask;
	int ret;

	poll_wait(file, &ocb->poll_wq, pt);
	/*
	 * epoll polls through a reference of its own (epi_fget()), which it
	 * may take after the last close ended the OCB: nothing to ask then.
	 */
	if (resmgr_ocb_ended(file))
		return EPOLLERR | EPOLLHUP;
	req = resmgr_io_req(file, RESMGR_OP_NOTIFY);
	if (!req)
		return EPOLLERR;
	req->in.notify.events = (__force u32)want;
	req->in.notify.kh = ocb->kh;
	req->in_body_len = sizeof(req->in.notify);
	ret = resmgr_io_call(file, req);
	if (!ret)
		mask = (__force __poll_t)req->oh.status &
		       (want | EPOLLERR | EPOLLHUP);
	else if (ret == -ENOTCONN)
		mask = EPOLLERR | EPOLLHUP;
	else if (ret == -ERESTARTSYS || ret == -EINTR)
		mask = 0;	/* the caller sees the signal itself */
	else
		mask = EPOLLERR;
	resmgr_req_put(req);
	return mask;
}

/* fsync(2) and fdatasync(2): QNX's _IO_SYNC, O_SYNC or O_DSYNC. */
int resmgr_fsync(struct file *file, loff_t start, loff_t end, int datasync)
{
	struct resmgr_req *req;
	int ret;

	req = resmgr_io_req(file, RESMGR_OP_SYNC);
	if (!req)
		return -ENOMEM;
	req->in.sync.flags = datasync ? RESMGR_SYNC_DATA : 0;
	req->in_body_len = sizeof(req->in.sync);
	ret = resmgr_io_call(file, req);
	resmgr_req_put(req);
	return ret;
}

/*
 * fallocate(2) as QNX's _IO_SPACE.  Only the modes SPACE can say are
 * sent; the rest (zero range, collapse, insert, unshare) would be taken
 * for something else by a server, so they fail here without asking it.
 * The VFS has already checked the range, the access and the file type.
 */
static long resmgr_fallocate(struct file *file, int mode, loff_t offset,
			     loff_t len)
{
	struct resmgr_req *req;
	u32 cmd, flags;
	long ret;

	switch (mode) {
	case 0:
		cmd = RESMGR_SPACE_ALLOC;
		flags = 0;
		break;
	case FALLOC_FL_KEEP_SIZE:
		cmd = RESMGR_SPACE_ALLOC;
		flags = RESMGR_SPACE_KEEP_SIZE;
		break;
	case FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE:
		cmd = RESMGR_SPACE_FREE;
		flags = RESMGR_SPACE_KEEP_SIZE;
		break;
	default:
		return -EOPNOTSUPP;
	}
	req = resmgr_io_req(file, RESMGR_OP_SPACE);
	if (!req)
		return -ENOMEM;
	req->in.space.cmd = cmd;
	req->in.space.flags = flags;
	req->in.space.start = offset;
	req->in.space.len = len;
	req->in_body_len = sizeof(req->in.space);
	ret = resmgr_io_call(file, req);
	resmgr_req_put(req);
	if (!ret)
		resmgr_mapping_changed(file_inode(file));
	return ret;
}

/**
 * resmgr_devctl() - one DEVCTL, QNX's devctl()
 * @file:	the file
 * @cmd:	the command; its direction and size bits say what goes to
 *		the server and what comes back, and nothing else is trusted,
 *		so a server can never make the kernel copy more than the
 *		command encodes
 * @uarg:	the caller's data
 *
 * Return: the server's status, or its errno negated as it gave it.
 */
long resmgr_devctl(struct file *file, unsigned int cmd, void __user *uarg)
{
	u32 size = _IOC_SIZE(cmd);
	u32 in = _IOC_DIR(cmd) & _IOC_WRITE ? size : 0;
	u32 out = _IOC_DIR(cmd) & _IOC_READ ? size : 0;
	struct resmgr_req *req;
	long ret;

	req = resmgr_io_req(file, RESMGR_OP_DEVCTL);
	if (!req)
		return -ENOMEM;
	req->in.devctl.dcmd = cmd;
	req->in.devctl.nbytes = in;
	req->in.devctl.out_max = out;
	req->in_body_len = sizeof(req->in.devctl);
	ret = resmgr_req_alloc_data(req, in, out);
	if (!ret)
		memset(req->out_data, 0, out);	/* MSGWRITE gaps: zeros */
	if (!ret && in && copy_from_user(req->in_data, uarg, in))
		ret = -EFAULT;
	if (!ret)
		ret = resmgr_io_call(file, req);
	if (!ret) {
		ret = req->oh.status;
		/* Only what the server supplied; the rest stays as it was. */
		if (out && copy_to_user(uarg, req->out_data,
					min_t(size_t, req->out_len, out)))
			ret = -EFAULT;
	}
	resmgr_req_put(req);
	return ret;
}

/*
 * ioctl(2): a DEVCTL, with the server's status as the return value.
 * ENOSYS, QNX's answer for a command a device does not know, is ENOTTY
 * to a Linux caller, as every Linux driver says it; QNX's devctl() comes
 * by RESMGR_FIOC_DEVCTL and keeps it.  resmgr's own magic is the
 * kernel's (client ioctls, fioc.c) and never reaches the server.
 */
long resmgr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	long ret;

	if (_IOC_TYPE(cmd) == RESMGR_IOC_MAGIC)
		return resmgr_fioc(file, cmd, (void __user *)arg);
	ret = resmgr_devctl(file, cmd, (void __user *)arg);
	return ret == -ENOSYS ? -ENOTTY : ret;
}

/*
 * No ->flock: flock(2) stays the VFS's own, local to this machine's
 * view of the file.  QNX has no flock() message to carry it, and a
 * server-side flock with fcntl's owner rules would be neither flock's
 * semantics (per open, inherited across fork) nor fcntl's.
 */
const struct file_operations resmgr_file_ops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_file_open,
	.read		= resmgr_read,
	.write		= resmgr_write,
	.llseek		= resmgr_llseek,
	.poll		= resmgr_poll,
	.unlocked_ioctl	= resmgr_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= resmgr_mmap,
	.splice_read	= resmgr_splice_read,
	.splice_write	= resmgr_splice_write,
	.fsync		= resmgr_fsync,
	.fallocate	= resmgr_fallocate,
	.lock		= resmgr_lock,
	.setlease	= simple_nosetlease,
	.flush		= resmgr_file_flush,
	.release	= resmgr_file_release,
};

/* RESMGR_OPEN_NONSEEKABLE opens: see resmgr_open_granted(). */
const struct file_operations resmgr_stream_ops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_file_open,
	.read		= resmgr_read,
	.write		= resmgr_write,
	.read_iter	= resmgr_read_iter,
	.write_iter	= resmgr_write_iter,
	.llseek		= resmgr_llseek,
	.poll		= resmgr_poll,
	.unlocked_ioctl	= resmgr_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.mmap		= resmgr_mmap,
	.splice_read	= resmgr_stream_splice_read,
	.splice_write	= resmgr_splice_write,
	.fsync		= resmgr_fsync,
	.fallocate	= resmgr_fallocate,
	.lock		= resmgr_lock,
	.setlease	= simple_nosetlease,
	.flush		= resmgr_file_flush,
	.release	= resmgr_file_release,
};
