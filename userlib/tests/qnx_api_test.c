// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The rest of QNX's resmgr/iofunc/devctl API: the dcmd headers
 * (<sys/dcmd_chr.h>, <sys/dcmd_blk.h>, <sys/dcmd_misc.h>, the rest of
 * <sys/dcmd_all.h>), get_device_command()/set_device_direction(),
 * posix_devctl() and devctlv(), iofunc_close_ocb(), and the names QNX
 * code tests against (_IO_MAX, F_ALLOCSP, rcvid_t, the pulse member,
 * IOFUNC_ATTR_DIRTY_MASK, the cross-endian flags).
 */
#include <stddef.h>
#include <sys/uio.h>
#include <devctl.h>
#include <sys/dcmd_all.h>
#include <sys/dcmd_blk.h>
#include <sys/dcmd_chr.h>
#include <sys/dcmd_misc.h>
#include <sys/iomgr.h>

#include "testlib.h"
#include "kselftest_harness.h"

#define DCMD(_cls, _name)	{ _name, #_name, _cls }

static const struct {
	unsigned dcmd;
	const char *name;
	unsigned cls;
} dcmds[] = {
	DCMD(_DCMD_ALL, DCMD_ALL_GETFLAGS),
	DCMD(_DCMD_ALL, DCMD_ALL_SETFLAGS),
	DCMD(_DCMD_ALL, DCMD_ALL_GETMOUNTFLAGS),
	DCMD(_DCMD_ALL, DCMD_ALL_GETOWN),
	DCMD(_DCMD_ALL, DCMD_ALL_SETOWN),
	DCMD(_DCMD_ALL, DCMD_ALL_FADVISE),
	DCMD(_DCMD_CHR, DCMD_CHR_TCGETATTR),
	DCMD(_DCMD_CHR, DCMD_CHR_TCSETATTR),
	DCMD(_DCMD_CHR, DCMD_CHR_TCSETATTRD),
	DCMD(_DCMD_CHR, DCMD_CHR_TCSETATTRF),
	DCMD(_DCMD_CHR, DCMD_CHR_TCDRAIN),
	DCMD(_DCMD_CHR, DCMD_CHR_TCFLOW),
	DCMD(_DCMD_CHR, DCMD_CHR_TCFLUSH),
	DCMD(_DCMD_CHR, DCMD_CHR_TCGETPGRP),
	DCMD(_DCMD_CHR, DCMD_CHR_TCSETPGRP),
	DCMD(_DCMD_CHR, DCMD_CHR_TCGETSID),
	DCMD(_DCMD_CHR, DCMD_CHR_TCSETSID),
	DCMD(_DCMD_CHR, DCMD_CHR_TCINJECTC),
	DCMD(_DCMD_CHR, DCMD_CHR_TCINJECTR),
	DCMD(_DCMD_CHR, DCMD_CHR_ISATTY),
	DCMD(_DCMD_CHR, DCMD_CHR_ISCHARS),
	DCMD(_DCMD_CHR, DCMD_CHR_OSCHARS),
	DCMD(_DCMD_CHR, DCMD_CHR_ISSIZE),
	DCMD(_DCMD_CHR, DCMD_CHR_OSSIZE),
	DCMD(_DCMD_CHR, DCMD_CHR_GETSIZE),
	DCMD(_DCMD_CHR, DCMD_CHR_SETSIZE),
	DCMD(_DCMD_CHR, DCMD_CHR_SERCTL),
	DCMD(_DCMD_CHR, DCMD_CHR_LINESTATUS),
	DCMD(_DCMD_CHR, DCMD_CHR_GETOBAND),
	DCMD(_DCMD_CHR, DCMD_CHR_SETOBAND),
	DCMD(_DCMD_CHR, DCMD_CHR_SENDBREAK),
	DCMD(_DCMD_CHR, DCMD_CHR_PARCTL),
	DCMD(_DCMD_CHR, DCMD_CHR_RESET),
	DCMD(_DCMD_BLK, DCMD_BLK_PARTENTRY),
	DCMD(_DCMD_BLK, DCMD_BLK_FORCE_RELEARN),
	DCMD(_DCMD_BLK, DCMD_BLK_PART_DESCRIPTION),
	DCMD(_DCMD_FSYS, DCMD_FSYS_STATVFS),
	DCMD(_DCMD_FSYS, DCMD_FSYS_MOUNTED_ON),
	DCMD(_DCMD_FSYS, DCMD_FSYS_MOUNTED_AT),
	DCMD(_DCMD_FSYS, DCMD_FSYS_MOUNTED_BY),
	DCMD(_DCMD_FSYS, DCMD_FSYS_OPTIONS),
	DCMD(_DCMD_FSYS, DCMD_FSYS_LABEL),
	DCMD(_DCMD_FSYS, DCMD_FSYS_PREGROW_FILE),
	DCMD(_DCMD_FSYS, DCMD_FSYS_FILE_FLAGS),
	DCMD(_DCMD_MISC, DCMD_MISC_MQGETATTR),
	DCMD(_DCMD_MISC, DCMD_MISC_MQSETATTR),
};

