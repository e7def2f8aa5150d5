// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: file operations on an attached name.
 *
 * One kernel OCB (struct resmgr_ocb) per struct file holds the server's
 * OCB handle.  ->flush runs on every close(2) of every descriptor for the
 * file (dups, children after fork) and sends CLOSE_DUP; the server ends
 * the OCB exactly once: with the CLOSE_DUP of the last reference, or with
 * the CLOSE_OCB ->release sends when the last reference goes otherwise
 * (an mmap, a file passed over a socket, a failed CLOSE_DUP).  Linux tells a
 * driver nothing about dup() or fork(), so unlike QNX the server never
 * counts bindings: the kernel tells it when the open is gone.
 *
 * The file position is the server's, as on QNX: iofunc's ocb->offset.
 * The file is opened FMODE_STREAM so read(2) and write(2) reach us with
 * no position (XTYPE_NONE: the server uses and advances its offset) while
 * pread(2) and pwrite(2) still do (XTYPE_OFFSET).  Every reply carries
 * the server's new offset, which we mirror in f_pos so that lseek(fd, 0,
 * SEEK_CUR) and /proc/<pid>/fdinfo agree with the server.
 */
#include <linux/fs.h>
#include <linux/falloc.h>	/* after fs.h: it needs its types */
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "compat.h"
#include "resmgr_i.h"

static void resmgr_ocb_free(struct resmgr_req *req)
{
	struct resmgr_ocb *ocb = container_of(req, struct resmgr_ocb, close_req);
	struct resmgr_link *link = ocb->link;
	struct resmgr_chan *chan = link->chan;

	if (ocb->kh)
		xa_erase(&chan->ocbs, ocb->kh);
	resmgr_client_detach(ocb);
	kfree(ocb);
	/*
	 * A detached name's mount can go once its last client lets go (a
	 * dead server's links are all detached).
	 */
	if (READ_ONCE(link->detached))
		resmgr_chan_expire_soon(chan);
	resmgr_link_put(link);
}

/**
 * resmgr_ocb_alloc() - a kernel OCB for a new open through @link
 * @link:	the attach
 *
 * Its CLOSE_OCB is allocated with it, so ending it never fails.
 *
 * Return: the OCB, or NULL.
 */
struct resmgr_ocb *resmgr_ocb_alloc(struct resmgr_link *link)
{
	struct resmgr_ocb *ocb;

	ocb = kzalloc(sizeof(*ocb), GFP_KERNEL_ACCOUNT);
	if (!ocb)
		return NULL;
	init_waitqueue_head(&ocb->poll_wq);
	INIT_LIST_HEAD(&ocb->inode_node);
	INIT_LIST_HEAD(&ocb->dying);
	/*
	 * Cyclic, so that a closed open's handle, which a server may still
	 * hold from a NOTIFY, names no new open for a long while: its
	 * RESMGR_IOC_NOTIFY gets ESRCH instead of waking a stranger.
	 */
	if (xa_alloc_cyclic(&link->chan->ocbs, &ocb->kh, ocb, xa_limit_32b,
			    &link->chan->next_kh, GFP_KERNEL_ACCOUNT) < 0) {
		kfree(ocb);
		return NULL;
	}
	kref_get(&link->kref);
	ocb->link = link;
	if (resmgr_client_attach(ocb)) {
		xa_erase(&link->chan->ocbs, ocb->kh);
		resmgr_link_put(link);
		kfree(ocb);
		return NULL;
	}
	resmgr_req_init(&ocb->close_req, link->chan, RESMGR_OP_CLOSE_OCB,
			link->id, 0);
	ocb->close_req.noreply = true;
	ocb->close_req.free = resmgr_ocb_free;
	return ocb;
}

/**
 * resmgr_ocb_close_event() - end an OCB: tell the server, then free it
 * @ocb:	the kernel OCB
 * @server_ocb:	the server's handle; 0 if the server never granted the
 *		open, and then nothing is sent
 *
 * Needs no memory and never waits: CLOSE_OCB cannot be lost.
 */
void resmgr_ocb_close_event(struct resmgr_ocb *ocb, u64 server_ocb)
{
	struct resmgr_req *req = &ocb->close_req;

	req->ih.ocb = server_ocb;
	if (server_ocb)
		resmgr_req_queue(req);	/* fails only if the server is gone */
	resmgr_req_put(req);
}

