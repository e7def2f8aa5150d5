// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr_msg_again(): the QNX blocked-read pattern.  io_read finds no
 * data, keeps the rcvid and returns _RESMGR_NOREPLY; io_write stores the
 * data and calls resmgr_msg_again() on the kept read, whose handler runs
 * again, finds the data and answers its client.  The writer's own reply
 * is not disturbed.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
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
static char data[64];
static size_t data_len;
static volatile int kept_rcvid, read_runs, again_ret = 1, again_errno;

static int box_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	size_t n;

	read_runs++;
	if (!data_len) {
		kept_rcvid = ctp->rcvid;
		return _RESMGR_NOREPLY;
	}
	n = data_len < (size_t)msg->i.nbytes ? data_len : msg->i.nbytes;
	MsgReply(ctp->rcvid, n, data, n);
	data_len = 0;
	return _RESMGR_NOREPLY;
}

static int box_write(resmgr_context_t *ctp, io_write_t *msg,
		     RESMGR_OCB_T *ocb)
{
	size_t n = msg->i.nbytes < sizeof(data) ? msg->i.nbytes : sizeof(data);
	int rcvid = kept_rcvid;

	if (resmgr_msgread(ctp, data, n, sizeof(msg->i)) != (ssize_t)n)
		return EIO;
	data_len = n;
	if (rcvid) {
		kept_rcvid = 0;
		again_ret = resmgr_msg_again(ctp, rcvid);
		again_errno = errno;
	}
	_IO_SET_WRITE_NBYTES(ctp, n);
	return _RESMGR_NPARTS(0);
}

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	while ((ctp = dispatch_block(ctp)))
		dispatch_handler(ctp);
	return NULL;
}

static void start(const char *path)
{
	dispatch_t *dpp = dispatch_create();
	pthread_t thr;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS,
			 &iofuncs);
	iofuncs.read = box_read;
	iofuncs.write = box_write;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	if (!dpp || resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs,
				  &iofuncs, &attr) < 0 ||
	    pthread_create(&thr, NULL, serve, dispatch_context_alloc(dpp))) {
		perror("start");
		_exit(1);
	}
}

static int wait_for(volatile int *v, int secs)
{
	for (int i = 0; i < secs * 100 && !*v; i++)
		usleep(10000);
	return *v;
}

TEST(kept_read_runs_again_when_data_arrives)
{
	char path[64], buf[32];
	int status, fd;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-again-%d", getpid());
	start(path);

	pid = fork();
	if (pid == 0) {
		ssize_t n;

		fd = open(path, O_RDONLY);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
		_exit(n == 5 && !memcmp(buf, "hello", 5) ? 0 :
		      n < 0 ? errno : 99);
	}
	ASSERT_NE(0, wait_for(&kept_rcvid, 10));
	EXPECT_EQ(1, read_runs);

	/* The write's own reply still reaches this client. */
	fd = open(path, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(5, write(fd, "hello", 5));
	close(fd);

	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, again_ret);
	EXPECT_EQ(2, read_runs);
	EXPECT_EQ(0, data_len);
}

TEST(an_unknown_rcvid_is_esrch)
{
	char path[64];
	int fd;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-again2-%d", getpid());
	start(path);
	kept_rcvid = 123456;	/* held by nobody */
	fd = open(path, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(3, write(fd, "abc", 3));
	close(fd);
	EXPECT_EQ(-1, again_ret);
	EXPECT_EQ(ESRCH, again_errno);
}

TEST_HARNESS_MAIN
