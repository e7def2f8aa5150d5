// SPDX-License-Identifier: GPL-2.0
/*
 * fcntl(2) record locks reach the server as LOCK, against a raw server
 * keeping a tiny lock table: F_GETLK reports the conflicting lock with
 * its holder's pid, F_SETLK fails EAGAIN on a conflict, F_SETLKW is held
 * by the server until the lock is free, a signal turns into an UNBLOCK
 * the server answers EINTR, SIGKILL frees a waiter at once, and OFD locks
 * are flagged and owned by the open, not the process.
 *
 * The table follows the release rules the kernel leaves to the server:
 * a process's POSIX locks go with the CLOSE_DUP of any of its
 * descriptors for the file, an open's OFD locks when its OCB ends.
 */
#include "raw_server.h"
#include "kselftest_harness.h"

#define LK_MAX	16

struct lk_lock {
	bool used, ofd;
	uint16_t type;
	int64_t start, end;	/* end exclusive; INT64_MAX: to EOF */
	uint64_t owner, ocb;
	uint32_t pid;
};

struct lk_waiter {
	bool used;
	uint64_t unique, ocb;
	struct resmgr_lock_in in;
	uint32_t pid;
};

struct lk_table {
	struct lk_lock locks[LK_MAX];
	struct lk_waiter waiters[LK_MAX];
	volatile int nwaiting;		/* SETW requests held */
	volatile int granted_late;	/* SETW granted after waiting */
	volatile int unblock_answered;	/* waiters answered EINTR */
};

static struct lk_table *tab;

static int64_t lk_end(const struct resmgr_lock_in *in)
{
	return in->len ? in->start + in->len : INT64_MAX;
}

static bool lk_same_owner(const struct lk_lock *l,
			  const struct resmgr_lock_in *in)
{
	return l->ofd == !!(in->flags & RESMGR_LOCK_OFD) && l->owner == in->owner;
}

static struct lk_lock *lk_conflict(const struct resmgr_lock_in *in)
{
	for (int i = 0; i < LK_MAX; i++) {
		struct lk_lock *l = &tab->locks[i];

		if (!l->used || lk_same_owner(l, in))
			continue;
		if (l->end <= in->start || lk_end(in) <= l->start)
			continue;
		if (l->type == F_WRLCK || in->type == F_WRLCK)
			return l;
	}
	return NULL;
}

/* Take or release: the owner's overlapping locks go, the new one comes. */
static void lk_apply(const struct resmgr_lock_in *in, uint64_t ocb)
{
	int i;

	for (i = 0; i < LK_MAX; i++) {
		struct lk_lock *l = &tab->locks[i];

		if (l->used && lk_same_owner(l, in) &&
		    l->start < lk_end(in) && in->start < l->end)
			l->used = false;
	}
	if (in->type == F_UNLCK)
		return;
	for (i = 0; i < LK_MAX; i++) {
		struct lk_lock *l = &tab->locks[i];

		if (l->used)
			continue;
		*l = (struct lk_lock){
			.used = true, .ofd = !!(in->flags & RESMGR_LOCK_OFD),
			.type = in->type, .start = in->start, .end = lk_end(in),
			.owner = in->owner, .ocb = ocb, .pid = in->pid,
		};
		return;
	}
}

static void lk_answer(int chan, uint64_t unique, int err)
{
	struct raw_reply r = { .oh = { .unique = unique, .error = err } };
	struct iovec iov = { &r, sizeof(r.oh) };

	if (!err)
		iov.iov_len = sizeof(r.oh) + sizeof(r.body.lock);
	r.oh.len = iov.iov_len;
	raw_reply_only(chan, &iov, 1);
}

/* Something was released: grant every waiter that can go now. */
static void lk_retry(int chan)
{
	for (int i = 0; i < LK_MAX; i++) {
		struct lk_waiter *w = &tab->waiters[i];

		if (!w->used || lk_conflict(&w->in))
			continue;
		w->used = false;
		tab->nwaiting--;
		lk_apply(&w->in, w->ocb);
		lk_answer(chan, w->unique, 0);
		tab->granted_late++;
	}
}

