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
#include <sched.h>
#include <sys/siginfo.h>
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

/* struct _client_info.flags: every supplementary group fitted. */
#define _NTO_CI_FULL_GROUPS	0x0001u

/* A client's identity, as iofunc_client_info() returns it. */
struct _client_info {
	uint32_t nd;
	pid_t pid;
	pid_t sid;
	uint32_t flags;
	struct _cred_info cred;
};

/*
 * The credentials of the client @scoid names (a _msg_info's scoid), as
 * the kernel took them when it sent the message: real, effective and
 * saved ids, and up to @ngroups supplementary groups into
 * info->cred.grouplist (cred.ngroups says how many were written,
 * _NTO_CI_FULL_GROUPS that they are all).  The process must hold a
 * message from that client, received and not yet replied to (then the
 * credentials it sent with), or the client must still be connected to
 * one of this process's channels (then its credentials now); else ESRCH.
 */
int ConnectClientInfo(int scoid, struct _client_info *info, int ngroups);
int ConnectClientInfo_r(int scoid, struct _client_info *info, int ngroups);

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
/* One buffer one way and a vector the other; the "nc" forms are the same
 * calls (a send is no cancellation point here); the _r forms return
 * -errno and leave errno alone. */
long MsgSendsv(int coid, const void *smsg, size_t sbytes, const iov_t *riov,
	       size_t rparts);
long MsgSendvs(int coid, const iov_t *siov, size_t sparts, void *rmsg,
	       size_t rbytes);
long MsgSendnc(int coid, const void *smsg, size_t sbytes, void *rmsg,
	       size_t rbytes);
long MsgSendvnc(int coid, const iov_t *siov, size_t sparts,
		const iov_t *riov, size_t rparts);
long MsgSend_r(int coid, const void *smsg, size_t sbytes, void *rmsg,
	       size_t rbytes);
long MsgSendv_r(int coid, const iov_t *siov, size_t sparts,
		const iov_t *riov, size_t rparts);
long MsgSendsv_r(int coid, const void *smsg, size_t sbytes,
		 const iov_t *riov, size_t rparts);
