// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The data path of a port: read, write, notify (select/poll/epoll),
 * unblock and the two closes.
 *
 * Bytes written on one port go into the other port's receive ring.  A
 * read finding the ring empty, or a write finding it full, is kept
 * waiting (_RESMGR_NOREPLY, its rcvid on the port's queue) and answered
 * later by whichever pool thread moves the bytes it waits for: a write
 * on the other port answers waiting reads (MsgReplyv straight from the
 * ring), a read answers waiting writes (MsgReadv of the rest of their
 * data straight into the ring, MsgReply once it is all in).
 *
 * Every handler that moves bytes holds both ports' locks (see
 * port_lock_peer()), so nothing here is seen half done by another
 * thread.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "serial.h"

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

int port_pair_init(struct port *a, struct port *b, size_t ring_size)
{
	static const struct serial_config dflt = {
		.baud = 9600, .data_bits = 8, .parity = SERIAL_PARITY_NONE,
		.stop_bits = 1,
	};
	struct port *p[2] = { a, b };
	int i, err;

	for (i = 0; i < 2; i++) {
		iofunc_attr_init(&p[i]->attr, S_IFCHR | 0666, NULL, NULL);
		IOFUNC_NOTIFY_INIT(p[i]->notify);
		p[i]->peer = p[1 - i];
		p[i]->index = i;
		waitq_init(&p[i]->readers);
		waitq_init(&p[i]->writers);
		p[i]->config = dflt;
		p[i]->rx_total = p[i]->tx_total = 0;
		err = ring_init(&p[i]->rx, ring_size);
		if (err)
			return err;
	}
	return EOK;
}

/*
 * Take the peer's lock too; the caller holds its own port's lock once
 * (lock_ocb, or its own iofunc_attr_lock()).  Two pool threads serving
 * the two ends at once would each hold one lock and wait for the other,
 * so the lower port is always locked first: when that is the peer, our
 * own lock is let go and taken again after it.  Callers take this before
 * looking at anything the locks guard.
 */
void port_lock_peer(struct port *p)
{
	struct port *peer = p->peer;

	if (p->index < peer->index) {
		iofunc_attr_lock(&peer->attr);
		return;
	}
	if (iofunc_attr_trylock(&peer->attr) == EOK)
		return;
	iofunc_attr_unlock(&p->attr);
	iofunc_attr_lock(&peer->attr);
	iofunc_attr_lock(&p->attr);
}

void port_unlock_peer(struct port *p)
{
	iofunc_attr_unlock(&p->peer->attr);
}

/* Wake whoever polls @p for what is true now. */
static void port_wake_one(struct port *p)
{
	size_t avail = min_size(p->rx.len, INT_MAX);
	size_t room = p->writers.head ? 0 :
		      min_size(ring_room(&p->peer->rx), INT_MAX);

	if (avail && IOFUNC_NOTIFY_INPUT_CHECK(p->notify, (int)avail, 0))
		iofunc_notify_trigger(p->notify, (int)avail,
				      IOFUNC_NOTIFY_INPUT);
	if (room && IOFUNC_NOTIFY_OUTPUT_CHECK(p->notify, (int)room, 0))
		iofunc_notify_trigger(p->notify, (int)room,
				      IOFUNC_NOTIFY_OUTPUT);
}

/* Bytes moved between @p and its peer: both ends may have news. */
static void port_wake(struct port *p)
{
	port_wake_one(p);
	port_wake_one(p->peer);
}

/*
 * Answer read @rcvid with up to @nbytes of @p's received bytes.  Returns
 * false if its client is gone (killed): the bytes stay for the next read.
 */
static bool port_answer_read(struct port *p, int rcvid, size_t nbytes)
{
	size_t n = min_size(p->rx.len, nbytes);
	iov_t iov[2];
	int parts = ring_data_iov(&p->rx, n, iov);

	if (MsgReplyv(rcvid, n, iov, parts) == -1)
		return false;
	ring_consume(&p->rx, n);
	p->rx_total += n;
	p->attr.flags |= IOFUNC_ATTR_ATIME;
	return true;
}

/* Give @p's received bytes to the reads waiting on it, oldest first. */
static void port_serve_readers(struct port *p)
{
	struct waiter *w;

	while (p->rx.len && (w = waitq_pop(&p->readers))) {
		port_answer_read(p, w->rcvid, w->nbytes);
		free(w);
	}
}

