// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: QNX's struct dirent from <dirent.h> on both sides.  A
 * directory resource manager's read handler fills d_ino, d_offset,
 * d_reclen, d_namelen and d_name; the same program lists a host
 * directory with opendir()/readdir() and reads those same fields back.
 * Run on the host, it lists "/" (the server part runs with "serve").
 *
 * corpus: run
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#include "tap.h"

static const char *const names[] = { "ser1", "ser2", "par1" };
#define NNAMES	3
#define RECLEN(len) \
	((offsetof(struct dirent, d_name) + (len) + 1 + 7) & ~(size_t)7)

static iofunc_attr_t root;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static char buf[2048] __attribute__((aligned(8)));

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	size_t used = 0;
	int status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	while (ocb->offset < NNAMES) {
		size_t len = strlen(names[ocb->offset]);
		struct dirent *d = (struct dirent *)(buf + used);

		if (used + RECLEN(len) > msg->i.nbytes)
			break;
		d->d_ino = (ino_t)ocb->offset + 10;
		d->d_offset = ocb->offset;
		d->d_reclen = (int16_t)RECLEN(len);
		d->d_namelen = (int16_t)len;
		strcpy(d->d_name, names[ocb->offset]);
		used += d->d_reclen;
		ocb->offset++;
	}
	_IO_SET_READ_NBYTES(ctp, used);
	return _RESMGR_PTR(ctp, buf, used);
}

static int serve(void)
{
	dispatch_context_t *ctp;
	dispatch_t *dpp;

	if ((dpp = dispatch_create()) == NULL)
		return EXIT_FAILURE;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	iofunc_attr_init(&root, S_IFDIR | 0555, NULL, NULL);
	if (resmgr_attach(dpp, NULL, "/dev/ports", _FTYPE_ANY,
			  _RESMGR_FLAG_DIR, &connect_funcs, &io_funcs,
			  &root) == -1)
		return EXIT_FAILURE;
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}

int main(int argc, char **argv)
{
	struct dirent *d;
	int n = 0, dot = 0, sane = 0;
	DIR *dp;

	if (argc > 1 && strcmp(argv[1], "serve") == 0)
		return serve();

	plan(3);
	dp = opendir("/");
	ok(dp != NULL, "opendir(\"/\")");
	if (!dp)
		return tap_done();
	while ((d = readdir(dp)) != NULL) {
		n++;
		if (d->d_namelen == 1 && strcmp(d->d_name, ".") == 0)
			dot++;
		if (d->d_namelen == (int16_t)strlen(d->d_name) &&
		    d->d_reclen >= (int16_t)RECLEN(d->d_namelen) &&
		    d->d_offset >= 0)
			sane++;
	}
	closedir(dp);
	ok(dot == 1, "readdir() gives \".\" once, d_namelen 1");
	ok(n > 2 && sane == n, "every entry's d_namelen, d_reclen, d_offset");
	return tap_done();
}
