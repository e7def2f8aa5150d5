// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The library's side of the kernel protocol: decoding requests into QNX
 * messages, routing them to handlers, building replies, offsets for
 * MsgRead(), the OCB handle table, and held requests.
 */
#include "testlib.h"

static const struct test_client user = { 1000, 1000, NULL, 0 };

static struct {
	int opens;
	io_open_t msg;
	char path[64];
	struct _client_info ci;
	int close_ocbs;
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
	is(ctp->rcvid, 0, "close_ocb runs with rcvid 0");
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

static void test_ioflag_encoding(void)
{
	is(_IO_FLAG_RD, O_RDONLY + 1, "_IO_FLAG_RD is O_RDONLY + 1");
	is(_IO_FLAG_WR, O_WRONLY + 1, "_IO_FLAG_WR is O_WRONLY + 1");
	is(_IO_FLAG_RD | _IO_FLAG_WR, O_RDWR + 1, "read+write is O_RDWR + 1");
	is(RESMGR_IOFLAG_READ, _IO_FLAG_RD, "kernel and QNX read bit agree");
	is(RESMGR_IOFLAG_WRITE, _IO_FLAG_WR, "kernel and QNX write bit agree");
	is(rm_xtype_from_kernel(RESMGR_XTYPE_OFFSET | RESMGR_XFLAG_NONBLOCK),
	   _IO_XTYPE_OFFSET | _IO_XFLAG_NONBLOCK, "xtype OFFSET|NONBLOCK maps");
	is(rm_xtype_from_kernel(RESMGR_XTYPE_NONE | RESMGR_XFLAG_BLOCK),
	   _IO_XTYPE_NONE | _IO_XFLAG_BLOCK, "xtype NONE|BLOCK maps");
	ok((rm_xtype_from_kernel(9) & _IO_XTYPE_MASK) != _IO_XTYPE_NONE &&
	   (rm_xtype_from_kernel(9) & _IO_XTYPE_MASK) != _IO_XTYPE_OFFSET,
	   "unknown kernel xtype is neither NONE nor OFFSET");
}

static void test_decode_connect(void)
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
	is(rm_decode_connect(m, len, &v), EOK, "well-formed connect decodes");
	ok(strcmp(v.path, "sub/name") == 0, "path found after the groups");
	is(v.groups[2], 40, "groups found");
	is(rm_decode_connect(m, len - 1, &v), EINVAL, "cut-off path refused");
	m[len - 1] = 'x';
	is(rm_decode_connect(m, len, &v), EINVAL, "path without NUL refused");
	m[len - 1] = '\0';
	is(rm_decode_connect(m, sizeof(in) + 10, &v), EINVAL,
	   "cut-off body refused");

	rm_decode_connect(m, len, &v);
	qlen = rm_build_connect(&q.c, _IO_CONNECT_OPEN, &v);
	is(qlen, sizeof(q.c) + strlen("sub/name") + 1, "QNX message length");
	is(q.c.type, _IO_CONNECT, "connect.type");
	is(q.c.subtype, _IO_CONNECT_OPEN, "connect.subtype");
	is(q.c.ioflag, (O_RDWR + 1) | O_CREAT, "connect.ioflag kept as sent");
	is(q.c.access, _IO_FLAG_RD | _IO_FLAG_WR, "connect.access");
	is(q.c.mode, 0644, "connect.mode, umask 022 applied");
	is(q.c.path_len, 9, "connect.path_len counts the NUL");
	ok(strcmp(q.c.path, "sub/name") == 0, "connect.path");

