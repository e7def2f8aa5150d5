/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/dispatch.h> - the dispatch layer: a channel (dispatch_t) and the
 * receive/handle loop around it.
 *
 *	dispatch_context_t *ctp = dispatch_context_alloc(dpp);
 *	for (;;) {
 *		if ((ctp = dispatch_block(ctp)) == NULL)
 *			break;
 *		dispatch_handler(ctp);
 *	}
 *
 * A context belongs to one thread at a time; use one per thread.  The
 * reply a handler produces is sent together with the next receive on
 * the same context (one system call per request), and at the latest by
 * dispatch_context_free().
 */
#ifndef _SYS_DISPATCH_H
#define _SYS_DISPATCH_H

#include <pthread.h>
#include <sys/resmgr.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef union _dispatch_context {
	resmgr_context_t resmgr_context;
	message_context_t message_context;
} dispatch_context_t;

/* dispatch_create_channel() flags */
#define DISPATCH_FLAG_NOLOCK	0x0100u	/* accepted; the tables are always locked */

/* For thread-pool callbacks declared by the application. */
#ifndef THREAD_POOL_PARAM_T
#define THREAD_POOL_PARAM_T	resmgr_context_t
#endif
#ifndef THREAD_POOL_HANDLE_T
#define THREAD_POOL_HANDLE_T	dispatch_t
#endif

dispatch_t *dispatch_create(void);
dispatch_t *dispatch_create_channel(int chid, unsigned flags);
int dispatch_destroy(dispatch_t *dpp);

dispatch_context_t *dispatch_context_alloc(dispatch_t *dpp);
void dispatch_context_free(dispatch_context_t *ctp);
dispatch_context_t *dispatch_block(dispatch_context_t *ctp);
int dispatch_handler(dispatch_context_t *ctp);
void dispatch_unblock(dispatch_context_t *ctp);

/* ------------------------------------------------------- thread pools
 *
 * A pool of threads each looping block_func -> handler_func on its own
 * context (context_alloc(handle) per thread).  The pool keeps at least
 * lo_water threads blocked: when a thread unblocks and fewer than
 * lo_water remain blocked, it creates up to `increment` more, never more
 * than `maximum` in all.  A thread that finishes its handler while
 * hi_water or more are blocked exits instead of blocking again.
 *
 * unblock_func, when set, is how the pool wakes a blocked thread (to shrink
 * after thread_pool_limits() lowered hi_water, or to destroy the pool).
 * When it is NULL and context_alloc is dispatch_context_alloc or
 * resmgr_context_alloc, dispatch_unblock() is used.
 */
typedef struct _thread_pool_attr {
	THREAD_POOL_HANDLE_T *handle;
	THREAD_POOL_PARAM_T *(*block_func)(THREAD_POOL_PARAM_T *ctp);
	void (*unblock_func)(THREAD_POOL_PARAM_T *ctp);
	int (*handler_func)(THREAD_POOL_PARAM_T *ctp);
	THREAD_POOL_PARAM_T *(*context_alloc)(THREAD_POOL_HANDLE_T *handle);
	void (*context_free)(THREAD_POOL_PARAM_T *ctp);
	pthread_attr_t *attr;		/* for pthread_create(); NULL: defaults */
	unsigned short lo_water;
	unsigned short increment;
	unsigned short hi_water;
	unsigned short maximum;
	const char *tid_name;		/* pthread_setname_np() for the threads */
	unsigned reserved[4];
} thread_pool_attr_t;

typedef struct _thread_pool thread_pool_t;

/* thread_pool_create() flags */
#define POOL_FLAG_EXIT_SELF	0x0001u	/* thread_pool_start() never returns:
					 * the calling thread exits */
#define POOL_FLAG_USE_SELF	0x0002u	/* the calling thread joins the pool;
					 * thread_pool_start() returns when the
					 * pool is destroyed */

/* thread_pool_control() flags: which attr fields to apply */
#define THREAD_POOL_CONTROL_HIWATER	0x0001u
#define THREAD_POOL_CONTROL_INCREMENT	0x0002u
#define THREAD_POOL_CONTROL_LOWATER	0x0004u
#define THREAD_POOL_CONTROL_MAXIMUM	0x0008u
#define THREAD_POOL_CONTROL_NONBLOCK	0x0010u	/* do not wait for the count */

thread_pool_t *thread_pool_create(thread_pool_attr_t *attr, unsigned flags);
int thread_pool_start(void *pool);
int thread_pool_destroy(thread_pool_t *pool);
int thread_pool_control(thread_pool_t *pool, thread_pool_attr_t *attr,
			unsigned short lower, unsigned short upper,
			unsigned flags);
int thread_pool_limits(thread_pool_t *pool, int lowater, int hiwater,
		       int maximum, int increment, unsigned flags);


resmgr_context_t *resmgr_context_alloc(dispatch_t *dpp);
void resmgr_context_free(resmgr_context_t *ctp);
resmgr_context_t *resmgr_block(resmgr_context_t *ctp);
int resmgr_handler(resmgr_context_t *ctp);
void resmgr_unblock(resmgr_context_t *ctp);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_DISPATCH_H */
