// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Neutrino channels and connections between processes, on resmgr.ko's
 * RESMGR_FEAT_IPC (kmod/ipc.c): ChannelCreate(), ChannelDestroy(),
 * ConnectAttach(), MsgReceive(), MsgReceivev(), and the connection side
 * of MsgSend()/MsgSendv()/MsgSendPulse() (client_msg.c and pulse.c call
 * in here for a coid this file made).
 *
 * A channel is an open /dev/resmgr with a dispatch of its own; its chid
 * is that descriptor's number, which the kernel also knows it by, so a
 * client's ConnectAttach(0, pid, chid) reaches it.  A connection is an
 * open /dev/resmgr-conn; the coid is that descriptor.  A message
 * MsgReceive() takes is parked like a held request (held.c), so
 * MsgReply(), MsgError(), MsgRead(), MsgWrite() and MsgInfo() work on its
 * rcvid from any thread, as for a resource manager's requests.
 *
 * Differences from QNX, documented in the porting guide: /dev/resmgr is
 * root's unless the administrator gives it to a group, so ChannelCreate()
 * needs that access; a coid is a file descriptor (also with
 * _NTO_SIDE_CHANNEL); rcvids are unique per channel, so two channels of
 * one process may hand out the same rcvid at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "dispatch/dispatch_ext.h"
#include "neutrino/nto.h"

/* Descriptors a process may have as channels or connections. */
#define RM_IPC_FD_MAX	65536
/* Most of a message MsgReceive() copies at once; MsgRead() the rest. */
#define RM_MSG_RECV_MAX	(256 * 1024)
/* The channel flags that mean something here. */
#define RM_CHF_KNOWN	(_NTO_CHF_UNBLOCK | _NTO_CHF_DISCONNECT | \
			 _NTO_CHF_COID_DISCONNECT | _NTO_CHF_PRIVATE | \
			 _NTO_CHF_FIXED_PRIORITY | _NTO_CHF_SENDER_LEN | \
			 _NTO_CHF_REPLY_LEN)

static pthread_mutex_t rm_chan_lock = PTHREAD_MUTEX_INITIALIZER;
static dispatch_t *rm_chans[RM_IPC_FD_MAX];	/* by chid (descriptor) */
static _Atomic unsigned char rm_conns[RM_IPC_FD_MAX];	/* coids made here */

static void rm_stash_forget(int chid);

static uint32_t rm_chf_to_kernel(unsigned flags)
{
	uint32_t k = 0;

	if (flags & _NTO_CHF_UNBLOCK)
		k |= RESMGR_CHANNEL_UNBLOCK;
	if (flags & _NTO_CHF_PRIVATE)
		k |= RESMGR_CHANNEL_PRIVATE;
	if (flags & (_NTO_CHF_DISCONNECT | _NTO_CHF_COID_DISCONNECT))
		k |= RESMGR_CHANNEL_DISCONNECT;
	if (flags & _NTO_CHF_FIXED_PRIORITY)
		k |= RESMGR_CHANNEL_FIXED_PRIORITY;
	return k;
}

/*
 * Make @dpp's descriptor a channel other processes can connect to, with
 * Neutrino channel flags @flags; its chid is the descriptor's number.
 * Returns the chid or -errno.
 */
int rm_ipc_publish(dispatch_t *dpp, unsigned flags)
{
	struct resmgr_channel ch = { .size = sizeof(ch), .mode = 0002 };
	int fd = dpp->fd;

	if (flags & ~RM_CHF_KNOWN)
		return -EINVAL;
	if (fd < 0 || fd >= RM_IPC_FD_MAX)
		return -EMFILE;
	ch.flags = rm_chf_to_kernel(flags);
	ch.chid = (uint32_t)fd;
	if (rm_ioctl(fd, RESMGR_IOC_CHANNEL, &ch) < 0) {
		/*
		 * A kernel without RESMGR_FEAT_PRIO refuses the flag, and
		 * every channel of it is fixed priority already.
		 */
		if (errno != EOPNOTSUPP ||
		    !(ch.flags & RESMGR_CHANNEL_FIXED_PRIORITY))
			return -errno;
		ch.flags &= ~RESMGR_CHANNEL_FIXED_PRIORITY;
		if (rm_ioctl(fd, RESMGR_IOC_CHANNEL, &ch) < 0)
			return -errno;
	}
	pthread_mutex_lock(&rm_chan_lock);
	rm_chans[fd] = dpp;
	pthread_mutex_unlock(&rm_chan_lock);
	return fd;
}

