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
#include <sys/stat.h>

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

/*
 * Extra data after the name, within d_reclen: what a server knows of
 * each entry without another request.  The first starts at
 * _DEXTRA_FIRST(d), 8-byte aligned after the name's NUL; each is a
 * struct dirent_extra header and d_datalen bytes, the next 8-byte
 * aligned after it.  With _DTYPE_STAT or _DTYPE_LSTAT the data is a
 * struct stat, and the library gives readdir() the entry's type
 * (DT_DIR, DT_REG, ...) from its st_mode instead of DT_UNKNOWN.  A
 * client asks for them with _IO_XFLAG_DIR_EXTRA_HINT in msg->i.xtype
 * (never, from Linux: a handler may add them anyway).  The layouts and
 * values are libresmgr's own.
 */
#define _DTYPE_NONE	0
#define _DTYPE_STAT	1	/* struct stat of the entry */
#define _DTYPE_LSTAT	2	/* ... of the entry itself, not a link's target */

struct dirent_extra {
	uint16_t d_datalen;	/* bytes of data after this header */
	uint16_t d_type;	/* _DTYPE_* */
	uint32_t d_reserved;
};

struct dirent_extra_stat {
	uint16_t d_datalen;	/* sizeof(struct stat) */
	uint16_t d_type;	/* _DTYPE_STAT or _DTYPE_LSTAT */
	uint32_t d_reserved;
	struct stat d_stat;
};

#define __DEXTRA_ALIGN(_n)	(((_n) + 7) & ~(size_t)7)
/* The first extra of dirent @d (a pointer to any QNX dirent type). */
#define _DEXTRA_FIRST(_d) \
	((struct dirent_extra *)((char *)(_d) + \
	 __DEXTRA_ALIGN((size_t)((char *)(_d)->d_name - (char *)(_d)) + \
			(size_t)(_d)->d_namelen + 1)))
/* The extra after @x. */
#define _DEXTRA_NEXT(_x) \
	((struct dirent_extra *)((char *)(_x) + \
	 __DEXTRA_ALIGN(sizeof(struct dirent_extra) + (_x)->d_datalen)))
/* Does extra @x, header and data, lie within dirent @d's record? */
#define _DEXTRA_VALID(_x, _d) \
	((char *)(_x) + sizeof(struct dirent_extra) <= \
	 (char *)(_d) + (_d)->d_reclen && \
	 (char *)(_x) + sizeof(struct dirent_extra) + (_x)->d_datalen <= \
	 (char *)(_d) + (_d)->d_reclen)

/* Bytes of a record with a name of @_namelen and @_extralen bytes of
 * extras (each already a multiple of 8). */
#define IOFUNC_DIRENT_RECLEN_EXTRA(_namelen, _extralen) \
	(__DEXTRA_ALIGN(offsetof(struct iofunc_dirent, d_name) + \
			(_namelen) + 1) + (_extralen))

/*
 * Without libresmgr's <dirent.h> (compat), which makes struct dirent
 * QNX's itself, RESMGR_QNX_DIRENT names this one struct dirent.
 */
#if defined(RESMGR_QNX_DIRENT) && !defined(_RESMGR_COMPAT_DIRENT_H)
#undef dirent
#define dirent iofunc_dirent
#endif

#endif /* _SYS_RESMGR_DIRENT_H */
