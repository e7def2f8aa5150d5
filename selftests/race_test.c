// SPDX-License-Identifier: GPL-2.0
/*
 * Races between clients, signals and servers:
 *  - a signal that lands while the server replies: the client gets the
 *    reply or EINTR (or a transparent restart), never a reply lost or
 *    handed out twice;
 *  - a reply to a client already killed is refused with ESRCH (an OPEN
 *    stays held and its grant becomes a CLOSE_OCB instead);
 *  - many clients killed while a server holds their requests;
 *  - a server killed under clients blocked in open, read and poll: they
 *    all fail at once.
 * On the debug kernel these also must leave no KASAN, lockdep or
 * kmemleak report, which tools/run-tests checks after the run.
 */
#include <sys/syscall.h>

#include "raw_server.h"
#include "kselftest_harness.h"

#define RC_MAX_HELD	128
#define RC_CLIENTS	64

struct rc_held {
	uint64_t unique;
	uint16_t opcode;
};

struct rc_shared {
	volatile int hold_reads, hold_opens, hold_openfds;
	volatile int release;		/* answer every held request now */
	volatile int reads, opens, notifies, unblocks;
	volatile int held_opens;
	volatile int replies_ok, reply_errors;
	volatile int late_ok, late_fail, late_errno;
	volatile int close_ocbs, closes_last, disconnects;
	volatile uint64_t seq;		/* READ replies carry this, counting up */
	volatile uint64_t last_close_ocb;
	volatile uint32_t disconnect_pid[RC_CLIENTS + 8];
	int nheld;
	struct rc_held held[RC_MAX_HELD];
};

struct rc_srv {
	struct rc_shared *sh;
	pid_t pid;
	char path[64];
};

/* XFER that gives up receiving after 10 ms, so the loop sees flags. */
static int rc_xfer(int chan, struct iovec *iov, int iovcnt, void *buf,
		   size_t len)
{
	struct resmgr_xfer x = {
		.size = sizeof(x),
		.reply_iov = (uintptr_t)iov, .reply_iovcnt = iovcnt,
		.recv_buf = (uintptr_t)buf, .recv_len = len,
		.timeout_ns = buf ? 10 * 1000 * 1000 : 0,
	};

	return ioctl(chan, RESMGR_IOC_XFER, &x);
}

/* Build the reply to @unique: READ gets the next sequence number. */
static int rc_fill(struct rc_shared *sh, struct raw_reply *r, uint64_t *data,
		   struct iovec *iov, uint64_t unique, uint16_t opcode)
{
	memset(r, 0, sizeof(*r));
	r->oh.unique = unique;
	r->oh.len = sizeof(r->oh);
	iov[0].iov_base = r;
	if (opcode == RESMGR_OP_OPEN || opcode == RESMGR_OP_OPENFD) {
		r->body.open.ocb = 1000 + __sync_add_and_fetch(&sh->opens, 1);
		r->oh.len += sizeof(r->body.open);
	}
	iov[0].iov_len = r->oh.len;
	if (opcode != RESMGR_OP_READ)
		return 1;
	*data = sh->seq + 1;
	r->oh.status = sizeof(*data);
	r->oh.len += sizeof(*data);
	iov[1].iov_base = data;
	iov[1].iov_len = sizeof(*data);
	return 2;
}

/* Answer every held request, counting what the kernel says to each. */
static void rc_release(int chan, struct rc_shared *sh)
{
	struct raw_reply r;
	struct iovec iov[2];
	uint64_t data;
	int i, cnt;

	for (i = 0; i < sh->nheld; i++) {
		cnt = rc_fill(sh, &r, &data, iov, sh->held[i].unique,
			      sh->held[i].opcode);
		if (rc_xfer(chan, iov, cnt, NULL, 0) == 0) {
			__sync_add_and_fetch(&sh->late_ok, 1);
		} else {
			sh->late_errno = errno;
			__sync_add_and_fetch(&sh->late_fail, 1);
		}
	}
	sh->nheld = 0;
	sh->release = 0;
}

