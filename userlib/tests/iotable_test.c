// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rest of the I/O table: translating SYNC, SPACE, CHMOD, CHOWN,
 * UTIME, PATHCONF, OPENFD, FDINFO and MSG (and COMBINE) into the QNX
 * messages, the replies the kernel gets for them, their iofunc defaults,
 * and the client calls behind RESMGR_FIOC_*.
 */
#include <limits.h>
#include <sys/ioctl.h>

#include "testlib.h"
#include "kselftest_harness.h"

static const struct test_client owner = { 1000, 1000, NULL, 0 };
static const struct test_client other = { 2000, 2000, NULL, 0 };
static const struct test_client rootc = { 0, 0, NULL, 0 };

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static iofunc_mount_t mountpoint;
static struct rm_ctx *ctx;
static unsigned char m[4096];

/* What the recording handlers saw. */
static struct {
	int calls;
	uint16_t type;
	unsigned char msg[128];
	int rcvid;
	int close_ocbs;
	size_t size;
} seen;

static int rec(resmgr_context_t *ctp, void *msg, size_t len)
{
	seen.calls++;
	seen.rcvid = ctp->rcvid;
	seen.size = ctp->size;
	memcpy(&seen.type, msg, sizeof(seen.type));
	memcpy(seen.msg, msg, len < sizeof(seen.msg) ? len : sizeof(seen.msg));
	return EOK;
}

