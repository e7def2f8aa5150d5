/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgr: internal declarations shared by the files of resmgr.ko.
 *
 * The module is split by concern, like fs/fuse.  Each file's structures
 * and functions stand below in a section named after it, in the order
 * kmod/Kbuild lists the files:
 *   main.c    - module init/exit and parameters
 *   chan.c    - the channel device /dev/resmgr: HELLO, attach, detach,
 *               bind, receive, reply, MSGREAD/MSGWRITE/MSGINFO, NOTIFY
 *   ucmd.c    - the one ioctl convention: a size-prefixed struct per
 *               command, copied through a table
 *   req.c     - one request's life: queue, wait, complete, abort; the
 *               byte budget
 *   proto.c   - every rule about what a server may send, pure and
 *               covered by KUnit (proto_kunit.c)
 *   client.c  - client processes of a channel: their budget and the
 *               DISCONNECT event
 *   ipc.c     - QNX channels and connections between processes
 *   prio.c    - priority inheritance: receivers run at their senders'
 *               priority (RESMGR_FEAT_PRIO)
 *   route.c   - which servers a connect message goes to: union prefixes
 *               and nested prefixes
 *   expire.c  - taking detached and dead servers' names and placeholders
 *               down
 *   connect.c - connect messages: build one, send it along a route, what
 *               its reply means
 *   super.c   - the "resmgr" filesystem mounted on each attached path:
 *               superblock, fs_context, inodes
 *   attr.c    - a file's attributes: getattr, permission, setattr
 *   dir.c     - names under a directory prefix: lookup, revalidate,
 *               atomic_open, mknod to symlink, get_link
 *   readdir.c - getdents over a directory's server, or a union's
 *   ocb.c     - the kernel OCB of an open: OPEN and its grant, the opens
 *               of an inode, CLOSE_DUP (->flush) and CLOSE_OCB (->release)
 *   file.c    - I/O messages on an open: read, write, lseek, poll, ioctl
 *   lock.c    - fcntl(2) record locks, kept by the server (LOCK)
 *   fioc.c    - client ioctls of resmgr's magic: MSG, PATHCONF, FDINFO,
 *               OPENFD (the I/O messages no system call reaches)
 *
 * Lifetimes.  A channel (struct resmgr_chan) lives while its file is open
 * or any link still references it.  A link (struct resmgr_link) is one
 * attached name; each mounted superblock holds a reference to its link.
 * A request (struct resmgr_req) is reference counted: the client that
 * sent it, the channel's queue or held table, and any server thread
 * copying to or from it each hold one, so a client killed mid-request and
 * a server replying late never touch freed memory.
 *
 * Locking, one lock a line:
 *  - chan->attach_lock (a mutex) protects the list of links and the
 *    fields struct resmgr_chan's kernel-doc puts under it, and nests
 *    outside chan->lock.  RESMGR_IOC_BIND takes namespace_sem inside it
 *    (mnt_set_expiry()).
 *  - chan->lock (a spinlock) protects the pending queue, the held table,
 *    request states and the channel's byte budget; nothing sleeps under
 *    it.
 *  - The xa_lock of chan->ocbs is taken alone and wakes OCB poll wait
 *    queues under it (their lock nests inside).
 *  - An inode's resmgr_inode_info.lock is taken alone, under no other
 *    lock, and only to add, remove or take a reference on an open.
 *  - A union's lock (route.c) is taken alone, to change its member list
 *    or take a reference on one member; a route holds no lock while a
 *    server is asked.
 *  - No resmgr lock is held while the expiry work calls
 *    mark_mounts_for_expiry() (namespace_sem) or takes VFS locks to
 *    remove a placeholder.
 * A function that must be called with a lock held says so in code, not
 * only in its comment: __must_hold(), which sparse checks its body
 * against, and lockdep_assert_held(), which lockdep checks every caller
 * against on the debug kernels.
 */
#ifndef _RESMGR_I_H
#define _RESMGR_I_H

#include <linux/completion.h>
#include <linux/hashtable.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/resmgr.h>

#include "compat.h"

struct cred;
struct dentry;
struct file;
struct file_lock;
struct iattr;
struct inode;
struct iov_iter;
struct kstat;
struct path;
struct poll_table_struct;
struct resmgr_chan_ipc;
struct resmgr_client;
struct resmgr_ocb;
struct resmgr_placeholder;
struct resmgr_ucmd;
struct resmgr_union;
struct super_block;
struct vfsmount;

/*
 * What this kernel accepts from userspace (chan.c, ipc.c, proto.c): a flag
 * enters its mask in the commit that implements it, never before
 * (ublk_drv.c's UBLK_F_ALL rule).
 */
#define RESMGR_FEAT_ALL		(RESMGR_FEAT_UNION | RESMGR_FEAT_IPC | \
				 RESMGR_FEAT_OPEN_SIZE | RESMGR_FEAT_PRIO | \
				 RESMGR_FEAT_OPEN_NODE | RESMGR_FEAT_SENDER | \
				 RESMGR_FEAT_OPEN_CREATED | RESMGR_FEAT_RAW_MSG)
