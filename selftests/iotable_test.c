// SPDX-License-Identifier: GPL-2.0
/*
 * The rest of the I/O table, against a raw-protocol server: fsync and
 * fdatasync (SYNC), fallocate (SPACE), mmap (READ or ENODEV), the client
 * ioctls of resmgr's magic (RESMGR_FIOC_MSG, _PATHCONF, _FDINFO, _OPENFD, which
 * never reach the server as DEVCTL), and readv/writev: one message on a
 * stream, one per segment on a seekable file.
 *
 * Choices the tests pin down: a MSG reply with more data than the
 * client's recv_len is refused to the server (XFER fails EINVAL) and the
 * client's ioctl fails EIO, as any malformed reply does.
 */
#include "raw_server.h"
#include "kselftest_harness.h"

#include <sys/resource.h>

#define IOT_PATH_TEXT	"/dev/iot/a/rather/long/name"
#define IOT_PC_VALUE	1	/* PATHCONF name answered 255 */
#define IOT_PC_NOLIMIT	2	/* ... answered -1 */
#define IOT_MSG_REVERSE	1	/* MSG subtype: data reversed, status 100 + n */
#define IOT_MSG_MSGWRITE	2	/* MSG subtype: "late" put by MSGWRITE at 4 */
#define IOT_MSG_TOO_BIG	99	/* MSG subtype: answers out_max + 8 bytes */
#define IOT_SEGS_MAX	16

/* What the test tells the server, and what the server saw. */
struct iot_ctl {
	volatile uint32_t open_flags;	/* RESMGR_OPEN_* for every OPEN */
	volatile uint64_t open_size;	/* resmgr_open_out.size of every OPEN */
	volatile int sync_errno;
	volatile int space_errno;
	volatile int openfd_errno;
	volatile uint32_t openfd_bad_flags;	/* answer OPENFD with these */
	volatile int openfd_ids;
	volatile int fdinfo_short;	/* answer FDINFO with 8 bytes */
	volatile int hostile_errno;	/* XFER's answer to a bad reply */
	volatile int rw_count;
	volatile long long rw_offset[IOT_SEGS_MAX];
	volatile unsigned long long rw_nbytes[IOT_SEGS_MAX];
	volatile uint32_t rw_xtype[IOT_SEGS_MAX];
};

static struct iot_ctl *ctl;

static void iot_reply_status(struct resmgr_out_header *oh, int err,
			     long long status)
{
	if (err)
		oh->error = err;
	else
		oh->status = status;
}

static bool iot_handler(struct raw_srv *srv, int chan,
			struct resmgr_in_header *ih, int n,
			struct raw_reply *r, struct iovec *iov, int *iovcnt)
{
	static char data[8192];
	void *body = ih + 1;

