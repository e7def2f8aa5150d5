// SPDX-License-Identifier: GPL-2.0
/*
 * Attached names end to end, with a raw-protocol server: what ordinary
 * file calls turn into, the OCB lifecycle (close_dup per close, one
 * close_ocb), positions, large transfers, and dying servers and clients.
 */
#include <sched.h>
#include <sys/prctl.h>

#include "raw_server.h"
#include "kselftest_harness.h"

#define TEXT "Hello from resmgr, one line of sample text.\n"

FIXTURE(srv) {
	struct raw_srv srv;
	char path[64];
};

FIXTURE_VARIANT(srv) {
	enum raw_mode mode;
};

FIXTURE_VARIANT_ADD(srv, normal) { .mode = RAW_NORMAL };

FIXTURE_SETUP(srv)
{
	int ret;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(self->path, sizeof(self->path), "/tmp/resmgr-test-%d", getpid());
	memset(&self->srv, 0, sizeof(self->srv));
	ret = raw_start(&self->srv, self->path, variant->mode);
	ASSERT_EQ(0, ret);
	strcpy(self->srv.sh->content, TEXT);
	self->srv.sh->content_len = strlen(TEXT);
}

FIXTURE_TEARDOWN(srv)
{
	raw_stop(&self->srv);
}

TEST_F(srv, open_read_close)
{
	char buf[256] = "";
	int fd = open(self->path, O_RDONLY);

	ASSERT_LE(0, fd);
	EXPECT_EQ(1, self->srv.sh->opens);
	EXPECT_EQ(RESMGR_IOFLAG_READ, self->srv.sh->last_ioflag & RESMGR_IOFLAG_ACCMODE);
	EXPECT_EQ(0, self->srv.sh->last_uid);
	EXPECT_EQ(strlen(TEXT), read(fd, buf, sizeof(buf)));
	EXPECT_STREQ(TEXT, buf);
	EXPECT_EQ(RESMGR_XTYPE_NONE, self->srv.sh->last_xtype);
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));	/* EOF */
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(1, self->srv.sh->close_dups);
	EXPECT_EQ(1, raw_wait_count(&self->srv.sh->close_ocbs, 1, 2));
}

TEST_F(srv, ioflag_encodes_access_plus_one)
{
	int fd = open(self->path, O_RDWR | O_NONBLOCK);

	ASSERT_LE(0, fd);
	EXPECT_EQ(RESMGR_IOFLAG_READ | RESMGR_IOFLAG_WRITE,
		  self->srv.sh->last_ioflag & RESMGR_IOFLAG_ACCMODE);
	EXPECT_TRUE(self->srv.sh->last_ioflag & O_NONBLOCK);
	close(fd);
	fd = open(self->path, O_WRONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(RESMGR_IOFLAG_WRITE, self->srv.sh->last_ioflag & RESMGR_IOFLAG_ACCMODE);
	close(fd);
}

static long long fdinfo_pos(int fd)
{
	char p[64], line[128];
	long long pos = -1;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/self/fdinfo/%d", fd);
	f = fopen(p, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "pos: %lld", &pos) == 1)
			break;
	fclose(f);
	return pos;
}

