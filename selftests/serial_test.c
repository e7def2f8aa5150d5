// SPDX-License-Identifier: GPL-2.0
/*
 * examples/serial, a QNX-style null-modem pair served by a thread pool,
 * driven by ordinary Linux clients: bytes written on one port are read
 * on the other through a bounded ring; blocked reads and writes are
 * answered later from other pool threads; O_NONBLOCK, poll and
 * edge-triggered epoll; devctl()/ioctl() settings; EINTR for a
 * signalled client; many clients at once; a dead client's waiting
 * request forgotten; a dead server fails its blocked clients.
 *
 * Each test starts its own server (build/examples/serial/serial) with
 * a small odd-sized ring, so transfers wrap.  Where a test needs a
 * client to be blocked in the server, it waits for the port's line
 * status to show it waiting: no sleeps, no timing assertions; the
 * timeouts only end a test that has already failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <devctl.h>

#include "../examples/serial/serial_dcmd.h"
#include "kselftest_harness.h"

#define RING	1000		/* bytes each way (the server's -s) */
#define GUARD_MS	20000	/* failure guard for every wait */

struct server {
	pid_t pid;		/* the serving process */
	char a[64], b[64];	/* its two ports */
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void server_path(char *bin, size_t len)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	self[n > 0 ? n : 0] = '\0';
	snprintf(bin, len, "%s/../examples/serial/serial", dirname(self));
}

/*
 * Start the server on two fresh names; with @background, as a daemon.
 * Waits for its "serial: ready pid N" line and for both names to be
 * character devices.  Returns 0 or -1.
 */
static int server_start(struct server *s, int background)
{
	char bin[PATH_MAX], line[128] = "", ring[16];
	struct pollfd pfd;
	struct stat st;
	size_t got = 0;
	int pipefd[2], pid;
	long end;

	server_path(bin, sizeof(bin));
	snprintf(s->a, sizeof(s->a), "/tmp/rser-%d-a", getpid());
	snprintf(s->b, sizeof(s->b), "/tmp/rser-%d-b", getpid());
	snprintf(ring, sizeof(ring), "%d", RING);
	if (pipe(pipefd))
		return -1;
	s->pid = fork();
	if (s->pid < 0)
		return -1;
	if (s->pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		close(pipefd[0]);
		close(pipefd[1]);
		execl(bin, bin, "-a", s->a, "-b", s->b, "-s", ring,
		      background ? "-d" : NULL, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	pfd.fd = pipefd[0];
	pfd.events = POLLIN;
	end = now_ms() + GUARD_MS;
	while (!strchr(line, '\n') && got < sizeof(line) - 1 &&
	       poll(&pfd, 1, end - now_ms()) == 1) {
		ssize_t n = read(pipefd[0], line + got, sizeof(line) - 1 - got);

		if (n <= 0)
			break;
		got += n;
		line[got] = '\0';
	}
	close(pipefd[0]);
	if (sscanf(line, "serial: ready pid %d", &pid) != 1)
		return -1;
	if (background) {
		int status;

		/* The foreground process exits once the daemon is up. */
		if (waitpid(s->pid, &status, 0) != s->pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != 0)
			return -1;
	}
	s->pid = pid;
	if (stat(s->a, &st) || !S_ISCHR(st.st_mode) ||
	    stat(s->b, &st) || !S_ISCHR(st.st_mode))
		return -1;
	return 0;
}

/* Kill the server if still there; remove what a killed server leaves. */
static void server_stop(struct server *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);	/* ECHILD for a daemon: fine */
		s->pid = 0;
	}
	umount2(s->a, MNT_DETACH);
	umount2(s->b, MNT_DETACH);
	unlink(s->a);
	unlink(s->b);
}

static int line_status(int fd, struct serial_linestatus *ls)
{
	return ioctl(fd, SERIAL_DCMD_GET_LINESTATUS, ls);
}

