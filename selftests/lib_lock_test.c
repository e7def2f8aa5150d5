// SPDX-License-Identifier: GPL-2.0
/*
 * fcntl() record locks between client processes, served by a libresmgr
 * server with the iofunc defaults (iofunc_lock_default and friends):
 * F_GETLK reports the holder's pid, F_SETLK fails EAGAIN, F_SETLKW waits
 * until the holder unlocks or closes, and a signal interrupts the wait
 * with EINTR.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#include "kselftest_harness.h"

static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;
static volatile int waiters;	/* F_SETLKW requests the server holds */
static dispatch_t *srv_dpp;

/* The default, counting the requests it holds. */
static int io_lock(resmgr_context_t *ctp, io_lock_t *msg, RESMGR_OCB_T *ocb)
{
	int ret = iofunc_lock_default(ctp, msg, ocb);

	if (ret == _RESMGR_NOREPLY)
		__atomic_add_fetch(&waiters, 1, __ATOMIC_SEQ_CST);
	return ret;
}

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	while ((ctp = dispatch_block(ctp)))
		dispatch_handler(ctp);
	return NULL;
}

static void start(char *path, size_t len, const char *tag)
{
	dispatch_t *dpp = dispatch_create();
	pthread_t thr;

	srv_dpp = dpp;
	snprintf(path, len, "/tmp/lib-lock-%s-%d", tag, getpid());
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS,
			 &iofuncs);
	iofuncs.lock = io_lock;
	iofunc_attr_init(&attr, S_IFREG | 0666, NULL, NULL);
	if (!dpp || resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs,
				  &iofuncs, &attr) < 0 ||
	    pthread_create(&thr, NULL, serve, dispatch_context_alloc(dpp))) {
		perror("start");
		_exit(1);
	}
}

static int setlk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET,
			    .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/*
 * The holder: a child that write-locks [0, 10) and then does what the
 * parent says over a pipe ('u' unlock, 'c' close, 'x' exit).
 */
struct holder {
	pid_t pid;
	int cmd;	/* write end */
};

static struct holder holder_start(const char *path)
{
	struct holder h = { -1, -1 };
	int cmd[2], ready[2];
	char c;

	if (pipe(cmd) || pipe(ready))
		return h;
	h.pid = fork();
	if (h.pid == 0) {
		int fd = open(path, O_RDWR);

		close(cmd[1]);
		if (fd < 0 || setlk(fd, F_SETLK, F_WRLCK, 0, 10))
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(2);
		while (read(cmd[0], &c, 1) == 1) {
			if (c == 'u' && setlk(fd, F_SETLK, F_UNLCK, 0, 10))
				_exit(3);
			if (c == 'c' && close(fd))
				_exit(4);
			if (c == 'x')
				break;
		}
		_exit(0);
	}
	close(cmd[0]);
	close(ready[1]);
	h.cmd = cmd[1];
	if (read(ready[0], &c, 1) != 1)
		h.pid = -1;
	close(ready[0]);
	return h;
}

static int holder_stop(struct holder *h)
{
	int status;

	if (write(h->cmd, "x", 1) != 1)
		return -1;
	close(h->cmd);
	if (waitpid(h->pid, &status, 0) != h->pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void on_usr1(int sig)
{
}

/* A child waiting in F_SETLKW for [0, 1); exit status 0 or errno. */
static pid_t waiter_start(const char *path)
{
	struct sigaction sa = { .sa_handler = on_usr1 };	/* no SA_RESTART */
	pid_t pid = fork();

	if (pid == 0) {
		int fd = open(path, O_RDWR);

		sigaction(SIGUSR1, &sa, NULL);
		if (fd < 0)
			_exit(100);
		_exit(setlk(fd, F_SETLKW, F_WRLCK, 0, 1) ? errno : 0);
	}
	return pid;
}

/* Until the server holds @n F_SETLKW requests (no fixed sleep). */
static int wait_waiters(int n)
{
	for (int i = 0; i < 1000; i++) {
		if (__atomic_load_n(&waiters, __ATOMIC_SEQ_CST) >= n)
			return 1;
		usleep(10000);
	}
	return 0;
}

static int exit_code(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

#define NEED_RESMGR() do {						\
	if (access("/dev/resmgr", F_OK))				\
		SKIP(return, "resmgr.ko not loaded");			\
} while (0)

TEST(getlk_pid_and_setlk_eagain)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = 5, .l_len = 1 };
	struct holder h;
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "get");
	h = holder_start(path);
	ASSERT_LT(0, h.pid);
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fcntl(fd, F_GETLK, &fl));
	EXPECT_EQ(F_WRLCK, fl.l_type);
	EXPECT_EQ(h.pid, fl.l_pid);
	EXPECT_EQ(0, fl.l_start);
	EXPECT_EQ(10, fl.l_len);
	EXPECT_EQ(-1, setlk(fd, F_SETLK, F_RDLCK, 9, 1));
	EXPECT_TRUE(errno == EAGAIN || errno == EACCES);
	/* outside the holder's range */
	EXPECT_EQ(0, setlk(fd, F_SETLK, F_WRLCK, 10, 5));
	fl.l_type = F_WRLCK;
	fl.l_start = 20;
	ASSERT_EQ(0, fcntl(fd, F_GETLK, &fl));
	EXPECT_EQ(F_UNLCK, fl.l_type);
	EXPECT_EQ(0, holder_stop(&h));
	close(fd);
}

