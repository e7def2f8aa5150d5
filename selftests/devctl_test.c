// SPDX-License-Identifier: GPL-2.0
/*
 * ioctl(2) reaches the server as DEVCTL: data goes in and comes back as
 * the command's direction and size encode, the server's status is
 * ioctl()'s return value, unknown commands fail with ENOTTY, and a
 * server cannot make the kernel copy more than the command encodes.
 * QNX's devctl() (RESMGR_FIOC_DEVCTL) is the same message with the
 * server's errno as it gave it.
 */
#include <devctl.h>

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

/* QNX servers say ENOSYS for a command they do not know; Linux, ENOTTY. */
TEST_F(dev, enosys_is_enotty_to_ioctl_but_not_to_devctl)
{
	struct resmgr_fioc_devctl d = {
		.size = sizeof(d), .dcmd = RAW_DCMD_NOSYS,
	};
	int v = 0, info = -1;

	EXPECT_EQ(-1, ioctl(self->fd, RAW_DCMD_NOSYS, 0));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_DEVCTL, &d));
	EXPECT_EQ(ENOSYS, errno);
	EXPECT_EQ(RESMGR_FIOC_DEVCTL_SERVED, d.flags);
	EXPECT_EQ(sizeof(d), d.size);
	/* A server's own ENOTTY stays ENOTTY both ways. */
	d.dcmd = _IO('x', 99);
	d.flags = 0;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_DEVCTL, &d));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(RESMGR_FIOC_DEVCTL_SERVED, d.flags);
	/* Data both ways and the status, as ioctl(2) gives them. */
	d.dcmd = RAW_DCMD_GET;
	d.arg = (uintptr_t)&v;
	d.flags = 0;
	EXPECT_EQ(7, ioctl(self->fd, RESMGR_FIOC_DEVCTL, &d));
	EXPECT_EQ(42, v);

	/* libresmgr's devctl() takes that way. */
	EXPECT_EQ(ENOSYS, devctl(self->fd, RAW_DCMD_NOSYS, NULL, 0, NULL));
	v = 0;
	EXPECT_EQ(EOK, devctl(self->fd, RAW_DCMD_GET, &v, sizeof(v), &info));
	EXPECT_EQ(42, v);
	EXPECT_EQ(7, info);
}

TEST_F(dev, fioc_devctl_refuses_what_is_not_a_command)
{
	struct resmgr_fioc_devctl d = {
		.size = sizeof(d), .dcmd = RESMGR_FIOC_DEVCTL,
	};
	unsigned int devctls = self->srv.sh->devctls;

	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_DEVCTL, &d));
	EXPECT_EQ(EINVAL, errno);
	d.dcmd = RAW_DCMD_NOSYS;
	d.reserved = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_DEVCTL, &d));
	EXPECT_EQ(EINVAL, errno);
	d.reserved = 0;
	d.flags = RESMGR_FIOC_DEVCTL_SERVED;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_DEVCTL, &d));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(devctls, self->srv.sh->devctls);
}

/* devctl() on a file that is not a resmgr file: the command as ioctl(2). */
TEST(devctl_on_a_pipe_is_its_ioctl)
{
	int p[2], n = -1;

	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(3, write(p[1], "abc", 3));
	EXPECT_EQ(EOK, devctl(p[0], FIONREAD, &n, sizeof(n), NULL));
	EXPECT_EQ(3, n);
	EXPECT_EQ(ENOTTY, devctl(p[0], RAW_DCMD_NOSYS, NULL, 0, NULL));
	close(p[0]);
	close(p[1]);
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
