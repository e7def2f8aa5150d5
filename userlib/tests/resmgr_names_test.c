// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Resource-manager names a QNX source calls from its handlers:
 * resmgr_pathname() (the attach's path, "/" after a directory attach,
 * cut to the buffer, the full length returned), _resmgr_ocb() (the OCB
 * of the open a message info names, for I/O and for an open being
 * bound) and resmgr_endian_context() (the reply goes as built: there is
 * nothing to swap on Linux).
 */
#include "testlib.h"
#include "kselftest_harness.h"

static const struct test_client user = { 1000, 1000, NULL, 0 };

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;
static struct rm_ctx *ctx;
static unsigned char m[4096];

/* What the handlers saw, from inside the handler. */
static struct {
	char path[64];
	int len;
	void *ocb_by_info;	/* _resmgr_ocb(ctp, &ctp->info) */
	void *ocb_passed;	/* the OCB the library passed the handler */
	int err;
} seen;

static int h_open(resmgr_context_t *ctp, io_open_t *msg,
		  RESMGR_HANDLE_T *handle, void *extra)
{
	int ret = iofunc_open_default(ctp, msg, handle, extra);

	/* after the bind, the open's own OCB */
	seen.ocb_by_info = _resmgr_ocb(ctp, &ctp->info);
	seen.len = resmgr_pathname(ctp->id, 0, seen.path, sizeof(seen.path));
	return ret;
}

static int h_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	struct _msg_info info = ctp->info;

	seen.ocb_passed = ocb;
	seen.ocb_by_info = _resmgr_ocb(ctp, &info);
	/* another open's coid */
	info.coid += 1000;
	errno = 0;
	if (!_resmgr_ocb(ctp, &info))
		seen.err = errno;
	_IO_SET_READ_NBYTES(ctp, 0);
	return EOK;
}

/* A directory-style reply, marked for a cross-endian client first. */
static const unsigned char dir_bytes[] = "\x01\x02\x03\x04entries";

static int h_read_endian(resmgr_context_t *ctp, io_read_t *msg,
			 RESMGR_OCB_T *ocb)
{
	int status, offset, size;

	memcpy(msg, dir_bytes, sizeof(dir_bytes));
	_IO_SET_READ_NBYTES(ctp, sizeof(dir_bytes));
	status = ctp->status;
	offset = (int)ctp->offset;
	size = (int)ctp->size;
	resmgr_endian_context(ctp, _IO_READ, S_IFDIR, 0);
	resmgr_endian_context(ctp, -1, S_IFREG, _IO_XTYPE_NONE);
	/* nothing of the context changes */
	if (ctp->status != status || (int)ctp->offset != offset ||
	    (int)ctp->size != size)
		seen.err = -1;
	return _RESMGR_PTR(ctp, msg, sizeof(dir_bytes));
}

static struct rm_link *test_link(void)
{
	return ctx->dpp->links;
}

FIXTURE(server) {};

FIXTURE_SETUP(server)
{
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = h_open;
	io_funcs.read = h_read;
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);
	ctx = test_server(&connect_funcs, &io_funcs, &attr, NULL);
	test_link()->path = strdup("/dev/names");
	memset(&seen, 0, sizeof(seen));
}

FIXTURE_TEARDOWN(server)
{
}