long MsgSendvs_r(int coid, const iov_t *siov, size_t sparts, void *rmsg,
		 size_t rbytes);

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
 *
 * Without _NTO_CHF_FIXED_PRIORITY a thread that receives
 * a message (or a resource manager's open, read, ...) runs at its
 * sender's scheduling policy and priority, or nice, until it replies or
 * receives again, as on QNX; a pulse lends its priority (1..99: that
 * SCHED_FIFO priority, -1 or 0: the sender's own), clamped to what the
 * sender could set for itself.  Needs resmgr.ko with RESMGR_FEAT_PRIO;
 * on an older one every channel is fixed priority.  See porting.rst.
 */
#define _NTO_CHF_FIXED_PRIORITY	0x0001u	/* receivers keep their own priority */
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

/* What a connection reaches, as ConnectServerInfo() says it. */
struct _server_info {
	unsigned int nd;	/* always 0: no network */
	unsigned int srcnd;
	pid_t pid;		/* the server process */
	int tid;		/* 0 */
	int chid;		/* the channel attached to */
	int scoid;		/* the connection, as the server's info says it */
	int coid;		/* the connection asked about */
	unsigned int reserved[3];
};

/*
 * The server and channel that connection @coid (from ConnectAttach()) of
 * process @pid reaches; returns @coid.  @pid must be 0 or the caller's
 * own (another process's is EPERM).  EINVAL: @coid is not such a
 * connection; ESRCH: its server has closed the channel or exited.
 * Unlike QNX, no next higher coid is looked for.
 */
int ConnectServerInfo(pid_t pid, int coid, struct _server_info *info);
int ConnectServerInfo_r(pid_t pid, int coid, struct _server_info *info);

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
/*
 * Only a pulse: messages that arrive meanwhile are left for the next
 * MsgReceive*(), in the order they came.
 */
int MsgReceivePulse(int chid, void *pulse, size_t bytes,
		    struct _msg_info *info);
int MsgReceivePulsev(int chid, const iov_t *iov, size_t parts,
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


/* ------------------------------------------------------------ events
 *
 * QNX's struct sigevent members and kinds are in <sys/siginfo.h>.
 *
 * MsgSendPulsePtr(): MsgSendPulse() with a pointer-sized value.
 *
 * MsgDeliverEvent(): deliver @event for the client of @rcvid (the
 * process that sent it; a message still held or already replied to):
 * SIGEV_SIGNAL, SIGEV_SIGNAL_CODE (si_code sigev_code when it is in
 * SI_MINAVAIL..SI_MAXAVAIL, else SI_QUEUE: Linux lets only negative codes
 * cross processes), SIGEV_SIGNAL_THREAD (to the sending thread) and
 * SIGEV_NONE to any client; SIGEV_PULSE and SIGEV_THREAD only to a
 * client in this process (a pulse on a coid of another process needs the
 * kernel's help: ESRCH).  @rcvid 0 or a pid of this process: deliver here.
 */
int MsgSendPulsePtr(int coid, int priority, int code, void *value);
int MsgDeliverEvent(int rcvid, const struct sigevent *event);
int MsgDeliverEvent_r(int rcvid, const struct sigevent *event);

/* ------------------------------------------------------------ timers
 *
 * TimerCreate(): a timer on @id (CLOCK_REALTIME, CLOCK_MONOTONIC) that
 * delivers @event, in this process, at each expiry: a pulse, a signal
 * (SIGEV_SIGNAL[_CODE|_THREAD]: to the thread that created the timer for
 * _THREAD) or a new thread (SIGEV_THREAD).  Returns the timer id (>= 0).
 * The timers are timerfds served by one library thread.
 */
struct _itimer {
	uint64_t nsec;		/* first expiry: from now, or absolute */
	uint64_t interval_nsec;	/* then every interval; 0 = once */
};

struct _timer_info {
	struct _itimer itime;	/* time left and interval */
	struct _itimer otime;	/* as last set */
	uint32_t flags;		/* _NTO_TI_* */
	int32_t tid;		/* the thread that created it */
	int32_t notify;		/* event.sigev_notify */
	clockid_t clockid;
	uint32_t overruns;	/* expiries not delivered (events in flight) */
	struct sigevent event;
};

#define _NTO_TI_ACTIVE		0x0001u
#define _NTO_TI_ABSOLUTE	0x0002u
#define _NTO_TI_EXPIRED		0x0004u
/* TimerInfo() @flags: clear overruns after reading them. */
#define _NTO_TI_REPORT_OVERRUNS	0x0001u

int TimerCreate(clockid_t id, const struct sigevent *event);
int TimerCreate_r(clockid_t id, const struct sigevent *event);
int TimerDestroy(int id);
int TimerDestroy_r(int id);
int TimerSettime(int id, int flags, const struct _itimer *itime,
		 struct _itimer *oitime);
int TimerSettime_r(int id, int flags, const struct _itimer *itime,
		   struct _itimer *oitime);
int TimerInfo(pid_t pid, int id, int flags, struct _timer_info *info);
int TimerInfo_r(pid_t pid, int id, int flags, struct _timer_info *info);

/*
 * TimerTimeout(): bound the calling thread's next blocking call in one of
 * the @flags states (MsgReceive*() on a channel: RECEIVE; MsgSend*() on a
 * connection: SEND and REPLY, which the kernel does not tell apart) to
 * *@ntime nanoseconds (absolute with TIMER_ABSTIME in @flags; NULL: do
 * not block at all).  @event NULL or SIGEV_UNBLOCK: the call fails
 * ETIMEDOUT.  The timeout is consumed by the next such call.  *@otime
 * gets the time that was left of a previous timeout, 0 if none.  The
 * library uses SIGRTMAX, in a thread that calls TimerTimeout(), to wake
 * it; other states (a mutex, a condition variable, ...) are EINVAL: use
 * the *_timedwait calls.
 */
/* Bit 0 is Linux's TIMER_ABSTIME, which @flags may carry as well. */
#define _NTO_TIMEOUT_RECEIVE	0x0002u
#define _NTO_TIMEOUT_SEND	0x0004u
#define _NTO_TIMEOUT_REPLY	0x0008u
int TimerTimeout(clockid_t id, int flags, const struct sigevent *event,
		 const uint64_t *ntime, uint64_t *otime);
int TimerTimeout_r(clockid_t id, int flags, const struct sigevent *event,
		   const uint64_t *ntime, uint64_t *otime);

/* ------------------------------------------------ scheduling, signals
 *
 * A tid is a Linux thread id (gettid()), 0 the calling thread; @pid 0 is
 * the calling process.  SchedGet() returns the policy and fills @param;
 * SchedSet() with SCHED_NOCHANGE keeps the policy.  Linux's struct
 * sched_param has only sched_priority (no sched_curpriority, no sporadic
 * fields).
 */
#define SCHED_NOCHANGE		(-1)
int SchedGet(pid_t pid, int tid, struct sched_param *param);
int SchedGet_r(pid_t pid, int tid, struct sched_param *param);
int SchedSet(pid_t pid, int tid, int policy, const struct sched_param *param);
int SchedSet_r(pid_t pid, int tid, int policy, const struct sched_param *param);
int SchedYield(void);
int SchedYield_r(void);

/*
 * SignalKill(): signal @signo with @code and @value to a process (@tid 0)
 * or one of its threads; @code as for MsgDeliverEvent().
 * SignalProcmask(): the calling thread's mask (@pid and @tid 0 or the
 * caller's own); another thread's mask cannot be changed on Linux (EPERM).
 */
int SignalKill(uint32_t nd, pid_t pid, int tid, int signo, int code,
	       int value);
int SignalKill_r(uint32_t nd, pid_t pid, int tid, int signo, int code,
		 int value);
int SignalProcmask(pid_t pid, int tid, int how, const sigset_t *set,
		   sigset_t *oldset);
int SignalProcmask_r(pid_t pid, int tid, int how, const sigset_t *set,
		     sigset_t *oldset);
int SignalWaitinfo(const sigset_t *set, siginfo_t *info);
int SignalWaitinfo_r(const sigset_t *set, siginfo_t *info);

/*
 * ThreadCtl(): the commands Linux can honour.  _NTO_TCTL_IO and
 * _NTO_TCTL_IO_PRIV raise the I/O privilege level (iopl(3): root or
 * CAP_SYS_RAWIO, x86 only; EPERM otherwise); _NTO_TCTL_RUNMASK (@data a
 * bit mask of CPUs, as uintptr_t) and _NTO_TCTL_RUNMASK_GET_AND_SET
 * (@data points to an unsigned: set, and get the old mask back) set the
 * calling thread's affinity; _NTO_TCTL_NAME names the thread (struct
 * _thread_name).  Every other command fails ENOTSUP.
 */
#define _NTO_TCTL_IO			1
#define _NTO_TCTL_IO_PRIV		2
#define _NTO_TCTL_RUNMASK		3
#define _NTO_TCTL_RUNMASK_GET_AND_SET	4
#define _NTO_TCTL_NAME			5
#define _NTO_TCTL_ALIGN_FAULT		6
#define _NTO_TCTL_THREADS_HOLD		7
#define _NTO_TCTL_THREADS_CONT		8
#define _NTO_TCTL_ONE_THREAD_HOLD	9
#define _NTO_TCTL_ONE_THREAD_CONT	10

struct _thread_name {
	int new_name_len;	/* > 0: set the name; -1: only read it */
	int name_buf_len;	/* bytes of name_buf */
	char name_buf[];
};
#define _NTO_THREAD_NAME_MAX	16	/* Linux's TASK_COMM_LEN */

int ThreadCtl(int cmd, void *data);
int ThreadCtl_r(int cmd, void *data);

/*
 * Interrupts of a PCI device the process attached through VFIO
 * (<pci/pci.h>: pci_device_read_irq() gives the vector).  Events and
 * handlers run on one library thread, the process's "interrupt
 * context": a handler may make any call, and InterruptLock() excludes
 * it from the driver's other threads.  Delivering an
 * InterruptAttachEvent() event masks the vector until InterruptUnmask(),
 * as on QNX; a level interrupt stays masked in the kernel until then.
 * SIGEV_INTR ends the attaching thread's InterruptWait().  Flags are our
 * own values; _NTO_INTR_FLAGS_END and _PROCESS are accepted and mean
 * nothing here (handlers run in attach order, per process).
 */
#define _NTO_INTR_FLAGS_END		0x01u
#define _NTO_INTR_FLAGS_PROCESS		0x04u
#define _NTO_INTR_FLAGS_TRK_MSK		0x08u	/* detach undoes the id's masks */
#define _NTO_INTR_FLAGS_NO_UNMASK	0x10u	/* attach masked */
#define _NTO_INTR_FLAGS_EXCLUSIVE	0x20u	/* the vector's only attach */

#define _NTO_INTR_WAIT_FLAGS_UNMASK	0x01	/* unmask own attach first */
#define _NTO_INTR_WAIT_FLAGS_FAST	0x02	/* accepted */

typedef struct intrspin {
	volatile unsigned int value;
} intrspin_t;

int InterruptAttachEvent(int intr, const struct sigevent *event,
			 unsigned int flags);
int InterruptAttachEvent_r(int intr, const struct sigevent *event,
			   unsigned int flags);
int InterruptAttach(int intr,
		    const struct sigevent *(*handler)(void *area, int id),
		    const void *area, int size, unsigned int flags);
int InterruptAttach_r(int intr,
		      const struct sigevent *(*handler)(void *area, int id),
		      const void *area, int size, unsigned int flags);
int InterruptAttachThread(int intr, unsigned int flags);
int InterruptAttachThread_r(int intr, unsigned int flags);
int InterruptDetach(int id);
int InterruptDetach_r(int id);
/* Raise/lower @intr's mask count; return the new count, or -1. */
int InterruptMask(int intr, int id);
int InterruptUnmask(int intr, int id);
/* @timeout: relative, in nanoseconds; NULL waits for ever. */
int InterruptWait(int flags, const uint64_t *timeout);
int InterruptWait_r(int flags, const uint64_t *timeout);
void InterruptLock(intrspin_t *spin);
void InterruptUnlock(intrspin_t *spin);
/* Hold off every handler and event of the process. */
void InterruptDisable(void);
void InterruptEnable(void);

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
