// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the kernel's open control block, from OPEN to its end.
 *
 * One kernel OCB (struct resmgr_ocb) per struct file holds the server's
 * OCB handle.  It is allocated before OPEN is sent, with the CLOSE_OCB
 * that will end it, so ending it never fails; it is granted when the
 * server answers, and listed on its inode from then on.  ->flush runs on
 * every close(2) of every descriptor for the file (dups, children after
 * fork) and sends CLOSE_DUP; the server ends the OCB exactly once: with
 * the CLOSE_DUP of the last reference, or with the CLOSE_OCB ->release
 * sends when the last reference goes otherwise (an mmap, a file passed
 * over a socket, a failed CLOSE_DUP).  Linux tells a driver nothing about
 * dup() or fork(), so unlike QNX the server never counts bindings: the
 * kernel tells it when the open is gone.
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

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

/**
 * resmgr_ocb_orphan_end() - end the OCB of an OPEN whose client was killed
 * @req:	the OPEN or OPENFD, its last reference going, req->orphan set
 *
 * The client left while a server held the request (resmgr_open_one(),
 * resmgr_openfd_ask()); whatever the server answered, the kernel OCB
 * ends now.  An OPEN the server granted gets its CLOSE_OCB, so that the
 * server's OCB does not leak.
 */
void resmgr_ocb_orphan_end(struct resmgr_req *req)
{
	if (req->state == RESMGR_REQ_DONE && !req->result &&
	    !req->oh.error && !(req->oh.flags & RESMGR_OUT_F_SYMLINK))
		resmgr_ocb_close_event(req->orphan, req->out.open.ocb);
	else
		resmgr_ocb_close_event(req->orphan, 0);
}

/**
 * resmgr_inode_add_ocb() - @ocb is an open of @inode
 * @inode:	the inode opened
 * @ocb:	its granted kernel OCB, with @ocb->file set
 */
void resmgr_inode_add_ocb(struct inode *inode, struct resmgr_ocb *ocb)
{
	struct resmgr_inode_info *ii = resmgr_ii(inode);

	spin_lock(&ii->lock);
	list_add_tail(&ocb->inode_node, &ii->ocbs);
	spin_unlock(&ii->lock);
}

/**
 * resmgr_inode_del_ocb() - @ocb's server OCB is about to end
 * @inode:	the inode it is an open of
 * @ocb:	the kernel OCB (on no list is fine)
 * @only_if_last: only if its file has no other reference (->flush of the
 *		last descriptor, whose CLOSE_DUP ends the server's OCB)
 *
 * Deciding "last" under the lock that resmgr_stat_open() takes its file
 * reference under means no STAT is ever sent on an OCB being ended.
 * Taking the OCB off its inode's list is also what marks it as ending
 * for every other operation: see resmgr_ocb_ended().
 *
 * Return: 1 if it was taken off now, 0 if it was left on (@only_if_last
 * and the file has other references), -1 if it was already off: its end
 * was decided before and nothing more may be sent on it.
 */
int resmgr_inode_del_ocb(struct inode *inode, struct resmgr_ocb *ocb,
			 bool only_if_last)
{
	struct resmgr_inode_info *ii = resmgr_ii(inode);
	int ret = -1;

	spin_lock(&ii->lock);
	if (!list_empty(&ocb->inode_node)) {
		ret = !only_if_last || file_count(ocb->file) == 1;
		if (ret)
			list_del_init(&ocb->inode_node);
	}
	spin_unlock(&ii->lock);
	return ret;
}

/**
 * resmgr_ocb_ended() - whether the server OCB of @file's open is ending
 * @file:	an open file of ours, granted
 *
 * ->flush decides that a close is the last from file_count() == 1, and
 * its CLOSE_DUP (RESMGR_IN_F_LAST) ends the server's OCB.  A reference
 * can still be taken after that decision without any descriptor: epoll's
 * epi_fget() pins the file to call ->poll (since 6.10), and pidfd_getfd(2)
 * or SCM_RIGHTS can even make a new descriptor of it.  A message sent on
 * such a reference would name an OCB the server has ended, which a server
 * that uses handles as pointers would take for a use after free.  Such a
 * reference was taken after the decision (before it, the count would not
 * have been 1), and the decision takes the OCB off its inode's list under
 * ii->lock, so checking the list under that lock sees it: every I/O
 * message is refused from then on.
 *
 * Return: true if no message may be sent on the open any more.
 */
