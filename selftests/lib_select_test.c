// SPDX-License-Identifier: GPL-2.0
/*
 * One libresmgr dispatch loop serving more than the kernel's messages:
 * a timerfd attached with select_attach() fires its callback in the loop
 * thread while clients are being served; pulses sent with MsgSendPulse()
 * reach their pulse_attach() handler; a client process that opened and
 * exits produces the _PULSE_CODE_DISCONNECT pulse with its pid;
 * dispatch_timeout() makes dispatch_block() return ETIMEDOUT; and
 * dispatch_unblock() ends a receive blocked in the kernel.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sys/iofunc.h>
#include <sys/dispatch.h>
#include <sys/neutrino.h>
#include <sys/resmgr.h>

#include "kselftest_harness.h"

#define CLIENTS	16

static resmgr_connect_funcs_t cfuncs;
static resmgr_io_funcs_t iofuncs;
static iofunc_attr_t attr;

static pthread_t loop_thread;
static volatile int stop;
static volatile int ticks, ticks_elsewhere, reads;
static volatile int pulse_code, pulse_value, pulses, pulse_elsewhere;
static volatile int disc_pid, discs;

static int quick_read(resmgr_context_t *ctp, io_read_t *msg, RESMGR_OCB_T *ocb)
{
	int status = iofunc_read_verify(ctp, msg, ocb, NULL);

	if (status != EOK)
		return status;
	__sync_add_and_fetch(&reads, 1);
	if (ocb->offset) {
		_IO_SET_READ_NBYTES(ctp, 0);
		return _RESMGR_NPARTS(0);
	}
	ocb->offset = 3;
	_IO_SET_READ_NBYTES(ctp, 3);
	return _RESMGR_PTR(ctp, "ok\n", 3);
}

static int on_tick(select_context_t *ctp, int fd, unsigned flags, void *handle)
{
	uint64_t n;

	if (read(fd, &n, sizeof(n)) == sizeof(n) && (flags & SELECT_FLAG_READ))
		ticks++;
	if (!pthread_equal(pthread_self(), loop_thread))
		ticks_elsewhere++;
	return 0;
}

static int on_pulse(message_context_t *ctp, int code, unsigned flags,
		    void *handle)
{
	struct _pulse *p = (struct _pulse *)ctp->msg;

	pulse_code = code;
	pulse_value = p->value.sival_int;
	if (!pthread_equal(pthread_self(), loop_thread))
		pulse_elsewhere++;
	pulses++;
	return 0;
}

static int on_disconnect(message_context_t *ctp, int code, unsigned flags,
			 void *handle)
{
	struct _pulse *p = (struct _pulse *)ctp->msg;

	disc_pid = p->value.sival_int;
	discs++;
	return 0;
}

static void *loop(void *arg)
{
	dispatch_context_t *ctp = arg;

	while (!stop) {
		if (!dispatch_block(ctp))
			continue;	/* EINTR from dispatch_unblock(): check stop */
		dispatch_handler(ctp);
	}
	dispatch_context_free(ctp);
	return NULL;
}

static dispatch_t *server(const char *path, dispatch_context_t **ctpp)
{
	dispatch_t *dpp = dispatch_create();

	if (!dpp)
		return NULL;
	iofunc_func_init(_RESMGR_CONNECT_NFUNCS, &cfuncs, _RESMGR_IO_NFUNCS, &iofuncs);
	iofuncs.read = quick_read;
	iofunc_attr_init(&attr, S_IFNAM | 0666, NULL, NULL);
	if (resmgr_attach(dpp, NULL, path, _FTYPE_ANY, 0, &cfuncs, &iofuncs,
			  &attr) < 0)
		return NULL;
	*ctpp = dispatch_context_alloc(dpp);
	return *ctpp ? dpp : NULL;
}

static void start_loop(dispatch_context_t *ctp)
{
	stop = 0;
	pthread_create(&loop_thread, NULL, loop, ctp);
}

static void stop_loop(dispatch_context_t *ctp)
{
	stop = 1;
	dispatch_unblock(ctp);
	pthread_join(loop_thread, NULL);
}

static int wait_for(volatile int *v, int want)
{
	for (int i = 0; i < 2000 && *v < want; i++)
		usleep(10000);
	return *v;
}

static pid_t reader(const char *path)
{
	pid_t pid = fork();

	if (pid == 0) {
		char buf[8];
		int fd = open(path, O_RDONLY);

		_exit(fd >= 0 && read(fd, buf, sizeof(buf)) == 3 &&
		      !memcmp(buf, "ok\n", 3) ? 0 : 1);
	}
	return pid;
}