static void lk_drop(bool (*match)(const struct lk_lock *l, uint64_t key),
		    uint64_t key)
{
	for (int i = 0; i < LK_MAX; i++)
		if (tab->locks[i].used && match(&tab->locks[i], key))
			tab->locks[i].used = false;
}

static bool lk_posix_of(const struct lk_lock *l, uint64_t pid)
{
	return !l->ofd && l->pid == pid;
}

static bool lk_ofd_of(const struct lk_lock *l, uint64_t ocb)
{
	return l->ofd && l->ocb == ocb;
}

static bool lk_handler(struct raw_srv *srv, int chan,
		       struct resmgr_in_header *ih, int n,
		       struct raw_reply *r, struct iovec *iov, int *iovcnt)
{
	switch (ih->opcode) {
	case RESMGR_OP_LOCK: {
		struct resmgr_lock_in *in = (void *)(ih + 1);
		struct lk_lock *c = lk_conflict(in);

		if (in->cmd == RESMGR_LOCK_GET) {
			r->body.lock.type = F_UNLCK;
			if (c) {
				r->body.lock.type = c->type;
				r->body.lock.pid = c->ofd ? 0 : c->pid;
				r->body.lock.start = c->start;
				r->body.lock.len = c->end == INT64_MAX ? 0 :
						   c->end - c->start;
			}
		} else if (c && in->cmd == RESMGR_LOCK_SET) {
			r->oh.error = EAGAIN;
			return true;
		} else if (c) {
			for (int i = 0; i < LK_MAX; i++) {
				struct lk_waiter *w = &tab->waiters[i];

				if (w->used)
					continue;
				*w = (struct lk_waiter){
					.used = true, .unique = ih->unique,
					.ocb = ih->ocb, .in = *in,
					.pid = ih->pid,
				};
				tab->nwaiting++;
				*iovcnt = 0;	/* held until it can go */
				return true;
			}
			r->oh.error = ENOLCK;
			return true;
		} else {
			lk_apply(in, ih->ocb);
			lk_retry(chan);
		}
		iov[0].iov_len = r->oh.len = sizeof(r->oh) + sizeof(r->body.lock);
		return true;
	}
	case RESMGR_OP_UNBLOCK: {
		struct resmgr_unblock_in *u = (void *)(ih + 1);

		__sync_add_and_fetch(&srv->sh->unblocks, 1);
		*iovcnt = 0;
		for (int i = 0; i < LK_MAX; i++) {
			struct lk_waiter *w = &tab->waiters[i];

			if (!w->used || w->unique != u->target)
				continue;
			w->used = false;
			tab->nwaiting--;
			lk_answer(chan, w->unique, EINTR);
			tab->unblock_answered++;
		}
		return true;
	}
	case RESMGR_OP_CLOSE_DUP:
		/* POSIX: any close by the process releases its locks. */
		lk_drop(lk_posix_of, ih->pid);
		for (int i = 0; i < LK_MAX; i++) {
			struct lk_waiter *w = &tab->waiters[i];

			if (w->used && w->pid == ih->pid) {
				w->used = false;	/* a dying waiter */
				tab->nwaiting--;
			}
		}
		if (ih->flags & RESMGR_IN_F_LAST)
			lk_drop(lk_ofd_of, ih->ocb);
		lk_retry(chan);
		return false;	/* counted and answered by raw_serve() */
	case RESMGR_OP_CLOSE_OCB:
		lk_drop(lk_ofd_of, ih->ocb);
		lk_retry(chan);
		return false;
	default:
		return false;
	}
}

FIXTURE(lk) {
	struct raw_srv srv;
	char path[64];
	int fd;
};

