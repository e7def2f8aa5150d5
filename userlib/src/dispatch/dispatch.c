// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * dispatch_t: one channel to the kernel (an open of /dev/resmgr), the
 * names attached through it, and the OCB handles given out on it.
 *
 * QNX creates the channel on the first attach; here it is opened and the
 * protocol negotiated at once, so a missing or incompatible kernel module
 * is reported by dispatch_create() itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

/* Every dispatch of the process, for procmgr_daemon(). */
static pthread_mutex_t rm_dispatches_lock = PTHREAD_MUTEX_INITIALIZER;
static struct rm_dext *rm_dispatches;

bool rm_dispatch_uses_fd(int fd)
{
	struct rm_dext *ext;
	bool used = false;

	pthread_mutex_lock(&rm_dispatches_lock);
	for (ext = rm_dispatches; ext && !used; ext = ext->all_next)
		used = ext->dpp->fd == fd || ext->wakefd == fd;
	pthread_mutex_unlock(&rm_dispatches_lock);
	return used;
}

/*
 * Call @fn on every dispatch of the process, newest first, until it says
 * true; whether one did.  @fn runs under the list's lock: it must not
 * create or destroy a dispatch.
 */
bool rm_dispatch_each(bool (*fn)(dispatch_t *dpp, void *arg), void *arg)
{
	struct rm_dext *ext;
	bool found = false;

	pthread_mutex_lock(&rm_dispatches_lock);
	for (ext = rm_dispatches; ext && !found; ext = ext->all_next)
		found = fn(ext->dpp, arg);
	pthread_mutex_unlock(&rm_dispatches_lock);
	return found;
}

int rm_dext_init(dispatch_t *dpp)
{
	struct rm_dext *ext = calloc(1, sizeof(*ext));

	if (!ext)
		return -1;
	pthread_mutex_init(&ext->lock, NULL);
	atomic_init(&ext->npending, 0);
	atomic_init(&ext->need_leader, false);
	atomic_init(&ext->timeout_ns, -1);
	ext->wakefd = -1;
	ext->pulseq.tail = &ext->pulseq.head;
	ext->msgq.tail = &ext->msgq.head;
	ext->dpp = dpp;
	dpp->ext = ext;
	pthread_mutex_lock(&rm_dispatches_lock);
	ext->all_next = rm_dispatches;
	rm_dispatches = ext;
	pthread_mutex_unlock(&rm_dispatches_lock);
	return 0;
}

void rm_dext_destroy(dispatch_t *dpp)
{
	struct rm_dext *ext = dpp->ext, **pp;

	pthread_mutex_lock(&rm_dispatches_lock);
	for (pp = &rm_dispatches; *pp != ext; pp = &(*pp)->all_next)
		;
	*pp = ext->all_next;
	pthread_mutex_unlock(&rm_dispatches_lock);
	rm_pulses_destroy(ext);
	rm_msgs_destroy(ext);
	rm_sels_destroy(ext);
	if (ext->wakefd >= 0)
		close(ext->wakefd);
	free(ext->pfds);
	free(ext->pfd_sel);
	pthread_mutex_destroy(&ext->lock);
	free(ext);
	dpp->ext = NULL;
}

/*
 * Queue @n for dispatch_block() and wake a thread for it.  Caller holds
 * ext->lock.
 */
void rm_queue_push(struct rm_dext *ext, struct rm_queue *q,
		   struct rm_qnode *n)
{
	n->next = NULL;
	*q->tail = n;
	q->tail = &n->next;
	q->len++;
	atomic_fetch_add(&ext->npending, 1);
	rm_wake_one(ext);
}

/* Take the oldest entry of @q, if any (checked without the lock first). */
struct rm_qnode *rm_queue_pop(struct rm_dext *ext, struct rm_queue *q)
{
	struct rm_qnode *n;

	if (!atomic_load(&ext->npending))
		return NULL;
	pthread_mutex_lock(&ext->lock);
	n = q->head;
	if (n) {
		q->head = n->next;
		if (!q->head)
			q->tail = &q->head;
		q->len--;
		atomic_fetch_sub(&ext->npending, 1);
	}
	pthread_mutex_unlock(&ext->lock);
	return n;
}

