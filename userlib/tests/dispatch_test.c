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
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <sys/dispatch.h>

#include "testlib.h"
#include "dispatch/dispatch_ext.h"
#include "kselftest_harness.h"

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

/* A dispatch on the fake channel, and one context on it. */
FIXTURE(chan) {
	dispatch_t *dpp;
	dispatch_context_t *ctp;
};

FIXTURE_SETUP(chan)
{
	ASSERT_EQ(0, pipe(chan));
	self->dpp = new_dispatch();
	ASSERT_NE(NULL, self->dpp);
	self->ctp = dispatch_context_alloc(self->dpp);
	ASSERT_NE(NULL, self->ctp);
}

FIXTURE_TEARDOWN(chan)
{
	if (self->ctp)
		dispatch_context_free(self->ctp);
	dispatch_destroy(self->dpp);
}

TEST_F(chan, dispatch_unblock_ends_a_blocked_receive_or_the_next)
{
	dispatch_context_t *ctp = self->ctp;
	struct blocker b;
	int before = nxfer;

	start_block(&b, ctp);
	wait_blocked(ctp);
	dispatch_unblock(ctp);
	pthread_join(b.thr, NULL);
	/* dispatch_unblock: the blocked dispatch_block returns NULL, EINTR */
	EXPECT_TRUE(b.got == NULL && b.err == EINTR);
	/* it was blocked in the receive */
	EXPECT_LE(1, nxfer - before);

	/* Asked while not blocked: the next dispatch_block returns at once. */
	dispatch_unblock(ctp);
	errno = 0;
	/* an unblock asked before blocking is not lost */
	EXPECT_TRUE(dispatch_block(ctp) == NULL && errno == EINTR);
}

/*
 * Wakes racing with the thread on its way into the receive: each is
 * asked right as the thread starts; a lost one would leave it blocked.
 */
TEST_F(chan, wakes_racing_with_the_receive_are_not_lost)
{
	dispatch_t *dpp = self->dpp;
	dispatch_context_t *ctp = self->ctp;
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
	EXPECT_FALSE(lost) TH_LOG("wake %d was lost", i - 1);
	pulse_detach(dpp, 9, 0);
	ConnectDetach(coid);
}

/* With nothing else pending, one XFER per request (reply + receive). */
TEST_F(chan, one_xfer_per_request_on_the_hot_path)
{
	dispatch_context_t *ctp = self->ctp;
	int before;

	queue_request(51);
	queue_request(52);
	queue_request(53);
	before = nxfer;
	for (int i = 0; i < 3; i++)
		if (dispatch_block(ctp))
			dispatch_handler(ctp);
	/* three requests, three XFER calls */
	EXPECT_EQ(3, nxfer - before);
}

TEST_F(chan, pulses_wake_the_dispatch_and_reach_their_handler)
{
	dispatch_t *dpp = self->dpp;
	dispatch_context_t *ctp = self->ctp;
	struct blocker b;
	int coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	int code, code2;

	EXPECT_LE(0, coid);
	EXPECT_EQ(5, pulse_attach(dpp, 0, 5, on_pulse, NULL));
	/* the same code twice: EBUSY */
	EXPECT_TRUE(pulse_attach(dpp, 0, 5, on_pulse, NULL) < 0 &&
		    errno == EBUSY);
	/* MSG_FLAG_ALLOC_PULSE picks a free code */
	code = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, on_pulse, NULL);
	EXPECT_TRUE(code >= _PULSE_CODE_MINAVAIL &&
		    code <= _PULSE_CODE_MAXAVAIL && code != 5)
		TH_LOG("code %d", code);
	code2 = pulse_attach(dpp, MSG_FLAG_ALLOC_PULSE, 0, on_pulse, NULL);
	/* and another one */
	EXPECT_TRUE(code2 != code && code2 != 5);

	start_block(&b, ctp);
	wait_blocked(ctp);
	EXPECT_EQ(0, MsgSendPulse(coid, 10, 5, 1234));
	pthread_join(b.thr, NULL);
	/* the pulse wakes the blocked dispatch_block */
	EXPECT_EQ(ctp, b.got);
	/* a pulse has rcvid 0 */
	EXPECT_EQ(0, ctp->resmgr_context.rcvid);
	/* msg is the pulse */
	EXPECT_EQ(_PULSE_TYPE, ctp->resmgr_context.msg->type);
	pulses_seen = 0;
	dispatch_handler(ctp);
	/* dispatch_handler ran the pulse handler */
	EXPECT_EQ(1, pulses_seen);
	/* with the code */
	EXPECT_EQ(5, last_code);
	/* and the value */
	EXPECT_EQ(1234, last_value);

	/* Queued before blocking: taken first. */
	MsgSendPulse(coid, 10, code, 7);
	MsgSendPulse(coid, 10, code2, 8);
	/* queued pulse received */
	EXPECT_EQ(ctp, dispatch_block(ctp));
	dispatch_handler(ctp);
	/* second queued pulse received */
	EXPECT_EQ(ctp, dispatch_block(ctp));
	dispatch_handler(ctp);
	/* in the order sent */
	EXPECT_EQ(code2, last_code);
	/* value of the second */
	EXPECT_EQ(8, last_value);

	EXPECT_EQ(0, pulse_detach(dpp, 5, 0));
	pulses_seen = 0;
	MsgSendPulse(coid, 10, 5, 1);
	/* pulse with no handler still received */
	EXPECT_EQ(ctp, dispatch_block(ctp));
	dispatch_handler(ctp);
	/* and dropped */
	EXPECT_EQ(0, pulses_seen);
	/* detach twice: EINVAL */
	EXPECT_TRUE(pulse_detach(dpp, 5, 0) < 0 && errno == EINVAL);

	/* MsgSendPulse on no connection: EBADF */
	EXPECT_TRUE(MsgSendPulse(12345, 1, 1, 1) < 0 && errno == EBADF);
	EXPECT_EQ(0, ConnectDetach(coid));
	/* MsgSendPulse after ConnectDetach: EBADF */
	EXPECT_TRUE(MsgSendPulse(coid, 1, 1, 1) < 0 && errno == EBADF);
	pulse_detach(dpp, code, 0);
	pulse_detach(dpp, code2, 0);
}

