// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the client processes of a channel, and the DISCONNECT event.
 *
 * A QNX server learns that a client process went away from its
 * connection's disconnect pulse, and frees what it kept for that client
 * (locks, per-client state).  Here each channel counts, per client
 * process (by thread group: its struct pid), the kernel OCBs it opened;
 * when the last one of a process the server ever granted an open to is
 * freed, the server gets one DISCONNECT event carrying that pid.
 *
 * An OCB is freed when its CLOSE_OCB (or its last CLOSE_DUP) has reached
 * the server, or when the channel died, so DISCONNECT is queued after
 * every close message of the process and arrives after them.  OCBs
 * belong to the process that opened them: a dup or a forked child keeps
 * the opener's OCB, and with it the opener's DISCONNECT, until it lets go.
 *
 * The event is allocated with the client's entry, so it can never be
 * lost to a failed allocation, and it frees the entry once the server
 * received it.  Memory is one entry per process that has opens.
 *
 * Locking: chan->clients and every entry's fields are under chan->lock,
 * a leaf here: nothing is allocated, queued or freed while it is held,
 * and it is never taken inside xa_lock(&chan->ocbs) or attach_lock from
 * this file.  The event is queued after the lock is dropped.
 */
#include <linux/hashtable.h>
#include <linux/pid.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>

#include "resmgr_i.h"

/**
 * struct resmgr_client - a process with opens on a channel
 * @node:	in chan->clients, hashed by @pid
 * @pid:	the process (thread group); a reference is held so that its
 *		address, the key, is never reused while the entry lives
 * @ocbs:	its kernel OCBs that are not freed yet
 * @known:	the server granted one of them: it knows this client
 * @inflight:	bytes of its requests' data charged to the byte budget
 *		(req.c), at most max_client_inflight
 * @disconnect:	the DISCONNECT event; freeing it frees the entry.  Each
 *		charged request holds a reference too, so the entry outlives
 *		the requests charged to it.
 */
struct resmgr_client {
	struct hlist_node node;
	struct pid *pid;
	unsigned int ocbs;
	bool known;
	size_t inflight;
	struct resmgr_req disconnect;
};

/**
 * resmgr_client_pid() - the process a client entry stands for
 * @c:		the entry, kept by a reference the caller holds (a request's)
 *
 * Return: its struct pid, with a reference taken, or NULL for no entry.
 */
struct pid *resmgr_client_pid(struct resmgr_client *c)
{
	return c ? get_pid(c->pid) : NULL;
}

void resmgr_chan_clients_init(struct resmgr_chan *chan)
{
	hash_init(chan->clients);
}

static void resmgr_client_free(struct resmgr_req *req)
{
	struct resmgr_client *c = container_of(req, struct resmgr_client,
					       disconnect);

	put_pid(c->pid);
	kfree(c);
}

/* Called with chan->lock held. */
static struct resmgr_client *resmgr_client_find(struct resmgr_chan *chan,
						struct pid *pid)
	__must_hold(&chan->lock)
{
	struct resmgr_client *c;

	lockdep_assert_held(&chan->lock);
	hash_for_each_possible(chan->clients, c, node, (unsigned long)pid)
		if (c->pid == pid)
			return c;
	return NULL;
}

/**
 * resmgr_client_pid_nr() - a client process of @chan, by number
 * @chan:	the channel
 * @nr:		its pid in the server's pid namespace (chan->pid_ns)
 *
 * Return: its struct pid with a reference taken, if the process has an
 * open through @chan or a connection to it now; else NULL.
 */
struct pid *resmgr_client_pid_nr(struct resmgr_chan *chan, pid_t nr)
{
	struct pid *pid;

	if (nr <= 0)
		return NULL;
	rcu_read_lock();
	pid = find_pid_ns(nr, chan->pid_ns);
	spin_lock(&chan->lock);
	if (pid && resmgr_client_find(chan, pid))
		get_pid(pid);
	else
		pid = NULL;
	spin_unlock(&chan->lock);
	rcu_read_unlock();
	return pid;
}

/**
 * resmgr_client_get() - count one more open or connection of the caller
 * @chan:	the channel
 *
 * Return: the calling process's entry, or NULL (out of memory).
 */
struct resmgr_client *resmgr_client_get(struct resmgr_chan *chan)
{
	struct pid *pid = task_tgid(current);
	struct resmgr_client *c, *new;

	spin_lock(&chan->lock);
	c = resmgr_client_find(chan, pid);
	if (c) {
		c->ocbs++;
		spin_unlock(&chan->lock);
		return c;
	}
	spin_unlock(&chan->lock);

