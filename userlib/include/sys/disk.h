/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/disk.h> - what a block driver says of a disk's layout, as QNX
 * names it: struct partition_entry, the data of DCMD_BLK_PARTENTRY
 * (<sys/dcmd_blk.h>).  The layout is libresmgr's own.
 */
#ifndef _SYS_DISK_H
#define _SYS_DISK_H

#include <stdint.h>

/* One partition of a disk, as the driver knows it. */
struct partition_entry {
	uint8_t boot_ind;	/* 0x80: bootable */
	uint8_t beg_head;
	uint8_t beg_sector;
	uint8_t beg_cylinder;
	uint8_t os_type;	/* the partition type */
	uint8_t end_head;
	uint8_t end_sector;
	uint8_t end_cylinder;
	uint32_t part_offset;	/* first sector */
	uint32_t part_size;	/* sectors */
};

#endif /* _SYS_DISK_H */
