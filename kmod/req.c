// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: one request's life.
 *
 * A client builds a request, resmgr_req_send() queues it on the channel
 * and sleeps until a server answers.  The sleep is killable and nothing
 * else: QNX keeps a client blocked until its server replies, and a server
 * that never replies must not make the client unkillable either.  A
 * killed client takes its request back if no server has it yet; once a
 * server holds it, the client simply leaves and the server's late reply
 * is refused with ESRCH.
 */
#include <linux/cred.h>
#include <linux/highmem.h>
#include <linux/ktime.h>
#include <linux/mm.h>
#include <linux/uio.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <kunit/visibility.h>

#include "resmgr_i.h"

static struct kmem_cache *resmgr_req_cache;

static void resmgr_req_free_default(struct resmgr_req *req)
{
	kmem_cache_free(resmgr_req_cache, req);
}

/**
 * resmgr_req_free() - free a request from resmgr_req_alloc()
 * @req:	the request, its last reference gone
 *
 * For a ->free callback that does more before the memory goes.
 */
void resmgr_req_free(struct resmgr_req *req)
{
	resmgr_req_free_default(req);
}

/**
 * resmgr_req_init() - set up a request embedded in another object
 * @req:	the request
 * @chan:	the channel it will go to (not referenced: the owner keeps
 *		the channel alive)
 * @opcode:	enum resmgr_opcode
 * @link:	link id
 * @ocb:	the server's OCB handle, or 0
 */
void resmgr_req_init(struct resmgr_req *req, struct resmgr_chan *chan,
		     u16 opcode, u32 link, u64 ocb)
{
	refcount_set(&req->ref, 1);
	INIT_LIST_HEAD(&req->node);
	INIT_HLIST_NODE(&req->hnode);
	init_completion(&req->done);
	req->chan = chan;
	req->state = RESMGR_REQ_NEW;
	req->ih.opcode = opcode;
	req->ih.link = link;
	req->ih.ocb = ocb;
	req->out_body_len = resmgr_reply_body_len(opcode);
	req->out_data = req->inline_data;
}

/**
 * resmgr_req_alloc() - allocate a request for a client call
 * @chan:	channel
 * @opcode:	enum resmgr_opcode
 * @link:	the link it goes through, or NULL (a message on a connection)
 * @ocb:	the server's OCB handle, or 0
 *
 * Return: the request, or NULL.
 */
struct resmgr_req *resmgr_req_alloc(struct resmgr_chan *chan, u16 opcode,
				    struct resmgr_link *link, u64 ocb)
{
	struct resmgr_req *req;

	req = kmem_cache_zalloc(resmgr_req_cache, GFP_KERNEL_ACCOUNT);
	if (!req)
		return NULL;
	resmgr_req_init(req, chan, opcode, link ? link->id : 0, ocb);
	req->free = resmgr_req_free_default;
	return req;
}

/*
 * The byte budget.  Kernel memory a request holds for its data (a write's
 * payload, a bounce buffer for a reply) is charged twice: to its channel,
 * at most max_inflight, and to the client process that opened the file,
 * at most max_client_inflight, so one client cannot take the whole
 * channel's budget (H3 of the kernel review).  Three kinds of request are
 * never charged and so never wait for room:
 *  - connect messages (open, stat, unlink, ...), whose data is a path;
 *  - requests with at most RESMGR_UNCHARGED bytes of data (a directory
 *    READ, a devctl, a short write), so a server's namespace keeps
 *    working however much data its other clients have in flight;
 *  - a READ whose reply lands in the client's own pinned pages, which
 *    cost the kernel nothing.
 * Each uncharged request blocks the task that sent it, so their number is
 * bounded by the tasks a user may have, as FUSE's synchronous requests are.
 * A single request is never larger than max_client_inflight (file.c and
 * fioc.c clamp it), so it always fits once its client has nothing else in
 * flight.  Waiting for room is interruptible: nothing has been sent yet.
 */