TEST_F(chan, the_kernels_disconnect_becomes_a_pulse)
{
	dispatch_t *dpp = self->dpp;
	dispatch_context_t *ctp = self->ctp;
	struct rm_ctx *ctx = rm_ctx(&ctp->resmgr_context);
	union sigval v = { .sival_int = 77 };

	/* no DISCONNECT handler: not delivered */
	EXPECT_FALSE(rm_pulse_deliver(ctx, _PULSE_CODE_DISCONNECT, v, 77));
	pulse_attach(dpp, 0, _PULSE_CODE_DISCONNECT, on_pulse, NULL);
	pulses_seen = 0;
	/* DISCONNECT delivered */
	EXPECT_TRUE(rm_pulse_deliver(ctx, _PULSE_CODE_DISCONNECT, v, 77));
	/* the handler got code DISCONNECT, the pid, rcvid 0 */
	EXPECT_TRUE(pulses_seen == 1 && last_code == _PULSE_CODE_DISCONNECT &&
		    last_value == 77 && last_rcvid == 0);
	pulse_detach(dpp, _PULSE_CODE_DISCONNECT, 0);
}

TEST_F(chan, dispatch_timeout_bounds_the_receive)
{
	dispatch_t *dpp = self->dpp;
	dispatch_context_t *ctp = self->ctp;
	struct timespec t = { 0, 30 * 1000000 };

	EXPECT_EQ(0, dispatch_timeout(dpp, &t));
	errno = 0;
	/* dispatch_block times out with ETIMEDOUT */
	EXPECT_TRUE(dispatch_block(ctp) == NULL && errno == ETIMEDOUT);
	t.tv_nsec = 0;
	dispatch_timeout(dpp, &t);
	errno = 0;
	/* a zero timeout does not wait */
	EXPECT_TRUE(dispatch_block(ctp) == NULL && errno == ETIMEDOUT);
	queue_request(41);
	/* but still receives what is there */
	EXPECT_TRUE(dispatch_block(ctp) == ctp &&
		    ctp->resmgr_context.rcvid == 0 &&
		    rm_cext(rm_ctx(&ctp->resmgr_context))->ev == RM_EV_KERNEL);
	dispatch_handler(ctp);
	t.tv_nsec = -1;
	/* bad timespec: EINVAL */
	EXPECT_TRUE(dispatch_timeout(dpp, &t) < 0 && errno == EINVAL);
	/* no timeout again */
	EXPECT_EQ(0, dispatch_timeout(dpp, NULL));
}

