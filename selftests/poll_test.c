// SPDX-License-Identifier: GPL-2.0
/*
 * poll, select and epoll on an attached name: the server says what is
 * ready (NOTIFY), arms when nothing asked for is, and wakes the waiters
 * later (RESMGR_IOC_NOTIFY); level- and edge-triggered epoll both work,
 * and a dead server wakes everyone with POLLHUP|POLLERR.
 */
#include <sys/epoll.h>
#include <sys/select.h>

#include "raw_server.h"
#include "kselftest_harness.h"

FIXTURE(pl) {
	struct raw_srv srv;
	char path[64];
	int fd;
};

FIXTURE_SETUP(pl)
{
	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	snprintf(self->path, sizeof(self->path), "/tmp/resmgr-poll-%d", getpid());
	memset(&self->srv, 0, sizeof(self->srv));
	ASSERT_EQ(0, raw_start(&self->srv, self->path, RAW_NORMAL));
	self->fd = open(self->path, O_RDWR);
	ASSERT_LE(0, self->fd);
}

FIXTURE_TEARDOWN(pl)
{
	if (self->fd >= 0)
		close(self->fd);
	raw_stop(&self->srv);
}

/* Make the server readable after @ms, from a child of the test. */
static void readable_after(struct raw_srv *srv, int ms)
{
	if (fork() == 0) {
		usleep(ms * 1000);
		srv->sh->make_readable = 1;
		_exit(0);
	}
}

TEST_F(pl, ready_now)
{
	struct pollfd p = { .fd = self->fd, .events = POLLOUT | POLLIN };

	EXPECT_EQ(1, poll(&p, 1, 1000));
	EXPECT_EQ(POLLOUT, p.revents);
	EXPECT_LE(1, self->srv.sh->notifies);
}

TEST_F(pl, not_ready_times_out)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN };

	EXPECT_EQ(0, poll(&p, 1, 100));
	EXPECT_NE(0, self->srv.sh->notify_kh);	/* the server armed */
}

TEST_F(pl, server_wakes_poll)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN };
	double t0 = raw_now();

	readable_after(&self->srv, 200);
	EXPECT_EQ(1, poll(&p, 1, 5000));
	EXPECT_TRUE(p.revents & POLLIN);
	EXPECT_GT(3.0, raw_now() - t0);
	EXPECT_EQ(0, self->srv.sh->notify_ret);
	wait(NULL);
}

TEST_F(pl, server_wakes_select)
{
	struct timeval tv = { .tv_sec = 5 };
	fd_set rd;

	FD_ZERO(&rd);
	FD_SET(self->fd, &rd);
	readable_after(&self->srv, 200);
	EXPECT_EQ(1, select(self->fd + 1, &rd, NULL, NULL, &tv));
	EXPECT_TRUE(FD_ISSET(self->fd, &rd));
	wait(NULL);
}

TEST_F(pl, epoll_level_triggered)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int ep = epoll_create1(0);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->fd, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 100));
	readable_after(&self->srv, 100);
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 5000));
	EXPECT_TRUE(ev.events & EPOLLIN);
	/* Level-triggered: still readable, reported again. */
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 100));
	close(ep);
	wait(NULL);
}

TEST_F(pl, epoll_edge_triggered)
{
	struct epoll_event ev = { .events = EPOLLIN | EPOLLET };
	int ep = epoll_create1(0);

	ASSERT_LE(0, ep);
	ASSERT_EQ(0, epoll_ctl(ep, EPOLL_CTL_ADD, self->fd, &ev));
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 100));
	readable_after(&self->srv, 100);
	EXPECT_EQ(1, epoll_wait(ep, &ev, 1, 5000));
	EXPECT_TRUE(ev.events & EPOLLIN);
	/* Edge-triggered: no new wakeup, no new event. */
	EXPECT_EQ(0, epoll_wait(ep, &ev, 1, 100));
	close(ep);
	wait(NULL);
}

TEST_F(pl, server_death_wakes_pollers)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN };
	pid_t killer = fork();
	double t0;

	ASSERT_LE(0, killer);
	if (killer == 0) {
		usleep(200000);
		kill(self->srv.pid, SIGKILL);
		_exit(0);
	}
	t0 = raw_now();
	EXPECT_EQ(1, poll(&p, 1, 5000));
	EXPECT_TRUE(p.revents & POLLHUP);
	EXPECT_TRUE(p.revents & POLLERR);
	EXPECT_GT(3.0, raw_now() - t0);
	waitpid(killer, NULL, 0);
	waitpid(self->srv.pid, NULL, 0);
	self->srv.pid = 0;
}

TEST_F(pl, notify_after_close_is_esrch)
{
	struct pollfd p = { .fd = self->fd, .events = POLLIN };

	EXPECT_EQ(0, poll(&p, 1, 50));		/* arms with this open's kh */
	close(self->fd);
	self->fd = -1;
	usleep(100000);
	self->srv.sh->make_readable = 1;
	for (int i = 0; i < 200 && self->srv.sh->make_readable != 2; i++)
		usleep(5000);
	usleep(20000);
	EXPECT_EQ(ESRCH, self->srv.sh->notify_ret);
}

TEST_HARNESS_MAIN
