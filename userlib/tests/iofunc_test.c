// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The POSIX layer: permission checks, attr and OCB bookkeeping, the
 * verify helpers, lseek, stat and the default handler table.
 */
#include <pthread.h>

#include "testlib.h"

static struct rm_ctx *ctx;
static resmgr_context_t *ctp;

/* Make @ctx act for client uid/gid (+ groups) in an open request. */
static void as_client(uid_t uid, gid_t gid, const uint32_t *groups,
		      uint32_t ngroups)
{
	memset(&ctx->cred, 0, sizeof(ctx->cred));
	ctx->cred.ci.pid = TEST_PID;
	ctx->cred.ci.cred.euid = uid;
	ctx->cred.ci.cred.egid = gid;
	ctx->cred.groups = groups;
	ctx->cred.ngroups = ngroups;
	ctx->cred_valid = true;
}

static void begin_open(uint64_t unique)
{
	unsigned char m[256];

	mk_in(m, RESMGR_OP_OPEN, unique, 0, sizeof(struct resmgr_in_header));
	memcpy(ctx->rbuf, m, sizeof(struct resmgr_in_header));
	ctx->rcvd = sizeof(struct resmgr_in_header);
	rm_ctx_begin(ctx);
	ctx->cred_valid = true;
}

static void test_check_access(void)
{
	static const uint32_t groups[] = { 50, 60 };
	iofunc_attr_t a;
	struct _client_info ci;

	iofunc_attr_init(&a, S_IFREG | 0640, NULL, NULL);
	a.uid = 100;
	a.gid = 60;

	as_client(0, 0, NULL, 0);
	is(iofunc_check_access(ctp, &a, S_IRUSR | S_IWUSR | S_IXUSR, NULL), EOK,
	   "root may do anything");
	as_client(100, 1, NULL, 0);
	is(iofunc_check_access(ctp, &a, S_IRUSR | S_IWUSR, NULL), EOK,
	   "owner reads and writes 0640");
	is(iofunc_check_access(ctp, &a, S_IXUSR, NULL), EACCES,
	   "owner may not execute 0640");
	as_client(200, 60, NULL, 0);
	is(iofunc_check_access(ctp, &a, S_IRUSR, NULL), EOK,
	   "group (egid) reads 0640");
	is(iofunc_check_access(ctp, &a, S_IWUSR, NULL), EACCES,
	   "group may not write 0640");
	as_client(200, 1, groups, 2);
	is(iofunc_check_access(ctp, &a, S_IRUSR, NULL), EOK,
	   "supplementary group reads 0640");
	as_client(200, 1, groups, 1);
	is(iofunc_check_access(ctp, &a, S_IRUSR, NULL), EACCES,
	   "other may not read 0640");
	a.mode = S_IFREG | 0604;
	is(iofunc_check_access(ctp, &a, S_IRUSR, NULL), EOK,
	   "other reads 0604");
	a.mode = S_IFREG | 0064;
	as_client(100, 60, NULL, 0);
	is(iofunc_check_access(ctp, &a, S_IRUSR, NULL), EACCES,
	   "owner class decides even if group could");
	is(iofunc_check_access(ctp, &a, 0, NULL), EPERM, "nothing asked: EPERM");
	is(iofunc_check_access(ctp, &a, S_ISUID, NULL), EOK, "S_ISUID: is owner");
	as_client(101, 60, NULL, 0);
	is(iofunc_check_access(ctp, &a, S_ISUID, NULL), EPERM,
	   "S_ISUID: not the owner");
	is(iofunc_check_access(ctp, &a, S_ISGID, NULL), EOK,
	   "S_ISGID: in the group");

	memset(&ci, 0, sizeof(ci));
	ci.cred.euid = 100;
	a.mode = S_IFREG | 0600;
	is(iofunc_check_access(ctp, &a, S_IRUSR, &ci), EOK,
	   "explicit client info is used");
	ci.cred.euid = 5;
	is(iofunc_check_access(ctp, &a, S_IRUSR, &ci), EACCES,
	   "explicit client info denied");
}

static void *trylock_thread(void *arg)
{
	return (void *)(intptr_t)iofunc_attr_trylock(arg);
}