/* The dispatch of channel @chid, or NULL; @take: forget it too. */
static dispatch_t *rm_chan_at(int chid, bool take)
{
	dispatch_t *dpp = NULL;

	pthread_mutex_lock(&rm_chan_lock);
	if (chid >= 0 && chid < RM_IPC_FD_MAX) {
		dpp = rm_chans[chid];
		if (take)
			rm_chans[chid] = NULL;
	}
	pthread_mutex_unlock(&rm_chan_lock);
	return dpp;
}

/*
 * Forget channel @chid without closing it (ChannelDestroy(), and
 * dispatch_destroy() of a dispatch name_attach() published).  Returns
 * its dispatch, or NULL: no such channel.
 */
dispatch_t *rm_ipc_forget(int chid)
{
	return rm_chan_at(chid, true);
}

/* The dispatch of channel @chid, or NULL. */
dispatch_t *rm_ipc_channel(int chid)
{
	return rm_chan_at(chid, false);
}

/* The chid under which @dpp is published, or -1. */
int rm_ipc_channel_of(dispatch_t *dpp)
{
	return rm_ipc_channel(dpp->fd) == dpp ? dpp->fd : -1;
}

int ChannelCreate_r(unsigned flags)
{
	dispatch_t *dpp;
	int fd, ret;

	if (flags & ~RM_CHF_KNOWN)
		return -EINVAL;
	fd = open("/dev/resmgr", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fd >= RM_IPC_FD_MAX) {
		close(fd);
		return -EMFILE;
	}
	dpp = dispatch_create_channel(fd, 0);	/* HELLO with every feature */
	if (!dpp) {
		ret = -errno;
		close(fd);
		return ret;
	}
	ret = rm_ipc_publish(dpp, flags);
	if (ret < 0) {
		dispatch_destroy(dpp);
		close(fd);
	}
	return ret;
}