	memcpy(&in, m, sizeof(in));
	rm_cred_from_connect(&cred, &in, &v);
	is(cred.ci.pid, TEST_PID, "client pid");
	is(cred.ci.cred.euid, 1000, "client euid");
	is(cred.ci.cred.egid, 100, "client egid");
	is(cred.ci.cred.ngroups, 3, "client ngroups");
	is(cred.ci.cred.grouplist[1], 30, "client groups");
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

static void test_open(struct rm_ctx *ctx)
{
	const struct resmgr_out_header *out;
	struct resmgr_open_out oo;
	struct rm_binding b;
	size_t len;

	len = mk_connect(m, RESMGR_OP_OPEN, 11, O_RDONLY + 1, 1, 0, &user, "");
	deliver(ctx, m, len);
	is(seen.opens, 1, "open handler called");
	is(seen.msg.connect.type, _IO_CONNECT, "handler sees _IO_CONNECT");
	is(seen.msg.connect.ioflag & _IO_FLAG_MASK, _IO_FLAG_RD,
	   "handler sees the read ioflag");
	ok(seen.path[0] == '\0', "attach point itself has path \"\"");
	is(seen.ci.cred.euid, 1000, "iofunc_client_info() gives the sender");
	is(seen.ci.pid, TEST_PID, "iofunc_client_info() gives the pid");
	is(ctx->pub.resmgr_context.id, TEST_LINK, "ctp->id is the link");

	out = pending_reply(ctx);
	ok(out != NULL, "open reply pending");
	if (!out)
		return;
	is(out->error, 0, "open succeeds");
	is(out->unique, 11, "reply names the request");
	is(out->len, sizeof(*out) + sizeof(oo), "reply: header + open_out");
	is(fk.reply_len, out->len, "reply len matches its parts");
	memcpy(&oo, reply_body(), sizeof(oo));
	ok(oo.ocb != 0, "open_out carries a handle");
	memset(&b, 0, sizeof(b));
	is(rm_bind_get(&ctx->dpp->bindings, oo.ocb, &b), EOK,
	   "handle names a binding");
	ok(b.ocb && (((iofunc_ocb_t *)b.ocb)->ioflag & _IO_FLAG_MASK) ==
	   _IO_FLAG_RD, "OCB opened for reading");
	is(attr.count, 1, "attr count 1");
	is(attr.rcount, 1, "attr rcount 1");

	/* 0644 root:root, client 1000:1000 wants to write */
	len = mk_connect(m, RESMGR_OP_OPEN, 12, O_WRONLY + 1, 2, 0, &user, "");
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EACCES, "write open refused with EACCES");
	ok(out && out->len == sizeof(*out) && ctx->reply.iovcnt == 1,
	   "error reply is the header only");
	is(attr.count, 1, "refused open left no OCB");

	len = mk_connect(m, RESMGR_OP_OPEN, 13, (O_RDONLY + 1) | O_CREAT | O_EXCL,
			 1, 0644, &user, "");
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EEXIST, "O_CREAT|O_EXCL on the name: EEXIST");

	ctx->in.link = 0;
	len = mk_connect(m, RESMGR_OP_OPEN, 14, O_RDONLY + 1, 1, 0, &user, "");
	mk_in(m, RESMGR_OP_OPEN, 14, 0, len);
	((struct resmgr_in_header *)m)->link = 99;
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == ENOENT, "open on an unknown link: ENOENT");
}

static void test_read(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	size_t len;

	len = mk_rw(m, RESMGR_OP_READ, 21, h, 6, 4, RESMGR_XTYPE_NONE, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == 0, "read succeeds");
	if (!out)
		return;
	is(out->status, 6, "read status is the byte count");
	is(out->len, sizeof(*out) + 6, "read reply clamped to nbytes");
	ok(memcmp(reply_body(), "012345", 6) == 0,
	   "read data starts at the OCB's position, not the kernel's hint");
	ok(out->flags & RESMGR_OUT_F_OFFSET, "read reply carries the position");
	is(out->offset, 6, "new position 0 + 6");

	len = mk_rw(m, RESMGR_OP_READ, 22, h, 3, 15, RESMGR_XTYPE_OFFSET,
		    NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && memcmp(reply_body(), "fgh", 3) == 0,
	   "pread reads at its offset (_xtype_offset after msg->i)");
	ok(out && !(out->flags & RESMGR_OUT_F_OFFSET),
	   "pread does not move the position");

	len = mk_rw(m, RESMGR_OP_READ, 23, h + 1, 6, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EBADF, "unknown handle: EBADF");
	len = mk_rw(m, RESMGR_OP_READ, 24, h + (1ULL << 32), 6, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EBADF, "handle of another generation: EBADF");
	len = mk_rw(m, RESMGR_OP_WRITE, 25, h, 2, 0, 0, "hi", 2);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EBADF, "write on a read-only open: EBADF");
}

