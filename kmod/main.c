// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: QNX-style resource managers on Linux.
 *
 * Module entry points and tunables.  Everything else lives in the file
 * named after its concern (see resmgr_i.h).
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "resmgr_i.h"

/*
 * Bytes of request data (write payloads, read replies) one channel may
 * hold in the kernel at once.  Clients beyond it wait, killably, so a
 * server that stops answering cannot make the kernel grow without bound.
 */
unsigned long resmgr_max_inflight = 64UL << 20;
module_param_named(max_inflight, resmgr_max_inflight, ulong, 0444);
MODULE_PARM_DESC(max_inflight, "Bytes of request data a channel may hold (default 64 MiB)");

static int __init resmgr_init(void)
{
	return resmgr_chan_init();
}

static void __exit resmgr_exit(void)
{
	resmgr_chan_exit();
}

module_init(resmgr_init);
module_exit(resmgr_exit);

MODULE_DESCRIPTION("QNX-style resource managers: paths served by userspace");
MODULE_LICENSE("GPL");
MODULE_VERSION(RESMGR_MODULE_VERSION);
