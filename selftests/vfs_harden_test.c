// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel sends, and to whom, at the edges of an open's and a
 * name's life: setattr on a file whose name is gone or that is a stream,
 * opens of a cached directory the server turned into a file, the last
 * CLOSE_DUP racing epoll, a dying process's closes, the client ids a
 * server may be sent, stale notify handles, and set-id and exec.
 *
 * Most tests run a raw-protocol server (raw_server.h) whose handler here
 * records what matters; the setattr ones run examples/memfs, a real file
 * system, and look only at what a program would see.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <sched.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>

#include "raw_server.h"
#include "kselftest_harness.h"

#define VH_OCBS		4096	/* server OCB ids tracked (raw: 1, 2, ...) */
#define VH_GROUPS	80	/* supplementary groups of the groups test */

/* What the handler saw, shared with the server child. */
struct vh_shared {
	volatile int stream;		/* OPEN answers NONSEEKABLE */
	volatile int a_is_dir;		/* "a" is a directory (prefix tests) */
	volatile uint32_t stat_mode;	/* nonzero: STAT_PATH's mode */
	volatile int after_end;		/* messages on an OCB after its end */
	volatile int ends;		/* LAST CLOSE_DUPs and CLOSE_OCBs */
	volatile int close_dups;
	volatile int space_ocb;		/* the OCB a SPACE named */
	volatile int ngroups;		/* of the latest OPEN */
	uint32_t groups[VH_GROUPS + 8];
	unsigned char ended[VH_OCBS];
};

static struct vh_shared *V;

static bool vh_is_io(uint16_t op)
{
	return op >= RESMGR_OP_READ && op <= RESMGR_OP_CLOSE_OCB;
}

/* The path of a connect message. */
static const char *vh_path(struct resmgr_in_header *ih)
{
	struct resmgr_connect_in *c = (void *)(ih + 1);

	return (const char *)(c + 1) + c->ngroups * 4;
}

/* Connect messages under a directory prefix: "" and "a" exist. */
static bool vh_dir_connect(struct resmgr_in_header *ih, struct raw_reply *r,
			   struct iovec *iov, uint32_t *ocb_id)
{
	const char *path = vh_path(ih);
	uint32_t mode;

	if (!*path)
		mode = S_IFDIR | 0755;
	else if (!strcmp(path, "a"))
		mode = V->a_is_dir ? S_IFDIR | 0755 : S_IFREG | 0644;
	else
		return r->oh.error = ENOENT, true;
	if (ih->opcode == RESMGR_OP_STAT_PATH) {
		r->body.stat.mode = mode;
		r->body.stat.nlink = 1;
		r->oh.len += sizeof(r->body.stat);
	} else if (ih->opcode == RESMGR_OP_OPEN) {
		r->body.open.ocb = ++*ocb_id;
		r->body.open.mode = mode;
		r->oh.len += sizeof(r->body.open);
	} else {
		r->oh.error = ENOSYS;
	}
	iov[0].iov_len = r->oh.len;
	return true;
}

static bool vh_handler(struct raw_srv *srv, int chan,
		       struct resmgr_in_header *ih, int n,
		       struct raw_reply *r, struct iovec *iov, int *iovcnt)
{
	static uint32_t dir_ocbs = 1000;
	uint64_t ocb = ih->ocb;

	if (vh_is_io(ih->opcode) && ocb < VH_OCBS && V->ended[ocb])
		__sync_add_and_fetch(&V->after_end, 1);
	if ((ih->opcode == RESMGR_OP_CLOSE_DUP &&
	     ih->flags & RESMGR_IN_F_LAST) ||
	    ih->opcode == RESMGR_OP_CLOSE_OCB) {
		if (ocb < VH_OCBS)
			V->ended[ocb] = 1;
		__sync_add_and_fetch(&V->ends, 1);
	}
	if (ih->opcode == RESMGR_OP_CLOSE_DUP)
		__sync_add_and_fetch(&V->close_dups, 1);

