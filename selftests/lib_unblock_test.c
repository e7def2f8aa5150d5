// SPDX-License-Identifier: GPL-2.0
/*
 * Blocking replies and unblocking with libresmgr, the QNX way: io_read
 * parks the request (_RESMGR_NOREPLY) and another thread answers it
 * later with MsgReply; a signalled client's request reaches io_unblock,
 * which sees _NTO_MI_UNBLOCK_REQ and answers MsgError(rcvid, EINTR); with
 * the default unblock handler the client stays blocked until answered.
 * Also devctl() against DCMD_ALL_GETFLAGS and an unknown command.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <devctl.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#include "kselftest_harness.h"

static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;
static volatile int parked_rcvid, unblock_flags, unblocks;

static int park_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	parked_rcvid = ctp->rcvid;
	return _RESMGR_NOREPLY;
}

static int eintr_unblock(resmgr_context_t *ctp, io_pulse_t *msg, RESMGR_OCB_T *ocb)
{
	struct _msg_info info;

	unblocks++;
	if (MsgInfo(ctp->rcvid, &info) == 0)
		unblock_flags = info.flags;
	if (ctp->rcvid == parked_rcvid && (info.flags & _NTO_MI_UNBLOCK_REQ)) {
		parked_rcvid = 0;
		MsgError(ctp->rcvid, EINTR);
	}
	return _RESMGR_NOREPLY;
}

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	while ((ctp = dispatch_block(ctp)))
		dispatch_handler(ctp);
	return NULL;
}

static void start(const char *path, int own_unblock)
{
	dispatch_t *dpp = dispatch_create();
	pthread_t thr;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS, &iofuncs);
	iofuncs.read = park_read;
	if (own_unblock)
		iofuncs.unblock = eintr_unblock;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	if (!dpp || resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs,
				  &iofuncs, &attr) < 0 ||
	    pthread_create(&thr, NULL, serve, dispatch_context_alloc(dpp))) {
		perror("start");
		_exit(1);
	}
}

static void on_usr1(int sig)
{
}

/* A child blocked in read(); returns its pid.  Exit status: 0 or errno. */
static pid_t blocked_reader(const char *path)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	pid_t pid = fork();

	if (pid == 0) {
		char buf[16];
		int fd = open(path, O_RDONLY);
		ssize_t n;

		sigaction(SIGUSR1, &sa, NULL);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
		if (n == 5 && !memcmp(buf, "later", 5))
			_exit(0);
		_exit(n < 0 ? errno : 99);
	}
	return pid;
}

static int wait_for(volatile int *v, int secs)
{
	for (int i = 0; i < secs * 100 && !*v; i++)
		usleep(10000);
	return *v;
}

TEST(unblock_handler_answers_eintr)
{
	char path[64];
	int status;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-unblock-%d", getpid());
	start(path, 1);
	pid = blocked_reader(path);
	ASSERT_NE(0, wait_for(&parked_rcvid, 5));
	kill(pid, SIGUSR1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(EINTR, WEXITSTATUS(status));
	EXPECT_EQ(1, unblocks);
	EXPECT_TRUE(unblock_flags & _NTO_MI_UNBLOCK_REQ);
}

TEST(default_unblock_keeps_client_until_reply)
{
	char path[64];
	int status, rcvid;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-unblock-%d", getpid());
	start(path, 0);
	pid = blocked_reader(path);
	ASSERT_NE(0, wait_for(&parked_rcvid, 5));
	kill(pid, SIGUSR1);
	usleep(200000);
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG));	/* still blocked */
	/* Answer the parked request later, from this (another) thread. */
	rcvid = parked_rcvid;
	EXPECT_EQ(0, MsgReply(rcvid, 5, "later", 5));
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* Exactly once. */
	EXPECT_EQ(-1, MsgReply(rcvid, 5, "again", 5));
}

TEST(devctl_getflags_and_unknown)
{
	char path[64];
	int fd, flags = 0, info = -1;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-devctl-%d", getpid());
	start(path, 0);
	fd = open(path, O_RDWR | O_NONBLOCK);
	ASSERT_LE(0, fd);
	EXPECT_EQ(EOK, devctl(fd, DCMD_ALL_GETFLAGS, &flags, sizeof(flags), &info));
	EXPECT_EQ(O_RDWR, flags & O_ACCMODE);
	EXPECT_TRUE(flags & O_NONBLOCK);
	EXPECT_EQ(0, info);
	/* No handler knows it: the library's default answers ENOTTY. */
	EXPECT_EQ(ENOTTY, devctl(fd, __DION(0xEE, 7), NULL, 0, NULL));
	EXPECT_EQ(-1, ioctl(fd, __DION(0xEE, 7)));
	EXPECT_EQ(ENOTTY, errno);
	close(fd);
}

TEST_HARNESS_MAIN