	switch (ih->opcode) {
	case RESMGR_OP_OPEN: {
		int id = __sync_add_and_fetch(&srv->sh->opens, 1);

		srv->sh->ocb_off[id % RAW_MAX_OCBS] = 0;
		r->body.open.ocb = id;
		r->body.open.flags = ctl->open_flags;
		r->body.open.size = ctl->open_size;
		iov[0].iov_len = r->oh.len = sizeof(r->oh) + sizeof(r->body.open);
		return true;
	}
	case RESMGR_OP_READ:
	case RESMGR_OP_WRITE: {
		struct resmgr_rw_in *rw = body;
		int i = ctl->rw_count;

		if (i < IOT_SEGS_MAX) {
			ctl->rw_offset[i] = rw->offset;
			ctl->rw_nbytes[i] = rw->nbytes;
			ctl->rw_xtype[i] = rw->xtype;
			ctl->rw_count = i + 1;
		}
		return false;	/* raw_serve() does the I/O */
	}
	case RESMGR_OP_SYNC:
		iot_reply_status(&r->oh, ctl->sync_errno, 0);
		return true;
	case RESMGR_OP_SPACE: {
		struct resmgr_space_in *sp = body;

		iot_reply_status(&r->oh, ctl->space_errno, sp->start + sp->len);
		return true;
	}
	case RESMGR_OP_PATHCONF: {
		struct resmgr_pathconf_in *pc = body;

		if (pc->name == IOT_PC_VALUE)
			r->oh.status = 255;
		else if (pc->name == IOT_PC_NOLIMIT)
			r->oh.status = -1;
		else
			r->oh.error = EINVAL;
		return true;
	}
	case RESMGR_OP_MSG: {
		struct resmgr_msg_in *m = body;
		const char *in = (const char *)(m + 1);
		uint32_t i, cnt = m->nbytes;

		if (m->subtype == IOT_MSG_TOO_BIG) {
			memset(data, 'x', m->out_max + 8);
			iov[1].iov_base = data;
			iov[1].iov_len = m->out_max + 8;
			r->oh.len = sizeof(r->oh) + iov[1].iov_len;
			if (raw_reply_only(chan, iov, 2) < 0)
				ctl->hostile_errno = errno;
			*iovcnt = 0;
			return true;
		}
		if (m->subtype == IOT_MSG_MSGWRITE) {
			struct resmgr_msgio mw = {
				.size = sizeof(mw),
				.unique = ih->unique, .offset = 4,
				.buf = (uintptr_t)"late", .len = 4,
			};

			r->oh.status = ioctl(chan, RESMGR_IOC_MSGWRITE, &mw);
			return true;
		}
		if (cnt > m->out_max)
			cnt = m->out_max;
		for (i = 0; i < cnt; i++)
			data[i] = in[m->nbytes - 1 - i];
		iov[1].iov_base = data;
		iov[1].iov_len = cnt;
		*iovcnt = 2;
		r->oh.len = sizeof(r->oh) + cnt;
		r->oh.status = 100 + m->nbytes;
		return true;
	}
	case RESMGR_OP_FDINFO: {
		struct resmgr_fdinfo_in *fi = body;
		struct resmgr_fdinfo info = {
			.mode = S_IFREG | 0644, .ioflag = RESMGR_IOFLAG_READ,
			.offset = 7, .size = 1234, .count = 3, .rcount = 2,
			.wcount = 1, .rlocks = 4, .wlocks = 5,
		};
		size_t plen = strlen(IOT_PATH_TEXT) + 1;

		if (ctl->fdinfo_short) {	/* data, but not a whole info */
			iov[1].iov_base = &info;
			iov[1].iov_len = 8;
			*iovcnt = 2;
			r->oh.len = sizeof(r->oh) + 8;
			return true;
		}

		/* A truncated path is sent cut, without its NUL. */
		if (plen > fi->path_max)
			plen = fi->path_max;
		memcpy(data, &info, sizeof(info));
		memcpy(data + sizeof(info), IOT_PATH_TEXT, plen);
		iov[1].iov_base = data;
		iov[1].iov_len = sizeof(info) + plen;
		*iovcnt = 2;
		r->oh.len = sizeof(r->oh) + iov[1].iov_len;
		r->oh.status = strlen(IOT_PATH_TEXT);
		return true;
	}
	case RESMGR_OP_OPENFD:
		if (ctl->openfd_errno) {
			r->oh.error = ctl->openfd_errno;
			return true;
		}
		r->body.open.ocb = 1000 + __sync_add_and_fetch(&ctl->openfd_ids, 1);
		r->body.open.flags = ctl->openfd_bad_flags ?: ctl->open_flags;
		srv->sh->ocb_off[r->body.open.ocb % RAW_MAX_OCBS] = 0;
		iov[0].iov_len = r->oh.len = sizeof(r->oh) + sizeof(r->body.open);
		return true;
	default:
		return false;
	}
}

FIXTURE(iot) {
	struct raw_srv srv;
	char path[64];
	int fd;
};

/* Serve @path, every OPEN answered with @open_flags; open it O_RDWR. */
static int iot_start(struct raw_srv *srv, char *path, size_t len,
		     uint32_t open_flags)
{
	ctl = mmap(NULL, sizeof(*ctl), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ctl == MAP_FAILED)
		return -1;
	ctl->open_flags = open_flags;
	snprintf(path, len, "/tmp/resmgr-iot-%d", getpid());
	memset(srv, 0, sizeof(*srv));
	srv->handler = iot_handler;
	srv->attach_mode = S_IFREG | 0666;	/* fallocate wants a file */
	if (raw_start(srv, path, RAW_NORMAL))
		return -1;
	for (int i = 0; i < 4096; i++)
		srv->sh->content[i] = 'a' + i % 26;
	srv->sh->content_len = 4096;
	return open(path, O_RDWR);
}