	if (S_ISDIR(srv->attach_mode) && ih->opcode < RESMGR_OP_READ)
		return vh_dir_connect(ih, r, iov, &dir_ocbs);
	switch (ih->opcode) {
	case RESMGR_OP_OPEN: {
		struct resmgr_connect_in *c = (void *)(ih + 1);
		unsigned int i;

		V->ngroups = c->ngroups;
		for (i = 0; i < c->ngroups && i < VH_GROUPS + 8; i++)
			V->groups[i] = ((uint32_t *)(c + 1))[i];
		if (!V->stream)
			return false;
		r->body.open.ocb = __sync_add_and_fetch(&srv->sh->opens, 1);
		r->body.open.flags = RESMGR_OPEN_NONSEEKABLE;
		iov[0].iov_len = r->oh.len = sizeof(r->oh) + sizeof(r->body.open);
		return true;
	}
	case RESMGR_OP_STAT_PATH:
		if (!V->stat_mode)
			return false;
		r->body.stat.mode = V->stat_mode;
		r->body.stat.nlink = 1;
		iov[0].iov_len = r->oh.len = sizeof(r->oh) + sizeof(r->body.stat);
		return true;
	case RESMGR_OP_SPACE:
		V->space_ocb = ocb;
		return true;	/* done: status 0 */
	case RESMGR_OP_COMBINE:
		return true;	/* "done": the test looks at which came */
	default:
		return false;
	}
}

FIXTURE(vh) {
	struct raw_srv srv;
	pid_t memfs;
	char p[128];
};

FIXTURE_SETUP(vh)
{
	static int serial;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	V = mmap(NULL, sizeof(*V), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, V);
	memset(V, 0, sizeof(*V));
	memset(&self->srv, 0, sizeof(self->srv));
	self->srv.handler = vh_handler;
	self->memfs = 0;
	snprintf(self->p, sizeof(self->p), "/tmp/vh.%d.%d", getpid(),
		 serial++);
}

FIXTURE_TEARDOWN(vh)
{
	if (self->srv.pid > 0)
		raw_stop(&self->srv);
	if (self->memfs > 0) {
		kill(self->memfs, SIGKILL);
		waitpid(self->memfs, NULL, 0);
		umount2(self->p, MNT_DETACH);
		rmdir(self->p);
	}
}

/* ------------------------------------------------------------ setattr */

/* Start examples/memfs on self->p; 0 once it said "ready". */
static int vh_memfs(FIXTURE_DATA(vh) *self)
{
	char self_exe[PATH_MAX], bin[PATH_MAX + 32], line[256];
	ssize_t n = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
	size_t have = 0;
	int pipefd[2];

	if (n < 0 || pipe(pipefd))
		return -1;
	self_exe[n] = '\0';
	snprintf(bin, sizeof(bin), "%s/../examples/memfs/memfs",
		 dirname(self_exe));
	self->memfs = fork();
	if (self->memfs == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		execl(bin, "memfs", self->p, (char *)NULL);
		_exit(127);
	}
	close(pipefd[1]);
	while (have < sizeof(line) - 1) {
		struct pollfd p = { .fd = pipefd[0], .events = POLLIN };

		if (poll(&p, 1, 30000) <= 0)
			return -1;
		n = read(pipefd[0], line + have, sizeof(line) - 1 - have);
		if (n <= 0)
			return -1;
		have += n;
		line[have] = '\0';
		if (strstr(line, "ready"))
			return 0;	/* the pipe stays open for its output */
	}
	return -1;
}

static char *vh_at(FIXTURE_DATA(vh) *self, const char *rel)
{
	static char buf[4][256];
	static int k;

	k = (k + 1) % 4;
	snprintf(buf[k], sizeof(buf[k]), "%s/%s", self->p, rel);
	return buf[k];
}