#define RESMGR_UNCHARGED	(16U << 10)

/* Take @bytes from both budgets if both have room.  Sets req->charged. */
static bool resmgr_budget_take(struct resmgr_req *req, size_t bytes)
{
	struct resmgr_chan *chan = req->chan;
	bool ok = true;

	spin_lock(&chan->lock);
	/* A dead channel charges nothing: the request fails when queued. */
	if (!chan->dead) {
		ok = (chan->inflight + bytes <= resmgr_max_inflight ||
		      !chan->inflight) &&
		     resmgr_client_charge(req->client, bytes,
					  resmgr_max_client_inflight);
		if (ok) {
			chan->inflight += bytes;
			req->charged = bytes;
		}
	}
	spin_unlock(&chan->lock);
	return ok;
}

/* Charge @bytes of data to the byte budget, or wait for room. */
static int resmgr_req_charge(struct resmgr_req *req, size_t bytes)
{
	if (bytes <= RESMGR_UNCHARGED || req->ih.opcode < RESMGR_OP_READ)
		return 0;
	if (WARN_ON_ONCE(req->charged))
		return -EINVAL;	/* one charge per request */
	if (wait_event_interruptible(req->chan->budget_wq,
				     resmgr_budget_take(req, bytes)))
		return -ERESTARTSYS;
	return 0;
}

/* Give back what resmgr_req_charge() took. */
static void resmgr_req_uncharge(struct resmgr_req *req)
{
	struct resmgr_chan *chan = req->chan;

	if (!req->charged)
		return;
	spin_lock(&chan->lock);
	chan->inflight -= req->charged;
	resmgr_client_uncharge(req->client, req->charged);
	spin_unlock(&chan->lock);
	if (req->client)
		resmgr_client_put(req->client);
	wake_up_all(&chan->budget_wq);
}

/**
 * resmgr_req_alloc_data() - give a request buffers for its data
 * @req:	the request
 * @in_len:	bytes of data sent after the body (write data, paths)
 * @out_cap:	bytes of reply data it may receive (read data)
 *
 * Both count against the byte budget (see resmgr_req_charge()); the
 * caller waits, interruptibly, until it has room.
 *
 * Return: 0, -ENOMEM, or -ERESTARTSYS on a signal.
 */
int resmgr_req_alloc_data(struct resmgr_req *req, size_t in_len,
			  size_t out_cap)
{
	size_t bytes = in_len + (out_cap > RESMGR_INLINE_DATA ? out_cap : 0);
	int ret;

	ret = resmgr_req_charge(req, bytes);
	if (ret)
		return ret;
	if (in_len) {
		req->in_data = kvmalloc(in_len, GFP_KERNEL_ACCOUNT);
		if (!req->in_data)
			return -ENOMEM;
		req->in_data_len = in_len;
	}
	if (out_cap > RESMGR_INLINE_DATA) {
		req->out_data = kvmalloc(out_cap, GFP_KERNEL_ACCOUNT);
		if (!req->out_data) {
			req->out_data = req->inline_data;
			return -ENOMEM;
		}
	}
	req->out_cap = out_cap;
	return 0;
}

/**
 * resmgr_req_map_reply() - let READ's reply land in the client's buffer
 * @req:	a READ request
 * @ubuf:	the client's buffer
 * @count:	its size
 *
 * Pins the client's pages so the server's reply is copied once, straight
 * into them, with no kernel buffer in between.  Small reads use the
 * request's inline buffer instead (cheaper than pinning); memory that
 * cannot be pinned falls back to a bounce buffer.
 *
 * The pinned pages are the client's own memory and are not charged to
 * the byte budget.
 *
 * Return: 0, -ENOMEM, or -ERESTARTSYS on a signal (bounce buffer only).
 */
