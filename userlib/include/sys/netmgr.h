/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/netmgr.h> - node descriptors (QNX's Qnet network nodes).
 *
 * Linux has no Qnet: the only node is this one, ND_LOCAL_NODE (0, as
 * QNX documents it).  netmgr_strtond() knows the local node's names
 * ("", "/", "localhost", the host name with or without its domain, and
 * "/net/" + one of those), netmgr_ndtostr() gives them, and any other
 * node is an error.  The ND2S_* values are libresmgr's own.
 */
#ifndef _SYS_NETMGR_H
#define _SYS_NETMGR_H

#include <stddef.h>
#include <sys/resmgr_cdefs.h>

#define ND_LOCAL_NODE		0
/* The node part of a descriptor (the rest would be quality of service). */
#define ND_NODE_MASK		0x0000ffff
#define ND_NODE_CMP(__a, __b) \
	(((__a) & ND_NODE_MASK) - ((__b) & ND_NODE_MASK))

/* netmgr_ndtostr() flags: which parts of the name to give. */
#define ND2S_DIR_SHOW		0x0001u	/* "/" (no Qnet: the root) */
#define ND2S_DIR_HIDE		0x0002u
#define ND2S_QOS_SHOW		0x0004u	/* "~loadbalance" */
#define ND2S_QOS_HIDE		0x0008u
#define ND2S_NAME_SHOW		0x0010u	/* the host name */
#define ND2S_NAME_HIDE		0x0020u
#define ND2S_DOMAIN_SHOW	0x0040u	/* ".domain", after the name */
#define ND2S_DOMAIN_HIDE	0x0080u
#define ND2S_LOCAL_STR		0x0100u	/* the short name */
#define ND2S_SEP_FORCE		0x0200u

__RESMGR_BEGIN_DECLS

/*
 * The node @nodename names: ND_LOCAL_NODE, or -1 with errno ENOENT for
 * any other node.  *@endstr (if not NULL) is set past the node part.
 */
int netmgr_strtond(const char *nodename, char **endstr);
/*
 * The name of node @nd in @buf (@maxbuf bytes, NUL-terminated, cut to
 * fit).  Returns the full length, or -1 with errno EINVAL for a node
 * other than ND_LOCAL_NODE.
 */
int netmgr_ndtostr(unsigned flags, int nd, char *buf, size_t maxbuf);
/* @remote_nd as seen from @local_nd: the local node for local ones. */
int netmgr_remote_nd(int remote_nd, int local_nd);

__RESMGR_END_DECLS

#endif /* _SYS_NETMGR_H */