bool resmgr_ocb_ended(struct file *file)
{
	struct resmgr_inode_info *ii = resmgr_ii(file_inode(file));
	struct resmgr_ocb *ocb = file->private_data;
	bool ended;

	spin_lock(&ii->lock);
	ended = list_empty(&ocb->inode_node);
	spin_unlock(&ii->lock);
	return ended;
}

/* Whether @a and @b are the same client to a server: the ids it is sent. */
static bool resmgr_same_ids(const struct cred *a, const struct cred *b)
{
	return a == b ||
	       (uid_eq(a->euid, b->euid) && uid_eq(a->fsuid, b->fsuid) &&
		gid_eq(a->egid, b->egid) && gid_eq(a->fsgid, b->fsgid) &&
		a->group_info == b->group_info);
}

/*
 * One of @inode's opens, with a reference on its file, or NULL.  Every
 * open listed on an inode is of the same server file: each name resolved
 * gets its own inode, and a name that goes away takes its dentry (and
 * inode) with it.  The reference keeps its OCB from being ended while a
 * message is in flight; no lock is held while it is.  With @cred, only
 * an open made with the same ids will do: a server judges an I/O message
 * by the credentials of the open's maker, so another user's open must
 * not lend its rights to the caller.
 */
struct file *resmgr_inode_open_get(struct inode *inode,
				   const struct cred *cred)
{
	struct resmgr_inode_info *ii = resmgr_ii(inode);
	struct resmgr_ocb *ocb;
	struct file *file = NULL;

	spin_lock(&ii->lock);
	list_for_each_entry(ocb, &ii->ocbs, inode_node) {
		if (cred && !resmgr_same_ids(ocb->file->f_cred, cred))
			continue;
		/* A file whose last reference is gone is being released. */
		if (atomic_long_inc_not_zero(&ocb->file->f_count)) {
			file = ocb->file;
			break;
		}
	}
	spin_unlock(&ii->lock);
	return file;
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
 * position the previous one left.  An exec open (__FMODE_EXEC) gets
 * resmgr_exec_ops and keeps the kernel's position (mapping.c).  All the
 * tables belong to this module, so swapping them leaves the module
 * reference the VFS took unchanged.
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
	/* exec's kernel_read() needs ->read_iter: see mapping.c. */
	if (file->f_flags & __FMODE_EXEC && S_ISREG(file_inode(file)->i_mode)) {
		file->f_op = &resmgr_exec_ops;
		return;
	}
	/*
	 * The kernel keeps no copy of a file's bytes for read(2) and write(2)
	 * (mapping.c drops its pages at every write): every I/O is direct.
	 */
	if (S_ISREG(file_inode(file)->i_mode))
		file->f_mode |= FMODE_CAN_ODIRECT;
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
	struct resmgr_node_key key;
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
	/*
	 * A name that is gone (the attach point, a root, never is): an
	 * unlinked file reached through /proc/<pid>/fd.  Its name would be
	 * ENOENT, or another file; an open of it asks for another.  With
	 * none of the caller's (or a name dropped by a revalidation racing
	 * with this open), the name is asked as it is.
	 */
	if (!IS_ROOT(file->f_path.dentry) && d_unhashed(file->f_path.dentry)) {
		ret = resmgr_openfd_reopen(inode, file, &ocb, &server_ocb,
					   &open_flags);
		if (!ret) {
			resmgr_open_granted(file, ocb, server_ocb, open_flags);
			return 0;
		}
		if (ret != -ENOENT)
			return ret;
	}

	ret = resmgr_open_send(file->f_path.dentry, &a, &ocb, &out);
	if (ret)
		return ret;
	/* The name now names another node (resmgr_node_inode()): look again. */
	resmgr_node_key_init(&key, ocb->link->chan, NULL, out.node);
	if (!resmgr_open_type_ok(file, out.mode) ||
	    !resmgr_node_same(inode, &key)) {
		resmgr_ocb_close_event(ocb, out.ocb);
		return -ESTALE;
	}
	resmgr_open_granted(file, ocb, out.ocb, out.flags);
	resmgr_open_size(inode, &out);
	return 0;
}

/* The server's handle of @file's OCB, as granted. */
u64 resmgr_file_ocb(struct file *file)
{
	struct resmgr_ocb *ocb = file->private_data;

	return ocb->close_req.ih.ocb;
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
				WRITE_ONCE(d->req.ih.flags,
					   d->req.ih.flags | RESMGR_IN_F_LAST);
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
