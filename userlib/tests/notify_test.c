// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * select/poll/epoll: the NOTIFY request as io_notify sees it, the reply
 * as poll events, arming with the kernel's handle, RESMGR_IOC_NOTIFY
 * wakeups, removal on close, and the default for managers without a
 * notify handler.
 */
#include <poll.h>

#include "testlib.h"

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

static void test_decode(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;

	nt.trig = _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT | _NOTIFY_COND_OBAND;
	out = poll_req(ctx, 20, h, POLLIN | POLLOUT, 3);
	is(nt.calls, 1, "NOTIFY reaches io_notify");
	ok(nt.msg_is_ctp, "... msg is ctp->msg");
	is(nt.i.type, _IO_NOTIFY, "... type _IO_NOTIFY");
	is(nt.i.combine_len, sizeof(struct _io_notify), "... combine_len");
	is(nt.i.action, _NOTIFY_ACTION_POLLARM, "... action POLLARM");
	is(nt.i.flags, _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
	   "... POLLIN|POLLOUT asks INPUT|OUTPUT");
	ok(out && out->error == 0 && out->unique == 20, "... answered");
	is(out ? out->status : -1, POLLIN | POLLOUT,
	   "... ready: what was asked, as poll events");
	is(out ? out->len : 0, sizeof(*out), "... no data");
	is(nt.armed, 1, "... armed even so (edge-triggered epoll)");

	out = poll_req(ctx, 21, h, POLLRDNORM | POLLWRNORM, 3);
	is(nt.i.flags, _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
	   "RDNORM|WRNORM ask INPUT|OUTPUT");
	is(out ? out->status : -1, POLLRDNORM | POLLWRNORM,
	   "... and are what comes back");

	out = poll_req(ctx, 22, h, POLLPRI | POLLRDBAND, 3);
	is(nt.i.flags, _NOTIFY_COND_OBAND, "PRI|RDBAND ask OBAND");
	is(out ? out->status : -1, POLLPRI | POLLRDBAND, "... ready");

	nt.trig = _NOTIFY_COND_OUTPUT;
	out = poll_req(ctx, 23, h, POLLIN | POLLRDNORM | POLLOUT, 3);
	is(out ? out->status : -1, POLLOUT, "only the true condition replies");

	out = poll_req(ctx, 24, h, POLLERR | POLLHUP, 3);
	is(nt.i.flags, 0, "POLLERR|POLLHUP alone ask no condition");
	is(out ? out->status : -1, 0, "... and nothing is ready");
	/* The polls that found something ready stay armed until woken. */
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OUTPUT);
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OBAND);
	ok(!nop[0].list && !nop[1].list && !nop[2].list,
	   "one wakeup per list disarms them all");
}

