// SPDX-License-Identifier: GPL-2.0
/*
 * The servers of the QNX-source corpus (selftests/qnx-sources/), built
 * by the Makefile into build/qnx-sources/, run here as a QNX developer
 * would run them and driven by Linux clients: open, read, write, ioctl
 * (a devctl command is its ioctl number), poll, readdir and stat on the
 * name each attaches, and the corpus's own clients (can_canctl,
 * fsys_info) against the servers they were written for.  Each check is
 * an answer the program is written to give.
 *
 * Each server attaches the name given as its argv[1] below a fresh
 * directory; it is attached once /proc/self/mountinfo shows a mount
 * there.  A server must still be running when
 * its test ends and must die of the SIGTERM it then gets: one that
 * crashed or exited fails its test.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/statvfs.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <devctl.h>
#include <sys/can_dcmd.h>
#include <sys/dcmd_blk.h>
#include <sys/dcmd_chr.h>
#include <sys/fs_stats.h>
#include <sys/slog.h>

#include "kselftest_harness.h"

#define GUARD_MS	20000	/* failure guard for every wait */
#define MAX_SERVERS	2

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/*
 * Wait (up to a few seconds) until @pid sleeps in the kernel, as a
 * child blocked in poll() does, so that what follows wakes it rather
 * than finding it not yet waiting.  A state, not a time.
 */
static void wait_sleeping(pid_t pid)
{
	long end = now_ms() + 5000;
	char path[64], buf[256], *p;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	while (now_ms() < end) {
		f = fopen(path, "r");
		if (!f)
			return;
		p = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
		fclose(f);
		if (p && p[1] == ' ' && p[2] == 'S')
			return;
		sched_yield();
	}
}

/* build/qnx-sources/<name>, next to this program's build/selftests/. */
static void corpus_bin(char *bin, size_t len, const char *name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = '\0';
	snprintf(bin, len, "%s/../qnx-sources/%s", dirname(self), name);
}

FIXTURE(corpus) {
	char dir[64];		/* everything a test attaches is below it */
	pid_t pid[MAX_SERVERS];
	int nservers;
};

FIXTURE_SETUP(corpus)
{
	snprintf(self->dir, sizeof(self->dir), "/tmp/corpus-%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	self->nservers = 0;
}

/* Only a test that already failed leaves a server running. */
FIXTURE_TEARDOWN(corpus)
{
	int i;

	for (i = 0; i < self->nservers; i++) {
		if (self->pid[i] > 0) {
			kill(self->pid[i], SIGKILL);
			waitpid(self->pid[i], NULL, 0);
		}
	}
}

/* self->dir/<name>, or self->dir itself for an empty name. */
static void path_of(FIXTURE_DATA(corpus) *self, char *p, size_t len,
		    const char *name)
{
	snprintf(p, len, "%s%s%s", self->dir, *name ? "/" : "", name);
}

/* Has the server attached @path?  A mount is then there. */
static int attached(const char *path)
{
	char line[1024], mnt[PATH_MAX];
	int found = 0;
	FILE *f = fopen("/proc/self/mountinfo", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%*s %*s %*s %*s %4095s", mnt) == 1 &&
			strcmp(mnt, path) == 0;
	fclose(f);
	return found;
}

/*
 * Start build/qnx-sources/@prog with @arg as argv[1] (none if NULL) and
 * wait until each of the @n names in @names (below self->dir) is
 * attached.  Returns the server's index, or -1 with the reason logged.
 */
static int start_server(struct __test_metadata *_metadata,
			FIXTURE_DATA(corpus) *self, const char *prog,
			const char *arg, const char *const *names, int n)
{
	char bin[PATH_MAX], p[PATH_MAX];
	int i, status, idx = self->nservers;
	pid_t pid;
	long end;

	corpus_bin(bin, sizeof(bin), prog);
	if (idx == MAX_SERVERS)
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO);	/* not in our TAP */
		execl(bin, prog, arg, (char *)NULL);
		_exit(127);
	}
	self->pid[idx] = pid;
	self->nservers++;
	end = now_ms() + GUARD_MS;
	for (i = 0; i < n; i++) {
		path_of(self, p, sizeof(p), names[i]);
		while (!attached(p)) {
			if (waitpid(pid, &status, WNOHANG) == pid) {
				self->pid[idx] = 0;
				TH_LOG("%s ended before attaching %s: status 0x%x",
				       prog, p, status);
				return -1;
			}
			if (now_ms() > end) {
				TH_LOG("%s did not attach %s", prog, p);
				return -1;
			}
			usleep(10000);
		}
	}
	return idx;
}

/*
 * End server @idx: it must still be running (a crash or an exit is a
 * failure) and must die of SIGTERM, which none of them catches.
 */
static int stop_server(struct __test_metadata *_metadata,
		       FIXTURE_DATA(corpus) *self, int idx)
{
	pid_t pid = self->pid[idx];
	int status;

	if (pid <= 0)
		return -1;
	if (waitpid(pid, &status, WNOHANG) == pid) {
		self->pid[idx] = 0;
		TH_LOG("server %d ended before its test did: status 0x%x",
		       pid, status);
		return -1;
	}
	if (kill(pid, SIGTERM) || waitpid(pid, &status, 0) != pid)
		return -1;
	self->pid[idx] = 0;
	if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGTERM) {
		TH_LOG("server %d: status 0x%x, not SIGTERM", pid, status);
		return -1;
	}
	return 0;
}

