// SPDX-License-Identifier: GPL-2.0
/*
 * bench - the client side of `make bench`, run inside the VM.
 *
 *	bench read PATH SIZE SECS	read(2) SIZE bytes at a time
 *	bench openclose PATH SECS [LABEL]	open(2) + close(2)
 *	bench stat PATH SECS [LABEL]	stat(2)
 *	bench pipe SIZE SECS		request/reply over two pipes to a
 *					child: the floor for any userspace
 *					server's round trip
 *	bench rtt msgsend|pipe|unix SIZE SECS
 *					a SIZE-byte message and a SIZE-byte
 *					reply to a child process: QNX's
 *					MsgSend() to a channel through
 *					resmgr.ko, a pipe pair, a Unix
 *					socket pair
 *
 * Each prints one JSON object: {"op":..., "size":..., "ops":..., "secs":...},
 * with "label" when one was given (what the figure is of, e.g. a path
 * depth), so that tools/bench can name it.
 * The caller (tools/bench) turns them into figures and ratios.  Runs for a
 * bounded time, so its cost is known in advance.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *label;

static void report(const char *op, size_t size, long long ops, double secs)
{
	printf("{\"op\": \"%s\", \"size\": %zu, \"ops\": %lld, \"secs\": %.6f",
	       op, size, ops, secs);
	if (label)
		printf(", \"label\": \"%s\"", label);
	printf("}\n");
}

static void die(const char *what)
{
	fprintf(stderr, "bench: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Check the clock only every so often: its cost is not the subject. */
#define BATCH 64

static int bench_read(const char *path, size_t size, double secs)
{
	char *buf = malloc(size);
	long long ops = 0;
	double t0, end;
	int fd, i;

	fd = open(path, O_RDONLY);
	if (fd < 0 || !buf)
		die(path);
	t0 = now();
	end = t0 + secs;
	do {
		for (i = 0; i < BATCH; i++)
			if (read(fd, buf, size) != (ssize_t)size)
				die("read");
		ops += BATCH;
	} while (now() < end);
	report("read", size, ops, now() - t0);
	close(fd);
	free(buf);
	return 0;
}

static int bench_openclose(const char *path, double secs)
{
	long long ops = 0;
	double t0, end;
	int fd, i;

	t0 = now();
	end = t0 + secs;
	do {
		for (i = 0; i < BATCH; i++) {
			fd = open(path, O_RDONLY);
			if (fd < 0)
				die(path);
			close(fd);
		}
		ops += BATCH;
	} while (now() < end);
	report("openclose", 0, ops, now() - t0);
	return 0;
}

static int bench_stat(const char *path, double secs)
{
	long long ops = 0;
	struct stat st;
	double t0, end;
	int i;

	t0 = now();
	end = t0 + secs;
	do {
		for (i = 0; i < BATCH; i++)
			if (stat(path, &st))
				die(path);
		ops += BATCH;
	} while (now() < end);
	report("stat", 0, ops, now() - t0);
	return 0;
}

static void full_io(int fd, char *buf, size_t size, int wr)
{
	size_t done = 0;
	ssize_t n;

	while (done < size) {
		n = wr ? write(fd, buf + done, size - done) :
			 read(fd, buf + done, size - done);
		if (n <= 0)
			die("pipe");
		done += n;
	}
}

/* A request of one byte, a reply of @size bytes, as a server would. */
static int bench_pipe(size_t size, double secs)
{
	int req[2], rep[2], i;
	char *buf = calloc(1, size);
	long long ops = 0;
	double t0, end;
	pid_t child;

	if (!buf || pipe(req) || pipe(rep))
		die("pipe");
	fcntl(rep[1], F_SETPIPE_SZ, size > 65536 ? size : 65536);
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		char c;

		close(req[1]);
		close(rep[0]);
		while (read(req[0], &c, 1) == 1)
			full_io(rep[1], buf, size, 1);
		_exit(0);
	}
	close(req[0]);
	close(rep[1]);
	t0 = now();
	end = t0 + secs;
	do {
		for (i = 0; i < BATCH; i++) {
			full_io(req[1], buf, 1, 1);
			full_io(rep[0], buf, size, 0);
		}
		ops += BATCH;
	} while (now() < end);
	report("read", size, ops, now() - t0);
	close(req[1]);
	waitpid(child, NULL, 0);
	free(buf);
	return 0;
}

/*
 * The round trip of a SIZE-byte message and a SIZE-byte reply between
 * two processes, as the peers of QNX's message passing do it.
 */
static void rtt_report(const char *how, size_t size, long long ops,
		       double secs)
{
	static char name[64];

	snprintf(name, sizeof(name), "IPC round trip, %zu B", size);
	label = name;
	report(how, size, ops, secs);
}

