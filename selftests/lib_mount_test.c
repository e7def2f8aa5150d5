// SPDX-License-Identifier: GPL-2.0
/*
 * QNX mount requests: servers in processes of their own register an
 * unnamed _FTYPE_MOUNT attach (resmgr_attach() with no path and
 * _RESMGR_FLAG_FTYPEONLY) and get every resmgr_mount()/resmgr_umount()
 * and mount.resmgr/umount.resmgr request in their mount handler, newest
 * server first, until one answers other than ENOSYS: the one that
 * mounts the type attaches the mount point, and takes it down on
 * _MOUNT_UNMOUNT.  Also: the request's fields as the handler sees them,
 * ENODEV when no server takes it, a server's error, a dead server
 * skipped, bad requests, an unprivileged caller, and a mount-request
 * link that cannot be mounted.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/resmgr.h>
#include <linux/resmgr.h>

#include "kselftest_harness.h"

/* What each server's mount handler saw last, shared with the test. */
struct seen {
	int calls;
	int flags;
	int datalen;
	unsigned int nbytes;
	int subtype;
	char path[PATH_MAX];
	char type[64];
	char special[64];
	char data[64];
	char mounted[PATH_MAX];
	int ready;
};

static struct seen *seen;	/* [0]: the first server, [1]: the second */
static int me;			/* which server this process is */
static const char *my_type;
static dispatch_t *srv_dpp;
static int mounted_id = -1;
static resmgr_connect_funcs_t file_cfuncs;
static resmgr_io_funcs_t file_iofuncs;
static iofunc_attr_t file_attr;

static int on_mount(resmgr_context_t *ctp, io_mount_t *msg,
		    RESMGR_HANDLE_T *handle, io_mount_extra_t *extra)
{
	struct seen *s = &seen[me];

	s->calls++;
	s->flags = extra->flags;
	s->datalen = extra->datalen;
	s->nbytes = extra->nbytes;
	s->subtype = msg->connect.subtype;
	snprintf(s->path, sizeof(s->path), "%s", msg->connect.path);
	snprintf(s->type, sizeof(s->type), "%s", extra->extra.srv.type);
	snprintf(s->special, sizeof(s->special), "%s",
		 extra->extra.srv.special);
	snprintf(s->data, sizeof(s->data), "%s",
		 extra->extra.srv.data ? (char *)extra->extra.srv.data : "");
	if (extra->extra.srv.ocb)
		return EIO;
	/* An unmount is for whoever mounted that path: no type comes. */
	if (extra->flags & _MOUNT_UNMOUNT) {
		if (mounted_id < 0 || strcmp(msg->connect.path, s->mounted))
			return ENOSYS;
		resmgr_detach(srv_dpp, mounted_id, 0);
		mounted_id = -1;
		return EOK;
	}
	if (strcmp(extra->extra.srv.type, my_type))
		return ENOSYS;	/* not ours: the next server's */
	if (!strcmp(extra->extra.srv.special, "busy"))
		return EBUSY;
	if (me != 0)
		return EOK;	/* the second server mounts nothing */
	/* The first: a file at the mount point, as a QNX server would. */
	mounted_id = resmgr_attach(srv_dpp, NULL, msg->connect.path,
				   _FTYPE_ANY, 0, &file_cfuncs, &file_iofuncs,
				   &file_attr);
	if (mounted_id < 0)
		return errno;
	snprintf(s->mounted, sizeof(s->mounted), "%s", msg->connect.path);
	return EOK;
}

/* A server for mount requests of @type; returns its pid once listening. */
static pid_t start_server(int which, const char *type)
{
	static resmgr_connect_funcs_t mcfuncs;
	dispatch_context_t *ctp;
	pid_t pid = fork();

	if (pid)
		return pid;
	me = which;
	my_type = type;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &file_cfuncs,
			 _RESMGR_IO_NFUNCS, &file_iofuncs);
	iofunc_attr_init(&file_attr, S_IFREG | 0640, NULL, NULL);
	memset(&mcfuncs, 0, sizeof(mcfuncs));
	mcfuncs.nfuncs = _RESMGR_CONNECT_NFUNCS;
	mcfuncs.mount = on_mount;
	srv_dpp = dispatch_create();
	if (!srv_dpp ||
	    resmgr_attach(srv_dpp, NULL, NULL, _FTYPE_MOUNT,
			  _RESMGR_FLAG_DIR | _RESMGR_FLAG_FTYPEONLY, &mcfuncs,
			  NULL, NULL) < 0)
		_exit(2);
	ctp = dispatch_context_alloc(srv_dpp);
	if (!ctp)
		_exit(3);
	__atomic_store_n(&seen[which].ready, 1, __ATOMIC_RELEASE);
	for (;;) {
		if (!dispatch_block(ctp))
			_exit(4);
		dispatch_handler(ctp);
	}
}