/* Wait until @fd's port has @readers reads and @writers writes waiting. */
static int wait_waiting(int fd, unsigned readers, unsigned writers)
{
	struct serial_linestatus ls;
	long end = now_ms() + GUARD_MS;

	while (now_ms() < end) {
		if (line_status(fd, &ls) < 0)
			return -1;
		if (ls.readers_waiting == readers &&
		    ls.writers_waiting == writers)
			return 0;
		usleep(1000);
	}
	return -1;
}

/* Read exactly @n bytes (the line gives what it has, in pieces). */
static ssize_t read_full(int fd, void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = read(fd, (char *)buf + done, n - done);

		if (r <= 0)
			return r < 0 ? -1 : (ssize_t)done;
		done += r;
	}
	return done;
}

static unsigned char pattern(size_t i, unsigned seed)
{
	return (unsigned char)(i * 31 + (i >> 8) + seed);
}

/* A child process: @fn's return value is its exit status. */
static pid_t spawn(int (*fn)(const char *path, long arg), const char *path,
		   long arg)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn(path, arg));
	return pid;
}

static int child_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static void on_signal(int sig)
{
}

/* SIGUSR1 interrupts system calls (no SA_RESTART). */
static void catch_usr1(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
}

FIXTURE(ser) {
	struct server srv;
	int a, b;		/* O_RDWR opens of the two ports */
};

FIXTURE_SETUP(ser)
{
	self->a = self->b = -1;
	memset(&self->srv, 0, sizeof(self->srv));
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, server_start(&self->srv, 0));
	self->a = open(self->srv.a, O_RDWR);
	ASSERT_LE(0, self->a);
	self->b = open(self->srv.b, O_RDWR);
	ASSERT_LE(0, self->b);
}

FIXTURE_TEARDOWN(ser)
{
	if (self->a >= 0)
		close(self->a);
	if (self->b >= 0)
		close(self->b);
	server_stop(&self->srv);
}

TEST_F(ser, bytes_cross_the_line_both_ways)
{
	char buf[16] = "";

	ASSERT_EQ(5, write(self->a, "hello", 5));
	ASSERT_EQ(5, read(self->b, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "hello", 5));
	ASSERT_EQ(3, write(self->b, "bye", 3));
	ASSERT_EQ(3, read(self->a, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "bye", 3));
	/* Nothing was echoed back to the writer's own port. */
	EXPECT_EQ(0, ioctl(self->a, SERIAL_DCMD_GET_LINESTATUS,
			   &(struct serial_linestatus){ 0 }));
}

/* Write @arg bytes of pattern(seed = arg & 0xff) in one write() call. */
static int write_one_call(const char *path, long arg)
{
	size_t n = arg >> 8;
	unsigned char *buf = malloc(n);
	int fd = open(path, O_WRONLY);

	if (!buf || fd < 0)
		return 2;
	for (size_t i = 0; i < n; i++)
		buf[i] = pattern(i, arg & 0xff);
	return write(fd, buf, n) == (ssize_t)n ? 0 : 3;
}

/* The same in pieces of 1 to 3000 bytes. */
static int write_pieces(const char *path, long arg)
{
	size_t n = arg >> 8, done = 0, piece = 1;
	unsigned char *buf = malloc(n);
	int fd = open(path, O_WRONLY);

	if (!buf || fd < 0)
		return 2;
	for (size_t i = 0; i < n; i++)
		buf[i] = pattern(i, arg & 0xff);
	while (done < n) {
		size_t len = piece < n - done ? piece : n - done;

		if (write(fd, buf + done, len) != (ssize_t)len)
			return 3;
		done += len;
		piece = piece * 7 % 3001;
	}
	return 0;
}

/* Read @n bytes in pieces of @chunk and check them against pattern(@seed). */
static int read_check(int fd, size_t n, size_t chunk, unsigned seed)
{
	unsigned char *buf = malloc(chunk);
	size_t done = 0;

	if (!buf)
		return -1;
	while (done < n) {
		size_t want = chunk < n - done ? chunk : n - done;
		ssize_t r = read(fd, buf, want);

		if (r <= 0)
			return -1;
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] != pattern(done + i, seed))
				return -1;
		done += r;
	}
	free(buf);
	return 0;
}

