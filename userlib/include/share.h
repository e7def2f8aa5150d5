/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <share.h> - share modes for sopen() (and openfd()).
 *
 * Linux has no share modes: an open never denies others reading or
 * writing.  So sopen() takes SH_DENYNO and SH_COMPAT, which deny
 * nothing, and fails EINVAL for a mode that would deny something,
 * rather than open without the protection the caller asked for.  The
 * values are the traditional ones (SH_DENYNO as <sys/iomsg.h>'s).
 */
#ifndef _SHARE_H_INCLUDED
#define _SHARE_H_INCLUDED

#include <sys/resmgr_cdefs.h>

#define SH_COMPAT	0x00	/* deny nothing (compatibility mode) */
#define SH_DENYRW	0x10	/* deny others reading and writing */
#define SH_DENYWR	0x20	/* deny others writing */
#define SH_DENYRD	0x30	/* deny others reading */
#ifndef SH_DENYNO
#define SH_DENYNO	0x40	/* deny nothing */
#endif

__RESMGR_BEGIN_DECLS

/*
 * open(@path, @oflag[, mode]) with share mode @shflag: SH_DENYNO or
 * SH_COMPAT (else -1, EINVAL).  Returns the descriptor or -1 and errno.
 */
int sopen(const char *path, int oflag, int shflag, ...);

__RESMGR_END_DECLS

#endif /* _SHARE_H_INCLUDED */