/* A new file at @path: mode 0600, "new", times 5000. */
static int vh_new_file(const char *path)
{
	struct timespec ts[2] = { { 5000, 0 }, { 5000, 0 } };
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);

	if (fd < 0 || write(fd, "new", 3) != 3 || futimens(fd, ts))
		return -1;
	return close(fd);
}

/*
 * fchmod, fchown, futimens and ftruncate of @old, an open whose name now
 * belongs to the new file at @path: they reach the old file, never the
 * new one.
 */
static void vh_f_calls_on_old(struct __test_metadata *_metadata, int old,
			      const char *path)
{
	struct timespec ts[2] = { { 7000, 0 }, { 7000, 0 } };
	struct stat st;

	EXPECT_EQ(0, ftruncate(old, 1));
	EXPECT_EQ(0, fchmod(old, 0666));
	EXPECT_EQ(0, fchown(old, 1234, 1234));
	EXPECT_EQ(0, futimens(old, ts));

	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(0600, st.st_mode & 07777);
	EXPECT_EQ(0, st.st_uid);
	EXPECT_EQ(0, st.st_gid);
	EXPECT_EQ(5000, st.st_mtim.tv_sec);
	EXPECT_EQ(3, st.st_size);

	/* ... and the old file has them (fstat asks its open). */
	ASSERT_EQ(0, fstat(old, &st));
	EXPECT_EQ(0666, st.st_mode & 07777);
	EXPECT_EQ(1234, st.st_uid);
	EXPECT_EQ(7000, st.st_mtim.tv_sec);
	EXPECT_EQ(1, st.st_size);
}

/* memfs on self->p, and "a" in it, open, holding "old!!": its fd. */
static int vh_old_file(FIXTURE_DATA(vh) *self)
{
	int fd;

	if (vh_memfs(self))
		return -1;
	umask(0);
	fd = open(vh_at(self, "a"), O_RDWR | O_CREAT, 0644);
	if (fd >= 0 && write(fd, "old!!", 5) != 5) {
		close(fd);
		return -1;
	}
	return fd;
}

TEST_F(vh, f_setattr_after_unlink_leaves_the_new_file_alone)
{
	int old = vh_old_file(self);

	ASSERT_LE(0, old);
	ASSERT_EQ(0, unlink(vh_at(self, "a"))) TH_LOG("%s", strerror(errno));
	ASSERT_EQ(0, vh_new_file(vh_at(self, "a")));
	vh_f_calls_on_old(_metadata, old, vh_at(self, "a"));
	close(old);
}

TEST_F(vh, f_setattr_after_rename_over_leaves_the_new_file_alone)
{
	int old = vh_old_file(self);

	ASSERT_LE(0, old);
	ASSERT_EQ(0, vh_new_file(vh_at(self, "b")));
	ASSERT_EQ(0, rename(vh_at(self, "b"), vh_at(self, "a")));
	vh_f_calls_on_old(_metadata, old, vh_at(self, "a"));
	close(old);
}

/*
 * A server judges an I/O message by the credentials of the open it names,
 * so a gone name's setattr must not borrow an open another user made: a
 * child that became uid 1000 fchmods the descriptor it inherited from
 * root's open, and nothing changes.
 */
TEST_F(vh, f_setattr_of_a_gone_name_never_borrows_another_users_open)
{
	struct stat st;
	pid_t pid;
	int old, wst;

	old = vh_old_file(self);
	ASSERT_LE(0, old);
	ASSERT_EQ(0, unlink(vh_at(self, "a")));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(1000) || setuid(1000))
			_exit(100);
		_exit(fchmod(old, 0666) ? errno : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &wst, 0));
	ASSERT_TRUE(WIFEXITED(wst));
	EXPECT_EQ(ENOENT, WEXITSTATUS(wst));
	ASSERT_EQ(0, fstat(old, &st));
	EXPECT_EQ(0644, st.st_mode & 07777);
	close(old);
}