int resmgr_req_map_reply(struct resmgr_req *req, void __user *ubuf,
			 size_t count)
{
	unsigned long start = (unsigned long)ubuf;
	unsigned int off = offset_in_page(start);
	int npages, pinned;
	struct page **pages;

	if (count <= RESMGR_INLINE_DATA)
		return resmgr_req_alloc_data(req, 0, count);

	npages = DIV_ROUND_UP(off + count, PAGE_SIZE);
	pages = kvmalloc_array(npages, sizeof(*pages), GFP_KERNEL_ACCOUNT);
	if (!pages)
		return -ENOMEM;
	pinned = pin_user_pages_fast(start - off, npages, FOLL_WRITE, pages);
	if (pinned != npages) {
		if (pinned > 0)
			unpin_user_pages(pages, pinned);
		kvfree(pages);
		return resmgr_req_alloc_data(req, 0, count);
	}
	req->out_pages = pages;
	req->out_npages = npages;
	req->out_page_off = off;
	req->out_cap = count;
	return 0;
}

/**
 * resmgr_req_reply_fill() - copy reply data from a server
 * @req:	the request, whose reply buffer is mapped
 * @off:	offset in the reply data
 * @from:	the server's memory
 * @len:	bytes; @off + @len must not exceed req->out_cap
 *
 * Return: 0, or -EFAULT if the server's memory could not be read.
 */
int resmgr_req_reply_fill(struct resmgr_req *req, size_t off,
			  struct iov_iter *from, size_t len)
{
	if (!req->out_pages)
		return copy_from_iter_full(req->out_data + off, len, from) ?
		       0 : -EFAULT;

	off += req->out_page_off;
	while (len) {
		struct page *page = req->out_pages[off >> PAGE_SHIFT];
		size_t poff = offset_in_page(off);
		size_t n = min_t(size_t, len, PAGE_SIZE - poff);
		void *kaddr = kmap_local_page(page);
		size_t got = copy_from_iter(kaddr + poff, n, from);

		kunmap_local(kaddr);
		if (got != n)
			return -EFAULT;
		off += n;
		len -= n;
	}
	return 0;
}

/**
 * resmgr_req_reply_to_user() - hand the reply data to the client
 * @req:	the answered request
 * @ubuf:	the client's buffer, as given to resmgr_req_map_reply()
 * @count:	bytes of data the reply carries
 *
 * Return: 0 or -EFAULT.
 */
int resmgr_req_reply_to_user(struct resmgr_req *req, void __user *ubuf,
			     size_t count)
{
	if (req->out_pages)
		return 0;	/* already there */
	return copy_to_user(ubuf, req->out_data, count) ? -EFAULT : 0;
}

/**
 * resmgr_req_put() - drop a reference; the last one frees the request
 * @req: the request
 */
void resmgr_req_put(struct resmgr_req *req)
{
	if (!refcount_dec_and_test(&req->ref))
		return;

	/* A receiver still running at its sender's priority gets its own. */
	if (READ_ONCE(req->boost))
		resmgr_prio_end(req);
	resmgr_req_uncharge(req);
	if (req->cred)
		put_cred(req->cred);
	kvfree(req->in_data);
	if (req->out_data != req->inline_data)
		kvfree(req->out_data);
	if (req->out_pages) {
		unpin_user_pages_dirty_lock(req->out_pages, req->out_npages, true);
		kvfree(req->out_pages);
	}
	if (req->orphan)
		resmgr_ocb_orphan_end(req);
	req->free(req);
}

/**
 * resmgr_next_unique() - give the next request id
 * @chan:	the channel; called with chan->lock held
 *
 * Ids run from 1 to INT_MAX (QNX's int rcvid) and wrap; an id still
 * held is skipped, so a late reply or MSGWRITE can never reach a newer
 * request.  The held table is hashed by the 64-bit id, so the look-up
 * must hash the same 64-bit value (M2 of the kernel review: a u32 key
 * looked in another bucket and missed the held request).
 *
 * Return: the id.
 */
