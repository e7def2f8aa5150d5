// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for proto.c: the rules a server's messages must follow.
 */
#include <kunit/test.h>
#include <linux/fcntl.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched.h>

#include "resmgr_i.h"

static void hello_valid(struct kunit *test)
{
	struct resmgr_hello h = {
		.size = sizeof(h),
		.major = RESMGR_VERSION_MAJOR,
		.features = ~0ULL,
	};

	KUNIT_ASSERT_EQ(test, resmgr_hello_negotiate(&h), 0);
	KUNIT_EXPECT_EQ(test, h.minor, RESMGR_VERSION_MINOR);
	/* Unknown feature bits are masked off, not granted. */
	KUNIT_EXPECT_EQ(test, h.features, RESMGR_FEAT_ALL);
	KUNIT_EXPECT_EQ(test, h.in_hdr_size, sizeof(struct resmgr_in_header));
	KUNIT_EXPECT_EQ(test, h.out_hdr_size, sizeof(struct resmgr_out_header));
	KUNIT_EXPECT_GT(test, h.max_inflight, 0ULL);
}

static void hello_bad_major(struct kunit *test)
{
	struct resmgr_hello h = { .size = sizeof(h), .major = 99 };

	KUNIT_EXPECT_EQ(test, resmgr_hello_negotiate(&h), -EPROTO);
}

static void hello_reserved_nonzero(struct kunit *test)
{
	struct resmgr_hello h = { .size = sizeof(h), .major = RESMGR_VERSION_MAJOR };

	h.reserved[3] = 1;
	KUNIT_EXPECT_EQ(test, resmgr_hello_negotiate(&h), -EINVAL);
	h.reserved[3] = 0;
	/* An answer field coming in is overwritten, not refused. */
	h.out_hdr_size = 4;
	KUNIT_EXPECT_EQ(test, resmgr_hello_negotiate(&h), 0);
	KUNIT_EXPECT_EQ(test, h.out_hdr_size, sizeof(struct resmgr_out_header));
}

static void attach_flags_and_mode(struct kunit *test)
{
	struct resmgr_attach at = { .size = sizeof(at), .mode = S_IFCHR | 0666 };
	umode_t mode = 0;

	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, 0, &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)(S_IFCHR | 0666));
	/* Unknown flags, a link id coming in, reserved, BEFORE with AFTER. */
	at.flags = 0x8;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, ~0ULL, &mode), -EINVAL);
	at.flags = 0;
	at.link = 3;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, 0, &mode), -EINVAL);
	at.link = 0;
	at.reserved[2] = 1;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, 0, &mode), -EINVAL);
	at.reserved[2] = 0;
	at.flags = RESMGR_ATTACH_BEFORE | RESMGR_ATTACH_AFTER;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, ~0ULL, &mode), -EINVAL);
	at.flags = 0;
	at.mode = S_IFREG | 0200000;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, 0, &mode), -EINVAL);
	/* Union flags need the feature; DIR does not. */
	at.mode = 0755;
	at.flags = RESMGR_ATTACH_OPAQUE | RESMGR_ATTACH_DIR;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, 0, &mode), -EOPNOTSUPP);
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, RESMGR_FEAT_UNION, &mode),
			0);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)(S_IFDIR | 0755));
	/* A single name is a regular file or else a device-like node. */
	at.flags = 0;
	at.mode = S_IFREG | 0600;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, 0, &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)(S_IFREG | 0600));
	at.mode = S_IFDIR | 0700;
	KUNIT_EXPECT_EQ(test, resmgr_attach_check(&at, 0, &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)(S_IFCHR | 0700));
}

static void out_header_ok(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh), .status = 5 };

	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), 0);
	oh.len = sizeof(oh) + 100;
	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh) + 100), 0);
}

static void out_header_len_mismatch(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh) + 1 };

	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, 8), -EINVAL);
}

static void out_header_bad_error(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh), .error = -5 };

	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), -EINVAL);
	oh.error = 5000;
	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), -EINVAL);
	oh.error = RESMGR_ERRNO_MAX;
	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), 0);
	/* An error reply may not carry data. */
	oh.error = EIO;
	oh.len = sizeof(oh) + 4;
	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh) + 4), -EINVAL);
}

