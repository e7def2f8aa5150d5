// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's message-passing calls on a held request (rcvid), and the resmgr_*
 * covers that take a context instead.
 *
 * Offsets passed to MsgRead() count in the QNX view of the message (the
 * translated header, then the client's data); rm_req_read() maps them
 * onto the message as the kernel holds it.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "dispatch/dispatch_i.h"

/* Read @n bytes at QNX offset @qoff of held request @req. */
static ssize_t rm_req_read(const struct rm_req *req, void *buf, size_t n,
			   size_t qoff)
{
	const unsigned char *local = req->map.local ? req->map.local : req->hdr;
	struct resmgr_msgio io;
	size_t done = 0;
	int ret;

	if (qoff < req->map.qlocal) {
		done = req->map.qlocal - qoff < n ? req->map.qlocal - qoff : n;
		memcpy(buf, local + qoff, done);
	}
	if (done == n)
		return done;

	memset(&io, 0, sizeof(io));
	io.size = sizeof(io);
	io.unique = req->unique;
	io.offset = rm_msgmap_koff(&req->map, qoff + done);
	io.buf = (uintptr_t)buf + done;
	io.len = n - done > UINT32_MAX ? UINT32_MAX : n - done;
	ret = rm_ioctl(req->dpp->fd, RESMGR_IOC_MSGREAD, &io);
	if (ret < 0)
		return done ? (ssize_t)done : -1;
	return done + ret;
}

/*
 * Write @n bytes at offset @offset of the client's reply buffer.  A QNX
 * devctl client's reply buffer starts with the struct _io_devctl_reply,
 * which the kernel's does not have (ret_val travels as the status):
 * bytes written over it are dropped, the rest moves down.
 */
static ssize_t rm_req_write(const struct rm_req *req, const void *buf,
			    size_t n, size_t offset)
{
	struct resmgr_msgio io;
	size_t skip = 0;
	int ret;

	if (req->opcode == RESMGR_OP_DEVCTL) {
		const size_t hdr = sizeof(struct _io_devctl_reply);

		if (offset < hdr) {
			skip = hdr - offset < n ? hdr - offset : n;
			buf = (const char *)buf + skip;
			n -= skip;
			offset = hdr;
		}
		offset -= hdr;
		if (!n)
			return skip;
	}
	memset(&io, 0, sizeof(io));
	io.size = sizeof(io);
	io.unique = req->unique;
	io.offset = offset;
	io.buf = (uintptr_t)buf;
	io.len = n > UINT32_MAX ? UINT32_MAX : n;
	ret = rm_ioctl(req->dpp->fd, RESMGR_IOC_MSGWRITE, &io);
	if (ret < 0)
		return skip ? (ssize_t)skip : -1;
	return skip + ret;
}

/* One piece of a MsgRead/MsgWrite: rm_req_read or rm_req_write. */
typedef ssize_t (*rm_msg_part_fn)(const struct rm_req *req, void *buf,
				  size_t n, size_t offset);

static ssize_t rm_req_write_part(const struct rm_req *req, void *buf,
				 size_t n, size_t offset)
{
	return rm_req_write(req, buf, n, offset);
}

/*
 * Copy iov parts to or from the held request @rcvid, stopping at the
 * first short piece (the end of the message or of the reply buffer).
 */
static ssize_t rm_msg_iov(int rcvid, const iov_t *iov, size_t parts,
			  size_t offset, rm_msg_part_fn part)
{
	struct rm_req req;
	ssize_t total = 0, n;
	int err = rm_req_find(rcvid, &req);
	size_t i;

	if (err) {
		errno = err;
		return -1;
	}
	for (i = 0; i < parts; i++) {
		n = part(&req, iov[i].iov_base, iov[i].iov_len, offset + total);
		if (n < 0)
			return total ? total : -1;
		total += n;
		if ((size_t)n < iov[i].iov_len)
			break;
	}
	return total;
}

ssize_t MsgRead(int rcvid, void *msg, size_t bytes, size_t offset)
{
	iov_t iov = { .iov_base = msg, .iov_len = bytes };

	return rm_msg_iov(rcvid, &iov, 1, offset, rm_req_read);
}

ssize_t MsgReadv(int rcvid, const iov_t *riov, size_t rparts, size_t offset)
{
	return rm_msg_iov(rcvid, riov, rparts, offset, rm_req_read);
}

ssize_t MsgWrite(int rcvid, const void *msg, size_t bytes, size_t offset)
{
	iov_t iov = { .iov_base = (void *)msg, .iov_len = bytes };

	return rm_msg_iov(rcvid, &iov, 1, offset, rm_req_write_part);
}

ssize_t MsgWritev(int rcvid, const iov_t *iov, size_t parts, size_t offset)
{
	return rm_msg_iov(rcvid, iov, parts, offset, rm_req_write_part);
}

/* Claim @rcvid and send the reply now (the handler's data may not last). */
static int rm_reply_now(int rcvid, int error, long status, const iov_t *iov,
			size_t parts)
{
	struct rm_reply r;
	struct rm_req req;
	int err;

	if (parts > RM_NPARTS_MAX) {
		errno = EINVAL;
		return -1;
	}
	err = rm_req_claim(rcvid, &req);
	if (err) {
		errno = err;
		return -1;
	}
	rm_req_reply(&r, &req, error, status, iov, parts);
	return rm_reply_send(req.dpp, &r);
}

int MsgReplyv(int rcvid, long status, const iov_t *riov, size_t rparts)
{
	return rm_reply_now(rcvid, EOK, status, riov, rparts);
}

int MsgReply(int rcvid, long status, const void *msg, size_t bytes)
{
	iov_t iov;

	SETIOV(&iov, msg, bytes);
	return rm_reply_now(rcvid, EOK, status, &iov, msg ? 1 : 0);
}

/* MsgError(rcvid, EOK) makes the client's call return 0 (status 0). */
int MsgError(int rcvid, int error)
{
	return rm_reply_now(rcvid, error, 0, NULL, 0);
}

int MsgInfo(int rcvid, struct _msg_info *info)
{
	struct resmgr_msginfo mi;
	struct rm_ctx *ctx = rm_current;
	struct rm_req req;
	int err = rm_req_find(rcvid, &req);

	if (err) {
		errno = err;
		return -1;
	}
	memset(&mi, 0, sizeof(mi));
	mi.size = sizeof(mi);
	mi.unique = req.unique;
	if (rm_ioctl(req.dpp->fd, RESMGR_IOC_MSGINFO, &mi) < 0)
		return -1;
	if (ctx && ctx->req.unique == req.unique)
		*info = ctx->pub.resmgr_context.info;
	else
		memset(info, 0, sizeof(*info));
	info->pid = mi.pid;
	info->tid = mi.tid;
	info->chid = req.dpp->fd;
	info->scoid = req.scoid;
	info->priority = (int16_t)mi.priority;
	info->flags = 0;
	if (mi.flags & RESMGR_IN_F_UNBLOCK_REQ)
		info->flags |= _NTO_MI_UNBLOCK_REQ;
	if (mi.flags & RESMGR_IN_F_NONBLOCK)
		info->flags |= _NTO_MI_NONBLOCK;
	return 0;
}

/* A client process's credentials now, from a channel it is a client of. */
struct rm_client_query {
	struct resmgr_clientinfo ci;
	int err;
};

static bool rm_client_query_on(dispatch_t *dpp, void *arg)
{
	struct rm_client_query *q = arg;

	if (!(dpp->features & RESMGR_FEAT_SENDER))
		return false;
	if (!rm_ioctl(dpp->fd, RESMGR_IOC_CLIENTINFO, &q->ci)) {
		q->err = 0;
		return true;
	}
	/* Not this channel's client, or a kernel without the query. */
	if (errno != ESRCH && errno != ENOTTY)
		q->err = errno;
	return false;
}

/*
 * The credentials of the client @scoid names (its pid, QNX's server
 * connection), into @info; @ngroups: room in info->cred.grouplist.  For a
 * message this process holds (received, not yet replied to), as the
 * kernel took them when the client sent it; for any other client of one
 * of this process's channels (an open through it, a connection to it),
 * as they are now.
 */
int ConnectClientInfo_r(int scoid, struct _client_info *info, int ngroups)
{
	struct rm_client_query q = { .err = ESRCH };
	struct resmgr_cred *cred;
	struct rm_req req;
	uint32_t got;
	pid_t sid;
	int err;

	if (!info || ngroups < 0)
		return -EINVAL;
	err = rm_req_find_scoid(scoid, &req);
	if (!err && !(req.dpp->features & RESMGR_FEAT_SENDER))
		return -ENOTSUP;
	q.ci.size = sizeof(q.ci);
	q.ci.groups = (uintptr_t)info->cred.grouplist;
	q.ci.groups_max = (uint32_t)ngroups;
	if (!err) {
		struct resmgr_msginfo mi;

		memset(&mi, 0, sizeof(mi));
		mi.size = sizeof(mi);
		mi.unique = req.unique;
		mi.groups = q.ci.groups;
		mi.groups_max = q.ci.groups_max;
		if (rm_ioctl(req.dpp->fd, RESMGR_IOC_MSGINFO, &mi) < 0)
			return -errno;
		q.ci.pid = (int32_t)mi.pid;
		q.ci.cred = mi.cred;
		q.ci.ngroups = mi.ngroups;
	} else {
		q.ci.pid = scoid;
		if (scoid <= 0 || !rm_dispatch_each(rm_client_query_on, &q))
			return -q.err;
	}
	cred = &q.ci.cred;
	got = q.ci.ngroups;
	info->nd = 0;
	info->pid = (pid_t)q.ci.pid;
	sid = getsid(info->pid);
	info->sid = sid < 0 ? 0 : sid;
	info->flags = got <= (uint32_t)ngroups ? _NTO_CI_FULL_GROUPS : 0;
	info->cred.ruid = cred->ruid;
	info->cred.euid = cred->euid;
	info->cred.suid = cred->suid;
	info->cred.rgid = cred->rgid;
	info->cred.egid = cred->egid;
	info->cred.sgid = cred->sgid;
	info->cred.ngroups = got < (uint32_t)ngroups ? got : (uint32_t)ngroups;
	return 0;
}

int ConnectClientInfo(int scoid, struct _client_info *info, int ngroups)
{
	int err = ConnectClientInfo_r(scoid, info, ngroups);

	if (err < 0) {
		errno = -err;
		return -1;
	}
	return 0;
}

ssize_t resmgr_msgread(resmgr_context_t *ctp, void *msg, size_t bytes,
		       size_t offset)
{
	return MsgRead(ctp->rcvid, msg, bytes, ctp->offset + offset);
}

ssize_t resmgr_msgreadv(resmgr_context_t *ctp, const iov_t *iov, int parts,
			size_t offset)
{
	if (parts < 0) {
		errno = EINVAL;
		return -1;
	}
	return MsgReadv(ctp->rcvid, iov, parts, ctp->offset + offset);
}

/* The reply buffer has no combine offset: @offset is used as is. */
ssize_t resmgr_msgwrite(resmgr_context_t *ctp, const void *msg, size_t bytes,
			size_t offset)
{
	return MsgWrite(ctp->rcvid, msg, bytes, offset);
}

ssize_t resmgr_msgwritev(resmgr_context_t *ctp, const iov_t *iov, int parts,
			 size_t offset)
{
	if (parts < 0) {
		errno = EINVAL;
		return -1;
	}
	return MsgWritev(ctp->rcvid, iov, parts, offset);
}

int resmgr_msgreply(resmgr_context_t *ctp, void *msg, size_t bytes)
{
	return MsgReply(ctp->rcvid, ctp->status, msg, bytes);
}

int resmgr_msgreplyv(resmgr_context_t *ctp, iov_t *iov, int parts)
{
	if (parts < 0) {
		errno = EINVAL;
		return -1;
	}
	return MsgReplyv(ctp->rcvid, ctp->status, iov, parts);
}