#define NDCMDS	(sizeof(dcmds) / sizeof(dcmds[0]))

TEST(dcmds_are_distinct_ioctls_of_their_class)
{
	unsigned i, j, bad = 0, dup = 0;

	for (i = 0; i < NDCMDS; i++) {
		unsigned c = dcmds[i].dcmd, dir = _IOC_DIR(c);

		/* A Linux ioctl number: class, a size the field holds, and a
		 * direction exactly when there is data. */
		if (_IOC_TYPE(c) != dcmds[i].cls ||
		    _IOC_SIZE(c) > _DEVCTL_DATA_MAX ||
		    (dir == _IOC_NONE) != (_IOC_SIZE(c) == 0) ||
		    c != (unsigned)_IOC(dir, _IOC_TYPE(c), _IOC_NR(c),
					_IOC_SIZE(c))) {
			TH_LOG("%s = %#x is no valid ioctl of its class",
			       dcmds[i].name, c);
			bad++;
		}
		for (j = 0; j < i; j++)
			if (get_device_command(dcmds[j].dcmd) ==
			    get_device_command(c)) {
				TH_LOG("%s and %s are one command",
				       dcmds[j].name, dcmds[i].name);
				dup++;
			}
	}
	EXPECT_EQ(0, bad);
	EXPECT_EQ(0, dup);
	EXPECT_TRUE(_IOC_SIZE(DCMD_CHR_TCGETATTR) == sizeof(struct termios) &&
		    get_device_direction(DCMD_CHR_TCGETATTR) == DEVDIR_FROM &&
		    get_device_direction(DCMD_CHR_TCSETATTR) == DEVDIR_TO &&
		    get_device_direction(DCMD_CHR_PARCTL) == DEVDIR_TOFROM &&
		    get_device_direction(DCMD_CHR_TCDRAIN) == DEVDIR_NONE);
}

/* A QNX handler's switch: case labels made of get_device_command(). */
static const char *which(unsigned dcmd)
{
	switch (get_device_command(dcmd)) {
	case get_device_command(DCMD_CHR_TCGETATTR):
		return "tcgetattr";
	case get_device_command(DCMD_CHR_SERCTL):
		return "serctl";
	case get_device_command(DCMD_ALL_GETFLAGS):
		return "getflags";
	default:
		return "other";
	}
}

TEST(device_command_and_direction_helpers)
{
	unsigned c = DCMD_CHR_SERCTL;

	/* get_device_command: class and number only */
	EXPECT_EQ((_DCMD_CHR << 8) | _IOC_NR(c), get_device_command(c));
	/* usable in case labels, matching any size and direction */
	EXPECT_TRUE(strcmp(which(DCMD_CHR_TCGETATTR), "tcgetattr") == 0 &&
		    strcmp(which(__DIOT(_DCMD_CHR, _IOC_NR(DCMD_CHR_SERCTL),
					long)), "serctl") == 0 &&
		    strcmp(which(DCMD_ALL_GETFLAGS), "getflags") == 0 &&
		    strcmp(which(DCMD_CHR_RESET), "other") == 0);
	/* set_device_direction: only the direction changes, to any */
	EXPECT_EQ((unsigned)_IOW(_DCMD_CHR, _IOC_NR(DCMD_CHR_TCGETATTR),
				 struct termios),
		  set_device_direction(DCMD_CHR_TCGETATTR, DEVDIR_TO));
	EXPECT_EQ(DEVDIR_TOFROM,
		  get_device_direction(set_device_direction(DCMD_CHR_TCDRAIN,
							    DEVDIR_TOFROM)));
}

