// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * pipe - a FIFO-like device, written as a QNX developer writes one:
 * blocking reads, select()/poll() notification, unblocking.
 *
 * Serves /dev/rpipe (or argv[1]), one name with a 4096-byte buffer that
 * every open shares:
 *  - write() appends what fits and returns how much that was; with the
 *    buffer full, O_NONBLOCK gets EAGAIN, otherwise the write takes 0
 *    bytes (no writer is ever kept waiting);
 *  - read() returns what is buffered; with nothing there, O_NONBLOCK
 *    gets EAGAIN, otherwise the read waits (_RESMGR_NOREPLY) until a
 *    write brings data, and the writer's handler answers it (MsgReplyv);
 *    a signal ends the wait with EINTR (io_unblock), the open's last
 *    close with EBADF;
 *  - poll()/select()/epoll: readable while data is buffered, writable
 *    while there is room (io_notify, iofunc_notify() and the triggers).
 *
 * stdout: "pipe: ready" once attached, flushed, for scripts.
 * Single-threaded: one dispatch context.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct pipe_attr;
#define IOFUNC_ATTR_T	struct pipe_attr
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#define PIPE_SIZE	4096

/* The name's attributes: the POSIX ones, the notify lists, the data. */
struct pipe_attr {
	iofunc_attr_t hdr;
	iofunc_notify_t notify[3];
	char buf[PIPE_SIZE];
	size_t head;		/* where the next read starts */
	size_t len;		/* bytes buffered */
};

/* A read waiting for data, in arrival order. */
struct waiter {
	struct waiter *next;
	int rcvid;
	RESMGR_OCB_T *ocb;
	size_t nbytes;
};

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static struct pipe_attr pattr;
static struct waiter *readers, **readers_tail = &readers;

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/*
 * Answer read @rcvid with up to @nbytes buffered bytes (the buffer may
 * wrap: two parts) and take them out of the buffer.  Returns -1 if the
 * client is gone, in which case the data stays.
 */
static int ring_reply(struct pipe_attr *pa, int rcvid, size_t nbytes)
{
	size_t n = min_size(pa->len, nbytes);
	size_t first = min_size(n, PIPE_SIZE - pa->head);
	iov_t iov[2];

	SETIOV(&iov[0], pa->buf + pa->head, first);
	SETIOV(&iov[1], pa->buf, n - first);
	if (MsgReplyv(rcvid, n, iov, n > first ? 2 : 1) == -1)
		return -1;
	pa->head = (pa->head + n) % PIPE_SIZE;
	pa->len -= n;
	if (pa->len == 0)
		pa->head = 0;
	pa->hdr.flags |= IOFUNC_ATTR_ATIME;
	return 0;
}

/* Wake whoever polls for what is now true. */
static void pipe_wake(struct pipe_attr *pa)
{
	size_t room = PIPE_SIZE - pa->len;

	if (pa->len && IOFUNC_NOTIFY_INPUT_CHECK(pa->notify, (int)pa->len, 0))
		iofunc_notify_trigger(pa->notify, (int)pa->len,
				      IOFUNC_NOTIFY_INPUT);
	if (room && IOFUNC_NOTIFY_OUTPUT_CHECK(pa->notify, (int)room, 0))
		iofunc_notify_trigger(pa->notify, (int)room,
				      IOFUNC_NOTIFY_OUTPUT);
}

