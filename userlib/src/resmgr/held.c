// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Held requests: received, not yet replied to.
 *
 * QNX lets any thread reply to a request (MsgReply(rcvid, ...)), once.
 * A request is held either by the context that received it (while its
 * handler runs, and until the library builds the reply), or, when the
 * handler returned _RESMGR_NOREPLY without replying, in the parked
 * table.  Replying "claims" the request under a lock, so exactly one of
 * the library, the handler and any other thread gets to reply.
 *
 * The kernel's request ids are only unique per channel; a process
 * normally has one channel, and with several, an rcvid is looked up
 * among the requests this process holds, which is what tells which
 * channel it came from.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch/dispatch_i.h"

#define RM_PARKED_BUCKETS	64

struct rm_parked {
	struct rm_parked *next;
	struct rm_req req;
};

/* Protects the list of contexts and the parked table. */
static pthread_mutex_t rm_held_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rm_ctx *rm_all_ctx;
static struct rm_parked *rm_parked[RM_PARKED_BUCKETS];

__thread struct rm_ctx *rm_current;

void rm_held_add(struct rm_ctx *ctx)
{
	pthread_mutex_lock(&rm_held_lock);
	ctx->all_prev = NULL;
	ctx->all_next = rm_all_ctx;
	if (rm_all_ctx)
		rm_all_ctx->all_prev = ctx;
	rm_all_ctx = ctx;
	pthread_mutex_unlock(&rm_held_lock);
}

void rm_held_del(struct rm_ctx *ctx)
{
	pthread_mutex_lock(&rm_held_lock);
	if (ctx->all_prev)
		ctx->all_prev->all_next = ctx->all_next;
	else
		rm_all_ctx = ctx->all_next;
	if (ctx->all_next)
		ctx->all_next->all_prev = ctx->all_prev;
	pthread_mutex_unlock(&rm_held_lock);
}

/* A copy of a request that does not point into its context. */
static void rm_req_copy(struct rm_req *dst, const struct rm_req *src)
{
	*dst = *src;
	/*
	 * The translated path of a connect message lives in its context's
	 * buffer, which the next request reuses: once the request moves
	 * out, MsgRead() can no longer serve those bytes.
	 */
	if (src->map.local) {
		dst->map.local = NULL;
		dst->map.qlocal = 0;
	}
}

void rm_req_begin(struct rm_ctx *ctx, const struct rm_req *req, bool held)
{
	pthread_mutex_lock(&ctx->req_lock);
	ctx->req = *req;
	ctx->held = held;
	pthread_mutex_unlock(&ctx->req_lock);
}

void rm_req_set_handle(struct rm_ctx *ctx, uint64_t handle)
{
	pthread_mutex_lock(&ctx->req_lock);
	ctx->req.handle = handle;
	pthread_mutex_unlock(&ctx->req_lock);
}

void rm_req_set_open_mode(struct rm_ctx *ctx, uint32_t mode)
{
	pthread_mutex_lock(&ctx->req_lock);
	ctx->req.open_mode = mode;
	pthread_mutex_unlock(&ctx->req_lock);
}

/* The open being handled makes the file it opens (fcntl(F_CREATED_QUERY)). */
void rm_req_set_open_created(struct rm_ctx *ctx)
{
	pthread_mutex_lock(&ctx->req_lock);
	if (ctx->req.opcode == RESMGR_OP_OPEN)
		ctx->req.open_created = true;
	pthread_mutex_unlock(&ctx->req_lock);
}

void rm_req_set_open_file(struct rm_ctx *ctx, uint64_t size, uint64_t node)
{
	pthread_mutex_lock(&ctx->req_lock);
	ctx->req.open_sized = true;
	ctx->req.open_size = size;
	ctx->req.open_node = node;
	pthread_mutex_unlock(&ctx->req_lock);
}

/* The library claims its own request, to reply with the handler's result. */
bool rm_req_claim_own(struct rm_ctx *ctx)
{
	bool held;

	pthread_mutex_lock(&ctx->req_lock);
	held = ctx->held;
	ctx->held = false;
	pthread_mutex_unlock(&ctx->req_lock);
	return held;
}

/* The handler will reply later: keep the request findable by rcvid. */
void rm_req_park(struct rm_ctx *ctx)
{
	struct rm_parked *p = malloc(sizeof(*p));
	struct rm_reply r;
	unsigned b;

	pthread_mutex_lock(&rm_held_lock);
	pthread_mutex_lock(&ctx->req_lock);
	if (ctx->held && p) {
		rm_req_copy(&p->req, &ctx->req);
		b = p->req.unique % RM_PARKED_BUCKETS;
		p->next = rm_parked[b];
		rm_parked[b] = p;
		p = NULL;
	} else if (ctx->held) {
		/* Cannot remember it: fail it now rather than leave it hanging. */
		rm_reply_error(&r, ctx->req.unique, ENOMEM);
		rm_reply_send(ctx->dpp, &r);
	}
	ctx->held = false;
	pthread_mutex_unlock(&ctx->req_lock);
	pthread_mutex_unlock(&rm_held_lock);
	free(p);
}

