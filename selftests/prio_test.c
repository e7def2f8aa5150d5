// SPDX-License-Identifier: GPL-2.0
/*
 * Priority inheritance (RESMGR_FEAT_PRIO): a server thread runs at its
 * sender's scheduling while it holds the sender's message, and at its
 * own again once it replies (from any thread) or receives again; a
 * RESMGR_CHANNEL_FIXED_PRIORITY channel, or one without the feature,
 * changes nothing; a pulse lends its priority, clamped to what its
 * sender could set for itself; a server killed while boosted leaves
 * nothing behind; many senders at mixed priorities against a pool of
 * threads each get served at their own.
 *
 * The server is the test process (SCHED_OTHER, nice 0); senders are
 * forked children that report through their exit status.  Runs as root
 * in the VM.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/resmgr.h>

#include "kselftest_harness.h"

#define WAIT_MS 20000

struct msg {
	struct resmgr_in_header ih;
	union {
		struct resmgr_msgsend_in send;
		struct resmgr_pulse_in pulse;
	} b;
	char rest[64];
};

/* What a sender runs at, sent as its message so the server can compare. */
struct want {
	int policy;
	int prio;	/* SCHED_FIFO/RR priority, or nice */
};

#define MSG_DATA(m) ((char *)&(m)->b + sizeof((m)->b.send))

/* A published channel with @features; its chid in *chid. */
static int prio_chan(uint64_t features, uint32_t flags, uint32_t *chid)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
		.features = features,
	};
	struct resmgr_channel ch = { .size = sizeof(ch), .flags = flags, .mode = 0002 };
	int fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ioctl(fd, RESMGR_IOC_HELLO, &h) || (h.features & features) != features ||
	    ioctl(fd, RESMGR_IOC_CHANNEL, &ch)) {
		close(fd);
		return -1;
	}
	*chid = ch.chid;
	return fd;
}

static int recv_flags(int chan, struct msg *m, uint32_t flags)
{
	struct resmgr_xfer x = {
		.size = sizeof(x), .flags = flags, .recv_buf = (uintptr_t)m,
		.recv_len = sizeof(*m), .timeout_ns = WAIT_MS * 1000000ULL,
	};
	int ret;

	memset(m, 0, sizeof(*m));
	do {
		ret = ioctl(chan, RESMGR_IOC_XFER, &x);
	} while (ret < 0 && errno == EINTR);
	return ret;
}

static int recv_msg(int chan, struct msg *m)
{
	return recv_flags(chan, m, 0);
}

static int reply(int chan, uint64_t unique, long status)
{
	struct resmgr_out_header oh = {
		.len = sizeof(oh), .unique = unique, .status = status,
	};
	struct iovec iov = { &oh, sizeof(oh) };
	struct resmgr_xfer x = {
		.size = sizeof(x), .reply_iov = (uintptr_t)&iov, .reply_iovcnt = 1,
	};

	return ioctl(chan, RESMGR_IOC_XFER, &x);
}

