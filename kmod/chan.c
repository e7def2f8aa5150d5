// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the channel device, /dev/resmgr.
 *
 * Each open of /dev/resmgr is one channel: the server end of every path
 * the server attaches.  Client requests queue on the channel; any number
 * of server threads take them with RESMGR_IOC_XFER, which also delivers
 * the previous reply, so a busy server makes one system call per request.
 * Each request goes to exactly one thread, and any thread may answer any
 * request it holds.
 *
 * When the channel closes (the server exits or crashes), every request
 * fails with ENOTCONN at once, later calls fail the same way, and the
 * server's mounts are taken down as soon as no client uses them.
 */
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/pid_namespace.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/user_namespace.h>

#include "resmgr_i.h"

static const struct file_operations resmgr_chan_fops;

void resmgr_chan_get(struct resmgr_chan *chan)
{
	kref_get(&chan->kref);
}

static void resmgr_chan_free(struct kref *kref)
{
	struct resmgr_chan *chan = container_of(kref, struct resmgr_chan, kref);

	resmgr_placeholders_forget(chan, 0);
	/* Every OCB held a link, so every client entry is gone. */
	WARN_ON(!hash_empty(chan->clients));
	xa_destroy(&chan->ocbs);
	resmgr_chan_ipc_free(chan);
	put_pid_ns(chan->pid_ns);
	put_user_ns(chan->user_ns);
	kfree(chan);
	module_put(THIS_MODULE);
}

void resmgr_chan_put(struct resmgr_chan *chan)
{
	kref_put(&chan->kref, resmgr_chan_free);
}

static void resmgr_link_free(struct kref *kref)
{
	struct resmgr_link *link = container_of(kref, struct resmgr_link, kref);

	resmgr_union_leave(link);
	resmgr_chan_put(link->chan);
	kfree(link);
}

void resmgr_link_put(struct resmgr_link *link)
{
	kref_put(&link->kref, resmgr_link_free);
}

/* Wake the poll/select/epoll waiters of every open of this channel. */
static void resmgr_chan_wake_pollers(struct resmgr_chan *chan, __poll_t events)
{
	struct resmgr_ocb *ocb;
	unsigned long kh;

	xa_lock(&chan->ocbs);
	xa_for_each(&chan->ocbs, kh, ocb)
		wake_up_interruptible_poll(&ocb->poll_wq, events);
	xa_unlock(&chan->ocbs);
}

static atomic64_t resmgr_chan_serial = ATOMIC64_INIT(0);

static int resmgr_chan_open(struct inode *inode, struct file *file)
{
	struct resmgr_chan *chan;

	chan = kzalloc(sizeof(*chan), GFP_KERNEL_ACCOUNT);
	if (!chan)
		return -ENOMEM;
	kref_init(&chan->kref);
	chan->serial = atomic64_inc_return(&resmgr_chan_serial);
	spin_lock_init(&chan->lock);
	init_waitqueue_head(&chan->recv_wq);
	init_waitqueue_head(&chan->budget_wq);
	INIT_LIST_HEAD(&chan->pending);
	hash_init(chan->held);
	chan->next_unique = 1;
	mutex_init(&chan->attach_lock);
	INIT_LIST_HEAD(&chan->links);
	chan->next_link = 1;
	INIT_LIST_HEAD(&chan->gone);
	INIT_LIST_HEAD(&chan->placeholders);
	xa_init_flags(&chan->ocbs, XA_FLAGS_ALLOC1);
	resmgr_chan_clients_init(chan);
	INIT_DELAYED_WORK(&chan->expire_work, resmgr_chan_expire);
	chan->pid_ns = get_pid_ns(task_active_pid_ns(current));
	chan->user_ns = get_user_ns(current_user_ns());
	/* Links outlive the file; the module must outlive them. */
	__module_get(THIS_MODULE);
	file->private_data = chan;
	return nonseekable_open(inode, file);
}

