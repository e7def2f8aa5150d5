/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/mman.h> with QNX's additions (libresmgr compat): libc's own, and
 * NOFD (<sys/platform.h>) for anonymous mappings.  The physical-memory
 * calls (mmap_device_memory(), MAP_PHYS, ...) are hardware access, not
 * here.
 */
#include_next <sys/mman.h>

#ifndef _RESMGR_COMPAT_SYS_MMAN_H
#define _RESMGR_COMPAT_SYS_MMAN_H
#include <sys/platform.h>
#endif
