/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/qnx_errno.h> - the one errno value QNX has and Linux lacks.
 *
 * QNX code returns EOK ("no error") from handlers and compares results
 * with it.  Every libresmgr header includes this, so QNX sources that
 * include <errno.h> plus any of <sys/iofunc.h>, <sys/dispatch.h>,
 * <sys/neutrino.h> or <sys/resmgr.h> see it.
 */
#ifndef _SYS_QNX_ERRNO_H
#define _SYS_QNX_ERRNO_H

#include <errno.h>

#ifndef EOK
#define EOK	0
#endif

#endif /* _SYS_QNX_ERRNO_H */
