/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/procmgr.h> - process-manager calls a resource manager uses; here
 * only procmgr_daemon().
 */
#ifndef _SYS_PROCMGR_H
#define _SYS_PROCMGR_H

#include <sys/resmgr_cdefs.h>
__RESMGR_BEGIN_DECLS

/* procmgr_daemon() flags: what it leaves alone */
#define PROCMGR_DAEMON_NOCHDIR		0x0001u	/* the working directory */
#define PROCMGR_DAEMON_NOCLOSE		0x0002u	/* descriptors above 2 */
#define PROCMGR_DAEMON_NODEVNULL	0x0004u	/* stdin, stdout, stderr */
#define PROCMGR_DAEMON_KEEPUMASK	0x0008u	/* the umask */

/*
 * Become a daemon: fork, the parent exits with @status, the child starts
 * a new session, moves to "/" and clears its umask, closes its
 * descriptors above 2 and points 0, 1 and 2 at /dev/null, each unless
 * @flags says otherwise.  The channels of the process's dispatches (and
 * their internal descriptors) are kept open, so a server may attach its
 * names first, as QNX servers do; only the calling thread continues, so
 * start thread pools afterwards.  Returns the new session id in the
 * daemon, -1 (errno) on failure.
 */
int procmgr_daemon(int status, unsigned flags);

__RESMGR_END_DECLS

#endif /* _SYS_PROCMGR_H */