static int r_close_ocb(resmgr_context_t *ctp, void *reserved,
		       RESMGR_OCB_T *ocb)
{
	seen.close_ocbs++;
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

#define REC_HANDLER(name, T)						\
	static int r_##name(resmgr_context_t *ctp, T *msg, RESMGR_OCB_T *o) \
	{								\
		return rec(ctp, msg, sizeof(msg->i) + 64);		\
	}
REC_HANDLER(chmod, io_chmod_t)
REC_HANDLER(chown, io_chown_t)
REC_HANDLER(utime, io_utime_t)
REC_HANDLER(sync, io_sync_t)
REC_HANDLER(pathconf, io_pathconf_t)
REC_HANDLER(lock, io_lock_t)

static int r_space(resmgr_context_t *ctp, io_space_t *msg, RESMGR_OCB_T *ocb)
{
	int err = iofunc_space_verify(ctp, msg, ocb, NULL);

	rec(ctp, msg, sizeof(msg->i));
	if (err)
		return err;
	if (msg->i.subtype == F_FREESP64 && msg->i.len == 0)
		ocb->attr->nbytes = msg->i.start;
	_IO_SET_SPACE_SIZE(ctp, ocb->attr->nbytes);
	return EOK;
}

/* A private message: echo the data reversed, status = its length. */
static int r_msg(resmgr_context_t *ctp, io_msg_t *msg, RESMGR_OCB_T *ocb)
{
	static char out[64];
	char in[64];
	ssize_t n;
	int i;

	rec(ctp, msg, sizeof(msg->i) + 5);
	if (msg->i.mgrid != _IOMGR_PRIVATE_BASE + 1)
		return ENOSYS;
	n = resmgr_msgread(ctp, in, sizeof(in), sizeof(msg->i));
	for (i = 0; i < n; i++)
		out[i] = in[n - 1 - i];
	_RESMGR_STATUS(ctp, n + 100);
	return _RESMGR_PTR(ctp, out, n);
}

static size_t mk_io(void *buf, uint16_t opcode, uint64_t unique, uint64_t h,
		    const void *body, size_t blen)
{
	memcpy((unsigned char *)buf + sizeof(struct resmgr_in_header), body,
	       blen);
	mk_in(buf, opcode, unique, h, sizeof(struct resmgr_in_header) + blen);
	return sizeof(struct resmgr_in_header) + blen;
}

static const struct resmgr_out_header *send_io(uint16_t opcode,
					       uint64_t unique, uint64_t h,
					       const void *body, size_t blen)
{
	deliver(ctx, m, mk_io(m, opcode, unique, h, body, blen));
	return pending_reply(ctx);
}

static uint64_t open_as(const struct test_client *cl, uint64_t unique,
			uint32_t ioflag)
{
	size_t len;

	len = mk_connect(m, RESMGR_OP_OPEN, unique, ioflag,
			 ioflag & RESMGR_IOFLAG_ACCMODE, 0, cl, "sub");
	deliver(ctx, m, len);
	return open_reply_handle(ctx);
}

/* Close an open as the kernel does on the last close(2). */
static void close_open(uint64_t h)
{
	mk_in(m, RESMGR_OP_CLOSE_DUP, 999, h, sizeof(struct resmgr_in_header));
	((struct resmgr_in_header *)m)->flags |= RESMGR_IN_F_LAST;
	deliver(ctx, m, sizeof(struct resmgr_in_header));
}

static void reset_attr(mode_t mode)
{
	iofunc_attr_init(&attr, mode, NULL, NULL);
	attr.uid = 1000;
	attr.gid = 1000;
	attr.mount = &mountpoint;
	attr.nbytes = 100;
}

/* The server: recording handlers for the I/O table, on attr. */
FIXTURE(server) {};

FIXTURE_SETUP(server)
{
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.close_ocb = r_close_ocb;
	io_funcs.chmod = r_chmod;
	io_funcs.chown = r_chown;
	io_funcs.utime = r_utime;
	io_funcs.sync = r_sync;
	io_funcs.space = r_space;
	io_funcs.pathconf = r_pathconf;
	io_funcs.lock = r_lock;
	io_funcs.msg = r_msg;
	ctx = test_server(&connect_funcs, &io_funcs, &attr, NULL);
	ctx->dpp->links->path = "/test";
}

FIXTURE_TEARDOWN(server)
{
}

TEST_F(server, requests_translate_into_qnx_io_messages)
{
	const struct resmgr_out_header *out;
	struct resmgr_chmod_in cm = { .mode = 04751 };
	struct resmgr_chown_in co = { .uid = 5, .gid = RESMGR_ID_UNCHANGED };
	struct resmgr_utime_in ut = { .atime_sec = 11, .mtime_sec = 22,
				      .atime_nsec = 33, .mtime_nsec = 44,
				      .flags = RESMGR_UTIME_MTIME };
	struct resmgr_sync_in sy = { .flags = RESMGR_SYNC_DATA };
	struct resmgr_space_in sp = { .cmd = RESMGR_SPACE_ALLOC,
				      .flags = RESMGR_SPACE_KEEP_SIZE,
				      .start = 7, .len = 9 };
	struct resmgr_pathconf_in pc = { .name = _PC_NAME_MAX };
	struct resmgr_lock_in lk = { .cmd = RESMGR_LOCK_SETW, .type = F_WRLCK,
				     .flags = RESMGR_LOCK_OFD, .start = 10,
				     .len = 5, .owner = 77, .pid = 4321 };
	const struct _io_chmod *qcm = (const void *)seen.msg;
	const struct _io_chown *qco = (const void *)seen.msg;
	const struct _io_utime *qut = (const void *)seen.msg;
	const struct _io_sync *qsy = (const void *)seen.msg;
	const struct _io_space *qsp = (const void *)seen.msg;
	const struct _io_pathconf *qpc = (const void *)seen.msg;
	const struct _io_lock *qlk = (const void *)seen.msg;
	const flock_t *fl = (const void *)(seen.msg + sizeof(*qlk));
	uint64_t h;

	reset_attr(S_IFREG | 0644);
	h = open_as(&owner, 1, O_RDWR + 1);
	ASSERT_NE(0, h);

	out = send_io(RESMGR_OP_CHMOD, 2, h, &cm, sizeof(cm));
	/* CHMOD -> io_chmod_t */
	EXPECT_TRUE(out && !out->error && seen.type == _IO_CHMOD &&
		    qcm->mode == 04751 && qcm->combine_len == sizeof(*qcm));
	cm.mode = 010000;
	out = send_io(RESMGR_OP_CHMOD, 3, h, &cm, sizeof(cm));
	/* CHMOD with type bits: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	out = send_io(RESMGR_OP_CHMOD, 3, h, &cm, 4);
	/* short CHMOD body: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);

	send_io(RESMGR_OP_CHOWN, 4, h, &co, sizeof(co));
	/* CHOWN -> io_chown_t, unchanged id is -1 */
	EXPECT_TRUE(seen.type == _IO_CHOWN && qco->uid == 5 && qco->gid == -1);

	send_io(RESMGR_OP_UTIME, 5, h, &ut, sizeof(ut));
	/* UTIME -> io_utime_t */
	EXPECT_TRUE(seen.type == _IO_UTIME && !qut->cur_flag &&
		    qut->flags == _IO_UTIME_SET_MTIME &&
		    qut->times.actime == 11 && qut->times.modtime == 22 &&
		    qut->actime_ns == 33 && qut->modtime_ns == 44);
	ut.flags = RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME | RESMGR_UTIME_NOW;
	send_io(RESMGR_OP_UTIME, 6, h, &ut, sizeof(ut));
	/* UTIME now -> cur_flag */
	EXPECT_TRUE(qut->cur_flag && qut->flags == (_IO_UTIME_SET_ATIME |
						    _IO_UTIME_SET_MTIME));
	ut.mtime_nsec = 1000000000;
	out = send_io(RESMGR_OP_UTIME, 7, h, &ut, sizeof(ut));
	/* UTIME nsec out of range: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);

	send_io(RESMGR_OP_SYNC, 8, h, &sy, sizeof(sy));
	/* SYNC data -> O_DSYNC */
	EXPECT_EQ(O_DSYNC, qsy->flag);
	sy.flags = 0;
	send_io(RESMGR_OP_SYNC, 9, h, &sy, sizeof(sy));
	EXPECT_EQ(O_SYNC, qsy->flag);

	out = send_io(RESMGR_OP_SPACE, 10, h, &sp, sizeof(sp));
	/* SPACE -> io_space_t */
	EXPECT_TRUE(seen.type == _IO_SPACE && qsp->subtype == F_ALLOCSP64 &&
		    qsp->flags == _IO_SPACE_KEEP_SIZE && qsp->start == 7 &&
		    qsp->len == 9 && qsp->whence == SEEK_SET);
	/* SPACE reply: status is the size */
	EXPECT_TRUE(out && !out->error && out->status == 100);
	sp.cmd = RESMGR_SPACE_FREE;
	sp.flags = 0;
	sp.start = 3;
	sp.len = 0;
	out = send_io(RESMGR_OP_SPACE, 11, h, &sp, sizeof(sp));
	/* SPACE free to the end: truncates */
	EXPECT_TRUE(qsp->subtype == F_FREESP64 && out && out->status == 3 &&
		    attr.nbytes == 3);
	sp.cmd = 9;
	out = send_io(RESMGR_OP_SPACE, 12, h, &sp, sizeof(sp));
	/* SPACE bad cmd: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);

	send_io(RESMGR_OP_PATHCONF, 13, h, &pc, sizeof(pc));
	/* PATHCONF -> io_pathconf_t */
	EXPECT_TRUE(seen.type == _IO_PATHCONF && qpc->name == _PC_NAME_MAX);

	out = send_io(RESMGR_OP_LOCK, 14, h, &lk, sizeof(lk));
	/* LOCK -> io_lock_t + flock */
	EXPECT_TRUE(seen.type == _IO_LOCK && qlk->subtype == F_SETLKW &&
		    qlk->flags == _IO_LOCK_OFD &&
		    qlk->nbytes == sizeof(flock_t) && fl->l_type == F_WRLCK &&
		    fl->l_whence == SEEK_SET && fl->l_start == 10 &&
		    fl->l_len == 5 && fl->l_pid == 4321);
	/* LOCK reply always carries resmgr_lock_out (F_UNLCK) */
	EXPECT_TRUE(out && !out->error &&
		    out->len == sizeof(*out) + sizeof(struct resmgr_lock_out) &&
		    ((const struct resmgr_lock_out *)reply_body())->type ==
		    F_UNLCK);
	lk.type = 7;
	out = send_io(RESMGR_OP_LOCK, 15, h, &lk, sizeof(lk));
	/* LOCK bad type: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	lk.type = F_RDLCK;
	lk.cmd = 0;
	out = send_io(RESMGR_OP_LOCK, 16, h, &lk, sizeof(lk));
	/* LOCK bad cmd: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	close_open(h);
}

TEST_F(server, msg_goes_to_the_private_handler_and_its_reply_back)
{
	const struct resmgr_out_header *out;
	struct {
		struct resmgr_msg_in mi;
		char data[5];
	} b = { { .mgrid = _IOMGR_PRIVATE_BASE + 1, .subtype = 9,
		  .nbytes = 5, .out_max = 3 }, "abcde" };
	const struct _io_msg *q = (const void *)seen.msg;
	uint64_t h;

	reset_attr(S_IFREG | 0644);
	h = open_as(&owner, 20, O_RDONLY + 1);
	out = send_io(RESMGR_OP_MSG, 21, h, &b, sizeof(b.mi) + 5);
	/* MSG -> io_msg_t */
	EXPECT_TRUE(seen.type == _IO_MSG &&
		    q->mgrid == _IOMGR_PRIVATE_BASE + 1 && q->subtype == 9);
	/* MSG data follows the header */
	EXPECT_EQ(0, memcmp(seen.msg + sizeof(*q), "abcde", 5));
	/* MSG reply: status, data cut to out_max */
	EXPECT_TRUE(out && !out->error && out->status == 105 &&
		    out->len == sizeof(*out) + 3 &&
		    !memcmp(reply_body(), "edc", 3));
	b.mi.mgrid = 1;
	out = send_io(RESMGR_OP_MSG, 22, h, &b, sizeof(b));
	/* MSG for another manager: ENOSYS */
	EXPECT_TRUE(out && out->error == ENOSYS);
	io_funcs.msg = NULL;
	out = send_io(RESMGR_OP_MSG, 23, h, &b, sizeof(b));
	/* MSG without a handler: ENOSYS */
	EXPECT_TRUE(out && out->error == ENOSYS);
	io_funcs.msg = r_msg;
	close_open(h);
}

/* A COMBINE: connect part, then resmgr_io_extra + body as extra data. */
static size_t mk_combine(uint64_t unique, const struct test_client *cl,
			 uint16_t opcode, const void *body, uint32_t blen)
{
	struct resmgr_connect_in *ci = (void *)(m + sizeof(struct resmgr_in_header));
	size_t len = mk_connect(m, RESMGR_OP_COMBINE, unique, 0, 0, 0, cl, "sub");
	struct resmgr_io_extra x = { .opcode = opcode, .body_len = blen };

	len = (len + 7) & ~(size_t)7;
	memcpy(m + len, &x, sizeof(x));
	memcpy(m + len + sizeof(x), body, blen);
	ci->extra_type = RESMGR_EXTRA_IO;
	ci->extra_len = sizeof(x) + blen;
	len += sizeof(x) + blen;
	mk_in(m, RESMGR_OP_COMBINE, unique, 0, len);
	return len;
}

TEST_F(server, combine_opens_runs_the_io_handler_and_closes)
{
	const struct resmgr_out_header *out;
	struct resmgr_chmod_in cm = { .mode = 0600 };
	struct resmgr_space_in sp = { .cmd = RESMGR_SPACE_FREE, .start = 42 };
	int closes = seen.close_ocbs;
	size_t len;

	io_funcs.chmod = iofunc_chmod_default;
	reset_attr(S_IFREG | 0644);
	len = mk_combine(30, &owner, RESMGR_OP_CHMOD, &cm, sizeof(cm));
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* COMBINE chmod by the owner: a bare reply */
	EXPECT_TRUE(out && !out->error && out->len == sizeof(*out));
	/* the mode changed */
	EXPECT_EQ(S_IFREG | 0600, attr.mode);
	/* close_ocb ran */
	EXPECT_EQ(closes + 1, seen.close_ocbs);
	EXPECT_EQ(0, attr.count);

	len = mk_combine(31, &other, RESMGR_OP_CHMOD, &cm, sizeof(cm));
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* COMBINE chmod by another: EPERM */
	EXPECT_TRUE(out && out->error == EPERM);

	/* truncate by path: no open access, write permission decides */
	len = mk_combine(32, &owner, RESMGR_OP_SPACE, &sp, sizeof(sp));
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* COMBINE space by a writer: new size */
	EXPECT_TRUE(out && !out->error && out->status == 42 &&
		    attr.nbytes == 42);
	len = mk_combine(33, &other, RESMGR_OP_SPACE, &sp, sizeof(sp));
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* COMBINE space by a non-writer: EACCES */
	EXPECT_TRUE(out && out->error == EACCES);

	len = mk_combine(34, &owner, RESMGR_OP_READ, &sp, sizeof(sp));
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* COMBINE of a READ: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	len = mk_combine(35, &owner, RESMGR_OP_CHMOD, &cm, sizeof(cm));
	((struct resmgr_connect_in *)(m + sizeof(struct resmgr_in_header)))->extra_type = 0;
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* COMBINE without RESMGR_EXTRA_IO: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	io_funcs.chmod = NULL;
	len = mk_combine(36, &owner, RESMGR_OP_CHMOD, &cm, sizeof(cm));
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* COMBINE without a handler: ENOSYS, closed */
	EXPECT_TRUE(out && out->error == ENOSYS && attr.count == 0);
	io_funcs.chmod = r_chmod;
	/* every COMBINE that opened closed */
	EXPECT_EQ(closes + 5, seen.close_ocbs);
}

TEST_F(server, chmod_chown_defaults_follow_owner_and_restrictions)
{
	const struct resmgr_out_header *out;
	struct resmgr_chmod_in cm = { .mode = 06755 };
	struct resmgr_chown_in co = { .uid = 3000, .gid = RESMGR_ID_UNCHANGED };
	uint64_t h;

	io_funcs.chmod = iofunc_chmod_default;
	io_funcs.chown = iofunc_chown_default;
	reset_attr(S_IFREG | 0644);
	h = open_as(&owner, 40, O_RDONLY + 1);
	out = send_io(RESMGR_OP_CHMOD, 41, h, &cm, sizeof(cm));
	/* owner chmod 06755 */
	EXPECT_TRUE(out && !out->error && attr.mode == (S_IFREG | 06755) &&
		    (attr.flags & IOFUNC_ATTR_DIRTY_MODE));
	attr.gid = 55;
	out = send_io(RESMGR_OP_CHMOD, 42, h, &cm, sizeof(cm));
	/* S_ISGID dropped outside the group */
	EXPECT_EQ(S_IFREG | 04755, attr.mode);
	close_open(h);

	h = open_as(&other, 43, O_RDONLY + 1);
	out = send_io(RESMGR_OP_CHMOD, 44, h, &cm, sizeof(cm));
	/* non-owner chmod: EPERM */
	EXPECT_TRUE(out && out->error == EPERM);
	out = send_io(RESMGR_OP_CHOWN, 45, h, &co, sizeof(co));
	/* non-owner chown: EPERM */
	EXPECT_TRUE(out && out->error == EPERM);
	close_open(h);

	/* restricted (the mount says so): owner may not give it away */
	mountpoint.conf = IOFUNC_PC_CHOWN_RESTRICTED;
	h = open_as(&owner, 46, O_RDONLY + 1);
	out = send_io(RESMGR_OP_CHOWN, 47, h, &co, sizeof(co));
	/* restricted: owner gives away: EPERM */
	EXPECT_TRUE(out && out->error == EPERM);
	co.uid = RESMGR_ID_UNCHANGED;
	co.gid = 1000;
	out = send_io(RESMGR_OP_CHOWN, 48, h, &co, sizeof(co));
	/* restricted: owner to its own group, set-id bits cleared */
	EXPECT_TRUE(out && !out->error && attr.gid == 1000 &&
		    !(attr.mode & (S_ISUID | S_ISGID)));
	co.gid = 1234;
	out = send_io(RESMGR_OP_CHOWN, 49, h, &co, sizeof(co));
	/* restricted: to a foreign group: EPERM */
	EXPECT_TRUE(out && out->error == EPERM);
	close_open(h);
	attr.mount = NULL;
	h = open_as(&owner, 50, O_RDONLY + 1);
	co.uid = 3000;
	out = send_io(RESMGR_OP_CHOWN, 51, h, &co, sizeof(co));
	/* no mount: restricted too */
	EXPECT_TRUE(out && out->error == EPERM);
	close_open(h);
	attr.mount = &mountpoint;

	mountpoint.conf = 0;
	h = open_as(&owner, 52, O_RDONLY + 1);
	co.gid = RESMGR_ID_UNCHANGED;
	out = send_io(RESMGR_OP_CHOWN, 53, h, &co, sizeof(co));
	/* unrestricted: the owner may give it away */
	EXPECT_TRUE(out && !out->error && attr.uid == 3000);
	close_open(h);

	/* Linux's rule (setattr_should_drop_suidgid()), root or not. */
	attr.mode = S_IFREG | 06755;
	h = open_as(&rootc, 54, O_RDONLY + 1);
	co.uid = 7;
	co.gid = 8;
	out = send_io(RESMGR_OP_CHOWN, 55, h, &co, sizeof(co));
	/* root chown clears S_ISUID, and S_ISGID with group execute */
	EXPECT_TRUE(out && !out->error && attr.uid == 7 && attr.gid == 8 &&
		    attr.mode == (S_IFREG | 0755) &&
		    (attr.flags & IOFUNC_ATTR_DIRTY_OWNER));
	attr.mode = S_IFREG | 06745;
	out = send_io(RESMGR_OP_CHOWN, 58, h, &co, sizeof(co));
	/* root chown keeps S_ISGID without group execute */
	EXPECT_EQ(S_IFREG | 02745, attr.mode);
	attr.mode = S_IFDIR | 06755;
	out = send_io(RESMGR_OP_CHOWN, 59, h, &co, sizeof(co));
	/* chown of a directory keeps them */
	EXPECT_EQ(S_IFDIR | 06755, attr.mode);
	attr.mode = S_IFREG | 0755;
	mountpoint.flags = _MOUNT_READONLY;
	out = send_io(RESMGR_OP_CHOWN, 56, h, &co, sizeof(co));
	/* read-only mount: EROFS */
	EXPECT_TRUE(out && out->error == EROFS);
	attr.flags |= IOFUNC_ATTR_SYNTHETIC;
	out = send_io(RESMGR_OP_CHMOD, 57, h, &cm, sizeof(cm));
	/* unless the name is synthetic */
	EXPECT_TRUE(out && !out->error);
	mountpoint.flags = 0;
	close_open(h);
	io_funcs.chmod = r_chmod;
	io_funcs.chown = r_chown;
}

TEST_F(server, utime_default_explicit_times_for_the_owner_now_for_writers)
{
	const struct resmgr_out_header *out;
	struct resmgr_utime_in ut = { .atime_sec = 100, .mtime_sec = 200,
				      .atime_nsec = 5, .mtime_nsec = 6,
				      .flags = RESMGR_UTIME_ATIME |
					       RESMGR_UTIME_MTIME };
	uint64_t h;

	io_funcs.utime = iofunc_utime_default;
	reset_attr(S_IFREG | 0666);
	h = open_as(&owner, 60, O_RDONLY + 1);
	out = send_io(RESMGR_OP_UTIME, 61, h, &ut, sizeof(ut));
	/* owner sets explicit times; ctime is now */
	EXPECT_TRUE(out && !out->error && attr.atime == 100 &&
		    attr.mtime == 200 && attr.atime_ns == 5 &&
		    attr.mtime_ns == 6 && attr.ctime > 200);
	ut.flags = RESMGR_UTIME_ATIME;
	ut.atime_sec = 300;
	send_io(RESMGR_OP_UTIME, 62, h, &ut, sizeof(ut));
	/* only the time asked */
	EXPECT_TRUE(attr.atime == 300 && attr.mtime == 200);
	close_open(h);

	h = open_as(&other, 63, O_RDONLY + 1);
	out = send_io(RESMGR_OP_UTIME, 64, h, &ut, sizeof(ut));
	/* non-owner explicit times: EPERM */
	EXPECT_TRUE(out && out->error == EPERM);
	ut.flags = RESMGR_UTIME_ATIME | RESMGR_UTIME_MTIME | RESMGR_UTIME_NOW;
	out = send_io(RESMGR_OP_UTIME, 65, h, &ut, sizeof(ut));
	/* non-owner with write permission: now */
	EXPECT_TRUE(out && !out->error && attr.mtime > 200);
	attr.mode = S_IFREG | 0644;
	out = send_io(RESMGR_OP_UTIME, 66, h, &ut, sizeof(ut));
	/* non-owner, no write permission: EACCES */
	EXPECT_TRUE(out && out->error == EACCES);
	close_open(h);
	io_funcs.utime = r_utime;
}

TEST_F(server, sync_and_space_defaults)
{
	const struct resmgr_out_header *out;
	struct resmgr_sync_in sy = { 0 };
	struct resmgr_space_in sp = { .cmd = RESMGR_SPACE_FREE, .start = 10 };
	uint64_t h, hr;
	iofunc_ocb_t *ocb;

	io_funcs.sync = iofunc_sync_default;
	reset_attr(S_IFREG | 0666);
	h = open_as(&owner, 70, O_RDWR + 1);
	out = send_io(RESMGR_OP_SYNC, 71, h, &sy, sizeof(sy));
	/* sync without IOFUNC_PC_SYNC_IO: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	mountpoint.conf = IOFUNC_PC_SYNC_IO;
	out = send_io(RESMGR_OP_SYNC, 72, h, &sy, sizeof(sy));
	/* fsync with IOFUNC_PC_SYNC_IO */
	EXPECT_TRUE(out && !out->error);
	sy.flags = RESMGR_SYNC_DATA;
	out = send_io(RESMGR_OP_SYNC, 73, h, &sy, sizeof(sy));
	/* fdatasync with IOFUNC_PC_SYNC_IO */
	EXPECT_TRUE(out && !out->error);
	ocb = ctx->cur.ocb;
	/* iofunc_sync: nothing asked */
	EXPECT_EQ(0, iofunc_sync(&ctx->pub.resmgr_context, ocb, 0));
	EXPECT_EQ(O_DSYNC, iofunc_sync(&ctx->pub.resmgr_context, ocb, O_DSYNC));
	ocb->ioflag |= O_SYNC;
	/* iofunc_sync: the open's O_SYNC */
	EXPECT_EQ(O_SYNC, iofunc_sync(&ctx->pub.resmgr_context, ocb, 0));
	mountpoint.conf = 0;
	/* iofunc_sync: no synchronous I/O on this mount */
	EXPECT_EQ(0, iofunc_sync(&ctx->pub.resmgr_context, ocb, O_SYNC));
	ocb->ioflag &= ~O_SYNC;

	hr = open_as(&owner, 74, O_RDONLY + 1);
	out = send_io(RESMGR_OP_SPACE, 75, hr, &sp, sizeof(sp));
	/* ftruncate of a read-only open: EBADF */
	EXPECT_TRUE(out && out->error == EBADF);
	attr.mode = S_IFREG | 04755;
	out = send_io(RESMGR_OP_SPACE, 76, h, &sp, sizeof(sp));
	/* ftruncate: size, set-id dropped */
	EXPECT_TRUE(out && !out->error && attr.nbytes == 10 &&
		    !(attr.mode & S_ISUID));
	sp.start = -1;
	out = send_io(RESMGR_OP_SPACE, 77, h, &sp, sizeof(sp));
	/* negative start: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	sp.start = INT64_MAX;
	sp.len = 2;
	out = send_io(RESMGR_OP_SPACE, 78, h, &sp, sizeof(sp));
	/* range past INT64_MAX: EFBIG */
	EXPECT_TRUE(out && out->error == EFBIG);
	sp.start = 0;
	sp.len = 0;
	mountpoint.flags = _MOUNT_READONLY;
	out = send_io(RESMGR_OP_SPACE, 79, h, &sp, sizeof(sp));
	/* read-only mount: EROFS */
	EXPECT_TRUE(out && out->error == EROFS);
	mountpoint.flags = 0;
	io_funcs.space = NULL;
	out = send_io(RESMGR_OP_SPACE, 80, h, &sp, sizeof(sp));
	/* no space handler (QNX has no default) */
	EXPECT_TRUE(out && out->error == ENOSYS);
	io_funcs.space = r_space;
	close_open(h);
	close_open(hr);
	reset_attr(S_IFDIR | 0777);
	h = open_as(&owner, 81, O_RDONLY + 1);
	ocb = ctx->cur.ocb;
	ocb->ioflag |= _IO_FLAG_WR;
	out = send_io(RESMGR_OP_SPACE, 82, h, &sp, sizeof(sp));
	/* directory: EISDIR */
	EXPECT_TRUE(out && out->error == EISDIR);
	close_open(h);
	io_funcs.sync = r_sync;
}

static long pathconf_of(uint64_t h, int name, int *err)
{
	struct resmgr_pathconf_in pc = { .name = name };
	const struct resmgr_out_header *out;

	out = send_io(RESMGR_OP_PATHCONF, 90, h, &pc, sizeof(pc));
	*err = out ? out->error : -1;
	return out ? (long)out->status : 0;
}

TEST_F(server, pathconf_default_from_attr_and_mount)
{
	uint64_t h;
	int err;

	io_funcs.pathconf = iofunc_pathconf_default;
	reset_attr(S_IFDIR | 0755);
	mountpoint.conf = IOFUNC_PC_CHOWN_RESTRICTED | IOFUNC_PC_SYNC_IO;
	h = open_as(&owner, 91, O_RDONLY + 1);
	/* dir: _PC_NAME_MAX */
	EXPECT_EQ(255, pathconf_of(h, _PC_NAME_MAX, &err));
	/* dir: _PC_PATH_MAX */
	EXPECT_EQ(RESMGR_PATH_MAX, pathconf_of(h, _PC_PATH_MAX, &err));
	/* dir: _PC_PIPE_BUF */
	EXPECT_EQ(PIPE_BUF, pathconf_of(h, _PC_PIPE_BUF, &err));
	/* _PC_CHOWN_RESTRICTED from the mount */
	EXPECT_EQ(1, pathconf_of(h, _PC_CHOWN_RESTRICTED, &err));
	/* _PC_NO_TRUNC off: -1 */
	EXPECT_EQ(-1, pathconf_of(h, _PC_NO_TRUNC, &err));
	/* and no error */
	EXPECT_EQ(0, err);
	EXPECT_EQ(1, pathconf_of(h, _PC_SYNC_IO, &err));
	EXPECT_EQ(-1, pathconf_of(h, _PC_ASYNC_IO, &err));
	EXPECT_EQ(64, pathconf_of(h, _PC_FILESIZEBITS, &err));
	pathconf_of(h, _PC_MAX_CANON, &err);
	/* _PC_MAX_CANON of a directory: EINVAL */
	EXPECT_EQ(EINVAL, err);
	pathconf_of(h, 9999, &err);
	/* an unknown name: EINVAL */
	EXPECT_EQ(EINVAL, err);
	close_open(h);
	reset_attr(S_IFCHR | 0666);
	attr.mount = NULL;
	h = open_as(&owner, 92, O_RDONLY + 1);
	/* tty: _PC_MAX_CANON */
	EXPECT_EQ(MAX_CANON, pathconf_of(h, _PC_MAX_CANON, &err));
	/* tty: _PC_VDISABLE */
	EXPECT_EQ(_POSIX_VDISABLE, pathconf_of(h, _PC_VDISABLE, &err));
	/* no mount: _PC_NO_TRUNC */
	EXPECT_EQ(1, pathconf_of(h, _PC_NO_TRUNC, &err));
	pathconf_of(h, _PC_NAME_MAX, &err);
	/* _PC_NAME_MAX of a non-directory: EINVAL */
	EXPECT_EQ(EINVAL, err);
	close_open(h);
	mountpoint.conf = 0;
	io_funcs.pathconf = r_pathconf;
}

TEST_F(server, openfd_copies_an_open_and_fdinfo_describes_it)
{
	const struct resmgr_out_header *out;
	struct resmgr_openfd_in of = { .ioflag = (O_RDONLY + 1) | O_NONBLOCK };
	struct resmgr_fdinfo_in fi = { .path_max = 64 };
	const struct resmgr_fdinfo *w;
	struct resmgr_open_out oo;
	iofunc_ocb_t *ocb, *ocb2;
	uint64_t h, h2;
	const char *path;

	reset_attr(S_IFREG | 0644);
	h = open_as(&owner, 100, O_RDONLY + 1);
	ocb = ctx->cur.ocb;
	out = send_io(RESMGR_OP_OPENFD, 101, h, &of, sizeof(of));
	/* OPENFD reply: resmgr_open_out */
	EXPECT_TRUE(out && !out->error &&
		    out->len == sizeof(*out) + sizeof(oo));
	memcpy(&oo, reply_body(), sizeof(oo));
	h2 = oo.ocb;
	/* naming a new open */
	EXPECT_TRUE(h2 && h2 != h);
	/* a second OCB on the attr */
	EXPECT_EQ(2, attr.count);
	out = send_io(RESMGR_OP_FDINFO, 102, h2, &fi, sizeof(fi));
	ocb2 = ctx->cur.ocb;
	/* (O_NONBLOCK follows the kernel's flag on every request.) */
	/* its own OCB: same attr, position 0, access asked */
	EXPECT_TRUE(ocb2 != ocb && ocb2->attr == &attr && ocb2->offset == 0 &&
		    ocb2->ioflag == (O_RDONLY + 1));
	w = reply_body();
	path = (const char *)reply_body() + sizeof(*w);
	/* FDINFO reply: resmgr_fdinfo */
	EXPECT_TRUE(out && !out->error && w->mode == (S_IFREG | 0644) &&
		    w->size == 100 && w->count == 2 && w->rcount == 2 &&
		    w->ioflag == (O_RDONLY + 1));
	/* FDINFO status: the path's length */
	EXPECT_EQ((long)strlen("/test/sub"), out ? out->status : -1);
	/* FDINFO path of the copied open */
	EXPECT_TRUE(out &&
		    out->len == sizeof(*out) + sizeof(*w) +
					strlen("/test/sub") + 1 &&
		    !strcmp(path, "/test/sub"));
	fi.path_max = 4;
	out = send_io(RESMGR_OP_FDINFO, 103, h2, &fi, sizeof(fi));
	/* FDINFO path cut to path_max, NUL-ended */
	EXPECT_TRUE(out && out->status == 9 &&
		    out->len == sizeof(*out) + sizeof(*w) + 4 &&
		    !memcmp(path, "/te", 4));

	of.ioflag = O_RDWR + 1;
	out = send_io(RESMGR_OP_OPENFD, 104, h, &of, sizeof(of));
	/* OPENFD wider than the open: EACCES, nothing opened */
	EXPECT_TRUE(out && out->error == EACCES && attr.count == 2);
	io_funcs.openfd = NULL;
	of.ioflag = O_RDONLY + 1;
	out = send_io(RESMGR_OP_OPENFD, 105, h, &of, sizeof(of));
	/* OPENFD without a handler: ENOSYS */
	EXPECT_TRUE(out && out->error == ENOSYS);
	io_funcs.openfd = iofunc_openfd_default;
	close_open(h2);
	close_open(h);
	EXPECT_EQ(0, attr.count);
}

TEST(func_init_fills_the_io_table_defaults)
{
	resmgr_io_funcs_t io;

	iofunc_func_init(0, NULL, _RESMGR_IO_NFUNCS, &io);
	/* iofunc_func_init fills the new defaults */
	EXPECT_TRUE(io.chmod == iofunc_chmod_default &&
		    io.chown == iofunc_chown_default &&
		    io.utime == iofunc_utime_default &&
		    io.sync == iofunc_sync_default &&
		    io.lock == iofunc_lock_default &&
		    io.pathconf == iofunc_pathconf_default &&
		    io.openfd == iofunc_openfd_default &&
		    io.fdinfo == iofunc_fdinfo_default &&
		    io.unblock == iofunc_unblock_default);
	/* space, msg, mmap have no default (as on QNX) */
	EXPECT_TRUE(!io.space && !io.msg && !io.mmap);
}

/* ------------------------------------------------------ client calls */

static struct {
	unsigned long request;
	unsigned char arg[128];
	const void *send;
	void *recv;
	int ret;
} cl;

static int fake_client_ioctl(int fd, unsigned long request, void *arg)
{
	struct resmgr_fioc_msg *fm = arg;
	struct resmgr_fioc_fdinfo *ff = arg;
	struct resmgr_fioc_pathconf *fp = arg;

	cl.request = request;
	/* The size is the struct's own first field, not in the number. */
	memcpy(cl.arg, arg, *(uint32_t *)arg);
	switch (request) {
	case RESMGR_FIOC_MSG:
		cl.send = (const void *)(uintptr_t)fm->send_buf;
		if (fm->recv_len >= 2)
			memcpy((void *)(uintptr_t)fm->recv_buf, "OK", 2);
		return cl.ret;
	case RESMGR_FIOC_FDINFO:
		ff->info.size = 1234;
		ff->info.wlocks = 2;
		if (ff->path_len)
			memset((void *)(uintptr_t)ff->path_buf, 'x', ff->path_len);
		return 77;
	case RESMGR_FIOC_PATHCONF:
		fp->value = fp->name == 1 ? -1 : 4096;
		return 0;
	case RESMGR_FIOC_OPENFD:
		return 9;
	default:
		errno = ENOTTY;
		return -1;
	}
}

TEST(client_calls_go_out_as_resmgr_fioc_ioctls)
{
	struct {
		struct _io_msg hdr;
		char data[4];
	} smsg = { { _IO_MSG, 0, _IOMGR_PRIVATE_BASE, 3 }, "abc" };
	const struct resmgr_fioc_msg *fm = (const void *)cl.arg;
	const struct resmgr_fioc_openfd *fo = (const void *)cl.arg;
	const struct resmgr_fioc_fdinfo *ff = (const void *)cl.arg;
	char r1[1], r2[3], reply[8];
	iov_t siov[2], riov[2];
	struct _fdinfo info;
	char path[8];

	rm_devctl_ioctl = fake_client_ioctl;
	cl.ret = 5;
	/* MsgSend returns the server's status */
	EXPECT_EQ(5, MsgSend(3, &smsg, sizeof(smsg), reply, sizeof(reply)));
	/* MsgSend: RESMGR_FIOC_MSG with the data after the header */
	EXPECT_TRUE(cl.request == RESMGR_FIOC_MSG &&
		    fm->mgrid == _IOMGR_PRIVATE_BASE && fm->subtype == 3 &&
		    fm->send_len == 4 && fm->recv_len == 8 &&
		    cl.send == smsg.data && !memcmp(reply, "OK", 2));
	SETIOV(&siov[0], &smsg, 6);
	SETIOV(&siov[1], (char *)&smsg + 6, sizeof(smsg) - 6);
	SETIOV(&riov[0], r1, 1);
	SETIOV(&riov[1], r2, 3);
	EXPECT_EQ(5, MsgSendv(3, siov, 2, riov, 2));
	/* MsgSendv gathers and scatters */
	EXPECT_TRUE(fm->send_len == 4 && fm->recv_len == 4 && r1[0] == 'O' &&
		    r2[0] == 'K');
	smsg.hdr.type = _IO_READ;
	errno = 0;
	/* MsgSend of another message type: ENOSYS */
	EXPECT_TRUE(MsgSend(3, &smsg, sizeof(smsg), reply, 8) == -1 &&
		    errno == ENOSYS);
	smsg.hdr.type = _IO_MSG;
	errno = 0;
	/* MsgSend shorter than io_msg_t: EINVAL */
	EXPECT_TRUE(MsgSend(3, &smsg, 3, reply, 8) == -1 && errno == EINVAL);

	/* openfd returns the new descriptor */
	EXPECT_EQ(9,
		  openfd(3, O_RDONLY | O_CLOEXEC, SH_DENYNO, _IO_OPENFD_NONE));
	EXPECT_TRUE(cl.request == RESMGR_FIOC_OPENFD &&
		    fo->flags == (O_RDONLY | O_CLOEXEC));
	errno = 0;
	/* openfd with a share mode: EINVAL */
	EXPECT_TRUE(openfd(3, O_RDONLY, 0x10, 0) == -1 && errno == EINVAL);
	/* openfd with O_CREAT: EINVAL */
	EXPECT_TRUE(openfd(3, O_RDONLY | O_CREAT, 0, 0) == -1 &&
		    errno == EINVAL);

	/* iofdinfo returns the path length */
	EXPECT_EQ(77, iofdinfo(3, 0, &info, path, sizeof(path)));
	/* iofdinfo: info converted, path NUL-terminated */
	EXPECT_TRUE(cl.request == RESMGR_FIOC_FDINFO &&
		    ff->path_len == sizeof(path) && info.size == 1234 &&
		    info.wlocks == 2 && path[7] == '\0' && path[6] == 'x');
	/* iofdinfo without a path */
	EXPECT_EQ(77, iofdinfo(3, 0, &info, NULL, 0));

	EXPECT_EQ(4096, resmgr_fpathconf(3, 2));
	errno = 0;
	/* resmgr_fpathconf: no limit is -1, errno untouched */
	EXPECT_TRUE(resmgr_fpathconf(3, 1) == -1 && errno == 0);
	EXPECT_EQ(RESMGR_FIOC_PATHCONF, cl.request);
}

TEST_HARNESS_MAIN