/* A device behind devctl(): echoes its input reversed. */
static struct {
	int calls;
	unsigned long request;
	unsigned char in[64];
} dev;

static int reversing_ioctl(int fd, unsigned long request, void *arg)
{
	size_t size, i;
	unsigned char *p = arg;

	/* A resmgr file: devctl() comes wrapped, and is marked served. */
	if (request == RESMGR_FIOC_DEVCTL) {
		struct resmgr_fioc_devctl *d = arg;

		d->flags = RESMGR_FIOC_DEVCTL_SERVED;
		request = d->dcmd;
		p = (unsigned char *)(uintptr_t)d->arg;
		arg = p;
	}
	size = _IOC_SIZE(request);
	dev.calls++;
	dev.request = request;
	if (size > sizeof(dev.in))
		size = sizeof(dev.in);
	memcpy(dev.in, arg, size);
	for (i = 0; i < size; i++)
		p[i] = dev.in[size - 1 - i];
	return 42;
}

struct twelve {
	char b[12];
};
#define T_REVERSE	__DIOTF(_DCMD_MISC, 0x30, struct twelve)

TEST(posix_devctl_and_devctlv_gather_and_scatter)
{
	char a[4] = "abcd", b[8] = "efghijkl", r1[5], r2[7];
	struct iovec sv[2], rv[2];
	int info = 0, v = 7;

	rm_devctl_ioctl = reversing_ioctl;
	/* posix_devctl is devctl: the command, its info */
	EXPECT_EQ(EOK,
		  posix_devctl(3, DCMD_ALL_SETFLAGS, &v, sizeof(v), &info));
	EXPECT_TRUE(dev.calls == 1 && dev.request == DCMD_ALL_SETFLAGS &&
		    info == 42);

	sv[0].iov_base = a;
	sv[0].iov_len = sizeof(a);
	sv[1].iov_base = b;
	sv[1].iov_len = sizeof(b);
	rv[0].iov_base = r1;
	rv[0].iov_len = sizeof(r1);
	rv[1].iov_base = r2;
	rv[1].iov_len = sizeof(r2);
	info = 0;
	/* devctlv gathers the send parts in order, scatters the answer */
	EXPECT_EQ(EOK, devctlv(3, T_REVERSE, 2, 2, sv, rv, &info));
	EXPECT_EQ(0, memcmp(dev.in, "abcdefghijkl", 12));
	EXPECT_TRUE(memcmp(r1, "lkjih", 5) == 0 &&
		    memcmp(r2, "gfedcba", 7) == 0 && info == 42);
	errno = 0;
	/* a negative count */
	EXPECT_TRUE(devctlv(3, T_REVERSE, -1, 0, sv, NULL, NULL) == EINVAL &&
		    errno == EINVAL);
}

