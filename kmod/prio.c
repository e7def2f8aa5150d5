// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: priority inheritance (RESMGR_FEAT_PRIO).
 *
 * As on QNX, a server thread that receives a request runs at the
 * scheduling of the thread that sent it, so a real-time client's open,
 * read or MsgSend() is served at the client's priority and a background
 * client's at its own, whatever the server thread's own priority.  What
 * the sender ran at is taken when it sends (resmgr_prio_record()); a
 * pulse carries the priority its sender gave, clamped to what that
 * sender could set for itself (resmgr_prio_pulse()).
 *
 * The receiving thread is set to it when it takes the request
 * (resmgr_prio_take()) and goes back to its own scheduling, its "base",
 * when the request is replied to, by whichever thread (libresmgr parks
 * requests, and any thread may answer them), or ends without a reply
 * (its sender killed, the channel closed: resmgr_prio_end()), or when
 * the thread receives again: each receive sets the thread's priority
 * from what it received (QNX does the same), and a thread about to wait
 * for a request drops what it had (resmgr_prio_idle()).  A pulse has no
 * reply, so its priority lasts until the thread's next receive.
 *
 * A thread lent a priority has a struct resmgr_boost, found by its task
 * in resmgr_boosts.  If the thread's scheduling is no longer what was
 * lent when it is to be given back, the thread (or an administrator)
 * changed it meanwhile: that change stands, and the base is not put
 * back.  A thread that exits while boosted keeps its boost to the end;
 * its task is not touched again.
 *
 * Changing another task's scheduling sleeps (sched_setattr_nocheck()),
 * and a reply from another thread may give a thread its base back while
 * that thread takes its next request: resmgr_boost_mutex serializes
 * both, so a thread never mistakes a priority it was lent for its own.
 * It is taken only by channels that negotiated RESMGR_FEAT_PRIO.
 */
#include <linux/capability.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <uapi/linux/sched/types.h>

#include "resmgr_i.h"

/**
 * struct resmgr_boost - a thread running at a priority it was lent
 * @node:	in resmgr_boosts, by @task
 * @task:	the thread (a reference)
 * @req:	the request it runs for (whose @boost is this), or NULL
 *		for a pulse: the boost then lasts until @task receives
 * @base:	the thread's own scheduling, given back at the end
 * @lent:	what it was set to
 */
struct resmgr_boost {
	struct hlist_node node;
	struct task_struct *task;
	struct resmgr_req *req;
	struct resmgr_sched base;
	struct resmgr_sched lent;
};

/* Protects resmgr_boosts and every req->boost; see above. */
static DEFINE_MUTEX(resmgr_boost_mutex);
static DEFINE_HASHTABLE(resmgr_boosts, 6);
/*
 * Entries in resmgr_boosts, lowered only once an entry's thread has its
 * base back: a thread that reads 0 has none and none is being ended.
 */
static atomic_t resmgr_nboosts = ATOMIC_INIT(0);

/* @p's scheduling now.  The fields are read racily: p may change them. */
static void resmgr_sched_of(struct task_struct *p, struct resmgr_sched *s)
{
	s->policy = READ_ONCE(p->policy);
	s->rt_prio = READ_ONCE(p->rt_priority);
	s->nice = task_nice(p);
	s->reset_on_fork = p->sched_reset_on_fork;
}

static bool resmgr_sched_is_rt(const struct resmgr_sched *s)
{
	return s->policy == SCHED_FIFO || s->policy == SCHED_RR;
}

/* The same scheduling, as far as the scheduler is concerned. */
static bool resmgr_sched_eq(const struct resmgr_sched *a,
			    const struct resmgr_sched *b)
{
	if (a->policy != b->policy)
		return false;
	return resmgr_sched_is_rt(a) ? a->rt_prio == b->rt_prio :
				       a->nice == b->nice;
}

/* Set @p to @s; the caller holds resmgr_boost_mutex. */
static int resmgr_sched_set(struct task_struct *p, const struct resmgr_sched *s)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = s->policy,
		.sched_priority = resmgr_sched_is_rt(s) ? s->rt_prio : 0,
		.sched_nice = s->nice,
		.sched_flags = s->reset_on_fork ? SCHED_FLAG_RESET_ON_FORK : 0,
	};

	lockdep_assert_held(&resmgr_boost_mutex);
	/* No permission check: the sender could run at it, see proto.c. */
	return sched_setattr_nocheck(p, &attr);
}

static struct resmgr_boost *resmgr_boost_find(struct task_struct *p)
{
	struct resmgr_boost *b;