static int conn_open(pid_t pid, uint32_t chid)
{
	struct resmgr_conn_attach a = { .size = sizeof(a), .pid = pid, .chid = chid };
	int fd = open("/dev/resmgr-conn", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		return -1;
	if (ioctl(fd, RESMGR_CONN_ATTACH, &a)) {
		close(fd);
		return -1;
	}
	return fd;
}

static long conn_send(int coid, const void *smsg, size_t slen)
{
	struct iovec s = { (void *)smsg, slen };
	struct resmgr_conn_send cs = {
		.size = sizeof(cs), .send_iov = (uintptr_t)&s, .send_parts = 1,
	};

	return ioctl(coid, RESMGR_CONN_SEND, &cs);
}

static int conn_pulse(int coid, int prio)
{
	struct resmgr_conn_pulse p = {
		.size = sizeof(p), .code = 1, .priority = prio,
	};

	return ioctl(coid, RESMGR_CONN_PULSE, &p);
}

/* Run the calling thread at @w (policy and priority, or nice). */
static int set_sched(const struct want *w)
{
	struct sched_param sp = { 0 };

	if (w->policy == SCHED_FIFO || w->policy == SCHED_RR) {
		sp.sched_priority = w->prio;
		return sched_setscheduler(0, w->policy, &sp);
	}
	if (sched_setscheduler(0, w->policy, &sp))
		return -1;
	return setpriority(PRIO_PROCESS, 0, w->prio);
}

/* What the calling thread runs at, as a struct want. */
static struct want get_sched(void)
{
	struct sched_param sp = { 0 };
	struct want w;

	w.policy = sched_getscheduler(0) & ~SCHED_RESET_ON_FORK;
	sched_getparam(0, &sp);
	if (w.policy == SCHED_FIFO || w.policy == SCHED_RR) {
		w.prio = sp.sched_priority;
	} else {
		errno = 0;
		w.prio = getpriority(PRIO_PROCESS, 0);
	}
	return w;
}

static bool same(struct want a, struct want b)
{
	return a.policy == b.policy && a.prio == b.prio;
}

/* Fork a sender running at @w that sends @n messages saying so. */
static pid_t sender(uint32_t chid, struct want w, int n)
{
	pid_t server = getpid();
	pid_t pid = fork();
	int coid, i;

	if (pid)
		return pid;
	if (set_sched(&w))
		_exit(10);
	coid = conn_open(server, chid);
	if (coid < 0)
		_exit(11);
	for (i = 0; i < n; i++)
		if (conn_send(coid, &w, sizeof(w)) != 7)
			_exit(12);
	_exit(0);
}

static int child_status(pid_t pid)
{
	int status, i;

	for (i = 0; i < WAIT_MS / 10; i++) {
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

static const struct want base = { SCHED_OTHER, 0 };

FIXTURE(prio) {
	int chan;
	uint32_t chid;
};

FIXTURE_SETUP(prio)
{
	struct sched_param sp = { 0 };

	/* The server runs at the base, whatever the runner gave it. */
	ASSERT_EQ(0, sched_setscheduler(0, SCHED_OTHER, &sp));
	ASSERT_EQ(0, setpriority(PRIO_PROCESS, 0, 0));
	self->chan = prio_chan(RESMGR_FEAT_IPC | RESMGR_FEAT_PRIO, 0, &self->chid);
	ASSERT_LE(0, self->chan);
}

FIXTURE_TEARDOWN(prio)
{
	close(self->chan);
}

/* One message from a sender at @w; the handler's view and after. */
static void one_message(struct __test_metadata *_metadata, int chan,
			uint32_t chid, struct want w, struct want expect)
{
	struct want during, after;
	struct msg m;
	pid_t pid;

	pid = sender(chid, w, 1);
	ASSERT_LT(0, recv_msg(chan, &m));
	ASSERT_EQ(RESMGR_OP_MSGSEND, m.ih.opcode);
	during = get_sched();
	ASSERT_EQ(0, reply(chan, m.ih.unique, 7));
	after = get_sched();
	EXPECT_EQ(0, child_status(pid));
	EXPECT_EQ(expect.policy, during.policy);
	EXPECT_EQ(expect.prio, during.prio);
	EXPECT_EQ(base.policy, after.policy);
	EXPECT_EQ(base.prio, after.prio);
}

/* A SCHED_FIFO 10 sender: its message is handled at FIFO 10. */
TEST_F(prio, fifo_sender_lends_its_priority)
{
	struct want fifo = { SCHED_FIFO, 10 };

	one_message(_metadata, self->chan, self->chid, fifo, fifo);
}

TEST_F(prio, rr_sender_lends_its_priority)
{
	struct want rr = { SCHED_RR, 33 };

	one_message(_metadata, self->chan, self->chid, rr, rr);
}

/* SCHED_OTHER: the nice value is lent, lower and higher. */
TEST_F(prio, nice_is_lent)
{
	struct want minus5 = { SCHED_OTHER, -5 }, plus7 = { SCHED_OTHER, 7 };

	one_message(_metadata, self->chan, self->chid, minus5, minus5);
	one_message(_metadata, self->chan, self->chid, plus7, plus7);
}

/* A fixed-priority channel keeps the receiver's own. */
TEST(fixed_priority_keeps_own)
{
	struct want fifo = { SCHED_FIFO, 10 };
	uint32_t chid;
	int chan;

	chan = prio_chan(RESMGR_FEAT_IPC | RESMGR_FEAT_PRIO,
			 RESMGR_CHANNEL_FIXED_PRIORITY, &chid);
	ASSERT_LE(0, chan);
	one_message(_metadata, chan, chid, fifo, base);
	close(chan);
}

/* Without the feature nothing changes, and the flag is refused. */
TEST(no_feature_no_inheritance)
{
	struct want fifo = { SCHED_FIFO, 10 };
	struct resmgr_channel ch = {
		.size = sizeof(ch), .flags = RESMGR_CHANNEL_FIXED_PRIORITY,
	};
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
		.features = RESMGR_FEAT_IPC,
	};
	uint32_t chid;
	int chan, fd;

	fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_CHANNEL, &ch));
	EXPECT_EQ(EOPNOTSUPP, errno);
	close(fd);

	chan = prio_chan(RESMGR_FEAT_IPC, 0, &chid);
	ASSERT_LE(0, chan);
	one_message(_metadata, chan, chid, fifo, base);
	close(chan);
}

