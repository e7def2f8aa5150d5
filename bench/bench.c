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
 *	bench rtt msgsend|pipe|unix|binder SIZE SECS
 *					a SIZE-byte message and a SIZE-byte
 *					reply to a child process: QNX's
 *					MsgSend() to a channel through
 *					resmgr.ko, a pipe pair, a Unix
 *					socket pair, Android's binder
 *					(BC_TRANSACTION and BC_REPLY, no
 *					libbinder) on $RESMGR_BENCH_BINDER_DEV
 *					or /dev/binder
 *
 * Each prints one JSON object: {"op":..., "size":..., "ops":..., "secs":...},
 * with "label" when one was given (what the figure is of, e.g. a path
 * depth), so that tools/bench can name it.  A figure that cannot be had
 * on this kernel (binder) is {"op":..., "size":..., "unavailable": WHY}
 * instead, never a number.
 * The caller (tools/bench) turns them into figures and ratios.  Runs for a
 * bounded time, so its cost is known in advance.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sys/neutrino.h>
#include <linux/android/binder.h>

#include "bench_common.h"

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
	t0 = start_clock();
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

	t0 = start_clock();
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

	t0 = start_clock();
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
	t0 = start_clock();
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
static const char *rtt_label(size_t size)
{
	static char name[64];

	snprintf(name, sizeof(name), "IPC round trip, %zu B", size);
	return name;
}

