// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a resource manager on the resmgr layer alone, without the
 * iofunc (POSIX) layer: its own per-open structure bound with
 * resmgr_open_bind(), handlers taking the void handle and OCB that
 * <sys/resmgr.h> gives when <sys/iofunc.h> is not included, and every
 * I/O message it does not handle answered ENOSYS by the library.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>
#include <sys/dispatch.h>

struct session {
	unsigned serial;
	unsigned reads;
};

static unsigned next_serial;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;

static int my_open(resmgr_context_t *ctp, io_open_t *msg, void *handle,
		   void *extra)
{
	struct session *s = (struct session *)calloc(1, sizeof(*s));

	if (s == NULL)
		return ENOMEM;
	s->serial = ++next_serial;
	if (resmgr_open_bind(ctp, s, &io_funcs) == -1) {
		free(s);
		return errno;
	}
	return EOK;
}

static int my_read(resmgr_context_t *ctp, io_read_t *msg, void *ocb)
{
	struct session *s = (struct session *)ocb;
	static char line[32];
	int n;

	n = snprintf(line, sizeof(line), "session %u read %u\n", s->serial,
		     ++s->reads);
	if (n > (int)msg->i.nbytes)
		n = (int)msg->i.nbytes;
	_IO_SET_READ_NBYTES(ctp, n);
	return _RESMGR_PTR(ctp, line, n);
}

static int my_close(resmgr_context_t *ctp, void *reserved, void *ocb)
{
	free(ocb);
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

	memset(&connect_funcs, 0, sizeof(connect_funcs));
	connect_funcs.nfuncs = _RESMGR_CONNECT_NFUNCS;
	connect_funcs.open = my_open;
	memset(&io_funcs, 0, sizeof(io_funcs));
	io_funcs.nfuncs = _RESMGR_IO_NFUNCS;
	io_funcs.read = my_read;
	io_funcs.close_ocb = my_close;

	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/session",
			  _FTYPE_ANY, 0, &connect_funcs, &io_funcs,
			  NULL) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
