// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a filesystem that keeps the counters of <sys/fs_stats.h>
 * and answers DCMD_FSYS_STATISTICS (the counters) and
 * DCMD_FSYS_STATISTICS_CLR (the counters, then zeroed, s_time_clr set),
 * as QNX filesystems do for fsysinfo: each handler counts its request
 * (s_syscall_*), the bytes clients move (s_syscall_*_bytes) and what
 * reaches its "device", a buffer behind a one-block cache (s_buf_*).
 * One file, /fs/stats/data by default, attached as the whole tree.
 *
 * A server: selftests/corpus_test runs it in the VM, with fsys_info.c,
 * the client side.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/dcmd_blk.h>
#include <sys/fs_stats.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define DISK_SIZE	(64 * 1024)
#define BLOCK		4096

static char disk[DISK_SIZE];
static long cached_block = -1;	/* the block the cache holds */
static struct fs_stats stats;
static iofunc_attr_t file_attr;
static iofunc_mount_t mount_info;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

/* Through the cache: a block not in it is read from the "device". */
static void touch_block(long block, int writing)
{
	if (block == cached_block) {
		if (writing)
			stats.s_buf_wcache++;
		else
			stats.s_buf_rcache++;
		return;
	}
	cached_block = block;
	stats.s_buf_rphys++;
	stats.s_buf_rphys_bytes += BLOCK;
	stats.s_buf_io_count++;
	stats.s_buf_io_bytes += BLOCK;
}

