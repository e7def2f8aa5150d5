/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/dcmd_blk.h> - devctl() commands of block devices (_DCMD_BLK) and
 * filesystems (_DCMD_FSYS), as QNX names them.
 *
 * Each is a Linux ioctl number with the direction and size of its data
 * (<devctl.h>); the command numbers and the structures are libresmgr's
 * own.  The data is at most 16383 bytes, so names travel in fixed
 * 256-byte buffers.  struct statvfs has fields of the size of a long:
 * DCMD_FSYS_STATVFS is a different command for 32- and 64-bit programs.
 */
#ifndef _SYS_DCMD_BLK_H
#define _SYS_DCMD_BLK_H

#include <stdint.h>
#include <sys/statvfs.h>
#include <sys/disk.h>		/* struct partition_entry */
#include <sys/fs_stats.h>	/* struct fs_stats */
#include <devctl.h>

/* Where the open device lies on its disk. */
#define DCMD_BLK_PARTENTRY	__DIOF(_DCMD_BLK, 0x01, struct partition_entry)
/* Forget cached media information and learn it again. */
#define DCMD_BLK_FORCE_RELEARN	__DION(_DCMD_BLK, 0x02)
/* A text description of the partition (NUL-terminated). */
#define DCMD_BLK_PART_DESCRIPTION __DIOF(_DCMD_BLK, 0x03, char[256])

/* The filesystem's statvfs() answer. */
#define DCMD_FSYS_STATVFS	__DIOF(_DCMD_FSYS, 0x01, struct statvfs)
/* The device, the directory and the server of a mount (NUL-terminated). */
#define DCMD_FSYS_MOUNTED_ON	__DIOF(_DCMD_FSYS, 0x02, char[256])
#define DCMD_FSYS_MOUNTED_AT	__DIOF(_DCMD_FSYS, 0x03, char[256])
#define DCMD_FSYS_MOUNTED_BY	__DIOF(_DCMD_FSYS, 0x04, char[256])
/* The mount's option string (NUL-terminated). */
#define DCMD_FSYS_OPTIONS	__DIOF(_DCMD_FSYS, 0x05, char[256])
/* The volume label (NUL-terminated). */
#define DCMD_FSYS_LABEL		__DIOF(_DCMD_FSYS, 0x06, char[256])
/* Allocate a file's space up to the given size in advance. */
#define DCMD_FSYS_PREGROW_FILE	__DIOT(_DCMD_FSYS, 0x07, int64_t)
/* Per-file flags (the filesystem's own bits). */
#define DCMD_FSYS_FILE_FLAGS	__DIOTF(_DCMD_FSYS, 0x08, uint32_t)
/* The filesystem's counters; the second also sets them back to zero. */
#define DCMD_FSYS_STATISTICS	__DIOF(_DCMD_FSYS, 0x09, struct fs_stats)
#define DCMD_FSYS_STATISTICS_CLR __DIOF(_DCMD_FSYS, 0x0a, struct fs_stats)

#endif /* _SYS_DCMD_BLK_H */
