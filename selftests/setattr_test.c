// SPDX-License-Identifier: GPL-2.0
/*
 * Attribute changes reach the server: chmod, chown, utimensat and
 * truncate by path, and fchmod, fchown and futimens, as COMBINE messages
 * (open + one I/O message + close), ftruncate as SPACE on the caller's
 * own open, O_TRUNC in the open's ioflag only.  The server's errors are
 * the caller's, a malformed answer is EIO, a dead server ENOTCONN.
 *
 * The server here records every message it gets, so each test compares
 * the exact body the kernel sent.
 */
#include <sys/resource.h>

#include "raw_server.h"
#include "kselftest_harness.h"

#define SA_MAX_RECS	64

/* What a message looked like, as far as these tests care. */
struct sa_rec {
	uint16_t opcode;
	uint16_t flags;
	uint64_t ocb;
	uint32_t ioflag, access;
	uint16_t extra_type;
	uint32_t extra_len;
	int layout_ok;		/* lengths, alignment and padding as documented */
	uint8_t extra[64];	/* COMBINE: io_extra + body; SPACE: the body */
};

enum sa_bad {
	SA_GOOD,
	SA_PAYLOAD,		/* a body where none belongs */
	SA_NEGATIVE,		/* a negative status */
	SA_HOLD,		/* never answer */
};

struct sa_shared {
	volatile int nrecs;
	volatile int error;	/* errno to answer attribute messages with */
	volatile int bad;	/* enum sa_bad */
	volatile int holding;	/* SA_HOLD: messages held */
	volatile int opens;
	struct sa_rec recs[SA_MAX_RECS];
};

static int sa_is_setattr(uint16_t op)
{
	return op == RESMGR_OP_COMBINE || op == RESMGR_OP_SPACE;
}

/* Check the connect layout: groups, path, then 8-byte aligned extra. */
static int sa_layout_ok(const char *msg, size_t n)
{
	const struct resmgr_in_header *ih = (const void *)msg;
	const struct resmgr_connect_in *c = (const void *)(ih + 1);
	size_t path_off = sizeof(*ih) + sizeof(*c) + c->ngroups * 4;
	size_t extra_off = path_off + c->path_len;
	size_t i;

	if (c->path_len < 1 || msg[extra_off - 1] != '\0' || c->eflag ||
	    c->reserved)
		return 0;
	if (c->extra_len)
		extra_off = (extra_off + 7) & ~(size_t)7;
	for (i = path_off + c->path_len; i < extra_off; i++)
		if (msg[i])
			return 0;	/* padding must be zeros */
	return ih->len == n && extra_off + c->extra_len == n;
}

static void sa_record(struct sa_shared *sh, const char *msg, int n)
{
	const struct resmgr_in_header *ih = (const void *)msg;
	struct sa_rec *r;
	int i = sh->nrecs;

	if (i >= SA_MAX_RECS)
		return;
	r = &sh->recs[i];
	memset(r, 0, sizeof(*r));
	r->opcode = ih->opcode;
	r->flags = ih->flags;
	r->ocb = ih->ocb;
	if (ih->opcode <= RESMGR_OP_COMBINE) {
		const struct resmgr_connect_in *c = (const void *)(ih + 1);

		r->ioflag = c->ioflag;
		r->access = c->access;
		r->extra_type = c->extra_type;
		r->extra_len = c->extra_len;
		r->layout_ok = sa_layout_ok(msg, n);
		if (c->extra_len && c->extra_len <= sizeof(r->extra))
			memcpy(r->extra, msg + n - c->extra_len, c->extra_len);
	} else if (ih->opcode == RESMGR_OP_SPACE) {
		r->layout_ok = ih->len == n &&
			n == sizeof(*ih) + sizeof(struct resmgr_space_in);
		memcpy(r->extra, ih + 1, sizeof(struct resmgr_space_in));
	}
	__sync_synchronize();
	sh->nrecs = i + 1;
}

