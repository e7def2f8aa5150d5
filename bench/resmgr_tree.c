// SPDX-License-Identifier: GPL-2.0
/*
 * resmgr_tree - resmgr servers for the path benchmarks of `make bench`.
 *
 *	resmgr_tree tree DIR		a directory prefix at DIR holding
 *					a/b/c/zero: the 4-deep path that
 *					FUSE resolves one component at a
 *					time and resmgr in one message
 *	resmgr_tree many N DIR		N single-file prefixes DIR/p0 ...
 *					DIR/p<N-1>: what path dispatch
 *					costs with many names attached
 *
 * Written the QNX way: resmgr_attach() and the iofunc layer; the tree's
 * io_open resolves the whole path it is given.  Prints "ready" once
 * every name is attached, then serves on one thread until killed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/resmgr.h>

static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;

/* The tree: "" (the prefix), a, a/b, a/b/c and a/b/c/zero. */
static const char *const tree_paths[] = { "", "a", "a/b", "a/b/c", "a/b/c/zero" };
#define TREE_NODES	(sizeof(tree_paths) / sizeof(tree_paths[0]))
static iofunc_attr_t tree_attr[TREE_NODES];

static int tree_open(resmgr_context_t *ctp, io_open_t *msg,
		     RESMGR_HANDLE_T *handle, void *extra)
{
	size_t i;

	for (i = 0; i < TREE_NODES; i++)
		if (!strcmp(msg->connect.path, tree_paths[i]))
			return iofunc_open_default(ctp, msg, &tree_attr[i],
						   extra);
	return ENOENT;
}

static int serve(dispatch_t *dpp)
{
	dispatch_context_t *ctp = dispatch_context_alloc(dpp);

	printf("resmgr_tree: ready\n");
	fflush(stdout);
	while (ctp && (ctp = dispatch_block(ctp)))
		dispatch_handler(ctp);
	perror("resmgr_tree: dispatch");
	return 1;
}

static int run_tree(dispatch_t *dpp, const char *dir)
{
	size_t i;

	for (i = 0; i < TREE_NODES; i++)
		iofunc_attr_init(&tree_attr[i],
				 i + 1 < TREE_NODES ? S_IFDIR | 0755 :
						      S_IFREG | 0444,
				 NULL, NULL);
	cfuncs.open = tree_open;
	if (resmgr_attach(dpp, NULL, dir, _FTYPE_ANY, _RESMGR_FLAG_DIR,
			  &cfuncs, &iofuncs, &tree_attr[0]) < 0) {
		perror(dir);
		return 1;
	}
	return serve(dpp);
}

static int run_many(dispatch_t *dpp, long n, const char *dir)
{
	static iofunc_attr_t attr;
	char path[4096];
	long i;

	iofunc_attr_init(&attr, S_IFNAM | 0444, NULL, NULL);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/p%ld", dir, i);
		if (resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs,
				  &iofuncs, &attr) < 0) {
			perror(path);
			return 1;
		}
	}
	return serve(dpp);
}

int main(int argc, char **argv)
{
	dispatch_t *dpp = dispatch_create();

	if (!dpp) {
		perror("dispatch_create");
		return 1;
	}
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS,
			 &iofuncs);
	if (argc == 3 && !strcmp(argv[1], "tree"))
		return run_tree(dpp, argv[2]);
	if (argc == 4 && !strcmp(argv[1], "many"))
		return run_many(dpp, strtol(argv[2], NULL, 0), argv[3]);
	fprintf(stderr, "usage: resmgr_tree tree DIR | many N DIR\n");
	return 2;
}