/* Back to its own when it receives again, though it never replied. */
TEST_F(prio, next_receive_ends_the_loan)
{
	struct want fifo = { SCHED_FIFO, 12 }, nice3 = { SCHED_OTHER, 3 };
	struct msg m1, m2;
	pid_t p1, p2;
	struct want w;

	p1 = sender(self->chid, fifo, 1);
	ASSERT_LT(0, recv_msg(self->chan, &m1));
	w = get_sched();
	EXPECT_TRUE(same(w, fifo));
	/* Parked, as libresmgr does: the next message decides. */
	p2 = sender(self->chid, nice3, 1);
	ASSERT_LT(0, recv_msg(self->chan, &m2));
	w = get_sched();
	EXPECT_TRUE(same(w, nice3));
	/* The parked one answered: the current loan stays. */
	ASSERT_EQ(0, reply(self->chan, m1.ih.unique, 7));
	w = get_sched();
	EXPECT_TRUE(same(w, nice3));
	ASSERT_EQ(0, reply(self->chan, m2.ih.unique, 7));
	w = get_sched();
	EXPECT_TRUE(same(w, base));
	EXPECT_EQ(0, child_status(p1));
	EXPECT_EQ(0, child_status(p2));
}

struct other_reply {
	int chan;
	uint64_t unique;
	int ret;
};

static void *reply_thread(void *arg)
{
	struct other_reply *o = arg;

	o->ret = reply(o->chan, o->unique, 7);
	return NULL;
}

/* Another thread's reply gives the receiver its own priority back. */
TEST_F(prio, reply_from_another_thread)
{
	struct want fifo = { SCHED_FIFO, 15 };
	struct other_reply o = { .chan = self->chan };
	struct msg m;
	pthread_t t;
	pid_t pid;

	pid = sender(self->chid, fifo, 1);
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_TRUE(same(get_sched(), fifo));
	o.unique = m.ih.unique;
	ASSERT_EQ(0, pthread_create(&t, NULL, reply_thread, &o));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_EQ(0, o.ret);
	EXPECT_TRUE(same(get_sched(), base));
	EXPECT_EQ(0, child_status(pid));
}

/* A change the thread makes while boosted is its own and stands. */
TEST_F(prio, own_change_while_boosted_stands)
{
	struct want fifo = { SCHED_FIFO, 20 }, mine = { SCHED_FIFO, 3 };
	struct msg m;
	pid_t pid;

	pid = sender(self->chid, fifo, 1);
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_TRUE(same(get_sched(), fifo));
	ASSERT_EQ(0, set_sched(&mine));
	ASSERT_EQ(0, reply(self->chan, m.ih.unique, 7));
	EXPECT_TRUE(same(get_sched(), mine));
	EXPECT_EQ(0, child_status(pid));

	/* And it is the base of the next loan: back to FIFO 3 after. */
	pid = sender(self->chid, fifo, 1);
	ASSERT_LT(0, recv_msg(self->chan, &m));
	EXPECT_TRUE(same(get_sched(), fifo));
	ASSERT_EQ(0, reply(self->chan, m.ih.unique, 7));
	EXPECT_TRUE(same(get_sched(), mine));
	EXPECT_EQ(0, child_status(pid));
	ASSERT_EQ(0, set_sched(&base));
}

/*
 * A pulse lends its priority, clamped to what its sender could set: an
 * unprivileged sender with RLIMIT_RTPRIO 5 asking for 50 lends FIFO 5,
 * one with no RLIMIT_RTPRIO lends its own SCHED_OTHER; root lends 50.
 * The loan lasts until the next receive.
 */
static pid_t pulser(uint32_t chid, int prio, int rtprio, bool unpriv)
{
	struct rlimit rl = { rtprio, rtprio };
	pid_t server = getpid();
	pid_t pid = fork();
	int coid;

	if (pid)
		return pid;
	coid = conn_open(server, chid);
	if (coid < 0)
		_exit(11);
	if (setrlimit(RLIMIT_RTPRIO, &rl))
		_exit(12);
	if (unpriv && (setgid(65534) || setuid(65534)))
		_exit(13);
	_exit(conn_pulse(coid, prio) ? 14 : 0);
}

