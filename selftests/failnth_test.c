// SPDX-License-Identifier: GPL-2.0
/*
 * Every allocation on every path may fail.  For one call at a time, a
 * client's (open, read, write, ioctl, poll, close) or a server's (channel
 * open, HELLO, ATTACH, mount, BIND, XFER receiving and replying, MSGREAD,
 * MSGWRITE, MSGINFO, NOTIFY, DETACH, channel close), inject a failure at
 * the 1st fault point the call passes, then the 2nd, and so on (fault
 * injection's fail-nth, debug kernels only) until the call runs through
 * without reaching the nth: then every failure point of that call has
 * been tried.  Each must end in a clean error or a success, and leave
 * everything working: the same call succeeds when retried, a client
 * waiting on the server gets its answer or an error, the server sees
 * every open it granted end.  Leaks and bad unwinding show up as
 * kmemleak, KASAN or lockdep reports, which fail the VM run.
 *
 * Documentation/fault-injection/fault-injection.rst: writing N to
 * /proc/self/task/<tid>/fail-nth fails the Nth fault point this thread
 * passes; reading it back gives 0 once that happened, and what is left of
 * N otherwise.
 */
#include <sys/syscall.h>

#include "raw_server.h"
#include "kselftest_harness.h"

/* A sweep longer than this is a runaway loop, not a long call. */
#define SWEEP_MAX	2000
/* How long a client may take to finish once answered: a hang detector. */
#define STUCK_SECS	30.0

static int failnth_fd(void)
{
	char p[64];

	snprintf(p, sizeof(p), "/proc/self/task/%ld/fail-nth", (long)syscall(SYS_gettid));
	return open(p, O_RDWR | O_CLOEXEC);
}

static void failnth_set(int fd, int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	if (pwrite(fd, buf, len, 0) != len)
		abort();
}

/* Disarm; true if the armed failure was injected (fail-nth read 0). */
static bool failnth_hit(int fd)
{
	char buf[16] = "";
	bool hit;

	if (pread(fd, buf, sizeof(buf) - 1, 0) <= 0)
		abort();
	hit = atoi(buf) == 0;
	failnth_set(fd, 0);
	return hit;
}

/*
 * Run @call with the @n'th fault point of this thread failing (@n = 0:
 * none); *@hit tells whether it was reached.  errno is @call's.
 */
#define ARMED(fd, n, hit, call) ({				\
	long __ret;						\
	int __err;						\
	if (n)							\
		failnth_set(fd, n);				\
	__ret = (call);						\
	__err = errno;						\
	*(hit) = (n) && failnth_hit(fd);			\
	errno = __err;						\
	__ret;							\
})

/* Write @val to a debugfs fault-injection attribute; 0 or -1. */
static int fi_set(const char *attr, const char *val)
{
	char p[128];
	int fd, ret;

	snprintf(p, sizeof(p), "/sys/kernel/debug/%s", attr);
	fd = open(p, O_WRONLY);
	if (fd < 0)
		return -1;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -1;
	close(fd);
	return ret;
}

/* NULL when fail-nth can be used, else why not. */
static const char *failnth_setup(int *fnfd)
{
	*fnfd = -1;
	if (access("/dev/resmgr", F_OK))
		return "resmgr.ko not loaded";
	*fnfd = failnth_fd();
	if (*fnfd < 0)
		return "no fault injection (fail-nth) in this kernel";
	/*
	 * Fail sleeping allocations too (the default spares them), and
	 * quietly: an injected failure's stack trace is no kernel bug.
	 */
	if (fi_set("failslab/ignore-gfp-wait", "N") ||
	    fi_set("failslab/verbose", "0") ||
	    fi_set("fail_page_alloc/ignore-gfp-wait", "N") ||
	    fi_set("fail_page_alloc/verbose", "0"))
		return "fault injection attributes not in debugfs";
	return NULL;
}

/* An injected allocation failure may only surface as ENOMEM. */
static bool clean(long ret)
{
	return ret >= 0 || errno == ENOMEM;
}

/* ------------------------------------------------------------------ */
/* Client calls, against a raw server in a child process               */
/* ------------------------------------------------------------------ */

enum client_call {
	CALL_OPEN, CALL_READ_SMALL, CALL_READ_BIG, CALL_WRITE, CALL_IOCTL,
	CALL_POLL, CALL_CLOSE,
};