static void test_attr_init(void)
{
	iofunc_attr_t a, d;
	iofunc_mount_t mnt = { 0 };
	struct _client_info ci;
	pthread_t t;
	void *ret;

	memset(&ci, 0, sizeof(ci));
	ci.cred.euid = 321;
	ci.cred.egid = 654;
	iofunc_attr_init(&d, S_IFDIR | 0755, NULL, NULL);
	d.mount = &mnt;
	iofunc_attr_init(&a, S_IFNAM | 0666, &d, &ci);
	is(a.mode, S_IFNAM | 0666, "mode");
	is(a.nlink, 1, "nlink 1");
	is(a.uid, 321, "uid from the client");
	is(a.gid, 654, "gid from the client");
	ok(a.mount == &mnt, "mount from the directory");
	ok(a.mtime > 0 && a.atime == a.mtime && a.ctime == a.mtime, "times set");
	ok(a.count == 0 && a.rcount == 0 && a.wcount == 0 && a.nbytes == 0,
	   "counts and size zero");
	d.mode |= S_ISGID;
	d.gid = 77;
	iofunc_attr_init(&a, S_IFREG | 0644, &d, &ci);
	is(a.gid, 77, "setgid directory gives its group");
	iofunc_attr_init(&a, S_IFREG, NULL, NULL);
	is(a.uid, geteuid(), "no client: the server's uid");

	is(iofunc_attr_lock(&a), 0, "lock");
	is(iofunc_attr_lock(&a), 0, "lock again (recursive)");
	pthread_create(&t, NULL, trylock_thread, &a);
	pthread_join(t, &ret);
	is((intptr_t)ret, EBUSY, "another thread cannot take it");
	iofunc_attr_unlock(&a);
	iofunc_attr_unlock(&a);
	pthread_create(&t, NULL, trylock_thread, &a);
	pthread_join(t, &ret);
	is((intptr_t)ret, 0, "free again after two unlocks");
	iofunc_attr_unlock(&a);

	a.flags |= IOFUNC_ATTR_MTIME;
	a.mtime = 1;
	iofunc_time_update(&a);
	ok(a.mtime > 1 && !(a.flags & IOFUNC_ATTR_MTIME) &&
	   (a.flags & IOFUNC_ATTR_DIRTY_TIME), "iofunc_time_update");
}

static io_open_t *open_msg(uint32_t ioflag, uint32_t access)
{
	static struct {
		io_open_t o;
		char path[8];
	} msg;

	memset(&msg, 0, sizeof(msg));
	msg.o.connect.type = _IO_CONNECT;
	msg.o.connect.subtype = _IO_CONNECT_OPEN;
	msg.o.connect.ioflag = ioflag;
	msg.o.connect.access = access;
	msg.o.connect.path_len = 1;
	return &msg.o;
}

static void test_open(void)
{
	iofunc_attr_t a, dir;
	iofunc_mount_t ro = { .flags = _MOUNT_READONLY };

	iofunc_attr_init(&a, S_IFREG | 0200, NULL, NULL);
	a.uid = 100;
	as_client(100, 100, NULL, 0);
	is(iofunc_open(ctp, open_msg(O_RDONLY + 1, 1), &a, NULL, NULL), EACCES,
	   "read open of a write-only (0200) file: EACCES");
	is(iofunc_open(ctp, open_msg(O_WRONLY + 1, 2), &a, NULL, NULL), EOK,
	   "write open of it: ok");
	is(iofunc_open(ctp, open_msg(O_RDONLY + 1, 0), &a, NULL, NULL), EOK,
	   "access 0 (stat) needs no permission");
	is(iofunc_open(ctp, open_msg((O_WRONLY + 1) | O_CREAT | O_EXCL, 2), &a,
			NULL, NULL), EEXIST, "O_CREAT|O_EXCL on an existing name");
	is(iofunc_open(ctp, open_msg((O_WRONLY + 1) | O_CREAT, 2), &a, NULL,
			NULL), EOK, "O_CREAT alone opens it");
	iofunc_attr_init(&dir, S_IFDIR | 0777, NULL, NULL);
	is(iofunc_open(ctp, open_msg(O_RDWR + 1, 3), &dir, NULL, NULL), EISDIR,
	   "write open of a directory: EISDIR");
	a.mode = S_IFREG | 0666;
	a.mount = &ro;
	is(iofunc_open(ctp, open_msg(O_WRONLY + 1, 2), &a, NULL, NULL), EROFS,
	   "write open on a read-only mount: EROFS");
	a.mount = NULL;

	/* Creating a name in a directory */
	dir.mode = S_IFDIR | 0755;
	dir.uid = 0;
	is(iofunc_open(ctp, open_msg((O_WRONLY + 1) | O_CREAT, 2), &a, &dir,
			NULL), EACCES, "create needs write on the directory");
	dir.uid = 100;
	is(iofunc_open(ctp, open_msg(O_WRONLY + 1, 2), &a, &dir, NULL), ENOENT,
	   "no O_CREAT, no name: ENOENT");
	open_msg((O_WRONLY + 1) | O_CREAT, 2)->connect.mode = 0640;
	is(iofunc_open(ctp, open_msg((O_WRONLY + 1) | O_CREAT, 2), &a, &dir,
			NULL), EOK, "create in a writable directory");
	ok(S_ISREG(a.mode) && a.uid == 100, "new name: regular, client-owned");
}

