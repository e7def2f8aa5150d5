// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * select/poll/epoll: the NOTIFY request as io_notify sees it, the reply
 * as poll events, arming with the kernel's handle, RESMGR_IOC_NOTIFY
 * wakeups, removal on close, and the default for managers without a
 * notify handler.
 */
#include <poll.h>

#include "testlib.h"
#include "kselftest_harness.h"

static const struct test_client user = { 1000, 1000, NULL, 0 };

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static iofunc_notify_t nop[3];
static unsigned char m[4096];

/* The notify handler: what it saw, and what it is told to do. */
static struct {
	int calls;
	struct _io_notify i;
	bool msg_is_ctp;
	int trig;
	const int *counts;
	int action;		/* 0: as received */
	int armed;
	int ret;		/* 0: iofunc_notify()'s */
} nt;

static int t_notify(resmgr_context_t *ctp, io_notify_t *msg, RESMGR_OCB_T *ocb)
{
	nt.calls++;
	nt.i = msg->i;
	nt.msg_is_ctp = (void *)msg == (void *)ctp->msg;
	if (nt.ret)
		return nt.ret;
	if (nt.action)
		msg->i.action = nt.action;
	nt.armed = -1;
	return iofunc_notify(ctp, msg, nop, nt.trig, nt.counts, &nt.armed);
}

static int t_close_ocb(resmgr_context_t *ctp, void *reserved,
		       RESMGR_OCB_T *ocb)
{
	iofunc_notify_remove(ctp, nop);
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

/* The kernel's side of RESMGR_IOC_NOTIFY. */
static struct {
	int calls;
	struct resmgr_notify last[8];
	int fd;
	int err;		/* fail with this */
} kn;

static int notify_ioctl(int fd, unsigned long request, void *arg)
{
	if (request != RESMGR_IOC_NOTIFY)
		return fake_ioctl(fd, request, arg);
	kn.fd = fd;
	if (kn.calls < 8)
		kn.last[kn.calls] = *(struct resmgr_notify *)arg;
	kn.calls++;
	if (kn.err) {
		errno = kn.err;
		return -1;
	}
	return 0;
}

static uint64_t open_ok(struct rm_ctx *ctx, uint64_t unique)
{
	size_t len = mk_connect(m, RESMGR_OP_OPEN, unique, O_RDWR + 1,
				RESMGR_IOFLAG_READ | RESMGR_IOFLAG_WRITE, 0,
				&user, "");

	deliver(ctx, m, len);
	return open_reply_handle(ctx);
}

static size_t mk_notify(void *buf, uint64_t unique, uint64_t ocb,
			uint32_t events, uint32_t kh)
{
	struct resmgr_notify_in ni = { .events = events, .kh = kh };
	size_t off = sizeof(struct resmgr_in_header);

	memcpy((unsigned char *)buf + off, &ni, sizeof(ni));
	off += sizeof(ni);
	mk_in(buf, RESMGR_OP_NOTIFY, unique, ocb, off);
	return off;
}

/* Poll @ocb for @events; the reply, or NULL. */
static const struct resmgr_out_header *poll_req(struct rm_ctx *ctx,
						uint64_t unique, uint64_t ocb,
						uint32_t events, uint32_t kh)
{
	deliver(ctx, m, mk_notify(m, unique, ocb, events, kh));
	return pending_reply(ctx);
}

static int list_len(const iofunc_notify_t *n)
{
	const iofunc_notify_event_t *e;
	int len = 0;

	for (e = n->list; e; e = e->next)
		len++;
	return len;
}

TEST(notify_conditions_overlap_no_poll_bits)
{
	EXPECT_TRUE(_NOTIFY_COND_MASK == (_NOTIFY_COND_INPUT |
					  _NOTIFY_COND_OUTPUT |
					  _NOTIFY_COND_OBAND) &&
		    !(_NOTIFY_COND_MASK & 0xffff));
}

TEST(iofunc_func_init_installs_no_notify)
{
	static resmgr_connect_funcs_t cf;
	static resmgr_io_funcs_t io;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cf, _RESMGR_IO_NFUNCS, &io);
	EXPECT_NULL(io.notify);
}

/* A server with t_notify on an attr with notify lists, and one open. */
FIXTURE(notify_server) {
	struct rm_ctx *ctx;
	uint64_t h;
};