/* The kernel's own codes never come from a server: H2 of the review. */
static void server_error_512_and_above_is_refused(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh) };
	int e;

	for (e = 512; e < MAX_ERRNO + 2; e++) {
		oh.error = e;
		KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)),
				-EINVAL);
	}
	oh.error = EIO;
	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), 0);
}

/* Path-walk control codes are no answer to a connect message. */
static void connect_echild_estale_refused(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh), .error = ECHILD };

	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh, 0, 0),
			-EINVAL);
	oh.error = ESTALE;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_STAT_PATH, &oh, 0, 0),
			-EINVAL);
	/* An I/O message may fail with either. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_READ, &oh, 0, 0), 0);
	oh.error = ENOENT;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh, 0, 0), 0);
}

static void out_header_reserved(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh), .reserved = 1 };

	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), -EINVAL);
	oh.reserved = 0;
	oh.flags = 0x80;
	KUNIT_EXPECT_EQ(test, resmgr_out_header_check(&oh, sizeof(oh)), -EINVAL);
}

static void reply_check_open_needs_body(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh) };
	size_t body = sizeof(struct resmgr_open_out);

	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh, body, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh, body + 8, 0),
			-EINVAL);
	/* An error needs no body. */
	oh.error = ENOENT;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh, 0, 0), 0);
}

static void reply_check_symlink(struct kunit *test)
{
	struct resmgr_out_header oh = { .flags = RESMGR_OUT_F_SYMLINK };

	/* Connect opcodes only, with no body and status 0. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_STAT_PATH, &oh, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPEN, &oh,
						 sizeof(struct resmgr_open_out), 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_READ, &oh, 0, 8), -EINVAL);
	oh.status = 1;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_UNLINK, &oh, 0, 0), -EINVAL);
	oh.status = 0;
	oh.flags |= RESMGR_OUT_F_OFFSET;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_UNLINK, &oh, 0, 0), -EINVAL);
}

static void dirent_check(struct kunit *test)
{
	struct {
		struct resmgr_dirent d;
		char name[8];
	} r = { .d = { .ino = 5, .next = 1, .reclen = 32, .namelen = 3 } };
	struct resmgr_dirent out;

	memcpy(r.name, "abc", 4);
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), 32);
	KUNIT_EXPECT_EQ(test, out.next, 1);
	/* Beyond the data, not a multiple of 8, too short for the name. */
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, 24, &out), -EIO);
	r.d.reclen = 30;
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), -EIO);
	r.d.reclen = 24;
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), -EIO);
	r.d.reclen = 32;
	r.name[1] = '/';
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), -EIO);
	r.name[1] = 'b';
	r.name[3] = 'x';	/* no NUL */
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), -EIO);
	r.name[3] = 0;
	r.d.namelen = 0;
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), -EIO);
	r.d.namelen = 3;
	r.d.reserved[1] = 1;
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), -EIO);
	r.d.reserved[1] = 0;
	r.d.next = -1;
	KUNIT_EXPECT_EQ(test, resmgr_dirent_check(&r, sizeof(r), &out), -EIO);
}