static int io_open(resmgr_context_t *ctp, io_open_t *msg,
		   iofunc_attr_t *attr, void *extra)
{
	stats.s_syscall_namei++;
	stats.s_syscall_open++;
	if (msg->connect.ioflag & O_CREAT)
		stats.s_syscall_create++;
	return iofunc_open_default(ctp, msg, attr, extra);
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, iofunc_ocb_t *ocb)
{
	size_t nbytes;
	int nonblock, status;
	off_t off;

	if ((status = iofunc_read_verify(ctp, msg, ocb, &nonblock)) != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	stats.s_syscall_read++;
	off = ocb->offset;
	nbytes = off < ocb->attr->nbytes ? ocb->attr->nbytes - off : 0;
	if (nbytes > _IO_READ_GET_NBYTES(msg))
		nbytes = _IO_READ_GET_NBYTES(msg);
	_IO_SET_READ_NBYTES(ctp, nbytes);
	ocb->attr->flags |= IOFUNC_ATTR_ATIME;
	if (nbytes == 0)
		return _RESMGR_NPARTS(0);
	touch_block(off / BLOCK, 0);
	stats.s_syscall_read_bytes += nbytes;
	stats.s_buf_rcache_bytes += nbytes;
	SETIOV(ctp->iov, disk + off, nbytes);
	ocb->offset += nbytes;
	return _RESMGR_NPARTS(1);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, iofunc_ocb_t *ocb)
{
	size_t nbytes = _IO_WRITE_GET_NBYTES(msg);
	int status;
	off_t off;

	if ((status = iofunc_write_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	stats.s_syscall_write++;
	off = (ocb->ioflag & O_APPEND) ? ocb->attr->nbytes : ocb->offset;
	if (off + (off_t)nbytes > DISK_SIZE)
		return ENOSPC;
	if (resmgr_msgread(ctp, disk + off, nbytes, sizeof(msg->i)) !=
	    (ssize_t)nbytes)
		return EFAULT;
	if (nbytes)
		touch_block(off / BLOCK, 1);
	/* written through to the device at once */
	stats.s_buf_wphys++;
	stats.s_buf_wphys_bytes += nbytes;
	stats.s_buf_wcache_bytes += nbytes;
	stats.s_syscall_write_bytes += nbytes;
	ocb->offset = off + nbytes;
	if (ocb->offset > ocb->attr->nbytes)
		ocb->attr->nbytes = ocb->offset;
	_IO_SET_WRITE_NBYTES(ctp, nbytes);
	ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return _RESMGR_NPARTS(0);
}

static int io_stat(resmgr_context_t *ctp, io_stat_t *msg, iofunc_ocb_t *ocb)
{
	stats.s_syscall_stat++;
	return iofunc_stat_default(ctp, msg, ocb);
}

static int io_chmod(resmgr_context_t *ctp, io_chmod_t *msg,
		    iofunc_ocb_t *ocb)
{
	stats.s_syscall_modes++;
	return iofunc_chmod_default(ctp, msg, ocb);
}

static int io_chown(resmgr_context_t *ctp, io_chown_t *msg,
		    iofunc_ocb_t *ocb)
{
	stats.s_syscall_owner++;
	return iofunc_chown_default(ctp, msg, ocb);
}

static int io_space(resmgr_context_t *ctp, io_space_t *msg,
		    iofunc_ocb_t *ocb)
{
	int status;

	if ((status = iofunc_space_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	if ((msg->i.subtype != F_FREESP && msg->i.subtype != F_FREESP64) ||
	    msg->i.len != 0 || msg->i.start > DISK_SIZE)
		return EINVAL;
	stats.s_syscall_trunc++;
	ocb->attr->nbytes = msg->i.start;
	ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	_IO_SET_SPACE_SIZE(ctp, ocb->attr->nbytes);
	return EOK;
}

static int io_sync(resmgr_context_t *ctp, io_sync_t *msg, iofunc_ocb_t *ocb)
{
	stats.s_syscall_sync++;
	return iofunc_sync_default(ctp, msg, ocb);
}

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		     iofunc_ocb_t *ocb)
{
	void *data = _DEVCTL_DATA(msg->i);
	int nbytes = 0, status;

	stats.s_syscall_devctl++;
	if ((status = iofunc_devctl_default(ctp, msg, ocb)) !=
	    _RESMGR_DEFAULT)
		return status;
	switch (msg->i.dcmd) {
	case DCMD_FSYS_STATISTICS:
	case DCMD_FSYS_STATISTICS_CLR:
		stats.s_version = FS_STATS_VERSION;
		stats.s_fsys_flags = mount_info.flags;
		memcpy(data, &stats, sizeof(stats));
		nbytes = sizeof(stats);
		if (msg->i.dcmd == DCMD_FSYS_STATISTICS_CLR) {
			int64_t mounted = stats.s_time_mount;

			memset(&stats, 0, sizeof(stats));
			stats.s_time_mount = mounted;
			stats.s_time_clr = time(NULL);
		}
		break;
	case DCMD_FSYS_STATVFS: {
		struct statvfs *st = (struct statvfs *)data;

		memset(st, 0, sizeof(*st));
		st->f_bsize = st->f_frsize = BLOCK;
		st->f_blocks = DISK_SIZE / BLOCK;
		st->f_bfree = st->f_bavail =
			(DISK_SIZE - file_attr.nbytes) / BLOCK;
		st->f_files = 1;
		st->f_namemax = NAME_MAX;
		nbytes = sizeof(*st);
		break;
	}
	default:
		return ENOTTY;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

int main(int argc, char **argv)
{
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	if ((dpp = dispatch_create()) == NULL) {
		perror("dispatch_create");
		return EXIT_FAILURE;
	}
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = io_open;
	io_funcs.read = io_read;
	io_funcs.write = io_write;
	io_funcs.stat = io_stat;
	io_funcs.chmod = io_chmod;
	io_funcs.chown = io_chown;
	io_funcs.space = io_space;
	io_funcs.sync = io_sync;
	io_funcs.devctl = io_devctl;

	memset(&mount_info, 0, sizeof(mount_info));
	mount_info.conf = IOFUNC_PC_SYNC_IO;
	iofunc_attr_init(&file_attr, S_IFREG | 0644, NULL, NULL);
	file_attr.mount = &mount_info;
	stats.s_time_mount = time(NULL);

	if (resmgr_attach(dpp, &resmgr_attr,
			  argc > 1 ? argv[1] : "/fs/stats/data", _FTYPE_ANY, 0,
			  &connect_funcs, &io_funcs, &file_attr) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
