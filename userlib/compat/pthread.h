/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <pthread.h> with QNX's additions (libresmgr compat): libc's own, the
 * lazy-stack attribute, the recursive-mutex attribute and static
 * initializer.
 */
#include_next <pthread.h>

#ifndef _RESMGR_COMPAT_PTHREAD_H
#define _RESMGR_COMPAT_PTHREAD_H

#include <sys/platform.h>
#include <sys/resmgr_cdefs.h>

/* pthread_attr_setstacklazy() */
#define PTHREAD_STACK_LAZY	0
#define PTHREAD_STACK_NOTLAZY	1

/* pthread_mutexattr_setrecursive() */
#define PTHREAD_RECURSIVE_DISABLE	0
#define PTHREAD_RECURSIVE_ENABLE	1

/* A statically initialized recursive mutex. */
#if !defined(PTHREAD_RMUTEX_INITIALIZER) && \
	defined(PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP)
#define PTHREAD_RMUTEX_INITIALIZER	PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP
#elif !defined(PTHREAD_RMUTEX_INITIALIZER) && \
	defined(__PTHREAD_MUTEX_INITIALIZER)
#define PTHREAD_RMUTEX_INITIALIZER \
	{ { __PTHREAD_MUTEX_INITIALIZER(PTHREAD_MUTEX_RECURSIVE_NP) } }
#endif

__RESMGR_BEGIN_DECLS

/*
 * Linux commits a thread's stack as it is touched, always: both values
 * are accepted (EINVAL for others), neither changes anything.
 */
int pthread_attr_setstacklazy(pthread_attr_t *attr, int lazystack);
int pthread_attr_getstacklazy(const pthread_attr_t *attr, int *lazystack);
/*
 * PTHREAD_RECURSIVE_ENABLE makes the mutex type PTHREAD_MUTEX_RECURSIVE;
 * DISABLE makes a recursive one PTHREAD_MUTEX_DEFAULT again.
 */
int pthread_mutexattr_setrecursive(pthread_mutexattr_t *attr, int recursive);
int pthread_mutexattr_getrecursive(const pthread_mutexattr_t *attr,
				   int *recursive);

__RESMGR_END_DECLS

#endif /* _RESMGR_COMPAT_PTHREAD_H */
