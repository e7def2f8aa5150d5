// SPDX-License-Identifier: GPL-2.0
/*
 * QNX message passing between processes, as a QNX program writes it:
 * ChannelCreate(), ConnectAttach(), MsgSend(), MsgReceive(), MsgRead(),
 * MsgReply(), MsgError(), MsgSendPulse(), ChannelDestroy(), with the
 * _NTO_CHF_UNBLOCK handshake.  The server is the test process; clients
 * are forked children reporting through their exit status.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
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

/*
 * Every form of MsgSend() between processes: a buffer or a vector each
 * way (MsgSendsv, MsgSendvs), the "nc" forms, and the _r forms, which
 * return -errno and leave errno alone.  The server answers each message
 * with its length and the message reversed.
 */
static int send_forms_client(pid_t server, int chid)
{
	char a[3] = "ab", b[4] = "cde", r1[2], r2[6], out[8];
	iov_t s2[2], riov[2];
	int coid;

	coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);
	if (coid < 0)
		return 2;
	SETIOV(&s2[0], a, 2);
	SETIOV(&s2[1], b, 3);
	SETIOV(&riov[0], r1, 2);
	SETIOV(&riov[1], r2, 3);
	/* One buffer out, a vector back. */
	if (MsgSendsv(coid, "hello", 5, riov, 2) != 5 ||
	    memcmp(r1, "ol", 2) || memcmp(r2, "leh", 3))
		return 3;
	/* A vector out, one buffer back. */
	if (MsgSendvs(coid, s2, 2, out, 5) != 5 || memcmp(out, "edcba", 5))
		return 4;
	if (MsgSendnc(coid, "xy", 2, out, 2) != 2 || memcmp(out, "yx", 2))
		return 5;
	if (MsgSendvnc(coid, s2, 2, riov, 2) != 5 ||
	    memcmp(r1, "ed", 2) || memcmp(r2, "cba", 3))
		return 6;
	if (MsgSend_r(coid, "q", 1, out, 1) != 1 || out[0] != 'q')
		return 7;
	/* -1 is no descriptor: EBADF, in the return value only. */
	errno = 1234;
	if (MsgSend_r(-1, "qq", 2, out, 1) != -EBADF || errno != 1234)
		return 8;
	if (MsgSendv_r(-1, s2, 2, riov, 2) != -EBADF ||
	    MsgSendsv_r(-1, "qq", 2, riov, 2) != -EBADF ||
	    MsgSendvs_r(-1, s2, 2, out, 1) != -EBADF || errno != 1234)
		return 9;
	return ConnectDetach(coid) ? 10 : 0;
}

TEST(every_send_form_between_processes)
{
	char buf[16], rev[16];
	int chid, rcvid, i, n;
	pid_t pid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* A server that fails must not leave us on our own copy. */
		close(chid);
		_exit(send_forms_client(getppid(), chid));
	}
	/* Five messages; the failing _r calls never reach us. */
	for (i = 0; i < 5; i++) {
		struct _msg_info info;

		rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
		ASSERT_LT(0, rcvid);
		n = (int)info.msglen;
		for (int j = 0; j < n; j++)
			rev[j] = buf[n - 1 - j];
		ASSERT_EQ(0, MsgReply(rcvid, n, rev, n));
	}
	EXPECT_EQ(0, exit_status(pid));
	EXPECT_EQ(0, ChannelDestroy(chid));
}

/*
 * QNX's metronome: a timer delivering a pulse to a channel of the same
 * process, through a connection to it, with a pointer for a value; and
 * MsgSendPulsePtr() from another process keeping all 64 bits.
 */
