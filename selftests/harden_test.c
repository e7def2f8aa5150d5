// SPDX-License-Identifier: GPL-2.0
/*
 * What a hostile or buggy server, or a hostile client, must never be able
 * to do to the kernel or to other clients: the regressions of the kernel
 * review (H1, H2, H3, M1, L2, L6, L7, L11).  Each test is named for the
 * behaviour it proves.
 */
#include <linux/aio_abi.h>
#include <sys/syscall.h>

#include "raw_server.h"
#include "kselftest_harness.h"

/* What the tests' server does, set by the test, in shared memory. */
struct hs {
	volatile int read_error;	/* answer READ with this error */
	volatile int open_error;	/* answer OPEN with this error */
	volatile int grant_zero;	/* grant handle 0 */
	volatile uint32_t open_flags;	/* RESMGR_OPEN_* of the grant */
	volatile int hold_reads;	/* never answer READ */
	volatile uint64_t hold_writes_from;	/* never answer WRITEs this big */
	volatile int recv_limit;	/* stop receiving after so many */
	volatile int small_recv;	/* receive with a header-sized buffer */
	volatile int msgwrite_race;	/* M1: MSGWRITE while another replies */
	volatile int opens, reads, writes, stats, received, unblocks;
	volatile int xfer_errno;	/* last XFER failure */
	volatile int notify_errno;	/* RESMGR_IOC_NOTIFY with POLLFREE */
	volatile int emsgsize;		/* XFERs refused EMSGSIZE */
	volatile uint64_t unblock_target;
	volatile uint64_t held_read;	/* unique of the latest held READ */
	volatile int msgwrites_done;	/* M1: the writer's round is over */
	volatile int msgwrite_round;	/* M1: the round the client wants */
};