#define RESMGR_CHANNEL_ALL	(RESMGR_CHANNEL_UNBLOCK | RESMGR_CHANNEL_PRIVATE | \
				 RESMGR_CHANNEL_DISCONNECT | \
				 RESMGR_CHANNEL_FIXED_PRIORITY)
#define RESMGR_ATTACH_UNION	(RESMGR_ATTACH_BEFORE | RESMGR_ATTACH_AFTER | \
				 RESMGR_ATTACH_OPAQUE)
#define RESMGR_ATTACH_ALL	(RESMGR_ATTACH_UNION | RESMGR_ATTACH_DIR | \
				 RESMGR_ATTACH_MOUNTS)
#define RESMGR_BIND_ALL		RESMGR_BIND_PLACEHOLDER
#define RESMGR_XFER_ALL		RESMGR_XFER_NONBLOCK
#define RESMGR_OUT_F_ALL	(RESMGR_OUT_F_OFFSET | RESMGR_OUT_F_SYMLINK)
#define RESMGR_OPEN_ALL		(RESMGR_OPEN_NONSEEKABLE | RESMGR_OPEN_SIZE | \
				 RESMGR_OPEN_NODE | RESMGR_OPEN_CREATED)

/* main.c */
#define RESMGR_MODULE_VERSION	"0.1.0"

extern unsigned long resmgr_max_inflight;
extern unsigned long resmgr_max_client_inflight;
extern unsigned int resmgr_spin_us;
extern struct workqueue_struct *resmgr_wq;

/* chan.c */
/**
 * struct resmgr_chan - one server connection (an open of /dev/resmgr)
 * @kref:	the file and every link hold one
 * @lock:	protects @pending, @held, @dead, @inflight, request states
 * @recv_wq:	server threads waiting for a request
 * @budget_wq:	clients waiting for @inflight to drop
 * @pending:	requests not yet received, oldest first
 * @held:	requests a server received and has not answered, by unique
 * @next_unique: the next request id to try
 * @dead:	the server closed the channel; every request fails.  Set
 *		under @lock (WRITE_ONCE), read without it where a stale
 *		answer only delays (READ_ONCE: receivers, routes)
 * @inflight:	bytes of request and reply buffers charged to this channel
 * @attach_lock: protects @links and @next_link
 * @links:	attached names (struct resmgr_link.node)
 * @next_link:	the next link id
 * @gone:	links detached (or of a dead server) whose mounts are still
 *		there, to be taken down once no client or other mount uses
 *		them (struct resmgr_link.gone_node, a reference each)
 * @expire_work: takes them down, and retries once clients let go
 * @expire_tries: how many more times @expire_work may retry, under
 *		@attach_lock
 * @placeholders: files the server created to mount on, removed when the
 *		channel dies (struct resmgr_placeholder), under @attach_lock
 * @ocbs:	the kernel OCBs of this channel's opens, by notify handle
 *		(kh), so RESMGR_IOC_NOTIFY can find their poll waiters
 * @next_kh:	where the cyclic search for the next kh starts
 * @clients:	client processes with opens on this channel (struct
 *		resmgr_client, client.c), for the DISCONNECT event; under
 *		@lock
 * @ipc:	set by RESMGR_IOC_CHANNEL (ipc.c): published for connections
 * @features:	RESMGR_FEAT_* granted by the last successful HELLO
 * @hello_done:	a HELLO succeeded: the other ioctls may be used (read
 *		with smp_load_acquire(), so @features is seen with it)
 * @pid_ns:	the server's pid namespace: client pids are given in it
 * @user_ns:	the server's user namespace: client ids are given in it
 * @serial:	never the same for two channels made since the module
 *		loaded: names the channel in inode keys (resmgr_node_inode()),
 *		which outlive no inode but may outlive the channel, so its
 *		address, which a new channel could reuse, would not do
 */
struct resmgr_chan {
	struct kref kref;
	spinlock_t lock;	/* see above */
	wait_queue_head_t recv_wq;
	wait_queue_head_t budget_wq;
	struct list_head pending;
	DECLARE_HASHTABLE(held, 6);
	u32 next_unique;
	bool dead;
	u64 inflight;

	struct mutex attach_lock;	/* see above */
	struct list_head links;
	u32 next_link;
	struct list_head gone;
	struct delayed_work expire_work;
	int expire_tries;
	struct list_head placeholders;
	struct xarray ocbs;
	u32 next_kh;
	DECLARE_HASHTABLE(clients, 6);

	struct resmgr_chan_ipc *ipc;
	u64 features;
	bool hello_done;
	struct pid_namespace *pid_ns;
	struct user_namespace *user_ns;
	u64 serial;
};