static void test_write(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	static char big[4000];
	struct rm_ctx *small;
	size_t len;

	len = mk_rw(m, RESMGR_OP_WRITE, 31, h, 5, 0, RESMGR_XTYPE_NONE,
		    "hello", 5);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == 0 && out->status == 5, "write takes 5 bytes");
	ok(seen.wlen == 5 && memcmp(seen.wdata, "hello", 5) == 0,
	   "resmgr_msgread(sizeof(msg->i)) gets the data");
	is(seen.koff, sizeof(struct resmgr_in_header) +
	   sizeof(struct resmgr_rw_in), "QNX data offset maps past the rw body");
	ok(out && out->len == sizeof(*out), "write reply has no data");
	ok(ctx->pub.resmgr_context.msg->write.i.nbytes == 5 &&
	   memcmp(&ctx->pub.resmgr_context.msg->write.i + 1, "hello", 5) == 0,
	   "data follows msg->i in the receive buffer");

	len = mk_rw(m, RESMGR_OP_WRITE, 32, h, 3, 100, RESMGR_XTYPE_OFFSET,
		    "xyz", 3);
	deliver(ctx, m, len);
	ok(seen.wlen == 3 && memcmp(seen.wdata, "xyz", 3) == 0,
	   "pwrite data follows the _xtype_offset");
	is(seen.koff, sizeof(struct resmgr_in_header) +
	   sizeof(struct resmgr_rw_in), "pwrite data offset maps the same");

	/* A write larger than the receive buffer: the rest comes by MSGREAD. */
	small = ctx;
	memset(big, 'q', sizeof(big));
	len = mk_rw(m, RESMGR_OP_WRITE, 33, h, 40, 0, 0, big, sizeof(big));
	small->rlen = 70;	/* header + rw_in + 6 bytes */
	deliver(small, m, len);
	ok(seen.wlen == 40 && seen.wdata[39] == 'q',
	   "truncated write: resmgr_msgread() fetches the rest");
	is(small->pub.resmgr_context.info.msglen, sizeof(struct _io_write) + 6,
	   "info.msglen counts what is in the buffer");
	is(small->pub.resmgr_context.info.srcmsglen,
	   sizeof(struct _io_write) + 4000, "info.srcmsglen counts it all");
	small->rlen = (RM_MSG_MIN + RM_KSLACK + 15) & ~15;
}

static void test_msgread_map(struct rm_ctx *ctx, uint64_t h)
{
	struct rm_msgmap map = { NULL, 16, 64 };
	unsigned char buf[32];
	size_t len;
	int reads;

	is(rm_msgmap_koff(&map, 16), 64, "QNX offset 16 -> kernel 64");
	is(rm_msgmap_koff(&map, 20), 68, "QNX offset 20 -> kernel 68");
	map.qlocal = 24;
	is(rm_msgmap_koff(&map, 24), 64, "after _xtype_offset: 24 -> 64");

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
	is(MsgRead(35, buf, 8, 0), 8, "MsgRead of the header");
	is(((struct _io_write *)buf)->nbytes, 4,
	   "the header is the translated QNX one");
	is(fk.nreads, reads, "header bytes come without a kernel call");
	is(MsgRead(35, buf, 20, 0), 20, "MsgRead across header and data");
	ok(memcmp(buf + 16, "abcd", 4) == 0, "data after the QNX header");
	rm_req_claim_own(ctx);
	rm_current = NULL;
}

static void test_lseek_stat(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	struct resmgr_stat st;
	size_t len;

	len = mk_lseek(m, 41, h, -3, SEEK_END, 7);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == 0 && out->status == 17,
	   "SEEK_END -3 on 20 bytes: 17");
	ok(out && (out->flags & RESMGR_OUT_F_OFFSET) && out->offset == 17,
	   "lseek reply sets the position");
	len = mk_lseek(m, 42, h, 5, SEEK_CUR, 7);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->status == 22, "SEEK_CUR is relative to the OCB's offset");
	len = mk_lseek(m, 43, h, -30, SEEK_CUR, 7);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EINVAL, "negative position: EINVAL");

	mk_in(m, RESMGR_OP_STAT, 44, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	out = pending_reply(ctx);
	ok(out && out->error == 0 && out->len == sizeof(*out) + sizeof(st),
	   "fstat reply: header + resmgr_stat");
	memcpy(&st, reply_body(), sizeof(st));
	is(st.size, 20, "stat size is attr->nbytes");
	is(st.mode, S_IFCHR | 0644, "S_IFNAM shows as S_IFCHR");
	is(st.nlink, 1, "stat nlink");
	is(st.ino, (uint64_t)(uintptr_t)&attr, "made-up inode from the attr");
}

