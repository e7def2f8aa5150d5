// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * select_attach(): other descriptors (timerfds, eventfds, sockets...)
 * served by the same dispatch loop.
 *
 * While descriptors are attached, one thread at a time leads: it poll()s
 * the channel, the dispatch's eventfd and every descriptor whose callback
 * is not running, and returns whichever is ready; the other threads keep
 * receiving from the kernel directly.  The leader's first try, when it
 * has a reply to send, is the combined reply + non-blocking receive (one
 * call per request while requests are queued); every few requests it
 * polls anyway, so the descriptors are not starved by a busy channel.
 *
 * A descriptor's callback runs in dispatch_handler(); meanwhile the
 * descriptor is not watched.  Without SELECT_FLAG_REARM it is detached
 * once its callback has run.
 */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

/* Requests the leader takes without looking at the descriptors. */
#define RM_LEAD_STREAK	8

static struct rm_sel *rm_sel_find(struct rm_dext *ext, int fd)
{
	struct rm_sel *s;

	for (s = ext->sels; s; s = s->next)
		if (s->fd == fd && !s->gone)
			return s;
	return NULL;
}

/* Caller holds ext->lock: a thread must (re)build the poll set. */
static void rm_sel_changed(struct rm_dext *ext)
{
	atomic_store(&ext->need_leader, ext->nsels > 0 && !ext->leader);
	if (ext->nsels)
		rm_wake_one(ext);
}

int select_attach(dispatch_t *dpp, select_attr_t *attr, int fd,
		  unsigned flags,
		  int (*func)(select_context_t *ctp, int fd, unsigned flags,
			      void *handle),
		  void *handle)
{
	const unsigned kinds = SELECT_FLAG_READ | SELECT_FLAG_WRITE |
			       SELECT_FLAG_EXCEPT;
	struct rm_dext *ext;
	struct rm_sel *s, *n;

	if (!dpp || fd < 0 || !func || !(flags & kinds) ||
	    (flags & ~(kinds | SELECT_FLAG_REARM))) {
		errno = EINVAL;
		return -1;
	}
	ext = dpp->ext;
	n = calloc(1, sizeof(*n));
	if (!n)
		return -1;
	pthread_mutex_lock(&ext->lock);
	if (rm_wakefd_get(ext) < 0) {
		pthread_mutex_unlock(&ext->lock);
		free(n);
		return -1;
	}
	s = rm_sel_find(ext, fd);
	if (s) {
		/* attached again (e.g. from its own callback): new settings */
		s->flags = flags;
		s->func = func;
		s->handle = handle;
		s->reattached = s->busy;
		free(n);
	} else {
		n->fd = fd;
		n->flags = flags;
		n->func = func;
		n->handle = handle;
		n->next = ext->sels;
		ext->sels = n;
		ext->nsels++;
	}
	rm_sel_changed(ext);
	pthread_mutex_unlock(&ext->lock);
	return 0;
}

/* Caller holds ext->lock. */
static void rm_sel_remove(struct rm_dext *ext, struct rm_sel *s)
{
	struct rm_sel **pp;

	for (pp = &ext->sels; *pp != s; pp = &(*pp)->next)
		;
	*pp = s->next;
	free(s);
}

int select_detach(dispatch_t *dpp, int fd)
{
	struct rm_dext *ext;
	struct rm_sel *s;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	ext = dpp->ext;
	pthread_mutex_lock(&ext->lock);
	s = rm_sel_find(ext, fd);
	if (!s) {
		pthread_mutex_unlock(&ext->lock);
		errno = EINVAL;
		return -1;
	}
	ext->nsels--;
	if (s->busy)
		s->gone = true;	/* its callback is running: freed after */
	else
		rm_sel_remove(ext, s);
	rm_sel_changed(ext);
	if (ext->leader)
		rm_wake_leader(ext);	/* stop polling it */
	pthread_mutex_unlock(&ext->lock);
	return 0;
}

static short rm_sel_events(unsigned flags)
{
	short ev = 0;

	if (flags & SELECT_FLAG_READ)
		ev |= POLLIN;
	if (flags & SELECT_FLAG_WRITE)
		ev |= POLLOUT;
	if (flags & SELECT_FLAG_EXCEPT)
		ev |= POLLPRI;
	return ev;
}

/* What a callback is told: the kinds asked for that are ready. */
static unsigned rm_sel_ready(unsigned flags, short revents)
{
	unsigned r = 0;

	if (revents & (POLLERR | POLLHUP)) {
		/* a reader sees EOF or the error; so does a writer */
		r = flags & (SELECT_FLAG_READ | SELECT_FLAG_WRITE);
		r |= flags & SELECT_FLAG_EXCEPT;
	}
	if (revents & POLLIN)
		r |= flags & SELECT_FLAG_READ;
	if (revents & POLLOUT)
		r |= flags & SELECT_FLAG_WRITE;
	if (revents & POLLPRI)
		r |= flags & SELECT_FLAG_EXCEPT;
	return r;
}