FIXTURE_SETUP(iot)
{
	self->fd = -1;
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	self->fd = iot_start(&self->srv, self->path, sizeof(self->path), 0);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(iot)
{
	if (self->fd >= 0)
		close(self->fd);
	raw_stop(&self->srv);
	munmap(ctl, sizeof(*ctl));
}

#define LAST(op, type) ((type *)self->srv.sh->last[op].body)

TEST_F(iot, fsync_and_fdatasync_send_sync)
{
	struct raw_shared *sh = self->srv.sh;

	ASSERT_EQ(0, fsync(self->fd));
	EXPECT_EQ(1, sh->ops[RESMGR_OP_SYNC]);
	EXPECT_EQ(0, LAST(RESMGR_OP_SYNC, struct resmgr_sync_in)->flags);
	ASSERT_EQ(0, fdatasync(self->fd));
	EXPECT_EQ(2, sh->ops[RESMGR_OP_SYNC]);
	EXPECT_EQ(RESMGR_SYNC_DATA,
		  LAST(RESMGR_OP_SYNC, struct resmgr_sync_in)->flags);
	/* The server's errno is the call's. */
	ctl->sync_errno = EIO;
	EXPECT_EQ(-1, fsync(self->fd));
	EXPECT_EQ(EIO, errno);
	ctl->sync_errno = ENOSPC;
	EXPECT_EQ(-1, fdatasync(self->fd));
	EXPECT_EQ(ENOSPC, errno);
}

TEST_F(iot, fallocate_modes_map_to_space)
{
	struct raw_shared *sh = self->srv.sh;
	struct resmgr_space_in *sp = LAST(RESMGR_OP_SPACE, struct resmgr_space_in);

	ASSERT_EQ(0, fallocate(self->fd, 0, 10, 20));
	EXPECT_EQ(RESMGR_SPACE_ALLOC, sp->cmd);
	EXPECT_EQ(0, sp->flags);
	EXPECT_EQ(10, sp->start);
	EXPECT_EQ(20, sp->len);
	ASSERT_EQ(0, fallocate(self->fd, FALLOC_FL_KEEP_SIZE, 100, 5));
	EXPECT_EQ(RESMGR_SPACE_ALLOC, sp->cmd);
	EXPECT_EQ(RESMGR_SPACE_KEEP_SIZE, sp->flags);
	EXPECT_EQ(100, sp->start);
	ASSERT_EQ(0, fallocate(self->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
			       4096, 8192));
	EXPECT_EQ(RESMGR_SPACE_FREE, sp->cmd);
	EXPECT_EQ(RESMGR_SPACE_KEEP_SIZE, sp->flags);
	EXPECT_EQ(4096, sp->start);
	EXPECT_EQ(8192, sp->len);
	EXPECT_EQ(3, sh->ops[RESMGR_OP_SPACE]);
	/* Sizes are the server's: nothing stops them at 2 GiB (s_maxbytes). */
	ASSERT_EQ(0, fallocate(self->fd, 0, 3LL << 30, 4096));
	EXPECT_EQ(3LL << 30, sp->start);
	EXPECT_EQ(4, sh->ops[RESMGR_OP_SPACE]);

	ctl->space_errno = ENOSPC;
	EXPECT_EQ(-1, fallocate(self->fd, 0, 0, 1));
	EXPECT_EQ(ENOSPC, errno);
	EXPECT_EQ(5, sh->ops[RESMGR_OP_SPACE]);
}

TEST_F(iot, fallocate_other_modes_are_not_sent)
{
	static const int modes[] = {
		FALLOC_FL_ZERO_RANGE,
		FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE,
		FALLOC_FL_COLLAPSE_RANGE,
		FALLOC_FL_INSERT_RANGE,
		FALLOC_FL_UNSHARE_RANGE,
	};

	for (size_t i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		EXPECT_EQ(-1, fallocate(self->fd, modes[i], 0, 4096));
		EXPECT_EQ(EOPNOTSUPP, errno);
	}
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_SPACE]);
}

/*
 * A private mapping's pages come by READ at their offset (page cache,
 * kmod/mapping.c), after a STAT for the size; a shared one is ENODEV
 * and the server never hears of it.
 */
TEST_F(iot, mmap_private_reads_by_offset_shared_is_enodev)
{
	struct raw_shared *sh = self->srv.sh;
	unsigned int stats = sh->ops[RESMGR_OP_STAT];
	char *p = mmap(NULL, 4096, PROT_READ, MAP_SHARED, self->fd, 0);

	EXPECT_EQ(MAP_FAILED, p);
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(stats, sh->ops[RESMGR_OP_STAT]);

	memcpy(sh->content, "mapped", 6);
	sh->content_len = 6;
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, self->fd, 0);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	EXPECT_LT(stats, sh->ops[RESMGR_OP_STAT]);
	EXPECT_EQ(0, memcmp(p, "mapped\0\0", 8));
	ASSERT_LE(1, ctl->rw_count);
	EXPECT_EQ(RESMGR_XTYPE_OFFSET, ctl->rw_xtype[0]);
	EXPECT_EQ(0, ctl->rw_offset[0]);
	EXPECT_EQ(4096, ctl->rw_nbytes[0]);
	EXPECT_EQ(0, munmap(p, 4096));
	EXPECT_EQ(0, sh->ops[RESMGR_OP_MMAP]);
}

/*
 * Faults on a private mapping read ahead: a 64 KiB window comes with one
 * READ, not one per page (each READ is a round trip to the server), and
 * every byte is the server's.  A short answer is asked again for the
 * rest, and what lies past the end of the file reads as zeros.
 */
