// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's pthread attribute extras (<pthread.h>, libresmgr compat).
 */
#include <errno.h>
#include <pthread.h>

int pthread_attr_setstacklazy(pthread_attr_t *attr, int lazystack)
{
	if (lazystack != PTHREAD_STACK_LAZY &&
	    lazystack != PTHREAD_STACK_NOTLAZY)
		return EINVAL;
	return 0;
}

int pthread_attr_getstacklazy(const pthread_attr_t *attr, int *lazystack)
{
	*lazystack = PTHREAD_STACK_LAZY;
	return 0;
}

int pthread_mutexattr_setrecursive(pthread_mutexattr_t *attr, int recursive)
{
	int type, rc;

	switch (recursive) {
	case PTHREAD_RECURSIVE_ENABLE:
		return pthread_mutexattr_settype(attr, PTHREAD_MUTEX_RECURSIVE);
	case PTHREAD_RECURSIVE_DISABLE:
		rc = pthread_mutexattr_gettype(attr, &type);
		if (rc || type != PTHREAD_MUTEX_RECURSIVE)
			return rc;
		return pthread_mutexattr_settype(attr, PTHREAD_MUTEX_DEFAULT);
	default:
		return EINVAL;
	}
}

int pthread_mutexattr_getrecursive(const pthread_mutexattr_t *attr,
				   int *recursive)
{
	int type, rc;

	rc = pthread_mutexattr_gettype(attr, &type);
	if (rc == 0)
		*recursive = type == PTHREAD_MUTEX_RECURSIVE ?
			PTHREAD_RECURSIVE_ENABLE : PTHREAD_RECURSIVE_DISABLE;
	return rc;
}
