/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libresmgr internals, shared by the library's files and its unit tests.
 *
 * How a request flows:
 *
 *   dispatch_block()   RESMGR_IOC_XFER: send the reply still pending on the
 *                      context (if any) and receive the next request into
 *                      the context's buffer; rm_ctx_begin() records it as
 *                      a held request (struct rm_req).
 *   dispatch_handler() rm_route(): translate the kernel's message into the
 *                      QNX message the handler expects (decode.c), find
 *                      the OCB from the kernel's handle (binding.c), call
 *                      the handler, and turn its return value into a reply
 *                      (reply.c) that stays pending on the context.
 *
 * A held request can be replied to once, by whoever claims it first: the
 * library after the handler returns, or MsgReply()/MsgError() from the
 * handler or from any other thread (held.c).
 *
 * The kernel is reached only through rm_ioctl (transport.c), which the
 * unit tests replace.
 */
#ifndef _RESMGR_INTERNAL_H
#define _RESMGR_INTERNAL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <linux/resmgr.h>

#define RM_HIDDEN	__attribute__((visibility("hidden")))

#define RM_DEVICE	"/dev/resmgr"

/* Smallest receive buffer, as QNX's msg_max_size counts it. */
#define RM_MSG_MIN	2048
/* ctp->iov[] entries when no attach asked for more. */
#define RM_NPARTS_MIN	4
/* A reply is the out header, an optional body, then the handler's parts. */
#define RM_NPARTS_MAX	(RESMGR_XFER_IOV_MAX - 2)
/*
 * The kernel's headers are longer than the QNX ones they become, so the
 * receive buffer has this much more room than msg_max_size.
 */
#define RM_KSLACK	(sizeof(struct resmgr_in_header) + \
			 sizeof(struct resmgr_connect_in))

#define rm_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/*
 * Handler tables are "unsigned nfuncs" followed by function pointers;
 * RM_FIRST_FN is where the pointers start.
 */
#define RM_FN_SIZE	sizeof(void (*)(void))
#define RM_FIRST_FN	((sizeof(unsigned) + _Alignof(void (*)(void)) - 1) & \
			 ~(_Alignof(void (*)(void)) - 1))

/* Does a handler table provide this handler (within its nfuncs)? */
#define RM_HAS(tab, member) \
	((tab) && offsetof(__typeof__(*(tab)), member) < \
		  RM_FIRST_FN + (tab)->nfuncs * RM_FN_SIZE && (tab)->member)

/* ------------------------------------------------------- transport.c */

/* ioctl(2) on the channel; the unit tests put a fake kernel here. */
extern RM_HIDDEN int (*rm_ioctl)(int fd, unsigned long request, void *arg);

/* ---------------------------------------------------------- devctl.c */

/*
 * The client's ioctl(2) behind devctl() and the other client calls
 * (client_*.c); the unit tests replace it.
 */
extern RM_HIDDEN int (*rm_devctl_ioctl)(int fd, unsigned long request,
					void *arg);

/* ---------------------------------------------------------- attach.c */

enum rm_placeholder {
	RM_PLACEHOLDER_NONE,
	RM_PLACEHOLDER_FILE,
	RM_PLACEHOLDER_DIR,
};

/*
 * One resmgr_attach().  Links stay allocated until dispatch_destroy(),
 * even once detached, so a handler running while another thread detaches
 * its link never sees freed memory.
 */
struct rm_link {
	struct rm_link *next;
	int id;
	bool attached;
	bool dir;		/* _RESMGR_FLAG_DIR: paths below it resolve here */
	enum rm_placeholder placeholder;
	int root_fd;		/* O_PATH of our mount's root; -1: none */
	char *path;
	const resmgr_connect_funcs_t *connect;
	const resmgr_io_funcs_t *io;
	void *handle;
	int (*other_func)(resmgr_context_t *ctp, void *msg);
};

RM_HIDDEN struct rm_link *rm_link_find(dispatch_t *dpp, int id);
RM_HIDDEN uint32_t rm_attach_flags(unsigned flags);
RM_HIDDEN uint32_t rm_attach_mode(unsigned flags, const void *handle);
RM_HIDDEN void rm_links_destroy(dispatch_t *dpp);

/* --------------------------------------------------------- binding.c */

/* What an OCB handle given to the kernel stands for. */
struct rm_binding {
	void *ocb;
	const resmgr_io_funcs_t *io;
	struct rm_link *link;
	bool iofunc;		/* ocb starts with an iofunc_ocb_t */
	/* S_IFMT and permissions of what was opened; 0: not known */
	uint32_t mode;
};

