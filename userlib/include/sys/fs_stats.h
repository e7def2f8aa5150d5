/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/fs_stats.h> - a filesystem's counters, the data of
 * DCMD_FSYS_STATISTICS and DCMD_FSYS_STATISTICS_CLR (<sys/dcmd_blk.h>).
 *
 * The layout and the members but the two physical byte counts are
 * libresmgr's own: a filesystem fills what it counts and leaves the rest
 * zero.  Every member has a fixed size, so the command is the same for
 * 32- and 64-bit programs.
 */
#ifndef _SYS_FS_STATS_H
#define _SYS_FS_STATS_H

#include <stdint.h>

#define FS_STATS_VERSION	1u	/* struct fs_stats.s_version */

struct fs_stats {
	uint32_t s_version;		/* FS_STATS_VERSION */
	uint32_t s_zero;
	int64_t s_time_mount;		/* when mounted (s since the epoch) */
	uint64_t s_buf_rphys_bytes;	/* bytes read from the device */
	uint64_t s_buf_wphys_bytes;	/* bytes written to the device */
	uint64_t s_buf_rphys;		/* reads from the device */
	uint64_t s_buf_wphys;		/* writes to the device */
	uint64_t s_buf_rcache;		/* reads answered from the cache */
	uint64_t s_spare[25];		/* zero */
};

#endif /* _SYS_FS_STATS_H */
