/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgr: declarations shared by client.c and req.c only.
 */
#ifndef _RESMGR_CLIENT_H
#define _RESMGR_CLIENT_H

struct resmgr_client;
struct resmgr_req;

/* client.c: opens and connections of a process (ipc.c). */
struct resmgr_chan;
struct resmgr_client *resmgr_client_get(struct resmgr_chan *chan);
void resmgr_client_release(struct resmgr_chan *chan, struct resmgr_client *c,
			   bool known);

/* client.c: the per-client byte budget (req.c), under chan->lock. */
bool resmgr_client_charge(struct resmgr_client *c, size_t bytes, size_t max);
void resmgr_client_uncharge(struct resmgr_client *c, size_t bytes);
void resmgr_client_put(struct resmgr_client *c);

/* req.c: queue an event whose ih.pid and ih.tid the caller has set. */
int resmgr_req_queue_preset(struct resmgr_req *req);

#endif /* _RESMGR_CLIENT_H */