struct rm_bind_slot {
	struct rm_binding b;
	struct _client_info client;	/* the opener */
	char *path;			/* what it was opened by, or NULL */
	uint32_t gen;
	uint32_t next_free;
	bool used;
	/* threads running on the OCB (rm_bind_hold()); the open ended */
	uint32_t busy;
	bool ended;
};

/*
 * Handles are (generation << 32 | slot + 1): a stale or forged handle
 * from the kernel is detected instead of dereferenced.
 */
struct rm_bindtab {
	pthread_mutex_t lock;
	struct rm_bind_slot *slot;
	uint32_t nslots;
	uint32_t free_head;	/* slot + 1; 0: none free */
};

RM_HIDDEN void rm_bindtab_init(struct rm_bindtab *t);
RM_HIDDEN void rm_bindtab_destroy(struct rm_bindtab *t);
RM_HIDDEN int rm_bind_add(struct rm_bindtab *t, const struct rm_binding *b,
			  const struct _client_info *client, char *path,
			  uint64_t *handle);
RM_HIDDEN size_t rm_bind_path(struct rm_bindtab *t, uint64_t handle,
			      char *buf, size_t room);
RM_HIDDEN int rm_bind_get(struct rm_bindtab *t, uint64_t handle,
			  struct rm_binding *b);
RM_HIDDEN int rm_bind_client(struct rm_bindtab *t, uint64_t handle,
			     struct _client_info *client);
RM_HIDDEN int rm_bind_take(struct rm_bindtab *t, uint64_t handle,
			   struct rm_binding *b);
RM_HIDDEN int rm_bind_hold(struct rm_bindtab *t, uint64_t handle,
			   struct rm_binding *b);
RM_HIDDEN bool rm_bind_unhold(struct rm_bindtab *t, uint64_t handle,
			      bool end);
RM_HIDDEN int rm_bind_set_mode(struct rm_bindtab *t, uint64_t handle,
			       uint32_t mode);

/* -------------------------------------------------------- dispatch.c */

struct rm_dext;

struct _dispatch {
	int fd;			/* the channel, /dev/resmgr */
	bool own_fd;
	pthread_mutex_t lock;	/* links, msg_max_size, nparts_max */
	struct rm_link *links;
	size_t msg_max_size;
	unsigned nparts_max;
	struct rm_bindtab bindings;
	/* pulse.c and friends: pulses, private messages, select fds */
	struct rm_dext *ext;
};

RM_HIDDEN dispatch_t *rm_dispatch_new(int fd, bool own_fd);

/* ---------------------------------------------------------- decode.c */

/*
 * Where the bytes of the QNX view of a message come from, for MsgRead():
 * the first @qlocal bytes are the translated header (and path) the
 * library built; QNX byte @qlocal + k is byte @kbase + k of the
 * message as the kernel has it.
 */
struct rm_msgmap {
	const void *local;	/* NULL: struct rm_req.hdr */
	size_t qlocal;
	uint64_t kbase;
};

static inline uint64_t rm_msgmap_koff(const struct rm_msgmap *m, size_t qoff)
{
	return m->kbase + (qoff - m->qlocal);
}

/* A connect message (OPEN, STAT_PATH) as the kernel sent it. */
struct rm_connect_view {
	const struct resmgr_connect_in *ci;
	const uint32_t *groups;
	const char *path;
	size_t extra_off;	/* offset of the extra data in the message */
};

RM_HIDDEN int rm_decode_connect(const void *msg, size_t len,
				struct rm_connect_view *v);
RM_HIDDEN size_t rm_build_connect(struct _io_connect *c, uint16_t subtype,
				  const struct rm_connect_view *v);
RM_HIDDEN const char *rm_connect_extra_path(const void *msg,
					    const struct rm_connect_view *v);
RM_HIDDEN bool rm_connect_extra_rdev(const void *msg,
				     const struct rm_connect_view *v,
				     dev_t *rdev);
RM_HIDDEN uint32_t rm_xtype_from_kernel(uint32_t kxtype);
struct rm_cred;
RM_HIDDEN void rm_cred_from_connect(struct rm_cred *c,
				    const struct resmgr_in_header *in,
				    const struct rm_connect_view *v);
RM_HIDDEN int32_t rm_notify_cond(uint32_t events);
RM_HIDDEN uint32_t rm_notify_events(int32_t cond);
RM_HIDDEN void *rm_xlate_io(void *buf, size_t kend, const void *qhdr,
			    size_t qhdr_len);

/* The QNX header of one of the I/O messages rm_decode_io_body() knows. */
union rm_qhdr {
	struct _io_pathconf pathconf;
	struct _io_chmod chmod;
	struct _io_chown chown;
	struct _io_utime utime;
	struct _io_sync sync;
	struct _io_space space;
	struct {
		struct _io_lock i;
		flock_t fl;
	} lock;
	struct _io_openfd openfd;
	struct _io_fdinfo fdinfo;
	struct _io_msg msg;
};

