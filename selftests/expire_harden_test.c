// SPDX-License-Identifier: GPL-2.0
/*
 * What the kernel does on its own once a server binds its mount: the
 * expiry work's references, who may BIND and DETACH, which placeholder
 * it may remove and with whose rights, lookups next to a placeholder in
 * a hung server's prefix, and what a user namespace may unmount.
 *
 * The module's reference count (/sys/module/resmgr/refcnt) returns to
 * where it was once a dead server's channel, links and mounts are all
 * gone; the tests wait on it to know the expiry work is done.
 */
#include <dirent.h>
#include <pthread.h>
#include <sched.h>
#include <linux/capability.h>
#include <sys/syscall.h>

#include "raw_server.h"
#include "kselftest_harness.h"

static int module_refcnt(void)
{
	char buf[32] = "";
	int fd = open("/sys/module/resmgr/refcnt", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	return n > 0 ? atoi(buf) : -1;
}

/* Wait up to @secs for the module's reference count to be @want. */
static bool refcnt_back(int want, double secs)
{
	double end = raw_now() + secs;

	while (module_refcnt() != want && raw_now() < end)
		usleep(10000);
	return module_refcnt() == want;
}

/* ATTACH @path as @mode and mount on it; the placeholder must exist. */
static int attach_unbound(int chan, const char *path, uint32_t mode,
			  uint32_t *link)
{
	struct resmgr_attach at = { .size = sizeof(at), .mode = mode };
	char opts[64];

	if (ioctl(chan, RESMGR_IOC_ATTACH, &at))
		return -errno;
	snprintf(opts, sizeof(opts), "fd=%d,link=%u", chan, at.link);
	if (mount("resmgr", path, "resmgr", MS_NOSUID, opts))
		return -errno;
	*link = at.link;
	return 0;
}

static int make_file(const char *path, mode_t mode, const char *text)
{
	int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode);
	ssize_t len = strlen(text);

	if (fd < 0)
		return -errno;
	if (write(fd, text, len) != len) {
		close(fd);
		return -EIO;
	}
	close(fd);
	return 0;
}

/* Run @fn in a child and return its exit status (or -1). */
static int in_child(int (*fn)(void *), void *arg)
{
	pid_t pid = fork();
	int status;

	if (pid < 0)
		return -1;
	if (pid == 0)
		_exit(fn(arg));
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(eh) {
	struct raw_srv srv[2];	/* killed at teardown if still running */
	int base;		/* the module's refcnt with no server */
	char dir[32];		/* a root-owned 0755 directory */
	char path[64];
};

FIXTURE_SETUP(eh)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	self->base = module_refcnt();
	ASSERT_LE(0, self->base);
	snprintf(self->dir, sizeof(self->dir), "/tmp/eh-%d", getpid());
	ASSERT_EQ(0, mkdir(self->dir, 0755));
	snprintf(self->path, sizeof(self->path), "%s/name", self->dir);
}

FIXTURE_TEARDOWN(eh)
{
	static const char * const names[] = { "name", "victim", "src" };
	char p[160];
	unsigned int i;

	for (i = 0; i < 2; i++)
		if (self->srv[i].pid > 0) {
			kill(self->srv[i].pid, SIGKILL);
			waitpid(self->srv[i].pid, NULL, 0);
		}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p, sizeof(p), "%s/%s", self->dir, names[i]);
		while (!umount2(p, MNT_DETACH))
			;
		if (unlink(p) && errno == EISDIR)
			rmdir(p);
	}
	rmdir(self->dir);
}

/*
 * M3: clients close their files of a dead server while the expiry work
 * runs.  Each close kicks the work; one that queued it while it ran used
 * to leak the running instance's channel reference, and with it the
 * module's.  Many names make each run of the work long (it goes through
 * every dead link's mount), many closes spread over several runs land
 * in one.
 */
#define M3_ROUNDS	20
#define M3_NAMES	32
#define M3_CLOSERS	8
#define M3_FILES	64	/* per closer */

struct closer {
	pthread_barrier_t *start;
	int fds[M3_FILES];
};

static void *closer(void *arg)
{
	struct closer *c = arg;
	int i;

	pthread_barrier_wait(c->start);
	for (i = 0; i < M3_FILES; i++) {
		close(c->fds[i]);
		/* Spread the closes over several runs of the work. */
		usleep(8000 + rand() % 16000);
	}
	return NULL;
}

static char m3_dir[64];

