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
 * Bytes of request data (write payloads, bounce buffers for replies) one
 * channel, and one client process of it, may hold in the kernel at once
 * (req.c, "The byte budget").  Clients beyond either wait, interruptibly,
 * so a server that stops answering cannot make the kernel grow without
 * bound, and no one client can take a whole channel's budget.  A single
 * read or write is cut to max_client_inflight.  Both are read-only once
 * the module is loaded (0444), so they are read without READ_ONCE.
 */
unsigned long resmgr_max_inflight = 64UL << 20;
module_param_named(max_inflight, resmgr_max_inflight, ulong, 0444);
MODULE_PARM_DESC(max_inflight, "Bytes of request data a channel may hold (default 64 MiB)");

unsigned long resmgr_max_client_inflight = 16UL << 20;
module_param_named(max_client_inflight, resmgr_max_client_inflight, ulong, 0444);
MODULE_PARM_DESC(max_client_inflight, "Bytes of request data one client process may have in flight on a channel (default 16 MiB)");

/*
 * How long a client waiting for its reply, and a server thread waiting
 * for a request, poll before they sleep.  A round trip that completes
 * within it costs no sleep and no wakeup on either side, which is most of
 * its latency (7x under TCG, see Documentation/benchmarks.rst); the poll
 * stops the moment anything else wants the CPU or a signal arrives, and
 * 0 turns it off.
 */
unsigned int resmgr_spin_us = 50;
module_param_named(spin_us, resmgr_spin_us, uint, 0644);
MODULE_PARM_DESC(spin_us, "Microseconds to poll for a reply or request before sleeping (default 50, 0: never)");

/* Deferred unmounting of dead servers' names (chan.c). */
struct workqueue_struct *resmgr_wq;

static int __init resmgr_init(void)
{
	int ret;

	ret = resmgr_req_cache_init();
	if (ret)
		return ret;
	ret = -ENOMEM;
	resmgr_wq = alloc_workqueue("resmgr", 0, 0);
	if (!resmgr_wq)
		goto out_cache;
	ret = resmgr_fs_init();
	if (ret)
		goto out_wq;
	ret = resmgr_chan_init();
	if (ret)
		goto out_fs;
	ret = resmgr_ipc_init();
	if (ret)
		goto out_chan;
	return 0;

out_chan:
	resmgr_chan_exit();
out_fs:
	resmgr_fs_exit();
out_wq:
	destroy_workqueue(resmgr_wq);
out_cache:
	resmgr_req_cache_exit();
	return ret;
}

static void __exit resmgr_exit(void)
{
	resmgr_ipc_exit();
	resmgr_chan_exit();
	resmgr_prio_exit();
	resmgr_fs_exit();
	destroy_workqueue(resmgr_wq);
	resmgr_req_cache_exit();
}

module_init(resmgr_init);
module_exit(resmgr_exit);

MODULE_DESCRIPTION("QNX-style resource managers: paths served by userspace");
MODULE_LICENSE("GPL");
MODULE_VERSION(RESMGR_MODULE_VERSION);
