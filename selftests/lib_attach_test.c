// SPDX-License-Identifier: GPL-2.0
/*
 * libresmgr's resmgr_attach()/resmgr_detach() against the module: a name
 * that did not exist appears while attached and leaves nothing behind
 * when detached; a directory prefix appears as a directory whose own open
 * reaches the server; attaching without CAP_SYS_ADMIN fails with EPERM.
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

static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;
static volatile int opens;

static int count_open(resmgr_context_t *ctp, io_open_t *msg,
		      RESMGR_HANDLE_T *handle, void *extra)
{
	__sync_add_and_fetch(&opens, 1);
	return iofunc_open_default(ctp, msg, handle, extra);
}

static void *serve(void *arg)
{
	dispatch_context_t *ctp = arg;

	for (;;) {
		ctp = dispatch_block(ctp);
		if (!ctp)
			return NULL;
		dispatch_handler(ctp);
	}
}

static dispatch_t *start(const char *path, unsigned int flags, int *id)
{
	dispatch_t *dpp = dispatch_create();
	dispatch_context_t *ctp;
	pthread_t thr;

	if (!dpp)
		return NULL;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS, &iofuncs);
	cfuncs.open = count_open;
	iofunc_attr_init(&attr, (flags & _RESMGR_FLAG_DIR ? S_IFDIR | 0755 : S_IFNAM | 0666),
			 NULL, NULL);
	*id = resmgr_attach(dpp, NULL, path, _FTYPE_ANY, flags, &cfuncs, &iofuncs, &attr);
	if (*id < 0)
		return NULL;
	ctp = dispatch_context_alloc(dpp);
	if (!ctp || pthread_create(&thr, NULL, serve, ctp))
		return NULL;
	return dpp;
}

TEST(attach_then_detach_leaves_no_debris)
{
	char path[64];
	struct stat st;
	dispatch_t *dpp;
	int id, fd;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-attach-%d", getpid());
	ASSERT_EQ(-1, lstat(path, &st));
	dpp = start(path, 0, &id);
	ASSERT_NE(NULL, dpp);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	opens = 0;	/* stat() ran the open handler too, as on QNX */
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, opens);
	close(fd);
	EXPECT_EQ(0, resmgr_detach(dpp, id, 0));
	EXPECT_EQ(-1, lstat(path, &st));
	EXPECT_EQ(ENOENT, errno);
}

/*
 * resmgr_devino(): the numbers the kernel gives the attach, found by the
 * link id alone, without a message to the server.
 */
TEST(devino_names_the_attach)
{
	char path[64];
	struct stat st;
	dispatch_t *dpp;
	dev_t dev = 0;
	ino_t ino = 0;
	int id;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-devino-%d", getpid());
	dpp = start(path, 0, &id);
	ASSERT_NE(NULL, dpp);
	opens = 0;
	ASSERT_EQ(0, resmgr_devino(id, &dev, &ino));
	EXPECT_EQ(0, opens);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_EQ(st.st_dev, dev);
	EXPECT_NE(0, ino);
	/* an id no attach has, and one detached */
	EXPECT_EQ(-1, resmgr_devino(id + 1000, &dev, &ino));
	EXPECT_EQ(ENOENT, errno);
	EXPECT_EQ(0, resmgr_detach(dpp, id, 0));
	EXPECT_EQ(-1, resmgr_devino(id, &dev, &ino));
	EXPECT_EQ(ENOENT, errno);
}

TEST(attach_over_existing_file_restores_it)
{
	char path[64], buf[16] = "";
	struct stat st;
	dispatch_t *dpp;
	int id, fd;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-over-%d", getpid());
	fd = open(path, O_CREAT | O_WRONLY, 0644);
	ASSERT_LE(0, fd);
	ASSERT_EQ(8, write(fd, "original", 8));
	close(fd);
	dpp = start(path, 0, &id);
	ASSERT_NE(NULL, dpp);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_TRUE(S_ISCHR(st.st_mode));
	EXPECT_EQ(0, resmgr_detach(dpp, id, 0));
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(8, read(fd, buf, sizeof(buf)));
	EXPECT_STREQ("original", buf);
	close(fd);
	unlink(path);
}

TEST(directory_prefix)
{
	char path[64];
	struct stat st;
	dispatch_t *dpp;
	int id, fd;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-dir-%d", getpid());
	dpp = start(path, _RESMGR_FLAG_DIR, &id);
	ASSERT_NE(NULL, dpp);
	ASSERT_EQ(0, stat(path, &st));
	EXPECT_TRUE(S_ISDIR(st.st_mode));
	opens = 0;
	fd = open(path, O_RDONLY | O_DIRECTORY);
	ASSERT_LE(0, fd);
	EXPECT_EQ(1, opens);
	close(fd);
	EXPECT_EQ(0, resmgr_detach(dpp, id, 0));
	EXPECT_EQ(-1, lstat(path, &st));
	EXPECT_EQ(ENOENT, errno);
}

TEST(attach_without_cap_sys_admin_is_eperm)
{
	pid_t pid;
	int status;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		/* Created with root's rights: /dev/resmgr is root's only. */
		dispatch_t *dpp = dispatch_create();
		int id;

		if (!dpp)
			_exit(3);
		if (setgid(65534) || setuid(65534))
			_exit(2);
		id = resmgr_attach(dpp, NULL, "/tmp/lib-eperm", _FTYPE_ANY, 0,
				   &cfuncs, &iofuncs, &attr);
		_exit(id == -1 && errno == EPERM ? 0 : 4);
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(-1, access("/tmp/lib-eperm", F_OK));
}

TEST_HARNESS_MAIN
