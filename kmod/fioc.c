// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: client ioctls of resmgr's own magic (RESMGR_FIOC_*), for the
 * I/O messages no Linux system call reaches: MSG (QNX's _IO_MSG),
 * PATHCONF, FDINFO and OPENFD, and for DEVCTL with QNX's errno.
 *
 * file.c's ->unlocked_ioctl hands us every command of RESMGR_IOC_MAGIC,
 * so none of them is ever sent to a server as DEVCTL; an unknown one is
 * ENOTTY here.  Every length from the caller is bounded before anything
 * is allocated, and reply data is copied back only up to the room the
 * caller gave.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "resmgr_i.h"

/*
 * RESMGR_FIOC_MSG: data out, reply data back, the server's status as the
 * return value.  Both directions count against the byte budget (req.c)
 * and neither may exceed a client's, like any other request's data.
 * A whole message (RESMGR_FIOC_MSG_RAW) goes only to a server that said
 * it knows the form: another would take its bytes for an _IO_MSG's.
 */
static long resmgr_fioc_msg(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_fioc_msg m = *(struct resmgr_fioc_msg *)ucmd->cmd;
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_req *req;
	long ret;

	if (m.send_len > resmgr_max_client_inflight ||
	    m.recv_len > resmgr_max_client_inflight ||
	    m.send_len > resmgr_max_inflight ||
	    m.recv_len > resmgr_max_inflight)
		return -EINVAL;
	if (m.flags & ~RESMGR_FIOC_MSG_RAW || m.reserved)
		return -EINVAL;
	if (m.flags & RESMGR_FIOC_MSG_RAW) {
		if (m.mgrid || m.subtype || m.send_len < sizeof(u16))
			return -EINVAL;
		if (!(READ_ONCE(ocb->link->chan->features) &
		      RESMGR_FEAT_RAW_MSG))
			return -EOPNOTSUPP;
	}
	req = resmgr_io_req(file, RESMGR_OP_MSG);
	if (!req)
		return -ENOMEM;
	req->in.msg.mgrid = m.mgrid;
	req->in.msg.subtype = m.subtype;
	req->in.msg.nbytes = m.send_len;
	req->in.msg.out_max = m.recv_len;
	if (m.flags & RESMGR_FIOC_MSG_RAW)
		req->in.msg.flags = RESMGR_MSG_RAW;
	req->in_body_len = sizeof(req->in.msg);
	ret = resmgr_req_alloc_data(req, m.send_len, m.recv_len);
	/*
	 * A server's MSGWRITE may leave gaps in the reply buffer; they must
	 * read as zeros, not as what the heap held before.
	 */
	if (!ret)
		memset(req->out_data, 0, m.recv_len);
	if (!ret && m.send_len &&
	    copy_from_user(req->in_data, u64_to_user_ptr(m.send_buf),
			   m.send_len))
		ret = -EFAULT;
	if (!ret)
		ret = resmgr_io_call(file, req);
	if (!ret) {
		ret = req->oh.status;
		/* What the server supplied (reply_check kept it <= recv_len). */
		if (req->out_len &&
		    copy_to_user(u64_to_user_ptr(m.recv_buf), req->out_data,
				 req->out_len))
			ret = -EFAULT;
	}
	resmgr_req_put(req);
	return ret;
}

/* RESMGR_FIOC_PATHCONF: fpathconf(3) as the server answers it. */
static long resmgr_fioc_pathconf(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_fioc_pathconf *pc = ucmd->cmd;
	struct resmgr_req *req;
	long ret;

	req = resmgr_io_req(file, RESMGR_OP_PATHCONF);
	if (!req)
		return -ENOMEM;
	req->in.pathconf.name = pc->name;
	req->in_body_len = sizeof(req->in.pathconf);
	ret = resmgr_io_call(file, req);
	if (!ret) {
		pc->value = req->oh.status;
		ret = resmgr_ucmd_respond(ucmd, sizeof(*pc));
	}
	resmgr_req_put(req);
	return ret;
}

/*
 * RESMGR_FIOC_FDINFO: the server's struct resmgr_fdinfo and the open's
 * path.  The path is cut to the caller's room and always NUL-terminated
 * there, whatever the server sent; the return value is the full length
 * the server reports, so the caller can tell it was cut.
 */
static long resmgr_fioc_fdinfo(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_fioc_fdinfo *fip = ucmd->cmd, fi = *fip;
	struct resmgr_req *req;
	size_t path_max, got;
	char *path;
	long ret;

	if (fi.flags || fi.reserved)
		return -EINVAL;
	path_max = min_t(u32, fi.path_len, RESMGR_PATH_MAX);
	req = resmgr_io_req(file, RESMGR_OP_FDINFO);
	if (!req)
		return -ENOMEM;
	req->in.fdinfo.path_max = path_max;
	req->in_body_len = sizeof(req->in.fdinfo);
	ret = resmgr_req_alloc_data(req, 0, sizeof(fi.info) + path_max);
	if (!ret) {
		memset(req->out_data, 0, sizeof(fi.info) + path_max); /* gaps */
		ret = resmgr_io_call(file, req);
	}
	if (ret)
		goto out;
	ret = resmgr_fdinfo_reply_check(req->out_len);
	if (ret)
		goto out;
	ret = req->oh.status;
	memcpy(&fip->info, req->out_data, sizeof(fip->info));
	if (resmgr_ucmd_respond(ucmd, sizeof(*fip))) {
		ret = -EFAULT;
		goto out;
	}
	if (!path_max)
		goto out;
	path = (char *)req->out_data + sizeof(fi.info);
	got = strnlen(path, req->out_len - sizeof(fi.info));
	if (got >= path_max)
		got = path_max - 1;
	path[got] = '\0';	/* within the buffer: got < path_max */
	if (copy_to_user(u64_to_user_ptr(fi.path_buf), path, got + 1))
		ret = -EFAULT;
out:
	resmgr_req_put(req);
	return ret;
}

/*
 * RESMGR_FIOC_OPENFD: the server grants a new open (OPENFD on the
 * existing OCB), and the client gets a new struct file for it.
 *
 * The file comes from dentry_open() on the same path, so it is a full
 * open in the VFS's eyes (security hooks, fsnotify, write access) and our
 * ->open runs.  That ->open must not send OPEN: the open is granted
 * already.  So the caller parks the grant here, keyed by its task and
 * the superblock opened (in a union the OCB's link may be another
 * member's than the superblock's), for the duration of dentry_open(); resmgr_open() takes it
 * (resmgr_openfd_take()).  Only the task itself can take its grant and it
 * runs one system call at a time, so no other open can see it.
 *
 * The kernel OCB, with its CLOSE_OCB, is allocated before the server is
 * asked: whatever fails after the grant (no descriptor, dentry_open()
 * failing, a malformed answer), the server's OCB is ended and nothing
 * leaks.  Once ->open took the grant, the new file owns it, and its
 * release ends it like any other.
 */
struct resmgr_openfd_grant {
	struct list_head node;
	struct task_struct *task;
	struct super_block *sb;
	struct resmgr_ocb *ocb;
	u64 server_ocb;
	u32 open_flags;
	bool taken;
};

static LIST_HEAD(resmgr_openfd_grants);
static DEFINE_SPINLOCK(resmgr_openfd_lock);

/**
 * resmgr_openfd_take() - pick up this task's pre-granted open, if any
 * @sb:		the superblock of the inode ->open runs for
 * @server_ocb:	out: the server's OCB
 * @open_flags:	out: RESMGR_OPEN_* of the grant
 *
 * Return: the kernel OCB, now the caller's, or NULL for an ordinary open.
 */
struct resmgr_ocb *resmgr_openfd_take(struct super_block *sb,
				      u64 *server_ocb, u32 *open_flags)
{
	struct resmgr_openfd_grant *g;
	struct resmgr_ocb *ocb = NULL;

	/*
	 * Every open asks, so skip the lock when no grant is parked at all.
	 * A grant of ours was parked by this very task before it called
	 * dentry_open(), so this task cannot miss it.
	 */
	if (list_empty(&resmgr_openfd_grants))
		return NULL;
	spin_lock(&resmgr_openfd_lock);
	list_for_each_entry(g, &resmgr_openfd_grants, node) {
		if (g->task == current && g->sb == sb && !g->taken) {
			g->taken = true;
			ocb = g->ocb;
			*server_ocb = g->server_ocb;
			*open_flags = g->open_flags;
			break;
		}
	}
	spin_unlock(&resmgr_openfd_lock);
	return ocb;
}

/* Ask the server for the open; 0 and @g filled, or -errno. */
static int resmgr_openfd_ask(struct file *file, u32 flags,
			     struct resmgr_openfd_grant *g)
{
	struct resmgr_req *req;
	int ret;

	req = resmgr_io_req(file, RESMGR_OP_OPENFD);
	if (!req)
		return -ENOMEM;
	req->in.openfd.ioflag = resmgr_ioflag_encode(flags);
	req->in_body_len = sizeof(req->in.openfd);
	ret = resmgr_io_call(file, req);
	if (ret == -EINTR) {
		/*
		 * Killed: a grant that still comes is turned into a
		 * CLOSE_OCB by resmgr_req_put(), as for an orphaned OPEN.
		 */
		req->orphan = g->ocb;
		g->ocb = NULL;
	} else if (!ret && resmgr_open_out_check(&req->out.open)) {
		/* Granted, but not understood: give it back at once. */
		resmgr_ocb_close_event(g->ocb, req->out.open.ocb);
		g->ocb = NULL;
		ret = -EIO;
	} else if (!ret) {
		g->server_ocb = req->out.open.ocb;
		g->open_flags = req->out.open.flags;
	}
	resmgr_req_put(req);
	return ret;
}

/**
 * resmgr_openfd_reopen() - open again a file whose name is gone
 * @inode:	the file's inode
 * @file:	the new open (->open of it)
 * @ocbp:	out: the kernel OCB of the grant
 * @server_ocb:	out: the server's OCB
 * @open_flags:	out: RESMGR_OPEN_* of the grant
 *
 * An unlinked file can still be opened through /proc/<pid>/fd or run by
 * execveat(AT_EMPTY_PATH), but not by its name, which the server no
 * longer has.  One of its opens made with the caller's ids asks the
 * server for another (OPENFD, QNX's openfd()), which can do no more
 * than that open: the server judges it by what it granted.
 *
 * Return: 0, -ENOENT if no open of the caller's ids is left, -EACCES
 * for more access than such an open has, or the server's error.
 */
int resmgr_openfd_reopen(struct inode *inode, struct file *file,
			 struct resmgr_ocb **ocbp, u64 *server_ocb,
			 u32 *open_flags)
{
	unsigned int flags = file->f_flags & (O_ACCMODE | O_NONBLOCK);
	fmode_t want = file->f_mode & (FMODE_READ | FMODE_WRITE);
	struct resmgr_openfd_grant g = {};
	struct resmgr_ocb *ocb;
	struct file *old;
	int ret;

	old = resmgr_inode_open_get(inode, file->f_cred);
	if (!old)
		return -ENOENT;
	ret = -EACCES;
	if (want & ~old->f_mode)
		goto out;
	ocb = old->private_data;
	ret = -ENOMEM;
	g.ocb = resmgr_ocb_alloc(ocb->link);
	if (!g.ocb)
		goto out;
	ret = resmgr_openfd_ask(old, flags, &g);
	if (ret) {
		if (g.ocb)
			resmgr_ocb_close_event(g.ocb, 0);
		goto out;
	}
	*ocbp = g.ocb;
	*server_ocb = g.server_ocb;
	*open_flags = g.open_flags;
out:
	fput(old);
	return ret;
}

static long resmgr_fioc_openfd(struct file *file, struct resmgr_ucmd *ucmd)
{
	const unsigned int allowed = O_ACCMODE | O_NONBLOCK | O_CLOEXEC;
	struct resmgr_ocb *ocb = file->private_data;
	struct resmgr_openfd_grant g = {
		.task = current, .sb = file_inode(file)->i_sb,
	};
	struct resmgr_fioc_openfd of = *(struct resmgr_fioc_openfd *)ucmd->cmd;
	struct file *nfile;
	unsigned int flags;
	fmode_t want;
	int fd, ret;

	if (of.flags & ~allowed ||
	    (of.flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	/* The new open may not do more than this one. */
	flags = of.flags & (O_ACCMODE | O_NONBLOCK);
	want = OPEN_FMODE(flags) & (FMODE_READ | FMODE_WRITE);
	if (want & ~file->f_mode)
		return -EACCES;

	fd = get_unused_fd_flags(of.flags & O_CLOEXEC);
	if (fd < 0)
		return fd;
	g.ocb = resmgr_ocb_alloc(ocb->link);
	if (!g.ocb) {
		ret = -ENOMEM;
		goto out_fd;
	}
	ret = resmgr_openfd_ask(file, flags, &g);
	if (ret)
		goto out_ocb;

	spin_lock(&resmgr_openfd_lock);
	list_add(&g.node, &resmgr_openfd_grants);
	spin_unlock(&resmgr_openfd_lock);
	nfile = dentry_open(&file->f_path, flags | (file->f_flags & O_LARGEFILE),
			    current_cred());
	spin_lock(&resmgr_openfd_lock);
	list_del(&g.node);
	spin_unlock(&resmgr_openfd_lock);

	if (g.taken)
		g.ocb = NULL;	/* the new file's now, or already released */
	if (IS_ERR(nfile)) {
		ret = PTR_ERR(nfile);
		goto out_ocb;
	}
	if (!g.taken) {
		/* Cannot happen: ->open always takes a grant it finds. */
		fput(nfile);
		ret = -EIO;
		goto out_ocb;
	}
	fd_install(fd, nfile);
	return fd;

out_ocb:
	if (g.ocb)
		resmgr_ocb_close_event(g.ocb, g.server_ocb);
out_fd:
	put_unused_fd(fd);
	return ret;
}

/*
 * RESMGR_FIOC_DEVCTL: devctl() as QNX answers it (resmgr_devctl()).  The
 * struct goes back with RESMGR_FIOC_DEVCTL_SERVED whatever the answer,
 * so that libresmgr can tell a server's ENOTTY from a file of another
 * kind that does not know our number, and call ioctl(2) there instead.
 */
static long resmgr_fioc_devctl(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_fioc_devctl *d = ucmd->cmd;
	long ret;

	if (d->flags || d->reserved)
		return -EINVAL;
	/* Our magic is never a server's command (resmgr_ioctl()). */
	if (_IOC_TYPE(d->dcmd) == RESMGR_IOC_MAGIC)
		return -EINVAL;
	ret = resmgr_devctl(file, d->dcmd, u64_to_user_ptr(d->arg));
	d->flags = RESMGR_FIOC_DEVCTL_SERVED;
	if (resmgr_ucmd_respond(ucmd, sizeof(*d)))
		return -EFAULT;
	return ret;
}

static const struct resmgr_ioctl_op resmgr_fioc_ops[] = {
	RESMGR_IOCTL_OP(RESMGR_CMD_FIOC_MSG, RESMGR_CMD_FIOC_MSG, resmgr_fioc_msg,
			struct resmgr_fioc_msg, recv_len),
	RESMGR_IOCTL_OP(RESMGR_CMD_FIOC_MSG, RESMGR_CMD_FIOC_PATHCONF, resmgr_fioc_pathconf,
			struct resmgr_fioc_pathconf, value),
	RESMGR_IOCTL_OP(RESMGR_CMD_FIOC_MSG, RESMGR_CMD_FIOC_FDINFO, resmgr_fioc_fdinfo,
			struct resmgr_fioc_fdinfo, info),
	RESMGR_IOCTL_OP(RESMGR_CMD_FIOC_MSG, RESMGR_CMD_FIOC_OPENFD, resmgr_fioc_openfd,
			struct resmgr_fioc_openfd, flags),
	RESMGR_IOCTL_OP(RESMGR_CMD_FIOC_MSG, RESMGR_CMD_FIOC_DEVCTL, resmgr_fioc_devctl,
			struct resmgr_fioc_devctl, reserved),
};

/* Room for the argument of any client ioctl. */
union resmgr_fioc_buf {
	struct resmgr_fioc_msg msg;
	struct resmgr_fioc_pathconf pathconf;
	struct resmgr_fioc_fdinfo fdinfo;
	struct resmgr_fioc_openfd openfd;
	struct resmgr_fioc_devctl devctl;
};

/**
 * resmgr_fioc() - a client ioctl of RESMGR_IOC_MAGIC
 * @file:	the file
 * @cmd:	the command
 * @uarg:	its argument
 *
 * Return: the command's value, or -errno; -ENOTTY for a number of our
 * magic that is not a client ioctl (the server never sees it).
 */
long resmgr_fioc(struct file *file, unsigned int cmd, void __user *uarg)
{
	union resmgr_fioc_buf buf;

	return resmgr_ucmd_run(resmgr_fioc_ops, ARRAY_SIZE(resmgr_fioc_ops),
			       RESMGR_CMD_FIOC_MSG, file, cmd, uarg, &buf, sizeof(buf));
}
