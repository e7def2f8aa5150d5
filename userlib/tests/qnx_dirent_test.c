// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * QNX's struct dirent (<dirent.h>, libresmgr compat): readdir(),
 * readdir_r() and closedir() of a host directory give QNX-layout
 * entries; d_offset goes back with seekdir(); the layout is the one a
 * read handler builds (struct iofunc_dirent), so records built as
 * struct dirent translate for the kernel.
 */
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/resmgr_dirent.h>

#include "testlib.h"

static char dir[64];

static void make_dir(void)
{
	static const char *names[] = { "alpha", "b", "a-rather-longer-name" };
	char path[128];
	unsigned i;
	int fd;

	snprintf(dir, sizeof(dir), "/tmp/qnx-dirent-%d", (int)getpid());
	mkdir(dir, 0700);
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		fd = open(path, O_CREAT | O_WRONLY, 0600);
		if (fd >= 0)
			close(fd);
	}
}

static void remove_dir(void)
{
	static const char *names[] = { "alpha", "b", "a-rather-longer-name" };
	char path[128];
	unsigned i;

	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

static void test_readdir(void)
{
	struct dirent *d, *again;
	int n = 0, good = 0, found = 0;
	long pos_b = -1;
	struct stat st;
	char path[128];
	DIR *dp;

	dp = opendir(dir);
	ok(dp != NULL, "opendir");
	if (!dp)
		return;
	while ((d = readdir(dp)) != NULL) {
		n++;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		if (d->d_namelen == (int16_t)strlen(d->d_name) &&
		    d->d_reclen == (int16_t)IOFUNC_DIRENT_RECLEN(d->d_namelen) &&
		    lstat(path, &st) == 0 && st.st_ino == d->d_ino)
			good++;
		if (strcmp(d->d_name, "b") == 0) {
			found++;
			pos_b = (long)d->d_offset;
		}
	}
	is(n, 5, "readdir: 5 entries (., .., 3 files)");
	is(good, 5, "... each with d_ino, d_namelen, d_reclen, d_name right");
	is(found, 1, "... b among them");
	seekdir(dp, pos_b);
	again = readdir(dp);
	ok(again && strcmp(again->d_name, "b") == 0 &&
	   again->d_offset == pos_b,
	   "seekdir(d_offset) reads that entry again");
	is(closedir(dp), 0, "closedir");
}

static void test_readdir_r(void)
{
	union {
		struct dirent d;
		char room[IOFUNC_DIRENT_RECLEN(255)];
	} u;
	struct dirent *res = NULL;
	int n = 0, rc;
	DIR *dp = opendir(dir), *dp2 = opendir(dir);
	struct dirent *a, *b;

	while ((rc = readdir_r(dp, &u.d, &res)) == 0 && res == &u.d)
		n++;
	ok(rc == 0 && res == NULL && n == 5,
	   "readdir_r: 5 entries into the caller's buffer, then NULL");

	rewinddir(dp);
	a = readdir(dp);
	b = readdir(dp2);
	ok(a && b && a != b && strcmp(a->d_name, b->d_name) == 0,
	   "two streams: each its own entry");
	closedir(dp);
	closedir(dp2);
}

static void test_handler_layout(void)
{
	unsigned char in[64] __attribute__((aligned(8))), out[64];
	struct dirent *d = (struct dirent *)in;
	struct resmgr_dirent k;

	ok(sizeof(struct dirent) == sizeof(struct iofunc_dirent) &&
	   offsetof(struct dirent, d_name) ==
	   offsetof(struct iofunc_dirent, d_name) &&
	   offsetof(struct dirent, d_namelen) ==
	   offsetof(struct iofunc_dirent, d_namelen),
	   "struct dirent is struct iofunc_dirent's layout");
	memset(in, 0, sizeof(in));
	d->d_ino = 12;
	d->d_offset = 3;
	d->d_namelen = 4;
	d->d_reclen = IOFUNC_DIRENT_RECLEN(4);
	strcpy(d->d_name, "file");
	is(rm_dirents_translate(in, d->d_reclen, -1, out, sizeof(out)),
	   rm_dirent_size(4), "a handler's struct dirent translates");
	memcpy(&k, out, sizeof(k));
	ok(k.ino == 12 && k.next == 4 && memcmp(out + sizeof(k), "file", 5) == 0,
	   "... with its fields");
}

int main(void)
{
	tap_start();
	make_dir();
	test_readdir();
	test_readdir_r();
	test_handler_layout();
	remove_dir();
	return tap_end();
}
