// SPDX-License-Identifier: GPL-2.0
/*
 * The channel ioctls keep the promises of uapi "General ioctl format":
 * numbers without sizes, a size prefix that lets an older, smaller and
 * a newer, larger struct work as the rules say, HELLO before anything
 * else, and behaviour only behind the features a HELLO granted.
 */
#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <linux/resmgr.h>

#include "kselftest_harness.h"

#define offsetofend(t, m) (offsetof(t, m) + sizeof(((t *)0)->m))

/* Room for any channel ioctl's struct and a tail past it. */
union arg {
	struct resmgr_hello hello;
	unsigned char bytes[256];
};

FIXTURE(abi) {
	int fd;
};

FIXTURE_SETUP(abi)
{
	self->fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	if (self->fd < 0 && errno == ENOENT)
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(abi)
{
	if (self->fd >= 0)
		close(self->fd);
}

static int hello(int fd, uint64_t features)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
		.features = features,
	};

	return ioctl(fd, RESMGR_IOC_HELLO, &h);
}

/* Every channel ioctl, with the size of its struct. */
static const struct {
	const char *name;
	unsigned long cmd;
	size_t size;
} chan_ioctls[] = {
	{ "ATTACH", RESMGR_IOC_ATTACH, sizeof(struct resmgr_attach) },
	{ "DETACH", RESMGR_IOC_DETACH, sizeof(struct resmgr_detach) },
	{ "XFER", RESMGR_IOC_XFER, sizeof(struct resmgr_xfer) },
	{ "MSGREAD", RESMGR_IOC_MSGREAD, sizeof(struct resmgr_msgio) },
	{ "MSGWRITE", RESMGR_IOC_MSGWRITE, sizeof(struct resmgr_msgio) },
	{ "MSGINFO", RESMGR_IOC_MSGINFO, sizeof(struct resmgr_msginfo) },
	{ "BIND", RESMGR_IOC_BIND, sizeof(struct resmgr_bind) },
	{ "NOTIFY", RESMGR_IOC_NOTIFY, sizeof(struct resmgr_notify) },
	{ "CHANNEL", RESMGR_IOC_CHANNEL, sizeof(struct resmgr_channel) },
	{ "DELIVER", RESMGR_IOC_DELIVER, sizeof(struct resmgr_deliver) },
	{ "CLIENTINFO", RESMGR_IOC_CLIENTINFO,
	  sizeof(struct resmgr_clientinfo) },
	{ "MOUNT", RESMGR_IOC_MOUNT, sizeof(struct resmgr_mount) },
};

#define N_IOCTLS (sizeof(chan_ioctls) / sizeof(chan_ioctls[0]))

TEST_F(abi, ioctl_numbers_carry_no_size)
{
	EXPECT_EQ(0, _IOC_SIZE(RESMGR_IOC_HELLO));
	EXPECT_EQ(_IOC_NONE, _IOC_DIR(RESMGR_IOC_HELLO));
	for (size_t i = 0; i < N_IOCTLS; i++) {
		EXPECT_EQ(0, _IOC_SIZE(chan_ioctls[i].cmd)) TH_LOG("%s", chan_ioctls[i].name);
		EXPECT_EQ(RESMGR_IOC_MAGIC, _IOC_TYPE(chan_ioctls[i].cmd));
	}
	/* Version 1's numbers, with a size in them, are no ioctl now. */
	struct resmgr_hello h = { .size = sizeof(h), .major = RESMGR_VERSION_MAJOR };

	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(RESMGR_IOC_MAGIC, 0x00,
					    struct resmgr_hello), &h));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(abi, every_ioctl_but_hello_needs_a_hello_first)
{
	union arg a;

	for (size_t i = 0; i < N_IOCTLS; i++) {
		memset(&a, 0, sizeof(a));
		*(uint32_t *)&a = chan_ioctls[i].size;
		EXPECT_EQ(-1, ioctl(self->fd, chan_ioctls[i].cmd, &a));
		EXPECT_EQ(EPROTO, errno) TH_LOG("%s before HELLO", chan_ioctls[i].name);
	}
	/* Not an ioctl at all stays ENOTTY, HELLO or not. */
	EXPECT_EQ(-1, ioctl(self->fd, _IO(RESMGR_IOC_MAGIC, 0x3f), &a));
	EXPECT_EQ(ENOTTY, errno);