/*
 * Copy what fits of write @w's data (from the client, at its offset)
 * into @dst's ring, letting @dst's waiting readers take it as it comes.
 * Returns EOK, or the error of a failed MsgReadv() (ESRCH: the client
 * is gone).
 */
static int port_feed(struct port *dst, struct waiter *w)
{
	struct port *src = dst->peer;
	size_t n;
	ssize_t got;
	iov_t iov[2];
	int parts;

	while (w->done < w->nbytes && ring_room(&dst->rx)) {
		n = min_size(ring_room(&dst->rx), w->nbytes - w->done);
		parts = ring_room_iov(&dst->rx, n, iov);
		got = MsgReadv(w->rcvid, iov, parts, w->data_off + w->done);
		if (got < 0)
			return errno;
		if (got == 0)
			return EFAULT;	/* less data than the write said */
		ring_commit(&dst->rx, got);
		w->done += got;
		src->tx_total += got;
		src->attr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
		port_serve_readers(dst);
	}
	return EOK;
}

/*
 * A waiting write is over: its client gets the count written, or @err
 * if nothing was (POSIX: an interrupted write returns what it wrote).
 */
static void port_answer_write(struct waiter *w, int err)
{
	if (w->done || err == EOK)
		MsgReply(w->rcvid, w->done, NULL, 0);
	else
		MsgError(w->rcvid, err);
	free(w);
}

/* @p's ring has room: the peer's waiting writes fill it, oldest first. */
static void port_fill_from_writers(struct port *p)
{
	struct waitq *q = &p->peer->writers;
	struct waiter *w;
	int err;

	while ((w = q->head) && ring_room(&p->rx)) {
		err = port_feed(p, w);
		if (err == EOK && w->done < w->nbytes)
			break;		/* full again; it waits on */
		waitq_pop(q);
		port_answer_write(w, err);
	}
}

