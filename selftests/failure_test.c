// SPDX-License-Identifier: GPL-2.0
/*
 * When either side misbehaves or dies: a dead server fails its clients at
 * once, SIGKILL frees a client stuck on a server that never answers, and
 * malformed replies are refused (EINVAL/ESRCH to the server, EIO to the
 * client) without a kernel report (tools/vm-run checks the log).
 */
#include "raw_server.h"
#include "kselftest_harness.h"

#define TEXT "0123456789abcdef"

static int start(struct raw_srv *srv, enum raw_mode mode, char *path, size_t len)
{
	int ret;

	snprintf(path, len, "/tmp/resmgr-fail-%d", getpid());
	memset(srv, 0, sizeof(*srv));
	ret = raw_start(srv, path, mode);
	if (!ret) {
		strcpy(srv->sh->content, TEXT);
		srv->sh->content_len = strlen(TEXT);
	}
	return ret;
}

/* The state letter of a task in /proc/<pid>/stat ('D': uninterruptible). */
static char task_state(pid_t pid)
{
	char p[64], buf[512], *s;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%d/stat", pid);
	f = fopen(p, "r");
	if (!f)
		return 0;
	s = fgets(buf, sizeof(buf), f);
	fclose(f);
	s = s ? strrchr(buf, ')') : NULL;
	return s && s[1] ? s[2] : 0;
}

TEST(server_death_fails_blocked_client)
{
	struct raw_srv srv;
	char path[64], buf[16];
	int pipefd[2], fd, status;
	double t0;
	pid_t client;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, start(&srv, RAW_NO_REPLY_READ, path, sizeof(path)));
	ASSERT_EQ(0, pipe(pipefd));
	client = fork();
	ASSERT_LE(0, client);
	if (client == 0) {
		int err;

		fd = open(path, O_RDONLY);
		if (fd < 0)
			_exit(2);
		err = read(fd, buf, sizeof(buf)) < 0 ? errno : 0;
		if (write(pipefd[1], &err, sizeof(err)) != sizeof(err))
			_exit(3);
		/* Later calls fail clearly too. */
		err = read(fd, buf, sizeof(buf)) < 0 ? errno : 0;
		_exit(err == ENOTCONN ? 0 : 4);
	}
	ASSERT_EQ(1, raw_wait_count(&srv.sh->reads, 1, 5));
	usleep(50000);
	t0 = raw_now();
	kill(srv.pid, SIGKILL);
	waitpid(srv.pid, NULL, 0);
	srv.pid = 0;
	{
		int err = -1;

		ASSERT_EQ(sizeof(err), read(pipefd[0], &err, sizeof(err)));
		EXPECT_EQ(ENOTCONN, err);
	}
	EXPECT_GT(1.0, raw_now() - t0);
	ASSERT_EQ(client, waitpid(client, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(0, task_state(client));	/* gone, not stuck in D */
	raw_stop(&srv);
}

TEST(sigkill_frees_client_of_silent_server)
{
	struct raw_srv srv;
	char path[64], buf[16];
	double t0;
	pid_t client;
	int status;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, start(&srv, RAW_NO_REPLY_READ, path, sizeof(path)));
	client = fork();
	ASSERT_LE(0, client);
	if (client == 0) {
		int fd = open(path, O_RDONLY);

		/* Ordinary signals do not break the wait (QNX semantics). */
		signal(SIGUSR1, SIG_IGN);
		if (fd >= 0)
			read(fd, buf, sizeof(buf));
		_exit(1);
	}
	ASSERT_EQ(1, raw_wait_count(&srv.sh->reads, 1, 5));
	kill(client, SIGUSR1);
	usleep(100000);
	EXPECT_EQ(0, waitpid(client, &status, WNOHANG));	/* still waiting */
	t0 = raw_now();
	kill(client, SIGKILL);
	ASSERT_EQ(client, waitpid(client, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_GT(1.0, raw_now() - t0);
	/* The dead client's open still ends with exactly one close_ocb. */
	EXPECT_EQ(1, raw_wait_count(&srv.sh->close_ocbs, 1, 2));
	raw_stop(&srv);
}

FIXTURE(hostile) {
	struct raw_srv srv;
	char path[64];
};

FIXTURE_VARIANT(hostile) {
	enum raw_mode mode;
	int server_errno;	/* what the kernel tells the server */
	int client_errno;	/* what the client's read gets; 0: success */
};

FIXTURE_VARIANT_ADD(hostile, too_much_data) {
	.mode = RAW_READ_TOO_MUCH, .server_errno = EINVAL, .client_errno = EIO,
};

FIXTURE_VARIANT_ADD(hostile, truncated_header) {
	.mode = RAW_READ_SHORT_HDR, .server_errno = EINVAL, .client_errno = -1,
};

FIXTURE_VARIANT_ADD(hostile, status_beyond_data) {
	.mode = RAW_READ_BAD_STATUS, .server_errno = EINVAL, .client_errno = EIO,
};

FIXTURE_VARIANT_ADD(hostile, unknown_id) {
	.mode = RAW_READ_WRONG_ID, .server_errno = 0, .client_errno = 0,
};

FIXTURE_SETUP(hostile)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, start(&self->srv, variant->mode, self->path,
			   sizeof(self->path)));
}