static void test_ocb(void)
{
	iofunc_attr_t a;
	iofunc_ocb_t *o1, *o2;
	struct rm_binding b;
	int last;

	iofunc_attr_init(&a, S_IFNAM | 0666, NULL, NULL);
	as_client(0, 0, NULL, 0);

	begin_open(5);
	is(iofunc_ocb_attach(ctp, open_msg(O_RDWR + 1, 1), NULL, &a, NULL), EOK,
	   "attach");
	ok(ctx->req.handle != 0, "attach binds the OCB");
	rm_bind_get(&ctx->dpp->bindings, ctx->req.handle, &b);
	o1 = b.ocb;
	ok(b.iofunc, "binding knows it is an iofunc OCB");
	is(o1->ioflag & _IO_FLAG_MASK, _IO_FLAG_RD,
	   "ioflag keeps only the access asked to be checked");
	ok(o1->attr == &a && o1->offset == 0, "OCB points at the attr");
	is(iofunc_ocb_attach(ctp, open_msg(O_RDWR + 1, 1), NULL, &a, NULL),
	   EBUSY, "one binding per open");

	begin_open(6);
	iofunc_ocb_attach(ctp, open_msg((O_RDWR + 1) | O_APPEND, 3), NULL, &a,
			  NULL);
	rm_bind_get(&ctx->dpp->bindings, ctx->req.handle, &b);
	o2 = b.ocb;
	ok(o2->ioflag & O_APPEND, "O_* flags kept");
	ok(a.count == 2 && a.rcount == 2 && a.wcount == 1, "counts 2/2/1");

	last = iofunc_ocb_detach(ctp, o2);
	is(last, IOFUNC_OCB_LAST_WRITER, "first detach: last writer only");
	last = iofunc_ocb_detach(ctp, o1);
	is(last, IOFUNC_OCB_LAST_READER | IOFUNC_OCB_LAST_INUSE,
	   "second detach: last reader, last in use");
	ok(a.count == 0 && a.rcount == 0 && a.wcount == 0, "counts back to 0");
	is(iofunc_ocb_detach(ctp, o1), 0, "counts do not go below 0");
	iofunc_ocb_free(o1);
	iofunc_ocb_free(o2);

	begin_open(7);
	ctx->req.opcode = RESMGR_OP_READ;
	is(iofunc_ocb_attach(ctp, open_msg(O_RDONLY + 1, 1), NULL, &a, NULL),
	   EINVAL, "binding outside an open fails");
	is(a.count, 0, "... and counts nothing");
}

