// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Directory resource managers: the mode OPEN replies carry, paths under
 * a directory attach, the connect table (unlink, rename, mknod, readlink,
 * link) and its link replies, the iofunc helpers for them, and READ of
 * a directory as struct resmgr_dirent records.
 */
#include <sys/sysmacros.h>

#include <dirent.h>
#include <sys/resmgr_dirent.h>

#include "testlib.h"
#include "kselftest_harness.h"

static const struct test_client owner = { 1000, 1000, NULL, 0 };
static const struct test_client other __attribute__((unused)) = { 2000, 2000, NULL, 0 };

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static struct rm_ctx *ctx;
static unsigned char m[16384];

/* A tiny tree: the attach point (a directory), "f" (a file), "d" (a
 * directory), "l" (a symlink to "f"), "x" (bound without iofunc).
 */
static iofunc_attr_t root, f_attr, d_attr, l_attr;
static struct {
	int calls;
	unsigned char msg[4200];
	char extra[4200];
	void *extra_ocb;
	iofunc_attr_t *extra_attr;
	uint32_t rdev;
	int have_rdev;
	int rcvid;
} seen;
static int x_ocb;
static int x_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb);
static const resmgr_io_funcs_t x_io = { .nfuncs = _RESMGR_IO_NFUNCS,
					.read = x_read };
static mode_t x_mode = S_IFIFO | 0600;

static iofunc_attr_t *lookup(const char *path)
{
	if (!*path)
		return &root;
	if (!strcmp(path, "f"))
		return &f_attr;
	if (!strcmp(path, "d"))
		return &d_attr;
	if (!strcmp(path, "l"))
		return &l_attr;
	return NULL;
}

static int r_open(resmgr_context_t *ctp, io_open_t *msg,
		  RESMGR_HANDLE_T *handle, void *extra)
{
	iofunc_attr_t *a;

	memcpy(seen.msg, msg, sizeof(msg->connect) + msg->connect.path_len);
	seen.calls++;
	if (!strncmp(msg->connect.path, "l/", 2) ||
	    (!strcmp(msg->connect.path, "l") &&
	     !(msg->connect.ioflag & O_NOFOLLOW))) {
		_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
		return EOK;
	}
	if (!strcmp(msg->connect.path, "x")) {
		if (resmgr_open_bind(ctp, &x_ocb, &x_io) < 0)
			return errno;
		if (resmgr_open_mode(ctp, x_mode) < 0)
			return errno;
		return EOK;
	}
	if (!strcmp(msg->connect.path, "ftype")) {
		_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_FTYPE);
		return EOK;
	}
	if (!strcmp(msg->connect.path, "bound-link")) {
		if (resmgr_open_bind(ctp, &x_ocb, &x_io) < 0)
			return errno;
		_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
		return EOK;
	}
	if (!strcmp(msg->connect.path, "y"))
		return resmgr_open_bind(ctp, &x_ocb, &x_io) < 0 ? errno : EOK;
	a = lookup(msg->connect.path);
	if (!a)
		return ENOENT;
	return iofunc_open_default(ctp, msg, a, extra);
}

static const struct resmgr_out_header *send_connect(uint16_t opcode,
						    uint64_t unique,
						    uint32_t ioflag,
						    uint32_t mode,
						    const char *path)
{
	size_t len = mk_connect(m, opcode, unique, ioflag,
				ioflag & RESMGR_IOFLAG_ACCMODE, mode, &owner,
				path);

	deliver(ctx, m, len);
	return pending_reply(ctx);
}

static uint32_t open_mode_of(const struct resmgr_out_header *out)
{
	struct resmgr_open_out oo;

	if (!out || out->error || out->len < sizeof(*out) + sizeof(oo))
		return ~0U;
	memcpy(&oo, reply_body(), sizeof(oo));
	return oo.mode;
}

static uint64_t open_handle_of(const struct resmgr_out_header *out)
{
	struct resmgr_open_out oo;

	if (!out || out->error || out->len < sizeof(*out) + sizeof(oo))
		return 0;
	memcpy(&oo, reply_body(), sizeof(oo));
	return oo.ocb;
}

static void close_open(uint64_t h)
{
	mk_in(m, RESMGR_OP_CLOSE_DUP, 999, h, sizeof(struct resmgr_in_header));
	((struct resmgr_in_header *)m)->flags |= RESMGR_IN_F_LAST;
	deliver(ctx, m, sizeof(struct resmgr_in_header));
}

static void tree_init(void)
{
	iofunc_attr_init(&root, S_IFDIR | 0777, NULL, NULL);
	root.uid = 1000;
	root.gid = 1000;
	iofunc_attr_init(&f_attr, S_IFREG | 0644, &root, NULL);
	f_attr.uid = 1000;
	f_attr.gid = 1000;
	iofunc_attr_init(&d_attr, S_IFDIR | 0755, &root, NULL);
	d_attr.uid = 1000;
	d_attr.gid = 1000;
	d_attr.nlink = 2;
	iofunc_attr_init(&l_attr, S_IFLNK | 0777, &root, NULL);
	l_attr.uid = 1000;
	l_attr.gid = 1000;
}

/* The connect table's handlers and the read handler, further down. */
static int r_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
		    RESMGR_HANDLE_T *handle, void *reserved);
static int r_rename(resmgr_context_t *ctp, io_rename_t *msg,
		    RESMGR_HANDLE_T *handle, io_rename_extra_t *extra);