VISIBLE_IF_KUNIT u64 resmgr_next_unique(struct resmgr_chan *chan)
	__must_hold(&chan->lock)
{
	struct resmgr_req *other;
	u64 id;

	lockdep_assert_held(&chan->lock);
again:
	id = chan->next_unique++;
	if (chan->next_unique > INT_MAX)
		chan->next_unique = 1;
	hash_for_each_possible(chan->held, other, hnode, id)
		if (other->ih.unique == id)
			goto again;
	return id;
}
EXPORT_SYMBOL_IF_KUNIT(resmgr_next_unique);

/**
 * resmgr_req_queue() - put a request on the channel for a server to take
 * @req: the request; the queue takes its own reference
 *
 * The request goes out as the calling thread's.
 *
 * Return: 0, or -ENOTCONN if the server is gone.
 */
int resmgr_req_queue(struct resmgr_req *req)
{
	struct resmgr_chan *chan = req->chan;

	req->ih.pid = task_tgid_nr_ns(current, chan->pid_ns);
	req->ih.tid = task_pid_nr_ns(current, chan->pid_ns);
	/* The server works for the sender; events lend no priority. */
	if (!req->noreply) {
		resmgr_prio_record(req);
		/* Who sent it, for MSGINFO, as it was when it sent. */
		if (READ_ONCE(chan->features) & RESMGR_FEAT_SENDER) {
			req->ih.priority = resmgr_prio_current();
			if (!req->cred)
				req->cred = get_current_cred();
		}
	}
	return resmgr_req_queue_preset(req);
}

/**
 * resmgr_req_queue_preset() - queue a request on behalf of another process
 * @req: the request, whose ih.pid and ih.tid are already set; the queue
 *	 takes its own reference
 *
 * For DISCONNECT, which whoever drops a client's last open sends (often
 * the server itself), naming the client that went away.
 *
 * Return: 0, or -ENOTCONN if the server is gone.
 */
int resmgr_req_queue_preset(struct resmgr_req *req)
{
	struct resmgr_chan *chan = req->chan;

	req->ih.len = sizeof(req->ih) + req->in_body_len + req->in_data_len;

	spin_lock(&chan->lock);
	if (chan->dead) {
		spin_unlock(&chan->lock);
		return -ENOTCONN;
	}
	req->ih.unique = resmgr_next_unique(chan);
	req->state = RESMGR_REQ_PENDING;
	refcount_inc(&req->ref);
	list_add_tail(&req->node, &chan->pending);
	spin_unlock(&chan->lock);

	/*
	 * A plain wakeup, not a sync one: pulling the server onto the
	 * client's CPU serialized the two and measured slower in every
	 * make bench figure.
	 */
	wake_up(&chan->recv_wq);
	return 0;
}

/**
 * resmgr_req_end_locked() - give a request its final state
 * @req:	the request, already off the queue and the held table
 * @result:	0 if the reply is in, or the errno for the client
 *
 * Called with chan->lock held.  Once a request is DONE nobody but the
 * owner of the reference it had on the queue or in the held table
 * touches its list node or that reference; that owner then calls
 * resmgr_req_complete().
 */
void resmgr_req_end_locked(struct resmgr_req *req, int result)
	__must_hold(&req->chan->lock)
{
	lockdep_assert_held(&req->chan->lock);
	req->result = result;
	req->state = RESMGR_REQ_DONE;
}

/**
 * resmgr_req_complete() - wake a DONE request's client, drop its reference
 * @req:	the request, ended by resmgr_req_end_locked(); the caller owns
 *		the reference it had on the queue or in the held table
 */
void resmgr_req_complete(struct resmgr_req *req)
{
	complete(&req->done);
	resmgr_req_put(req);
}

/**
 * resmgr_req_finish() - end a request a server held or had queued
 * @req:	the request, already off the queue and the held table, whose
 *		reference from there the caller now owns and drops
 * @result:	0 if the reply is in, or the errno for the client
 */