/*
 * The open is granted: @ocb now names the server's OCB, and the file is
 * set up as the server's reply says.
 *
 * A stream (RESMGR_OPEN_NONSEEKABLE) gets resmgr_stream_ops, which add
 * ->read_iter and ->write_iter so that readv(2) and writev(2) reach the
 * server as ONE message, atomically, as on a pipe or a tty; read(2) and
 * write(2) still take ->read and ->write, which need no bounce buffer.
 * A seekable file must not have them: with FMODE_STREAM every ki_pos is
 * 0, so ->read_iter could not tell readv() from preadv() at offset 0, and
 * the position is the server's, not ours to put in the message.  There
 * the VFS's loop sends one READ or WRITE per segment, each at the
 * position the previous one left.  Both tables belong to this module, so
 * swapping them leaves the module reference the VFS took unchanged.
 */
static void resmgr_open_granted(struct file *file, struct resmgr_ocb *ocb,
				u64 server_ocb, u32 open_flags)
{
	ocb->close_req.ih.ocb = server_ocb;
	ocb->file = file;
	file->private_data = ocb;
	resmgr_inode_add_ocb(file_inode(file), ocb);
	/* A directory's position is the kernel's: the READ cookie (dir.c). */
	if (S_ISDIR(file_inode(file)->i_mode)) {
		ocb->union_dir = resmgr_route_in_union(file_inode(file)->i_sb);
		return;
	}
	file->f_mode |= FMODE_STREAM;
	file->f_mode &= ~FMODE_ATOMIC_POS;
	if (open_flags & RESMGR_OPEN_NONSEEKABLE) {
		file->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
		file->f_op = &resmgr_stream_ops;
	}
}

/* An open the server granted, carried to resmgr_granted_open(). */
struct resmgr_granted {
	struct resmgr_ocb *ocb;
	u64 server_ocb;
	u32 open_flags;
};

/* finish_open()'s ->open for an OPEN already answered: no message. */
static int resmgr_granted_open(struct inode *inode, struct file *file)
{
	struct resmgr_granted *g = file->private_data;

	resmgr_open_granted(file, g->ocb, g->server_ocb, g->open_flags);
	g->ocb = NULL;
	return 0;
}

/**
 * resmgr_finish_granted() - finish ->atomic_open with the server's OCB
 * @file:	the file being opened
 * @dentry:	its dentry, instantiated
 * @ocb:	the kernel OCB
 * @server_ocb:	the server's OCB from its OPEN reply
 * @open_flags:	RESMGR_OPEN_* of that reply
 *
 * The open was granted by the one OPEN ->atomic_open sent; the file is
 * set up as resmgr_open() would, without a second message.  If the VFS
 * fails the open before our ->open runs, the OCB is ended here; after,
 * ->release ends it.
 *
 * Return: finish_open()'s result.
 */
int resmgr_finish_granted(struct file *file, struct dentry *dentry,
			  struct resmgr_ocb *ocb, u64 server_ocb,
			  u32 open_flags)
{
	struct resmgr_granted g = {
		.ocb = ocb, .server_ocb = server_ocb, .open_flags = open_flags,
	};
	int ret;

	file->private_data = &g;
	ret = finish_open(file, dentry, resmgr_granted_open);
	if (g.ocb) {
		file->private_data = NULL;
		resmgr_ocb_close_event(g.ocb, server_ocb);
	}
	return ret;
}

/*
 * Under a directory prefix the reply's mode must say the type the inode
 * already has: a name that changed type since it was looked up is stale,
 * and -ESTALE makes the VFS walk it again (LOOKUP_REVAL).  The attach
 * point's own type is fixed by the attach.
 */
static bool resmgr_open_type_ok(struct file *file, u32 mode)
{
	struct inode *inode = file_inode(file);
	umode_t type = mode ? mode & S_IFMT : S_IFREG;

	if (IS_ROOT(file->f_path.dentry))
		return true;
	return type == (inode->i_mode & S_IFMT);
}

/**
 * resmgr_open_one() - send OPEN to one server and wait for the grant
 * @link:	the server's link
 * @path:	the path relative to @link's attach point
 * @a:		the open's flags, mode and access
 * @ocbp:	gets the new kernel OCB on success
 * @out:	gets the server's reply body on success
 *
 * A client killed while waiting leaves the OCB to the request, which
 * ends it whatever the server answers.
 *
 * Return: 0, or -errno (-ESTALE: a symbolic link to follow); on error no
 * OCB is left.
 */
int resmgr_open_one(struct resmgr_link *link, const char *path,
		    const struct resmgr_connect_args *a,
		    struct resmgr_ocb **ocbp, struct resmgr_open_out *out)
{
	struct resmgr_ocb *ocb;
	struct resmgr_req *req;
	int ret;