/*
 * Translate the body of PATHCONF, CHMOD, CHOWN, UTIME, SYNC, SPACE,
 * LOCK, OPENFD, FDINFO or MSG (@avail bytes at @body) into @q.  Sets
 * *@qlen to the QNX header's length and *@blen to the kernel body's.
 * ENOSYS for other opcodes, EINVAL for a short or malformed body.
 */
RM_HIDDEN int rm_decode_io_body(uint16_t opcode, const void *body,
				size_t avail, union rm_qhdr *q, size_t *qlen,
				size_t *blen);

/* ---------------------------------------------------------- dirent.c */

/* Reads of a directory never ask a handler for more than this. */
#define RM_DIR_READ_MAX	65536

RM_HIDDEN size_t rm_dirent_size(size_t namelen);
/* A QNX dirent's d_type for readdir(), from its _DTYPE_[L]STAT extra. */
RM_HIDDEN unsigned char rm_dirent_extra_type(const void *rec);
RM_HIDDEN ssize_t rm_dirents_translate(const void *in, size_t len,
				       int64_t end, void *out, size_t room);

/* ------------------------------------------------------------ held.c */

/* A request the server holds: everything its reply depends on. */
struct rm_req {
	dispatch_t *dpp;
	uint64_t unique;
	uint16_t opcode;
	bool report_offset;	/* reply carries ocb->offset as the position */
	iofunc_ocb_t *ocb;	/* iofunc OCB of an I/O request, else NULL */
	uint64_t nbytes;	/* READ, DEVCTL: most data the reply may carry */
	uint64_t handle;	/* OPEN: binding made by resmgr_open_bind() */
	uint32_t open_mode;	/* OPEN: resmgr_open_out.mode of the reply */
	uint32_t events;	/* NOTIFY: the poll events the client asked */
	struct rm_msgmap map;
	/* translated I/O header (map.local NULL) */
	unsigned char hdr[64] __attribute__((aligned(8)));
};

/* Credentials of the client a handler works for. */
struct rm_cred {
	struct _client_info ci;
	const uint32_t *groups;	/* all supplementary groups, or NULL: ci's */
	uint32_t ngroups;
};

/* ---------------------------------------------------------- reply.c */

struct rm_reply {
	struct resmgr_out_header out;
	union {
		struct resmgr_open_out open;
		struct resmgr_stat st;
		struct resmgr_lock_out lock;
		struct resmgr_fdinfo fdinfo;
	} body;
	struct iovec iov[RESMGR_XFER_IOV_MAX];
	unsigned iovcnt;
};

RM_HIDDEN void rm_reply_error(struct rm_reply *r, uint64_t unique, int err);
RM_HIDDEN size_t rm_gather(void *dst, size_t len, const iov_t *parts,
			   unsigned nparts);
RM_HIDDEN void rm_reply_build(struct rm_reply *r, const struct rm_req *req,
			      long status, const iov_t *parts, unsigned nparts);
RM_HIDDEN void rm_req_reply(struct rm_reply *r, const struct rm_req *req,
			    int err, long status, const iov_t *parts,
			    unsigned nparts);
RM_HIDDEN int rm_reply_send(dispatch_t *dpp, const struct rm_reply *r);
RM_HIDDEN uint32_t rm_mode_to_wire(mode_t mode);
RM_HIDDEN void rm_stat_to_wire(const struct stat *st, struct resmgr_stat *w);

/* ---------------------------------------------------- dispatch contexts */

/* The library's side of a dispatch_context_t. */
struct rm_ctx {
	dispatch_t *dpp;

	/* held.c: the current request, shared with replying threads */
	pthread_mutex_t req_lock;
	bool held;
	struct rm_req req;
	struct rm_ctx *all_next, *all_prev;

	/* the receive buffer */
	unsigned char *rbuf;
	size_t rlen;
	size_t rcvd;
	struct resmgr_in_header in;
	unsigned char *whole;	/* a truncated connect message, read in full */

	/* connect messages, in QNX layout */
	struct _io_connect *cbuf;

	/* the reply to a READ of a directory, as struct resmgr_dirent */
	unsigned char *dirbuf;

	/* the client */
	struct rm_cred cred;
	bool cred_valid;

	/* the binding the current I/O message is for */
	struct rm_binding cur;
	uint64_t cur_handle;
	uint64_t hold;		/* the binding held while it runs, or 0 */

	/* NOTIFY: the kernel's handle for the open's waiters (iofunc_notify) */
	uint32_t notify_kh;
	struct _io_notify_reply notify_dflt;	/* the no-handler reply */