/*
 * Run build/qnx-sources/@prog with up to two arguments; its output,
 * stdout and stderr, in @out (NUL-terminated).  Returns its wait status, or -1.
 */
static int run_client(const char *prog, const char *a1, const char *a2,
		      char *out, size_t len)
{
	char bin[PATH_MAX];
	struct pollfd pfd;
	size_t got = 0;
	int pipefd[2], status;
	long end;
	pid_t pid;

	corpus_bin(bin, sizeof(bin), prog);
	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(bin, prog, a1, a2, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	end = now_ms() + GUARD_MS;
	out[0] = '\0';
	while (got < len - 1 && poll(&pfd, 1, end - now_ms()) == 1) {
		ssize_t n = read(pipefd[0], out + got, len - 1 - got);

		if (n <= 0)
			break;
		got += n;
		out[got] = '\0';
	}
	close(pipefd[0]);
	if (now_ms() > end)
		kill(pid, SIGKILL);
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

/* A client's output in the log, each line a TAP comment. */
static void log_output(struct __test_metadata *_metadata, const char *prog,
		       char *out)
{
	char *line, *save = NULL;

	TH_LOG("%s said:", prog);
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		TH_LOG("  %s", line);
}

/* ---------------------------------------------------------- simple_device */

/*
 * simple_device.c: a read gives its greeting from the open's offset,
 * a write takes everything offered, the name is a device (S_IFNAM)
 * whose size is the greeting's.
 */
TEST_F(corpus, simple_device)
{
	static const char greeting[] = "greetings from a QNX-style device\n";
	const char *names[] = { "sample" };
	char p[PATH_MAX], buf[128], big[200];
	struct stat st;
	int idx, fd;

	path_of(self, p, sizeof(p), "sample");
	idx = start_server(_metadata, self, "simple_device", p, names, 1);
	ASSERT_LE(0, idx);

	ASSERT_EQ(0, stat(p, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(strlen(greeting), st.st_size);

	fd = open(p, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(10, read(fd, buf, 10));
	EXPECT_EQ(0, memcmp(buf, greeting, 10));
	ASSERT_EQ(strlen(greeting) - 10, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, greeting + 10, strlen(greeting) - 10));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));	/* the end */
	EXPECT_EQ(5, write(fd, "hello", 5));
	memset(big, 'x', sizeof(big));	/* more than it keeps: all taken */
	EXPECT_EQ(sizeof(big), write(fd, big, sizeof(big)));
	EXPECT_EQ(0, close(fd));

	/* A second open reads from the start again. */
	fd = open(p, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(strlen(greeting), read(fd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, greeting, strlen(greeting)));
	EXPECT_EQ(0, close(fd));

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ---------------------------------------------------------- devctl_server */

/* devctl_server.c's commands, as its clients' shared header says them. */
#define MYDEV_GET_COUNT	__DIOF(_DCMD_MISC, 0x10, uint32_t)
#define MYDEV_SET_COUNT	__DIOT(_DCMD_MISC, 0x11, uint32_t)
#define MYDEV_ADD	__DIOTF(_DCMD_MISC, 0x12, uint32_t)

/*
 * devctl_server.c: a counter set, read and added to by ioctl() with
 * the commands' numbers; DCMD_ALL_GETFLAGS from the iofunc default;
 * any other command refused.
 */
TEST_F(corpus, devctl_server)
{
	const char *names[] = { "counter" };
	char p[PATH_MAX];
	uint32_t v;
	int idx, fd, fd2, flags = 0;

	path_of(self, p, sizeof(p), "counter");
	idx = start_server(_metadata, self, "devctl_server", p, names, 1);
	ASSERT_LE(0, idx);

	fd = open(p, O_RDWR);
	ASSERT_LE(0, fd);
	v = 0xdead;
	ASSERT_EQ(0, ioctl(fd, MYDEV_GET_COUNT, &v));
	EXPECT_EQ(0, v);
	v = 40;
	ASSERT_EQ(0, ioctl(fd, MYDEV_SET_COUNT, &v));
	v = 2;
	ASSERT_EQ(0, ioctl(fd, MYDEV_ADD, &v));
	EXPECT_EQ(42, v);		/* the sum comes back in place */

	/* One counter for every open. */
	fd2 = open(p, O_RDONLY);
	ASSERT_LE(0, fd2);
	v = 0;
	ASSERT_EQ(0, ioctl(fd2, MYDEV_GET_COUNT, &v));
	EXPECT_EQ(42, v);
	EXPECT_EQ(0, devctl(fd2, MYDEV_GET_COUNT, &v, sizeof(v), NULL));
	EXPECT_EQ(42, v);

	ASSERT_EQ(0, ioctl(fd, DCMD_ALL_GETFLAGS, &flags));
	EXPECT_EQ(O_RDWR, flags & O_ACCMODE);
	ASSERT_EQ(0, ioctl(fd2, DCMD_ALL_GETFLAGS, &flags));
	EXPECT_EQ(O_RDONLY, flags & O_ACCMODE);

	/*
	 * Not one of its commands: its ENOSYS is ENOTTY to ioctl(), as
	 * Linux says it, and ENOSYS to devctl(), as QNX does.
	 */
	EXPECT_EQ(-1, ioctl(fd, __DIOF(_DCMD_MISC, 0x13, uint32_t), &v));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(ENOSYS, devctl(fd, __DIOF(_DCMD_MISC, 0x13, uint32_t), &v,
				 sizeof(v), NULL));
	EXPECT_EQ(0, close(fd2));
	EXPECT_EQ(0, close(fd));

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ---------------------------------------------------------- serial_devctl */

/*
 * serial_devctl.c: the termios a port keeps (raw at the start, what
 * DCMD_CHR_TCSETATTR set afterwards), DTR and RTS through
 * DCMD_CHR_SERCTL read back in DCMD_CHR_LINESTATUS, no characters
 * waiting, and ENOTTY for a command it does not serve.
 */
TEST_F(corpus, serial_devctl)
{
	const char *names[] = { "ser1" };
	struct termios t;
	char p[PATH_MAX];
	unsigned lines;
	int idx, fd, bits, n;

	path_of(self, p, sizeof(p), "ser1");
	idx = start_server(_metadata, self, "serial_devctl", p, names, 1);
	ASSERT_LE(0, idx);

	fd = open(p, O_RDWR);
	ASSERT_LE(0, fd);
	memset(&t, 0xff, sizeof(t));
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_TCGETATTR, &t));
	EXPECT_EQ(0, t.c_lflag & (ICANON | ECHO | ISIG));	/* cfmakeraw */
	EXPECT_EQ(CS8, t.c_cflag & CSIZE);

	t.c_lflag |= ICANON | ECHO;
	cfsetospeed(&t, B19200);
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_TCSETATTR, &t));
	memset(&t, 0, sizeof(t));
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_TCGETATTR, &t));
	EXPECT_EQ(ICANON | ECHO, t.c_lflag & (ICANON | ECHO));
	EXPECT_EQ(B19200, cfgetospeed(&t));

	lines = ~0u;
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_LINESTATUS, &lines));
	EXPECT_EQ(0, lines & (_LINESTATUS_SER_DTR | _LINESTATUS_SER_RTS));
	bits = _SERCTL_DTR | _SERCTL_DTR_CHG | _SERCTL_RTS | _SERCTL_RTS_CHG;
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_SERCTL, &bits));
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_LINESTATUS, &lines));
	EXPECT_EQ(_LINESTATUS_SER_DTR | _LINESTATUS_SER_RTS,
		  lines & (_LINESTATUS_SER_DTR | _LINESTATUS_SER_RTS));
	bits = _SERCTL_DTR_CHG;		/* DTR down, RTS left alone */
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_SERCTL, &bits));
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_LINESTATUS, &lines));
	EXPECT_EQ(_LINESTATUS_SER_RTS,
		  lines & (_LINESTATUS_SER_DTR | _LINESTATUS_SER_RTS));

	n = -1;
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_ISCHARS, &n));
	EXPECT_EQ(0, n);
	EXPECT_EQ(0, ioctl(fd, DCMD_CHR_TCDRAIN));

	/* The settings are the port's, not the open's. */
	EXPECT_EQ(0, close(fd));
	fd = open(p, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_TCGETATTR, &t));
	EXPECT_EQ(B19200, cfgetospeed(&t));
	ASSERT_EQ(0, ioctl(fd, DCMD_CHR_LINESTATUS, &lines));
	EXPECT_EQ(_LINESTATUS_SER_RTS,
		  lines & (_LINESTATUS_SER_DTR | _LINESTATUS_SER_RTS));
	EXPECT_EQ(-1, ioctl(fd, DCMD_CHR_TCFLUSH, &n));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(0, close(fd));

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ---------------------------------------------------------- notify_server */