/**
 * struct resmgr_link - one attached name
 * @kref:	the channel's list and every superblock hold one
 * @node:	in chan->links while attached
 * @chan:	the channel (a reference is held)
 * @id:		the link id the server knows it by
 * @flags:	RESMGR_ATTACH_*
 * @mode:	S_IFMT and permissions of the attach point
 * @detached:	the server detached it (or died); routes skip it.  Set
 *		under chan->attach_lock (WRITE_ONCE), read without it by
 *		routes and by the OCB's end (READ_ONCE)
 * @un:		the union of servers attached where it is mounted (route.c),
 *		from its first RESMGR_IOC_BIND; NULL before.  Set under
 *		chan->attach_lock (WRITE_ONCE), read without it by routes
 *		(READ_ONCE)
 * @un_node:	in @un's member list, under its lock
 * @expiry:	its bound mount (mnt_set_expiry()), until unmounted
 * @expires:	bit 0: its mount was put on @expiry (resmgr_link_bound())
 * @gone_node:	in chan->gone once detached while bound
 */
struct resmgr_link {
	struct kref kref;
	struct list_head node;
	struct resmgr_chan *chan;
	u32 id;
	u32 flags;
	umode_t mode;
	bool detached;
	struct resmgr_union *un;
	struct list_head un_node;
	struct list_head expiry;
	unsigned long expires;
	struct list_head gone_node;
	struct list_head mount_node;
};

void resmgr_chan_get(struct resmgr_chan *chan);
void resmgr_chan_put(struct resmgr_chan *chan);
struct resmgr_link *resmgr_link_from_fd(int fd, u32 id);
struct resmgr_link *resmgr_link_find(struct resmgr_chan *chan, u32 id)
	__must_hold(&chan->attach_lock);
void resmgr_link_put(struct resmgr_link *link);
int resmgr_chan_init(void);
void resmgr_chan_exit(void);

/* mount_req.c */
int resmgr_mount_listen(struct resmgr_link *link);
void resmgr_mount_forget(struct resmgr_link *link);
struct resmgr_ucmd;
long resmgr_ioc_mount(struct file *file, struct resmgr_ucmd *ucmd);

/* ucmd.c */
/*
 * One ioctl of the convention in uapi "General ioctl format" (ucmd.c):
 * @ubuffer and @user_size are the caller's struct, @cmd the kernel's
 * copy of it, zero-extended.
 */
struct resmgr_ucmd {
	void __user *ubuffer;
	u32 user_size;
	void *cmd;
};

/**
 * struct resmgr_ioctl_op - one entry of an ioctl table, whose index is
 *			    the command's number less the table's first
 * @size:	sizeof() the command's struct, as this kernel knows it
 * @min_size:	the end of the fields of its first version
 * @execute:	the handler
 */
struct resmgr_ioctl_op {
	unsigned int size;
	unsigned int min_size;
	long (*execute)(struct file *file, struct resmgr_ucmd *ucmd);
};

/* @_nr: the RESMGR_CMD_*; the ioctl is _IO(RESMGR_IOC_MAGIC, @_nr). */
#define RESMGR_IOCTL_OP(_base, _nr, _fn, _struct, _last)		\
	[(_nr) - (_base)] = {						\
		.size = sizeof(_struct),				\
		.min_size = offsetofend(_struct, _last),		\
		.execute = _fn,						\
	}

long resmgr_ucmd_run(const struct resmgr_ioctl_op *ops, unsigned int nops,
		     unsigned int base, struct file *file, unsigned int cmd, void __user *uarg,
		     void *buf, size_t bufsize);
int resmgr_ucmd_respond(struct resmgr_ucmd *ucmd, size_t size);

/* req.c */
/* Reply data up to this size lives inside the request: no allocation. */
#define RESMGR_INLINE_DATA	128

/* The body of a reply, for the opcodes whose reply has one. */
union resmgr_reply_body {
	struct resmgr_open_out open;
	struct resmgr_stat stat;
	struct resmgr_lock_out lock;
};

/**
 * struct resmgr_sched - a thread's scheduling, as priority inheritance
 *			 sees it (proto.c, prio.c)
 * @policy:	SCHED_NORMAL, SCHED_BATCH, SCHED_FIFO or SCHED_RR
 * @rt_prio:	1..99 for SCHED_FIFO and SCHED_RR, else 0
 * @nice:	-20..19; what counts for SCHED_NORMAL and SCHED_BATCH
 * @reset_on_fork: SCHED_RESET_ON_FORK was set (kept, never compared)
 */
struct resmgr_sched {
	u32 policy;
	u32 rt_prio;
	s32 nice;
	bool reset_on_fork;
};

struct resmgr_boost;

enum resmgr_req_state {
	RESMGR_REQ_NEW,		/* not sent */
	RESMGR_REQ_PENDING,	/* on chan->pending */
	RESMGR_REQ_HELD,	/* in chan->held: a server has it */
	RESMGR_REQ_REPLYING,	/* a server thread is copying the reply in */
	RESMGR_REQ_DONE,	/* answered, failed or abandoned */
};