TEST_F_TIMEOUT(ser, large_transfers_both_ways, 300)
{
	const size_t n = 256 * 1024;
	struct serial_linestatus ls;
	pid_t ab, ba;

	/* One 256 KiB write through a 1000-byte ring, and many small ones. */
	ab = spawn(write_one_call, self->srv.a, (long)(n << 8) | 0x11);
	ba = spawn(write_pieces, self->srv.b, (long)(n << 8) | 0x22);
	ASSERT_LT(0, ab);
	ASSERT_LT(0, ba);
	EXPECT_EQ(0, read_check(self->b, n, 777, 0x11));
	EXPECT_EQ(0, read_check(self->a, n, 4096, 0x22));
	EXPECT_EQ(0, child_status(ab));
	EXPECT_EQ(0, child_status(ba));
	ASSERT_EQ(0, line_status(self->b, &ls));
	EXPECT_EQ(n, ls.rx_total);
	EXPECT_EQ(n, ls.tx_total);
}

/* Read up to 16 bytes; 0 if they are @arg's "ping", else an errno. */
static int read_ping(const char *path, long arg)
{
	char buf[16];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	catch_usr1();
	n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));
	if (n < 0)
		return errno;
	return n == 4 && !memcmp(buf, "ping", 4) ? 0 : 200;
}

TEST_F(ser, blocked_read_woken_by_a_write_from_another_process)
{
	pid_t reader = spawn(read_ping, self->srv.b, 0);

	ASSERT_LT(0, reader);
	ASSERT_EQ(0, wait_waiting(self->b, 1, 0));
	ASSERT_EQ(4, write(self->a, "ping", 4));
	EXPECT_EQ(0, child_status(reader));
	EXPECT_EQ(0, wait_waiting(self->b, 0, 0));
}

TEST_F(ser, nonblocking_read_of_an_empty_port_is_eagain)
{
	char c;
	int fd = open(self->srv.b, O_RDONLY | O_NONBLOCK);

	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, read(fd, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
	/* fcntl(F_SETFL) after the open counts too. */
	ASSERT_EQ(0, fcntl(self->b, F_SETFL, O_NONBLOCK));
	EXPECT_EQ(-1, read(self->b, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(1, write(self->a, "z", 1));
	EXPECT_EQ(1, read(self->b, &c, 1));
	EXPECT_EQ('z', c);
}

TEST_F(ser, poll_shows_readable_after_a_write)
{
	struct pollfd pfd = { .fd = self->b, .events = POLLIN | POLLOUT };

	ASSERT_EQ(1, poll(&pfd, 1, 0));
	EXPECT_EQ(POLLOUT, pfd.revents);	/* room to send, nothing in */
	pfd.events = POLLIN;
	EXPECT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_EQ(3, write(self->a, "abc", 3));
	ASSERT_EQ(1, poll(&pfd, 1, GUARD_MS));
	EXPECT_EQ(POLLIN, pfd.revents);
}

TEST_F(ser, select_sees_arriving_data)
{
	fd_set rd;
	struct timeval tv = { .tv_sec = GUARD_MS / 1000 };
	pid_t writer = fork();

	if (writer == 0) {
		/* Once the parent waits for the port, send it something. */
		int fd = open(self->srv.a, O_WRONLY);

		_exit(fd >= 0 && write(fd, "s", 1) == 1 ? 0 : 1);
	}
	FD_ZERO(&rd);
	FD_SET(self->b, &rd);
	EXPECT_EQ(1, select(self->b + 1, &rd, NULL, NULL, &tv));
	EXPECT_TRUE(FD_ISSET(self->b, &rd));
	EXPECT_EQ(0, child_status(writer));
}

TEST_F(ser, edge_triggered_epoll_wakes_once_per_arrival)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	char buf[8];
	int ep = epoll_create1(0);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->b, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));

	ASSERT_EQ(1, write(self->a, "1", 1));
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, GUARD_MS));
	EXPECT_TRUE(ev.events & EPOLLIN);
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));	/* no repeat */

	/* A second arrival while the first is still unread: a new edge. */
	ASSERT_EQ(1, write(self->a, "2", 1));
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, GUARD_MS));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	ASSERT_EQ(2, read(self->b, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "12", 2));

	/* And after draining. */
	ASSERT_EQ(1, write(self->a, "3", 1));
	ASSERT_EQ(1, epoll_wait(ep, &ev, 1, GUARD_MS));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 0));
	close(ep);
}

