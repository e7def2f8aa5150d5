// SPDX-License-Identifier: GPL-2.0
/*
 * A client's ionotify(), as a QNX client writes it, against
 * examples/pipe (a QNX-style driver whose io_notify uses iofunc_notify()
 * and iofunc_notify_trigger()) running in its own process: the client's
 * pulse arrives on its own channel when data arrives, once per arm; the
 * output list is separate; a disarm, a signal to the arming thread, the
 * server's death, a descriptor number closed and reused, a child after
 * fork(), descriptors that are no resmgr file, bad arguments, and many
 * arm-and-fire rounds in a row with another thread arming meanwhile.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <sys/iomsg.h>
#include <sys/neutrino.h>
#include <sys/siginfo.h>

#include "kselftest_harness.h"
#include "example_server.h"

#define PIPE_SIZE	4096		/* examples/pipe's buffer */
#define LONG_NS		10000000000ULL	/* what a delivery may take */
#define SHORT_NS	300000000ULL	/* how long an absence is awaited */

/* The next pulse on @chid within @ns: its code, or -errno. */
static int next_pulse(int chid, uint64_t ns, int *value)
{
	struct _pulse pulse;

	if (TimerTimeout(CLOCK_MONOTONIC, _NTO_TIMEOUT_RECEIVE, NULL, &ns,
			 NULL))
		return -errno;
	if (MsgReceivePulse(chid, &pulse, sizeof(pulse), NULL))
		return -errno;
	if (value)
		*value = pulse.value.sival_int;
	return pulse.code;
}

FIXTURE(nt) {
	char path[64];
	pid_t server;
	int chid, coid, rfd, wfd;
	struct sigevent in, out;
};

FIXTURE_SETUP(nt)
{
	self->server = -1;
	self->chid = ChannelCreate(0);
	if (self->chid < 0 && (errno == ENOENT || errno == EACCES))
		SKIP(return, "resmgr.ko not loaded, or /dev/resmgr not ours");
	ASSERT_LE(0, self->chid);
	self->coid = ConnectAttach(0, 0, self->chid, _NTO_SIDE_CHANNEL, 0);
	ASSERT_LE(0, self->coid);
	snprintf(self->path, sizeof(self->path), "/tmp/ionotify-%d", getpid());
	self->server = start_example("pipe", self->path, NULL, 0);
	ASSERT_LT(0, self->server);
	self->rfd = open(self->path, O_RDONLY | O_NONBLOCK);
	ASSERT_LE(0, self->rfd);
	self->wfd = open(self->path, O_WRONLY | O_NONBLOCK);
	ASSERT_LE(0, self->wfd);
	SIGEV_PULSE_INT_INIT(&self->in, self->coid, 10, 5, 42);
	SIGEV_PULSE_INT_INIT(&self->out, self->coid, 10, 6, 43);
}

FIXTURE_TEARDOWN(nt)
{
	if (self->server > 0)
		stop_example(self->server);
}

TEST_F(nt, pollarm_pulses_the_clients_channel_once_per_arm)
{
	char c;
	int value = 0;

	/* Nothing to read: armed, 0 returned. */
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(1, write(self->wfd, "a", 1));
	ASSERT_EQ(5, next_pulse(self->chid, LONG_NS, &value));
	EXPECT_EQ(42, value);
	/* Data there: the conditions are returned and nothing is armed. */
	EXPECT_EQ(_NOTIFY_COND_INPUT, ionotify(self->rfd, _NOTIFY_ACTION_POLL,
					       _NOTIFY_COND_INPUT, NULL));
	EXPECT_EQ(_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
		  ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			   _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
			   &self->in));
	EXPECT_EQ(_NOTIFY_COND_INPUT,
		  ionotify(self->rfd, _NOTIFY_ACTION_CONDARM,
			   _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(1, write(self->wfd, "b", 1));
	EXPECT_EQ(-ETIMEDOUT, next_pulse(self->chid, SHORT_NS, NULL));
	ASSERT_EQ(1, read(self->rfd, &c, 1));
	ASSERT_EQ(1, read(self->rfd, &c, 1));
	EXPECT_EQ('b', c);

	/* One arm, one pulse, however much arrives. */
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(1, write(self->wfd, "c", 1));
	ASSERT_EQ(5, next_pulse(self->chid, LONG_NS, NULL));
	ASSERT_EQ(1, write(self->wfd, "d", 1));
	EXPECT_EQ(-ETIMEDOUT, next_pulse(self->chid, SHORT_NS, NULL));
}

TEST_F(nt, input_and_output_are_armed_apart)
{
	static char fill[PIPE_SIZE];
	char buf[100];

	ASSERT_EQ(PIPE_SIZE, write(self->wfd, fill, sizeof(fill)));
	/* Full: no room, so output arms; input is there at once. */
	ASSERT_EQ(0, ionotify(self->wfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_OUTPUT, &self->out));
	EXPECT_EQ(_NOTIFY_COND_INPUT,
		  ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			   _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(sizeof(buf), read(self->rfd, buf, sizeof(buf)));
	EXPECT_EQ(6, next_pulse(self->chid, LONG_NS, NULL));
	EXPECT_EQ(-ETIMEDOUT, next_pulse(self->chid, SHORT_NS, NULL));
}

TEST_F(nt, a_null_event_disarms)
{
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, NULL));
	ASSERT_EQ(1, write(self->wfd, "a", 1));
	EXPECT_EQ(-ETIMEDOUT, next_pulse(self->chid, SHORT_NS, NULL));
}

