// SPDX-License-Identifier: GPL-2.0
/*
 * Neutrino message passing between processes through resmgr.ko
 * (RESMGR_FEAT_IPC): a channel published with RESMGR_IOC_CHANNEL, a
 * connection from another process through /dev/resmgr-conn, MsgSend()
 * as RESMGR_CONN_SEND (SEND-blocked, then REPLY-blocked until the
 * server answers), MsgRead()/MsgWrite() by offset, MsgError(), pulses,
 * unblocking by signal with and without RESMGR_CHANNEL_UNBLOCK, SIGKILL,
 * a dead channel, who may connect, and DISCONNECT.
 *
 * The server is the test process; clients are forked children that
 * report through their exit status.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/resmgr.h>

#include "kselftest_harness.h"

#define WAIT_MS 10000

struct msg {
	struct resmgr_in_header ih;
	union {
		struct resmgr_msgsend_in send;
		struct resmgr_pulse_in pulse;
		struct resmgr_unblock_in unblock;
	} b;
	char rest[256];
};

/* A MSGSEND's message: right after its body. */
#define MSG_DATA(m) ((char *)&(m)->b + sizeof((m)->b.send))

/* A channel with RESMGR_FEAT_IPC, published; its chid in *chid. */
static int ipc_chan(uint32_t flags, uint32_t mode, uint32_t *chid)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
		.features = RESMGR_FEAT_IPC,
	};
	struct resmgr_channel ch = { .size = sizeof(ch), .flags = flags, .mode = mode };
	int fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ioctl(fd, RESMGR_IOC_HELLO, &h) || !(h.features & RESMGR_FEAT_IPC) ||
	    ioctl(fd, RESMGR_IOC_CHANNEL, &ch)) {
		close(fd);
		return -1;
	}
	*chid = ch.chid;
	return fd;
}

