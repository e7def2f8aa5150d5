// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The POSIX layer: permission checks, attr and OCB bookkeeping, the
 * verify helpers, lseek, stat and the default handler table.
 */
#include <pthread.h>

#include "testlib.h"
#include "kselftest_harness.h"

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

/* A server for the handlers to run in: ctx, ctp. */
FIXTURE(server) {};

FIXTURE_SETUP(server)
{
	static resmgr_io_funcs_t io;

	iofunc_func_init(0, NULL, _RESMGR_IO_NFUNCS, &io);
	ctx = test_server(NULL, &io, NULL, NULL);
	ctp = &ctx->pub.resmgr_context;
}

FIXTURE_TEARDOWN(server)
{
}

TEST_F(server, check_access_by_owner_group_or_other_class)
{
	static const uint32_t groups[] = { 50, 60 };
	iofunc_attr_t a;
	struct _client_info ci;

	iofunc_attr_init(&a, S_IFREG | 0640, NULL, NULL);
	a.uid = 100;
	a.gid = 60;

	as_client(0, 0, NULL, 0);
	/* root may do anything */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_IRUSR | S_IWUSR | S_IXUSR,
					   NULL));
	as_client(100, 1, NULL, 0);
	/* owner reads and writes 0640 */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_IRUSR | S_IWUSR, NULL));
	/* owner may not execute 0640 */
	EXPECT_EQ(EACCES, iofunc_check_access(ctp, &a, S_IXUSR, NULL));
	as_client(200, 60, NULL, 0);
	/* group (egid) reads 0640 */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_IRUSR, NULL));
	/* group may not write 0640 */
	EXPECT_EQ(EACCES, iofunc_check_access(ctp, &a, S_IWUSR, NULL));
	as_client(200, 1, groups, 2);
	/* supplementary group reads 0640 */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_IRUSR, NULL));
	as_client(200, 1, groups, 1);
	/* other may not read 0640 */
	EXPECT_EQ(EACCES, iofunc_check_access(ctp, &a, S_IRUSR, NULL));
	a.mode = S_IFREG | 0604;
	/* other reads 0604 */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_IRUSR, NULL));
	a.mode = S_IFREG | 0064;
	as_client(100, 60, NULL, 0);
	/* owner class decides even if group could */
	EXPECT_EQ(EACCES, iofunc_check_access(ctp, &a, S_IRUSR, NULL));
	/* nothing asked: EPERM */
	EXPECT_EQ(EPERM, iofunc_check_access(ctp, &a, 0, NULL));
	/* S_ISUID: is owner */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_ISUID, NULL));
	as_client(101, 60, NULL, 0);
	/* S_ISUID: not the owner */
	EXPECT_EQ(EPERM, iofunc_check_access(ctp, &a, S_ISUID, NULL));
	/* S_ISGID: in the group */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_ISGID, NULL));

	memset(&ci, 0, sizeof(ci));
	ci.cred.euid = 100;
	a.mode = S_IFREG | 0600;
	/* explicit client info is used */
	EXPECT_EQ(EOK, iofunc_check_access(ctp, &a, S_IRUSR, &ci));
	ci.cred.euid = 5;
	/* explicit client info denied */
	EXPECT_EQ(EACCES, iofunc_check_access(ctp, &a, S_IRUSR, &ci));
}

static void *trylock_thread(void *arg)
{
	return (void *)(intptr_t)iofunc_attr_trylock(arg);
}

