// SPDX-License-Identifier: GPL-2.0
/*
 * Every allocation on the client paths may fail: inject a failure at the
 * 1st, 2nd, ... allocation of open, read, write, ioctl, poll and close
 * (fault injection's fail-nth, debug kernel only) and check that each
 * call either works or fails cleanly, and that afterwards everything
 * still works.  Leaks and bad unwinding show up as kmemleak, KASAN or
 * lockdep reports, which fail the VM run.
 */
#include <sys/syscall.h>

#include "raw_server.h"
#include "kselftest_harness.h"

static int failnth_fd(void)
{
	char p[64];

	snprintf(p, sizeof(p), "/proc/self/task/%ld/fail-nth", (long)syscall(SYS_gettid));
	return open(p, O_RDWR);
}

static void failnth_set(int fd, int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%d", n);

	if (pwrite(fd, buf, len, 0) != len)
		abort();
}

/* Write @val to a debugfs fault-injection attribute; 0 or -1. */
static int fi_set(const char *attr, const char *val)
{
	char p[128];
	int fd, ret;

	snprintf(p, sizeof(p), "/sys/kernel/debug/%s", attr);
	fd = open(p, O_WRONLY);
	if (fd < 0)
		return -1;
	ret = write(fd, val, strlen(val)) == (ssize_t)strlen(val) ? 0 : -1;
	close(fd);
	return ret;
}

/* One round of client calls; returns how many succeeded. */
static int client_round(const char *path)
{
	char buf[4096];
	int ok = 0, fd, v = 0;
	struct pollfd p;

	fd = open(path, O_RDWR);
	if (fd < 0)
		return 0;
	ok++;
	ok += read(fd, buf, 8) >= 0;
	ok += read(fd, buf, sizeof(buf)) >= 0;
	ok += pwrite(fd, buf, sizeof(buf), 0) >= 0;
	ok += ioctl(fd, RAW_DCMD_GET, &v) >= 0;
	p.fd = fd;
	p.events = POLLIN | POLLOUT;
	ok += poll(&p, 1, 0) >= 0;
	ok += close(fd) == 0;
	return ok;
}

TEST(allocation_failures_unwind_cleanly)
{
	struct raw_srv srv = { 0 };
	char path[64];
	int fnfd, n, full, failed_rounds = 0;

	if (access("/dev/resmgr", F_OK))
		SKIP(return, "resmgr.ko not loaded");
	fnfd = failnth_fd();
	if (fnfd < 0)
		SKIP(return, "no fault injection (fail-nth) in this kernel");
	/*
	 * Fail sleeping allocations too (the default spares them), and
	 * quietly: an injected failure's stack trace is no kernel bug.
	 */
	if (fi_set("failslab/ignore-gfp-wait", "N") ||
	    fi_set("failslab/verbose", "0") ||
	    fi_set("fail_page_alloc/ignore-gfp-wait", "N") ||
	    fi_set("fail_page_alloc/verbose", "0"))
		SKIP(return, "fault injection attributes not in debugfs");
	snprintf(path, sizeof(path), "/tmp/resmgr-failnth-%d", getpid());
	ASSERT_EQ(0, raw_start(&srv, path, RAW_NORMAL));
	strcpy(srv.sh->content, "some content for the reads");
	srv.sh->content_len = strlen(srv.sh->content);

	full = client_round(path);
	ASSERT_EQ(7, full);
	for (n = 1; n <= 40; n++) {
		failnth_set(fnfd, n);
		failed_rounds += client_round(path) < full;
		failnth_set(fnfd, 0);
	}
	/* The injection really happened. */
	EXPECT_LT(0, failed_rounds);
	/* Nothing was left broken. */
	EXPECT_EQ(full, client_round(path));
	close(fnfd);
	raw_stop(&srv);
}

TEST_HARNESS_MAIN