	/* A refused HELLO opens nothing. */
	a.hello = (struct resmgr_hello){ .size = sizeof(a.hello),
					 .major = RESMGR_VERSION_MAJOR + 1 };
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_HELLO, &a));
	EXPECT_EQ(EPROTO, errno);
	memset(&a, 0, sizeof(a));
	*(uint32_t *)&a = sizeof(struct resmgr_xfer);
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_XFER, &a));
	EXPECT_EQ(EPROTO, errno);

	ASSERT_EQ(0, hello(self->fd, 0));
	/* Now XFER runs: no receive buffer, no reply, nothing to do. */
	EXPECT_EQ(0, ioctl(self->fd, RESMGR_IOC_XFER, &a));
}

/*
 * An older library's smaller struct: the fields it lacks are zero, and
 * the kernel writes back no more than it has room for.
 */
TEST_F(abi, smaller_hello_is_zero_extended_and_not_overrun)
{
	const size_t v0 = offsetofend(struct resmgr_hello, features);
	union arg a;

	memset(&a, 0xa5, sizeof(a));
	a.hello.size = v0;
	a.hello.major = RESMGR_VERSION_MAJOR;
	a.hello.minor = 0;
	a.hello.features = 0;
	ASSERT_EQ(0, ioctl(self->fd, RESMGR_IOC_HELLO, &a));
	EXPECT_EQ(v0, a.hello.size);
	EXPECT_EQ(RESMGR_VERSION_MINOR, a.hello.minor);
	for (size_t i = v0; i < sizeof(a); i++) {
		size_t at = i;

		ASSERT_EQ(0xa5, a.bytes[at]) TH_LOG("byte %zu written", at);
	}

	/* Smaller than the first version: refused. */
	a.hello.size = v0 - 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_HELLO, &a));
	EXPECT_EQ(EINVAL, errno);
}

/* A newer library's larger struct: fine while the tail is zero. */
TEST_F(abi, larger_hello_with_a_zero_tail_is_accepted)
{
	union arg a;

	memset(&a, 0, sizeof(a));
	a.hello.size = sizeof(a.hello) + 32;
	a.hello.major = RESMGR_VERSION_MAJOR;
	ASSERT_EQ(0, ioctl(self->fd, RESMGR_IOC_HELLO, &a));
	/* The answer says how much of it the kernel knows and filled. */
	EXPECT_EQ(sizeof(a.hello), a.hello.size);
	EXPECT_EQ(sizeof(struct resmgr_in_header), a.hello.in_hdr_size);
	for (size_t i = sizeof(a.hello); i < sizeof(a); i++)
		ASSERT_EQ(0, a.bytes[i]);
}

TEST_F(abi, larger_struct_with_a_nonzero_tail_is_e2big)
{
	union arg a;

	memset(&a, 0, sizeof(a));
	a.hello.size = sizeof(a.hello) + 8;
	a.hello.major = RESMGR_VERSION_MAJOR;
	a.bytes[sizeof(a.hello) + 3] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_HELLO, &a));
	EXPECT_EQ(E2BIG, errno);

	ASSERT_EQ(0, hello(self->fd, 0));
	for (size_t i = 0; i < N_IOCTLS; i++) {
		memset(&a, 0, sizeof(a));
		*(uint32_t *)&a = chan_ioctls[i].size + 8;
		a.bytes[chan_ioctls[i].size + 5] = 1;
		EXPECT_EQ(-1, ioctl(self->fd, chan_ioctls[i].cmd, &a));
		EXPECT_EQ(E2BIG, errno) TH_LOG("%s", chan_ioctls[i].name);
	}
}

TEST_F(abi, struct_smaller_than_its_first_version_is_einval)
{
	union arg a;

	ASSERT_EQ(0, hello(self->fd, 0));
	for (size_t i = 0; i < N_IOCTLS; i++) {
		memset(&a, 0, sizeof(a));
		*(uint32_t *)&a = 4;
		EXPECT_EQ(-1, ioctl(self->fd, chan_ioctls[i].cmd, &a));
		EXPECT_EQ(EINVAL, errno) TH_LOG("%s", chan_ioctls[i].name);
	}
}