TEST_F(iot, mmap_faults_read_ahead_a_window_per_message)
{
	struct raw_shared *sh = self->srv.sh;
	size_t len = 64 << 10, pages = len / 4096;
	volatile char sum = 0;
	char *p;

	for (size_t i = 0; i < len; i++)
		sh->content[i] = (char)(i * 7 % 251);
	sh->content_len = len;
	ctl->rw_count = 0;
	p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, self->fd, 0);
	ASSERT_NE(MAP_FAILED, p) TH_LOG("mmap: %s", strerror(errno));
	for (size_t i = 0; i < len; i += 4096)
		sum += p[i];
	EXPECT_EQ(0, memcmp(p, sh->content, len));
	/* One READ per page before readahead. */
	EXPECT_GE(2, ctl->rw_count) TH_LOG("%d READs for %zu pages",
					   ctl->rw_count, pages);
	ASSERT_LE(1, ctl->rw_count);
	EXPECT_EQ(0, ctl->rw_offset[0]);
	EXPECT_EQ(RESMGR_XTYPE_OFFSET, ctl->rw_xtype[0]);
	EXPECT_LT(4096, ctl->rw_nbytes[0]);
	EXPECT_EQ(0, munmap(p, len));

	/* A file shorter than the window: the tail of its page is zeros. */
	sh->content_len = 3 * 4096 + 100;
	ctl->rw_count = 0;
	p = mmap(NULL, 4 * 4096, PROT_READ, MAP_PRIVATE, self->fd, 0);
	ASSERT_NE(MAP_FAILED, p);
	EXPECT_EQ(0, memcmp(p, sh->content, 3 * 4096 + 100));
	for (size_t i = 3 * 4096 + 100; i < 4 * 4096; i++) {
		ASSERT_EQ(0, p[i]) TH_LOG("byte %zu past the end", i);
	}
	EXPECT_GE(2, ctl->rw_count);
	EXPECT_EQ(0, munmap(p, 4 * 4096));
}

/*
 * An OPEN reply may say the size (RESMGR_OPEN_SIZE): the inode takes it,
 * for the kernel's own size checks (copy_file_range(2)).  A size without
 * the flag is a malformed reply.
 */
TEST_F(iot, open_reply_size_becomes_the_inodes)
{
	struct statx stx;
	int fd;

	ctl->open_flags = RESMGR_OPEN_SIZE;
	ctl->open_size = 12345;
	fd = open(self->path, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, statx(fd, "", AT_EMPTY_PATH | AT_STATX_DONT_SYNC,
			   STATX_SIZE, &stx));
	EXPECT_EQ(12345, stx.stx_size);
	close(fd);
	ctl->open_flags = 0;
	EXPECT_EQ(-1, open(self->path, O_RDONLY));
	EXPECT_EQ(EIO, errno);
	ctl->open_size = 0;
}

TEST_F(iot, fioc_msg_data_both_ways)
{
	char out[16] = "hello", in[16];
	struct resmgr_fioc_msg m = {
		.size = sizeof(m),
		.mgrid = 7, .subtype = IOT_MSG_REVERSE,
		.send_buf = (uintptr_t)out, .send_len = 5,
		.recv_buf = (uintptr_t)in, .recv_len = sizeof(in),
	};
	struct resmgr_msg_in *mi = LAST(RESMGR_OP_MSG, struct resmgr_msg_in);

	memset(in, 0, sizeof(in));
	EXPECT_EQ(105, ioctl(self->fd, RESMGR_FIOC_MSG, &m));
	EXPECT_STREQ("olleh", in);
	EXPECT_EQ(7, mi->mgrid);
	EXPECT_EQ(IOT_MSG_REVERSE, mi->subtype);
	EXPECT_EQ(5, mi->nbytes);
	EXPECT_EQ(sizeof(in), mi->out_max);
	EXPECT_EQ(0, memcmp(mi + 1, "hello", 5));
	EXPECT_EQ(0, self->srv.sh->devctls);
}

/* MSG has a reply buffer the server may fill with MSGWRITE (MsgWrite()). */
TEST_F(iot, fioc_msg_reply_data_by_msgwrite)
{
	char in[512];	/* past the request's inline buffer */
	struct resmgr_fioc_msg m = {
		.size = sizeof(m),
		.subtype = IOT_MSG_MSGWRITE,
		.recv_buf = (uintptr_t)in, .recv_len = sizeof(in),
	};

	memset(in, '.', sizeof(in));
	EXPECT_EQ(4, ioctl(self->fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(0, memcmp(in + 4, "late", 4));
	/* The gap the server skipped reads as zeros, never as old memory. */
	EXPECT_EQ(0, memcmp(in, "\0\0\0\0", 4));
	EXPECT_EQ('.', in[8]);	/* nothing past what the server wrote */
}

TEST_F(iot, fioc_msg_reply_bigger_than_recv_len_is_refused)
{
	char in[8];
	struct resmgr_fioc_msg m = {
		.size = sizeof(m),
		.subtype = IOT_MSG_TOO_BIG,
		.recv_buf = (uintptr_t)in, .recv_len = sizeof(in),
	};

	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(EIO, errno);
	/* The client may wake before the server's XFER returns. */
	raw_wait_count(&ctl->hostile_errno, 1, 5);
	EXPECT_EQ(EINVAL, ctl->hostile_errno);
}

TEST_F(iot, fioc_msg_bounds)
{
	struct resmgr_fioc_msg m = { .size = sizeof(m), .send_len = 1U << 31 };

	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_MSG]);
}