/* Receive one message within WAIT_MS; its length, or -1. */
static int recv_msg(int chan, struct msg *m)
{
	struct resmgr_xfer x = {
		.size = sizeof(x), .recv_buf = (uintptr_t)m, .recv_len = sizeof(*m),
		.timeout_ns = WAIT_MS * 1000000ULL,
	};
	int ret;

	memset(m, 0, sizeof(*m));
	do {
		ret = ioctl(chan, RESMGR_IOC_XFER, &x);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

/* Answer @unique: error, or status with @len bytes of @data. */
static int reply(int chan, uint64_t unique, int error, long status,
		 const void *data, size_t len)
{
	struct resmgr_out_header oh = {
		.len = sizeof(oh) + len, .unique = unique,
		.error = error, .status = status,
	};
	struct iovec iov[2] = { { &oh, sizeof(oh) }, { (void *)data, len } };
	struct resmgr_xfer x = {
		.size = sizeof(x), .reply_iov = (uintptr_t)iov,
		.reply_iovcnt = len ? 2 : 1,
	};

	return ioctl(chan, RESMGR_IOC_XFER, &x);
}

/* A connection to (@pid, @chid), or -errno. */
static int conn_open(pid_t pid, uint32_t chid)
{
	struct resmgr_conn_attach a = { .size = sizeof(a), .pid = pid, .chid = chid };
	int fd = open("/dev/resmgr-conn", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (ioctl(fd, RESMGR_CONN_ATTACH, &a)) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

/* MsgSend(): the status, or -1 with errno. */
static long conn_send(int coid, const void *smsg, size_t slen, void *rmsg, size_t rlen)
{
	struct iovec s = { (void *)smsg, slen }, r = { rmsg, rlen };
	struct resmgr_conn_send cs = {
		.size = sizeof(cs), .send_iov = (uintptr_t)&s, .send_parts = 1,
		.recv_iov = (uintptr_t)&r, .recv_parts = 1,
	};

	return ioctl(coid, RESMGR_CONN_SEND, &cs);
}

static int conn_pulse(int coid, int code, uint64_t value)
{
	struct resmgr_conn_pulse p = {
		.size = sizeof(p), .code = code, .priority = 10, .value = value,
	};

	return ioctl(coid, RESMGR_CONN_PULSE, &p);
}

/* The child's exit status, or -1 if it did not end within WAIT_MS. */
static int child_status(pid_t pid)
{
	int status;

	for (int i = 0; i < WAIT_MS / 10; i++) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) :
			       128 + WTERMSIG(status);
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static void on_usr1(int sig)
{
	(void)sig;
}

FIXTURE(ipc) {
	int chan;
	uint32_t chid;
	pid_t server;
};

FIXTURE_SETUP(ipc)
{
	if (access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	self->chan = ipc_chan(0, 0, &self->chid);
	ASSERT_LE(0, self->chan);
	self->server = getpid();
	ASSERT_NE(0, self->chid);
}

FIXTURE_TEARDOWN(ipc)
{
	if (self->chan >= 0)
		close(self->chan);
}

TEST(channel_needs_the_ipc_feature)
{
	struct resmgr_hello h = { .size = sizeof(h), .major = RESMGR_VERSION_MAJOR };
	struct resmgr_channel ch = { .size = sizeof(ch) };
	int fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, ioctl(fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(EOPNOTSUPP, errno);
	h = (struct resmgr_hello){ .size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
				   .features = RESMGR_FEAT_IPC };
	ASSERT_EQ(0, ioctl(fd, RESMGR_IOC_HELLO, &h));
	ch.flags = 0x80;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(EINVAL, errno);
	ch.flags = 0;
	ch.mode = 0777;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(EINVAL, errno);
	ch.mode = 0;
	ASSERT_EQ(0, ioctl(fd, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_NE(0, ch.chid);
	ch.chid = 0;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(EBUSY, errno);
	close(fd);
}

TEST_F(ipc, send_receive_reply_between_processes)
{
	struct msg m;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		char rbuf[16] = "";
		int coid = conn_open(self->server, self->chid);

		if (coid < 0)
			_exit(2);
		if (conn_send(coid, "hello", 5, rbuf, sizeof(rbuf)) != 42)
			_exit(3);
		_exit(memcmp(rbuf, "world", 6) ? 4 : 0);
	}
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_EQ(RESMGR_OP_MSGSEND, m.ih.opcode);
	EXPECT_EQ(pid, m.ih.pid);
	EXPECT_EQ(0, m.ih.ocb);
	EXPECT_EQ(5, m.b.send.nbytes);
	EXPECT_EQ(16, m.b.send.out_max);
	EXPECT_NE(0, m.b.send.scoid);
	EXPECT_EQ(0, memcmp(MSG_DATA(&m), "hello", 5));
	ASSERT_EQ(0, reply(self->chan, m.ih.unique, 0, 42, "world", 6));
	EXPECT_EQ(0, child_status(pid));
}

/* MsgRead()/MsgWrite(): the server reads and writes by offset. */
TEST_F(ipc, msgread_and_msgwrite_by_offset)
{
	struct resmgr_msgio io = { .size = sizeof(io) };
	char part[4] = "", big[200];
	struct msg m;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		char rbuf[200];
		int coid = conn_open(self->server, self->chid);

		memset(big, 'a', sizeof(big));
		memcpy(big + 100, "XYZ", 3);
		memset(rbuf, '.', sizeof(rbuf));
		if (coid < 0)
			_exit(2);
		if (conn_send(coid, big, sizeof(big), rbuf, sizeof(rbuf)) != 7)
			_exit(3);
		/*
		 * Written at 150, nothing before it: zeros, never old memory;
		 * nothing past what the server wrote.
		 */
		if (memcmp(rbuf + 150, "late", 4) || rbuf[0] != 0 || rbuf[160] != '.')
			_exit(4);
		_exit(0);
	}
	ASSERT_LT(0, recv_msg(self->chan, &m));
	io.unique = m.ih.unique;
	io.offset = sizeof(m.ih) + sizeof(m.b.send) + 100;
	io.buf = (uintptr_t)part;
	io.len = 3;
	EXPECT_EQ(3, ioctl(self->chan, RESMGR_IOC_MSGREAD, &io));
	EXPECT_EQ(0, memcmp(part, "XYZ", 3));
	io.offset = 150;
	io.buf = (uintptr_t)"late";
	io.len = 4;
	EXPECT_EQ(4, ioctl(self->chan, RESMGR_IOC_MSGWRITE, &io));
	/* Past the sender's reply buffer: nothing. */
	io.offset = 200;
	EXPECT_EQ(0, ioctl(self->chan, RESMGR_IOC_MSGWRITE, &io));
	ASSERT_EQ(0, reply(self->chan, m.ih.unique, 0, 7, NULL, 0));
	EXPECT_EQ(0, child_status(pid));
}

TEST_F(ipc, error_reply_fails_the_send)
{
	struct msg m;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int coid = conn_open(self->server, self->chid);

		if (coid < 0)
			_exit(2);
		if (conn_send(coid, "x", 1, NULL, 0) != -1)
			_exit(3);
		_exit(errno == EPERM ? 0 : 4);
	}
	ASSERT_LT(0, recv_msg(self->chan, &m));
	ASSERT_EQ(0, reply(self->chan, m.ih.unique, EPERM, 0, NULL, 0));
	EXPECT_EQ(0, child_status(pid));
}

/* A reply bigger than the sender's buffer is refused, not cut. */
TEST_F(ipc, reply_bigger_than_the_buffer_is_refused)
{
	struct msg m;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		char rbuf[4];
		int coid = conn_open(self->server, self->chid);

		if (coid < 0)
			_exit(2);
		if (conn_send(coid, "x", 1, rbuf, sizeof(rbuf)) != -1)
			_exit(3);
		_exit(errno == EIO ? 0 : 4);
	}
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_EQ(-1, reply(self->chan, m.ih.unique, 0, 8, "12345678", 8));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, child_status(pid));
}

TEST_F(ipc, pulses_from_another_process)
{
	struct msg m;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		int coid = conn_open(self->server, self->chid);

		if (coid < 0)
			_exit(2);
		if (conn_pulse(coid, 5, 0x123456789ULL) || conn_pulse(coid, -3, 7))
			_exit(3);
		/* A code outside -128..127 is no pulse. */
		if (conn_pulse(coid, 200, 0) != -1 || errno != EINVAL)
			_exit(4);
		_exit(0);
	}
	EXPECT_EQ(0, child_status(pid));
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_EQ(RESMGR_OP_PULSE, m.ih.opcode);
	EXPECT_EQ(5, m.b.pulse.code);
	EXPECT_EQ(10, m.b.pulse.priority);
	EXPECT_EQ(0x123456789ULL, m.b.pulse.value);
	EXPECT_NE(0, m.b.pulse.scoid);
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_EQ(-3, m.b.pulse.code);
	/* An event takes no reply. */
	EXPECT_EQ(-1, reply(self->chan, m.ih.unique, 0, 0, NULL, 0));
}

/* Pulses never block their sender, and never pile up without bound. */
TEST_F(ipc, pulses_waiting_are_bounded)
{
	const char *param = "/sys/module/resmgr/parameters/max_pulses";
	int coid = conn_open(0, self->chid);
	unsigned int i, sent = 0;
	char old[32] = "";
	struct msg m;
	FILE *f;

	ASSERT_LE(0, coid);
	f = fopen(param, "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(old, sizeof(old), f));
	fclose(f);
	f = fopen(param, "w");
	ASSERT_NE(NULL, f);
	fprintf(f, "8\n");
	fclose(f);
	for (i = 0; i < 20; i++)
		if (!conn_pulse(coid, 1, i))
			sent++;
		else
			EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(8, sent);
	/* Received ones make room again. */
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_EQ(0, conn_pulse(coid, 1, 99));
	f = fopen(param, "w");
	ASSERT_NE(NULL, f);
	fputs(old, f);
	fclose(f);
	close(coid);
}

TEST_F(ipc, dead_channel_fails_connections_clearly)
{
	int coid = conn_open(0, self->chid);
	uint32_t chid = self->chid;

	ASSERT_LE(0, coid);
	close(self->chan);
	self->chan = -1;
	EXPECT_EQ(-1, conn_send(coid, "x", 1, NULL, 0));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, conn_pulse(coid, 1, 1));
	EXPECT_EQ(ENOTCONN, errno);
	close(coid);
	EXPECT_EQ(-ESRCH, conn_open(0, chid));
}

TEST_F(ipc, connect_checks_its_arguments)
{
	int fd = open("/dev/resmgr-conn", O_RDWR | O_CLOEXEC);
	struct resmgr_conn_attach a = { .size = sizeof(a), .chid = self->chid };

	ASSERT_LE(0, fd);
	/* Not a connection yet. */
	EXPECT_EQ(-1, conn_send(fd, "x", 1, NULL, 0));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-ESRCH, conn_open(0, self->chid + 1000));
	/* The channel is this process's, not init's. */
	EXPECT_EQ(-ESRCH, conn_open(1, self->chid));
	a.flags = 2;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_CONN_ATTACH, &a));
	EXPECT_EQ(EINVAL, errno);
	a.flags = 0;
	a.reserved = 1;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_CONN_ATTACH, &a));
	EXPECT_EQ(EINVAL, errno);
	a.reserved = 0;
	/* A number without the flag, or another file's with it. */
	a.coid = fd;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_CONN_ATTACH, &a));
	EXPECT_EQ(EINVAL, errno);
	a.flags = RESMGR_CONN_ATTACH_COID;
	a.coid = self->chan;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_CONN_ATTACH, &a));
	EXPECT_EQ(EBADF, errno);
	a.coid = -1;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_CONN_ATTACH, &a));
	EXPECT_EQ(EBADF, errno);
	a.flags = 0;
	a.coid = 0;
	ASSERT_EQ(0, ioctl(fd, RESMGR_CONN_ATTACH, &a));
	EXPECT_EQ(-1, ioctl(fd, RESMGR_CONN_ATTACH, &a));
	EXPECT_EQ(EISCONN, errno);
	close(fd);
}

