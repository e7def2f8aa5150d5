/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The resource manager layer: attaches (struct rm_link), what an OCB
 * handle given to the kernel stands for (bindings), held requests and
 * their replies, and the router (route.c) that turns a kernel message
 * into a call of a connect or I/O handler.
 *
 * A dispatch context (dispatch/dispatch_i.h) carries one request, one
 * reply and the binding it runs on, so it embeds the types here; the
 * functions that work on a context take it as struct rm_ctx.
 */
#ifndef _RESMGR_RESMGR_I_H
#define _RESMGR_RESMGR_I_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/dispatch.h>
#include <sys/iofunc.h>

#include "kernel/kernel_i.h"

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
	bool mounts;		/* no name: receives mount requests */
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
RM_HIDDEN int rm_bind_get_slot(struct rm_bindtab *t, uint32_t slot,
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

/* --------------------------------------------------------- binding.c */

RM_HIDDEN int rm_open_bind(resmgr_context_t *ctp, void *ocb,
			   const resmgr_io_funcs_t *io, bool iofunc);
RM_HIDDEN uint32_t rm_open_wire_mode(const struct rm_link *link,
				     uint32_t mode);

/* ------------------------------------------------------------ held.c */

/* A request the server holds: everything its reply depends on. */
struct rm_req {
	dispatch_t *dpp;
	uint64_t unique;
	int scoid;		/* the sender's, as _msg_info.scoid says it */
	uint16_t opcode;
	bool report_offset;	/* reply carries ocb->offset as the position */
	iofunc_ocb_t *ocb;	/* iofunc OCB of an I/O request, else NULL */
	uint64_t nbytes;	/* READ, DEVCTL: most data the reply may carry */
	uint64_t handle;	/* OPEN: binding made by resmgr_open_bind() */
	uint32_t open_mode;	/* OPEN: resmgr_open_out.mode of the reply */
	bool open_sized;	/* OPEN: @open_size is the file's size */
	uint64_t open_size;
	uint64_t open_node;	/* OPEN: the node's number, 0 if not said */
	bool open_created;	/* OPEN: iofunc_open() let it make the file */
	uint32_t events;	/* NOTIFY: the poll events the client asked */
	struct rm_msgmap map;
	/* translated I/O header (map.local NULL) */
	unsigned char hdr[64] __attribute__((aligned(8)));
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

/* ------------------------------------------ held.c: requests held */

struct rm_ctx;

RM_HIDDEN void rm_held_add(struct rm_ctx *ctx);
RM_HIDDEN void rm_held_del(struct rm_ctx *ctx);
RM_HIDDEN void rm_req_begin(struct rm_ctx *ctx, const struct rm_req *req,
			    bool held);
RM_HIDDEN bool rm_req_claim_own(struct rm_ctx *ctx);
RM_HIDDEN void rm_req_park(struct rm_ctx *ctx);
RM_HIDDEN int rm_req_claim(int rcvid, struct rm_req *req);
RM_HIDDEN int rm_req_find(int rcvid, struct rm_req *req);
RM_HIDDEN int rm_req_find_scoid(int scoid, struct rm_req *req);
RM_HIDDEN int rm_req_park_received(const struct rm_req *req);
RM_HIDDEN void rm_req_set_handle(struct rm_ctx *ctx, uint64_t handle);
RM_HIDDEN void rm_req_set_open_mode(struct rm_ctx *ctx, uint32_t mode);
RM_HIDDEN void rm_req_set_open_created(struct rm_ctx *ctx);
RM_HIDDEN void rm_req_set_open_file(struct rm_ctx *ctx, uint64_t size,
				     uint64_t node);

/* ----------------------------------------------------------- route.c */

RM_HIDDEN int rm_route(struct rm_ctx *ctx);

#endif /* _RESMGR_RESMGR_I_H */