void resmgr_req_finish(struct resmgr_req *req, int result)
{
	spin_lock(&req->chan->lock);
	resmgr_req_end_locked(req, result);
	spin_unlock(&req->chan->lock);
	resmgr_req_complete(req);
}

/**
 * resmgr_spin_until() - poll briefly for a condition before sleeping on it
 * @cond:	the condition
 * @arg:	its argument
 *
 * Polls for at most the spin_us module parameter, and never while the
 * CPU is wanted elsewhere or a signal is pending.
 *
 * Return: true if @cond became true.
 */
bool resmgr_spin_until(bool (*cond)(void *arg), void *arg)
{
	/*
	 * Written through sysfs by param_set_uint(), a plain store under
	 * kernel_param_lock, which is not ours to take: read it once.
	 */
	unsigned int us = READ_ONCE(resmgr_spin_us);
	u64 end;

	if (!us)
		return cond(arg);
	end = ktime_get_ns() + us * NSEC_PER_USEC;
	while (!cond(arg)) {
		if (need_resched() || signal_pending(current) ||
		    ktime_get_ns() > end)
			return false;
		cpu_relax();
	}
	return true;
}

static bool resmgr_req_is_done(void *arg)
{
	return completion_done(arg);
}

/* Fatal signal: take the request back unless it is being answered. */
static int resmgr_req_abandon(struct resmgr_req *req)
{
	struct resmgr_chan *chan = req->chan;

	spin_lock(&chan->lock);
	switch (req->state) {
	case RESMGR_REQ_PENDING:
		list_del_init(&req->node);
		req->state = RESMGR_REQ_DONE;
		refcount_dec(&req->ref);	/* the queue's; ours remains */
		break;
	case RESMGR_REQ_HELD:
		/*
		 * A held OPEN or OPENFD stays held: if the server grants it,
		 * the reply turns into a CLOSE_OCB for the orphaned open
		 * (see resmgr_ocb_orphan_end()), so the server's OCB never
		 * leaks.  Any other held request is dropped; its late reply
		 * gets ESRCH.
		 */
		if (req->ih.opcode == RESMGR_OP_OPEN ||
		    req->ih.opcode == RESMGR_OP_OPENFD)
			break;
		hash_del(&req->hnode);
		req->state = RESMGR_REQ_DONE;
		refcount_dec(&req->ref);	/* the table's */
		break;
	case RESMGR_REQ_REPLYING:
		/* The replying server thread finishes and drops it. */
		break;
	default:
		spin_unlock(&chan->lock);
		return req->result;
	}
	req->abandoned = true;
	req->result = -EINTR;
	spin_unlock(&chan->lock);
	return -EINTR;
}

/* Tell the server that the client of a held request wants to unblock. */
static void resmgr_req_unblock_event(struct resmgr_req *req)
{
	struct resmgr_req *ev;

	ev = kmem_cache_zalloc(resmgr_req_cache, GFP_KERNEL_ACCOUNT);
	if (!ev)
		return;		/* the client just keeps waiting, killably */
	resmgr_req_init(ev, req->chan, RESMGR_OP_UNBLOCK, req->ih.link,
			req->ih.ocb);
	ev->free = resmgr_req_free_default;
	ev->noreply = true;
	ev->in.unblock.target = req->ih.unique;
	ev->in_body_len = sizeof(ev->in.unblock);
	resmgr_req_queue(ev);
	resmgr_req_put(ev);
}

/*
 * A signal (not a fatal one) arrived while the client waited.  A request
 * no server has taken yet is taken back, and the call restarts or fails
 * with EINTR as the signal's SA_RESTART says.  A request a server holds
 * stays with it, as on QNX: the server gets an UNBLOCK event (and
 * RESMGR_IN_F_UNBLOCK_REQ in MSGINFO) and decides, answering EINTR or
 * finishing the work; the client waits for that answer, killably.
 *
 * Return: -ERESTARTSYS if the request was taken back, -EINTR if it was
 * abandoned (req->unblock_eintr), else 0.
 */