static int resmgr_chan_release(struct inode *inode, struct file *file)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_link *link, *ltmp;
	struct resmgr_req *req, *tmp;
	struct hlist_node *htmp;
	LIST_HEAD(failed);
	int bkt;

	/* No new connections; those made fail their sends from now on. */
	resmgr_chan_ipc_end(chan);
	spin_lock(&chan->lock);
	/* Read without the lock by resmgr_recv_ready() and routes. */
	WRITE_ONCE(chan->dead, true);
	/*
	 * Every request ends here, under the lock: DONE before the lock is
	 * dropped.  A client whose signal or SIGKILL races with this sees
	 * DONE in resmgr_req_interrupted() or resmgr_req_abandon() and
	 * touches neither the list nor the reference that the list below
	 * now owns (H1 of the kernel review; FUSE's FR_FINISHED).
	 */
	list_for_each_entry(req, &chan->pending, node)
		resmgr_req_end_locked(req, -ENOTCONN);
	list_splice_init(&chan->pending, &failed);
	hash_for_each_safe(chan->held, bkt, htmp, req, hnode) {
		hash_del(&req->hnode);
		resmgr_req_end_locked(req, -ENOTCONN);
		list_add_tail(&req->node, &failed);
	}
	spin_unlock(&chan->lock);

	list_for_each_entry_safe(req, tmp, &failed, node) {
		list_del_init(&req->node);
		resmgr_req_complete(req);
	}
	wake_up_all(&chan->budget_wq);
	resmgr_chan_wake_pollers(chan, EPOLLERR | EPOLLHUP);

	mutex_lock(&chan->attach_lock);
	list_for_each_entry_safe(link, ltmp, &chan->links, node) {
		list_del_init(&link->node);
		WRITE_ONCE(link->detached, true);
		resmgr_link_gone(chan, link);
	}
	chan->expire_tries = 8;
	resmgr_chan_get(chan);
	if (!queue_delayed_work(resmgr_wq, &chan->expire_work, 0))
		resmgr_chan_put(chan);
	mutex_unlock(&chan->attach_lock);

	resmgr_chan_put(chan);
	return 0;
}

/*
 * Readiness changed for a client's open (data arrived, space freed): wake
 * its pollers, which then ask the server again with NOTIFY.  The OCB is
 * looked up and woken under the xarray's lock, which ->release's removal
 * of it also takes, so it cannot go away in between.
 */
static long resmgr_ioc_notify(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_notify *n = ucmd->cmd;
	struct resmgr_ocb *ocb;

	if (resmgr_notify_check(n))
		return -EINVAL;
	xa_lock(&chan->ocbs);
	ocb = xa_load(&chan->ocbs, n->kh);
	if (ocb)
		wake_up_interruptible_poll(&ocb->poll_wq,
					   (__force __poll_t)n->events);
	xa_unlock(&chan->ocbs);
	return ocb ? 0 : -ESRCH;
}

static long resmgr_ioc_hello(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_hello *hello = ucmd->cmd;
	int ret;

	ret = resmgr_hello_negotiate(hello);
	if (ret)
		return ret;
	ret = resmgr_ucmd_respond(ucmd, sizeof(*hello));
	if (ret)
		return ret;
	/*
	 * Only what the server was told it has: it learns the features from
	 * the answer, so they take effect once the answer reached it.
	 * Several threads may say HELLO at once; the features are a plain
	 * word, and the last HELLO to store them wins.
	 */
	WRITE_ONCE(chan->features, hello->features);
	/* Pairs with resmgr_chan_ioctl(): features first, then "done". */
	smp_store_release(&chan->hello_done, true);
	return 0;
}

static long resmgr_ioc_attach(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_attach *at = ucmd->cmd;
	struct resmgr_link *link;
	umode_t mode;
	int ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	ret = resmgr_attach_check(at, READ_ONCE(chan->features), &mode);
	if (ret)
		return ret;

	link = kzalloc(sizeof(*link), GFP_KERNEL_ACCOUNT);
	if (!link)
		return -ENOMEM;
	kref_init(&link->kref);
	INIT_LIST_HEAD(&link->un_node);
	INIT_LIST_HEAD(&link->expiry);
	INIT_LIST_HEAD(&link->gone_node);
	INIT_LIST_HEAD(&link->mount_node);
	link->flags = at->flags;
	link->mode = mode;
	resmgr_chan_get(chan);
	link->chan = chan;

	mutex_lock(&chan->attach_lock);
	link->id = chan->next_link++;
	if (!chan->next_link)
		chan->next_link = 1;	/* 0 is never a link id */
	list_add_tail(&link->node, &chan->links);
	ret = link->flags & RESMGR_ATTACH_MOUNTS ? resmgr_mount_listen(link) : 0;
	if (ret) {
		list_del_init(&link->node);
		WRITE_ONCE(link->detached, true);
	}
	mutex_unlock(&chan->attach_lock);
	if (ret) {
		resmgr_link_put(link);
		return ret;
	}

	at->link = link->id;
	if (resmgr_ucmd_respond(ucmd, sizeof(*at))) {
		mutex_lock(&chan->attach_lock);
		list_del_init(&link->node);
		WRITE_ONCE(link->detached, true);
		if (link->flags & RESMGR_ATTACH_MOUNTS)
			resmgr_mount_forget(link);
		mutex_unlock(&chan->attach_lock);
		resmgr_link_put(link);
		return -EFAULT;
	}
	return 0;
}