/* What a reply put in its request: bodies, and READ's count. */
static void reply_finish_check_bodies_and_counts(struct kunit *test)
{
	union resmgr_reply_body body = { .open = { .ocb = 1, .mode = S_IFREG } };
	struct resmgr_out_header oh = { .status = 0 };

	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_OPEN, &oh,
							&body, 0), 0);
	body.open.ocb = 0;	/* a grant that could never be closed */
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_OPEN, &oh,
							&body, 0), -EINVAL);
	/* OPENFD's caller judges its body itself: it must give it back. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_OPENFD, &oh,
							&body, 0), 0);
	/* An error or a link to follow brings no body to judge. */
	oh.error = ENOENT;
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_OPEN, &oh,
							&body, 0), 0);
	oh.error = 0;
	oh.flags = RESMGR_OUT_F_SYMLINK;
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_OPEN, &oh,
							&body, 0), 0);
	oh.flags = 0;

	memset(&body, 0, sizeof(body));
	body.stat.mode = S_IFREG | 0644;
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_STAT_PATH, &oh,
							&body, 0), 0);
	body.stat.reserved[0] = 1;
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_STAT, &oh,
							&body, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_STAT_PATH, &oh,
							&body, 0), -EINVAL);

	/* READ: no more bytes counted than arrived, by reply or MSGWRITE. */
	oh.status = 10;
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_READ, &oh,
							NULL, 10), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_READ, &oh,
							NULL, 16), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_READ, &oh,
							NULL, 9), -EINVAL);
	/* DEVCTL's status is ioctl()'s value, not a byte count. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_finish_check(RESMGR_OP_DEVCTL, &oh,
							NULL, 0), 0);
}

static void reply_check_read_bounds(struct kunit *test)
{
	struct resmgr_out_header oh = { .status = 10 };

	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_READ, &oh, 10, 10), 0);
	/* More data, or a larger count, than the client asked for. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_READ, &oh, 11, 10), -EINVAL);
	oh.status = 11;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_READ, &oh, 10, 10), -EINVAL);
	oh.status = -1;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_READ, &oh, 0, 10), -EINVAL);
}

static void reply_check_write_and_events(struct kunit *test)
{
	struct resmgr_out_header oh = { .status = 4 };

	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_WRITE, &oh, 0, 4), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_WRITE, &oh, 0, 3), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_WRITE, &oh, 1, 4), -EINVAL);
	oh.status = 0;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_CLOSE_DUP, &oh, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_CLOSE_DUP, &oh, 8, 0), -EINVAL);
	/* Events take no reply at all. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_CLOSE_OCB, &oh, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_UNBLOCK, &oh, 0, 0), -EINVAL);
}

static void reply_check_devctl(struct kunit *test)
{
	struct resmgr_out_header oh = { .status = 7 };

	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_DEVCTL, &oh, 4, 4), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_DEVCTL, &oh, 0, 0), 0);
	/* More data than the command passes back. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_DEVCTL, &oh, 5, 4), -EINVAL);
	/* A negative value would read as an error; those go in ->error. */
	oh.status = -1;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_DEVCTL, &oh, 0, 0), -EINVAL);
	oh.status = (s64)INT_MAX + 1;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_DEVCTL, &oh, 0, 0), -EINVAL);
	KUNIT_EXPECT_TRUE(test, resmgr_has_reply_data(RESMGR_OP_DEVCTL));
	KUNIT_EXPECT_FALSE(test, resmgr_has_reply_data(RESMGR_OP_WRITE));
}

static void reply_body_len_new_opcodes(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, resmgr_reply_body_len(RESMGR_OP_LOCK),
			sizeof(struct resmgr_lock_out));
	KUNIT_EXPECT_EQ(test, resmgr_reply_body_len(RESMGR_OP_OPENFD),
			sizeof(struct resmgr_open_out));
	KUNIT_EXPECT_EQ(test, resmgr_reply_body_len(RESMGR_OP_FDINFO), 0U);
	KUNIT_EXPECT_EQ(test, resmgr_reply_body_len(RESMGR_OP_MSG), 0U);
	KUNIT_EXPECT_EQ(test, resmgr_reply_body_len(RESMGR_OP_COMBINE), 0U);
}

static void reply_check_lock_and_openfd_bodies(struct kunit *test)
{
	struct resmgr_out_header oh = { .len = sizeof(oh) };
	size_t lock = sizeof(struct resmgr_lock_out);
	size_t open = sizeof(struct resmgr_open_out);

	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_LOCK, &oh, lock, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_LOCK, &oh, 0, 0), -EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_LOCK, &oh, lock + 8, 0),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPENFD, &oh, open, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPENFD, &oh, lock, 0),
			-EINVAL);
	/* EAGAIN, EDEADLK, EACCES: errors carry no body. */
	oh.error = EAGAIN;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_LOCK, &oh, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_OPENFD, &oh, 0, 0), 0);
}