static void rc_serve(int chan, void *arg)
{
	struct rc_shared *sh = arg;
	static char msg[65536];
	/* Outside the loop: the reply goes out with the next XFER. */
	struct raw_reply r;
	struct iovec iov[2];
	uint64_t data;
	int iovcnt = 0;

	for (;;) {
		const struct resmgr_in_header *ih = (const void *)msg;
		int n = rc_xfer(chan, iovcnt ? iov : NULL, iovcnt, msg,
				sizeof(msg));

		if (iovcnt && n < 0 && errno != ETIMEDOUT) {
			__sync_add_and_fetch(&sh->reply_errors, 1);
		} else if (iovcnt) {
			if (iovcnt == 2)
				sh->seq++;
			__sync_add_and_fetch(&sh->replies_ok, 1);
		}
		iovcnt = 0;
		if (sh->release)
			rc_release(chan, sh);
		if (n < 0) {
			if (errno == ETIMEDOUT || errno == ESRCH ||
			    errno == EINVAL || errno == EINTR)
				continue;
			_exit(0);
		}
		switch (ih->opcode) {
		case RESMGR_OP_OPEN:
			if (sh->hold_opens)
				break;
			iovcnt = rc_fill(sh, &r, &data, iov, ih->unique,
					 ih->opcode);
			break;
		case RESMGR_OP_OPENFD:
			if (sh->hold_openfds)
				break;
			iovcnt = rc_fill(sh, &r, &data, iov, ih->unique,
					 ih->opcode);
			break;
		case RESMGR_OP_READ:
			__sync_add_and_fetch(&sh->reads, 1);
			if (sh->hold_reads)
				break;
			iovcnt = rc_fill(sh, &r, &data, iov, ih->unique,
					 ih->opcode);
			break;
		case RESMGR_OP_NOTIFY:
			/* Nothing is ever ready: the poller sleeps. */
			__sync_add_and_fetch(&sh->notifies, 1);
			iovcnt = rc_fill(sh, &r, &data, iov, ih->unique,
					 ih->opcode);
			break;
		case RESMGR_OP_CLOSE_OCB:
			sh->last_close_ocb = ih->ocb;
			__sync_add_and_fetch(&sh->close_ocbs, 1);
			break;
		case RESMGR_OP_UNBLOCK:
			__sync_add_and_fetch(&sh->unblocks, 1);
			break;
		case RESMGR_OP_DISCONNECT: {
			int i = sh->disconnects;

			if (i < (int)(sizeof(sh->disconnect_pid) / 4))
				sh->disconnect_pid[i] = ih->pid;
			__sync_add_and_fetch(&sh->disconnects, 1);
			break;
		}
		default:
			if (ih->opcode == RESMGR_OP_CLOSE_DUP &&
			    ih->flags & RESMGR_IN_F_LAST)
				__sync_add_and_fetch(&sh->closes_last, 1);
			if (ih->opcode < RESMGR_OP_CLOSE_OCB)
				iovcnt = rc_fill(sh, &r, &data, iov,
						 ih->unique, ih->opcode);
			break;
		}
		/* Held: remember it for rc_release(). */
		if ((ih->opcode == RESMGR_OP_OPEN && sh->hold_opens) ||
		    (ih->opcode == RESMGR_OP_OPENFD && sh->hold_openfds) ||
		    (ih->opcode == RESMGR_OP_READ && sh->hold_reads)) {
			if (sh->nheld < RC_MAX_HELD) {
				sh->held[sh->nheld].unique = ih->unique;
				sh->held[sh->nheld].opcode = ih->opcode;
				sh->nheld++;
			}
			if (ih->opcode != RESMGR_OP_READ)
				__sync_add_and_fetch(&sh->held_opens, 1);
		}
	}
}

static int rc_start(struct rc_srv *s)
{
	s->sh = mmap(NULL, sizeof(*s->sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->sh == MAP_FAILED)
		return -errno;
	snprintf(s->path, sizeof(s->path), "/tmp/resmgr-race-%d", getpid());
	return raw_spawn(s->path, S_IFCHR | 0666, rc_serve, s->sh, &s->pid);
}

static void rc_stop(struct rc_srv *s)
{
	raw_reap(&s->pid, s->path);
}

FIXTURE(rc) {
	struct rc_srv srv;
};

FIXTURE_SETUP(rc)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	memset(&self->srv, 0, sizeof(self->srv));
	ASSERT_EQ(0, rc_start(&self->srv));
}

FIXTURE_TEARDOWN(rc)
{
	rc_stop(&self->srv);
}

static void rc_on_usr1(int sig)
{
}

struct rc_reader {
	int fd, iterations;
	volatile int done;
	int ok, eintr, other, out_of_order;
	uint64_t last;
	pid_t tid;
};