/*
 * A whole message of the client's own (QNX's MsgSend() on a descriptor)
 * reaches only a server that negotiated RESMGR_FEAT_RAW_MSG: another
 * would read its bytes as an _IO_MSG's.
 */
TEST_F(iot, fioc_msg_raw_needs_its_feature)
{
	char out[4] = "\x01\x60" "ab";
	struct resmgr_fioc_msg m = {
		.size = sizeof(m),
		.send_buf = (uintptr_t)out, .send_len = sizeof(out),
		.flags = RESMGR_FIOC_MSG_RAW,
	};

	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(EOPNOTSUPP, errno);
	m.flags = 0x2;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(EINVAL, errno);
	m.flags = 0;
	m.reserved = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_MSG]);
}

TEST(fioc_msg_raw_carries_the_whole_message)
{
	char out[5] = "\x01\x60" "abc", in[8];
	struct resmgr_fioc_msg m = {
		.size = sizeof(m),
		.send_buf = (uintptr_t)out, .send_len = sizeof(out),
		.recv_buf = (uintptr_t)in, .recv_len = sizeof(in),
		.flags = RESMGR_FIOC_MSG_RAW,
	};
	struct resmgr_msg_in *mi;
	struct raw_srv srv;
	char path[64];
	int fd;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	raw_features = RESMGR_FEAT_RAW_MSG;
	fd = iot_start(&srv, path, sizeof(path), 0);
	ASSERT_LE(0, fd);
	ASSERT_EQ(RESMGR_FEAT_RAW_MSG, raw_features);
	mi = (struct resmgr_msg_in *)srv.sh->last[RESMGR_OP_MSG].body;

	/* A whole message has no manager id and at least its type. */
	m.mgrid = 1;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(EINVAL, errno);
	m.mgrid = 0;
	m.send_len = 1;
	EXPECT_EQ(-1, ioctl(fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, srv.sh->ops[RESMGR_OP_MSG]);

	m.send_len = sizeof(out);
	memset(in, 0, sizeof(in));
	EXPECT_EQ(105, ioctl(fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(0, memcmp(in, "cba\x60\x01", 5));
	EXPECT_EQ(RESMGR_MSG_RAW, mi->flags);
	EXPECT_EQ(0, mi->mgrid);
	EXPECT_EQ(0, mi->subtype);
	EXPECT_EQ(0, memcmp(mi + 1, out, sizeof(out)));

	/* An _IO_MSG's body says no such thing. */
	m.flags = 0;
	m.mgrid = 7;
	EXPECT_EQ(105, ioctl(fd, RESMGR_FIOC_MSG, &m));
	EXPECT_EQ(0, mi->flags);
	close(fd);
	raw_stop(&srv);
	munmap(ctl, sizeof(*ctl));
}

/*
 * The client ioctls follow the general ioctl format: a struct larger
 * than the kernel's is taken only with a zero tail, a smaller one than
 * its first version is refused, and the kernel writes back no more than
 * the caller's size.  Nothing of a refused call reaches the server.
 */
TEST_F(iot, fioc_struct_sizes_follow_the_ioctl_format)
{
	struct {
		struct resmgr_fioc_pathconf pc;
		unsigned char tail[16];
	} big;

	memset(&big, 0, sizeof(big));
	big.pc.size = sizeof(big);
	big.pc.name = IOT_PC_VALUE;
	ASSERT_EQ(0, ioctl(self->fd, RESMGR_FIOC_PATHCONF, &big));
	EXPECT_EQ(255, big.pc.value);
	/* The kernel answered with the size it knows, and left the tail. */
	EXPECT_EQ(sizeof(big.pc), big.pc.size);
	for (size_t i = 0; i < sizeof(big.tail); i++)
		EXPECT_EQ(0, big.tail[i]);

	memset(&big, 0, sizeof(big));
	big.pc.size = sizeof(big);
	big.pc.name = IOT_PC_VALUE;
	big.tail[7] = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_PATHCONF, &big));
	EXPECT_EQ(E2BIG, errno);

	big.tail[7] = 0;
	big.pc.size = 4;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_PATHCONF, &big));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(1, self->srv.sh->ops[RESMGR_OP_PATHCONF]);

	/* The numbers of version 1, with the size in them, are gone. */
	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(RESMGR_IOC_MAGIC, 0x41,
					    struct resmgr_fioc_pathconf), &big));
	EXPECT_EQ(ENOTTY, errno);
}

TEST_F(iot, unknown_resmgr_ioctl_is_enotty_and_not_sent)
{
	struct resmgr_hello h = { .size = sizeof(h), .major = RESMGR_VERSION_MAJOR };
	char buf[64] = "";

	EXPECT_EQ(-1, ioctl(self->fd, _IOWR(RESMGR_IOC_MAGIC, 0x7f, char[64]), buf));
	EXPECT_EQ(ENOTTY, errno);
	/* The channel's own ioctls mean nothing on a client's file. */
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_IOC_HELLO, &h));
	EXPECT_EQ(ENOTTY, errno);
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_DEVCTL]);
}

