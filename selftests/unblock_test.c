// SPDX-License-Identifier: GPL-2.0
/*
 * Signals and blocked clients, QNX style: a signal to a client whose
 * request a server holds becomes an UNBLOCK event, and the server decides
 * (EINTR, or finishing the work); a request no server has taken yet is
 * taken back and restarts under SA_RESTART or fails with EINTR; SIGKILL
 * always ends the wait.
 */
#include <dirent.h>

#include "raw_server.h"
#include "kselftest_harness.h"

static void on_usr1(int sig)
{
}

static void handle_usr1(int flags)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = flags };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR1, &sa, NULL);
}

static int start(struct raw_srv *srv, enum raw_mode mode, char *path, size_t len)
{
	snprintf(path, len, "/tmp/resmgr-unblock-%d", getpid());
	memset(srv, 0, sizeof(*srv));
	return raw_start(srv, path, mode);
}

/* Fork a client that reads once; its exit status encodes the result. */
static pid_t reader(const char *path, int sa_flags)
{
	pid_t pid = fork();

	if (pid == 0) {
		char buf[8];
		int fd = open(path, O_RDONLY);
		ssize_t n;

		handle_usr1(sa_flags);
		if (fd < 0)
			_exit(100);
		n = read(fd, buf, sizeof(buf));
		_exit(n >= 0 ? 0 : errno);
	}
	return pid;
}

TEST(held_request_server_answers_eintr)
{
	struct raw_srv srv;
	char path[64];
	int status;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, start(&srv, RAW_UNBLOCK_EINTR, path, sizeof(path)));
	pid = reader(path, SA_RESTART);
	ASSERT_EQ(1, raw_wait_count(&srv.sh->reads, 1, 5));
	kill(pid, SIGUSR1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	/* The server's EINTR wins even under SA_RESTART, as on QNX. */
	EXPECT_EQ(EINTR, WEXITSTATUS(status));
	EXPECT_EQ(1, srv.sh->unblocks);
	EXPECT_TRUE(srv.sh->unblock_info_flags & RESMGR_IN_F_UNBLOCK_REQ);
	raw_stop(&srv);
}

TEST(held_request_server_ignores_unblock)
{
	struct raw_srv srv;
	char path[64];
	int status;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, start(&srv, RAW_NO_REPLY_READ, path, sizeof(path)));
	pid = reader(path, 0);
	ASSERT_EQ(1, raw_wait_count(&srv.sh->reads, 1, 5));
	kill(pid, SIGUSR1);
	EXPECT_EQ(1, raw_wait_count(&srv.sh->unblocks, 1, 2));
	usleep(200000);
	/* The server did not let go: the client is still waiting. */
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG));
	kill(pid, SIGUSR1);	/* one UNBLOCK per request is enough */
	usleep(100000);
	EXPECT_EQ(1, srv.sh->unblocks);
	kill(pid, SIGKILL);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_TRUE(WIFSIGNALED(status));
	raw_stop(&srv);
}

/*
 * SIGSTOP is delivered asynchronously: until every server thread is
 * really stopped, one may still take the request we want left queued.
 * Wait for all of the server's threads to show state T.
 */
static int stop_server(pid_t pid)
{
	char dirpath[64], statpath[384], buf[256];

	kill(pid, SIGSTOP);
	snprintf(dirpath, sizeof(dirpath), "/proc/%d/task", pid);
	for (int tries = 0; tries < 1000; tries++) {
		DIR *d = opendir(dirpath);
		struct dirent *e;
		int running = 0;

		if (!d)
			return -1;
		while ((e = readdir(d))) {
			char *st;
			FILE *f;

			if (e->d_name[0] == '.')
				continue;
			snprintf(statpath, sizeof(statpath), "%s/%s/stat",
				 dirpath, e->d_name);
			f = fopen(statpath, "r");
			if (!f)
				continue;
			st = fgets(buf, sizeof(buf), f) ? strrchr(buf, ')') : NULL;
			fclose(f);
			if (!st || st[1] != ' ' || st[2] != 'T')
				running++;
		}
		closedir(d);
		if (!running)
			return 0;
		usleep(5000);
	}
	return -1;
}

/* The server is stopped, so the request stays queued: taken back. */
TEST(queued_request_without_sa_restart_is_eintr)
{
	struct raw_srv srv;
	char path[64];
	int status, fd;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, start(&srv, RAW_NORMAL, path, sizeof(path)));
	strcpy(srv.sh->content, "data");
	srv.sh->content_len = 4;
	fd = open(path, O_RDONLY);	/* while the server still runs */
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, stop_server(srv.pid));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char buf[8];

		handle_usr1(0);
		_exit(read(fd, buf, 1) < 0 ? errno : 0);
	}
	usleep(200000);
	kill(pid, SIGUSR1);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(EINTR, WEXITSTATUS(status));
	kill(srv.pid, SIGCONT);
	usleep(200000);
	EXPECT_EQ(0, srv.sh->reads);	/* never reached the server */
	EXPECT_EQ(1, srv.sh->opens);
	close(fd);
	raw_stop(&srv);
}

TEST(queued_request_with_sa_restart_restarts)
{
	struct raw_srv srv;
	char path[64];
	int status, fd;
	pid_t pid;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	ASSERT_EQ(0, start(&srv, RAW_NORMAL, path, sizeof(path)));
	strcpy(srv.sh->content, "data");
	srv.sh->content_len = 4;
	fd = open(path, O_RDONLY);
	ASSERT_LE(0, fd);
	ASSERT_EQ(0, stop_server(srv.pid));
	pid = fork();
	ASSERT_LE(0, pid);
	if (pid == 0) {
		char buf[8];

		handle_usr1(SA_RESTART);
		_exit(read(fd, buf, 4) == 4 && !memcmp(buf, "data", 4) ? 0 : 1);
	}
	usleep(200000);
	kill(pid, SIGUSR1);
	usleep(200000);
	EXPECT_EQ(0, waitpid(pid, &status, WNOHANG));	/* restarted, waiting */
	kill(srv.pid, SIGCONT);
	ASSERT_EQ(pid, waitpid(pid, &status, 0));
	EXPECT_EQ(0, WEXITSTATUS(status));
	EXPECT_EQ(1, srv.sh->reads);	/* the restart, once */
	close(fd);
	raw_stop(&srv);
}

TEST_HARNESS_MAIN
