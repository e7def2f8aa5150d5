// SPDX-License-Identifier: GPL-2.0
/*
 * DISCONNECT: a server hears once that a client process went away, after
 * every close of that process's opens (dups and opens a forked child
 * still holds included), whether it exited or was killed mid-request;
 * a process the server never granted an open to is never announced.
 *
 * The server records every message in order, so a test can check both
 * what came and in which order.  A test's own open and close is its
 * barrier: its DISCONNECT is queued after anything queued before it, so
 * once it arrived, nothing earlier is still on the way.
 */
#include "raw_server.h"
#include "kselftest_harness.h"

#define DC_MAX_RECS	256

struct dc_rec {
	uint16_t opcode;
	uint16_t flags;
	uint32_t pid;
	uint64_t ocb;
};

struct dc_shared {
	volatile int nrecs;
	volatile int refuse;	/* errno to refuse OPEN with */
	volatile int hold_reads;
	volatile int reads;
	volatile int opens;
	volatile int disconnects;
	struct dc_rec recs[DC_MAX_RECS];
};

struct dc_srv {
	struct dc_shared *sh;
	pid_t pid;
	char path[64];
};

static void dc_serve(int chan, void *arg)
{
	struct dc_shared *sh = arg;
	static char msg[65536];
	/* Outside the loop: the reply goes out with the next XFER. */
	struct raw_reply r;
	struct iovec iov[1] = { { &r, 0 } };
	int iovcnt = 0;

	for (;;) {
		const struct resmgr_in_header *ih = (const void *)msg;
		int n = raw_xfer(chan, iovcnt ? iov : NULL, iovcnt, msg,
				 sizeof(msg));
		struct dc_rec *rec;

		iovcnt = 0;
		if (n < 0) {
			if (errno == ESRCH || errno == EINVAL)
				continue;
			_exit(0);
		}
		if (sh->nrecs < DC_MAX_RECS) {
			rec = &sh->recs[sh->nrecs];
			rec->opcode = ih->opcode;
			rec->flags = ih->flags;
			rec->pid = ih->pid;
			rec->ocb = ih->ocb;
			__sync_synchronize();
			sh->nrecs++;
		}
		if (ih->opcode == RESMGR_OP_DISCONNECT)
			__sync_add_and_fetch(&sh->disconnects, 1);
		if (ih->opcode >= RESMGR_OP_CLOSE_OCB)
			continue;
		memset(&r, 0, sizeof(r));
		r.oh.unique = ih->unique;
		r.oh.len = sizeof(r.oh);
		iovcnt = 1;
		if (ih->opcode == RESMGR_OP_OPEN) {
			if (sh->refuse) {
				r.oh.error = sh->refuse;
			} else {
				r.body.open.ocb = __sync_add_and_fetch(&sh->opens, 1);
				r.oh.len += sizeof(r.body.open);
			}
		} else if (ih->opcode == RESMGR_OP_READ) {
			__sync_add_and_fetch(&sh->reads, 1);
			if (sh->hold_reads)
				iovcnt = 0;
		}
		iov[0].iov_len = r.oh.len;
	}
}