/* Fill a's direction with non-blocking writes; returns what went in. */
static ssize_t fill_line(int fd, unsigned seed)
{
	unsigned char buf[300];
	ssize_t total = 0, n;
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	do {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = pattern(total + i, seed);
		n = write(fd, buf, sizeof(buf));
		if (n > 0)
			total += n;
	} while (n > 0);
	fcntl(fd, F_SETFL, fl);
	return n < 0 && errno == EAGAIN ? total : -1;
}

/* A blocking write of @arg bytes of 'w'; exit status: 0 if all went. */
static int write_block(const char *path, long arg)
{
	char buf[1024];
	int fd = open(path, O_WRONLY);
	ssize_t n;

	catch_usr1();
	memset(buf, 'w', sizeof(buf));
	n = fd < 0 ? -1 : write(fd, buf, arg);
	if (n < 0)
		return errno;
	return n == arg ? 0 : 200 + (n > 50 ? 50 : n);
}

TEST_F(ser, a_full_ring_blocks_the_writer_until_the_reader_drains)
{
	struct pollfd pfd = { .fd = self->a, .events = POLLOUT };
	unsigned char buf[RING + 500];
	pid_t writer;
	int fd;

	ASSERT_EQ(RING, fill_line(self->a, 7));
	EXPECT_EQ(0, poll(&pfd, 1, 0));		/* not writable */
	fd = open(self->srv.a, O_WRONLY | O_NONBLOCK);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, write(fd, "x", 1));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);

	writer = spawn(write_block, self->srv.a, 500);
	ASSERT_LT(0, writer);
	ASSERT_EQ(0, wait_waiting(self->a, 0, 1));
	/* Draining the ring lets the waiting write in, after the old bytes. */
	ASSERT_EQ(RING + 500, read_full(self->b, buf, sizeof(buf)));
	for (size_t i = 0; i < RING; i++)
		ASSERT_EQ(pattern(i, 7), buf[i]);
	for (size_t i = RING; i < sizeof(buf); i++)
		ASSERT_EQ('w', buf[i]);
	EXPECT_EQ(0, child_status(writer));
	ASSERT_EQ(1, poll(&pfd, 1, GUARD_MS));
	EXPECT_EQ(POLLOUT, pfd.revents);
}