static void sa_serve(int chan, struct sa_shared *sh)
{
	static char msg[65536];
	/* Outside the loop: the reply goes out with the next XFER. */
	struct raw_reply r;
	uint64_t junk = 0;
	struct iovec iov[2];
	int iovcnt = 0;

	for (;;) {
		const struct resmgr_in_header *ih = (const void *)msg;
		int n = raw_xfer(chan, iovcnt ? iov : NULL, iovcnt, msg,
				 sizeof(msg));

		iovcnt = 0;
		if (n < 0) {
			if (errno == ESRCH || errno == EINVAL)
				continue;
			_exit(0);
		}
		sa_record(sh, msg, n);
		if (ih->opcode >= RESMGR_OP_CLOSE_OCB)
			continue;	/* events take no reply */
		memset(&r, 0, sizeof(r));
		r.oh.unique = ih->unique;
		r.oh.len = sizeof(r.oh);
		iov[0].iov_base = &r;
		iov[0].iov_len = sizeof(r.oh);
		iovcnt = 1;
		if (ih->opcode == RESMGR_OP_OPEN) {
			r.body.open.ocb = 100 + __sync_add_and_fetch(&sh->opens, 1);
			r.oh.len += sizeof(r.body.open);
			iov[0].iov_len = r.oh.len;
		} else if (ih->opcode == RESMGR_OP_STAT_PATH) {
			r.body.stat.mode = 0644;
			r.body.stat.nlink = 1;
			r.oh.len += sizeof(r.body.stat);
			iov[0].iov_len = r.oh.len;
		} else if (sa_is_setattr(ih->opcode)) {
			if (sh->bad == SA_HOLD) {
				__sync_add_and_fetch(&sh->holding, 1);
				iovcnt = 0;
			} else if (sh->error) {
				r.oh.error = sh->error;
			} else if (sh->bad == SA_PAYLOAD) {
				iov[1].iov_base = &junk;
				iov[1].iov_len = sizeof(junk);
				iovcnt = 2;
				r.oh.len += sizeof(junk);
			} else if (sh->bad == SA_NEGATIVE) {
				r.oh.status = -1;
			}
		}
	}
}

struct sa_srv {
	struct sa_shared *sh;
	pid_t pid;
	char path[64];
};

/* A server on a regular-file attach point (truncate needs S_IFREG). */
static int sa_start(struct sa_srv *s)
{
	/* Set-uid, so chown brings ATTR_KILL_SUID, which must not become a CHMOD. */
	struct resmgr_attach at = { .size = sizeof(at), .mode = S_IFREG | 04755 };
	struct resmgr_bind b = { .size = sizeof(b), .flags = RESMGR_BIND_PLACEHOLDER };
	int pipefd[2], err = 0;

	s->sh = mmap(NULL, sizeof(*s->sh), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (s->sh == MAP_FAILED)
		return -errno;
	snprintf(s->path, sizeof(s->path), "/tmp/resmgr-setattr-%d", getpid());
	if (pipe(pipefd))
		return -errno;
	s->pid = fork();
	if (s->pid < 0)
		return -errno;
	if (s->pid == 0) {
		char opts[64];
		int chan = raw_chan_open(), fd;

		if (chan < 0 || ioctl(chan, RESMGR_IOC_ATTACH, &at))
			err = -errno;
		fd = err ? -1 : open(s->path, O_CREAT | O_EXCL | O_WRONLY, 0600);
		if (!err && fd < 0)
			err = -errno;
		if (!err) {
			close(fd);
			b.placeholder_fd = open(s->path, O_PATH | O_CLOEXEC);
			snprintf(opts, sizeof(opts), "fd=%d,link=%u", chan, at.link);
			if (mount("resmgr", s->path, "resmgr", 0, opts))
				err = -errno;
		}
		if (!err) {
			b.link = at.link;
			b.path_fd = open(s->path, O_PATH | O_CLOEXEC);
			if (ioctl(chan, RESMGR_IOC_BIND, &b))
				err = -errno;
			close(b.path_fd);
			close(b.placeholder_fd);
		}
		if (write(pipefd[1], &err, sizeof(err)) != sizeof(err) || err)
			_exit(1);
		sa_serve(chan, s->sh);
		_exit(0);
	}
	close(pipefd[1]);
	if (read(pipefd[0], &err, sizeof(err)) != sizeof(err))
		err = -EIO;
	close(pipefd[0]);
	return err;
}

static void sa_stop(struct sa_srv *s)
{
	if (s->pid > 0) {
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
		s->pid = 0;
	}
	umount2(s->path, MNT_DETACH);
	unlink(s->path);
}

/* The last attribute message the server got, or NULL. */
static struct sa_rec *sa_last(struct sa_shared *sh)
{
	int i;

	for (i = sh->nrecs - 1; i >= 0; i--)
		if (sa_is_setattr(sh->recs[i].opcode))
			return &sh->recs[i];
	return NULL;
}

static int sa_count(struct sa_shared *sh, uint16_t opcode)
{
	int i, n = 0;

	for (i = 0; i < sh->nrecs; i++)
		n += sh->recs[i].opcode == opcode;
	return n;
}

FIXTURE(sa) {
	struct sa_srv srv;
};

FIXTURE_SETUP(sa)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	memset(&self->srv, 0, sizeof(self->srv));
	ASSERT_EQ(0, sa_start(&self->srv));
}

