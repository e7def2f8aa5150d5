// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: Neutrino message passing between processes (RESMGR_FEAT_IPC).
 *
 * A channel is an open /dev/resmgr.  RESMGR_IOC_CHANNEL publishes it
 * under a channel id; a client opens /dev/resmgr-conn, names the server
 * process and the channel id with RESMGR_CONN_ATTACH, and from then on
 * that descriptor is its connection (QNX's coid).  A message sent on it
 * is an ordinary request on the channel (RESMGR_OP_MSGSEND), so the
 * server receives, holds, reads, writes and answers it with the calls it
 * uses for everything else, and a signalled sender unblocks as the
 * channel's RESMGR_CHANNEL_UNBLOCK says (req.c); RESMGR_CONN_INFO says
 * what the connection reaches and whether it still does.  A pulse is an event
 * (RESMGR_OP_PULSE): it never blocks the sender, and a channel holds at
 * most max_pulses of them, so no sender can make the kernel allocate
 * without bound.
 *
 * Channel ids are per process, as on QNX: the server names its own (the
 * library uses the channel's descriptor number, which it also takes as
 * the chid of MsgReceive()), or lets the kernel choose one.
 *
 * Lifetimes: a connection holds a reference to its channel, so a
 * channel's memory outlives every connection; once the server closes it,
 * sends fail ENOTCONN.  The registry of channel ids holds no reference:
 * the channel's release removes it before the channel can be freed, and
 * a lookup takes its reference under the registry's lock.
 *
 * Permission: connecting needs the server's user (or CAP_SYS_ADMIN in
 * the server's user namespace), unless the channel's mode lets its group
 * or anyone connect; a RESMGR_CHANNEL_PRIVATE channel takes connections
 * from its own process only.
 *
 * Delivering (QNX's MsgDeliverEvent() of a pulse): a client names one of
 * its own connections by descriptor number in the event it gives a
 * server, which cannot read the client's descriptor table.  A connection
 * attached with RESMGR_CONN_ATTACH_COID is registered under (process,
 * number) in resmgr_coids; a server that holds a request from that
 * process may send a pulse to it by number (RESMGR_IOC_DELIVER).  The
 * registry holds no reference: the connection's release removes it, and
 * a lookup takes a reference on the connection's channel under the
 * registry's lock.
 */
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/miscdevice.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>

#include "resmgr_i.h"

unsigned int resmgr_max_pulses = 1024;
module_param_named(max_pulses, resmgr_max_pulses, uint, 0644);
MODULE_PARM_DESC(max_pulses, "Pulses a channel may have waiting to be received (default 1024)");

/*
 * struct resmgr_chan_ipc - what RESMGR_IOC_CHANNEL gave a channel
 * @node:	in resmgr_channels, under resmgr_channels_lock
 * @chan:	the channel
 * @chid:	its id, unique in @owner
 * @flags:	RESMGR_CHANNEL_*
 * @mode:	0020 (the group), 0002 (anyone): who else may connect
 * @owner:	the publishing process (thread group)
 * @uid:	its effective uid then
 * @gid:	its effective gid then
 * @pulses:	pulses queued and not yet received
 * @next_scoid:	the next connection's id
 */
struct resmgr_chan_ipc {
	struct hlist_node node;
	struct resmgr_chan *chan;
	u32 chid;
	u32 flags;
	u32 mode;
	struct pid *owner;
	kuid_t uid;
	kgid_t gid;
	atomic_t pulses;
	atomic_t next_scoid;
};

/* Published channels, by owner and id; no reference (see above). */
static DEFINE_HASHTABLE(resmgr_channels, 8);
static DEFINE_SPINLOCK(resmgr_channels_lock);
/* Ids the kernel chooses start here, above any descriptor number. */
#define RESMGR_CHID_AUTO	BIT(24)
static u32 resmgr_next_chid = RESMGR_CHID_AUTO;

static unsigned long resmgr_chid_key(const struct pid *owner, u32 chid)
{
	return (unsigned long)owner ^ chid;
}

/* Called with resmgr_channels_lock held. */
static struct resmgr_chan_ipc *resmgr_channel_find(const struct pid *owner,
						   u32 chid)
	__must_hold(&resmgr_channels_lock)
{
	struct resmgr_chan_ipc *ipc;

	lockdep_assert_held(&resmgr_channels_lock);
	hash_for_each_possible(resmgr_channels, ipc, node,
			       resmgr_chid_key(owner, chid))
		if (ipc->owner == owner && ipc->chid == chid)
			return ipc;
	return NULL;
}

/* Register @ipc under its chid, or a free one if it is 0. */
static int resmgr_channel_add(struct resmgr_chan_ipc *ipc)
{
	int tries = 64;

	spin_lock(&resmgr_channels_lock);
	if (ipc->chid) {
		if (resmgr_channel_find(ipc->owner, ipc->chid)) {
			spin_unlock(&resmgr_channels_lock);
			return -EEXIST;
		}
	} else {
		do {
			ipc->chid = resmgr_next_chid++;
			if (resmgr_next_chid > INT_MAX)
				resmgr_next_chid = RESMGR_CHID_AUTO;
		} while (resmgr_channel_find(ipc->owner, ipc->chid) && --tries);
		if (!tries) {
			spin_unlock(&resmgr_channels_lock);
			return -EAGAIN;
		}
	}
	hash_add(resmgr_channels, &ipc->node,
		 resmgr_chid_key(ipc->owner, ipc->chid));
	spin_unlock(&resmgr_channels_lock);
	return 0;
}

/**
 * struct resmgr_conn - an open /dev/resmgr-conn
 * @lock:	serializes RESMGR_CONN_ATTACH
 * @chan:	the channel once attached (a reference), else NULL; set once
 *		under @lock after @client and @scoid, read with
 *		smp_load_acquire(), which makes those two visible too
 * @client:	the connecting process's entry on @chan (client.c)
 * @scoid:	this connection's id on @chan
 * @coid_node:	in resmgr_coids, under resmgr_coids_lock, if @owner is set
 * @owner:	the process that registered @coid (a reference), or NULL
 * @coid:	its descriptor number there
 */
struct resmgr_conn {
	spinlock_t lock;	/* see above */
	struct resmgr_chan *chan;
	struct resmgr_client *client;
	u32 scoid;
	struct hlist_node coid_node;
	struct pid *owner;
	int coid;
};

/* Connections by (owner, descriptor number); no reference (see above). */
static DEFINE_HASHTABLE(resmgr_coids, 8);
static DEFINE_SPINLOCK(resmgr_coids_lock);

static unsigned long resmgr_coid_key(const struct pid *owner, int coid)
{
	return (unsigned long)owner ^ (unsigned int)coid;
}

/* RESMGR_IOC_CHANNEL, from the channel's ioctl table (chan.c). */
long resmgr_ioc_channel(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_chan *chan = file->private_data;
	struct resmgr_channel *ch = ucmd->cmd;
	struct resmgr_chan_ipc *ipc;
	int ret;

	if (!(READ_ONCE(chan->features) & RESMGR_FEAT_IPC))
		return -EOPNOTSUPP;
	if (ch->flags & ~RESMGR_CHANNEL_ALL || ch->chid > INT_MAX ||
	    ch->reserved || ch->mode & ~0022)
		return -EINVAL;
	if (ch->flags & RESMGR_CHANNEL_FIXED_PRIORITY &&
	    !(READ_ONCE(chan->features) & RESMGR_FEAT_PRIO))
		return -EOPNOTSUPP;
	ipc = kzalloc(sizeof(*ipc), GFP_KERNEL_ACCOUNT);
	if (!ipc)
		return -ENOMEM;
	ipc->chan = chan;
	ipc->chid = ch->chid;
	ipc->flags = ch->flags;
	ipc->mode = ch->mode;
	ipc->owner = get_pid(task_tgid(current));
	ipc->uid = current_euid();
	ipc->gid = current_egid();
	atomic_set(&ipc->next_scoid, 1);

	/* No release can run meanwhile: this ioctl holds the file. */
	mutex_lock(&chan->attach_lock);
	if (chan->ipc) {
		ret = -EBUSY;
		goto out_unlock;
	}
	/*
	 * Set before it can be found: a connection reads chan->ipc.  Pairs
	 * with resmgr_chan_ipc_end()'s smp_load_acquire().
	 */
	smp_store_release(&chan->ipc, ipc);
	ret = resmgr_channel_add(ipc);
	if (ret) {
		WRITE_ONCE(chan->ipc, NULL);
		goto out_unlock;
	}
	mutex_unlock(&chan->attach_lock);

	ch->chid = ipc->chid;
	return resmgr_ucmd_respond(ucmd, sizeof(*ch));

out_unlock:
	mutex_unlock(&chan->attach_lock);
	put_pid(ipc->owner);
	kfree(ipc);
	return ret;
}

/**
 * resmgr_chan_ipc_end() - a channel is closing: no new connections
 * @chan:	the channel, marked dead
 *
 * Connections keep their reference; their sends fail ENOTCONN.
 */
void resmgr_chan_ipc_end(struct resmgr_chan *chan)
{
	/* Pairs with resmgr_ioc_channel()'s smp_store_release(). */
	struct resmgr_chan_ipc *ipc = smp_load_acquire(&chan->ipc);

	if (!ipc)
		return;
	spin_lock(&resmgr_channels_lock);
	hash_del(&ipc->node);
	spin_unlock(&resmgr_channels_lock);
}

/**
 * resmgr_chan_prio_fixed() - do receivers on @chan keep their priority?
 * @chan:	the channel, whose file the caller holds
 *
 * Return: true if it was published with RESMGR_CHANNEL_FIXED_PRIORITY.
 */
bool resmgr_chan_prio_fixed(struct resmgr_chan *chan)
{
	/* Pairs with resmgr_ioc_channel()'s smp_store_release(). */
	struct resmgr_chan_ipc *ipc = smp_load_acquire(&chan->ipc);

	return ipc && ipc->flags & RESMGR_CHANNEL_FIXED_PRIORITY;
}

/**
 * resmgr_chan_ipc_free() - free what RESMGR_IOC_CHANNEL allocated
 * @chan:	the channel, its last reference gone
 */
void resmgr_chan_ipc_free(struct resmgr_chan *chan)
{
	if (!chan->ipc)
		return;
	put_pid(chan->ipc->owner);
	kfree(chan->ipc);
}

static int resmgr_conn_open(struct inode *inode, struct file *file)
{
	struct resmgr_conn *conn;

	conn = kzalloc(sizeof(*conn), GFP_KERNEL_ACCOUNT);
	if (!conn)
		return -ENOMEM;
	spin_lock_init(&conn->lock);
	file->private_data = conn;
	return 0;
}

static int resmgr_conn_release(struct inode *inode, struct file *file)
{
	struct resmgr_conn *conn = file->private_data;
	struct resmgr_chan *chan = conn->chan;

	if (conn->owner) {
		spin_lock(&resmgr_coids_lock);
		hash_del(&conn->coid_node);
		spin_unlock(&resmgr_coids_lock);
		put_pid(conn->owner);
	}
	if (chan) {
		resmgr_client_release(chan, conn->client,
				      chan->ipc->flags & RESMGR_CHANNEL_DISCONNECT);
		resmgr_chan_put(chan);
	}
	kfree(conn);
	return 0;
}

/* May the caller connect to @ipc's channel? */
static int resmgr_conn_permitted(const struct resmgr_chan *chan,
				 const struct resmgr_chan_ipc *ipc)
{
	if (task_tgid(current) == ipc->owner)
		return 0;
	if (ipc->flags & RESMGR_CHANNEL_PRIVATE)
		return -EACCES;
	if (uid_eq(current_euid(), ipc->uid))
		return 0;
	if (ipc->mode & 0002)		/* anyone */
		return 0;
	if (ipc->mode & 0020 && in_egroup_p(ipc->gid))
		return 0;
	return ns_capable(chan->user_ns, CAP_SYS_ADMIN) ? 0 : -EACCES;
}

/* Find published channel @chid of process @nr; a reference is taken. */
static struct resmgr_chan *resmgr_channel_get(pid_t nr, u32 chid)
{
	struct resmgr_chan_ipc *ipc;
	struct resmgr_chan *chan = NULL;
	struct pid *pid;

	rcu_read_lock();
	pid = nr ? find_vpid(nr) : task_tgid(current);
	spin_lock(&resmgr_channels_lock);
	ipc = pid ? resmgr_channel_find(pid, chid) : NULL;
	if (ipc) {
		chan = ipc->chan;
		resmgr_chan_get(chan);	/* not yet released: see above */
	}
	spin_unlock(&resmgr_channels_lock);
	rcu_read_unlock();
	return chan;
}

/* The attached channel, or NULL. */
static struct resmgr_chan *resmgr_conn_chan(struct resmgr_conn *conn)
{
	/* Pairs with resmgr_conn_attach()'s smp_store_release(). */
	return smp_load_acquire(&conn->chan);
}

static long resmgr_conn_attach(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_conn_attach *a = ucmd->cmd;
	struct resmgr_conn *conn = file->private_data;
	struct resmgr_client *client;
	struct resmgr_chan *chan;
	int ret;

	if (a->flags & ~RESMGR_CONN_ATTACH_COID || a->reserved)
		return -EINVAL;
	if (a->flags & RESMGR_CONN_ATTACH_COID) {
		/* The number must be this file's now. */
		struct file *f = a->coid >= 0 ? fget(a->coid) : NULL;

		if (f)
			fput(f);
		if (f != file)
			return -EBADF;
	} else if (a->coid) {
		return -EINVAL;
	}
	if (resmgr_conn_chan(conn))
		return -EISCONN;
	chan = resmgr_channel_get(a->pid, a->chid);
	if (!chan)
		return -ESRCH;
	ret = resmgr_conn_permitted(chan, chan->ipc);
	if (ret)
		goto out_put;
	client = resmgr_client_get(chan);
	if (!client) {
		ret = -ENOMEM;
		goto out_put;
	}
	/* Two tasks attaching one descriptor: the first one wins. */
	spin_lock(&conn->lock);
	if (conn->chan) {
		spin_unlock(&conn->lock);
		resmgr_client_release(chan, client, false);
		ret = -EISCONN;
		goto out_put;
	}
	conn->client = client;
	conn->scoid = atomic_inc_return(&chan->ipc->next_scoid);
	/* Pairs with resmgr_conn_chan(): @client and @scoid are set. */
	smp_store_release(&conn->chan, chan);
	spin_unlock(&conn->lock);
	if (a->flags & RESMGR_CONN_ATTACH_COID) {
		/* Once: only the attach that set @chan gets here. */
		conn->owner = get_pid(task_tgid(current));
		conn->coid = a->coid;
		spin_lock(&resmgr_coids_lock);
		hash_add(resmgr_coids, &conn->coid_node,
			 resmgr_coid_key(conn->owner, conn->coid));
		spin_unlock(&resmgr_coids_lock);
	}
	return 0;

out_put:
	resmgr_chan_put(chan);
	return ret;
}

static long resmgr_conn_send(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct iovec sstack[UIO_FASTIOV], *siov = sstack;
	struct iovec rstack[UIO_FASTIOV], *riov = rstack;
	struct resmgr_conn *conn = file->private_data;
	struct resmgr_conn_send *s = ucmd->cmd;
	struct resmgr_chan *chan = resmgr_conn_chan(conn);
	struct iov_iter sit, rit;
	struct resmgr_req *req;
	size_t slen, rlen, max;
	long ret;

	if (!chan)
		return -ENOTCONN;
	if (s->flags || s->send_parts > RESMGR_XFER_IOV_MAX ||
	    s->recv_parts > RESMGR_XFER_IOV_MAX)
		return -EINVAL;
	ret = import_iovec(ITER_SOURCE, u64_to_user_ptr(s->send_iov),
			   s->send_parts, ARRAY_SIZE(sstack), &siov, &sit);
	if (ret < 0)
		return ret;
	ret = import_iovec(ITER_DEST, u64_to_user_ptr(s->recv_iov),
			   s->recv_parts, ARRAY_SIZE(rstack), &riov, &rit);
	if (ret < 0)
		goto out_siov;
	slen = iov_iter_count(&sit);
	rlen = iov_iter_count(&rit);
	max = min(resmgr_max_client_inflight, resmgr_max_inflight);
	if (slen > max || rlen > max || slen + rlen > max) {
		ret = -EMSGSIZE;
		goto out_riov;
	}

	ret = -ENOMEM;
	req = resmgr_req_alloc(chan, RESMGR_OP_MSGSEND, NULL, 0);
	if (!req)
		goto out_riov;
	req->client = conn->client;
	req->unblock_eintr = !(chan->ipc->flags & RESMGR_CHANNEL_UNBLOCK);
	req->in.msgsend.nbytes = slen;
	req->in.msgsend.out_max = rlen;
	req->in.msgsend.scoid = conn->scoid;
	req->in_body_len = sizeof(req->in.msgsend);
	ret = resmgr_req_alloc_data(req, slen, rlen);
	if (ret)
		goto out_req;
	/* Gaps a server's MSGWRITE leaves read as zeros, not old heap. */
	memset(req->out_data, 0, rlen);
	if (slen && !copy_from_iter_full(req->in_data, slen, &sit)) {
		ret = -EFAULT;
		goto out_req;
	}
	ret = resmgr_req_send(req);
	if (ret)
		goto out_req;
	if (req->oh.error) {
		ret = -req->oh.error;
		goto out_req;
	}
	/* reply_check() kept the data within rlen. */
	ret = req->oh.status;
	if (req->out_len &&
	    copy_to_iter(req->out_data, req->out_len, &rit) != req->out_len)
		ret = -EFAULT;
out_req:
	resmgr_req_put(req);
out_riov:
	kfree(riov);
out_siov:
	kfree(siov);
	return ret;
}

static void resmgr_pulse_free(struct resmgr_req *req)
{
	atomic_dec(&req->chan->ipc->pulses);
	resmgr_req_free(req);
}

/*
 * Queue a pulse on @chan from its connection @scoid.  The caller holds a
 * reference to @chan, which was published (chan->ipc is set).
 */
static int resmgr_chan_pulse(struct resmgr_chan *chan, u32 scoid, s32 code,
			     s32 priority, u64 value)
{
	struct resmgr_chan_ipc *ipc = chan->ipc;
	struct resmgr_req *req;
	int ret;

	/* Set through sysfs meanwhile, as resmgr_spin_us (req.c). */
	if (atomic_inc_return(&ipc->pulses) > READ_ONCE(resmgr_max_pulses)) {
		atomic_dec(&ipc->pulses);
		return -EAGAIN;
	}
	req = resmgr_req_alloc(chan, RESMGR_OP_PULSE, NULL, 0);
	if (!req) {
		atomic_dec(&ipc->pulses);
		return -ENOMEM;
	}
	req->free = resmgr_pulse_free;
	req->noreply = true;
	req->in.pulse.code = code;
	req->in.pulse.priority = priority;
	resmgr_prio_pulse(req, priority);
	req->in.pulse.value = value;
	req->in.pulse.scoid = scoid;
	req->in_body_len = sizeof(req->in.pulse);
	ret = resmgr_req_queue(req);
	resmgr_req_put(req);
	return ret;
}

static long resmgr_conn_pulse(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_conn *conn = file->private_data;
	struct resmgr_chan *chan = resmgr_conn_chan(conn);
	struct resmgr_conn_pulse *p = ucmd->cmd;

	if (!chan)
		return -ENOTCONN;
	if (p->reserved || p->code < S8_MIN || p->code > S8_MAX)
		return -EINVAL;
	return resmgr_chan_pulse(chan, conn->scoid, p->code, p->priority,
				 p->value);
}

/**
 * resmgr_coid_pulse() - send a pulse to a connection a process registered
 * @owner:	the process (the sender of a request the caller holds)
 * @coid:	the number it gave the connection (RESMGR_CONN_ATTACH_COID)
 * @code:	the pulse's code, checked by the caller
 * @priority:	its priority
 * @value:	its value
 *
 * Only a connection to a channel of @owner's own is reached, the QNX
 * pattern (a client connects to its own channel to be told things): a
 * server must not be able to speak, in its client's name, to whatever
 * else the client is connected to.
 *
 * Return: 0, -EBADF if @owner has no such connection, -EPERM if it
 * leads to another process's channel, or what sending the pulse returns.
 */
int resmgr_coid_pulse(struct pid *owner, int coid, s32 code, s32 priority,
		      u64 value)
{
	struct resmgr_chan *chan = NULL;
	struct resmgr_conn *conn;
	u32 scoid = 0;
	int ret;

	spin_lock(&resmgr_coids_lock);
	/* Newest first: a number taken over belongs to the later one. */
	hash_for_each_possible(resmgr_coids, conn, coid_node,
			       resmgr_coid_key(owner, coid)) {
		if (conn->owner == owner && conn->coid == coid) {
			/* Registered after @chan was set, never cleared. */
			chan = conn->chan;
			scoid = conn->scoid;
			resmgr_chan_get(chan);
			break;
		}
	}
	spin_unlock(&resmgr_coids_lock);
	if (!chan)
		return -EBADF;
	/* A connection's channel was published: chan->ipc is set. */
	if (chan->ipc->owner != owner)
		ret = -EPERM;
	else
		ret = resmgr_chan_pulse(chan, scoid, code, priority, value);
	resmgr_chan_put(chan);
	return ret;
}

/*
 * RESMGR_CONN_INFO: the server and channel the connection reaches.  The
 * connection's reference keeps chan->ipc, and its owner struct pid, in
 * memory after the channel closes.
 */
static long resmgr_conn_info(struct file *file, struct resmgr_ucmd *ucmd)
{
	struct resmgr_conn *conn = file->private_data;
	struct resmgr_chan *chan = resmgr_conn_chan(conn);
	struct resmgr_conn_info *ci = ucmd->cmd;
	struct resmgr_chan_ipc *ipc;

	if (ci->reserved)
		return -EINVAL;
	if (!chan)
		return -ENOTCONN;
	ipc = chan->ipc;
	ci->flags = 0;
	/* A channel marks itself dead under its lock; a stale false is benign. */
	if (READ_ONCE(chan->dead))
		ci->flags |= RESMGR_CONN_INFO_DEAD;
	/* Its number may go to another process once it has exited. */
	rcu_read_lock();
	ci->pid = pid_has_task(ipc->owner, PIDTYPE_TGID) ?
		  pid_nr_ns(ipc->owner, task_active_pid_ns(current)) : 0;
	rcu_read_unlock();
	ci->chid = ipc->chid;
	ci->scoid = conn->scoid;
	return resmgr_ucmd_respond(ucmd, sizeof(*ci));
}

static const struct resmgr_ioctl_op resmgr_conn_ops[] = {
	RESMGR_IOCTL_OP(RESMGR_CMD_CONN_ATTACH, RESMGR_CMD_CONN_ATTACH,
			resmgr_conn_attach, struct resmgr_conn_attach, chid),
	RESMGR_IOCTL_OP(RESMGR_CMD_CONN_ATTACH, RESMGR_CMD_CONN_SEND,
			resmgr_conn_send, struct resmgr_conn_send, recv_iov),
	RESMGR_IOCTL_OP(RESMGR_CMD_CONN_ATTACH, RESMGR_CMD_CONN_PULSE,
			resmgr_conn_pulse, struct resmgr_conn_pulse, value),
	RESMGR_IOCTL_OP(RESMGR_CMD_CONN_ATTACH, RESMGR_CMD_CONN_INFO,
			resmgr_conn_info, struct resmgr_conn_info, reserved),
};

/* Room for the argument of any connection ioctl. */
union resmgr_conn_ioc_buf {
	struct resmgr_conn_attach attach;
	struct resmgr_conn_send send;
	struct resmgr_conn_pulse pulse;
	struct resmgr_conn_info info;
};

static long resmgr_conn_ioctl(struct file *file, unsigned int cmd,
			      unsigned long arg)
{
	union resmgr_conn_ioc_buf buf;

	return resmgr_ucmd_run(resmgr_conn_ops, ARRAY_SIZE(resmgr_conn_ops),
			       RESMGR_CMD_CONN_ATTACH, file, cmd,
			       (void __user *)arg, &buf, sizeof(buf));
}

static const struct file_operations resmgr_conn_fops = {
	.owner		= THIS_MODULE,
	.open		= resmgr_conn_open,
	.release	= resmgr_conn_release,
	.unlocked_ioctl	= resmgr_conn_ioctl,
	.compat_ioctl	= compat_ptr_ioctl,
	.llseek		= noop_llseek,
};

/* Anyone may open it: a connection is only as good as its attach. */
static struct miscdevice resmgr_conn_misc = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= "resmgr-conn",
	.fops	= &resmgr_conn_fops,
	.mode	= 0666,
};

int __init resmgr_ipc_init(void)
{
	return misc_register(&resmgr_conn_misc);
}

void resmgr_ipc_exit(void)
{
	misc_deregister(&resmgr_conn_misc);
}