/* The rest of the names on the same channel, then serve. */
static void serve_many(int chan, void *arg)
{
	struct raw_srv *srv = arg;
	char path[128];
	uint32_t link;
	int i;

	for (i = 1; i < M3_NAMES; i++) {
		snprintf(path, sizeof(path), "%s/m%d", m3_dir, i);
		if (raw_attach(chan, path, &link))
			_exit(1);
	}
	srv->sh->ready = 1;
	raw_start_serve(chan, srv);
}

TEST_F_TIMEOUT(eh, server_death_with_closing_clients_leaks_no_reference, 170)
{
	static struct closer c[M3_CLOSERS];
	struct raw_srv *srv = &self->srv[0];
	pthread_t thr[M3_CLOSERS];
	pthread_barrier_t start;
	char path[128];
	double end = raw_now() + 40;
	int round, i, j;

	snprintf(m3_dir, sizeof(m3_dir), "%s", self->dir);
	/* At least 3 rounds, then as many as fit in 40 s (a loaded debug VM). */
	for (round = 0; round < M3_ROUNDS && (round < 3 || raw_now() < end);
	     round++) {
		memset(srv, 0, sizeof(*srv));
		srv->sh = mmap(NULL, sizeof(*srv->sh), PROT_READ | PROT_WRITE,
			       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		ASSERT_NE(MAP_FAILED, srv->sh);
		snprintf(path, sizeof(path), "%s/m0", self->dir);
		ASSERT_EQ(0, raw_spawn(path, S_IFCHR | 0666, serve_many, srv,
				       &srv->pid));
		ASSERT_EQ(1, raw_wait_count(&srv->sh->ready, 1, 60));

		pthread_barrier_init(&start, NULL, M3_CLOSERS + 1);
		for (i = 0; i < M3_CLOSERS; i++) {
			c[i].start = &start;
			for (j = 0; j < M3_FILES; j++) {
				snprintf(path, sizeof(path), "%s/m%d", self->dir,
					 (i * M3_FILES + j) % M3_NAMES);
				c[i].fds[j] = open(path, O_RDONLY | O_CLOEXEC);
				ASSERT_LE(0, c[i].fds[j]);
			}
			ASSERT_EQ(0, pthread_create(&thr[i], NULL, closer, &c[i]));
		}
		kill(srv->pid, SIGKILL);
		pthread_barrier_wait(&start);
		waitpid(srv->pid, NULL, 0);
		srv->pid = 0;
		for (i = 0; i < M3_CLOSERS; i++)
			pthread_join(thr[i], NULL);
		pthread_barrier_destroy(&start);
		munmap(srv->sh, sizeof(*srv->sh));
		/* Channel, links and mounts all go: the module is as before. */
		ASSERT_TRUE(refcnt_back(self->base, 20))
			TH_LOG("round %d: refcnt %d, was %d", round,
			       module_refcnt(), self->base);
	}
}

/* M4 (a): the channel fd alone does not allow BIND or DETACH. */
struct unpriv {
	int chan, root, ph;
	uint32_t link;
	int bind_errno, detach_errno;
};

static int unpriv_bind_detach(void *arg)
{
	struct unpriv *u = arg;
	struct resmgr_bind b = {
		.size = sizeof(b),
		.link = u->link, .path_fd = u->root,
		.flags = RESMGR_BIND_PLACEHOLDER, .placeholder_fd = u->ph,
	};
	int ret = 0;

	/* A helper that was handed the fd, or a server that dropped root. */
	if (setgid(65534) || setuid(65534))
		return 100;
	if (!ioctl(u->chan, RESMGR_IOC_BIND, &b))
		ret |= 1;
	else if (errno != EPERM)
		ret |= 2;
	if (!ioctl(u->chan, RESMGR_IOC_DETACH, resmgr_detach_arg(u->link)))
		ret |= 4;
	else if (errno != EPERM)
		ret |= 8;
	return ret;
}

TEST_F(eh, unprivileged_channel_holder_cannot_bind_or_detach)
{
	struct unpriv u = { 0 };
	struct resmgr_bind b = { .size = sizeof(b), .flags = RESMGR_BIND_PLACEHOLDER };

	u.chan = raw_chan_open();
	ASSERT_LE(0, u.chan);
	ASSERT_EQ(0, make_file(self->path, 0600, ""));
	u.ph = open(self->path, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, u.ph);
	ASSERT_EQ(0, attach_unbound(u.chan, self->path, S_IFCHR | 0666, &u.link));
	u.root = open(self->path, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, u.root);

	/* 1: BIND worked, 2: other errno, 4: DETACH worked, 8: other. */
	EXPECT_EQ(0, in_child(unpriv_bind_detach, &u));

	/* The privileged server still can, once. */
	b.link = u.link;
	b.path_fd = u.root;
	b.placeholder_fd = u.ph;
	EXPECT_EQ(0, ioctl(u.chan, RESMGR_IOC_BIND, &b));
	EXPECT_EQ(0, ioctl(u.chan, RESMGR_IOC_DETACH, resmgr_detach_arg(u.link)));
	close(u.root);
	close(u.ph);
	umount2(self->path, MNT_DETACH);
	close(u.chan);
	EXPECT_TRUE(refcnt_back(self->base, 20));
}

/*
 * M4 (a): a root-owned empty file that some other mount sits on is not
 * this link's placeholder.  BIND refuses it, and the kernel never
 * removes it.
 */
static void bind_foreign_placeholder(struct __test_metadata *_metadata,
				     FIXTURE_DATA(eh) *self, int *bind_ret)
{
	char victim[160], src[160];
	struct resmgr_bind b = { .size = sizeof(b), .flags = RESMGR_BIND_PLACEHOLDER };
	uint32_t link;
	int chan, own_ph;

	snprintf(victim, sizeof(victim), "%s/victim", self->dir);
	snprintf(src, sizeof(src), "%s/src", self->dir);
	ASSERT_EQ(0, make_file(victim, 0644, ""));
	ASSERT_EQ(0, make_file(src, 0644, "x"));
	b.placeholder_fd = open(victim, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, b.placeholder_fd);
	/* Now a mount point, though not this link's. */
	ASSERT_EQ(0, mount(src, victim, NULL, MS_BIND, NULL));

	chan = raw_chan_open();
	ASSERT_LE(0, chan);
	ASSERT_EQ(0, make_file(self->path, 0600, ""));
	own_ph = open(self->path, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, own_ph);
	ASSERT_EQ(0, attach_unbound(chan, self->path, S_IFCHR | 0666, &link));
	b.link = link;
	b.path_fd = open(self->path, O_PATH | O_CLOEXEC);
	ASSERT_LE(0, b.path_fd);
	*bind_ret = ioctl(chan, RESMGR_IOC_BIND, &b) ? errno : 0;

	/* The other mount goes; then the server dies. */
	ASSERT_EQ(0, umount2(victim, 0));
	close(b.placeholder_fd);
	close(b.path_fd);
	close(own_ph);
	umount2(self->path, MNT_DETACH);
	close(chan);
	ASSERT_TRUE(refcnt_back(self->base, 20));
}

TEST_F(eh, placeholder_not_this_links_mountpoint_is_refused)
{
	int bind_ret = -1;

	bind_foreign_placeholder(_metadata, self, &bind_ret);
	EXPECT_EQ(EINVAL, bind_ret);
}

TEST_F(eh, root_owned_file_mounted_elsewhere_is_never_removed)
{
	char victim[160];
	int bind_ret = -1;

	bind_foreign_placeholder(_metadata, self, &bind_ret);
	snprintf(victim, sizeof(victim), "%s/victim", self->dir);
	EXPECT_EQ(0, access(victim, F_OK));
}

/* Set or clear the DAC-override capabilities in the effective set. */
static int dac_caps(bool on)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct d[2];
	unsigned int dac = 1U << CAP_DAC_OVERRIDE | 1U << CAP_DAC_READ_SEARCH |
			   1U << CAP_FOWNER;

	if (syscall(SYS_capget, &h, d))
		return -1;
	d[0].effective = on ? d[0].effective | (d[0].permitted & dac) :
			      d[0].effective & ~dac;
	return syscall(SYS_capset, &h, d);
}