static void test_stat_path(struct rm_ctx *ctx)
{
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
	ok(out && out->error == 0, "stat by path of a 0000 name works");
	memcpy(&st, reply_body(), sizeof(st));
	is(st.size, 20, "stat by path: size");
	is(seen.opens, opens + 1, "stat by path runs the open handler");
	is(seen.close_ocbs, closes + 1, "... and close_ocb");
	is(attr.count, count, "... leaving no OCB behind");
	is(seen.msg.connect.subtype, _IO_CONNECT_COMBINE_CLOSE,
	   "... as an _IO_CONNECT_COMBINE_CLOSE");
	attr.mode = S_IFNAM | 0644;
}

static void test_close(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	uint32_t count = attr.count;
	int closes = seen.close_ocbs;
	size_t len;

	mk_in(m, RESMGR_OP_CLOSE_DUP, 61, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	out = pending_reply(ctx);
	ok(out && out->error == 0 && out->status == 0, "close_dup: status 0");
	is(attr.count, count, "close_dup does not close the OCB");

	mk_in(m, RESMGR_OP_CLOSE_OCB, 62, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	ok(!ctx->pending, "close_ocb is an event: no reply");
	is(seen.close_ocbs, closes + 1, "close_ocb handler called");
	is(attr.count, count - 1, "OCB detached from the attr");
	len = mk_rw(m, RESMGR_OP_READ, 63, h, 1, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EBADF, "handle dead after close_ocb");
}

static void test_return_protocol(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	size_t len;
	int n;

	io_funcs.read = t_noreply;
	len = mk_rw(m, RESMGR_OP_READ, 71, h, 4, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	ok(!ctx->pending, "_RESMGR_NOREPLY: no reply");
	is(seen.parked_rcvid, 71, "handler saw rcvid 71");
	n = fk.nreplies;
	is(MsgReply(71, 3, "abc", 3), 0, "MsgReply later, from elsewhere");
	is(fk.nreplies, n + 1, "... goes out at once");
	out = (const void *)fk.reply;
	ok(out->unique == 71 && out->status == 3 &&
	   out->len == sizeof(*out) + 3, "... with status and data");
	ok(out->flags & RESMGR_OUT_F_OFFSET, "... and the OCB's position");
	is(MsgReply(71, 0, NULL, 0), -1, "a second reply fails");
	is(errno, ESRCH, "... with ESRCH");

	len = mk_rw(m, RESMGR_OP_READ, 72, h, 4, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	is(MsgError(72, EINTR), 0, "MsgError on a parked request");
	out = (const void *)fk.reply;
	ok(out->error == EINTR && out->len == sizeof(*out),
	   "MsgError sends a bare error");

	io_funcs.read = t_default;
	len = mk_rw(m, RESMGR_OP_READ, 73, h, 4, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == EPERM && seen.other_calls == 1,
	   "_RESMGR_DEFAULT goes to other_func");
	ctx->dpp->links->other_func = NULL;
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ok(out && out->error == ENOSYS, "_RESMGR_DEFAULT without other_func: ENOSYS");
	io_funcs.read = t_read;

	mk_in(m, RESMGR_OP_POWER, 74, h, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	out = pending_reply(ctx);
	ok(out && out->error == ENOSYS, "request not handled yet: ENOSYS");
	mk_in(m, RESMGR_OP_DISCONNECT, 75, 0, sizeof(struct resmgr_in_header));
	deliver(ctx, m, sizeof(struct resmgr_in_header));
	ok(!ctx->pending, "events get no reply");
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

static void test_devctl(struct rm_ctx *ctx, uint64_t h)
{
	const struct resmgr_out_header *out;
	static char big[100];
	int v = 1234, n;
	size_t len, rlen;

	io_funcs.devctl = t_devctl;
	is(_IOC_SIZE(T_GET), sizeof(int), "a dcmd carries its size");
	ok(get_device_direction(T_GET) == DEVDIR_FROM &&
	   get_device_direction(T_SET) == DEVDIR_TO &&
	   get_device_direction(DCMD_ALL_GETFLAGS) == DEVDIR_FROM &&
	   get_device_direction(T_NEG) == DEVDIR_NONE, "directions");

	out = send_devctl(ctx, 90, h, T_SET, &v, 0);
	is(dv.calls, 1, "devctl handler called");
	ok(dv.msg_is_ctp, "handler gets ctp->msg");
	is(dv.i.type, _IO_DEVCTL, "msg->i.type");
	is(dv.i.combine_len, sizeof(struct _io_devctl), "msg->i.combine_len");
	is(dv.i.dcmd, T_SET, "msg->i.dcmd");
	is(dv.i.nbytes, sizeof(int), "msg->i.nbytes");
	is(dv.value, 1234, "data at _DEVCTL_DATA(msg->i)");
	is(dv.dstmsglen, sizeof(struct _io_devctl_reply),
	   "info.dstmsglen: the reply header, no data back");
	ok(out && out->error == 0 && out->status == 0 &&
	   out->len == sizeof(*out), "SET: status 0, no data");
	is(sizeof(struct _io_devctl), sizeof(struct _io_devctl_reply),
	   "_DEVCTL_DATA(msg->o) is _DEVCTL_DATA(msg->i)");

	/* Leave something in the buffer where GET's data will be. */
	v = 0x5a5a5a5a;
	send_devctl(ctx, 91, h, T_SET, &v, 0);
	dv.value = 4321;
	out = send_devctl(ctx, 92, h, T_GET, NULL, 0);
	is(dv.i.nbytes, sizeof(int), "GET: msg->i.nbytes is the client's size");
	is(dv.before, 0, "GET: data area cleared before the handler");
	is(dv.dstmsglen, sizeof(struct _io_devctl_reply) + sizeof(int),
	   "GET: info.dstmsglen counts the data back");
	ok(out && out->error == 0, "GET succeeds");
	if (out) {
		is(out->status, 3, "status is msg->o.ret_val");
		is(out->len, sizeof(*out) + sizeof(int),
		   "data is what follows msg->o");
		is(reply_int(), 4321, "... the handler's value");
		ok(!(out->flags & RESMGR_OUT_F_OFFSET), "no position");
	}

	out = send_devctl(ctx, 93, h, T_BIG, NULL, 0);
	ok(out && out->error == 0 && out->len == sizeof(*out) + sizeof(int),
	   "data clamped to out_max");

	out = send_devctl(ctx, 94, h, T_PARTS, NULL, 0);
	ok(out && out->error == 0 && out->status == 9 &&
	   out->len == sizeof(*out) + sizeof(int) && reply_int() == 77,
	   "header gathered across parts, data after it");

	n = fk.nreplies;
	send_devctl(ctx, 95, h, T_REPLY, NULL, 0);
	ok(!ctx->pending && fk.nreplies == n + 1, "MsgReply() from the handler");
	out = (const void *)fk.reply;
	ok(out->status == 4 && out->len == sizeof(*out) + sizeof(int) &&
	   reply_int() == 66, "... translated the same way");

	out = send_devctl(ctx, 96, h, T_WRITE, NULL, 0);
	is(fk.last_write.offset, 0,
	   "resmgr_msgwrite() at sizeof(msg->o) is reply data offset 0");
	ok(fk.last_write.len == sizeof(int) &&
	   memcmp(fk.written, &(int){ 55 }, sizeof(int)) == 0,
	   "... with the handler's bytes");
	ok(out && out->error == 0 && out->len == sizeof(*out),
	   "... and the header-only reply carries no data");

	out = send_devctl(ctx, 97, h, T_NEG, NULL, 0);
	ok(out && out->error == EOVERFLOW, "negative ret_val: EOVERFLOW");

	out = send_devctl(ctx, 98, h, T_ODD, NULL, 0);
	ok(out && out->error == ENOSYS, "handler's own ENOSYS passes through");

	/* More data than the receive buffer holds: resmgr_msgread() the rest. */
	memset(big, 'L', sizeof(big));
	big[99] = '!';
	rlen = ctx->rlen;
	ctx->rlen = sizeof(struct resmgr_in_header) +
		    sizeof(struct resmgr_devctl_in) + 10;
	out = send_devctl(ctx, 99, h, T_LONG, big, 0);
	ctx->rlen = rlen;
	ok(dv.long_n == 100 && dv.long_buf[0] == 'L' && dv.long_buf[99] == '!',
	   "truncated data: resmgr_msgread(sizeof(msg->i)) gets all 100 bytes");
	is(dv.i.nbytes, 100, "... msg->i.nbytes 100");

	len = mk_devctl(m, 100, h, T_SET, 0, 0, NULL);
	((struct resmgr_in_header *)m)->len = sizeof(struct resmgr_in_header) + 8;
	deliver(ctx, m, sizeof(struct resmgr_in_header) + 8);
	out = pending_reply(ctx);
	ok(out && out->error == EINVAL, "cut-off devctl body: EINVAL");
	len = mk_devctl(m, 101, h, T_SET, 4, 0, &v);
	((struct resmgr_in_header *)m)->len = len - 2;
	deliver(ctx, m, len - 2);
	out = pending_reply(ctx);
	ok(out && out->error == EINVAL, "less data than nbytes says: EINVAL");

	/* The iofunc layer's commands, through the handler's first call. */
	out = send_devctl(ctx, 102, h, DCMD_ALL_GETFLAGS, NULL, 0);
	ok(out && out->error == 0 && out->status == 0 &&
	   out->len == sizeof(*out) + sizeof(int) && reply_int() == O_RDONLY,
	   "DCMD_ALL_GETFLAGS: O_RDONLY");
	out = send_devctl(ctx, 103, h, DCMD_ALL_GETFLAGS, NULL, RESMGR_IN_F_NONBLOCK);
	ok(out && reply_int() == (O_RDONLY | O_NONBLOCK),
	   "the kernel's per-request O_NONBLOCK reaches ocb->ioflag");
	out = send_devctl(ctx, 104, h, DCMD_ALL_GETFLAGS, NULL, 0);
	ok(out && reply_int() == O_RDONLY, "... and goes again with it");
	v = O_APPEND | O_CREAT;
	out = send_devctl(ctx, 105, h, DCMD_ALL_SETFLAGS, &v, 0);
	ok(out && out->error == 0 && out->len == sizeof(*out),
	   "DCMD_ALL_SETFLAGS O_APPEND");
	out = send_devctl(ctx, 106, h, DCMD_ALL_GETFLAGS, NULL, 0);
	ok(out && reply_int() == (O_RDONLY | O_APPEND),
	   "... GETFLAGS shows it, not O_CREAT");
	v = O_SYNC;
	out = send_devctl(ctx, 107, h, DCMD_ALL_SETFLAGS, &v, 0);
	ok(out && out->error == EINVAL, "O_SYNC without IOFUNC_PC_SYNC_IO: EINVAL");
	v = 0;
	send_devctl(ctx, 108, h, DCMD_ALL_SETFLAGS, &v, 0);

	/* Commands nobody knows: ENOTTY, as ioctl(2) says. */
	io_funcs.devctl = iofunc_devctl_default;
	ctx->dpp->links->other_func = NULL;
	out = send_devctl(ctx, 109, h, T_GET, NULL, 0);
	ok(out && out->error == ENOTTY, "default handler, unknown dcmd: ENOTTY");
	io_funcs.devctl = NULL;
	out = send_devctl(ctx, 110, h, T_GET, NULL, 0);
	ok(out && out->error == ENOTTY, "no devctl handler: ENOTTY");
	ctx->dpp->links->other_func = t_other;
	n = seen.other_calls;
	out = send_devctl(ctx, 111, h, T_GET, NULL, 0);
	ok(out && out->error == EPERM && seen.other_calls == n + 1,
	   "... unless other_func answers");
	ctx->dpp->links->other_func = NULL;
	io_funcs.devctl = iofunc_devctl_default;
	(void)len;
}

static void test_devctl_reply_build(void)
{
	struct rm_req req = { .unique = 9, .opcode = RESMGR_OP_DEVCTL,
			      .nbytes = 4 };
	struct _io_devctl_reply o = { .ret_val = 12 };
	iov_t parts[3];
	struct rm_reply r;

	SETIOV(&parts[0], &o, sizeof(o));
	SETIOV(&parts[1], "abcdef", 6);
	rm_reply_build(&r, &req, 0, parts, 2);
	ok(r.out.error == 0 && r.out.status == 12, "devctl: status = ret_val");
	is(r.out.len, sizeof(r.out) + 4, "devctl: data clamped to out_max");
	ok(r.iovcnt == 2 && r.iov[1].iov_base == parts[1].iov_base,
	   "devctl: the header part itself is not sent");

	SETIOV(&parts[0], &o, 10);
	SETIOV(&parts[1], (char *)&o + 10, sizeof(o) - 10);
	SETIOV(&parts[2], "xy", 2);
	rm_reply_build(&r, &req, 0, parts, 3);
	ok(r.out.status == 12 && r.out.len == sizeof(r.out) + 2,
	   "devctl: header split over two parts");

	rm_reply_build(&r, &req, 6, NULL, 0);
	ok(r.out.error == 0 && r.out.status == 6 && r.out.len == sizeof(r.out),
	   "devctl: no header, the status as it is");
	rm_reply_build(&r, &req, (long)INT32_MAX + 1, NULL, 0);
	is(r.out.error, EOVERFLOW, "devctl: status above INT32_MAX: EOVERFLOW");
	req.nbytes = 0;
	SETIOV(&parts[0], &o, sizeof(o));
	SETIOV(&parts[1], "abcdef", 6);
	rm_reply_build(&r, &req, 0, parts, 2);
	ok(r.out.status == 12 && r.out.len == sizeof(r.out),
	   "devctl: no data back when out_max is 0");
}

static void test_reply_build(void)
{
	struct rm_req req = { .unique = 9, .opcode = RESMGR_OP_READ,
			      .nbytes = 100 };
	iov_t parts[3];
	struct rm_reply r;

	SETIOV(&parts[0], "ab", 2);
	SETIOV(&parts[1], "", 0);
	SETIOV(&parts[2], "cde", 3);
	rm_reply_build(&r, &req, 5, parts, 3);
	is(r.iovcnt, 3, "_RESMGR_NPARTS(3): header + non-empty parts");
	is(r.out.len, sizeof(r.out) + 5, "len counts header and data");
	is(r.out.status, 5, "status from ctp->status");
	is(r.out.error, 0, "no error");
	is(r.out.reserved, 0, "reserved zero");

	req.nbytes = 4;
	rm_reply_build(&r, &req, 500, parts, 3);
	is(r.out.len, sizeof(r.out) + 4, "read data clamped to nbytes");
	is(r.out.status, 4, "read status clamped to nbytes");

	req.opcode = RESMGR_OP_WRITE;
	rm_reply_build(&r, &req, 5, parts, 3);
	ok(r.iovcnt == 1 && r.out.len == sizeof(r.out),
	   "write reply carries no data");
	is(r.out.status, 4, "write status clamped to the bytes sent");

	rm_reply_error(&r, 9, ENOENT);
	ok(r.iovcnt == 1 && r.out.len == sizeof(r.out) && r.out.error == ENOENT &&
	   r.out.flags == 0, "error reply: header only");

	req.opcode = RESMGR_OP_OPEN;
	req.handle = 0;
	rm_reply_build(&r, &req, 0, NULL, 0);
	is(r.out.error, ENOSYS, "open that bound nothing: ENOSYS");

	req.opcode = RESMGR_OP_STAT;
	rm_reply_build(&r, &req, 0, parts, 1);
	is(r.out.error, EIO, "stat reply without a struct stat: EIO");

	req.opcode = RESMGR_OP_READ;
	rm_reply_build(&r, &req, 0, parts, RM_NPARTS_MAX + 1);
	is(r.out.error, EMSGSIZE, "too many parts: EMSGSIZE");
}

static void test_bindtab(void)
{
	struct rm_bindtab t;
	struct rm_binding b = { (void *)0x1000, NULL, NULL, false, 0 }, got;
	struct _client_info ci = { .pid = 77 };
	uint64_t h1, h2, h3;
	int i, all = 1;

	rm_bindtab_init(&t);
	is(rm_bind_add(&t, &b, &ci, NULL, &h1), EOK, "bind");
	b.ocb = (void *)0x2000;
	rm_bind_add(&t, &b, &ci, NULL, &h2);
	ok(h1 != h2 && h1 && h2, "distinct non-zero handles");
	ok(rm_bind_get(&t, h2, &got) == EOK && got.ocb == (void *)0x2000,
	   "lookup finds the OCB");
	is(rm_bind_get(&t, 0, &got), EBADF, "handle 0: EBADF");
	is(rm_bind_get(&t, 0xdeadbeef, &got), EBADF, "made-up handle: EBADF");
	is(rm_bind_take(&t, h1, &got), EOK, "unbind");
	is(rm_bind_get(&t, h1, &got), EBADF, "unbound handle: EBADF");
	is(rm_bind_take(&t, h1, &got), EBADF, "unbind twice: EBADF");
	rm_bind_add(&t, &b, &ci, NULL, &h3);
	ok((uint32_t)h3 == (uint32_t)h1 && h3 != h1,
	   "slot reused with a new generation");
	is(rm_bind_get(&t, h1, &got), EBADF, "old handle stays dead");
	for (i = 0; i < 1000; i++)
		all &= rm_bind_add(&t, &b, &ci, NULL, &h3) == EOK;
	ok(all && rm_bind_get(&t, h2, &got) == EOK, "table grows");
	rm_bindtab_destroy(&t);
}

static void test_block(struct rm_ctx *ctx)
{
	dispatch_context_t *dctp = &ctx->pub;
	size_t len;

	ctx->pending = false;
	len = mk_connect(m, RESMGR_OP_OPEN, 81, O_RDONLY + 1, 1, 0, &user, "");
	fk.next = m;
	fk.next_len = len;
	ok(dispatch_block(dctp) == dctp, "dispatch_block receives");
	is(dctp->resmgr_context.rcvid, 81, "rcvid is the request id");
	is(dctp->resmgr_context.info.pid, TEST_PID, "info.pid");
	ok(fk.last_xfer.recv_buf && !fk.last_xfer.reply_iov,
	   "nothing to reply yet");
	dispatch_handler(dctp);
	ok(ctx->pending, "the reply waits for the next receive");

	len = mk_rw(m + 4096, RESMGR_OP_READ, 82, 0x1234, 1, 0, 0, NULL, 0);
	fk.next = m + 4096;
	fk.next_len = len;
	ok(dispatch_block(dctp) == dctp, "dispatch_block again");
	ok(fk.last_xfer.reply_iov && fk.last_xfer.recv_buf,
	   "reply and receive in one XFER");
	is(((struct resmgr_out_header *)fk.reply)->unique, 81,
	   "the pending reply answered request 81");
	ok(!ctx->pending, "nothing pending after");
	dispatch_handler(dctp);

	fk.next = NULL;
	ok(dispatch_block(dctp) == NULL && errno == EAGAIN,
	   "receive error reported after the reply went out");
	is(((struct resmgr_out_header *)fk.reply)->unique, 82,
	   "reply to 82 was sent anyway");
}

int main(void)
{
	struct rm_ctx *ctx;
	uint64_t h;

	tap_start();
	test_ioflag_encoding();
	test_decode_connect();
	test_reply_build();
	test_devctl_reply_build();
	test_bindtab();

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
	ctx = test_server(&connect_funcs, &io_funcs, &attr, t_other);

	test_open(ctx);
	h = open_ok(ctx, 15, O_RDONLY + 1, "");
	ok(h != 0, "second read open");
	test_read(ctx, h);
	test_lseek_stat(ctx, h);
	test_stat_path(ctx);
	test_return_protocol(ctx, h);
	test_devctl(ctx, h);
	test_close(ctx, h);

	attr.mode = S_IFNAM | 0666;
	h = open_ok(ctx, 16, O_WRONLY + 1, "");
	ok(h != 0, "write open");
	test_write(ctx, h);
	test_msgread_map(ctx, h);
	test_block(ctx);
	return tap_end();
}
