// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Where the record-lock layer (iofunc_lock.c) gets its memory: every
 * lock record, waiter and list head comes from iofunc_lock_calloc() and
 * goes back through iofunc_lock_free() with the same size.
 *
 * A server may define either function itself (QNX's hook for a lock
 * pool of its own): a program linked with libresmgr.a then never pulls
 * in this file, which holds nothing else, and libresmgr.so calls the
 * program's definition through the PLT.  Define both, or neither.
 */
#include <errno.h>
#include <stdlib.h>

#include "iofunc/iofunc_i.h"

iofunc_lock_list_t *iofunc_lock_calloc(resmgr_context_t *ctp,
				       IOFUNC_OCB_T *ocb, size_t size)
{
	iofunc_lock_list_t *l = calloc(1, size);

	if (!l)
		errno = ENOMEM;
	return l;
}

void iofunc_lock_free(iofunc_lock_list_t *lock, size_t size)
{
	free(lock);
}