FIXTURE_TEARDOWN(sa)
{
	sa_stop(&self->srv);
}

/* The COMBINE's I/O part: opcode and body length, and where the body is. */
static void *combine_body(struct __test_metadata *_metadata,
			  struct sa_rec *r, uint16_t opcode, uint32_t body_len)
{
	struct resmgr_io_extra *x = (void *)r->extra;

	EXPECT_EQ(RESMGR_OP_COMBINE, r->opcode);
	EXPECT_EQ(1, r->layout_ok);
	EXPECT_EQ(0, r->ioflag);	/* no access asked */
	EXPECT_EQ(0, r->access);
	EXPECT_EQ(RESMGR_EXTRA_IO, r->extra_type);
	EXPECT_EQ(sizeof(*x) + body_len, r->extra_len);
	EXPECT_EQ(opcode, x->opcode);
	EXPECT_EQ(0, x->reserved);
	EXPECT_EQ(body_len, x->body_len);
	return x + 1;
}

static void check_chmod(struct __test_metadata *_metadata,
			struct sa_shared *sh, uint32_t mode)
{
	struct sa_rec *r = sa_last(sh);
	struct resmgr_chmod_in *cm;

	ASSERT_NE(NULL, r);
	cm = combine_body(_metadata, r, RESMGR_OP_CHMOD, sizeof(*cm));
	EXPECT_EQ(mode, cm->mode);
	EXPECT_EQ(0, cm->reserved);
}

TEST_F(sa, chmod_by_path)
{
	ASSERT_EQ(0, chmod(self->srv.path, 04751));
	check_chmod(_metadata, self->srv.sh, 04751);
	EXPECT_EQ(1, sa_count(self->srv.sh, RESMGR_OP_COMBINE));
}

TEST_F(sa, fchmod)
{
	int fd = open(self->srv.path, O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fchmod(fd, 0600));
	check_chmod(_metadata, self->srv.sh, 0600);
	close(fd);
}

static void check_chown(struct __test_metadata *_metadata,
			struct sa_shared *sh, uint32_t uid, uint32_t gid)
{
	struct sa_rec *r = sa_last(sh);
	struct resmgr_chown_in *co;

	ASSERT_NE(NULL, r);
	co = combine_body(_metadata, r, RESMGR_OP_CHOWN, sizeof(*co));
	EXPECT_EQ(uid, co->uid);
	EXPECT_EQ(gid, co->gid);
}

TEST_F(sa, chown_by_path)
{
	ASSERT_EQ(0, chown(self->srv.path, 1234, -1));
	check_chown(_metadata, self->srv.sh, 1234, RESMGR_ID_UNCHANGED);
	ASSERT_EQ(0, chown(self->srv.path, -1, 567));
	check_chown(_metadata, self->srv.sh, RESMGR_ID_UNCHANGED, 567);
	ASSERT_EQ(0, lchown(self->srv.path, 0, 0));
	check_chown(_metadata, self->srv.sh, 0, 0);
	/* One message each, never a CHMOD from the kill-suid bits. */
	EXPECT_EQ(3, sa_count(self->srv.sh, RESMGR_OP_COMBINE));
}

TEST_F(sa, fchown)
{
	int fd = open(self->srv.path, O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fchown(fd, 42, 43));
	check_chown(_metadata, self->srv.sh, 42, 43);
	close(fd);
}

static struct resmgr_utime_in *last_utime(struct __test_metadata *_metadata,
					  struct sa_shared *sh)
{
	struct sa_rec *r = sa_last(sh);

	if (!r)
		return NULL;
	return combine_body(_metadata, r, RESMGR_OP_UTIME,
			    sizeof(struct resmgr_utime_in));
}

TEST_F(sa, utimensat_explicit)
{
	struct timespec ts[2] = { { 1000, 111 }, { 2000, 222 } };
	struct resmgr_utime_in *ut;

	ASSERT_EQ(0, utimensat(AT_FDCWD, self->srv.path, ts, 0));
	ut = last_utime(_metadata, self->srv.sh);
	ASSERT_NE(NULL, ut);
	EXPECT_EQ(RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME, ut->flags);
	EXPECT_EQ(1000, ut->atime_sec);
	EXPECT_EQ(111, ut->atime_nsec);
	EXPECT_EQ(2000, ut->mtime_sec);
	EXPECT_EQ(222, ut->mtime_nsec);
	EXPECT_EQ(0, ut->reserved);
}