TEST_F(ser, devctl_sets_and_reads_the_settings)
{
	struct serial_config cfg, fast = {
		.baud = 115200, .data_bits = 7, .parity = SERIAL_PARITY_EVEN,
		.stop_bits = 2,
	};
	struct serial_linestatus ls;
	int info = -1, flags = 0, ro;

	/* A Linux client: ioctl(). */
	ASSERT_EQ(0, ioctl(self->a, SERIAL_DCMD_GET_CONFIG, &cfg));
	EXPECT_EQ(9600, cfg.baud);
	EXPECT_EQ(8, cfg.data_bits);
	EXPECT_EQ(SERIAL_PARITY_NONE, cfg.parity);
	EXPECT_EQ(1, cfg.stop_bits);
	ASSERT_EQ(0, ioctl(self->a, SERIAL_DCMD_SET_CONFIG, &fast));
	memset(&cfg, 0, sizeof(cfg));
	ASSERT_EQ(0, ioctl(self->a, SERIAL_DCMD_GET_CONFIG, &cfg));
	EXPECT_EQ(0, memcmp(&cfg, &fast, sizeof(cfg)));
	ASSERT_EQ(0, line_status(self->a, &ls));
	EXPECT_TRUE(ls.flags & SERIAL_LS_MISMATCH);
	EXPECT_TRUE(ls.flags & SERIAL_LS_DCD);
	EXPECT_EQ(RING, ls.ring_size);
	EXPECT_EQ(RING, ls.tx_room);

	/* A ported QNX client: devctl(). */
	EXPECT_EQ(EOK, devctl(self->b, SERIAL_DCMD_GET_CONFIG, &cfg,
			      sizeof(cfg), NULL));
	EXPECT_EQ(9600, cfg.baud);
	EXPECT_EQ(EOK, devctl(self->b, SERIAL_DCMD_SET_CONFIG, &fast,
			      sizeof(fast), NULL));
	ASSERT_EQ(0, line_status(self->a, &ls));
	EXPECT_FALSE(ls.flags & SERIAL_LS_MISMATCH);

	/* The line status's value is the bytes waiting to be read. */
	ASSERT_EQ(5, write(self->a, "12345", 5));
	EXPECT_EQ(EOK, devctl(self->b, SERIAL_DCMD_GET_LINESTATUS, &ls,
			      sizeof(ls), &info));
	EXPECT_EQ(5, info);
	EXPECT_EQ(5, ls.rx_avail);
	EXPECT_EQ(5, ioctl(self->b, SERIAL_DCMD_GET_LINESTATUS, &ls));

	/* Bad settings, a read-only open, an unknown command. */
	cfg = fast;
	cfg.baud = 12345;
	EXPECT_EQ(-1, ioctl(self->a, SERIAL_DCMD_SET_CONFIG, &cfg));
	EXPECT_EQ(EINVAL, errno);
	cfg = fast;
	cfg.data_bits = 9;
	EXPECT_EQ(EINVAL, devctl(self->a, SERIAL_DCMD_SET_CONFIG, &cfg,
				 sizeof(cfg), NULL));
	ro = open(self->srv.a, O_RDONLY);
	ASSERT_LE(0, ro);
	EXPECT_EQ(EBADF, devctl(ro, SERIAL_DCMD_SET_CONFIG, &fast,
				sizeof(fast), NULL));
	close(ro);
	EXPECT_EQ(-1, ioctl(self->a, __DIOF(_DCMD_CHR, 0x7f, int), &info));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(ENOTTY, devctl(self->a, __DION(_DCMD_CHR, 0x7e), NULL, 0,
				 NULL));

	/* The iofunc layer's own. */
	EXPECT_EQ(EOK, devctl(self->a, DCMD_ALL_GETFLAGS, &flags,
			      sizeof(flags), NULL));
	EXPECT_EQ(O_RDWR, flags & O_ACCMODE);

	/* Carrier: the other end is open. */
	close(self->b);
	self->b = -1;
	ASSERT_EQ(0, line_status(self->a, &ls));
	EXPECT_FALSE(ls.flags & SERIAL_LS_DCD);
}

TEST_F(ser, dcmd_all_setflags_makes_reads_nonblocking)
{
	int flags = O_NONBLOCK;
	char c;

	ASSERT_EQ(EOK, devctl(self->b, DCMD_ALL_SETFLAGS, &flags,
			      sizeof(flags), NULL));
	EXPECT_EQ(-1, read(self->b, &c, 1));
	EXPECT_EQ(EAGAIN, errno);
	ASSERT_EQ(EOK, devctl(self->b, DCMD_ALL_GETFLAGS, &flags,
			      sizeof(flags), NULL));
	EXPECT_EQ(O_RDWR | O_NONBLOCK, flags & (O_ACCMODE | O_NONBLOCK));
	EXPECT_EQ(fcntl(self->b, F_GETFL), flags);
}

/* Like read_ping, but a signal must end the read: 0 if it did (EINTR). */
static int read_expect_eintr(const char *path, long arg)
{
	int ret = read_ping(path, arg);

	return ret == EINTR ? 0 : (ret ? ret : 199);
}

