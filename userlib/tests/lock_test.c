// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fcntl() record locks through the iofunc defaults: F_GETLK, F_SETLK,
 * held F_SETLKW waiters answered when the range frees or failed EINTR
 * on unblock, POSIX locks released by a process's close, OFD locks by
 * the open's last close, splitting and merging, deadlock.
 */
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include "testlib.h"
#include "kselftest_harness.h"

static const struct test_client user = { 1000, 1000, NULL, 0 };

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static struct rm_ctx *ctx;
static unsigned char m[4096];

/*
 * Two live processes (this one and a child that waits): the lock layer
 * drops the locks of a process that has exited.
 */
static uint32_t pid_a, pid_b;
#define PID_A	pid_a
#define PID_B	pid_b

static void set_pid(uint32_t pid)
{
	((struct resmgr_in_header *)m)->pid = pid;
}

static void deliver_as(uint32_t pid, size_t len)
{
	set_pid(pid);
	deliver(ctx, m, len);
}

static uint64_t open_as(uint32_t pid, uint64_t unique, uint32_t ioflag)
{
	size_t len;

	len = mk_connect(m, RESMGR_OP_OPEN, unique, ioflag,
			 ioflag & RESMGR_IOFLAG_ACCMODE, 0, &user, "");
	deliver_as(pid, len);
	return open_reply_handle(ctx);
}

/* A LOCK request; returns the pending reply (NULL: held). */
static const struct resmgr_out_header *lock(uint32_t pid, uint64_t unique,
					    uint64_t h, uint32_t cmd,
					    uint16_t type, int64_t start,
					    int64_t len, bool ofd)
{
	deliver_as(pid, mk_lock(m, unique, h, pid, cmd, type, start, len, ofd));
	return pending_reply(ctx);
}

static struct resmgr_lock_out lock_out(void)
{
	struct resmgr_lock_out lo;

	memcpy(&lo, reply_body(), sizeof(lo));
	return lo;
}

/* F_GETLK for a write lock of one byte at @at by @pid. */
static struct resmgr_lock_out getlk(uint32_t pid, uint64_t h, int64_t at)
{
	const struct resmgr_out_header *out;
	struct resmgr_lock_out none = { .type = 99 };

	out = lock(pid, 500, h, RESMGR_LOCK_GET, F_WRLCK, at, 1, false);
	return out && !out->error ? lock_out() : none;
}

static void close_dup(uint32_t pid, uint64_t h, bool last)
{
	mk_in(m, RESMGR_OP_CLOSE_DUP, 600, h, sizeof(struct resmgr_in_header));
	if (last)
		((struct resmgr_in_header *)m)->flags |= RESMGR_IN_F_LAST;
	deliver_as(pid, sizeof(struct resmgr_in_header));
}

static void unblock(uint64_t h, uint64_t target)
{
	struct resmgr_unblock_in ub = { .target = target };
	size_t n = sizeof(struct resmgr_in_header);

	memcpy(m + n, &ub, sizeof(ub));
	mk_in(m, RESMGR_OP_UNBLOCK, 0, h, n + sizeof(ub));
	deliver(ctx, m, n + sizeof(ub));
}

/*
 * The last reply sent on its own (MsgReply/MsgError from the library),
 * kept apart from fk.reply, which pending_reply() reuses.
 */
static unsigned char sent_buf[256];
static uint64_t gone_unique;	/* a request whose client went away */

static int record_ioctl(int fd, unsigned long request, void *arg)
{
	const struct resmgr_xfer *x = arg;
	const struct iovec *iov = (const void *)(uintptr_t)x->reply_iov;
	int ret;

	if (request == RESMGR_IOC_XFER && x->reply_iov && gone_unique &&
	    ((const struct resmgr_out_header *)iov[0].iov_base)->unique ==
	    gone_unique) {
		errno = ESRCH;
		return -1;
	}
	ret = fake_ioctl(fd, request, arg);

	if (request == RESMGR_IOC_XFER && x->reply_iov)
		memcpy(sent_buf, fk.reply, sizeof(sent_buf));
	return ret;
}

static const struct resmgr_out_header *sent(void)
{
	return (const void *)sent_buf;
}

/*
 * A server on a regular file for two clients: the test's own process (A)
 * and a child that only waits (B).
 */
FIXTURE(two_clients) {};

FIXTURE_SETUP(two_clients)
{
	pid_a = getpid();
	pid_b = fork();
	ASSERT_LE(0, (int)pid_b);
	if (pid_b == 0) {
		/* B goes with A, however A ends */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != (pid_t)pid_a)
			_exit(0);
		pause();
		_exit(0);
	}
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	iofunc_attr_init(&attr, S_IFREG | 0666, NULL, NULL);
	ctx = test_server(&connect_funcs, &io_funcs, &attr, NULL);
	rm_ioctl = record_ioctl;
}

FIXTURE_TEARDOWN(two_clients)
{
	kill(pid_b, SIGKILL);
	waitpid(pid_b, NULL, 0);
}