/* Open @path and make @call, which alone runs with fault point @n failing. */
static long client_call(enum client_call call, const char *path, int fnfd,
			int n, bool *hit)
{
	static char buf[8192];
	struct pollfd p;
	long ret = 0;
	int fd, v = 0;

	memset(buf, 'w', sizeof(buf));	/* no page faults in the call */
	*hit = false;
	fd = call == CALL_OPEN ? ARMED(fnfd, n, hit, open(path, O_RDWR)) :
				 open(path, O_RDWR);
	if (fd < 0)
		return -1;
	switch (call) {
	case CALL_OPEN:
		break;
	case CALL_READ_SMALL:	/* the request's inline buffer */
		ret = ARMED(fnfd, n, hit, pread(fd, buf, 8, 0));
		break;
	case CALL_READ_BIG:	/* the client's pages, pinned */
		ret = ARMED(fnfd, n, hit, pread(fd, buf, sizeof(buf), 0));
		break;
	case CALL_WRITE:
		ret = ARMED(fnfd, n, hit, pwrite(fd, buf, sizeof(buf), 0));
		break;
	case CALL_IOCTL:
		ret = ARMED(fnfd, n, hit, ioctl(fd, RAW_DCMD_GET, &v));
		break;
	case CALL_POLL:
		p.fd = fd;
		p.events = POLLIN | POLLOUT;
		ret = ARMED(fnfd, n, hit, poll(&p, 1, 0));
		break;
	case CALL_CLOSE:
		ret = ARMED(fnfd, n, hit, close(fd));
		fd = -1;
		break;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

/* One round of every client call; returns how many succeeded. */
static int client_round(const char *path)
{
	enum client_call c;
	int ok = 0;
	bool hit;

	for (c = CALL_OPEN; c <= CALL_CLOSE; c++)
		ok += client_call(c, path, -1, 0, &hit) >= 0;
	return ok;
}

FIXTURE(client) {
	int fnfd;
	struct raw_srv srv;
	char path[64];
};

FIXTURE_VARIANT(client) {
	enum client_call call;
};

FIXTURE_VARIANT_ADD(client, open) { .call = CALL_OPEN };
FIXTURE_VARIANT_ADD(client, read_small) { .call = CALL_READ_SMALL };
FIXTURE_VARIANT_ADD(client, read_big) { .call = CALL_READ_BIG };
FIXTURE_VARIANT_ADD(client, write) { .call = CALL_WRITE };
FIXTURE_VARIANT_ADD(client, ioctl) { .call = CALL_IOCTL };
FIXTURE_VARIANT_ADD(client, poll) { .call = CALL_POLL };
FIXTURE_VARIANT_ADD(client, close) { .call = CALL_CLOSE };

FIXTURE_SETUP(client)
{
	const char *why = failnth_setup(&self->fnfd);

	if (why)
		SKIP(return, "%s", why);
	snprintf(self->path, sizeof(self->path), "/tmp/resmgr-failnth-%d", getpid());
	ASSERT_EQ(0, raw_start(&self->srv, self->path, RAW_NORMAL));
	strcpy(self->srv.sh->content, "some content for the reads");
	self->srv.sh->content_len = strlen(self->srv.sh->content);
}

FIXTURE_TEARDOWN(client)
{
	if (self->srv.pid)
		raw_stop(&self->srv);
	if (self->fnfd >= 0)
		close(self->fnfd);
}

/* Every fault point of the call, then the server is still fully usable. */
TEST_F_TIMEOUT(client, allocation_failures_unwind_cleanly, 600)
{
	struct raw_shared *sh = self->srv.sh;
	int n, full = CALL_CLOSE + 1;
	bool hit = true;
	long ret;

	ASSERT_EQ(full, client_round(self->path));
	for (n = 1; hit && n < SWEEP_MAX; n++) {
		ret = client_call(variant->call, self->path, self->fnfd, n, &hit);
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", n, strerror(errno));
		/* Every open the server granted ends, failed call or not. */
		EXPECT_EQ(sh->opens, raw_wait_count(&sh->close_ocbs, sh->opens,
						    STUCK_SECS)) TH_LOG("n=%d", n);
		ASSERT_EQ(full, client_round(self->path)) TH_LOG("n=%d", n);
	}
	ASSERT_FALSE(hit);
	TH_LOG("%d fault points", n - 2);
}

/* ------------------------------------------------------------------ */
/* Server calls: the test is the server, clients are threads           */
/* ------------------------------------------------------------------ */

/* The steps that put a name up, in order. */
enum srv_step { STEP_CHAN, STEP_HELLO, STEP_ATTACH, STEP_MOUNT, STEP_BIND, STEP_UP };

struct srv {
	int chan;
	uint32_t link;
	int placeholder;	/* O_PATH, opened before the mount covered it */
	enum srv_step done;	/* steps done */
	char path[64];
};

/*
 * Do @s's next step, with fault point @n of its one system call failing
 * (@n = 0: none; *@hit: reached).  0 or -errno; a failed step may be
 * retried.
 */
static int srv_step(struct srv *s, int fnfd, int n, bool *hit)
{
	struct resmgr_hello h = { .size = sizeof(h), .major = RESMGR_VERSION_MAJOR };
	struct resmgr_attach at = { .size = sizeof(at), .mode = S_IFCHR | 0666 };
	struct resmgr_bind b = { .size = sizeof(b), .flags = RESMGR_BIND_PLACEHOLDER };
	char opts[64];
	long ret = 0;
	int fd;

	switch (s->done) {
	case STEP_CHAN:
		s->chan = ARMED(fnfd, n, hit, open("/dev/resmgr", O_RDWR | O_CLOEXEC));
		ret = s->chan;
		break;
	case STEP_HELLO:
		ret = ARMED(fnfd, n, hit, ioctl(s->chan, RESMGR_IOC_HELLO, &h));
		break;
	case STEP_ATTACH:
		ret = ARMED(fnfd, n, hit, ioctl(s->chan, RESMGR_IOC_ATTACH, &at));
		s->link = at.link;
		break;
	case STEP_MOUNT:
		if (s->placeholder < 0) {
			fd = open(s->path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
			if (fd < 0)
				return -errno;
			close(fd);
			s->placeholder = open(s->path, O_PATH | O_CLOEXEC);
		}
		snprintf(opts, sizeof(opts), "fd=%d,link=%u", s->chan, s->link);
		ret = ARMED(fnfd, n, hit, mount("resmgr", s->path, "resmgr",
						MS_NOSUID, opts));
		break;
	case STEP_BIND:
		b.link = s->link;
		b.placeholder_fd = s->placeholder;
		b.path_fd = open(s->path, O_PATH | O_CLOEXEC);
		if (b.path_fd < 0)
			return -errno;
		ret = ARMED(fnfd, n, hit, ioctl(s->chan, RESMGR_IOC_BIND, &b));
		close(b.path_fd);
		break;
	case STEP_UP:
		return -EALREADY;
	}
	if (ret < 0)
		return -errno;
	s->done++;
	return 0;
}

/* A fresh server, its steps up to (not including) @upto done. */
static int srv_start(struct srv *s, enum srv_step upto)
{
	static int seq;
	bool hit;
	int ret;

	memset(s, 0, sizeof(*s));
	s->chan = -1;
	s->placeholder = -1;
	/* Each its own path: a dead server's placeholder goes in the background. */
	snprintf(s->path, sizeof(s->path), "/tmp/resmgr-failnth-%d-%d", getpid(), ++seq);
	while (s->done < upto)
		if ((ret = srv_step(s, -1, 0, &hit)))
			return ret;
	return 0;
}

static void srv_stop(struct srv *s)
{
	if (s->done > STEP_MOUNT)
		umount2(s->path, MNT_DETACH);
	if (s->chan >= 0)
		close(s->chan);
	if (s->placeholder >= 0) {
		close(s->placeholder);
		unlink(s->path);
	}
	s->chan = s->placeholder = -1;
}

/* A raw server answering on @s's channel from a child, for client_round(). */
static int srv_serves(struct srv *s, struct raw_shared *sh)
{
	struct raw_srv rs = { .sh = sh, .mode = RAW_NORMAL, .chan = s->chan };
	pid_t pid = fork();
	int ok;

	if (pid < 0)
		return -1;
	if (pid == 0) {
		raw_serve(s->chan, &rs, 0);
		_exit(0);
	}
	ok = client_round(s->path);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return ok;
}

/* A client thread: open, one call, close. */
struct client {
	pthread_t thr;
	const char *path;
	int op;			/* RESMGR_OP_READ, _WRITE or _NOTIFY (poll) */
	size_t len;
	char buf[65536];
	int fd;
	long ret;		/* the call's */
	int err;
	volatile int done;
};

static void *client_main(void *arg)
{
	struct client *c = arg;
	struct pollfd p;

	c->ret = -1;
	c->fd = open(c->path, O_RDWR);
	if (c->fd < 0) {
		c->err = errno;
		c->done = 1;
		return NULL;
	}
	switch (c->op) {
	case RESMGR_OP_READ:
		c->ret = read(c->fd, c->buf, c->len);
		break;
	case RESMGR_OP_WRITE:
		c->ret = write(c->fd, c->buf, c->len);
		break;
	case RESMGR_OP_NOTIFY:
		p.fd = c->fd;
		p.events = POLLIN;
		c->ret = poll(&p, 1, -1) == 1 ? p.revents : -1;
		break;
	}
	c->err = errno;
	close(c->fd);
	c->done = 1;
	return NULL;
}

static int client_start(struct client *c, const char *path, int op, size_t len)
{
	memset(c, 0, sizeof(*c));
	c->path = path;
	c->op = op;
	c->len = len;
	memset(c->buf, 'c', sizeof(c->buf));
	return pthread_create(&c->thr, NULL, client_main, c);
}

#define MSG_MAX	512

struct msg {
	struct resmgr_in_header ih;
	union {
		struct resmgr_rw_in rw;
		struct resmgr_notify_in notify;
		char raw[MSG_MAX - sizeof(struct resmgr_in_header)];
	};
};

/* Receive one message into @m; waits at most a moment.  Length or -errno. */
static int msg_recv(int chan, struct msg *m)
{
	struct resmgr_xfer x = {
		.size = sizeof(x),
		.recv_buf = (uintptr_t)m, .recv_len = sizeof(*m),
		.timeout_ns = 100 * 1000 * 1000,
	};
	int ret = ioctl(chan, RESMGR_IOC_XFER, &x);

	return ret < 0 ? -errno : ret;
}

/* Reply to @unique: @status and @len bytes of @data.  0 or -errno. */
static int msg_reply(int chan, uint64_t unique, int64_t status, const void *data,
		     size_t len)
{
	struct {
		struct resmgr_out_header oh;
		struct resmgr_open_out open;
	} r = { .oh = { .unique = unique, .status = status } };
	struct iovec iov[2] = { { &r, sizeof(r.oh) }, { (void *)data, len } };
	int cnt = len ? 2 : 1;

	r.oh.len = sizeof(r.oh) + len;
	return raw_reply_only(chan, iov, cnt) < 0 ? -errno : 0;
}

/* What a plain server would say to @m. */
static void msg_answer(int chan, struct msg *m)
{
	static char data[8192];
	struct resmgr_open_out open = { .ocb = 1 };

	switch (m->ih.opcode) {
	case RESMGR_OP_OPEN:
		msg_reply(chan, m->ih.unique, 0, &open, sizeof(open));
		break;
	case RESMGR_OP_READ:
		memset(data, 's', sizeof(data));
		msg_reply(chan, m->ih.unique, m->rw.nbytes, data,
			  m->rw.nbytes < sizeof(data) ? m->rw.nbytes : sizeof(data));
		break;
	case RESMGR_OP_WRITE:
		msg_reply(chan, m->ih.unique, m->rw.nbytes, NULL, 0);
		break;
	case RESMGR_OP_NOTIFY:	/* everything is ready */
		msg_reply(chan, m->ih.unique, m->notify.events, NULL, 0);
		break;
	case RESMGR_OP_CLOSE_OCB:
	case RESMGR_OP_UNBLOCK:
	case RESMGR_OP_DISCONNECT:
		break;		/* events: no reply */
	default:
		msg_reply(chan, m->ih.unique, 0, NULL, 0);
		break;
	}
}

/*
 * Answer what comes until a message with @opcode arrives, which is left
 * held in @m.  0, or -errno (-ETIMEDOUT: none came, -ECHILD: the client
 * ended without sending it).
 */
static int serve_until(int chan, int opcode, struct msg *m, struct client *c)
{
	double end = raw_now() + STUCK_SECS;
	int ret;

	while (raw_now() < end) {
		if (c->done)
			return -ECHILD;
		ret = msg_recv(chan, m);
		if (ret == -ETIMEDOUT || ret == -EINTR)
			continue;
		if (ret < 0)
			return ret;
		if (m->ih.opcode == opcode)
			return 0;
		msg_answer(chan, m);
	}
	return -ETIMEDOUT;
}

/* Answer everything until the client is done; false if it never is. */
static bool serve_to_end(int chan, struct client *c)
{
	double end = raw_now() + STUCK_SECS;
	struct msg m;

	while (!c->done && raw_now() < end)
		if (msg_recv(chan, &m) >= 0)
			msg_answer(chan, &m);
	return c->done;
}

FIXTURE(server) {
	int fnfd;
	struct raw_shared *sh;	/* for srv_serves() */
	int n;			/* the sweep's fault point */
	bool hit;		/* it was reached */
};

FIXTURE_SETUP(server)
{
	const char *why = failnth_setup(&self->fnfd);

	if (why)
		SKIP(return, "%s", why);
	self->sh = mmap(NULL, sizeof(*self->sh), PROT_READ | PROT_WRITE,
			MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, self->sh);
}

FIXTURE_TEARDOWN(server)
{
	if (self->fnfd >= 0)
		close(self->fnfd);
}

/* for (each fault point n of the call under test, and one past the last) */
#define SWEEP(self)							\
	for ((self)->n = 1, (self)->hit = true;				\
	     (self)->hit && (self)->n < SWEEP_MAX; (self)->n++)

/* After a sweep: it ended, and how far it got. */
#define SWEEP_END(self, what) do {					\
	ASSERT_FALSE((self)->hit);					\
	TH_LOG("%s: %d fault points", what, (self)->n - 2);		\
} while (0)

/*
 * One setup step swept: it fails cleanly or works, a failed one works
 * when retried, and the server it leads to then serves.
 */
static void sweep_step(struct __test_metadata *_metadata,
		       FIXTURE_DATA(server) *self, enum srv_step step,
		       const char *what)
{
	struct srv s;
	bool unarmed;
	int ret;

	SWEEP(self) {
		ASSERT_EQ(0, srv_start(&s, step));
		ret = srv_step(&s, self->fnfd, self->n, &self->hit);
		EXPECT_TRUE(ret == 0 || ret == -ENOMEM)
			TH_LOG("%s n=%d: %s", what, self->n, strerror(-ret));
		if (ret) {
			EXPECT_EQ(0, srv_step(&s, -1, 0, &unarmed))
				TH_LOG("%s n=%d: retry fails", what, self->n);
		}
		while (s.done < STEP_UP && !srv_step(&s, -1, 0, &unarmed))
			;
		/* On with the sweep either way: it counts the call's points. */
		EXPECT_EQ(STEP_UP, s.done) TH_LOG("%s n=%d", what, self->n);
		if (s.done == STEP_UP) {
			EXPECT_EQ(CALL_CLOSE + 1, srv_serves(&s, self->sh))
				TH_LOG("%s n=%d", what, self->n);
		}
		srv_stop(&s);
	}
	SWEEP_END(self, what);
}

TEST_F_TIMEOUT(server, chan_open_fails_cleanly, 600)
{
	sweep_step(_metadata, self, STEP_CHAN, "open /dev/resmgr");
}

TEST_F_TIMEOUT(server, hello_fails_cleanly, 600)
{
	sweep_step(_metadata, self, STEP_HELLO, "HELLO");
}

TEST_F_TIMEOUT(server, attach_fails_cleanly, 600)
{
	sweep_step(_metadata, self, STEP_ATTACH, "ATTACH");
}

TEST_F_TIMEOUT(server, mount_fails_cleanly, 600)
{
	sweep_step(_metadata, self, STEP_MOUNT, "mount");
}

TEST_F_TIMEOUT(server, bind_fails_cleanly, 600)
{
	sweep_step(_metadata, self, STEP_BIND, "BIND");
}

/* Wait until a request is queued on @chan. */
static bool wait_pending(int chan)
{
	struct pollfd p = { .fd = chan, .events = POLLIN };

	return poll(&p, 1, STUCK_SECS * 1000) == 1;
}

/*
 * The armed call works on one request a client thread sent: @op with
 * @len bytes, already received into *@m unless @op is to be received by
 * the armed call itself (@recv).
 */
struct held {
	struct srv s;
	struct client c;
	struct msg m;
};

static int held_start(struct held *h, int op, size_t len, bool recv)
{
	int ret = srv_start(&h->s, STEP_UP);

	if (ret)
		return ret;
	if (client_start(&h->c, h->s.path, op, len))
		return -ENOMEM;
	if (!recv)
		return serve_until(h->s.chan, op, &h->m, &h->c);
	/* Answer OPEN, then leave @op queued for the armed receive. */
	ret = serve_until(h->s.chan, RESMGR_OP_OPEN, &h->m, &h->c);
	if (ret)
		return ret;
	msg_answer(h->s.chan, &h->m);
	return wait_pending(h->s.chan) ? 0 : -ETIMEDOUT;
}

/* Serve the client to its end and stop the server; false if it hangs. */
static bool held_end(struct held *h)
{
	bool done = serve_to_end(h->s.chan, &h->c);

	/* If it hangs, the dead channel fails it: leave no thread. */
	srv_stop(&h->s);
	pthread_join(h->c.thr, NULL);
	return done;
}

TEST_F_TIMEOUT(server, xfer_receive_fails_cleanly, 600)
{
	struct resmgr_xfer x = { .size = sizeof(x), .recv_len = sizeof(struct msg) };
	struct held h;
	long ret;

	SWEEP(self) {
		ASSERT_EQ(0, held_start(&h, RESMGR_OP_WRITE, 4096, true));
		x.recv_buf = (uintptr_t)&h.m;
		ret = ARMED(self->fnfd, self->n, &self->hit,
			    ioctl(h.s.chan, RESMGR_IOC_XFER, &x));
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", self->n, strerror(errno));
		if (ret >= 0) {
			ASSERT_EQ(RESMGR_OP_WRITE, h.m.ih.opcode);
			EXPECT_EQ(RESMGR_IN_F_TRUNC, h.m.ih.flags & RESMGR_IN_F_TRUNC);
			EXPECT_EQ(0, msg_reply(h.s.chan, h.m.ih.unique, 4096, NULL, 0));
		}
		/* Not received: still queued, or failed towards the client. */
		ASSERT_TRUE(held_end(&h)) TH_LOG("n=%d: client stuck", self->n);
		if (ret >= 0) {
			EXPECT_EQ(4096, h.c.ret) TH_LOG("n=%d", self->n);
		} else {
			EXPECT_TRUE(h.c.ret == 4096 || h.c.err == EIO)
				TH_LOG("n=%d: %ld %s", self->n, h.c.ret, strerror(h.c.err));
		}
	}
	SWEEP_END(self, "XFER receive");
}

TEST_F_TIMEOUT(server, xfer_reply_fails_cleanly, 600)
{
	/* More iovecs than fit on the stack: import_iovec() allocates. */
	struct resmgr_out_header oh = { .len = sizeof(oh) + 8192, .status = 8192 };
	static char data[8192];
	struct iovec iov[17];
	struct held h;
	int i, retry;
	long ret;

	memset(data, 'r', sizeof(data));
	iov[0] = (struct iovec){ &oh, sizeof(oh) };
	for (i = 1; i < 17; i++)
		iov[i] = (struct iovec){ data + (i - 1) * 512, 512 };
	SWEEP(self) {
		ASSERT_EQ(0, held_start(&h, RESMGR_OP_READ, 8192, false));
		oh.unique = h.m.ih.unique;
		ret = ARMED(self->fnfd, self->n, &self->hit,
			    raw_reply_only(h.s.chan, iov, 17));
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", self->n, strerror(errno));
		/*
		 * A failed reply leaves the request held for another try,
		 * or fails it towards the client (EIO): then it is gone.
		 */
		retry = ret < 0 ? raw_reply_only(h.s.chan, iov, 17) : 0;
		if (retry) {
			EXPECT_EQ(ESRCH, errno) TH_LOG("n=%d", self->n);
		}
		ASSERT_TRUE(held_end(&h)) TH_LOG("n=%d: client stuck", self->n);
		if (!retry) {
			EXPECT_EQ(8192, h.c.ret) TH_LOG("n=%d", self->n);
			EXPECT_EQ(0, memcmp(h.c.buf, data, 8192)) TH_LOG("n=%d", self->n);
		} else {
			EXPECT_EQ(EIO, h.c.err) TH_LOG("n=%d", self->n);
		}
	}
	SWEEP_END(self, "XFER reply");
}

TEST_F_TIMEOUT(server, msgread_fails_cleanly, 600)
{
	const size_t len = 65536;
	struct resmgr_msgio mio = {
		.size = sizeof(mio),
		.offset = sizeof(struct resmgr_in_header) + sizeof(struct resmgr_rw_in),
		.len = len,
	};
	static char buf[65536];
	struct held h;
	long ret;

	mio.buf = (uintptr_t)buf;
	SWEEP(self) {
		memset(buf, 0, len);
		ASSERT_EQ(0, held_start(&h, RESMGR_OP_WRITE, len, false));
		mio.unique = h.m.ih.unique;
		ret = ARMED(self->fnfd, self->n, &self->hit,
			    ioctl(h.s.chan, RESMGR_IOC_MSGREAD, &mio));
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", self->n, strerror(errno));
		if (ret < 0)
			ret = ioctl(h.s.chan, RESMGR_IOC_MSGREAD, &mio);
		EXPECT_EQ((long)len, ret) TH_LOG("n=%d: retry %s", self->n, strerror(errno));
		EXPECT_EQ(0, memcmp(buf, h.c.buf, len));
		EXPECT_EQ(0, msg_reply(h.s.chan, h.m.ih.unique, len, NULL, 0));
		ASSERT_TRUE(held_end(&h)) TH_LOG("n=%d: client stuck", self->n);
		EXPECT_EQ((long)len, h.c.ret);
	}
	SWEEP_END(self, "MSGREAD");
}

TEST_F_TIMEOUT(server, msgwrite_fails_cleanly, 600)
{
	static char data[8192];
	struct resmgr_msgio mio = { .size = sizeof(mio), .buf = (uintptr_t)data, .len = sizeof(data) };
	struct held h;
	long ret;

	memset(data, 'm', sizeof(data));
	SWEEP(self) {
		ASSERT_EQ(0, held_start(&h, RESMGR_OP_READ, sizeof(data), false));
		mio.unique = h.m.ih.unique;
		ret = ARMED(self->fnfd, self->n, &self->hit,
			    ioctl(h.s.chan, RESMGR_IOC_MSGWRITE, &mio));
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", self->n, strerror(errno));
		if (ret < 0)
			ret = ioctl(h.s.chan, RESMGR_IOC_MSGWRITE, &mio);
		EXPECT_EQ((long)sizeof(data), ret) TH_LOG("n=%d: retry %s",
							 self->n, strerror(errno));
		EXPECT_EQ(0, msg_reply(h.s.chan, h.m.ih.unique, sizeof(data), NULL, 0));
		ASSERT_TRUE(held_end(&h)) TH_LOG("n=%d: client stuck", self->n);
		EXPECT_EQ((long)sizeof(data), h.c.ret);
		EXPECT_EQ(0, memcmp(h.c.buf, data, sizeof(data)));
	}
	SWEEP_END(self, "MSGWRITE");
}

TEST_F_TIMEOUT(server, msginfo_fails_cleanly, 600)
{
	struct resmgr_msginfo mi = { .size = sizeof(mi) };
	struct held h;
	long ret;

	SWEEP(self) {
		ASSERT_EQ(0, held_start(&h, RESMGR_OP_READ, 64, false));
		mi.unique = h.m.ih.unique;
		ret = ARMED(self->fnfd, self->n, &self->hit,
			    ioctl(h.s.chan, RESMGR_IOC_MSGINFO, &mi));
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", self->n, strerror(errno));
		if (ret < 0)
			ret = ioctl(h.s.chan, RESMGR_IOC_MSGINFO, &mi);
		EXPECT_EQ(0, ret) TH_LOG("n=%d: retry %s", self->n, strerror(errno));
		EXPECT_EQ((uint32_t)getpid(), mi.pid);
		EXPECT_EQ(0, msg_reply(h.s.chan, h.m.ih.unique, 0, NULL, 0));
		ASSERT_TRUE(held_end(&h)) TH_LOG("n=%d: client stuck", self->n);
		EXPECT_EQ(0, h.c.ret);
	}
	SWEEP_END(self, "MSGINFO");
}

TEST_F_TIMEOUT(server, notify_fails_cleanly, 600)
{
	struct resmgr_notify nt = { .size = sizeof(nt), .events = POLLIN };
	struct held h;
	long ret;

	SWEEP(self) {
		ASSERT_EQ(0, held_start(&h, RESMGR_OP_NOTIFY, 0, false));
		/* Nothing ready yet: the client sleeps in poll(). */
		nt.kh = h.m.notify.kh;
		EXPECT_EQ(0, msg_reply(h.s.chan, h.m.ih.unique, 0, NULL, 0));
		ret = ARMED(self->fnfd, self->n, &self->hit,
			    ioctl(h.s.chan, RESMGR_IOC_NOTIFY, &nt));
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", self->n, strerror(errno));
		if (ret < 0)
			ret = ioctl(h.s.chan, RESMGR_IOC_NOTIFY, &nt);
		EXPECT_EQ(0, ret) TH_LOG("n=%d: retry %s", self->n, strerror(errno));
		/* Woken, it asks again and hears POLLIN is ready. */
		ASSERT_TRUE(held_end(&h)) TH_LOG("n=%d: client stuck", self->n);
		EXPECT_EQ(POLLIN, h.c.ret) TH_LOG("n=%d", self->n);
	}
	SWEEP_END(self, "NOTIFY");
}

TEST_F_TIMEOUT(server, detach_fails_cleanly, 600)
{
	bool unarmed;
	struct srv s;
	long ret;

	SWEEP(self) {
		ASSERT_EQ(0, srv_start(&s, STEP_UP));
		ret = ARMED(self->fnfd, self->n, &self->hit,
			    ioctl(s.chan, RESMGR_IOC_DETACH, resmgr_detach_arg(s.link)));
		EXPECT_TRUE(clean(ret)) TH_LOG("n=%d: %s", self->n, strerror(errno));
		/* A failed detach detached nothing: it works when retried. */
		if (ret < 0) {
			EXPECT_EQ(0, ioctl(s.chan, RESMGR_IOC_DETACH, resmgr_detach_arg(s.link)))
				TH_LOG("n=%d: retry %s", self->n, strerror(errno));
		}
		/*
		 * The channel goes on: it attaches again.  Detached while
		 * still mounted, the placeholder is the kernel's to remove
		 * once the mount is gone, whenever its expiry work runs
		 * (before this umount on a fast machine, after it on a slow
		 * one): make a fresh one either way.
		 */
		umount2(s.path, MNT_DETACH);
		close(s.placeholder);
		s.placeholder = -1;
		unlink(s.path);
		s.done = STEP_ATTACH;
		EXPECT_EQ(0, srv_step(&s, -1, 0, &unarmed));
		EXPECT_EQ(0, srv_step(&s, -1, 0, &unarmed));
		EXPECT_EQ(0, srv_step(&s, -1, 0, &unarmed));
		EXPECT_EQ(CALL_CLOSE + 1, srv_serves(&s, self->sh)) TH_LOG("n=%d", self->n);
		srv_stop(&s);
	}
	SWEEP_END(self, "DETACH");
}

/*
 * Wait until @path is gone: a dead server's mount goes once no client
 * uses it, then the placeholder it covered.
 */
static bool wait_gone(const char *path)
{
	double end = raw_now() + STUCK_SECS;
	struct stat st;

	while ((!lstat(path, &st) || errno != ENOENT) && raw_now() < end)
		usleep(10000);
	return lstat(path, &st) && errno == ENOENT;
}

TEST_F_TIMEOUT(server, chan_close_fails_cleanly, 600)
{
	struct held h;
	long ret;

	SWEEP(self) {
		/* A request held, an open, a bound mount with a placeholder. */
		ASSERT_EQ(0, held_start(&h, RESMGR_OP_READ, 64, false));
		ret = ARMED(self->fnfd, self->n, &self->hit, close(h.s.chan));
		EXPECT_EQ(0, ret) TH_LOG("n=%d: %s", self->n, strerror(errno));
		h.s.chan = -1;
		/* The client learns at once; the name goes once it let go. */
		ASSERT_TRUE(raw_wait_count(&h.c.done, 1, STUCK_SECS))
			TH_LOG("n=%d: client stuck", self->n);
		pthread_join(h.c.thr, NULL);
		EXPECT_EQ(-1, h.c.ret);
		EXPECT_EQ(ENOTCONN, h.c.err) TH_LOG("n=%d", self->n);
		close(h.s.placeholder);
		h.s.placeholder = -1;
		EXPECT_TRUE(wait_gone(h.s.path)) TH_LOG("n=%d: name stays", self->n);
		srv_stop(&h.s);
	}
	SWEEP_END(self, "channel close");
}

TEST_HARNESS_MAIN
