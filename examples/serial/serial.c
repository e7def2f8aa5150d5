// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * serial - a null-modem pair of serial ports, written as a QNX developer
 * writes a multi-threaded resource manager: resmgr_attach(), the iofunc
 * layer, and a thread pool serving the channel.
 *
 *	serial [-d] [-s BYTES] [-a PATH] [-b PATH]
 *
 *	-a PATH   the first port (default /dev/rser1)
 *	-b PATH   the second port (default /dev/rser2)
 *	-s BYTES  each direction's buffer (default 4096)
 *	-d        run in the background once attached
 *
 * SIGTERM, SIGINT or SIGHUP: both names are detached (a placeholder the
 * attach created is removed) and the driver exits; clients still
 * blocked in it fail, as they do when it dies any other way.
 *
 * What is written on one port is read on the other.  Reads block until
 * bytes arrive and writes until the buffer has room for all of them
 * (O_NONBLOCK: EAGAIN, or what fitted); select/poll/epoll; devctl() or
 * ioctl() with serial_dcmd.h's commands for the line settings and
 * status; a signalled blocked client gets EINTR.  See port.c.
 *
 * stdout: "serial: ready pid N" once both names are attached (from the
 * background process with -d), flushed, for scripts.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sys/procmgr.h>

#include "serial.h"

/* Pool threads: lo_water waiting for work at least, hi_water at most. */
#define POOL_LO_WATER	2
#define POOL_HI_WATER	4
#define POOL_INCREMENT	1
#define POOL_MAXIMUM	32

static resmgr_connect_funcs_t connect_funcs;
static resmgr_io_funcs_t io_funcs;
static struct port ports[2];
static dispatch_t *dpp;
static int link_id[2];
static sigset_t stop_signals;

static void usage(const char *prog)
{
	fprintf(stderr, "usage: %s [-d] [-s BYTES] [-a PATH] [-b PATH]\n",
		prog);
	exit(EXIT_FAILURE);
}

/* In the daemon: the ready line is out, nothing more for the terminal. */
static void detach_stdio(void)
{
	int fd = open("/dev/null", O_RDWR);

	if (fd < 0)
		return;
	dup2(fd, STDIN_FILENO);
	dup2(fd, STDOUT_FILENO);
	dup2(fd, STDERR_FILENO);
	if (fd > STDERR_FILENO)
		close(fd);
}

/*
 * The stop signals are blocked in every thread (the pool's inherit the
 * mask); this one takes them and takes the names away before exiting.
 */
static void *stop_thread(void *arg)
{
	int sig;

	while (sigwait(&stop_signals, &sig) != 0)
		;
	resmgr_detach(dpp, link_id[0], _RESMGR_DETACH_ALL);
	resmgr_detach(dpp, link_id[1], _RESMGR_DETACH_ALL);
	_exit(EXIT_SUCCESS);
	return NULL;
}

int main(int argc, char **argv)
{
	const char *path[2] = { "/dev/rser1", "/dev/rser2" };
	thread_pool_attr_t pool_attr;
	resmgr_attr_t resmgr_attr;
	thread_pool_t *tpp;
	int background = 0, opt, i;
	unsigned long ring_size = 4096;
	pthread_t stopper;
	char *end;

	while ((opt = getopt(argc, argv, "a:b:s:d")) != -1) {
		switch (opt) {
		case 'a':
			path[0] = optarg;
			break;
		case 'b':
			path[1] = optarg;
			break;
		case 's':
			ring_size = strtoul(optarg, &end, 0);
			if (*end || ring_size == 0 || ring_size > (1ul << 30))
				usage(argv[0]);
			break;
		case 'd':
			background = 1;
			break;
		default:
			usage(argv[0]);
		}
	}
	if (optind != argc)
		usage(argv[0]);

	if ((dpp = dispatch_create()) == NULL) {
		fprintf(stderr, "%s: Unable to allocate dispatch handle: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&resmgr_attr, 0, sizeof(resmgr_attr));
	resmgr_attr.nparts_max = 2;
	resmgr_attr.msg_max_size = 2048;

	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &connect_funcs,
			 _RESMGR_IO_NFUNCS, &io_funcs);
	port_set_io_funcs(&io_funcs);

	if (port_pair_init(&ports[0], &ports[1], ring_size) != EOK) {
		fprintf(stderr, "%s: Unable to allocate the buffers\n", argv[0]);
		return EXIT_FAILURE;
	}
	for (i = 0; i < 2; i++) {
		link_id[i] = resmgr_attach(dpp, &resmgr_attr, path[i],
					   _FTYPE_ANY, 0, &connect_funcs,
					   &io_funcs, &ports[i]);
		if (link_id[i] == -1) {
			fprintf(stderr, "%s: Unable to attach name %s: %s\n",
				argv[0], path[i], strerror(errno));
			return EXIT_FAILURE;
		}
	}

	/* Before any pool thread exists: only the calling thread survives. */
	if (background &&
	    procmgr_daemon(EXIT_SUCCESS, PROCMGR_DAEMON_NODEVNULL) == -1) {
		fprintf(stderr, "%s: Unable to run in the background: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}
	printf("serial: ready pid %d\n", (int)getpid());
	fflush(stdout);
	if (background)
		detach_stdio();

	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGTERM);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	if ((errno = pthread_create(&stopper, NULL, stop_thread, NULL)) != 0) {
		fprintf(stderr, "%s: Unable to start: %s\n", argv[0],
			strerror(errno));
		return EXIT_FAILURE;
	}

	memset(&pool_attr, 0, sizeof(pool_attr));
	pool_attr.handle = dpp;
	pool_attr.context_alloc = dispatch_context_alloc;
	pool_attr.block_func = dispatch_block;
	pool_attr.unblock_func = dispatch_unblock;
	pool_attr.handler_func = dispatch_handler;
	pool_attr.context_free = dispatch_context_free;
	pool_attr.lo_water = POOL_LO_WATER;
	pool_attr.hi_water = POOL_HI_WATER;
	pool_attr.increment = POOL_INCREMENT;
	pool_attr.maximum = POOL_MAXIMUM;
	pool_attr.tid_name = "serial";

	if ((tpp = thread_pool_create(&pool_attr, POOL_FLAG_EXIT_SELF)) == NULL) {
		fprintf(stderr, "%s: Unable to create the thread pool: %s\n",
			argv[0], strerror(errno));
		return EXIT_FAILURE;
	}
	thread_pool_start(tpp);	/* does not return: the pool serves */
	return EXIT_FAILURE;
}