/*
 * A waiter stays blocked until the holder does @what ('u' unlock, 'c'
 * close: close(2) of its descriptor drops its POSIX locks); returns the
 * waiter's exit status, -1 if it was not held first.
 */
static int waiter_released_by(char what)
{
	struct holder h;
	char path[64];
	int ret = -1;
	pid_t w;

	start(path, sizeof(path), what == 'u' ? "unlock" : "close");
	h = holder_start(path);
	if (h.pid <= 0)
		return -1;
	w = waiter_start(path);
	if (wait_waiters(1) && waitpid(w, NULL, WNOHANG) == 0 &&
	    write(h.cmd, &what, 1) == 1)
		ret = exit_code(w);
	else
		kill(w, SIGKILL);
	if (holder_stop(&h))
		ret = -1;
	return ret;
}

TEST(setlkw_waits_for_unlock)
{
	NEED_RESMGR();
	EXPECT_EQ(0, waiter_released_by('u'));
}

TEST(setlkw_waits_for_close)
{
	NEED_RESMGR();
	EXPECT_EQ(0, waiter_released_by('c'));
}

TEST(setlkw_interrupted_by_signal)
{
	struct holder h;
	char path[64];
	pid_t w;

	NEED_RESMGR();
	start(path, sizeof(path), "intr");
	h = holder_start(path);
	ASSERT_LT(0, h.pid);
	w = waiter_start(path);
	ASSERT_TRUE(wait_waiters(1));
	kill(w, SIGUSR1);
	EXPECT_EQ(EINTR, exit_code(w));
	EXPECT_EQ(0, holder_stop(&h));
}

/*
 * F_GETLK names the first lock in the file that conflicts (the lowest
 * start), with its own type and range, whatever order they were set in.
 */
TEST(getlk_reports_the_first_conflict)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	int ready[2], done[2], fd;
	char path[64], c;
	pid_t pid;

	NEED_RESMGR();
	start(path, sizeof(path), "first");
	ASSERT_EQ(0, pipe(ready));
	ASSERT_EQ(0, pipe(done));
	pid = fork();
	if (pid == 0) {
		close(done[1]);
		fd = open(path, O_RDWR);
		if (fd < 0 || setlk(fd, F_SETLK, F_WRLCK, 10, 5) ||
		    setlk(fd, F_SETLK, F_RDLCK, 16, 5) ||
		    write(ready[1], "r", 1) != 1)
			_exit(1);
		/* hold them until the parent is done */
		_exit(read(done[0], &c, 1) < 0);
	}
	close(ready[1]);
	close(done[0]);
	ASSERT_EQ(1, read(ready[0], &c, 1));
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fcntl(fd, F_GETLK, &fl));
	EXPECT_EQ(F_WRLCK, fl.l_type);
	EXPECT_EQ(10, fl.l_start);
	EXPECT_EQ(5, fl.l_len);
	EXPECT_EQ(pid, fl.l_pid);
	/* a read lock conflicts only with the write lock */
	fl.l_type = F_RDLCK;
	fl.l_start = 12;
	fl.l_len = 0;
	ASSERT_EQ(0, fcntl(fd, F_GETLK, &fl));
	EXPECT_EQ(F_WRLCK, fl.l_type);
	EXPECT_EQ(10, fl.l_start);
	close(fd);
	close(done[1]);
	close(ready[0]);
	EXPECT_EQ(0, exit_code(pid));
}

/*
 * An open must not end while a handler still runs on its OCB.  A waiter
 * signalled in F_SETLKW has the server run its unblock handler; stall
 * that handler, kill the waiter (its exit closes its own open, the last
 * reference, so the kernel ends it) and see close_ocb wait for the
 * handler instead of freeing the OCB under it.
 */
static volatile int unblock_in, unblock_go, close_dups, close_ocbs;
static volatile int closed_under_handler;
static volatile int close_dup_stall, close_dup_in, close_dup_go;

