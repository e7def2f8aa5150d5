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
 *
 * dispatch_unblock() (and thread_pool_destroy(), pulses, select_attach())
 * wake a thread blocked in dispatch_block() with a signal, SIGRTMAX - 3:
 * the library installs a handler for it that does nothing but end that
 * receive, and unblocks it in the threads that call dispatch_block().
 * Applications must leave that signal alone.
 */
#ifndef _SYS_DISPATCH_H
#define _SYS_DISPATCH_H

#include <sys/resmgr_cdefs.h>
#include <pthread.h>
#include <time.h>
#include <sys/resmgr.h>

__RESMGR_BEGIN_DECLS

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


/*
 * A receive timeout for every dispatch_block() on @dpp: it returns NULL
 * with errno ETIMEDOUT when nothing arrived within @reltime (NULL: wait
 * forever; zero: do not wait).
 */
int dispatch_timeout(dispatch_t *dpp, struct timespec *reltime);

/* ------------------------------------------------ pulses and messages
 *
 * Pulses reach a dispatch from the same process: MsgSendPulse() on a
 * connection from message_connect() (or on the channel descriptor,
 * ctp->info.chid), and the library's own _PULSE_CODE_DISCONNECT (a
 * client process closed its last open on the channel; value.sival_int
 * and ctp->info.pid are its pid) and _PULSE_CODE_UNBLOCK (see the unblock
 * handlers).  dispatch_block() returns them with ctp->rcvid 0 and
 * ctp->msg pointing at the struct _pulse; dispatch_handler() runs the
 * pulse_attach() handler for the code (none: the pulse is dropped).
 *
 * Private messages (message_attach()) are sent with MsgSend() on a
 * connection from message_connect(), in-process only; the handler answers
 * with its return value as a resmgr handler does (_RESMGR_NPARTS(n) with
 * ctp->status and ctp->iov[], or an errno value).
 */
typedef resmgr_context_t select_context_t;

typedef struct _message_attr {
	unsigned flags;
	size_t nparts_max;
	size_t msg_max_size;
	unsigned reserved[4];
} message_attr_t;

typedef struct _select_attr {
	unsigned flags;
	unsigned reserved[4];
} select_attr_t;

/* pulse_attach(), message_attach(), message_connect() flags */
#define MSG_FLAG_TYPE_PULSE	0x0001u	/* message_attach(): [low, high] are pulse codes */
#define MSG_FLAG_ALLOC_PULSE	0x0002u	/* pulse_attach(): pick a free code */
#define MSG_FLAG_DEFAULT_FUNC	0x0004u	/* accepted, no effect */
#define MSG_FLAG_SIDE_CHANNEL	0x0008u	/* message_connect(): accepted (always) */

/* select_attach() flags, and what a select callback is told */
#define SELECT_FLAG_READ	0x0001u
#define SELECT_FLAG_WRITE	0x0002u
#define SELECT_FLAG_EXCEPT	0x0004u	/* urgent data (POLLPRI), or error/hangup */
#define SELECT_FLAG_REARM	0x0008u	/* stay attached after the callback;
					 * without it the callback runs once
					 * and the descriptor is detached */

int pulse_attach(dispatch_t *dpp, int flags, int code,
		 int (*func)(message_context_t *ctp, int code, unsigned flags,
			     void *handle),
		 void *handle);
int pulse_detach(dispatch_t *dpp, int code, int flags);

int message_attach(dispatch_t *dpp, message_attr_t *attr, int low, int high,
		   int (*func)(message_context_t *ctp, int type,
			       unsigned flags, void *handle),
		   void *handle);
int message_detach(dispatch_t *dpp, int low, int high, int flags);
int message_connect(dispatch_t *dpp, int flags);

int select_attach(dispatch_t *dpp, select_attr_t *attr, int fd,
		  unsigned flags,
		  int (*func)(select_context_t *ctp, int fd, unsigned flags,
			      void *handle),
		  void *handle);
int select_detach(dispatch_t *dpp, int fd);

/*
 * name_attach(): a channel registered under a name, found by name_open()
 * in any process of the machine.  Names are entries of /dev/name/local
 * (NAME_FLAG_ATTACH_GLOBAL: /dev/name/global; there is no network).
 */
typedef struct _name_attach {
	dispatch_t *dpp;	/* the dispatch serving the channel */
	int chid;		/* MsgReceive() on this */
	int mntid;		/* always -1: no pathname attach */
	int reserved[2];
} name_attach_t;

#define NAME_FLAG_ATTACH_GLOBAL	0x0100u	/* name_attach(), name_open() */
#define NAME_FLAG_DETACH_SAVEDPP	0x0200u	/* name_detach(): keep the dispatch */

name_attach_t *name_attach(dispatch_t *dpp, const char *path, unsigned flags);
int name_detach(name_attach_t *attach, unsigned flags);
int name_open(const char *name, int flags);
int name_close(int coid);

resmgr_context_t *resmgr_context_alloc(dispatch_t *dpp);
void resmgr_context_free(resmgr_context_t *ctp);
resmgr_context_t *resmgr_block(resmgr_context_t *ctp);
int resmgr_handler(resmgr_context_t *ctp);
void resmgr_unblock(resmgr_context_t *ctp);

__RESMGR_END_DECLS

#endif /* _SYS_DISPATCH_H */
