// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Pattern: QNX's spellings around files and memory: _S_IF* and S_IPERMS
 * from <sys/stat.h>, S_ISNAM(), an anonymous mapping with NOFD sized in
 * __PAGESIZE, and sopen() with <share.h>'s SH_DENYNO.
 *
 * corpus: run
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <share.h>

#include "tap.h"

static const char *kind(mode_t mode)
{
	switch (mode & _S_IFMT) {
	case _S_IFREG:
		return "file";
	case _S_IFDIR:
		return "directory";
	case _S_IFCHR:
		return "character device";
	case _S_IFNAM:
		return "named special";
	default:
		return "other";
	}
}

int main(void)
{
	struct stat st;
	char *mem;
	int fd;

	plan(6);
	ok(stat("/", &st) == 0 && strcmp(kind(st.st_mode), "directory") == 0,
	   "_S_IFMT, _S_IFDIR");
	ok((S_IPERMS & (S_IRWXU | S_IRWXG | S_IRWXO)) == S_IPERMS &&
	   (S_IPERMS & (S_ISUID | S_ISGID | S_ISVTX | S_IFMT)) == 0 &&
	   (S_IPERMS | 0644) == S_IPERMS, "S_IPERMS: the permission bits");
	ok(S_ISNAM(S_IFNAM | 0666) && strcmp(kind(S_IFNAM), "named special") == 0,
	   "S_IFNAM, S_ISNAM()");

	mem = (char *)mmap(NULL, 2 * __PAGESIZE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANON, NOFD, 0);
	ok(mem != MAP_FAILED, "mmap(... MAP_ANON, NOFD, 0)");
	if (mem != MAP_FAILED) {
		mem[__PAGESIZE] = 1;
		munmap(mem, 2 * __PAGESIZE);
	}

	fd = sopen("/dev/null", O_RDWR, SH_DENYNO);
	ok(fd >= 0, "sopen(SH_DENYNO)");
	if (fd >= 0)
		close(fd);
	ok(sopen("/dev/null", O_RDWR, SH_DENYRW) == -1,
	   "sopen(SH_DENYRW): Linux cannot deny, so it fails");
	return tap_done();
}
