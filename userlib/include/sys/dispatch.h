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

resmgr_context_t *resmgr_context_alloc(dispatch_t *dpp);
void resmgr_context_free(resmgr_context_t *ctp);
resmgr_context_t *resmgr_block(resmgr_context_t *ctp);
int resmgr_handler(resmgr_context_t *ctp);
void resmgr_unblock(resmgr_context_t *ctp);

#ifdef __cplusplus
}
#endif

#endif /* _SYS_DISPATCH_H */