/* Find an attached link of this channel.  Called with attach_lock held. */
struct resmgr_link *resmgr_link_find(struct resmgr_chan *chan, u32 id)
	__must_hold(&chan->attach_lock)
{
	struct resmgr_link *link;

	lockdep_assert_held(&chan->attach_lock);
	list_for_each_entry(link, &chan->links, node)
		if (link->id == id)
			return link;
	return NULL;
}

static long resmgr_ioc_detach(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_detach *d = ucmd->cmd;
	struct resmgr_link *link;
	u32 id = d->link;

	/* As ATTACH: the channel fd alone does not make a name go. */
	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (d->flags || d->reserved)
		return -EINVAL;
	mutex_lock(&chan->attach_lock);
	link = resmgr_link_find(chan, id);
	if (link) {
		list_del_init(&link->node);
		WRITE_ONCE(link->detached, true);
		resmgr_link_gone(chan, link);
	}
	mutex_unlock(&chan->attach_lock);
	if (!link)
		return -ENOENT;
	/*
	 * The server unmounted and removes its own placeholder on a
	 * detach; a mount it could not take down (another server's is
	 * stacked on it) goes when nothing uses or covers it, with its
	 * placeholder.
	 */
	resmgr_placeholders_forget(chan, id);
	resmgr_chan_expire_soon(chan);
	return 0;
}

/**
 * resmgr_link_from_fd() - the link a mount(2) asks for
 * @fd:	the server's channel descriptor, from the mount options
 * @id:	the link id
 *
 * Return: the link with a reference taken, or an ERR_PTR.
 */
struct resmgr_link *resmgr_link_from_fd(int fd, u32 id)
{
	struct resmgr_link *link;
	struct resmgr_chan *chan;
	struct file *file;

