// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's struct dirent (<dirent.h>, libresmgr compat): readdir(),
 * readdir_r() and closedir() of a host directory give QNX-layout
 * entries; d_offset goes back with seekdir(); scandir() selects and
 * sorts them (alphasort, versionsort); the layout is the one a
 * read handler builds (struct iofunc_dirent), so records built as
 * struct dirent translate for the kernel.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/resmgr_dirent.h>

#include "testlib.h"
#include "kselftest_harness.h"

static const char *const names[] = { "alpha", "b", "a-rather-longer-name" };

/* A host directory of three files, made anew for each test. */
FIXTURE(host_dir) {
	char path[64];
};

FIXTURE_SETUP(host_dir)
{
	char path[128];
	unsigned i;
	int fd;

	snprintf(self->path, sizeof(self->path), "/tmp/qnx-dirent-%d",
		 (int)getpid());
	ASSERT_EQ(0, mkdir(self->path, 0700));
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", self->path, names[i]);
		fd = open(path, O_CREAT | O_WRONLY, 0600);
		ASSERT_LE(0, fd);
		close(fd);
	}
}

FIXTURE_TEARDOWN(host_dir)
{
	char path[128];
	unsigned i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", self->path, names[i]);
		unlink(path);
	}
	rmdir(self->path);
}

TEST_F(host_dir, readdir_gives_qnx_entries_and_seekdir_goes_back)
{
	struct dirent *d, *again;
	int n = 0, good = 0, found = 0;
	long pos_b = -1;
	struct stat st;
	char path[128];
	DIR *dp;

	dp = opendir(self->path);
	ASSERT_NE(NULL, dp);
	while ((d = readdir(dp)) != NULL) {
		n++;
		snprintf(path, sizeof(path), "%s/%s", self->path, d->d_name);
		if (d->d_namelen == (int16_t)strlen(d->d_name) &&
		    d->d_reclen == (int16_t)IOFUNC_DIRENT_RECLEN(d->d_namelen) &&
		    lstat(path, &st) == 0 && st.st_ino == d->d_ino)
			good++;
		if (strcmp(d->d_name, "b") == 0) {
			found++;
			pos_b = (long)d->d_offset;
		}
	}
	/* ., .. and the 3 files */
	EXPECT_EQ(5, n);
	/* each with d_ino, d_namelen, d_reclen and d_name right */
	EXPECT_EQ(5, good);
	EXPECT_EQ(1, found);
	seekdir(dp, pos_b);
	again = readdir(dp);
	/* seekdir(d_offset) reads that entry again */
	EXPECT_TRUE(again && strcmp(again->d_name, "b") == 0 &&
		    again->d_offset == pos_b);
	EXPECT_EQ(0, closedir(dp));
}

TEST_F(host_dir, readdir_r_fills_the_callers_buffer_and_streams_are_apart)
{
	union {
		struct dirent d;
		char room[IOFUNC_DIRENT_RECLEN(255)];
	} u;
	struct dirent *res = NULL;
	int n = 0, rc;
	DIR *dp = opendir(self->path), *dp2 = opendir(self->path);
	struct dirent *a, *b;

	ASSERT_NE(NULL, dp);
	ASSERT_NE(NULL, dp2);
	while ((rc = readdir_r(dp, &u.d, &res)) == 0 && res == &u.d)
		n++;
	/* 5 entries into the caller's buffer, then NULL */
	EXPECT_TRUE(rc == 0 && res == NULL && n == 5);

	rewinddir(dp);
	a = readdir(dp);
	b = readdir(dp2);
	/* two streams: each its own entry */
	EXPECT_TRUE(a && b && a != b && strcmp(a->d_name, b->d_name) == 0);
	closedir(dp);
	closedir(dp2);
}

static int no_dots(const struct dirent *d)
{
	return d->d_name[0] != '.';
}

static int only_v(const struct dirent *d)
{
	return d->d_name[0] == 'v';
}

TEST_F(host_dir, scandir_selects_and_sorts_qnx_entries)
{
	static const char *const sorted[] = {
		"a-rather-longer-name", "alpha", "b"
	};
	struct dirent **list = NULL;
	char path[128];
	struct stat st;
	int n, i, good = 0;

	/* everything, unsorted: ., .. and the 3 files */
	n = scandir(self->path, &list, NULL, NULL);
	ASSERT_EQ(5, n);
	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);

	/* selected and in alphasort's order, each a whole QNX entry */
	n = scandir(self->path, &list, no_dots, alphasort);
	ASSERT_EQ(3, n);
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", self->path,
			 list[i]->d_name);
		if (strcmp(list[i]->d_name, sorted[i]) == 0 &&
		    list[i]->d_namelen == (int16_t)strlen(sorted[i]) &&
		    list[i]->d_reclen ==
			(int16_t)IOFUNC_DIRENT_RECLEN(list[i]->d_namelen) &&
		    lstat(path, &st) == 0 && st.st_ino == list[i]->d_ino)
			good++;
		free(list[i]);
	}
	free(list);
	EXPECT_EQ(3, good);

	/* versionsort puts v9 before v10, alphasort after */
	snprintf(path, sizeof(path), "%s/v10", self->path);
	ASSERT_EQ(0, mknod(path, S_IFREG | 0600, 0));
	snprintf(path, sizeof(path), "%s/v9", self->path);
	ASSERT_EQ(0, mknod(path, S_IFREG | 0600, 0));
	n = scandir(self->path, &list, only_v, versionsort);
	ASSERT_EQ(2, n);
	EXPECT_STREQ("v9", list[0]->d_name);
	EXPECT_STREQ("v10", list[1]->d_name);
	free(list[0]);
	free(list[1]);
	free(list);
	n = scandir(self->path, &list, only_v, alphasort);
	ASSERT_EQ(2, n);
	EXPECT_STREQ("v10", list[0]->d_name);
	EXPECT_STREQ("v9", list[1]->d_name);
	free(list[0]);
	free(list[1]);
	free(list);
	unlink(path);
	snprintf(path, sizeof(path), "%s/v10", self->path);
	unlink(path);

	/* a directory that is not there */
	snprintf(path, sizeof(path), "%s/none", self->path);
	errno = 0;
	EXPECT_EQ(-1, scandir(path, &list, NULL, alphasort));
	EXPECT_EQ(ENOENT, errno);
}

TEST(struct_dirent_is_the_handlers_iofunc_dirent)
{
	unsigned char in[64] __attribute__((aligned(8))), out[64];
	struct dirent *d = (struct dirent *)in;
	struct resmgr_dirent k;

	EXPECT_TRUE(sizeof(struct dirent) == sizeof(struct iofunc_dirent) &&
		    offsetof(struct dirent, d_name) ==
		    offsetof(struct iofunc_dirent, d_name) &&
		    offsetof(struct dirent, d_namelen) ==
		    offsetof(struct iofunc_dirent, d_namelen));
	memset(in, 0, sizeof(in));
	d->d_ino = 12;
	d->d_offset = 3;
	d->d_namelen = 4;
	d->d_reclen = IOFUNC_DIRENT_RECLEN(4);
	strcpy(d->d_name, "file");
	/* a handler's struct dirent translates, with its fields */
	EXPECT_EQ(rm_dirent_size(4),
		  rm_dirents_translate(in, d->d_reclen, -1, out, sizeof(out)));
	memcpy(&k, out, sizeof(k));
	EXPECT_TRUE(k.ino == 12 && k.next == 4 &&
		    memcmp(out + sizeof(k), "file", 5) == 0);
}

TEST_HARNESS_MAIN
