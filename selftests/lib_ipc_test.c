// SPDX-License-Identifier: GPL-2.0
/*
 * QNX message passing between processes, as a QNX program writes it:
 * ChannelCreate(), ConnectAttach(), MsgSend(), MsgReceive(), MsgRead(),
 * MsgReply(), MsgError(), MsgSendPulse(), ChannelDestroy(), with the
 * _NTO_CHF_UNBLOCK handshake.  The server is the test process; clients
 * are forked children reporting through their exit status.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <sys/dispatch.h>

#include "kselftest_harness.h"

static void on_usr1(int sig)
{
	(void)sig;
}

static int exit_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

TEST(msgsend_msgreceive_msgreply_between_processes)
{
	char buf[64], part[4] = "";
	struct _msg_info info;
	struct _pulse pulse;
	int chid, rcvid;
	pid_t server = getpid(), pid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char reply[16] = "";
		int coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);

		if (coid < 0)
			_exit(2);
		if (MsgSend(coid, "ping", 5, reply, sizeof(reply)) != 3)
			_exit(3);
		if (strcmp(reply, "pong"))
			_exit(4);
		if (MsgSendPulse(coid, 10, 5, 77))
			_exit(5);
		_exit(ConnectDetach(coid) ? 6 : 0);
	}
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_STREQ("ping", buf);
	EXPECT_EQ(pid, info.pid);
	EXPECT_EQ(chid, info.chid);
	EXPECT_EQ(5, info.srcmsglen);
	EXPECT_EQ(16, info.dstmsglen);
	/* The sender's buffer, by offset, as long as the message is held. */
	EXPECT_EQ(2, MsgRead(rcvid, part, 2, 1));
	EXPECT_EQ(0, memcmp(part, "in", 2));
	EXPECT_EQ(0, MsgReply(rcvid, 3, "pong", 5));
	/* Replied: the rcvid is gone. */
	EXPECT_EQ(-1, MsgReply(rcvid, 0, NULL, 0));
	EXPECT_EQ(ESRCH, errno);

	EXPECT_EQ(0, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(_PULSE_TYPE, pulse.type);
	EXPECT_EQ(5, pulse.code);
	EXPECT_EQ(77, pulse.value.sival_int);
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(0, ChannelDestroy(chid));
	EXPECT_EQ(-1, ChannelDestroy(chid));
}

/* _NTO_CHF_UNBLOCK: the signalled sender waits for the server's say. */
TEST(unblock_pulse_then_msgerror)
{
	struct _msg_info info;
	struct _pulse pulse;
	int chid, rcvid;
	char buf[16];
	pid_t server = getpid(), pid;

	chid = ChannelCreate(_NTO_CHF_UNBLOCK);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		int coid = ConnectAttach(0, server, chid, 0, _NTO_COF_CLOEXEC);

		sigaction(SIGUSR1, &sa, NULL);
		if (coid < 0)
			_exit(2);
		if (MsgSend(coid, "wait", 5, NULL, 0) != -1)
			_exit(3);
		_exit(errno == EINTR ? 0 : 4);
	}
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	ASSERT_EQ(0, kill(pid, SIGUSR1));
	ASSERT_EQ(0, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(_PULSE_CODE_UNBLOCK, pulse.code);
	EXPECT_EQ(rcvid, pulse.value.sival_int);
	EXPECT_EQ(0, MsgError(rcvid, EINTR));
	EXPECT_EQ(0, exit_status(pid));
	ChannelDestroy(chid);
}

TEST(connect_to_what_is_not_there)
{
	int chid = ChannelCreate(0);

	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	EXPECT_EQ(-1, ConnectAttach(0, getpid(), chid + 1, 0, 0));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(-1, ConnectAttach(5, getpid(), chid, 0, 0));	/* no network */
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, MsgReceive(chid + 1, NULL, 0, NULL));
	EXPECT_EQ(ESRCH, errno);
	ChannelDestroy(chid);
}

TEST_HARNESS_MAIN