static int r_mknod(resmgr_context_t *ctp, io_mknod_t *msg,
		   RESMGR_HANDLE_T *handle, void *reserved);
static int r_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		      RESMGR_HANDLE_T *handle, void *reserved);
static int r_link(resmgr_context_t *ctp, io_link_t *msg,
		  RESMGR_HANDLE_T *handle, io_link_extra_t *extra);
static int r_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb);

/* The server: the tiny tree above, attached as a directory at /test. */
FIXTURE(tree) {};

FIXTURE_SETUP(tree)
{
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = r_open;
	connect_funcs.unlink = r_unlink;
	connect_funcs.rename = r_rename;
	connect_funcs.mknod = r_mknod;
	connect_funcs.readlink = r_readlink;
	connect_funcs.link = r_link;
	io_funcs.read = r_read;
	ctx = test_server(&connect_funcs, &io_funcs, &root, NULL);
	ctx->dpp->links->path = "/test";
	ctx->dpp->links->dir = true;
	tree_init();
}

FIXTURE_TEARDOWN(tree)
{
}

TEST_F(tree, open_replies_carry_the_mode)
{
	const struct resmgr_out_header *out;
	struct rm_link *link = ctx->dpp->links;

	out = send_connect(RESMGR_OP_OPEN, 1, O_RDONLY + 1, 0, "f");
	/* OPEN of a file: its attr's mode */
	EXPECT_EQ(S_IFREG | 0644, open_mode_of(out));
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 2, O_RDONLY + 1, 0, "d");
	/* OPEN of a directory: S_IFDIR */
	EXPECT_EQ(S_IFDIR | 0755, open_mode_of(out));
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 3, O_RDONLY + 1, 0, "");
	/* OPEN of the attach point */
	EXPECT_EQ(S_IFDIR | 0777, open_mode_of(out));
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 4, O_RDONLY + 1, 0, "x");
	/* non-iofunc OCB: the mode resmgr_open_mode() gave */
	EXPECT_EQ(S_IFIFO | 0600, open_mode_of(out));
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 5, O_RDONLY + 1, 0, "y");
	/* non-iofunc OCB without a mode: 0 */
	EXPECT_EQ(0, open_mode_of(out));
	close_open(open_handle_of(out));

	link->dir = false;
	out = send_connect(RESMGR_OP_OPEN, 6, O_RDONLY + 1, 0, "");
	/* file attach: its attach point's own type (0) */
	EXPECT_EQ(0, open_mode_of(out));
	close_open(open_handle_of(out));
	link->dir = true;
}

/* Recording handlers for the rest of the connect table. */
static void record(resmgr_context_t *ctp, const void *msg, const char *x)
{
	const struct _io_connect *c = msg;

	seen.calls++;
	seen.rcvid = ctp->rcvid;
	memcpy(seen.msg, msg, sizeof(*c) + c->path_len);
	if (x)
		snprintf(seen.extra, sizeof(seen.extra), "%s", x);
	else
		seen.extra[0] = '\0';
}

static int r_unlink(resmgr_context_t *ctp, io_unlink_t *msg,
		    RESMGR_HANDLE_T *handle, void *reserved)
{
	record(ctp, msg, NULL);
	if (!strncmp(msg->connect.path, "l/", 2)) {
		_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
		return EOK;
	}
	return EOK;
}

static int r_rename(resmgr_context_t *ctp, io_rename_t *msg,
		    RESMGR_HANDLE_T *handle, io_rename_extra_t *extra)
{
	record(ctp, msg, extra->path);
	return EOK;
}

static int r_mknod(resmgr_context_t *ctp, io_mknod_t *msg,
		   RESMGR_HANDLE_T *handle, void *reserved)
{
	io_mknod_extra_t *mx = reserved;

	record(ctp, msg, NULL);
	seen.have_rdev = !!mx;
	seen.rdev = mx ? (uint32_t)mx->rdev : 0;
	return EOK;
}

/* QNX style: a link reply with the target after it. */
static int r_readlink(resmgr_context_t *ctp, io_readlink_t *msg,
		      RESMGR_HANDLE_T *handle, void *reserved)
{
	static const char target[] = "some/target";
	char *path = (char *)(&msg->link_reply + 1);

	record(ctp, msg, NULL);
	if (!strcmp(msg->connect.path, "plain")) {
		_RESMGR_STATUS(ctp, 4);
		return _RESMGR_PTR(ctp, "abcdefg", 7);
	}
	if (strcmp(msg->connect.path, "l"))
		return EINVAL;
	memset(&msg->link_reply, 0, sizeof(msg->link_reply));
	msg->link_reply.path_len = sizeof(target);
	memcpy(path, target, sizeof(target));
	_IO_SET_CONNECT_RET(ctp, _IO_CONNECT_RET_LINK);
	return _RESMGR_PTR(ctp, &msg->link_reply,
			   sizeof(msg->link_reply) + sizeof(target));
}

static int r_link(resmgr_context_t *ctp, io_link_t *msg,
		  RESMGR_HANDLE_T *handle, io_link_extra_t *extra)
{
	record(ctp, msg, msg->connect.extra_type == _IO_CONNECT_EXTRA_SYMLINK ?
			 extra->path : NULL);
	seen.extra_ocb = msg->connect.extra_type == _IO_CONNECT_EXTRA_LINK ?
			 extra->ocb : NULL;
	if (seen.extra_ocb) {
		seen.extra_attr = ((iofunc_ocb_t *)extra->ocb)->attr;
		seen.have_rdev = seen.extra_attr->count;
	}
	return EOK;
}