FIXTURE_SETUP(notify_server)
{
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.notify = t_notify;
	io_funcs.close_ocb = t_close_ocb;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	IOFUNC_NOTIFY_INIT(nop);
	self->ctx = test_server(&connect_funcs, &io_funcs, &attr, NULL);
	rm_ioctl = notify_ioctl;
	self->h = open_ok(self->ctx, 10);
	ASSERT_NE(0, self->h);
}

FIXTURE_TEARDOWN(notify_server)
{
}

TEST_F(notify_server, notify_reaches_io_notify_and_replies_poll_events)
{
	const struct resmgr_out_header *out;
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;

	nt.trig = _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT | _NOTIFY_COND_OBAND;
	out = poll_req(ctx, 20, h, POLLIN | POLLOUT, 3);
	/* NOTIFY reaches io_notify */
	EXPECT_EQ(1, nt.calls);
	EXPECT_TRUE(nt.msg_is_ctp);
	EXPECT_EQ(_IO_NOTIFY, nt.i.type);
	EXPECT_EQ(sizeof(struct _io_notify), nt.i.combine_len);
	EXPECT_EQ(_NOTIFY_ACTION_POLLARM, nt.i.action);
	/* POLLIN|POLLOUT asks INPUT|OUTPUT */
	EXPECT_EQ(_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT, nt.i.flags);
	EXPECT_TRUE(out && out->error == 0 && out->unique == 20);
	/* ready: what was asked, as poll events */
	EXPECT_EQ(POLLIN | POLLOUT, out ? out->status : -1);
	EXPECT_EQ(sizeof(*out), out ? out->len : 0);
	/* armed even so (edge-triggered epoll) */
	EXPECT_EQ(1, nt.armed);

	out = poll_req(ctx, 21, h, POLLRDNORM | POLLWRNORM, 3);
	/* RDNORM|WRNORM ask INPUT|OUTPUT */
	EXPECT_EQ(_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT, nt.i.flags);
	/* and are what comes back */
	EXPECT_EQ(POLLRDNORM | POLLWRNORM, out ? out->status : -1);

	out = poll_req(ctx, 22, h, POLLPRI | POLLRDBAND, 3);
	/* PRI|RDBAND ask OBAND */
	EXPECT_EQ(_NOTIFY_COND_OBAND, nt.i.flags);
	/* ready */
	EXPECT_EQ(POLLPRI | POLLRDBAND, out ? out->status : -1);

	nt.trig = _NOTIFY_COND_OUTPUT;
	out = poll_req(ctx, 23, h, POLLIN | POLLRDNORM | POLLOUT, 3);
	/* only the true condition replies */
	EXPECT_EQ(POLLOUT, out ? out->status : -1);

	out = poll_req(ctx, 24, h, POLLERR | POLLHUP, 3);
	/* POLLERR|POLLHUP alone ask no condition */
	EXPECT_EQ(0, nt.i.flags);
	/* and nothing is ready */
	EXPECT_EQ(0, out ? out->status : -1);
	/* The polls that found something ready stay armed until woken. */
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OUTPUT);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OBAND);
	/* one wakeup per list disarms them all */
	EXPECT_TRUE(!nop[0].list && !nop[1].list && !nop[2].list);
}

