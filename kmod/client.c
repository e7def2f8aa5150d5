// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr: the client processes of a channel.
 *
 * Placeholder: the DISCONNECT event is being written.
 */
#include "resmgr_i.h"

void resmgr_chan_clients_init(struct resmgr_chan *chan)
{
	hash_init(chan->clients);
}

int resmgr_client_attach(struct resmgr_ocb *ocb)
{
	return 0;
}

void resmgr_client_detach(struct resmgr_ocb *ocb)
{
}
