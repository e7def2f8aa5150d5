/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * <devctl.h> - device control: devctl() and the dcmd encoding.
 *
 * A dcmd is a Linux ioctl(2) request number: __DIOF/__DIOT/__DIOTF/__DION
 * are _IOR/_IOW/_IOWR/_IO, so the command carries its direction and the
 * size of its data (at most _DEVCTL_DATA_MAX bytes, the width of the
 * ioctl size field: 16383 on most architectures), the kernel moves
 * exactly that many bytes each way, and a Linux client may call
 * ioctl(fd, dcmd, &data) instead of devctl().
 *
 *	__DION(class, cmd)		no data
 *	__DIOF(class, cmd, type)	data comes From the device
 *	__DIOT(class, cmd, type)	data goes To the device
 *	__DIOTF(class, cmd, type)	both ways
 *
 * @class and @cmd are 8 bits each (the ioctl "type" and "nr" fields).
 * The _DCMD_* class values are libresmgr's own, taken from the 0xE0-0xEF
 * range that Linux's ioctl-number list leaves unassigned (skipping 0xE5,
 * 0xEC, 0xEE, which are taken, and 0xE7, the resmgr channel's own).
 */
#ifndef _DEVCTL_H_INCLUDED
#define _DEVCTL_H_INCLUDED

#include <sys/resmgr_cdefs.h>
#include <limits.h>		/* QNX's <devctl.h> brings it; sources count on it */
#include <stddef.h>
#include <sys/uio.h>
#include <linux/ioctl.h>
#include <sys/qnx_errno.h>

__RESMGR_BEGIN_DECLS

#define __DION(_class, _cmd)		_IO((_class), (_cmd))
#define __DIOF(_class, _cmd, _data)	_IOR((_class), (_cmd), _data)
#define __DIOT(_class, _cmd, _data)	_IOW((_class), (_cmd), _data)
#define __DIOTF(_class, _cmd, _data)	_IOWR((_class), (_cmd), _data)

/* Direction bits of a dcmd (To: client to device, From: device to client). */
#define _POSIX_DEVDIR_NONE	0u
#define _POSIX_DEVDIR_TO	((unsigned)_IOC_WRITE << _IOC_DIRSHIFT)
#define _POSIX_DEVDIR_FROM	((unsigned)_IOC_READ << _IOC_DIRSHIFT)
#define _POSIX_DEVDIR_TOFROM	(_POSIX_DEVDIR_TO | _POSIX_DEVDIR_FROM)
#define DEVDIR_NONE		_POSIX_DEVDIR_NONE
#define DEVDIR_TO		_POSIX_DEVDIR_TO
#define DEVDIR_FROM		_POSIX_DEVDIR_FROM
#define DEVDIR_TOFROM		_POSIX_DEVDIR_TOFROM

/*
 * Which way a dcmd's data goes; its size, class and command number are
 * _IOC_SIZE(), _IOC_TYPE() and _IOC_NR() of it.
 */
#define get_device_direction(_dcmd)	((unsigned)(_dcmd) & _POSIX_DEVDIR_TOFROM)
/*
 * The command without its direction and size: class and number.  A
 * constant expression of a constant dcmd, so a handler may write
 *	switch (get_device_command(msg->i.dcmd)) {
 *	case get_device_command(DCMD_CHR_TCGETATTR): ...
 * and match a command whatever size or direction the client built it
 * with.
 */
#define get_device_command(_dcmd) \
	((unsigned)(_dcmd) & ((_IOC_TYPEMASK << _IOC_TYPESHIFT) | \
			      (_IOC_NRMASK << _IOC_NRSHIFT)))
/* @_dcmd with its direction bits replaced by @_dir (DEVDIR_*). */
#define set_device_direction(_dcmd, _dir) \
	(((unsigned)(_dcmd) & ~_POSIX_DEVDIR_TOFROM) | \
	 ((unsigned)(_dir) & _POSIX_DEVDIR_TOFROM))

/* Largest data a dcmd can describe. */
#define _DEVCTL_DATA_MAX	((1u << _IOC_SIZEBITS) - 1)

/* Command classes (libresmgr's values, see above). */
#define _DCMD_ALL	0xE8	/* every resource manager: <sys/dcmd_all.h> */
#define _DCMD_FSYS	0xE9
#define _DCMD_BLK	0xEA
#define _DCMD_CHR	0xEB
#define _DCMD_NET	0xED
#define _DCMD_MISC	0xEF	/* the usual choice for a device's own commands */
#define _DCMD_IP	0xE0
#define _DCMD_MIXER	0xE1
#define _DCMD_PROC	0xE2
#define _DCMD_MEM	0xE3
#define _DCMD_INPUT	0xE4
#define _DCMD_CAM	0xE6

/*
 * The data of a devctl message: right after msg->i (or msg->o, which
 * has the same size), as a server handler sees it:
 *	int *p = _DEVCTL_DATA(msg->i);
 */
#ifndef _DEVCTL_DATA
#define _DEVCTL_DATA(_msg)	((void *)((char *)&(_msg) + sizeof(_msg)))
#endif

/*
 * ioctl(fd, dcmd, data).  Returns EOK with *info (if @info is not NULL)
 * set to ioctl()'s return value, or the error number (errno is set to it
 * too).  When @nbytes is smaller than the size the dcmd encodes, the
 * device works on a zero-filled buffer of that size, of which the first
 * @nbytes bytes are copied in and back, so a short buffer is safe.
 */
int devctl(int fd, int dcmd, void *data, size_t nbytes, int *info);

/* POSIX 1003.26's name for devctl(): the same call. */
int posix_devctl(int fd, int dcmd, void *__restrict dev_data_ptr,
		 size_t nbyte, int *__restrict dev_info_ptr);

/*
 * devctl() with the data in pieces: the @sparts parts of @sv are sent
 * (gathered, in order, as one buffer), and what comes back is scattered
 * over the @rparts parts of @rv.  The buffer is the dcmd's size (its
 * _IOC_SIZE()), or as large as the larger of the two vectors if that is
 * bigger.  Returns as devctl().
 */
int devctlv(int fd, int dcmd, int sparts, int rparts,
	    const struct iovec *sv, const struct iovec *rv,
	    int *dev_info_ptr);

__RESMGR_END_DECLS

#include <sys/dcmd_all.h>

#endif /* _DEVCTL_H_INCLUDED */