/*
 * A request MsgReceive() took (ipc.c): findable by rcvid until replied
 * to.  0, or ENOMEM (then the caller fails it).
 */
int rm_req_park_received(const struct rm_req *req)
{
	struct rm_parked *p = malloc(sizeof(*p));
	unsigned b;

	if (!p)
		return ENOMEM;
	p->req = *req;
	b = req->unique % RM_PARKED_BUCKETS;
	pthread_mutex_lock(&rm_held_lock);
	p->next = rm_parked[b];
	rm_parked[b] = p;
	pthread_mutex_unlock(&rm_held_lock);
	return 0;
}

/* Caller holds ctx->req_lock. */
static bool rm_ctx_holds(const struct rm_ctx *ctx, int rcvid)
{
	return ctx->held && ctx->req.unique == (uint64_t)rcvid;
}

/*
 * Find held request @rcvid; with @claim, take it (the caller replies).
 * The calling thread's own context is tried first, without the global
 * lock: that is a handler replying to its own request.
 */
static int rm_req_lookup(int rcvid, struct rm_req *req, bool claim)
{
	struct rm_parked **pp, *p;
	struct rm_ctx *ctx = rm_current;
	int err = ESRCH;

	if (rcvid <= 0)
		return ESRCH;
	if (ctx) {
		pthread_mutex_lock(&ctx->req_lock);
		if (rm_ctx_holds(ctx, rcvid)) {
			*req = ctx->req;
			ctx->held = !claim;
			err = EOK;
		}
		pthread_mutex_unlock(&ctx->req_lock);
		if (err == EOK)
			return EOK;
	}

	pthread_mutex_lock(&rm_held_lock);
	for (ctx = rm_all_ctx; ctx && err != EOK; ctx = ctx->all_next) {
		pthread_mutex_lock(&ctx->req_lock);
		if (rm_ctx_holds(ctx, rcvid)) {
			*req = ctx->req;
			ctx->held = !claim;
			err = EOK;
		}
		pthread_mutex_unlock(&ctx->req_lock);
	}
	if (err == EOK)
		goto out;
	for (pp = &rm_parked[(unsigned)rcvid % RM_PARKED_BUCKETS]; (p = *pp);
	     pp = &p->next) {
		if (p->req.unique != (uint64_t)rcvid)
			continue;
		*req = p->req;
		if (claim) {
			*pp = p->next;
			free(p);
		}
		err = EOK;
		break;
	}
out:
	pthread_mutex_unlock(&rm_held_lock);
	return err;
}

int rm_req_claim(int rcvid, struct rm_req *req)
{
	return rm_req_lookup(rcvid, req, true);
}

int rm_req_find(int rcvid, struct rm_req *req)
{
	return rm_req_lookup(rcvid, req, false);
}

/*
 * A request this process holds from the sender @scoid names: the calling
 * thread's own first (a handler asking about its client), then any
 * other context's, then the parked ones.  ESRCH if none.
 */
int rm_req_find_scoid(int scoid, struct rm_req *req)
{
	struct rm_ctx *ctx = rm_current;
	struct rm_parked *p;
	int err = ESRCH;
	unsigned int b;

	if (scoid <= 0)
		return err;
	if (ctx) {
		pthread_mutex_lock(&ctx->req_lock);
		if (ctx->held && ctx->req.scoid == scoid) {
			*req = ctx->req;
			err = EOK;
		}
		pthread_mutex_unlock(&ctx->req_lock);
		if (err == EOK)
			return err;
	}
	pthread_mutex_lock(&rm_held_lock);
	for (ctx = rm_all_ctx; ctx && err != EOK; ctx = ctx->all_next) {
		pthread_mutex_lock(&ctx->req_lock);
		if (ctx->held && ctx->req.scoid == scoid) {
			*req = ctx->req;
			err = EOK;
		}
		pthread_mutex_unlock(&ctx->req_lock);
	}
	for (b = 0; b < RM_PARKED_BUCKETS && err != EOK; b++)
		for (p = rm_parked[b]; p; p = p->next)
			if (p->req.scoid == scoid) {
				*req = p->req;
				err = EOK;
				break;
			}
	pthread_mutex_unlock(&rm_held_lock);
	return err;
}