/* A connect message with extra data (@xlen bytes at @x). */
static size_t mk_connect_extra(void *buf, uint16_t opcode, uint64_t unique,
			       uint32_t mode, const char *path,
			       uint16_t xtype, const void *x, size_t xlen)
{
	size_t len = mk_connect(buf, opcode, unique, 0, 0, mode, &owner, path);
	size_t xoff = (len + 7) & ~(size_t)7;
	struct resmgr_connect_in ci;
	unsigned char *p = buf;

	memset(p + len, 0, xoff - len);
	memcpy(p + xoff, x, xlen);
	memcpy(&ci, p + sizeof(struct resmgr_in_header), sizeof(ci));
	ci.extra_type = xtype;
	ci.extra_len = xlen;
	memcpy(p + sizeof(struct resmgr_in_header), &ci, sizeof(ci));
	mk_in(buf, opcode, unique, 0, xoff + xlen);
	return xoff + xlen;
}

static const struct _io_connect *seen_connect(void)
{
	return (const void *)seen.msg;
}

TEST_F(tree, connect_table_handlers_get_their_qnx_messages)
{
	const struct resmgr_out_header *out;
	struct resmgr_mknod_extra mx = { .rdev = (5 << 8) | 7 };
	size_t len;

	memset(&seen, 0, sizeof(seen));
	out = send_connect(RESMGR_OP_UNLINK, 20, 0, S_IFDIR, "d");
	/* UNLINK (rmdir) -> io_unlink_t with mode S_IFDIR, O_NOFOLLOW */
	EXPECT_TRUE(out && !out->error && seen.calls == 1 &&
		    seen_connect()->subtype == _IO_CONNECT_UNLINK &&
		    !strcmp(seen_connect()->path, "d") &&
		    seen_connect()->mode == S_IFDIR &&
		    (seen_connect()->ioflag & O_NOFOLLOW) && seen.rcvid == 20);

	out = send_connect(RESMGR_OP_UNLINK, 21, 0, 0, "l/f");
	/* _IO_CONNECT_RET_LINK -> RESMGR_OUT_F_SYMLINK, no body */
	EXPECT_TRUE(out && !out->error && out->flags == RESMGR_OUT_F_SYMLINK &&
		    out->status == 0 && out->len == sizeof(*out));

	len = mk_connect_extra(m, RESMGR_OP_RENAME, 22, 0, "d/new",
			       RESMGR_EXTRA_RENAME, "f", 2);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* RENAME -> io_rename_t, old name in io_rename_extra_t */
	EXPECT_TRUE(out && !out->error &&
		    seen_connect()->subtype == _IO_CONNECT_RENAME &&
		    !strcmp(seen_connect()->path, "d/new") &&
		    !strcmp(seen.extra, "f") &&
		    seen_connect()->extra_type == _IO_CONNECT_EXTRA_RENAME);
	len = mk_connect_extra(m, RESMGR_OP_RENAME, 23, 0, "d/new",
			       RESMGR_EXTRA_RENAME, "fx", 2);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* RENAME old name without NUL: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	len = mk_connect(m, RESMGR_OP_RENAME, 24, 0, 0, 0, &owner, "d/new");
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* RENAME without old name: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);

	out = send_connect(RESMGR_OP_MKNOD, 25, 0, S_IFDIR | 0777, "newdir");
	/* MKNOD (mkdir) -> io_mknod_t, umask applied, no device */
	EXPECT_TRUE(out && !out->error &&
		    seen_connect()->subtype == _IO_CONNECT_MKNOD &&
		    seen_connect()->mode == (S_IFDIR | 0755) &&
		    !seen.have_rdev);
	len = mk_connect_extra(m, RESMGR_OP_MKNOD, 26, S_IFCHR | 0600, "dev",
			       RESMGR_EXTRA_MKNOD, &mx, sizeof(mx));
	deliver(ctx, m, len);
	/* MKNOD of a device: rdev in io_mknod_extra_t */
	EXPECT_TRUE(seen.have_rdev && major(seen.rdev) == 5 &&
		    minor(seen.rdev) == 7 &&
		    seen_connect()->extra_type == _IO_CONNECT_EXTRA_MKNOD);

	out = send_connect(RESMGR_OP_READLINK, 27, 0, 0, "l");
	/* READLINK: a link reply's path is the data, status its length */
	EXPECT_TRUE(out && !out->error && out->status == 11 &&
		    out->len == sizeof(*out) + 11 &&
		    !memcmp(reply_body(), "some/target", 11) && !out->flags);
	out = send_connect(RESMGR_OP_READLINK, 28, 0, 0, "plain");
	/* READLINK: a plain reply, cut to its status */
	EXPECT_TRUE(out && !out->error && out->status == 4 &&
		    out->len == sizeof(*out) + 4 &&
		    !memcmp(reply_body(), "abcd", 4));
	out = send_connect(RESMGR_OP_READLINK, 29, 0, 0, "f");
	/* READLINK: the handler's error */
	EXPECT_TRUE(out && out->error == EINVAL);

	len = mk_connect_extra(m, RESMGR_OP_LINK, 30, 0, "s",
			       RESMGR_EXTRA_SYMLINK, "d/target\0", 10);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* LINK (symlink) -> io_link_t, the target in extra->path */
	EXPECT_TRUE(out && !out->error &&
		    seen_connect()->subtype == _IO_CONNECT_LINK &&
		    seen_connect()->extra_type == _IO_CONNECT_EXTRA_SYMLINK &&
		    !strcmp(seen.extra, "d/target") &&
		    !strcmp(seen_connect()->path, "s"));

	seen.calls = 0;
	seen.have_rdev = -1;
	len = mk_connect_extra(m, RESMGR_OP_LINK, 31, 0, "d/hard",
			       RESMGR_EXTRA_LINK, "f", 2);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* LINK (hard) -> the existing file's OCB from the open handler */
	EXPECT_TRUE(out && !out->error && out->len == sizeof(*out) &&
		    seen.calls == 2 && seen.extra_ocb && seen.have_rdev == 1 &&
		    seen.extra_attr == &f_attr &&
		    !strcmp(seen_connect()->path, "d/hard"));
	/* and that OCB is closed after the handler */
	EXPECT_EQ(0, f_attr.count);
	len = mk_connect_extra(m, RESMGR_OP_LINK, 32, 0, "d/hard",
			       RESMGR_EXTRA_LINK, "nope", 5);
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* LINK to a missing file: open's ENOENT */
	EXPECT_TRUE(out && out->error == ENOENT);
}