TEST_F(server, pathname_is_the_attach_path_with_a_slash_for_directories)
{
	char buf[64];

	/* a file attach: the path as attached, length with the NUL */
	memset(buf, 'x', sizeof(buf));
	EXPECT_EQ((int)sizeof("/dev/names"),
		  resmgr_pathname(TEST_LINK, 0, buf, sizeof(buf)));
	EXPECT_STREQ("/dev/names", buf);
	/* the local path is the same one */
	EXPECT_EQ((int)sizeof("/dev/names"),
		  resmgr_pathname(TEST_LINK, _RESMGR_PATHNAME_LOCALPATH, buf,
				  sizeof(buf)));
	EXPECT_STREQ("/dev/names", buf);
	/* cut to the buffer, NUL-terminated; still the full length */
	EXPECT_EQ((int)sizeof("/dev/names"),
		  resmgr_pathname(TEST_LINK, 0, buf, 5));
	EXPECT_STREQ("/dev", buf);
	/* no buffer: just the length */
	EXPECT_EQ((int)sizeof("/dev/names"),
		  resmgr_pathname(TEST_LINK, 0, NULL, 0));

	/* a directory attach ends in "/" (once) */
	test_link()->dir = true;
	EXPECT_EQ((int)sizeof("/dev/names/"),
		  resmgr_pathname(TEST_LINK, 0, buf, sizeof(buf)));
	EXPECT_STREQ("/dev/names/", buf);
	free(test_link()->path);
	test_link()->path = strdup("/fs/");
	EXPECT_EQ((int)sizeof("/fs/"),
		  resmgr_pathname(TEST_LINK, 0, buf, sizeof(buf)));
	EXPECT_STREQ("/fs/", buf);

	/* an id nobody attached, a detached one, bad arguments */
	errno = 0;
	EXPECT_EQ(-1, resmgr_pathname(TEST_LINK + 1, 0, buf, sizeof(buf)));
	EXPECT_EQ(ESRCH, errno);
	test_link()->attached = false;
	errno = 0;
	EXPECT_EQ(-1, resmgr_pathname(TEST_LINK, 0, buf, sizeof(buf)));
	EXPECT_EQ(ESRCH, errno);
	test_link()->attached = true;
	errno = 0;
	EXPECT_EQ(-1, resmgr_pathname(TEST_LINK, 0, buf, -1));
	EXPECT_EQ(EINVAL, errno);
	errno = 0;
	EXPECT_EQ(-1, resmgr_pathname(TEST_LINK, 0x80000000u, buf, 8));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(server, pathname_from_a_handler_is_its_attach)
{
	size_t len;

	len = mk_connect(m, RESMGR_OP_OPEN, 1, O_RDONLY + 1, 1, 0, &user, "");
	deliver(ctx, m, len);
	ASSERT_NE(0, open_reply_handle(ctx));
	EXPECT_EQ((int)sizeof("/dev/names"), seen.len);
	EXPECT_STREQ("/dev/names", seen.path);
}

TEST_F(server, resmgr_ocb_of_an_info_is_that_opens_ocb)
{
	struct _msg_info info;
	void *bound;
	uint64_t h1, h2;
	size_t len;

	/* in the open handler, after the bind: the OCB being bound */
	len = mk_connect(m, RESMGR_OP_OPEN, 1, O_RDONLY + 1, 1, 0, &user, "");
	deliver(ctx, m, len);
	h1 = open_reply_handle(ctx);
	ASSERT_NE(0, h1);
	bound = seen.ocb_by_info;
	ASSERT_NE(NULL, bound);
	EXPECT_EQ(&attr, ((iofunc_ocb_t *)bound)->attr);

	len = mk_connect(m, RESMGR_OP_OPEN, 2, O_RDONLY + 1, 1, 0, &user, "");
	deliver(ctx, m, len);
	h2 = open_reply_handle(ctx);
	ASSERT_NE(0, h2);
	EXPECT_NE(bound, seen.ocb_by_info);

	/* an I/O message: its info names its own open, not the other one */
	len = mk_rw(m, RESMGR_OP_READ, 3, h1, 16, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	EXPECT_EQ(bound, seen.ocb_passed);
	EXPECT_EQ(bound, seen.ocb_by_info);
	/* a coid no open has: NULL, ESRCH */
	EXPECT_EQ(ESRCH, seen.err);
	len = mk_rw(m, RESMGR_OP_READ, 4, h2, 16, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	EXPECT_EQ(seen.ocb_passed, seen.ocb_by_info);
	EXPECT_NE(bound, seen.ocb_by_info);

	/* outside a handler, from a saved info: still that open's */
	memset(&info, 0, sizeof(info));
	info.coid = (int32_t)(h1 & INT32_MAX);
	EXPECT_EQ(bound, _resmgr_ocb(&ctx->pub.resmgr_context, &info));
	/* no info */
	errno = 0;
	EXPECT_NULL(_resmgr_ocb(&ctx->pub.resmgr_context, NULL));
	EXPECT_EQ(EINVAL, errno);
}

TEST_F(server, endian_context_leaves_the_reply_as_built)
{
	const struct resmgr_out_header *out;
	uint64_t h;
	size_t len;

	io_funcs.read = h_read_endian;
	len = mk_connect(m, RESMGR_OP_OPEN, 1, O_RDONLY + 1, 1, 0, &user, "");
	deliver(ctx, m, len);
	h = open_reply_handle(ctx);
	ASSERT_NE(0, h);
	len = mk_rw(m, RESMGR_OP_READ, 2, h, 64, 0, 0, NULL, 0);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	ASSERT_NE(NULL, out);
	EXPECT_EQ(0, out->error);
	EXPECT_EQ(0, seen.err);
	/* the bytes go out in the server's order, unswapped */
	EXPECT_EQ(sizeof(struct resmgr_out_header) + sizeof(dir_bytes),
		  fk.reply_len);
	EXPECT_EQ(0, memcmp(reply_body(), dir_bytes, sizeof(dir_bytes)));
	/* and without a context: nothing to touch */
	resmgr_endian_context(NULL, _IO_READ, S_IFDIR, 0);
}

TEST_HARNESS_MAIN