TEST_F(ser, a_signal_ends_a_blocked_read_with_eintr)
{
	pid_t reader = spawn(read_expect_eintr, self->srv.b, 0);

	ASSERT_LT(0, reader);
	ASSERT_EQ(0, wait_waiting(self->b, 1, 0));
	ASSERT_EQ(0, kill(reader, SIGUSR1));
	EXPECT_EQ(0, child_status(reader));
	/* The request is forgotten and the server goes on working. */
	EXPECT_EQ(0, wait_waiting(self->b, 0, 0));
	reader = spawn(read_ping, self->srv.b, 0);
	ASSERT_EQ(0, wait_waiting(self->b, 1, 0));
	ASSERT_EQ(4, write(self->a, "ping", 4));
	EXPECT_EQ(0, child_status(reader));
}

/* A blocking write interrupted: what it wrote (100 of 300), or EINTR. */
static int write_expect_partial(const char *path, long arg)
{
	int ret = write_block(path, 300);

	return ret == arg ? 0 : ret + 1;
}

TEST_F(ser, a_signal_ends_a_blocked_write)
{
	unsigned char buf[RING];
	pid_t writer;

	/* No room at all: EINTR, nothing written. */
	ASSERT_EQ(RING, fill_line(self->a, 3));
	writer = spawn(write_expect_partial, self->srv.a, EINTR);
	ASSERT_EQ(0, wait_waiting(self->a, 0, 1));
	ASSERT_EQ(0, kill(writer, SIGUSR1));
	EXPECT_EQ(0, child_status(writer));
	EXPECT_EQ(0, wait_waiting(self->a, 0, 0));

	/* Room for 100 of 300: the write returns 100. */
	ASSERT_EQ(100, read_full(self->b, buf, 100));
	writer = spawn(write_expect_partial, self->srv.a, 200 + 50);
	ASSERT_EQ(0, wait_waiting(self->a, 0, 1));
	ASSERT_EQ(0, kill(writer, SIGUSR1));
	EXPECT_EQ(0, child_status(writer));
	ASSERT_EQ(RING, read_full(self->b, buf, RING));
	for (size_t i = 0; i < RING - 100; i++)
		ASSERT_EQ(pattern(100 + i, 3), buf[i]);
	for (size_t i = RING - 100; i < RING; i++)
		ASSERT_EQ('w', buf[i]);
}

/* Read one byte; exit status: that byte (1..255) or 0 on error. */
static int read_one(const char *path, long arg)
{
	unsigned char c;
	int fd = open(path, O_RDONLY);

	return fd >= 0 && read(fd, &c, 1) == 1 ? c : 0;
}

/* Write @arg's id byte 4096 times, in pieces of 512. */
static int write_id(const char *path, long arg)
{
	char buf[512];
	int fd = open(path, O_WRONLY);

	memset(buf, (int)arg, sizeof(buf));
	for (int i = 0; i < 8; i++)
		if (fd < 0 || write(fd, buf, sizeof(buf)) != sizeof(buf))
			return 1;
	return 0;
}

#define NCLIENTS	20

