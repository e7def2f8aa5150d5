// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Thread pools, as QNX's thread_pool_*(): threads that loop
 * block_func -> handler_func, each on a context of its own.
 *
 * Counting: @nblocked counts the threads that are blocked or about to
 * block (a thread just created counts from the moment it is decided, so
 * two threads unblocking at once do not both grow the pool for the same
 * shortage); @nthreads counts every thread of the pool, including ones
 * being created and ones on their way out.
 *
 * Growth happens when a thread unblocks: with fewer than lo_water left
 * blocked, it creates up to `increment` more (at most `maximum` in all).
 * Shrinking happens when a thread finishes its handler: with hi_water or
 * more already blocked it exits instead of blocking again.  Lowering
 * hi_water and destroying the pool also wake blocked threads (through
 * unblock_func, or dispatch_unblock() for the library's own contexts),
 * which then see that they are to exit.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "resmgr/resmgr_i.h"

struct rm_pool_thread {
	struct rm_pool_thread *next, *prev;
	struct _thread_pool *pool;
	pthread_t tid;
	THREAD_POOL_PARAM_T *ctp;	/* NULL until allocated */
	bool blocked;		/* counted in nblocked */
	bool exit_req;		/* chosen to leave (pool shrinking) */
	bool joinable;		/* created by the pool and not detached */
	bool self;		/* the thread_pool_start() caller (USE_SELF) */
};

struct _thread_pool {
	pthread_mutex_t lock;
	pthread_cond_t changed;		/* nthreads changed */
	thread_pool_attr_t attr;
	unsigned flags;
	unsigned nthreads;
	unsigned nblocked;
	bool started;
	bool destroying;
	struct rm_pool_thread *threads;
};

static __thread struct rm_pool_thread *rm_pool_me;

static void rm_pool_link(thread_pool_t *pool, struct rm_pool_thread *t)
{
	t->prev = NULL;
	t->next = pool->threads;
	if (pool->threads)
		pool->threads->prev = t;
	pool->threads = t;
}

static void rm_pool_unlink(thread_pool_t *pool, struct rm_pool_thread *t)
{
	if (t->prev)
		t->prev->next = t->next;
	else
		pool->threads = t->next;
	if (t->next)
		t->next->prev = t->prev;
}

/* Can the pool wake a thread blocked in block_func? */
static void rm_pool_wake(thread_pool_t *pool, struct rm_pool_thread *t)
{
	void (*unblock)(THREAD_POOL_PARAM_T *ctp) = pool->attr.unblock_func;

	if (!t->ctp)
		return;		/* not blocking yet: it checks before it does */
	if (!unblock &&
	    ((void *)pool->attr.context_alloc == (void *)dispatch_context_alloc ||
	     (void *)pool->attr.context_alloc == (void *)resmgr_context_alloc))
		unblock = (void (*)(THREAD_POOL_PARAM_T *))resmgr_unblock;
	if (unblock)
		unblock(t->ctp);
}

/* Caller holds pool->lock: wake blocked threads beyond hi_water. */
static void rm_pool_trim(thread_pool_t *pool)
{
	struct rm_pool_thread *t;
	unsigned excess, leaving = 0;

	for (t = pool->threads; t; t = t->next)
		if (t->blocked && t->exit_req)
			leaving++;
	if (pool->nblocked <= pool->attr.hi_water + leaving)
		return;
	excess = pool->nblocked - pool->attr.hi_water - leaving;
	for (t = pool->threads; t && excess; t = t->next) {
		if (!t->blocked || t->exit_req || t->self)
			continue;
		t->exit_req = true;
		rm_pool_wake(pool, t);
		excess--;
	}
}

static void *rm_pool_thread_main(void *arg);

/*
 * Start @n threads already counted in nthreads and nblocked; undo the
 * count of those that cannot be created.
 */
static void rm_pool_spawn(thread_pool_t *pool, unsigned n)
{
	struct rm_pool_thread *t;

	while (n--) {
		t = calloc(1, sizeof(*t));
		pthread_mutex_lock(&pool->lock);
		if (t) {
			t->pool = pool;
			t->blocked = true;
			t->joinable = true;
			rm_pool_link(pool, t);
			if (!pthread_create(&t->tid, pool->attr.attr,
					    rm_pool_thread_main, t)) {
				pthread_mutex_unlock(&pool->lock);
				continue;
			}
			rm_pool_unlink(pool, t);
			free(t);
		}
		pool->nthreads--;
		pool->nblocked--;
		pthread_cond_broadcast(&pool->changed);
		pthread_mutex_unlock(&pool->lock);
	}
}

/* Caller holds pool->lock: how many threads to add now (and count them). */
static unsigned rm_pool_grow(thread_pool_t *pool)
{
	unsigned n = 0;

	if (pool->destroying || pool->nblocked >= pool->attr.lo_water)
		return 0;
	if (pool->nthreads < pool->attr.maximum)
		n = pool->attr.maximum - pool->nthreads;
	if (n > pool->attr.increment)
		n = pool->attr.increment;
	pool->nthreads += n;
	pool->nblocked += n;
	return n;
}

/* Caller holds pool->lock; @t is not counted as blocked. */
static bool rm_pool_should_exit(thread_pool_t *pool, struct rm_pool_thread *t)
{
	return pool->destroying || t->exit_req ||
	       pool->nblocked >= pool->attr.hi_water;
}

static void rm_pool_loop(struct rm_pool_thread *t)
{
	thread_pool_t *pool = t->pool;
	const thread_pool_attr_t *a = &pool->attr;
	THREAD_POOL_PARAM_T *ctp, *got;
	bool regrow = false;
	unsigned grow;
	int err;

	rm_pool_me = t;
	if (a->tid_name) {
		char name[16];

		strncpy(name, a->tid_name, sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		pthread_setname_np(pthread_self(), name);
	}
	ctp = a->context_alloc(a->handle);
	pthread_mutex_lock(&pool->lock);
	t->ctp = ctp;
	for (;;) {
		/* Counted as blocked here. */
		if (!ctp || pool->destroying || t->exit_req) {
			t->blocked = false;
			pool->nblocked--;
			regrow = ctp && !pool->destroying;
			break;
		}
		pthread_mutex_unlock(&pool->lock);

		got = a->block_func(ctp);
		err = errno;

		pthread_mutex_lock(&pool->lock);
		t->blocked = false;
		pool->nblocked--;
		if (!got) {
			/*
			 * Woken (EINTR), timed out, or nothing there: block
			 * again unless it is time to go.  Any other error
			 * would repeat at once: the thread leaves rather
			 * than spin, and the pool grows again only on
			 * demand.
			 */
			if (err != EINTR && err != ETIMEDOUT && err != EAGAIN)
				break;
			if (rm_pool_should_exit(pool, t)) {
				regrow = true;
				break;
			}
			t->blocked = true;
			pool->nblocked++;
			continue;
		}
		if (pool->destroying)
			break;
		ctp = got;
		t->ctp = ctp;
		grow = rm_pool_grow(pool);
		pthread_mutex_unlock(&pool->lock);

		rm_pool_spawn(pool, grow);
		a->handler_func(ctp);

		pthread_mutex_lock(&pool->lock);
		if (rm_pool_should_exit(pool, t)) {
			regrow = true;
			break;
		}
		t->blocked = true;
		pool->nblocked++;
	}
	t->ctp = NULL;
	pthread_mutex_unlock(&pool->lock);

	/* Before anyone can see this thread gone: the context may need its dispatch. */
	if (ctp)
		a->context_free(ctp);
	rm_pool_me = NULL;

	/*
	 * Until just below, this thread still counts toward the maximum.  A
	 * busy thread that decided on growth meanwhile (rm_pool_grow() in
	 * the loop) left room for one thread fewer than there will be, and
	 * nobody may be blocked to notice: with every handler held, the
	 * pool would stay a thread short of its maximum for good.  So the
	 * leaver looks again, as if it were gone, and starts the missing
	 * threads while it is still counted, linked and so joined by a
	 * thread_pool_destroy() (the pool stays valid).  Not after a
	 * block_func error: that would respawn a thread bound to fail.
	 */
	if (regrow) {
		pthread_mutex_lock(&pool->lock);
		pool->nthreads--;
		grow = rm_pool_grow(pool);
		pool->nthreads++;
		pthread_mutex_unlock(&pool->lock);
		rm_pool_spawn(pool, grow);
	}

	pthread_mutex_lock(&pool->lock);
	pool->nthreads--;
	if (!pool->destroying) {
		/* (else thread_pool_destroy() joins and frees it) */
		rm_pool_unlink(pool, t);
		if (t->joinable)
			pthread_detach(t->tid);
		free(t);
	}
	pthread_cond_broadcast(&pool->changed);
	pthread_mutex_unlock(&pool->lock);
}

static void *rm_pool_thread_main(void *arg)
{
	rm_pool_loop(arg);
	return NULL;
}

thread_pool_t *thread_pool_create(thread_pool_attr_t *attr, unsigned flags)
{
	thread_pool_t *pool;

	if (!attr || !attr->block_func || !attr->handler_func ||
	    !attr->context_alloc || !attr->context_free ||
	    attr->maximum == 0 || attr->lo_water > attr->maximum ||
	    attr->hi_water < attr->lo_water ||
	    (flags & (POOL_FLAG_EXIT_SELF | POOL_FLAG_USE_SELF)) ==
		(POOL_FLAG_EXIT_SELF | POOL_FLAG_USE_SELF) ||
	    (flags & ~(POOL_FLAG_EXIT_SELF | POOL_FLAG_USE_SELF))) {
		errno = EINVAL;
		return NULL;
	}
	pool = calloc(1, sizeof(*pool));
	if (!pool)
		return NULL;
	pthread_mutex_init(&pool->lock, NULL);
	pthread_cond_init(&pool->changed, NULL);
	pool->attr = *attr;
	pool->flags = flags;
	return pool;
}

/*
 * Start lo_water threads (at least one).  Without flags, returns once
 * they are started; with POOL_FLAG_USE_SELF the caller is one of them
 * and this returns when it leaves the pool; with POOL_FLAG_EXIT_SELF the
 * calling thread exits.
 */
int thread_pool_start(void *handle)
{
	thread_pool_t *pool = handle;
	struct rm_pool_thread *self = NULL;
	unsigned n;

	if (!pool) {
		errno = EINVAL;
		return -1;
	}
	if (pool->flags & POOL_FLAG_USE_SELF) {
		self = calloc(1, sizeof(*self));
		if (!self)
			return -1;
		self->pool = pool;
		self->self = true;
		self->blocked = true;
		self->tid = pthread_self();
	}
	pthread_mutex_lock(&pool->lock);
	if (pool->started || pool->destroying) {
		pthread_mutex_unlock(&pool->lock);
		free(self);
		errno = EBUSY;
		return -1;
	}
	pool->started = true;
	n = pool->attr.lo_water ? pool->attr.lo_water : 1;
	if (n > pool->attr.maximum)
		n = pool->attr.maximum;
	pool->nthreads += n;
	pool->nblocked += n;
	if (self) {
		rm_pool_link(pool, self);
		n--;
	}
	pthread_mutex_unlock(&pool->lock);
	rm_pool_spawn(pool, n);

	if (self) {
		/* The pool may be gone once this returns: not touched after. */
		rm_pool_loop(self);
		return 0;
	}
	if (pool->flags & POOL_FLAG_EXIT_SELF)
		pthread_exit(NULL);
	return 0;
}

/*
 * Wake every blocked thread, wait for all of them to leave (threads in a
 * handler finish it first), join them and free the pool.  Not from one
 * of the pool's own threads (EDEADLK): it would wait for itself.
 */
int thread_pool_destroy(thread_pool_t *pool)
{
	struct rm_pool_thread *t;

	if (!pool) {
		errno = EINVAL;
		return -1;
	}
	if (rm_pool_me && rm_pool_me->pool == pool) {
		errno = EDEADLK;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
	pool->destroying = true;
	for (t = pool->threads; t; t = t->next)
		if (t->blocked)
			rm_pool_wake(pool, t);
	while (pool->nthreads)
		pthread_cond_wait(&pool->changed, &pool->lock);
	pthread_mutex_unlock(&pool->lock);

	while ((t = pool->threads)) {
		rm_pool_unlink(pool, t);
		if (t->joinable)
			pthread_join(t->tid, NULL);
		free(t);
	}
	pthread_cond_destroy(&pool->changed);
	pthread_mutex_destroy(&pool->lock);
	free(pool);
	return 0;
}

/*
 * Apply the limits flagged in @flags from @attr; then, unless
 * THREAD_POOL_CONTROL_NONBLOCK, wait until the pool has between @lower
 * and @upper threads (upper 0: no upper bound).
 */
int thread_pool_control(thread_pool_t *pool, thread_pool_attr_t *attr,
			unsigned short lower, unsigned short upper,
			unsigned flags)
{
	thread_pool_attr_t a;

	if (!pool || (!attr && (flags & ~THREAD_POOL_CONTROL_NONBLOCK))) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&pool->lock);
	a = pool->attr;
	if (flags & THREAD_POOL_CONTROL_HIWATER)
		a.hi_water = attr->hi_water;
	if (flags & THREAD_POOL_CONTROL_LOWATER)
		a.lo_water = attr->lo_water;
	if (flags & THREAD_POOL_CONTROL_INCREMENT)
		a.increment = attr->increment;
	if (flags & THREAD_POOL_CONTROL_MAXIMUM)
		a.maximum = attr->maximum;
	if (a.maximum == 0 || a.lo_water > a.maximum || a.hi_water < a.lo_water) {
		pthread_mutex_unlock(&pool->lock);
		errno = EINVAL;
		return -1;
	}
	pool->attr = a;
	rm_pool_trim(pool);
	if (!(flags & THREAD_POOL_CONTROL_NONBLOCK))
		while (!pool->destroying &&
		       (pool->nthreads < lower ||
			(upper && pool->nthreads > upper)))
			pthread_cond_wait(&pool->changed, &pool->lock);
	pthread_mutex_unlock(&pool->lock);
	return 0;
}

/* thread_pool_control() with numbers; a negative one leaves that limit. */
int thread_pool_limits(thread_pool_t *pool, int lowater, int hiwater,
		       int maximum, int increment, unsigned flags)
{
	thread_pool_attr_t a;
	unsigned which = flags & THREAD_POOL_CONTROL_NONBLOCK;

	memset(&a, 0, sizeof(a));
	if (lowater >= 0) {
		a.lo_water = lowater;
		which |= THREAD_POOL_CONTROL_LOWATER;
	}
	if (hiwater >= 0) {
		a.hi_water = hiwater;
		which |= THREAD_POOL_CONTROL_HIWATER;
	}
	if (maximum >= 0) {
		a.maximum = maximum;
		which |= THREAD_POOL_CONTROL_MAXIMUM;
	}
	if (increment >= 0) {
		a.increment = increment;
		which |= THREAD_POOL_CONTROL_INCREMENT;
	}
	return thread_pool_control(pool, &a, 0, 0,
				   which | THREAD_POOL_CONTROL_NONBLOCK);
}