TEST(attr_init_takes_the_clients_ids_and_locks_recursively)
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
	EXPECT_EQ(S_IFNAM | 0666, a.mode);
	EXPECT_EQ(1, a.nlink);
	/* uid from the client */
	EXPECT_EQ(321, a.uid);
	/* gid from the client */
	EXPECT_EQ(654, a.gid);
	/* mount from the directory */
	EXPECT_EQ(&mnt, a.mount);
	/* times set */
	EXPECT_TRUE(a.mtime > 0 && a.atime == a.mtime && a.ctime == a.mtime);
	/* counts and size zero */
	EXPECT_TRUE(a.count == 0 && a.rcount == 0 && a.wcount == 0 &&
		    a.nbytes == 0);
	d.mode |= S_ISGID;
	d.gid = 77;
	iofunc_attr_init(&a, S_IFREG | 0644, &d, &ci);
	/* setgid directory gives its group */
	EXPECT_EQ(77, a.gid);
	iofunc_attr_init(&a, S_IFREG, NULL, NULL);
	/* no client: the server's uid */
	EXPECT_EQ(geteuid(), a.uid);

	EXPECT_EQ(0, iofunc_attr_lock(&a));
	EXPECT_EQ(0, iofunc_attr_lock(&a));
	pthread_create(&t, NULL, trylock_thread, &a);
	pthread_join(t, &ret);
	/* another thread cannot take it */
	EXPECT_EQ(EBUSY, (intptr_t)ret);
	iofunc_attr_unlock(&a);
	iofunc_attr_unlock(&a);
	pthread_create(&t, NULL, trylock_thread, &a);
	pthread_join(t, &ret);
	/* free again after two unlocks */
	EXPECT_EQ(0, (intptr_t)ret);
	iofunc_attr_unlock(&a);

	a.flags |= IOFUNC_ATTR_MTIME;
	a.mtime = 1;
	iofunc_time_update(&a);
	EXPECT_TRUE(a.mtime > 1 && !(a.flags & IOFUNC_ATTR_MTIME) &&
		    (a.flags & IOFUNC_ATTR_DIRTY_TIME));
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

TEST_F(server, iofunc_open_checks_access_and_creation)
{
	iofunc_attr_t a, dir;
	iofunc_mount_t ro = { .flags = _MOUNT_READONLY };

	iofunc_attr_init(&a, S_IFREG | 0200, NULL, NULL);
	a.uid = 100;
	as_client(100, 100, NULL, 0);
	/* read open of a write-only (0200) file: EACCES */
	EXPECT_EQ(EACCES,
		  iofunc_open(ctp, open_msg(O_RDONLY + 1, 1), &a, NULL, NULL));
	/* write open of it: ok */
	EXPECT_EQ(EOK,
		  iofunc_open(ctp, open_msg(O_WRONLY + 1, 2), &a, NULL, NULL));
	/* access 0 (stat) needs no permission */
	EXPECT_EQ(EOK,
		  iofunc_open(ctp, open_msg(O_RDONLY + 1, 0), &a, NULL, NULL));
	/* O_CREAT|O_EXCL on an existing name */
	EXPECT_EQ(EEXIST,
		  iofunc_open(ctp,
			      open_msg((O_WRONLY + 1) | O_CREAT | O_EXCL, 2),
			      &a, NULL, NULL));
	/* O_CREAT alone opens it */
	EXPECT_EQ(EOK, iofunc_open(ctp, open_msg((O_WRONLY + 1) | O_CREAT, 2),
				   &a, NULL, NULL));
	iofunc_attr_init(&dir, S_IFDIR | 0777, NULL, NULL);
	/* write open of a directory: EISDIR */
	EXPECT_EQ(EISDIR,
		  iofunc_open(ctp, open_msg(O_RDWR + 1, 3), &dir, NULL, NULL));
	a.mode = S_IFREG | 0666;
	a.mount = &ro;
	/* write open on a read-only mount: EROFS */
	EXPECT_EQ(EROFS,
		  iofunc_open(ctp, open_msg(O_WRONLY + 1, 2), &a, NULL, NULL));
	a.mount = NULL;

	/* Creating a name in a directory */
	dir.mode = S_IFDIR | 0755;
	dir.uid = 0;
	/* create needs write on the directory */
	EXPECT_EQ(EACCES,
		  iofunc_open(ctp, open_msg((O_WRONLY + 1) | O_CREAT, 2), &a,
			      &dir, NULL));
	dir.uid = 100;
	/* no O_CREAT, no name: ENOENT */
	EXPECT_EQ(ENOENT,
		  iofunc_open(ctp, open_msg(O_WRONLY + 1, 2), &a, &dir, NULL));
	open_msg((O_WRONLY + 1) | O_CREAT, 2)->connect.mode = 0640;
	/* create in a writable directory */
	EXPECT_EQ(EOK, iofunc_open(ctp, open_msg((O_WRONLY + 1) | O_CREAT, 2),
				   &a, &dir, NULL));
	/* new name: regular, client-owned */
	EXPECT_TRUE(S_ISREG(a.mode) && a.uid == 100);
}