	ocb = resmgr_ocb_alloc(link);
	if (!ocb)
		return -ENOMEM;
	req = resmgr_connect_req(link, path, RESMGR_OP_OPEN, a);
	if (IS_ERR(req)) {
		resmgr_ocb_close_event(ocb, 0);
		return PTR_ERR(req);
	}
	ret = resmgr_req_send(req);
	if (ret == -EINTR) {
		/* Killed: whatever the server answers, the OCB is closed. */
		req->orphan = ocb;
		resmgr_req_put(req);
		return ret;
	}
	ret = resmgr_connect_result(req, ret);
	if (!ret) {
		*out = req->out.open;
		*ocbp = ocb;
	} else {
		resmgr_ocb_close_event(ocb, 0);
	}
	resmgr_req_put(req);
	return ret;
}

/**
 * resmgr_open_send() - send OPEN for @dentry and wait for the grant
 * @dentry:	the name opened
 * @a:		the open's flags, mode and access
 * @ocbp:	gets the new kernel OCB on success
 * @out:	gets the server's reply body on success
 *
 * The OPEN goes along the name's route (route.c): each server attached
 * there in turn, until one answers other than ENOENT or ENOSYS.  The OCB
 * is the granting server's: every I/O message on the open goes to it.
 *
 * Return: see resmgr_open_one().
 */
int resmgr_open_send(struct dentry *dentry, const struct resmgr_connect_args *a,
		     struct resmgr_ocb **ocbp, struct resmgr_open_out *out)
{
	struct resmgr_route r;
	int ret;

	ret = resmgr_route_start(&r, dentry, NULL);
	if (ret)
		return ret;
	while (resmgr_route_next(&r, &ret))
		ret = resmgr_open_one(r.link, r.path, a, ocbp, out);
	resmgr_route_end(&r);
	return ret;
}

int resmgr_file_open(struct inode *inode, struct file *file)
{
	struct resmgr_connect_args a = {
		.ioflag = resmgr_ioflag_encode(file->f_flags),
		.eflag = file->f_flags & O_DIRECTORY ? RESMGR_EFLAG_DIR : 0,
		.f_mode = file->f_mode,
	};
	struct resmgr_open_out out;
	struct resmgr_ocb *ocb;
	u32 open_flags;
	u64 server_ocb;
	int ret;

	/* RESMGR_FIOC_OPENFD: the server has granted this open already. */
	ocb = resmgr_openfd_take(inode->i_sb, &server_ocb, &open_flags);
	if (ocb) {
		resmgr_open_granted(file, ocb, server_ocb, open_flags);
		return 0;
	}

	ret = resmgr_open_send(file->f_path.dentry, &a, &ocb, &out);
	if (ret)
		return ret;
	if (!resmgr_open_type_ok(file, out.mode)) {
		resmgr_ocb_close_event(ocb, out.ocb);
		return -ESTALE;
	}
	resmgr_open_granted(file, ocb, out.ocb, out.flags);
	return 0;
}

static u64 resmgr_file_ocb(struct file *file)
{
	struct resmgr_ocb *ocb = file->private_data;

	return ocb->close_req.ih.ocb;
}

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
	    !S_ISDIR(file_inode(file)->i_mode))
		WRITE_ONCE(file->f_pos, req->oh.offset);
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
	unsigned long max = min(READ_ONCE(resmgr_max_client_inflight),
				READ_ONCE(resmgr_max_inflight));

	return min_t(size_t, count, min_t(unsigned long, max, MAX_RW_COUNT));
}

