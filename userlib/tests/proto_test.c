// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's side of the kernel protocol: decoding requests into QNX
 * messages, routing them to handlers, building replies, offsets for
 * MsgRead(), the OCB handle table, and held requests.
 */
#include "testlib.h"
#include "kselftest_harness.h"

static const struct test_client user = { 1000, 1000, NULL, 0 };

static struct {
	int opens;
	io_open_t msg;
	char path[64];
	struct _client_info ci;
	int close_ocbs;
	int close_rcvid;	/* close_ocb's ctp->rcvid */
	unsigned char wdata[64];
	ssize_t wlen;
	size_t wskip;
	uint64_t koff;
	int parked_rcvid;
	int other_calls;
} seen;

static int t_open(resmgr_context_t *ctp, io_open_t *msg, RESMGR_HANDLE_T *h,
		  void *extra)
{
	seen.opens++;
	seen.msg = *msg;
	snprintf(seen.path, sizeof(seen.path), "%s", msg->connect.path);
	iofunc_client_info(ctp, 0, &seen.ci);
	return iofunc_open_default(ctp, msg, h, extra);
}

static const char text[] = "0123456789abcdefghij";

static int t_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int64_t off = ocb->offset;
	size_t n;

	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		off = ((struct _xtype_offset *)(&msg->i + 1))->offset;
	n = off < (int64_t)sizeof(text) - 1 ? sizeof(text) - 1 - off : 0;
	/* Deliberately ignore nbytes: the library must clamp. */
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset += n < msg->i.nbytes ? n : msg->i.nbytes;
	_IO_SET_READ_NBYTES(ctp, n < msg->i.nbytes ? n : msg->i.nbytes);
	SETIOV(ctp->iov + 0, text + off, n / 2);
	SETIOV(ctp->iov + 1, text + off + n / 2, n - n / 2);
	return _RESMGR_NPARTS(2);
}

static int t_write(resmgr_context_t *ctp, io_write_t *msg, RESMGR_OCB_T *ocb)
{
	int err = iofunc_write_verify(ctp, msg, ocb, NULL);

	if (err)
		return err;
	seen.wskip = sizeof(msg->i);
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		seen.wskip += sizeof(struct _xtype_offset);
	seen.wlen = resmgr_msgread(ctp, seen.wdata, msg->i.nbytes, seen.wskip);
	seen.koff = fk.last_read.offset;
	_IO_SET_WRITE_NBYTES(ctp, seen.wlen);
	return EOK;
}

static int t_close_ocb(resmgr_context_t *ctp, void *reserved,
		       RESMGR_OCB_T *ocb)
{
	seen.close_ocbs++;
	seen.close_rcvid = ctp->rcvid;
	return iofunc_close_ocb_default(ctp, reserved, ocb);
}

static int t_noreply(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	seen.parked_rcvid = ctp->rcvid;
	return _RESMGR_NOREPLY;
}

static int t_default(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	return _RESMGR_DEFAULT;
}

static int t_other(resmgr_context_t *ctp, void *msg)
{
	seen.other_calls++;
	return EPERM;
}

/* A QNX devctl handler, written the way the QNX documentation shows. */
#define T_SET	__DIOT(_DCMD_MISC, 1, int)
#define T_GET	__DIOF(_DCMD_MISC, 2, int)
#define T_BIG	__DIOF(_DCMD_MISC, 3, int)	/* replies 16 bytes anyway */
#define T_PARTS	__DIOF(_DCMD_MISC, 4, int)	/* header split over parts */
#define T_REPLY	__DIOF(_DCMD_MISC, 5, int)	/* MsgReply() itself */
#define T_WRITE	__DIOF(_DCMD_MISC, 6, int)	/* resmgr_msgwrite(), header */
#define T_NEG	__DION(_DCMD_MISC, 7)		/* a negative ret_val */
#define T_LONG	__DIOT(_DCMD_MISC, 8, char[100])	/* resmgr_msgread() */
#define T_ODD	__DION(_DCMD_MISC, 9)		/* the handler's ENOSYS */

static struct {
	int calls;
	struct _io_devctl i;
	bool msg_is_ctp;
	int before;
	int32_t dstmsglen;
	int value;
	ssize_t long_n;
	char long_buf[128];
} dv;