TEST_F(nt, tranarm_arms_whatever_holds)
{
	char c;

	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_TRANARM,
			      _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(1, write(self->wfd, "a", 1));
	EXPECT_EQ(5, next_pulse(self->chid, LONG_NS, NULL));
	/* Data already there: armed anyway, and told at once. */
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_TRANARM,
			      _NOTIFY_COND_INPUT, &self->in));
	EXPECT_EQ(5, next_pulse(self->chid, LONG_NS, NULL));
	ASSERT_EQ(1, read(self->rfd, &c, 1));
}

struct sig_arm {
	int rfd;
	int result;		/* 0, or what went wrong */
	volatile int armed;
};

/* Arm SIGEV_SIGNAL_THREAD and wait for it in this thread. */
static void *arm_and_wait(void *arg)
{
	struct sig_arm *a = arg;
	struct timespec ts = { .tv_sec = 10 };
	struct sigevent ev;
	siginfo_t si;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	SIGEV_SIGNAL_THREAD_INIT(&ev, SIGUSR2, 77, SI_MINAVAIL + 1);
	if (ionotify(a->rfd, _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_INPUT,
		     &ev)) {
		a->result = 1;
		return NULL;
	}
	a->armed = 1;
	if (sigtimedwait(&set, &si, &ts) != SIGUSR2)
		a->result = 2;
	else if (si.si_value.sival_int != 77 || si.si_code != SI_MINAVAIL + 1)
		a->result = 3;
	return NULL;
}

TEST_F(nt, signal_events_reach_the_process_or_the_arming_thread)
{
	struct timespec ts = { .tv_sec = 10 };
	struct sig_arm a = { .rfd = self->rfd };
	struct sigevent ev;
	sigset_t set, pending;
	pthread_t th;
	siginfo_t si;
	char c;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	ASSERT_EQ(0, pthread_sigmask(SIG_BLOCK, &set, NULL));
	SIGEV_SIGNAL_CODE_INIT(&ev, SIGUSR1, 9, SI_MINAVAIL);
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &ev));
	ASSERT_EQ(1, write(self->wfd, "a", 1));
	sigdelset(&set, SIGUSR2);
	ASSERT_EQ(SIGUSR1, sigtimedwait(&set, &si, &ts));
	EXPECT_EQ(9, si.si_value.sival_int);
	EXPECT_EQ(SI_MINAVAIL, si.si_code);
	ASSERT_EQ(1, read(self->rfd, &c, 1));

	ASSERT_EQ(0, pthread_create(&th, NULL, arm_and_wait, &a));
	while (!a.armed && !a.result)
		sched_yield();
	ASSERT_EQ(1, write(self->wfd, "b", 1));
	ASSERT_EQ(0, pthread_join(th, NULL));
	EXPECT_EQ(0, a.result);
	/* It went to that thread, not to the process. */
	ASSERT_EQ(0, sigpending(&pending));
	EXPECT_FALSE(sigismember(&pending, SIGUSR2));
}

TEST_F(nt, the_servers_death_fires_the_arm)
{
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &self->in));
	kill(self->server, SIGKILL);
	waitpid(self->server, NULL, 0);
	self->server = -1;
	EXPECT_EQ(5, next_pulse(self->chid, LONG_NS, NULL));
	/* And a poll says so at once, rather than arming on a dead open. */
	EXPECT_EQ(_NOTIFY_COND_INPUT,
		  ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			   _NOTIFY_COND_INPUT, &self->in));
}

TEST_F(nt, a_closed_number_forgets_its_arm)
{
	int fd;

	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(0, close(self->rfd));
	/* The same number, another open: the old arm is not its. */
	fd = open(self->path, O_RDONLY | O_NONBLOCK);
	ASSERT_EQ(self->rfd, fd);
	ASSERT_EQ(1, write(self->wfd, "a", 1));
	EXPECT_EQ(-ETIMEDOUT, next_pulse(self->chid, SHORT_NS, NULL));
	EXPECT_EQ(_NOTIFY_COND_INPUT,
		  ionotify(fd, _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_INPUT,
			   &self->in));
	ASSERT_EQ(0, ionotify(fd, _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_OUTPUT,
			      NULL));
}

/* In a child: arm a Linux pipe with a signal to itself; exit: status. */
static int child_arms(void)
{
	struct timespec ts = { .tv_sec = 10 };
	struct sigevent ev;
	sigset_t set;
	int p[2];

	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) || pipe(p))
		return 2;
	SIGEV_SIGNAL_INIT(&ev, SIGUSR1);
	if (ionotify(p[0], _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_INPUT, &ev))
		return 3;
	if (write(p[1], "x", 1) != 1)
		return 4;
	return sigtimedwait(&set, NULL, &ts) == SIGUSR1 ? 0 : 5;
}