static short poll_now(int fd, short events, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = events };

	return poll(&pfd, 1, ms) == 1 ? pfd.revents : 0;
}

/*
 * notify_server.c: a 1024-byte FIFO.  poll() says writable and not
 * readable while it is empty; a poll waiting in another process is
 * woken by a write; bytes come out in order; it takes no more than its
 * room, and a full one is not writable until a read makes room.
 */
TEST_F(corpus, notify_server)
{
	const char *names[] = { "fifo" };
	char p[PATH_MAX], buf[2048];
	int idx, fd, status, i;
	pid_t child;

	path_of(self, p, sizeof(p), "fifo");
	idx = start_server(_metadata, self, "notify_server", p, names, 1);
	ASSERT_LE(0, idx);

	fd = open(p, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(POLLOUT, poll_now(fd, POLLIN | POLLOUT, 0));

	/* A reader waiting in poll() is woken by a writer. */
	child = fork();
	ASSERT_LE(0, child);
	if (child == 0) {
		int rfd = open(p, O_RDONLY);

		_exit(rfd >= 0 && poll_now(rfd, POLLIN, GUARD_MS) == POLLIN ?
		      0 : 1);
	}
	wait_sleeping(child);	/* not needed to pass: lets it wait first */
	ASSERT_EQ(3, write(fd, "abc", 3));
	ASSERT_EQ(child, waitpid(child, &status, 0));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_EQ(POLLIN | POLLOUT, poll_now(fd, POLLIN | POLLOUT, 0));

	ASSERT_EQ(3, write(fd, "def", 3));
	ASSERT_EQ(4, read(fd, buf, 4));
	EXPECT_EQ(0, memcmp(buf, "abcd", 4));
	ASSERT_EQ(2, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "ef", 2));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));	/* empty: nothing */
	EXPECT_EQ(POLLOUT, poll_now(fd, POLLIN | POLLOUT, 0));

	/* Filled: it takes its room's worth and is then not writable. */
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)i;
	ASSERT_EQ(1024, write(fd, buf, sizeof(buf)));
	EXPECT_EQ(POLLIN, poll_now(fd, POLLIN | POLLOUT, 0));
	ASSERT_EQ(100, read(fd, buf, 100));
	EXPECT_EQ(99, buf[99]);
	EXPECT_EQ(POLLIN | POLLOUT, poll_now(fd, POLLIN | POLLOUT, 0));
	ASSERT_EQ(924, read(fd, buf, sizeof(buf)));
	EXPECT_EQ((char)100, buf[0]);
	EXPECT_EQ((char)1023, buf[923]);
	EXPECT_EQ(0, close(fd));

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* -------------------------------------------------------------- dir_extra */

