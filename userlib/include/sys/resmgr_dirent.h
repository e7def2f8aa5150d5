/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/resmgr_dirent.h> - the directory entries a QNX server's read
 * handler builds for a readdir() of one of its directories.
 *
 * On QNX these are <dirent.h>'s struct dirent, whose fields d_offset and
 * d_namelen glibc's struct dirent does not have; it cannot be redefined
 * without breaking <dirent.h>, so libresmgr names it struct
 * iofunc_dirent.  A server that uses no <dirent.h> of its own can keep
 * writing "struct dirent" by defining RESMGR_QNX_DIRENT before including
 * this header (after <dirent.h>, if that is included at all).
 *
 * The read handler of a directory OCB (an iofunc OCB of an S_IFDIR attr,
 * or one resmgr_open_mode() said is a directory) fills records from
 * ocb->offset on, as many whole ones as fit in msg->i.nbytes, advances
 * ocb->offset past them, and replies their bytes (_IO_SET_READ_NBYTES,
 * _RESMGR_PTR); 0 bytes is the end of the directory.  Per record:
 *   d_ino	the inode number (0: the kernel makes one up)
 *   d_offset	the position of this entry: reading from it again starts
 *		with it (telldir()/seekdir()); >= 0
 *   d_reclen	the record's size: IOFUNC_DIRENT_RECLEN(d_namelen)
 *   d_namelen	strlen(d_name), 1 to 255
 *   d_name	the name, NUL-terminated
 * The library hands them to the kernel as struct resmgr_dirent; the
 * entry after the last one starts at ocb->offset after the handler (for
 * a non-iofunc OCB: the last d_offset + 1).  Replies the handler sends
 * itself (MsgReply()) are not translated.
 */
#ifndef _SYS_RESMGR_DIRENT_H
#define _SYS_RESMGR_DIRENT_H

#include <stddef.h>
#include <stdint.h>

struct iofunc_dirent {
	uint64_t d_ino;
	int64_t d_offset;
	int16_t d_reclen;
	int16_t d_namelen;
	char d_name[1];
};

/* Bytes of a record whose name is @_namelen long, NUL and padding included. */
#define IOFUNC_DIRENT_RECLEN(_namelen) \
	((offsetof(struct iofunc_dirent, d_name) + (_namelen) + 1 + 7) & \
	 ~(size_t)7)

#ifdef RESMGR_QNX_DIRENT
#define dirent iofunc_dirent
#endif

#endif /* _SYS_RESMGR_DIRENT_H */