TEST_F(two_clients, posix_locks_conflict_wait_and_go_with_the_owners_close)
{
	const struct resmgr_out_header *out;
	struct resmgr_lock_out lo;
	uint64_t a, b, w;
	int n;

	a = open_as(PID_A, 1, O_RDWR + 1);
	b = open_as(PID_B, 2, O_RDWR + 1);
	w = open_as(PID_B, 3, O_WRONLY + 1);
	ASSERT_TRUE(a && b && w);

	/* A: F_SETLK [0,10) */
	out = lock(PID_A, 10, a, RESMGR_LOCK_SET, F_WRLCK, 0, 10, false);
	EXPECT_TRUE(out && !out->error && lock_out().type == F_UNLCK);
	/* B: F_GETLK reports A's lock and pid */
	lo = getlk(PID_B, b, 5);
	EXPECT_TRUE(lo.type == F_WRLCK && lo.pid == PID_A && lo.start == 0 &&
		    lo.len == 10);
	/* A: its own lock does not conflict */
	lo = getlk(PID_A, a, 5);
	EXPECT_EQ(F_UNLCK, lo.type);
	/* B: past the end of A's lock: free */
	lo = getlk(PID_B, b, 10);
	EXPECT_EQ(F_UNLCK, lo.type);
	/* B: F_SETLK on it: EAGAIN */
	out = lock(PID_B, 11, b, RESMGR_LOCK_SET, F_RDLCK, 5, 1, false);
	EXPECT_TRUE(out && out->error == EAGAIN);
	/* a read lock on a write-only open: EBADF */
	out = lock(PID_B, 12, w, RESMGR_LOCK_SET, F_RDLCK, 50, 1, false);
	EXPECT_TRUE(out && out->error == EBADF);

	/* B: F_SETLKW is held, not answered ... */
	n = fk.nreplies;
	out = lock(PID_B, 13, b, RESMGR_LOCK_SETW, F_WRLCK, 0, 0, false);
	EXPECT_NULL(out);
	EXPECT_EQ(n, fk.nreplies);
	/* ... until A unlocks, with a lock_out */
	out = lock(PID_A, 14, a, RESMGR_LOCK_SET, F_UNLCK, 0, 10, false);
	EXPECT_TRUE(out && !out->error);
	EXPECT_TRUE(fk.nreplies == n + 1 && sent()->unique == 13 &&
		    !sent()->error &&
		    sent()->len ==
			    sizeof(*out) + sizeof(struct resmgr_lock_out));
	/* B now holds to the end of the file */
	lo = getlk(PID_A, a, 1000000);
	EXPECT_TRUE(lo.type == F_WRLCK && lo.pid == PID_B && lo.len == 0);

	/* A waits; a signal unblocks it with EINTR */
	out = lock(PID_A, 15, a, RESMGR_LOCK_SETW, F_RDLCK, 0, 1, false);
	EXPECT_NULL(out);
	n = fk.nreplies;
	unblock(a, 15);
	EXPECT_TRUE(fk.nreplies == n + 1 && sent()->unique == 15 &&
		    sent()->error == EINTR);
	/* a second unblock finds nothing */
	unblock(a, 15);
	EXPECT_EQ(n + 1, fk.nreplies);

	/* A waits again; only B's own close releases B's locks */
	out = lock(PID_A, 16, a, RESMGR_LOCK_SETW, F_RDLCK, 0, 1, false);
	EXPECT_NULL(out);
	n = fk.nreplies;
	close_dup(PID_A, b, false);
	EXPECT_EQ(n, fk.nreplies);
	/* B's close of any descriptor releases its locks: A granted */
	close_dup(PID_B, w, false);
	EXPECT_TRUE(fk.nreplies == n + 1 && sent()->unique == 16 &&
		    !sent()->error);
	lo = getlk(PID_B, b, 0);
	EXPECT_TRUE(lo.type == F_RDLCK && lo.pid == PID_A);
	/* read locks share */
	out = lock(PID_B, 17, b, RESMGR_LOCK_SET, F_RDLCK, 0, 1, false);
	EXPECT_TRUE(out && !out->error);
	lock(PID_A, 18, a, RESMGR_LOCK_SET, F_UNLCK, 0, 0, false);
	lock(PID_B, 19, b, RESMGR_LOCK_SET, F_UNLCK, 0, 0, false);
	close_dup(PID_B, w, true);
	close_dup(PID_B, b, true);
	close_dup(PID_A, a, true);
	/* all closed, no lock list left */
	EXPECT_TRUE(attr.count == 0 && !attr.lock_list);
}

