/* SPDX-License-Identifier: GPL-2.0 */
/*
 * resmgr: internal declarations shared by the files of resmgr.ko.
 *
 * The module is split by concern, like fs/fuse:
 *   main.c   - module init/exit and parameters
 *   chan.c   - the channel device /dev/resmgr (server side)
 *   proto.c  - pure validation and encoding of protocol messages
 */
#ifndef _RESMGR_I_H
#define _RESMGR_I_H

#include <linux/types.h>
#include <linux/resmgr.h>

#define RESMGR_MODULE_VERSION	"0.1.0"

/* Module parameters (main.c) */
extern unsigned long resmgr_max_inflight;

/* proto.c */
int resmgr_hello_negotiate(struct resmgr_hello *hello);
int resmgr_out_header_check(const struct resmgr_out_header *oh, size_t len);

/* chan.c */
int resmgr_chan_init(void);
void resmgr_chan_exit(void);

#endif /* _RESMGR_I_H */
