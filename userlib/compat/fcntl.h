/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <fcntl.h> with QNX's additions (libresmgr compat): libc's own, and
 * close() and fchown(), which QNX sources call with only <fcntl.h>
 * included.  They come from libc's <unistd.h>, included here, so its
 * other names (read(), write(), link(), sync(), ...) become visible
 * through <fcntl.h> too: a program that uses one of those as a name of
 * its own and includes <fcntl.h> without <unistd.h> sees its libc
 * declaration.
 */
#include_next <fcntl.h>

#ifndef _RESMGR_COMPAT_FCNTL_H
#define _RESMGR_COMPAT_FCNTL_H
#include <unistd.h>
#endif