static struct hs *hs_new(void)
{
	struct hs *h = mmap(NULL, sizeof(*h), PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return h == MAP_FAILED ? NULL : h;
}

static int hs_chan;

/* M1's writer: MSGWRITE 'X' into the held READ until it is answered. */
static void *hs_msgwriter(void *arg)
{
	struct hs *h = arg;
	static char x[1 << 20];
	int round = 0;

	memset(x, 'X', sizeof(x));
	for (;;) {
		struct resmgr_msgio m = { .size = sizeof(m), .buf = (uintptr_t)x, .len = sizeof(x) };

		while (h->msgwrite_round == round || !h->held_read)
			usleep(100);
		round = h->msgwrite_round;
		m.unique = h->held_read;
		while (ioctl(hs_chan, RESMGR_IOC_MSGWRITE, &m) >= 0)
			;
		h->msgwrites_done = round;
	}
	return NULL;
}

static void hs_serve(int chan, void *arg)
{
	struct hs *h = arg;
	size_t buflen = 64 * 1024;
	char *buf = malloc(buflen);
	struct raw_reply r;
	struct iovec iov[2];
	int iovcnt = 0;
	pthread_t thr;

	hs_chan = chan;
	if (h->msgwrite_race && pthread_create(&thr, NULL, hs_msgwriter, h))
		_exit(1);
	for (;;) {
		struct resmgr_in_header *ih = (void *)buf;
		void *body = buf + sizeof(*ih);
		struct resmgr_xfer x = {
			.size = sizeof(x),
			.reply_iov = (uintptr_t)iov, .reply_iovcnt = iovcnt,
			.recv_buf = (uintptr_t)buf,
			.recv_len = h->small_recv ? sizeof(*ih) : buflen,
		};
		int n;

		if (!iovcnt)
			x.reply_iov = 0;
		if (h->recv_limit && h->received >= h->recv_limit) {
			/* Answer nothing more: let requests pile up, pending. */
			if (iovcnt)
				raw_reply_only(chan, iov, iovcnt);
			for (;;)
				pause();
		}
		n = ioctl(chan, RESMGR_IOC_XFER, &x);
		iovcnt = 0;
		if (n < 0) {
			h->xfer_errno = errno;
			if (errno == EMSGSIZE) {
				__sync_add_and_fetch(&h->emsgsize, 1);
				h->small_recv = 0;
				continue;
			}
			if (errno == EINTR || errno == EINVAL || errno == ESRCH)
				continue;
			_exit(0);
		}
		__sync_add_and_fetch(&h->received, 1);
		memset(&r, 0, sizeof(r));
		r.oh.unique = ih->unique;
		r.oh.len = sizeof(r.oh);
		iov[0].iov_base = &r;
		iov[0].iov_len = sizeof(r.oh);
		iovcnt = 1;

		switch (ih->opcode) {
		case RESMGR_OP_OPEN:
			__sync_add_and_fetch(&h->opens, 1);
			if (h->open_error) {
				r.oh.error = h->open_error;
				break;
			}
			r.body.open.ocb = h->grant_zero ? 0 : 100 + h->opens;
			r.body.open.flags = h->open_flags;
			iov[0].iov_len = r.oh.len = sizeof(r.oh) + sizeof(r.body.open);
			break;
		case RESMGR_OP_STAT_PATH:
		case RESMGR_OP_STAT:
			__sync_add_and_fetch(&h->stats, 1);
			r.body.stat.mode = S_IFCHR | 0666;
			r.body.stat.nlink = 1;
			iov[0].iov_len = r.oh.len = sizeof(r.oh) + sizeof(r.body.stat);
			break;
		case RESMGR_OP_READ: {
			struct resmgr_rw_in *rw = body;

			__sync_add_and_fetch(&h->reads, 1);
			if (h->msgwrite_race) {
				/* Let the writer start, then answer EINTR. */
				h->held_read = ih->unique;
				h->msgwrite_round++;
				usleep(rand() % 200);
				r.oh.error = EINTR;
				break;
			}
			if (h->hold_reads) {
				h->held_read = ih->unique;
				iovcnt = 0;
				break;
			}
			if (h->read_error) {
				r.oh.error = h->read_error;
				break;
			}
			r.oh.status = rw->nbytes < 4 ? rw->nbytes : 4;
			iov[1].iov_base = "data";
			iov[1].iov_len = r.oh.status;
			r.oh.len += r.oh.status;
			iovcnt = 2;
			break;
		}
		case RESMGR_OP_WRITE: {
			struct resmgr_rw_in *rw = body;

			__sync_add_and_fetch(&h->writes, 1);
			if (h->hold_writes_from && rw->nbytes >= h->hold_writes_from) {
				iovcnt = 0;
				break;
			}
			r.oh.status = rw->nbytes;
			break;
		}
		case RESMGR_OP_NOTIFY: {
			struct resmgr_notify_in *ni = body;
			struct resmgr_notify nt = {
				.size = sizeof(nt),
				.kh = ni->kh, .events = 0x4000,	/* POLLFREE */
			};

			h->notify_errno = ioctl(chan, RESMGR_IOC_NOTIFY, &nt) ?
					  errno : 0;
			r.oh.status = POLLOUT;
			break;
		}
		case RESMGR_OP_UNBLOCK: {
			struct resmgr_unblock_in *ub = body;

			h->unblock_target = n >= (int)(sizeof(*ih) + sizeof(*ub)) ?
					    ub->target : 0;
			__sync_add_and_fetch(&h->unblocks, 1);
			iovcnt = 0;
			break;
		}
		case RESMGR_OP_CLOSE_DUP:
			break;
		default:
			if (ih->opcode >= RESMGR_OP_CLOSE_OCB)
				iovcnt = 0;	/* events take no reply */
			else
				r.oh.error = ENOSYS;
		}
	}
}

static int hs_start(struct hs *h, char *path, size_t len, pid_t *pid)
{
	snprintf(path, len, "/tmp/resmgr-harden-%d", getpid());
	return raw_spawn(path, S_IFCHR | 0666, hs_serve, h, pid);
}

static int wait_int(volatile int *v, int want, double secs)
{
	return raw_wait_count(v, want, secs);
}

/* H2: the kernel's own codes (512 and up) never reach a client. */
TEST(server_error_512_and_above_is_eio)
{
	static const int errs[] = { 512, 513, 514, 515, 516, 517, 518, 521,
				    526, 529, 530, 1000, 4094, 4095, 4096,
				    -1, -512 };
	struct hs *h = hs_new();
	char path[64], b[8];
	unsigned int i;
	pid_t pid;
	int fd;

	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	for (i = 0; i < sizeof(errs) / sizeof(errs[0]); i++) {
		h->read_error = errs[i];
		h->xfer_errno = 0;
		alarm(10);
		errno = 0;
		EXPECT_EQ(-1, read(fd, b, sizeof(b)));
		EXPECT_EQ(EIO, errno) TH_LOG("server error %d gave %d", errs[i], errno);
		alarm(0);
		/* The server learns its reply was refused. */
		wait_int(&h->xfer_errno, EINVAL, 5);
		EXPECT_EQ(EINVAL, h->xfer_errno);
	}
	/* The highest errno a server may send still gets through. */
	h->read_error = RESMGR_ERRNO_MAX;
	EXPECT_EQ(-1, read(fd, b, sizeof(b)));
	EXPECT_EQ(RESMGR_ERRNO_MAX, errno);
	h->read_error = EAGAIN;
	EXPECT_EQ(-1, read(fd, b, sizeof(b)));
	EXPECT_EQ(EAGAIN, errno);
	close(fd);
	raw_reap(&pid, path);
}

static long io_setup_(unsigned int nr, aio_context_t *ctx)
{
	return syscall(SYS_io_setup, nr, ctx);
}

/* H2: EIOCBQUEUED from a server must not leave an aio read pending. */
TEST(aio_read_answered_eiocbqueued_completes)
{
	struct hs *h = hs_new();
	aio_context_t ctx = 0;
	struct iocb cb = { 0 }, *cbs[1] = { &cb };
	struct io_event ev;
	struct timespec ts = { 10, 0 };
	char path[64], b[64];
	pid_t pid;
	int fd;

	ASSERT_NE(NULL, h);
	h->open_flags = RESMGR_OPEN_NONSEEKABLE;	/* read_iter: aio's path */
	h->read_error = 529;				/* EIOCBQUEUED */
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	if (io_setup_(1, &ctx))
		SKIP(goto out, "no aio in this kernel");
	cb.aio_fildes = fd;
	cb.aio_lio_opcode = IOCB_CMD_PREAD;
	cb.aio_buf = (uintptr_t)b;
	cb.aio_nbytes = sizeof(b);
	ASSERT_EQ(1, syscall(SYS_io_submit, ctx, 1, cbs));
	/* Completed, with EIO, not left to wait for a completion never sent. */
	ASSERT_EQ(1, syscall(SYS_io_getevents, ctx, 1, 1, &ev, &ts));
	EXPECT_EQ(-EIO, (long)ev.res);
	EXPECT_EQ(0, syscall(SYS_io_destroy, ctx));
out:
	close(fd);
	raw_reap(&pid, path);
}

/* H2: ECHILD from OPEN would make the path walk send the OPEN again. */
TEST(open_answered_echild_or_estale_is_sent_once)
{
	static const int errs[] = { ECHILD, ESTALE };
	struct hs *h = hs_new();
	char path[64];
	unsigned int i;
	pid_t pid;

	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	for (i = 0; i < 2; i++) {
		int before = h->opens;

		h->open_error = errs[i];
		EXPECT_EQ(-1, open(path, O_RDONLY));
		EXPECT_EQ(EIO, errno);
		EXPECT_EQ(before + 1, h->opens);
	}
	raw_reap(&pid, path);
}

/* L7: handle 0 is the kernel's "not granted": such a grant is refused. */
TEST(open_granted_handle_zero_is_refused)
{
	struct hs *h = hs_new();
	char path[64];
	pid_t pid;

	ASSERT_NE(NULL, h);
	h->grant_zero = 1;
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	EXPECT_EQ(-1, open(path, O_RDONLY));
	EXPECT_EQ(EIO, errno);
	wait_int(&h->xfer_errno, EINVAL, 5);
	EXPECT_EQ(EINVAL, h->xfer_errno);
	h->grant_zero = 0;
	raw_reap(&pid, path);
}

static volatile sig_atomic_t got_sig;

static void on_sig(int sig)
{
	got_sig++;
}

struct h1_client {
	int fd;
	volatile int *stop;
};

static void *h1_reader(void *arg)
{
	struct h1_client *c = arg;
	char b[256];

	while (!*c->stop && read(c->fd, b, sizeof(b)) != -1)
		;
	while (!*c->stop && errno != ENOTCONN && errno != EBADF &&
	       read(c->fd, b, sizeof(b)) == -1)
		;
	return NULL;
}

/*
 * H1: the server dies while many clients wait, some requests pending and
 * some held, and the clients are signalled (and killed) all the while.
 * Before the fix the channel's release and the clients' signal paths
 * both unlinked and released the same requests: KASAN use-after-free,
 * refcount underflow, list corruption.
 */
FIXTURE(race) {};
FIXTURE_SETUP(race) {}
FIXTURE_TEARDOWN(race) {}

/*
 * Up to 30 rounds, for at most 40 s once 3 have run: a loaded debug
 * kernel (KASAN, lockdep) runs a round in seconds, a stock one in less.
 */
TEST_F_TIMEOUT(race, channel_close_racing_client_signals, 150)
{
	struct sigaction sa = { .sa_handler = on_sig };
	double end = raw_now() + 40;
	int round;

	sigaction(SIGUSR1, &sa, NULL);
	for (round = 0; round < 30 && (round < 3 || raw_now() < end); round++) {
		struct hs *h = hs_new();
		pid_t srv, kids[3];
		char path[64];
		int k;

		ASSERT_NE(NULL, h);
		h->hold_reads = 1;
		h->recv_limit = 6;	/* 6 held, the rest stay pending */
		ASSERT_EQ(0, hs_start(h, path, sizeof(path), &srv));
		for (k = 0; k < 3; k++) {
			kids[k] = fork();
			ASSERT_LE(0, kids[k]);
			if (!kids[k]) {
				static volatile int stop;
				struct h1_client c = { .stop = &stop };
				pthread_t t[6];
				int i;

				c.fd = open(path, O_RDONLY);
				if (c.fd < 0)
					_exit(2);
				for (i = 0; i < 6; i++)
					pthread_create(&t[i], NULL, h1_reader, &c);
				/* Signal our own readers until told to stop. */
				for (;;) {
					for (i = 0; i < 6; i++)
						pthread_kill(t[i], SIGUSR1);
					sched_yield();
				}
			}
		}
		wait_int(&h->received, 6, 20);
		/* Kill the server while the signals fly; kill one client too. */
		kill(srv, SIGKILL);
		kill(kids[round % 3], SIGKILL);
		waitpid(srv, NULL, 0);
		srv = 0;
		for (k = 0; k < 3; k++) {
			kill(kids[k], SIGKILL);
			waitpid(kids[k], NULL, 0);
		}
		raw_reap(&srv, path);
		munmap(h, sizeof(*h));
	}
}

struct rw_thread {
	int fd;
	size_t len;
	bool write;
	volatile int done;
	volatile ssize_t ret;
	volatile int err;
	pthread_t t;
};

static void *rw_thread_fn(void *arg)
{
	struct rw_thread *w = arg;
	char *b = malloc(w->len);

	if (!b)
		_exit(3);
	memset(b, 'w', w->len);
	w->ret = w->write ? write(w->fd, b, w->len) : read(w->fd, b, w->len);
	w->err = errno;
	w->done = 1;
	return NULL;
}

static void rw_start(struct rw_thread *w, int fd, size_t len, bool write)
{
	w->fd = fd;
	w->len = len;
	w->write = write;
	pthread_create(&w->t, NULL, rw_thread_fn, w);
}

/*
 * H3: one client's large reads and writes, held by the server, must not
 * block other clients' opens, stats and writes.  Before the fix 8 held
 * 8 MiB reads took the channel's whole 64 MiB budget, and every later
 * request with data, an open's path included, waited for good.
 */
TEST(huge_held_read_does_not_starve_opens)
{
	struct hs *h = hs_new();
	char path[64], small[512 << 10];
	struct stat st;
	pid_t pid, hog;
	int fd;

	ASSERT_NE(NULL, h);
	h->hold_reads = 1;
	h->hold_writes_from = 1 << 20;
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	hog = fork();
	ASSERT_LE(0, hog);
	if (!hog) {
		static struct rw_thread r[8], w[4];
		int i, hfd = open(path, O_RDWR);

		if (hfd < 0)
			_exit(2);
		for (i = 0; i < 8; i++)
			rw_start(&r[i], hfd, 8 << 20, false);
		for (i = 0; i < 4; i++)
			rw_start(&w[i], hfd, 16 << 20, true);
		for (;;)
			pause();
	}
	/* The hog's reads are all held, and one of its writes. */
	EXPECT_EQ(8, wait_int(&h->reads, 8, 60));
	EXPECT_LE(1, wait_int(&h->writes, 1, 60));

	alarm(60);
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd) TH_LOG("open starved: %s", strerror(errno));
	EXPECT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(0, stat(path, &st));
	memset(small, 's', sizeof(small));
	EXPECT_EQ((ssize_t)sizeof(small), write(fd, small, sizeof(small)));
	alarm(0);
	close(fd);
	kill(hog, SIGKILL);
	waitpid(hog, NULL, 0);
	raw_reap(&pid, path);
}