static size_t used_bindings(void)
{
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < ctx->dpp->bindings.nslots; i++)
		n += ctx->dpp->bindings.slot[i].used;
	return n;
}

TEST_F(tree, long_paths_links_and_link_replies)
{
	static char path[RESMGR_PATH_MAX], old[RESMGR_PATH_MAX];
	const struct resmgr_out_header *out;
	size_t len;

	memset(path, 'a', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	memset(old, 'b', sizeof(old) - 1);
	old[sizeof(old) - 1] = '\0';
	memset(&seen, 0, sizeof(seen));
	len = mk_connect_extra(m, RESMGR_OP_RENAME, 40, 0, path,
			       RESMGR_EXTRA_RENAME, old, sizeof(old));
	/* the message is longer than the receive buffer */
	EXPECT_LT(ctx->rlen, len);
	fk.nreads = 0;
	deliver(ctx, m, len);
	out = pending_reply(ctx);
	/* RESMGR_PATH_MAX paths, read in full with MSGREAD */
	EXPECT_TRUE(out && !out->error && fk.nreads == 1 &&
		    strlen(seen_connect()->path) == RESMGR_PATH_MAX - 1 &&
		    strlen(seen.extra) == RESMGR_PATH_MAX - 1 &&
		    seen.extra[0] == 'b');

	out = send_connect(RESMGR_OP_OPEN, 41, O_RDONLY + 1, 0, "l/f");
	/* OPEN across a link: RESMGR_OUT_F_SYMLINK */
	EXPECT_TRUE(out && !out->error && out->flags == RESMGR_OUT_F_SYMLINK &&
		    out->len == sizeof(*out));
	out = send_connect(RESMGR_OP_OPEN, 42, O_RDONLY + 1 + O_NOFOLLOW, 0, "l");
	/* OPEN of a link with O_NOFOLLOW opens it */
	EXPECT_TRUE(out && !out->error && !out->flags && open_handle_of(out));
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_STAT_PATH, 43, 0, 0, "l/f");
	/* STAT_PATH across a link: SYMLINK reply */
	EXPECT_TRUE(out && !out->error && out->flags == RESMGR_OUT_F_SYMLINK &&
		    out->len == sizeof(*out));
	out = send_connect(RESMGR_OP_STAT_PATH, 44, 0, 0, "l");
	/* STAT_PATH of a link: the link itself (O_NOFOLLOW) */
	EXPECT_TRUE(out && !out->error && !out->flags &&
		    out->len == sizeof(*out) + sizeof(struct resmgr_stat) &&
		    (((const struct resmgr_stat *)reply_body())->mode &
		     S_IFMT) == S_IFLNK);
	out = send_connect(RESMGR_OP_OPEN, 46, O_RDONLY + 1, 0, "ftype");
	/* _IO_CONNECT_RET_FTYPE: ENOSYS */
	EXPECT_TRUE(out && out->error == ENOSYS);
	len = used_bindings();
	out = send_connect(RESMGR_OP_OPEN, 47, O_RDONLY + 1, 0, "bound-link");
	/* a link reply after binding: no open, the binding is dropped */
	EXPECT_TRUE(out && !out->error && out->flags == RESMGR_OUT_F_SYMLINK &&
		    out->len == sizeof(*out) && used_bindings() == len);
	out = send_connect(RESMGR_OP_OPEN, 45, O_RDONLY + 1, 0, "d/");
	/* no eflag unless the kernel sends one */
	EXPECT_EQ(0, seen_connect()->eflag);
}

TEST_F(tree, eflag_reaches_the_handler)
{
	size_t len = mk_connect(m, RESMGR_OP_OPEN, 46, O_RDONLY + 1, 1, 0,
				&owner, "d");
	struct resmgr_connect_in ci;

	memcpy(&ci, m + sizeof(struct resmgr_in_header), sizeof(ci));
	ci.eflag = RESMGR_EFLAG_DIR | RESMGR_EFLAG_DOTDOT;
	memcpy(m + sizeof(struct resmgr_in_header), &ci, sizeof(ci));
	deliver(ctx, m, len);
	/* eflag reaches the handler as _IO_CONNECT_EFLAG_* */
	EXPECT_EQ((_IO_CONNECT_EFLAG_DIR | _IO_CONNECT_EFLAG_DOTDOT),
		  seen_connect()->eflag);
	close_open(open_handle_of(pending_reply(ctx)));
}

