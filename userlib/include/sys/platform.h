/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/platform.h> - the small names QNX's libc headers bring with
 * them: byte-order macros, the page size, uint_t/int_t, NOFD and
 * __SRCVERSION().  libresmgr's compat headers (<stdlib.h>, <unistd.h>,
 * <sys/types.h>, ...: $(includedir)/resmgr/compat) and <sys/neutrino.h>
 * include it, so a QNX source sees them where it expects.
 */
#ifndef _SYS_PLATFORM_H
#define _SYS_PLATFORM_H

#include <sys/srcversion.h>

/* QNX's compilers say which byte order they build for. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#ifndef __LITTLEENDIAN__
#define __LITTLEENDIAN__	1
#endif
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#ifndef __BIGENDIAN__
#define __BIGENDIAN__		1
#endif
#endif

/*
 * The page size as a constant, for array sizes and alignment.  4096, the
 * page of every x86 and of the usual arm64 kernels; a program that must
 * know the running kernel's asks sysconf(_SC_PAGESIZE).
 */
#ifndef __PAGESIZE
#define __PAGESIZE	4096
#endif

/* "No file descriptor": mmap()'s descriptor for anonymous memory. */
#ifndef NOFD
#define NOFD		(-1)
#endif

#ifndef _RESMGR_UINT_T_DEFINED
#define _RESMGR_UINT_T_DEFINED
typedef unsigned int uint_t;
typedef int int_t;
#endif

#endif /* _SYS_PLATFORM_H */