	file = fget(fd);
	if (!file)
		return ERR_PTR(-EBADF);
	if (file->f_op != &resmgr_chan_fops) {
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	chan = file->private_data;
	mutex_lock(&chan->attach_lock);
	link = resmgr_link_find(chan, id);
	/* A link that receives mount requests has no name to mount. */
	if (link && link->flags & RESMGR_ATTACH_MOUNTS)
		link = ERR_PTR(-EINVAL);
	else if (link)
		kref_get(&link->kref);
	mutex_unlock(&chan->attach_lock);
	fput(file);
	return link ?: ERR_PTR(-ENOENT);
}

/*
 * The kernel later unmounts what is bound and removes its placeholder:
 * only a privileged caller (as for ATTACH) may ask, and only for a mount
 * of this link that is mounted and the placeholder it sits on.
 */
static long resmgr_ioc_bind(struct file *chan_file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = chan_file->private_data;
	struct resmgr_placeholder *ph = NULL;
	struct resmgr_bind b = *(struct resmgr_bind *)ucmd->cmd;
	struct resmgr_link *link;
	struct file *file;
	struct path mp;
	long ret;

	if (!capable(CAP_SYS_ADMIN))
		return -EPERM;
	if (b.flags & ~RESMGR_BIND_ALL || b.reserved)
		return -EINVAL;
	file = fget_raw(b.path_fd);	/* an O_PATH descriptor */
	if (!file)
		return -EBADF;

	ret = resmgr_bind_mountpoint(&file->f_path, &mp);
	if (ret) {
		fput(file);
		return ret;
	}
	if (b.flags & RESMGR_BIND_PLACEHOLDER) {
		ph = resmgr_placeholder_new(&file->f_path, &mp, b.placeholder_fd,
					    chan_file->f_cred);
		if (IS_ERR(ph)) {
			ret = PTR_ERR(ph);
			ph = NULL;
			goto out;
		}
	}

	mutex_lock(&chan->attach_lock);
	link = resmgr_link_find(chan, b.link);
	if (!link)
		ret = -ENOENT;
	else if (link->un)	/* set under attach_lock: no READ_ONCE */
		ret = -EBUSY;	/* bound already */
	else if (file->f_path.mnt->mnt_sb->s_fs_info != link)
		ret = -EINVAL;	/* not a mount of this very link */
	else
		ret = resmgr_union_join(link, &file->f_path);
	if (!ret) {
		resmgr_link_bound(chan, link, file->f_path.mnt, &mp, ph);
		ph = NULL;
	}
	mutex_unlock(&chan->attach_lock);
out:
	resmgr_placeholder_free(ph);
	path_put(&mp);
	fput(file);
	return ret;
}

/*
 * Look up a held request and take a reference.  NULL: no such request.
 * With @write, also count the caller as a MSGWRITE copier of a request
 * that has a reply buffer (see resmgr_msgwrite_end()).
 */
static struct resmgr_req *resmgr_held_get(struct resmgr_chan *chan, u64 unique,
					  bool write)
{
	struct resmgr_req *req;

	spin_lock(&chan->lock);
	hash_for_each_possible(chan->held, req, hnode, unique) {
		if (req->ih.unique == unique) {
			refcount_inc(&req->ref);
			if (write && resmgr_has_reply_data(req->ih.opcode))
				WRITE_ONCE(req->writers, req->writers + 1);
			spin_unlock(&chan->lock);
			return req;
		}
	}
	spin_unlock(&chan->lock);
	return NULL;
}

/*
 * A MSGWRITE copy into a held request's reply buffer, which may be the
 * client's own pinned pages, is over.  It began while the request was
 * held; if the request has been answered meanwhile, its client is
 * waiting in resmgr_req_send() for the last copier before it returns to
 * the memory the copy wrote (M1 of the kernel review).
 */
static void resmgr_msgwrite_end(struct resmgr_chan *chan, struct resmgr_req *req)
{
	bool wake;

	spin_lock(&chan->lock);
	WRITE_ONCE(req->writers, req->writers - 1);
	wake = !req->writers && req->state != RESMGR_REQ_HELD;
	spin_unlock(&chan->lock);
	if (wake)
		wake_up_var(&req->writers);
}

/*
 * Deliver one reply.  The request leaves the held table first, so no
 * other thread can answer it twice; the data is then copied in without
 * any lock held (it may fault), into buffers the request owns, so a
 * client that has meanwhile been killed costs nothing but a wasted copy.
 */
static int resmgr_reply(struct resmgr_chan *chan, struct iov_iter *iter)
{
	size_t total = iov_iter_count(iter), payload;
	struct resmgr_out_header oh;
	struct resmgr_req *req = NULL;
	int ret;

	if (copy_from_iter(&oh, sizeof(oh), iter) != sizeof(oh))
		return total < sizeof(oh) ? -EINVAL : -EFAULT;

	/*
	 * The request is taken first, so that a malformed reply fails it
	 * with EIO rather than leaving its client waiting for another.
	 */
	spin_lock(&chan->lock);
	hash_for_each_possible(chan->held, req, hnode, oh.unique) {
		if (req->ih.unique == oh.unique)
			break;
	}
	if (!req || req->ih.unique != oh.unique) {
		spin_unlock(&chan->lock);
		/* Unknown, already answered, or client gone. */
		return resmgr_out_header_check(&oh, total) ?: -ESRCH;
	}
	hash_del(&req->hnode);
	req->state = RESMGR_REQ_REPLYING;
	spin_unlock(&chan->lock);
	/* Answered: whoever received it runs at its own priority again. */
	if (READ_ONCE(req->boost))
		resmgr_prio_end(req);

	ret = resmgr_out_header_check(&oh, total);
	if (ret)
		goto bad;
	payload = total - sizeof(oh);
	ret = resmgr_reply_check(req->ih.opcode, &oh, payload,
				 req->ih.opcode == RESMGR_OP_WRITE ?
				 req->in.rw.nbytes : req->out_cap);
	if (ret)
		goto bad;

	req->oh = oh;
	if (req->out_body_len && !oh.error &&
	    !(oh.flags & RESMGR_OUT_F_SYMLINK)) {
		if (!copy_from_iter_full(&req->out, req->out_body_len, iter)) {
			ret = -EFAULT;
			goto bad;
		}
	} else if (payload) {
		/* READ data; MSGWRITE may already have put some in place. */
		ret = resmgr_req_reply_fill(req, 0, iter, payload);
		if (ret)
			goto bad;
		req->out_len = max(req->out_len, payload);
	}
	ret = resmgr_reply_finish_check(req->ih.opcode, &oh, &req->out,
					req->out_len);
	if (ret)
		goto bad;
	resmgr_req_finish(req, 0);
	return 0;

bad:
	/* The client learns its server misbehaved; the server learns why. */
	resmgr_req_finish(req, -EIO);
	return ret;
}

static bool resmgr_recv_ready(struct resmgr_chan *chan)
{
	return !list_empty_careful(&chan->pending) || READ_ONCE(chan->dead);
}

static bool resmgr_recv_ready_cb(void *chan)
{
	return resmgr_recv_ready(chan);
}

/* Copy @len bytes of @req's message, from @off, to @dst. */
static ssize_t resmgr_copy_msg(struct resmgr_req *req,
			       const struct resmgr_in_header *ih, u64 off,
			       void __user *dst, size_t len)
{
	const void *parts[3] = { ih, &req->in, req->in_data };
	size_t sizes[3] = { sizeof(*ih), req->in_body_len, req->in_data_len };
	size_t done = 0;
	int i;

	for (i = 0; i < 3 && done < len; i++) {
		size_t n;

		if (off >= sizes[i]) {
			off -= sizes[i];
			continue;
		}
		n = min_t(size_t, sizes[i] - off, len - done);
		if (copy_to_user(dst + done, parts[i] + off, n))
			return -EFAULT;
		done += n;
		off = 0;
	}
	return done;
}

static long resmgr_recv(struct resmgr_chan *chan, const struct resmgr_xfer *x)
{
	struct resmgr_in_header ih;
	struct resmgr_req *req;
	long ret;

	if (x->recv_len < sizeof(struct resmgr_in_header))
		return -EINVAL;

	for (;;) {
		spin_lock(&chan->lock);
		if (chan->dead) {
			spin_unlock(&chan->lock);
			return -ENOTCONN;
		}
		req = list_first_entry_or_null(&chan->pending, struct resmgr_req, node);
		/*
		 * An event is not held, so what does not fit could never be
		 * read with MSGREAD: it stays queued for a bigger buffer.
		 */
		if (req && req->noreply && req->ih.len > x->recv_len) {
			spin_unlock(&chan->lock);
			return -EMSGSIZE;
		}
		if (req)
			break;
		spin_unlock(&chan->lock);

		/* Done with what it received before: its own priority. */
		resmgr_prio_idle();
		if (x->flags & RESMGR_XFER_NONBLOCK)
			return -EAGAIN;
		if (resmgr_spin_until(resmgr_recv_ready_cb, chan))
			continue;
		if (x->timeout_ns) {
			long t = nsecs_to_jiffies(x->timeout_ns);

			ret = wait_event_interruptible_timeout(chan->recv_wq,
							       resmgr_recv_ready(chan), t);
			if (!ret)
				return -ETIMEDOUT;
		} else {
			ret = wait_event_interruptible_exclusive(chan->recv_wq,
								 resmgr_recv_ready(chan));
		}
		/* Not restarted: a reply this call carried is already sent. */
		if (ret < 0)
			return -EINTR;
	}

	list_del_init(&req->node);
	WRITE_ONCE(req->delivered, true);	/* read by ->flush, unlocked */
	if (req->noreply) {
		req->state = RESMGR_REQ_DONE;
	} else {
		req->state = RESMGR_REQ_HELD;
		hash_add(chan->held, &req->hnode, req->ih.unique);
	}
	refcount_inc(&req->ref);	/* ours, while copying */
	ih = req->ih;	/* under the lock: an unblock may set a flag */
	spin_unlock(&chan->lock);
	/* Our reference keeps req alive, and so its boost's link to it. */
	resmgr_prio_take(chan, req);

	if (ih.len > x->recv_len)
		ih.flags |= RESMGR_IN_F_TRUNC;
	ret = resmgr_copy_msg(req, &ih, 0, u64_to_user_ptr(x->recv_buf),
			      min_t(size_t, ih.len, x->recv_len));
	if (ret < 0 && !req->noreply) {
		/* Lost on the way to the server: fail it, don't strand it. */
		spin_lock(&chan->lock);
		if (req->state == RESMGR_REQ_HELD) {
			hash_del(&req->hnode);
			spin_unlock(&chan->lock);
			resmgr_req_finish(req, -EIO);
		} else {
			spin_unlock(&chan->lock);
		}
	} else if (req->noreply) {
		complete(&req->done);
		resmgr_req_put(req);		/* the queue's */
	}
	resmgr_req_put(req);
	return ret;
}

static long resmgr_ioc_xfer(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct iovec iovstack[UIO_FASTIOV], *iov = iovstack;
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_xfer *x = ucmd->cmd;
	struct iov_iter iter;
	long ret;

	if (x->flags & ~RESMGR_XFER_ALL)
		return -EINVAL;
	if (x->reply_iovcnt > RESMGR_XFER_IOV_MAX)
		return -EINVAL;

	if (x->reply_iov && x->reply_iovcnt) {
		ret = import_iovec(ITER_SOURCE, u64_to_user_ptr(x->reply_iov),
				   x->reply_iovcnt, ARRAY_SIZE(iovstack), &iov, &iter);
		if (ret < 0)
			return ret;
		ret = resmgr_reply(chan, &iter);
		kfree(iov);
		if (ret)
			return ret;
	}
	if (!x->recv_buf)
		return 0;
	return resmgr_recv(chan, x);
}

static long resmgr_ioc_msgio(struct resmgr_chan *chan,
			     const struct resmgr_msgio *mp, bool write)
{
	struct resmgr_msgio m = *mp;
	struct resmgr_req *req;
	void __user *buf;
	long ret;

	req = resmgr_held_get(chan, m.unique, write);
	if (!req)
		return -ESRCH;

	buf = u64_to_user_ptr(m.buf);
	if (!write) {
		u64 off = m.offset;

		ret = off >= req->ih.len ? 0 :
		      resmgr_copy_msg(req, &req->ih, off, buf,
				      min_t(u64, m.len, req->ih.len - off));
	} else if (!resmgr_has_reply_data(req->ih.opcode) || m.offset >= req->out_cap) {
		/* Only READ and DEVCTL have reply buffers; past one: none. */
		ret = resmgr_has_reply_data(req->ih.opcode) ? 0 : -EINVAL;
	} else {
		size_t n = min_t(u64, m.len, req->out_cap - m.offset);
		struct iov_iter iter;

		iov_iter_ubuf(&iter, ITER_SOURCE, buf, n);
		ret = resmgr_req_reply_fill(req, m.offset, &iter, n);
		if (!ret) {
			spin_lock(&chan->lock);
			req->out_len = max_t(size_t, req->out_len, m.offset + n);
			spin_unlock(&chan->lock);
			ret = n;
		}
	}
	if (write && resmgr_has_reply_data(req->ih.opcode))
		resmgr_msgwrite_end(chan, req);
	resmgr_req_put(req);
	return ret;
}

static long resmgr_ioc_msgread(struct file *file, struct resmgr_ucmd *ucmd)
{
	return resmgr_ioc_msgio(file->private_data, ucmd->cmd, false);
}

static long resmgr_ioc_msgwrite(struct file *file, struct resmgr_ucmd *ucmd)
{
	return resmgr_ioc_msgio(file->private_data, ucmd->cmd, true);
}

/*
 * The supplementary groups of @cred that @ns can name, as a connect
 * message gives them: at most @max of them written to @ugroups, and how
 * many there are in *@ngroups.  No lock is held: the copy may fault.
 */
static int resmgr_put_groups(const struct cred *cred,
			     struct user_namespace *ns, u64 ugroups, u32 max,
			     u32 *ngroups)
{
	u32 __user *up = u64_to_user_ptr(ugroups);
	const struct group_info *gi = cred->group_info;
	u32 i, n = 0;

	for (i = 0; i < gi->ngroups; i++) {
		if (!kgid_has_mapping(ns, gi->gid[i]))
			continue;
		if (n < max && put_user(from_kgid(ns, gi->gid[i]), up + n))
			return -EFAULT;
		n++;
	}
	*ngroups = n;
	return 0;
}

/*
 * MSGINFO's RESMGR_FEAT_SENDER answers: the credentials @req's sender had
 * when it sent it, and its supplementary groups, at most @mi->groups_max
 * of them to @mi->groups.  The caller holds a reference to @req, which
 * keeps req->cred, and no lock.
 */
static int resmgr_msginfo_sender(struct resmgr_chan *chan,
				 struct resmgr_req *req,
				 struct resmgr_msginfo *mi)
{
	const struct cred *cred = req->cred;

