// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The default unblock handler.
 *
 * QNX's default looks for the blocked request among the attribute's
 * record-lock waiters and fails it with EINTR.  libresmgr keeps no lock
 * waiters yet, so the default leaves the request to whoever holds it:
 * _RESMGR_DEFAULT, and the client stays blocked until the server answers,
 * as on QNX for a request the default does not know.  A server that parks
 * requests (_RESMGR_NOREPLY) installs its own unblock handler and answers
 * MsgError(ctp->rcvid, EINTR) for the one named.
 */
#include <sys/iofunc.h>

int iofunc_unblock(resmgr_context_t *ctp, iofunc_attr_t *attr)
{
	return _RESMGR_DEFAULT;
}

int iofunc_unblock_default(resmgr_context_t *ctp, io_pulse_t *msg,
			   iofunc_ocb_t *ocb)
{
	return iofunc_unblock(ctp, ocb ? ocb->attr : NULL);
}