TEST_F(vh, ftruncate_of_a_stream_open_goes_on_the_open)
{
	int fd;

	V->stream = 1;
	self->srv.attach_mode = S_IFREG | 0666;	/* ftruncate wants S_ISREG */
	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	fd = open(self->p, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 0)) TH_LOG("%s", strerror(errno));
	EXPECT_EQ(1, self->srv.sh->ops[RESMGR_OP_SPACE]);
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_COMBINE]);
	EXPECT_EQ(self->srv.sh->opens, V->space_ocb);
	close(fd);
}

/* ---------------------------------------------------------- revalidate */

TEST_F(vh, open_for_writing_of_a_cached_directory_now_a_file)
{
	struct stat st;
	int fd;

	V->a_is_dir = 1;
	self->srv.attach_mode = S_IFDIR | 0755;
	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	/* The dentry of directory "a" is cached... */
	ASSERT_EQ(0, stat(vh_at(self, "a"), &st)) TH_LOG("%s", strerror(errno));
	ASSERT_TRUE(S_ISDIR(st.st_mode));
	/* ... and the server makes "a" a file. */
	V->a_is_dir = 0;
	fd = open(vh_at(self, "a"), O_WRONLY);
	ASSERT_LE(0, fd) TH_LOG("open(O_WRONLY): %s", strerror(errno));
	close(fd);

	/* Again with O_CREAT. */
	V->a_is_dir = 1;
	ASSERT_EQ(0, stat(vh_at(self, "a"), &st));
	ASSERT_TRUE(S_ISDIR(st.st_mode));
	V->a_is_dir = 0;
	fd = open(vh_at(self, "a"), O_RDWR | O_CREAT, 0644);
	ASSERT_LE(0, fd) TH_LOG("open(O_CREAT): %s", strerror(errno));
	close(fd);

	/* A directory that stays one still refuses a write open. */
	V->a_is_dir = 1;
	ASSERT_EQ(0, stat(vh_at(self, "a"), &st));
	EXPECT_EQ(-1, open(vh_at(self, "a"), O_WRONLY));
	EXPECT_EQ(EISDIR, errno);
}

/* ------------------------------------------------------- last close */

struct vh_poller {
	int ep;
	volatile int stop;
};

static void *vh_poll_loop(void *arg)
{
	struct vh_poller *p = arg;
	struct epoll_event ev;

	while (!p->stop)
		epoll_wait(p->ep, &ev, 1, 0);
	return NULL;
}

/*
 * epoll polls with a reference of its own (epi_fget(), since 6.10),
 * which it can take between a close(2) that decided "last" and that
 * close's final fput(): nothing may reach the server on the OCB the last
 * CLOSE_DUP ended.  One thread polls without pause while another closes.
 */
TEST_F_TIMEOUT(vh, no_message_after_the_last_close_dup_under_epoll, 600)
{
	const int rounds = 200;
	int i;

	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	self->srv.sh->readable = 1;	/* level-triggered: polled each time */
	for (i = 0; i < rounds; i++) {
		struct epoll_event ev = { .events = EPOLLIN };
		struct vh_poller p = { .stop = 0 };
		pthread_t thr;
		int fd, n0;

		n0 = self->srv.sh->notifies;
		fd = open(self->p, O_RDONLY);
		ASSERT_LE(0, fd);
		p.ep = epoll_create1(0);
		ASSERT_LE(0, p.ep);
		ASSERT_EQ(0, epoll_ctl(p.ep, EPOLL_CTL_ADD, fd, &ev));
		ASSERT_EQ(0, pthread_create(&thr, NULL, vh_poll_loop, &p));
		/* Close after 0, 1 or 2 of the poller's NOTIFYs. */
		while (self->srv.sh->notifies < n0 + 1 + i % 3)
			sched_yield();
		close(fd);
		p.stop = 1;
		pthread_join(thr, NULL);
		close(p.ep);
	}
	ASSERT_EQ(rounds, raw_wait_count(&V->ends, rounds, 30));
	EXPECT_EQ(0, V->after_end);
	TH_LOG("%d rounds, %d notifies, %d messages after an end", rounds,
	       self->srv.sh->notifies, V->after_end);
}

