// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * fcntl() record locks through the iofunc defaults: F_GETLK, F_SETLK,
 * held F_SETLKW waiters answered when the range frees or failed EINTR
 * on unblock, POSIX locks released by a process's close, OFD locks by
 * the open's last close, splitting and merging, deadlock.
 */
#include <signal.h>
#include <sys/wait.h>

#include "testlib.h"

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
	struct resmgr_lock_in lk = { .cmd = cmd, .type = type,
				     .flags = ofd ? RESMGR_LOCK_OFD : 0,
				     .start = start, .len = len,
				     .owner = pid, .pid = pid };
	size_t n = sizeof(struct resmgr_in_header);

	memcpy(m + n, &lk, sizeof(lk));
	mk_in(m, RESMGR_OP_LOCK, unique, h, n + sizeof(lk));
	deliver_as(pid, n + sizeof(lk));
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

static void test_posix(void)
{
	const struct resmgr_out_header *out;
	struct resmgr_lock_out lo;
	uint64_t a, b, w;
	int n;

	a = open_as(PID_A, 1, O_RDWR + 1);
	b = open_as(PID_B, 2, O_RDWR + 1);
	w = open_as(PID_B, 3, O_WRONLY + 1);
	ok(a && b && w, "three opens");

	out = lock(PID_A, 10, a, RESMGR_LOCK_SET, F_WRLCK, 0, 10, false);
	ok(out && !out->error && lock_out().type == F_UNLCK, "A: F_SETLK [0,10)");
	lo = getlk(PID_B, b, 5);
	ok(lo.type == F_WRLCK && lo.pid == PID_A && lo.start == 0 && lo.len == 10,
	   "B: F_GETLK reports A's lock and pid");
	lo = getlk(PID_A, a, 5);
	is(lo.type, F_UNLCK, "A: its own lock does not conflict");
	lo = getlk(PID_B, b, 10);
	is(lo.type, F_UNLCK, "B: past the end of A's lock: free");
	out = lock(PID_B, 11, b, RESMGR_LOCK_SET, F_RDLCK, 5, 1, false);
	ok(out && out->error == EAGAIN, "B: F_SETLK on it: EAGAIN");
	out = lock(PID_B, 12, w, RESMGR_LOCK_SET, F_RDLCK, 50, 1, false);
	ok(out && out->error == EBADF, "read lock on a write-only open: EBADF");

	n = fk.nreplies;
	out = lock(PID_B, 13, b, RESMGR_LOCK_SETW, F_WRLCK, 0, 0, false);
	ok(!out, "B: F_SETLKW is held");
	ok(fk.nreplies == n, "... and not answered");
	out = lock(PID_A, 14, a, RESMGR_LOCK_SET, F_UNLCK, 0, 10, false);
	ok(out && !out->error, "A: unlock");
	ok(fk.nreplies == n + 1 && sent()->unique == 13 && !sent()->error &&
	   sent()->len == sizeof(*out) + sizeof(struct resmgr_lock_out),
	   "... answers B's F_SETLKW, with a lock_out");
	lo = getlk(PID_A, a, 1000000);
	ok(lo.type == F_WRLCK && lo.pid == PID_B && lo.len == 0,
	   "B now holds to the end of the file");

	/* A waits; a signal unblocks it with EINTR */
	out = lock(PID_A, 15, a, RESMGR_LOCK_SETW, F_RDLCK, 0, 1, false);
	ok(!out, "A: F_SETLKW held");
	n = fk.nreplies;
	unblock(a, 15);
	ok(fk.nreplies == n + 1 && sent()->unique == 15 &&
	   sent()->error == EINTR, "unblock: EINTR");
	unblock(a, 15);
	is(fk.nreplies, n + 1, "a second unblock finds nothing");

	/* A waits again; only B's own close releases B's locks */
	out = lock(PID_A, 16, a, RESMGR_LOCK_SETW, F_RDLCK, 0, 1, false);
	ok(!out, "A: F_SETLKW held again");
	n = fk.nreplies;
	close_dup(PID_A, b, false);
	is(fk.nreplies, n, "another process's close of B's open: still held");
	close_dup(PID_B, w, false);
	ok(fk.nreplies == n + 1 && sent()->unique == 16 && !sent()->error,
	   "B's close of any descriptor releases its locks: A granted");
	lo = getlk(PID_B, b, 0);
	ok(lo.type == F_RDLCK && lo.pid == PID_A, "A holds its read lock");
	out = lock(PID_B, 17, b, RESMGR_LOCK_SET, F_RDLCK, 0, 1, false);
	ok(out && !out->error, "read locks share");
	lock(PID_A, 18, a, RESMGR_LOCK_SET, F_UNLCK, 0, 0, false);
	lock(PID_B, 19, b, RESMGR_LOCK_SET, F_UNLCK, 0, 0, false);
	close_dup(PID_B, w, true);
	close_dup(PID_B, b, true);
	close_dup(PID_A, a, true);
	ok(attr.count == 0 && !attr.lock_list, "all closed, no lock list left");
}

