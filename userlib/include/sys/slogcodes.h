/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/slogcodes.h> - major codes for slogf()'s _SLOG_SETCODE(major,
 * minor): which subsystem a message is from.  The names are QNX's; the
 * values libresmgr's own.  An application's own codes go from
 * _SLOGC_PRIVATE_START to _SLOGC_PRIVATE_END (_SLOGC_TEST is the first).
 */
#ifndef _SYS_SLOGCODES_H
#define _SYS_SLOGCODES_H

#define _SLOGC_SYSTEM		1	/* the kernel and process manager */
#define _SLOGC_CHAR		2	/* character devices (devc-*) */
#define _SLOGC_BLK		3	/* block devices, disks */
#define _SLOGC_FS		4	/* filesystems */
#define _SLOGC_NETWORK		5
#define _SLOGC_GRAPHICS		6
#define _SLOGC_INPUT		7	/* keyboards, mice, touch */
#define _SLOGC_AUDIO		8
#define _SLOGC_PRINTER		9
#define _SLOGC_USB		10
#define _SLOGC_PCI		11
#define _SLOGC_MISC		12

#define _SLOGC_PRIVATE_START	10000
#define _SLOGC_PRIVATE_END	19999
#define _SLOGC_TEST		(_SLOGC_PRIVATE_START + 0)

#endif /* _SYS_SLOGCODES_H */
