/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/types.h> with QNX's additions (libresmgr compat): libc's own,
 * uint_t/int_t (<sys/platform.h>), and off64_t, which QNX declares
 * always (glibc only with _LARGEFILE64_SOURCE).
 */
#include_next <sys/types.h>

#ifndef _RESMGR_COMPAT_SYS_TYPES_H
#define _RESMGR_COMPAT_SYS_TYPES_H
#include <sys/platform.h>
#ifndef __off64_t_defined
typedef __off64_t off64_t;
#define __off64_t_defined
#endif
#endif
