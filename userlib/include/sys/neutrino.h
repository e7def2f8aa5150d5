/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/neutrino.h> - the message-passing calls a resource manager uses on
 * a receive id (rcvid), and the types that go with them.
 *
 * On Linux an rcvid is the kernel's request id for a message held by the
 * server (struct resmgr_in_header.unique).  These calls work on any
 * request the process holds, from any thread, until it is replied to.
 */
#ifndef _SYS_NEUTRINO_H
#define _SYS_NEUTRINO_H

#include <sys/resmgr_cdefs.h>
#include <stddef.h>
#include <stdint.h>
#include <signal.h>
#include <sys/types.h>
#include <time.h>
#include <sys/uio.h>
#include <sys/platform.h>
#include <sys/qnx_errno.h>

__RESMGR_BEGIN_DECLS

/* An I/O vector: the same layout as struct iovec. */
typedef struct iovec iov_t;

#define SETIOV(_iov, _addr, _len) \
	((_iov)->iov_base = (void *)(_addr), (_iov)->iov_len = (_len))
#define GETIOVBASE(_iov)	((_iov)->iov_base)
#define GETIOVLEN(_iov)		((_iov)->iov_len)

/* A receive id (ctp->rcvid and the Msg*() calls take an int). */
typedef int rcvid_t;

/* struct _msg_info.flags */
#define _NTO_MI_UNBLOCK_REQ	0x0010u	/* the client wants to unblock */
#define _NTO_MI_NONBLOCK	0x0020u	/* the client's open is O_NONBLOCK */
/*
 * The client's byte order differs from the server's.  Never set: a Linux
 * client is always on the server's machine.
 */
#define _NTO_MI_ENDIAN_DIFF	0x0040u

/*
 * What is known about a received message.  On Linux: @chid is the
 * channel descriptor, @scoid the client's process id (one "server
 * connection" per client process) and @coid identifies the client's
 * open (0 for connect messages).  @nd/@srcnd are always 0 (no network).
 */
struct _msg_info {
	uint32_t nd;
	uint32_t srcnd;
	pid_t pid;
	int32_t tid;
	int32_t chid;
	int32_t scoid;
	int32_t coid;
	int32_t msglen;		/* bytes of the message in the receive buffer */
	int32_t srcmsglen;	/* bytes the client sent */
	int32_t dstmsglen;	/* bytes the client can take in the reply */
	int16_t priority;
	int16_t reserved16;
	uint32_t flags;		/* _NTO_MI_* */
	uint32_t reserved;
};

/* Number of supplementary groups a struct _client_info can carry. */
#define _CLIENT_INFO_NGROUPS	32

struct _cred_info {
	uid_t ruid;
	uid_t euid;
	uid_t suid;
	gid_t rgid;
	gid_t egid;
	gid_t sgid;
	uint32_t ngroups;	/* entries valid in grouplist[] */
	gid_t grouplist[_CLIENT_INFO_NGROUPS];
};

/* A client's identity, as iofunc_client_info() returns it. */
struct _client_info {
	uint32_t nd;
	pid_t pid;
	pid_t sid;
	uint32_t flags;
	struct _cred_info cred;
};

int MsgReply(int rcvid, long status, const void *msg, size_t bytes);
int MsgReplyv(int rcvid, long status, const iov_t *riov, size_t rparts);
int MsgError(int rcvid, int error);
ssize_t MsgRead(int rcvid, void *msg, size_t bytes, size_t offset);
ssize_t MsgReadv(int rcvid, const iov_t *riov, size_t rparts, size_t offset);
ssize_t MsgWrite(int rcvid, const void *msg, size_t bytes, size_t offset);
ssize_t MsgWritev(int rcvid, const iov_t *iov, size_t parts, size_t offset);
int MsgInfo(int rcvid, struct _msg_info *info);

/*
 * Client side.  A QNX client sends a private message (_IO_MSG, with an
 * io_msg_t header) to a resource manager with MsgSend() on the file
 * descriptor; the library carries it to the server (RESMGR_FIOC_MSG).
 */
long MsgSend(int coid, const void *smsg, size_t sbytes, void *rmsg,
	     size_t rbytes);
long MsgSendv(int coid, const iov_t *siov, size_t sparts, const iov_t *riov,
	      size_t rparts);

/*
 * Pulses a server sends itself (or through a connection made with
 * message_connect()), received by its dispatch loop.
 */
int MsgSendPulse(int coid, int priority, int code, int value);

/*
 * Close a connection from message_connect(); any other coid is a file
 * descriptor, which is closed.
 */
int ConnectDetach(int coid);

