// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Directory resource managers: the mode OPEN replies carry, paths under
 * a directory attach, the connect table (unlink, rename, mknod, readlink,
 * link) and its link replies, the iofunc helpers for them, and READ of
 * a directory as struct resmgr_dirent records.
 */
#include "testlib.h"

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
	uint32_t rdev;
	int have_rdev;
	int rcvid;
} seen;
static int x_ocb;
static const resmgr_io_funcs_t x_io = { .nfuncs = _RESMGR_IO_NFUNCS };

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
		return ELOOP;
	}
	if (!strcmp(msg->connect.path, "x")) {
		if (resmgr_open_bind(ctp, &x_ocb, &x_io) < 0)
			return errno;
		if (resmgr_open_mode(ctp, S_IFIFO | 0600) < 0)
			return errno;
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

static void test_open_mode(void)
{
	const struct resmgr_out_header *out;
	struct rm_link *link = ctx->dpp->links;

	out = send_connect(RESMGR_OP_OPEN, 1, O_RDONLY + 1, 0, "f");
	is(open_mode_of(out), S_IFREG | 0644, "OPEN of a file: its attr's mode");
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 2, O_RDONLY + 1, 0, "d");
	is(open_mode_of(out), S_IFDIR | 0755, "OPEN of a directory: S_IFDIR");
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 3, O_RDONLY + 1, 0, "");
	is(open_mode_of(out), S_IFDIR | 0777, "OPEN of the attach point");
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 4, O_RDONLY + 1, 0, "x");
	is(open_mode_of(out), S_IFIFO | 0600,
	   "non-iofunc OCB: the mode resmgr_open_mode() gave");
	close_open(open_handle_of(out));
	out = send_connect(RESMGR_OP_OPEN, 5, O_RDONLY + 1, 0, "y");
	is(open_mode_of(out), 0, "non-iofunc OCB without a mode: 0");
	close_open(open_handle_of(out));

	link->dir = false;
	out = send_connect(RESMGR_OP_OPEN, 6, O_RDONLY + 1, 0, "");
	is(open_mode_of(out), 0, "file attach: its attach point's own type (0)");
	close_open(open_handle_of(out));
	link->dir = true;
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

int main(void)
{
	tap_start();
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = r_open;
	ctx = test_server(&connect_funcs, &io_funcs, &root, NULL);
	ctx->dpp->links->path = "/test";
	ctx->dpp->links->dir = true;
	tree_init();

	test_open_mode();
	return tap_end();
}
