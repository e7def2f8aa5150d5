// SPDX-License-Identifier: GPL-2.0
/*
 * The channel device: /dev/resmgr exists, and the protocol handshake
 * accepts what it should and refuses what it must.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <linux/resmgr.h>

#include "kselftest_harness.h"

FIXTURE(chan) {
	int fd;
};

FIXTURE_SETUP(chan)
{
	self->fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(chan)
{
	if (self->fd >= 0)
		close(self->fd);
}

static struct resmgr_hello hello_v1(void)
{
	struct resmgr_hello h = {
		.size = sizeof(h),
		.major = RESMGR_VERSION_MAJOR,
		.minor = RESMGR_VERSION_MINOR,
	};
	return h;
}

TEST_F(chan, hello_negotiates)
{
	struct resmgr_hello h = hello_v1();

	h.features = ~0ULL;
	ASSERT_EQ(0, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(RESMGR_VERSION_MAJOR, h.major);
	EXPECT_EQ(RESMGR_VERSION_MINOR, h.minor);
	/* Unknown feature bits are not granted. */
	EXPECT_EQ(RESMGR_FEAT_UNION | RESMGR_FEAT_IPC | RESMGR_FEAT_OPEN_SIZE |
		  RESMGR_FEAT_PRIO | RESMGR_FEAT_OPEN_NODE | RESMGR_FEAT_SENDER |
		  RESMGR_FEAT_OPEN_CREATED | RESMGR_FEAT_RAW_MSG,
		  h.features);
	EXPECT_EQ(sizeof(struct resmgr_in_header), h.in_hdr_size);
	EXPECT_EQ(sizeof(struct resmgr_out_header), h.out_hdr_size);
	EXPECT_LT(0, h.max_inflight);
}

TEST_F(chan, hello_wrong_major)
{
	struct resmgr_hello h = hello_v1();

	h.major = RESMGR_VERSION_MAJOR + 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(EPROTO, errno);
}

TEST_F(chan, hello_reserved_must_be_zero)
{
	struct resmgr_hello h = hello_v1();

	h.reserved[0] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(chan, hello_too_short)
{
	struct resmgr_hello h = hello_v1();

	h.size = 4;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(chan, unknown_ioctl)
{
	EXPECT_EQ(-1, ioctl(self->fd, _IO(RESMGR_IOC_MAGIC, 0x7f), 0));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(chan, not_seekable)
{
	EXPECT_EQ(-1, lseek(self->fd, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
}

/* The handshake reports the module parameter that sysfs shows. */
TEST_F(chan, max_inflight_matches_sysfs)
{
	struct resmgr_hello h = hello_v1();
	unsigned long long param = 0;
	FILE *f;

	ASSERT_EQ(0, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	f = fopen("/sys/module/resmgr/parameters/max_inflight", "r");
	ASSERT_NE(NULL, f);
	ASSERT_EQ(1, fscanf(f, "%llu", &param));
	fclose(f);
	EXPECT_EQ(param, h.max_inflight);
}

TEST_HARNESS_MAIN
