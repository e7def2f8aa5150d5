// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: "Extending the POSIX-layer data structures".  IOFUNC_ATTR_T
 * and IOFUNC_OCB_T name the program's own structures (the iofunc ones
 * first in each) before <sys/iofunc.h>; an iofunc_funcs_t in the mount
 * allocates and frees the larger OCBs; handlers take the extended types
 * and hand the iofunc helpers the embedded base structures.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct device;
struct ocb;
#define IOFUNC_ATTR_T	struct device
#define IOFUNC_OCB_T	struct ocb
#include <sys/iofunc.h>
#include <sys/dispatch.h>

struct ocb {
	iofunc_ocb_t hdr;		/* must be first */
	struct ocb *next;
	unsigned reads;
};

struct device {
	iofunc_attr_t attr;		/* must be first */
	struct ocb *opens;
	unsigned total_reads;
};

static IOFUNC_OCB_T *ocb_calloc(resmgr_context_t *ctp, IOFUNC_ATTR_T *dev)
{
	struct ocb *ocb = (struct ocb *)calloc(1, sizeof(*ocb));

	if (ocb == NULL)
		return NULL;
	ocb->next = dev->opens;
	dev->opens = ocb;
	return ocb;
}

static void ocb_free(IOFUNC_OCB_T *ocb)
{
	struct device *dev = ocb->hdr.attr;
	struct ocb **pp;

	for (pp = &dev->opens; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == ocb) {
			*pp = ocb->next;
			break;
		}
	}
	free(ocb);
}

static iofunc_funcs_t ocb_funcs = {
	_IOFUNC_NFUNCS, ocb_calloc, ocb_free, NULL, NULL, NULL
};
static iofunc_mount_t mountpoint;
static struct device device;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int status;

	if ((status = iofunc_read_verify(ctp, msg, &ocb->hdr, NULL)) != EOK)
		return status;
	ocb->reads++;
	ocb->hdr.attr->total_reads++;
	_IO_SET_READ_NBYTES(ctp, 0);
	return _RESMGR_NPARTS(0);
}

static int io_open(resmgr_context_t *ctp, io_open_t *msg,
		   RESMGR_HANDLE_T *handle, void *extra)
{
	return iofunc_open_default(ctp, msg, &handle->attr, extra);
}

int main(int argc, char **argv)
{
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	if ((dpp = dispatch_create()) == NULL)
		return EXIT_FAILURE;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	connect_funcs.open = io_open;
	io_funcs.read = io_read;

	mountpoint.funcs = &ocb_funcs;
	iofunc_attr_init(&device.attr, S_IFCHR | 0644, NULL, NULL);
	device.attr.mount = &mountpoint;

	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;
	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/extended",
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