static void one_pulse(struct __test_metadata *_metadata, int chan,
		      uint32_t chid, int prio, int rtprio, bool unpriv,
		      struct want expect)
{
	struct msg m;
	pid_t pid;

	pid = pulser(chid, prio, rtprio, unpriv);
	EXPECT_EQ(0, child_status(pid));
	ASSERT_LT(0, recv_msg(chan, &m));
	ASSERT_EQ(RESMGR_OP_PULSE, m.ih.opcode);
	EXPECT_EQ(prio, m.b.pulse.priority);	/* passed on as given */
	EXPECT_TRUE(same(get_sched(), expect));
	/* Nothing queued: the thread is done with the pulse. */
	EXPECT_EQ(-1, recv_flags(chan, &m, RESMGR_XFER_NONBLOCK));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_TRUE(same(get_sched(), base));
}

TEST_F(prio, pulse_priority_clamped)
{
	struct want f5 = { SCHED_FIFO, 5 }, f50 = { SCHED_FIFO, 50 };

	one_pulse(_metadata, self->chan, self->chid, 50, 5, true, f5);
	one_pulse(_metadata, self->chan, self->chid, 50, 0, true, base);
	one_pulse(_metadata, self->chan, self->chid, 3, 5, true,
		  (struct want){ SCHED_FIFO, 3 });
	one_pulse(_metadata, self->chan, self->chid, 50, 0, false, f50);
	/* QNX priorities go to 255; Linux's real-time ones to 99. */
	one_pulse(_metadata, self->chan, self->chid, 200, 0, false,
		  (struct want){ SCHED_FIFO, 99 });
}

/*
 * A server process killed while it runs boosted: its sender fails
 * ENOTCONN, and nothing is left (the debug kernel checks for leaks and
 * use after free).  A thread that exits boosted, its message answered by
 * another thread later, likewise.
 */
static void *exit_boosted(void *arg)
{
	struct other_reply *o = arg;
	struct msg m;

	if (recv_msg(o->chan, &m) <= 0)
		return NULL;
	o->unique = m.ih.unique;
	o->ret = same(get_sched(), (struct want){ SCHED_FIFO, 10 });
	return NULL;	/* exits holding it, at the sender's priority */
}

TEST_F(prio, thread_exits_boosted)
{
	struct want fifo = { SCHED_FIFO, 10 };
	struct other_reply o = { .chan = self->chan };
	pthread_t t;
	pid_t pid;

	pid = sender(self->chid, fifo, 1);
	ASSERT_EQ(0, pthread_create(&t, NULL, exit_boosted, &o));
	ASSERT_EQ(0, pthread_join(t, NULL));
	ASSERT_NE(0, o.unique);
	EXPECT_TRUE(o.ret);	/* it was boosted when it left */
	EXPECT_EQ(0, reply(self->chan, o.unique, 7));
	EXPECT_EQ(0, child_status(pid));
	EXPECT_TRUE(same(get_sched(), base));
}

/*
 * A thread lent a pulse's priority keeps it until its next receive; one
 * that exits first never makes it.  Its loan must still go (the next
 * receive of any thread forgets it, the module's exit at the latest),
 * or the module would pin the thread's task_struct: the debug kernel's
 * kmemleak reports the loan left behind at unload otherwise.
 */
static void *exit_after_pulse(void *arg)
{
	struct other_reply *o = arg;
	struct msg m;

	if (recv_msg(o->chan, &m) <= 0 || m.ih.opcode != RESMGR_OP_PULSE)
		return NULL;
	o->ret = same(get_sched(), (struct want){ SCHED_FIFO, 40 });
	return NULL;	/* exits at the pulse's priority */
}

TEST_F(prio, thread_exits_after_a_pulse)
{
	struct other_reply o = { .chan = self->chan };
	struct msg m;
	pthread_t t;
	pid_t pid;

	pid = pulser(self->chid, 40, 0, false);
	EXPECT_EQ(0, child_status(pid));
	ASSERT_EQ(0, pthread_create(&t, NULL, exit_after_pulse, &o));
	ASSERT_EQ(0, pthread_join(t, NULL));
	EXPECT_TRUE(o.ret);	/* it was lent FIFO 40 when it left */
	/* A receive that finds nothing: this thread keeps its own. */
	EXPECT_EQ(-1, recv_flags(self->chan, &m, RESMGR_XFER_NONBLOCK));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_TRUE(same(get_sched(), base));
}

