// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dispatch_block()/dispatch_handler() beyond kernel messages, against a
 * fake channel: a pipe whose read end is the channel descriptor (so it
 * polls like /dev/resmgr) and a fake RESMGR_IOC_XFER that blocks in
 * poll() as the module's receive does (a signal ends it with EINTR,
 * RESMGR_XFER_NONBLOCK and timeout_ns are honoured).
 *
 * Covers: dispatch_unblock() of a blocked thread, pulses sent with
 * MsgSendPulse() to a blocked dispatch, pulse_attach() code allocation
 * and detach, the DISCONNECT pulse the library makes from the kernel's
 * event, dispatch_timeout(), select_attach() with and without REARM while
 * kernel requests keep being served, in-process message_attach()
 * messages, and a thread pool on dispatch contexts that
 * thread_pool_destroy() wakes and joins.
 */
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/dispatch.h>

#include "testlib.h"
#include "dispatch/dispatch_ext.h"

static int chan[2];			/* the fake channel: a pipe */
static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char qmsg[64][sizeof(struct resmgr_in_header)];
static int qn;
static int nxfer;

/* Queue a request: a CLOSE_OCB event (routing it needs no binding). */
static void queue_request(uint64_t unique)
{
	pthread_mutex_lock(&qlock);
	mk_in(qmsg[qn++], RESMGR_OP_CLOSE_OCB, unique, 0,
	      sizeof(struct resmgr_in_header));
	pthread_mutex_unlock(&qlock);
	if (write(chan[1], "r", 1) != 1)
		abort();
}

/*
 * Like the module: the request's flags are read on entry, and from then
 * on a signal only interrupts the wait (EINTR), it is not lost.  The
 * entry is "where the signal gets blocked": before it, a signal is
 * handled in user space, as before the real ioctl; the spin widens that
 * window so the wake race of wake.c actually happens.
 */