TEST_F(sa, utimensat_now)
{
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct resmgr_utime_in *ut;

	ASSERT_EQ(0, utimensat(AT_FDCWD, self->srv.path, now, 0));
	ut = last_utime(_metadata, self->srv.sh);
	ASSERT_NE(NULL, ut);
	EXPECT_EQ(RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME | RESMGR_UTIME_NOW,
		  ut->flags);
	/* NULL times mean the same. */
	ASSERT_EQ(0, utimensat(AT_FDCWD, self->srv.path, NULL, 0));
	ut = last_utime(_metadata, self->srv.sh);
	ASSERT_NE(NULL, ut);
	EXPECT_EQ(RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME | RESMGR_UTIME_NOW,
		  ut->flags);
}

TEST_F(sa, utimensat_omit)
{
	struct timespec ts[2] = { { 0, UTIME_OMIT }, { 3000, 333 } };
	struct resmgr_utime_in *ut;
	time_t before = time(NULL);

	ASSERT_EQ(0, utimensat(AT_FDCWD, self->srv.path, ts, 0));
	ut = last_utime(_metadata, self->srv.sh);
	ASSERT_NE(NULL, ut);
	EXPECT_EQ(RESMGR_UTIME_MTIME, ut->flags);
	EXPECT_EQ(3000, ut->mtime_sec);
	EXPECT_EQ(333, ut->mtime_nsec);

	/* One explicit, one "now": the kernel's now goes with it, no NOW. */
	ts[0].tv_nsec = UTIME_NOW;
	ASSERT_EQ(0, utimensat(AT_FDCWD, self->srv.path, ts, 0));
	ut = last_utime(_metadata, self->srv.sh);
	ASSERT_NE(NULL, ut);
	EXPECT_EQ(RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME, ut->flags);
	EXPECT_LE(before - 1, ut->atime_sec);
	EXPECT_EQ(3000, ut->mtime_sec);

	/* Both omitted: nothing to do, nothing sent. */
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_OMIT;
	ASSERT_EQ(0, utimensat(AT_FDCWD, self->srv.path, ts, 0));
	EXPECT_EQ(2, sa_count(self->srv.sh, RESMGR_OP_COMBINE));
}

TEST_F(sa, futimens)
{
	struct timespec ts[2] = { { 5, 6 }, { 7, 8 } };
	struct resmgr_utime_in *ut;
	int fd = open(self->srv.path, O_RDONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, futimens(fd, ts));
	ut = last_utime(_metadata, self->srv.sh);
	ASSERT_NE(NULL, ut);
	EXPECT_EQ(RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME, ut->flags);
	EXPECT_EQ(5, ut->atime_sec);
	EXPECT_EQ(6, ut->atime_nsec);
	EXPECT_EQ(7, ut->mtime_sec);
	EXPECT_EQ(8, ut->mtime_nsec);
	close(fd);
}

static void check_space(struct __test_metadata *_metadata,
			const struct resmgr_space_in *sp, int64_t size)
{
	EXPECT_EQ(RESMGR_SPACE_FREE, sp->cmd);
	EXPECT_EQ(0, sp->flags);
	EXPECT_EQ(size, sp->start);
	EXPECT_EQ(0, sp->len);
}

TEST_F(sa, truncate_by_path)
{
	struct sa_rec *r;

	ASSERT_EQ(0, truncate(self->srv.path, 12345));
	r = sa_last(self->srv.sh);
	ASSERT_NE(NULL, r);
	check_space(_metadata, combine_body(_metadata, r, RESMGR_OP_SPACE,
					    sizeof(struct resmgr_space_in)),
		    12345);
	EXPECT_EQ(1, sa_count(self->srv.sh, RESMGR_OP_COMBINE));
}

TEST_F(sa, ftruncate_on_the_open)
{
	struct sa_rec *r;
	int fd = open(self->srv.path, O_WRONLY);

	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 77));
	r = sa_last(self->srv.sh);
	ASSERT_NE(NULL, r);
	EXPECT_EQ(RESMGR_OP_SPACE, r->opcode);
	EXPECT_EQ(1, r->layout_ok);
	EXPECT_EQ(101, r->ocb);		/* the server's handle for this open */
	check_space(_metadata, (void *)r->extra, 77);
	EXPECT_EQ(0, sa_count(self->srv.sh, RESMGR_OP_COMBINE));
	close(fd);
}