static void test_verify(void)
{
	iofunc_attr_t a;
	iofunc_ocb_t ocb = { .attr = &a };
	io_read_t rmsg = { .i = { .type = _IO_READ, .nbytes = 10 } };
	io_write_t wmsg = { .i = { .type = _IO_WRITE, .nbytes = 10 } };
	int nb = -1;

	iofunc_attr_init(&a, S_IFREG | 0666, NULL, NULL);
	a.nbytes = 123;
	ocb.ioflag = O_WRONLY + 1;
	is(iofunc_read_verify(ctp, &rmsg, &ocb, &nb), EBADF,
	   "read on a write-only open: EBADF");
	is(iofunc_write_verify(ctp, &wmsg, &ocb, &nb), EOK, "write on it: ok");
	is(nb, 0, "blocking by default");
	ocb.ioflag = O_RDONLY + 1;
	is(iofunc_write_verify(ctp, &wmsg, &ocb, &nb), EBADF,
	   "write on a read-only open: EBADF");
	ocb.ioflag = (O_RDONLY + 1) | O_NONBLOCK;
	is(iofunc_read_verify(ctp, &rmsg, &ocb, &nb), EOK, "read on it: ok");
	is(nb, 1, "O_NONBLOCK: non-blocking");
	rmsg.i.xtype = _IO_XFLAG_BLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	is(nb, 0, "_IO_XFLAG_BLOCK overrides O_NONBLOCK");
	ocb.ioflag = O_RDONLY + 1;
	rmsg.i.xtype = _IO_XFLAG_NONBLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	is(nb, 1, "_IO_XFLAG_NONBLOCK");

	rmsg.i.xtype = 0;
	ctp->info.flags |= _NTO_MI_NONBLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	is(nb, 1, "the request's O_NONBLOCK (fcntl after open) counts");
	rmsg.i.xtype = _IO_XFLAG_BLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	is(nb, 0, "... _IO_XFLAG_BLOCK still overrides it");
	ctp->info.flags &= ~_NTO_MI_NONBLOCK;
	rmsg.i.xtype = 0;

	ocb.ioflag = (O_WRONLY + 1) | O_APPEND;
	ocb.offset = 5;
	iofunc_write_verify(ctp, &wmsg, &ocb, NULL);
	is(ocb.offset, 123, "O_APPEND: offset moves to the end");
	ocb.offset = 5;
	wmsg.i.xtype = _IO_XTYPE_OFFSET;
	iofunc_write_verify(ctp, &wmsg, &ocb, NULL);
	is(ocb.offset, 5, "O_APPEND leaves pwrite alone");

	ctp->status = -1;
	ocb.ioflag = O_RDWR + 1;
	rmsg.i.xtype = _IO_XTYPE_NONE;
	is(iofunc_read_default(ctp, &rmsg, &ocb), _RESMGR_NPARTS(0),
	   "default read: no data");
	is(ctp->status, 0, "default read: end of file");
	rmsg.i.xtype = _IO_XTYPE_OFFSET;
	is(iofunc_read_default(ctp, &rmsg, &ocb), ENOSYS,
	   "default read: other xtypes ENOSYS");
	wmsg.i.xtype = _IO_XTYPE_NONE;
	a.flags = 0;
	is(iofunc_write_default(ctp, &wmsg, &ocb), _RESMGR_NPARTS(0),
	   "default write");
	is(ctp->status, 10, "default write takes everything");
	ok(a.flags & IOFUNC_ATTR_MTIME, "default write marks mtime");
}

static void test_lseek(void)
{
	iofunc_attr_t a;
	iofunc_ocb_t ocb = { .attr = &a, .offset = 10 };
	io_lseek_t msg;

	iofunc_attr_init(&a, S_IFREG | 0666, NULL, NULL);
	a.nbytes = 100;
	msg.i.whence = SEEK_SET;
	msg.i.offset = 7;
	is(iofunc_lseek(ctp, &msg, &ocb, &a), EOK, "SEEK_SET");
	is(ocb.offset, 7, "SEEK_SET 7");
	msg.i.whence = SEEK_CUR;
	msg.i.offset = 5;
	iofunc_lseek(ctp, &msg, &ocb, &a);
	is(ocb.offset, 12, "SEEK_CUR +5");
	msg.i.whence = SEEK_END;
	msg.i.offset = -1;
	iofunc_lseek(ctp, &msg, &ocb, &a);
	is(ocb.offset, 99, "SEEK_END -1");
	msg.i.whence = SEEK_CUR;
	msg.i.offset = -100;
	is(iofunc_lseek(ctp, &msg, &ocb, &a), EINVAL, "negative: EINVAL");
	is(ocb.offset, 99, "failed seek leaves the offset");
	msg.i.whence = 17;
	is(iofunc_lseek(ctp, &msg, &ocb, &a), EINVAL, "bad whence: EINVAL");
	msg.i.whence = SEEK_END;
	msg.i.offset = INT64_MAX;
	is(iofunc_lseek(ctp, &msg, &ocb, &a), EOVERFLOW, "overflow: EOVERFLOW");

	msg.i.whence = SEEK_SET;
	msg.i.offset = 42;
	is(iofunc_lseek_default(ctp, &msg, &ocb), _RESMGR_NPARTS(1),
	   "default lseek replies one part");
	ok(ctp->iov[0].iov_base == &msg.o && ctp->iov[0].iov_len == 8 &&
	   msg.o == 42, "... the new offset");
}