	new = kzalloc(sizeof(*new), GFP_KERNEL_ACCOUNT);
	if (!new)
		return NULL;
	new->pid = get_pid(pid);
	resmgr_req_init(&new->disconnect, chan, RESMGR_OP_DISCONNECT, 0, 0);
	new->disconnect.noreply = true;
	new->disconnect.free = resmgr_client_free;
	/* Taken now, while the process surely has its pid. */
	new->disconnect.ih.pid = task_tgid_nr_ns(current, chan->pid_ns);
	new->disconnect.ih.tid = new->disconnect.ih.pid;

	/* Another thread of the process may have added it meanwhile. */
	spin_lock(&chan->lock);
	c = resmgr_client_find(chan, pid);
	if (!c) {
		c = new;
		hash_add(chan->clients, &c->node, (unsigned long)pid);
		new = NULL;
	}
	c->ocbs++;
	spin_unlock(&chan->lock);
	if (new)
		resmgr_req_put(&new->disconnect);
	return c;
}

/**
 * resmgr_client_attach() - count a new OCB against the opening process
 * @ocb:	the kernel OCB, ocb->link set; called by the opener
 *
 * Return: 0, or -ENOMEM.
 */
int resmgr_client_attach(struct resmgr_ocb *ocb)
{
	ocb->client = resmgr_client_get(ocb->link->chan);
	return ocb->client ? 0 : -ENOMEM;
}

/**
 * resmgr_client_release() - one open or connection of a client is gone
 * @chan:	the channel
 * @c:		the client, from resmgr_client_get()
 * @known:	the server knows this client through it (granted an open;
 *		a connection to a RESMGR_CHANNEL_DISCONNECT channel)
 *
 * The last one of a process queues its DISCONNECT, if the server ever
 * knew the process; a dead channel gets nothing.
 */
void resmgr_client_release(struct resmgr_chan *chan, struct resmgr_client *c,
			   bool known)
{
	bool last;

	spin_lock(&chan->lock);
	if (known)
		c->known = true;
	last = !--c->ocbs;
	if (last)
		hash_del(&c->node);
	known = c->known;
	spin_unlock(&chan->lock);
	if (!last)
		return;
	if (known)
		resmgr_req_queue_preset(&c->disconnect); /* fails if dead */
	resmgr_req_put(&c->disconnect);
}

/**
 * resmgr_client_detach() - an OCB is being freed
 * @ocb:	the kernel OCB; its CLOSE_OCB, if any, reached the server or
 *		failed with the channel
 *
 * The last OCB of a process queues its DISCONNECT, if the server ever
 * granted the process an open; a process whose opens were all refused
 * was never the server's client.  A dead channel gets nothing.
 */
void resmgr_client_detach(struct resmgr_ocb *ocb)
{
	struct resmgr_client *c = ocb->client;
	/*
	 * A granted OCB keeps the server's handle, or was ended by the last
	 * CLOSE_DUP (which clears the handle CLOSE_OCB would use).
	 */
	bool granted = ocb->close_req.ih.ocb || ocb->closed;

	if (!c)
		return;
	ocb->client = NULL;
	resmgr_client_release(ocb->link->chan, c, granted);
}

/**
 * resmgr_client_charge() - count request data against a client's budget
 * @c:		the client process the request is for, or NULL
 * @bytes:	bytes of data
 * @max:	the client's budget (max_client_inflight)
 *
 * Called with chan->lock held.  A request bigger than the budget still
 * goes when the client has nothing else in flight.  On success the
 * request holds a reference to @c until resmgr_client_put().
 *
 * Return: true if charged (always for a NULL @c), false if no room.
 */
bool resmgr_client_charge(struct resmgr_client *c, size_t bytes, size_t max)
	__must_hold(&c->disconnect.chan->lock)
{
	if (!c)
		return true;
	lockdep_assert_held(&c->disconnect.chan->lock);
	if (c->inflight && c->inflight + bytes > max)
		return false;
	c->inflight += bytes;
	refcount_inc(&c->disconnect.ref);
	return true;
}

/**
 * resmgr_client_uncharge() - give back what resmgr_client_charge() took
 * @c:		the client, or NULL
 * @bytes:	bytes charged
 *
 * Called with chan->lock held; the caller then drops the request's
 * reference with resmgr_client_put().
 */
void resmgr_client_uncharge(struct resmgr_client *c, size_t bytes)
	__must_hold(&c->disconnect.chan->lock)
{
	if (!c)
		return;
	lockdep_assert_held(&c->disconnect.chan->lock);
	c->inflight -= bytes;
}

/**
 * resmgr_client_put() - drop a charged request's reference to its client
 * @c:	the client
 */
void resmgr_client_put(struct resmgr_client *c)
{
	resmgr_req_put(&c->disconnect);
}