static int resmgr_req_interrupted(struct resmgr_req *req)
{
	struct resmgr_chan *chan = req->chan;
	bool notify = false;

	spin_lock(&chan->lock);
	if (req->state == RESMGR_REQ_PENDING) {
		list_del_init(&req->node);
		req->state = RESMGR_REQ_DONE;
		refcount_dec(&req->ref);	/* the queue's */
		spin_unlock(&chan->lock);
		return -ERESTARTSYS;
	}
	if (req->state == RESMGR_REQ_HELD && req->unblock_eintr) {
		/* A channel without RESMGR_CHANNEL_UNBLOCK: EINTR at once. */
		spin_unlock(&chan->lock);
		return resmgr_req_abandon(req);
	}
	if (req->state == RESMGR_REQ_HELD &&
	    !(req->ih.flags & RESMGR_IN_F_UNBLOCK_REQ)) {
		/* RESMGR_IOC_MSGINFO reads the flags without the lock. */
		WRITE_ONCE(req->ih.flags,
			   req->ih.flags | RESMGR_IN_F_UNBLOCK_REQ);
		notify = true;
	}
	spin_unlock(&chan->lock);
	if (notify)
		resmgr_req_unblock_event(req);
	return 0;
}

/*
 * The request is answered or failed, but a server thread's MSGWRITE that
 * began while it was held may still be copying into the client's buffer:
 * wait for it before the client goes back to that memory.  New copies
 * cannot start (the request is no longer held), so this is short unless
 * the server stalls its own copy; a fatal signal ends the wait, and the
 * dying process's memory goes with it.
 */
static int resmgr_req_quiesce(struct resmgr_req *req)
{
	if (READ_ONCE(req->writers) &&
	    wait_var_event_killable(&req->writers, !READ_ONCE(req->writers)))
		return -EINTR;
	return req->result;
}

/**
 * resmgr_req_send() - send a request and wait for the answer
 * @req: the request; the caller keeps its reference
 *
 * Waits interruptibly unless req->uninterruptible (CLOSE_DUP: a close is
 * never restarted, so it must reach the server whatever happens), but
 * only a fatal signal ends the wait for a request a server holds; see
 * resmgr_req_interrupted().
 *
 * Return: 0 when the server answered (the answer, maybe an error, is in
 * req->oh), or -ENOTCONN (server gone), -EIO (malformed reply), -EINTR
 * (fatal signal), -ERESTARTSYS (a signal came before any server took it).
 */
int resmgr_req_send(struct resmgr_req *req)
{
	int ret;

	ret = resmgr_req_queue(req);
	if (ret)
		return ret;
	if (resmgr_spin_until(resmgr_req_is_done, &req->done))
		return resmgr_req_quiesce(req);

	if (!req->uninterruptible) {
		if (!wait_for_completion_interruptible(&req->done))
			return resmgr_req_quiesce(req);
		if (!fatal_signal_pending(current)) {
			ret = resmgr_req_interrupted(req);
			if (ret)
				return ret;
		}
	}
	if (!wait_for_completion_killable(&req->done))
		return resmgr_req_quiesce(req);
	return resmgr_req_abandon(req);
}

int __init resmgr_req_cache_init(void)
{
	size_t start = offsetof(struct resmgr_req, ih);
	size_t size = sizeof(struct resmgr_req);

	/* Messages and replies are copied to and from userspace in place. */
	resmgr_req_cache = kmem_cache_create_usercopy("resmgr_req", size, 0,
						      SLAB_ACCOUNT, start,
						      size - start, NULL);
	return resmgr_req_cache ? 0 : -ENOMEM;
}

void resmgr_req_cache_exit(void)
{
	kmem_cache_destroy(resmgr_req_cache);
}