static int fake_xfer(int fd, unsigned long request, void *arg)
{
	struct resmgr_xfer *x = arg;
	struct pollfd p = { .fd = chan[0], .events = POLLIN };
	struct timespec tmo, *ptmo = NULL;
	sigset_t blk, old;
	uint32_t flags;
	int n, ret = -1, err = 0;
	char c;

	if (request != RESMGR_IOC_XFER) {
		errno = ENOTTY;
		return -1;
	}
	__atomic_add_fetch(&nxfer, 1, __ATOMIC_SEQ_CST);
	if (!x->recv_buf)
		return 0;
	for (volatile int k = 0; k < 20000; k++)
		;
	sigemptyset(&blk);
	sigaddset(&blk, RM_WAKE_SIGNAL);
	pthread_sigmask(SIG_BLOCK, &blk, &old);
	flags = x->flags;
	if (flags & RESMGR_XFER_NONBLOCK) {
		tmo.tv_sec = tmo.tv_nsec = 0;
		ptmo = &tmo;
	} else if (x->timeout_ns) {
		tmo.tv_sec = x->timeout_ns / 1000000000;
		tmo.tv_nsec = x->timeout_ns % 1000000000;
		ptmo = &tmo;
	}
	for (;;) {
		n = ppoll(&p, 1, ptmo, &old);
		if (n < 0) {
			err = errno;	/* EINTR: a signal */
			break;
		}
		if (n == 0) {
			err = (flags & RESMGR_XFER_NONBLOCK) ? EAGAIN : ETIMEDOUT;
			break;
		}
		pthread_mutex_lock(&qlock);
		if (qn && read(chan[0], &c, 1) == 1) {
			memcpy((void *)(uintptr_t)x->recv_buf, qmsg[--qn],
			       sizeof(qmsg[0]));
			pthread_mutex_unlock(&qlock);
			ret = sizeof(qmsg[0]);
			break;
		}
		pthread_mutex_unlock(&qlock);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (ret < 0)
		errno = err;
	return ret;
}

static dispatch_t *new_dispatch(void)
{
	rm_ioctl = fake_xfer;
	return rm_dispatch_new(chan[0], false);
}

/* ------------------------------------------------ a blocked thread */

struct blocker {
	dispatch_context_t *ctp;
	dispatch_context_t *got;
	int err;
	pthread_t thr;
};

static void *block_once(void *arg)
{
	struct blocker *b = arg;

	b->got = dispatch_block(b->ctp);
	b->err = errno;
	return NULL;
}

static void start_block(struct blocker *b, dispatch_context_t *ctp)
{
	memset(b, 0, sizeof(*b));
	b->ctp = ctp;
	pthread_create(&b->thr, NULL, block_once, b);
}

/* Wait until the context's thread is blocked (generously bounded). */
static void wait_blocked(dispatch_context_t *ctp)
{
	struct rm_cext *cx = rm_cext(rm_ctx(&ctp->resmgr_context));

	for (int i = 0; i < 20000 &&
	     atomic_load(&cx->state) == RM_BS_RUNNING; i++)
		usleep(1000);
	usleep(20000);	/* into the (fake) kernel's wait */
}

/* -------------------------------------------------------- handlers */

static int pulses_seen, last_code, last_value, last_rcvid;

static int on_pulse(message_context_t *ctp, int code, unsigned flags,
		    void *handle)
{
	struct _pulse *p = (struct _pulse *)ctp->msg;

	pulses_seen++;
	last_code = code;
	last_value = p->value.sival_int;
	last_rcvid = ctp->rcvid;
	return 0;
}

static int sel_calls, sel_fd, sel_flags;

static int on_select(select_context_t *ctp, int fd, unsigned flags,
		     void *handle)
{
	uint64_t v;

	sel_calls++;
	sel_fd = fd;
	sel_flags = flags;
	if (read(fd, &v, sizeof(v)) != sizeof(v))
		sel_flags = -1;
	return 0;
}

static int on_msg(message_context_t *ctp, int type, unsigned flags,
		  void *handle)
{
	static char reply[8];

	memcpy(reply, (char *)ctp->msg + 2, 4);
	reply[4] = '!';
	ctp->status = type + 1;
	return _RESMGR_PTR(ctp, reply, 5);
}

/* ----------------------------------------------------------- tests */

static void test_unblock(dispatch_t *dpp, dispatch_context_t *ctp)
{
	struct blocker b;
	int before = nxfer;

	start_block(&b, ctp);
	wait_blocked(ctp);
	dispatch_unblock(ctp);
	pthread_join(b.thr, NULL);
	ok(b.got == NULL && b.err == EINTR,
	   "dispatch_unblock: the blocked dispatch_block returns NULL, EINTR");
	ok(nxfer - before >= 1, "it was blocked in the receive");

	/* Asked while not blocked: the next dispatch_block returns at once. */
	dispatch_unblock(ctp);
	errno = 0;
	ok(dispatch_block(ctp) == NULL && errno == EINTR,
	   "an unblock asked before blocking is not lost");
}

/*
 * Wakes racing with the thread on its way into the receive: each is
 * asked right as the thread starts; a lost one would leave it blocked.
 */
static void test_wake_races(dispatch_t *dpp, dispatch_context_t *ctp)
{
	struct rm_cext *cx = rm_cext(rm_ctx(&ctp->resmgr_context));
	int coid = message_connect(dpp, 0), lost = 0, i;
	struct timespec ts;
	struct blocker b;

	pulse_attach(dpp, 0, 9, on_pulse, NULL);
	for (i = 0; i < 600 && !lost; i++) {
		start_block(&b, ctp);
		/* right as it announces itself blocked: likely before the call */
		while (i % 4 < 2 && atomic_load(&cx->state) != RM_BS_XFER)
			;
		if (i & 1)
			dispatch_unblock(ctp);
		else
			MsgSendPulse(coid, 1, 9, i);
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_sec += 10;
		if (pthread_timedjoin_np(b.thr, NULL, &ts)) {
			lost = 1;
			dispatch_unblock(ctp);
			pthread_join(b.thr, NULL);
		}
		/* a pulse may be left if the thread was woken otherwise */
		if (b.got)
			dispatch_handler(ctp);
	}
	ok(!lost, "600 wakes racing with the receive: none lost (%d)", i);
	pulse_detach(dpp, 9, 0);
	ConnectDetach(coid);
}

/* With nothing else pending, one XFER per request (reply + receive). */
static void test_hot_path(dispatch_t *dpp, dispatch_context_t *ctp)
{
	int before;

	queue_request(51);
	queue_request(52);
	queue_request(53);
	before = nxfer;
	for (int i = 0; i < 3; i++)
		if (dispatch_block(ctp))
			dispatch_handler(ctp);
	is(nxfer - before, 3, "three requests, three XFER calls");
}

static void test_pulses(dispatch_t *dpp, dispatch_context_t *ctp)
{
	struct blocker b;
	int coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	int code, code2;

	ok(coid >= 0, "message_connect");
	is(pulse_attach(dpp, 0, 5, on_pulse, NULL), 5, "pulse_attach code 5");
	ok(pulse_attach(dpp, 0, 5, on_pulse, NULL) < 0 && errno == EBUSY,
	   "the same code twice: EBUSY");
	code = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, on_pulse, NULL);
	ok(code >= _PULSE_CODE_MINAVAIL && code <= _PULSE_CODE_MAXAVAIL &&
	   code != 5, "MSG_FLAG_ALLOC_PULSE picks a free code (%d)", code);
	code2 = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, on_pulse, NULL);
	ok(code2 != code && code2 != 5, "and another one");

	start_block(&b, ctp);
	wait_blocked(ctp);
	is(MsgSendPulse(coid, 10, 5, 1234), 0, "MsgSendPulse");
	pthread_join(b.thr, NULL);
	ok(b.got == ctp, "the pulse wakes the blocked dispatch_block");
	is(ctp->resmgr_context.rcvid, 0, "a pulse has rcvid 0");
	is(ctp->resmgr_context.msg->type, _PULSE_TYPE, "msg is the pulse");
	pulses_seen = 0;
	dispatch_handler(ctp);
	is(pulses_seen, 1, "dispatch_handler ran the pulse handler");
	is(last_code, 5, "with the code");
	is(last_value, 1234, "and the value");

	/* Queued before blocking: taken first. */
	MsgSendPulse(coid, 10, code, 7);
	MsgSendPulse(coid, 10, code2, 8);
	ok(dispatch_block(ctp) == ctp, "queued pulse received");
	dispatch_handler(ctp);
	ok(dispatch_block(ctp) == ctp, "second queued pulse received");
	dispatch_handler(ctp);
	is(last_code, code2, "in the order sent");
	is(last_value, 8, "value of the second");

	is(pulse_detach(dpp, 5, 0), 0, "pulse_detach");
	pulses_seen = 0;
	MsgSendPulse(coid, 10, 5, 1);
	ok(dispatch_block(ctp) == ctp, "pulse with no handler still received");
	dispatch_handler(ctp);
	is(pulses_seen, 0, "and dropped");
	ok(pulse_detach(dpp, 5, 0) < 0 && errno == EINVAL,
	   "detach twice: EINVAL");

	ok(MsgSendPulse(12345, 1, 1, 1) < 0 && errno == EBADF,
	   "MsgSendPulse on no connection: EBADF");
	is(ConnectDetach(coid), 0, "ConnectDetach");
	ok(MsgSendPulse(coid, 1, 1, 1) < 0 && errno == EBADF,
	   "MsgSendPulse after ConnectDetach: EBADF");
	pulse_detach(dpp, code, 0);
	pulse_detach(dpp, code2, 0);
}