	if (!cred)
		return 0;	/* an event, or sent before the feature */
	resmgr_cred_fill(&mi->cred, cred, chan->user_ns);
	mi->priority = req->ih.priority;
	return resmgr_put_groups(cred, chan->user_ns, mi->groups,
				 mi->groups_max, &mi->ngroups);
}

static long resmgr_ioc_msginfo(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_msginfo *mi = ucmd->cmd;
	struct resmgr_req *req;
	int ret = 0;

	/*
	 * @flags, @pid, @tid, @cred, @ngroups and @priority are answers:
	 * what came in is overwritten.
	 */
	if (memchr_inv(mi->reserved, 0, sizeof(mi->reserved)) ||
	    mi->reserved2 || (mi->groups_max && !mi->groups))
		return -EINVAL;
	if ((mi->groups || mi->groups_max) &&
	    !(READ_ONCE(chan->features) & RESMGR_FEAT_SENDER))
		return -EOPNOTSUPP;
	req = resmgr_held_get(chan, mi->unique, false);
	if (!req)
		return -ESRCH;
	/* An unblock may set a flag meanwhile, under chan->lock. */
	mi->flags = READ_ONCE(req->ih.flags);
	mi->pid = req->ih.pid;
	mi->tid = req->ih.tid;
	memset(&mi->cred, 0, sizeof(mi->cred));
	mi->ngroups = 0;
	mi->priority = 0;
	if (READ_ONCE(chan->features) & RESMGR_FEAT_SENDER)
		ret = resmgr_msginfo_sender(chan, req, mi);
	resmgr_req_put(req);
	return ret ? ret : resmgr_ucmd_respond(ucmd, sizeof(*mi));
}

/*
 * RESMGR_IOC_DELIVER: a pulse to a connection of the process that sent a
 * request this server holds, named by the number that process gave it
 * (QNX's MsgDeliverEvent() of a SIGEV_PULSE; ipc.c).  Holding the
 * request is the permission, as on QNX; with RESMGR_DELIVER_CLIENT,
 * having the process as a client now (an open or a connection), as QNX
 * lets a server deliver on a message it has replied to.
 */
static long resmgr_ioc_deliver(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_deliver *d = ucmd->cmd;
	struct resmgr_req *req;
	struct pid *sender;
	int ret;

	if (d->flags & ~RESMGR_DELIVER_CLIENT || d->reserved ||
	    d->reserved2 || d->code < S8_MIN || d->code > S8_MAX)
		return -EINVAL;
	if (d->flags & RESMGR_DELIVER_CLIENT ? d->unique : d->pid)
		return -EINVAL;
	if (!(READ_ONCE(chan->features) & RESMGR_FEAT_IPC))
		return -EOPNOTSUPP;
	if (d->flags & RESMGR_DELIVER_CLIENT) {
		sender = resmgr_client_pid_nr(chan, d->pid);
	} else {
		req = resmgr_held_get(chan, d->unique, false);
		if (!req)
			return -ESRCH;
		sender = resmgr_client_pid(req->client);
		resmgr_req_put(req);
	}
	if (!sender)
		return -ESRCH;
	ret = resmgr_coid_pulse(sender, d->coid, d->code, d->priority,
				d->value);
	put_pid(sender);
	return ret;
}

/*
 * RESMGR_IOC_CLIENTINFO: a client process's credentials now, for a
 * server that holds none of its requests (QNX's ConnectClientInfo() of
 * a connected client).  Having the process as a client (an open or a
 * connection) is the permission, as QNX's scoid is.
 */
static long resmgr_ioc_clientinfo(struct file *file,
				  struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_clientinfo *ci = ucmd->cmd;
	const struct cred *cred;
	struct task_struct *task;
	struct pid *pid;
	int ret;

	if (ci->flags || ci->reserved || (ci->groups_max && !ci->groups))
		return -EINVAL;
	if (!(READ_ONCE(chan->features) & RESMGR_FEAT_SENDER))
		return -EOPNOTSUPP;
	pid = resmgr_client_pid_nr(chan, ci->pid);
	if (!pid)
		return -ESRCH;
	task = get_pid_task(pid, PIDTYPE_TGID);
	put_pid(pid);
	if (!task)
		return -ESRCH;
	cred = get_task_cred(task);
	put_task_struct(task);
	resmgr_cred_fill(&ci->cred, cred, chan->user_ns);
	ret = resmgr_put_groups(cred, chan->user_ns, ci->groups,
				ci->groups_max, &ci->ngroups);
	put_cred(cred);
	return ret ? ret : resmgr_ucmd_respond(ucmd, sizeof(*ci));
}

static const struct resmgr_ioctl_op resmgr_chan_ops[] = {
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_HELLO, resmgr_ioc_hello,
			struct resmgr_hello, features),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_ATTACH, resmgr_ioc_attach,
			struct resmgr_attach, link),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_DETACH, resmgr_ioc_detach,
			struct resmgr_detach, link),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_XFER, resmgr_ioc_xfer,
			struct resmgr_xfer, timeout_ns),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_MSGREAD, resmgr_ioc_msgread,
			struct resmgr_msgio, buf),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_MSGWRITE, resmgr_ioc_msgwrite,
			struct resmgr_msgio, buf),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_MSGINFO, resmgr_ioc_msginfo,
			struct resmgr_msginfo, tid),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_BIND, resmgr_ioc_bind,
			struct resmgr_bind, placeholder_fd),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_NOTIFY, resmgr_ioc_notify,
			struct resmgr_notify, events),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_CHANNEL, resmgr_ioc_channel,
			struct resmgr_channel, mode),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_DELIVER, resmgr_ioc_deliver,
			struct resmgr_deliver, value),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_CLIENTINFO,
			resmgr_ioc_clientinfo, struct resmgr_clientinfo,
			ngroups),
	RESMGR_IOCTL_OP(RESMGR_CMD_HELLO, RESMGR_CMD_MOUNT, resmgr_ioc_mount,
			struct resmgr_mount, reserved),
};