/*
 * M4 (a): the placeholder goes with the rights of whoever opened the
 * channel, not the kworker's.  A channel opened without the capabilities
 * that override DAC cannot remove a file in a directory nobody may write
 * to (0555): the placeholder stays.
 */
TEST_F(eh, placeholder_removed_with_channel_openers_credentials)
{
	uint32_t link;
	int chan;

	ASSERT_EQ(0, dac_caps(false));
	chan = raw_chan_open();
	ASSERT_EQ(0, dac_caps(true));
	ASSERT_LE(0, chan);
	ASSERT_EQ(0, raw_attach(chan, self->path, &link));
	ASSERT_EQ(0, chmod(self->dir, 0555));
	close(chan);
	/* The mount expires at once (no client); the removal is refused. */
	ASSERT_TRUE(refcnt_back(self->base, 20));
	EXPECT_EQ(0, access(self->path, F_OK));
}

/*
 * M4 (b): an inner server's placeholder inside an outer server's
 * directory prefix is the outer server's name.  Removing it from the
 * expiry work made a kworker wait on the outer server while holding the
 * directory's i_rwsem, and every lookup there waited behind it,
 * uninterruptibly; the outer server here never answers that UNLINK.
 */
struct outer {
	volatile int sub;	/* "sub" was made */
	volatile int unlinks;	/* UNLINKs of "sub": never answered */
	volatile int probes;	/* lookups of "probe" */
};