FIXTURE_SETUP(lk)
{
	self->fd = -1;
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	tab = mmap(NULL, sizeof(*tab), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, tab);
	snprintf(self->path, sizeof(self->path), "/tmp/resmgr-lock-%d", getpid());
	memset(&self->srv, 0, sizeof(self->srv));
	self->srv.handler = lk_handler;
	ASSERT_EQ(0, raw_start(&self->srv, self->path, RAW_NORMAL));
	self->fd = open(self->path, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(lk)
{
	if (self->fd >= 0)
		close(self->fd);
	raw_stop(&self->srv);
	munmap(tab, sizeof(*tab));
}

static int lk_set(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = {
		.l_type = type, .l_whence = SEEK_SET, .l_start = start,
		.l_len = len,
	};

	return fcntl(fd, cmd, &fl);
}

static void lk_sigusr1(int sig)
{
}

/*
 * In a child, its own open of @path: F_SETLK/F_SETLKW (@cmd) a write
 * lock on [0, 10); exits with 0 or the errno.
 */
static pid_t lk_child(const char *path, int cmd, bool catch_usr1)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa = { .sa_handler = lk_sigusr1 };
		int fd = open(path, O_RDWR);

		if (catch_usr1)
			sigaction(SIGUSR1, &sa, NULL);	/* no SA_RESTART */
		if (fd < 0)
			_exit(100);
		_exit(lk_set(fd, cmd, F_WRLCK, 0, 10) ? errno : 0);
	}
	return pid;
}

static int lk_exit_code(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST_F(lk, setlk_sends_lock_with_owner_and_range)
{
	struct resmgr_lock_in *in = (void *)self->srv.sh->last[RESMGR_OP_LOCK].body;

	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_WRLCK, 5, 10));
	EXPECT_EQ(RESMGR_LOCK_SET, in->cmd);
	EXPECT_EQ(F_WRLCK, in->type);
	EXPECT_EQ(0, in->flags);
	EXPECT_EQ(5, in->start);
	EXPECT_EQ(10, in->len);
	EXPECT_EQ(getpid(), in->owner);
	EXPECT_EQ(getpid(), in->pid);
	/* l_len 0: to the end of the file, however far it grows. */
	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_RDLCK, 100, 0));
	EXPECT_EQ(100, in->start);
	EXPECT_EQ(0, in->len);
	/* F_SETLKW is SETW, even to unlock. */
	ASSERT_EQ(0, lk_set(self->fd, F_SETLKW, F_UNLCK, 0, 0));
	EXPECT_EQ(RESMGR_LOCK_SETW, in->cmd);
	EXPECT_EQ(F_UNLCK, in->type);
	EXPECT_EQ(0, in->start);
}

TEST_F(lk, getlk_reports_the_conflict_and_its_pid)
{
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET,
			    .l_start = 12, .l_len = 1 };
	pid_t pid;
	int fd;

	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_RDLCK, 10, 5));
	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_WRLCK, 1000, 0));
	/* Our own locks never conflict with us. */
	ASSERT_EQ(0, fcntl(self->fd, F_GETLK, &fl));
	EXPECT_EQ(F_UNLCK, fl.l_type);

	pid = fork();
	if (pid == 0) {
		fd = open(self->path, O_RDWR);
		fl.l_type = F_WRLCK;
		fl.l_start = 12;
		fl.l_len = 1;
		if (fd < 0 || fcntl(fd, F_GETLK, &fl))
			_exit(1);
		if (fl.l_type != F_RDLCK || fl.l_pid != getppid() ||
		    fl.l_start != 10 || fl.l_len != 5 || fl.l_whence != SEEK_SET)
			_exit(2);
		fl.l_start = 1 << 20;
		if (fcntl(fd, F_GETLK, &fl) || fl.l_type != F_WRLCK ||
		    fl.l_start != 1000 || fl.l_len != 0)
			_exit(3);
		fl.l_type = F_RDLCK;
		fl.l_start = 0;
		fl.l_len = 10;
		if (fcntl(fd, F_GETLK, &fl) || fl.l_type != F_UNLCK)
			_exit(4);
		_exit(0);
	}
	EXPECT_EQ(0, lk_exit_code(pid));
}