TEST(timer_pulse_and_pulse_ptr_reach_the_channel)
{
	struct _itimer it = { .nsec = 1000000, .interval_nsec = 1000000 };
	static int token;
	struct sigevent ev;
	struct _pulse pulse;
	int chid, coid, id, i;
	pid_t server = getpid(), pid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	coid = ConnectAttach(0, 0, chid, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, coid);
	SIGEV_PULSE_INIT(&ev, coid, 10, 4, &token);
	id = TimerCreate(CLOCK_MONOTONIC, &ev);
	ASSERT_LE(0, id);
	ASSERT_EQ(0, TimerSettime(id, 0, &it, NULL));
	for (i = 0; i < 3; i++) {
		memset(&pulse, 0, sizeof(pulse));
		ASSERT_EQ(0, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
		EXPECT_EQ(_PULSE_TYPE, pulse.type);
		EXPECT_EQ(4, pulse.code);
		EXPECT_EQ(&token, pulse.value.sival_ptr);
	}
	ASSERT_EQ(0, TimerDestroy(id));

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int c = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);

		if (c < 0)
			_exit(2);
		_exit(MsgSendPulsePtr(c, 10, 9, (void *)0x123456789abcdef0ULL) ?
		      3 : 0);
	}
	EXPECT_EQ(0, exit_status(pid));
	/* The timer's pulses still queued come first. */
	do {
		ASSERT_EQ(0, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
	} while (pulse.code == 4);
	EXPECT_EQ(9, pulse.code);
	EXPECT_EQ((void *)0x123456789abcdef0ULL, pulse.value.sival_ptr);
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

TEST(timer_timeout_bounds_msgreceive)
{
	uint64_t t = 20000000;
	struct _pulse pulse;
	int chid, coid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	ASSERT_EQ(0, TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL,
				  &t, NULL));
	EXPECT_EQ(-1, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(ETIMEDOUT, errno);
	/* NULL: do not block at all; on the realtime clock too. */
	ASSERT_EQ(0, TimerTimeout(CLOCK_REALTIME, _NTO_TIMEOUT_RECEIVE, NULL,
				  NULL, NULL));
	EXPECT_EQ(-1, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(ETIMEDOUT, errno);
	/* Consumed: the next receive waits, and gets what comes. */
	coid = ConnectAttach(0, 0, chid, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, coid);
	ASSERT_EQ(0, MsgSendPulse(coid, 10, 6, 66));
	ASSERT_EQ(0, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(6, pulse.code);
	/* A timeout that does not expire leaves the call alone. */
	t = 10000000000ULL;
	ASSERT_EQ(0, TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL,
				  &t, NULL));
	ASSERT_EQ(0, MsgSendPulse(coid, 10, 7, 77));
	ASSERT_EQ(0, MsgReceive(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(7, pulse.code);
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

/* A sender whose server never answers gives up at its timeout. */
TEST(timer_timeout_bounds_msgsend)
{
	struct _msg_info info;
	int chid, rcvid;
	char buf[16];
	pid_t server = getpid(), pid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint64_t t = 50000000;
		int coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);

		if (coid < 0)
			_exit(2);
		if (TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_SEND |
				 _NTO_TIMEOUT_REPLY, NULL, &t, NULL))
			_exit(3);
		if (MsgSend(coid, "late", 5, buf, sizeof(buf)) != -1)
			_exit(4);
		if (errno != ETIMEDOUT)
			_exit(5);
		/* The next send is not bounded any more. */
		_exit(MsgSend(coid, "next", 5, buf, sizeof(buf)) == 1 ? 0 : 6);
	}
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_STREQ("late", buf);
	/* Held, never answered: the sender times out and the rcvid dies. */
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_STREQ("next", buf);
	EXPECT_EQ(0, MsgReply(rcvid, 1, NULL, 0));
	EXPECT_EQ(0, exit_status(pid));
	ChannelDestroy(chid);
}

/* The server signals the client that sent a message, with value and code. */
TEST(msgdeliverevent_signals_the_sender)
{
	struct sigevent ev;
	struct _msg_info info;
	int chid, rcvid;
	char buf[16];
	pid_t server = getpid(), pid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct timespec ts = { 10, 0 };
		sigset_t s;
		siginfo_t si;
		int coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);

		sigemptyset(&s);
		sigaddset(&s, SIGUSR2);
		sigprocmask(SIG_BLOCK, &s, NULL);
		if (coid < 0)
			_exit(2);
		if (MsgSend(coid, "arm", 4, NULL, 0) != 0)
			_exit(3);
		if (sigtimedwait(&s, &si, &ts) != SIGUSR2)
			_exit(4);
		if (si.si_code != SI_MINAVAIL + 2 || si.si_value.sival_int != 55)
			_exit(5);
		_exit(si.si_pid == server ? 0 : 6);
	}
	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR2, 0, SI_MINAVAIL + 2);
	ev.sigev_value.sival_int = 55;
	EXPECT_EQ(0, MsgDeliverEvent(rcvid, &ev));
	/* A pulse naming no connection of the client's. */
	SIGEV_PULSE_INIT(&ev, 999, 10, 1, 0);
	EXPECT_EQ(-1, MsgDeliverEvent(rcvid, &ev));
	EXPECT_EQ(EBADF, errno);
	ev.sigev_notify = 0x7777;
	EXPECT_EQ(-1, MsgDeliverEvent(rcvid, &ev));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	EXPECT_EQ(0, exit_status(pid));
	ChannelDestroy(chid);
}