TEST_F(iot, fioc_pathconf)
{
	struct resmgr_fioc_pathconf pc = { .size = sizeof(pc), .name = IOT_PC_VALUE };

	ASSERT_EQ(0, ioctl(self->fd, RESMGR_FIOC_PATHCONF, &pc));
	EXPECT_EQ(255, pc.value);
	EXPECT_EQ(IOT_PC_VALUE,
		  LAST(RESMGR_OP_PATHCONF, struct resmgr_pathconf_in)->name);
	pc.name = IOT_PC_NOLIMIT;
	ASSERT_EQ(0, ioctl(self->fd, RESMGR_FIOC_PATHCONF, &pc));
	EXPECT_EQ(-1, pc.value);
	pc.name = 77;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_PATHCONF, &pc));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(3, self->srv.sh->ops[RESMGR_OP_PATHCONF]);
}

TEST_F(iot, fioc_fdinfo_info_and_path)
{
	char path[64];
	struct resmgr_fioc_fdinfo fi = {
		.size = sizeof(fi),
		.path_len = sizeof(path), .path_buf = (uintptr_t)path,
	};
	int full = strlen(IOT_PATH_TEXT);

	memset(path, 'z', sizeof(path));
	EXPECT_EQ(full, ioctl(self->fd, RESMGR_FIOC_FDINFO, &fi));
	EXPECT_STREQ(IOT_PATH_TEXT, path);
	EXPECT_EQ(S_IFREG | 0644, fi.info.mode);
	EXPECT_EQ(1234, fi.info.size);
	EXPECT_EQ(7, fi.info.offset);
	EXPECT_EQ(3, fi.info.count);
	EXPECT_EQ(5, fi.info.wlocks);
	EXPECT_EQ(sizeof(path),
		  LAST(RESMGR_OP_FDINFO, struct resmgr_fdinfo_in)->path_max);
}

TEST_F(iot, fioc_fdinfo_path_truncated_and_terminated)
{
	char path[16];
	struct resmgr_fioc_fdinfo fi = {
		.size = sizeof(fi),
		.path_len = 8, .path_buf = (uintptr_t)path,
	};

	memset(path, 'z', sizeof(path));
	/* The full length says it was cut. */
	EXPECT_EQ(strlen(IOT_PATH_TEXT), ioctl(self->fd, RESMGR_FIOC_FDINFO, &fi));
	EXPECT_STREQ("/dev/io", path);
	EXPECT_EQ('z', path[8]);	/* nothing past the room given */
	EXPECT_EQ(1234, fi.info.size);

	/* No room: no path, but the info. */
	memset(&fi, 0, sizeof(fi));
	fi.size = sizeof(fi);
	memset(path, 'z', sizeof(path));
	fi.path_buf = (uintptr_t)path;
	EXPECT_EQ(strlen(IOT_PATH_TEXT), ioctl(self->fd, RESMGR_FIOC_FDINFO, &fi));
	EXPECT_EQ('z', path[0]);
	EXPECT_EQ(1234, fi.info.size);
}

TEST_F(iot, fioc_fdinfo_without_the_info_is_eio)
{
	struct resmgr_fioc_fdinfo fi = { .size = sizeof(fi) };

	ctl->fdinfo_short = 1;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_FDINFO, &fi));
	EXPECT_EQ(EIO, errno);
}

TEST_F(iot, fioc_openfd_gives_a_new_open)
{
	struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDONLY | O_CLOEXEC };
	struct raw_shared *sh = self->srv.sh;
	int fd2, opens = sh->opens;
	char buf[4];

	fd2 = ioctl(self->fd, RESMGR_FIOC_OPENFD, &of);
	ASSERT_LE(0, fd2);
	EXPECT_NE(self->fd, fd2);
	EXPECT_EQ(opens, sh->opens);	/* no OPEN: the grant is the open */
	EXPECT_EQ(1, sh->ops[RESMGR_OP_OPENFD]);
	EXPECT_EQ(RESMGR_IOFLAG_READ,
		  LAST(RESMGR_OP_OPENFD, struct resmgr_openfd_in)->ioflag);
	EXPECT_EQ(FD_CLOEXEC, fcntl(fd2, F_GETFD));
	EXPECT_EQ(O_RDONLY, fcntl(fd2, F_GETFL) & O_ACCMODE);

	/* It works, and talks to the server through its own OCB. */
	ASSERT_EQ(4, read(fd2, buf, 4));
	EXPECT_EQ(0, memcmp(buf, "abcd", 4));
	EXPECT_EQ(1001, sh->last[RESMGR_OP_READ].ih.ocb);
	EXPECT_EQ(-1, write(fd2, "x", 1));
	EXPECT_EQ(EBADF, errno);

	/* Closing it ends its OCB, and only that one. */
	ASSERT_EQ(0, close(fd2));
	EXPECT_EQ(1001, sh->last[RESMGR_OP_CLOSE_DUP].ih.ocb);
	EXPECT_TRUE(sh->last[RESMGR_OP_CLOSE_DUP].ih.flags & RESMGR_IN_F_LAST);
	EXPECT_EQ(1, sh->close_ocbs);
	ASSERT_EQ(4, read(self->fd, buf, 4));
	EXPECT_EQ(1, sh->last[RESMGR_OP_READ].ih.ocb);
}

