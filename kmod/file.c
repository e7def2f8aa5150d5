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
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "compat.h"
#include "resmgr_i.h"

static void resmgr_ocb_free(struct resmgr_req *req)
{
	struct resmgr_ocb *ocb = container_of(req, struct resmgr_ocb, close_req);
	struct resmgr_link *link = ocb->link;
	struct resmgr_chan *chan = link->chan;
	bool dead;

	spin_lock(&chan->lock);
	dead = chan->dead;
	spin_unlock(&chan->lock);
	if (ocb->kh)
		xa_erase(&chan->ocbs, ocb->kh);
	resmgr_client_detach(ocb);
	kfree(ocb);
	/* A dead server's mounts can go once its last client lets go. */
	if (dead)
		resmgr_chan_expire_soon(chan);
	resmgr_link_put(link);
}

static struct resmgr_ocb *resmgr_ocb_alloc(struct resmgr_link *link)
{
	struct resmgr_ocb *ocb;

	ocb = kzalloc(sizeof(*ocb), GFP_KERNEL_ACCOUNT);
	if (!ocb)
		return NULL;
	init_waitqueue_head(&ocb->poll_wq);
	if (xa_alloc(&link->chan->ocbs, &ocb->kh, ocb, xa_limit_32b,
		     GFP_KERNEL_ACCOUNT)) {
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

static int resmgr_open(struct inode *inode, struct file *file)
{
	struct resmgr_link *link = inode->i_sb->s_fs_info;
	struct resmgr_ocb *ocb;
	struct resmgr_req *req;
	int ret;

	if (READ_ONCE(link->detached))
		return -ENOENT;
	ocb = resmgr_ocb_alloc(link);
	if (!ocb)
		return -ENOMEM;
	req = resmgr_req_alloc(link->chan, RESMGR_OP_OPEN, link, 0);
	if (!req) {
		resmgr_ocb_close_event(ocb, 0);
		return -ENOMEM;
	}
	ret = resmgr_connect_fill(req, link, file->f_flags, file->f_mode);
	if (!ret)
		ret = resmgr_req_send(req);
	if (ret == -EINTR) {
		/* Killed: whatever the server answers, the OCB is closed. */
		req->orphan = ocb;
		resmgr_req_put(req);
		return ret;
	}
	if (!ret && req->oh.error)
		ret = -req->oh.error;
	if (ret) {
		resmgr_req_put(req);
		resmgr_ocb_close_event(ocb, 0);
		return ret;
	}

	ocb->close_req.ih.ocb = req->out.open.ocb;
	file->private_data = ocb;
	file->f_mode |= FMODE_STREAM;
	file->f_mode &= ~FMODE_ATOMIC_POS;
	if (req->out.open.flags & RESMGR_OPEN_NONSEEKABLE)
		file->f_mode &= ~(FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE);
	resmgr_req_put(req);
	return 0;
}

static u64 resmgr_file_ocb(struct file *file)
{
	struct resmgr_ocb *ocb = file->private_data;

	return ocb->close_req.ih.ocb;
}

static struct resmgr_req *resmgr_io_req(struct file *file, u16 opcode)
{
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_req *req;

	req = resmgr_req_alloc(ocb->link->chan, opcode, ocb->link,
			       resmgr_file_ocb(file));
	if (req && file->f_flags & O_NONBLOCK)
		req->ih.flags |= RESMGR_IN_F_NONBLOCK;
	return req;
}

/* Send and turn the answer into a return value or -errno. */
static ssize_t resmgr_io_call(struct file *file, struct resmgr_req *req)
{
	int ret = resmgr_req_send(req);

	if (ret)
		return ret;
	if (req->oh.error)
		return -req->oh.error;
	if (req->oh.flags & RESMGR_OUT_F_OFFSET && req->oh.offset >= 0)
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

static size_t resmgr_rw_clamp(size_t count)
{
	return min_t(size_t, count, min_t(unsigned long, resmgr_max_inflight,
					  MAX_RW_COUNT));
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

static ssize_t resmgr_write(struct file *file, const char __user *buf,
			    size_t count, loff_t *ppos)
{
	struct resmgr_req *req;
	ssize_t ret;

	count = resmgr_rw_clamp(count);
	req = resmgr_io_req(file, RESMGR_OP_WRITE);
	if (!req)
		return -ENOMEM;
	resmgr_rw_fill(file, req, count, ppos);
	ret = resmgr_req_alloc_data(req, count, 0);
	if (!ret && copy_from_user(req->in_data, buf, count))
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
static __poll_t resmgr_poll(struct file *file, poll_table *pt)
{
	struct resmgr_ocb *ocb = file->private_data;
	__poll_t want = poll_requested_events(pt) & RESMGR_POLL_EVENTS;
	struct resmgr_req *req;
	__poll_t mask;
	int ret;

	poll_wait(file, &ocb->poll_wq, pt);
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

/*
 * ioctl(2), QNX's devctl(): the command's direction and size bits say what
 * goes to the server and what comes back; nothing else is trusted, so a
 * server can never make the kernel copy more than the command encodes.
 * The server's status is ioctl()'s return value.
 */
static long resmgr_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
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
 * Every close(2).  The caller normally waits for the server's answer (it
 * is close()'s return value); a dying task cannot, so its CLOSE_DUP is
 * sent without waiting, and the server still sees one per descriptor.
 *
 * When the descriptor being closed holds the file's only reference,
 * ->release follows at once: the CLOSE_DUP then says so
 * (RESMGR_IN_F_LAST) and the server ends the OCB in the same message, as
 * QNX's _IO_CLOSE does, instead of a separate CLOSE_OCB.
 */
static int resmgr_flush(struct file *file, fl_owner_t id)
{
	struct resmgr_ocb *ocb = file->private_data;
	bool last = file_count(file) == 1;
	struct resmgr_req *req;
	ssize_t ret;

	req = resmgr_io_req(file, RESMGR_OP_CLOSE_DUP);
	if (!req)
		return -ENOMEM;	/* ->release still sends CLOSE_OCB */
	req->uninterruptible = true;
	if (last)
		req->ih.flags |= RESMGR_IN_F_LAST;
	if (fatal_signal_pending(current) || current->flags & PF_EXITING) {
		req->noreply = true;
		if (!resmgr_req_queue(req) && last)
			ocb->closed = true;
		resmgr_req_put(req);
		return 0;
	}
	ret = resmgr_io_call(file, req);
	/* Received is enough: the server ends the OCB whatever it answers. */
	if (last && READ_ONCE(req->delivered))
		ocb->closed = true;
	resmgr_req_put(req);
	/* A server that is gone has nothing left to close. */
	return ret == -ENOTCONN ? 0 : ret;
}

/* The last reference: CLOSE_OCB, exactly once, without waiting. */
static int resmgr_release(struct inode *inode, struct file *file)
{
	struct resmgr_ocb *ocb = file->private_data;

	resmgr_ocb_close_event(ocb, ocb->closed ? 0 : resmgr_file_ocb(file));
	return 0;
}

const struct file_operations resmgr_file_ops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_open,
	.read		= resmgr_read,
	.write		= resmgr_write,
	.llseek		= resmgr_llseek,
	.poll		= resmgr_poll,
	.unlocked_ioctl	= resmgr_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.flush		= resmgr_flush,
	.release	= resmgr_release,
};