static int bench_rtt_msgsend(size_t size, double secs)
{
	char *buf = calloc(1, size), *rbuf = calloc(1, size);
	pid_t server = getpid(), child;
	long long ops = 0;
	double t0, end;
	int chid, coid;

	if (!buf || !rbuf)
		die("calloc");
	/* The client's going ends the server's loop: a disconnect pulse. */
	chid = ChannelCreate(_NTO_CHF_DISCONNECT);
	if (chid < 0)
		die("ChannelCreate");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		coid = ConnectAttach(0, server, chid, _NTO_SIDE_CHANNEL, 0);
		if (coid < 0)
			die("ConnectAttach");
		t0 = now();
		end = t0 + secs;
		do {
			for (int i = 0; i < BATCH; i++)
				if (MsgSend(coid, buf, size, rbuf, size) < 0)
					die("MsgSend");
			ops += BATCH;
		} while (now() < end);
		rtt_report("rtt-msgsend", size, ops, now() - t0);
		fflush(stdout);
		_exit(0);
	}
	for (;;) {
		int rcvid = MsgReceive(chid, buf, size, NULL);

		if (rcvid < 0)
			die("MsgReceive");
		if (rcvid == 0)		/* the client went (a pulse) */
			break;
		MsgReply(rcvid, 0, buf, size);
	}
	ChannelDestroy(chid);
	waitpid(child, NULL, 0);
	return 0;
}

/*
 * Over descriptors: the client writes requests to @cw and reads replies
 * from @cr; the server (a child) reads from @sr and writes to @sw.  A
 * socket pair's ends serve both ways, so an end may appear twice.
 */
static int bench_rtt_fds(const char *how, int cw, int cr, int sr, int sw,
			 size_t size, double secs)
{
	char *buf = calloc(1, size);
	long long ops = 0;
	double t0, end;
	pid_t child;

	if (!buf)
		die("calloc");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		close(cw);
		if (cr != cw)
			close(cr);
		for (;;) {
			size_t done = 0;
			ssize_t n;

			while (done < size) {
				n = read(sr, buf + done, size - done);
				if (n <= 0)
					_exit(0);
				done += n;
			}
			full_io(sw, buf, size, 1);
		}
	}
	close(sr);
	if (sw != sr)
		close(sw);
	t0 = now();
	end = t0 + secs;
	do {
		for (int i = 0; i < BATCH; i++) {
			full_io(cw, buf, size, 1);
			full_io(cr, buf, size, 0);
		}
		ops += BATCH;
	} while (now() < end);
	rtt_report(how, size, ops, now() - t0);
	close(cw);
	if (cr != cw)
		close(cr);
	waitpid(child, NULL, 0);
	free(buf);
	return 0;
}

static int bench_rtt(const char *how, size_t size, double secs)
{
	int a[2], b[2];

	if (!strcmp(how, "msgsend"))
		return bench_rtt_msgsend(size, secs);
	if (!strcmp(how, "pipe")) {
		if (pipe(a) || pipe(b))
			die("pipe");
		fcntl(b[1], F_SETPIPE_SZ, size > 65536 ? size : 65536);
		return bench_rtt_fds("rtt-pipe", a[1], b[0], a[0], b[1], size,
				     secs);
	}
	if (!strcmp(how, "unix")) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, a))
			die("socketpair");
		return bench_rtt_fds("rtt-unix", a[0], a[0], a[1], a[1], size,
				     secs);
	}
	return 2;
}

int main(int argc, char **argv)
{
	if (argc == 5 && !strcmp(argv[1], "read"))
		return bench_read(argv[2], strtoul(argv[3], NULL, 0), atof(argv[4]));
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "openclose")) {
		label = argc == 5 ? argv[4] : NULL;
		return bench_openclose(argv[2], atof(argv[3]));
	}
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "stat")) {
		label = argc == 5 ? argv[4] : NULL;
		return bench_stat(argv[2], atof(argv[3]));
	}
	if (argc == 5 && !strcmp(argv[1], "rtt"))
		return bench_rtt(argv[2], strtoul(argv[3], NULL, 0), atof(argv[4]));
	if (argc == 4 && !strcmp(argv[1], "pipe"))
		return bench_pipe(strtoul(argv[2], NULL, 0), atof(argv[3]));
	fprintf(stderr, "usage: bench read PATH SIZE SECS | openclose PATH SECS [LABEL] |\n"
			"       stat PATH SECS [LABEL] | pipe SIZE SECS |\n"
			"       rtt msgsend|pipe|unix SIZE SECS\n");
	return 2;
}