static int t_devctl(resmgr_context_t *ctp, io_devctl_t *msg, RESMGR_OCB_T *ocb)
{
	int status, nbytes = 0, ret_val = 0, v;
	void *data;

	if ((status = iofunc_devctl_default(ctp, msg, ocb)) != _RESMGR_DEFAULT)
		return status;
	data = _DEVCTL_DATA(msg->i);
	dv.calls++;
	dv.i = msg->i;
	dv.msg_is_ctp = (void *)msg == (void *)ctp->msg;
	memcpy(&dv.before, data, sizeof(int));
	dv.dstmsglen = ctp->info.dstmsglen;

	switch (msg->i.dcmd) {
	case T_SET:
		dv.value = *(int *)data;
		break;
	case T_GET:
		*(int *)data = dv.value;
		nbytes = sizeof(int);
		ret_val = 3;
		break;
	case T_BIG:
		memset(data, 'b', 16);
		nbytes = 16;
		break;
	case T_PARTS:
		memset(&msg->o, 0, sizeof(msg->o));
		msg->o.ret_val = 9;
		*(int *)data = 77;
		SETIOV(ctp->iov + 0, &msg->o, 6);
		SETIOV(ctp->iov + 1, (char *)&msg->o + 6, sizeof(msg->o) - 6);
		SETIOV(ctp->iov + 2, data, sizeof(int));
		return _RESMGR_NPARTS(3);
	case T_REPLY:
		*(int *)data = 66;
		memset(&msg->o, 0, sizeof(msg->o));
		msg->o.ret_val = 4;
		msg->o.nbytes = sizeof(int);
		MsgReply(ctp->rcvid, 0, &msg->o, sizeof(msg->o) + sizeof(int));
		return _RESMGR_NOREPLY;
	case T_WRITE:
		v = 55;
		resmgr_msgwrite(ctp, &v, sizeof(v), sizeof(msg->o));
		break;
	case T_NEG:
		memset(&msg->o, 0, sizeof(msg->o));
		msg->o.ret_val = -1;
		return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
	case T_LONG:
		dv.long_n = resmgr_msgread(ctp, dv.long_buf, msg->i.nbytes,
					   sizeof(msg->i));
		break;
	default:
		return ENOSYS;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.ret_val = ret_val;
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;

static unsigned char m[8192];

TEST(qnx_and_kernel_ioflags_and_xtypes_agree)
{
	/* _IO_FLAG_RD is O_RDONLY + 1 */
	EXPECT_EQ(O_RDONLY + 1, _IO_FLAG_RD);
	/* _IO_FLAG_WR is O_WRONLY + 1 */
	EXPECT_EQ(O_WRONLY + 1, _IO_FLAG_WR);
	/* read+write is O_RDWR + 1 */
	EXPECT_EQ(O_RDWR + 1, _IO_FLAG_RD | _IO_FLAG_WR);
	/* kernel and QNX read bit agree */
	EXPECT_EQ(_IO_FLAG_RD, RESMGR_IOFLAG_READ);
	/* kernel and QNX write bit agree */
	EXPECT_EQ(_IO_FLAG_WR, RESMGR_IOFLAG_WRITE);
	/* xtype OFFSET|NONBLOCK maps */
	EXPECT_EQ(_IO_XTYPE_OFFSET | _IO_XFLAG_NONBLOCK,
		  rm_xtype_from_kernel(RESMGR_XTYPE_OFFSET |
				       RESMGR_XFLAG_NONBLOCK));
	/* xtype NONE|BLOCK maps */
	EXPECT_EQ(_IO_XTYPE_NONE | _IO_XFLAG_BLOCK,
		  rm_xtype_from_kernel(RESMGR_XTYPE_NONE | RESMGR_XFLAG_BLOCK));
	/* unknown kernel xtype is neither NONE nor OFFSET */
	EXPECT_TRUE((rm_xtype_from_kernel(9) & _IO_XTYPE_MASK) !=
		    _IO_XTYPE_NONE &&
		    (rm_xtype_from_kernel(9) & _IO_XTYPE_MASK) !=
		    _IO_XTYPE_OFFSET);
}

TEST(connect_decodes_into_a_qnx_connect_message_and_cred)
{
	static const uint32_t groups[] = { 20, 30, 40 };
	struct test_client cl = { 1000, 100, groups, 3 };
	struct rm_connect_view v;
	struct {
		struct _io_connect c;
		char path[64];
	} q;
	struct rm_cred cred;
	struct resmgr_in_header in;
	size_t len, qlen;

	len = mk_connect(m, RESMGR_OP_OPEN, 5, (O_RDWR + 1) | O_CREAT, 3, 0644,
			 &cl, "sub/name");
	/* well-formed connect decodes */
	EXPECT_EQ(EOK, rm_decode_connect(m, len, &v));
	/* path found after the groups */
	EXPECT_STREQ("sub/name", v.path);
	EXPECT_EQ(40, v.groups[2]);
	/* cut-off path refused */
	EXPECT_EQ(EINVAL, rm_decode_connect(m, len - 1, &v));
	m[len - 1] = 'x';
	/* path without NUL refused */
	EXPECT_EQ(EINVAL, rm_decode_connect(m, len, &v));
	m[len - 1] = '\0';
	/* cut-off body refused */
	EXPECT_EQ(EINVAL, rm_decode_connect(m, sizeof(in) + 10, &v));

	rm_decode_connect(m, len, &v);
	qlen = rm_build_connect(&q.c, _IO_CONNECT_OPEN, &v);
	/* QNX message length */
	EXPECT_EQ(sizeof(q.c) + strlen("sub/name") + 1, qlen);
	EXPECT_EQ(_IO_CONNECT, q.c.type);
	EXPECT_EQ(_IO_CONNECT_OPEN, q.c.subtype);
	/* connect.ioflag kept as sent */
	EXPECT_EQ((O_RDWR + 1) | O_CREAT, q.c.ioflag);
	EXPECT_EQ(_IO_FLAG_RD | _IO_FLAG_WR, q.c.access);
	/* connect.mode, umask 022 applied */
	EXPECT_EQ(0644, q.c.mode);
	/* connect.path_len counts the NUL */
	EXPECT_EQ(9, q.c.path_len);
	EXPECT_STREQ("sub/name", q.c.path);

	memcpy(&in, m, sizeof(in));
	rm_cred_from_connect(&cred, &in, &v);
	EXPECT_EQ(TEST_PID, cred.ci.pid);
	EXPECT_EQ(1000, cred.ci.cred.euid);
	EXPECT_EQ(100, cred.ci.cred.egid);
	EXPECT_EQ(3, cred.ci.cred.ngroups);
	EXPECT_EQ(30, cred.ci.cred.grouplist[1]);
}

static uint64_t open_ok(struct rm_ctx *ctx, uint64_t unique, uint32_t ioflag,
			const char *path)
{
	size_t len;

	len = mk_connect(m, RESMGR_OP_OPEN, unique, ioflag,
			 ioflag & RESMGR_IOFLAG_ACCMODE, 0, &user, path);
	deliver(ctx, m, len);
	return open_reply_handle(ctx);
}

/*
 * The server: t_open, t_read, t_write and t_close_ocb on a 20-byte
 * S_IFNAM 0644 root:root, other_func t_other.
 */
static struct rm_ctx *serve(void)
{
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = t_open;
	io_funcs.read = t_read;
	io_funcs.write = t_write;
	io_funcs.close_ocb = t_close_ocb;
	iofunc_attr_init(&attr, S_IFNAM | 0644, NULL, NULL);
	attr.uid = 0;
	attr.gid = 0;
	attr.nbytes = 20;
	return test_server(&connect_funcs, &io_funcs, &attr, t_other);
}

FIXTURE(server) {
	struct rm_ctx *ctx;
};

FIXTURE_SETUP(server)
{
	self->ctx = serve();
}

FIXTURE_TEARDOWN(server)
{
}

/* The server, and a client's read open of it. */
FIXTURE(reader) {
	struct rm_ctx *ctx;
	uint64_t h;
};

FIXTURE_SETUP(reader)
{
	self->ctx = serve();
	self->h = open_ok(self->ctx, 15, O_RDONLY + 1, "");
	ASSERT_NE(0, self->h);
}

FIXTURE_TEARDOWN(reader)
{
}

/* The server, made 0666, and a client's write open of it. */
FIXTURE(writer) {
	struct rm_ctx *ctx;
	uint64_t h;
};

FIXTURE_SETUP(writer)
{
	self->ctx = serve();
	attr.mode = S_IFNAM | 0666;
	self->h = open_ok(self->ctx, 16, O_WRONLY + 1, "");
	ASSERT_NE(0, self->h);
}

FIXTURE_TEARDOWN(writer)
{
}

TEST_F(server, open_reaches_the_handler_and_replies_a_handle)
{
	struct rm_ctx *ctx = self->ctx;
	const struct resmgr_out_header *out;
	struct resmgr_open_out oo;
	struct rm_binding b;
	size_t len;

	len = mk_connect(m, RESMGR_OP_OPEN, 11, O_RDONLY + 1, 1, 0, &user, "");
	deliver(ctx, m, len);
	EXPECT_EQ(1, seen.opens);
	EXPECT_EQ(_IO_CONNECT, seen.msg.connect.type);
	/* handler sees the read ioflag */
	EXPECT_EQ(_IO_FLAG_RD, seen.msg.connect.ioflag & _IO_FLAG_MASK);
	/* attach point itself has path "" */
	EXPECT_EQ('\0', seen.path[0]);
	/* iofunc_client_info() gives the sender */
	EXPECT_EQ(1000, seen.ci.cred.euid);
	/* iofunc_client_info() gives the pid */
	EXPECT_EQ(TEST_PID, seen.ci.pid);
	/* ctp->id is the link */
	EXPECT_EQ(TEST_LINK, ctx->pub.resmgr_context.id);

	out = pending_reply(ctx);
	/* open reply pending */
	ASSERT_NE(NULL, out);
	EXPECT_EQ(0, out->error);
	/* reply names the request */
	EXPECT_EQ(11, out->unique);
	/* reply: header + open_out */
	EXPECT_EQ(sizeof(*out) + sizeof(oo), out->len);
	/* reply len matches its parts */
	EXPECT_EQ(out->len, fk.reply_len);
	memcpy(&oo, reply_body(), sizeof(oo));
	/* open_out carries a handle */
	EXPECT_NE(0, oo.ocb);
	memset(&b, 0, sizeof(b));
	/* handle names a binding */
	EXPECT_EQ(EOK, rm_bind_get(&ctx->dpp->bindings, oo.ocb, &b));
	/* OCB opened for reading */
	EXPECT_TRUE(b.ocb && (((iofunc_ocb_t *)b.ocb)->ioflag &
			      _IO_FLAG_MASK) == _IO_FLAG_RD);
	EXPECT_EQ(1, attr.count);
	EXPECT_EQ(1, attr.rcount);

	/* 0644 root:root, client 1000:1000 wants to write */
	len = mk_connect(m, RESMGR_OP_OPEN, 12, O_WRONLY + 1, 2, 0, &user, "");
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* write open refused with EACCES */
	EXPECT_TRUE(out && out->error == EACCES);
	/* error reply is the header only */
	EXPECT_TRUE(out && out->len == sizeof(*out) && ctx->reply.iovcnt == 1);
	/* refused open left no OCB */
	EXPECT_EQ(1, attr.count);

	len = mk_connect(m, RESMGR_OP_OPEN, 13,
			 (O_RDONLY + 1) | O_CREAT | O_EXCL, 1, 0644, &user, "");
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* O_CREAT|O_EXCL on the name: EEXIST */
	EXPECT_TRUE(out && out->error == EEXIST);

	ctx->in.link = 0;
	len = mk_connect(m, RESMGR_OP_OPEN, 14, O_RDONLY + 1, 1, 0, &user, "");
	mk_in(m, RESMGR_OP_OPEN, 14, 0, len);
	((struct resmgr_in_header *)m)->link = 99;
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* open on an unknown link: ENOENT */
	EXPECT_TRUE(out && out->error == ENOENT);
}

TEST_F(reader, read_replies_clamped_data_at_the_ocbs_position)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	const struct resmgr_out_header *out;
	size_t len;

	len = mk_rw(m, RESMGR_OP_READ, 21, h, 6, 4, RESMGR_XTYPE_NONE, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	EXPECT_TRUE(out && out->error == 0);
	ASSERT_NE(NULL, out);
	/* read status is the byte count */
	EXPECT_EQ(6, out->status);
	/* read reply clamped to nbytes */
	EXPECT_EQ(sizeof(*out) + 6, out->len);
	/* read data starts at the OCB's position, not the kernel's hint */
	EXPECT_EQ(0, memcmp(reply_body(), "012345", 6));
	/* read reply carries the position */
	EXPECT_TRUE(out->flags & RESMGR_OUT_F_OFFSET);
	/* new position 0 + 6 */
	EXPECT_EQ(6, out->offset);

	len = mk_rw(m, RESMGR_OP_READ, 22, h, 3, 15, RESMGR_XTYPE_OFFSET,
		    NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* pread reads at its offset (_xtype_offset after msg->i) */
	EXPECT_TRUE(out && memcmp(reply_body(), "fgh", 3) == 0);
	/* pread does not move the position */
	EXPECT_TRUE(out && !(out->flags & RESMGR_OUT_F_OFFSET));

	len = mk_rw(m, RESMGR_OP_READ, 23, h + 1, 6, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* unknown handle: EBADF */
	EXPECT_TRUE(out && out->error == EBADF);
	len = mk_rw(m, RESMGR_OP_READ, 24, h + (1ULL << 32), 6, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* handle of another generation: EBADF */
	EXPECT_TRUE(out && out->error == EBADF);
	len = mk_rw(m, RESMGR_OP_WRITE, 25, h, 2, 0, 0, "hi", 2);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* write on a read-only open: EBADF */
	EXPECT_TRUE(out && out->error == EBADF);
}

TEST_F(writer, write_data_comes_by_resmgr_msgread)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	const struct resmgr_out_header *out;
	static char big[4000];
	struct rm_ctx *small;
	size_t len;

	len = mk_rw(m, RESMGR_OP_WRITE, 31, h, 5, 0, RESMGR_XTYPE_NONE,
		    "hello", 5);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* write takes 5 bytes */
	EXPECT_TRUE(out && out->error == 0 && out->status == 5);
	/* resmgr_msgread(sizeof(msg->i)) gets the data */
	EXPECT_TRUE(seen.wlen == 5 && memcmp(seen.wdata, "hello", 5) == 0);
	/* QNX data offset maps past the rw body */
	EXPECT_EQ(sizeof(struct resmgr_in_header) + sizeof(struct resmgr_rw_in),
		  seen.koff);
	/* write reply has no data */
	EXPECT_TRUE(out && out->len == sizeof(*out));
	/* data follows msg->i in the receive buffer */
	EXPECT_TRUE(ctx->pub.resmgr_context.msg->write.i.nbytes == 5 &&
		    memcmp(&ctx->pub.resmgr_context.msg->write.i + 1, "hello",
			   5) == 0);

	len = mk_rw(m, RESMGR_OP_WRITE, 32, h, 3, 100, RESMGR_XTYPE_OFFSET,
		    "xyz", 3);
	deliver(ctx, m, len);
	/* pwrite data follows the _xtype_offset */
	EXPECT_TRUE(seen.wlen == 3 && memcmp(seen.wdata, "xyz", 3) == 0);
	/* pwrite data offset maps the same */
	EXPECT_EQ(sizeof(struct resmgr_in_header) + sizeof(struct resmgr_rw_in),
		  seen.koff);

	/* A write larger than the receive buffer: the rest comes by MSGREAD. */
	small = ctx;
	memset(big, 'q', sizeof(big));
	len = mk_rw(m, RESMGR_OP_WRITE, 33, h, 40, 0, 0, big, sizeof(big));
	small->rlen = 70;	/* header + rw_in + 6 bytes */
	deliver(small, m, len);
	/* truncated write: resmgr_msgread() fetches the rest */
	EXPECT_TRUE(seen.wlen == 40 && seen.wdata[39] == 'q');
	/* info.msglen counts what is in the buffer */
	EXPECT_EQ(sizeof(struct _io_write) + 6,
		  small->pub.resmgr_context.info.msglen);
	/* info.srcmsglen counts it all */
	EXPECT_EQ(sizeof(struct _io_write) + 4000,
		  small->pub.resmgr_context.info.srcmsglen);
	small->rlen = (RM_MSG_MIN + RM_KSLACK + 15) & ~15;
}

TEST_F(writer, msgread_offsets_map_qnx_to_kernel)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	struct rm_msgmap map = { NULL, 16, 64 };
	unsigned char buf[32];
	size_t len;
	int reads;

	/* QNX offset 16 -> kernel 64 */
	EXPECT_EQ(64, rm_msgmap_koff(&map, 16));
	/* QNX offset 20 -> kernel 68 */
	EXPECT_EQ(68, rm_msgmap_koff(&map, 20));
	map.qlocal = 24;
	/* after _xtype_offset: 24 -> 64 */
	EXPECT_EQ(64, rm_msgmap_koff(&map, 24));

	len = mk_rw(m, RESMGR_OP_WRITE, 35, h, 4, 0, 0, "abcd", 4);
	memcpy(fk.msg, m, len);
	fk.msglen = len;
	ctx->rcvd = len;
	memcpy(ctx->rbuf, m, len);
	rm_ctx_begin(ctx);
	rm_current = ctx;
	ctx->req.map.local = NULL;
	ctx->req.map.qlocal = sizeof(struct _io_write);
	ctx->req.map.kbase = 64;
	((struct _io_write *)ctx->req.hdr)->nbytes = 4;
	reads = fk.nreads;
	/* MsgRead of the header */
	EXPECT_EQ(8, MsgRead(35, buf, 8, 0));
	/* the header is the translated QNX one */
	EXPECT_EQ(4, ((struct _io_write *)buf)->nbytes);
	/* header bytes come without a kernel call */
	EXPECT_EQ(reads, fk.nreads);
	/* MsgRead across header and data */
	EXPECT_EQ(20, MsgRead(35, buf, 20, 0));
	/* data after the QNX header */
	EXPECT_EQ(0, memcmp(buf + 16, "abcd", 4));
	rm_req_claim_own(ctx);
	rm_current = NULL;
}

TEST_F(reader, lseek_and_fstat)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	const struct resmgr_out_header *out;
	struct resmgr_stat st;
	size_t len;

	len = mk_lseek(m, 41, h, -3, SEEK_END, 7);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* SEEK_END -3 on 20 bytes: 17 */
	EXPECT_TRUE(out && out->error == 0 && out->status == 17);
	/* lseek reply sets the position */
	EXPECT_TRUE(out && (out->flags & RESMGR_OUT_F_OFFSET) &&
		    out->offset == 17);
	len = mk_lseek(m, 42, h, 5, SEEK_CUR, 7);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* SEEK_CUR is relative to the OCB's offset */
	EXPECT_TRUE(out && out->status == 22);
	len = mk_lseek(m, 43, h, -30, SEEK_CUR, 7);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* negative position: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);

	mk_in(m, RESMGR_OP_STAT, 44, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	out = pending_reply(ctx);
	/* fstat reply: header + resmgr_stat */
	EXPECT_TRUE(out && out->error == 0 &&
		    out->len == sizeof(*out) + sizeof(st));
	memcpy(&st, reply_body(), sizeof(st));
	/* stat size is attr->nbytes */
	EXPECT_EQ(20, st.size);
	/* S_IFNAM shows as S_IFCHR */
	EXPECT_EQ(S_IFCHR | 0644, st.mode);
	EXPECT_EQ(1, st.nlink);
	/* made-up inode from the attr */
	EXPECT_EQ((uint64_t)(uintptr_t)&attr, st.ino);
}

TEST_F(server, stat_by_path_opens_and_closes_as_combine_close)
{
	struct rm_ctx *ctx = self->ctx;
	const struct resmgr_out_header *out;
	struct resmgr_stat st;
	int opens = seen.opens, closes = seen.close_ocbs;
	uint32_t count = attr.count;
	size_t len;

	attr.mode = S_IFNAM | 0000;
	len = mk_connect(m, RESMGR_OP_STAT_PATH, 51, O_RDONLY + 1, 0, 0,
			 &user, "");
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* stat by path of a 0000 name works */
	EXPECT_TRUE(out && out->error == 0);
	memcpy(&st, reply_body(), sizeof(st));
	/* stat by path: size */
	EXPECT_EQ(20, st.size);
	/* stat by path runs the open handler */
	EXPECT_EQ(opens + 1, seen.opens);
	/* and close_ocb, with rcvid 0 */
	EXPECT_EQ(closes + 1, seen.close_ocbs);
	EXPECT_EQ(0, seen.close_rcvid);
	/* leaving no OCB behind */
	EXPECT_EQ(count, attr.count);
	/* as an _IO_CONNECT_COMBINE_CLOSE */
	EXPECT_EQ(_IO_CONNECT_COMBINE_CLOSE, seen.msg.connect.subtype);
	attr.mode = S_IFNAM | 0644;
}

TEST_F(reader, close_dup_replies_and_close_ocb_ends_the_handle)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	const struct resmgr_out_header *out;
	uint32_t count = attr.count;
	int closes = seen.close_ocbs;
	size_t len;

	mk_in(m, RESMGR_OP_CLOSE_DUP, 61, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	out = pending_reply(ctx);
	/* close_dup: status 0 */
	EXPECT_TRUE(out && out->error == 0 && out->status == 0);
	/* close_dup does not close the OCB */
	EXPECT_EQ(count, attr.count);

	mk_in(m, RESMGR_OP_CLOSE_OCB, 62, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	/* close_ocb is an event: no reply */
	EXPECT_FALSE(ctx->pending);
	/* close_ocb handler called, with rcvid 0 */
	EXPECT_EQ(closes + 1, seen.close_ocbs);
	EXPECT_EQ(0, seen.close_rcvid);
	/* OCB detached from the attr */
	EXPECT_EQ(count - 1, attr.count);
	len = mk_rw(m, RESMGR_OP_READ, 63, h, 1, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* handle dead after close_ocb */
	EXPECT_TRUE(out && out->error == EBADF);
}

TEST_F(reader, noreply_msgreply_msgerror_and_default)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	const struct resmgr_out_header *out;
	size_t len;
	int n;

	io_funcs.read = t_noreply;
	len = mk_rw(m, RESMGR_OP_READ, 71, h, 4, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	/* _RESMGR_NOREPLY: no reply */
	EXPECT_FALSE(ctx->pending);
	/* handler saw rcvid 71 */
	EXPECT_EQ(71, seen.parked_rcvid);
	n = fk.nreplies;
	/* MsgReply later, from elsewhere */
	EXPECT_EQ(0, MsgReply(71, 3, "abc", 3));
	/* goes out at once */
	EXPECT_EQ(n + 1, fk.nreplies);
	out = (const void *)fk.reply;
	/* with status and data */
	EXPECT_TRUE(out->unique == 71 && out->status == 3 &&
		    out->len == sizeof(*out) + 3);
	/* and the OCB's position */
	EXPECT_TRUE(out->flags & RESMGR_OUT_F_OFFSET);
	/* a second reply fails */
	EXPECT_EQ(-1, MsgReply(71, 0, NULL, 0));
	/* with ESRCH */
	EXPECT_EQ(ESRCH, errno);

	len = mk_rw(m, RESMGR_OP_READ, 72, h, 4, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	/* MsgError on a parked request */
	EXPECT_EQ(0, MsgError(72, EINTR));
	out = (const void *)fk.reply;
	/* MsgError sends a bare error */
	EXPECT_TRUE(out->error == EINTR && out->len == sizeof(*out));

	io_funcs.read = t_default;
	len = mk_rw(m, RESMGR_OP_READ, 73, h, 4, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* _RESMGR_DEFAULT goes to other_func */
	EXPECT_TRUE(out && out->error == EPERM && seen.other_calls == 1);
	ctx->dpp->links->other_func = NULL;
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* _RESMGR_DEFAULT without other_func: ENOSYS */
	EXPECT_TRUE(out && out->error == ENOSYS);
	io_funcs.read = t_read;

	mk_in(m, RESMGR_OP_POWER, 74, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	out = pending_reply(ctx);
	/* request not handled yet: ENOSYS */
	EXPECT_TRUE(out && out->error == ENOSYS);
	mk_in(m, RESMGR_OP_DISCONNECT, 75, 0, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	/* events get no reply */
	EXPECT_FALSE(ctx->pending);
}

static const struct resmgr_out_header *send_devctl(struct rm_ctx *ctx,
					     uint64_t unique, uint64_t h,
					     uint32_t dcmd, const void *data,
					     uint16_t kflags)
{
	uint32_t size = _IOC_SIZE(dcmd);
	uint32_t in = _IOC_DIR(dcmd) & _IOC_WRITE ? size : 0;
	uint32_t out = _IOC_DIR(dcmd) & _IOC_READ ? size : 0;
	size_t len = mk_devctl(m, unique, h, dcmd, in, out, data);

	((struct resmgr_in_header *)m)->flags = kflags;
	deliver(ctx, m, len);
	return pending_reply(ctx);
}

static int reply_int(void)
{
	int v;

	memcpy(&v, reply_body(), sizeof(v));
	return v;
}

TEST_F(reader, devctl_reaches_a_qnx_handler_and_its_reply_back)
{
	struct rm_ctx *ctx = self->ctx;
	uint64_t h = self->h;
	const struct resmgr_out_header *out;
	static char big[100];
	int v = 1234, n;
	size_t len, rlen;

	io_funcs.devctl = t_devctl;
	/* a dcmd carries its size */
	EXPECT_EQ(sizeof(int), _IOC_SIZE(T_GET));
	EXPECT_TRUE(get_device_direction(T_GET) == DEVDIR_FROM &&
		    get_device_direction(T_SET) == DEVDIR_TO &&
		    get_device_direction(DCMD_ALL_GETFLAGS) == DEVDIR_FROM &&
		    get_device_direction(T_NEG) == DEVDIR_NONE);

	out = send_devctl(ctx, 90, h, T_SET, &v, 0);
	EXPECT_EQ(1, dv.calls);
	/* handler gets ctp->msg */
	EXPECT_TRUE(dv.msg_is_ctp);
	EXPECT_EQ(_IO_DEVCTL, dv.i.type);
	EXPECT_EQ(sizeof(struct _io_devctl), dv.i.combine_len);
	EXPECT_EQ(T_SET, dv.i.dcmd);
	EXPECT_EQ(sizeof(int), dv.i.nbytes);
	/* data at _DEVCTL_DATA(msg->i) */
	EXPECT_EQ(1234, dv.value);
	/* info.dstmsglen: the reply header, no data back */
	EXPECT_EQ(sizeof(struct _io_devctl_reply), dv.dstmsglen);
	/* SET: status 0, no data */
	EXPECT_TRUE(out && out->error == 0 && out->status == 0 &&
		    out->len == sizeof(*out));
	/* _DEVCTL_DATA(msg->o) is _DEVCTL_DATA(msg->i) */
	EXPECT_EQ(sizeof(struct _io_devctl_reply), sizeof(struct _io_devctl));

	/* Leave something in the buffer where GET's data will be. */
	v = 0x5a5a5a5a;
	send_devctl(ctx, 91, h, T_SET, &v, 0);
	dv.value = 4321;
	out = send_devctl(ctx, 92, h, T_GET, NULL, 0);
	/* GET: msg->i.nbytes is the client's size */
	EXPECT_EQ(sizeof(int), dv.i.nbytes);
	/* GET: data area cleared before the handler */
	EXPECT_EQ(0, dv.before);
	/* GET: info.dstmsglen counts the data back */
	EXPECT_EQ(sizeof(struct _io_devctl_reply) + sizeof(int), dv.dstmsglen);
	EXPECT_TRUE(out && out->error == 0);
	if (out) {
		/* status is msg->o.ret_val */
		EXPECT_EQ(3, out->status);
		/* data is what follows msg->o */
		EXPECT_EQ(sizeof(*out) + sizeof(int), out->len);
		/* the handler's value */
		EXPECT_EQ(4321, reply_int());
		/* no position */
		EXPECT_FALSE(out->flags & RESMGR_OUT_F_OFFSET);
	}

	out = send_devctl(ctx, 93, h, T_BIG, NULL, 0);
	/* data clamped to out_max */
	EXPECT_TRUE(out && out->error == 0 &&
		    out->len == sizeof(*out) + sizeof(int));

	out = send_devctl(ctx, 94, h, T_PARTS, NULL, 0);
	/* header gathered across parts, data after it */
	EXPECT_TRUE(out && out->error == 0 && out->status == 9 &&
		    out->len == sizeof(*out) + sizeof(int) &&
		    reply_int() == 77);

	n = fk.nreplies;
	send_devctl(ctx, 95, h, T_REPLY, NULL, 0);
	/* MsgReply() from the handler */
	EXPECT_TRUE(!ctx->pending && fk.nreplies == n + 1);
	out = (const void *)fk.reply;
	/* translated the same way */
	EXPECT_TRUE(out->status == 4 &&
		    out->len == sizeof(*out) + sizeof(int) &&
		    reply_int() == 66);

	out = send_devctl(ctx, 96, h, T_WRITE, NULL, 0);
	/* resmgr_msgwrite() at sizeof(msg->o) is reply data offset 0 */
	EXPECT_EQ(0, fk.last_write.offset);
	/* with the handler's bytes */
	EXPECT_TRUE(fk.last_write.len == sizeof(int) &&
		    memcmp(fk.written, &(int){ 55 }, sizeof(int)) == 0);
	/* and the header-only reply carries no data */
	EXPECT_TRUE(out && out->error == 0 && out->len == sizeof(*out));

	out = send_devctl(ctx, 97, h, T_NEG, NULL, 0);
	/* negative ret_val: EOVERFLOW */
	EXPECT_TRUE(out && out->error == EOVERFLOW);

	out = send_devctl(ctx, 98, h, T_ODD, NULL, 0);
	/* handler's own ENOSYS passes through */
	EXPECT_TRUE(out && out->error == ENOSYS);

	/* More data than the receive buffer holds: resmgr_msgread() the rest. */
	memset(big, 'L', sizeof(big));
	big[99] = '!';
	rlen = ctx->rlen;
	ctx->rlen = sizeof(struct resmgr_in_header) +
		    sizeof(struct resmgr_devctl_in) + 10;
	out = send_devctl(ctx, 99, h, T_LONG, big, 0);
	ctx->rlen = rlen;
	/* truncated data: resmgr_msgread(sizeof(msg->i)) gets all 100 bytes */
	EXPECT_TRUE(dv.long_n == 100 && dv.long_buf[0] == 'L' &&
		    dv.long_buf[99] == '!');
	EXPECT_EQ(100, dv.i.nbytes);

	len = mk_devctl(m, 100, h, T_SET, 0, 0, NULL);
	((struct resmgr_in_header *)m)->len = sizeof(struct resmgr_in_header) + 8;
	deliver(ctx, m, sizeof(struct resmgr_in_header) + 8);
	out = pending_reply(ctx);
	/* cut-off devctl body: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	len = mk_devctl(m, 101, h, T_SET, 4, 0, &v);
	((struct resmgr_in_header *)m)->len = len - 2;
	deliver(ctx, m, len - 2);
	out = pending_reply(ctx);
	/* less data than nbytes says: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);

	/* The iofunc layer's commands, through the handler's first call. */
	out = send_devctl(ctx, 102, h, DCMD_ALL_GETFLAGS, NULL, 0);
	/* DCMD_ALL_GETFLAGS: O_RDONLY */
	EXPECT_TRUE(out && out->error == 0 && out->status == 0 &&
		    out->len == sizeof(*out) + sizeof(int) &&
		    reply_int() == O_RDONLY);
	out = send_devctl(ctx, 103, h, DCMD_ALL_GETFLAGS, NULL, RESMGR_IN_F_NONBLOCK);
	/* the kernel's per-request O_NONBLOCK reaches ocb->ioflag */
	EXPECT_TRUE(out && reply_int() == (O_RDONLY | O_NONBLOCK));
	out = send_devctl(ctx, 104, h, DCMD_ALL_GETFLAGS, NULL, 0);
	/* and goes again with it */
	EXPECT_TRUE(out && reply_int() == O_RDONLY);
	v = O_APPEND | O_CREAT;
	out = send_devctl(ctx, 105, h, DCMD_ALL_SETFLAGS, &v, 0);
	/* DCMD_ALL_SETFLAGS O_APPEND */
	EXPECT_TRUE(out && out->error == 0 && out->len == sizeof(*out));
	out = send_devctl(ctx, 106, h, DCMD_ALL_GETFLAGS, NULL, 0);
	/* GETFLAGS shows it, not O_CREAT */
	EXPECT_TRUE(out && reply_int() == (O_RDONLY | O_APPEND));
	v = O_SYNC;
	out = send_devctl(ctx, 107, h, DCMD_ALL_SETFLAGS, &v, 0);
	/* O_SYNC without IOFUNC_PC_SYNC_IO: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	v = 0;
	send_devctl(ctx, 108, h, DCMD_ALL_SETFLAGS, &v, 0);

	/* Commands nobody knows: ENOTTY, as ioctl(2) says. */
	io_funcs.devctl = iofunc_devctl_default;
	ctx->dpp->links->other_func = NULL;
	out = send_devctl(ctx, 109, h, T_GET, NULL, 0);
	/* default handler, unknown dcmd: ENOTTY */
	EXPECT_TRUE(out && out->error == ENOTTY);
	io_funcs.devctl = NULL;
	out = send_devctl(ctx, 110, h, T_GET, NULL, 0);
	/* no devctl handler: ENOTTY */
	EXPECT_TRUE(out && out->error == ENOTTY);
	ctx->dpp->links->other_func = t_other;
	n = seen.other_calls;
	out = send_devctl(ctx, 111, h, T_GET, NULL, 0);
	/* unless other_func answers */
	EXPECT_TRUE(out && out->error == EPERM && seen.other_calls == n + 1);
	ctx->dpp->links->other_func = NULL;
	io_funcs.devctl = iofunc_devctl_default;
	(void)len;
}

TEST(devctl_reply_build)
{
	struct rm_req req = { .unique = 9, .opcode = RESMGR_OP_DEVCTL,
			      .nbytes = 4 };
	struct _io_devctl_reply o = { .ret_val = 12 };
	iov_t parts[3];
	struct rm_reply r;

	SETIOV(&parts[0], &o, sizeof(o));
	SETIOV(&parts[1], "abcdef", 6);
	rm_reply_build(&r, &req, 0, parts, 2);
	/* devctl: status = ret_val */
	EXPECT_TRUE(r.out.error == 0 && r.out.status == 12);
	/* devctl: data clamped to out_max */
	EXPECT_EQ(sizeof(r.out) + 4, r.out.len);
	/* devctl: the header part itself is not sent */
	EXPECT_TRUE(r.iovcnt == 2 && r.iov[1].iov_base == parts[1].iov_base);

	SETIOV(&parts[0], &o, 10);
	SETIOV(&parts[1], (char *)&o + 10, sizeof(o) - 10);
	SETIOV(&parts[2], "xy", 2);
	rm_reply_build(&r, &req, 0, parts, 3);
	/* devctl: header split over two parts */
	EXPECT_TRUE(r.out.status == 12 && r.out.len == sizeof(r.out) + 2);

	rm_reply_build(&r, &req, 6, NULL, 0);
	/* devctl: no header, the status as it is */
	EXPECT_TRUE(r.out.error == 0 && r.out.status == 6 &&
		    r.out.len == sizeof(r.out));
	rm_reply_build(&r, &req, (long)INT32_MAX + 1, NULL, 0);
	/* devctl: status above INT32_MAX: EOVERFLOW */
	EXPECT_EQ(EOVERFLOW, r.out.error);
	req.nbytes = 0;
	SETIOV(&parts[0], &o, sizeof(o));
	SETIOV(&parts[1], "abcdef", 6);
	rm_reply_build(&r, &req, 0, parts, 2);
	/* devctl: no data back when out_max is 0 */
	EXPECT_TRUE(r.out.status == 12 && r.out.len == sizeof(r.out));
}

TEST(reply_build_clamps_and_counts)
{
	struct rm_req req = { .unique = 9, .opcode = RESMGR_OP_READ,
			      .nbytes = 100 };
	iov_t parts[3];
	struct rm_reply r;

	SETIOV(&parts[0], "ab", 2);
	SETIOV(&parts[1], "", 0);
	SETIOV(&parts[2], "cde", 3);
	rm_reply_build(&r, &req, 5, parts, 3);
	/* _RESMGR_NPARTS(3): header + non-empty parts */
	EXPECT_EQ(3, r.iovcnt);
	/* len counts header and data */
	EXPECT_EQ(sizeof(r.out) + 5, r.out.len);
	/* status from ctp->status */
	EXPECT_EQ(5, r.out.status);
	EXPECT_EQ(0, r.out.error);
	EXPECT_EQ(0, r.out.reserved);

	req.nbytes = 4;
	rm_reply_build(&r, &req, 500, parts, 3);
	/* read data clamped to nbytes */
	EXPECT_EQ(sizeof(r.out) + 4, r.out.len);
	/* read status clamped to nbytes */
	EXPECT_EQ(4, r.out.status);

	req.opcode = RESMGR_OP_WRITE;
	rm_reply_build(&r, &req, 5, parts, 3);
	/* write reply carries no data */
	EXPECT_TRUE(r.iovcnt == 1 && r.out.len == sizeof(r.out));
	/* write status clamped to the bytes sent */
	EXPECT_EQ(4, r.out.status);

	rm_reply_error(&r, 9, ENOENT);
	/* error reply: header only */
	EXPECT_TRUE(r.iovcnt == 1 && r.out.len == sizeof(r.out) &&
		    r.out.error == ENOENT && r.out.flags == 0);

	req.opcode = RESMGR_OP_OPEN;
	req.handle = 0;
	rm_reply_build(&r, &req, 0, NULL, 0);
	/* open that bound nothing: ENOSYS */
	EXPECT_EQ(ENOSYS, r.out.error);

	req.opcode = RESMGR_OP_STAT;
	rm_reply_build(&r, &req, 0, parts, 1);
	/* stat reply without a struct stat: EIO */
	EXPECT_EQ(EIO, r.out.error);

	req.opcode = RESMGR_OP_READ;
	rm_reply_build(&r, &req, 0, parts, RM_NPARTS_MAX + 1);
	/* too many parts: EMSGSIZE */
	EXPECT_EQ(EMSGSIZE, r.out.error);
}

TEST(ocb_handle_table)
{
	struct rm_bindtab t;
	struct rm_binding b = { (void *)0x1000, NULL, NULL, false, 0 }, got;
	struct _client_info ci = { .pid = 77 };
	uint64_t h1, h2, h3;
	int i, all = 1;

	rm_bindtab_init(&t);
	EXPECT_EQ(EOK, rm_bind_add(&t, &b, &ci, NULL, &h1));
	b.ocb = (void *)0x2000;
	rm_bind_add(&t, &b, &ci, NULL, &h2);
	/* distinct non-zero handles */
	EXPECT_TRUE(h1 != h2 && h1 && h2);
	/* lookup finds the OCB */
	EXPECT_TRUE(rm_bind_get(&t, h2, &got) == EOK &&
		    got.ocb == (void *)0x2000);
	/* handle 0: EBADF */
	EXPECT_EQ(EBADF, rm_bind_get(&t, 0, &got));
	/* made-up handle: EBADF */
	EXPECT_EQ(EBADF, rm_bind_get(&t, 0xdeadbeef, &got));
	EXPECT_EQ(EOK, rm_bind_take(&t, h1, &got));
	/* unbound handle: EBADF */
	EXPECT_EQ(EBADF, rm_bind_get(&t, h1, &got));
	/* unbind twice: EBADF */
	EXPECT_EQ(EBADF, rm_bind_take(&t, h1, &got));
	rm_bind_add(&t, &b, &ci, NULL, &h3);
	/* slot reused with a new generation */
	EXPECT_TRUE((uint32_t)h3 == (uint32_t)h1 && h3 != h1);
	/* old handle stays dead */
	EXPECT_EQ(EBADF, rm_bind_get(&t, h1, &got));
	for (i = 0; i < 1000; i++)
		all &= rm_bind_add(&t, &b, &ci, NULL, &h3) == EOK;
	/* table grows */
	EXPECT_TRUE(all && rm_bind_get(&t, h2, &got) == EOK);
	rm_bindtab_destroy(&t);
}

TEST_F(server, dispatch_block_sends_the_pending_reply_with_the_receive)
{
	struct rm_ctx *ctx = self->ctx;
	dispatch_context_t *dctp = &ctx->pub;
	size_t len;

	ctx->pending = false;
	len = mk_connect(m, RESMGR_OP_OPEN, 81, O_RDONLY + 1, 1, 0, &user, "");
	fk.next = m;
	fk.next_len = len;
	EXPECT_EQ(dctp, dispatch_block(dctp));
	/* rcvid is the request id */
	EXPECT_EQ(81, dctp->resmgr_context.rcvid);
	EXPECT_EQ(TEST_PID, dctp->resmgr_context.info.pid);
	/* nothing to reply yet */
	EXPECT_TRUE(fk.last_xfer.recv_buf && !fk.last_xfer.reply_iov);
	dispatch_handler(dctp);
	/* the reply waits for the next receive */
	EXPECT_TRUE(ctx->pending);

	len = mk_rw(m + 4096, RESMGR_OP_READ, 82, 0x1234, 1, 0, 0, NULL, 0);
	fk.next = m + 4096;
	fk.next_len = len;
	EXPECT_EQ(dctp, dispatch_block(dctp));
	/* reply and receive in one XFER */
	EXPECT_TRUE(fk.last_xfer.reply_iov && fk.last_xfer.recv_buf);
	/* the pending reply answered request 81 */
	EXPECT_EQ(81, ((struct resmgr_out_header *)fk.reply)->unique);
	/* nothing pending after */
	EXPECT_FALSE(ctx->pending);
	dispatch_handler(dctp);

	fk.next = NULL;
	/* receive error reported after the reply went out */
	EXPECT_TRUE(dispatch_block(dctp) == NULL && errno == EAGAIN);
	/* reply to 82 was sent anyway */
	EXPECT_EQ(82, ((struct resmgr_out_header *)fk.reply)->unique);
}

TEST_HARNESS_MAIN
