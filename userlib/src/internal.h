/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every private header of libresmgr, for the unit tests, which reach
 * into all the layers.  The library's own files include only the
 * header of their layer and of the layers below it:
 *
 *   common.h                 visibility, buffer sizes, RM_HAS()
 *   kernel/kernel_i.h        /dev/resmgr and its wire format
 *   client/client_i.h        the client's ioctl(2)
 *   resmgr/resmgr_i.h        attaches, bindings, held requests, replies
 *   dispatch/dispatch_i.h    dispatch_t and its contexts
 *   dispatch/dispatch_ext.h  pulses, private messages, select, wakes
 *   neutrino/nto.h           events, timers, TimerTimeout()
 *   iofunc/iofunc_i.h        the POSIX layer's shared helpers
 *
 * userlib/README.md ("Layers") says which layer may use which, and
 * tools/check-layers checks it.
 *
 * How a request flows:
 *
 *   dispatch_block()   RESMGR_IOC_XFER: send the reply still pending on the
 *                      context (if any) and receive the next request into
 *                      the context's buffer; rm_ctx_begin() records it as
 *                      a held request (struct rm_req).
 *   dispatch_handler() rm_route(): translate the kernel's message into the
 *                      QNX message the handler expects (decode.c), find
 *                      the OCB from the kernel's handle (binding.c), call
 *                      the handler, and turn its return value into a reply
 *                      (reply.c) that stays pending on the context.
 *
 * A held request can be replied to once, by whoever claims it first: the
 * library after the handler returns, or MsgReply()/MsgError() from the
 * handler or from any other thread (held.c).
 *
 * The kernel is reached only through rm_ioctl (transport.c), which the
 * unit tests replace.
 */
#ifndef _RESMGR_INTERNAL_H
#define _RESMGR_INTERNAL_H

#include "common.h"
#include "kernel/kernel_i.h"
#include "client/client_i.h"
#include "resmgr/resmgr_i.h"
#include "dispatch/dispatch_i.h"
#include "dispatch/dispatch_ext.h"
#include "neutrino/nto.h"
#include "iofunc/iofunc_i.h"

#endif /* _RESMGR_INTERNAL_H */