static struct outer *O;

static bool outer_handler(struct raw_srv *srv, int chan,
			  struct resmgr_in_header *ih, int n,
			  struct raw_reply *r, struct iovec *iov, int *iovcnt)
{
	struct resmgr_connect_in *c = (void *)(ih + 1);
	const char *path = (const char *)(c + 1) + c->ngroups * 4;

	if (ih->opcode > RESMGR_OP_COMBINE)
		return false;	/* I/O: raw_serve()'s */
	switch (ih->opcode) {
	case RESMGR_OP_STAT_PATH:
		if (!strcmp(path, "") || (!strcmp(path, "sub") && O->sub)) {
			r->body.stat.mode = S_IFDIR | 0755;
			r->body.stat.nlink = 2;
			r->oh.len = sizeof(r->oh) + sizeof(r->body.stat);
			iov[0].iov_len = r->oh.len;
			return true;
		}
		if (!strcmp(path, "probe"))
			__sync_add_and_fetch(&O->probes, 1);
		break;
	case RESMGR_OP_MKNOD:
		if (strcmp(path, "sub"))
			break;
		O->sub = 1;
		return true;
	case RESMGR_OP_UNLINK:
		if (strcmp(path, "sub"))
			break;
		__sync_add_and_fetch(&O->unlinks, 1);
		*iovcnt = 0;	/* hung: held until the server dies */
		return true;
	}
	r->oh.error = ENOENT;
	return true;
}

TEST_F_TIMEOUT(eh, placeholder_in_hung_prefix_does_not_wedge_lookups, 120)
{
	struct raw_srv *outer = &self->srv[0], *inner = &self->srv[1];
	char sub[128], probe[128];
	int with_outer, status;
	double end;
	pid_t pid;

	O = mmap(NULL, sizeof(*O), PROT_READ | PROT_WRITE,
		 MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, O);
	snprintf(sub, sizeof(sub), "%s/sub", self->path);
	snprintf(probe, sizeof(probe), "%s/probe", self->path);
	outer->attach_mode = S_IFDIR | 0755;
	outer->handler = outer_handler;
	inner->attach_mode = S_IFDIR | 0755;
	ASSERT_EQ(0, raw_start(outer, self->path, RAW_NORMAL));
	with_outer = module_refcnt();
	ASSERT_EQ(0, raw_start(inner, sub, RAW_NORMAL));
	ASSERT_EQ(1, O->sub);

	/* The inner server dies; its mount expires at once (no client). */
	kill(inner->pid, SIGKILL);
	waitpid(inner->pid, NULL, 0);
	inner->pid = 0;
	end = raw_now() + 20;
	while (module_refcnt() != with_outer && !O->unlinks && raw_now() < end)
		usleep(10000);

	/* A lookup in the outer directory reaches the outer server. */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		struct stat st;

		_exit(stat(probe, &st) ? errno : 0);
	}
	EXPECT_EQ(1, raw_wait_count(&O->probes, 1, 10));
	EXPECT_EQ(0, O->unlinks);
	if (O->probes) {
		EXPECT_EQ(pid, waitpid(pid, &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == ENOENT);
	} else {
		/* Wedged: the outer server's death lets the kworker go. */
		kill(pid, SIGKILL);
		raw_stop(outer);
		waitpid(pid, NULL, 0);
	}
	raw_stop(outer);
	munmap(O, sizeof(*O));
	EXPECT_TRUE(refcnt_back(self->base, 20));
}

/*
 * M4 (c): a mount on an expiry list is never locked into a less
 * privileged namespace's copy, so anyone could unshare a user and mount
 * namespace, unmount the copy and reach what the server's name covers.
 * A mount over an existing file does not expire now: its copies are
 * locked, and it stays, failing with ENOTCONN, once its server dies.
 */
struct reveal {
	char path[128];
	bool drop;		/* as nobody, else as root in the new userns */
	int unshare_err, umount_err;
	char seen[32];
};

/*
 * Tests may run chrooted (tools/vm-run does), and a chrooted task may not
 * make a user namespace.  In a mount namespace of its own, put the mount
 * of the chroot on the namespace's root, as switch_root does.
 */
