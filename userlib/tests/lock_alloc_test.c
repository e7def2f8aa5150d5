// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iofunc_lock_calloc()/iofunc_lock_free(), replaced by the program as a
 * QNX server replaces them: every record the lock layer keeps comes from
 * the program's calloc and goes back through its free with the size it
 * was allocated with; the request's context and open come with each
 * allocation (the waiter's open when another's unlock grants it); a
 * calloc that fails fails the lock with ENOLCK.
 */
#include "testlib.h"
#include "kselftest_harness.h"

static const struct test_client user = { 1000, 1000, NULL, 0 };

/* ------------------------------------------- the program's own hooks */

#define MAX_RECS	64

static struct {
	int callocs, frees, fail;
	int bad_frees;		/* not ours, or not the size allocated */
	int no_ctp;
	const void *last_ocb;
	struct { void *p; size_t size; } live[MAX_RECS];
	int nlive;
} hk;

iofunc_lock_list_t *iofunc_lock_calloc(resmgr_context_t *ctp,
				       IOFUNC_OCB_T *ocb, size_t size)
{
	void *p;

	hk.callocs++;
	if (!ctp)
		hk.no_ctp++;
	hk.last_ocb = ocb;
	if (hk.fail || hk.nlive == MAX_RECS) {
		errno = ENOMEM;
		return NULL;
	}
	p = calloc(1, size);
	hk.live[hk.nlive].p = p;
	hk.live[hk.nlive].size = size;
	hk.nlive++;
	return p;
}

void iofunc_lock_free(iofunc_lock_list_t *lock, size_t size)
{
	int i;

	hk.frees++;
	for (i = 0; i < hk.nlive; i++)
		if (hk.live[i].p == lock)
			break;
	if (i == hk.nlive || hk.live[i].size != size) {
		hk.bad_frees++;
		return;
	}
	hk.live[i] = hk.live[--hk.nlive];
	free(lock);
}

static bool ours(const void *p)
{
	int i;

	for (i = 0; i < hk.nlive; i++)
		if (hk.live[i].p == p)
			return true;
	return false;
}

/* ------------------------------------------------------------ server */

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static struct rm_ctx *ctx;
static unsigned char m[4096];
static const void *opened_ocb;	/* the OCB the last open bound */

static int h_open(resmgr_context_t *ctp, io_open_t *msg,
		  RESMGR_HANDLE_T *handle, void *extra)
{
	int ret = iofunc_open_default(ctp, msg, handle, extra);

	opened_ocb = resmgr_ocb(ctp);
	return ret;
}

static void deliver_as(uint32_t pid, size_t len)
{
	((struct resmgr_in_header *)m)->pid = pid;
	deliver(ctx, m, len);
}

static uint64_t open_as(uint32_t pid, uint64_t unique, const void **ocb)
{
	size_t len;
	uint64_t h;

	len = mk_connect(m, RESMGR_OP_OPEN, unique, O_RDWR + 1,
			 (O_RDWR + 1) & RESMGR_IOFLAG_ACCMODE, 0, &user, "");
	deliver_as(pid, len);
	h = open_reply_handle(ctx);
	*ocb = opened_ocb;
	return h;
}

static const struct resmgr_out_header *lock(uint32_t pid, uint64_t unique,
					    uint64_t h, uint32_t cmd,
					    uint16_t type, int64_t start,
					    int64_t len)
{
	deliver_as(pid, mk_lock(m, unique, h, pid, cmd, type, start, len,
				false));
	return pending_reply(ctx);
}

static void close_last(uint32_t pid, uint64_t h)
{
	mk_in(m, RESMGR_OP_CLOSE_DUP, 600, h, sizeof(struct resmgr_in_header));
	((struct resmgr_in_header *)m)->flags |= RESMGR_IN_F_LAST;
	deliver_as(pid, sizeof(struct resmgr_in_header));
}

/* Two live processes: this one and its parent (the harness). */
static uint32_t pid_a, pid_b;

FIXTURE(server) {};

FIXTURE_SETUP(server)
{
	pid_a = getpid();
	pid_b = getppid();
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = h_open;
	iofunc_attr_init(&attr, S_IFREG | 0666, NULL, NULL);
	ctx = test_server(&connect_funcs, &io_funcs, &attr, NULL);
	memset(&hk, 0, sizeof(hk));
}

FIXTURE_TEARDOWN(server)
{
}

TEST_F(server, every_lock_record_comes_from_the_programs_hooks)
{
	const struct resmgr_out_header *out;
	const void *ocb_a, *ocb_b;
	uint64_t a, b;

	a = open_as(pid_a, 1, &ocb_a);
	b = open_as(pid_b, 2, &ocb_b);
	ASSERT_TRUE(a && b && ocb_a && ocb_b);
	EXPECT_EQ(0, hk.callocs);

	/* a lock: list and record from our calloc, for A's request */
	out = lock(pid_a, 10, a, RESMGR_LOCK_SET, F_WRLCK, 0, 10);
	ASSERT_TRUE(out && !out->error);
	EXPECT_LT(0, hk.callocs);
	EXPECT_LE(2, hk.nlive);	/* the list and the lock, at least */
	EXPECT_EQ(ocb_a, hk.last_ocb);
	EXPECT_TRUE(ours(attr.lock_list));

	/* B waits: the waiter comes from our calloc, for B's open */
	EXPECT_NULL(lock(pid_b, 11, b, RESMGR_LOCK_SETW, F_WRLCK, 5, 1));
	EXPECT_EQ(ocb_b, hk.last_ocb);

	/* A unlocks: B's granted lock is made for B's open */
	out = lock(pid_a, 12, a, RESMGR_LOCK_SET, F_UNLCK, 0, 10);
	EXPECT_TRUE(out && !out->error);
	EXPECT_EQ(ocb_b, hk.last_ocb);

	/* the last closes: everything back through our free, sizes right */
	close_last(pid_b, b);
	close_last(pid_a, a);
	EXPECT_NULL(attr.lock_list);
	EXPECT_EQ(0, hk.nlive);
	EXPECT_EQ(0, hk.bad_frees);
	EXPECT_EQ(hk.callocs, hk.frees);
	EXPECT_EQ(0, hk.no_ctp);
}

TEST_F(server, a_failing_calloc_fails_the_lock_with_enolck)
{
	const struct resmgr_out_header *out;
	const void *ocb_a;
	uint64_t a;

	a = open_as(pid_a, 1, &ocb_a);
	ASSERT_NE(0, a);
	hk.fail = 1;
	out = lock(pid_a, 10, a, RESMGR_LOCK_SET, F_WRLCK, 0, 10);
	ASSERT_NE(NULL, out);
	EXPECT_EQ(ENOLCK, out->error);
	EXPECT_LT(0, hk.callocs);
	EXPECT_NULL(attr.lock_list);

	/* with memory again, the same lock works */
	hk.fail = 0;
	out = lock(pid_a, 11, a, RESMGR_LOCK_SET, F_WRLCK, 0, 10);
	EXPECT_TRUE(out && !out->error);
	close_last(pid_a, a);
	EXPECT_EQ(0, hk.nlive);
	EXPECT_EQ(0, hk.bad_frees);
}

TEST_HARNESS_MAIN
