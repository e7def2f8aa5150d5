/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <stdlib.h> with QNX's additions (libresmgr compat): libc's own, then,
 * in C only (C++ has std::min and std::max), the min()/max() macros QNX
 * code uses, and their __min()/__max() names.  Each evaluates its
 * arguments twice, as QNX's do.
 */
#include_next <stdlib.h>

#ifndef _RESMGR_COMPAT_STDLIB_H
#define _RESMGR_COMPAT_STDLIB_H

#include <sys/platform.h>

#ifndef __cplusplus
#ifndef max
#define max(__a, __b)	(((__a) > (__b)) ? (__a) : (__b))
#endif
#ifndef min
#define min(__a, __b)	(((__a) < (__b)) ? (__a) : (__b))
#endif
#ifndef __max
#define __max(__a, __b)	max(__a, __b)
#endif
#ifndef __min
#define __min(__a, __b)	min(__a, __b)
#endif
#endif

#endif /* _RESMGR_COMPAT_STDLIB_H */
