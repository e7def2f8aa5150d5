/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/ftype.h> - the kinds of name a resource manager can serve
 * (resmgr_attach()'s file_type, io_open_t's connect.file_type).
 *
 * The values are libresmgr's own; only the names follow QNX.
 */
#ifndef _SYS_FTYPE_H
#define _SYS_FTYPE_H

enum _file_type {
	_FTYPE_ANY = 0x40,	/* any client request (the usual choice) */
	_FTYPE_FILE,
	_FTYPE_LINK,
	_FTYPE_SYMLINK,
	_FTYPE_PIPE,
	_FTYPE_SHMEM,
	_FTYPE_MQUEUE,
	_FTYPE_SOCKET,
	_FTYPE_SEM,
	_FTYPE_MOUNT,
};

#endif /* _SYS_FTYPE_H */