static int unchroot(void)
{
	struct stat want, st;
	struct dirent *e;
	char dir[300] = "";
	DIR *d;

	if (stat("/", &want) || chdir("/proc/1/root") || chroot(".") ||
	    unshare(CLONE_NEWNS) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		return -1;
	if (!stat("/", &st) && st.st_dev == want.st_dev &&
	    st.st_ino == want.st_ino)
		return chdir("/");	/* was not chrooted */
	d = opendir("/");
	while (d && (e = readdir(d)))
		if (!fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) &&
		    st.st_dev == want.st_dev && st.st_ino == want.st_ino)
			snprintf(dir, sizeof(dir), "/%s", e->d_name);
	if (d)
		closedir(d);
	if (!dir[0] || chdir(dir) || mount(".", "/", NULL, MS_MOVE, NULL) ||
	    chroot(".") || chdir("/"))
		return -1;
	return 0;
}

static int reveal_in_userns(void *arg)
{
	struct reveal *rv = arg;
	int fd;

	if (unchroot())
		return 2;
	if (rv->drop && (setgid(65534) || setuid(65534)))
		return 1;
	if (unshare(CLONE_NEWUSER | CLONE_NEWNS)) {
		rv->unshare_err = errno;
		return 0;
	}
	rv->umount_err = umount2(rv->path, 0) ? errno : 0;
	fd = open(rv->path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (read(fd, rv->seen, sizeof(rv->seen) - 1) < 0)
			rv->seen[0] = 0;
		close(fd);
	}
	return 0;
}

/*
 * Serve @path, which exists (no placeholder), in a child; sh->ready says
 * how attaching went: 1, or -errno.
 */
static int spawn_over(struct raw_srv *srv, const char *path)
{
	srv->sh = mmap(NULL, sizeof(*srv->sh), PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (srv->sh == MAP_FAILED)
		return -ENOMEM;
	snprintf(srv->path, sizeof(srv->path), "%s", path);
	strcpy(srv->sh->content, "served\n");
	srv->sh->content_len = strlen("served\n");
	srv->pid = fork();
	if (srv->pid < 0)
		return -errno;
	if (srv->pid == 0) {
		struct resmgr_bind b = { .size = sizeof(b) };
		int chan = raw_chan_open();
		int err = chan < 0 ? -errno :
			  attach_unbound(chan, path, S_IFCHR | 0666, &b.link);

		b.path_fd = open(path, O_PATH | O_CLOEXEC);
		if (!err && ioctl(chan, RESMGR_IOC_BIND, &b))
			err = -errno;
		srv->sh->ready = err ?: 1;
		if (err)
			_exit(1);
		raw_start_serve(chan, srv);
		_exit(0);
	}
	while (!srv->sh->ready && !waitpid(srv->pid, NULL, WNOHANG))
		usleep(1000);
	return srv->sh->ready == 1 ? 0 : srv->sh->ready ?: -ECHILD;
}

TEST_F(eh, covered_file_stays_hidden_from_user_namespaces)
{
	struct raw_srv *srv = &self->srv[0];
	struct reveal *rv;
	struct stat st;

	rv = mmap(NULL, sizeof(*rv), PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, rv);
	ASSERT_EQ(0, make_file(self->path, 0644, "covered\n"));
	ASSERT_EQ(0, spawn_over(srv, self->path));
	snprintf(rv->path, sizeof(rv->path), "%s", self->path);

	/* Any user, as unshare -Urm does; root in a new userns if barred. */
	rv->drop = true;
	ASSERT_EQ(0, in_child(reveal_in_userns, rv));
	if (rv->unshare_err == EPERM || rv->unshare_err == ENOSPC) {
		TH_LOG("unprivileged user namespaces are off: as root in one");
		rv->drop = false;
		rv->unshare_err = 0;
		ASSERT_EQ(0, in_child(reveal_in_userns, rv));
	}
	if (rv->unshare_err == EINVAL)
		SKIP(return, "kernel without user namespaces");
	ASSERT_EQ(0, rv->unshare_err);
	EXPECT_EQ(EINVAL, rv->umount_err);
	EXPECT_STREQ("served\n", rv->seen);

	/* Not expirable: it stays after its server, and says so. */
	kill(srv->pid, SIGKILL);
	waitpid(srv->pid, NULL, 0);
	srv->pid = 0;
	EXPECT_EQ(-1, stat(self->path, &st));
	EXPECT_EQ(ENOTCONN, errno);
	EXPECT_EQ(0, umount2(self->path, 0));
	munmap(rv, sizeof(*rv));
	EXPECT_TRUE(refcnt_back(self->base, 20));
}

TEST_HARNESS_MAIN
