// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * message_attach(): private messages a server sends itself, with MsgSend()
 * on a connection from message_connect().
 *
 * On QNX these travel through the kernel and may come from any process.
 * Here they can only come from the same process: the sender's message is
 * queued on the dispatch, one thread is woken for it (wake.c), and the
 * sender waits until the handler has run.  The handler answers with its
 * return value, as a resmgr handler does: _RESMGR_NPARTS(n) replies with
 * ctp->status and ctp->iov[0..n-1], a positive value fails the send with
 * that errno; ctp->rcvid is 0, so MsgReply() does not apply.  A message
 * no handler takes fails with ENOSYS.
 *
 * Messages from other processes (MsgSend() on a name_open() or
 * ConnectAttach() connection to a channel the dispatch serves) are QNX's
 * own: ctp->rcvid names the held message, the handler reads it in
 * ctp->msg (and the rest with MsgRead()) and answers with MsgReply() or
 * MsgError(), now or later from any thread (resmgr/ipc_msg.c).
 *
 * With MSG_FLAG_TYPE_PULSE, [low, high] are pulse codes instead, each
 * attached as with pulse_attach().
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dispatch/dispatch_ext.h"

/* Largest in-process message: as much as a receive buffer holds. */
#define RM_LMSG_MAX	(64 * 1024)

/* Senders wait on their own condition under this lock, not ext's (which
 * dispatch_destroy() frees while a sender may still be waking). */
static pthread_mutex_t rm_lmsg_mutex = PTHREAD_MUTEX_INITIALIZER;

int message_attach(dispatch_t *dpp, message_attr_t *attr, int low, int high,
		   int (*func)(message_context_t *ctp, int type,
			       unsigned flags, void *handle),
		   void *handle)
{
	struct rm_msg_h *h, *o;
	struct rm_dext *ext;
	int code;

	if (!dpp || !func || low > high) {
		errno = EINVAL;
		return -1;
	}
	if (attr && (attr->flags & MSG_FLAG_TYPE_PULSE)) {
		for (code = low; code <= high; code++) {
			if (pulse_attach(dpp, 0, code, func, handle) < 0) {
				int err = errno;

				while (--code >= low)
					pulse_detach(dpp, code, 0);
				errno = err;
				return -1;
			}
		}
		return 0;
	}
	if (low < 0 || high > UINT16_MAX) {
		errno = EINVAL;
		return -1;
	}
	ext = dpp->ext;
	h = calloc(1, sizeof(*h));
	if (!h)
		return -1;
	h->low = low;
	h->high = high;
	h->func = func;
	h->handle = handle;
	pthread_mutex_lock(&ext->lock);
	for (o = ext->msgs; o; o = o->next) {
		if (o->low <= high && low <= o->high) {
			pthread_mutex_unlock(&ext->lock);
			free(h);
			errno = EBUSY;
			return -1;
		}
	}
	h->next = ext->msgs;
	ext->msgs = h;
	pthread_mutex_unlock(&ext->lock);
	return 0;
}

int message_detach(dispatch_t *dpp, int low, int high, int flags)
{
	struct rm_msg_h **pp, *h;
	struct rm_dext *ext;
	int code;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	if (flags & MSG_FLAG_TYPE_PULSE) {
		for (code = low; code <= high; code++)
			pulse_detach(dpp, code, 0);
		return 0;
	}
	ext = dpp->ext;
	pthread_mutex_lock(&ext->lock);
	for (pp = &ext->msgs; (h = *pp); pp = &h->next) {
		if (h->low == low && h->high == high) {
			*pp = h->next;
			break;
		}
	}
	pthread_mutex_unlock(&ext->lock);
	if (!h) {
		errno = EINVAL;
		return -1;
	}
	free(h);
	return 0;
}

static void rm_lmsg_finish(struct rm_lmsg *m, long status)
{
	pthread_mutex_lock(&rm_lmsg_mutex);
	m->status = status;
	m->done = true;
	pthread_cond_signal(&m->done_cv);
	pthread_mutex_unlock(&rm_lmsg_mutex);
}

/*
 * MsgSendv() to a connection from message_connect() (the coid must be
 * one: rm_coid_is_local()).  Returns the reply's status, or -1 (errno).
 */
