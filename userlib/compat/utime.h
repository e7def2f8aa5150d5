/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <utime.h> with QNX's additions (libresmgr compat): libc's own, and
 * futime().
 */
#include_next <utime.h>

#ifndef _RESMGR_COMPAT_UTIME_H
#define _RESMGR_COMPAT_UTIME_H

#include <sys/resmgr_cdefs.h>

__RESMGR_BEGIN_DECLS

/*
 * utime() of an open file: @times' access and modification times (whole
 * seconds), or now if @times is NULL.  Returns 0, or -1 and errno.
 */
int futime(int fd, const struct utimbuf *times);

__RESMGR_END_DECLS

#endif /* _RESMGR_COMPAT_UTIME_H */