TEST(names_qnx_code_tests_against)
{
	resmgr_iomsgs_t m;
	rcvid_t id = -1;

	/* _IO_BASE < every _IO_* <= _IO_MAX */
	EXPECT_TRUE(_IO_CONNECT > _IO_BASE && _IO_SYNC <= _IO_MAX &&
		    _IO_MSG <= _IO_MAX && _IO_MAX < 0x10000);
	/* F_ALLOCSP/F_FREESP distinct from the 64s */
	EXPECT_TRUE(F_ALLOCSP != F_ALLOCSP64 && F_FREESP != F_FREESP64 &&
		    F_ALLOCSP != F_FREESP);
	EXPECT_NE(_IO_OPENFD_NONE, _IO_OPENFD_PIPE);
	/* resmgr_iomsgs_t has the pulse */
	EXPECT_TRUE((void *)&m.pulse == (void *)&m &&
		    sizeof(m.pulse.code) == 1);
	EXPECT_TRUE(id == -1 && sizeof(rcvid_t) == sizeof(int));
	/* IOFUNC_ATTR_DIRTY_MASK: the dirty bits, not the time requests */
	EXPECT_TRUE((IOFUNC_ATTR_DIRTY_MASK & IOFUNC_ATTR_DIRTY_SIZE) &&
		    (IOFUNC_ATTR_DIRTY_MASK & IOFUNC_ATTR_DIRTY_TIME) &&
		    !(IOFUNC_ATTR_DIRTY_MASK & (IOFUNC_ATTR_ATIME |
						IOFUNC_ATTR_MTIME |
						IOFUNC_ATTR_CTIME)));
	/* cross-endian names */
	EXPECT_TRUE(RESMGR_FLAG_CROSS_ENDIAN && _NTO_MI_ENDIAN_DIFF &&
		    !(_NTO_MI_ENDIAN_DIFF & (_NTO_MI_UNBLOCK_REQ |
					     _NTO_MI_NONBLOCK)));
	/* <sys/iomgr.h> ids below the private range */
	EXPECT_TRUE(_IOMGR_PCI != _IOMGR_FSYS &&
		    _IOMGR_DISPLAY < _IOMGR_PRIVATE_BASE);
}

static int freed;

static iofunc_ocb_t *counting_calloc(resmgr_context_t *c, iofunc_attr_t *a)
{
	return calloc(1, sizeof(iofunc_ocb_t));
}

static void counting_free(iofunc_ocb_t *ocb)
{
	freed++;
	free(ocb);
}

TEST(iofunc_close_ocb_detaches_and_frees_through_the_mount)
{
	static resmgr_io_funcs_t io;
	static iofunc_funcs_t funcs = {
		_IOFUNC_NFUNCS, counting_calloc, counting_free, NULL, NULL,
		NULL
	};
	static iofunc_mount_t mnt = { .funcs = &funcs };
	struct {
		io_open_t o;
		char path[8];
	} msg;
	unsigned char in[sizeof(struct resmgr_in_header)];
	iofunc_attr_t a, other;
	struct rm_binding b;
	struct rm_ctx *ctx;
	resmgr_context_t *ctp;

	iofunc_func_init(0, NULL, _RESMGR_IO_NFUNCS, &io);
	ctx = test_server(NULL, &io, NULL, NULL);
	ctp = &ctx->pub.resmgr_context;
	iofunc_attr_init(&a, S_IFNAM | 0666, NULL, NULL);
	iofunc_attr_init(&other, S_IFNAM | 0666, NULL, NULL);
	a.mount = &mnt;

	mk_in(in, RESMGR_OP_OPEN, 9, 0, sizeof(in));
	memcpy(ctx->rbuf, in, sizeof(in));
	ctx->rcvd = sizeof(in);
	rm_ctx_begin(ctx);
	ctx->cred_valid = true;
	memset(&msg, 0, sizeof(msg));
	msg.o.connect.type = _IO_CONNECT;
	msg.o.connect.subtype = _IO_CONNECT_OPEN;
	msg.o.connect.ioflag = O_RDWR + 1;
	msg.o.connect.access = _IO_FLAG_RD | _IO_FLAG_WR;
	msg.o.connect.path_len = 1;
	/* an open, counted on the attr */
	ASSERT_EQ(EOK, iofunc_ocb_attach(ctp, &msg.o, NULL, &a, NULL));
	rm_bind_get(&ctx->dpp->bindings, ctx->req.handle, &b);
	EXPECT_TRUE(b.ocb && a.count == 1 && a.wcount == 1);

	/* with another attr: EINVAL, and nothing done */
	EXPECT_EQ(EINVAL, iofunc_close_ocb(ctp, b.ocb, &other));
	EXPECT_TRUE(a.count == 1 && freed == 0);
	/* with its own: detached and freed through the mount's funcs */
	EXPECT_EQ(EOK, iofunc_close_ocb(ctp, b.ocb, &a));
	EXPECT_TRUE(a.count == 0 && a.rcount == 0 && a.wcount == 0 &&
		    freed == 1);
}

TEST_HARNESS_MAIN