static void reply_check_msg_and_fdinfo_data(struct kunit *test)
{
	struct resmgr_out_header oh = { .status = 3 };
	static const u16 ops[] = { RESMGR_OP_MSG, RESMGR_OP_FDINFO };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		oh.status = 3;
		KUNIT_EXPECT_EQ(test, resmgr_reply_check(ops[i], &oh, 16, 16), 0);
		KUNIT_EXPECT_EQ(test, resmgr_reply_check(ops[i], &oh, 0, 16), 0);
		KUNIT_EXPECT_EQ(test, resmgr_reply_check(ops[i], &oh, 17, 16),
				-EINVAL);
		oh.status = -1;
		KUNIT_EXPECT_EQ(test, resmgr_reply_check(ops[i], &oh, 0, 16),
				-EINVAL);
		/* MSGWRITE may fill their reply buffers. */
		KUNIT_EXPECT_TRUE(test, resmgr_has_reply_data(ops[i]));
	}
	KUNIT_EXPECT_FALSE(test, resmgr_has_reply_data(RESMGR_OP_LOCK));
	KUNIT_EXPECT_FALSE(test, resmgr_has_reply_data(RESMGR_OP_PATHCONF));
}

static void reply_check_status_only(struct kunit *test)
{
	static const u16 ops[] = {
		RESMGR_OP_SPACE, RESMGR_OP_SYNC, RESMGR_OP_CHMOD,
		RESMGR_OP_CHOWN, RESMGR_OP_UTIME, RESMGR_OP_COMBINE,
	};
	struct resmgr_out_header oh = {};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		oh.status = 4096;
		KUNIT_EXPECT_EQ(test, resmgr_reply_check(ops[i], &oh, 0, 0), 0);
		KUNIT_EXPECT_EQ(test, resmgr_reply_check(ops[i], &oh, 8, 0), -EINVAL);
		oh.status = -1;
		KUNIT_EXPECT_EQ(test, resmgr_reply_check(ops[i], &oh, 0, 0), -EINVAL);
	}
	/* PATHCONF's -1 is "no limit"; below that is no value at all. */
	oh.status = -1;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_PATHCONF, &oh, 0, 0), 0);
	oh.status = 255;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_PATHCONF, &oh, 0, 0), 0);
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_PATHCONF, &oh, 8, 0),
			-EINVAL);
	oh.status = -2;
	KUNIT_EXPECT_EQ(test, resmgr_reply_check(RESMGR_OP_PATHCONF, &oh, 0, 0),
			-EINVAL);
}

static void open_out_flags(struct kunit *test)
{
	struct resmgr_open_out out = { .ocb = 1, .flags = RESMGR_OPEN_NONSEEKABLE };

	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), 0);
	out.flags = 0x80;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
	out.flags = 0x10;	/* the next flag: unknown yet */
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
	/* "Created" says it all by itself: no field goes with it. */
	out.flags = RESMGR_OPEN_CREATED;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), 0);
	out.flags = 0;
	out.mode = S_IFDIR | 0755;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), 0);
	out.mode = 0755;	/* permissions without a type */
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
	out.mode = S_IFREG | 0100000000;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
}

/*
 * The reserved tails of the bodies that may grow: zero until a feature
 * bit gives them meaning, so a server cannot fill them early.
 */
static void reply_body_reserved_tails(struct kunit *test)
{
	struct resmgr_open_out out = { .ocb = 1, .mode = S_IFREG | 0644 };
	struct resmgr_stat st = { .mode = S_IFREG | 0644 };

	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), 0);
	/* A node only with its flag, and the flag only with a node. */
	out.node = 1;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
	out.flags = RESMGR_OPEN_NODE;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), 0);
	out.node = 0;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
	out.flags = 0;
	/* A size only with the flag that says it is one. */
	out.size = 4096;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
	out.flags = RESMGR_OPEN_SIZE;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), 0);
	KUNIT_EXPECT_EQ(test, resmgr_stat_check(&st), 0);
	st.reserved[3] = 1ULL << 63;
	KUNIT_EXPECT_EQ(test, resmgr_stat_check(&st), -EINVAL);
	/* The body sizes the kernel asks for include the tails. */
	KUNIT_EXPECT_EQ(test, resmgr_reply_body_len(RESMGR_OP_STAT), 120U);
	KUNIT_EXPECT_EQ(test, resmgr_reply_body_len(RESMGR_OP_OPEN), 32U);
}