/* A pulse to client process @pid's connection @coid, no request held. */
static int deliver_client(int chan, pid_t pid, int coid, int code,
			  uint64_t value)
{
	struct resmgr_deliver d = {
		.size = sizeof(d), .flags = RESMGR_DELIVER_CLIENT, .pid = pid,
		.coid = coid, .code = code, .priority = 10, .value = value,
	};

	return ioctl(chan, RESMGR_IOC_DELIVER, &d) ? -errno : 0;
}

/*
 * A connection to (@pid, @chid) at descriptor @at, registered under that
 * number; @at, or -errno.
 */
static int conn_open_at(pid_t pid, uint32_t chid, int at)
{
	struct resmgr_conn_attach a = {
		.size = sizeof(a), .flags = RESMGR_CONN_ATTACH_COID,
		.pid = pid, .chid = chid, .coid = at,
	};
	int fd = open("/dev/resmgr-conn", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -errno;
	if (dup2(fd, at) != at) {
		close(fd);
		return -EBADF;
	}
	close(fd);
	if (ioctl(at, RESMGR_CONN_ATTACH, &a)) {
		int err = errno;

		close(at);
		return -err;
	}
	return at;
}

static int deliver(int chan, uint64_t unique, int coid, int code,
		   uint64_t value)
{
	struct resmgr_deliver d = {
		.size = sizeof(d), .unique = unique, .coid = coid,
		.code = code, .priority = 10, .value = value,
	};

	return ioctl(chan, RESMGR_IOC_DELIVER, &d) ? -errno : 0;
}

/*
 * QNX's MsgDeliverEvent() of a pulse: a client gives the server the coid
 * of its connection to its own channel; the server, while it holds the
 * client's message, sends a pulse there by that number, and reaches no
 * connection of any other process.
 */
TEST_F(ipc, deliver_sends_a_pulse_to_the_senders_own_connection)
{
	/* The client's number for its connection, and the server's too. */
	const int at = 200;
	struct msg m, none;
	struct resmgr_xfer x = {
		.size = sizeof(x), .flags = RESMGR_XFER_NONBLOCK,
		.recv_buf = (uintptr_t)&none, .recv_len = sizeof(none),
	};
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint32_t cchid;
		int cchan = ipc_chan(0, 0, &cchid);
		int coid = conn_open(self->server, self->chid);
		struct msg p;

		if (cchan < 0 || coid < 0 || conn_open_at(0, cchid, at) != at)
			_exit(2);
		/* at + 1 leads to the server's channel, not the client's. */
		if (conn_open_at(self->server, self->chid, at + 1) != at + 1)
			_exit(2);
		if (conn_send(coid, &at, sizeof(at), NULL, 0))
			_exit(3);
		/* The pulse came while the server held the message. */
		if (recv_msg(cchan, &p) < 0 || p.ih.opcode != RESMGR_OP_PULSE)
			_exit(4);
		if (p.b.pulse.code != 9 || p.b.pulse.value != 0xfeedULL)
			_exit(5);
		_exit(0);
	}
	/* The server's own connection under the same number. */
	ASSERT_EQ(at, conn_open_at(0, self->chid, at));
	ASSERT_LT(0, recv_msg(self->chan, &m));
	ASSERT_EQ(RESMGR_OP_MSGSEND, m.ih.opcode);
	ASSERT_EQ(at, *(int *)MSG_DATA(&m));

	EXPECT_EQ(-ESRCH, deliver(self->chan, m.ih.unique + 1000, at, 9, 0));
	EXPECT_EQ(-EBADF, deliver(self->chan, m.ih.unique, at + 2, 9, 0));
	/* Only the client's connections to its own channels. */
	EXPECT_EQ(-EPERM, deliver(self->chan, m.ih.unique, at + 1, 9, 0));
	EXPECT_EQ(-EINVAL, deliver(self->chan, m.ih.unique, at, 200, 0));
	EXPECT_EQ(0, deliver(self->chan, m.ih.unique, at, 9, 0xfeedULL));
	/* The sender's connection got it, not the server's of that number. */
	EXPECT_EQ(-1, ioctl(self->chan, RESMGR_IOC_XFER, &x));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(0, reply(self->chan, m.ih.unique, 0, 0, NULL, 0));
	/* Replied: the message is no longer the server's to deliver for. */
	EXPECT_EQ(-ESRCH, deliver(self->chan, m.ih.unique, at, 9, 0));
	EXPECT_EQ(0, child_status(pid));
	close(at);
}