TEST_F(abi, unknown_features_are_not_granted)
{
	struct resmgr_hello h = {
		.size = sizeof(h), .major = RESMGR_VERSION_MAJOR,
		.features = ~0ULL,
	};

	ASSERT_EQ(0, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(RESMGR_FEAT_UNION | RESMGR_FEAT_IPC | RESMGR_FEAT_OPEN_SIZE |
		  RESMGR_FEAT_PRIO | RESMGR_FEAT_OPEN_NODE | RESMGR_FEAT_SENDER |
		  RESMGR_FEAT_OPEN_CREATED | RESMGR_FEAT_RAW_MSG,
		  h.features);
	/*
	 * A HELLO again decides anew; the answer it got may go back in as
	 * it is (its answer fields are not read).
	 */
	h.features = 0;
	ASSERT_EQ(0, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(0, h.features);
}

/*
 * A union flag means something only to a server that asked for unions;
 * one that did not gets EOPNOTSUPP, never a silent union.  A flag no
 * kernel defines is EINVAL.
 */
TEST_F(abi, union_flags_need_the_union_feature)
{
	struct resmgr_attach at = {
		.size = sizeof(at), .mode = S_IFDIR | 0755,
		.flags = RESMGR_ATTACH_DIR | RESMGR_ATTACH_BEFORE,
	};
	struct resmgr_detach d = { .size = sizeof(d) };

	ASSERT_EQ(0, hello(self->fd, 0));
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_ATTACH, &at));
	EXPECT_EQ(EOPNOTSUPP, errno);
	at.flags = RESMGR_ATTACH_OPAQUE;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_ATTACH, &at));
	EXPECT_EQ(EOPNOTSUPP, errno);
	at.flags = RESMGR_ATTACH_DIR | 0x8;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_ATTACH, &at));
	EXPECT_EQ(EINVAL, errno);

	ASSERT_EQ(0, hello(self->fd, RESMGR_FEAT_UNION));
	at.flags = RESMGR_ATTACH_DIR | RESMGR_ATTACH_BEFORE;
	ASSERT_EQ(0, ioctl(self->fd, RESMGR_IOC_ATTACH, &at));
	EXPECT_NE(0, at.link);
	d.link = at.link;
	EXPECT_EQ(0, ioctl(self->fd, RESMGR_IOC_DETACH, &d));
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_DETACH, &d));
	EXPECT_EQ(ENOENT, errno);
}

TEST_F(abi, reserved_fields_must_be_zero)
{
	struct resmgr_detach d = { .size = sizeof(d), .link = 1, .reserved = 1 };
	struct resmgr_notify n = { .size = sizeof(n), .kh = 1, .reserved = 1 };
	struct resmgr_bind b = { .size = sizeof(b), .reserved = 1 };
	struct resmgr_msginfo mi = { .size = sizeof(mi), .unique = 1 };

	ASSERT_EQ(0, hello(self->fd, 0));
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_DETACH, &d));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_NOTIFY, &n));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_BIND, &b));
	EXPECT_EQ(EINVAL, errno);
	mi.reserved[1] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(EINVAL, errno);
	/* Well formed, naming nothing: the errors of the ioctls themselves. */
	d.reserved = 0;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_DETACH, &d));
	EXPECT_EQ(ENOENT, errno);
	n.reserved = 0;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_NOTIFY, &n));
	EXPECT_EQ(ESRCH, errno);
	mi.reserved[1] = 0;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(ESRCH, errno);
}

/*
 * MSGINFO's sender fields need RESMGR_FEAT_SENDER: asking for groups
 * without it is EOPNOTSUPP, and a malformed ask is EINVAL either way.
 */
TEST_F(abi, msginfo_sender_needs_its_feature)
{
	__u32 groups[1];
	struct resmgr_msginfo mi = {
		.size = sizeof(mi), .unique = 1,
		.groups = (uintptr_t)groups, .groups_max = 1,
	};

	ASSERT_EQ(0, hello(self->fd, 0));
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(EOPNOTSUPP, errno);
	ASSERT_EQ(0, hello(self->fd, RESMGR_FEAT_SENDER));
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(ESRCH, errno);
	mi.groups = 0;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(EINVAL, errno);
	mi.groups_max = 0;
	mi.reserved2 = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_MSGINFO, &mi));
	EXPECT_EQ(EINVAL, errno);
}

TEST_HARNESS_MAIN