TEST_F(tree, connect_requests_without_a_handler_are_enosys)
{
	static resmgr_connect_funcs_t dflt;
	const resmgr_connect_funcs_t *save = ctx->dpp->links->connect;
	const struct resmgr_out_header *out;
	static const uint16_t ops[] = { RESMGR_OP_UNLINK, RESMGR_OP_MKNOD,
					RESMGR_OP_READLINK };
	unsigned i;
	int all = 1;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &dflt, 0, NULL);
	/* iofunc_func_init: open only, as QNX (no connect defaults) */
	EXPECT_TRUE(dflt.open == iofunc_open_default && !dflt.unlink &&
		    !dflt.rename && !dflt.mknod && !dflt.readlink &&
		    !dflt.link && !dflt.mount);
	ctx->dpp->links->connect = &dflt;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		out = send_connect(ops[i], 50 + i, 0, 0, "f");
		all &= out && out->error == ENOSYS;
	}
	/* unlink/mknod/readlink without a handler: ENOSYS */
	EXPECT_TRUE(all);
	ctx->dpp->links->connect = save;
}

/*
 * A QNX directory read handler: entry i is at position 100 + 10 * i
 * (0 is the start too), as many whole records as msg->i.nbytes holds.
 */
static const char *const names[] = { ".", "..", "f", "d", "l" };
#define NNAMES	5
static uint32_t read_xtype;

static int r_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static unsigned char buf[4096] __attribute__((aligned(8)));
	struct iofunc_dirent *d;
	size_t n = 0, reclen;
	int64_t i;

	read_xtype = msg->i.xtype;
	if (!S_ISDIR(ocb->attr->mode))
		return iofunc_read_default(ctp, msg, ocb);
	i = ocb->offset ? (ocb->offset - 100) / 10 : 0;
	for (; i < NNAMES; i++) {
		reclen = IOFUNC_DIRENT_RECLEN(strlen(names[i]));
		if (n + reclen > msg->i.nbytes || n + reclen > sizeof(buf))
			break;
		d = (struct iofunc_dirent *)(buf + n);
		memset(d, 0, reclen);
		d->d_ino = 1000 + i;
		d->d_offset = 100 + 10 * i;
		d->d_reclen = reclen;
		d->d_namelen = strlen(names[i]);
		strcpy(d->d_name, names[i]);
		n += reclen;
	}
	ocb->offset = 100 + 10 * i;
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, buf, n);
}

/* A non-iofunc directory: the position comes as an XTYPE_OFFSET read. */
static int64_t x_read_pos = -2;

static int x_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static unsigned char buf[64] __attribute__((aligned(8)));
	struct iofunc_dirent *d = (void *)buf;

	x_read_pos = (msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET ?
		     ((struct _xtype_offset *)(&msg->i + 1))->offset : -1;
	memset(buf, 0, sizeof(buf));
	d->d_ino = 9;
	d->d_offset = 42;
	d->d_namelen = 1;
	d->d_reclen = IOFUNC_DIRENT_RECLEN(1);
	d->d_name[0] = 'z';
	_IO_SET_READ_NBYTES(ctp, d->d_reclen);
	return _RESMGR_PTR(ctp, buf, d->d_reclen);
}

static const struct resmgr_out_header *read_at(uint64_t h, uint64_t unique,
					       int64_t pos, uint64_t nbytes)
{
	deliver(ctx, m, mk_rw(m, RESMGR_OP_READ, unique, h, nbytes, pos,
			      RESMGR_XTYPE_OFFSET, NULL, 0));
	return pending_reply(ctx);
}

/* Check the records of a reply: names from @first on, next positions. */
static int check_dirents(const struct resmgr_out_header *out, int first,
			 int count, int64_t last_next)
{
	const unsigned char *p = reply_body();
	size_t len = out->len - sizeof(*out), off = 0;
	struct resmgr_dirent k;
	int i;

	if (out->error || (size_t)out->status != len)
		return 0;
	for (i = first; off < len; i++) {
		memcpy(&k, p + off, sizeof(k));
		if (i >= first + count || k.reclen % 8 ||
		    k.reclen != rm_dirent_size(k.namelen) ||
		    k.namelen != strlen(names[i]) || k.ino != 1000U + i ||
		    k.type != DT_UNKNOWN ||
		    memcmp(p + off + sizeof(k), names[i], k.namelen + 1) ||
		    k.next != (i + 1 < first + count ? 100 + 10 * (i + 1) :
						       last_next))
			return 0;
		off += k.reclen;
	}
	return i == first + count;
}