/* ------------------------------------------------------- dying task */

/*
 * A process that dup()s one open many times and exits closes every
 * descriptor; it cannot wait for a server, so the events must not pile
 * up one per descriptor.  The server is stopped while the process dies:
 * what it then finds queued is what the kernel held.
 */
TEST_F_TIMEOUT(vh, dying_process_with_many_dups_queues_one_close_dup, 600)
{
	const int dups = 20000;
	int go[2], ready[2], st;
	struct raw_shared *sh;
	pid_t pid;
	char c;

	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	sh = self->srv.sh;
	ASSERT_EQ(0, pipe(go));
	ASSERT_EQ(0, pipe(ready));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct rlimit rl = { dups + 64, dups + 64 };
		int fd, i;

		if (setrlimit(RLIMIT_NOFILE, &rl))
			_exit(1);
		fd = open(self->p, O_RDONLY);
		if (fd < 0)
			_exit(2);
		for (i = 0; i < dups; i++)
			if (dup(fd) < 0)
				_exit(3);
		if (write(ready[1], "r", 1) != 1 || read(go[0], &c, 1) != 1)
			_exit(4);
		_exit(0);
	}
	ASSERT_EQ(1, read(ready[0], &c, 1));
	ASSERT_EQ(0, kill(self->srv.pid, SIGSTOP));
	/* Every server thread stopped: nothing is taken off the queue. */
	ASSERT_EQ(self->srv.pid, waitpid(self->srv.pid, &st, WUNTRACED));
	ASSERT_TRUE(WIFSTOPPED(st));
	ASSERT_EQ(1, write(go[1], "g", 1));
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_TRUE(WIFEXITED(st));
	ASSERT_EQ(0, WEXITSTATUS(st));
	ASSERT_EQ(0, kill(self->srv.pid, SIGCONT));

	/* DISCONNECT comes after the open's every close message. */
	ASSERT_EQ(1, raw_wait_count(&sh->ops[RESMGR_OP_DISCONNECT], 1, 120));
	TH_LOG("%d dups: %d CLOSE_DUPs, %d ends", dups, V->close_dups,
	       V->ends);
	EXPECT_EQ(1, V->ends);
	EXPECT_EQ(1, V->close_dups);
}

/* ------------------------------------------------------- credentials */

TEST_F(vh, more_than_64_groups_are_all_sent)
{
	pid_t pid;
	int st;

	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		gid_t g[VH_GROUPS];
		int i, fd;

		for (i = 0; i < VH_GROUPS; i++)
			g[i] = 2000 + i;
		if (setgroups(VH_GROUPS, g))
			_exit(100);
		fd = open(self->p, O_RDONLY);
		_exit(fd < 0 ? errno : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	ASSERT_EQ(0, WEXITSTATUS(st));
	EXPECT_EQ(VH_GROUPS, V->ngroups);
	EXPECT_EQ(2000 + VH_GROUPS - 1, V->groups[VH_GROUPS - 1]);
}

static int vh_write_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY);
	ssize_t len = strlen(text);
	int ok;

	if (fd < 0)
		return -1;
	ok = write(fd, text, len) == len;
	close(fd);
	return ok ? 0 : -1;
}

/*
 * unshare(CLONE_NEWUSER) refuses a chrooted caller, and tools/vm-run runs
 * tests in a chroot.  Root leaves it the classic way: chroot into a
 * directory below the cwd, climb out with "..", chroot there.  Only the
 * throwaway child that opens the channel does this.
 */
static int vh_unshare_user(void)
{
	int i;

	if (!unshare(CLONE_NEWUSER))
		return 0;
	if (errno != EPERM || chdir("/") ||
	    (mkdir("/tmp/vh-out", 0700) && errno != EEXIST) ||
	    chroot("/tmp/vh-out"))
		return -1;
	for (i = 0; i < 64; i++)
		if (chdir(".."))
			return -1;
	if (chroot("."))
		return -1;
	return unshare(CLONE_NEWUSER);
}

