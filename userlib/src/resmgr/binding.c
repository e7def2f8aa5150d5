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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch/dispatch_i.h"

void rm_bindtab_init(struct rm_bindtab *t)
{
	memset(t, 0, sizeof(*t));
	pthread_mutex_init(&t->lock, NULL);
}

void rm_bindtab_destroy(struct rm_bindtab *t)
{
	uint32_t i;

	for (i = 0; i < t->nslots; i++)
		free(t->slot[i].path);
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

/* The table takes @path (malloc'ed, or NULL) whether or not this works. */
int rm_bind_add(struct rm_bindtab *t, const struct rm_binding *b,
		const struct _client_info *client, char *path,
		uint64_t *handle)
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
		s->path = path;
		s->used = true;
		path = NULL;
	}
	pthread_mutex_unlock(&t->lock);
	free(path);
	return err;
}

/*
 * Copy the path open @handle was made by to @buf (NUL-terminated, cut to
 * @room); returns its full length (0: none known).
 */
size_t rm_bind_path(struct rm_bindtab *t, uint64_t handle, char *buf,
		    size_t room)
{
	struct rm_bind_slot *s;
	size_t len = 0;

	pthread_mutex_lock(&t->lock);
	s = rm_bind_lookup(t, handle);
	if (s && s->path) {
		len = strlen(s->path);
		if (room) {
			size_t n = len < room ? len : room - 1;

			memcpy(buf, s->path, n);
			buf[n] = '\0';
		}
	} else if (room) {
		buf[0] = '\0';
	}
	pthread_mutex_unlock(&t->lock);
	return len;
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

/*
 * Like rm_bind_get(), by the slot alone (the low bits of a handle, as a
 * message's ctp->info.coid carries them): any generation.
 */
int rm_bind_get_slot(struct rm_bindtab *t, uint32_t slot,
		     struct rm_binding *b)
{
	struct rm_bind_slot *s = NULL;

	pthread_mutex_lock(&t->lock);
	if (slot && slot <= t->nslots && t->slot[slot - 1].used) {
		s = &t->slot[slot - 1];
		*b = s->b;
	}
	pthread_mutex_unlock(&t->lock);
	return s ? EOK : EBADF;
}

/*
 * Like rm_bind_get(), for a thread that is to run a handler on the OCB:
 * until it lets go (rm_bind_unhold()), the open cannot end under it.
 * Once the kernel has ended the open, nothing new may start on it.
 */
int rm_bind_hold(struct rm_bindtab *t, uint64_t handle, struct rm_binding *b)
{
	struct rm_bind_slot *s;

	pthread_mutex_lock(&t->lock);
	s = rm_bind_lookup(t, handle);
	if (s && s->ended)
		s = NULL;
	if (s) {
		*b = s->b;
		s->busy++;
	}
	pthread_mutex_unlock(&t->lock);
	return s ? EOK : EBADF;
}

/*
 * Let go of a hold; @end: the kernel ended the open (CLOSE_OCB, the last
 * CLOSE_DUP).  True for exactly one caller, the last to let go of an
 * ended open: it runs close_ocb and then rm_bind_take().  So close_ocb
 * never frees an OCB another thread's handler is still running on (a
 * request the client abandoned, an unblock, a lock wait).
 */
bool rm_bind_unhold(struct rm_bindtab *t, uint64_t handle, bool end)
{
	struct rm_bind_slot *s;
	bool last = false;

	pthread_mutex_lock(&t->lock);
	s = rm_bind_lookup(t, handle);
	if (s && s->busy) {
		s->busy--;
		if (end)
			s->ended = true;
		last = s->ended && !s->busy;
	}
	pthread_mutex_unlock(&t->lock);
	return last;
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

int rm_bind_set_mode(struct rm_bindtab *t, uint64_t handle, uint32_t mode)
{
	struct rm_bind_slot *s;

	pthread_mutex_lock(&t->lock);
	s = rm_bind_lookup(t, handle);
	if (s)
		s->b.mode = mode;
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
		free(s->path);
		s->path = NULL;
		s->used = false;
		s->busy = 0;
		s->ended = false;
		/* A new generation makes the old handle stale for good. */
		s->gen = s->gen + 1 ? s->gen + 1 : 1;
		s->next_free = t->free_head;
		t->free_head = (uint32_t)handle;
	}
	pthread_mutex_unlock(&t->lock);
	return s ? EOK : EBADF;
}

/*
 * The full path an OPEN names (attach point, then the path below it),
 * for iofdinfo(); that of the existing open for OPENFD.  NULL for the
 * opens of a stat or COMBINE, which no one asks about.
 */
static char *rm_open_path(struct rm_ctx *ctx, const struct rm_link *link)
{
	const char *sub = ctx->cbuf->path;
	char *p;

	if (ctx->req.opcode == RESMGR_OP_OPENFD) {
		size_t len = rm_bind_path(&ctx->dpp->bindings, ctx->cur_handle,
					  NULL, 0);

		p = len ? malloc(len + 1) : NULL;
		if (p)
			rm_bind_path(&ctx->dpp->bindings, ctx->cur_handle, p,
				     len + 1);
		return p;
	}
	if (ctx->req.opcode != RESMGR_OP_OPEN || !link->path)
		return NULL;
	if (asprintf(&p, "%s%s%s", link->path, *sub ? "/" : "", sub) < 0)
		return NULL;
	return p;
}

/*
 * Bind @ocb to the open being handled on @ctp (an OPEN, the open part of
 * a stat by path or COMBINE, or an OPENFD).  The reply then carries the
 * handle; @iofunc says @ocb is an iofunc_ocb_t, whose offset the library
 * keeps in step with the kernel's file position.  Without @io, an OPENFD
 * gets the handlers of the open it copies, others the attach's.
 */
int rm_open_bind(resmgr_context_t *ctp, void *ocb,
		 const resmgr_io_funcs_t *io, bool iofunc)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	const struct rm_cred *cred;
	struct rm_binding b;
	struct rm_link *link;
	uint64_t handle;
	int err;

	if (!ocb)
		return EINVAL;
	switch (ctx->req.opcode) {
	case RESMGR_OP_OPEN:
	case RESMGR_OP_STAT_PATH:
	case RESMGR_OP_COMBINE:
	case RESMGR_OP_LINK:	/* the existing file of a hard link */
		link = rm_link_find(ctx->dpp, ctx->in.link);
		break;
	case RESMGR_OP_OPENFD:
		link = ctx->cur_handle ? ctx->cur.link : NULL;
		if (!io && link)
			io = ctx->cur.io;
		break;
	default:
		return EINVAL;
	}
	if (ctx->req.handle)
		return EBUSY;
	if (!link)
		return ENOENT;
	/* An OPENFD's new open is the same opener's. */
	err = rm_ctx_cred(ctx, &cred);
	if (err)
		return err;
	b.ocb = ocb;
	b.io = io ? io : link->io;
	b.link = link;
	b.iofunc = iofunc;
	b.mode = iofunc ? ((iofunc_ocb_t *)ocb)->attr->mode : 0;
	/* The attach point of a directory attach is a directory. */
	if (!b.mode && link->dir && !ctx->cbuf->path[0] &&
	    ctx->req.opcode != RESMGR_OP_OPENFD)
		b.mode = S_IFDIR;
	err = rm_bind_add(&ctx->dpp->bindings, &b, &cred->ci,
			  rm_open_path(ctx, link), &handle);
	if (err == EOK) {
		rm_req_set_handle(ctx, handle);
		if (iofunc && ctx->req.opcode == RESMGR_OP_OPEN) {
			iofunc_attr_t *attr = ((iofunc_ocb_t *)ocb)->attr;

			rm_req_set_open_mode(ctx, rm_open_wire_mode(link, b.mode));
			/* The size the open leaves (after O_TRUNC), for the
			 * kernel's own size checks (copy_file_range(2)), and
			 * the node's number, as iofunc_stat() gives it, so
			 * that every open of the file shares one inode
			 * (flock(2), ETXTBSY).
			 */
			if (S_ISREG(attr->mode))
				rm_req_set_open_file(ctx, (uint64_t)attr->nbytes,
						     rm_attr_ino(attr));
		}
	}
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

/*
 * The mode an OPEN's reply gives the kernel.  Only under a directory
 * attach: the attach point of a file attach keeps the type it was
 * attached with (0), whatever its attr says.  A mode without S_IFMT says
 * nothing either.
 */
uint32_t rm_open_wire_mode(const struct rm_link *link, uint32_t mode)
{
	if (!link->dir || !(mode & S_IFMT))
		return 0;
	return rm_mode_to_wire(mode);
}

int resmgr_open_mode(resmgr_context_t *ctp, mode_t mode)
{
	struct rm_ctx *ctx = rm_ctx(ctp);
	struct rm_link *link;

	if (ctx->req.opcode != RESMGR_OP_OPEN) {
		errno = EINVAL;
		return -1;
	}
	link = rm_link_find(ctx->dpp, ctx->in.link);
	if (!link) {
		errno = ENOENT;
		return -1;
	}
	rm_req_set_open_mode(ctx, rm_open_wire_mode(link, mode));
	if (ctx->req.handle)
		rm_bind_set_mode(&ctx->dpp->bindings, ctx->req.handle, mode);
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

/*
 * The OCB of the open a message info names (QNX's _resmgr_ocb()):
 * ctp->info, or MsgInfo() of the request being handled.  An I/O
 * message's info.coid names its open; a connect message's (coid 0) is
 * the open it is making, once resmgr_open_bind() has bound an OCB.
 */
void *_resmgr_ocb(resmgr_context_t *ctp, struct _msg_info *info)
{
	struct rm_ctx *ctx;
	struct rm_binding b;
	void *ocb = NULL;

	if (!ctp || !info) {
		errno = EINVAL;
		return NULL;
	}
	ctx = rm_ctx(ctp);
	if (info->coid > 0) {
		if (rm_bind_get_slot(&ctx->dpp->bindings, (uint32_t)info->coid,
				     &b) == EOK)
			ocb = b.ocb;
	} else if (!ctp->info.coid && info->pid == ctp->info.pid &&
		   info->tid == ctp->info.tid) {
		ocb = resmgr_ocb(ctp);
	}
	if (!ocb)
		errno = ESRCH;
	return ocb;
}