/**
 * struct resmgr_req - one request from a client to a server
 * @ref:	references (see resmgr_i.h's header comment)
 * @node:	in chan->pending
 * @hnode:	in chan->held
 * @chan:	the channel it goes to
 * @state:	enum resmgr_req_state, under chan->lock
 * @noreply:	an event: done once a server received it
 * @uninterruptible: only a fatal signal ends the client's wait
 * @abandoned:	the client gave up waiting (fatal signal)
 * @unblock_eintr: a signal abandons it even when held (a channel without
 *		RESMGR_CHANNEL_UNBLOCK), instead of an UNBLOCK event
 * @delivered:	a server has received it; set under chan->lock
 *		(WRITE_ONCE), read by ->flush without it (READ_ONCE)
 * @writers:	RESMGR_IOC_MSGWRITE copies into the reply buffer under way,
 *		under chan->lock; each began while the request was held
 * @done:	completed when the reply is in or the request failed
 * @result:	0, or the errno the kernel imposes (-ENOTCONN, -EIO)
 * @ih:		the header as it will be sent; once queued, its flags
 *		change only under chan->lock (WRITE_ONCE: MSGINFO reads
 *		them without it)
 * @in:		the opcode's body
 * @in_body_len: bytes of @in sent
 * @in_data:	data after the body (connect groups and path, write data)
 * @in_data_len: bytes of @in_data
 * @oh:		the reply's header
 * @out:	the reply's body, if the opcode has one
 * @out_body_len: the body size this opcode's reply must carry
 * @out_data:	where reply data goes when not @out_pages: @inline_data or
 *		a bounce buffer
 * @out_pages:	READ: the client's own buffer, pinned, so the server's data
 *		is copied once, straight to where the client wants it
 * @out_npages:	pages in @out_pages
 * @out_page_off: offset of the client's buffer in its first page
 * @out_cap:	room for reply data: what the client asked for
 * @out_len:	bytes of reply data the server has filled
 * @charged:	bytes charged to chan->inflight and to @client's budget
 * @client:	the client process whose open this I/O request is on, set
 *		while its file is held; from the charge on, a reference
 * @orphan:	the kernel OCB of an OPEN whose client gave up
 * @prio:	the sender's scheduling when it sent it, if @has_prio
 * @has_prio:	@prio is set: the receiving thread inherits it
 * @cred:	its sender's credentials when it sent it (a reference), for
 *		RESMGR_IOC_MSGINFO; NULL for events and without
 *		RESMGR_FEAT_SENDER
 * @boost:	the thread it boosts now (prio.c); written under prio.c's
 *		resmgr_boost_mutex (WRITE_ONCE), looked at without it
 * @free:	called when the last reference goes (frees the request)
 * @inline_data: small replies land here
 */
struct resmgr_req {
	refcount_t ref;
	struct list_head node;
	struct hlist_node hnode;
	struct resmgr_chan *chan;
	enum resmgr_req_state state;
	bool noreply;
	bool uninterruptible;
	bool abandoned;
	bool unblock_eintr;
	bool delivered;
	int writers;
	struct completion done;
	int result;

	struct resmgr_in_header ih;
	union {
		struct resmgr_connect_in connect;
		struct resmgr_rw_in rw;
		struct resmgr_lseek_in lseek;
		struct resmgr_devctl_in devctl;
		struct resmgr_notify_in notify;
		struct resmgr_unblock_in unblock;
		struct resmgr_sync_in sync;
		struct resmgr_space_in space;
		struct resmgr_chmod_in chmod;
		struct resmgr_chown_in chown;
		struct resmgr_utime_in utime;
		struct resmgr_lock_in lock;
		struct resmgr_pathconf_in pathconf;
		struct resmgr_openfd_in openfd;
		struct resmgr_fdinfo_in fdinfo;
		struct resmgr_msg_in msg;
		struct resmgr_msgsend_in msgsend;
		struct resmgr_pulse_in pulse;
	} in;
	u32 in_body_len;
	void *in_data;
	u32 in_data_len;

	struct resmgr_out_header oh;
	union resmgr_reply_body out;
	u32 out_body_len;
	void *out_data;
	struct page **out_pages;
	unsigned int out_npages;
	unsigned int out_page_off;
	size_t out_cap;
	size_t out_len;

	size_t charged;
	struct resmgr_client *client;
	struct resmgr_ocb *orphan;
	struct resmgr_sched prio;
	bool has_prio;
	const struct cred *cred;
	struct resmgr_boost *boost;
	void (*free)(struct resmgr_req *req);
	u8 inline_data[RESMGR_INLINE_DATA];
};

bool resmgr_spin_until(bool (*cond)(void *arg), void *arg);
struct resmgr_req *resmgr_req_alloc(struct resmgr_chan *chan, u16 opcode,
				    struct resmgr_link *link, u64 ocb);
void resmgr_req_init(struct resmgr_req *req, struct resmgr_chan *chan,
		     u16 opcode, u32 link, u64 ocb);
int resmgr_req_alloc_data(struct resmgr_req *req, size_t in_len,
			  size_t out_cap);
