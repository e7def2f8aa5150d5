// SPDX-License-Identifier: GPL-2.0
/*
 * A libresmgr server on a QNX thread pool (lo_water 1, hi_water 2,
 * maximum 4; and lo_water 2, hi_water 4, maximum 8): 64 client processes reading at once, each
 * read held briefly by the handler, are all answered correctly; the pool
 * grows beyond lo_water but never beyond maximum threads (counted as
 * contexts alive: each pool thread holds one from its start to its end;
 * and as handlers running at once); once idle it shrinks back to
 * hi_water (contexts, then the process's tasks); thread_pool_destroy()
 * wakes the blocked threads and returns with every pool thread gone.
 *
 * The tasks in /proc/self/task are not the measure of "at most maximum":
 * a thread that has left the pool can still be a task for a moment
 * while its replacement starts.
 */
/* As QNX servers do: the pool's callbacks are the dispatch_*() ones. */
#define THREAD_POOL_PARAM_T	dispatch_context_t

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#include "kselftest_harness.h"

#define CLIENTS		64

static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;
static int running, peak_running, served;
static int live, peak_live;	/* pool threads: their contexts */

static int count_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static dispatch_context_t *counted_alloc(dispatch_t *dpp)
{
	int now = __sync_add_and_fetch(&live, 1);

	for (int peak = peak_live; now > peak; peak = peak_live)
		__sync_bool_compare_and_swap(&peak_live, peak, now);
	return dispatch_context_alloc(dpp);
}

static void counted_free(dispatch_context_t *ctp)
{
	dispatch_context_free(ctp);
	__sync_sub_and_fetch(&live, 1);
}

static int wait_live_at_most(int want)
{
	for (int i = 0; i < 3000 && live > want; i++)
		usleep(10000);
	return live;
}

static int held_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	static const char data[] = "pooled\n";
	int status, now;

	status = iofunc_read_verify(ctp, msg, ocb, NULL);
	if (status != EOK)
		return status;
	now = __sync_add_and_fetch(&running, 1);
	for (int peak = peak_running; now > peak; peak = peak_running)
		__sync_bool_compare_and_swap(&peak_running, peak, now);
	usleep(20000);		/* held briefly: others queue up meanwhile */
	__sync_sub_and_fetch(&running, 1);
	__sync_add_and_fetch(&served, 1);
	if (ocb->offset >= (off_t)sizeof(data) - 1) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return _RESMGR_NPARTS(0);
	}
	ocb->offset += sizeof(data) - 1;
	_IO_SET_READ_NBYTES(ctp, sizeof(data) - 1);
	return _RESMGR_PTR(ctp, data, sizeof(data) - 1);
}

static pid_t client(const char *path)
{
	pid_t pid = fork();

	if (pid == 0) {
		char buf[16];
		int fd = open(path, O_RDONLY);
		ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof(buf));

		_exit(n == 7 && !memcmp(buf, "pooled\n", 7) ? 0 : 1);
	}
	return pid;
}

/* Poll (generously, no timing asserted) until the task count is at most @want. */
static int wait_tasks_at_most(int want)
{
	int n = count_tasks();

	for (int i = 0; i < 3000 && n > want; i++) {
		usleep(10000);
		n = count_tasks();
	}
	return n;
}

/*
 * CLIENTS clients on a pool of at most @maximum threads: all served,
 * never more than @maximum at once, back to @hi_water when idle, and
 * nothing left after thread_pool_destroy().
 */
