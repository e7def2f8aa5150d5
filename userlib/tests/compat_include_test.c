// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's convenience includes (libresmgr compat): getopt() and optarg
 * through <stdio.h>, close() and fchown() through <fcntl.h>, futime()
 * in <utime.h>.  The functions below use them with only those headers
 * included (so they would not compile without the compat headers), then
 * the tests check they do what they should.
 */
#include <stdio.h>
#include <fcntl.h>
#include <utime.h>

/* Only <stdio.h>: getopt(), optarg, optind. */
static int parse(int argc, char **argv, char *out, size_t room)
{
	int c, n = 0;

	optind = 1;
	while ((c = getopt(argc, argv, "ab:")) != -1)
		n += snprintf(out + n, room - (size_t)n, "%c=%s;", c,
			      c == 'b' ? optarg : "-");
	return optind;
}

/* Only <fcntl.h>: open(), fchown(), close(). */
static int chown_and_close(const char *path, int *fchown_rc)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0)
		return -1;
	/* to the owner it already has: allowed for anyone */
	*fchown_rc = fchown(fd, (uid_t)-1, (gid_t)-1);
	return close(fd) == 0 ? fd : -1;
}

/* Only <utime.h> (and <fcntl.h>): futime() of an open file. */
static int set_times(int fd, long atime, long mtime)
{
	struct utimbuf t = { .actime = atime, .modtime = mtime };

	return futime(fd, &t);
}

#include <sys/stat.h>
#include <time.h>

#include "kselftest_harness.h"

TEST(getopt_and_optarg_come_with_stdio_h)
{
	char a0[] = "prog", a1[] = "-a", a2[] = "-b", a3[] = "val",
	     a4[] = "rest";
	char *argv[] = { a0, a1, a2, a3, a4, NULL };
	char out[64] = "";

	EXPECT_EQ(4, parse(5, argv, out, sizeof(out)));
	EXPECT_STREQ("a=-;b=val;", out);
}

TEST(close_and_fchown_come_with_fcntl_h)
{
	char path[64];
	int fd, rc = -2;

	snprintf(path, sizeof(path), "/tmp/compat-include-%d", (int)getpid());
	fd = chown_and_close(path, &rc);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, rc);
	/* closed: the descriptor is gone */
	EXPECT_EQ(-1, fcntl(fd, F_GETFD));
	EXPECT_EQ(EBADF, errno);
	unlink(path);
}

TEST(futime_sets_both_times_or_now)
{
	char path[64];
	struct stat st;
	time_t before;
	int fd;

	snprintf(path, sizeof(path), "/tmp/compat-futime-%d", (int)getpid());
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	ASSERT_LE(0, fd);
	EXPECT_EQ(0, set_times(fd, 1000000, 2000000));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_TRUE(st.st_atim.tv_sec == 1000000 && st.st_atim.tv_nsec == 0 &&
		    st.st_mtim.tv_sec == 2000000 && st.st_mtim.tv_nsec == 0);
	/* NULL: now */
	before = time(NULL);
	EXPECT_EQ(0, futime(fd, NULL));
	ASSERT_EQ(0, fstat(fd, &st));
	EXPECT_TRUE(st.st_mtim.tv_sec >= before && st.st_atim.tv_sec >= before);
	close(fd);
	/* a closed descriptor */
	errno = 0;
	EXPECT_EQ(-1, futime(fd, NULL));
	EXPECT_EQ(EBADF, errno);
	unlink(path);
}

TEST_HARNESS_MAIN