static void *rc_read_loop(void *arg)
{
	struct rc_reader *rd = arg;
	int i;

	rd->tid = syscall(SYS_gettid);
	for (i = 0; i < rd->iterations; i++) {
		uint64_t v = 0;
		ssize_t n = read(rd->fd, &v, sizeof(v));

		if (n == sizeof(v)) {
			rd->ok++;
			/* Exactly the next reply: none lost, none twice. */
			if (v != rd->last + 1)
				rd->out_of_order++;
			rd->last = v;
		} else if (n < 0 && errno == EINTR) {
			rd->eintr++;
		} else {
			rd->other++;
		}
	}
	rd->done = 1;
	return NULL;
}

/* Read @iterations times while another thread signals the reader. */
static void rc_signal_storm(struct __test_metadata *_metadata,
			    struct rc_srv *s, int sa_flags)
{
	struct sigaction sa = { .sa_handler = rc_on_usr1, .sa_flags = sa_flags };
	struct rc_reader rd = { .iterations = 3000 };
	pthread_t t;
	long signals = 0;
	int i;

	sigemptyset(&sa.sa_mask);
	ASSERT_EQ(0, sigaction(SIGUSR1, &sa, NULL));
	rd.fd = open(s->path, O_RDONLY);
	ASSERT_LE(0, rd.fd);
	ASSERT_EQ(0, pthread_create(&t, NULL, rc_read_loop, &rd));
	while (!rd.done) {
		if (pthread_kill(t, SIGUSR1) == 0)
			signals++;
		usleep(signals % 7);	/* vary where the signal lands */
	}
	pthread_join(t, NULL);
	close(rd.fd);
	/* The server counts a reply once its XFER returns. */
	for (i = 0; i < 20000 && (int)s->sh->seq < rd.ok; i++)
		usleep(1000);

	EXPECT_EQ(0, rd.other);
	EXPECT_EQ(0, rd.out_of_order);
	EXPECT_EQ(rd.iterations, rd.ok + rd.eintr);
	/* Every reply the server gave reached the reader, and no other. */
	EXPECT_EQ(rd.ok, (int)s->sh->seq);
	EXPECT_EQ(0, s->sh->reply_errors);
	if (sa_flags & SA_RESTART)
		EXPECT_EQ(0, rd.eintr);
	TH_LOG("%d replies, %d EINTR, %ld signals, %d unblocks", rd.ok,
	       rd.eintr, signals, s->sh->unblocks);
}

TEST_F(rc, signal_while_replying_eintr)
{
	rc_signal_storm(_metadata, &self->srv, 0);
}

TEST_F(rc, signal_while_replying_restart)
{
	rc_signal_storm(_metadata, &self->srv, SA_RESTART);
}

TEST_F(rc, reply_after_client_killed)
{
	struct rc_shared *sh = self->srv.sh;
	int status;
	pid_t pid;

	sh->hold_reads = 1;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char c;
		int fd = open(self->srv.path, O_RDONLY);

		_exit(fd < 0 || read(fd, &c, 1) < 0);
	}
	ASSERT_EQ(1, raw_wait_count(&sh->reads, 1, 20));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	sh->release = 1;
	ASSERT_EQ(1, raw_wait_count(&sh->late_fail, 1, 20));
	EXPECT_EQ(ESRCH, sh->late_errno);
	EXPECT_EQ(0, sh->late_ok);
	/* The client's open was ended, and the client announced gone. */
	EXPECT_EQ(1, raw_wait_count(&sh->disconnects, 1, 20));
	EXPECT_EQ(pid, (pid_t)sh->disconnect_pid[0]);
	EXPECT_EQ(1, sh->closes_last + sh->close_ocbs);
}

TEST_F(rc, open_granted_after_client_killed)
{
	struct rc_shared *sh = self->srv.sh;
	int status;
	pid_t pid;

	sh->hold_opens = 1;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(open(self->srv.path, O_RDONLY) < 0);
	ASSERT_EQ(1, raw_wait_count(&sh->held_opens, 1, 20));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	sh->release = 1;
	/* The grant is taken, and undone at once with a CLOSE_OCB. */
	ASSERT_EQ(1, raw_wait_count(&sh->late_ok, 1, 20));
	EXPECT_EQ(0, sh->late_fail);
	ASSERT_EQ(1, raw_wait_count(&sh->close_ocbs, 1, 20));
	EXPECT_EQ(1001, sh->last_close_ocb);
	EXPECT_EQ(1, raw_wait_count(&sh->disconnects, 1, 20));
	EXPECT_EQ(pid, (pid_t)sh->disconnect_pid[0]);
}