TEST_F(srv, offsets_lseek_pread)
{
	char buf[64] = "";
	int fd = open(self->path, O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(5, read(fd, buf, 5));
	EXPECT_EQ(0, memcmp(buf, "Hello", 5));
	EXPECT_EQ(5, lseek(fd, 0, SEEK_CUR));
	EXPECT_EQ(5, fdinfo_pos(fd));
	ASSERT_EQ(5, read(fd, buf, 5));
	EXPECT_EQ(0, memcmp(buf, " from", 5));
	EXPECT_EQ(2, lseek(fd, 2, SEEK_SET));
	ASSERT_EQ(3, read(fd, buf, 3));
	EXPECT_EQ(0, memcmp(buf, "llo", 3));
	EXPECT_EQ(7, lseek(fd, 2, SEEK_CUR));
	EXPECT_EQ((off_t)strlen(TEXT) - 1, lseek(fd, -1, SEEK_END));
	ASSERT_EQ(1, read(fd, buf, 10));
	EXPECT_EQ('\n', buf[0]);
	EXPECT_EQ(-1, lseek(fd, -100, SEEK_SET));
	EXPECT_EQ(EINVAL, errno);

	/* pread: explicit offset, XTYPE_OFFSET, position unchanged. */
	EXPECT_EQ(4, lseek(fd, 4, SEEK_SET));
	ASSERT_EQ(4, pread(fd, buf, 4, 6));
	EXPECT_EQ(0, memcmp(buf, "from", 4));
	EXPECT_EQ(RESMGR_XTYPE_OFFSET, self->srv.sh->last_xtype);
	EXPECT_EQ(4, lseek(fd, 0, SEEK_CUR));
	ASSERT_EQ(1, read(fd, buf, 1));
	EXPECT_EQ('o', buf[0]);
	close(fd);
}

TEST_F(srv, stat_and_fstat)
{
	struct stat st;
	int fd;

	ASSERT_EQ(0, stat(self->path, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0640, st.st_mode & 07777);
	EXPECT_EQ(strlen(TEXT), st.st_size);
	EXPECT_EQ(4242, st.st_ino);
	EXPECT_EQ(1000000000, st.st_mtime);
	fd = open(self->path, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(strlen(TEXT), st.st_size);
	EXPECT_LE(2, self->srv.sh->stats);
	close(fd);
}

TEST_F(srv, dup_close_counts)
{
	int fd = open(self->path, O_RDONLY), fd2, fd3;

	ASSERT_LE(0, fd);
	fd2 = dup(fd);
	ASSERT_LE(0, fd2);
	fd3 = dup2(fd, 100);
	ASSERT_EQ(100, fd3);
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(1, self->srv.sh->close_dups);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(2, self->srv.sh->close_dups);
	usleep(100000);
	EXPECT_EQ(0, self->srv.sh->close_ocbs);	/* fd 100 still open */
	EXPECT_EQ(0, close(fd3));
	EXPECT_EQ(3, self->srv.sh->close_dups);
	EXPECT_EQ(1, raw_wait_count(&self->srv.sh->close_ocbs, 1, 2));
	usleep(100000);
	EXPECT_EQ(1, self->srv.sh->close_ocbs);	/* exactly once */
	EXPECT_EQ(1, self->srv.sh->opens);
}

/*
 * The close of the only descriptor ends the OCB in the same message (as
 * QNX's _IO_CLOSE does); with a dup, the first close does not.
 */
TEST_F(srv, last_close_ends_ocb_in_one_message)
{
	int fd = open(self->path, O_RDONLY), fd2;

	ASSERT_LE(0, fd);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(1, self->srv.sh->close_ocbs);		/* already, synchronously */
	EXPECT_EQ(0, self->srv.sh->close_ocb_events);
	fd = open(self->path, O_RDONLY);
	ASSERT_LE(0, fd);
	fd2 = dup(fd);
	EXPECT_EQ(0, close(fd));
	EXPECT_EQ(1, self->srv.sh->close_ocbs);
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(2, self->srv.sh->close_ocbs);
	EXPECT_EQ(0, self->srv.sh->close_ocb_events);
}

TEST_F(srv, fork_shares_one_open)
{
	char buf[16] = "";
	int fd = open(self->path, O_RDONLY), status;
	pid_t pid;

	ASSERT_LE(0, fd);
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(read(fd, buf, 6) == 6 ? 0 : 1);	/* exit closes: close_dup */
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(1, raw_wait_count(&self->srv.sh->close_dups, 1, 2));
	/* The child's read moved the shared position. */
	ASSERT_EQ(4, read(fd, buf, 4));
	EXPECT_EQ(0, memcmp(buf, "from", 4));
	EXPECT_EQ(0, self->srv.sh->close_ocbs);
	close(fd);
	EXPECT_EQ(2, self->srv.sh->close_dups);
	EXPECT_EQ(1, raw_wait_count(&self->srv.sh->close_ocbs, 1, 2));
	EXPECT_EQ(1, self->srv.sh->opens);
}

TEST_F(srv, one_mib_read_and_write)
{
	size_t len = 1 << 20, i;
	char *buf = malloc(len);
	unsigned int sum = 0;
	int fd;

	ASSERT_NE(NULL, buf);
	for (i = 0; i < len; i++)
		self->srv.sh->content[i] = (char)(i * 7 + 3);
	self->srv.sh->content_len = len;
	fd = open(self->path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ((ssize_t)len, read(fd, buf, len));
	EXPECT_EQ(0, memcmp(buf, self->srv.sh->content, len));
	for (i = 0; i < len; i++) {
		buf[i] = (char)(i * 13 + 1);
		sum = sum * 31 + (unsigned char)buf[i];
	}
	ASSERT_EQ((ssize_t)len, write(fd, buf, len));
	EXPECT_EQ((long long)len, self->srv.sh->written);
	EXPECT_EQ(sum, self->srv.sh->write_sum);
	close(fd);
	free(buf);
}

TEST_F(srv, cat_and_echo)
{
	char cmd[256], out[256] = "";
	FILE *p;

	snprintf(cmd, sizeof(cmd), "cat %s", self->path);
	p = popen(cmd, "r");
	ASSERT_NE(NULL, p);
	EXPECT_EQ(strlen(TEXT), fread(out, 1, sizeof(out) - 1, p));
	EXPECT_EQ(0, pclose(p));
	EXPECT_STREQ(TEXT, out);
	snprintf(cmd, sizeof(cmd), "echo written-by-echo > %s", self->path);
	EXPECT_EQ(0, system(cmd));
	EXPECT_EQ(strlen("written-by-echo\n"), self->srv.sh->written);
}

TEST_F(srv, server_exit_leaves_nothing_behind)
{
	struct stat st;
	int i;

	ASSERT_EQ(0, stat(self->path, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	kill(self->srv.pid, SIGKILL);
	waitpid(self->srv.pid, NULL, 0);
	self->srv.pid = 0;
	/* The mount goes, then the placeholder the server mounted on. */
	for (i = 0; i < 300 && (!lstat(self->path, &st) || errno != ENOENT); i++)
		usleep(10000);
	EXPECT_EQ(-1, lstat(self->path, &st));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(srv, busy_mount_goes_when_last_client_closes)
{
	struct stat st;
	char buf[8];
	int fd, i;

	fd = open(self->path, O_RDONLY);
	ASSERT_LE(0, fd);
	kill(self->srv.pid, SIGKILL);
	waitpid(self->srv.pid, NULL, 0);
	self->srv.pid = 0;
	usleep(300000);
	/* Still mounted while a client holds it; calls fail clearly. */
	EXPECT_EQ(-1, stat(self->path, &st));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(0, close(fd));
	for (i = 0; i < 300 && (!lstat(self->path, &st) || errno != ENOENT); i++)
		usleep(10000);
	EXPECT_EQ(-1, lstat(self->path, &st));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * Four server threads on one channel, sixteen clients: every request is
 * taken by exactly one thread (the server counts each once), and more
 * than one thread does the work.
 */
TEST(many_server_threads_share_one_channel)
{
	struct raw_srv srv = { .threads = 4 };
	int c, i, busy = 0, total = 0, status;
	const int clients = 16, reads = 50;
	char path[64];

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/resmgr-mt-%d", getpid());
	ASSERT_EQ(0, raw_start(&srv, path, RAW_NORMAL));
	strcpy(srv.sh->content, TEXT);
	srv.sh->content_len = strlen(TEXT);
	for (c = 0; c < clients; c++) {
		if (fork() == 0) {
			char buf[8];
			int fd = open(path, O_RDONLY);

			for (i = 0; i < reads; i++)
				if (fd < 0 || pread(fd, buf, 5, 0) != 5 ||
				    memcmp(buf, "Hello", 5))
					_exit(1);
			_exit(0);
		}
	}
	for (c = 0; c < clients; c++) {
		ASSERT_LT(0, wait(&status));
		EXPECT_EQ(0, WEXITSTATUS(status));
	}
	EXPECT_EQ(clients * reads, srv.sh->reads);
	/* Exiting clients' closes are not waited for: let them arrive. */
	EXPECT_EQ(clients, raw_wait_count(&srv.sh->close_ocbs, clients, 2));
	/* ...and each client process's DISCONNECT after its last open. */
	EXPECT_EQ(clients, raw_wait_count(&srv.sh->ops[RESMGR_OP_DISCONNECT],
					  clients, 2));
	usleep(100000);
	for (i = 0; i < RAW_MAX_THREADS; i++) {
		total += srv.sh->served[i];
		busy += srv.sh->served[i] > 0;
	}
	EXPECT_LE(2, busy);
	/* Every message taken once. */
	EXPECT_EQ(srv.sh->opens + srv.sh->reads + srv.sh->close_dups +
		  srv.sh->close_ocb_events +
		  srv.sh->ops[RESMGR_OP_DISCONNECT], total);
	raw_stop(&srv);
}

/* A handler keeps the request and another thread answers it later. */
TEST(reply_later_from_another_thread)
{
	struct raw_srv srv = { 0 };
	char path[64], buf[16] = "";
	int fd;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/resmgr-defer-%d", getpid());
	ASSERT_EQ(0, raw_start(&srv, path, RAW_DEFER_READ));
	strcpy(srv.sh->content, TEXT);
	srv.sh->content_len = strlen(TEXT);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(5, pread(fd, buf, 5, 6));
	EXPECT_STREQ("from ", buf);
	/* The replier counts after its ioctl returns; the client may be first. */
	EXPECT_EQ(1, raw_wait_count(&srv.sh->deferred, 1, 2));
	close(fd);
	raw_stop(&srv);
}

TEST(attach_needs_cap_sys_admin)
{
	pid_t pid;
	int status;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct resmgr_attach at = { .size = sizeof(at), .mode = S_IFCHR | 0666 };
		int chan = raw_chan_open();	/* opened with root's rights */

		if (chan < 0)
			_exit(3);
		if (setgid(65534) || setuid(65534))
			_exit(2);
		/* The device itself is root's only (0600). */
		if (open("/dev/resmgr", O_RDWR) >= 0 || errno != EACCES)
			_exit(6);
		if (ioctl(chan, RESMGR_IOC_ATTACH, &at) == 0)
			_exit(4);
		_exit(errno == EPERM ? 0 : 5);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
}

TEST(mount_needs_a_channel_and_link)
{
	char path[64], opts[64];
	int fd;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/resmgr-mnt-%d", getpid());
	fd = open(path, O_CREAT | O_WRONLY, 0600);
	ASSERT_LE(0, fd);
	/* fd 0..2 are not channels; link 99 does not exist. */
	EXPECT_EQ(-1, mount("resmgr", path, "resmgr", 0, "fd=0,link=1"));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	fd = raw_chan_open();
	ASSERT_LE(0, fd);
	snprintf(opts, sizeof(opts), "fd=%d,link=99", fd);
	EXPECT_EQ(-1, mount("resmgr", path, "resmgr", 0, opts));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, mount("resmgr", path, "resmgr", 0, "link=1"));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
	unlink(path);
}

TEST_HARNESS_MAIN