/* Hand buffered data to waiting readers, oldest first. */
static void serve_readers(struct pipe_attr *pa)
{
	struct waiter *w;

	while ((w = readers) && pa->len) {
		readers = w->next;
		if (!readers)
			readers_tail = &readers;
		ring_reply(pa, w->rcvid, w->nbytes);	/* gone: data stays */
		free(w);
	}
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct pipe_attr *pa = ocb->attr;
	struct waiter *w;
	int nonblock, status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, &nonblock)) != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		return ESPIPE;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;

	if (_IO_READ_GET_NBYTES(msg) == 0) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return _RESMGR_NPARTS(0);
	}
	if (pa->len == 0) {
		if (nonblock)
			return EAGAIN;
		/* Wait for a writer; it answers with MsgReplyv(). */
		if ((w = calloc(1, sizeof(*w))) == NULL)
			return ENOMEM;
		w->rcvid = ctp->rcvid;
		w->ocb = ocb;
		w->nbytes = _IO_READ_GET_NBYTES(msg);
		*readers_tail = w;
		readers_tail = &w->next;
		return _RESMGR_NOREPLY;
	}
	ring_reply(pa, ctp->rcvid, _IO_READ_GET_NBYTES(msg));
	pipe_wake(pa);		/* room now: writable */
	return _RESMGR_NOREPLY;
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	struct pipe_attr *pa = ocb->attr;
	size_t nbytes, want, done = 0, tail, chunk;
	int nonblock, status;
	ssize_t n;

	if ((status = iofunc_write_verify(ctp, msg, ocb, &nonblock)) != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		return ESPIPE;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;

	nbytes = _IO_WRITE_GET_NBYTES(msg);
	if (nbytes && pa->len == PIPE_SIZE && nonblock)
		return EAGAIN;

	/* Take what fits; the data follows the header in the message. */
	want = min_size(nbytes, PIPE_SIZE - pa->len);
	while (done < want) {
		tail = (pa->head + pa->len) % PIPE_SIZE;
		chunk = min_size(want - done, PIPE_SIZE - tail);
		n = resmgr_msgread(ctp, pa->buf + tail, chunk,
				   sizeof(msg->i) + done);
		if (n < 0) {
			if (done == 0)
				return errno;
			break;
		}
		if (n == 0)
			break;
		pa->len += n;
		done += n;
	}
	if (done)
		pa->hdr.flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;

	serve_readers(pa);
	pipe_wake(pa);		/* data now: readable */

	_IO_SET_WRITE_NBYTES(ctp, done);
	return _RESMGR_NPARTS(0);
}

static int io_notify(resmgr_context_t *ctp, io_notify_t *msg,
		     RESMGR_OCB_T *ocb)
{
	struct pipe_attr *pa = ocb->attr;
	int trig = 0;

	if (pa->len)
		trig |= _NOTIFY_COND_INPUT;
	if (pa->len < PIPE_SIZE)
		trig |= _NOTIFY_COND_OUTPUT;
	return iofunc_notify(ctp, msg, pa->notify, trig, NULL, NULL);
}

/* A waiting reader was signalled: let it go with EINTR. */
static int io_unblock(resmgr_context_t *ctp, io_pulse_t *msg,
		      RESMGR_OCB_T *ocb)
{
	struct waiter **pp, *w;

	for (pp = &readers; (w = *pp); pp = &w->next) {
		if (w->rcvid != ctp->rcvid)
			continue;
		*pp = w->next;
		if (readers_tail == &w->next)
			readers_tail = pp;
		MsgError(w->rcvid, EINTR);
		free(w);
		return _RESMGR_NOREPLY;
	}
	return iofunc_unblock_default(ctp, msg, ocb);
}

/* The open's last close: no more notifications, no more waiting reads. */
static int io_close_ocb(resmgr_context_t *ctp, void *reserved,
			RESMGR_OCB_T *ocb)
{
	struct pipe_attr *pa = ocb->attr;
	struct waiter **pp, *w;

	iofunc_notify_remove(ctp, pa->notify);
	for (pp = &readers; (w = *pp);) {
		if (w->ocb != ocb) {
			pp = &w->next;
			continue;
		}
		*pp = w->next;
		MsgError(w->rcvid, EBADF);
		free(w);
	}
	for (readers_tail = &readers; *readers_tail;
	     readers_tail = &(*readers_tail)->next)
		;
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : "/dev/rpipe";
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	int id;

	if ((dpp = dispatch_create()) == NULL) {
		fprintf(stderr, "%s: Unable to allocate dispatch handle: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 2;
	resmgr_attr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.notify = io_notify;
	io_funcs.unblock = io_unblock;
	io_funcs.close_ocb = io_close_ocb;

	iofunc_attr_init(&pattr.hdr, S_IFNAM | 0666, NULL, NULL);
	IOFUNC_NOTIFY_INIT(pattr.notify);

	id = resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY, 0,
			   &connect_funcs, &io_funcs, &pattr);
	if (id == -1) {
		fprintf(stderr, "%s: Unable to attach name %s: %s\n", argv[0],
			path, strerror(errno));
		return EXIT_FAILURE;
	}

	ctp = dispatch_context_alloc(dpp);
	if (ctp == NULL) {
		fprintf(stderr, "%s: Unable to allocate a context: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}
	printf("pipe: ready\n");
	fflush(stdout);

	while (1) {
		if ((ctp = dispatch_block(ctp)) == NULL) {
			fprintf(stderr, "%s: block error: %s\n", argv[0],
				strerror(errno));
			return EXIT_FAILURE;
		}
		dispatch_handler(ctp);
	}
}
