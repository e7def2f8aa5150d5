/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgr: declarations shared by client.c and req.c only.
 */
#ifndef _RESMGR_CLIENT_H
#define _RESMGR_CLIENT_H

struct resmgr_req;

/* req.c: queue an event whose ih.pid and ih.tid the caller has set. */
int resmgr_req_queue_preset(struct resmgr_req *req);

#endif /* _RESMGR_CLIENT_H */