TEST_F(iot, fioc_openfd_nonblock)
{
	struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDWR | O_NONBLOCK };
	int fd2;

	fd2 = ioctl(self->fd, RESMGR_FIOC_OPENFD, &of);
	ASSERT_LE(0, fd2);
	EXPECT_TRUE(fcntl(fd2, F_GETFL) & O_NONBLOCK);
	EXPECT_EQ(0, fcntl(fd2, F_GETFD));
	EXPECT_EQ(O_RDWR, fcntl(fd2, F_GETFL) & O_ACCMODE);
	EXPECT_EQ(RESMGR_IOFLAG_ACCMODE | O_NONBLOCK,
		  LAST(RESMGR_OP_OPENFD, struct resmgr_openfd_in)->ioflag);
	ASSERT_EQ(1, write(fd2, "q", 1));
	EXPECT_TRUE(self->srv.sh->last[RESMGR_OP_WRITE].ih.flags &
		    RESMGR_IN_F_NONBLOCK);
	close(fd2);
}

TEST_F(iot, fioc_openfd_cannot_widen_access)
{
	struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDWR };
	int rfd = open(self->path, O_RDONLY);

	ASSERT_LE(0, rfd);
	EXPECT_EQ(-1, ioctl(rfd, RESMGR_FIOC_OPENFD, &of));
	EXPECT_EQ(EACCES, errno);
	of.flags = O_WRONLY;
	EXPECT_EQ(-1, ioctl(rfd, RESMGR_FIOC_OPENFD, &of));
	EXPECT_EQ(EACCES, errno);
	of.flags = O_RDONLY | O_APPEND;
	EXPECT_EQ(-1, ioctl(rfd, RESMGR_FIOC_OPENFD, &of));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_OPENFD]);
	close(rfd);
}

TEST_F(iot, fioc_openfd_server_refusal)
{
	struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDONLY };

	ctl->openfd_errno = EPERM;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_OPENFD, &of));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(0, self->srv.sh->close_ocb_events);
}

/* A grant the kernel cannot use is given back: nothing leaks. */
TEST_F(iot, fioc_openfd_malformed_grant_is_closed)
{
	struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDONLY };
	struct raw_shared *sh = self->srv.sh;

	ctl->openfd_bad_flags = 0x80;
	EXPECT_EQ(-1, ioctl(self->fd, RESMGR_FIOC_OPENFD, &of));
	EXPECT_EQ(EIO, errno);
	ASSERT_EQ(1, raw_wait_count(&sh->close_ocb_events, 1, 5));
	EXPECT_EQ(1001, sh->last[RESMGR_OP_CLOSE_OCB].ih.ocb);
}

/* No descriptor left: refused before the server grants anything. */
TEST_F(iot, fioc_openfd_without_a_free_fd)
{
	struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDONLY };
	struct rlimit old, rl;
	int ret, err, lowest;

	ASSERT_EQ(0, getrlimit(RLIMIT_NOFILE, &old));
	lowest = dup(0);
	ASSERT_LE(0, lowest);
	close(lowest);
	rl = old;
	rl.rlim_cur = lowest;	/* the next descriptor is over the limit */
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &rl));
	ret = ioctl(self->fd, RESMGR_FIOC_OPENFD, &of);
	err = errno;
	ASSERT_EQ(0, setrlimit(RLIMIT_NOFILE, &old));
	EXPECT_EQ(-1, ret);
	EXPECT_EQ(EMFILE, err);
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_OPENFD]);
}

