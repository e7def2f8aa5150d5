// SPDX-License-Identifier: GPL-2.0
/*
 * memfs: an in-memory POSIX file system as a QNX resource manager.
 *
 *	memfs [-b|-a] [-O] [PATH]	(default /tmp/memfs)
 *
 * Attaches PATH with _RESMGR_FLAG_DIR, so every path below it comes here
 * in one connect message, prints "memfs: ready" and serves from a
 * thread pool until killed.  The options place it in a union with other
 * servers attached at PATH: -b before them (_RESMGR_FLAG_BEFORE), -a
 * after them (_RESMGR_FLAG_AFTER), -O hiding what servers attached
 * above PATH have below it (_RESMGR_FLAG_OPAQUE).  See README.md.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "memfs.h"

static pthread_mutex_t tree_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;

void memfs_lock(void)
{
	pthread_mutex_lock(&tree_lock);
}

void memfs_unlock(void)
{
	pthread_mutex_unlock(&tree_lock);
}

/* Every attr lock the library takes is the tree lock. */
static int tree_attr_lock(struct memfs_node *attr)
{
	return pthread_mutex_lock(&tree_lock);
}

static int tree_attr_unlock(struct memfs_node *attr)
{
	return pthread_mutex_unlock(&tree_lock);
}

static int tree_attr_trylock(struct memfs_node *attr)
{
	return pthread_mutex_trylock(&tree_lock);
}

static iofunc_funcs_t memfs_funcs = {
	.nfuncs = _IOFUNC_NFUNCS,
	.attr_lock = tree_attr_lock,
	.attr_unlock = tree_attr_unlock,
	.attr_trylock = tree_attr_trylock,
};

/*
 * IOFUNC_PC_SYNC_IO: fsync() and fdatasync() succeed, as on tmpfs: what
 * is in memory is as stable as this file system's data ever gets.
 */
static iofunc_mount_t memfs_mount = {
	.conf = IOFUNC_PC_CHOWN_RESTRICTED | IOFUNC_PC_NO_TRUNC |
		IOFUNC_PC_SYNC_IO,
	.funcs = &memfs_funcs,
};

static resmgr_connect_funcs_t memfs_connect_funcs;
resmgr_io_funcs_t memfs_io_funcs;

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-b|-a] [-O] [PATH]\n"
		"  -b  resolve before the other servers at PATH\n"
		"  -a  resolve after them\n"
		"  -O  opaque: hide what servers attached above PATH have below it\n",
		prog);
}

int main(int argc, char **argv)
{
	unsigned int flags = _RESMGR_FLAG_DIR;
	const char *path = "/tmp/memfs";
	thread_pool_attr_t pool_attr;
	resmgr_attr_t resmgr_attr;
	struct memfs_node *root;
	thread_pool_t *tpp;
	dispatch_t *dpp;
	int opt;

	while ((opt = getopt(argc, argv, "baO")) != -1) {
		switch (opt) {
		case 'b':
			flags |= _RESMGR_FLAG_BEFORE;
			break;
		case 'a':
			flags |= _RESMGR_FLAG_AFTER;
			break;
		case 'O':
			flags |= _RESMGR_FLAG_OPAQUE;
			break;
		default:
			usage(argv[0]);
			return EXIT_FAILURE;
		}
	}
	if ((flags & _RESMGR_FLAG_BEFORE) && (flags & _RESMGR_FLAG_AFTER)) {
		fprintf(stderr, "%s: -b and -a exclude each other\n", argv[0]);
		usage(argv[0]);
		return EXIT_FAILURE;
	}
	if (optind < argc)
		path = argv[optind++];
	if (optind < argc) {
		usage(argv[0]);
		return EXIT_FAILURE;
	}

	if ((dpp = dispatch_create()) == NULL) {
		fprintf(stderr, "%s: Unable to allocate dispatch handle: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 8192;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &memfs_connect_funcs,
			 _RESMGR_IO_NFUNCS, &memfs_io_funcs);
	memfs_connect_init(&memfs_connect_funcs);
	memfs_io_init(&memfs_io_funcs);

	root = memfs_node_new(S_IFDIR);
	if (!root)
		return EXIT_FAILURE;
	iofunc_attr_init(&root->attr, S_IFDIR | 0755, NULL, NULL);
	root->attr.mount = &memfs_mount;
	root->attr.nlink = 2;

	if (resmgr_attach(dpp, &resmgr_attr, path, _FTYPE_ANY,
			  flags, &memfs_connect_funcs,
			  &memfs_io_funcs, root) == -1) {
		fprintf(stderr, "%s: Unable to attach name %s: %s\n", argv[0],
			path, strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&pool_attr, 0, sizeof(pool_attr));
	pool_attr.handle = dpp;
	pool_attr.context_alloc = dispatch_context_alloc;
	pool_attr.block_func = dispatch_block;
	pool_attr.unblock_func = dispatch_unblock;
	pool_attr.handler_func = dispatch_handler;
	pool_attr.context_free = dispatch_context_free;
	pool_attr.lo_water = 2;
	pool_attr.hi_water = 4;
	pool_attr.increment = 1;
	pool_attr.maximum = 8;
	pool_attr.tid_name = "memfs";
	if ((tpp = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF)) == NULL) {
		fprintf(stderr, "%s: Unable to create the thread pool: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}
	printf("memfs: ready on %s\n", path);
	fflush(stdout);
	thread_pool_start(tpp);	/* does not return: the pool serves */
	return EXIT_FAILURE;
}