int ChannelCreate(unsigned flags)
{
	int ret = ChannelCreate_r(flags);

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

int ChannelDestroy_r(int chid)
{
	dispatch_t *dpp = rm_ipc_forget(chid);

	if (!dpp)
		return -EINVAL;
	rm_stash_forget(chid);
	dispatch_destroy(dpp);
	close(chid);	/* the kernel fails the senders still waiting */
	return 0;
}

int ChannelDestroy(int chid)
{
	int ret = ChannelDestroy_r(chid);

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return 0;
}

int ConnectAttach_r(uint32_t nd, pid_t pid, int chid, unsigned index,
		    int flags)
{
	/* QNX: pid 0 is the calling process. */
	struct resmgr_conn_attach a = {
		.size = sizeof(a), .pid = pid ? pid : getpid(),
	};
	int fd, err, ret;

	(void)index;	/* the coid is a descriptor either way */
	/* Node 0 is this machine (ND_LOCAL_NODE); there is no network. */
	if (nd != 0 || chid <= 0 || (flags & ~_NTO_COF_CLOEXEC))
		return -EINVAL;
	a.chid = (uint32_t)chid;
	fd = open("/dev/resmgr-conn",
		  O_RDWR | (flags & _NTO_COF_CLOEXEC ? O_CLOEXEC : 0));
	if (fd < 0)
		return -errno;
	if (fd >= RM_IPC_FD_MAX) {
		close(fd);
		return -EMFILE;
	}
	/*
	 * Registered by its number, so that a server may deliver a pulse
	 * event naming it (MsgDeliverEvent()); a kernel that cannot is
	 * asked again without.
	 */
	a.flags = RESMGR_CONN_ATTACH_COID;
	a.coid = fd;
	ret = rm_ioctl(fd, RESMGR_CONN_ATTACH, &a);
	if (ret < 0 && (errno == EINVAL || errno == E2BIG)) {
		a.size = offsetof(struct resmgr_conn_attach, coid);
		a.flags = 0;
		a.coid = 0;
		ret = rm_ioctl(fd, RESMGR_CONN_ATTACH, &a);
	}
	if (ret < 0) {
		err = errno;
		close(fd);
		/* QNX: a channel that is not there is ESRCH; so here. */
		return -err;
	}
	atomic_store(&rm_conns[fd], 1);
	return fd;
}

int ConnectAttach(uint32_t nd, pid_t pid, int chid, unsigned index, int flags)
{
	int ret = ConnectAttach_r(nd, pid, chid, index, flags);

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/*
 * What connection @coid of process @pid (0: the caller's own, the only
 * one it can look at) reaches.  A coid that is no ConnectAttach()
 * connection is EINVAL; one whose server closed its channel or exited
 * is ESRCH.  Unlike QNX, no next higher coid is looked for: the answer
 * is @coid or an error.
 */
int ConnectServerInfo_r(pid_t pid, int coid, struct _server_info *info)
{
	struct resmgr_conn_info ci = { .size = sizeof(ci) };

	if (pid != 0 && pid != getpid())
		return kill(pid, 0) < 0 && errno == ESRCH ? -ESRCH : -EPERM;
	if (coid < 0 || !rm_ipc_is_conn_fd(coid))
		return -EINVAL;
	if (rm_ioctl(coid, RESMGR_CONN_INFO, &ci) < 0)
		return errno == ENOTCONN ? -EINVAL : -errno;
	if ((ci.flags & RESMGR_CONN_INFO_DEAD) || ci.pid == 0)
		return -ESRCH;
	if (info) {
		memset(info, 0, sizeof(*info));
		info->pid = ci.pid;
		info->chid = (int)ci.chid;
		/* What the server's messages from us say (rm_ipc_scoid()). */
		info->scoid = getpid();
		info->coid = coid;
	}
	return coid;
}

int ConnectServerInfo(pid_t pid, int coid, struct _server_info *info)
{
	int ret = ConnectServerInfo_r(pid, coid, info);

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	return ret;
}

/* Is @coid a connection ConnectAttach() made? */
/*
 * Is descriptor @fd a connection, although this process did not make it
 * (inherited across exec(), say)?  Only ConnectDetach() asks: it must
 * never close a descriptor that is not one.
 */
bool rm_ipc_is_conn_fd(int fd)
{
	struct stat conn, st;

	if (rm_ipc_is_conn(fd))
		return true;
	if (fstat(fd, &st) || !S_ISCHR(st.st_mode) ||
	    stat("/dev/resmgr-conn", &conn))
		return false;
	return st.st_rdev == conn.st_rdev;
}

bool rm_ipc_is_conn(int coid)
{
	return coid >= 0 && coid < RM_IPC_FD_MAX && atomic_load(&rm_conns[coid]);
}

/* ConnectDetach() of a coid of ours: forget it before it is closed. */
void rm_ipc_conn_forget(int coid)
{
	if (coid >= 0 && coid < RM_IPC_FD_MAX)
		atomic_store(&rm_conns[coid], 0);
}

/* MsgSendv() on a connection: the kernel gathers and scatters. */
long rm_ipc_sendv(int coid, const iov_t *siov, size_t sparts,
		  const iov_t *riov, size_t rparts)
{
	struct resmgr_conn_send s = {
		.size = sizeof(s),
		.send_iov = (uintptr_t)siov, .send_parts = sparts,
		.recv_iov = (uintptr_t)riov, .recv_parts = rparts,
	};
	struct rm_timeout to;
	long ret;
	int err;

	if (sparts > RESMGR_XFER_IOV_MAX || rparts > RESMGR_XFER_IOV_MAX) {
		errno = EINVAL;
		return -1;
	}
	err = rm_timeout_begin(&to, _NTO_TIMEOUT_SEND | _NTO_TIMEOUT_REPLY);
	if (err) {
		errno = err;
		return -1;
	}
	ret = rm_ioctl(coid, RESMGR_CONN_SEND, &s);
	err = rm_timeout_end(&to, ret < 0 ? errno : 0);
	if (err) {
		errno = err;
		return -1;
	}
	return ret;
}

int rm_ipc_pulse(int coid, int priority, int code, union sigval value)
{
	struct resmgr_conn_pulse p = {
		.size = sizeof(p), .code = code, .priority = priority,
	};

	/* The value's bytes as they are, so an int and a pointer both come back. */
	_Static_assert(sizeof(value) <= sizeof(p.value), "sigval fits");
	memcpy(&p.value, &value, sizeof(value));

	return rm_ioctl(coid, RESMGR_CONN_PULSE, &p) < 0 ? -1 : 0;
}

/* A receive buffer per thread, grown to the largest message asked for. */
static __thread void *rm_rbuf;
static __thread size_t rm_rbuf_len;

static void *rm_rbuf_get(size_t len)
{
	void *p;

	if (len <= rm_rbuf_len)
		return rm_rbuf;
	p = realloc(rm_rbuf, len);
	if (!p)
		return NULL;
	rm_rbuf = p;
	rm_rbuf_len = len;
	return p;
}

/* Scatter @len bytes of @src into @iov; bytes copied. */
static size_t rm_scatter(const iov_t *iov, size_t parts, const void *src,
			 size_t len)
{
	size_t done = 0, i, n;

	for (i = 0; i < parts && done < len; i++) {
		n = iov[i].iov_len < len - done ? iov[i].iov_len : len - done;
		memcpy(iov[i].iov_base, (const char *)src + done, n);
		done += n;
	}
	return done;
}

/* Above any pid (pid_max is at most 2^22): see rm_ipc_scoid(). */
#define RM_SCOID_NOPID	0x40000000u

/*
 * The scoid of a message or pulse another process sent.  QNX has one
 * server connection per client process and channel: every message of a
 * process, and the disconnect pulse after its last connection, carry the
 * same scoid.  Here that is the sender's pid as the server sees it, as in
 * a resource manager's messages (ctp->info.scoid) and the disconnect
 * pulse.  A sender outside the server's pid namespace has no pid there:
 * it gets its connection's own id, kept apart from every pid.
 */
int rm_ipc_scoid(const struct resmgr_in_header *ih, uint32_t kscoid)
{
	if (ih->pid > 0)
		return (int)ih->pid;
	return (int)(RM_SCOID_NOPID | (kscoid & (RM_SCOID_NOPID - 1)));
}

static void rm_info_fill(struct _msg_info *info, const struct resmgr_in_header *ih,
			 int chid, int scoid)
{
	if (!info)
		return;
	memset(info, 0, sizeof(*info));
	info->pid = ih->pid;
	info->tid = ih->tid;
	info->chid = chid;
	info->scoid = scoid;
	info->coid = scoid;
	info->priority = (int16_t)ih->priority;
}

/* A pulse into the caller's buffer, as QNX's MsgReceive() gives it. */
static int rm_pulse_out(const iov_t *iov, size_t parts, struct _msg_info *info,
			const struct resmgr_in_header *ih, int chid, int code,
			uint64_t value, int scoid)
{
	struct _pulse p;

	memset(&p, 0, sizeof(p));
	p.type = _PULSE_TYPE;
	p.code = (int8_t)code;
	memcpy(&p.value, &value, sizeof(p.value));
	p.scoid = scoid;
	rm_scatter(iov, parts, &p, sizeof(p));
	rm_info_fill(info, ih, chid, scoid);
	return 0;
}

static long rm_receivev(int chid, const iov_t *iov, size_t parts,
			struct _msg_info *info)
{
	const size_t hdr = sizeof(struct resmgr_in_header) + 32;
	struct resmgr_xfer x = { .size = sizeof(x) };
	const struct resmgr_in_header *ih;
	size_t want = 0, i;
	dispatch_t *dpp;
	const void *body;
	void *buf;
	int n;

	dpp = rm_ipc_channel(chid);
	if (!dpp) {
		errno = ESRCH;
		return -1;
	}
	for (i = 0; i < parts; i++)
		want += iov[i].iov_len;
	if (want > RM_MSG_RECV_MAX)
		want = RM_MSG_RECV_MAX;	/* the rest by MsgRead() */
	buf = rm_rbuf_get(hdr + want);
	if (!buf)
		return -1;
	x.recv_buf = (uintptr_t)buf;
	x.recv_len = hdr + want;
	for (;;) {
		n = rm_ioctl(chid, RESMGR_IOC_XFER, &x);
		if (n < 0)
			return -1;	/* EINTR as on QNX; ENOTCONN if destroyed */
		ih = buf;
		body = ih + 1;
		switch (ih->opcode) {
		case RESMGR_OP_MSGSEND: {
			const struct resmgr_msgsend_in *ms = body;
			struct rm_req req;
			struct rm_reply r;

			memset(&req, 0, sizeof(req));
			req.dpp = dpp;
			req.unique = ih->unique;
			req.scoid = rm_ipc_scoid(ih, ms->scoid);
			req.opcode = ih->opcode;
			req.nbytes = ms->out_max;
			/* Offset 0 of the message is after the kernel's body. */
			req.map.kbase = sizeof(*ih) + sizeof(*ms);
			if (rm_req_park_received(&req)) {
				rm_reply_error(&r, ih->unique, ENOMEM);
				rm_reply_send(dpp, &r);
				continue;
			}
			rm_event_note_sender(ih->unique, chid, (pid_t)ih->pid);
			rm_scatter(iov, parts, ms + 1,
				   (size_t)n - sizeof(*ih) - sizeof(*ms));
			rm_info_fill(info, ih, chid, req.scoid);
			if (info) {
				info->msglen = (size_t)n - sizeof(*ih) - sizeof(*ms);
				info->srcmsglen = ms->nbytes;
				info->dstmsglen = ms->out_max;
				if (ih->flags & RESMGR_IN_F_UNBLOCK_REQ)
					info->flags |= _NTO_MI_UNBLOCK_REQ;
			}
			return (long)ih->unique;
		}
		case RESMGR_OP_PULSE: {
			const struct resmgr_pulse_in *pi = body;

			return rm_pulse_out(iov, parts, info, ih, chid, pi->code,
					    pi->value,
					    rm_ipc_scoid(ih, pi->scoid));
		}
		case RESMGR_OP_UNBLOCK: {
			const struct resmgr_unblock_in *ub = body;

			return rm_pulse_out(iov, parts, info, ih, chid,
					    _PULSE_CODE_UNBLOCK,
					    (int)ub->target, 0);
		}
		case RESMGR_OP_DISCONNECT:
			return rm_pulse_out(iov, parts, info, ih, chid,
					    _PULSE_CODE_DISCONNECT, ih->pid,
					    ih->pid);
		default:
			/* No names are attached to such a channel. */
			if (ih->opcode < RESMGR_OP_CLOSE_OCB) {
				struct rm_reply r;

				rm_reply_error(&r, ih->unique, ENOSYS);
				rm_reply_send(dpp, &r);
			}
			continue;
		}
	}
}

/*
 * Messages MsgReceivePulse() met: QNX leaves their senders SEND-blocked
 * for a later MsgReceive().  Here the kernel has handed them over
 * already, so they wait, held, in this list, and MsgReceive() gives them
 * out first, reading their bytes again with MsgRead().  A sender that is
 * signalled meanwhile is let go with EINTR, as it would have been still
 * waiting to be received; its unblock pulse is not passed on.
 */
struct rm_stashed {
	struct rm_stashed *next;
	int chid;
	int rcvid;
	struct _msg_info info;
};

static struct rm_stashed *rm_stash;		/* oldest first */
static _Atomic unsigned rm_nstashed;

static int rm_stash_put(int chid, int rcvid, const struct _msg_info *info)
{
	struct rm_stashed *st = malloc(sizeof(*st)), **p;

	if (!st)
		return ENOMEM;
	st->next = NULL;
	st->chid = chid;
	st->rcvid = rcvid;
	st->info = *info;
	pthread_mutex_lock(&rm_chan_lock);
	for (p = &rm_stash; *p; p = &(*p)->next)
		;
	*p = st;
	atomic_fetch_add(&rm_nstashed, 1);
	pthread_mutex_unlock(&rm_chan_lock);
	return EOK;
}

/* Take the oldest stashed message of @chid (@rcvid: only that one). */
static struct rm_stashed *rm_stash_take(int chid, int rcvid)
{
	struct rm_stashed *st = NULL, **p;

	if (!atomic_load(&rm_nstashed))
		return NULL;
	pthread_mutex_lock(&rm_chan_lock);
	for (p = &rm_stash; *p; p = &(*p)->next) {
		if ((*p)->chid == chid && (!rcvid || (*p)->rcvid == rcvid)) {
			st = *p;
			*p = st->next;
			atomic_fetch_sub(&rm_nstashed, 1);
			break;
		}
	}
	pthread_mutex_unlock(&rm_chan_lock);
	return st;
}

/* ChannelDestroy(): closing the channel fails their senders. */
static void rm_stash_forget(int chid)
{
	struct rm_stashed *st;

	while ((st = rm_stash_take(chid, 0)))
		free(st);
}

/*
 * The next message or pulse (@pulses_only: pulse) of @chid, with the
 * stash in between.
 */
static long rm_receive_next(int chid, const iov_t *iov, size_t parts,
			    struct _msg_info *info, bool pulses_only)
{
	struct _msg_info mine;
	struct rm_stashed *st;
	struct _pulse pulse;
	long ret;
	int err;

	if (!info)
		info = &mine;
	for (;;) {
		if (!pulses_only && (st = rm_stash_take(chid, 0))) {
			ssize_t n = MsgReadv(st->rcvid, iov, parts, 0);

			ret = st->rcvid;
			*info = st->info;
			free(st);
			if (n < 0)
				continue;	/* gone meanwhile */
			info->msglen = (int32_t)n;
			return ret;
		}
		ret = rm_receivev(chid, iov, parts, info);
		if (ret < 0)
			return ret;
		if (ret > 0) {
			if (!pulses_only)
				return ret;
			err = rm_stash_put(chid, (int)ret, info);
			if (err)
				MsgError((int)ret, err);
			continue;
		}
		/* A pulse: the unblock of a stashed sender is ours. */
		if (rm_gather(&pulse, sizeof(pulse), iov, parts) < sizeof(pulse) ||
		    pulse.code != _PULSE_CODE_UNBLOCK)
			return 0;
		st = rm_stash_take(chid, pulse.value.sival_int);
		if (!st)
			return 0;
		MsgError(st->rcvid, EINTR);
		free(st);
	}
}

/* A pending TimerTimeout() for RECEIVE bounds the whole receive. */
static long rm_receive(int chid, const iov_t *iov, size_t parts,
		       struct _msg_info *info, bool pulses_only)
{
	struct rm_timeout to;
	long ret;
	int err;

	err = rm_timeout_begin(&to, _NTO_TIMEOUT_RECEIVE);
	if (err) {
		errno = err;
		return -1;
	}
	ret = rm_receive_next(chid, iov, parts, info, pulses_only);
	err = rm_timeout_end(&to, ret < 0 ? errno : 0);
	if (err) {
		errno = err;
		return -1;
	}
	return ret;
}

long MsgReceivev(int chid, const iov_t *iov, size_t parts,
		 struct _msg_info *info)
{
	return rm_receive(chid, iov, parts, info, false);
}

long MsgReceive(int chid, void *msg, size_t bytes, struct _msg_info *info)
{
	iov_t iov;

	SETIOV(&iov, msg, bytes);
	return MsgReceivev(chid, &iov, 1, info);
}

int MsgReceivePulsev(int chid, const iov_t *iov, size_t parts,
		     struct _msg_info *info)
{
	return (int)rm_receive(chid, iov, parts, info, true);
}

int MsgReceivePulse(int chid, void *pulse, size_t bytes,
		    struct _msg_info *info)
{
	iov_t iov;

	SETIOV(&iov, pulse, bytes);
	return MsgReceivePulsev(chid, &iov, 1, info);
}
