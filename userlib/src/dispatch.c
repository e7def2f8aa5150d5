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

#include "internal.h"

dispatch_t *rm_dispatch_new(int fd, bool own_fd)
{
	dispatch_t *dpp = calloc(1, sizeof(*dpp));

	if (!dpp)
		return NULL;
	dpp->fd = fd;
	dpp->own_fd = own_fd;
	pthread_mutex_init(&dpp->lock, NULL);
	dpp->msg_max_size = RM_MSG_MIN;
	dpp->nparts_max = RM_NPARTS_MIN;
	rm_bindtab_init(&dpp->bindings);
	return dpp;
}

static int rm_hello(int fd)
{
	struct resmgr_hello hello;

	memset(&hello, 0, sizeof(hello));
	hello.size = sizeof(hello);
	hello.major = RESMGR_VERSION_MAJOR;
	hello.minor = RESMGR_VERSION_MINOR;
	if (rm_ioctl(fd, RESMGR_IOC_HELLO, &hello) < 0)
		return -1;
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
	int fd = chid;
	dispatch_t *dpp;
	int err;

	if (chid == -1) {
		fd = open(RM_DEVICE, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			return NULL;
	}
	if (rm_hello(fd) < 0)
		goto fail;
	dpp = rm_dispatch_new(fd, chid == -1);
	if (dpp)
		return dpp;
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
	rm_links_destroy(dpp);
	rm_bindtab_destroy(&dpp->bindings);
	pthread_mutex_destroy(&dpp->lock);
	if (dpp->own_fd)
		close(dpp->fd);
	free(dpp);
	return 0;
}
