// SPDX-License-Identifier: GPL-2.0
/*
 * fuse_zero - the FUSE side of `make bench`: a minimal libfuse3
 * low-level server with one file, "zero", read as zeros, also reachable
 * four levels down as "a/b/c/zero" for the path benchmarks (FUSE looks
 * up each component with the server).  direct_io is
 * set on open so that every read reaches the server, as every read
 * reaches a resmgr server; single-threaded like examples/null.
 *
 *	fuse_zero MOUNTPOINT
 */
#define FUSE_USE_VERSION 34
#include <errno.h>
#include <fuse_lowlevel.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define ZERO_INO	2
#define DIR_A_INO	3	/* a, a/b, a/b/c: 3, 4, 5 */
#define DIR_C_INO	5
#define ZERO_MAX	(1 << 20)

static char zeros[ZERO_MAX];

static int zero_stat(fuse_ino_t ino, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = ino;
	if (ino == FUSE_ROOT_ID || (ino >= DIR_A_INO && ino <= DIR_C_INO)) {
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	} else if (ino == ZERO_INO) {
		st->st_mode = S_IFREG | 0444;
		st->st_nlink = 1;
		st->st_size = 1LL << 40;
	} else {
		return -1;
	}
	return 0;
}

static void zero_lookup(fuse_req_t req, fuse_ino_t parent, const char *name)
{
	struct fuse_entry_param e;

	static const char *const dirs[] = { "a", "b", "c" };

	memset(&e, 0, sizeof(e));
	if ((parent == FUSE_ROOT_ID || parent == DIR_C_INO) &&
	    !strcmp(name, "zero"))
		e.ino = ZERO_INO;
	else if (parent == FUSE_ROOT_ID && !strcmp(name, dirs[0]))
		e.ino = DIR_A_INO;
	else if (parent >= DIR_A_INO && parent < DIR_C_INO &&
		 !strcmp(name, dirs[parent - DIR_A_INO + 1]))
		e.ino = parent + 1;
	if (!e.ino) {
		fuse_reply_err(req, ENOENT);
		return;
	}
	zero_stat(e.ino, &e.attr);
	/* No caching of names or attributes, like resmgr. */
	fuse_reply_entry(req, &e);
}

static void zero_getattr(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	struct stat st;

	if (zero_stat(ino, &st))
		fuse_reply_err(req, ENOENT);
	else
		fuse_reply_attr(req, &st, 0);
}

static void zero_open(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	if (ino != ZERO_INO) {
		fuse_reply_err(req, EISDIR);
		return;
	}
	fi->direct_io = 1;
	fuse_reply_open(req, fi);
}

static void zero_read(fuse_req_t req, fuse_ino_t ino, size_t size, off_t off,
		      struct fuse_file_info *fi)
{
	fuse_reply_buf(req, zeros, size < ZERO_MAX ? size : ZERO_MAX);
}

static void zero_release(fuse_req_t req, fuse_ino_t ino, struct fuse_file_info *fi)
{
	fuse_reply_err(req, 0);
}

static const struct fuse_lowlevel_ops zero_ops = {
	.lookup		= zero_lookup,
	.getattr	= zero_getattr,
	.open		= zero_open,
	.read		= zero_read,
	.release	= zero_release,
};

int main(int argc, char **argv)
{
	char *fargv[] = { argv[0], NULL };
	struct fuse_args args = FUSE_ARGS_INIT(1, fargv);
	struct fuse_session *se;
	int ret;

	if (argc != 2) {
		fprintf(stderr, "usage: fuse_zero MOUNTPOINT\n");
		return 2;
	}
	se = fuse_session_new(&args, &zero_ops, sizeof(zero_ops), NULL);
	if (!se || fuse_session_mount(se, argv[1]))
		return 1;
	printf("fuse_zero: ready\n");
	fflush(stdout);
	ret = fuse_session_loop(se);
	fuse_session_unmount(se);
	fuse_session_destroy(se);
	return ret ? 1 : 0;
}
