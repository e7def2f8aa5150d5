// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of the I/O table end to end, through a libresmgr server that
 * uses the iofunc defaults: chmod/fchmod, chown (root, and a non-root
 * client refused), utimensat/futimens, truncate/ftruncate/fallocate (the
 * size seen by stat), fsync/fdatasync, pathconf, openfd(), iofdinfo()
 * and a MsgSend() of an _IO_MSG or of a type of the server's own.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#include "kselftest_harness.h"

#define MGR_ID	(_IOMGR_PRIVATE_BASE + 7)

static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;
static iofunc_mount_t mountpoint = {
	.conf = IOFUNC_PC_CHOWN_RESTRICTED | IOFUNC_PC_SYNC_IO,
};

/* QNX has no default space handler: this is the one a manager writes. */
static int io_space(resmgr_context_t *ctp, io_space_t *msg, RESMGR_OCB_T *ocb)
{
	iofunc_attr_t *a = ocb->attr;
	int err = iofunc_space_verify(ctp, msg, ocb, NULL);

	if (err)
		return err;
	if (msg->i.subtype == F_FREESP64 && msg->i.len == 0)
		a->nbytes = msg->i.start;
	else if (msg->i.subtype == F_ALLOCSP64 &&
		 !(msg->i.flags & _IO_SPACE_KEEP_SIZE) &&
		 msg->i.start + msg->i.len > a->nbytes)
		a->nbytes = msg->i.start + msg->i.len;
	a->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME |
		    IOFUNC_ATTR_DIRTY_SIZE;
	_IO_SET_SPACE_SIZE(ctp, a->nbytes);
	return EOK;
}

/* A private message: the data back reversed; status 1000 + its length. */
static int io_msg(resmgr_context_t *ctp, io_msg_t *msg, RESMGR_OCB_T *ocb)
{
	static char out[64];
	char in[64];
	ssize_t n;

	if (msg->i.mgrid != MGR_ID)
		return ENOSYS;
	n = resmgr_msgread(ctp, in, sizeof(in), sizeof(msg->i));
	if (n < 0)
		return errno;
	for (ssize_t i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
	_RESMGR_STATUS(ctp, 1000 + n);
	return _RESMGR_PTR(ctp, out, n);
}

/* A message of the server's own type, sent on an open file. */
#define T_OWN		0x5200	/* reply "own" with status 7, from its open */
#define T_OWN_READ	0x5201	/* status: bytes 2..3 read with MsgRead() */
#define T_OWN_FAIL	0x5202	/* the handler returns EDOM */

static int own_msg(message_context_t *ctp, int type, unsigned flags,
		   void *handle)
{
	unsigned char b[2];
	void *ocb;

	switch (type) {
	case T_OWN:
		/* The open it came on, as for any I/O message. */
		ocb = _resmgr_ocb(ctp, &ctp->info);
		if (!ocb || ((iofunc_ocb_t *)ocb)->attr != &attr)
			return EBADF;
		MsgReply(ctp->rcvid, 7, "own", 4);
		return _RESMGR_NOREPLY;
	case T_OWN_READ:
		if (MsgRead(ctp->rcvid, b, 2, 2) != 2)
			return EIO;
		MsgReply(ctp->rcvid, b[0] * 256 + b[1], NULL, 0);
		return 0;
	}
	return EDOM;
}

static dispatch_t *srv_dpp;

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	while ((ctp = dispatch_block(ctp)))
		dispatch_handler(ctp);
	return NULL;
}

/* Serve @path (a regular file owned by root, 0666) from a thread. */
static void start(char *path, size_t len, const char *tag, bool with_mount)
{
	dispatch_t *dpp = dispatch_create();
	pthread_t thr;

	snprintf(path, len, "/tmp/lib-iotable-%s-%d", tag, getpid());
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS,
			 &iofuncs);
	iofuncs.space = io_space;
	iofuncs.msg = io_msg;
	iofunc_attr_init(&attr, S_IFREG | 0666, NULL, NULL);
	attr.uid = 0;
	attr.gid = 0;
	attr.mount = with_mount ? &mountpoint : NULL;
	srv_dpp = dpp;
	if (!dpp || resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs,
				  &iofuncs, &attr) < 0 ||
	    message_attach(dpp, NULL, T_OWN, T_OWN_FAIL, own_msg, NULL) < 0 ||
	    pthread_create(&thr, NULL, serve, dispatch_context_alloc(dpp))) {
		perror("start");
		_exit(1);
	}
}

