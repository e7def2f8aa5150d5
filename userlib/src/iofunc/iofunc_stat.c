// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * stat: a struct stat from an attr, and the default stat handler.
 */
#include <string.h>

#include "kernel/kernel_i.h"

/* st_ino is rm_attr_ino(): the number the kernel's OPEN reply gives. */
int iofunc_stat(resmgr_context_t *ctp, iofunc_attr_t *attr, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = rm_attr_ino(attr);
	st->st_dev = attr->mount ? attr->mount->dev : 0;
	st->st_size = attr->nbytes;
	st->st_blocks = (attr->nbytes + 511) / 512;
	st->st_blksize = attr->mount && attr->mount->blocksize > 0 ?
			 attr->mount->blocksize : 512;
	st->st_mode = attr->mode;
	st->st_nlink = attr->nlink;
	st->st_uid = attr->uid;
	st->st_gid = attr->gid;
	st->st_rdev = attr->rdev;
	st->st_atim.tv_sec = attr->atime;
	st->st_atim.tv_nsec = attr->atime_ns;
	st->st_mtim.tv_sec = attr->mtime;
	st->st_mtim.tv_nsec = attr->mtime_ns;
	st->st_ctim.tv_sec = attr->ctime;
	st->st_ctim.tv_nsec = attr->ctime_ns;
	return EOK;
}

/*
 * iofunc_stat() in the layout asked for in *@format.  There is only one
 * here, the struct stat of the C library, so whatever was asked, that is
 * written: *@format says _STAT_FORM_PREFERRED and *@len its size.
 */
int iofunc_stat_format(resmgr_context_t *ctp, iofunc_attr_t *attr,
		       unsigned *format, struct stat *st, unsigned *len)
{
	int ret = iofunc_stat(ctp, attr, st);

	if (format)
		*format = _STAT_FORM_PREFERRED;
	if (len)
		*len = sizeof(*st);
	return ret;
}

/* The reply is built in the message buffer, which outlives the handler. */
int iofunc_stat_default(resmgr_context_t *ctp, io_stat_t *msg,
			iofunc_ocb_t *ocb)
{
	iofunc_time_update(ocb->attr);
	iofunc_stat(ctp, ocb->attr, &msg->o);
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o));
}
