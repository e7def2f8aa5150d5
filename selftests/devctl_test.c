// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl(2) reaches the server as DEVCTL: data goes in and comes back as
 * the command's direction and size encode, the server's status is
 * ioctl()'s return value, unknown commands fail with ENOTTY, and a
 * server cannot make the kernel copy more than the command encodes.
 */
#include "raw_server.h"
#include "kselftest_harness.h"

FIXTURE(dev) {
	struct raw_srv srv;
	char path[64];
	int fd;
};

FIXTURE_SETUP(dev)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(self->path, sizeof(self->path), "/tmp/resmgr-devctl-%d", getpid());
	memset(&self->srv, 0, sizeof(self->srv));
	ASSERT_EQ(0, raw_start(&self->srv, self->path, RAW_NORMAL));
	for (int i = 0; i < 4096; i++)
		self->srv.sh->content[i] = (char)i;
	self->fd = open(self->path, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(dev)
{
	if (self->fd >= 0)
		close(self->fd);
	raw_stop(&self->srv);
}

TEST_F(dev, data_from_device_and_return_value)
{
	int v = 0;

	EXPECT_EQ(7, ioctl(self->fd, RAW_DCMD_GET, &v));
	EXPECT_EQ(42, v);
	EXPECT_EQ(RAW_DCMD_GET, self->srv.sh->last_dcmd);
}

TEST_F(dev, data_to_device)
{
	int v = 1234;

	EXPECT_EQ(0, ioctl(self->fd, RAW_DCMD_SET, &v));
	EXPECT_EQ(1234, self->srv.sh->devctl_val);
}

TEST_F(dev, both_ways)
{
	int v = 21;

	EXPECT_EQ(0, ioctl(self->fd, RAW_DCMD_DOUBLE, &v));
	EXPECT_EQ(42, v);
}

TEST_F(dev, four_kib_back)
{
	char buf[4096];

	memset(buf, 0xff, sizeof(buf));
	EXPECT_EQ(0, ioctl(self->fd, RAW_DCMD_BIG, buf));
	EXPECT_EQ(0, memcmp(buf, self->srv.sh->content, sizeof(buf)));
}

TEST_F(dev, short_answer_leaves_the_rest)
{
	char buf[64];

	memset(buf, 0x5a, sizeof(buf));
	EXPECT_EQ(0, ioctl(self->fd, RAW_DCMD_PARTIAL, buf));
	EXPECT_EQ(0, memcmp(buf, self->srv.sh->content, 10));
	EXPECT_EQ(0x5a, (unsigned char)buf[10]);
	EXPECT_EQ(0x5a, (unsigned char)buf[63]);
}

TEST_F(dev, unknown_command_is_enotty)
{
	EXPECT_EQ(-1, ioctl(self->fd, _IO('x', 99), 0));
	EXPECT_EQ(ENOTTY, errno);
	/* isatty() asks TCGETS: not a terminal. */
	EXPECT_EQ(0, isatty(self->fd));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(dev, bad_user_pointer_is_efault)
{
	EXPECT_EQ(-1, ioctl(self->fd, RAW_DCMD_SET, (void *)16));
	EXPECT_EQ(EFAULT, errno);
	EXPECT_EQ(-1, ioctl(self->fd, RAW_DCMD_GET, (void *)16));
	EXPECT_EQ(EFAULT, errno);
}

TEST_F(dev, more_data_than_encoded_is_refused)
{
	int v[2] = { 0, 0x77 };

	EXPECT_EQ(-1, ioctl(self->fd, RAW_DCMD_TOO_MUCH, v));
	EXPECT_EQ(EIO, errno);
	EXPECT_EQ(0x77, v[1]);		/* nothing written past the int */
	raw_wait_count(&self->srv.sh->hostile_errno, 1, 1);
	EXPECT_EQ(EINVAL, self->srv.sh->hostile_errno);
}

TEST_F(dev, negative_status_is_refused)
{
	EXPECT_EQ(-1, ioctl(self->fd, RAW_DCMD_NEGATIVE, 0));
	EXPECT_EQ(EIO, errno);
}

TEST_HARNESS_MAIN