/* L7: 0 means "not granted" to the kernel. */
static void open_out_ocb_zero_refused(struct kunit *test)
{
	struct resmgr_open_out out = { .ocb = 0 };

	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), -EINVAL);
	out.ocb = 1;
	KUNIT_EXPECT_EQ(test, resmgr_open_out_check(&out), 0);
	/* A STAT_PATH reply's mode has no handle to go with it. */
	KUNIT_EXPECT_EQ(test, resmgr_mode_check(S_IFDIR | 0755), 0);
	KUNIT_EXPECT_EQ(test, resmgr_mode_check(0755), -EINVAL);
}

/* STAT's mode as an inode's: untyped is a regular file, junk is refused. */
static void server_mode_types(struct kunit *test)
{
	umode_t mode = 0;

	KUNIT_EXPECT_EQ(test, resmgr_server_mode(0, &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)S_IFREG);
	KUNIT_EXPECT_EQ(test, resmgr_server_mode(0640, &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)(S_IFREG | 0640));
	KUNIT_EXPECT_EQ(test, resmgr_server_mode(S_IFLNK | 0777, &mode), 0);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)(S_IFLNK | 0777));
	/* Refused: no file type, bits above the type; @out untouched. */
	mode = 1;
	KUNIT_EXPECT_EQ(test, resmgr_server_mode(S_IFMT, &mode), -EIO);
	KUNIT_EXPECT_EQ(test, resmgr_server_mode(S_IFDIR | 0200000, &mode),
			-EIO);
	KUNIT_EXPECT_EQ(test, mode, (umode_t)1);
}

/* A link's target is a path: no NUL inside what the status counts. */
static void readlink_target_has_no_nul(struct kunit *test)
{
	static const char ok[] = "a/b";
	static const char cut[] = "a\0b";

	KUNIT_EXPECT_EQ(test, resmgr_readlink_check(ok, 3), 0);
	KUNIT_EXPECT_EQ(test, resmgr_readlink_check(ok, 1), 0);
	KUNIT_EXPECT_EQ(test, resmgr_readlink_check(cut, 3), -EIO);
	/* A status that counts the string's own NUL counts one too many. */
	KUNIT_EXPECT_EQ(test, resmgr_readlink_check(ok, sizeof(ok)), -EIO);
	/* Only the counted bytes are judged. */
	KUNIT_EXPECT_EQ(test, resmgr_readlink_check(cut, 1), 0);
}

static void fdinfo_reply_carries_the_info(struct kunit *test)
{
	size_t info = sizeof(struct resmgr_fdinfo);

	KUNIT_EXPECT_EQ(test, resmgr_fdinfo_reply_check(info), 0);
	KUNIT_EXPECT_EQ(test, resmgr_fdinfo_reply_check(info + 5), 0);
	KUNIT_EXPECT_EQ(test, resmgr_fdinfo_reply_check(info - 1), -EIO);
	KUNIT_EXPECT_EQ(test, resmgr_fdinfo_reply_check(0), -EIO);
}

/* A server reports readiness, never that the wait queue goes away. */
static void notify_only_readiness(struct kunit *test)
{
	struct resmgr_notify n = {
		.size = sizeof(n), .kh = 1,
		.events = (__force u32)(EPOLLIN | EPOLLOUT | EPOLLHUP |
					EPOLLRDHUP),
	};

	KUNIT_EXPECT_EQ(test, resmgr_notify_check(&n), 0);
	n.events = (__force u32)POLLFREE;
	KUNIT_EXPECT_EQ(test, resmgr_notify_check(&n), -EINVAL);
	n.events = (__force u32)(EPOLLIN | EPOLLET);
	KUNIT_EXPECT_EQ(test, resmgr_notify_check(&n), -EINVAL);
	n.events = (__force u32)EPOLLIN;
	n.reserved = 1;
	KUNIT_EXPECT_EQ(test, resmgr_notify_check(&n), -EINVAL);
}

