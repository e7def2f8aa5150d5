/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Host unit tests: a fake kernel behind rm_ioctl so the library's
 * decoding, routing and replies run without /dev/resmgr, and the requests
 * to feed it.  The tests themselves use kselftest_harness.h, which runs
 * each TEST in a process of its own: the fake kernel (fk) and every other
 * static start each test as the program began.
 */
#ifndef RESMGR_TESTLIB_H
#define RESMGR_TESTLIB_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/* ------------------------------------------------------ fake kernel */

struct fake_kernel {
	unsigned char msg[16384];	/* the request as the client sent it */
	size_t msglen;
	unsigned char reply[8192];	/* the last reply sent */
	size_t reply_len;
	int nreplies;
	struct resmgr_xfer last_xfer;
	struct resmgr_msgio last_read;
	int nreads;
	unsigned char written[256];	/* MSGWRITE data */
	struct resmgr_msgio last_write;
	const void *next;		/* delivered by the next receive */
	size_t next_len;
};

static struct fake_kernel fk;

static inline size_t gather(unsigned char *dst, size_t room,
			    const struct iovec *iov, unsigned n)
{
	size_t len = 0;
	unsigned i;

	for (i = 0; i < n; i++) {
		if (len + iov[i].iov_len > room)
			break;
		memcpy(dst + len, iov[i].iov_base, iov[i].iov_len);
		len += iov[i].iov_len;
	}
	return len;
}

static inline int fake_ioctl(int fd, unsigned long request, void *arg)
{
	struct resmgr_xfer *x = arg;
	struct resmgr_msgio *io = arg;
	struct resmgr_msginfo *mi = arg;
	size_t n;

	switch (request) {
	case RESMGR_IOC_XFER:
		fk.last_xfer = *x;
		if (x->reply_iov) {
			fk.reply_len = gather(fk.reply, sizeof(fk.reply),
					      (void *)(uintptr_t)x->reply_iov,
					      x->reply_iovcnt);
			fk.nreplies++;
		}
		if (!x->recv_buf)
			return 0;
		if (!fk.next) {
			errno = EAGAIN;
			return -1;
		}
		n = fk.next_len < x->recv_len ? fk.next_len : x->recv_len;
		memcpy((void *)(uintptr_t)x->recv_buf, fk.next, n);
		memcpy(fk.msg, fk.next, fk.next_len);
		fk.msglen = fk.next_len;
		fk.next = NULL;
		return n;
	case RESMGR_IOC_MSGREAD:
		fk.last_read = *io;
		fk.nreads++;
		if (io->offset >= fk.msglen)
			return 0;
		n = fk.msglen - io->offset < io->len ? fk.msglen - io->offset :
						       io->len;
		memcpy((void *)(uintptr_t)io->buf, fk.msg + io->offset, n);
		return n;
	case RESMGR_IOC_MSGWRITE:
		fk.last_write = *io;
		n = io->len < sizeof(fk.written) ? io->len : sizeof(fk.written);
		memcpy(fk.written, (void *)(uintptr_t)io->buf, n);
		return n;
	case RESMGR_IOC_MSGINFO:
		mi->pid = 4242;
		mi->tid = 4243;
		mi->flags = RESMGR_IN_F_UNBLOCK_REQ;
		return 0;
	default:
		errno = ENOTTY;
		return -1;
	}
}

/* ------------------------------------------------- building requests */

#define TEST_LINK	7
#define TEST_PID	1234

static inline size_t mk_in(void *buf, uint16_t opcode, uint64_t unique,
			   uint64_t ocb, size_t len)
{
	struct resmgr_in_header in;

	memset(&in, 0, sizeof(in));
	in.len = len;
	in.opcode = opcode;
	in.unique = unique;
	in.ocb = ocb;
	in.link = TEST_LINK;
	in.pid = TEST_PID;
	in.tid = TEST_PID + 1;
	memcpy(buf, &in, sizeof(in));
	return sizeof(in);
}

struct test_client {
	uint32_t uid, gid;
	const uint32_t *groups;
	uint16_t ngroups;
};

static inline size_t mk_connect(void *buf, uint16_t opcode, uint64_t unique,
				uint32_t ioflag, uint32_t access, uint32_t mode,
				const struct test_client *cl, const char *path)
{
	unsigned char *p = buf;
	struct resmgr_connect_in ci;
	size_t off = sizeof(struct resmgr_in_header), plen = strlen(path) + 1;

	memset(&ci, 0, sizeof(ci));
	ci.ioflag = ioflag;
	ci.mode = mode;
	ci.access = access;
	ci.umask = 022;
	ci.path_len = plen;
	ci.ngroups = cl->ngroups;
	ci.cred.ruid = ci.cred.euid = ci.cred.suid = ci.cred.fsuid = cl->uid;
	ci.cred.rgid = ci.cred.egid = ci.cred.sgid = ci.cred.fsgid = cl->gid;
	memcpy(p + off, &ci, sizeof(ci));
	off += sizeof(ci);
	if (cl->ngroups)
		memcpy(p + off, cl->groups, cl->ngroups * sizeof(uint32_t));
	off += cl->ngroups * sizeof(uint32_t);
	memcpy(p + off, path, plen);
	off += plen;
	mk_in(buf, opcode, unique, 0, off);
	return off;
}