TEST_F(server, ocb_attach_counts_opens_and_detach_tells_the_last)
{
	iofunc_attr_t a;
	iofunc_ocb_t *o1, *o2;
	struct rm_binding b;
	int last;

	iofunc_attr_init(&a, S_IFNAM | 0666, NULL, NULL);
	as_client(0, 0, NULL, 0);

	begin_open(5);
	ASSERT_EQ(EOK, iofunc_ocb_attach(ctp, open_msg(O_RDWR + 1, 1), NULL, &a,
					 NULL));
	/* attach binds the OCB */
	EXPECT_NE(0, ctx->req.handle);
	rm_bind_get(&ctx->dpp->bindings, ctx->req.handle, &b);
	o1 = b.ocb;
	/* binding knows it is an iofunc OCB */
	EXPECT_TRUE(b.iofunc);
	/* ioflag keeps only the access asked to be checked */
	EXPECT_EQ(_IO_FLAG_RD, o1->ioflag & _IO_FLAG_MASK);
	/* OCB points at the attr */
	EXPECT_TRUE(o1->attr == &a && o1->offset == 0);
	/* one binding per open */
	EXPECT_EQ(EBUSY, iofunc_ocb_attach(ctp, open_msg(O_RDWR + 1, 1), NULL,
					   &a, NULL));

	begin_open(6);
	iofunc_ocb_attach(ctp, open_msg((O_RDWR + 1) | O_APPEND, 3), NULL, &a,
			  NULL);
	rm_bind_get(&ctx->dpp->bindings, ctx->req.handle, &b);
	o2 = b.ocb;
	EXPECT_TRUE(o2->ioflag & O_APPEND);
	EXPECT_TRUE(a.count == 2 && a.rcount == 2 && a.wcount == 1);

	last = iofunc_ocb_detach(ctp, o2);
	/* first detach: last writer only */
	EXPECT_EQ(IOFUNC_OCB_LAST_WRITER, last);
	last = iofunc_ocb_detach(ctp, o1);
	/* second detach: last reader, last in use */
	EXPECT_EQ(IOFUNC_OCB_LAST_READER | IOFUNC_OCB_LAST_INUSE, last);
	/* counts back to 0 */
	EXPECT_TRUE(a.count == 0 && a.rcount == 0 && a.wcount == 0);
	/* counts do not go below 0 */
	EXPECT_EQ(0, iofunc_ocb_detach(ctp, o1));
	iofunc_ocb_free(o1);
	iofunc_ocb_free(o2);

	begin_open(7);
	ctx->req.opcode = RESMGR_OP_READ;
	/* binding outside an open fails */
	EXPECT_EQ(EINVAL, iofunc_ocb_attach(ctp, open_msg(O_RDONLY + 1, 1),
					    NULL, &a, NULL));
	/* and counts nothing */
	EXPECT_EQ(0, a.count);
}

