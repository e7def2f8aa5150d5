// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The default unblock handler.
 *
 * As on QNX, the default looks for the signalled request among the
 * attr's record-lock waiters (F_SETLKW, iofunc_lock()) and fails it with
 * EINTR.  Any other request is left to whoever holds it: _RESMGR_DEFAULT,
 * and the client stays blocked until the server answers.  A server that
 * parks requests of its own (_RESMGR_NOREPLY) installs its own unblock
 * handler and answers MsgError(ctp->rcvid, EINTR) for the one named.
 */
#include <errno.h>

#include "iofunc/iofunc_i.h"

int iofunc_unblock(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	bool waiter;

	if (!attr)
		return _RESMGR_DEFAULT;
	rm_attr_lock(attr);
	waiter = rm_lock_unblock(attr, ctp->rcvid);
	rm_attr_unlock(attr);
	if (!waiter)
		return _RESMGR_DEFAULT;
	MsgError(ctp->rcvid, EINTR);
	return _RESMGR_NOREPLY;
}

int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
			   iofunc_ocb_t *ocb)
{
	return iofunc_unblock(ctp, ocb ? ocb->attr : NULL);
}