static void test_disconnect(dispatch_t *dpp, dispatch_context_t *ctp)
{
	struct rm_ctx *ctx = rm_ctx(&ctp->resmgr_context);

	ok(!rm_pulse_deliver(ctx, _PULSE_CODE_DISCONNECT, 77),
	   "no DISCONNECT handler: not delivered");
	pulse_attach(dpp, 0, _PULSE_CODE_DISCONNECT, on_pulse, NULL);
	pulses_seen = 0;
	ok(rm_pulse_deliver(ctx, _PULSE_CODE_DISCONNECT, 77),
	   "DISCONNECT delivered");
	ok(pulses_seen == 1 && last_code == _PULSE_CODE_DISCONNECT &&
	   last_value == 77 && last_rcvid == 0,
	   "the handler got code DISCONNECT, the pid, rcvid 0");
	pulse_detach(dpp, _PULSE_CODE_DISCONNECT, 0);
}

static void test_timeout(dispatch_t *dpp, dispatch_context_t *ctp)
{
	struct timespec t = { 0, 30 * 1000000 };

	is(dispatch_timeout(dpp, &t), 0, "dispatch_timeout 30ms");
	errno = 0;
	ok(dispatch_block(ctp) == NULL && errno == ETIMEDOUT,
	   "dispatch_block times out with ETIMEDOUT");
	t.tv_nsec = 0;
	dispatch_timeout(dpp, &t);
	errno = 0;
	ok(dispatch_block(ctp) == NULL && errno == ETIMEDOUT,
	   "a zero timeout does not wait");
	queue_request(41);
	ok(dispatch_block(ctp) == ctp && ctp->resmgr_context.rcvid == 0 &&
	   rm_cext(rm_ctx(&ctp->resmgr_context))->ev == RM_EV_KERNEL,
	   "but still receives what is there");
	dispatch_handler(ctp);
	t.tv_nsec = -1;
	ok(dispatch_timeout(dpp, &t) < 0 && errno == EINVAL, "bad timespec: EINVAL");
	is(dispatch_timeout(dpp, NULL), 0, "no timeout again");
}

