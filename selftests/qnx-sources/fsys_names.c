// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a filesystem manager's less common corners: DCMD_FSYS_*
 * answers (<sys/dcmd_blk.h>), an io_space handler with a case for both
 * F_ALLOCSP and F_ALLOCSP64, IOFUNC_ATTR_DIRTY_MASK in its sync, private
 * messages of its own above _IO_MAX (message_attach()), the _IOMGR_*
 * ids of <sys/iomgr.h>, and a held request kept as a rcvid_t.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dcmd_blk.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/iomgr.h>

#define MYFS_MSG_FLUSH	(_IO_MAX + 1)

static iofunc_attr_t root;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static rcvid_t waiting = -1;

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		     iofunc_ocb_t *ocb)
{
	void *data = _DEVCTL_DATA(msg->i);
	int status, nbytes;

	if ((status = iofunc_devctl_default(ctp, msg, ocb)) !=
	    _RESMGR_DEFAULT)
		return status;
	switch (msg->i.dcmd) {
	case DCMD_FSYS_STATVFS: {
		struct statvfs *st = (struct statvfs *)data;

		memset(st, 0, sizeof(*st));
		st->f_bsize = st->f_frsize = 512;
		st->f_namemax = NAME_MAX;
		nbytes = sizeof(*st);
		break;
	}
	case DCMD_FSYS_MOUNTED_ON:
		nbytes = snprintf((char *)data, 256, "/dev/hd0t77") + 1;
		break;
	default:
		return ENOTTY;
	}
	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
}

static int io_space(resmgr_context_t *ctp, io_space_t *msg, iofunc_ocb_t *ocb)
{
	int status;

	if ((status = iofunc_space_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	switch (msg->i.subtype) {
	case F_ALLOCSP:
	case F_ALLOCSP64:
		if (msg->i.start + msg->i.len > ocb->attr->nbytes)
			ocb->attr->nbytes = msg->i.start + msg->i.len;
		break;
	case F_FREESP:
	case F_FREESP64:
		if (msg->i.len == 0)
			ocb->attr->nbytes = msg->i.start;
		break;
	default:
		return EINVAL;
	}
	ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME |
			    IOFUNC_ATTR_DIRTY_SIZE;
	_IO_SET_SPACE_SIZE(ctp, ocb->attr->nbytes);
	return EOK;
}

static int io_sync(resmgr_context_t *ctp, io_sync_t *msg, iofunc_ocb_t *ocb)
{
	int status;

	if ((status = iofunc_sync_verify(ctp, msg, ocb)) != EOK)
		return status;
	ocb->attr->flags &= ~IOFUNC_ATTR_DIRTY_MASK;
	return EOK;
}

static int io_msg(resmgr_context_t *ctp, io_msg_t *msg, iofunc_ocb_t *ocb)
{
	if (msg->i.mgrid != _IOMGR_FSYS)
		return ENOSYS;
	waiting = ctp->rcvid;
	return _RESMGR_NOREPLY;
}

static int flush_msg(message_context_t *ctp, int type, unsigned flags,
		     void *handle)
{
	if (waiting != -1)
		MsgReply(waiting, EOK, NULL, 0);
	waiting = -1;
	return EOK;
}

int main(int argc, char **argv)
{
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	if ((dpp = dispatch_create()) == NULL)
		return EXIT_FAILURE;
	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.devctl = io_devctl;
	io_funcs.space = io_space;
	io_funcs.sync = io_sync;
	io_funcs.msg = io_msg;
	iofunc_attr_init(&root, S_IFDIR | 0755, NULL, NULL);

	if (message_attach(dpp, NULL, MYFS_MSG_FLUSH, MYFS_MSG_FLUSH,
			   flush_msg, NULL) == -1 ||
	    resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/fs/myfs",
			  _FTYPE_ANY, _RESMGR_FLAG_DIR, &connect_funcs,
			  &io_funcs, &root) == -1) {
		perror("attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