/* H3: a client waiting for budget room is interrupted by any signal. */
TEST(budget_wait_is_interruptible)
{
	struct sigaction sa = { .sa_handler = on_sig };	/* no SA_RESTART */
	struct hs *h = hs_new();
	struct rw_thread held = { 0 }, waiter = { 0 };
	char path[64];
	pid_t pid;
	int fd, i;

	ASSERT_NE(NULL, h);
	sigaction(SIGUSR1, &sa, NULL);
	h->hold_writes_from = 1 << 20;
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	/* 16 MiB held: this client's whole budget. */
	rw_start(&held, fd, 16 << 20, true);
	ASSERT_EQ(1, wait_int(&h->writes, 1, 60));
	/* The next one waits for room, before anything is sent. */
	rw_start(&waiter, fd, 2 << 20, true);
	for (i = 0; i < 1000 && !waiter.done; i++) {
		pthread_kill(waiter.t, SIGUSR1);
		usleep(10000);
	}
	EXPECT_EQ(1, waiter.done);
	EXPECT_EQ(-1, waiter.ret);
	EXPECT_EQ(EINTR, waiter.err);
	EXPECT_EQ(1, h->writes);	/* never sent */
	raw_reap(&pid, path);
	pthread_join(held.t, NULL);
	EXPECT_EQ(-1, held.ret);
	EXPECT_EQ(ENOTCONN, held.err);
	if (waiter.done)
		pthread_join(waiter.t, NULL);
	close(fd);
}

