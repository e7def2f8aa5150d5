// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * iofunc_close_ocb(): the work of the default close_ocb handler, for a
 * handler of one's own that does more first (as on QNX).
 */
#include "kernel/kernel_i.h"

int iofunc_close_ocb(resmgr_context_t *ctp, iofunc_ocb_t *ocb,
		     iofunc_attr_t *attr)
{
	if (!ocb || (attr && attr != (iofunc_attr_t *)ocb->attr))
		return EINVAL;
	return iofunc_close_ocb_default(ctp, NULL, ocb);
}