static void wait_ready(int which)
{
	while (!__atomic_load_n(&seen[which].ready, __ATOMIC_ACQUIRE))
		usleep(1000);
}

static void stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* The helper, next to the tests: build/userlib/<name>. */
static void helper_path(char *buf, size_t len, const char *name)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	exe[n > 0 ? n : 0] = '\0';
	snprintf(buf, len, "%s/../userlib/%s", dirname(exe), name);
}

static int run(char *const argv[])
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		execv(argv[0], argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(mnt) {
	pid_t first, second;
	char dir[64];
};

FIXTURE_SETUP(mnt)
{
	self->first = self->second = -1;
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	seen = mmap(NULL, 2 * sizeof(*seen), PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ASSERT_NE(MAP_FAILED, seen);
	memset(seen, 0, 2 * sizeof(*seen));
	snprintf(self->dir, sizeof(self->dir), "/tmp/rmtest-mnt-%d", getpid());
	self->first = start_server(0, "rmtest");
	ASSERT_LT(0, self->first);
	wait_ready(0);
	self->second = start_server(1, "second");
	ASSERT_LT(0, self->second);
	wait_ready(1);
}

FIXTURE_TEARDOWN(mnt)
{
	if (self->second > 0)
		stop(self->second);
	if (self->first > 0)
		stop(self->first);
}

TEST_F(mnt, the_server_of_the_type_mounts_and_unmounts)
{
	struct stat st;

	ASSERT_EQ(0, resmgr_mount("/dev/sdz9", self->dir,
				  _MOUNT_READONLY | _MOUNT_NOSUID, "rmtest",
				  "a=1", 4));
	/* The newest server was asked first, and passed. */
	EXPECT_EQ(1, seen[1].calls);
	EXPECT_EQ(1, seen[0].calls);
	EXPECT_EQ(_IO_CONNECT_MOUNT, seen[0].subtype);
	EXPECT_STREQ(self->dir, seen[0].path);
	EXPECT_STREQ("rmtest", seen[0].type);
	EXPECT_STREQ("/dev/sdz9", seen[0].special);
	EXPECT_STREQ("a=1", seen[0].data);
	EXPECT_EQ(4, seen[0].datalen);
	EXPECT_EQ(_MOUNT_READONLY | _MOUNT_NOSUID, seen[0].flags);
	EXPECT_LE(sizeof(io_mount_extra_t) + 4, seen[0].nbytes);
	/* What the handler attached is there. */
	ASSERT_EQ(0, stat(self->dir, &st));
	EXPECT_EQ(S_IFREG | 0640, st.st_mode);

	ASSERT_EQ(0, resmgr_umount(self->dir, 0));
	EXPECT_EQ(_MOUNT_UNMOUNT, seen[0].flags);
	EXPECT_STREQ("", seen[0].type);
	EXPECT_STREQ("", seen[0].special);
	EXPECT_NE(0, stat(self->dir, &st));
}

TEST_F(mnt, the_first_answer_that_is_not_enosys_counts)
{
	/* The second server's own type: the first is never asked. */
	ASSERT_EQ(0, resmgr_mount(NULL, self->dir, 0, "second", NULL, 0));
	EXPECT_EQ(1, seen[1].calls);
	EXPECT_EQ(0, seen[0].calls);
	EXPECT_STREQ("", seen[1].special);
	EXPECT_EQ(0, seen[1].datalen);
	/* Nobody's type: ENODEV, as mount(2) says. */
	EXPECT_EQ(-1, resmgr_mount(NULL, self->dir, 0, "nobody", NULL, 0));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(1, seen[0].calls);
	/* The server's own error. */
	EXPECT_EQ(-1, resmgr_mount("busy", self->dir, 0, "rmtest", NULL, 0));
	EXPECT_EQ(EBUSY, errno);
	/* A dead server is passed over, and forgotten. */
	stop(self->second);
	self->second = -1;
	EXPECT_EQ(-1, resmgr_mount(NULL, self->dir, 0, "second", NULL, 0));
	EXPECT_EQ(ENODEV, errno);
	ASSERT_EQ(0, resmgr_mount(NULL, self->dir, 0, "rmtest", NULL, 0));
	ASSERT_EQ(0, resmgr_umount(self->dir, 0));
}

TEST_F(mnt, mount_and_umount_helpers)
{
	char mnt[PATH_MAX + 32], umnt[PATH_MAX + 32];
	struct stat st;

	helper_path(mnt, sizeof(mnt), "mount.resmgr");
	helper_path(umnt, sizeof(umnt), "umount.resmgr");
	/* As util-linux runs it for "mount -t resmgr.rmtest -o ro,x=y". */
	ASSERT_EQ(0, run((char *const[]){ mnt, "/dev/sdz1", self->dir,
					 "-o", "ro,x=y,nodev", "-t",
					 "resmgr.rmtest", NULL }));
	EXPECT_STREQ("x=y", seen[0].data);
	EXPECT_EQ(4, seen[0].datalen);
	EXPECT_EQ(_MOUNT_READONLY | _MOUNT_NODEV, seen[0].flags);
	EXPECT_STREQ("/dev/sdz1", seen[0].special);
	ASSERT_EQ(0, stat(self->dir, &st));
	ASSERT_EQ(0, run((char *const[]){ umnt, self->dir, NULL }));
	EXPECT_EQ(_MOUNT_UNMOUNT, seen[0].flags);
	EXPECT_NE(0, stat(self->dir, &st));
	/* The type as an option; no server for it: mount(8)'s 32. */
	EXPECT_EQ(32, run((char *const[]){ mnt, "none", self->dir, "-o",
					  "type=nobody", "-t", "resmgr",
					  NULL }));
	/* No type at all. */
	EXPECT_EQ(1, run((char *const[]){ mnt, "none", self->dir, "-t",
					 "resmgr", NULL }));
}

TEST_F(mnt, bad_requests_and_unprivileged_callers)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
	};
	struct resmgr_mount m;
	char longtype[300];
	int fd, status;
	pid_t pid;

	EXPECT_EQ(-1, resmgr_mount(NULL, self->dir, 0x40000000, "rmtest",
				   NULL, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, resmgr_mount(NULL, NULL, 0, "rmtest", NULL, 0));
	EXPECT_EQ(EINVAL, errno);

	fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, RESMGR_IOC_HELLO, &h));
	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	m.dir = (uintptr_t)self->dir;
	m.type = (uintptr_t)"rmtest";
	m.flags = 1U << 30;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_MOUNT, &m));
	EXPECT_EQ(EINVAL, errno);
	m.flags = 0;
	m.reserved = 1;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_MOUNT, &m));
	EXPECT_EQ(EINVAL, errno);
	m.reserved = 0;
	m.data_len = RESMGR_MOUNT_DATA_MAX + 1;
	m.data = (uintptr_t)longtype;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_MOUNT, &m));
	EXPECT_EQ(EINVAL, errno);
	m.data_len = 0;
	m.data = 0;
	memset(longtype, 'x', sizeof(longtype) - 1);
	longtype[sizeof(longtype) - 1] = '\0';
	m.type = (uintptr_t)longtype;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_MOUNT, &m));
	EXPECT_EQ(EINVAL, errno);
	m.type = (uintptr_t)"";
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_MOUNT, &m));
	EXPECT_EQ(EINVAL, errno);
	m.type = 8;	/* not the caller's memory */
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_MOUNT, &m));
	EXPECT_EQ(EFAULT, errno);
	m.type = (uintptr_t)"rmtest";
	m.dir = 0;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_MOUNT, &m));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, seen[0].calls + seen[1].calls);

	/*
	 * Mounting is for the privileged, as mount(2): the library says so
	 * even before it gets to the kernel, which says so to a channel an
	 * unprivileged process kept from its privileged days.
	 */
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		m.type = (uintptr_t)"rmtest";
		m.dir = (uintptr_t)self->dir;
		if (setgid(4000) || setuid(4000))
			_exit(100);
		if (!resmgr_mount(NULL, self->dir, 0, "rmtest", NULL, 0) ||
		    errno != EPERM)
			_exit(101);
		_exit(ioctl(fd, RESMGR_IOC_MOUNT, &m) ? errno : 0);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(EPERM, WEXITSTATUS(status));
	EXPECT_EQ(0, seen[0].calls + seen[1].calls);
	close(fd);
}

/* The kernel side of a listener: no name, and it cannot be mounted. */
TEST(a_mount_request_link_has_no_name)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
	};
	struct resmgr_attach at;
	char dir[64], opts[64];
	int fd;

	fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT)
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ioctl(fd, RESMGR_IOC_HELLO, &h));
	memset(&at, 0, sizeof(at));
	at.size = sizeof(at);
	at.flags = RESMGR_ATTACH_MOUNTS | RESMGR_ATTACH_DIR;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_IOC_ATTACH, &at));
	EXPECT_EQ(EINVAL, errno);
	at.flags = RESMGR_ATTACH_MOUNTS;
	ASSERT_EQ(0, ioctl(fd, RESMGR_IOC_ATTACH, &at));
	snprintf(dir, sizeof(dir), "/tmp/rmtest-nomount-%d", getpid());
	ASSERT_EQ(0, mkdir(dir, 0700));
	snprintf(opts, sizeof(opts), "fd=%d,link=%u", fd, at.link);
	EXPECT_EQ(-1, mount("resmgr", dir, "resmgr", MS_NOSUID, opts));
	EXPECT_EQ(EINVAL, errno);
	rmdir(dir);
	close(fd);
}

TEST_HARNESS_MAIN