/* The same for an openfd(): the second open it grants is ended too. */
TEST_F(rc, openfd_granted_after_client_killed)
{
	struct rc_shared *sh = self->srv.sh;
	int status;
	pid_t pid;

	sh->hold_openfds = 1;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDONLY };
		int fd = open(self->srv.path, O_RDONLY);

		_exit(fd < 0 || ioctl(fd, RESMGR_FIOC_OPENFD, &of) < 0);
	}
	ASSERT_EQ(1, raw_wait_count(&sh->held_opens, 1, 20));
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_TRUE(WIFSIGNALED(status));
	sh->release = 1;
	/* The first open ends with its last CLOSE_DUP, the grant with this. */
	ASSERT_EQ(1, raw_wait_count(&sh->late_ok, 1, 20));
	EXPECT_EQ(0, sh->late_fail);
	ASSERT_EQ(1, raw_wait_count(&sh->close_ocbs, 1, 20));
	EXPECT_EQ(1002, sh->last_close_ocb);
	EXPECT_EQ(1, raw_wait_count(&sh->disconnects, 1, 20));
}

TEST_F(rc, many_clients_killed_mid_request)
{
	struct rc_shared *sh = self->srv.sh;
	pid_t pid[RC_CLIENTS];
	uint64_t v;
	int i, fd, status;

	sh->hold_reads = 1;
	for (i = 0; i < RC_CLIENTS; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0) {
			char c;

			fd = open(self->srv.path, O_RDONLY);
			_exit(fd < 0 || read(fd, &c, 1) < 0);
		}
	}
	ASSERT_EQ(RC_CLIENTS, raw_wait_count(&sh->reads, RC_CLIENTS, 60));
	for (i = 0; i < RC_CLIENTS; i++)
		kill(pid[i], SIGKILL);
	for (i = 0; i < RC_CLIENTS; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		EXPECT_TRUE(WIFSIGNALED(status));
	}
	sh->release = 1;
	ASSERT_EQ(RC_CLIENTS, raw_wait_count(&sh->late_fail, RC_CLIENTS, 60));
	EXPECT_EQ(ESRCH, sh->late_errno);
	EXPECT_EQ(0, sh->late_ok);
	EXPECT_EQ(RC_CLIENTS, raw_wait_count(&sh->disconnects, RC_CLIENTS, 60));
	EXPECT_EQ(RC_CLIENTS, sh->closes_last + sh->close_ocbs);

	/* The server still serves. */
	sh->hold_reads = 0;
	fd = open(self->srv.path, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(sizeof(v), read(fd, &v, sizeof(v)));
	close(fd);
}

TEST_F(rc, server_killed_under_blocked_clients)
{
	struct rc_shared *sh = self->srv.sh;
	int fd_read, fd_poll, i, status;
	pid_t pid[3];

	fd_read = open(self->srv.path, O_RDONLY);
	fd_poll = open(self->srv.path, O_RDONLY);
	ASSERT_LE(0, fd_read);
	ASSERT_LE(0, fd_poll);
	sh->hold_opens = 1;
	sh->hold_reads = 1;
	for (i = 0; i < 3; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0) {
			struct pollfd p = { .fd = fd_poll, .events = POLLIN };
			char c;

			alarm(60);	/* a hang shows as SIGALRM */
			if (i == 0)
				_exit(open(self->srv.path, O_RDONLY) < 0 ?
				      errno : 0);
			if (i == 1)
				_exit(read(fd_read, &c, 1) < 0 ? errno : 0);
			if (poll(&p, 1, -1) != 1)
				_exit(1);
			_exit(p.revents & POLLERR ? 0 : 2);
		}
	}
	ASSERT_EQ(1, raw_wait_count(&sh->held_opens, 1, 20));
	ASSERT_EQ(1, raw_wait_count(&sh->reads, 1, 20));
	ASSERT_LE(1, raw_wait_count(&sh->notifies, 1, 20));
	kill(self->srv.pid, SIGKILL);
	waitpid(self->srv.pid, NULL, 0);
	self->srv.pid = 0;
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		ASSERT_TRUE(WIFEXITED(status));
		EXPECT_EQ(i < 2 ? ENOTCONN : 0, WEXITSTATUS(status));
	}
	close(fd_read);
	close(fd_poll);
}

TEST_HARNESS_MAIN