static void test_stat(void)
{
	iofunc_attr_t a;
	iofunc_mount_t mnt = { .dev = 9, .blocksize = 4096 };
	iofunc_ocb_t ocb = { .attr = &a };
	io_stat_t msg;
	struct stat st;

	iofunc_attr_init(&a, S_IFNAM | 0640, NULL, NULL);
	a.uid = 11;
	a.gid = 22;
	a.nbytes = 1000;
	a.nlink = 3;
	a.rdev = 0x0102;
	a.mtime = 1234;
	a.mtime_ns = 5;
	iofunc_stat(ctp, &a, &st);
	is(st.st_size, 1000, "st_size");
	is(st.st_mode, S_IFNAM | 0640, "st_mode as in the attr");
	ok(st.st_uid == 11 && st.st_gid == 22, "st_uid/st_gid");
	is(st.st_nlink, 3, "st_nlink");
	is(st.st_rdev, 0x0102, "st_rdev");
	ok(st.st_mtim.tv_sec == 1234 && st.st_mtim.tv_nsec == 5, "st_mtim");
	is(st.st_blocks, 2, "st_blocks in 512-byte units");
	is(st.st_blksize, 512, "st_blksize without a mount");
	is(st.st_ino, (ino_t)(uintptr_t)&a, "inode made up from the attr");
	a.inode = 77;
	a.mount = &mnt;
	iofunc_stat(ctp, &a, &st);
	ok(st.st_ino == 77 && st.st_dev == 9 && st.st_blksize == 4096,
	   "inode, dev, blocksize from attr and mount");

	a.flags |= IOFUNC_ATTR_ATIME;
	is(iofunc_stat_default(ctp, &msg, &ocb), _RESMGR_NPARTS(1),
	   "default stat replies one part");
	ok(ctp->iov[0].iov_base == &msg.o && msg.o.st_size == 1000 &&
	   !(a.flags & IOFUNC_ATTR_ATIME), "... a struct stat, times updated");
}