static void lock_out_ranges(struct kunit *test)
{
	struct resmgr_lock_out lo = { .type = F_WRLCK, .pid = 9, .start = 10 };

	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), 0);	/* to EOF */
	lo.len = 5;
	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), 0);
	lo.type = 7;
	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), -EINVAL);
	lo.type = F_RDLCK;
	lo.start = -1;
	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), -EINVAL);
	lo.start = S64_MAX;
	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), -EINVAL);
	lo.start = 0;
	lo.len = -3;
	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), -EINVAL);
	/* "No conflict" needs no range. */
	lo.type = F_UNLCK;
	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), 0);
	lo.reserved = 1;
	KUNIT_EXPECT_EQ(test, resmgr_lock_out_check(&lo), -EINVAL);
}

static void ioflag_is_access_plus_one(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, resmgr_ioflag_encode(O_RDONLY), RESMGR_IOFLAG_READ);
	KUNIT_EXPECT_EQ(test, resmgr_ioflag_encode(O_WRONLY), RESMGR_IOFLAG_WRITE);
	KUNIT_EXPECT_EQ(test, resmgr_ioflag_encode(O_RDWR),
			RESMGR_IOFLAG_READ | RESMGR_IOFLAG_WRITE);
	KUNIT_EXPECT_EQ(test, resmgr_ioflag_encode(O_RDWR | O_APPEND | O_NONBLOCK),
			RESMGR_IOFLAG_READ | RESMGR_IOFLAG_WRITE | O_APPEND | O_NONBLOCK);
	/* Linux's "neither" access mode asks for no access. */
	KUNIT_EXPECT_EQ(test, resmgr_ioflag_encode(O_ACCMODE), 0U);
}

/* Senders lend what they run at, up or down; never a deadline. */
static void sched_inherit_policies(struct kunit *test)
{
	struct resmgr_sched s = { .policy = SCHED_FIFO, .rt_prio = 42 }, o;

	KUNIT_ASSERT_TRUE(test, resmgr_sched_inherit(&s, &o));
	KUNIT_EXPECT_EQ(test, o.policy, (u32)SCHED_FIFO);
	KUNIT_EXPECT_EQ(test, o.rt_prio, 42U);
	/* A child the receiver forks does not keep what it was lent. */
	KUNIT_EXPECT_TRUE(test, o.reset_on_fork);

	s = (struct resmgr_sched){ .policy = SCHED_NORMAL, .nice = -5 };
	KUNIT_ASSERT_TRUE(test, resmgr_sched_inherit(&s, &o));
	KUNIT_EXPECT_EQ(test, o.policy, (u32)SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, o.nice, -5);
	KUNIT_EXPECT_EQ(test, o.rt_prio, 0U);

	s = (struct resmgr_sched){ .policy = SCHED_IDLE };
	KUNIT_ASSERT_TRUE(test, resmgr_sched_inherit(&s, &o));
	KUNIT_EXPECT_EQ(test, o.policy, (u32)SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, o.nice, 19);

	s = (struct resmgr_sched){ .policy = SCHED_DEADLINE };
	KUNIT_EXPECT_FALSE(test, resmgr_sched_inherit(&s, &o));
	/* An out-of-range real-time priority is no priority. */
	s = (struct resmgr_sched){ .policy = SCHED_RR, .rt_prio = 100 };
	KUNIT_EXPECT_FALSE(test, resmgr_sched_inherit(&s, &o));
}