static void test_arm_trigger(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	const iofunc_notify_event_t *e;

	nt.trig = 0;
	out = poll_req(ctx, 30, h, POLLIN, 77);
	is(out ? out->status : -1, 0, "nothing ready: status 0");
	is(nt.armed, 1, "... armed");
	e = nop[IOFUNC_NOTIFY_INPUT].list;
	ok(e && e->kh == 77 && e->handle == h && e->chid == 99 && e->cnt == 1 &&
	   !e->next, "... with the kernel's handle, the open, the channel");
	ok(!nop[IOFUNC_NOTIFY_OUTPUT].list && !nop[IOFUNC_NOTIFY_OBAND].list,
	   "... on the input list only");
	ok(IOFUNC_NOTIFY_INPUT_CHECK(nop, 1, 0) &&
	   !IOFUNC_NOTIFY_OUTPUT_CHECK(nop, 1, 0), "CHECK macros see it");

	poll_req(ctx, 31, h, POLLIN, 77);
	is(list_len(&nop[IOFUNC_NOTIFY_INPUT]), 1,
	   "the same open polling again: still one entry");

	kn.calls = 0;
	iofunc_notify_trigger(nop, 0, IOFUNC_NOTIFY_OUTPUT);
	iofunc_notify_trigger(nop, 0, IOFUNC_NOTIFY_INPUT);
	is(kn.calls, 0, "no trigger below the threshold, nor on another list");
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	is(kn.calls, 1, "trigger: one RESMGR_IOC_NOTIFY");
	ok(kn.last[0].kh == 77 &&
	   kn.last[0].events == (POLLIN | POLLRDNORM) && kn.fd == 99,
	   "... {kh, POLLIN|POLLRDNORM} on the channel");
	ok(!nop[IOFUNC_NOTIFY_INPUT].list, "... and disarmed");
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	is(kn.calls, 1, "a second trigger wakes nobody");

	/* Both directions, then output fires: the input entry stays. */
	poll_req(ctx, 32, h, POLLIN | POLLOUT | POLLPRI, 78);
	ok(list_len(&nop[0]) == 1 && list_len(&nop[1]) == 1 &&
	   list_len(&nop[2]) == 1, "IN|OUT|PRI arms all three lists");
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OUTPUT);
	ok(kn.calls == 2 && kn.last[1].kh == 78 &&
	   kn.last[1].events == (POLLOUT | POLLWRNORM),
	   "output: {kh, POLLOUT|POLLWRNORM}");
	kn.err = ESRCH;
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_OBAND);
	ok(kn.calls == 3 && kn.last[2].events == (POLLPRI | POLLRDBAND) &&
	   !nop[2].list, "oband: POLLPRI|POLLRDBAND; ESRCH just drops it");
	kn.err = 0;
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	is(kn.calls, 4, "the input entry was still armed");

	/* Thresholds. */
	{
		static const int counts[3] = { 10, 1, 1 };

		nt.counts = counts;
		poll_req(ctx, 33, h, POLLIN, 79);
		nt.counts = NULL;
	}
	ok(nop[0].list && nop[0].list->cnt == 10 && nop[0].cnt == 10,
	   "notifycounts: threshold 10");
	ok(!IOFUNC_NOTIFY_INPUT_CHECK(nop, 5, 0) &&
	   IOFUNC_NOTIFY_INPUT_CHECK(nop, 10, 0) &&
	   IOFUNC_NOTIFY_INPUT_CHECK(nop, 5, 1), "... CHECK: count or transition");
	ok(!IOFUNC_NOTIFY_INPUT_CHECK(nop, 5) &&
	   IOFUNC_NOTIFY_INPUT_CHECK(nop, 10) &&
	   !IOFUNC_NOTIFY_OUTPUT_CHECK(nop, 10) &&
	   !IOFUNC_NOTIFY_OBAND_CHECK(nop, 10),
	   "... QNX's 2-argument CHECK(nop, cnt): the count alone");
	iofunc_notify_trigger(nop, 5, IOFUNC_NOTIFY_INPUT);
	is(kn.calls, 4, "... 5 available: not yet");
	iofunc_notify_trigger(nop, 10, IOFUNC_NOTIFY_INPUT);
	is(kn.calls, 5, "... 10: woken");

	/* Actions other than POLLARM. */
	nt.action = _NOTIFY_ACTION_POLL;
	out = poll_req(ctx, 34, h, POLLIN, 80);
	ok(out && out->status == 0 && nt.armed == 0 && !nop[0].list,
	   "POLL never arms");
	nt.trig = _NOTIFY_COND_INPUT;
	nt.action = _NOTIFY_ACTION_TRANARM;
	out = poll_req(ctx, 35, h, POLLIN, 80);
	ok(out && out->status == 0 && nt.armed == 1 && nop[0].list,
	   "TRANARM arms even when ready, replies nothing");
	iofunc_notify_trigger(nop, 1, IOFUNC_NOTIFY_INPUT);
	nt.action = _NOTIFY_ACTION_CONDARM;
	out = poll_req(ctx, 36, h, POLLIN, 80);
	ok(out && out->status == POLLIN && nt.armed == 0 && !nop[0].list,
	   "CONDARM when ready: replies, no arm");
	nt.action = 7;		/* no such action */
	out = poll_req(ctx, 37, h, POLLIN, 80);
	ok(out && out->error == 0 && out->status == POLLERR,
	   "a handler's error (EINVAL) reaches the kernel as POLLERR");
	nt.action = 0;
	nt.trig = 0;
}