TEST_F(two_clients, ranges_split_merge_convert_and_deadlock_is_edeadlk)
{
	const struct resmgr_out_header *out;
	struct resmgr_lock_out lo;
	uint64_t a, b;

	a = open_as(PID_A, 20, O_RDWR + 1);
	b = open_as(PID_B, 21, O_RDWR + 1);
	/* unlocking the middle splits: the head and the tail stay */
	lock(PID_A, 22, a, RESMGR_LOCK_SET, F_WRLCK, 0, 100, false);
	lock(PID_A, 23, a, RESMGR_LOCK_SET, F_UNLCK, 40, 20, false);
	EXPECT_EQ(F_UNLCK, getlk(PID_B, b, 45).type);
	lo = getlk(PID_B, b, 30);
	EXPECT_TRUE(lo.start == 0 && lo.len == 40);
	lo = getlk(PID_B, b, 70);
	EXPECT_TRUE(lo.start == 60 && lo.len == 40);
	/* relocking the hole merges */
	lock(PID_A, 24, a, RESMGR_LOCK_SET, F_WRLCK, 40, 20, false);
	lo = getlk(PID_B, b, 30);
	EXPECT_TRUE(lo.start == 0 && lo.len == 100);
	/* a read lock inside converts that part, the rest stays a write lock */
	lock(PID_A, 25, a, RESMGR_LOCK_SET, F_RDLCK, 10, 10, false);
	lo = getlk(PID_B, b, 15);
	EXPECT_TRUE(lo.type == F_RDLCK && lo.start == 10 && lo.len == 10);
	lo = getlk(PID_B, b, 20);
	EXPECT_TRUE(lo.type == F_WRLCK && lo.start == 20);

	/* deadlock: A holds [0,1) wanting B's [200,1); B waits for A's */
	lock(PID_B, 26, b, RESMGR_LOCK_SET, F_WRLCK, 200, 1, false);
	EXPECT_NULL(lock(PID_B, 27, b, RESMGR_LOCK_SETW, F_WRLCK, 0, 1, false));
	out = lock(PID_A, 28, a, RESMGR_LOCK_SETW, F_WRLCK, 200, 1, false);
	ASSERT_NE(NULL, out);
	EXPECT_EQ(EDEADLK, out->error);
	/* A's close grants B */
	close_dup(PID_A, a, true);
	EXPECT_TRUE(sent()->unique == 27 && !sent()->error);
	close_dup(PID_B, b, true);
	EXPECT_NULL(attr.lock_list);
}

TEST_F(two_clients, ofd_locks_go_with_the_opens_last_close)
{
	const struct resmgr_out_header *out;
	uint64_t a1, a2, b;
	int n;

	a1 = open_as(PID_A, 30, O_RDWR + 1);
	a2 = open_as(PID_A, 31, O_RDWR + 1);
	b = open_as(PID_B, 32, O_RDWR + 1);
	/* an OFD lock on A's first open ... */
	out = lock(PID_A, 33, a1, RESMGR_LOCK_SET, F_WRLCK, 0, 10, true);
	EXPECT_TRUE(out && !out->error);
	/* ... conflicts with another open of the same process, OFD or POSIX */
	out = lock(PID_A, 34, a2, RESMGR_LOCK_SET, F_WRLCK, 0, 10, true);
	EXPECT_TRUE(out && out->error == EAGAIN);
	out = lock(PID_A, 35, a2, RESMGR_LOCK_SET, F_WRLCK, 0, 10, false);
	EXPECT_TRUE(out && out->error == EAGAIN);
	/* F_GETLK of an OFD lock: pid 0 */
	out = lock(PID_B, 36, b, RESMGR_LOCK_GET, F_RDLCK, 0, 1, false);
	EXPECT_TRUE(out && lock_out().type == F_WRLCK && lock_out().pid == 0);
	/* B waits on it; a close(2) that is not the last keeps it */
	EXPECT_NULL(lock(PID_B, 37, b, RESMGR_LOCK_SETW, F_RDLCK, 0, 1, false));
	n = fk.nreplies;
	close_dup(PID_A, a1, false);
	EXPECT_EQ(n, fk.nreplies);
	/* the open's last close releases it: B granted */
	close_dup(PID_A, a1, true);
	EXPECT_TRUE(fk.nreplies == n + 1 && sent()->unique == 37 &&
		    !sent()->error);

	/* a waiter whose open's last close comes fails EBADF */
	EXPECT_NULL(lock(PID_A, 38, a2, RESMGR_LOCK_SETW, F_WRLCK, 0, 1, true));
	close_dup(PID_A, a2, true);
	EXPECT_TRUE(sent()->unique == 38 && sent()->error == EBADF);
	close_dup(PID_B, b, true);
	EXPECT_TRUE(attr.count == 0 && !attr.lock_list);
}

TEST_F(two_clients, a_lock_granted_to_a_gone_client_does_not_stay)
{
	uint64_t a, b;

	a = open_as(PID_A, 40, O_RDWR + 1);
	b = open_as(PID_B, 41, O_RDWR + 1);
	lock(PID_A, 42, a, RESMGR_LOCK_SET, F_WRLCK, 0, 1, false);
	EXPECT_NULL(lock(PID_B, 43, b, RESMGR_LOCK_SETW, F_WRLCK, 0, 1, false));
	gone_unique = 43;	/* B is killed: its reply cannot be delivered */
	lock(PID_A, 44, a, RESMGR_LOCK_SET, F_UNLCK, 0, 1, false);
	gone_unique = 0;
	EXPECT_EQ(F_UNLCK, getlk(PID_A, a, 0).type);
	close_dup(PID_A, a, true);
	close_dup(PID_B, b, true);
	EXPECT_NULL(attr.lock_list);
}

TEST_HARNESS_MAIN