/*
 * A channel opened in a user namespace that maps only root: a child
 * unshares, the caller maps it, and the child hands the channel back
 * over a socket.  Returns the channel fd or -1.
 */
static int vh_chan_in_userns(void)
{
	char map[64], c = 0, cbuf[CMSG_SPACE(sizeof(int))];
	struct iovec iov = { &c, 1 };
	struct msghdr mh = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *cm;
	int sv[2], fd = -1;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return -1;
	pid = fork();
	if (pid == 0) {
		close(sv[0]);
		if (vh_unshare_user() || write(sv[1], "u", 1) != 1 ||
		    read(sv[1], &c, 1) != 1)
			_exit(1);
		fd = raw_chan_open();
		if (fd < 0)
			_exit(2);
		cm = CMSG_FIRSTHDR(&mh);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
		_exit(sendmsg(sv[1], &mh, 0) == 1 ? 0 : 3);
	}
	close(sv[1]);
	if (pid < 0 || read(sv[0], &c, 1) != 1)
		return -1;
	snprintf(map, sizeof(map), "/proc/%d/uid_map", pid);
	if (vh_write_file(map, "0 0 1"))
		return -1;
	snprintf(map, sizeof(map), "/proc/%d/gid_map", pid);
	if (vh_write_file(map, "0 0 1") || write(sv[0], "m", 1) != 1)
		return -1;
	if (recvmsg(sv[0], &mh, 0) == 1) {
		cm = CMSG_FIRSTHDR(&mh);
		if (cm && cm->cmsg_type == SCM_RIGHTS)
			memcpy(&fd, CMSG_DATA(cm), sizeof(int));
	}
	waitpid(pid, NULL, 0);
	close(sv[0]);
	return fd;
}

/* The server child: its channel from a user namespace, then serve. */
static void vh_userns_server(struct raw_srv *srv, int report)
{
	uint32_t link;
	int chan = vh_chan_in_userns(), err;

	err = chan < 0 ? -EPERM : raw_attach(chan, srv->path, &link);
	if (write(report, &err, sizeof(err)) != sizeof(err) || err)
		_exit(1);
	srv->chan = chan;
	raw_serve(chan, srv, 0);
	_exit(0);
}