TEST_F(iot, readv_writev_seekable_go_per_segment)
{
	char a[3], b[5], c[2];
	struct iovec rv[3] = { { a, 3 }, { b, 5 }, { c, 2 } };
	struct iovec wv[2] = { { "0123", 4 }, { "456789", 6 } };
	struct raw_shared *sh = self->srv.sh;

	ASSERT_EQ(10, readv(self->fd, rv, 3));
	EXPECT_EQ(0, memcmp(a, "abc", 3));
	EXPECT_EQ(0, memcmp(b, "defgh", 5));
	EXPECT_EQ(0, memcmp(c, "ij", 2));
	ASSERT_EQ(3, ctl->rw_count);
	EXPECT_EQ(0, ctl->rw_offset[0]);
	EXPECT_EQ(3, ctl->rw_offset[1]);
	EXPECT_EQ(8, ctl->rw_offset[2]);
	EXPECT_EQ(3, ctl->rw_nbytes[0]);
	EXPECT_EQ(5, ctl->rw_nbytes[1]);
	EXPECT_EQ(2, ctl->rw_nbytes[2]);
	EXPECT_EQ(RESMGR_XTYPE_NONE, ctl->rw_xtype[1]);
	EXPECT_EQ(10, lseek(self->fd, 0, SEEK_CUR));

	ASSERT_EQ(10, writev(self->fd, wv, 2));
	EXPECT_EQ(2, sh->writes);
	ASSERT_EQ(5, ctl->rw_count);
	EXPECT_EQ(10, ctl->rw_offset[3]);
	EXPECT_EQ(4, ctl->rw_nbytes[3]);
	EXPECT_EQ(14, ctl->rw_offset[4]);
	EXPECT_EQ(6, ctl->rw_nbytes[4]);
}

FIXTURE(stream) {
	struct raw_srv srv;
	char path[64];
	int fd;
};

FIXTURE_SETUP(stream)
{
	self->fd = -1;
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	self->fd = iot_start(&self->srv, self->path, sizeof(self->path),
			     RESMGR_OPEN_NONSEEKABLE);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(stream)
{
	if (self->fd >= 0)
		close(self->fd);
	raw_stop(&self->srv);
	munmap(ctl, sizeof(*ctl));
}

static unsigned int iot_sum(const char *s, size_t n, unsigned int sum)
{
	for (size_t i = 0; i < n; i++)
		sum = sum * 31 + (unsigned char)s[i];
	return sum;
}

TEST_F(stream, readv_is_one_message)
{
	char a[3], b[5], c[200];
	struct iovec rv[3] = { { a, 3 }, { b, 5 }, { c, 200 } };

	ASSERT_EQ(208, readv(self->fd, rv, 3));
	EXPECT_EQ(0, memcmp(a, "abc", 3));
	EXPECT_EQ(0, memcmp(b, "defgh", 5));
	EXPECT_EQ(0, memcmp(c, self->srv.sh->content + 8, 200));
	ASSERT_EQ(1, ctl->rw_count);
	EXPECT_EQ(208, ctl->rw_nbytes[0]);
	EXPECT_EQ(RESMGR_XTYPE_NONE, ctl->rw_xtype[0]);
	EXPECT_EQ(1, self->srv.sh->reads);
	/* No position of ours: pread and lseek are refused. */
	EXPECT_EQ(-1, pread(self->fd, a, 1, 0));
	EXPECT_EQ(ESPIPE, errno);
}

/* A stream has no offsets: no pages to map, as for a pipe. */
TEST_F(stream, mmap_of_a_stream_is_enodev)
{
	EXPECT_EQ(MAP_FAILED, mmap(NULL, 4096, PROT_READ, MAP_PRIVATE,
				   self->fd, 0));
	EXPECT_EQ(ENODEV, errno);
	EXPECT_EQ(0, self->srv.sh->ops[RESMGR_OP_READ]);
}

TEST_F(stream, writev_is_one_message)
{
	struct iovec wv[3] = { { "0123", 4 }, { "456789", 6 }, { "ab", 2 } };
	struct raw_shared *sh = self->srv.sh;

	ASSERT_EQ(12, writev(self->fd, wv, 3));
	EXPECT_EQ(1, sh->writes);
	EXPECT_EQ(12, sh->written);
	EXPECT_EQ(iot_sum("0123456789ab", 12, 0), sh->write_sum);
	ASSERT_EQ(1, ctl->rw_count);
	EXPECT_EQ(12, ctl->rw_nbytes[0]);
}

/* An OPENFD of a stream is a stream too. */
TEST_F(stream, openfd_of_a_stream_is_a_stream)
{
	struct resmgr_fioc_openfd of = { .size = sizeof(of), .flags = O_RDWR };
	struct iovec wv[2] = { { "ab", 2 }, { "cd", 2 } };
	int fd2;

	fd2 = ioctl(self->fd, RESMGR_FIOC_OPENFD, &of);
	ASSERT_LE(0, fd2);
	ASSERT_EQ(4, writev(fd2, wv, 2));
	EXPECT_EQ(1, ctl->rw_count);
	EXPECT_EQ(-1, lseek(fd2, 0, SEEK_SET));
	EXPECT_EQ(ESPIPE, errno);
	close(fd2);
}

/* Plain read and write on a stream still go as they always did. */
TEST_F(stream, read_and_write_unchanged)
{
	char buf[8];

	ASSERT_EQ(8, read(self->fd, buf, 8));
	EXPECT_EQ(0, memcmp(buf, "abcdefgh", 8));
	ASSERT_EQ(3, write(self->fd, "xyz", 3));
	EXPECT_EQ(2, ctl->rw_count);
}

TEST_HARNESS_MAIN