int resmgr_req_map_reply(struct resmgr_req *req, void __user *ubuf,
			 size_t count);
int resmgr_req_reply_fill(struct resmgr_req *req, size_t off,
			  struct iov_iter *from, size_t len);
int resmgr_req_reply_to_user(struct resmgr_req *req, void __user *ubuf,
			     size_t count);
void resmgr_req_put(struct resmgr_req *req);
void resmgr_req_free(struct resmgr_req *req);
int resmgr_req_send(struct resmgr_req *req);
int resmgr_req_queue(struct resmgr_req *req);
/* For DISCONNECT (client.c): ih.pid and ih.tid are the caller's to set. */
int resmgr_req_queue_preset(struct resmgr_req *req);
#if IS_ENABLED(CONFIG_KUNIT)
u64 resmgr_next_unique(struct resmgr_chan *chan)
	__must_hold(&chan->lock);
#endif
void resmgr_req_end_locked(struct resmgr_req *req, int result)
	__must_hold(&req->chan->lock);
void resmgr_req_complete(struct resmgr_req *req);
void resmgr_req_finish(struct resmgr_req *req, int result);
int resmgr_req_cache_init(void);
void resmgr_req_cache_exit(void);

/* proto.c */
int resmgr_hello_negotiate(struct resmgr_hello *hello);
int resmgr_attach_check(const struct resmgr_attach *at, u64 features,
			umode_t *mode);
int resmgr_out_header_check(const struct resmgr_out_header *oh, size_t len);
u32 resmgr_reply_body_len(u16 opcode);
int resmgr_reply_check(u16 opcode, const struct resmgr_out_header *oh,
		       size_t payload, size_t cap);
int resmgr_reply_finish_check(u16 opcode, const struct resmgr_out_header *oh,
			      const union resmgr_reply_body *body,
			      size_t data_len);
u32 resmgr_ioflag_encode(unsigned int f_flags);
bool resmgr_has_reply_data(u16 opcode);
int resmgr_mode_check(u32 mode);
int resmgr_server_mode(u32 mode, umode_t *out);
int resmgr_open_out_check(const struct resmgr_open_out *out);
int resmgr_stat_check(const struct resmgr_stat *st);
int resmgr_lock_out_check(const struct resmgr_lock_out *lo);
int resmgr_dirent_check(const void *data, size_t len,
			struct resmgr_dirent *rec);
int resmgr_readlink_check(const char *target, size_t len);
int resmgr_fdinfo_reply_check(size_t data_len);
int resmgr_notify_check(const struct resmgr_notify *n);
bool resmgr_sched_inherit(const struct resmgr_sched *sender,
			  struct resmgr_sched *out);
bool resmgr_pulse_sched(s32 prio, const struct resmgr_sched *own,
			u32 rtprio_max, struct resmgr_sched *out);

/* client.c */
void resmgr_chan_clients_init(struct resmgr_chan *chan);
/* Opens (ocb.c) and connections (ipc.c) of a process. */
struct resmgr_client *resmgr_client_get(struct resmgr_chan *chan);
void resmgr_client_release(struct resmgr_chan *chan, struct resmgr_client *c,
			   bool known);
int resmgr_client_attach(struct resmgr_ocb *ocb);
struct pid *resmgr_client_pid(struct resmgr_client *c);
struct pid *resmgr_client_pid_nr(struct resmgr_chan *chan, pid_t nr);
void resmgr_client_detach(struct resmgr_ocb *ocb);
/* The per-client byte budget (req.c), under chan->lock. */
bool resmgr_client_charge(struct resmgr_client *c, size_t bytes, size_t max)
	__must_hold(&c->disconnect.chan->lock);
void resmgr_client_uncharge(struct resmgr_client *c, size_t bytes)
	__must_hold(&c->disconnect.chan->lock);
void resmgr_client_put(struct resmgr_client *c);

/* ipc.c */
extern unsigned int resmgr_max_pulses;
long resmgr_ioc_channel(struct file *file, struct resmgr_ucmd *ucmd);
int resmgr_coid_pulse(struct pid *owner, int coid, s32 code, s32 priority,
		      u64 value);
void resmgr_chan_ipc_end(struct resmgr_chan *chan);
void resmgr_chan_ipc_free(struct resmgr_chan *chan);
bool resmgr_chan_prio_fixed(struct resmgr_chan *chan);
int resmgr_ipc_init(void);
void resmgr_ipc_exit(void);

/* prio.c */
void resmgr_prio_record(struct resmgr_req *req);
void resmgr_prio_pulse(struct resmgr_req *req, s32 prio);
void resmgr_prio_take(struct resmgr_chan *chan, struct resmgr_req *req);
void resmgr_prio_idle(void);
void resmgr_prio_end(struct resmgr_req *req);
void resmgr_prio_exit(void);
s32 resmgr_prio_current(void);

