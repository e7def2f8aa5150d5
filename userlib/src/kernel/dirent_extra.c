// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * The _DEXTRA_* data after a QNX dirent's name (<sys/resmgr_dirent.h>):
 * an entry's type for readdir() from the struct stat a server put
 * there.  The record was checked (d_reclen within the reply) by the
 * caller; it need not be aligned, so it is read with memcpy().
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resmgr_dirent.h>

#include "kernel/kernel_i.h"

unsigned char rm_dirent_extra_type(const void *rec)
{
	const unsigned char *p = rec, *end;
	struct iofunc_dirent d;
	struct dirent_extra x;
	size_t off;
	mode_t mode;

	memcpy(&d, p, offsetof(struct iofunc_dirent, d_name));
	end = p + d.d_reclen;
	off = __DEXTRA_ALIGN(offsetof(struct iofunc_dirent, d_name) +
			     (size_t)d.d_namelen + 1);
	while (p + off + sizeof(x) <= end) {
		memcpy(&x, p + off, sizeof(x));
		if (p + off + sizeof(x) + x.d_datalen > end)
			break;
		if ((x.d_type == _DTYPE_STAT || x.d_type == _DTYPE_LSTAT) &&
		    x.d_datalen >= sizeof(struct stat)) {
			memcpy(&mode, p + off + sizeof(x) +
			       offsetof(struct stat, st_mode), sizeof(mode));
			return IFTODT(mode);
		}
		off += __DEXTRA_ALIGN(sizeof(x) + x.d_datalen);
	}
	return DT_UNKNOWN;
}