static void test_select(dispatch_t *dpp, dispatch_context_t *ctp)
{
	int efd = eventfd(0, EFD_NONBLOCK), efd2 = eventfd(0, EFD_NONBLOCK);
	struct timespec zero = { 0, 0 };
	uint64_t one = 1;
	struct blocker b;

	ok(select_attach(dpp, NULL, efd, 0, on_select, NULL) < 0 &&
	   errno == EINVAL, "select_attach without READ/WRITE/EXCEPT: EINVAL");
	is(select_attach(dpp, NULL, efd, SELECT_FLAG_READ | SELECT_FLAG_REARM,
			 on_select, NULL), 0, "select_attach eventfd, REARM");

	start_block(&b, ctp);
	wait_blocked(ctp);
	if (write(efd, &one, sizeof(one)) != sizeof(one))
		abort();
	pthread_join(b.thr, NULL);
	ok(b.got == ctp, "a ready descriptor wakes dispatch_block");
	sel_calls = 0;
	dispatch_handler(ctp);
	ok(sel_calls == 1 && sel_fd == efd && sel_flags == SELECT_FLAG_READ,
	   "the callback ran with the fd and SELECT_FLAG_READ");

	/* The thread polling the descriptors is woken by dispatch_unblock(). */
	start_block(&b, ctp);
	wait_blocked(ctp);
	is(atomic_load(&rm_cext(rm_ctx(&ctp->resmgr_context))->state), RM_BS_POLL,
	   "with descriptors attached the thread waits in poll()");
	dispatch_unblock(ctp);
	pthread_join(b.thr, NULL);
	ok(b.got == NULL && b.err == EINTR, "dispatch_unblock ends the poll: EINTR");

	/* Kernel requests are still served while watching descriptors. */
	queue_request(42);
	ok(dispatch_block(ctp) == ctp &&
	   rm_cext(rm_ctx(&ctp->resmgr_context))->ev == RM_EV_KERNEL,
	   "a kernel request arrives through the leader");
	dispatch_handler(ctp);

	/* REARM: it fires again. */
	if (write(efd, &one, sizeof(one)) != sizeof(one))
		abort();
	ok(dispatch_block(ctp) == ctp, "REARM: fires again");
	dispatch_handler(ctp);
	is(sel_calls, 2, "second callback");

	/* Without REARM: once, then detached. */
	is(select_attach(dpp, NULL, efd2, SELECT_FLAG_READ, on_select, NULL), 0,
	   "select_attach without REARM");
	if (write(efd2, &one, sizeof(one)) != sizeof(one))
		abort();
	ok(dispatch_block(ctp) == ctp, "one-shot descriptor fires");
	dispatch_handler(ctp);
	is(sel_fd, efd2, "its callback");
	if (write(efd2, &one, sizeof(one)) != sizeof(one))
		abort();
	dispatch_timeout(dpp, &zero);
	errno = 0;
	ok(dispatch_block(ctp) == NULL && errno == ETIMEDOUT,
	   "not watched after its callback");
	ok(select_detach(dpp, efd2) < 0 && errno == EINVAL,
	   "it is no longer attached");

	is(select_detach(dpp, efd), 0, "select_detach");
	errno = 0;
	ok(dispatch_block(ctp) == NULL && errno == ETIMEDOUT,
	   "a detached descriptor is not watched");
	dispatch_timeout(dpp, NULL);
	close(efd);
	close(efd2);
}