TEST(server_killed_boosted)
{
	int ready[2], status;
	pid_t server, client;
	uint32_t chid;
	char c;

	ASSERT_EQ(0, pipe(ready));
	server = fork();
	ASSERT_LE(0, server);
	if (!server) {
		struct msg m;
		int chan = prio_chan(RESMGR_FEAT_IPC | RESMGR_FEAT_PRIO, 0, &chid);

		if (chan < 0 || write(ready[1], &chid, sizeof(chid)) != sizeof(chid))
			_exit(1);
		if (recv_msg(chan, &m) <= 0)
			_exit(2);
		/* Tell the test it is boosted, then wait to be killed. */
		c = get_sched().policy == SCHED_FIFO ? 'y' : 'n';
		if (write(ready[1], &c, 1) != 1)
			_exit(3);
		pause();
		_exit(4);
	}
	ASSERT_EQ(sizeof(chid), read(ready[0], &chid, sizeof(chid)));
	client = fork();
	ASSERT_LE(0, client);
	if (!client) {
		struct sched_param sp = { .sched_priority = 10 };
		struct want w = { SCHED_FIFO, 10 };
		int coid = conn_open(server, chid);

		if (coid < 0 || sched_setscheduler(0, SCHED_FIFO, &sp))
			_exit(1);
		_exit(conn_send(coid, &w, sizeof(w)) < 0 && errno == ENOTCONN ?
		      0 : 2);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	EXPECT_EQ('y', c);
	kill(server, SIGKILL);
	ASSERT_EQ(server, waitpid(server, &status, 0));
	EXPECT_EQ(0, child_status(client));
	close(ready[0]);
	close(ready[1]);
}

/*
 * Senders at mixed priorities against a pool of threads: every message
 * is handled at its sender's scheduling, and every thread ends at its
 * own.
 */
#define STRESS_THREADS	3
#define STRESS_SENDERS	8
#define STRESS_MSGS	40

struct pool {
	int chan;
	atomic_int handled;
	atomic_int wrong;
	atomic_int not_base;
};

static void *pool_thread(void *arg)
{
	struct pool *p = arg;
	struct msg m;
	struct want w;

	for (;;) {
		/* Nothing for a while: all sent (the senders are done). */
		struct resmgr_xfer x = {
			.size = sizeof(x), .recv_buf = (uintptr_t)&m,
			.recv_len = sizeof(m), .timeout_ns = 3000000000ULL,
		};

		if (ioctl(p->chan, RESMGR_IOC_XFER, &x) <= 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		memcpy(&w, MSG_DATA(&m), sizeof(w));
		if (!same(get_sched(), w))
			atomic_fetch_add(&p->wrong, 1);
		if (reply(p->chan, m.ih.unique, 7))
			atomic_fetch_add(&p->wrong, 1);
		atomic_fetch_add(&p->handled, 1);
	}
	if (!same(get_sched(), base))
		atomic_fetch_add(&p->not_base, 1);
	return NULL;
}

TEST_F(prio, stress_mixed_senders)
{
	static const struct want ws[STRESS_SENDERS] = {
		{ SCHED_FIFO, 1 }, { SCHED_FIFO, 30 }, { SCHED_RR, 7 },
		{ SCHED_OTHER, -10 }, { SCHED_OTHER, 0 }, { SCHED_OTHER, 12 },
		{ SCHED_BATCH, 4 }, { SCHED_FIFO, 2 },
	};
	struct pool p = { .chan = self->chan };
	pthread_t t[STRESS_THREADS];
	pid_t pids[STRESS_SENDERS];
	int i;

	for (i = 0; i < STRESS_THREADS; i++)
		ASSERT_EQ(0, pthread_create(&t[i], NULL, pool_thread, &p));
	for (i = 0; i < STRESS_SENDERS; i++)
		pids[i] = sender(self->chid, ws[i], STRESS_MSGS);
	for (i = 0; i < STRESS_SENDERS; i++)
		EXPECT_EQ(0, child_status(pids[i]));
	for (i = 0; i < STRESS_THREADS; i++)
		ASSERT_EQ(0, pthread_join(t[i], NULL));
	EXPECT_EQ(STRESS_SENDERS * STRESS_MSGS, atomic_load(&p.handled));
	EXPECT_EQ(0, atomic_load(&p.wrong));
	EXPECT_EQ(0, atomic_load(&p.not_base));
}

TEST_HARNESS_MAIN
