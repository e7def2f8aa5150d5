// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The client's devctl(): dcmd encoding, the bounce buffer for callers
 * whose buffer is shorter than the command says, and the return
 * convention (the error number, *info from ioctl()).
 */
#include <fcntl.h>
#include <sys/ioctl.h>
#include <devctl.h>

#include "testlib.h"
#include "kselftest_harness.h"

struct big {
	char c[16];
};

#define T_NONE	__DION(_DCMD_MISC, 1)
#define T_FROM	__DIOF(_DCMD_MISC, 2, int)
#define T_TO	__DIOT(_DCMD_MISC, 3, int)
#define T_BOTH	__DIOTF(_DCMD_MISC, 4, struct big)

/* A device behind the ioctl: records what it got, answers like a kernel. */
static struct {
	int calls;
	unsigned long request;
	void *arg;
	unsigned char seen[16];
	int ret;
	int err;
} dev;

static int fake_devctl_ioctl(int fd, unsigned long request, void *arg)
{
	size_t size = _IOC_SIZE(request);

	dev.calls++;
	dev.request = request;
	dev.arg = arg;
	if ((_IOC_DIR(request) & _IOC_WRITE) && size <= sizeof(dev.seen))
		memcpy(dev.seen, arg, size);
	if (dev.err) {
		errno = dev.err;
		return -1;
	}
	if ((_IOC_DIR(request) & _IOC_READ) && size)
		memset(arg, 0xAB, size);
	return dev.ret;
}

TEST(dcmds_are_linux_ioctl_numbers)
{
	EXPECT_EQ(_IO(_DCMD_MISC, 1), T_NONE);
	EXPECT_EQ(_IOR(_DCMD_MISC, 2, int), T_FROM);
	EXPECT_EQ(_IOW(_DCMD_MISC, 3, int), T_TO);
	EXPECT_EQ(_IOWR(_DCMD_MISC, 4, struct big), T_BOTH);
	/* size, class, command */
	EXPECT_TRUE(_IOC_SIZE(T_BOTH) == sizeof(struct big) &&
		    _IOC_TYPE(T_BOTH) == _DCMD_MISC && _IOC_NR(T_BOTH) == 4);
	EXPECT_TRUE(get_device_direction(T_BOTH) == DEVDIR_TOFROM &&
		    get_device_direction(T_NONE) == DEVDIR_NONE);
	EXPECT_EQ(16383, _DEVCTL_DATA_MAX);
	EXPECT_TRUE(_IOC_TYPE(DCMD_ALL_GETFLAGS) == _DCMD_ALL &&
		    get_device_direction(DCMD_ALL_GETFLAGS) == DEVDIR_FROM &&
		    _IOC_SIZE(DCMD_ALL_GETFLAGS) == sizeof(int) &&
		    get_device_direction(DCMD_ALL_SETFLAGS) == DEVDIR_TO &&
		    _IOC_SIZE(DCMD_ALL_SETFLAGS) == sizeof(int));
}

TEST(devctl_bounces_short_buffers_and_returns_the_errno)
{
	unsigned char buf[32];
	int v = 5, info = -1;

	rm_devctl_ioctl = fake_devctl_ioctl;

	/* a full buffer is passed as it is; *info is ioctl()'s value */
	dev.ret = 7;
	EXPECT_EQ(EOK, devctl(3, T_FROM, &v, sizeof(v), &info));
	EXPECT_EQ(&v, dev.arg);
	EXPECT_EQ((unsigned int)T_FROM, dev.request);
	EXPECT_EQ(7, info);
	EXPECT_EQ((int)0xABABABAB, v);

	/*
	 * A short one is bounced: the device sees the caller's 6 bytes, then
	 * zeros, and only 6 bytes come back.
	 */
	memset(buf, 'c', sizeof(buf));
	dev.ret = 0;
	EXPECT_EQ(EOK, devctl(3, T_BOTH, buf, 6, NULL));
	EXPECT_NE((void *)buf, dev.arg);
	EXPECT_TRUE(memcmp(dev.seen, "cccccc", 6) == 0 &&
		    memcmp(dev.seen + 6, "\0\0\0\0\0\0\0\0\0\0", 10) == 0);
	EXPECT_TRUE(buf[0] == 0xAB && buf[5] == 0xAB && buf[6] == 'c');

	/* short, to the device: 2 bytes in, nothing back */
	v = 9;
	EXPECT_EQ(EOK, devctl(3, T_TO, &v, 2, NULL));
	EXPECT_TRUE(dev.seen[0] == 9 && dev.seen[1] == 0 && dev.seen[2] == 0 &&
		    dev.seen[3] == 0 && v == 9);

	/* no buffer at all: the device still gets one */
	EXPECT_EQ(EOK, devctl(3, T_FROM, NULL, 0, &info));
	EXPECT_NE(NULL, dev.arg);

	/* no data: the argument is passed through */
	EXPECT_EQ(EOK, devctl(3, T_NONE, (void *)0x10, 0, NULL));
	EXPECT_EQ((void *)0x10, dev.arg);

	/* a failure returns the errno, sets errno, leaves *info and the data */
	dev.err = EPERM;
	info = 99;
	memset(buf, 'c', sizeof(buf));
	errno = 0;
	EXPECT_EQ(EPERM, devctl(3, T_BOTH, buf, 6, &info));
	EXPECT_EQ(EPERM, errno);
	EXPECT_TRUE(info == 99 && buf[0] == 'c');
}

/* A real file: FIONREAD on a pipe, and ENOTTY from it. */
TEST(devctl_of_a_pipe_and_setflags_mirrored_into_the_file)
{
	int fds[2], n = -1, info = -1, fl;

	/* rm_devctl_ioctl is still the library's own: ioctl(2) */
	ASSERT_EQ(0, pipe(fds));
	ASSERT_EQ(5, write(fds[1], "hello", 5));
	/* FIONREAD: 5 bytes, info 0 */
	EXPECT_EQ(EOK, devctl(fds[0], FIONREAD, &n, sizeof(n), &info));
	EXPECT_TRUE(n == 5 && info == 0);
	/* a pipe knows no DCMD_ALL_GETFLAGS */
	EXPECT_EQ(ENOTTY,
		  devctl(fds[0], DCMD_ALL_GETFLAGS, &n, sizeof(n), NULL));

	/* A SETFLAGS the device accepts is mirrored into the file's flags. */
	dev.ret = 0;
	rm_devctl_ioctl = fake_devctl_ioctl;
	n = O_NONBLOCK;
	EXPECT_EQ(EOK, devctl(fds[0], DCMD_ALL_SETFLAGS, &n, sizeof(n), NULL));
	fl = fcntl(fds[0], F_GETFL);
	EXPECT_TRUE(fl != -1 && (fl & O_NONBLOCK));
	n = 0;
	devctl(fds[0], DCMD_ALL_SETFLAGS, &n, sizeof(n), NULL);
	fl = fcntl(fds[0], F_GETFL);
	EXPECT_TRUE(fl != -1 && !(fl & O_NONBLOCK));
	close(fds[0]);
	close(fds[1]);
}

TEST_HARNESS_MAIN
