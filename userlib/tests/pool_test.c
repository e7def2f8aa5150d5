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
#include "kselftest_harness.h"

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

TEST(pool_grows_to_maximum_shrinks_to_hi_water_and_destroys)
{
	thread_pool_attr_t a = mk_attr(2, 1, 3, 6);
	thread_pool_t *pool = thread_pool_create(&a, 0);

	ASSERT_NE(NULL, pool);
	/* thread_pool_start returns without flags */
	EXPECT_EQ(0, thread_pool_start(pool));
	/* lo_water threads started */
	EXPECT_EQ(2, wait_eq(&live, 2));

	/* More work than threads, handlers held: grows to maximum, no more. */
	add_work(20, false);
	/* grew to maximum with every thread busy */
	EXPECT_EQ(6, wait_eq(&busy, 6));
	/* never more threads than maximum */
	EXPECT_EQ(6, peak_live);

	add_work(0, true);
	/* every request handled */
	EXPECT_EQ(20, wait_eq(&handled, 20));
	/* at most maximum handlers at once */
	EXPECT_EQ(6, peak_busy);
	/* idle threads beyond hi_water exited */
	EXPECT_EQ(3, wait_eq(&live, 3));

	/*
	 * Lowering hi_water wakes a blocked thread (with unblock_func),
	 * which leaves.
	 */
	EXPECT_EQ(0, thread_pool_limits(pool, -1, 2, -1, -1, 0));
	EXPECT_EQ(2, wait_eq(&live, 2));
	EXPECT_LE(1, unblocks);

	/* The limits still apply: burst again, capped by the new maximum. */
	peak_live = live;
	EXPECT_EQ(0, thread_pool_limits(pool, -1, -1, 4, -1, 0));
	add_work(10, false);
	/* grew to the new maximum */
	EXPECT_EQ(4, wait_eq(&busy, 4));
	add_work(0, true);
	/* burst served */
	EXPECT_EQ(30, wait_eq(&handled, 30));
	/* never beyond the new maximum */
	EXPECT_EQ(4, peak_live);

	EXPECT_EQ(0, thread_pool_destroy(pool));
	/* every context freed when destroy returns */
	EXPECT_EQ(0, live);
}

/*
 * A thread leaving the pool still counts toward the maximum until its
 * context is freed.  Growth decided by busy threads in that window must
 * not leave the pool a thread short once it is gone: with every handler
 * held, nobody would be left to grow it.  f_free() is held to open the
 * window every time.
 */
TEST(a_leaving_thread_does_not_cost_the_pool_a_thread)
{
	thread_pool_attr_t a = mk_attr(2, 1, 2, 3);
	thread_pool_t *pool = thread_pool_create(&a, 0);

	ASSERT_NE(NULL, pool);
	EXPECT_EQ(0, thread_pool_start(pool));
	/* lo_water threads blocked */
	EXPECT_EQ(2, wait_eq(&live, 2));

	pthread_mutex_lock(&lock);
	hold_free = true;
	pthread_mutex_unlock(&lock);
	/* lower lo and hi water */
	EXPECT_EQ(0, thread_pool_limits(pool, 1, 1, -1, -1, 0));
	/* one thread leaves, held in context_free */
	EXPECT_EQ(1, wait_eq(&freeing, 1));

	add_work(5, false);
	/* the others grew while it was still counted */
	EXPECT_EQ(2, wait_eq(&busy, 2));
	pthread_mutex_lock(&lock);
	hold_free = false;
	pthread_cond_broadcast(&cond);
	pthread_mutex_unlock(&lock);
	/* once it is gone the pool reaches its maximum */
	EXPECT_EQ(3, wait_eq(&busy, 3));

	add_work(0, true);
	/* all work served; destroyed, every context freed */
	EXPECT_EQ(5, wait_eq(&handled, 5));
	EXPECT_EQ(0, thread_pool_destroy(pool));
	EXPECT_EQ(0, live);
}

static void *use_self(void *arg)
{
	return (void *)(intptr_t)thread_pool_start(arg);
}

TEST(use_self_pool_runs_on_the_caller_until_destroyed)
{
	thread_pool_attr_t a = mk_attr(1, 1, 1, 2);
	thread_pool_t *pool = thread_pool_create(&a, POOL_FLAG_USE_SELF);
	pthread_t thr;
	void *ret = (void *)1;

	ASSERT_NE(NULL, pool);
	pthread_create(&thr, NULL, use_self, pool);
	/* the caller is the pool's thread */
	EXPECT_EQ(1, wait_eq(&live, 1));
	EXPECT_EQ(0, thread_pool_destroy(pool));
	pthread_join(thr, &ret);
	/* thread_pool_start returned once destroyed; its context freed */
	EXPECT_EQ(0, (intptr_t)ret);
	EXPECT_EQ(0, live);
}

TEST(destroy_from_a_pool_thread_is_edeadlk)
{
	thread_pool_attr_t a = mk_attr(1, 1, 1, 1);
	thread_pool_t *pool = thread_pool_create(&a, 0);
	int want = handled + 1;

	thread_pool_start(pool);
	pthread_mutex_lock(&lock);
	self_pool = pool;
	pthread_mutex_unlock(&lock);
	add_work(1, true);
	/* the handler ran, and destroyed the pool: EDEADLK */
	EXPECT_EQ(want, wait_eq(&handled, want));
	EXPECT_EQ(EDEADLK, destroy_err);
	/* from outside it works */
	EXPECT_EQ(0, thread_pool_destroy(pool));
	EXPECT_EQ(0, live);
}

TEST(bad_pool_attributes_are_einval)
{
	thread_pool_attr_t a = mk_attr(3, 1, 2, 4);

	errno = 0;
	/* hi_water below lo_water */
	EXPECT_TRUE(!thread_pool_create(&a, 0) && errno == EINVAL);
	a = mk_attr(1, 1, 2, 0);
	/* maximum 0 */
	EXPECT_TRUE(!thread_pool_create(&a, 0) && errno == EINVAL);
	a = mk_attr(1, 1, 2, 2);
	a.block_func = NULL;
	/* no block_func */
	EXPECT_TRUE(!thread_pool_create(&a, 0) && errno == EINVAL);
	a = mk_attr(1, 1, 2, 2);
	/* USE_SELF with EXIT_SELF */
	EXPECT_TRUE(!thread_pool_create(&a, POOL_FLAG_USE_SELF |
					    POOL_FLAG_EXIT_SELF) &&
		    errno == EINVAL);
}

TEST_HARNESS_MAIN
