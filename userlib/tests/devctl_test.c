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

struct big {
	char c[16];
};

#define T_NONE	__DION(_DCMD_MISC, 1)
#define T_FROM	__DIOF(_DCMD_MISC, 2, int)
#define T_TO	__DIOT(_DCMD_MISC, 3, int)
#define T_BOTH	__DIOTF(_DCMD_MISC, 4, struct big)

/* The library's own: ioctl(2). */
static int (*real_ioctl)(int fd, unsigned long request, void *arg);

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

static void test_encoding(void)
{
	is(T_NONE, _IO(_DCMD_MISC, 1), "__DION is _IO");
	is(T_FROM, _IOR(_DCMD_MISC, 2, int), "__DIOF is _IOR");
	is(T_TO, _IOW(_DCMD_MISC, 3, int), "__DIOT is _IOW");
	is(T_BOTH, _IOWR(_DCMD_MISC, 4, struct big), "__DIOTF is _IOWR");
	ok(_IOC_SIZE(T_BOTH) == sizeof(struct big) &&
	   _IOC_TYPE(T_BOTH) == _DCMD_MISC && _IOC_NR(T_BOTH) == 4,
	   "size, class, command");
	ok(get_device_direction(T_BOTH) == DEVDIR_TOFROM &&
	   get_device_direction(T_NONE) == DEVDIR_NONE, "directions");
	is(_DEVCTL_DATA_MAX, 16383, "data up to 16383 bytes");
	ok(_IOC_TYPE(DCMD_ALL_GETFLAGS) == _DCMD_ALL &&
	   get_device_direction(DCMD_ALL_GETFLAGS) == DEVDIR_FROM &&
	   _IOC_SIZE(DCMD_ALL_GETFLAGS) == sizeof(int) &&
	   get_device_direction(DCMD_ALL_SETFLAGS) == DEVDIR_TO &&
	   _IOC_SIZE(DCMD_ALL_SETFLAGS) == sizeof(int),
	   "DCMD_ALL_GETFLAGS / SETFLAGS");
}

static void test_bounce(void)
{
	unsigned char buf[32];
	int v = 5, info = -1;

	rm_devctl_ioctl = fake_devctl_ioctl;

	dev.ret = 7;
	is(devctl(3, T_FROM, &v, sizeof(v), &info), EOK, "full buffer: EOK");
	ok(dev.arg == &v, "... passed as it is");
	is(dev.request, (unsigned int)T_FROM, "... as the ioctl request");
	is(info, 7, "... *info is ioctl()'s value");
	is(v, (int)0xABABABAB, "... data back");

	memset(buf, 'c', sizeof(buf));
	dev.ret = 0;
	is(devctl(3, T_BOTH, buf, 6, NULL), EOK, "short buffer: EOK");
	ok(dev.arg != buf, "... bounced");
	ok(memcmp(dev.seen, "cccccc", 6) == 0 &&
	   memcmp(dev.seen + 6, "\0\0\0\0\0\0\0\0\0\0", 10) == 0,
	   "... device sees the caller's 6 bytes, then zeros");
	ok(buf[0] == 0xAB && buf[5] == 0xAB && buf[6] == 'c',
	   "... only 6 bytes come back");

	v = 9;
	is(devctl(3, T_TO, &v, 2, NULL), EOK, "short buffer to the device");
	ok(dev.seen[0] == 9 && dev.seen[1] == 0 && dev.seen[2] == 0 &&
	   dev.seen[3] == 0 && v == 9, "... 2 bytes in, nothing back");

	is(devctl(3, T_FROM, NULL, 0, &info), EOK, "no buffer at all");
	ok(dev.arg != NULL, "... the device still gets one");

	is(devctl(3, T_NONE, (void *)0x10, 0, NULL), EOK, "no data");
	ok(dev.arg == (void *)0x10, "... argument passed through");

	dev.err = EPERM;
	info = 99;
	memset(buf, 'c', sizeof(buf));
	errno = 0;
	is(devctl(3, T_BOTH, buf, 6, &info), EPERM, "failure returns the errno");
	is(errno, EPERM, "... and sets errno");
	ok(info == 99 && buf[0] == 'c', "... leaving *info and the data alone");
	dev.err = 0;
}

/* A real file: FIONREAD on a pipe, and ENOTTY from it. */
static void test_real(void)
{
	int fds[2], n = -1, info = -1, fl;

	rm_devctl_ioctl = real_ioctl;
	if (pipe(fds)) {
		ok(0, "pipe");
		return;
	}
	if (write(fds[1], "hello", 5) != 5)
		ok(0, "write");
	is(devctl(fds[0], FIONREAD, &n, sizeof(n), &info), EOK,
	   "FIONREAD on a pipe");
	ok(n == 5 && info == 0, "... 5 bytes, info 0");
	is(devctl(fds[0], DCMD_ALL_GETFLAGS, &n, sizeof(n), NULL), ENOTTY,
	   "a pipe knows no DCMD_ALL_GETFLAGS: ENOTTY");

	/* A SETFLAGS the device accepts is mirrored into the file's flags. */
	dev.ret = 0;
	rm_devctl_ioctl = fake_devctl_ioctl;
	n = O_NONBLOCK;
	is(devctl(fds[0], DCMD_ALL_SETFLAGS, &n, sizeof(n), NULL), EOK,
	   "SETFLAGS O_NONBLOCK");
	fl = fcntl(fds[0], F_GETFL);
	ok(fl != -1 && (fl & O_NONBLOCK), "... the file is O_NONBLOCK too");
	n = 0;
	devctl(fds[0], DCMD_ALL_SETFLAGS, &n, sizeof(n), NULL);
	fl = fcntl(fds[0], F_GETFL);
	ok(fl != -1 && !(fl & O_NONBLOCK), "... and cleared again");
	close(fds[0]);
	close(fds[1]);
}

int main(void)
{
	tap_start();
	real_ioctl = rm_devctl_ioctl;
	test_encoding();
	test_bounce();
	test_real();
	return tap_end();
}