/* A pulse lends no more than its sender could set for itself. */
static void pulse_sched_clamped(struct kunit *test)
{
	struct resmgr_sched other = { .policy = SCHED_NORMAL, .nice = 3 };
	struct resmgr_sched fifo = { .policy = SCHED_FIFO, .rt_prio = 20 };
	struct resmgr_sched o;

	/* No RLIMIT_RTPRIO, no CAP_SYS_NICE: its own scheduling. */
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(50, &other, 0, &o));
	KUNIT_EXPECT_EQ(test, o.policy, (u32)SCHED_NORMAL);
	KUNIT_EXPECT_EQ(test, o.nice, 3);
	/* RLIMIT_RTPRIO 10: up to FIFO 10. */
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(50, &other, 10, &o));
	KUNIT_EXPECT_EQ(test, o.policy, (u32)SCHED_FIFO);
	KUNIT_EXPECT_EQ(test, o.rt_prio, 10U);
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(7, &other, 10, &o));
	KUNIT_EXPECT_EQ(test, o.rt_prio, 7U);
	/* A real-time sender may lend up to its own priority, or lower. */
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(30, &fifo, 0, &o));
	KUNIT_EXPECT_EQ(test, o.rt_prio, 20U);
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(5, &fifo, 0, &o));
	KUNIT_EXPECT_EQ(test, o.rt_prio, 5U);
	/* CAP_SYS_NICE (99 from the caller); QNX's 255 is FIFO 99. */
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(255, &other, 99, &o));
	KUNIT_EXPECT_EQ(test, o.rt_prio, 99U);
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(255, &other, 1000, &o));
	KUNIT_EXPECT_EQ(test, o.rt_prio, 99U);
	/* 0 or less: the sender's own. */
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(-1, &fifo, 99, &o));
	KUNIT_EXPECT_EQ(test, o.policy, (u32)SCHED_FIFO);
	KUNIT_EXPECT_EQ(test, o.rt_prio, 20U);
	KUNIT_ASSERT_TRUE(test, resmgr_pulse_sched(0, &other, 99, &o));
	KUNIT_EXPECT_EQ(test, o.policy, (u32)SCHED_NORMAL);
}

static struct kunit_case resmgr_proto_cases[] = {
	KUNIT_CASE(hello_valid),
	KUNIT_CASE(hello_bad_major),
	KUNIT_CASE(hello_reserved_nonzero),
	KUNIT_CASE(attach_flags_and_mode),
	KUNIT_CASE(out_header_ok),
	KUNIT_CASE(out_header_len_mismatch),
	KUNIT_CASE(out_header_bad_error),
	KUNIT_CASE(out_header_reserved),
	KUNIT_CASE(server_error_512_and_above_is_refused),
	KUNIT_CASE(connect_echild_estale_refused),
	KUNIT_CASE(open_out_ocb_zero_refused),
	KUNIT_CASE(reply_check_open_needs_body),
	KUNIT_CASE(reply_check_symlink),
	KUNIT_CASE(dirent_check),
	KUNIT_CASE(reply_finish_check_bodies_and_counts),
	KUNIT_CASE(reply_check_read_bounds),
	KUNIT_CASE(reply_check_write_and_events),
	KUNIT_CASE(reply_check_devctl),
	KUNIT_CASE(reply_body_len_new_opcodes),
	KUNIT_CASE(reply_check_lock_and_openfd_bodies),
	KUNIT_CASE(reply_check_msg_and_fdinfo_data),
	KUNIT_CASE(reply_check_status_only),
	KUNIT_CASE(open_out_flags),
	KUNIT_CASE(reply_body_reserved_tails),
	KUNIT_CASE(server_mode_types),
	KUNIT_CASE(readlink_target_has_no_nul),
	KUNIT_CASE(fdinfo_reply_carries_the_info),
	KUNIT_CASE(notify_only_readiness),
	KUNIT_CASE(lock_out_ranges),
	KUNIT_CASE(ioflag_is_access_plus_one),
	KUNIT_CASE(sched_inherit_policies),
	KUNIT_CASE(pulse_sched_clamped),
	{}
};

static struct kunit_suite resmgr_proto_suite = {
	.name = "resmgr_proto",
	.test_cases = resmgr_proto_cases,
};

kunit_test_suite(resmgr_proto_suite);

MODULE_DESCRIPTION("KUnit tests for resmgr protocol validation");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS(EXPORTED_FOR_KUNIT_TESTING);
