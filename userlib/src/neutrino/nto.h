/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Neutrino events, timers and timeouts shared inside the library
 * (nto_event.c, nto_timer.c, nto_timeout.c, and the blocking calls of
 * ipc.c that TimerTimeout() bounds).
 */
#ifndef _RESMGR_NTO_H
#define _RESMGR_NTO_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/neutrino.h>

#include "common.h"

/*
 * The signal that ends a blocking call whose TimerTimeout() expired.  Its
 * handler only notes the expiry; the call sees EINTR and fails
 * ETIMEDOUT.  Installed the first time a thread calls TimerTimeout().
 */
#define RM_TIMEOUT_SIGNAL	SIGRTMAX

/* Deliver @ev to thread @tid of process @pid (0: this process). */
RM_HIDDEN int rm_event_deliver(pid_t pid, pid_t tid, const struct sigevent *ev);
/* Is @ev an event rm_event_deliver() can deliver in this process? */
RM_HIDDEN int rm_event_check(const struct sigevent *ev);

/*
 * Around a blocking call in state @state (_NTO_TIMEOUT_*): arm the
 * thread's pending TimerTimeout(), if it covers @state, and consume it.
 * rm_timeout_end() turns the call's EINTR into ETIMEDOUT when the timeout
 * fired; it returns the errno the call should fail with.
 */
struct rm_timeout {
	bool armed;
};
RM_HIDDEN int rm_timeout_begin(struct rm_timeout *t, unsigned int state);
RM_HIDDEN int rm_timeout_end(struct rm_timeout *t, int err);

/* The QNX call around its _r form: -errno becomes -1 and errno. */
#define RM_ERRNO_WRAP(call)		\
	do {				\
		int __ret = (call);	\
		if (__ret < 0) {	\
			errno = -__ret;	\
			return -1;	\
		}			\
		return __ret;		\
	} while (0)

#endif /* _RESMGR_NTO_H */