static void test_remove(struct rm_ctx *ctx)
{
	uint64_t h1 = open_ok(ctx, 40), h2 = open_ok(ctx, 41);
	const iofunc_notify_event_t *e;

	ok(h1 && h2, "two opens");
	poll_req(ctx, 42, h1, POLLIN | POLLOUT, 5);
	poll_req(ctx, 43, h2, POLLIN | POLLOUT, 6);
	ok(list_len(&nop[0]) == 2 && list_len(&nop[1]) == 2,
	   "both armed on input and output");

	/* trigger_strict: only the open the current message is about. */
	kn.calls = 0;
	poll_req(ctx, 44, h2, POLLPRI, 6);	/* h2 current; arms OBAND */
	iofunc_notify_trigger_strict(&ctx->pub.resmgr_context, nop, 1,
				     IOFUNC_NOTIFY_OUTPUT);
	ok(kn.calls == 1 && kn.last[0].kh == 6 && list_len(&nop[1]) == 1 &&
	   nop[1].list->kh == 5, "trigger_strict wakes the current open only");
	poll_req(ctx, 45, h2, POLLOUT, 6);

	deliver(ctx, m, mk_in(m, RESMGR_OP_CLOSE_OCB, 46, h1,
			      sizeof(struct resmgr_in_header)));
	e = nop[0].list;
	ok(e && !e->next && e->kh == 6 && nop[1].list &&
	   !nop[1].list->next && nop[1].list->kh == 6 && nop[2].list &&
	   nop[2].list->kh == 6,
	   "close_ocb's iofunc_notify_remove drops that open's entries only");
	deliver(ctx, m, mk_in(m, RESMGR_OP_CLOSE_OCB, 47, h2,
			      sizeof(struct resmgr_in_header)));
	ok(!nop[0].list && !nop[1].list && !nop[2].list, "... and the other's");

	kn.calls = 0;
	iofunc_notify_trigger(nop, 100, IOFUNC_NOTIFY_INPUT);
	iofunc_notify_trigger(nop, 100, IOFUNC_NOTIFY_OUTPUT);
	is(kn.calls, 0, "nobody left to wake");
}

static void test_default(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	int calls = nt.calls;

	io_funcs.notify = NULL;
	out = poll_req(ctx, 50, h, POLLIN | POLLPRI | POLLWRNORM, 9);
	ok(out && out->error == 0 && nt.calls == calls,
	   "no notify handler: answered by the library");
	is(out ? out->status : -1, POLLIN | POLLWRNORM,
	   "... always readable and writable, as asked");
	out = poll_req(ctx, 51, h, POLLPRI, 9);
	is(out ? out->status : -1, 0, "... never POLLPRI");
	io_funcs.notify = t_notify;

	nt.ret = _RESMGR_DEFAULT;
	out = poll_req(ctx, 52, h, POLLIN | POLLOUT, 9);
	is(out ? out->status : -1, POLLIN | POLLOUT,
	   "_RESMGR_DEFAULT without other_func: always ready too");
	nt.ret = 0;

	out = poll_req(ctx, 53, h + 1, POLLIN, 9);
	ok(out && out->error == 0 && out->status == POLLERR,
	   "an unknown open: POLLERR");

	deliver(ctx, m, mk_in(m, RESMGR_OP_NOTIFY, 54, h,
			      sizeof(struct resmgr_in_header)));
	out = pending_reply(ctx);
	ok(out && out->error == 0 && out->status == POLLERR,
	   "a NOTIFY without its body: POLLERR");
}

int main(void)
{
	struct rm_ctx *ctx;
	uint64_t h;

	tap_start();
	ok(_NOTIFY_COND_MASK == (_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT |
				 _NOTIFY_COND_OBAND) &&
	   !(_NOTIFY_COND_MASK & 0xffff), "conditions overlap no poll bits");

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	ok(io_funcs.notify == NULL, "iofunc_func_init installs no notify");
	io_funcs.notify = t_notify;
	io_funcs.close_ocb = t_close_ocb;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	IOFUNC_NOTIFY_INIT(nop);
	ctx = test_server(&connect_funcs, &io_funcs, &attr, NULL);
	rm_ioctl = notify_ioctl;

	h = open_ok(ctx, 10);
	ok(h != 0, "open");
	test_decode(ctx, h);
	test_arm_trigger(ctx, h);
	test_default(ctx, h);
	test_remove(ctx);
	return tap_end();
}
