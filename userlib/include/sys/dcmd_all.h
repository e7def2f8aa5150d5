/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <sys/dcmd_all.h> - device commands every resource manager answers
 * (the iofunc layer's iofunc_devctl() does, by default).
 *
 * Class _DCMD_ALL (0xE8) and the command numbers are libresmgr's own.
 */
#ifndef _SYS_DCMD_ALL_H
#define _SYS_DCMD_ALL_H

#include <stdint.h>
#include <sys/types.h>
#include <devctl.h>

/*
 * The open's flags, as fcntl(F_GETFL) gives them: the access mode
 * (O_RDONLY/O_WRONLY/O_RDWR) and the status flags (O_APPEND,
 * O_NONBLOCK, O_SYNC, ...).
 */
#define DCMD_ALL_GETFLAGS	__DIOF(_DCMD_ALL, 0x20, int)

/*
 * Change O_APPEND, O_NONBLOCK, O_SYNC, O_DSYNC and O_RSYNC of the open,
 * as fcntl(F_SETFL); other bits are ignored.  The O_SYNC family is
 * EINVAL unless the server's mount has IOFUNC_PC_SYNC_IO.
 */
#define DCMD_ALL_SETFLAGS	__DIOT(_DCMD_ALL, 0x21, int)

/*
 * QNX's other common commands.  iofunc_devctl_default() does not answer
 * them (the client gets ENOTTY) unless the handler does: the mount's
 * flags, the owner of SIGIO-style notification, and posix_fadvise().
 */
#define DCMD_ALL_GETMOUNTFLAGS	__DIOF(_DCMD_ALL, 0x22, int)
#define DCMD_ALL_GETOWN		__DIOF(_DCMD_ALL, 0x23, pid_t)
#define DCMD_ALL_SETOWN		__DIOT(_DCMD_ALL, 0x24, pid_t)

/* posix_fadvise()'s arguments (libresmgr's layout). */
struct _fadvise {
	int64_t offset;
	int64_t len;
	int32_t advice;		/* POSIX_FADV_* */
	int32_t zero;
};
#define DCMD_ALL_FADVISE	__DIOT(_DCMD_ALL, 0x25, struct _fadvise)

#endif /* _SYS_DCMD_ALL_H */
