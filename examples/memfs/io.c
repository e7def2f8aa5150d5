// SPDX-License-Identifier: GPL-2.0
/*
 * memfs I/O handlers: file data (read, write, space), directory reads
 * as QNX struct dirent records, and the last close.  Everything else
 * (stat, chmod, chown, utime, lseek, ...) is the iofunc default working
 * on the node's attr.  I/O handlers run with the attr lock held, which
 * is the tree lock (memfs.c).
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/stat.h>

#include "memfs.h"

/* QNX's struct dirent, which glibc's <dirent.h> (not used here) lacks. */
#if __has_include(<sys/resmgr_dirent.h>)
#define RESMGR_QNX_DIRENT
#include <sys/resmgr_dirent.h>
#define MEMFS_HAVE_DIRENT 1
#endif

#define MEMFS_DIRBUF	16384

/* Where this read or write is: pread/pwrite carry their own offset. */
static int64_t rw_offset(uint32_t xtype, const void *hdr_end, int64_t cur)
{
	if ((xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		return ((const struct _xtype_offset *)hdr_end)->offset;
	return cur;
}

#ifdef MEMFS_HAVE_DIRENT
/* Append one QNX dirent for @name at position @pos; its size or 0. */
static size_t put_dirent(char *buf, size_t room, const char *name,
			 const struct memfs_node *node, int64_t pos)
{
	size_t len = strlen(name);
	size_t reclen = IOFUNC_DIRENT_RECLEN(len);
	struct dirent *d = (struct dirent *)buf;

	if (reclen > room)
		return 0;
	memset(d, 0, reclen);
	d->d_ino = node->attr.inode ? node->attr.inode :
				      (ino_t)(uintptr_t)&node->attr;
	d->d_offset = pos;
	d->d_reclen = reclen;
	d->d_namelen = len;
	memcpy(d->d_name, name, len + 1);
	return reclen;
}

/*
 * A directory read: records from the open's position on ("." is 0, ".." 1,
 * then each entry's cookie), as many as fit the client's buffer.
 */
static int read_dir(resmgr_context_t *ctp, io_read_t *msg,
		    iofunc_ocb_t *ocb)
{
	int64_t pos = ocb->offset;
	static __thread char buf[MEMFS_DIRBUF];
	struct memfs_node *dir = ocb->attr;
	size_t room = _IO_READ_GET_NBYTES(msg), used = 0, n;
	struct memfs_entry *e;

	if (room > sizeof(buf))
		room = sizeof(buf);
	if (pos == 0) {
		n = put_dirent(buf, room, ".", dir, 0);
		if (!n)
			goto full;
		used += n;
		pos = 1;
	}
	if (pos == 1) {
		n = put_dirent(buf + used, room - used, "..",
			       dir->parent ? dir->parent : dir, 1);
		if (!n)
			goto full;
		used += n;
		pos = MEMFS_FIRST_COOKIE;
	}
	for (e = dir->u.dir.entries; e; e = e->next) {
		if (e->cookie < pos)
			continue;
		n = put_dirent(buf + used, room - used, e->name, e->node,
			       e->cookie);
		if (!n) {
			pos = e->cookie;
			goto full;
		}
		used += n;
	}
	pos = dir->u.dir.next_cookie;
full:
	if (used == 0 && room > 0 && (e || pos < MEMFS_FIRST_COOKIE))
		return EINVAL;		/* the buffer holds not even one */
	ocb->offset = pos;
	memfs_touch(dir, IOFUNC_ATTR_ATIME);
	_IO_SET_READ_NBYTES(ctp, used);
	return _RESMGR_PTR(ctp, buf, used);
}
#endif

static int io_read(resmgr_context_t *ctp, io_read_t *msg, iofunc_ocb_t *ocb)
{
	struct memfs_node *node = ocb->attr;
	size_t want = _IO_READ_GET_NBYTES(msg), n;
	int64_t off;
	int err;

	err = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (err)
		return err;
	if (S_ISDIR(node->attr.mode)) {
#ifdef MEMFS_HAVE_DIRENT
		return read_dir(ctp, msg, ocb);
#else
		return EISDIR;
#endif
	}
	off = rw_offset(msg->i.xtype, &msg->i + 1, ocb->offset);
	if (off < 0)
		return EINVAL;
	if (!S_ISREG(node->attr.mode))
		return EINVAL;
	n = off < node->attr.nbytes ? (size_t)(node->attr.nbytes - off) : 0;
	if (n > want)
		n = want;
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset = off + n;
	memfs_touch(node, IOFUNC_ATTR_ATIME);
	_IO_SET_READ_NBYTES(ctp, n);
	if (n == 0)
		return _RESMGR_NPARTS(0);
	return _RESMGR_PTR(ctp, node->u.file.data + off, n);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, iofunc_ocb_t *ocb)
{
	struct memfs_node *node = ocb->attr;
	size_t nbytes = _IO_WRITE_GET_NBYTES(msg), skip = sizeof(msg->i);
	int64_t off, old;
	ssize_t got;
	int err;

	err = iofunc_write_verify(ctp, msg, ocb, NULL);
	if (err)
		return err;
	if (!S_ISREG(node->attr.mode))
		return EINVAL;
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_OFFSET)
		skip += sizeof(struct _xtype_offset);
	else if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;
	off = rw_offset(msg->i.xtype, &msg->i + 1, ocb->offset);
	if (off < 0 || (uint64_t)off + nbytes > (uint64_t)MEMFS_FILE_MAX)
		return EFBIG;
	old = node->attr.nbytes;
	if (off + (int64_t)nbytes > old) {
		err = memfs_file_resize(node, off + nbytes);
		if (err)
			return err;
	}
	got = resmgr_msgread(ctp, node->u.file.data + off, nbytes, skip);
	/* A short read of the client's data: the file ends where it did. */
	if (got < (ssize_t)nbytes && off + (int64_t)nbytes > old)
		memfs_file_resize(node, old > off + (got > 0 ? got : 0) ?
				  old : off + (got > 0 ? got : 0));
	if (got < 0)
		return errno;
	if ((msg->i.xtype & _IO_XTYPE_MASK) == _IO_XTYPE_NONE)
		ocb->offset = off + got;
	if (got > 0)
		memfs_touch(node, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	_IO_SET_WRITE_NBYTES(ctp, got);
	return _RESMGR_NPARTS(0);
}

/* ftruncate(), truncate(), fallocate(). */
static int io_space(resmgr_context_t *ctp, io_space_t *msg, iofunc_ocb_t *ocb)
{
	struct memfs_node *node = ocb->attr;
	int64_t end;
	int err;

	err = iofunc_space_verify(ctp, msg, ocb, NULL);
	if (err)
		return err;
	if (!S_ISREG(node->attr.mode))
		return EINVAL;
	if (msg->i.start < 0 || msg->i.len < 0)
		return EINVAL;
	if (msg->i.subtype == F_FREESP64 && msg->i.len == 0) {
		err = memfs_file_resize(node, msg->i.start);
	} else if (msg->i.subtype == F_ALLOCSP64) {
		end = msg->i.start + msg->i.len;
		err = EOK;
		if (end > node->attr.nbytes &&
		    !(msg->i.flags & _IO_SPACE_KEEP_SIZE))
			err = memfs_file_resize(node, end);
	} else if (msg->i.subtype == F_FREESP64) {
		/* Punch: zero the range inside the file. */
		end = msg->i.start + msg->i.len;
		if (end > node->attr.nbytes)
			end = node->attr.nbytes;
		if (msg->i.start < end)
			memset(node->u.file.data + msg->i.start, 0,
			       end - msg->i.start);
	} else {
		return EINVAL;
	}
	if (err)
		return err;
	memfs_touch(node, IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME);
	_IO_SET_SPACE_SIZE(ctp, node->attr.nbytes);
	return EOK;
}

/* The last close of an open: an unlinked node may go now. */
static int io_close_ocb(resmgr_context_t *ctp, void *reserved,
			iofunc_ocb_t *ocb)
{
	struct memfs_node *node = ocb->attr;
	int err;

	memfs_lock();
	err = iofunc_close_ocb_default(ctp, reserved, ocb);
	memfs_node_put(node);
	memfs_unlock();
	return err;
}

void memfs_io_init(resmgr_io_funcs_t *io)
{
	io->read = io_read;
	io->write = io_write;
	io->space = io_space;
	io->close_ocb = io_close_ocb;
}