/*
 * M1: a server thread's MSGWRITE racing another thread's reply never
 * writes into the client's buffer after read(2) has returned.
 */
TEST(late_msgwrite_never_lands_after_read_returns)
{
	struct hs *h = hs_new();
	size_t len = 1 << 20;
	char path[64], *buf = malloc(len);
	int fd, round, bad = 0;
	pid_t pid;

	ASSERT_NE(NULL, h);
	ASSERT_NE(NULL, buf);
	h->msgwrite_race = 1;
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	for (round = 1; round <= 200 && !bad; round++) {
		EXPECT_EQ(-1, read(fd, buf, len));
		EXPECT_EQ(EINTR, errno);
		memset(buf, 0, len);
		/* The writer has stopped: its MSGWRITEs now fail ESRCH. */
		ASSERT_EQ(round, wait_int(&h->msgwrites_done, round, 20));
		bad = memchr(buf, 'X', len) != NULL;
	}
	EXPECT_EQ(0, bad) TH_LOG("MSGWRITE landed after read() returned, round %d",
				 round - 1);
	close(fd);
	raw_reap(&pid, path);
}

/* L2: POLLFREE is no readiness event; a server may not send it. */
TEST(notify_pollfree_is_refused)
{
	struct hs *h = hs_new();
	struct pollfd p;
	char path[64];
	pid_t pid;

	ASSERT_NE(NULL, h);
	h->notify_errno = -1;
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	p.fd = open(path, O_RDONLY);
	ASSERT_LE(0, p.fd);
	p.events = POLLIN;
	EXPECT_EQ(0, poll(&p, 1, 0));
	EXPECT_EQ(EINVAL, h->notify_errno);
	close(p.fd);
	raw_reap(&pid, path);
}

