// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a file system that mounts on request, as QNX's filesystem
 * chapters show one: an unnamed mount registration (no path,
 * _FTYPE_MOUNT, _RESMGR_FLAG_DIR | _RESMGR_FLAG_FTYPEONLY) whose connect
 * table has only a mount handler.  The handler takes requests of its
 * own type ("demofs"; the others are ENOSYS, for the next file system),
 * attaches the mount point with a name of its own per mount, and
 * detaches it again on an unmount of that path.  What each mount reads
 * back says what the request carried.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>

#define MAX_MOUNTS	8

struct demo_mount {
	int id;				/* -1: slot free */
	char path[256];
	char text[512];			/* what a read gives */
	iofunc_attr_t attr;
};

static struct demo_mount mounts[MAX_MOUNTS];
static resmgr_connect_funcs_t mount_connect, file_connect;
static resmgr_io_funcs_t file_io;
static dispatch_t *dpp;

static int io_read(resmgr_context_t *ctp, io_read_t *msg, iofunc_ocb_t *ocb)
{
	struct demo_mount *m = (struct demo_mount *)((char *)ocb->attr -
					offsetof(struct demo_mount, attr));
	size_t len = strlen(m->text), left, nbytes;
	int status;

	if ((status = iofunc_read_verify(ctp, msg, ocb, NULL)) != EOK)
		return status;
	left = ocb->offset < (off_t)len ? len - ocb->offset : 0;
	nbytes = _IO_READ_GET_NBYTES(msg) < left ?
		 _IO_READ_GET_NBYTES(msg) : left;
	_IO_SET_READ_NBYTES(ctp, nbytes);
	if (nbytes == 0)
		return _RESMGR_NPARTS(0);
	SETIOV(ctp->iov, m->text + ocb->offset, nbytes);
	ocb->offset += nbytes;
	return _RESMGR_NPARTS(1);
}

static int io_mount(resmgr_context_t *ctp, io_mount_t *msg,
		    RESMGR_HANDLE_T *handle, io_mount_extra_t *extra)
{
	const char *path = msg->connect.path;
	struct demo_mount *m = NULL;
	int i;

	if (extra->flags & _MOUNT_UNMOUNT) {
		for (i = 0; i < MAX_MOUNTS; i++) {
			if (mounts[i].id != -1 &&
			    strcmp(mounts[i].path, path) == 0) {
				resmgr_detach(dpp, mounts[i].id, 0);
				mounts[i].id = -1;
				return EOK;
			}
		}
		return ENOSYS;		/* not one of ours */
	}
	if (strcmp(extra->extra.srv.type, "demofs") != 0)
		return ENOSYS;
	for (i = 0; i < MAX_MOUNTS && !m; i++)
		if (mounts[i].id == -1)
			m = &mounts[i];
	if (m == NULL)
		return ENOSPC;
	if (strlen(path) >= sizeof(m->path))
		return ENAMETOOLONG;
	strcpy(m->path, path);
	snprintf(m->text, sizeof(m->text), "special=%s options=%s%s\n",
		 extra->extra.srv.special,
		 extra->datalen ? (const char *)extra->extra.srv.data : "",
		 extra->flags & _MOUNT_READONLY ? " ro" : "");
	iofunc_attr_init(&m->attr,
			 S_IFREG | (extra->flags & _MOUNT_READONLY ? 0444 : 0644),
			 NULL, NULL);
	m->attr.nbytes = strlen(m->text);
	m->id = resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &file_connect,
			      &file_io, &m->attr);
	if (m->id == -1)
		return errno;
	return EOK;
}

int main(int argc, char **argv)
{
	resmgr_attr_t rattr;
	dispatch_context_t *ctp;
	int i;

	for (i = 0; i < MAX_MOUNTS; i++)
		mounts[i].id = -1;
	if ((dpp = dispatch_create()) == NULL) {
		fprintf(stderr, "%s: unable to allocate dispatch handle\n",
			argv[0]);
		return EXIT_FAILURE;
	}
	memset(&rattr, 0, sizeof(rattr));
	rattr.nparts_max = 1;
	rattr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &file_connect,
			 _RESMGR_IO_NFUNCS, &file_io);
	file_io.read = io_read;
	memset(&mount_connect, 0, sizeof(mount_connect));
	mount_connect.nfuncs = _RESMGR_CONNECT_NFUNCS;
	mount_connect.mount = io_mount;

	/* The unnamed mount registration: requests, no name. */
	if (resmgr_attach(dpp, &rattr, NULL, _FTYPE_MOUNT,
			  _RESMGR_FLAG_DIR | _RESMGR_FLAG_FTYPEONLY,
			  &mount_connect, NULL, NULL) == -1) {
		fprintf(stderr, "%s: unable to register for mounts\n", argv[0]);
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