TEST_F(notify_server, poll_arms_with_the_kernels_handle_and_a_trigger_wakes)
{
	const struct resmgr_out_header *out;
	const iofunc_notify_event_t *e;
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;

	nt.trig = 0;
	out = poll_req(ctx, 30, h, POLLIN, 77);
	/* nothing ready: status 0 */
	EXPECT_EQ(0, out ? out->status : -1);
	EXPECT_EQ(1, nt.armed);
	e = nop[IOFUNC_NOTIFY_INPUT].list;
	/* with the kernel's handle, the open, the channel */
	EXPECT_TRUE(e && e->kh == 77 && e->handle == h && e->chid == 99 &&
		    e->cnt == 1 && !e->next);
	/* on the input list only */
	EXPECT_TRUE(!nop[IOFUNC_NOTIFY_OUTPUT].list &&
		    !nop[IOFUNC_NOTIFY_OBAND].list);
	/* CHECK macros see it */
	EXPECT_TRUE(IOFUNC_NOTIFY_INPUT_CHECK(nop, 1, 0) &&
		    !IOFUNC_NOTIFY_OUTPUT_CHECK(nop, 1, 0));

	poll_req(ctx, 31, h, POLLIN, 77);
	/* the same open polling again: still one entry */
	EXPECT_EQ(1, list_len(&nop[IOFUNC_NOTIFY_INPUT]));

	kn.calls = 0;
	iofunc_notify_trigger(nop, 0, IOFUNC_NOTIFY_OUTPUT);
	iofunc_notify_trigger(nop, 0, IOFUNC_NOTIFY_INPUT);
	/* no trigger below the threshold, nor on another list */
	EXPECT_EQ(0, kn.calls);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	/* trigger: one RESMGR_IOC_NOTIFY */
	EXPECT_EQ(1, kn.calls);
	/* {kh, POLLIN|POLLRDNORM} on the channel */
	EXPECT_TRUE(kn.last[0].kh == 77 &&
		    kn.last[0].events == (POLLIN | POLLRDNORM) && kn.fd == 99);
	/* and disarmed */
	EXPECT_NULL(nop[IOFUNC_NOTIFY_INPUT].list);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	/* a second trigger wakes nobody */
	EXPECT_EQ(1, kn.calls);

	/* Both directions, then output fires: the input entry stays. */
	poll_req(ctx, 32, h, POLLIN | POLLOUT | POLLPRI, 78);
	/* IN|OUT|PRI arms all three lists */
	EXPECT_TRUE(list_len(&nop[0]) == 1 && list_len(&nop[1]) == 1 &&
		    list_len(&nop[2]) == 1);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OUTPUT);
	/* output: {kh, POLLOUT|POLLWRNORM} */
	EXPECT_TRUE(kn.calls == 2 && kn.last[1].kh == 78 &&
		    kn.last[1].events == (POLLOUT | POLLWRNORM));
	kn.err = ESRCH;
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OBAND);
	/* oband: POLLPRI|POLLRDBAND; ESRCH just drops it */
	EXPECT_TRUE(kn.calls == 3 &&
		    kn.last[2].events == (POLLPRI | POLLRDBAND) &&
		    !nop[2].list);
	kn.err = 0;
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	/* the input entry was still armed */
	EXPECT_EQ(4, kn.calls);

	/* Thresholds. */
	{
		static const int counts[3] = { 10, 1, 1 };

		nt.counts = counts;
		poll_req(ctx, 33, h, POLLIN, 79);
		nt.counts = NULL;
	}
	/* notifycounts: threshold 10 */
	EXPECT_TRUE(nop[0].list && nop[0].list->cnt == 10 && nop[0].cnt == 10);
	/* CHECK: count or transition */
	EXPECT_TRUE(!IOFUNC_NOTIFY_INPUT_CHECK(nop, 5, 0) &&
		    IOFUNC_NOTIFY_INPUT_CHECK(nop, 10, 0) &&
		    IOFUNC_NOTIFY_INPUT_CHECK(nop, 5, 1));
	/* QNX's 2-argument CHECK(nop, cnt): the count alone */
	EXPECT_TRUE(!IOFUNC_NOTIFY_INPUT_CHECK(nop, 5) &&
		    IOFUNC_NOTIFY_INPUT_CHECK(nop, 10) &&
		    !IOFUNC_NOTIFY_OUTPUT_CHECK(nop, 10) &&
		    !IOFUNC_NOTIFY_OBAND_CHECK(nop, 10));
	iofunc_notify_trigger(nop, 5, IOFUNC_NOTIFY_INPUT);
	/* 5 available: not yet */
	EXPECT_EQ(4, kn.calls);
	iofunc_notify_trigger(nop, 10, IOFUNC_NOTIFY_INPUT);
	/* 10: woken */
	EXPECT_EQ(5, kn.calls);

	/* Actions other than POLLARM. */
	nt.action = _NOTIFY_ACTION_POLL;
	out = poll_req(ctx, 34, h, POLLIN, 80);
	/* POLL never arms */
	EXPECT_TRUE(out && out->status == 0 && nt.armed == 0 && !nop[0].list);
	nt.trig = _NOTIFY_COND_INPUT;
	nt.action = _NOTIFY_ACTION_TRANARM;
	out = poll_req(ctx, 35, h, POLLIN, 80);
	/* TRANARM arms even when ready, replies nothing */
	EXPECT_TRUE(out && out->status == 0 && nt.armed == 1 && nop[0].list);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	nt.action = _NOTIFY_ACTION_CONDARM;
	out = poll_req(ctx, 36, h, POLLIN, 80);
	/* CONDARM when ready: replies, no arm */
	EXPECT_TRUE(out && out->status == POLLIN && nt.armed == 0 &&
		    !nop[0].list);
	nt.action = 7;		/* no such action */
	out = poll_req(ctx, 37, h, POLLIN, 80);
	/* a handler's error (EINVAL) reaches the kernel as POLLERR */
	EXPECT_TRUE(out && out->error == 0 && out->status == POLLERR);
}

