/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * What every layer of libresmgr uses: symbol visibility, the sizes of
 * a receive buffer and of a reply's parts, and how to tell whether a
 * QNX handler table provides a handler.
 */
#ifndef _RESMGR_COMMON_H
#define _RESMGR_COMMON_H

#include <stddef.h>
#include <linux/resmgr.h>

#define RM_HIDDEN	__attribute__((visibility("hidden")))


/* Smallest receive buffer, as QNX's msg_max_size counts it. */
#define RM_MSG_MIN	2048
/* ctp->iov[] entries when no attach asked for more. */
#define RM_NPARTS_MIN	4
/* A reply is the out header, an optional body, then the handler's parts. */
#define RM_NPARTS_MAX	(RESMGR_XFER_IOV_MAX - 2)
/*
 * The kernel's headers are longer than the QNX ones they become, so the
 * receive buffer has this much more room than msg_max_size.
 */
#define RM_KSLACK	(sizeof(struct resmgr_in_header) + \
			 sizeof(struct resmgr_connect_in))

#define rm_container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/*
 * Handler tables are "unsigned nfuncs" followed by function pointers;
 * RM_FIRST_FN is where the pointers start.
 */
#define RM_FN_SIZE	sizeof(void (*)(void))
#define RM_FIRST_FN	((sizeof(unsigned) + _Alignof(void (*)(void)) - 1) & \
			 ~(_Alignof(void (*)(void)) - 1))

/* Does a handler table provide this handler (within its nfuncs)? */
#define RM_HAS(tab, member) \
	((tab) && offsetof(__typeof__(*(tab)), member) < \
		  RM_FIRST_FN + (tab)->nfuncs * RM_FN_SIZE && (tab)->member)

#endif /* _RESMGR_COMMON_H */