/*
 * The QNX way to be told something later: a client connects to its own
 * channel, puts that coid in a SIGEV_PULSE event it sends the server, and
 * the server's MsgDeliverEvent() pulses the client's channel.
 */
TEST(msgdeliverevent_pulses_the_senders_own_channel)
{
	struct sigevent ev, sig;
	int chid, rcvid, last;
	char buf[8];
	pid_t server = getpid(), pid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct _pulse p;
		int mychid = ChannelCreate(0);
		int self = ConnectAttach(0, 0, mychid, _NTO_SIDE_CHANNEL, 0);
		int coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);

		if (mychid < 0 || self < 0 || coid < 0)
			_exit(2);
		SIGEV_PULSE_INIT(&ev, self, 10, _PULSE_CODE_MINAVAIL + 3,
				 (void *)0x1234567890ULL);
		if (MsgSend(coid, &ev, sizeof(ev), NULL, 0) != 0)
			_exit(3);
		/* One while the server held the message, one after. */
		for (int i = 0; i < 2; i++) {
			if (MsgReceive(mychid, &p, sizeof(p), NULL) != 0)
				_exit(4);
			if (p.code != _PULSE_CODE_MINAVAIL + 3 ||
			    p.value.sival_ptr != (void *)0x1234567890ULL)
				_exit(5);
		}
		/* Stay connected until the server has seen us go. */
		_exit(MsgSend(coid, "bye", 4, NULL, 0) ? 6 : 0);
	}
	rcvid = MsgReceive(chid, &ev, sizeof(ev), NULL);
	ASSERT_LT(0, rcvid);
	EXPECT_EQ(0, MsgDeliverEvent(rcvid, &ev));
	EXPECT_EQ(0, MsgReply(rcvid, 0, NULL, 0));
	/* As on QNX, the rcvid still reaches a client that is connected. */
	EXPECT_EQ(0, MsgDeliverEvent(rcvid, &ev));
	/* A signal after the reply cannot tell whose pid it is now. */
	SIGEV_SIGNAL_INIT(&sig, SIGUSR2);
	EXPECT_EQ(-1, MsgDeliverEvent(rcvid, &sig));
	EXPECT_EQ(ESRCH, errno);
	last = MsgReceive(chid, buf, sizeof(buf), NULL);
	ASSERT_LT(0, last);
	EXPECT_EQ(0, MsgReply(last, 0, NULL, 0));
	EXPECT_EQ(0, exit_status(pid));
	/* Gone with its connections: nobody to deliver to. */
	EXPECT_EQ(-1, MsgDeliverEvent(rcvid, &ev));
	EXPECT_EQ(ESRCH, errno);
	ChannelDestroy(chid);
}