dispatch_t *rm_dispatch_new(int fd, bool own_fd)
{
	dispatch_t *dpp = calloc(1, sizeof(*dpp));

	if (!dpp)
		return NULL;
	if (rm_dext_init(dpp) < 0) {
		free(dpp);
		return NULL;
	}
	dpp->fd = fd;
	dpp->own_fd = own_fd;
	pthread_mutex_init(&dpp->lock, NULL);
	dpp->msg_max_size = RM_MSG_MIN;
	dpp->nparts_max = RM_NPARTS_MIN;
	rm_bindtab_init(&dpp->bindings);
	return dpp;
}

/* HELLO; the features the kernel granted go to *@features. */
static int rm_hello(int fd, uint64_t *features)
{
	struct resmgr_hello hello;

	memset(&hello, 0, sizeof(hello));
	hello.size = sizeof(hello);
	hello.major = RESMGR_VERSION_MAJOR;
	hello.minor = RESMGR_VERSION_MINOR;
	/*
	 * Everything the library implements; the kernel grants what it
	 * has, and refuses an attach flag of a feature it did not grant.
	 * RESMGR_FEAT_PRIO: server threads run at their clients'
	 * priority, as on QNX, where every channel a dispatch_create()
	 * makes inherits; a kernel without it leaves them at their own.
	 * RESMGR_FEAT_SENDER: ConnectClientInfo() and _msg_info.priority.
	 * RESMGR_FEAT_OPEN_CREATED: an open iofunc_open() let make its file
	 * says so (fcntl(F_CREATED_QUERY)).
	 */
	hello.features = RESMGR_FEAT_UNION | RESMGR_FEAT_IPC |
			 RESMGR_FEAT_OPEN_SIZE | RESMGR_FEAT_PRIO |
			 RESMGR_FEAT_OPEN_NODE | RESMGR_FEAT_SENDER |
			 RESMGR_FEAT_OPEN_CREATED | RESMGR_FEAT_RAW_MSG;
	if (rm_ioctl(fd, RESMGR_IOC_HELLO, &hello) < 0)
		return -1;
	*features = hello.features;
	if (hello.in_hdr_size != sizeof(struct resmgr_in_header) ||
	    hello.out_hdr_size != sizeof(struct resmgr_out_header)) {
		errno = EPROTO;
		return -1;
	}
	return 0;
}

/*
 * @chid: -1 for a new channel, or an already open /dev/resmgr
 * descriptor, which stays the caller's (dispatch_destroy() leaves it
 * open).  @flags: DISPATCH_FLAG_NOLOCK is accepted and has no effect.
 */
dispatch_t *dispatch_create_channel(int chid, unsigned flags)
{
	uint64_t features;
	int fd = chid;
	dispatch_t *dpp;
	int err;

	if (chid == -1) {
		fd = open(RM_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return NULL;
	}
	if (rm_hello(fd, &features) < 0)
		goto fail;
	dpp = rm_dispatch_new(fd, chid == -1);
	if (dpp) {
		dpp->features = features;
		return dpp;
	}
fail:
	err = errno;
	if (chid == -1)
		close(fd);
	errno = err;
	return NULL;
}

dispatch_t *dispatch_create(void)
{
	return dispatch_create_channel(-1, 0);
}

/*
 * Detach every name and close the channel.  Contexts must have been
 * freed before (as on QNX).
 */
int dispatch_destroy(dispatch_t *dpp)
{
	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	rm_coids_forget(dpp);
	/* A channel name_attach() published: MsgReceive() must not find it. */
	if (rm_ipc_channel_of(dpp) >= 0)
		rm_ipc_forget(dpp->fd);
	rm_links_destroy(dpp);
	rm_dext_destroy(dpp);
	rm_bindtab_destroy(&dpp->bindings);
	pthread_mutex_destroy(&dpp->lock);
	if (dpp->own_fd)
		close(dpp->fd);
	free(dpp);
	return 0;
}

int dispatch_timeout(dispatch_t *dpp, struct timespec *reltime)
{
	long long ns = -1;

	if (!dpp || (reltime && (reltime->tv_sec < 0 || reltime->tv_nsec < 0 ||
				 reltime->tv_nsec >= 1000000000L))) {
		errno = EINVAL;
		return -1;
	}
	if (reltime)
		ns = (long long)reltime->tv_sec * 1000000000LL + reltime->tv_nsec;
	atomic_store(&dpp->ext->timeout_ns, ns);
	return 0;
}