static void test_devctl(void)
{
	iofunc_attr_t a;
	iofunc_mount_t mnt = { .conf = IOFUNC_PC_SYNC_IO };
	iofunc_ocb_t ocb = { .attr = &a };
	struct {
		io_devctl_t msg;
		int data;
	} d;
	int v;

	iofunc_attr_init(&a, S_IFNAM | 0666, NULL, NULL);

	memset(&d, 0, sizeof(d));
	d.msg.i.type = _IO_DEVCTL;
	d.msg.i.dcmd = DCMD_ALL_GETFLAGS;
	d.msg.i.nbytes = sizeof(int);
	ocb.ioflag = (O_RDWR + 1) | O_APPEND | O_CREAT | O_TRUNC;
	is(iofunc_devctl_default(ctp, &d.msg, &ocb), _RESMGR_NPARTS(1),
	   "GETFLAGS replies one part");
	ok(ctp->iov[0].iov_base == &d.msg.o &&
	   ctp->iov[0].iov_len == sizeof(d.msg.o) + sizeof(int),
	   "... msg->o and the int after it");
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	is(v, O_RDWR | O_APPEND, "... O_RDWR|O_APPEND, creation flags dropped");
	ok(d.msg.o.ret_val == 0 && d.msg.o.nbytes == sizeof(int) &&
	   d.msg.o.zero == 0 && d.msg.o.zero2 == 0, "... reply header");

	d.msg.i.dcmd = DCMD_ALL_GETFLAGS;
	ocb.ioflag = (O_WRONLY + 1) | O_NONBLOCK;
	iofunc_devctl_default(ctp, &d.msg, &ocb);
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	is(v, O_WRONLY | O_NONBLOCK, "GETFLAGS O_WRONLY|O_NONBLOCK");
	d.msg.i.dcmd = DCMD_ALL_GETFLAGS;
	ocb.ioflag = O_RDONLY + 1;
	iofunc_devctl_default(ctp, &d.msg, &ocb);
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	is(v, O_RDONLY, "GETFLAGS O_RDONLY");
	d.msg.i.dcmd = DCMD_ALL_GETFLAGS;
	ocb.ioflag = O_LARGEFILE;
	iofunc_devctl_default(ctp, &d.msg, &ocb);
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	is(v, O_ACCMODE | O_LARGEFILE, "GETFLAGS of a no-access open: mode 3");

	ocb.ioflag = (O_RDWR + 1) | O_NONBLOCK;
	d.msg.i.dcmd = DCMD_ALL_SETFLAGS;
	d.msg.i.nbytes = sizeof(int);
	d.data = O_APPEND | O_WRONLY | O_TRUNC;
	is(iofunc_devctl_default(ctp, &d.msg, &ocb), _RESMGR_NPARTS(1),
	   "SETFLAGS replies the header");
	ok(ctp->iov[0].iov_len == sizeof(d.msg.o) && d.msg.o.ret_val == 0,
	   "... and nothing else");
	is(ocb.ioflag, (O_RDWR + 1) | O_APPEND,
	   "SETFLAGS: O_APPEND set, O_NONBLOCK cleared, the rest untouched");

	d.msg.i.dcmd = DCMD_ALL_SETFLAGS;
	d.msg.i.nbytes = sizeof(int);
	d.data = O_DSYNC;
	is(iofunc_devctl(ctp, &d.msg, &ocb, &a), EINVAL,
	   "SETFLAGS O_DSYNC without a mount: EINVAL");
	is(ocb.ioflag, (O_RDWR + 1) | O_APPEND, "... and nothing changes");
	a.mount = &mnt;
	is(iofunc_devctl(ctp, &d.msg, &ocb, &a), _RESMGR_NPARTS(1),
	   "SETFLAGS O_DSYNC with IOFUNC_PC_SYNC_IO");
	is(ocb.ioflag, (O_RDWR + 1) | O_DSYNC, "... set");
	d.msg.i.dcmd = DCMD_ALL_SETFLAGS;
	d.msg.i.nbytes = 0;
	is(iofunc_devctl(ctp, &d.msg, &ocb, &a), EINVAL,
	   "SETFLAGS without data: EINVAL");

	d.msg.i.dcmd = __DIOF(_DCMD_MISC, 1, int);
	is(iofunc_devctl_default(ctp, &d.msg, &ocb), _RESMGR_DEFAULT,
	   "other commands: _RESMGR_DEFAULT");
	is(d.msg.i.dcmd, __DIOF(_DCMD_MISC, 1, int), "... message untouched");
}

static void test_func_init(void)
{
	resmgr_connect_funcs_t c;
	resmgr_io_funcs_t io;

	memset(&io, 0xff, sizeof(io));
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &c, _RESMGR_IO_NFUNCS, &io);
	ok(c.nfuncs == _RESMGR_CONNECT_NFUNCS && c.open == iofunc_open_default &&
	   c.unlink == NULL, "connect: only open has a default");
	ok(io.nfuncs == _RESMGR_IO_NFUNCS && io.read == iofunc_read_default &&
	   io.write == iofunc_write_default && io.stat == iofunc_stat_default &&
	   io.lseek == iofunc_lseek_default &&
	   io.close_ocb == iofunc_close_ocb_default &&
	   io.close_dup == iofunc_close_dup_default &&
	   io.lock_ocb == iofunc_lock_ocb_default &&
	   io.unlock_ocb == iofunc_unlock_ocb_default, "io defaults");
	ok(io.devctl == iofunc_devctl_default, "devctl default");
	ok(io.notify == NULL && io.utime64 == NULL, "other io slots NULL");
	memset(&io, 0, sizeof(io));
	iofunc_func_init(0, NULL, 2, &io);
	ok(io.nfuncs == 2 && io.read && io.write && !io.close_ocb,
	   "a shorter table gets only its slots");
}

int main(void)
{
	static resmgr_io_funcs_t io;

	tap_start();
	iofunc_func_init(0, NULL, _RESMGR_IO_NFUNCS, &io);
	ctx = test_server(NULL, &io, NULL, NULL);
	ctp = &ctx->pub.resmgr_context;
	test_check_access();
	test_attr_init();
	test_open();
	test_ocb();
	test_verify();
	test_lseek();
	test_stat();
	test_devctl();
	test_func_init();
	return tap_end();
}