/* route.c */
/**
 * struct resmgr_union - the servers attached at one path
 * @kref:	each member link and each union it covers hold one
 * @lock:	protects @members and the links' @un_node
 * @members:	struct resmgr_link.un_node, in the order they are asked
 * @cover:	the union of the directory prefix the attach point lies in
 *		(a reference), or NULL
 * @cover_path:	the attach point's path under @cover's ("a/b"), NUL
 *		terminated; empty with no @cover
 */
struct resmgr_union {
	struct kref kref;
	spinlock_t lock;	/* see above */
	struct list_head members;
	struct resmgr_union *cover;
	char cover_path[];
};

/**
 * struct resmgr_route - the servers a connect message is offered to
 * @first:	the link of the superblock the name is in
 * @un:		the union being walked (held by @first's chain), or NULL
 *		when @first was never bound: then @first alone
 * @link:	the server to ask now (a reference), or NULL
 * @next:	the index in @un of the member after @link
 * @asked:	how many servers were asked
 * @limit:	ask at most this many (0: no limit)
 * @opaque:	a member of @un asked was RESMGR_ATTACH_OPAQUE
 * @dead:	a member skipped had a dead server
 * @err:	the answer if every server passes
 * @path:	the name's path for @link, inside @buf
 * @xpath:	the second name's path for @link, or NULL
 * @buf:	room for @path and @xpath, at their ends
 */
struct resmgr_route {
	struct resmgr_link *first;
	struct resmgr_union *un;
	struct resmgr_link *link;
	unsigned int next;
	unsigned int asked;
	unsigned int limit;
	bool opaque;
	bool dead;
	int err;
	char *path;
	char *xpath;
	char *buf;
};

int resmgr_union_join(struct resmgr_link *link, const struct path *root);
#if IS_ENABLED(CONFIG_KUNIT)
/* route.c's pure parts, for its KUnit suite. */
struct resmgr_union *resmgr_union_new(struct resmgr_union *cover,
				      const char *cover_path);
void resmgr_union_insert(struct resmgr_union *un, struct resmgr_link *link);
struct resmgr_link *resmgr_union_member(struct resmgr_union *un,
					unsigned int idx);
int resmgr_path_prepend(char *buf, char **pathp, const char *prefix);
#endif
void resmgr_union_leave(struct resmgr_link *link);
void resmgr_union_kick(struct resmgr_link *link);
int resmgr_route_start(struct resmgr_route *r, struct dentry *dentry,
		       struct dentry *other);
int resmgr_route_start_child(struct resmgr_route *r, struct dentry *dir,
			     const char *name, unsigned int len);
bool resmgr_route_passes(int err);
bool resmgr_route_next(struct resmgr_route *r, int *ret);
void resmgr_route_end(struct resmgr_route *r);
bool resmgr_route_in_union(struct super_block *sb);

/* expire.c */
void resmgr_chan_expire(struct work_struct *work);
void resmgr_chan_expire_soon(struct resmgr_chan *chan);
void resmgr_chan_expire_queue(struct resmgr_chan *chan, unsigned long delay)
	__must_hold(&chan->attach_lock);
void resmgr_link_gone(struct resmgr_chan *chan, struct resmgr_link *link)
	__must_hold(&chan->attach_lock);
int resmgr_bind_mountpoint(const struct path *root, struct path *mp);
struct resmgr_placeholder *resmgr_placeholder_new(const struct path *root,
						  const struct path *mp, int fd,
						  const struct cred *cred);
void resmgr_placeholder_free(struct resmgr_placeholder *ph);
void resmgr_link_bound(struct resmgr_chan *chan, struct resmgr_link *link,
		       struct vfsmount *mnt, const struct path *mp,
		       struct resmgr_placeholder *ph)
	__must_hold(&chan->attach_lock);
void resmgr_placeholders_forget(struct resmgr_chan *chan, u32 link);

/* connect.c */
void resmgr_cred_fill(struct resmgr_cred *c, const struct cred *cred,
		      struct user_namespace *ns);
/**
 * struct resmgr_connect_args - what a connect message says besides the
 *				client's credentials
 * @path:	relative to the attach point ("" for the attach point)
 * @ioflag:	resmgr_ioflag_encode() of the open flags
 * @mode:	creation mode (with S_IFMT for MKNOD)
 * @eflag:	RESMGR_EFLAG_*
 * @f_mode:	FMODE_READ/FMODE_WRITE to be checked (connect access)
 * @extra_type:	RESMGR_EXTRA_*
 * @extra:	extra data, @extra_len bytes
 * @extra_len:	bytes of @extra
 * @out_cap:	room for reply data (READLINK's target)
 * @other:	a second name whose path (for the server asked) is the
 *		extra data, NUL-terminated (RENAME, LINK), or NULL
 */
struct resmgr_connect_args {
	const char *path;
	u32 ioflag;
	u32 mode;
	u16 eflag;
	fmode_t f_mode;
	u16 extra_type;
	const void *extra;
	u32 extra_len;
	u32 out_cap;
	struct dentry *other;
};

struct resmgr_req *resmgr_connect_req(struct resmgr_link *link,
				      const char *path, u16 opcode,
				      const struct resmgr_connect_args *a);