	/* the I/O part of a stat by path or a COMBINE */
	union {
		io_stat_t stat;
		unsigned char raw[64];
	} combine_msg __attribute__((aligned(8)));

	/* the reply produced for the last request, sent with the next receive */
	bool pending;
	struct rm_reply reply;

	unsigned nparts;
	dispatch_context_t pub;	/* last: ends in ctp->iov[nparts] */
};

static inline struct rm_ctx *rm_ctx(resmgr_context_t *ctp)
{
	return rm_container_of(ctp, struct rm_ctx, pub.resmgr_context);
}

/* The context whose handler the calling thread is running, if any. */
extern RM_HIDDEN __thread struct rm_ctx *rm_current;

RM_HIDDEN struct rm_ctx *rm_ctx_alloc(dispatch_t *dpp);
RM_HIDDEN void rm_ctx_free(struct rm_ctx *ctx);
RM_HIDDEN void rm_ctx_begin(struct rm_ctx *ctx);
RM_HIDDEN int rm_ctx_cred(struct rm_ctx *ctx, const struct rm_cred **cred);

RM_HIDDEN void rm_held_add(struct rm_ctx *ctx);
RM_HIDDEN void rm_held_del(struct rm_ctx *ctx);
RM_HIDDEN void rm_req_begin(struct rm_ctx *ctx, const struct rm_req *req,
			    bool held);
RM_HIDDEN bool rm_req_claim_own(struct rm_ctx *ctx);
RM_HIDDEN void rm_req_park(struct rm_ctx *ctx);
RM_HIDDEN int rm_req_claim(int rcvid, struct rm_req *req);
RM_HIDDEN int rm_req_find(int rcvid, struct rm_req *req);
RM_HIDDEN int rm_req_park_received(const struct rm_req *req);
RM_HIDDEN void rm_req_set_handle(struct rm_ctx *ctx, uint64_t handle);
RM_HIDDEN void rm_req_set_open_mode(struct rm_ctx *ctx, uint32_t mode);

/* ------------------------------------------------------------- msg.c */

RM_HIDDEN ssize_t rm_req_read(const struct rm_req *req, void *buf, size_t n,
			      size_t qoff);

/* ----------------------------------------------------------- route.c */

RM_HIDDEN int rm_route(struct rm_ctx *ctx);

/* ----------------------------------------------------------- pulse.c */

/*
 * Run the pulse_attach() handler for @code, with @value as the pulse's
 * value, in @ctx (ctp->msg is the pulse).  The kernel's DISCONNECT event
 * arrives here as _PULSE_CODE_DISCONNECT with the client's pid.  Returns
 * false when no handler is attached for @code.
 */
RM_HIDDEN bool rm_pulse_deliver(struct rm_ctx *ctx, int code, int value);

/* ------------------------------------------------ iofunc_*.c helpers */

RM_HIDDEN int rm_attr_lock(iofunc_attr_t *attr);
RM_HIDDEN int rm_attr_unlock(iofunc_attr_t *attr);
RM_HIDDEN bool rm_in_group(const struct rm_cred *c, gid_t gid);
RM_HIDDEN void rm_attr_kill_privs(const struct rm_cred *c, iofunc_attr_t *attr);
RM_HIDDEN bool rm_mount_readonly(const iofunc_attr_t *attr);
RM_HIDDEN int rm_check_access(const struct rm_cred *c,
			      const iofunc_attr_t *attr, mode_t checkmode);

RM_HIDDEN int rm_dir_writable(resmgr_context_t *ctp, iofunc_attr_t *dattr,
			     struct _client_info *info);
RM_HIDDEN int rm_seek_base(int whence, const iofunc_ocb_t *ocb,
			   const iofunc_attr_t *attr, int64_t *base);

/* iofunc_lock.c: what closes and unblocks do to record locks. */
RM_HIDDEN void rm_lock_close_dup(iofunc_attr_t *attr, pid_t pid);
RM_HIDDEN void rm_lock_close_ocb(iofunc_attr_t *attr, const iofunc_ocb_t *ocb);
RM_HIDDEN bool rm_lock_unblock(iofunc_attr_t *attr, int rcvid);
RM_HIDDEN void rm_lock_count(const iofunc_attr_t *attr, uint32_t *rlocks,
			     uint32_t *wlocks);

/* --------------------------------------------------------- binding.c */

RM_HIDDEN int rm_open_bind(resmgr_context_t *ctp, void *ocb,
			   const resmgr_io_funcs_t *io, bool iofunc);
RM_HIDDEN uint32_t rm_open_wire_mode(const struct rm_link *link,
				     uint32_t mode);

#endif /* _RESMGR_INTERNAL_H */