/*
 * Channels and connections between processes (resmgr.ko's
 * RESMGR_FEAT_IPC).  A chid is the channel's descriptor in its process,
 * a coid the connection's descriptor in the client's.  ChannelCreate()
 * opens /dev/resmgr, which is root's unless the administrator gives it
 * to a group.  Our own flag values.
 */
#define _NTO_CHF_FIXED_PRIORITY	0x0001u	/* accepted; Linux has no priority inheritance here */
#define _NTO_CHF_UNBLOCK	0x0002u	/* a signalled sender: an unblock pulse, the server decides */
#define _NTO_CHF_THREAD_DEATH	0x0004u	/* not supported (EINVAL) */
#define _NTO_CHF_DISCONNECT	0x0008u	/* a pulse when a client process's last connection goes */
#define _NTO_CHF_NET_MSG	0x0010u	/* not supported (EINVAL) */
#define _NTO_CHF_SENDER_LEN	0x0020u	/* accepted: info->srcmsglen is always filled */
#define _NTO_CHF_COID_DISCONNECT 0x0040u	/* as _NTO_CHF_DISCONNECT */
#define _NTO_CHF_REPLY_LEN	0x0080u	/* accepted: info->dstmsglen is always filled */
#define _NTO_CHF_PRIVATE	0x0100u	/* only this process may connect */

#define _NTO_SIDE_CHANNEL	0x40000000	/* accepted: a coid is a descriptor */
#define _NTO_COF_CLOEXEC	0x0001		/* the connection closes on exec */

int ChannelCreate(unsigned flags);
int ChannelCreate_r(unsigned flags);
int ChannelDestroy(int chid);
int ChannelDestroy_r(int chid);
int ConnectAttach(uint32_t nd, pid_t pid, int chid, unsigned index, int flags);
int ConnectAttach_r(uint32_t nd, pid_t pid, int chid, unsigned index,
		    int flags);

/*
 * Receive on a channel from ChannelCreate(): a message's rcvid (> 0), to
 * answer with MsgReply()/MsgError() and read or write by offset with
 * MsgRead()/MsgWrite(); or 0 for a pulse, with a struct _pulse in the
 * buffer (the kernel's unblock and disconnect notices arrive as pulses
 * _PULSE_CODE_UNBLOCK, value the rcvid, and _PULSE_CODE_DISCONNECT).
 */
long MsgReceive(int chid, void *msg, size_t bytes, struct _msg_info *info);
long MsgReceivev(int chid, const iov_t *iov, size_t parts,
		 struct _msg_info *info);

/* ------------------------------------------------------------- clocks
 *
 * ClockTime(): read (@old) and/or set (@new) clock @id in nanoseconds
 * (clock_gettime()/clock_settime(): setting needs CAP_SYS_TIME).
 * Returns 0, or -1 and errno; ClockTime_r() returns 0 or -errno.
 */
int ClockTime(clockid_t id, const uint64_t *_new, uint64_t *old);
int ClockTime_r(clockid_t id, const uint64_t *_new, uint64_t *old);

/*
 * A free-running counter for measuring short intervals: on Linux the
 * raw monotonic clock in nanoseconds, so it counts 1e9 per second (QNX
 * code reads the rate from the system page, which Linux does not have:
 * use RESMGR_CLOCKCYCLES_PER_SEC).
 */
#define RESMGR_CLOCKCYCLES_PER_SEC	1000000000ULL
uint64_t ClockCycles(void);

/*
 * The clock's resolution (@old, from clock_getres()).  Linux timers do
 * not run off a settable tick, so a @new period is accepted and ignored.
 */
struct _clockperiod {
	uint32_t nsec;
	int32_t fract;
};
int ClockPeriod(clockid_t id, const struct _clockperiod *_new,
		struct _clockperiod *old, int reserved);
int ClockPeriod_r(clockid_t id, const struct _clockperiod *_new,
		  struct _clockperiod *old, int reserved);

__RESMGR_END_DECLS

/*
 * A pulse: a small notification with no reply.  The library synthesizes
 * _PULSE_CODE_UNBLOCK for the unblock handlers when a client whose
 * request the server holds is signalled (value.sival_int is that
 * request's rcvid).  Our own values.
 */
#define _PULSE_CODE_UNBLOCK	(-40)
#define _PULSE_CODE_DISCONNECT	(-41)
/* Codes an application may use for its own pulses. */
#define _PULSE_CODE_MINAVAIL	0
#define _PULSE_CODE_MAXAVAIL	127

/* A pulse as dispatch_block() presents it: msg->type is this. */
#define _PULSE_TYPE		0

struct _pulse {
	uint16_t type;
	uint16_t subtype;
	int8_t code;
	uint8_t zero[3];
	union sigval value;
	int32_t scoid;
};

#endif /* _SYS_NEUTRINO_H */