TEST_F(vh, unmappable_fsuid_is_eoverflow)
{
	struct raw_srv *srv = &self->srv;
	int report[2], err = 0, st, fd;
	pid_t pid;

	if (access("/proc/self/ns/user", F_OK))
		SKIP(return, "no user namespaces (CONFIG_USER_NS)");
	srv->sh = mmap(NULL, sizeof(*srv->sh), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, srv->sh);
	snprintf(srv->path, sizeof(srv->path), "%s", self->p);
	ASSERT_EQ(0, pipe(report));
	srv->pid = fork();
	ASSERT_LE(0, srv->pid);
	if (srv->pid == 0)
		vh_userns_server(srv, report[1]);
	close(report[1]);
	ASSERT_EQ(sizeof(err), read(report[0], &err, sizeof(err)));
	ASSERT_EQ(0, err);

	/* Root is mapped: served. */
	fd = open(self->p, O_RDONLY);
	ASSERT_LE(0, fd);
	close(fd);
	/* uid and gid 1000 are not: refused, not sent as 65534. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(1000) || setuid(1000))
			_exit(100);
		fd = open(self->p, O_RDONLY);
		_exit(fd < 0 ? errno : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &st, 0));
	EXPECT_EQ(EOVERFLOW, WEXITSTATUS(st));
	EXPECT_EQ(1, srv->sh->opens);
}

/* ---------------------------------------------------------- handles */

TEST_F(vh, notify_with_a_closed_opens_handle_is_esrch)
{
	struct raw_shared *sh;
	struct pollfd pfd;
	int fd;

	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	sh = self->srv.sh;
	fd = open(self->p, O_RDONLY);
	ASSERT_LE(0, fd);
	/* Not readable: the server keeps this open's handle. */
	pfd.fd = fd;
	pfd.events = POLLIN;
	ASSERT_EQ(0, poll(&pfd, 1, 0));
	ASSERT_NE(0, sh->notify_kh);
	close(fd);
	ASSERT_EQ(1, raw_wait_count(&sh->close_ocbs, 1, 10));
	/* A new open must not inherit the old handle. */
	fd = open(self->p, O_RDONLY);
	ASSERT_LE(0, fd);
	/* The server wakes the old handle: RESMGR_IOC_NOTIFY's errno. */
	sh->notify_ret = -1;
	sh->make_readable = 1;
	ASSERT_LE(0, raw_wait_count(&sh->notify_ret, 0, 10));
	EXPECT_EQ(ESRCH, sh->notify_ret);
	close(fd);
}

/* ---------------------------------------------------- set-id and exec */

TEST_F(vh, set_id_bits_stay_out_of_the_inode)
{
	struct statx stx;
	struct stat st;

	V->stat_mode = S_IFREG | 06755;
	self->srv.attach_mode = S_IFREG | 0755;
	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	/* stat(2) says what the server says ... */
	ASSERT_EQ(0, stat(self->p, &st));
	EXPECT_EQ(06755, st.st_mode & 07777);
	/* ... but the kernel's inode never took the set-id bits. */
	ASSERT_EQ(0, statx(AT_FDCWD, self->p, AT_STATX_DONT_SYNC,
			   STATX_MODE, &stx));
	EXPECT_EQ(0755, stx.stx_mode & 07777);
}

/* access(@path, @how) as uid 1000: its errno, 0, or 100 if not run. */
static int vh_as_user_access(const char *path, int how)
{
	pid_t pid = fork();
	int wst;

	if (pid == 0) {
		if (setgroups(0, NULL) || setgid(1000) || setuid(1000))
			_exit(100);
		_exit(access(path, how) ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &wst, 0) != pid || !WIFEXITED(wst))
		return 100;
	return WEXITSTATUS(wst);
}

/*
 * access(2) on a single name's attach point (a root dentry, never hashed)
 * is judged on the server's mode, as it is on names under a prefix.
 */
TEST_F(vh, access_of_an_attach_point_follows_the_server)
{
	V->stat_mode = S_IFREG | 0600;
	self->srv.attach_mode = S_IFREG | 0777;
	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	EXPECT_EQ(-1, access(self->p, X_OK));
	EXPECT_EQ(EACCES, errno);
	/* Another user may not even read it. */
	EXPECT_EQ(EACCES, vh_as_user_access(self->p, R_OK));
	V->stat_mode = S_IFREG | 0755;
	EXPECT_EQ(0, access(self->p, X_OK));
}

/*
 * execve(2) asks the server for the execute bits (a read open says
 * nothing of them) and reads the file by READ at explicit offsets.
 */
static int vh_exec_status(const char *path)
{
	char *argv[] = { (char *)path, NULL };
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		execv(path, argv);
		_exit(100 + errno);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

TEST_F(vh, exec_needs_the_servers_execute_bit)
{
	static const char script[] = "#!/bin/sh\nexit 7\n";

	V->stat_mode = S_IFREG | 0644;
	self->srv.attach_mode = S_IFREG | 0755;
	ASSERT_EQ(0, raw_start(&self->srv, self->p, RAW_NORMAL));
	memcpy(self->srv.sh->content, script, sizeof(script) - 1);
	self->srv.sh->content_len = sizeof(script) - 1;
	EXPECT_EQ(100 + EACCES, vh_exec_status(self->p));
	V->stat_mode = S_IFREG | 0755;
	EXPECT_EQ(7, vh_exec_status(self->p));
}

TEST_HARNESS_MAIN