static int io_unblock(resmgr_context_t *ctp, io_pulse_t *msg,
		      RESMGR_OCB_T *ocb)
{
	__atomic_store_n(&unblock_in, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&unblock_go, __ATOMIC_SEQ_CST))
		usleep(1000);
	__atomic_store_n(&unblock_in, 0, __ATOMIC_SEQ_CST);
	return iofunc_unblock_default(ctp, msg, ocb);
}

static int io_close_dup(resmgr_context_t *ctp, io_close_t *msg,
			RESMGR_OCB_T *ocb)
{
	int ret;

	/* once asked to: stall until told to go on */
	if (__atomic_exchange_n(&close_dup_stall, 0, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&close_dup_in, 1, __ATOMIC_SEQ_CST);
		while (!__atomic_load_n(&close_dup_go, __ATOMIC_SEQ_CST))
			usleep(1000);
	}
	ret = iofunc_close_dup_default(ctp, msg, ocb);

	__atomic_add_fetch(&close_dups, 1, __ATOMIC_SEQ_CST);
	return ret;
}

static int io_close_ocb(resmgr_context_t *ctp, void *reserved,
			RESMGR_OCB_T *ocb)
{
	if (__atomic_load_n(&unblock_in, __ATOMIC_SEQ_CST))
		closed_under_handler = 1;
	__atomic_add_fetch(&close_ocbs, 1, __ATOMIC_SEQ_CST);
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

/* Until *@v reaches @n, for at most about @ms milliseconds. */
static int wait_for(volatile int *v, int n, int ms)
{
	for (int i = 0; i < ms; i++) {
		if (__atomic_load_n(v, __ATOMIC_SEQ_CST) >= n)
			return 1;
		usleep(1000);
	}
	return 0;
}

TEST(ocb_outlives_a_running_handler)
{
	struct holder h;
	char path[64];
	pthread_t thr;
	pid_t w;

	NEED_RESMGR();
	start(path, sizeof(path), "busy");
	iofuncs.unblock = io_unblock;
	iofuncs.close_dup = io_close_dup;
	iofuncs.close_ocb = io_close_ocb;
	/* a second server thread takes the close while the first stalls */
	ASSERT_EQ(0, pthread_create(&thr, NULL, serve,
				    dispatch_context_alloc(srv_dpp)));
	h = holder_start(path);
	ASSERT_LT(0, h.pid);
	w = waiter_start(path);
	ASSERT_TRUE(wait_waiters(1));
	kill(w, SIGUSR1);
	ASSERT_TRUE(wait_for(&unblock_in, 1, 10000));
	kill(w, SIGKILL);
	ASSERT_EQ(-1, exit_code(w));
	ASSERT_TRUE(wait_for(&close_dups, 1, 10000));
	/* without the fix, close_ocb comes right after close_dup */
	wait_for(&close_ocbs, 1, 2000);
	EXPECT_EQ(0, closed_under_handler);
	__atomic_store_n(&unblock_go, 1, __ATOMIC_SEQ_CST);
	/* the open still ends, once the handler is done */
	EXPECT_TRUE(wait_for(&close_ocbs, 1, 10000));
	EXPECT_EQ(0, closed_under_handler);
	EXPECT_EQ(0, holder_stop(&h));
}

/*
 * A process's record locks end with it.  Its close drops them, but a
 * dying process's CLOSE_DUP is an event nobody waits for, and a server
 * thread may still be on it (here: stalled in close_dup) when the
 * parent, having reaped the child, asks F_GETLK on another thread.
 */
TEST(exited_holder_locks_are_freed)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET };
	char path[64];
	pthread_t thr;
	pid_t pid;
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "exited");
	iofuncs.close_dup = io_close_dup;
	ASSERT_EQ(0, pthread_create(&thr, NULL, serve,
				    dispatch_context_alloc(srv_dpp)));
	close_dup_stall = 1;
	pid = fork();
	if (pid == 0) {
		fd = open(path, O_RDWR);
		_exit(fd < 0 || setlk(fd, F_SETLK, F_WRLCK, 0, 10) ? 1 : 0);
	}
	ASSERT_EQ(0, exit_code(pid));
	ASSERT_TRUE(wait_for(&close_dup_in, 1, 10000));
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fcntl(fd, F_GETLK, &fl));
	EXPECT_EQ(F_UNLCK, fl.l_type) TH_LOG("held by %d", (int)fl.l_pid);
	EXPECT_EQ(0, setlk(fd, F_SETLK, F_WRLCK, 0, 10));
	__atomic_store_n(&close_dup_go, 1, __ATOMIC_SEQ_CST);
	close(fd);
}

TEST_HARNESS_MAIN