static inline size_t mk_rw(void *buf, uint16_t opcode, uint64_t unique,
			   uint64_t ocb, uint64_t nbytes, int64_t offset,
			   uint32_t xtype, const void *data, size_t dlen)
{
	unsigned char *p = buf;
	struct resmgr_rw_in rw;
	size_t off = sizeof(struct resmgr_in_header);

	memset(&rw, 0, sizeof(rw));
	rw.nbytes = nbytes;
	rw.offset = offset;
	rw.xtype = xtype;
	memcpy(p + off, &rw, sizeof(rw));
	off += sizeof(rw);
	if (dlen)
		memcpy(p + off, data, dlen);
	off += dlen;
	mk_in(buf, opcode, unique, ocb, off);
	return off;
}

static inline size_t mk_lseek(void *buf, uint64_t unique, uint64_t ocb,
			      int64_t offset, uint32_t whence, int64_t cur)
{
	unsigned char *p = buf;
	struct resmgr_lseek_in ls;
	size_t off = sizeof(struct resmgr_in_header);

	memset(&ls, 0, sizeof(ls));
	ls.offset = offset;
	ls.whence = whence;
	ls.cur = cur;
	memcpy(p + off, &ls, sizeof(ls));
	off += sizeof(ls);
	mk_in(buf, RESMGR_OP_LSEEK, unique, ocb, off);
	return off;
}

static inline size_t mk_devctl(void *buf, uint64_t unique, uint64_t ocb,
				uint32_t dcmd, uint32_t nbytes, uint32_t out_max,
				const void *data)
{
	unsigned char *p = buf;
	struct resmgr_devctl_in dv;
	size_t off = sizeof(struct resmgr_in_header);

	memset(&dv, 0, sizeof(dv));
	dv.dcmd = dcmd;
	dv.nbytes = nbytes;
	dv.out_max = out_max;
	memcpy(p + off, &dv, sizeof(dv));
	off += sizeof(dv);
	if (nbytes)
		memcpy(p + off, data, nbytes);
	off += nbytes;
	mk_in(buf, RESMGR_OP_DEVCTL, unique, ocb, off);
	return off;
}

/* A LOCK request by process @pid on open @ocb (an OFD lock if @ofd). */
static inline size_t mk_lock(void *buf, uint64_t unique, uint64_t ocb,
			     uint32_t pid, uint32_t cmd, uint16_t type,
			     int64_t start, int64_t range, bool ofd)
{
	struct resmgr_lock_in lk;
	size_t off = sizeof(struct resmgr_in_header);

	memset(&lk, 0, sizeof(lk));
	lk.cmd = cmd;
	lk.type = type;
	lk.flags = ofd ? RESMGR_LOCK_OFD : 0;
	lk.start = start;
	lk.len = range;
	lk.owner = pid;
	lk.pid = pid;
	memcpy((unsigned char *)buf + off, &lk, sizeof(lk));
	off += sizeof(lk);
	mk_in(buf, RESMGR_OP_LOCK, unique, ocb, off);
	return off;
}

/* ------------------------------------------------------ test server */

static inline struct rm_ctx *test_server(const resmgr_connect_funcs_t *connect,
					 const resmgr_io_funcs_t *io,
					 void *handle,
					 int (*other)(resmgr_context_t *, void *))
{
	dispatch_t *dpp;
	struct rm_link *link;

	rm_ioctl = fake_ioctl;
	dpp = rm_dispatch_new(99, false);
	link = calloc(1, sizeof(*link));
	link->id = TEST_LINK;
	link->attached = true;
	link->connect = connect;
	link->io = io;
	link->handle = handle;
	link->other_func = other;
	dpp->links = link;
	return rm_ctx_alloc(dpp);
}

/*
 * Hand a request to the context as dispatch_block() would (truncated to
 * the receive buffer, the rest left for MSGREAD) and route it.
 */
static inline void deliver(struct rm_ctx *ctx, const void *msg, size_t len)
{
	struct resmgr_in_header in;
	size_t n = len < ctx->rlen ? len : ctx->rlen;

	memcpy(fk.msg, msg, len);
	fk.msglen = len;
	memcpy(ctx->rbuf, msg, n);
	if (n < len) {
		memcpy(&in, ctx->rbuf, sizeof(in));
		in.flags |= RESMGR_IN_F_TRUNC;
		memcpy(ctx->rbuf, &in, sizeof(in));
	}
	ctx->rcvd = n;
	ctx->pending = false;
	rm_ctx_begin(ctx);
	rm_route(ctx);
}

/* The reply pending on @ctx, flattened; NULL if there is none. */
static inline const struct resmgr_out_header *pending_reply(struct rm_ctx *ctx)
{
	if (!ctx->pending)
		return NULL;
	fk.reply_len = gather(fk.reply, sizeof(fk.reply), ctx->reply.iov,
			      ctx->reply.iovcnt);
	return (const void *)fk.reply;
}

static inline const void *reply_body(void)
{
	return fk.reply + sizeof(struct resmgr_out_header);
}

/* The OCB handle the reply to the open just delivered gives; 0: failed. */
static inline uint64_t open_reply_handle(struct rm_ctx *ctx)
{
	const struct resmgr_out_header *out = pending_reply(ctx);
	struct resmgr_open_out oo;

	if (!out || out->error)
		return 0;
	memcpy(&oo, reply_body(), sizeof(oo));
	return oo.ocb;
}

#endif /* RESMGR_TESTLIB_H */