/* Caller holds ext->lock: fill the poll set; returns its size. */
static int rm_lead_pollset(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	unsigned need = ext->nsels + 2, n = 0;
	struct rm_sel *s;

	if (need > ext->pfd_room) {
		struct pollfd *p = realloc(ext->pfds, need * sizeof(*p));

		if (!p)
			return -1;
		ext->pfds = p;
		ext->pfd_room = need;
	}
	ext->pfds[n].fd = ctx->dpp->fd;
	ext->pfds[n++].events = POLLIN;
	ext->pfds[n].fd = ext->wakefd;
	ext->pfds[n++].events = POLLIN;
	for (s = ext->sels; s; s = s->next) {
		if (s->busy || s->gone)
			continue;
		ext->pfds[n].fd = s->fd;
		ext->pfds[n++].events = rm_sel_events(s->flags);
	}
	return (int)n;
}

/* A descriptor reported ready: hand it to @ctx.  Caller holds ext->lock. */
static bool rm_lead_pick(struct rm_ctx *ctx, int fd, short revents)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);
	struct rm_sel *s = rm_sel_find(ext, fd);
	unsigned ready;

	if (!s || s->busy)
		return false;	/* detached meanwhile */
	if (revents & POLLNVAL) {
		/* closed without select_detach(): nothing to watch */
		ext->nsels--;
		rm_sel_remove(ext, s);
		return false;
	}
	ready = rm_sel_ready(s->flags, revents);
	if (!ready)
		return false;
	s->busy = true;
	cx->sel = s;
	cx->sel_flags = ready;
	cx->ev = RM_EV_SELECT;
	return true;
}

/*
 * Lead once: 1 with an event in @ctx, 0 to look again (woken, or a
 * request another thread took first), -1 on error (ETIMEDOUT for
 * dispatch_timeout()).
 */
int rm_lead(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);
	long long tns = atomic_load(&ext->timeout_ns);
	int n, nfds, nsel, i, k, ms, ret;
	bool picked = false;
	uint64_t drain;
	ssize_t got = 0;

	if (ctx->pending && cx->streak < RM_LEAD_STREAK) {
		ret = rm_xfer_nonblock(ctx);
		if (ret) {
			cx->streak += ret > 0;
			return ret;
		}
	} else {
		rm_xfer_reply_only(ctx);
	}
	cx->streak = 0;

	pthread_mutex_lock(&ext->lock);
	n = rm_lead_pollset(ctx);
	pthread_mutex_unlock(&ext->lock);
	if (n < 0)
		return -1;

	/* See wake.c: announce, then look at the reasons once more. */
	atomic_store(&cx->state, RM_BS_POLL);
	if (atomic_load(&cx->unblock) || atomic_load(&ext->npending)) {
		atomic_store(&cx->state, RM_BS_RUNNING);
		return 0;
	}
	ms = tns < 0 ? -1 : (int)((tns + 999999) / 1000000);
	nfds = n;
	n = poll(ext->pfds, nfds, ms);
	atomic_store(&cx->state, RM_BS_RUNNING);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	if (n == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	if (ext->pfds[1].revents)
		got = read(ext->wakefd, &drain, sizeof(drain));
	(void)got;

	/* Round robin over ready descriptors, so none starves the others. */
	pthread_mutex_lock(&ext->lock);
	nsel = nfds - 2;
	for (k = 0; k < nsel && !picked; k++) {
		i = 2 + (int)((ext->sel_next + k) % nsel);
		if (ext->pfds[i].revents &&
		    rm_lead_pick(ctx, ext->pfds[i].fd, ext->pfds[i].revents)) {
			ext->sel_next = (unsigned)(i - 2 + 1);
			picked = true;
		}
	}
	pthread_mutex_unlock(&ext->lock);
	if (picked) {
		rm_ctx_local_event(ctx, 0, ctx->rbuf, 0);
		return 1;
	}
	if (ext->pfds[0].revents)
		return rm_xfer_nonblock(ctx);
	return 0;
}

/* dispatch_handler() for a descriptor: its callback, then rearm or detach. */
int rm_select_run(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);
	struct rm_sel *s = cx->sel;

	s->func(&ctx->pub.resmgr_context, s->fd, cx->sel_flags, s->handle);

	pthread_mutex_lock(&ext->lock);
	s->busy = false;
	if (s->gone) {
		rm_sel_remove(ext, s);
	} else if (!(s->flags & SELECT_FLAG_REARM) && !s->reattached) {
		ext->nsels--;
		rm_sel_remove(ext, s);
	} else {
		s->reattached = false;
		/* watch it again: a leader polling now has it out of its set */
		if (ext->leader)
			rm_wake_leader(ext);
	}
	atomic_store(&ext->need_leader, ext->nsels > 0 && !ext->leader);
	pthread_mutex_unlock(&ext->lock);
	cx->sel = NULL;
	return 0;
}

void rm_sels_destroy(struct rm_dext *ext)
{
	struct rm_sel *s;

	while ((s = ext->sels)) {
		ext->sels = s->next;
		free(s);
	}
}