/* RESMGR_CONN_INFO: what the connection reaches, and whether it does. */
TEST_F(ipc, conn_info_names_the_server_until_it_closes)
{
	struct resmgr_conn_info ci = { .size = sizeof(ci) };
	int fd = open("/dev/resmgr-conn", O_RDWR | O_CLOEXEC);
	int coid = conn_open(0, self->chid);

	ASSERT_LE(0, fd);
	ASSERT_LE(0, coid);
	EXPECT_EQ(-1, ioctl(fd, RESMGR_CONN_INFO, &ci));
	EXPECT_EQ(ENOTCONN, errno);
	ci.reserved = 1;
	EXPECT_EQ(-1, ioctl(coid, RESMGR_CONN_INFO, &ci));
	EXPECT_EQ(EINVAL, errno);
	ci.reserved = 0;
	ASSERT_EQ(0, ioctl(coid, RESMGR_CONN_INFO, &ci));
	EXPECT_EQ(0, ci.flags);
	EXPECT_EQ(self->server, ci.pid);
	EXPECT_EQ(self->chid, ci.chid);
	EXPECT_LT(0, ci.scoid);
	close(self->chan);
	self->chan = -1;
	ASSERT_EQ(0, ioctl(coid, RESMGR_CONN_INFO, &ci));
	EXPECT_EQ(RESMGR_CONN_INFO_DEAD, ci.flags);
	EXPECT_EQ(self->chid, ci.chid);
	close(coid);
	close(fd);
}

