// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * null - /dev/null and /dev/zero served by one resource manager.
 *
 *	null [null-path [zero-path]]	(default /dev/rnull, /dev/rzero)
 *
 * The null name uses the POSIX-layer defaults as they are (reads: end of
 * file, writes: taken).  The zero name replies to reads straight from
 * one static buffer of zeros, repeated in several reply parts: nothing
 * is allocated or copied per request.  Benchmarks use it, so its hot
 * path stays this small.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#define ZERO_PARTS	16

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t null_io_funcs, zero_io_funcs;
static iofunc_attr_t null_attr, zero_attr;

static const char zeros[64 * 1024];

static int zero_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	size_t nbytes, total = 0, n;
	int parts, status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	/* Zeros wherever one reads: read() and pread() alike. */
	switch (msg->i.xtype & _IO_XTYPE_MASK) {
	case _IO_XTYPE_NONE:
	case _IO_XTYPE_OFFSET:
		break;
	default:
		return ENOSYS;
	}

	nbytes = _IO_READ_GET_NBYTES(msg);
	for (parts = 0; parts < ZERO_PARTS && total < nbytes; parts++) {
		n = nbytes - total < sizeof(zeros) ? nbytes - total : sizeof(zeros);
		SETIOV(ctp->iov + parts, zeros, n);
		total += n;
	}
	_IO_SET_READ_NBYTES(ctp, total);
	return _RESMGR_NPARTS(parts);
}

static int attach(dispatch_t *dpp, resmgr_attr_t *rattr, const char *path,
		  resmgr_io_funcs_t *io, iofunc_attr_t *attr)
{
	iofunc_attr_init(attr, S_IFCHR | 0666, NULL, NULL);
	if (resmgr_attach(dpp, rattr, path, _FTYPE_ANY, 0, &connect_funcs,
			  io, attr) == -1) {
		fprintf(stderr, "null: Unable to attach name %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	const char *null_path = argc > 1 ? argv[1] : "/dev/rnull";
	const char *zero_path = argc > 2 ? argv[2] : "/dev/rzero";
	resmgr_attr_t rattr;
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	if ((dpp = dispatch_create_channel(-1, DISPATCH_FLAG_NOLOCK)) == NULL) {
		fprintf(stderr, "null: Unable to allocate dispatch handle: %s\n",
			strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = ZERO_PARTS;
	rattr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &null_io_funcs);
	iofunc_func_init(0, NULL, _RESMGR_IO_NFUNCS, &zero_io_funcs);
	zero_io_funcs.read = zero_read;

	if (attach(dpp, &rattr, null_path, &null_io_funcs, &null_attr) ||
	    attach(dpp, &rattr, zero_path, &zero_io_funcs, &zero_attr))
		return EXIT_FAILURE;

	if ((ctp = dispatch_context_alloc(dpp)) == NULL) {
		fprintf(stderr, "null: Unable to allocate a context: %s\n",
			strerror(errno));
		return EXIT_FAILURE;
	}
	printf("null: ready\n");
	fflush(stdout);

	while (1) {
		if ((ctp = dispatch_block(ctp)) == NULL) {
			fprintf(stderr, "null: block error: %s\n", strerror(errno));
			return EXIT_FAILURE;
		}
		dispatch_handler(ctp);
	}
}