TEST_F(server, read_write_verify_and_the_default_read_write)
{
	iofunc_attr_t a;
	iofunc_ocb_t ocb = { .attr = &a };
	io_read_t rmsg = { .i = { .type = _IO_READ, .nbytes = 10 } };
	io_write_t wmsg = { .i = { .type = _IO_WRITE, .nbytes = 10 } };
	int nb = -1;

	iofunc_attr_init(&a, S_IFREG | 0666, NULL, NULL);
	a.nbytes = 123;
	ocb.ioflag = O_WRONLY + 1;
	/* read on a write-only open: EBADF */
	EXPECT_EQ(EBADF, iofunc_read_verify(ctp, &rmsg, &ocb, &nb));
	/* write on it: ok */
	EXPECT_EQ(EOK, iofunc_write_verify(ctp, &wmsg, &ocb, &nb));
	/* blocking by default */
	EXPECT_EQ(0, nb);
	ocb.ioflag = O_RDONLY + 1;
	/* write on a read-only open: EBADF */
	EXPECT_EQ(EBADF, iofunc_write_verify(ctp, &wmsg, &ocb, &nb));
	ocb.ioflag = (O_RDONLY + 1) | O_NONBLOCK;
	/* read on it: ok */
	EXPECT_EQ(EOK, iofunc_read_verify(ctp, &rmsg, &ocb, &nb));
	/* O_NONBLOCK: non-blocking */
	EXPECT_EQ(1, nb);
	rmsg.i.xtype = _IO_XFLAG_BLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	/* _IO_XFLAG_BLOCK overrides O_NONBLOCK */
	EXPECT_EQ(0, nb);
	ocb.ioflag = O_RDONLY + 1;
	rmsg.i.xtype = _IO_XFLAG_NONBLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	/* _IO_XFLAG_NONBLOCK */
	EXPECT_EQ(1, nb);

	rmsg.i.xtype = 0;
	ctp->info.flags |= _NTO_MI_NONBLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	/* the request's O_NONBLOCK (fcntl after open) counts */
	EXPECT_EQ(1, nb);
	rmsg.i.xtype = _IO_XFLAG_BLOCK;
	iofunc_read_verify(ctp, &rmsg, &ocb, &nb);
	/* _IO_XFLAG_BLOCK still overrides it */
	EXPECT_EQ(0, nb);
	ctp->info.flags &= ~_NTO_MI_NONBLOCK;
	rmsg.i.xtype = 0;

	ocb.ioflag = (O_WRONLY + 1) | O_APPEND;
	ocb.offset = 5;
	iofunc_write_verify(ctp, &wmsg, &ocb, NULL);
	/* O_APPEND: offset moves to the end */
	EXPECT_EQ(123, ocb.offset);
	ocb.offset = 5;
	wmsg.i.xtype = _IO_XTYPE_OFFSET;
	iofunc_write_verify(ctp, &wmsg, &ocb, NULL);
	/* O_APPEND leaves pwrite alone */
	EXPECT_EQ(5, ocb.offset);

	ctp->status = -1;
	ocb.ioflag = O_RDWR + 1;
	rmsg.i.xtype = _IO_XTYPE_NONE;
	/* default read: no data */
	EXPECT_EQ(_RESMGR_NPARTS(0), iofunc_read_default(ctp, &rmsg, &ocb));
	/* default read: end of file */
	EXPECT_EQ(0, ctp->status);
	rmsg.i.xtype = _IO_XTYPE_OFFSET;
	/* default read: other xtypes ENOSYS */
	EXPECT_EQ(ENOSYS, iofunc_read_default(ctp, &rmsg, &ocb));
	wmsg.i.xtype = _IO_XTYPE_NONE;
	a.flags = 0;
	EXPECT_EQ(_RESMGR_NPARTS(0), iofunc_write_default(ctp, &wmsg, &ocb));
	/* default write takes everything */
	EXPECT_EQ(10, ctp->status);
	/* default write marks mtime */
	EXPECT_TRUE(a.flags & IOFUNC_ATTR_MTIME);
}

TEST_F(server, lseek_moves_the_offset_and_refuses_bad_ones)
{
	iofunc_attr_t a;
	iofunc_ocb_t ocb = { .attr = &a, .offset = 10 };
	io_lseek_t msg;

	iofunc_attr_init(&a, S_IFREG | 0666, NULL, NULL);
	a.nbytes = 100;
	msg.i.whence = SEEK_SET;
	msg.i.offset = 7;
	EXPECT_EQ(EOK, iofunc_lseek(ctp, &msg, &ocb, &a));
	EXPECT_EQ(7, ocb.offset);
	msg.i.whence = SEEK_CUR;
	msg.i.offset = 5;
	iofunc_lseek(ctp, &msg, &ocb, &a);
	EXPECT_EQ(12, ocb.offset);
	msg.i.whence = SEEK_END;
	msg.i.offset = -1;
	iofunc_lseek(ctp, &msg, &ocb, &a);
	EXPECT_EQ(99, ocb.offset);
	msg.i.whence = SEEK_CUR;
	msg.i.offset = -100;
	/* negative: EINVAL */
	EXPECT_EQ(EINVAL, iofunc_lseek(ctp, &msg, &ocb, &a));
	/* failed seek leaves the offset */
	EXPECT_EQ(99, ocb.offset);
	msg.i.whence = 17;
	/* bad whence: EINVAL */
	EXPECT_EQ(EINVAL, iofunc_lseek(ctp, &msg, &ocb, &a));
	msg.i.whence = SEEK_END;
	msg.i.offset = INT64_MAX;
	/* overflow: EOVERFLOW */
	EXPECT_EQ(EOVERFLOW, iofunc_lseek(ctp, &msg, &ocb, &a));

	msg.i.whence = SEEK_SET;
	msg.i.offset = 42;
	/* default lseek replies one part */
	EXPECT_EQ(_RESMGR_NPARTS(1), iofunc_lseek_default(ctp, &msg, &ocb));
	/* the new offset */
	EXPECT_TRUE(ctp->iov[0].iov_base == &msg.o &&
		    ctp->iov[0].iov_len == 8 && msg.o == 42);
}

