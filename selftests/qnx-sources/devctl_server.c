// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a driver's io_devctl handler.  iofunc_devctl_default() gets
 * the first go (DCMD_ALL_*); anything it leaves (_RESMGR_DEFAULT) is the
 * driver's: the data is at _DEVCTL_DATA(msg->i), the reply is msg->o
 * with ret_val, followed by the data, returned with _RESMGR_PTR.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <devctl.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define MYDEV_GET_COUNT	__DIOF(_DCMD_MISC, 0x10, uint32_t)
#define MYDEV_SET_COUNT	__DIOT(_DCMD_MISC, 0x11, uint32_t)
#define MYDEV_ADD	__DIOTF(_DCMD_MISC, 0x12, uint32_t)

static uint32_t count;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;

static int io_devctl(resmgr_context_t *ctp, io_devctl_t *msg,
		     iofunc_ocb_t *ocb)
{
	uint32_t *data;
	int nbytes = 0;
	int status;

	if ((status = iofunc_devctl_default(ctp, msg, ocb)) !=
	    _RESMGR_DEFAULT)
		return status;

	data = (uint32_t *)_DEVCTL_DATA(msg->i);
	switch (msg->i.dcmd) {
	case MYDEV_GET_COUNT:
		*data = count;
		nbytes = sizeof(*data);
		break;
	case MYDEV_SET_COUNT:
		count = *data;
		break;
	case MYDEV_ADD:
		count += *data;
		*data = count;
		nbytes = sizeof(*data);
		break;
	default:
		return ENOSYS;
	}

	memset(&msg->o, 0, sizeof(msg->o));
	msg->o.ret_val = 0;
	msg->o.nbytes = nbytes;
	return _RESMGR_PTR(ctp, &msg->o, sizeof(msg->o) + nbytes);
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
	iofunc_attr_init(&attr, S_IFCHR | 0666, NULL, NULL);

	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/counter",
			  _FTYPE_ANY, 0, &connect_funcs, &io_funcs,
			  &attr) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