static void *l11_reader(void *arg)
{
	char b[64];

	return (void *)(long)read(*(int *)arg, b, sizeof(b));
}

/*
 * L11: an event that does not fit the server's receive buffer is not cut
 * (it is not held, so MSGREAD could never recover the rest): EMSGSIZE,
 * and the next receive with room gets all of it.
 */
TEST(event_larger_than_recv_buffer_is_kept)
{
	struct sigaction sa = { .sa_handler = on_sig };
	struct hs *h = hs_new();
	char path[64];
	pthread_t t;
	pid_t pid;
	int fd;

	ASSERT_NE(NULL, h);
	sigaction(SIGUSR1, &sa, NULL);
	h->hold_reads = 1;
	h->small_recv = 1;
	ASSERT_EQ(0, hs_start(h, path, sizeof(path), &pid));
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	pthread_create(&t, NULL, l11_reader, &fd);
	ASSERT_EQ(1, wait_int(&h->reads, 1, 20));
	pthread_kill(t, SIGUSR1);	/* the server gets an UNBLOCK */
	ASSERT_EQ(1, wait_int(&h->unblocks, 1, 20));
	EXPECT_LE(1, h->emsgsize);
	EXPECT_EQ(h->held_read, h->unblock_target);
	raw_reap(&pid, path);
	pthread_join(t, NULL);
	close(fd);
}

/* L6: only a server (CAP_SYS_ADMIN) needs the channel device. */
TEST(chan_device_is_not_world_accessible)
{
	struct stat st;

	ASSERT_EQ(0, stat("/dev/resmgr", &st));
	EXPECT_EQ(0600, st.st_mode & 0777);
}

/* L6: no "fs-resmgr" alias, so an unprivileged mount loads nothing. */
TEST(module_has_no_filesystem_alias)
{
	const char *k = getenv("RESMGR_VM_KERNEL");
	char cmd[512], exe[256], out[256] = "";
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	FILE *f;

	if (!k || n <= 0)
		SKIP(return, "not in the VM runner");
	exe[n] = 0;
	*strrchr(exe, '/') = 0;		/* build/selftests */
	snprintf(cmd, sizeof(cmd), "modinfo -F alias %s/../%s/kmod/resmgr.ko",
		 exe, k);
	f = popen(cmd, "r");
	ASSERT_NE(NULL, f);
	while (fgets(out, sizeof(out), f))
		EXPECT_EQ(NULL, strstr(out, "fs-resmgr"));
	EXPECT_EQ(0, pclose(f));
}

TEST_HARNESS_MAIN