TEST_F(lk, setlk_conflict_is_eagain)
{
	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_WRLCK, 0, 100));
	EXPECT_EQ(EAGAIN, lk_exit_code(lk_child(self->path, F_SETLK, false)));
	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_UNLCK, 0, 100));
	EXPECT_EQ(0, lk_exit_code(lk_child(self->path, F_SETLK, false)));
}

TEST_F(lk, setlkw_waits_until_unlocked)
{
	pid_t pid;
	int status;

	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_WRLCK, 0, 0));
	pid = lk_child(self->path, F_SETLKW, false);
	ASSERT_EQ(1, raw_wait_count(&tab->nwaiting, 1, 10));
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG));	/* still waiting */
	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_UNLCK, 0, 0));
	EXPECT_EQ(0, lk_exit_code(pid));
	EXPECT_EQ(1, tab->granted_late);
}

TEST_F(lk, setlkw_signal_unblocks_with_eintr)
{
	pid_t pid;

	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_WRLCK, 0, 0));
	pid = lk_child(self->path, F_SETLKW, true);
	ASSERT_EQ(1, raw_wait_count(&tab->nwaiting, 1, 10));
	kill(pid, SIGUSR1);
	EXPECT_EQ(EINTR, lk_exit_code(pid));
	EXPECT_EQ(1, self->srv.sh->unblocks);
	EXPECT_EQ(1, tab->unblock_answered);
	EXPECT_EQ(0, tab->nwaiting);
}

TEST_F(lk, sigkill_frees_a_waiter)
{
	pid_t pid;
	int status;

	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_WRLCK, 0, 0));
	pid = lk_child(self->path, F_SETLKW, false);
	ASSERT_EQ(1, raw_wait_count(&tab->nwaiting, 1, 10));
	kill(pid, SIGKILL);
	/* Gone while the lock is still held: nothing waited for the server. */
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	EXPECT_EQ(SIGKILL, WTERMSIG(status));
	/*
	 * Its exit queued a CLOSE_DUP before waitpid() returned, so the
	 * server forgot the waiter before it sees this unlock: nothing is
	 * granted to the dead process, and another can lock.
	 */
	ASSERT_EQ(0, lk_set(self->fd, F_SETLK, F_UNLCK, 0, 0));
	EXPECT_EQ(0, tab->nwaiting);
	EXPECT_EQ(0, lk_exit_code(lk_child(self->path, F_SETLK, false)));
	EXPECT_EQ(0, tab->granted_late);
}

TEST_F(lk, ofd_locks_are_flagged_and_owned_by_the_open)
{
	struct resmgr_lock_in *in = (void *)self->srv.sh->last[RESMGR_OP_LOCK].body;
	struct flock fl = { .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 1 };
	int fd2 = open(self->path, O_RDWR);
	uint64_t owner1;

	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, lk_set(self->fd, F_OFD_SETLK, F_WRLCK, 0, 10));
	EXPECT_EQ(RESMGR_LOCK_OFD, in->flags);
	EXPECT_EQ(RESMGR_LOCK_SET, in->cmd);
	EXPECT_EQ(getpid(), in->pid);
	owner1 = in->owner;
	/* Another open of the same process is another owner. */
	EXPECT_EQ(-1, lk_set(fd2, F_OFD_SETLK, F_WRLCK, 5, 1));
	EXPECT_EQ(EAGAIN, errno);
	EXPECT_EQ(RESMGR_LOCK_OFD, in->flags);
	EXPECT_NE(owner1, in->owner);
	/* F_GETLK of an OFD lock shows pid -1, as Linux does. */
	ASSERT_EQ(0, fcntl(fd2, F_OFD_GETLK, &fl));
	EXPECT_EQ(F_WRLCK, fl.l_type);
	EXPECT_EQ(-1, fl.l_pid);
	EXPECT_EQ(0, fl.l_start);
	EXPECT_EQ(10, fl.l_len);
	/* The open's last close releases it. */
	ASSERT_EQ(0, close(self->fd));
	self->fd = -1;
	EXPECT_EQ(0, lk_set(fd2, F_OFD_SETLK, F_WRLCK, 5, 1));
	close(fd2);
}

TEST_HARNESS_MAIN
