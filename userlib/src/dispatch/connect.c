// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Connections to a dispatch from inside the process (message_connect()):
 * what MsgSendPulse() and in-process MsgSend() name a dispatch by.
 *
 * A coid from message_connect() is RM_COID_BASE + a slot; the base keeps
 * it clear of file descriptors, which are the other coids a QNX program
 * has (its opens).
 */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "dispatch/dispatch_ext.h"

#define RM_COID_BASE	0x40000000
#define RM_COID_MAX	4096

/* Protects the table, and (held by the caller of rm_coid_lock()) the
 * dispatch a coid names from being destroyed meanwhile. */
static pthread_mutex_t rm_coid_mutex = PTHREAD_MUTEX_INITIALIZER;
static dispatch_t **rm_coids;
static unsigned rm_ncoids;

int message_connect(dispatch_t *dpp, int flags)
{
	dispatch_t **t;
	unsigned i;

	if (!dpp) {
		errno = EINVAL;
		return -1;
	}
	pthread_mutex_lock(&rm_coid_mutex);
	for (i = 0; i < rm_ncoids && rm_coids[i]; i++)
		;
	if (i == rm_ncoids) {
		if (rm_ncoids == RM_COID_MAX) {
			pthread_mutex_unlock(&rm_coid_mutex);
			errno = EAGAIN;
			return -1;
		}
		t = realloc(rm_coids, (rm_ncoids + 16) * sizeof(*t));
		if (!t) {
			pthread_mutex_unlock(&rm_coid_mutex);
			errno = ENOMEM;
			return -1;
		}
		for (unsigned k = rm_ncoids; k < rm_ncoids + 16; k++)
			t[k] = NULL;
		rm_coids = t;
		rm_ncoids += 16;
	}
	rm_coids[i] = dpp;
	pthread_mutex_unlock(&rm_coid_mutex);
	return RM_COID_BASE + (int)i;
}

static bool rm_coid_slot(int coid, unsigned *slot)
{
	if (coid < RM_COID_BASE || coid - RM_COID_BASE >= RM_COID_MAX)
		return false;
	*slot = (unsigned)(coid - RM_COID_BASE);
	return true;
}

int ConnectDetach(int coid)
{
	unsigned i;

	if (!rm_coid_slot(coid, &i)) {
		/*
		 * Only a connection: QNX servers ConnectDetach() the scoid of
		 * a disconnect pulse, a number that may be any descriptor's.
		 */
		if (!rm_ipc_is_conn_fd(coid)) {
			errno = EINVAL;
			return -1;
		}
		rm_ipc_conn_forget(coid);
		return close(coid);
	}
	pthread_mutex_lock(&rm_coid_mutex);
	if (i >= rm_ncoids || !rm_coids[i]) {
		pthread_mutex_unlock(&rm_coid_mutex);
		errno = EBADF;
		return -1;
	}
	rm_coids[i] = NULL;
	pthread_mutex_unlock(&rm_coid_mutex);
	return 0;
}

/*
 * The dispatch @coid connects to, with the table locked so it cannot be
 * destroyed until rm_coid_unlock(); NULL (unlocked) if @coid is not one.
 */
dispatch_t *rm_coid_lock(int coid)
{
	unsigned i;

	if (!rm_coid_slot(coid, &i))
		return NULL;
	pthread_mutex_lock(&rm_coid_mutex);
	if (i < rm_ncoids && rm_coids[i])
		return rm_coids[i];
	pthread_mutex_unlock(&rm_coid_mutex);
	return NULL;
}

void rm_coid_unlock(void)
{
	pthread_mutex_unlock(&rm_coid_mutex);
}

bool rm_coid_is_local(int coid)
{
	unsigned i;
	bool ret;

	if (!rm_coid_slot(coid, &i))
		return false;
	pthread_mutex_lock(&rm_coid_mutex);
	ret = i < rm_ncoids && rm_coids[i];
	pthread_mutex_unlock(&rm_coid_mutex);
	return ret;
}

/* dispatch_destroy(): its connections now fail with EBADF. */
void rm_coids_forget(dispatch_t *dpp)
{
	unsigned i;

	pthread_mutex_lock(&rm_coid_mutex);
	for (i = 0; i < rm_ncoids; i++)
		if (rm_coids[i] == dpp)
			rm_coids[i] = NULL;
	pthread_mutex_unlock(&rm_coid_mutex);
}