static ssize_t resmgr_read(struct file *file, char __user *buf, size_t count,
			   loff_t *ppos)
{
	struct resmgr_req *req;
	ssize_t ret;

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

/* One WRITE of what @from holds (up to the clamp), at *@ppos if given. */
static ssize_t resmgr_write_from(struct file *file, struct iov_iter *from,
				 loff_t *ppos)
{
	size_t count = resmgr_rw_clamp(iov_iter_count(from));
	struct resmgr_req *req;
	ssize_t ret;

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
		ret = req->oh.status;
		if (ppos)
			*ppos += ret;
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

/*
 * readv(2) on a stream: one READ for the whole vector, so the server
 * hands out one record, not one per segment.  The data comes through a
 * bounce buffer: the segments are not one buffer to pin.
 */
static ssize_t resmgr_read_iter(struct kiocb *iocb, struct iov_iter *to)
{
	struct file *file = iocb->ki_filp;
	size_t count = resmgr_rw_clamp(iov_iter_count(to));
	struct resmgr_req *req;
	ssize_t ret;

	req = resmgr_io_req(file, RESMGR_OP_READ);
	if (!req)
		return -ENOMEM;
	resmgr_rw_fill(file, req, count, NULL);
	ret = resmgr_req_alloc_data(req, 0, count);
	if (!ret) {
		/* MSGWRITE may leave gaps: they read as zeros, not old heap. */
		memset(req->out_data, 0, count);
		ret = resmgr_io_call(file, req);
	}
	if (!ret) {
		size_t got = req->oh.status;
		size_t copied = copy_to_iter(req->out_data, got, to);

		/* The server has consumed them: report what did arrive. */
		ret = copied || !got ? copied : -EFAULT;
	}
	resmgr_req_put(req);
	return ret;
}

/* writev(2) on a stream: one WRITE with every segment's bytes. */
static ssize_t resmgr_write_iter(struct kiocb *iocb, struct iov_iter *from)
{
	return resmgr_write_from(iocb->ki_filp, from, NULL);
}

static loff_t resmgr_llseek(struct file *file, loff_t offset, int whence)
{
	struct resmgr_req *req;
	loff_t ret;

	if (whence != SEEK_SET && whence != SEEK_CUR && whence != SEEK_END)
		return -EINVAL;
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
	return ret;
}

/*
 * mmap(2) fails, as the uapi says (RESMGR_OP_MMAP is reserved): the data
 * is the server's and changes only by messages, so there are no pages
 * this kernel could map and keep coherent.  The VFS would say ENODEV
 * without ->mmap too; this states the rule beside the other operations.
 */
static int resmgr_mmap(struct file *file, struct vm_area_struct *vma)
{
	return -ENODEV;
}

/*
 * ioctl(2), QNX's devctl(): the command's direction and size bits say what
 * goes to the server and what comes back; nothing else is trusted, so a
 * server can never make the kernel copy more than the command encodes.
 * The server's status is ioctl()'s return value.  resmgr's own magic is
 * the kernel's (client ioctls, fioc.c) and never reaches the server.
 */
long resmgr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	u32 size = _IOC_SIZE(cmd);
	u32 in = _IOC_DIR(cmd) & _IOC_WRITE ? size : 0;
	u32 out = _IOC_DIR(cmd) & _IOC_READ ? size : 0;
	struct resmgr_req *req;
	long ret;

	if (_IOC_TYPE(cmd) == RESMGR_IOC_MAGIC)
		return resmgr_fioc(file, cmd, uarg);
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

/**
 * struct resmgr_dying_dup - a dying task's CLOSE_DUP
 * @req:	the event
 * @ocb:	the open it closes; a reference on its CLOSE_OCB keeps it
 * @node:	in @ocb's dying list until freed, under chan->lock
 */
struct resmgr_dying_dup {
	struct resmgr_req req;
	struct resmgr_ocb *ocb;
	struct list_head node;
};

static void resmgr_dying_dup_free(struct resmgr_req *req)
{
	struct resmgr_dying_dup *d = container_of(req, struct resmgr_dying_dup,
						  req);
	struct resmgr_chan *chan = req->chan;

	spin_lock(&chan->lock);
	list_del(&d->node);
	spin_unlock(&chan->lock);
	resmgr_req_put(&d->ocb->close_req);
	kfree(d);
}

/*
 * The CLOSE_DUP of a dying task, which cannot wait for the answer, so it
 * goes as an event that nothing charges for.  A process that dup()ed one
 * open up to RLIMIT_NOFILE and exits closes each descriptor: one event
 * each would queue hundreds of megabytes at no cost to it.  So while one
 * of this process's dying CLOSE_DUPs of this open is still queued, a
 * further one adds nothing to it but, for the last reference,
 * RESMGR_IN_F_LAST.  What a server does with a CLOSE_DUP (drop the
 * closing pid's POSIX locks; end the OCB with the last) is the same for
 * one as for many of the same pid; no server can count descriptors, as it
 * never hears of dup() or fork().  So at most one per open per dying
 * process waits in the queue, and an open's exactly one end stays exact:
 * the flag is set under chan->lock while the event is still PENDING,
 * before resmgr_recv() copies its header under the same lock.
 *
 * Return: 0 if the server will get it, or -errno.
 */
static int resmgr_close_dup_dying(struct file *file, struct resmgr_ocb *ocb,
				  bool last)
{
	struct resmgr_chan *chan = ocb->link->chan;
	u32 pid = task_tgid_nr_ns(current, chan->pid_ns);
	struct resmgr_dying_dup *d;
	int ret;

	spin_lock(&chan->lock);
	list_for_each_entry(d, &ocb->dying, node) {
		if (d->req.state == RESMGR_REQ_PENDING && d->req.ih.pid == pid) {
			if (last)
				d->req.ih.flags |= RESMGR_IN_F_LAST;
			spin_unlock(&chan->lock);
			return 0;
		}
	}
	spin_unlock(&chan->lock);

	d = kzalloc(sizeof(*d), GFP_KERNEL_ACCOUNT);
	if (!d)
		return -ENOMEM;
	resmgr_req_init(&d->req, chan, RESMGR_OP_CLOSE_DUP, ocb->link->id,
			resmgr_file_ocb(file));
	d->req.free = resmgr_dying_dup_free;
	d->req.noreply = true;
	if (file->f_flags & O_NONBLOCK)
		d->req.ih.flags |= RESMGR_IN_F_NONBLOCK;
	if (last)
		d->req.ih.flags |= RESMGR_IN_F_LAST;
	refcount_inc(&ocb->close_req.ref);
	d->ocb = ocb;
	spin_lock(&chan->lock);
	list_add_tail(&d->node, &ocb->dying);
	spin_unlock(&chan->lock);
	ret = resmgr_req_queue(&d->req);
	resmgr_req_put(&d->req);
	return ret;
}

/*
 * Every close(2).  The caller normally waits for the server's answer (it
 * is close()'s return value); a dying task cannot, so its CLOSE_DUP is
 * sent without waiting (resmgr_close_dup_dying()).
 *
 * When the descriptor being closed holds the file's only reference,
 * ->release follows at once: the CLOSE_DUP then says so
 * (RESMGR_IN_F_LAST) and the server ends the OCB in the same message, as
 * QNX's _IO_CLOSE does, instead of a separate CLOSE_OCB.
 *
 * "Only reference" is file_count() == 1 now, but a reference can still
 * be taken after that without a descriptor (epoll's epi_fget()) or made
 * into a new descriptor (pidfd_getfd(2), SCM_RIGHTS).  Deciding "last"
 * takes the OCB off its inode's list, under the lock that
 * resmgr_ocb_ended() checks it under, so such a reference finds the
 * OCB ended and sends nothing on it: not NOTIFY from ->poll, not any
 * other I/O message, not a second CLOSE_DUP from its own close.
 */
int resmgr_file_flush(struct file *file, fl_owner_t id)
{
	struct resmgr_ocb *ocb = file->private_data;
	int last = resmgr_inode_del_ocb(file_inode(file), ocb, true);
	struct resmgr_req *req;
	ssize_t ret;

	if (last < 0)
		return 0;	/* the OCB has ended: nothing left to close */
	if (fatal_signal_pending(current) || current->flags & PF_EXITING) {
		/* On failure ->release still sends CLOSE_OCB. */
		if (!resmgr_close_dup_dying(file, ocb, last) && last)
			ocb->closed = true;
		return 0;
	}
	req = resmgr_io_req(file, RESMGR_OP_CLOSE_DUP);
	if (!req)
		return -ENOMEM;	/* ->release still sends CLOSE_OCB */
	req->uninterruptible = true;
	if (last)
		req->ih.flags |= RESMGR_IN_F_LAST;
	/* Not resmgr_io_call(): the OCB is ending by this very message. */
	ret = resmgr_req_send(req);
	if (!ret && req->oh.error)
		ret = -req->oh.error;
	/* Received is enough: the server ends the OCB whatever it answers. */
	if (last && READ_ONCE(req->delivered))
		ocb->closed = true;
	resmgr_req_put(req);
	/* A server that is gone has nothing left to close. */
	return ret == -ENOTCONN ? 0 : ret;
}

/* The last reference: CLOSE_OCB, exactly once, without waiting. */
int resmgr_file_release(struct inode *inode, struct file *file)
{
	struct resmgr_ocb *ocb = file->private_data;

	resmgr_inode_del_ocb(inode, ocb, false);
	resmgr_ocb_close_event(ocb, ocb->closed ? 0 : resmgr_file_ocb(file));
	return 0;
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
	.fsync		= resmgr_fsync,
	.fallocate	= resmgr_fallocate,
	.lock		= resmgr_lock,
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
	.fsync		= resmgr_fsync,
	.fallocate	= resmgr_fallocate,
	.lock		= resmgr_lock,
	.flush		= resmgr_file_flush,
	.release	= resmgr_file_release,
};