/* Until a message is waiting on @chid: the channel polls readable. */
static int wait_pending(int chid)
{
	struct pollfd p = { .fd = chid, .events = POLLIN };

	return poll(&p, 1, 20000) == 1 ? 0 : -1;
}

/*
 * MsgReceivePulse() takes the pulse behind a message that came first;
 * the next MsgReceive() gets the message, whole and answerable.
 */
TEST(msgreceivepulse_leaves_messages_for_msgreceive)
{
	struct _msg_info info;
	struct _pulse pulse;
	char buf[32] = "";
	int chid, coid, rcvid;
	pid_t server = getpid(), pid;

	chid = ChannelCreate(0);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char reply[8] = "";
		int c = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);

		if (c < 0)
			_exit(2);
		if (MsgSend(c, "first", 6, reply, sizeof(reply)) != 7)
			_exit(3);
		_exit(strcmp(reply, "ok") ? 4 : 0);
	}
	ASSERT_EQ(0, wait_pending(chid));
	coid = ConnectAttach(0, 0, chid, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, coid);
	ASSERT_EQ(0, MsgSendPulse(coid, 10, 9, 99));

	ASSERT_EQ(0, MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(9, pulse.code);
	EXPECT_EQ(99, pulse.value.sival_int);

	rcvid = MsgReceive(chid, buf, sizeof(buf), &info);
	ASSERT_LT(0, rcvid);
	EXPECT_STREQ("first", buf);
	EXPECT_EQ(pid, info.pid);
	EXPECT_EQ(6, info.msglen);
	EXPECT_EQ(6, info.srcmsglen);
	EXPECT_EQ(0, MsgReply(rcvid, 7, "ok", 3));
	EXPECT_EQ(0, exit_status(pid));
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

/*
 * A sender whose message MsgReceivePulse() set aside and that is then
 * signalled is let go with EINTR; its unblock pulse is not passed on.
 */
TEST(msgreceivepulse_lets_a_signalled_waiting_sender_go)
{
	struct _pulse pulse;
	int chid, coid, status = 0;
	pid_t server = getpid(), pid, reaped = 0;

	chid = ChannelCreate(_NTO_CHF_UNBLOCK);
	if (chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, chid);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		int c = ConnectAttach(0, server, chid, 0, 0);

		sigaction(SIGUSR1, &sa, NULL);
		if (c < 0)
			_exit(2);
		if (MsgSend(c, "wait", 5, NULL, 0) != -1)
			_exit(3);
		_exit(errno == EINTR ? 0 : 4);
	}
	ASSERT_EQ(0, wait_pending(chid));
	coid = ConnectAttach(0, 0, chid, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, coid);
	ASSERT_EQ(0, MsgSendPulse(coid, 10, 3, 1));
	ASSERT_EQ(0, MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(3, pulse.code);

	ASSERT_EQ(0, kill(pid, SIGUSR1));
	/*
	 * Receive pulses until the sender is gone: the unblock is handled
	 * inside (no pulse comes out), and the sender gets EINTR.
	 */
	for (int i = 0; i < 500 &&
	     (reaped = waitpid(pid, &status, WNOHANG)) == 0; i++) {
		uint64_t t = 50000000;

		ASSERT_EQ(0, TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE,
					  NULL, &t, NULL));
		EXPECT_EQ(-1, MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL));
		EXPECT_EQ(ETIMEDOUT, errno);
	}
	ASSERT_EQ(pid, reaped);
	ASSERT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* The next pulse still comes out. */
	ASSERT_EQ(0, MsgSendPulse(coid, 10, 4, 2));
	ASSERT_EQ(0, MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL));
	EXPECT_EQ(4, pulse.code);
	ConnectDetach(coid);
	ChannelDestroy(chid);
}

TEST_HARNESS_MAIN