static int port_xtype_check(uint32_t xtype)
{
	if ((xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		return ESPIPE;		/* pread/pwrite: a line has no offsets */
	if ((xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	return EOK;
}

static int port_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct port *p = ocb->attr;
	size_t nbytes = _IO_READ_GET_NBYTES(msg);
	struct waiter *w;
	int nonblock, ret;

	if ((ret = iofunc_read_verify(ctp, msg, ocb, &nonblock)) != EOK)
		return ret;
	if ((ret = port_xtype_check(msg->i.xtype)) != EOK)
		return ret;
	if (nbytes == 0) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return _RESMGR_NPARTS(0);
	}

	port_lock_peer(p);
	if (p->rx.len) {
		/* Replied from the ring; a dead client leaves the bytes. */
		port_answer_read(p, ctp->rcvid, nbytes);
		port_fill_from_writers(p);
		port_serve_readers(p);
		port_wake(p);
		ret = _RESMGR_NOREPLY;
	} else if (nonblock) {
		ret = EAGAIN;
	} else if ((w = calloc(1, sizeof(*w))) == NULL) {
		ret = ENOMEM;
	} else {
		/* A write on the peer answers it (port_serve_readers()). */
		w->rcvid = ctp->rcvid;
		w->ocb = ocb;
		w->nbytes = nbytes;
		waitq_push(&p->readers, w);
		ret = _RESMGR_NOREPLY;
	}
	port_unlock_peer(p);
	return ret;
}

static int port_write(resmgr_context_t *ctp, io_write_t *msg,
		      RESMGR_OCB_T *ocb)
{
	struct port *p = ocb->attr;
	struct waiter self = {
		.rcvid = ctp->rcvid,
		.ocb = ocb,
		.nbytes = _IO_WRITE_GET_NBYTES(msg),
		.data_off = ctp->offset + sizeof(msg->i),
	};
	struct waiter *w;
	int nonblock, ret;

	if ((ret = iofunc_write_verify(ctp, msg, ocb, &nonblock)) != EOK)
		return ret;
	if ((ret = port_xtype_check(msg->i.xtype)) != EOK)
		return ret;

	port_lock_peer(p);
	/* Writes already waiting go first: their bytes are older. */
	if (!p->writers.head)
		ret = port_feed(p->peer, &self);
	if (ret == EOK && self.done < self.nbytes) {
		if (nonblock) {
			if (self.done == 0)
				ret = EAGAIN;
		} else if ((w = malloc(sizeof(*w))) == NULL) {
			ret = ENOMEM;
		} else {
			/* A read on the peer takes the rest (port_fill_...). */
			*w = self;
			waitq_push(&p->writers, w);
			ret = _RESMGR_NOREPLY;
		}
	}
	port_wake(p);
	port_unlock_peer(p);

	if (ret == _RESMGR_NOREPLY)
		return ret;
	if (ret != EOK && self.done == 0)
		return ret;
	_IO_SET_WRITE_NBYTES(ctp, self.done);
	return _RESMGR_NPARTS(0);
}

/*
 * select/poll/epoll.  Readable: received bytes; writable: room in the
 * peer's ring and no write waiting for it.
 */
static int port_notify(resmgr_context_t *ctp, io_notify_t *msg,
		       RESMGR_OCB_T *ocb)
{
	struct port *p = ocb->attr;
	int trig = 0, ret;

	port_lock_peer(p);
	if (p->rx.len)
		trig |= _NOTIFY_COND_INPUT;
	if (!p->writers.head && ring_room(&p->peer->rx))
		trig |= _NOTIFY_COND_OUTPUT;
	ret = iofunc_notify(ctp, msg, p->notify, trig, NULL, NULL);
	port_unlock_peer(p);
	return ret;
}

static bool waiter_is(const struct waiter *w, const void *rcvid)
{
	return w->rcvid == *(const int *)rcvid;
}

/*
 * The client of a waiting read or write was signalled: the read fails
 * with EINTR, the write returns what it wrote so far (or EINTR), and the
 * request is forgotten.
 */
static int port_unblock(resmgr_context_t *ctp, io_pulse_t *msg,
			RESMGR_OCB_T *ocb)
{
	struct port *p = ocb->attr;
	struct waiter *w;
	int ret = _RESMGR_NOREPLY;

	iofunc_attr_lock(&p->attr);
	if ((w = waitq_take_if(&p->readers, waiter_is, &ctp->rcvid))) {
		MsgError(w->rcvid, EINTR);
		free(w);
	} else if ((w = waitq_take_if(&p->writers, waiter_is, &ctp->rcvid))) {
		port_answer_write(w, EINTR);
	} else {
		ret = iofunc_unblock_default(ctp, msg, ocb);
	}
	iofunc_attr_unlock(&p->attr);
	return ret;
}

/* A waiting request of open @ocb whose client the kernel gave up on. */
static bool waiter_abandoned(const struct waiter *w, const void *ocb)
{
	struct _msg_info info;

	return w->ocb == ocb && MsgInfo(w->rcvid, &info) == -1;
}

/*
 * A close(2) of one descriptor of the open.  A client killed while it
 * waited (its request abandoned: MsgInfo() no longer knows it) closes
 * its descriptors on the way out; forget its waiting request now rather
 * than when bytes next move.  Other waiting requests of the open stay:
 * on Linux, closing one descriptor does not end a read on another.
 */
static int port_close_dup(resmgr_context_t *ctp, io_close_t *msg,
			  RESMGR_OCB_T *ocb)
{
	struct port *p = ocb->attr;
	struct waiter *w;

	iofunc_attr_lock(&p->attr);
	while ((w = waitq_take_if(&p->readers, waiter_abandoned, ocb)))
		free(w);
	while ((w = waitq_take_if(&p->writers, waiter_abandoned, ocb)))
		free(w);
	iofunc_attr_unlock(&p->attr);
	return iofunc_close_dup_default(ctp, msg, ocb);
}

static bool waiter_of(const struct waiter *w, const void *ocb)
{
	return w->ocb == ocb;
}

/*
 * The open's last reference is gone: nothing of it may stay behind (a
 * waiting request would point at the freed OCB), and no more wakeups.
 */
static int port_close_ocb(resmgr_context_t *ctp, void *reserved,
			  RESMGR_OCB_T *ocb)
{
	struct port *p = ocb->attr;
	struct waiter *w;
	int ret;

	iofunc_attr_lock(&p->attr);
	while ((w = waitq_take_if(&p->readers, waiter_of, ocb))) {
		MsgError(w->rcvid, EBADF);
		free(w);
	}
	while ((w = waitq_take_if(&p->writers, waiter_of, ocb)))
		port_answer_write(w, EBADF);
	iofunc_notify_remove(ctp, p->notify);
	ret = iofunc_close_ocb_default(ctp, reserved, ocb);
	iofunc_attr_unlock(&p->attr);
	return ret;
}

void port_set_io_funcs(resmgr_io_funcs_t *io)
{
	io->read = port_read;
	io->write = port_write;
	io->notify = port_notify;
	io->devctl = port_devctl;
	io->unblock = port_unblock;
	io->close_dup = port_close_dup;
	io->close_ocb = port_close_ocb;
}
