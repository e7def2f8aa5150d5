/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What a dispatch serves besides the kernel's messages: pulses (pulse.c),
 * private messages sent in-process (message.c), other descriptors
 * (select.c), a receive timeout, and waking a thread blocked in
 * dispatch_block() (wake.c).
 *
 * How dispatch_block() receives (context.c):
 *
 *   hot path   nothing below is pending: one RESMGR_IOC_XFER, blocking,
 *              carrying the previous reply (one system call per request).
 *   slow path  a queued pulse or private message is taken first; with
 *              descriptors attached, one thread at a time (the leader)
 *              poll()s the channel, an eventfd and the descriptors
 *              (select.c); the others stay on the hot path.
 *
 * Waking a thread blocked on the hot path (dispatch_unblock(), a pulse
 * queued, a descriptor attached) sends it RM_WAKE_SIGNAL; see wake.c for
 * why that cannot be lost.  The leader is woken through the eventfd.
 */
#ifndef _RESMGR_DISPATCH_EXT_H
#define _RESMGR_DISPATCH_EXT_H

#include <signal.h>
#include <stdatomic.h>
#include <time.h>

#include "dispatch/dispatch_i.h"

/* The signal that interrupts a receive; its handler does nothing else. */
#define RM_WAKE_SIGNAL	(SIGRTMAX - 3)

/* What dispatch_block() returned on a context, for dispatch_handler(). */
enum rm_event {
	RM_EV_NONE,
	RM_EV_KERNEL,	/* a kernel message: rm_route() */
	RM_EV_PULSE,	/* struct rm_cext.pulse */
	RM_EV_SELECT,	/* a descriptor attached with select_attach() */
	RM_EV_MSG,	/* a private message (message_attach()) */
};

/* Where a context's thread is, for whoever has to wake it. */
enum rm_block_state {
	RM_BS_RUNNING,
	RM_BS_XFER,	/* in (or entering) a blocking RESMGR_IOC_XFER */
	RM_BS_POLL,	/* the leader, in poll() */
};

struct rm_sel;
struct rm_lmsg;

/*
 * Per context, allocated just before struct rm_ctx (see rm_cext()): the
 * library's struct rm_ctx is not this file's to extend.
 */
struct rm_cext {
	struct rm_cext *next, *prev;	/* rm_dext.ctxs */
	struct rm_ctx *ctx;
	pthread_t thread;		/* valid while state != RUNNING */
	_Atomic int state;		/* enum rm_block_state */
	atomic_bool unblock;		/* dispatch_unblock() asked */
	enum rm_event ev;
	struct _pulse pulse;		/* RM_EV_PULSE */
	struct rm_sel *sel;		/* RM_EV_SELECT */
	unsigned sel_flags;		/* SELECT_FLAG_* that are ready */
	struct rm_lmsg *lmsg;		/* RM_EV_MSG */
	unsigned streak;		/* requests the leader took without poll() */
};

#define RM_CEXT_SIZE \
	((sizeof(struct rm_cext) + _Alignof(max_align_t) - 1) & \
	 ~(_Alignof(max_align_t) - 1))

static inline struct rm_cext *rm_cext(struct rm_ctx *ctx)
{
	return (struct rm_cext *)((char *)ctx - RM_CEXT_SIZE);
}

/* A link in one of the dispatch's queues (pulses, private messages). */
struct rm_qnode {
	struct rm_qnode *next;
};

struct rm_queue {
	struct rm_qnode *head, **tail;
	unsigned len;
};

/* A queued pulse. */
struct rm_pulse_q {
	struct rm_qnode node;	/* first */
	struct _pulse pulse;
};

/* pulse_attach() */
struct rm_pulse_h {
	struct rm_pulse_h *next;
	int code;
	int (*func)(message_context_t *ctp, int code, unsigned flags,
		    void *handle);
	void *handle;
};

/* message_attach() */
struct rm_msg_h {
	struct rm_msg_h *next;
	int low, high;
	int (*func)(message_context_t *ctp, int type, unsigned flags,
		    void *handle);
	void *handle;
};

/* select_attach() */
struct rm_sel {
	struct rm_sel *next;
	int fd;
	unsigned flags;			/* SELECT_FLAG_* asked for */
	bool busy;			/* its callback is running */
	bool gone;			/* detached while busy: free after */
	bool reattached;		/* select_attach()ed again while busy */
	int (*func)(select_context_t *ctp, int fd, unsigned flags,
		    void *handle);
	void *handle;
};

/* A private message sent in-process, waiting for its reply. */
struct rm_lmsg {
	struct rm_qnode node;		/* first */
	void *buf;			/* the message, gathered */
	size_t len;
	const iov_t *riov;		/* where the reply goes */
	size_t rparts;
	pthread_cond_t done_cv;
	bool done;
	long status;			/* >= 0 or -errno */
};

struct rm_dext {
	dispatch_t *dpp;
	struct rm_dext *all_next;	/* every dispatch (dispatch.c) */
	pthread_mutex_t lock;
	struct rm_cext *ctxs;		/* every context of the dispatch */

	/*
	 * What sends dispatch_block() off the hot path; read without the
	 * lock, written under it.
	 */
	atomic_int npending;		/* queued pulses + private messages */
	atomic_bool need_leader;	/* descriptors to watch and no leader */
	_Atomic long long timeout_ns;	/* dispatch_timeout(); -1: none */

	struct rm_cext *leader;
	int wakefd;			/* eventfd for the leader; -1: none yet */

