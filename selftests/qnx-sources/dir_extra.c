// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a directory resource manager's read handler that builds QNX
 * dirents with a stat of each entry after its name (_DEXTRA_FIRST,
 * struct dirent_extra_stat, _DTYPE_STAT), so readdir() learns each
 * entry's type without asking again.  On Linux the dirent type is
 * libresmgr's struct iofunc_dirent (<sys/resmgr_dirent.h>): glibc owns
 * struct dirent.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/resmgr_dirent.h>

static const struct {
	const char *name;
	mode_t mode;
} entries[] = {
	{ "config", S_IFREG | 0644 },
	{ "logs", S_IFDIR | 0755 },
	{ "current", S_IFLNK | 0777 },
};
#define NENTRIES	(int)(sizeof(entries) / sizeof(entries[0]))

static iofunc_attr_t root;
static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static char reply[4096] __attribute__((aligned(8)));

static int io_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	size_t used = 0, room = msg->i.nbytes < sizeof(reply) ?
		msg->i.nbytes : sizeof(reply);
	int status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	while (ocb->offset < NENTRIES) {
		const char *name = entries[ocb->offset].name;
		size_t len = strlen(name);
		size_t reclen = IOFUNC_DIRENT_RECLEN_EXTRA(len,
				sizeof(struct dirent_extra_stat));
		struct iofunc_dirent *d = (struct iofunc_dirent *)(reply + used);
		struct dirent_extra_stat *xs;

		if (used + reclen > room)
			break;
		memset(d, 0, reclen);
		d->d_ino = (uint64_t)ocb->offset + 2;
		d->d_offset = ocb->offset;
		d->d_namelen = (int16_t)len;
		d->d_reclen = (int16_t)reclen;
		memcpy(d->d_name, name, len + 1);
		xs = (struct dirent_extra_stat *)_DEXTRA_FIRST(d);
		xs->d_type = _DTYPE_STAT;
		xs->d_datalen = sizeof(xs->d_stat);
		xs->d_stat.st_mode = entries[ocb->offset].mode;
		xs->d_stat.st_ino = d->d_ino;
		used += reclen;
		ocb->offset++;
	}
	_IO_SET_READ_NBYTES(ctp, used);
	return _RESMGR_PTR(ctp, reply, used);
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
	resmgr_attr.msg_max_size = sizeof(reply);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	io_funcs.read = io_read;
	iofunc_attr_init(&root, S_IFDIR | 0555, NULL, NULL);
	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/dirx",
			  _FTYPE_ANY, _RESMGR_FLAG_DIR, &connect_funcs,
			  &io_funcs, &root) == -1) {
		perror("resmgr_attach");
		return EXIT_FAILURE;
	}
	ctp = dispatch_context_alloc(dpp);
	while ((ctp = dispatch_block(ctp)) != NULL)
		dispatch_handler(ctp);
	return EXIT_FAILURE;
}