	lockdep_assert_held(&resmgr_boost_mutex);
	hash_for_each_possible(resmgr_boosts, b, node, (unsigned long)p)
		if (b->task == p)
			return b;
	return NULL;
}

/* Take @b out of the table and off its request. */
static void resmgr_boost_unlink(struct resmgr_boost *b)
{
	lockdep_assert_held(&resmgr_boost_mutex);
	hash_del(&b->node);
	if (b->req)
		WRITE_ONCE(b->req->boost, NULL);
	b->req = NULL;
}

/* Give @b's thread its base back, unless it changed meanwhile; free @b. */
static void resmgr_boost_end(struct resmgr_boost *b)
{
	struct task_struct *p = b->task;
	struct resmgr_sched now;

	lockdep_assert_held(&resmgr_boost_mutex);
	resmgr_sched_of(p, &now);
	if (!(READ_ONCE(p->flags) & PF_EXITING) &&
	    resmgr_sched_eq(&now, &b->lent))
		resmgr_sched_set(p, &b->base);
	put_task_struct(p);
	kfree(b);
	atomic_dec(&resmgr_nboosts);
}

/*
 * Forget the loans of threads that are exiting.  A pulse's loan lasts
 * until its thread's next receive, which an exiting thread never makes,
 * and nothing else would free it: a server whose pool threads come and
 * go would pin one task_struct per thread.  A loan for a request is
 * unlinked from it here too; its reply or free then finds none.
 */
static void resmgr_boost_prune(void)
{
	struct resmgr_boost *b;
	struct hlist_node *tmp;
	int bkt;

	lockdep_assert_held(&resmgr_boost_mutex);
	hash_for_each_safe(resmgr_boosts, bkt, tmp, b, node) {
		if (!(READ_ONCE(b->task->flags) & PF_EXITING))
			continue;
		resmgr_boost_unlink(b);
		resmgr_boost_end(b);	/* leaves an exiting task alone */
	}
}

/**
 * resmgr_prio_exit() - the module goes: end every loan still recorded
 *
 * No channel is left, so no request links to a loan; the threads still
 * alive that were lent a priority by a pulse get their own back.
 */
void resmgr_prio_exit(void)
{
	struct resmgr_boost *b;
	struct hlist_node *tmp;
	int bkt;

	mutex_lock(&resmgr_boost_mutex);
	hash_for_each_safe(resmgr_boosts, bkt, tmp, b, node) {
		resmgr_boost_unlink(b);
		resmgr_boost_end(b);
	}
	mutex_unlock(&resmgr_boost_mutex);
}

/**
 * resmgr_prio_current() - the calling thread's priority, as QNX numbers it
 *			   in struct _msg_info
 *
 * Return: its SCHED_FIFO or SCHED_RR priority, 1..99; 0 for any other
 * policy.
 */
s32 resmgr_prio_current(void)
{
	struct resmgr_sched own;

	resmgr_sched_of(current, &own);
	return resmgr_sched_is_rt(&own) ? own.rt_prio : 0;
}

/**
 * resmgr_prio_record() - note the sender's scheduling in a request
 * @req:	a request the calling thread sends and waits on
 */
void resmgr_prio_record(struct resmgr_req *req)
{
	struct resmgr_sched own;

	if (!(READ_ONCE(req->chan->features) & RESMGR_FEAT_PRIO))
		return;
	resmgr_sched_of(current, &own);
	req->has_prio = resmgr_sched_inherit(&own, &req->prio);
}

/**
 * resmgr_prio_pulse() - note the scheduling a pulse lends
 * @req:	the pulse the calling thread sends
 * @prio:	the priority it gave the pulse (struct resmgr_conn_pulse)
 */
void resmgr_prio_pulse(struct resmgr_req *req, s32 prio)
{
	struct resmgr_sched own;
	u32 max;

	if (!(READ_ONCE(req->chan->features) & RESMGR_FEAT_PRIO))
		return;
	resmgr_sched_of(current, &own);
	max = min_t(unsigned long, task_rlimit(current, RLIMIT_RTPRIO),
		    MAX_RT_PRIO - 1);
	/*
	 * What sched_setscheduler(2) would let it set itself; asked only
	 * when it matters, since capable() leaves a trace in the audit log
	 * and marks the task as having used its privilege.
	 */
	if (prio > (s32)max &&
	    !(resmgr_sched_is_rt(&own) && prio <= (s32)own.rt_prio) &&
	    capable(CAP_SYS_NICE))
		max = MAX_RT_PRIO - 1;
	req->has_prio = resmgr_pulse_sched(prio, &own, max, &req->prio);
}