TEST_F(server, stat_fills_struct_stat_from_attr_and_mount)
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
	EXPECT_EQ(1000, st.st_size);
	/* st_mode as in the attr */
	EXPECT_EQ(S_IFNAM | 0640, st.st_mode);
	EXPECT_TRUE(st.st_uid == 11 && st.st_gid == 22);
	EXPECT_EQ(3, st.st_nlink);
	EXPECT_EQ(0x0102, st.st_rdev);
	EXPECT_TRUE(st.st_mtim.tv_sec == 1234 && st.st_mtim.tv_nsec == 5);
	/* st_blocks in 512-byte units */
	EXPECT_EQ(2, st.st_blocks);
	/* st_blksize without a mount */
	EXPECT_EQ(512, st.st_blksize);
	/* inode made up from the attr */
	EXPECT_EQ((ino_t)(uintptr_t)&a, st.st_ino);
	a.inode = 77;
	a.mount = &mnt;
	iofunc_stat(ctp, &a, &st);
	/* inode, dev, blocksize from attr and mount */
	EXPECT_TRUE(st.st_ino == 77 && st.st_dev == 9 && st.st_blksize == 4096);
	{
		unsigned int format = 0x7e, len = 0;
		struct stat st2;

		/* the one layout there is, whatever was asked */
		memset(&st2, 0xa5, sizeof(st2));
		EXPECT_EQ(EOK, iofunc_stat_format(ctp, &a, &format, &st2, &len));
		EXPECT_EQ(_STAT_FORM_PREFERRED, format);
		EXPECT_EQ(sizeof(st2), len);
		EXPECT_EQ(0, memcmp(&st, &st2, sizeof(st)));
	}

	a.flags |= IOFUNC_ATTR_ATIME;
	/* default stat replies one part */
	EXPECT_EQ(_RESMGR_NPARTS(1), iofunc_stat_default(ctp, &msg, &ocb));
	/* a struct stat, times updated */
	EXPECT_TRUE(ctp->iov[0].iov_base == &msg.o && msg.o.st_size == 1000 &&
		    !(a.flags & IOFUNC_ATTR_ATIME));
}