#define NEED_RESMGR() do {						\
	if (access("/dev/resmgr", F_OK))				\
		SKIP(return, "resmgr.ko not loaded");			\
} while (0)

TEST(chmod_and_fchmod)
{
	struct stat st;
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "chmod", true);
	ASSERT_EQ(0, chmod(path, 0640));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(S_IFREG | 0640, st.st_mode);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fchmod(fd, 0604));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(S_IFREG | 0604, st.st_mode);
	close(fd);
}

/* In a child that gave up root: chown and chmod; exit status: errno. */
static int as_user(const char *path, bool do_chown)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		if (setgid(4000) || setuid(4000))
			_exit(100);
		if (do_chown)
			_exit(chown(path, 4000, -1) ? errno : 0);
		_exit(chmod(path, 0777) ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

TEST(chown_root_and_not)
{
	struct stat st;
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "chown", true);
	ASSERT_EQ(0, chown(path, 1234, 5678));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(1234, st.st_uid);
	EXPECT_EQ(5678, st.st_gid);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, fchown(fd, -1, 42));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(1234, st.st_uid);
	EXPECT_EQ(42, st.st_gid);
	close(fd);
	/* A process that is not the owner (nor root) may do neither. */
	EXPECT_EQ(EPERM, as_user(path, true));
	EXPECT_EQ(EPERM, as_user(path, false));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(1234, st.st_uid);
	EXPECT_EQ(S_IFREG | 0666, st.st_mode);
}

TEST(utimensat_and_futimens)
{
	struct timespec ts[2] = { { 1000, 5 }, { 2000, 6 } };
	struct stat st;
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "utime", true);
	ASSERT_EQ(0, utimensat(AT_FDCWD, path, ts, 0));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(1000, st.st_atim.tv_sec);
	EXPECT_EQ(5, st.st_atim.tv_nsec);
	EXPECT_EQ(2000, st.st_mtim.tv_sec);
	EXPECT_EQ(6, st.st_mtim.tv_nsec);
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, futimens(fd, NULL));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_LT(2000, st.st_mtim.tv_sec);
	EXPECT_LT(1000, st.st_atim.tv_sec);
	close(fd);
}

TEST(truncate_ftruncate_fallocate)
{
	struct stat st;
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "space", true);
	ASSERT_EQ(0, truncate(path, 1234));
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(1234, st.st_size);
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, ftruncate(fd, 10));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(10, st.st_size);
	ASSERT_EQ(0, fallocate(fd, 0, 0, 5000));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(5000, st.st_size);
	ASSERT_EQ(0, fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, 9000));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_EQ(5000, st.st_size);
	close(fd);
	/* ftruncate needs an open for writing */
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, ftruncate(fd, 0));
	EXPECT_TRUE(errno == EBADF || errno == EINVAL);
	close(fd);
}

TEST(fsync_and_fdatasync)
{
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "sync", true);
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, fsync(fd));
	EXPECT_EQ(0, fdatasync(fd));
	close(fd);
}

TEST(fsync_without_sync_io_is_einval)
{
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "nosync", false);
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	EXPECT_EQ(-1, fsync(fd));
	EXPECT_EQ(EINVAL, errno);
	close(fd);
}

TEST(pathconf_from_the_server)
{
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "pathconf", true);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, resmgr_fpathconf(fd, _PC_CHOWN_RESTRICTED));
	EXPECT_EQ(64, resmgr_fpathconf(fd, _PC_FILESIZEBITS));
	errno = 0;
	EXPECT_EQ(-1, resmgr_fpathconf(fd, _PC_NO_TRUNC));
	EXPECT_EQ(0, errno);	/* -1 here is "not set", not an error */
	EXPECT_EQ(-1, resmgr_fpathconf(fd, _PC_NAME_MAX));
	EXPECT_EQ(EINVAL, errno);	/* not a directory */
	EXPECT_EQ(1, resmgr_pathconf(path, _PC_SYNC_IO));
	close(fd);
}

TEST(openfd_makes_a_new_open)
{
	struct stat st1, st2;
	char path[64];
	int fd, fd2;

	NEED_RESMGR();
	start(path, sizeof(path), "openfd", true);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	fd2 = openfd(fd, O_RDONLY | O_CLOEXEC, SH_DENYNO, _IO_OPENFD_NONE);
	ASSERT_LE(0, fd2);
	EXPECT_NE(fd, fd2);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd2, F_GETFD));
	ASSERT_EQ(0, fstat(fd, &st1));
	ASSERT_EQ(0, fstat(fd2, &st2));
	EXPECT_EQ(st1.st_ino, st2.st_ino);
	EXPECT_EQ(2u, attr.count);	/* a second OCB, unlike dup() */
	EXPECT_EQ(5, lseek(fd, 5, SEEK_SET));
	EXPECT_EQ(0, lseek(fd2, 0, SEEK_CUR));	/* its own position */
	/* no wider than the original */
	EXPECT_EQ(-1, openfd(fd, O_RDWR, SH_DENYNO, _IO_OPENFD_NONE));
	EXPECT_EQ(EACCES, errno);
	close(fd2);
	close(fd);
}