static int dc_start(struct dc_srv *s)
{
	s->sh = mmap(NULL, sizeof(*s->sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->sh == MAP_FAILED)
		return -errno;
	snprintf(s->path, sizeof(s->path), "/tmp/resmgr-disc-%d", getpid());
	return raw_spawn(s->path, S_IFCHR | 0666, dc_serve, s->sh, &s->pid);
}

static void dc_stop(struct dc_srv *s)
{
	raw_reap(&s->pid, s->path);
}

static int dc_count(struct dc_shared *sh, uint16_t opcode, uint32_t pid)
{
	int i, n = 0;

	for (i = 0; i < sh->nrecs; i++)
		n += sh->recs[i].opcode == opcode && sh->recs[i].pid == pid;
	return n;
}

/* Index of the first DISCONNECT for @pid, or -1. */
static int dc_find_disconnect(struct dc_shared *sh, uint32_t pid)
{
	int i;

	for (i = 0; i < sh->nrecs; i++)
		if (sh->recs[i].opcode == RESMGR_OP_DISCONNECT &&
		    sh->recs[i].pid == pid)
			return i;
	return -1;
}

/* Index of the message that ended server OCB @ocb, or -1. */
static int dc_find_end(struct dc_shared *sh, uint64_t ocb, int *count)
{
	int i, at = -1;

	*count = 0;
	for (i = 0; i < sh->nrecs; i++) {
		const struct dc_rec *r = &sh->recs[i];

		if (r->ocb != ocb)
			continue;
		if (r->opcode == RESMGR_OP_CLOSE_OCB ||
		    (r->opcode == RESMGR_OP_CLOSE_DUP &&
		     r->flags & RESMGR_IN_F_LAST)) {
			(*count)++;
			at = i;
		}
	}
	return at;
}

/* Wait until @pid's DISCONNECT arrived. */
static int dc_wait_disconnect(struct dc_shared *sh, uint32_t pid)
{
	double end = raw_now() + 20;

	while (dc_find_disconnect(sh, pid) < 0 && raw_now() < end)
		usleep(1000);
	return dc_find_disconnect(sh, pid) >= 0;
}

/*
 * The barrier: an open and close of our own; our DISCONNECT follows
 * everything queued before it.  Returns how many of ours arrived.
 */
static int dc_barrier(struct dc_srv *s)
{
	int want = dc_count(s->sh, RESMGR_OP_DISCONNECT, getpid()) + 1;
	int fd = open(s->path, O_RDONLY);
	double end = raw_now() + 20;

	if (fd < 0)
		return -1;
	close(fd);
	while (dc_count(s->sh, RESMGR_OP_DISCONNECT, getpid()) < want &&
	       raw_now() < end)
		usleep(1000);
	return dc_count(s->sh, RESMGR_OP_DISCONNECT, getpid());
}

FIXTURE(dc) {
	struct dc_srv srv;
};

FIXTURE_SETUP(dc)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	memset(&self->srv, 0, sizeof(self->srv));
	ASSERT_EQ(0, dc_start(&self->srv));
}

FIXTURE_TEARDOWN(dc)
{
	dc_stop(&self->srv);
}

/*
 * A client with two opens, a dup of the first, and a forked child that
 * keeps the second.  It then exits, or blocks in a read the server holds
 * (and is killed there).  The child goes when @release[1] is closed.
 */
static pid_t dc_client(const char *path, bool block_in_read, int release[2])
{
	pid_t pid = fork();

	if (pid == 0) {
		int fd1 = open(path, O_RDWR), fd2 = open(path, O_RDWR);
		int fd3 = dup(fd1), ready[2];
		char c;

		close(release[1]);
		if (fd1 < 0 || fd2 < 0 || fd3 < 0 || pipe(ready))
			_exit(1);
		if (fork() == 0) {
			/* The child keeps only the second open. */
			close(fd1);
			close(fd3);
			close(ready[0]);
			close(ready[1]);	/* tells the client it is done */
			if (read(release[0], &c, 1) < 0)
				_exit(1);
			_exit(0);
		}
		close(ready[1]);
		if (read(ready[0], &c, 1) != 0)
			_exit(1);
		if (block_in_read && read(fd1, &c, 1) < 0)
			_exit(2);
		_exit(0);
	}
	return pid;
}

static void dc_client_goes(struct __test_metadata *_metadata,
			   struct dc_srv *s, bool killed)
{
	struct dc_shared *sh = s->sh;
	int release[2], status, at, end1, end2, n1, n2;
	pid_t pid;