TEST_F(server, devctl_default_getflags_and_setflags)
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
	/* GETFLAGS replies one part */
	EXPECT_EQ(_RESMGR_NPARTS(1), iofunc_devctl_default(ctp, &d.msg, &ocb));
	/* msg->o and the int after it */
	EXPECT_TRUE(ctp->iov[0].iov_base == &d.msg.o &&
		    ctp->iov[0].iov_len == sizeof(d.msg.o) + sizeof(int));
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	/* O_RDWR|O_APPEND, creation flags dropped */
	EXPECT_EQ(O_RDWR | O_APPEND, v);
	/* reply header */
	EXPECT_TRUE(d.msg.o.ret_val == 0 && d.msg.o.nbytes == sizeof(int) &&
		    d.msg.o.zero == 0 && d.msg.o.zero2 == 0);

	d.msg.i.dcmd = DCMD_ALL_GETFLAGS;
	ocb.ioflag = (O_WRONLY + 1) | O_NONBLOCK;
	iofunc_devctl_default(ctp, &d.msg, &ocb);
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	EXPECT_EQ(O_WRONLY | O_NONBLOCK, v);
	d.msg.i.dcmd = DCMD_ALL_GETFLAGS;
	ocb.ioflag = O_RDONLY + 1;
	iofunc_devctl_default(ctp, &d.msg, &ocb);
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	EXPECT_EQ(O_RDONLY, v);
	d.msg.i.dcmd = DCMD_ALL_GETFLAGS;
	ocb.ioflag = O_LARGEFILE;
	iofunc_devctl_default(ctp, &d.msg, &ocb);
	memcpy(&v, _DEVCTL_DATA(d.msg.o), sizeof(v));
	/* GETFLAGS of a no-access open: mode 3 */
	EXPECT_EQ(O_ACCMODE | O_LARGEFILE, v);

	ocb.ioflag = (O_RDWR + 1) | O_NONBLOCK;
	d.msg.i.dcmd = DCMD_ALL_SETFLAGS;
	d.msg.i.nbytes = sizeof(int);
	d.data = O_APPEND | O_WRONLY | O_TRUNC;
	/* SETFLAGS replies the header */
	EXPECT_EQ(_RESMGR_NPARTS(1), iofunc_devctl_default(ctp, &d.msg, &ocb));
	/* and nothing else */
	EXPECT_TRUE(ctp->iov[0].iov_len == sizeof(d.msg.o) &&
		    d.msg.o.ret_val == 0);
	/* SETFLAGS: O_APPEND set, O_NONBLOCK cleared, the rest untouched */
	EXPECT_EQ((O_RDWR + 1) | O_APPEND, ocb.ioflag);

	d.msg.i.dcmd = DCMD_ALL_SETFLAGS;
	d.msg.i.nbytes = sizeof(int);
	d.data = O_DSYNC;
	/* SETFLAGS O_DSYNC without a mount: EINVAL */
	EXPECT_EQ(EINVAL, iofunc_devctl(ctp, &d.msg, &ocb, &a));
	/* and nothing changes */
	EXPECT_EQ((O_RDWR + 1) | O_APPEND, ocb.ioflag);
	a.mount = &mnt;
	/* SETFLAGS O_DSYNC with IOFUNC_PC_SYNC_IO */
	EXPECT_EQ(_RESMGR_NPARTS(1), iofunc_devctl(ctp, &d.msg, &ocb, &a));
	EXPECT_EQ((O_RDWR + 1) | O_DSYNC, ocb.ioflag);
	d.msg.i.dcmd = DCMD_ALL_SETFLAGS;
	d.msg.i.nbytes = 0;
	/* SETFLAGS without data: EINVAL */
	EXPECT_EQ(EINVAL, iofunc_devctl(ctp, &d.msg, &ocb, &a));

	d.msg.i.dcmd = __DIOF(_DCMD_MISC, 1, int);
	/* other commands: _RESMGR_DEFAULT */
	EXPECT_EQ(_RESMGR_DEFAULT, iofunc_devctl_default(ctp, &d.msg, &ocb));
	/* message untouched */
	EXPECT_EQ(__DIOF(_DCMD_MISC, 1, int), d.msg.i.dcmd);
}

TEST(func_init_fills_the_posix_defaults)
{
	resmgr_connect_funcs_t c;
	resmgr_io_funcs_t io;

	memset(&io, 0xff, sizeof(io));
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &c, _RESMGR_IO_NFUNCS, &io);
	/* connect: only open has a default */
	EXPECT_TRUE(c.nfuncs == _RESMGR_CONNECT_NFUNCS &&
		    c.open == iofunc_open_default && c.unlink == NULL);
	/* io defaults */
	EXPECT_TRUE(io.nfuncs == _RESMGR_IO_NFUNCS &&
		    io.read == iofunc_read_default &&
		    io.write == iofunc_write_default &&
		    io.stat == iofunc_stat_default &&
		    io.lseek == iofunc_lseek_default);
	EXPECT_TRUE(io.close_ocb == iofunc_close_ocb_default &&
		    io.close_dup == iofunc_close_dup_default &&
		    io.lock_ocb == iofunc_lock_ocb_default &&
		    io.unlock_ocb == iofunc_unlock_ocb_default);
	EXPECT_EQ(&iofunc_devctl_default, io.devctl);
	/* other io slots NULL */
	EXPECT_TRUE(io.notify == NULL && io.utime64 == NULL);
	memset(&io, 0, sizeof(io));
	iofunc_func_init(0, NULL, 2, &io);
	/* a shorter table gets only its slots */
	EXPECT_TRUE(io.nfuncs == 2 && io.read && io.write && !io.close_ocb);
}

TEST_HARNESS_MAIN
