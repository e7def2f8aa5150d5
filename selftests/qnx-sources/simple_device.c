// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: the single-threaded device resource manager of QNX's
 * "Writing a resource manager" chapter: <sys/iofunc.h> before
 * <sys/dispatch.h>, the iofunc defaults with read and write handlers of
 * our own, one name attached, and the dispatch_block()/dispatch_handler()
 * loop.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;

static const char greeting[] = "greetings from a QNX-style device\n";
static char last_write[64];

static int io_read(resmgr_context_t *ctp, io_read_t *msg, iofunc_ocb_t *ocb)
{
	size_t left, nbytes;
	int nonblock;
	int status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, &nonblock)) != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;

	left = ocb->offset < (off_t)strlen(greeting) ?
		strlen(greeting) - ocb->offset : 0;
	nbytes = _IO_READ_GET_NBYTES(msg) < left ?
		_IO_READ_GET_NBYTES(msg) : left;
	_IO_SET_READ_NBYTES(ctp, nbytes);
	if (nbytes == 0)
		return _RESMGR_NPARTS(0);

	SETIOV(ctp->iov, greeting + ocb->offset, nbytes);
	ocb->offset += nbytes;
	ocb->attr->flags |= IOFUNC_ATTR_ATIME;
	return _RESMGR_NPARTS(1);
}

static int io_write(resmgr_context_t *ctp, io_write_t *msg, iofunc_ocb_t *ocb)
{
	size_t nbytes;
	int status;

	if ((status = iofunc_write_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	if ((msg->i.xtype & _IO_XTYPE_MASK) != _IO_XTYPE_NONE)
		return ENOSYS;

	nbytes = _IO_WRITE_GET_NBYTES(msg);
	if (nbytes >= sizeof(last_write))
		nbytes = sizeof(last_write) - 1;
	if (resmgr_msgread(ctp, last_write, nbytes, sizeof(msg->i)) < 0)
		return errno;
	last_write[nbytes] = '\0';

	_IO_SET_WRITE_NBYTES(ctp, _IO_WRITE_GET_NBYTES(msg));
	ocb->attr->flags |= IOFUNC_ATTR_MTIME | IOFUNC_ATTR_CTIME;
	return _RESMGR_NPARTS(0);
}

int main(int argc, char **argv)
{
	resmgr_attr_t resmgr_attr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	int id;

	if ((dpp = dispatch_create()) == NULL) {
		fprintf(stderr, "%s: unable to allocate dispatch handle\n",
			argv[0]);
		return EXIT_FAILURE;
	}

	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	io_funcs.write = io_write;

	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	attr.nbytes = strlen(greeting);

	id = resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/sample",
			   _FTYPE_ANY, 0, &connect_funcs, &io_funcs, &attr);
	if (id == -1) {
		fprintf(stderr, "%s: unable to attach name\n", argv[0]);
		return EXIT_FAILURE;
	}

	ctp = dispatch_context_alloc(dpp);
	for (;;) {
		if ((ctp = dispatch_block(ctp)) == NULL) {
			fprintf(stderr, "block error\n");
			return EXIT_FAILURE;
		}
		dispatch_handler(ctp);
	}
}