	struct rm_queue pulseq;		/* struct rm_pulse_q */
	struct rm_queue msgq;		/* struct rm_lmsg */
	struct rm_pulse_h *pulses;
	struct rm_msg_h *msgs;
	struct rm_sel *sels;
	unsigned nsels;
	unsigned sel_next;		/* round robin among ready descriptors */
	struct pollfd *pfds;		/* the leader's poll set */
	struct rm_sel **pfd_sel;
	unsigned pfd_room;
};

/* dispatch.c */
RM_HIDDEN int rm_dext_init(dispatch_t *dpp);
RM_HIDDEN void rm_dext_destroy(dispatch_t *dpp);
RM_HIDDEN bool rm_dispatch_uses_fd(int fd);

RM_HIDDEN void rm_queue_push(struct rm_dext *ext, struct rm_queue *q,
			       struct rm_qnode *n);
RM_HIDDEN struct rm_qnode *rm_queue_pop(struct rm_dext *ext,
					struct rm_queue *q);

/* Does dispatch_block() have to leave the hot path? */
static inline bool rm_dext_busy(struct rm_dext *ext)
{
	return atomic_load(&ext->npending) > 0 ||
	       atomic_load(&ext->need_leader);
}

/* wake.c */
RM_HIDDEN void rm_wake_thread_init(void);
RM_HIDDEN void rm_wake_arm(struct resmgr_xfer *x);
RM_HIDDEN void rm_wake_disarm(void);
RM_HIDDEN void rm_wake_ctx(struct rm_dext *ext, struct rm_cext *cx);
RM_HIDDEN void rm_wake_one(struct rm_dext *ext);
RM_HIDDEN void rm_wake_leader(struct rm_dext *ext);
RM_HIDDEN int rm_wakefd_get(struct rm_dext *ext);

/* context.c */
RM_HIDDEN int rm_xfer_reply_only(struct rm_ctx *ctx);
RM_HIDDEN int rm_xfer_nonblock(struct rm_ctx *ctx);
RM_HIDDEN void rm_ctx_local_event(struct rm_ctx *ctx, int rcvid,
				  const void *msg, size_t len);

/* pulse.c */
RM_HIDDEN bool rm_pulse_take(struct rm_ctx *ctx);
RM_HIDDEN int rm_pulse_run(struct rm_ctx *ctx);
RM_HIDDEN void rm_pulses_destroy(struct rm_dext *ext);
/*
 * Run the pulse_attach() handler for @code, with @value and @scoid as the
 * pulse's, in @ctx (ctp->msg is the pulse while it runs).  The kernel's
 * DISCONNECT event arrives here as _PULSE_CODE_DISCONNECT with the
 * client's pid.  Returns false when no handler is attached for @code.
 */
RM_HIDDEN bool rm_pulse_deliver(struct rm_ctx *ctx, int code,
				union sigval value, int scoid);

/* select.c */
RM_HIDDEN int rm_lead(struct rm_ctx *ctx);
RM_HIDDEN int rm_select_run(struct rm_ctx *ctx);
RM_HIDDEN void rm_sels_destroy(struct rm_dext *ext);

/* message.c */
RM_HIDDEN bool rm_lmsg_take(struct rm_ctx *ctx);
RM_HIDDEN int rm_lmsg_run(struct rm_ctx *ctx);
RM_HIDDEN void rm_msgs_destroy(struct rm_dext *ext);
typedef int rm_msg_fn(message_context_t *ctp, int type, unsigned flags,
		      void *handle);
RM_HIDDEN rm_msg_fn *rm_msg_find(struct rm_dext *ext, uint16_t type,
				 void **handle);
RM_HIDDEN long rm_local_sendv(int coid, const iov_t *siov, size_t sparts,
			     const iov_t *riov, size_t rparts);

/* connect.c */
RM_HIDDEN dispatch_t *rm_coid_lock(int coid);
RM_HIDDEN void rm_coid_unlock(void);
RM_HIDDEN bool rm_coid_is_local(int coid);

/* ipc.c: channels and connections between processes. */
RM_HIDDEN int rm_ipc_publish(dispatch_t *dpp, unsigned flags);
RM_HIDDEN int rm_ipc_scoid(const struct resmgr_in_header *ih, uint32_t kscoid);
/*
 * nto_event.c: a MsgSend() message was received (MsgDeliverEvent()), and
 * who sent @rcvid to which channel, if it is still remembered (ESRCH).
 */
RM_HIDDEN void rm_event_note_sender(uint64_t unique, int chan, pid_t pid);
RM_HIDDEN int rm_event_recent_find(int rcvid, int *chan, pid_t *pid);
RM_HIDDEN dispatch_t *rm_ipc_forget(int chid);
RM_HIDDEN dispatch_t *rm_ipc_channel(int chid);
RM_HIDDEN int rm_ipc_channel_of(dispatch_t *dpp);
RM_HIDDEN bool rm_ipc_is_conn(int coid);
RM_HIDDEN bool rm_ipc_is_conn_fd(int fd);
RM_HIDDEN void rm_ipc_conn_forget(int coid);
RM_HIDDEN long rm_ipc_sendv(int coid, const iov_t *siov, size_t sparts,
			    const iov_t *riov, size_t rparts);
RM_HIDDEN int rm_ipc_pulse(int coid, int priority, int code,
			   union sigval value);
RM_HIDDEN int rm_pulse_send(int coid, int priority, int code,
			    union sigval value);
RM_HIDDEN void rm_coids_forget(dispatch_t *dpp);

#endif /* _RESMGR_DISPATCH_EXT_H */