TEST_F(nt, a_forked_child_arms_on_its_own)
{
	int status;
	pid_t pid;

	/* The parent's notify thread runs, and it has an arm. */
	ASSERT_EQ(0, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &self->in));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		close(self->chid);
		_exit(child_arms());
	}
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFEXITED(status));
	EXPECT_EQ(0, WEXITSTATUS(status));
	/* The parent's arm is still its own. */
	ASSERT_EQ(1, write(self->wfd, "a", 1));
	EXPECT_EQ(5, next_pulse(self->chid, LONG_NS, NULL));
}

TEST_F(nt, any_pollable_descriptor_and_bad_arguments)
{
	struct sigevent ev = self->in;
	char file[64];
	int p[2], fd;

	/* A Linux pipe. */
	ASSERT_EQ(0, pipe(p));
	ASSERT_EQ(0, ionotify(p[0], _NOTIFY_ACTION_POLLARM,
			      _NOTIFY_COND_INPUT, &self->in));
	ASSERT_EQ(1, write(p[1], "x", 1));
	EXPECT_EQ(5, next_pulse(self->chid, LONG_NS, NULL));
	/* A regular file is always ready, and never changes. */
	snprintf(file, sizeof(file), "/tmp/ionotify-file-%d", getpid());
	fd = open(file, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_LE(0, fd);
	unlink(file);
	EXPECT_EQ(_NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
		  ionotify(fd, _NOTIFY_ACTION_POLLARM,
			   _NOTIFY_COND_INPUT | _NOTIFY_COND_OUTPUT,
			   &self->in));
	EXPECT_EQ(-1, ionotify(fd, _NOTIFY_ACTION_TRANARM, _NOTIFY_COND_INPUT,
			       &self->in));
	EXPECT_EQ(ENOTSUP, errno);
	close(fd);

	EXPECT_EQ(-1, ionotify(-1, _NOTIFY_ACTION_POLL, _NOTIFY_COND_INPUT,
			       NULL));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, ionotify(fd, _NOTIFY_ACTION_POLL, _NOTIFY_COND_INPUT,
			       NULL));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, ionotify(fd, _NOTIFY_ACTION_POLLARM, _NOTIFY_COND_INPUT,
			       &self->in));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, ionotify(fd, _NOTIFY_ACTION_TRANARM, _NOTIFY_COND_INPUT,
			       NULL));
	EXPECT_EQ(EBADF, errno);
	EXPECT_EQ(-1, ionotify(self->rfd, 0, _NOTIFY_COND_INPUT, &self->in));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			       _NOTIFY_COND_INPUT | 1, &self->in));
	EXPECT_EQ(EINVAL, errno);
	ev.sigev_notify = SIGEV_UNBLOCK;
	EXPECT_EQ(-1, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			       _NOTIFY_COND_INPUT, &ev));
	EXPECT_EQ(EINVAL, errno);
	SIGEV_SIGNAL_INIT(&ev, 0);
	EXPECT_EQ(-1, ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			       _NOTIFY_COND_INPUT, &ev));
	EXPECT_EQ(EINVAL, errno);
	close(p[0]);
	close(p[1]);
}

struct churn {
	int fd;
	struct sigevent ev;
	volatile int stop;
	int errors;
};

/* Arm and disarm another descriptor's output, over and over. */
static void *churn_output(void *arg)
{
	struct churn *c = arg;

	while (!c->stop) {
		if (ionotify(c->fd, _NOTIFY_ACTION_TRANARM,
			     _NOTIFY_COND_OUTPUT, &c->ev) < 0 ||
		    ionotify(c->fd, _NOTIFY_ACTION_TRANARM,
			     _NOTIFY_COND_OUTPUT, NULL) < 0)
			c->errors++;
	}
	return NULL;
}

TEST_F(nt, every_arm_fires_in_a_long_run)
{
	struct churn c = { 0 };
	pthread_t th;
	int i, fired = 0;
	char ch;

	c.fd = open(self->path, O_WRONLY | O_NONBLOCK);
	ASSERT_LE(0, c.fd);
	/* Its pulses are code 7; they may come and are skipped. */
	SIGEV_PULSE_INT_INIT(&c.ev, self->coid, 10, 7, 0);
	ASSERT_EQ(0, pthread_create(&th, NULL, churn_output, &c));
	for (i = 0; i < 500; i++) {
		int code;

		if (ionotify(self->rfd, _NOTIFY_ACTION_POLLARM,
			     _NOTIFY_COND_INPUT, &self->in) != 0)
			break;
		if (write(self->wfd, "z", 1) != 1)
			break;
		do {
			code = next_pulse(self->chid, LONG_NS, NULL);
		} while (code == 7);
		if (code != 5)
			break;
		fired++;
		if (read(self->rfd, &ch, 1) != 1)
			break;
	}
	c.stop = 1;
	pthread_join(th, NULL);
	EXPECT_EQ(500, fired);
	EXPECT_EQ(0, c.errors);
	close(c.fd);
}

TEST_HARNESS_MAIN