FIXTURE_TEARDOWN(hostile)
{
	raw_stop(&self->srv);
}

TEST_F(hostile, read_reply)
{
	char buf[8];
	int fd = open(self->path, O_RDONLY), err = 0;
	ssize_t n;

	ASSERT_LE(0, fd);
	if (variant->client_errno == -1) {
		/*
		 * A reply too short to name its request cannot be tied to
		 * it: the client stays blocked until the server dies.
		 */
		pid_t pid = fork();

		ASSERT_LE(0, pid);
		if (pid == 0)
			_exit(read(fd, buf, sizeof(buf)) < 0 && errno == ENOTCONN ? 0 : 1);
		ASSERT_EQ(1, raw_wait_count(&self->srv.sh->reads, 1, 5));
		usleep(100000);
		EXPECT_EQ(EINVAL, self->srv.sh->hostile_errno);
		kill(self->srv.pid, SIGKILL);
		ASSERT_EQ(pid, waitpid(pid, &err, 0));
		EXPECT_EQ(0, WEXITSTATUS(err));
		close(fd);
		return;
	}
	n = read(fd, buf, sizeof(buf));
	if (n < 0)
		err = errno;
	EXPECT_EQ(variant->client_errno, err);
	if (!variant->client_errno) {
		EXPECT_EQ(sizeof(buf), n);
	}
	/* The client may wake before the server's ioctl returns. */
	raw_wait_count(&self->srv.sh->hostile_errno, 1, 1);
	if (variant->mode == RAW_READ_WRONG_ID) {
		EXPECT_EQ(ESRCH, self->srv.sh->hostile_errno2);
	} else {
		EXPECT_EQ(variant->server_errno, self->srv.sh->hostile_errno);
	}
	close(fd);
}

TEST(bad_xfer_arguments)
{
	struct resmgr_out_header oh = { .len = sizeof(oh), .unique = 12345 };
	struct iovec iov = { &oh, sizeof(oh) };
	struct resmgr_xfer x = { .size = sizeof(x) };
	char buf[256];
	int chan;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	chan = raw_chan_open();
	ASSERT_LE(0, chan);
	/* A reply to nothing: ESRCH. */
	x.reply_iov = (uintptr_t)&iov;
	x.reply_iovcnt = 1;
	EXPECT_EQ(-1, ioctl(chan, RESMGR_IOC_XFER, &x));
	EXPECT_EQ(ESRCH, errno);
	/* Too many iovecs, unknown flags: EINVAL. */
	x.reply_iovcnt = RESMGR_XFER_IOV_MAX + 1;
	EXPECT_EQ(-1, ioctl(chan, RESMGR_IOC_XFER, &x));
	EXPECT_EQ(EINVAL, errno);
	x.reply_iovcnt = 1;
	x.flags = 0x80;
	EXPECT_EQ(-1, ioctl(chan, RESMGR_IOC_XFER, &x));
	EXPECT_EQ(EINVAL, errno);
	/* A receive buffer smaller than a header, and a bad pointer. */
	memset(&x, 0, sizeof(x));
	x.size = sizeof(x);
	x.recv_buf = (uintptr_t)buf;
	x.recv_len = 8;
	EXPECT_EQ(-1, ioctl(chan, RESMGR_IOC_XFER, &x));
	EXPECT_EQ(EINVAL, errno);
	x.recv_len = sizeof(buf);
	x.flags = RESMGR_XFER_NONBLOCK;
	EXPECT_EQ(-1, ioctl(chan, RESMGR_IOC_XFER, &x));
	EXPECT_EQ(EAGAIN, errno);
	x.reply_iov = 16;
	x.reply_iovcnt = 1;
	EXPECT_EQ(-1, ioctl(chan, RESMGR_IOC_XFER, &x));
	EXPECT_EQ(EFAULT, errno);
	close(chan);
}

TEST_HARNESS_MAIN