/**
 * resmgr_prio_take() - the calling thread received @req: run at its
 *			sender's priority
 * @chan:	the channel it came on
 * @req:	the request (or event), which the caller holds a reference to
 *
 * Whatever the thread was lent for an earlier request ends here: the
 * newest request decides.  A request without a priority (an event the
 * kernel made, a deadline sender's), or on a fixed-priority channel,
 * runs at the thread's base.
 */
void resmgr_prio_take(struct resmgr_chan *chan, struct resmgr_req *req)
{
	struct resmgr_sched now, base, want;
	struct resmgr_boost *b;

	if (!(READ_ONCE(chan->features) & RESMGR_FEAT_PRIO)) {
		/* Served at the thread's own priority, whatever came before. */
		resmgr_prio_idle();
		return;
	}

	/*
	 * Nothing lent to anyone, and nothing to lend: the common case of
	 * a client at the server's own priority takes no lock.
	 */
	resmgr_sched_of(current, &now);
	if (!atomic_read(&resmgr_nboosts) &&
	    (!req->has_prio || resmgr_sched_eq(&req->prio, &now)))
		return;

	mutex_lock(&resmgr_boost_mutex);
	b = resmgr_boost_find(current);
	if (b)
		resmgr_boost_unlink(b);
	/* Again: another thread may have given this one its base back. */
	resmgr_sched_of(current, &now);
	/* Changed by the thread since it was lent a priority: its own now. */
	base = b && resmgr_sched_eq(&now, &b->lent) ? b->base : now;

	want = base;
	/* A deadline thread's budget is its own: it is never changed. */
	if (base.policy != SCHED_DEADLINE && req->has_prio &&
	    !resmgr_chan_prio_fixed(chan))
		want = req->prio;
	if (!resmgr_sched_eq(&want, &now) && resmgr_sched_set(current, &want))
		want = now;	/* not set: nothing to give back */

	if (resmgr_sched_eq(&want, &base)) {
		if (b) {
			put_task_struct(b->task);
			kfree(b);
			atomic_dec(&resmgr_nboosts);
		}
		goto out;
	}
	if (!b) {
		b = kmalloc(sizeof(*b), GFP_KERNEL_ACCOUNT);
		if (!b) {
			/* No memory to remember the base: back to it now. */
			resmgr_sched_set(current, &base);
			goto out;
		}
		get_task_struct(current);
		b->task = current;
		atomic_inc(&resmgr_nboosts);
	}
	b->base = base;
	b->lent = want;
	/* An event has no reply: its boost lasts until the next receive. */
	b->req = req->noreply ? NULL : req;
	if (b->req)
		WRITE_ONCE(req->boost, b);
	hash_add(resmgr_boosts, &b->node, (unsigned long)current);
out:
	mutex_unlock(&resmgr_boost_mutex);
}

/**
 * resmgr_prio_idle() - the calling thread waits for a request: it is done
 *			with what it received before and runs at its own
 *			priority again
 *
 * Called on every receive that finds nothing, of any channel; cheap when
 * no thread was lent anything.  It also forgets the loans of threads
 * that exited (resmgr_boost_prune()), off the round trip's path.
 */
void resmgr_prio_idle(void)
{
	struct resmgr_boost *b;

	/* Only this thread adds its own entry: none now, none meanwhile. */
	if (!atomic_read(&resmgr_nboosts))
		return;
	mutex_lock(&resmgr_boost_mutex);
	resmgr_boost_prune();
	b = resmgr_boost_find(current);
	if (b) {
		resmgr_boost_unlink(b);
		resmgr_boost_end(b);
	}
	mutex_unlock(&resmgr_boost_mutex);
}

/**
 * resmgr_prio_end() - @req was replied to or is being freed: the thread
 *		       it boosts goes back to its own priority
 * @req:	the request, out of the held table or without references
 *
 * Callers look at req->boost first (READ_ONCE), without the mutex: a
 * boost linked just after that look lasts until the receiver's next
 * receive or until @req is freed, whose resmgr_req_put() ends it.
 * Sleeps.
 */
void resmgr_prio_end(struct resmgr_req *req)
{
	struct resmgr_boost *b;

	mutex_lock(&resmgr_boost_mutex);
	b = req->boost;
	if (b) {
		resmgr_boost_unlink(b);
		resmgr_boost_end(b);
	}
	mutex_unlock(&resmgr_boost_mutex);
}
