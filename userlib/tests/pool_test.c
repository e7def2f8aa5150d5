// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * thread_pool_*() with fake block/handler functions (no kernel): the pool
 * starts lo_water threads, grows in `increment` steps while work waits,
 * never beyond `maximum`, shrinks to hi_water when idle, shrinks further
 * when thread_pool_limits() lowers hi_water (waking a blocked thread
 * through unblock_func), and thread_pool_destroy() wakes, joins and frees
 * every thread.
 */
#include <pthread.h>
#include <sys/dispatch.h>

#include "testlib.h"

struct fctx {
	bool unblock;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int work;		/* queued "requests" */
static bool gate_open;		/* handlers may finish */
static int live, peak_live;	/* contexts allocated and not freed */
static int busy, peak_busy;	/* in the handler */
static int handled, unblocks;
static bool hold_free;		/* f_free() waits while set */
static int freeing;		/* threads waiting in f_free() */
static thread_pool_t *self_pool;
static int destroy_err;

static resmgr_context_t *f_alloc(dispatch_t *handle)
{
	struct fctx *c = calloc(1, sizeof(*c));

	pthread_mutex_lock(&lock);
	if (++live > peak_live)
		peak_live = live;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return (resmgr_context_t *)c;
}

static void f_free(resmgr_context_t *ctp)
{
	pthread_mutex_lock(&lock);
	freeing++;
	pthread_cond_broadcast(&cond);
	while (hold_free)
		pthread_cond_wait(&cond, &lock);
	freeing--;
	live--;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	free(ctp);
}

static resmgr_context_t *f_block(resmgr_context_t *ctp)
{
	struct fctx *c = (struct fctx *)ctp;

	pthread_mutex_lock(&lock);
	while (!work && !c->unblock)
		pthread_cond_wait(&cond, &lock);
	if (c->unblock) {
		c->unblock = false;
		pthread_mutex_unlock(&lock);
		errno = EINTR;
		return NULL;
	}
	work--;
	pthread_mutex_unlock(&lock);
	return ctp;
}

static void f_unblock(resmgr_context_t *ctp)
{
	pthread_mutex_lock(&lock);
	((struct fctx *)ctp)->unblock = true;
	unblocks++;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static int f_handler(resmgr_context_t *ctp)
{
	pthread_mutex_lock(&lock);
	if (++busy > peak_busy)
		peak_busy = busy;
	pthread_cond_broadcast(&cond);
	while (!gate_open)
		pthread_cond_wait(&cond, &lock);
	busy--;
	handled++;
	if (self_pool) {
		destroy_err = thread_pool_destroy(self_pool) ? errno : 0;
		self_pool = NULL;
	}
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	return 0;
}

/* Wait (bounded, generously) until *v == want; returns the last value. */
static int wait_eq(const int *v, int want)
{
	struct timespec ts;
	int got;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 20;
	pthread_mutex_lock(&lock);
	while (*v != want &&
	       pthread_cond_timedwait(&cond, &lock, &ts) != ETIMEDOUT)
		;
	got = *v;
	pthread_mutex_unlock(&lock);
	return got;
}

static void add_work(int n, bool open)
{
	pthread_mutex_lock(&lock);
	work += n;
	gate_open = open;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
}

static thread_pool_attr_t mk_attr(int lo, int inc, int hi, int max)
{
	thread_pool_attr_t a;

	memset(&a, 0, sizeof(a));
	a.handle = NULL;
	a.block_func = f_block;
	a.unblock_func = f_unblock;
	a.handler_func = f_handler;
	a.context_alloc = f_alloc;
	a.context_free = f_free;
	a.lo_water = lo;
	a.increment = inc;
	a.hi_water = hi;
	a.maximum = max;
	a.tid_name = "pool-test-thread-name";
	return a;
}

static void test_grow_shrink_destroy(void)
{
	thread_pool_attr_t a = mk_attr(2, 1, 3, 6);
	thread_pool_t *pool = thread_pool_create(&a, 0);

	ok(pool != NULL, "thread_pool_create");
	is(thread_pool_start(pool), 0, "thread_pool_start returns without flags");
	is(wait_eq(&live, 2), 2, "lo_water threads started");

	/* More work than threads, handlers held: grows to maximum, no more. */
	add_work(20, false);
	is(wait_eq(&busy, 6), 6, "grew to maximum with every thread busy");
	is(peak_live, 6, "never more threads than maximum");

	add_work(0, true);
	is(wait_eq(&handled, 20), 20, "every request handled");
	is(peak_busy, 6, "at most maximum handlers at once");
	is(wait_eq(&live, 3), 3, "idle threads beyond hi_water exited");

	/* Lowering hi_water wakes a blocked thread, which leaves. */
	is(thread_pool_limits(pool, -1, 2, -1, -1, 0), 0, "thread_pool_limits");
	is(wait_eq(&live, 2), 2, "shrank to the new hi_water");
	ok(unblocks >= 1, "a blocked thread was woken with unblock_func");

	/* The limits still apply: burst again, capped by the new maximum. */
	peak_live = live;
	is(thread_pool_limits(pool, -1, -1, 4, -1, 0), 0, "lower maximum");
	add_work(10, false);
	is(wait_eq(&busy, 4), 4, "grew to the new maximum");
	add_work(0, true);
	is(wait_eq(&handled, 30), 30, "burst served");
	is(peak_live, 4, "never beyond the new maximum");

	is(thread_pool_destroy(pool), 0, "thread_pool_destroy");
	is(live, 0, "every context freed when destroy returns");
}

/*
 * A thread leaving the pool still counts toward the maximum until its
 * context is freed.  Growth decided by busy threads in that window must
 * not leave the pool a thread short once it is gone: with every handler
 * held, nobody would be left to grow it.  f_free() is held to open the
 * window every time.
 */
static void test_leaver_does_not_cost_a_thread(void)
{
	thread_pool_attr_t a = mk_attr(2, 1, 2, 3);
	thread_pool_t *pool;

	work = 0;
	handled = busy = peak_busy = 0;
	gate_open = false;
	pool = thread_pool_create(&a, 0);
	ok(pool != NULL, "leaver: pool created");
	is(thread_pool_start(pool), 0, "leaver: started");
	is(wait_eq(&live, 2), 2, "leaver: lo_water threads blocked");

	pthread_mutex_lock(&lock);
	hold_free = true;
	pthread_mutex_unlock(&lock);
	is(thread_pool_limits(pool, 1, 1, -1, -1, 0), 0, "lower lo and hi water");
	is(wait_eq(&freeing, 1), 1, "one thread leaves, held in context_free");

	add_work(5, false);
	is(wait_eq(&busy, 2), 2, "the others grew while it was still counted");
	pthread_mutex_lock(&lock);
	hold_free = false;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	is(wait_eq(&busy, 3), 3, "once it is gone the pool reaches its maximum");

	add_work(0, true);
	is(wait_eq(&handled, 5), 5, "leaver: all work served");
	is(thread_pool_destroy(pool), 0, "leaver: destroyed");
	is(live, 0, "leaver: every context freed");
}

static void *use_self(void *arg)
{
	return (void *)(intptr_t)thread_pool_start(arg);
}

static void test_use_self(void)
{
	thread_pool_attr_t a = mk_attr(1, 1, 1, 2);
	thread_pool_t *pool = thread_pool_create(&a, POOL_FLAG_USE_SELF);
	pthread_t thr;
	void *ret = (void *)1;

	peak_live = 0;
	ok(pool != NULL, "USE_SELF pool created");
	pthread_create(&thr, NULL, use_self, pool);
	is(wait_eq(&live, 1), 1, "USE_SELF: the caller is the pool's thread");
	is(thread_pool_destroy(pool), 0, "destroy a USE_SELF pool");
	pthread_join(thr, &ret);
	is((intptr_t)ret, 0, "thread_pool_start returned once destroyed");
	is(live, 0, "its context was freed");
}

static void test_destroy_from_pool_thread(void)
{
	thread_pool_attr_t a = mk_attr(1, 1, 1, 1);
	thread_pool_t *pool = thread_pool_create(&a, 0);
	int want = handled + 1;

	thread_pool_start(pool);
	pthread_mutex_lock(&lock);
	self_pool = pool;
	pthread_mutex_unlock(&lock);
	add_work(1, true);
	is(wait_eq(&handled, want), want, "handler ran");
	is(destroy_err, EDEADLK, "destroy from the pool's own thread: EDEADLK");
	is(thread_pool_destroy(pool), 0, "destroy from outside");
	is(live, 0, "contexts freed");
}

static void test_bad_attr(void)
{
	thread_pool_attr_t a = mk_attr(3, 1, 2, 4);

	errno = 0;
	ok(!thread_pool_create(&a, 0) && errno == EINVAL,
	   "hi_water below lo_water: EINVAL");
	a = mk_attr(1, 1, 2, 0);
	ok(!thread_pool_create(&a, 0) && errno == EINVAL, "maximum 0: EINVAL");
	a = mk_attr(1, 1, 2, 2);
	a.block_func = NULL;
	ok(!thread_pool_create(&a, 0) && errno == EINVAL, "no block_func: EINVAL");
	a = mk_attr(1, 1, 2, 2);
	ok(!thread_pool_create(&a, POOL_FLAG_USE_SELF | POOL_FLAG_EXIT_SELF) &&
	   errno == EINVAL, "USE_SELF with EXIT_SELF: EINVAL");
}

int main(void)
{
	tap_start();
	test_grow_shrink_destroy();
	test_leaver_does_not_cost_a_thread();
	test_use_self();
	test_destroy_from_pool_thread();
	test_bad_attr();
	return tap_end();
}