TEST_F(tree, read_of_a_directory_gives_resmgr_dirents)
{
	const struct resmgr_out_header *out;
	uint64_t h, fh;

	h = open_handle_of(send_connect(RESMGR_OP_OPEN, 60, O_RDONLY + 1, 0, ""));
	ASSERT_NE(0, h);
	out = read_at(h, 61, 0, 4096);
	/* READ of a directory: every entry as resmgr_dirent, xtype NONE */
	EXPECT_TRUE(out && check_dirents(out, 0, NNAMES, 150) &&
		    (read_xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE);
	out = read_at(h, 62, 130, 4096);
	/* READ from a position: ocb->offset is that position */
	EXPECT_TRUE(out && check_dirents(out, 3, 2, 150));
	out = read_at(h, 63, 150, 4096);
	/* READ at the end: empty reply */
	EXPECT_TRUE(out && !out->error && out->status == 0 &&
		    out->len == sizeof(*out));
	out = read_at(h, 64, 0, 50);
	/* only whole records fit; the last one's next is the next d_offset */
	EXPECT_TRUE(out && check_dirents(out, 0, 1, 110));
	out = read_at(h, 65, 0, 28);
	/* no room for one record: EINVAL */
	EXPECT_TRUE(out && out->error == EINVAL);
	close_open(h);

	fh = open_handle_of(send_connect(RESMGR_OP_OPEN, 66, O_RDONLY + 1, 0,
					 "f"));
	out = read_at(fh, 67, 5, 4096);
	/* READ of a file stays a pread */
	EXPECT_TRUE(out && (read_xtype & _IO_XTYPE_MASK) ==
		    _IO_XTYPE_OFFSET);
	close_open(fh);

	ctx->dpp->links->dir = false;
	h = open_handle_of(send_connect(RESMGR_OP_OPEN, 70, O_RDONLY + 1, 0, ""));
	out = read_at(h, 71, 0, 4096);
	/* a directory attr under a file attach is read as a file */
	EXPECT_TRUE(out && (read_xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET);
	close_open(h);
	ctx->dpp->links->dir = true;

	x_mode = S_IFDIR | 0755;
	out = send_connect(RESMGR_OP_OPEN, 68, O_RDONLY + 1, 0, "x");
	/* non-iofunc directory open */
	EXPECT_EQ(S_IFDIR | 0755, open_mode_of(out));
	h = open_handle_of(out);
	out = read_at(h, 69, 42, 4096);
	/* non-iofunc directory: XTYPE_OFFSET read, last next d_offset + 1 */
	EXPECT_TRUE(out && !out->error && x_read_pos == 42 &&
		    out->status == (long)rm_dirent_size(1) &&
		    ((const struct resmgr_dirent *)reply_body())->next == 43);
	close_open(h);
	x_mode = S_IFIFO | 0600;
}

TEST(dirents_translate_and_bad_records_are_eio)
{
	unsigned char in[64] __attribute__((aligned(8))), out[128];
	struct iofunc_dirent *d = (void *)in;
	struct resmgr_dirent k;

	memset(in, 0, sizeof(in));
	d->d_ino = 5;
	d->d_offset = 7;
	d->d_namelen = 3;
	d->d_reclen = IOFUNC_DIRENT_RECLEN(3);
	memcpy(d->d_name, "abc", 4);
	/* one record */
	EXPECT_EQ(rm_dirent_size(3),
		  rm_dirents_translate(in, d->d_reclen, -1, out, sizeof(out)));
	memcpy(&k, out, sizeof(k));
	/* without an OCB position, the last next is its d_offset + 1 */
	EXPECT_TRUE(k.next == 8 && k.ino == 5 &&
		    !memcmp(out + sizeof(k), "abc", 4));
	/* with an end */
	EXPECT_EQ(rm_dirent_size(3),
		  rm_dirents_translate(in, d->d_reclen, 99, out, sizeof(out)));
	memcpy(&k, out, sizeof(k));
	/* the last next is the end */
	EXPECT_EQ(99, k.next);
	d->d_reclen = 200;
	/* a record longer than the data: EIO */
	EXPECT_EQ(-EIO, rm_dirents_translate(in, 24, 99, out, sizeof(out)));
	d->d_reclen = IOFUNC_DIRENT_RECLEN(3);
	d->d_namelen = 0;
	/* an empty name: EIO */
	EXPECT_EQ(-EIO, rm_dirents_translate(in, 24, 99, out, sizeof(out)));
	d->d_namelen = 3;
	d->d_offset = -1;
	/* a negative position: EIO */
	EXPECT_EQ(-EIO, rm_dirents_translate(in, 24, 99, out, sizeof(out)));
	/* no data: no records */
	EXPECT_EQ(0, rm_dirents_translate(in, 0, 99, out, sizeof(out)));
}

/*
 * _DEXTRA_* data: a QNX handler's records with a struct stat after the
 * name give readdir() the entry's type; anything else stays unknown.
 */
TEST(dirent_extra_stat_gives_the_entry_type)
{
	unsigned char in[512] __attribute__((aligned(8))), out[256];
	struct iofunc_dirent *d = (void *)in, *d2;
	struct dirent_extra_stat *xs;
	struct dirent_extra *x;
	struct resmgr_dirent k;
	size_t len;

	memset(in, 0, sizeof(in));
	d->d_offset = 1;
	d->d_namelen = 4;
	memcpy(d->d_name, "sub1", 5);
	x = _DEXTRA_FIRST(d);
	/* _DEXTRA_FIRST: 8-aligned after the name's NUL */
	EXPECT_TRUE((char *)x - (char *)d == 32 && ((uintptr_t)x & 7) == 0);
	x->d_type = 99;			/* one the library skips */
	x->d_datalen = 3;
	xs = (struct dirent_extra_stat *)_DEXTRA_NEXT(x);
	/* _DEXTRA_NEXT: past the data, aligned */
	EXPECT_EQ(16, (char *)xs - (char *)x);
	xs->d_type = _DTYPE_STAT;
	xs->d_datalen = sizeof(struct stat);
	xs->d_stat.st_mode = S_IFDIR | 0755;
	d->d_reclen = IOFUNC_DIRENT_RECLEN_EXTRA(4, 16 + sizeof(*xs));
	/* _DEXTRA_VALID: both within d_reclen, no third */
	EXPECT_TRUE(_DEXTRA_VALID(x, d) &&
		    _DEXTRA_VALID((struct dirent_extra *)xs, d) &&
		    !_DEXTRA_VALID(_DEXTRA_NEXT((struct dirent_extra *)xs), d));

	d2 = (void *)(in + d->d_reclen);
	d2->d_offset = 2;
	d2->d_namelen = 4;
	memcpy(d2->d_name, "lnk1", 5);
	xs = (struct dirent_extra_stat *)_DEXTRA_FIRST(d2);
	xs->d_type = _DTYPE_LSTAT;
	xs->d_datalen = sizeof(struct stat);
	xs->d_stat.st_mode = S_IFLNK | 0777;
	d2->d_reclen = IOFUNC_DIRENT_RECLEN_EXTRA(4, sizeof(*xs) - 8);
	len = d->d_reclen + d2->d_reclen;

	/* two records with extras */
	EXPECT_EQ(2 * rm_dirent_size(4),
		  rm_dirents_translate(in, len, -1, out, sizeof(out)));
	memcpy(&k, out, sizeof(k));
	/* _DTYPE_STAT after another extra: DT_DIR */
	EXPECT_EQ(DT_DIR, k.type);
	memcpy(&k, out + rm_dirent_size(4), sizeof(k));
	/* a stat extra cut short by d_reclen is ignored: DT_UNKNOWN */
	EXPECT_EQ(DT_UNKNOWN, k.type);
	d2->d_reclen = IOFUNC_DIRENT_RECLEN_EXTRA(4, sizeof(*xs));
	len = d->d_reclen + d2->d_reclen;
	rm_dirents_translate(in, len, -1, out, sizeof(out));
	memcpy(&k, out + rm_dirent_size(4), sizeof(k));
	/* _DTYPE_LSTAT of a link: DT_LNK */
	EXPECT_EQ(DT_LNK, k.type);
}

static struct _client_info as(uid_t uid)
{
	struct _client_info ci;

	memset(&ci, 0, sizeof(ci));
	ci.cred.ruid = ci.cred.euid = ci.cred.suid = uid;
	ci.cred.rgid = ci.cred.egid = ci.cred.sgid = uid;
	return ci;
}

/* A connect message with @mode, for the helpers. */
static struct _io_connect *qmsg(uint32_t mode, uint32_t ioflag)
{
	static struct _io_connect c;

	memset(&c, 0, sizeof(c));
	c.mode = mode;
	c.ioflag = ioflag;
	c.access = ioflag & _IO_FLAG_MASK;
	return &c;
}

TEST_F(tree, iofunc_helpers_for_names_check_permissions)
{
	resmgr_context_t *ctp = &ctx->pub.resmgr_context;
	struct _client_info own = as(1000), oth = as(2000), rt = as(0);
	iofunc_attr_t dir, file, sub, nattr;
	iofunc_mount_t ro = { .flags = _MOUNT_READONLY };

	iofunc_attr_init(&dir, S_IFDIR | 0755, NULL, &own);
	dir.nlink = 3;
	iofunc_attr_init(&file, S_IFREG | 0644, &dir, &own);
	iofunc_attr_init(&sub, S_IFDIR | 0755, &dir, &own);
	sub.nlink = 2;

	/* unlink without write on the directory: EACCES */
	EXPECT_EQ(EACCES,
		  iofunc_unlink(ctp, (void *)qmsg(0, 0), &file, &dir, &oth));
	/* unlink of no name: ENOENT */
	EXPECT_EQ(ENOENT,
		  iofunc_unlink(ctp, (void *)qmsg(0, 0), NULL, &dir, &own));
	/* unlink in a non-directory: ENOTDIR */
	EXPECT_EQ(ENOTDIR,
		  iofunc_unlink(ctp, (void *)qmsg(0, 0), &file, &file, &own));
	/* rmdir of a file: ENOTDIR */
	EXPECT_EQ(ENOTDIR, iofunc_unlink(ctp, (void *)qmsg(S_IFDIR, 0), &file,
					 &dir, &own));
	/* unlink of a directory: EISDIR */
	EXPECT_EQ(EISDIR,
		  iofunc_unlink(ctp, (void *)qmsg(0, 0), &sub, &dir, &own));
	dir.mode = S_IFDIR | S_ISVTX | 0777;
	/* sticky directory: another user's name: EPERM */
	EXPECT_EQ(EPERM,
		  iofunc_unlink(ctp, (void *)qmsg(0, 0), &file, &dir, &oth));
	dir.uid = 2000;
	/* sticky directory: its owner may */
	EXPECT_EQ(EOK,
		  iofunc_unlink(ctp, (void *)qmsg(0, 0), &file, &dir, &oth));
	dir.uid = 1000;
	dir.mode = S_IFDIR | 0755;
	/* and the name's nlink dropped */
	EXPECT_EQ(0, file.nlink);
	dir.mount = &ro;
	/* read-only mount: EROFS */
	EXPECT_EQ(EROFS, iofunc_unlink(ctp, (void *)qmsg(S_IFDIR, 0), &sub,
				       &dir, &rt));
	dir.mount = NULL;
	dir.flags = 0;
	/* rmdir by the owner */
	EXPECT_EQ(EOK, iofunc_unlink(ctp, (void *)qmsg(S_IFDIR, 0), &sub, &dir,
				     &own));
	/* the directory's nlink and times, the parent's ".." link */
	EXPECT_TRUE(sub.nlink == 0 && dir.nlink == 2 &&
		    (dir.flags & IOFUNC_ATTR_MTIME));

	iofunc_attr_init(&file, S_IFREG | 0644, &dir, &own);
	iofunc_attr_init(&sub, S_IFDIR | 0755, &dir, &own);
	/* rename to a new name */
	EXPECT_EQ(EOK, iofunc_rename(ctp, (void *)qmsg(0, 0), &file, &dir, NULL,
				     &dir, &own));
	/* rename a directory over a file: ENOTDIR */
	EXPECT_EQ(ENOTDIR, iofunc_rename(ctp, (void *)qmsg(0, 0), &sub, &dir,
					 &file, &dir, &own));
	/* rename a file over a directory: EISDIR */
	EXPECT_EQ(EISDIR, iofunc_rename(ctp, (void *)qmsg(0, 0), &file, &dir,
					&sub, &dir, &own));
	/* rename of no name: ENOENT */
	EXPECT_EQ(ENOENT, iofunc_rename(ctp, (void *)qmsg(0, 0), NULL, &dir,
					NULL, &dir, &own));
	/* rename without write on the directories: EACCES */
	EXPECT_EQ(EACCES, iofunc_rename(ctp, (void *)qmsg(0, 0), &file, &dir,
					NULL, &sub, &oth));
	sub.mode = S_IFDIR | S_ISVTX | 0777;
	iofunc_attr_init(&nattr, S_IFREG | 0644, &sub, &own);
	file.uid = 2000;
	dir.mode = S_IFDIR | 0777;
	/* rename over another user's name in a sticky directory: EPERM */
	EXPECT_EQ(EPERM, iofunc_rename(ctp, (void *)qmsg(0, 0), &file, &dir,
				       &nattr, &sub, &oth));
	dir.mode = S_IFDIR | 0755;

	/* mknod of an existing name: EEXIST */
	EXPECT_EQ(EEXIST, iofunc_mknod(ctp, (void *)qmsg(S_IFDIR | 0755, 0),
				       &file, &dir, &own));
	/* mknod of a symlink: EINVAL */
	EXPECT_EQ(EINVAL, iofunc_mknod(ctp, (void *)qmsg(S_IFLNK | 0755, 0),
				       NULL, &dir, &own));
	/* mknod without write on the directory: EACCES */
	EXPECT_EQ(EACCES, iofunc_mknod(ctp, (void *)qmsg(S_IFIFO | 0600, 0),
				       NULL, &dir, &oth));
	dir.nlink = 2;
	/* mkdir */
	EXPECT_EQ(EOK, iofunc_mknod(ctp, (void *)qmsg(S_IFDIR | 0700, 0), NULL,
				    &dir, &own));
	/* adds the new ".." to the parent's nlink */
	EXPECT_EQ(3, dir.nlink);

	/* link to an existing name: EEXIST */
	EXPECT_EQ(EEXIST,
		  iofunc_link(ctp, (void *)qmsg(0, 0), &file, &dir, &own));
	/* link without write on the directory: EACCES */
	EXPECT_EQ(EACCES,
		  iofunc_link(ctp, (void *)qmsg(0, 0), NULL, &dir, &oth));
	EXPECT_EQ(EOK, iofunc_link(ctp, (void *)qmsg(0, 0), NULL, &dir, &own));

	/* readlink of a file: EINVAL */
	EXPECT_EQ(EINVAL,
		  iofunc_readlink(ctp, (void *)qmsg(0, 0), &file, &own));
	iofunc_attr_init(&nattr, S_IFLNK | 0777, &dir, &own);
	/* readlink of a link */
	EXPECT_EQ(EOK, iofunc_readlink(ctp, (void *)qmsg(0, 0), &nattr, &oth));
	nattr.mode = S_IFLNK | 0700;
	/* readlink of a link the client may not read: EACCES */
	EXPECT_EQ(EACCES,
		  iofunc_readlink(ctp, (void *)qmsg(0, 0), &nattr, &oth));

	/* iofunc_open of a new name without O_CREAT: ENOENT */
	EXPECT_EQ(ENOENT, iofunc_open(ctp, (void *)qmsg(0644, O_RDWR + 1),
				      &nattr, &dir, &own));
	/* iofunc_open creating without write on the directory: EACCES */
	EXPECT_EQ(EACCES,
		  iofunc_open(ctp, (void *)qmsg(0644, O_CREAT | (O_RDWR + 1)),
			      &nattr, &dir, &oth));
	/* iofunc_open creating in a non-directory: ENOTDIR */
	EXPECT_EQ(ENOTDIR,
		  iofunc_open(ctp, (void *)qmsg(0640, O_CREAT | (O_RDWR + 1)),
			      &nattr, &file, &own));
	/* iofunc_open creating */
	EXPECT_EQ(EOK,
		  iofunc_open(ctp, (void *)qmsg(0640, O_CREAT | (O_RDWR + 1)),
			      &nattr, &dir, &own));
	/* the new attr: a regular file of the client */
	EXPECT_TRUE(nattr.mode == (S_IFREG | 0640) && nattr.uid == 1000 &&
		    nattr.nlink == 1);
	/* iofunc_open O_CREAT|O_EXCL of an existing name: EEXIST */
	EXPECT_EQ(EEXIST, iofunc_open(ctp,
				      (void *)qmsg(0640, O_CREAT | O_EXCL |
								 (O_RDWR + 1)),
				      &nattr, NULL, &own));
}

TEST_HARNESS_MAIN