static void test_ranges(void)
{
	struct resmgr_lock_out lo;
	uint64_t a, b;

	a = open_as(PID_A, 20, O_RDWR + 1);
	b = open_as(PID_B, 21, O_RDWR + 1);
	lock(PID_A, 22, a, RESMGR_LOCK_SET, F_WRLCK, 0, 100, false);
	lock(PID_A, 23, a, RESMGR_LOCK_SET, F_UNLCK, 40, 20, false);
	is(getlk(PID_B, b, 45).type, F_UNLCK, "unlocking the middle splits");
	lo = getlk(PID_B, b, 30);
	ok(lo.start == 0 && lo.len == 40, "... the head stays");
	lo = getlk(PID_B, b, 70);
	ok(lo.start == 60 && lo.len == 40, "... and the tail");
	lock(PID_A, 24, a, RESMGR_LOCK_SET, F_WRLCK, 40, 20, false);
	lo = getlk(PID_B, b, 30);
	ok(lo.start == 0 && lo.len == 100, "relocking the hole merges");
	lock(PID_A, 25, a, RESMGR_LOCK_SET, F_RDLCK, 10, 10, false);
	lo = getlk(PID_B, b, 15);
	ok(lo.type == F_RDLCK && lo.start == 10 && lo.len == 10,
	   "a read lock inside converts that part");
	lo = getlk(PID_B, b, 20);
	ok(lo.type == F_WRLCK && lo.start == 20, "... the rest stays a write lock");

	/* deadlock: A holds [0,1) wanting B's [200,1); B wants A's */
	lock(PID_B, 26, b, RESMGR_LOCK_SET, F_WRLCK, 200, 1, false);
	ok(!lock(PID_B, 27, b, RESMGR_LOCK_SETW, F_WRLCK, 0, 1, false),
	   "B waits for A");
	ok(lock(PID_A, 28, a, RESMGR_LOCK_SETW, F_WRLCK, 200, 1, false)->error ==
	   EDEADLK, "A waiting for B would deadlock: EDEADLK");
	close_dup(PID_A, a, true);
	ok(sent()->unique == 27 && !sent()->error, "A's close grants B");
	close_dup(PID_B, b, true);
	ok(!attr.lock_list, "no lock list left");
}

static void test_ofd(void)
{
	const struct resmgr_out_header *out;
	uint64_t a1, a2, b;
	int n;

	a1 = open_as(PID_A, 30, O_RDWR + 1);
	a2 = open_as(PID_A, 31, O_RDWR + 1);
	b = open_as(PID_B, 32, O_RDWR + 1);
	out = lock(PID_A, 33, a1, RESMGR_LOCK_SET, F_WRLCK, 0, 10, true);
	ok(out && !out->error, "OFD lock on A's first open");
	out = lock(PID_A, 34, a2, RESMGR_LOCK_SET, F_WRLCK, 0, 10, true);
	ok(out && out->error == EAGAIN, "another open of the same process: EAGAIN");
	out = lock(PID_A, 35, a2, RESMGR_LOCK_SET, F_WRLCK, 0, 10, false);
	ok(out && out->error == EAGAIN, "a POSIX lock of the same process: EAGAIN");
	out = lock(PID_B, 36, b, RESMGR_LOCK_GET, F_RDLCK, 0, 1, false);
	ok(out && lock_out().type == F_WRLCK && lock_out().pid == 0,
	   "F_GETLK of an OFD lock: pid 0");
	ok(!lock(PID_B, 37, b, RESMGR_LOCK_SETW, F_RDLCK, 0, 1, false),
	   "B waits on the OFD lock");
	n = fk.nreplies;
	close_dup(PID_A, a1, false);
	is(fk.nreplies, n, "a close(2) that is not the last keeps OFD locks");
	close_dup(PID_A, a1, true);
	ok(fk.nreplies == n + 1 && sent()->unique == 37 && !sent()->error,
	   "the open's last close releases them: B granted");

	/* a waiter whose open goes away fails EBADF */
	ok(!lock(PID_A, 38, a2, RESMGR_LOCK_SETW, F_WRLCK, 0, 1, true),
	   "A's second open waits");
	close_dup(PID_A, a2, true);
	ok(sent()->unique == 38 && sent()->error == EBADF,
	   "its open's last close fails it EBADF");
	close_dup(PID_B, b, true);
	ok(attr.count == 0 && !attr.lock_list, "nothing left");
}

static void test_gone_waiter(void)
{
	uint64_t a, b;

	a = open_as(PID_A, 40, O_RDWR + 1);
	b = open_as(PID_B, 41, O_RDWR + 1);
	lock(PID_A, 42, a, RESMGR_LOCK_SET, F_WRLCK, 0, 1, false);
	ok(!lock(PID_B, 43, b, RESMGR_LOCK_SETW, F_WRLCK, 0, 1, false),
	   "B waits");
	gone_unique = 43;	/* B is killed: its reply cannot be delivered */
	lock(PID_A, 44, a, RESMGR_LOCK_SET, F_UNLCK, 0, 1, false);
	gone_unique = 0;
	is(getlk(PID_A, a, 0).type, F_UNLCK,
	   "a lock granted to a client that is gone does not stay");
	close_dup(PID_A, a, true);
	close_dup(PID_B, b, true);
	ok(!attr.lock_list, "nothing left");
}

int main(void)
{
	int ret;

	pid_a = getpid();
	pid_b = fork();
	if (pid_b == 0) {
		pause();
		_exit(0);
	}
	tap_start();
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	iofunc_attr_init(&attr, S_IFREG | 0666, NULL, NULL);
	ctx = test_server(&connect_funcs, &io_funcs, &attr, NULL);
	rm_ioctl = record_ioctl;
	test_posix();
	test_ranges();
	test_ofd();
	test_gone_waiter();
	ret = tap_end();
	kill(pid_b, SIGKILL);
	waitpid(pid_b, NULL, 0);
	return ret;
}
