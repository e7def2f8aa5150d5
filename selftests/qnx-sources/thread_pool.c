// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: a multi-threaded resource manager.  THREAD_POOL_PARAM_T is
 * defined as dispatch_context_t before the headers, so the dispatch_*()
 * functions go into the thread_pool_attr_t as they are, and the pool
 * (lo_water, increment, hi_water, maximum) serves the channel;
 * thread_pool_start() with POOL_FLAG_EXIT_SELF never returns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define THREAD_POOL_PARAM_T	dispatch_context_t
#include <sys/iofunc.h>
#include <sys/dispatch.h>

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static iofunc_attr_t attr;

int main(int argc, char **argv)
{
	thread_pool_attr_t pool_attr;
	resmgr_attr_t resmgr_attr;
	thread_pool_t *tpp;
	dispatch_t *dpp;

	if ((dpp = dispatch_create()) == NULL) {
		perror("dispatch_create");
		return EXIT_FAILURE;
	}

	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 1;
	resmgr_attr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);

	if (resmgr_attach(dpp, &resmgr_attr, argc > 1 ? argv[1] : "/dev/pooled",
			  _FTYPE_ANY, 0, &connect_funcs, &io_funcs,
			  &attr) == -1) {
		perror("resmgr_attach");
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
	pool_attr.maximum = 50;

	if ((tpp = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF)) == NULL) {
		perror("thread_pool_create");
		return EXIT_FAILURE;
	}
	thread_pool_start(tpp);
	return EXIT_SUCCESS;
}