int resmgr_connect_result(struct resmgr_req *req, int ret);
int resmgr_route_call(struct resmgr_route *r, u16 opcode,
		      const struct resmgr_connect_args *a,
		      struct resmgr_req **reqp);
int resmgr_connect_call(struct dentry *dentry, u16 opcode,
			const struct resmgr_connect_args *a,
			struct resmgr_req **reqp);

/* super.c */
/* Room for a path from dentry_path_raw(): its '/', the path, its NUL. */
#define RESMGR_PATH_BUF		(RESMGR_PATH_MAX + 1)

int resmgr_fs_init(void);
void resmgr_fs_exit(void);
char *resmgr_dentry_path(struct dentry *dentry, char *buf);
bool resmgr_sb_is_ours(struct super_block *sb);

/**
 * struct resmgr_node_key - which server node a name is (super.c)
 * @chan:	the serial of the channel that answered for it
 * @node:	its number for the node (resmgr_stat.ino, resmgr_open_out
 *		.node); 0: not said
 * @stat:	@node is what a STAT said, not an OPEN
 * @ident:	the channel negotiated RESMGR_FEAT_OPEN_NODE: its numbers
 *		name its files
 * @type:	S_IFMT of the inode wanted (resmgr_node_inode() sets it)
 */
struct resmgr_node_key {
	u64 chan;
	u64 node;
	bool stat;
	bool ident;
	umode_t type;
};

struct inode *resmgr_new_inode(struct super_block *sb, umode_t mode);
void resmgr_node_key_init(struct resmgr_node_key *key,
			  struct resmgr_chan *chan, const struct resmgr_stat *st,
			  u64 node);
struct inode *resmgr_node_inode(struct super_block *sb, umode_t mode,
				struct resmgr_node_key *key);
bool resmgr_node_same(struct inode *inode, const struct resmgr_node_key *key);
bool resmgr_kernel_fifo(struct inode *inode);
bool resmgr_node_linked(struct inode *inode);
void resmgr_node_unlinked(struct inode *inode);

/* The link of one of our superblocks: it holds a reference. */
static inline struct resmgr_link *resmgr_sb_link(struct super_block *sb)
{
	return sb->s_fs_info;
}

/* attr.c */
/*
 * The permission bits of a server's mode that an inode of ours may have.
 * Set-user-ID and set-group-ID are the server's to show in stat(2), never
 * the kernel's to act on: the superblock is SB_I_NOEXEC, and an inode
 * that carried them would still steer the VFS (should_remove_suid(),
 * setgid directory inheritance) by what a server chose to claim.
 */
#define RESMGR_INODE_PERM	(07777 & ~(S_ISUID | S_ISGID))

extern const struct inode_operations resmgr_inode_ops;
int resmgr_stat_path(struct dentry *dentry, u16 eflag, struct resmgr_stat *st,
		     struct resmgr_node_key *key);
void resmgr_stat_apply(struct inode *inode, const struct resmgr_stat *st);
int resmgr_stat_open(struct inode *inode, struct resmgr_stat *st);
u64 resmgr_inode_node(struct inode *inode);
void resmgr_size_at_least(struct inode *inode, loff_t end);
int resmgr_refresh_size(struct file *file);
void resmgr_open_size(struct inode *inode, const struct resmgr_open_out *out);
int resmgr_getattr(resmgr_idmap_t *idmap, const struct path *path,
		   struct kstat *stat, u32 request_mask,
		   unsigned int query_flags);
int resmgr_permission(resmgr_idmap_t *idmap, struct inode *inode, int mask);
int resmgr_setattr(resmgr_idmap_t *idmap, struct dentry *dentry,
		   struct iattr *attr);

/* dir.c */
extern const struct inode_operations resmgr_dir_inode_ops;
extern const struct inode_operations resmgr_symlink_inode_ops;
extern const struct dentry_operations resmgr_dentry_ops;

/* readdir.c */
extern const struct file_operations resmgr_dir_ops;

/* ocb.c */
/**
 * struct resmgr_ocb - the kernel's open control block, one per struct file
 * @link:	the attach it was opened through (a reference is held)
 * @poll_wq:	poll/select/epoll waiters, woken by RESMGR_IOC_NOTIFY
 * @kh:		this OCB's index in chan->ocbs, sent in NOTIFY messages
 * @client:	the process that opened it (client.c), or NULL
 * @file:	the open file, once the open is granted
 * @inode_node:	in its inode's struct resmgr_inode_info.ocbs from the grant
 *		until the server's OCB is about to end (last ->flush or
 *		->release), so fstat(2) can ask it when the name is gone;
 *		off it, no message may be sent on the open any more
 *		(resmgr_ocb_ended())
 * @closed:	the server has already ended the OCB: the last CLOSE_DUP
 *		(RESMGR_IN_F_LAST) reached it, so ->release sends nothing
 * @dying:	CLOSE_DUPs of dying tasks queued on this open (struct
 *		resmgr_dying_dup, ocb.c), under chan->lock
 * @union_dir:	a directory opened where several servers may answer: its
 *		listing is theirs together, and its positions say whose
 *		(dir.c)
 * @close_req:	the CLOSE_OCB event, allocated with the OCB so that
 *		->release can always send it
 * @server_pos:	the file position the server last reported, which f_pos
 *		mirrors until the VFS moves f_pos itself (file.c,
 *		resmgr_pos_sync())
 */