/* Room for the argument of any channel ioctl. */
union resmgr_chan_ioc_buf {
	struct resmgr_hello hello;
	struct resmgr_attach attach;
	struct resmgr_detach detach;
	struct resmgr_xfer xfer;
	struct resmgr_msgio msgio;
	struct resmgr_msginfo msginfo;
	struct resmgr_bind bind;
	struct resmgr_notify notify;
	struct resmgr_channel channel;
	struct resmgr_deliver deliver;
	struct resmgr_clientinfo clientinfo;
	struct resmgr_mount mount;
};

static long resmgr_chan_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	struct resmgr_chan *chan = file->private_data;
	union resmgr_chan_ioc_buf buf;

	/*
	 * Nothing but HELLO before a HELLO: what a channel does depends on
	 * the features it negotiated, and a server that never said which
	 * version it speaks must not be guessed at.
	 */
	if (cmd != RESMGR_IOC_HELLO && !smp_load_acquire(&chan->hello_done)) {
		unsigned int nr = _IOC_NR(cmd);

		return nr < ARRAY_SIZE(resmgr_chan_ops) &&
		       resmgr_chan_ops[nr].execute &&
		       cmd == _IO(RESMGR_IOC_MAGIC, nr) ? -EPROTO : -ENOTTY;
	}
	return resmgr_ucmd_run(resmgr_chan_ops, ARRAY_SIZE(resmgr_chan_ops),
			       RESMGR_CMD_HELLO, file, cmd, (void __user *)arg, &buf, sizeof(buf));
}

/* Readable when a request waits: lets a server multiplex its channel. */
static __poll_t resmgr_chan_poll(struct file *file, poll_table *wait)
{
	struct resmgr_chan *chan = file->private_data;

	poll_wait(file, &chan->recv_wq, wait);
	return list_empty_careful(&chan->pending) ? 0 : EPOLLIN | EPOLLRDNORM;
}

static const struct file_operations resmgr_chan_fops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_chan_open,
	.release	= resmgr_chan_release,
	.unlocked_ioctl	= resmgr_chan_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.poll		= resmgr_chan_poll,
};

static struct miscdevice resmgr_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "resmgr",
	.fops	= &resmgr_chan_fops,
	/*
	 * Only a server with CAP_SYS_ADMIN can attach anything, so nobody
	 * else needs the device; 0600 keeps the ioctls out of reach.
	 */
	.mode	= 0600,
};

int __init resmgr_chan_init(void)
{
	return misc_register(&resmgr_misc);
}

void resmgr_chan_exit(void)
{
	misc_deregister(&resmgr_misc);
}
