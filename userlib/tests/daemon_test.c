// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * procmgr_daemon(): the caller's parent sees it exit with the status; the
 * daemon has a new session, "/" as working directory, umask 0, stdio on
 * /dev/null and only its dispatch's descriptors beyond them; each flag
 * keeps its part as it was.  The daemon reports through a file.
 */
#include <fcntl.h>
#include <limits.h>
#include <sys/procmgr.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "testlib.h"
#include "kselftest_harness.h"

static char report[64];

struct seen {
	int new_session, cwd_root, umask0, stdio_null, chan_open, other_open,
	    stdout_kept;
};

static bool is_devnull(int fd)
{
	char path[32], target[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, target, sizeof(target) - 1);
	if (n < 0)
		return false;
	target[n] = '\0';
	return !strcmp(target, "/dev/null");
}

/* In the test's child: become a daemon and write what it looks like. */
static void child(unsigned flags, int status)
{
	int chan = open("/dev/zero", O_RDONLY);
	int other = open("/dev/zero", O_RDONLY);
	char tmp[80], cwd[PATH_MAX];
	struct seen s;
	mode_t old;
	int fd;

	umask(027);
	if (chdir("/tmp") || !rm_dispatch_new(chan, false))
		_exit(99);
	if (procmgr_daemon(status, flags) < 0)
		_exit(98);
	memset(&s, 0, sizeof(s));
	s.new_session = getsid(0) == getpid();
	s.cwd_root = getcwd(cwd, sizeof(cwd)) && !strcmp(cwd, "/");
	old = umask(0);
	s.umask0 = old == 0;
	s.stdio_null = is_devnull(0) && is_devnull(1) && is_devnull(2);
	s.stdout_kept = !is_devnull(1);
	s.chan_open = fcntl(chan, F_GETFD) >= 0;
	s.other_open = fcntl(other, F_GETFD) >= 0;
	snprintf(tmp, sizeof(tmp), "%s.tmp", report);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, &s, sizeof(s)) != sizeof(s))
		_exit(97);
	close(fd);
	rename(tmp, report);
	_exit(0);
}

static bool run(unsigned flags, struct seen *s, int *status)
{
	pid_t pid;
	int fd = -1;

	snprintf(report, sizeof(report), "/tmp/daemon_test.%d", getpid());
	unlink(report);
	fflush(stdout);
	pid = fork();
	if (pid == 0)
		child(flags, 7);
	waitpid(pid, status, 0);
	/* The daemon runs on its own: wait (generously) for its report. */
	for (int i = 0; i < 2000 && fd < 0; i++) {
		fd = open(report, O_RDONLY);
		if (fd < 0)
			usleep(10000);
	}
	if (fd < 0)
		return false;
	memset(s, 0, sizeof(*s));
	if (read(fd, s, sizeof(*s)) != sizeof(*s))
		fd = -1;
	close(fd);
	unlink(report);
	return fd >= 0;
}

TEST(daemon_has_a_session_root_umask_0_and_stdio_on_devnull)
{
	struct seen s;
	int status;

	ASSERT_TRUE(run(0, &s, &status));
	/* the caller's process exited with the status */
	EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 7);
	EXPECT_TRUE(s.new_session);
	EXPECT_TRUE(s.cwd_root);
	EXPECT_TRUE(s.umask0);
	EXPECT_TRUE(s.stdio_null);
	/* the dispatch's channel stays open, other descriptors are closed */
	EXPECT_TRUE(s.chan_open);
	EXPECT_FALSE(s.other_open);
}

TEST(daemon_flags_keep_cwd_umask_stdio_and_descriptors)
{
	struct seen s;
	int status;

	ASSERT_TRUE(run(PROCMGR_DAEMON_NOCHDIR | PROCMGR_DAEMON_NOCLOSE |
			PROCMGR_DAEMON_NODEVNULL | PROCMGR_DAEMON_KEEPUMASK,
			&s, &status));
	EXPECT_TRUE(s.new_session);
	EXPECT_FALSE(s.cwd_root);	/* NOCHDIR */
	EXPECT_FALSE(s.umask0);		/* KEEPUMASK */
	EXPECT_TRUE(s.stdout_kept);	/* NODEVNULL */
	EXPECT_TRUE(s.other_open);	/* NOCLOSE */
}

TEST_HARNESS_MAIN
