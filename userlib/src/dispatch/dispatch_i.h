/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The dispatch layer: dispatch_t and its contexts, each of which holds
 * a receive buffer, the request received into it (struct rm_req) and
 * the reply pending on it.  What a dispatch serves besides kernel
 * messages (pulses, private messages, descriptors) is in dispatch_ext.h.
 */
#ifndef _RESMGR_DISPATCH_I_H
#define _RESMGR_DISPATCH_I_H

#include <pthread.h>
#include <stdbool.h>

#include "resmgr/resmgr_i.h"

/* -------------------------------------------------------- dispatch.c */

struct rm_dext;

struct _dispatch {
	int fd;			/* the channel, /dev/resmgr */
	bool own_fd;
	uint64_t features;	/* RESMGR_FEAT_* the kernel granted */
	pthread_mutex_t lock;	/* links, msg_max_size, nparts_max */
	struct rm_link *links;
	size_t msg_max_size;
	unsigned nparts_max;
	struct rm_bindtab bindings;
	/* pulse.c and friends: pulses, private messages, select fds */
	struct rm_dext *ext;
};

RM_HIDDEN dispatch_t *rm_dispatch_new(int fd, bool own_fd);
RM_HIDDEN bool rm_dispatch_each(bool (*fn)(dispatch_t *dpp, void *arg),
				void *arg);

/* ---------------------------------------------------- dispatch contexts */

/* The library's side of a dispatch_context_t. */
struct rm_ctx {
	dispatch_t *dpp;

	/* held.c: the current request, shared with replying threads */
	pthread_mutex_t req_lock;
	bool held;
	struct rm_req req;
	struct rm_ctx *all_next, *all_prev;

	/* the receive buffer */
	unsigned char *rbuf;
	size_t rlen;
	size_t rcvd;
	struct resmgr_in_header in;
	unsigned char *whole;	/* a truncated connect message, read in full */

	/* connect messages, in QNX layout */
	struct _io_connect *cbuf;

	/* the reply to a READ of a directory, as struct resmgr_dirent */
	unsigned char *dirbuf;

	/* the client */
	struct rm_cred cred;
	bool cred_valid;

	/* the binding the current I/O message is for */
	struct rm_binding cur;
	uint64_t cur_handle;
	uint64_t hold;		/* the binding held while it runs, or 0 */

	/* NOTIFY: the kernel's handle for the open's waiters (iofunc_notify) */
	uint32_t notify_kh;
	struct _io_notify_reply notify_dflt;	/* the no-handler reply */

	/* the I/O part of a stat by path or a COMBINE */
	union {
		io_stat_t stat;
		unsigned char raw[64];
	} combine_msg __attribute__((aligned(8)));

	/* the reply produced for the last request, sent with the next receive */
	bool pending;
	struct rm_reply reply;

	unsigned nparts;
	dispatch_context_t pub;	/* last: ends in ctp->iov[nparts] */
};

static inline struct rm_ctx *rm_ctx(resmgr_context_t *ctp)
{
	return rm_container_of(ctp, struct rm_ctx, pub.resmgr_context);
}

/* The context whose handler the calling thread is running, if any. */
extern RM_HIDDEN __thread struct rm_ctx *rm_current;

RM_HIDDEN struct rm_ctx *rm_ctx_alloc(dispatch_t *dpp);
RM_HIDDEN void rm_ctx_free(struct rm_ctx *ctx);
RM_HIDDEN void rm_ctx_begin(struct rm_ctx *ctx);
RM_HIDDEN int rm_ctx_cred(struct rm_ctx *ctx, const struct rm_cred **cred);

#endif /* _RESMGR_DISPATCH_I_H */