/*
 * dir_extra.c: a directory of three entries, each with its type from
 * the stat the server put after its name.
 */
TEST_F(corpus, dir_extra)
{
	static const struct {
		const char *name;
		unsigned char type;
	} want[] = { { "config", DT_REG }, { "logs", DT_DIR },
		     { "current", DT_LNK } };
	const char *names[] = { "dirx" };
	char p[PATH_MAX];
	struct dirent *de;
	struct stat st;
	int idx, i, seen = 0, others = 0;
	DIR *d;

	path_of(self, p, sizeof(p), "dirx");
	idx = start_server(_metadata, self, "dir_extra", p, names, 1);
	ASSERT_LE(0, idx);

	ASSERT_EQ(0, stat(p, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	d = opendir(p);
	ASSERT_NE(NULL, d);
	while ((de = readdir(d)) != NULL) {
		for (i = 0; i < 3; i++)
			if (strcmp(de->d_name, want[i].name) == 0)
				break;
		if (i == 3) {
			if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
				others++;
			continue;
		}
		EXPECT_EQ(0, seen & (1 << i));
		seen |= 1 << i;
		EXPECT_EQ(want[i].type, de->d_type) {
			TH_LOG("%s: d_type %d", de->d_name, de->d_type);
		}
	}
	EXPECT_EQ(7, seen);
	EXPECT_EQ(0, others);
	EXPECT_EQ(0, closedir(d));

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ------------------------------------------------------------ thread_pool */

static int threads_of(pid_t pid)
{
	char p[64], line[128];
	int n = -1;
	FILE *f;

	snprintf(p, sizeof(p), "/proc/%d/status", pid);
	f = fopen(p, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Threads: %d", &n) == 1)
			break;
	fclose(f);
	return n;
}

/*
 * thread_pool.c: a name served by a pool of 2 to 4 idle threads with
 * the iofunc defaults: many clients at once each open, stat, read
 * (nothing: the name holds no data) and close it.
 */
TEST_F(corpus, thread_pool)
{
	const char *names[] = { "pooled" };
	char p[PATH_MAX];
	int idx, i, status, n;
	pid_t child[8];

	path_of(self, p, sizeof(p), "pooled");
	idx = start_server(_metadata, self, "thread_pool", p, names, 1);
	ASSERT_LE(0, idx);

	for (i = 0; i < 8; i++) {
		child[i] = fork();
		ASSERT_LE(0, child[i]);
		if (child[i] == 0) {
			int round, bad = 0;

			for (round = 0; round < 50 && !bad; round++) {
				struct stat st;
				char c;
				int fd = open(p, O_RDWR);

				bad = fd < 0 || fstat(fd, &st) ||
				      !S_ISCHR(st.st_mode) ||
				      read(fd, &c, 1) != 0 || close(fd);
			}
			_exit(bad);
		}
	}
	for (i = 0; i < 8; i++) {
		ASSERT_EQ(child[i], waitpid(child[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	n = threads_of(self->pid[idx]);
	EXPECT_LE(2, n);
	EXPECT_GE(51, n);	/* its maximum, and the first thread */

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ---------------------------------------------- can_driver and can_canctl */

/*
 * can_driver.c: a loopback controller with a receive and a transmit
 * mailbox.  A frame sent on tx1 is received on rx0, once; each
 * mailbox refuses the other's commands; the statistics count it; new
 * bit timing gives the rate its formula says.  can_canctl.c, the
 * client written for it, then prints what the driver says.
 */
TEST_F(corpus, can_driver)
{
	const char *names[] = { "can1/rx0", "can1/tx1" };
	char dev[PATH_MAX], rx[PATH_MAX], tx[PATH_MAX], out[4096];
	int idx, rfd, tfd, status;
	DCMD_DATA d;

	path_of(self, dev, sizeof(dev), "can1");
	ASSERT_EQ(0, mkdir(dev, 0755));
	path_of(self, rx, sizeof(rx), "can1/rx0");
	path_of(self, tx, sizeof(tx), "can1/tx1");
	idx = start_server(_metadata, self, "can_driver", dev, names, 2);
	ASSERT_LE(0, idx);

	rfd = open(rx, O_RDWR);
	ASSERT_LE(0, rfd);
	tfd = open(tx, O_RDWR);
	ASSERT_LE(0, tfd);

	/* Each mailbox's message id; only rx0 has a filter, all ones. */
	d.mid = 0x123;
	ASSERT_EQ(0, ioctl(tfd, CAN_DEVCTL_SET_MID, &d));
	memset(&d, 0, sizeof(d));
	ASSERT_EQ(0, ioctl(tfd, CAN_DEVCTL_GET_MID, &d));
	EXPECT_EQ(0x123, d.mid);
	ASSERT_EQ(0, ioctl(rfd, CAN_DEVCTL_GET_MID, &d));
	EXPECT_EQ(0, d.mid);
	ASSERT_EQ(0, ioctl(rfd, CAN_DEVCTL_GET_MFILTER, &d));
	EXPECT_EQ(0xffffffff, d.mfilter);
	EXPECT_EQ(-1, ioctl(tfd, CAN_DEVCTL_GET_MFILTER, &d));
	EXPECT_EQ(EINVAL, errno);

	/* Nothing received yet; a frame sent comes back once. */
	EXPECT_EQ(-1, ioctl(rfd, CAN_DEVCTL_RX_FRAME_RAW_NOBLOCK, &d));
	EXPECT_EQ(EAGAIN, errno);
	memset(&d, 0, sizeof(d));
	d.canmsg.mid = 0x123;
	d.canmsg.len = 3;
	memcpy(d.canmsg.dat, "\x01\x02\x03", 3);
	EXPECT_EQ(-1, ioctl(rfd, CAN_DEVCTL_TX_FRAME_RAW, &d));
	EXPECT_EQ(EINVAL, errno);	/* rx0 sends nothing */
	ASSERT_EQ(0, ioctl(tfd, CAN_DEVCTL_TX_FRAME_RAW, &d));
	d.canmsg.len = CAN_MSG_DATA_MAX + 1;
	EXPECT_EQ(-1, ioctl(tfd, CAN_DEVCTL_TX_FRAME_RAW, &d));
	EXPECT_EQ(EINVAL, errno);
	memset(&d, 0, sizeof(d));
	ASSERT_EQ(0, ioctl(rfd, CAN_DEVCTL_RX_FRAME_RAW_NOBLOCK, &d));
	EXPECT_EQ(0x123, d.canmsg.mid);
	EXPECT_EQ(3, d.canmsg.len);
	EXPECT_EQ(0, memcmp(d.canmsg.dat, "\x01\x02\x03", 3));
	EXPECT_EQ(-1, ioctl(rfd, CAN_DEVCTL_RX_FRAME_RAW_NOBLOCK, &d));
	EXPECT_EQ(EAGAIN, errno);

	memset(&d, 0, sizeof(d));
	ASSERT_EQ(0, ioctl(rfd, CAN_DEVCTL_GET_STATS, &d));
	EXPECT_EQ(1, d.stats.transmitted_frames);
	EXPECT_EQ(1, d.stats.received_frames);
	EXPECT_EQ(2, d.stats.total_interrupts);

	/* 16 MHz / (4 * (1 + 12 + 3)) = 250 kbit/s */
	memset(&d, 0, sizeof(d));
	d.timing.ref_clock_freq = 16000000;
	d.timing.bit_rate_prescaler = 4;
	d.timing.sync_jump_width = 1;
	d.timing.time_segment_1 = 12;
	d.timing.time_segment_2 = 3;
	ASSERT_EQ(0, ioctl(rfd, CAN_DEVCTL_SET_TIMING, &d));
	d.timing.time_segment_2 = 0;
	EXPECT_EQ(-1, ioctl(rfd, CAN_DEVCTL_SET_TIMING, &d));
	EXPECT_EQ(EINVAL, errno);
	memset(&d, 0, sizeof(d));
	ASSERT_EQ(0, ioctl(rfd, CAN_DEVCTL_GET_INFO, &d));
	EXPECT_EQ(250000, d.info.bit_rate);
	EXPECT_EQ(4, d.info.bit_rate_prescaler);
	EXPECT_EQ(CANDEV_MODE_RAW_FRAME, d.info.mode);
	EXPECT_EQ(0, close(tfd));
	EXPECT_EQ(0, close(rfd));

	/* canctl's view of the same driver. */
	status = run_client("can_canctl", rx, NULL, out, sizeof(out));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("can_canctl: status 0x%x", status);
	}
	EXPECT_NE(NULL, strstr(out, "ERROR drvr1 = 0x00000000\n"));
	EXPECT_NE(NULL, strstr(out, "transmitted_frames: 1\n"
				    "received_frames: 1\n"));
	EXPECT_NE(NULL, strstr(out, "interrupts (rx/tx/total): 1/1/2\n"));
	EXPECT_NE(NULL, strstr(out, "description: loopback CAN controller "
				    "(self-test)\nmode: raw frames\n"
				    "bit_rate: 250000\n"));
	EXPECT_NE(NULL, strstr(out, "timing: brp 4 sjw 1 ts1 12 ts2 3\n"
				    "mailboxes: 1 tx, 1 rx\n"
				    "queues: 16 messages, 1 waiters\n"
				    "loopback: internal\n"));
	log_output(_metadata, "can_canctl", out);

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ------------------------------------------------ fsys_stats and fsys_info */

static int fs_stats_of(const char *p, int cmd, struct fs_stats *st)
{
	int fd = open(p, O_RDONLY), rc;

	if (fd < 0)
		return -1;
	memset(st, 0, sizeof(*st));
	rc = ioctl(fd, cmd, st);
	close(fd);
	return rc;
}

/*
 * fsys_stats.c: a file whose server counts what its clients do; its
 * counters after a known sequence of calls, and what fsys_info.c, the
 * client written for it, reports of them and after clearing them.
 */
TEST_F(corpus, fsys_stats)
{
	const char *names[] = { "data" };
	char p[PATH_MAX], buf[8192], out[4096], want[256];
	struct fs_stats st, st2;
	int idx, fd, status;

	path_of(self, p, sizeof(p), "data");
	idx = start_server(_metadata, self, "fsys_stats", p, names, 1);
	ASSERT_LE(0, idx);

	/* The counters of everything before: the start is where we are. */
	ASSERT_EQ(0, fs_stats_of(p, DCMD_FSYS_STATISTICS_CLR, &st));
	EXPECT_EQ(FS_STATS_VERSION, st.s_version);
	EXPECT_NE(0, st.s_time_mount);

	fd = open(p, O_RDWR);
	ASSERT_LE(0, fd);
	memset(buf, 'a', 5000);
	ASSERT_EQ(5000, write(fd, buf, 5000));	/* blocks 0 */
	ASSERT_EQ(100, write(fd, buf, 100));	/* and 1 */
	ASSERT_EQ(0, lseek(fd, 0, SEEK_SET));
	ASSERT_EQ(5100, read(fd, buf, sizeof(buf)));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	ASSERT_EQ(0, ftruncate(fd, 10));
	ASSERT_EQ(0, fchmod(fd, 0600));
	ASSERT_EQ(0, fsync(fd));
	ASSERT_EQ(0, ioctl(fd, DCMD_FSYS_STATISTICS, &st));
	EXPECT_EQ(0, close(fd));

	EXPECT_EQ(2, st.s_syscall_write);
	EXPECT_EQ(5100, st.s_syscall_write_bytes);
	EXPECT_EQ(5100, st.s_buf_wphys_bytes);
	EXPECT_EQ(3, st.s_buf_rphys);
	EXPECT_EQ(0, st.s_buf_rcache);
	EXPECT_EQ(5100, st.s_syscall_read_bytes);
	EXPECT_LE(1, st.s_syscall_read);
	EXPECT_EQ(1, st.s_syscall_trunc);
	EXPECT_EQ(1, st.s_syscall_modes);
	EXPECT_EQ(1, st.s_syscall_sync);
	EXPECT_LE(1, st.s_syscall_open);
	EXPECT_EQ(1, st.s_syscall_devctl);
	EXPECT_NE(0, st.s_time_clr);

	/* fsys_info: the counters, with its own open and devctl. */
	status = run_client("fsys_info", p, NULL, out, sizeof(out));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("fsys_info: status 0x%x", status);
	}
	snprintf(want, sizeof(want), "version %u\n", FS_STATS_VERSION);
	EXPECT_EQ(0, strncmp(out, want, strlen(want)));
	EXPECT_NE(NULL, strstr(out, "flags: read-write\n"));
	snprintf(want, sizeof(want), "counting since %lld\n",
		 (long long)st.s_time_clr);
	EXPECT_NE(NULL, strstr(out, want));
	EXPECT_NE(NULL, strstr(out, "clients: 5100 bytes read, 5100 "
				    "written\nrequests: open "));
	snprintf(want, sizeof(want), " read %llu write 2 devctl 2 trunc 1 "
		 "chmod 1 chown 0 sync 1\n",
		 (unsigned long long)st.s_syscall_read);
	EXPECT_NE(NULL, strstr(out, want));
	/* Blocks 0, 1, then 0 again through a one-block cache: no hits. */
	EXPECT_NE(NULL, strstr(out, "cache: 3 reads, 0% hits; 0 writes kept\n"
				    "device: 12288 bytes read, 5100 written, "
				    "0 errors\n"));
	log_output(_metadata, "fsys_info", out);

	/* -z clears them: only what came after counts. */
	ASSERT_EQ(0, fs_stats_of(p, DCMD_FSYS_STATISTICS, &st2));
	status = run_client("fsys_info", "-z", p, out, sizeof(out));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	EXPECT_NE(NULL, strstr(out, "write 2 "));
	ASSERT_EQ(0, fs_stats_of(p, DCMD_FSYS_STATISTICS, &st));
	EXPECT_EQ(0, st.s_syscall_write);
	EXPECT_EQ(0, st.s_syscall_read_bytes);
	EXPECT_EQ(1, st.s_syscall_devctl);
	EXPECT_EQ(st2.s_time_mount, st.s_time_mount);

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ------------------------------------------------------------ extended_ocb */

/*
 * extended_ocb.c: OCBs of its own type, kept on a list from its
 * mount's ocb_calloc and taken off it by ocb_free.  Its reads answer
 * nothing; opens closed out of order (each unlinking from the middle,
 * the head and the end of that list) and opened again must all work,
 * and the server must live through them.
 */
TEST_F(corpus, extended_ocb)
{
	static const int order[] = { 2, 0, 4, 1, 3 };
	const char *names[] = { "extended" };
	char p[PATH_MAX], c;
	struct stat st;
	int idx, i, fd[5];

	path_of(self, p, sizeof(p), "extended");
	idx = start_server(_metadata, self, "extended_ocb", p, names, 1);
	ASSERT_LE(0, idx);

	ASSERT_EQ(0, stat(p, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0644, st.st_mode & 07777);
	for (i = 0; i < 5; i++) {
		fd[i] = open(p, O_RDONLY);
		ASSERT_LE(0, fd[i]);
		EXPECT_EQ(0, read(fd[i], &c, 1));
	}
	for (i = 0; i < 5; i++) {
		EXPECT_EQ(0, read(fd[order[i]], &c, 1));
		EXPECT_EQ(0, close(fd[order[i]]));
	}
	for (i = 0; i < 3; i++) {
		fd[i] = open(p, O_RDONLY);
		ASSERT_LE(0, fd[i]);
	}
	for (i = 2; i >= 0; i--) {
		EXPECT_EQ(0, read(fd[i], &c, 1));
		EXPECT_EQ(0, close(fd[i]));
	}

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* -------------------------------------------------------------- fsys_names */

/*
 * fsys_names.c: a filesystem's directory answering DCMD_FSYS_MOUNTED_ON
 * (the device it says it is mounted from) and DCMD_FSYS_STATVFS through
 * ioctl(), ENOTTY for other commands, and a sync refused as its mount
 * (none) says.
 */
TEST_F(corpus, fsys_names)
{
	const char *names[] = { "myfs" };
	char p[PATH_MAX], from[256];
	struct statvfs vfs;
	struct stat st;
	int idx, fd;

	path_of(self, p, sizeof(p), "myfs");
	idx = start_server(_metadata, self, "fsys_names", p, names, 1);
	ASSERT_LE(0, idx);

	ASSERT_EQ(0, stat(p, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	fd = open(p, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	memset(from, 'x', sizeof(from));
	ASSERT_EQ(0, ioctl(fd, DCMD_FSYS_MOUNTED_ON, from));
	EXPECT_STREQ("/dev/hd0t77", from);
	memset(&vfs, 0xff, sizeof(vfs));
	ASSERT_EQ(0, ioctl(fd, DCMD_FSYS_STATVFS, &vfs));
	EXPECT_EQ(512, vfs.f_bsize);
	EXPECT_EQ(512, vfs.f_frsize);
	EXPECT_EQ(NAME_MAX, vfs.f_namemax);
	EXPECT_EQ(0, vfs.f_blocks);
	EXPECT_EQ(-1, ioctl(fd, DCMD_FSYS_STATISTICS, &from));
	EXPECT_EQ(ENOTTY, errno);
	/* Its mount says no IOFUNC_PC_SYNC_IO: iofunc_sync_verify() refuses. */
	EXPECT_EQ(-1, fsync(fd));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, close(fd));

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ---------------------------------------------------- order_dispatch_first */

/*
 * order_dispatch_first.c: a read-only name whose reads give its text
 * once per open.
 */
TEST_F(corpus, order_dispatch_first)
{
	static const char text[] = "dispatch.h came first\n";
	const char *names[] = { "order" };
	char p[PATH_MAX], buf[256];
	struct stat st;
	int idx, i, fd;

	path_of(self, p, sizeof(p), "order");
	idx = start_server(_metadata, self, "order_dispatch_first", p,
			   names, 1);
	ASSERT_LE(0, idx);

	ASSERT_EQ(0, stat(p, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0444, st.st_mode & 07777);
	for (i = 0; i < 2; i++) {
		fd = open(p, O_RDONLY);
		ASSERT_LE(0, fd);
		ASSERT_EQ(strlen(text), read(fd, buf, sizeof(buf)));
		EXPECT_EQ(0, memcmp(buf, text, strlen(text)));
		EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
		EXPECT_EQ(0, close(fd));
	}

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* --------------------------------------------------------- resmgr_layer_only */

/*
 * resmgr_layer_only.c: every open a session of its own, numbered in
 * order, each read a line saying which session and which read it is;
 * a write, which it has no handler for, is refused.
 */
TEST_F(corpus, resmgr_layer_only)
{
	const char *names[] = { "session" };
	char p[PATH_MAX], buf[64];
	int idx, fd1, fd2;
	ssize_t n;

	path_of(self, p, sizeof(p), "session");
	idx = start_server(_metadata, self, "resmgr_layer_only", p, names, 1);
	ASSERT_LE(0, idx);

	fd1 = open(p, O_RDWR);
	ASSERT_LE(0, fd1);
	fd2 = open(p, O_RDONLY);
	ASSERT_LE(0, fd2);
	n = read(fd1, buf, sizeof(buf));
	ASSERT_LT(0, n);
	EXPECT_EQ(0, strncmp(buf, "session 1 read 1\n", n));
	n = read(fd1, buf, sizeof(buf));
	ASSERT_LT(0, n);
	EXPECT_EQ(0, strncmp(buf, "session 1 read 2\n", n));
	n = read(fd2, buf, sizeof(buf));
	ASSERT_LT(0, n);
	EXPECT_EQ(0, strncmp(buf, "session 2 read 1\n", n));
	EXPECT_EQ(-1, write(fd1, "x", 1));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(0, close(fd1));
	n = read(fd2, buf, sizeof(buf));
	ASSERT_LT(0, n);
	EXPECT_EQ(0, strncmp(buf, "session 2 read 2\n", n));
	EXPECT_EQ(0, close(fd2));

	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* -------------------------------------------------------------- fsys_mount */

/* build/userlib/@name: the mount(8) helpers. */
static void userlib_bin(char *bin, size_t len, const char *name)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = '\0';
	snprintf(bin, len, "%s/../userlib/%s", dirname(self), name);
}

/* Run @argv; its exit status, or -1. */
static int run_argv(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		dup2(STDERR_FILENO, STDOUT_FILENO);	/* not in our TAP */
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/*
 * fsys_mount.c: attaches nothing until asked; mount(8)'s helper asks it
 * to mount its type "demofs", and what the mount reads back is what the
 * request carried; another type is nobody's; umount(8)'s helper takes
 * the mount down again.
 */
TEST_F(corpus, fsys_mount)
{
	char mnt[PATH_MAX + 32], umnt[PATH_MAX + 32], p[PATH_MAX];
	char other[PATH_MAX], buf[128] = "";
	struct stat st;
	int idx, status, fd;
	ssize_t n;
	long end;

	idx = start_server(_metadata, self, "fsys_mount", NULL, NULL, 0);
	ASSERT_LE(0, idx);
	userlib_bin(mnt, sizeof(mnt), "mount.resmgr");
	userlib_bin(umnt, sizeof(umnt), "umount.resmgr");
	path_of(self, p, sizeof(p), "disk");
	path_of(self, other, sizeof(other), "other");
	/* Until its registration takes requests, nobody mounts (32). */
	end = now_ms() + GUARD_MS;
	do {
		status = run_argv((char *const[]){ mnt, "/dev/hd1t77", p, "-o",
						  "ro,size=4", "-t",
						  "resmgr.demofs", NULL });
	} while (status == 32 && now_ms() < end && !usleep(10000));
	ASSERT_EQ(0, status);
	ASSERT_TRUE(attached(p));
	ASSERT_EQ(0, stat(p, &st));
	EXPECT_EQ(S_IFREG | 0444, st.st_mode);
	fd = open(p, O_RDONLY);
	ASSERT_LE(0, fd);
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	ASSERT_LT(0, n);
	buf[n] = '\0';
	EXPECT_STREQ("special=/dev/hd1t77 options=size=4 ro\n", buf);

	EXPECT_EQ(32, run_argv((char *const[]){ mnt, "none", other, "-t",
					       "resmgr.otherfs", NULL }));
	EXPECT_NE(0, access(other, F_OK));

	EXPECT_EQ(0, run_argv((char *const[]){ umnt, p, NULL }));
	EXPECT_FALSE(attached(p));
	EXPECT_EQ(0, stop_server(_metadata, self, idx));
}

/* ------------------------------------------------------------------ pulses */

/*
 * pulses.c: no name, only its channel: the pulse it sends itself is
 * counted, and its dispatch_block() gives up after its one-second
 * timeout, after which it says what it counted and exits 0.
 */
TEST_F(corpus, pulses)
{
	char out[256];
	int status;

	status = run_client("pulses", NULL, NULL, out, sizeof(out));
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("pulses: status 0x%x", status);
	}
	EXPECT_STREQ("5 ticks, 0 clients gone\n", out);
}

/* ------------------------------------------------------------- slog_driver */

/*
 * slog_driver.c: its log lines reach syslog: a socket bound at
 * /dev/log (the VM has no syslog daemon) gets the slogf() line with
 * its major and minor code and the slog2 lines with their buffer's
 * name, and not the one below the buffer set's verbosity; the
 * _SLOG_TEXTBIT line is printed too.
 */
TEST_F(corpus, slog_driver)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	char out[256], msgs[4096] = "", want[64];
	size_t used = 0;
	int sock, status;
	ssize_t n;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "/dev/log");
	sock = socket(AF_UNIX, SOCK_DGRAM, 0);
	ASSERT_LE(0, sock);
	if (bind(sock, (struct sockaddr *)&sun, sizeof(sun))) {
		close(sock);
		SKIP(return, "/dev/log: %s", strerror(errno));
	}
	status = run_client("slog_driver", NULL, NULL, out, sizeof(out));
	while ((n = recv(sock, msgs + used, sizeof(msgs) - 1 - used,
			 MSG_DONTWAIT)) > 0) {
		used += n;
		msgs[used++] = '\n';
		msgs[used] = '\0';
	}
	close(sock);
	unlink("/dev/log");
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		TH_LOG("slog_driver: status 0x%x", status);
	}
	snprintf(want, sizeof(want), "[%d.1] ser1: started\n",
		 _SLOG_GETMAJOR(_SLOG_SETCODE(_SLOGC_CHAR, 1)));
	EXPECT_NE(NULL, strstr(msgs, want));
	EXPECT_NE(NULL, strstr(msgs, "main: port 1 ready\n"));
	EXPECT_NE(NULL, strstr(msgs, "main: 0 overruns\n"));
	EXPECT_EQ(NULL, strstr(msgs, "irq attached"));
	EXPECT_STREQ("ser1: started\n", out);	/* _SLOG_TEXTBIT */
	log_output(_metadata, "syslog", msgs);
}

TEST_HARNESS_MAIN