TEST(timerfd_fires_in_the_loop_while_clients_are_served)
{
	struct itimerspec its = { { 0, 5000000 }, { 0, 5000000 } };
	dispatch_context_t *ctp;
	pid_t pids[CLIENTS];
	int tfd, status, ok = 0, i;
	dispatch_t *dpp;
	char path[64];

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-select-%d", getpid());
	dpp = server(path, &ctp);
	ASSERT_NE(NULL, dpp);
	tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
	ASSERT_LE(0, tfd);
	ASSERT_EQ(0, select_attach(dpp, NULL, tfd,
				   SELECT_FLAG_READ | SELECT_FLAG_REARM,
				   on_tick, NULL));
	start_loop(ctp);
	ASSERT_EQ(0, timerfd_settime(tfd, 0, &its, NULL));

	for (i = 0; i < CLIENTS; i++)
		pids[i] = reader(path);
	for (i = 0; i < CLIENTS; i++)
		if (waitpid(pids[i], &status, 0) == pids[i] &&
		    WIFEXITED(status) && !WEXITSTATUS(status))
			ok++;
	EXPECT_EQ(CLIENTS, ok);
	EXPECT_LE(5, wait_for(&ticks, 5));
	/* and clients still get through while the timer keeps firing */
	ok = 0;
	for (i = 0; i < CLIENTS; i++)
		pids[i] = reader(path);
	for (i = 0; i < CLIENTS; i++)
		if (waitpid(pids[i], &status, 0) == pids[i] &&
		    WIFEXITED(status) && !WEXITSTATUS(status))
			ok++;
	EXPECT_EQ(CLIENTS, ok);
	EXPECT_EQ(0, ticks_elsewhere);

	EXPECT_EQ(0, select_detach(dpp, tfd));
	stop_loop(ctp);
	close(tfd);
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

TEST(pulses_reach_their_handler)
{
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	char path[64];
	int coid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-pulse-%d", getpid());
	dpp = server(path, &ctp);
	ASSERT_NE(NULL, dpp);
	ASSERT_EQ(17, pulse_attach(dpp, 0, 17, on_pulse, NULL));
	coid = message_connect(dpp, MSG_FLAG_SIDE_CHANNEL);
	ASSERT_LE(0, coid);
	start_loop(ctp);
	usleep(50000);	/* most likely blocked in the kernel by now */
	pulses = 0;
	ASSERT_EQ(0, MsgSendPulse(coid, 10, 17, 4242));
	EXPECT_EQ(1, wait_for(&pulses, 1));
	EXPECT_EQ(17, pulse_code);
	EXPECT_EQ(4242, pulse_value);
	EXPECT_EQ(0, pulse_elsewhere);
	for (int i = 0; i < 100; i++)
		ASSERT_EQ(0, MsgSendPulse(coid, 10, 17, i));
	EXPECT_EQ(101, wait_for(&pulses, 101));
	EXPECT_EQ(99, pulse_value);
	stop_loop(ctp);
	EXPECT_EQ(0, ConnectDetach(coid));
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

TEST(disconnect_pulse_when_a_client_exits)
{
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	char path[64];
	int status;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-disc-%d", getpid());
	dpp = server(path, &ctp);
	ASSERT_NE(NULL, dpp);
	ASSERT_EQ(_PULSE_CODE_DISCONNECT,
		  pulse_attach(dpp, 0, _PULSE_CODE_DISCONNECT, on_disconnect, NULL));
	start_loop(ctp);
	discs = 0;
	pid = reader(path);	/* opens, reads, exits without close() */
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(1, wait_for(&discs, 1));
	EXPECT_EQ(pid, disc_pid);
	stop_loop(ctp);
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

TEST(dispatch_timeout_and_unblock)
{
	struct timespec t = { 0, 20000000 };
	dispatch_context_t *ctp;
	dispatch_t *dpp;
	char path[64];
	int efd[2];

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(path, sizeof(path), "/tmp/lib-timeout-%d", getpid());
	dpp = server(path, &ctp);
	ASSERT_NE(NULL, dpp);
	ASSERT_EQ(0, dispatch_timeout(dpp, &t));
	errno = 0;
	EXPECT_EQ(NULL, dispatch_block(ctp));
	EXPECT_EQ(ETIMEDOUT, errno);

	/* The same with a descriptor watched (the poll() path). */
	ASSERT_EQ(0, pipe(efd));
	ASSERT_EQ(0, select_attach(dpp, NULL, efd[0], SELECT_FLAG_READ,
				   on_tick, NULL));
	errno = 0;
	EXPECT_EQ(NULL, dispatch_block(ctp));
	EXPECT_EQ(ETIMEDOUT, errno);
	EXPECT_EQ(0, select_detach(dpp, efd[0]));
	close(efd[0]);
	close(efd[1]);

	/* No timeout: only dispatch_unblock() ends the wait in the kernel. */
	ASSERT_EQ(0, dispatch_timeout(dpp, NULL));
	start_loop(ctp);
	usleep(50000);
	stop_loop(ctp);		/* joins: the loop saw EINTR and stop */
	EXPECT_EQ(0, dispatch_destroy(dpp));
}

TEST_HARNESS_MAIN