TEST_F(chan, select_attach_watches_descriptors_beside_the_kernel)
{
	dispatch_t *dpp = self->dpp;
	dispatch_context_t *ctp = self->ctp;
	int efd = eventfd(0, EFD_NONBLOCK), efd2 = eventfd(0, EFD_NONBLOCK);
	struct timespec zero = { 0, 0 };
	uint64_t one = 1;
	struct blocker b;

	/* select_attach without READ/WRITE/EXCEPT: EINVAL */
	EXPECT_TRUE(select_attach(dpp, NULL, efd, 0, on_select, NULL) < 0 &&
		    errno == EINVAL);
	/* select_attach eventfd, REARM */
	EXPECT_EQ(0, select_attach(dpp, NULL, efd,
				   SELECT_FLAG_READ | SELECT_FLAG_REARM,
				   on_select, NULL));

	start_block(&b, ctp);
	wait_blocked(ctp);
	if (write(efd, &one, sizeof(one)) != sizeof(one))
		abort();
	pthread_join(b.thr, NULL);
	/* a ready descriptor wakes dispatch_block */
	EXPECT_EQ(ctp, b.got);
	sel_calls = 0;
	dispatch_handler(ctp);
	/* the callback ran with the fd and SELECT_FLAG_READ */
	EXPECT_TRUE(sel_calls == 1 && sel_fd == efd &&
		    sel_flags == SELECT_FLAG_READ);

	/* The thread polling the descriptors is woken by dispatch_unblock(). */
	start_block(&b, ctp);
	wait_blocked(ctp);
	/* with descriptors attached the thread waits in poll() */
	EXPECT_EQ(RM_BS_POLL,
		  atomic_load(&rm_cext(rm_ctx(&ctp->resmgr_context))->state));
	dispatch_unblock(ctp);
	pthread_join(b.thr, NULL);
	/* dispatch_unblock ends the poll: EINTR */
	EXPECT_TRUE(b.got == NULL && b.err == EINTR);

	/* Kernel requests are still served while watching descriptors. */
	queue_request(42);
	/* a kernel request arrives through the leader */
	EXPECT_TRUE(dispatch_block(ctp) == ctp &&
		    rm_cext(rm_ctx(&ctp->resmgr_context))->ev == RM_EV_KERNEL);
	dispatch_handler(ctp);

	/* REARM: it fires again. */
	if (write(efd, &one, sizeof(one)) != sizeof(one))
		abort();
	/* REARM: fires again */
	EXPECT_EQ(ctp, dispatch_block(ctp));
	dispatch_handler(ctp);
	/* second callback */
	EXPECT_EQ(2, sel_calls);

	/* Without REARM: once, then detached. */
	/* select_attach without REARM */
	EXPECT_EQ(0, select_attach(dpp, NULL, efd2, SELECT_FLAG_READ, on_select,
				   NULL));
	if (write(efd2, &one, sizeof(one)) != sizeof(one))
		abort();
	/* one-shot descriptor fires */
	EXPECT_EQ(ctp, dispatch_block(ctp));
	dispatch_handler(ctp);
	/* its callback */
	EXPECT_EQ(efd2, sel_fd);
	if (write(efd2, &one, sizeof(one)) != sizeof(one))
		abort();
	dispatch_timeout(dpp, &zero);
	errno = 0;
	/* not watched after its callback */
	EXPECT_TRUE(dispatch_block(ctp) == NULL && errno == ETIMEDOUT);
	/* it is no longer attached */
	EXPECT_TRUE(select_detach(dpp, efd2) < 0 && errno == EINVAL);

	EXPECT_EQ(0, select_detach(dpp, efd));
	errno = 0;
	/* a detached descriptor is not watched */
	EXPECT_TRUE(dispatch_block(ctp) == NULL && errno == ETIMEDOUT);
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

TEST_F(chan, message_attach_serves_in_process_messages)
{
	dispatch_t *dpp = self->dpp;
	dispatch_context_t *ctp = self->ctp;
	struct sender s = { .coid = message_connect(dpp, 0), .type = 0x4242 };
	pthread_t thr;

	EXPECT_EQ(0, message_attach(dpp, NULL, 0x4200, 0x42ff, on_msg, NULL));
	/* overlapping range: EBUSY */
	EXPECT_TRUE(message_attach(dpp, NULL, 0x4280, 0x4300, on_msg, NULL) <
			    0 &&
		    errno == EBUSY);
	/* the connection is in-process */
	EXPECT_TRUE(rm_coid_is_local(s.coid));

	pthread_create(&thr, NULL, send_msg, &s);
	/* the message wakes dispatch_block */
	EXPECT_EQ(ctp, dispatch_block(ctp));
	dispatch_handler(ctp);
	pthread_join(thr, NULL);
	/* the sender got the handler's status */
	EXPECT_EQ(0x4243, s.ret);
	/* and its reply data */
	EXPECT_EQ(0, memcmp(s.reply, "ping!", 5));

	s.type = 0x1000;
	pthread_create(&thr, NULL, send_msg, &s);
	/* unhandled type received */
	EXPECT_EQ(ctp, dispatch_block(ctp));
	dispatch_handler(ctp);
	pthread_join(thr, NULL);
	/* no handler: ENOSYS */
	EXPECT_TRUE(s.ret == -1 && s.err == ENOSYS);
	EXPECT_EQ(0, message_detach(dpp, 0x4200, 0x42ff, 0));
	ConnectDetach(s.coid);
}

TEST_F(chan, a_pool_on_dispatch_contexts_is_woken_and_joined)
{
	dispatch_t *dpp = self->dpp;
	thread_pool_attr_t a;
	thread_pool_t *pool;
	struct rm_cext *cx;
	int blocked = 0;

	/* The pool's contexts are all there is on the dispatch. */
	dispatch_context_free(self->ctp);
	self->ctp = NULL;

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
	ASSERT_TRUE(pool && thread_pool_start(pool) == 0);
	for (int i = 0; i < 20000 && blocked < 2; i++) {
		usleep(1000);
		blocked = 0;
		pthread_mutex_lock(&dpp->ext->lock);
		for (cx = dpp->ext->ctxs; cx; cx = cx->next)
			blocked += atomic_load(&cx->state) == RM_BS_XFER;
		pthread_mutex_unlock(&dpp->ext->lock);
	}
	/* lo_water threads blocked in the receive */
	EXPECT_EQ(2, blocked);
	/* thread_pool_destroy wakes them (dispatch_unblock) and returns */
	EXPECT_EQ(0, thread_pool_destroy(pool));
	/* their contexts are freed */
	EXPECT_TRUE(dpp->ext->ctxs == NULL || dpp->ext->ctxs->next == NULL);
}

/*
 * The table of recent MsgSend() senders (MsgDeliverEvent() after the
 * reply) takes no lock: two writers note messages whose channel and pid
 * follow from their rcvid while two readers look them up.  A reader
 * must find either nothing or a matching pair, never a mix of two
 * writes (a torn read needs a reader inside a writer's few stores, so a
 * run that passes shows little; -fsanitize=thread checks the access
 * pattern); and a rcvid two channels gave out is nobody's.
 */
#define RECENT_ROUNDS	200000

struct recent_arg {
	unsigned int seed;
	int bad, found;
};

static int recent_chan(uint64_t u)
{
	return (int)(u % 7) + 3;
}

static pid_t recent_pid(uint64_t u)
{
	return (pid_t)(u % 32749) + 100;
}

static void *recent_writer(void *p)
{
	struct recent_arg *a = p;
	uint64_t u;
	int i;

	for (i = 0; i < RECENT_ROUNDS; i++) {
		u = rand_r(&a->seed) % 20000 + 1;
		rm_event_note_sender(u, recent_chan(u), recent_pid(u));
	}
	return NULL;
}

static void *recent_reader(void *p)
{
	struct recent_arg *a = p;
	int i, rcvid, ch;
	pid_t pid;

	for (i = 0; i < RECENT_ROUNDS; i++) {
		rcvid = rand_r(&a->seed) % 20000 + 1;
		if (rm_event_recent_find(rcvid, &ch, &pid))
			continue;
		a->found++;
		if (ch != recent_chan(rcvid) || pid != recent_pid(rcvid))
			a->bad++;
	}
	return NULL;
}

TEST(recent_senders_are_read_whole_without_a_lock)
{
	struct recent_arg args[4] = {
		{ .seed = 1 }, { .seed = 2 }, { .seed = 3 }, { .seed = 4 },
	};
	pthread_t th[4];
	int ch, i;
	pid_t pid;

	for (i = 0; i < 4; i++)
		ASSERT_EQ(0, pthread_create(&th[i], NULL, i < 2 ?
					    recent_writer : recent_reader,
					    &args[i]));
	for (i = 0; i < 4; i++)
		pthread_join(th[i], NULL);
	EXPECT_EQ(0, args[2].bad + args[3].bad);
	EXPECT_LT(0, args[2].found + args[3].found);

	/* Found while remembered; two channels with one rcvid: nobody's. */
	rm_event_note_sender(30001, 5, 4321);
	ASSERT_EQ(0, rm_event_recent_find(30001, &ch, &pid));
	EXPECT_EQ(5, ch);
	EXPECT_EQ(4321, pid);
	rm_event_note_sender(30001, 6, 4321);
	EXPECT_EQ(ESRCH, rm_event_recent_find(30001, &ch, &pid));
	/* A later message in the same slot: the old rcvid is forgotten. */
	rm_event_note_sender(30002, 5, 4321);
	ASSERT_EQ(0, rm_event_recent_find(30002, &ch, &pid));
	rm_event_note_sender(30002 + 4096, 5, 4322);
	EXPECT_EQ(ESRCH, rm_event_recent_find(30002, &ch, &pid));
}

TEST_HARNESS_MAIN
