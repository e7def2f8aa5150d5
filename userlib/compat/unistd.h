/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <unistd.h> with QNX's additions (libresmgr compat): libc's own,
 * delay() and ionotify() (also in <sys/iomsg.h>, as on QNX).
 */
#include_next <unistd.h>

#ifndef _RESMGR_COMPAT_UNISTD_H
#define _RESMGR_COMPAT_UNISTD_H

#include <sys/platform.h>
#include <sys/resmgr_cdefs.h>

__RESMGR_BEGIN_DECLS

/*
 * Sleep @duration milliseconds.  Returns 0, or the milliseconds left
 * when a signal interrupted the sleep.
 */
unsigned int delay(unsigned int duration);

struct sigevent;
int ionotify(int fd, int action, int flags, const struct sigevent *event);

__RESMGR_END_DECLS

#endif /* _RESMGR_COMPAT_UNISTD_H */
