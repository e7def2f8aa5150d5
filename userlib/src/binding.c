// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Bindings: the OCB handles the library gives the kernel in its reply to
 * an open, and what they stand for (QNX's resmgr_open_bind()).
 *
 * Every later I/O message names its open by that handle, so the table
 * must not trust it: a handle is a slot number plus the slot's
 * generation, and anything that does not name a live slot is EBADF.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

void rm_bindtab_init(struct rm_bindtab *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
}

void rm_bindtab_destroy(struct rm_bindtab *t)
{
	free(t->slot);
	pthread_mutex_destroy(&t->lock);
}

/* Caller holds t->lock. */
static struct rm_bind_slot *rm_bind_lookup(struct rm_bindtab *t,
					   uint64_t handle)
{
	uint32_t idx = (uint32_t)handle;
	struct rm_bind_slot *s;

	if (idx == 0 || idx > t->nslots)
		return NULL;
	s = &t->slot[idx - 1];
	if (!s->used || s->gen != (uint32_t)(handle >> 32))
		return NULL;
	return s;
}

static int rm_bind_grow(struct rm_bindtab *t)
{
	uint32_t n = t->nslots ? t->nslots * 2 : 64;
	struct rm_bind_slot *slot;
	uint32_t i;

	if (n > UINT32_MAX / 2)
		return ENFILE;
	slot = realloc(t->slot, n * sizeof(*slot));
	if (!slot)
		return ENOMEM;
	memset(slot + t->nslots, 0, (n - t->nslots) * sizeof(*slot));
	/* Chain the new slots in front of the free list. */
	for (i = t->nslots; i < n; i++) {
		slot[i].gen = 1;
		slot[i].next_free = i + 1 < n ? i + 2 : t->free_head;
	}
	t->free_head = t->nslots + 1;
	t->slot = slot;
	t->nslots = n;
	return EOK;
}

int rm_bind_add(struct rm_bindtab *t, const struct rm_binding *b,
		const struct _client_info *client, uint64_t *handle)
{
	struct rm_bind_slot *s;
	int err = EOK;

	pthread_mutex_lock(&t->lock);
	if (!t->free_head)
		err = rm_bind_grow(t);
	if (err == EOK) {
		s = &t->slot[t->free_head - 1];
		*handle = (uint64_t)s->gen << 32 | t->free_head;
		t->free_head = s->next_free;
		s->b = *b;
		s->client = *client;
		s->used = true;
	}
	pthread_mutex_unlock(&t->lock);
	return err;
}

int rm_bind_get(struct rm_bindtab *t, uint64_t handle, struct rm_binding *b)
{
	struct rm_bind_slot *s;

	pthread_mutex_lock(&t->lock);
	s = rm_bind_lookup(t, handle);
	if (s)
		*b = s->b;
	pthread_mutex_unlock(&t->lock);
	return s ? EOK : EBADF;
}

int rm_bind_client(struct rm_bindtab *t, uint64_t handle,
		   struct _client_info *client)
{
	struct rm_bind_slot *s;

	pthread_mutex_lock(&t->lock);
	s = rm_bind_lookup(t, handle);
	if (s)
		*client = s->client;
	pthread_mutex_unlock(&t->lock);
	return s ? EOK : EBADF;
}

int rm_bind_take(struct rm_bindtab *t, uint64_t handle, struct rm_binding *b)
{
	struct rm_bind_slot *s;

	pthread_mutex_lock(&t->lock);
	s = rm_bind_lookup(t, handle);
	if (s) {
		if (b)
			*b = s->b;
		s->used = false;
		/* A new generation makes the old handle stale for good. */
		s->gen = s->gen + 1 ? s->gen + 1 : 1;
		s->next_free = t->free_head;
		t->free_head = (uint32_t)handle;
	}
	pthread_mutex_unlock(&t->lock);
	return s ? EOK : EBADF;
}

/*
 * Bind @ocb to the open being handled on @ctp.  The reply to the open
 * then carries the handle; @iofunc says @ocb is an iofunc_ocb_t, whose
 * offset the library keeps in step with the kernel's file position.
 */
int rm_open_bind(resmgr_context_t *ctp, void *ocb,
		 const resmgr_io_funcs_t *io, bool iofunc)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	struct rm_binding b;
	struct rm_link *link;
	uint64_t handle;
	int err;

	if (!ocb)
		return EINVAL;
	if (ctx->req.opcode != RESMGR_OP_OPEN &&
	    ctx->req.opcode != RESMGR_OP_STAT_PATH)
		return EINVAL;
	if (ctx->req.handle)
		return EBUSY;
	link = rm_link_find(ctx->dpp, ctx->in.link);
	if (!link)
		return ENOENT;
	b.ocb = ocb;
	b.io = io ? io : link->io;
	b.link = link;
	b.iofunc = iofunc;
	err = rm_bind_add(&ctx->dpp->bindings, &b, &ctx->cred.ci, &handle);
	if (err == EOK)
		rm_req_set_handle(ctx, handle);
	return err;
}

int resmgr_open_bind(resmgr_context_t *ctp, void *ocb,
		     const resmgr_io_funcs_t *iofuncs)
{
	int err = rm_open_bind(ctp, ocb, iofuncs, false);

	if (err != EOK) {
		errno = err;
		return -1;
	}
	return 0;
}

void *resmgr_ocb(resmgr_context_t *ctp)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	struct rm_binding b;

	if (ctx->cur_handle)
		return ctx->cur.ocb;
	if (ctx->req.handle &&
	    rm_bind_get(&ctx->dpp->bindings, ctx->req.handle, &b) == EOK)
		return b.ocb;
	return NULL;
}