long rm_local_sendv(int coid, const iov_t *siov, size_t sparts,
		    const iov_t *riov, size_t rparts)
{
	struct rm_lmsg m;
	struct rm_dext *ext;
	dispatch_t *dpp;
	size_t len = 0, i;
	char *p;

	for (i = 0; i < sparts; i++)
		len += siov[i].iov_len;
	if (len < sizeof(uint16_t) || len > RM_LMSG_MAX) {
		errno = len > RM_LMSG_MAX ? E2BIG : EINVAL;
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.buf = p = malloc(len);
	if (!p)
		return -1;
	for (i = 0; i < sparts; i++) {
		memcpy(p, siov[i].iov_base, siov[i].iov_len);
		p += siov[i].iov_len;
	}
	m.len = len;
	m.riov = riov;
	m.rparts = rparts;
	pthread_cond_init(&m.done_cv, NULL);

	dpp = rm_coid_lock(coid);
	if (!dpp) {
		free(m.buf);
		pthread_cond_destroy(&m.done_cv);
		errno = EBADF;
		return -1;
	}
	ext = dpp->ext;
	pthread_mutex_lock(&ext->lock);
	rm_queue_push(ext, &ext->msgq, &m.node);
	pthread_mutex_unlock(&ext->lock);
	rm_coid_unlock();

	pthread_mutex_lock(&rm_lmsg_mutex);
	while (!m.done)
		pthread_cond_wait(&m.done_cv, &rm_lmsg_mutex);
	pthread_mutex_unlock(&rm_lmsg_mutex);
	pthread_cond_destroy(&m.done_cv);
	free(m.buf);
	if (m.status < 0) {
		errno = (int)-m.status;
		return -1;
	}
	return m.status;
}

/* dispatch_block(): take a queued private message, if any, into @ctx. */
bool rm_lmsg_take(struct rm_ctx *ctx)
{
	struct rm_dext *ext = ctx->dpp->ext;
	struct rm_cext *cx = rm_cext(ctx);
	struct rm_lmsg *m;
	size_t n;

	m = (struct rm_lmsg *)rm_queue_pop(ext, &ext->msgq);
	if (!m)
		return false;
	n = m->len < ctx->rlen ? m->len : ctx->rlen;
	memcpy(ctx->rbuf, m->buf, n);
	cx->lmsg = m;
	cx->ev = RM_EV_MSG;
	rm_ctx_local_event(ctx, 0, ctx->rbuf, n);
	ctx->pub.resmgr_context.info.srcmsglen = m->len;
	return true;
}

/* Copy the handler's reply parts into the sender's buffers. */
static void rm_lmsg_copy_reply(struct rm_lmsg *m, const iov_t *parts,
			       unsigned nparts)
{
	size_t ri = 0, roff = 0, k;
	unsigned pi;

	for (pi = 0; pi < nparts; pi++) {
		const char *src = parts[pi].iov_base;
		size_t left = parts[pi].iov_len;

		while (left && ri < m->rparts) {
			k = m->riov[ri].iov_len - roff;
			if (k > left)
				k = left;
			memcpy((char *)m->riov[ri].iov_base + roff, src, k);
			src += k;
			left -= k;
			roff += k;
			if (roff == m->riov[ri].iov_len) {
				ri++;
				roff = 0;
			}
		}
	}
}

/* The handler message_attach() gave for @type, or NULL. */
rm_msg_fn *rm_msg_find(struct rm_dext *ext, uint16_t type,
			      void **handle)
{
	rm_msg_fn *func = NULL;
	struct rm_msg_h *h;

	pthread_mutex_lock(&ext->lock);
	for (h = ext->msgs; h; h = h->next) {
		if (type >= h->low && type <= h->high) {
			func = h->func;
			*handle = h->handle;
			break;
		}
	}
	pthread_mutex_unlock(&ext->lock);
	return func;
}

int rm_lmsg_run(struct rm_ctx *ctx)
{
	resmgr_context_t *ctp = &ctx->pub.resmgr_context;
	struct rm_lmsg *m;
	void *handle = NULL;
	rm_msg_fn *func;
	uint16_t type;
	int ret;

	m = rm_cext(ctx)->lmsg;
	rm_cext(ctx)->lmsg = NULL;
	memcpy(&type, m->buf, sizeof(type));
	func = rm_msg_find(ctx->dpp->ext, type, &handle);

	ret = func ? func(ctp, type, 0, handle) : ENOSYS;
	if (ret == _RESMGR_NOREPLY || ret == _RESMGR_DEFAULT)
		ret = ENOSYS;
	if (ret > 0) {
		rm_lmsg_finish(m, -(long)ret);
		return 0;
	}
	if ((unsigned)-ret > ctx->nparts)
		ret = -(int)ctx->nparts;
	rm_lmsg_copy_reply(m, ctp->iov, (unsigned)-ret);
	rm_lmsg_finish(m, ctp->status < 0 ? 0 : ctp->status);
	return 0;
}

/* dispatch_destroy(): senders still waiting fail with EBADF. */
void rm_msgs_destroy(struct rm_dext *ext)
{
	struct rm_msg_h *h;
	struct rm_lmsg *m;

	while ((m = (struct rm_lmsg *)ext->msgq.head)) {
		ext->msgq.head = m->node.next;
		rm_lmsg_finish(m, -EBADF);
	}
	while ((h = ext->msgs)) {
		ext->msgs = h->next;
		free(h);
	}
}