/* RLIMIT_FSIZE is the kernel's to enforce: EFBIG, and nothing sent. */
TEST_F(sa, truncate_beyond_rlimit_fsize)
{
	int status;
	pid_t pid = fork();

	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct rlimit rl = { 4096, 4096 };
		int fd = open(self->srv.path, O_WRONLY);

		signal(SIGXFSZ, SIG_IGN);
		if (fd < 0 || setrlimit(RLIMIT_FSIZE, &rl))
			_exit(100);
		if (truncate(self->srv.path, 8192) != -1 || errno != EFBIG)
			_exit(1);
		if (ftruncate(fd, 8192) != -1 || errno != EFBIG)
			_exit(2);
		_exit(ftruncate(fd, 4096) ? 3 : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, status);
	/* Only the one within the limit reached the server. */
	EXPECT_EQ(0, sa_count(self->srv.sh, RESMGR_OP_COMBINE));
	EXPECT_EQ(1, sa_count(self->srv.sh, RESMGR_OP_SPACE));
}

TEST_F(sa, o_trunc_only_in_the_open)
{
	int fd = open(self->srv.path, O_WRONLY | O_TRUNC);

	ASSERT_LE(0, fd);
	ASSERT_LE(1, self->srv.sh->nrecs);
	EXPECT_EQ(RESMGR_OP_OPEN, self->srv.sh->recs[0].opcode);
	EXPECT_TRUE(self->srv.sh->recs[0].ioflag & O_TRUNC);
	EXPECT_EQ(NULL, sa_last(self->srv.sh));
	close(fd);
}

TEST_F(sa, server_errors_are_the_callers)
{
	int fd = open(self->srv.path, O_WRONLY);

	ASSERT_LE(0, fd);
	self->srv.sh->error = EPERM;
	EXPECT_EQ(-1, chmod(self->srv.path, 0600));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, fchown(fd, 1, 1));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(-1, ftruncate(fd, 1));
	EXPECT_EQ(EPERM, errno);
	self->srv.sh->error = EACCES;
	EXPECT_EQ(-1, truncate(self->srv.path, 1));
	EXPECT_EQ(EACCES, errno);
	EXPECT_EQ(-1, utimensat(AT_FDCWD, self->srv.path, NULL, 0));
	EXPECT_EQ(EACCES, errno);
	close(fd);
}

TEST_F(sa, bad_replies_are_eio)
{
	int fd = open(self->srv.path, O_WRONLY);

	ASSERT_LE(0, fd);
	self->srv.sh->bad = SA_PAYLOAD;
	EXPECT_EQ(-1, chmod(self->srv.path, 0600));
	EXPECT_EQ(EIO, errno);
	EXPECT_EQ(-1, ftruncate(fd, 1));
	EXPECT_EQ(EIO, errno);
	self->srv.sh->bad = SA_NEGATIVE;
	EXPECT_EQ(-1, chown(self->srv.path, 1, 1));
	EXPECT_EQ(EIO, errno);
	EXPECT_EQ(-1, ftruncate(fd, 1));
	EXPECT_EQ(EIO, errno);
	/* The server is still served after its mistakes. */
	self->srv.sh->bad = SA_GOOD;
	EXPECT_EQ(0, chmod(self->srv.path, 0600));
	close(fd);
}

TEST_F(sa, dead_server_is_enotconn)
{
	/* An open keeps the mount from expiring once the server is gone. */
	int fd = open(self->srv.path, O_WRONLY), status;
	pid_t pid;

	ASSERT_LE(0, fd);
	self->srv.sh->bad = SA_HOLD;
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0)
		_exit(chmod(self->srv.path, 0600) ? errno : 0);
	ASSERT_EQ(1, raw_wait_count(&self->srv.sh->holding, 1, 10));
	kill(self->srv.pid, SIGKILL);
	waitpid(self->srv.pid, NULL, 0);
	self->srv.pid = 0;
	/* Held when the server died: failed at once. */
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(ENOTCONN, WEXITSTATUS(status));
	/* And everything after. */
	EXPECT_EQ(-1, chmod(self->srv.path, 0600));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, fchmod(fd, 0600));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(-1, ftruncate(fd, 0));
	EXPECT_EQ(ENOTCONN, errno);
	close(fd);
}

TEST_HARNESS_MAIN
