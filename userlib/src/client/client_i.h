/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The client side: the ioctl(2) on an open resource-manager file behind
 * devctl() and the other client calls (client_*.c), replaced by the
 * unit tests.
 */
#ifndef _RESMGR_CLIENT_I_H
#define _RESMGR_CLIENT_I_H

#include "common.h"

/* ---------------------------------------------------------- devctl.c */

/*
 * The client's ioctl(2) behind devctl() and the other client calls
 * (client_*.c); the unit tests replace it.
 */
extern RM_HIDDEN int (*rm_devctl_ioctl)(int fd, unsigned long request,
					void *arg);

#endif /* _RESMGR_CLIENT_I_H */