/* A chid the server picks is unique in its process, not beyond it. */
TEST(server_chosen_chid_is_per_process)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
		.features = RESMGR_FEAT_IPC,
	};
	struct resmgr_channel ch = { .size = sizeof(ch), .chid = 7 };
	int a = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	int b = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	pid_t pid;

	if (a < 0 && access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, ioctl(a, RESMGR_IOC_HELLO, &h));
	ASSERT_EQ(0, ioctl(b, RESMGR_IOC_HELLO, &h));
	ch.chid = 0x80000000u;
	EXPECT_EQ(-1, ioctl(a, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(EINVAL, errno);
	ch.chid = 7;
	ASSERT_EQ(0, ioctl(a, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(7, ch.chid);
	EXPECT_EQ(-1, ioctl(b, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(EEXIST, errno);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int c = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
		struct resmgr_channel c7 = { .size = sizeof(c7), .chid = 7 };

		if (ioctl(c, RESMGR_IOC_HELLO, &h) || ioctl(c, RESMGR_IOC_CHANNEL, &c7))
			_exit(2);
		/* 7 is ours here; the parent's 7 is still the parent's. */
		_exit(conn_open(getppid(), 7) >= 0 ? 0 : 3);
	}
	EXPECT_EQ(0, child_status(pid));
	/* Once its channel is closed, the id is free again. */
	close(a);
	ch.chid = 7;
	EXPECT_EQ(0, ioctl(b, RESMGR_IOC_CHANNEL, &ch));
	close(b);
}

/* Mode 0: the server's user only; 0002: anyone; PRIVATE: its process. */
TEST(who_may_connect)
{
	uint32_t c0, c2, cp;
	int ch0 = ipc_chan(0, 0, &c0);
	int ch2 = ipc_chan(0, 0002, &c2);
	int chp = ipc_chan(RESMGR_CHANNEL_PRIVATE, 0002, &cp);
	pid_t server = getpid(), pid;

	if (ch0 < 0 && access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_LE(0, ch0);
	ASSERT_LE(0, ch2);
	ASSERT_LE(0, chp);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int fd;

		/* Another process of the same user: not PRIVATE's. */
		if (conn_open(server, cp) != -EACCES)
			_exit(2);
		if (setgid(65534) || setuid(65534))
			_exit(3);
		if (conn_open(server, c0) != -EACCES)
			_exit(4);
		fd = conn_open(server, c2);
		_exit(fd >= 0 ? 0 : 5);
	}
	EXPECT_EQ(0, child_status(pid));
	/* The owner's own process may use its PRIVATE channel. */
	EXPECT_LE(0, conn_open(0, cp));
	close(ch0);
	close(ch2);
	close(chp);
}

/* Without RESMGR_CHANNEL_UNBLOCK a signal ends a held send at once. */
TEST_F(ipc, signal_without_unblock_flag_is_eintr_at_once)
{
	struct msg m;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		int coid = conn_open(self->server, self->chid);

		sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
		if (coid < 0)
			_exit(2);
		if (conn_send(coid, "hold", 4, NULL, 0) != -1)
			_exit(3);
		_exit(errno == EINTR ? 0 : 4);
	}
	ASSERT_LT(0, recv_msg(self->chan, &m));
	ASSERT_EQ(0, kill(pid, SIGUSR1));
	EXPECT_EQ(0, child_status(pid));
	/* The server's late answer finds nobody. */
	EXPECT_EQ(-1, reply(self->chan, m.ih.unique, 0, 0, NULL, 0));
	EXPECT_EQ(ESRCH, errno);
}

/* With it, the server gets UNBLOCK and decides; the sender waits. */
TEST(signal_with_unblock_flag_waits_for_the_server)
{
	uint32_t chid;
	int chan = ipc_chan(RESMGR_CHANNEL_UNBLOCK, 0, &chid);
	pid_t server = getpid(), pid;
	struct msg m, u;

	if (chan < 0 && access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_LE(0, chan);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct sigaction sa = { .sa_handler = on_usr1 };
		int coid = conn_open(server, chid);

		sigaction(SIGUSR1, &sa, NULL);
		if (coid < 0)
			_exit(2);
		/* The server finishes the work: the send succeeds. */
		_exit(conn_send(coid, "hold", 4, NULL, 0) == 9 ? 0 : 3);
	}
	ASSERT_LT(0, recv_msg(chan, &m));
	ASSERT_EQ(0, kill(pid, SIGUSR1));
	ASSERT_LT(0, recv_msg(chan, &u));
	EXPECT_EQ(RESMGR_OP_UNBLOCK, u.ih.opcode);
	EXPECT_EQ(m.ih.unique, u.b.unblock.target);
	EXPECT_EQ(0, reply(chan, m.ih.unique, 0, 9, NULL, 0));
	EXPECT_EQ(0, child_status(pid));
	close(chan);
}

TEST(sigkill_always_frees_a_reply_blocked_sender)
{
	uint32_t chid;
	int chan = ipc_chan(RESMGR_CHANNEL_UNBLOCK, 0, &chid);
	pid_t server = getpid(), pid;
	struct msg m;

	if (chan < 0 && access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_LE(0, chan);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int coid = conn_open(server, chid);

		conn_send(coid, "hold", 4, NULL, 0);
		_exit(0);
	}
	ASSERT_LT(0, recv_msg(chan, &m));
	ASSERT_EQ(0, kill(pid, SIGKILL));
	EXPECT_EQ(128 + SIGKILL, child_status(pid));
	EXPECT_EQ(-1, reply(chan, m.ih.unique, 0, 0, NULL, 0));
	EXPECT_EQ(ESRCH, errno);
	close(chan);
}

/* RESMGR_CHANNEL_DISCONNECT: the last connection of a process going. */
TEST(disconnect_when_a_client_process_lets_go)
{
	uint32_t chid;
	int chan = ipc_chan(RESMGR_CHANNEL_DISCONNECT, 0, &chid);
	pid_t server = getpid(), pid;
	struct msg m;

	if (chan < 0 && access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_LE(0, chan);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int a = conn_open(server, chid), b = conn_open(server, chid);

		_exit(a >= 0 && b >= 0 ? 0 : 2);	/* both close on exit */
	}
	EXPECT_EQ(0, child_status(pid));
	ASSERT_LT(0, recv_msg(chan, &m));
	EXPECT_EQ(RESMGR_OP_DISCONNECT, m.ih.opcode);
	EXPECT_EQ(pid, m.ih.pid);
	close(chan);
}

/*
 * The server closing its channel while clients send, pulse and attach:
 * every client ends (nobody waits forever), with ENOTCONN or ESRCH, and
 * the kernel stays clean (the debug kernels check).  Bounded by time.
 */
/*
 * QNX lets a server deliver on a message it has replied to: by the
 * client's pid, while the process is a client of the channel (it has a
 * connection to it or an open through it), and never to anyone else.
 */
TEST_F(ipc, deliver_reaches_a_client_after_the_reply)
{
	const int at = 200;
	struct resmgr_deliver d;
	struct msg m;
	pid_t pid;
	int go[2];

	ASSERT_EQ(0, pipe(go));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		uint32_t cchid;
		int cchan = ipc_chan(0, 0, &cchid);
		int coid = conn_open(self->server, self->chid);
		struct msg p;
		char c;

		close(go[1]);
		close(self->chan);	/* the server's, not ours to keep */
		if (cchan < 0 || coid < 0 || conn_open_at(0, cchid, at) != at)
			_exit(2);
		if (conn_send(coid, &at, sizeof(at), NULL, 0))
			_exit(3);
		if (recv_msg(cchan, &p) < 0 || p.ih.opcode != RESMGR_OP_PULSE ||
		    p.b.pulse.code != 4 || p.b.pulse.value != 44)
			_exit(4);
		/* Let go of the server; wait until it has tried again. */
		close(coid);
		if (read(go[0], &c, 1) != 1)
			_exit(5);
		_exit(0);
	}
	close(go[0]);
	ASSERT_LT(0, recv_msg(self->chan, &m));
	ASSERT_EQ(RESMGR_OP_MSGSEND, m.ih.opcode);
	ASSERT_EQ(0, reply(self->chan, m.ih.unique, 0, 0, NULL, 0));
	/* The request is gone; the client is still connected. */
	EXPECT_EQ(-ESRCH, deliver(self->chan, m.ih.unique, at, 4, 44));
	EXPECT_EQ(0, deliver_client(self->chan, pid, at, 4, 44));
	/* Not a client of this channel; not a pid at all. */
	EXPECT_EQ(-ESRCH, deliver_client(self->chan, 1, at, 4, 44));
	EXPECT_EQ(-ESRCH, deliver_client(self->chan, -5, at, 4, 44));
	/* The flag names the client by pid, never by request as well. */
	memset(&d, 0, sizeof(d));
	d.size = sizeof(d);
	d.flags = RESMGR_DELIVER_CLIENT;
	d.pid = pid;
	d.unique = m.ih.unique;
	d.coid = at;
	EXPECT_EQ(-1, ioctl(self->chan, RESMGR_IOC_DELIVER, &d));
	EXPECT_EQ(EINVAL, errno);
	d.flags = 0;
	EXPECT_EQ(-1, ioctl(self->chan, RESMGR_IOC_DELIVER, &d));
	EXPECT_EQ(EINVAL, errno);
	/* Once it has let go of the channel, it is nobody's to reach. */
	for (int i = 0; i < 1000; i++) {
		if (deliver_client(self->chan, pid, at, 4, 44) == -ESRCH)
			break;
		usleep(10000);
	}
	EXPECT_EQ(-ESRCH, deliver_client(self->chan, pid, at, 4, 44));
	ASSERT_EQ(1, write(go[1], "x", 1));
	close(go[1]);
	EXPECT_EQ(0, child_status(pid));
}

/* The client's thread that makes and drops its registered connection. */
static volatile int churn_stop;
static uint32_t churn_chid;

static void *churn(void *arg)
{
	while (!churn_stop) {
		if (conn_open_at(0, churn_chid, 200) == 200)
			close(200);
	}
	return NULL;
}

/*
 * A server delivering to a connection number while the client registers
 * and releases connections under it, and closes its channel at the end
 * with pulses still queued: on the debug kernel, KASAN and lockdep watch
 * the registry's lookups against the releases.
 */
TEST(deliver_races_the_connection_going_away)
{
	struct timespec t0, t;
	uint32_t chid;
	int chan, sent = 0;
	struct msg m;
	pid_t server = getpid(), pid;

	if (access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	chan = ipc_chan(0, 0, &chid);
	ASSERT_LE(0, chan);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int cchan, coid;
		pthread_t th;
		long n;

		close(chan);	/* the server's, not ours to keep */
		cchan = ipc_chan(0, 0, &churn_chid);
		coid = conn_open(server, chid);
		if (cchan < 0 || coid < 0 ||
		    pthread_create(&th, NULL, churn, NULL))
			_exit(2);
		do {
			n = conn_send(coid, "x", 1, NULL, 0);
		} while (n == 0);
		churn_stop = 1;
		pthread_join(th, NULL);
		/* The server went away; queued pulses go with our channel. */
		_exit(n == -1 && errno == ENOTCONN ? 0 : 3);
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		ASSERT_LT(0, recv_msg(chan, &m));
		ASSERT_EQ(RESMGR_OP_MSGSEND, m.ih.opcode);
		for (int i = 0; i < 16; i++) {
			int ret = deliver(chan, m.ih.unique, 200, 1, i);

			ASSERT_TRUE(ret == 0 || ret == -EBADF || ret == -EAGAIN)
				TH_LOG("deliver: %d", ret);
		}
		ASSERT_EQ(0, reply(chan, m.ih.unique, 0, 0, NULL, 0));
		sent++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < 10);
	close(chan);
	EXPECT_EQ(0, child_status(pid));
	TH_LOG("%d messages", sent);
}

TEST(channel_close_racing_senders)
{
	struct timespec t0, t;
	int rounds = 0;

	if (access("/dev/resmgr-conn", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		pid_t server = getpid(), kids[4];
		uint32_t chid;
		int chan = ipc_chan(0, 0, &chid);
		struct msg m;

		ASSERT_LE(0, chan);
		for (int k = 0; k < 4; k++) {
			kids[k] = fork();
			ASSERT_LE(0, kids[k]);
			if (kids[k] == 0) {
				char r[8];
				int coid;

				close(chan);	/* the server's, not ours to keep */
				coid = conn_open(server, chid);

				if (coid < 0)
					_exit(coid == -ESRCH ? 0 : 2);
				for (;;) {
					long n = k & 1 ? conn_pulse(coid, 1, 1) :
						 conn_send(coid, "ping", 4, r, sizeof(r));

					if (n < 0 && errno != EAGAIN)
						_exit(errno == ENOTCONN ? 0 : 3);
				}
			}
		}
		/* Answer a few, then go away with requests queued and held. */
		for (int i = 0; i < 8 + rounds % 8; i++) {
			if (recv_msg(chan, &m) <= 0)
				break;
			if (m.ih.opcode == RESMGR_OP_MSGSEND && i % 3)
				reply(chan, m.ih.unique, 0, 4, "pong", 4);
		}
		close(chan);
		for (int k = 0; k < 4; k++)
			ASSERT_EQ(0, child_status(kids[k])) TH_LOG("round %d", rounds);
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (rounds < 3 || (t.tv_sec - t0.tv_sec < 20 && rounds < 200));
	TH_LOG("%d rounds", rounds);
}

TEST_HARNESS_MAIN