TEST_F_TIMEOUT(ser, many_clients_at_once, 300)
{
	unsigned char buf[NCLIENTS], seen[256] = { 0 };
	size_t count[256] = { 0 };
	unsigned char *all;
	pid_t pid[NCLIENTS];
	int i;

	/* 20 reads waiting at once, answered by one write. */
	for (i = 0; i < NCLIENTS; i++) {
		pid[i] = spawn(read_one, self->srv.b, 0);
		ASSERT_LT(0, pid[i]);
		buf[i] = (unsigned char)(i + 1);
	}
	ASSERT_EQ(0, wait_waiting(self->b, NCLIENTS, 0));
	ASSERT_EQ(NCLIENTS, write(self->a, buf, NCLIENTS));
	for (i = 0; i < NCLIENTS; i++) {
		int got = child_status(pid[i]);

		ASSERT_LT(0, got);
		ASSERT_GE(NCLIENTS, got);
		EXPECT_EQ(0, seen[got]);
		seen[got] = 1;
	}

	/* 20 writers at once, 4 KiB each, through the 1000-byte ring. */
	for (i = 0; i < NCLIENTS; i++) {
		pid[i] = spawn(write_id, self->srv.a, i + 1);
		ASSERT_LT(0, pid[i]);
	}
	all = malloc(NCLIENTS * 4096);
	ASSERT_NE(NULL, all);
	ASSERT_EQ(NCLIENTS * 4096, read_full(self->b, all, NCLIENTS * 4096));
	for (i = 0; i < NCLIENTS * 4096; i++)
		count[all[i]]++;
	for (i = 0; i < NCLIENTS; i++) {
		EXPECT_EQ(0, child_status(pid[i]));
		EXPECT_EQ(4096, count[i + 1]);
	}
	free(all);
}

TEST_F(ser, a_killed_waiting_reader_is_forgotten)
{
	char buf[8];
	pid_t reader;

	/* Its own open: the exit ends the open (close_ocb). */
	reader = spawn(read_ping, self->srv.b, 0);
	ASSERT_EQ(0, wait_waiting(self->b, 1, 0));
	ASSERT_EQ(0, kill(reader, SIGKILL));
	EXPECT_EQ(1000 + SIGKILL, child_status(reader));
	EXPECT_EQ(0, wait_waiting(self->b, 0, 0));

	/* An open shared with us: only its close(2) (close_dup) comes. */
	reader = fork();
	if (reader == 0)
		_exit(read(self->b, buf, sizeof(buf)) < 0);
	ASSERT_EQ(0, wait_waiting(self->b, 1, 0));
	ASSERT_EQ(0, kill(reader, SIGKILL));
	EXPECT_EQ(1000 + SIGKILL, child_status(reader));
	EXPECT_EQ(0, wait_waiting(self->b, 0, 0));

	/* No byte went to the dead. */
	ASSERT_EQ(2, write(self->a, "ok", 2));
	ASSERT_EQ(2, read(self->b, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "ok", 2));
}

TEST_F(ser, a_dead_server_fails_its_blocked_readers)
{
	pid_t reader = spawn(read_ping, self->srv.b, 0);
	int err;

	ASSERT_EQ(0, wait_waiting(self->b, 1, 0));
	ASSERT_EQ(0, kill(self->srv.pid, SIGKILL));
	err = child_status(reader);
	EXPECT_NE(0, err);
	EXPECT_GT(200, err);		/* read() failed (with an errno) */
	TH_LOG("blocked read failed with %s", strerror(err));
}

TEST_F(ser, sigterm_takes_the_names_away)
{
	pid_t reader = spawn(read_ping, self->srv.b, 0);
	struct stat st;
	int status;

	ASSERT_EQ(0, wait_waiting(self->b, 1, 0));
	ASSERT_EQ(0, kill(self->srv.pid, SIGTERM));
	ASSERT_EQ(self->srv.pid, waitpid(self->srv.pid, &status, 0));
	self->srv.pid = 0;
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* The placeholders the attaches made are gone too. */
	EXPECT_EQ(-1, stat(self->srv.a, &st));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(-1, stat(self->srv.b, &st));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_NE(0, child_status(reader));
}

TEST(runs_as_a_daemon)
{
	struct server srv;
	char buf[8];
	int a, b;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	memset(&srv, 0, sizeof(srv));
	ASSERT_EQ(0, server_start(&srv, 1));
	a = open(srv.a, O_WRONLY);
	b = open(srv.b, O_RDONLY);
	EXPECT_LE(0, a);
	EXPECT_LE(0, b);
	EXPECT_EQ(2, write(a, "bg", 2));
	EXPECT_EQ(2, read(b, buf, sizeof(buf)));
	close(a);
	close(b);
	server_stop(&srv);
}

TEST_HARNESS_MAIN