	ASSERT_EQ(0, pipe(release));
	pid = dc_client(s->path, killed, release);
	ASSERT_LE(0, pid);
	if (killed) {
		sh->hold_reads = 1;
		ASSERT_EQ(1, raw_wait_count(&sh->reads, 1, 20));
		kill(pid, SIGKILL);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	if (killed) {
		ASSERT_TRUE(WIFSIGNALED(status));
	} else {
		ASSERT_EQ(0, status);
	}
	ASSERT_EQ(2, sh->opens);

	/* The child still holds the second open: no DISCONNECT yet. */
	ASSERT_EQ(1, dc_barrier(s));
	EXPECT_EQ(0, dc_count(sh, RESMGR_OP_DISCONNECT, pid));
	end1 = dc_find_end(sh, 1, &n1);
	EXPECT_EQ(1, n1);		/* the first open ended with the client */
	EXPECT_LE(0, end1);

	/* The child lets go of the last open: now, once. */
	close(release[1]);
	ASSERT_TRUE(dc_wait_disconnect(sh, pid));
	EXPECT_EQ(2, dc_barrier(s));
	EXPECT_EQ(1, dc_count(sh, RESMGR_OP_DISCONNECT, pid));
	at = dc_find_disconnect(sh, pid);
	end2 = dc_find_end(sh, 2, &n2);
	EXPECT_EQ(1, n2);
	EXPECT_LT(end1, at);		/* after both opens ended */
	EXPECT_LT(end2, at);
	close(release[0]);
}

TEST_F(dc, client_exits)
{
	dc_client_goes(_metadata, &self->srv, false);
}

TEST_F(dc, client_killed_mid_request)
{
	dc_client_goes(_metadata, &self->srv, true);
}

TEST_F(dc, refused_client_is_never_announced)
{
	struct dc_shared *sh = self->srv.sh;
	int status;
	pid_t pid;

	sh->refuse = EACCES;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		int a = open(self->srv.path, O_RDONLY);
		int b = open(self->srv.path, O_RDONLY);

		_exit(a < 0 && b < 0 && errno == EACCES ? 0 : 1);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	sh->refuse = 0;
	ASSERT_EQ(1, dc_barrier(&self->srv));
	EXPECT_EQ(2, dc_count(sh, RESMGR_OP_OPEN, pid));
	EXPECT_EQ(0, dc_count(sh, RESMGR_OP_DISCONNECT, pid));
	EXPECT_EQ(1, sh->disconnects);	/* ours alone */
}

TEST_F(dc, two_clients_two_events)
{
	struct dc_shared *sh = self->srv.sh;
	pid_t pid[2];
	int i, status;

	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (pid[i] == 0)
			_exit(open(self->srv.path, O_RDONLY) < 0);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		ASSERT_EQ(0, status);
	}
	for (i = 0; i < 2; i++)
		ASSERT_TRUE(dc_wait_disconnect(sh, pid[i]));
	ASSERT_EQ(1, dc_barrier(&self->srv));
	for (i = 0; i < 2; i++)
		EXPECT_EQ(1, dc_count(sh, RESMGR_OP_DISCONNECT, pid[i]));
	EXPECT_EQ(3, sh->disconnects);
}

/* Threads of one process are one client: one event for all their opens. */
static void *dc_open_thread(void *path)
{
	return (void *)(long)open(path, O_RDONLY);
}

TEST_F(dc, threads_are_one_client)
{
	struct dc_shared *sh = self->srv.sh;
	int status;
	pid_t pid;

	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		pthread_t t[4];
		void *fd;
		int i;

		for (i = 0; i < 4; i++)
			if (pthread_create(&t[i], NULL, dc_open_thread,
					   self->srv.path))
				_exit(1);
		for (i = 0; i < 4; i++)
			if (pthread_join(t[i], &fd) || (long)fd < 0)
				_exit(1);
		_exit(0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	ASSERT_EQ(0, status);
	ASSERT_TRUE(dc_wait_disconnect(sh, pid));
	ASSERT_EQ(1, dc_barrier(&self->srv));
	EXPECT_EQ(4, dc_count(sh, RESMGR_OP_OPEN, pid));
	EXPECT_EQ(1, dc_count(sh, RESMGR_OP_DISCONNECT, pid));
}

TEST_HARNESS_MAIN