struct resmgr_ocb {
	struct resmgr_link *link;
	wait_queue_head_t poll_wq;
	u32 kh;
	struct resmgr_client *client;
	struct file *file;
	struct list_head inode_node;
	struct list_head dying;
	bool closed;
	bool union_dir;
	struct resmgr_req close_req;
	loff_t server_pos;
};

/**
 * struct resmgr_inode_info - an inode of ours (super.c allocates it)
 * @vfs_inode:	the VFS's inode
 * @lock:	protects @ocbs; nothing else is taken or sleeps under it
 * @ocbs:	the kernel OCBs open on this inode (struct resmgr_ocb
 *		.inode_node)
 * @node:	the server's number for the node.  Keyed (@key_chan set):
 *		fixed when the inode is made.  Else as its last STAT said (0:
 *		not said), under the inode's i_lock
 * @key_chan:	for an inode hashed by its node (resmgr_node_inode()), the
 *		serial of the channel whose node it is; else 0.  Fixed
 */
struct resmgr_inode_info {
	struct inode vfs_inode;
	spinlock_t lock;	/* see above */
	struct list_head ocbs;
	u64 node;
	u64 key_chan;
};

static inline struct resmgr_inode_info *resmgr_ii(struct inode *inode)
{
	return container_of(inode, struct resmgr_inode_info, vfs_inode);
}

struct resmgr_ocb *resmgr_ocb_alloc(struct resmgr_link *link);
void resmgr_ocb_close_event(struct resmgr_ocb *ocb, u64 server_ocb);
void resmgr_ocb_orphan_end(struct resmgr_req *req);
void resmgr_inode_add_ocb(struct inode *inode, struct resmgr_ocb *ocb);
int resmgr_inode_del_ocb(struct inode *inode, struct resmgr_ocb *ocb,
			 bool only_if_last);
bool resmgr_ocb_ended(struct file *file);
struct file *resmgr_inode_open_get(struct inode *inode,
				   const struct cred *cred);
int resmgr_finish_granted(struct file *file, struct dentry *dentry,
			  struct resmgr_ocb *ocb, u64 server_ocb,
			  u32 open_flags);
int resmgr_open_one(struct resmgr_link *link, const char *path,
		    const struct resmgr_connect_args *a,
		    struct resmgr_ocb **ocbp, struct resmgr_open_out *out);
int resmgr_open_send(struct dentry *dentry, const struct resmgr_connect_args *a,
		     struct resmgr_ocb **ocbp, struct resmgr_open_out *out);
int resmgr_file_open(struct inode *inode, struct file *file);
u64 resmgr_file_ocb(struct file *file);
int resmgr_file_flush(struct file *file, fl_owner_t id);
int resmgr_file_release(struct inode *inode, struct file *file);

/* file.c */
extern const struct file_operations resmgr_file_ops;
extern const struct file_operations resmgr_stream_ops;
struct resmgr_req *resmgr_io_req(struct file *file, u16 opcode);
ssize_t resmgr_io_call(struct file *file, struct resmgr_req *req);
ssize_t resmgr_read_to_iter(struct file *file, struct iov_iter *to,
			    loff_t *ppos, bool killable);
loff_t resmgr_llseek(struct file *file, loff_t offset, int whence);
__poll_t resmgr_poll(struct file *file, struct poll_table_struct *pt);
int resmgr_fsync(struct file *file, loff_t start, loff_t end, int datasync);
long resmgr_ioctl(struct file *file, unsigned int cmd, unsigned long arg);
long resmgr_devctl(struct file *file, unsigned int cmd, void __user *uarg);

/* mapping.c */
/* A fault's readahead window at most, read with one READ. */
#define RESMGR_READAHEAD_PAGES	(SZ_64K / PAGE_SIZE)
extern const struct file_operations resmgr_exec_ops;
void resmgr_mapping_init(struct inode *inode);
void resmgr_mapping_changed(struct inode *inode);
int resmgr_mmap(struct file *file, struct vm_area_struct *vma);

/* lock.c */
int resmgr_lock(struct file *file, int cmd, struct file_lock *fl);

/* fioc.c */
long resmgr_fioc(struct file *file, unsigned int cmd, void __user *uarg);
int resmgr_openfd_reopen(struct inode *inode, struct file *file,
			 struct resmgr_ocb **ocbp, u64 *server_ocb,
			 u32 *open_flags);
struct resmgr_ocb *resmgr_openfd_take(struct super_block *sb,
				      u64 *server_ocb, u32 *open_flags);

#endif /* _RESMGR_I_H */