TEST_F(notify_server, strict_trigger_and_close_touch_only_their_open)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h1 = open_ok(ctx, 40), h2 = open_ok(ctx, 41);
	const iofunc_notify_event_t *e;

	ASSERT_TRUE(h1 && h2);
	poll_req(ctx, 42, h1, POLLIN | POLLOUT, 5);
	poll_req(ctx, 43, h2, POLLIN | POLLOUT, 6);
	/* both armed on input and output */
	EXPECT_TRUE(list_len(&nop[0]) == 2 && list_len(&nop[1]) == 2);

	/* trigger_strict: only the open the current message is about. */
	kn.calls = 0;
	poll_req(ctx, 44, h2, POLLPRI, 6);	/* h2 current; arms OBAND */
	iofunc_notify_trigger_strict(&ctx->pub.resmgr_context, nop, 1,
				     IOFUNC_NOTIFY_OUTPUT);
	/* trigger_strict wakes the current open only */
	EXPECT_TRUE(kn.calls == 1 && kn.last[0].kh == 6 &&
		    list_len(&nop[1]) == 1 && nop[1].list->kh == 5);
	poll_req(ctx, 45, h2, POLLOUT, 6);

	deliver(ctx, m, mk_in(m, RESMGR_OP_CLOSE_OCB, 46, h1,
			      sizeof(struct resmgr_in_header)));
	e = nop[0].list;
	/* close_ocb's iofunc_notify_remove drops that open's entries only */
	EXPECT_TRUE(e && !e->next && e->kh == 6 && nop[1].list &&
		    !nop[1].list->next && nop[1].list->kh == 6 && nop[2].list &&
		    nop[2].list->kh == 6);
	deliver(ctx, m, mk_in(m, RESMGR_OP_CLOSE_OCB, 47, h2,
			      sizeof(struct resmgr_in_header)));
	/* and the other's */
	EXPECT_TRUE(!nop[0].list && !nop[1].list && !nop[2].list);

	kn.calls = 0;
	iofunc_notify_trigger(nop, 100, IOFUNC_NOTIFY_INPUT);
	iofunc_notify_trigger(nop, 100, IOFUNC_NOTIFY_OUTPUT);
	/* nobody left to wake */
	EXPECT_EQ(0, kn.calls);
}

TEST_F(notify_server, without_a_notify_handler_the_library_answers)
{
	const struct resmgr_out_header *out;
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	int calls = nt.calls;

	io_funcs.notify = NULL;
	out = poll_req(ctx, 50, h, POLLIN | POLLPRI | POLLWRNORM, 9);
	/* no notify handler: answered by the library */
	EXPECT_TRUE(out && out->error == 0 && nt.calls == calls);
	/* always readable and writable, as asked */
	EXPECT_EQ(POLLIN | POLLWRNORM, out ? out->status : -1);
	out = poll_req(ctx, 51, h, POLLPRI, 9);
	/* never POLLPRI */
	EXPECT_EQ(0, out ? out->status : -1);
	io_funcs.notify = t_notify;

	nt.ret = _RESMGR_DEFAULT;
	out = poll_req(ctx, 52, h, POLLIN | POLLOUT, 9);
	/* _RESMGR_DEFAULT without other_func: always ready too */
	EXPECT_EQ(POLLIN | POLLOUT, out ? out->status : -1);
	nt.ret = 0;

	out = poll_req(ctx, 53, h + 1, POLLIN, 9);
	/* an unknown open: POLLERR */
	EXPECT_TRUE(out && out->error == 0 && out->status == POLLERR);

	deliver(ctx, m, mk_in(m, RESMGR_OP_NOTIFY, 54, h,
			      sizeof(struct resmgr_in_header)));
	out = pending_reply(ctx);
	/* a NOTIFY without its body: POLLERR */
	EXPECT_TRUE(out && out->error == 0 && out->status == POLLERR);
}

TEST_HARNESS_MAIN
