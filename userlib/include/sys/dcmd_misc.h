/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/dcmd_misc.h> - the _DCMD_MISC class: the usual class for a
 * driver's own commands (__DIOF(_DCMD_MISC, n, type) ...), and the
 * message-queue server's, as QNX names them.
 *
 * libresmgr's own numbers; its commands here use 0xf0 and up, so a
 * driver's own commands keep the numbers below.
 */
#ifndef _SYS_DCMD_MISC_H
#define _SYS_DCMD_MISC_H

#include <mqueue.h>
#include <devctl.h>

/* A message queue's attributes (mq_getattr(), mq_setattr()). */
#define DCMD_MISC_MQGETATTR	__DIOF(_DCMD_MISC, 0xf0, struct mq_attr)
#define DCMD_MISC_MQSETATTR	__DIOT(_DCMD_MISC, 0xf1, struct mq_attr)

#endif /* _SYS_DCMD_MISC_H */
