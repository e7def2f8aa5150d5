// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: <sys/dispatch.h> first, then the program's own attribute
 * structure named as IOFUNC_ATTR_T, then <sys/iofunc.h>.  As on QNX,
 * <sys/dispatch.h> (<sys/resmgr.h>) leaves the handler tables' types
 * void, and only <sys/iofunc.h> binds IOFUNC_ATTR_T: no "redefined"
 * warning, handlers declared with RESMGR_HANDLE_T/RESMGR_OCB_T (void
 * here), and ocb->attr of the program's type.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/dispatch.h>

struct device;
#define IOFUNC_ATTR_T	struct device
#include <sys/iofunc.h>

struct device {
	iofunc_attr_t attr;
	int opens;
	char text[32];
};

static struct device device;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

static int io_open(resmgr_context_t *ctp, io_open_t *msg,
		   RESMGR_HANDLE_T *handle, void *extra)
{
	struct device *dev = (struct device *)handle;

	dev->opens++;
	return iofunc_open_default(ctp, msg, &dev->attr, extra);
}

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *vocb)
{
	iofunc_ocb_t *ocb = (iofunc_ocb_t *)vocb;
	struct device *dev = ocb->attr;	/* IOFUNC_ATTR_T * */
	int nbytes = (int)strlen(dev->text);
	int status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	if (ocb->offset >= nbytes)
		nbytes = 0;
	_IO_SET_READ_NBYTES(ctp, nbytes);
	if (nbytes)
		ocb->offset += nbytes;
	return _RESMGR_PTR(ctp, dev->text, nbytes);
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
	connect_funcs.open = io_open;
	io_funcs.read = io_read;

	iofunc_attr_init(&device.attr, S_IFNAM | 0444, NULL, NULL);
	strcpy(device.text, "dispatch.h came first\n");

	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/order",
			  _FTYPE_ANY, 0, &connect_funcs, &io_funcs,
			  &device) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
