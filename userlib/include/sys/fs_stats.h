/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/fs_stats.h> - a filesystem's counters, the data of
 * DCMD_FSYS_STATISTICS and DCMD_FSYS_STATISTICS_CLR (<sys/dcmd_blk.h>).
 *
 * The members have the names QNX programs (fsysinfo-style tools,
 * monitors) read; the layout, the order and FS_STATS_VERSION are
 * libresmgr's own.  A filesystem fills what it counts and leaves the
 * rest zero: nothing fills the structure for it (QNX's io-blk does that
 * for its own filesystems; a resource manager answers the commands from
 * its handlers).  Every member has a fixed size and the 64-bit ones are
 * 8-byte aligned, so the commands are the same for 32- and 64-bit
 * programs; the times are seconds since the epoch in an int64_t, which
 * is the time_t of every 64-bit Linux (copy one into a time_t before
 * handing its address to ctime() elsewhere).
 */
#ifndef _SYS_FS_STATS_H
#define _SYS_FS_STATS_H

#include <stdint.h>

#define FS_STATS_VERSION	2u	/* struct fs_stats.s_version */

struct fs_stats {
	uint32_t s_version;		/* FS_STATS_VERSION */
	uint32_t s_fsys_flags;		/* the mount's flags (_MOUNT_*) */
	int64_t s_time_mount;		/* when mounted */
	int64_t s_time_clr;		/* when the counters were last cleared */

	/* the device below the filesystem and the cache in between */
	uint64_t s_buf_rphys;		/* reads from the device */
	uint64_t s_buf_wphys;		/* writes to the device */
	uint64_t s_buf_readahead;	/* reads done ahead of need */
	uint64_t s_buf_direct;		/* device accesses for O_DIRECT */
	uint64_t s_buf_badblks;		/* device errors */
	uint64_t s_buf_rcache;		/* reads answered from the cache */
	uint64_t s_buf_wcache;		/* writes kept in the cache */
	uint64_t s_buf_mru;		/* cache KiB held as recently used */
	uint64_t s_buf_mfu;		/* cache KiB held as frequently used */
	uint64_t s_buf_rphys_bytes;	/* bytes read from the device */
	uint64_t s_buf_wphys_bytes;	/* bytes written to the device */
	uint64_t s_buf_readahead_bytes;
	uint64_t s_buf_direct_bytes;
	uint64_t s_buf_rcache_bytes;	/* bytes read from the cache */
	uint64_t s_buf_wcache_bytes;	/* bytes written into the cache */
	uint64_t s_buf_io_count;	/* device requests made */
	uint64_t s_buf_io_bytes;	/* their bytes */

	/* the name cache */
	uint64_t s_name_poshits;	/* a name found, and it exists */
	uint64_t s_name_neghits;	/* a name found, known not to exist */
	uint64_t s_name_misses;
	uint64_t s_name_uncacheable;	/* names too long to keep */
	uint64_t s_name_stale;

	/* requests from clients, by kind */
	uint64_t s_syscall_open;
	uint64_t s_syscall_stat;
	uint64_t s_syscall_namei;	/* path lookups */
	uint64_t s_syscall_read;
	uint64_t s_syscall_write;
	uint64_t s_syscall_devctl;
	uint64_t s_syscall_create;
	uint64_t s_syscall_unlink;
	uint64_t s_syscall_trunc;
	uint64_t s_syscall_rename;
	uint64_t s_syscall_owner;	/* chown */
	uint64_t s_syscall_modes;	/* chmod */
	uint64_t s_syscall_sync;
	uint64_t s_syscall_read_bytes;	/* bytes clients read */
	uint64_t s_syscall_write_bytes;	/* bytes clients wrote */

	/* the filesystem's own machinery */
	uint64_t s_map_hits;		/* block-map cache */
	uint64_t s_map_misses;
	uint64_t s_vnode_create;	/* in-memory file objects */
	uint64_t s_vnode_hits;
	uint64_t s_vnode_lock;
	uint64_t s_vnode_recycle;
	uint64_t s_slab_pg_map;		/* pages taken and given back */
	uint64_t s_slab_pg_unmap;
	uint64_t s_tid_pool_create;	/* threads started and ended */
	uint64_t s_tid_pool_destroy;
	uint64_t s_vfs_relearn;		/* media changes seen */
	uint64_t s_vfs_periodic;	/* periodic work done */
	uint64_t s_msg_resume;		/* requests resumed after waiting */

	uint64_t s_spare[16];		/* zero */
};

#endif /* _SYS_FS_STATS_H */
