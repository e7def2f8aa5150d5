// SPDX-License-Identifier: GPL-2.0
/*
 * Priority inheritance as a QNX program sees it through libresmgr:
 * MsgReceive() on a ChannelCreate(0) channel runs the server at the
 * sender's priority, which SchedGet() reports, until MsgReply();
 * ChannelCreate(_NTO_CHF_FIXED_PRIORITY) keeps its own; a resource
 * manager from dispatch_create() serves a SCHED_FIFO client's open and
 * read at the client's priority.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
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

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void be_normal(void)
{
	struct sched_param sp = { 0 };

	sched_setscheduler(0, SCHED_OTHER, &sp);
}

/* A child at SCHED_FIFO @prio that sends one message to (@server, @chid). */
static pid_t fifo_sender(pid_t server, int chid, int prio)
{
	struct sched_param sp = { .sched_priority = prio };
	pid_t pid = fork();
	char reply[8];
	int coid;

	if (pid)
		return pid;
	if (SchedSet(0, 0, SCHED_FIFO, &sp))
		_exit(2);
	coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);
	if (coid < 0)
		_exit(3);
	_exit(MsgSend(coid, "hi", 3, reply, sizeof(reply)) == 0 ? 0 : 4);
}

static void receive_at(struct __test_metadata *_metadata, unsigned int flags,
		       int policy, int prio)
{
	struct sched_param sp;
	int chid, rcvid;
	char buf[16];
	pid_t pid;

	be_normal();
	chid = ChannelCreate(flags);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fifo_sender(getpid(), chid, 17);
	rcvid = MsgReceive(chid, buf, sizeof(buf), NULL);
	ASSERT_LT(0, rcvid);
	memset(&sp, 0, sizeof(sp));
	EXPECT_EQ(policy, SchedGet(0, 0, &sp));
	EXPECT_EQ(prio, sp.sched_priority);
	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	/* Replied: the server's own again. */
	EXPECT_EQ(SCHED_OTHER, SchedGet(0, 0, &sp));
	EXPECT_EQ(0, sp.sched_priority);
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(0, ChannelDestroy(chid));
}

TEST(msgreceive_runs_at_the_senders_priority)
{
	receive_at(_metadata, 0, SCHED_FIFO, 17);
}

TEST(fixed_priority_channel_keeps_its_own)
{
	receive_at(_metadata, _NTO_CHF_FIXED_PRIORITY, SCHED_OTHER, 0);
}

/* A resource manager: the open and read handlers note what they ran at. */
static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;
static volatile int open_policy = -1, open_prio = -1;
static volatile int read_policy = -1, read_prio = -1;

static int note(volatile int *policy, volatile int *prio)
{
	struct sched_param sp = { 0 };

	*policy = SchedGet(0, 0, &sp);
	*prio = sp.sched_priority;
	return 0;
}

static int prio_open(resmgr_context_t *ctp, io_open_t *msg,
		     RESMGR_HANDLE_T *handle, void *extra)
{
	note(&open_policy, &open_prio);
	return iofunc_open_default(ctp, msg, handle, extra);
}

static int prio_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	note(&read_policy, &read_prio);
	_IO_SET_READ_NBYTES(ctp, 0);
	return _RESMGR_NPARTS(0);
}

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	be_normal();
	for (;;) {
		ctp = dispatch_block(ctp);
		if (!ctp)
			return NULL;
		dispatch_handler(ctp);
	}
}

TEST(resmgr_serves_a_fifo_client_at_its_priority)
{
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	char path[64], c;
	pthread_t thr;
	int id, fd;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	be_normal();
	snprintf(path, sizeof(path), "/tmp/lib-prio-%d", getpid());
	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS, &iofuncs);
	cfuncs.open = prio_open;
	iofuncs.read = prio_read;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	id = resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs, &iofuncs, &attr);
	ASSERT_LE(0, id);
	ctp = dispatch_context_alloc(dpp);
	ASSERT_NE(NULL, ctp);
	ASSERT_EQ(0, pthread_create(&thr, NULL, serve, ctp));

	pid = fork();
	ASSERT_LE(0, pid);
	if (!pid) {
		struct sched_param sp = { .sched_priority = 23 };

		if (sched_setscheduler(0, SCHED_FIFO, &sp))
			_exit(2);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			_exit(3);
		if (read(fd, &c, 1) != 0)
			_exit(4);
		_exit(close(fd) ? 5 : 0);
	}
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(SCHED_FIFO, open_policy);
	EXPECT_EQ(23, open_prio);
	EXPECT_EQ(SCHED_FIFO, read_policy);
	EXPECT_EQ(23, read_prio);
	EXPECT_EQ(0, resmgr_detach(dpp, id, 0));
}

TEST_HARNESS_MAIN