static void serve_clients(struct __test_metadata *_metadata, int lo_water,
			  int hi_water, int maximum)
{
	thread_pool_attr_t pattr;
	thread_pool_t *pool;
	dispatch_t *dpp;
	pid_t pids[CLIENTS];
	char path[64];
	int base, ok = 0, status, i;

	snprintf(path, sizeof(path), "/tmp/lib-pool-%d", getpid());
	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS, &iofuncs);
	iofuncs.read = held_read;
	/*
	 * Every client opens the same name: with the default lock_ocb
	 * (which locks the attribute, as on QNX) their reads would run one
	 * at a time.  Each read only touches its own OCB.
	 */
	iofuncs.lock_ocb = NULL;
	iofuncs.unlock_ocb = NULL;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	ASSERT_LE(0, resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs,
				   &iofuncs, &attr));

	base = count_tasks();

	memset(&pattr, 0, sizeof(pattr));
	pattr.handle = dpp;
	pattr.context_alloc = counted_alloc;
	pattr.block_func = dispatch_block;
	pattr.handler_func = dispatch_handler;
	pattr.context_free = counted_free;
	pattr.unblock_func = dispatch_unblock;
	pattr.lo_water = lo_water;
	pattr.increment = 1;
	pattr.hi_water = hi_water;
	pattr.maximum = maximum;
	pattr.tid_name = "lib-pool";
	pool = thread_pool_create(&pattr, 0);
	ASSERT_NE(NULL, pool);
	ASSERT_EQ(0, thread_pool_start(pool));

	for (i = 0; i < CLIENTS; i++)
		pids[i] = client(path);
	for (i = 0; i < CLIENTS; i++)
		if (pids[i] > 0 && waitpid(pids[i], &status, 0) == pids[i] &&
		    WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ok++;
	EXPECT_EQ(CLIENTS, ok);
	EXPECT_LE(CLIENTS, served);

	TH_LOG("peak: %d pool threads, %d handlers at once", peak_live,
	       peak_running);
	EXPECT_LE(peak_live, maximum);
	EXPECT_GT(peak_live, lo_water);
	EXPECT_LE(peak_running, maximum);
	EXPECT_GT(peak_running, 1);

	/* Idle: threads beyond hi_water leave. */
	EXPECT_LE(wait_live_at_most(hi_water), hi_water);
	EXPECT_LE(wait_tasks_at_most(base + hi_water), base + hi_water);

	EXPECT_EQ(0, thread_pool_destroy(pool));
	EXPECT_EQ(0, live);
	EXPECT_EQ(base, wait_tasks_at_most(base));
	EXPECT_EQ(0, dispatch_destroy(dpp));
	EXPECT_NE(0, access(path, F_OK));
}

TEST(sixty_four_clients_on_a_four_thread_pool)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	serve_clients(_metadata, 1, 2, 4);
}

TEST(pool_serves_grows_and_shrinks)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	serve_clients(_metadata, 2, 4, 8);
}

struct destroy_arg {
	thread_pool_t *pool;
	pid_t pid;
	int status;
	int destroyed;
};

static void *destroyer(void *p)
{
	struct destroy_arg *a = p;

	waitpid(a->pid, &a->status, 0);
	a->destroyed = thread_pool_destroy(a->pool);
	return NULL;
}

TEST(pool_use_self_returns_when_destroyed)
{
	struct destroy_arg a;
	pthread_t killer;
	thread_pool_attr_t pattr;
	thread_pool_t *pool;
	dispatch_t *dpp;
	char path[64], buf[16];
	int fd;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-pool-self-%d", getpid());
	dpp = dispatch_create();
	ASSERT_NE(NULL, dpp);
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS, &iofuncs);
	iofuncs.read = held_read;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	ASSERT_LE(0, resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs,
				   &iofuncs, &attr));
	memset(&pattr, 0, sizeof(pattr));
	pattr.handle = dpp;
	pattr.context_alloc = dispatch_context_alloc;
	pattr.block_func = dispatch_block;
	pattr.handler_func = dispatch_handler;
	pattr.context_free = dispatch_context_free;
	pattr.lo_water = 1;
	pattr.increment = 1;
	pattr.hi_water = 1;
	pattr.maximum = 2;
	pool = thread_pool_create(&pattr, POOL_FLAG_USE_SELF);
	ASSERT_NE(NULL, pool);

	/* A client process reads; then a helper thread destroys the pool. */
	pid = fork();
	if (pid == 0) {
		fd = open(path, O_RDONLY);
		_exit(fd >= 0 && read(fd, buf, sizeof(buf)) == 7 ? 0 : 1);
	}
	a.pool = pool;
	a.pid = pid;
	ASSERT_EQ(0, pthread_create(&killer, NULL, destroyer, &a));
	/* This thread serves until the pool is destroyed. */
	EXPECT_EQ(0, thread_pool_start(pool));
	pthread_join(killer, NULL);
	EXPECT_TRUE(WIFEXITED(a.status) && WEXITSTATUS(a.status) == 0);
	EXPECT_EQ(0, a.destroyed);
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

TEST_HARNESS_MAIN