static void rtt_report(const char *how, size_t size, long long ops,
		       double secs)
{
	label = rtt_label(size);
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
		t0 = start_clock();
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
	t0 = start_clock();
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

/*
 * Android's binder, spoken to the driver directly (no libbinder): the
 * server, a child, is the device's context manager and so handle 0;
 * the client sends it BC_TRANSACTION and waits for BR_REPLY.  Each
 * side reads what it is sent from its own map of the device, into
 * which the driver copies a transaction's data once.
 */
#define BINDER_MAP	(1 << 20)	/* each side's receive buffer */
#define BINDER_QUIT	2		/* the client's last code; work is 1 */

struct binder {
	int fd;
	void *map;
	char wbuf[256];		/* commands not yet written */
	size_t wlen;
	uint32_t rbuf[128];	/* returns from the last read */
	size_t rpos, rlen;	/* in bytes */
};

/* A figure this kernel cannot give, and why: never a number. */
static void rtt_unavailable(const char *how, size_t size, const char *why)
{
	printf("{\"op\": \"%s\", \"size\": %zu, \"label\": \"%s\", \"unavailable\": \"",
	       how, size, rtt_label(size));
	for (; *why; why++) {
		if (*why == '"' || *why == '\\')
			putchar('\\');
		putchar((unsigned char)*why < ' ' ? ' ' : *why);
	}
	printf("\"}\n");
}

static const char *binder_dev(void)
{
	const char *dev = getenv("RESMGR_BENCH_BINDER_DEV");

	return dev && *dev ? dev : "/dev/binder";
}

static void binder_close(struct binder *b)
{
	if (b->map && b->map != MAP_FAILED)
		munmap(b->map, BINDER_MAP);
	close(b->fd);
}

/*
 * Opens and maps the device.  Returns NULL, or why binder cannot be
 * had on this kernel (with what tools/bench's VM script found when it
 * tried to load the driver, in $RESMGR_BENCH_BINDER_WHY).
 */
static const char *binder_open(struct binder *b)
{
	const char *hint = getenv("RESMGR_BENCH_BINDER_WHY");
	struct binder_version ver = { 0 };
	static char why[512];
	const char *what;
	int err;

	memset(b, 0, sizeof(*b));
	b->fd = open(binder_dev(), O_RDWR | O_CLOEXEC);
	if (b->fd < 0) {
		what = "open";
		goto fail;
	}
	if (ioctl(b->fd, BINDER_VERSION, &ver) < 0) {
		what = "BINDER_VERSION";
		goto fail_close;
	}
	if (ver.protocol_version != BINDER_CURRENT_PROTOCOL_VERSION) {
		snprintf(why, sizeof(why), "%s speaks binder protocol %d, not %d",
			 binder_dev(), ver.protocol_version,
			 BINDER_CURRENT_PROTOCOL_VERSION);
		binder_close(b);
		return why;
	}
	b->map = mmap(NULL, BINDER_MAP, PROT_READ, MAP_PRIVATE, b->fd, 0);
	if (b->map == MAP_FAILED) {
		what = "mmap";
		goto fail_close;
	}
	return NULL;

fail_close:
	err = errno;
	binder_close(b);
	errno = err;
fail:
	snprintf(why, sizeof(why), "%s %s: %s%s%s", what, binder_dev(),
		 strerror(errno), hint ? "; " : "", hint ? hint : "");
	return why;
}

/* Queues a command for the next BINDER_WRITE_READ. */
static void binder_put(struct binder *b, uint32_t cmd, const void *arg,
		       size_t len)
{
	if (b->wlen + sizeof(cmd) + len > sizeof(b->wbuf)) {
		errno = ENOBUFS;
		die("binder: commands");
	}
	memcpy(b->wbuf + b->wlen, &cmd, sizeof(cmd));
	if (len)
		memcpy(b->wbuf + b->wlen + sizeof(cmd), arg, len);
	b->wlen += sizeof(cmd) + len;
}

/* Writes the queued commands and, if @rd, reads what is returned. */
static void binder_talk(struct binder *b, int rd)
{
	struct binder_write_read bwr = {
		.write_size = b->wlen,
		.write_buffer = (uintptr_t)b->wbuf,
		.read_size = rd ? sizeof(b->rbuf) : 0,
		.read_buffer = (uintptr_t)b->rbuf,
	};

	/* The driver records its progress in bwr: call again as it is. */
	while (ioctl(b->fd, BINDER_WRITE_READ, &bwr) < 0)
		if (errno != EINTR)
			die("BINDER_WRITE_READ");
	b->wlen = 0;
	b->rpos = 0;
	b->rlen = bwr.read_consumed;
}

/*
 * Returns at the next @want (BR_TRANSACTION or BR_REPLY, whose
 * transaction goes to @td, or BR_TRANSACTION_COMPLETE), writing what is
 * queued first, and deals with whatever else the driver returns
 * meanwhile.
 */
static void binder_wait(struct binder *b, uint32_t want,
			struct binder_transaction_data *td)
{
	struct binder_ptr_cookie pc;
	uint32_t cmd;
	size_t len;
	char *p;

	for (;;) {
		if (b->rpos == b->rlen) {
			binder_talk(b, 1);
			continue;
		}
		p = (char *)b->rbuf + b->rpos;
		memcpy(&cmd, p, sizeof(cmd));
		len = _IOC_SIZE(cmd);
		if (b->rpos + sizeof(cmd) + len > b->rlen) {
			fprintf(stderr, "bench: binder: return 0x%x cut short\n",
				cmd);
			exit(1);
		}
		b->rpos += sizeof(cmd) + len;
		p += sizeof(cmd);
		switch (cmd) {
		case BR_TRANSACTION_COMPLETE:	/* our command went */
			if (cmd == want)
				return;
			break;
		case BR_NOOP:
		case BR_OK:
		case BR_SPAWN_LOOPER:		/* one thread serves */
		case BR_RELEASE:
		case BR_DECREFS:
			break;
		case BR_INCREFS:
		case BR_ACQUIRE:
			memcpy(&pc, p, sizeof(pc));
			binder_put(b, cmd == BR_INCREFS ? BC_INCREFS_DONE :
				   BC_ACQUIRE_DONE, &pc, sizeof(pc));
			break;
		case BR_TRANSACTION:
		case BR_REPLY:
			if (cmd != want)
				goto bad;
			memcpy(td, p, sizeof(*td));
			return;
		case BR_DEAD_REPLY:
			fprintf(stderr, "bench: binder: the server is gone\n");
			exit(1);
		case BR_FAILED_REPLY:
			fprintf(stderr, "bench: binder: transaction failed\n");
			exit(1);
		default:
			goto bad;
		}
	}
bad:
	fprintf(stderr, "bench: binder: unexpected return 0x%x\n", cmd);
	exit(1);
}

static void __attribute__((noreturn))
binder_serve(int ready, size_t size)
{
	struct binder_transaction_data td, rep = { 0 };
	struct flat_binder_object mgr = { 0 };
	char *buf = calloc(1, size);
	const char *why;
	struct binder b;
	int tries = 0;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	why = binder_open(&b);
	if (why) {
		fprintf(stderr, "bench: binder: %s\n", why);
		_exit(1);
	}
	/*
	 * A device has one context manager; the last run's server may not
	 * be released yet (the driver defers that to a work queue).
	 */
	while (ioctl(b.fd, BINDER_SET_CONTEXT_MGR_EXT, &mgr) < 0) {
		if (errno == EINVAL && !ioctl(b.fd, BINDER_SET_CONTEXT_MGR, 0))
			break;		/* a driver older than _EXT */
		if (errno != EBUSY || ++tries == 500)
			die("BINDER_SET_CONTEXT_MGR_EXT");
		usleep(10000);
	}
	/* Else the driver complains of a thread waiting for work. */
	binder_put(&b, BC_ENTER_LOOPER, NULL, 0);
	if (!buf || write(ready, "", 1) != 1)
		die("binder server");
	close(ready);
	rep.data_size = size;
	rep.data.ptr.buffer = (uintptr_t)buf;
	do {
		binder_wait(&b, BR_TRANSACTION, &td);
		if (td.data_size != size) {
			fprintf(stderr, "bench: binder: %llu bytes, not %zu\n",
				(unsigned long long)td.data_size, size);
			exit(1);
		}
		/* Free the request's buffer and reply, in one write. */
		binder_put(&b, BC_FREE_BUFFER, &td.data.ptr.buffer,
			   sizeof(td.data.ptr.buffer));
		binder_put(&b, BC_REPLY, &rep, sizeof(rep));
	} while (td.code != BINDER_QUIT);
	/* Gone before its completion is read, the driver would log it. */
	binder_wait(&b, BR_TRANSACTION_COMPLETE, &td);
	_exit(0);
}

/* Sends @req to handle 0 and waits for the reply. */
static void binder_call(struct binder *b, struct binder_transaction_data *req)
{
	struct binder_transaction_data td;

	binder_put(b, BC_TRANSACTION, req, sizeof(*req));
	binder_wait(b, BR_REPLY, &td);
	if ((td.flags & TF_STATUS_CODE) || td.data_size != req->data_size) {
		fprintf(stderr, "bench: binder: a reply of %llu bytes, flags 0x%x\n",
			(unsigned long long)td.data_size, td.flags);
		exit(1);
	}
	/* Goes with the next transaction. */
	binder_put(b, BC_FREE_BUFFER, &td.data.ptr.buffer,
		   sizeof(td.data.ptr.buffer));
}

static int bench_rtt_binder(size_t size, double secs)
{
	struct binder_transaction_data req = { 0 };
	char *buf = calloc(1, size), c;
	long long ops = 0;
	double t0, t1, end;
	const char *why;
	struct binder b;
	int ready[2];
	pid_t child;

	if (!buf)
		die("calloc");
	/* Whether this kernel has binder at all. */
	why = binder_open(&b);
	if (why) {
		rtt_unavailable("rtt-binder", size, why);
		return 0;
	}
	binder_close(&b);
	if (pipe(ready))
		die("pipe");
	child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		close(ready[0]);
		binder_serve(ready[1], size);
	}
	close(ready[1]);
	if (read(ready[0], &c, 1) != 1) {
		fprintf(stderr, "bench: binder: the server did not start\n");
		exit(1);
	}
	close(ready[0]);
	why = binder_open(&b);
	if (why) {
		fprintf(stderr, "bench: binder: %s\n", why);
		exit(1);
	}
	req.target.handle = 0;
	req.code = 1;
	req.data_size = size;
	req.data.ptr.buffer = (uintptr_t)buf;
	t0 = start_clock();
	end = t0 + secs;
	do {
		for (int i = 0; i < BATCH; i++)
			binder_call(&b, &req);
		ops += BATCH;
	} while ((t1 = now()) < end);
	req.code = BINDER_QUIT;
	binder_call(&b, &req);
	binder_talk(&b, 0);	/* the last reply's BC_FREE_BUFFER */
	rtt_report("rtt-binder", size, ops, t1 - t0);
	binder_close(&b);
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
	if (!strcmp(how, "binder"))
		return bench_rtt_binder(size, secs);
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
			"       rtt msgsend|pipe|unix|binder SIZE SECS\n");
	return 2;
}
