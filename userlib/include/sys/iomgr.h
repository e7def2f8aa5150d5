/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/iomgr.h> - I/O manager ids (io_msg_t.i.mgrid of an _IO_MSG) and
 * the notification and fdinfo names, which libresmgr keeps in
 * <sys/iomsg.h>.  The ids are libresmgr's own; a manager's private
 * messages use _IOMGR_PRIVATE_BASE to _IOMGR_PRIVATE_MAX.
 */
#ifndef _SYS_IOMGR_H
#define _SYS_IOMGR_H

#include <sys/iomsg.h>

#define _IOMGR_FSYS		0x0002
#define _IOMGR_TCPIP		0x0006
#define _IOMGR_PCCARD		0x0007
#define _IOMGR_PHOTON		0x0008
#define _IOMGR_CAM		0x0009
#define _IOMGR_PCI		0x000a
#define _IOMGR_NETMGR		0x000b
#define _IOMGR_REGISTRY		0x000c
#define _IOMGR_PCAP		0x000d
#define _IOMGR_VIDEO		0x000e
#define _IOMGR_INPUT		0x000f
#define _IOMGR_USB		0x0010
#define _IOMGR_MEDIA		0x0011
#define _IOMGR_DISPLAY		0x0012

#endif /* _SYS_IOMGR_H */
