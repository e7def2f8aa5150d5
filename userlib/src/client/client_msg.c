// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * MsgSend()/MsgSendv() from a client to a resource manager.
 *
 * On QNX a file descriptor is a connection to the server, and a client
 * may send it any message.  Here a descriptor is a Linux file: the
 * messages with no system call of their own are the private ones.  An
 * _IO_MSG goes to the server as RESMGR_FIOC_MSG; the server sees the same
 * io_msg_t header and the bytes after it.  A message of a type of the
 * server's own (outside QNX's I/O types) goes whole, as
 * RESMGR_FIOC_MSG_RAW, to the server's message_attach() handler for it.
 * Either is answered with a status and data, as on QNX.  Messages of the
 * other I/O types (_IO_READ, _IO_DEVCTL, ...) have a Linux call that
 * does the same (read(2), ioctl(2)/devctl()): the library does not
 * emulate them, and they fail ENOSYS.
 *
 * A coid from message_connect() is a connection to this process's own
 * dispatch: the message goes to its message_attach() handlers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "client/client_i.h"
#include "dispatch/dispatch_ext.h"

static long rm_msg_send(int coid, const void *smsg, size_t sbytes,
			void *rmsg, size_t rbytes)
{
	struct resmgr_fioc_msg m;
	struct _io_msg hdr;

	if (sbytes < sizeof(hdr.type)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&hdr.type, smsg, sizeof(hdr.type));
	if (sbytes > UINT32_MAX || rbytes > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	memset(&m, 0, sizeof(m));
	m.size = sizeof(m);
	if (hdr.type <= _IO_BASE || hdr.type > _IO_MAX) {
		long ret;

		m.flags = RESMGR_FIOC_MSG_RAW;
		m.send_buf = (uintptr_t)smsg;
		m.send_len = sbytes;
		m.recv_buf = (uintptr_t)rmsg;
		m.recv_len = rbytes;
		ret = rm_devctl_ioctl(coid, RESMGR_FIOC_MSG, &m);
		/* A server that knows no such messages, as QNX answers. */
		if (ret < 0 && errno == EOPNOTSUPP)
			errno = ENOSYS;
		return ret;
	}
	if (hdr.type != _IO_MSG) {
		errno = ENOSYS;
		return -1;
	}
	if (sbytes < sizeof(hdr)) {
		errno = EINVAL;
		return -1;
	}
	memcpy(&hdr, smsg, sizeof(hdr));
	m.mgrid = hdr.mgrid;
	m.subtype = hdr.subtype;
	m.send_buf = (uintptr_t)smsg + sizeof(hdr);
	m.send_len = sbytes - sizeof(hdr);
	m.recv_buf = (uintptr_t)rmsg;
	m.recv_len = rbytes;
	return rm_devctl_ioctl(coid, RESMGR_FIOC_MSG, &m);
}

long MsgSend(int coid, const void *smsg, size_t sbytes, void *rmsg,
	     size_t rbytes)
{
	/* A connection from message_connect(): the server's own handlers. */
	if (rm_coid_is_local(coid)) {
		iov_t s = { (void *)smsg, sbytes }, r = { rmsg, rbytes };

		return rm_local_sendv(coid, &s, 1, &r, 1);
	}
	if (rm_ipc_is_conn(coid)) {
		iov_t s = { (void *)smsg, sbytes }, r = { rmsg, rbytes };

		return rm_ipc_sendv(coid, &s, 1, &r, rbytes ? 1 : 0);
	}
	return rm_msg_send(coid, smsg, sbytes, rbytes ? rmsg : NULL, rbytes);
}

static size_t rm_iov_len(const iov_t *iov, size_t parts)
{
	size_t n = 0, i;

	for (i = 0; i < parts; i++) {
		if (n + iov[i].iov_len < n)
			return SIZE_MAX;
		n += iov[i].iov_len;
	}
	return n;
}

/* The parts go through one buffer each way: the kernel takes one. */
long MsgSendv(int coid, const iov_t *siov, size_t sparts, const iov_t *riov,
	      size_t rparts)
{
	size_t slen = rm_iov_len(siov, sparts), rlen = rm_iov_len(riov, rparts);
	size_t off = 0, i, n;
	char *sbuf, *rbuf;
	long ret;

	if (rm_coid_is_local(coid))
		return rm_local_sendv(coid, siov, sparts, riov, rparts);
	if (rm_ipc_is_conn(coid))
		return rm_ipc_sendv(coid, siov, sparts, riov, rparts);
	if (slen > UINT32_MAX || rlen > UINT32_MAX) {
		errno = EINVAL;
		return -1;
	}
	sbuf = malloc(slen ? slen : 1);
	rbuf = malloc(rlen ? rlen : 1);
	if (!sbuf || !rbuf) {
		free(sbuf);
		free(rbuf);
		errno = ENOMEM;
		return -1;
	}
	for (i = 0; i < sparts; i++) {
		memcpy(sbuf + off, siov[i].iov_base, siov[i].iov_len);
		off += siov[i].iov_len;
	}
	ret = rm_msg_send(coid, sbuf, slen, rlen ? rbuf : NULL, rlen);
	for (i = 0, off = 0; ret >= 0 && i < rparts && off < rlen; i++) {
		n = riov[i].iov_len;
		memcpy(riov[i].iov_base, rbuf + off, n);
		off += n;
	}
	free(sbuf);
	free(rbuf);
	return ret;
}

/* One buffer to send, a vector to receive into. */
long MsgSendsv(int coid, const void *smsg, size_t sbytes, const iov_t *riov,
	       size_t rparts)
{
	iov_t s = { (void *)smsg, sbytes };

	return MsgSendv(coid, &s, 1, riov, rparts);
}

/* A vector to send, one buffer to receive into. */
long MsgSendvs(int coid, const iov_t *siov, size_t sparts, void *rmsg,
	       size_t rbytes)
{
	iov_t r = { rmsg, rbytes };

	return MsgSendv(coid, siov, sparts, &r, rbytes ? 1 : 0);
}

/*
 * QNX's "no cancellation point" forms.  The ioctl(2) a send waits in is
 * no cancellation point of glibc's either, so they are the same calls.
 */
long MsgSendnc(int coid, const void *smsg, size_t sbytes, void *rmsg,
	       size_t rbytes)
{
	return MsgSend(coid, smsg, sbytes, rmsg, rbytes);
}

long MsgSendvnc(int coid, const iov_t *siov, size_t sparts,
		const iov_t *riov, size_t rparts)
{
	return MsgSendv(coid, siov, sparts, riov, rparts);
}

/* The _r forms: -errno in place of -1 and errno, which stays as it was. */
#define RM_SEND_R(call)					\
	do {						\
		int __saved = errno;			\
		long __ret = (call);			\
		if (__ret < 0) {			\
			__ret = -errno;			\
			errno = __saved;		\
		}					\
		return __ret;				\
	} while (0)

long MsgSend_r(int coid, const void *smsg, size_t sbytes, void *rmsg,
	       size_t rbytes)
{
	RM_SEND_R(MsgSend(coid, smsg, sbytes, rmsg, rbytes));
}

long MsgSendv_r(int coid, const iov_t *siov, size_t sparts,
		const iov_t *riov, size_t rparts)
{
	RM_SEND_R(MsgSendv(coid, siov, sparts, riov, rparts));
}

long MsgSendsv_r(int coid, const void *smsg, size_t sbytes,
		 const iov_t *riov, size_t rparts)
{
	RM_SEND_R(MsgSendsv(coid, smsg, sbytes, riov, rparts));
}

long MsgSendvs_r(int coid, const iov_t *siov, size_t sparts, void *rmsg,
		 size_t rbytes)
{
	RM_SEND_R(MsgSendvs(coid, siov, sparts, rmsg, rbytes));
}