struct sender {
	int coid;
	long ret;
	int err;
	char reply[16];
	uint16_t type;
};

static void *send_msg(void *arg)
{
	struct sender *s = arg;
	char msg[6];
	iov_t siov, riov;

	memcpy(msg, &s->type, 2);
	memcpy(msg + 2, "ping", 4);
	SETIOV(&siov, msg, sizeof(msg));
	SETIOV(&riov, s->reply, sizeof(s->reply));
	/* What a QNX server does: MsgSend on its message_connect() coid. */
	if (s->type == 0x4242)
		s->ret = MsgSendv(s->coid, &siov, 1, &riov, 1);
	else
		s->ret = MsgSend(s->coid, msg, sizeof(msg), s->reply,
				 sizeof(s->reply));
	s->err = errno;
	return NULL;
}

static void test_messages(dispatch_t *dpp, dispatch_context_t *ctp)
{
	struct sender s = { .coid = message_connect(dpp, 0), .type = 0x4242 };
	pthread_t thr;

	is(message_attach(dpp, NULL, 0x4200, 0x42ff, on_msg, NULL), 0,
	   "message_attach [0x4200, 0x42ff]");
	ok(message_attach(dpp, NULL, 0x4280, 0x4300, on_msg, NULL) < 0 &&
	   errno == EBUSY, "overlapping range: EBUSY");
	ok(rm_coid_is_local(s.coid), "the connection is in-process");

	pthread_create(&thr, NULL, send_msg, &s);
	ok(dispatch_block(ctp) == ctp, "the message wakes dispatch_block");
	dispatch_handler(ctp);
	pthread_join(thr, NULL);
	is(s.ret, 0x4243, "the sender got the handler's status");
	ok(!memcmp(s.reply, "ping!", 5), "and its reply data");

	s.type = 0x1000;
	pthread_create(&thr, NULL, send_msg, &s);
	ok(dispatch_block(ctp) == ctp, "unhandled type received");
	dispatch_handler(ctp);
	pthread_join(thr, NULL);
	ok(s.ret == -1 && s.err == ENOSYS, "no handler: ENOSYS");
	is(message_detach(dpp, 0x4200, 0x42ff, 0), 0, "message_detach");
	ConnectDetach(s.coid);
}

static void test_pool(dispatch_t *dpp)
{
	thread_pool_attr_t a;
	thread_pool_t *pool;
	struct rm_cext *cx;
	int blocked = 0;

	memset(&a, 0, sizeof(a));
	a.handle = dpp;
	a.context_alloc = resmgr_context_alloc;
	a.block_func = resmgr_block;
	a.handler_func = resmgr_handler;
	a.context_free = resmgr_context_free;
	a.lo_water = 2;
	a.increment = 1;
	a.hi_water = 3;
	a.maximum = 4;
	pool = thread_pool_create(&a, 0);
	ok(pool && thread_pool_start(pool) == 0, "pool on dispatch contexts");
	for (int i = 0; i < 20000 && blocked < 2; i++) {
		usleep(1000);
		blocked = 0;
		pthread_mutex_lock(&dpp->ext->lock);
		for (cx = dpp->ext->ctxs; cx; cx = cx->next)
			blocked += atomic_load(&cx->state) == RM_BS_XFER;
		pthread_mutex_unlock(&dpp->ext->lock);
	}
	is(blocked, 2, "lo_water threads blocked in the receive");
	is(thread_pool_destroy(pool), 0,
	   "thread_pool_destroy wakes them (dispatch_unblock) and returns");
	ok(dpp->ext->ctxs == NULL || dpp->ext->ctxs->next == NULL,
	   "their contexts are freed");
}

int main(void)
{
	dispatch_t *dpp;
	dispatch_context_t *ctp;

	tap_start();
	if (pipe(chan))
		return 1;
	dpp = new_dispatch();
	ctp = dispatch_context_alloc(dpp);
	test_unblock(dpp, ctp);
	test_wake_races(dpp, ctp);
	test_hot_path(dpp, ctp);
	test_pulses(dpp, ctp);
	test_disconnect(dpp, ctp);
	test_timeout(dpp, ctp);
	test_select(dpp, ctp);
	test_messages(dpp, ctp);
	dispatch_context_free(ctp);
	test_pool(dpp);
	dispatch_destroy(dpp);
	return tap_end();
}
