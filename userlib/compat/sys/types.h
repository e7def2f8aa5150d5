/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/types.h> with QNX's additions (libresmgr compat): libc's own,
 * and uint_t/int_t (<sys/platform.h>).
 */
#include_next <sys/types.h>

#ifndef _RESMGR_COMPAT_SYS_TYPES_H
#define _RESMGR_COMPAT_SYS_TYPES_H
#include <sys/platform.h>
#endif