TEST(iofdinfo_says_what_the_open_is)
{
	struct _fdinfo info;
	char path[64], got[64], small[8];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "fdinfo", true);
	attr.nbytes = 321;
	fd = open(path, O_RDWR);
	ASSERT_LE(0, fd);
	ASSERT_EQ(7, lseek(fd, 7, SEEK_SET));
	EXPECT_EQ((int)strlen(path), iofdinfo(fd, 0, &info, got, sizeof(got)));
	EXPECT_STREQ(path, got);
	EXPECT_EQ(321u, info.size);
	EXPECT_EQ(7u, info.offset);
	EXPECT_EQ((unsigned)(O_RDWR + 1), info.ioflag & _IO_FLAG_MASK);
	EXPECT_EQ(1u, info.count);
	EXPECT_EQ(S_IFREG | 0666, info.mode);
	/* a short buffer: cut and NUL-terminated, full length returned */
	EXPECT_EQ((int)strlen(path), iofdinfo(fd, 0, NULL, small, sizeof(small)));
	EXPECT_EQ(0, strncmp(path, small, sizeof(small) - 1));
	EXPECT_EQ('\0', small[sizeof(small) - 1]);
	close(fd);
}

TEST(msgsend_io_msg_round_trip)
{
	struct {
		struct _io_msg hdr;
		char data[5];
	} msg = { { _IO_MSG, sizeof(struct _io_msg), MGR_ID, 1 }, "hello" };
	iov_t siov[2], riov[1];
	char reply[16] = "";
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "msg", true);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1005, MsgSend(fd, &msg, sizeof(msg.hdr) + 5, reply,
				sizeof(reply)));
	EXPECT_EQ(0, memcmp(reply, "olleh", 5));
	SETIOV(&siov[0], &msg.hdr, sizeof(msg.hdr));
	SETIOV(&siov[1], "ab", 2);
	SETIOV(&riov[0], reply, sizeof(reply));
	EXPECT_EQ(1002, MsgSendv(fd, siov, 2, riov, 1));
	EXPECT_EQ(0, memcmp(reply, "ba", 2));
	msg.hdr.mgrid = 1;
	EXPECT_EQ(-1, MsgSend(fd, &msg, sizeof(msg), reply, sizeof(reply)));
	EXPECT_EQ(ENOSYS, errno);
	close(fd);
}

/*
 * QNX servers take messages of their own types on a client's open file
 * (MsgSend(fd, ...)) with message_attach(), above the I/O types.
 */
TEST(msgsend_of_a_servers_own_type_reaches_its_message_handler)
{
	unsigned char msg[8] = { 0 };
	char reply[8] = "";
	uint16_t type;
	char path[64];
	int fd;

	NEED_RESMGR();
	start(path, sizeof(path), "own", true);
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	type = T_OWN;
	memcpy(msg, &type, 2);
	EXPECT_EQ(7, MsgSend(fd, msg, 2, reply, sizeof(reply)));
	EXPECT_STREQ("own", reply);
	type = T_OWN_READ;
	memcpy(msg, &type, 2);
	msg[2] = 1;
	msg[3] = 2;
	EXPECT_EQ(258, MsgSend(fd, msg, 4, NULL, 0));
	type = T_OWN_FAIL;
	memcpy(msg, &type, 2);
	EXPECT_EQ(-1, MsgSend(fd, msg, 2, NULL, 0));
	EXPECT_EQ(EDOM, errno);
	/* No handler for the type: ENOSYS, as from QNX's resmgr layer. */
	type = T_OWN + 0x100;
	memcpy(msg, &type, 2);
	EXPECT_EQ(-1, MsgSend(fd, msg, 2, NULL, 0));
	EXPECT_EQ(ENOSYS, errno);
	/* An I/O type has its own Linux call. */
	type = _IO_READ;
	memcpy(msg, &type, 2);
	EXPECT_EQ(-1, MsgSend(fd, msg, 2, NULL, 0));
	EXPECT_EQ(ENOSYS, errno);
	close(fd);
}

TEST_HARNESS_MAIN
